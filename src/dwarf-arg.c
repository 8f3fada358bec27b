// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dwarf-arg.c - the last step of a C argument: from where its value is and
 * its C type to the kernel fetcharg, the kernel fetch type and kpdb's
 * automatic format (port for __be16, ipv4 for __be32 addresses, ipv6 for
 * struct in6_addr, string for char * and char[N]).
 */
#include <dwarf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dwarf-priv.h"
#include "kprobe-limits.h"
#include "probe-spec.h"


/* A string at the address a pointer value holds: "+0(VALUE)". */
static int deref_fetch(struct dw_ctx *c, struct dw_val *v, char *out, size_t len,
		       struct kpdb_err *err)
{
	char inner[256];

	if (v->kind == DW_V_ADDR) {
		struct dw_val m = *v;

		m.kind = DW_V_MEM;
		m.user = c->user;
		dw_mem_fetch(&m, out, len);
		return 0;
	}
	if (dw_value_fetch(v, inner, sizeof(inner), err) < 0)
		return -1;
	snprintf(out, len, "+%s0(%s)", c->user ? "u" : "", inner);
	return 0;
}

static bool name_has(const char *name, const char *part)
{
	return name && strstr(name, part);
}

/* Structs of one member at offset 0 (kuid_t, atomic_t, refcount_t, in_addr) are that member. */
static void unwrap(struct dw_val *v)
{
	for (int i = 0; i < 8 && v->has_type && !v->nptr && !v->bit_size; i++) {
		Dwarf_Die s, m, t;
		int n = 0;
		const char *mn;

		if (!dw_strip(&v->type, &s) || dwarf_tag(&s) != DW_TAG_structure_type)
			return;
		mn = dwarf_diename(&s);
		if (mn && (!strcmp(mn, "in6_addr") || !strcmp(mn, "sockaddr")))
			return;
		if (dwarf_child(&s, &m) != 0)
			return;
		Dwarf_Die only = m;

		do {
			if (dwarf_tag(&m) == DW_TAG_member) {
				only = m;
				n++;
			}
		} while (dwarf_siblingof(&m, &m) == 0);
		long off;
		int bs, bo, cont;

		if (n != 1 || !dw_type_of(&only, &t))
			return;
		dw_member_layout(&only, &off, &bs, &bo, &cont);
		if (off || bs)
			return;
		v->type = t;
		mn = dwarf_diename(&only);
		if (mn)
			snprintf(v->member, sizeof(v->member), "%s", mn);
	}
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int set_arg(struct kpdb_arg *arg, const char *fetch, const char *ktype, bool ptr,
		   const char *ctype, struct kpdb_err *err)
{
	free(arg->fetch);
	free(arg->ktype);
	free(arg->ctype);
	arg->fetch = strdup(fetch);
	arg->ktype = dup_or_null(ktype);
	arg->ctype = dup_or_null(ctype);
	arg->ptr = ptr;
	if (!arg->fetch || (ktype && !arg->ktype) || (ctype && !arg->ctype))
		return kpdb_err_set(err, "out of memory");
	return 0;
}

static void int_ktype(Dwarf_Die *type, long size, char *buf, size_t len)
{
	snprintf(buf, len, "%c%ld", dw_is_signed(type) ? 's' : 'u', size * 8);
}

/* A value held in a register but narrower than it, or at an offset in it. */
static void reg_part_ktype(struct dw_val *v, long size, char *buf, size_t len)
{
	if (v->bit_size)
		snprintf(buf, len, "b%d@%ld/64", v->bit_size, v->off * 8 + v->bit_offset);
	else
		snprintf(buf, len, "b%ld@%ld/64", size * 8, v->off * 8);
}

static int aggregate_arg(struct dw_ctx *c, struct dw_val *v, struct kpdb_arg *arg,
			 const char *ctype, struct kpdb_err *err)
{
	char fetch[300];
	Dwarf_Die s;

	if (v->nptr || (v->has_type && dw_strip(&v->type, &s) &&
			dwarf_tag(&s) == DW_TAG_pointer_type)) {
		if (dw_value_fetch(v, fetch, sizeof(fetch), err) < 0)
			return -1;
		return set_arg(arg, fetch, NULL, true, ctype, err);
	}
	if (v->kind == DW_V_ADDR) {
		if (dw_value_fetch(v, fetch, sizeof(fetch), err) == 0)
			return set_arg(arg, fetch, NULL, true, ctype, err);
		struct dw_val m = *v;

		m.kind = DW_V_MEM;
		dw_mem_fetch(&m, fetch, sizeof(fetch));
		return set_arg(arg, fetch, NULL, false, ctype, err);
	}
	if (v->kind != DW_V_MEM)
		return kpdb_err_set(err, "format '%s' needs an object in memory or a pointer; "
				    "'%s' is in a register", kpdb_fmt_name(arg->fmt), arg->expr);
	dw_mem_fetch(v, fetch, sizeof(fetch));
	return set_arg(arg, fetch, NULL, false, ctype, err);
}

/* An explicit kernel type after ':' (u32, x64, string, u8[16], b3@2/8, symbol). */
static int explicit_arg(struct dw_ctx *c, struct dw_val *v, struct kpdb_arg *arg,
			const char *ctype, struct kpdb_err *err)
{
	char fetch[300], kt[64];
	Dwarf_Die s;
	bool ptr = v_is_pointer(v, &s), arr = false, str;

	if (!ptr && v->has_type && dw_strip(&v->type, &s))
		arr = dwarf_tag(&s) == DW_TAG_array_type;
	snprintf(kt, sizeof(kt), "%s", arg->type);
	str = !strcmp(kt, "string") || !strcmp(kt, "ustring");
	if (str && ptr) {
		if (deref_fetch(c, v, fetch, sizeof(fetch), err) < 0)
			return -1;
	} else if ((str || strchr(kt, '[') || arr) && v->kind == DW_V_MEM) {
		dw_mem_fetch(v, fetch, sizeof(fetch));
	} else if (str || strchr(kt, '[')) {
		return kpdb_err_set(err, "type '%s' needs a pointer or an array, and '%s' is '%s'",
				    kt, arg->expr, ctype);
	} else {
		if (v->kind == DW_V_MEM && v->bit_size)
			return kpdb_err_set(err, "'%s' is a bitfield: leave its type to kpdb",
					    arg->expr);
		if (dw_value_fetch(v, fetch, sizeof(fetch), err) < 0)
			return -1;
	}
	return set_arg(arg, fetch, kt, false, ctype, err);
}

/**
 * dw_val_to_arg - complete @arg from the evaluated value @v: fetch, ktype,
 * ptr, ctype and, when the user gave no format, an automatic one.
 */
int dw_val_to_arg(struct dw_ctx *c, struct dw_val *v, struct kpdb_arg *arg,
		  struct kpdb_err *err)
{
	char ctype[256], fetch[300], kt[64];
	Dwarf_Die s, el;
	bool user_ktype = arg->type && arg->fmt == KPDB_FMT_NONE;
	long size;
	int tag;

	if (v->nptr == 0 && v->has_type)
		unwrap(v);
	dw_type_name(v->has_type ? &v->type : NULL, ctype, sizeof(ctype));
	for (int i = 0; i < v->nptr; i++) {
		size_t l = strlen(ctype);

		snprintf(ctype + l, sizeof(ctype) - l, "%s", i || ctype[l - 1] == '*' ? "*" : " *");
	}
	if (arg->fmt == KPDB_FMT_SOCKADDR || arg->fmt == KPDB_FMT_IPV6)
		return aggregate_arg(c, v, arg, ctype, err);
	if (user_ktype)
		return explicit_arg(c, v, arg, ctype, err);

	if (v->kind == DW_V_CONST) {
		snprintf(fetch, sizeof(fetch), "\\%ld", v->cval);
		size = v->has_type ? dw_type_size(&v->type) : 8;
		if (size != 1 && size != 2 && size != 4 && size != 8)
			size = 8;
		if (v_is_pointer(v, &s))
			snprintf(kt, sizeof(kt), "x64");
		else
			int_ktype(&v->type, size, kt, sizeof(kt));
		return set_arg(arg, fetch, kt, false, ctype, err);
	}
	if (v_is_pointer(v, &s)) {
		Dwarf_Die pt;

		/* char * is a string; any other pointer is an address */
		bool to_char = v->nptr == 1 ? v->has_type && dw_is_char(&v->type) :
			       !v->nptr && dw_type_of(&s, &pt) && dw_is_char(&pt);

		if (to_char && arg->fmt == KPDB_FMT_NONE) {
			if (deref_fetch(c, v, fetch, sizeof(fetch), err) < 0)
				return -1;
			return set_arg(arg, fetch, c->user ? "ustring" : "string", false, ctype,
				       err);
		}
		if (v->kind == DW_V_ADDR && v->off) {
			return kpdb_err_set(err, "'%s' is an address computed from %s, which the "
					    "kernel cannot fetch", arg->expr, v->fetch);
		}
		if (dw_value_fetch(v, fetch, sizeof(fetch), err) < 0)
			return -1;
		return set_arg(arg, fetch, "x64", false, ctype, err);
	}
	if (!v->has_type || !dw_strip(&v->type, &s))
		return kpdb_err_set(err, "'%s' has type void", arg->expr);
	tag = dwarf_tag(&s);
	size = dw_type_size(&v->type);

	if (tag == DW_TAG_array_type) {
		long esize, n;

		if (v->kind != DW_V_MEM)
			return kpdb_err_set(err, "the array '%s' is not in memory", arg->expr);
		dw_mem_fetch(v, fetch, sizeof(fetch));
		if (!dw_type_of(&s, &el) || (esize = dw_type_size(&el)) <= 0)
			return kpdb_err_set(err, "'%s' has elements of unknown size", arg->expr);
		if (dw_is_char(&el) && arg->fmt == KPDB_FMT_NONE)
			return set_arg(arg, fetch, v->user ? "ustring" : "string", false, ctype,
				       err);
		n = size > 0 ? size / esize : 0;
		if (n <= 0)
			return kpdb_err_set(err, "'%s' is an array of unknown length: index it",
					    arg->expr);
		Dwarf_Die es;

		if (!dw_strip(&el, &es) || (dwarf_tag(&es) != DW_TAG_base_type &&
					    dwarf_tag(&es) != DW_TAG_enumeration_type &&
					    dwarf_tag(&es) != DW_TAG_pointer_type) ||
		    (esize != 1 && esize != 2 && esize != 4 && esize != 8))
			return kpdb_err_set(err, "'%s' is an array of '%s': index it", arg->expr,
					    ctype);
		if (n > KPDB_ARRAY_MAX)
			return kpdb_err_set(err, "'%s' has %ld elements, the kernel fetches at "
					    "most %d: index it", arg->expr, n, KPDB_ARRAY_MAX);
		if (dwarf_tag(&es) == DW_TAG_pointer_type)
			snprintf(kt, sizeof(kt), "x64[%ld]", n);
		else
			snprintf(kt, sizeof(kt), "%c%ld[%ld]", esize > 1 && dw_is_signed(&el) ? 's' :
				 'u', esize * 8, n);
		return set_arg(arg, fetch, kt, false, ctype, err);
	}
	if (tag == DW_TAG_structure_type || tag == DW_TAG_union_type) {
		const char *n = dwarf_diename(&s);

		if (n && !strcmp(n, "in6_addr") && arg->fmt == KPDB_FMT_NONE) {
			arg->fmt = KPDB_FMT_IPV6;
			return aggregate_arg(c, v, arg, ctype, err);
		}
		if (size == 16 && v->kind == DW_V_MEM && arg->fmt == KPDB_FMT_NONE) {
			dw_mem_fetch(v, fetch, sizeof(fetch));
			return set_arg(arg, fetch, "x64[2]", false, ctype, err);
		}
		return kpdb_err_set(err, "'%s' is a '%s': name one of its members, or fetch it "
				    "with a format (:sockaddr, :ipv6) or a type (:u8[%ld])",
				    arg->expr, ctype, size > 0 && size <= KPDB_ARRAY_MAX ? size : 16);
	}
	if (tag != DW_TAG_base_type && tag != DW_TAG_enumeration_type)
		return kpdb_err_set(err, "'%s' is a '%s', which kpdb cannot fetch", arg->expr,
				    ctype);
	Dwarf_Attribute a;
	Dwarf_Word enc = 0;

	if (tag == DW_TAG_base_type && dwarf_attr(&s, DW_AT_encoding, &a))
		dwarf_formudata(&a, &enc);
	if (enc == DW_ATE_float || enc == DW_ATE_complex_float)
		return kpdb_err_set(err, "'%s' is a floating point '%s': fetch it as :x%ld",
				    arg->expr, ctype, size * 8);
	if (size == 16 && v->kind == DW_V_MEM) {
		/* 128-bit integers: both halves, not a truncated u64 */
		dw_mem_fetch(v, fetch, sizeof(fetch));
		return set_arg(arg, fetch, "x64[2]", false, ctype, err);
	}
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return kpdb_err_set(err, "'%s' has an unsupported size (%ld bytes)", arg->expr,
				    size);

	/* the automatic formats */
	if (arg->fmt == KPDB_FMT_NONE && !v->bit_size) {
		if (size == 2 && dw_type_has_typedef(&v->type, "__be16"))
			arg->fmt = KPDB_FMT_PORT;
		else if (size == 4 && dw_type_has_typedef(&v->type, "__be32") &&
			 name_has(v->member, "addr"))
			arg->fmt = KPDB_FMT_IPV4;
	}

	/* the kernel reads b<w>@<o>/<c> unsigned: the sign is put back when shown */
	arg->bit_signed = (v->bit_size || (v->kind == DW_V_VALUE && v->off)) &&
			  dw_is_signed(&v->type);
	if (v->bit_size) {
		if (v->kind == DW_V_VALUE) {
			reg_part_ktype(v, size, kt, sizeof(kt));
			snprintf(fetch, sizeof(fetch), "%s", v->fetch);
		} else if (v->kind == DW_V_MEM) {
			snprintf(kt, sizeof(kt), "b%d@%d/%d", v->bit_size, v->bit_offset,
				 v->container);
			dw_mem_fetch(v, fetch, sizeof(fetch));
		} else {
			return kpdb_err_set(err, "the bitfield '%s' is not in memory", arg->expr);
		}
		return set_arg(arg, fetch, kt, false, ctype, err);
	}
	if (v->kind == DW_V_VALUE && v->off) {
		reg_part_ktype(v, size, kt, sizeof(kt));
		return set_arg(arg, v->fetch, kt, false, ctype, err);
	}
	if (dw_value_fetch(v, fetch, sizeof(fetch), err) < 0)
		return -1;
	if (tag == DW_TAG_base_type && enc == DW_ATE_boolean)
		snprintf(kt, sizeof(kt), "u%ld", size * 8);
	else
		int_ktype(&v->type, size, kt, sizeof(kt));
	if (arg->fmt == KPDB_FMT_HEX)
		kt[0] = 'x';
	return set_arg(arg, fetch, kt, false, ctype, err);
}
