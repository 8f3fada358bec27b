/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stacks.h - kernel stacks and in-kernel aggregation of a breakpoint's
 * hits, through event triggers in the session instance (no eBPF).
 */
#ifndef KPDB_STACKS_H
#define KPDB_STACKS_H

#include <stdbool.h>

struct kpdb_ctx;
struct kpdb_bp;

/*
 * kpdb_bp_stack_set - make each hit of @bp carry its kernel stack (a
 * "stacktrace if FILTER" trigger on its event), or stop it.  Returns 0, or
 * -1 with ctx->err set.
 */
int kpdb_bp_stack_set(struct kpdb_ctx *ctx, struct kpdb_bp *bp, bool on);

/* The stacktrace trigger of @bp (malloc'ed), for a probe created with it (bp -s). */
char *kpdb_bp_stack_trigger(const struct kpdb_ctx *ctx, const struct kpdb_bp *bp);

/* True if @bp's hits carry their kernel stack. */
bool kpdb_bp_stack_on(struct kpdb_ctx *ctx, const struct kpdb_bp *bp);

/* The hist trigger of @bp as written, or NULL. */
const char *kpdb_bp_hist(struct kpdb_ctx *ctx, const struct kpdb_bp *bp);

#endif
