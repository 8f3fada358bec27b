# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
#
# Helpers for the real-kernel scenarios (tests/real/*.sh), sourced by busybox
# ash in the guest before each scenario.  A scenario runs in its own empty
# directory $WORK; everything it prints goes to its log, shown by the host
# only when it fails.  Checks record a failure and carry on, so one run shows
# every broken expectation; `finish` (called by the runner) turns them into
# the exit status.
#
#   skip REASON              stop here, reported as SKIP
#   need_kpdb                skip when there is no kpdb in the initramfs
#   need_cmd CMD...          skip when kpdb's table lacks CMD (feature not built yet)
#   need_dwarf               skip when the VM has no DWARF vmlinux (the run without
#                            the debug file): a C expression needs it or BTF
#   need_btf                 skip when the kernel has no /sys/kernel/btf/vmlinux
#   need_types               skip when there is neither DWARF nor BTF (C expressions
#                            at a function's entry need one of them)
#   need_feature ERE WHAT    skip when the tracefs README has no line matching ERE
#   need_module NAME         skip when module NAME is neither loaded nor in the initramfs
#   kp ARGS...               run kpdb -q ARGS; stdout in out, stderr in err, status in $rc
#   expect_rc N              $rc of the last kp
#   expect_out ERE [FILE]    some line of FILE (default out) matches
#   expect_no_out ERE [FILE] no line matches
#   expect_count N ERE [FILE]
#   expect_eq WHAT GOT WANT
#   session_start ARGS...    a kpdb reading its commands from a FIFO, in the background
#   session_cmd LINE...      send command lines to it
#   session_wait_probe EVENT wait until the session's EVENT is enabled in its instance
#   session_end              send quit, wait for it to exit; status in $rc, its
#                            output in out and err (sout and serr while it runs)
#   kpdb_group               the kpdb_<pid> group of the running session
#   wait_hits EVENT N        wait until kprobe_profile shows N hits for EVENT
#   hits EVENT               kprobe_profile hit count of EVENT (any group)
#   bl_col N COL [FILE]      column COL (Num Type Enb Hits Miss ...) of bl's row N
#   need_jq                  skip when jq is missing
#   jq_check FILTER [FILE]   some JSON line of FILE (default out) makes FILTER true
#   fail MESSAGE / note MESSAGE

T=/sys/kernel/tracing
FAILS=0
rc=0
KPDB_TIMEOUT=${KPDB_TIMEOUT:-150}

note() {
	echo "# $*"
}

fail() {
	echo "FAIL: $*"
	[ -s "$WORK/why" ] || echo "$*" > "$WORK/why"
	FAILS=$((FAILS + 1))
}

skip() {
	# what was checked before the skip still counts
	[ "$FAILS" -eq 0 ] || exit 1
	echo "$*" > "$WORK/skip"
	echo "SKIP: $*"
	exit 77
}

finish() {
	[ "$FAILS" -eq 0 ] || exit 1
	exit 0
}

need_kpdb() {
	command -v kpdb > /dev/null || skip "no kpdb binary in the initramfs"
}

need_cmd() {
	need_kpdb
	[ -s "$WORK/../cmds" ] || kpdb --list-cmds > "$WORK/../cmds" 2> /dev/null
	for c in "$@"; do
		grep -qx "$c" "$WORK/../cmds" || skip "kpdb has no '$c' command yet"
	done
}

need_dwarf() {
	[ -n "${KPDB_VMLINUX:-}" ] && [ -r "$KPDB_VMLINUX" ] ||
		skip "needs DWARF: this run has no vmlinux debug file"
}

need_btf() {
	[ -r /sys/kernel/btf/vmlinux ] || skip "needs BTF: no /sys/kernel/btf/vmlinux"
}

need_types() {
	[ -n "${KPDB_VMLINUX:-}" ] && [ -r "$KPDB_VMLINUX" ] && return 0
	[ -r /sys/kernel/btf/vmlinux ] || skip "needs DWARF or BTF: this kernel has neither"
}

have_dwarf() {
	[ -n "${KPDB_VMLINUX:-}" ] && [ -r "$KPDB_VMLINUX" ]
}

need_feature() {
	grep -Eq -- "$1" $T/README 2> /dev/null ||
		skip "needs $2: the tracefs README of $(uname -r) does not list it"
}

need_module() {
	[ -d "/sys/module/$1" ] || [ -f "/lib/modules/$(uname -r)/$1.ko" ] ||
		skip "needs module $1: not in this VM"
}

show() {
	echo "--- $1"
	cat "$1"
	echo "---"
}

# show_run WHAT: the log of a kpdb run that ended with $rc, its output in
# out and err; a run killed by the scenario's timeout fails it
show_run() {
	cat out
	[ -s err ] && sed 's/^/stderr: /' err
	echo "(exit $rc)"
	[ "$rc" -ne 137 ] || fail "$1 timed out after ${KPDB_TIMEOUT}s"
	return 0
}

kp() {
	echo "\$ kpdb -q $*"
	timeout -s KILL "$KPDB_TIMEOUT" kpdb -q "$@" > out 2> err
	rc=$?
	show_run "kpdb $*"
}

expect_rc() {
	[ "$rc" -eq "$1" ] || fail "kpdb exit status $rc, expected $1"
}

expect_out() {
	grep -Eq -- "$1" "${2:-out}" || fail "no line matching '$1' in ${2:-out}"
}

expect_no_out() {
	if grep -Eq -- "$1" "${2:-out}"; then
		fail "unexpected line matching '$1' in ${2:-out}: $(grep -E -- "$1" "${2:-out}" | head -n1)"
	fi
}

expect_count() {
	local n
	n=$(grep -Ec -- "$2" "${3:-out}")
	[ "$n" -eq "$1" ] || fail "$n lines matching '$2' in ${3:-out}, expected $1"
}

expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', expected '$3'"
}

# Kernel-side view, independent of kpdb's own reports.
hits() {
	awk -v e="$1" '$1 ~ ("(^|:|/)" e "$") { print $2; f = 1 } END { if (!f) print 0 }' \
		$T/kprobe_profile | head -n1
}

wait_until() {
	# wait_until SECONDS COMMAND...: poll every 0.2 s
	local n=$(($1 * 5))
	shift
	while [ $n -gt 0 ]; do
		"$@" && return 0
		sleep 0.2
		n=$((n - 1))
	done
	return 1
}

hits_at_least() {
	[ "$(hits "$1")" -ge "$2" ]
}

wait_hits() {
	wait_until 20 hits_at_least "$1" "$2" || fail "kprobe_profile: '$1' has $(hits "$1") hits, expected $2"
}

# A session whose commands are written one by one while workloads run
# between them: kpdb reads a FIFO the way it reads any non-terminal stdin.
session_start() {
	rm -f in
	mkfifo in
	echo "\$ kpdb -q $* < in &"
	kpdb -q "$@" < in > sout 2> serr &
	SESSION_PID=$!
	exec 3> in
	( sleep "$KPDB_TIMEOUT"; kill -9 "$SESSION_PID" 2> /dev/null ) &
	SESSION_DOG=$!
}

session_cmd() {
	for l in "$@"; do
		echo "> $l"
		echo "$l" >&3
	done
}

kpdb_group() {
	echo "kpdb_$SESSION_PID"
}

# the session's event $1 is on; a trigger (bp -s, hist) puts it in soft mode: "1*"
event_enabled() {
	case "$(cat "$T/instances/kpdb_$SESSION_PID/events/kpdb_$SESSION_PID/$1/enable" 2> /dev/null)" in
	1 | "1*") return 0 ;;
	esac
	return 1
}

session_wait_probe() {
	wait_until 60 event_enabled "$1" ||
		fail "probe '$1' of session $SESSION_PID not enabled after 60 s"
}

session_end() {
	session_cmd quit
	exec 3>&-
	wait "$SESSION_PID"
	rc=$?
	kill "$SESSION_DOG" 2> /dev/null
	wait "$SESSION_DOG" 2> /dev/null
	# from here on the session's output is what the checks look at
	cp sout out
	cp serr err
	show_run "kpdb session"
}

# kpdb's leftovers in tracefs, empty when clean.
leftovers() {
	grep -h ':kpdb_' $T/kprobe_events $T/dynamic_events 2> /dev/null
	grep -h '^kpdb_' $T/synthetic_events 2> /dev/null
	ls -d $T/instances/kpdb_* 2> /dev/null
}

expect_clean() {
	local l
	l=$(leftovers)
	[ -z "$l" ] || fail "left in tracefs: $(echo "$l" | tr '\n' ' ')"
}

# bl prints "Num Type Enb Hits Miss Where What": the row whose first field
# is N, last such row when bl ran more than once.
bl_col() {
	awk -v n="$1" -v c="$2" '$1 == n && $4 ~ /^[0-9]+$/ { v = $c } END { print v }' "${3:-out}"
}

expect_bl_hits() {
	local got
	got=$(bl_col "$1" 4 "${3:-out}")
	[ "$got" = "$2" ] || fail "bl: breakpoint $1 has ${got:-no} hits, expected $2"
}

need_jq() {
	command -v jq > /dev/null || skip "no jq in the initramfs (apt-get install jq on the host)"
}

jq_check() {
	jq -e -s "map(select($1)) | length > 0" "${2:-out}" > /dev/null 2>&1 ||
		fail "no JSON line of ${2:-out} with $1"
}

jq_count() {
	jq -s "map(select($1)) | length" "${2:-out}" 2>/dev/null
}
