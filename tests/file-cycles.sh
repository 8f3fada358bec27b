#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# file-cycles.sh - the program's files read bottom-up: scripts/file-cycles
# finds no cycle in the graph of which of its object files calls which
# (issue 15), the parser's and the resolver's rooms each and the whole
# program.  A file that calls back into one that calls it has two jobs:
# split it.

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib-cli.sh"

command -v nm >/dev/null 2>&1 || cli_skip "needs nm"
command -v python3 >/dev/null 2>&1 || cli_skip "needs python3"
o=$top_builddir/src/libkpdb_a
[ -f "$o-probe-spec.o" ] && [ -f "$o-dwarf.o" ] || cli_skip "no objects under $top_builddir/src"

# check TITLE OBJECT...
check()
{
	_t=$1
	shift
	if "$top_srcdir/scripts/file-cycles" -v "$@" >"$cli_out" 2>"$cli_err"; then
		cli_ok "no cycle between the $_t's files"
	else
		cli_not_ok "no cycle between the $_t's files"
		cli_show "$cli_out"
		cli_show "$cli_err"
	fi
}
check parser "$o"-probe-*.o
check resolver "$o"-dwarf*.o "$o"-btf.o "$o"-debuginfo*.o
check program "$o"-*.o "$top_builddir"/commands/libkpdb_a-*.o "$top_builddir"/src/kpdb-main.o
# the checker sees a cycle when there is one: an object defining
# dw_func_inlined_only, which dwarf-resolve.o calls, and calling back
# dwarf-resolve.o's dw_make_ctx
printf 'int dw_make_ctx(void);\nint dw_func_inlined_only(void) { return dw_make_ctx(); }\n' \
	>"$cli_tmp/back.c"
if ! ${CC:-cc} -c -o "$cli_tmp/back.o" "$cli_tmp/back.c" 2>"$cli_err"; then
	cli_ok "# SKIP a cycle is found: no C compiler"
elif "$top_srcdir/scripts/file-cycles" "$o"-dwarf-resolve.o "$cli_tmp/back.o" >"$cli_out" 2>&1; then
	cli_not_ok "a cycle is found" "status 0"
	cli_show "$cli_out"
elif grep -q '^back <-> dwarf-resolve$' "$cli_out"; then
	cli_ok "a cycle is found"
else
	cli_not_ok "a cycle is found"
	cli_show "$cli_out"
fi
cli_done
