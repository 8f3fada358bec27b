// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stack-lines.c - a stack frame's running address to its source lines:
 * the KASLR slide taken off, then the resolver's kpdb_dwarf_addr_frames().
 */
#include <stdint.h>

#include "hit-print.h"
#include "kallsyms.h"
#include "kcore.h"
#include "kpdb.h"
#include "resolver.h"
#include "stack-lines.h"

/* The slide of the last debug info asked (the kernel does not move). */
static const struct kpdb_dwarf *slide_for;
static uint64_t slide;

static size_t lines_cb(void *arg, unsigned long long addr, struct kpdb_src_frame *out,
		       size_t max)
{
	struct kpdb_ctx *ctx = arg;
	uint64_t linked, running;

	if (!ctx->dw && !ctx->dw_tried && kpdb_ctx_dwarf(ctx) < 0)
		kpdb_err_clear(&ctx->err);	/* no debug info: func+0xOFF is all there is */
	if (!ctx->dw)
		return 0;
	if (slide_for != ctx->dw) {
		slide = 0;
		if (kpdb_dwarf_text_addr(ctx->dw, &linked) &&
		    kpdb_kallsyms_addr(ctx->proc_dir, "_text", &running) == 0 && running)
			slide = running - linked;
		slide_for = ctx->dw;
	}
	return kpdb_dwarf_addr_frames(ctx->dw, addr - slide, out, max);
}

void kpdb_stack_lines(struct kpdb_ctx *ctx, struct kpdb_hit_out *out)
{
	out->lines = lines_cb;
	out->lines_arg = ctx;
}
