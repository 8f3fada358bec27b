#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli-debuginfod.sh - debug info by build id: with no vmlinux on the machine
# and $DEBUGINFOD_URLS set, kpdb fetches the running kernel's (here: the
# DWARF fixture's, whose build id a fake /sys/kernel/notes carries) from a
# real debuginfod server started on 127.0.0.1, into the client's cache, and
# uses it; with the server down it says why in one line and falls back to
# the kernel's BTF.

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib-cli.sh"

fx=$top_builddir/tests/fixtures/dwarf-fx-O2
[ -f "$fx" ] || cli_skip "no DWARF fixture $fx"
command -v debuginfod >/dev/null 2>&1 || cli_skip "needs debuginfod (apt-get install debuginfod)"
command -v pahole >/dev/null 2>&1 || cli_skip "needs pahole (dwarves) to encode BTF"
command -v readelf >/dev/null 2>&1 || cli_skip "needs readelf"

id=$(readelf -n "$fx" | sed -n 's/^ *Build ID: *\([0-9a-f]*\)$/\1/p')
[ -n "$id" ] || cli_skip "the fixture has no build id"

# the "machine": its notes carry the fixture's build id, its BTF the fixture's types
sys=$cli_tmp/sys
mkdir -p "$sys/kernel/btf" "$cli_tmp/srv"
pahole --btf_encode_detached="$sys/kernel/btf/vmlinux" "$fx" >/dev/null 2>&1 ||
	cli_skip "this pahole cannot write detached BTF"
# an Elf_Nhdr: namesz 4, descsz, type 3 (NT_GNU_BUILD_ID), "GNU\0", the id
{
	printf '\004\000\000\000'
	printf "\\$(printf %03o $(( ${#id} / 2 )))\\000\\000\\000"
	printf '\003\000\000\000GNU\000'
	i=0
	while [ $i -lt ${#id} ]; do
		printf "\\$(printf %03o "0x$(echo "$id" | cut -c$((i + 1))-$((i + 2)))")"
		i=$((i + 2))
	done
} >"$sys/kernel/notes"
cp "$fx" "$cli_tmp/srv/vmlinux-fixture"
KPDB_SYS_DIR=$sys KPDB_CACHE=$cli_tmp/cache
export KPDB_SYS_DIR KPDB_CACHE

port=$((20000 + $$ % 20000))
debuginfod -p "$port" -d "$cli_tmp/db.sqlite" -F -t 0 -g 0 "$cli_tmp/srv" \
	>"$cli_tmp/debuginfod.log" 2>&1 &
srv=$!
trap 'kill $srv 2>/dev/null; cli_cleanup' EXIT INT TERM
# the server has scanned the file when it serves it (each try with a cache
# of its own: the client remembers a miss)
ready=0
for i in $(seq 1 100); do
	if DEBUGINFOD_URLS=http://127.0.0.1:$port DEBUGINFOD_CACHE_PATH=$cli_tmp/probe$i \
	   debuginfod-find debuginfo "$id" >/dev/null 2>&1; then
		ready=1
		break
	fi
	sleep 0.2
done
[ $ready = 1 ] || { tail -n 20 "$cli_tmp/debuginfod.log"; cli_skip "debuginfod did not serve the fixture"; }

DEBUGINFOD_URLS=http://127.0.0.1:$port DEBUGINFOD_CACHE_PATH=$cli_tmp/dcache \
	cli_run -q --batch -ex 'info vmlinux' -ex 'info args fx_connect'
if [ "$cli_rc" -eq 0 ] && grep -q "^File:      $cli_tmp/dcache/$id/debuginfo\$" "$cli_out" &&
   grep -q "^Build id:  $id\$" "$cli_out" && grep -q "^Matches:   yes\$" "$cli_out" &&
   grep -q '^int fx_connect(fd, uservaddr, addrlen)	/\* .*dwarf-fixture.c:[0-9]* \*/$' "$cli_out"; then
	cli_ok "the vmlinux by build id from debuginfod, DWARF answers"
else
	cli_not_ok "the vmlinux by build id from debuginfod, DWARF answers" "status $cli_rc"
	cli_show "$cli_out" "$cli_err"
fi
[ -s "$cli_tmp/dcache/$id/debuginfo" ] && cli_ok "kept in the client's cache" ||
	cli_not_ok "kept in the client's cache"

# the server goes away: one line says why, the kernel's BTF answers
kill $srv
wait $srv 2>/dev/null
DEBUGINFOD_URLS=http://127.0.0.1:$port DEBUGINFOD_CACHE_PATH=$cli_tmp/dcache2 \
	DEBUGINFOD_TIMEOUT=5 cli_run -q --batch -ex 'info vmlinux'
if [ "$cli_rc" -eq 0 ] && grep -q "^Source:    BTF" "$cli_out" &&
   [ "$(wc -l <"$cli_err")" -eq 1 ] &&
   grep -q "^kpdb: no vmlinux of build id $id from DEBUGINFOD_URLS: .*; using the kernel's BTF\$" \
	"$cli_err"; then
	cli_ok "server down: one line, then BTF"
else
	cli_not_ok "server down: one line, then BTF" "status $cli_rc"
	cli_show "$cli_out" "$cli_err"
fi

cli_done
