# SPDX-License-Identifier: MIT
# system.sh - a shell scenario of BusyBox's system applets that the other
# scenarios leave out: sysctl, /proc/<pid> readers (pwdx, lsof, pstree,
# pgrep, pkill, fuser), scheduling (nice, renice, taskset, chrt, ionice),
# setpriv, setsid, killall5, timeout, time, ts, watch, script, flock,
# start-stop-daemon, runit's chpst, softlimit and envdir, crontab, file
# system makers on image files, mountpoint, readahead, mpstat, dmesg.  Run like applets.sh; its
# output must be Linux's.  Pids, times and device numbers are reduced to
# facts that do not vary.  An applet the running BusyBox lacks (Debian's
# busybox-static has fewer) is skipped.
export PATH=/sbin:/usr/sbin:/bin:/usr/bin
[ -e /proc/self ] || { mkdir -p /proc && mount -t proc proc /proc; }
mkdir -p /tmp/sy && cd /tmp/sy || exit 1
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

echo "== sysctl"
if have sysctl; then
	old=$(uname -n)
	sysctl kernel.ostype
	sysctl -n kernel.cap_last_cap
	sysctl -w kernel.hostname=sysctl-test
	uname -n
	cat /proc/sys/kernel/hostname
	echo written > /proc/sys/kernel/hostname
	sysctl kernel.hostname
	sysctl -w kernel.domainname=example.org >/dev/null && uname -a | grep -c example.org
	sysctl -n kernel.no_such_key 2>/dev/null || echo "no such key"
	sysctl -w kernel.hostname="$old" >/dev/null
	[ "$(uname -n)" = "$old" ] && echo "hostname restored"
fi

echo "== process files"
sleep 61 &
p=$!
wait_comm $p sleep
sed "s/^$p:/PID:/" /proc/$p/stat >/dev/null
have pwdx && pwdx $p | sed "s/^$p:/PID:/"
awk '$6 ~ /busybox$/ { print $2, $3 } $6 == "[stack]" { print $2, $6 }' /proc/$p/maps
[ "$(ls /proc/$p/task)" = $p ] && echo "task lists the pid"
awk '{ print $1 }' /proc/$p/task/$p/comm
have pmap && pmap $p | awk '$NF ~ /busybox$/ { print $2, $3 } NR == 1 { print $2, $3 }'
have lsof && lsof -p $p | awk -v p=$p '$1 == p { print $3, $4 }'
have pstree && pstree $p && pstree -p $p | sed "s/($p)/(PID)/"
have pgrep && [ "$(pgrep -f 'sleep 61')" = $p ] && echo "pgrep -f finds the job"
have pgrep && pgrep -l -f 'sleep 61' | sed "s/^$p /PID /"
have pgrep && { pgrep -x no-such-program || echo "pgrep: no match"; }
have pkill && pkill -0 -f 'sleep 61' && echo "pkill -0 reaches it"
have fuser && { fuser /tmp/sy 2>/dev/null | tr ' ' '\n' | grep -qx $p && echo "fuser sees the job's cwd"; }

echo "== scheduling"
if have nice; then
	nice -n 5 nice
	nice -n 5 nice -n 3 nice
fi
have renice && renice -n 4 -p $p && awk '{ print "nice", $19 }' /proc/$p/stat
if have taskset; then
	taskset -p $p | sed "s/^pid $p's/pid PID's/"
	taskset -c 0 echo "taskset -c 0 ran"
	taskset 1 sh -c 'taskset -p $$ | sed "s/.*: /mask /"'
	taskset -p 1 $p | sed "s/^pid $p's/pid PID's/"
fi
if have chrt; then
	chrt -p $p | sed "s/^pid $p's/pid PID's/"
	chrt -m
	chrt -b -p 0 $p | sed "s/^pid $p's/pid PID's/"
	awk '{ print "policy", $41 }' /proc/$p/stat
	chrt -i 0 sh -c 'chrt -p $$' | sed "s/^pid [0-9]*'s/pid N's/"
	chrt -o -p 0 $p >/dev/null && chrt -p $p | sed "s/^pid $p's/pid PID's/"
	chrt -b 1 true 2>/dev/null || echo "chrt -b 1: refused"
fi
if have ionice; then
	ionice -p $p
	ionice -c 3 -p $p && ionice -p $p
	ionice -c 2 -n 5 sh -c 'ionice -p $$'
fi
have nproc && nproc
if have setpriv; then
	setpriv --nnp grep NoNewPrivs /proc/self/status
	setpriv -d
fi
kill $p; wait $p 2>/dev/null
# killall5 signals every process outside this session but init.
if have killall5 setsid; then
	setsid sleep 64 &
	s=$!
	wait_comm $s sleep
	[ "$(awk '{ print $6 }' /proc/$s/stat)" = $s ] && echo "setsid: a session of its own"
	# ash may say "Terminated" for the job, or not, by which of the two
	# children it reaps first: a race, not the kernel's behaviour.
	{ killall5 -TERM; echo "killall5 status $?"; wait $s; echo "the other session's job: status $?"; } 2>/dev/null
fi

echo "== timeout, time, ts, watch"
{ timeout 1 sleep 10; echo "timeout status $?"; } 2>/dev/null
{ timeout -s KILL 1 sleep 10; echo "timeout -s KILL status $?"; } 2>/dev/null
timeout 5 echo "timeout lets it finish"
busybox time true 2>&1 | awk '{ print $1 }'
have ts && printf 'a\nb\n' | ts '[x]'
have watch && { timeout 3 watch -t -n 10 echo watched | tr '\033' '\n' | grep -c watched; } 2>/dev/null

echo "== script"
if have script; then
	[ -c /dev/ptmx ] || mknod /dev/ptmx c 5 2
	mkdir -p /dev/pts
	if ! grep -q ' /dev/pts ' /proc/mounts; then mount -t devpts devpts /dev/pts && pts=1; fi
	script -q -c 'echo in script; tty; [ -t 0 ] && echo "stdin is a tty"' log | tr -d '\r'
	tr -d '\r' < log
	[ "$pts" ] && umount /dev/pts
fi

echo "== flock"
if have flock; then
	flock lk -c 'echo "flock ran the command"'
	(exec 9>lk && flock 9 && exec sleep 62) &
	q=$!
	for t in $(seq 100); do flock -n lk true || break; sleep 0.1; done
	flock -n lk true || echo "flock -n: held by the job"
	kill $q; wait $q 2>/dev/null
	flock -n lk true && echo "flock -n: free again"
	exec 8>lk2 && flock -x 8 && echo "flock on fd 8" && flock -u 8 && exec 8>&-
fi

echo "== start-stop-daemon"
if have start-stop-daemon; then
	start-stop-daemon -S -b -m -p ssd.pid -x /bin/sleep -- 63 && echo started
	for t in $(seq 100); do [ -s ssd.pid ] && [ "$(cat /proc/$(cat ssd.pid)/comm 2>/dev/null)" = sleep ] && break; sleep 0.1; done
	start-stop-daemon -K -t -p ssd.pid >/dev/null && echo "-K -t: running"
	d=$(cat ssd.pid)
	start-stop-daemon -K -p ssd.pid -s TERM | sed "s/$d/PID/" && echo stopped
	for t in $(seq 100); do [ -e /proc/$d ] || break; sleep 0.1; done
	start-stop-daemon -K -t -p ssd.pid 2>&1 | sed "s/$d/PID/"
fi

echo "== runit tools"
mkdir -p env
echo hello > env/GREETING
have envdir && envdir env sh -c 'echo "envdir: $GREETING"'
have chpst && chpst -e env sh -c 'echo "chpst -e: $GREETING"'
have chpst nice && chpst -n 3 nice
have chpst && chpst -o 20 sh -c 'ulimit -n'
have chpst && chpst -u 1000:1000 id -u 2>&1
have softlimit && softlimit -o 30 sh -c 'ulimit -n'
have softlimit && softlimit -f 1 sh -c 'ulimit -f'
have setuidgid && setuidgid 1000 id -u 2>&1 | head -n 1

echo "== crontab"
if have crontab; then
	# crontab wants the user's name: a minimal passwd where there is none.
	[ -e /etc/passwd ] || { mkdir -p /etc && echo 'root:x:0:0:root:/root:/bin/sh' > /etc/passwd && pw=1; }
	mkdir -p cron
	echo '0 5 * * * echo morning' > tab
	crontab -c cron tab && crontab -c cron -l
	crontab -c cron -r && { crontab -c cron -l 2>/dev/null || echo "crontab removed"; }
	[ "$pw" ] && rm /etc/passwd
fi

echo "== file system images"
if have truncate mkfs.minix fsck.minix; then
	truncate -s 1440k minix.img
	mkfs.minix minix.img
	fsck.minix minix.img >/dev/null 2>&1; echo "fsck.minix status $?"
fi
if have mkdosfs; then
	truncate -s 1440k fat.img
	mkdosfs -n LEVITATE fat.img && dd if=fat.img bs=1 skip=71 count=19 2>/dev/null; echo
fi
if have mke2fs; then
	truncate -s 2048k ext2.img
	mke2fs -F -q -L lev ext2.img 2>&1 | grep -v -i uuid
	dd if=ext2.img bs=1 skip=1080 count=2 2>/dev/null | od -An -tx1
fi
if have mkswap; then
	truncate -s 1024k swap.img
	mkswap -L sw swap.img | grep -v UUID
	dd if=swap.img bs=1 skip=4086 count=10 2>/dev/null; echo
	cat /proc/swaps
fi

echo "== mountpoint, readahead, mpstat, dmesg"
if have mountpoint; then
	mountpoint /proc
	mountpoint /tmp/sy/env || echo "env is not one"
	mountpoint -q /proc && echo "mountpoint -q /proc"
	mountpoint -d /proc | grep -c '^[0-9]*:[0-9]*$'
	mountpoint -x /dev/null
fi
echo data > ra
have readahead && readahead ra && echo "readahead ok"
have readahead && { readahead /dev/null 2>/dev/null; echo "readahead on /dev/null: $?"; }
have mpstat && mpstat | awk 'NR == 3 { $1 = ""; print }'
have mpstat && mpstat -P ALL | awk 'NR > 3 { print $2 }'
dmesg -c > /dev/null && echo "dmesg -c"
dmesg -n 1 && echo "dmesg -n"

cd / && rm -rf /tmp/sy
echo "== done"
