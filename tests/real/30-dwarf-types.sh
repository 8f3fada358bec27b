# SPDX-License-Identifier: GPL-2.0-or-later
# The vmlinux is found without -k (mounted at /usr/lib/debug/boot, build id
# checked against the running kernel); without it, the kernel's own
# /sys/kernel/btf/vmlinux answers.  ptype, offsetof and info args read it.
# The values are this kernel's (pahole and perf probe on the host agree).
need_cmd ptype offsetof info
need_types

kp --batch -ex 'info vmlinux'
expect_rc 0
if have_dwarf; then
	grep -Fq "vmlinux-$(uname -r)" out || fail "info vmlinux does not name vmlinux-$(uname -r)"
else
	expect_out '^File: +/sys/kernel/btf/vmlinux$'
	expect_out '^Source: +BTF'
fi
kp --batch -ex 'ptype struct sockaddr_in' -ex 'info args __sys_connect'
expect_rc 0
expect_out 'sin_family'
expect_out 'sin_port'
expect_out 'uservaddr.*%si|%si.*uservaddr'
expect_out 'addrlen.*%dx|%dx.*addrlen'
kp --batch -ex 'offsetof struct sockaddr_in sin_port'
expect_rc 0
expect_out '(^|[^0-9])2([^0-9]|$)'
kp --batch -ex 'offsetof struct sockaddr_in sin_addr.s_addr'
expect_rc 0
expect_out '(^|[^0-9])4([^0-9]|$)'
