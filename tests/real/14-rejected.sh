# SPDX-License-Identifier: GPL-2.0-or-later
# Definitions that cannot be set: a symbol the kernel does not have, and a
# location the kernel refuses (inside __sys_connect's first instruction),
# reported with the kernel's own reason; nothing is left half-created.
need_cmd bp bl

kp --batch -ex 'bp kpdb_no_such_function %di:u32'
expect_rc 1
expect_out "kpdb_no_such_function" err
expect_clean

kp --batch -ex 'bp __sys_connect+1 %di:u32'
expect_rc 1
expect_out 'not an instruction boundary' err
expect_clean

# the failed bp leaves no row, the next one works
kp --batch -ex 'bp __sys_connect+1 %di:u32' -ex 'bp __sys_connect %di:s32' -ex bl
expect_rc 1
expect_out '^Breakpoint 2 at __sys_connect|^Breakpoint 1 at __sys_connect'
expect_no_out '__sys_connect\+1' out
expect_clean
