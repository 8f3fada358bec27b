#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli-module-dwarf.sh - a module's own DWARF: a relocatable object (what a
# module's .ko debug file is) compiled from the C below.  Its .debug_info
# only makes sense once its relocations are applied, and its functions sit
# at section offsets: the fetchargs must be the ones perf probe -m prints
# for the same object, and a line must land inside its function.

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib-cli.sh"

unpid() { sed 's/kpdb_[0-9][0-9]*/kpdb_PID/g' "$@"; }

# two functions in .text (the second at an offset), one in .init.text as a
# module's init function is; strings and types through relocations.  No
# .eh_frame, as in the kernel's build: perf probe unwinds with .debug_frame.
cat >"$cli_tmp/fxm.c" <<EOF2
#include "$top_srcdir/tests/fixtures/dwarf-fixture.h"
struct fxm_priv { int level; char pad[20]; struct fx_sock *owner; const char *name; };
static int counter;
__attribute__((noinline)) int fxm_first(struct fxm_priv *p, int key)
{
	counter += key;
	return p->level + key;
}
__attribute__((noinline)) int fxm_probe(struct fxm_priv *p, int key, long extra)
{
	counter++;
	return p->level + key + p->owner->sk_refcnt.counter + (int)extra + p->name[0];
}
__attribute__((noinline, section(".init.text"))) int fxm_init(struct fxm_priv *p)
{
	return fxm_probe(p, 3, 4) + p->pad[3];
}
EOF2
obj=$cli_tmp/fxm.o
${FIXTURE_CC:-gcc} -g -O2 -fno-asynchronous-unwind-tables -c "$cli_tmp/fxm.c" -o "$obj" ||
	cli_skip "cannot compile the module fixture"

# the object given with -k: symbols and DWARF agree on where functions are
cli_run -q --dry-run -k "$obj" --batch \
	-ex 'bp fxm_probe p->level p->owner->sk_refcnt extra p->name' \
	-ex 'bp fxm_first key' -ex 'bp fxm_init p->pad[3]' -ex 'info args fxm_probe'
t="an ET_REL object: its relocated DWARF"
if cli_expect "$t" 0 "" - &&
   [ "$(unpid "$cli_out")" = "p:kpdb_PID/bp1 fxm_probe level=+0(%di):s32 sk_refcnt=+40(+24(%di)):s32 extra=%dx:s64 name=+0(+32(%di)):string
p:kpdb_PID/bp2 fxm_first key=%si:s32
p:kpdb_PID/bp3 fxm_init pad_3=+7(%di):s8
int fxm_probe(p, key, extra)	/* $cli_tmp/fxm.c:9 */
	p                    struct fxm_priv *                %di
	key                  int                              %si
	extra                long int                         %dx" ]; then
	cli_ok "$t"
else
	cli_not_ok "$t"
	cli_show "$cli_out"
fi

# perf probe -m OBJECT -D, the oracle: the same location and, per argument,
# the same fetch and width (perf names and signs some types its own way)
fetches()
{
	sed -e 's/^[^ ]* //' -e 's|^[^ ]*:\([A-Za-z_]\)|\1|' -e 's/+0\( \|$\)/\1/' | tr ' ' '\n' |
		sed -e 's/^[^=]*=//' -e 's/:[a-z]*\([0-9]*\)$/:\1/' -e 's/:string$/:s/'
}
if command -v perf >/dev/null 2>&1 &&
   perf probe -m "$obj" -D 'fxm_first key' >/dev/null 2>&1; then
	for spec in 'fxm_probe p->level p->owner->sk_refcnt extra p->name:string' \
		'fxm_first key' 'fxm_init p->pad[3]' 'fxm.c:12 p->level' 'fxm.c:7 key'; do
		t="as perf probe -m: $spec"
		want=$(perf probe -m "$obj" -D "$spec" 2>/dev/null | fetches)
		cli_run -q --dry-run -k "$obj" --batch -ex "bp $spec"
		got=$(fetches <"$cli_out")
		if [ "$cli_rc" -eq 0 ] && [ -n "$want" ] && [ "$got" = "$want" ]; then
			cli_ok "$t"
		else
			cli_not_ok "$t" "perf: $(echo $want)" "kpdb: $(echo $got)"
			cli_show "$cli_err"
		fi
	done
fi

cli_done
