// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-complete.c - the words a prompt's word completes to, without a
 * terminal: commands, always-inlined functions and a probe's arguments
 * from the DWARF fixture.  With --dry-run and no tracing directory there
 * is no list of kernel functions (tests/cli-complete.sh types those).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cmd.h"
#include "complete.h"
#include "kpdb.h"
#include "resolver.h"

#ifndef FX_DIR
#error "FX_DIR must name the directory of the compiled fixtures"
#endif

static struct kpdb_ctx ctx;

static int setup(void **state)
{
	struct kpdb_err err = { "" };

	setenv("KPDB_NO_INDEX_CACHE", "1", 1);
	kpdb_ctx_init(&ctx);
	ctx.cmds = kpdb_all_cmds;
	ctx.dry_run = true;
	if (kpdb_dwarf_open(FX_DIR "/dwarf-fx-O2", &ctx.dw, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	kpdb_ctx_release(&ctx);
	return 0;
}

/* The words for the last word of @line, joined by spaces ("" for none). */
static const char *words(const char *line)
{
	static char buf[4096];
	const char *word = strrchr(line, ' ');
	size_t start = word ? (size_t)(word + 1 - line) : 0;
	char **v = kpdb_complete(&ctx, line, start, line + start);
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; v && v[i]; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", i ? " " : "", v[i]);
	if (v)
		assert_non_null(v[0]);	/* no words is NULL, never an empty array */
	kpdb_argv_free(v);
	return buf;
}

/* A line typed up to the cursor, and the words its last word completes to. */
static const struct {
	const char *line, *want;
} cases[] = {
	/* commands, in the tables' order */
	{ "sysr", "sysrq" },
	{ "b", "bp bl bc be bd bt" },
	{ "md", "md md1 md2 md4 md8" },
	{ "help o", "offsetof" },
	{ "nope", "" },
	/* a command's own words are not commands */
	{ "quit b", "" },
	{ "echo b", "" },
	/* no kernel list (dry run): the always-inlined functions of the debug info */
	{ "bp fx_inl_p", "fx_inl_ptr" },
	{ "bp -n x fx_inl_p", "fx_inl_ptr" },
	{ "bp -r fx_inl_p", "fx_inl_ptr" },
	{ "lat fx_inl_p", "fx_inl_ptr" },
	{ "info fx_inl_p", "fx_inl_ptr" },
	/* a function with a symbol is the kernel list's to give */
	{ "bp fx_connec", "" },
	/* an empty word: the kernel's functions only, never every inlined one */
	{ "bp ", "" },
	/* a probe's arguments: parameters, then member paths */
	{ "bp fx_connect ", "fd uservaddr addrlen" },
	{ "bp fx_connect user", "uservaddr" },
	{ "bp -n x fx_connect user", "uservaddr" },
	{ "bp fx_connect uservaddr->sa_f", "uservaddr->sa_family" },
	{ "bp fx_sock_use sk->__sk_common.skc_dp", "sk->__sk_common.skc_dport" },
	{ "bp fx_inl_ptr p", "pp" },
	{ "bp fx_connect nope", "" },
	{ "bp no_such_function x", "" },
	/* only bp takes arguments after its function */
	{ "lat fx_connect user", "" },
};

static void test_cases(void **state)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = words(cases[i].line);

		if (strcmp(got, cases[i].want))
			fail_msg("'%s': got '%s', want '%s'", cases[i].line, got, cases[i].want);
	}
}

static void test_all_commands(void **state)
{
	const struct kpdb_cmd *cmd;
	size_t it = 0, n = 0;
	char **v = kpdb_complete(&ctx, "", 0, "");

	/* every command, in the tables' order */
	assert_non_null(v);
	while ((cmd = kpdb_cmd_next(&ctx, &it)))
		assert_string_equal(v[n++], cmd->name);
	assert_null(v[n]);
	kpdb_argv_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_all_commands),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
