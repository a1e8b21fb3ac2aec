# SPDX-License-Identifier: MIT
# ipc.sh - System V IPC through unmodified programs: BusyBox syslogd -C keeps
# its log in a shared memory ring guarded by a semaphore set, logger writes
# to it through /dev/log and logread reads it; ipcs lists the segment and
# the set (-a, -m, -s, -q, -l, -u, -c, -p, -t, -i) and ipcrm removes them by
# id (-m, -s, -q) and by key (-M, -S, -Q).  Run like applets.sh; its output
# must be Linux's.  Ids, pids and times are reduced to facts that do not
# vary; polls, not sleeps, decide when each step is done.  An applet the
# running BusyBox lacks (Debian's busybox-static has fewer) is skipped.
export PATH=/sbin:/usr/sbin:/bin:/usr/bin
[ -e /proc/self ] || { mkdir -p /proc && mount -t proc proc /proc; }
APPLETS=$(busybox --list)
have() {
	for a; do
		echo "$APPLETS" | grep -qx "$a" || return 1
	done
}
KEY=0x414e4547          # syslogd's "GENA"
# Wait until "$1" prints a line matching $2.
wait_for() {
	i=0
	while ! eval "$1" 2>/dev/null | grep -q "$2" && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
# ipcs output with ids, pids and dates reduced: $1 is a pid to name SYSLOGD.
tidy() {
	sed -e "s/shmid=$shmid\$/shmid=SHMID/" -e "s/semid=$semid\$/semid=SEMID/" -e "s/cpid=$1\([^0-9]\)/cpid=SYSLOGD\1/" \
	    -e 's/lpid=[0-9][0-9]*/lpid=LAST/' -e '/time *= *Not set/!s/time\( *\)=\( *\).*/time\1=\2DATE/' |
		awk '/^[0-9]+ +-?[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ *$/ { $5 = $5 ? "PID" : 0 } { print }'
}

echo "== ipcs with nothing"
if have ipcs; then
	ipcs
	ipcs -l
	ipcs -u
	ipcs -q
fi

# With syslogd $pid running: what ipcs shows; ipcrm by id and key.
inspect_and_remove() {
	shmid=$(ipcs -m | awk -v k=$KEY '$1 == k { print $2 }')
	semid=$(ipcs -s | awk -v k=$KEY '$1 == k { print $2 }')
	ipcs -m | awk -v k=$KEY '$1 == k { $2 = "SHMID"; print } NR < 4 { print }'
	ipcs -s | awk -v k=$KEY '$1 == k { $2 = "SEMID"; print } NR < 4 { print }'
	ipcs -a | awk -v a=$shmid -v b=$semid '($2 == a || $2 == b) && NF > 4 { $2 = "ID" } { print }'
	ipcs -m -c | awk -v id=$shmid 'NF > 4 && $1 == id { $1 = "SHMID"; print } NR < 4 { print }'
	ipcs -s -c | awk -v id=$semid 'NF > 4 && $1 == id { $1 = "SEMID"; print } NR < 4 { print }'
	ipcs -m -p | awk -v id=$shmid -v p=$pid 'NF == 4 && $1 == id { print "SHMID", $2, $3 == p ? "cpid syslogd" : $3, $4 ? "lpid set" : 0 } NR < 4 { print }'
	ipcs -m -t | awk -v id=$shmid 'NF > 4 && $1 == id { print "SHMID", $2, /Not set/ ? "a time not set" : "times set" }'
	ipcs -m -i $shmid | tidy $pid
	ipcs -s -i $semid | tidy $pid
	awk 'NR == 1 || $1 == 1095648583 { print $1, $3, $4, $7, $8, $9 }' /proc/sysvipc/shm
	awk 'NR == 1 || $1 == 1095648583 { print $1, $3, $4, $5, $6 }' /proc/sysvipc/sem
	cat /proc/sysvipc/msg

	echo "-- ipcrm -m while attached"
	ipcrm -m $shmid && echo "removed"
	ipcs -m | awk -v id=$shmid 'NF > 4 && $2 == id { $2 = "SHMID"; print }'
	ipcrm -M $KEY 2>&1; echo "exit $?"
	kill -9 $pid
	wait $pid 2>/dev/null
	ipcs -m | awk -v id=$shmid 'NF > 4 && $2 == id { print "still there" }'
	ipcrm -m $shmid 2>&1 | sed "s/$shmid/SHMID/"
	ipcs -s | awk -v id=$semid 'NF > 4 && $2 == id { print "the set outlives SIGKILL" }'
	ipcrm -S $KEY && echo "removed the set by key"
	ipcrm -s $semid 2>&1 | sed "s/$semid/SEMID/"

	echo "-- ipcrm -M and -s after SIGKILL"
	rm -f /dev/log
	syslogd -n -C16 &
	pid=$!
	wait_for "ipcs -s" "^$KEY"
	kill -9 $pid
	wait $pid 2>/dev/null
	semid=$(ipcs -s | awk -v k=$KEY '$1 == k { print $2 }')
	ipcs -m | awk -v k=$KEY '$1 == k { print $1, "nattch", $6 }'
	ipcrm -M $KEY && echo "removed the segment by key"
	ipcrm -s $semid && echo "removed the set by id"
	ipcrm -q 12345 2>&1
	ipcrm -Q 0x1234 2>&1; echo "exit $?"
	ipcrm -M 0 2>&1
	ipcs
}

echo "== syslogd -C"
if have syslogd logger logread; then
	syslogd -n -C16 &
	pid=$!
	wait_for "ls /dev/log" log
	wait_for "logread >/dev/null && echo ready" ready
	logger -t ipc "hello through shared memory"
	logger -t ipc -p user.err "second message"
	wait_for logread "second message"
	logread | sed -n 's/.* \([a-z]*\.[a-z]*\) ipc: /\1 /p'
	if have ipcs ipcrm; then
		inspect_and_remove
	else
		kill $pid
		wait $pid 2>/dev/null
	fi
	rm -f /dev/log
fi
echo "== done"
