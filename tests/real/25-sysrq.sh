# SPDX-License-Identifier: GPL-2.0-or-later
# sysrq: the key list, and `sysrq h` printing the help the kernel logged.
need_cmd sysrq

kp --batch -ex 'sysrq'
expect_rc 0
expect_out '(^|[^a-z])h([^a-z]|$)'
kp --batch -ex 'sysrq h'
expect_rc 0
expect_out 'HELP : .*show-memory-usage\(m\)'
