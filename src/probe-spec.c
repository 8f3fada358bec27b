// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe-spec.c - the words of `bp` -> struct kpdb_probe_spec -> the kprobe
 * definition line.  Pure code: no I/O.
 *
 * Raw fetchargs are checked (probe-fetcharg.c) the way the kernel's
 * trace_probe.c checks them, so that a mistake gets a precise message naming
 * the offending text before anything is written to tracefs.  Everything else
 * that looks like C is left for the DWARF resolver.  The filter lives in
 * probe-filter.c.
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

void pspec_sb_add(struct sb *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = true;
			return;
		}
		if (b->s && b->len + (size_t)n < b->cap) {
			b->len += (size_t)n;
			return;
		}
		size_t cap = (b->cap ? b->cap * 2 : 128) + (size_t)n;
		char *s = realloc(b->s, cap);

		if (!s) {
			b->oom = true;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
}

char *pspec_sb_take(struct sb *b)
{
	if (b->oom) {
		free(b->s);
		return NULL;
	}
	return b->s ? b->s : strdup("");
}

bool kpdb_name_valid(const char *name)
{
	size_t i;

	if (!name || !is_ident_start((unsigned char)name[0]))
		return false;
	for (i = 1; name[i]; i++)
		if (!is_ident_char((unsigned char)name[i]))
			return false;
	return i < KPDB_NAME_MAX;
}

/* The event name of -n NAME or p:NAME. */
static int check_event_name(const char *name, struct kpdb_err *err)
{
	if (kpdb_name_valid(name))
		return 0;
	if (strlen(name) >= KPDB_NAME_MAX)
		return kpdb_err_set(err, "event name '%s' is longer than %d characters", name,
				    KPDB_NAME_MAX - 1);
	return kpdb_err_set(err, "bad event name '%s': use letters, digits and '_', not "
			    "starting with a digit", name);
}

bool pspec_is_reserved_name(const char *name)
{
	return !strncmp(name, "common_", 7) || !strcmp(name, "__probe_ip") ||
	       !strcmp(name, "__probe_ret_ip") || !strcmp(name, "__probe_func");
}

/* kstrtol()/kstrtoul() with base 0: decimal, 0x hex or 0 octal, all consumed. */
bool pspec_parse_long(const char *s, size_t n, long *out)
{
	char buf[32], *end;

	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (!isdigit((unsigned char)buf[0]) && buf[0] != '-')
		return false;
	errno = 0;
	*out = strtol(buf, &end, 0);
	return !errno && *end == '\0' && end != buf;
}

bool pspec_parse_ulong(const char *s, size_t n, unsigned long *out)
{
	char buf[32], *end;

	if (n == 0 || n >= sizeof(buf) || !isdigit((unsigned char)s[0]))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	*out = strtoul(buf, &end, 0);
	return !errno && *end == '\0';
}

bool pspec_all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/*
 * Kernel symbols: C identifiers plus '.' (foo.isra.0, foo.cold).  "if" is
 * a C keyword, never a symbol, and as a word it starts bp's filter: taken
 * as a location, the definition would not read back.
 */
bool pspec_symbol_valid(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !(is_ident_start((unsigned char)s[0]) || s[0] == '.'))
		return false;
	if (n == 2 && !memcmp(s, "if", 2))
		return false;
	for (i = 1; i < n; i++)
		if (!is_ident_char((unsigned char)s[i]) && s[i] != '.')
			return false;
	return true;
}

static bool looks_like_file(const char *s, size_t n)
{
	return memchr(s, '/', n) ||
	       (n > 2 && s[n - 2] == '.' && (s[n - 1] == 'c' || s[n - 1] == 'h'));
}

/* ---- locations ------------------------------------------------------------ */

static int parse_symbol(struct kpdb_probe_spec *spec, const char *text, size_t n,
			const char *whole, struct kpdb_err *err);

static int parse_location(struct kpdb_probe_spec *spec, const char *text, struct kpdb_err *err)
{
	const char *pct, *colon;
	size_t n;

	spec->location = strdup(text);
	if (!spec->location)
		return pspec_oom(err);
	if (!*text)
		return kpdb_err_set(err, "missing location");
	if (isdigit((unsigned char)text[0]))
		return kpdb_err_set(err, "probing an address ('%s') is not supported; "
				    "use SYMBOL+OFFSET", text);

	pct = strchr(text, '%');
	n = pct ? (size_t)(pct - text) : strlen(text);
	if (pct) {
		if (strcmp(pct, "%return"))
			return kpdb_err_set(err, "unknown suffix '%s' in '%s' (only '%%return' "
					    "is known)", pct, text);
		spec->retprobe = true;
	}

	colon = memchr(text, ':', n);
	if (colon) {
		size_t ln = (size_t)(colon - text);
		char *line = strndup(colon + 1, n - ln - 1);
		unsigned long v;

		if (!line)
			return pspec_oom(err);
		if (!*line) {
			free(line);
			return kpdb_err_set(err, "missing line number in '%s'", text);
		}
		if (!pspec_all_digits(line)) {
			bool file = looks_like_file(text, ln);
			bool sys = ln == 3 && !strncmp(text, "sys", 3);
			bool func = pspec_symbol_valid(line, strlen(line));

			free(line);
			/*
			 * sys:NAME (a syscall by its user-visible name) and
			 * FILE:FUNC (a static function of one file) are left to
			 * the DWARF resolver: symbol stays NULL.
			 */
			if ((sys || file) && func)
				return 0;
			if (file)
				return kpdb_err_set(err, "bad line number in '%s'", text);
			if (sys)
				return kpdb_err_set(err, "bad syscall name in '%s'", text);
			/* MOD:SYMBOL[+OFF]: a module's function */
			if (!pspec_symbol_valid(text, ln) || memchr(text, '.', ln))
				return kpdb_err_set(err, "bad module name '%.*s' in '%s'", (int)ln,
						    text, text);
			spec->module = strndup(text, ln);
			if (!spec->module)
				return pspec_oom(err);
			return parse_symbol(spec, colon + 1, n - ln - 1, text, err);
		}
		v = strtoul(line, NULL, 10);
		free(line);
		if (v == 0 || v > INT_MAX)
			return kpdb_err_set(err, "bad line number in '%s'", text);
		if (pct)
			return kpdb_err_set(err, "a return probe is set on a function, not on "
					    "a line: '%s'", text);
		spec->line = (int)v;
		if (looks_like_file(text, ln)) {
			spec->file = strndup(text, ln);
			return spec->file ? 0 : pspec_oom(err);
		}
		if (!pspec_symbol_valid(text, ln))
			return kpdb_err_set(err, "bad symbol name in '%s'", text);
		spec->symbol = strndup(text, ln);
		return spec->symbol ? 0 : pspec_oom(err);
	}
	if (looks_like_file(text, n))
		return kpdb_err_set(err, "missing line number in '%s' (FILE:LINE)", text);
	return parse_symbol(spec, text, n, text, err);
}

/* SYMBOL[+OFFSET], the first @n bytes of @text, of the location @whole. */
static int parse_symbol(struct kpdb_probe_spec *spec, const char *text, size_t n,
			const char *whole, struct kpdb_err *err)
{
	const char *plus;

	plus = memchr(text, '+', n);
	if (!plus)
		plus = memchr(text, '-', n);
	if (plus) {
		size_t off = (size_t)(plus - text) + 1;

		if (plus == text)
			return kpdb_err_set(err, "missing symbol in '%s'", whole);
		if (*plus == '-')
			return kpdb_err_set(err, "negative offset in '%s'", whole);
		if (off == n)
			return kpdb_err_set(err, "missing offset in '%s'", whole);
		if (!pspec_parse_ulong(text + off, n - off, &spec->offset))
			return kpdb_err_set(err, "bad offset '%.*s' in '%s'", (int)(n - off),
					    text + off, whole);
		n = (size_t)(plus - text);
		/* "x.c+4" is not the symbol x.c, as "x.c" is not: a file without its line */
		if (looks_like_file(text, n))
			return kpdb_err_set(err, "missing line number in '%.*s' (FILE:LINE)",
					    (int)n, text);
	}
	if (!pspec_symbol_valid(text, n))
		return kpdb_err_set(err, "bad symbol name '%.*s' in '%s'", (int)n, text, whole);
	if (spec->retprobe && spec->offset)
		return kpdb_err_set(err, "a return probe must be at the function entry, "
				    "not '%s'", whole);
	spec->symbol = strndup(text, n);
	return spec->symbol ? 0 : pspec_oom(err);
}

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
 * at once; an automatic name waits in ps->auto_names until finish_names(),
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

static int finish_names(struct parse *ps)
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

/* ---- the spec ---------------------------------------------------------------------- */

static bool is_pasted_prefix(const char *w)
{
	size_t i = 1;

	if (w[0] != 'p' && w[0] != 'r')
		return false;
	while (isdigit((unsigned char)w[i]))
		i++;
	return w[i] == '\0' || w[i] == ':';
}

static int parse_pasted(struct kpdb_probe_spec *spec, const char *w, struct kpdb_err *err)
{
	const char *p = w + 1, *ev, *slash;
	unsigned long v;

	spec->retprobe = w[0] == 'r';
	if (isdigit((unsigned char)*p)) {
		size_t n = strspn(p, "0123456789");

		if (w[0] == 'p')
			return kpdb_err_set(err, "maxactive only applies to return probes, not "
					    "'%s'", w);
		if (!pspec_parse_ulong(p, n, &v) || v > KPDB_MAXACTIVE_MAX)
			return kpdb_err_set(err, "maxactive in '%s' must be 0 to %d", w,
					    KPDB_MAXACTIVE_MAX);
		spec->maxactive = (int)v;
		p += n;
	}
	if (!*p)
		return 0;
	ev = p + 1;
	slash = strchr(ev, '/');
	if (slash) {
		/* kpdb always uses its own group, but a bad one is still a typo */
		char *grp = strndup(ev, (size_t)(slash - ev));
		bool ok = grp && kpdb_name_valid(grp);

		free(grp);
		if (!ok)
			return kpdb_err_set(err, "bad group name in '%s'", w);
		ev = slash + 1;
		if (!*ev)
			return 0;
	} else if (!*ev) {
		return kpdb_err_set(err, "missing event name after ':' in '%s'", w);
	}
	if (check_event_name(ev, err))
		return -1;
	spec->name = strdup(ev);
	return spec->name ? 0 : pspec_oom(err);
}

int kpdb_probe_spec_parse(int argc, char **argv, struct kpdb_probe_spec *spec,
			  struct kpdb_err *err)
{
	struct parse ps = { .spec = spec, .err = err };
	bool pasted = false, retflag = false;
	int i = 0, j, end;
	size_t k, nuser;
	struct sb f = { 0 };

	memset(spec, 0, sizeof(*spec));
	if (argc > 0 && !strncmp(argv[0], "-:", 2))
		return kpdb_err_set(err, "'%s' removes a probe: use 'bc'", argv[0]);
	if (argc > 0 && is_pasted_prefix(argv[0])) {
		if (parse_pasted(spec, argv[0], err))
			goto fail;
		pasted = true;
		i = 1;
	}
	while (!pasted && i < argc && argv[i][0] == '-' && argv[i][1]) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else if (!strcmp(argv[i], "-r")) {
			retflag = true;
		} else if (!strcmp(argv[i], "-n")) {
			const char *nm = i + 1 < argc ? argv[i + 1] : NULL;

			if (spec->name) {
				kpdb_err_set(err, "option '-n' given twice");
				goto fail;
			}
			if (!nm || !*nm || nm[0] == '-') {
				kpdb_err_set(err, "option '-n' needs a name");
				goto fail;
			}
			if (check_event_name(nm, err))
				goto fail;
			spec->name = strdup(nm);
			if (!spec->name) {
				pspec_oom(err);
				goto fail;
			}
			i++;
		} else {
			kpdb_err_set(err, "unknown option '%s' for 'bp' (options: -r, -n NAME)",
				     argv[i]);
			goto fail;
		}
		i++;
	}
	if (i >= argc || !strcmp(argv[i], "if")) {
		kpdb_err_set(err, "missing location: bp [-r] [-n NAME] LOCATION [ARG]... "
			     "[if FILTER]");
		goto fail;
	}
	if (retflag)
		spec->retprobe = true;
	if (parse_location(spec, argv[i], err))
		goto fail;
	if (spec->retprobe && spec->offset) {
		kpdb_err_set(err, "a return probe must be at the function entry, not '%s'",
			     argv[i]);
		goto fail;
	}
	if (spec->retprobe && spec->line) {
		kpdb_err_set(err, "a return probe is set on a function, not on a line: '%s'",
			     argv[i]);
		goto fail;
	}
	i++;

	for (end = i; end < argc && strcmp(argv[end], "if"); end++)
		;
	nuser = (size_t)(end - i);
	if (nuser > KPDB_MAX_ARGS) {
		kpdb_err_set(err, "too many arguments (%zu): the kernel allows %d per probe",
			     nuser, KPDB_MAX_ARGS);
		goto fail;
	}
	for (; i < end; i++)
		if (pspec_add_arg(&ps, argv[i], false))
			goto fail;
	if (finish_names(&ps))
		goto fail;

	if (end < argc) {
		for (j = end + 1; j < argc; j++)
			pspec_sb_add(&f, "%s%s", j > end + 1 ? " " : "", argv[j]);
		spec->filter = pspec_sb_take(&f);
		if (!spec->filter) {
			pspec_oom(err);
			goto fail;
		}
		if (!spec->filter[strspn(spec->filter, " \t")]) {
			kpdb_err_set(err, "'if' needs a condition, e.g. 'if port == 4444'");
			goto fail;
		}
		for (k = 0; spec->filter[k]; k++) {
			unsigned char c = (unsigned char)spec->filter[k];

			if (c < ' ' || c == 0x7f) {
				kpdb_err_set(err, "filter: control character (byte 0x%02x) in "
					     "the condition", c);
				goto fail;
			}
		}
		if (pspec_filter_walk(&ps, NULL, NULL, err))
			goto fail;
	}
	if (pspec_count_fields(spec) > KPDB_MAX_ARGS) {
		kpdb_err_set(err, "too many fields (%zu): the kernel allows %d per probe "
			     "(a sockaddr takes %zu)", pspec_count_fields(spec), KPDB_MAX_ARGS,
			     kpdb_sockaddr_nfields);
		goto fail;
	}
	free(ps.auto_names);
	return 0;
fail:
	for (k = 0; k < spec->nargs; k++)
		free(ps.auto_names[k]);
	free(ps.auto_names);
	kpdb_probe_spec_free(spec);
	return -1;
}

void kpdb_probe_spec_free(struct kpdb_probe_spec *spec)
{
	size_t i;

	if (!spec)
		return;
	for (i = 0; i < spec->nargs; i++)
		pspec_arg_free(&spec->args[i]);
	free(spec->args);
	free(spec->name);
	free(spec->location);
	free(spec->module);
	free(spec->symbol);
	free(spec->file);
	free(spec->filter);
	memset(spec, 0, sizeof(*spec));
}

/* *dst = a copy of @src, or NULL if @src is NULL; false when memory ran out. */
static bool dup_str(char **dst, const char *src)
{
	*dst = src ? strdup(src) : NULL;
	return !src || *dst;
}

/* Every string is replaced (& does not short-circuit), even after a failure. */
static bool arg_copy(struct kpdb_arg *dst, const struct kpdb_arg *src)
{
	*dst = *src;
	return dup_str(&dst->name, src->name) & dup_str(&dst->expr, src->expr) &
	       dup_str(&dst->type, src->type) & dup_str(&dst->fetch, src->fetch) &
	       dup_str(&dst->ktype, src->ktype) & dup_str(&dst->ctype, src->ctype);
}

int kpdb_probe_spec_copy(struct kpdb_probe_spec *dst, const struct kpdb_probe_spec *src)
{
	bool ok;

	*dst = *src;
	dst->args = NULL;
	dst->nargs = 0;
	ok = dup_str(&dst->name, src->name) & dup_str(&dst->location, src->location) &
	     dup_str(&dst->module, src->module) & dup_str(&dst->symbol, src->symbol) &
	     dup_str(&dst->file, src->file) & dup_str(&dst->filter, src->filter);
	if (ok && src->nargs) {
		dst->args = calloc(src->nargs, sizeof(*dst->args));
		ok = dst->args != NULL;
	}
	/* an argument is counted once its strings are its own (copies or NULL) */
	for (size_t i = 0; ok && i < src->nargs; i++, dst->nargs++)
		ok = arg_copy(&dst->args[i], &src->args[i]);
	if (ok)
		return 0;
	kpdb_probe_spec_free(dst);
	return -1;
}

bool kpdb_probe_spec_needs_dwarf(const struct kpdb_probe_spec *spec)
{
	size_t i;

	if (!spec->symbol || spec->line || spec->file)
		return true;
	for (i = 0; i < spec->nargs; i++)
		if (spec->args[i].c_expr)
			return true;
	return false;
}

char *kpdb_probe_spec_address(const struct kpdb_probe_spec *spec)
{
	struct sb b = { 0 };

	if (!spec->symbol || spec->line)
		return NULL;
	if (spec->module)
		pspec_sb_add(&b, "%s:", spec->module);
	if (spec->offset)
		pspec_sb_add(&b, "%s+%lu", spec->symbol, spec->offset);
	else
		pspec_sb_add(&b, "%s", spec->symbol);
	return pspec_sb_take(&b);
}

/* " name=fetch:type" of @a, checking the kernel's limit on "fetch:type". */
static int emit_field(struct sb *b, const struct kpdb_arg *a, const char *name,
		      const char *fetch, const char *ktype, struct kpdb_err *err)
{
	size_t len = strlen(fetch) + (ktype ? strlen(ktype) + 1 : 0);
	char what[KPDB_ERR_MAX];

	if (len > KPDB_ARGSTR_MAX)
		return kpdb_err_set(err, "%s is too long for the kernel: '%s%s%s' has %zu "
				    "characters (at most %d)",
				    pspec_arg_what(a, what, sizeof(what)), fetch, ktype ? ":" : "",
				    ktype ? ktype : "", len, KPDB_ARGSTR_MAX);
	pspec_sb_add(b, " %s=%s%s%s", name, fetch, ktype ? ":" : "", ktype ? ktype : "");
	return 0;
}

char *kpdb_probe_spec_definition(const struct kpdb_probe_spec *spec, const char *group,
				 const char *event, struct kpdb_err *err)
{
	struct sb b = { 0 };
	char *addr;
	size_t i, f;

	if (!kpdb_name_valid(group) || !kpdb_name_valid(event)) {
		kpdb_err_set(err, "bad %s name '%s'", kpdb_name_valid(group) ? "event" : "group",
			     kpdb_name_valid(group) ? (event ? event : "") : (group ? group : ""));
		return NULL;
	}
	addr = kpdb_probe_spec_address(spec);
	if (!addr) {
		if (spec->symbol || spec->file)
			kpdb_err_set(err, "location '%s' needs debug info", spec->location);
		else
			pspec_oom(err);
		return NULL;
	}
	if (spec->retprobe && spec->maxactive)
		pspec_sb_add(&b, "r%d:%s/%s %s", spec->maxactive, group, event, addr);
	else
		pspec_sb_add(&b, "%c:%s/%s %s", spec->retprobe ? 'r' : 'p', group, event, addr);
	free(addr);

	for (i = 0; i < spec->nargs; i++) {
		const struct kpdb_arg *a = &spec->args[i];

		if (!a->fetch) {
			pspec_err_unresolved(a, err);
			goto fail;
		}
		if (a->fmt == KPDB_FMT_SOCKADDR) {
			for (f = 0; f < kpdb_sockaddr_nfields; f++) {
				const struct kpdb_sockaddr_field *sf = &kpdb_sockaddr_fields[f];
				char name[KPDB_ARG_NAME_MAX + 16];
				char *fetch = pspec_field_fetch(a, sf->offset,
								 strchr(sf->ktype, '[') != NULL);
				int ret;

				if (!fetch) {
					pspec_oom(err);
					goto fail;
				}
				snprintf(name, sizeof(name), "%s%s", a->name, sf->suffix);
				ret = emit_field(&b, a, name, fetch, sf->ktype, err);
				free(fetch);
				if (ret)
					goto fail;
			}
		} else if (a->fmt == KPDB_FMT_IPV6) {
			char *fetch = a->ptr || a->user || kpdb_fetcharg_is_memory(a->fetch) ?
				      pspec_field_fetch(a, 0, true) : strdup(a->fetch);
			int ret;

			if (!fetch) {
				pspec_oom(err);
				goto fail;
			}
			ret = emit_field(&b, a, a->name, fetch, "x8[16]", err);
			free(fetch);
			if (ret)
				goto fail;
		} else if (emit_field(&b, a, a->name, a->fetch, a->ktype, err)) {
			goto fail;
		}
	}
	if (pspec_count_fields(spec) > KPDB_MAX_ARGS) {
		kpdb_err_set(err, "too many fields (%zu): the kernel allows %d per probe",
			     pspec_count_fields(spec), KPDB_MAX_ARGS);
		goto fail;
	}
	if (!b.oom && b.len + 1 >= KPDB_DEF_MAX) {
		kpdb_err_set(err, "the definition has %zu characters: the kernel reads at most "
			     "%d", b.len, KPDB_DEF_MAX - 1);
		goto fail;
	}
	if (b.oom)
		pspec_oom(err);
	return pspec_sb_take(&b);
fail:
	free(b.s);
	return NULL;
}
