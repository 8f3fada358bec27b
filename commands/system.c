// SPDX-License-Identifier: GPL-2.0-or-later
/* system.c - sysrq: list the magic SysRq keys, or trigger one and show its log. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "kpdb.h"
#include "output.h"
#include "sysrq.h"

static void list_plain(struct kpdb_ctx *ctx, unsigned long mask, const bool *present)
{
	const char *what = mask == 0 ? "all keys disabled" :
			   mask == 1 ? "all keys enabled" : "enabled per group";

	fprintf(ctx->out, "sysrq mask %#lx in %s/sys/kernel/sysrq: %s\n", mask, ctx->proc_dir,
		what);
	fprintf(ctx->out, "%-4s %-4s %-31s %s\n", "Key", "Mask", "Name", "What");
	for (size_t i = 0; i < kpdb_sysrq_nkeys; i++) {
		const struct kpdb_sysrq_key *k = &kpdb_sysrq_keys[i];

		if (!present[i])
			continue;	/* a key this kernel does not have */
		fprintf(ctx->out, "%-4s %-4s %-31s %s%s\n", k->key == '0' ? "0-9" :
			(char[]){ k->key, '\0' }, kpdb_sysrq_allowed(mask, k) ? "yes" : "no",
			k->name, k->action, k->destructive ? " [asks first]" : "");
	}
	fputs("The mask governs the keyboard only: 'sysrq KEY' writes /proc/sysrq-trigger, which "
	      "runs any key for root.\n", ctx->out);
}

static void list_json(struct kpdb_ctx *ctx, unsigned long mask, const bool *present)
{
	for (size_t i = 0; i < kpdb_sysrq_nkeys; i++) {
		const struct kpdb_sysrq_key *k = &kpdb_sysrq_keys[i];
		char key[4] = { k->key, '\0' };
		struct kpdb_json j;

		if (!present[i])
			continue;

		kpdb_json_begin(&j, ctx->out);
		kpdb_json_kv_str(&j, "key", k->key == '0' ? "0-9" : key);
		kpdb_json_kv_str(&j, "name", k->name);
		kpdb_json_kv_str(&j, "action", k->action);
		kpdb_json_kv_bool(&j, "allowed", kpdb_sysrq_allowed(mask, k));
		kpdb_json_kv_bool(&j, "destructive", k->destructive);
		kpdb_json_kv_uint(&j, "mask", mask);
		kpdb_json_end(&j);
	}
}

/*
 * The answer is the next line of standard input: the terminal at the prompt
 * (a line at a time, so nothing the prompt needs is read ahead), or the
 * script piped to kpdb without --batch, through the same stdio stream the
 * script's lines come from.
 */
static bool confirm(const struct kpdb_sysrq_key *k, char c)
{
	char q[160];

	snprintf(q, sizeof(q), "sysrq '%c' (%s) will %s: really?", c, k->name, k->action);
	return kpdb_confirm(q);
}

struct kmsg_out {
	struct kpdb_ctx *ctx;
};

static void print_record(const struct kpdb_kmsg *rec, void *arg)
{
	struct kmsg_out *o = arg;
	FILE *f = o->ctx->out;

	if (o->ctx->json) {
		struct kpdb_json j;

		kpdb_json_begin(&j, f);
		kpdb_json_kv_str(&j, "kmsg", rec->text);
		kpdb_json_kv_int(&j, "level", rec->level);
		kpdb_json_key(&j, "ts");
		fprintf(f, "%llu.%06llu", rec->ts_us / 1000000, rec->ts_us % 1000000);
		kpdb_json_end(&j);
		return;
	}
	fprintf(f, "[%5llu.%06llu] ", rec->ts_us / 1000000, rec->ts_us % 1000000);
	/* the lines of a record of several, under its first, as dmesg shows them */
	for (const char *p = rec->text, *nl;; p = nl + 1) {
		nl = strchr(p, '\n');
		fprintf(f, "%.*s\n", nl ? (int)(nl - p) : (int)strlen(p), p);
		if (!nl || !nl[1])
			break;
		fprintf(f, "%15s", "");
	}
	fflush(f);
}

static int cmd_sysrq(struct kpdb_ctx *ctx, int argc, char **argv)
{
	const struct kpdb_sysrq_key *k;
	struct kmsg_out o = { ctx };
	bool yes = ctx->yes;
	bool present[KPDB_SYSRQ_MAX_KEYS];
	unsigned long mask;
	int i = 1, n;
	char c;

	if (i < argc && !strcmp(argv[i], "-y")) {
		yes = true;
		i++;
	}
	if (argc - i > 1)
		return KPDB_CMD_USAGE;
	if (kpdb_sysrq_mask(ctx->proc_dir, &mask, &ctx->err) < 0)
		return -1;
	kpdb_sysrq_present(ctx->proc_dir, present);
	if (i == argc) {
		if (ctx->json)
			list_json(ctx, mask, present);
		else
			list_plain(ctx, mask, present);
		return 0;
	}
	if (strlen(argv[i]) != 1 || !(k = kpdb_sysrq_key(argv[i][0])))
		return kpdb_err_set(&ctx->err, "'%s' is not a sysrq key; 'sysrq' lists them",
				    argv[i]);
	c = argv[i][0];
	if (!present[k - kpdb_sysrq_keys])
		return kpdb_err_set(&ctx->err, "this kernel has no sysrq '%c' (%s): no %s in "
				    "kallsyms", c, k->name, k->op);
	if (k->destructive && !yes) {
		if (ctx->batch)
			return kpdb_err_set(&ctx->err, "sysrq '%c' (%s) is destructive: refused in "
					    "--batch without -y", c, k->name);
		if (!confirm(k, c))
			return kpdb_err_set(&ctx->err, "sysrq '%c' not sent", c);
	}
	if (ctx->dry_run) {
		fprintf(ctx->out, "dry run: would write '%c' to %s/sysrq-trigger\n", c,
			ctx->proc_dir);
		return 0;
	}
	if (!kpdb_sysrq_allowed(mask, k) && !ctx->json)
		fprintf(ctx->out, "note: the mask %#lx disables '%c' for the keyboard; "
			"sysrq-trigger runs it anyway\n", mask, c);
	n = kpdb_sysrq_trigger(ctx->proc_dir, kpdb_sysrq_kmsg_path(), c, print_record, &o,
			       &ctx->err);
	if (n < 0)
		return -1;
	if (n == 0 && !ctx->json)
		fprintf(ctx->out, "sysrq '%c' sent; the kernel logged nothing\n", c);
	fflush(ctx->out);
	return 0;
}

static const char sysrq_details[] =
	"Without KEY, lists the keys, what each does, and whether the mask in\n"
	"PROC/sys/kernel/sysrq (0: none, 1: all, else a bitmask of groups) lets the\n"
	"keyboard use it.  With KEY, opens the kernel log (/dev/kmsg, or $KPDB_KMSG) at\n"
	"its end, writes KEY to PROC/sysrq-trigger and prints the log lines the key\n"
	"produced.  The destructive keys b c e f g i k o u ask for confirmation; -y\n"
	"(here or on kpdb's command line) answers yes; in --batch without -y they are\n"
	"refused.  PROC is /proc, or --proc-dir DIR.";

const struct kpdb_cmd kpdb_system_cmds[] = {
	{ .name = "sysrq", .fn = cmd_sysrq, .usage = "sysrq [-y] [KEY]",
	  .help = "list the magic SysRq keys, or send KEY and show what the kernel logged",
	  .details = sysrq_details },
	{ NULL },
};
