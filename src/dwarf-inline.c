// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dwarf-inline.c - probes on a function that is always inlined: one
 * resolved spec per inlined site, as perf probe writes one event per
 * DW_TAG_inlined_subroutine.
 *
 * The name index says which CUs hold an abstract instance of the function
 * (an inline from a header has one in every CU that calls it); only those
 * CUs' subprograms are walked.  A site is probed at its entry pc, as
 * CALLER+OFF, and its arguments are resolved in the inlined copy's own
 * scope, at that address.
 */
#include <dwarf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dwarf-priv.h"
#include "probe-spec.h"

#define MAX_DEPTH 64		/* of nested scopes in a subprogram */
#define MAX_ORIGIN_HOPS 4	/* a nested copy may name its origin through another copy */

struct site {
	Dwarf_Die die;		/* the DW_TAG_inlined_subroutine */
	uint64_t addr;		/* its entry pc */
	struct dw_sym *sym;	/* the function it is inlined in */
};

struct site_walk {
	struct site *v;
	size_t n, cap;
	size_t copies;			/* all copies found, with or without code */
};

/* The walk over the inlined copies of some abstract instances. */
struct copy_walk {
	const uint64_t *origins;	/* the abstract instances' DIE offsets */
	size_t norigins;
	int (*visit)(Dwarf_Die *copy, void *arg);
	void *arg;
};

static bool is_origin(const struct copy_walk *cw, Dwarf_Die *die)
{
	Dwarf_Attribute a;
	Dwarf_Die d = *die;

	for (int hop = 0; hop < MAX_ORIGIN_HOPS; hop++) {
		if (!dwarf_attr(&d, DW_AT_abstract_origin, &a) || !dwarf_formref_die(&a, &d))
			return false;
		for (size_t i = 0; i < cw->norigins; i++)
			if (dwarf_dieoffset(&d) == cw->origins[i])
				return true;
	}
	return false;
}

/* DW_AT_entry_pc, else DW_AT_low_pc, else the lowest address of DW_AT_ranges. */
int dw_entry_addr(Dwarf_Die *die, uint64_t *addr)
{
	Dwarf_Addr a, base, start, end;
	ptrdiff_t off = 0;
	bool found = false;

	if (dwarf_entrypc(die, &a) == 0) {
		*addr = a;
		return 0;
	}
	while ((off = dwarf_ranges(die, off, &base, &start, &end)) > 0) {
		if (!found || start < *addr)
			*addr = start;
		found = true;
	}
	return found ? 0 : -1;
}

static int add_site(Dwarf_Die *die, void *arg)
{
	struct site_walk *sw = arg;

	if (sw->n == sw->cap) {
		size_t cap = sw->cap ? sw->cap * 2 : 16;
		struct site *v = realloc(sw->v, cap * sizeof(*v));

		if (!v)
			return -1;
		sw->v = v;
		sw->cap = cap;
	}
	sw->v[sw->n].die = *die;
	sw->copies++;
	if (dw_entry_addr(die, &sw->v[sw->n].addr) == 0)
		sw->n++;
	return 0;
}

/* Subprograms with code and the scopes inside them; sites nest in sites. */
static int walk(const struct copy_walk *cw, Dwarf_Die *parent, int depth)
{
	Dwarf_Die d;

	if (depth > MAX_DEPTH || dwarf_child(parent, &d) != 0)
		return 0;
	do {
		switch (dwarf_tag(&d)) {
		case DW_TAG_subprogram:
			if (!dwarf_hasattr(&d, DW_AT_low_pc) && !dwarf_hasattr(&d, DW_AT_ranges))
				continue;
			break;
		case DW_TAG_inlined_subroutine:
			if (!is_origin(cw, &d))
				break;
			/*
			 * A copy of the function inside a copy of itself is a
			 * piece of the same call (GCC splits a body and inlines
			 * the part back: ZSTD_getDDict in Debian's 6.1), not a
			 * site of its own; an always-inline function cannot
			 * recurse.  perf probe does not look inside either.
			 */
			if (cw->visit(&d, cw->arg) < 0)
				return -1;
			continue;
		case DW_TAG_lexical_block:
			break;
		default:
			continue;
		}
		if (walk(cw, &d, depth + 1) < 0)
			return -1;
	} while (dwarf_siblingof(&d, &d) == 0);
	return 0;
}

static int cmp_site(const void *a, const void *b)
{
	const struct site *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/**
 * dw_inlined_copies - hand @visit every inlined copy of the abstract
 * instances @origins (DIE offsets, sorted), in the subprograms with code of
 * their compilation units; a copy is not looked inside (a copy of a function
 * within a copy of itself is one call that GCC split, not a site).
 * Return: 0, or -1 when @visit failed.
 */
int dw_inlined_copies(struct kpdb_dwarf *dw, const uint64_t *origins, size_t n,
		      int (*visit)(Dwarf_Die *copy, void *arg), void *arg)
{
	struct copy_walk cw = { origins, n, visit, arg };
	uint64_t last_cu = UINT64_MAX;

	/* sorted by DIE offset: a CU's are together */
	for (size_t i = 0; i < n; i++) {
		Dwarf_Die abs, cu;

		if (!dwarf_offdie(dw->dw, origins[i], &abs) || !dwarf_diecu(&abs, &cu, NULL, NULL) ||
		    dwarf_dieoffset(&cu) == last_cu)
			continue;
		last_cu = dwarf_dieoffset(&cu);
		if (walk(&cw, &cu, 0) < 0)
			return -1;
	}
	return 0;
}

/* Every copy of the abstract instances @origins, by address, in function symbols. */
static int sites_of(struct kpdb_dwarf *dw, const uint64_t *origins, size_t n,
		    struct site_walk *sw, struct kpdb_err *err)
{
	size_t k = 0;

	if (dw_inlined_copies(dw, origins, n, add_site, sw) < 0)
		return kpdb_err_set(err, "out of memory");
	if (sw->n)
		qsort(sw->v, sw->n, sizeof(*sw->v), cmp_site);
	for (size_t i = 0; i < sw->n; i++) {
		if (k && sw->v[k - 1].addr == sw->v[i].addr)
			continue;
		sw->v[i].sym = dw_sym_at(dw, sw->v[i].addr);
		if (sw->v[i].sym)
			sw->v[k++] = sw->v[i];
	}
	sw->n = k;
	return 0;
}

/* Every site of @name's abstract instances, by address, in function symbols. */
static int find_sites(struct kpdb_dwarf *dw, const char *name, struct site_walk *sw,
		      struct kpdb_err *err)
{
	size_t n;
	const struct dw_idx_ent *e = dw_index_find(dw, DW_K_FUNC, name, &n);
	uint64_t *origins = calloc(n ? n : 1, sizeof(*origins));
	int ret;

	if (!origins)
		return kpdb_err_set(err, "out of memory");
	for (size_t i = 0; i < n; i++)
		origins[i] = e[i].die;
	ret = sites_of(dw, origins, n, sw, err);
	free(origins);
	return ret;
}

/* find_sites, and an error when no site has code to probe. */
static int sites_with_code(struct kpdb_dwarf *dw, const char *name, struct site_walk *sw,
			   struct kpdb_err *err)
{
	if (find_sites(dw, name, sw, err) < 0)
		return -1;
	if (sw->copies == 0)
		return kpdb_err_set(err, "'%s' is always inlined, and the debug info records no "
				    "inlined copy of it (optimized away); probe its callers", name);
	if (sw->n == 0)
		return kpdb_err_set(err, "'%s' is always inlined, and none of its %zu inlined "
				    "copies has code in a function symbol; probe a FILE:LINE inside "
				    "it, or its callers", name, sw->copies);
	return 0;
}

static void site_free(struct kpdb_site *s)
{
	if (s->spec)
		kpdb_probe_spec_free(s->spec);
	free(s->spec);
	free(s->inlined_in);
	memset(s, 0, sizeof(*s));
}

/*
 * A wrapper's parameter that GCC dropped from its inlined copy often lives
 * on in the copy of the function it passes it to, inlined at the same
 * address (kfree_skb_list(segs) is kfree_skb_list_reason(segs, ...)): the
 * same name there, at the same entry pc, is the same value.  perf probe
 * finds it the same way, looking outward from the innermost scope.  @out's
 * spec is resolved again in that copy; 0, or -1 leaving @err as it was.
 */
static int resolve_nested(struct kpdb_dwarf *dw, const struct kpdb_probe_spec *spec,
			  struct site *s, struct kpdb_site *out, struct kpdb_err *err)
{
	Dwarf_Die child;
	uint64_t a;

	if (dwarf_child(&s->die, &child) != 0)
		return -1;
	do {
		struct kpdb_probe_spec *again;
		struct dw_where w = { .addr = s->addr, .inlined = &child };
		struct kpdb_err e = { "" };
		struct dw_ctx c;
		int ret;

		if (dwarf_tag(&child) != DW_TAG_inlined_subroutine ||
		    dw_entry_addr(&child, &a) < 0 || a != s->addr)
			continue;
		again = calloc(1, sizeof(*again));
		if (!again || kpdb_probe_spec_copy(again, spec) < 0) {
			free(again);
			return -1;
		}
		dw_set_symbol(dw, &w, s->sym);
		ret = dw_make_ctx(dw, &w, false, &c, &e);
		if (ret == 0)
			ret = dw_resolve_args(&c, &w, again, &e);
		dw_ctx_release(&c);
		if (ret == 0) {
			kpdb_probe_spec_free(out->spec);
			free(out->spec);
			out->spec = again;
			return 0;
		}
		kpdb_probe_spec_free(again);
		free(again);
	} while (dwarf_siblingof(&child, &child) == 0);
	return -1;
}

/*
 * @out: @spec resolved at @s; 0, or -1 with @err naming what failed there.
 * The scope is the site's DIE itself, not dwarf_getscopes() at its entry
 * pc: for a copy nested in another inlined copy, that returns the outer one
 * there (GCC 12, fx_inl in fx_inl_outer).
 */
static int resolve_site(struct kpdb_dwarf *dw, const struct kpdb_probe_spec *spec,
			struct site *s, struct kpdb_site *out, struct kpdb_err *err)
{
	struct dw_where w = { .addr = s->addr, .inlined = &s->die };
	struct dw_ctx c;
	int ret;

	memset(out, 0, sizeof(*out));
	dw_set_symbol(dw, &w, s->sym);
	out->spec = calloc(1, sizeof(*out->spec));
	if (!out->spec || kpdb_probe_spec_copy(out->spec, spec) < 0) {
		free(out->spec);
		out->spec = NULL;
		return kpdb_err_set(err, "out of memory");
	}
	if (asprintf(&out->inlined_in, "%s+0x%llx", s->sym->name,
		     (unsigned long long)(s->addr - s->sym->addr)) < 0) {
		out->inlined_in = NULL;
		site_free(out);
		return kpdb_err_set(err, "out of memory");
	}
	ret = dw_make_ctx(dw, &w, false, &c, err);
	if (ret == 0)
		ret = dw_resolve_args(&c, &w, out->spec, err);
	dw_ctx_release(&c);
	if (ret < 0 && strstr(err->msg, "optimized out"))
		ret = resolve_nested(dw, spec, s, out, err);
	return ret;
}

void kpdb_sites_free(struct kpdb_sites *sites)
{
	for (size_t i = 0; i < sites->n; i++)
		site_free(&sites->v[i]);
	free(sites->v);
	memset(sites, 0, sizeof(*sites));
}

/*
 * Resolve @spec at every site.  A site where an argument cannot be fetched
 * is left out (perf does the same), with the first reason kept; when no
 * site is left, that reason is the error.
 */
static int resolve_sites(struct kpdb_dwarf *dw, const struct kpdb_probe_spec *spec,
			 struct site_walk *sw, struct kpdb_sites *out, struct kpdb_err *err)
{
	struct kpdb_err first = { "" };
	char *first_site = NULL;

	out->v = calloc(sw->n, sizeof(*out->v));
	if (!out->v)
		return kpdb_err_set(err, "out of memory");
	out->found = sw->n;
	for (size_t i = 0; i < sw->n; i++) {
		struct kpdb_site *site = &out->v[out->n];
		struct kpdb_err e = { "" };

		if (resolve_site(dw, spec, &sw->v[i], site, &e) == 0) {
			out->n++;
			continue;
		}
		if (!site->spec)	/* out of memory: not the site's fault */
			return kpdb_err_set(err, "%s", e.msg);
		if (!first_site) {
			first_site = site->inlined_in;
			site->inlined_in = NULL;
			first = e;
		}
		site_free(site);
	}
	if (!out->n && out->found == 1)
		kpdb_err_set(err, "%s (at its only inlined site, in %s)", first.msg, first_site);
	else if (!out->n)
		kpdb_err_set(err, "%s (at each of its %zu inlined sites)", first.msg, out->found);
	else if (first_site)
		snprintf(out->why, sizeof(out->why), "at %s: %s", first_site, first.msg);
	free(first_site);
	return out->n ? 0 : -1;
}

static bool plain_name(const struct kpdb_probe_spec *spec)
{
	return spec->symbol && !spec->file && !spec->line && !strchr(spec->symbol, ':');
}

/**
 * kpdb_dwarf_sites - one resolved spec per inlined site of an always-inlined
 * function (see resolver.h)
 * @dw: the debug info
 * @spec: a parsed spec, left as it is
 * @out: the sites' specs, released with kpdb_sites_free()
 * @err: the reason on failure
 *
 * Return: the number of sites (> 0); 0 if @spec's location is not such a
 * function; -1 with @err set.
 */
int kpdb_dwarf_sites(struct kpdb_dwarf *dw, const struct kpdb_probe_spec *spec,
		     struct kpdb_sites *out, struct kpdb_err *err)
{
	struct site_walk sw = { 0 };
	const char *name = spec->symbol;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (!plain_name(spec) || !dw_func_inlined_only(dw, name))
		return 0;
	if (spec->retprobe)
		return kpdb_err_set(err, "'%s' is always inlined: it never returns to a caller of "
				    "its own; probe the return of the functions it is inlined in, or "
				    "a FILE:LINE inside it", name);
	if (spec->offset)
		return kpdb_err_set(err, "'%s' is always inlined: an offset into it means nothing; "
				    "probe a FILE:LINE inside it", name);
	if (sites_with_code(dw, name, &sw, err) < 0)
		goto out;
	if (resolve_sites(dw, spec, &sw, out, err) < 0) {
		kpdb_sites_free(out);
		goto out;
	}
	ret = (int)out->n;
out:
	free(sw.v);
	dw_release_pages(dw);
	return ret;
}

/**
 * dw_resolve_copies - @spec resolved at every inlined copy of the abstract
 * instances @origins (a function that has a symbol too, spec->symbol),
 * but those in that function's own code
 * Return: the number of sites resolved (0 when there are none, or when no
 * copy could fetch the arguments: @out->found and @out->why say so), or
 * -1 with @err set.
 */
int dw_resolve_copies(struct kpdb_dwarf *dw, const struct kpdb_probe_spec *spec,
		      const uint64_t *origins, size_t n, struct kpdb_sites *out,
		      struct kpdb_err *err)
{
	size_t len = strlen(spec->symbol), k = 0;
	struct site_walk sw = { 0 };
	struct kpdb_err e = { "" };
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (sites_of(dw, origins, n, &sw, err) < 0)
		goto out;
	/*
	 * A copy in the function's own code (or its .part/.cold clone) is
	 * the call its symbol's probe sees already, split by GCC: perf
	 * leaves it out too.
	 */
	for (size_t i = 0; i < sw.n; i++) {
		const char *caller = sw.v[i].sym->name;

		if (strncmp(caller, spec->symbol, len) || (caller[len] && caller[len] != '.'))
			sw.v[k++] = sw.v[i];
	}
	sw.n = k;
	ret = 0;
	if (!sw.n)
		goto out;
	if (resolve_sites(dw, spec, &sw, out, &e) < 0) {
		size_t found = out->found;

		kpdb_sites_free(out);
		if (!found || !strcmp(e.msg, "out of memory")) {
			kpdb_err_set(err, "%s", e.msg);
			ret = -1;
			goto out;
		}
		out->found = found;
		snprintf(out->why, sizeof(out->why), "%s", e.msg);
		goto out;
	}
	ret = (int)out->n;
out:
	free(sw.v);
	return ret;
}

/* The info of the copy at @s: its parameters where they live at its entry. */
static int site_info(struct kpdb_dwarf *dw, struct site *s, struct kpdb_func_info *out,
		     struct kpdb_err *err)
{
	struct dw_where w = { .addr = s->addr, .inlined = &s->die };
	struct dw_ctx c;
	int ret;

	dw_set_symbol(dw, &w, s->sym);
	if (dw_make_ctx(dw, &w, false, &c, err) < 0) {
		dw_ctx_release(&c);
		return -1;
	}
	ret = dw_func_info(&c, &s->die, out);
	dw_ctx_release(&c);
	if (ret < 0 || asprintf(&out->inlined_in, "%s+0x%llx", s->sym->name,
				(unsigned long long)(s->addr - s->sym->addr)) < 0) {
		out->inlined_in = NULL;
		kpdb_func_info_free(out);
		return kpdb_err_set(err, "out of memory");
	}
	return 0;
}

/**
 * dw_inline_func_info - `info args` of an always-inlined function: the
 * prototype (from its first site), each parameter's location given per
 * site in @out->sites (at most KPDB_MAX_SITES of @out->nsites_all).
 * Return: 0, or -1 with @err set.
 */
int dw_inline_func_info(struct kpdb_dwarf *dw, const char *name, struct kpdb_func_info *out,
			struct kpdb_err *err)
{
	struct site_walk sw = { 0 };
	struct kpdb_func_info *first;
	size_t n;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (sites_with_code(dw, name, &sw, err) < 0)
		goto out;
	n = sw.n < KPDB_MAX_SITES ? sw.n : KPDB_MAX_SITES;
	out->sites = calloc(n, sizeof(*out->sites));
	if (!out->sites) {
		kpdb_err_set(err, "out of memory");
		goto out;
	}
	out->nsites_all = sw.n;
	for (; out->nsites < n; out->nsites++)
		if (site_info(dw, &sw.v[out->nsites], &out->sites[out->nsites], err) < 0)
			goto fail;
	/* the prototype is the first site's, every location "at each site" */
	first = &out->sites[0];
	out->name = strdup(first->name);
	out->rettype = strdup(first->rettype);
	out->file = strdup(first->file);
	out->line = first->line;
	out->params = calloc(first->nparams ? first->nparams : 1, sizeof(*out->params));
	if (!out->name || !out->rettype || !out->file || !out->params)
		goto oom;
	for (; out->nparams < first->nparams; out->nparams++) {
		struct kpdb_param_info *p = &out->params[out->nparams];

		p->name = strdup(first->params[out->nparams].name);
		p->type = strdup(first->params[out->nparams].type);
		p->location = strdup("at each site");
		if (!p->name || !p->type || !p->location) {
			out->nparams++;
			goto oom;
		}
	}
	ret = 0;
	goto out;
oom:
	kpdb_err_set(err, "out of memory");
fail:
	kpdb_func_info_free(out);
out:
	free(sw.v);
	dw_release_pages(dw);
	return ret;
}

int dw_inline_first_site(struct kpdb_dwarf *dw, const char *name, struct dw_where *w,
			 Dwarf_Die *die)
{
	struct site_walk sw = { 0 };
	int ret = -1;

	if (sites_with_code(dw, name, &sw, NULL) == 0) {
		memset(w, 0, sizeof(*w));
		*die = sw.v[0].die;
		w->addr = sw.v[0].addr;
		w->inlined = die;
		dw_set_symbol(dw, w, sw.v[0].sym);
		ret = 0;
	}
	free(sw.v);
	return ret;
}

/**
 * kpdb_dwarf_inlined_functions - the always-inlined functions whose names
 * start with @prefix, for completion (see resolver.h).  The index is sorted by
 * name: a binary search finds the first, the scan stops at the last.
 */
char **kpdb_dwarf_inlined_functions(struct kpdb_dwarf *dw, const char *prefix)
{
	size_t len = strlen(prefix), n = 0, cap = 0;
	char **v = NULL;
	const char *last = NULL;

	if (dw_index_ready(dw, NULL) < 0)
		return NULL;
	for (size_t i = dw_index_lower(dw, prefix); i < dw->nents; i++) {
		const char *name = dw_index_name(dw, &dw->ents[i]);

		if (strncmp(name, prefix, len))
			break;
		if (dw->ents[i].kind != DW_K_FUNC || !(dw->ents[i].flags & DW_F_INLINE) ||
		    (last && !strcmp(last, name)) || !dw_func_inlined_only(dw, name))
			continue;
		last = name;
		if (n + 2 > cap) {
			size_t c2 = cap ? cap * 2 : 16;
			char **v2 = realloc(v, c2 * sizeof(*v2));

			if (!v2)
				break;
			v = v2;
			cap = c2;
		}
		v[n] = strdup(name);
		if (!v[n])
			break;
		v[++n] = NULL;
	}
	return v;
}
