// SPDX-License-Identifier: GPL-2.0-or-later
/* ctx.c - the session context: lifetime, lazy backends, error reporting. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "dwarf.h"
#include "kpdb.h"
#include "output.h"
#include "probe-spec.h"

volatile sig_atomic_t kpdb_interrupted;

void kpdb_ctx_init(struct kpdb_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->proc_dir = "/proc";
	ctx->out = stdout;
	ctx->pid = getpid();
	ctx->next_bp = 1;
	snprintf(ctx->group, sizeof(ctx->group), "kpdb_%d", (int)ctx->pid);
}

void kpdb_bp_release(struct kpdb_bp *bp)
{
	if (bp->spec) {
		kpdb_probe_spec_free(bp->spec);
		free(bp->spec);
	}
	free(bp->definition);
	free(bp->filter);
	memset(bp, 0, sizeof(*bp));
}

void kpdb_ctx_release(struct kpdb_ctx *ctx)
{
	struct kpdb_err err = { "" };

	if (ctx->tfs && kpdb_tfs_close(ctx->tfs, ctx->keep, &err) < 0)
		fprintf(stderr, "kpdb: error: %s\n", err.msg);
	ctx->tfs = NULL;
	if (ctx->dw)
		kpdb_dwarf_close(ctx->dw);
	ctx->dw = NULL;
	for (size_t i = 0; i < ctx->nbps; i++)
		kpdb_bp_release(&ctx->bps[i]);
	free(ctx->bps);
	ctx->bps = NULL;
	ctx->nbps = ctx->capbps = 0;
}

int kpdb_ctx_tracefs(struct kpdb_ctx *ctx)
{
	if (ctx->tfs)
		return 0;
	return kpdb_tfs_open(ctx->tracing_dir, ctx->group, &ctx->tfs, &ctx->err);
}

void kpdb_report_error(struct kpdb_ctx *ctx, const char *where, const char *msg)
{
	if (!msg || !*msg)
		msg = "command failed";
	fflush(ctx->out);
	if (where)
		fprintf(stderr, "%s: error: %s\n", where, msg);
	else
		fprintf(stderr, "error: %s\n", msg);
	if (ctx->json) {
		struct kpdb_json j;

		kpdb_json_begin(&j, ctx->out);
		kpdb_json_kv_str(&j, "error", msg);
		if (where)
			kpdb_json_kv_str(&j, "where", where);
		kpdb_json_end(&j);
	}
}
