# SPDX-License-Identifier: GPL-2.0-or-later
# A kretprobe with $retval:errno: a refused connect shows ECONNREFUSED, a
# connect to a missing unix socket ENOENT; both spellings of a return probe.
need_cmd bp go

kp --batch -ex 'bp -r __sys_connect $retval:errno' \
	-ex 'bp __sys_connect%return ret=$retval:errno' \
	-ex 'go -- workload connect 127.0.0.1 4444' \
	-ex 'go -- workload connect-unix /tmp/kpdb-missing.sock'
expect_rc 0
# A return probe's FUNC reads "RETURN-SITE <- __sys_connect".  With two
# return probes on one function the kernel records the other probe's
# trampoline (arch_rethook_trampoline) as one of them's return site.
expect_out ' bp1 [^:]*<- __sys_connect: +[^ ]+=-111 \(ECONNREFUSED\)$'
expect_out ' bp2 [^:]*<- __sys_connect: +ret=-111 \(ECONNREFUSED\)$'
expect_out ' bp1 [^:]*<- __sys_connect: +[^ ]+=-2 \(ENOENT\)$'
expect_out ' bp2 [^:]*<- __sys_connect: +ret=-2 \(ENOENT\)$'
