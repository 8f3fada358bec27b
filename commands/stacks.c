// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stacks.c - bt: kernel stacks of a breakpoint's hits, recorded by the
 * kernel through a stacktrace trigger on the breakpoint's event in the
 * session instance, with the breakpoint's own filter so that only its
 * hits pay for the unwinding.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "cmd.h"
#include "hist.h"
#include "probe-spec.h"
#include "kpdb.h"
#include "output.h"
#include "stacks.h"
#include "watch.h"

#define STACK_TRIGGER "stacktrace"

static struct kpdb_bp *bp_by_num(struct kpdb_ctx *ctx, int num)
{
	for (size_t i = 0; i < ctx->nbps; i++)
		if (ctx->bps[i].num == num)
			return &ctx->bps[i];
	return NULL;
}

static int parse_bp(struct kpdb_ctx *ctx, const char *s, struct kpdb_bp **bp)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < 1 || v > INT_MAX)
		return kpdb_err_set(&ctx->err, "invalid breakpoint number '%s'", s);
	*bp = bp_by_num(ctx, (int)v);
	if (!*bp)
		return kpdb_err_set(&ctx->err, "no breakpoint %ld", v);
	return 0;
}

/*
 * The trigger always has a filter: a trigger without one runs before the
 * event is recorded (and for kpdb's own hits, which the instance's pid
 * filter drops), while a filtered one runs after the record is committed,
 * so the stack lands right after its hit.
 */
static char *stack_trigger(const struct kpdb_ctx *ctx, const struct kpdb_bp *bp)
{
	char *t;
	int r;

	if (bp->filter)
		r = asprintf(&t, "%s if (%s) && common_pid != %d", STACK_TRIGGER, bp->filter,
			     (int)ctx->pid);
	else
		r = asprintf(&t, "%s if common_pid != %d", STACK_TRIGGER, (int)ctx->pid);
	return r < 0 ? NULL : t;
}

char *kpdb_bp_stack_trigger(const struct kpdb_ctx *ctx, const struct kpdb_bp *bp)
{
	return stack_trigger(ctx, bp);
}

bool kpdb_bp_stack_on(struct kpdb_ctx *ctx, const struct kpdb_bp *bp)
{
	return ctx->tfs && kpdb_tfs_trigger_find(ctx->tfs, bp->event, STACK_TRIGGER);
}

const char *kpdb_bp_hist(struct kpdb_ctx *ctx, const struct kpdb_bp *bp)
{
	return ctx->tfs ? kpdb_tfs_trigger_find(ctx->tfs, bp->event, "hist") : NULL;
}

int kpdb_bp_stack_set(struct kpdb_ctx *ctx, struct kpdb_bp *bp, bool on)
{
	char *t;
	int ret;

	if (ctx->dry_run) {
		t = stack_trigger(ctx, bp);
		if (!t)
			return kpdb_err_set(&ctx->err, "out of memory");
		if (on && !ctx->json)
			fprintf(ctx->out, "# trigger %s: %s\n", bp->event, t);
		free(t);
		return 0;
	}
	if (!ctx->tfs && kpdb_ctx_tracefs(ctx) < 0)
		return -1;
	if (!on)
		return kpdb_tfs_trigger_remove(ctx->tfs, bp->event, STACK_TRIGGER, &ctx->err);
	if (kpdb_bp_stack_on(ctx, bp))
		return 0;
	t = stack_trigger(ctx, bp);
	if (!t)
		return kpdb_err_set(&ctx->err, "out of memory");
	ret = kpdb_tfs_trigger_add(ctx->tfs, bp->event, t, &ctx->err);
	free(t);
	return ret;
}

static void print_state(struct kpdb_ctx *ctx, const struct kpdb_bp *bp, bool on)
{
	if (ctx->json) {
		struct kpdb_json j;

		kpdb_json_begin(&j, ctx->out);
		kpdb_json_kv_int(&j, "bp", bp->num);
		kpdb_json_kv_str(&j, "name", bp->event);
		kpdb_json_kv_bool(&j, "stack", on);
		kpdb_json_end(&j);
	} else {
		fprintf(ctx->out, "Breakpoint %d: kernel stack %s\n", bp->num,
			on ? "recorded at each hit" : "off");
	}
	fflush(ctx->out);
}

static int cmd_bt(struct kpdb_ctx *ctx, int argc, char **argv)
{
	struct kpdb_bp *bp;
	bool on;
	int num;

	if (argc == 1) {
		if (kpdb_watch_last_stack(ctx, &num) < 0)
			return -1;
		fflush(ctx->out);
		return 0;
	}
	if (argc != 3)
		return KPDB_CMD_USAGE;
	if (!strcmp(argv[2], "on"))
		on = true;
	else if (!strcmp(argv[2], "off"))
		on = false;
	else
		return KPDB_CMD_USAGE;
	if (parse_bp(ctx, argv[1], &bp) < 0)
		return -1;
	for (size_t i = 0, n = kpdb_bp_probes(ctx, bp); i < n; i++)
		if (kpdb_bp_stack_set(ctx, &bp[i], on) < 0)
			return -1;
	print_state(ctx, bp, on);
	return 0;
}

/* ---- hist ------------------------------------------------------------------- */

/* How a breakpoint's table is shown: the kernel knows the rest. */
static struct hist_mode {
	int bp;
	bool by_comm;
	bool by_sum;
} modes[64];

static struct hist_mode *mode_of(int bp, bool make)
{
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (modes[i].bp == bp)
			return &modes[i];
	for (size_t i = 0; make && i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!modes[i].bp) {
			modes[i].bp = bp;
			return &modes[i];
		}
	return NULL;
}

/* The event field of argument @name of @bp ("$retval": the one fetching it). */
static const char *arg_field(struct kpdb_ctx *ctx, const struct kpdb_bp *bp, const char *name)
{
	for (size_t i = 0; i < bp->spec->nargs; i++) {
		const struct kpdb_arg *a = &bp->spec->args[i];

		if (!strcmp(a->name, name) || (a->expr && !strcmp(a->expr, name)))
			return a->name;
	}
	kpdb_err_set(&ctx->err, "breakpoint %d has no argument '%s'", bp->num, name);
	return NULL;
}

/* One key of `by`, as the hist trigger names it. */
static int key_text(struct kpdb_ctx *ctx, const struct kpdb_bp *bp, const char *k, FILE *f,
		    struct hist_mode *m)
{
	const char *field;

	if (!strcmp(k, "comm")) {
		/* 6.1 has no comm field: the pid's execname, merged per comm here */
		m->by_comm = true;
		fputs("common_pid.execname", f);
		return 0;
	}
	if (!strcmp(k, "pid")) {
		fputs("common_pid.execname", f);
		return 0;
	}
	if (!strcmp(k, "stack")) {
		/* renamed in 6.5; the old name still works there, the README tells */
		fputs(ctx->tfs && kpdb_tfs_readme_has(ctx->tfs, "common_stacktrace") ?
		      "common_stacktrace" : "stacktrace", f);
		return 0;
	}
	field = arg_field(ctx, bp, k);
	if (!field)
		return -1;
	fputs(field, f);
	return 0;
}

/* hist:keys=...:vals=hitcount[,ARG]:sort=hitcount if FILTER */
static char *hist_trigger(struct kpdb_ctx *ctx, const struct kpdb_bp *bp, char *by,
			  const char *sum, const char *bucket, struct hist_mode *m)
{
	char *t = NULL, *save = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&t, &len);
	const char *field;
	bool first = true;

	if (!f) {
		kpdb_err_set(&ctx->err, "out of memory");
		return NULL;
	}
	fputs("hist:keys=", f);
	for (char *k = strtok_r(by, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
		if (!first)
			fputc(',', f);
		if (key_text(ctx, bp, k, f, m) < 0)
			goto fail;
		if (first && bucket)
			fputs(bucket, f);
		first = false;
	}
	fputs(":vals=hitcount", f);
	if (sum) {
		field = arg_field(ctx, bp, sum);
		if (!field)
			goto fail;
		fprintf(f, ",%s", field);
		m->by_sum = true;
	}
	fprintf(f, ":sort=hitcount");
	if (bp->filter)
		fprintf(f, " if (%s) && common_pid != %d", bp->filter, (int)ctx->pid);
	else
		fprintf(f, " if common_pid != %d", (int)ctx->pid);
	fclose(f);
	return t;
fail:
	fclose(f);
	free(t);
	return NULL;
}

static int hist_show(struct kpdb_ctx *ctx, const struct kpdb_bp *bp)
{
	struct hist_mode *m = mode_of(bp->num, false);
	struct kpdb_hist h;
	char **texts;
	size_t n;
	int ret = 0;

	if (!kpdb_bp_hist(ctx, bp))
		return kpdb_err_set(&ctx->err, "breakpoint %d has no histogram: hist %d by KEY",
				    bp->num, bp->num);
	/* one table for all the probes of the breakpoint, rows of the same keys added */
	n = kpdb_bp_probes(ctx, bp);
	texts = calloc(n, sizeof(*texts));
	if (!texts)
		return kpdb_err_set(&ctx->err, "out of memory");
	for (size_t i = 0; i < n; i++) {
		texts[i] = kpdb_tfs_event_read(ctx->tfs, bp[i].event, "hist", &ctx->err);
		if (!texts[i]) {
			ret = -1;
			goto out;
		}
	}
	if (kpdb_hist_parse_many((const char *const *)texts, n, m && m->by_comm, m && m->by_sum,
				 &h) < 0) {
		ret = kpdb_err_set(&ctx->err, "out of memory");
		goto out;
	}
	/* a return probe's stack is its caller's: nothing to trim there */
	if (!bp->spec->retprobe)
		kpdb_hist_trim_stacks(&h, bp->spec->symbol);
	kpdb_hist_print(ctx->out, &h, bp->num, ctx->json);
	kpdb_hist_free(&h);
	fflush(ctx->out);
out:
	for (size_t i = 0; i < n; i++)
		free(texts[i]);
	free(texts);
	return ret;
}

static int hist_set(struct kpdb_ctx *ctx, struct kpdb_bp *bp, int argc, char **argv)
{
	struct hist_mode mode = { .bp = bp->num }, *m;
	const char *sum = NULL;
	char *by = NULL, bucket[48] = "", *t;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "by") && i + 1 < argc && !by) {
			by = argv[++i];
		} else if (!strcmp(argv[i], "sum") && i + 1 < argc && !sum) {
			sum = argv[++i];
		} else if (!strcmp(argv[i], "log2") && !bucket[0]) {
			strcpy(bucket, ".log2");
		} else if (!strncmp(argv[i], "buckets=", 8) && !bucket[0] &&
			   strspn(argv[i] + 8, "0123456789") == strlen(argv[i] + 8) && argv[i][8]) {
			snprintf(bucket, sizeof(bucket), ".buckets=%s", argv[i] + 8);
		} else {
			return KPDB_CMD_USAGE;
		}
	}
	if (!by && bucket[0])
		return kpdb_err_set(&ctx->err, "%s needs a numeric key: hist %d by ARG %s",
				    bucket + 1, bp->num, bucket + 1);
	by = strdup(by ? by : "comm");
	if (!by)
		return kpdb_err_set(&ctx->err, "out of memory");
	if (bucket[0] && (!strcmp(by, "comm") || !strcmp(by, "pid") || !strcmp(by, "stack") ||
			  !strncmp(by, "comm,", 5) || !strncmp(by, "pid,", 4) ||
			  !strncmp(by, "stack,", 6))) {
		kpdb_err_set(&ctx->err, "%s needs a numeric key first, not '%s'", bucket + 1, by);
		free(by);
		return -1;
	}
	if (!ctx->dry_run && !ctx->tfs && kpdb_ctx_tracefs(ctx) < 0) {
		free(by);
		return -1;
	}
	/* each probe of the breakpoint counts in its own table, with its own filter */
	for (size_t i = 0, n = kpdb_bp_probes(ctx, bp); i < n; i++) {
		char *ti = hist_trigger(ctx, &bp[i], by, sum, bucket[0] ? bucket : NULL, &mode);

		if (!ti) {
			free(by);
			return -1;
		}
		if (ctx->dry_run) {
			fprintf(ctx->out, "# trigger %s: %s\n", bp[i].event, ti);
			free(ti);
			continue;
		}
		if (kpdb_tfs_trigger_remove(ctx->tfs, bp[i].event, "hist", &ctx->err) < 0 ||
		    kpdb_tfs_trigger_add(ctx->tfs, bp[i].event, ti, &ctx->err) < 0) {
			struct kpdb_err why = ctx->err;

			/* all or none: the tables set so far go again */
			while (i--)
				kpdb_tfs_trigger_remove(ctx->tfs, bp[i].event, "hist", &ctx->err);
			ctx->err = why;
			free(ti);
			free(by);
			return -1;
		}
		free(ti);
	}
	t = hist_trigger(ctx, bp, by, sum, bucket[0] ? bucket : NULL, &mode);
	free(by);
	if (!t)
		return -1;
	if (ctx->dry_run) {
		free(t);
		return 0;
	}
	m = mode_of(bp->num, true);
	if (m)
		*m = mode;
	if (ctx->json) {
		struct kpdb_json j;

		kpdb_json_begin(&j, ctx->out);
		kpdb_json_kv_int(&j, "bp", bp->num);
		kpdb_json_kv_str(&j, "hist", t);
		kpdb_json_end(&j);
	} else {
		fprintf(ctx->out, "Breakpoint %d: hits aggregated in the kernel (%s)\n", bp->num, t);
	}
	fflush(ctx->out);
	free(t);
	return 0;
}

static int hist_show_cb(struct kpdb_ctx *ctx, void *bp)
{
	return hist_show(ctx, bp);
}

static int cmd_hist(struct kpdb_ctx *ctx, int argc, char **argv)
{
	struct kpdb_bp *bp;
	const char *cur;
	bool watch = argc == 3 && !strcmp(argv[2], "-w");

	if (parse_bp(ctx, argv[1], &bp) < 0)
		return -1;
	if (ctx->dry_run && (argc == 2 || watch))
		return kpdb_err_set(&ctx->err, "nothing is aggregated in a dry run");
	if (!ctx->dry_run && !ctx->tfs && kpdb_ctx_tracefs(ctx) < 0)
		return -1;
	if (argc == 2)
		return hist_show(ctx, bp);
	if (watch) {
		/* the first table says it when there is none */
		if (!kpdb_bp_hist(ctx, bp))
			return hist_show(ctx, bp);
		return kpdb_watch_every(ctx, hist_show_cb, bp);
	}
	if (argc == 3 && (!strcmp(argv[2], "off") || !strcmp(argv[2], "clear"))) {
		cur = kpdb_bp_hist(ctx, bp);
		if (!cur)
			return kpdb_err_set(&ctx->err, "breakpoint %d has no histogram", bp->num);
		for (size_t i = 0, n = kpdb_bp_probes(ctx, bp); i < n; i++) {
			char *c;
			size_t head;
			int r;

			if (!strcmp(argv[2], "off")) {
				if (kpdb_tfs_trigger_remove(ctx->tfs, bp[i].event, "hist",
							    &ctx->err) < 0)
					return -1;
				continue;
			}
			/*
			 * The same trigger (keys, values, sort and filter: the
			 * kernel matches them all) with :clear empties the table.
			 */
			cur = kpdb_bp_hist(ctx, &bp[i]);
			if (!cur)
				continue;
			head = strcspn(cur, " ");
			r = asprintf(&c, "%.*s:clear%s", (int)head, cur, cur + head);
			if (r < 0)
				return kpdb_err_set(&ctx->err, "out of memory");
			r = kpdb_tfs_trigger_write(ctx->tfs, bp[i].event, c, &ctx->err);
			free(c);
			if (r < 0)
				return -1;
		}
		if (ctx->json) {
			struct kpdb_json j;

			kpdb_json_begin(&j, ctx->out);
			kpdb_json_kv_int(&j, "bp", bp->num);
			kpdb_json_kv_str(&j, "hist", argv[2]);
			kpdb_json_end(&j);
		} else {
			fprintf(ctx->out, "Breakpoint %d: histogram %s\n", bp->num,
				!strcmp(argv[2], "off") ? "removed" : "cleared");
		}
		fflush(ctx->out);
		return 0;
	}
	return hist_set(ctx, bp, argc - 2, argv + 2);
}

static const char hist_details[] =
	"hist N by KEY[,KEY] [sum ARG] [log2|buckets=W] makes the kernel count\n"
	"breakpoint N's hits in a table (a hist trigger on its event, with the\n"
	"breakpoint's filter): KEY is comm, pid, stack, or one of the breakpoint's\n"
	"arguments (by name, or $retval); sum ARG adds up an argument; log2 and\n"
	"buckets=W group the first key's values.  Without `by`: by comm.\n"
	"hist N prints the table, largest first (by bucket for log2), with bars;\n"
	"hist N -w prints it again every second, under the time, until Ctrl-C;\n"
	"hist N clear empties it, hist N off removes it.  In JSON one object per\n"
	"row: {\"bp\":N,\"key\":{...},\"hits\":H[,\"sum_of\":ARG,\"sum\":S]}, each\n"
	"table of -w after {\"refresh\":N,\"time\":\"HH:MM:SS\"}.\n"
	"Example: bp vfs_read count; hist 1 by comm; ... ; hist 1";

static const char bt_details[] =
	"bt N on makes each hit of breakpoint N carry the kernel stack it was hit\n"
	"with, printed under the hit (innermost frame first, as func+0xOFF from\n"
	"kallsyms); bp -s sets a breakpoint that way from the start.  The kernel\n"
	"records the stack (a stacktrace trigger on the event, with the\n"
	"breakpoint's filter): only the breakpoint's own hits pay for it.\n"
	"bt alone prints the stack of the last hit ss or go showed.\n"
	"In JSON a hit has \"stack\":[{\"addr\":\"0x...\",\"func\":\"...\"}].";

const struct kpdb_cmd kpdb_stack_cmds[] = {
	{ .name = "bt", .fn = cmd_bt, .usage = "bt [N on|off]",
	  .help = "kernel stacks of a breakpoint's hits; alone: the last hit's stack",
	  .details = bt_details, .flags = 0 },
	{ .name = "hist", .fn = cmd_hist,
	  .usage = "hist N [by KEY[,KEY]] [sum ARG] [log2|buckets=W] | hist N [-w|clear|off]",
	  .help = "aggregate a breakpoint's hits in the kernel; hist N: print the table",
	  .details = hist_details, .min_args = 1 },
	{ NULL },
};
