# SPDX-License-Identifier: MIT
"""test_memory_sizes.py - boots with more RAM than the low 4 GiB can hold.

With -m 3584M or more, q35 keeps 2 GiB of RAM below 4 GiB and puts the
rest above it, so the PCI hole (device BARs, ECAM, APICs) sits below the
top of RAM; on virt, RAM from 1 GiB runs past 4 GiB.  The kernel must map
the hole uncached and all the RAM, wherever it lies.

  * the BusyBox image boots on Linux and LevitateOS with the same QEMU
    command and a virtio-blk disk; /proc/meminfo's MemTotal is within the
    RAM size and no more than 10% below it on both (Linux keeps ~4% for
    itself); LevitateOS reads the disk's first bytes through /dev/vda
    (Linux's image has no virtio modules);
  * the guest tests mem and smoke pass on LevitateOS with that much RAM.
"""
import os
import re
import subprocess
import tempfile

import pytest

import qemu
from conftest import ARCHES, kernel_path
from console import Console, ConsoleError

SIZES = {'x86_64': ['3584M', '5G'], 'aarch64': ['5G']}
PROMPT = rb'\S+@\S+:\S*# '
BOOT_TIMEOUT = float(os.environ.get('LEVITATE_BOOT_TIMEOUT', '120'))
STEP_TIMEOUT = 30.0
DISK_MAGIC = b'LEVITATE-BIG-RAM-DISK'
GUESTS = ['mem', 'smoke']


def kib(size):
    return int(size[:-1]) * {'M': 1024, 'G': 1024 * 1024}[size[-1]]


def command(arch, kernel, initrd, append, size):
    cmd = qemu.batch_command(arch, kernel, initrd, append)
    cmd[cmd.index('-m') + 1] = size
    return cmd


def configs():
    return [(a, s) for a in ARCHES for s in SIZES.get(a, [])]


@pytest.fixture(scope='module')
def disk():
    with tempfile.NamedTemporaryFile(suffix='.img') as f:
        f.write(DISK_MAGIC + b'\n')
        f.truncate(1024 * 1024)
        f.flush()
        yield f.name


@pytest.mark.parametrize('kernel_name', ['linux', 'levitate'])
@pytest.mark.parametrize('config', configs(), ids=['%s-%s' % c for c in configs()])
def test_busybox_large_ram(config, kernel_name, disk):
    arch, size = config
    kernel = kernel_path(arch, kernel_name)
    initrd = os.path.join(qemu.ROOT, 'build', arch, 'initramfs.cpio')
    for p in (kernel, initrd):
        if not os.path.exists(p):
            pytest.fail('not built: ' + p, pytrace=False)
    cmd = command(arch, kernel, initrd, qemu.cmdline(arch), size) + [
        '-drive', 'file=%s,format=raw,if=none,id=d0,readonly=on' % disk,
        '-device', 'virtio-blk-pci,drive=d0']
    log = os.path.join(qemu.ROOT, 'build', arch,
                       'bigram-console-%s-%s.log' % (kernel_name, size))
    c = Console(cmd, log)
    try:
        c.expect(PROMPT, BOOT_TIMEOUT)
        c.send('grep MemTotal /proc/meminfo\n')
        m = c.expect(rb'\nMemTotal: +(\d+) kB', STEP_TIMEOUT)
        total = int(m.group(1))
        c.expect(PROMPT, STEP_TIMEOUT)
        if kernel_name == 'levitate':
            c.send('head -c %d /dev/vda; echo\n' % len(DISK_MAGIC))
            c.expect(rb'\n' + DISK_MAGIC + rb'\r?\n', STEP_TIMEOUT)
            c.expect(PROMPT, STEP_TIMEOUT)
        c.send('poweroff\n')
        rc = c.wait_exit(STEP_TIMEOUT)
    except ConsoleError as e:
        pytest.fail('%s on %s -m %s: %s' % (kernel_name, arch, size, e), pytrace=False)
    finally:
        c.close()
    assert 0.9 * kib(size) <= total <= kib(size), \
        'MemTotal %d kB with -m %s (%d kB)' % (total, size, kib(size))
    assert rc == 0, 'QEMU exited with %s after poweroff' % rc


@pytest.mark.parametrize('config', configs(), ids=['%s-%s' % c for c in configs()])
def test_guests_large_ram(config):
    arch, size = config
    kernel = kernel_path(arch, 'levitate')
    initrd = qemu.tests_initramfs(arch)
    for p in (kernel, initrd):
        if not os.path.exists(p):
            pytest.fail('not built: ' + p, pytrace=False)
    cmd = command(arch, kernel, initrd, qemu.cmdline(arch, 'tests=' + ','.join(GUESTS)), size)
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=BOOT_TIMEOUT)
        out = p.stdout.decode('utf-8', 'replace').replace('\r', '')
    except subprocess.TimeoutExpired as e:
        pytest.fail('timed out\n' + (e.stdout or b'').decode('utf-8', 'replace')[-3000:],
                    pytrace=False)
    exits = dict(re.findall(r'RUNNER: (\S+) exit (-?\d+)', out))
    fails = [l for l in out.split('\n') if l.startswith('FAIL - ')]
    assert not fails, '\n'.join(fails)
    for name in GUESTS:
        assert exits.get(name) == '0', '%s: exit %s\n%s' % (name, exits.get(name), out[-3000:])
    assert p.returncode == 0, 'QEMU exited with %s\n%s' % (p.returncode, out[-3000:])
