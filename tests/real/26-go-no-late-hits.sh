# SPDX-License-Identifier: GPL-2.0-or-later
# The hits of a go are printed by that go, never by the next one.  On 6.12
# the first read of a fresh instance's trace_pipe_raw returns 0; kpdb took
# it for the end of the buffer, so this go ended "0 hits, program exited"
# and the three hits came out of the next go, after bd 1 (issue 10's
# report, as typed there with busybox nc; a second breakpoint keeps the
# last go legal once bp1 is disabled).
need_cmd bp bd go

kp --batch -ex 'bp __sys_connect port=+2(%si):port' \
	-ex "go -n 3 -t 60 -- sh -c 'for i in 1 2 3; do nc -w 1 127.0.0.1 5559; done'" \
	-ex bl -ex 'bd 1' -ex 'bp __sys_setuid' -ex 'go -t 2'
expect_rc 0
expect_count 3 ' bp1 +__sys_connect: +port=5559$'
expect_out '^3 hits, count reached$'
expect_bl_hits 1 3
expect_out '^0 hits, time is up$'
# the three hits come before the summary of their own go
n=$(awk '/ bp1 / { h++ } /^3 hits, count reached$/ { print h; exit }' out)
expect_eq "hits printed before go's own summary" "${n:-0}" 3
