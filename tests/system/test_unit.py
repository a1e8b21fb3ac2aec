# SPDX-License-Identifier: MIT
"""test_unit.py - run each host unit test (tests/unit/test_*.c, built by
tests/SConscript into build/host/unit/ with ASan and UBSan); each must exit 0.
"""
import glob
import os
import subprocess

import pytest

from qemu import ROOT

UNITS = sorted(os.path.splitext(os.path.basename(p))[0] for p in
               glob.glob(os.path.join(ROOT, 'tests', 'unit', 'test_*.c')))

if UNITS:
    @pytest.mark.parametrize('name', UNITS)
    def test_unit(name):
        exe = os.path.join(ROOT, 'build', 'host', 'unit', name)
        if not os.path.exists(exe):
            pytest.fail("not built: %s" % exe, pytrace=False)
        p = subprocess.run([exe], stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=120)
        out = p.stdout.decode('utf-8', 'replace')
        if p.returncode != 0:
            pytest.fail('%s exited %d\n%s' % (name, p.returncode, out), pytrace=False)
