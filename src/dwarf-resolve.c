// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dwarf-resolve.c - a probe spec's location and C arguments through DWARF.
 *
 * Locations: SYMBOL, SYMBOL+OFF, SYMBOL:LINE (relative to the function's
 * first line, as perf probe counts), FILE:LINE, FILE:FUNC, sys:NAME.  A
 * function name goes through the ELF symbol table first (its address leads
 * to the one CU that matters via .debug_aranges), so nothing is walked that
 * the probe does not need.
 */
#include <ctype.h>
#include <dwarf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dwarf-priv.h"
#include "probe-spec.h"

#define MAX_CANDS 16

/* Does the path @full end with @want at a path-component boundary? */
static bool path_matches(const char *full, const char *want)
{
	size_t fl, wl;

	if (!full)
		return false;
	while (!strncmp(want, "./", 2))
		want += 2;
	fl = strlen(full);
	wl = strlen(want);
	if (wl > fl || strcmp(full + fl - wl, want))
		return false;
	return wl == fl || full[fl - wl - 1] == '/';
}

static bool sym_is_dup(struct kpdb_dwarf *dw, const char *name)
{
	struct dw_sym *c[2];

	return dw_syms_named(dw, name, c, 2) > 1;
}

void dw_set_symbol(struct kpdb_dwarf *dw, struct dw_where *w, struct dw_sym *s)
{
	w->sym_addr = s->addr;
	/* a name the kernel cannot tell apart is probed by its offset from _text */
	if (sym_is_dup(dw, s->name) && dw->have_text)
		snprintf(w->symbol, sizeof(w->symbol), "_text");
	else
		snprintf(w->symbol, sizeof(w->symbol), "%s", s->name);
}

/* "net/x.c:12", or "include/y.h:3 in net/x.c" for a header's static function. */
static void sym_where(struct kpdb_dwarf *dw, struct dw_sym *s, char *buf, size_t len)
{
	Dwarf_Die cu, fn;
	const char *cuname;

	if (dw_func_at(dw, s->addr, &cu, &fn) < 0) {
		snprintf(buf, len, "%s at 0x%llx", s->name, (unsigned long long)s->addr);
		return;
	}
	dw_decl_where(&fn, buf, len);
	cuname = dwarf_diename(&cu);
	if (cuname && !path_matches(dwarf_decl_file(&fn), cuname)) {
		size_t l = strlen(buf);

		snprintf(buf + l, len - l, " in %s", cuname);
	}
}

static int list_cands(struct kpdb_dwarf *dw, struct dw_sym **c, size_t n, const char *name,
		      const char *what, const char *hint, struct kpdb_err *err)
{
	bool numbered = strcmp(what, "clones");
	char list[1200] = "";

	for (size_t i = 0; i < n && i < MAX_CANDS; i++) {
		char w[256];
		size_t l = strlen(list);

		if (!numbered)
			snprintf(w, sizeof(w), "%s", c[i]->name);
		else if (dw->from_btf)
			snprintf(w, sizeof(w), "%s", "(BTF does not say where)");
		else
			sym_where(dw, c[i], w, sizeof(w));
		if (numbered)
			snprintf(list + l, sizeof(list) - l, "\n  #%zu  %s", i + 1, w);
		else
			snprintf(list + l, sizeof(list) - l, "%s%s", i ? ", " : "", w);
	}
	if (numbered)
		return kpdb_err_set(err, "'%s' is ambiguous: %zu %s:%s%s\n%s", name, n, what, list,
				    n > MAX_CANDS ? "\n  ..." : "", hint);
	return kpdb_err_set(err, "'%s' is ambiguous: %zu %s: %s%s; %s", name, n, what, list,
			    n > MAX_CANDS ? ", ..." : "", hint);
}

/* By address: the order of kallsyms, which numbers NAME#N in every mode. */
static void sort_by_addr(struct dw_sym **c, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct dw_sym *t = c[i];
		size_t j = i;

		for (; j > 0 && c[j - 1]->addr > t->addr; j--)
			c[j] = c[j - 1];
		c[j] = t;
	}
}

/*
 * A function symbol by name, clones and duplicates handled; @which > 0
 * picks the which-th of the functions of that name, by address.
 */
static int find_function(struct kpdb_dwarf *dw, const char *name, const char *file, int which,
			 struct dw_sym **out, struct kpdb_err *err)
{
	struct dw_sym *c[MAX_CANDS * 4];
	size_t n = dw_syms_named(dw, name, c, MAX_CANDS * 4);
	char hint[200];

	if (n == 0) {
		n = dw_syms_clones(dw, name, c, MAX_CANDS * 4);
		if (n == 1 && !which) {
			*out = c[0];
			return 0;
		}
		if (n > 1 && !which)
			return list_cands(dw, c, n, name, "clones",
					  "probe one of them by its name", err);
	}
	if (n == 0) {
		if (dw_func_inlined_only(dw, name))
			return kpdb_err_set(err, "'%s' is always inlined: it has no symbol to probe; "
					    "probe its callers, or a FILE:LINE inside it", name);
		return kpdb_err_set(err, "no function '%s' in '%s'", name, dw->path);
	}
	if (n > MAX_CANDS * 4) {
		if (which)
			return kpdb_err_set(err, "'%s' has %zu functions: too many to number; name "
					    "one as FILE:FUNC", name, n);
		n = MAX_CANDS * 4;
	}
	if (file) {
		struct dw_sym *keep[MAX_CANDS * 4];
		size_t m = 0;

		for (size_t i = 0; i < n; i++) {
			Dwarf_Die cu, fn;

			if (dw_func_at(dw, c[i]->addr, &cu, &fn) < 0)
				continue;
			if (path_matches(dwarf_decl_file(&fn), file) ||
			    path_matches(dwarf_diename(&cu), file))
				keep[m++] = c[i];
		}
		if (m == 0)
			return kpdb_err_set(err, "no function '%s' in '%s'", name, file);
		memcpy(c, keep, m * sizeof(*c));
		n = m;
	}
	sort_by_addr(c, n);
	if (which) {
		if (n == 1 && which > 1)
			return kpdb_err_set(err, "'%s#%d': there is one function '%s' only", name,
					    which, name);
		if ((size_t)which > n)
			return kpdb_err_set(err, "'%s#%d': '%s' has %zu functions, #1 to #%zu", name,
					    which, name, n, n);
		*out = c[which - 1];
		return 0;
	}
	if (n > 1 && dw->from_btf)
		return kpdb_err_set(err, "'%s' names several functions, and BTF does not say where "
				    "each is: choose one as %s#N, N its place among the running "
				    "kernel's symbols of that name by address (bp lists them), or "
				    "give the DWARF vmlinux with -k", name, name);
	snprintf(hint, sizeof(hint), "choose one as %s#N, or name it as FILE:FUNC (FILE: its .c "
		 "file) or FILE:LINE", name);
	if (n > 1)
		return list_cands(dw, c, n, name, "functions have this name", hint, err);
	*out = c[0];
	return 0;
}

/* The lowest statement address of @line in the line table of @cu (file @file). */
static int line_addr(Dwarf_Die *cu, const char *file, int line, Dwarf_Die *fn,
		     uint64_t *addr, int *near)
{
	Dwarf_Lines *lines;
	size_t n;
	bool found = false;
	int best_near = 0;

	if (dwarf_getsrclines(cu, &lines, &n) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		Dwarf_Line *l = dwarf_onesrcline(lines, i);
		Dwarf_Addr a;
		int ln;
		bool stmt;

		if (!l || dwarf_lineno(l, &ln) || dwarf_lineaddr(l, &a) ||
		    dwarf_linebeginstatement(l, &stmt) || !stmt)
			continue;
		if (!path_matches(dwarf_linesrc(l, NULL, NULL), file))
			continue;
		if (fn && dwarf_haspc(fn, a) <= 0)
			continue;
		if (ln == line) {
			if (!found || a < *addr)
				*addr = a;
			found = true;
		} else if (ln > line && (!best_near || ln < best_near)) {
			best_near = ln;
		}
	}
	*near = best_near;
	return found ? 0 : -1;
}

static int resolve_file_line(struct kpdb_dwarf *dw, const char *file, int line,
			     struct dw_where *w, struct kpdb_err *err)
{
	Dwarf_CU *cu = NULL, *next;
	Dwarf_Die cudie, sub;
	Dwarf_Half ver;
	uint8_t ut;
	bool any = false;
	int near = 0, n = 0;

	dw_units_ready(dw);
	while (dwarf_get_units(dw->dw, cu, &next, &ver, &ut, &cudie, &sub) == 0) {
		const char *name;
		uint64_t a;
		int nr;

		cu = next;
		if (++n % 64 == 0)
			dw_release_pages(dw);
		name = dwarf_diename(&cudie);
		if (!path_matches(name, file))
			continue;
		any = true;
		if (line_addr(&cudie, name, line, NULL, &a, &nr) < 0) {
			if (nr && (!near || nr < near))
				near = nr;
			continue;
		}
		struct dw_sym *s = dw_sym_at(dw, a);

		if (!s)
			return kpdb_err_set(err, "no function symbol at %s:%d", file, line);
		dw_set_symbol(dw, w, s);
		w->addr = a;
		return 0;
	}
	if (!any)
		return kpdb_err_set(err, "no compilation unit '%s' in '%s' (FILE:LINE takes a .c "
				    "file of the kernel)", file, dw->path);
	if (near)
		return kpdb_err_set(err, "no code at %s:%d (the next line with code is %d)", file,
				    line, near);
	return kpdb_err_set(err, "no code at %s:%d", file, line);
}

static int resolve_func_line(struct kpdb_dwarf *dw, struct dw_sym *s, int rel,
			     struct dw_where *w, struct kpdb_err *err)
{
	Dwarf_Die cu, fn;
	int decl = 0, near;
	const char *file;
	uint64_t a;

	if (dw_func_at(dw, s->addr, &cu, &fn) < 0)
		return kpdb_err_set(err, "no debug info for '%s'", s->name);
	file = dwarf_decl_file(&fn);
	dwarf_decl_line(&fn, &decl);
	if (!file || !decl)
		return kpdb_err_set(err, "no line information for '%s'", s->name);
	if (line_addr(&cu, file, decl + rel, &fn, &a, &near) < 0)
		return kpdb_err_set(err, "no code at line %d of '%s' (line %d of its file)%s", rel,
				    s->name, decl + rel, near ? "; try a later line" : "");
	dw_set_symbol(dw, w, s);
	w->addr = a;
	return 0;
}

static int parse_off(const char *s, uint64_t *off)
{
	char *end;

	*off = strtoull(s, &end, 0);
	return *end ? -1 : 0;
}

/* The location text of @spec (or @text) into @w. */
int dw_resolve_where(struct kpdb_dwarf *dw, const char *text, struct kpdb_probe_spec *spec,
		     struct dw_where *w, struct kpdb_err *err)
{
	char buf[512], *colon, *plus, *pct, *hash;
	struct dw_sym *s;
	uint64_t off = 0;
	int which = 0;

	memset(w, 0, sizeof(*w));
	snprintf(buf, sizeof(buf), "%s", text);
	pct = strchr(buf, '%');
	if (pct)
		*pct = '\0';
	hash = strchr(buf, '#');
	if (hash) {
		char *end;
		long v = strtol(hash + 1, &end, 10);

		if (end == hash + 1 || v <= 0 || v > INT32_MAX)
			return kpdb_err_set(err, "bad function number in '%s' (NAME#N, N from 1)",
					    text);
		which = (int)v;
		memmove(hash, end, strlen(end) + 1);
	}
	if (!strncmp(buf, "sys:", 4)) {
		const char *nm = buf + 4;

		if (!strncmp(nm, "sys_", 4))
			nm += 4;
		if (!*nm)
			return kpdb_err_set(err, "missing syscall name in '%s'", text);
		snprintf(w->sysname, sizeof(w->sysname), "%.100s", nm);
		snprintf(buf, sizeof(buf), "__x64_sys_%s", w->sysname);
		struct dw_sym *c[2];

		if (dw_syms_named(dw, buf, c, 2) == 0)
			return kpdb_err_set(err, "no syscall '%s' ('%s' is not in '%s')", w->sysname,
					    buf, dw->path);
		w->syscall = true;
		snprintf(w->symbol, sizeof(w->symbol), "%s", buf);
		w->sym_addr = w->addr = c[0]->addr;
		return 0;
	}
	colon = strrchr(buf, ':');
	if (colon) {
		*colon = '\0';
		const char *left = buf, *right = colon + 1;

		if (kpdb_probe_spec_is_line(right)) {
			int line = atoi(right);

			if (kpdb_probe_spec_is_file(left, strlen(left)))
				return resolve_file_line(dw, left, line, w, err);
			if (find_function(dw, left, NULL, which, &s, err) < 0)
				return -1;
			return resolve_func_line(dw, s, line, w, err);
		}
		/* FILE:FUNC[+OFF] */
		plus = strchr((char *)right, '+');
		if (plus) {
			*plus = '\0';
			if (parse_off(plus + 1, &off) < 0)
				return kpdb_err_set(err, "bad offset in '%s'", text);
		}
		if (find_function(dw, right, left, which, &s, err) < 0)
			return -1;
		dw_set_symbol(dw, w, s);
		w->addr = s->addr + off;
		return 0;
	}
	plus = strchr(buf, '+');
	if (plus) {
		*plus = '\0';
		if (parse_off(plus + 1, &off) < 0)
			return kpdb_err_set(err, "bad offset in '%s'", text);
	} else if (spec) {
		off = spec->offset;
	}
	if (find_function(dw, buf, NULL, which, &s, err) < 0)
		return -1;
	if (s->size && off >= s->size)
		return kpdb_err_set(err, "offset %llu is past the end of '%s' (%llu bytes)",
				    (unsigned long long)off, s->name, (unsigned long long)s->size);
	dw_set_symbol(dw, w, s);
	w->addr = s->addr + off;
	return 0;
}

/* True if @param is a pointer to (const) struct pt_regs. */
static bool is_pt_regs_ptr(Dwarf_Die *param)
{
	Dwarf_Die t;
	const char *name;

	if (!dw_type_of(param, &t) || !dw_strip(&t, &t) || dwarf_tag(&t) != DW_TAG_pointer_type ||
	    !dw_type_of(&t, &t) || !dw_strip(&t, &t) || dwarf_tag(&t) != DW_TAG_structure_type)
		return false;
	name = dwarf_diename(&t);
	return name && !strcmp(name, "pt_regs");
}

/*
 * True if the only parameter of @fn is a struct pt_regs pointer.  On x86_64
 * a SYSCALL_DEFINE0's __do_sys_NAME (of which __x64_sys_NAME is an alias)
 * takes "const struct pt_regs *__unused": the wrapper's registers, not an
 * argument of the syscall, which has none.  No syscall of SYSCALL_DEFINE1..6
 * takes a struct pt_regs pointer from user space.
 */
static bool only_pt_regs(Dwarf_Die *fn)
{
	Dwarf_Die d;
	int n = 0;
	bool regs = false;

	if (dwarf_child(fn, &d) != 0)
		return false;
	do {
		if (dwarf_tag(&d) != DW_TAG_formal_parameter)
			continue;
		n++;
		regs = is_pt_regs_ptr(&d);
	} while (dwarf_siblingof(&d, &d) == 0);
	return n == 1 && regs;
}

static int syscall_ctx(struct kpdb_dwarf *dw, struct dw_where *w, struct dw_ctx *c,
		       struct kpdb_err *err)
{
	static const char *const regs[6] = { "di", "si", "dx", "r10", "r8", "r9" };
	char name[192];
	Dwarf_Die pt, agg;

	c->syscall = true;
	snprintf(c->funcname, sizeof(c->funcname), "sys:%s", w->sysname);
	if (!c->have_fn)
		return kpdb_err_set(err, "no debug info for '%s'", w->symbol);
	snprintf(name, sizeof(name), "__do_sys_%s", w->sysname);
	if (dw_cu_find(&c->cu, DW_TAG_subprogram, name, &c->sysfn) < 0) {
		snprintf(name, sizeof(name), "__se_sys_%s", w->sysname);
		if (dw_cu_find(&c->cu, DW_TAG_subprogram, name, &c->sysfn) < 0 && dw->from_btf)
			return kpdb_err_set(err, "no prototype of syscall '%s' (BTF has only "
					    "'%s(struct pt_regs *)', the syscall's own function is "
					    "inlined)", w->sysname, w->symbol);
		if (dw_cu_find(&c->cu, DW_TAG_subprogram, name, &c->sysfn) < 0)
			c->sysfn = c->cu;	/* SYSCALL_DEFINE0: no parameters */
	}
	if (dwarf_tag(&c->sysfn) == DW_TAG_subprogram && only_pt_regs(&c->sysfn))
		c->sysfn = c->cu;	/* SYSCALL_DEFINE0: __unused is no argument */
	/* the wrapper's only parameter is the struct pt_regs * */
	Dwarf_Die *params;
	size_t n;
	bool ok = false;
	struct dw_ctx tmp = *c;

	tmp.syscall = false;
	tmp.scopes = NULL;
	if (dw_params(&tmp, &params, &n) == 0 && n >= 1) {
		ok = dw_type_of(&params[0], &pt) && dw_strip(&pt, &pt) &&
		     dwarf_tag(&pt) == DW_TAG_pointer_type && dw_type_of(&pt, &agg) &&
		     dw_strip(&agg, &agg);
	}
	free(params);
	if (!ok && dw_type_by_name(dw, &c->cu, "struct pt_regs", &agg, err) < 0)
		return -1;
	for (int i = 0; i < 6; i++) {
		struct dw_member m;

		if (dw_find_member(&agg, regs[i], &m) < 0)
			return kpdb_err_set(err, "no member '%s' in 'struct pt_regs'", regs[i]);
		c->regs_off[i] = m.offset;
	}
	return 0;
}

/*
 * True if @addr is the entry of the function @fn: its DW_AT_entry_pc or
 * DW_AT_low_pc.  A function the compiler split in two (NAME and NAME.cold,
 * do_tcp_getsockopt) has DW_AT_ranges instead: its entry is where a range
 * starts with a symbol that is not the cold part.
 */
static bool fn_entry_is(struct kpdb_dwarf *dw, Dwarf_Die *fn, uint64_t addr)
{
	Dwarf_Addr entry, base, start, end;
	ptrdiff_t off = 0;
	struct dw_sym *s;

	if (dwarf_entrypc(fn, &entry) == 0 || dwarf_lowpc(fn, &entry) == 0)
		return entry == addr;
	s = dw_sym_at(dw, addr);
	if (!s || s->addr != addr || strstr(s->name, ".cold"))
		return false;
	while ((off = dwarf_ranges(fn, off, &base, &start, &end)) > 0)
		if (start == addr)
			return true;
	return false;
}

int dw_make_ctx(struct kpdb_dwarf *dw, struct dw_where *w, bool retprobe, struct dw_ctx *c,
		struct kpdb_err *err)
{
	memset(c, 0, sizeof(*c));
	c->dw = dw;
	c->addr = w->addr;
	c->retprobe = retprobe;
	c->have_fn = dw_func_at(dw, w->addr, &c->cu, &c->fn) == 0;
	if (!c->have_fn) {
		struct dw_sym *s = dw_sym_at(dw, w->addr);

		snprintf(c->funcname, sizeof(c->funcname), "%s", s ? s->name : w->symbol);
		c->have_cu = dwarf_addrdie(dw->dw, w->addr, &c->cu) != NULL;
	} else {
		c->have_cu = true;
		const char *n = dwarf_diename(&c->fn);

		snprintf(c->funcname, sizeof(c->funcname), "%s", n ? n : w->symbol);
	}
	c->at_entry = c->have_fn && fn_entry_is(dw, &c->fn, w->addr);
	if (c->at_entry && !w->syscall && !w->inlined) {
		/* F+0 of F itself, not of a clone: only the call has run */
		struct dw_sym *s = dw_sym_at(dw, w->addr);

		c->abi_entry = s && s->addr == w->addr && !dw_clone_at(dw, w->addr);
	}
	if (w->syscall)
		return syscall_ctx(dw, w, c, err);
	if (w->inlined) {
		/* the site's own scope: its parameters, not the caller's */
		c->scopes = malloc(sizeof(*c->scopes));
		if (!c->scopes)
			return kpdb_err_set(err, "out of memory");
		c->scopes[0] = *w->inlined;
		c->nscopes = 1;
		const char *n = dwarf_diename(w->inlined);

		snprintf(c->funcname, sizeof(c->funcname), "%s", n ? n : w->symbol);
	} else if (c->have_fn && !c->at_entry) {
		int n = dw_scopes_at(&c->cu, &c->fn, w->addr, &c->scopes);

		if (n <= 0)
			c->scopes = NULL;
		c->nscopes = n > 0 ? n : 0;
	}
	return 0;
}

static int arg_set_str(char **dst, const char *s)
{
	char *d = strdup(s);

	if (!d)
		return -1;
	free(*dst);
	*dst = d;
	return 0;
}

static bool name_used(struct kpdb_probe_spec *spec, const char *name, size_t skip)
{
	for (size_t i = 0; i < spec->nargs; i++)
		if (i != skip && spec->args[i].name && !strcmp(spec->args[i].name, name))
			return true;
	return false;
}

/* Replace args[i] ("$params") by one argument per fetchable parameter. */
static int expand_params(struct dw_ctx *c, struct kpdb_probe_spec *spec, size_t i,
			 size_t *added, struct kpdb_err *err)
{
	Dwarf_Die *params;
	size_t n, k = 0;
	struct kpdb_arg *fresh;
	struct kpdb_arg tmpl = spec->args[i];

	if (c->retprobe)
		return kpdb_err_set(err, "'$params' cannot be fetched in a return probe");
	if (dw_params(c, &params, &n) < 0)
		return kpdb_err_set(err, "out of memory");
	fresh = calloc(n ? n : 1, sizeof(*fresh));
	if (!fresh) {
		free(params);
		return kpdb_err_set(err, "out of memory");
	}
	for (size_t p = 0; p < n; p++) {
		const char *pn = dwarf_diename(&params[p]);
		struct kpdb_arg *a = &fresh[k];
		struct kpdb_err e2;
		struct dw_val v;

		if (!pn)
			continue;
		memset(a, 0, sizeof(*a));
		a->c_expr = true;
		a->expr = strdup(pn);
		a->name = strdup(pn);
		if (!a->expr || !a->name) {
			free(a->expr);
			free(a->name);
			continue;
		}
		c->user = false;
		/* optimized-out and struct parameters are left out, not fatal */
		if (dw_var_value(c, &params[p], &v, &e2) < 0 || dw_val_to_arg(c, &v, a, &e2) < 0) {
			free(a->expr);
			free(a->name);
			free(a->fetch);
			free(a->ktype);
			free(a->ctype);
			continue;
		}
		k++;
	}
	free(params);
	if (k == 0) {
		free(fresh);
		if (n == 0)
			return kpdb_err_set(err, "'%s' has no parameters", c->funcname);
		return kpdb_err_set(err, "no parameter of '%s' can be fetched at this address",
				    c->funcname);
	}
	if (spec->nargs - 1 + k > KPDB_MAX_ARGS) {
		for (size_t j = 0; j < k; j++) {
			free(fresh[j].expr);
			free(fresh[j].name);
			free(fresh[j].fetch);
			free(fresh[j].ktype);
			free(fresh[j].ctype);
		}
		free(fresh);
		return kpdb_err_set(err, "too many arguments: the kernel allows %d per probe",
				    KPDB_MAX_ARGS);
	}
	struct kpdb_arg *args = realloc(spec->args, (spec->nargs - 1 + k) * sizeof(*args));

	if (!args) {
		free(fresh);
		return kpdb_err_set(err, "out of memory");
	}
	spec->args = args;
	memmove(&args[i + k], &args[i + 1], (spec->nargs - i - 1) * sizeof(*args));
	memcpy(&args[i], fresh, k * sizeof(*args));
	spec->nargs = spec->nargs - 1 + k;
	free(fresh);
	free(tmpl.name);
	free(tmpl.expr);
	free(tmpl.type);
	free(tmpl.fetch);
	free(tmpl.ktype);
	free(tmpl.ctype);
	/* a parameter named like another argument gets a suffix */
	for (size_t j = i; j < i + k; j++) {
		char cand[80];

		for (int s = 2; name_used(spec, args[j].name, j) && s < 100; s++) {
			snprintf(cand, sizeof(cand), "%s_%d", args[j].expr, s);
			if (arg_set_str(&args[j].name, cand) < 0)
				return kpdb_err_set(err, "out of memory");
		}
	}
	*added = k;
	return 0;
}

static int resolve_arg(struct dw_ctx *c, struct kpdb_arg *a, struct kpdb_err *err)
{
	struct dw_val v;

	/*
	 * A syscall's pointers point into the calling process, yet they are
	 * dereferenced like kernel ones unless @user is given: on x86_64 the
	 * kernel reads a user address through a plain dereference anyway
	 * (non-overlapping address spaces), and Linux 6.1 refuses arrays
	 * fetched with +u, which a :sockaddr argument needs.
	 */
	c->user = a->user;
	if (dw_eval(c, a->expr, &v, err) < 0)
		return -1;
	return dw_val_to_arg(c, &v, a, err);
}

/*
 * $retval with a kpdb format: the kernel fetches the register whole, so an
 * int function's -111 read as s64 is 4294967185.  Fetch it with the return
 * type's width instead (s32 for errno of an int, x32 for hex, ...).
 */
static int retval_width(struct dw_ctx *c, struct kpdb_arg *a, struct kpdb_err *err)
{
	enum kpdb_fmt fmt = a->fmt;
	char *ktype = a->ktype, *type = a->type;
	char buf[8];
	int bits;

	/* resolved as if untyped, to learn the return type's width */
	a->ktype = NULL;
	a->type = NULL;
	a->fmt = KPDB_FMT_NONE;
	if (resolve_arg(c, a, err) < 0) {
		free(a->ktype);
		a->ktype = ktype;
		a->type = type;
		a->fmt = fmt;
		return -1;
	}
	a->type = type;
	a->fmt = fmt;
	if (!a->ktype || (a->ktype[0] != 's' && a->ktype[0] != 'u' && a->ktype[0] != 'x') ||
	    sscanf(a->ktype + 1, "%d", &bits) != 1) {
		/* not an integer (a pointer, void): keep what the parser chose */
		free(a->ktype);
		a->ktype = ktype;
		return 0;
	}
	snprintf(buf, sizeof(buf), "%c%d",
		 fmt == KPDB_FMT_ERRNO ? 's' : fmt == KPDB_FMT_HEX ? 'x' : a->ktype[0], bits);
	free(ktype);
	free(a->ktype);
	a->ktype = strdup(buf);
	return a->ktype ? 0 : kpdb_err_set(err, "out of memory");
}

int dw_resolve_args(struct dw_ctx *c, const struct dw_where *w, struct kpdb_probe_spec *spec,
		    struct kpdb_err *err)
{
	for (size_t i = 0; i < spec->nargs; i++) {
		struct kpdb_arg *a = &spec->args[i];
		size_t added = 1;

		if (a->c_expr && a->expr && !strcmp(a->expr, "$params")) {
			if (expand_params(c, spec, i, &added, err) < 0)
				return -1;
			i += added - 1;
			continue;
		}
		if (!a->c_expr) {
			bool retval = spec->retprobe && a->fetch && !strcmp(a->fetch, "$retval") &&
				      c->have_fn;

			/* an untyped $retval gets the function's return type */
			if (retval && !a->ktype && !a->type && a->fmt == KPDB_FMT_NONE &&
			    resolve_arg(c, a, err) < 0)
				return -1;
			/* $retval:errno/hex/dec: the width of the return type */
			if (retval && (a->fmt == KPDB_FMT_ERRNO || a->fmt == KPDB_FMT_HEX ||
				       a->fmt == KPDB_FMT_DEC) &&
			    retval_width(c, a, err) < 0)
				return -1;
			continue;
		}
		if (resolve_arg(c, a, err) < 0) {
			if (a->name)
				kpdb_err_prefix(err, "argument '%s'", a->name);
			return -1;
		}
	}
	/* the spec now names a probe-able address */
	if (arg_set_str(&spec->symbol, w->symbol) < 0)
		return kpdb_err_set(err, "out of memory");
	spec->offset = (unsigned long)(w->addr - (strcmp(w->symbol, "_text") ? w->sym_addr :
						  c->dw->text_addr));
	spec->line = 0;
	free(spec->file);
	spec->file = NULL;
	return 0;
}

/**
 * kpdb_dwarf_resolve - complete @spec from the debug info (see resolver.h)
 * @dw: the debug info
 * @spec: a parsed spec; its location, C arguments and untyped $retval are
 *	  resolved in place
 * @err: the reason on failure, naming the argument
 *
 * Return: 0, or -1 with @err set.
 */
/*
 * NAME#N (or FUNC:LINE of it) as FILE:FUNC, what bl shows: the name and the
 * file the number stood for, a location that names the same function
 * whatever the kernel's order.  Left as typed if the file is not known.
 */
static void name_file(struct kpdb_dwarf *dw, struct kpdb_probe_spec *spec, struct dw_where *w)
{
	const char *cuname, *rest;
	Dwarf_Die cu, fn;
	char *loc;

	if (dw_func_at(dw, w->sym_addr, &cu, &fn) < 0 || !(cuname = dwarf_diename(&cu)))
		return;
	rest = strchr(spec->location, '#');
	rest += strspn(rest + 1, "0123456789") + 1;
	if (asprintf(&loc, "%s:%.*s%s", cuname, (int)strcspn(spec->location, "#"), spec->location,
		     rest) < 0)
		return;
	free(spec->location);
	spec->location = loc;
}

/* @spec at @text: the location, then its arguments there. */
static int resolve_text(struct kpdb_dwarf *dw, struct kpdb_probe_spec *spec, const char *text,
			struct kpdb_err *err)
{
	struct dw_where w;
	struct dw_ctx c;
	int ret = -1;

	if (dw_resolve_where(dw, text, spec, &w, err) < 0)
		goto out_pages;
	/* made from BTF: functions have no address, so no _text+OFF either */
	if (dw->from_btf && !strcmp(w.symbol, "_text"))
		snprintf(w.symbol, sizeof(w.symbol), "%s", spec->symbol);
	/*
	 * A function made from BTF has no body: only its entry is known.
	 * Raw fetchargs need nothing from it: the kernel checks the offset.
	 */
	if (dw->from_btf && w.addr != w.sym_addr) {
		bool c_args = false;

		for (size_t i = 0; i < spec->nargs; i++)
			c_args |= spec->args[i].c_expr;
		if (!c_args) {
			ret = 0;
			goto out_pages;
		}
		return kpdb_err_set(err, "no line information for '%s' (an offset into the "
				    "function)", text);
	}
	if (spec->retprobe && w.addr != w.sym_addr)
		return kpdb_err_set(err, "a return probe must be at the function entry, not '%s'",
				    text);
	if (dw_make_ctx(dw, &w, spec->retprobe, &c, err) < 0)
		goto out;
	ret = dw_resolve_args(&c, &w, spec, err);
	if (ret == 0 && !dw->from_btf && strchr(text, '#') && !spec->module)
		name_file(dw, spec, &w);
out:
	dw_ctx_release(&c);
out_pages:
	dw_release_pages(dw);
	return ret;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* Do @a and @b fetch the same arguments?  If not, *@bad names the first that differs. */
static bool same_args(const struct kpdb_probe_spec *a, const struct kpdb_probe_spec *b,
		      const char **bad)
{
	*bad = "";
	if (a->nargs != b->nargs)
		return false;
	for (size_t k = 0; k < a->nargs; k++) {
		const struct kpdb_arg *x = &a->args[k], *y = &b->args[k];

		if (!same_str(x->fetch, y->fetch) || !same_str(x->ktype, y->ktype) ||
		    x->fmt != y->fmt || x->ptr != y->ptr) {
			*bad = x->name ? x->name : x->expr;
			return false;
		}
	}
	return true;
}

/*
 * NAME#N in BTF mode: N counts the running kernel's symbols of that name,
 * which BTF does not know (it has a prototype per distinct function, with
 * no address).  The arguments are resolved with each prototype of NAME;
 * when they all give the same fetchargs, that is the answer, else BTF
 * cannot tell.  The location stays NAME: the caller writes the kallsyms
 * address of the N-th symbol.
 */
static int resolve_btf_nth(struct kpdb_dwarf *dw, struct kpdb_probe_spec *spec,
			   const char *text, struct kpdb_err *err)
{
	struct dw_sym *c[MAX_CANDS * 4];
	struct kpdb_probe_spec first = { 0 }, other;
	const char *bad = "";
	char base[512], nth[560];
	const char *hash = strchr(text, '#');
	size_t n, len = (size_t)(hash - text);
	int ret = -1;

	len += strspn(hash + 1, "0123456789") + 1;
	snprintf(base, sizeof(base), "%.*s%s", (int)(hash - text), text, text + len);
	n = dw_syms_named(dw, spec->symbol, c, MAX_CANDS * 4);
	if (n <= 1)
		return resolve_text(dw, spec, base, err);
	if (n > MAX_CANDS * 4)
		n = MAX_CANDS * 4;
	if (kpdb_probe_spec_copy(&first, spec) < 0)
		return kpdb_err_set(err, "out of memory");
	snprintf(nth, sizeof(nth), "%.*s#1%s", (int)(hash - text), text, text + len);
	if (resolve_text(dw, &first, nth, err) < 0)
		goto out;
	for (size_t i = 1; i < n; i++) {
		bool same;

		if (kpdb_probe_spec_copy(&other, spec) < 0) {
			kpdb_err_set(err, "out of memory");
			goto out;
		}
		snprintf(nth, sizeof(nth), "%.*s#%zu%s", (int)(hash - text), text, i + 1,
			 text + len);
		if (resolve_text(dw, &other, nth, err) < 0) {
			kpdb_probe_spec_free(&other);
			goto out;
		}
		same = same_args(&first, &other, &bad);
		kpdb_probe_spec_free(&other);
		if (!same) {
			kpdb_err_set(err, "'%s' has %zu prototypes in the BTF that fetch '%s' "
				     "differently, and BTF does not say which function has which: "
				     "give the DWARF vmlinux (-k), or raw fetchargs", spec->symbol,
				     n, bad);
			goto out;
		}
	}
	kpdb_probe_spec_free(spec);
	*spec = first;
	return 0;
out:
	kpdb_probe_spec_free(&first);
	return ret;
}

int kpdb_dwarf_resolve(struct kpdb_dwarf *dw, struct kpdb_probe_spec *spec,
		       struct kpdb_err *err)
{
	size_t mlen = spec->module ? strlen(spec->module) : 0;
	char text[512];

	/* a module's MOD:LOCATION is looked up as LOCATION in the module's own DWARF */
	if (spec->location && spec->module && !strncmp(spec->location, spec->module, mlen) &&
	    spec->location[mlen] == ':')
		snprintf(text, sizeof(text), "%s", spec->location + mlen + 1);
	else if (spec->location)
		snprintf(text, sizeof(text), "%s", spec->location);
	else if (spec->file)
		snprintf(text, sizeof(text), "%s:%d", spec->file, spec->line);
	else if (spec->symbol && spec->line)
		snprintf(text, sizeof(text), "%s:%d", spec->symbol, spec->line);
	else if (spec->symbol)
		snprintf(text, sizeof(text), "%s+%lu", spec->symbol, spec->offset);
	else
		return kpdb_err_set(err, "missing location");
	if (dw->from_btf && spec->symbol && strchr(text, '#'))
		return resolve_btf_nth(dw, spec, text, err);
	return resolve_text(dw, spec, text, err);
}

/**
 * dw_func_info - @out from the function DIE @fn (a subprogram, or an
 * inlined copy) and its parameters where @c looks.  0, or -1 out of memory
 * with @out released.
 */
int dw_func_info(struct dw_ctx *c, Dwarf_Die *fn, struct kpdb_func_info *out)
{
	Dwarf_Die *params = NULL, t;
	size_t n = 0;
	char buf[512];
	int line = 0;

	out->name = strdup(c->funcname);
	dw_type_name(dw_type_of(fn, &t) ? &t : NULL, buf, sizeof(buf));
	out->rettype = strdup(buf);
	dw_decl_where(fn, buf, sizeof(buf));
	if (strrchr(buf, ':'))
		*strrchr(buf, ':') = '\0';
	out->file = strdup(buf);
	dwarf_decl_line(fn, &line);
	out->line = line;
	if (!out->name || !out->rettype || !out->file || dw_params(c, &params, &n) < 0)
		goto oom;
	out->params = calloc(n ? n : 1, sizeof(*out->params));
	if (!out->params)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		struct kpdb_param_info *p = &out->params[i];
		const char *pn = dwarf_diename(&params[i]);

		p->name = strdup(pn ? pn : "?");
		dw_type_name(dw_type_of(&params[i], &t) ? &t : NULL, buf, sizeof(buf));
		p->type = strdup(buf);
		dw_var_where(c, &params[i], buf, sizeof(buf));
		p->location = strdup(buf);
		out->nparams++;
		if (!p->name || !p->type || !p->location)
			goto oom;
	}
	free(params);
	return 0;
oom:
	free(params);
	kpdb_func_info_free(out);
	return -1;
}

void kpdb_func_info_free(struct kpdb_func_info *info)
{
	if (!info)
		return;
	for (size_t i = 0; i < info->nsites; i++)
		kpdb_func_info_free(&info->sites[i]);
	free(info->sites);
	free(info->inlined_in);
	for (size_t i = 0; i < info->nparams; i++) {
		free(info->params[i].name);
		free(info->params[i].type);
		free(info->params[i].location);
	}
	free(info->params);
	free(info->name);
	free(info->rettype);
	free(info->file);
	memset(info, 0, sizeof(*info));
}
