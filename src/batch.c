// SPDX-License-Identifier: GPL-2.0-or-later
/* batch.c - -x FILE, -ex CMD and commands from a stream that is not a terminal. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch.h"
#include "cmd.h"
#include "kpdb.h"

#define MAX_SOURCE_DEPTH 16

int kpdb_batch_line(struct kpdb_ctx *ctx, const char *line, const char *where)
{
	ctx->err_reported = false;
	if (kpdb_cmd_run_line(ctx, line) == 0)
		return 0;
	if (!ctx->err_reported)
		kpdb_report_error(ctx, where, ctx->err.msg);
	ctx->err_reported = true;
	return -1;
}

static bool ends_with_backslash(const char *s, size_t len)
{
	return len > 0 && s[len - 1] == '\\';
}

int kpdb_batch_stream(struct kpdb_ctx *ctx, FILE *f, const char *name, bool stop_on_error)
{
	char *buf = NULL, *logical = NULL;
	size_t cap = 0, llen = 0;
	ssize_t n;
	int lineno = 0, first = 0, ret = 0;

	while (!ctx->quit) {
		n = getline(&buf, &cap, f);
		if (n < 0) {
			if (!logical)
				break;
			n = 0;	/* a continuation at end of file ends the line */
		} else {
			lineno++;
		}
		if (n > 0 && memchr(buf, '\0', n)) {
			char where[512];

			snprintf(where, sizeof(where), "%s:%d", name, lineno);
			kpdb_err_set(&ctx->err, "NUL byte in line");
			kpdb_report_error(ctx, where, ctx->err.msg);
			ret = -1;
			free(logical);
			logical = NULL;
			llen = 0;
			if (stop_on_error)
				break;
			continue;
		}
		while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
			buf[--n] = '\0';
		if (!logical)
			first = lineno;
		{
			bool cont = ends_with_backslash(buf, n) && !feof(f);
			char *p = realloc(logical, llen + n + 2);

			if (!p) {
				ret = kpdb_err_set(&ctx->err, "out of memory");
				break;
			}
			logical = p;
			memcpy(logical + llen, buf, n);
			llen += n;
			if (cont) {
				logical[llen - 1] = ' ';
				logical[llen] = '\0';
				continue;
			}
			logical[llen] = '\0';
		}
		{
			char where[512];

			snprintf(where, sizeof(where), "%s:%d", name, first);
			if (kpdb_batch_line(ctx, logical, where) < 0) {
				ret = -1;
				if (stop_on_error) {
					free(logical);
					logical = NULL;
					break;
				}
			}
		}
		free(logical);
		logical = NULL;
		llen = 0;
		if (n < 0 || feof(f))
			break;
	}
	free(logical);
	free(buf);
	ctx->err_reported = ret < 0;
	return ret;
}

int kpdb_batch_file(struct kpdb_ctx *ctx, const char *path)
{
	struct stat st;
	FILE *f;
	int ret;

	ctx->err_reported = false;
	if (ctx->source_depth >= MAX_SOURCE_DEPTH)
		return kpdb_err_set(&ctx->err, "'%s': files sourced %d deep; is it sourcing itself?",
				    path, MAX_SOURCE_DEPTH);
	if (stat(path, &st) < 0)
		return kpdb_err_set(&ctx->err, "cannot read '%s': %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode))
		return kpdb_err_set(&ctx->err, "'%s' is not a regular file", path);
	f = fopen(path, "r");
	if (!f)
		return kpdb_err_set(&ctx->err, "cannot read '%s': %s", path, strerror(errno));
	ctx->source_depth++;
	ret = kpdb_batch_stream(ctx, f, path, true);
	ctx->source_depth--;
	fclose(f);
	return ret;
}
