# SPDX-License-Identifier: MIT
"""bench.py - what `./levitate bench` runs once things are built (design.md
§5: benchmarks are not tests; they measure and print, and never fail).

Boots LevitateOS and Debian's Linux with the system tests' QEMU command
(tests/system/qemu.py) plus `-icount shift=0,sleep=off`, each with the
benchmark initramfs build/<arch>/images/bench.cpio, whose /init is
tests/bench/bench.c.  It prints BENCH lines as it goes; this reads them and
prints one table: benchmark | LevitateOS | Linux | ratio | goal.

Time under `-icount shift=0,sleep=off` is virtual: the guest's clocks
advance one nanosecond per guest instruction (and jump ahead to the next
timer when the guest idles), so the figures are path lengths, the same on a
busy host as on an idle one.

Boot to /init is the TSC that /init reads as its first statement.  Under
icount, TCG's TSC is QEMU's virtual clock in ns, which is 0 at power-on.
Measured here (QEMU 7.2, q35, qboot): a PVH stub whose first instruction is
rdtsc reads 75,518 (qboot and the PVH loader: 75.5 µs); over a loop of
6,000,000 instructions the TSC advances 6.01 million (the rest: timer
interrupts); Linux calibrates the TSC at 999.993 MHz against the PIT and
refines it to 1000.000 MHz against the HPET, and its CLOCK_MONOTONIC agrees
with the TSC to 2e-5.  So the TSC at /init is virtual ns since power-on,
firmware included.

The microbenchmarks are timed by the guest's CLOCK_MONOTONIC (what programs
see) and, as a ruler that does not trust the kernel under test, by the TSC.
Where a kernel's CLOCK_MONOTONIC disagrees with the TSC by more than 1 %
over the calibration loop, its column uses the TSC figures, and a note says
so.

Not every boot is the same path: Linux randomises its own placement (KASLR,
~3 ms of boot spread here) and each process's address space, and waits on
the RTC, so each kernel is booted PASSES times and the median is shown,
with the spread in the notes.  If a kernel dies or hangs part way, the
benchmarks it finished stand, the one it was in is n/a, and it is booted
again with `skip=` naming what is done.  The console of every boot is kept
in build/<arch>/bench/<kernel>.log.

Then the virtio-blk throughput table: each kernel boots once (or
--blk-runs times, the kernels taking turns; medians and ranges are shown)
with one 64 MiB scratch disk (a fresh sparse raw image, virtio-blk-pci)
and the initramfs of the virtio-blk test with tests/blk/blkbench.c as
/init (Linux's virtio modules included), which times sequential 1 MiB and
random 4 KiB reads and writes on /dev/vda, with O_DIRECT and through the
cache (a sequential read cold and again warm), and prints MB/s.  These run in real time, not under -icount: a guest that
waits for the disk idles, and icount would jump its clock to the next
timer instead of measuring the wait.  So they are wall-clock figures of
TCG on this host, noisy on a busy machine; both kernels run in the same
run, one after the other, and the ratio (LevitateOS / Linux, higher is
better) is what to read.

Standalone: /usr/bin/python3 tools/bench.py [--arch A] [--kernel K] ...
[--blk-only] [--blk-runs N] (nothing is built then; `./levitate bench`
builds first and takes the same --blk-only and --blk-runs).
"""
import argparse
import os
import queue
import re
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'system'))
import qemu  # noqa: E402

ICOUNT = ['-icount', 'shift=0,sleep=off']

# (key in bench.c, label, goal: the most LevitateOS/Linux should be)
BENCHES = [
    ('boot_to_init', 'boot to /init (ms)', 1 / 20),
    ('getppid', 'null syscall: getppid (ns)', 1),
    ('fork_exit_wait', 'fork+exit+wait (ns)', 1),
    ('fork_execve_wait', 'fork+execve+wait (ns)', 1),
    ('pipe_roundtrip', 'pipe round trip, 2 procs (ns)', 1),
    ('page_fault', '4 KiB page fault, 1st touch (ns)', 1),
    ('open_close', 'open+close (ns)', 1),
    ('mmap_munmap_64k', 'mmap+munmap 64 KiB (ns)', 1),
    ('pwrite_4k', '4 KiB pwrite, tmpfs (ns)', 1),
    ('pread_4k', '4 KiB pread, tmpfs (ns)', 1),
]
KEYS = [b[0] for b in BENCHES]

PASSES = 3              # figures per benchmark and kernel; the median is shown
BOOT_TIMEOUT = 45       # wall seconds per boot
BUDGET = 120            # wall seconds for all boots of one kernel
MAX_BOOTS = 4           # boots in one pass (the first and reruns)


def bench_initramfs(arch):
    return os.path.join(ROOT, 'build', arch, 'images', 'bench.cpio')


class Kernel:
    """What the benchmark runs on one kernel gave."""

    def __init__(self, label, path):
        self.label = label
        self.path = path
        self.mono = {}          # key -> [ns/op by CLOCK_MONOTONIC, one per pass]
        self.counter = {}       # key -> [ns/op by the cycle counter, one per pass]
        self.why = {}           # key -> why there is no figure
        self.info = {}          # BENCH-INFO key -> value (the first boot's)
        self.use_counter = False
        self.notes = []
        self.wall = 0.0
        self.boots = 0
        self.passes = 0

    def values(self, key):
        """This kernel's figures for key, one per pass that gave one."""
        mono = [v for v in self.mono.get(key, []) if v is not None]
        counter = [v for v in self.counter.get(key, []) if v is not None]
        return counter if self.use_counter or len(mono) < len(counter) else mono

    def value(self, key):
        """The median of the passes' figures; None: no figure."""
        v = sorted(self.values(key))
        if not v:
            return None
        n = len(v)
        return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def _num(s):
    try:
        return float(s)
    except ValueError:
        return None


def boot(arch, kernel, initrd, skip, timeout, log):
    """Boot once; return (console lines, how it ended)."""
    extra = 'skip=' + ','.join(skip) if skip else ''
    cmd = qemu.batch_command(arch, kernel, initrd, qemu.cmdline(arch, extra)) + ICOUNT
    log.write('$ %s\n' % ' '.join(cmd))
    log.flush()
    try:
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, cwd=ROOT)
    except OSError as e:
        return [], 'QEMU did not start: %s' % e
    q = queue.Queue()

    def reader():
        for raw in p.stdout:
            q.put(raw.decode('utf-8', 'replace').rstrip('\r\n'))
        q.put(None)

    threading.Thread(target=reader, daemon=True).start()
    lines, ended, deadline = [], None, time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            ended = 'timed out after %d s (wall)' % timeout
            break
        try:
            line = q.get(timeout=left)
        except queue.Empty:
            continue
        if line is None:
            break
        lines.append(line)
        log.write(line + '\n')
        if line.strip() == 'BENCH-DONE':
            # Give the power-off a moment; the figures are in either way.
            deadline = min(deadline, time.monotonic() + 10)
    if p.poll() is None:
        p.kill()
    rc = p.wait()
    if ended is None:
        ended = 'QEMU exited with status %d' % rc
    log.write('# %s\n' % ended)
    log.flush()
    return lines, ended


ALARM = re.compile(r'BUG|Oops|panic|Attempted to kill|fault|error', re.I)


def last_words(lines):
    """The console line that best says what went wrong: the first alarming
    one, else the last one that is not ours."""
    mine = [l.strip() for l in lines if l.strip() and not l.startswith('BENCH')]
    pick = next((l for l in mine if ALARM.search(l)), mine[-1] if mine else None)
    if pick and len(pick) > 70:
        pick = pick[:67] + '...'
    return pick


def one_pass(arch, k, initrd, skip, timeout, deadline, max_boots, log):
    """One figure for every benchmark not in skip: boot k, and boot it
    again past a benchmark it dies or hangs in.  Returns (figures: key ->
    (mono, counter), reasons: key -> why not, whether /init ran)."""
    got, why, boots, reached_init = {}, {}, 0, False
    last = None                 # why the pass ended early
    while True:
        settled = set(got) | set(why) | set(skip)
        if all(key in settled for key in KEYS):
            break
        left = deadline - time.monotonic()
        if boots >= max_boots:
            last = 'not reached in %d boots' % boots
            break
        if boots and left < 15:
            last = 'not reached: time budget spent'
            break
        boots += 1
        k.boots += 1
        lines, ended = boot(arch, k.path, initrd,
                            sorted(settled - {'boot_to_init'}),
                            min(timeout, max(left, 15)), log)
        started, done, this_init = None, False, False
        for l in lines:
            f = l.split()
            if not f:
                continue
            if f[0] == 'BENCH-INFO' and len(f) >= 3:
                k.info.setdefault(f[1], ' '.join(f[2:]))
                this_init = True
            elif f[0] == 'BENCH-START' and len(f) >= 2:
                started = f[1]
            elif f[0] == 'BENCH' and len(f) >= 4 and f[1] in KEYS:
                this_init = True
                if f[1] not in got:     # boot_to_init: the pass's first boot
                    got[f[1]] = (_num(f[2]), _num(f[3]))
                why.pop(f[1], None)
                started = None
            elif f[0] == 'BENCH-FAIL' and len(f) >= 2 and f[1] in KEYS:
                reason = ' '.join(f[2:])
                if not reason.startswith('skipped'):
                    why[f[1]] = reason
                started = None
            elif f[0] == 'BENCH-DONE':
                done = True
        reached_init = reached_init or this_init
        progress = len(set(got) | set(why) | set(skip)) > len(settled)
        if done:
            if not progress:
                last = '/init finished without reporting it'
                break
            continue
        # The kernel died or hung.  Blame the benchmark it was in.
        words = last_words(lines)
        tail = ended + ('; console: %r' % words if words else '')
        if not this_init:
            last = '/init not reached: ' + tail
            break
        if started and started not in got:
            why[started] = 'kernel died or hung in it: ' + tail
        elif not progress:
            last = 'kernel died or hung before it: ' + tail
            break
    for key in KEYS:
        if key not in got and key not in why and key not in skip:
            why[key] = last or 'no figure'
    return got, why, reached_init


def run_kernel(arch, k, initrd, timeout=BOOT_TIMEOUT, budget=BUDGET,
               passes=PASSES, max_boots=MAX_BOOTS):
    """passes figures for every benchmark on k, or reasons why not."""
    logdir = os.path.join(ROOT, 'build', arch, 'bench')
    os.makedirs(logdir, exist_ok=True)
    t_start = time.monotonic()
    deadline = t_start + budget
    with open(os.path.join(logdir, k.label.lower() + '.log'), 'w') as log:
        for n in range(passes):
            if n and deadline - time.monotonic() < 15:
                k.notes.append('time budget (%d s) spent after %d pass%s' % (
                    budget, n, '' if n == 1 else 'es'))
                break
            # A benchmark that failed before is not tried again.
            got, why, reached = one_pass(arch, k, initrd, sorted(k.why), timeout,
                                         deadline, max_boots, log)
            k.passes += 1
            for key, (mono, counter) in got.items():
                k.mono.setdefault(key, []).append(mono)
                k.counter.setdefault(key, []).append(counter)
            for key, reason in why.items():
                if key not in k.counter:
                    k.why.setdefault(key, reason)
            if not reached:
                break
    k.wall = time.monotonic() - t_start
    clock_check(k)
    spread(k)
    return k


def clock_check(k):
    """Does k's CLOCK_MONOTONIC agree with the counter (virtual ns)?"""
    try:
        insns = int(k.info['loop_insns'])
        ticks = int(k.info['loop_ticks'])
        hz = int(k.info.get('counter_hz', 0))
        cns = ticks * 1e9 / hz if hz else ticks
        mono = int(k.info['loop_ns'])
        if mono <= 0:
            k.use_counter = True
            k.notes.append('CLOCK_MONOTONIC failed: figures are by the counter')
            return
        k.notes.append('clock check, a %s-instruction loop: counter %.4f ns/'
                       'instruction (timer interrupts included), CLOCK_MONOTONIC'
                       '/counter %.5f, CLOCK_MONOTONIC resolution %s ns' % (
                           format(insns, ','), cns / insns, mono / cns,
                           k.info.get('monotonic_res_ns', '?')))
        if abs(mono / cns - 1) > 0.01:
            k.use_counter = True
            k.notes.append('CLOCK_MONOTONIC is more than 1 % off the counter: '
                           'its figures are by the counter')
    except (KeyError, ValueError, ZeroDivisionError):
        if k.counter:
            k.notes.append('no clock check; figures by CLOCK_MONOTONIC')


def spread(k):
    """A note on how much the passes differ."""
    worst = None
    for key in KEYS:
        v = k.values(key)
        if len(v) > 1 and k.value(key):
            s = (max(v) - min(v)) / k.value(key)
            if worst is None or s > worst[0]:
                worst = (s, key)
    if worst:
        k.notes.append('%d passes, medians shown; widest spread (max-min)/'
                       'median %.2f %% (%s)' % (k.passes, worst[0] * 100, worst[1]))


def fmt(v, key):
    if v is None:
        return 'n/a'
    if key == 'boot_to_init':
        return '%.3f' % (v / 1e6)
    return '%.1f' % v if v < 1000 else format(int(round(v)), ',')


def table(arch, kernels):
    lev, lin = kernels
    out = []
    out.append('levitate bench, %s: %s, -icount shift=0,sleep=off: virtual '
               'time, 1 ns = 1 guest instruction' % (
                   arch, ' '.join(qemu.MACHINE[arch][1:3])))
    w = max(len(b[1]) for b in BENCHES)
    out.append('%-*s %12s %12s %8s  %s' % (w, 'benchmark', lev.label, lin.label,
                                          'ratio', 'goal'))
    out.append('-' * (w + 50))
    for key, label, goal in BENCHES:
        a, b = lev.value(key), lin.value(key)
        g = '<= 1/%d' % round(1 / goal) if goal < 1 else '<= 1'
        if a is not None and b:
            r = a / b
            ratio = '%.3f' % r if r < 0.1 else '%.2f' % r
            g += ' met' if r <= goal else ' missed'
        else:
            ratio = 'n/a'
        out.append('%-*s %12s %12s %8s  %s' % (w, label, fmt(a, key),
                                               fmt(b, key), ratio, g))
    for k in kernels:
        out.append('')
        out.append('%s (%s): %d boot%s, %.0f s wall' % (
            k.label, os.path.relpath(k.path, ROOT), k.boots,
            '' if k.boots == 1 else 's', k.wall))
        for n in k.notes:
            out.append('  ' + n)
        reasons = {}
        for key in KEYS:
            if k.value(key) is None:
                reasons.setdefault(k.why.get(key, 'no figure'), []).append(key)
        for reason, keys in reasons.items():
            names = 'all' if len(keys) == len(KEYS) else ', '.join(keys)
            out.append('  n/a (%s): %s' % (names, reason))
    return '\n'.join(out)


# ---- virtio-blk throughput ---------------------------------------------

# (key in blkbench.c, label)
BLK_BENCHES = [
    ('direct_seq_write_1m', 'O_DIRECT seq write 1 MiB (MB/s)'),
    ('direct_seq_read_1m', 'O_DIRECT seq read 1 MiB (MB/s)'),
    ('direct_rand_read_4k', 'O_DIRECT random read 4 KiB (MB/s)'),
    ('direct_rand_write_4k', 'O_DIRECT random write 4 KiB (MB/s)'),
    ('cached_seq_write_1m', 'cached seq write 1 MiB+fsync (MB/s)'),
    ('cached_seq_read_1m', 'cached seq read 1 MiB, cold (MB/s)'),
    ('cached_seq_read_1m_warm', 'cached seq read 1 MiB, warm (MB/s)'),
    ('cached_rand_read_4k', 'cached random read 4 KiB (MB/s)'),
    ('cached_rand_write_4k', 'cached random write 4 KiB+fsync (MB/s)'),
]
BLK_DISK = 64 * 1024 * 1024
BLK_TIMEOUT = 60        # wall seconds per boot


def blk_boot(arch, kernel, initrd, logdir, label):
    """Boot kernel with a scratch disk; return ({key: MB/s}, {key: why})."""
    img = os.path.join(logdir, 'blk-%s.img' % label.lower())
    with open(img, 'wb') as f:
        f.truncate(BLK_DISK)
    cmd = qemu.batch_command(arch, kernel, initrd, qemu.cmdline(arch)) + [
        '-drive', 'file=%s,if=none,format=raw,id=bd,discard=unmap' % img,
        '-device', 'virtio-blk-pci,drive=bd']
    figures, why = {}, {}
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=BLK_TIMEOUT, cwd=ROOT)
        out, ended = p.stdout, 'QEMU exited with status %d' % p.returncode
    except subprocess.TimeoutExpired as e:
        out, ended = e.stdout or b'', 'timed out after %d s (wall)' % BLK_TIMEOUT
    except OSError as e:
        out, ended = b'', 'QEMU did not start: %s' % e
    text = out.decode('utf-8', 'replace').replace('\r', '')
    with open(os.path.join(logdir, 'blk-%s.log' % label.lower()), 'w') as log:
        log.write('$ %s\n%s# %s\n' % (' '.join(cmd), text, ended))
    os.unlink(img)
    for line in text.split('\n'):
        f = line.split()
        if len(f) >= 3 and f[0] == 'BLKBENCH' and _num(f[2]) is not None:
            figures[f[1]] = _num(f[2])
        elif len(f) >= 2 and f[0] == 'BLKBENCH-FAIL':
            why[f[1]] = ' '.join(f[2:])
    for key, _ in BLK_BENCHES:
        if key not in figures:
            why.setdefault(key, ended)
    return figures, why


def blk_initramfs(arch):
    """The virtio-blk test's initramfs with blkbench as /init; (path, why)."""
    try:
        import test_virtio_blk
        return test_virtio_blk.initramfs(arch, 'blkbench'), None
    except BaseException as e:      # pytest.fail is an exception too
        return None, 'no blkbench initramfs: %s' % (str(e) or type(e).__name__)


def _median(v):
    v = sorted(v)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def _blk_cell(v):
    """A table cell: the median of the runs' figures, and their range when
    there are several."""
    if not v:
        return 'n/a'
    if len(v) == 1:
        return '%.1f' % v[0]
    return '%.1f (%.0f-%.0f)' % (_median(v), min(v), max(v))


def blk_run(arch, kernels, problems, runs=1):
    """Boot each kernel runs times with blkbench, the kernels taking turns
    (so that a slow spell of a shared host hits both); print the throughput
    table: medians, and with several runs their range."""
    logdir = os.path.join(ROOT, 'build', arch, 'bench')
    os.makedirs(logdir, exist_ok=True)
    initrd, bad = blk_initramfs(arch)
    figures = [{} for _ in kernels]         # key -> [MB/s, one per run]
    whys = [{} for _ in kernels]
    for n in range(runs):
        for i, (name, k) in enumerate(kernels):
            why = bad or problems.get(name)
            if not why and not os.path.isfile(k.path):
                why = '%s is missing' % os.path.relpath(k.path, ROOT)
            if why:
                whys[i] = {key: why for key, _ in BLK_BENCHES}
                continue
            print('bench: virtio-blk throughput on %s%s' % (
                k.label, ' (run %d of %d)' % (n + 1, runs) if runs > 1 else ''),
                flush=True)
            got, why = blk_boot(arch, k.path, initrd, logdir, k.label)
            for key, v in got.items():
                figures[i].setdefault(key, []).append(v)
            for key, r in why.items():
                whys[i].setdefault(key, r)
    (lev, lin), (lev_why, lin_why) = figures, whys
    w = max(len(b[1]) for b in BLK_BENCHES)
    cw = 18 if runs > 1 else 12
    out = ['', 'virtio-blk throughput, %s, 64 MiB raw disk, TCG wall clock (not '
           'icount): MB/s, higher is better%s' % (
               arch, '; median (min-max) of %d runs' % runs if runs > 1 else ''),
           '%-*s %*s %*s %8s' % (w, 'benchmark', cw, 'LevitateOS', cw, 'Linux', 'ratio'),
           '-' * (w + 2 * cw + 12)]
    for key, label in BLK_BENCHES:
        a, b = lev.get(key), lin.get(key)
        ratio = '%.2f' % (_median(a) / _median(b)) if a and b and _median(b) else 'n/a'
        out.append('%-*s %*s %*s %8s' % (w, label, cw, _blk_cell(a), cw, _blk_cell(b),
                                         ratio))
    for label, why, got in (('LevitateOS', lev_why, lev), ('Linux', lin_why, lin)):
        reasons = {}
        for key, r in why.items():
            reasons.setdefault(r, []).append(
                key if key not in got else '%s (%d of %d runs)' % (
                    key, runs - len(got[key]), runs))
        for r, keys in reasons.items():
            out.append('  %s n/a (%s): %s' % (label, ', '.join(keys), r))
    print('\n'.join(out), flush=True)


def run(arch, levitate=None, linux=None, initrd=None, problems=None,
        timeout=BOOT_TIMEOUT, passes=PASSES, blk=True, blk_only=False, blk_runs=1):
    """Benchmark both kernels and print the table.  problems maps 'levitate',
    'linux' or 'initramfs' to why that one cannot be run (a failed build,
    say).  blk_runs: boots of each kernel for the virtio-blk table.
    Returns 0: benchmarks never fail anything."""
    problems = dict(problems or {})
    initrd = initrd or bench_initramfs(arch)
    lev = Kernel('LevitateOS', levitate or os.path.abspath(
        os.environ.get('LEVITATE_KERNEL') or qemu.levitate_kernel(arch)))
    lin = Kernel('Linux', linux or qemu.linux_kernel(arch))
    if arch not in qemu.MACHINE:
        print('bench: no QEMU machine for %s in tests/system/qemu.py' % arch, flush=True)
        return 0
    if blk_only:
        blk_run(arch, (('levitate', lev), ('linux', lin)), problems, blk_runs)
        return 0
    if not os.path.isfile(initrd):
        problems.setdefault('initramfs', '%s is missing' % os.path.relpath(initrd, ROOT))
    for name, k in (('linux', lin), ('levitate', lev)):
        why = problems.get('initramfs') or problems.get(name)
        if not why and not os.path.isfile(k.path):
            why = '%s is missing' % os.path.relpath(k.path, ROOT)
        if why:
            for key in KEYS:
                k.why[key] = why
            continue
        print('bench: booting %s (%s) under -icount shift=0,sleep=off, %d passes'
              % (k.label, os.path.relpath(k.path, ROOT), passes), flush=True)
        run_kernel(arch, k, initrd, timeout=timeout, passes=passes)
    print()
    print(table(arch, (lev, lin)), flush=True)
    if blk:
        blk_run(arch, (('levitate', lev), ('linux', lin)), problems, blk_runs)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--arch', default='x86_64')
    ap.add_argument('--kernel', help='LevitateOS image (build/<arch>/kernel)')
    ap.add_argument('--linux', help='Linux image (build/linux/<arch>/vmlinuz)')
    ap.add_argument('--initrd', help='benchmark initramfs (build/<arch>/images/bench.cpio)')
    ap.add_argument('--timeout', type=int, default=BOOT_TIMEOUT,
                    help='wall seconds per boot (%d)' % BOOT_TIMEOUT)
    ap.add_argument('--passes', type=int, default=PASSES,
                    help='boots per kernel; medians are shown (%d)' % PASSES)
    ap.add_argument('--no-blk', action='store_true', help='skip the virtio-blk table')
    ap.add_argument('--blk-only', action='store_true', help='only the virtio-blk table')
    ap.add_argument('--blk-runs', type=int, default=1,
                    help='boots per kernel for the virtio-blk table; medians '
                    'and ranges are shown (1)')
    a = ap.parse_args()
    return run(a.arch, a.kernel and os.path.abspath(a.kernel),
               a.linux and os.path.abspath(a.linux),
               a.initrd and os.path.abspath(a.initrd), timeout=a.timeout,
               passes=a.passes, blk=not a.no_blk, blk_only=a.blk_only,
               blk_runs=max(1, a.blk_runs))


if __name__ == '__main__':
    sys.exit(main())
