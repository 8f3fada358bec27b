# SPDX-License-Identifier: GPL-2.0-or-later
# hist N by stack: the kernel keys the table on the kernel stack (the key is
# common_stacktrace where the tracefs README lists it, stacktrace before).
need_cmd bp hist

hist_set() {
	grep -q '^hist:' "$T/instances/kpdb_$SESSION_PID/events/kpdb_$SESSION_PID/bp1/trigger" \
		2> /dev/null
}

session_start
session_cmd 'bp vfs_read' 'hist 1 by stack'
wait_until 100 hist_set || fail "no hist trigger on bp1 after 100 s"
dd if=/dev/zero of=/dev/null bs=512 count=300 2> /dev/null
session_cmd 'hist 1' 'bc 1'
session_end
expect_rc 0
if grep -q common_stacktrace "$T/README"; then
	expect_out 'hist:keys=common_stacktrace:vals=hitcount'
else
	expect_out 'hist:keys=stacktrace:vals=hitcount'
fi
# the busiest stack: dd's reads, through ksys_read from the syscall entry
expect_out '^stack +[0-9]+ \|@'
expect_out '^ +vfs_read\+0x'
expect_out '^ +ksys_read\+0x'
# the tracer's own frames are dropped: the stack starts at the probed function
expect_no_out 'kprobe_ftrace_handler'
expect_out '^Breakpoint 1 cleared$'
expect_clean
