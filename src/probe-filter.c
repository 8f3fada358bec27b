// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe-filter.c - `if FILTER` of a probe: checked at parse time, where each
 * compared expression that is not an argument yet becomes a hidden one, and
 * compiled after resolution into the kernel's filter on the event's fields,
 * with values converted through the argument's format.  Messages name a
 * hidden argument by the expression the user typed, never by its field name.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "probe-spec.h"
#include "probe-spec-priv.h"

/* ---- the filter's hidden arguments, in messages --------------------------------- */

/*
 * How messages name @a: "argument 'NAME'" for an argument the user wrote;
 * one added for the filter has a field name the user never wrote (f1), so
 * it is named by what the user typed: "filter 'EXPR'".
 */
const char *pspec_arg_what(const struct kpdb_arg *a, char *buf, size_t len)
{
	if (a->hidden)
		snprintf(buf, len, "filter '%s'", a->expr);
	else
		snprintf(buf, len, "argument '%s'", a->name);
	return buf;
}

int pspec_err_unresolved(const struct kpdb_arg *a, struct kpdb_err *err)
{
	if (a->hidden)
		return kpdb_err_set(err, "filter '%s' needs debug info", a->expr);
	return kpdb_err_set(err, "argument '%s' needs debug info to resolve '%s'", a->name,
			    a->expr);
}

void kpdb_probe_spec_explain(const struct kpdb_probe_spec *spec, struct kpdb_err *err)
{
	char what[KPDB_ERR_MAX], rest[KPDB_ERR_MAX];
	size_t i;
	int n;

	for (i = 0; err && i < spec->nargs; i++) {
		const struct kpdb_arg *a = &spec->args[i];

		if (!a->hidden || !a->name)
			continue;
		n = snprintf(what, sizeof(what), "argument '%s'", a->name);
		if (n <= 0 || (size_t)n >= sizeof(what) || strncmp(err->msg, what, (size_t)n) ||
		    (err->msg[n] && err->msg[n] != ':' && err->msg[n] != ' '))
			continue;
		snprintf(rest, sizeof(rest), "%s", err->msg + n);
		kpdb_err_set(err, "%s%s", pspec_arg_what(a, what, sizeof(what)), rest);
		return;
	}
}

/* ---- filters ---------------------------------------------------------------------- */

/*
 * One walker serves both passes: at parse time (@ps set) it checks the text
 * and adds a hidden argument for each compared expression that is not an
 * argument yet; after resolution (@out set) it writes the kernel's filter.
 */
struct walk {
	const struct kpdb_probe_spec *spec;
	struct parse *ps;
	struct sb *out;
	struct kpdb_err *err;
	int depth;		/* of parentheses */
};

/* Each level is a recursion: thousands of '(' would exhaust the stack. */
#define FILTER_DEPTH_MAX 64

enum vclass { V_NUMBER, V_STRING, V_ARRAY, V_IPV4, V_PORT, V_FAMILY, V_ERRNO, V_WHOLE,
	      V_UNKNOWN };

static const struct {
	const char *name;
	const char *suffix;
	enum vclass vc;
} sockaddr_subs[] = {
	{ "port", "__port", V_PORT }, { "family", "__fam", V_FAMILY },
	{ "fam", "__fam", V_FAMILY }, { "addr", "__v4", V_IPV4 }, { "v4", "__v4", V_IPV4 },
	{ "path", "__path", V_STRING }, { "v6", "__v6", V_ARRAY },
};

static enum vclass arg_class(const struct kpdb_arg *a)
{
	switch (a->fmt) {
	case KPDB_FMT_IPV4:
		return V_IPV4;
	case KPDB_FMT_PORT:
		return V_PORT;
	case KPDB_FMT_ERRNO:
		return V_ERRNO;
	case KPDB_FMT_IPV6:
		return V_ARRAY;
	case KPDB_FMT_SOCKADDR:
		return V_WHOLE;
	default:
		break;
	}
	if (a->c_expr && !a->fetch)
		return V_UNKNOWN;
	if (a->ktype && strchr(a->ktype, '['))
		return V_ARRAY;
	if (pspec_is_string_type(a->ktype) || (a->ktype && !strcmp(a->ktype, "symstr")))
		return V_STRING;
	if (!a->ktype && a->fetch && (!strcmp(a->fetch, "$comm") || a->fetch[0] == '\\' ))
		return a->fetch[0] == '$' || a->fetch[1] == '"' ? V_STRING : V_NUMBER;
	return V_NUMBER;
}

static bool same_arg_expr(const struct kpdb_arg *a, const struct kpdb_arg *b)
{
	return !strcmp(a->expr, b->expr) && a->user == b->user &&
	       (!b->type || (a->type && !strcmp(a->type, b->type)));
}

/* The field @lhs compares: its kernel name in @kname and the kind of its values. */
static int find_field(struct walk *w, const char *lhs, struct sb *kname, enum vclass *vc,
		      const struct kpdb_arg **arg)
{
	const struct kpdb_probe_spec *spec = w->spec;
	const char *dot = strrchr(lhs, '.');
	struct kpdb_arg tmp;
	char *auto_name = NULL;
	size_t i, k;
	int j;

	*arg = NULL;
	for (i = 0; i < spec->nargs; i++)
		if (spec->args[i].name && !strcmp(spec->args[i].name, lhs)) {
			*arg = &spec->args[i];
			*vc = arg_class(*arg);
			pspec_sb_add(kname, "%s", lhs);
			return 0;
		}
	for (i = 0; dot && i < spec->nargs; i++) {
		const struct kpdb_arg *a = &spec->args[i];

		if (!a->name || strlen(a->name) != (size_t)(dot - lhs) ||
		    strncmp(a->name, lhs, (size_t)(dot - lhs)))
			continue;
		if (a->fmt != KPDB_FMT_SOCKADDR)
			return kpdb_err_set(w->err, "'%s' has no field '%s': only sockaddr "
					    "arguments have fields", a->name, dot + 1);
		for (k = 0; k < sizeof(sockaddr_subs) / sizeof(sockaddr_subs[0]); k++)
			if (!strcmp(dot + 1, sockaddr_subs[k].name)) {
				*arg = a;
				*vc = sockaddr_subs[k].vc;
				pspec_sb_add(kname, "%s%s", a->name, sockaddr_subs[k].suffix);
				return 0;
			}
		return kpdb_err_set(w->err, "unknown field '%s' of sockaddr '%s' (port, family, "
				    "addr, path)", dot + 1, a->name);
	}
	/*
	 * The hit's own fields, which every event has in the kernel's filters:
	 * comm (the current task's, a generic field) and pid (common_pid), as
	 * the hit line shows them.  An argument of the same name came first.
	 */
	if (!strcmp(lhs, "comm")) {
		*vc = V_STRING;
		pspec_sb_add(kname, "comm");
		return 0;
	}
	if (!strcmp(lhs, "pid") || !strcmp(lhs, "common_pid") || !strcmp(lhs, "common_flags") ||
	    !strcmp(lhs, "common_preempt_count") || !strcmp(lhs, "common_type")) {
		*vc = V_NUMBER;
		pspec_sb_add(kname, "%s", strcmp(lhs, "pid") ? lhs : "common_pid");
		return 0;
	}
	if (!strcmp(lhs, "$params"))
		return kpdb_err_set(w->err, "'$params' cannot be compared in a filter");

	/* An expression: the argument that fetches it, or a new hidden one. */
	if (pspec_parse_arg(spec, lhs, &tmp, &auto_name, w->err)) {
		pspec_arg_free(&tmp);
		free(auto_name);
		return -1;
	}
	free(auto_name);
	if (tmp.name) {
		kpdb_err_set(w->err, "a filter compares an expression, not 'NAME=EXPR': '%s'",
			     lhs);
		pspec_arg_free(&tmp);
		return -1;
	}
	for (i = 0; i < spec->nargs; i++)
		if (same_arg_expr(&spec->args[i], &tmp))
			break;
	pspec_arg_free(&tmp);
	if (i == spec->nargs) {
		struct kpdb_probe_spec *mspec;
		char name[16];

		if (!w->ps)
			return kpdb_err_set(w->err, "filter field '%s' is not an argument", lhs);
		if (pspec_add_arg(w->ps, lhs, true))
			return -1;
		mspec = w->ps->spec;
		for (j = 1; ; j++) {
			snprintf(name, sizeof(name), "f%d", j);
			if (!pspec_name_taken(mspec, name, false))
				break;
		}
		mspec->args[i].name = strdup(name);
		free(w->ps->auto_names[i]);
		w->ps->auto_names[i] = NULL;
		if (!mspec->args[i].name)
			return pspec_oom(w->err);
	}
	*arg = &spec->args[i];
	*vc = arg_class(*arg);
	pspec_sb_add(kname, "%s", spec->args[i].name);
	return 0;
}

static bool is_number(const char *v)
{
	char *end;

	if (!*v)
		return false;
	errno = 0;
	if (v[0] == '-')
		(void)strtoll(v, &end, 0);
	else if (isdigit((unsigned char)v[0]))
		(void)strtoull(v, &end, 0);
	else
		return false;
	return !errno && !*end;
}

static int convert_value(struct walk *w, const char *field, enum vclass vc, const char *op,
			 const char *v)
{
	bool quoted = v[0] == '"';
	bool eq = !strcmp(op, "==") || !strcmp(op, "!=");
	uint32_t v4;
	uint16_t port;
	unsigned int fam;
	int64_t e;

	if (vc != V_STRING && vc != V_UNKNOWN && !strcmp(op, "~"))
		return kpdb_err_set(w->err, "'~' matches strings, and '%s' is not one", field);
	if (vc != V_STRING && vc != V_UNKNOWN && quoted)
		return kpdb_err_set(w->err, "'%s' is a number, not the string %s", field, v);
	switch (vc) {
	case V_UNKNOWN:
		return 0;	/* checked again once the resolver has typed it */
	case V_WHOLE:
		return kpdb_err_set(w->err, "compare a field of sockaddr '%s': %s.port, "
				    "%s.family, %s.addr or %s.path", field, field, field,
				    field, field);
	case V_ARRAY:
		return kpdb_err_set(w->err, "cannot filter on '%s': the kernel does not "
				    "compare arrays", field);
	case V_STRING:
		if (!eq && strcmp(op, "~"))
			return kpdb_err_set(w->err, "'%s' does not compare strings ('%s' is a "
					    "string): use ==, != or ~", op, field);
		if (quoted)
			pspec_sb_add(w->out, "%s", v);
		else
			pspec_sb_add(w->out, "\"%s\"", v);
		return 0;
	case V_IPV4:
	case V_PORT:
		if (!eq)
			return kpdb_err_set(w->err, "'%s' on '%s' would compare network byte "
					    "order: use == or !=", op, field);
		if (vc == V_IPV4 && !kpdb_fmt_parse_ipv4(v, &v4))
			pspec_sb_add(w->out, "%u", v4);
		else if (vc == V_PORT && !kpdb_fmt_parse_port(v, &port))
			pspec_sb_add(w->out, "%u", port);
		else
			return kpdb_err_set(w->err, vc == V_IPV4 ?
					    "bad IPv4 address '%s' for '%s'" :
					    "bad port '%s' for '%s' (0 to 65535)", v, field);
		return 0;
	case V_FAMILY:
		if (kpdb_fmt_parse_family(v, &fam))
			return kpdb_err_set(w->err, "bad address family '%s' for '%s'", v, field);
		pspec_sb_add(w->out, "%u", fam);
		return 0;
	case V_ERRNO:
		if (kpdb_fmt_parse_errno(v, &e))
			return kpdb_err_set(w->err, "bad errno value '%s' for '%s'", v, field);
		pspec_sb_add(w->out, "%lld", (long long)e);
		return 0;
	case V_NUMBER:
		if (!is_number(v))
			return kpdb_err_set(w->err, "bad number '%s' for '%s'", v, field);
		pspec_sb_add(w->out, "%s", v);
		return 0;
	}
	return 0;
}

static const char *const filter_ops[] = { "==", "!=", "<=", ">=", "<", ">", "&", "~" };

static int walk_term(struct walk *w, const char *t, size_t n)
{
	struct sb kname = { 0 };
	const struct kpdb_arg *arg;
	const char *op = NULL;
	char *lhs = NULL, *rhs = NULL;
	size_t i, k, at = 0;
	bool inq = false;
	int depth = 0, ret = -1;
	enum vclass vc = V_NUMBER;

	for (i = 0; i < n && !op; i++) {
		if (t[i] == '"')
			inq = !inq;
		if (inq)
			continue;
		if (t[i] == '(')
			depth++;
		else if (t[i] == ')')
			depth--;
		if (depth)
			continue;
		if (t[i] == '-' && t[i + 1] == '>') {
			i++;
			continue;
		}
		for (k = 0; k < sizeof(filter_ops) / sizeof(filter_ops[0]); k++)
			if (!strncmp(t + i, filter_ops[k], strlen(filter_ops[k]))) {
				op = filter_ops[k];
				at = i;
				break;
			}
		if (!op && t[i] == '=')
			return kpdb_err_set(w->err, "'=' is not a comparison in '%.*s' (use '==')",
					    (int)n, t);
		if (!op && t[i] == '!')
			return kpdb_err_set(w->err, "unexpected '!' in '%.*s'", (int)n, t);
	}
	if (!op)
		return kpdb_err_set(w->err, "missing comparison in '%.*s' (e.g. '%.*s == 1')",
				    (int)n, t, (int)n, t);
	i = at;
	while (i > 0 && t[i - 1] == ' ')
		i--;
	if (i == 0)
		return kpdb_err_set(w->err, "missing field before '%s' in '%.*s'", op, (int)n, t);
	lhs = strndup(t, i);
	i = at + strlen(op);
	while (i < n && t[i] == ' ')
		i++;
	if (i == n) {
		kpdb_err_set(w->err, "missing value after '%s' in '%.*s'", op, (int)n, t);
		goto out;
	}
	rhs = strndup(t + i, n - i);
	if (!lhs || !rhs) {
		pspec_oom(w->err);
		goto out;
	}
	if (rhs[0] == '"' ? (strlen(rhs) < 2 || strchr(rhs + 1, '"') != rhs + strlen(rhs) - 1) :
	    strpbrk(rhs, " \"") != NULL) {
		kpdb_err_set(w->err, "bad value '%s' in '%.*s' (one number, name or \"string\")",
			     rhs, (int)n, t);
		goto out;
	}
	if (find_field(w, lhs, &kname, &vc, &arg))
		goto out;
	if (kname.oom) {
		pspec_oom(w->err);
		goto out;
	}
	if (!w->ps && vc == V_UNKNOWN) {
		/* "filter: " comes in front: a hidden argument is just its expression */
		if (arg->hidden)
			kpdb_err_set(w->err, "'%s' needs debug info", arg->expr);
		else
			pspec_err_unresolved(arg, w->err);
		goto out;
	}
	pspec_sb_add(w->out, "%s %s ", kname.s, op);
	/* named as the user wrote it: not f1, not sa__fam, not common_pid */
	ret = convert_value(w, lhs, vc, op, rhs);
out:
	free(kname.s);
	free(lhs);
	free(rhs);
	return ret;
}

static int walk_expr(struct walk *w, const char *s, size_t n, const char *whole)
{
	size_t pos = 0;
	const char *conn = NULL;

	for (;;) {
		size_t e, t;
		int depth = 0;
		bool inq = false;

		while (pos < n && s[pos] == ' ')
			pos++;
		if (pos == n) {
			if (conn)
				return kpdb_err_set(w->err, "dangling '%s' at the end of '%s'",
						    conn, whole);
			return kpdb_err_set(w->err, "empty condition in '%s'", whole);
		}
		if (!strncmp(s + pos, "&&", 2) || !strncmp(s + pos, "||", 2))
			return kpdb_err_set(w->err, "missing condition before '%.2s' in '%s'",
					    s + pos, whole);
		if (s[pos] == '(') {
			long close = pspec_match_paren(s, pos);

			if (close < 0 || (size_t)close >= n)
				return kpdb_err_set(w->err, "unbalanced parentheses in '%s'",
						    whole);
			for (e = (size_t)close + 1; e < n && s[e] == ' '; e++)
				;
			if (e == n || !strncmp(s + e, "&&", 2) || !strncmp(s + e, "||", 2)) {
				if (w->depth >= FILTER_DEPTH_MAX)
					return kpdb_err_set(w->err, "parentheses nested more than %d "
							    "deep in '%s'", FILTER_DEPTH_MAX,
							    whole);
				pspec_sb_add(w->out, "(");
				w->depth++;
				if (walk_expr(w, s + pos + 1, (size_t)close - pos - 1, whole))
					return -1;
				w->depth--;
				pspec_sb_add(w->out, ")");
				pos = e;
				goto connective;
			}
		}
		for (e = pos; e < n; e++) {
			if (s[e] == '"')
				inq = !inq;
			if (inq)
				continue;
			depth += s[e] == '(' ? 1 : s[e] == ')' ? -1 : 0;
			if (!depth && (!strncmp(s + e, "&&", 2) || !strncmp(s + e, "||", 2)))
				break;
		}
		if (depth || inq)
			return kpdb_err_set(w->err, "unbalanced %s in '%s'", inq ? "quotes" :
					    "parentheses", whole);
		for (t = e; t > pos && s[t - 1] == ' '; t--)
			;
		if (walk_term(w, s + pos, t - pos))
			return -1;
		pos = e;
connective:
		if (pos >= n)
			return 0;
		if (strncmp(s + pos, "&&", 2) && strncmp(s + pos, "||", 2))
			return kpdb_err_set(w->err, "expected '&&' or '||' before '%.*s' in '%s'",
					    (int)(n - pos), s + pos, whole);
		conn = s[pos] == '&' ? "&&" : "||";
		pspec_sb_add(w->out, " %s ", conn);
		pos += 2;
	}
}

int pspec_filter_walk(struct parse *ps, const struct kpdb_probe_spec *spec, struct sb *out,
		      struct kpdb_err *err)
{
	struct sb scratch = { 0 };
	struct walk w = { .spec = ps ? ps->spec : spec, .ps = ps, .out = out ? out : &scratch,
			  .err = err };
	int ret;

	ret = walk_expr(&w, w.spec->filter, strlen(w.spec->filter), w.spec->filter);
	free(scratch.s);
	if (ret)
		kpdb_err_prefix(err, "filter");
	return ret;
}

char *kpdb_probe_spec_filter(const struct kpdb_probe_spec *spec, int *ret, struct kpdb_err *err)
{
	struct sb out = { 0 };

	*ret = 0;
	if (!spec->filter)
		return NULL;
	if (pspec_filter_walk(NULL, spec, &out, err)) {
		free(out.s);
		*ret = -1;
		return NULL;
	}
	if (out.oom) {
		*ret = pspec_oom(err);
		free(out.s);
		return NULL;
	}
	return pspec_sb_take(&out);
}

