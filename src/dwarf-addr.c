// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dwarf-addr.c - from a code address back to the source: the file:line of
 * each frame of a kernel stack, with the inlined copies that hold the
 * address expanded as `addr2line -i -f` shows them (for bt, bp -s).
 *
 * One lookup reads the compilation unit's line table once (libdw keeps it)
 * and walks the scopes of one function; the answers are kept by address,
 * since a stack's frames come back with every hit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dwarf.h>

#include "dwarf-priv.h"

#define CACHE_SLOTS	4096	/* a power of two */

struct addr_slot {
	uint64_t addr;
	bool used;
	unsigned char n;
	struct kpdb_src_frame *frames;
};

struct dw_addr_cache {
	struct addr_slot slot[CACHE_SLOTS];
	size_t used;
};

void dw_addr_cache_free(struct kpdb_dwarf *dw)
{
	struct dw_addr_cache *c = dw->addr_cache;

	if (!c)
		return;
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		free(c->slot[i].frames);
	free(c);
	dw->addr_cache = NULL;
}

/* The slot of @addr: its answer, or where to put it. */
static struct addr_slot *slot_of(struct dw_addr_cache *c, uint64_t addr)
{
	size_t i = (size_t)((addr * 0x9e3779b97f4a7c15ULL) >> 52) & (CACHE_SLOTS - 1);

	while (c->slot[i].used && c->slot[i].addr != addr)
		i = (i + 1) & (CACHE_SLOTS - 1);
	return &c->slot[i];
}

/* A path as addr2line prints it: the build directory says nothing to the user. */
static void set_file(struct kpdb_src_frame *f, const char *path, const char *comp_dir)
{
	size_t n = comp_dir ? strlen(comp_dir) : 0;

	if (!path)
		path = "";
	if (n && !strncmp(path, comp_dir, n) && path[n] == '/')
		path += n + 1;
	while (!strncmp(path, "./", 2))
		path += 2;
	snprintf(f->file, sizeof(f->file), "%s", path);
}

static void set_func(struct kpdb_src_frame *f, Dwarf_Die *die)
{
	Dwarf_Attribute a;
	const char *name = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &a));

	snprintf(f->func, sizeof(f->func), "%s", name ? name : "");
}

/* Where the inlined copy @die is called from, in its CU's file table. */
static void call_site(Dwarf_Die *cu, Dwarf_Die *die, const char **file, int *line)
{
	Dwarf_Attribute a;
	Dwarf_Files *files;
	Dwarf_Word idx, ln;
	size_t nfiles;

	*file = NULL;
	*line = 0;
	if (dwarf_formudata(dwarf_attr(die, DW_AT_call_line, &a), &ln) == 0)
		*line = (int)ln;
	if (dwarf_formudata(dwarf_attr(die, DW_AT_call_file, &a), &idx) == 0 &&
	    dwarf_getsrcfiles(cu, &files, &nfiles) == 0 && idx < nfiles)
		*file = dwarf_filesrc(files, idx, NULL, NULL);
}

static size_t lookup(struct kpdb_dwarf *dw, uint64_t addr, struct kpdb_src_frame *out,
		     size_t max)
{
	Dwarf_Attribute a;
	Dwarf_Die cu, fn, *scopes = NULL;
	Dwarf_Line *l;
	const char *comp_dir, *file = NULL;
	int line = 0, ns;
	size_t n = 0;

	if (!max)
		return 0;
	if (dw_func_at(dw, addr, &cu, &fn) < 0) {
		/* no function (assembly): the line table may still know the line */
		if (!dwarf_addrdie(dw->dw, addr, &cu) || !(l = dwarf_getsrc_die(&cu, addr)))
			return 0;
		memset(out, 0, sizeof(*out));
		set_file(out, dwarf_linesrc(l, NULL, NULL),
			 dwarf_formstring(dwarf_attr(&cu, DW_AT_comp_dir, &a)));
		dwarf_lineno(l, &out->line);
		return 1;
	}
	comp_dir = dwarf_formstring(dwarf_attr(&cu, DW_AT_comp_dir, &a));
	l = dwarf_getsrc_die(&cu, addr);
	if (l) {
		file = dwarf_linesrc(l, NULL, NULL);
		dwarf_lineno(l, &line);
	}
	ns = dw_scopes_at(&cu, &fn, addr, &scopes);
	for (int i = 0; i < ns && n < max; i++) {
		int tag = dwarf_tag(&scopes[i]);

		if (tag != DW_TAG_inlined_subroutine && tag != DW_TAG_subprogram)
			continue;
		memset(&out[n], 0, sizeof(out[n]));
		set_func(&out[n], &scopes[i]);
		set_file(&out[n], file, comp_dir);
		out[n].line = line;
		out[n].inlined = tag == DW_TAG_inlined_subroutine;
		n++;
		if (tag == DW_TAG_subprogram)
			break;
		call_site(&cu, &scopes[i], &file, &line);
	}
	free(scopes);
	return n;
}

size_t kpdb_dwarf_addr_frames(struct kpdb_dwarf *dw, unsigned long long addr,
			      struct kpdb_src_frame *out, size_t max)
{
	struct kpdb_src_frame f[KPDB_SRC_FRAMES_MAX];
	struct dw_addr_cache *c = dw->addr_cache;
	struct addr_slot *s;
	size_t n;

	if (dw->from_btf)
		return 0;
	if (!c) {
		c = dw->addr_cache = calloc(1, sizeof(*c));
		if (!c)
			return lookup(dw, addr, out, max);
	}
	s = slot_of(c, addr);
	if (!s->used) {
		n = lookup(dw, addr, f, KPDB_SRC_FRAMES_MAX);
		if (c->used >= CACHE_SLOTS * 3 / 4) {
			/* full: start again rather than keep a stack's worth of old answers */
			for (size_t i = 0; i < CACHE_SLOTS; i++)
				free(c->slot[i].frames);
			memset(c, 0, sizeof(*c));
			s = slot_of(c, addr);
		}
		s->frames = n ? malloc(n * sizeof(*f)) : NULL;
		if (n && !s->frames) {
			n = n < max ? n : max;
			memcpy(out, f, n * sizeof(*f));
			return n;
		}
		if (n)
			memcpy(s->frames, f, n * sizeof(*f));
		s->addr = addr;
		s->n = (unsigned char)n;
		s->used = true;
		c->used++;
	}
	n = s->n < max ? s->n : max;
	if (n)
		memcpy(out, s->frames, n * sizeof(*out));
	return n;
}
