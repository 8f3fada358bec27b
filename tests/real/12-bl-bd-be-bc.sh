# SPDX-License-Identifier: GPL-2.0-or-later
# bl's hit counts follow the workload's calls; bd stops hits (the kernel
# counts none while the only user is disabled), be resumes them, and bc on an
# enabled probe removes it without EBUSY.
need_cmd bp bl bd be bc

session_start
session_cmd 'bp __sys_connect port=+2(%si):u16'
session_wait_probe bp1
G=$(kpdb_group)
workload -n 5 connect 127.0.0.1 4444 > /dev/null
wait_hits bp1 5
session_cmd bl 'bd 1'
wait_until 30 sh -c "[ \"\$(cat $T/instances/$G/events/$G/bp1/enable)\" = 0 ]" ||
	fail "bd 1 did not disable bp1"
workload -n 2 connect 127.0.0.1 4444 > /dev/null
session_cmd bl 'be 1'
session_wait_probe bp1
workload -n 3 connect 127.0.0.1 4444 > /dev/null
wait_hits bp1 8
session_cmd bl 'bc 1'
wait_until 30 sh -c "! grep -q '$G/bp1 ' $T/kprobe_events" || fail "bc 1 left bp1 in kprobe_events"
session_cmd bl
session_end
expect_rc 0
expect_no_out '[Bb]usy'
# Three bl with a row, in order: 5, still 5 after bd, 8 after be.
got=$(awk '$1 == 1 && $4 ~ /^[0-9]+$/ { printf "%s ", $4 }' out)
expect_eq "bl hits after 5 calls, bd + 2 calls, be + 3 calls" "$got" "5 5 8 "
expect_clean
