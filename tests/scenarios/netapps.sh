# SPDX-License-Identifier: MIT
# netapps.sh - the BusyBox network applets net.sh leaves out, over loopback:
# ipcalc, httpd -e/-d, more of wget (-O FILE, -P, -c, --spider, -U,
# --header, -S on a 404, ftp://), nc over IPv6 and UDP, telnetd with telnet
# on a pty, traceroute and traceroute6, and where the BusyBox has them (the
# musl image; Debian's busybox-static lacks the servers) nslookup against
# dnsd, ftpd under tcpsvd with ftpget and ftpput, tftpd under udpsvd with
# tftp, pscan, whois against a fake server, fakeidentd and ntpd's server.
# Run like net.sh (test_static_shells.py, test_busybox_testsuite.py); its
# output must be the same on LevitateOS as on Linux.  Times, ports the
# kernel picks and pty numbers are normalised; polls, not sleeps, decide
# when a server is listening or a transfer is done.
[ -e /proc/self ] || { mkdir -p /proc && mount -t proc proc /proc; }
mkdir -p /tmp/na && cd /tmp/na || exit 1

# Wait (up to 10 s) until netstat $1 (-ltn, -lun, -ltn6...) shows local
# port $2; without /proc/net/tcp a second's sleep has to do.
wait_listen() {
	[ -r /proc/net/tcp ] || { sleep 1; return; }
	i=0
	while ! netstat "$1" | grep -q ":$2 " && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

# Wait (up to 10 s) until file $1 has a line that matches $2.
wait_grep() {
	i=0
	while ! grep -q "$2" "$1" && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

# Wait (up to 10 s) until file $1 holds at least $2 bytes.
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

# "same" when files $1 and $2 have the same content, else both sums.
same() {
	if [ "$(md5sum < "$1")" = "$(md5sum < "$2")" ]; then
		echo "$1 = $2"
	else
		echo "$1 != $2"; wc -c "$1" "$2"
	fi
}

ifconfig lo up || exit 1

echo "== ipcalc"
ipcalc -bnmp 192.168.10.77/24
ipcalc -bnp 192.168.10.77 255.255.255.192
ipcalc -bn 10.1.2.3/12
ipcalc -m 172.16.0.1
ipcalc -p 10.0.0.1 255.255.0.0
ipcalc -s -n 300.1.1.1; echo "ipcalc bad: $?"

echo "== httpd -e -d"
httpd -e '<a href="x">&</a>'; echo
httpd -d 'a%20b%2Fc+d%41'; echo

echo "== wget"
mkdir -p www dl
echo "hello from httpd" > www/index.html
seq 1 20000 > www/big.txt
httpd -f -p 127.0.0.1:8090 -h /tmp/na/www &
hp=$!
wait_listen -ltn 8090
timeout 10 wget -q -O dl/out.html http://127.0.0.1:8090/index.html; echo "wget -O: $?"
cat dl/out.html
timeout 10 wget -q -P dl http://127.0.0.1:8090/big.txt; echo "wget -P: $?"
same dl/big.txt www/big.txt
head -c 1000 www/big.txt > dl/big2.txt
( cd dl && timeout 10 wget -q -c -O big2.txt http://127.0.0.1:8090/big.txt; echo "wget -c: $?" )
same dl/big2.txt www/big.txt
timeout 10 wget -q --spider http://127.0.0.1:8090/index.html; echo "wget --spider: $?"
timeout 10 wget -q --spider http://127.0.0.1:8090/nosuch; echo "wget --spider missing: $?"
timeout 10 wget -S -O /dev/null http://127.0.0.1:8090/nosuch 2>&1 | grep '^  [A-Z]' |
	sed -e 's/^  \(Date\|Last-Modified\|ETag\): .*/  \1: (normalised)/'
stop $hp
# What the client sends: a fake server in nc catches the request.
: > req
wait_size req 1 | timeout 10 nc -l -p 8091 > req &
np=$!
wait_listen -ltn 8091
timeout 10 wget -q -O - -U 'levitate-agent/1' --header 'X-Test: 42' \
	--post-data 'k=v' http://127.0.0.1:8091/form 2>/dev/null
echo "wget to a server that says nothing: $?"
wait $np
tr -d '\r' < req; echo

echo "== nc IPv6"
seq 1 5000 > file
size=$(wc -c < file)
: > got
wait_size got "$size" | timeout 10 nc -l -p 9010 > got &
np=$!
wait_listen -ltn 9010
timeout 10 nc ::1 9010 < file; echo "nc ::1: $?"
wait $np; echo "nc server: $?"
same got file
# Loopback is all of 127.0.0.0/8.
: > got
wait_size got "$size" | timeout 10 nc -l -p 9011 > got &
np=$!
wait_listen -ltn 9011
timeout 10 nc 127.1.2.3 9011 < file; echo "nc 127.1.2.3: $?"
wait $np; echo "nc server: $?"
same got file
timeout 10 ping -c 1 127.0.0.2 | sed -e 's/time=[0-9.]* ms/time=T ms/' -e 's|= [0-9./]* ms|= T ms|'

echo "== telnetd"
[ -e /dev/ptmx ] || mknod /dev/ptmx c 5 2
mkdir -p /dev/pts
grep -q ' /dev/pts ' /proc/mounts || mount -t devpts devpts /dev/pts
printf '#!/bin/busybox sh\necho "login on $(tty | sed "s/[0-9]*$/N/")"\nstty -a | grep -o "speed [0-9]* baud"\necho "TERM=$TERM"\n' > tlogin
chmod +x tlogin
telnetd -F -p 2323 -b 127.0.0.1 -l /tmp/na/tlogin &
tp=$!
wait_listen -ltn 2323
: > tout
# telnet's stdin stays open until the session is over: telnetd closes
# the connection once no one holds the pty open, and telnet says so.
# Where telnet's own notes fall among the session's lines depends on
# timing.
wait_grep tout '^Connection closed' | timeout 10 telnet 127.0.0.1 2323 > tout
echo "telnet: $?"
tr -d '\r' < tout | grep -v -e '^$' -e '^Entering character mode' -e '^Escape character'
stop $tp

echo "== traceroute"
timeout 20 traceroute -n -q 1 -w 2 -m 3 127.0.0.1 2>&1 | sed 's/  [0-9.]* ms/  T ms/g'
timeout 20 traceroute -n -I -q 1 -w 2 -m 3 127.0.0.1 2>&1 | sed 's/  [0-9.]* ms/  T ms/g'
timeout 20 traceroute6 -n -q 1 -w 2 -m 3 ::1 2>&1 | sed 's/  [0-9.]* ms/  T ms/g'
# A type of service, no routing table (-r), the first hop's TTL shown
# (-l), bigger probes.
timeout 20 traceroute -n -q 1 -w 2 -m 2 -t 16 -r -l 127.0.0.1 1000 2>&1 | sed 's/  [0-9.]* ms/  T ms/g'
echo "== ping options"
timeout 10 ping -c 2 -i 0.2 -s 3000 -t 5 127.0.0.1 | sed -e 's/time=[0-9.]* ms/time=T ms/' -e 's|= [0-9./]* ms|= T ms|'
timeout 10 ping -c 1 -q -s 0 127.0.0.1 | sed -e 's|= [0-9./]* ms|= T ms|'
timeout 10 ping6 -c 1 -s 5000 ::1 | sed -e 's/time=[0-9.]* ms/time=T ms/' -e 's|= [0-9./]* ms|= T ms|'

if have nslookup && have dnsd; then
	echo "== dnsd nslookup"
	printf 'box.levitate 10.1.2.3\nwww.levitate 10.1.2.4\n' > dnsd.conf
	dnsd -c /tmp/na/dnsd.conf -i 127.0.0.1 -p 53 -t 60 2>/dev/null &
	dp=$!
	wait_listen -lun 53
	timeout 10 nslookup box.levitate 127.0.0.1 2>&1
	timeout 10 nslookup -type=a www.levitate 127.0.0.1 2>&1
	timeout 10 nslookup -type=ptr 3.2.1.10.in-addr.arpa 127.0.0.1 2>&1
	timeout 10 nslookup -type=a nosuch.levitate 127.0.0.1 2>&1; echo "nslookup nosuch: $?"
	stop $dp
fi

if have ftpd && have tcpsvd; then
	echo "== ftpd"
	mkdir -p ftp
	seq 1 30000 > ftp/down.txt
	seq 5 40000 > up.txt
	tcpsvd 127.0.0.1 2121 ftpd -w -A /tmp/na/ftp 2>/dev/null &
	fp=$!
	wait_listen -ltn 2121
	timeout 10 ftpget -P 2121 127.0.0.1 down.got down.txt; echo "ftpget: $?"
	same down.got ftp/down.txt
	timeout 10 ftpput -P 2121 127.0.0.1 up.put up.txt; echo "ftpput: $?"
	same ftp/up.put up.txt
	timeout 10 ftpget -P 2121 127.0.0.1 nosuch.got nosuch.txt 2>&1; echo "ftpget missing: $?"
	timeout 10 wget -q -O - ftp://127.0.0.1:2121/down.txt | md5sum | sed 's/ .*//'
	md5sum < ftp/down.txt | sed 's/ .*//'
	stop $fp
fi

if have tftpd && have udpsvd; then
	echo "== tftpd"
	mkdir -p tftp
	# Small files: a block (512 bytes) per round trip is slow under TCG.
	seq 1 5000 > tftp/get.txt
	seq 3 3000 > tput.txt
	udpsvd -E 127.0.0.1 6969 tftpd -c /tmp/na/tftp 2>/dev/null &
	up=$!
	wait_listen -lun 6969
	timeout 30 tftp -g -r get.txt -l tget.txt 127.0.0.1 6969 2>/dev/null; echo "tftp -g: $?"
	same tget.txt tftp/get.txt
	timeout 30 tftp -p -l tput.txt -r put.txt 127.0.0.1 6969 2>/dev/null; echo "tftp -p: $?"
	same tftp/put.txt tput.txt
	timeout 30 tftp -b 1024 -g -r get.txt -l tget2.txt 127.0.0.1 6969 2>/dev/null; echo "tftp -b: $?"
	same tget2.txt tftp/get.txt
	timeout 30 tftp -g -r nosuch -l tnosuch 127.0.0.1 6969 2>&1; echo "tftp missing: $?"
	stop $up
fi

if have nc && nc --help 2>&1 | grep -q -- '-u'; then
	echo "== nc -u"
	# A UDP server does not end at its stdin's EOF: stopped when the
	# datagram is in.
	: > ugot
	sleep 20 | timeout 10 nc -u -l -p 9020 > ugot 2>/dev/null &
	np=$!
	wait_listen -lun 9020
	echo "over udp" | timeout 10 nc -u -w 1 127.0.0.1 9020; echo "nc -u: $?"
	wait_size ugot 9
	stop $np
	cat ugot
	# Nothing listens on 9021: the port unreachable comes back as
	# ECONNREFUSED on the connected socket.
	(echo one; sleep 1; echo two) | timeout 10 nc -u -w 2 127.0.0.1 9021 2>&1
	echo "nc -u to a closed port: $?"
fi

if have udpsvd && nc --help 2>&1 | grep -q -- '-s ADDR'; then
	echo "== 127/8 bound"
	# Servers and clients bound to lo's other addresses.
	: > got
	wait_size got 6 | timeout 10 nc -l -s 127.0.0.7 -p 9012 > got &
	np=$!
	wait_listen -ltn 9012
	netstat -ltn | grep ':9012 ' | sed 's/  */ /g'
	echo bound | timeout 10 nc -s 127.0.0.9 127.0.0.7 9012; echo "nc -s: $?"
	wait $np; echo "nc server: $?"
	cat got
	udpsvd 127.0.0.8 9103 /bin/busybox sh -c \
		'echo "$UDPLOCALADDR ${UDPREMOTEADDR%:*}"' &
	sp=$!
	wait_listen -lun 9103
	echo hi | timeout 10 nc -u -s 127.0.0.9 -w 2 127.0.0.8 9103; echo "nc -u -s: $?"
	stop $sp
fi

if have pscan; then
	echo "== pscan"
	httpd -f -p 127.0.0.1:9033 -h /tmp/na/www &
	hp=$!
	wait_listen -ltn 9033
	timeout 30 pscan -p 9030 -P 9036 -t 1000 127.0.0.1 2>&1
	timeout 30 pscan -c -p 9032 -P 9034 -t 1000 127.0.0.1 2>&1
	stop $hp
fi

if have whois; then
	echo "== whois"
	printf 'Domain Name: LEVITATE.TEST\nRegistrar: none\n' > wreply
	# The reply goes once the query is in.
	: > wq
	{ wait_size wq 1; cat wreply; } | timeout 10 nc -l -p 4343 > wq &
	wp=$!
	wait_listen -ltn 4343
	# whois's own notes are in brackets: a console harness takes a line
	# that starts with one for the kernel's log.
	timeout 10 whois -h 127.0.0.1 -p 4343 levitate.test > wout; echo "whois: $?"
	sed 's/^\[\(.*\)\]$/(\1)/' wout
	wait $wp
	od -c wq
fi

if have fakeidentd; then
	echo "== fakeidentd"
	fakeidentd -f -b 127.0.0.1 levitate &
	ip=$!
	wait_listen -ltn 113
	printf '6191, 23\r\n' | timeout 10 nc 127.0.0.1 113 | od -c
	stop $ip
fi

if have ntpd; then
	echo "== ntpd"
	ntpd -n -w -l -I lo 2>/dev/null &
	tp=$!
	wait_listen -lun 123
	# A client's request (mode 3, version 4); the reply is 48 bytes of
	# leap 0, version 4, mode 4 (36) and stratum 1: with -l and no peer,
	# ntpd serves as its own reference.  -I lo: SO_BINDTODEVICE.
	printf '\043\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000' > ntpreq
	timeout 10 nc -u -w 2 127.0.0.1 123 < ntpreq > ntprep
	wc -c < ntprep
	od -An -tu1 -N2 ntprep
	stop $tp
fi

echo "== done"
