// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-probe-spec.c - `bp` words -> spec -> kprobe definition and filter.
 *
 * Two tables: good inputs with the exact definition line (and filter) they
 * must give, and bad inputs with the exact message they must be refused
 * with.  The words are what the tokenizer hands over: quotes stripped,
 * "((struct sockaddr_in *)uservaddr)->sin_port" one word.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "probe-spec.h"

#define MAXW 24
#define GROUP "kpdb_1"

static int count_words(const char *const *w)
{
	int n = 0;

	while (n < MAXW && w[n])
		n++;
	return n;
}

/* Parse @w; on success, the definition (event: -n NAME or "bp1") and filter. */
static int run(const char *const *w, struct kpdb_probe_spec *spec, struct kpdb_err *err)
{
	char *argv[MAXW + 1];
	int i, n = count_words(w);

	for (i = 0; i < n; i++)
		argv[i] = (char *)w[i];
	argv[n] = NULL;
	return kpdb_probe_spec_parse(n, argv, spec, err);
}

struct good {
	const char *w[MAXW];
	const char *def;
	const char *filter;
};

static const struct good good[] = {
	/* a module's function, loaded or not: the kernel's MOD:SYMBOL */
	{ { "nf_tables:nft_do_chain", "%di" }, "p:kpdb_1/bp1 nf_tables:nft_do_chain di=%di", NULL },
	{ { "dummy:dummy_dev_init+4", "%di:u64" }, "p:kpdb_1/bp1 dummy:dummy_dev_init+4 di=%di:u64",
	  NULL },
	{ { "-r", "dummy:dummy_dev_init", "$retval:s32" },
	  "r:kpdb_1/bp1 dummy:dummy_dev_init retval=$retval:s32", NULL },
	/* the kprobes walk-through, as typed */
	{ { "sys_setuid", "%di:u32" }, "p:kpdb_1/bp1 sys_setuid di=%di:u32", NULL },
	{ { "sys_execve", "%di:string", "%si:string", "+8(%si):string" },
	  "p:kpdb_1/bp1 sys_execve di=+0(%di):string si=+0(%si):string si_8=+8(%si):string", NULL },
	{ { "-n", "sysconnect", "sys_connect", "addr=+4(%si):u64", "port=+2(%si):u16" },
	  "p:kpdb_1/sysconnect sys_connect addr=+4(%si):u64 port=+2(%si):u16", NULL },
	{ { "p:syssetuid", "sys_setuid", "%di:u32" },
	  "p:kpdb_1/syssetuid sys_setuid di=%di:u32", NULL },
	{ { "p:connect_track", "sys_connect", "+0(%si):u16", "+2(%si):u16", "+4(%si):u8",
	    "+5(%si):u8", "+6(%si):u8", "+7(%si):u8", "+8(%si):u32", "+12(%si):x32",
	    "+16(%si):u64", "+24(%si):s32", "+28(%si):s16" },
	  "p:kpdb_1/connect_track sys_connect si_0=+0(%si):u16 si_2=+2(%si):u16 si_4=+4(%si):u8 "
	  "si_5=+5(%si):u8 si_6=+6(%si):u8 si_7=+7(%si):u8 si_8=+8(%si):u32 si_12=+12(%si):x32 "
	  "si_16=+16(%si):u64 si_24=+24(%si):s32 si_28=+28(%si):s16", NULL },
	{ { "-n", "connect_track", "__sys_connect", "fam=+0(%si):u16", "port=+2(%si):u16",
	    "a=+4(%si):u8", "b=+5(%si):u8", "c=+6(%si):u8", "d=+7(%si):u8", "v4=+4(%si):u32",
	    "flow=+4(%si):x32", "v6hi=+8(%si):x64", "v6lo=+16(%si):x64", "scope=+24(%si):u32" },
	  "p:kpdb_1/connect_track __sys_connect fam=+0(%si):u16 port=+2(%si):u16 a=+4(%si):u8 "
	  "b=+5(%si):u8 c=+6(%si):u8 d=+7(%si):u8 v4=+4(%si):u32 flow=+4(%si):x32 "
	  "v6hi=+8(%si):x64 v6lo=+16(%si):x64 scope=+24(%si):u32", NULL },
	/* the kernel documentation's examples */
	{ { "p:myprobe", "do_sys_open", "dfd=%ax", "filename=%dx", "flags=%cx", "mode=+4($stack)" },
	  "p:kpdb_1/myprobe do_sys_open dfd=%ax filename=%dx flags=%cx mode=+4($stack)", NULL },
	{ { "r:myretprobe", "do_sys_open", "$retval" },
	  "r:kpdb_1/myretprobe do_sys_open retval=$retval", NULL },
	{ { "r10:kp/connr", "__sys_connect", "ret=$retval:s32" },
	  "r10:kpdb_1/connr __sys_connect ret=$retval:s32", NULL },
	{ { "p", "sys_setuid", "%di:u32" }, "p:kpdb_1/bp1 sys_setuid di=%di:u32", NULL },
	{ { "p:grp/", "sys_setuid" }, "p:kpdb_1/bp1 sys_setuid", NULL },
	/* kpdb formats */
	{ { "sys_connect", "addr=+4(%si):ipv4", "port=+2(%si):port" },
	  "p:kpdb_1/bp1 sys_connect addr=+4(%si):u32 port=+2(%si):u16", NULL },
	{ { "-r", "sys_connect", "ret=$retval:errno" },
	  "r:kpdb_1/bp1 sys_connect ret=$retval:s64", NULL },
	{ { "sys_connect", "%si:sockaddr" },
	  "p:kpdb_1/bp1 sys_connect si__fam=+0(%si):u16 si__port=+2(%si):u16 si__v4=+4(%si):u32 "
	  "si__v6=+8(%si):x8[16] si__path=+2(%si):string si__apath=+3(%si):string", NULL },
	{ { "foo", "+16(%di):sockaddr" },
	  "p:kpdb_1/bp1 foo di_16__fam=+16(%di):u16 di_16__port=+18(%di):u16 "
	  "di_16__v4=+20(%di):u32 di_16__v6=+24(%di):x8[16] di_16__path=+18(%di):string "
	  "di_16__apath=+19(%di):string", NULL },
	{ { "sys_connect", "+8(%si):ipv6" }, "p:kpdb_1/bp1 sys_connect si_8=+8(%si):x8[16]", NULL },
	/* 6.1 refuses arrays read from user memory: the array drops the u */
	{ { "foo", "%si@user:ipv6" }, "p:kpdb_1/bp1 foo si=+0(%si):x8[16]", NULL },
	{ { "sys_connect", "%di:hex" }, "p:kpdb_1/bp1 sys_connect di=%di:x64", NULL },
	{ { "sys_connect", "%di:dec" }, "p:kpdb_1/bp1 sys_connect di=%di:s64", NULL },
	/* locations */
	{ { "__sys_connect%return", "$retval:s32" },
	  "r:kpdb_1/bp1 __sys_connect retval=$retval:s32", NULL },
	{ { "-r", "-n", "ret_open", "do_sys_openat2", "$retval:s64" },
	  "r:kpdb_1/ret_open do_sys_openat2 retval=$retval:s64", NULL },
	{ { "tcp_sendmsg+16", "%dx" }, "p:kpdb_1/bp1 tcp_sendmsg+16 dx=%dx", NULL },
	{ { "tcp_sendmsg+0x10" }, "p:kpdb_1/bp1 tcp_sendmsg+16", NULL },
	{ { "foo.isra.0", "%di" }, "p:kpdb_1/bp1 foo.isra.0 di=%di", NULL },
	{ { "--", "foo", "%r15:x64", "%orig_ax", "%flags" },
	  "p:kpdb_1/bp1 foo r15=%r15:x64 orig_ax=%orig_ax flags=%flags", NULL },
	/* every raw fetcharg form */
	{ { "foo", "$comm", "$stack", "$stack2", "$arg1", "@jiffies", "@jiffies+8:u64",
	    "@0xffffffff81000000:x32", "\\123:u8", "\\\"hi\"", "+0(+8(%si)):string",
	    "-8(%bp):s32", "bf=+0(%di):b3@5/32", "arr=+0(%di):u8[16]" },
	  "p:kpdb_1/bp1 foo comm=$comm stack=$stack stack2=$stack2 arg1=$arg1 jiffies=@jiffies "
	  "jiffies_8=@jiffies+8:u64 mem=@0xffffffff81000000:x32 imm=\\123:u8 imm_2=\\\"hi\" "
	  "si_8_0=+0(+8(%si)):string bp_m8=-8(%bp):s32 bf=+0(%di):b3@5/32 "
	  "arr=+0(%di):u8[16]", NULL },
	{ { "foo", "+4(%si)@user:u32", "+u8(%si):u16", "%si@user:string", "%di:ustring",
	    "+0(%dx):u32@user" },
	  "p:kpdb_1/bp1 foo si_4=+u4(%si):u32 si_8=+u8(%si):u16 si=+u0(%si):string "
	  "di=+0(%di):ustring dx_0=+u0(%dx):u32", NULL },
	{ { "-r", "foo", "$retval:string", "$retval:sockaddr@user" },
	  "r:kpdb_1/bp1 foo retval=+0($retval):string retval_2__fam=+u0($retval):u16 "
	  "retval_2__port=+u2($retval):u16 retval_2__v4=+u4($retval):u32 "
	  "retval_2__v6=+8($retval):x8[16] retval_2__path=+u2($retval):string "
	  "retval_2__apath=+u3($retval):string", NULL },
	{ { "foo", "@jiffies:sockaddr" },
	  "p:kpdb_1/bp1 foo jiffies__fam=@jiffies:u16 jiffies__port=@jiffies+2:u16 "
	  "jiffies__v4=@jiffies+4:u32 jiffies__v6=@jiffies+8:x8[16] "
	  "jiffies__path=@jiffies+2:string jiffies__apath=@jiffies+3:string", NULL },
	/* names: explicit ones win, derived ones are made unique */
	{ { "foo", "%di", "%di", "di=%si" }, "p:kpdb_1/bp1 foo di_2=%di di_3=%di di=%si", NULL },
	{ { "foo", "abcdefghijklmnopqrstuvwxyz_12345=%di" },
	  "p:kpdb_1/bp1 foo abcdefghijklmnopqrstuvwxyz_12345=%di", NULL },
	/* filters */
	{ { "__sys_connect", "addr=+4(%si):ipv4", "port=+2(%si):port", "if", "addr", "==",
	    "127.0.0.1", "&&", "port", "==", "4444" },
	  "p:kpdb_1/bp1 __sys_connect addr=+4(%si):u32 port=+2(%si):u16",
	  "addr == 16777343 && port == 23569" },
	{ { "-r", "__sys_connect", "ret=$retval:errno", "if", "ret", "==", "ECONNREFUSED" },
	  "r:kpdb_1/bp1 __sys_connect ret=$retval:s64", "ret == -111" },
	{ { "-r", "foo", "ret=$retval:errno", "if", "ret", "<", "0" },
	  "r:kpdb_1/bp1 foo ret=$retval:s64", "ret < 0" },
	{ { "foo", "a=%di:ipv4", "if", "a!=127.0.0.1" }, "p:kpdb_1/bp1 foo a=%di:u32",
	  "a != 16777343" },
	{ { "foo", "sa=%si:sockaddr@user", "if", "sa.port", "==", "22", "&&", "sa.family", "==",
	    "AF_INET", "&&", "sa.addr", "==", "10.0.0.1" },
	  "p:kpdb_1/bp1 foo sa__fam=+u0(%si):u16 sa__port=+u2(%si):u16 sa__v4=+u4(%si):u32 "
	  "sa__v6=+8(%si):x8[16] sa__path=+u2(%si):string sa__apath=+u3(%si):string",
	  "sa__port == 5632 && sa__fam == 2 && sa__v4 == 16777226" },
	{ { "foo", "sa=%si:sockaddr", "if", "sa.path", "~", "/run/*" },
	  "p:kpdb_1/bp1 foo sa__fam=+0(%si):u16 sa__port=+2(%si):u16 sa__v4=+4(%si):u32 "
	  "sa__v6=+8(%si):x8[16] sa__path=+2(%si):string sa__apath=+3(%si):string",
	  "sa__path ~ \"/run/*\"" },
	{ { "foo", "%di", "if", "(di", "==", "1", "||", "di", "==", "0x10)", "&&", "$comm", "~",
	    "\"ba*\"", "&&", "+4(%si):u32", ">", "3" },
	  "p:kpdb_1/bp1 foo di=%di f1=$comm f2=+4(%si):u32",
	  "(di == 1 || di == 0x10) && f1 ~ \"ba*\" && f2 > 3" },
	{ { "foo", "+4(%si):u32", "if", "+4(%si)", "==", "7", "&&", "si_4", "&", "0x3" },
	  "p:kpdb_1/bp1 foo si_4=+4(%si):u32", "si_4 == 7 && si_4 & 0x3" },
	{ { "foo", "$comm", "if", "comm", "==", "bash" }, "p:kpdb_1/bp1 foo comm=$comm",
	  "comm == \"bash\"" },
	{ { "foo", "if", "common_pid", "==", "1234" }, "p:kpdb_1/bp1 foo",
	  "common_pid == 1234" },
	{ { "foo", "f1=%di", "if", "%si", ">=", "-5" }, "p:kpdb_1/bp1 foo f1=%di f2=%si",
	  "f2 >= -5" },
	/* the hit's own comm and pid (issue 11, item 13): no hidden argument */
	{ { "vfs_read", "%dx", "if", "comm", "==", "\"cat\"" }, "p:kpdb_1/bp1 vfs_read dx=%dx",
	  "comm == \"cat\"" },
	{ { "foo", "if", "comm", "~", "ba*", "&&", "pid", "!=", "1" }, "p:kpdb_1/bp1 foo",
	  "comm ~ \"ba*\" && common_pid != 1" },
	{ { "foo", "%di", "if", "(pid", "==", "42", "||", "pid", "==", "43)", "&&", "di", ">",
	    "0" }, "p:kpdb_1/bp1 foo di=%di", "(common_pid == 42 || common_pid == 43) && di > 0" },
	/* an argument of that name comes first */
	{ { "foo", "pid=%di:s32", "comm=%si:string", "if", "pid", "==", "7", "&&", "comm", "==",
	    "x" }, "p:kpdb_1/bp1 foo pid=%di:s32 comm=+0(%si):string",
	  "pid == 7 && comm == \"x\"" },
};

static void test_good(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		const struct good *g = &good[i];
		struct kpdb_probe_spec spec;
		struct kpdb_err err = { { 0 } };
		char *def, *filter;
		int ret = 7;

		if (run(g->w, &spec, &err))
			fail_msg("good[%zu] (%s ...) refused: %s", i, g->w[0], err.msg);
		def = kpdb_probe_spec_definition(&spec, GROUP, spec.name ? spec.name : "bp1", &err);
		if (!def)
			fail_msg("good[%zu] (%s ...): no definition: %s", i, g->w[0], err.msg);
		if (strcmp(def, g->def))
			fail_msg("good[%zu]:\n got  %s\n want %s", i, def, g->def);
		filter = kpdb_probe_spec_filter(&spec, &ret, &err);
		assert_int_equal(ret, 0);
		if (!g->filter && filter)
			fail_msg("good[%zu]: unexpected filter '%s'", i, filter);
		if (g->filter && (!filter || strcmp(filter, g->filter)))
			fail_msg("good[%zu]: filter\n got  %s\n want %s", i,
				 filter ? filter : err.msg, g->filter);
		print_message("  bp");
		for (ret = 0; ret < count_words(g->w); ret++)
			print_message(" %s", g->w[ret]);
		print_message("\n    -> %s\n", def);
		if (filter)
			print_message("    filter: %s\n", filter);
		free(def);
		free(filter);
		kpdb_probe_spec_free(&spec);
	}
}

struct bad {
	const char *w[MAXW];
	const char *msg;
};

#define LONG64 "a123456789b123456789c123456789d123456789e123456789f123456789abcd"
#define LONG33 "a123456789b123456789c123456789d12"
#define NEST13 "+0(+0(+0(+0(+0(+0(+0(+0(+0(+0(+0(+0(+0(%si)))))))))))))"

static const struct bad bad[] = {
	/* locations */
	{ { NULL }, "missing location: bp [-r] [-n NAME] LOCATION [ARG]... [if FILTER]" },
	{ { "-r" }, "missing location: bp [-r] [-n NAME] LOCATION [ARG]... [if FILTER]" },
	{ { "if", "x", "==", "1" },
	  "missing location: bp [-r] [-n NAME] LOCATION [ARG]... [if FILTER]" },
	{ { "+5" }, "missing symbol in '+5'" },
	{ { "foo+" }, "missing offset in 'foo+'" },
	{ { "foo+0xZZ" }, "bad offset '0xZZ' in 'foo+0xZZ'" },
	{ { "foo+08" }, "bad offset '08' in 'foo+08'" },
	{ { "foo-4" }, "negative offset in 'foo-4'" },
	{ { "foo%ret" }, "unknown suffix '%ret' in 'foo%ret' (only '%return' is known)" },
	{ { "foo+4%return" }, "a return probe must be at the function entry, not 'foo+4%return'" },
	{ { "-r", "foo+4" }, "a return probe must be at the function entry, not 'foo+4'" },
	{ { "r", "foo+8" }, "a return probe must be at the function entry, not 'foo+8'" },
	{ { "nf-tables:nft_do_chain" }, "bad module name 'nf-tables' in 'nf-tables:nft_do_chain'" },
	{ { "nf_tables:nft+x" }, "bad offset 'x' in 'nf_tables:nft+x'" },
	{ { "dummy:nf_tables:dummy.c:12" }, "two modules in 'dummy:nf_tables:dummy.c:12'" },
	{ { "dummy:dummy.c:0" }, "bad line number in 'dummy.c:0'" },
	{ { "dummy:dummy.c:12%return" },
	  "a return probe is set on a function, not on a line: 'dummy.c:12%return'" },
	{ { "nf_tables:nft+4%return" },
	  "a return probe must be at the function entry, not 'nf_tables:nft+4%return'" },
	{ { "foo:0" }, "bad line number in 'foo:0'" },
	{ { "foo:" }, "missing line number in 'foo:'" },
	{ { "tcp.c" }, "missing line number in 'tcp.c' (FILE:LINE)" },
	{ { "net/ipv4/tcp.c:12abc" }, "bad line number in 'net/ipv4/tcp.c:12abc'" },
	{ { "sys:1x" }, "bad syscall name in 'sys:1x'" },
	{ { "foo:12%return" },
	  "a return probe is set on a function, not on a line: 'foo:12%return'" },
	{ { "-r", "foo:12" }, "a return probe is set on a function, not on a line: 'foo:12'" },
	{ { "0xffffffff81000000" },
	  "probing an address ('0xffffffff81000000') is not supported; use SYMBOL+OFFSET" },
	{ { "fo&o" }, "bad symbol name 'fo&o' in 'fo&o'" },
	{ { "if%return" }, "bad symbol name 'if' in 'if%return'" },
	{ { "if+4", "%di" }, "bad symbol name 'if' in 'if+4'" },
	/* options and pasted kprobe lines */
	{ { "-n" }, "option '-n' needs a name" },
	{ { "-n", "-r", "foo" }, "option '-n' needs a name" },
	{ { "-n", "x", "-n", "y", "foo" }, "option '-n' given twice" },
	{ { "-z", "foo" }, "unknown option '-z' for 'bp' (options: -r, -s, -S, -n NAME)" },
	{ { "-n", LONG64, "foo" }, "event name '" LONG64 "' is longer than 63 characters" },
	{ { "-n", "1x", "foo" },
	  "bad event name '1x': use letters, digits and '_', not starting with a digit" },
	{ { "-:bp1" }, "'-:bp1' removes a probe: use 'bc'" },
	{ { "p10:x", "foo" }, "maxactive only applies to return probes, not 'p10:x'" },
	{ { "r5000:x", "foo" }, "maxactive in 'r5000:x' must be 0 to 4096" },
	{ { "p:", "foo" }, "missing event name after ':' in 'p:'" },
	{ { "p:1x", "foo" },
	  "bad event name '1x': use letters, digits and '_', not starting with a digit" },
	{ { "p:g-x/y", "foo" }, "bad group name in 'p:g-x/y'" },
	{ { "p:x" }, "missing location: bp [-r] [-n NAME] LOCATION [ARG]... [if FILTER]" },
	/* raw fetchargs */
	{ { "foo", "+4(%si" }, "unbalanced parentheses in '+4(%si'" },
	{ { "foo", "%zz" },
	  "unknown register '%zz' (x86_64: ax bx cx dx si di bp sp r8-r15 ip flags cs ss "
	  "orig_ax)" },
	{ { "foo", "%rdi" }, "unknown register '%rdi' (did you mean '%di'?)" },
	{ { "foo", "%eax" }, "unknown register '%eax' (did you mean '%ax'?)" },
	{ { "foo", "%ds" }, "register '%ds' is only in 32-bit x86 pt_regs" },
	{ { "foo", "$stackX" }, "bad stack slot in '$stackX' (write $stack or $stackN)" },
	{ { "foo", "$stack99999" },
	  "stack slot '$stack99999' is past the kernel stack (at most $stack2048)" },
	{ { "foo", "$arg0" }, "bad argument number in '$arg0' (they count from $arg1)" },
	{ { "foo", "$argv" }, "bad argument number in '$argv' (write $argN)" },
	{ { "foo+4", "$arg1" }, "'$arg1' is only available at a function entry" },
	{ { "foo", "$retval" }, "'$retval' needs a return probe (-r or SYMBOL%return)" },
	{ { "foo", "$foo" },
	  "unknown variable '$foo' (known: $retval $comm $stack $stackN $argN $params)" },
	{ { "foo", "+4" }, "dereference '+4' needs '(FETCHARG)'" },
	{ { "foo", "+(%si)" }, "missing offset in '+(%si)'" },
	{ { "foo", "+0x(%si)" }, "bad offset '0x' in '+0x(%si)'" },
	{ { "foo", "+4(%si)x" }, "unexpected 'x' after ')' in '+4(%si)x'" },
	{ { "foo", "+4()" }, "empty dereference in '+4()'" },
	{ { "foo", "+0($comm)" }, "'$comm' cannot be dereferenced in '+0($comm)'" },
	{ { "foo", "+4(sk)" },
	  "'sk' in '+4(sk)' is not a fetcharg (C expressions cannot be mixed with raw fetchargs)" },
	{ { "foo", NEST13 }, "'" NEST13 "' nests dereferences too deeply (at most 12)" },
	{ { "foo", "@" }, "missing symbol or address after '@'" },
	{ { "foo", "@+4" }, "file offsets ('@+4') are for uprobes, not kprobes" },
	{ { "foo", "@jiff!es" }, "bad symbol name in '@jiff!es'" },
	{ { "foo", "\\abc" }, "bad immediate value '\\abc'" },
	{ { "foo", "\\\"abc" }, "unterminated immediate string '\\\"abc'" },
	{ { "foo", "123" }, "'123' is not a fetcharg (an immediate value is written '\\123')" },
	{ { "foo", "%di@user" },
	  "'@user' needs a memory reference: write '+u0(%di)' to read user memory at '%di'" },
	{ { "foo", "@jiffies@user" }, "'@user' does not apply to '@jiffies'" },
	{ { "foo", "@jiffies@user:sockaddr" },
	  "'@user' does not apply to kernel memory '@jiffies'" },
	{ { "foo", "$comm:u32" }, "'$comm' can only be fetched as a string, not 'u32'" },
	/* C expressions (only their shape is checked here) */
	{ { "foo", "sk->a[3" }, "unbalanced brackets in 'sk->a[3'" },
	{ { "foo", "(sk->a" }, "unbalanced parentheses in '(sk->a'" },
	{ { "foo", "sk#x" }, "bad character '#' in expression 'sk#x'" },
	/* types */
	{ { "foo", "%di:u7" }, "unknown type 'u7'" },
	{ { "foo", "%di:b3@5" }, "bitfield type 'b3@5' needs b<width>@<offset>/<8|16|32|64>" },
	{ { "foo", "+0(%di):b0@0/32" }, "bitfield width in 'b0@0/32' must not be 0" },
	{ { "foo", "+0(%di):b30@5/32" }, "bitfield 'b30@5/32' does not fit its 32-bit container" },
	{ { "foo", "+0(%di):b3@5/24" }, "bitfield container in 'b3@5/24' must be 8, 16, 32 or 64" },
	{ { "foo", "+0(%di):u8[0]" }, "array length in 'u8[0]' must be 1 to 64" },
	{ { "foo", "+0(%di):u8[65]" }, "array length in 'u8[65]' must be 1 to 64" },
	{ { "foo", "+0(%di):u8[4" }, "missing ']' at the end of type 'u8[4'" },
	{ { "foo", "+0(%di):u8[x]" }, "bad array length in type 'u8[x]'" },
	{ { "foo", "+0(%di):foo[4]" }, "unknown array element type 'foo' in 'foo[4]'" },
	{ { "foo", "%di:u8[4]" },
	  "array type 'u8[4]' needs a memory reference such as '+0(%di)', not '%di'" },
	{ { "foo", "%di:" }, "missing type after ':' in '%di:'" },
	/* arguments and names */
	{ { "foo", "" }, "empty argument" },
	{ { "foo", ":u32" }, "missing expression before ':' in ':u32'" },
	{ { "foo", "x=" }, "missing expression after '=' in 'x='" },
	{ { "foo", "=%di" }, "missing argument name before '=' in '=%di'" },
	{ { "foo", "1abc=%di" },
	  "bad argument name '1abc': use letters, digits and '_', not starting with a digit" },
	{ { "foo", LONG64 "=%di" },
	  "argument name '" LONG64 "' is longer than 32 characters (kernel limit)" },
	{ { "foo", LONG33 "=%di" },
	  "argument name '" LONG33 "' is longer than 32 characters (kernel limit)" },
	{ { "foo", "abcdefghijklmnopqrstuvwxyz=%si:sockaddr" },
	  "sockaddr argument name 'abcdefghijklmnopqrstuvwxyz' is longer than 25 characters "
	  "(32 with its '__apath' field, the kernel's limit)" },
	{ { "foo", "a=%di", "a=%si" }, "duplicate argument name 'a'" },
	{ { "foo", "x=%di:sockaddr", "x__port=%si" },
	  "argument name 'x__port' clashes with the fields of a sockaddr argument" },
	{ { "foo", "common_pid=%di" }, "argument name 'common_pid' is reserved by the kernel" },
	{ { "foo", "__probe_ip=%di" }, "argument name '__probe_ip' is reserved by the kernel" },
	/* filters */
	{ { "foo", "if" }, "'if' needs a condition, e.g. 'if port == 4444'" },
	{ { "foo", "%di", "if", "di", "==" }, "filter: missing value after '==' in 'di =='" },
	{ { "foo", "%di", "if", "di", "==", "1", "&&" },
	  "filter: dangling '&&' at the end of 'di == 1 &&'" },
	{ { "foo", "%di", "if", "di" }, "filter: missing comparison in 'di' (e.g. 'di == 1')" },
	{ { "foo", "%di", "if", "di", "=", "1" },
	  "filter: '=' is not a comparison in 'di = 1' (use '==')" },
	{ { "foo", "%di", "if", "di", "!", "1" }, "filter: unexpected '!' in 'di ! 1'" },
	{ { "foo", "%di", "if", "&&", "di", "==", "1" },
	  "filter: missing condition before '&&' in '&& di == 1'" },
	{ { "foo", "%di", "if", "==", "1" }, "filter: missing field before '==' in '== 1'" },
	{ { "foo", "%di", "if", "(di", "==", "1" },
	  "filter: unbalanced parentheses in '(di == 1'" },
	{ { "foo", "%di", "if", "di", "==", "1", "2" },
	  "filter: bad value '1 2' in 'di == 1 2' (one number, name or \"string\")" },
	{ { "foo", "%di", "if", "di", "==", "abc" }, "filter: bad number 'abc' for 'di'" },
	{ { "foo", "%di", "if", "di", "~", "\"a*\"" },
	  "filter: '~' matches strings, and 'di' is not one" },
	{ { "foo", "%di", "if", "di", "==", "\"1\"" },
	  "filter: 'di' is a number, not the string \"1\"" },
	{ { "foo", "$comm", "if", "comm", "<", "x" },
	  "filter: '<' does not compare strings ('comm' is a string): use ==, != or ~" },
	{ { "foo", "p=+2(%si):port", "if", "p", "<", "1024" },
	  "filter: '<' on 'p' would compare network byte order: use == or !=" },
	{ { "foo", "p=+2(%si):port", "if", "p", "==", "70000" },
	  "filter: bad port '70000' for 'p' (0 to 65535)" },
	{ { "foo", "a=+4(%si):ipv4", "if", "a", "==", "1.2.3" },
	  "filter: bad IPv4 address '1.2.3' for 'a'" },
	{ { "-r", "foo", "r=$retval:errno", "if", "r", "==", "EFOO" },
	  "filter: bad errno value 'EFOO' for 'r'" },
	{ { "foo", "sa=%si:sockaddr", "if", "sa.foo", "==", "1" },
	  "filter: unknown field 'foo' of sockaddr 'sa' (port, family, addr, path)" },
	{ { "foo", "sa=%si:sockaddr", "if", "sa.family", "==", "AF_FOO" },
	  "filter: bad address family 'AF_FOO' for 'sa.family'" },
	{ { "foo", "sa=%si:sockaddr", "if", "sa", "==", "1" },
	  "filter: compare a field of sockaddr 'sa': sa.port, sa.family, sa.addr or sa.path" },
	{ { "foo", "x=+8(%si):ipv6", "if", "x", "==", "1" },
	  "filter: cannot filter on 'x': the kernel does not compare arrays" },
	{ { "foo", "%di", "if", "di.port", "==", "1" },
	  "filter: 'di' has no field 'port': only sockaddr arguments have fields" },
	{ { "foo", "%di", "if", "%zz", "==", "1" },
	  "filter: unknown register '%zz' (x86_64: ax bx cx dx si di bp sp r8-r15 ip flags cs ss "
	  "orig_ax)" },
	{ { "foo", "if", "$params", "==", "1" },
	  "filter: '$params' cannot be compared in a filter" },
	{ { "foo", "if", "$retval", "==", "1" },
	  "filter: '$retval' needs a return probe (-r or SYMBOL%return)" },
	/* the field as the user wrote it: not common_pid, not a hidden f1 */
	{ { "foo", "if", "comm", "<", "x" },
	  "filter: '<' does not compare strings ('comm' is a string): use ==, != or ~" },
	{ { "foo", "if", "pid", "==", "\"x\"" },
	  "filter: 'pid' is a number, not the string \"x\"" },
	{ { "foo", "if", "pid", "~", "1*" }, "filter: '~' matches strings, and 'pid' is not one" },
	{ { "foo", "if", "%si", "==", "abc" }, "filter: bad number 'abc' for '%si'" },
	{ { "foo", "if", "$comm", "<", "x" },
	  "filter: '<' does not compare strings ('$comm' is a string): use ==, != or ~" },
	{ { "foo", "if", "+0(%si):u8[4]", "==", "1" },
	  "filter: cannot filter on '+0(%si):u8[4]': the kernel does not compare arrays" },
};

static void test_bad(void **state)
{
	size_t i;

	assert_true(sizeof(bad) / sizeof(bad[0]) >= 40);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct kpdb_probe_spec spec;
		struct kpdb_err err = { { 0 } };

		if (run(bad[i].w, &spec, &err) != -1)
			fail_msg("bad[%zu] (%s %s) was accepted", i, bad[i].w[0],
				 bad[i].w[0] ? bad[i].w[1] : "");
		if (strcmp(err.msg, bad[i].msg))
			fail_msg("bad[%zu]:\n got  %s\n want %s", i, err.msg, bad[i].msg);
		/* a refused spec is left empty (and leaks nothing under ASan) */
		assert_null(spec.args);
		assert_null(spec.location);
		assert_int_equal(spec.nargs, 0);
	}
}

/* 128 arguments are the kernel's limit; the 129th is refused. */
static void test_arg_limit(void **state)
{
	static char words[KPDB_MAX_ARGS + 2][24];
	char *argv[KPDB_MAX_ARGS + 2];
	struct kpdb_probe_spec spec;
	struct kpdb_err err = { { 0 } };
	char *def;
	int i;

	argv[0] = "foo";
	for (i = 1; i <= KPDB_MAX_ARGS + 1; i++) {
		snprintf(words[i], sizeof(words[i]), "+%d(%%si):u8", i - 1);
		argv[i] = words[i];
	}
	assert_int_equal(kpdb_probe_spec_parse(KPDB_MAX_ARGS + 1, argv, &spec, &err), 0);
	assert_int_equal(spec.nargs, KPDB_MAX_ARGS);
	def = kpdb_probe_spec_definition(&spec, GROUP, "bp1", &err);
	assert_non_null(def);
	assert_non_null(strstr(def, " si_127=+127(%si):u8"));
	free(def);
	kpdb_probe_spec_free(&spec);

	assert_int_equal(kpdb_probe_spec_parse(KPDB_MAX_ARGS + 2, argv, &spec, &err), -1);
	assert_string_equal(err.msg, "too many arguments (129): the kernel allows 128 per probe");

	/* a sockaddr takes six fields: 22 of them are 132 */
	for (i = 1; i <= 22; i++) {
		snprintf(words[i], sizeof(words[i]), "+%d(%%si):sockaddr", i);
		argv[i] = words[i];
	}
	assert_int_equal(kpdb_probe_spec_parse(23, argv, &spec, &err), -1);
	assert_string_equal(err.msg, "too many fields (132): the kernel allows 128 per probe "
			    "(a sockaddr takes 6)");
}

static void test_spec_fields(void **state)
{
	const char *w1[MAXW] = { "r7:g/ev", "tcp_v4_connect", "sk=%di@user:u64" };
	const char *w2[MAXW] = { "net/ipv4/tcp.c:120", "x=sk->sk_state:u8" };
	const char *w3[MAXW] = { "tcp_sendmsg:12" };
	const char *w4[MAXW] = { "tcp_sendmsg+0x20", "%di" };
	struct kpdb_probe_spec spec;
	struct kpdb_err err = { { 0 } };
	char *s;

	/* @user on a register is refused, so check the other fields on w1 without it */
	w1[2] = "sk=%di:u64";
	assert_int_equal(run(w1, &spec, &err), 0);
	assert_true(spec.retprobe);
	assert_int_equal(spec.maxactive, 7);
	assert_string_equal(spec.name, "ev");
	assert_string_equal(spec.symbol, "tcp_v4_connect");
	assert_string_equal(spec.location, "tcp_v4_connect");
	assert_int_equal(spec.nargs, 1);
	assert_string_equal(spec.args[0].name, "sk");
	assert_string_equal(spec.args[0].expr, "%di");
	assert_string_equal(spec.args[0].type, "u64");
	assert_string_equal(spec.args[0].fetch, "%di");
	assert_string_equal(spec.args[0].ktype, "u64");
	assert_false(spec.args[0].c_expr);
	assert_false(spec.args[0].hidden);
	assert_false(kpdb_probe_spec_needs_dwarf(&spec));
	s = kpdb_probe_spec_address(&spec);
	assert_string_equal(s, "tcp_v4_connect");
	free(s);
	kpdb_probe_spec_free(&spec);

	assert_int_equal(run(w2, &spec, &err), 0);
	assert_null(spec.symbol);
	assert_string_equal(spec.file, "net/ipv4/tcp.c");
	assert_int_equal(spec.line, 120);
	assert_true(spec.args[0].c_expr);
	assert_string_equal(spec.args[0].expr, "sk->sk_state");
	assert_string_equal(spec.args[0].ktype, "u8");	/* a kernel type given by the user */
	assert_null(spec.args[0].fetch);
	assert_true(kpdb_probe_spec_needs_dwarf(&spec));
	assert_null(kpdb_probe_spec_address(&spec));
	assert_null(kpdb_probe_spec_definition(&spec, GROUP, "bp1", &err));
	assert_string_equal(err.msg, "location 'net/ipv4/tcp.c:120' needs debug info");
	kpdb_probe_spec_free(&spec);

	/* sys:NAME and FILE:FUNC are left whole to the resolver */
	{
		static const char *const sys[] = { "sys:connect%return", "$retval:errno", NULL };
		static const char *const ff[] = { "net/ipv4/tcp_ipv4.c:tcp_v4_connect", NULL };

		assert_int_equal(run(sys, &spec, &err), 0);
		assert_null(spec.symbol);
		assert_null(spec.file);
		assert_true(spec.retprobe);
		assert_string_equal(spec.location, "sys:connect%return");
		assert_true(kpdb_probe_spec_needs_dwarf(&spec));
		kpdb_probe_spec_free(&spec);
		assert_int_equal(run(ff, &spec, &err), 0);
		assert_null(spec.symbol);
		assert_null(spec.file);
		assert_int_equal(spec.line, 0);
		assert_true(kpdb_probe_spec_needs_dwarf(&spec));
		kpdb_probe_spec_free(&spec);
	}

	assert_int_equal(run(w3, &spec, &err), 0);
	assert_string_equal(spec.symbol, "tcp_sendmsg");
	assert_int_equal(spec.line, 12);
	assert_true(kpdb_probe_spec_needs_dwarf(&spec));
	assert_null(kpdb_probe_spec_address(&spec));
	/* what the resolver does with a line */
	spec.offset = 0x2c;
	spec.line = 0;
	s = kpdb_probe_spec_definition(&spec, GROUP, "bp1", &err);
	assert_string_equal(s, "p:kpdb_1/bp1 tcp_sendmsg+44");
	free(s);
	kpdb_probe_spec_free(&spec);

	assert_int_equal(run(w4, &spec, &err), 0);
	assert_int_equal(spec.offset, 32);
	assert_false(spec.retprobe);
	s = kpdb_probe_spec_address(&spec);
	assert_string_equal(s, "tcp_sendmsg+32");
	free(s);
	kpdb_probe_spec_free(&spec);
	kpdb_probe_spec_free(NULL);
}

/* C expressions: left for the resolver, then completed the way it does. */
static void test_c_expr_resolution(void **state)
{
	const char *w[MAXW] = { "__sys_connect", "((struct sockaddr_in *)uservaddr)->sin_port",
				"uservaddr:sockaddr", "p->arr[3][4]", "*p", "$params",
				"sk->__sk_common.skc_dport", "addr=((struct sockaddr_in6 *)"
				"uservaddr)->sin6_addr:ipv6", "if", "sin_port", "==", "4444",
				"&&", "uservaddr.addr", "==", "127.0.0.1", "&&",
				"sk->sk_state", "==", "1" };
	struct kpdb_probe_spec spec;
	struct kpdb_err err = { { 0 } };
	char *def, *filter;
	int ret;

	assert_int_equal(run(w, &spec, &err), 0);
	assert_int_equal(spec.nargs, 8);
	assert_string_equal(spec.args[0].name, "sin_port");
	assert_string_equal(spec.args[1].name, "uservaddr");
	assert_string_equal(spec.args[2].name, "arr_3_4");
	assert_string_equal(spec.args[3].name, "p");
	assert_string_equal(spec.args[4].name, "params");
	assert_string_equal(spec.args[5].name, "skc_dport");
	assert_string_equal(spec.args[6].name, "addr");
	assert_string_equal(spec.args[7].name, "f1");
	assert_string_equal(spec.args[7].expr, "sk->sk_state");
	assert_true(spec.args[7].hidden);
	for (ret = 0; ret < 8; ret++) {
		assert_true(spec.args[ret].c_expr);
		assert_null(spec.args[ret].fetch);
	}
	assert_int_equal(spec.args[1].fmt, KPDB_FMT_SOCKADDR);
	assert_null(spec.args[1].ktype);
	assert_string_equal(spec.filter, "sin_port == 4444 && uservaddr.addr == 127.0.0.1 && "
			    "sk->sk_state == 1");
	assert_true(kpdb_probe_spec_needs_dwarf(&spec));

	assert_null(kpdb_probe_spec_definition(&spec, GROUP, "bp1", &err));
	assert_string_equal(err.msg, "argument 'sin_port' needs debug info to resolve "
			    "'((struct sockaddr_in *)uservaddr)->sin_port'");
	assert_null(kpdb_probe_spec_filter(&spec, &ret, &err));
	assert_int_equal(ret, -1);
	assert_string_equal(err.msg, "filter: argument 'sin_port' needs debug info to resolve "
			    "'((struct sockaddr_in *)uservaddr)->sin_port'");

	/* what the resolver would fill in for __sys_connect(fd, uservaddr, addrlen) */
	spec.args[0].fetch = strdup("+2(%si)");
	spec.args[0].ktype = strdup("u16");
	spec.args[0].fmt = KPDB_FMT_PORT;
	spec.args[1].fetch = strdup("%si");
	spec.args[1].ptr = true;
	spec.args[6].fetch = strdup("+8(%si)");
	spec.args[7].fetch = strdup("+18(+24(%di))");
	spec.args[7].ktype = strdup("u8");
	for (ret = 2; ret <= 5; ret++)
		spec.args[ret].hidden = true, spec.args[ret].fetch = strdup("%dx");
	filter = kpdb_probe_spec_filter(&spec, &ret, &err);
	assert_int_equal(ret, 0);
	assert_string_equal(filter, "sin_port == 23569 && uservaddr__v4 == 16777343 && f1 == 1");
	def = kpdb_probe_spec_definition(&spec, GROUP, "bp1", &err);
	assert_string_equal(def, "p:kpdb_1/bp1 __sys_connect sin_port=+2(%si):u16 "
			    "uservaddr__fam=+0(%si):u16 uservaddr__port=+2(%si):u16 "
			    "uservaddr__v4=+4(%si):u32 uservaddr__v6=+8(%si):x8[16] "
			    "uservaddr__path=+2(%si):string uservaddr__apath=+3(%si):string "
			    "arr_3_4=%dx p=%dx params=%dx skc_dport=%dx addr=+8(%si):x8[16] "
			    "f1=+18(+24(%di)):u8");
	free(def);
	free(filter);
	kpdb_probe_spec_free(&spec);
}

/*
 * Issue 11, item 13: a filter's expressions that are no argument become
 * hidden arguments f1, f2...; no message names those, whether kpdb's own or
 * the resolver's ("argument 'f1': no parameter 'comm'" was what a user got
 * for `if comm == "cat"`, and wrote no f1).
 */
static void test_filter_hidden_names(void **state)
{
	const char *w[MAXW] = { "foo", "x=%di", "if", "comm", "==", "cat", "&&", "pid:s32", "==",
				"7", "&&", "sk->a", ">", "1" };
	struct kpdb_probe_spec spec;
	struct kpdb_err err = { { 0 } };
	char *filter;
	int ret;

	(void)state;
	assert_int_equal(run(w, &spec, &err), 0);
	/* comm is the hit's: only pid:s32 (a C expression) and sk->a are fetched */
	assert_int_equal(spec.nargs, 3);
	assert_string_equal(spec.args[1].name, "f1");
	assert_string_equal(spec.args[1].expr, "pid");
	assert_true(spec.args[1].hidden);
	assert_string_equal(spec.args[2].name, "f2");

	assert_null(kpdb_probe_spec_definition(&spec, GROUP, "bp1", &err));
	assert_string_equal(err.msg, "filter 'pid' needs debug info");
	assert_null(kpdb_probe_spec_filter(&spec, &ret, &err));
	assert_string_equal(err.msg, "filter: 'pid' needs debug info");

	/* the resolver's words are kept, its field name is not */
	kpdb_err_set(&err, "argument 'f2': no member 'a' in 'struct sock'");
	kpdb_probe_spec_explain(&spec, &err);
	assert_string_equal(err.msg, "filter 'sk->a': no member 'a' in 'struct sock'");
	kpdb_err_set(&err, "argument 'f1': no parameter 'pid' in 'foo'");
	kpdb_probe_spec_explain(&spec, &err);
	assert_string_equal(err.msg, "filter 'pid': no parameter 'pid' in 'foo'");
	/* an argument the user wrote keeps its name; f10 is not f1 */
	kpdb_err_set(&err, "argument 'x': no parameter 'x' in 'foo'");
	kpdb_probe_spec_explain(&spec, &err);
	assert_string_equal(err.msg, "argument 'x': no parameter 'x' in 'foo'");
	kpdb_err_set(&err, "argument 'f10': no parameter 'y' in 'foo'");
	kpdb_probe_spec_explain(&spec, &err);
	assert_string_equal(err.msg, "argument 'f10': no parameter 'y' in 'foo'");

	/* resolved: pid and comm are the kernel's common_pid and comm */
	assert_string_equal(spec.args[1].ktype, "s32");	/* as typed */
	spec.args[1].fetch = strdup("%di");
	spec.args[2].fetch = strdup("+8(%si)");
	spec.args[2].ktype = strdup("u32");
	filter = kpdb_probe_spec_filter(&spec, &ret, &err);
	assert_int_equal(ret, 0);
	assert_string_equal(filter, "comm == \"cat\" && f1 == 7 && f2 > 1");
	free(filter);
	kpdb_probe_spec_free(&spec);
}

/* Limits the kernel enforces when it reads the definition. */
static void test_definition_errors(void **state)
{
	const char *w[MAXW] = { "foo", "+10(+10(+10(+10(+10(+10(+10(+10(+10(+10(+10(+10(%si))))"
				"))))))))" };
	const char *w2[MAXW] = { "foo", "x=sk->a->b->c->d" };
	struct kpdb_probe_spec spec;
	struct kpdb_err err = { { 0 } };
	char *def;

	/* 63 characters is the most the kernel takes for "fetch:type" */
	assert_int_equal(run(w, &spec, &err), 0);
	assert_int_equal(strlen(spec.args[0].fetch), 63);
	def = kpdb_probe_spec_definition(&spec, GROUP, "bp1", &err);
	assert_non_null(def);
	free(def);
	kpdb_probe_spec_free(&spec);
	w[1] = "+10(+10(+10(+10(+10(+10(+10(+10(+10(+10(+10(+10(%si)))))))))))):string";
	assert_int_equal(run(w, &spec, &err), -1);
	assert_string_equal(err.msg, "'+10(+10(+10(+10(+10(+10(+10(+10(+10(+10(+10(+10(%si))))"
			    "))))))))' is too long for the kernel: '+10(+10(+10(+10(+10(+10(+10("
			    "+10(+10(+10(+10(+10(%si)))))))))))):string' has 70 characters "
			    "(at most 63)");

	/* a resolved C expression is checked when the definition is built */
	assert_int_equal(run(w2, &spec, &err), 0);
	spec.args[0].fetch = strdup("+8(+16(+24(+32(+40(+48(+56(+64(+72(+80(+88(+96(%di)))"
				    ")))))))))");
	spec.args[0].ktype = strdup("u64");
	assert_null(kpdb_probe_spec_definition(&spec, GROUP, "bp1", &err));
	assert_string_equal(err.msg, "argument 'x' is too long for the kernel: '+8(+16(+24(+32("
			    "+40(+48(+56(+64(+72(+80(+88(+96(%di)))))))))))):u64' has 66 "
			    "characters (at most 63)");
	assert_null(kpdb_probe_spec_definition(&spec, "kpdb-1", "bp1", &err));
	assert_string_equal(err.msg, "bad group name 'kpdb-1'");
	assert_null(kpdb_probe_spec_definition(&spec, GROUP, "1bp", &err));
	assert_string_equal(err.msg, "bad event name '1bp'");
	kpdb_probe_spec_free(&spec);
}

/*
 * Derived names are cut only where the kernel's 32 characters (its
 * MAX_ARG_NAME_LEN) require it, with room for the _N of a repeated name
 * (issue 11, item 6: they were cut at 28 even without a suffix).
 */
static void test_long_auto_name(void **state)
{
	const char *w[MAXW] = { "foo", "p->a_very_long_member_name_that_goes_on_and_on",
				"p->a_very_long_member_name_that_goes_on_and_on",
				"@sysctl_icmp_echo_enable_probe",
				"p->abcdefghijklmnopqrstuvwxyz_12345",
				"p->abcdefghijklmnopqrstuvwxyz_123456",
				"p->abcdefghijklmnopqrstuvwxyzAB:sockaddr" };
	const char *w2[MAXW] = { "foo" };
	struct kpdb_probe_spec spec;
	struct kpdb_err err = { { 0 } };
	char *def;
	int i;

	(void)state;
	assert_int_equal(run(w, &spec, &err), 0);
	assert_string_equal(spec.args[0].name, "a_very_long_member_name_that_goe");
	assert_string_equal(spec.args[1].name, "a_very_long_member_name_that_g_2");
	assert_string_equal(spec.args[2].name, "sysctl_icmp_echo_enable_probe");
	/* exactly 32 is the kernel's limit; the 33rd character goes */
	assert_string_equal(spec.args[3].name, "abcdefghijklmnopqrstuvwxyz_12345");
	assert_string_equal(spec.args[4].name, "abcdefghijklmnopqrstuvwxyz_123_2");
	/* a sockaddr's fields add "__apath": 25 characters */
	assert_string_equal(spec.args[5].name, "abcdefghijklmnopqrstuvwxy");
	for (i = 0; i < 6; i++)
		assert_true(strlen(spec.args[i].name) <= 32);
	kpdb_probe_spec_free(&spec);

	/* the issue's own case, through to the definition */
	w2[1] = "@sysctl_icmp_echo_enable_probe:u8";
	assert_int_equal(run(w2, &spec, &err), 0);
	def = kpdb_probe_spec_definition(&spec, GROUP, "bp1", &err);
	assert_string_equal(def, "p:kpdb_1/bp1 foo sysctl_icmp_echo_enable_probe="
			    "@sysctl_icmp_echo_enable_probe:u8");
	free(def);
	kpdb_probe_spec_free(&spec);

	/* a two-digit _N takes one more character off */
	for (i = 1; i <= 11; i++)
		w2[i] = "p->a_very_long_member_name_that_goes_on_and_on";
	assert_int_equal(run(w2, &spec, &err), 0);
	assert_string_equal(spec.args[8].name, "a_very_long_member_name_that_g_9");
	assert_string_equal(spec.args[9].name, "a_very_long_member_name_that__10");
	assert_string_equal(spec.args[10].name, "a_very_long_member_name_that__11");
	kpdb_probe_spec_free(&spec);
}

static void test_helpers(void **state)
{
	static const char *const mem[] = { "+4(%si)", "-8(%bp)", "+u4(%si)", "+0(+8(%si))",
					   "+0x10(%di)" };
	static const char *const notmem[] = { "%si", "$retval", "@jiffies", "+4(%si)x", "+4",
					      "", "sk->x" };
	static const char *const types[] = { "u8", "u16", "u32", "u64", "s8", "s16", "s32",
					     "s64", "x8", "x16", "x32", "x64", "string", "ustring",
					     "symbol", "symstr", "b3@5/32", "b1@0/8", "b64@0/64",
					     "u8[16]", "x32[64]", "string[2]" };
	static const char *const badtypes[] = { "", "u7", "int", "b3@5", "b0@0/32", "u8[0]",
						"u8[65]", "u8[", "ipv4", "char", "symstr[2]" };
	char name64[65];
	size_t i;

	for (i = 0; i < sizeof(mem) / sizeof(mem[0]); i++)
		assert_true(kpdb_fetcharg_is_memory(mem[i]));
	for (i = 0; i < sizeof(notmem) / sizeof(notmem[0]); i++)
		assert_false(kpdb_fetcharg_is_memory(notmem[i]));
	assert_false(kpdb_fetcharg_is_memory(NULL));
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!kpdb_ktype_valid(types[i]))
			fail_msg("type '%s' refused", types[i]);
	for (i = 0; i < sizeof(badtypes) / sizeof(badtypes[0]); i++)
		if (kpdb_ktype_valid(badtypes[i]))
			fail_msg("type '%s' accepted", badtypes[i]);
	assert_false(kpdb_ktype_valid(NULL));

	assert_true(kpdb_name_valid("bp1"));
	assert_true(kpdb_name_valid("_x"));
	assert_false(kpdb_name_valid("1x"));
	assert_false(kpdb_name_valid("a-b"));
	assert_false(kpdb_name_valid(""));
	assert_false(kpdb_name_valid(NULL));
	memset(name64, 'a', 63);
	name64[63] = '\0';
	assert_true(kpdb_name_valid(name64));
	name64[63] = 'a';
	name64[64] = '\0';
	assert_false(kpdb_name_valid(name64));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_arg_limit),
		cmocka_unit_test(test_spec_fields),
		cmocka_unit_test(test_c_expr_resolution),
		cmocka_unit_test(test_filter_hidden_names),
		cmocka_unit_test(test_definition_errors),
		cmocka_unit_test(test_long_auto_name),
		cmocka_unit_test(test_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
