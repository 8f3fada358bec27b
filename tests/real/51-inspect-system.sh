# SPDX-License-Identifier: GPL-2.0-or-later
# lsmod, ps, dmesg and summary against the kernel's own /proc and /dev/kmsg.
need_cmd lsmod ps dmesg summary

kp --batch -ex lsmod
expect_rc 0
expect_out '^Module +Size +Address +Used +State +Used by$'
while read -r name size refs deps state addr; do
	expect_out "^$name +$size +$addr +$refs +$state( |$)"
done </proc/modules
[ "$(grep -c . /proc/modules)" -eq "$(($(grep -c . out) - 1))" ] ||
	fail "lsmod shows $(($(grep -c . out) - 1)) modules, /proc/modules $(grep -c . /proc/modules)"

kp --batch -ex ps
expect_rc 0
expect_out '^ +1 +0 +[0-9]+ +[RSDM] +'
expect_out '^ +2 +0 +[0-9]+ +[RSDMI] +kthreadd$'
expect_out "^ +$$ +[0-9]+ +[0-9]+ +[RS] +"

kp --batch -ex 'dmesg -n 3'
expect_rc 0
expect_count 3 '^\[ *[0-9]+\.[0-9]{6}\] '
kp --batch -ex dmesg
expect_out 'Linux version'

kp --batch -ex summary
expect_rc 0
expect_eq "summary release" "$(sed -n 's/^release  *//p' out)" "$(uname -r)"
expect_out '^sysname +Linux$'
expect_out '^uptime +[0-9]{2}:[0-9]{2}$'
expect_out '^cpus +[1-9]'
expect_out '^MemTotal: +[0-9]+ kB$'
