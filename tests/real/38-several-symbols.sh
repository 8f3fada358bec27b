# SPDX-License-Identifier: GPL-2.0-or-later
# A name the kernel has several functions of: name_show (6 in 6.1, 7 in
# 6.12), which kprobe_events refuses as "not unique".  A bare bp lists them
# (with their files when DWARF is there) and writes nothing; name_show#N
# picks one, written as _text+OFF: one breakpoint per number, and reading
# /sys/kernel/irq/*/name hits exactly one of them, kernel/irq/irqdesc.c's
# (bl says so with DWARF), whose attr->attr.name is "name"; a return probe
# on it works too.
need_cmd bp go bl
need_types
ls /sys/kernel/irq/*/name > /dev/null 2>&1 || skip "no /sys/kernel/irq/N/name files"

kp --batch -ex 'bp name_show %dx'
expect_rc 1
expect_out "^error: 'name_show' is ambiguous: (the kernel has )?[0-9]+ functions (of|have) this name" err
expect_out "choose one as name_show#N" err
expect_clean
count=$(grep -Ec '^  #[0-9]+  ' err)
[ "$count" -ge 2 ] || fail "the list has $count functions, expected several"
have_dwarf && expect_out '^  #[0-9]+  kernel/irq/irqdesc\.c:[0-9]+$' err

set -- --batch
i=1
while [ "$i" -le "$count" ]; do
	set -- "$@" -ex "bp name_show#$i"
	i=$((i + 1))
done
set -- "$@" -ex 'go -t 30 -- sh -c "cat /sys/kernel/irq/*/name > /dev/null"' -ex bl
kp "$@"
expect_rc 0
expect_count "$count" '^Breakpoint [0-9]+ at '
hit=$(awk '$2 ~ /^kprobe$/ && $4 ~ /^[0-9]+$/ && $4 > 0 { print $1 }' out)
expect_eq "breakpoints with hits" "$(echo $hit | wc -w)" 1
expect_clean
have_dwarf && expect_out "^$hit +kprobe .* kernel/irq/irqdesc\.c:name_show"

kp --batch -ex "bp name_show#$hit n=attr->attr.name" -ex "bp -r name_show#$hit \$retval" \
	-ex 'go -t 30 -- cat /sys/kernel/irq/1/name' -ex bl
expect_rc 0
expect_out ' bp1 +name_show: +n="?name"?$'
expect_out ' bp2 .*<- name_show: +retval=[0-9]+$'
expect_bl_hits 1 1
expect_bl_hits 2 1
expect_clean
