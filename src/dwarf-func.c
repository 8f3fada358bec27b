// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dwarf-func.c - what the commands ask of a function: `info args` (its
 * prototype and where each parameter lives at its entry) and the
 * completion of a probe's arguments (parameters and member paths).
 *
 * Both take a function the way a probe names it, and fall back to the
 * first inlined site of an always-inlined one: they sit above
 * dwarf-resolve.c and dwarf-inline.c, which use neither.
 */
#include <dwarf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dwarf-priv.h"

/**
 * kpdb_dwarf_func - what `info args FUNC` shows: the function's return
 * type, where it is declared, and each parameter's type and location at
 * its entry.  @func is a LOCATION (a name, FILE:FUNC, sys:NAME).
 * Return: 0, or -1 with @err set.
 */
int kpdb_dwarf_func(struct kpdb_dwarf *dw, const char *func, struct kpdb_func_info *out,
		    struct kpdb_err *err)
{
	struct dw_where w;
	struct dw_ctx c;
	int ret;

	memset(out, 0, sizeof(*out));
	if (dw_resolve_where(dw, func, NULL, &w, err) < 0) {
		dw_release_pages(dw);
		/* an always-inlined function: its prototype and each site's locations */
		if (!dw_func_inlined_only(dw, func))
			return -1;
		kpdb_err_clear(err);
		return dw_inline_func_info(dw, func, out, err);
	}
	if (dw_make_ctx(dw, &w, false, &c, err) < 0) {
		dw_release_pages(dw);
		return -1;
	}
	if (!c.have_fn) {
		dw_ctx_release(&c);
		return kpdb_err_set(err, "no debug info for '%s'", w.symbol);
	}
	ret = dw_func_info(&c, c.syscall && dwarf_tag(&c.sysfn) == DW_TAG_subprogram ? &c.sysfn :
			   &c.fn, out);
	dw_ctx_release(&c);
	dw_release_pages(dw);
	return ret < 0 ? kpdb_err_set(err, "out of memory") : 0;
}

struct strv {
	char **v;
	size_t n, cap;
};

static void sv_add(struct strv *s, const char *a, const char *b)
{
	char *str;

	if (s->n + 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		char **v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return;
		s->v = v;
		s->cap = cap;
	}
	if (asprintf(&str, "%s%s", a, b) < 0)
		return;
	s->v[s->n++] = str;
	s->v[s->n] = NULL;
}

static void members_with_prefix(Dwarf_Die *agg, const char *head, const char *part,
				struct strv *s, int depth)
{
	Dwarf_Die m;

	if (depth > 8 || dwarf_child(agg, &m) != 0)
		return;
	do {
		const char *n;
		Dwarf_Die t;

		if (dwarf_tag(&m) != DW_TAG_member)
			continue;
		n = dwarf_diename(&m);
		if (n) {
			if (!strncmp(n, part, strlen(part)))
				sv_add(s, head, n);
		} else if (dw_type_of(&m, &t) && dw_strip(&t, &t)) {
			members_with_prefix(&t, head, part, s, depth + 1);
		}
	} while (dwarf_siblingof(&m, &m) == 0);
}

/**
 * kpdb_dwarf_complete - completion candidates for an argument of a probe
 * on @func (see resolver.h).  Never fails loudly: no candidates is NULL.
 */
char **kpdb_dwarf_complete(struct kpdb_dwarf *dw, const char *func, const char *prefix)
{
	struct strv s = { 0 };
	struct dw_where w;
	struct dw_ctx c;
	const char *arrow = NULL, *dot, *cut;
	Dwarf_Die site;

	/* an always-inlined function: its parameters as its first site sees them */
	if (dw_resolve_where(dw, func, NULL, &w, NULL) < 0 &&
	    (!dw_func_inlined_only(dw, func) || dw_inline_first_site(dw, func, &w, &site) < 0))
		return NULL;
	if (dw_make_ctx(dw, &w, false, &c, NULL) < 0)
		return NULL;
	c.types_only = true;
	for (const char *p = prefix; (p = strstr(p, "->")); p += 2)
		arrow = p;
	dot = strrchr(prefix, '.');
	cut = arrow && (!dot || arrow > dot) ? arrow : dot;
	if (!cut) {
		Dwarf_Die *params;
		size_t n;

		if (dw_params(&c, &params, &n) == 0) {
			for (size_t i = 0; i < n; i++) {
				const char *pn = dwarf_diename(&params[i]);

				if (pn && !strncmp(pn, prefix, strlen(prefix)))
					sv_add(&s, pn, "");
			}
			free(params);
		}
	} else {
		bool is_arrow = cut == arrow;
		size_t hl = (size_t)(cut - prefix);
		char head[256], full[260];
		struct dw_val v;
		Dwarf_Die t, agg;

		snprintf(head, sizeof(head), "%.*s", (int)hl, prefix);
		snprintf(full, sizeof(full), "%.*s", (int)(hl + (is_arrow ? 2 : 1)), prefix);
		if (hl < sizeof(head) && dw_eval(&c, head, &v, NULL) == 0 && v.has_type) {
			t = v.type;
			bool ok = true;

			if (is_arrow) {
				Dwarf_Die st;

				if (v.nptr == 1)
					t = v.type;
				else
					ok = !v.nptr && dw_strip(&v.type, &st) &&
					     dwarf_tag(&st) == DW_TAG_pointer_type &&
					     dw_type_of(&st, &t);
			} else {
				ok = !v.nptr;
			}
			if (ok && dw_strip(&t, &agg) &&
			    (dwarf_tag(&agg) == DW_TAG_structure_type ||
			     dwarf_tag(&agg) == DW_TAG_union_type))
				members_with_prefix(&agg, full, cut + (is_arrow ? 2 : 1), &s, 0);
		}
	}
	dw_ctx_release(&c);
	dw_release_pages(dw);
	return s.v;
}
