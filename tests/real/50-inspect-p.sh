# SPDX-License-Identifier: GPL-2.0-or-later
# p and md read the running kernel's memory through /proc/kcore at the
# addresses of the vmlinux's DWARF, moved by the KASLR offset: the values are
# the kernel's own (uname -r, the idle task's name, the banner), jiffies
# moves, per_cpu() adds __per_cpu_offset, and a pointer to unmapped memory
# prints <unreadable ...> instead of failing.
need_cmd p md
if ! have_dwarf; then
	# BTF has types but no variables' addresses: one line saying what would help
	kp --batch -ex 'p init_task.comm'
	expect_rc 1
	expect_out "needs the kernel's DWARF.*debug package" err
	skip "no DWARF vmlinux: p needs it"
fi

kp --batch -ex 'p init_uts_ns.name.release'
expect_rc 0
expect_eq "p init_uts_ns.name.release" "$(cat out)" "\"$(uname -r)\""

kp --batch -ex 'p init_uts_ns.name'
expect_rc 0
expect_out '^\{sysname = "Linux", nodename = ".*", release = ".*", version = ".*", machine = "x86_64", domainname = ".*"\}$'

kp --batch -ex 'p init_task.comm' -ex 'p init_task.pid' -ex 'p init_task.mm'
expect_rc 0
expect_out '^"swapper/0"$'
expect_out '^0$'
expect_out '^\(struct mm_struct \*\) 0x0$'

kp --batch -ex 'p jiffies'
expect_rc 0
j1=$(cat out)
sleep 1
kp --batch -ex 'p jiffies' -ex 'p/x jiffies'
expect_rc 0
j2=$(head -n1 out)
case $j1$j2 in
*[!0-9]*|'') fail "p jiffies is not a number: '$j1' '$j2'" ;;
*) [ "$j2" -gt "$j1" ] || fail "jiffies did not grow: $j1 then $j2" ;;
esac
expect_out '^0x[0-9a-f]+$'

kp --batch -ex 'md linux_banner 4'
expect_rc 0
expect_out '^0xffffffff[0-9a-f]{8} [0-9a-f]{16} [0-9a-f]{16}   Linux version 6\.'
kp --batch -ex 'md1 linux_banner 1'
expect_rc 0
expect_out '^0xffffffff[0-9a-f]{8} 4c 69 6e 75 78 20 76 65 72 73 69 6f 6e 20 36 2e   Linux version 6\.$'

kp --batch -ex 'p per_cpu(runqueues, 0).cpu' -ex 'p per_cpu(runqueues, 0).nr_running'
expect_out '^0$'
expect_out '^[0-9]+$'

kp --batch -ex 'p *(struct task_struct *)0x10' -ex 'p ((struct task_struct *)0x10)->comm' \
	-ex 'p *(long *)0x10' -ex 'p init_task.comm'
expect_rc 0
expect_out '^<unreadable 0x10>$'
expect_out '^<unreadable 0x[0-9a-f]+>$'
expect_out '^"swapper/0"$'

kp -j --batch -ex 'p init_task.comm'
expect_rc 0
expect_out '^\{"expr":"init_task.comm","type":"char\[16\]","addr":"0xffffffff[0-9a-f]+","value":"\\"swapper/0\\""\}$'

kp --batch -ex 'p sizeof(struct task_struct)' -ex 'p &init_task' -ex 'p init_task.tasks.next->next->prev'
expect_out '^[0-9]+$'
expect_out '^\(struct task_struct \*\) 0xffffffff[0-9a-f]+$'

# a kprobe line pasted from a guide is still a breakpoint; p of a variable prints
kp --batch -ex 'p __sys_connect fam=+0(%si):u16 port=+2(%si):u16' -ex 'p do_sys_openat2' \
	-ex 'p init_task.comm' -ex 'info probes'
expect_rc 0
expect_out '^Breakpoint 1 at __sys_connect'
expect_out '^Breakpoint 2 at do_sys_openat2'
expect_out '^"swapper/0"$'
expect_out 'fam=\+0\(%si\):u16 port=\+2\(%si\):u16'

# speed: with the debug info loaded, one more p costs well under 20 ms (TCG
# included): 501 of them against 1 (the faster of two runs: loading the debug
# info varies more than a p costs), in one process each
: >many.kpdb
i=0
while [ $i -lt 500 ]; do
	echo 'p init_uts_ns.name.release' >>many.kpdb
	i=$((i + 1))
done
# busybox's date has no %N: /proc/uptime's hundredths
cs() { sed 's/^\([0-9]*\)\.\([0-9][0-9]\) .*/\1\2/' /proc/uptime; }
base=
for run in 1 2; do
	t0=$(cs)
	kp --batch -ex 'p init_uts_ns.name.release' >/dev/null
	t1=$(cs)
	[ -z "$base" ] || [ $((t1 - t0)) -lt "$base" ] && base=$((t1 - t0))
done
t1=$(cs)
kp --batch -ex 'p init_uts_ns.name.release' -x many.kpdb >/dev/null
t2=$(cs)
expect_count 501 '^"'
per_us=$(( ((t2 - t1) - base) * 10000 / 500 ))
[ "$per_us" -ge 0 ] || per_us=0
note "p of a global with the debug info loaded: about ${per_us} us each (one p alone: $((base * 10)) ms for the whole run)"
[ "$per_us" -lt 20000 ] || fail "p takes ${per_us} us, more than 20 ms"
