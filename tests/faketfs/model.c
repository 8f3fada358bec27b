// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * model.c - instances, per-instance event state, event filters, error logs
 * and the list of known kernel functions of the fake tracefs.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "faketfs.h"

void *fk_xmalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p) {
		/* A test double has no sensible way to go on without memory. */
		perror("faketfs");
		abort();
	}
	return p;
}

char *fk_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = fk_xmalloc(n);

	memcpy(p, s, n);
	return p;
}

void fk_buf_printf(struct fk_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap < b->len + n + 1)
			cap *= 2;
		b->s = realloc(b->s, cap);
		if (!b->s) {
			perror("faketfs");
			abort();
		}
		b->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, n + 1, fmt, ap);
	va_end(ap);
	b->len += n;
}

char *fk_buf_take(struct fk_buf *b)
{
	char *s = b->s ? b->s : fk_xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

/* The kernel's is_good_name(): a C identifier. */
bool fk_good_name(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return false;
	while (*++s) {
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	}
	return true;
}

char *fk_strstrip(char *s)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* ------------------------------------------------------------ state */

void fk_state_init(struct fk_state *st)
{
	memset(st, 0, sizeof(*st));
}

static void instance_clear(struct fk_instance *inst)
{
	struct fk_evstate *es, *esn;
	struct fk_kv *kv, *kvn;

	for (es = inst->states; es; es = esn) {
		esn = es->next;
		free(es->filter);
		free(es->trigger);
		free(es);
	}
	inst->states = NULL;
	for (kv = inst->kv; kv; kv = kvn) {
		kvn = kv->next;
		free(kv->key);
		free(kv->val);
		free(kv);
	}
	inst->kv = NULL;
	fk_errlog_clear(inst);
	free(inst->name);
	inst->name = NULL;
}

void fk_state_free(struct fk_state *st)
{
	struct fk_instance *inst, *next;
	size_t i;

	while (st->probes)
		fk_probe_free(st, st->probes);
	while (st->events)
		fk_event_free(st, st->events);
	for (inst = st->instances; inst; inst = next) {
		next = inst->next;
		instance_clear(inst);
		free(inst);
	}
	instance_clear(&st->top);
	for (i = 0; i < st->nfuncs; i++) {
		free(st->funcs[i].name);
		free(st->funcs[i].module);
	}
	free(st->funcs);
	free(st->funcs_text);
	for (i = 0; i < st->nfail_on; i++)
		free(st->fail_on[i]);
	free(st->fail_on);
	memset(st, 0, sizeof(*st));
}

struct fk_instance *fk_instance_find(struct fk_state *st, const char *name)
{
	struct fk_instance *inst;

	if (!name)
		return &st->top;
	for (inst = st->instances; inst; inst = inst->next) {
		if (!strcmp(inst->name, name))
			return inst;
	}
	return NULL;
}

int fk_instance_create(struct fk_state *st, const char *name)
{
	struct fk_instance *inst, **pp;

	if (fk_instance_find(st, name))
		return -EEXIST;
	inst = fk_xmalloc(sizeof(*inst));
	inst->name = fk_xstrdup(name);
	for (pp = &st->instances; *pp; pp = &(*pp)->next)
		;
	*pp = inst;
	return 0;
}

/*
 * Like the kernel's instance_rmdir(): busy while any of its files is open,
 * otherwise it goes away with everything in it, enabled events included.
 */
int fk_instance_remove(struct fk_state *st, const char *name)
{
	struct fk_instance **pp, *inst;

	for (pp = &st->instances; *pp; pp = &(*pp)->next) {
		if (!strcmp((*pp)->name, name))
			break;
	}
	inst = *pp;
	if (!inst)
		return -ENOENT;
	if (inst->pins || fk_hist_pins_instance(inst))
		return -EBUSY;
	*pp = inst->next;
	instance_clear(inst);
	free(inst);
	return 0;
}

struct fk_evstate *fk_evstate(struct fk_instance *inst, struct fk_event *ev, bool create)
{
	struct fk_evstate *es;

	for (es = inst->states; es; es = es->next) {
		if (es->ev == ev)
			return es;
	}
	if (!create)
		return NULL;
	es = fk_xmalloc(sizeof(*es));
	es->ev = ev;
	es->next = inst->states;
	inst->states = es;
	return es;
}

struct fk_event *fk_event_find(struct fk_state *st, const char *group, const char *name)
{
	struct fk_event *ev;

	for (ev = st->events; ev; ev = ev->next) {
		if (!strcmp(ev->group, group) && !strcmp(ev->name, name))
			return ev;
	}
	return NULL;
}

bool fk_group_exists(struct fk_state *st, const char *group)
{
	struct fk_event *ev;

	for (ev = st->events; ev; ev = ev->next) {
		if (!strcmp(ev->group, group))
			return true;
	}
	return false;
}

static bool busy_in(struct fk_instance *inst, struct fk_event *ev)
{
	struct fk_evstate *es = fk_evstate(inst, ev, false);

	/* A trigger soft-enables the event, which pins it as enabling does. */
	return es && (es->enabled || es->trigger);
}

/* trace_probe_is_enabled(): enabled in any instance, or used by perf/BPF. */
bool fk_event_is_busy(struct fk_state *st, struct fk_event *ev)
{
	struct fk_instance *inst;

	if (ev->busy || busy_in(&st->top, ev))
		return true;
	for (inst = st->instances; inst; inst = inst->next) {
		if (busy_in(inst, ev))
			return true;
	}
	return false;
}

int fk_event_enable(struct fk_state *st, struct fk_instance *inst, struct fk_event *ev, bool on)
{
	struct fk_evstate *es = fk_evstate(inst, ev, on);

	(void)st;
	if (es)
		es->enabled = on;
	return 0;
}

/* The command word of a trigger line: "stacktrace", "hist", "traceon"... */
static size_t cmd_len(const char *t)
{
	return strcspn(t, ": \t\n");
}

/*
 * Triggers, one per line as the kernel lists them.  As in 6.1: a second
 * trigger of the same command is EEXIST; "!TRIGGER" removes the matching
 * one (the filter is ignored), ENOENT if none.  Hist triggers have rules of
 * their own (hist.c).
 */
int fk_trigger_write(struct fk_state *st, struct fk_instance *inst, struct fk_event *ev,
		     const char *text)
{
	char *copy = fk_xstrdup(text), *s = fk_strstrip(copy), *line, *end, *w;
	struct fk_evstate *es;
	bool remove;
	size_t n;
	int ret;

	if (!*s) {
		free(copy);
		return 0;
	}
	es = fk_evstate(inst, ev, true);
	remove = *s == '!';
	w = s + remove;
	n = cmd_len(w);
	if (n == 4 && !strncmp(w, "hist", 4)) {
		ret = fk_hist_write(st, inst, ev, es, s);
		free(copy);
		return ret;
	}
	for (line = es->trigger; line && *line; line = end + (*end == '\n')) {
		end = line + strcspn(line, "\n");
		if (cmd_len(line) != n || strncmp(line, w, n))
			continue;
		if (!remove) {
			free(copy);
			return -EEXIST;
		}
		memmove(line, end + (*end == '\n'), strlen(end + (*end == '\n')) + 1);
		if (!*es->trigger) {
			free(es->trigger);
			es->trigger = NULL;
		}
		free(copy);
		return 0;
	}
	if (remove) {
		free(copy);
		return -ENOENT;
	}
	{
		size_t old = es->trigger ? strlen(es->trigger) : 0;
		char *t = realloc(es->trigger, old + strlen(s) + 2);

		if (!t) {
			free(copy);
			return -ENOMEM;
		}
		memcpy(t + old, s, strlen(s));
		t[old + strlen(s)] = '\n';
		t[old + strlen(s) + 1] = '\0';
		es->trigger = t;
	}
	free(copy);
	return 0;
}

/* ------------------------------------------------------------ filters */

enum filt_err {
	FILT_NONE,
	FILT_INVALID_OP,
	FILT_TOO_MANY_OPEN,
	FILT_TOO_MANY_CLOSE,
	FILT_MISSING_QUOTE,
	FILT_OPERAND_TOO_LONG,
	FILT_EXPECT_STRING,
	FILT_EXPECT_DIGIT,
	FILT_ILLEGAL_FIELD_OP,
	FILT_FIELD_NOT_FOUND,
	FILT_ILLEGAL_INTVAL,
	FILT_BAD_SUBSYS_FILTER,
	FILT_TOO_MANY_PREDS,
	FILT_INVALID_FILTER,
	FILT_IP_FIELD_ONLY,
	FILT_INVALID_VALUE,
	FILT_ERRNO,
	FILT_NO_FILTER,
};

/* err_text[] of kernel/trace/trace_events_filter.c (6.1) */
static const char *const filt_text[] = {
	"No error",
	"Invalid operator",
	"Too many '('",
	"Too few '('",
	"Missing matching quote",
	"Operand too long",
	"Expecting string field",
	"Expecting numeric field",
	"Illegal operation for field type",
	"Field not found",
	"Illegal integer value",
	"Couldn't find or set field in one of a subsystem's events",
	"Too many terms in predicate expression",
	"Meaningless filter expression",
	"Only 'ip' field is supported for function trace",
	"Invalid value (did you forget quotes)?",
	"Error",
	"No filter found",
};

/* Returns 1 for a string field, 0 for a number, -1 if @ev has no such field. */
int fk_event_field_kind(struct fk_event *ev, const char *name, size_t len)
{
	static const char *const common[] = {
		"common_type", "common_flags", "common_preempt_count", "common_pid",
		"CPU", "cpu", "COMM", "comm",
	};
	struct fk_probe *p = ev->primary;
	size_t i;

#define IS(s) (strlen(s) == len && !strncmp(s, name, len))
	for (i = 0; i < sizeof(common) / sizeof(common[0]); i++) {
		if (IS(common[i]))
			return (IS("COMM") || IS("comm")) ? 1 : 0;
	}
	for (i = 0; i < (size_t)ev->nfields; i++) {
		if (IS(ev->fields[i].name))
			return ev->fields[i].is_string;
	}
	if (ev->synth)
		return -1;
	if (ev->is_return ? (IS("__probe_func") || IS("__probe_ret_ip")) : IS("__probe_ip"))
		return 0;
	for (i = 0; p && i < (size_t)p->nargs; i++) {
		if (IS(p->args[i].name))
			return p->args[i].type->size == 4 && !strcmp(p->args[i].type->fmttype,
								      "__data_loc char[]");
	}
#undef IS
	return -1;
}

static bool parse_int(const char *s, size_t len)
{
	char buf[64], *end;

	if (!len || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	if (buf[0] == '-')
		strtoll(buf, &end, 0);
	else
		strtoull(buf, &end, 0);
	return !errno && *end == '\0';
}

/*
 * A light version of the kernel's predicate parser: parens, && ||, '!',
 * and FIELD OP VALUE with the field looked up in the event.  Returns the
 * error code and sets *pos to where the kernel would put the caret.
 */
static enum filt_err filter_check(struct fk_event *ev, const char *s, int *pos)
{
	int level = 0, last_open = 0, npreds = 0;
	const char *p = s;

	*pos = 0;
	for (; *p; p++) {
		if (*p == '"' || *p == '\'') {
			const char *q = strchr(p + 1, *p);

			if (!q) {
				*pos = p - s;
				return FILT_MISSING_QUOTE;
			}
			p = q;
		} else if (*p == '(') {
			level++;
			last_open = p - s;
		} else if (*p == ')') {
			if (!level) {
				*pos = p - s;
				return FILT_TOO_MANY_CLOSE;
			}
			level--;
		}
	}
	if (level) {
		*pos = last_open;
		return FILT_TOO_MANY_OPEN;
	}

	p = s;
	for (;;) {
		const char *f, *op, *v;
		size_t flen, oplen, vlen;
		int kind;

		while (isspace((unsigned char)*p) || *p == '(' || *p == '!')
			p++;
		if (!*p)
			break;
		f = p;
		while (isalnum((unsigned char)*p) || *p == '_' || *p == '.')
			p++;
		flen = p - f;
		if (!flen) {
			*pos = f - s;
			return FILT_INVALID_FILTER;
		}
		kind = fk_event_field_kind(ev, f, flen);
		if (kind < 0) {
			*pos = f - s;
			return FILT_FIELD_NOT_FOUND;
		}
		while (isspace((unsigned char)*p))
			p++;
		op = p;
		while (*p && strchr("=!<>&~", *p))
			p++;
		oplen = p - op;
		if (!(oplen == 2 && (!strncmp(op, "==", 2) || !strncmp(op, "!=", 2) ||
				     !strncmp(op, "<=", 2) || !strncmp(op, ">=", 2))) &&
		    !(oplen == 1 && strchr("<>&~", *op))) {
			*pos = op - s;
			return FILT_INVALID_OP;
		}
		if (kind == 1 && !(oplen == 2 && (op[0] == '=' || op[0] == '!')) && *op != '~') {
			*pos = op - s;
			return FILT_ILLEGAL_FIELD_OP;
		}
		if (kind == 0 && *op == '~') {
			*pos = op - s;
			return FILT_ILLEGAL_FIELD_OP;
		}
		while (isspace((unsigned char)*p))
			p++;
		v = p;
		if (*p == '"' || *p == '\'') {
			p = strchr(p + 1, *p) + 1;
		} else {
			while (*p && !isspace((unsigned char)*p) && *p != ')' && *p != '&' &&
			       *p != '|')
				p++;
		}
		vlen = p - v;
		if (!vlen) {
			*pos = v - s;
			return kind ? FILT_INVALID_VALUE : FILT_ILLEGAL_INTVAL;
		}
		if (kind == 0 && !parse_int(v, vlen)) {
			*pos = v - s;
			return FILT_ILLEGAL_INTVAL;
		}
		npreds++;
		while (isspace((unsigned char)*p) || *p == ')')
			p++;
		if (!*p)
			break;
		if (!strncmp(p, "&&", 2) || !strncmp(p, "||", 2)) {
			p += 2;
			continue;
		}
		*pos = p - s;
		return FILT_INVALID_FILTER;
	}
	if (!npreds)
		return FILT_NO_FILTER;
	return FILT_NONE;
}

/*
 * apply_event_filter(): "0" clears; a bad filter replaces the old one, is
 * shown with a caret and "parse_error:" in the filter file, disables
 * filtering, lands in the instance's error_log, and fails with EINVAL.
 */
int fk_filter_set(struct fk_state *st, struct fk_instance *inst, struct fk_event *ev,
		  const char *text)
{
	char *copy = fk_xstrdup(text), *s = fk_strstrip(copy);
	struct fk_evstate *es = fk_evstate(inst, ev, true);
	struct fk_buf b = { 0 };
	enum filt_err err;
	int pos, len;

	(void)st;
	if (!strcmp(s, "0")) {
		free(es->filter);
		es->filter = NULL;
		free(copy);
		return 0;
	}
	err = filter_check(ev, s, &pos);
	free(es->filter);
	if (err == FILT_NONE) {
		es->filter = fk_xstrdup(s);
		free(copy);
		return 0;
	}
	len = strlen(s);
	if (pos > len)
		pos = len;
	fk_buf_printf(&b, "%s\n%*s\nparse_error: %s\n", s, pos ? pos + 1 : 0, "^",
		      filt_text[err]);
	es->filter = fk_buf_take(&b);
	fk_errlog_add(inst, "event filter parse error", filt_text[err], s, pos);
	free(copy);
	return -EINVAL;
}

/* ------------------------------------------------------------ error_log */

void fk_errlog_add(struct fk_instance *inst, const char *loc, const char *text,
		   const char *cmd, int pos)
{
	struct fk_errent *e;
	struct timespec ts;
	char buf[128];

	if (inst->nerr == FK_ERRLOG_MAX) {
		free(inst->errlog[0].loc);
		free(inst->errlog[0].cmd);
		memmove(&inst->errlog[0], &inst->errlog[1],
			sizeof(inst->errlog[0]) * (FK_ERRLOG_MAX - 1));
		inst->nerr--;
	}
	e = &inst->errlog[inst->nerr++];
	clock_gettime(CLOCK_MONOTONIC, &ts);
	e->ts_ns = ts.tv_sec * 1000000000ULL + ts.tv_nsec;
	snprintf(buf, sizeof(buf), "%s: error: ", loc);
	e->loc = fk_xstrdup(buf);
	e->text = text;
	e->cmd = fk_xstrdup(cmd);
	e->pos = pos;
}

void fk_errlog_clear(struct fk_instance *inst)
{
	int i;

	for (i = 0; i < inst->nerr; i++) {
		free(inst->errlog[i].loc);
		free(inst->errlog[i].cmd);
	}
	inst->nerr = 0;
}

/* tracing_err_log_seq_show() */
char *fk_errlog_show(struct fk_instance *inst)
{
	struct fk_buf b = { 0 };
	int i;

	for (i = 0; i < inst->nerr; i++) {
		struct fk_errent *e = &inst->errlog[i];

		fk_buf_printf(&b, "[%5llu.%06u] %s%s\n  Command: %s\n%*s^\n",
			      e->ts_ns / 1000000000ULL,
			      (unsigned int)(e->ts_ns % 1000000000ULL) / 1000,
			      e->loc, e->text, e->cmd, 11 + e->pos, "");
	}
	return fk_buf_take(&b);
}

/* ------------------------------------------------------------ value files */

const char *fk_kv_get(struct fk_instance *inst, const char *key, const char *dflt)
{
	struct fk_kv *kv;

	for (kv = inst->kv; kv; kv = kv->next) {
		if (!strcmp(kv->key, key))
			return kv->val;
	}
	return dflt;
}

void fk_kv_set(struct fk_instance *inst, const char *key, const char *val)
{
	struct fk_kv *kv;

	for (kv = inst->kv; kv; kv = kv->next) {
		if (!strcmp(kv->key, key))
			break;
	}
	if (!kv) {
		kv = fk_xmalloc(sizeof(*kv));
		kv->key = fk_xstrdup(key);
		kv->next = inst->kv;
		inst->kv = kv;
	}
	free(kv->val);
	kv->val = fk_xstrdup(val);
}

/* ------------------------------------------------------------ functions */

/*
 * Load an available_filter_functions-style list: "name" or "name [module]"
 * per line.  The text is served back verbatim.
 */
int fk_funcs_load(struct fk_state *st, const char *path)
{
	struct fk_buf b = { 0 };
	char line[1024];
	size_t cap = 0;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *name, *mod, *save = NULL;

		fk_buf_printf(&b, "%s", line);
		name = strtok_r(line, " \t\n", &save);
		if (!name || *name == '#')
			continue;
		mod = strtok_r(NULL, " \t\n", &save);
		if (st->nfuncs == cap) {
			cap = cap ? cap * 2 : 256;
			st->funcs = realloc(st->funcs, cap * sizeof(*st->funcs));
			if (!st->funcs)
				abort();
		}
		st->funcs[st->nfuncs].name = fk_xstrdup(name);
		st->funcs[st->nfuncs].module = NULL;
		if (mod && mod[0] == '[' && mod[strlen(mod) - 1] == ']') {
			mod[strlen(mod) - 1] = '\0';
			st->funcs[st->nfuncs].module = fk_xstrdup(mod + 1);
		}
		st->nfuncs++;
	}
	fclose(f);
	if (!st->funcs)
		st->funcs = fk_xmalloc(sizeof(*st->funcs));	/* a list, but empty */
	st->funcs_text = fk_buf_take(&b);
	return 0;
}

/*
 * How many symbols named @sym exist, as number_of_same_symbols() counts them;
 * "MOD:SYM" looks only in MOD.  Without a list every symbol exists once.
 */
int fk_symbol_count(struct fk_state *st, const char *sym)
{
	const char *colon = strchr(sym, ':');
	size_t i, mlen = colon ? (size_t)(colon - sym) : 0;
	int n = 0;

	/* the kernel's first text symbol, never in available_filter_functions */
	if (!st->funcs || !strcmp(sym, "_text"))
		return 1;
	for (i = 0; i < st->nfuncs; i++) {
		struct fk_func *f = &st->funcs[i];

		if (colon) {
			if (f->module && strlen(f->module) == mlen &&
			    !strncmp(f->module, sym, mlen) && !strcmp(f->name, colon + 1))
				n++;
		} else if (!strcmp(f->name, sym)) {
			n++;
		}
	}
	return n;
}

/* True if @sym's module ("MOD:SYM") is loaded, i.e. appears in the list. */
bool fk_module_known(struct fk_state *st, const char *sym)
{
	const char *colon = strchr(sym, ':');
	size_t i, mlen;

	if (!colon || !st->funcs)
		return true;
	mlen = colon - sym;
	for (i = 0; i < st->nfuncs; i++) {
		if (st->funcs[i].module && strlen(st->funcs[i].module) == mlen &&
		    !strncmp(st->funcs[i].module, sym, mlen))
			return true;
	}
	return false;
}

/* --fail-on: the symbol exists but register_kprobe() refuses it (notrace). */
bool fk_symbol_fails(struct fk_state *st, const char *sym)
{
	size_t i;

	for (i = 0; i < st->nfail_on; i++) {
		if (!strcmp(st->fail_on[i], sym))
			return true;
	}
	return false;
}
