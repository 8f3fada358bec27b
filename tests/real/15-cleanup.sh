# SPDX-License-Identifier: GPL-2.0-or-later
# Cleanup: quit removes the session's probes and instance; after kill -9 they
# stay, the next kpdb says so, and kpdb --cleanup removes them (and only them:
# a live session is left alone).
need_cmd bp

session_start
session_cmd 'bp __sys_connect %di:s32' 'bp -r __sys_connect $retval:s32'
session_wait_probe bp2
G=$(kpdb_group)
kill -9 "$SESSION_PID"
wait "$SESSION_PID" 2> /dev/null
exec 3>&-
kill "$SESSION_DOG" 2> /dev/null
grep -q ":$G/bp1 " $T/kprobe_events || fail "bp1 of the killed session is not in kprobe_events"
[ -d $T/instances/$G ] || fail "the killed session's instance is gone"

# A live session that --cleanup must not touch.
session_start
session_cmd 'bp __sys_connect %si:x64'
session_wait_probe bp1
L=$(kpdb_group)

kp --batch -ex 'echo hello'
expect_out '[-]-cleanup' err
kp --cleanup
expect_rc 0
cat out err
expect_out "$G" out
grep -q ":$G/" $T/kprobe_events && fail "--cleanup left $G's probes"
[ -d $T/instances/$G ] && fail "--cleanup left $G's instance"
grep -q ":$L/bp1 " $T/kprobe_events || fail "--cleanup removed the live session's probe"
[ -d $T/instances/$L ] || fail "--cleanup removed the live session's instance"
session_end
expect_rc 0
expect_clean
