#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli-breakpoints.sh - the breakpoint lifecycle through the real kpdb binary
# against the FUSE fake tracefs: what bp/bl/bc/be/bd print (plain and -j),
# and exactly which lines reach kprobe_events and the instance, including
# rollback of rejected probes, signals, --keep, stale sessions and --cleanup.

. "$top_srcdir/tests/lib-cli.sh"

command -v faketfs_usable >/dev/null 2>&1 && faketfs_usable ||
	cli_skip "the FUSE fake tracefs cannot be mounted here"

funcs=$cli_tmp/funcs
printf '%s\n' __sys_connect __x64_sys_setuid tcp_sendmsg do_sys_openat2 notrace_fn \
	fx_inl_call1 fx_inl_call2 fx_inl_call3 fx_connect >"$funcs"
tfs=$cli_tmp/tfs
log=$cli_tmp/log
faketfs_mount "$tfs" "$log" --functions "$funcs" --fail-on notrace_fn || exit 99

# kpdb_<pid> -> kpdb_PID, so the texts below do not depend on the pid; the
# pid the instance ignores (kpdb's own) must be the session's: PID too

# A live session reading commands from a FIFO, for what needs kpdb running:
# start_session OUT starts it ($kp is its pid, fd 7 its input), send CMD
# writes a command, wait_out PATTERN waits until OUT shows PATTERN.
mkfifo "$cli_tmp/cmds"
start_session()
{
	sess_out=$1
	"$KPDB" -q --tracing-dir "$tfs" <"$cli_tmp/cmds" >"$sess_out" 2>&1 &
	kp=$!
	exec 7>"$cli_tmp/cmds"
}
send() { echo "$1" >&7; }
wait_out()
{
	# generous: CI machines are busy (up to 30 s)
	_i=0
	while ! grep -q "$1" "$sess_out" && [ $_i -lt 600 ]; do sleep 0.05; _i=$((_i + 1)); done
	grep -q "$1" "$sess_out" || echo "# waited 30 s for '$1' in $sess_out"
}

# ---- the lifecycle, plain ----------------------------------------------------
cat >"$cli_tmp/life.kpdb" <<'X'
bp __x64_sys_setuid %di:u32
bp -n conn __sys_connect addr=+4(%si):ipv4 port=+2(%si):port if port == 4444
bp -r __sys_connect ret=$retval:errno
bl
bd 1
be 1
bd 2-3
bl 2
bc 2
info probes
bc *
bl
X
: >"$log"
cli_run -q --tracing-dir "$tfs" --batch -x "$cli_tmp/life.kpdb"
cli_expect "lifecycle: exit 0, no errors" 0 "" && cli_ok "lifecycle: exit 0, no errors"
cli_check "lifecycle: output" "$cli_out" "Breakpoint 1 at __x64_sys_setuid
Breakpoint 2 at __sys_connect
Breakpoint 3 at __sys_connect
Num  Type      Enb   Hits   Miss Where                    What
1    kprobe    y        0      0 __x64_sys_setuid         di=%di:u32
2    kprobe    y        0      0 __sys_connect            addr=+4(%si):ipv4 port=+2(%si):port if port == 4444
3    kretprobe y        0      0 __sys_connect            ret=\$retval:errno
Breakpoint 1 disabled
Breakpoint 1 enabled
Breakpoint 2 disabled
Breakpoint 3 disabled
Num  Type      Enb   Hits   Miss Where                    What
2    kprobe    n        0      0 __sys_connect            addr=+4(%si):ipv4 port=+2(%si):port if port == 4444
Breakpoint 2 cleared
1: p:kpdb_PID/bp1 __x64_sys_setuid di=%di:u32
3: r:kpdb_PID/bp3 __sys_connect ret=\$retval:s64
Breakpoint 1 cleared
Breakpoint 3 cleared
No breakpoints."
# disable before remove (once: a disabled probe is not disabled again), filter
# before enable, the instance made once and removed
cli_check "lifecycle: tracefs writes" "$log" "MKDIR instances/kpdb_PID
TRUNC instances/kpdb_PID/set_event_notrace_pid
instances/kpdb_PID/set_event_notrace_pid	PID
kprobe_events	p:kpdb_PID/bp1 __x64_sys_setuid di=%di:u32\\n
instances/kpdb_PID/events/kpdb_PID/bp1/enable	1
kprobe_events	p:kpdb_PID/conn __sys_connect addr=+4(%si):u32 port=+2(%si):u16\\n
instances/kpdb_PID/events/kpdb_PID/conn/filter	port == 23569
instances/kpdb_PID/events/kpdb_PID/conn/enable	1
kprobe_events	r:kpdb_PID/bp3 __sys_connect ret=\$retval:s64\\n
instances/kpdb_PID/events/kpdb_PID/bp3/enable	1
instances/kpdb_PID/events/kpdb_PID/bp1/enable	0
instances/kpdb_PID/events/kpdb_PID/bp1/enable	1
instances/kpdb_PID/events/kpdb_PID/conn/enable	0
instances/kpdb_PID/events/kpdb_PID/bp3/enable	0
kprobe_events	-:kpdb_PID/conn\\n
instances/kpdb_PID/events/kpdb_PID/bp1/enable	0
kprobe_events	-:kpdb_PID/bp1\\n
kprobe_events	-:kpdb_PID/bp3\\n
RMDIR instances/kpdb_PID"
cli_check "lifecycle: nothing left" "$tfs/kprobe_events" ""
[ -z "$(ls "$tfs/instances")" ] && cli_ok "lifecycle: no instance left" ||
	cli_not_ok "lifecycle: no instance left" "$(ls "$tfs/instances")"

# ---- numbers are never reused; exit removes what is left ---------------------
: >"$log"
cli_run -q --tracing-dir "$tfs" --batch -ex 'bp tcp_sendmsg %dx' -ex 'bc 1' \
	-ex 'bp tcp_sendmsg %dx' -ex 'bl'
cli_check "numbers: not reused" "$cli_out" "Breakpoint 1 at tcp_sendmsg
Breakpoint 1 cleared
Breakpoint 2 at tcp_sendmsg
Num  Type      Enb   Hits   Miss Where                    What
2    kprobe    y        0      0 tcp_sendmsg              dx=%dx"
cli_check "exit: remaining probe disabled and removed" "$log" "MKDIR instances/kpdb_PID
TRUNC instances/kpdb_PID/set_event_notrace_pid
instances/kpdb_PID/set_event_notrace_pid	PID
kprobe_events	p:kpdb_PID/bp1 tcp_sendmsg dx=%dx\\n
instances/kpdb_PID/events/kpdb_PID/bp1/enable	1
instances/kpdb_PID/events/kpdb_PID/bp1/enable	0
kprobe_events	-:kpdb_PID/bp1\\n
kprobe_events	p:kpdb_PID/bp2 tcp_sendmsg dx=%dx\\n
instances/kpdb_PID/events/kpdb_PID/bp2/enable	1
instances/kpdb_PID/events/kpdb_PID/bp2/enable	0
kprobe_events	-:kpdb_PID/bp2\\n
RMDIR instances/kpdb_PID"

# ---- hits and misses come from kprobe_profile --------------------------------
start_session "$cli_tmp/prof.out"
send 'bp __sys_connect'
send 'bp -n other tcp_sendmsg'
wait_out '^Breakpoint 2'
faketfs_set_hits "$tfs" "kpdb_$kp/bp1" 42 3
faketfs_set_hits "$tfs" "kpdb_$kp/other" 7 0
send 'bl'
send 'set json on'
send 'bl'
exec 7>&-
wait $kp
cli_check "bl: hits and misses" "$cli_tmp/prof.out" "Breakpoint 1 at __sys_connect
Breakpoint 2 at tcp_sendmsg
Num  Type      Enb   Hits   Miss Where                    What
1    kprobe    y       42      3 __sys_connect            
2    kprobe    y        7      0 tcp_sendmsg              
{\"bp\":1,\"name\":\"bp1\",\"type\":\"kprobe\",\"enabled\":true,\"hits\":42,\"misses\":3,\"where\":\"__sys_connect\",\"what\":\"\",\"definition\":\"p:kpdb_PID/bp1 __sys_connect\"}
{\"bp\":2,\"name\":\"other\",\"type\":\"kprobe\",\"enabled\":true,\"hits\":7,\"misses\":0,\"where\":\"tcp_sendmsg\",\"what\":\"\",\"definition\":\"p:kpdb_PID/other tcp_sendmsg\"}"

# ---- JSON twins ----------------------------------------------------------------
cli_run -q -j --tracing-dir "$tfs" --batch -ex 'bp __sys_connect p=+2(%si):port' \
	-ex 'bd 1' -ex 'be *' -ex 'bc 1' -ex 'bc 7'
cli_json_valid "$cli_out" && cli_ok "json: valid JSON lines" || cli_not_ok "json: valid JSON lines"
cli_check "json: output" "$cli_out" '{"bp":1,"name":"bp1","location":"__sys_connect","definition":"p:kpdb_PID/bp1 __sys_connect p=+2(%si):u16","filter":null,"written":true}
{"disabled":1,"name":"bp1"}
{"enabled":1,"name":"bp1"}
{"cleared":1,"name":"bp1"}
{"error":"no breakpoint 7"}'
[ "$cli_rc" -eq 1 ] && cli_ok "json: failed command gives status 1" ||
	cli_not_ok "json: failed command gives status 1" "status $cli_rc"

# ---- a definition the kernel rejects: its reason, nothing left ----------------
: >"$log"
cli_run -q --tracing-dir "$tfs" --batch -ex 'bp notrace_fn %di'
# the reason is the headline, not errno's text (EILSEQ read "Invalid or
# incomplete multibyte or wide character"); the command and caret follow
if [ "$cli_rc" -eq 1 ] &&
   [ "$(head -n 1 "$cli_err")" = "error: the kernel rejected the probe definition: Failed to register probe event" ] &&
   grep -q "^  Command: p:kpdb_[0-9]*/bp1 notrace_fn di=%di$" "$cli_err"; then
	cli_ok "rejected: the kernel's reason is shown"
else
	cli_not_ok "rejected: the kernel's reason is shown" "status $cli_rc"
	cli_show "$cli_err"
fi
cli_check "rejected: only the attempt and the instance" "$log" "MKDIR instances/kpdb_PID
TRUNC instances/kpdb_PID/set_event_notrace_pid
instances/kpdb_PID/set_event_notrace_pid	PID
kprobe_events	p:kpdb_PID/bp1 notrace_fn di=%di\\n
RMDIR instances/kpdb_PID"

# a bad filter: the probe that was added is removed again
: >"$log"
cli_run -q --tracing-dir "$tfs" --batch -ex 'bp __sys_connect x=%si:string if x ~ "a"'
cli_check "bad filter: rollback" "$log" "$(cat <<'X'
MKDIR instances/kpdb_PID
TRUNC instances/kpdb_PID/set_event_notrace_pid
instances/kpdb_PID/set_event_notrace_pid	PID
kprobe_events	p:kpdb_PID/bp1 __sys_connect x=+0(%si):string\n
instances/kpdb_PID/events/kpdb_PID/bp1/filter	x ~ "a"
instances/kpdb_PID/events/kpdb_PID/bp1/enable	1
instances/kpdb_PID/events/kpdb_PID/bp1/enable	0
kprobe_events	-:kpdb_PID/bp1\n
RMDIR instances/kpdb_PID
X
)"

# not probeable at all: refused before anything is written
printf 'ffffffff81000000 T __sys_connect\nffffffff81000100 t local_fn\n' >"$cli_tmp/kallsyms"
: >"$log"
cli_run -q --tracing-dir "$tfs" --proc-dir "$cli_tmp" --batch -ex 'bp no_such_function'
cli_expect "unknown symbol: clear error" 1 \
	"error: 'no_such_function' is not a probeable kernel function (not in available_filter_functions nor kallsyms)" &&
	cli_ok "unknown symbol: clear error"
cli_check "unknown symbol: nothing written" "$log" ""

# ---- a probe another tracer holds: bc reports it, exit leaves it --------------
: >"$log"
start_session "$cli_tmp/busy.out"
send 'bp tcp_sendmsg'
wait_out '^Breakpoint 1'
faketfs_set_busy "$tfs" "kpdb_$kp/bp1" 1
send 'bc 1'
send 'bl'
exec 7>&-
wait $kp
cli_check "busy: bc explains, bl still lists it" "$cli_tmp/busy.out" "Breakpoint 1 at tcp_sendmsg
<stdin>:2: error: probe 'kpdb_PID/bp1' is busy: another tracer (perf, BPF, an instance) is using it
Num  Type      Enb   Hits   Miss Where                    What
1    kprobe    n        0      0 tcp_sendmsg              
kpdb: error: probe 'kpdb_PID/bp1' is busy: another tracer (perf, BPF, an instance) is using it"
faketfs_set_busy "$tfs" "kpdb_$kp/bp1" 0
echo "-:kpdb_$kp/bp1" >>"$tfs/kprobe_events"
rmdir "$tfs/instances/kpdb_$kp" 2>/dev/null

# ---- SIGTERM, SIGHUP: everything removed -------------------------------------
for sig in TERM HUP; do
	: >"$log"
	# a file of its own: the last one still says "Breakpoint 1" until
	# the new session's redirection empties it, which may come late
	start_session "$cli_tmp/sig-$sig.out"
	send 'bp tcp_sendmsg size=%dx'
	wait_out '^Breakpoint 1'
	kill -$sig $kp
	wait $kp
	rc=$?
	exec 7>&-
	cli_check "SIG$sig: probe and instance removed" "$log" "MKDIR instances/kpdb_PID
TRUNC instances/kpdb_PID/set_event_notrace_pid
instances/kpdb_PID/set_event_notrace_pid	PID
kprobe_events	p:kpdb_PID/bp1 tcp_sendmsg size=%dx\\n
instances/kpdb_PID/events/kpdb_PID/bp1/enable	1
instances/kpdb_PID/events/kpdb_PID/bp1/enable	0
kprobe_events	-:kpdb_PID/bp1\\n
RMDIR instances/kpdb_PID"
	[ "$rc" -ge 128 ] && cli_ok "SIG$sig: kpdb dies of the signal after cleaning up" ||
		cli_not_ok "SIG$sig: kpdb dies of the signal after cleaning up" "status $rc"
done

# ---- a SIGTERM just before the batch reader reads -----------------------------
# It used to leave the read waiting for input that never comes: a race, so it
# is tried at several points of kpdb's start, reading a pipe kept open and empty.
mkfifo "$cli_tmp/never"
exec 8<>"$cli_tmp/never"
hung=0
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	"$KPDB" -q --tracing-dir "$tfs" <"$cli_tmp/never" >/dev/null 2>&1 &
	p=$!
	sleep "0.0$((i % 10))"
	kill -TERM "$p" 2>/dev/null
	t=0
	while kill -0 "$p" 2>/dev/null && [ "$t" -lt 100 ]; do
		sleep 0.1
		t=$((t + 1))
	done
	if kill -0 "$p" 2>/dev/null; then
		hung=$((hung + 1))
		kill -KILL "$p"
	fi
	wait "$p" 2>/dev/null
done
exec 8>&-
[ "$hung" -eq 0 ] && cli_ok "SIGTERM at any point of the start: kpdb leaves" ||
	cli_not_ok "SIGTERM at any point of the start: kpdb leaves" "$hung of 20 runs hung"

# ---- --keep, then a later start notices, then --cleanup ------------------------
: >"$log"
cli_run -q --keep --tracing-dir "$tfs" --batch -ex 'bp __sys_connect' -ex 'bp -r __sys_connect'
cli_check "--keep: nothing removed" "$log" "MKDIR instances/kpdb_PID
TRUNC instances/kpdb_PID/set_event_notrace_pid
instances/kpdb_PID/set_event_notrace_pid	PID
kprobe_events	p:kpdb_PID/bp1 __sys_connect\\n
instances/kpdb_PID/events/kpdb_PID/bp1/enable	1
kprobe_events	r:kpdb_PID/bp2 __sys_connect\\n
instances/kpdb_PID/events/kpdb_PID/bp2/enable	1"
kept=$(sed -n 's/^MKDIR instances\/\(kpdb_[0-9]*\)$/\1/p' "$log")
cli_run -q --tracing-dir "$tfs" --batch -ex 'echo hi'
cli_expect "stale: noticed at start" 0 \
	"kpdb: note: probes of dead kpdb session(s) remain: $kept; run 'kpdb --cleanup' to remove them" "hi" &&
	cli_ok "stale: noticed at start"
: >"$log"
cli_run --tracing-dir "$tfs" --cleanup
cli_check "--cleanup: report" "$cli_out" "removed probe kpdb_PID/bp1
removed probe kpdb_PID/bp2
removed instance kpdb_PID"
cli_check "--cleanup: writes" "$log" "instances/kpdb_PID/events/kpdb_PID/bp1/enable	0
kprobe_events	-:kpdb_PID/bp1\\n
instances/kpdb_PID/events/kpdb_PID/bp2/enable	0
kprobe_events	-:kpdb_PID/bp2\\n
RMDIR instances/kpdb_PID"
cli_run --tracing-dir "$tfs" --cleanup
cli_expect "--cleanup: nothing left" 0 "" "nothing to clean up" && cli_ok "--cleanup: nothing left"

# ---- its own pid is never a dead session's, whatever its name (valgrind's) ----
cp "$KPDB" "$cli_tmp/renamed"
sh -c 'echo "p:kpdb_$$/x __sys_connect" >>"$1/kprobe_events"; shift; exec "$@"' sh "$tfs" \
	"$cli_tmp/renamed" -q --tracing-dir "$tfs" --batch -ex 'echo hi' >"$cli_out" 2>"$cli_err"
cli_rc=$?
cli_expect "stale: not its own pid under another name" 0 "" "hi" &&
	cli_ok "stale: not its own pid under another name"
sed -n 's/^p:\(kpdb_[0-9]*\/x\) .*/-:\1/p' "$tfs/kprobe_events" >>"$tfs/kprobe_events"

# ---- an inlined function: one breakpoint, a probe per site, all or none ------
fx=$top_builddir/tests/fixtures/dwarf-fx-O2
# the fixture is not the running kernel: no build id to compare it with
mkdir -p "$cli_tmp/sys"
KPDB_SYS_DIR=$cli_tmp/sys KPDB_CACHE=$cli_tmp/cache
export KPDB_SYS_DIR KPDB_CACHE
: >"$log"
cli_run -q -k "$fx" --tracing-dir "$tfs" --batch -ex 'bp fx_inl v' -ex 'bl' -ex 'bl -v' \
	-ex 'bc 1' -ex 'bl'
cli_expect "inline: exit 0, no errors" 0 "" && cli_ok "inline: exit 0, no errors"
grep -q '^Breakpoint 1 at fx_inl: 3 inlined sites$' "$cli_out" &&
	cli_ok "inline: one breakpoint, its sites counted" ||
	{ cli_not_ok "inline: one breakpoint, its sites counted"; cli_show "$cli_out"; }
grep -q '^1    kprobe    y        0      0 fx_inl (3 sites) *v$' "$cli_out" &&
	cli_ok "inline: bl shows one line with the count" ||
	{ cli_not_ok "inline: bl shows one line with the count"; cli_show "$cli_out"; }
_rows=$(grep -c '^1\.[1-3]  *kprobe    y        0      0 fx_inl@fx_inl_call[1-3]+0x[0-9a-f]* *$' \
	"$cli_out")
[ "$_rows" -eq 3 ] && cli_ok "inline: bl -v lists the sites as 1.K, FUNC@CALLER+OFF" ||
	{ cli_not_ok "inline: bl -v lists the sites as 1.K, FUNC@CALLER+OFF"; cli_show "$cli_out"; }
[ "$(grep -c '^Breakpoint 1 cleared$' "$cli_out")" -eq 1 ] &&
	grep -q '^No breakpoints.$' "$cli_out" &&
	cli_ok "inline: bc 1 clears them, said once" || cli_not_ok "inline: bc 1 clears them, said once"
[ "$(grep -c '^kprobe_events	p:kpdb_[0-9]*/bp1\(_[12]\)\{0,1\} fx_inl_call[1-3]+[0-9]* v=' "$log")" -eq 3 ] &&
   [ "$(grep -c '^kprobe_events	-:kpdb_[0-9]*/bp1' "$log")" -eq 3 ] &&
	cli_ok "inline: three events written, three removed" ||
	{ cli_not_ok "inline: three events written, three removed"; cli_show "$log"; }
cli_check "inline: nothing left" "$tfs/kprobe_events" ""

# bt and hist act on every probe of a breakpoint with several sites
: >"$log"
cli_run -q -k "$fx" --tracing-dir "$tfs" --batch -ex 'bp fx_inl v' -ex 'bt 1 on' \
	-ex 'hist 1 by v' -ex 'hist 1' -ex 'hist 1 off' -ex 'bt 1 off'
cli_expect "inline: bt and hist on a breakpoint of several sites" 0 "" &&
	cli_ok "inline: bt and hist on a breakpoint of several sites"
cli_same "inline: bt and hist: a trigger on each probe, each removed" \
	"$(grep 'trigger	' "$log" | cli_unpid | sed 's/ if .*//; s/\\n$//')" \
	"instances/kpdb_PID/events/kpdb_PID/bp1/trigger	stacktrace
instances/kpdb_PID/events/kpdb_PID/bp1_1/trigger	stacktrace
instances/kpdb_PID/events/kpdb_PID/bp1_2/trigger	stacktrace
instances/kpdb_PID/events/kpdb_PID/bp1/trigger	hist:keys=v:vals=hitcount:sort=hitcount
instances/kpdb_PID/events/kpdb_PID/bp1_1/trigger	hist:keys=v:vals=hitcount:sort=hitcount
instances/kpdb_PID/events/kpdb_PID/bp1_2/trigger	hist:keys=v:vals=hitcount:sort=hitcount
instances/kpdb_PID/events/kpdb_PID/bp1/trigger	!hist:keys=v:vals=hitcount:sort=hitcount
instances/kpdb_PID/events/kpdb_PID/bp1_1/trigger	!hist:keys=v:vals=hitcount:sort=hitcount
instances/kpdb_PID/events/kpdb_PID/bp1_2/trigger	!hist:keys=v:vals=hitcount:sort=hitcount
instances/kpdb_PID/events/kpdb_PID/bp1/trigger	!stacktrace
instances/kpdb_PID/events/kpdb_PID/bp1_1/trigger	!stacktrace
instances/kpdb_PID/events/kpdb_PID/bp1_2/trigger	!stacktrace"
cli_check "inline: bt and hist: nothing left" "$tfs/kprobe_events" ""

cli_run -q -j -n -k "$fx" --batch -ex 'bp -n site fx_inl v'
[ "$(grep -o '"name":"site\(_[12]\)\{0,1\}","inlined_in":"fx_inl_call[1-3]+0x' "$cli_out" |
     wc -l)" -eq 3 ] && grep -q '^{"bp":1,"name":"site","location":"fx_inl",.*"sites":3,' "$cli_out" &&
	cli_ok "inline: -j -n NAME gives NAME, NAME_1, NAME_2 with inlined_in" ||
	{ cli_not_ok "inline: -j -n NAME gives NAME, NAME_1, NAME_2 with inlined_in"; cli_show "$cli_out"; }
cli_run -q -n -k "$fx" --batch -ex 'bp -S fx_inl v'
cli_expect "inline: -S on a function without a symbol" 1 \
	"error: 'fx_inl' is always inlined: it has no symbol for -S to probe" "" &&
	cli_ok "inline: -S on a function without a symbol"
cli_run -q -n -k "$fx" --batch -ex 'bp fx_inl %di'
cli_expect "inline: raw fetchargs at inlined sites are refused" 1 \
	"error: 'fx_inl' is always inlined: a register, a stack slot or \$argN means a function's \
own entry, which it has not; name its arguments as C expressions" "" &&
	cli_ok "inline: raw fetchargs at inlined sites are refused"
cli_run -q -n -k "$fx" --batch -ex 'bp -r fx_inl'
cli_expect "inline: a return probe is refused" 1 "error: 'fx_inl' is always inlined: it never \
returns to a caller of its own; probe the return of the functions it is inlined in, or a FILE:LINE \
inside it" "" && cli_ok "inline: a return probe is refused"

# the kernel rejects one site: the breakpoint goes on with the others, and says so
tfs2=$cli_tmp/tfs2
log2=$cli_tmp/log2
if faketfs_mount "$tfs2" "$log2" --functions "$funcs" --fail-on fx_inl_call2; then
	cli_run -q -k "$fx" --tracing-dir "$tfs2" -ex 'bp fx_inl v' -ex 'bl -v' --batch
	cli_expect "inline, one site rejected: set with the others" 0 "" && {
		grep -q '^Breakpoint 1 at fx_inl: 2 inlined sites$' "$cli_out" &&
		grep -q "^note: the kernel refused 1 more site: breakpoint 1 (in fx_inl_call2+0x[0-9a-f]*): the kernel rejected" "$cli_out" &&
		[ "$(grep -c '^1\.[12] ' "$cli_out")" -eq 2 ]; } &&
		cli_ok "inline, one site rejected: set with the others" ||
		{ cli_not_ok "inline, one site rejected: set with the others"; cli_show "$cli_out"; }
	cli_check "inline, one site rejected: nothing left" "$tfs2/kprobe_events" ""
	faketfs_umount "$tfs2"
else
	cli_not_ok "inline rejected: a second fake tracefs"
fi
# the kernel rejects every site: the kernel's reason, nothing left, no number used up
if faketfs_mount "$tfs2" "$log2" --functions "$funcs" --fail-on fx_inl_call1 \
	--fail-on fx_inl_call2 --fail-on fx_inl_call3; then
	: >"$log2"
	cli_run -q -k "$fx" --tracing-dir "$tfs2" -ex 'bp fx_inl v' -ex 'bp fx_connect' --batch
	if [ "$cli_rc" -eq 1 ] &&
	   grep -q "^error: breakpoint 1 (in fx_inl_call1+0x[0-9a-f]*): the kernel rejected" "$cli_err" &&
	   [ "$(grep -c '^error:' "$cli_err")" -eq 1 ]; then
		cli_ok "inline, all rejected: the kernel's reason, once, naming the site"
	else
		cli_not_ok "inline, all rejected: the kernel's reason, once, naming the site"
		cli_show "$cli_err"
	fi
	grep -q '^Breakpoint 1 at fx_connect$' "$cli_out" &&
		cli_ok "inline, all rejected: the next bp is number 1" ||
		{ cli_not_ok "inline, all rejected: the next bp is number 1"; cli_show "$cli_out"; }
	cli_check "inline, all rejected: nothing left" "$tfs2/kprobe_events" ""
	faketfs_umount "$tfs2"
else
	cli_not_ok "inline rejected: a third fake tracefs"
fi
unset KPDB_SYS_DIR KPDB_CACHE

# ---- a live buffer whose first read says 0 (6.12) is not the end of it --------
# 6.12 answers the first non-blocking read of a fresh instance's trace_pipe_raw
# with 0; kpdb took that for the end of a recording and stopped reading the
# CPU, so go printed "0 hits" and the next go showed the hits.
tfs3=$cli_tmp/tfs3
if faketfs_mount "$tfs3" "$cli_tmp/log3" --functions "$funcs" --fresh-read-zero; then
	_t0=$(date +%s%N)
	cli_run -q --tracing-dir "$tfs3" --batch -ex 'bp __sys_connect' -ex 'go -t 1'
	_ms=$(( ($(date +%s%N) - _t0) / 1000000 ))
	cli_check "fresh read 0: go waits for hits" "$cli_out" "Breakpoint 1 at __sys_connect
0 hits, time is up"
	[ "$_ms" -ge 900 ] && cli_ok "fresh read 0: go ran its second ($_ms ms)" ||
		cli_not_ok "fresh read 0: go ran its second ($_ms ms)"
	faketfs_umount "$tfs3"
else
	cli_not_ok "fresh read 0: a third fake tracefs"
fi

# ---- kill -9: the next --cleanup removes the dead session's probes ------------
start_session "$cli_tmp/k9.out"
send 'bp __x64_sys_setuid'
wait_out '^Breakpoint 1'
kill -9 $kp
wait $kp 2>/dev/null
exec 7>&-
cli_run -j --tracing-dir "$tfs" --cleanup
cli_check "kill -9: --cleanup -j" "$cli_out" '{"session":"kpdb_PID","removed":"probe kpdb_PID/bp1"}
{"session":"kpdb_PID","removed":"instance kpdb_PID"}'
cli_check "kill -9: nothing left" "$tfs/kprobe_events" ""

# ---- a session does not touch another's probes -------------------------------
echo "p:kpdb_1/bp1 tcp_sendmsg" >>"$tfs/kprobe_events"
: >"$log"
cli_run -q --tracing-dir "$tfs" --batch -ex 'bp tcp_sendmsg' -ex 'bc *'
if cli_unpid "$log" | grep -q 'kpdb_PID/bp1' && ! grep -q 'kpdb_1/' "$log"; then
	cli_ok "another session's bp1 is left alone"
else
	cli_not_ok "another session's bp1 is left alone"
	cli_show "$log"
fi
echo "-:kpdb_1/bp1" >>"$tfs/kprobe_events"

cli_done
