// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * split.c - split a command line into words.
 *
 * Shell-like quoting ('...', "...", backslash), plus one kpdb rule: white
 * space inside parentheses or brackets does not split, so that a C cast such
 * as ((struct sockaddr_in *)uservaddr)->sin_port stays one word.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "err.h"

struct words {
	char **v;
	int n;
	int cap;
};

static int push(struct words *w, char *s)
{
	if (w->n + 2 > w->cap) {
		int cap = w->cap ? w->cap * 2 : 8;
		char **v = realloc(w->v, cap * sizeof(*v));

		if (!v)
			return -1;
		w->v = v;
		w->cap = cap;
	}
	w->v[w->n++] = s;
	w->v[w->n] = NULL;
	return 0;
}

void kpdb_argv_free(char **argv)
{
	if (!argv)
		return;
	for (char **p = argv; *p; p++)
		free(*p);
	free(argv);
}

int kpdb_split(const char *line, char ***argvp, struct kpdb_err *err)
{
	struct words w = { 0 };
	size_t len = strlen(line);
	char *buf = malloc(len + 1);
	const char *p = line;

	*argvp = NULL;
	if (!buf)
		return kpdb_err_set(err, "out of memory");

	for (;;) {
		size_t n = 0;
		int depth = 0;
		char quote = 0;
		bool word = false;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		for (; *p; p++) {
			char c = *p;

			if (quote) {
				if (c == quote) {
					quote = 0;
					continue;
				}
				if (c == '\\' && quote == '"' && (p[1] == '"' || p[1] == '\\'))
					c = *++p;
				buf[n++] = c;
				continue;
			}
			if ((c == ' ' || c == '\t' || c == '\n' || c == '\r') && depth == 0)
				break;
			word = true;
			if (c == '\'' || c == '"') {
				quote = c;
				continue;
			}
			if (c == '\\' && p[1] && strchr(" \t'\"\\", p[1])) {
				/* an escaped space or quote; any other backslash is kept as
				 * typed, so kprobe immediates (\123) pass through */
				c = *++p;
			} else if (c == '(' || c == '[') {
				depth++;
			} else if (c == ')' || c == ']') {
				if (--depth < 0) {
					free(buf);
					kpdb_argv_free(w.v);
					return kpdb_err_set(err, "unbalanced '%c' in '%s'", c, line);
				}
			}
			buf[n++] = c;
		}
		if (quote) {
			free(buf);
			kpdb_argv_free(w.v);
			return kpdb_err_set(err, "unterminated %s quote",
					    quote == '"' ? "double" : "single");
		}
		if (depth > 0) {
			free(buf);
			kpdb_argv_free(w.v);
			return kpdb_err_set(err, "unbalanced '(' or '[' in '%s'", line);
		}
		if (word) {
			char *s = strndup(buf, n);

			if (!s || push(&w, s) < 0) {
				free(s);
				free(buf);
				kpdb_argv_free(w.v);
				return kpdb_err_set(err, "out of memory");
			}
		}
	}
	free(buf);
	if (!w.v) {
		w.v = calloc(1, sizeof(char *));
		if (!w.v)
			return kpdb_err_set(err, "out of memory");
	}
	*argvp = w.v;
	return w.n;
}
