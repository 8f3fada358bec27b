// SPDX-License-Identifier: GPL-2.0-or-later
/* test-batch.c - -x files: comments, continuations, FILE:LINE errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "batch.h"
#include "cmd.h"
#include "kpdb.h"

struct fixture {
	struct kpdb_ctx ctx;
	char *out;
	size_t len;
	char dir[64];
	char errpath[128];
	int saved_stderr;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	kpdb_ctx_init(&fx->ctx);
	fx->ctx.cmds = kpdb_all_cmds;
	fx->ctx.dry_run = true;
	fx->ctx.batch = true;
	fx->ctx.out = open_memstream(&fx->out, &fx->len);
	strcpy(fx->dir, "/tmp/kpdb-batch-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->errpath, sizeof(fx->errpath), "%s/stderr", fx->dir);
	/* errors are reported on stderr: capture it */
	fflush(stderr);
	fx->saved_stderr = dup(2);
	assert_non_null(freopen(fx->errpath, "w", stderr));
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[160];

	fflush(stderr);
	dup2(fx->saved_stderr, 2);
	close(fx->saved_stderr);
	fclose(fx->ctx.out);
	free(fx->out);
	kpdb_ctx_release(&fx->ctx);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	assert_int_equal(system(cmd), 0);
	free(fx);
	return 0;
}

static char *write_file(struct fixture *fx, const char *name, const char *text, size_t len)
{
	char *path;
	FILE *f;

	assert_true(asprintf(&path, "%s/%s", fx->dir, name) > 0);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
	return path;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 8192);

	fread(buf, 1, 8191, f);
	fclose(f);
	return buf;
}

static const char *errors(struct fixture *fx)
{
	static char *last;

	fflush(stderr);
	free(last);
	last = slurp(fx->errpath);
	return last;
}

static void test_comments_and_continuation(void **state)
{
	struct fixture *fx = *state;
	static const char text[] = "# a comment\n"
				   "echo one \\\n"
				   "  two\n"
				   "\n"
				   "   # indented comment\n"
				   "echo three\r\n";
	char *path = write_file(fx, "ok.kpdb", text, sizeof(text) - 1);

	assert_int_equal(kpdb_batch_file(&fx->ctx, path), 0);
	fflush(fx->ctx.out);
	assert_string_equal(fx->out, "one two\nthree\n");
	assert_string_equal(errors(fx), "");
	free(path);
}

static void test_first_error_stops(void **state)
{
	struct fixture *fx = *state;
	static const char text[] = "echo before\n"
				   "# comment\n"
				   "frobnicate now\n"
				   "echo after\n";
	char *path = write_file(fx, "bad.kpdb", text, sizeof(text) - 1);
	char want[256];

	assert_int_equal(kpdb_batch_file(&fx->ctx, path), -1);
	assert_true(fx->ctx.err_reported);
	fflush(fx->ctx.out);
	assert_string_equal(fx->out, "before\n");
	snprintf(want, sizeof(want), "%s:3: error: unknown command 'frobnicate'; try 'help'\n", path);
	assert_string_equal(errors(fx), want);
	free(path);
}

static void test_error_line_of_continued_command(void **state)
{
	struct fixture *fx = *state;
	static const char text[] = "echo a\n"
				   "echo 'open \\\n"
				   "quote\n";
	char *path = write_file(fx, "quote.kpdb", text, sizeof(text) - 1);
	char want[256];

	assert_int_equal(kpdb_batch_file(&fx->ctx, path), -1);
	snprintf(want, sizeof(want), "%s:2: error: unterminated single quote\n", path);
	assert_string_equal(errors(fx), want);
	free(path);
}

static void test_nul_byte(void **state)
{
	struct fixture *fx = *state;
	static const char text[] = "echo a\nec\0ho b\necho c\n";
	char *path = write_file(fx, "nul.kpdb", text, sizeof(text) - 1);
	char want[256];

	assert_int_equal(kpdb_batch_file(&fx->ctx, path), -1);
	snprintf(want, sizeof(want), "%s:2: error: NUL byte in line\n", path);
	assert_string_equal(errors(fx), want);
	free(path);
}

static void test_missing_and_not_regular(void **state)
{
	struct fixture *fx = *state;
	char path[128];

	snprintf(path, sizeof(path), "%s/none.kpdb", fx->dir);
	assert_int_equal(kpdb_batch_file(&fx->ctx, path), -1);
	assert_false(fx->ctx.err_reported);
	assert_non_null(strstr(fx->ctx.err.msg, "No such file or directory"));
	assert_int_equal(kpdb_batch_file(&fx->ctx, fx->dir), -1);
	assert_non_null(strstr(fx->ctx.err.msg, "is not a regular file"));
}

static void test_source_nesting(void **state)
{
	struct fixture *fx = *state;
	char *inner, *outer, text[256], want[512];

	inner = write_file(fx, "inner.kpdb", "echo in\nnope\n", 13);
	snprintf(text, sizeof(text), "echo out\nsource %s\necho never\n", inner);
	outer = write_file(fx, "outer.kpdb", text, strlen(text));
	assert_int_equal(kpdb_batch_file(&fx->ctx, outer), -1);
	fflush(fx->ctx.out);
	assert_string_equal(fx->out, "out\nin\n");
	/* reported once, at the innermost place */
	snprintf(want, sizeof(want), "%s:2: error: unknown command 'nope'; try 'help'\n", inner);
	assert_string_equal(errors(fx), want);
	free(inner);
	free(outer);
}

static void test_self_source(void **state)
{
	struct fixture *fx = *state;
	char text[256];
	char *path;

	snprintf(text, sizeof(text), "source %s/self.kpdb\n", fx->dir);
	path = write_file(fx, "self.kpdb", text, strlen(text));
	assert_int_equal(kpdb_batch_file(&fx->ctx, path), -1);
	assert_non_null(strstr(errors(fx), "files sourced 16 deep; is it sourcing itself?"));
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_comments_and_continuation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_error_stops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_line_of_continued_command, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_and_not_regular, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source_nesting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_self_source, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
