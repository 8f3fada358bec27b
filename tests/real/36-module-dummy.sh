# SPDX-License-Identifier: GPL-2.0-or-later
# A module's function, MOD:SYMBOL: set with raw fetchargs before the module
# is loaded (the kernel keeps it pending), refused with C arguments then (no
# types yet, and the line says so), and after insmod resolved from the
# module's own BTF (/sys/kernel/btf/dummy, split over the kernel's; its
# debug file's DWARF when the run has it, see 44-module-dwarf): 'ip link
# add d0 type dummy' calls dummy_dev_init, whose dev->name is d0.  The
# function named alone (no MOD:) is found in the loaded module; unloaded
# and loaded again, the module's probes hit again.
need_cmd bp go
need_module dummy
need_btf
[ -d /sys/module/dummy ] && skip "dummy is already loaded: the scenario needs it unloaded"

kp --batch -ex 'bp dummy:dummy_dev_init dev->name'
if [ -r "/usr/lib/debug/lib/modules/$(uname -r)/kernel/drivers/net/dummy.ko" ]; then
	# its debug file knows the types before it loads: the probe is pending
	expect_rc 0
	expect_out '^Breakpoint 1 at dummy:dummy_dev_init$'
else
	expect_rc 1
	expect_out "module 'dummy' is not loaded" err
fi
expect_clean

session_start
session_cmd 'bp dummy:dummy_dev_init %di:x64'
session_wait_probe bp1
grep -q ':kpdb_[0-9]*/bp1 dummy:dummy_dev_init' $T/kprobe_events ||
	fail "the pending probe is not in kprobe_events"
# numdummies=0: no dummy0 at load, so ip link add is the only call
insmod "/lib/modules/$(uname -r)/dummy.ko" numdummies=0 || fail "insmod dummy.ko failed"
# bp3 names the function alone: kallsyms says the loaded dummy has it
session_cmd 'bp dummy:dummy_dev_init dev->name' 'bp dummy_dev_init n=dev->name' 'bd 1' \
	'go -n 2 -t 60 -- ip link add d0 type dummy'
wait_until 60 grep -q 'hits' sout || fail "the first go did not end"
# unloaded and loaded again: the kernel re-arms the probes of a module it
# kept (trace_kprobe's module notifier), and they hit again
ip link del d0 2> /dev/null
rmmod dummy || fail "rmmod dummy failed"
insmod "/lib/modules/$(uname -r)/dummy.ko" numdummies=0 || fail "insmod dummy.ko again failed"
session_cmd 'go -n 2 -t 60 -- ip link add d1 type dummy' 'bl'
sleep 1
session_end
expect_rc 0
expect_out '^Breakpoint 1 at dummy:dummy_dev_init$'
expect_out '^Breakpoint 2 at dummy:dummy_dev_init$'
expect_out '^Breakpoint 3 at dummy_dev_init$'
expect_out ' bp2 +dummy_dev_init: +name="?d0"?$'
expect_out ' bp3 +dummy_dev_init: +n="?d0"?$'
expect_out ' bp2 +dummy_dev_init: +name="?d1"?$'
expect_out ' bp3 +dummy_dev_init: +n="?d1"?$'
expect_bl_hits 2 2
expect_bl_hits 3 2
expect_clean
ip link del d1 2> /dev/null
rmmod dummy 2> /dev/null
