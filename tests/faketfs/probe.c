// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe.c - kprobe_events / dynamic_events of the fake tracefs.
 *
 * The parser follows kernel 6.1's __trace_kprobe_create(),
 * traceprobe_parse_probe_arg() and dyn_event_release() step by step, so
 * that a definition is accepted or rejected with the same errno, and the
 * error_log entry has the same text and caret position, as on the kernel.
 * Debian's 6.1 kernels carry the stable backport that rejects unknown and
 * non-unique symbols up front (validate_probe_symbol()); so does this.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faketfs.h"
#include "probe.h"

/* ------------------------------------------------------------ events */

void fk_probe_free(struct fk_state *st, struct fk_probe *p)
{
	struct fk_probe **pp;
	int i;

	for (pp = &st->probes; *pp; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	}
	for (i = 0; i < p->nargs; i++) {
		free(p->args[i].name);
		free(p->args[i].comm);
		free(p->args[i].fmttype);
	}
	free(p->args);
	free(p->symbol);
	free(p);
}

void fk_event_free(struct fk_state *st, struct fk_event *ev)
{
	struct fk_instance *inst = &st->top;
	struct fk_event **pp;

	while (inst) {
		struct fk_evstate **ep;

		for (ep = &inst->states; *ep; ep = &(*ep)->next) {
			struct fk_evstate *es = *ep;

			if (es->ev == ev) {
				*ep = es->next;
				free(es->filter);
				free(es->trigger);
				free(es);
				break;
			}
		}
		inst = inst == &st->top ? st->instances : inst->next;
	}
	for (pp = &st->events; *pp; pp = &(*pp)->next) {
		if (*pp == ev) {
			*pp = ev->next;
			break;
		}
	}
	for (int i = 0; i < ev->nfields; i++) {
		free(ev->fields[i].type);
		free(ev->fields[i].name);
	}
	free(ev->fields);
	free(ev->print_fmt);
	free(ev);
}

int fk_alloc_event_id(struct fk_state *st)
{
	struct fk_event *ev;
	int id = FIRST_DYN_ID;

	/* The kernel reuses the lowest free event type, as trace_search_list() does. */
again:
	for (ev = st->events; ev; ev = ev->next) {
		if (ev->id == id) {
			id++;
			goto again;
		}
	}
	return id;
}

/* __set_print_fmt() */
static char *make_print_fmt(struct fk_probe *p)
{
	struct fk_buf b = { 0 };
	int i;
	unsigned int j;

	fk_buf_printf(&b, "\"%s", p->is_return ? "(%lx <- %lx)" : "(%lx)");
	for (i = 0; i < p->nargs; i++) {
		struct fk_arg *a = &p->args[i];

		fk_buf_printf(&b, " %s=", a->name);
		if (a->count) {
			fk_buf_printf(&b, "{%s", a->type->fmt);
			for (j = 1; j < a->count; j++)
				fk_buf_printf(&b, ",%s", a->type->fmt);
			fk_buf_printf(&b, "}");
		} else {
			fk_buf_printf(&b, "%s", a->type->fmt);
		}
	}
	fk_buf_printf(&b, "\", %s", p->is_return ? "REC->__probe_func, REC->__probe_ret_ip" :
		      "REC->__probe_ip");
	for (i = 0; i < p->nargs; i++) {
		struct fk_arg *a = &p->args[i];
		bool str = a->type->fmttype[0] == '_';

		if (a->count) {
			for (j = 0; j < a->count; j++)
				fk_buf_printf(&b, str ? ", __get_str(%s[%u])" : ", REC->%s[%u]",
					      a->name, j);
		} else {
			fk_buf_printf(&b, str ? ", __get_str(%s)" : ", REC->%s", a->name);
		}
	}
	return fk_buf_take(&b);
}

static const char *probe_symbol(struct fk_probe *p)
{
	return p->symbol ? p->symbol : "unknown";
}

/* trace_probe_compare_arg_type(): 1-based index of the first difference. */
static int compare_arg_type(struct fk_probe *a, struct fk_probe *b)
{
	int i;

	if (a->nargs < b->nargs)
		return a->nargs + 1;
	if (a->nargs > b->nargs)
		return b->nargs + 1;
	for (i = 0; i < a->nargs; i++) {
		if (a->args[i].type != b->args[i].type || a->args[i].count != b->args[i].count ||
		    strcmp(a->args[i].name, b->args[i].name))
			return i + 1;
	}
	return 0;
}

static bool has_same_kprobe(struct fk_state *st, struct fk_event *ev, struct fk_probe *comp)
{
	struct fk_probe *p;
	int i;

	for (p = st->probes; p; p = p->next) {
		if (p->ev != ev || strcmp(probe_symbol(p), probe_symbol(comp)) ||
		    p->offset != comp->offset)
			continue;
		for (i = 0; i < p->nargs; i++) {
			if (strcmp(p->args[i].comm, comp->args[i].comm))
				break;
		}
		if (i == p->nargs)
			return true;
	}
	return false;
}

/* __register_trace_kprobe(): what register_kprobe() would say. */
static int register_kprobe(struct fk_state *st, struct fk_probe *p)
{
	if (!p->symbol)
		return 0;
	if (fk_symbol_fails(st, p->symbol))
		return -EINVAL;		/* notrace, blacklisted, ... */
	if (!fk_symbol_count(st, p->symbol))
		return -ENOENT;
	return 0;
}

static void probe_link(struct fk_state *st, struct fk_probe *p)
{
	struct fk_probe **pp;

	for (pp = &st->probes; *pp; pp = &(*pp)->next)
		;
	*pp = p;
}

static int register_trace_kprobe(struct fk_state *st, struct plog *log, struct fk_probe *p,
				 const char *group, const char *event)
{
	struct fk_event *old = fk_event_find(st, group, event), *ev, **pp;
	int ret;

	if (old) {
		if (old->is_return != p->is_return) {
			log->index = 0;
			fk_log_err(log, 0, E_DIFF_PROBE_TYPE);
			return -EEXIST;
		}
		ret = compare_arg_type(p, old->primary);
		if (ret) {
			log->index = ret + 1;
			fk_log_err(log, 0, E_DIFF_ARG_TYPE);
			return -EEXIST;
		}
		if (has_same_kprobe(st, old, p)) {
			log->index = 0;
			fk_log_err(log, 0, E_SAME_PROBE);
			return -EEXIST;
		}
		ret = register_kprobe(st, p);
		if (ret)
			return ret;
		p->ev = old;
		probe_link(st, p);
		return 0;
	}

	ret = register_kprobe(st, p);
	if (ret)
		return ret;
	ev = fk_xmalloc(sizeof(*ev));
	snprintf(ev->group, sizeof(ev->group), "%s", group);
	snprintf(ev->name, sizeof(ev->name), "%s", event);
	ev->id = fk_alloc_event_id(st);
	ev->is_return = p->is_return;
	ev->primary = p;
	ev->print_fmt = make_print_fmt(p);
	for (pp = &st->events; *pp; pp = &(*pp)->next)
		;
	*pp = ev;
	p->ev = ev;
	probe_link(st, p);
	return 0;
}

/* traceprobe_parse_event_name() */
static int parse_event_name(struct plog *log, const char **pevent, const char **pgroup,
			    char *buf, int offset)
{
	const char *slash, *event = *pevent;
	int len;

	slash = strchr(event, '/');
	if (!slash)
		slash = strchr(event, '.');
	if (slash) {
		if (slash == event) {
			fk_log_err(log, offset, E_NO_GROUP_NAME);
			return -EINVAL;
		}
		if (slash - event + 1 > FK_NAME_MAX) {
			fk_log_err(log, offset, E_GROUP_TOO_LONG);
			return -EINVAL;
		}
		memcpy(buf, event, slash - event);
		buf[slash - event] = '\0';
		if (!fk_good_name(buf)) {
			fk_log_err(log, offset, E_BAD_GROUP_NAME);
			return -EINVAL;
		}
		*pgroup = buf;
		*pevent = slash + 1;
		offset += slash - event + 1;
		event = *pevent;
	}
	len = strlen(event);
	if (len == 0) {
		if (slash) {
			*pevent = NULL;	/* "p:GRP/ SYM": name generated (6.0+) */
			return 0;
		}
		fk_log_err(log, offset, E_NO_EVENT_NAME);
		return -EINVAL;
	} else if (len > FK_NAME_MAX) {
		fk_log_err(log, offset, E_EVENT_TOO_LONG);
		return -EINVAL;
	}
	if (!fk_good_name(event)) {
		fk_log_err(log, offset, E_BAD_EVENT_NAME);
		return -EINVAL;
	}
	return 0;
}

/* __trace_kprobe_create(): -ECANCELED means "not a kprobe definition". */
static int trace_kprobe_create(struct fk_state *st, int argc, char **argv)
{
	struct plog log = { .st = st, .argc = argc, .argv = argv };
	const char *event = NULL, *group = "kprobes";
	char buf[FK_NAME_MAX + 1], gbuf[FK_NAME_MAX + 1];
	unsigned int flags = TPARG_FL_KERNEL;
	struct fk_probe *p = NULL;
	bool is_return = false;
	unsigned int maxactive = 0;
	unsigned long addr = 0;
	char *symbol = NULL, *tmp;
	long offset = 0;
	int i, ret = 0;

	switch (argv[0][0]) {
	case 'r':
		is_return = true;
		break;
	case 'p':
		break;
	default:
		return -ECANCELED;
	}
	if (argc < 2)
		return -ECANCELED;
	log.active = true;

	event = strchr(&argv[0][1], ':');
	if (event)
		event++;

	if (isdigit((unsigned char)argv[0][1])) {
		int len;

		if (!is_return) {
			fk_log_err(&log, 1, E_MAXACT_NO_KPROBE);
			goto parse_error;
		}
		len = event ? event - &argv[0][1] - 1 : (int)strlen(&argv[0][1]);
		if (len > FK_NAME_MAX - 1) {
			fk_log_err(&log, 1, E_BAD_MAXACT);
			goto parse_error;
		}
		memcpy(buf, &argv[0][1], len);
		buf[len] = '\0';
		if (fk_kstrtouint(buf, 0, &maxactive) || !maxactive) {
			fk_log_err(&log, 1, E_BAD_MAXACT);
			goto parse_error;
		}
		if (maxactive > KRETPROBE_MAXACTIVE_MAX) {
			fk_log_err(&log, 1, E_MAXACT_TOO_BIG);
			goto parse_error;
		}
	}

	if (fk_kstrtoul(argv[1], 0, &addr)) {
		int count;

		log.index = 1;
		if (strchr(argv[1], '/') && strchr(argv[1], ':')) {
			ret = -ECANCELED;	/* a uprobe: not emulated */
			goto out;
		}
		symbol = fk_xstrdup(argv[1]);
		tmp = strchr(symbol, '%');
		if (tmp) {
			if (!strcmp(tmp, "%return")) {
				*tmp = '\0';
				is_return = true;
			} else {
				fk_log_err(&log, tmp - symbol, E_BAD_ADDR_SUFFIX);
				goto parse_error;
			}
		}
		tmp = strpbrk(symbol, "+-");
		if (tmp) {
			if (fk_kstrtol(tmp, 0, &offset) || offset < 0 || offset > 0xffffffffL) {
				fk_log_err(&log, 0, E_BAD_PROBE_ADDR);
				goto parse_error;
			}
			*tmp = '\0';
		}
		count = fk_symbol_count(st, symbol);
		if (count != 1) {
			fk_log_err(&log, 0, count ? E_NON_UNIQ_SYMBOL : E_BAD_PROBE_ADDR);
			ret = count ? -EADDRNOTAVAIL : -ENOENT;
			goto out;
		}
		if (is_return)
			flags |= TPARG_FL_RETURN;
		/*
		 * kprobe_on_func_entry(): only offset 0 is the entry; the
		 * kernel counts _text+OFF from the function holding it, which
		 * the model does not know: it takes it for an entry.
		 */
		if (offset == 0 || !strcmp(symbol, "_text"))
			flags |= TPARG_FL_FENTRY;
		else if (is_return) {
			fk_log_err(&log, 0, E_BAD_RETPROBE);
			goto parse_error;
		}
	}

	log.index = 0;
	if (event) {
		ret = parse_event_name(&log, &event, &group, gbuf, event - argv[0]);
		if (ret)
			goto parse_error;
	}
	if (!event) {
		char *s;

		if (symbol)
			snprintf(buf, sizeof(buf) - 1, "%c_%s_%ld", is_return ? 'r' : 'p', symbol,
				 offset);
		else
			snprintf(buf, sizeof(buf) - 1, "%c_0x%lx", is_return ? 'r' : 'p', addr);
		for (s = buf + 1; *s; s++) {
			if (*s == ':' || *s == '.')
				*s = '_';
		}
		event = buf;
	}

	p = fk_xmalloc(sizeof(*p));
	p->is_return = is_return;
	p->maxactive = maxactive;
	p->symbol = symbol;
	symbol = NULL;
	p->addr = addr;
	p->offset = offset;
	p->args = fk_xmalloc(sizeof(*p->args) * (argc - 2 + 1));

	for (i = 0; i < argc - 2 && i < MAX_TRACE_ARGS; i++) {
		log.index = i + 2;
		ret = fk_parse_probe_arg(&log, p, i, argv[i + 2], flags);
		if (ret)
			goto error;
	}

	ret = register_trace_kprobe(st, &log, p, group, event);
	if (ret) {
		log.index = 1;
		if (ret == -ENOENT)
			fk_log_err(&log, 0, E_BAD_PROBE_ADDR);
		else if (ret != -ENOMEM && ret != -EEXIST)
			fk_log_err(&log, 0, E_FAIL_REG_PROBE);
		goto error;
	}
	p = NULL;
out:
	free(symbol);
	return ret;
parse_error:
	ret = -EINVAL;
error:
	if (p) {
		p->next = NULL;
		fk_probe_free(st, p);	/* not linked: only frees */
	}
	goto out;
}

/* Unregister one probe; the event goes with its last probe. */
static int release_probe(struct fk_state *st, struct fk_probe *p)
{
	struct fk_event *ev = p->ev;
	struct fk_probe *q;
	int siblings = 0;

	for (q = st->probes; q; q = q->next) {
		if (q->ev == ev)
			siblings++;
	}
	if (siblings == 1 && fk_event_is_busy(st, ev))
		return -EBUSY;
	fk_probe_free(st, p);
	if (siblings == 1) {
		fk_event_free(st, ev);
	} else if (ev->primary == p) {
		/* siblings have identical arguments: any of them defines the fields */
		for (q = st->probes; q; q = q->next) {
			if (q->ev == ev) {
				ev->primary = q;
				break;
			}
		}
	}
	return 0;
}

static bool match_command_head(struct fk_probe *p, int argc, char **argv)
{
	char buf[MAX_ARGSTR_LEN + 1];
	int i;

	if (!argc)
		return true;
	if (!p->symbol)
		snprintf(buf, sizeof(buf), "0x%016lx", p->addr);
	else if (p->offset)
		snprintf(buf, sizeof(buf), "%s+%lu", p->symbol, p->offset);
	else
		snprintf(buf, sizeof(buf), "%s", p->symbol);
	if (strcmp(buf, argv[0]))
		return false;
	argc--;
	argv++;
	if (p->nargs < argc)
		return false;
	for (i = 0; i < argc; i++) {
		snprintf(buf, sizeof(buf), "%s=%s", p->args[i].name, p->args[i].comm);
		if (strcmp(buf, argv[i]))
			return false;
	}
	return true;
}

/* dyn_event_release(): "-:[GRP/][EV] [SYM ARGS...]" */
static int dyn_event_release(struct fk_state *st, const char *raw)
{
	char *system = NULL, *event, *slash;
	struct fk_probe *p, *next;
	int argc, ret = -ENOENT;
	char **argv;

	argv = fk_argv_split(raw, &argc);
	if (!argc) {
		ret = -EINVAL;
		goto out;
	}
	if (argv[0][0] == '-') {
		if (argv[0][1] != ':') {
			ret = -EINVAL;
			goto out;
		}
		event = &argv[0][2];
	} else {
		event = strchr(argv[0], ':');
		if (!event) {
			ret = -EINVAL;
			goto out;
		}
		event++;
	}
	slash = strchr(event, '/');
	if (slash) {
		system = event;
		event = slash + 1;
		*slash = '\0';
	}
	if (!system && event[0] == '\0') {
		ret = -EINVAL;
		goto out;
	}
	if (system && !strcmp(system, "synthetic")) {
		ret = fk_synth_remove(st, event);
		goto out;
	}
	for (p = st->probes; p; p = next) {
		next = p->next;
		if (event[0] && strcmp(p->ev->name, event))
			continue;
		if (system && strcmp(p->ev->group, system))
			continue;
		if (!match_command_head(p, argc - 1, argv + 1))
			continue;
		ret = release_probe(st, p);
		if (ret)
			break;
	}
out:
	fk_argv_free(argv);
	return ret;
}

static int run_command(struct fk_state *st, const char *raw, bool dynevents)
{
	char **argv;
	int argc, ret = 0;

	if (raw[0] == '-' || (dynevents && raw[0] == '!'))
		return dyn_event_release(st, raw);
	if (dynevents && raw[0] == 's' && raw[1] == ':')
		return fk_synth_command(st, raw, true);
	argv = fk_argv_split(raw, &argc);
	if (argc)
		ret = trace_kprobe_create(st, argc, argv);
	fk_argv_free(argv);
	/* no other dynamic event type (uprobe, eprobe, synthetic) is emulated */
	return ret == -ECANCELED ? -EINVAL : ret;
}

/*
 * trace_parse_run_command(): one command per line, '#' starts a comment,
 * the first failing line stops the write (earlier lines stay done).
 */
int fk_probes_write(struct fk_state *st, const char *buffer, size_t count, bool dynevents)
{
	char kbuf[WRITE_BUFSIZE];
	size_t done = 0, size;

	while (done < count) {
		char *buf = kbuf, *tmp;

		size = count - done;
		if (size >= WRITE_BUFSIZE)
			size = WRITE_BUFSIZE - 1;
		memcpy(kbuf, buffer + done, size);
		kbuf[size] = '\0';
		do {
			int ret;

			tmp = strchr(buf, '\n');
			if (tmp) {
				*tmp = '\0';
				size = tmp - buf + 1;
			} else {
				size = strlen(buf);
				if (done + size < count) {
					if (buf != kbuf)
						break;
					return -EINVAL;	/* "Line length is too long" */
				}
			}
			done += size;
			tmp = strchr(buf, '#');
			if (tmp)
				*tmp = '\0';
			ret = run_command(st, buf, dynevents);
			if (ret)
				return ret;
			buf += size;
		} while (done < count);
	}
	return done;
}

/* dyn_events_release_all(): nothing goes if anything is busy. */
int fk_probes_clear(struct fk_state *st)
{
	struct fk_probe *p;
	int ret;

	for (p = st->probes; p; p = p->next) {
		if (fk_event_is_busy(st, p->ev))
			return -EBUSY;
	}
	while (st->probes) {
		ret = release_probe(st, st->probes);
		if (ret)
			return ret;
	}
	return 0;
}

/* trace_kprobe_show() */
char *fk_probes_show(struct fk_state *st)
{
	struct fk_buf b = { 0 };
	struct fk_probe *p;
	int i;

	for (p = st->probes; p; p = p->next) {
		fk_buf_printf(&b, "%c", p->is_return ? 'r' : 'p');
		if (p->is_return && p->maxactive)
			fk_buf_printf(&b, "%d", p->maxactive);
		fk_buf_printf(&b, ":%s/%s", p->ev->group, p->ev->name);
		if (!p->symbol)
			fk_buf_printf(&b, " 0x%016lx", p->addr);
		else if (p->offset)
			fk_buf_printf(&b, " %s+%lu", p->symbol, p->offset);
		else
			fk_buf_printf(&b, " %s", p->symbol);
		for (i = 0; i < p->nargs; i++)
			fk_buf_printf(&b, " %s=%s", p->args[i].name, p->args[i].comm);
		fk_buf_printf(&b, "\n");
	}
	return fk_buf_take(&b);
}

/* probes_profile_seq_show() */
char *fk_profile_show(struct fk_state *st)
{
	struct fk_buf b = { 0 };
	struct fk_probe *p;

	for (p = st->probes; p; p = p->next)
		fk_buf_printf(&b, "  %-44s %15lu %15lu\n", p->ev->name, p->hits, p->misses);
	return fk_buf_take(&b);
}

static void show_field(struct fk_buf *b, const char *type, const char *name, unsigned int off,
		       unsigned int size, int is_signed)
{
	const char *array = strchr(type, '[');

	if (!strncmp(type, "__data_loc", 10))
		array = NULL;
	if (!array)
		fk_buf_printf(b, "\tfield:%s %s;\toffset:%u;\tsize:%u;\tsigned:%d;\n", type, name,
			      off, size, is_signed);
	else
		fk_buf_printf(b, "\tfield:%.*s %s%s;\toffset:%u;\tsize:%u;\tsigned:%d;\n",
			      (int)(array - type), type, name, array, off, size, is_signed);
}

/* f_show() of kernel/trace/trace_events.c for a k*probe event on x86_64 */
char *fk_format_show(struct fk_event *ev)
{
	struct fk_probe *p = ev->primary;
	struct fk_buf b = { 0 };
	unsigned int head;
	int i;

	fk_buf_printf(&b, "name: %s\nID: %d\nformat:\n", ev->name, ev->id);
	show_field(&b, "unsigned short", "common_type", 0, 2, 0);
	show_field(&b, "unsigned char", "common_flags", 2, 1, 0);
	show_field(&b, "unsigned char", "common_preempt_count", 3, 1, 0);
	show_field(&b, "int", "common_pid", 4, 4, 1);
	fk_buf_printf(&b, "\n");
	if (ev->is_return) {
		show_field(&b, "unsigned long", "__probe_func", 8, 8, 0);
		show_field(&b, "unsigned long", "__probe_ret_ip", 16, 8, 0);
		head = 24;
	} else {
		show_field(&b, "unsigned long", "__probe_ip", 8, 8, 0);
		head = 16;
	}
	for (i = 0; i < p->nargs; i++) {
		struct fk_arg *a = &p->args[i];

		show_field(&b, a->fmttype ? a->fmttype : a->type->fmttype, a->name,
			   head + a->offset, a->type->size * (a->count ? a->count : 1),
			   a->type->is_signed);
	}
	fk_buf_printf(&b, "\nprint fmt: %s\n", ev->print_fmt);
	return fk_buf_take(&b);
}
