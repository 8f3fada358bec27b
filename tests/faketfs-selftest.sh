#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# faketfs-selftest.sh - the FUSE fake tracefs behaves like kernel 6.1's
# tracefs: poke it with shell commands and with libtracefs 1.6.4 (through
# tests/faketfs/faketfs-lt), compare with what the kernel prints.
# Exit 77 when FUSE cannot be mounted here.

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=.}"
. "$top_srcdir/tests/lib-faketfs.sh"

LT=$top_builddir/tests/faketfs/faketfs-lt
if ! faketfs_usable || [ ! -x "$LT" ]; then
	echo "1..0 # SKIP FUSE cannot be mounted here (or faketfs not built)"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/faketfs-selftest.XXXXXX") || exit 99
trap 'faketfs_cleanup; rm -rf "$tmp"' EXIT	# INT TERM HUP PIPE exit through it
m=$tmp/tfs
log=$tmp/log
n=0
failed=0

ok()
{
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok()
{
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
}

# check NAME EXPECTED ACTUAL
check()
{
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		printf '%s\n' "--- expected" "$2" "--- got" "$3" | sed 's/^/# /'
	fi
}

# lt ARGS...: run faketfs-lt on the mount, output and exit status
lt()
{
	"$LT" "$m" "$@" 2>&1
}

put()
{
	lt put "$1" "$2"
}

cat >"$tmp/funcs" <<'EOF'
vfs_read
vfs_write
__sys_connect
__x64_sys_setuid
dup_fn
dup_fn
my_fn [mymod]
EOF

faketfs_mount "$m" "$log" --functions "$tmp/funcs" --fail-on vfs_write --cpus 2 || {
	echo "Bail out! cannot mount faketfs"
	exit 99
}

# --- the tree ---------------------------------------------------------------
check "top directory" "README available_events available_filter_functions available_tracers \
buffer_percent buffer_size_kb buffer_total_size_kb current_tracer dynamic_events error_log \
events free_buffer instances kprobe_events kprobe_profile options per_cpu printk_formats \
saved_cmdlines saved_cmdlines_size set_event set_event_notrace_pid set_event_pid set_ftrace_filter set_ftrace_notrace \
set_ftrace_pid synthetic_events trace trace_clock trace_marker trace_marker_raw trace_options \
trace_pipe tracing_cpumask tracing_max_latency tracing_on tracing_thresh uprobe_events \
uprobe_profile" "$(ls "$m" | tr '\n' ' ' | sed 's/ $//')"
check "events/ when no probe exists" "enable header_event header_page" \
	"$(ls "$m/events" | tr '\n' ' ' | sed 's/ $//')"
check "per_cpu follows --cpus" "cpu0 cpu1" "$(ls "$m/per_cpu" | tr '\n' ' ' | sed 's/ $//')"
check "available_filter_functions is the --functions file" "$(cat "$tmp/funcs")" \
	"$(cat "$m/available_filter_functions")"
grep -q 'r\[maxactive\]\[:\[<group>/\]\[<event>\]\] <place> \[<args>\]' "$m/README" &&
	grep -q '\$stack<index>, \$stack, \$retval, \$comm, \$arg<N>,' "$m/README" &&
	grep -q 'b<bit-width>@<bit-offset>/<container-size>, ustring,' "$m/README" &&
	! grep -q 'symstr\|%pd\|char,' "$m/README" &&
	ok "README lists 6.1's kprobe syntax and types, nothing newer" ||
	not_ok "README lists 6.1's kprobe syntax and types, nothing newer"
check "tracing_on and buffer_percent defaults" "1 50" \
	"$(cat "$m/tracing_on") $(cat "$m/buffer_percent")"
check "no creating files" "refused no" \
	"$( (: >"$m/new_file") 2>/dev/null && echo created || echo refused) \
$([ -e "$m/new_file" ] && echo yes || echo no)"
check "no mkdir outside instances/" "EPERM" "$(lt mkdir events/foo)"
check "no rmdir outside instances/" "EPERM" "$(lt rmdir events)"

# --- probes from the shell ---------------------------------------------------
check "add a kprobe" "ok" \
	"$(put kprobe_events 'p:kpdb_12/bp1 __x64_sys_setuid uid=%di:u32 name=+0(%si):string')"
check "kprobe_events reads back the definition" \
	"p:kpdb_12/bp1 __x64_sys_setuid uid=%di:u32 name=+0(%si):string" "$(cat "$m/kprobe_events")"
check "dynamic_events lists it too" "$(cat "$m/kprobe_events")" "$(cat "$m/dynamic_events")"
check "the event directory" "enable filter format hist id trigger" \
	"$(ls "$m/events/kpdb_12/bp1" | tr '\n' ' ' | sed 's/ $//')"
tab=$(printf '\t')
check "format file as the kernel writes it" "name: bp1
ID: 1600
format:
${tab}field:unsigned short common_type;${tab}offset:0;${tab}size:2;${tab}signed:0;
${tab}field:unsigned char common_flags;${tab}offset:2;${tab}size:1;${tab}signed:0;
${tab}field:unsigned char common_preempt_count;${tab}offset:3;${tab}size:1;${tab}signed:0;
${tab}field:int common_pid;${tab}offset:4;${tab}size:4;${tab}signed:1;

${tab}field:unsigned long __probe_ip;${tab}offset:8;${tab}size:8;${tab}signed:0;
${tab}field:u32 uid;${tab}offset:16;${tab}size:4;${tab}signed:0;
${tab}field:__data_loc char[] name;${tab}offset:20;${tab}size:4;${tab}signed:1;

print fmt: \"(%lx) uid=%u name=\\\"%s\\\"\", REC->__probe_ip, REC->uid, __get_str(name)" \
	"$(cat "$m/events/kpdb_12/bp1/format")"
check "id, enable, filter, trigger of a new event" "1600|0|none|# Available triggers:" \
	"$(cat "$m/events/kpdb_12/bp1/id")|$(cat "$m/events/kpdb_12/bp1/enable")|$(cat \
	"$m/events/kpdb_12/bp1/filter")|$(head -1 "$m/events/kpdb_12/bp1/trigger")"
bp2='r8:kpdb_12/bp2 vfs_read ret=$retval:s64 b=+4($retval):u8[3] f=+0(%ax):b3@4/32 raw=%ax'
check "kretprobe with maxactive, array, bitfield, default type" "ok" "$(put kprobe_events "$bp2")"
check "kretprobe format" "${tab}field:unsigned long __probe_func;${tab}offset:8;${tab}size:8;${tab}signed:0;
${tab}field:unsigned long __probe_ret_ip;${tab}offset:16;${tab}size:8;${tab}signed:0;
${tab}field:s64 ret;${tab}offset:24;${tab}size:8;${tab}signed:1;
${tab}field:u8 b[3];${tab}offset:32;${tab}size:3;${tab}signed:0;
${tab}field:u32 f;${tab}offset:35;${tab}size:4;${tab}signed:0;
${tab}field:u64 raw;${tab}offset:39;${tab}size:8;${tab}signed:0;

print fmt: \"(%lx <- %lx) ret=%Ld b={%u,%u,%u} f=%u raw=0x%Lx\", REC->__probe_func, REC->__probe_ret_ip, REC->ret, REC->b[0], REC->b[1], REC->b[2], REC->f, REC->raw" \
	"$(sed -n '/__probe_func/,$p' "$m/events/kpdb_12/bp2/format")"
check "r8: is shown with its maxactive" "$bp2" "$(sed -n 2p "$m/kprobe_events")"

# --- instances -----------------------------------------------------------------
check "mkdir an instance" "ok" "$(lt mkdir instances/kpdb_12)"
check "the instance has the existing events" "bp1 bp2 enable filter" \
	"$(ls "$m/instances/kpdb_12/events/kpdb_12" | tr '\n' ' ' | sed 's/ $//')"
check "mkdir it again" "EEXIST" "$(lt mkdir instances/kpdb_12)"
check "the instance has no README nor kprobe_events" "no no" \
	"$([ -e "$m/instances/kpdb_12/README" ] && echo yes || echo no) \
$([ -e "$m/instances/kpdb_12/kprobe_events" ] && echo yes || echo no)"
check "a probe added later appears in the instance" "ok enable filter format hist id trigger" \
	"$(put kprobe_events 'p:kpdb_12/bp3 vfs_read+4 x=@jiffies:u64') \
$(ls "$m/instances/kpdb_12/events/kpdb_12/bp3" | tr '\n' ' ' | sed 's/ $//')"
check "enable in the instance only" "ok 1 0" \
	"$(put instances/kpdb_12/events/kpdb_12/bp1/enable 1) \
$(cat "$m/instances/kpdb_12/events/kpdb_12/bp1/enable") $(cat "$m/events/kpdb_12/bp1/enable")"
check "set_event of the instance" "kpdb_12:bp1" "$(cat "$m/instances/kpdb_12/set_event")"
check "group enable shows mixed state" "X" "$(cat "$m/instances/kpdb_12/events/kpdb_12/enable")"
check "enable accepts only 0 and 1" "EINVAL EINVAL" \
	"$(put instances/kpdb_12/events/kpdb_12/bp1/enable 2) \
$(put instances/kpdb_12/events/kpdb_12/bp1/enable ' 1')"
check "removing an enabled probe: EBUSY" "EBUSY" "$(put kprobe_events '-:kpdb_12/bp1')"
check "clearing kprobe_events while one is enabled: EBUSY, nothing removed" "EBUSY 3" \
	"$(lt trunc kprobe_events) $(wc -l <"$m/kprobe_events")"
# triggers, as 6.1 keeps them: several per event, one per command (hist: per keys)
tg=instances/kpdb_12/events/kpdb_12/bp3/trigger
check "triggers: add, duplicate EEXIST, a hist next to it, :clear" "ok EEXIST ok ok 2" \
	"$(put $tg 'stacktrace if x > 0') $(put $tg 'stacktrace') \
$(put $tg 'hist:keys=x:vals=hitcount') $(put $tg 'hist:keys=x:vals=hitcount:clear') \
$(wc -l <"$m/$tg")"
check "triggers: the hist file shows the trigger the kernel's way" \
	"# trigger info: hist:keys=x:vals=hitcount:sort=hitcount:size=2048 [active]" \
	"$(grep 'trigger info' "$m/instances/kpdb_12/events/kpdb_12/bp3/hist")"
check "triggers: a probe with triggers cannot go" "EBUSY" "$(put kprobe_events '-:kpdb_12/bp3')"
check "triggers: ! removes the matching one, ENOENT if none" "ok ok ENOENT 0" \
	"$(put $tg '!stacktrace') $(put $tg '!hist:keys=x:vals=hitcount') $(put $tg '!stacktrace') \
$(grep -vc '^#' "$m/$tg")"
check "buffer_percent accepts 0..100" "ok 0 EINVAL" \
	"$(put instances/kpdb_12/buffer_percent 0) $(cat "$m/instances/kpdb_12/buffer_percent") \
$(put instances/kpdb_12/buffer_percent 101)"

exec 3<"$m/instances/kpdb_12/trace_pipe"
check "rmdir while an instance file is open: EBUSY" "EBUSY" "$(lt rmdir instances/kpdb_12)"
exec 4<"$m/instances/kpdb_12/trace_pipe" 5<"$m/instances/kpdb_12/tracing_on"
exec 3<&-
check "still EBUSY with other files open" "EBUSY" "$(lt rmdir instances/kpdb_12)"
exec 4<&- 5<&-
exec 6<"$m/instances/kpdb_12/events/kpdb_12/bp1/enable"
check "an open per-event file does not pin the instance (6.1)" "ok" \
	"$(lt rmdir instances/kpdb_12)"
exec 6<&-
check "rmdir disabled the probe with the instance" "ok" "$(put kprobe_events '-:kpdb_12/bp1')"
check "the event is gone" "no" "$([ -e "$m/events/kpdb_12/bp1" ] && echo yes || echo no)"

# --- rejected definitions: errno and error_log --------------------------------
reject()
{
	lt error-clear >/dev/null
	_r=$(put kprobe_events "$1")
	printf '%s\n%s' "$_r" "$(cat "$m/error_log" | sed 's/^\[ *[0-9.]*\] /[TS] /')"
}
check "unknown symbol" "ENOENT
[TS] trace_kprobe: error: Invalid probed address or symbol
  Command: p:kpdb_12/bp9 nosuch_fn
                         ^" "$(reject 'p:kpdb_12/bp9 nosuch_fn')"
check "--fail-on symbol" "EINVAL
[TS] trace_kprobe: error: Failed to register probe event
  Command: p:kpdb_12/bp9 vfs_write
                         ^" "$(reject 'p:kpdb_12/bp9 vfs_write')"
check "symbol listed twice" "EADDRNOTAVAIL
[TS] trace_kprobe: error: The symbol is not unique
  Command: p:kpdb_12/bp9 dup_fn
                         ^" "$(reject 'p:kpdb_12/bp9 dup_fn')"
check "bad argument name" "EINVAL
[TS] trace_kprobe: error: Argument name must follow the same rules as C identifiers
  Command: p:kpdb_12/bp9 vfs_read 1x=%di
                                  ^" "$(reject 'p:kpdb_12/bp9 vfs_read 1x=%di')"
check "bad type" "EINVAL
[TS] trace_kprobe: error: Unknown type is specified
  Command: p:kpdb_12/bp9 vfs_read x=%di:u33
                                        ^" "$(reject 'p:kpdb_12/bp9 vfs_read x=%di:u33')"
check "bad register" "EINVAL
[TS] trace_kprobe: error: Invalid register name
  Command: p:kpdb_12/bp9 vfs_read x=+8(%eax)
                                       ^" "$(reject 'p:kpdb_12/bp9 vfs_read x=+8(%eax)')"
check "string from a register" "EINVAL
[TS] trace_kprobe: error: String accepts only memory argument
  Command: p:kpdb_12/bp9 vfs_read s=%si:string
                                        ^" "$(reject 'p:kpdb_12/bp9 vfs_read s=%si:string')"
check "libtracefs' r10::GRP/EV (pitfall 1)" "EINVAL
[TS] trace_kprobe: error: Group name must follow the same rules as C identifiers
  Command: r10::kpdb_12/bp9 vfs_read
               ^" "$(reject 'r10::kpdb_12/bp9 vfs_read')"
check "event named after its address (pitfall 2)" "EINVAL
[TS] trace_kprobe: error: Event name must follow the same rules as C identifiers
  Command: p:kpdb_12/vfs_read+4 vfs_read+4
                     ^" "$(reject 'p:kpdb_12/vfs_read+4 vfs_read+4')"
check "\$retval in a kprobe" "EINVAL
[TS] trace_kprobe: error: \$retval is not available on probe
  Command: p:kpdb_12/bp9 vfs_read r=\$retval
                                    ^" "$(reject 'p:kpdb_12/bp9 vfs_read r=$retval')"
check "\$argN off the function entry" "EINVAL
[TS] trace_kprobe: error: Invalid \$-valiable specified
  Command: p:kpdb_12/bp9 vfs_read+4 \$arg1
                                    ^" "$(reject 'p:kpdb_12/bp9 vfs_read+4 $arg1')"
check "kretprobe not at the entry" "EINVAL
[TS] trace_kprobe: error: Retprobe address must be an function entry
  Command: r:kpdb_12/bp9 vfs_read+4
                         ^" "$(reject 'r:kpdb_12/bp9 vfs_read+4')"
check "same name, other arguments" "EEXIST
[TS] trace_kprobe: error: Argument type or name is different from existing probe
  Command: p:kpdb_12/bp3 vfs_read x=%di
                                  ^" "$(reject 'p:kpdb_12/bp3 vfs_read x=%di')"
check "the exact same probe" "EEXIST
[TS] trace_kprobe: error: There is already the exact same probe event
  Command: p:kpdb_12/bp3 vfs_read+4 x=@jiffies:u64
           ^" "$(reject 'p:kpdb_12/bp3 vfs_read+4 x=@jiffies:u64')"
check "no symbol at all: EINVAL, nothing logged (argc < 2)" "EINVAL" \
	"$(reject 'p:kpdb_12/bp9')"
check "removing what does not exist: ENOENT" "ENOENT" "$(put kprobe_events '-:kpdb_12/nope')"
check "nothing half-created by the failures" "bp2 bp3 enable filter" \
	"$(ls "$m/events/kpdb_12" | tr '\n' ' ' | sed 's/ $//')"
lt error-clear >/dev/null
put kprobe_events 'p:kpdb_12/bp9 nosuch' >/dev/null
put kprobe_events 'p:kpdb_12/bp9 vfs_read 2x=%di' >/dev/null
check "tracefs_error_last() picks the last entry" "[TS] trace_kprobe: error: Argument name must follow the same rules as C identifiers
  Command: p:kpdb_12/bp9 vfs_read 2x=%di
                                  ^" "$(lt error-last | sed 's/^\[ *[0-9.]*\] /[TS] /')"
check "O_TRUNC clears error_log" "0" "$(lt trunc error_log >/dev/null; wc -c <"$m/error_log")"
check "several lines in one write, '#' comments; stops at the first bad one" \
	"ENOENT|p:kpdb_12/bp4 vfs_read|no" \
	"$(put kprobe_events 'p:kpdb_12/bp4 vfs_read # first
p:kpdb_12/bp5 nosuch
p:kpdb_12/bp6 vfs_read')|$(grep bp4 "$m/kprobe_events")|$(grep -q bp6 "$m/kprobe_events" &&
	echo yes || echo no)"
check "group-only name and default group (6.0+)" "ok ok p:kpdb_12/p_vfs_read_0 vfs_read
r:kprobes/r_vfs_read_0 vfs_read" \
	"$(put kprobe_events 'p:kpdb_12/ vfs_read') $(put kprobe_events 'p vfs_read%return') \
$(grep '_vfs_read_0' "$m/kprobe_events")"
check "-:GRP/ removes the whole group" "ok" "$(put kprobe_events '-:kprobes/')"

# --- filters ---------------------------------------------------------------------
f=$m/events/kpdb_12/bp2/filter
check "a filter is stored and shown" "ok ret < 0 && f == 3" \
	"$(put events/kpdb_12/bp2/filter 'ret < 0 && f == 3') $(cat "$f")"
check "a bad filter: EINVAL, shown with a caret" "EINVAL
nope == 1
^
parse_error: Field not found" "$(put events/kpdb_12/bp2/filter 'nope == 1')
$(cat "$f")"
check "0 clears it" "ok none" "$(put events/kpdb_12/bp2/filter 0) $(cat "$f")"
check "strings take == and ~, not <" "ok EINVAL" \
	"$(put events/kpdb_12/bp2/filter 'common_pid == 1 || comm ~ "ss*"') \
$(put events/kpdb_12/bp2/filter 'comm < 1')"

# --- kprobe_profile and control files ------------------------------------------
faketfs_set_hits "$m" kpdb_12/bp2 42 7
check "kprobe_profile: one line per probe, counts from .faketfs/hits" \
	"  bp2                                                       42               7
  bp3                                                        0               0
  bp4                                                        0               0
  p_vfs_read_0                                               0               0" \
	"$(cat "$m/kprobe_profile")"
faketfs_set_busy "$m" kpdb_12/bp4 1
check "a probe used by perf/BPF cannot go" "EBUSY" "$(put kprobe_events '-:kpdb_12/bp4')"
faketfs_set_busy "$m" kpdb_12/bp4 0
check ".faketfs stays hidden" "no" "$(ls -a "$m" | grep -q faketfs && echo yes || echo no)"

# --- libtracefs 1.6.4 against the fake -------------------------------------------
check "tracefs_instance_create" "instance kpdb_77 created" "$(lt instance-create kpdb_77)"
args='port=+2(%si):u16 fam=+0(%si):u16 path=+2(%si):string'
check "tracefs_kprobe_alloc + tracefs_dynevent_create" "created kpdb_77/bp1" \
	"$(lt kprobe kpdb_77 bp1 __sys_connect "$args")"
check "tracefs_kretprobe_alloc" "created kpdb_77/bp2" \
	"$(lt kretprobe kpdb_77 bp2 __sys_connect 'ret=$retval:s32')"
check "tracefs_dynevent_get_all" "p kpdb_77/bp1 __sys_connect $args (type 1)
r kpdb_77/bp2 __sys_connect ret=\$retval:s32 (type 2)" "$(lt list kpdb_77)"
check "tracefs_event_enable in the instance" "enabled kpdb_77/bp1 enabled" \
	"$(lt enable kpdb_77 kpdb_77 bp1) $(lt is-enabled kpdb_77 kpdb_77 bp1)"
check "tracefs_dynevent_destroy of an enabled probe fails with EBUSY" \
	"tracefs_dynevent_destroy failed: Device or resource busy" \
	"$(lt destroy kpdb_77 bp1 | head -1)"
check "libtracefs parses every format, and prints a record with it" "kpdb_77/bp1
  unsigned long __probe_ip offset=8 size=8
  u16 port offset=16 size=2
  u16 fam offset=18 size=2
  __data_loc char[] path offset=20 size=4 signed dynamic array
  sample: (10) port=17 fam=18 path=\"str3\"
kpdb_77/bp2
  unsigned long __probe_func offset=8 size=8
  unsigned long __probe_ret_ip offset=16 size=8
  s32 ret offset=24 size=4 signed
  sample: (10 <- 11) ret=18" "$(lt formats kpdb_77 | sed 's/ id=[0-9]*$//')"
check "the event ID libtraceevent read is the id file's" \
	"$(cat "$m/events/kpdb_77/bp2/id")" "$(lt formats kpdb_77 | sed -n 's/^kpdb_77.bp2 id=//p')"
check "libtracefs parses formats with arrays and bitfields" "  u8[3] b offset=32 size=3 array
  sample: (10 <- 11) ret=18 b={1,2,3} f=20 raw=0x15" \
	"$(lt formats kpdb_12 | sed -n '/bp2/,/sample/p' | sed -n '/u8\[3\]/p;/sample/p')"
check "tracefs_event_filter_apply (returns the bytes written)" "filter applied (10) port == 22" \
	"$(lt filter kpdb_77 kpdb_77 bp1 'port == 22' | tail -1) \
$(cat "$m/instances/kpdb_77/events/kpdb_77/bp1/filter")"
check "a filter the kernel rejects lands in the instance's error_log" \
	"[TS] event filter parse error: error: Field not found
  Command: bogus == 1
           ^" "$(lt filter kpdb_77 kpdb_77 bp1 'bogus == 1' >/dev/null
	sed 's/^\[ *[0-9.]*\] /[TS] /' "$m/instances/kpdb_77/error_log")"
check "tracefs_dynevent_destroy with force disables everywhere first" "destroyed kpdb_77/bp1 0" \
	"$(lt destroy kpdb_77 bp1 force) $(cat "$m/events/enable")"
check "tracefs_instance_file_read/write" "wrote 1 0" \
	"$(lt write kpdb_77 tracing_on 0) $(lt read kpdb_77 tracing_on)"
check "tracefs_error_last after a rejected kprobe" "tracefs_dynevent_create failed: No such file or directory
[TS] trace_kprobe: error: Invalid probed address or symbol
  Command: p:kpdb_77/bp3 no_such_function x=%di
                         ^" "$(lt kprobe kpdb_77 bp3 no_such_function 'x=%di' |
	sed 's/^\[ *[0-9.]*\] /[TS] /')"
check "tracefs_instance_destroy" "instance kpdb_77 destroyed" "$(lt instance-destroy kpdb_77)"

# --- concurrent open files -----------------------------------------------------
exec 3>>"$m/kprobe_events" 4>>"$m/kprobe_events" 5<"$m/kprobe_events"
printf 'p:conc/a vfs_read\n' >&3
printf 'p:conc/b vfs_read\n' >&4
printf 'p:conc/c vfs_read\n' >&3
check "three fds on kprobe_events at once" "p:conc/a vfs_read
p:conc/b vfs_read
p:conc/c vfs_read" "$(grep conc "$m/kprobe_events")"
check "a reader sees the state when it starts reading" "3" "$(grep -c conc <&5)"
exec 3>&- 4>&- 5<&-
check "O_TRUNC clears every probe when none is busy" "ok 0" \
	"$(lt trunc kprobe_events) $(wc -l <"$m/kprobe_events")"

# --- synthetic events and hist triggers between events (6.1 and 6.12 alike) --------
# what Debian's 6.1 and 6.12 kernels answered to the same commands
errlog() { sed 's/^\[ *[0-9.]*\] /[TS] /' "$m/$1"; }
lt error-clear >/dev/null
check "synthetic_events: define, list, the same in dynamic_events" "ok kx_lat${tab}u64 lat
s:synthetic/kx_lat${tab}u64 lat" \
	"$(put synthetic_events 'kx_lat u64 lat') $(cat "$m/synthetic_events")
$(grep '^s:' "$m/dynamic_events")"
check "synthetic_events: a bad type, a second definition, a bad name" "EINVAL EEXIST EINVAL
[TS] synthetic_events: error: Invalid type
  Command: kx_bad u64 lat; foo bar
                           ^
[TS] synthetic_events: error: Event already exists
  Command: kx_lat u64 lat
           ^
[TS] synthetic_events: error: Illegal name
  Command: 1x u64 lat
           ^" "$(put synthetic_events 'kx_bad u64 lat; foo bar') \
$(put synthetic_events 'kx_lat u64 lat') $(put synthetic_events '1x u64 lat')
$(errlog error_log)"
check "synthetic_events: !NAME of none is ENOENT" "ENOENT" "$(put synthetic_events '!kx_none')"
check "a synthetic event's format" "name: kx_lat
${tab}field:int common_pid;${tab}offset:4;${tab}size:4;${tab}signed:1;
${tab}field:u64 lat;${tab}offset:8;${tab}size:8;${tab}signed:0;
print fmt: \"lat=%llu\", REC->lat" \
	"$(grep -E '^name|common_pid|lat' "$m/events/synthetic/kx_lat/format")"
put kprobe_events 'p:kx/e vfs_read' >/dev/null
put kprobe_events 'r:kx/r vfs_read' >/dev/null
lt mkdir instances/kx >/dev/null
ki=instances/kx/events
check "the synthetic event is in the instance too" "enable filter format hist id trigger" \
	"$(ls "$m/$ki/synthetic/kx_lat" | tr '\n' ' ' | sed 's/ $//')"
check "hist: a variable; the trigger shown the kernel's way" "ok
hist:keys=common_pid:vals=hitcount:ts0=common_timestamp.usecs:sort=hitcount:size=2048:clock=global if common_pid != 1 [active]" \
	"$(put $ki/kx/e/trigger 'hist:keys=common_pid:ts0=common_timestamp.usecs if common_pid != 1')
$(cat "$m/$ki/kx/e/trigger")"
lt trunc instances/kx/error_log >/dev/null
check "hist: a usecs timestamp plus a number, an unknown variable, an unknown synthetic event" \
	"EINVAL EINVAL EINVAL
[TS] hist:kx:r: error: Timestamp units in expression don't match
  Command: hist:keys=common_pid:lat=common_timestamp.usecs-\$ts0+1:onmatch(kx.e).trace(kx_lat,\$lat)
           ^
[TS] hist:kx:r: error: Couldn't find field
  Command: hist:keys=common_pid:lat=common_timestamp.usecs-\$ts1:onmatch(kx.e).trace(kx_lat,\$lat)
                                                           ^
[TS] hist:kx:r: error: Couldn't find synthetic event
  Command: hist:keys=common_pid:lat=common_timestamp.usecs-\$ts0:onmatch(kx.e).trace(kx_none,\$lat)
                                                                                    ^" \
	"$(put $ki/kx/r/trigger 'hist:keys=common_pid:lat=common_timestamp.usecs-$ts0+1:onmatch(kx.e).trace(kx_lat,$lat)') \
$(put $ki/kx/r/trigger 'hist:keys=common_pid:lat=common_timestamp.usecs-$ts1:onmatch(kx.e).trace(kx_lat,$lat)') \
$(put $ki/kx/r/trigger 'hist:keys=common_pid:lat=common_timestamp.usecs-$ts0:onmatch(kx.e).trace(kx_none,$lat)')
$(errlog instances/kx/error_log)"
onmatch='hist:keys=common_pid:lat=common_timestamp.usecs-$ts0:onmatch(kx.e).trace(kx_lat,$lat)'
check "hist: onmatch() generates the synthetic event; a hist on it" "ok ok
hist:keys=common_pid:vals=hitcount:lat=common_timestamp.usecs-\$ts0:sort=hitcount:size=2048:clock=global:onmatch(kx.e).trace(kx_lat,\$lat) [active]
hist:keys=lat.log2:vals=hitcount,lat:sort=lat.log2:size=2048 [active]" \
	"$(put $ki/kx/r/trigger "$onmatch") \
$(put $ki/synthetic/kx_lat/trigger 'hist:keys=lat.log2:vals=hitcount,lat:sort=lat')
$(cat "$m/$ki/kx/r/trigger" "$m/$ki/synthetic/kx_lat/trigger")"
check "hist: the same trigger again is EEXIST" "EEXIST" "$(put $ki/kx/r/trigger "$onmatch")"
check "while in use: the synthetic event, the variable's trigger, the instance are busy" \
	"EBUSY EBUSY EBUSY EBUSY" \
	"$(put synthetic_events '!kx_lat') \
$(put $ki/kx/e/trigger '!hist:keys=common_pid:ts0=common_timestamp.usecs if common_pid != 1') \
$(lt rmdir instances/kx) $(put kprobe_events '-:kx/r')"
check "hist: ! with another filter removes nothing and says nothing" "ok 1" \
	"$(put $ki/kx/e/trigger '!hist:keys=common_pid:ts0=common_timestamp.usecs') \
$(grep -c '^hist' "$m/$ki/kx/e/trigger")"
check "hist: removed in order, as shown (without [active]); then the synthetic event" \
	"ok ok ok ok 0" \
	"$(put $ki/synthetic/kx_lat/trigger '!hist:keys=lat.log2:vals=hitcount,lat:sort=lat.log2:size=2048') \
$(put $ki/kx/r/trigger "!$onmatch") $(put synthetic_events '!kx_lat') \
$(put $ki/kx/e/trigger '!hist:keys=common_pid:vals=hitcount:ts0=common_timestamp.usecs:sort=hitcount:size=2048:clock=global if common_pid != 1') \
$(grep -c . "$m/synthetic_events")"
check "the older action form NAME(\$v), s: and -:synthetic/ of dynamic_events" "ok ok ok EBUSY" \
	"$(put dynamic_events 's:kx_l2 u64 lat') \
$(put $ki/kx/e/trigger 'hist:keys=common_pid:ts0=common_timestamp.usecs') \
$(put $ki/kx/r/trigger 'hist:keys=common_pid:lat=common_timestamp.usecs-$ts0:onmatch(kx.e).kx_l2($lat)') \
$(put dynamic_events '-:synthetic/kx_l2')"
check "O_TRUNC of a trigger file keeps a trigger whose variable is in use" "ok ok 1 0" \
	"$(lt trunc $ki/kx/e/trigger) $(lt trunc $ki/kx/r/trigger) \
$(grep -c '^hist' "$m/$ki/kx/e/trigger") $(grep -c '^hist' "$m/$ki/kx/r/trigger")"
check "then everything goes" "ok ok ok ok ok" \
	"$(lt trunc $ki/kx/e/trigger) $(put dynamic_events '-:synthetic/kx_l2') \
$(lt rmdir instances/kx) $(put kprobe_events '-:kx/e') $(put kprobe_events '-:kx/r')"

# --- the write log ----------------------------------------------------------------
check "the log has one line per write, newlines escaped" \
	"p:kpdb_12/bp1 __x64_sys_setuid uid=%di:u32 name=+0(%si):string" \
	"$(faketfs_probe_writes "$log" | head -1)"
check "the log records mkdir, rmdir, O_TRUNC and writes, failed ones too" \
	"MKDIR instances/kpdb_12
instances/kpdb_12/events/kpdb_12/bp1/enable${tab}1
instances/kpdb_12/events/kpdb_12/bp1/enable${tab}2
instances/kpdb_12/events/kpdb_12/bp1/enable${tab} 1
TRUNC kprobe_events
RMDIR instances/kpdb_12
RMDIR instances/kpdb_12
RMDIR instances/kpdb_12
TRUNC kprobe_events" \
	"$(grep -E "^(MKDIR|RMDIR) instances/kpdb_12\$|^TRUNC kprobe_events\$|\
^instances/kpdb_12/events/kpdb_12/bp1/enable" "$log")"
check "backslashes and tabs are escaped" 'p:kpdb_12/bp7 vfs_read s=\\"a\tb"' \
	"$(put kprobe_events "p:kpdb_12/bp7 vfs_read s=\\\"a${tab}b\"" >/dev/null
	faketfs_probe_writes "$log" | grep bp7)"
check ".faketfs/ writes are not logged" "0" "$(grep -c faketfs "$log")"

# --- unmount -----------------------------------------------------------------------
faketfs_umount "$m"
check "unmounted, daemon gone" "no" \
	"$(grep -q " $m fuse.faketfs " /proc/mounts && echo yes || echo no)"

echo "1..$n"
[ "$failed" -eq 0 ]
