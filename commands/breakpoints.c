// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * breakpoints.c - bp bl bc be bd: kdb's breakpoint verbs on kprobes.
 * bc, be and bd share one handler, as kdb's kdb_bc does.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "breakpoints.h"
#include "cmd.h"
#include "dwarf.h"
#include "kpdb.h"
#include "output.h"
#include "probe-spec.h"

struct kpdb_bp *kpdb_bp_by_event(struct kpdb_ctx *ctx, const char *event)
{
	for (size_t i = 0; i < ctx->nbps; i++)
		if (!strcmp(ctx->bps[i].event, event))
			return &ctx->bps[i];
	return NULL;
}

static struct kpdb_bp *bp_by_num(struct kpdb_ctx *ctx, int num)
{
	for (size_t i = 0; i < ctx->nbps; i++)
		if (ctx->bps[i].num == num)
			return &ctx->bps[i];
	return NULL;
}

/* A function outside available_filter_functions may still be in kallsyms. */
static bool in_kallsyms(struct kpdb_ctx *ctx, const char *sym)
{
	char path[PATH_MAX], line[512];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/kallsyms", ctx->proc_dir);
	f = fopen(path, "r");
	if (!f)
		return true;	/* cannot tell: let the kernel decide */
	while (!found && fgets(line, sizeof(line), f)) {
		char type, name[256];

		if (sscanf(line, "%*s %c %255s", &type, name) == 2 &&
		    (type == 't' || type == 'T') && !strcmp(name, sym))
			found = true;
	}
	fclose(f);
	return found;
}

static int check_symbol(struct kpdb_ctx *ctx, const struct kpdb_probe_spec *spec)
{
	if (!spec->symbol || !ctx->tfs)
		return 0;
	if (kpdb_tfs_symbol_known(ctx->tfs, spec->symbol) || in_kallsyms(ctx, spec->symbol))
		return 0;
	return kpdb_err_set(&ctx->err, "'%s' is not a probeable kernel function "
			    "(not in available_filter_functions nor kallsyms)", spec->symbol);
}

static int resolve(struct kpdb_ctx *ctx, struct kpdb_probe_spec *spec)
{
	bool needed = kpdb_probe_spec_needs_dwarf(spec);

	/* with -k in a dry run the symbols are checked against that debug info */
	if (!needed && !ctx->dw && !(ctx->dry_run && ctx->vmlinux))
		return 0;
	if (kpdb_ctx_dwarf(ctx) < 0) {
		if (needed)
			return -1;
		kpdb_err_clear(&ctx->err);
		return 0;
	}
	return kpdb_dwarf_resolve(ctx->dw, spec, &ctx->err);
}

static int add_bp_slot(struct kpdb_ctx *ctx)
{
	if (ctx->nbps == ctx->capbps) {
		size_t cap = ctx->capbps ? ctx->capbps * 2 : 8;
		struct kpdb_bp *v = realloc(ctx->bps, cap * sizeof(*v));

		if (!v)
			return kpdb_err_set(&ctx->err, "out of memory");
		ctx->bps = v;
		ctx->capbps = cap;
	}
	return 0;
}

static void print_set(struct kpdb_ctx *ctx, const struct kpdb_bp *bp)
{
	if (ctx->json) {
		struct kpdb_json j;

		kpdb_json_begin(&j, ctx->out);
		kpdb_json_kv_int(&j, "bp", bp->num);
		kpdb_json_kv_str(&j, "name", bp->event);
		kpdb_json_kv_str(&j, "location", bp->spec->location);
		kpdb_json_kv_str(&j, "definition", bp->definition);
		kpdb_json_kv_str(&j, "filter", bp->filter);
		kpdb_json_kv_bool(&j, "written", !ctx->dry_run);
		kpdb_json_end(&j);
		return;
	}
	if (ctx->dry_run) {
		/* lines that can be pasted into kprobe_events as they are */
		fprintf(ctx->out, "%s\n", bp->definition);
		if (bp->filter)
			fprintf(ctx->out, "# filter %s: %s\n", bp->event, bp->filter);
	} else {
		fprintf(ctx->out, "Breakpoint %d at %s\n", bp->num, bp->spec->location);
	}
	fflush(ctx->out);
}

static int cmd_bp(struct kpdb_ctx *ctx, int argc, char **argv)
{
	struct kpdb_probe_spec *spec = calloc(1, sizeof(*spec));
	struct kpdb_bp bp = { 0 };
	int ret, fret = 0;

	if (!spec)
		return kpdb_err_set(&ctx->err, "out of memory");
	if (argc < 2) {
		free(spec);
		return kpdb_cmd_usage(ctx, kpdb_cmd_find("bp"));
	}
	if (kpdb_probe_spec_parse(argc - 1, argv + 1, spec, &ctx->err) < 0)
		goto fail;
	bp.num = ctx->next_bp;
	bp.spec = spec;
	if (spec->name)
		snprintf(bp.event, sizeof(bp.event), "%s", spec->name);
	else
		snprintf(bp.event, sizeof(bp.event), "bp%d", bp.num);
	if (kpdb_bp_by_event(ctx, bp.event)) {
		kpdb_err_set(&ctx->err, "a probe named '%s' already exists (breakpoint %d)",
			     bp.event, kpdb_bp_by_event(ctx, bp.event)->num);
		goto fail;
	}
	if (resolve(ctx, spec) < 0 || check_symbol(ctx, spec) < 0)
		goto fail;
	bp.definition = kpdb_probe_spec_definition(spec, ctx->group, bp.event, &ctx->err);
	if (!bp.definition)
		goto fail;
	bp.filter = kpdb_probe_spec_filter(spec, &fret, &ctx->err);
	if (fret < 0)
		goto fail;
	if (add_bp_slot(ctx) < 0)
		goto fail;
	if (!ctx->dry_run) {
		ret = kpdb_tfs_probe_add(ctx->tfs, bp.event, bp.definition, bp.filter, &ctx->err);
		if (ret < 0)
			goto fail;
	}
	bp.enabled = true;
	ctx->bps[ctx->nbps++] = bp;
	ctx->next_bp++;
	print_set(ctx, &ctx->bps[ctx->nbps - 1]);
	return 0;
fail:
	bp.spec = NULL;
	kpdb_bp_release(&bp);
	kpdb_probe_spec_free(spec);
	free(spec);
	return -1;
}

/* "name=expr:type" for each argument the user asked for. */
static char *what_text(const struct kpdb_probe_spec *spec)
{
	size_t len = 1;
	char *s;

	for (size_t i = 0; i < spec->nargs; i++) {
		const struct kpdb_arg *a = &spec->args[i];

		len += strlen(a->name) + strlen(a->expr) + (a->type ? strlen(a->type) : 0) + 8;
	}
	if (spec->filter)
		len += strlen(spec->filter) + 5;
	s = calloc(1, len);
	if (!s)
		return NULL;
	for (size_t i = 0; i < spec->nargs; i++) {
		const struct kpdb_arg *a = &spec->args[i];

		if (a->hidden)
			continue;
		if (*s)
			strcat(s, " ");
		/* "uservaddr", not "uservaddr=uservaddr" */
		if (strcmp(a->name, a->expr)) {
			strcat(s, a->name);
			strcat(s, "=");
		}
		strcat(s, a->expr);
		if (a->user)
			strcat(s, "@user");
		if (a->type) {
			strcat(s, ":");
			strcat(s, a->type);
		}
	}
	if (spec->filter) {
		strcat(s, *s ? " if " : "if ");
		strcat(s, spec->filter);
	}
	return s;
}

static void list_one(struct kpdb_ctx *ctx, const struct kpdb_bp *bp)
{
	unsigned long hits = 0, miss = 0;
	bool have = ctx->tfs && kpdb_tfs_probe_stats(ctx->tfs, bp->event, &hits, &miss) == 0;
	char *what = what_text(bp->spec);
	const char *type = bp->spec->retprobe ? "kretprobe" : "kprobe";

	if (ctx->json) {
		struct kpdb_json j;

		kpdb_json_begin(&j, ctx->out);
		kpdb_json_kv_int(&j, "bp", bp->num);
		kpdb_json_kv_str(&j, "name", bp->event);
		kpdb_json_kv_str(&j, "type", type);
		kpdb_json_kv_bool(&j, "enabled", bp->enabled);
		if (have) {
			kpdb_json_kv_uint(&j, "hits", hits);
			kpdb_json_kv_uint(&j, "misses", miss);
		} else {
			kpdb_json_kv_str(&j, "hits", NULL);
			kpdb_json_kv_str(&j, "misses", NULL);
		}
		kpdb_json_kv_str(&j, "where", bp->spec->location);
		kpdb_json_kv_str(&j, "what", what ? what : "");
		kpdb_json_kv_str(&j, "definition", bp->definition);
		kpdb_json_end(&j);
	} else if (have) {
		fprintf(ctx->out, "%-4d %-9s %-3s %6lu %6lu %-24s %s\n", bp->num, type,
			bp->enabled ? "y" : "n", hits, miss, bp->spec->location, what ? what : "");
	} else {
		fprintf(ctx->out, "%-4d %-9s %-3s %6s %6s %-24s %s\n", bp->num, type,
			bp->enabled ? "y" : "n", "-", "-", bp->spec->location, what ? what : "");
	}
	free(what);
}

static int parse_num(struct kpdb_ctx *ctx, const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v > INT_MAX || v < INT_MIN)
		return kpdb_err_set(&ctx->err, "invalid breakpoint number '%s'", s);
	if (v < 1)
		return kpdb_err_set(&ctx->err, "no breakpoint %ld: breakpoints are numbered from 1", v);
	*out = (int)v;
	return 0;
}

/* N, N-M or *: the range [*lo, *hi]. */
static int parse_target(struct kpdb_ctx *ctx, const char *s, int *lo, int *hi)
{
	const char *dash;

	if (!strcmp(s, "*")) {
		*lo = 1;
		*hi = INT_MAX;
		return 0;
	}
	dash = strchr(s, '-');
	if (dash && dash != s) {
		char first[32];

		if ((size_t)(dash - s) >= sizeof(first))
			return kpdb_err_set(&ctx->err, "invalid breakpoint range '%s'", s);
		memcpy(first, s, dash - s);
		first[dash - s] = '\0';
		if (parse_num(ctx, first, lo) < 0 || parse_num(ctx, dash + 1, hi) < 0)
			return kpdb_err_set(&ctx->err, "invalid breakpoint range '%s'", s);
		if (*lo > *hi)
			return kpdb_err_set(&ctx->err, "invalid breakpoint range '%s': %d is above %d",
					    s, *lo, *hi);
		return 0;
	}
	if (parse_num(ctx, s, lo) < 0)
		return -1;
	*hi = *lo;
	return 0;
}

static int cmd_bl(struct kpdb_ctx *ctx, int argc, char **argv)
{
	int lo = 1, hi = INT_MAX;
	size_t shown = 0;

	if (argc > 2)
		return kpdb_cmd_usage(ctx, kpdb_cmd_find("bl"));
	if (argc == 2) {
		if (parse_target(ctx, argv[1], &lo, &hi) < 0)
			return -1;
		if (lo == hi && !bp_by_num(ctx, lo))
			return kpdb_err_set(&ctx->err, "no breakpoint %d", lo);
	}
	if (!ctx->json && ctx->nbps)
		fprintf(ctx->out, "%-4s %-9s %-3s %6s %6s %-24s %s\n", "Num", "Type", "Enb", "Hits",
			"Miss", "Where", "What");
	for (size_t i = 0; i < ctx->nbps; i++) {
		if (ctx->bps[i].num < lo || ctx->bps[i].num > hi)
			continue;
		list_one(ctx, &ctx->bps[i]);
		shown++;
	}
	if (!shown && !ctx->json)
		fprintf(ctx->out, "No breakpoints.\n");
	fflush(ctx->out);
	return 0;
}

static int clear_one(struct kpdb_ctx *ctx, size_t i)
{
	struct kpdb_bp *bp = &ctx->bps[i];

	if (!ctx->dry_run && ctx->tfs) {
		/* disabled first, so a probe that cannot go (EBUSY) is shown as disabled */
		if (bp->enabled && kpdb_tfs_probe_enable(ctx->tfs, bp->event, false, &ctx->err) < 0)
			return -1;
		bp->enabled = false;
		if (kpdb_tfs_probe_remove(ctx->tfs, bp->event, &ctx->err) < 0)
			return -1;
	}
	if (ctx->json) {
		struct kpdb_json j;

		kpdb_json_begin(&j, ctx->out);
		kpdb_json_kv_int(&j, "cleared", bp->num);
		kpdb_json_kv_str(&j, "name", bp->event);
		kpdb_json_end(&j);
	} else {
		fprintf(ctx->out, "Breakpoint %d cleared\n", bp->num);
	}
	kpdb_bp_release(bp);
	memmove(bp, bp + 1, (ctx->nbps - i - 1) * sizeof(*bp));
	ctx->nbps--;
	return 0;
}

static int toggle_one(struct kpdb_ctx *ctx, struct kpdb_bp *bp, bool on)
{
	if (bp->enabled != on && !ctx->dry_run && ctx->tfs &&
	    kpdb_tfs_probe_enable(ctx->tfs, bp->event, on, &ctx->err) < 0)
		return -1;
	bp->enabled = on;
	if (ctx->json) {
		struct kpdb_json j;

		kpdb_json_begin(&j, ctx->out);
		kpdb_json_kv_int(&j, on ? "enabled" : "disabled", bp->num);
		kpdb_json_kv_str(&j, "name", bp->event);
		kpdb_json_end(&j);
	} else {
		fprintf(ctx->out, "Breakpoint %d %s\n", bp->num, on ? "enabled" : "disabled");
	}
	return 0;
}

/* bc, be, bd: one handler, as in kdb. */
static int cmd_bc(struct kpdb_ctx *ctx, int argc, char **argv)
{
	bool clear = !strcmp(argv[0], "bc"), on = !strcmp(argv[0], "be");
	int lo, hi, matched = 0, ret = 0;

	if (argc != 2)
		return kpdb_cmd_usage(ctx, kpdb_cmd_find(argv[0]));
	if (parse_target(ctx, argv[1], &lo, &hi) < 0)
		return -1;
	for (size_t i = 0; i < ctx->nbps;) {
		struct kpdb_bp *bp = &ctx->bps[i];

		if (bp->num < lo || bp->num > hi) {
			i++;
			continue;
		}
		matched++;
		if (clear) {
			if (clear_one(ctx, i) < 0) {
				ret = -1;
				i++;
			}
		} else {
			if (toggle_one(ctx, bp, on) < 0)
				ret = -1;
			i++;
		}
	}
	fflush(ctx->out);
	if (!matched) {
		if (lo == hi)
			return kpdb_err_set(&ctx->err, "no breakpoint %d", lo);
		if (hi == INT_MAX && lo == 1)
			return kpdb_err_set(&ctx->err, "no breakpoints");
		return kpdb_err_set(&ctx->err, "no breakpoints in %d-%d", lo, hi);
	}
	return ret;
}

int kpdb_bp_info_probes(struct kpdb_ctx *ctx)
{
	for (size_t i = 0; i < ctx->nbps; i++) {
		const struct kpdb_bp *bp = &ctx->bps[i];

		if (ctx->json) {
			struct kpdb_json j;

			kpdb_json_begin(&j, ctx->out);
			kpdb_json_kv_int(&j, "bp", bp->num);
			kpdb_json_kv_str(&j, "definition", bp->definition);
			kpdb_json_kv_str(&j, "filter", bp->filter);
			kpdb_json_kv_bool(&j, "enabled", bp->enabled);
			kpdb_json_end(&j);
		} else {
			fprintf(ctx->out, "%d: %s\n", bp->num, bp->definition);
			if (bp->filter)
				fprintf(ctx->out, "   filter: %s\n", bp->filter);
		}
	}
	if (!ctx->nbps && !ctx->json)
		fprintf(ctx->out, "No probes.\n");
	return 0;
}

static const char bp_details[] =
	"LOCATION: SYMBOL, SYMBOL+OFFSET, SYMBOL%return, SYMBOL:LINE, FILE:LINE,\n"
	"  or a pasted kprobe line: p:NAME SYMBOL ARGS / r:NAME SYMBOL ARGS.\n"
	"ARG: [NAME=]EXPR[:TYPE], EXPR a raw fetcharg (%di, +8(%si), $retval, $comm,\n"
	"  $argN, $stackN, @sym, \\imm) or a C expression resolved from DWARF\n"
	"  (sk->__sk_common.skc_dport, ((struct sockaddr_in *)uservaddr)->sin_addr),\n"
	"  with @user for user memory.\n"
	"TYPE: u8..u64 s8..s64 x8..x64 string ustring symbol b<w>@<o>/<c> T[N],\n"
	"  or a kpdb format: ipv4 ipv6 port sockaddr errno hex dec.\n"
	"FILTER: if NAME OP VALUE [&& ...] on the probe's arguments; OP is\n"
	"  == != < <= > >= & ~; format values (127.0.0.1, 4444, ECONNREFUSED) are\n"
	"  converted to what the kernel compares.\n"
	"Examples:\n"
	"  bp sys_setuid %di:u32\n"
	"  bp -n conn __sys_connect addr=+4(%si):ipv4 port=+2(%si):port\n"
	"  bp -r __sys_connect ret=$retval:errno\n"
	"  bp __sys_connect ((struct sockaddr_in *)uservaddr)->sin_port";

const struct kpdb_cmd kpdb_breakpoint_cmds[] = {
	{ "bp", cmd_bp, "bp [-r] [-n NAME] LOCATION [ARG]... [if FILTER]",
	  "set a kprobe (-r: a kretprobe) and enable it", bp_details, KPDB_CMD_TRACEFS, 1 },
	{ "bl", cmd_bl, "bl [N]", "list breakpoints with hit and miss counts",
	  "Columns: Num Type Enb Hits Miss Where What; hits and misses come from kprobe_profile.",
	  0 },
	{ "bc", cmd_bc, "bc N|N-M|*", "clear breakpoints (disabling them first)", NULL, 0 },
	{ "be", cmd_bc, "be N|N-M|*", "enable breakpoints", NULL, 0 },
	{ "bd", cmd_bc, "bd N|N-M|*", "disable breakpoints", NULL, 0 },
	{ NULL },
};
