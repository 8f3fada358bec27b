# SPDX-License-Identifier: GPL-2.0-or-later
# A module's function, MOD:SYMBOL: set with raw fetchargs before the module
# is loaded (the kernel keeps it pending), refused with C arguments then (no
# types yet, and the line says so), and after insmod resolved from the
# module's own BTF (/sys/kernel/btf/dummy, split over the kernel's): 'ip link
# add d0 type dummy' calls dummy_dev_init, whose dev->name is d0.
need_cmd bp go
need_module dummy
need_btf
[ -d /sys/module/dummy ] && skip "dummy is already loaded: the scenario needs it unloaded"

kp --batch -ex 'bp dummy:dummy_dev_init dev->name'
expect_rc 1
expect_out "module 'dummy' is not loaded" err
expect_clean

session_start
session_cmd 'bp dummy:dummy_dev_init %di:x64'
session_wait_probe bp1
grep -q ':kpdb_[0-9]*/bp1 dummy:dummy_dev_init' $T/kprobe_events ||
	fail "the pending probe is not in kprobe_events"
# numdummies=0: no dummy0 at load, so ip link add is the only call
insmod "/lib/modules/$(uname -r)/dummy.ko" numdummies=0 || fail "insmod dummy.ko failed"
session_cmd 'bp dummy:dummy_dev_init dev->name' 'bd 1' 'go -n 1 -t 60 -- ip link add d0 type dummy'
sleep 1
session_end
expect_rc 0
expect_out '^Breakpoint 1 at dummy:dummy_dev_init$'
expect_out '^Breakpoint 2 at dummy:dummy_dev_init$'
expect_out ' bp2 +dummy_dev_init: +name="?d0"?$'
expect_clean
ip link del d0 2> /dev/null
rmmod dummy 2> /dev/null
