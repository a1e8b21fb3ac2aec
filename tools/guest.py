# SPDX-License-Identifier: MIT
"""guest.py - SCons helpers shared by tests/SConscript and
guest-images/SConscript: an environment for static musl guest programs and
the device nodes every initramfs carries.
"""
import os

from SCons.Script import Action, Environment

# Per architecture: how to build a static musl program (design.md §6).
MUSL = {
    'x86_64': dict(CC='musl-gcc', LINK='musl-gcc', SPECS=[]),
    # aarch64: musl-dev:arm64 through multiarch, driven by the cross gcc.
    'aarch64': dict(CC='aarch64-linux-gnu-gcc', LINK='aarch64-linux-gnu-gcc',
                    SPECS=['-specs', '/usr/lib/aarch64-linux-musl/musl-gcc.specs']),
}

# Device nodes of every initramfs, in mkcpio spec form (Linux's numbers).
DEV_NODES = """\
dir /dev 0755
nod /dev/console 0600 c 5 1
nod /dev/tty 0666 c 5 0
nod /dev/null 0666 c 1 3
nod /dev/zero 0666 c 1 5
nod /dev/full 0666 c 1 7
nod /dev/random 0666 c 1 8
nod /dev/urandom 0666 c 1 9
"""

MKCPIO = '/usr/bin/python3 tools/mkcpio.py -o $TARGET ${SOURCES[0]}'


def musl_env(env):
    """A fresh environment (not a clone: kernel flags must not leak in) that
    builds static musl programs for env['ARCH'] with -O2 -Wall."""
    m = MUSL[env['ARCH']]
    genv = Environment(ENV=os.environ, ARCH=env['ARCH'],
                       CC=m['CC'], LINK=m['LINK'],
                       CCFLAGS=['-O2', '-Wall'] + m['SPECS'],
                       LINKFLAGS=['-static'] + m['SPECS'])
    for k in ('CCCOMSTR', 'LINKCOMSTR'):
        if k in env:
            genv[k] = env[k]
    return genv


def tree_spec(name, top, host_dir):
    """Spec lines for the tree top/host_dir placed at name, plus the host
    files it names (relative to top, as the spec's paths are).  Expanded here rather than with mkcpio's `tree` so the spec (a
    build input) changes whenever a file or link in the tree does."""
    lines, files = [], []
    for root, dirs, names in os.walk(os.path.join(top, host_dir)):
        dirs.sort()
        rel = os.path.relpath(root, os.path.join(top, host_dir))
        at = name.rstrip('/') if rel == '.' else name.rstrip('/') + '/' + rel
        if at:
            lines.append('dir %s 0755' % at)
        for n in sorted(names) + [d for d in dirs if os.path.islink(
                os.path.join(root, d))]:
            p = os.path.join(root, n)
            if os.path.islink(p):
                lines.append('slink %s/%s %s 0777' % (at, n, os.readlink(p)))
            else:
                mode = '0755' if os.stat(p).st_mode & 0o100 else '0644'
                p = os.path.relpath(p, top)
                lines.append('file %s/%s %s %s' % (at, n, p, mode))
                files.append(p)
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(root, d))]
    return '\n'.join(lines) + '\n', files


def cpio(env, target, spec_text, deps):
    """Write spec_text next to target (as <target>.list) and pack target
    from it with tools/mkcpio.py; deps are the host files the spec names
    (paths in the spec are relative to the repository root)."""
    base = os.path.splitext(str(target))[0]
    spec = env.Textfile(base + '.list', spec_text.splitlines())
    quiet = '  CPIO    $TARGET' if 'LINKCOMSTR' in env else None
    return env.Command(target, [spec, '#tools/mkcpio.py'] + list(deps),
                       Action(MKCPIO, quiet))
