// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * btf.c - the kernel's BTF as a second source of the resolver: the only
 * libbpf user.
 *
 * A production kernel carries its types and function prototypes as BTF in
 * /sys/kernel/btf/vmlinux, but not the 590 MB DWARF vmlinux.  Rather than a
 * second expression evaluator over BTF, the BTF is written out once as a
 * small ELF file with DWARF that says what BTF knows, and what the x86-64
 * calling convention adds: every type, and every function as a subprogram
 * whose parameters live in their argument registers at its entry.  The
 * DWARF resolver then answers from it exactly as from a real vmlinux:
 * members, casts, arrays, bitfields, formats, $params, $retval, ptype,
 * offsetof, info args and completion come from one code path, and a spec
 * BTF can answer resolves to the same kprobe line as with DWARF.
 *
 * What BTF cannot say is left out of the file, so the resolver refuses it:
 * a function's body (no line table, no offsets into it), compiler clones and inlined functions (BTF has no
 * prototype for them), where a static function comes from.
 *
 * The file is cached by the BTF's size and checksum
 * ($XDG_CACHE_HOME/kpdb/btf/), so a session pays the conversion (well under
 * a second for a whole kernel) once per kernel.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <dwarf.h>
#include <gelf.h>
#include <libelf.h>

#include "btf.h"

/*
 * Each function gets a fake body of 1 MB, more than any kernel function
 * has, so that no SYMBOL+OFF is refused as past its end (the kernel checks
 * offsets of raw probes itself); the addresses mean nothing.
 */
#define TEXT_BASE (1ULL << 36)
#define FUNC_SIZE (1ULL << 20)
#define FUNCS_PER_CU 256	/* keeps the walk of a CU for an address short */

/* ---- a growing byte buffer -------------------------------------------------- */

struct buf {
	unsigned char *p;
	size_t len, cap;
	bool oom;
};

static void put(struct buf *b, const void *data, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		unsigned char *p;

		while (cap < b->len + n)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void u8(struct buf *b, uint8_t v)
{
	put(b, &v, 1);
}

static void u16(struct buf *b, uint16_t v)
{
	put(b, &v, 2);
}

static void u32(struct buf *b, uint32_t v)
{
	put(b, &v, 4);
}

static void u64(struct buf *b, uint64_t v)
{
	put(b, &v, 8);
}

static void uleb(struct buf *b, uint64_t v)
{
	do {
		uint8_t c = v & 0x7f;

		v >>= 7;
		u8(b, c | (v ? 0x80 : 0));
	} while (v);
}

static void sleb(struct buf *b, int64_t v)
{
	bool more = true;

	while (more) {
		uint8_t c = v & 0x7f;

		v >>= 7;	/* arithmetic shift on the compilers kpdb is built with */
		more = !((v == 0 && !(c & 0x40)) || (v == -1 && (c & 0x40)));
		u8(b, c | (more ? 0x80 : 0));
	}
}

static void str(struct buf *b, const char *s)
{
	put(b, s, strlen(s) + 1);
}

/* ---- the abbreviations ---------------------------------------------------- */

enum abbrev {
	A_CU = 1, A_BASE, A_PTR, A_PTR_VOID, A_CONST, A_CONST_VOID, A_VOLATILE,
	A_VOLATILE_VOID, A_RESTRICT, A_TYPEDEF, A_TYPEDEF_VOID, A_STRUCT, A_STRUCT_ANON,
	A_STRUCT_DECL, A_UNION, A_UNION_ANON, A_UNION_DECL, A_MEMBER, A_MEMBER_ANON,
	A_BITFIELD, A_ARRAY, A_SUBRANGE, A_SUBRANGE_FLEX, A_ENUM, A_ENUM_ANON, A_ENUMERATOR,
	A_FUNC_TYPE, A_FUNC_TYPE_VOID, A_PARAM_TYPE, A_VARARGS, A_SUBPROGRAM,
	A_SUBPROGRAM_VOID, A_PARAM, A_PARAM_ANON,
};

static void abbrev(struct buf *b, enum abbrev code, int tag, bool children, ...)
{
	va_list ap;
	int at, form;

	uleb(b, code);
	uleb(b, tag);
	u8(b, children ? DW_CHILDREN_yes : DW_CHILDREN_no);
	va_start(ap, children);
	do {
		at = va_arg(ap, int);
		form = va_arg(ap, int);
		uleb(b, at);
		uleb(b, form);
	} while (at);
	va_end(ap);
}

#define NAME DW_AT_name, DW_FORM_string
#define TYPE DW_AT_type, DW_FORM_ref_addr
#define END 0, 0

static void abbrevs(struct buf *b)
{
	abbrev(b, A_CU, DW_TAG_compile_unit, true, NAME, DW_AT_language, DW_FORM_data1,
	       DW_AT_low_pc, DW_FORM_addr, DW_AT_high_pc, DW_FORM_data8, END);
	abbrev(b, A_BASE, DW_TAG_base_type, false, NAME, DW_AT_byte_size, DW_FORM_data1,
	       DW_AT_encoding, DW_FORM_data1, END);
	abbrev(b, A_PTR, DW_TAG_pointer_type, false, DW_AT_byte_size, DW_FORM_data1, TYPE, END);
	abbrev(b, A_PTR_VOID, DW_TAG_pointer_type, false, DW_AT_byte_size, DW_FORM_data1, END);
	abbrev(b, A_CONST, DW_TAG_const_type, false, TYPE, END);
	abbrev(b, A_CONST_VOID, DW_TAG_const_type, false, END);
	abbrev(b, A_VOLATILE, DW_TAG_volatile_type, false, TYPE, END);
	abbrev(b, A_VOLATILE_VOID, DW_TAG_volatile_type, false, END);
	abbrev(b, A_RESTRICT, DW_TAG_restrict_type, false, TYPE, END);
	abbrev(b, A_TYPEDEF, DW_TAG_typedef, false, NAME, TYPE, END);
	abbrev(b, A_TYPEDEF_VOID, DW_TAG_typedef, false, NAME, END);
	abbrev(b, A_STRUCT, DW_TAG_structure_type, true, NAME, DW_AT_byte_size, DW_FORM_data4,
	       END);
	abbrev(b, A_STRUCT_ANON, DW_TAG_structure_type, true, DW_AT_byte_size, DW_FORM_data4,
	       END);
	abbrev(b, A_STRUCT_DECL, DW_TAG_structure_type, false, NAME, DW_AT_declaration,
	       DW_FORM_flag_present, END);
	abbrev(b, A_UNION, DW_TAG_union_type, true, NAME, DW_AT_byte_size, DW_FORM_data4, END);
	abbrev(b, A_UNION_ANON, DW_TAG_union_type, true, DW_AT_byte_size, DW_FORM_data4, END);
	abbrev(b, A_UNION_DECL, DW_TAG_union_type, false, NAME, DW_AT_declaration,
	       DW_FORM_flag_present, END);
	abbrev(b, A_MEMBER, DW_TAG_member, false, NAME, TYPE, DW_AT_data_member_location,
	       DW_FORM_data4, END);
	abbrev(b, A_MEMBER_ANON, DW_TAG_member, false, TYPE, DW_AT_data_member_location,
	       DW_FORM_data4, END);
	abbrev(b, A_BITFIELD, DW_TAG_member, false, NAME, TYPE, DW_AT_data_bit_offset,
	       DW_FORM_data4, DW_AT_bit_size, DW_FORM_data1, END);
	abbrev(b, A_ARRAY, DW_TAG_array_type, true, TYPE, END);
	abbrev(b, A_SUBRANGE, DW_TAG_subrange_type, false, DW_AT_count, DW_FORM_data4, END);
	abbrev(b, A_SUBRANGE_FLEX, DW_TAG_subrange_type, false, END);
	abbrev(b, A_ENUM, DW_TAG_enumeration_type, true, NAME, DW_AT_byte_size, DW_FORM_data1,
	       END);
	abbrev(b, A_ENUM_ANON, DW_TAG_enumeration_type, true, DW_AT_byte_size, DW_FORM_data1,
	       END);
	abbrev(b, A_ENUMERATOR, DW_TAG_enumerator, false, NAME, DW_AT_const_value,
	       DW_FORM_sdata, END);
	abbrev(b, A_FUNC_TYPE, DW_TAG_subroutine_type, true, DW_AT_prototyped,
	       DW_FORM_flag_present, TYPE, END);
	abbrev(b, A_FUNC_TYPE_VOID, DW_TAG_subroutine_type, true, DW_AT_prototyped,
	       DW_FORM_flag_present, END);
	abbrev(b, A_PARAM_TYPE, DW_TAG_formal_parameter, false, TYPE, END);
	abbrev(b, A_VARARGS, DW_TAG_unspecified_parameters, false, END);
	abbrev(b, A_SUBPROGRAM, DW_TAG_subprogram, true, NAME, DW_AT_external,
	       DW_FORM_flag_present, DW_AT_prototyped, DW_FORM_flag_present, TYPE,
	       DW_AT_low_pc, DW_FORM_addr, DW_AT_high_pc, DW_FORM_data8, END);
	abbrev(b, A_SUBPROGRAM_VOID, DW_TAG_subprogram, true, NAME, DW_AT_external,
	       DW_FORM_flag_present, DW_AT_prototyped, DW_FORM_flag_present, DW_AT_low_pc,
	       DW_FORM_addr, DW_AT_high_pc, DW_FORM_data8, END);
	abbrev(b, A_PARAM, DW_TAG_formal_parameter, false, NAME, TYPE, DW_AT_location,
	       DW_FORM_exprloc, END);
	abbrev(b, A_PARAM_ANON, DW_TAG_formal_parameter, false, TYPE, DW_AT_location,
	       DW_FORM_exprloc, END);
	u8(b, 0);
}

/* ---- the conversion --------------------------------------------------------- */

struct conv {
	const struct btf *btf;
	uint32_t ntypes;
	uint32_t *die;		/* .debug_info offset of each type id's DIE (0: none) */
	uint32_t *flex;		/* a zero-length array's second DIE, as x[] */
	struct buf info;
	struct buf fixups;	/* pairs (offset in info, type id) for references */
	const char *err;
};

/* Type modifiers BTF has and DWARF has not: look through them. */
static uint32_t skip_tags(const struct btf *btf, uint32_t id)
{
	for (int i = 0; i < 64 && id; i++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (!t || !btf_is_type_tag(t))
			return t ? id : 0;
		id = t->type;
	}
	return id;
}

static const char *name_of(const struct btf *btf, const struct btf_type *t)
{
	const char *n = btf__name_by_offset(btf, t->name_off);

	return n && *n ? n : NULL;
}

#define REF_FLEX 0x80000000u	/* the reference is to the x[] form of an array */

/* A reference to type @id: patched with its DIE offset once all are written. */
static void ref_as(struct conv *c, uint32_t id, uint32_t flags)
{
	u32(&c->fixups, (uint32_t)c->info.len);
	u32(&c->fixups, skip_tags(c->btf, id) | flags);
	u32(&c->info, 0);
}

static void ref(struct conv *c, uint32_t id)
{
	ref_as(c, id, 0);
}

/* A zero-length array as a struct's last member is a flexible one. */
static bool flexible(struct conv *c, const struct btf_type *t, unsigned int i, uint32_t type)
{
	const struct btf_type *a = btf__type_by_id(c->btf, skip_tags(c->btf, type));

	return i + 1 == btf_vlen(t) && btf_is_struct(t) && a && btf_is_array(a) &&
	       !btf_array(a)->nelems;
}

static void base_type(struct conv *c, const struct btf_type *t, const char *name)
{
	uint8_t enc = btf_int_encoding(t), ate;

	if (!strcmp(name, "char"))
		ate = DW_ATE_signed_char;
	else if (!strcmp(name, "unsigned char"))
		ate = DW_ATE_unsigned_char;
	else if (enc & BTF_INT_BOOL)
		ate = DW_ATE_boolean;
	else if (enc & BTF_INT_SIGNED)
		ate = DW_ATE_signed;
	else
		ate = DW_ATE_unsigned;
	uleb(&c->info, A_BASE);
	str(&c->info, name);
	u8(&c->info, (uint8_t)t->size);
	u8(&c->info, ate);
}

static void members(struct conv *c, const struct btf_type *t)
{
	const struct btf_member *m = btf_members(t);

	for (unsigned int i = 0; i < btf_vlen(t); i++, m++) {
		const char *mn = btf__name_by_offset(c->btf, m->name_off);
		uint32_t bits = btf_member_bit_offset(t, i);
		uint32_t width = btf_member_bitfield_size(t, i);

		if (width && mn && *mn) {
			uleb(&c->info, A_BITFIELD);
			str(&c->info, mn);
			ref(c, m->type);
			u32(&c->info, bits);
			u8(&c->info, (uint8_t)width);
		} else if (width) {
			continue;	/* unnamed padding bits */
		} else if (mn && *mn) {
			uleb(&c->info, A_MEMBER);
			str(&c->info, mn);
			ref_as(c, m->type, flexible(c, t, i, m->type) ? REF_FLEX : 0);
			u32(&c->info, bits / 8);
		} else {
			uleb(&c->info, A_MEMBER_ANON);
			ref(c, m->type);
			u32(&c->info, bits / 8);
		}
	}
	u8(&c->info, 0);
}

static void func_type(struct conv *c, const struct btf_type *t)
{
	const struct btf_param *p = btf_params(t);

	if (skip_tags(c->btf, t->type)) {
		uleb(&c->info, A_FUNC_TYPE);
		ref(c, t->type);
	} else {
		uleb(&c->info, A_FUNC_TYPE_VOID);
	}
	for (unsigned int i = 0; i < btf_vlen(t); i++, p++) {
		if (!p->type) {
			uleb(&c->info, A_VARARGS);
			continue;
		}
		uleb(&c->info, A_PARAM_TYPE);
		ref(c, p->type);
	}
	u8(&c->info, 0);
}

/* One type's DIE (and its children), or nothing for what DWARF cannot say. */
static void type_die(struct conv *c, uint32_t id)
{
	const struct btf_type *t = btf__type_by_id(c->btf, id);
	const char *n = name_of(c->btf, t);
	bool has = skip_tags(c->btf, t->type) != 0;

	c->die[id] = (uint32_t)c->info.len;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		base_type(c, t, n ? n : "int");
		break;
	case BTF_KIND_FLOAT:
		uleb(&c->info, A_BASE);
		str(&c->info, n ? n : "double");
		u8(&c->info, (uint8_t)t->size);
		u8(&c->info, DW_ATE_float);
		break;
	case BTF_KIND_PTR:
		uleb(&c->info, has ? A_PTR : A_PTR_VOID);
		u8(&c->info, 8);
		if (has)
			ref(c, t->type);
		break;
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
		uleb(&c->info, btf_kind(t) == BTF_KIND_CONST ? (has ? A_CONST : A_CONST_VOID) :
			       (has ? A_VOLATILE : A_VOLATILE_VOID));
		if (has)
			ref(c, t->type);
		break;
	case BTF_KIND_RESTRICT:
		if (!has) {
			c->die[id] = 0;
			break;
		}
		uleb(&c->info, A_RESTRICT);
		ref(c, t->type);
		break;
	case BTF_KIND_TYPEDEF:
		uleb(&c->info, has ? A_TYPEDEF : A_TYPEDEF_VOID);
		str(&c->info, n ? n : "?");
		if (has)
			ref(c, t->type);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION: {
		bool s = btf_kind(t) == BTF_KIND_STRUCT;

		uleb(&c->info, n ? (s ? A_STRUCT : A_UNION) : (s ? A_STRUCT_ANON : A_UNION_ANON));
		if (n)
			str(&c->info, n);
		u32(&c->info, t->size);
		members(c, t);
		break;
	}
	case BTF_KIND_FWD:
		uleb(&c->info, btf_kflag(t) ? A_UNION_DECL : A_STRUCT_DECL);
		str(&c->info, n ? n : "?");
		break;
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = btf_array(t);

		/*
		 * BTF says 0 elements both for the kernel's markers (int x[0])
		 * and for flexible arrays (x[]): such an array gets a second,
		 * flexible DIE, used where it is a struct's last member.
		 */
		uleb(&c->info, A_ARRAY);
		ref(c, a->type);
		uleb(&c->info, A_SUBRANGE);
		u32(&c->info, a->nelems);
		u8(&c->info, 0);
		if (!a->nelems) {
			c->flex[id] = (uint32_t)c->info.len;
			uleb(&c->info, A_ARRAY);
			ref(c, a->type);
			uleb(&c->info, A_SUBRANGE_FLEX);
			u8(&c->info, 0);
		}
		break;
	}
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64: {
		bool e64 = btf_kind(t) == BTF_KIND_ENUM64;

		uleb(&c->info, n ? A_ENUM : A_ENUM_ANON);
		if (n)
			str(&c->info, n);
		u8(&c->info, (uint8_t)t->size);
		for (unsigned int i = 0; i < btf_vlen(t); i++) {
			const char *en;
			int64_t v;

			if (e64) {
				const struct btf_enum64 *e = btf_enum64(t) + i;

				en = btf__name_by_offset(c->btf, e->name_off);
				v = (int64_t)btf_enum64_value(e);
			} else {
				const struct btf_enum *e = btf_enum(t) + i;

				en = btf__name_by_offset(c->btf, e->name_off);
				v = btf_kflag(t) ? (int64_t)(uint32_t)e->val : (int64_t)e->val;
			}
			uleb(&c->info, A_ENUMERATOR);
			str(&c->info, en ? en : "?");
			sleb(&c->info, v);
		}
		u8(&c->info, 0);
		break;
	}
	case BTF_KIND_FUNC_PROTO:
		func_type(c, t);
		break;
	default:
		/* FUNC (written as subprograms), VAR, DATASEC, DECL_TAG, TYPE_TAG */
		c->die[id] = 0;
		break;
	}
}

/* x86-64 argument registers, as DWARF numbers them: di si dx cx r8 r9 */
static const uint8_t arg_regs[] = { 5, 4, 1, 2, 8, 9 };

/*
 * Where parameter @type lives at the function's entry, by the calling
 * convention: an integer, pointer, enum or struct of up to 8 bytes in the
 * next argument register, a struct of 9 to 16 bytes in the next two, the
 * rest (and everything once the registers run out) on the stack, above the
 * return address.  The kernel has no floating point arguments.
 */
static void param_location(struct conv *c, uint32_t type, int *nreg, long *stack,
			   struct buf *loc)
{
	uint32_t id = btf__resolve_type(c->btf, type);
	const struct btf_type *t = id > 0 ? btf__type_by_id(c->btf, id) : NULL;
	long size = btf__resolve_size(c->btf, type);
	long words = size > 0 ? (size + 7) / 8 : 1;
	bool agg = t && (btf_is_struct(t) || btf_is_union(t) || btf_is_array(t));

	if ((!agg || words <= 2) && *nreg + words <= 6) {
		if (words == 1) {
			u8(loc, DW_OP_reg0 + arg_regs[(*nreg)++]);
			return;
		}
		u8(loc, DW_OP_reg0 + arg_regs[(*nreg)++]);
		u8(loc, DW_OP_piece);
		uleb(loc, 8);
		u8(loc, DW_OP_reg0 + arg_regs[(*nreg)++]);
		u8(loc, DW_OP_piece);
		uleb(loc, (uint64_t)(size - 8));
		return;
	}
	/* memory: 0(%sp) holds the return address at the entry */
	u8(loc, DW_OP_breg7);
	sleb(loc, 8 + *stack);
	*stack += words * 8;
}

static void subprogram(struct conv *c, const struct btf_type *fn, uint64_t addr)
{
	const struct btf_type *proto = btf__type_by_id(c->btf, fn->type);
	const struct btf_param *p = btf_params(proto);
	bool has = skip_tags(c->btf, proto->type) != 0;
	uint32_t rid = has ? (uint32_t)btf__resolve_type(c->btf, proto->type) : 0;
	const struct btf_type *rt = rid ? btf__type_by_id(c->btf, rid) : NULL;
	/* a struct returned in memory: %di holds where it goes */
	int nreg = rt && (btf_is_struct(rt) || btf_is_union(rt)) && rt->size > 16;
	long stack = 0;

	uleb(&c->info, has ? A_SUBPROGRAM : A_SUBPROGRAM_VOID);
	str(&c->info, name_of(c->btf, fn));
	if (has)
		ref(c, proto->type);
	u64(&c->info, addr);
	u64(&c->info, FUNC_SIZE);
	for (unsigned int i = 0; i < btf_vlen(proto); i++, p++) {
		const char *pn = btf__name_by_offset(c->btf, p->name_off);
		struct buf loc = { 0 };

		if (!p->type) {
			uleb(&c->info, A_VARARGS);
			continue;
		}
		param_location(c, p->type, &nreg, &stack, &loc);
		uleb(&c->info, pn && *pn ? A_PARAM : A_PARAM_ANON);
		if (pn && *pn)
			str(&c->info, pn);
		ref(c, p->type);
		uleb(&c->info, loc.len);
		put(&c->info, loc.p, loc.len);
		c->info.oom |= loc.oom;
		free(loc.p);
	}
	u8(&c->info, 0);
}

/* A compile unit's header, its length patched by end_cu(). */
static size_t begin_cu(struct conv *c, const char *name, uint64_t lo, uint64_t len)
{
	size_t start = c->info.len;

	u32(&c->info, 0);
	u16(&c->info, 4);
	u32(&c->info, 0);		/* .debug_abbrev offset */
	u8(&c->info, 8);
	uleb(&c->info, A_CU);
	str(&c->info, name);
	u8(&c->info, DW_LANG_C89);
	u64(&c->info, lo);
	u64(&c->info, len);
	return start;
}

static void end_cu(struct conv *c, size_t start)
{
	uint32_t len;

	u8(&c->info, 0);
	if (c->info.oom)
		return;
	len = (uint32_t)(c->info.len - start - 4);
	memcpy(c->info.p + start, &len, 4);
}

struct funcs {
	uint32_t *ids;
	size_t n;
};

/* The functions of ids from @first (a module's own, not its base's). */
static int collect_funcs(const struct btf *btf, uint32_t first, uint32_t ntypes, struct funcs *f)
{
	f->ids = calloc(ntypes ? ntypes : 1, sizeof(*f->ids));
	if (!f->ids)
		return -1;
	f->n = 0;
	for (uint32_t id = first; id < ntypes; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const struct btf_type *proto;

		if (!btf_is_func(t) || !name_of(btf, t))
			continue;
		proto = btf__type_by_id(btf, t->type);
		if (proto && btf_is_func_proto(proto))
			f->ids[f->n++] = id;
	}
	return 0;
}

/* ---- the ELF file around it --------------------------------------------------- */

static Elf_Scn *section(Elf *e, struct buf *shstr, const char *name, uint32_t type,
			uint64_t flags, void *data, size_t size, uint64_t addr)
{
	Elf_Scn *s = elf_newscn(e);
	Elf_Data *d;
	GElf_Shdr sh;

	if (!s || !gelf_getshdr(s, &sh))
		return NULL;
	sh.sh_name = (uint32_t)shstr->len;
	str(shstr, name);
	sh.sh_type = type;
	sh.sh_flags = flags;
	sh.sh_addr = addr;
	sh.sh_addralign = 1;
	if (type == SHT_NOBITS) {
		sh.sh_size = size;
	} else {
		d = elf_newdata(s);
		if (!d)
			return NULL;
		d->d_buf = data;
		d->d_size = size;
		d->d_type = ELF_T_BYTE;
		d->d_align = 1;
	}
	if (!gelf_update_shdr(s, &sh))
		return NULL;
	return s;
}

static int write_elf(const char *path, struct conv *c, struct buf *abbr, struct buf *aranges,
		     const struct funcs *f)
{
	struct buf shstr = { 0 }, strtab = { 0 }, symtab = { 0 };
	Elf_Scn *text, *sym, *strs, *shs;
	GElf_Ehdr eh;
	GElf_Shdr sh;
	Elf *e = NULL;
	int fd, ret = -1;

	u8(&shstr, 0);
	u8(&strtab, 0);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	elf_version(EV_CURRENT);
	e = elf_begin(fd, ELF_C_WRITE, NULL);
	if (!e || !gelf_newehdr(e, ELFCLASS64) || !gelf_getehdr(e, &eh))
		goto out;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_type = ET_EXEC;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	if (!gelf_update_ehdr(e, &eh))
		goto out;
	text = section(e, &shstr, ".text", SHT_NOBITS, SHF_ALLOC | SHF_EXECINSTR, NULL,
		       (f->n + 1) * FUNC_SIZE, TEXT_BASE);
	if (!text ||
	    !section(e, &shstr, ".debug_abbrev", SHT_PROGBITS, 0, abbr->p, abbr->len, 0) ||
	    !section(e, &shstr, ".debug_info", SHT_PROGBITS, 0, c->info.p, c->info.len, 0) ||
	    !section(e, &shstr, ".debug_aranges", SHT_PROGBITS, 0, aranges->p, aranges->len, 0))
		goto out;

	/* the symbols: _text, then one function symbol per subprogram */
	Elf64_Sym s = { 0 };

	put(&symtab, &s, sizeof(s));
	s.st_name = (uint32_t)strtab.len;
	str(&strtab, "_text");
	s.st_info = ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE);
	s.st_shndx = (uint16_t)elf_ndxscn(text);
	s.st_value = TEXT_BASE;
	put(&symtab, &s, sizeof(s));
	for (size_t i = 0; i < f->n; i++) {
		const struct btf_type *t = btf__type_by_id(c->btf, f->ids[i]);

		s.st_name = (uint32_t)strtab.len;
		str(&strtab, name_of(c->btf, t));
		s.st_info = ELF64_ST_INFO(btf_vlen(t) == BTF_FUNC_STATIC ? STB_LOCAL : STB_GLOBAL,
					  STT_FUNC);
		s.st_value = TEXT_BASE + (i + 1) * FUNC_SIZE;
		s.st_size = FUNC_SIZE;
		put(&symtab, &s, sizeof(s));
	}
	if (symtab.oom || strtab.oom)
		goto out;
	strs = section(e, &shstr, ".strtab", SHT_STRTAB, 0, strtab.p, strtab.len, 0);
	sym = section(e, &shstr, ".symtab", SHT_SYMTAB, 0, symtab.p, symtab.len, 0);
	if (!strs || !sym || !gelf_getshdr(sym, &sh))
		goto out;
	sh.sh_link = (uint32_t)elf_ndxscn(strs);
	sh.sh_entsize = sizeof(Elf64_Sym);
	sh.sh_info = 1;
	sh.sh_addralign = 8;
	if (!gelf_update_shdr(sym, &sh))
		goto out;
	shs = section(e, &shstr, ".shstrtab", SHT_STRTAB, 0, NULL, 0, 0);
	if (!shs || shstr.oom)
		goto out;
	elf_getdata(shs, NULL)->d_buf = shstr.p;
	elf_getdata(shs, NULL)->d_size = shstr.len;
	if (!gelf_getehdr(e, &eh))
		goto out;
	eh.e_shstrndx = (uint16_t)elf_ndxscn(shs);
	if (!gelf_update_ehdr(e, &eh) || elf_update(e, ELF_C_WRITE) < 0)
		goto out;
	ret = 0;
out:
	if (ret < 0 && getenv("KPDB_DEBUG_BTF"))
		fprintf(stderr, "btf: libelf: %s\n", elf_errmsg(-1));
	if (e)
		elf_end(e);
	close(fd);
	free(shstr.p);
	free(strtab.p);
	free(symtab.p);
	return ret;
}

static int convert(const struct btf *btf, uint32_t first_func, const char *out)
{
	struct conv c = { .btf = btf, .ntypes = btf__type_cnt(btf) };
	struct buf abbr = { 0 }, aranges = { 0 };
	struct funcs f = { 0 };
	size_t cu;
	int ret = -1;

	c.die = calloc(c.ntypes ? c.ntypes : 1, sizeof(*c.die));
	c.flex = calloc(c.ntypes ? c.ntypes : 1, sizeof(*c.flex));
	if (!c.die || !c.flex || collect_funcs(btf, first_func, c.ntypes, &f) < 0)
		goto out;
	abbrevs(&abbr);

	/* CU 0: every type */
	cu = begin_cu(&c, "<btf types>", TEXT_BASE, 0);
	for (uint32_t id = 1; id < c.ntypes; id++)
		type_die(&c, id);
	end_cu(&c, cu);

	/* then the functions, FUNCS_PER_CU to a unit, each unit in .debug_aranges */
	for (size_t i = 0; i < f.n; i += FUNCS_PER_CU) {
		size_t n = f.n - i < FUNCS_PER_CU ? f.n - i : FUNCS_PER_CU;
		uint64_t lo = TEXT_BASE + (i + 1) * FUNC_SIZE;
		size_t start = aranges.len;

		cu = begin_cu(&c, "<btf functions>", lo, n * FUNC_SIZE);
		for (size_t k = 0; k < n; k++)
			subprogram(&c, btf__type_by_id(btf, f.ids[i + k]), lo + k * FUNC_SIZE);
		end_cu(&c, cu);
		u32(&aranges, 0);
		u16(&aranges, 2);
		u32(&aranges, (uint32_t)cu);
		u8(&aranges, 8);
		u8(&aranges, 0);
		u32(&aranges, 0);	/* pad the 12-byte header to 16 */
		u64(&aranges, lo);
		u64(&aranges, n * FUNC_SIZE);
		u64(&aranges, 0);
		u64(&aranges, 0);
		if (!aranges.oom) {
			uint32_t len = (uint32_t)(aranges.len - start - 4);

			memcpy(aranges.p + start, &len, 4);
		}
	}
	if (c.info.oom || c.fixups.oom || abbr.oom || aranges.oom)
		goto out;

	/* every reference now has its DIE */
	for (size_t i = 0; i + 8 <= c.fixups.len; i += 8) {
		uint32_t at, id, off;

		memcpy(&at, c.fixups.p + i, 4);
		memcpy(&id, c.fixups.p + i + 4, 4);
		if (id & REF_FLEX) {
			id &= ~REF_FLEX;
			off = id < c.ntypes ? c.flex[id] : 0;
		} else {
			off = id < c.ntypes ? c.die[id] : 0;
		}
		if (!off) {
			/* a type DWARF cannot say (a restrict of void): int stands in */
			for (uint32_t k = 1; k < c.ntypes && !off; k++)
				if (btf_is_int(btf__type_by_id(btf, k)))
					off = c.die[k];
		}
		memcpy(c.info.p + at, &off, 4);
	}
	ret = write_elf(out, &c, &abbr, &aranges, &f);
out:
	free(c.die);
	free(c.flex);
	free(c.info.p);
	free(c.fixups.p);
	free(abbr.p);
	free(aranges.p);
	free(f.ids);
	return ret;
}

/* ---- the public part ------------------------------------------------------------ */

bool kpdb_btf_is_btf(const char *path)
{
	unsigned char magic[2];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	bool yes;

	if (fd < 0)
		return false;
	yes = read(fd, magic, 2) == 2 && magic[0] == 0x9f && magic[1] == 0xeb;
	close(fd);
	return yes;
}

/* FNV-1a over the file: the cache key, with its size */
static int checksum(const char *path, uint64_t *sum, uint64_t *size)
{
	unsigned char b[65536];
	uint64_t h = 1469598103934665603ULL;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return -1;
	*size = 0;
	while ((n = read(fd, b, sizeof(b))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			h = (h ^ b[i]) * 1099511628211ULL;
		*size += (uint64_t)n;
	}
	close(fd);
	*sum = h;
	return n < 0 ? -1 : 0;
}

static int cache_dir(char *buf, size_t len)
{
	const char *x = getenv("KPDB_CACHE"), *home = getenv("HOME");
	char *p;

	if (x && *x)
		snprintf(buf, len, "%s/btf", x);
	else if ((x = getenv("XDG_CACHE_HOME")) && *x)
		snprintf(buf, len, "%s/kpdb/btf", x);
	else if (home && *home)
		snprintf(buf, len, "%s/.cache/kpdb/btf", home);
	else
		snprintf(buf, len, "/tmp/kpdb-btf-%d", (int)getuid());
	for (p = buf + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(buf, 0700);
			*p = '/';
		}
	}
	return mkdir(buf, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

int kpdb_btf_dwarf(const char *btf_path, char **out, struct kpdb_err *err)
{
	return kpdb_btf_dwarf_split(NULL, btf_path, out, err);
}

int kpdb_btf_dwarf_split(const char *base_path, const char *btf_path, char **out,
			 struct kpdb_err *err)
{
	char dir[PATH_MAX], path[PATH_MAX + 64], tmp[PATH_MAX + 80];
	uint64_t sum, size, bsum = 0, bsize = 0;
	struct btf *btf, *base = NULL;
	uint32_t first = 1;
	struct stat st;

	*out = NULL;
	if (checksum(btf_path, &sum, &size) < 0)
		return kpdb_err_set(err, "cannot read '%s': %s", btf_path, strerror(errno));
	if (base_path && checksum(base_path, &bsum, &bsize) < 0)
		return kpdb_err_set(err, "cannot read '%s': %s", base_path, strerror(errno));
	sum ^= bsum * 1099511628211ULL;
	size += bsize << 32;
	if (cache_dir(dir, sizeof(dir)) < 0)
		return kpdb_err_set(err, "cannot make the cache directory '%s': %s", dir,
				    strerror(errno));
	snprintf(path, sizeof(path), "%s/%016llx-%llu.debug", dir, (unsigned long long)sum,
		 (unsigned long long)size);
	if (stat(path, &st) == 0 && st.st_size > 0) {
		*out = strdup(path);
		return *out ? 0 : kpdb_err_set(err, "out of memory");
	}
	if (base_path) {
		/* a module's BTF is split: its type ids go on from the kernel's */
		base = btf__parse_raw(base_path);
		if (!base)
			return kpdb_err_set(err, "'%s' is not valid BTF: %s", base_path,
					    strerror(errno));
		first = btf__type_cnt(base);
		btf = btf__parse_raw_split(btf_path, base);
	} else {
		btf = btf__parse_raw(btf_path);
		if (!btf)
			btf = btf__parse(btf_path, NULL);
	}
	if (!btf) {
		btf__free(base);
		return kpdb_err_set(err, "'%s' is not valid BTF: %s", btf_path, strerror(errno));
	}
	/* written aside and renamed: another session never sees half a file */
	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid());
	if (convert(btf, first, tmp) < 0) {
		int e = errno;

		btf__free(btf);
		btf__free(base);
		unlink(tmp);
		return kpdb_err_set(err, "cannot write the types of '%s' to '%s': %s", btf_path,
				    tmp, e ? strerror(e) : "out of memory");
	}
	btf__free(btf);
	btf__free(base);
	if (rename(tmp, path) < 0) {
		unlink(tmp);
		return kpdb_err_set(err, "cannot write '%s': %s", path, strerror(errno));
	}
	*out = strdup(path);
	return *out ? 0 : kpdb_err_set(err, "out of memory");
}
