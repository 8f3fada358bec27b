/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probe-util.h - the bottom of the parser (probe-util.c): the string
 * builder, names and numbers.  It sees nothing of the files above it, so
 * probe-util.c cannot call back into them.  Not an interface: only the
 * probe-*.c files include it.
 */
#ifndef KPDB_PROBE_UTIL_H
#define KPDB_PROBE_UTIL_H

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* A growable string; on allocation failure it turns into a NULL result. */
struct sb {
	char *s;
	size_t len, cap;
	bool oom;
};

void pspec_sb_add(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *pspec_sb_take(struct sb *b);	/* the string (caller frees), or NULL if out of memory */

static inline int pspec_oom(struct kpdb_err *err)
{
	return kpdb_err_set(err, "out of memory");
}

static inline bool is_ident_start(int c)
{
	return isalpha(c) || c == '_';
}

static inline bool is_ident_char(int c)
{
	return isalnum(c) || c == '_';
}

bool pspec_is_reserved_name(const char *name);
bool pspec_parse_long(const char *s, size_t n, long *out);
bool pspec_parse_ulong(const char *s, size_t n, unsigned long *out);
bool pspec_all_digits(const char *s);
bool pspec_symbol_valid(const char *s, size_t n);

#endif
