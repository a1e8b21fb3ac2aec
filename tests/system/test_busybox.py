# SPDX-License-Identifier: MIT
"""test_busybox.py - the BusyBox system image (guest-images/busybox,
issue 4): build/<arch>/initramfs.cpio holds a small Linux system around a
static musl BusyBox, and on Linux (the oracle) it boots to a shell on the
serial console that runs commands and powers the machine off.

The same scenario runs on LevitateOS.  All boots of this module run at the
same time, each driven in its own thread; console transcripts go to
build/<arch>/busybox-console-<kernel>.log.
"""
import os
import re
import struct
import threading

import pytest

import qemu
from conftest import ARCHES, boots_at_once, kernel_path
from console import Console, ConsoleError

# What the issue asks the image to hold (applets: links to /bin/busybox).
FILES = ['etc/inittab', 'etc/passwd', 'etc/group', 'etc/profile', 'etc/hostname']
DIRS = ['root', 'proc', 'sys', 'tmp', 'dev', 'etc', 'bin', 'sbin']
APPLETS = ('sh ash init ls cat cp mv rm mkdir echo grep sed awk find xargs sort '
           'uniq cut tr tar gzip md5sum sha256sum vi less ps top free uptime '
           'dmesg mount umount df du stty login su passwd getty httpd wget nc '
           'poweroff reboot').split()
ELF_MACHINE = {'x86_64': 62, 'aarch64': 183}

KERNEL_NAMES = ['linux', 'levitate']
PROMPT = rb'\S+@\S+:\S*# '          # /etc/profile's PS1 '\u@\h:\w\$ ' as root
BOOT_TIMEOUT = 40.0                 # Linux: ~2.7 s to the prompt under TCG
STEP_TIMEOUT = 30.0
POWEROFF_TIMEOUT = 15.0             # Linux: under 1 s


def fail(msg):
    pytest.fail(msg, pytrace=False)


def initramfs(arch):
    return os.path.join(qemu.ROOT, 'build', arch, 'initramfs.cpio')


def read_cpio(path):
    """{name: (mode, rdev (major, minor), data)} of a newc archive."""
    entries = {}
    with open(path, 'rb') as f:
        buf = f.read()
    off = 0
    while off + 110 <= len(buf):
        hdr = buf[off:off + 110]
        if hdr[:6] not in (b'070701', b'070702'):
            raise ValueError('%s: bad cpio magic at %d' % (path, off))
        field = [int(hdr[6 + 8 * i:14 + 8 * i], 16) for i in range(13)]
        mode, size, rmaj, rmin, namesize = field[1], field[6], field[9], field[10], field[11]
        name = buf[off + 110:off + 110 + namesize - 1].decode()
        off = (off + 110 + namesize + 3) & ~3
        data = buf[off:off + size]
        off = (off + size + 3) & ~3
        if name == 'TRAILER!!!':
            break
        entries[name] = (mode, (rmaj, rmin), data)
    return entries


def elf_info(data):
    """(e_machine, has PT_INTERP) of a 64-bit little-endian ELF."""
    if data[:4] != b'\x7fELF' or data[4] != 2:
        return None, None
    machine = struct.unpack_from('<H', data, 18)[0]
    phoff, = struct.unpack_from('<Q', data, 32)
    phentsize, phnum = struct.unpack_from('<HH', data, 54)
    types = [struct.unpack_from('<I', data, phoff + i * phentsize)[0] for i in range(phnum)]
    return machine, 3 in types           # PT_INTERP = 3


def test_busybox_image(arch):
    """build/<arch>/busybox is a static ELF for arch, and the initramfs holds
    the root tree, /dev/console and a link to BusyBox for each applet the
    issue names."""
    bb = os.path.join(qemu.ROOT, 'build', arch, 'busybox')
    path = initramfs(arch)
    for p in (bb, path):
        if not os.path.exists(p):
            fail('not built: %s (scons ARCH=%s)' % (p, arch))
    with open(bb, 'rb') as f:
        machine, interp = elf_info(f.read())
    assert machine == ELF_MACHINE[arch], '%s: e_machine %s' % (bb, machine)
    assert not interp, '%s is not static (it has PT_INTERP)' % bb

    e = read_cpio(path)
    missing = [n for n in FILES if n not in e or (e[n][0] & 0o170000) != 0o100000]
    missing += [n for n in DIRS if n not in e or (e[n][0] & 0o170000) != 0o040000]
    assert not missing, 'missing from %s: %s' % (path, ' '.join(missing))
    assert e['etc/hostname'][2].strip() == b'levitate'
    mode, rdev, _ = e['dev/console']
    assert (mode & 0o170000) == 0o020000 and rdev == (5, 1), 'dev/console is not c 5 1'
    assert b'::sysinit:' in e['etc/inittab'][2]

    mode, _, data = e['bin/busybox']
    assert (mode & 0o170000) == 0o100000 and mode & 0o111
    assert data == open(bb, 'rb').read(), 'bin/busybox differs from ' + bb
    links = {os.path.basename(n): data.decode() for n, (mode, _, data) in e.items()
             if (mode & 0o170000) == 0o120000}
    to_busybox = {n for n, t in links.items() if os.path.basename(t) == 'busybox'}
    missing = [a for a in APPLETS if a not in to_busybox]
    assert not missing, 'no link to busybox for: ' + ' '.join(missing)
    assert e['init'][2] == b'bin/busybox', '/init is not a link to bin/busybox'


# ---- booted ---------------------------------------------------------------

class Scenario:
    """Boot the BusyBox initramfs on one kernel and talk to the shell."""

    def __init__(self, arch, kernel_name):
        self.arch = arch
        self.kernel_name = kernel_name
        self.error = None            # first failure, a message
        self.uname = None
        self.tty = None              # what `tty` printed
        self.seconds = {}            # step -> seconds since QEMU started
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        kernel = kernel_path(self.arch, self.kernel_name)
        for p in (kernel, initramfs(self.arch)):
            if not os.path.exists(p):
                self.error = 'not built: ' + p
                return
        cmd = qemu.batch_command(self.arch, kernel, initramfs(self.arch),
                                 qemu.cmdline(self.arch))
        log = os.path.join(qemu.ROOT, 'build', self.arch,
                           'busybox-console-%s.log' % self.kernel_name)
        c = Console(cmd, log)
        try:
            c.expect(PROMPT, BOOT_TIMEOUT)
            self.seconds['prompt'] = c.elapsed()
            c.send('echo hello; uname -s\n')
            # The shell echoes the line first; "hello" alone on a line is
            # echo's output, and uname's follows it.
            m = c.expect(rb'\nhello\r?\n([^\r\n]*)\r?\n', STEP_TIMEOUT)
            self.uname = m.group(1).decode('utf-8', 'replace')
            c.expect(PROMPT, STEP_TIMEOUT)
            # ttyname(0): readlink of /proc/self/fd/0.
            c.send('tty\n')
            m = c.expect(rb'tty\r?\n([^\r\n]*)\r?\n', STEP_TIMEOUT)
            self.tty = m.group(1).decode('utf-8', 'replace')
            c.expect(PROMPT, STEP_TIMEOUT)
            c.send('poweroff\n')
            rc = c.wait_exit(POWEROFF_TIMEOUT)
            self.seconds['poweroff'] = c.elapsed()
            if rc != 0:
                c.fail('QEMU exited with status %s after poweroff' % rc)
        except ConsoleError as e:
            self.error = str(e)
        except Exception as e:      # noqa: BLE001 - reported by the test
            self.error = '%s: %s' % (type(e).__name__, e)
        finally:
            c.close()


def wanted(session):
    """(arch, kernel) pairs the selected test_busybox_shell items need."""
    pairs = []
    for item in session.items:
        if getattr(item, 'originalname', None) != 'test_busybox_shell':
            continue
        params = item.callspec.params
        pair = (params['arch'], params['kernel_name'])
        if pair not in pairs:
            pairs.append(pair)
    return pairs


@pytest.fixture(scope='module')
def scenarios(request):
    """All the module's boots at once; scenario(arch, kernel) waits for one."""
    return boots_at_once(wanted(request.session), Scenario)


@pytest.mark.parametrize('kernel_name', ['linux', 'levitate'])
def test_busybox_shell(scenarios, arch, kernel_name):
    """Boot build/<arch>/initramfs.cpio: BusyBox init starts a login shell on
    the console; `echo hello; uname -s` prints hello and Linux; `tty` names
    the console; poweroff ends QEMU with status 0."""
    s = scenarios(arch, kernel_name)
    if s.error:
        fail('%s on %s: %s' % (kernel_name, arch, s.error))
    assert s.uname == 'Linux', 'uname -s printed %r' % s.uname
    assert s.tty == '/dev/console', 'tty printed %r' % s.tty
