# SPDX-License-Identifier: MIT
# ns.sh - a shell scenario of namespaces: the links of /proc/<pid>/ns,
# BusyBox's unshare -u (a host name of its own) and -m (a copy of the
# mount tree, made private recursively unless --propagation says
# otherwise; "unchanged" is not tried: BusyBox 1.35 then mounts with no
# flags, which is EINVAL), unshare --mount-proc, and nsenter -t PID -u -m
# into a running process's namespaces.  Run like applets.sh; its output must be Linux's.  Peer
# group numbers are reduced to "shared:N".  An applet the running BusyBox
# lacks (Debian's busybox-static has fewer) is skipped.
export PATH=/sbin:/usr/sbin:/bin:/usr/bin
[ -e /proc/self ] || { mkdir -p /proc && mount -t proc proc /proc; }
mkdir -p /tmp/ns && cd /tmp/ns || exit 1
APPLETS=$(busybox --list)
have() {
	for a; do
		echo "$APPLETS" | grep -qx "$a" || return 1
	done
}
# prop MP: the optional fields of mount point MP's mountinfo line ("-": none).
cat > /tmp/ns/prop <<'EOF'
awk -v mp="$1" '$5 == mp { f = ""; for (i = 7; $i != "-"; i++) f = f " " $i;
	print (f == "" ? "-" : f) }' /proc/self/mountinfo | sed 's/shared:[0-9]*/shared:N/g'
EOF
prop() { sh /tmp/ns/prop "$@"; }

echo "== ns links"
ls /proc/self/ns | cat
for n in uts ipc pid pid_for_children user cgroup time time_for_children; do
	readlink /proc/self/ns/$n
done
[ "$(readlink /proc/$$/ns/mnt)" = "$(readlink /proc/self/ns/mnt)" ] && echo "one mount namespace"
have stat && stat -L -c '%i %F' /proc/self/ns/uts

echo "== unshare -u"
if have unshare hostname; then
	old=$(hostname)
	unshare -u sh -c 'hostname inner && hostname && cat /proc/sys/kernel/hostname
		[ "$(readlink /proc/self/ns/uts)" != uts:[4026531838] ] && echo "a UTS namespace of its own"'
	echo "exit $?"
	[ "$(hostname)" = "$old" ] && echo "the host name outside is unchanged"
fi

echo "== unshare -m"
if have unshare mount umount; then
	mkdir -p m s
	mount -t tmpfs outer m && touch m/outer
	unshare -m sh -c 'umount /tmp/ns/m && mount -t tmpfs inner /tmp/ns/m && touch /tmp/ns/m/inner
		ls /tmp/ns/m | cat; grep " /tmp/ns/m " /proc/self/mounts
		[ "$(readlink /proc/self/ns/mnt)" != "$(readlink /proc/1/ns/mnt)" ] && echo "a mount namespace of its own"'
	echo "exit $?"
	ls m | cat
	grep " /tmp/ns/m " /proc/mounts
	mount -t tmpfs shr s && mount --make-shared s && mkdir s/a s/b
	echo "outside: $(prop /tmp/ns/s)"
	unshare -m sh -c 'echo "inside by default: $(sh /tmp/ns/prop /tmp/ns/s)"
		mount -t tmpfs a /tmp/ns/s/a'
	unshare -m --propagation shared sh -c 'echo "inside, shared: $(sh /tmp/ns/prop /tmp/ns/s)"'
	grep -c " /tmp/ns/s/a " /proc/mounts
	unshare -m --propagation shared sh -c 'mount -t tmpfs b /tmp/ns/s/b'
	grep " /tmp/ns/s/b " /proc/mounts
	echo "received: $(prop /tmp/ns/s/b)"
	umount s/b
	umount s
	umount m
	unshare --mount-proc sh -c 'grep -c " /proc proc " /proc/self/mounts'
	grep -c " /proc proc " /proc/mounts
fi

echo "== nsenter"
if have unshare nsenter hostname sleep; then
	rm -f ready
	unshare -u -m sh -c 'hostname entered; mount -t tmpfs target /tmp/ns/m; touch /tmp/ns/m/here
		touch /tmp/ns/ready; exec sleep 30' &
	pid=$!
	for t in $(seq 100); do [ -e ready ] && break; sleep 0.1; done
	nsenter -t $pid -u hostname
	nsenter -t $pid -m ls /tmp/ns/m | cat
	nsenter -t $pid -u -m sh -c 'hostname; pwd; grep -c " /tmp/ns/m " /proc/self/mounts'
	[ "$(nsenter -t $pid -m readlink /proc/self/ns/mnt)" = "$(readlink /proc/$pid/ns/mnt)" ] &&
		echo "nsenter joined its mount namespace"
	hostname | grep -c entered
	ls m | cat
	kill $pid
	wait $pid 2>/dev/null
	echo "killed: $?"
fi
cd / && rm -rf /tmp/ns
