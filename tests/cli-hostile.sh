#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli-hostile.sh - hostile input (issue 6) through the real binary: overlong
# lines and names, NUL bytes, invalid UTF-8, deep nesting, huge numbers, '%'
# and '$' in odd places, paths that do not exist or are not regular files,
# vmlinux images that are truncated or not ELF, -j output of hostile strings.
#
# Every case checks: no crash (signal, timeout, sanitizer or valgrind
# report), the exit status, stderr (one line matching the case's pattern,
# or empty), no raw control byte on stderr (a -x file may come from
# anywhere: an ESC sequence must not reach the terminal), and nothing
# written to the tracing directory nor to the fake /proc.  Cases that would
# succeed run with --dry-run, so that none of them writes anything.

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib-cli.sh"

tfs=$cli_tmp/tracing
cli_tracefs "$tfs" || { echo "Bail out! cannot make a tracing directory"; exit 99; }
echo "# tracing directory: $cli_backend"
procd=$cli_tmp/proc
mkdir -p "$procd/sys/kernel" && echo 1 >"$procd/sys/kernel/sysrq" && : >"$procd/sysrq-trigger"
printf 'ffffffff81000000 T do_sys_open\nffffffff81000100 T __sys_connect\n' >"$procd/kallsyms"
KPDB_KMSG=$cli_tmp/kmsg
echo "6,1,1000,-;an old message" >"$KPDB_KMSG"
# debug info only where a case gives it: no discovery on the host
KPDB_VMLINUX=$cli_tmp/no-vmlinux
KPDB_CACHE=$cli_tmp/cache
export KPDB_KMSG KPDB_VMLINUX KPDB_CACHE
cli_tree_state "$procd" >"$cli_tmp/proc.state"
f=$cli_tmp/f
mkdir -p "$f"

fx=$top_builddir/tests/fixtures/dwarf-fx-O2
[ -f "$fx" ] || fx=""
# an ELF file without debug info (KPDB may be a wrapper script)
elf=""
for e in /bin/true /usr/bin/true "$top_builddir/kpdb"; do
	if [ -f "$e" ] && [ "$(head -c 4 "$e" | od -An -c | tr -d ' ')" = '177ELF' ]; then
		elf=$e
		break
	fi
done
E=' \.\.\. '		# where a long message was cut (err.c keeps its start and end)

# repeat N TEXT: TEXT N times, on stdout.
repeat()
{
	awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}

want_out=-	# exact stdout of the next case, '-' unchecked
want_json=""	# nonempty: stdout of the next case is JSON Lines
todo=""		# nonempty: a known bug, reported (TAP "# TODO") but not failed

# case TITLE STATUS ERE KPDB-ARG...: see the header.  ERE '' means an empty
# stderr, '*' anything; else stderr is one line matching ^ERE$.
case_()
{
	_t=$1 _st=$2 _re=$3
	shift 3
	cli_run "$@"
	_fail=""
	if _why=$(cli_crashed); then
		_fail="crash: $_why"
	elif [ "$_st" = "*" ] && [ "$cli_rc" -gt 1 ]; then
		_fail="exit status $cli_rc, expected 0 or 1"
	elif [ "$_st" != "*" ] && [ "$cli_rc" -ne "$_st" ]; then
		_fail="exit status $cli_rc, expected $_st"
	elif [ -z "$_re" ] && [ -s "$cli_err" ]; then
		_fail="stderr should be empty"
	elif [ -n "$_re" ] && [ "$_re" != "*" ] &&
	     { [ "$(wc -l <"$cli_err")" -ne 1 ] || ! LC_ALL=C grep -Eqx -- "$_re" "$cli_err"; }; then
		_fail="stderr is not one line matching: $_re"
	elif tr -d '\n\t' <"$cli_err" | LC_ALL=C grep -q '[[:cntrl:]]'; then
		_fail="raw control bytes on stderr"
	elif [ "$want_out" != "-" ] && [ "$(cat "$cli_out")" != "$want_out" ]; then
		_fail="stdout differs from: $(printf '%s' "$want_out" | head -c 200)"
	elif [ -n "$want_json" ] && ! cli_json_valid "$cli_out"; then
		_fail="stdout is not JSON Lines"
	elif [ -n "$want_json" ] && [ "$_st" = 1 ] && ! grep -q '^{"error":' "$cli_out"; then
		_fail="no {\"error\":...} line on stdout"
	fi
	want_out=-
	want_json=""
	if [ -n "$_fail" ] && [ -n "$todo" ]; then
		printf 'not ok %d - %s # TODO %s\n' $((cli_n + 1)) "$_t" "$todo"
		echo "#   $_fail"
		cli_n=$((cli_n + 1))
	elif [ -n "$_fail" ]; then
		cli_not_ok "$_t" "$_fail" "stderr:"
		cli_show "$cli_err"
		echo "#   stdout:"
		cli_show "$cli_out"
	else
		cli_ok "$_t"
	fi
	if ! cli_untouched >"$cli_tmp/changes"; then
		cli_not_ok "$_t: nothing written to tracefs" "written:"
		cli_show "$cli_tmp/changes"
	fi
	cli_tree_state "$procd" >"$cli_tmp/proc.now"
	if ! cmp -s "$cli_tmp/proc.state" "$cli_tmp/proc.now"; then
		cli_not_ok "$_t: nothing written to the proc directory"
		mv "$cli_tmp/proc.now" "$cli_tmp/proc.state"
	fi
}

# b TITLE STATUS ERE ARG...: a --batch case against the tracing and proc dirs.
b()
{
	_bt=$1 _bs=$2 _be=$3
	shift 3
	case_ "$_bt" "$_bs" "$_be" --batch --tracing-dir "$tfs" --proc-dir "$procd" "$@"
}

# x TITLE STATUS ERE TEXT: TEXT (printf %s) as a -x file, errors at FILE:N.
x()
{
	_xt=$1 _xs=$2 _xe=$3
	printf '%s' "$4" >"$f/x.kpdb"
	b "$_xt" "$_xs" "$_xe" -x "$f/x.kpdb"
}

X="$f/x\\.kpdb"		# how the -x file shows in an ERE

# ---- overlong lines and names ------------------------------------------------
big=$(head -c 1048576 /dev/zero | tr '\0' a)
printf 'echo %s\n' "$big" >"$f/long1m.kpdb"
b "-x: 1 MB line" 1 "$f/long1m\\.kpdb:1: error: line is longer than 65536 bytes" -x "$f/long1m.kpdb"
printf 'echo first\necho %s' "$big" >"$f/long1m-noeol.kpdb"
want_out=first
b "-x: 1 MB last line without newline" 1 ".*long1m-noeol\\.kpdb:2: error: line is longer than 65536 bytes" \
	-x "$f/long1m-noeol.kpdb"
printf '#%s\n' "$big" >"$f/comment1m.kpdb"
b "-x: 1 MB comment line" 1 ".*comment1m\\.kpdb:1: error: line is longer than 65536 bytes" \
	-x "$f/comment1m.kpdb"
head -c 1048576 /dev/zero | tr '\0' ' ' >"$f/spaces1m.kpdb"
b "-x: 1 MB of spaces" 1 ".*spaces1m\\.kpdb:1: error: line is longer than 65536 bytes" -x "$f/spaces1m.kpdb"
printf 'bp %s\n' "$big" >"$f/sym1m.kpdb"
b "-x: bp with a 1 MB symbol" 1 ".*sym1m\\.kpdb:1: error: line is longer than 65536 bytes" -x "$f/sym1m.kpdb"
ok60k=$(head -c 60000 /dev/zero | tr '\0' b)
want_out=$ok60k
b "-ex: a 60 KB echo works" 0 "" -ex "echo $ok60k"
b "-ex: 100 KB line" 1 "error: line is longer than 65536 bytes" -ex "echo $(head -c 100000 /dev/zero | tr '\0' c)"
sym60k=$(head -c 60000 /dev/zero | tr '\0' s)
b "bp: 60 KB symbol" 1 "error: 'sss*${E}sss*' is not a probeable kernel function \\(not in available_filter_functions nor kallsyms\\)" \
	-ex "bp $sym60k %di"
b "bp -n: 60 KB event name" 1 "error: event name 'sss*${E}sss*' is longer than 63 characters" \
	-ex "bp -n $sym60k do_sys_open"
b "bp: 60 KB argument name" 1 "error: argument name 'sss*${E}sss*' is longer than 32 characters \\(kernel limit\\)" \
	-ex "bp do_sys_open $sym60k=%di"
b "bp: 60 KB type" 1 "error: unknown type 'sss*${E}sss*'" -ex "bp do_sys_open %di:$sym60k"
b "bp: 60 KB register" 1 "error: unknown register '%sss*${E}sss*' \\(x86_64: ax bx cx dx si di bp sp r8-r15 ip flags cs ss orig_ax\\)" \
	-ex "bp do_sys_open %$sym60k"
b "bp: 60 KB filter value" 1 "error: filter: bad number 'sss*${E}sss*' for 'di'" \
	-ex "bp do_sys_open %di if di == $sym60k"
b "help: 60 KB command name" 1 "error: unknown command 'sss*${E}sss*'; try 'help'" -ex "help $sym60k"
b "60 KB unknown command" 1 "error: unknown command 'sss*${E}sss*'; try 'help'" -ex "$sym60k"
b "bc: 60 KB number" 1 "error: invalid breakpoint number '111*${E}111*'" -ex "bc $(repeat 60000 1)"
b "source: 60 KB path" 1 "error: cannot read '/xxx*${E}xxx*': File name too long" -ex "source /$(repeat 60000 x)"
b "-x: 60 KB path" 1 "error: cannot read '/xxx*${E}xxx*': File name too long" -x "/$(repeat 60000 x)"
b "--tracing-dir: 60 KB path" 1 "error: tracing directory '/ttt*${E}ttt*': File name too long" \
	--tracing-dir "/$(repeat 60000 t)" -ex "bp do_sys_open"
b "-k: 60 KB path" 1 "error: cannot open '/kkk*${E}kkk*': File name too long" \
	-n -k "/$(repeat 60000 k)" -ex "bp fx_connect fd"
# many short lines and long continuations
awk 'BEGIN { for (i = 0; i < 20000; i++) print "echo line" }' >"$f/many.kpdb"
b "-x: 20,000 lines" 0 "" -x "$f/many.kpdb"
[ "$(wc -l <"$cli_out")" -eq 20000 ] && cli_ok "-x: 20,000 lines all ran" ||
	cli_not_ok "-x: 20,000 lines all ran" "got $(wc -l <"$cli_out") lines"
{ echo 'echo \'; awk 'BEGIN { for (i = 0; i < 15000; i++) print "x \\" }'; echo end; } >"$f/cont-ok.kpdb"
b "-x: 15,000 continued lines (45 KB)" 0 "" -x "$f/cont-ok.kpdb"
{ echo 'echo \'; awk 'BEGIN { for (i = 0; i < 30000; i++) print "x \\" }'; echo end; } >"$f/cont-big.kpdb"
b "-x: 30,000 continued lines (90 KB)" 1 ".*cont-big\\.kpdb:1: error: line is longer than 65536 bytes" \
	-x "$f/cont-big.kpdb"
b "10,000 -ex options" 0 "" $(repeat 10000 "-ex bl ")
b "bp: 129 arguments" 1 "error: too many arguments \\(129\\): the kernel allows 128 per probe" \
	-ex "bp do_sys_open $(repeat 129 '%di ')"
b "bp: 22 sockaddr arguments (132 fields)" 1 "error: too many fields \\(132\\): the kernel allows 128 per probe \\(a sockaddr takes 6\\)" \
	-n -ex "bp do_sys_open $(repeat 22 '%si:sockaddr ')"
b "bp: definition over 4095 bytes" 1 "error: the definition has [0-9]+ characters: the kernel reads at most 4095" \
	-n -ex "bp do_sys_open $(repeat 120 '+4095(+4095(+4095(+4095(+4095(%r15))))):x64 ')"

# ---- NUL bytes -----------------------------------------------------------------
printf 'echo a\000b\n' >"$f/x.kpdb"
b "-x: NUL in the middle of a line" 1 "$X:1: error: NUL byte in line" -x "$f/x.kpdb"
printf '\000' >"$f/x.kpdb"
b "-x: a lone NUL" 1 "$X:1: error: NUL byte in line" -x "$f/x.kpdb"
printf 'echo ok\necho \000\necho never\n' >"$f/x.kpdb"
want_out=ok
b "-x: NUL on line 2 stops the file" 1 "$X:2: error: NUL byte in line" -x "$f/x.kpdb"
printf '# comment \000\n' >"$f/x.kpdb"
b "-x: NUL in a comment" 1 "$X:1: error: NUL byte in line" -x "$f/x.kpdb"
printf 'echo a \\\n\000 b\n' >"$f/x.kpdb"
b "-x: NUL in a continued line" 1 "$X:2: error: NUL byte in line" -x "$f/x.kpdb"
printf 'bp do_sys_open \000%%di\n' >"$f/x.kpdb"
b "-x: NUL inside a bp" 1 "$X:1: error: NUL byte in line" -x "$f/x.kpdb"
b "-x /dev/zero" 1 "/dev/zero:1: error: NUL byte in line" -x /dev/zero
[ -n "$elf" ] && b "-x an ELF binary" 1 ".*:1: error: NUL byte in line" -x "$elf"
printf 'echo a\necho b\000c\necho d\n' >"$f/stdin"
want_out=$(printf 'a\nd')
case_ "stdin: NUL skips one line" 1 "<stdin>:2: error: NUL byte in line" \
	--in "$f/stdin" --tracing-dir "$tfs" --proc-dir "$procd"
head -c 100000 /dev/zero >"$f/stdin"
case_ "stdin: 100 KB of NUL" 1 "<stdin>:1: error: NUL byte in line" \
	--in "$f/stdin" --tracing-dir "$tfs" --proc-dir "$procd"
{ printf 'echo %s\n' "$big"; echo "echo next"; } >"$f/stdin"
want_out=next
case_ "stdin: a 1 MB line is skipped, the next runs" 1 "<stdin>:1: error: line is longer than 65536 bytes" \
	--in "$f/stdin" --tracing-dir "$tfs" --proc-dir "$procd"

# ---- invalid UTF-8 and control bytes -------------------------------------------
for seq in '\377\376' '\300\257' '\355\240\200' '\364\220\200\200' '\200' '\341\200'; do
	s=$(printf "$seq")
	want_out="x${s}y"
	b "echo invalid UTF-8 $seq" 0 "" -ex "echo x${s}y"
	want_json=1
	b "-j echo invalid UTF-8 $seq" 0 "" -j -ex "echo x${s}y"
	b "bp: symbol with invalid UTF-8 $seq" 1 "error: bad symbol name 'a.*b' in 'a.*b'" -ex "bp a${s}b"
	want_json=1
	b "-j bp: symbol with invalid UTF-8 $seq" 1 "*" -j -ex "bp a${s}b"
done
esc=$(printf '\033')
b "ESC sequence in a command name is escaped" 1 "error: unknown command '\\\\x1b\\[2J\\\\x1b\\]0;pwned\\\\x07'; try 'help'" \
	-ex "${esc}[2J${esc}]0;pwned$(printf '\007')"
b "ESC sequence in a symbol is escaped" 1 "error: bad symbol name '\\\\x1bcred' in '\\\\x1bcred'" \
	-ex "bp ${esc}cred"
b "ESC sequence in a splitter error is escaped" 1 "error: unbalanced '\\(' or '\\[' in 'bp \\\\x1b\\[31mred'" \
	-ex "bp ${esc}[31mred"
want_json=1
b "-j: ESC sequence in an error" 1 "*" -j -ex "bp ${esc}cred"
want_json=1
b "-j: quotes, backslashes, tabs in echo" 0 "" -j -ex "echo \"a\\\"b\" 'c\\d' 'e	f' '\\u0000'"
nl='
'
b "-ex: newline inside quotes" 1 "error: an immediate string cannot hold a control character \\(byte 0x0a\\): the kernel splits definitions at white space" \
	-n -ex "bp do_sys_open '\\\"a${nl}p:evil do_sys_open\"'"
b "-ex: newline in a filter string" 1 "error: filter: control character \\(byte 0x0a\\) in the condition" \
	-n -ex "bp do_sys_open \$comm if comm == 'a${nl}b'"
printf 'echo a\r\n\r\necho b\r\n' >"$f/x.kpdb"
want_out=$(printf 'a\nb')
b "-x: CRLF lines" 0 "" -x "$f/x.kpdb"
printf 'bogus%s\n' "$(printf '\001\002\003\177')" >"$f/x.kpdb"
b "-x: control bytes in a command" 1 "$X:1: error: unknown command 'bogus\\\\x01\\\\x02\\\\x03\\\\x7f'; try 'help'" -x "$f/x.kpdb"
# a -x file whose name is hostile: the JSON "where" stays valid
hf="$f/a\"b\\c	d$(printf '\001').kpdb"
printf 'frobnicate\n' >"$hf"
want_json=1
b "-j: hostile -x file name" 1 "*" -j -x "$hf"

# ---- deep nesting ----------------------------------------------------------------
p10k=$(repeat 10000 '(')x$(repeat 10000 ')')
b "bp: 10,000 nested dereferences" 1 "error: '\\+0\\(\\+0\\(.* \\.\\.\\. .*\\)\\)' nests dereferences too deeply \\(at most 12\\)" \
	-ex "bp do_sys_open $(repeat 10000 '+0(')%di$(repeat 10000 ')')"
b "bp: 10,000 parentheses in a filter" 1 "error: filter: parentheses nested more than 64 deep in '\\(\\(\\(.*'" \
	-n -ex "bp do_sys_open %di if $(repeat 10000 '(')di == 1$(repeat 10000 ')')"
b "bp: 32,000 parentheses in a filter" 1 "error: filter: parentheses nested more than 64 deep in '\\(\\(\\(.*'" \
	-n -ex "bp do_sys_open %di if $(repeat 32000 '(')di == 1$(repeat 32000 ')')"
b "bp: 5,000 && in a filter" 0 "" -n -ex "bp do_sys_open %di if di == 1$(repeat 5000 ' && di == 1')"
want_out=$p10k
b "echo: 10,000 nested parentheses" 0 "" -ex "echo $p10k"
b "bp: 10,000 unbalanced (" 1 "error: unbalanced '\\(' or '\\[' in 'bp do_sys_open \\(\\(\\(.*'" \
	-ex "bp do_sys_open $(repeat 10000 '(')x"
b "bp: 10,000 unbalanced )" 1 "error: unbalanced '\\)' in 'bp do_sys_open x\\)\\)\\).*'" \
	-ex "bp do_sys_open x$(repeat 10000 ')')"
if [ -n "$fx" ]; then
	b "bp: 10,000 nested brackets" 1 "*" -n -k "$fx" \
		-ex "bp fx_connect $(repeat 10000 'uservaddr[')0$(repeat 10000 ']')"
	b "bp: 10,000 parentheses in a C expression" 1 "error: argument 'x': '\\(\\(\\(.*' is nested too deep" \
		-n -k "$fx" -ex "bp fx_connect $p10k"
	b "bp: 10,000 dereferences in a C expression" 1 "error: argument 'uservaddr': '\\*\\*\\*.*uservaddr' is nested too deep" \
		-n -k "$fx" -ex "bp fx_connect $(repeat 10000 '*')uservaddr"
	b "bp: 5,000 ->members" 1 "error: argument 'sa_family': .*" \
		-n -k "$fx" -ex "bp fx_connect uservaddr$(repeat 5000 '->sa_family')"
	b "bp: 2,000 casts" 1 "*" \
		-n -k "$fx" -ex "bp fx_connect $(repeat 2000 '(struct fx_sockaddr *)')uservaddr"
	b "bp: 10,000 unary minus" 1 "*" -n -k "$fx" -ex "bp fx_connect $(repeat 10000 '-')fd"
else
	echo "# no DWARF fixture: C-expression nesting cases skipped"
fi
printf 'source %s\n' "$f/self.kpdb" >"$f/self.kpdb"
b "source: a file sourcing itself" 1 ".*self\\.kpdb:1: error: '.*self\\.kpdb': files sourced 16 deep; is it sourcing itself\\?" \
	-x "$f/self.kpdb"

# ---- huge numbers ----------------------------------------------------------------
H=99999999999999999999999999999
b "bc huge" 1 "error: invalid breakpoint number '$H'" -ex "bc $H"
b "bc huge range" 1 "error: invalid breakpoint range '1-$H'" -ex "bc 1-$H"
b "bl 2^31" 1 "error: invalid breakpoint number '2147483648'" -ex "bl 2147483648"
b "bd -2^63" 1 "error: invalid breakpoint number '-9223372036854775809'" -ex "bd -9223372036854775809"
b "bp offset 2^64" 1 "error: bad offset '18446744073709551616' in 'do_sys_open\\+18446744073709551616'" \
	-ex "bp do_sys_open+18446744073709551616"
b "bp offset 2^64-1 (dry run)" 0 "" -n -ex "bp do_sys_open+18446744073709551615"
b "bp line 2^31" 1 "error: bad line number in 'net/socket\\.c:2147483648'" -ex "bp net/socket.c:2147483648"
b "bp line 2^32+1" 1 "error: bad line number in 'net/socket\\.c:4294967297'" -ex "bp net/socket.c:4294967297"
b "bp \$stack huge" 1 "error: stack slot '\\\$stack$H' is past the kernel stack \\(at most \\\$stack2048\\)" \
	-ex "bp do_sys_open \$stack$H"
b "bp \$arg huge" 1 "error: bad argument number in '\\\$arg$H' \\(they count from \\\$arg1\\)" \
	-ex "bp do_sys_open \$arg$H"
b "bp deref offset huge" 1 "error: bad offset '$H' in '\\+$H\\(%di\\)'" -ex "bp do_sys_open +$H(%di)"
b "bp deref offset -2^63" 1 "*" -ex "bp do_sys_open -9223372036854775808(%di)"
b "bp immediate huge" 1 "error: bad immediate value '\\\\$H'" -ex "bp do_sys_open \\$H"
b "bp array length huge" 1 "error: bad array length in type 'u8\\[$H\\]'" -ex "bp do_sys_open +0(%di):u8[$H]"
b "bp bitfield huge" 1 "error: bad number in bitfield type 'b$H@0/8'" -ex "bp do_sys_open +0(%di):b$H@0/8"
b "bp maxactive huge" 1 "error: maxactive in 'r$H:x' must be 0 to 4096" -ex "r$H:x do_sys_open"
b "bp @address huge" 1 "error: bad address in '@$H'" -ex "bp do_sys_open @$H"
b "filter number huge" 1 "error: filter: bad number '$H' for 'di'" -ex "bp do_sys_open %di if di == $H"
b "filter number 2^64" 1 "error: filter: bad number '18446744073709551616' for 'di'" \
	-ex "bp do_sys_open %di if di == 18446744073709551616"
b "filter port huge" 1 "error: filter: bad port '$H' for 'p' \\(0 to 65535\\)" \
	-ex "bp do_sys_open p=%di:port if p == $H"
b "filter errno huge" 1 "error: filter: bad errno value '$H' for 'r'" \
	-ex "bp -r do_sys_open r=\$retval:errno if r == $H"
b "filter ipv4 octet 256" 1 "error: filter: bad IPv4 address '1\\.2\\.3\\.256' for 'a'" \
	-ex "bp do_sys_open a=%di:ipv4 if a == 1.2.3.256"
b "ss huge" 1 "error: count '$H' is not a positive number" -ex "ss $H"
b "go -n huge" 1 "error: count '$H' is not a positive number" -ex "go -n $H"
b "go -t 1e400" 1 "error: seconds '1e400' is not a positive number" -ex "go -t 1e400"
b "go -t nan" 1 "error: seconds 'nan' is not a positive number" -ex "go -t nan"
b "go -t 1e10" 1 "error: seconds '1e10' is not a positive number" -ex "go -t 1e10"
b "sysrq 99999" 1 "error: '99999' is not a sysrq key; 'sysrq' lists them" -ex "sysrq 99999"

# ---- % and $ in odd places ------------------------------------------------------
want_out='%s%s%n%n%x %d $HOME ${x} $(id)'
b "echo printf directives" 0 "" -ex "echo %s%s%n%n%x %d \$HOME \${x} \$(id)"
b "%n as a command" 1 "error: unknown command '%n%n%s'; try 'help'" -ex "%n%n%s"
b "bp %s%n" 1 "error: unknown suffix '%s%n' in '%s%n' \\(only '%return' is known\\)" -ex "bp %s%n"
b "bp %" 1 "error: unknown suffix '%' in '%' \\(only '%return' is known\\)" -ex "bp %"
b "bp SYM%n" 1 "error: unknown suffix '%n' in 'do_sys_open%n' \\(only '%return' is known\\)" -ex "bp do_sys_open%n"
b "bp SYM%return%return" 1 "error: unknown suffix '%return%return' in 'do_sys_open%return%return' \\(only '%return' is known\\)" \
	-ex "bp do_sys_open%return%return"
b "bp %return" 1 "error: bad symbol name '' in '%return'" -ex "bp %return"
b "register %n" 1 "error: unknown register '%n' \\(x86_64: .*\\)" -ex "bp do_sys_open %n"
b "register %%di" 1 "error: unknown register '%%di' \\(x86_64: .*\\)" -ex "bp do_sys_open %%di"
b "lone %" 1 "error: unknown register '%' \\(x86_64: .*\\)" -ex "bp do_sys_open %"
b "lone \$" 1 "error: unknown variable '\\\$' \\(known: .*\\)" -ex "bp do_sys_open \$"
b "\$\$" 1 "error: unknown variable '\\\$\\\$' \\(known: .*\\)" -ex "bp do_sys_open \$\$"
b "\${HOME}" 1 "error: unknown variable '\\\$\\{HOME\\}' \\(known: .*\\)" -ex "bp do_sys_open \${HOME}"
b "\$(id)" 1 "error: unknown variable '\\\$\\(id\\)' \\(known: .*\\)" -ex "bp do_sys_open \$(id)"
b "type %s" 1 "error: unknown type '%s'" -ex "bp do_sys_open %di:%s"
b "name with %" 1 "error: bad character '%' in expression 'x%=%di'" -ex "bp do_sys_open x%=%di"
b "-n %s" 1 "error: bad event name '%s': use letters, digits and '_', not starting with a digit" \
	-ex "bp -n %s do_sys_open"
b "filter value %s" 1 "error: filter: bad number '%s' for 'di'" -ex "bp do_sys_open %di if di == %s"
b "filter string %n%n (dry run)" 0 "" -n -ex "bp do_sys_open \$comm if comm == %n%n"
b "source %s%n" 1 "error: cannot read '%s%n': No such file or directory" -ex "source %s%n"
b "-x %s%n" 1 "error: cannot read '%s%n': No such file or directory" -x "%s%n"
b "set json %n" 1 "error: 'set json' takes 'on' or 'off', not '%n'" -ex "set json %n"
b "help %s" 1 "error: unknown command '%s'; try 'help'" -ex "help %s"
b "bc %d" 1 "error: invalid breakpoint number '%d'" -ex "bc %d"
b "--tracing-dir %s%n" 1 "error: tracing directory '%s%n': No such file or directory" \
	--tracing-dir "%s%n" -ex "bp do_sys_open"
b "sysrq %n" 1 "error: '%n' is not a sysrq key; 'sysrq' lists them" -ex "sysrq %n"
b "go -t %f" 1 "error: seconds '%f' is not a positive number" -ex "go -t %f"

# ---- paths ------------------------------------------------------------------------
mkfifo "$f/fifo"
( printf 'echo from a fifo\n' >"$f/fifo" ) &
fifo_writer=$!
want_out="from a fifo"
b "-x a FIFO with a writer" 0 "" -x "$f/fifo"
kill "$fifo_writer" 2>/dev/null
wait "$fifo_writer" 2>/dev/null
b "-x a directory" 1 "error: '$f' is not a regular file" -x "$f"
b "-x missing" 1 "error: cannot read '$f/none': No such file or directory" -x "$f/none"
b "-x ''" 1 "error: cannot read '': No such file or directory" -x ""
b "-x /dev/null" 0 "" -x /dev/null
: >"$f/empty.kpdb"
b "-x an empty file" 0 "" -x "$f/empty.kpdb"
ln -s "$f/loop1" "$f/loop2" && ln -s "$f/loop2" "$f/loop1"
b "-x a symlink loop" 1 "error: cannot read '$f/loop1': Too many levels of symbolic links" -x "$f/loop1"
b "-x through a file" 1 "error: cannot read '$f/empty\\.kpdb/x': Not a directory" -x "$f/empty.kpdb/x"
b "source a directory" 1 "error: '/' is not a regular file" -ex "source /"
b "source a symlink loop" 1 "error: cannot read '$f/loop2': Too many levels of symbolic links" \
	-ex "source $f/loop2"
b "--tracing-dir missing" 1 "error: tracing directory '$f/none': No such file or directory" \
	--tracing-dir "$f/none" -ex "bp do_sys_open"
b "--tracing-dir a file" 1 "error: tracing directory '$f/empty\\.kpdb' is not a directory" \
	--tracing-dir "$f/empty.kpdb" -ex "bp do_sys_open"
b "--tracing-dir a FIFO" 1 "error: tracing directory '$f/fifo' is not a directory" \
	--tracing-dir "$f/fifo" -ex "bp do_sys_open"
mkdir -p "$f/emptydir"
b "--tracing-dir an empty directory" 1 "error: this kernel has no kprobe_events in '$f/emptydir' \\(it needs CONFIG_KPROBE_EVENTS=y\\)" \
	--tracing-dir "$f/emptydir" -ex "bp do_sys_open"
b "--proc-dir missing" 1 "error: no magic sysrq in this kernel \\('$f/none/sys/kernel/sysrq' is missing; it needs CONFIG_MAGIC_SYSRQ=y\\)" \
	--proc-dir "$f/none" -ex "sysrq"
b "--proc-dir a file" 1 "*" --proc-dir "$f/empty.kpdb" -ex "sysrq s"
b "sysrq: destructive key refused in --batch" 1 "error: sysrq 'b' \\(reboot\\) is destructive: refused in --batch without -y" \
	-ex "sysrq b"
b "sysrq: two keys" 1 "error: 'bb' is not a sysrq key; 'sysrq' lists them" -ex "sysrq bb"
b "sysrq: control byte" 1 "error: '\\\\x01' is not a sysrq key; 'sysrq' lists them" -ex "sysrq $(printf '\001')"

# vmlinux images that are not what they should be (dry run: no build-id check)
vm()
{
	_vt=$1 _ve=$2 _vp=$3
	b "-k $_vt" 1 "$_ve" -n -k "$_vp" -ex "bp fx_connect fd"
	KPDB_VMLINUX=$_vp
	b "\$KPDB_VMLINUX $_vt" 1 "$_ve" -n -ex "bp fx_connect fd"
	KPDB_VMLINUX=$cli_tmp/no-vmlinux
}
vm "missing" "error: cannot open '$f/none': No such file or directory" "$f/none"
vm "a directory" "error: '$f' is not an ELF file" "$f"
vm "empty" "error: '$f/empty\\.kpdb' is not an ELF file" "$f/empty.kpdb"
vm "/dev/null" "error: '/dev/null' is not an ELF file" /dev/null
vm "/dev/zero" "error: '/dev/zero' is not an ELF file" /dev/zero
vm "a text file" "error: '.*README\\.md' is not an ELF file" "$top_srcdir/README.md"
printf '\177ELF garbage' >"$f/fake.elf"
vm "ELF magic and garbage" "error: '$f/fake\\.elf' .*" "$f/fake.elf"
[ -n "$elf" ] && vm "an ELF without DWARF" \
	"error: '.*' has no DWARF debug info.*|error: no function 'fx_connect' in '.*'" "$elf"
if [ -n "$fx" ]; then
	size=$(wc -c <"$fx")
	for cut in 16 64 1000 $((size / 2)) $((size - 100)); do
		head -c "$cut" "$fx" >"$f/trunc-$cut"
		vm "truncated to $cut bytes" "error: '$f/trunc-$cut' .*" "$f/trunc-$cut"
	done
	# the image with garbage over its middle and over its end
	cp "$fx" "$f/smashed-mid"
	head -c 8192 /dev/zero | tr '\0' '\377' |
		dd of="$f/smashed-mid" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
	b "-k with garbage in the middle" 1 "*" -n -k "$f/smashed-mid" -ex "bp fx_connect fd"
	cp "$fx" "$f/smashed-end"
	head -c 2048 /dev/zero | tr '\0' '\125' |
		dd of="$f/smashed-end" bs=1 seek=$((size - 2048)) conv=notrunc 2>/dev/null
	b "-k with garbage at the end" 1 "*" -n -k "$f/smashed-end" -ex "bp fx_connect fd"
	# a cache index that is garbage: ignored or refused, never trusted
	b "-k fixture: ptype fills the index cache" 0 "" -n -k "$fx" -ex "ptype struct fx_sock"
	idx=$(find "$KPDB_CACHE" -type f -name '*.idx' | head -n 1)
	if [ -n "$idx" ]; then
		for off in 0 24 64 200; do
			cp "$idx" "$f/idx.orig"
			head -c 512 /dev/zero | tr '\0' '\377' |
				dd of="$idx" bs=1 seek="$off" conv=notrunc 2>/dev/null
			b "-k fixture with an index cache smashed at byte $off" "*" "*" \
				-n -k "$fx" -ex "ptype struct fx_sock" -ex "info args fx_many" \
				-ex "bp fx_connect ((struct fx_sockaddr_in *)uservaddr)->sin_port"
			cp "$f/idx.orig" "$idx"
		done
		head -c 100 "$f/idx.orig" >"$idx"
		b "-k fixture with a truncated index cache" "*" "*" -n -k "$fx" -ex "ptype struct fx_sock"
	else
		echo "# no index cache was written: cache corruption cases skipped"
	fi
fi
# A FIFO nobody writes to: kpdb must not wait for it forever.
CLI_TIMEOUT=20
vm "a FIFO" "error: '$f/fifo' is not a regular file" "$f/fifo"
CLI_TIMEOUT=120

cli_done
