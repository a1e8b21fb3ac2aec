# SPDX-License-Identifier: MIT
# applets.sh - a shell scenario of BusyBox applets: grep sed awk find xargs
# sort uniq cut tr tar gzip md5sum sha256sum ps free uptime df du mount
# stty dmesg.  Run like shell.sh (test_static_shells.py,
# test_busybox_testsuite.py); its output must be the same on LevitateOS as
# on Linux.  What differs between kernels by nature (pids, memory sizes,
# times, kernel messages) is reduced to facts that do not: a column, a
# count, a comparison.
[ -e /proc/self ] || { mkdir -p /proc && mount -t proc proc /proc; }
mkdir -p /tmp/ap && cd /tmp/ap || exit 1

echo "== text"
printf 'root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:User:/home/user:/bin/ash\nnobody:x:65534:65534::/:/bin/false\n' > pw
grep -c sh pw
grep -n '^user' pw
grep -v -e root -e user pw
grep -E 'x:[0-9]{4}:' pw | cut -d: -f1
sed -n '2p' pw
sed 's/:.*//; y/abcdefghijklmnopqrstuvwxyz/ABCDEFGHIJKLMNOPQRSTUVWXYZ/' pw
sed -e '/nobody/d' -e 's#/bin/#/usr/bin/#' pw
awk -F: '{ n += $3 } END { print NR " users, uid sum " n }' pw
awk -F: '$3 >= 1000 { printf "%-8s %s\n", $1, $7 }' pw
awk 'BEGIN { for (i = 1; i <= 3; i++) s = s i; print s, length("hello"), substr("levitate", 3, 4), toupper("x") }'
cut -d: -f1,3 pw
cut -c1-4 pw
tr a-z A-Z < pw | head -n 1
tr -d ':' < pw | head -n 1
tr -s 'o' < pw | tail -n 1
printf 'b\na\nc\nb\na\n' | sort | uniq -c | awk '{ print $1, $2 }'
printf 'b\na\nc\nb\na\n' | sort -u | tr '\n' ' '; echo
printf '10\n9\n100\n' | sort -n | tr '\n' ' '; echo
printf '10\n9\n100\n' | sort -rn | tr '\n' ' '; echo
printf 'x 3\ny 1\nz 2\n' | sort -k2 | cut -d' ' -f1 | tr '\n' ' '; echo
printf 'a\na\nb\n' | uniq -d

echo "== find and xargs"
mkdir -p tree/a/b tree/c
for f in tree/1.txt tree/a/2.txt tree/a/b/3.log tree/c/4.txt; do echo "$f" > "$f"; done
ln -s 1.txt tree/link
find tree | sort
find tree -type f -name '*.txt' | sort
find tree -type d | sort | tr '\n' ' '; echo
find tree -type l
find tree -name '*.log' -exec cat {} \;
find tree -type f | sort | xargs cat
find tree -type f -name '*.txt' | sort | xargs -n 2 echo
find tree -type f -print0 | xargs -0 grep -l 2 | sort
echo a b c d e | xargs -n 2 | wc -l | tr -d ' '
find tree -mindepth 2 -maxdepth 2 | sort

echo "== tar and gzip"
tar cf t.tar tree
tar tf t.tar | sort
mkdir x && tar xf t.tar -C x && diff -r tree x/tree && echo "tar round trip"
[ -L x/tree/link ] && echo "tar kept the symlink: $(readlink x/tree/link)"
tar czf t.tgz tree && tar tzf t.tgz | wc -l | tr -d ' '
seq 1 20000 > big
gzip -c big > big.gz
[ $(wc -c < big.gz) -lt $(wc -c < big) ] && echo "gzip shrinks"
gunzip -c big.gz | cmp - big && echo "gunzip restores"
cp big b2 && gzip b2 && [ ! -e b2 ] && [ -e b2.gz ] && gzip -d b2.gz && cmp b2 big && echo "gzip in place"
gzip -t big.gz && echo "gzip -t ok"
zcat big.gz | tail -n 1

echo "== md5sum and sha256sum"
printf 'abc' | md5sum
printf 'abc' | sha256sum
printf '' | md5sum
md5sum big | cut -d' ' -f1
sha256sum big | cut -d' ' -f1
md5sum pw > sums && md5sum -c sums
echo changed >> pw; md5sum -c sums 2>/dev/null || echo "md5sum -c sees the change"

echo "== processes"
sleep 7 &
p=$!
# Until the job has exec'd sleep (the fork runs the shell's code first).
for t in $(seq 100); do [ "$(cat /proc/$p/comm)" = sleep ] && break; sleep 0.1; done
ps | awk -v p=$p '$1 == p { print "ps lists the job:", $(NF - 1), $NF }'
ps -o pid,comm | awk -v p=$p '$1 == p { print "ps -o comm:", $2 }'
kill $p; wait $p 2>/dev/null
echo "job gone: $(ps | awk -v p=$p '$1 == p' | wc -l | tr -d ' ')"
ps | head -n 1 | awk '{ print $1 }'
uptime | grep -c 'load average'
free | awk 'NR == 1 { print $1, $2, $3 } NR == 2 { print $1, ($2 > 0), ($3 <= $2) }'
[ $(dmesg | wc -l) -gt 0 ] && echo "dmesg has lines"

echo "== mounts, df, du"
mkdir -p mnt
mount -t tmpfs -o size=1m tmpfs mnt
mount | awk '$3 == "/tmp/ap/mnt" { print $1, $5 }'
grep -c ' /tmp/ap/mnt ' /proc/mounts
df -k mnt | awk 'NR == 1 { print $1 } NR == 2 { print $1, $2, $3, $NF }'
seq 1 30000 | head -c 102400 > mnt/f
df -k mnt | awk 'NR == 2 { print "used", $3 }'
du -k mnt/f | cut -f1
printf 'x' > mnt/small
du -k mnt/small | cut -f1
mkdir mnt/d && cp mnt/f mnt/d/ && du -sk mnt/d | cut -f1
ls -l mnt/f | awk '{ print $1, $5 }'
umount mnt && echo "unmounted"
grep -c ' /tmp/ap/mnt ' /proc/mounts
mount -t tmpfs -o ro tmpfs mnt && (touch mnt/f 2>/dev/null || echo "read-only mount refuses writes")
mount -o remount,rw mnt && touch mnt/f && echo "remounted rw"
umount mnt

echo "== stty"
exec 7<>/dev/console
stty -echo <&7 && stty -a <&7 | grep -o -- '-echo ' | head -n 1
stty echo <&7 && stty -a <&7 | grep -o -- ' echo ' | head -n 1
stty -icanon min 1 time 0 <&7 && stty -a <&7 | grep -o -- '-icanon'
stty sane <&7 && stty -a <&7 | grep -o -- ' icanon' | tr -d ' '
exec 7<&-

cd / && rm -rf /tmp/ap
echo "== done"
