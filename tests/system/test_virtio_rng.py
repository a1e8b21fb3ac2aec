# SPDX-License-Identifier: MIT
"""test_virtio_rng.py - virtio-rng and /dev/hwrng, Linux as the oracle.

Both kernels boot the BusyBox image with /init a script that loads
Linux's virtio modules and virtio-rng.ko from the .deb its kernel came
from (insmod fails quietly on LevitateOS, whose drivers are built in),
mounts devtmpfs and reads the hardware random source through /dev/hwrng
(misc 10,183: Linux's hw_random core is built in, so the node is there
with or without a device).  With a virtio-rng device, reads return the
bytes asked for; without one, a read fails with ENODEV.  The transcript
must be the same on both kernels.  (That the device also feeds the
entropy pool is test_boot.py's test_virtio_rng.)
"""
import subprocess

import pytest

import qemu
from conftest import ARCHES
from test_virtio_blk import busybox_with_modules

MODULES = ['virtio_ring', 'virtio', 'virtio_mmio', 'virtio_pci_modern_dev',
           'virtio_pci_legacy_dev', 'virtio_pci', 'virtio-rng']
BOOT_SECONDS = 120

INIT = """#!/bin/sh
for m in %s; do
	insmod /lib/modules/$m.ko 2>/dev/null
done
mount -t devtmpfs devtmpfs /dev
echo "== hwrng"
ls -l /dev/hwrng | awk '{print $1, $5, $6}'
head -c 100 /dev/hwrng | wc -c
dd if=/dev/hwrng bs=16 count=4 2>/dev/null | wc -c
head -c 1 /dev/hwrng >/dev/null 2>&1 || echo "read failed"
echo "== end"
poweroff -f
""" % ' '.join(MODULES)

DEVICE = {'x86_64': [('pci', ['-device', 'virtio-rng-pci'])],
          'aarch64': [('mmio', ['-device', 'virtio-rng-device']),
                      ('pci', ['-device', 'virtio-rng-pci'])]}
CONFIGS = [(a, name, dev) for a in ARCHES for name, dev in DEVICE.get(a, [])] + \
          [(a, 'absent', []) for a in ARCHES]


def initramfs(arch):
    return busybox_with_modules(arch, 'rng', INIT, 'virtio-rng', MODULES)


def transcript(arch, kernel, device):
    cmd = qemu.batch_command(arch, kernel, initramfs(arch),
                             'console=%s panic=-1 quiet' % qemu.CONSOLE[arch]) + device
    try:
        out = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, timeout=BOOT_SECONDS).stdout
    except subprocess.TimeoutExpired as e:
        out = e.stdout or b''
    text = out.decode(errors='replace').replace('\r', '')
    if '== hwrng' not in text or '== end' not in text:
        pytest.fail('%s: no transcript\n%s' % (kernel, text[-3000:]), pytrace=False)
    return text[text.index('== hwrng'):text.index('== end')].strip().splitlines(), text


@pytest.mark.parametrize('config', CONFIGS, ids=['%s-%s' % c[:2] for c in CONFIGS])
def test_hwrng(config):
    arch, name, device = config
    linux, _ = transcript(arch, qemu.linux_kernel(arch), device)
    lev, log = transcript(arch, qemu.levitate_kernel(arch), device)
    assert lev == linux, 'LevitateOS %s\nLinux %s\n%s' % (lev, linux, log[-3000:])
    assert linux[1] == 'crw------- 10, 183', linux
    if device:
        assert linux[2:] == ['100', '64'], linux
    else:
        assert linux[-1] == 'read failed', linux
