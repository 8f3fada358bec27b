/* SPDX-License-Identifier: GPL-2.0-or-later */
/* breakpoints.h - what the breakpoint family offers the other families. */
#ifndef KPDB_BREAKPOINTS_H
#define KPDB_BREAKPOINTS_H

#include <stddef.h>

struct kpdb_ctx;
struct kpdb_bp;

/* `info probes`: the definitions as written to tracefs. */
int kpdb_bp_info_probes(struct kpdb_ctx *ctx);

/*
 * The probes of the breakpoint whose first probe is @bp: 1, or more for a
 * function inlined in places (they follow it in ctx->bps, the same number).
 */
size_t kpdb_bp_probes(const struct kpdb_ctx *ctx, const struct kpdb_bp *bp);

/* The breakpoint whose event is @event, or NULL. */
struct kpdb_bp *kpdb_bp_by_event(struct kpdb_ctx *ctx, const char *event);

#endif
