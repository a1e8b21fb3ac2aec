# SPDX-License-Identifier: MIT
"""test_kvm.py - the x86_64 clocksource and tick timer (design.md §4): on
KVM, kvm-clock (the pvclock ABI) is the clocksource and the local APIC's
TSC-deadline mode drives ticks, and steal time and PV EOI are registered;
under TCG, the TSC calibrated against the PM timer and the APIC one-shot
timer, and neither PV interface.  The boot log names them.

Whether KVM is real is decided by a tiny probe guest first (design.md §5):
a 16-byte BIOS that runs a 100M-instruction loop from the reset vector and
leaves through isa-debug-exit.  Hardware KVM runs it in milliseconds and
TCG in about 0.3 s; the kvm_pvm module behind /dev/kvm on the development
machines emulates it and does not finish in a minute.  The probe gets
PROBE_SECONDS; where /dev/kvm is missing, unusable or that slow, the KVM
test is skipped and says why.
"""
import functools
import os
import struct
import subprocess
import tempfile

import pytest

import qemu
from conftest import ARCHES, kernel_path

PROBE_SECONDS = 3
PROBE_LOOPS = 50000000          # dec ecx; jnz: two instructions a loop
PROBE_EXIT = 0x21               # isa-debug-exit: QEMU exits (0x21 << 1) | 1
KVM_BOOT_SECONDS = 10           # hardware KVM boots the hello image in < 1 s

pytestmark = pytest.mark.skipif('x86_64' not in ARCHES,
                                reason='x86_64 only (LEVITATE_ARCH=%s)' % ','.join(ARCHES))


def probe_bios():
    """64 KiB BIOS image: the reset vector (F000:FFF0, real mode) holds
    mov ecx, N; 1: dec ecx; jnz 1b; mov al, EXIT; out 0xf4, al; hlt."""
    code = (b'\x66\xb9' + struct.pack('<I', PROBE_LOOPS) + b'\x66\x49' +
            b'\x75\xfc' + bytes([0xb0, PROBE_EXIT]) + b'\xe6\xf4' + b'\xf4')
    assert len(code) <= 16
    img = bytearray(b'\xf4' * 0x10000)
    img[0xfff0:0xfff0 + len(code)] = code
    return bytes(img)


def run(cmd, timeout):
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
        return p.returncode, p.stdout.decode(errors='replace')
    except subprocess.TimeoutExpired as e:
        return None, (e.stdout or b'').decode(errors='replace')


@functools.lru_cache(maxsize=None)
def kvm_unusable():
    """None when KVM is real here, else why not (once per session)."""
    if not os.path.exists('/dev/kvm'):
        return 'no /dev/kvm on this machine'
    if not os.access('/dev/kvm', os.R_OK | os.W_OK):
        return 'no read/write access to /dev/kvm'
    with tempfile.TemporaryDirectory() as d:
        bios = os.path.join(d, 'probe.bin')
        with open(bios, 'wb') as f:
            f.write(probe_bios())
        rc, out = run(['qemu-system-x86_64', '-M', 'q35', '-accel', 'kvm',
                       '-nodefaults', '-display', 'none', '-m', '16M',
                       '-bios', bios, '-device', 'isa-debug-exit,iobase=0xf4,iosize=4'],
                      PROBE_SECONDS)
    if rc is None:
        why = ('KVM is not real here: the probe guest (100M instructions, '
               'milliseconds on hardware KVM) did not finish in %d s' % PROBE_SECONDS)
        if os.path.isdir('/sys/module/kvm_pvm'):
            why += '; /dev/kvm is kvm_pvm, a software implementation (design.md §5)'
        return why
    if rc != (PROBE_EXIT << 1) | 1:
        last = out.strip().splitlines()[-1:] or ['(no output)']
        return 'QEMU could not run a KVM guest (exit %s): %s' % (rc, last[0])
    return None


def hello_image(arch='x86_64'):
    path = os.path.join(qemu.ROOT, 'build', arch, 'images', 'hello.cpio')
    if not os.path.exists(path):
        pytest.fail('not built: ' + path, pytrace=False)
    return path


def boot_hello(machine, timeout, arch='x86_64'):
    cmd = machine + ['-display', 'none', '-no-reboot', '-serial', 'stdio',
                     '-monitor', 'none', '-kernel', kernel_path(arch, 'levitate'),
                     '-initrd', hello_image(arch),
                     '-append', 'console=%s panic=-1' % qemu.CONSOLE[arch]]
    return run(cmd, timeout)


def host_has_tsc_deadline():
    try:
        with open('/proc/cpuinfo') as f:
            return ' tsc_deadline_timer' in f.read()
    except OSError:
        return False


def test_tcg_uses_tsc_and_lapic():
    """Under TCG (no KVM signature): the calibrated TSC and the one-shot
    APIC timer, and the program still runs to power-off."""
    rc, out = boot_hello(qemu.MACHINE['x86_64'], 90)
    assert 'clocksource: Switched to clocksource tsc' in out, out[-3000:]
    assert 'clockevents: lapic (one-shot' in out, out[-3000:]
    assert 'kvm-clock' not in out, out[-3000:]
    assert 'kvm-stealtime' not in out and 'PV EOI' not in out, out[-3000:]
    assert 'Hello, world' in out, out[-3000:]
    assert rc == 0, 'QEMU did not power off by itself (rc %s)\n%s' % (rc, out[-3000:])


def test_kvm_uses_kvmclock_and_tsc_deadline():
    """On real KVM: kvm-clock and, where the host CPU has it, the
    TSC-deadline timer; the program runs to power-off."""
    why = kvm_unusable()
    if why:
        pytest.skip(why)
    machine = ['qemu-system-x86_64', '-M', 'q35', '-accel', 'kvm', '-cpu', 'host',
               '-m', '512M', '-smp', '1', '-bios', qemu.QBOOT]
    rc, out = boot_hello(machine, KVM_BOOT_SECONDS)
    assert 'Hypervisor detected: KVM' in out, out[-3000:]
    assert 'clocksource: Switched to clocksource kvm-clock' in out, out[-3000:]
    if host_has_tsc_deadline():
        assert 'clockevents: lapic-deadline' in out, out[-3000:]
    # KVM offers both by default; the log shows them registered, and the
    # program's interrupts (timer, serial) keep working with PV EOI.
    if ' steal-time' in out:
        assert 'kvm-stealtime: cpu 0, msr ' in out, out[-3000:]
    if ' pv-eoi' in out:
        assert 'kvm: PV EOI enabled' in out, out[-3000:]
    assert 'Hello, world' in out, out[-3000:]
    assert rc == 0, 'QEMU did not power off by itself (rc %s)\n%s' % (rc, out[-3000:])


@pytest.mark.skipif('aarch64' not in ARCHES, reason='aarch64 not selected')
@pytest.mark.parametrize('machine', ['virt', 'virt,virtualization=on'])
def test_tcg_arm64_has_no_pv_time(machine):
    """Arm's stolen time (DEN0057A) is found through SMCCC 1.1 discovery:
    PSCI_FEATURES(SMCCC_VERSION) first, since TCG's firmware takes only
    PSCI's IDs (anything else would be an undefined-instruction trap).
    Under TCG, with PSCI over HVC or (EL2 present) SMC, the kernel finds no
    PV time, says nothing of it, and runs the program to power-off."""
    cmd = list(qemu.MACHINE['aarch64'])
    cmd[cmd.index('virt')] = machine
    rc, out = boot_hello(cmd, 90, 'aarch64')
    assert 'arm-pv' not in out, out[-3000:]
    assert 'Hello, world' in out, out[-3000:]
    assert rc == 0, 'QEMU did not power off by itself (rc %s)\n%s' % (rc, out[-3000:])


def test_kvm_arm64_uses_pv_time():
    """On an arm64 host with KVM, QEMU's virt offers PV_TIME_ST (kvm-steal-time
    is on by default): the log says the stolen-time record is in use."""
    if os.uname().machine != 'aarch64' or not os.path.exists('/dev/kvm'):
        pytest.skip('needs an arm64 host with KVM; this host is %s' % os.uname().machine)
    machine = ['qemu-system-aarch64', '-M', 'virt', '-accel', 'kvm', '-cpu', 'host',
               '-m', '512M', '-smp', '1']
    rc, out = boot_hello(machine, KVM_BOOT_SECONDS, 'aarch64')
    assert 'arm-pv: using stolen time PV' in out, out[-3000:]
    assert 'Hello, world' in out, out[-3000:]
