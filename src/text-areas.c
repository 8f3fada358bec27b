// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * text-areas.c - the kernel's text that kprobes cannot go in as a whole,
 * one table for the two that look it up: the tracefs backend (in the
 * running kernel's kallsyms) and the DWARF resolver (in the image's
 * symbols, for dry runs and for sites of inlined functions).
 */
#include "kprobe-limits.h"

const struct kpdb_text_area kpdb_text_areas[KPDB_TEXT_AREAS] = {
	{ "__noinstr_text_start", "__noinstr_text_end", "noinstr text" },
	{ "__entry_text_start", "__entry_text_end", "entry text" },
	{ "__kprobes_text_start", "__kprobes_text_end", "kprobes text" },
	/* not on the list, but gone after boot: the kernel refuses it as no text */
	{ "_sinittext", "_einittext", "init text" },
};
