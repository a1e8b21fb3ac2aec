# SPDX-License-Identifier: MIT
# devices.sh - a shell scenario of the devices sysfs describes and mdev
# makes nodes from: /sys/class/<class>/<dev>/{dev,uevent,subsystem},
# /sys/dev/char/M:m, /sys/block, then `mdev -s` on a fresh /dev (a tmpfs)
# with and without an mdev.conf, and mdev run as the hotplug helper is
# (ACTION, DEVPATH in the environment).  Run like applets.sh; its output
# must be Linux's.  Only the devices both kernels have are shown (Linux has
# virtual consoles, rtc0, more misc devices); names, types and numbers of
# those are facts that do not vary.  An applet the running BusyBox lacks
# is skipped.
export PATH=/sbin:/usr/sbin:/bin:/usr/bin
[ -e /proc/self ] || { mkdir -p /proc && mount -t proc proc /proc; }
[ -d /sys/class ] || { mkdir -p /sys && mount -t sysfs sysfs /sys; }
APPLETS=$(busybox --list)
have() {
	for a; do
		echo "$APPLETS" | grep -qx "$a" || return 1
	done
}
# class/name of the devices both kernels have; the serial console is
# ttyS0 on x86_64 and ttyAMA0 on aarch64 (where Linux has ttyS0-3 too)
case $(uname -m) in
aarch64) serial=ttyAMA0 ;;
*) serial=ttyS0 ;;
esac
DEVS="mem/null mem/zero mem/full mem/random mem/urandom tty/tty tty/console
tty/ptmx tty/$serial misc/hw_random"
NODES="null zero full random urandom tty console ptmx $serial hwrng"

echo "== sysfs device attributes"
for cd in $DEVS; do
	d=/sys/class/$cd
	[ -e $d ] || continue
	echo "$cd: dev $(cat $d/dev), uevent: $(tr '\n' ' ' < $d/uevent)"
	[ -L $d ] && echo "  a link, to a directory: $(stat -L -c %F $d)"
	echo "  subsystem: $(basename "$(readlink $d/subsystem)")"
	stat -c '  %n %A %s' $d/dev $d/uevent | sed "s|$d/||"
	m=$(cat $d/dev)
	[ "$(cat /sys/dev/char/$m/uevent)" = "$(cat $d/uevent)" ] &&
		echo "  /sys/dev/char/$m is the same device"
done
for c in mem tty block; do
	[ -d /sys/class/$c ] && echo "/sys/class/$c is there"
done
echo "disks: $(ls /sys/block | wc -l), block devices: $(ls /sys/class/block | wc -l)"
grep -h '^DEVNAME=' /sys/dev/char/*/uevent | sort | grep -xE "DEVNAME=($(echo $NODES | tr ' ' '|'))"
[ -e /sys/dev/char/1:3/dev ] && echo "1:3 through the link: $(cat /sys/dev/char/1:3/dev)"
cat /sys/dev/char/0:0/dev 2>/dev/null || echo "no device 0:0"
{ echo x > /sys/class/mem/null/dev; } 2>/dev/null || echo "dev is read-only"

# The nodes of the devices both kernels have in the /dev mdev made.
nodes() {
	for n in $NODES zeroes/zero; do
		[ -e /dev/$n ] && stat -c '%n %F %t:%T %a' /dev/$n
	done
	[ -e /dev/random ] || echo "no random"
}

echo "== mdev -s"
if have mdev; then
	mount -t tmpfs mdev /dev
	mdev -s
	nodes
	umount /dev
	printf '%s\n' 'null 0:0 666' 'zero 0:0 640 =zeroes/' 'random 0:0 444 !' \
		'console 0:0 600 @echo made $MDEV' > /etc/mdev.conf
	mount -t tmpfs mdev /dev
	mdev -s
	nodes
	echo "== mdev as the hotplug helper"
	rm -f /etc/mdev.conf
	ACTION=add DEVPATH=/class/mem/random SUBSYSTEM=mem mdev
	stat -c '%n %F %t:%T' /dev/random
	ACTION=remove DEVPATH=/class/mem/random SUBSYSTEM=mem mdev
	[ -e /dev/random ] || echo "random removed"
	umount /dev
	[ -c /dev/null ] && echo "/dev is back"
fi
echo "== done"
