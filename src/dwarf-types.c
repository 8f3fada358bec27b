// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dwarf-types.c - C types from DWARF: names, sizes, members (through
 * anonymous structs and unions), bitfield layout in both DWARF 4 and DWARF 5
 * encodings, and the ptype/offsetof answers.
 */
#include <dwarf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dwarf-priv.h"

bool dw_type_of(Dwarf_Die *die, Dwarf_Die *out)
{
	Dwarf_Attribute a;

	if (!dwarf_attr_integrate(die, DW_AT_type, &a))
		return false;
	return dwarf_formref_die(&a, out) != NULL;
}

static bool is_cv(int tag)
{
	return tag == DW_TAG_const_type || tag == DW_TAG_volatile_type ||
	       tag == DW_TAG_restrict_type || tag == DW_TAG_atomic_type;
}

bool dw_strip(Dwarf_Die *type, Dwarf_Die *out)
{
	Dwarf_Die t = *type;

	for (int i = 0; i < 64; i++) {
		int tag = dwarf_tag(&t);

		if (tag != DW_TAG_typedef && !is_cv(tag)) {
			*out = t;
			return true;
		}
		if (!dw_type_of(&t, &t))
			return false;
	}
	return false;
}

bool dw_strip_cv(Dwarf_Die *type, Dwarf_Die *out)
{
	Dwarf_Die t = *type;

	for (int i = 0; i < 64; i++) {
		if (!is_cv(dwarf_tag(&t))) {
			*out = t;
			return true;
		}
		if (!dw_type_of(&t, &t))
			return false;
	}
	return false;
}

bool dw_type_has_typedef(Dwarf_Die *type, const char *name)
{
	Dwarf_Die t = *type;

	for (int i = 0; i < 64; i++) {
		int tag = dwarf_tag(&t);

		if (tag == DW_TAG_typedef) {
			const char *n = dwarf_diename(&t);

			if (n && !strcmp(n, name))
				return true;
		} else if (!is_cv(tag)) {
			return false;
		}
		if (!dw_type_of(&t, &t))
			return false;
	}
	return false;
}

long dw_type_size(Dwarf_Die *type)
{
	Dwarf_Word size;
	Dwarf_Die t;

	if (!dw_strip(type, &t))
		return -1;
	if (dwarf_tag(&t) == DW_TAG_pointer_type)
		return 8;
	if (dwarf_aggregate_size(&t, &size) == 0)
		return (long)size;
	return -1;
}

/*
 * True for a character type whose pointers and arrays are strings: char
 * (also through a typedef), and unsigned or signed char as spelled, as gdb
 * prints them (d_name.name is a const unsigned char *).  A byte type
 * through a typedef (u8, __u8, uint8_t) stays a number: those point to data.
 */
bool dw_is_char(Dwarf_Die *type)
{
	Dwarf_Die t;
	const char *n;
	bool typedefd;

	if (!dw_strip_cv(type, &t))
		return false;
	typedefd = dwarf_tag(&t) == DW_TAG_typedef;
	if (!dw_strip(&t, &t) || dwarf_tag(&t) != DW_TAG_base_type)
		return false;
	n = dwarf_diename(&t);
	if (!n)
		return false;
	return !strcmp(n, "char") ||
	       (!typedefd && (!strcmp(n, "unsigned char") || !strcmp(n, "signed char")));
}

bool dw_is_signed(Dwarf_Die *type)
{
	Dwarf_Attribute a;
	Dwarf_Word enc;
	Dwarf_Die t;

	if (!dw_strip(type, &t))
		return false;
	if (dwarf_tag(&t) == DW_TAG_enumeration_type) {
		Dwarf_Die u;

		/* DWARF 5 names the underlying type; without it GCC uses unsigned int */
		return dw_type_of(&t, &u) && dw_is_signed(&u);
	}
	if (dwarf_tag(&t) != DW_TAG_base_type || !dwarf_attr(&t, DW_AT_encoding, &a) ||
	    dwarf_formudata(&a, &enc) != 0)
		return false;
	return enc == DW_ATE_signed || enc == DW_ATE_signed_char;
}

/* Append to a fixed buffer; truncates silently (names are for display). */
static void cat(char *buf, size_t len, const char *s)
{
	size_t l = strlen(buf);

	if (l < len)
		snprintf(buf + l, len - l, "%s", s);
}

static void array_dims(Dwarf_Die *arr, char *buf, size_t len)
{
	Dwarf_Die sub;

	if (dwarf_child(arr, &sub) != 0)
		return;
	do {
		Dwarf_Attribute a;
		Dwarf_Word v;
		char tmp[32];

		if (dwarf_tag(&sub) != DW_TAG_subrange_type)
			continue;
		if (dwarf_attr(&sub, DW_AT_count, &a) && dwarf_formudata(&a, &v) == 0)
			snprintf(tmp, sizeof(tmp), "[%llu]", (unsigned long long)v);
		else if (dwarf_attr(&sub, DW_AT_upper_bound, &a) && dwarf_formudata(&a, &v) == 0)
			snprintf(tmp, sizeof(tmp), "[%llu]", (unsigned long long)v + 1);
		else
			snprintf(tmp, sizeof(tmp), "[]");
		cat(buf, len, tmp);
	} while (dwarf_siblingof(&sub, &sub) == 0);
}

static void name_rec(Dwarf_Die *type, const char *decl, char *buf, size_t len, int depth);

/*
 * A function type's parameters, named at @depth: a parameter's type can
 * lead back to the function type itself (BTF allows it), so the names of
 * the types inside count against the same bound as the outer ones.
 */
static void func_params(Dwarf_Die *fn, char *buf, size_t len, int depth)
{
	Dwarf_Die p;
	bool first = true, proto = dwarf_hasattr(fn, DW_AT_prototyped);

	cat(buf, len, "(");
	if (dwarf_child(fn, &p) == 0) {
		do {
			char tn[256];
			Dwarf_Die t;

			if (dwarf_tag(&p) == DW_TAG_unspecified_parameters) {
				cat(buf, len, first ? "..." : ", ...");
				first = false;
				continue;
			}
			if (dwarf_tag(&p) != DW_TAG_formal_parameter)
				continue;
			name_rec(dw_type_of(&p, &t) ? &t : NULL, "", tn, sizeof(tn), depth + 1);
			if (!first)
				cat(buf, len, ", ");
			cat(buf, len, tn);
			first = false;
		} while (dwarf_siblingof(&p, &p) == 0);
	}
	if (first && proto)
		cat(buf, len, "void");
	cat(buf, len, ")");
}

/*
 * True if @type is an array (of arrays...) whose element type carries the
 * qualifier @tag (DW_TAG_const_type...) itself.
 */
static bool elements_have(Dwarf_Die *type, int tag)
{
	Dwarf_Die t = *type;
	bool in_array = false;

	for (int i = 0; i < 64; i++) {
		int tg = dwarf_tag(&t);

		if (tg == DW_TAG_array_type)
			in_array = true;
		else if (tg == tag)
			return in_array;
		else if (!is_cv(tg))
			return false;
		if (!dw_type_of(&t, &t))
			return false;
	}
	return false;
}

/* C declarator syntax inside out: @decl is what surrounds the type so far. */
static void name_rec(Dwarf_Die *type, const char *decl, char *buf, size_t len, int depth)
{
	char d2[512];
	const char *n;
	Dwarf_Die t;
	int tag;

	if (!type || depth > 32) {
		snprintf(buf, len, "void%s%s", *decl && *decl != '[' ? " " : "", decl);
		return;
	}
	tag = dwarf_tag(type);
	n = dwarf_diename(type);
	switch (tag) {
	case DW_TAG_pointer_type:
	case DW_TAG_reference_type: {
		bool has = dw_type_of(type, &t);
		int inner = has ? dwarf_tag(&t) : 0;

		if (inner == DW_TAG_array_type || inner == DW_TAG_subroutine_type)
			snprintf(d2, sizeof(d2), "(*%.500s)", decl);
		else
			snprintf(d2, sizeof(d2), "*%.500s", decl);
		name_rec(has ? &t : NULL, d2, buf, len, depth + 1);
		return;
	}
	case DW_TAG_const_type:
	case DW_TAG_volatile_type:
	case DW_TAG_restrict_type:
	case DW_TAG_atomic_type: {
		const char *q = tag == DW_TAG_const_type ? "const" :
				tag == DW_TAG_volatile_type ? "volatile" :
				tag == DW_TAG_restrict_type ? "restrict" : "_Atomic";
		bool has = dw_type_of(type, &t);
		Dwarf_Die s;

		if (has && dw_strip_cv(&t, &s) && dwarf_tag(&s) == DW_TAG_pointer_type) {
			/* a qualified pointer: "char *const p" */
			snprintf(d2, sizeof(d2), "%s%s%s", q, *decl ? " " : "", decl);
			name_rec(&t, d2, buf, len, depth + 1);
			return;
		}
		char inner[512];

		name_rec(has ? &t : NULL, decl, inner, sizeof(inner), depth + 1);
		/*
		 * C has no qualified arrays: a qualifier of an array is its
		 * elements', which GCC often also qualifies ("const const char
		 * iname[]" otherwise).
		 */
		if (has && elements_have(&t, tag))
			snprintf(buf, len, "%s", inner);
		else
			snprintf(buf, len, "%s %s", q, inner);
		return;
	}
	case DW_TAG_array_type:
		snprintf(d2, sizeof(d2), "%s", decl);
		array_dims(type, d2, sizeof(d2));
		name_rec(dw_type_of(type, &t) ? &t : NULL, d2, buf, len, depth + 1);
		return;
	case DW_TAG_subroutine_type:
		snprintf(d2, sizeof(d2), "%s", decl);
		func_params(type, d2, sizeof(d2), depth);
		name_rec(dw_type_of(type, &t) ? &t : NULL, d2, buf, len, depth + 1);
		return;
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
	case DW_TAG_enumeration_type: {
		const char *kw = tag == DW_TAG_structure_type ? "struct" :
				 tag == DW_TAG_union_type ? "union" : "enum";

		snprintf(buf, len, "%s %s%s%s", kw, n ? n : "{...}",
			 *decl && *decl != '[' ? " " : "", decl);
		return;
	}
	default:
		snprintf(buf, len, "%s%s%s", n ? n : "?", *decl && *decl != '[' ? " " : "", decl);
		return;
	}
}

void dw_type_name(Dwarf_Die *type, char *buf, size_t len)
{
	name_rec(type, "", buf, len, 0);
}

/* DW_AT_data_member_location as a constant or a DW_OP_plus_uconst block. */
static long member_location(Dwarf_Die *m)
{
	Dwarf_Attribute a;
	Dwarf_Word v;
	Dwarf_Op *ops;
	size_t n;

	if (!dwarf_attr(m, DW_AT_data_member_location, &a))
		return 0;	/* union members */
	if (dwarf_formudata(&a, &v) == 0)
		return (long)v;
	if (dwarf_getlocation(&a, &ops, &n) == 0 && n == 1 && ops[0].atom == DW_OP_plus_uconst)
		return (long)ops[0].number;
	return 0;
}

int dw_member_layout(Dwarf_Die *member, long *offset, int *bit_size, int *bit_offset,
		     int *container)
{
	Dwarf_Attribute a;
	Dwarf_Word v;
	Dwarf_Die t;
	long loc = member_location(member), tsize;
	int w;

	*offset = loc;
	*bit_size = *bit_offset = *container = 0;
	if (!dwarf_attr(member, DW_AT_bit_size, &a) || dwarf_formudata(&a, &v) != 0)
		return 0;
	w = (int)v;
	tsize = dw_type_of(member, &t) ? dw_type_size(&t) : -1;
	if (tsize <= 0 || tsize > 8)
		tsize = 4;

	/* D: the first bit of the field counted from the start of the struct (LE) */
	unsigned long d;

	if (dwarf_attr(member, DW_AT_data_bit_offset, &a) && dwarf_formudata(&a, &v) == 0) {
		d = v;	/* DWARF 5 (and DWARF 4 with -gstrict-dwarf off) */
	} else if (dwarf_attr(member, DW_AT_bit_offset, &a) && dwarf_formudata(&a, &v) == 0) {
		/* DWARF 2-4: offset of the MSB within a storage unit, big-endian style */
		long unit = tsize;
		Dwarf_Word bs;

		if (dwarf_attr(member, DW_AT_byte_size, &a) && dwarf_formudata(&a, &bs) == 0)
			unit = (long)bs;
		d = (unsigned long)loc * 8 + (unsigned long)unit * 8 - v - (unsigned long)w;
	} else {
		d = (unsigned long)loc * 8;
	}
	/* the field's own type as container when it fits: that is how pahole shows it */
	unsigned long c = (unsigned long)tsize * 8, start = d / c * (unsigned long)tsize;

	if (d - start * 8 + (unsigned long)w > c) {
		/* a packed struct: the smallest load from the field's first byte */
		start = d / 8;
		for (c = 8; c < 64 && d % 8 + (unsigned long)w > c; c *= 2)
			;
	}
	*offset = (long)start;
	*bit_size = w;
	*bit_offset = (int)(d - start * 8);
	*container = (int)c;
	return 0;
}

static int find_member_rec(Dwarf_Die *agg, const char *name, long base, struct dw_member *out,
			   int depth)
{
	Dwarf_Die m;

	if (depth > 16 || dwarf_child(agg, &m) != 0)
		return -1;
	do {
		const char *n;
		Dwarf_Die t, s;

		if (dwarf_tag(&m) != DW_TAG_member)
			continue;
		n = dwarf_diename(&m);
		if (n && !strcmp(n, name)) {
			long off;

			out->die = m;
			if (!dw_type_of(&m, &out->type))
				return -1;
			dw_member_layout(&m, &off, &out->bit_size, &out->bit_offset,
					 &out->container);
			out->offset = base + off;
			return 0;
		}
		if (n || !dw_type_of(&m, &t) || !dw_strip(&t, &s))
			continue;
		if (dwarf_tag(&s) != DW_TAG_structure_type && dwarf_tag(&s) != DW_TAG_union_type)
			continue;
		if (find_member_rec(&s, name, base + member_location(&m), out, depth + 1) == 0)
			return 0;
	} while (dwarf_siblingof(&m, &m) == 0);
	return -1;
}

int dw_find_member(Dwarf_Die *agg, const char *name, struct dw_member *out)
{
	return find_member_rec(agg, name, 0, out, 0);
}

/* @name in the structs embedded (not pointed to) in @agg, shallowest first. */
static int find_embedded(Dwarf_Die *agg, const char *name, long base, int levels,
			 struct dw_member *out, char *path, size_t len)
{
	Dwarf_Die m;

	for (int want = 1; want <= levels; want++) {
		if (dwarf_child(agg, &m) != 0)
			return -1;
		do {
			const char *n = dwarf_diename(&m);
			Dwarf_Die t, s;
			size_t pl = strlen(path);

			if (dwarf_tag(&m) != DW_TAG_member || !n || !dw_type_of(&m, &t) ||
			    !dw_strip(&t, &s) || (dwarf_tag(&s) != DW_TAG_structure_type &&
						  dwarf_tag(&s) != DW_TAG_union_type))
				continue;
			snprintf(path + pl, len - pl, "%s.", n);
			long off = base + member_location(&m);

			if (want == 1 && find_member_rec(&s, name, off, out, 0) == 0)
				return 0;
			if (want > 1 && find_embedded(&s, name, off, want - 1, out, path, len) == 0)
				return 0;
			path[pl] = '\0';
		} while (dwarf_siblingof(&m, &m) == 0);
	}
	return -1;
}

/*
 * dw_find_member_kernel - dw_find_member, then what the kernel's accessor
 * macros mean: sk->sk_dport is sk->__sk_common.skc_dport, inet->inet_daddr
 * is inet->sk.__sk_common.skc_daddr.  @path gets the members walked through.
 */
int dw_find_member_kernel(Dwarf_Die *agg, const char *name, struct dw_member *out,
			  char *path, size_t len)
{
	const char *us = strchr(name, '_');
	char alt[128];

	path[0] = '\0';
	if (dw_find_member(agg, name, out) == 0)
		return 0;
	if (find_embedded(agg, name, 0, 3, out, path, len) == 0)
		return 0;
	if (!us || us == name || !us[1])
		return -1;
	snprintf(alt, sizeof(alt), "skc%s", us);
	path[0] = '\0';
	return find_embedded(agg, alt, 0, 3, out, path, len);
}

/* --- ptype and offsetof --- */

static const char *kind_name(int tag)
{
	switch (tag) {
	case DW_TAG_structure_type: return "struct";
	case DW_TAG_union_type: return "union";
	case DW_TAG_enumeration_type: return "enum";
	case DW_TAG_typedef: return "typedef";
	case DW_TAG_base_type: return "base";
	case DW_TAG_pointer_type: return "pointer";
	case DW_TAG_array_type: return "array";
	case DW_TAG_subroutine_type: return "function";
	default: return "other";
	}
}

struct mlist {
	struct kpdb_member_info *v;
	size_t n, cap;
};

static struct kpdb_member_info *ml_add(struct mlist *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct kpdb_member_info *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		l->v = v;
		l->cap = cap;
	}
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	return &l->v[l->n++];
}

/* @type is an unnamed struct or union, or an array of them: @agg gets it. */
static bool anonymous_aggregate(Dwarf_Die *type, Dwarf_Die *agg)
{
	Dwarf_Die t;

	if (!dw_strip_cv(type, &t))
		return false;
	if (dwarf_tag(&t) == DW_TAG_array_type && (!dw_type_of(&t, &t) || !dw_strip_cv(&t, &t)))
		return false;
	if (dwarf_diename(&t) ||
	    (dwarf_tag(&t) != DW_TAG_structure_type && dwarf_tag(&t) != DW_TAG_union_type))
		return false;
	*agg = t;
	return true;
}

static int list_members(Dwarf_Die *agg, long base, int depth, struct mlist *l)
{
	Dwarf_Die m;

	if (depth > 16 || dwarf_child(agg, &m) != 0)
		return 0;
	do {
		struct kpdb_member_info *mi;
		const char *n;
		char tn[512];
		Dwarf_Die t, s;
		bool has;
		long off, size;

		if (dwarf_tag(&m) != DW_TAG_member)
			continue;
		n = dwarf_diename(&m);
		has = dw_type_of(&m, &t);
		dw_type_name(has ? &t : NULL, tn, sizeof(tn));
		size = has ? dw_type_size(&t) : 0;
		mi = ml_add(l);
		if (!mi)
			return -1;
		mi->name = n ? strdup(n) : NULL;
		mi->type = strdup(tn);
		dw_member_layout(&m, &off, &mi->bit_size, &mi->bit_offset, &(int){ 0 });
		mi->offset = (unsigned long)(base + off);
		mi->size = size > 0 ? (unsigned long)size : 0;
		mi->depth = depth;
		if (!mi->type)
			return -1;
		/*
		 * Anonymous aggregate types are shown inline, as pahole and gdb
		 * do, also as the elements of an array (struct {...} set[2]):
		 * then with the offsets of the first element.
		 */
		if (has && anonymous_aggregate(&t, &s) &&
		    list_members(&s, base + off, depth + 1, l) < 0)
			return -1;
	} while (dwarf_siblingof(&m, &m) == 0);
	return 0;
}

static int list_enumerators(Dwarf_Die *en, long size, struct mlist *l)
{
	Dwarf_Die e;

	if (dwarf_child(en, &e) != 0)
		return 0;
	do {
		struct kpdb_member_info *mi;
		Dwarf_Attribute a;
		Dwarf_Sword sv = 0;
		Dwarf_Word uv = 0;

		if (dwarf_tag(&e) != DW_TAG_enumerator)
			continue;
		mi = ml_add(l);
		if (!mi)
			return -1;
		mi->name = strdup(dwarf_diename(&e) ? dwarf_diename(&e) : "?");
		mi->type = NULL;
		if (dwarf_attr(&e, DW_AT_const_value, &a)) {
			if (dwarf_formsdata(&a, &sv) == 0)
				mi->offset = (unsigned long)sv;
			else if (dwarf_formudata(&a, &uv) == 0)
				mi->offset = (unsigned long)uv;
		}
		mi->size = (unsigned long)size;
	} while (dwarf_siblingof(&e, &e) == 0);
	return 0;
}

static int split_stars(const char *type, char *base, size_t len)
{
	int n = 0;

	snprintf(base, len, "%s", type);
	for (size_t l = strlen(base); l; l = strlen(base)) {
		if (base[l - 1] == ' ') {
			base[l - 1] = '\0';
		} else if (base[l - 1] == '*') {
			base[l - 1] = '\0';
			n++;
		} else {
			break;
		}
	}
	return n;
}

/**
 * kpdb_dwarf_type - the layout of a type for ptype
 * @dw: the debug info
 * @type: "struct sock", "sock", "u32", "struct sock *"
 * @out: filled on success (free with kpdb_type_info_free)
 * @err: the reason on failure
 *
 * Typedefs of structs and unions list the members of what they name, as
 * gdb's ptype does.  Members of anonymous structs/unions follow their
 * parent with depth + 1.  Return: 0, or -1 with @err set.
 */
int kpdb_dwarf_type(struct kpdb_dwarf *dw, const char *type, struct kpdb_type_info *out,
		    struct kpdb_err *err)
{
	char base[256], tn[512];
	struct mlist l = { 0 };
	Dwarf_Die die, t, s;
	int nptr, tag;

	memset(out, 0, sizeof(*out));
	nptr = split_stars(type, base, sizeof(base));
	if (!*base)
		return kpdb_err_set(err, "no type name given");
	if (dw_type_by_name(dw, NULL, base, &die, err) < 0)
		return -1;
	dw_type_name(&die, tn, sizeof(tn));
	if (nptr) {
		for (int i = 0; i < nptr; i++)
			cat(tn, sizeof(tn), i ? "*" : " *");
		out->name = strdup(tn);
		out->kind = strdup("pointer");
		out->size = 8;
		dw_type_name(&die, tn, sizeof(tn));
		for (int i = 1; i < nptr; i++)
			cat(tn, sizeof(tn), i > 1 ? "*" : " *");
		out->target = strdup(tn);
		goto done;
	}
	tag = dwarf_tag(&die);
	out->name = strdup(tn);
	out->kind = strdup(kind_name(tag));
	long size = dw_type_size(&die);

	out->size = size > 0 ? (unsigned long)size : 0;
	if (tag == DW_TAG_typedef && dw_type_of(&die, &t)) {
		dw_type_name(&t, tn, sizeof(tn));
		out->target = strdup(tn);
	}
	if (!dw_strip(&die, &s))
		goto done;
	tag = dwarf_tag(&s);
	if (tag == DW_TAG_structure_type || tag == DW_TAG_union_type) {
		if (list_members(&s, 0, 0, &l) < 0)
			goto oom;
	} else if (tag == DW_TAG_enumeration_type) {
		if (list_enumerators(&s, size, &l) < 0)
			goto oom;
	}
	out->members = l.v;
	out->nmembers = l.n;
done:
	dw_release_pages(dw);
	if (!out->name || !out->kind) {
		kpdb_type_info_free(out);
		return kpdb_err_set(err, "out of memory");
	}
	return 0;
oom:
	out->members = l.v;
	out->nmembers = l.n;
	kpdb_type_info_free(out);
	return kpdb_err_set(err, "out of memory");
}

void kpdb_member_info_free(struct kpdb_member_info *m)
{
	if (!m)
		return;
	free(m->name);
	free(m->type);
	m->name = m->type = NULL;
}

void kpdb_type_info_free(struct kpdb_type_info *info)
{
	if (!info)
		return;
	for (size_t i = 0; i < info->nmembers; i++)
		kpdb_member_info_free(&info->members[i]);
	free(info->members);
	free(info->name);
	free(info->kind);
	free(info->target);
	memset(info, 0, sizeof(*info));
}

/**
 * kpdb_dwarf_offsetof - offsetof(@type, @path) with nested members and
 * array indexes ("sk_common.skc_dport", "arr[2].x"); anonymous members are
 * found through.  Return: 0, or -1 with @err set.
 */
int kpdb_dwarf_offsetof(struct kpdb_dwarf *dw, const char *type, const char *path,
			struct kpdb_member_info *out, struct kpdb_err *err)
{
	Dwarf_Die cur, s;
	const char *p = path;
	long off = 0, size;
	int bit_size = 0, bit_offset = 0;
	char tn[512], what[256];

	memset(out, 0, sizeof(*out));
	if (dw_type_by_name(dw, NULL, type, &cur, err) < 0)
		return -1;
	dw_type_name(&cur, what, sizeof(what));
	while (*p) {
		char name[128];
		size_t n = 0;

		if (!dw_strip(&cur, &s))
			return kpdb_err_set(err, "'%s' has no members", what);
		if (*p == '[') {
			char *end;
			unsigned long idx = strtoul(p + 1, &end, 0);
			Dwarf_Die el;

			if (end == p + 1 || *end != ']')
				return kpdb_err_set(err, "bad index in '%s'", path);
			if (dwarf_tag(&s) != DW_TAG_array_type || !dw_type_of(&s, &el))
				return kpdb_err_set(err, "'%s' is not an array", what);
			size = dw_type_size(&el);
			if (size < 0)
				return kpdb_err_set(err, "'%s' has elements of unknown size", what);
			off += (long)idx * size;
			cur = el;
			bit_size = 0;
			p = end + 1;
			snprintf(what + strlen(what), sizeof(what) - strlen(what), "[%lu]", idx);
			continue;
		}
		if (*p == '.')
			p++;
		else if (p[0] == '-' && p[1] == '>')
			return kpdb_err_set(err, "'->' leaves the object: offsetof takes '.' only");
		while (p[n] && p[n] != '.' && p[n] != '[' && p[n] != '-' && n < sizeof(name) - 1)
			n++;
		memcpy(name, p, n);
		name[n] = '\0';
		p += n;
		if (!n)
			return kpdb_err_set(err, "empty member name in '%s'", path);
		if (dwarf_tag(&s) != DW_TAG_structure_type && dwarf_tag(&s) != DW_TAG_union_type)
			return kpdb_err_set(err, "'%s' is not a struct or union", what);

		struct dw_member m;

		if (dw_find_member(&s, name, &m) < 0) {
			dw_type_name(&s, tn, sizeof(tn));
			return kpdb_err_set(err, "no member '%s' in '%s'", name, tn);
		}
		off += m.offset;
		bit_size = m.bit_size;
		bit_offset = m.bit_offset;
		cur = m.type;
		snprintf(what, sizeof(what), "%s", name);
	}
	dw_type_name(&cur, tn, sizeof(tn));
	size = dw_type_size(&cur);
	out->name = strdup(path);
	out->type = strdup(tn);
	out->offset = (unsigned long)off;
	out->size = size > 0 ? (unsigned long)size : 0;
	out->bit_size = bit_size;
	out->bit_offset = bit_offset;
	dw_release_pages(dw);
	if (!out->name || !out->type) {
		kpdb_member_info_free(out);
		return kpdb_err_set(err, "out of memory");
	}
	return 0;
}

/* True if @fn, or the abstract instance it is a copy of, has "..." */
static bool has_varargs(Dwarf_Die *fn)
{
	Dwarf_Attribute a;
	Dwarf_Die d, origin;

	if (dwarf_child(fn, &d) == 0) {
		do {
			if (dwarf_tag(&d) == DW_TAG_unspecified_parameters)
				return true;
		} while (dwarf_siblingof(&d, &d) == 0);
	}
	return dwarf_attr(fn, DW_AT_abstract_origin, &a) && dwarf_formref_die(&a, &origin) &&
	       dwarf_dieoffset(&origin) != dwarf_dieoffset(fn) && has_varargs(&origin);
}

/**
 * kpdb_dwarf_variadic - true if the function @func (NAME or FILE:NAME)
 * takes a variable argument list: any function of that name the index
 * knows has "...".  sys:NAME never has.
 */
bool kpdb_dwarf_variadic(struct kpdb_dwarf *dw, const char *func)
{
	const char *colon = strrchr(func, ':');
	const struct dw_idx_ent *e;
	bool ret = false;
	size_t n;

	if (colon && !strncmp(func, "sys:", 4))
		return false;
	if (colon)
		func = colon + 1;
	if (dw_index_ready(dw, NULL) < 0 || !(e = dw_index_find(dw, DW_K_FUNC, func, &n)))
		return false;
	for (size_t i = 0; i < n && !ret; i++) {
		Dwarf_Die fn;

		ret = dwarf_offdie(dw->dw, e[i].die, &fn) && has_varargs(&fn);
	}
	dw_release_pages(dw);
	return ret;
}
