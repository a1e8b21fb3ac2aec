# SPDX-License-Identifier: MIT
# shell.sh - a shell scenario of the language: pipelines, command
# substitution, redirections (2>&1, <>, fd juggling), here-documents,
# functions, traps (EXIT, INT, USR1), background jobs with wait and $!,
# kill, set -e and -u, subshells, read, case and arithmetic.  Run as the
# only program by bash, Debian's busybox sh (test_static_shells.py) and the
# musl BusyBox image's sh (test_busybox_testsuite.py); its output must be
# the same on LevitateOS as on Linux.  No pids, times or ordering races.
# /proc is mounted when it is not there (the scenario may be the only program).
[ -e /proc/self ] || { mkdir -p /proc && mount -t proc proc /proc; }
mkdir -p /tmp/shell && cd /tmp/shell || exit 1

# Wait (up to 10 s) until process $1 is stopped (state T in /proc/PID/stat).
wait_stopped() {
	for t in $(seq 100); do
		read -r spid scomm sstate rest </proc/$1/stat
		[ "$sstate" = T ] && return 0
		sleep 0.1
	done
	return 1
}

echo "== pipelines"
printf '3\n1\n2\n' | sort -n | tr '\n' ' '; echo
echo abc | { read v; echo "read in a pipeline: $v"; }
false | true; echo "pipeline status is the last command's: $?"
yes | head -n 3 | wc -l | tr -d ' '
seq 1 2000 | tail -n 1

echo "== command substitution"
a=$(echo outer $(echo inner))
echo "$a"
b=`echo back quotes`
echo "$b"
c=$(printf 'trailing\n\n\n')
echo "[$c]"
echo "status of substitution: $(false; echo $?)"

echo "== redirections"
{ echo to-out; echo to-err >&2; } >out 2>&1
cat out
{ echo only-err >&2; } 2>&1 >/dev/null | sed 's/^/piped: /'
echo hello >rw
exec 4<>rw
read -r line <&4
echo "read through <>: $line"
echo world >&4
exec 4>&-
cat rw
cat <>rw
exec 5>fd5 6>&5
echo "via 6" >&6
exec 5>&- 6>&-
cat fd5
ls /nonexistent 2>/dev/null || echo "ls failed quietly"
echo "noclobber" > nc; set -C; (echo x > nc) 2>/dev/null || echo "set -C refused"; set +C

echo "== here-documents"
v=value
cat <<EOT
expanded $v $((1 + 2))
EOT
cat <<'EOT'
quoted $v $((1 + 2))
EOT
cat <<-EOT
	tabs stripped
	EOT
while read k val; do echo "$k=$val"; done <<EOT
one 1
two 2
EOT

echo "== functions"
count() { echo "$# args, first [$1]"; }
count a "b c" d
count
rec() { [ "$1" -gt 0 ] || return 0; echo -n "$1 "; rec $(($1 - 1)); }
rec 5; echo
gv=global
setl() { local gv=local; echo "inside $gv"; }
setl; echo "outside $gv"
ret() { return $1; }
ret 42; echo "returned $?"

echo "== traps"
trap 'echo EXIT of a subshell' EXIT
(trap 'echo subshell EXIT trap' EXIT; echo in the subshell)
trap - EXIT
trap 'echo caught INT' INT
kill -INT $$
trap - INT
trap 'echo caught USR1; got=1' USR1
got=0
kill -USR1 $$
echo "after USR1, got=$got"
(sleep 0.5; kill -USR1 $$) &
child=$!
wait $child
echo "wait on the signaller: $?"
trap - USR1
busybox sh -c 'trap "echo TERM trap in the child; exit 3" TERM; kill -TERM $$; echo not reached'
echo "child with a TERM trap exited $?"
trap 'echo trap list works' HUP
trap | grep -c HUP
trap - HUP

echo "== background jobs, wait, kill"
pids=
for i in 1 2 3; do
	(sleep 0.$i; exit $i) &
	pids="$pids $!"
done
for p in $pids; do wait $p; echo "job exit $?"; done
sleep 5 &
p=$!
kill -0 $p && echo "background job alive"
kill -KILL $p
wait $p 2>/dev/null
echo "killed by KILL: $?"
sleep 5 &
p=$!
sleep 0.3       # TERM for sleep itself, not the shell child before its exec
kill $p
wait $p 2>/dev/null
echo "killed by TERM: $?"
kill -0 $p 2>/dev/null || echo "reaped job is gone"
(exit 9) &
wait
echo "wait for all: $?"
busybox sh -c 'kill -STOP $$; echo continued' &
p=$!
wait_stopped $p && echo "job stopped itself"
kill -CONT $p
wait $p
echo "stopped and continued job exit $?"

echo "== set -e and -u"
(set -e; true; false; echo "not reached")
echo "set -e subshell exit $?"
(set -e; false || echo "|| does not trigger -e"; if false; then :; fi; echo "if does not either")
(set -u; echo "${undefined_var:-default}"; echo "$undefined_var") 2>/dev/null
echo "set -u subshell exit $?"
set -- x y
(set -u; echo "positional $1 $2")

echo "== subshells"
x=parent
(x=child; echo "in subshell $x")
echo "after subshell $x"
(cd /; pwd)
pwd
(exit 17); echo "subshell exit $?"
echo "$( (echo nested) )"
y=$(x=sub; echo $x); echo "$y $x"
umask 022; (umask 077; umask); umask

echo "== read"
printf 'a b c d\n' | { read f1 f2 rest; echo "[$f1] [$f2] [$rest]"; }
IFS=: read u p uid <<EOT
root:x:0
EOT
echo "$u $uid"
printf 'back\\slash\n' | { read -r r; echo "raw: $r"; }
printf 'back\\slash\n' | { read r; echo "cooked: $r"; }
printf 'no newline' | { read r; echo "status $? value [$r]"; }
printf 'l1\nl2\nl3\n' > lines
n=0; while read l; do n=$((n + 1)); done < lines; echo "$n lines"

echo "== case"
for w in apple Banana cherry 42 ''; do
	case $w in
	a*) echo "$w: a-word";;
	[A-Z]*) echo "$w: capital";;
	*rr*) echo "$w: has rr";;
	[0-9]|[0-9][0-9]) echo "$w: number";;
	'') echo "empty";;
	esac
done
case x in y|x) echo "alternatives";; esac

echo "== arithmetic"
echo $((7 * 6)) $((17 / 5)) $((17 % 5)) $((-7 / 2)) $((2 ** 10))
echo $((1 << 40)) $((0x1f)) $((010)) $((~0)) $((5 > 3 && 2 < 1))
i=5; i=$((i + 1)); : $((i *= 2)); echo "i=$i"
echo $(( (3 + 4) * (2 - 5) ))
echo $((9223372036854775807 + 1))
n=0; while [ $n -lt 5 ]; do n=$((n + 1)); done; echo "counted to $n"

cd / && rm -rf /tmp/shell
echo "== done"
exit 3
