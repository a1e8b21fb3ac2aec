# SPDX-License-Identifier: MIT
# ip.sh - BusyBox ip over rtnetlink (AF_NETLINK): links, addresses, routes,
# neighbours and rules of lo, changed and listed, with the errors ip
# prints.  Run like net.sh (test_static_shells.py, test_busybox_testsuite.py):
# as root, and its output must be the same on LevitateOS as on Linux.  Only
# `ip` itself is used (Debian's busybox-static has no ipaddr, iplink ...).
# Images differ in what they start with (lo up or down, NICs or none), so
# lo is brought up first and only lo is shown.  It is left up, with only
# its own addresses, for the scenarios after this one.

echo "== link"
ip link set lo up; echo "ip link set lo up: $?"
ip link show lo
ip -o link show lo
ip link show dev lo up | head -1
ip link set lo mtu 1500; echo "mtu 1500: $?"
ip link show lo | head -1
ip link set lo mtu 65536
ip link show nosuch0 2>&1; echo "ip link show nosuch0: $?"
# What sysfs says of lo (mounted here when the image has not).
[ -d /sys/class ] || { mkdir -p /sys && mount -t sysfs sysfs /sys; }
ls /sys/class/net | grep -x lo
for a in ifindex iflink type addr_len address broadcast mtu flags operstate carrier \
	 tx_queue_len; do
	echo "lo $a: $(cat /sys/class/net/lo/$a)"
done

echo "== addr"
ip addr show lo
ip -o addr show lo
ip -4 addr show dev lo
ip -6 addr show dev lo

echo "== addr add"
ip addr add 10.1.2.3/24 dev lo; echo "add 10.1.2.3/24: $?"
ip addr add 10.1.2.3/24 dev lo 2>&1; echo "add again: $?"
ip addr add 10.1.2.4/24 dev lo; echo "add 10.1.2.4/24: $?"
ip addr add 10.5.0.1/16 brd + dev lo; echo "add 10.5.0.1/16 brd +: $?"
ip -4 addr show lo
ip -o -4 addr
ip addr add 10.9.9.9/24 dev nosuch0 2>&1; echo "add on nosuch0: $?"

echo "== route"
ip route; echo "ip route: $?"
ip route show table local
ip route add default via 10.1.2.1; echo "add default: $?"
ip route
ip route add default via 10.1.2.1 2>&1; echo "add default again: $?"
ip route del default; echo "del default: $?"
ip route del default 2>&1; echo "del default again: $?"
ip route add default via 192.0.2.1 2>&1; echo "add default via 192.0.2.1: $?"
ip route add default dev lo; echo "add default dev lo: $?"
ip route
ip route del default; echo "del default: $?"
ip route

echo "== addr del"
ip addr del 10.1.2.4/24 dev lo; echo "del 10.1.2.4/24: $?"
ip addr del 10.1.2.4/24 dev lo 2>&1; echo "del again: $?"
ip addr del 10.1.2.3/24 dev lo; echo "del 10.1.2.3/24: $?"
ip addr del 10.5.0.1/16 dev lo; echo "del 10.5.0.1/16: $?"
ip -4 addr show lo
# A primary's secondaries go with it (promote_secondaries is off).
ip addr add 10.7.0.1/24 dev lo && ip addr add 10.7.0.2/24 dev lo
ip addr del 10.7.0.1/24 dev lo; echo "del 10.7.0.1/24: $?"
ip -4 addr show lo | grep -c 10.7.0
# flush takes 127.0.0.1 too; it comes back with ip addr add.
ip addr add 10.7.0.1/24 dev lo
ip -4 addr flush dev lo; echo "flush: $?"
ip -4 addr show lo
ip addr add 127.0.0.1/8 dev lo; echo "add 127.0.0.1/8: $?"
ip -o -4 addr show lo

echo "== ipv6"
ip -6 addr add 2001:db8::1/64 dev lo; echo "add 2001:db8::1/64: $?"
ip -6 addr add 2001:db8::1/64 dev lo 2>&1; echo "add again: $?"
ip -6 addr show lo
ip -6 route
ip -6 addr del 2001:db8::1/64 dev lo; echo "del 2001:db8::1/64: $?"
ip -6 addr del 2001:db8::1/64 dev lo 2>&1; echo "del again: $?"
ip -6 addr show lo

echo "== neigh"
ip neigh show dev lo; echo "ip neigh: $?"

echo "== rule"
ip rule; echo "ip rule: $?"

echo "== down"
ip link set lo down; echo "ip link set lo down: $?"
ip link show lo
ip addr show lo
ip link set lo up; echo "ip link set lo up: $?"
ip addr show lo
echo "== done"
