# SPDX-License-Identifier: GPL-2.0-or-later
# hist N by comm: the kernel counts breakpoint 1's hits per task name (a
# hist trigger in the session instance); kpdb prints the table with bars.
need_cmd bp hist

# the trigger file lists the hist trigger once it is in place
hist_set() {
	grep -q '^hist:' "$T/instances/kpdb_$SESSION_PID/events/kpdb_$SESSION_PID/bp1/trigger" \
		2> /dev/null
}

session_start
session_cmd 'bp vfs_read count=%dx:u64' 'hist 1 by comm sum count'
wait_until 100 hist_set || fail "no hist trigger on bp1 after 100 s"
dd if=/dev/zero of=/dev/null bs=4096 count=1000 2> /dev/null
session_cmd 'hist 1' 'set json on' 'hist 1' 'set json off' 'hist 1 clear' 'hist 1' 'hist 1 off' 'bl'
session_end
expect_rc 0
expect_out '^Breakpoint 1: hits aggregated in the kernel \(hist:keys=common_pid.execname:vals=hitcount,count'
# dd's row: at least its 1000 reads of 4096 bytes, and a bar
dd_hits=$(awk '$1 == "dd" && $4 ~ /^\|@/ { print $2; exit }' out)
dd_sum=$(awk '$1 == "dd" && $4 ~ /^\|@/ { sub("count=", "", $3); print $3; exit }' out)
[ "${dd_hits:-0}" -ge 1000 ] || fail "dd's row has ${dd_hits:-no} hits, expected >= 1000"
[ "${dd_sum:-0}" -ge 4096000 ] || fail "dd's sum of count is ${dd_sum:-none}, expected >= 4096000"
expect_out '^\{"bp":1,"key":\{"comm":"dd"\},"hits":[0-9]+,"sum_of":"count","sum":[0-9]+\}$'
expect_out '^Breakpoint 1: histogram cleared$'
expect_out '^Breakpoint 1: histogram removed$'
expect_clean
