#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli-lat.sh - lat FUNC against the FUSE fake tracefs: the synthetic event,
# the kprobe and kretprobe (never enabled: their triggers run them), the
# three hist triggers in the session instance, written in the order the
# kernel needs and removed in the reverse one (lat off, exit, --cleanup),
# nothing left behind when the kernel refuses a step, bl and info probes,
# JSON, the dry run, lat -w.  The table itself is test-hist's (the fake
# counts nothing).

. "$top_srcdir/tests/lib-cli.sh"

command -v faketfs_usable >/dev/null 2>&1 && faketfs_usable ||
	cli_skip "the FUSE fake tracefs cannot be mounted here"

tfs=$cli_tmp/tfs
log=$cli_tmp/log
printf '%s\n' do_nanosleep vfs_read refused_fn >"$cli_tmp/funcs"
faketfs_mount "$tfs" "$log" --functions "$cli_tmp/funcs" --fail-on refused_fn || exit 99

unpid() { sed 's/kpdb_[0-9][0-9]*/kpdb_PID/g; s/common_pid != [0-9][0-9]*/common_pid != PID/g' "$@"; }
check()
{
	_got=$(unpid "$2")
	if [ "$_got" = "$3" ]; then
		cli_ok "$1"
	else
		cli_not_ok "$1" "expected:"
		printf '%s\n' "$3" | sed 's/^/#     > /'
		echo "#   got:"
		printf '%s\n' "$_got" | sed 's/^/#     < /'
	fi
}
check_text() { printf '%s\n' "$2" >"$cli_tmp/text"; check "$1" "$cli_tmp/text" "$3"; }
# the writes of a session, without its instance's own set-up
writes()
{
	grep -vE '^(TRUNC|MKDIR|RMDIR) |set_event_notrace_pid' "$log" | sed 's/^dynamic_events/kprobe_events/'
}
# nothing of kpdb's in the fake tracefs
left()
{
	grep 'kpdb_' "$tfs/kprobe_events" "$tfs/synthetic_events"
	ls "$tfs/instances"
}

# the writes of `lat do_nanosleep` in a session, and of its removal
made="synthetic_events	kpdb_PID_lat1 u64 lat\\n
kprobe_events	p:kpdb_PID/lat1 do_nanosleep\\n
kprobe_events	r:kpdb_PID/lat1_ret do_nanosleep\\n
instances/kpdb_PID/events/kpdb_PID/lat1/trigger	hist:keys=common_pid:ts0=common_timestamp.usecs if common_pid != PID\\n
instances/kpdb_PID/events/kpdb_PID/lat1_ret/trigger	hist:keys=common_pid:lat=common_timestamp.usecs-\$ts0:onmatch(kpdb_PID.lat1).trace(kpdb_PID_lat1,\$lat)\\n
instances/kpdb_PID/events/synthetic/kpdb_PID_lat1/trigger	hist:keys=lat.log2:vals=hitcount,lat:sort=lat\\n"
removed="instances/kpdb_PID/events/kpdb_PID/lat1_ret/trigger	!hist:keys=common_pid:lat=common_timestamp.usecs-\$ts0:onmatch(kpdb_PID.lat1).trace(kpdb_PID_lat1,\$lat)\\n
kprobe_events	-:kpdb_PID/lat1_ret\\n
instances/kpdb_PID/events/kpdb_PID/lat1/trigger	!hist:keys=common_pid:ts0=common_timestamp.usecs if common_pid != PID\\n
kprobe_events	-:kpdb_PID/lat1\\n
instances/kpdb_PID/events/synthetic/kpdb_PID_lat1/trigger	!hist:keys=lat.log2:vals=hitcount,lat:sort=lat\\n
synthetic_events	!kpdb_PID_lat1\\n"

# ---- lat FUNC, lat, bl, info probes, clear, off ---------------------------------------
: >"$log"
cli_run -q --tracing-dir "$tfs" --batch -ex 'lat do_nanosleep' -ex 'lat' -ex 'lat do_nanosleep' \
	-ex 'bl' -ex 'info probes' -ex 'lat do_nanosleep clear' -ex 'lat do_nanosleep off' -ex 'bl' \
	-ex 'info probes'
cli_expect "lat: exit 0" 0 "" && cli_ok "lat: exit 0"
check "lat: output" "$cli_out" "Latency of do_nanosleep measured in the kernel, from entry to return (lat to show it)
do_nanosleep: no call has returned yet
do_nanosleep: no call has returned yet
No breakpoints.
lat do_nanosleep         latency from entry to return (probes lat1, lat1_ret; 0 returns, 0 missed)
lat do_nanosleep: synthetic event kpdb_PID_lat1 u64 lat
   p:kpdb_PID/lat1 do_nanosleep
   r:kpdb_PID/lat1_ret do_nanosleep
Latency of do_nanosleep: histogram cleared
Latency of do_nanosleep no longer measured
No breakpoints.
No probes."
check_text "lat: the synthetic event, the probes (not enabled), the triggers; clear; off in reverse" \
	"$(writes)" "$made
instances/kpdb_PID/events/synthetic/kpdb_PID_lat1/trigger	hist:keys=lat.log2:vals=hitcount,lat:sort=lat:clear\\n
$removed"
check_text "lat: nothing left" "$(left)" ""

# ---- the session's end removes it, in the same order, then the instance -------------
: >"$log"
cli_run -q --tracing-dir "$tfs" --batch -ex 'bp vfs_read' -ex 'lat do_nanosleep'
check_text "exit: the breakpoint, then lat in reverse, then the instance" \
	"$(grep -vE 'set_event_notrace_pid|^TRUNC' "$log" | sed 's/^dynamic_events/kprobe_events/')" \
"MKDIR instances/kpdb_PID
kprobe_events	p:kpdb_PID/bp1 vfs_read\\n
instances/kpdb_PID/events/kpdb_PID/bp1/enable	1
$made
$removed
instances/kpdb_PID/events/kpdb_PID/bp1/enable	0
kprobe_events	-:kpdb_PID/bp1\\n
RMDIR instances/kpdb_PID"
check_text "exit: nothing left" "$(left)" ""

# ---- two functions; lat alone shows both; lat off removes both --------------------------
cli_run -q --tracing-dir "$tfs" --batch -ex 'lat do_nanosleep' -ex 'lat vfs_read' -ex 'lat' \
	-ex 'lat off' -ex 'lat'
check "two: output" "$cli_out" "Latency of do_nanosleep measured in the kernel, from entry to return (lat to show it)
Latency of vfs_read measured in the kernel, from entry to return (lat to show it)
do_nanosleep: no call has returned yet

vfs_read: no call has returned yet
Latency of vfs_read no longer measured
Latency of do_nanosleep no longer measured"
cli_expect "two: none left to show" 1 "error: no latency measured: lat FUNC starts one" -
check_text "two: nothing left" "$(left)" ""

# ---- JSON ----------------------------------------------------------------------------
cli_run -q -j --tracing-dir "$tfs" --batch -ex 'lat do_nanosleep' -ex 'lat' -ex 'bl' \
	-ex 'lat do_nanosleep off'
check "json: lat, bl, off" "$cli_out" '{"lat":1,"func":"do_nanosleep","entry":"lat1","return":"lat1_ret","synthetic":"kpdb_PID_lat1"}
{"lat":"do_nanosleep","calls":0}
{"lat":1,"func":"do_nanosleep","entry":"lat1","return":"lat1_ret","synthetic":"kpdb_PID_lat1","returns":0,"misses":0}
{"lat":1,"func":"do_nanosleep","removed":"lat"}'
cli_json_valid "$cli_out" && cli_ok "json: valid" || cli_not_ok "json: valid"

# ---- dry run: the definitions, nothing written ---------------------------------------
: >"$log"
cli_run -q -n --batch -ex 'lat do_nanosleep'
cli_expect "dry run: exit 0" 0 "" && cli_ok "dry run: exit 0"
check "dry run: output" "$cli_out" "# synthetic event: kpdb_PID_lat1 u64 lat
p:kpdb_PID/lat1 do_nanosleep
r:kpdb_PID/lat1_ret do_nanosleep
# trigger lat1: hist:keys=common_pid:ts0=common_timestamp.usecs if common_pid != PID
# trigger lat1_ret: hist:keys=common_pid:lat=common_timestamp.usecs-\$ts0:onmatch(kpdb_PID.lat1).trace(kpdb_PID_lat1,\$lat)
# trigger kpdb_PID_lat1: hist:keys=lat.log2:vals=hitcount,lat:sort=lat"
check "dry run: no write" "$log" ""
cli_run -q -n --batch -ex 'lat'
cli_expect "dry run: nothing to show" 1 \
	"error: nothing is measured in a dry run: lat FUNC prints the definitions" &&
	cli_ok "dry run: nothing to show"

# ---- errors --------------------------------------------------------------------------
cli_fails "none measured" "error: no latency measured: lat FUNC starts one" \
	-ex 'lat'
cli_fails "off of one not measured" "error: the latency of 'do_nanosleep' is not measured" \
	-ex 'lat do_nanosleep off'
cli_fails "not a function name" "error: 'do_nano sleep' is not a function name: lat FUNC" \
	-ex 'lat "do_nano sleep"'
cli_fails "unknown function" \
	"error: no function 'no_such_fn' the kernel can trace (not in available_filter_functions)" \
	-ex 'lat no_such_fn'
cli_fails "two functions at once" "error: usage: lat [FUNC] [-w] | lat [FUNC] clear|off" \
	-ex 'lat do_nanosleep vfs_read'
cli_fails "-w and off" "error: usage: lat [FUNC] [-w] | lat [FUNC] clear|off" \
	-ex 'lat do_nanosleep -w off'
cli_fails "a breakpoint cannot take lat's event name" \
	"error: a probe named 'lat1' already exists in this session" \
	-ex 'lat do_nanosleep' -ex 'bp -n lat1 vfs_read'
cli_run -q --tracing-dir "$tfs" --batch -ex 'bp -n lat1 vfs_read' -ex 'lat do_nanosleep' -ex 'bl'
check "lat takes a number whose names no breakpoint has" "$cli_out" "Breakpoint 1 at vfs_read
Latency of do_nanosleep measured in the kernel, from entry to return (lat to show it)
Num  Type      Enb   Hits   Miss Where                    What
1    kprobe    y        0      0 vfs_read                 
lat do_nanosleep         latency from entry to return (probes lat2, lat2_ret; 0 returns, 0 missed)"

# ---- the kernel refuses a step: nothing is left ---------------------------------------
# the kprobe (a function the kernel will not probe): the synthetic event goes again
: >"$log"
cli_run -q --tracing-dir "$tfs" --batch -ex 'lat refused_fn'
{ unpid "$cli_err" | sed 2q; echo "status $cli_rc"; } >"$cli_tmp/err"
check "refused kprobe: the kernel's reason" "$cli_tmp/err" "error: the kernel rejected the probe definition: Failed to register probe event
  Command: p:kpdb_PID/lat1 refused_fn
status 1"
check_text "refused kprobe: the caret under the function" \
	"$(awk 'NR == 2 { c = index($0, "refused_fn") } NR == 3 { print (index($0, "^") == c) }' \
	"$cli_err")" "1"
check_text "refused kprobe: the synthetic event removed" "$(writes)" \
"synthetic_events	kpdb_PID_lat1 u64 lat\\n
kprobe_events	p:kpdb_PID/lat1 refused_fn\\n
synthetic_events	!kpdb_PID_lat1\\n"
check_text "refused kprobe: nothing left" "$(left)" ""

# a session whose synthetic event's name is taken, or whose kretprobe's event
# is (made by hand for a pid known in advance: the shell that execs kpdb)
run_as_pid()
{
	# run_as_pid SETUP ARG...: SETUP (sh code, $$ the pid kpdb will have), then kpdb
	_setup=$1
	shift
	sh -c "$_setup"'
		exec "$0" "$@"' "$KPDB" "$@" <"/dev/null" >"$cli_out" 2>"$cli_err"
	cli_rc=$?
}
: >"$log"
run_as_pid "echo \"kpdb_\$\$_lat1 u64 lat\" >>'$tfs/synthetic_events'" \
	-q --tracing-dir "$tfs" --batch -ex 'lat do_nanosleep'
unpid "$cli_err" >"$cli_tmp/err"
check "synthetic event taken: the kernel's reason, status $cli_rc" "$cli_tmp/err" \
"error: synthetic event 'kpdb_PID_lat1 u64 lat': the kernel rejected the synthetic event: Event already exists
  Command: kpdb_PID_lat1 u64 lat
           ^"
check_text "synthetic event taken: no probe made, the one there not removed" "$(writes)" \
"synthetic_events	kpdb_PID_lat1 u64 lat\\n
synthetic_events	kpdb_PID_lat1 u64 lat\\n"
sed -n 's/^\(kpdb_[0-9]*_lat1\).*/!\1/p' "$tfs/synthetic_events" >>"$tfs/synthetic_events"
check_text "synthetic event taken: nothing left" "$(left)" ""

: >"$log"
run_as_pid "echo \"p:kpdb_\$\$/lat1_ret vfs_read\" >>'$tfs/kprobe_events'" \
	-q --tracing-dir "$tfs" --batch -ex 'lat do_nanosleep'
check_text "kretprobe refused: undone in reverse, status $cli_rc" "$(writes | sed 1d)" \
"synthetic_events	kpdb_PID_lat1 u64 lat\\n
kprobe_events	p:kpdb_PID/lat1 do_nanosleep\\n
kprobe_events	r:kpdb_PID/lat1_ret do_nanosleep\\n
kprobe_events	-:kpdb_PID/lat1\\n
synthetic_events	!kpdb_PID_lat1\\n"
sed -n 's/^p:\(kpdb_[0-9]*\/lat1_ret\) .*/-:\1/p' "$tfs/kprobe_events" >>"$tfs/kprobe_events"
check_text "kretprobe refused: nothing left" "$(left)" ""

# ---- lat -w: the histogram every second until Ctrl-C ----------------------------------
printf '%s\n' 'lat do_nanosleep -w' 'echo after-w' 'lat off' >"$cli_tmp/in"
cli_run_intr 2 '^[0-9]{2}:[0-9]{2}:[0-9]{2}$' --in "$cli_tmp/in" -q --tracing-dir "$tfs"
sed -E 's/^[0-9]{2}:[0-9]{2}:[0-9]{2}$/HH:MM:SS/' "$cli_out" |
	awk '/^after-w$/ { print; exit } { print }' >"$cli_tmp/w"
echo "status $cli_rc" >>"$cli_tmp/w"
check "lat -w: started, then a histogram a second, Ctrl-C back to the prompt" "$cli_tmp/w" \
"Latency of do_nanosleep measured in the kernel, from entry to return (lat to show it)
HH:MM:SS
do_nanosleep: no call has returned yet

HH:MM:SS
do_nanosleep: no call has returned yet
after-w
status 0"
check_text "lat -w: nothing left" "$(left)" ""

# ---- --keep, then --cleanup of the dead session --------------------------------------
cli_run -q --keep --tracing-dir "$tfs" --batch -ex 'lat do_nanosleep'
cli_run -q --tracing-dir "$tfs" --cleanup
check "cleanup: report" "$cli_out" "removed synthetic event kpdb_PID_lat1
removed probe kpdb_PID/lat1
removed probe kpdb_PID/lat1_ret
removed instance kpdb_PID"
check_text "cleanup: nothing left" "$(left)" ""

cli_done
