// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kallsyms.c - the one reader of PROC/kallsyms: each symbol in turn, for a
 * lookup that stops at its line (the file is long to read: _text is near
 * its top), or a table of the symbols a caller keeps, sorted for its
 * lookups by name or by address.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kallsyms.h"

/* How far past a symbol an address may still be inside it. */
#define KSYM_SPAN_MAX 0x100000

static FILE *open_kallsyms(const char *proc_dir)
{
	char *path;
	FILE *f;

	if (asprintf(&path, "%s/kallsyms", proc_dir) < 0)
		return NULL;
	f = fopen(path, "re");
	free(path);
	return f;
}

/* The fields of the line "ADDR TYPE NAME[\t[MODULE]]", split in place; false if it is not one. */
static bool parse(char *line, struct kpdb_ksym *s)
{
	char *end, *rest;

	line[strcspn(line, "\n")] = '\0';
	s->addr = strtoull(line, &end, 16);
	if (end == line || end[0] != ' ' || !end[1] || end[2] != ' ')
		return false;
	s->type = end[1];
	s->name = end + 3;
	s->module = NULL;
	rest = end + 3 + strcspn(end + 3, " \t");
	if (*rest) {
		*rest++ = '\0';
		rest += strspn(rest, " \t");
		if (*rest == '[') {
			s->module = ++rest;
			rest[strcspn(rest, "]")] = '\0';
		}
	}
	return true;
}

int kpdb_kallsyms_each(const char *proc_dir, int (*fn)(const struct kpdb_ksym *sym, void *arg),
		       void *arg)
{
	FILE *f = open_kallsyms(proc_dir);
	char *line = NULL;
	size_t cap = 0;
	int ret = 0;

	if (!f)
		return -1;
	while (!ret && getline(&line, &cap, f) >= 0) {
		struct kpdb_ksym s;

		if (parse(line, &s))
			ret = fn(&s, arg);
	}
	if (!ret && ferror(f))
		ret = -1;
	free(line);
	fclose(f);
	return ret;
}

struct named {
	const char *name;
	uint64_t addr;
};

static int is_named(const struct kpdb_ksym *sym, void *arg)
{
	struct named *want = arg;

	if (strcmp(sym->name, want->name))
		return 0;
	want->addr = sym->addr;
	return 1;
}

int kpdb_kallsyms_addr(const char *proc_dir, const char *name, uint64_t *addr)
{
	struct named want = { .name = name };

	if (kpdb_kallsyms_each(proc_dir, is_named, &want) <= 0)
		return -1;
	*addr = want.addr;
	return 0;
}

/* Ties keep the file's order, which is where their names lie in the strings. */
static int file_order(const struct kpdb_ksym *x, const struct kpdb_ksym *y)
{
	return (x->name > y->name) - (x->name < y->name);
}

static int cmp_name(const void *a, const void *b)
{
	const struct kpdb_ksym *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : file_order(x, y);
}

static int cmp_addr(const void *a, const void *b)
{
	const struct kpdb_ksym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return file_order(x, y);
}

/* The whole file in @ks->strings: it holds no NUL, so getdelim() stops at its end. */
static int read_whole(const char *proc_dir, struct kpdb_kallsyms *ks)
{
	FILE *f = open_kallsyms(proc_dir);
	size_t cap = 0;
	bool bad;

	if (!f)
		return -1;
	if (getdelim(&ks->strings, &cap, '\0', f) < 0 && !ferror(f)) {
		/* an empty file: readable, without a symbol */
		free(ks->strings);
		ks->strings = strdup("");
	}
	bad = ferror(f) || !ks->strings;
	fclose(f);
	return bad ? -1 : 0;
}

int kpdb_kallsyms_load(const char *proc_dir, enum kpdb_ksym_order order,
		       bool (*keep)(const struct kpdb_ksym *sym, void *arg), void *arg,
		       struct kpdb_kallsyms *ks)
{
	size_t cap = 0;
	char *next;

	memset(ks, 0, sizeof(*ks));
	if (read_whole(proc_dir, ks) < 0) {
		kpdb_kallsyms_free(ks);
		return -1;
	}
	for (char *line = ks->strings; *line; line = next) {
		struct kpdb_ksym s;

		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		if (!parse(line, &s) || (keep && !keep(&s, arg)))
			continue;
		if (ks->n == cap) {
			struct kpdb_ksym *v = realloc(ks->syms, (cap = cap ? cap * 2 : 4096) *
						      sizeof(*v));

			if (!v) {
				kpdb_kallsyms_free(ks);
				return -1;
			}
			ks->syms = v;
		}
		ks->syms[ks->n++] = s;
	}
	if (ks->n)	/* qsort(NULL, 0) is undefined */
		qsort(ks->syms, ks->n, sizeof(*ks->syms),
		      order == KPDB_KSYM_BY_NAME ? cmp_name : cmp_addr);
	return 0;
}

void kpdb_kallsyms_free(struct kpdb_kallsyms *ks)
{
	free(ks->syms);
	free(ks->strings);
	memset(ks, 0, sizeof(*ks));
}

const struct kpdb_ksym *kpdb_kallsyms_named(const struct kpdb_kallsyms *ks, const char *name,
					    size_t *n)
{
	size_t lo = 0, hi = ks->n, end;

	/* the first not below @name */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ks->syms[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < ks->n && !strcmp(ks->syms[end].name, name); end++)
		;
	*n = end - lo;
	return *n ? &ks->syms[lo] : NULL;
}

const struct kpdb_ksym *kpdb_kallsyms_at(const struct kpdb_kallsyms *ks, unsigned long long addr,
					 unsigned long long *off)
{
	size_t lo = 0, hi = ks->n;

	if (!hi || addr < ks->syms[0].addr)
		return NULL;
	/* the last symbol starting at or below @addr */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (ks->syms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*off = addr - ks->syms[lo].addr;
	return *off > KSYM_SPAN_MAX ? NULL : &ks->syms[lo];
}
