#!/bin/sh
# SPDX-License-Identifier: MIT
# run.sh - /init of build/<arch>/bbtest.cpio (guest-images/bbtest): run
# BusyBox's own testsuite (testsuite/runtest) in a tmpfs and power off.
# Booted as rdinit=/bin/sh -- /bbtest/run.sh [APPLET,APPLET...]: one
# comma-separated argument (Linux passes init at most 32), none: all.
#
# runtest wants $bindir (one up from the testsuite) to hold busybox and the
# .config it was built with, and writes there and in the testsuite
# directory, so both are copied to a tmpfs on /tmp.  Its PASS/FAIL/SKIPPED/
# UNTESTED lines go to the console between "BBTEST: start" and
# "BBTEST: done <status>", which tests/system/test_busybox_testsuite.py
# parses.
export PATH=/sbin:/bin:/usr/sbin:/usr/bin HOME=/root USER=root LOGNAME=root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs -o mode=0755 devtmpfs /dev
mount -t tmpfs -o mode=1777 tmpfs /tmp
hostname -F /etc/hostname
mkdir /tmp/bb
cp /bin/busybox /bbtest/.config /tmp/bb/
cp -a /bbtest/testsuite /tmp/bb/
cd /tmp/bb/testsuite || exit 1
echo "BBTEST: start"
./runtest $(echo "$1" | tr , " ") </dev/null 2>&1
echo "BBTEST: done $?"
cd /
poweroff -f
