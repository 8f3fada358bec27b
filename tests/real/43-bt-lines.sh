# SPDX-License-Identifier: GPL-2.0-or-later
# bp -s with the kernel's DWARF: each frame of a hit's stack at its
# file:line, the inlined frames expanded before it as addr2line -i shows
# them (issue 13's scenario: bp -s do_sys_openat2 filename with workload
# open shows the syscall path, __x64_sys_openat ... do_syscall_64), in the
# hit, in bt, and in bt's JSON.  The running _text is printed for checking
# the lines against addr2line on the host (the address - 1 of each frame,
# minus the KASLR slide).
need_cmd bp ss bt
need_dwarf

echo "running _text: $(grep ' _text$' /proc/kallsyms)"
session_start
session_cmd 'bp -s do_sys_openat2 filename if comm == "workload"' 'ss 1' 'echo after-ss' 'bt' 'set json on' 'bt'
session_wait_probe bp1
workload -n 3 open /etc/passwd
session_end
expect_rc 0
expect_out ' bp1 +do_sys_openat2: filename="/etc/passwd"$'
expect_out '^ +do_sys_openat2\+0x[0-9a-f]+ at fs/open\.c:[0-9]+$'
expect_out '^ +do_sys_open \(inlined\) at fs/open\.c:[0-9]+$'
expect_out '^ +__x64_sys_openat\+0x[0-9a-f]+ at fs/open\.c:[0-9]+$'
expect_out '^ +do_syscall_x64 \(inlined\) at arch/x86/entry/common\.c:[0-9]+$'
expect_out '^ +do_syscall_64\+0x[0-9a-f]+ at arch/x86/entry/common\.c:[0-9]+$'
# the hit's stack and bt's are the same frames
expect_count 2 '^ +do_syscall_64\+0x[0-9a-f]+ at arch/x86/entry/common\.c:[0-9]+$'
expect_count 2 '^ +__x64_sys_openat\+0x[0-9a-f]+ at fs/open\.c:[0-9]+$'
expect_no_out 'kprobe_dispatcher'
if command -v jq > /dev/null 2>&1; then
	grep '^{"stack"' out > outj
	jq_check '.stack | any(.inlined == true and .func == "do_sys_open" and .file == "fs/open.c" and .line > 0)' outj
	jq_check '.stack | any(.inlined == false and (.func | startswith("do_syscall_64+0x")) and .file == "arch/x86/entry/common.c")' outj
	# an inlined copy carries its frame's address
	jq_check '[.stack[] | select(.func == "do_sys_open" or (.func | startswith("__x64_sys_openat+"))) | .addr] | unique | length == 1' outj
fi
expect_clean
