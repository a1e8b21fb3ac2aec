# SPDX-License-Identifier: MIT
"""test_interactive.py - the BusyBox console typed at like a person (issue 4
item 6), on LevitateOS and on Linux with the same image and QEMU command.

In one session per (arch, kernel): run `sleep` and interrupt it with ^C;
stop a job with ^Z, list it with `jobs`, continue it with `bg` and `fg`,
stop it again and `kill %1`; type into `cat` and end it with ^D; edit a
line with backspace; recall it with the up arrow; then power off.
"""
import os
import time

import pytest

import qemu
from console import Console, ConsoleError
from test_busybox import PROMPT, initramfs

STEP = 45.0


def kernel_path(arch, which):
    return qemu.linux_kernel(arch) if which == 'linux' else qemu.levitate_kernel(arch)


def settle():
    """Let the command start and the shell hand the terminal over (its
    line editor runs the tty raw; the job runs it cooked) before a key that
    the line discipline acts on.  A key that comes while the tty is still
    raw is plain input, on Linux too: 1.5 s was not always enough for
    Linux on hvc0 in a full run on 2 cores."""
    time.sleep(3.0)


def session(c):
    c.expect(PROMPT, 60)
    # ^C interrupts a foreground job; the shell reports 130.
    c.send('sleep 30\n')
    c.expect(rb'sleep 30\r?\n', STEP)
    settle()
    c.send('\x03')
    c.expect(rb'\^C', STEP)
    c.expect(PROMPT, STEP)
    c.send('echo status=$?\n')
    c.expect(rb'\nstatus=130\r?\n', STEP)
    c.expect(PROMPT, STEP)
    # ^Z stops it; jobs, bg, fg, ^Z again, kill %1.
    c.send('sleep 40\n')
    c.expect(rb'sleep 40\r?\n', STEP)
    settle()
    c.send('\x1a')
    c.expect(rb'\^Z', STEP)
    c.expect(rb'Stopped\s+sleep 40', STEP)
    c.expect(PROMPT, STEP)
    c.send('jobs\n')
    c.expect(rb'\[1\]\+?\s+Stopped\s+sleep 40', STEP)
    c.expect(PROMPT, STEP)
    c.send('bg\n')
    c.expect(rb'\[1\]\s+sleep 40', STEP)
    c.expect(PROMPT, STEP)
    c.send('jobs\n')
    c.expect(rb'\[1\]\+?\s+Running\s+sleep 40', STEP)
    c.expect(PROMPT, STEP)
    c.send('fg\n')
    c.expect(rb'sleep 40\r?\n', STEP)
    settle()
    c.send('\x1a')
    c.expect(rb'Stopped\s+sleep 40', STEP)
    c.expect(PROMPT, STEP)
    c.send('kill %1\n')
    c.expect(PROMPT, STEP)
    c.send('jobs; echo jobs-done\n')
    m = c.expect(rb'\njobs-done\r?\n', STEP)
    c.expect(PROMPT, STEP)
    # cat echoes what is typed; ^D at the start of a line ends it.
    c.send('cat\n')
    c.expect(rb'cat\r?\n', STEP)
    settle()
    c.send('typed line\n')
    c.expect(rb'typed line\r?\ntyped line\r?\n', STEP)
    settle()
    c.send('\x04')
    c.expect(PROMPT, STEP)
    # Backspace edits; the up arrow recalls the corrected line.
    c.send('echo abcX\x7fd\n')
    c.expect(rb'\nabcd\r?\n', STEP)
    c.expect(PROMPT, STEP)
    c.send('\x1b[A')
    c.expect(rb'echo abcd', STEP)
    c.send('\n')
    c.expect(rb'\nabcd\r?\n', STEP)
    c.expect(PROMPT, STEP)
    c.send('poweroff\n')
    return c.wait_exit(20), m


@pytest.mark.parametrize('which', ['linux', 'levitate'])
def test_console_like_a_person(arch, which):
    kernel = kernel_path(arch, which)
    for p in (kernel, initramfs(arch)):
        if not os.path.exists(p):
            pytest.fail('not built: ' + p, pytrace=False)
    cmd = qemu.batch_command(arch, kernel, initramfs(arch), qemu.cmdline(arch))
    log = os.path.join(qemu.ROOT, 'build', arch, 'interactive-%s.log' % which)
    c = Console(cmd, log)
    try:
        rc, _ = session(c)
    except ConsoleError as e:
        pytest.fail(str(e), pytrace=False)
    finally:
        c.close()
    assert rc == 0, 'QEMU exited with %s after poweroff' % rc
