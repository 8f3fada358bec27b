// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe-fetcharg.c - checks of raw kprobe fetchargs and fetch types, the way
 * the kernel's trace_probe.c parses them, and the fetch strings derived from
 * them (sub-fields of sockaddr and ipv6 arguments).
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "probe-spec.h"
#include "probe-spec-priv.h"

/* x86_64 regs_query_register_offset(): the names of struct pt_regs members. */
static const char *const x86_64_regs[] = {
	"ax", "bx", "cx", "dx", "si", "di", "bp", "sp", "ip", "flags", "cs", "ss",
	"orig_ax", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

static const char *const basic_types[] = {
	"u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64",
	"x8", "x16", "x32", "x64", "string", "ustring", "symbol", "symstr",
};

/* ---- raw fetchargs ----------------------------------------------------------- */

/* Index of the ')' closing the '(' at @open, or -1. */
long pspec_match_paren(const char *s, size_t open)
{
	int depth = 0;
	size_t i;

	for (i = open; s[i]; i++) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && --depth == 0)
			return (long)i;
	}
	return -1;
}

static bool register_valid(const char *r)
{
	size_t i;

	for (i = 0; i < sizeof(x86_64_regs) / sizeof(x86_64_regs[0]); i++)
		if (!strcmp(r, x86_64_regs[i]))
			return true;
	return false;
}

static int bad_register(const char *r, struct kpdb_err *err)
{
	if (!strcmp(r, "ds") || !strcmp(r, "es") || !strcmp(r, "fs") || !strcmp(r, "gs"))
		return kpdb_err_set(err, "register '%%%s' is only in 32-bit x86 pt_regs", r);
	if ((r[0] == 'r' || r[0] == 'e') && register_valid(r + 1))
		return kpdb_err_set(err, "unknown register '%%%s' (did you mean '%%%s'?)", r,
				    r + 1);
	return kpdb_err_set(err, "unknown register '%%%s' (x86_64: ax bx cx dx si di bp sp "
			    "r8-r15 ip flags cs ss orig_ax)", r);
}

/*
 * pspec_check_fetch - validate the raw fetcharg @s (NUL-terminated), appending a
 * readable name for it to @name.  Returns the kind, or -1 with @err set.
 */
int pspec_check_fetch(const char *s, int depth, bool retprobe, bool entry, struct sb *name,
		      struct kpdb_err *err)
{
	const char *p;
	long off;
	unsigned long v;

	switch (s[0]) {
	case '%':
		if (!register_valid(s + 1))
			return bad_register(s + 1, err);
		pspec_sb_add(name, "%s", s + 1);
		return F_REG;
	case '$':
		if (!strcmp(s, "$retval")) {
			if (!retprobe)
				return kpdb_err_set(err, "'$retval' needs a return probe (-r or "
						    "SYMBOL%%return)");
			pspec_sb_add(name, "retval");
			return F_RETVAL;
		}
		if (!strcmp(s, "$comm")) {
			pspec_sb_add(name, "comm");
			return F_COMM;
		}
		if (!strncmp(s, "$stack", 6)) {
			if (!s[6]) {
				pspec_sb_add(name, "stack");
				return F_STACK;
			}
			if (!pspec_all_digits(s + 6))
				return kpdb_err_set(err, "bad stack slot in '%s' (write $stack or "
						    "$stackN)", s);
			if (!pspec_parse_ulong(s + 6, strlen(s + 6), &v) || v > KPDB_STACK_MAX)
				return kpdb_err_set(err, "stack slot '%s' is past the kernel "
						    "stack (at most $stack%d)", s, KPDB_STACK_MAX);
			pspec_sb_add(name, "%s", s + 1);
			return F_STACK;
		}
		if (!strncmp(s, "$arg", 4)) {
			if (!pspec_all_digits(s + 4))
				return kpdb_err_set(err, "bad argument number in '%s' (write "
						    "$argN)", s);
			if (!pspec_parse_ulong(s + 4, strlen(s + 4), &v) || v == 0 ||
			    v > KPDB_STACK_MAX)
				return kpdb_err_set(err, "bad argument number in '%s' (they "
						    "count from $arg1)", s);
			if (!entry)
				return kpdb_err_set(err, "'%s' is only available at a function "
						    "entry", s);
			pspec_sb_add(name, "%s", s + 1);
			return F_ARG;
		}
		return kpdb_err_set(err, "unknown variable '%s' (known: $retval $comm $stack "
				    "$stackN $argN $params)", s);
	case '@':
		if (!s[1])
			return kpdb_err_set(err, "missing symbol or address after '@'");
		if (isdigit((unsigned char)s[1])) {
			if (!pspec_parse_ulong(s + 1, strlen(s + 1), &v))
				return kpdb_err_set(err, "bad address in '%s'", s);
			pspec_sb_add(name, "mem");
			return F_MEM;
		}
		if (s[1] == '+' || s[1] == '-')
			return kpdb_err_set(err, "file offsets ('%s') are for uprobes, not "
					    "kprobes", s);
		p = strpbrk(s + 1, "+-");
		if (!pspec_symbol_valid(s + 1, p ? (size_t)(p - s - 1) : strlen(s + 1)))
			return kpdb_err_set(err, "bad symbol name in '%s'", s);
		if (p && !pspec_parse_long(p + 1, strlen(p + 1), &off))
			return kpdb_err_set(err, "bad offset in '%s'", s);
		pspec_sb_add(name, "%.*s", (int)(p ? p - s - 1 : (long)strlen(s + 1)), s + 1);
		if (p)
			pspec_sb_add(name, "_%s%s", *p == '-' ? "m" : "", p + 1);
		return F_MEM;
	case '\\':
		if (s[1] == '"') {
			if (strlen(s) < 3 || s[strlen(s) - 1] != '"')
				return kpdb_err_set(err, "unterminated immediate string '%s'", s);
			/*
			 * The kernel splits a definition at white space before it
			 * parses it, and kprobe_events at newlines: a newline here
			 * would add a probe of its own, outside our group.
			 */
			for (p = s + 2; *p; p++)
				if ((unsigned char)*p <= ' ' || *p == 0x7f)
					return kpdb_err_set(err, "an immediate string cannot hold "
							    "%s (byte 0x%02x): the kernel splits "
							    "definitions at white space",
							    *p == ' ' ? "a space" :
							    "a control character",
							    (unsigned char)*p);
			pspec_sb_add(name, "imm");
			return F_IMMSTR;
		}
		p = s + 1;
		if (*p == '+' || *p == '-')
			p++;
		if (!pspec_parse_ulong(p, strlen(p), &v))
			return kpdb_err_set(err, "bad immediate value '%s'", s);
		pspec_sb_add(name, "imm");
		return F_IMM;
	case '+':
	case '-': {
		const char *num = s + 1, *open;
		long close;
		char *inner;
		int kind;

		if (*num == 'u')
			num++;
		open = strchr(num, '(');
		if (!open)
			return kpdb_err_set(err, "dereference '%s' needs '(FETCHARG)'", s);
		if (open == num)
			return kpdb_err_set(err, "missing offset in '%s'", s);
		if (!pspec_parse_long(num, (size_t)(open - num), &off) || off < 0)
			return kpdb_err_set(err, "bad offset '%.*s' in '%s'", (int)(open - num),
					    num, s);
		close = pspec_match_paren(s, (size_t)(open - s));
		if (close < 0)
			return kpdb_err_set(err, "unbalanced parentheses in '%s'", s);
		if (s[close + 1])
			return kpdb_err_set(err, "unexpected '%s' after ')' in '%s'",
					    s + close + 1, s);
		if (close == open - s + 1)
			return kpdb_err_set(err, "empty dereference in '%s'", s);
		if (depth == 0) {
			const char *q;
			int nest = 0;

			for (q = s; *q; q++)
				nest += *q == '(';
			if (nest > KPDB_DEREF_MAX)
				return kpdb_err_set(err, "'%s' nests dereferences too deeply (at "
						    "most %d)", s, KPDB_DEREF_MAX);
		}
		inner = strndup(open + 1, (size_t)(close - (open - s) - 1));
		if (!inner)
			return pspec_oom(err);
		if (inner[0] != '%' && inner[0] != '$' && inner[0] != '@' &&
		    inner[0] != '\\' && inner[0] != '+' && inner[0] != '-') {
			kpdb_err_set(err, "'%s' in '%s' is not a fetcharg (C expressions "
				     "cannot be mixed with raw fetchargs)", inner, s);
			free(inner);
			return -1;
		}
		kind = pspec_check_fetch(inner, depth + 1, retprobe, entry, name, err);
		if (kind == F_COMM || kind == F_IMMSTR) {
			kpdb_err_set(err, "'%s' cannot be dereferenced in '%s'", inner, s);
			kind = -1;
		}
		free(inner);
		if (kind < 0)
			return -1;
		pspec_sb_add(name, "_%s%.*s", s[0] == '-' ? "m" : "", (int)(open - num), num);
		return F_DEREF;
	}
	default:
		return kpdb_err_set(err, "'%s' is not a fetcharg", s);
	}
}

/* Light check of a C expression; the resolver gives the real diagnostics. */
int pspec_check_c_expr(const char *s, struct sb *name, struct kpdb_err *err)
{
	const char *last = NULL, *p;
	size_t lastlen = 0, i;
	int paren = 0, bracket = 0;

	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '(' || c == ')') {
			paren += c == '(' ? 1 : -1;
			if (paren < 0)
				break;
		} else if (c == '[' || c == ']') {
			bracket += c == '[' ? 1 : -1;
			if (bracket < 0)
				break;
		} else if (c == '-' && s[i + 1] == '>')
			i++;
		else if (is_ident_start(c) && (i == 0 || !is_ident_char((unsigned char)s[i - 1]))) {
			size_t n = 1;

			while (is_ident_char((unsigned char)s[i + n]))
				n++;
			if (!bracket) {
				last = s + i;
				lastlen = n;
			}
			i += n - 1;
		} else if (!isalnum(c) && c != '_' && c != '.' && c != '*' && c != ' ')
			return kpdb_err_set(err, "bad character '%c' in expression '%s'", c, s);
	}
	if (paren || bracket)
		return kpdb_err_set(err, "unbalanced %s in '%s'", paren ? "parentheses" :
				    "brackets", s);
	if (!last)
		return kpdb_err_set(err, "'%s' is not an expression", s);
	pspec_sb_add(name, "%.*s", (int)lastlen, last);
	/* p->arr[3][4] -> arr_3_4 */
	for (p = last + lastlen; *p == '['; ) {
		const char *q = strchr(p, ']');
		size_t n = (size_t)(q - p - 1);

		if (n && strspn(p + 1, "0123456789") == n)
			pspec_sb_add(name, "_%.*s", (int)n, p + 1);
		p = q + 1;
	}
	return 0;
}

/* ---- types -------------------------------------------------------------------- */

static bool basic_type(const char *t, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(basic_types) / sizeof(basic_types[0]); i++)
		if (strlen(basic_types[i]) == n && !strncmp(t, basic_types[i], n))
			return true;
	return false;
}

bool pspec_is_string_type(const char *t)
{
	return t && (!strcmp(t, "string") || !strcmp(t, "ustring"));
}

/* b<width>@<offset>/<container> */
static int check_bitfield(const char *t, struct kpdb_err *err)
{
	unsigned long w, o, c;
	const char *at = strchr(t, '@'), *slash = strchr(t, '/');

	if (!at || !slash || slash < at)
		return kpdb_err_set(err, "bitfield type '%s' needs "
				    "b<width>@<offset>/<8|16|32|64>", t);
	if (!pspec_parse_ulong(t + 1, (size_t)(at - t - 1), &w) ||
	    !pspec_parse_ulong(at + 1, (size_t)(slash - at - 1), &o) ||
	    !pspec_parse_ulong(slash + 1, strlen(slash + 1), &c))
		return kpdb_err_set(err, "bad number in bitfield type '%s'", t);
	if (c != 8 && c != 16 && c != 32 && c != 64)
		return kpdb_err_set(err, "bitfield container in '%s' must be 8, 16, 32 or 64",
				    t);
	if (w == 0)
		return kpdb_err_set(err, "bitfield width in '%s' must not be 0", t);
	if (w + o > c)
		return kpdb_err_set(err, "bitfield '%s' does not fit its %lu-bit container", t,
				    c);
	return 0;
}

int pspec_check_ktype(const char *t, struct kpdb_err *err)
{
	const char *br = strchr(t, '[');
	unsigned long n;

	if (t[0] == 'b' && isdigit((unsigned char)t[1]))
		return check_bitfield(t, err);
	if (!br) {
		if (strchr(t, ']'))
			return kpdb_err_set(err, "unexpected ']' in type '%s'", t);
		if (!basic_type(t, strlen(t)))
			return kpdb_err_set(err, "unknown type '%s'", t);
		return 0;
	}
	if (t[strlen(t) - 1] != ']')
		return kpdb_err_set(err, "missing ']' at the end of type '%s'", t);
	if (!basic_type(t, (size_t)(br - t)) || !strncmp(t, "symstr", 6))
		return kpdb_err_set(err, "unknown array element type '%.*s' in '%s'",
				    (int)(br - t), t, t);
	if (!pspec_parse_ulong(br + 1, strlen(br + 1) - 1, &n))
		return kpdb_err_set(err, "bad array length in type '%s'", t);
	if (n == 0 || n > KPDB_ARRAY_MAX)
		return kpdb_err_set(err, "array length in '%s' must be 1 to %d", t, KPDB_ARRAY_MAX);
	return 0;
}

bool kpdb_ktype_valid(const char *type)
{
	return type && *type && pspec_check_ktype(type, NULL) == 0;
}

/* ---- fetch strings ------------------------------------------------------------- */

bool kpdb_fetcharg_is_memory(const char *fetch)
{
	const char *p;
	long close;

	if (!fetch || (fetch[0] != '+' && fetch[0] != '-'))
		return false;
	p = strchr(fetch, '(');
	if (!p)
		return false;
	close = pspec_match_paren(fetch, (size_t)(p - fetch));
	return close > 0 && fetch[close + 1] == '\0';
}

/* "+4(%si)" -> user 0, offset 4, inner "%si". */
static bool split_deref(const char *f, bool *user, long *off, const char **inner, size_t *ilen)
{
	const char *num = f + 1, *open;

	if (!kpdb_fetcharg_is_memory(f))
		return false;
	*user = *num == 'u';
	if (*user)
		num++;
	open = strchr(num, '(');
	if (!pspec_parse_long(num, (size_t)(open - num), off))
		return false;
	if (f[0] == '-')
		*off = -*off;
	*inner = open + 1;
	*ilen = strlen(open + 1) - 1;
	return true;
}

/* The fetch of the object @off bytes into what @a designates, for sub-fields;
 * @array: the field is fetched as an array. */
char *pspec_field_fetch(const struct kpdb_arg *a, unsigned int off, bool array)
{
	/*
	 * Linux 6.1 refuses arrays read from user memory (+uN(...):x8[16]);
	 * x86_64 reads a user address with a plain dereference anyway, so an
	 * array field drops the 'u'.
	 */
	bool user = a->user && !array;
	struct sb b = { 0 };
	const char *inner;
	size_t ilen;
	bool u;
	long base;

	if (a->ptr) {
		pspec_sb_add(&b, "+%s%u(%s)", user ? "u" : "", off, a->fetch);
	} else if (split_deref(a->fetch, &u, &base, &inner, &ilen)) {
		long o = base + (long)off;

		pspec_sb_add(&b, "%c%s%ld(%.*s)", o < 0 ? '-' : '+',
			     (u && !array) || user ? "u" : "", o < 0 ? -o : o, (int)ilen, inner);
	} else if (a->fetch[0] == '@' && isdigit((unsigned char)a->fetch[1])) {
		pspec_sb_add(&b, "@0x%lx", strtoul(a->fetch + 1, NULL, 0) + off);
	} else if (a->fetch[0] == '@') {
		const char *p = strpbrk(a->fetch + 1, "+-");
		long o = (p ? strtol(p, NULL, 0) : 0) + (long)off;

		int symlen = (int)(p ? p - a->fetch : (long)strlen(a->fetch));

		pspec_sb_add(&b, "%.*s", symlen, a->fetch);
		if (o)
			pspec_sb_add(&b, "%+ld", o);
	} else {
		pspec_sb_add(&b, "+%s%u(%s)", user ? "u" : "", off, a->fetch);
	}
	return pspec_sb_take(&b);
}

