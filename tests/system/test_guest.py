# SPDX-License-Identifier: MIT
"""test_guest.py - every guest program, on Linux and on LevitateOS, on each
architecture in LEVITATE_ARCH (conftest.py parametrizes `arch`).

A program passes on a kernel when the runner reported it with wait status 0,
it printed at least one check, no FAIL line, and its closing
"N passed, 0 failed" line agrees with the checks it printed.  On Linux a
failure means the test is wrong (Linux is the oracle); on LevitateOS it
means the kernel is.
"""
import pytest

from conftest import guest_programs

KERNEL_NAMES = ['linux', 'levitate']

VERDICT = {
    'linux': 'a check that fails on Linux is a wrong check (Linux is the oracle)',
    'levitate': 'LevitateOS differs from Linux',
}


def fail(msg):
    pytest.fail(msg, pytrace=False)


def booted(boots, arch, kernel):
    b = boots(arch, kernel)
    if b.error:
        fail(b.error)
    return b


@pytest.mark.parametrize('program', guest_programs())
@pytest.mark.parametrize('kernel', KERNEL_NAMES)
def test_program(boots, arch, kernel, program):
    b = booted(boots, arch, kernel)
    p = b.programs.get(program)
    if p is None:
        fail('%s never reported "RUNNER: %s exit ..."\n%s' % (
            program, program, b.describe()))
    out = '--- output of %s on %s (%s) ---\n%s' % (program, kernel, arch,
                                                 '\n'.join(p.lines))
    if p.fails:
        fail('%s\n%s failed %d checks:\n%s\n%s' % (
            VERDICT[kernel], program, len(p.fails), '\n'.join(p.fails), out))
    if not p.oks:
        fail('%s printed no checks (wait status %d)\n%s' % (program, p.status, out))
    if p.closing != (len(p.oks), 0):
        fail('%s: closing line %s does not match its %d ok lines\n%s' % (
            program, p.closing, len(p.oks), out))
    if p.status != 0:
        fail('%s: wait status %d (exit %d, signal %d)\n%s' % (
            program, p.status, (p.status >> 8) & 0xff, p.status & 0x7f, out))


@pytest.mark.parametrize('kernel', KERNEL_NAMES)
def test_runner_powers_off(boots, arch, kernel):
    """The runner finished and reboot(RB_POWER_OFF) made QEMU exit by itself."""
    b = booted(boots, arch, kernel)
    if not any(l.endswith('RUNNER: done') for l in b.lines):
        fail('no "RUNNER: done" on the console\n' + b.describe())
    if b.timed_out or b.returncode != 0:
        fail('QEMU did not exit by itself with status 0\n' + b.describe())
