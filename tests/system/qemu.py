# SPDX-License-Identifier: MIT
"""qemu.py - the QEMU command lines, kept in one place: the system tests
boot both kernels with the same one, and `./levitate run` uses it with an
interactive console.

TCG always (design.md §5: /dev/kvm here is a slow emulation); qboot because
SeaBIOS costs ~0.5 s per boot under TCG.  aarch64 boots QEMU's virt board
with a Cortex-A72 (no firmware: QEMU loads the Image, initrd and DTB).
"""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

QBOOT = '/usr/share/qemu/qboot.rom'

MACHINE = {
    'x86_64': ['qemu-system-x86_64', '-M', 'q35', '-accel', 'tcg', '-cpu', 'max',
               '-m', '512M', '-smp', '1', '-bios', QBOOT],
    'aarch64': ['qemu-system-aarch64', '-M', 'virt', '-cpu', 'cortex-a72',
                '-m', '512M', '-smp', '1', '-accel', 'tcg'],
}

CONSOLE = {'x86_64': 'ttyS0', 'aarch64': 'ttyAMA0'}


def levitate_kernel(arch):
    return os.path.join(ROOT, 'build', arch, 'kernel')


def linux_kernel(arch):
    return os.path.join(ROOT, 'build', 'linux', arch, 'vmlinuz')


def tests_initramfs(arch):
    return os.path.join(ROOT, 'build', arch, 'tests', 'initramfs.cpio')


def cmdline(arch, extra=''):
    """The kernel command line: console, and panic=-1 so a panic (init
    exiting, say) ends QEMU at once under -no-reboot."""
    s = 'console=%s panic=-1 quiet' % CONSOLE[arch]
    return s + (' ' + extra if extra else '')


def batch_command(arch, kernel, initrd, append):
    """Console on stdout, no monitor, no display: for the harness."""
    return MACHINE[arch] + ['-display', 'none', '-no-reboot',
                            '-serial', 'stdio', '-monitor', 'none',
                            '-kernel', kernel, '-initrd', initrd,
                            '-append', append]


def interactive_command(arch, kernel, initrd, append):
    """Console and monitor multiplexed on the terminal (Ctrl-A X quits)."""
    return MACHINE[arch] + ['-nographic', '-no-reboot',
                            '-kernel', kernel, '-initrd', initrd,
                            '-append', append]
