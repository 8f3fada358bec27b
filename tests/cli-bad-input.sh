#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli-bad-input.sh - the table of bad inputs (issue 2), through the real
# binary against a tracing directory.
#
# Each command of the table runs twice: as `kpdb --batch -ex CMD` (stderr
# must be exactly "error: MESSAGE", stdout empty, exit status 1) and as line
# 2 of a -x file between two echos (stderr exactly "FILE:2: error: MESSAGE",
# stdout only the first echo: the file stops at its first error; status 1).
# After each case nothing under the tracing directory has changed: with the
# FUSE fake tracefs, its write log is still empty; with a plain directory,
# every file's content, size, mode and mtime are the same.  Then a few
# inputs that are not one command: kpdb's own options (status 2) and quotes
# left open across the lines of a -x file.

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib-cli.sh"

tfs=$cli_tmp/tracing
cli_tracefs "$tfs" || { echo "Bail out! cannot make a tracing directory"; exit 99; }
echo "# tracing directory: $cli_backend"

check_untouched()
{
	cli_untouched >"$cli_tmp/changes" && return 0
	cli_not_ok "$1: nothing written to tracefs" "written:"
	cli_show "$cli_tmp/changes"
	return 1
}

# bad CMD MESSAGE
bad()
{
	_cmd=$1 _msg=$2
	cli_run --batch --tracing-dir "$tfs" -ex "$_cmd"
	cli_expect "-ex '$_cmd'" 1 "error: $_msg" "" && cli_ok "-ex '$_cmd'"
	check_untouched "-ex '$_cmd'"

	_f=$cli_tmp/bad.kpdb
	printf 'echo first\n%s\necho never\n' "$_cmd" >"$_f"
	cli_run --batch --tracing-dir "$tfs" -x "$_f"
	cli_expect "-x: $_cmd" 1 "$_f:2: error: $_msg" "first" && cli_ok "-x: $_cmd"
	check_untouched "-x: $_cmd"
}

# The table: COMMAND => MESSAGE.  The messages are the parser's and the
# commands' own, exactly.
n=0
while IFS= read -r line; do
	case $line in
	''|'#'*) continue ;;
	esac
	cmd=${line%% => *}
	msg=${line#* => }
	n=$((n + 1))
	bad "$cmd" "$msg"
done <<'EOF'
# locations
bp => usage: bp [-r] [-s] [-S] [-n NAME] LOCATION [ARG]... [if FILTER]
bp -r => missing location: bp [-r] [-n NAME] LOCATION [ARG]... [if FILTER]
bp -n x if di == 1 => missing location: bp [-r] [-n NAME] LOCATION [ARG]... [if FILTER]
bp 0xffffffff81000000 => probing an address ('0xffffffff81000000') is not supported; use SYMBOL+OFFSET
bp do_sys_open%ret => unknown suffix '%ret' in 'do_sys_open%ret' (only '%return' is known)
bp do_sys_open+ => missing offset in 'do_sys_open+'
bp do_sys_open+abc => bad offset 'abc' in 'do_sys_open+abc'
bp do_sys_open+99999999999999999999999 => bad offset '99999999999999999999999' in 'do_sys_open+99999999999999999999999'
bp do_sys_open-4 => negative offset in 'do_sys_open-4'
bp +4 => missing symbol in '+4'
bp do_sys_open: => missing line number in 'do_sys_open:'
bp ext-4:ext4_file_open => bad module name 'ext-4' in 'ext-4:ext4_file_open'
bp ext4:ext4_file_open+4%return => a return probe must be at the function entry, not 'ext4:ext4_file_open+4%return'
bp net/socket.c => missing line number in 'net/socket.c' (FILE:LINE)
bp net/socket.c:0 => bad line number in 'net/socket.c:0'
bp net/socket.c:12x => bad line number in 'net/socket.c:12x'
bp do_sys_open+4%return => a return probe must be at the function entry, not 'do_sys_open+4%return'
bp -r do_sys_open+8 => a return probe must be at the function entry, not 'do_sys_open+8'
bp do_sys_open:12%return => a return probe is set on a function, not on a line: 'do_sys_open:12%return'
bp do$sys_open => bad symbol name 'do$sys_open' in 'do$sys_open'
bp no_such_function %di => 'no_such_function' is not a probeable kernel function (not in available_filter_functions nor kallsyms)
# options and names over the limits
bp -x do_sys_open => unknown option '-x' for 'bp' (options: -r, -s, -S, -n NAME)
bp -n => option '-n' needs a name
bp -n a -n b do_sys_open => option '-n' given twice
bp -n 1abc do_sys_open => bad event name '1abc': use letters, digits and '_', not starting with a digit
bp -n aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa do_sys_open => event name 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' is longer than 63 characters
bp do_sys_open aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=%di => argument name 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' is longer than 32 characters (kernel limit)
bp do_sys_open aaaaaaaaaaaaaaaaaaaaaaaaaa=%si:sockaddr => sockaddr argument name 'aaaaaaaaaaaaaaaaaaaaaaaaaa' is longer than 25 characters (32 with its '__apath' field, the kernel's limit)
bp do_sys_open x=%di x=%si => duplicate argument name 'x'
bp do_sys_open common_pid=%di => argument name 'common_pid' is reserved by the kernel
bp do_sys_open 1x=%di => bad argument name '1x': use letters, digits and '_', not starting with a digit
bp do_sys_open =%di => missing argument name before '=' in '=%di'
bp do_sys_open x= => missing expression after '=' in 'x='
p:bad-name do_sys_open => bad event name 'bad-name': use letters, digits and '_', not starting with a digit
p:1g/x do_sys_open => bad group name in 'p:1g/x'
p5:x do_sys_open => maxactive only applies to return probes, not 'p5:x'
r5000:x do_sys_open => maxactive in 'r5000:x' must be 0 to 4096
bp -:kpdb_1/bp1 => '-:kpdb_1/bp1' removes a probe: use 'bc'
# fetchargs
bp do_sys_open %zz => unknown register '%zz' (x86_64: ax bx cx dx si di bp sp r8-r15 ip flags cs ss orig_ax)
bp do_sys_open %eax => unknown register '%eax' (did you mean '%ax'?)
bp do_sys_open %ds => register '%ds' is only in 32-bit x86 pt_regs
bp do_sys_open $retval => '$retval' needs a return probe (-r or SYMBOL%return)
bp do_sys_open $foo => unknown variable '$foo' (known: $retval $comm $stack $stackN $argN $params)
bp do_sys_open $stackx => bad stack slot in '$stackx' (write $stack or $stackN)
bp do_sys_open $stack99999 => stack slot '$stack99999' is past the kernel stack (at most $stack2048)
bp do_sys_open $arg0 => bad argument number in '$arg0' (they count from $arg1)
bp do_sys_open+4 $arg1 => '$arg1' is only available at a function entry
bp do_sys_open @ => missing symbol or address after '@'
bp do_sys_open @+4 => file offsets ('@+4') are for uprobes, not kprobes
bp do_sys_open +4%si => dereference '+4%si' needs '(FETCHARG)'
bp do_sys_open +(%si) => missing offset in '+(%si)'
bp do_sys_open +4(%si)x => unexpected 'x' after ')' in '+4(%si)x'
bp do_sys_open +4() => empty dereference in '+4()'
bp do_sys_open +4(x) => 'x' in '+4(x)' is not a fetcharg (C expressions cannot be mixed with raw fetchargs)
bp do_sys_open +4($comm) => '$comm' cannot be dereferenced in '+4($comm)'
bp do_sys_open +0(+0(+0(+0(+0(+0(+0(+0(+0(+0(+0(+0(+0(%di))))))))))))) => '+0(+0(+0(+0(+0(+0(+0(+0(+0(+0(+0(+0(+0(%di)))))))))))))' nests dereferences too deeply (at most 12)
bp do_sys_open 42 => '42' is not a fetcharg (an immediate value is written '\42')
bp do_sys_open \abc => bad immediate value '\abc'
bp do_sys_open '\"abc' => unterminated immediate string '\"abc'
bp do_sys_open '\"a b"' => an immediate string cannot hold a space (byte 0x20): the kernel splits definitions at white space
bp do_sys_open a!b => bad character '!' in expression 'a!b'
bp do_sys_open %di@user:u32 => '@user' needs a memory reference: write '+u0(%di)' to read user memory at '%di'
bp do_sys_open @jiffies@user:u32 => '@user' does not apply to '@jiffies'
# types
bp do_sys_open %di:u128 => unknown type 'u128'
bp do_sys_open %di: => missing type after ':' in '%di:'
bp do_sys_open :u32 => missing expression before ':' in ':u32'
bp do_sys_open +0(%di):u8[0] => array length in 'u8[0]' must be 1 to 64
bp do_sys_open +0(%di):u8[65] => array length in 'u8[65]' must be 1 to 64
bp do_sys_open %di:u8[16] => array type 'u8[16]' needs a memory reference such as '+0(%di)', not '%di'
bp do_sys_open +0(%di):b3@5 => bitfield type 'b3@5' needs b<width>@<offset>/<8|16|32|64>
bp do_sys_open +0(%di):b3@30/32 => bitfield 'b3@30/32' does not fit its 32-bit container
bp do_sys_open +0(%di):b0@0/32 => bitfield width in 'b0@0/32' must not be 0
bp do_sys_open +0(%di):b3@0/12 => bitfield container in 'b3@0/12' must be 8, 16, 32 or 64
bp do_sys_open $comm:u32 => '$comm' can only be fetched as a string, not 'u32'
# filters
bp do_sys_open %di if => 'if' needs a condition, e.g. 'if port == 4444'
bp do_sys_open %di if di = 1 => filter: '=' is not a comparison in 'di = 1' (use '==')
bp do_sys_open %di if di => filter: missing comparison in 'di' (e.g. 'di == 1')
bp do_sys_open %di if di == => filter: missing value after '==' in 'di =='
bp do_sys_open %di if di == 1 && => filter: dangling '&&' at the end of 'di == 1 &&'
bp do_sys_open %di if di == 1 di == 2 => filter: bad value '1 di == 2' in 'di == 1 di == 2' (one number, name or "string")
bp do_sys_open a=%di:ipv4 if a < 1.2.3.4 => filter: '<' on 'a' would compare network byte order: use == or !=
bp do_sys_open a=%di:ipv4 if a == 1.2.3 => filter: bad IPv4 address '1.2.3' for 'a'
bp do_sys_open p=%di:port if p == 70000 => filter: bad port '70000' for 'p' (0 to 65535)
bp -r do_sys_open r=$retval:errno if r == EFOO => filter: bad errno value 'EFOO' for 'r'
bp do_sys_open s=%si:sockaddr if s == 1 => filter: compare a field of sockaddr 's': s.port, s.family, s.addr or s.path
bp do_sys_open s=%si:sockaddr if s.foo == 1 => filter: unknown field 'foo' of sockaddr 's' (port, family, addr, path)
bp do_sys_open %di if di ~ 1 => filter: '~' matches strings, and 'di' is not one
bp do_sys_open a=%di:ipv6 if a == 1 => filter: cannot filter on 'a': the kernel does not compare arrays
bp do_sys_open if common_pid == x => filter: bad number 'x' for 'common_pid'
bp do_sys_open %di if $params == 1 => filter: '$params' cannot be compared in a filter
# breakpoint numbers
bc => usage: bc N|N-M|*
bc 0 => no breakpoint 0: breakpoints are numbered from 1
bc 5-2 => invalid breakpoint range '5-2': 5 is above 2
bc -1 => no breakpoint -1: breakpoints are numbered from 1
bc 1- => invalid breakpoint range '1-'
bc 99999999999 => invalid breakpoint number '99999999999'
bc * => no breakpoints
bc 1-3 => no breakpoints in 1-3
be x => invalid breakpoint number 'x'
bd 3 => no breakpoint 3
bl 7 => no breakpoint 7
bl 1 2 => usage: bl [-v] [N|N-M]
# the shell
frobnicate => unknown command 'frobnicate'; try 'help'
-:kpdb_1/bp1 => unknown command '-:kpdb_1/bp1'; try 'help'
help frob => unknown command 'frob'; try 'help'
set json maybe => 'set json' takes 'on' or 'off', not 'maybe'
set color on => usage: set json on|off
quit now => usage: quit
source => usage: source FILE
bp => usage: bp [-r] [-s] [-S] [-n NAME] LOCATION [ARG]... [if FILTER]
ptype => usage: ptype [MOD:]TYPE
offsetof sock => usage: offsetof [MOD:]TYPE MEMBER[.MEMBER|[N]]...
source /nonexistent/x.kpdb => cannot read '/nonexistent/x.kpdb': No such file or directory
source / => '/' is not a regular file
echo 'abc => unterminated single quote
echo "abc => unterminated double quote
bp do_sys_open +4(%si => unbalanced '(' or '[' in 'bp do_sys_open +4(%si'
bp do_sys_open a) => unbalanced ')' in 'bp do_sys_open a)'
bp do_sys_open %di:u8] => unbalanced ']' in 'bp do_sys_open %di:u8]'
EOF
echo "# $n commands in the table"
[ "$n" -ge 40 ] || cli_not_ok "the table has at least 40 commands" "it has $n"

# kpdb's own options: status 2, the problem and the hint, nothing run.
usage_error()
{
	_t=$1 _msg=$2
	shift 2
	cli_run "$@"
	cli_expect "options: $_t" 2 "$_msg
Try 'kpdb --help' for more information." "" && cli_ok "options: $_t"
	check_untouched "options: $_t"
}

usage_error "--bogus" "kpdb: unknown option '--bogus'" --bogus --tracing-dir "$tfs"
usage_error "-qz" "kpdb: unknown option '-qz'" -qz --tracing-dir "$tfs" -ex bl
usage_error "-x without FILE" "kpdb: option '-x' needs an argument" --tracing-dir "$tfs" -x
usage_error "-ex without CMD" "kpdb: option '-ex' needs an argument" --tracing-dir "$tfs" -ex
usage_error "-k without PATH" "kpdb: option '-k' needs an argument" --tracing-dir "$tfs" -k
usage_error "--tracing-dir ''" "kpdb: --tracing-dir needs a directory" --batch --tracing-dir "" -ex bl
usage_error "--proc-dir without DIR" "kpdb: option '--proc-dir' needs an argument" --proc-dir
usage_error "--cleanup with -ex" "kpdb: --cleanup cannot be combined with -x or -ex" \
	--cleanup --tracing-dir "$tfs" -ex "bc *"

# Quotes left open across lines: the error is at the line the command starts.
f=$cli_tmp/quote.kpdb
printf "echo first\nbp do_sys_open '%%di\nbp do_sys_open %%si'\necho never\n" >"$f"
cli_run --batch --tracing-dir "$tfs" -x "$f"
cli_expect "-x: quote open across lines" 1 "$f:2: error: unterminated single quote" "first" &&
	cli_ok "-x: quote open across lines"
check_untouched "-x: quote open across lines"

printf 'echo first\nbp do_sys_open \\\n  "%%di \\\n  %%si\n' >"$f"
cli_run --batch --tracing-dir "$tfs" -x "$f"
cli_expect "-x: quote open in a continued line" 1 "$f:2: error: unterminated double quote" \
	"first" && cli_ok "-x: quote open in a continued line"
check_untouched "-x: quote open in a continued line"

# A missing -x file, and one that is a directory: the next -x does not run.
cli_run --batch --tracing-dir "$tfs" -x "$cli_tmp/none.kpdb" -ex "echo after"
cli_expect "-x missing file" 1 "error: cannot read '$cli_tmp/none.kpdb': No such file or directory" \
	"after" && cli_ok "-x missing file (later -ex still runs, status 1)"
cli_run --batch --tracing-dir "$tfs" -x "$cli_tmp"
cli_expect "-x directory" 1 "error: '$cli_tmp' is not a regular file" "" && cli_ok "-x directory"
check_untouched "-x missing file and directory"

cli_done
