# SPDX-License-Identifier: GPL-2.0-or-later
# Issue 12's walk-through without the debug package: the connect probe with a
# cast and :sockaddr, and the return probe with $retval:errno, resolved from
# /sys/kernel/btf/vmlinux alone, decode the hits; what BTF cannot answer (a
# line, an inlined function) is refused with the package to install.
need_cmd bp go
need_btf
have_dwarf && skip "this run has the vmlinux: BTF mode is the run without it"

kp --batch -ex 'info vmlinux' \
	-ex 'bp __sys_connect ((struct sockaddr_in *)uservaddr)->sin_port uservaddr:sockaddr' \
	-ex 'bp -r __sys_connect ret=$retval:errno' \
	-ex 'go -n 2 -- workload connect 127.0.0.1 4444'
expect_rc 0
expect_out '^Source: +BTF'
expect_out ' bp1 +__sys_connect: sin_port=4444 uservaddr=AF_INET 127\.0\.0\.1:4444$'
expect_out ' bp2 +[^ ]+ <- __sys_connect: ret=-111 \(ECONNREFUSED\)$'

kp --batch -ex 'bp vfs_read:8 file'
expect_rc 1
expect_out "no line information for 'vfs_read'.*install linux-image-$(uname -r | sed 's/[.+]/\\&/g')-dbg" err
kp --batch -ex 'bp __do_sys_setuid uid'
expect_rc 1
expect_out "no function '__do_sys_setuid'.*BTF only knows function prototypes" err
expect_clean
