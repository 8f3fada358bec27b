# SPDX-License-Identifier: GPL-2.0-or-later
# go -n stops after COUNT hits even when the program makes more calls; go -t
# returns after SECONDS with nothing to show; ss COUNT steps COUNT hits.
need_cmd bp go

kp --batch -ex 'bp __sys_connect port=+2(%si):u16' \
	-ex 'go -n 2 -- workload -n 6 connect 127.0.0.1 4444'
expect_rc 0
expect_count 2 ' bp1 +__sys_connect: +port=23569$'

start=$(cut -d. -f1 /proc/uptime)
kp --batch -ex 'bp __sys_connect port=+2(%si):u16' -ex 'go -t 3'
end=$(cut -d. -f1 /proc/uptime)
expect_rc 0
expect_count 0 ' bp1 '
took=$((end - start))
note "go -t 3 took about ${took}s (kpdb start included)"
[ "$took" -ge 3 ] || fail "go -t 3 returned after ${took}s"
[ "$took" -le 60 ] || fail "go -t 3 returned after ${took}s"
