# SPDX-License-Identifier: MIT
# rtc.sh - the real-time clock through BusyBox: hwclock (-r/--show, -w/--systohc,
# -s/--hctosys, -u/-l, -f) and rtcwake (-m on with -s and -t; -m no and the
# default "standby", which BusyBox writes to /sys/power/state and Linux
# refuses), with /dev/rtc0 (c 252 0) and its sysfs and procfs files.  Run like
# applets.sh; its output must be Linux's.  Dates and times are reduced to
# facts that do not vary ("DATE", agreements within 2 s).  The system clock
# and the RTC are put back as they were.  An applet the running BusyBox
# lacks (Debian's busybox-static has fewer) is skipped.
export PATH=/sbin:/usr/sbin:/bin:/usr/bin
unset TZ
APPLETS=$(busybox --list)
have() {
	for a; do
		echo "$APPLETS" | grep -qx "$a" || return 1
	done
}
[ -e /proc/self ] || { mkdir -p /proc && mount -t proc proc /proc; }
[ -d /sys/class ] || { mkdir -p /sys && mount -t sysfs sysfs /sys; }
made=
[ -e /dev/rtc0 ] || { mknod /dev/rtc0 c 252 0 && made=1; }
# ctime's "Sat Dec  5 13:05:02 2026" as DATE
dates() { sed -E 's/[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]{4}/DATE/'; }
up() { cut -d. -f1 /proc/uptime; }
near() { d=$(( $1 - $2 )); [ $d -ge -2 ] && [ $d -le 2 ]; }
rtc_secs() { cat /sys/class/rtc/rtc0/since_epoch; }

echo "== device"
ls -l /dev/rtc0 | awk '{ print $1, $5, $6 }'
echo $(ls /sys/class/rtc)
readlink /sys/class/rtc/rtc0
for a in name dev hctosys max_user_freq device/power/wakeup; do
	echo "$a: $(cat /sys/class/rtc/rtc0/$a)"
done
grep -cE '^20[0-9]{2}-[01][0-9]-[0-3][0-9]$' /sys/class/rtc/rtc0/date
grep -cE '^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]$' /sys/class/rtc/rtc0/time
near $(rtc_secs) $(date +%s) && echo "since_epoch is the system time"
echo "wakealarm: '$(cat /sys/class/rtc/rtc0/wakealarm)'"
sed 's/\t*: .*//' /proc/driver/rtc | head -11
grep -E '^(alarm_IRQ|alrm_pending|update IRQ enabled|periodic IRQ enabled|max user IRQ frequency|24hr)' /proc/driver/rtc

if have hwclock; then
	echo "== hwclock"
	hwclock -r -u | dates
	hwclock --show --utc | dates
	h=$(hwclock -r -u)
	[ "$(echo "$h" | cut -c1-10) $(echo "$h" | cut -c21-24)" = "$(date +'%a %b %e %Y')" ] &&
		echo "hwclock -r shows the system date"
	hwclock -w -u; echo "hwclock -w -u: $?"
	near $(rtc_secs) $(date +%s) && echo "the RTC holds the system time"
	saved=$(date +%s) up0=$(up)
	date -u -s '2030-01-01 00:00:00' >/dev/null
	hwclock --systohc --utc; echo "hwclock --systohc --utc: $?"
	date -u -s "@$(( saved + $(up) - up0 ))" >/dev/null
	near $(date +%s) $saved && echo "the system clock is back"
	hwclock -r -u | sed 's/00:00:0[0-9]/00:00:0X/'
	cat /sys/class/rtc/rtc0/date
	hwclock -s -u; echo "hwclock -s -u: $?"
	date -u +%Y-%m-%d
	near $(date +%s) $(rtc_secs) && echo "the system clock is the RTC's"
	hwclock --hctosys --utc; echo "hwclock --hctosys --utc: $?"
	date -u +%Y-%m-%d
	date -u -s "@$(( saved + $(up) - up0 ))" >/dev/null
	hwclock -w -u
	near $(rtc_secs) $(date +%s) && echo "RTC and system clock restored"
	TZ=CET-1 hwclock -w -l; echo "hwclock -w -l: $?"
	near $(rtc_secs) $(( $(date +%s) + 3600 )) && echo "the RTC holds local time, an hour on"
	[ "$(TZ=CET-1 hwclock -r -l | cut -c1-13)" = "$(TZ=CET-1 date | cut -c1-13)" ] &&
		echo "hwclock -r -l reads local time"
	hwclock -w -u
	near $(rtc_secs) $(date +%s) && echo "the RTC holds UTC again"
	hwclock -f /dev/rtc0 -r -u | dates
	hwclock -f /dev/no-such-rtc -r 2>&1; echo "hwclock -f /dev/no-such-rtc: $?"
	hwclock -r -u -l 2>&1 | head -1 | sed 's/^\(Usage\|BusyBox\).*/usage/'
fi

if have rtcwake; then
	echo "== rtcwake"
	t0=$(up)
	out=$(rtcwake -m on -s 2 -u); echo "rtcwake -m on -s 2: $?"; echo "$out" | dates
	t=$(( $(up) - t0 )); [ $t -ge 1 ] && [ $t -le 5 ] && echo "it woke after the alarm"
	echo "wakealarm: '$(cat /sys/class/rtc/rtc0/wakealarm)'"
	t0=$(up)
	out=$(rtcwake -m on -t $(( $(date +%s) + 2 )) -u); echo "rtcwake -m on -t: $?"
	echo "$out" | dates
	t=$(( $(up) - t0 )); [ $t -ge 1 ] && [ $t -le 5 ] && echo "it woke at that time"
	out=$(rtcwake -m no -s 60 -u 2>&1); echo "rtcwake -m no: $?"; echo "$out" | dates
	a=$(cat /sys/class/rtc/rtc0/wakealarm)
	near $a $(( $(rtc_secs) + 61 )) && echo "the alarm is left set, 61 s on"
	grep '^alarm_IRQ' /proc/driver/rtc
	echo 0 > /sys/class/rtc/rtc0/wakealarm
	echo "wakealarm: '$(cat /sys/class/rtc/rtc0/wakealarm)'"
	out=$(rtcwake -s 30 -u 2>&1); echo "rtcwake -s 30 (standby): $?"; echo "$out" | dates
	echo 0 > /sys/class/rtc/rtc0/wakealarm
	rtcwake -m on 2>&1 | head -1 | sed 's/^\(Usage\|BusyBox\).*/usage/'
	rtcwake -d no-such-rtc -m on -s 1 2>&1; echo "rtcwake -d no-such-rtc: $?"
fi
[ -n "$made" ] && rm /dev/rtc0
true
