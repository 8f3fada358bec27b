# SPDX-License-Identifier: GPL-2.0-or-later
# C expressions resolved from the vmlinux (or, without it, from the kernel's
# BTF) decode to what the workload used: 127.0.0.1:4444, [::1]:4445 and a
# unix socket path.
need_cmd bp go ptype
need_types

kp --batch -x "$SDIR/31-dwarf-connect.kpdb"
expect_rc 0
expect_out ' bp1 +__sys_connect: .*sin_addr=127\.0\.0\.1 .*sin_port=4444$'
expect_out ' bp2 +__sys_connect: .*=AF_INET 127\.0\.0\.1:4444 addrlen=16$'
expect_out ' bp2 +__sys_connect: .*=AF_INET6 \[::1\]:4445 addrlen=28$'
expect_out ' bp2 +__sys_connect: .*=AF_UNIX /tmp/kpdb-dwarf\.sock addrlen=110$'
expect_bl_hits 2 3
