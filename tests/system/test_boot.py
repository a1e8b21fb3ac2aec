# SPDX-License-Identifier: MIT
"""test_boot.py - the drop-in contract of design.md §1, booted for real.

LevitateOS boots the demo image on every machine type it promises (q35, pc,
microvm on x86_64; virt with GICv3 and GICv2 on aarch64), /init runs and
powers off so QEMU exits by itself.  Init exiting panics the way Linux does
("Attempted to kill init! exitcode=0x...") and panic=-1 then resets (QEMU
exits under -no-reboot); a missing init panics too.  The panic checks also
run on Linux, whose messages are the expected ones.
"""
import os
import re
import subprocess

import pytest

import qemu
from conftest import ARCHES

MACHINES = {
    'x86_64': [
        ['-M', 'q35', '-bios', qemu.QBOOT],
        ['-M', 'pc'],
        ['-M', 'microvm'],
    ],
    'aarch64': [
        ['-M', 'virt'],
        ['-M', 'virt,gic-version=2'],
        ['-M', 'virt', '-cpu', 'max'],
    ],
}


def binary(arch):
    return qemu.MACHINE[arch][0]


def run(cmd, timeout=90):
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
        return p.returncode, p.stdout.decode(errors='replace')
    except subprocess.TimeoutExpired as e:
        return None, (e.stdout or b'').decode(errors='replace')


def image(arch, name):
    path = os.path.join(qemu.ROOT, 'build', arch, 'images', name)
    if not os.path.exists(path):
        pytest.fail('not built: ' + path, pytrace=False)
    return path


def machine_ids():
    return [(a, i) for a in ARCHES for i in range(len(MACHINES[a]))]


@pytest.mark.parametrize('target', machine_ids(),
                         ids=['%s-%s' % (a, ' '.join(MACHINES[a][i][1:2] + MACHINES[a][i][3:]))
                              for a, i in machine_ids()])
def test_boots_and_powers_off(target):
    arch, index = target
    kernel = qemu.levitate_kernel(arch)
    cmd = ([binary(arch)] + MACHINES[arch][index] +
           ['-accel', 'tcg', '-m', '512M', '-display', 'none', '-no-reboot',
            '-serial', 'stdio', '-monitor', 'none', '-kernel', kernel,
            '-initrd', image(arch, 'hello.cpio'),
            '-append', 'console=%s panic=-1' % qemu.CONSOLE[arch]])
    if '-cpu' not in cmd:
        cmd[1:1] = ['-cpu', 'max' if arch == 'x86_64' else 'cortex-a72']
    rc, out = run(cmd)
    assert 'Hello, world' in out, out[-3000:]
    assert 'uname: Linux' in out, out[-3000:]
    assert rc == 0, 'QEMU did not power off by itself (rc %s)\n%s' % (rc, out[-3000:])


@pytest.mark.parametrize('which', ['linux', 'levitate'])
def test_restart(arch, which):
    """reboot(RB_AUTOBOOT) resets the machine: under -no-reboot QEMU exits."""
    k = qemu.linux_kernel(arch) if which == 'linux' else qemu.levitate_kernel(arch)
    cmd = qemu.batch_command(arch, k, image(arch, 'hello.cpio'),
                             'console=%s panic=-1 restart' % qemu.CONSOLE[arch])
    rc, out = run(cmd)
    assert 'restarting.' in out, out[-3000:]
    assert 'reboot: Restarting system' in out, out[-3000:]
    assert rc == 0, 'QEMU did not exit (rc %s)\n%s' % (rc, out[-3000:])


def boot_tests_image(arch, kernel, append):
    cmd = qemu.batch_command(arch, kernel, qemu.tests_initramfs(arch),
                             'console=%s panic=-1 %s' % (qemu.CONSOLE[arch], append))
    return run(cmd)


INIT_EXIT = re.compile(r'Kernel panic - not syncing: Attempted to kill init! exitcode=(0x[0-9a-f]{8})')


def test_init_exit_panics(arch):
    """PID 1 exiting panics with its wait status, as on Linux."""
    codes = {}
    for which in ('linux', 'levitate'):
        k = qemu.linux_kernel(arch) if which == 'linux' else qemu.levitate_kernel(arch)
        rc, out = boot_tests_image(arch, k, 'rdinit=/tests/smoke')
        m = INIT_EXIT.search(out)
        assert m, '%s: no init-exit panic\n%s' % (which, out[-3000:])
        assert rc == 0, '%s: panic=-1 did not reset (QEMU rc %s)' % (which, rc)
        codes[which] = m.group(1)
    assert codes['levitate'] == codes['linux']


@pytest.mark.parametrize('which', ['linux', 'levitate'])
def test_missing_init_panics(arch, which):
    """No rdinit in the initramfs and no root= to mount: Linux's panic."""
    k = qemu.linux_kernel(arch) if which == 'linux' else qemu.levitate_kernel(arch)
    rc, out = boot_tests_image(arch, k, 'rdinit=/nonexistent')
    assert 'Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)' in out, out[-3000:]
    assert rc == 0, 'panic=-1 did not reset (QEMU rc %s)\n%s' % (rc, out[-3000:])


RNG_DEVICE = {'x86_64': ['-device', 'virtio-rng-pci'],
              'aarch64': ['-device', 'virtio-rng-device']}


@pytest.mark.parametrize('present', [True, False], ids=['rng', 'no-rng'])
def test_virtio_rng(arch, present):
    """virtio-rng, when there, feeds the entropy pool; its absence is fine."""
    cmd = qemu.batch_command(arch, qemu.levitate_kernel(arch), image(arch, 'hello.cpio'),
                             'console=%s panic=-1' % qemu.CONSOLE[arch])
    if present:
        cmd[1:1] = RNG_DEVICE[arch]
    rc, out = run(cmd)
    assert 'Hello, world' in out and rc == 0, out[-3000:]
    fed = re.search(r'virtio-rng: \d+ bytes from the host mixed in', out)
    assert bool(fed) == present, out[-3000:]
