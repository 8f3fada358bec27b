# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
#
# lib-cli.sh - helpers for tests that drive the real kpdb binary.
#
#   . "$top_srcdir/tests/lib-cli.sh"
#
# make check exports KPDB (the binary), top_srcdir and top_builddir.  KPDB
# may be a wrapper (scripts/test-hardening runs the CLI tests with KPDB set
# to a valgrind wrapper whose --error-exitcode is 97).
#
# Every run goes through cli_run, which records stdout, stderr and the exit
# status, and counts as a failure anything that looks like a crash: killed
# by a signal or timed out (status >= 124), valgrind's 97, a sanitizer
# report on stderr.  Results are TAP-like lines; cli_done prints the count
# and gives the script's exit status.
#
# Tracing directories:
#   cli_tracefs DIR [FUNCTION]...
#                             a tracing directory at DIR whose probeable
#                             functions are FUNCTION... (default: a few
#                             syscalls): the FUSE fake tracefs of
#                             tests/lib-faketfs.sh when it can be mounted
#                             ($cli_backend = faketfs, every write logged),
#                             else a plain directory ($cli_backend = plain)
#   cli_untouched             status 0 if nothing was written to it since
#                             cli_tracefs or the last cli_untouched; else
#                             what was written, on stdout
#   cli_fake_tracefs DIR [FUNCTION]...
#                             the plain directory alone
#   cli_tree_state DIR        one line per file: type, mode, size, mtime and
#                             content checksum: equal before and after means
#                             nothing was written

set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=.}"
: "${KPDB:=$top_builddir/kpdb}"
: "${CLI_TIMEOUT:=120}"

if [ ! -x "$KPDB" ] && ! command -v "$KPDB" >/dev/null 2>&1; then
	echo "Bail out! no kpdb binary at '$KPDB'"
	exit 99
fi

cli_tmp=$(mktemp -d "${TMPDIR:-/tmp}/kpdb-cli.XXXXXX") || exit 99
cli_pass=0
cli_fail=0
cli_n=0
cli_rc=0
cli_out=$cli_tmp/stdout
cli_err=$cli_tmp/stderr
cli_backend=""
cli_tfs=""
cli_wlog=$cli_tmp/tracefs-writes.log

# Sanitizer reports must be seen, whatever exit code the build chose.
ASAN_OPTIONS=${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}abort_on_error=0:exitcode=96
UBSAN_OPTIONS=${UBSAN_OPTIONS:-}${UBSAN_OPTIONS:+:}print_stacktrace=1:exitcode=96
export ASAN_OPTIONS UBSAN_OPTIONS
# the history file is the only thing kpdb may write in $HOME; keep it here
KPDB_HISTFILE=$cli_tmp/history
export KPDB_HISTFILE

if [ -f "$top_srcdir/tests/lib-faketfs.sh" ]; then
	# our EXIT trap unmounts
	FAKETFS_NO_TRAP=1
	. "$top_srcdir/tests/lib-faketfs.sh"
fi

cli_cleanup()
{
	command -v faketfs_cleanup >/dev/null 2>&1 && faketfs_cleanup
	cd / && rm -rf "$cli_tmp"
}
trap cli_cleanup EXIT
trap 'exit 1' INT TERM HUP

cli_ok()
{
	cli_n=$((cli_n + 1))
	cli_pass=$((cli_pass + 1))
	printf 'ok %d - %s\n' "$cli_n" "$1"
}

# cli_not_ok TITLE [DETAIL]...
cli_not_ok()
{
	cli_n=$((cli_n + 1))
	cli_fail=$((cli_fail + 1))
	printf 'not ok %d - %s\n' "$cli_n" "$1"
	shift
	for l in "$@"; do
		printf '#   %s\n' "$l"
	done
}

# Print a file (stdout/stderr of the last run) as '#' comment lines, shortened.
cli_show()
{
	head -c 2000 "$1" | head -n 20 | sed 's/^/#     | /'
}

cli_done()
{
	echo "1..$cli_n"
	echo "# $cli_pass passed, $cli_fail failed"
	[ "$cli_fail" -eq 0 ]
}

# cli_skip REASON: the whole script is skipped (automake's 77).
cli_skip()
{
	echo "1..0 # SKIP $1"
	exit 77
}

# cli_run [--in FILE] ARG...: run kpdb, stdin from FILE (default /dev/null).
cli_run()
{
	_in=/dev/null
	if [ "${1:-}" = "--in" ]; then
		_in=$2
		shift 2
	fi
	if command -v timeout >/dev/null 2>&1; then
		timeout -k 5 "$CLI_TIMEOUT" "$KPDB" "$@" <"$_in" >"$cli_out" 2>"$cli_err"
	else
		"$KPDB" "$@" <"$_in" >"$cli_out" 2>"$cli_err"
	fi
	cli_rc=$?
}

# cli_run_intr N ERE [--in FILE] ARG...: cli_run in the background; once N
# lines of its stdout match ERE, Ctrl-C it (SIGINT) and wait for it.
cli_run_intr()
{
	_n=$1 _re=$2 _in=/dev/null _i=0
	shift 2
	if [ "${1:-}" = "--in" ]; then
		_in=$2
		shift 2
	fi
	"$KPDB" "$@" <"$_in" >"$cli_out" 2>"$cli_err" &
	_pid=$!
	while [ "$(grep -Ec -- "$_re" "$cli_out")" -lt "$_n" ] && kill -0 $_pid 2>/dev/null &&
		[ $_i -lt $((CLI_TIMEOUT * 10)) ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	kill -INT $_pid 2>/dev/null
	wait $_pid
	cli_rc=$?
}

# cli_crashed: true (and a reason on stdout) if the last run crashed.
cli_crashed()
{
	if [ "$cli_rc" -eq 124 ] || [ "$cli_rc" -eq 137 ]; then
		echo "timed out after ${CLI_TIMEOUT}s (status $cli_rc)"
	elif [ "$cli_rc" -ge 128 ]; then
		echo "killed by signal $((cli_rc - 128))"
	elif [ "$cli_rc" -eq 97 ]; then
		echo "valgrind reported errors (status 97)"
	elif [ "$cli_rc" -eq 96 ]; then
		echo "sanitizer report (status 96)"
	elif grep -qE 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:|^==[0-9]+== ' \
		"$cli_err"; then
		echo "sanitizer or valgrind report on stderr"
	else
		return 1
	fi
	return 0
}

# cli_expect TITLE STATUS STDERR [STDOUT]: check the last run exactly.
# STDERR and STDOUT are the whole expected texts (without the final
# newline); STDOUT '-' means "not checked".
cli_expect()
{
	_t=$1 _st=$2 _e=$3 _o=${4:--}
	_why=$(cli_crashed) && { cli_not_ok "$_t" "crash: $_why" "stderr:"; cli_show "$cli_err"; return 1; }
	_gote=$(cat "$cli_err")
	_goto=$(cat "$cli_out")
	if [ "$cli_rc" -ne "$_st" ]; then
		cli_not_ok "$_t" "exit status $cli_rc, expected $_st" "stderr:"
		cli_show "$cli_err"
		return 1
	fi
	if [ "$_gote" != "$_e" ]; then
		cli_not_ok "$_t" "stderr differs; expected:" "  $_e" "got:"
		cli_show "$cli_err"
		return 1
	fi
	if [ "$_o" != "-" ] && [ "$_goto" != "$_o" ]; then
		cli_not_ok "$_t" "stdout differs; expected:" "  $_o" "got:"
		cli_show "$cli_out"
		return 1
	fi
	return 0
}

# cli_json_valid FILE: every line of FILE is one JSON value.
cli_json_valid()
{
	if command -v jq >/dev/null 2>&1; then
		jq -e . "$1" >/dev/null 2>&1 || return 1
		# jq accepts a stream; also insist on one value per line
		while IFS= read -r _l; do
			printf '%s\n' "$_l" | jq -e . >/dev/null 2>&1 || return 1
		done <"$1"
	elif command -v python3 >/dev/null 2>&1; then
		python3 -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8", errors="strict"):
    json.loads(line)' "$1" 2>/dev/null || return 1
	fi
	return 0
}

# cli_fixture: fx is the DWARF fixture make check builds (a bail-out without
# it), and the fake /sys and the cache are the test's own: the fixture is not
# the running kernel, there is no build id to compare it with.
cli_fixture()
{
	fx=$top_builddir/tests/fixtures/dwarf-fx-O2
	[ -f "$fx" ] || { echo "Bail out! no fixture '$fx' (make check builds it)"; exit 99; }
	mkdir -p "$cli_tmp/sys"
	KPDB_SYS_DIR=$cli_tmp/sys KPDB_CACHE=$cli_tmp/cache
	export KPDB_SYS_DIR KPDB_CACHE
}

# cli_refused TITLE ERROR ARG...: kpdb, on the fake tracefs $tfs (log $log) and
# the fake /proc $procd, fails with ERROR and writes nothing
cli_refused()
{
	_t=$1 _e=$2
	shift 2
	: >"$log"
	cli_run -q --tracing-dir "$tfs" --proc-dir "$procd" --batch "$@"
	cli_expect "$_t" 1 "$_e" "" && cli_ok "$_t"
	cli_same "$_t: nothing written" "$(faketfs_probe_writes "$log")" ""
}

# cli_fails TITLE ERROR ARG...: kpdb --batch on the fake tracefs $tfs fails
# with ERROR (what it printed before is not checked)
cli_fails()
{
	_t=$1 _e=$2
	shift 2
	cli_run -q --tracing-dir "$tfs" --batch "$@"
	cli_expect "$_t" 1 "$_e" && cli_ok "$_t"
}

# cli_same TITLE GOT EXPECTED: ok when GOT is EXPECTED, else both shown
cli_same()
{
	if [ "$2" = "$3" ]; then
		cli_ok "$1"
	else
		cli_not_ok "$1" "expected:"
		printf '%s\n' "$3" | sed 's/^/#     > /'
		echo "#   got:"
		printf '%s\n' "$2" | sed 's/^/#     < /'
	fi
}

# cli_unpid [FILE]...: a session's own numbers made the same in every run
# (kpdb_PID, its pid in set_event_notrace_pid and in filters)
cli_unpid()
{
	sed -E 's|kpdb_([0-9]+)/set_event_notrace_pid	\1$|kpdb_\1/set_event_notrace_pid	PID|' "$@" |
		sed 's/kpdb_[0-9][0-9]*/kpdb_PID/g; s/common_pid != [0-9][0-9]*/common_pid != PID/g'
}

# cli_check TITLE FILE EXPECTED: FILE, its session numbers made stable, is EXPECTED
cli_check()
{
	cli_same "$1" "$(cli_unpid "$2")" "$3"
}

# cli_fake_tracefs DIR [FUNCTION]...: a plain fake tracefs root.  The
# functions (default: a few syscalls) are the probeable ones.
cli_fake_tracefs()
{
	_d=$1
	shift
	mkdir -p "$_d/events" "$_d/instances" || return 1
	for _f in kprobe_events dynamic_events trace error_log kprobe_profile \
		  available_events; do
		: >"$_d/$_f"
	done
	if [ $# -eq 0 ]; then
		set -- do_sys_open do_sys_openat2 __sys_connect __x64_sys_setuid tcp_sendmsg
	fi
	printf '%s\n' "$@" >"$_d/available_filter_functions"
}

# cli_tracefs DIR [FUNCTION]...: see the header.
cli_tracefs()
{
	cli_tfs=$1
	shift
	if [ $# -eq 0 ]; then
		set -- do_sys_open do_sys_openat2 __sys_connect __x64_sys_setuid tcp_sendmsg
	fi
	printf '%s\n' "$@" >"$cli_tmp/tracefs-functions"
	if [ -z "${CLI_PLAIN_TRACEFS:-}" ] && command -v faketfs_mount >/dev/null 2>&1 &&
	   faketfs_bin >/dev/null 2>&1 && [ -c /dev/fuse ] &&
	   faketfs_mount "$cli_tfs" "$cli_wlog" --functions "$cli_tmp/tracefs-functions" \
		2>"$cli_tmp/faketfs.err"; then
		cli_backend=faketfs
	else
		cli_fake_tracefs "$cli_tfs" "$@" || return 1
		cli_tree_state "$cli_tfs" >"$cli_tmp/tracefs-state"
		cli_backend=plain
	fi
}

cli_untouched()
{
	if [ "$cli_backend" = faketfs ]; then
		[ -s "$cli_wlog" ] || return 0
		head -n 20 "$cli_wlog"
		: >"$cli_wlog"
		return 1
	fi
	cli_tree_state "$cli_tfs" >"$cli_tmp/tracefs-state.now"
	if cmp -s "$cli_tmp/tracefs-state" "$cli_tmp/tracefs-state.now"; then
		return 0
	fi
	diff "$cli_tmp/tracefs-state" "$cli_tmp/tracefs-state.now" | head -n 20
	mv "$cli_tmp/tracefs-state.now" "$cli_tmp/tracefs-state"
	return 1
}

# cli_tree_state DIR: a listing that changes when anything under DIR is written.
cli_tree_state()
{
	(
		cd "$1" || exit 1
		find . -printf '%y %m %s %T@ %p\n' | LC_ALL=C sort
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0r md5sum
	)
}
