# SPDX-License-Identifier: GPL-2.0-or-later
# An `if` filter is compiled into the event's filter: the kernel drops the
# connects to other ports, so the instance records only the matching ones
# while kprobe_profile still counts every call.
need_cmd bp bl

session_start
session_cmd 'bp -n onlyport __sys_connect port=+2(%si):u16 if port == 23569'
session_wait_probe onlyport
G=$(kpdb_group)
cat $T/instances/$G/events/$G/onlyport/filter
workload -n 2 connect 127.0.0.1 4444
workload -n 3 connect 127.0.0.1 5555
cat $T/instances/$G/trace > trace
session_cmd bl
session_end
expect_rc 0
show trace
expect_count 2 'onlyport: .* port=23569$' trace
expect_count 0 'port=46869' trace
expect_eq "kprobe hits" "$(awk '$1 == 1 && $4 ~ /^[0-9]+$/ { print $4 }' out)" 5
expect_clean
