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

static int cmp_ksym_name(const void *a, const void *b)
{
	return strcmp(((const struct tfs_ksym *)a)->name, ((const struct tfs_ksym *)b)->name);
}

/* "ADDR T name\t[module]" lines: the text symbols, and the bounds of kpdb_text_areas. */
static void load_ksyms(struct kpdb_tfs *tfs, const char *proc_dir)
{
	char *path, *p, *eol;
	size_t cap = 0;

	tfs->ksyms_loaded = true;
	if (asprintf(&path, "%s/kallsyms", proc_dir) < 0)
		return;
	tfs->ksym_buf = tfs_slurp(path);
	free(path);
	for (p = tfs->ksym_buf; p && *p; p = eol + 1) {
		char *end, *name, *mod, kind;
		unsigned long long addr;

		eol = strchr(p, '\n');
		if (eol)
			*eol = '\0';
		addr = strtoull(p, &end, 16);
		if (end != p && end[0] == ' ' && end[1] && end[2] == ' ') {
			kind = end[1];
			name = end + 3;
			mod = name + strcspn(name, " \t");
			if (*mod) {
				*mod++ = '\0';
				mod += strspn(mod, " \t");
				if (*mod == '[') {
					mod++;
					mod[strcspn(mod, "]")] = '\0';
				} else {
					mod = NULL;
				}
			} else {
				mod = NULL;
			}
			for (size_t i = 0; !mod && i < KPDB_TEXT_AREAS; i++) {
				if (!strcmp(name, kpdb_text_areas[i].start))
					tfs->areas[i][0] = addr;
				else if (!strcmp(name, kpdb_text_areas[i].end))
					tfs->areas[i][1] = addr;
			}
			if (strchr("tT", kind)) {
				if (tfs->nksyms == cap) {
					struct tfs_ksym *n;

					cap = cap ? cap * 2 : 4096;
					n = realloc(tfs->ksyms, cap * sizeof(*n));
					if (!n)
						break;
					tfs->ksyms = n;
				}
				tfs->ksyms[tfs->nksyms++] = (struct tfs_ksym){ name, addr, mod };
			}
		}
		if (!eol)
			break;
	}
	if (tfs->nksyms)
		qsort(tfs->ksyms, tfs->nksyms, sizeof(*tfs->ksyms), cmp_ksym_name);
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
	struct tfs_ksym key = { .name = sym }, *k;

	memset(f, 0, sizeof(*f));
	f->traceable = kpdb_tfs_symbol_known(tfs, sym);
	if (!tfs->ksyms_loaded)
		load_ksyms(tfs, proc_dir);
	if (!tfs->blacklist_loaded)
		load_blacklist(tfs);
	if (tfs->blacklist_read && bsearch(&sym, tfs->blacklist, tfs->nblacklist, sizeof(char *),
					   cmp_str))
		f->blacklist = KPDB_BLACKLIST_DEBUGFS;
	if (!tfs->ksym_buf)
		return -1;
	k = tfs->nksyms ? bsearch(&key, tfs->ksyms, tfs->nksyms, sizeof(*k), cmp_ksym_name) : NULL;
	if (!k)
		return 0;
	/* the first of the symbols of that name */
	while (k > tfs->ksyms && !strcmp(k[-1].name, sym))
		k--;
	f->in_kallsyms = true;
	for (; k < tfs->ksyms + tfs->nksyms && !strcmp(k->name, sym); k++) {
		if (!k->module) {
			f->in_vmlinux = true;
		} else if (!f->module[0]) {
			snprintf(f->module, sizeof(f->module), "%s", k->module);
		}
		for (size_t i = 0; !tfs->blacklist_read && !f->blacklist && !k->module &&
				   i < KPDB_TEXT_AREAS; i++)
			if (tfs->areas[i][0] && k->addr >= tfs->areas[i][0] &&
			    k->addr < tfs->areas[i][1])
				f->blacklist = kpdb_text_areas[i].what;
	}
	if (f->in_vmlinux)
		f->module[0] = '\0';
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
	const struct tfs_ksym *best = NULL;

	for (size_t i = 0; i < tfs->nksyms; i++) {
		const struct tfs_ksym *k = &tfs->ksyms[i];

		if (k->addr < addr && (!best || k->addr > best->addr) &&
		    !strcmp(k->module ? k->module : "", module))
			best = k;
	}
	snprintf(buf, len, "%s", best ? best->name : "");
}

int kpdb_tfs_symbol_all(struct kpdb_tfs *tfs, const char *proc_dir, const char *sym,
			struct kpdb_ksym_cand *out, size_t max, unsigned long long *text)
{
	struct tfs_ksym key = { .name = "_text" }, *k;
	struct kpdb_ksym_cand *all;
	size_t n = 0;

	*text = 0;
	if (!tfs->ksyms_loaded)
		load_ksyms(tfs, proc_dir);
	if (!tfs->ksym_buf)
		return -1;
	k = tfs->nksyms ? bsearch(&key, tfs->ksyms, tfs->nksyms, sizeof(*k), cmp_ksym_name) : NULL;
	if (k)
		*text = k->addr;
	key.name = sym;
	k = tfs->nksyms ? bsearch(&key, tfs->ksyms, tfs->nksyms, sizeof(*k), cmp_ksym_name) : NULL;
	if (!k)
		return 0;
	while (k > tfs->ksyms && !strcmp(k[-1].name, sym))
		k--;
	for (const struct tfs_ksym *e = k; e < tfs->ksyms + tfs->nksyms && !strcmp(e->name, sym);
	     e++)
		n++;
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
	free(tfs->ksyms);
	free(tfs->ksym_buf);
}
