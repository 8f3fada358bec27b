# SPDX-License-Identifier: GPL-2.0-or-later
# lat FUNC: the latency of do_nanosleep from entry to return per task,
# computed by the kernel (a synthetic event fed by an onmatch() hist trigger
# between a kprobe and a kretprobe, in the session instance): 20 sleeps of
# 10 ms land in one log2 bucket at or above 8192 us (the kernel's bucket
# "8193 -> 16384" unless TCG makes them oversleep past 16 ms).  Then a
# session killed with SIGKILL leaves its lat behind, and --cleanup removes it
# in the order the kernel accepts, leaving a live session's lat alone.
need_cmd lat
need_feature 'onmatch' 'hist trigger onmatch() actions'

onmatch_set() {
	grep -q 'onmatch' "$T/instances/kpdb_$1/events/kpdb_$1/lat1_ret/trigger" 2> /dev/null
}

# synthetic events are kpdb's leftovers too
synth_left() {
	grep "^kpdb_$1_" $T/synthetic_events 2> /dev/null
}

session_start
session_cmd 'lat do_nanosleep'
wait_until 100 onmatch_set "$SESSION_PID" || fail "no onmatch trigger on lat1_ret after 100 s"
S=$SESSION_PID
show $T/instances/kpdb_$S/events/kpdb_$S/lat1_ret/trigger
# run by their triggers alone: soft-enabled ("0*"), nothing recorded
expect_eq "lat1 enable" "$(cat $T/instances/kpdb_$S/events/kpdb_$S/lat1/enable)" "0*"
expect_eq "lat1_ret enable" "$(cat $T/instances/kpdb_$S/events/kpdb_$S/lat1_ret/enable)" "0*"
workload -q -n 20 sleep 10
expect_no_out 'lat1' $T/instances/kpdb_$S/trace
session_cmd 'lat' 'set json on' 'lat' 'bl' 'set json off' 'bl' 'lat do_nanosleep off' 'bl'
session_end
expect_rc 0
expect_out '^Latency of do_nanosleep measured in the kernel, from entry to return'
expect_out '^ +usecs +: count +distribution$'
# the 20 sleeps: one bucket at or above 8192 us holds exactly them
bucket=$(awk -F'[ :>-]+' '/^ +[0-9]+ -> [0-9]+ +: 20 +\|\*+ *\|$/ && $2 >= 8192 { print $2 " -> " $3; exit }' out)
[ -n "$bucket" ] || fail "no bucket at or above 8192 us with the 20 calls"
note "the 20 sleeps of 10 ms: bucket $bucket us"
grep -E '^ +[0-9]+ -> [0-9]+ +: ' out | sed 's/^/# /'
expect_out '^avg = [0-9]+ usecs, total: [0-9]+ usecs, count: [0-9]+$'
need_jq
grep '^{' out > json
jq_check '.lat == "do_nanosleep" and .low >= 8192 and .count == 20' json
jq_check '.lat == "do_nanosleep" and .calls >= 20 and .avg >= 8192' json
jq_check '.lat == 1 and .func == "do_nanosleep" and .returns >= 20 and .misses == 0' json
expect_out '^lat do_nanosleep +latency from entry to return \(probes lat1, lat1_ret; [0-9]+ returns, 0 missed\)$'
expect_out '^Latency of do_nanosleep no longer measured$'
[ -z "$(synth_left "$S")" ] || fail "lat off left $(synth_left "$S")"
expect_clean

# --- a session killed with its lat on; --cleanup; a live one left alone ----------------
session_start
session_cmd 'lat do_nanosleep'
wait_until 100 onmatch_set "$SESSION_PID" || fail "no onmatch trigger on lat1_ret after 100 s"
G=$SESSION_PID
kill -9 "$SESSION_PID"
wait "$SESSION_PID" 2> /dev/null
exec 3>&-
kill "$SESSION_DOG" 2> /dev/null
[ -n "$(synth_left "$G")" ] || fail "the killed session's synthetic event is gone"

session_start
session_cmd 'lat do_nanosleep'
wait_until 100 onmatch_set "$SESSION_PID" || fail "no onmatch trigger on lat1_ret after 100 s"
L=$SESSION_PID

kp --cleanup
expect_rc 0
expect_out "^removed synthetic event kpdb_${G}_lat1$"
expect_out "^removed probe kpdb_$G/lat1$"
expect_out "^removed probe kpdb_$G/lat1_ret$"
expect_out "^removed instance kpdb_$G$"
expect_no_out "kpdb_$L"
[ -z "$(synth_left "$G")" ] || fail "--cleanup left $(synth_left "$G")"
grep -q ":kpdb_$G/" $T/kprobe_events && fail "--cleanup left kpdb_$G's probes"
[ -n "$(synth_left "$L")" ] || fail "--cleanup removed the live session's synthetic event"
onmatch_set "$L" || fail "--cleanup removed the live session's trigger"
session_end
expect_rc 0
[ -z "$(synth_left "$L")" ] || fail "the live session left $(synth_left "$L")"
expect_clean
