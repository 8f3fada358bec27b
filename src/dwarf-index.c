// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dwarf-index.c - name -> DIE offset for types, functions, variables and
 * compilation units, built from the top-level DIEs of every CU (their
 * children are skipped through DW_AT_sibling, so the walk stays cheap), and
 * cached on disk by build id so later sessions only map a file.
 *
 * Cache: $KPDB_CACHE, else $XDG_CACHE_HOME/kpdb, else ~/.cache/kpdb, file
 * index/<build-id>.idx.  Images without a build id are indexed in memory,
 * and so is everything when $KPDB_NO_INDEX_CACHE is set.
 */
#include <dwarf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dwarf-priv.h"

#define IDX_MAGIC "KPDBIDX"
#define IDX_VERSION 3

/*
 * The build id names the cache file; size, mtime and inode must match too,
 * so that a damaged or rebuilt copy carrying the same id never reuses (or
 * leaves behind) an index of other contents.
 */
struct idx_hdr {
	char magic[8];
	uint32_t version;
	uint32_t nents;
	uint64_t strs_size;
	uint64_t image_size;
	uint64_t image_mtime_ns;
	uint64_t image_ino;
	uint64_t sum;		/* of the entries and strings: a damaged file is rebuilt */
	char build_id[88];
};

static uint64_t checksum(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 0x9e3779b97f4a7c15ull, w;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, b + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	for (; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h;
}

struct bent {
	const char *name;
	uint64_t die;
	uint8_t kind;
	uint8_t flags;
};

struct builder {
	struct bent *v;
	size_t n, cap;
	/* (kind, name) already present, for types: the first definition wins */
	uint32_t *set;
	size_t setcap;
	/*
	 * (kind, name pointer) pairs known to be in the set: every CU repeats
	 * the same types, their names are the same .debug_str pointers, and
	 * this skips hashing the strings again
	 */
	const char *seen[1 << 16];
	uint8_t seen_kind[1 << 16];
};

static uint32_t hash_kn(int kind, const char *s)
{
	uint32_t h = 2166136261u ^ (uint32_t)kind;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int b_grow_set(struct builder *b);

/* Returns 1 if (kind, name) was new and is now in the set, 0 if present, -1 on OOM. */
static int b_set_add(struct builder *b, int kind, const char *name, size_t idx)
{
	if ((b->n + 1) * 2 > b->setcap && b_grow_set(b) < 0)
		return -1;
	size_t mask = b->setcap - 1, i = hash_kn(kind, name) & mask;

	for (;; i = (i + 1) & mask) {
		uint32_t e = b->set[i];

		if (e == UINT32_MAX) {
			b->set[i] = (uint32_t)idx;
			return 1;
		}
		/* names in .debug_str are shared: most repeats are the same pointer */
		if (b->v[e].kind == kind && (b->v[e].name == name || !strcmp(b->v[e].name, name)))
			return 0;
	}
}

static int b_grow_set(struct builder *b)
{
	size_t cap = b->setcap ? b->setcap * 2 : 1 << 16;
	uint32_t *old = b->set;
	size_t oldcap = b->setcap;

	b->set = malloc(cap * sizeof(*b->set));
	if (!b->set) {
		b->set = old;
		return -1;
	}
	memset(b->set, 0xff, cap * sizeof(*b->set));
	b->setcap = cap;
	for (size_t i = 0; i < oldcap; i++) {
		if (old[i] == UINT32_MAX)
			continue;
		size_t mask = cap - 1, k = hash_kn(b->v[old[i]].kind, b->v[old[i]].name) & mask;

		while (b->set[k] != UINT32_MAX)
			k = (k + 1) & mask;
		b->set[k] = old[i];
	}
	free(old);
	return 0;
}

static int b_add(struct builder *b, const char *name, uint64_t die, int kind, int flags,
		 bool unique)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 1 << 16;
		struct bent *v = realloc(b->v, cap * sizeof(*v));

		if (!v)
			return -1;
		b->v = v;
		b->cap = cap;
	}
	b->v[b->n] = (struct bent){ name, die, (uint8_t)kind, (uint8_t)flags };
	if (unique) {
		size_t h = (((uintptr_t)name >> 3) * 31 + (size_t)kind) & ((1 << 16) - 1);
		int r;

		if (b->seen[h] == name && b->seen_kind[h] == kind)
			return 0;
		r = b_set_add(b, kind, name, b->n);
		if (r < 0)
			return r;
		b->seen[h] = name;
		b->seen_kind[h] = (uint8_t)kind;
		if (r == 0)
			return 0;
	}
	b->n++;
	return 0;
}

static int tag_kind(int tag)
{
	switch (tag) {
	case DW_TAG_structure_type: return DW_K_STRUCT;
	case DW_TAG_union_type: return DW_K_UNION;
	case DW_TAG_enumeration_type: return DW_K_ENUM;
	case DW_TAG_typedef: return DW_K_TYPEDEF;
	case DW_TAG_base_type: return DW_K_BASE;
	case DW_TAG_subprogram: return DW_K_FUNC;
	case DW_TAG_variable: return DW_K_VAR;
	default: return 0;
	}
}

static int index_cu(struct builder *b, Dwarf_Die *cudie)
{
	Dwarf_Die d;
	const char *cuname = dwarf_diename(cudie);

	if (cuname && b_add(b, cuname, dwarf_dieoffset(cudie), DW_K_CU, 0, false) < 0)
		return -1;
	if (dwarf_child(cudie, &d) != 0)
		return 0;
	do {
		int kind = tag_kind(dwarf_tag(&d)), flags = 0;
		const char *name;

		if (!kind || dwarf_hasattr(&d, DW_AT_declaration))
			continue;
		if (kind == DW_K_FUNC) {
			if (dwarf_hasattr(&d, DW_AT_inline))
				flags |= DW_F_INLINE;
			if (dwarf_hasattr(&d, DW_AT_low_pc) || dwarf_hasattr(&d, DW_AT_ranges))
				flags |= DW_F_CODE;
			if (!flags)
				continue;
		} else if (kind == DW_K_VAR && !dwarf_hasattr(&d, DW_AT_location)) {
			continue;
		}
		name = dwarf_diename(&d);
		if (!name)
			continue;
		if (b_add(b, name, dwarf_dieoffset(&d), kind, flags,
			  kind != DW_K_FUNC) < 0)
			return -1;
	} while (dwarf_siblingof(&d, &d) == 0);
	return 0;
}

static int cmp_bent(const void *a, const void *b)
{
	const struct bent *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	if (r)
		return r;
	if (x->kind != y->kind)
		return x->kind - y->kind;
	return x->die < y->die ? -1 : (x->die > y->die ? 1 : 0);
}

static char *cache_dir(void)
{
	const char *base = getenv("KPDB_CACHE"), *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	char *dir = NULL;

	if (base && *base)
		return asprintf(&dir, "%s/index", base) < 0 ? NULL : dir;
	if (xdg && *xdg)
		return asprintf(&dir, "%s/kpdb/index", xdg) < 0 ? NULL : dir;
	if (home && *home)
		return asprintf(&dir, "%s/.cache/kpdb/index", home) < 0 ? NULL : dir;
	return NULL;
}

static void mkdirs(char *dir)
{
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(dir, 0755);
		*p = '/';
	}
	mkdir(dir, 0755);
}

static int use_image(struct kpdb_dwarf *dw, void *mem, size_t size)
{
	const struct idx_hdr *h = mem;

	if (size < sizeof(*h) || memcmp(h->magic, IDX_MAGIC, 8) || h->version != IDX_VERSION)
		return -1;
	if (h->image_size != dw->rawsize || h->image_mtime_ns != dw->mtime_ns ||
	    h->image_ino != dw->ino)
		return -1;
	if (strncmp(h->build_id, dw->build_id ? dw->build_id : "", sizeof(h->build_id)))
		return -1;
	if (sizeof(*h) + (uint64_t)h->nents * sizeof(struct dw_idx_ent) + h->strs_size != size)
		return -1;
	if (checksum(h + 1, size - sizeof(*h)) != h->sum)
		return -1;
	const struct dw_idx_ent *ents = (const struct dw_idx_ent *)(h + 1);
	const char *strs = (const char *)(ents + h->nents);

	if (h->strs_size && strs[h->strs_size - 1])
		return -1;
	for (size_t i = 0; i < h->nents; i++)
		if (ents[i].name >= h->strs_size || !ents[i].kind || ents[i].kind > DW_K_VAR)
			return -1;
	dw->ents = ents;
	dw->nents = h->nents;
	dw->strs = strs;
	dw->strs_size = h->strs_size;
	dw->idx_mem = mem;
	dw->idx_size = size;
	dw->idx_ready = true;
	return 0;
}

static int load_cache(struct kpdb_dwarf *dw)
{
	struct stat st;
	int fd = open(dw->idx_path, O_RDONLY | O_CLOEXEC);
	void *mem;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || st.st_size < (off_t)sizeof(struct idx_hdr)) {
		close(fd);
		return -1;
	}
	mem = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (mem == MAP_FAILED)
		return -1;
	if (use_image(dw, mem, (size_t)st.st_size) < 0) {
		munmap(mem, (size_t)st.st_size);
		return -1;
	}
	dw->idx_mapped = true;
	return 0;
}

static void save_cache(struct kpdb_dwarf *dw)
{
	char *tmp = NULL, *dir = strdup(dw->idx_path), *slash = strrchr(dir, '/');
	int fd;

	if (!dir || !slash)
		goto out;
	*slash = '\0';
	mkdirs(dir);
	if (asprintf(&tmp, "%s.%d.tmp", dw->idx_path, (int)getpid()) < 0) {
		tmp = NULL;
		goto out;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		goto out;
	/* a failed write leaves no cache, never a bad one: the rename is last */
	if (write(fd, dw->idx_mem, dw->idx_size) != (ssize_t)dw->idx_size || close(fd) < 0 ||
	    rename(tmp, dw->idx_path) < 0)
		unlink(tmp);
out:
	free(tmp);
	free(dir);
}

static int build(struct kpdb_dwarf *dw, struct kpdb_err *err)
{
	struct builder *b = calloc(1, sizeof(*b));
	Dwarf_CU *cu = NULL, *next;
	Dwarf_Die cudie, subdie;
	Dwarf_Half ver;
	uint8_t ut;
	size_t ncu = 0, nuniq = 0, strsize = 0;
	struct timespec t0, t1;

	if (!b)
		return kpdb_err_set(err, "out of memory");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (dwarf_get_units(dw->dw, cu, &next, &ver, &ut, &cudie, &subdie) == 0) {
		cu = next;
		if (ut != DW_UT_compile && ut != DW_UT_partial)
			continue;
		if (index_cu(b, &cudie) < 0)
			goto oom;
		/* the walk touches most of .debug_info: keep it out of our RSS */
		if (++ncu % 64 == 0)
			dw_release_pages(dw);
	}
	dw_release_pages(dw);
	free(b->set);
	b->set = NULL;
	if (b->n)	/* qsort(NULL, 0) is undefined */
		qsort(b->v, b->n, sizeof(*b->v), cmp_bent);
	for (size_t i = 0; i < b->n; i++) {
		if (i && !strcmp(b->v[i].name, b->v[i - 1].name))
			continue;
		strsize += strlen(b->v[i].name) + 1;
		nuniq++;
	}
	size_t size = sizeof(struct idx_hdr) + b->n * sizeof(struct dw_idx_ent) + strsize;
	char *mem = calloc(1, size);

	if (!mem)
		goto oom;
	struct idx_hdr *h = (struct idx_hdr *)mem;
	struct dw_idx_ent *e = (struct dw_idx_ent *)(h + 1);
	char *strs = (char *)(e + b->n);
	uint32_t pos = 0;

	memcpy(h->magic, IDX_MAGIC, 8);
	h->version = IDX_VERSION;
	h->nents = (uint32_t)b->n;
	h->strs_size = strsize;
	h->image_size = dw->rawsize;
	h->image_mtime_ns = dw->mtime_ns;
	h->image_ino = dw->ino;
	if (dw->build_id)
		snprintf(h->build_id, sizeof(h->build_id), "%s", dw->build_id);
	for (size_t i = 0; i < b->n; i++) {
		if (!i || strcmp(b->v[i].name, b->v[i - 1].name)) {
			size_t l = strlen(b->v[i].name) + 1;

			memcpy(strs + pos, b->v[i].name, l);
			e[i].name = pos;
			pos += (uint32_t)l;
		} else {
			e[i].name = e[i - 1].name;
		}
		e[i].die = b->v[i].die;
		e[i].kind = b->v[i].kind;
		e[i].flags = b->v[i].flags;
	}
	h->sum = checksum(h + 1, size - sizeof(*h));
	free(b->v);
	free(b);
	if (use_image(dw, mem, size) < 0) {
		free(mem);
		return kpdb_err_set(err, "cannot index '%s'", dw->path);
	}
	dw->idx_mapped = false;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	dw->idx_build_secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (dw->idx_path && !getenv("KPDB_NO_INDEX_CACHE"))
		save_cache(dw);
	dw_release_pages(dw);
	return 0;
oom:
	free(b->v);
	free(b->set);
	free(b);
	return kpdb_err_set(err, "out of memory indexing '%s'", dw->path);
}

/**
 * dw_index_ready - make sure the name index exists: load the cached file or
 * build it (about half a second on a distribution vmlinux) and save it.
 */
static void set_path(struct kpdb_dwarf *dw)
{
	if (dw->build_id && !dw->idx_path) {
		char *dir = cache_dir();

		if (dir && asprintf(&dw->idx_path, "%s/%s.idx", dir, dw->build_id) < 0)
			dw->idx_path = NULL;
		free(dir);
	}
}

int dw_index_ready(struct kpdb_dwarf *dw, struct kpdb_err *err)
{
	if (dw->idx_ready)
		return 0;
	set_path(dw);
	/* the index leads to DIEs by offset: libdw then needs the unit headers */
	dw_units_ready(dw);
	if (dw->idx_path && !getenv("KPDB_NO_INDEX_CACHE") && load_cache(dw) == 0)
		return 0;
	return build(dw, err);
}

void dw_index_free(struct kpdb_dwarf *dw)
{
	if (dw->idx_mem) {
		if (dw->idx_mapped)
			munmap(dw->idx_mem, dw->idx_size);
		else
			free(dw->idx_mem);
	}
	dw->idx_mem = NULL;
	dw->ents = NULL;
	dw->nents = 0;
	dw->idx_ready = false;
	free(dw->idx_path);
	dw->idx_path = NULL;
}

static int cmp_key(struct kpdb_dwarf *dw, const struct dw_idx_ent *e, int kind, const char *name)
{
	int r = strcmp(dw->strs + e->name, name);

	return r ? r : e->kind - kind;
}

/* The first entry whose name is not below @name (entries sort by name, then kind). */
size_t dw_index_lower(struct kpdb_dwarf *dw, const char *name)
{
	size_t lo = 0, hi = dw->nents;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(dw->strs + dw->ents[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct dw_idx_ent *dw_index_find(struct kpdb_dwarf *dw, int kind, const char *name,
				       size_t *n)
{
	size_t lo = dw_index_lower(dw, name), end;

	while (lo < dw->nents && cmp_key(dw, &dw->ents[lo], kind, name) < 0)
		lo++;
	for (end = lo; end < dw->nents && !cmp_key(dw, &dw->ents[end], kind, name); end++)
		;
	*n = end - lo;
	return *n ? &dw->ents[lo] : NULL;
}

/* GCC's names for the C base types: "unsigned long" is "long unsigned int". */
static void normalize_base(const char *in, char *out, size_t len)
{
	int nlong = 0, nshort = 0, sign = 0, has_char = 0, has_int = 0, other = 0;
	char buf[128], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", in);
	for (char *w = strtok_r(buf, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (!strcmp(w, "long"))
			nlong++;
		else if (!strcmp(w, "short"))
			nshort++;
		else if (!strcmp(w, "unsigned"))
			sign = 1;
		else if (!strcmp(w, "signed"))
			sign = 2;
		else if (!strcmp(w, "char"))
			has_char = 1;
		else if (!strcmp(w, "int"))
			has_int = 1;
		else
			other = 1;
	}
	if (other || (!nlong && !nshort && !sign && !has_char && !has_int)) {
		snprintf(out, len, "%s", in);
		return;
	}
	if (has_char) {
		snprintf(out, len, "%schar", sign == 1 ? "unsigned " : sign == 2 ? "signed " : "");
		return;
	}
	snprintf(out, len, "%s%s%sint", nlong >= 2 ? "long long " : nlong ? "long " : "",
		 nshort ? "short " : "", sign == 1 ? "unsigned " : "");
}

static bool lookup_kind(struct kpdb_dwarf *dw, Dwarf_Die *cu, int kind, const char *name,
			Dwarf_Die *out)
{
	static const int tags[] = {
		[DW_K_STRUCT] = DW_TAG_structure_type, [DW_K_UNION] = DW_TAG_union_type,
		[DW_K_ENUM] = DW_TAG_enumeration_type, [DW_K_TYPEDEF] = DW_TAG_typedef,
		[DW_K_BASE] = DW_TAG_base_type,
	};
	const struct dw_idx_ent *e;
	size_t n;

	if (cu && dw_cu_find(cu, tags[kind], name, out) == 0)
		return true;
	if (!dw->idx_ready)
		return false;
	e = dw_index_find(dw, kind, name, &n);
	return e && dwarf_offdie(dw->dw, e->die, out);
}

int dw_type_by_name(struct kpdb_dwarf *dw, Dwarf_Die *cu, const char *name, Dwarf_Die *out,
		    struct kpdb_err *err)
{
	static const struct { const char *prefix; int kind; } tagged[] = {
		{ "struct ", DW_K_STRUCT }, { "union ", DW_K_UNION }, { "enum ", DW_K_ENUM },
	};
	char base[128];

	while (*name == ' ')
		name++;
	for (int pass = 0; pass < 2; pass++) {
		/* first the CU at hand, then (building the index if need be) everywhere */
		if (pass == 1 && dw_index_ready(dw, err) < 0)
			return -1;
		for (size_t i = 0; i < sizeof(tagged) / sizeof(tagged[0]); i++) {
			size_t l = strlen(tagged[i].prefix);

			if (strncmp(name, tagged[i].prefix, l))
				continue;
			const char *n = name + l;

			while (*n == ' ')
				n++;
			if (lookup_kind(dw, cu, tagged[i].kind, n, out))
				return 0;
			goto next;
		}
		normalize_base(name, base, sizeof(base));
		if (lookup_kind(dw, cu, DW_K_TYPEDEF, name, out) ||
		    lookup_kind(dw, cu, DW_K_BASE, base, out) ||
		    lookup_kind(dw, cu, DW_K_STRUCT, name, out) ||
		    lookup_kind(dw, cu, DW_K_UNION, name, out) ||
		    lookup_kind(dw, cu, DW_K_ENUM, name, out))
			return 0;
next:
		cu = NULL;
	}
	return kpdb_err_set(err, "no type '%s' in '%s'", name, dw->path);
}

/*
 * Only the abstract instance has DW_AT_inline; an out-of-line copy
 * (DW_F_CODE) has a symbol of its own, or is a clone dw_resolve_where finds.
 */
bool dw_func_inlined_only(struct kpdb_dwarf *dw, const char *name)
{
	const struct dw_idx_ent *e;
	struct dw_sym *c[1];
	bool inl = false;
	size_t k;

	if (dw_syms_named(dw, name, c, 1) || dw_syms_clones(dw, name, c, 1))
		return false;
	if (dw_index_ready(dw, NULL) < 0 || !(e = dw_index_find(dw, DW_K_FUNC, name, &k)))
		return false;
	for (size_t i = 0; i < k; i++) {
		if (e[i].flags & DW_F_CODE)
			return false;
		inl |= e[i].flags & DW_F_INLINE;
	}
	return inl;
}

/**
 * kpdb_dwarf_stats - what `info vmlinux` reports about the open image
 * @dw: the debug info
 * @st: filled; its strings belong to @dw
 */
void kpdb_dwarf_stats(struct kpdb_dwarf *dw, struct kpdb_dwarf_stats *st)
{
	memset(st, 0, sizeof(*st));
	set_path(dw);
	st->nsyms = dw->nsyms;
	st->index_ready = dw->idx_ready;
	st->index_path = dw->idx_path;
	st->index_build_secs = dw->idx_build_secs;
	st->index_entries = dw->nents;
}

/**
 * kpdb_dwarf_index - load or build the name index now (see resolver.h)
 * @dw: the debug info
 * @err: the reason on failure
 *
 * Return: 0, or -1 with @err set.
 */
int kpdb_dwarf_index(struct kpdb_dwarf *dw, struct kpdb_err *err)
{
	return dw_index_ready(dw, err);
}
