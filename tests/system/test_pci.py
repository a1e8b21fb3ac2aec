# SPDX-License-Identifier: MIT
"""test_pci.py - PCI resource assignment (kernel/pci.c) beside Linux's.

Neither qboot (q35) nor QEMU's virt board (no firmware) assigns BARs, so
each kernel does it.  Both boot the hello image with two virtio-blk-pci
disks, one on the root bus and one behind a PCIe root port, and log every
BAR they assign ("pci 0000:00:03.0: BAR 4 [mem 0x100000000-0x100003fff
64bit pref]: assigned").  The BARs must match Linux's: the same BARs
assigned, the same kind and size, I/O BARs given ports, and 64-bit
prefetchable BARs placed above 4 GiB (the 64-bit window), the one behind
the root port included.
"""
import re
import subprocess

import pytest

import qemu
from conftest import kernel_path

BOOT_SECONDS = 120
ASSIGNED = re.compile(r'pci (\S+): BAR (\d) \[(mem|io) +0x([0-9a-f]+)-0x([0-9a-f]+)'
                      r'( 64bit)?( pref)?\]: assigned')


def boot(arch, kernel, tmp_path):
    disks = []
    for n in range(2):
        img = tmp_path / ('disk%d.img' % n)
        img.write_bytes(bytes(1 << 20))
        disks += ['-drive', 'file=%s,format=raw,if=none,id=d%d' % (img, n)]
    cmd = qemu.batch_command(arch, kernel_path(arch, kernel),
                             str(qemu.ROOT) + '/build/%s/images/hello.cpio' % arch,
                             'console=%s panic=-1' % qemu.CONSOLE[arch])
    cmd += ['-nodefaults', '-vga', 'none'] if arch == 'x86_64' else ['-nodefaults']
    cmd += disks + ['-device', 'virtio-blk-pci,drive=d0',
                    '-device', 'pcie-root-port,id=rp0,chassis=1',
                    '-device', 'virtio-blk-pci,drive=d1,bus=rp0']
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=BOOT_SECONDS)
        out = p.stdout.decode(errors='replace')
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b'').decode(errors='replace')
    return out.replace('\r', '')


def bars(log):
    """{(function, bar): (space, size, 64bit, pref, above 4 GiB)}"""
    got = {}
    for m in ASSIGNED.finditer(log):
        fn, bar, space, lo, hi, is64, pref = m.groups()
        lo, hi = int(lo, 16), int(hi, 16)
        got[(fn, int(bar))] = (space, hi - lo + 1, bool(is64), bool(pref), lo >= 1 << 32)
    return got


@pytest.fixture(scope='module')
def linux_bars(tmp_path_factory):
    cache = {}

    def get(arch):
        if arch not in cache:
            log = boot(arch, 'linux', tmp_path_factory.mktemp('linux-' + arch))
            cache[arch] = bars(log), log
        return cache[arch]
    return get


def test_bar_assignment(arch, linux_bars, tmp_path):
    log = boot(arch, 'levitate', tmp_path)
    want, linux_log = linux_bars(arch)
    got = bars(log)
    assert want, 'Linux assigned no BARs?\n' + linux_log[-3000:]
    assert got == want, 'LevitateOS %s\nLinux %s\n--- LevitateOS log ---\n%s' % (
        sorted(got.items()), sorted(want.items()), log[-3000:])
    # The BAR behind the root port and the root bus's are above 4 GiB, and
    # the disks behind them work.
    high = [k for k, v in got.items() if v[2] and v[3]]
    assert len(high) >= 2 and all(got[k][4] for k in high), sorted(got.items())
    assert 'vda:' in log and 'vdb:' in log, log[-3000:]
    assert 'Hello, world' in log, log[-3000:]
