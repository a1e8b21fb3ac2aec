# SPDX-License-Identifier: MIT
"""test_busybox_testsuite.py - BusyBox's own testsuite and the shell
scenarios in the guest (issue 4).

build/<arch>/bbtest.cpio (guest-images/bbtest) is the BusyBox image plus
BusyBox's testsuite (testsuite/runtest and its *.tests and applet
directories, from the Debian source the image is built from) and the
.config the binary was built with.  Its /bbtest/run.sh, booted as init,
copies both to a tmpfs, runs runtest on the applets of SELECTION and
powers off.  Both kernels boot it with the same QEMU command, at the same
time; consoles go to build/<arch>/bbtest-console-<kernel>.log.

The oracle is Linux: every test that passes there must pass on LevitateOS.
The ones that do not are listed by name in the failure, with the counts of
both kernels side by side (also in build/<arch>/bbtest-summary.txt).  A
test Linux fails says nothing about LevitateOS (most need what the guest
lacks: a loop device, zip, a network, a time zone database).

The same image's /bbtest/scenarios.sh runs every tests/scenarios/*.sh with
the image's own (musl) BusyBox sh, one boot per kernel; each scenario's
output and exit status must be Linux's (consoles in
build/<arch>/bbtest-scenarios-<kernel>.log).
"""
import difflib
import glob
import os
import re
import subprocess
import threading
import time

import pytest

import qemu
from conftest import ARCHES, kernel_path
from test_busybox import read_cpio

# Applets whose tests run (runtest's names: NAME.tests or a NAME/ folder):
# every one but those that are minutes of arithmetic under TCG - bc, dc,
# factor and the hash vectors (md5sum, sha*sum: a thousand pipelines each,
# ~7 min for the set on both kernels; they pass equally, 60 = 60 on
# x86_64) - and wget (needs a network), all_sourcecode (checks BusyBox's
# source tree, not in the image).  LEVITATE_BBTEST_ALL=1 adds the
# arithmetic, hashes and wget (give it LEVITATE_BBTEST_TIMEOUT=1200).
SELECTION = """
    ash busybox true false pwd which basename dirname id hostname date
    uptime pidof taskset start-stop-daemon mount mdev makedevs mkfs.minix
    cat cp mv rm ln mkdir rmdir touch ls du dd find xargs readlink realpath
    tar cpio gzip gunzip bunzip2 bzcat unzip uncompress
    head tail tee uniq cmp diff patch od hexdump sum cryptpw rev nl paste
    fold strings comm uuencode parse
    sed grep tr cut sort wc printf test awk echo expand unexpand xxd expr
    seq rx hostid ar unlzma cal
""".split()
if os.environ.get('LEVITATE_BBTEST_ALL'):
    SELECTION += 'bc dc factor md5sum sha1sum sha256sum sha512sum sha3sum wget'.split()

KERNEL_NAMES = ['linux', 'levitate']
TIMEOUT = float(os.environ.get('LEVITATE_BBTEST_TIMEOUT', '600'))
SCENARIOS = sorted(os.path.basename(p)[:-3] for p in
                   glob.glob(os.path.join(qemu.ROOT, 'tests', 'scenarios', '*.sh')))
SCENARIO = re.compile(r'^SCENARIO: (\S+)(?: exit (\d+))?$')
KERNEL_LOG = re.compile(r'^\[ *\d+\.\d+\]|^\S+\[\d+\]: ')
RESULT = re.compile(r'^(PASS|FAIL|SKIPPED|UNTESTED): (.*?)\s*$')
DONE = re.compile(r'^BBTEST: done (\d+)')


def fail(msg):
    pytest.fail(msg, pytrace=False)


def image(arch):
    return os.path.join(qemu.ROOT, 'build', arch, 'bbtest.cpio')


class Run:
    """One kernel's boot of the testsuite image, and what runtest printed."""

    def __init__(self, arch, kernel_name, init, log):
        self.arch = arch
        self.kernel_name = kernel_name
        self.init = init            # rdinit=/bin/sh -- INIT
        self.error = None           # why it could not boot at all
        self.results = {}           # (name, nth) -> PASS/FAIL/SKIPPED/UNTESTED
        self.done = None            # runtest's exit status, None: not reached
        self.scenarios = {}         # name -> (output lines, exit status or None)
        self.seconds = 0.0
        self.timed_out = False
        self.tail = ''
        self.log = os.path.join(qemu.ROOT, 'build', arch, '%s-%s.log' % (log, kernel_name))
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        kernel = kernel_path(self.arch, self.kernel_name)
        for p in (kernel, image(self.arch)):
            if not os.path.exists(p):
                self.error = 'not built: ' + p
                return
        append = qemu.cmdline(self.arch, 'rdinit=/bin/sh -- ' + self.init)
        cmd = qemu.batch_command(self.arch, kernel, image(self.arch), append)
        t0 = time.monotonic()
        with open(self.log, 'wb') as f:
            f.write(b'$ %s\n' % ' '.join(cmd).encode())
            f.flush()
            try:
                subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=f,
                               stderr=subprocess.STDOUT, timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.timed_out = True
        self.seconds = time.monotonic() - t0
        with open(self.log, 'rb') as f:
            lines = f.read().decode('utf-8', 'replace').replace('\r', '').split('\n')[1:]
        self.parse(lines)
        self.tail = '\n'.join(lines[-30:])

    def parse(self, lines):
        """Results keyed (name, nth): a name can come twice (two applets'
        tests named alike); the nth keeps them apart in runtest's order."""
        seen = {}
        scenario = None
        for line in lines:
            m = SCENARIO.match(line)
            if m and m.group(2) is None:
                scenario = m.group(1)
                self.scenarios[scenario] = ([], None)
                continue
            if m:
                self.scenarios[m.group(1)] = (self.scenarios.get(m.group(1), ([],))[0],
                                              int(m.group(2)))
                scenario = None
                continue
            if scenario is not None:
                if not KERNEL_LOG.search(line):
                    self.scenarios[scenario][0].append(line)
                continue
            m = RESULT.match(line)
            if m:
                name = m.group(2)
                seen[name] = seen.get(name, 0) + 1
                self.results[(name, seen[name])] = m.group(1)
                continue
            m = DONE.match(line)
            if m:
                self.done = int(m.group(1))

    def count(self, status):
        return sum(1 for s in self.results.values() if s == status)

    def describe(self):
        how = ('killed after %.0f s' % self.seconds if self.timed_out
               else '%.0f s' % self.seconds)
        return '%s (%s, %s)' % (self.kernel_name, how, self.log)


@pytest.fixture(scope='module')
def runs():
    """Every (arch, kernel) boot starts at once; runs(arch) waits for both
    kernels of arch."""
    started = {}
    modes = {'testsuite': ('/bbtest/run.sh ' + ','.join(SELECTION), 'bbtest-console'),
             'scenarios': ('/bbtest/scenarios.sh', 'bbtest-scenarios')}
    for arch in ARCHES:
        for mode, (init, log) in modes.items():
            for k in KERNEL_NAMES:
                started[(arch, mode, k)] = Run(arch, k, init, log)
                started[(arch, mode, k)].thread.start()

    def get(arch, mode):
        for k in KERNEL_NAMES:
            started[(arch, mode, k)].thread.join()
        return [started[(arch, mode, k)] for k in KERNEL_NAMES]
    return get


def test_bbtest_image(arch):
    """The image holds the testsuite, the .config, run.sh and BusyBox."""
    path = image(arch)
    if not os.path.exists(path):
        fail('not built: %s (scons ARCH=%s)' % (path, arch))
    e = read_cpio(path)
    missing = [n for n in ('bbtest/run.sh', 'bbtest/scenarios.sh', 'bbtest/.config', 'bbtest/testsuite/runtest',
                           'bbtest/testsuite/testing.sh', 'bin/busybox', 'bin/sh')
               if n not in e]
    assert not missing, 'missing from %s: %s' % (path, ' '.join(missing))
    assert b'CONFIG_' in e['bbtest/.config'][2]
    missing = [n for n in SCENARIOS if 'bbtest/scenarios/%s.sh' % n not in e]
    assert not missing, 'scenarios missing from %s: %s' % (path, ' '.join(missing))
    absent = [a for a in SELECTION if 'bbtest/testsuite/%s.tests' % a not in e and
              'bbtest/testsuite/' + a not in e]
    assert not absent, 'SELECTION names applets without tests: ' + ' '.join(absent)


# Tests that pass on Linux and are known to fail on LevitateOS, each with
# the missing feature it waits for (written in the note too).  The
# test prints them; it fails when one starts to pass (take it off then) or
# when a test not named here fails.
KNOWN = {}


def summary(linux, lev):
    """Both kernels' counts side by side, then the LevitateOS-only failures."""
    rows = ['%-10s %8s %10s' % ('', 'Linux', 'LevitateOS')]
    for status in ('PASS', 'FAIL', 'SKIPPED', 'UNTESTED'):
        rows.append('%-10s %8d %10d' % (status, linux.count(status), lev.count(status)))
    rows.append('%-10s %8s %10s' % ('time', '%.0f s' % linux.seconds, '%.0f s' % lev.seconds))
    return '\n'.join(rows)


def test_busybox_testsuite(runs, arch):
    """Every BusyBox testsuite test that passes on Linux passes on
    LevitateOS; the ones that do not are listed."""
    linux, lev = runs(arch, 'testsuite')
    for r in (linux, lev):
        if r.error:
            fail('%s on %s: %s' % (r.kernel_name, arch, r.error))
    if linux.done is None or linux.count('PASS') < 100:
        fail('runtest did not finish on Linux: %s\n--- console tail ---\n%s'
             % (linux.describe(), linux.tail))
    table = summary(linux, lev)
    passed = [k for k, s in linux.results.items() if s == 'PASS']
    broken, known, fixed = [], [], []
    for key in passed:
        got = lev.results.get(key)
        name = key[0] + ('' if key[1] == 1 else ' (#%d)' % key[1])
        if key[0] in KNOWN and key[1] == 1:
            (known if got != 'PASS' else fixed).append(
                '  %s: %s (%s)' % (got or 'NOT RUN', name, KNOWN[key[0]]))
        elif got != 'PASS':
            broken.append('  %s: %s' % (got or 'NOT RUN', name))
    text = '%s\n\nLevitateOS-only failures (%d):\n%s\n' % (table, len(broken),
                                                           '\n'.join(broken) or '  none')
    text += 'Known, waiting for a feature (%d):\n%s\n' % (len(known), '\n'.join(known) or '  none')
    with open(os.path.join(qemu.ROOT, 'build', arch, 'bbtest-summary.txt'), 'w') as f:
        f.write(text)
    print(text)
    if lev.done is None:
        fail('runtest did not finish on LevitateOS: %s\n%s\n--- console tail ---\n%s'
             % (lev.describe(), text, lev.tail))
    assert not broken, ('%d tests pass on Linux but not on LevitateOS (%s):\n%s'
                        % (len(broken), lev.describe(), text))
    assert not fixed, ('known failures now pass: take them off KNOWN\n%s'
                       % '\n'.join(fixed))


@pytest.mark.parametrize('scenario', SCENARIOS)
def test_musl_busybox_scenario(runs, arch, scenario):
    """tests/scenarios/<scenario>.sh run by the image's musl BusyBox sh
    prints the same and exits the same on LevitateOS as on Linux."""
    linux, lev = runs(arch, 'scenarios')
    for r in (linux, lev):
        if r.error:
            fail('%s on %s: %s' % (r.kernel_name, arch, r.error))
    lout, lcode = linux.scenarios.get(scenario, ([], None))
    vout, vcode = lev.scenarios.get(scenario, ([], None))
    if lcode is None:
        fail('Linux did not finish %s: %s\n%s' % (scenario, linux.describe(), linux.tail))
    if (vout, vcode) != (lout, lcode):
        diff = '\n'.join(difflib.unified_diff(lout, vout, 'Linux', 'LevitateOS', lineterm=''))
        fail('%s: LevitateOS differs from Linux (exit %s, Linux %s; %s):\n%s'
             % (scenario, vcode, lcode, lev.describe(), diff))
