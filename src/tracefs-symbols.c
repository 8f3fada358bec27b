// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tracefs-symbols.c - what the running kernel says about a function before
 * a probe is put on it: whether ftrace can trace it
 * (available_filter_functions), whether it is on the kprobe blacklist
 * (debugfs's list, else the text areas the kernel blacklists whole), and
 * which text symbols of kallsyms carry its name.  Each list is read once
 * per session, on first use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracefs-priv.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_functions(struct kpdb_tfs *tfs)
{
	char *text, **lines = NULL;
	size_t n, k = 0;

	tfs->functions_loaded = true;
	text = tracefs_instance_file_read(NULL, "available_filter_functions", NULL);
	if (!text)
		return;
	n = tfs_split_lines(text, &lines);
	tfs->functions = calloc(n + 1, sizeof(char *));
	if (!tfs->functions)
		goto out;
	for (size_t i = 0; i < n; i++) {
		/* "name [module]" */
		size_t len = strcspn(lines[i], " \t");
		char *s = strndup(lines[i], len);

		if (s)
			tfs->functions[k++] = s;
	}
	qsort(tfs->functions, k, sizeof(char *), cmp_str);
	/* drop duplicates (static functions of the same name) */
	n = k;
	k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k && !strcmp(tfs->functions[k - 1], tfs->functions[i]))
			free(tfs->functions[i]);
		else
			tfs->functions[k++] = tfs->functions[i];
	}
	tfs->nfunctions = k;
out:
	free(lines);
	free(text);
}

const char *const *kpdb_tfs_functions(struct kpdb_tfs *tfs, size_t *n)
{
	if (!tfs->functions_loaded)
		load_functions(tfs);
	*n = tfs->nfunctions;
	return (const char *const *)tfs->functions;
}

bool kpdb_tfs_symbol_known(struct kpdb_tfs *tfs, const char *sym)
{
	size_t n;
	const char *const *names = kpdb_tfs_functions(tfs, &n);

	if (!names || !n)
		return true;	/* no list to check against: let the kernel decide */
	return bsearch(&sym, names, n, sizeof(char *), cmp_str) != NULL;
}

/*
 * kallsyms' text symbols for the table, and from every symbol of vmlinux
 * the bounds of kpdb_text_areas.
 */
static bool keep_text(const struct kpdb_ksym *sym, void *arg)
{
	struct kpdb_tfs *tfs = arg;

	for (size_t i = 0; !sym->module && i < KPDB_TEXT_AREAS; i++) {
		if (!strcmp(sym->name, kpdb_text_areas[i].start))
			tfs->areas[i][0] = sym->addr;
		else if (!strcmp(sym->name, kpdb_text_areas[i].end))
			tfs->areas[i][1] = sym->addr;
	}
	return strchr("tT", sym->type);
}

/* Read PROC/kallsyms on first use: 0, or -1 if it cannot be read. */
static int ksyms_ready(struct kpdb_tfs *tfs, const char *proc_dir)
{
	if (!tfs->ksyms_loaded) {
		tfs->ksyms_loaded = true;
		tfs->ksyms_read = kpdb_kallsyms_load(proc_dir, KPDB_KSYM_BY_NAME, keep_text, tfs,
						     &tfs->ksyms) == 0;
	}
	return tfs->ksyms_read ? 0 : -1;
}

/* debugfs's list, "0xSTART-0xEND\tname [module]": its names. */
static void load_blacklist(struct kpdb_tfs *tfs)
{
	const char *sys = getenv("KPDB_SYS_DIR");
	char *path, *text, **lines = NULL;
	size_t n;

	tfs->blacklist_loaded = true;
	if (asprintf(&path, "%s/kernel/debug/kprobes/blacklist", sys && *sys ? sys : "/sys") < 0)
		return;
	text = tfs_slurp(path);
	free(path);
	if (!text)
		return;
	tfs->blacklist_read = true;
	n = tfs_split_lines(text, &lines);
	tfs->blacklist = calloc(n + 1, sizeof(char *));
	for (size_t i = 0; tfs->blacklist && i < n; i++) {
		char *name = lines[i] + strcspn(lines[i], " \t");

		name += strspn(name, " \t");
		name[strcspn(name, " \t")] = '\0';
		if (*name && (tfs->blacklist[tfs->nblacklist] = strdup(name)))
			tfs->nblacklist++;
	}
	if (tfs->nblacklist)
		qsort(tfs->blacklist, tfs->nblacklist, sizeof(char *), cmp_str);
	free(lines);
	free(text);
}

int kpdb_tfs_symbol_facts(struct kpdb_tfs *tfs, const char *proc_dir, const char *sym,
			  struct kpdb_sym_facts *f)
{
	const struct kpdb_ksym *k;
	size_t n;
	bool read;

	memset(f, 0, sizeof(*f));
	f->traceable = kpdb_tfs_symbol_known(tfs, sym);
	read = ksyms_ready(tfs, proc_dir) == 0;
	if (!tfs->blacklist_loaded)
		load_blacklist(tfs);
	if (tfs->blacklist_read && bsearch(&sym, tfs->blacklist, tfs->nblacklist, sizeof(char *),
					   cmp_str))
		f->blacklist = KPDB_BLACKLIST_DEBUGFS;
	if (!read)
		return -1;
	k = kpdb_kallsyms_named(&tfs->ksyms, sym, &n);
	if (!k)
		return 0;
	f->in_kallsyms = true;
	for (; n; k++, n--)
		for (size_t i = 0; !tfs->blacklist_read && !f->blacklist && !k->module &&
				   i < KPDB_TEXT_AREAS; i++)
			if (tfs->areas[i][0] && k->addr >= tfs->areas[i][0] &&
			    k->addr < tfs->areas[i][1])
				f->blacklist = kpdb_text_areas[i].what;
	return 0;
}

static int cmp_cand(const void *a, const void *b)
{
	const struct kpdb_ksym_cand *x = a, *y = b;
	int m = strcmp(x->module, y->module);

	if (m)
		return m;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* The name of the text symbol just below @addr (of vmlinux, or of @module). */
static void ksym_before(const struct kpdb_tfs *tfs, unsigned long long addr, const char *module,
			char *buf, size_t len)
{
	const struct kpdb_ksym *best = NULL;

	for (size_t i = 0; i < tfs->ksyms.n; i++) {
		const struct kpdb_ksym *k = &tfs->ksyms.syms[i];

		if (k->addr < addr && (!best || k->addr > best->addr) &&
		    !strcmp(k->module ? k->module : "", module))
			best = k;
	}
	snprintf(buf, len, "%s", best ? best->name : "");
}

int kpdb_tfs_symbol_all(struct kpdb_tfs *tfs, const char *proc_dir, const char *sym,
			struct kpdb_ksym_cand *out, size_t max, unsigned long long *text)
{
	const struct kpdb_ksym *k;
	struct kpdb_ksym_cand *all;
	size_t n;

	*text = 0;
	if (ksyms_ready(tfs, proc_dir) < 0)
		return -1;
	k = kpdb_kallsyms_named(&tfs->ksyms, "_text", &n);
	if (k)
		*text = k->addr;
	k = kpdb_kallsyms_named(&tfs->ksyms, sym, &n);
	if (!k)
		return 0;
	all = calloc(n, sizeof(*all));
	if (!all)
		return -1;
	for (size_t i = 0; i < n; i++) {
		all[i].addr = k[i].addr;
		snprintf(all[i].module, sizeof(all[i].module), "%s", k[i].module ? k[i].module : "");
	}
	/* "" sorts first: vmlinux's, by address, then each module's */
	qsort(all, n, sizeof(*all), cmp_cand);
	for (size_t i = 0; i < n && i < max; i++) {
		out[i] = all[i];
		ksym_before(tfs, all[i].addr, all[i].module, out[i].after, sizeof(out[i].after));
	}
	free(all);
	return (int)n;
}

void tfs_symbols_free(struct kpdb_tfs *tfs)
{
	for (size_t i = 0; i < tfs->nfunctions; i++)
		free(tfs->functions[i]);
	free(tfs->functions);
	for (size_t i = 0; i < tfs->nblacklist; i++)
		free(tfs->blacklist[i]);
	free(tfs->blacklist);
	kpdb_kallsyms_free(&tfs->ksyms);
}
