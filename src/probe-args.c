// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe-args.c - one argument of `bp`: NAME=EXPR:TYPE@user parsed into a
 * struct kpdb_arg (raw fetchargs checked by probe-fetcharg.c), and the
 * names of a spec's arguments, explicit or derived, kept unique and within
 * the kernel's limits.  Uses probe-util.c and probe-fetcharg.c; probe-spec.c
 * and probe-filter.c use it.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe-spec.h"
#include "probe-spec-priv.h"

/* ---- arguments ------------------------------------------------------------------- */

void pspec_arg_free(struct kpdb_arg *a)
{
	free(a->name);
	free(a->expr);
	free(a->type);
	free(a->fetch);
	free(a->ktype);
	free(a->ctype);
	memset(a, 0, sizeof(*a));
}

static bool is_aggregate(enum kpdb_fmt f)
{
	return f == KPDB_FMT_IPV6 || f == KPDB_FMT_SOCKADDR;
}

static const char *fmt_ktype(enum kpdb_fmt f)
{
	switch (f) {
	case KPDB_FMT_IPV4:
		return "u32";
	case KPDB_FMT_PORT:
		return "u16";
	case KPDB_FMT_ERRNO:
	case KPDB_FMT_DEC:
		return "s64";
	case KPDB_FMT_HEX:
		return "x64";
	default:
		return NULL;
	}
}

/*
 * pspec_parse_arg - `[NAME=]EXPR[@user][:TYPE[@user]]` into @a.  *auto_name gets
 * the readable name of EXPR (the caller owns it).
 */
int pspec_parse_arg(const struct kpdb_probe_spec *spec, const char *word, struct kpdb_arg *a,
		    char **auto_name, struct kpdb_err *err)
{
	const char *eq = strchr(word, '='), *body = word, *colon;
	struct sb name = { 0 };
	size_t n;
	int kind = F_C;
	char *expr;

	memset(a, 0, sizeof(*a));
	*auto_name = NULL;
	if (!*word)
		return kpdb_err_set(err, "empty argument");
	if (eq && strcspn(word, "%$@()\\\"+*[]. >-") >= (size_t)(eq - word)) {
		if (eq == word)
			return kpdb_err_set(err, "missing argument name before '=' in '%s'", word);
		a->name = strndup(word, (size_t)(eq - word));
		if (!a->name)
			return pspec_oom(err);
		body = eq + 1;
		if (!*body)
			return kpdb_err_set(err, "missing expression after '=' in '%s'", word);
	}

	/* The first ':' outside an immediate string starts the type. */
	colon = body[0] == '\\' && body[1] == '"' ? strchr(strrchr(body, '"'), ':') :
		strchr(body, ':');
	n = colon ? (size_t)(colon - body) : strlen(body);
	if (colon) {
		const char *t = colon + 1;
		size_t tn = strlen(t);

		if (tn > 5 && !strcmp(t + tn - 5, "@user")) {
			a->user = true;
			tn -= 5;
		}
		if (!tn)
			return kpdb_err_set(err, "missing type after ':' in '%s'", word);
		a->type = strndup(t, tn);
		if (!a->type)
			return pspec_oom(err);
	}
	if (n == 0)
		return kpdb_err_set(err, "missing expression before ':' in '%s'", word);
	if (n > 5 && !strncmp(body + n - 5, "@user", 5)) {
		a->user = true;
		n -= 5;
	}
	a->expr = strndup(body, n);
	if (!a->expr)
		return pspec_oom(err);
	expr = a->expr;

	if (a->type) {
		a->fmt = kpdb_fmt_lookup(a->type);
		if (a->fmt == KPDB_FMT_NONE && pspec_check_ktype(a->type, err))
			return -1;
	}

	if (isdigit((unsigned char)expr[0]))
		return kpdb_err_set(err, "'%s' is not a fetcharg (an immediate value is "
				    "written '\\%s')", expr, expr);
	if (!strcmp(expr, "$params")) {
		a->c_expr = true;
		pspec_sb_add(&name, "params");
	} else if (strchr("%$@\\+-", expr[0])) {
		kind = pspec_check_fetch(expr, 0, spec->retprobe, !spec->offset && !spec->line,
				   &name, err);
		if (kind < 0) {
			free(name.s);
			return -1;
		}
	} else {
		a->c_expr = true;
		if (pspec_check_c_expr(expr, &name, err)) {
			free(name.s);
			return -1;
		}
	}
	*auto_name = pspec_sb_take(&name);
	if (!*auto_name)
		return pspec_oom(err);
	if (a->c_expr) {
		if (a->fmt == KPDB_FMT_NONE && a->type) {
			a->ktype = strdup(a->type);
			if (!a->ktype)
				return pspec_oom(err);
		}
		return 0;
	}

	/* Raw fetchargs are complete from here on. */
	if ((kind == F_COMM || kind == F_IMMSTR) && a->type && strcmp(a->type, "string"))
		return kpdb_err_set(err, "'%s' can only be fetched as a string, not '%s'", expr,
				    a->type);
	if (is_aggregate(a->fmt)) {
		if (kind == F_COMM || kind == F_IMMSTR)
			return kpdb_err_set(err, "format '%s' needs an address, not '%s'",
					    a->type, expr);
		if (a->user && kind == F_MEM)
			return kpdb_err_set(err, "'@user' does not apply to kernel memory '%s'",
					    expr);
		a->ptr = kind != F_DEREF && kind != F_MEM;
	} else if (a->user && kind != F_DEREF && !pspec_is_string_type(a->type)) {
		if (kind == F_MEM || kind == F_COMM || kind == F_IMMSTR)
			return kpdb_err_set(err, "'@user' does not apply to '%s'", expr);
		return kpdb_err_set(err, "'@user' needs a memory reference: write "
				    "'+u0(%s)' to read user memory at '%s'", expr, expr);
	}

	if (kind == F_DEREF && a->user && expr[1] != 'u') {
		struct sb f = { 0 };

		pspec_sb_add(&f, "%cu%s", expr[0], expr + 1);
		a->fetch = pspec_sb_take(&f);
	} else if (pspec_is_string_type(a->type) &&
		   (kind == F_REG || kind == F_STACK || kind == F_ARG || kind == F_RETVAL)) {
		/*
		 * Since Linux 4.20 a string needs a memory reference: what
		 * "%di:string" meant before is now "+0(%di):string".
		 */
		struct sb f = { 0 };

		pspec_sb_add(&f, "+%s0(%s)", a->user ? "u" : "", expr);
		a->fetch = pspec_sb_take(&f);
	} else {
		a->fetch = strdup(expr);
	}
	if (!a->fetch)
		return pspec_oom(err);

	if (a->type && a->fmt == KPDB_FMT_NONE) {
		if (strchr(a->type, '[') && kind != F_DEREF && kind != F_MEM &&
		    !kpdb_fetcharg_is_memory(a->fetch))
			return kpdb_err_set(err, "array type '%s' needs a memory reference such "
					    "as '+0(%s)', not '%s'", a->type, expr, expr);
		a->ktype = strdup(a->type);
	} else if (fmt_ktype(a->fmt)) {
		a->ktype = strdup(fmt_ktype(a->fmt));
	}
	if (a->type && !a->ktype && !is_aggregate(a->fmt))
		return pspec_oom(err);
	n = strlen(a->fetch) + (a->ktype ? strlen(a->ktype) + 1 : 0);
	if (n > KPDB_ARGSTR_MAX && !is_aggregate(a->fmt))
		return kpdb_err_set(err, "'%s' is too long for the kernel: '%s%s%s' has %zu "
				    "characters (at most %d)", expr, a->fetch, a->ktype ? ":" : "",
				    a->ktype ? a->ktype : "", n, KPDB_ARGSTR_MAX);
	return 0;
}

/* Does @cand (a sockaddr if @sa) clash with a field of the named args? */
bool pspec_name_taken(const struct kpdb_probe_spec *spec, const char *cand, bool sa)
{
	char buf[KPDB_NAME_MAX + 16];
	size_t i, f;

	for (i = 0; i < spec->nargs; i++) {
		const struct kpdb_arg *a = &spec->args[i];

		if (!a->name)
			continue;
		if (!strcmp(a->name, cand))
			return true;
		for (f = 0; f < kpdb_sockaddr_nfields; f++) {
			if (a->fmt == KPDB_FMT_SOCKADDR) {
				snprintf(buf, sizeof(buf), "%s%s", a->name,
					 kpdb_sockaddr_fields[f].suffix);
				if (!strcmp(buf, cand))
					return true;
			}
			if (sa) {
				snprintf(buf, sizeof(buf), "%s%s", cand,
					 kpdb_sockaddr_fields[f].suffix);
				if (!strcmp(buf, a->name))
					return true;
			}
		}
	}
	return false;
}

static int check_explicit_name(const struct kpdb_probe_spec *spec, const struct kpdb_arg *a,
			       struct kpdb_err *err)
{
	size_t max = KPDB_ARG_NAME_MAX - (a->fmt == KPDB_FMT_SOCKADDR ? SOCKADDR_SUFFIX : 0);
	size_t i;

	for (i = 0; a->name[i] && is_ident_char((unsigned char)a->name[i]); i++)
		;
	if (a->name[i] || !is_ident_start((unsigned char)a->name[0]))
		return kpdb_err_set(err, "bad argument name '%s': use letters, digits and '_', "
				    "not starting with a digit", a->name);
	if (pspec_is_reserved_name(a->name))
		return kpdb_err_set(err, "argument name '%s' is reserved by the kernel", a->name);
	if (a->fmt == KPDB_FMT_SOCKADDR && !strcmp(a->name, "common"))
		return kpdb_err_set(err, "argument name 'common' is reserved for a sockaddr: "
				    "its fields would start with 'common_', as the kernel's do");
	if (a->fmt == KPDB_FMT_SOCKADDR && i > max)
		return kpdb_err_set(err, "sockaddr argument name '%s' is longer than %zu "
				    "characters (%d with its '__apath' field, the kernel's "
				    "limit)", a->name, max, KPDB_ARG_NAME_MAX);
	if (i > max)
		return kpdb_err_set(err, "argument name '%s' is longer than %d characters "
				    "(kernel limit)", a->name, KPDB_ARG_NAME_MAX);
	for (i = 0; i < spec->nargs; i++)
		if (spec->args[i].name && !strcmp(spec->args[i].name, a->name))
			return kpdb_err_set(err, "duplicate argument name '%s'", a->name);
	if (pspec_name_taken(spec, a->name, a->fmt == KPDB_FMT_SOCKADDR))
		return kpdb_err_set(err, "argument name '%s' clashes with the fields of a "
				    "sockaddr argument", a->name);
	return 0;
}

/*
 * A unique field name from @base for args[i]: base, base_2, base_3...  Only
 * what the kernel's limit forbids is cut: the stem keeps up to
 * KPDB_ARG_NAME_MAX characters (less a sockaddr's "__apath"), and loses
 * more only to make room for the "_N" of a repeated name.
 */
static int assign_auto_name(struct kpdb_probe_spec *spec, size_t i, const char *base,
			    struct kpdb_err *err)
{
	struct kpdb_arg *a = &spec->args[i];
	bool sa = a->fmt == KPDB_FMT_SOCKADDR;
	size_t max = KPDB_ARG_NAME_MAX - (sa ? SOCKADDR_SUFFIX : 0);
	char stem[KPDB_ARG_NAME_MAX + 1], cand[KPDB_ARG_NAME_MAX + 1], suffix[16];
	size_t n = 0, k, keep;
	int j, sl;

	if (!is_ident_start((unsigned char)base[0]))
		stem[n++] = 'a';
	for (k = 0; base[k] && n < max; k++)
		stem[n++] = is_ident_char((unsigned char)base[k]) ? base[k] : '_';
	stem[n] = '\0';
	/*
	 * A member called common_x must not shadow the kernel's fields, and
	 * "common" must not become common_2 or a sockaddr's common__fam.
	 */
	if (pspec_is_reserved_name(stem) || !strcmp(stem, "common"))
		stem[0] = 'C';
	snprintf(cand, sizeof(cand), "%s", stem);
	for (j = 2; pspec_name_taken(spec, cand, sa); j++) {
		sl = snprintf(suffix, sizeof(suffix), "_%d", j);
		keep = n + (size_t)sl > max ? max - (size_t)sl : n;
		snprintf(cand, sizeof(cand), "%.*s%s", (int)keep, stem, suffix);
	}
	a->name = strdup(cand);
	return a->name ? 0 : pspec_oom(err);
}

/*
 * add_arg - parse @word into a new argument.  An explicit NAME= is checked
 * at once; an automatic name waits in ps->auto_names until pspec_finish_names(),
 * so that explicit names, wherever they are, win over derived ones.
 */
int pspec_add_arg(struct parse *ps, const char *word, bool hidden)
{
	struct kpdb_probe_spec *spec = ps->spec;
	struct kpdb_arg a;
	char *auto_name = NULL;

	if (spec->nargs == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 8;
		struct kpdb_arg *args = realloc(spec->args, cap * sizeof(*args));
		char **names;

		if (!args)
			return pspec_oom(ps->err);
		spec->args = args;
		names = realloc(ps->auto_names, cap * sizeof(*names));
		if (!names)
			return pspec_oom(ps->err);
		ps->auto_names = names;
		ps->cap = cap;
	}
	if (pspec_parse_arg(spec, word, &a, &auto_name, ps->err))
		goto fail;
	if (a.name && check_explicit_name(spec, &a, ps->err))
		goto fail;
	a.hidden = hidden;
	if (a.name) {
		free(auto_name);
		auto_name = NULL;
	}
	ps->auto_names[spec->nargs] = auto_name;
	spec->args[spec->nargs++] = a;
	return 0;
fail:
	pspec_arg_free(&a);
	free(auto_name);
	return -1;
}

int pspec_finish_names(struct parse *ps)
{
	struct kpdb_probe_spec *spec = ps->spec;
	size_t i;
	int ret = 0;

	for (i = 0; i < spec->nargs; i++) {
		if (!ps->auto_names[i])
			continue;
		if (!ret)
			ret = assign_auto_name(spec, i, ps->auto_names[i], ps->err);
		free(ps->auto_names[i]);
		ps->auto_names[i] = NULL;
	}
	return ret;
}

size_t pspec_count_fields(const struct kpdb_probe_spec *spec)
{
	size_t i, n = 0;

	for (i = 0; i < spec->nargs; i++)
		n += spec->args[i].fmt == KPDB_FMT_SOCKADDR ? kpdb_sockaddr_nfields : 1;
	return n;
}
