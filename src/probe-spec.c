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

bool kpdb_probe_spec_is_file(const char *s, size_t n)
{
	return memchr(s, '/', n) ||
	       (n > 2 && s[n - 2] == '.' && (s[n - 1] == 'c' || s[n - 1] == 'h'));
}

bool kpdb_probe_spec_is_line(const char *s)
{
	return pspec_all_digits(s);
}

/* ---- locations ------------------------------------------------------------ */

static int parse_symbol(struct kpdb_probe_spec *spec, const char *text, size_t n,
			const char *whole, struct kpdb_err *err);

static int parse_location_text(struct kpdb_probe_spec *spec, const char *text,
			       struct kpdb_err *err);

/*
 * NAME#N: the N-th (from 1, by address) of the functions named NAME, for a
 * name the kernel has several of.  Takes "#N" out of @text into
 * spec->which; the location as typed keeps it, for the resolver.
 */
static int parse_location(struct kpdb_probe_spec *spec, const char *text, struct kpdb_err *err)
{
	const char *hash, *end;
	char *rest;
	unsigned long v;
	int ret;

	spec->location = strdup(text);
	if (!spec->location)
		return pspec_oom(err);
	if (!*text)
		return kpdb_err_set(err, "missing location");
	hash = strchr(text, '#');
	if (!hash)
		return parse_location_text(spec, text, err);
	end = hash + 1;
	while (isdigit((unsigned char)*end))
		end++;
	if (end == hash + 1 || (*end && *end != '+' && *end != '%' && *end != ':') ||
	    !pspec_parse_ulong(hash + 1, (size_t)(end - hash - 1), &v) || v == 0 || v > INT_MAX)
		return kpdb_err_set(err, "bad function number in '%s' (NAME#N, N from 1)", text);
	if (hash == text || memchr(text, ':', (size_t)(hash - text)))
		return kpdb_err_set(err, "'#N' follows a function name, as NAME#N: '%s'", text);
	if (asprintf(&rest, "%.*s%s", (int)(hash - text), text, end) < 0)
		return pspec_oom(err);
	spec->which = (int)v;
	ret = parse_location_text(spec, rest, err);
	free(rest);
	if (ret == 0 && spec->module)
		return kpdb_err_set(err, "'#N' is for a name vmlinux has several functions of, not "
				    "a module's: '%s'", text);
	return ret;
}

static int parse_location_text(struct kpdb_probe_spec *spec, const char *text,
			       struct kpdb_err *err)
{
	const char *pct, *colon;
	size_t n;

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
			bool file = kpdb_probe_spec_is_file(text, ln);
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
			/* MOD:SYMBOL[+OFF], MOD:FILE:LINE, MOD:FUNC:LINE, MOD:FILE:FUNC */
			if (!pspec_symbol_valid(text, ln) || memchr(text, '.', ln))
				return kpdb_err_set(err, "bad module name '%.*s' in '%s'", (int)ln,
						    text, text);
			if (spec->module)
				return kpdb_err_set(err, "two modules in '%s'", spec->location);
			spec->module = strndup(text, ln);
			if (!spec->module)
				return pspec_oom(err);
			if (memchr(colon + 1, ':', n - ln - 1))
				return parse_location_text(spec, colon + 1, err);
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
		if (kpdb_probe_spec_is_file(text, ln)) {
			spec->file = strndup(text, ln);
			return spec->file ? 0 : pspec_oom(err);
		}
		if (!pspec_symbol_valid(text, ln))
			return kpdb_err_set(err, "bad symbol name in '%s'", text);
		spec->symbol = strndup(text, ln);
		return spec->symbol ? 0 : pspec_oom(err);
	}
	if (kpdb_probe_spec_is_file(text, n))
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
		if (kpdb_probe_spec_is_file(text, n))
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

/* ---- the spec ---------------------------------------------------------------------- */

bool kpdb_probe_spec_is_pasted(const char *w)
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
	if (argc > 0 && kpdb_probe_spec_is_pasted(argv[0])) {
		if (parse_pasted(spec, argv[0], err))
			goto fail;
		pasted = true;
		spec->pasted = true;
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
			kpdb_err_set(err, "unknown option '%s' for 'bp' (options: -r, -s, -S, -n NAME)",
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
	if (pspec_finish_names(&ps))
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
