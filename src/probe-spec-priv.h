/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probe-spec-priv.h - what the middle of the parser shares: probe-fetcharg.c,
 * probe-args.c and probe-filter.c, which build on probe-util.c (probe-util.h)
 * and which probe-spec.c builds on.  Not an interface: only the probe-*.c
 * files include it.
 */
#ifndef KPDB_PROBE_SPEC_PRIV_H
#define KPDB_PROBE_SPEC_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "probe-spec.h"
#include "probe-util.h"

/* the kernel's limits are in kprobe-limits.h, through probe-spec.h */
#define SOCKADDR_SUFFIX	7	/* strlen("__apath"), the longest sub-field suffix */

/* What a raw fetcharg is, from its outermost form. */
enum fkind {
	F_C,		/* a C expression for the resolver */
	F_REG,		/* %di */
	F_DEREF,	/* +4(%si), -8(%bp), +u4(%si) */
	F_MEM,		/* @sym, @sym+8, @0xffff... */
	F_STACK,	/* $stack, $stackN */
	F_RETVAL,
	F_COMM,
	F_ARG,		/* $argN */
	F_IMM,		/* \123 */
	F_IMMSTR,	/* \"text" */
};

/* --- probe-fetcharg.c: one fetcharg, and the kernel's types --- */
long pspec_match_paren(const char *s, size_t open);
int pspec_check_fetch(const char *s, int depth, bool retprobe, bool entry, struct sb *name,
		      struct kpdb_err *err);
int pspec_check_c_expr(const char *s, struct sb *name, struct kpdb_err *err);
int pspec_check_ktype(const char *t, struct kpdb_err *err);
bool pspec_is_string_type(const char *t);
char *pspec_field_fetch(const struct kpdb_arg *a, unsigned int off, bool array);

/* --- probe-args.c: one argument, and the names of a spec's arguments --- */

/* The state of one kpdb_probe_spec_parse(). */
struct parse {
	struct kpdb_probe_spec *spec;
	char **auto_names;	/* parallel to spec->args: names waiting for pspec_finish_names() */
	size_t cap;
	struct kpdb_err *err;
};

void pspec_arg_free(struct kpdb_arg *a);
int pspec_parse_arg(const struct kpdb_probe_spec *spec, const char *word, struct kpdb_arg *a,
		    char **auto_name, struct kpdb_err *err);
int pspec_add_arg(struct parse *ps, const char *word, bool hidden);
/* Give the automatic names waiting in @ps, now that every explicit one is known. */
int pspec_finish_names(struct parse *ps);
bool pspec_name_taken(const struct kpdb_probe_spec *spec, const char *cand, bool sa);
size_t pspec_count_fields(const struct kpdb_probe_spec *spec);

/* --- probe-filter.c --- */

/* "argument 'NAME'", or "filter 'EXPR'" for a hidden one, into @buf. */
const char *pspec_arg_what(const struct kpdb_arg *a, char *buf, size_t len);
/* @a is a C expression the resolver has not completed. */
int pspec_err_unresolved(const struct kpdb_arg *a, struct kpdb_err *err);
/* Check (@ps set, adding hidden arguments) or compile (@out set) the filter. */
int pspec_filter_walk(struct parse *ps, const struct kpdb_probe_spec *spec, struct sb *out,
		      struct kpdb_err *err);

#endif
