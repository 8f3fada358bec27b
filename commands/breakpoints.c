// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * breakpoints.c - bp bl bc be bd: kdb's breakpoint verbs on kprobes.
 * bc, be and bd share one handler, as kdb's kdb_bc does.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "backend.h"
#include "breakpoints.h"
#include "cmd.h"
#include "dwarf.h"
#include "kpdb.h"
#include "output.h"
#include "probe-spec.h"
#include "stacks.h"

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

/*
 * The kernel's debug info when it is at hand without fetching or
 * converting anything (no debuginfod, no BTF): loaded, given (-k,
 * $KPDB_VMLINUX), or at a standard path.  It tells more about a function
 * than `bp` needs to set a raw probe.  NULL if not; ctx->err is kept.
 */
static struct kpdb_dwarf *dwarf_at_hand(struct kpdb_ctx *ctx)
{
	static const char *const where[][2] = {
		{ "/usr/lib/debug/boot/vmlinux-", "" },
		{ "/usr/lib/debug/lib/modules/", "/vmlinux" },
		{ "/boot/vmlinux-", "" },
		{ "/lib/modules/", "/build/vmlinux" },
	};
	const char *env = getenv("KPDB_VMLINUX");
	struct kpdb_err saved = ctx->err;
	bool local = ctx->vmlinux || (env && *env);
	struct utsname u;
	char path[PATH_MAX];

	if (ctx->dw || ctx->dw_tried)
		return ctx->dw;
	for (size_t i = 0; !local && i < sizeof(where) / sizeof(where[0]); i++) {
		if (uname(&u) < 0)
			break;
		snprintf(path, sizeof(path), "%s%s%s", where[i][0], u.release, where[i][1]);
		local = access(path, R_OK) == 0;
	}
	if (local && kpdb_ctx_dwarf(ctx) < 0)
		ctx->err = saved;
	return ctx->dw;
}

/*
 * What the running kernel says about @spec's symbol: false when there is
 * nothing to ask (no symbol, a module's, which may come with the module
 * later, a dry run: symbols are checked against the debug info there,
 * never against this machine).  When kallsyms cannot be
 * read, the symbol is taken to be in it: the kernel decides.
 */
static bool sym_facts(struct kpdb_ctx *ctx, const struct kpdb_probe_spec *spec,
		      struct kpdb_sym_facts *f)
{
	if (!spec->symbol || spec->module || !ctx->tfs || ctx->dry_run ||
	    !strcmp(spec->symbol, "_text"))
		return false;
	if (kpdb_tfs_symbol_facts(ctx->tfs, ctx->proc_dir, spec->symbol, f) < 0)
		f->in_kallsyms = f->in_vmlinux = true;
	return true;
}

/* A function outside available_filter_functions may still be in kallsyms. */
static bool symbol_probeable(struct kpdb_ctx *ctx, const struct kpdb_probe_spec *spec)
{
	struct kpdb_sym_facts f;

	return !sym_facts(ctx, spec, &f) || f.traceable || f.in_kallsyms;
}

/* Append "; TEXT" to the message of ctx->err. */
static void err_append(struct kpdb_ctx *ctx, const char *text)
{
	char msg[KPDB_ERR_MAX];

	snprintf(msg, sizeof(msg), "%s", ctx->err.msg);
	kpdb_err_set(&ctx->err, "%s%s%s", msg, *msg ? "; " : "", text);
}

/*
 * What to probe instead of @sym, which the kernel refuses: the function a
 * stub only calls, when the debug info is at hand (loaded, or given with -k).
 */
static void suggest_instead(struct kpdb_ctx *ctx, const char *sym)
{
	char callee[256], text[400];

	if (!dwarf_at_hand(ctx) || kpdb_dwarf_stub_callee(ctx->dw, sym, callee, sizeof(callee)) < 0)
		return;
	snprintf(text, sizeof(text), "probe '%s' instead: '%s' only calls it", callee, sym);
	err_append(ctx, text);
}

/* ctx->err: why the kernel refuses a probe on @sym, from @f; -1 if it would not know. */
static int refusal(struct kpdb_ctx *ctx, const char *sym, const struct kpdb_sym_facts *f)
{
	if (f->blacklist && (!strcmp(f->blacklist, KPDB_BLACKLIST_DEBUGFS) ||
			     !strcmp(f->blacklist, "kprobe blacklist"))) {
		kpdb_err_set(&ctx->err, "'%s' is on the kernel's kprobe blacklist: the kernel "
			     "refuses to probe it", sym);
	} else if (f->blacklist) {
		kpdb_err_set(&ctx->err, "'%s' is in the kernel's %s, which is on the kprobe "
			     "blacklist: the kernel refuses to probe it", sym, f->blacklist);
	} else if (!f->traceable && f->in_kallsyms) {
		kpdb_err_set(&ctx->err, "'%s' is a notrace function (in kallsyms, not in "
			     "available_filter_functions): the kernel refuses kprobe events on it",
			     sym);
		suggest_instead(ctx, sym);
	} else {
		return -1;
	}
	return 0;
}

/*
 * sym_facts(), and the image's own kprobe blacklist when the debug info is
 * at hand (debugfs's list is the kernel's, but not always mounted; the
 * image has the same, and its addresses where kallsyms hides them).  A dry
 * run knows only the debug info given with -k.  False if nothing is known.
 */
static bool kernel_facts(struct kpdb_ctx *ctx, const struct kpdb_probe_spec *spec,
			 struct kpdb_sym_facts *f)
{
	if (!sym_facts(ctx, spec, f)) {
		if (!spec->symbol || !ctx->dry_run || !ctx->dw || !strcmp(spec->symbol, "_text"))
			return false;
		memset(f, 0, sizeof(*f));
		f->traceable = f->in_kallsyms = true;
	}
	if (!f->blacklist && (ctx->dry_run ? ctx->dw : dwarf_at_hand(ctx)))
		f->blacklist = kpdb_dwarf_kprobe_blacklisted(ctx->dw, spec->symbol);
	return true;
}

/* Refuse @spec's symbol now when the kernel would: unknown to it, notrace, blacklisted. */
static int check_symbol(struct kpdb_ctx *ctx, const struct kpdb_probe_spec *spec)
{
	struct kpdb_sym_facts f;

	if (!kernel_facts(ctx, spec, &f))
		return 0;
	if (!f.traceable && !f.in_kallsyms)
		return kpdb_err_set(&ctx->err, "'%s' is not a probeable kernel function (not in "
				    "available_filter_functions nor kallsyms)", spec->symbol);
	return refusal(ctx, spec->symbol, &f) == 0 ? -1 : 0;
}

/*
 * After the kernel's bare "Failed to register probe event": why, if the
 * kernel's lists say it, else where to look.
 */
static void explain_failure(struct kpdb_ctx *ctx, const struct kpdb_probe_spec *spec)
{
	struct kpdb_sym_facts f;
	struct kpdb_err kernel = ctx->err;
	char why[KPDB_ERR_MAX];

	if (!strstr(ctx->err.msg, "Failed to register probe event"))
		return;
	if (kernel_facts(ctx, spec, &f) && refusal(ctx, spec->symbol, &f) == 0) {
		snprintf(why, sizeof(why), "%s", ctx->err.msg);
		ctx->err = kernel;
		kpdb_err_set(&ctx->err, "%s\n%s", kernel.msg, why);
		return;
	}
	ctx->err = kernel;
	kpdb_err_set(&ctx->err, "%s\nthe kernel refuses kprobes on notrace functions and on those "
		     "of its kprobe blacklist: its log (dmesg) says which", kernel.msg);
}

/*
 * A function the running kernel has and the debug info does not: a
 * module's, or one of another build.  A raw probe needs no debug info
 * (the kernel finds the symbol): the resolver's error is dropped.  C
 * expressions need it: the error says which module has the function, whose
 * debug info MOD:SYMBOL reads.  Returns 0
 * when @spec can go on without the resolver, else -1 with ctx->err.
 */
static int kernel_function(struct kpdb_ctx *ctx, const struct kpdb_probe_spec *spec, bool needed)
{
	struct kpdb_sym_facts f;
	char text[400];

	/* the resolver's own words when it has no such function (dwarf-resolve.c) */
	if (strncmp(ctx->err.msg, "no function '", strlen("no function '")))
		return -1;
	if (!sym_facts(ctx, spec, &f) || (!f.traceable && !f.in_kallsyms))
		return -1;
	if (!needed) {
		kpdb_err_clear(&ctx->err);
		return 0;
	}
	if (!f.module[0])
		return -1;
	snprintf(text, sizeof(text), "it is a function of the loaded module '%s': bp %s:%s",
		 f.module, f.module, spec->symbol);
	err_append(ctx, text);
	return -1;
}

/* The error for a bare NAME the kernel has several text symbols of, listing them. */
static int list_ksyms(struct kpdb_ctx *ctx, const char *sym, const struct kpdb_ksym_cand *c,
		      size_t shown, int n)
{
	char list[KPDB_ERR_MAX / 2] = "";

	for (size_t i = 0; i < shown; i++) {
		size_t l = strlen(list);

		if (c[i].module[0])
			snprintf(list + l, sizeof(list) - l, "\n      %s:%s (module %s)",
				 c[i].module, sym, c[i].module);
		else
			snprintf(list + l, sizeof(list) - l, "\n  #%zu  0x%llx%s%s", i + 1,
				 c[i].addr, c[i].after[0] ? " after " : "", c[i].after);
	}
	return kpdb_err_set(&ctx->err, "'%s' is ambiguous: the kernel has %d functions of this "
			    "name:%s%s\nchoose one as %s#N (with the DWARF vmlinux, -k, bp names "
			    "their files)", sym, n, list, (size_t)n > shown ? "\n  ..." : "", sym);
}

/*
 * A name the running kernel has several text symbols of, which it refuses
 * ("not unique"): NAME#N picks the N-th of vmlinux's by address, written
 * as _text+OFF; a bare NAME lists them.  The DWARF resolver did this
 * already for vmlinux's own duplicates (the symbol is _text then).
 */
static int pick_symbol(struct kpdb_ctx *ctx, struct kpdb_probe_spec *spec)
{
	struct kpdb_ksym_cand c[64];
	unsigned long long text;
	int n, nv = 0;

	if (!spec->symbol || spec->module || !strcmp(spec->symbol, "_text"))
		return 0;
	if (ctx->dry_run || !ctx->tfs)
		n = -1;
	else
		n = kpdb_tfs_symbol_all(ctx->tfs, ctx->proc_dir, spec->symbol, c, 64, &text);
	if (n < 0) {
		if (spec->which > 1)
			return kpdb_err_set(&ctx->err, "'%s#%d': %s does not say which function "
					    "that is; the running kernel's kallsyms does (a live "
					    "session), or the DWARF vmlinux (-k)", spec->symbol,
					    spec->which, ctx->btf ? "BTF" : "the symbol alone");
		return 0;
	}
	for (int i = 0; i < n && i < 64; i++)
		nv += !c[i].module[0];
	if (n <= 1 && spec->which <= 1)
		return 0;
	if (!spec->which) {
		/* the DWARF's list names the files */
		if (!ctx->btf && dwarf_at_hand(ctx)) {
			struct kpdb_probe_spec copy;

			if (kpdb_probe_spec_copy(&copy, spec) < 0)
				return kpdb_err_set(&ctx->err, "out of memory");
			n = kpdb_dwarf_resolve(ctx->dw, &copy, &ctx->err) < 0 &&
			    strstr(ctx->err.msg, "is ambiguous") ? -1 : n;
			kpdb_probe_spec_free(&copy);
			if (n < 0)
				return -1;
		}
		return list_ksyms(ctx, spec->symbol, c, n < 16 ? (size_t)n : 16, n);
	}
	if (spec->which > nv)
		return kpdb_err_set(&ctx->err, "'%s#%d': the kernel has %d function%s '%s' (#1 to "
				    "#%d)", spec->symbol, spec->which, nv, nv == 1 ? "" : "s",
				    spec->symbol, nv);
	if (nv == 1 && n == 1)
		return 0;
	if (!text)
		return kpdb_err_set(&ctx->err, "'%s#%d': kallsyms has no _text to count from",
				    spec->symbol, spec->which);
	spec->offset += c[spec->which - 1].addr - text;
	free(spec->symbol);
	spec->symbol = strdup("_text");
	return spec->symbol ? 0 : kpdb_err_set(&ctx->err, "out of memory");
}

/*
 * A plain SYMBOL that the running kernel has in one loaded module only is
 * MOD:SYMBOL: its types come from the module, and the definition names it.
 * A name of a module and of vmlinux or another module is listed.
 */
static int find_module(struct kpdb_ctx *ctx, struct kpdb_probe_spec *spec)
{
	struct kpdb_ksym_cand c[2];
	unsigned long long text;
	int n;

	if (!spec->symbol || spec->module || spec->which || ctx->dry_run || !ctx->tfs ||
	    !strcmp(spec->symbol, "_text"))
		return 0;
	n = kpdb_tfs_symbol_all(ctx->tfs, ctx->proc_dir, spec->symbol, c, 2, &text);
	if (n > 1 && c[1].module[0])
		return pick_symbol(ctx, spec);
	if (n != 1 || !c[0].module[0])
		return 0;
	spec->module = strdup(c[0].module);
	return spec->module ? 0 : kpdb_err_set(&ctx->err, "out of memory");
}

/*
 * Complete @spec from the debug info, or fill @sites when its location is
 * a function that is always inlined: one resolved spec per inlined site.
 */
static int resolve(struct kpdb_ctx *ctx, struct kpdb_probe_spec *spec, struct kpdb_sites *sites)
{
	bool needed = kpdb_probe_spec_needs_dwarf(spec);

	if (find_module(ctx, spec) < 0)
		return -1;
	/*
	 * MOD:SYMBOL: with raw fetchargs the kernel decides (a module not
	 * loaded yet keeps the probe pending); C arguments need its types.
	 */
	if (spec->module) {
		struct kpdb_dwarf *mdw;

		if (kpdb_ctx_module_dwarf(ctx, spec->module, &mdw) < 0) {
			if (needed)
				return -1;
			kpdb_err_clear(&ctx->err);
			return 0;
		}
		/* raw fetchargs are as typed; a return probe's $retval gets its width */
		if (!needed && !spec->retprobe)
			return 0;
		return kpdb_dwarf_resolve(mdw, spec, &ctx->err);
	}
	/*
	 * With -k in a dry run the symbols are checked against that debug info;
	 * a symbol the kernel does not know may be an inlined function.
	 */
	if (!needed && !ctx->dw && !(ctx->dry_run && ctx->vmlinux) && symbol_probeable(ctx, spec) &&
	    !(spec->which && dwarf_at_hand(ctx)))
		return 0;
	if (kpdb_ctx_dwarf(ctx) < 0) {
		if (needed)
			return -1;
		kpdb_err_clear(&ctx->err);
		return 0;
	}
	/* BTF does not say where functions are: kallsyms lists a name's several */
	if (ctx->btf && !spec->which && pick_symbol(ctx, spec) < 0)
		return -1;
	/*
	 * BTF knows no inlined functions: a symbol the kernel does not have,
	 * with raw fetchargs, is for check_symbol() to report.
	 */
	if (!needed && ctx->btf && !symbol_probeable(ctx, spec))
		return 0;
	if (kpdb_dwarf_sites(ctx->dw, spec, sites, &ctx->err) != 0)
		return sites->n ? 0 : -1;
	if (kpdb_dwarf_resolve(ctx->dw, spec, &ctx->err) == 0)
		return 0;
	return kernel_function(ctx, spec, needed);
}

/* Room for @n more breakpoints. */
static int add_bp_slots(struct kpdb_ctx *ctx, size_t n)
{
	if (ctx->nbps + n > ctx->capbps) {
		size_t cap = ctx->capbps ? ctx->capbps * 2 : 8;
		struct kpdb_bp *v;

		while (cap < ctx->nbps + n)
			cap *= 2;
		v = realloc(ctx->bps, cap * sizeof(*v));

		if (!v)
			return kpdb_err_set(&ctx->err, "out of memory");
		ctx->bps = v;
		ctx->capbps = cap;
	}
	return 0;
}

/*
 * @copies: inlined copies of the function @bp's symbol, which it does not
 * probe (a function with a symbol is probed there only, for now).
 */
static void print_set(struct kpdb_ctx *ctx, const struct kpdb_bp *bp, const char *func,
		      size_t copies)
{
	if (ctx->json) {
		struct kpdb_json j;

		kpdb_json_begin(&j, ctx->out);
		kpdb_json_kv_int(&j, "bp", bp->num);
		kpdb_json_kv_str(&j, "name", bp->event);
		kpdb_json_kv_str(&j, "location", bp->spec->location);
		if (bp->inlined_in)
			kpdb_json_kv_str(&j, "inlined_in", bp->inlined_in);
		kpdb_json_kv_str(&j, "definition", bp->definition);
		kpdb_json_kv_str(&j, "filter", bp->filter);
		kpdb_json_kv_bool(&j, "written", !ctx->dry_run);
		if (copies)
			kpdb_json_kv_uint(&j, "inlined_copies_not_probed", copies);
		kpdb_json_end(&j);
		return;
	}
	if (ctx->dry_run) {
		/* lines that can be pasted into kprobe_events as they are */
		fprintf(ctx->out, "%s\n", bp->definition);
		if (bp->filter)
			fprintf(ctx->out, "# filter %s: %s\n", bp->event, bp->filter);
	} else if (bp->inlined_in) {
		fprintf(ctx->out, "Breakpoint %d at %s (inlined in %s)\n", bp->num,
			bp->spec->location, bp->inlined_in);
	} else {
		fprintf(ctx->out, "Breakpoint %d at %s\n", bp->num, bp->spec->location);
	}
	if (copies)
		fprintf(ctx->out, "%snote: '%s' is also inlined at %zu site%s, which this "
			"breakpoint does not probe\n", ctx->dry_run ? "# " : "", func, copies,
			copies == 1 ? "" : "s");
	fflush(ctx->out);
}

/*
 * The number of a new breakpoint that is named automatically: the first from
 * @num whose name bpN no breakpoint has.  A `-n bp2` may have taken one: the
 * number moves on with the name, so that an automatic bpN always names
 * breakpoint N, the one `bc N` and `bl N` act on.
 */
static int auto_num(struct kpdb_ctx *ctx, int num)
{
	char name[KPDB_NAME_MAX];

	for (;; num++) {
		snprintf(name, sizeof(name), "bp%d", num);
		if (!kpdb_bp_by_event(ctx, name))
			return num;
	}
}

/* bpN, or -n NAME; the sites after the first of an inlined function NAME_1, NAME_2... */
static int bp_event(struct kpdb_ctx *ctx, struct kpdb_bp *bp, const char *name, size_t site)
{
	struct kpdb_bp *other;
	int len;

	if (!name)
		len = snprintf(bp->event, sizeof(bp->event), "bp%d", bp->num);
	else if (!site)
		len = snprintf(bp->event, sizeof(bp->event), "%s", name);
	else
		len = snprintf(bp->event, sizeof(bp->event), "%s_%zu", name, site);
	if (len >= (int)sizeof(bp->event))
		return kpdb_err_set(&ctx->err, "event name '%s_%zu' is longer than %d characters",
				    name, site, KPDB_NAME_MAX - 1);
	other = kpdb_bp_by_event(ctx, bp->event);
	if (other)
		return kpdb_err_set(&ctx->err, "a probe named '%s' already exists (breakpoint %d)",
				    bp->event, other->num);
	return 0;
}

/* The definition and filter of @bp, whose spec is resolved. */
static int bp_build(struct kpdb_ctx *ctx, struct kpdb_bp *bp)
{
	int fret = 0;

	if (check_symbol(ctx, bp->spec) < 0)
		return -1;
	if (pick_symbol(ctx, bp->spec) < 0)
		return -1;
	bp->definition = kpdb_probe_spec_definition(bp->spec, ctx->group, bp->event, &ctx->err);
	if (!bp->definition)
		return -1;
	bp->filter = kpdb_probe_spec_filter(bp->spec, &fret, &ctx->err);
	return fret;
}

/* Disabled first, so a probe that cannot go (EBUSY) is shown as disabled. */
static int remove_probe(struct kpdb_ctx *ctx, struct kpdb_bp *bp)
{
	if (ctx->dry_run || !ctx->tfs)
		return 0;
	if (bp->enabled && kpdb_tfs_probe_enable(ctx->tfs, bp->event, false, &ctx->err) < 0)
		return -1;
	bp->enabled = false;
	return kpdb_tfs_probe_remove(ctx->tfs, bp->event, &ctx->err);
}

static void print_skipped(struct kpdb_ctx *ctx, const char *func, const struct kpdb_sites *sites)
{
	size_t skipped = sites->found - sites->n;

	if (!skipped)
		return;
	if (ctx->json) {
		struct kpdb_json j;

		kpdb_json_begin(&j, ctx->out);
		kpdb_json_kv_uint(&j, "skipped", skipped);
		kpdb_json_kv_uint(&j, "sites", sites->found);
		kpdb_json_kv_str(&j, "function", func);
		kpdb_json_kv_str(&j, "reason", sites->why);
		kpdb_json_end(&j);
	} else {
		fprintf(ctx->out, "%s %zu of the %zu inlined sites of '%s': %s\n",
			ctx->dry_run ? "# skipped" : "Skipped", skipped, sites->found, func,
			sites->why);
	}
	fflush(ctx->out);
}

/*
 * Undo the first @made probes of a command: a probe that cannot be removed
 * stays a (disabled) breakpoint of the session, so that exit removes it.
 */
static void rollback(struct kpdb_ctx *ctx, struct kpdb_bp *bps, size_t made)
{
	struct kpdb_err reason = ctx->err;

	for (size_t i = 0; i < made; i++) {
		bps[i].enabled = true;
		if (remove_probe(ctx, &bps[i]) == 0)
			continue;
		ctx->bps[ctx->nbps++] = bps[i];
		memset(&bps[i], 0, sizeof(bps[i]));
		ctx->next_bp = ctx->bps[ctx->nbps - 1].num + 1;
	}
	ctx->err = reason;
}

/* bp -s: the breakpoints being set get a stacktrace trigger before they are enabled */
static bool want_stack;

/*
 * Write @n built breakpoints to tracefs (not in a dry run) and make them the
 * session's, numbered from next_bp upwards: all or none.  On failure nothing of
 * them is left in tracefs and the caller releases @bps.
 */
static int commit_bps(struct kpdb_ctx *ctx, struct kpdb_bp *bps, size_t n, const char *func,
		      size_t copies)
{
	if (add_bp_slots(ctx, n) < 0)
		return -1;
	for (size_t made = 0; !ctx->dry_run && made < n; made++) {
		char *trigger = NULL;
		int r;

		if (want_stack && !(trigger = kpdb_bp_stack_trigger(ctx, &bps[made])))
			return kpdb_err_set(&ctx->err, "out of memory");
		r = kpdb_tfs_probe_add_trigger(ctx->tfs, bps[made].event, bps[made].definition,
					       bps[made].filter, trigger, &ctx->err);
		free(trigger);
		if (r < 0) {
			explain_failure(ctx, bps[made].spec);
			if (bps[made].inlined_in)
				kpdb_err_prefix(&ctx->err, "breakpoint %d (in %s)", bps[made].num,
						bps[made].inlined_in);
			rollback(ctx, bps, made);
			return -1;
		}
	}
	for (size_t i = 0; i < n; i++) {
		bps[i].enabled = true;
		ctx->bps[ctx->nbps++] = bps[i];
		print_set(ctx, &ctx->bps[ctx->nbps - 1], func, copies);
	}
	if (n)
		ctx->next_bp = bps[n - 1].num + 1;
	return 0;
}

/* One breakpoint per site of an inlined function, all or none. */
static int set_sites(struct kpdb_ctx *ctx, const struct kpdb_probe_spec *spec,
		     struct kpdb_sites *sites)
{
	struct kpdb_bp *bps = calloc(sites->n, sizeof(*bps));

	if (!bps)
		return kpdb_err_set(&ctx->err, "out of memory");
	for (size_t i = 0; i < sites->n; i++) {
		bps[i].num = i ? bps[i - 1].num + 1 : ctx->next_bp;
		if (!spec->name)
			bps[i].num = auto_num(ctx, bps[i].num);
		bps[i].spec = sites->v[i].spec;
		bps[i].inlined_in = sites->v[i].inlined_in;
		sites->v[i].spec = NULL;
		sites->v[i].inlined_in = NULL;
		if (bp_event(ctx, &bps[i], spec->name, i) < 0 || bp_build(ctx, &bps[i]) < 0)
			goto fail;
	}
	if (commit_bps(ctx, bps, sites->n, NULL, 0) < 0)
		goto fail;
	print_skipped(ctx, spec->symbol, sites);
	free(bps);
	return 0;
fail:
	for (size_t i = 0; i < sites->n; i++)
		kpdb_bp_release(&bps[i]);
	free(bps);
	return -1;
}

/*
 * The inlined copies of the function @func (a symbol of vmlinux, as the
 * user named it), which a probe on its symbol misses, when the debug info
 * is at hand (BTF does not know them).
 */
static size_t inlined_copies(struct kpdb_ctx *ctx, const char *func)
{
	struct kpdb_err saved = ctx->err;
	size_t n = 0;

	if (!func)
		return 0;
	if (dwarf_at_hand(ctx))
		n = kpdb_dwarf_inlined_copies(ctx->dw, func);
	ctx->err = saved;
	return n;
}

static int set_bp(struct kpdb_ctx *ctx, int argc, char **argv)
{
	struct kpdb_probe_spec *spec = calloc(1, sizeof(*spec));
	struct kpdb_sites sites = { 0 };
	struct kpdb_bp bp = { 0 };
	char *func = NULL;
	int ret;

	if (!spec)
		return kpdb_err_set(&ctx->err, "out of memory");
	if (kpdb_probe_spec_parse(argc - 1, argv + 1, spec, &ctx->err) < 0)
		goto fail;
	bp.num = spec->name ? ctx->next_bp : auto_num(ctx, ctx->next_bp);
	bp.spec = spec;
	/* a vmlinux function as named: its inlined copies are vmlinux's debug info's */
	if (spec->symbol && !spec->module && !(func = strdup(spec->symbol))) {
		kpdb_err_set(&ctx->err, "out of memory");
		goto fail;
	}
	if (bp_event(ctx, &bp, spec->name, 0) < 0 || resolve(ctx, spec, &sites) < 0)
		goto fail;
	if (sites.n) {
		ret = set_sites(ctx, spec, &sites);
		if (ret < 0)
			kpdb_probe_spec_explain(spec, &ctx->err);
		kpdb_sites_free(&sites);
		kpdb_probe_spec_free(spec);
		free(spec);
		free(func);
		return ret;
	}
	if (bp_build(ctx, &bp) < 0 ||
	    commit_bps(ctx, &bp, 1, func, inlined_copies(ctx, func)) < 0)
		goto fail;
	free(func);
	return 0;
fail:
	free(func);
	/* the resolver names a failing argument by its field: not f1 of a filter */
	kpdb_probe_spec_explain(spec, &ctx->err);
	bp.spec = NULL;
	kpdb_bp_release(&bp);
	kpdb_probe_spec_free(spec);
	free(spec);
	return -1;
}

/*
 * Take bp's own -s (each hit carries its kernel stack) out of the options
 * before LOCATION; the rest is the probe spec's.  Returns the new argc.
 */
static int take_stack_opt(int argc, char **argv, bool *stack)
{
	int i = 1;

	*stack = false;
	while (i < argc && argv[i][0] == '-' && argv[i][1]) {
		if (!strcmp(argv[i], "-s")) {
			char *s = argv[i];

			*stack = true;
			/*
			 * Past the words the handler sees, but still in the
			 * array: its owner frees every string of it (the copy
			 * of a pasted line frees only the array).
			 */
			memmove(&argv[i], &argv[i + 1], (argc - i - 1) * sizeof(*argv));
			argv[--argc] = s;
			continue;
		}
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "-n"))
			i++;
		i++;
	}
	return argc;
}

static int cmd_bp(struct kpdb_ctx *ctx, int argc, char **argv)
{
	size_t before = ctx->nbps;
	bool stack;
	int ret;

	argc = take_stack_opt(argc, argv, &stack);
	if (argc < 2)
		return kpdb_cmd_usage(ctx, kpdb_cmd_find("bp"));
	want_stack = stack;
	ret = set_bp(ctx, argc, argv);
	want_stack = false;
	if (ret < 0)
		return -1;
	/* a dry run shows the trigger it would write */
	for (size_t i = before; stack && ctx->dry_run && i < ctx->nbps; i++)
		if (kpdb_bp_stack_set(ctx, &ctx->bps[i], true) < 0)
			return -1;
	return 0;
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

/* LOCATION, or FUNC@CALLER+0x24 for a site of an inlined function. */
static const char *where_text(const struct kpdb_bp *bp, char *buf, size_t len)
{
	if (!bp->inlined_in)
		return bp->spec->location;
	snprintf(buf, len, "%s@%s", bp->spec->location, bp->inlined_in);
	return buf;
}

/* One row of bl: what it shows of a breakpoint. */
struct bl_row {
	const struct kpdb_bp *bp;
	char wbuf[512];
	const char *where;
	bool have;			/* hits and misses known */
	unsigned long hits, miss;
	char *what;
};

/* Columns as wide as their widest cell, and at least as wide as they always were. */
struct bl_widths {
	int num, hits, miss, where;
};

static int digits(unsigned long v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static void row_fill(struct kpdb_ctx *ctx, const struct kpdb_bp *bp, struct bl_row *r)
{
	r->bp = bp;
	r->where = where_text(bp, r->wbuf, sizeof(r->wbuf));
	r->hits = r->miss = 0;
	r->have = ctx->tfs && kpdb_tfs_probe_stats(ctx->tfs, bp->event, &r->hits, &r->miss) == 0;
	r->what = what_text(bp->spec);
}

static void widen(struct bl_widths *w, const struct bl_row *r)
{
	int n = (int)strlen(r->where);

	if (digits((unsigned long)r->bp->num) > w->num)
		w->num = digits((unsigned long)r->bp->num);
	if (r->have && digits(r->hits) > w->hits)
		w->hits = digits(r->hits);
	if (r->have && digits(r->miss) > w->miss)
		w->miss = digits(r->miss);
	/* a long location takes its own width, up to a point: What starts where it ends */
	if (n > w->where && n <= 64)
		w->where = n;
}

static void list_one(struct kpdb_ctx *ctx, const struct bl_row *r, const struct bl_widths *w)
{
	const struct kpdb_bp *bp = r->bp;
	const char *type = bp->spec->retprobe ? "kretprobe" : "kprobe";
	const char *what = r->what ? r->what : "";

	if (ctx->json) {
		struct kpdb_json j;

		kpdb_json_begin(&j, ctx->out);
		kpdb_json_kv_int(&j, "bp", bp->num);
		kpdb_json_kv_str(&j, "name", bp->event);
		kpdb_json_kv_str(&j, "type", type);
		kpdb_json_kv_bool(&j, "enabled", bp->enabled);
		if (r->have) {
			kpdb_json_kv_uint(&j, "hits", r->hits);
			kpdb_json_kv_uint(&j, "misses", r->miss);
		} else {
			kpdb_json_kv_str(&j, "hits", NULL);
			kpdb_json_kv_str(&j, "misses", NULL);
		}
		kpdb_json_kv_str(&j, "where", r->where);
		kpdb_json_kv_str(&j, "what", what);
		kpdb_json_kv_str(&j, "definition", bp->definition);
		if (kpdb_bp_stack_on(ctx, bp))
			kpdb_json_kv_bool(&j, "stack", true);
		if (kpdb_bp_hist(ctx, bp))
			kpdb_json_kv_str(&j, "hist", kpdb_bp_hist(ctx, bp));
		kpdb_json_end(&j);
		return;
	} else if (r->have) {
		fprintf(ctx->out, "%-*d %-9s %-3s %*lu %*lu %-*s %s\n", w->num, bp->num, type,
			bp->enabled ? "y" : "n", w->hits, r->hits, w->miss, r->miss, w->where,
			r->where, what);
	} else {
		fprintf(ctx->out, "%-*d %-9s %-3s %*s %*s %-*s %s\n", w->num, bp->num, type,
			bp->enabled ? "y" : "n", w->hits, "-", w->miss, "-", w->where, r->where,
			what);
	}
	/* gdb's way: what is attached to a breakpoint goes on lines under it */
	if (kpdb_bp_stack_on(ctx, bp))
		fprintf(ctx->out, "\tkernel stack recorded at each hit (bt)\n");
	if (kpdb_bp_hist(ctx, bp))
		fprintf(ctx->out, "\taggregated in the kernel: %s\n", kpdb_bp_hist(ctx, bp));
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
	struct bl_widths w = { .num = 4, .hits = 6, .miss = 6, .where = 24 };
	int lo = 1, hi = INT_MAX;
	struct bl_row *rows;
	size_t shown = 0;

	if (argc > 2)
		return kpdb_cmd_usage(ctx, kpdb_cmd_find("bl"));
	if (argc == 2) {
		if (parse_target(ctx, argv[1], &lo, &hi) < 0)
			return -1;
		if (lo == hi && !bp_by_num(ctx, lo))
			return kpdb_err_set(&ctx->err, "no breakpoint %d", lo);
	}
	rows = calloc(ctx->nbps ? ctx->nbps : 1, sizeof(*rows));
	if (!rows)
		return kpdb_err_set(&ctx->err, "out of memory");
	for (size_t i = 0; i < ctx->nbps; i++) {
		if (ctx->bps[i].num < lo || ctx->bps[i].num > hi)
			continue;
		row_fill(ctx, &ctx->bps[i], &rows[shown]);
		widen(&w, &rows[shown++]);
	}
	if (!ctx->json && ctx->nbps)
		fprintf(ctx->out, "%-*s %-9s %-3s %*s %*s %-*s %s\n", w.num, "Num", "Type", "Enb",
			w.hits, "Hits", w.miss, "Miss", w.where, "Where", "What");
	for (size_t i = 0; i < shown; i++) {
		list_one(ctx, &rows[i], &w);
		free(rows[i].what);
	}
	free(rows);
	if (!shown && !ctx->json)
		fprintf(ctx->out, "No breakpoints.\n");
	fflush(ctx->out);
	return 0;
}

static int clear_one(struct kpdb_ctx *ctx, size_t i)
{
	struct kpdb_bp *bp = &ctx->bps[i];

	if (remove_probe(ctx, bp) < 0)
		return -1;
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

/* Breakpoint ranges [lo, hi] of bc/be/bd: N, N-M, * each. */
struct targets {
	int (*v)[2];
	int n;
};

static bool targeted(const struct targets *t, int num)
{
	for (int k = 0; k < t->n; k++)
		if (num >= t->v[k][0] && num <= t->v[k][1])
			return true;
	return false;
}

/* ctx->err for a target that matches no breakpoint; -1. */
static int no_match(struct kpdb_ctx *ctx, int lo, int hi)
{
	if (lo == hi)
		return kpdb_err_set(&ctx->err, "no breakpoint %d", lo);
	if (hi == INT_MAX && lo == 1)
		return kpdb_err_set(&ctx->err, "no breakpoints");
	return kpdb_err_set(&ctx->err, "no breakpoints in %d-%d", lo, hi);
}

/*
 * bc, be, bd: one handler, as in kdb; several numbers and ranges as gdb's
 * delete, enable and disable take them ("bd 3 4 7-9").  All are parsed
 * first, so that a typo acts on nothing; one that matches no breakpoint is
 * an error once the others are done.
 */
static int cmd_bc(struct kpdb_ctx *ctx, int argc, char **argv)
{
	bool clear = !strcmp(argv[0], "bc"), on = !strcmp(argv[0], "be");
	struct targets t = { .n = argc - 1 };
	int ret = 0, missing = -1;

	if (argc < 2)
		return kpdb_cmd_usage(ctx, kpdb_cmd_find(argv[0]));
	t.v = calloc((size_t)t.n, sizeof(*t.v));
	if (!t.v)
		return kpdb_err_set(&ctx->err, "out of memory");
	for (int k = 0; k < t.n; k++) {
		bool matched = false;

		if (parse_target(ctx, argv[k + 1], &t.v[k][0], &t.v[k][1]) < 0) {
			free(t.v);
			return -1;
		}
		for (size_t i = 0; i < ctx->nbps && !matched; i++)
			matched = ctx->bps[i].num >= t.v[k][0] && ctx->bps[i].num <= t.v[k][1];
		if (!matched && missing < 0)
			missing = k;
	}
	for (size_t i = 0; i < ctx->nbps;) {
		struct kpdb_bp *bp = &ctx->bps[i];

		if (!targeted(&t, bp->num)) {
			i++;
			continue;
		}
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
	if (missing >= 0 && ret == 0)
		ret = no_match(ctx, t.v[missing][0], t.v[missing][1]);
	free(t.v);
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
	"LOCATION: SYMBOL, SYMBOL+OFFSET, SYMBOL%return, SYMBOL:LINE (from the\n"
	"  function's first line), FILE:LINE, FILE:FUNC (a static function of one\n"
	"  file), NAME#N (the N-th by address of the functions named NAME, for a\n"
	"  name the kernel has several of: a bare NAME lists them), MOD:FUNC (a\n"
	"  module's, loaded or not; a FUNC only a loaded module has is its), sys:NAME (a\n"
	"  syscall's entry; its arguments by name, from pt_regs),\n"
	"  or a pasted kprobe line: p:NAME SYMBOL ARGS / r:NAME SYMBOL ARGS.\n"
	"  A function that is always inlined gets one breakpoint per inlined site\n"
	"  (CALLER+OFF, arguments resolved there; sites that cannot fetch them are\n"
	"  skipped and reported; no %return, at most 64 sites); bc N-M clears them.\n"
	"  A function with a symbol that is also inlined elsewhere is probed at its\n"
	"  symbol only: bp says how many inlined copies that leaves out.\n"
	"  A function the kernel refuses (notrace, on the kprobe blacklist) is\n"
	"  refused before anything is written, with what to probe instead if known.\n"
	"ARG: [NAME=]EXPR[:TYPE], EXPR a raw fetcharg (%di, +8(%si), $retval, $comm,\n"
	"  $argN, $stackN, @sym, \\imm) or a C expression resolved from DWARF\n"
	"  (sk->__sk_common.skc_dport, ((struct sockaddr_in *)uservaddr)->sin_addr,\n"
	"  $params for every parameter),\n"
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
	"  bp -s do_sys_openat2 filename     (-s: each hit shows its kernel stack; see bt)\n"
	"  bp __sys_connect ((struct sockaddr_in *)uservaddr)->sin_port";

static const char bc_details[] =
	"Several numbers and ranges may be given, as gdb takes them: bd 3 4 7-9.\n"
	"A number that names no breakpoint is an error once the others are done.";

const struct kpdb_cmd kpdb_breakpoint_cmds[] = {
	{ "bp", cmd_bp, "bp [-r] [-s] [-n NAME] LOCATION [ARG]... [if FILTER]",
	  "set a kprobe (-r: a kretprobe) and enable it", bp_details,
	  KPDB_CMD_TRACEFS | KPDB_CMD_MIN_ARGS(1) },
	{ "bl", cmd_bl, "bl [N]", "list breakpoints with hit and miss counts",
	  "Columns: Num Type Enb Hits Miss Where What; hits and misses come from kprobe_profile.",
	  0 },
	{ "bc", cmd_bc, "bc N|N-M|*", "clear breakpoints (disabling them first)", NULL, 0 },
	{ "be", cmd_bc, "be N|N-M|*", "enable breakpoints", bc_details, 0 },
	{ "bd", cmd_bc, "bd N|N-M|*", "disable breakpoints", bc_details, 0 },
	{ NULL },
};
