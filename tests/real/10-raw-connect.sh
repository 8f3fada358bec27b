# SPDX-License-Identifier: GPL-2.0-or-later
# The walk-through's connect probe typed as raw fetchargs, in a live session:
# the kernel accepts kpdb's definition, the session's own instance records the
# refused connects with the address and port the workload used, and bl's hit
# count equals the number of calls.  Nothing is left after quit.
need_cmd bp bl

session_start
session_cmd 'bp __sys_connect fam=+0(%si):u16 port=+2(%si):u16 addr=+4(%si):u32'
session_wait_probe bp1
G=$(kpdb_group)
grep -q "^p:$G/bp1 __sys_connect" $T/kprobe_events || fail "no p:$G/bp1 in kprobe_events"
workload -n 3 connect 127.0.0.1 4444
cat $T/instances/$G/trace > trace
session_cmd bl
session_end
expect_rc 0
expect_out '^Breakpoint 1 at __sys_connect'
show trace
# 23569 is 4444 in network order, 16777343 is 127.0.0.1
expect_count 3 'bp1: \(__sys_connect\+0x[04]/0x[0-9a-f]+\) fam=2 port=23569 addr=16777343$' trace
expect_bl_hits 1 3
expect_clean
