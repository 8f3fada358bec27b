// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * synth.c - synthetic events of the fake tracefs, as 6.1's
 * kernel/trace/trace_events_synth.c keeps them: defined by a line of
 * synthetic_events ("NAME TYPE FIELD[; TYPE FIELD]...", "!NAME" removes) or
 * of dynamic_events ("s:[synthetic/]NAME ...", "-:synthetic/NAME"), shown
 * under events/synthetic/NAME/ in every instance.  A synthetic event is busy
 * (EBUSY on removal) while an event trigger of any instance generates it
 * (onmatch(...).trace(NAME,...)) or while it has a trigger or is enabled.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faketfs.h"
#include "probe.h"

#define SYNTH_SYSTEM	"synthetic"
#define SYNTH_FIELDS_MAX 64

/* The types synth_field_size() knows, with their size and signedness. */
static const struct {
	const char *type;
	unsigned int size;
	bool is_signed;
	const char *fmt;
} synth_types[] = {
	{ "s64", 8, true, "%lld" }, { "u64", 8, false, "%llu" },
	{ "s32", 4, true, "%d" }, { "u32", 4, false, "%u" },
	{ "s16", 2, true, "%d" }, { "u16", 2, false, "%u" },
	{ "s8", 1, true, "%d" }, { "u8", 1, false, "%u" },
	{ "char", 1, true, "%d" }, { "unsigned char", 1, false, "%u" },
	{ "int", 4, true, "%d" }, { "unsigned int", 4, false, "%u" },
	{ "long", 8, true, "%ld" }, { "unsigned long", 8, false, "%lu" },
	{ "bool", 1, false, "%u" }, { "pid_t", 4, true, "%d" }, { "gfp_t", 4, false, "%x" },
};
#define NTYPES (sizeof(synth_types) / sizeof(synth_types[0]))

static void synth_err(struct fk_state *st, const char *text, const char *cmd, int pos)
{
	fk_errlog_add(&st->top, "synthetic_events", text, cmd, pos);
}

static struct fk_event *synth_find(struct fk_state *st, const char *name)
{
	return fk_event_find(st, SYNTH_SYSTEM, name);
}

/* "lat=%llu pid=%d", REC->lat, REC->pid */
static char *synth_print_fmt(const struct fk_event *ev)
{
	struct fk_buf b = { 0 };
	int i;

	fk_buf_printf(&b, "\"");
	for (i = 0; i < ev->nfields; i++) {
		const struct fk_synth_field *f = &ev->fields[i];
		const char *fmt = "%llu";

		for (size_t t = 0; t < NTYPES; t++)
			if (!strcmp(f->type, synth_types[t].type))
				fmt = synth_types[t].fmt;
		fk_buf_printf(&b, "%s%s=%s", i ? " " : "", f->name, f->is_string ? "%s" : fmt);
	}
	fk_buf_printf(&b, "\"");
	for (i = 0; i < ev->nfields; i++)
		fk_buf_printf(&b, ", REC->%s", ev->fields[i].name);
	return fk_buf_take(&b);
}

/*
 * One field, "TYPE NAME" or "unsigned TYPE NAME", "char NAME[N]", cut from
 * @base (a copy of @cmd): 0, or -EINVAL with the error logged against @cmd.
 */
static int parse_field(struct fk_state *st, const char *cmd, const char *base, char *text,
		       struct fk_synth_field *f)
{
	char *words[3], *save = NULL, *name, *type, *br;
	int n = 0;

	for (char *w = strtok_r(text, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (n == 3) {
			synth_err(st, "Invalid field", cmd, (int)(w - base));
			return -EINVAL;
		}
		words[n++] = w;
	}
	if (n < 2) {
		synth_err(st, "Incomplete type", cmd, n ? (int)(words[0] - base) : 0);
		return -EINVAL;
	}
	name = words[n - 1];
	type = words[0];
	if (n == 3) {
		if (strcmp(words[0], "unsigned")) {
			synth_err(st, "Invalid type", cmd, (int)(words[0] - base));
			return -EINVAL;
		}
		words[0][strlen(words[0])] = ' ';	/* "unsigned int": one type */
	}
	br = strchr(name, '[');
	memset(f, 0, sizeof(*f));
	if (br) {
		/* char name[N] or char name[]: a string */
		if (strcmp(type, "char")) {
			synth_err(st, "Invalid type", cmd, (int)(type - base));
			return -EINVAL;
		}
		f->is_string = true;
		f->size = br[1] == ']' ? 4 : (unsigned int)strtoul(br + 1, NULL, 10);
		*br = '\0';
		f->type = fk_xstrdup(br[1] == ']' ? "__data_loc char[]" : "char[]");
	} else {
		for (size_t t = 0; t < NTYPES; t++) {
			if (strcmp(type, synth_types[t].type))
				continue;
			f->size = synth_types[t].size;
			f->is_signed = synth_types[t].is_signed;
			f->type = fk_xstrdup(type);
		}
		if (!f->type) {
			synth_err(st, "Invalid type", cmd, (int)(type - base));
			return -EINVAL;
		}
	}
	if (!fk_good_name(name)) {
		synth_err(st, "Invalid field", cmd, (int)(name - base));
		free(f->type);
		f->type = NULL;
		return -EINVAL;
	}
	f->name = fk_xstrdup(name);
	return 0;
}

/* __create_synth_event(): "NAME FIELD[; FIELD]..." */
static int synth_create(struct fk_state *st, const char *cmd, const char *body)
{
	char *copy = fk_xstrdup(cmd), *name, *rest, *save = NULL;
	struct fk_event *ev, **pp;
	struct fk_synth_field *fields = NULL;
	int nfields = 0, ret = 0;
	size_t off = (size_t)(body - cmd);

	name = copy + off;
	name += strspn(name, " \t");
	rest = name + strcspn(name, " \t");
	if (*rest)
		*rest++ = '\0';
	if (!*name || !fk_good_name(name) || strlen(name) > FK_NAME_MAX) {
		synth_err(st, "Illegal name", cmd, (int)(name - copy));
		ret = -EINVAL;
		goto out;
	}
	if (synth_find(st, name)) {
		synth_err(st, "Event already exists", cmd, (int)(name - copy));
		ret = -EEXIST;
		goto out;
	}
	for (char *f = strtok_r(rest, ";", &save); f; f = strtok_r(NULL, ";", &save)) {
		struct fk_synth_field *nf;

		if (!*fk_strstrip(f))
			continue;
		if (nfields == SYNTH_FIELDS_MAX) {
			synth_err(st, "Too many fields", cmd, (int)(f - copy));
			ret = -EINVAL;
			goto out;
		}
		nf = realloc(fields, (nfields + 1) * sizeof(*fields));
		if (!nf)
			abort();
		fields = nf;
		/* the position of the field in @cmd is where the caret goes */
		ret = parse_field(st, cmd, copy, f, &fields[nfields]);
		if (ret)
			goto out;
		nfields++;
	}
	if (!nfields) {
		synth_err(st, "Command must be of the form: <name> field[;field] ...", cmd, 0);
		ret = -EINVAL;
		goto out;
	}
	ev = fk_xmalloc(sizeof(*ev));
	snprintf(ev->group, sizeof(ev->group), "%s", SYNTH_SYSTEM);
	snprintf(ev->name, sizeof(ev->name), "%s", name);
	ev->id = fk_alloc_event_id(st);
	ev->synth = true;
	ev->fields = fields;
	ev->nfields = nfields;
	fields = NULL;
	nfields = 0;
	ev->print_fmt = synth_print_fmt(ev);
	for (pp = &st->events; *pp; pp = &(*pp)->next)
		;
	*pp = ev;
out:
	for (int i = 0; i < nfields; i++) {
		free(fields[i].type);
		free(fields[i].name);
	}
	free(fields);
	free(copy);
	return ret;
}

bool fk_synth_is_busy(struct fk_state *st, struct fk_event *ev)
{
	struct fk_instance *inst = &st->top;

	if (fk_event_is_busy(st, ev))
		return true;
	for (; inst; inst = inst == &st->top ? st->instances : inst->next) {
		for (struct fk_evstate *es = inst->states; es; es = es->next) {
			const char *l = es->trigger;

			for (; l && *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] != '\0'))
				if (fk_hist_refers_to_synth(l, ev->name))
					return true;
		}
	}
	return false;
}

int fk_synth_remove(struct fk_state *st, const char *name)
{
	struct fk_event *ev = synth_find(st, name);

	if (!ev)
		return -ENOENT;
	if (fk_synth_is_busy(st, ev))
		return -EBUSY;
	fk_event_free(st, ev);
	return 0;
}

/* One line of synthetic_events, or the part after "s:" of dynamic_events. */
int fk_synth_command(struct fk_state *st, const char *cmd, bool dynevents)
{
	const char *p = cmd;

	if (!dynevents && *p == '!')
		return fk_synth_remove(st, fk_strstrip((char *)p + 1));
	if (dynevents) {
		/* "s:[synthetic/]NAME ..." */
		p += 2;
		if (!strncmp(p, SYNTH_SYSTEM "/", strlen(SYNTH_SYSTEM) + 1))
			p += strlen(SYNTH_SYSTEM) + 1;
	}
	return synth_create(st, cmd, p);
}

/* create_or_delete_synth_event() for each line; the first failure stops the write. */
int fk_synth_write(struct fk_state *st, const char *buf, size_t count)
{
	char *copy = fk_xmalloc(count + 1), *line, *save = NULL;
	int ret = 0;

	memcpy(copy, buf, count);
	for (line = strtok_r(copy, "\n", &save); line && !ret; line = strtok_r(NULL, "\n", &save)) {
		char *hash = strchr(line, '#'), *s;

		if (hash)
			*hash = '\0';
		s = fk_strstrip(line);
		if (*s)
			ret = fk_synth_command(st, s, false);
	}
	free(copy);
	return ret ? ret : (int)count;
}

/* An O_TRUNC open of synthetic_events: all go, or none if one is busy. */
int fk_synth_clear(struct fk_state *st)
{
	struct fk_event *ev, *next;

	for (ev = st->events; ev; ev = ev->next)
		if (ev->synth && fk_synth_is_busy(st, ev))
			return -EBUSY;
	for (ev = st->events; ev; ev = next) {
		next = ev->next;
		if (ev->synth)
			fk_event_free(st, ev);
	}
	return 0;
}

/* synth_event_show(): "NAME\tTYPE FIELD; TYPE FIELD", with "s:synthetic/" in dynamic_events */
char *fk_synth_show(struct fk_state *st, bool dynevents)
{
	struct fk_buf b = { 0 };

	for (struct fk_event *ev = st->events; ev; ev = ev->next) {
		if (!ev->synth)
			continue;
		fk_buf_printf(&b, "%s%s\t", dynevents ? "s:" SYNTH_SYSTEM "/" : "", ev->name);
		for (int i = 0; i < ev->nfields; i++) {
			const struct fk_synth_field *f = &ev->fields[i];
			const char *sep = i == ev->nfields - 1 ? "" : "; ";

			if (!f->is_string)
				fk_buf_printf(&b, "%s %s%s", f->type, f->name, sep);
			else if (!strcmp(f->type, "char[]"))
				fk_buf_printf(&b, "char %s[%u]%s", f->name, f->size, sep);
			else
				fk_buf_printf(&b, "char %s[]%s", f->name, sep);
		}
		fk_buf_printf(&b, "\n");
	}
	return fk_buf_take(&b);
}

/* The format file: the common fields, then one u64 slot per field. */
char *fk_synth_format(struct fk_event *ev)
{
	struct fk_buf b = { 0 };

	fk_buf_printf(&b, "name: %s\nID: %d\nformat:\n", ev->name, ev->id);
	fk_buf_printf(&b, "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
		      "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
		      "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
		      "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n");
	for (int i = 0; i < ev->nfields; i++) {
		const struct fk_synth_field *f = &ev->fields[i];

		fk_buf_printf(&b, "\tfield:%s %s;\toffset:%d;\tsize:%u;\tsigned:%d;\n",
			      f->type, f->name, 8 + 8 * i, f->size, f->is_signed);
	}
	fk_buf_printf(&b, "\nprint fmt: %s\n", ev->print_fmt);
	return fk_buf_take(&b);
}
