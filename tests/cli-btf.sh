#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli-btf.sh - BTF mode: the DWARF fixture's types and prototypes encoded as
# BTF by pahole (as the kernel's build does), given with -k or found as
# $KPDB_SYS_DIR/kernel/btf/vmlinux.  What BTF can answer gives the same
# kprobe lines and ptype as DWARF mode; what it cannot (lines, offsets with C
# arguments, inlined functions, syscalls' own functions) is refused with a
# line naming the debug package; a damaged BTF file is a clear error.

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib-cli.sh"

fx=$top_builddir/tests/fixtures/dwarf-fx-O2
[ -f "$fx" ] || cli_skip "no DWARF fixture $fx"
command -v pahole >/dev/null 2>&1 || cli_skip "needs pahole (dwarves) to encode BTF"
btf=$cli_tmp/fx.btf
pahole --btf_encode_detached="$btf" "$fx" >/dev/null 2>&1 && [ -s "$btf" ] ||
	cli_skip "this pahole cannot write detached BTF"
# the converted DWARF is cached here, not in the user's cache
KPDB_CACHE=$cli_tmp/cache
export KPDB_CACHE


# the same commands with DWARF and with BTF: the same output
same_modes()
{
	_t=$1
	shift
	cli_run -q --dry-run -k "$fx" --batch "$@"
	cli_unpid "$cli_out" >"$cli_tmp/dwarf.out"
	_drc=$cli_rc
	cli_run -q --dry-run -k "$btf" --batch "$@"
	cli_unpid "$cli_out" >"$cli_tmp/btf.out"
	if [ "$_drc" -eq 0 ] && [ "$cli_rc" -eq 0 ] && [ -s "$cli_tmp/btf.out" ] &&
	   cmp -s "$cli_tmp/dwarf.out" "$cli_tmp/btf.out"; then
		cli_ok "$_t"
	else
		cli_not_ok "$_t" "status dwarf $_drc, btf $cli_rc; diff dwarf btf:"
		diff "$cli_tmp/dwarf.out" "$cli_tmp/btf.out" | sed 's/^/#     /'
		cli_show "$cli_err"
	fi
}

same_modes "parameters, members, bitfields, strings, stack arguments" \
	-ex 'bp fx_many a7 a8 a1' -ex 'bp fx_sock_use sk->sk_flags sk->sk_name name' \
	-ex 'bp fx_sock_use sk->__sk_common.skc_dport sk->sk_refcnt'
same_modes "casts and the sockaddr format" \
	-ex 'bp fx_connect ((struct fx_sockaddr_in *)uservaddr)->sin_port uservaddr:sockaddr'
same_modes "\$retval typed from the prototype, and :errno" \
	-ex 'bp -r fx_lookup $retval' -ex 'bp -r fx_connect r=$retval:errno'
same_modes "\$params" -ex 'bp fx_connect $params'
same_modes "ptype and offsetof" -ex 'ptype struct fx_sock' -ex 'ptype struct fx_sockaddr_in' \
	-ex 'ptype struct fx_sbits' -ex 'ptype struct fx_packed' \
	-ex 'offsetof struct fx_sock __sk_common.skc_dport'
# BTF does not say where a function is declared: the rest of the line agrees
cli_run -q --dry-run -k "$btf" --batch -ex 'info args fx_connect'
cli_expect "info args" 0 "" "int fx_connect(fd, uservaddr, addrlen)
	fd                   int                              %di
	uservaddr            struct fx_sockaddr *             %si
	addrlen              int                              %dx" && cli_ok "info args"

cli_run -q --dry-run -k "$btf" --batch -ex 'info vmlinux'
grep -q "^Source:    BTF" "$cli_out" && grep -q "^File:      $btf\$" "$cli_out" &&
	cli_ok "info vmlinux says BTF answers" ||
	{ cli_not_ok "info vmlinux says BTF answers"; cli_show "$cli_out"; }

# raw fetchargs need nothing from BTF, at any offset
cli_run -q --dry-run -k "$btf" --batch -ex 'bp fx_connect+4 %di'
grep -q '^p:kpdb_[0-9]*/bp1 fx_connect+4 di=%di$' "$cli_out" &&
	cli_ok "raw fetchargs at an offset" || { cli_not_ok "raw fetchargs at an offset"; cli_show "$cli_out" "$cli_err"; }

# what BTF cannot answer: one line that names what would
refuse()
{
	_t=$1 _want=$2
	shift 2
	cli_run -q --dry-run -k "$btf" --batch "$@"
	if [ "$cli_rc" -eq 1 ] && grep -q -- "$_want" "$cli_err" &&
	   grep -q "BTF only knows function prototypes at their entry: give the DWARF vmlinux of that kernel with -k$" "$cli_err" &&
	   [ "$(wc -l <"$cli_err")" -eq 1 ]; then
		cli_ok "$_t"
	else
		cli_not_ok "$_t" "status $cli_rc, stderr:"
		cli_show "$cli_err"
	fi
}
refuse "refused: an offset with C arguments" "no line information for 'fx_connect+4'" \
	-ex 'bp fx_connect+4 fd'
refuse "refused: SYMBOL:LINE" "no line information" -ex 'bp fx_connect:3 fd'
refuse "refused: an always-inlined function" "no function 'fx_inl_ptr'" -ex 'bp fx_inl_ptr pp'
refuse "refused: a syscall's own function" "no prototype of syscall 'fxcall'" \
	-ex 'info args sys:fxcall'
cli_run -q --dry-run -k "$btf" --batch -ex 'bp fx_connect nosuch'
cli_expect "a name BTF does not know is not a BTF limit" 1 \
	"error: argument 'nosuch': no parameter 'nosuch' in 'fx_connect'" &&
	cli_ok "a name BTF does not know is not a BTF limit"

# without DWARF on the machine, the kernel's own BTF answers (not in a dry run)
mkdir -p "$cli_tmp/sys/kernel/btf"
cp "$btf" "$cli_tmp/sys/kernel/btf/vmlinux"
KPDB_SYS_DIR=$cli_tmp/sys cli_run -q --batch -ex 'info args fx_connect' -ex 'info vmlinux'
grep -q "^File:      $cli_tmp/sys/kernel/btf/vmlinux\$" "$cli_out" &&
	grep -q "the running kernel's own" "$cli_out" && grep -q "^	fd .* %di$" "$cli_out" &&
	cli_ok "found as /sys/kernel/btf/vmlinux" ||
	{ cli_not_ok "found as /sys/kernel/btf/vmlinux" "status $cli_rc"; cli_show "$cli_out" "$cli_err"; }

# a module: its split BTF over the kernel's, as /sys/kernel/btf/MOD
cat >"$cli_tmp/fxmod.c" <<EOF
#include "$top_srcdir/tests/fixtures/dwarf-fixture.h"
struct fxmod_priv { int level; struct fx_sock *owner; };
__attribute__((noinline)) int fxmod_probe(struct fxmod_priv *p, int key)
{
	return p->level + key + p->owner->sk_refcnt.counter;
}
EOF
if ${FIXTURE_CC:-gcc} -g -O2 -c "$cli_tmp/fxmod.c" -o "$cli_tmp/fxmod.o" &&
   pahole --btf_base="$btf" --btf_encode_detached="$cli_tmp/sys/kernel/btf/fxmod" \
	"$cli_tmp/fxmod.o" >/dev/null 2>&1; then
	KPDB_SYS_DIR=$cli_tmp/sys cli_run -q --dry-run --batch -ex 'info args fxmod:fxmod_probe' \
		-ex 'bp fxmod:fxmod_probe p->level p->owner->sk_refcnt key' \
		-ex 'bp nomod:nofunc %di'
	if [ "$cli_rc" -eq 0 ] && [ "$(cli_unpid "$cli_out")" = "int fxmod_probe(p, key)
	p                    struct fxmod_priv *              %di
	key                  int                              %si
p:kpdb_PID/bp1 fxmod:fxmod_probe level=+0(%di):s32 sk_refcnt=+40(+8(%di)):s32 key=%si:s32
p:kpdb_PID/bp2 nomod:nofunc di=%di" ]; then
		cli_ok "module: types from its BTF, a module not loaded takes raw fetchargs"
	else
		cli_not_ok "module: types from its BTF, a module not loaded takes raw fetchargs"
		cli_show "$cli_out" "$cli_err"
	fi
	KPDB_SYS_DIR=$cli_tmp/sys cli_run -q --dry-run --batch -ex 'ptype fxmod:struct fxmod_priv' \
		-ex 'offsetof fxmod:struct fxmod_priv owner' -ex 'offsetof fxmod:fx_sock sk_refcnt'
	if [ "$cli_rc" -eq 0 ] && grep -q '^struct fxmod_priv {' "$cli_out" &&
	   grep -q '^offsetof(fxmod:struct fxmod_priv, owner) = 8 (0x8), size 8, struct fx_sock \*$' "$cli_out" &&
	   grep -q '^offsetof(fxmod:fx_sock, sk_refcnt) = 40 (0x28)' "$cli_out"; then
		cli_ok "module: ptype and offsetof MOD:TYPE, the kernel's types through it"
	else
		cli_not_ok "module: ptype and offsetof MOD:TYPE, the kernel's types through it"
		cli_show "$cli_out" "$cli_err"
	fi
	KPDB_SYS_DIR=$cli_tmp/sys cli_run -q --dry-run --batch -ex 'bp nomod:nofunc arg->x'
	cli_expect "module not loaded: C arguments refused" 1 \
		"error: module 'nomod' is not loaded (no $cli_tmp/sys/kernel/btf/nomod): its types are known once it is; raw fetchargs can be set now, and the kernel keeps them pending until it loads" &&
		cli_ok "module not loaded: C arguments refused"
	# a module's function named alone, live: kallsyms says which module has it
	if command -v faketfs_usable >/dev/null 2>&1 && faketfs_usable; then
		printf '%s\n' fx_connect 'fxmod_probe [fxmod]' >"$cli_tmp/funcs"
		mkdir -p "$cli_tmp/proc"
		printf '%s\n' 'ffffffff81000000 T _text' 'ffffffff81001000 T fx_connect' \
			'ffffffffc0001000 t fxmod_probe	[fxmod]' >"$cli_tmp/proc/kallsyms"
		faketfs_mount "$cli_tmp/tfs" "$cli_tmp/tfs.log" --functions "$cli_tmp/funcs" ||
			exit 99
		KPDB_SYS_DIR=$cli_tmp/sys cli_run -q --tracing-dir "$cli_tmp/tfs" \
			--proc-dir "$cli_tmp/proc" --batch -ex 'bp fxmod_probe p->level key'
		cli_expect "module: FUNC alone is the loaded module's" 0 "" \
			"Breakpoint 1 at fxmod_probe" &&
			cli_ok "module: FUNC alone is the loaded module's"
		[ "$(faketfs_probe_writes "$cli_tmp/tfs.log" | grep '^p:' | cli_unpid)" = \
		  'p:kpdb_PID/bp1 fxmod:fxmod_probe level=+0(%di):s32 key=%si:s32\n' ] &&
			cli_ok "module: FUNC alone is written MOD:FUNC, its types from the module" ||
			{ cli_not_ok "module: FUNC alone is written MOD:FUNC, its types from the module"
			  faketfs_probe_writes "$cli_tmp/tfs.log"; }
	fi
else
	cli_not_ok "module: a split BTF from pahole"
fi

# damaged BTF: a clear error, no crash
head -c 100 "$btf" >"$cli_tmp/short.btf"
cli_run -q --dry-run -k "$cli_tmp/short.btf" --batch -ex 'info args fx_connect'
[ "$cli_rc" -eq 1 ] && grep -q "^error: '$cli_tmp/short.btf' is not valid BTF" "$cli_err" &&
	! cli_crashed >/dev/null && cli_ok "a truncated BTF file" ||
	{ cli_not_ok "a truncated BTF file" "status $cli_rc"; cli_show "$cli_err"; }
{ printf '\237\353\001\000\030\000\000\000'; head -c 2000 /dev/urandom; } >"$cli_tmp/junk.btf"
cli_run -q --dry-run -k "$cli_tmp/junk.btf" --batch -ex 'info args fx_connect'
[ "$cli_rc" -eq 1 ] && grep -q "is not valid BTF" "$cli_err" && ! cli_crashed >/dev/null &&
	cli_ok "BTF magic and garbage" ||
	{ cli_not_ok "BTF magic and garbage" "status $cli_rc"; cli_show "$cli_err"; }

cli_done
