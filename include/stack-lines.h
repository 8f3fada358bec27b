/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stack-lines.h - the file:line of a kernel stack's frames, with their
 * inlined copies, when the kernel's DWARF is at hand (bt, bp -s).
 */
#ifndef KPDB_STACK_LINES_H
#define KPDB_STACK_LINES_H

struct kpdb_ctx;
struct kpdb_hit;

/*
 * kpdb_stack_lines - the file:line of each frame of @hit's stack, with the
 * inlined copies that hold its address: running addresses are taken back
 * to the vmlinux's by the KASLR slide (_text in kallsyms against the
 * image's own), then looked up in the session's debug info, opened on the
 * first frame if it is not yet.  Without DWARF (none found, or BTF only)
 * the frames have no source lines and stay func+0xOFF.
 */
void kpdb_stack_lines(struct kpdb_ctx *ctx, struct kpdb_hit *hit);

#endif
