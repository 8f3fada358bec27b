// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * complete.c - what a word typed at the prompt completes to (complete.h).
 *
 * The words come from the command tables, the backend's list of kernel
 * functions and the resolver; repl.c only hands them to readline, so the
 * choice of words is tested without a terminal (tests/test-complete.c).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "cmd.h"
#include "complete.h"
#include "kpdb.h"
#include "resolver.h"

/* Commands whose first argument is a kernel function. */
static bool takes_function(const char *word)
{
	static const char *const verbs[] = { "bp", "info", "lat", NULL };

	for (int i = 0; verbs[i]; i++)
		if (!strcmp(word, verbs[i]))
			return true;
	return false;
}

/* Append a copy of @w to @v at *@n; false if out of memory (the words stop there). */
static bool add_word(char **v, size_t *n, const char *w)
{
	v[*n] = strdup(w);
	if (!v[*n])
		return false;
	++*n;
	return true;
}

/* @v holding @n words: NULL if there are none. */
static char **words_end(char **v, size_t n)
{
	if (v && !n) {
		free(v);
		return NULL;
	}
	return v;
}

static char **command_words(const struct kpdb_ctx *ctx, const char *text)
{
	size_t it = 0, n = 0, len = strlen(text);
	const struct kpdb_cmd *cmd;
	char **v;

	while ((cmd = kpdb_cmd_next(ctx, &it)))
		n += !strncmp(cmd->name, text, len);
	v = calloc(n + 1, sizeof(*v));
	if (!v)
		return NULL;
	it = 0;
	n = 0;
	while ((cmd = kpdb_cmd_next(ctx, &it)))
		if (!strncmp(cmd->name, text, len) && !add_word(v, &n, cmd->name))
			break;
	return words_end(v, n);
}

/* The debug info, opened on the first completion that needs it; NULL if none. */
static struct kpdb_dwarf *complete_dwarf(struct kpdb_ctx *ctx)
{
	if (!ctx->dw && !ctx->dw_tried && kpdb_ctx_dwarf(ctx) < 0)
		kpdb_err_clear(&ctx->err);
	return ctx->dw;
}

/*
 * Function names come sorted from the backend: a binary search finds the
 * first match, so completion stays instant on 50,000+ names.  Then the
 * always-inlined functions of the debug info: they have no symbol of their
 * own, so the kernel's list lacks them.
 */
static char **function_words(struct kpdb_ctx *ctx, const char *text)
{
	const char *const *names = NULL;
	size_t n = 0, lo = 0, hi, end, len = strlen(text), ninl = 0, k = 0;
	char **inlined, **v;

	if (!ctx->tfs && !ctx->dry_run)
		kpdb_ctx_tracefs(ctx);
	if (ctx->tfs)
		names = kpdb_tfs_functions(ctx->tfs, &n);
	hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(names[mid], text) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < n && !strncmp(names[end], text, len); end++)
		;
	inlined = len && complete_dwarf(ctx) ? kpdb_dwarf_inlined_functions(ctx->dw, text) : NULL;
	while (inlined && inlined[ninl])
		ninl++;
	v = calloc(end - lo + ninl + 1, sizeof(*v));
	if (v) {
		size_t i = lo, j = 0;

		while (i < end && add_word(v, &k, names[i]))
			i++;
		while (i == end && j < ninl && add_word(v, &k, inlined[j]))
			j++;
	}
	kpdb_argv_free(inlined);
	return words_end(v, k);
}

/* The arguments of a probe on @func: parameters, then member paths. */
static char **argument_words(struct kpdb_ctx *ctx, const char *func, const char *text)
{
	char **v;

	if (!complete_dwarf(ctx))
		return NULL;
	v = kpdb_dwarf_complete(ctx->dw, func, text);
	if (v && !v[0]) {
		free(v);
		return NULL;
	}
	return v;
}

char **kpdb_complete(struct kpdb_ctx *ctx, const char *line, size_t start, const char *text)
{
	char **argv = NULL;
	char *head = strndup(line, start);
	char **words = NULL;
	int argc;

	if (!head)
		return NULL;
	argc = kpdb_split(head, &argv, NULL);
	if (argc == 0) {
		words = command_words(ctx, text);
	} else if (argc == 1 && !strcmp(argv[0], "help")) {
		words = command_words(ctx, text);
	} else if (argc == 1 && takes_function(argv[0])) {
		words = function_words(ctx, text);
	} else if (argc >= 2 && !strcmp(argv[0], "bp")) {
		int f = 1;

		while (f < argc && argv[f][0] == '-')
			f += (!strcmp(argv[f], "-n")) ? 2 : 1;
		if (f == argc)
			words = function_words(ctx, text);
		else if (f < argc)
			words = argument_words(ctx, argv[f], text);
	}
	kpdb_argv_free(argc >= 0 ? argv : NULL);
	free(head);
	return words;
}
