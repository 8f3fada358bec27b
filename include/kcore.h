/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kcore.h - live kernel memory, read-only: /proc/kcore read as an ELF core,
 * and the C expressions `p` and `md` evaluate over it (dwarf-value.c).
 */
#ifndef KPDB_KCORE_H
#define KPDB_KCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"

struct kpdb_kcore;
struct kpdb_dwarf;

/*
 * kpdb_kcore_open - open @path (an ELF core: /proc/kcore, or a test's file)
 * and read its PT_LOAD headers.  Returns 0, or -1 with @err set to one line
 * saying why and what would help (not root, lockdown, no CONFIG_PROC_KCORE).
 */
int kpdb_kcore_open(const char *path, struct kpdb_kcore **kc, struct kpdb_err *err);
void kpdb_kcore_close(struct kpdb_kcore *kc);

/* Read @len bytes at kernel address @addr.  0, or -1 if any byte is unmapped. */
int kpdb_kcore_read(struct kpdb_kcore *kc, uint64_t addr, void *buf, size_t len);

/* How `p` shows a value. */
struct kpdb_print_opts {
	bool hex;		/* p/x */
	uint64_t slide;		/* KASLR: running address - vmlinux address */
};

/* What `p` found: its printed value, type and address (if it has one). */
struct kpdb_value {
	char *text;		/* malloc'ed: "{sysname = \"Linux\", ...}" */
	char type[256];		/* "struct new_utsname" */
	uint64_t addr;
	bool has_addr;
	uint64_t ival;		/* a scalar's value, or the address of an object */
	bool scalar;
};

/*
 * kpdb_value_eval - evaluate the C expression @expr over the globals of @dw
 * and the memory of @kc (NULL: only what needs no memory, e.g. sizeof).
 * @proc_dir serves symbols DWARF has no variable for (kallsyms).
 * Returns 0 with @out filled (free with kpdb_value_free), or -1 with @err.
 */
int kpdb_value_eval(struct kpdb_dwarf *dw, struct kpdb_kcore *kc, const char *proc_dir,
		    const char *expr, const struct kpdb_print_opts *opts, struct kpdb_value *out,
		    struct kpdb_err *err);
void kpdb_value_free(struct kpdb_value *v);

/*
 * kpdb_dwarf_names_function - true if @name is a function and no variable:
 * how `p NAME` tells a pasted kprobe line from a print.
 */
bool kpdb_dwarf_names_function(struct kpdb_dwarf *dw, const char *name);

/* The vmlinux's own _text (for the KASLR slide), false if it has none. */
bool kpdb_dwarf_text_addr(struct kpdb_dwarf *dw, uint64_t *addr);

#endif
