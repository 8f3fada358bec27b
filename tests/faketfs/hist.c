// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hist.c - hist triggers of the fake tracefs, as 6.1's
 * kernel/trace/trace_events_hist.c parses, shows and removes them (checked
 * against Debian's 6.1 and 6.12 kernels):
 *
 *  - a trigger is kept and shown the kernel's way, whatever the order it was
 *    written in:  hist:keys=K:vals=hitcount[,V]:[VARS:]sort=S:size=2048
 *    [:clock=global when a timestamp is used][:ACTIONS] [if FILTER] [active]
 *    (a sort on a key shows the key's modifier: sort=lat -> sort=lat.log2);
 *  - keys, values and expression operands must be fields of the event;
 *    variables (ts0=common_timestamp.usecs, lat=common_timestamp.usecs-$ts0)
 *    and their references are resolved in the trigger, in the event's other
 *    hist triggers and in the onmatch() event's, in the same instance;
 *    a usecs timestamp mixed with anything else is "Timestamp units in
 *    expression don't match"; onmatch(SYS.EV).trace(SYNTH,$v) and the
 *    older onmatch(SYS.EV).SYNTH($v) need the event, the synthetic event and
 *    one parameter per field;
 *  - a second trigger with the same definition and filter is EEXIST;
 *    "!hist:..." removes the one with the same definition and filter, and
 *    succeeds silently when there is none; a trigger whose variable another
 *    trigger uses cannot be removed (EBUSY);
 *  - errors go to the instance's error_log, "hist:GRP:EV: error: ...".
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faketfs.h"

#define KEYS_MAX	3
#define VARS_MAX	16
#define ACTIONS_MAX	8

struct hvar {
	const char *name;	/* into hist.buf */
	const char *expr;
	bool usecs;		/* a timestamp in microseconds, or made from one */
};

struct hist {
	char *buf;		/* the text, cut into pieces in place */
	const char *keys, *vals, *sort, *size, *clock;
	bool clear, pause, cont;
	struct hvar vars[VARS_MAX];
	int nvars;
	const char *actions[ACTIONS_MAX];
	int nactions;
	const char *filter;	/* NULL: none */
	bool uses_ts;
};

/* An error: its text and where in the command the caret goes. */
struct herr {
	const char *text;
	int pos;
};

static void hist_free(struct hist *h)
{
	free(h->buf);
	memset(h, 0, sizeof(*h));
}

/*
 * Cut "hist:A:B:C if FILTER" into its attributes.  Only the syntax: 0, or
 * -EINVAL with @e set when the kernel would log something (e->text NULL
 * when it fails without a word).
 */
static int hist_parse(const char *text, struct hist *h, struct herr *e)
{
	char *spec, *save = NULL, *sp, *a;

	memset(h, 0, sizeof(*h));
	e->text = NULL;
	e->pos = 0;
	h->buf = fk_xstrdup(text);
	spec = h->buf;
	sp = spec + strcspn(spec, " \t");
	if (*sp) {
		char *f;

		*sp++ = '\0';
		f = fk_strstrip(sp);
		if (!strncmp(f, "if", 2) && (f[2] == ' ' || f[2] == '\t'))
			h->filter = fk_strstrip(f + 2);
		else if (*f)
			return -EINVAL;
	}
	if (strncmp(spec, "hist", 4) || (spec[4] != ':' && spec[4]))
		return -EINVAL;
	for (a = strtok_r(spec + 4, ":", &save); a; a = strtok_r(NULL, ":", &save)) {
		char *eq = strchr(a, '=');

		if (!strncmp(a, "keys=", 5) || !strncmp(a, "key=", 4)) {
			h->keys = eq + 1;
		} else if (!strncmp(a, "vals=", 5) || !strncmp(a, "values=", 7)) {
			h->vals = eq + 1;
		} else if (!strncmp(a, "sort=", 5)) {
			h->sort = eq + 1;
		} else if (!strncmp(a, "size=", 5)) {
			h->size = eq + 1;
		} else if (!strncmp(a, "clock=", 6)) {
			h->clock = eq + 1;
		} else if (!strcmp(a, "clear")) {
			h->clear = true;
		} else if (!strcmp(a, "pause")) {
			h->pause = true;
		} else if (!strcmp(a, "cont") || !strcmp(a, "continue")) {
			h->cont = true;
		} else if (!strncmp(a, "onmatch(", 8) || !strncmp(a, "onmax(", 6) ||
			   !strncmp(a, "onchange(", 9)) {
			if (h->nactions == ACTIONS_MAX)
				return -EINVAL;
			h->actions[h->nactions++] = a;
		} else if (eq && strncmp(a, "name=", 5)) {
			/* NAME=EXPR[,NAME=EXPR]... */
			char *vsave = NULL;

			for (char *v = strtok_r(a, ",", &vsave); v;
			     v = strtok_r(NULL, ",", &vsave)) {
				char *veq = strchr(v, '=');

				if (!veq || veq == v || !veq[1]) {
					e->text = veq && !veq[1] ? "Empty assignment" :
						  "Malformed assignment";
					e->pos = (int)(v - h->buf);
					return -EINVAL;
				}
				if (h->nvars == VARS_MAX) {
					e->text = "Too many variables defined";
					return -EINVAL;
				}
				*veq = '\0';
				h->vars[h->nvars].name = v;
				h->vars[h->nvars++].expr = veq + 1;
			}
		} else {
			/* named triggers are not emulated */
			return -EINVAL;
		}
	}
	if (!h->keys)
		return -EINVAL;
	return 0;
}

/* The text after "trace(" or "NAME(" of an onmatch action: the synthetic event's name. */
static bool action_synth(const char *a, char *name, size_t len, const char **params)
{
	const char *dot, *open, *p;

	if (strncmp(a, "onmatch(", 8))
		return false;
	dot = strstr(a, ").");
	if (!dot)
		return false;
	p = dot + 2;
	open = strchr(p, '(');
	if (!open)
		return false;
	if ((size_t)(open - p) == 5 && !strncmp(p, "trace", 5)) {
		p = open + 1;
		open = p + strcspn(p, ",)");
		*params = *open == ',' ? open + 1 : open;
	} else {
		if (((size_t)(open - p) == 4 && !strncmp(p, "save", 4)) ||
		    ((size_t)(open - p) == 8 && !strncmp(p, "snapshot", 8)))
			return false;
		*params = open + 1;
	}
	snprintf(name, len, "%.*s", (int)(open - p), p);
	return true;
}

/* The onmatch() event of @h, or NULL. */
static struct fk_event *match_event(struct fk_state *st, const struct hist *h, const char **at)
{
	for (int i = 0; i < h->nactions; i++) {
		const char *a = h->actions[i], *dot, *close;
		char sys[FK_NAME_MAX + 1], ev[FK_NAME_MAX + 1];

		if (strncmp(a, "onmatch(", 8))
			continue;
		if (at)
			*at = a + 8;
		dot = strchr(a + 8, '.');
		close = strchr(a + 8, ')');
		if (!dot || !close || dot > close || dot - a - 8 > FK_NAME_MAX ||
		    close - dot - 1 > FK_NAME_MAX)
			return NULL;
		snprintf(sys, sizeof(sys), "%.*s", (int)(dot - a - 8), a + 8);
		snprintf(ev, sizeof(ev), "%.*s", (int)(close - dot - 1), dot + 1);
		return fk_event_find(st, sys, ev);
	}
	return NULL;
}

/* Each hist trigger line of @es, parsed: stops when @fn returns true. */
static bool each_line(struct fk_evstate *es, bool (*fn)(struct hist *h, const char *line,
							void *arg), void *arg)
{
	const char *l = es ? es->trigger : NULL;

	while (l && *l) {
		size_t n = strcspn(l, "\n");
		char *line = fk_xmalloc(n + 1);
		struct hist h;
		struct herr e;
		bool stop = false;

		memcpy(line, l, n);
		if (!strncmp(line, "hist:", 5) && !hist_parse(line, &h, &e))
			stop = fn(&h, line, arg);
		if (!strncmp(line, "hist:", 5))
			hist_free(&h);
		free(line);
		if (stop)
			return true;
		l += n + (l[n] == '\n');
	}
	return false;
}

struct var_query {
	const char *name;
	size_t len;
	bool found, usecs;
};

static bool defines_var(struct hist *h, const char *line, void *arg)
{
	struct var_query *q = arg;

	(void)line;
	for (int i = 0; i < h->nvars; i++) {
		if (strlen(h->vars[i].name) == q->len &&
		    !strncmp(h->vars[i].name, q->name, q->len)) {
			q->found = true;
			q->usecs = strstr(h->vars[i].expr, "common_timestamp.usecs") != NULL;
			return true;
		}
	}
	return false;
}

/* The context a trigger's references are resolved in. */
struct scope {
	struct fk_state *st;
	struct fk_instance *inst;
	struct fk_event *ev;		/* the trigger's own event */
	struct fk_event *match;		/* its onmatch() event, or NULL */
	struct hist *h;			/* the trigger itself */
};

/* $NAME: a variable of the trigger, of its event's triggers, or of the onmatch event's. */
static bool resolve_var(const struct scope *s, const char *name, size_t len, bool *usecs)
{
	struct var_query q = { .name = name, .len = len };

	for (int i = 0; i < s->h->nvars; i++) {
		if (strlen(s->h->vars[i].name) == len && !strncmp(s->h->vars[i].name, name, len)) {
			*usecs = s->h->vars[i].expr && (strstr(s->h->vars[i].expr,
							       "common_timestamp.usecs") != NULL);
			return true;
		}
	}
	if (each_line(fk_evstate(s->inst, s->ev, false), defines_var, &q) ||
	    (s->match && each_line(fk_evstate(s->inst, s->match, false), defines_var, &q))) {
		*usecs = q.usecs;
		return true;
	}
	return false;
}

static bool known_modifier(const char *m, bool *bad_buckets)
{
	static const char *const mods[] = {
		"hex", "sym", "sym-offset", "execname", "syscall", "log2", "usecs", "percent",
		"graph", "descending", "ascending",
	};

	*bad_buckets = false;
	if (!strncmp(m, "buckets=", 8)) {
		char *end;
		unsigned long v = strtoul(m + 8, &end, 10);

		*bad_buckets = !m[8] || *end || v == 0;
		return !*bad_buckets;
	}
	for (size_t i = 0; i < sizeof(mods) / sizeof(mods[0]); i++)
		if (!strcmp(m, mods[i]))
			return true;
	return false;
}

/*
 * One field of keys=, vals= or an expression, "name[.modifier]", at offset
 * @pos of the command.  *@kind: 0 a number, 1 a string, 2 a timestamp in
 * nanoseconds, 3 one in microseconds.
 */
static int check_field(const struct scope *s, const char *f, size_t len, int pos, bool key,
		       int *kind, struct herr *e)
{
	char name[128], *dot;
	bool bad;

	if (!len || len >= sizeof(name)) {
		e->text = "Couldn't find field";
		e->pos = pos;
		return -EINVAL;
	}
	snprintf(name, sizeof(name), "%.*s", (int)len, f);
	dot = strchr(name, '.');
	if (dot) {
		*dot++ = '\0';
		if (!known_modifier(dot, &bad)) {
			e->text = "Invalid field modifier";
			e->pos = pos + (int)(dot - name) + (bad ? 8 : 0);
			return -EINVAL;
		}
	}
	*kind = 0;
	if (!strcmp(name, "common_timestamp")) {
		s->h->uses_ts = true;
		*kind = dot && !strcmp(dot, "usecs") ? 3 : 2;
		return 0;
	}
	if ((key && !strcmp(name, "stacktrace")) || !strcmp(name, "common_cpu") ||
	    (!key && !strcmp(name, "hitcount")))
		return 0;
	if (!strcmp(name, "comm") || !strcmp(name, "COMM") || !strcmp(name, "CPU") ||
	    (*kind = fk_event_field_kind(s->ev, name, strlen(name))) < 0) {
		e->text = "Couldn't find field";
		e->pos = pos;
		return -EINVAL;
	}
	if (dot && !strcmp(dot, "execname") && strcmp(name, "common_pid")) {
		e->text = "Invalid field modifier";
		e->pos = pos + (int)(dot - name);
		return -EINVAL;
	}
	return 0;
}

static int check_list(const struct scope *s, const char *list, bool key, struct herr *e,
		      int *count)
{
	const char *p = list;

	*count = 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		int kind;

		if (check_field(s, p, n, (int)(p - s->h->buf), key, &kind, e) < 0)
			return -EINVAL;
		(*count)++;
		p += n + (p[n] == ',');
	}
	return 0;
}

/* An expression of a variable: operands joined by + - * /, units checked. */
static int check_expr(const struct scope *s, const char *x, struct herr *e, bool *usecs)
{
	int n = 0, first = -1;
	const char *p = x;

	*usecs = false;
	while (*p) {
		size_t len = strcspn(p, "+-*/");
		int pos = (int)(p - s->h->buf), u, kind = 0;

		if (*p == '$') {
			bool vu = false;

			if (!resolve_var(s, p + 1, len - 1, &vu)) {
				e->text = "Couldn't find field";
				e->pos = pos;
				return -EINVAL;
			}
			u = vu;
		} else if (isdigit((unsigned char)*p)) {
			u = 0;
		} else {
			if (check_field(s, p, len, pos, false, &kind, e) < 0)
				return -EINVAL;
			if (kind == 1 && strpbrk(x, "+-*/")) {
				e->text = "String type can not be an operand in expression";
				e->pos = pos;
				return -EINVAL;
			}
			u = kind == 3;
		}
		if (first < 0)
			first = u;
		else if (u != first) {
			e->text = "Timestamp units in expression don't match";
			e->pos = 0;
			return -EINVAL;
		}
		*usecs |= u;
		n++;
		p += len + (p[len] != '\0');
	}
	if (!n) {
		e->text = "Empty assignment";
		e->pos = (int)(x - s->h->buf);
		return -EINVAL;
	}
	return 0;
}

static int check_actions(const struct scope *s, struct herr *e)
{
	for (int i = 0; i < s->h->nactions; i++) {
		const char *a = s->h->actions[i], *params, *at = NULL;
		char synth[FK_NAME_MAX + 1];
		struct fk_event *se;
		int n = 0;

		if (!strncmp(a, "onmatch(", 8) && !match_event(s->st, s->h, &at)) {
			e->text = "Invalid subsystem or event name";
			e->pos = (int)(at - s->h->buf);
			return -EINVAL;
		}
		if (!action_synth(a, synth, sizeof(synth), &params))
			continue;
		se = fk_event_find(s->st, "synthetic", synth);
		if (!se) {
			e->text = "Couldn't find synthetic event";
			e->pos = (int)(strstr(a, synth) - s->h->buf);
			return -EINVAL;
		}
		for (const char *p = params; *p && *p != ')';) {
			size_t len = strcspn(p, ",)");
			bool u;
			int kind;
			struct herr fe;

			if (*p == '$' ? !resolve_var(s, p + 1, len - 1, &u) :
			    check_field(s, p, len, 0, false, &kind, &fe) < 0) {
				e->text = "Couldn't find param";
				e->pos = (int)(p - s->h->buf);
				return -EINVAL;
			}
			n++;
			p += len + (p[len] == ',');
		}
		if (n != se->nfields) {
			e->text = "Param count doesn't match synthetic event field count";
			e->pos = 0;
			return -EINVAL;
		}
	}
	return 0;
}

static int hist_check(const struct scope *s, struct herr *e)
{
	int nkeys, nvals;

	if (check_list(s, s->h->keys, true, e, &nkeys) < 0)
		return -EINVAL;
	if (nkeys > KEYS_MAX) {
		e->text = NULL;	/* the kernel says nothing in error_log */
		return -EINVAL;
	}
	if (s->h->vals && check_list(s, s->h->vals, false, e, &nvals) < 0)
		return -EINVAL;
	for (int i = 0; i < s->h->nvars; i++) {
		bool usecs;

		if (!fk_good_name(s->h->vars[i].name)) {
			e->text = "Malformed assignment";
			e->pos = (int)(s->h->vars[i].name - s->h->buf);
			return -EINVAL;
		}
		for (int j = 0; j < i; j++) {
			if (!strcmp(s->h->vars[j].name, s->h->vars[i].name)) {
				e->text = "Variable already defined";
				e->pos = (int)(s->h->vars[i].name - s->h->buf);
				return -EINVAL;
			}
		}
		if (check_expr(s, s->h->vars[i].expr, e, &usecs) < 0)
			return -EINVAL;
	}
	return check_actions(s, e);
}

/* The sort field as the kernel shows it: a key with its modifier. */
static void show_sort(struct fk_buf *b, const struct hist *h)
{
	const char *p = h->sort ? h->sort : "hitcount";

	while (*p) {
		size_t n = strcspn(p, ","), base = strcspn(p, ".,");
		const char *k = h->keys, *shown = NULL;
		size_t shown_len = 0;
		bool desc = n > base && !strncmp(p + base, ".descending", 11);

		while (*k) {
			size_t kn = strcspn(k, ","), kb = strcspn(k, ".,");

			if (kb == base && !strncmp(k, p, base)) {
				shown = k;
				shown_len = kn;
			}
			k += kn + (k[kn] == ',');
		}
		if (!shown) {
			shown = p;
			shown_len = base;
		}
		fk_buf_printf(b, "%s%.*s%s", p == (h->sort ? h->sort : "hitcount") ? "" : ",",
			      (int)shown_len, shown, desc ? ".descending" : "");
		p += n + (p[n] == ',');
	}
}

/* The definition as the kernel shows it, without the filter and the state. */
static char *hist_norm(const struct hist *h)
{
	struct fk_buf b = { 0 };
	bool ts = h->uses_ts;

	fk_buf_printf(&b, "hist:keys=%s:vals=hitcount", h->keys);
	for (const char *v = h->vals; v && *v;) {
		size_t n = strcspn(v, ",");

		/* hitcount is always there, and first */
		if (n != 8 || strncmp(v, "hitcount", 8))
			fk_buf_printf(&b, ",%.*s", (int)n, v);
		v += n + (v[n] == ',');
	}
	for (int i = 0; i < h->nvars; i++) {
		fk_buf_printf(&b, "%s%s=%s", i ? "," : ":", h->vars[i].name, h->vars[i].expr);
		ts |= strstr(h->vars[i].expr, "common_timestamp") != NULL;
	}
	fk_buf_printf(&b, ":sort=");
	show_sort(&b, h);
	fk_buf_printf(&b, ":size=%s", h->size ? h->size : "2048");
	if (ts || h->clock)
		fk_buf_printf(&b, ":clock=%s", h->clock ? h->clock : "global");
	for (int i = 0; i < h->nactions; i++)
		fk_buf_printf(&b, ":%s", h->actions[i]);
	return fk_buf_take(&b);
}

/* A stored line: the shown definition and " if FILTER". */
static char *hist_line(const struct hist *h)
{
	char *n = hist_norm(h), *l;
	struct fk_buf b = { 0 };

	fk_buf_printf(&b, "%s%s%s", n, h->filter ? " if " : "", h->filter ? h->filter : "");
	l = fk_buf_take(&b);
	free(n);
	return l;
}

struct find {
	const char *want;	/* hist_line() of what is looked for */
	char *found;		/* a copy of the line, or NULL */
};

static bool same_line(struct hist *h, const char *line, void *arg)
{
	struct find *f = arg;
	char *l = hist_line(h);
	bool same = !strcmp(l, f->want);

	free(l);
	if (same)
		f->found = fk_xstrdup(line);
	return same;
}

struct uses {
	struct fk_state *st;
	struct fk_event *ev;		/* the event of the trigger being removed */
	struct fk_event *on;		/* the event of the line looked at */
	const struct hist *def;		/* the trigger being removed */
	const char *skip;		/* its line */
};

static bool expr_uses(const char *x, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = strchr(x, '$'); p; p = strchr(p + 1, '$'))
		if (!strncmp(p + 1, name, n) && !isalnum((unsigned char)p[1 + n]) &&
		    p[1 + n] != '_')
			return true;
	return false;
}

static bool uses_var_of(struct hist *h, const char *line, void *arg)
{
	struct uses *u = arg;

	if (u->on == u->ev && !strcmp(line, u->skip))
		return false;
	if (u->on != u->ev && match_event(u->st, h, NULL) != u->ev)
		return false;
	for (int i = 0; i < u->def->nvars; i++) {
		for (int j = 0; j < h->nvars; j++)
			if (expr_uses(h->vars[j].expr, u->def->vars[i].name))
				return true;
		for (int j = 0; j < h->nactions; j++)
			if (expr_uses(h->actions[j], u->def->vars[i].name))
				return true;
	}
	return false;
}

/* Another trigger of the instance uses a variable of @h (on @ev). */
static bool vars_in_use(struct fk_state *st, struct fk_instance *inst, struct fk_event *ev,
			const struct hist *h, const char *line)
{
	struct uses u = { .st = st, .ev = ev, .def = h, .skip = line };

	if (!h->nvars)
		return false;
	for (struct fk_evstate *es = inst->states; es; es = es->next) {
		u.on = es->ev;
		if (each_line(es, uses_var_of, &u))
			return true;
	}
	return false;
}

static void remove_line(struct fk_evstate *es, const char *line)
{
	size_t n = strlen(line);

	for (char *l = es->trigger; l && *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] != 0)) {
		if (strncmp(l, line, n) || (l[n] != '\n' && l[n]))
			continue;
		memmove(l, l + n + (l[n] == '\n'), strlen(l + n + (l[n] == '\n')) + 1);
		break;
	}
	if (es->trigger && !*es->trigger) {
		free(es->trigger);
		es->trigger = NULL;
	}
}

static int log_err(struct fk_instance *inst, struct fk_event *ev, const char *cmd,
		   const struct herr *e)
{
	char loc[2 * FK_NAME_MAX + 8];

	if (e->text) {
		snprintf(loc, sizeof(loc), "hist:%s:%s", ev->group, ev->name);
		fk_errlog_add(inst, loc, e->text, cmd, e->pos);
	}
	return -EINVAL;
}

int fk_hist_write(struct fk_state *st, struct fk_instance *inst, struct fk_event *ev,
		  struct fk_evstate *es, const char *text)
{
	bool remove = *text == '!';
	const char *cmd = text + remove;
	struct hist h;
	struct herr e;
	struct scope s = { st, inst, ev, NULL, &h };
	struct find f = { 0 };
	char *line;
	int ret = 0;

	if (hist_parse(cmd, &h, &e) < 0) {
		ret = log_err(inst, ev, cmd, &e);
		goto out;
	}
	s.match = match_event(st, &h, NULL);
	/* the clear, pause and continue words are not part of the definition */
	line = hist_line(&h);
	f.want = line;
	each_line(es, same_line, &f);
	free(line);
	if (remove) {
		/* 6.1: no matching trigger is no error */
		if (f.found && vars_in_use(st, inst, ev, &h, f.found))
			ret = -EBUSY;
		else if (f.found)
			remove_line(es, f.found);
		goto out;
	}
	if (h.clear || h.pause || h.cont) {
		if (!f.found) {
			e.text = "Can't clear or continue a nonexistent hist trigger";
			e.pos = 0;
			log_err(inst, ev, cmd, &e);
			ret = -ENOENT;
		}
		goto out;
	}
	if (hist_check(&s, &e) < 0) {
		ret = log_err(inst, ev, cmd, &e);
		goto out;
	}
	if (f.found) {
		e.text = "Hist trigger already exists";
		e.pos = 0;
		log_err(inst, ev, cmd, &e);
		ret = -EEXIST;
		goto out;
	}
	for (int i = 0; i < h.nvars; i++) {
		struct var_query q = { .name = h.vars[i].name, .len = strlen(h.vars[i].name) };

		if (each_line(es, defines_var, &q)) {
			e.text = "Variable already defined";
			e.pos = (int)(h.vars[i].name - h.buf);
			ret = log_err(inst, ev, cmd, &e);
			goto out;
		}
	}
	line = hist_line(&h);
	{
		size_t old = es->trigger ? strlen(es->trigger) : 0, n = strlen(line);
		char *t = realloc(es->trigger, old + n + 2);

		if (!t)
			abort();
		memcpy(t + old, line, n);
		t[old + n] = '\n';
		t[old + n + 1] = '\0';
		es->trigger = t;
	}
	free(line);
out:
	free(f.found);
	hist_free(&h);
	return ret;
}

struct synth_query {
	const char *name;
};

static bool generates(struct hist *h, const char *line, void *arg)
{
	struct synth_query *q = arg;
	char name[FK_NAME_MAX + 1];
	const char *params;

	(void)line;
	for (int i = 0; i < h->nactions; i++)
		if (action_synth(h->actions[i], name, sizeof(name), &params) &&
		    !strcmp(name, q->name))
			return true;
	return false;
}

bool fk_hist_refers_to_synth(const char *line, const char *synth)
{
	struct fk_evstate es = { .trigger = (char *)line };
	struct synth_query q = { synth };
	size_t n = strcspn(line, "\n");
	bool ret;

	/* one line: each_line() reads up to its newline */
	if (line[n]) {
		char *copy = fk_xmalloc(n + 1);

		memcpy(copy, line, n);
		es.trigger = copy;
		ret = each_line(&es, generates, &q);
		free(copy);
		return ret;
	}
	return each_line(&es, generates, &q);
}

static bool has_vars(struct hist *h, const char *line, void *arg)
{
	(void)arg;
	return h->nvars || strchr(line, '$');
}

/* 6.1's save_hist_vars() holds the instance: rmdir is EBUSY while such a trigger is there. */
bool fk_hist_pins_instance(struct fk_instance *inst)
{
	for (struct fk_evstate *es = inst->states; es; es = es->next)
		if (each_line(es, has_vars, NULL))
			return true;
	return false;
}

/* The trigger file: hist triggers with their state, the others as written. */
char *fk_hist_show(struct fk_evstate *es)
{
	struct fk_buf b = { 0 };

	for (const char *l = es->trigger; l && *l;) {
		size_t n = strcspn(l, "\n");

		fk_buf_printf(&b, "%.*s%s\n", (int)n, l, strncmp(l, "hist:", 5) ? "" : " [active]");
		l += n + (l[n] == '\n');
	}
	return fk_buf_take(&b);
}

/* An O_TRUNC open of a trigger file: all go but the hist triggers whose variables are in use. */
void fk_hist_truncate(struct fk_state *st, struct fk_instance *inst, struct fk_event *ev,
		      struct fk_evstate *es)
{
	struct fk_buf keep = { 0 };

	for (const char *l = es->trigger; l && *l;) {
		size_t n = strcspn(l, "\n");
		char *line = fk_xmalloc(n + 1);
		struct hist h;
		struct herr e;

		memcpy(line, l, n);
		if (!strncmp(line, "hist:", 5) && !hist_parse(line, &h, &e) &&
		    vars_in_use(st, inst, ev, &h, line))
			fk_buf_printf(&keep, "%s\n", line);
		if (!strncmp(line, "hist:", 5))
			hist_free(&h);
		free(line);
		l += n + (l[n] == '\n');
	}
	free(es->trigger);
	es->trigger = keep.s;
}
