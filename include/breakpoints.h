/* SPDX-License-Identifier: GPL-2.0-or-later */
/* breakpoints.h - what the breakpoint family offers the other families. */
#ifndef KPDB_BREAKPOINTS_H
#define KPDB_BREAKPOINTS_H

struct kpdb_ctx;

/* `info probes`: the definitions as written to tracefs. */
int kpdb_bp_info_probes(struct kpdb_ctx *ctx);

#endif
