#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# scripts-help.sh - every script a user runs answers --help with its usage,
# exit status 0, and nothing on stderr (kpdb-sandbox's help used to die on
# an unset $retval in its here-document under set -u).

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib-cli.sh"

for s in kpdb-sandbox test-real-kernel fetch-kernel bench-dwarf bench-watch bench-p \
	 census-entry crosscheck-btf crosscheck-perf crosscheck-inline file-cycles; do
	p=$top_srcdir/scripts/$s
	[ -x "$p" ] || { cli_ok "# SKIP $s: not in this tree"; continue; }
	out=$("$p" --help 2>"$cli_tmp/err")
	rc=$?
	if [ "$rc" -eq 0 ] && [ ! -s "$cli_tmp/err" ] && printf '%s\n' "$out" | grep -qiE "usage|scripts/$s"; then
		cli_ok "$s --help"
	else
		cli_not_ok "$s --help" "status $rc"
		cli_show "$cli_tmp/err"
	fi
done
cli_done
