#!/bin/sh
# SPDX-License-Identifier: MIT
# scenarios.sh - the other /init of build/<arch>/bbtest.cpio: run each shell
# scenario of tests/scenarios (in /bbtest/scenarios) with this image's musl
# BusyBox sh, one after another, and power off.  Booted as
# rdinit=/bin/sh -- /bbtest/scenarios.sh.  Nothing is mounted first: a
# scenario sets up what it needs, as when it is the only program
# (test_static_shells.py).  Each one's output is framed by
# "SCENARIO: <name>" and "SCENARIO: <name> exit <status>".
export PATH=/sbin:/bin:/usr/sbin:/usr/bin HOME=/root
for f in /bbtest/scenarios/*.sh; do
	n=${f##*/}
	n=${n%.sh}
	echo "SCENARIO: $n"
	(cd / && exec /bin/sh "$f")
	echo "SCENARIO: $n exit $?"
done
poweroff -f
