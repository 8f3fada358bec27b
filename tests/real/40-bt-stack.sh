# SPDX-License-Identifier: GPL-2.0-or-later
# bp -s: each hit carries the kernel stack (a stacktrace trigger in the
# session instance), printed under the hit from the probed function down to
# the syscall entry; bt shows the last one; bc removes the trigger before
# the probe.
need_cmd bp ss bt

session_start
session_cmd 'bp -s do_sys_openat2 dfd=%di:s32' 'bl' 'ss 1' 'echo after-ss' 'bt' 'bc 1'
session_wait_probe bp1
workload -n 3 open /etc/passwd
session_end
expect_rc 0
expect_out 'kernel stack recorded at each hit'
expect_out ' bp1 +do_sys_openat2: dfd=-100$'
expect_out '^ +do_sys_openat2\+0x'
expect_out '^ +__x64_sys_openat\+0x'
expect_out '^ +do_syscall_64\+0x'
expect_no_out 'kprobe_dispatcher'
expect_count 2 '^ +do_syscall_64\+0x'
expect_out '^Breakpoint 1 cleared$'
expect_clean
