#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli-bp-several.sh - a name the kernel has several functions of (issue 16):
# the kernel refuses it in kprobe_events ("The symbol is not unique"), so
#   - a bare NAME lists the candidates, numbered by address (the order of
#     kallsyms), with their source files when the DWARF is there, and
#     writes nothing;
#   - NAME#N picks one, written as _text+OFF (OFF from the DWARF, or from
#     kallsyms without debug info or with BTF only), and bl shows the name
#     and, with DWARF, its file;
#   - #N out of range, #0, #N on a module's function are one-line errors.
# The fixture's fx_dup is a static function of two files.

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib-cli.sh"

cli_fixture

# the fixture's files as its DWARF names them, wherever the build is
fxpaths() { sed -i 's|[^ ]*tests/fixtures/|FX/|g' "$cli_out" "$cli_err"; }

# the fixture's own addresses: fx_dup of dwarf-fixture.c is the lower one
dup1=$(nm "$fx" | awk '$3 == "fx_dup" { print $1 }' | sort | sed -n 1p)
dup2=$(nm "$fx" | awk '$3 == "fx_dup" { print $1 }' | sort | sed -n 2p)
text=$(nm "$fx" | awk '$3 == "_text" { print $1 }')
off1=$((0x$dup1 - 0x$text))
off2=$((0x$dup2 - 0x$text))
fxsrc=$top_srcdir/tests/fixtures
line1=$(grep -n 'int fx_dup(int x)' "$fxsrc/dwarf-fixture.c" | cut -d: -f1)
line2=$(grep -n 'int fx_dup(int x)' "$fxsrc/dwarf-fixture2.c" | cut -d: -f1)

# ---- with DWARF: the files -----------------------------------------------------
cli_run -q --dry-run -k "$fx" --batch -ex 'bp fx_dup x'
fxpaths
cli_expect "DWARF: a bare name lists the functions by address, with their files" 1 \
"error: 'fx_dup' is ambiguous: 2 functions have this name:
  #1  FX/dwarf-fixture.c:$line1
  #2  FX/dwarf-fixture2.c:$line2
choose one as fx_dup#N, or name it as FILE:FUNC (FILE: its .c file) or FILE:LINE" "" &&
	cli_ok "DWARF: a bare name lists the functions by address, with their files"

cli_run -q --dry-run -k "$fx" --batch -ex 'bp fx_dup#2 x' -ex 'bp -r fx_dup#1 $retval' \
	-ex 'bp dwarf-fixture2.c:fx_dup x' -ex 'bl'
fxpaths
cli_expect "DWARF: NAME#N" 0 "" && cli_ok "DWARF: NAME#N"
cli_same "DWARF: NAME#N is _text+OFF, the same as FILE:FUNC; bl shows the file" \
	"$(cli_unpid "$cli_out" | tr -s ' ' | sed 's/ $//')" \
"p:kpdb_PID/bp1 _text+$off2 x=%di:s32
r:kpdb_PID/bp2 _text$([ "$off1" -eq 0 ] || echo "+$off1") retval=\$retval:s32
p:kpdb_PID/bp3 _text+$off2 x=%di:s32
Num Type Enb Hits Miss Where What
1 kprobe y - - FX/dwarf-fixture2.c:fx_dup x
2 kretprobe y - - FX/dwarf-fixture.c:fx_dup retval=\$retval
3 kprobe y - - dwarf-fixture2.c:fx_dup x"

cli_run -q --dry-run -k "$fx" --batch -ex 'info args fx_dup#2'
cli_expect "DWARF: info args NAME#N" 0 "" && cli_ok "DWARF: info args NAME#N"
grep -q "dwarf-fixture2.c:$line2" "$cli_out" && cli_ok "DWARF: info args NAME#N: that file's" ||
	cli_not_ok "DWARF: info args NAME#N: that file's"

for bad in "fx_dup#3|error: 'fx_dup#3': 'fx_dup' has 2 functions, #1 to #2" \
	   "fx_dup_caller#2|error: 'fx_dup_caller#2': there is one function 'fx_dup_caller' only" \
	   "fx_dup#0|error: bad function number in 'fx_dup#0' (NAME#N, N from 1)" \
	   "fx_dup#|error: bad function number in 'fx_dup#' (NAME#N, N from 1)" \
	   "fx_dup#1x|error: bad function number in 'fx_dup#1x' (NAME#N, N from 1)" \
	   "#1|error: '#N' follows a function name, as NAME#N: '#1'" \
	   "virtio_blk:virtio_queue_rq#1|error: '#N' follows a function name, as NAME#N: 'virtio_blk:virtio_queue_rq#1'"; do
	loc=${bad%%|*}
	cli_run -q --dry-run -k "$fx" --batch -ex "bp $loc"
	cli_expect "bad NAME#N: $loc" 1 "${bad#*|}" "" && cli_ok "bad NAME#N: $loc"
done

# ---- the running kernel: kallsyms ------------------------------------------------
command -v faketfs_usable >/dev/null 2>&1 && faketfs_usable ||
	cli_skip "the FUSE fake tracefs cannot be mounted here"
funcs=$cli_tmp/funcs
printf '%s\n' fx_dup fx_dup fx_dup_caller 'fx_dup [fx_mod]' name_show name_show \
	'fx_modonly [fx_mod]' >"$funcs"
procd=$cli_tmp/proc
mkdir -p "$procd"
# kallsyms as the kernel shows it: by address, _text first
printf '%s\n' "7fff81000000 T _text" \
	"$(printf '%x' $((0x7fff81000000 + off1))) t fx_dup" \
	"$(printf '%x' $((0x7fff81000000 + off1 + 0x100))) T fx_dup_caller" \
	"$(printf '%x' $((0x7fff81000000 + off2 - 0x20))) T fx_dup_caller2" \
	"$(printf '%x' $((0x7fff81000000 + off2))) t fx_dup" \
	"7fff81200000 t name_show" "7fff81100000 t name_show" \
	"7fffc0001000 t name_show	[fx_mod]" \
	"7fffc0002000 t fx_modonly	[fx_mod]" >"$procd/kallsyms"
tfs=$cli_tmp/tfs
log=$cli_tmp/log
faketfs_mount "$tfs" "$log" --functions "$funcs" || exit 99


cli_refused "no debug info: a bare name lists kallsyms' functions, by address" \
"error: 'name_show' is ambiguous: the kernel has 3 functions of this name:
  #1  0x7fff81100000 after fx_dup
  #2  0x7fff81200000 after name_show
      fx_mod:name_show (module fx_mod)
choose one as name_show#N (with the DWARF vmlinux, -k, bp names their files)" \
	-ex 'bp name_show %di'
cli_refused "no debug info: #N out of range" \
	"error: 'name_show#3': the kernel has 2 functions 'name_show' (#1 to #2)" \
	-ex 'bp name_show#3 %di'
cli_refused "DWARF: a module's function as NAME#N with C: the error names the module" \
"error: no function 'fx_modonly' in '$fx'; it is a function of the loaded module 'fx_mod': \
bp fx_mod:fx_modonly" \
	-k "$fx" -ex 'bp fx_modonly#1 x->y'

: >"$log"
cli_run -q --tracing-dir "$tfs" --proc-dir "$procd" --batch -ex 'bp name_show#2 %di' \
	-ex 'bp -r name_show#1' -ex 'bp fx_dup_caller#1' -ex bl
cli_expect "no debug info: NAME#N" 0 "" && cli_ok "no debug info: NAME#N"
cli_same "no debug info: NAME#N is _text+OFF from kallsyms" \
	"$(faketfs_probe_writes "$log" | grep '^[pr]:' | cli_unpid)" \
"p:kpdb_PID/bp1 _text+2097152 di=%di\\n
r:kpdb_PID/bp2 _text+1048576\\n
p:kpdb_PID/bp3 fx_dup_caller\\n"
grep -q '^1 .* name_show#2 ' "$cli_out" && cli_ok "no debug info: bl shows NAME#N" ||
	{ cli_not_ok "no debug info: bl shows NAME#N"; cli_show "$cli_out"; }
cli_same "no debug info: all removed at exit" "$(cat "$tfs/kprobe_events")" ""

# ---- BTF only: kallsyms numbers, BTF types ------------------------------------------
if command -v pahole >/dev/null 2>&1 &&
   pahole --btf_encode_detached="$cli_tmp/fx.btf" "$fx" >/dev/null 2>&1; then
	cli_refused "BTF: a bare name lists kallsyms' functions" \
"error: 'fx_dup' is ambiguous: the kernel has 2 functions of this name:
  #1  0x$(printf '%x' $((0x7fff81000000 + off1)))$([ "$off1" -eq 0 ] || echo " after _text")
  #2  0x$(printf '%x' $((0x7fff81000000 + off2))) after fx_dup_caller2
choose one as fx_dup#N (with the DWARF vmlinux, -k, bp names their files)" \
		-k "$cli_tmp/fx.btf" -ex 'bp fx_dup x'
	: >"$log"
	cli_run -q --tracing-dir "$tfs" --proc-dir "$procd" -k "$cli_tmp/fx.btf" --batch \
		-ex 'bp fx_dup#2 x'
	cli_expect "BTF: NAME#N" 0 "" "Breakpoint 1 at fx_dup#2" && cli_ok "BTF: NAME#N"
	cli_same "BTF: NAME#N is _text+OFF from kallsyms, C arguments from BTF" \
		"$(faketfs_probe_writes "$log" | grep '^[pr]:' | cli_unpid)" \
		"p:kpdb_PID/bp1 _text+$off2 x=%di:s32\\n"
	cli_run -q --dry-run -k "$cli_tmp/fx.btf" --batch -ex 'bp fx_dup#2 x'
	cli_expect "BTF, dry run: NAME#N needs kallsyms" 1 \
"error: 'fx_dup#2': BTF does not say which function that is; the running kernel's kallsyms \
does (a live session), or the DWARF vmlinux (-k)" "" &&
		cli_ok "BTF, dry run: NAME#N needs kallsyms"
else
	cli_ok "# SKIP BTF: no pahole that writes detached BTF"
fi
cli_done
