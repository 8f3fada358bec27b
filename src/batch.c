// SPDX-License-Identifier: GPL-2.0-or-later
/* batch.c - -x FILE, -ex CMD and commands from a stream that is not a terminal. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch.h"
#include "cmd.h"
#include "kpdb.h"
#include "repl.h"

#define MAX_SOURCE_DEPTH 16
/*
 * The longest command kpdb reads: far above any probe (the kernel takes
 * 4096-byte definitions), low enough that a file without newlines
 * (/dev/zero, a binary) cannot make kpdb allocate without bound.
 */
#define LINE_MAX_BYTES (64 * 1024)

int kpdb_batch_line(struct kpdb_ctx *ctx, const char *line, const char *where)
{
	ctx->err_reported = false;
	if (strlen(line) > LINE_MAX_BYTES)
		kpdb_err_set(&ctx->err, "line is longer than %d bytes", LINE_MAX_BYTES);
	else if (kpdb_cmd_run_line(ctx, line) == 0)
		return 0;
	if (!ctx->err_reported)
		kpdb_report_error(ctx, where, ctx->err.msg);
	ctx->err_reported = true;
	return -1;
}

enum { LINE_EOF = -1, LINE_TOO_LONG = -2, LINE_NUL = -3, LINE_NOMEM = -4, LINE_ERROR = -5,
       LINE_INTR = -6 };

/*
 * read_line - append one physical line of @f, without its newline, to
 * *buf at *len, keeping *len <= LINE_MAX_BYTES.  Returns 0 at the end of a
 * line, LINE_EOF at end of file with nothing read, LINE_INTR if a signal
 * interrupted the read, LINE_ERROR (errno set) if reading failed, or
 * LINE_TOO_LONG / LINE_NUL / LINE_NOMEM with the rest of the line left
 * unread.  *eof tells whether the line ended at end of
 * file.
 */
static int read_line(FILE *f, char **buf, size_t *cap, size_t *len, bool *eof)
{
	size_t start = *len;
	int c;

	*eof = false;
	while ((c = getc(f)) != EOF && c != '\n') {
		if (c == '\0')
			return LINE_NUL;
		if (*len >= LINE_MAX_BYTES)
			return LINE_TOO_LONG;
		if (*len + 2 > *cap) {
			size_t ncap = *cap ? *cap * 2 : 256;
			char *p = realloc(*buf, ncap);

			if (!p)
				return LINE_NOMEM;
			*buf = p;
			*cap = ncap;
		}
		(*buf)[(*len)++] = (char)c;
	}
	if (c == EOF) {
		*eof = true;
		/*
		 * A signal interrupted a read from a pipe or terminal, or came
		 * just before it (the handler made stdin non-blocking): stop there.
		 */
		if (ferror(f) && (errno == EINTR || (errno == EAGAIN && kpdb_exit_signal))) {
			clearerr(f);
			return LINE_INTR;
		}
		if (ferror(f))
			return LINE_ERROR;
		if (*len == start)
			return LINE_EOF;
	}
	if (*buf)
		(*buf)[*len] = '\0';
	return 0;
}

/* Skip what is left of a line that was refused. */
static bool skip_line(FILE *f)
{
	int c;

	while ((c = getc(f)) != EOF && c != '\n')
		;
	return c != EOF;
}

int kpdb_batch_stream(struct kpdb_ctx *ctx, FILE *f, const char *name, bool stop_on_error)
{
	char *buf = NULL, where[512];
	size_t cap = 0, len = 0;
	int lineno = 0, first = 0, ret = 0;
	bool eof = false;
	/* as at the interactive prompt: a Ctrl-C meant for the command just stopped */
	bool just_interrupted = false;
	sig_atomic_t sigints;

	/* SIGTERM/SIGHUP may come while a command runs: do not wait for more input */
	while (!ctx->quit && !eof && !kpdb_exit_signal) {
		size_t seg = len;
		int r;

		if (len == 0)
			first = lineno + 1;
		r = read_line(f, &buf, &cap, &len, &eof);
		if (r == LINE_INTR && just_interrupted && !kpdb_exit_signal) {
			just_interrupted = false;
			kpdb_interrupted = 0;
			eof = false;
			continue;
		}
		if ((r == LINE_EOF && seg == 0) || r == LINE_INTR)
			break;
		just_interrupted = false;
		if (r != LINE_EOF)
			lineno++;
		if (r == LINE_ERROR) {
			kpdb_err_set(&ctx->err, "cannot read '%s': %s", name, strerror(errno));
			snprintf(where, sizeof(where), "%s:%d", name, lineno);
			kpdb_report_error(ctx, where, ctx->err.msg);
			ret = -1;
			break;
		}
		if (r == LINE_NUL || r == LINE_TOO_LONG || r == LINE_NOMEM) {
			snprintf(where, sizeof(where), "%s:%d", name, r == LINE_NUL ? lineno : first);
			if (r == LINE_NUL)
				kpdb_err_set(&ctx->err, "NUL byte in line");
			else if (r == LINE_NOMEM)
				kpdb_err_set(&ctx->err, "out of memory");
			else
				kpdb_err_set(&ctx->err, "line is longer than %d bytes", LINE_MAX_BYTES);
			kpdb_report_error(ctx, where, ctx->err.msg);
			ret = -1;
			len = 0;
			/* a file stops here; stdin goes on with the next line */
			if (stop_on_error || !skip_line(f))
				break;
			continue;
		}
		while (len > seg && buf[len - 1] == '\r')
			buf[--len] = '\0';
		/* a line ending in '\' continues on the next, unless the file ends */
		if (!eof && len > seg && buf[len - 1] == '\\') {
			buf[len - 1] = ' ';
			continue;
		}
		if (!buf)
			continue;	/* an empty last line */
		snprintf(where, sizeof(where), "%s:%d", name, first);
		sigints = kpdb_sigints;
		if (kpdb_batch_line(ctx, buf, where) < 0) {
			ret = -1;
			if (stop_on_error)
				break;
		}
		just_interrupted = kpdb_sigints != sigints;
		len = 0;
		buf[0] = '\0';
	}
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
