# SPDX-License-Identifier: MIT
# basic.sh - a shell scenario: pipelines, command substitution, redirections,
# here-documents, functions, traps, background jobs, wait and kill.  Run by
# a POSIX shell (bash, busybox sh) as the only program; its output must be
# the same on LevitateOS as on Linux.  No pids, times or ordering races.
echo "== pipelines"
printf 'b\na\nc\na\n' | sort | uniq -c | sed 's/^ *//'
echo one two three | tr ' ' '\n' | wc -l | sed 's/ //g'

echo "== command substitution"
x=$(echo inner; echo second)
echo "got [$x]"
n=$(( $(printf '%s\n' 1 2 3 | wc -l) * 7 ))
echo "arith $n"

echo "== redirections"
mkdir -p /tmp/sc && cd /tmp/sc
echo first > f
echo second >> f
cat < f
ls /nonexistent 2> err >/dev/null; echo "ls status $?"
test -s err && echo "stderr captured"
exec 3> fd3; echo via fd3 >&3; exec 3>&-; cat fd3
{ echo group1; echo group2; } > g; wc -l < g | sed 's/ //g'

echo "== here-documents"
cat <<END
here $x
END
cat <<'END'
literal $x
END

echo "== functions"
fact() { if [ "$1" -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }
echo "fact 6 = $(fact 6)"
f() { local v=local_value; echo "$v $#"; return 3; }
f a b; echo "f returned $?"

echo "== traps"
trap 'echo caught USR1' USR1
kill -USR1 $$
trap - USR1
(trap 'echo sub EXIT' EXIT; echo in subshell)

echo "== background jobs and wait"
sleep 0.2 & p1=$!
(sleep 0.1; exit 7) & p2=$!
wait $p2; echo "job 2 exited $?"
wait $p1; echo "job 1 exited $?"
sleep 10 & p3=$!
kill -TERM $p3; wait $p3; echo "killed job status $?"

echo "== loops and tests"
i=0; while [ $i -lt 3 ]; do i=$((i+1)); printf '%s ' $i; done; echo
for w in alpha beta; do case $w in a*) echo "$w starts with a";; *) echo "$w other";; esac; done
[ -d /tmp/sc ] && [ ! -e /tmp/sc/none ] && echo "test ok"

echo "== exit status"
false || echo "false failed"
true && echo "true succeeded"
cd / && rm -r /tmp/sc
exit 5
