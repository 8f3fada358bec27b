// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tree.c - the file tree of the fake tracefs: path resolution, the text of
 * each file, and what a write or an O_TRUNC open does, following the 6.1
 * handlers in kernel/trace/trace.c and trace_events.c.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tree.h"

#define MAXCOMP	8

static const struct fspec root_files[] = {
	{ "README", F_README, W_TOP, FL_RO, NULL },
	{ "available_events", F_AVAIL_EVENTS, W_TOP, FL_RO, NULL },
	{ "available_filter_functions", F_AVAIL_FUNCS, W_TOP, FL_RO, NULL },
	{ "available_tracers", F_RO, W_BOTH, FL_RO, "function_graph function nop\n" },
	{ "buffer_percent", F_BUFFER_PERCENT, W_BOTH, 0, "50" },
	{ "buffer_size_kb", F_BUFFER_SIZE, W_BOTH, 0, "1408" },
	{ "buffer_total_size_kb", F_BUFFER_TOTAL, W_BOTH, FL_RO, NULL },
	{ "current_tracer", F_CURRENT_TRACER, W_BOTH, 0, "nop" },
	{ "dynamic_events", F_DYNAMIC_EVENTS, W_TOP, FL_TRUNC, NULL },
	{ "error_log", F_ERROR_LOG, W_BOTH, FL_TRUNC, NULL },
	{ "free_buffer", F_WO, W_BOTH, FL_WO, NULL },
	{ "kprobe_events", F_KPROBE_EVENTS, W_TOP, FL_TRUNC, NULL },
	{ "kprobe_profile", F_KPROBE_PROFILE, W_TOP, FL_RO, NULL },
	{ "printk_formats", F_RO, W_TOP, FL_RO, "" },
	{ "saved_cmdlines", F_RO, W_TOP, FL_RO, "" },
	{ "saved_cmdlines_size", F_VALUE, W_TOP, 0, "128" },
	{ "set_event", F_SET_EVENT, W_BOTH, FL_TRUNC, NULL },
	{ "set_event_pid", F_VALUE, W_BOTH, FL_TRUNC, "" },
	{ "set_event_notrace_pid", F_VALUE, W_BOTH, FL_TRUNC, "" },
	{ "set_ftrace_filter", F_VALUE, W_BOTH, FL_TRUNC, "" },
	{ "set_ftrace_notrace", F_VALUE, W_BOTH, FL_TRUNC, "" },
	{ "set_ftrace_pid", F_VALUE, W_BOTH, FL_TRUNC, "" },
	{ "synthetic_events", F_SYNTH_EVENTS, W_TOP, FL_TRUNC, NULL },
	{ "trace", F_TRACE, W_BOTH, FL_TRUNC, NULL },
	{ "trace_clock", F_TRACE_CLOCK, W_BOTH, 0, "local" },
	{ "trace_marker", F_WO, W_BOTH, FL_WO, NULL },
	{ "trace_marker_raw", F_WO, W_BOTH, FL_WO, NULL },
	{ "trace_options", F_RO, W_BOTH, FL_RO,
	  "print-parent\nnosym-offset\nnosym-addr\nnoverbose\nnoraw\nnohex\nnobin\n"
	  "noblock\ntrace_printk\nannotate\nnouserstacktrace\nnosym-userobj\n"
	  "noprintk-msg-only\ncontext-info\nnolatency-format\nrecord-cmd\nnorecord-tgid\n"
	  "overwrite\nnodisable_on_free\nirq-info\nmarkers\nnoevent-fork\nnopause-on-trace\n"
	  "hash-ptr\nfunction-trace\nnofunction-fork\nnodisplay-graph\nnostacktrace\n" },
	{ "trace_pipe", F_TRACE_PIPE, W_BOTH, FL_RO, NULL },
	{ "tracing_cpumask", F_VALUE, W_BOTH, 0, "3" },
	{ "tracing_max_latency", F_VALUE, W_BOTH, 0, "0" },
	{ "tracing_on", F_TRACING_ON, W_BOTH, 0, "1" },
	{ "tracing_thresh", F_VALUE, W_TOP, 0, "0" },
	{ "uprobe_events", F_EMPTY_EVENTS, W_TOP, FL_TRUNC, NULL },
	{ "uprobe_profile", F_RO, W_TOP, FL_RO, "" },
	{ NULL, 0, 0, 0, NULL },
};

static const struct fspec events_files[] = {
	{ "enable", F_EVENTS_ENABLE, W_BOTH, 0, NULL },
	{ "header_event", F_HEADER_EVENT, W_BOTH, FL_RO, NULL },
	{ "header_page", F_HEADER_PAGE, W_BOTH, FL_RO, NULL },
	{ NULL, 0, 0, 0, NULL },
};

static const struct fspec group_files[] = {
	{ "enable", F_GROUP_ENABLE, W_BOTH, 0, NULL },
	{ "filter", F_GROUP_FILTER, W_BOTH, 0, NULL },
	{ NULL, 0, 0, 0, NULL },
};

static const struct fspec event_files[] = {
	{ "enable", F_EV_ENABLE, W_BOTH, 0, NULL },
	{ "filter", F_EV_FILTER, W_BOTH, 0, NULL },
	{ "format", F_EV_FORMAT, W_BOTH, FL_RO, NULL },
	{ "id", F_EV_ID, W_BOTH, FL_RO, NULL },
	{ "trigger", F_EV_TRIGGER, W_BOTH, FL_TRUNC, NULL },
	{ "hist", F_EV_HIST, W_BOTH, FL_RO, NULL },
	{ NULL, 0, 0, 0, NULL },
};

static const struct fspec cpu_files[] = {
	{ "buffer_size_kb", F_BUFFER_SIZE, W_BOTH, 0, NULL },
	{ "stats", F_CPU_STATS, W_BOTH, FL_RO, NULL },
	{ "trace", F_TRACE, W_BOTH, FL_TRUNC, NULL },
	{ "trace_pipe", F_TRACE_PIPE, W_BOTH, FL_RO, NULL },
	{ "trace_pipe_raw", F_CPU_PIPE_RAW, W_BOTH, FL_RO, NULL },
	{ NULL, 0, 0, 0, NULL },
};

static const struct fspec option_file = { NULL, F_OPTION, W_BOTH, 0, NULL };

static const struct fspec ctl_files[] = {
	{ "busy", F_CTL_BUSY, W_TOP, 0, NULL },
	{ "hits", F_CTL_HITS, W_TOP, 0, NULL },
	{ NULL, 0, 0, 0, NULL },
};

/* name and default of each options/ file */
static const char *const options[][2] = {
	{ "annotate", "1" }, { "bin", "0" }, { "block", "0" }, { "context-info", "1" },
	{ "disable_on_free", "0" }, { "event-fork", "0" }, { "function-fork", "0" },
	{ "function-trace", "1" }, { "hash-ptr", "1" }, { "hex", "0" }, { "irq-info", "1" },
	{ "latency-format", "0" }, { "markers", "1" }, { "overwrite", "1" },
	{ "pause-on-trace", "0" }, { "print-parent", "1" }, { "printk-msg-only", "0" },
	{ "raw", "0" }, { "record-cmd", "1" }, { "record-tgid", "0" }, { "stacktrace", "0" },
	{ "sym-addr", "0" }, { "sym-offset", "0" }, { "sym-userobj", "0" },
	{ "trace_printk", "1" }, { "userstacktrace", "0" }, { "verbose", "0" },
	{ NULL, NULL },
};

static const char *const clocks[] = {
	"local", "global", "counter", "uptime", "perf", "mono", "mono_raw", "boot", "x86-tsc",
	NULL,
};

static struct fk_state *tree_st;
static time_t tree_t0;

static struct fk_state *st(void)
{
	return tree_st;
}

void fk_tree_init(struct fk_state *state, time_t t0)
{
	tree_st = state;
	tree_t0 = t0;
}

/* ------------------------------------------------------------ paths */

static const struct fspec *find_spec(const struct fspec *tab, const char *name, bool top)
{
	for (; tab->name; tab++) {
		if (strcmp(tab->name, name))
			continue;
		if (!(tab->where & (top ? W_TOP : W_INST)))
			return NULL;
		if (tab->kind == F_AVAIL_FUNCS && !st()->funcs)
			return NULL;
		return tab;
	}
	return NULL;
}

int fk_resolve(const char *path, struct node *n)
{
	char buf[PATH_MAX], *c[MAXCOMP], *save = NULL, *tok;
	int nc = 0, i = 0, r, cpu;
	bool top;

	memset(n, 0, sizeof(*n));
	if (!path)
		return -ESTALE;
	if (strlen(path) >= sizeof(buf))
		return -ENAMETOOLONG;
	strcpy(buf, path);
	for (tok = strtok_r(buf, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (nc == MAXCOMP)
			return -ENOENT;
		c[nc++] = tok;
	}
	n->inst = &st()->top;
	if (nc && !strcmp(c[0], ".faketfs")) {
		if (nc == 1)
			n->dir = D_CTL;
		else if (nc > 2 || !(n->spec = find_spec(ctl_files, c[1], true)))
			return -ENOENT;
		return 0;
	}
	if (nc && !strcmp(c[0], "instances")) {
		if (nc == 1) {
			n->dir = D_INSTANCES;
			return 0;
		}
		n->inst = fk_instance_find(st(), c[1]);
		if (!n->inst)
			return -ENOENT;
		i = 2;
	}
	top = n->inst == &st()->top;
	r = nc - i;
	if (r == 0) {
		n->dir = D_ROOT;
		return 0;
	}
	if (!strcmp(c[i], "events")) {
		if (r == 1) {
			n->dir = D_EVENTS;
			return 0;
		}
		if (r == 2 && (n->spec = find_spec(events_files, c[i + 1], top)))
			return 0;
		if (strlen(c[i + 1]) > FK_NAME_MAX || !fk_group_exists(st(), c[i + 1]))
			return -ENOENT;
		strcpy(n->group, c[i + 1]);
		if (r == 2) {
			n->dir = D_GROUP;
			return 0;
		}
		if (r == 3 && (n->spec = find_spec(group_files, c[i + 2], top)))
			return 0;
		n->ev = fk_event_find(st(), n->group, c[i + 2]);
		if (!n->ev)
			return -ENOENT;
		if (r == 3) {
			n->dir = D_EVENT;
			return 0;
		}
		if (r == 4 && (n->spec = find_spec(event_files, c[i + 3], top)))
			return 0;
		return -ENOENT;
	}
	if (!strcmp(c[i], "per_cpu")) {
		char *end;

		if (r == 1) {
			n->dir = D_PERCPU;
			return 0;
		}
		if (strncmp(c[i + 1], "cpu", 3) || !isdigit((unsigned char)c[i + 1][3]))
			return -ENOENT;
		cpu = strtol(c[i + 1] + 3, &end, 10);
		if (*end || cpu >= st()->ncpus)
			return -ENOENT;
		if (r == 2) {
			n->dir = D_CPU;
			return 0;
		}
		if (r == 3 && (n->spec = find_spec(cpu_files, c[i + 2], top)))
			return 0;
		return -ENOENT;
	}
	if (!strcmp(c[i], "options")) {
		if (r == 1) {
			n->dir = D_OPTIONS;
			return 0;
		}
		for (n->opt = 0; r == 2 && options[n->opt][0]; n->opt++) {
			if (!strcmp(options[n->opt][0], c[i + 1])) {
				n->spec = &option_file;
				return 0;
			}
		}
		return -ENOENT;
	}
	if (top && !strcmp(c[i], "instances"))
		return -ENOENT;	/* only reachable as a top component */
	if (r == 1 && (n->spec = find_spec(root_files, c[i], top)))
		return 0;
	return -ENOENT;
}

/*
 * In 6.1 an instance's files hold a reference on the trace array (rmdir
 * fails with EBUSY) except the per-event ones.
 */
bool fk_pins_instance(const struct node *n)
{
	if (n->inst == &st()->top)
		return false;
	switch (n->spec->kind) {
	case F_EV_ENABLE: case F_EV_FILTER: case F_EV_FORMAT: case F_EV_ID: case F_EV_TRIGGER:
	case F_EV_HIST:
		return false;
	default:
		return true;
	}
}

/* ------------------------------------------------------------ contents */

/* "0", "1", or "X" (mixed) over the events of @group (NULL: all); "?" if none. */
static char enable_state(struct fk_instance *inst, const char *group)
{
	struct fk_event *ev;
	int set = 0;

	for (ev = st()->events; ev; ev = ev->next) {
		struct fk_evstate *es;

		if (group && strcmp(ev->group, group))
			continue;
		es = fk_evstate(inst, ev, false);
		set |= (es && es->enabled) ? 2 : 1;
	}
	return "?01X"[set];
}

char *fk_show(const struct node *n)
{
	struct fk_instance *inst = n->inst;
	struct fk_buf b = { 0 };
	struct fk_evstate *es;
	struct fk_event *ev;
	struct fk_probe *p;
	int i;

	switch (n->spec->kind) {
	case F_README:
		return fk_xstrdup(fk_readme);
	case F_KPROBE_EVENTS:
		return fk_probes_show(st());
	case F_DYNAMIC_EVENTS: {
		char *probes = fk_probes_show(st()), *synth = fk_synth_show(st(), true);

		fk_buf_printf(&b, "%s%s", probes, synth);
		free(probes);
		free(synth);
		break;
	}
	case F_SYNTH_EVENTS:
		return fk_synth_show(st(), false);
	case F_KPROBE_PROFILE:
		return fk_profile_show(st());
	case F_AVAIL_FUNCS:
		return fk_xstrdup(st()->funcs_text);
	case F_AVAIL_EVENTS:
		for (ev = st()->events; ev; ev = ev->next)
			fk_buf_printf(&b, "%s:%s\n", ev->group, ev->name);
		break;
	case F_ERROR_LOG:
		return fk_errlog_show(inst);
	case F_TRACE:
		fk_buf_printf(&b, "# tracer: %s\n#\n"
			      "# entries-in-buffer/entries-written: 0/0   #P:%d\n%s",
			      fk_kv_get(inst, "current_tracer", "nop"), st()->ncpus,
			      fk_trace_header);
		break;
	case F_TRACING_ON:
	case F_BUFFER_PERCENT:
	case F_BUFFER_SIZE:
	case F_VALUE:
	case F_CURRENT_TRACER: {
		const char *v = fk_kv_get(inst, n->spec->name, n->spec->dflt ? n->spec->dflt :
					  "1408");

		if (*v)
			fk_buf_printf(&b, "%s\n", v);
		else if (!strcmp(n->spec->name, "set_ftrace_filter"))
			fk_buf_printf(&b, "#### all functions enabled ####\n");
		else if (!strcmp(n->spec->name, "set_ftrace_pid"))
			fk_buf_printf(&b, "no pid\n");
		break;
	}
	case F_BUFFER_TOTAL:
		fk_buf_printf(&b, "%ld\n", strtol(fk_kv_get(inst, "buffer_size_kb", "1408"),
						  NULL, 10) * st()->ncpus);
		break;
	case F_RO:
		return fk_xstrdup(n->spec->dflt);
	case F_SET_EVENT:
		for (ev = st()->events; ev; ev = ev->next) {
			es = fk_evstate(inst, ev, false);
			if (es && es->enabled)
				fk_buf_printf(&b, "%s:%s\n", ev->group, ev->name);
		}
		break;
	case F_TRACE_CLOCK:
		for (i = 0; clocks[i]; i++) {
			bool cur = !strcmp(clocks[i], fk_kv_get(inst, "trace_clock", "local"));

			fk_buf_printf(&b, "%s%s%s%s", i ? " " : "", cur ? "[" : "", clocks[i],
				      cur ? "]" : "");
		}
		fk_buf_printf(&b, "\n");
		break;
	case F_EVENTS_ENABLE:
		fk_buf_printf(&b, "%c\n", enable_state(inst, NULL));
		break;
	case F_HEADER_PAGE:
		return fk_xstrdup(fk_header_page);
	case F_HEADER_EVENT:
		return fk_xstrdup(fk_header_event);
	case F_GROUP_ENABLE:
		fk_buf_printf(&b, "%c\n", enable_state(inst, n->group));
		break;
	case F_GROUP_FILTER:
		fk_buf_printf(&b, "%s", fk_sys_filter_help);
		break;
	case F_EV_ENABLE:
		es = fk_evstate(inst, n->ev, false);
		fk_buf_printf(&b, "%d\n", es && es->enabled);
		break;
	case F_EV_FILTER:
		es = fk_evstate(inst, n->ev, false);
		fk_buf_printf(&b, "%s\n", es && es->filter ? es->filter : "none");
		break;
	case F_EV_FORMAT:
		return n->ev->synth ? fk_synth_format(n->ev) : fk_format_show(n->ev);
	case F_EV_ID:
		fk_buf_printf(&b, "%d\n", n->ev->id);
		break;
	case F_EV_TRIGGER:
		es = fk_evstate(inst, n->ev, false);
		if (es && es->trigger)
			return fk_hist_show(es);
		fk_buf_printf(&b, "%s", fk_trigger_help);
		break;
	case F_EV_HIST:
		/* the header and totals of each hist trigger's (empty) table */
		es = fk_evstate(inst, n->ev, false);
		for (const char *l = es ? es->trigger : NULL; l && *l;
		     l += strcspn(l, "\n") + (l[strcspn(l, "\n")] != '\0')) {
			if (strncmp(l, "hist:", 5))
				continue;
			fk_buf_printf(&b, "# event histogram\n#\n# trigger info: %.*s [active]\n"
				      "#\n\n\nTotals:\n    Hits: 0\n    Entries: 0\n"
				      "    Dropped: 0\n", (int)strcspn(l, "\n"), l);
		}
		break;
	case F_CPU_STATS:
		fk_buf_printf(&b, "entries: 0\noverrun: 0\ncommit overrun: 0\nbytes: 0\n"
			      "oldest event ts:     0.000000\nnow ts: %6ld.000000\n"
			      "dropped events: 0\nread events: 0\n",
			      (long)(time(NULL) - tree_t0));
		break;
	case F_OPTION:
		fk_buf_printf(&b, "%s\n", fk_kv_get(inst, options[n->opt][0], options[n->opt][1]));
		break;
	case F_CTL_HITS:
		for (p = st()->probes; p; p = p->next)
			fk_buf_printf(&b, "%s/%s %lu %lu\n", p->ev->group, p->ev->name, p->hits,
				      p->misses);
		break;
	case F_CTL_BUSY:
		for (ev = st()->events; ev; ev = ev->next) {
			if (ev->busy)
				fk_buf_printf(&b, "%s/%s\n", ev->group, ev->name);
		}
		break;
	default:
		break;
	}
	return fk_buf_take(&b);
}

/* kstrtoul_from_user(): digits in @base, one trailing newline allowed. */
static int parse_ulong(const char *buf, size_t len, int base, unsigned long *val)
{
	char s[64], *end;

	if (!len || len >= sizeof(s))
		return -EINVAL;
	memcpy(s, buf, len);
	s[len] = '\0';
	if (s[len - 1] == '\n')
		s[len - 1] = '\0';
	if (!isdigit((unsigned char)s[0]) && s[0] != '+')
		return -EINVAL;
	errno = 0;
	*val = strtoul(s, &end, base);
	if (errno || *end)
		return -EINVAL;
	return 0;
}

/* ftrace_set_clr_event(): "[!]GRP:EV", "GRP:", ":EV", "*:*" or "NAME". */
static int set_event_word(struct fk_instance *inst, char *word)
{
	char *sys = NULL, *evname = NULL, *match = word, *colon;
	bool set = true, found = false;
	struct fk_event *ev;

	if (*word == '!') {
		set = false;
		match = ++word;
	}
	colon = strchr(word, ':');
	if (colon) {
		*colon = '\0';
		sys = word;
		evname = colon + 1;
		match = NULL;
		if (!*sys || !strcmp(sys, "*"))
			sys = NULL;
		if (!*evname || !strcmp(evname, "*"))
			evname = NULL;
	} else if (!strcmp(match, "*")) {
		match = NULL;
	}
	for (ev = st()->events; ev; ev = ev->next) {
		if (match && strcmp(match, ev->name) && strcmp(match, ev->group))
			continue;
		if (sys && strcmp(sys, ev->group))
			continue;
		if (evname && strcmp(evname, ev->name))
			continue;
		fk_event_enable(st(), inst, ev, set);
		found = true;
	}
	return found ? 0 : -EINVAL;
}

static int enable_all(struct fk_instance *inst, const char *group, bool on)
{
	struct fk_event *ev;
	bool found = false;

	for (ev = st()->events; ev; ev = ev->next) {
		if (group && strcmp(ev->group, group))
			continue;
		fk_event_enable(st(), inst, ev, on);
		found = true;
	}
	return found ? 0 : -EINVAL;
}

/* Lines of "GRP/EV N..." for the control files. */
static int ctl_write(enum kind kind, const char *data)
{
	char *copy = fk_xstrdup(data), *line, *save = NULL;
	int ret = 0;

	for (line = strtok_r(copy, "\n", &save); line && !ret;
	     line = strtok_r(NULL, "\n", &save)) {
		char name[2 * FK_NAME_MAX + 2], *slash;
		unsigned long a = 0, b = 0;
		struct fk_event *ev;
		struct fk_probe *p;
		int n;

		n = sscanf(line, "%129s %lu %lu", name, &a, &b);
		if (n < 2 || !(slash = strchr(name, '/'))) {
			ret = -EINVAL;
			break;
		}
		*slash = '\0';
		ev = fk_event_find(st(), name, slash + 1);
		if (!ev) {
			ret = -ENOENT;
			break;
		}
		if (kind == F_CTL_BUSY) {
			ev->busy = a != 0;
			continue;
		}
		for (p = st()->probes; p; p = p->next) {
			if (p->ev == ev) {
				p->hits = a;
				p->misses = b;
				break;
			}
		}
	}
	free(copy);
	return ret;
}

int fk_store(const struct node *n, const char *buf, size_t len)
{
	struct fk_instance *inst = n->inst;
	char *data, *s, *word, *save = NULL;
	unsigned long val;
	int ret = 0, i;

	if (n->spec->flags & FL_RO)
		return -EINVAL;
	switch (n->spec->kind) {
	case F_KPROBE_EVENTS:
	case F_DYNAMIC_EVENTS:
		return fk_probes_write(st(), buf, len, n->spec->kind == F_DYNAMIC_EVENTS);
	default:
		break;
	}
	data = fk_xmalloc(len + 1);
	memcpy(data, buf, len);
	s = fk_strstrip(data);
	switch (n->spec->kind) {
	case F_SYNTH_EVENTS:
		ret = fk_synth_write(st(), buf, len);
		free(data);
		return ret;
	case F_EMPTY_EVENTS:
		/* uprobe events are not emulated */
		if (*s)
			ret = -EINVAL;
		break;
	case F_ERROR_LOG:
	case F_WO:
	case F_TRACE:
		break;
	case F_TRACING_ON:
		ret = parse_ulong(buf, len, 10, &val);
		if (!ret)
			fk_kv_set(inst, "tracing_on", val ? "1" : "0");
		break;
	case F_BUFFER_PERCENT:
	case F_BUFFER_SIZE:
		ret = parse_ulong(buf, len, 10, &val);
		if (!ret && ((n->spec->kind == F_BUFFER_PERCENT && val > 100) ||
			     (n->spec->kind == F_BUFFER_SIZE && val == 0)))
			ret = -EINVAL;
		if (!ret) {
			char num[32];

			snprintf(num, sizeof(num), "%lu", val);
			fk_kv_set(inst, n->spec->kind == F_BUFFER_SIZE ? "buffer_size_kb" :
				  "buffer_percent", num);
		}
		break;
	case F_VALUE:
		fk_kv_set(inst, n->spec->name, s);
		break;
	case F_CURRENT_TRACER:
		if (strcmp(s, "nop") && strcmp(s, "function") && strcmp(s, "function_graph"))
			ret = -EINVAL;
		else
			fk_kv_set(inst, "current_tracer", s);
		break;
	case F_TRACE_CLOCK:
		ret = -EINVAL;
		for (i = 0; clocks[i]; i++) {
			if (!strcmp(s, clocks[i])) {
				fk_kv_set(inst, "trace_clock", s);
				ret = 0;
			}
		}
		break;
	case F_SET_EVENT:
		for (word = strtok_r(s, " \t\n", &save); word && !ret;
		     word = strtok_r(NULL, " \t\n", &save))
			ret = set_event_word(inst, word);
		break;
	case F_EVENTS_ENABLE:
	case F_GROUP_ENABLE:
	case F_EV_ENABLE:
	case F_OPTION:
		ret = parse_ulong(buf, len, 10, &val);
		if (!ret && val > 1)
			ret = -EINVAL;
		if (ret)
			break;
		if (n->spec->kind == F_OPTION)
			fk_kv_set(inst, options[n->opt][0], val ? "1" : "0");
		else if (n->spec->kind == F_EV_ENABLE)
			ret = fk_event_enable(st(), inst, n->ev, val);
		else
			ret = enable_all(inst, n->spec->kind == F_GROUP_ENABLE ? n->group : NULL,
					 val);
		break;
	case F_GROUP_FILTER: {
		struct fk_event *ev;
		bool ok = false;

		/* like the kernel: the events that have the fields take the filter */
		for (ev = st()->events; ev; ev = ev->next) {
			if (!strcmp(ev->group, n->group) && !fk_filter_set(st(), inst, ev, s))
				ok = true;
		}
		ret = ok ? 0 : -EINVAL;
		break;
	}
	case F_EV_FILTER:
		ret = fk_filter_set(st(), inst, n->ev, s);
		break;
	case F_EV_TRIGGER:
		ret = fk_trigger_write(st(), inst, n->ev, s);
		break;
	case F_CTL_HITS:
	case F_CTL_BUSY:
		ret = ctl_write(n->spec->kind, s);
		break;
	default:
		ret = -EINVAL;
		break;
	}
	free(data);
	return ret ? ret : (int)len;
}

/* What opening with O_TRUNC does on the kernel's side. */
int fk_truncate(const struct node *n)
{
	struct fk_evstate *es;

	switch (n->spec->kind) {
	case F_KPROBE_EVENTS:
		return fk_probes_clear(st());
	case F_DYNAMIC_EVENTS: {
		/* dyn_events_release_all(): none goes if one is busy */
		struct fk_event *ev;

		for (ev = st()->events; ev; ev = ev->next)
			if (ev->synth ? fk_synth_is_busy(st(), ev) : fk_event_is_busy(st(), ev))
				return -EBUSY;
		return fk_probes_clear(st()) ?: fk_synth_clear(st());
	}
	case F_SYNTH_EVENTS:
		return fk_synth_clear(st());
	case F_ERROR_LOG:
		fk_errlog_clear(n->inst);
		return 0;
	case F_SET_EVENT:
		enable_all(n->inst, NULL, false);
		return 0;
	case F_EV_TRIGGER:
		es = fk_evstate(n->inst, n->ev, false);
		if (es)
			fk_hist_truncate(st(), n->inst, n->ev, es);
		return 0;
	case F_VALUE:
		if (n->spec->flags & FL_TRUNC)
			fk_kv_set(n->inst, n->spec->name, "");
		return 0;
	default:
		return 0;
	}
}

/* Call @add for each entry of directory @n, "." and ".." included. */
int fk_list(const struct node *n, void (*add)(void *ctx, const char *name), void *ctx)
{
	struct fk_instance *inst;
	struct fk_event *ev, *e2;
	const struct fspec *f;
	char name[32];
	int i;
	bool top;

	if (n->dir == D_NONE)
		return -ENOTDIR;
	top = n->inst == &st()->top;
	add(ctx, ".");
	add(ctx, "..");
	switch (n->dir) {
	case D_ROOT:
		for (f = root_files; f->name; f++) {
			if (find_spec(root_files, f->name, top))
				add(ctx, f->name);
		}
		add(ctx, "events");
		if (top)
			add(ctx, "instances");
		add(ctx, "options");
		add(ctx, "per_cpu");
		break;	/* .faketfs stays hidden */
	case D_INSTANCES:
		for (inst = st()->instances; inst; inst = inst->next)
			add(ctx, inst->name);
		break;
	case D_EVENTS:
		for (f = events_files; f->name; f++)
			add(ctx, f->name);
		for (ev = st()->events; ev; ev = ev->next) {
			for (e2 = st()->events; e2 != ev; e2 = e2->next) {
				if (!strcmp(e2->group, ev->group))
					break;
			}
			if (e2 == ev)
				add(ctx, ev->group);
		}
		break;
	case D_GROUP:
		for (f = group_files; f->name; f++)
			add(ctx, f->name);
		for (ev = st()->events; ev; ev = ev->next) {
			if (!strcmp(ev->group, n->group))
				add(ctx, ev->name);
		}
		break;
	case D_EVENT:
		for (f = event_files; f->name; f++)
			add(ctx, f->name);
		break;
	case D_PERCPU:
		for (i = 0; i < st()->ncpus; i++) {
			snprintf(name, sizeof(name), "cpu%d", i);
			add(ctx, name);
		}
		break;
	case D_CPU:
		for (f = cpu_files; f->name; f++)
			add(ctx, f->name);
		break;
	case D_OPTIONS:
		for (i = 0; options[i][0]; i++)
			add(ctx, options[i][0]);
		break;
	case D_CTL:
		for (f = ctl_files; f->name; f++)
			add(ctx, f->name);
		break;
	default:
		break;
	}
	return 0;
}

/* trace_pipe and trace_pipe_raw: an empty ring buffer, never readable */
bool fk_is_pipe(const struct node *n)
{
	return n->dir == D_NONE &&
	       (n->spec->kind == F_TRACE_PIPE || n->spec->kind == F_CPU_PIPE_RAW);
}
