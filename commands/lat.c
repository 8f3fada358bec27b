// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lat.c - lat FUNC: how long FUNC takes from entry to return, per task, as a
 * log2 histogram in microseconds computed by the kernel, as
 * Documentation/trace/histogram.rst builds a latency histogram:
 *
 *   kpdb_<pid>_latN u64 lat                          synthetic event
 *   p:kpdb_<pid>/latN FUNC                            kprobe, not enabled
 *   r:kpdb_<pid>/latN_ret FUNC                        kretprobe, not enabled
 *   latN:     hist:keys=common_pid:ts0=common_timestamp.usecs if common_pid != KPDB
 *   latN_ret: hist:keys=common_pid:lat=common_timestamp.usecs-$ts0:
 *             onmatch(kpdb_<pid>.latN).trace(kpdb_<pid>_latN,$lat)
 *   kpdb_<pid>_latN: hist:keys=lat.log2:vals=hitcount,lat:sort=lat
 *
 * all in the session's instance.  The probes are run by their triggers
 * alone: no entry or return is recorded in the buffer go reads.  The
 * backend keeps the synthetic event and the probes in that order, so the
 * session's end (or lat off) removes the return's trigger, then the entry's,
 * then the synthetic event's: the kernel refuses any other order.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "cmd.h"
#include "hist.h"
#include "kpdb.h"
#include "lat.h"
#include "output.h"
#include "watch.h"

#define LAT_MAX 16
#define FUNC_MAX 128
#define SYNTH_FIELDS "u64 lat"
#define SYNTH_HIST "hist:keys=lat.log2:vals=hitcount,lat:sort=lat"

/* One function measured; fixed-size, so nothing to free at exit. */
static struct lat {
	int num;			/* latN: 1, 2, ... never reused */
	char func[FUNC_MAX];		/* as typed: "do_nanosleep", "mod:func" */
	char entry[KPDB_NAME_MAX];	/* "lat1" */
	char ret[KPDB_NAME_MAX];	/* "lat1_ret" */
	char synth[KPDB_NAME_MAX];	/* "kpdb_12_lat1" */
} lats[LAT_MAX];
static size_t nlats;
static int next_num = 1;

size_t kpdb_lat_count(void)
{
	return nlats;
}

static struct lat *lat_of(const char *func)
{
	for (size_t i = 0; i < nlats; i++)
		if (!strcmp(lats[i].func, func))
			return &lats[i];
	return NULL;
}

/* [MOD:]SYMBOL, the symbol a C identifier or a compiler's clone ("f.isra.0") */
static int check_func(struct kpdb_ctx *ctx, const char *func)
{
	const char *sym = strchr(func, ':') ? strchr(func, ':') + 1 : func;
	bool ok = strlen(func) < FUNC_MAX && (isalpha((unsigned char)*sym) || *sym == '_');

	for (const char *p = func; ok && *p; p++)
		ok = isalnum((unsigned char)*p) || *p == '_' || *p == '.' ||
		     (*p == ':' && p == sym - 1 && p != func);
	if (!ok)
		return kpdb_err_set(&ctx->err, "'%s' is not a function name: lat FUNC", func);
	if (!ctx->dry_run && !kpdb_tfs_symbol_known(ctx->tfs, sym))
		return kpdb_err_set(&ctx->err, "no function '%s' the kernel can trace "
				    "(not in available_filter_functions)", sym);
	return 0;
}

/* The triggers of @l, in the order they are set. */
static int lat_triggers(struct kpdb_ctx *ctx, const struct lat *l, char **entry, char **ret)
{
	/* the older action form, for a README that does not list trace() */
	bool trace = ctx->dry_run || kpdb_tfs_readme_has(ctx->tfs, "trace(<synthetic_event>");
	int r;

	*entry = *ret = NULL;
	r = asprintf(entry, "hist:keys=common_pid:ts0=common_timestamp.usecs if common_pid != %d",
		     (int)ctx->pid);
	if (r < 0) {
		*entry = NULL;
		return kpdb_err_set(&ctx->err, "out of memory");
	}
	if (trace)
		r = asprintf(ret, "hist:keys=common_pid:lat=common_timestamp.usecs-$ts0:"
			     "onmatch(%s.%s).trace(%s,$lat)", ctx->group, l->entry, l->synth);
	else
		r = asprintf(ret, "hist:keys=common_pid:lat=common_timestamp.usecs-$ts0:"
			     "onmatch(%s.%s).%s($lat)", ctx->group, l->entry, l->synth);
	if (r < 0) {
		*ret = NULL;
		free(*entry);
		*entry = NULL;
		return kpdb_err_set(&ctx->err, "out of memory");
	}
	return 0;
}

/* latN and latN_ret, with an N no breakpoint's -n NAME has taken. */
static int lat_names(struct kpdb_ctx *ctx, struct lat *l)
{
	for (;; next_num++) {
		l->num = next_num;
		if (snprintf(l->entry, sizeof(l->entry), "lat%d", l->num) >= (int)sizeof(l->entry) ||
		    snprintf(l->ret, sizeof(l->ret), "lat%d_ret", l->num) >= (int)sizeof(l->ret) ||
		    snprintf(l->synth, sizeof(l->synth), "%s_lat%d", ctx->group, l->num) >=
		    (int)sizeof(l->synth))
			return kpdb_err_set(&ctx->err, "too many latency histograms");
		if (!kpdb_bp_by_event(ctx, l->entry) && !kpdb_bp_by_event(ctx, l->ret))
			break;
	}
	next_num++;
	return 0;
}

/* {"lat":N,"func":FUNC: how the JSON lines about @l begin, but the histogram's */
static void json_lat_begin(struct kpdb_json *j, struct kpdb_ctx *ctx, const struct lat *l)
{
	kpdb_json_begin(j, ctx->out);
	kpdb_json_kv_int(j, "lat", l->num);
	kpdb_json_kv_str(j, "func", l->func);
}

/* The events @l is made of, in JSON. */
static void json_lat_events(struct kpdb_json *j, const struct lat *l)
{
	kpdb_json_kv_str(j, "entry", l->entry);
	kpdb_json_kv_str(j, "return", l->ret);
	kpdb_json_kv_str(j, "synthetic", l->synth);
}

static void print_started(struct kpdb_ctx *ctx, const struct lat *l)
{
	if (ctx->json) {
		struct kpdb_json j;

		json_lat_begin(&j, ctx, l);
		json_lat_events(&j, l);
		kpdb_json_end(&j);
	} else {
		fprintf(ctx->out, "Latency of %s measured in the kernel, from entry to return "
			"(lat to show it)\n", l->func);
	}
}

/* Undo what lat_start made, the last made first. */
static void lat_undo(struct kpdb_ctx *ctx, const struct lat *l, int made)
{
	if (made >= 3)
		kpdb_tfs_probe_remove(ctx->tfs, l->ret, NULL);
	if (made >= 2)
		kpdb_tfs_probe_remove(ctx->tfs, l->entry, NULL);
	if (made >= 1)
		kpdb_tfs_probe_remove(ctx->tfs, l->synth, NULL);
}

static int lat_start(struct kpdb_ctx *ctx, const char *func)
{
	struct lat l = { 0 };
	char *pdef = NULL, *rdef = NULL, *etrig = NULL, *rtrig = NULL;
	int made = 0, ret = -1;

	if (nlats == LAT_MAX)
		return kpdb_err_set(&ctx->err, "%d latency histograms already: lat off FUNC first",
				    LAT_MAX);
	if (check_func(ctx, func) < 0 || lat_names(ctx, &l) < 0)
		return -1;
	snprintf(l.func, sizeof(l.func), "%s", func);
	if (asprintf(&pdef, "p:%s/%s %s", ctx->group, l.entry, func) < 0 ||
	    asprintf(&rdef, "r:%s/%s %s", ctx->group, l.ret, func) < 0) {
		free(pdef);
		return kpdb_err_set(&ctx->err, "out of memory");
	}
	if (lat_triggers(ctx, &l, &etrig, &rtrig) < 0)
		goto out;
	if (ctx->dry_run) {
		if (!ctx->json)
			fprintf(ctx->out, "# synthetic event: %s %s\n%s\n%s\n"
				"# trigger %s: %s\n# trigger %s: %s\n# trigger %s: %s\n",
				l.synth, SYNTH_FIELDS, pdef, rdef, l.entry, etrig, l.ret, rtrig,
				l.synth, SYNTH_HIST);
		ret = 0;
		goto out;
	}
	/* the synthetic event first: the return's trigger names it */
	if (kpdb_tfs_synth_add(ctx->tfs, l.synth, SYNTH_FIELDS, &ctx->err) < 0)
		goto out;
	made++;
	if (kpdb_tfs_probe_define(ctx->tfs, l.entry, pdef, &ctx->err) < 0)
		goto undo;
	made++;
	if (kpdb_tfs_probe_define(ctx->tfs, l.ret, rdef, &ctx->err) < 0)
		goto undo;
	made++;
	if (kpdb_tfs_trigger_add(ctx->tfs, l.entry, etrig, &ctx->err) < 0 ||
	    kpdb_tfs_trigger_add(ctx->tfs, l.ret, rtrig, &ctx->err) < 0 ||
	    kpdb_tfs_trigger_add(ctx->tfs, l.synth, SYNTH_HIST, &ctx->err) < 0)
		goto undo;
	lats[nlats++] = l;
	print_started(ctx, &l);
	ret = 0;
	goto out;
undo:
	/* nothing is left half-made */
	lat_undo(ctx, &l, made);
out:
	free(pdef);
	free(rdef);
	free(etrig);
	free(rtrig);
	fflush(ctx->out);
	return ret;
}

static int lat_show(struct kpdb_ctx *ctx, const struct lat *l)
{
	unsigned long hits = 0, misses = 0;
	struct kpdb_hist h;
	char *text;

	text = kpdb_tfs_event_read(ctx->tfs, l->synth, "hist", &ctx->err);
	if (!text)
		return -1;
	if (kpdb_hist_parse(text, false, false, &h) < 0) {
		free(text);
		return kpdb_err_set(&ctx->err, "out of memory");
	}
	free(text);
	kpdb_tfs_probe_stats(ctx->tfs, l->ret, &hits, &misses);
	if (ctx->json && !h.nrows) {
		struct kpdb_json j;

		kpdb_json_begin(&j, ctx->out);
		kpdb_json_kv_str(&j, "lat", l->func);
		kpdb_json_kv_uint(&j, "calls", 0);
		kpdb_json_end(&j);
	} else if (!ctx->json) {
		if (h.nrows)
			fprintf(ctx->out, "Latency of %s, from entry to return:\n", l->func);
		else
			fprintf(ctx->out, "%s: no call has returned yet\n", l->func);
		if (misses)
			fprintf(ctx->out, "(%lu returns missed: more tasks were in %s at once than "
				"the kretprobe has instances)\n", misses, l->func);
	}
	kpdb_hist_print_log2(ctx->out, &h, l->func, ctx->json);
	kpdb_hist_free(&h);
	fflush(ctx->out);
	return 0;
}

/* @l, or every one when NULL */
static int show_cb(struct kpdb_ctx *ctx, void *arg)
{
	const struct lat *l = arg;

	if (l)
		return lat_show(ctx, l);
	for (size_t i = 0; i < nlats; i++) {
		if (i && !ctx->json)
			fputc('\n', ctx->out);
		if (lat_show(ctx, &lats[i]) < 0)
			return -1;
	}
	return 0;
}

/*
 * What lat off or clear did to @l: {"lat":N,"func":FUNC,"@done":"lat"} in
 * JSON, else "Latency of FUNC@text".
 */
static void print_done(struct kpdb_ctx *ctx, const struct lat *l, const char *done,
		       const char *text)
{
	if (ctx->json) {
		struct kpdb_json j;

		json_lat_begin(&j, ctx, l);
		kpdb_json_kv_str(&j, done, "lat");
		kpdb_json_end(&j);
	} else {
		fprintf(ctx->out, "Latency of %s%s\n", l->func, text);
	}
}

static int lat_off(struct kpdb_ctx *ctx, struct lat *l)
{
	/* the return's trigger uses the entry's variable and feeds the synthetic event */
	if (kpdb_tfs_probe_remove(ctx->tfs, l->ret, &ctx->err) < 0 ||
	    kpdb_tfs_probe_remove(ctx->tfs, l->entry, &ctx->err) < 0 ||
	    kpdb_tfs_probe_remove(ctx->tfs, l->synth, &ctx->err) < 0)
		return -1;
	print_done(ctx, l, "removed", " no longer measured");
	memmove(l, l + 1, (size_t)(lats + nlats - l - 1) * sizeof(*l));
	nlats--;
	return 0;
}

static int lat_clear(struct kpdb_ctx *ctx, const struct lat *l)
{
	if (kpdb_tfs_trigger_write(ctx->tfs, l->synth, SYNTH_HIST ":clear", &ctx->err) < 0)
		return -1;
	print_done(ctx, l, "cleared", ": histogram cleared");
	return 0;
}

/*
 * lat FUNC starts measuring FUNC, or shows it if it is measured; lat alone
 * shows them all; -w anywhere refreshes every second; clear and off, last,
 * act on FUNC or on all of them.
 */
static int cmd_lat(struct kpdb_ctx *ctx, int argc, char **argv)
{
	const char *func = NULL, *verb = NULL;
	bool watch = false;
	struct lat *l = NULL;
	int ret = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-w") && !watch)
			watch = true;
		else if (i == argc - 1 && (!strcmp(argv[i], "off") || !strcmp(argv[i], "clear")))
			verb = argv[i];
		else if (!func && argv[i][0] != '-')
			func = argv[i];
		else
			return KPDB_CMD_USAGE;
	}
	if (verb && watch)
		return KPDB_CMD_USAGE;
	if (func)
		l = lat_of(func);
	if (ctx->dry_run) {
		if (!func || verb || watch)
			return kpdb_err_set(&ctx->err, "nothing is measured in a dry run: lat FUNC "
					    "prints the definitions");
		return lat_start(ctx, func);
	}
	if (func && !l && verb)
		return kpdb_err_set(&ctx->err, "the latency of '%s' is not measured", func);
	if (!func && !nlats)
		return kpdb_err_set(&ctx->err, "no latency measured: lat FUNC starts one");
	if (verb) {
		for (size_t i = nlats; i-- > 0;) {
			if (l && &lats[i] != l)
				continue;
			if ((!strcmp(verb, "off") ? lat_off(ctx, &lats[i]) :
			     lat_clear(ctx, &lats[i])) < 0)
				ret = -1;
		}
		fflush(ctx->out);
		return ret;
	}
	if (func && !l) {
		if (lat_start(ctx, func) < 0)
			return -1;
		if (!watch)
			return 0;
		l = lat_of(func);
	}
	if (watch)
		return kpdb_watch_every(ctx, show_cb, l);
	return show_cb(ctx, l);
}

void kpdb_lat_list(struct kpdb_ctx *ctx)
{
	for (size_t i = 0; i < nlats; i++) {
		const struct lat *l = &lats[i];
		unsigned long hits = 0, misses = 0;
		bool have = ctx->tfs && kpdb_tfs_probe_stats(ctx->tfs, l->ret, &hits, &misses) == 0;

		if (ctx->json) {
			struct kpdb_json j;

			json_lat_begin(&j, ctx, l);
			json_lat_events(&j, l);
			if (have) {
				kpdb_json_kv_uint(&j, "returns", hits);
				kpdb_json_kv_uint(&j, "misses", misses);
			}
			kpdb_json_end(&j);
		} else if (have) {
			fprintf(ctx->out, "lat %-20s latency from entry to return (probes %s, %s; "
				"%lu returns, %lu missed)\n", l->func, l->entry, l->ret, hits,
				misses);
		} else {
			fprintf(ctx->out, "lat %-20s latency from entry to return (probes %s, %s)\n",
				l->func, l->entry, l->ret);
		}
	}
}

void kpdb_lat_info_probes(struct kpdb_ctx *ctx)
{
	for (size_t i = 0; i < nlats; i++) {
		const struct lat *l = &lats[i];

		if (ctx->json) {
			struct kpdb_json j;

			kpdb_json_begin(&j, ctx->out);
			kpdb_json_kv_str(&j, "lat", l->func);
			kpdb_json_kv_str(&j, "synthetic", l->synth);
			kpdb_json_kv_str(&j, "entry", l->entry);
			kpdb_json_kv_str(&j, "return", l->ret);
			kpdb_json_end(&j);
		} else {
			fprintf(ctx->out, "lat %s: synthetic event %s %s\n"
				"   p:%s/%s %s\n   r:%s/%s %s\n", l->func, l->synth, SYNTH_FIELDS,
				ctx->group, l->entry, l->func, ctx->group, l->ret, l->func);
		}
	}
}

static const char lat_details[] =
	"lat FUNC measures how long each call of FUNC takes, from its entry to its\n"
	"return in the same task, in the kernel: a kprobe and a kretprobe whose hist\n"
	"triggers pair entry and return per task (onmatch) and feed a synthetic\n"
	"event, whose own hist trigger counts the latencies by power of two.\n"
	"Nothing is recorded per call, and no call shows up in go.  A call already\n"
	"running when lat starts is not counted; a task that enters FUNC again\n"
	"before it returns (recursion) counts from its last entry.\n"
	"lat FUNC again, or lat alone for every function, prints the histogram as\n"
	"bcc's funclatency does, in microseconds.  The kernel's log2 rounds up:\n"
	"the line \"8193 -> 16384\" counts the calls that took more than 8192 and\n"
	"at most 16384 us, \"0 -> 1\" those under 2 us.\n"
	"-w prints it again every second until Ctrl-C; clear empties it; off\n"
	"removes it (bc is for breakpoints; the session's end removes it too).\n"
	"bl lists the functions measured.  In JSON one object per line:\n"
	"{\"lat\":FUNC,\"low\":L,\"high\":H,\"count\":C}, then\n"
	"{\"lat\":FUNC,\"calls\":N,\"total\":T,\"avg\":A}.\n"
	"Example: lat do_nanosleep; ... ; lat";

const struct kpdb_cmd kpdb_lat_cmds[] = {
	{ .name = "lat", .fn = cmd_lat, .usage = "lat [FUNC] [-w] | lat [FUNC] clear|off",
	  .help = "latency histogram of a function, from entry to return, in the kernel",
	  .details = lat_details, .flags = KPDB_CMD_TRACEFS },
	{ NULL },
};
