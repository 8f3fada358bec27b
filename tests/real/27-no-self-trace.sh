# SPDX-License-Identifier: GPL-2.0-or-later
# kpdb never traces itself: with a breakpoint on the read path, kpdb's own
# reads of its ring buffer are not hits (each was, and woke the next read:
# 2306 of 2309 hits in the sandbox were kpdb's, and 95,043 in batch mode
# with none of dd's), while the program that go starts is traced.
need_cmd bp go

session_start
session_cmd 'bp ksys_read fd=%di:u32 count=%dx:u64' 'go -t 4 -- dd if=/etc/passwd of=/dev/null bs=7 count=3'
session_wait_probe bp1
session_end
expect_rc 0
expect_no_out " kpdb-$SESSION_PID +bp1 "
n=$(grep -Ec ' dd-[0-9]+ +bp1 +ksys_read: fd=[0-9]+ count=7$' out)
[ "$n" -ge 3 ] || fail "$n reads of dd shown, expected at least 3"
all=$(grep -c ' bp1 ' out)
[ "$all" -lt 100 ] || fail "$all hits in 4 s: kpdb is tracing itself"

kp --batch -ex 'bp ksys_read fd=%di:u32 count=%dx:u64' -ex 'go -t 4 -- dd if=/etc/passwd of=/dev/null bs=7 count=3'
expect_rc 0
expect_no_out ' kpdb-[0-9]+ +bp1 '
n=$(grep -Ec ' dd-[0-9]+ +bp1 +ksys_read: fd=[0-9]+ count=7$' out)
[ "$n" -ge 3 ] || fail "batch: $n reads of dd shown, expected at least 3"
all=$(grep -c ' bp1 ' out)
[ "$all" -lt 100 ] || fail "batch: $all hits in 4 s: kpdb is tracing itself"
