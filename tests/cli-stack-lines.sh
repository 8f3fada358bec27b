#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli-stack-lines.sh - bp -s with debug info: each frame of a hit's kernel
# stack at its file:line, the inlined copies that hold its address expanded
# before it, as `addr2line -i` shows them.  The kernel is the DWARF fixture
# (-k), "loaded" at a KASLR slide: kallsyms (--proc-dir) has its symbols
# moved by SLIDE, and so are the stack's addresses.  The hits come from a
# fake tracing directory whose instance's trace_pipe_raw holds pages made by
# tests/mkrb (a hit, then its kernel_stack record), as in cli-watch.sh.
# Checked against addr2line on the fixture at each address - 1 (a return
# address), plain and JSON (jq), and with bt after the hit.

: "${KPDB:=./kpdb}"
: "${top_builddir:=.}"
MKRB=$top_builddir/tests/mkrb
FX=$top_builddir/tests/fixtures/dwarf-fx-O2

[ -x "$MKRB" ] || { echo "SKIP: $MKRB not built"; exit 77; }
[ -f "$FX" ] || { echo "SKIP: no DWARF fixture (make check builds it)"; exit 77; }
for t in nm addr2line; do
	command -v $t > /dev/null || { echo "SKIP: $t (binutils) is the oracle"; exit 77; }
done

W=$(mktemp -d /tmp/kpdb-cli-stack-lines.XXXXXX) || exit 1
trap 'rm -rf "$W"' EXIT INT TERM
fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

SLIDE=0x7fff00000000
# the fixture's function symbols, moved by SLIDE, as /proc/kallsyms lists a kernel's
mkdir -p "$W/proc" "$W/sys"
nm -n "$FX" | while read -r a t n; do
	case $t in
	[tT]) printf '%016x %s %s\n' $((0x$a + SLIDE)) "$t" "$n" ;;
	esac
done > "$W/proc/kallsyms"
sym() { nm "$FX" | awk -v n="$1" '$3 == n { print "0x" $1; exit }'; }
size() { nm -S "$FX" | awk -v n="$1" '$4 == n { print "0x" $2; exit }'; }

# A return address in FUNC (fixture address) whose address - 1 is inside
# DEPTH - 1 inlined copies, the first one addr2line finds.
ret_in() {
	a=$(sym "$1")
	s=$(size "$1")
	i=1
	while [ $i -lt $((s)) ]; do
		n=$(addr2line -i -e "$FX" $(printf "%x" $((a + i - 1))) | wc -l)
		[ "$n" -eq "$2" ] && { printf '0x%x\n' $((a + i)); return; }
		i=$((i + 1))
	done
}
# the probed function's own frame: where its ftrace call returns (+5)
f0=$(printf '0x%x' $(($(sym fx_connect) + 5)))
f1=$(ret_in fx_inl_call1 2)	# fx_inl inlined in fx_inl_call1
f2=$(ret_in fx_inl_call3 3)	# fx_inl in fx_inl_outer in fx_inl_call3
[ -n "$f1" ] && [ -n "$f2" ] || { echo "Bail out! no inlined frame in the fixture"; exit 99; }
F0=$(printf '0x%x' $((f0 + SLIDE)))
F1=$(printf '0x%x' $((f1 + SLIDE)))
F2=$(printf '0x%x' $((f2 + SLIDE)))
IP=$(printf '0x%x' $(($(sym fx_connect) + SLIDE)))

T=$W/tfs
cat > "$W/run" <<EOF
#!/bin/sh
G=kpdb_\$\$
T=$T
mkdir -p \$T/events/\$G/bp1 \$T/events/ftrace/kernel_stack \$T/instances/\$G/per_cpu/cpu0 \\
	\$T/instances/\$G/events/\$G/bp1
: > \$T/kprobe_events; : > \$T/dynamic_events; : > \$T/error_log; : > \$T/trace
touch \$T/events/\$G/enable \$T/events/\$G/bp1/enable \$T/instances/\$G/events/\$G/bp1/enable
touch \$T/instances/\$G/events/\$G/bp1/filter \$T/instances/\$G/events/\$G/bp1/trigger
$MKRB header > \$T/events/header_page
$MKRB format bp1 1500 fd:s32 > \$T/events/\$G/bp1/format
$MKRB stack-format > \$T/events/ftrace/kernel_stack/format
echo "4242 curl" > \$T/saved_cmdlines
$MKRB pages 1500 fd:s32 < $W/records > \$T/instances/\$G/per_cpu/cpu0/trace_pipe_raw
exec "$KPDB" --tracing-dir \$T --proc-dir $W/proc -k $FX --keep -q "\$@"
EOF
chmod +x "$W/run"
printf '1000000000\t4242\t%s\t3\n' "$IP" > "$W/records"
printf 'stack\t1000000000\t4242\t%s,%s,%s,0x1000\n' "$F0" "$F1" "$F2" >> "$W/records"
export KPDB_SYS_DIR=$W/sys KPDB_CACHE=$W/cache

# What the frames must show: for each address, addr2line -i -f at address - 1
# (innermost first), the last pair being the function's own frame, shown as
# kallsyms' SYM+0xOFF; addr2line's paths carry the build directory in front.
expect_frame() {
	addr2line -i -f -e "$FX" $(printf "%x" $(($1 - 1))) | paste - - | awk -v sym="$2" '
		{ lines[NR] = $0 }
		END {
			for (i = 1; i <= NR; i++) {
				split(lines[i], p, "\t")
				sub(/ \(discriminator [0-9]+\)$/, "", p[2])
				if (i < NR)
					printf "      %s (inlined) at %s\n", p[1], p[2]
				else
					printf "      %s at %s\n", sym, p[2]
			}
		}'
}
{
	echo "Breakpoint 1 at fx_connect"
	echo "[000]     1.000000 curl-4242 bp1 fx_connect: fd=3"
	expect_frame "$f0" "fx_connect+0x5"
	expect_frame "$f1" "fx_inl_call1+$(printf '0x%x' $((f1 - $(sym fx_inl_call1))))"
	expect_frame "$f2" "fx_inl_call3+$(printf '0x%x' $((f2 - $(sym fx_inl_call3))))"
	echo "      0x1000"
} > "$W/want-abs"

# paths as kpdb shows them: relative to the build directory, the rest equal
same_frames() {
	awk '
		NR == FNR { want[FNR] = $0; n = FNR; next }
		{
			got = $0; w = want[FNR]
			if (got != w) {
				gi = index(got, " at "); wi = index(w, " at ")
				gpath = substr(got, gi + 4); wpath = substr(w, wi + 4)
				if (!gi || !wi || substr(got, 1, gi) != substr(w, 1, wi) ||
				    length(wpath) < length(gpath) ||
				    substr(wpath, length(wpath) - length(gpath) + 1) != gpath ||
				    substr(wpath, length(wpath) - length(gpath), 1) != "/") {
					print "line " FNR ": got  " got; print "line " FNR ": want " w
					bad = 1
				}
			}
			m = FNR
		}
		END { if (m != n) { print "got " m " lines, want " n; bad = 1 } exit bad }
	' "$1" "$2"
}

# ---- plain: the frames under the hit, then bt shows them again ----------------------
"$W/run" --batch -ex 'bp -s fx_connect fd' -ex 'ss' -ex 'echo --' -ex 'bt' > "$W/out" 2> "$W/err"
rc=$?
[ $rc -eq 0 ] || fail "bp -s + ss: exit status $rc: $(cat "$W/err")"
sed -n '1,/^--$/p' "$W/out" | sed '$d' > "$W/hit"
same_frames "$W/want-abs" "$W/hit" || fail "frames of the hit: $(cat "$W/out")"
sed -n '/^--$/,$p' "$W/out" | sed '1d' > "$W/bt"
tail -n +3 "$W/want-abs" > "$W/want-bt"
same_frames "$W/want-bt" "$W/bt" || fail "bt: $(cat "$W/bt")"
# the inlined copies are there, with the lines of the fixture's calls
grep -q "^      fx_inl (inlined) at .*tests/fixtures/dwarf-fixture.h:[0-9]*$" "$W/hit" ||
	fail "no inlined fx_inl frame: $(cat "$W/hit")"
line=$(grep -n 'return sk ? fx_inl_outer(sk, key) : -1;' \
	"${top_srcdir:-.}/tests/fixtures/dwarf-fixture2.c" | cut -d: -f1)
grep -q "^      fx_inl_call3+0x[0-9a-f]* at .*tests/fixtures/dwarf-fixture2.c:$line$" "$W/hit" ||
	fail "fx_inl_call3 not at its call of fx_inl_outer (line $line): $(cat "$W/hit")"

# ---- JSON: inlined copies as entries of their own ----------------------------------------
"$W/run" --batch -j -ex 'bp -s fx_connect fd' -ex 'ss' > "$W/out" 2> "$W/err"
[ $? -eq 0 ] || fail "-j: $(cat "$W/err")"
if command -v jq > /dev/null; then
	hit=$(jq -c 'select(.bp == 1 and .func == "fx_connect")' "$W/out")
	[ -n "$hit" ] || fail "-j: no hit: $(cat "$W/out")"
	# one entry per line of the plain output, in the same order
	n=$(echo "$hit" | jq '.stack | length')
	[ "$n" -eq $(($(wc -l < "$W/want-abs") - 2)) ] || fail "-j: $n stack entries: $hit"
	echo "$hit" | jq -e --arg f1 "$F1" --arg f2 "$F2" '
		(.stack | map(select(.addr == $f2)) | length) == 3 and
		(.stack | map(select(.addr == $f2)) | map(.inlined)) == [true, true, false] and
		(.stack | map(select(.addr == $f2)) | map(.func)) ==
			["fx_inl", "fx_inl_outer", .stack[-2].func] and
		(.stack[-2].func | startswith("fx_inl_call3+0x")) and
		(.stack | map(select(.addr == $f1 and .inlined)) | .[0].func) == "fx_inl" and
		(.stack | map(select(.file != null)) | all(.file | endswith(".c") or endswith(".h"))) and
		(.stack | map(select(.file != null)) | all(.line > 0)) and
		.stack[-1] == {"addr": "0x1000", "func": null}' > /dev/null ||
		fail "-j: stack not as expected: $hit"
fi

# ---- without debug info the frames stay func+0xOFF ---------------------------------------
sed -i "s| -k $FX | |" "$W/run"
"$W/run" --batch -ex 'bp -s fx_connect fd=%di:s32' -ex 'ss' > "$W/out" 2> "$W/err"
[ $? -eq 0 ] || fail "no debug info: $(cat "$W/err")"
grep -q '^      .* at \|(inlined)' "$W/out" && fail "no debug info, yet lines: $(cat "$W/out")"
grep -qx "      fx_connect+0x5" "$W/out" || fail "no debug info: $(cat "$W/out")"

[ $fails -eq 0 ] || exit 1
echo "cli-stack-lines: all passed"
