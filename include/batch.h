/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * batch.h - running commands from -x files, -ex words and non-terminal stdin,
 * with gdb's rule: the first failing command stops its file with
 * "FILE:LINE: error: MESSAGE".
 */
#ifndef KPDB_BATCH_H
#define KPDB_BATCH_H

#include <stdbool.h>
#include <stdio.h>

struct kpdb_ctx;

/*
 * kpdb_batch_file - run the commands of @path.  '#' starts a comment line,
 * a line ending in '\' continues on the next.  Returns 0, or -1 once the
 * failure is reported (ctx->err_reported is set).
 */
int kpdb_batch_file(struct kpdb_ctx *ctx, const char *path);

/*
 * kpdb_batch_stream - the same for an open stream named @name; with
 * @stop_on_error false every line runs and the result is -1 if any failed.
 */
int kpdb_batch_stream(struct kpdb_ctx *ctx, FILE *f, const char *name, bool stop_on_error);

/* Run one command (an -ex word or a prompt line) and report its failure. */
int kpdb_batch_line(struct kpdb_ctx *ctx, const char *line, const char *where);

#endif
