// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dwarf-partial.c - what a breakpoint on a function's symbol does not
 * cover, and what to probe instead of a function the kernel refuses.
 *
 * A function may have a symbol (an out-of-line copy) and be inlined as
 * well: `bp` probes the symbol only, and says how many inlined copies it
 * leaves out.  Those copies are the DW_TAG_inlined_subroutine DIEs whose
 * abstract origin is the function's abstract instance; the name index says
 * which CUs hold one (every CU that inlines a header's function has its
 * own), and only those CUs are walked, as dwarf-inline.c walks them for
 * the functions that are always inlined.
 *
 * An out-of-line copy of a kernel `inline` function is notrace, and the
 * kernel refuses a kprobe event on it.  When that copy is a stub that only
 * calls another function (dev_queue_xmit() is `return __dev_queue_xmit(skb,
 * NULL)`), the callee is what to probe: GCC records the call, with
 * DW_AT_call_all_calls saying that it is the only one.
 */
#include <dwarf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dwarf-priv.h"
#include "kprobe-limits.h"
#include "probe-spec.h"

#define MAX_DEPTH 64		/* of nested scopes in a subprogram */
#define STUB_MAX_BYTES 64	/* a stub: a few moves and one call or jump */

struct copies {
	uint64_t *origins;	/* DIE offsets of the function's abstract instances */
	size_t norigins;
	uint64_t *addrs;	/* entry pcs of the copies found */
	size_t n, cap;
};

static bool abstract_origin(Dwarf_Die *die, Dwarf_Die *out)
{
	Dwarf_Attribute a;

	return dwarf_attr(die, DW_AT_abstract_origin, &a) && dwarf_formref_die(&a, out);
}

static int add_copy(Dwarf_Die *die, void *arg)
{
	struct copies *cp = arg;
	uint64_t addr;

	if (dw_entry_addr(die, &addr) < 0)
		return 0;	/* optimized away: nothing there to probe */
	if (cp->n == cp->cap) {
		size_t cap = cp->cap ? cp->cap * 2 : 16;
		uint64_t *v = realloc(cp->addrs, cap * sizeof(*v));

		if (!v)
			return -1;
		cp->addrs = v;
		cp->cap = cap;
	}
	cp->addrs[cp->n++] = addr;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The subprogram DIE of the symbol @name (or of its first clone), as the
 * abstract instance when it has one: what the inlined copies name.
 */
static int probed_function(struct kpdb_dwarf *dw, const char *name, Dwarf_Die *out)
{
	struct dw_sym *s[1];
	Dwarf_Die cu, fn;

	if (!dw_syms_named(dw, name, s, 1) && !dw_syms_clones(dw, name, s, 1))
		return -1;
	if (dw_func_at(dw, s[0]->addr, &cu, &fn) < 0)
		return -1;
	if (!abstract_origin(&fn, out))
		*out = fn;
	return 0;
}

/*
 * The abstract instances of the function with the symbol @name: the DIE
 * offsets, sorted, in *@origins (free() it).  Instances of other functions
 * of that name (static functions of other files) are told apart by where
 * they are declared.  Returns how many, 0 if none or unknown.
 */
static size_t partial_origins(struct kpdb_dwarf *dw, const char *name, uint64_t **origins)
{
	const struct dw_idx_ent *e;
	char want[512], where[512];
	Dwarf_Die fn;
	size_t n, k = 0;

	*origins = NULL;
	if (dw->from_btf || strchr(name, ':') || probed_function(dw, name, &fn) < 0)
		return 0;
	dw_decl_where(&fn, want, sizeof(want));
	if (dw_index_ready(dw, NULL) < 0 || !(e = dw_index_find(dw, DW_K_FUNC, name, &n)))
		return 0;
	*origins = calloc(n, sizeof(**origins));
	if (!*origins)
		return 0;
	for (size_t i = 0; i < n; i++) {
		Dwarf_Die abs;

		if (!(e[i].flags & DW_F_INLINE) || !dwarf_offdie(dw->dw, e[i].die, &abs))
			continue;
		dw_decl_where(&abs, where, sizeof(where));
		if (!strcmp(where, want))
			(*origins)[k++] = e[i].die;
	}
	return k;
}

/**
 * kpdb_dwarf_inlined_copies - the inlined copies of a function that also
 * has a symbol (see resolver.h)
 * @dw: the debug info
 * @name: the function's name, as `bp` got it
 *
 * Return: the number of inlined copies with code in a function symbol,
 * counted once per address; 0 if none, if @name has no symbol (an
 * always-inlined function: kpdb_dwarf_sites() probes all of its copies),
 * or if the debug info cannot tell.
 */
size_t kpdb_dwarf_inlined_copies(struct kpdb_dwarf *dw, const char *name)
{
	struct copies cp = { 0 };
	size_t k = 0;

	cp.norigins = partial_origins(dw, name, &cp.origins);
	if (!cp.norigins)
		goto out;
	if (dw_inlined_copies(dw, cp.origins, cp.norigins, add_copy, &cp) < 0) {
		cp.n = 0;
		goto out;
	}
	if (cp.n)
		qsort(cp.addrs, cp.n, sizeof(*cp.addrs), cmp_u64);
	for (size_t i = 0; i < cp.n; i++)
		if ((!i || cp.addrs[i] != cp.addrs[i - 1]) && dw_sym_at(dw, cp.addrs[i]))
			k++;
out:
	free(cp.origins);
	free(cp.addrs);
	dw_release_pages(dw);
	return k;
}

/**
 * kpdb_dwarf_copy_sites - @spec resolved at each inlined copy of the
 * function it names, which has a symbol too (see resolver.h)
 */
int kpdb_dwarf_copy_sites(struct kpdb_dwarf *dw, const struct kpdb_probe_spec *spec,
			  struct kpdb_sites *out, struct kpdb_err *err)
{
	uint64_t *origins;
	size_t n;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	if (!spec->symbol || spec->module || spec->file || spec->line || spec->offset ||
	    spec->retprobe || spec->which || strchr(spec->symbol, ':'))
		return 0;
	n = partial_origins(dw, spec->symbol, &origins);
	if (n)
		ret = dw_resolve_copies(dw, spec, origins, n, out, err);
	free(origins);
	dw_release_pages(dw);
	return ret;
}

/* The call sites of @parent and of the scopes in it; the last one in @call. */
static int count_calls(Dwarf_Die *parent, Dwarf_Die *call, int depth)
{
	Dwarf_Die d;
	int n = 0;

	if (depth > MAX_DEPTH || dwarf_child(parent, &d) != 0)
		return 0;
	do {
		switch (dwarf_tag(&d)) {
		case DW_TAG_call_site:
		case DW_TAG_GNU_call_site:
			*call = d;
			n++;
			break;
		case DW_TAG_lexical_block:
		case DW_TAG_inlined_subroutine:
			n += count_calls(&d, call, depth + 1);
			break;
		}
	} while (dwarf_siblingof(&d, &d) == 0);
	return n;
}

/**
 * kpdb_dwarf_stub_callee - the function that the symbol @name only calls
 * (see resolver.h)
 * @dw: the debug info
 * @name: a function symbol
 * @buf: gets the callee's name
 * @len: size of @buf
 *
 * Return: 0 when @name's code is a stub of at most STUB_MAX_BYTES whose
 * debug info records all its calls (DW_AT_call_all_calls), and they are
 * one call or tail call of a named function; -1 otherwise.
 */
int kpdb_dwarf_stub_callee(struct kpdb_dwarf *dw, const char *name, char *buf, size_t len)
{
	struct dw_sym *s[2];
	Dwarf_Attribute a;
	Dwarf_Die cu, fn, call, callee;
	const char *cn;
	int ret = -1;

	if (dw->from_btf || dw_syms_named(dw, name, s, 2) != 1 || !s[0]->size ||
	    s[0]->size > STUB_MAX_BYTES || dw_func_at(dw, s[0]->addr, &cu, &fn) < 0)
		goto out;
	if (!dwarf_hasattr(&fn, DW_AT_call_all_calls) &&
	    !dwarf_hasattr(&fn, DW_AT_GNU_all_call_sites))
		goto out;
	if (count_calls(&fn, &call, 0) != 1)
		goto out;
	if (!dwarf_attr(&call, DW_AT_call_origin, &a) &&
	    !dwarf_attr(&call, DW_AT_abstract_origin, &a))
		goto out;
	if (!dwarf_formref_die(&a, &callee) || !(cn = dwarf_diename(&callee)) ||
	    !strcmp(cn, name))
		goto out;
	snprintf(buf, len, "%s", cn);
	ret = 0;
out:
	dw_release_pages(dw);
	return ret;
}

static bool sym_addr(struct kpdb_dwarf *dw, const char *name, uint64_t *addr)
{
	struct dw_sym *s[1];

	if (!dw_syms_named(dw, name, s, 1))
		return false;
	*addr = s[0]->addr;
	return true;
}

/* The values of the data symbols @names[0..1] of the ELF symtab. */
static bool data_syms(struct kpdb_dwarf *dw, const char *const names[2], uint64_t addr[2])
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	int found = 0;

	while ((scn = elf_nextscn(dw->elf, scn))) {
		Elf_Data *data;
		size_t n;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB ||
		    !(data = elf_getdata(scn, NULL)))
			continue;
		n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
		for (size_t i = 0; i < n && found < 2; i++) {
			GElf_Sym s;
			const char *nm;

			if (!gelf_getsym(data, (int)i, &s) || GELF_ST_TYPE(s.st_info) == STT_FUNC ||
			    !(nm = elf_strptr(dw->elf, sh.sh_link, s.st_name)) || nm[0] != '_')
				continue;
			for (int k = 0; k < 2; k++) {
				if (!strcmp(nm, names[k])) {
					addr[k] = s.st_value;
					found++;
				}
			}
		}
		break;
	}
	return found == 2;
}

/* The addresses in the table [@start, @end) of the image, into dw->black, sorted. */
static void table_load(struct kpdb_dwarf *dw, uint64_t start, uint64_t end)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(dw->elf, scn))) {
		Elf_Data *data;
		size_t n = 0;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS ||
		    start < sh.sh_addr || end > sh.sh_addr + sh.sh_size || end < start)
			continue;
		data = elf_getdata(scn, NULL);
		if (!data || !data->d_buf || data->d_size < sh.sh_size)
			return;
		dw->black = calloc((end - start) / 8 + 1, sizeof(*dw->black));
		if (!dw->black)
			return;
		for (uint64_t a = start; a + 8 <= end; a += 8)
			memcpy(&dw->black[n++], (const char *)data->d_buf + (a - sh.sh_addr), 8);
		qsort(dw->black, n, sizeof(*dw->black), cmp_u64);
		dw->nblack = n;
		return;
	}
}

/* The image's blacklist, once: its areas' bounds and its table. */
static void black_load(struct kpdb_dwarf *dw)
{
	static const char *const table[2] = { "__start_kprobe_blacklist",
					      "__stop_kprobe_blacklist" };
	uint64_t bounds[2] = { 0, 0 };

	dw->black_loaded = true;
	for (size_t i = 0; i < KPDB_TEXT_AREAS; i++)
		if (!sym_addr(dw, kpdb_text_areas[i].start, &dw->black_areas[i][0]) ||
		    !sym_addr(dw, kpdb_text_areas[i].end, &dw->black_areas[i][1]))
			dw->black_areas[i][0] = dw->black_areas[i][1] = 0;
	if (data_syms(dw, table, bounds))
		table_load(dw, bounds[0], bounds[1]);
}

/**
 * kpdb_dwarf_kprobe_blacklisted - whether the image's kprobe blacklist has
 * the function @name (see resolver.h)
 * @dw: the debug info
 * @name: a function symbol
 *
 * The image's own list: the functions NOKPROBE_SYMBOL() put between
 * __start_kprobe_blacklist and __stop_kprobe_blacklist (one address each),
 * and the text areas the kernel blacklists as a whole.
 * Return: NULL if not listed (or the image cannot tell: BTF), else how it
 * is: "kprobe blacklist", "noinstr text", "entry text" or "kprobes text".
 */
const char *kpdb_dwarf_kprobe_blacklisted(struct kpdb_dwarf *dw, const char *name)
{
	struct dw_sym *s[8];
	size_t n;

	if (dw->from_btf || !(n = dw_syms_named(dw, name, s, 8)))
		return NULL;
	if (n > 8)
		n = 8;
	if (!dw->black_loaded)
		black_load(dw);
	for (size_t i = 0; i < KPDB_TEXT_AREAS; i++)
		for (size_t k = 0; k < n; k++)
			if (s[k]->addr >= dw->black_areas[i][0] && s[k]->addr < dw->black_areas[i][1])
				return kpdb_text_areas[i].what;
	for (size_t k = 0; k < n; k++)
		if (dw->nblack && bsearch(&s[k]->addr, dw->black, dw->nblack, sizeof(*dw->black),
					  cmp_u64))
			return "kprobe blacklist";
	return NULL;
}
