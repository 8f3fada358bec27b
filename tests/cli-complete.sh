#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli-complete.sh - tab completion at the (kpdb) prompt, typed through a
# terminal with expect: command names, kernel functions (the tracing
# directory's available_filter_functions), always-inlined functions (from
# the debug info: they have no symbol, so the kernel's list lacks them),
# and a probe's parameters and member paths.  Each case types a prefix and
# TAB, checks what the line became, and erases it (Ctrl-U).

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib-cli.sh"

command -v expect >/dev/null 2>&1 || cli_skip "needs expect"
fx=$top_builddir/tests/fixtures/dwarf-fx-O2
[ -f "$fx" ] || cli_skip "no DWARF fixture $fx"
tfs=$cli_tmp/tracing
cli_tracefs "$tfs" fx_connect fx_many fx_sock_use do_sys_open ||
	{ echo "Bail out! cannot make a tracing directory"; exit 99; }

# CASE: TITLE, TYPED (before the TAB), a regexp the echoed line must match
cat >"$cli_tmp/cases" <<'CASES'
a command|bre|bre
a command by its prefix|sysr|sysrq
a kernel function|bp fx_con|bp fx_connect
a function after -n NAME|bp -n x fx_sock_|bp -n x fx_sock_use
an always-inlined function|bp fx_inl_p|bp fx_inl_ptr
a parameter|bp fx_connect user|bp fx_connect uservaddr
a member path|bp fx_connect uservaddr->sa_f|uservaddr->sa_family
a member through an anonymous union|bp fx_sock_use sk->__sk_common.skc_dp|skc_dport
a parameter of an inlined function|bp fx_inl_ptr p|bp fx_inl_ptr pp
the function of lat|lat fx_sock_|lat fx_sock_use
CASES

cat >"$cli_tmp/complete.exp" <<'EXP'
set timeout $env(CLI_EXPECT_TIMEOUT)
log_user 0
spawn -noecho {*}$env(KPDB_CMD)
expect {
	"(kpdb) " {}
	timeout { puts "NOPROMPT"; exit 1 }
}
set f [open $env(CASES)]
while {[gets $f line] >= 0} {
	lassign [split $line |] title typed want
	send -- "$typed\t"
	set got "?"
	expect {
		-re "$want" { set got ok }
		timeout { set got timeout }
	}
	puts "CASE $got $title"
	send -- "\025"
	sleep 0.2
	expect -re ".*"
}
close $f
send -- "quit\r"
expect eof
EXP

# the words kpdb is started with, as one Tcl list; the fixture is not the
# running kernel: no build id to compare it with (an empty sys directory)
mkdir -p "$cli_tmp/sys"
KPDB_CMD="$KPDB --tracing-dir $tfs -k $fx -q"
CASES=$cli_tmp/cases
CLI_EXPECT_TIMEOUT=${CLI_EXPECT_TIMEOUT:-30}
KPDB_HISTFILE=$cli_tmp/history KPDB_SYS_DIR=$cli_tmp/sys KPDB_CACHE=$cli_tmp/cache
export KPDB_CMD CASES CLI_EXPECT_TIMEOUT KPDB_HISTFILE KPDB_SYS_DIR KPDB_CACHE
expect "$cli_tmp/complete.exp" >"$cli_out" 2>"$cli_err"
rc=$?
n=0
while IFS= read -r line; do
	case $line in
	"CASE ok "*) cli_ok "completes ${line#CASE ok }"; n=$((n + 1)) ;;
	"CASE "*) _t=${line#CASE }; cli_not_ok "completes ${_t#* }" "${_t%% *}"; n=$((n + 1)) ;;
	esac
done <"$cli_out"
[ "$n" -eq "$(wc -l <"$cli_tmp/cases")" ] ||
	{ cli_not_ok "every case ran" "expect status $rc:"; cli_show "$cli_out"; cli_show "$cli_err"; }
cli_untouched >/dev/null || cli_not_ok "completion wrote nothing to tracefs"
cli_done
