# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
#
# lib-faketfs.sh - mount the FUSE fake tracefs (tests/faketfs) in a test.
#
#   . "$top_srcdir/tests/lib-faketfs.sh"
#   faketfs_usable || exit 77
#   faketfs_mount "$tmp/tfs" "$tmp/log" --functions "$tmp/funcs" || exit 99
#   "$KPDB" --tracing-dir "$tmp/tfs" ...
#   faketfs_probe_writes "$tmp/log"     # what was written to kprobe_events
#
# Every mount is undone when the script exits, however it exits: an EXIT
# trap (and INT/TERM/HUP/PIPE traps that exit through it) calls faketfs_cleanup.
# A script with its own EXIT trap sets FAKETFS_NO_TRAP=1 before sourcing
# this file and calls faketfs_cleanup from its trap.  The daemons also run
# with auto_unmount, so a killed daemon takes its mount with it.
#
# The log has one line per write(2) under the mount: "PATH<TAB>DATA", PATH
# relative to the mount, DATA with \ newline tab and other control bytes
# written as \\ \n \t \xHH; "MKDIR PATH", "RMDIR PATH", and "TRUNC PATH"
# for an O_TRUNC open of a file where that means something (kprobe_events,
# dynamic_events, error_log, trace, set_event, trigger, ...).  Writes to the
# control files under .faketfs/ are not logged.
#
# Functions:
#   faketfs_bin                 path of the faketfs binary (status 1: not built)
#   faketfs_usable              status 0 if FUSE can be mounted here
#   faketfs_mount DIR LOG [OPT]...
#                               mount at DIR (created), log to LOG (emptied);
#                               OPT: --functions FILE, --fail-on SYM, --cpus N
#   faketfs_umount DIR          unmount DIR and wait for its daemon
#   faketfs_cleanup             unmount everything this script mounted
#   faketfs_writes LOG [ERE]    DATA of the writes whose PATH matches ERE
#                               (anchored; default: every write)
#   faketfs_probe_writes LOG    DATA of the writes to kprobe_events or
#                               dynamic_events (libtracefs picks either)
#   faketfs_set_hits DIR GRP/EV HITS MISSES
#                               what kprobe_profile shows for that probe
#   faketfs_set_busy DIR GRP/EV 0|1
#                               mark the probe as used by perf/BPF (EBUSY)

: "${top_builddir:=.}"
faketfs_mounts=""	# "DIR:PID" words

faketfs_bin()
{
	for _fb in "${FAKETFS:-}" "$top_builddir/tests/faketfs/faketfs"; do
		if [ -n "$_fb" ] && [ -x "$_fb" ]; then
			echo "$_fb"
			return 0
		fi
	done
	return 1
}

# A real trial mount: /dev/fuse may exist where mounting is still refused
# (unprivileged containers, no fusermount3).
faketfs_usable()
{
	[ -c /dev/fuse ] || return 1
	command -v fusermount3 >/dev/null 2>&1 || return 1
	faketfs_bin >/dev/null || return 1
	_fu_dir=$(mktemp -d "${TMPDIR:-/tmp}/faketfs-probe.XXXXXX") || return 1
	if faketfs_mount "$_fu_dir/m" /dev/null 2>/dev/null; then
		faketfs_umount "$_fu_dir/m"
		rm -rf "$_fu_dir"
		return 0
	fi
	rm -rf "$_fu_dir"
	return 1
}

# A zombie still answers kill -0: look at its state.
_faketfs_alive()
{
	[ -r "/proc/$1/stat" ] || return 1
	_fa_state=$(sed 's/.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
	[ "$_fa_state" != Z ]
}

_faketfs_mounted()
{
	_fm_real=$(cd "$1" 2>/dev/null && pwd -P) || return 1
	grep -q " $_fm_real fuse.faketfs " /proc/mounts 2>/dev/null
}

faketfs_mount()
{
	_fm_dir=$1 _fm_log=$2
	shift 2
	_fm_bin=$(faketfs_bin) || { echo "faketfs: binary not built" >&2; return 1; }
	mkdir -p "$_fm_dir" || return 1
	[ "$_fm_log" = /dev/null ] || : >"$_fm_log" || return 1
	# foreground daemon in the background: its pid is ours to wait for
	"$_fm_bin" "$_fm_dir" -f --log "$_fm_log" "$@" </dev/null >"$_fm_dir.faketfs.err" 2>&1 &
	_fm_pid=$!
	faketfs_mounts="$faketfs_mounts $_fm_dir:$_fm_pid"
	_fm_i=0
	while [ "$_fm_i" -lt 100 ]; do
		if _faketfs_mounted "$_fm_dir"; then
			rm -f "$_fm_dir.faketfs.err"
			return 0
		fi
		_faketfs_alive "$_fm_pid" || break
		sleep 0.05
		_fm_i=$((_fm_i + 1))
	done
	cat "$_fm_dir.faketfs.err" >&2
	rm -f "$_fm_dir.faketfs.err"
	faketfs_umount "$_fm_dir"
	return 1
}

faketfs_umount()
{
	_fu_want=$1 _fu_keep=""
	for _fu_w in $faketfs_mounts; do
		_fu_d=${_fu_w%:*} _fu_p=${_fu_w##*:}
		if [ "$_fu_d" != "$_fu_want" ]; then
			_fu_keep="$_fu_keep $_fu_w"
			continue
		fi
		if _faketfs_mounted "$_fu_d" && ! fusermount3 -u "$_fu_d" 2>/dev/null &&
		   fusermount3 -uz "$_fu_d" 2>/dev/null; then
			# Busy (an open file, a cwd): detached now; the daemon ends when
			# the last file closes, which may be this shell's own at exit.
			continue
		fi
		_fu_i=0
		while _faketfs_alive "$_fu_p" && [ "$_fu_i" -lt 100 ]; do
			sleep 0.05
			_fu_i=$((_fu_i + 1))
		done
		# only our own daemon, by its pid, if unmounting did not stop it
		_faketfs_alive "$_fu_p" && kill "$_fu_p" 2>/dev/null
		wait "$_fu_p" 2>/dev/null
	done
	faketfs_mounts=$_fu_keep
}

faketfs_cleanup()
{
	# a cwd inside a mount would keep it busy
	cd / || :
	for _fc_w in $faketfs_mounts; do
		faketfs_umount "${_fc_w%:*}"
	done
}

faketfs_writes()
{
	awk -F '\t' -v re="^(${2:-.*})\$" 'NF >= 2 && $1 ~ re { sub(/^[^\t]*\t/, ""); print }' "$1"
}

faketfs_probe_writes()
{
	faketfs_writes "$1" 'kprobe_events|dynamic_events'
}

faketfs_set_hits()
{
	printf '%s %s %s\n' "$2" "$3" "$4" >"$1/.faketfs/hits"
}

faketfs_set_busy()
{
	printf '%s %s\n' "$2" "$3" >"$1/.faketfs/busy"
}

if [ -z "${FAKETFS_NO_TRAP:-}" ]; then
	trap faketfs_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	trap 'exit 129' HUP
	trap 'exit 141' PIPE	# "| head" must not leave a mount behind
fi
