#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli-stacks.sh - bp -s / bt N on|off / bt against the FUSE fake tracefs:
# the stacktrace trigger written to the breakpoint's event in the session
# instance (with the breakpoint's filter), shown by bl, removed before the
# probe (the kernel refuses to remove a probe with a trigger: EBUSY), and by
# --cleanup for a dead session.

. "$top_srcdir/tests/lib-cli.sh"

command -v faketfs_usable >/dev/null 2>&1 && faketfs_usable ||
	cli_skip "the FUSE fake tracefs cannot be mounted here"

tfs=$cli_tmp/tfs
log=$cli_tmp/log
faketfs_mount "$tfs" "$log" || exit 99

# check_text TITLE TEXT EXPECTED: the same on a text
check_text() { printf '%s\n' "$2" >"$cli_tmp/text"; cli_check "$1" "$cli_tmp/text" "$3"; }
triggers() { grep -E 'trigger|kprobe_events|dynamic_events' "$log" | sed 's/^dynamic_events/kprobe_events/'; }

# ---- bp -s, bl, bt off/on, bc ----------------------------------------------------
: >"$log"
cli_run -q --tracing-dir "$tfs" --batch -ex 'bp -s do_sys_openat2 %si:u64 if si != 0' \
	-ex 'bp vfs_read %dx' -ex 'bl' -ex 'bt 1 off' -ex 'bt 2 on' -ex 'bl 2' -ex 'bc 2' \
	-ex 'bc 1'
cli_expect "bp -s: exit 0" 0 "" && cli_ok "bp -s: exit 0"
cli_check "bp -s: output" "$cli_out" "Breakpoint 1 at do_sys_openat2
Breakpoint 2 at vfs_read
Num  Type      Enb   Hits   Miss Where                    What
1    kprobe    y        0      0 do_sys_openat2           si=%si:u64 if si != 0
	kernel stack recorded at each hit (bt)
2    kprobe    y        0      0 vfs_read                 dx=%dx
Breakpoint 1: kernel stack off
Breakpoint 2: kernel stack recorded at each hit
Num  Type      Enb   Hits   Miss Where                    What
2    kprobe    y        0      0 vfs_read                 dx=%dx
	kernel stack recorded at each hit (bt)
Breakpoint 2 cleared
Breakpoint 1 cleared"
check_text "bp -s: trigger writes, removed before the probe" "$(triggers)" \
"kprobe_events	p:kpdb_PID/bp1 do_sys_openat2 si=%si:u64\\n
instances/kpdb_PID/events/kpdb_PID/bp1/trigger	stacktrace if (si != 0) && common_pid != PID\\n
kprobe_events	p:kpdb_PID/bp2 vfs_read dx=%dx\\n
instances/kpdb_PID/events/kpdb_PID/bp1/trigger	!stacktrace\\n
instances/kpdb_PID/events/kpdb_PID/bp2/trigger	stacktrace if common_pid != PID\\n
instances/kpdb_PID/events/kpdb_PID/bp2/trigger	!stacktrace\\n
kprobe_events	-:kpdb_PID/bp2\\n
kprobe_events	-:kpdb_PID/bp1\\n"
cli_check "bp -s: nothing left" "$tfs/kprobe_events" ""

# ---- exit removes the trigger, then the probe ---------------------------------------
: >"$log"
cli_run -q --tracing-dir "$tfs" --batch -ex 'bp -s -n op do_sys_openat2'
check_text "exit: trigger removed first" "$(triggers)" \
"kprobe_events	p:kpdb_PID/op do_sys_openat2\\n
instances/kpdb_PID/events/kpdb_PID/op/trigger	stacktrace if common_pid != PID\\n
instances/kpdb_PID/events/kpdb_PID/op/trigger	!stacktrace\\n
kprobe_events	-:kpdb_PID/op\\n"
cli_check "exit: nothing left" "$tfs/kprobe_events" ""

# ---- JSON ---------------------------------------------------------------------------
cli_run -q -j --tracing-dir "$tfs" --batch -ex 'bp -s do_sys_openat2' -ex 'bl' -ex 'bt 1 off'
check_text "json: bl and bt" "$(sed -n '2,3p' "$cli_out")" \
'{"bp":1,"name":"bp1","type":"kprobe","enabled":true,"hits":0,"misses":0,"where":"do_sys_openat2","what":"","definition":"p:kpdb_PID/bp1 do_sys_openat2","stack":true}
{"bp":1,"name":"bp1","stack":false}'

# ---- dry run: the trigger as a comment line, nothing written ------------------------
: >"$log"
cli_run -q -n --batch -ex 'bp -s do_sys_openat2 %di if di == 1' -ex 'hist 1 by di sum di'
cli_expect "dry run: exit 0" 0 "" && cli_ok "dry run: exit 0"
cli_check "dry run: output" "$cli_out" "p:kpdb_PID/bp1 do_sys_openat2 di=%di
# filter bp1: di == 1
# trigger bp1: stacktrace if (di == 1) && common_pid != PID
# trigger bp1: hist:keys=di:vals=hitcount,di:sort=hitcount if (di == 1) && common_pid != PID"
cli_check "dry run: no write" "$log" ""

# ---- errors -------------------------------------------------------------------------
cli_fails "bt without a hit: error" \
	"error: no stack: the last hit printed had none (bp -s, or bt N on, records it)" \
	-ex 'bt'
cli_fails "bt on an unknown breakpoint" "error: no breakpoint 7" \
	-ex 'bt 7 on'
cli_fails "bt N with a bad word" "error: usage: bt [N on|off]" \
	-ex 'bp do_sys_openat2' -ex 'bt 1 maybe'

# ---- hist: set, show, clear, off; a stack trigger next to it --------------------------
: >"$log"
cli_run -q --tracing-dir "$tfs" --batch -ex 'bp -s vfs_read count=%dx:u64 if count > 0' \
	-ex 'hist 1 by comm sum count' -ex 'hist 1' -ex 'bl 1' -ex 'hist 1 by count log2' \
	-ex 'hist 1 clear' -ex 'hist 1 off' -ex 'bc 1'
cli_expect "hist: exit 0" 0 "" && cli_ok "hist: exit 0"
cli_check "hist: output" "$cli_out" "Breakpoint 1 at vfs_read
Breakpoint 1: hits aggregated in the kernel (hist:keys=common_pid.execname:vals=hitcount,count:sort=hitcount if (count > 0) && common_pid != PID)
Breakpoint 1: no hits aggregated yet
Num  Type      Enb   Hits   Miss Where                    What
1    kprobe    y        0      0 vfs_read                 count=%dx:u64 if count > 0
	kernel stack recorded at each hit (bt)
	aggregated in the kernel: hist:keys=common_pid.execname:vals=hitcount,count:sort=hitcount if (count > 0) && common_pid != PID
Breakpoint 1: hits aggregated in the kernel (hist:keys=count.log2:vals=hitcount:sort=hitcount if (count > 0) && common_pid != PID)
Breakpoint 1: histogram cleared
Breakpoint 1: histogram removed
Breakpoint 1 cleared"
check_text "hist: trigger writes" "$(grep trigger "$log")" \
"instances/kpdb_PID/events/kpdb_PID/bp1/trigger	stacktrace if (count > 0) && common_pid != PID\\n
instances/kpdb_PID/events/kpdb_PID/bp1/trigger	hist:keys=common_pid.execname:vals=hitcount,count:sort=hitcount if (count > 0) && common_pid != PID\\n
instances/kpdb_PID/events/kpdb_PID/bp1/trigger	!hist:keys=common_pid.execname:vals=hitcount,count:sort=hitcount if (count > 0) && common_pid != PID\\n
instances/kpdb_PID/events/kpdb_PID/bp1/trigger	hist:keys=count.log2:vals=hitcount:sort=hitcount if (count > 0) && common_pid != PID\\n
instances/kpdb_PID/events/kpdb_PID/bp1/trigger	hist:keys=count.log2:vals=hitcount:sort=hitcount:clear if (count > 0) && common_pid != PID\\n
instances/kpdb_PID/events/kpdb_PID/bp1/trigger	!hist:keys=count.log2:vals=hitcount:sort=hitcount if (count > 0) && common_pid != PID\\n
instances/kpdb_PID/events/kpdb_PID/bp1/trigger	!stacktrace\\n"
cli_check "hist: nothing left" "$tfs/kprobe_events" ""

# exit with a hist and a stack trigger: both go before the probe
: >"$log"
cli_run -q --tracing-dir "$tfs" --batch -ex 'bp vfs_read' -ex 'hist 1 by pid,stack' -ex 'bt 1 on'
check_text "hist: exit removes both triggers, then the probe" "$(triggers)" \
"kprobe_events	p:kpdb_PID/bp1 vfs_read\\n
instances/kpdb_PID/events/kpdb_PID/bp1/trigger	hist:keys=common_pid.execname,stacktrace:vals=hitcount:sort=hitcount if common_pid != PID\\n
instances/kpdb_PID/events/kpdb_PID/bp1/trigger	stacktrace if common_pid != PID\\n
instances/kpdb_PID/events/kpdb_PID/bp1/trigger	!hist:keys=common_pid.execname,stacktrace:vals=hitcount:sort=hitcount if common_pid != PID\\n
instances/kpdb_PID/events/kpdb_PID/bp1/trigger	!stacktrace\\n
kprobe_events	-:kpdb_PID/bp1\\n"

# errors
cli_fails "hist: unknown argument" "error: breakpoint 1 has no argument 'nosuch'" \
	-ex 'bp vfs_read count=%dx' -ex 'hist 1 by nosuch'
cli_fails "hist: none yet" "error: breakpoint 1 has no histogram: hist 1 by KEY" \
	-ex 'bp vfs_read count=%dx' -ex 'hist 1'
cli_fails "hist: log2 of comm" "error: log2 needs a numeric key first, not 'comm'" \
	-ex 'bp vfs_read count=%dx' -ex 'hist 1 by comm log2'
# hist N -w: the table again every second, under the time, until Ctrl-C
printf '%s\n' 'bp vfs_read count=%dx' 'hist 1 by count' 'hist 1 -w' 'echo after-w' >"$cli_tmp/in"
cli_run_intr 2 '^[0-9]{2}:[0-9]{2}:[0-9]{2}$' --in "$cli_tmp/in" -q --tracing-dir "$tfs"
sed -E 's/^[0-9]{2}:[0-9]{2}:[0-9]{2}$/HH:MM:SS/' "$cli_out" | sed '/^HH:MM:SS$/,$!d' |
	awk '/^after-w$/ { print; exit } { print }' >"$cli_tmp/w"
echo "status $cli_rc" >>"$cli_tmp/w"
cli_check "hist -w: a table a second, Ctrl-C back to the prompt" "$cli_tmp/w" "HH:MM:SS
Breakpoint 1: no hits aggregated yet

HH:MM:SS
Breakpoint 1: no hits aggregated yet
after-w
status 0"
cli_run_intr 1 '"refresh":1' -q -j --tracing-dir "$tfs" --batch -ex 'bp vfs_read count=%dx' \
	-ex 'hist 1 by count' -ex 'hist 1 -w' -ex 'echo not-reached'
check_text "hist -w: in JSON, in --batch Ctrl-C fails the command" \
	"$(sed -E 's/"time":"[0-9:]{8}"/"time":"T"/' "$cli_out" | grep refresh | head -1)
$(cat "$cli_err") $cli_rc" '{"refresh":1,"time":"T"}
error: interrupted 1'
cli_fails "hist -w without a histogram" "error: breakpoint 1 has no histogram: hist 1 by KEY" \
	-ex 'bp vfs_read count=%dx' -ex 'hist 1 -w'

# the kernel's reason for a refused hist trigger is in the instance's error_log
cli_run -q --tracing-dir "$tfs" --batch -ex 'bp vfs_read count=%dx' -ex 'hist 1 by count buckets=0'
{ cat "$cli_err"; echo "status $cli_rc"; } >"$cli_tmp/err"
cli_check "hist: the kernel's reason for a refused trigger" "$cli_tmp/err" \
"error: trigger 'hist:keys=count.buckets=0:vals=hitcount:sort=hitcount if common_pid != PID' on 'kpdb_PID/bp1': the kernel rejected the trigger: Invalid field modifier
  Command: hist:keys=count.buckets=0:vals=hitcount:sort=hitcount if common_pid != PID
                                   ^
status 1"
cli_run -q -j --tracing-dir "$tfs" --batch -ex 'bp vfs_read count=%dx' -ex 'hist 1 by count'
check_text "hist: json" "$(sed -n 2p "$cli_out")" \
'{"bp":1,"hist":"hist:keys=count:vals=hitcount:sort=hitcount if common_pid != PID"}'

# ---- --cleanup of a dead session that had a stack trigger ----------------------------
cli_run -q --keep --tracing-dir "$tfs" --batch -ex 'bp -s do_sys_openat2'
: >"$log"
cli_run -q --tracing-dir "$tfs" --cleanup
cli_check "cleanup: report" "$cli_out" "removed probe kpdb_PID/bp1
removed instance kpdb_PID"
check_text "cleanup: trigger then probe" "$(triggers | grep -v '^TRUNC')" \
"instances/kpdb_PID/events/kpdb_PID/bp1/trigger	!stacktrace\\n
kprobe_events	-:kpdb_PID/bp1\\n"
cli_check "cleanup: nothing left" "$tfs/kprobe_events" ""

# ---- --cleanup of a dead session's latency histogram (lat) -----------------------------
# made by hand as a session does it: a synthetic event kpdb_PID_lat1 fed by an
# onmatch() trigger between a kprobe and a kretprobe; another tool's synthetic
# event stays
cli_run -q --keep --tracing-dir "$tfs" --batch -ex 'bp -n keep vfs_read'
dead=$(sed -n 's/^p:\(kpdb_[0-9]*\)\/keep .*/\1/p' "$tfs/kprobe_events")
ev=$tfs/instances/$dead/events
echo 'other_lat u64 lat' >>"$tfs/synthetic_events"
echo "${dead}_lat1 u64 lat" >>"$tfs/synthetic_events"
echo "p:$dead/lat1 vfs_read" >>"$tfs/kprobe_events"
echo "r:$dead/lat1_ret vfs_read" >>"$tfs/kprobe_events"
echo 'hist:keys=common_pid:ts0=common_timestamp.usecs' >>"$ev/$dead/lat1/trigger"
echo "hist:keys=common_pid:lat=common_timestamp.usecs-\$ts0:onmatch($dead.lat1).trace(${dead}_lat1,\$lat)" \
	>>"$ev/$dead/lat1_ret/trigger"
echo 'hist:keys=lat.log2:vals=hitcount,lat:sort=lat' >>"$ev/synthetic/${dead}_lat1/trigger"
: >"$log"
cli_run -q --tracing-dir "$tfs" --cleanup
cli_check "cleanup lat: report" "$cli_out" "removed synthetic event kpdb_PID_lat1
removed probe kpdb_PID/keep
removed probe kpdb_PID/lat1
removed probe kpdb_PID/lat1_ret
removed instance kpdb_PID"
check_text "cleanup lat: the onmatch trigger, the others, the synthetic event, the probes" \
	"$(grep -v '^TRUNC' "$log" | sed 's/^dynamic_events/kprobe_events/')" \
"instances/kpdb_PID/events/kpdb_PID/lat1_ret/trigger	!hist:keys=common_pid:vals=hitcount:lat=common_timestamp.usecs-\$ts0:sort=hitcount:size=2048:clock=global:onmatch(kpdb_PID.lat1).trace(kpdb_PID_lat1,\$lat)\\n
instances/kpdb_PID/events/kpdb_PID/lat1/trigger	!hist:keys=common_pid:vals=hitcount:ts0=common_timestamp.usecs:sort=hitcount:size=2048:clock=global\\n
instances/kpdb_PID/events/synthetic/kpdb_PID_lat1/trigger	!hist:keys=lat.log2:vals=hitcount,lat:sort=lat.log2:size=2048\\n
synthetic_events	!kpdb_PID_lat1\\n
instances/kpdb_PID/events/kpdb_PID/keep/enable	0
kprobe_events	-:kpdb_PID/keep\\n
instances/kpdb_PID/events/kpdb_PID/lat1/enable	0
kprobe_events	-:kpdb_PID/lat1\\n
instances/kpdb_PID/events/kpdb_PID/lat1_ret/enable	0
kprobe_events	-:kpdb_PID/lat1_ret\\n
RMDIR instances/kpdb_PID"
cli_check "cleanup lat: only the other tool's synthetic event is left" "$tfs/synthetic_events" \
	"other_lat	u64 lat"
cli_check "cleanup lat: no probe left" "$tfs/kprobe_events" ""
echo '!other_lat' >>"$tfs/synthetic_events"

cli_done
