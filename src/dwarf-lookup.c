// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dwarf-lookup.c - the few lookups every other file of the resolver builds
 * on: function symbols by name and by address, compiler clones, the unit
 * and subprogram at an address, a unit's named DIEs, and the mapped file's
 * pages.  It calls no other file of the resolver: dwarf.c fills dw->syms
 * when it opens the image and has them hashed here.
 *
 * The image is mapped, never read: a 590 MB vmlinux costs only the pages a
 * question touches, and dw_release_pages() gives those back afterwards (they
 * stay in the page cache, so the next question finds them at once).
 */
#include <dwarf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dwarf-priv.h"

#define NO_SYM UINT32_MAX

static uint32_t hash_base(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s && *s != '.'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static bool same_base(const char *a, const char *b)
{
	for (; *a && *a != '.' && *b && *b != '.'; a++, b++)
		if (*a != *b)
			return false;
	return (!*a || *a == '.') && (!*b || *b == '.');
}

/* Hash dw->syms by base name into dw->buckets.  0, or -1 out of memory. */
int dw_syms_hash(struct kpdb_dwarf *dw)
{
	dw->nbuckets = 1;
	while (dw->nbuckets < dw->nsyms * 2)
		dw->nbuckets <<= 1;
	dw->buckets = malloc(dw->nbuckets * sizeof(*dw->buckets));
	if (!dw->buckets)
		return -1;
	memset(dw->buckets, 0xff, dw->nbuckets * sizeof(*dw->buckets));
	for (size_t i = 0; i < dw->nsyms; i++) {
		uint32_t b = hash_base(dw->syms[i].name) & (dw->nbuckets - 1);

		dw->syms[i].next = dw->buckets[b];
		dw->buckets[b] = (uint32_t)i;
	}
	return 0;
}

size_t dw_syms_named(struct kpdb_dwarf *dw, const char *name, struct dw_sym **out, size_t max)
{
	size_t n = 0;

	if (!dw->nbuckets)
		return 0;
	for (uint32_t i = dw->buckets[hash_base(name) & (dw->nbuckets - 1)]; i != NO_SYM;
	     i = dw->syms[i].next) {
		if (strcmp(dw->syms[i].name, name))
			continue;
		/* the same symbol can be listed twice (aliases at one address) */
		bool dup = false;

		for (size_t k = 0; k < n && k < max; k++)
			dup |= out[k]->addr == dw->syms[i].addr;
		if (dup)
			continue;
		if (n < max)
			out[n] = &dw->syms[i];
		n++;
	}
	return n;
}

static bool is_clone_suffix(const char *s)
{
	static const char *const kinds[] = { ".isra.", ".constprop.", ".part.", NULL };

	/* GCC may chain them: foo.isra.0.part.0, foo.constprop.0.isra.0 */
	while (*s) {
		size_t k;

		for (k = 0; kinds[k]; k++)
			if (!strncmp(s, kinds[k], strlen(kinds[k])))
				break;
		if (!kinds[k])
			return false;
		s += strlen(kinds[k]);
		if (*s < '0' || *s > '9')
			return false;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return true;
}

size_t dw_syms_clones(struct kpdb_dwarf *dw, const char *name, struct dw_sym **out, size_t max)
{
	size_t n = 0, len = strlen(name);

	if (!dw->nbuckets || strchr(name, '.'))
		return 0;
	for (uint32_t i = dw->buckets[hash_base(name) & (dw->nbuckets - 1)]; i != NO_SYM;
	     i = dw->syms[i].next) {
		const char *s = dw->syms[i].name;

		if (!same_base(s, name) || strncmp(s, name, len) || s[len] != '.')
			continue;
		if (!is_clone_suffix(s + len))
			continue;
		if (n < max)
			out[n] = &dw->syms[i];
		n++;
	}
	return n;
}

static int cmp_addr(const void *a, const void *b)
{
	const struct dw_sym *x = *(struct dw_sym *const *)a, *y = *(struct dw_sym *const *)b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* prefer a global name, then a sized one, for an address with aliases */
	if (x->local != y->local)
		return x->local ? 1 : -1;
	return x->size < y->size ? 1 : (x->size > y->size ? -1 : 0);
}

struct dw_sym *dw_sym_at(struct kpdb_dwarf *dw, uint64_t addr)
{
	size_t lo = 0, hi;

	if (!dw->byaddr) {
		dw->byaddr = malloc((dw->nsyms ? dw->nsyms : 1) * sizeof(*dw->byaddr));
		if (!dw->byaddr)
			return NULL;
		for (size_t i = 0; i < dw->nsyms; i++)
			dw->byaddr[i] = &dw->syms[i];
		qsort(dw->byaddr, dw->nsyms, sizeof(*dw->byaddr), cmp_addr);
	}
	hi = dw->nsyms;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (dw->byaddr[mid]->addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	/* first of the run of symbols at that address */
	uint64_t at = dw->byaddr[lo - 1]->addr;

	while (lo > 1 && dw->byaddr[lo - 2]->addr == at)
		lo--;
	struct dw_sym *s = dw->byaddr[lo - 1];

	if (s->size && addr >= s->addr + s->size)
		return NULL;
	return s;
}

/*
 * dw_clone_at - true if a function symbol starting at @addr is a copy the
 * compiler made of a function: a name with a '.' (NAME.isra.N,
 * NAME.constprop.N, NAME.part.N, NAME.cold), whose code may take its
 * arguments other than the calling convention says.
 */
bool dw_clone_at(struct kpdb_dwarf *dw, uint64_t addr)
{
	struct dw_sym *s = dw_sym_at(dw, addr);	/* sorts dw->byaddr */
	size_t lo = 0, hi = dw->nsyms;

	if (!s || s->addr != addr)
		return false;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (dw->byaddr[mid]->addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < dw->nsyms && dw->byaddr[i]->addr == addr; i++)
		if (strchr(dw->byaddr[i]->name, '.'))
			return true;
	return false;
}

/*
 * libdw finds a CU by reading every unit header before it, one page of
 * .debug_info each (and the kernel maps 64 KB around every fault): read
 * them all once, a few at a time, giving the pages back as we go.
 */
void dw_units_ready(struct kpdb_dwarf *dw)
{
	Dwarf_CU *cu = NULL, *next;
	Dwarf_Die cudie, sub;
	Dwarf_Half ver;
	uint8_t ut;
	size_t n = 0;

	if (dw->units_ready)
		return;
	dw->units_ready = true;
	while (dwarf_get_units(dw->dw, cu, &next, &ver, &ut, &cudie, &sub) == 0) {
		cu = next;
		if (++n % 64 == 0)
			dw_release_pages(dw);
	}
	dw_release_pages(dw);
}

int dw_func_at(struct kpdb_dwarf *dw, uint64_t addr, Dwarf_Die *cu, Dwarf_Die *fn)
{
	Dwarf_Die d;

	dw_units_ready(dw);
	if (!dwarf_addrdie(dw->dw, addr, cu))
		return -1;
	if (dwarf_child(cu, &d) != 0)
		return -1;
	do {
		if (dwarf_tag(&d) != DW_TAG_subprogram)
			continue;
		if (dwarf_haspc(&d, addr) > 0) {
			*fn = d;
			return 0;
		}
	} while (dwarf_siblingof(&d, &d) == 0);
	return -1;
}

int dw_cu_find(Dwarf_Die *cu, int tag, const char *name, Dwarf_Die *out)
{
	Dwarf_Die d;

	if (dwarf_child(cu, &d) != 0)
		return -1;
	do {
		const char *n;

		if (dwarf_tag(&d) != tag)
			continue;
		n = dwarf_diename(&d);
		if (!n || strcmp(n, name))
			continue;
		if (dwarf_hasattr(&d, DW_AT_declaration))
			continue;
		*out = d;
		return 0;
	} while (dwarf_siblingof(&d, &d) == 0);
	return -1;
}

/* Questions jump around the file: read-ahead would only fill our RSS. */
void dw_advise_random(struct kpdb_dwarf *dw)
{
	if (!dw->raw || !dw->rawsize)
		return;
	uintptr_t start = (uintptr_t)dw->raw & ~(uintptr_t)(sysconf(_SC_PAGESIZE) - 1);

	madvise((void *)start, dw->rawsize + ((uintptr_t)dw->raw - start), MADV_RANDOM);
}

void dw_release_pages(struct kpdb_dwarf *dw)
{
	if (!dw->raw || !dw->rawsize)
		return;
	uintptr_t start = (uintptr_t)dw->raw & ~(uintptr_t)(sysconf(_SC_PAGESIZE) - 1);

	/* libelf maps the file read-only and private: the pages come back from the file */
	madvise((void *)start, dw->rawsize + ((uintptr_t)dw->raw - start), MADV_DONTNEED);
}

void dw_decl_where(Dwarf_Die *die, char *buf, size_t len)
{
	const char *file = dwarf_decl_file(die);
	int line = 0;

	dwarf_decl_line(die, &line);
	if (!file)
		file = "?";
	/* the build directory prefix says nothing to the user */
	const char *p = strstr(file, "/./");

	if (p)
		file = p + 3;
	snprintf(buf, len, "%s:%d", file, line);
}
