# SPDX-License-Identifier: GPL-2.0-or-later
# The walk-through's setuid and execve probes as raw fetchargs (6.1 has no
# sys_setuid: the uid is __sys_setuid's first argument; the execve file name
# is read through alloc_bprm's struct filename in kernel memory (bprm_execve
# lost that argument in 6.8), and argv[1] in user
# memory through the syscall's pt_regs).
need_cmd bp bl

session_start
session_cmd 'bp __sys_setuid %di:u32' \
	'bp alloc_bprm +0(+0(%si)):string' \
	'bp __x64_sys_execve file=+0(+112(%di)):ustring argv1=+0(+u8(+104(%di))):ustring'
session_wait_probe bp3
G=$(kpdb_group)
workload -n 2 setuid 1000
workload exec /bin/echo hello-execve
cat $T/instances/$G/trace > trace
session_cmd bl
session_end
expect_rc 0
expect_out '^Breakpoint 1 at __sys_setuid'
expect_out '^Breakpoint 2 at alloc_bprm'
expect_out '^Breakpoint 3 at __x64_sys_execve'
show trace
expect_count 2 'bp1: \(__sys_setuid\+0x[04]/0x[0-9a-f]+\) [^ ]+=1000$' trace
expect_out 'bp2: \(alloc_bprm\+0x[04]/0x[0-9a-f]+\) [^ ]+="/bin/echo"$' trace
expect_out 'bp3: .* file="/bin/echo" argv1="hello-execve"$' trace
expect_bl_hits 1 2
expect_clean
