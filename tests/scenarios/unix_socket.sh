# SPDX-License-Identifier: MIT
# unix_socket.sh - AF_UNIX through unmodified programs: BusyBox syslogd binds
# the datagram socket /dev/log and logger (glibc's syslog(3)) sends to it.
# Its output must be the same on LevitateOS as on Linux; polls, not sleeps,
# decide when each step is done.
echo "== syslog over /dev/log"
syslogd -n -O /tmp/messages &
i=0
while [ ! -S /dev/log ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
test -S /dev/log && echo "/dev/log is a socket"
logger -t scenario "hello from logger"
logger -t scenario -p user.err "second message"
i=0
while [ "$(grep -c scenario: /tmp/messages 2>/dev/null)" != 2 ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
grep -c scenario: /tmp/messages
sed -n 's/.* \([a-z]*\.[a-z]*\) scenario: /\1 /p' /tmp/messages
echo "== done"
