# SPDX-License-Identifier: MIT
"""test_static_shells.py - unmodified glibc static binaries (issue 4 item 7).

Debian's busybox-static and bash-static run shell scenarios (tests/scenarios)
as the only program on LevitateOS and on Debian's Linux, with the same QEMU
command; the console output (up to the init-exit panic, whose exit code is
compared too) must be the same.  The packages are fetched with apt-get
download and cached under build/debian-static/<arch>.
"""
import glob
import os
import re
import subprocess

import pytest

import qemu

SCENARIOS = sorted(os.path.basename(p)[:-3] for p in
                   glob.glob(os.path.join(qemu.ROOT, 'tests', 'scenarios', '*.sh')))
SHELLS = {'bash': '/bin/bash -- /scenario.sh',
          'busybox-sh': '/bin/busybox -- sh /scenario.sh'}
DEB_ARCH = {'x86_64': 'amd64', 'aarch64': 'arm64'}
PANIC = re.compile(r'Kernel panic - not syncing: Attempted to kill init! exitcode=(0x[0-9a-f]+)')


def fetch(arch):
    """Unpack busybox-static and bash-static for arch; return the folder."""
    top = os.path.join(qemu.ROOT, 'build', 'debian-static', arch)
    root = os.path.join(top, 'root')
    if os.path.exists(os.path.join(root, 'bin', 'bash-static')):
        return root
    os.makedirs(root, exist_ok=True)
    for pkg in ('busybox-static', 'bash-static'):
        name = pkg + ('' if arch == 'x86_64' else ':' + DEB_ARCH[arch])
        r = subprocess.run(['apt-get', 'download', name], cwd=top,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode:
            pytest.fail('apt-get download %s failed:\n%s' % (name, r.stdout.decode()),
                        pytrace=False)
    for deb in glob.glob(os.path.join(top, '*.deb')):
        subprocess.run(['dpkg-deb', '-x', deb, root], check=True)
    return root


def applets():
    """The applet list of the host's (x86_64) busybox-static: the same
    Debian version as the arm64 one."""
    bb = os.path.join(fetch('x86_64'), 'bin', 'busybox')
    out = subprocess.run([bb, '--list'], stdout=subprocess.PIPE, check=True).stdout
    return [a for a in out.decode().split() if a not in ('busybox', 'bash', 'sh')]


def image(arch, scenario):
    root = fetch(arch)
    out = os.path.join(qemu.ROOT, 'build', 'debian-static', arch, scenario + '.cpio')
    links = ['slink /bin/%s busybox 0777 0 0' % a for a in applets()]
    spec = '\n'.join(links + [
        'dir /bin 0755 0 0',
        'file /bin/busybox %s/bin/busybox 0755 0 0' % root,
        'file /bin/bash %s/bin/bash-static 0755 0 0' % root,
        'file /scenario.sh %s/tests/scenarios/%s.sh 0644 0 0' % (qemu.ROOT, scenario),
        'dir /dev 0755 0 0',
        'nod /dev/console 0600 0 0 c 5 1',
        'nod /dev/null 0666 0 0 c 1 3',
        'dir /tmp 1777 0 0',
    ]) + '\n'
    subprocess.run(['/usr/bin/python3', os.path.join(qemu.ROOT, 'tools', 'mkcpio.py'),
                    '-o', out, '-'], input=spec.encode(), check=True)
    return out


def console(arch, kernel, initrd, rdinit):
    cmd = qemu.batch_command(arch, kernel, initrd, 'console=%s panic=-1 quiet rdinit=%s'
                             % (qemu.CONSOLE[arch], rdinit))
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=120)
        out = p.stdout.decode(errors='replace')
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b'').decode(errors='replace') + '\n(timed out)'
    lines = [l.rstrip('\r') for l in out.splitlines()]
    # Keep the program's output: drop kernel log lines ("[    1.23] ..." on
    # Linux, logged syscalls) and everything from the panic on.
    kept, code = [], None
    for l in lines:
        m = PANIC.search(l)
        if m:
            code = m.group(1)
            break
        if l.startswith('[') or re.match(r'^\S+\[\d+\]: ', l):
            continue
        kept.append(l)
    return kept, code


@pytest.mark.parametrize('shell', sorted(SHELLS))
@pytest.mark.parametrize('scenario', SCENARIOS)
def test_scenario(arch, scenario, shell):
    initrd = image(arch, scenario)
    linux, lcode = console(arch, qemu.linux_kernel(arch), initrd, SHELLS[shell])
    lev, vcode = console(arch, qemu.levitate_kernel(arch), initrd, SHELLS[shell])
    assert lcode, 'Linux did not finish the scenario:\n' + '\n'.join(linux[-30:])
    assert lev == linux, ('output differs from Linux\n--- Linux\n%s\n--- LevitateOS\n%s'
                          % ('\n'.join(linux), '\n'.join(lev)))
    assert vcode == lcode
