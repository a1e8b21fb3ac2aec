# SPDX-License-Identifier: MIT
# misc.sh - a shell scenario of applets the others leave out: chrt with the
# real-time policies (SCHED_FIFO, SCHED_RR), lsmod (/proc/modules), pmap -x
# against /proc/<pid>/smaps, dmesg's timestamps, lseek on /proc files,
# runit's runsv, sv and svlogd supervising a service, and crond reading a
# crontab.  Run like
# applets.sh; its output must be Linux's.  Pids, times and addresses are
# reduced to facts that do not vary.  An applet the running BusyBox lacks
# is skipped.
export PATH=/sbin:/usr/sbin:/bin:/usr/bin
[ -e /proc/self ] || { mkdir -p /proc && mount -t proc proc /proc; }
mkdir -p /tmp/ms && cd /tmp/ms || exit 1
APPLETS=$(busybox --list)
have() {
	for a; do
		echo "$APPLETS" | grep -qx "$a" || return 1
	done
}
# Wait until pid $1 runs program $2 (a forked job runs the shell first).
wait_comm() {
	for t in $(seq 100); do [ "$(cat /proc/$1/comm 2>/dev/null)" = "$2" ] && return; sleep 0.1; done
}
# Wait until file $1 holds a line matching $2.
wait_line() {
	for t in $(seq 100); do grep -q "$2" "$1" 2>/dev/null && return; sleep 0.1; done
}
# stat's priority, nice, rt_priority and policy fields of pid $1
sched_fields() {
	awk '{ print "prio", $18, "nice", $19, "rt_priority", $40, "policy", $41 }' /proc/$1/stat
}

echo "== chrt"
if have chrt; then
	chrt -f 10 sh -c 'chrt -p $$' | sed "s/^pid [0-9]*'s/pid N's/"
	chrt -r 99 sh -c 'chrt -p $$; awk "{ print \$18, \$40, \$41 }" /proc/$$/stat' |
		sed "s/^pid [0-9]*'s/pid N's/"
	chrt -f 10 chrt -f 20 sh -c 'chrt -p $$' | sed "s/^pid [0-9]*'s/pid N's/"
	sleep 60 &
	p=$!
	wait_comm $p sleep
	chrt -r -p 5 $p | sed "s/^pid $p's/pid PID's/"
	chrt -p $p | sed "s/^pid $p's/pid PID's/"
	sched_fields $p
	chrt -f -p 1 $p >/dev/null && sched_fields $p
	chrt -o -p 0 $p >/dev/null && chrt -p $p | sed "s/^pid $p's/pid PID's/"
	sched_fields $p
	chrt -f -p 0 $p >/dev/null 2>&1 || echo "FIFO at priority 0: refused"
	chrt -r 100 true 2>/dev/null || echo "RR at priority 100: refused"
	have chpst && { chpst -u 1000:1000 chrt -f 1 true 2>/dev/null || echo "FIFO as user 1000: refused"; }
	kill $p
	wait $p 2>/dev/null
	# a FIFO job of equal priority waits until its parent stops running
	chrt -f 10 sh -c 'chrt -f 10 sh -c "echo child >> f.out" &
		i=0; while [ $i -lt 300 ]; do i=$((i + 1)); done
		echo parent >> f.out; wait'
	cat f.out
fi

echo "== lsmod"
cat /proc/modules | wc -l
have lsmod && lsmod | grep -vc '^Module'

echo "== pmap -x"
if have pmap; then
	sleep 60 &
	p=$!
	wait_comm $p sleep
	pmap -x $p | sed -n 2p
	# a file's mappings: size, mode, name (addresses vary under ASLR)
	pmap -x $p | awk '$7 ~ /^\// { print $2, $6, $7 }'
	# the same mappings as smaps has them, in kB
	awk '/^[0-9a-f]+-/ { f = $6 } /^Size:/ && f ~ /^\// { print $2, f }' /proc/$p/smaps
	kill $p
	wait $p 2>/dev/null
fi

echo "== dmesg"
if have dmesg; then
	dmesg | head -1 | grep -c '^\[ *[0-9]*\.[0-9]\{6\}\] '
	dmesg -r | head -1 | grep -c '^<[0-7]>\[ *[0-9]*\.[0-9]\{6\}\] '
fi

echo "== lseek on /proc and /sys"
if have dd; then
	# dd skip= seeks; seq files take SEEK_SET and SEEK_CUR
	dd if=/proc/self/stat bs=1 skip=2 count=3 2>/dev/null | wc -c
fi
if have hexdump; then
	tail -c 5 /proc/version | wc -c
fi

echo "== runsv, sv, svlogd"
if have runsv sv svlogd; then
	mkdir -p svc/log logs
	printf '#!/bin/sh\necho started\nexec sleep 60\n' > svc/run
	printf '#!/bin/sh\nexec svlogd /tmp/ms/logs\n' > svc/log/run
	chmod +x svc/run svc/log/run
	runsv /tmp/ms/svc &
	r=$!
	wait_line logs/current started
	cat logs/current
	for t in $(seq 50); do sv status /tmp/ms/svc | grep -q '^run: .*run: log' && break; sleep 0.1; done
	sv status /tmp/ms/svc | sed 's/(pid [0-9]*) [0-9]*s/(pid N) Ns/g'
	cat svc/supervise/stat
	sv down /tmp/ms/svc
	for t in $(seq 50); do [ "$(cat svc/supervise/stat)" = down ] && break; sleep 0.1; done
	sv status /tmp/ms/svc | sed 's/(pid [0-9]*) [0-9]*s/(pid N) Ns/g; s/ [0-9]*s, normally/ Ns, normally/'
	sv up /tmp/ms/svc
	wait_line logs/current 'started.*' 
	for t in $(seq 50); do [ $(grep -c started logs/current) = 2 ] && break; sleep 0.1; done
	grep -c started logs/current
	sv exit /tmp/ms/svc
	wait $r
	echo "runsv exit $?"
fi

echo "== crond"
if have crond; then
	# It parses the crontab at once; what runs depends on when the next
	# minute starts, so only the parsing is shown.
	mkdir -p cron
	printf '%s\n' '* * * * * echo tick' '5 4 * 1-6 1,3 echo never' > cron/root
	crond -f -d 0 -c /tmp/ms/cron > crond.log 2>&1 &
	c=$!
	wait_line crond.log 'entry:5 4'
	sleep 1
	{ kill $c; wait $c; } 2>/dev/null
	grep -e started -e 'entry:' -e '^[01]*$' crond.log
fi

cd / && rm -rf /tmp/ms
echo "== done"
