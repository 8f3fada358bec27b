// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dwarf-loc.c - where a variable lives at the probe address: DWARF
 * location expressions and lists turned into kprobe fetchargs.
 *
 * Registers become %di, %si, ...; frame-based slots are rebased on the CFA
 * from .debug_frame (at a function's entry the CFA is %sp + 8 on x86_64);
 * DW_OP_entry_value(reg) is the register itself at the entry.  Syscall
 * parameters are read from the struct pt_regs their wrapper receives.  At
 * the entry of a function that is no compiler clone, a parameter is where
 * the x86-64 calling convention passes it, whatever DWARF says of the body.
 */
#include <dwarf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dwarf-priv.h"

const char *dw_regname(unsigned int regno)
{
	static const char *const names[] = {
		"%ax", "%dx", "%cx", "%bx", "%si", "%di", "%bp", "%sp",
		"%r8", "%r9", "%r10", "%r11", "%r12", "%r13", "%r14", "%r15",
	};

	return regno < sizeof(names) / sizeof(names[0]) ? names[regno] : NULL;
}

void dw_ctx_release(struct dw_ctx *c)
{
	free(c->scopes);
	c->scopes = NULL;
	c->nscopes = 0;
}

static bool var_tag(int tag)
{
	return tag == DW_TAG_formal_parameter || tag == DW_TAG_variable;
}

static bool find_child_var(Dwarf_Die *scope, const char *name, Dwarf_Die *out, bool params_only)
{
	Dwarf_Die d;

	if (dwarf_child(scope, &d) != 0)
		return false;
	do {
		int tag = dwarf_tag(&d);
		const char *n;

		if (!var_tag(tag) || (params_only && tag != DW_TAG_formal_parameter))
			continue;
		n = dwarf_diename(&d);
		if (n && !strcmp(n, name)) {
			*out = d;
			return true;
		}
	} while (dwarf_siblingof(&d, &d) == 0);
	return false;
}

/* The abstract instance an inlined subroutine is a copy of. */
static bool abstract_origin(Dwarf_Die *die, Dwarf_Die *out)
{
	Dwarf_Attribute a;

	return dwarf_attr(die, DW_AT_abstract_origin, &a) && dwarf_formref_die(&a, out);
}

/*
 * A variable (or with @params_only a parameter) of a scope.  In a concrete
 * copy of an abstract instance (an inlined subroutine, a compiler clone
 * such as NAME.isra.0, a block in either), one that has no concrete DIE is
 * found in the abstract instance, where it has no location: it is
 * optimized out there, not unknown.
 */
static bool find_scope_var(Dwarf_Die *scope, const char *name, Dwarf_Die *out, bool params_only)
{
	Dwarf_Die origin;

	if (find_child_var(scope, name, out, params_only))
		return true;
	return abstract_origin(scope, &origin) && find_child_var(&origin, name, out, params_only);
}

static bool scope_tag(int tag)
{
	return tag == DW_TAG_lexical_block || tag == DW_TAG_inlined_subroutine;
}

static int push_scope(Dwarf_Die **v, int *n, int *cap, Dwarf_Die *d)
{
	if (*n == *cap) {
		Dwarf_Die *p = realloc(*v, (*cap = *cap ? *cap * 2 : 8) * sizeof(*p));

		if (!p)
			return -1;
		*v = p;
	}
	(*v)[(*n)++] = *d;
	return 0;
}

/*
 * Append to @v the scopes under @scope that contain @addr, outermost first.
 * A block without an address range of its own (its code is only in the
 * blocks inside it) is entered too.  True if the innermost was found.
 */
static bool scopes_under(Dwarf_Die *scope, uint64_t addr, Dwarf_Die **v, int *n, int *cap,
			 int depth)
{
	Dwarf_Die d;

	if (depth > 64 || dwarf_child(scope, &d) != 0)
		return false;
	do {
		int mark = *n;

		if (!scope_tag(dwarf_tag(&d)))
			continue;
		if (dwarf_haspc(&d, addr) > 0) {
			if (push_scope(v, n, cap, &d) < 0)
				return false;
			scopes_under(&d, addr, v, n, cap, depth + 1);
			return true;
		}
		if (dwarf_hasattr(&d, DW_AT_low_pc) || dwarf_hasattr(&d, DW_AT_ranges))
			continue;
		if (push_scope(v, n, cap, &d) < 0)
			return false;
		if (scopes_under(&d, addr, v, n, cap, depth + 1))
			return true;
		*n = mark;
	} while (dwarf_siblingof(&d, &d) == 0);
	return false;
}

/*
 * dw_scopes_at - the scopes of the concrete subprogram @fn (of @cu) that
 * contain @addr, innermost first: blocks and inlined copies, then @fn, then
 * @cu.  Unlike dwarf_getscopes(), which continues from an inlined copy into
 * its abstract instance, the chain goes on through the function the copy
 * was inlined into: inside get_current() in vfs_read, vfs_read's @file is
 * visible.  Returns the count with *@out malloc'ed, or -1.
 */
int dw_scopes_at(Dwarf_Die *cu, Dwarf_Die *fn, uint64_t addr, Dwarf_Die **out)
{
	Dwarf_Die *v = NULL;
	int n = 0, cap = 0;

	*out = NULL;
	if (push_scope(&v, &n, &cap, cu) < 0 || push_scope(&v, &n, &cap, fn) < 0) {
		free(v);
		return -1;
	}
	scopes_under(fn, addr, &v, &n, &cap, 0);
	for (int i = 0; i < n / 2; i++) {
		Dwarf_Die t = v[i];

		v[i] = v[n - 1 - i];
		v[n - 1 - i] = t;
	}
	*out = v;
	return n;
}

int dw_find_var(struct dw_ctx *c, const char *name, Dwarf_Die *out, struct kpdb_err *err)
{
	const struct dw_idx_ent *e;
	size_t n;

	if (c->syscall) {
		if (find_child_var(&c->sysfn, name, out, true))
			return 0;
		return kpdb_err_set(err, "no parameter '%s' in syscall '%s'%s", name, c->funcname,
				    dwarf_tag(&c->sysfn) == DW_TAG_subprogram ? "" :
				    ": it takes no arguments");
	}
	if (c->retprobe)
		return kpdb_err_set(err, "'%s' cannot be fetched in a return probe: only $retval "
				    "is known there", name);
	if (c->scopes) {
		for (int i = 0; i < c->nscopes; i++)
			if (find_scope_var(&c->scopes[i], name, out, false))
				return 0;
	} else if (c->have_fn && find_scope_var(&c->fn, name, out, true)) {
		return 0;
	}
	/* a global: the CU's own first, then any */
	if (c->have_cu && find_child_var(&c->cu, name, out, false) &&
	    dwarf_hasattr(out, DW_AT_location))
		return 0;
	if (dw_index_ready(c->dw, NULL) == 0) {
		e = dw_index_find(c->dw, DW_K_VAR, name, &n);
		if (e && dwarf_offdie(c->dw->dw, e->die, out))
			return 0;
	}
	if (!c->have_fn)
		return kpdb_err_set(err, "no debug info for '%s': only raw fetchargs work there",
				    c->funcname);
	return kpdb_err_set(err, "no parameter '%s' in '%s'%s", name, c->funcname,
			    c->at_entry ? "" : " (nor a variable visible at this address)");
}

/* The CFA at @addr as base register + offset. */
static int cfa_at(struct dw_ctx *c, const char **reg, long *off)
{
	struct kpdb_dwarf *dw = c->dw;
	Dwarf_Frame *frame = NULL;
	Dwarf_Op *ops;
	size_t n;
	int ret = -1;

	if (!dw->cfi_tried) {
		dw->cfi = dwarf_getcfi(dw->dw);
		dw->cfi_eh = dwarf_getcfi_elf(dw->elf);
		dw->cfi_tried = true;
	}
	if (((dw->cfi && dwarf_cfi_addrframe(dw->cfi, c->addr, &frame) == 0) ||
	     (dw->cfi_eh && dwarf_cfi_addrframe(dw->cfi_eh, c->addr, &frame) == 0)) &&
	    dwarf_frame_cfa(frame, &ops, &n) == 0 && n == 1) {
		if (ops[0].atom >= DW_OP_breg0 && ops[0].atom <= DW_OP_breg31) {
			*reg = dw_regname(ops[0].atom - DW_OP_breg0);
			*off = (long)ops[0].number;
			ret = *reg ? 0 : -1;
		} else if (ops[0].atom == DW_OP_bregx) {
			*reg = dw_regname((unsigned int)ops[0].number);
			*off = (long)ops[0].number2;
			ret = *reg ? 0 : -1;
		}
	}
	free(frame);
	if (ret < 0 && c->at_entry) {
		/* the call has just pushed the return address */
		*reg = "%sp";
		*off = 8;
		ret = 0;
	}
	return ret;
}

/* DW_AT_frame_base at the address, resolved to register + offset. */
static int frame_base(struct dw_ctx *c, const char **reg, long *off, struct kpdb_err *err)
{
	Dwarf_Attribute a;
	Dwarf_Op *ops;
	size_t n;

	if (!c->have_fn || !dwarf_attr(&c->fn, DW_AT_frame_base, &a) ||
	    dwarf_getlocation_addr(&a, c->addr, &ops, &n, 1) <= 0 || n != 1)
		return kpdb_err_set(err, "no frame base in '%s' at this address", c->funcname);
	if (ops[0].atom == DW_OP_call_frame_cfa) {
		if (cfa_at(c, reg, off) == 0)
			return 0;
		return kpdb_err_set(err, "no call frame information for '%s' at 0x%llx",
				    c->funcname, (unsigned long long)c->addr);
	}
	if (ops[0].atom >= DW_OP_breg0 && ops[0].atom <= DW_OP_breg31) {
		*reg = dw_regname(ops[0].atom - DW_OP_breg0);
		*off = (long)ops[0].number;
		if (*reg)
			return 0;
	}
	return kpdb_err_set(err, "unsupported frame base in '%s'", c->funcname);
}

/* A parameter the x86_64 ABI passes in one integer register: a scalar of <= 8 bytes. */
static bool abi_scalar(Dwarf_Die *param)
{
	Dwarf_Die t, s;
	Dwarf_Attribute a;
	Dwarf_Word enc;

	if (!dw_type_of(param, &t) || !dw_strip(&t, &s) || dw_type_size(&s) > 8 ||
	    dwarf_tag(&s) == DW_TAG_structure_type || dwarf_tag(&s) == DW_TAG_union_type)
		return false;
	return !(dwarf_tag(&s) == DW_TAG_base_type && !dw_is_signed(&s) &&
		 dwarf_attr(&s, DW_AT_encoding, &a) && dwarf_formudata(&a, &enc) == 0 &&
		 enc == DW_ATE_float);
}

/*
 * The position of @var among @fn's parameters, or -1; with @scalars_before,
 * also -1 when a parameter before it is not an abi_scalar() (its register
 * can then not be told from the position).
 */
static int param_index(Dwarf_Die *fn, Dwarf_Die *var, bool scalars_before)
{
	Dwarf_Die d;
	int i = 0;

	if (dwarf_child(fn, &d) != 0)
		return -1;
	do {
		if (dwarf_tag(&d) != DW_TAG_formal_parameter)
			continue;
		if (dwarf_dieoffset(&d) == dwarf_dieoffset(var))
			return i;
		if (scalars_before && !abi_scalar(&d))
			return -1;
		i++;
	} while (dwarf_siblingof(&d, &d) == 0);
	return -1;
}

/*
 * The DWARF number of the register the x86_64 ABI passes @var in, when
 * every parameter before it is a scalar of at most 8 bytes; else -1.
 */
static int abi_reg(Dwarf_Die *fn, Dwarf_Die *var)
{
	static const int regs[6] = { 5, 4, 1, 2, 8, 9 };	/* di si dx cx r8 r9 */
	int i = param_index(fn, var, true);

	return i >= 0 && i < 6 ? regs[i] : -1;
}

/* --- the x86-64 calling convention at a function's entry --- */

static bool is_float(Dwarf_Die *s)
{
	Dwarf_Attribute a;
	Dwarf_Word enc;

	return dwarf_tag(s) == DW_TAG_base_type && dwarf_attr(s, DW_AT_encoding, &a) &&
	       dwarf_formudata(&a, &enc) == 0 &&
	       (enc == DW_ATE_float || enc == DW_ATE_complex_float ||
		enc == DW_ATE_imaginary_float || enc == DW_ATE_decimal_float);
}

static bool is_aggregate(int tag)
{
	return tag == DW_TAG_structure_type || tag == DW_TAG_union_type ||
	       tag == DW_TAG_class_type || tag == DW_TAG_array_type;
}

/*
 * Walk the scalars of @type, at byte @off of an argument: -1 when one is
 * floating point or of no known size (the SSE and x87 classes, which kpdb
 * does not place), 1 when one is not at its natural alignment (a packed
 * struct: the argument is then passed in memory), else 0 (INTEGER class).
 * *@align gets the largest alignment met.
 */
static int abi_scan(Dwarf_Die *type, long off, long *align, int depth)
{
	Dwarf_Die s, m, t;
	Dwarf_Attribute a;
	Dwarf_Word al;
	long size, moff;
	int ret = 0, bs, bo, cont;

	if (depth > 16 || !dw_strip(type, &s))
		return -1;
	switch (dwarf_tag(&s)) {
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
	case DW_TAG_class_type:
		if (dwarf_attr(&s, DW_AT_alignment, &a) && dwarf_formudata(&a, &al) == 0 &&
		    (long)al > *align)
			*align = (long)al;
		if (dwarf_child(&s, &m) != 0)
			return 0;
		do {
			if (dwarf_tag(&m) != DW_TAG_member)
				continue;
			if (!dw_type_of(&m, &t) || dw_member_layout(&m, &moff, &bs, &bo, &cont) < 0)
				return -1;
			if (bs) {
				/* INTEGER wherever it is; its type aligns the struct */
				size = dw_type_size(&t);
				if (size > *align && size <= 16)
					*align = size;
				continue;
			}
			int r = abi_scan(&t, off + moff, align, depth + 1);

			if (r < 0)
				return -1;
			ret |= r;
		} while (dwarf_siblingof(&m, &m) == 0);
		return ret;
	case DW_TAG_array_type:
		/* every element is aligned as the first one is */
		return dw_type_of(&s, &t) ? abi_scan(&t, off, align, depth + 1) : -1;
	case DW_TAG_base_type:
		if (is_float(&s))
			return -1;
		/* fall through */
	case DW_TAG_pointer_type:
	case DW_TAG_reference_type:
	case DW_TAG_rvalue_reference_type:
	case DW_TAG_enumeration_type:
		size = dw_type_size(&s);
		if (size <= 0 || size > 16 || (size & (size - 1)))
			return -1;
		if (size > *align)
			*align = size;
		return off % size ? 1 : 0;
	}
	return -1;
}

/* How the SysV x86-64 ABI passes an argument of some type. */
struct abi_class {
	int nregs;	/* integer registers it takes, 1 or 2; 0: it is passed in memory */
	long size;
	long align;	/* of its stack slot */
};

/*
 * abi_classify - @type as an argument: INTEGER class values of up to 8
 * bytes take one register, of 9..16 bytes two; aggregates larger than 16
 * bytes or with an unaligned member go in memory.  0, or -1 for what kpdb
 * does not place (floating point, no known size, an empty struct).
 */
static int abi_classify(Dwarf_Die *type, struct abi_class *cl)
{
	Dwarf_Die s;
	long align = 1;
	int r;

	if (!dw_strip(type, &s) || (cl->size = dw_type_size(&s)) <= 0)
		return -1;
	if (is_aggregate(dwarf_tag(&s)) && cl->size > 16) {
		/* in memory whatever its members are: only its alignment matters */
		if (abi_scan(&s, 0, &align, 0) < 0)
			align = 8;
		r = 1;
	} else if ((r = abi_scan(&s, 0, &align, 0)) < 0) {
		return -1;
	}
	/* stack slots are eightbytes, aligned to 16 at most */
	cl->align = align > 8 ? 16 : 8;
	cl->nregs = r > 0 ? 0 : (int)((cl->size + 7) / 8);
	return cl->nregs <= 2 ? 0 : -1;
}

/* The abstract instance of a concrete DIE (an out-of-line copy), or the DIE. */
static Dwarf_Die *origin_or_self(Dwarf_Die *die, Dwarf_Die *buf)
{
	return abstract_origin(die, buf) ? buf : die;
}

/* Where the ABI passes a parameter at the entry. */
struct abi_place {
	int nregs;	/* 1 or 2 registers, DWARF numbers in reg[]; 0: on the stack */
	int reg[2];
	long sp_off;	/* on the stack: its offset from %sp at the entry */
};

/*
 * abi_place - where @var, a parameter of the function @c probes, is at the
 * function's entry under the SysV x86-64 calling convention: INTEGER class
 * arguments in %di %si %dx %cx %r8 %r9 in order (one of 9..16 bytes in the
 * next two, or on the stack if only one is left, where the next ones may
 * still take it), the others on the stack from +8(%sp), above the return
 * address; %di first holds where to put a struct returned in memory.
 * 0, or -1 when @var is not a parameter of @c's function or a type up to
 * it cannot be classified.
 */
static int abi_place(struct dw_ctx *c, Dwarf_Die *var, struct abi_place *pl)
{
	static const int regs[6] = { 5, 4, 1, 2, 8, 9 };	/* di si dx cx r8 r9 */
	Dwarf_Die fbuf, vbuf, *fn, d, t, rs;
	Dwarf_Off want;
	struct abi_class cl;
	int used = 0;
	long sp = 8;

	if (!c->have_fn)
		return -1;
	/* the abstract instance has every parameter, in the source's order */
	fn = origin_or_self(&c->fn, &fbuf);
	want = dwarf_dieoffset(origin_or_self(var, &vbuf));
	if (dw_type_of(fn, &t) && dw_strip(&t, &rs) && is_aggregate(dwarf_tag(&rs))) {
		if (abi_classify(&rs, &cl) < 0)
			return -1;
		used = cl.nregs ? 0 : 1;
	}
	if (dwarf_child(fn, &d) != 0)
		return -1;
	do {
		if (dwarf_tag(&d) != DW_TAG_formal_parameter)
			continue;
		if (!dw_type_of(&d, &t) || abi_classify(&t, &cl) < 0)
			return -1;
		bool regs_left = cl.nregs && used + cl.nregs <= 6;

		if (dwarf_dieoffset(&d) == want) {
			pl->nregs = regs_left ? cl.nregs : 0;
			pl->reg[0] = regs_left ? regs[used] : -1;
			pl->reg[1] = regs_left && cl.nregs == 2 ? regs[used + 1] : -1;
			pl->sp_off = regs_left ? 0 : (sp + cl.align - 1) / cl.align * cl.align;
			return 0;
		}
		if (regs_left) {
			used += cl.nregs;
		} else {
			sp = (sp + cl.align - 1) / cl.align * cl.align;
			sp += (cl.size + 7) / 8 * 8;
		}
	} while (dwarf_siblingof(&d, &d) == 0);
	return -1;
}

/*
 * At the entry of a function that is no clone, a kprobe fires before its
 * first instruction: each parameter is where the caller put it.  DWARF
 * may describe the function's body there instead: a callee-saved register
 * the prologue only loads later (ip_rt_update_pmtu's %r13), a frame slot
 * not yet written (remap_pfn_range's "frame base - 56"), a constant or an
 * expression a statement at the same address (a later location view)
 * computes.  The calling convention is the truth there.
 */
static int abi_entry_value(struct dw_ctx *c, Dwarf_Die *var, struct dw_val *v)
{
	struct abi_place pl;

	if (!c->abi_entry || dwarf_tag(var) != DW_TAG_formal_parameter ||
	    abi_place(c, var, &pl) < 0)
		return -1;
	if (pl.nregs == 0) {
		v->kind = DW_V_MEM;
		snprintf(v->fetch, sizeof(v->fetch), "%%sp");
		v->off = pl.sp_off;
		return 0;
	}
	v->kind = DW_V_VALUE;
	snprintf(v->fetch, sizeof(v->fetch), "%s", dw_regname(pl.reg[0]));
	if (pl.nregs == 2)
		snprintf(v->fetch_hi, sizeof(v->fetch_hi), "%s", dw_regname(pl.reg[1]));
	return 0;
}

/*
 * The location expression of @a at the address.  At a function's entry a
 * parameter's list may only start after the mcount/fentry call: take the
 * first range that starts later in the function (as perf does) when what
 * it names is what the entry holds: the ABI's register for the parameter,
 * its entry value, or a stack slot.  (At the entry of a function that is
 * no clone, abi_entry_value() has answered first for what it can classify.)
 */
static int location_at(struct dw_ctx *c, Dwarf_Die *var, Dwarf_Attribute *a, Dwarf_Op **ops,
		       size_t *n)
{
	Dwarf_Addr base, start, end, best = 0, fend = 0;
	Dwarf_Op *bops = NULL;
	size_t bn = 0;
	ptrdiff_t off = 0;

	if (c->abi_entry) {
		/*
		 * GCC's location views: a list may start with an empty range
		 * [entry, entry), the place at the entry itself (view 0); the
		 * entries after it from the same address are for statements
		 * at that address that no instruction separates from the
		 * entry (css_rightmost_descendant's "pos = NULL" is the
		 * constant 0 there, early_vga_write's str is str + 1).  The
		 * first entry of the list that holds the entry is its place.
		 * (At a clone's entry, view 0 may be a parameter the clone no
		 * longer receives: there the first non-empty range is kept.)
		 */
		while ((off = dwarf_getlocations(a, off, &base, &start, &end, ops, n)) > 0)
			if (start <= c->addr && (c->addr < end || (start == end && end == c->addr)))
				return 0;
		off = 0;
	} else if (dwarf_getlocation_addr(a, c->addr, ops, n, 1) > 0) {
		return 0;
	}
	if (!c->at_entry || dwarf_tag(var) != DW_TAG_formal_parameter)
		return -1;
	if (dwarf_highpc(&c->fn, &fend) != 0)
		fend = c->addr + 64;
	while ((off = dwarf_getlocations(a, off, &base, &start, &end, ops, n)) > 0) {
		if (start <= c->addr || start >= fend)
			continue;
		if (!bops || start < best) {
			best = start;
			bops = *ops;
			bn = *n;
		}
	}
	if (!bops || !bn)
		return -1;
	unsigned int atom = bops[0].atom;
	int reg = atom >= DW_OP_reg0 && atom <= DW_OP_reg31 ? (int)(atom - DW_OP_reg0) :
		  atom == DW_OP_regx ? (int)bops[0].number : -1;

	if (reg >= 0 ? reg != abi_reg(&c->fn, var) :
	    atom != DW_OP_entry_value && atom != DW_OP_GNU_entry_value && atom != DW_OP_fbreg)
		return -1;
	*ops = bops;
	*n = bn;
	return 0;
}

static void set_value(struct dw_val *v, const char *fetch)
{
	v->kind = DW_V_VALUE;
	snprintf(v->fetch, sizeof(v->fetch), "%s", fetch);
	v->off = 0;
}

static void set_mem(struct dw_val *v, const char *base, long off)
{
	v->kind = DW_V_MEM;
	snprintf(v->fetch, sizeof(v->fetch), "%s", base);
	v->off = off;
	v->user = false;
	v->at_sym = false;
}

static int entry_value(struct dw_ctx *c, Dwarf_Attribute *a, Dwarf_Op *op, const char *name,
		       struct dw_val *v, struct kpdb_err *err)
{
	Dwarf_Attribute sub;
	Dwarf_Op *sops;
	size_t sn;

	if (dwarf_getlocation_attr(a, op, &sub) != 0 || dwarf_getlocation(&sub, &sops, &sn) != 0 ||
	    sn != 1)
		return kpdb_err_set(err, "'%s' has an unsupported entry value here", name);
	unsigned int r = sops[0].atom == DW_OP_regx ? (unsigned int)sops[0].number :
			 sops[0].atom >= DW_OP_reg0 && sops[0].atom <= DW_OP_reg31 ?
			 (unsigned int)(sops[0].atom - DW_OP_reg0) : 999;

	if (!dw_regname(r))
		return kpdb_err_set(err, "'%s' has an unsupported entry value here", name);
	if (!c->at_entry)
		return kpdb_err_set(err, "'%s' is only known by its value at the entry of '%s' "
				    "here; probe the function's entry", name, c->funcname);
	set_value(v, dw_regname(r));
	return 0;
}

static int translate(struct dw_ctx *c, Dwarf_Attribute *a, Dwarf_Op *ops, size_t n,
		     const char *name, struct dw_val *v, struct kpdb_err *err)
{
	bool stack_value = n > 1 && ops[n - 1].atom == DW_OP_stack_value;
	size_t m = stack_value ? n - 1 : n;
	unsigned int atom = ops[0].atom;
	const char *reg = NULL;
	long off = 0;

	if (m == 1 && (atom == DW_OP_entry_value || atom == DW_OP_GNU_entry_value))
		return entry_value(c, a, &ops[0], name, v, err);
	if (m == 1 && stack_value) {
		if (atom >= DW_OP_lit0 && atom <= DW_OP_lit31) {
			v->kind = DW_V_CONST;
			v->cval = atom - DW_OP_lit0;
			return 0;
		}
		if (atom == DW_OP_constu || atom == DW_OP_consts || (atom >= DW_OP_const1u &&
								      atom <= DW_OP_const8s)) {
			v->kind = DW_V_CONST;
			v->cval = (long)ops[0].number;
			return 0;
		}
		/* the register plus nothing is the register */
		if (atom >= DW_OP_breg0 && atom <= DW_OP_breg31 && ops[0].number == 0 &&
		    dw_regname(atom - DW_OP_breg0)) {
			set_value(v, dw_regname(atom - DW_OP_breg0));
			return 0;
		}
		/*
		 * A register (or the frame base) plus a constant: a pointer to
		 * something on the stack, &local passed to an inlined function.
		 * kprobes cannot add, so the pointer itself is not fetchable,
		 * but what it points to is memory at off(reg): p->member works.
		 */
		if ((atom >= DW_OP_breg0 && atom <= DW_OP_breg31) || atom == DW_OP_bregx ||
		    atom == DW_OP_fbreg) {
			if (translate(c, a, ops, 1, name, v, err) < 0)
				return -1;
			v->kind = DW_V_ADDR;
			return 0;
		}
	}
	if (stack_value || m != 1) {
		if (m > 1 && (atom == DW_OP_piece || ops[1].atom == DW_OP_piece))
			return kpdb_err_set(err, "'%s' is split across registers at this address",
					    name);
		return kpdb_err_set(err, "'%s' is computed at this address, not stored: kpdb "
				    "cannot fetch it", name);
	}
	if (atom >= DW_OP_reg0 && atom <= DW_OP_reg31 && dw_regname(atom - DW_OP_reg0)) {
		set_value(v, dw_regname(atom - DW_OP_reg0));
		return 0;
	}
	if (atom == DW_OP_regx && dw_regname((unsigned int)ops[0].number)) {
		set_value(v, dw_regname((unsigned int)ops[0].number));
		return 0;
	}
	if (atom >= DW_OP_breg0 && atom <= DW_OP_breg31 && dw_regname(atom - DW_OP_breg0)) {
		set_mem(v, dw_regname(atom - DW_OP_breg0), (long)ops[0].number);
		return 0;
	}
	if (atom == DW_OP_bregx && dw_regname((unsigned int)ops[0].number)) {
		set_mem(v, dw_regname((unsigned int)ops[0].number), (long)ops[0].number2);
		return 0;
	}
	if (atom == DW_OP_fbreg) {
		if (frame_base(c, &reg, &off, err) < 0)
			return -1;
		set_mem(v, reg, off + (long)ops[0].number);
		return 0;
	}
	if (atom == DW_OP_addr) {
		set_mem(v, name, 0);
		v->at_sym = true;
		return 0;
	}
	return kpdb_err_set(err, "'%s' has an unsupported location (DW_OP 0x%x)", name, atom);
}

int dw_var_value(struct dw_ctx *c, Dwarf_Die *var, struct dw_val *v, struct kpdb_err *err)
{
	const char *name = dwarf_diename(var);
	Dwarf_Attribute a;
	Dwarf_Op *ops;
	size_t n;

	if (!name)
		name = "?";
	memset(v, 0, sizeof(*v));
	v->has_type = dw_type_of(var, &v->type);
	if (c->syscall) {
		int i = param_index(&c->sysfn, var, false);

		if (i < 0 || i >= 6)
			return kpdb_err_set(err, "'%s' is not a register argument of '%s'", name,
					    c->funcname);
		set_mem(v, "%di", c->regs_off[i]);
		return 0;
	}
	if (abi_entry_value(c, var, v) == 0)
		return 0;
	if (dwarf_attr_integrate(var, DW_AT_const_value, &a)) {
		Dwarf_Sword sv;
		Dwarf_Word uv;

		v->kind = DW_V_CONST;
		if (dwarf_formsdata(&a, &sv) == 0)
			v->cval = (long)sv;
		else if (dwarf_formudata(&a, &uv) == 0)
			v->cval = (long)uv;
		else
			return kpdb_err_set(err, "'%s' is a constant kpdb cannot read", name);
		return 0;
	}
	if (!dwarf_attr(var, DW_AT_location, &a)) {
		if (c->types_only)
			goto typed;
		return kpdb_err_set(err, "'%s' is optimized out in '%s'", name, c->funcname);
	}
	if (location_at(c, var, &a, &ops, &n) < 0 || n == 0) {
		if (c->types_only)
			goto typed;
		return kpdb_err_set(err, "'%s' is optimized out at this address in '%s'", name,
				    c->funcname);
	}
	if (translate(c, &a, ops, n, name, v, err) == 0)
		return 0;
	if (!c->types_only)
		return -1;
typed:
	/* completion only needs the type */
	v->kind = DW_V_VALUE;
	strcpy(v->fetch, "%ax");
	return 0;
}

static int add_param(Dwarf_Die **out, size_t *n, size_t *cap, Dwarf_Die *d)
{
	if (*n == *cap) {
		Dwarf_Die *p = realloc(*out, (*cap = *cap ? *cap * 2 : 8) * sizeof(*p));

		if (!p) {
			free(*out);
			*out = NULL;
			*n = 0;
			return -1;
		}
		*out = p;
	}
	(*out)[(*n)++] = *d;
	return 0;
}

/* The copy in the concrete instance @fn of its abstract parameter @param, if any. */
static void concrete_param(Dwarf_Die *fn, Dwarf_Die *param)
{
	Dwarf_Die d, origin;

	if (dwarf_child(fn, &d) != 0)
		return;
	do {
		if (dwarf_tag(&d) == DW_TAG_formal_parameter && abstract_origin(&d, &origin) &&
		    dwarf_dieoffset(&origin) == dwarf_dieoffset(param)) {
			*param = d;
			return;
		}
	} while (dwarf_siblingof(&d, &d) == 0);
}

int dw_params(struct dw_ctx *c, Dwarf_Die **out, size_t *n)
{
	Dwarf_Die *fn = c->syscall ? &c->sysfn : &c->fn, d, origin;
	size_t cap = 0;
	bool concrete;

	*out = NULL;
	*n = 0;
	if (!c->syscall && c->scopes) {
		/*
		 * The outermost function of the scopes: the one probed, also
		 * where the address is inside an inlined copy (get_current() in
		 * vfs_read: vfs_read's parameters, as perf's $params); at a site
		 * of an always-inlined function, the scope is that copy alone.
		 */
		for (int i = 0; i < c->nscopes; i++) {
			int tag = dwarf_tag(&c->scopes[i]);

			if (tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine)
				fn = &c->scopes[i];
		}
	} else if (!c->syscall && !c->have_fn) {
		return 0;
	}
	/*
	 * A concrete copy of an abstract instance, an inlined copy or a clone
	 * (NAME.isra.0, NAME.constprop.0), may list its parameters in any
	 * order (GCC reverses them, or puts those a clone still receives
	 * first) and leave out those optimized away: the abstract instance has
	 * them all, in the source's order.  Each one's location is still the
	 * copy's, matched by DW_AT_abstract_origin.
	 */
	concrete = abstract_origin(fn, &origin);
	if (dwarf_child(concrete ? &origin : fn, &d) != 0)
		return 0;
	do {
		Dwarf_Die p = d;

		if (dwarf_tag(&d) != DW_TAG_formal_parameter)
			continue;
		if (concrete)
			concrete_param(fn, &p);
		if (add_param(out, n, &cap, &p) < 0)
			return -1;
	} while (dwarf_siblingof(&d, &d) == 0);
	return 0;
}

void dw_var_where(struct dw_ctx *c, Dwarf_Die *var, char *buf, size_t len)
{
	struct kpdb_err err = { "" };
	struct dw_val v;

	if (dw_var_value(c, var, &v, &err) < 0) {
		snprintf(buf, len, "%s", strstr(err.msg, "optimized out") ? "optimized out" :
			 strstr(err.msg, "computed") ? "computed (not fetchable)" : err.msg);
		return;
	}
	switch (v.kind) {
	case DW_V_VALUE:
		if (v.fetch_hi[0])
			snprintf(buf, len, "%s and %s", v.fetch, v.fetch_hi);
		else
			snprintf(buf, len, "%s", v.fetch);
		break;
	case DW_V_MEM:
		if (v.at_sym)
			snprintf(buf, len, "@%s", v.fetch);
		else
			snprintf(buf, len, "%+ld(%s)%s", v.off, v.fetch,
				 c->syscall ? " (struct pt_regs)" : "");
		break;
	case DW_V_CONST:
		snprintf(buf, len, "constant %ld", v.cval);
		break;
	case DW_V_ADDR:
		if (v.off)
			snprintf(buf, len, "computed: %s%+ld (not fetchable)", v.fetch, v.off);
		else
			snprintf(buf, len, "%s", v.fetch);
		break;
	}
}
