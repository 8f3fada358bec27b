// SPDX-License-Identifier: GPL-2.0-or-later
/* test-cmd.c - the dispatcher and the session verbs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cmd.h"
#include "kpdb.h"

struct fixture {
	struct kpdb_ctx ctx;
	char *buf;
	size_t len;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	kpdb_ctx_init(&fx->ctx);
	fx->ctx.cmds = kpdb_all_cmds;
	fx->ctx.dry_run = true;
	fx->ctx.out = open_memstream(&fx->buf, &fx->len);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	fclose(fx->ctx.out);
	free(fx->buf);
	kpdb_ctx_release(&fx->ctx);
	free(fx);
	return 0;
}

static const char *output(struct fixture *fx)
{
	fflush(fx->ctx.out);
	return fx->buf ? fx->buf : "";
}

static void test_unknown(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(kpdb_cmd_run_line(&fx->ctx, "foo bar"), -1);
	assert_string_equal(fx->ctx.err.msg, "unknown command 'foo'; try 'help'");
	assert_int_equal(kpdb_cmd_run_line(&fx->ctx, "b"), -1);
	assert_string_equal(fx->ctx.err.msg, "unknown command 'b'; try 'help'");
}

static void test_empty_and_comment(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(kpdb_cmd_run_line(&fx->ctx, ""), 0);
	assert_int_equal(kpdb_cmd_run_line(&fx->ctx, "   # bp nothing"), 0);
	assert_string_equal(output(fx), "");
}

static void test_echo_and_json(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(kpdb_cmd_run_line(&fx->ctx, "echo hello   'big world'"), 0);
	assert_int_equal(kpdb_cmd_run_line(&fx->ctx, "set json on"), 0);
	assert_true(fx->ctx.json);
	assert_int_equal(kpdb_cmd_run_line(&fx->ctx, "echo a\"b"), -1);
	assert_string_equal(fx->ctx.err.msg, "unterminated double quote");
	assert_int_equal(kpdb_cmd_run_line(&fx->ctx, "echo say \"x\\\"y\""), 0);
	assert_string_equal(output(fx), "hello big world\n{\"echo\":\"say x\\\"y\"}\n");
	assert_int_equal(kpdb_cmd_run_line(&fx->ctx, "set json maybe"), -1);
	assert_string_equal(fx->ctx.err.msg, "'set json' takes 'on' or 'off', not 'maybe'");
	assert_int_equal(kpdb_cmd_run_line(&fx->ctx, "set color on"), -1);
	assert_string_equal(fx->ctx.err.msg, "usage: set json on|off");
}

static void test_help(void **state)
{
	struct fixture *fx = *state;
	const struct kpdb_cmd *cmd;
	size_t i = 0, n = 0;

	assert_int_equal(kpdb_cmd_run_line(&fx->ctx, "help"), 0);
	/* every command of every table is listed by help */
	while ((cmd = kpdb_cmd_next(&fx->ctx, &i))) {
		char needle[64];

		snprintf(needle, sizeof(needle), "  %-10s %s\n", cmd->name, cmd->help);
		assert_non_null(strstr(output(fx), needle));
		assert_ptr_equal(kpdb_cmd_find(&fx->ctx, cmd->name), cmd);
		n++;
	}
	assert_true(n >= 10);
	assert_int_equal(kpdb_cmd_run_line(&fx->ctx, "help nosuch"), -1);
	assert_string_equal(fx->ctx.err.msg, "unknown command 'nosuch'; try 'help'");
	assert_int_equal(kpdb_cmd_run_line(&fx->ctx, "help bp bl"), -1);
	assert_string_equal(fx->ctx.err.msg, "usage: help [CMD]");
}

static void test_help_cmd(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(kpdb_cmd_run_line(&fx->ctx, "help bc"), 0);
	assert_string_equal(output(fx),
			    "usage: bc N|N-M|*\nclear breakpoints (disabling them first)\n");
}

/* Lines that are usage errors, and the usage line each must say. */
struct usage_case {
	const char *line;
	const char *usage;
};

/* Each is refused with its usage once, as the only message, and prints nothing. */
static void expect_usages(struct fixture *fx, const struct usage_case *c)
{
	for (; c->line; c++) {
		char want[256];

		snprintf(want, sizeof(want), "usage: %s", c->usage);
		assert_int_equal(kpdb_cmd_run_line(&fx->ctx, c->line), -1);
		assert_string_equal(fx->ctx.err.msg, want);
	}
	assert_string_equal(output(fx), "");
}

static void test_arg_counts(void **state)
{
	static const struct usage_case cases[] = {
		/* too few: no debug info is loaded, yet ptype says its usage, not that */
		{ "ptype", "ptype [MOD:]TYPE" },
		{ "offsetof sock", "offsetof [MOD:]TYPE MEMBER[.MEMBER|[N]]..." },
		{ "bd", "bd N|N-M|*" },
		{ "set json", "set json on|off" },
		{ "p/x", "p[/x] EXPR" },
		/* too many */
		{ "quit now", "quit" },
		{ "source a b", "source FILE" },
		{ "set json on now", "set json on|off" },
		{ "md4 jiffies 2 3", "md4 ADDR|SYMBOL|EXPR [COUNT]" },
		{ "ss 1 2", "ss [COUNT]" },
		{ "help bp bl", "help [CMD]" },
		{ NULL },
	};
	struct fixture *fx = *state;
	const struct kpdb_cmd *cmd;
	size_t i = 0;

	expect_usages(fx, cases);
	/* the handler was not called */
	assert_false(fx->ctx.quit);
	/* the bounds of every row make sense */
	while ((cmd = kpdb_cmd_next(&fx->ctx, &i))) {
		assert_true(cmd->min_args >= 0);
		assert_true(cmd->max_args == KPDB_CMD_NO_ARGS || cmd->max_args == 0 ||
			    cmd->max_args >= cmd->min_args);
	}
}

/* A handler that returns KPDB_CMD_USAGE: the dispatcher says the row's usage, once. */
static void test_handler_usage(void **state)
{
	static const struct usage_case cases[] = {
		{ "set color on", "set json on|off" },
		{ "bl 1 2", "bl [-v] [N|N-M]" },
		{ "bt 1 maybe", "bt [N on|off]" },
		{ "dmesg -n 1 2", "dmesg [-n N]" },
		{ "offsetof struct sock", "offsetof [MOD:]TYPE MEMBER[.MEMBER|[N]]..." },
		{ "lat -w off", "lat [FUNC] [-w] | lat [FUNC] clear|off" },
		/* the row found through gdb's /FMT suffix */
		{ "print/x", "print[/x] EXPR" },
		/* options and no location */
		{ "bp -s -S", "bp [-r] [-s] [-S] [-n NAME] LOCATION [ARG]... [if FILTER]" },
		{ NULL },
	};
	struct fixture *fx = *state;

	expect_usages(fx, cases);
	/* the next command starts clean */
	assert_int_equal(kpdb_cmd_run_line(&fx->ctx, "echo ok"), 0);
	assert_string_equal(fx->ctx.err.msg, "");
}

static void test_info(void **state)
{
#define INFO_USAGE "info args FUNC | info probes | info vmlinux"
	/* no subcommand, an unknown one, a prefix, a count the subcommand refuses */
	static const struct usage_case cases[] = {
		{ "info", INFO_USAGE }, { "info foo", INFO_USAGE }, { "info prob", INFO_USAGE },
		{ "info args", INFO_USAGE }, { "info args a b", INFO_USAGE },
		{ "info probes x", INFO_USAGE }, { "info vmlinux x", INFO_USAGE },
		{ NULL },
	};
#undef INFO_USAGE
	struct fixture *fx = *state;

	expect_usages(fx, cases);
	assert_int_equal(kpdb_cmd_run_line(&fx->ctx, "info probes"), 0);
	assert_string_equal(output(fx), "No probes.\n");
}

static int sub_calls;

static int sub_fn(struct kpdb_ctx *ctx, int argc, char **argv)
{
	sub_calls++;
	return argc == 2 && !strcmp(argv[1], "bad") ? KPDB_CMD_USAGE : 0;
}

static const struct kpdb_cmd sub_cmds[] = {
	{ .name = "one", .fn = sub_fn, .min_args = 1, .max_args = 1 },
	{ .name = "none", .fn = sub_fn, .max_args = KPDB_CMD_NO_ARGS },
	{ .name = "any", .fn = sub_fn },
	{ NULL },
};

/* A nested table: its rows are checked as the top level's, and the caller says the usage. */
static void test_select(void **state)
{
	struct fixture *fx = *state;
	char *one[] = { "one", "x", "y", NULL }, *none[] = { "none", "x", NULL };
	char *any[] = { "any", "a", "b", "c", NULL }, *bad[] = { "one", "bad", NULL };
	char *nosuch[] = { "on", NULL };

	sub_calls = 0;
	assert_int_equal(kpdb_cmd_select(&fx->ctx, sub_cmds, 0, nosuch), KPDB_CMD_USAGE);
	assert_int_equal(kpdb_cmd_select(&fx->ctx, sub_cmds, 1, nosuch), KPDB_CMD_USAGE);
	assert_int_equal(kpdb_cmd_select(&fx->ctx, sub_cmds, 1, one), KPDB_CMD_USAGE);
	assert_int_equal(kpdb_cmd_select(&fx->ctx, sub_cmds, 3, one), KPDB_CMD_USAGE);
	assert_int_equal(kpdb_cmd_select(&fx->ctx, sub_cmds, 2, none), KPDB_CMD_USAGE);
	assert_int_equal(sub_calls, 0);
	assert_int_equal(kpdb_cmd_select(&fx->ctx, sub_cmds, 2, one), 0);
	assert_int_equal(kpdb_cmd_select(&fx->ctx, sub_cmds, 1, none), 0);
	assert_int_equal(kpdb_cmd_select(&fx->ctx, sub_cmds, 4, any), 0);
	assert_int_equal(kpdb_cmd_select(&fx->ctx, sub_cmds, 2, bad), KPDB_CMD_USAGE);
	assert_int_equal(sub_calls, 4);
	/* the message is the caller's to set */
	assert_string_equal(fx->ctx.err.msg, "");
}

static void test_quit(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(kpdb_cmd_run_line(&fx->ctx, "quit now"), -1);
	assert_false(fx->ctx.quit);
	assert_int_equal(kpdb_cmd_run_line(&fx->ctx, "quit"), 0);
	assert_true(fx->ctx.quit);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_comment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_echo_and_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_help, setup, teardown),
		cmocka_unit_test_setup_teardown(test_help_cmd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arg_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_handler_usage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_info, setup, teardown),
		cmocka_unit_test_setup_teardown(test_select, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quit, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
