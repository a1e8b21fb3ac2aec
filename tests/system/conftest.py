# SPDX-License-Identifier: MIT
"""conftest.py - boot the guest test initramfs on Debian's Linux (the
oracle) and on LevitateOS with the same QEMU command, once per kernel per
architecture per session, and parse the console (tests/README.md,
design.md §5).

Environment:
  LEVITATE_ARCH          architectures, comma separated: x86_64 (default),
                         aarch64, or x86_64,aarch64
  LEVITATE_TESTS=a,b     run only these guest programs (tests=a,b is added
                         to the kernel command line for /init)
  LEVITATE_BOOT_TIMEOUT  seconds per boot before QEMU is killed (120)
  LEVITATE_KERNEL        boot this image as LevitateOS instead of
                         build/<arch>/kernel (one architecture only)
"""
import glob
import os
import re
import shlex
import subprocess
import sys
import time

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

ARCHES = [a for a in os.environ.get('LEVITATE_ARCH', 'x86_64').split(',') if a]
BOOT_TIMEOUT = float(os.environ.get('LEVITATE_BOOT_TIMEOUT', '120'))
TAIL = 40


def kernel_path(arch, kernel_name):
    """The image booted as kernel_name ('linux' or 'levitate') on arch."""
    if kernel_name == 'linux':
        return qemu.linux_kernel(arch)
    if os.environ.get('LEVITATE_KERNEL') and len(ARCHES) == 1:
        return os.path.abspath(os.environ['LEVITATE_KERNEL'])
    return qemu.levitate_kernel(arch)


def guest_programs():
    """Guest programs to run: LEVITATE_TESTS, else every tests/guest/*.c
    but the runner, in name order (the runner's order)."""
    sel = os.environ.get('LEVITATE_TESTS', '').strip()
    if sel:
        return [s for s in sel.split(',') if s]
    srcs = glob.glob(os.path.join(qemu.ROOT, 'tests', 'guest', '*.c'))
    names = sorted(os.path.splitext(os.path.basename(s))[0] for s in srcs)
    return [n for n in names if n != 'init']


RUNNER_EXIT = re.compile(r'RUNNER: (\S+) exit (-?\d+)$')
CHECK = re.compile(r'(ok|FAIL) - (.*)$')
CLOSING = re.compile(r'(\d+) passed, (\d+) failed$')


class Program:
    """What one guest program printed, and how the runner saw it end."""

    def __init__(self, name):
        self.name = name
        self.lines = []
        self.status = None          # wait status; None: never reported

    @property
    def oks(self):
        return [l for l in self.lines if CHECK.search(l) and
                CHECK.search(l).group(1) == 'ok']

    @property
    def fails(self):
        return [l for l in self.lines if CHECK.search(l) and
                CHECK.search(l).group(1) == 'FAIL']

    @property
    def closing(self):
        for l in reversed(self.lines):
            m = CLOSING.search(l)
            if m:
                return int(m.group(1)), int(m.group(2))
        return None


class Boot:
    """One QEMU run: command, console lines, exit, and the parsed programs."""

    def __init__(self, arch, kernel_name, kernel):
        self.arch = arch
        self.kernel_name = kernel_name
        self.kernel = kernel
        self.command = None
        self.lines = []
        self.returncode = None
        self.timed_out = False
        self.seconds = 0.0
        self.error = None           # why it could not boot at all
        self.programs = {}
        self.unreported = []
        self.log = None
        self.proc = None

    def tail(self, n=TAIL):
        return '\n'.join(self.lines[-n:])

    def describe(self):
        if self.error:
            return self.error
        how = ('killed after %.1f s (timeout)' % self.seconds if self.timed_out
               else 'QEMU exited with %s after %.1f s' % (self.returncode, self.seconds))
        return '%s on %s: %s\ncommand: %s\n--- console tail ---\n%s' % (
            self.kernel_name, self.arch, how, shlex.join(self.command), self.tail())

    def parse(self):
        current = []
        for line in self.lines:
            m = RUNNER_EXIT.search(line)
            if m:
                p = Program(m.group(1))
                p.lines, p.status = current, int(m.group(2))
                self.programs[p.name] = p
                current = []
            elif re.search(r'RUNNER: \d+ tests$', line):
                current = []
            else:
                current.append(line)
        # Output of a program that never reported (the kernel hung or died).
        self.unreported = current


def start(arch, kernel_name, programs):
    """Start QEMU on arch's kernel_name with the test initramfs; the console
    goes to build/<arch>/tests/console-<kernel_name>.log (a file, not a
    pipe, so boots can run side by side without anyone draining them)."""
    kernel = kernel_path(arch, kernel_name)
    b = Boot(arch, kernel_name, kernel)
    initrd = qemu.tests_initramfs(arch)
    if arch not in qemu.MACHINE:
        b.error = '%s: no QEMU machine for %s in tests/system/qemu.py' % (kernel_name, arch)
        return b
    for path, what in ((kernel, 'kernel'), (initrd, 'test initramfs')):
        if not os.path.exists(path):
            b.error = '%s on %s: %s not built: %s' % (kernel_name, arch, what, path)
            return b
    extra = ''
    if os.environ.get('LEVITATE_TESTS'):
        extra = 'tests=' + ','.join(programs)
    b.command = qemu.batch_command(arch, kernel, initrd, qemu.cmdline(arch, extra))
    b.log = os.path.join(os.path.dirname(initrd), 'console-%s.log' % kernel_name)
    with open(b.log, 'wb') as f:
        f.write(b'$ %s\n' % shlex.join(b.command).encode())
        f.flush()
        b.t0 = time.monotonic()
        b.proc = subprocess.Popen(b.command, stdin=subprocess.DEVNULL,
                                  stdout=f, stderr=subprocess.STDOUT)
    return b


def finish(b):
    """Wait for a started boot (until BOOT_TIMEOUT after its start, then
    kill it) and parse its console."""
    if b.error or b.returncode is not None:
        return b
    try:
        b.proc.wait(timeout=max(0.0, b.t0 + BOOT_TIMEOUT - time.monotonic()))
    except subprocess.TimeoutExpired:
        b.proc.kill()
        b.proc.wait()
        b.timed_out = True
    b.seconds = time.monotonic() - b.t0
    b.returncode = b.proc.returncode
    with open(b.log, 'rb') as f:
        text = f.read().decode('utf-8', 'replace').replace('\r', '')
    b.lines = text.split('\n')[1:]        # less the "$ command" line
    b.parse()
    return b


def kernels_wanted(session):
    """(arch, kernel) pairs that the selected tests boot, in first-use order."""
    pairs = []
    for item in session.items:
        params = getattr(getattr(item, 'callspec', None), 'params', {})
        if 'kernel' in params:
            pair = (params.get('arch', ARCHES[0]), params['kernel'])
            if pair not in pairs:
                pairs.append(pair)
    return pairs


def pytest_generate_tests(metafunc):
    """Every test that takes `arch` runs once per LEVITATE_ARCH entry."""
    if 'arch' in metafunc.fixturenames:
        metafunc.parametrize('arch', ARCHES)


@pytest.fixture(scope='session')
def boots(request):
    """boots(arch, name) -> Boot.  Every (arch, kernel) the selected tests
    need boots once per session, all at the same time (each QEMU uses one
    host core)."""
    if os.environ.get('LEVITATE_KERNEL') and len(ARCHES) > 1:
        pytest.exit('LEVITATE_KERNEL needs a single LEVITATE_ARCH', returncode=4)
    programs = guest_programs()
    started = {pair: start(pair[0], pair[1], programs)
               for pair in kernels_wanted(request.session)}

    def get(arch, name):
        if (arch, name) not in started:
            started[(arch, name)] = start(arch, name, programs)
        return finish(started[(arch, name)])
    yield get
    for b in started.values():
        if getattr(b, 'proc', None) and b.proc.poll() is None:
            b.proc.kill()
            b.proc.wait()


def boots_at_once(pairs, make):
    """Start make(arch, kernel) (an object with a .thread) for every pair at
    once; return get(arch, kernel), which waits for that one (starting it
    first if it was not among the pairs)."""
    started = {}
    for pair in pairs:
        started[pair] = make(*pair)
        started[pair].thread.start()

    def get(arch, kernel):
        s = started.get((arch, kernel))
        if s is None:
            s = started[(arch, kernel)] = make(arch, kernel)
            s.thread.start()
        s.thread.join()
        return s
    return get
