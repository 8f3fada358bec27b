// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dwarf-expr.c - C expressions on probe arguments, evaluated against DWARF
 * into kprobe fetchargs: p->a.b[2], *p, (struct T *)p, ((struct T *)p)->m.
 *
 * The evaluator never computes a value: it tracks where the value would be
 * (a register, memory at an offset from another fetch, an address) and the
 * C type of it, the way a compiler tracks lvalues.  The last step picks the
 * kernel fetch type from the C type.
 */
#include <ctype.h>
#include <dwarf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dwarf-priv.h"
#include "probe-spec.h"

enum tok_kind { T_END, T_IDENT, T_NUM, T_ARROW, T_PUNCT, T_BAD };

struct lexer {
	const char *s, *p;
	enum tok_kind kind;
	char text[128];
	long num;
	char punct;
};

static void next(struct lexer *lx)
{
	const char *p = lx->p;

	while (*p == ' ' || *p == '\t')
		p++;
	lx->text[0] = '\0';
	if (!*p) {
		lx->kind = T_END;
	} else if (isalpha((unsigned char)*p) || *p == '_' || *p == '$') {
		size_t n = 1;

		while (isalnum((unsigned char)p[n]) || p[n] == '_')
			n++;
		snprintf(lx->text, sizeof(lx->text), "%.*s", (int)n, p);
		p += n;
		lx->kind = T_IDENT;
	} else if (isdigit((unsigned char)*p)) {
		char *end;

		lx->num = strtol(p, &end, 0);
		snprintf(lx->text, sizeof(lx->text), "%.*s", (int)(end - p), p);
		p = end;
		lx->kind = T_NUM;
	} else if (p[0] == '-' && p[1] == '>') {
		p += 2;
		lx->kind = T_ARROW;
		strcpy(lx->text, "->");
	} else if (strchr(".[]()*&", *p)) {
		lx->punct = *p;
		lx->text[0] = *p;
		lx->text[1] = '\0';
		p++;
		lx->kind = T_PUNCT;
	} else {
		lx->kind = T_BAD;
		lx->text[0] = *p;
		lx->text[1] = '\0';
	}
	lx->p = p;
}

static bool is_punct(struct lexer *lx, char c)
{
	return lx->kind == T_PUNCT && lx->punct == c;
}

/* --- the value model --- */

bool v_is_pointer(struct dw_val *v, Dwarf_Die *stripped)
{
	if (v->nptr > 0)
		return true;
	return v->has_type && dw_strip(&v->type, stripped) &&
	       dwarf_tag(stripped) == DW_TAG_pointer_type;
}

/* The type a pointer value points to: false for void. */
static bool v_pointee(struct dw_val *v, Dwarf_Die *out, int *nptr)
{
	Dwarf_Die s;

	if (v->nptr > 0) {
		*out = v->type;
		*nptr = v->nptr - 1;
		return v->has_type;
	}
	*nptr = 0;
	return dw_strip(&v->type, &s) && dw_type_of(&s, out);
}

static void v_typename(struct dw_val *v, char *buf, size_t len)
{
	dw_type_name(v->has_type ? &v->type : NULL, buf, len);
	for (int i = 0; i < v->nptr; i++) {
		size_t l = strlen(buf);

		snprintf(buf + l, len - l, "%s", i || (l && buf[l - 1] == '*') ? "*" : " *");
	}
}

/* "+8(%di)", "+u8(%di)", "@jiffies+8": the fetcharg of the object @v is in memory. */
void dw_mem_fetch(const struct dw_val *v, char *out, size_t len)
{
	if (v->at_sym) {
		if (v->off)
			snprintf(out, len, "@%.200s%+ld", v->fetch, v->off);
		else
			snprintf(out, len, "@%.200s", v->fetch);
		return;
	}
	snprintf(out, len, "%c%s%ld(%.200s)", v->off < 0 ? '-' : '+', v->user ? "u" : "",
		 v->off < 0 ? -v->off : v->off, v->fetch);
}

/*
 * dw_value_fetch - the fetcharg whose value is the value of @v (a pointer,
 * an integer).  A part of a register (a member of a small struct passed in
 * one) cannot be fetched: kprobes read a register whole, from bit 0.
 */
int dw_value_fetch(const struct dw_val *v, char *out, size_t len, struct kpdb_err *err)
{
	switch (v->kind) {
	case DW_V_VALUE:
		if (v->off)
			return kpdb_err_set(err, "a member of a struct held in a register cannot "
					    "be dereferenced");
		snprintf(out, len, "%s", v->fetch);
		return 0;
	case DW_V_MEM:
		dw_mem_fetch(v, out, len);
		return 0;
	case DW_V_CONST:
		snprintf(out, len, "\\%ld", v->cval);
		return 0;
	case DW_V_ADDR:
		/*
		 * The value is a register plus a constant (argc - 1 kept in %di
		 * by copy_strings.isra.0): a kprobe fetches a register or memory,
		 * it does not add.  Not an address the user asked for.
		 */
		if (v->off)
			return kpdb_err_set(err, "its value here is %s%+ld, computed from a register, "
					    "which the kernel cannot fetch", v->fetch, v->off);
		snprintf(out, len, "%s", v->fetch);
		return 0;
	}
	return -1;
}

static int deref(struct dw_ctx *c, struct dw_val *v, long off, struct kpdb_err *err)
{
	Dwarf_Die pt;
	int nptr;
	bool has = v_pointee(v, &pt, &nptr);
	char fetch[256];

	if (v->kind == DW_V_ADDR) {
		/* *(base + off): the object at that address */
		v->kind = DW_V_MEM;
		v->off += off;
		v->user = c->user;
	} else {
		if (dw_value_fetch(v, fetch, sizeof(fetch), err) < 0)
			return -1;
		if (strlen(fetch) > 200)
			return kpdb_err_set(err, "the expression dereferences too deep for the kernel");
		snprintf(v->fetch, sizeof(v->fetch), "%s", fetch);
		v->fetch_hi[0] = '\0';
		v->kind = DW_V_MEM;
		v->off = off;
		v->user = c->user;
		v->at_sym = false;
	}
	v->has_type = has;
	if (has)
		v->type = pt;
	v->nptr = nptr;
	v->bit_size = 0;
	return 0;
}

/*
 * A struct passed in two registers: a member in its second eightbyte is in
 * the second register, one in its first eightbyte in the first.
 */
static void reg_pair_member(struct dw_val *v)
{
	long size;

	if (v->kind != DW_V_VALUE || !v->fetch_hi[0])
		return;
	if (v->off >= 8) {
		snprintf(v->fetch, sizeof(v->fetch), "%s", v->fetch_hi);
		v->off -= 8;
		v->fetch_hi[0] = '\0';
	} else if ((size = dw_type_size(&v->type)) > 0 && v->off + size <= 8) {
		v->fetch_hi[0] = '\0';
	}
}

static int apply_member(struct dw_ctx *c, struct dw_val *v, const char *name, bool arrow,
			const char *expr, struct kpdb_err *err)
{
	Dwarf_Die s, agg;
	struct dw_member m;
	char tn[256];
	bool ptr = v_is_pointer(v, &s);

	v_typename(v, tn, sizeof(tn));
	if (arrow && !ptr)
		return kpdb_err_set(err, "'%s' is not a pointer (it is '%s'): use '.%s' in '%s'",
				    v->member[0] ? v->member : "the value", tn, name, expr);
	if (!arrow && ptr)
		return kpdb_err_set(err, "'%s' is a pointer ('%s'): use '->%s' in '%s'",
				    v->member[0] ? v->member : "the value", tn, name, expr);
	if (arrow) {
		if (deref(c, v, 0, err) < 0)
			return -1;
		v_typename(v, tn, sizeof(tn));
	}
	if (!v->has_type || v->nptr || !dw_strip(&v->type, &agg) ||
	    (dwarf_tag(&agg) != DW_TAG_structure_type && dwarf_tag(&agg) != DW_TAG_union_type))
		return kpdb_err_set(err, "'%s' is not a struct or union (it is '%s') in '%s'",
				    v->member[0] ? v->member : "the value", tn, expr);
	char via[256];

	if (dw_find_member_kernel(&agg, name, &m, via, sizeof(via)) < 0) {
		if (!dwarf_hasattr(&agg, DW_AT_byte_size))
			return kpdb_err_set(err, "'%s' is only declared, never defined, in this "
					    "compilation unit: cast it", tn);
		return kpdb_err_set(err, "no member '%s' in '%s'", name, tn);
	}
	if (v->kind == DW_V_CONST)
		return kpdb_err_set(err, "'%s' is a constant, it has no members", v->member);
	v->off += m.offset;
	v->type = m.type;
	v->has_type = true;
	v->bit_size = m.bit_size;
	v->bit_offset = m.bit_offset;
	v->container = m.container;
	snprintf(v->member, sizeof(v->member), "%s", name);
	reg_pair_member(v);
	return 0;
}

/*
 * No object is a terabyte away from its base: bounding offsets here keeps
 * every later sum of member offsets far from overflowing a long.
 */
#define MAX_OFF (1L << 40)

static int apply_index(struct dw_ctx *c, struct dw_val *v, long idx, const char *expr,
		       struct kpdb_err *err)
{
	Dwarf_Die s, el;
	char tn[256];
	long size, byte;

	v_typename(v, tn, sizeof(tn));
	if (v_is_pointer(v, &s)) {
		Dwarf_Die pt;
		int nptr;

		if (!v_pointee(v, &pt, &nptr))
			return kpdb_err_set(err, "cannot index a 'void *' in '%s'", expr);
		size = nptr ? 8 : dw_type_size(&pt);
		if (size <= 0)
			return kpdb_err_set(err, "'%s' points to a type of unknown size", tn);
		if (__builtin_mul_overflow(idx, size, &byte) || byte > MAX_OFF || byte < -MAX_OFF)
			return kpdb_err_set(err, "index %ld is too large in '%s'", idx, expr);
		return deref(c, v, byte, err);
	}
	if (!v->has_type || !dw_strip(&v->type, &s) || dwarf_tag(&s) != DW_TAG_array_type)
		return kpdb_err_set(err, "'%s' is not an array or a pointer (it is '%s') in '%s'",
				    v->member[0] ? v->member : "the value", tn, expr);
	int ndims = 0;
	Dwarf_Die sub;

	if (dwarf_child(&s, &sub) == 0) {
		do {
			ndims += dwarf_tag(&sub) == DW_TAG_subrange_type;
		} while (dwarf_siblingof(&sub, &sub) == 0);
	}
	if (ndims > 1)
		return kpdb_err_set(err, "multi-dimensional arrays are not supported ('%s')", tn);
	if (!dw_type_of(&s, &el) || (size = dw_type_size(&el)) <= 0)
		return kpdb_err_set(err, "'%s' has elements of unknown size", tn);
	if (v->kind != DW_V_MEM && v->kind != DW_V_ADDR)
		return kpdb_err_set(err, "an array held in a register cannot be indexed");
	if (__builtin_mul_overflow(idx, size, &byte) || __builtin_add_overflow(v->off, byte, &byte) ||
	    byte > MAX_OFF || byte < -MAX_OFF)
		return kpdb_err_set(err, "index %ld is too large in '%s'", idx, expr);
	v->kind = DW_V_MEM;
	v->off = byte;
	v->type = el;
	v->bit_size = 0;
	return 0;
}

/* --- the parser (evaluating as it goes) --- */

struct parser {
	struct dw_ctx *c;
	struct lexer lx;
	const char *expr;
	struct kpdb_err *err;
	int depth;
};

static int parse_unary(struct parser *ps, struct dw_val *v);

static bool type_word(const char *w)
{
	static const char *const words[] = {
		"struct", "union", "enum", "const", "volatile", "unsigned", "signed", "char",
		"short", "int", "long", "void", "_Bool", "float", "double", NULL,
	};

	for (int i = 0; words[i]; i++)
		if (!strcmp(w, words[i]))
			return true;
	return false;
}

/* After '(': is this a cast?  Peeks without consuming. */
static bool looks_like_cast(struct parser *ps)
{
	struct lexer save = ps->lx;
	Dwarf_Die d;
	bool cast;

	if (ps->lx.kind != T_IDENT || ps->lx.text[0] == '$')
		return false;
	if (type_word(ps->lx.text))
		return true;
	next(&ps->lx);
	cast = is_punct(&ps->lx, '*');
	if (!cast && is_punct(&ps->lx, ')')) {
		/* (x) is a parenthesized variable unless x only names a type */
		cast = dw_find_var(ps->c, save.text, &d, NULL) < 0 &&
		       dw_type_by_name(ps->c->dw, ps->c->have_cu ? &ps->c->cu : NULL, save.text,
				       &d, NULL) == 0;
	}
	ps->lx = save;
	return cast;
}

static int parse_cast(struct parser *ps, struct dw_val *v)
{
	char name[160] = "";
	int nptr = 0;
	Dwarf_Die t;
	bool is_void = false;

	while (ps->lx.kind == T_IDENT) {
		if (strcmp(ps->lx.text, "const") && strcmp(ps->lx.text, "volatile")) {
			size_t l = strlen(name);

			snprintf(name + l, sizeof(name) - l, "%s%s", l ? " " : "", ps->lx.text);
		}
		next(&ps->lx);
	}
	while (is_punct(&ps->lx, '*')) {
		nptr++;
		next(&ps->lx);
		while (ps->lx.kind == T_IDENT && (!strcmp(ps->lx.text, "const") ||
						  !strcmp(ps->lx.text, "volatile")))
			next(&ps->lx);
	}
	if (!is_punct(&ps->lx, ')'))
		return kpdb_err_set(ps->err, "bad cast in '%s': expected ')' after the type",
				    ps->expr);
	next(&ps->lx);
	if (!*name)
		return kpdb_err_set(ps->err, "missing type in the cast in '%s'", ps->expr);
	if (!strcmp(name, "void"))
		is_void = true;
	else if (dw_type_by_name(ps->c->dw, ps->c->have_cu ? &ps->c->cu : NULL, name, &t,
				 ps->err) < 0)
		return -1;
	if (is_void && !nptr)
		return kpdb_err_set(ps->err, "cannot cast to 'void' in '%s'", ps->expr);
	if (parse_unary(ps, v) < 0)
		return -1;
	if (v->kind == DW_V_VALUE && (v->off || v->fetch_hi[0]))
		return kpdb_err_set(ps->err, "cannot cast a part of a register in '%s'", ps->expr);
	/* a cast of an array object gives its address, as in C */
	if (v->kind == DW_V_MEM && !v->at_sym && v->has_type && !v->nptr) {
		Dwarf_Die s;

		if (dw_strip(&v->type, &s) && dwarf_tag(&s) == DW_TAG_array_type && nptr)
			v->kind = DW_V_ADDR;
	}
	v->has_type = !is_void;
	if (!is_void)
		v->type = t;
	v->nptr = nptr;
	v->bit_size = 0;
	return 0;
}

static int parse_primary(struct parser *ps, struct dw_val *v)
{
	struct dw_ctx *c = ps->c;
	Dwarf_Die var;

	if (is_punct(&ps->lx, '(')) {
		next(&ps->lx);
		if (looks_like_cast(ps))
			return parse_cast(ps, v);
		if (parse_unary(ps, v) < 0)
			return -1;
		if (!is_punct(&ps->lx, ')'))
			return kpdb_err_set(ps->err, "expected ')' in '%s'", ps->expr);
		next(&ps->lx);
		return 0;
	}
	if (ps->lx.kind != T_IDENT) {
		if (ps->lx.kind == T_END)
			return kpdb_err_set(ps->err, "unexpected end of '%s'", ps->expr);
		return kpdb_err_set(ps->err, "unexpected '%s' in '%s'", ps->lx.text, ps->expr);
	}
	if (!strcmp(ps->lx.text, "$retval")) {
		if (!c->retprobe)
			return kpdb_err_set(ps->err, "'$retval' is only known in a return probe");
		memset(v, 0, sizeof(*v));
		v->kind = DW_V_VALUE;
		strcpy(v->fetch, "$retval");
		v->has_type = c->have_fn && dw_type_of(&c->fn, &v->type);
		strcpy(v->member, "retval");
	} else if (ps->lx.text[0] == '$') {
		return kpdb_err_set(ps->err, "'%s' cannot be used in a C expression",
				    ps->lx.text);
	} else {
		if (dw_find_var(c, ps->lx.text, &var, ps->err) < 0)
			return -1;
		if (dw_var_value(c, &var, v, ps->err) < 0)
			return -1;
		snprintf(v->member, sizeof(v->member), "%s", ps->lx.text);
	}
	next(&ps->lx);
	return 0;
}

static int parse_postfix(struct parser *ps, struct dw_val *v)
{
	if (parse_primary(ps, v) < 0)
		return -1;
	for (;;) {
		if (ps->lx.kind == T_ARROW || is_punct(&ps->lx, '.')) {
			bool arrow = ps->lx.kind == T_ARROW;

			next(&ps->lx);
			if (ps->lx.kind != T_IDENT || ps->lx.text[0] == '$')
				return kpdb_err_set(ps->err, "expected a member name after '%s' in "
						    "'%s'", arrow ? "->" : ".", ps->expr);
			if (apply_member(ps->c, v, ps->lx.text, arrow, ps->expr, ps->err) < 0)
				return -1;
			next(&ps->lx);
		} else if (is_punct(&ps->lx, '[')) {
			next(&ps->lx);
			if (ps->lx.kind != T_NUM)
				return kpdb_err_set(ps->err, "an index must be a number in '%s'",
						    ps->expr);
			long idx = ps->lx.num;

			next(&ps->lx);
			if (!is_punct(&ps->lx, ']'))
				return kpdb_err_set(ps->err, "expected ']' in '%s'", ps->expr);
			next(&ps->lx);
			if (apply_index(ps->c, v, idx, ps->expr, ps->err) < 0)
				return -1;
		} else {
			return 0;
		}
	}
}

static int parse_unary(struct parser *ps, struct dw_val *v)
{
	if (++ps->depth > 32)
		return kpdb_err_set(ps->err, "'%s' is nested too deep", ps->expr);
	if (is_punct(&ps->lx, '*')) {
		Dwarf_Die s;
		char tn[256];

		next(&ps->lx);
		if (parse_unary(ps, v) < 0)
			return -1;
		if (v->has_type && !v->nptr && dw_strip(&v->type, &s) &&
		    dwarf_tag(&s) == DW_TAG_array_type)
			return apply_index(ps->c, v, 0, ps->expr, ps->err);
		if (!v_is_pointer(v, &s)) {
			v_typename(v, tn, sizeof(tn));
			return kpdb_err_set(ps->err, "cannot dereference '%s' of type '%s'",
					    v->member, tn);
		}
		if (!v->nptr && !dw_type_of(&s, &s))
			return kpdb_err_set(ps->err, "cannot dereference a 'void *' in '%s'",
					    ps->expr);
		return deref(ps->c, v, 0, ps->err);
	}
	if (is_punct(&ps->lx, '&')) {
		next(&ps->lx);
		if (parse_unary(ps, v) < 0)
			return -1;
		if (v->kind != DW_V_MEM || v->at_sym || v->bit_size)
			return kpdb_err_set(ps->err, "cannot take the address in '%s'", ps->expr);
		v->kind = DW_V_ADDR;
		v->nptr++;
		return 0;
	}
	return parse_postfix(ps, v);
}

int dw_eval(struct dw_ctx *c, const char *expr, struct dw_val *v, struct kpdb_err *err)
{
	struct parser ps = { .c = c, .expr = expr, .err = err };

	ps.lx.s = ps.lx.p = expr;
	next(&ps.lx);
	memset(v, 0, sizeof(*v));
	if (parse_unary(&ps, v) < 0)
		return -1;
	if (ps.lx.kind != T_END)
		return kpdb_err_set(err, "unexpected '%s' in '%s'", ps.lx.text, expr);
	return 0;
}
