/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kallsyms.h - the one reader of PROC/kallsyms, the running kernel's
 * symbols (PROC is /proc, or --proc-dir's stand-in in tests).
 *
 * A line is "ADDR TYPE NAME", and "\t[MODULE]" after a module's symbol.
 * Without the right to see addresses (kptr_restrict) every ADDR is 0: the
 * names and types are still there, and the callers decide what an address
 * of 0 means to them.
 */
#ifndef KPDB_KALLSYMS_H
#define KPDB_KALLSYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One symbol; its strings are the reader's. */
struct kpdb_ksym {
	unsigned long long addr;	/* 0 when kptr_restrict hides it */
	const char *name;
	const char *module;		/* "virtio_blk", or NULL for vmlinux's */
	char type;			/* nm's letter: t/T text, d/D data, w/W weak... */
};

/*
 * kpdb_kallsyms_each - call @fn on each symbol of @proc_dir/kallsyms, in
 * the file's order, until it returns nonzero; the strings live for the
 * call only.  Lines that are not "ADDR TYPE NAME" are skipped.  Returns
 * what @fn returned last (0 at the end), or -1 if the file cannot be read.
 */
int kpdb_kallsyms_each(const char *proc_dir, int (*fn)(const struct kpdb_ksym *sym, void *arg),
		       void *arg);

/*
 * kpdb_kallsyms_addr - the address of the first symbol named @name (0 when
 * hidden), read up to that line only.  0, or -1 if absent or unreadable.
 */
int kpdb_kallsyms_addr(const char *proc_dir, const char *name, uint64_t *addr);

/* Symbols kept for many lookups, in the order they are looked up by. */
enum kpdb_ksym_order {
	KPDB_KSYM_BY_NAME,	/* for kpdb_kallsyms_named() */
	KPDB_KSYM_BY_ADDR,	/* for kpdb_kallsyms_at() */
};

struct kpdb_kallsyms {
	struct kpdb_ksym *syms;		/* symbols of the same key in the file's order */
	size_t n;
	char *strings;			/* their names and modules */
};

/*
 * kpdb_kallsyms_load - the symbols of @proc_dir/kallsyms that @keep (NULL:
 * all) accepts, sorted by @order.  @keep sees every symbol, kept or not.
 * Returns 0, or -1 if the file cannot be read (or memory is short): @ks is
 * empty then.  kpdb_kallsyms_free() frees it either way.
 */
int kpdb_kallsyms_load(const char *proc_dir, enum kpdb_ksym_order order,
		       bool (*keep)(const struct kpdb_ksym *sym, void *arg), void *arg,
		       struct kpdb_kallsyms *ks);
void kpdb_kallsyms_free(struct kpdb_kallsyms *ks);

/* In a table by name: the first of the symbols named @name, *@n of them; NULL if none. */
const struct kpdb_ksym *kpdb_kallsyms_named(const struct kpdb_kallsyms *ks, const char *name,
					    size_t *n);

/*
 * In a table by address: the symbol @addr is in, that is the last one at
 * or below it, unless that is more than 1 MiB below (past the last
 * symbol is not inside it); *@off gets the distance.  NULL if none.
 */
const struct kpdb_ksym *kpdb_kallsyms_at(const struct kpdb_kallsyms *ks, unsigned long long addr,
					 unsigned long long *off);

#endif
