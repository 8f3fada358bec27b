# SPDX-License-Identifier: GPL-2.0-or-later
# On a kernel whose tracefs resolves BTF argument names itself (6.10+:
# 'p:g/e do_sys_openat2 dfd how->flags'), the kernel's own fetchargs and
# kpdb's (from DWARF, or from BTF in the run without the debug file) give
# the same values for the same hits.
need_cmd bp go
need_feature '<argname>' 'BTF argument names in probe definitions'
need_types

echo 'p:kphand/o do_sys_openat2 dfd filename:string flags=how->flags' >> $T/kprobe_events ||
	fail "the kernel refused its own BTF arguments: $(tail -n 3 $T/error_log)"
mkdir $T/instances/kphand
echo 1 > $T/instances/kphand/events/kphand/o/enable
kp --batch -ex 'bp do_sys_openat2 dfd filename how->flags' \
	-ex 'go -n 3 -- workload -n 3 open /etc/passwd'
echo 0 > $T/instances/kphand/events/kphand/o/enable
cat $T/instances/kphand/trace > trace
rmdir $T/instances/kphand
echo '-:kphand/o' >> $T/kprobe_events
expect_rc 0

# "dfd=-100 filename=/etc/passwd flags=32768", numbers in decimal
norm() {
	sed -n 's/.* dfd=\([^ ]*\) filename="\{0,1\}\([^" ]*\)"\{0,1\} flags=\([^ ]*\)$/\1 \2 \3/p' |
		while read -r d f fl; do printf '%d %s %d\n' "$d" "$f" "$fl"; done
}
grep ' workload-[0-9]* .*o: ' trace | norm > kernel.vals
grep ' workload-[0-9]* *bp1 ' out | norm > kpdb.vals
show trace
note "kernel: $(tr '\n' ';' < kernel.vals)"
note "kpdb:   $(tr '\n' ';' < kpdb.vals)"
expect_count 3 '/etc/passwd' kpdb.vals
grep -q '/etc/passwd' kernel.vals || fail "no open of /etc/passwd in the kernel's trace"
# every hit kpdb showed is one the kernel's own fetchargs saw, value for value
while read -r line; do
	grep -qxF -- "$line" kernel.vals || fail "kpdb's '$line' is not among the kernel's values"
done < kpdb.vals
