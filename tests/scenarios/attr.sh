# SPDX-License-Identifier: MIT
# attr.sh - a shell scenario of file attributes on a tmpfs: setfattr (and
# getfattr where the BusyBox has it) with Linux 6.1's tmpfs name spaces
# (trusted.* and security.*; user.* is not supported before 6.6), chattr
# and lsattr with the flags tmpfs keeps and what they refuse, fsfreeze,
# and iostat's view of /proc/diskstats.  Run like applets.sh; its output
# must be Linux's.  An applet the running BusyBox lacks is skipped.
export PATH=/sbin:/usr/sbin:/bin:/usr/bin
[ -e /proc/self ] || { mkdir -p /proc && mount -t proc proc /proc; }
mkdir -p /tmp/at && mount -t tmpfs tmpfs /tmp/at && cd /tmp/at || exit 1
APPLETS=$(busybox --list)
have() {
	for a; do
		echo "$APPLETS" | grep -qx "$a" || return 1
	done
}
echo data > f
ln -s f l

echo "== setfattr"
if have setfattr; then
	setfattr -n user.x -v 1 f 2>&1; echo "user.x: $?"
	setfattr -n trusted.x -v hello f; echo "trusted.x: $?"
	setfattr -n trusted.y f; echo "no value: $?"
	setfattr -n security.s -v 0x6869 f; echo "hex value: $?"
	setfattr -n foo.bar -v 1 f 2>&1; echo "foo.bar: $?"
	setfattr -n trusted. -v 1 f 2>&1; echo "bare prefix: $?"
	setfattr -h -n trusted.l -v 1 l; echo "on the link: $?"
	setfattr -x trusted.x f; echo "remove: $?"
	setfattr -x trusted.x f 2>&1; echo "remove again: $?"
	setfattr -n trusted.z -v 1 nothere 2>&1; echo "missing file: $?"
fi
if have getfattr; then
	getfattr -d -m - f 2>&1
	getfattr -n trusted.y f 2>&1
fi

echo "== chattr, lsattr"
if have chattr lsattr; then
	lsattr f
	chattr +i f; echo "+i: $?"
	lsattr f
	(echo more > f) 2>/dev/null || echo "immutable: cannot write"
	rm -f f 2>/dev/null || echo "immutable: cannot remove"
	mv f g 2>/dev/null || echo "immutable: cannot move"
	chmod 600 f 2>/dev/null || echo "immutable: cannot chmod"
	have setfattr && { setfattr -n trusted.i -v 1 f 2>&1; echo "immutable setfattr: $?"; }
	chattr -i f; echo "-i: $?"
	chattr +a f
	lsattr f
	echo appended >> f && echo "append-only: >> works"
	(echo over > f) 2>/dev/null || echo "append-only: > refused"
	rm -f f 2>/dev/null || echo "append-only: cannot remove"
	chattr -a f
	cat f
	chattr +dA f && lsattr f
	chattr =d f && lsattr f
	chattr +S f 2>&1; echo "+S: $?"
	chattr +e f 2>&1; echo "+e: $?"
	mkdir d && chattr +A d && touch d/n
	lsattr d
	lsattr -d d
	chattr -R -A d && lsattr -d d && lsattr d
	lsattr /proc/version 2>&1; echo "proc: $?"
fi

echo "== fsfreeze"
if have fsfreeze; then
	fsfreeze --freeze /tmp/at 2>&1; echo "freeze: $?"
	fsfreeze --unfreeze /tmp/at 2>&1; echo "unfreeze: $?"
fi

echo "== iostat"
if have iostat; then
	[ -r /proc/diskstats ] && echo "diskstats readable"
	iostat -d | awk 'NR == 3 { print $1, $2, $3, $4, $5, $6 }'
	iostat -c | awk 'NR == 3 { print $1, $2, $3, $4, $5, $6, $7 }'
fi

cd / && umount /tmp/at && rmdir /tmp/at
echo "== done"
