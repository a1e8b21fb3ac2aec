# SPDX-License-Identifier: MIT
# net.sh - BusyBox networking applets over loopback: ifconfig brings lo up
# (Linux boots with it down), route, netstat, hostname, a file through nc,
# httpd serving files and a CGI script to wget, telnet to nc, ping and
# ping6 (root: raw sockets), and where the BusyBox has them (the musl image;
# Debian's busybox-static has none) tcpsvd, udpsvd and inetd.  Run like
# shell.sh (test_static_shells.py, test_busybox_testsuite.py); its output
# must be the same on LevitateOS as on Linux.  What differs by nature
# (times, traffic counters, ephemeral ports, dates) is normalised; polls,
# not sleeps, decide when a server is listening or a transfer is done.
# `ip` is left out: BusyBox ip speaks rtnetlink (AF_NETLINK), not ioctls.
[ -e /proc/self ] || { mkdir -p /proc && mount -t proc proc /proc; }
mkdir -p /tmp/net && cd /tmp/net || exit 1

# Wait (up to 10 s) until netstat $1 (-ltn or -lun) shows local port $2.
# Without /proc/net/tcp (a kernel that lacks it fails the netstat lines
# anyway) a second's sleep has to do, so the rest still runs.
wait_listen() {
	[ -r /proc/net/tcp ] || { sleep 1; return; }
	i=0
	while ! netstat "$1" | grep -q ":$2 " && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

# Wait (up to 10 s) until file $1 holds $2 bytes; a server's stdin that
# stays open until its transfer is done (nc exits at EOF on either side).
# Clients and servers run under `timeout 10`, so nothing hangs the boot.
wait_size() {
	i=0
	while [ "$(wc -c < "$1")" -lt "$2" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

# Kill server $1 and reap it, without the shell's word on how it ended.
stop() {
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

have() {
	busybox --list | grep -qx "$1"
}

echo "== ifconfig"
ifconfig lo; echo "ifconfig lo: $?"
ifconfig lo up; st=$?
echo "ifconfig lo up: $st"
# No loopback, no network: stop here rather than wait on every step.
[ $st = 0 ] || exit 1
ifconfig lo
ifconfig | grep -c '^[a-z]' | sed 's/^/interfaces up: /'
ifconfig nosuch0 2>&1; echo "ifconfig nosuch0: $?"
ifconfig lo mtu 1500 && ifconfig lo | grep -o 'MTU:[0-9]*'
ifconfig lo mtu 65536 && ifconfig lo | grep -o 'MTU:[0-9]*'

echo "== route"
route -n

echo "== hostname"
hostname net-test && hostname

echo "== nc"
seq 1 20000 > file
size=$(wc -c < file)
: > got
wait_size got "$size" | timeout 10 nc -l -p 9000 > got &
np=$!
wait_listen -ltn 9000
netstat -ltn | grep ':9000 ' | sed 's/  */ /g'
timeout 10 nc 127.0.0.1 9000 < file; echo "nc client: $?"
wait $np; echo "nc server: $?"
md5sum file got | sed 's/ .*//' | uniq -c | sed 's/^ *//'

echo "== httpd"
mkdir -p www/cgi-bin
echo "hello from httpd" > www/index.html
seq 1 30000 > www/big.txt
printf '#!/bin/busybox sh\necho "Content-Type: text/plain"\necho\necho "cgi $REQUEST_METHOD $QUERY_STRING"\n' > www/cgi-bin/hello.cgi
printf '#!/bin/busybox sh\necho "Content-Type: text/plain"\necho\necho "post $REQUEST_METHOD $CONTENT_LENGTH"\n/bin/busybox head -c "$CONTENT_LENGTH" | /bin/busybox tr a-z A-Z\necho\n' > www/cgi-bin/post.cgi
chmod +x www/cgi-bin/hello.cgi www/cgi-bin/post.cgi
httpd -f -p 127.0.0.1:8080 -h /tmp/net/www &
hp=$!
wait_listen -ltn 8080
netstat -ltn | grep ':8080 ' | sed 's/  */ /g'
if have fuser; then
	# Socket inodes: /proc/net/tcp's match /proc/PID/fd's socket:[N].
	# stderr dropped: netstat -p says "showing only processes with your
	# user ID" whenever a process exits while it scans /proc (seen on Linux).
	netstat -ltnp 2>/dev/null | grep ':8080 ' | sed 's/  */ /g; s| [0-9]*/httpd| PID/httpd|'
	[ "$(fuser 8080/tcp 2>/dev/null | tr -d ' ')" = "$hp" ] && echo "fuser finds httpd by its port"
fi
timeout 10 wget -q -O - http://127.0.0.1:8080/index.html; echo "wget: $?"
timeout 10 wget -S -O /dev/null http://127.0.0.1:8080/index.html 2>&1 | grep '^  [A-Z]' |
	sed -e 's/^  \(Date\|Last-Modified\|ETag\): .*/  \1: (normalised)/'
timeout 10 wget -q -O - http://127.0.0.1:8080/big.txt | md5sum | sed 's/ .*//'
md5sum < www/big.txt | sed 's/ .*//'
timeout 10 wget -q -O - 'http://127.0.0.1:8080/cgi-bin/hello.cgi?a=1&b=2'; echo "wget cgi: $?"
timeout 10 wget -q -O - --post-data 'name=levitate&x=1' http://127.0.0.1:8080/cgi-bin/post.cgi
echo "wget post: $?"
timeout 10 wget -q -O - http://127.0.0.1:8080/missing; echo "wget missing: $?"
stop $hp
# Without an address httpd listens on [::], for IPv4 and IPv6 clients both.
httpd -f -p 8081 -h /tmp/net/www &
hp=$!
wait_listen -ltn 8081
netstat -ltn | grep ':8081 ' | sed 's/  */ /g'
timeout 10 wget -q -O - http://127.0.0.1:8081/index.html; echo "wget IPv4: $?"
timeout 10 wget -q -O - 'http://[::1]:8081/index.html'; echo "wget IPv6: $?"
stop $hp

echo "== telnet"
echo "hello telnet" > tin
: > tgot
wait_size tgot 1 | timeout 10 nc -l -p 9001 > tgot &
np=$!
wait_listen -ltn 9001
timeout 10 telnet 127.0.0.1 9001 < tin; echo "telnet: $?"
wait $np; echo "nc server: $?"
od -c tgot

echo "== ping"
timeout 10 ping -c 1 127.0.0.1 | sed -e 's/time=[0-9.]* ms/time=T ms/' -e 's|= [0-9./]* ms|= T ms|'
timeout 10 ping6 -c 1 ::1 | sed -e 's/time=[0-9.]* ms/time=T ms/' -e 's|= [0-9./]* ms|= T ms|'

if have tcpsvd; then
	echo "== tcpsvd"
	tcpsvd 127.0.0.1 9100 /bin/busybox sh -c \
		'read l; echo "$PROTO $TCPLOCALADDR ${TCPREMOTEADDR%:*} got $l"' &
	sp=$!
	wait_listen -ltn 9100
	echo ping | timeout 10 nc 127.0.0.1 9100; echo "nc: $?"
	stop $sp

	echo "== udpsvd"
	# No `read` in the service: sh reads a byte at a time, and a
	# datagram read in part is gone.
	udpsvd 127.0.0.1 9101 /bin/busybox sh -c \
		'echo "$PROTO $UDPLOCALADDR ${UDPREMOTEADDR%:*}"' &
	sp=$!
	wait_listen -lun 9101
	netstat -lun | grep ':9101 ' | sed 's/  */ /g'
	echo hi | timeout 10 nc -u -w 3 127.0.0.1 9101; echo "nc -u: $?"
	stop $sp

	echo "== inetd"
	printf '#!/bin/busybox sh\necho "inetd service"\n' > svc
	chmod +x svc
	echo "127.0.0.1:9102 stream tcp nowait root /tmp/net/svc svc" > inetd.conf
	inetd -f /tmp/net/inetd.conf &
	sp=$!
	wait_listen -ltn 9102
	timeout 10 nc 127.0.0.1 9102 < /dev/null; echo "nc: $?"
	stop $sp
fi

echo "== counters"
ifconfig lo | awk '/RX packets/ { split($2, a, ":"); rx = a[2] }
	/TX packets/ { split($2, a, ":"); tx = a[2] }
	END { print (rx > 0 && rx == tx) ? "lo counted the traffic, RX = TX" : "RX " rx " TX " tx }'
echo "== done"
