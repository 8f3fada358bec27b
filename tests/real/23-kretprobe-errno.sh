# SPDX-License-Identifier: GPL-2.0-or-later
# A kretprobe with $retval:errno: a refused connect shows ECONNREFUSED, a
# connect to a missing unix socket ENOENT; both spellings of a return probe.
need_cmd bp go

kp --batch -ex 'bp -r __sys_connect $retval:errno' \
	-ex 'bp __sys_connect%return ret=$retval:errno' \
	-ex 'go -- workload connect 127.0.0.1 4444' \
	-ex 'go -- workload connect-unix /tmp/kpdb-missing.sock'
expect_rc 0
expect_out ' bp1 +__sys_connect: +[^ ]+=-111 \(ECONNREFUSED\)$'
expect_out ' bp2 +__sys_connect: +ret=-111 \(ECONNREFUSED\)$'
expect_out ' bp1 +__sys_connect: +[^ ]+=-2 \(ENOENT\)$'
