#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli-inspect.sh - live inspection through the binary, on a fake /proc
# (--proc-dir): p and md over a kcore that tests/test-kcore writes (an ELF
# core mapping a filled struct fx_sock at the DWARF fixture's fx_global_sock),
# lsmod, ps, dmesg ($KPDB_KMSG), summary; how `p` tells a pasted kprobe line
# from a print, in both directions; the one-line error without a kcore.

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib-cli.sh"

fx=$top_builddir/tests/fixtures/dwarf-fx-O2
[ -f "$fx" ] || cli_skip "no DWARF fixture (make check builds it)"
mkdir -p "$cli_tmp/sys"
KPDB_SYS_DIR=$cli_tmp/sys KPDB_CACHE=$cli_tmp/cache KPDB_KMSG=$cli_tmp/kmsg
export KPDB_SYS_DIR KPDB_CACHE KPDB_KMSG

P=$cli_tmp/proc
mkdir -p "$P/1" "$P/2" "$P/77" "$P/sys/kernel"
"$top_builddir/tests/test-kcore" --write "$P/kcore" || { echo "Bail out! cannot write the core"; exit 99; }
printf 'virtio_blk 32768 2 - Live 0xffffffffc0062000\nvirtio_ring 45056 3 virtio_blk,virtio_pci, Live 0xffffffffc0030000\n' >"$P/modules"
echo '1 (init) S 0 1 1 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 5 1000 100 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0' >"$P/1/stat"
echo '2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 0 1 0 0 0 0 0' >"$P/2/stat"
echo '77 (a (b) c) t 1 77 77 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 0 3 0 0 0 0 0' >"$P/77/stat"
echo Linux >"$P/sys/kernel/ostype"
echo 6.1.0-test >"$P/sys/kernel/osrelease"
echo '#1 SMP' >"$P/sys/kernel/version"
echo box >"$P/sys/kernel/hostname"
echo '(none)' >"$P/sys/kernel/domainname"
echo '93784.50 100.00' >"$P/uptime"
echo '0.10 0.20 0.30 1/100 42' >"$P/loadavg"
printf 'MemTotal:        2000000 kB\nMemFree:         1000000 kB\n' >"$P/meminfo"
printf 'cpu  1 2 3\ncpu0 1 2 3\ncpu1 1 2 3\nintr 1\n' >"$P/stat"
printf '6,1,1000,-;first line\n SUBSYSTEM=x\n4,2,2000000,-;second\\x0acontinued\n6,3,3500000,-;third\n' >"$KPDB_KMSG"

# p/print
cli_run -q -k "$fx" --proc-dir "$P" --batch -ex 'p fx_global_sock.sk_name' \
	-ex 'p/x fx_global_sock.sk_mark' -ex 'print fx_global_sock.sk_inner' \
	-ex 'p fx_global_sock.sk_label' -ex 'p ((struct fx_sock *)0xdead0000)->sk_mark' \
	-ex 'p fx_global_sock.sk_st'
cli_expect "p: strings, p/x, arrays of structs, char *, unreadable, enums" 0 "" \
'"sock-name"
0x2a
{{a = 7, b = {1, 2, 3}}, {a = 8, b = {4, 5, 6}}}
(const char *) 0x7000000 "label-text"
<unreadable 0xdead0058>
FX_CLOSED' && cli_ok "p prints as gdb"

cli_run -q -k "$fx" --proc-dir "$P" --batch -ex 'p fx_global_sock'
if grep -q '^{__sk_common = {.*sk_name = "sock-name", .*sk_mark = 42, .*sk_st = FX_CLOSED}$' "$cli_out"; then
	cli_ok "p of a struct prints every member"
else
	cli_not_ok "p of a struct prints every member"; cli_show "$cli_out"
fi

cli_run -q -j -k "$fx" --proc-dir "$P" --batch -ex 'p fx_global_sock.sk_name'
if cli_json_valid "$cli_out" && grep -q '"type":"char\[16\]".*"value":"\\"sock-name\\""' "$cli_out"; then
	cli_ok "p -j: type, address, value"
else
	cli_not_ok "p -j: type, address, value"; cli_show "$cli_out"
fi

cli_run -q -k "$fx" --proc-dir "$P" --batch -ex 'p fx_global_sock.nope'
cli_expect "p of a missing member fails with its name" 1 \
	"error: no member 'nope' in fx_sock" "" && cli_ok "p: no member"

cli_run -q -k "$fx" --proc-dir "$P" --batch -ex 'p/q fx_global_sock'
cli_expect "p/FMT: only x and d" 1 "error: unknown format 'q': p/x or p/d" "" &&
	cli_ok "p/q refused"

# md
cli_run -q -k "$fx" --proc-dir "$P" --batch -ex 'md fx_global_sock.sk_name 1' \
	-ex 'md4 fx_global_sock.sk_name 1' -ex 'md 0xdead0000 1' \
	-ex 'md1 (void*)fx_global_sock.sk_label 1' -ex 'md1 *fx_global_sock.sk_label 1'
if sed -n 1p "$cli_out" | grep -q '^0x[0-9a-f]\{16\} 6d616e2d6b636f73 0000000000000065   sock-name\.\.\.\.\.\.\.$' &&
   sed -n 2p "$cli_out" | grep -q '^0x[0-9a-f]\{16\} 6b636f73 6d616e2d 00000065 00000000   sock-name' &&
   sed -n 3p "$cli_out" | grep -q '^0x00000000dead0000 <unreadable 0xdead0000>$' &&
   [ "$(sed -n 4p "$cli_out")" = "0x0000000007000000 6c 61 62 65 6c 2d 74 65 78 74 00 00 00 00 00 00   label-text......" ] &&
   [ "$(sed -n 5p "$cli_out")" = "$(sed -n 4p "$cli_out")" ]; then
	cli_ok "md, md4, md1: words and ASCII; objects and pointers; unreadable lines say so"
else
	cli_not_ok "md, md4: words and ASCII"; cli_show "$cli_out"; cli_show "$cli_err"
fi

# p: a pasted kprobe line is a bp, in both directions
cli_run -q -n -k "$fx" --proc-dir "$P" --batch -ex 'p fx_connect %di:u32' \
	-ex 'p fx_connect' -ex 'p:myp fx_connect fd=%di' -ex 'p fx_connect%return' \
	-ex 'p fx_global_sock.sk_mark' -ex 'print fx_global_sock.sk_prio'
if grep -q '^p:kpdb_[0-9]*/bp1 fx_connect di=%di:u32$' "$cli_out" &&
   grep -q '^p:kpdb_[0-9]*/bp2 fx_connect$' "$cli_out" &&
   grep -q '^p:kpdb_[0-9]*/myp fx_connect fd=%di$' "$cli_out" &&
   grep -q '^r:kpdb_[0-9]*/bp4 fx_connect$' "$cli_out" &&
   grep -qx '42' "$cli_out" && grep -qx -- '-3' "$cli_out"; then
	cli_ok "p: kprobe lines are breakpoints, expressions are printed"
else
	cli_not_ok "p: kprobe lines against expressions"; cli_show "$cli_out"; cli_show "$cli_err"
fi

# no kcore
cli_run -q -k "$fx" --proc-dir "$cli_tmp" --batch -ex 'p fx_global_sock'
cli_expect "no kcore: one line saying why" 1 \
	"error: no $cli_tmp/kcore: this kernel was built without CONFIG_PROC_KCORE; live inspection needs it" "" &&
	cli_ok "no kcore"

# lsmod, ps, dmesg, summary
cli_run -q --proc-dir "$P" --batch -ex lsmod -ex ps -ex 'dmesg' -ex 'dmesg -n 1' -ex summary
cli_expect "lsmod ps dmesg summary" 0 "" \
'Module                       Size  Address            Used  State     Used by
virtio_blk                  32768  0xffffffffc0062000    2  Live      
virtio_ring                 45056  0xffffffffc0030000    3  Live      virtio_blk,virtio_pci
     Pid   Parent  Cpu State Command
       1        0    0     S init
       2        0    1     M kthreadd
      77        1    3     C a (b) c
[    0.001000] first line
[    2.000000] second
               continued
[    3.500000] third
[    3.500000] third
sysname    Linux
release    6.1.0-test
version    #1 SMP
nodename   box
domainname (none)
uptime     1 day 02:03
load avg   0.10 0.20 0.30
cpus       2

MemTotal:           2000000 kB
MemFree:            1000000 kB' && cli_ok "lsmod, ps, dmesg, summary as kdb"

cli_run -q -j --proc-dir "$P" --batch -ex lsmod -ex ps -ex 'dmesg -n 1' -ex summary
if cli_json_valid "$cli_out" && [ "$(wc -l <"$cli_out")" -eq 7 ] &&
   grep -q '"module":"virtio_ring".*"used_by":"virtio_blk,virtio_pci"' "$cli_out" &&
   grep -q '"pid":77,"ppid":1,"cpu":3,"state":"C","comm":"a (b) c"' "$cli_out" &&
   grep -q '"release":"6.1.0-test"' "$cli_out"; then
	cli_ok "lsmod ps dmesg summary -j"
else
	cli_not_ok "lsmod ps dmesg summary -j"; cli_show "$cli_out"
fi

cli_run -q --proc-dir "$P" --batch -ex 'dmesg -n x'
cli_expect "dmesg -n needs a count" 1 "error: 'x' is not a count of lines" "" &&
	cli_ok "dmesg -n x refused"

cli_done
