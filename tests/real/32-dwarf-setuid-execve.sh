# SPDX-License-Identifier: GPL-2.0-or-later
# The setuid and execve probes with parameter names instead of registers,
# and a filter on a typed argument (DWARF, or BTF without the debug file).
need_cmd bp go ptype
need_types

kp --batch -ex 'bp __sys_setuid uid' -ex 'bp alloc_bprm filename->name' \
	-ex 'bp -n conn4444 __sys_connect ((struct sockaddr_in *)uservaddr)->sin_port if sin_port == 4444' \
	-ex 'go -- workload setuid 1000' -ex 'go -- workload exec /bin/echo hi' \
	-ex 'go -- workload connect 127.0.0.1 5555' -ex 'go -- workload connect 127.0.0.1 4444'
expect_rc 0
expect_out ' bp1 +__sys_setuid: +uid=1000$'
expect_out ' bp2 +alloc_bprm: +[^ ]*name="?/bin/echo"?$'
expect_count 1 ' conn4444 +__sys_connect: '
expect_out ' conn4444 +__sys_connect: +sin_port=4444$'
