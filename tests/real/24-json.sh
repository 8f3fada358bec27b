# SPDX-License-Identifier: GPL-2.0-or-later
# -j: every line of output is a JSON object; hits carry bp, name, cpu, ts,
# comm, pid, func and the decoded args.
need_cmd bp go
need_jq

kp -j --batch -ex 'bp __sys_connect fam=+0(%si):u16 port=+2(%si):u16' \
	-ex 'go -n 2 -- workload -q -n 2 connect 127.0.0.1 4444' -ex bl
expect_rc 0
# the workload is quiet: everything on stdout is kpdb's
jq -c . out > /dev/null || fail "output is not JSON Lines"
jq_check '.stop == "count" and .hits == 2'
jq_check '.bp == 1 and .type == "kprobe" and .hits == 2'
jq -e -s 'map(select(.bp == 1 and .args)) | .[0].ts_ns > 0' out > /dev/null ||
	fail "no ts_ns in the hits"
n=$(jq_count '.bp == 1 and .name == "bp1" and .func == "__sys_connect" and .comm == "workload"
	and (.pid | type) == "number" and (.cpu | type) == "number" and (.ts | type) == "number"
	and (.args.fam | tostring) == "2" and (.args.port | tostring) == "23569"')
expect_eq "decoded JSON hits" "$n" 2
