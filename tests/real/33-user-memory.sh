# SPDX-License-Identifier: GPL-2.0-or-later
# @user reads: the kernel accepts the definitions (6.1 refuses arrays read
# with +u, so the address arrays drop the u) and the values are the
# workload's, for a raw fetcharg and for a C expression.
need_cmd bp go

kp --batch -ex 'bp __sys_connect sa=%si@user:sockaddr a6=+8(%si)@user:ipv6 port=+2(%si)@user:port' \
	-ex 'go -n 1 -- workload connect ::1 4445'
expect_rc 0
expect_out ' bp1 +__sys_connect: sa=AF_INET6 \[::1\]:4445 a6=::1 port=4445$'

need_types
kp --batch -ex 'bp __sys_connect uservaddr@user:sockaddr' \
	-ex 'go -n 1 -- workload connect 127.0.0.1 4444'
expect_rc 0
expect_out ' bp1 +__sys_connect: uservaddr=AF_INET 127\.0\.0\.1:4444$'
