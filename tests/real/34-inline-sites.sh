# SPDX-License-Identifier: GPL-2.0-or-later
# A function that is always inlined gets one breakpoint, a probe at each
# inlined site: __do_sys_setuid lives inside __x64_sys_setuid and
# __ia32_sys_setuid, and its parameter uid is read at each site from that
# wrapper's struct pt_regs (regs->di for x86_64, regs->bx for ia32).  The
# x86_64 site (bp1) sees the workload's calls, the ia32 one (bp1_1) none; bl
# shows one line, bl -v the sites; bc 1 removes both; a retprobe on it is
# refused.
need_cmd bp bl bc go
need_dwarf

kp --batch -ex 'bp __do_sys_setuid uid' -ex 'go -n 2 -- workload -n 2 setuid 1234' \
	-ex bl -ex 'bl -v' -ex 'bc 1' -ex bl
expect_rc 0
expect_out '^Breakpoint 1 at __do_sys_setuid: 2 inlined sites$'
expect_count 2 ' bp1 +__x64_sys_setuid[^ ]*: +uid=1234$'
expect_no_out ' bp1_1 '
expect_out '^1 +kprobe +y +2 +0 +__do_sys_setuid \(2 sites\) +uid$'
expect_out '^1\.1 +kprobe +y +2 +0 +__do_sys_setuid@__x64_sys_setuid\+'
expect_out '^1\.2 +kprobe +y +0 +0 +__do_sys_setuid@__ia32_sys_setuid\+'
expect_count 1 '^Breakpoint 1 cleared$'
expect_clean

kp --batch -ex 'bp -r __do_sys_setuid'
expect_rc 1
expect_out 'always inlined' err
expect_clean
