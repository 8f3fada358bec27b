// SPDX-License-Identifier: GPL-2.0-or-later
/* ctx.c - the session context: lifetime, lazy backends, error reporting. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "events.h"
#include "kpdb.h"
#include "output.h"
#include "probe-spec.h"
#include "repl.h"
#include "resolver.h"

volatile sig_atomic_t kpdb_interrupted;
volatile sig_atomic_t kpdb_sigints;
/* defined here, not in main.c, so that the batch reader links without main */
volatile int kpdb_exit_signal;

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
	free(bp->inlined_in);
	memset(bp, 0, sizeof(*bp));
}

struct kpdb_bp *kpdb_bp_by_event(struct kpdb_ctx *ctx, const char *event)
{
	for (size_t i = 0; i < ctx->nbps; i++)
		if (!strcmp(ctx->bps[i].event, event))
			return &ctx->bps[i];
	return NULL;
}

size_t kpdb_bp_probes(const struct kpdb_ctx *ctx, const struct kpdb_bp *bp)
{
	size_t n = 1;

	while (bp + n < ctx->bps + ctx->nbps && bp[n].num == bp->num)
		n++;
	return n;
}

void kpdb_ctx_release(struct kpdb_ctx *ctx)
{
	struct kpdb_err err = { "" };

	/* the event reader's files first: an open file keeps the instance busy */
	kpdb_events_close(ctx->reader);
	ctx->reader = NULL;
	free(ctx->last_stack.frames);
	memset(&ctx->last_stack, 0, sizeof(ctx->last_stack));
	if (ctx->tfs && kpdb_tfs_close(ctx->tfs, ctx->keep, &err) < 0)
		fprintf(stderr, "kpdb: error: %s\n", err.msg);
	ctx->tfs = NULL;
	if (ctx->dw)
		kpdb_dwarf_close(ctx->dw);
	ctx->dw = NULL;
	free(ctx->btf);
	ctx->btf = NULL;
	for (size_t i = 0; i < ctx->nmods; i++) {
		kpdb_dwarf_close(ctx->mods[i].dw);
		free(ctx->mods[i].name);
	}
	free(ctx->mods);
	ctx->mods = NULL;
	ctx->nmods = 0;
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

/*
 * Messages quote what the user typed, and a -x file may come from anywhere:
 * control bytes (an ESC sequence) are shown as \xNN instead of reaching the
 * terminal.  Newlines and tabs stay: the kernel's error_log entries have them.
 */
static void put_safe(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p < ' ' && *p != '\n' && *p != '\t') || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
	}
}

void kpdb_report_error(struct kpdb_ctx *ctx, const char *where, const char *msg)
{
	if (!msg || !*msg)
		msg = "command failed";
	fflush(ctx->out);
	if (where) {
		put_safe(stderr, where);
		fputs(": ", stderr);
	}
	fputs("error: ", stderr);
	put_safe(stderr, msg);
	fputc('\n', stderr);
	if (ctx->json) {
		struct kpdb_json j;

		kpdb_json_begin(&j, ctx->out);
		kpdb_json_kv_str(&j, "error", msg);
		if (where)
			kpdb_json_kv_str(&j, "where", where);
		kpdb_json_end(&j);
	}
}
