# SPDX-License-Identifier: GPL-2.0-or-later
# Two sessions probing the same function at once: each has its own group and
# instance, and neither instance records the other's hits.
need_cmd bp bl

session_start
session_cmd 'bp __sys_connect port=+2(%si):u16'
session_wait_probe bp1
A=$(kpdb_group); APID=$SESSION_PID; ADOG=$SESSION_DOG
exec 4>&3
rm -f in
mkfifo in2
kpdb -q < in2 > out2 2> err2 &
BPID=$!
exec 3> in2
echo 'bp __sys_connect fam=+0(%si):u16' >&3
SESSION_PID=$BPID
session_wait_probe bp1
B=$(kpdb_group)
[ "$A" != "$B" ] || fail "both sessions use group $A"

workload -n 2 connect 127.0.0.1 4444
cat $T/instances/$A/trace > trace-a
cat $T/instances/$B/trace > trace-b
show trace-a
show trace-b
expect_count 2 "bp1: .* port=23569$" trace-a
expect_count 0 "fam=" trace-a
expect_count 2 "bp1: .* fam=2$" trace-b
expect_count 0 "port=" trace-b

# kpdb's own view, once go exists: each session decodes the two hits
# waiting in its instance, with its own argument names only.
grep -qx go "$WORK/../cmds" && has_go=1 || has_go=0
[ "$has_go" = 0 ] || echo 'go -t 2' >&3
echo quit >&3
exec 3>&-
wait $BPID || fail "session B exited with $?"
exec 3>&4 4>&-
SESSION_PID=$APID SESSION_DOG=$ADOG
[ "$has_go" = 0 ] || session_cmd 'go -t 2'
session_end
expect_rc 0
expect_clean
show out2
if [ "$has_go" = 1 ]; then
	expect_count 2 ' bp1 +__sys_connect: +port=23569$' out
	expect_count 0 'fam=' out
	expect_count 2 ' bp1 +__sys_connect: +fam=2$' out2
	expect_count 0 'port=' out2
else
	note "kpdb has no go yet: only the kernel's view of the two sessions was checked"
fi
