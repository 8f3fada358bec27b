#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli-module-dwarf.sh - a module's own DWARF: a relocatable object (what a
# module's .ko debug file is) compiled from the C below.  Its .debug_info
# only makes sense once its relocations are applied, and its functions sit
# at section offsets: the fetchargs must be the ones perf probe -m prints
# for the same object, and a line must land inside its function.

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib-cli.sh"


# out_is TITLE STDOUT: the last run succeeded, silently, and printed STDOUT
out_is()
{
	cli_expect "$1" 0 "" - || return
	if [ "$(cli_unpid "$cli_out")" = "$2" ]; then
		cli_ok "$1"
	else
		cli_not_ok "$1" "stdout differs; expected:" "  $2" "got:"
		cli_show "$cli_out"
	fi
}

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
out_is "an ET_REL object: its relocated DWARF" "p:kpdb_PID/bp1 fxm_probe level=+0(%di):s32 sk_refcnt=+40(+24(%di)):s32 extra=%dx:s64 name=+0(+32(%di)):string
p:kpdb_PID/bp2 fxm_first key=%si:s32
p:kpdb_PID/bp3 fxm_init pad_3=+7(%di):s8
int fxm_probe(p, key, extra)	/* $cli_tmp/fxm.c:9 */
	p                    struct fxm_priv *                %di
	key                  int                              %si
	extra                long int                         %dx"

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

# a module's debug file, found as Debian's -dbg package lays it out: by
# modules.dep (the module is compressed there, its debug file is not) in
# $KPDB_MODULE_DEBUG_DIR, its build id checked against the loaded module's
ko=$cli_tmp/fxm.ko
ld -r --build-id=sha1 "$obj" -o "$ko" 2>/dev/null &&
	objcopy -O binary --only-section=.note.gnu.build-id "$ko" "$cli_tmp/fxm.note" &&
	[ -s "$cli_tmp/fxm.note" ] || { cli_done; exit; }
id=$(od -An -tx1 -j16 "$cli_tmp/fxm.note" | tr -d ' \n')
dbg=$cli_tmp/dbg
mkdir -p "$dbg/kernel/drivers/fx" "$cli_tmp/sys/module/fx_mod/notes"
cp "$ko" "$dbg/kernel/drivers/fx/fx-mod.ko"
printf '%s\n' 'kernel/drivers/fx/other.ko.xz:' 'kernel/drivers/fx/fx-mod.ko.zst: kernel/drivers/fx/other.ko.xz' >"$dbg/modules.dep"
cp "$cli_tmp/fxm.note" "$cli_tmp/sys/module/fx_mod/notes/.note.gnu.build-id"
KPDB_SYS_DIR=$cli_tmp/sys KPDB_MODULE_DEBUG_DIR=$dbg cli_run -q --batch \
	-ex 'info args fx_mod:fxm_probe'
t="the loaded module's DWARF by modules.dep"
if cli_expect "$t" 0 "" "int fxm_probe(p, key, extra)	/* $cli_tmp/fxm.c:9 */
	p                    struct fxm_priv *                %di
	key                  int                              %si
	extra                long int                         %dx"; then
	cli_ok "$t"
fi
KPDB_SYS_DIR=$cli_tmp/sys KPDB_MODULE_DEBUG_DIR=$dbg cli_run -q --dry-run --batch \
	-ex 'bp fx_mod:fxm_probe p->level p->name' -ex 'bp fx_mod:fxm_init p->pad[3]'
out_is "bp MOD:FUNC from the module's DWARF" \
	"p:kpdb_PID/bp1 fx_mod:fxm_probe level=+0(%di):s32 name=+0(+32(%di)):string
p:kpdb_PID/bp2 fx_mod:fxm_init pad_3=+7(%di):s8"

# a line or a file's function in the module: MOD:FILE:LINE, MOD:FUNC:LINE,
# MOD:FILE:FUNC land where the same location does in the object given with -k
cli_run -q --dry-run -k "$obj" --batch -ex 'bp fxm.c:12 p->level' -ex 'bp fxm_probe:2 key'
want=$(sed 's| fxm_| fx_mod:fxm_|' "$cli_out" | cli_unpid)
KPDB_SYS_DIR=$cli_tmp/sys KPDB_MODULE_DEBUG_DIR=$dbg cli_run -q --dry-run --batch \
	-ex 'bp fx_mod:fxm.c:12 p->level' -ex 'bp fx_mod:fxm_probe:2 key' \
	-ex 'bp fx_mod:fxm.c:fxm_first key'
out_is "MOD:FILE:LINE, MOD:FUNC:LINE, MOD:FILE:FUNC" "$want
p:kpdb_PID/bp3 fx_mod:fxm_first key=%si:s32"
KPDB_SYS_DIR=$cli_tmp/sys KPDB_MODULE_DEBUG_DIR=$dbg cli_run -q --dry-run --batch \
	-ex 'bp fx_mod:fxm.c:99'
cli_expect "MOD:FILE:LINE past the code" 1 "error: no code at fxm.c:99" "" &&
	cli_ok "MOD:FILE:LINE past the code"
KPDB_SYS_DIR=$cli_tmp/sys KPDB_MODULE_DEBUG_DIR=$dbg cli_run -q --dry-run --batch \
	-ex 'bp fx_mod:other:fxm.c:12'
cli_expect "two modules" 1 "error: two modules in 'fx_mod:other:fxm.c:12'" "" &&
	cli_ok "two modules"

# a debug file of another build of the module is refused, naming both ids
sed 's/level + key/level - key/' "$cli_tmp/fxm.c" >"$cli_tmp/fxm2.c"
${FIXTURE_CC:-gcc} -g -O2 -fno-asynchronous-unwind-tables -c "$cli_tmp/fxm2.c" -o "$cli_tmp/fxm2.o" &&
	ld -r --build-id=sha1 "$cli_tmp/fxm2.o" -o "$cli_tmp/fxm2.ko"
cp "$cli_tmp/fxm2.ko" "$dbg/kernel/drivers/fx/fx-mod.ko"
other=$(readelf -n "$cli_tmp/fxm2.ko" | sed -n 's/.*Build ID: //p')
KPDB_SYS_DIR=$cli_tmp/sys KPDB_MODULE_DEBUG_DIR=$dbg cli_run -q --batch \
	-ex 'info args fx_mod:fxm_probe'
cli_expect "another build's debug file" 1 "error: '$dbg/kernel/drivers/fx/fx-mod.ko' is not the loaded module 'fx_mod''s debug info: its build id is $other, the module's is $id (install the running kernel's -dbg package or set KPDB_MODULE_DEBUG_DIR)" "" &&
	cli_ok "another build's debug file"

# the tree of an unpacked -dbg package beside the -k vmlinux, without a
# modules.dep: searched for the file
root=$cli_tmp/root/usr/lib/debug
mkdir -p "$root/boot" "$root/lib/modules/9.9.9-fx/kernel/fx"
cp "$top_builddir/tests/fixtures/dwarf-fx-O2" "$root/boot/vmlinux-9.9.9-fx"
cp "$ko" "$root/lib/modules/9.9.9-fx/kernel/fx/fx_mod.ko"
KPDB_SYS_DIR=$cli_tmp/sys cli_run -q --dry-run -k "$root/boot/vmlinux-9.9.9-fx" --batch \
	-ex 'bp fx_mod:fxm_first key'
out_is "the module tree beside the -k vmlinux" "p:kpdb_PID/bp1 fx_mod:fxm_first key=%si:s32"

cli_done
