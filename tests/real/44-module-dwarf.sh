# SPDX-License-Identifier: GPL-2.0-or-later
# A module's own DWARF (issue 16): with linux-image-VERSION-dbg's
# usr/lib/debug/lib/modules/VERSION/kernel/drivers/net/dummy.ko on the
# debug disk, `bp dummy:dummy_dev_init dev->name` is resolved from that
# relocatable .ko (its build id checked against /sys/module/dummy/notes),
# not from /sys/kernel/btf/dummy: `info args` shows the file:line that only
# DWARF knows, and 'ip link add d0 type dummy' hits with name="d0".  The
# debug file is found by kpdb's default path, as on an installed system.
need_cmd bp go info
need_module dummy
need_dwarf
dbg=/usr/lib/debug/lib/modules/$(uname -r)/kernel/drivers/net/dummy.ko
[ -r "$dbg" ] || skip "no $dbg on the debug disk (scripts/fetch-kernel unpacks it)"
[ -d /sys/module/dummy ] && skip "dummy is already loaded: the scenario needs it unloaded"

# numdummies=0: no dummy0 at load, so ip link add is the only call
insmod "/lib/modules/$(uname -r)/dummy.ko" numdummies=0 || fail "insmod dummy.ko failed"
kp --batch -ex 'info args dummy:dummy_dev_init' -ex 'info args dummy:dummy_setup'
expect_rc 0
expect_out '^int dummy_dev_init\(dev\)	/\* drivers/net/dummy\.c:[0-9]+ \*/$'
expect_out '^void dummy_setup\(dev\)	/\* drivers/net/dummy\.c:[0-9]+ \*/$'
expect_out '^	dev +struct net_device \* +%di$'

session_start
session_cmd 'bp dummy:dummy_dev_init dev->name' 'bp dummy_dev_init n=dev->name' \
	'bp dummy:drivers/net/dummy.c:dummy_dev_init f=dev->name' \
	'go -n 3 -t 60 -- ip link add d0 type dummy' 'info probes'
wait_until 60 grep -q 'hits' sout || fail "go did not end"
session_end
expect_rc 0
expect_out '^Breakpoint 1 at dummy:dummy_dev_init$'
expect_out '^Breakpoint 2 at dummy_dev_init$'
expect_out ' bp1 +dummy_dev_init: +name="?d0"?$'
expect_out ' bp2 +dummy_dev_init: +n="?d0"?$'
# MOD:FILE:FUNC, from the module's DWARF too
expect_out '^Breakpoint 3 at dummy:drivers/net/dummy\.c:dummy_dev_init$'
expect_out ' bp3 +dummy_dev_init: +f="?d0"?$'
expect_out 'dummy:dummy_dev_init name=\+[0-9]+\(%di\):string$'
expect_clean
ip link del d0 2> /dev/null
rmmod dummy 2> /dev/null
