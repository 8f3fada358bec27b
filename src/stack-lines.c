// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stack-lines.c - a stack frame's running address to its source lines:
 * the KASLR slide taken off, then the resolver's kpdb_dwarf_addr_frames().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "kallsyms.h"
#include "kcore.h"
#include "kpdb.h"
#include "resolver.h"
#include "stack-lines.h"

/* The slide of the last debug info asked (the kernel does not move). */
static const struct kpdb_dwarf *slide_for;
static uint64_t slide;

static size_t lines_of(struct kpdb_ctx *ctx, unsigned long long addr, struct kpdb_src_frame *out,
		       size_t max)
{
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

/* Room for @n more lines in @hit->src after the first @used. */
static bool room(struct kpdb_hit *hit, size_t used, size_t n)
{
	struct kpdb_src_frame *src;
	size_t cap;

	if (used + n <= hit->cap_src)
		return true;
	cap = hit->cap_src ? hit->cap_src * 2 : 64;
	while (cap < used + n)
		cap *= 2;
	src = realloc(hit->src, cap * sizeof(*src));
	if (!src)
		return false;
	hit->src = src;
	hit->cap_src = cap;
	return true;
}

/*
 * Every frame is a return address (the probed function's own is where the
 * trap or the ftrace call returns to): its line is the call's, at the
 * address - 1, as addr2line users and perf look it up.
 */
void kpdb_stack_lines(struct kpdb_ctx *ctx, struct kpdb_hit *hit)
{
	struct kpdb_src_frame src[KPDB_SRC_FRAMES_MAX];
	size_t used = 0;

	for (size_t i = 0; i < hit->nframes; i++) {
		struct kpdb_hit_frame *f = &hit->frames[i];
		size_t n = f->addr ? lines_of(ctx, f->addr - 1, src, KPDB_SRC_FRAMES_MAX) : 0;

		f->nsrc = 0;
		if (!n || !room(hit, used, n))
			continue;
		memcpy(hit->src + used, src, n * sizeof(*src));
		f->nsrc = n;
		used += n;
	}
	/* the room may have moved while it grew */
	used = 0;
	for (size_t i = 0; i < hit->nframes; i++) {
		hit->frames[i].src = hit->frames[i].nsrc ? hit->src + used : NULL;
		used += hit->frames[i].nsrc;
	}
}
