// SPDX-License-Identifier: GPL-2.0-or-later
/* test-split.c - the command-line splitter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cmd.h"
#include "err.h"

struct good {
	const char *line;
	const char *words[8];
};

static const struct good goods[] = {
	{ "", { NULL } },
	{ "   \t ", { NULL } },
	{ "bl", { "bl", NULL } },
	{ "  bp  sys_setuid   %di:u32 ", { "bp", "sys_setuid", "%di:u32", NULL } },
	{ "bp __sys_connect ((struct sockaddr_in *)uservaddr)->sin_port:port",
	  { "bp", "__sys_connect", "((struct sockaddr_in *)uservaddr)->sin_port:port", NULL } },
	{ "bp f p->arr[ 3 ].x", { "bp", "f", "p->arr[ 3 ].x", NULL } },
	{ "echo 'a b' \"c d\"", { "echo", "a b", "c d", NULL } },
	{ "echo a\\ b", { "echo", "a b", NULL } },
	{ "echo \"say \\\"hi\\\"\"", { "echo", "say \"hi\"", NULL } },
	{ "bp f \\123", { "bp", "f", "\\123", NULL } },
	{ "bp f x if comm == \"nc\"", { "bp", "f", "x", "if", "comm", "==", "nc", NULL } },
	{ "bp f +8(+0(%si)):string", { "bp", "f", "+8(+0(%si)):string", NULL } },
	{ "a''b", { "ab", NULL } },
};

static void test_good(void **state)
{
	for (size_t i = 0; i < sizeof(goods) / sizeof(goods[0]); i++) {
		struct kpdb_err err = { "" };
		char **argv;
		int n = kpdb_split(goods[i].line, &argv, &err);
		int want = 0;

		while (goods[i].words[want])
			want++;
		assert_int_equal(n, want);
		for (int k = 0; k < n; k++)
			assert_string_equal(argv[k], goods[i].words[k]);
		assert_null(argv[n]);
		kpdb_argv_free(argv);
	}
}

struct bad {
	const char *line;
	const char *msg;
};

static const struct bad bads[] = {
	{ "echo 'abc", "unterminated single quote" },
	{ "echo \"abc", "unterminated double quote" },
	{ "bp f (struct x *p", "unbalanced '(' or '[' in 'bp f (struct x *p'" },
	{ "bp f p->a[1", "unbalanced '(' or '[' in 'bp f p->a[1'" },
	{ "bp f a)", "unbalanced ')' in 'bp f a)'" },
};

static void test_bad(void **state)
{
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		struct kpdb_err err = { "" };
		char **argv = (char **)1;

		assert_int_equal(kpdb_split(bads[i].line, &argv, &err), -1);
		assert_null(argv);
		assert_string_equal(err.msg, bads[i].msg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
