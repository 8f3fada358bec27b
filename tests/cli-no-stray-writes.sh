#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli-no-stray-writes.sh - kpdb writes nowhere but its tracing directory
# (its own group and instance), the sysrq trigger and its history file
# (issue 6).
#
# Representative sessions run against the FUSE fake tracefs, a fake /proc,
# an empty working directory and a fake $HOME: a --batch session with every
# verb (probes with raw and DWARF arguments, a filter, a kretprobe, bl, bd,
# be, bc, info, ptype, sysrq list and a harmless key, go -t), an interactive
# one through a pseudo-terminal (history), a --keep one followed by
# --cleanup, and a --dry-run one.  Then:
#  - every write the fake tracefs logged is to kprobe_events adding or
#    removing a probe of a kpdb_<pid> group of one of these sessions, or
#    under that session's own instance; no truncation, no global enable;
#  - in the fake /proc only sysrq-trigger changed; the working directory is
#    still empty; in $HOME only the history file changed;
#  - with strace (when kpdb is not run through a wrapper), every successful
#    call that creates, opens for writing, removes or renames a file names a
#    path in one of those places.
# Besides the history file, $HOME may get exactly one other thing, which
# issue 4 asks for ("an index cached on disk by build id"): the DWARF name
# index ~/.cache/kpdb/index/BUILD-ID.idx, written as BUILD-ID.idx.PID.tmp
# and renamed.  Any other name under ~/.cache fails.

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib-cli.sh"

tfs=$cli_tmp/tracing
cli_tracefs "$tfs" __x64_sys_setuid fx_connect fx_many do_sys_open ||
	{ echo "Bail out! cannot make a tracing directory"; exit 99; }
[ "$cli_backend" = faketfs ] || cli_skip "needs the FUSE fake tracefs (tests/lib-faketfs.sh)"

fx=$top_builddir/tests/fixtures/dwarf-fx-O2
[ -f "$fx" ] || fx=""
home=$cli_tmp/home
work=$cli_tmp/cwd
procd=$cli_tmp/proc
mkdir -p "$home" "$work" "$procd/sys/kernel" "$cli_tmp/sys"
echo "echo from an older session" >"$home/.kpdb_history"
echo "# not kpdb's" >"$home/.profile"
echo 1 >"$procd/sys/kernel/sysrq"
: >"$procd/sysrq-trigger"
printf 'ffffffff81000000 T __x64_sys_setuid\n' >"$procd/kallsyms"
echo "6,1,1000,-;an old message" >"$cli_tmp/kmsg"

# kpdb's own environment: a fake $HOME, no override of where it writes
HOME=$home
KPDB_KMSG=$cli_tmp/kmsg
KPDB_SYS_DIR=$cli_tmp/sys
export HOME KPDB_KMSG KPDB_SYS_DIR
unset KPDB_HISTFILE KPDB_CACHE XDG_CACHE_HOME KPDB_VMLINUX

cli_tree_state "$home" >"$cli_tmp/home.before"
cli_tree_state "$procd" >"$cli_tmp/proc.before"

use_strace=""
if command -v strace >/dev/null 2>&1 &&
   [ "$(head -c 4 "$KPDB" 2>/dev/null | od -An -c | tr -d ' ')" = '177ELF' ] &&
   strace -qq -o /dev/null true 2>/dev/null; then
	use_strace=1
fi
echo "# strace: ${use_strace:-not used}"
calls=open,openat,creat,mkdir,mkdirat,rmdir,unlink,unlinkat,rename,renameat,renameat2,link,linkat
calls=$calls,symlink,symlinkat,truncate,chmod,fchmodat,chown,fchownat,lchown,utimensat,mknod,mknodat
n_trace=0

# run [--in FILE] ARG...: kpdb in the empty working directory, under strace.
run()
{
	_in=/dev/null
	if [ "$1" = "--in" ]; then
		_in=$2
		shift 2
	fi
	n_trace=$((n_trace + 1))
	if [ -n "$use_strace" ]; then
		# LeakSanitizer cannot work under ptrace; the other tests check leaks
		(cd "$work" && ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0 \
			strace -f -qq -y -o "$cli_tmp/strace.$n_trace" -e trace=$calls \
			"$KPDB" "$@" <"$_in" >"$cli_out" 2>"$cli_err")
	else
		(cd "$work" && "$KPDB" "$@" <"$_in" >"$cli_out" 2>"$cli_err")
	fi
	cli_rc=$?
}

# ran TITLE: the last run exited 0 with an empty stderr, and did not crash.
ran()
{
	if _why=$(cli_crashed); then
		cli_not_ok "$1" "crash: $_why"
		cli_show "$cli_err"
	elif [ "$cli_rc" -ne 0 ] || [ -s "$cli_err" ]; then
		cli_not_ok "$1" "exit status $cli_rc, stderr:"
		cli_show "$cli_err"
	else
		cli_ok "$1"
	fi
}

# The pids of the sessions, from the groups their `info probes` show.
pids=""
session_pid()
{
	_p=$(sed -n 's/^[0-9]*: [pr][0-9]*:kpdb_\([0-9]*\)\/.*/\1/p' "$cli_out" | head -n 1)
	[ -n "$_p" ] && pids="$pids $_p"
	[ -n "$_p" ]
}

# 1. everything in --batch
{
	echo "bp -n t1 __x64_sys_setuid %di:u32"
	echo "bp -r __x64_sys_setuid ret=\$retval:errno"
	if [ -n "$fx" ]; then
		echo "bp fx_connect fd ((struct fx_sockaddr_in *)uservaddr)->sin_port if fd == 3"
		echo "ptype struct fx_sock"
		echo "info args fx_connect"
	fi
	echo "bl"
	echo "bd 1"
	echo "be *"
	echo "info probes"
	echo "sysrq"
	echo "sysrq h"
	echo "go -t 0.2"
	echo "bc 2"
	echo "set json on"
	echo "bl"
	echo "echo done"
} >"$cli_tmp/session.kpdb"
if [ -n "$fx" ]; then
	run --batch -q -k "$fx" --tracing-dir "$tfs" --proc-dir "$procd" -x "$cli_tmp/session.kpdb"
else
	run --batch -q --tracing-dir "$tfs" --proc-dir "$procd" -x "$cli_tmp/session.kpdb"
fi
ran "a --batch session with every verb"
session_pid || cli_not_ok "the batch session listed its probes"

# 2. at the prompt, through a pseudo-terminal: the history file is written
if command -v script >/dev/null 2>&1; then
	printf 'echo hello\nbp -n t2 __x64_sys_setuid %%di\ninfo probes\nbc *\nquit\n' >"$cli_tmp/typed"
	n_trace=$((n_trace + 1))
	if [ -n "$use_strace" ]; then
		(cd "$work" && ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0 \
			script -qec "strace -f -qq -y -o '$cli_tmp/strace.$n_trace' \
			-e trace=$calls '$KPDB' -q --tracing-dir '$tfs' --proc-dir '$procd'" \
			/dev/null <"$cli_tmp/typed" >"$cli_out" 2>"$cli_err")
	else
		(cd "$work" && script -qec "'$KPDB' -q --tracing-dir '$tfs' --proc-dir '$procd'" \
			/dev/null <"$cli_tmp/typed" >"$cli_out" 2>"$cli_err")
	fi
	cli_rc=$?
	tr -d '\r' <"$cli_out" >"$cli_tmp/typed.out" && mv "$cli_tmp/typed.out" "$cli_out"
	ran "an interactive session"
	sed -n 's/.*\(p:kpdb_[0-9]*\/t2\).*/\1/p' "$cli_out" | head -n 1 >"$cli_tmp/p2"
	p2=$(sed -n 's/p:kpdb_\([0-9]*\)\/t2/\1/p' "$cli_tmp/p2")
	[ -n "$p2" ] && pids="$pids $p2"
	grep -q '^bp -n t2 __x64_sys_setuid %di$' "$home/.kpdb_history" &&
		cli_ok "the history file has the typed commands" ||
		cli_not_ok "the history file has the typed commands"
	grep -q '^echo from an older session$' "$home/.kpdb_history" &&
		cli_ok "the history file kept the older commands" ||
		cli_not_ok "the history file kept the older commands"
else
	echo "# no script(1): the interactive session is skipped"
fi

# 3. --keep leaves a probe behind; --cleanup removes it
run --batch -q --keep --tracing-dir "$tfs" --proc-dir "$procd" \
	-ex "bp -n kept __x64_sys_setuid %di" -ex "info probes"
ran "a --keep session"
session_pid || cli_not_ok "the --keep session listed its probe"
kept=${pids##* }
run -q --cleanup --tracing-dir "$tfs"
ran "--cleanup"
grep -q "kpdb_$kept/kept" "$cli_out" && cli_ok "--cleanup removed the kept probe" ||
	{ cli_not_ok "--cleanup removed the kept probe" "stdout:"; cli_show "$cli_out"; }

# ---- the tracefs write log: our groups and instances only --------------------
cp "$cli_wlog" "$cli_tmp/all-writes"
echo "# sessions:$(for p in $pids; do printf ' kpdb_%s' "$p"; done);" \
	"$(wc -l <"$cli_tmp/all-writes") writes to tracefs"
bad=$cli_tmp/bad-writes
: >"$bad"
while IFS= read -r line; do
	ok=""
	for p in $pids; do
		g=kpdb_$p
		case $line in
		"MKDIR instances/$g"|"RMDIR instances/$g") ok=1 ;;
		"instances/$g/"*|"TRUNC instances/$g/"*) ok=1 ;;
		kprobe_events"	"[pr]":$g/"*|kprobe_events"	"r[0-9]*":$g/"*) ok=1 ;;
		kprobe_events"	-:$g/"*) ok=1 ;;
		dynamic_events"	"[pr]":$g/"*|dynamic_events"	"r[0-9]*":$g/"*) ok=1 ;;
		dynamic_events"	-:$g/"*) ok=1 ;;
		esac
	done
	# one write, one command: a second one would hide after a newline
	case $line in
	*'\n'?*) ok="" ;;
	esac
	[ -n "$ok" ] || printf '%s\n' "$line" >>"$bad"
done <"$cli_tmp/all-writes"
if [ -s "$bad" ]; then
	cli_not_ok "tracefs: only our own groups and instances were written" "other writes:"
	cli_show "$bad"
else
	cli_ok "tracefs: only our own groups and instances were written"
fi
# the sessions did write (else the check above proves nothing)
# shellcheck disable=SC2086
set -- $pids
first=${1:-}
for want in "MKDIR instances/kpdb_$first" "RMDIR instances/kpdb_$first" \
	    "kprobe_events	p:kpdb_$first/t1 __x64_sys_setuid di=%di:u32\\n" \
	    "kprobe_events	-:kpdb_$kept/kept\\n"; do
	if grep -qxF "$want" "$cli_tmp/all-writes"; then
		cli_ok "tracefs log has: $want"
	else
		cli_not_ok "tracefs log has: $want"
	fi
done

# ---- a dry run writes nothing at all ---------------------------------------------
: >"$cli_wlog"
run --batch -q -n --tracing-dir "$tfs" --proc-dir "$procd" \
	-ex "bp __x64_sys_setuid %di" -ex "bl" -ex "sysrq h" -ex "bc 1"
ran "a --dry-run session"
if [ -s "$cli_wlog" ]; then
	cli_not_ok "--dry-run wrote nothing to tracefs" "writes:"
	cli_show "$cli_wlog"
else
	cli_ok "--dry-run wrote nothing to tracefs"
fi

# ---- /proc, the working directory, $HOME --------------------------------------------
cli_tree_state "$procd" >"$cli_tmp/proc.after"
diff "$cli_tmp/proc.before" "$cli_tmp/proc.after" | sed -n 's/^[<>] //p' |
	grep -v '[ /]sysrq-trigger$' >"$cli_tmp/proc.diff"
if [ -s "$cli_tmp/proc.diff" ]; then
	cli_not_ok "proc: only sysrq-trigger changed" "changes:"
	cli_show "$cli_tmp/proc.diff"
else
	cli_ok "proc: only sysrq-trigger changed"
fi
[ "$(cat "$procd/sysrq-trigger")" = h ] && cli_ok "proc: sysrq-trigger got the one key" ||
	cli_not_ok "proc: sysrq-trigger got the one key" "it holds: $(head -c 100 "$procd/sysrq-trigger")"

if [ -z "$(find "$work" -mindepth 1 | head -n 1)" ]; then
	cli_ok "the working directory is untouched"
else
	cli_not_ok "the working directory is untouched" "new:"
	find "$work" -mindepth 1 | sed 's/^/#     /' | head
fi

cli_tree_state "$home" >"$cli_tmp/home.after"
diff "$cli_tmp/home.before" "$cli_tmp/home.after" | sed -n 's/^[<>] //p' |
	grep -v '[ /]\.kpdb_history$' | grep -v '^d [0-9]* [0-9]* [0-9.]* \.$' >"$cli_tmp/home.diff"
idx_re='\./\.cache\(/kpdb\(/index\(/[0-9a-f]\{16,64\}\.idx\)\{0,1\}\)\{0,1\}\)\{0,1\}$'
grep -v "$idx_re" "$cli_tmp/home.diff" >"$cli_tmp/home.other"
if [ -s "$cli_tmp/home.other" ]; then
	cli_not_ok "HOME: only the history file and the index cache changed" "changes:"
	cli_show "$cli_tmp/home.other"
else
	cli_ok "HOME: only the history file and the index cache changed"
fi
if [ -n "$fx" ]; then
	if grep -q '\./\.cache/kpdb/index/[0-9a-f]*\.idx$' "$cli_tmp/home.diff"; then
		cli_ok "HOME: the DWARF index is cached by build id"
	else
		cli_not_ok "HOME: the DWARF index is cached by build id" "no index file:"
		cli_show "$cli_tmp/home.diff"
	fi
fi

# ---- strace: every path kpdb created, wrote, removed or renamed ------------------------
if [ -n "$use_strace" ]; then
	cat "$cli_tmp"/strace.* >"$cli_tmp/strace"
	# successful opens for writing: the path strace -y resolved; other calls: their paths
	awk '
	/^[0-9]+ +(open|openat|creat)\(/ && /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND|creat\(/ {
		if (match($0, /\) = [0-9]+<[^>]*>$/)) {
			s = substr($0, RSTART, RLENGTH); sub(/^\) = [0-9]+</, "", s); sub(/>$/, "", s)
			print s
		}
		next
	}
	/^[0-9]+ +(mkdir|mkdirat|rmdir|unlink|unlinkat|rename|renameat|renameat2|link|linkat|symlink|symlinkat|truncate|chmod|fchmodat|chown|fchownat|lchown|utimensat|mknod|mknodat)\(/ && / = 0$/ {
		line = $0
		while (match(line, /"[^"]*"/)) {
			print substr(line, RSTART + 1, RLENGTH - 2)
			line = substr(line, RSTART + RLENGTH)
		}
	}' "$cli_tmp/strace" | sort -u >"$cli_tmp/paths"
	: >"$cli_tmp/paths.bad"
	: >"$cli_tmp/paths.cache"
	while IFS= read -r path; do
		case $path in
		"$tfs"/*|"$procd/sysrq-trigger"|"$home/.kpdb_history"*) ;;
		/dev/null|/dev/tty|/dev/pts/*|/dev/ptmx) ;;
		"$home/.cache"|"$home/.cache/kpdb"|"$home/.cache/kpdb/index"|\
		"$home/.cache/kpdb/index/"*.idx|"$home/.cache/kpdb/index/"*.idx.[0-9]*.tmp)
			echo "$path" >>"$cli_tmp/paths.cache" ;;
		*) echo "$path" >>"$cli_tmp/paths.bad" ;;
		esac
	done <"$cli_tmp/paths"
	echo "# strace: $(wc -l <"$cli_tmp/paths") paths written"
	if [ ! -s "$cli_tmp/paths" ]; then
		cli_not_ok "strace saw the writes" "no write at all: is the trace working?"
	elif [ -s "$cli_tmp/paths.bad" ]; then
		cli_not_ok "strace: nothing written outside tracefs, sysrq-trigger, history, index cache" \
			"other paths:"
		cli_show "$cli_tmp/paths.bad"
	else
		cli_ok "strace: nothing written outside tracefs, sysrq-trigger, history, index cache"
	fi
fi

cli_done
