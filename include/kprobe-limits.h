/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kprobe-limits.h - the limits of the kernel's kprobe_events parser, in one
 * place: kpdb checks a definition against them before writing it, so that
 * a user gets kpdb's message instead of the kernel's EINVAL.  Values of
 * Linux 6.1 (kernel/trace/trace_probe.h, trace.h, kprobes.h), unchanged in
 * the kernels after it.
 */
#ifndef KPDB_KPROBE_LIMITS_H
#define KPDB_KPROBE_LIMITS_H

/* MAX_EVENT_NAME_LEN: event and group names are shorter than this. */
#define KPDB_NAME_MAX		64
/* MAX_TRACE_ARGS: fields of one probe. */
#define KPDB_MAX_ARGS		128
/* MAX_ARG_NAME_LEN: characters of an argument (field) name, the NUL not counted. */
#define KPDB_ARG_NAME_MAX	32
/* MAX_ARGSTR_LEN: characters of an argument's "fetch:type". */
#define KPDB_ARGSTR_MAX		63
/* MAX_ARRAY_LEN: elements of an array type T[N]. */
#define KPDB_ARRAY_MAX		64
/* Nested dereferences: keeps a fetch within the kernel's FETCH_INSN_MAX (16) steps. */
#define KPDB_DEREF_MAX		12
/* $stackN: THREAD_SIZE / sizeof(long) on x86_64. */
#define KPDB_STACK_MAX		2048
/* KRETPROBE_MAXACTIVE_MAX: the N of "rN:". */
#define KPDB_MAXACTIVE_MAX	4096
/* WRITE_BUFSIZE: the kernel parses one definition line of less than this. */
#define KPDB_DEF_MAX		4096

/*
 * Text the kernel refuses to probe as a whole, between two symbols
 * (kallsyms' or the image's): what its kprobe blacklist covers by area
 * (noinstr, entry and kprobes text), and the init text it frees after boot.
 */
struct kpdb_text_area {
	const char *start, *end, *what;
};
#define KPDB_TEXT_AREAS 4
extern const struct kpdb_text_area kpdb_text_areas[KPDB_TEXT_AREAS];

#endif
