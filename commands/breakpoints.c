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
#include "kpdb.h"
#include "lat.h"
#include "output.h"
#include "probe-spec.h"
#include "resolver.h"
#include "stacks.h"

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
 * Whether the running kernel is asked about @spec's symbol: not when there
 * is nothing to ask (no symbol, a module's, which may come with the module
 * later, a dry run: symbols are checked against the debug info there,
 * never against this machine).
 */
static bool ask_kernel(const struct kpdb_ctx *ctx, const struct kpdb_probe_spec *spec)
{
	return spec->symbol && !spec->module && ctx->tfs && !ctx->dry_run &&
	       strcmp(spec->symbol, "_text");
}

/*
 * What the running kernel says about @spec's symbol: false when it is not
 * asked.  When kallsyms cannot be read, the symbol is taken to be in it:
 * the kernel decides.
 */
static bool sym_facts(struct kpdb_ctx *ctx, const struct kpdb_probe_spec *spec,
		      struct kpdb_sym_facts *f)
{
	if (!ask_kernel(ctx, spec))
		return false;
	if (kpdb_tfs_symbol_facts(ctx->tfs, ctx->proc_dir, spec->symbol, f) < 0)
		f->in_kallsyms = true;
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
	} else if (f->blacklist && !strcmp(f->blacklist, "init text")) {
		kpdb_err_set(&ctx->err, "'%s' is in the kernel's init text, freed after boot: "
			     "there is nothing left to probe", sym);
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
 * The first two of the running kernel's text symbols named as @spec's
 * plain SYMBOL, vmlinux's first, in @c: how many there are, 0 when it is
 * not asked.  c[0] is a module's when vmlinux has none: where
 * find_module() and kernel_function() learn which module has a function.
 */
static int module_cands(struct kpdb_ctx *ctx, const struct kpdb_probe_spec *spec,
			struct kpdb_ksym_cand c[2])
{
	unsigned long long text;

	if (!ask_kernel(ctx, spec))
		return 0;
	return kpdb_tfs_symbol_all(ctx->tfs, ctx->proc_dir, spec->symbol, c, 2, &text);
}

/*
 * A function the running kernel has and the debug info does not: a
 * module's, or one of another build.  A raw probe needs no debug info
 * (the kernel finds the symbol): the resolver's error is dropped.  C
 * expressions need it: for a NAME#N, which find_module() leaves alone,
 * the error says which module has the function, whose debug info
 * MOD:SYMBOL reads.  Returns 0 when @spec can go on without the resolver,
 * else -1 with ctx->err.
 */
static int kernel_function(struct kpdb_ctx *ctx, const struct kpdb_probe_spec *spec, bool needed)
{
	struct kpdb_sym_facts f;
	struct kpdb_ksym_cand c[2];
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
	if (module_cands(ctx, spec, c) < 1 || !c[0].module[0])
		return -1;
	snprintf(text, sizeof(text), "it is a function of the loaded module '%s': bp %s:%s",
		 c[0].module, c[0].module, spec->symbol);
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
 * A name of a module and of vmlinux or another module is listed.  NAME#N
 * counts vmlinux's functions: it is left as it is.
 */
static int find_module(struct kpdb_ctx *ctx, struct kpdb_probe_spec *spec)
{
	struct kpdb_ksym_cand c[2];
	int n = spec->which ? 0 : module_cands(ctx, spec, c);

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
 * What one new breakpoint is: @n probes (bps[0] on the function's symbol
 * when @symbol, the others on inlined sites).  @copies: inlined copies of
 * @func that it does not probe (-S); @no_symbol: why the symbol is not
 * probed, or NULL.
 */
struct set_what {
	bool symbol;
	const char *func;
	size_t copies;
	const char *no_symbol;
	size_t refused;			/* probes the kernel refused when written */
	char refused_why[KPDB_ERR_MAX];	/* the first one's reason */
};

static void print_set_json(struct kpdb_ctx *ctx, const struct kpdb_bp *bps, size_t n,
			   const struct set_what *sw)
{
	const struct kpdb_bp *bp = &bps[0];
	struct kpdb_json j;

	kpdb_json_begin(&j, ctx->out);
	kpdb_json_kv_int(&j, "bp", bp->num);
	kpdb_json_kv_str(&j, "name", bp->event);
	kpdb_json_kv_str(&j, "location", bp->spec->location);
	if (n == 1 && bp->inlined_in)
		kpdb_json_kv_str(&j, "inlined_in", bp->inlined_in);
	kpdb_json_kv_str(&j, "definition", bp->definition);
	kpdb_json_kv_str(&j, "filter", bp->filter);
	kpdb_json_kv_bool(&j, "written", !ctx->dry_run);
	if (n > 1) {
		kpdb_json_kv_uint(&j, "sites", n);
		kpdb_json_kv_bool(&j, "symbol", sw->symbol);
		kpdb_json_arr(&j, "probes");
		for (size_t i = 0; i < n; i++) {
			kpdb_json_obj(&j, NULL);
			kpdb_json_kv_str(&j, "name", bps[i].event);
			kpdb_json_kv_str(&j, "inlined_in", bps[i].inlined_in);
			kpdb_json_kv_str(&j, "definition", bps[i].definition);
			kpdb_json_close(&j);
		}
		kpdb_json_close(&j);
	}
	if (sw->no_symbol)
		kpdb_json_kv_str(&j, "symbol_not_probed", sw->no_symbol);
	if (sw->refused) {
		kpdb_json_kv_uint(&j, "refused", sw->refused);
		kpdb_json_kv_str(&j, "refused_reason", sw->refused_why);
	}
	if (sw->copies)
		kpdb_json_kv_uint(&j, "inlined_copies_not_probed", sw->copies);
	kpdb_json_end(&j);
}

static void print_set(struct kpdb_ctx *ctx, const struct kpdb_bp *bps, size_t n,
		      const struct set_what *sw)
{
	const struct kpdb_bp *bp = &bps[0];
	const char *note = ctx->dry_run ? "# note" : "note";
	size_t sites = n - (sw->symbol ? 1 : 0);

	if (ctx->json) {
		print_set_json(ctx, bps, n, sw);
		fflush(ctx->out);
		return;
	}
	if (ctx->dry_run) {
		/* lines that can be pasted into kprobe_events as they are */
		for (size_t i = 0; i < n; i++) {
			fprintf(ctx->out, "%s\n", bps[i].definition);
			if (bps[i].filter)
				fprintf(ctx->out, "# filter %s: %s\n", bps[i].event, bps[i].filter);
		}
		if (n > 1)
			fprintf(ctx->out, "# breakpoint %d: %s%zu inlined site%s\n", bp->num,
				sw->symbol ? "1 symbol + " : "", sites, sites == 1 ? "" : "s");
	} else if (n == 1 && bp->inlined_in) {
		fprintf(ctx->out, "Breakpoint %d at %s (inlined in %s)\n", bp->num,
			bp->spec->location, bp->inlined_in);
	} else if (n == 1) {
		fprintf(ctx->out, "Breakpoint %d at %s\n", bp->num, bp->spec->location);
	} else {
		fprintf(ctx->out, "Breakpoint %d at %s: %s%zu inlined site%s\n", bp->num,
			sw->func ? sw->func : bp->spec->location, sw->symbol ? "1 symbol + " : "",
			sites, sites == 1 ? "" : "s");
	}
	if (sw->no_symbol)
		fprintf(ctx->out, "%s: not at its symbol: %s\n", note, sw->no_symbol);
	if (sw->refused)
		fprintf(ctx->out, "%s: the kernel refused %zu more site%s: %s\n", note, sw->refused,
			sw->refused == 1 ? "" : "s", sw->refused_why);
	if (sw->copies)
		fprintf(ctx->out, "%s: '%s' is also inlined at %zu site%s, which this breakpoint "
			"does not probe (-S)\n", note, sw->func, sw->copies,
			sw->copies == 1 ? "" : "s");
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

	if (!name && !site)
		len = snprintf(bp->event, sizeof(bp->event), "bp%d", bp->num);
	else if (!name)
		len = snprintf(bp->event, sizeof(bp->event), "bp%d_%zu", bp->num, site);
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
 * Write the @n probes of one new breakpoint to tracefs (not in a dry run)
 * and make them the session's: all or none.  On failure nothing of them is
 * left in tracefs and the caller releases @bps.
 */
static int commit_bps(struct kpdb_ctx *ctx, struct kpdb_bp *bps, size_t n,
		      struct set_what *sw)
{
	struct kpdb_err first = { "" };
	size_t kept = 0;

	if (add_bp_slots(ctx, n) < 0)
		return -1;
	for (size_t made = 0; !ctx->dry_run && made < n; made++) {
		char *trigger = NULL;
		int r;

		if (want_stack && !(trigger = kpdb_bp_stack_trigger(ctx, &bps[made]))) {
			rollback(ctx, bps, kept);
			return kpdb_err_set(&ctx->err, "out of memory");
		}
		r = kpdb_tfs_probe_add_trigger(ctx->tfs, bps[made].event, bps[made].definition,
					       bps[made].filter, trigger, &ctx->err);
		free(trigger);
		if (r < 0) {
			explain_failure(ctx, bps[made].spec);
			if (bps[made].inlined_in)
				kpdb_err_prefix(&ctx->err, "breakpoint %d (in %s)", bps[made].num,
						bps[made].inlined_in);
			if (n == 1) {
				rollback(ctx, bps, kept);
				return -1;
			}
			/*
			 * One of many sites: the kernel may refuse some for
			 * reasons kpdb cannot see (a jump label there); the
			 * breakpoint goes on without them, as perf's sites do.
			 */
			if (!sw->refused++)
				first = ctx->err;
			if (made == 0 && sw->symbol)
				sw->symbol = false;
			kpdb_err_clear(&ctx->err);
			kpdb_bp_release(&bps[made]);
			continue;
		}
		if (kept != made) {
			bps[kept] = bps[made];
			memset(&bps[made], 0, sizeof(bps[made]));
		}
		kept++;
	}
	if (ctx->dry_run)
		kept = n;
	if (!kept) {
		ctx->err = first;
		return -1;
	}
	if (sw->refused)
		snprintf(sw->refused_why, sizeof(sw->refused_why), "%.*s",
			 (int)strcspn(first.msg, "\n"), first.msg);
	for (size_t i = 0; i < kept; i++) {
		bps[i].enabled = true;
		ctx->bps[ctx->nbps++] = bps[i];
	}
	print_set(ctx, &ctx->bps[ctx->nbps - kept], kept, sw);
	ctx->next_bp = bps[0].num + 1;
	return 0;
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

/* Probes one bp writes without asking: perf probe's MAX_PROBES is 128. */
#define ASK_ABOVE 64

/* At the prompt, ask before writing many probes; -y, --batch and scripts go on. */
static bool confirm_many(struct kpdb_ctx *ctx, const char *func, size_t n)
{
	char q[400];

	if (n <= ASK_ABOVE || ctx->yes || ctx->batch || ctx->dry_run || !ctx->interactive)
		return true;
	snprintf(q, sizeof(q), "'%s' is at %zu places: write %zu kprobes?", func, n, n);
	return kpdb_confirm(q);
}

/*
 * The probes of one breakpoint @num at each of @sites, from bps[@k] on:
 * each a probe of its own (event bpN_K, or NAME_K) with its resolved spec.
 * A site in a function the kernel refuses to probe (on its blacklist,
 * notrace) is left out as a site that cannot fetch its arguments is, and
 * counted in @sites.  Returns the number of probes added, or -1.
 */
static int add_sites(struct kpdb_ctx *ctx, struct kpdb_bp *bps, size_t k, int num,
		     const char *name, struct kpdb_sites *sites)
{
	size_t first = k;

	for (size_t i = 0; i < sites->n; i++) {
		bps[k].num = num;
		bps[k].spec = sites->v[i].spec;
		bps[k].inlined_in = sites->v[i].inlined_in;
		sites->v[i].spec = NULL;
		sites->v[i].inlined_in = NULL;
		if (check_symbol(ctx, bps[k].spec) < 0) {
			if (!sites->why[0])
				snprintf(sites->why, sizeof(sites->why), "at %.100s: %.900s",
					 bps[k].inlined_in, ctx->err.msg);
			kpdb_err_clear(&ctx->err);
			kpdb_bp_release(&bps[k]);
			continue;
		}
		if (bp_event(ctx, &bps[k], name, k) < 0 || bp_build(ctx, &bps[k]) < 0) {
			for (size_t r = first; r <= k; r++)
				kpdb_bp_release(&bps[r]);
			return -1;
		}
		k++;
	}
	/* moved into @bps: what is left of @sites is the count of those probed */
	sites->n = k - first;
	return (int)sites->n;
}

/*
 * Can @spec's arguments be fetched at an inlined copy?  C expressions are
 * resolved there; $comm and @symbol mean the same anywhere; a register, a
 * stack slot or $argN means the function's own entry only.
 */
static bool site_safe(const struct kpdb_probe_spec *spec)
{
	for (size_t i = 0; i < spec->nargs; i++) {
		const struct kpdb_arg *a = &spec->args[i];

		if (a->c_expr || !a->fetch)
			continue;
		if (strncmp(a->fetch, "$comm", 5) && a->fetch[0] != '@' && a->fetch[0] != '\\')
			return false;
	}
	return true;
}

/* A new breakpoint being put together: its probes and what they are. */
struct new_bp {
	struct kpdb_bp first;		/* on the location as named; owns the spec */
	bool first_taken;		/* moved into @bps */
	struct kpdb_bp *bps;
	size_t n;
	struct kpdb_sites sites;	/* an always-inlined function's sites */
	struct kpdb_sites copies;	/* a partly inlined function's copies */
	struct kpdb_probe_spec orig;	/* the spec as parsed, for the copies */
	bool have_orig;
	char *func;
	char no_symbol[KPDB_ERR_MAX];
	struct set_what sw;
};

static void new_bp_release(struct new_bp *nb)
{
	for (size_t i = 0; i < nb->n; i++)
		kpdb_bp_release(&nb->bps[i]);
	free(nb->bps);
	if (!nb->first_taken)
		kpdb_bp_release(&nb->first);
	kpdb_sites_free(&nb->sites);
	kpdb_sites_free(&nb->copies);
	if (nb->have_orig)
		kpdb_probe_spec_free(&nb->orig);
	free(nb->func);
}

/*
 * The probes of a function that has a symbol: the symbol's, and unless
 * @symbol_only one at each inlined copy, as perf probe sets them.  A symbol
 * the kernel refuses (a notrace stub) is left out when there are copies.
 */
static int build_symbol(struct kpdb_ctx *ctx, struct new_bp *nb, bool symbol_only)
{
	struct kpdb_probe_spec *spec = nb->first.spec;
	bool take = true;
	int added;

	if (nb->have_orig && dwarf_at_hand(ctx) && !ctx->btf &&
	    kpdb_dwarf_copy_sites(ctx->dw, &nb->orig, &nb->copies, &ctx->err) < 0)
		return -1;
	if (nb->copies.n && check_symbol(ctx, spec) < 0) {
		snprintf(nb->no_symbol, sizeof(nb->no_symbol), "%s", ctx->err.msg);
		kpdb_err_clear(&ctx->err);
		nb->sw.no_symbol = nb->no_symbol;
		take = false;
	} else if (bp_build(ctx, &nb->first) < 0) {
		return -1;
	}
	nb->bps = calloc((take ? 1 : 0) + nb->copies.n, sizeof(*nb->bps));
	if (!nb->bps)
		return kpdb_err_set(&ctx->err, "out of memory");
	if (take) {
		nb->bps[nb->n++] = nb->first;
		nb->first_taken = true;
		nb->sw.symbol = true;
	}
	if (symbol_only)
		nb->sw.copies = inlined_copies(ctx, nb->func);
	added = add_sites(ctx, nb->bps, nb->n, nb->first.num, spec->name, &nb->copies);
	if (added < 0)
		return -1;
	nb->n += (size_t)added;
	if (!nb->n)
		return kpdb_err_set(&ctx->err, "%s; and the kernel refuses to probe every function "
				    "'%s' is inlined in (%s)", nb->no_symbol, nb->func,
				    nb->copies.why);
	return 0;
}

static int set_bp(struct kpdb_ctx *ctx, int argc, char **argv, bool symbol_only)
{
	struct new_bp nb = { 0 };
	struct kpdb_probe_spec *spec = calloc(1, sizeof(*spec));
	const struct kpdb_sites *skipped;
	int ret = -1, added;

	if (!spec)
		return kpdb_err_set(&ctx->err, "out of memory");
	nb.first.spec = spec;
	if (kpdb_probe_spec_parse(argc - 1, argv + 1, spec, &ctx->err) < 0)
		goto out;
	nb.first.num = spec->name ? ctx->next_bp : auto_num(ctx, ctx->next_bp);
	/* a vmlinux function as named: its inlined copies are vmlinux's debug info's */
	if (spec->symbol && !spec->module && !(nb.func = strdup(spec->symbol)))
		goto oom;
	nb.sw.func = nb.func;
	/* as parsed: each inlined copy resolves it in its own scope */
	if (nb.func && !symbol_only && !spec->which && !spec->pasted && site_safe(spec)) {
		if (kpdb_probe_spec_copy(&nb.orig, spec) < 0)
			goto oom;
		nb.have_orig = true;
	}
	if (bp_event(ctx, &nb.first, spec->name, 0) < 0 || resolve(ctx, spec, &nb.sites) < 0)
		goto out;
	if (nb.sites.n && symbol_only) {
		kpdb_err_set(&ctx->err, "'%s' is always inlined: it has no symbol for -S to probe",
			     nb.func);
		goto out;
	}
	if (nb.sites.n && !site_safe(spec)) {
		kpdb_err_set(&ctx->err, "'%s' is always inlined: a register, a stack slot or $argN "
			     "means a function's own entry, which it has not; name its arguments "
			     "as C expressions", nb.func);
		goto out;
	}
	if (nb.sites.n) {
		/* always inlined: a probe at each site, none on a symbol */
		nb.bps = calloc(nb.sites.n, sizeof(*nb.bps));
		if (!nb.bps)
			goto oom;
		added = add_sites(ctx, nb.bps, 0, nb.first.num, spec->name, &nb.sites);
		if (added < 0)
			goto out;
		nb.n = (size_t)added;
		if (!nb.n) {
			kpdb_err_set(&ctx->err, "'%s' is always inlined, and the kernel refuses to "
				     "probe every function it is inlined in (%s)", nb.func,
				     nb.sites.why);
			goto out;
		}
		skipped = &nb.sites;
	} else {
		if (build_symbol(ctx, &nb, symbol_only) < 0)
			goto out;
		skipped = &nb.copies;
	}
	if (!confirm_many(ctx, nb.func ? nb.func : spec->location, nb.n)) {
		kpdb_err_set(&ctx->err, "breakpoint not set");
		goto out;
	}
	if (commit_bps(ctx, nb.bps, nb.n, &nb.sw) < 0)
		goto out;
	/* the session has them now */
	nb.n = 0;
	print_skipped(ctx, nb.func, skipped);
	ret = 0;
	goto out;
oom:
	kpdb_err_set(&ctx->err, "out of memory");
out:
	/* the resolver names a failing argument by its field: not f1 of a filter */
	if (ret < 0)
		kpdb_probe_spec_explain(spec, &ctx->err);
	new_bp_release(&nb);
	return ret;
}

/*
 * Take bp's own options out of those before LOCATION: -s (each hit
 * carries its kernel stack), -S (the function's symbol only, not its
 * inlined copies); the rest is the probe spec's.  Returns the new argc.
 */
static int take_bp_opts(int argc, char **argv, bool *stack, bool *symbol_only)
{
	int i = 1;

	*stack = *symbol_only = false;
	while (i < argc && argv[i][0] == '-' && argv[i][1]) {
		if (!strcmp(argv[i], "-s") || !strcmp(argv[i], "-S") ||
		    !strcmp(argv[i], "--symbol-only")) {
			char *s = argv[i];

			if (!strcmp(s, "-s"))
				*stack = true;
			else
				*symbol_only = true;
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
	bool stack, symbol_only;
	int ret;

	argc = take_bp_opts(argc, argv, &stack, &symbol_only);
	if (argc < 2)
		return KPDB_CMD_USAGE;
	want_stack = stack;
	ret = set_bp(ctx, argc, argv, symbol_only);
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

/*
 * One row of bl: a breakpoint (its probes summed), or with -v one of the
 * probes of a breakpoint that has several, numbered N.K as gdb numbers the
 * locations of a breakpoint.
 */
struct bl_row {
	const struct kpdb_bp *bp;	/* the (first) probe */
	size_t nprobes;			/* of the breakpoint; 0 for a row N.K */
	char num[32];
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

/* The row of the @n probes from @bp on (one breakpoint), or of the probe @bp as N.@k. */
static void row_fill(struct kpdb_ctx *ctx, const struct kpdb_bp *bp, size_t n, size_t k,
		     struct bl_row *r)
{
	r->bp = bp;
	r->nprobes = k ? 0 : n;
	r->have = ctx->tfs != NULL;
	r->hits = r->miss = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned long h = 0, m = 0;

		if (ctx->tfs && kpdb_tfs_probe_stats(ctx->tfs, bp[i].event, &h, &m) < 0)
			r->have = false;
		r->hits += h;
		r->miss += m;
	}
	if (k) {
		snprintf(r->num, sizeof(r->num), "%d.%zu", bp->num, k);
		r->where = where_text(bp, r->wbuf, sizeof(r->wbuf));
		r->what = NULL;
		return;
	}
	snprintf(r->num, sizeof(r->num), "%d", bp->num);
	if (n > 1) {
		snprintf(r->wbuf, sizeof(r->wbuf), "%s (%zu sites)", bp->spec->location, n);
		r->where = r->wbuf;
	} else {
		r->where = where_text(bp, r->wbuf, sizeof(r->wbuf));
	}
	r->what = what_text(bp->spec);
}

static void widen(struct bl_widths *w, const struct bl_row *r)
{
	int n = (int)strlen(r->where);

	if ((int)strlen(r->num) > w->num)
		w->num = (int)strlen(r->num);
	if (r->have && digits(r->hits) > w->hits)
		w->hits = digits(r->hits);
	if (r->have && digits(r->miss) > w->miss)
		w->miss = digits(r->miss);
	/* a long location takes its own width, up to a point: What starts where it ends */
	if (n > w->where && n <= 64)
		w->where = n;
}

static void list_json(struct kpdb_ctx *ctx, const struct bl_row *r, const struct bl_row *probes,
		      size_t nprobes)
{
	const struct kpdb_bp *bp = r->bp;
	struct kpdb_json j;

	kpdb_json_begin(&j, ctx->out);
	kpdb_json_kv_int(&j, "bp", bp->num);
	kpdb_json_kv_str(&j, "name", bp->event);
	kpdb_json_kv_str(&j, "type", bp->spec->retprobe ? "kretprobe" : "kprobe");
	kpdb_json_kv_bool(&j, "enabled", bp->enabled);
	if (r->have) {
		kpdb_json_kv_uint(&j, "hits", r->hits);
		kpdb_json_kv_uint(&j, "misses", r->miss);
	} else {
		kpdb_json_kv_str(&j, "hits", NULL);
		kpdb_json_kv_str(&j, "misses", NULL);
	}
	kpdb_json_kv_str(&j, "where", r->where);
	kpdb_json_kv_str(&j, "what", r->what ? r->what : "");
	kpdb_json_kv_str(&j, "definition", bp->definition);
	if (r->nprobes > 1)
		kpdb_json_kv_uint(&j, "sites", r->nprobes);
	if (nprobes) {
		kpdb_json_arr(&j, "probes");
		for (size_t i = 0; i < nprobes; i++) {
			kpdb_json_obj(&j, NULL);
			kpdb_json_kv_str(&j, "num", probes[i].num);
			kpdb_json_kv_str(&j, "name", probes[i].bp->event);
			kpdb_json_kv_str(&j, "where", probes[i].where);
			if (probes[i].have) {
				kpdb_json_kv_uint(&j, "hits", probes[i].hits);
				kpdb_json_kv_uint(&j, "misses", probes[i].miss);
			}
			kpdb_json_kv_str(&j, "definition", probes[i].bp->definition);
			kpdb_json_close(&j);
		}
		kpdb_json_close(&j);
	}
	if (kpdb_bp_stack_on(ctx, bp))
		kpdb_json_kv_bool(&j, "stack", true);
	if (kpdb_bp_hist(ctx, bp))
		kpdb_json_kv_str(&j, "hist", kpdb_bp_hist(ctx, bp));
	kpdb_json_end(&j);
}

static void list_one(struct kpdb_ctx *ctx, const struct bl_row *r, const struct bl_widths *w)
{
	const struct kpdb_bp *bp = r->bp;
	const char *type = bp->spec->retprobe ? "kretprobe" : "kprobe";
	const char *what = r->what ? r->what : "";

	if (r->have) {
		fprintf(ctx->out, "%-*s %-9s %-3s %*lu %*lu %-*s %s\n", w->num, r->num, type,
			bp->enabled ? "y" : "n", w->hits, r->hits, w->miss, r->miss, w->where,
			r->where, what);
	} else {
		fprintf(ctx->out, "%-*s %-9s %-3s %*s %*s %-*s %s\n", w->num, r->num, type,
			bp->enabled ? "y" : "n", w->hits, "-", w->miss, "-", w->where, r->where,
			what);
	}
	if (!r->nprobes)
		return;
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
	int lo = 1, hi = INT_MAX, a = 1;
	bool verbose = false;
	struct bl_row *rows;
	size_t shown = 0;

	if (a < argc && !strcmp(argv[a], "-v")) {
		verbose = true;
		a++;
	}
	if (argc - a > 1)
		return KPDB_CMD_USAGE;
	if (a < argc) {
		if (parse_target(ctx, argv[a], &lo, &hi) < 0)
			return -1;
		if (lo == hi && !bp_by_num(ctx, lo))
			return kpdb_err_set(&ctx->err, "no breakpoint %d", lo);
	}
	/* a row per breakpoint, and with -v one per probe of those with several */
	rows = calloc(ctx->nbps ? ctx->nbps * 2 : 1, sizeof(*rows));
	if (!rows)
		return kpdb_err_set(&ctx->err, "out of memory");
	for (size_t i = 0, n; i < ctx->nbps; i += n) {
		n = kpdb_bp_probes(ctx, &ctx->bps[i]);
		if (ctx->bps[i].num < lo || ctx->bps[i].num > hi)
			continue;
		row_fill(ctx, &ctx->bps[i], n, 0, &rows[shown]);
		widen(&w, &rows[shown++]);
		for (size_t k = 0; verbose && n > 1 && k < n; k++) {
			row_fill(ctx, &ctx->bps[i + k], 1, k + 1, &rows[shown]);
			widen(&w, &rows[shown++]);
		}
	}
	if (!ctx->json && shown)
		fprintf(ctx->out, "%-*s %-9s %-3s %*s %*s %-*s %s\n", w.num, "Num", "Type", "Enb",
			w.hits, "Hits", w.miss, "Miss", w.where, "Where", "What");
	for (size_t i = 0, k; i < shown; i = k) {
		for (k = i + 1; k < shown && !rows[k].nprobes; k++)
			;
		if (ctx->json) {
			list_json(ctx, &rows[i], &rows[i + 1], k - i - 1);
		} else {
			for (size_t r = i; r < k; r++)
				list_one(ctx, &rows[r], &w);
		}
	}
	for (size_t i = 0; i < shown; i++)
		free(rows[i].what);
	free(rows);
	if (!shown && !ctx->json)
		fprintf(ctx->out, "No breakpoints.\n");
	if (argc == 1)
		kpdb_lat_list(ctx);
	fflush(ctx->out);
	return 0;
}

/* @say: the first probe of its breakpoint that this command acts on */
static int clear_one(struct kpdb_ctx *ctx, size_t i, bool say)
{
	struct kpdb_bp *bp = &ctx->bps[i];

	if (remove_probe(ctx, bp) < 0)
		return -1;
	if (!say) {
		/* said already */
	} else if (ctx->json) {
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

static int toggle_one(struct kpdb_ctx *ctx, struct kpdb_bp *bp, bool on, bool say)
{
	if (bp->enabled != on && !ctx->dry_run && ctx->tfs &&
	    kpdb_tfs_probe_enable(ctx->tfs, bp->event, on, &ctx->err) < 0)
		return -1;
	bp->enabled = on;
	if (!say) {
		/* said already */
	} else if (ctx->json) {
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
	int ret = 0, missing = -1, said = 0;

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
		/* a breakpoint's probes are together: it is said once */
		bool say = bp->num != said;

		if (!targeted(&t, bp->num)) {
			i++;
			continue;
		}
		said = bp->num;
		if (clear) {
			if (clear_one(ctx, i, say) < 0) {
				ret = -1;
				i++;
			}
		} else {
			if (toggle_one(ctx, bp, on, say) < 0)
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
	kpdb_lat_info_probes(ctx);
	if (!ctx->nbps && !kpdb_lat_count() && !ctx->json)
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
	"  A function inlined in places is one breakpoint with a probe at its symbol\n"
	"  and at each inlined site (CALLER+OFF, arguments resolved there; sites\n"
	"  that cannot fetch them, or in functions the kernel refuses, are skipped\n"
	"  and reported; above 64 probes bp asks first). -S: the symbol only.\n"
	"  bl shows one line per breakpoint, bl -v its probes as N.1, N.2, ...\n"
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

static const char bl_details[] =
	"Columns: Num Type Enb Hits Miss Where What; hits and misses come from kprobe_profile,\n"
	"summed over the probes of a breakpoint with several sites (Where: FUNC (K sites)).\n"
	"-v: those probes too, one line each, numbered N.1, N.2, ... as gdb numbers\n"
	"the locations of a breakpoint.";

const struct kpdb_cmd kpdb_breakpoint_cmds[] = {
	{ .name = "bp", .fn = cmd_bp,
	  .usage = "bp [-r] [-s] [-S] [-n NAME] LOCATION [ARG]... [if FILTER]",
	  .help = "set a kprobe (-r: a kretprobe) and enable it", .details = bp_details,
	  .flags = KPDB_CMD_TRACEFS, .min_args = 1 },
	{ .name = "bl", .fn = cmd_bl, .usage = "bl [-v] [N|N-M]",
	  .help = "list breakpoints with hit and miss counts",
	  .details = bl_details },
	{ .name = "bc", .fn = cmd_bc, .usage = "bc N|N-M|*",
	  .help = "clear breakpoints (disabling them first)", .min_args = 1 },
	{ .name = "be", .fn = cmd_bc, .usage = "be N|N-M|*", .help = "enable breakpoints",
	  .details = bc_details, .min_args = 1 },
	{ .name = "bd", .fn = cmd_bc, .usage = "bd N|N-M|*", .help = "disable breakpoints",
	  .details = bc_details, .min_args = 1 },
	{ NULL },
};
