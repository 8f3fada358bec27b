#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli-bp-kernel.sh - what bp says about the running kernel's functions, and
# how bl/bc/be/bd show and take breakpoints (issue 11, items 7, 14, 15),
# against the FUSE fake tracefs, a fake /proc/kallsyms and a fake debugfs:
#   - a notrace function (in kallsyms, not in available_filter_functions)
#     and one on the kprobe blacklist (debugfs's list, the image's own table,
#     or the noinstr text between kallsyms' bounds) are refused before
#     anything is written (a dry run: from the image's table), with
#     what to probe instead when the debug info knows it (a stub's callee);
#   - after the kernel's bare "Failed to register probe event", where to look;
#   - a loaded module's function: raw probes work with vmlinux's debug info
#     loaded, C expressions say which module has it;
#   - a function with a symbol and inlined copies: bp says the copies are
#     not probed;
#   - bl's columns grow with the counts; bc/be/bd take several numbers.
# The DWARF fixture is compiled here (gcc), its recipe below.

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib-cli.sh"

command -v faketfs_usable >/dev/null 2>&1 && faketfs_usable ||
	cli_skip "the FUSE fake tracefs cannot be mounted here"
command -v gcc >/dev/null 2>&1 || cli_skip "no gcc to compile the fixture"

cat >"$cli_tmp/fx.c" <<'EOF'
volatile int sink;

/* partly inlined: a symbol (its address is taken) and two inlined copies */
static inline int fx_part(int v)
{
	sink = v * 3;
	return v + sink;
}
int (*fx_part_ptr)(int) = fx_part;
int __attribute__((noinline)) fx_pcall1(int a) { return fx_part(a) + 1; }
int __attribute__((noinline)) fx_pcall2(int a) { return fx_part(a * 2) + 2; }

/* a stub, as dev_queue_xmit: an inline function's out-of-line copy only calls another */
int __attribute__((noinline)) __fx_xmit(int *skb, void *dev)
{
	sink = *skb;
	return dev != 0;
}
static inline int fx_xmit(int *skb) { return __fx_xmit(skb, 0); }
int (*fx_xmit_ptr)(int *) = fx_xmit;

/*
 * on the kprobe blacklist as NOKPROBE_SYMBOL() puts it there: its address
 * in a table that the linker's __start_/__stop_ symbols bound
 */
int __attribute__((noinline)) fx_nokprobe(int a) { return a + sink; }
static unsigned long __attribute__((section("kprobe_blacklist"), used)) fx_kbl =
	(unsigned long)fx_nokprobe;
extern unsigned long __start_kprobe_blacklist[], __stop_kprobe_blacklist[];

int main(void)
{
	int x = 1;

	return fx_pcall1(sink) + fx_pcall2(sink) + fx_part_ptr(1) + fx_xmit_ptr(&x) +
	       fx_nokprobe(1) + (int)(__stop_kprobe_blacklist - __start_kprobe_blacklist);
}
EOF
fx=$cli_tmp/fx
# not PIE: the table holds the addresses themselves, as vmlinux's does
gcc -g -gdwarf-5 -O2 -fno-lto -no-pie -o "$fx" "$cli_tmp/fx.c" 2>"$cli_tmp/cc.err" ||
	{ cat "$cli_tmp/cc.err"; cli_skip "gcc cannot build the fixture"; }

# the fixture is not the running kernel: no build id to compare it with
sys=$cli_tmp/sys
mkdir -p "$sys"
KPDB_SYS_DIR=$sys KPDB_CACHE=$cli_tmp/cache
export KPDB_SYS_DIR KPDB_CACHE

# the kernel: what ftrace can trace, what kallsyms has
funcs=$cli_tmp/funcs
printf '%s\n' __sys_connect fx_part fx_pcall1 fx_pcall2 __fx_xmit fx_black fx_fails fx_nokprobe \
	'virtio_queue_rq [virtio_blk]' >"$funcs"
procd=$cli_tmp/proc
mkdir -p "$procd"
cat >"$procd/kallsyms" <<'EOF'
ffffffff81000000 T __noinstr_text_start
ffffffff81000010 T fx_noinstr
ffffffff81000100 T __noinstr_text_end
ffffffff81001000 T __sys_connect
ffffffff81002000 t fx_notrace
ffffffff81003000 t fx_xmit
ffffffff81004000 T __fx_xmit
ffffffff81005000 T fx_black
ffffffff81006000 t fx_part
ffffffff81007000 T fx_fails
ffffffff83000000 T _sinittext
ffffffff83000100 t fx_init
ffffffff83001000 T _einittext
ffffffffc0001000 t virtio_queue_rq	[virtio_blk]
EOF
tfs=$cli_tmp/tfs
log=$cli_tmp/log
faketfs_mount "$tfs" "$log" --functions "$funcs" --fail-on fx_fails || exit 99


# ---- refused before anything is written (item 14) -------------------------------
cli_refused "a notrace function" \
	"error: 'fx_notrace' is a notrace function (in kallsyms, not in \
available_filter_functions): the kernel refuses kprobe events on it" -ex 'bp fx_notrace %di'
cli_refused "a notrace stub: what to probe instead, from the debug info" \
	"error: 'fx_xmit' is a notrace function (in kallsyms, not in \
available_filter_functions): the kernel refuses kprobe events on it; probe '__fx_xmit' instead: \
'fx_xmit' only calls it" -k "$fx" -ex 'bp fx_xmit skb'
cli_refused "noinstr text is on the kprobe blacklist" \
	"error: 'fx_noinstr' is in the kernel's noinstr text, which is on the kprobe blacklist: \
the kernel refuses to probe it" -ex 'bp fx_noinstr'
cli_refused "init text, freed after boot" \
	"error: 'fx_init' is in the kernel's init text, freed after boot: there is nothing left to \
probe" -ex 'bp fx_init'
cli_refused "a return probe on the blacklist" \
	"error: 'fx_noinstr' is in the kernel's noinstr text, which is on the kprobe blacklist: \
the kernel refuses to probe it" -ex 'bp -r fx_noinstr'
mkdir -p "$sys/kernel/debug/kprobes"
printf '0xffffffff81005000-0xffffffff81005040\tfx_black\n' >"$sys/kernel/debug/kprobes/blacklist"
cli_refused "debugfs's kprobe blacklist" \
	"error: 'fx_black' is on the kernel's kprobe blacklist: the kernel refuses to probe it" \
	-ex 'bp fx_black+4'
cli_refused "the image's own kprobe blacklist, debugfs not mounted" \
	"error: 'fx_nokprobe' is on the kernel's kprobe blacklist: the kernel refuses to probe it" \
	-k "$fx" -ex 'bp fx_nokprobe a'
cli_run -q -n -k "$fx" --batch -ex 'bp fx_nokprobe'
cli_expect "a dry run knows the blacklist of the image given with -k" 1 \
	"error: 'fx_nokprobe' is on the kernel's kprobe blacklist: the kernel refuses to probe it" "" &&
	cli_ok "a dry run knows the blacklist of the image given with -k"
# debugfs's list is the whole truth when it can be read
: >"$log"
cli_run -q --tracing-dir "$tfs" --proc-dir "$procd" --batch -ex 'bp __sys_connect'
cli_expect "a traceable function off the blacklist is probed" 0 "" "Breakpoint 1 at __sys_connect" &&
	cli_ok "a traceable function off the blacklist is probed"
rm -r "$sys/kernel"

# ---- after the kernel's bare failure (item 14) ----------------------------------
cli_run -q --tracing-dir "$tfs" --proc-dir "$procd" --batch -ex 'bp fx_fails'
if [ "$cli_rc" -eq 1 ] &&
   [ "$(head -n 1 "$cli_err")" = "error: the kernel rejected the probe definition: Failed to register probe event" ] &&
   [ "$(tail -n 1 "$cli_err")" = "the kernel refuses kprobes on notrace functions and on those of its kprobe blacklist: its log (dmesg) says which" ]; then
	cli_ok "the kernel's bare failure: its words, then where to look"
else
	cli_not_ok "the kernel's bare failure: its words, then where to look"
	cli_show "$cli_err"
fi

# ---- a loaded module's function (item 14) --------------------------------------
: >"$log"
cli_run -q -k "$fx" --tracing-dir "$tfs" --proc-dir "$procd" --batch \
	-ex 'bp fx_pcall1 a' -ex 'bp virtio_queue_rq %di'
cli_expect "a module's function, raw, with vmlinux's debug info loaded" 0 "" "Breakpoint 1 at fx_pcall1
Breakpoint 2 at virtio_queue_rq" && cli_ok "a module's function, raw, with vmlinux's debug info loaded"
cli_same "a module's function named alone is written MOD:SYMBOL" \
	"$(faketfs_probe_writes "$log" | grep '^p:.*virtio' | sed 's/kpdb_[0-9]*/kpdb_PID/')" \
	"p:kpdb_PID/bp2 virtio_blk:virtio_queue_rq di=%di\\n"
mkdir -p "$sys/module/virtio_blk"
cli_run -q -k "$fx" --tracing-dir "$tfs" --proc-dir "$procd" --batch -ex 'bp virtio_queue_rq hctx'
cli_expect "a module's function with a C expression, the module without BTF" 1 \
	"error: module 'virtio_blk' is loaded but has no BTF (no $sys/kernel/btf/virtio_blk): C \
arguments need its types; raw fetchargs work" "" &&
	cli_ok "a module's function with a C expression, the module without BTF"
rmdir "$sys/module/virtio_blk" "$sys/module"

# ---- a function with a symbol and inlined copies (item 7, issue 16) ---------------
# probed at its symbol and at each inlined copy, as perf probe does: one breakpoint
: >"$log"
cli_run -q -k "$fx" --tracing-dir "$tfs" --proc-dir "$procd" --batch -ex 'bp fx_part' -ex 'bl' \
	-ex 'bc 1'
cli_expect "partly inlined: the symbol and the copies, one breakpoint" 0 "" \
	"Breakpoint 1 at fx_part: 1 symbol + 2 inlined sites
Num  Type      Enb   Hits   Miss Where                    What
1    kprobe    y        0      0 fx_part (3 sites)        
Breakpoint 1 cleared" && cli_ok "partly inlined: the symbol and the copies, one breakpoint"
cli_same "partly inlined: the symbol and each copy written, all removed" \
	"$(faketfs_probe_writes "$log" | sed 's/kpdb_[0-9]*/kpdb_PID/')" \
	"p:kpdb_PID/bp1 fx_part\\n
p:kpdb_PID/bp1_1 fx_pcall1\\n
p:kpdb_PID/bp1_2 fx_pcall2\\n
-:kpdb_PID/bp1\\n
-:kpdb_PID/bp1_1\\n
-:kpdb_PID/bp1_2\\n"
# where an argument cannot be fetched, that copy is skipped and said so
cli_run -q -k "$fx" --tracing-dir "$tfs" --proc-dir "$procd" --batch -ex 'bp fx_part v'
cli_expect "partly inlined: a copy without the argument is skipped" 0 "" \
	"Breakpoint 1 at fx_part: 1 symbol + 1 inlined site
Skipped 1 of the 2 inlined sites of 'fx_part': at fx_pcall2+0x0: argument 'v': 'v' is computed \
at this address, not stored: kpdb cannot fetch it" &&
	cli_ok "partly inlined: a copy without the argument is skipped"
# -S: the symbol only, and the note says what that leaves out
cli_run -q -k "$fx" --tracing-dir "$tfs" --proc-dir "$procd" --batch -ex 'bp -S fx_part v'
cli_expect "partly inlined, -S: the symbol only" 0 "" "Breakpoint 1 at fx_part
note: 'fx_part' is also inlined at 2 sites, which this breakpoint does not probe (-S)" &&
	cli_ok "partly inlined, -S: the symbol only"
cli_run -q -j -k "$fx" --tracing-dir "$tfs" --proc-dir "$procd" --batch -ex 'bp --symbol-only fx_part'
cli_same "partly inlined, -S, JSON: one object, with the count" \
	"$(grep -c '"location":"fx_part",.*"written":true,"inlined_copies_not_probed":2}$' "$cli_out")/$(wc -l <"$cli_out")" \
	"1/1"
# raw fetchargs mean the function's own entry: its symbol only
cli_run -q -n -k "$fx" --batch -ex 'bp fx_part %di'
cli_same "partly inlined, raw fetchargs: the symbol only" "$(sed 's/kpdb_[0-9]*/kpdb_PID/' "$cli_out")" \
	"p:kpdb_PID/bp1 fx_part di=%di"
cli_run -q -n -k "$fx" --batch -ex 'bp fx_part' -ex 'bp fx_pcall1'
cli_same "partly inlined, dry run: the lines, and a comment" "$(sed 's/kpdb_[0-9]*/kpdb_PID/' "$cli_out")" \
	"p:kpdb_PID/bp1 fx_part
p:kpdb_PID/bp1_1 fx_pcall1
p:kpdb_PID/bp1_2 fx_pcall2
# breakpoint 1: 1 symbol + 2 inlined sites
p:kpdb_PID/bp2 fx_pcall1"
# a symbol the kernel refuses (notrace: not in available_filter_functions) is left
# out, and said why; the copies are probed
tfs3=$cli_tmp/tfs3
log3=$cli_tmp/log3
grep -v '^fx_part$' "$funcs" >"$cli_tmp/funcs3"
if faketfs_mount "$tfs3" "$log3" --functions "$cli_tmp/funcs3"; then
	cli_run -q -k "$fx" --tracing-dir "$tfs3" --proc-dir "$procd" --batch -ex 'bp fx_part'
	cli_expect "partly inlined, notrace symbol: the copies only" 0 "" \
		"Breakpoint 1 at fx_part: 2 inlined sites
note: not at its symbol: 'fx_part' is a notrace function (in kallsyms, not in \
available_filter_functions): the kernel refuses kprobe events on it" &&
		cli_ok "partly inlined, notrace symbol: the copies only"
	cli_same "partly inlined, notrace symbol: only the copies written" \
		"$(faketfs_probe_writes "$log3" | grep '^p:' | sed 's/kpdb_[0-9]*/kpdb_PID/')" \
		"p:kpdb_PID/bp1 fx_pcall1\\n
p:kpdb_PID/bp1_1 fx_pcall2\\n"
	faketfs_umount "$tfs3"
else
	cli_not_ok "partly inlined, notrace symbol: a third fake tracefs"
fi

# ---- bl's columns, bc/be/bd lists (item 15) ---------------------------------------
start_kpdb()
{
	mkfifo "$cli_tmp/cmds"
	"$KPDB" -q --tracing-dir "$tfs" --proc-dir "$procd" <"$cli_tmp/cmds" >"$cli_tmp/sess.out" 2>&1 &
	kp=$!
	exec 7>"$cli_tmp/cmds"
}
wait_out()
{
	_i=0
	while ! grep -q "$1" "$cli_tmp/sess.out" && [ $_i -lt 600 ]; do sleep 0.05; _i=$((_i + 1)); done
}
start_kpdb
echo 'bp __sys_connect %si' >&7
echo 'bp fx_pcall1 %di' >&7
echo 'bp fx_pcall2 %di' >&7
wait_out '^Breakpoint 3'
faketfs_set_hits "$tfs" "kpdb_$kp/bp1" 1234567 3
faketfs_set_hits "$tfs" "kpdb_$kp/bp2" 42 12345678
echo 'bl' >&7
echo 'bd 1 3' >&7
echo 'be 1-2 3' >&7
echo 'bd 2 9' >&7
echo 'bc 1 3' >&7
echo 'bl' >&7
echo 'quit' >&7
exec 7>&-
wait "$kp"
cli_same "bl sized to its data; bc/be/bd take lists" "$(cat "$cli_tmp/sess.out")" \
"Breakpoint 1 at __sys_connect
Breakpoint 2 at fx_pcall1
Breakpoint 3 at fx_pcall2
Num  Type      Enb    Hits     Miss Where                    What
1    kprobe    y   1234567        3 __sys_connect            si=%si
2    kprobe    y        42 12345678 fx_pcall1                di=%di
3    kprobe    y         0        0 fx_pcall2                di=%di
Breakpoint 1 disabled
Breakpoint 3 disabled
Breakpoint 1 enabled
Breakpoint 2 enabled
Breakpoint 3 enabled
Breakpoint 2 disabled
<stdin>:7: error: no breakpoint 9
Breakpoint 1 cleared
Breakpoint 3 cleared
Num  Type      Enb   Hits     Miss Where                    What
2    kprobe    n       42 12345678 fx_pcall1                di=%di"
cli_same "bc/be/bd: nothing left" "$(cat "$tfs/kprobe_events")" ""

cli_run -q --tracing-dir "$tfs" --batch -ex 'bp __sys_connect' -ex 'bd 1 x'
cli_expect "bd: a bad number acts on nothing" 1 "error: invalid breakpoint number 'x'" \
	"Breakpoint 1 at __sys_connect" && cli_ok "bd: a bad number acts on nothing"

cli_done
