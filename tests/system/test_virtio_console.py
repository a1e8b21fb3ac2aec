# SPDX-License-Identifier: MIT
"""test_virtio_console.py - virtio-console end to end (issue 5 item 3),
Linux as the oracle: the same QEMU command and the same initramfs boot
Debian's Linux and LevitateOS with `console=hvc0`, the UART only logging
to a file, and

  * port 0 of a virtio-serial device (virtconsole on QEMU's stdio) is
    /dev/console: the BusyBox shell on it is typed at like a person
    (test_interactive.session: ^C of sleep, ^Z/bg/fg job control, cat
    ended by ^D, line editing, then poweroff);
  * a named port (virtserialport name=org.levitate.test on a host unix
    socket) behaves as in Linux: /dev/vportNp1 and the console port's
    /dev/vportNp0 (which only its hvc may open: ENXIO; N of vportNpM is
    the virtio device's number, 1 on virt, whose NIC is virtio0), a second open is
    EBUSY, a read while the host is not connected is end of file; a shell
    loop in the guest echoes what the host sends ("guest:" before each
    line), the host reads it back, and when the host hangs up the loop's
    read sees end of file.

LevitateOS makes /dev/virtio-ports/org.levitate.test itself (Linux leaves
that link to udev, which this image lacks: the session makes it from
/sys/class/virtio-ports there, as udev would).  The initramfs is the
BusyBox image (build/<arch>/initramfs.list) with /init a script that loads
Linux's virtio modules from the very .deb its kernel came from (insmod
fails quietly on LevitateOS, whose drivers are built in) and runs
BusyBox init.  Transports: virtio-serial-pci on q35 and virt,
virtio-serial-device (virtio-mmio, versions 1 and 2) on microvm and virt.

test_virtio_console_hotplug boots with the console port only and plugs a
named port in through QMP (chardev-add of a host unix socket, device_add
virtserialport): the node and link appear, data goes both ways; an open
file of the port survives device_del and reads and writes ENODEV while
the node and link go; device_add again gives the same id and name back,
and the old file's close leaves the new port alone; /sys/class/virtio-ports
lists the ports, with a name file for a named one.  On Linux the session
plays udev for the link as above (and removes it when its target goes);
LevitateOS must make and remove it itself.
"""
import json
import os
import re
import socket
import tempfile
import threading
import time

import pytest

import qemu
from conftest import ARCHES
from console import Console, ConsoleError
from test_busybox import PROMPT
from test_interactive import session
from test_virtio_blk import busybox_with_modules

STEP = 45.0
PORT = 'org.levitate.test'
# virtio_mmio before virtio_pci: the order of a Linux with them built in
# (and of LevitateOS), which numbers virtio devices, hence vportNpM, so.
# (virt has a virtio-net-pci NIC by default: virtio0 or virtio1.)
MODULES = ['virtio_ring', 'virtio', 'virtio_mmio', 'virtio_pci_modern_dev',
           'virtio_pci_legacy_dev', 'virtio_pci', 'virtio_console']

INIT = """#!/bin/sh
# Linux's virtio modules; LevitateOS has its drivers built in.
for m in %s; do
	insmod /lib/modules/$m.ko 2>/dev/null
done
exec /sbin/init
""" % ' '.join(MODULES)

CONFIGS = {
    'q35-pci': ('x86_64', ['-M', 'q35', '-bios', qemu.QBOOT], 'virtio-serial-pci', ''),
    # tsc_early_khz: see test_virtio_blk.py (LevitateOS hands it to init).
    'microvm-mmio': ('x86_64', ['-M', 'microvm,rtc=on'], 'virtio-serial-device',
                     ' tsc_early_khz=2000000'),
    # virtio-mmio version 2 (QEMU's transports are version 1 by default).
    'microvm-mmio-modern': ('x86_64', ['-M', 'microvm,rtc=on', '-global',
                                       'virtio-mmio.force-legacy=false'],
                            'virtio-serial-device', ' tsc_early_khz=2000000'),
    'virt-mmio': ('aarch64', ['-M', 'virt'], 'virtio-serial-device', ''),
    'virt-mmio-modern': ('aarch64', ['-M', 'virt', '-global',
                                     'virtio-mmio.force-legacy=false'],
                         'virtio-serial-device', ''),
    'virt-pci': ('aarch64', ['-M', 'virt'], 'virtio-serial-pci', ''),
    # One port, so no MULTIPORT: port 0 is the console without control
    # messages (no named port then).
    'q35-pci-single': ('x86_64', ['-M', 'q35', '-bios', qemu.QBOOT],
                       'virtio-serial-pci,max_ports=1', ''),
}


def config_ids():
    return [n for n, c in CONFIGS.items() if c[0] in ARCHES]


def initramfs(arch):
    """The BusyBox image with /init replaced, the modules and vporttest added."""
    vporttest = os.path.join(qemu.ROOT, 'build', arch, 'tests', 'console', 'vporttest')
    if not os.path.exists(vporttest):
        pytest.fail('not built: ' + vporttest, pytrace=False)
    return busybox_with_modules(arch, 'console', INIT, 'virtio_console', MODULES,
                                ['file /bin/vporttest %s 0755' % vporttest])


def single(config):
    return 'max_ports=1' in CONFIGS[config][2]


def command(config, kernel, initrd, workdir, which, hotplug=False):
    arch, machine, bus, append = CONFIGS[config]
    port = [] if single(config) else [
        '-chardev', 'socket,path=%s,server=on,wait=off,id=c1' % sock_path(workdir, which),
        '-device', 'virtserialport,chardev=c1,name=' + PORT]
    if hotplug:     # the port comes later, through QMP
        bus += ',id=vser0'
        port = ['-qmp', 'unix:%s,server=on,wait=off' % qmp_path(workdir, which)]
    return ([qemu.MACHINE[arch][0]] + machine +
            ['-accel', 'tcg', '-m', '512M', '-smp', '1',
             '-cpu', 'max' if arch == 'x86_64' else 'cortex-a72',
             '-display', 'none', '-no-reboot', '-monitor', 'none',
             '-serial', 'file:' + os.path.join(workdir, '%s-uart.log' % which),
             '-chardev', 'stdio,id=con0',
             '-device', bus, '-device', 'virtconsole,chardev=con0'] + port +
            ['-kernel', kernel, '-initrd', initrd,
             '-append', 'console=hvc0 panic=-1 quiet' + append])


def sock_path(workdir, which):
    return os.path.join(workdir, '%s.sock' % which)


def qmp_path(workdir, which):
    return os.path.join(workdir, '%s.qmp' % which)


def shell(c, line, timeout=STEP):
    """Run line with its output between two markers; that output."""
    c.send('echo @@; %s; echo @@@\n' % line)
    c.expect(rb'\n@@\r?\n', timeout)
    m = c.expect(rb'@@@\r?\n', timeout)
    c.expect(PROMPT, timeout)
    return m.string[:m.start()].decode('utf-8', 'replace').replace('\r', '')


def connect(path, timeout=10.0):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    end = time.monotonic() + timeout
    while True:
        try:
            s.connect(path)
            return s
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.2)


def recv_until(s, want, timeout=STEP):
    s.settimeout(timeout)
    got = b''
    end = time.monotonic() + timeout
    while want not in got and time.monotonic() < end:
        try:
            data = s.recv(4096)
        except socket.timeout:
            break
        if not data:
            break
        got += data
    return got


def port_session(c, sock, one_port):
    """The named port, host side and guest side: a list of what each step
    printed (the same on both kernels), plus whether the kernel made the
    /dev/virtio-ports link."""
    out = []
    c.expect(PROMPT, 90)
    if one_port:
        out.append(shell(c, 'stty -a; ls -l /dev/hvc0 | cut -c1-10,35-44; ls /dev/vport*'))
        c.send('\n')
        return out, None
    made = shell(c, '[ -e /dev/virtio-ports ] && echo kernel-made || echo none').strip()
    # udev's rule, for a kernel that leaves the link to udev (Linux).
    shell(c, '[ -e /dev/virtio-ports ] || for d in /sys/class/virtio-ports/*; do '
             'mkdir -p /dev/virtio-ports; '
             'n=$(cat $d/name 2>/dev/null) && ln -s ../${d##*/} /dev/virtio-ports/$n; done')
    # hvc0 is a terminal with Linux's settings and size.
    out.append(shell(c, 'stty -a; ls -l /dev/hvc0 | cut -c1-10,35-44'))
    out.append(shell(c, 'cd /dev; ls -d vport*; readlink virtio-ports/%s; cd' % PORT))
    # The port's node, and the console port's on the same device.
    node = 'p=$(readlink -f /dev/virtio-ports/%s); ' % PORT
    out.append(shell(c, node + 'cat ${p%p*}p0; echo rc=$?'))
    # Host not connected: end of file at once.
    out.append(shell(c, 'cat /dev/virtio-ports/%s; echo rc=$?' % PORT))
    # One open at a time.
    out.append(shell(c, node + 'exec 4<$p; cat $p; echo rc=$?; exec 4<&-'))
    out.append(echo_round_trip(c, sock, b'ping 1\nsecond line\n' + b'x' * 3000 + b'\n'))
    out += vporttest(c, sock)
    return out, made


def upto(m):
    """What the console printed up to the end of match m."""
    return m.string[:m.end()]


def vporttest(c, sock):
    """tests/console/vporttest.c in the guest, the host side here: its
    check lines.  The prompt after it is left for the next step."""
    c.send('echo @@; vporttest /dev/virtio-ports/%s; echo @@@\n' % PORT)
    c.expect(rb'\n@@\r?\n', STEP)
    text = upto(c.expect(rb'@host-connect', STEP))
    s = connect(sock)
    text += upto(c.expect(rb'@host-send', STEP * 2))
    s.sendall(b'hello\n')
    text += upto(c.expect(rb'@host-close', STEP * 2))
    got = recv_until(s, b'world\n')
    s.close()
    m = c.expect(rb'@@@\r?\n', STEP * 2)
    text += m.string[:m.start()]
    lines = [l.strip() for l in text.decode('utf-8', 'replace').split('\n')]
    return [l for l in lines if re.match(r'(ok|FAIL) - |\d+ passed', l)] + \
        ['vporttest host read %r' % got]


class Qmp:
    """A QMP client on QEMU's unix socket: commands, their answers, events."""

    def __init__(self, path):
        self.sock = connect(path)
        self.file = self.sock.makefile('rb')
        self.sock.settimeout(STEP)
        self.events = []
        self.file.readline()                    # the greeting
        self.cmd('qmp_capabilities')

    def _next(self):
        line = self.file.readline()
        if not line:
            raise OSError('QMP closed')
        reply = json.loads(line)
        if 'event' in reply:
            self.events.append(reply)
        return reply

    def cmd(self, execute, **args):
        self.sock.sendall(json.dumps({'execute': execute, 'arguments': args}).encode()
                          + b'\n')
        while True:
            reply = self._next()
            if 'error' in reply:
                raise OSError('QMP %s: %s' % (execute, reply['error']))
            if 'return' in reply:
                return reply['return']

    def event(self, name, device):
        """Wait for event name about device (taking it)."""
        while True:
            for e in self.events:
                if e['event'] == name and e.get('data', {}).get('device') == device:
                    self.events.remove(e)
                    return e
            self._next()

    def close(self):
        self.file.close()
        self.sock.close()


def udev(c):
    """What udev does for /dev/virtio-ports, for a kernel that leaves it
    to udev (Linux; on LevitateOS it finds nothing to do)."""
    shell(c, 'for l in /dev/virtio-ports/*; do [ -L "$l" ] && ! [ -e "$l" ] && rm "$l"; done; '
             'rmdir /dev/virtio-ports 2>/dev/null; '
             'for d in /sys/class/virtio-ports/*; do n=$(cat $d/name 2>/dev/null) && '
             '[ -n "$n" ] && ! [ -e /dev/virtio-ports/$n ] && mkdir -p /dev/virtio-ports && '
             'ln -s ../${d##*/} /dev/virtio-ports/$n; done; true')


def echo_round_trip(c, sock, lines):
    """The host connects and sends lines; a shell loop in the guest echoes
    them ("guest:" before each) until the host hangs up.  Reads are end of
    file until the guest hears of the connection (PORT_OPEN), so the loop
    reads again until it has had a line.  What the host made of it."""
    s = connect(sock)
    s.sendall(lines)
    c.send("sh -c 'while :; do while read -r l; do echo \"guest:$l\"; n=1; done; "
           "[ -n \"$n\" ] && break; sleep 0.2; done <&3 >&3; echo loop-ended' "
           "3<>/dev/virtio-ports/%s &\n" % PORT)
    c.expect(PROMPT, STEP)
    want = b''.join(b'guest:' + l + b'\n' for l in lines.split(b'\n')[:-1])
    got = recv_until(s, want)
    s.close()
    c.expect(rb'loop-ended', STEP)
    c.send('\n')
    c.expect(PROMPT, STEP)
    return 'host read back %s' % ('what it sent' if got == want else repr(got[:200]))


HOTPLUG_WAIT = ('for i in $(seq 100); do %s && break; sleep 0.2; done; ')
PLUGGED = ('{ [ -L /dev/virtio-ports/%s ] || '
           '[ -n "$(cat /sys/class/virtio-ports/vport*p1/name 2>/dev/null)" ]; }' % PORT)
UNPLUGGED = '! ls /dev/vport*p1 >/dev/null 2>&1'
SYSFS = 'for d in /sys/class/virtio-ports/*; do echo ${d##*/} $(cat $d/name); done'
LINK = '[ -L /dev/virtio-ports/%s ] && echo link || echo no-link' % PORT


def unplug(qmp):
    """device_del the port; QEMU lets its chardev go once it is deleted."""
    qmp.cmd('device_del', id='port1')
    qmp.event('DEVICE_DELETED', 'port1')


def plug(c, qmp, chardev):
    """device_add the named port; what the guest shows once it has it, and
    whether the kernel made the link itself."""
    qmp.cmd('device_add', driver='virtserialport', bus='vser0.0', chardev=chardev,
            name=PORT, id='port1')
    made = shell(c, HOTPLUG_WAIT % PLUGGED + LINK).strip()
    udev(c)
    return shell(c, 'cd /dev; ls -d vport*; readlink virtio-ports/%s; cd; ' % PORT
                 + SYSFS), made


def hotplug_session(c, qmp, sock):
    out, made = [], []
    c.expect(PROMPT, 90)
    out.append(shell(c, 'ls /dev/vport*; ls /dev/virtio-ports 2>&1; ' + SYSFS))
    qmp.cmd('chardev-add', id='h1', backend={'type': 'socket', 'data': {
        'addr': {'type': 'unix', 'data': {'path': sock}},
        'server': True, 'wait': False}})
    o, m = plug(c, qmp, 'h1')
    out.append(o)
    made.append(m)
    out.append(echo_round_trip(c, sock, b'ping 1\n' + b'y' * 5000 + b'\n'))
    # Held open across the unplug.
    shell(c, 'exec 4<>/dev/virtio-ports/%s' % PORT)
    unplug(qmp)
    made.append(shell(c, HOTPLUG_WAIT % UNPLUGGED + LINK).strip())
    udev(c)
    out.append(shell(c, 'ls /dev/vport*; ls /dev/virtio-ports 2>&1; ' + SYSFS))
    out.append(shell(c, 'cat <&4; echo rc=$?; echo x >&4; echo rc=$?'))
    out.append(shell(c, 'vporttest -gone'))
    # The same id and name again, the old file still open.
    o, m = plug(c, qmp, 'h1')
    out.append(o)
    made.append(m)
    out.append(shell(c, 'cat <&4; echo rc=$?; exec 4<&-'))
    out.append(echo_round_trip(c, sock, b'ping 2\n'))
    unplug(qmp)
    made.append(shell(c, HOTPLUG_WAIT % UNPLUGGED + LINK).strip())
    udev(c)
    out.append(shell(c, 'ls /dev/vport*; ls /dev/virtio-ports 2>&1; ' + SYSFS))
    # Each port was freed: at the close of the old file, and at once.
    made.append(shell(c, 'dmesg | grep -c "vport.p1 freed"').strip())
    c.send('\n')
    return out, made


def boot(config, which, workdir, results, hotplug):
    """One kernel's run: results[which] = (out, made, QEMU's status, error)."""
    arch = CONFIGS[config][0]
    kernel = qemu.linux_kernel(arch) if which == 'linux' else qemu.levitate_kernel(arch)
    cmd = command(config, kernel, results['initrd'], workdir, which, hotplug)
    c = Console(cmd, os.path.join(workdir, '%s-hvc0.log' % which))
    qmp = None
    try:
        if hotplug:
            qmp = Qmp(qmp_path(workdir, which))
            out, made = hotplug_session(c, qmp, sock_path(workdir, which))
            c.expect(PROMPT, STEP)
            c.send('poweroff\n')
            rc = c.wait_exit(STEP)
        else:
            out, made = port_session(c, sock_path(workdir, which), single(config))
            rc, _ = session(c)
        results[which] = (out, made, rc, None)
    except (ConsoleError, OSError, ValueError) as e:
        results[which] = (None, None, None, str(e))
    finally:
        if qmp:
            qmp.close()
        c.close()


def boot_both(config, hotplug=False):
    """Linux and LevitateOS side by side; their results, checked alike."""
    arch = CONFIGS[config][0]
    for p in (qemu.linux_kernel(arch), qemu.levitate_kernel(arch)):
        if not os.path.exists(p):
            pytest.fail('not built: ' + p, pytrace=False)
    workdir = tempfile.mkdtemp(prefix='vcon-')   # short: unix socket paths
    results = {'initrd': initramfs(arch)}
    threads = [threading.Thread(target=boot, args=(config, w, workdir, results, hotplug))
               for w in ('linux', 'levitate')]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for which in ('linux', 'levitate'):
        out, made, rc, err = results[which]
        assert err is None, '%s: %s' % (which, err)
        assert rc == 0, '%s: QEMU exited with %s after poweroff' % (which, rc)
    lin, lev = results['linux'], results['levitate']
    assert lev[0] == lin[0], 'LevitateOS and Linux differ\n--- linux ---\n%s\n' \
        '--- levitate ---\n%s' % ('\n'.join(lin[0]), '\n'.join(lev[0]))
    return lin, lev


@pytest.mark.parametrize('config', config_ids())
def test_virtio_console(config):
    lin, lev = boot_both(config)
    if single(config):
        return
    assert 'host read back what it sent' in lin[0], lin[0]
    assert "vporttest host read b'world\\n'" in lin[0], lin[0]
    fails = [l for l in lin[0] if l.startswith('FAIL') or
             re.match(r'\d+ passed, [1-9]', l)]
    assert not fails and any(l.endswith(' passed, 0 failed') for l in lin[0]), lin[0]
    assert lev[1] == 'kernel-made', 'LevitateOS made no /dev/virtio-ports link'


HOTPLUG_CONFIGS = ['q35-pci', 'virt-pci', 'virt-mmio']


@pytest.mark.parametrize('config', [n for n in HOTPLUG_CONFIGS if CONFIGS[n][0] in ARCHES])
def test_virtio_console_hotplug(config):
    lin, lev = boot_both(config, hotplug=True)
    assert lin[0].count('host read back what it sent') == 2, lin[0]
    text = '\n'.join(lin[0])
    assert 'ok - vport: unplugged: poll is POLLHUP' in text and \
        '6 passed, 0 failed' in text, text
    assert lev[1] == ['link', 'no-link', 'link', 'no-link', '2'], \
        'LevitateOS did not make and remove /dev/virtio-ports/%s, or free the ' \
        'port: %s' % (PORT, lev[1])
