# SPDX-License-Identifier: GPL-2.0-or-later
# The harness itself, without kpdb: a kprobe and a kretprobe written by hand
# into kprobe_events, enabled in their own instance as kpdb does it, hit by a
# refused connect to 127.0.0.1:4444.  Proves boot, tracefs, the workload
# helper and the console protocol end to end.

grep -qx '__sys_connect' $T/available_filter_functions || fail "__sys_connect is not probeable"

echo 'p:kphand/conn __sys_connect fam=+0(%si):u16 port=+2(%si):u16 addr=+4(%si):u32' >> $T/kprobe_events ||
	fail "kprobe definition rejected: $(tail -n 3 $T/error_log)"
echo 'r:kphand/connr __sys_connect ret=$retval:s32' >> $T/kprobe_events ||
	fail "kretprobe definition rejected: $(tail -n 3 $T/error_log)"
mkdir $T/instances/kphand
echo 1 > $T/instances/kphand/events/kphand/enable

workload -n 3 connect 127.0.0.1 4444 | tee wl
expect_count 3 'ECONNREFUSED' wl

echo 0 > $T/instances/kphand/events/kphand/enable
cat $T/instances/kphand/trace > trace
show trace
# 23569 is 4444 in network order, 16777343 is 127.0.0.1
expect_count 3 'conn: \(__sys_connect\+0x[04]/0x[0-9a-f]+\) fam=2 port=23569 addr=16777343' trace
expect_count 3 'connr: \(.*<- __sys_connect\) ret=-111' trace
expect_eq "conn hits" "$(hits conn)" 3

rmdir $T/instances/kphand || fail "cannot remove instance kphand"
echo '-:kphand/conn' >> $T/kprobe_events
echo '-:kphand/connr' >> $T/kprobe_events
if grep -q kphand $T/kprobe_events; then
	fail "kphand probes still defined"
fi
