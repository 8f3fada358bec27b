# SPDX-License-Identifier: GPL-2.0-or-later
# A hot probe (every slab allocation) under a busy loop: Ctrl-C (SIGINT)
# brings go back to the prompt within a second or two whatever the rate, a
# second Ctrl-C does not quit, and SIGTERM ends kpdb cleanly, probes gone.
need_cmd bp go

( while :; do ls -lR /sys/kernel/tracing > /dev/null 2>&1; done ) &
LOAD=$!

session_start
session_cmd 'bp kmem_cache_free' 'go'
session_wait_probe bp1
wait_until 20 grep -q ' bp1 ' sout || fail "no hit of kmem_cache_free"
kill -INT "$SESSION_PID"
wait_until 3 grep -q 'hits, interrupted$' sout || fail "Ctrl-C: go still running after 3 s"
kill -INT "$SESSION_PID"
sleep 0.5
kill -0 "$SESSION_PID" 2> /dev/null || fail "a second Ctrl-C quit kpdb"
session_cmd 'echo still-here' 'go'
wait_until 10 grep -q 'still-here' sout || fail "kpdb did not go on after Ctrl-C"
sleep 1
kill -TERM "$SESSION_PID"
t=0
while kill -0 "$SESSION_PID" 2> /dev/null && [ $t -lt 30 ]; do sleep 0.1; t=$((t + 1)); done
kill -0 "$SESSION_PID" 2> /dev/null && fail "SIGTERM: kpdb still running after 3 s"
kill "$LOAD" 2> /dev/null
wait "$LOAD" 2> /dev/null
exec 3>&-
wait "$SESSION_PID"
kill "$SESSION_DOG" 2> /dev/null
expect_clean
