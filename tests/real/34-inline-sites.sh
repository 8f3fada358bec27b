# SPDX-License-Identifier: GPL-2.0-or-later
# A function that is always inlined gets one breakpoint per inlined site:
# __do_sys_setuid lives inside __x64_sys_setuid and __ia32_sys_setuid, and
# its parameter uid is read at each site from that wrapper's struct pt_regs
# (regs->di for x86_64, regs->bx for ia32).  The x86_64 site sees the
# workload's calls, the ia32 one none; bc N-M removes them together; a
# retprobe on it is refused.
need_cmd bp bl bc go
need_dwarf

kp --batch -ex 'bp __do_sys_setuid uid' -ex 'go -n 2 -- workload -n 2 setuid 1234' \
	-ex bl -ex 'bc 1-2' -ex bl
expect_rc 0
expect_out '^Breakpoint 1 at __do_sys_setuid \(inlined in __x64_sys_setuid\+0x[0-9a-f]+\)$'
expect_out '^Breakpoint 2 at __do_sys_setuid \(inlined in __ia32_sys_setuid\+0x[0-9a-f]+\)$'
expect_count 2 ' bp1 +[^ ]+: +uid=1234$'
expect_no_out ' bp2 '
expect_bl_hits 1 2
expect_out '^2 +kprobe +y +0 +0 +__do_sys_setuid@__ia32_sys_setuid\+'
expect_clean

kp --batch -ex 'bp -r __do_sys_setuid'
expect_rc 1
expect_out 'always inlined' err
expect_clean
