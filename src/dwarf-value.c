// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dwarf-value.c - `p` and `md`: C expressions over the kernel's globals,
 * evaluated to addresses in DWARF and to values in live memory (kcore.c).
 * A small recursive-descent parser: postfix . -> [], unary * & - sizeof,
 * casts, per_cpu(VAR, CPU).  Printing follows gdb: structs whole, char arrays
 * as strings, enums by name; memory that cannot be read prints
 * <unreadable 0xADDR> in place of the value, never an error.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dwarf.h>

#include "dwarf-priv.h"
#include "kallsyms.h"
#include "kcore.h"

#define MAX_DEPTH	6	/* nested aggregates printed before "{...}" */
#define MAX_ELEMS	200	/* array elements printed, as gdb's `print elements` */
#define MAX_STR		200
#define MAX_NEST	256	/* operators and parentheses nested in an expression */

struct ty {
	Dwarf_Die die;
	bool has;		/* false: void */
	int nptr;		/* extra pointer levels on top of die (casts, &) */
};

struct val {
	struct ty t;
	bool lval;		/* the object is in memory at addr */
	uint64_t addr;
	uint64_t ival;		/* an rvalue */
	int bit_size, bit_offset;
};

struct parser {
	const char *s;
	struct kpdb_dwarf *dw;
	struct kpdb_kcore *kc;
	const char *proc_dir;
	uint64_t slide;
	bool hex;
	int depth;		/* of unary(), which every nesting goes through */
	struct kpdb_err *err;
};

bool kpdb_dwarf_text_addr(struct kpdb_dwarf *dw, uint64_t *addr)
{
	*addr = dw->text_addr;
	return dw->have_text;
}

static int rd(struct parser *p, uint64_t addr, void *buf, size_t len)
{
	return p->kc ? kpdb_kcore_read(p->kc, addr, buf, len) : -1;
}

static void skip(struct parser *p)
{
	while (isspace((unsigned char)*p->s))
		p->s++;
}

static bool eat(struct parser *p, const char *tok)
{
	size_t l = strlen(tok);

	skip(p);
	if (strncmp(p->s, tok, l))
		return false;
	if (isalpha((unsigned char)tok[0]) && (isalnum((unsigned char)p->s[l]) || p->s[l] == '_'))
		return false;
	p->s += l;
	return true;
}

static bool ident(struct parser *p, char *buf, size_t len)
{
	size_t n = 0;

	skip(p);
	if (!isalpha((unsigned char)*p->s) && *p->s != '_')
		return false;
	while (isalnum((unsigned char)p->s[n]) || p->s[n] == '_')
		n++;
	if (n >= len)
		return false;
	memcpy(buf, p->s, n);
	buf[n] = '\0';
	p->s += n;
	return true;
}

/* --- types --- */

static bool strip(const struct ty *t, Dwarf_Die *out)
{
	Dwarf_Die d = t->die;

	if (!t->has || t->nptr)
		return false;
	return dw_strip(&d, out);
}

static int tag_of(const struct ty *t)
{
	Dwarf_Die d;

	if (t->nptr)
		return DW_TAG_pointer_type;
	if (!strip(t, &d))
		return 0;
	return dwarf_tag(&d);
}

static long ty_size(const struct ty *t)
{
	Dwarf_Die d = t->die;

	if (t->nptr)
		return 8;
	if (!t->has)
		return 1;	/* void, as gcc's arithmetic on void * */
	return dw_type_size(&d);
}

static void ty_name(const struct ty *t, char *buf, size_t len)
{
	Dwarf_Die d = t->die;
	size_t n;

	dw_type_name(t->has ? &d : NULL, buf, len);
	for (int i = 0; i < t->nptr; i++) {
		n = strlen(buf);
		snprintf(buf + n, len - n, "%s*", n && buf[n - 1] == '*' ? "" : " ");
	}
}

/* The pointed-to type of a pointer or the element type of an array. */
static bool target(const struct ty *t, struct ty *out)
{
	Dwarf_Die d;

	if (t->nptr) {
		*out = *t;
		out->nptr--;
		return true;
	}
	if (!strip(t, &d))
		return false;
	if (dwarf_tag(&d) != DW_TAG_pointer_type && dwarf_tag(&d) != DW_TAG_array_type)
		return false;
	out->nptr = 0;
	out->has = dw_type_of(&d, &out->die);
	return true;
}

static long array_len(const struct ty *t)
{
	Dwarf_Die d, sub;
	Dwarf_Attribute a;
	Dwarf_Word w;

	if (!strip(t, &d) || dwarf_tag(&d) != DW_TAG_array_type || dwarf_child(&d, &sub))
		return -1;
	if (dwarf_attr(&sub, DW_AT_count, &a) && !dwarf_formudata(&a, &w))
		return (long)w;
	if (dwarf_attr(&sub, DW_AT_upper_bound, &a) && !dwarf_formudata(&a, &w))
		return (long)w + 1;
	return 0;
}

static int parse_type_name(struct parser *p, struct ty *t)
{
	static const struct { const char *c, *dwarf; } base[] = {
		{ "unsigned long long", "long long unsigned int" },
		{ "long long", "long long int" },
		{ "unsigned long", "long unsigned int" }, { "long", "long int" },
		{ "unsigned short", "short unsigned int" }, { "short", "short int" },
		{ "unsigned char", "unsigned char" }, { "unsigned", "unsigned int" },
		{ "_Bool", "_Bool" }, { "bool", "_Bool" },
	};
	char name[256] = "", w[128];
	const char *name_for = name;

	while (ident(p, w, sizeof(w))) {
		if (!strcmp(w, "const") || !strcmp(w, "volatile"))
			continue;
		if (strlen(name) + strlen(w) + 2 >= sizeof(name))
			return kpdb_err_set(p->err, "type name too long");
		if (*name)
			strcat(name, " ");
		strcat(name, w);
		if (strcmp(w, "struct") && strcmp(w, "union") && strcmp(w, "enum") &&
		    strcmp(w, "unsigned") && strcmp(w, "signed") && strcmp(w, "long") &&
		    strcmp(w, "short"))
			break;
	}
	if (!strncmp(name, "unsigned long long", 18) || !strncmp(name, "long long", 9) ||
	    !strncmp(name, "unsigned long", 13) || !strncmp(name, "long", 4) ||
	    !strncmp(name, "unsigned", 8) || !strncmp(name, "short", 5) ||
	    !strncmp(name, "unsigned short", 14) || !strcmp(name, "bool")) {
		/* "unsigned long int" and "unsigned long" are one type */
		char *int_word = strstr(name, " int");

		if (int_word && !int_word[4])
			*int_word = '\0';
		for (size_t i = 0; i < sizeof(base) / sizeof(base[0]); i++)
			if (!strcmp(name, base[i].c)) {
				name_for = base[i].dwarf;
				break;
			}
	}
	memset(t, 0, sizeof(*t));
	if (!strcmp(name, "void")) {
		t->has = false;
	} else {
		if (dw_type_by_name(p->dw, NULL, name_for, &t->die, p->err) < 0)
			return -1;
		t->has = true;
	}
	while (eat(p, "*"))
		t->nptr++;
	return 0;
}

/* After '(' : does a type name start here? */
static bool type_starts(struct parser *p)
{
	static const char *const kw[] = { "struct", "union", "enum", "unsigned", "signed",
		"const", "volatile", "void", "char", "short", "int", "long", "_Bool", "bool" };
	const char *save = p->s;
	char w[128];
	size_t n;
	bool yes = false;

	if (!ident(p, w, sizeof(w)))
		return false;
	for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (!strcmp(w, kw[i]))
			yes = true;
	if (!yes && dw_index_ready(p->dw, p->err) == 0 &&
	    !dw_index_find(p->dw, DW_K_VAR, w, &n) &&
	    (dw_index_find(p->dw, DW_K_TYPEDEF, w, &n) || dw_index_find(p->dw, DW_K_BASE, w, &n)))
		yes = true;
	p->s = save;
	return yes;
}

/* --- values --- */

static int load_scalar(struct parser *p, const struct val *v, uint64_t *out, bool *ok)
{
	long size = ty_size(&v->t);
	uint64_t x = 0;
	Dwarf_Die d;

	*ok = true;
	if (!v->lval) {
		*out = v->ival;
		return 0;
	}
	if (size <= 0 || size > 8)
		return kpdb_err_set(p->err, "not a scalar");
	if (rd(p, v->addr, &x, size) < 0) {
		*ok = false;
		return 0;
	}
	if (v->bit_size) {
		x >>= v->bit_offset;
		x &= v->bit_size >= 64 ? ~0ULL : (1ULL << v->bit_size) - 1;
	} else if (strip(&v->t, &d) && dw_is_signed(&d) && size < 8 &&
		   (x >> (size * 8 - 1) & 1)) {
		x |= ~0ULL << (size * 8);
	}
	*out = x;
	return 0;
}

/*
 * A data symbol of the image's own symbol table, for names with no DWARF
 * variable (jiffies is a linker alias of jiffies_64): the image knows it,
 * where kallsyms would cost a read of /proc/kallsyms per `p` (half a
 * second in the test VM).  The last few answers are kept: `p jiffies` is
 * asked again and again.
 */
static bool elf_object(struct kpdb_dwarf *dw, const char *name, uint64_t *addr)
{
	static struct {
		const struct kpdb_dwarf *dw;
		char name[64];
		uint64_t addr;
		bool found;
	} seen[8];
	static unsigned int next;
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	bool found = false;

	for (size_t i = 0; i < sizeof(seen) / sizeof(seen[0]); i++)
		if (seen[i].dw == dw && !strcmp(seen[i].name, name)) {
			*addr = seen[i].addr;
			return seen[i].found;
		}
	while (!found && (scn = elf_nextscn(dw->elf, scn))) {
		Elf_Data *data, *strs;
		size_t n, len = strlen(name) + 1;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB ||
		    !(data = elf_getdata(scn, NULL)) ||
		    !(strs = elf_getdata(elf_getscn(dw->elf, sh.sh_link), NULL)))
			continue;
		n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
		for (size_t i = 0; i < n; i++) {
			GElf_Sym sym;
			int type;

			/* the names straight from the string table: elf_strptr() costs 4x */
			if (!gelf_getsym(data, (int)i, &sym) || sym.st_shndx == SHN_UNDEF ||
			    sym.st_name >= strs->d_size || strs->d_size - sym.st_name < len ||
			    memcmp((const char *)strs->d_buf + sym.st_name, name, len))
				continue;
			type = GELF_ST_TYPE(sym.st_info);
			if (type != STT_OBJECT && type != STT_NOTYPE)
				continue;
			*addr = sym.st_value;
			found = true;
			break;
		}
	}
	if (strlen(name) < sizeof(seen[0].name)) {
		unsigned int k = next++ % (sizeof(seen) / sizeof(seen[0]));

		seen[k].dw = dw;
		strcpy(seen[k].name, name);
		seen[k].addr = found ? *addr : 0;
		seen[k].found = found;
	}
	return found;
}

static int var_by_name(struct parser *p, const char *name, struct val *v)
{
	const struct dw_idx_ent *e;
	Dwarf_Attribute a;
	Dwarf_Op *ops;
	size_t n, nops;
	Dwarf_Die die;
	uint64_t addr;

	memset(v, 0, sizeof(*v));
	if (dw_index_ready(p->dw, p->err) < 0)
		return -1;
	e = dw_index_find(p->dw, DW_K_VAR, name, &n);
	for (size_t i = 0; e && i < n; i++) {
		if (!dwarf_offdie(p->dw->dw, e[i].die, &die) ||
		    !dwarf_attr(&die, DW_AT_location, &a) ||
		    dwarf_getlocation(&a, &ops, &nops) || nops != 1 || ops[0].atom != DW_OP_addr)
			continue;
		addr = ops[0].number;
		v->lval = true;
		/* per-CPU variables are offsets in their section: KASLR does not move them */
		v->addr = addr >= 0xffffffff80000000ULL ? addr + p->slide : addr;
		v->t.has = dw_type_of(&die, &v->t.die);
		return 0;
	}
	{
		struct dw_sym *fs;

		if (dw_syms_named(p->dw, name, &fs, 1) > 0)
			return kpdb_err_set(p->err, "'%s' is a function, not a variable: 'info args "
					    "%s' shows it, 'bp %s' probes it", name, name, name);
	}
	/*
	 * a symbol with no DWARF variable (jiffies is a linker alias), as a long:
	 * the image's symbol table, else kallsyms
	 */
	if (elf_object(p->dw, name, &addr)) {
		v->lval = true;
		v->addr = addr >= 0xffffffff80000000ULL ? addr + p->slide : addr;
		if (dw_type_by_name(p->dw, NULL, "long unsigned int", &v->t.die, p->err) < 0)
			return -1;
		v->t.has = true;
		return 0;
	}
	if (kpdb_kallsyms_addr(p->proc_dir, name, &addr) == 0 && addr) {
		v->lval = true;
		v->addr = addr;
		if (dw_type_by_name(p->dw, NULL, "long unsigned int", &v->t.die, p->err) < 0)
			return -1;
		v->t.has = true;
		return 0;
	}
	return kpdb_err_set(p->err, "no symbol '%s' in the debug info", name);
}

static int expr(struct parser *p, struct val *v);
static int unary(struct parser *p, struct val *v);

static int to_int(struct parser *p, struct val *v, uint64_t *out)
{
	bool ok;
	int tag = tag_of(&v->t);

	if (v->lval && tag == DW_TAG_array_type) {
		*out = v->addr;
		return 0;
	}
	if (load_scalar(p, v, out, &ok) < 0)
		return -1;
	if (!ok)
		return kpdb_err_set(p->err, "cannot read memory at 0x%" PRIx64, v->addr);
	return 0;
}

static int deref(struct parser *p, struct val *v)
{
	struct ty t;
	uint64_t a;

	if (!target(&v->t, &t))
		return kpdb_err_set(p->err, "attempt to take contents of a non-pointer value");
	if (to_int(p, v, &a) < 0)
		return -1;
	memset(v, 0, sizeof(*v));
	v->t = t;
	v->lval = true;
	v->addr = a;
	return 0;
}

static int member(struct parser *p, struct val *v, const char *name)
{
	struct dw_member m;
	Dwarf_Die d;
	char path[256];

	if (!strip(&v->t, &d) ||
	    (dwarf_tag(&d) != DW_TAG_structure_type && dwarf_tag(&d) != DW_TAG_union_type))
		return kpdb_err_set(p->err, "'%s': not a struct or union", name);
	if (dw_find_member_kernel(&d, name, &m, path, sizeof(path)) < 0)
		return kpdb_err_set(p->err, "no member '%s' in %s", name,
				    dwarf_diename(&d) ? dwarf_diename(&d) : "the type");
	if (!v->lval)
		return kpdb_err_set(p->err, "'%s': the object is not in memory", name);
	v->addr += m.offset;
	v->t.die = m.type;
	v->t.has = true;
	v->t.nptr = 0;
	v->bit_size = m.bit_size;
	v->bit_offset = m.bit_offset;
	return 0;
}

static int primary(struct parser *p, struct val *v)
{
	char name[256];

	skip(p);
	memset(v, 0, sizeof(*v));
	if (isdigit((unsigned char)*p->s)) {
		char *end;

		errno = 0;
		v->ival = strtoull(p->s, &end, 0);
		if (errno == ERANGE)
			return kpdb_err_set(p->err, "number too large at '%.*s'", (int)(end - p->s),
					    p->s);
		p->s = end;
		while (*p->s == 'u' || *p->s == 'U' || *p->s == 'l' || *p->s == 'L')
			p->s++;
		return dw_type_by_name(p->dw, NULL, "long unsigned int", &v->t.die, p->err) < 0 ?
			-1 : (v->t.has = true, 0);
	}
	if (eat(p, "(")) {
		if (expr(p, v) < 0)
			return -1;
		return eat(p, ")") ? 0 : kpdb_err_set(p->err, "missing ')'");
	}
	if (!ident(p, name, sizeof(name)))
		return kpdb_err_set(p->err, "syntax error at '%s'", p->s);
	if (!strcmp(name, "per_cpu") && eat(p, "(")) {
		struct val cpu, off;
		uint64_t c, o;

		if (expr(p, v) < 0)
			return -1;
		if (!eat(p, ","))
			return kpdb_err_set(p->err, "usage: per_cpu(VARIABLE, CPU)");
		if (expr(p, &cpu) < 0 || to_int(p, &cpu, &c) < 0)
			return -1;
		if (!eat(p, ")"))
			return kpdb_err_set(p->err, "missing ')'");
		if (!v->lval)
			return kpdb_err_set(p->err, "per_cpu: the first argument is not a variable");
		if (var_by_name(p, "__per_cpu_offset", &off) < 0)
			return -1;
		if (rd(p, off.addr + c * 8, &o, 8) < 0)
			return kpdb_err_set(p->err, "cannot read __per_cpu_offset[%" PRIu64 "]", c);
		v->addr += o;
		return 0;
	}
	return var_by_name(p, name, v);
}

static int postfix(struct parser *p, struct val *v)
{
	char name[256];

	if (primary(p, v) < 0)
		return -1;
	for (;;) {
		if (eat(p, "->")) {
			if (deref(p, v) < 0)
				return -1;
			if (!ident(p, name, sizeof(name)))
				return kpdb_err_set(p->err, "a member name must follow '->'");
			if (member(p, v, name) < 0)
				return -1;
		} else if (eat(p, ".")) {
			if (!ident(p, name, sizeof(name)))
				return kpdb_err_set(p->err, "a member name must follow '.'");
			if (member(p, v, name) < 0)
				return -1;
		} else if (eat(p, "[")) {
			struct val ix;
			struct ty el;
			uint64_t i, base;

			if (expr(p, &ix) < 0 || to_int(p, &ix, &i) < 0)
				return -1;
			if (!eat(p, "]"))
				return kpdb_err_set(p->err, "missing ']'");
			if (!target(&v->t, &el))
				return kpdb_err_set(p->err, "cannot subscript something that is not "
						    "an array or a pointer");
			if (to_int(p, v, &base) < 0)
				return -1;
			memset(v, 0, sizeof(*v));
			v->t = el;
			v->lval = true;
			v->addr = base + i * ty_size(&el);
		} else {
			return 0;
		}
	}
}

static int unary_op(struct parser *p, struct val *v)
{
	if (eat(p, "*"))
		return unary(p, v) < 0 ? -1 : deref(p, v);
	if (eat(p, "&")) {
		if (unary(p, v) < 0)
			return -1;
		if (!v->lval || v->bit_size)
			return kpdb_err_set(p->err, "attempt to take the address of a value not "
					    "in memory");
		v->lval = false;
		v->ival = v->addr;
		v->t.nptr++;
		return 0;
	}
	if (eat(p, "-")) {
		uint64_t x;

		if (unary(p, v) < 0 || to_int(p, v, &x) < 0)
			return -1;
		v->lval = false;
		v->ival = -x;
		return 0;
	}
	if (eat(p, "sizeof")) {
		const char *save = p->s;
		struct ty t;

		if (eat(p, "(") && type_starts(p)) {
			if (parse_type_name(p, &t) < 0)
				return -1;
			if (!eat(p, ")"))
				return kpdb_err_set(p->err, "missing ')'");
		} else {
			p->s = save;
			if (unary(p, v) < 0)
				return -1;
			t = v->t;
		}
		memset(v, 0, sizeof(*v));
		v->ival = ty_size(&t);
		return dw_type_by_name(p->dw, NULL, "long unsigned int", &v->t.die, p->err) < 0 ?
			-1 : (v->t.has = true, 0);
	}
	{
		const char *save = p->s;

		if (eat(p, "(") && type_starts(p)) {
			struct ty t;
			uint64_t x;

			if (parse_type_name(p, &t) < 0)
				return -1;
			if (!eat(p, ")"))
				return kpdb_err_set(p->err, "missing ')'");
			if (unary(p, v) < 0)
				return -1;
			if (t.nptr || tag_of(&t) == DW_TAG_pointer_type || tag_of(&t) ==
			    DW_TAG_base_type || tag_of(&t) == DW_TAG_enumeration_type) {
				if (to_int(p, v, &x) < 0)
					return -1;
				memset(v, 0, sizeof(*v));
				v->ival = x;
			}
			/* (struct T)obj reinterprets the object in place */
			v->t = t;
			return 0;
		}
		p->s = save;
	}
	return postfix(p, v);
}

/* The stack is the limit of a recursive descent: "((((...", "----..." stop here. */
static int unary(struct parser *p, struct val *v)
{
	int ret;

	if (p->depth >= MAX_NEST)
		return kpdb_err_set(p->err, "expression nested too deeply (over %d levels)",
				    MAX_NEST);
	p->depth++;
	ret = unary_op(p, v);
	p->depth--;
	return ret;
}

/* + and - of integers and of pointers (scaled, as C does) */
static int expr(struct parser *p, struct val *v)
{
	if (unary(p, v) < 0)
		return -1;
	for (;;) {
		int sign = eat(p, "+") ? 1 : eat(p, "-") ? -1 : 0;
		struct val r;
		struct ty el;
		uint64_t a, b;
		long scale = 1;

		if (!sign)
			return 0;
		if (unary(p, &r) < 0 || to_int(p, v, &a) < 0 || to_int(p, &r, &b) < 0)
			return -1;
		if (target(&v->t, &el)) {
			scale = ty_size(&el);
			if (tag_of(&v->t) == DW_TAG_array_type) {
				v->t = el;
				v->t.nptr++;
			}
		}
		v->lval = false;
		v->bit_size = 0;
		/* addresses wrap as the machine's do; signed arithmetic would overflow */
		v->ival = sign > 0 ? a + b * (uint64_t)scale : a - b * (uint64_t)scale;
	}
}

/* --- printing --- */

static void print_str(FILE *f, const char *s, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n && s[i]; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\%03o", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void print_val(struct parser *p, FILE *f, struct val *v, int depth);

static void print_enum(FILE *f, Dwarf_Die *d, uint64_t x, bool hex)
{
	Dwarf_Die c;
	Dwarf_Attribute a;
	Dwarf_Sword sv;

	if (!hex && dwarf_child(d, &c) == 0)
		do {
			if (dwarf_tag(&c) == DW_TAG_enumerator &&
			    dwarf_attr(&c, DW_AT_const_value, &a) && !dwarf_formsdata(&a, &sv) &&
			    (uint64_t)sv == x) {
				fputs(dwarf_diename(&c), f);
				return;
			}
		} while (dwarf_siblingof(&c, &c) == 0);
	fprintf(f, hex ? "0x%" PRIx64 : "%" PRId64, x);
}

static void print_ptr(struct parser *p, FILE *f, struct val *v, uint64_t x)
{
	struct ty t;
	Dwarf_Die d;
	struct dw_sym *s;

	fprintf(f, "0x%" PRIx64, x);
	if (!x || !target(&v->t, &t))
		return;
	if (!t.nptr && strip(&t, &d) && dw_is_char(&d)) {
		char buf[MAX_STR + 1] = "";
		size_t n = 0;

		while (n < MAX_STR && rd(p, x + n, buf + n, 1) == 0 && buf[n])
			n++;
		if (n == 0 && rd(p, x, buf, 1) < 0) {
			fprintf(f, " <unreadable 0x%" PRIx64 ">", x);
			return;
		}
		fputc(' ', f);
		print_str(f, buf, n);
		return;
	}
	if (!t.nptr && strip(&t, &d) && dwarf_tag(&d) == DW_TAG_subroutine_type &&
	    (s = dw_sym_at(p->dw, x - p->slide)))
		fprintf(f, " <%s>", s->name);
}

static void print_agg(struct parser *p, FILE *f, struct val *v, Dwarf_Die *d, int depth)
{
	Dwarf_Die m;
	bool first = true;

	if (depth >= MAX_DEPTH) {
		fputs("{...}", f);
		return;
	}
	fputc('{', f);
	if (dwarf_child(d, &m) == 0)
		do {
			struct val mv = *v;
			long off;
			int bs, bo, cont;

			if (dwarf_tag(&m) != DW_TAG_member ||
			    dw_member_layout(&m, &off, &bs, &bo, &cont) < 0)
				continue;
			fputs(first ? "" : ", ", f);
			first = false;
			if (dwarf_diename(&m))
				fprintf(f, "%s = ", dwarf_diename(&m));
			mv.addr = v->addr + off;
			mv.t.has = dw_type_of(&m, &mv.t.die);
			mv.t.nptr = 0;
			mv.bit_size = bs;
			mv.bit_offset = bo;
			print_val(p, f, &mv, depth + 1);
		} while (dwarf_siblingof(&m, &m) == 0);
	fputc('}', f);
}

static void print_array(struct parser *p, FILE *f, struct val *v, int depth)
{
	long n = array_len(&v->t), sz;
	struct ty el;
	Dwarf_Die d;

	if (!target(&v->t, &el))
		return;
	sz = ty_size(&el);
	if (!el.nptr && strip(&el, &d) && dw_is_char(&d) && n > 0) {
		char *buf = malloc(n);

		if (!buf || rd(p, v->addr, buf, n) < 0)
			fprintf(f, "<unreadable 0x%" PRIx64 ">", v->addr);
		else
			print_str(f, buf, n);
		free(buf);
		return;
	}
	fputc('{', f);
	for (long i = 0; i < n && i < MAX_ELEMS; i++) {
		struct val e = { .t = el, .lval = true, .addr = v->addr + i * sz };

		fputs(i ? ", " : "", f);
		print_val(p, f, &e, depth + 1);
	}
	if (n > MAX_ELEMS)
		fputs("...", f);
	fputc('}', f);
}

static void print_val(struct parser *p, FILE *f, struct val *v, int depth)
{
	int tag = tag_of(&v->t);
	Dwarf_Die d;
	uint64_t x;
	bool ok;

	if (tag == DW_TAG_structure_type || tag == DW_TAG_union_type) {
		char probe;

		strip(&v->t, &d);
		if (rd(p, v->addr, &probe, 1) < 0)
			fprintf(f, "<unreadable 0x%" PRIx64 ">", v->addr);
		else
			print_agg(p, f, v, &d, depth);
		return;
	}
	if (tag == DW_TAG_array_type) {
		print_array(p, f, v, depth);
		return;
	}
	if (tag == DW_TAG_subroutine_type) {
		fprintf(f, "{function} 0x%" PRIx64, v->addr);
		return;
	}
	if (!v->t.has && !v->t.nptr) {
		fputs("void", f);
		return;
	}
	if (ty_size(&v->t) > 8 && !v->bit_size) {
		/* __int128: gdb prints it in hex when it cannot in decimal */
		uint64_t w[2];

		if (ty_size(&v->t) != 16 || rd(p, v->addr, w, 16) < 0)
			fprintf(f, "<unreadable 0x%" PRIx64 ">", v->addr);
		else
			fprintf(f, "0x%016" PRIx64 "%016" PRIx64, w[1], w[0]);
		return;
	}
	if (load_scalar(p, v, &x, &ok) < 0 || !ok) {
		fprintf(f, "<unreadable 0x%" PRIx64 ">", v->addr);
		return;
	}
	if (tag == DW_TAG_pointer_type) {
		print_ptr(p, f, v, x);
		return;
	}
	strip(&v->t, &d);
	if (tag == DW_TAG_enumeration_type) {
		print_enum(f, &d, x, p->hex);
		return;
	}
	if (p->hex) {
		long sz = ty_size(&v->t);

		if (sz > 0 && sz < 8)
			x &= (1ULL << (sz * 8)) - 1;
		fprintf(f, "0x%" PRIx64, x);
		return;
	}
	{
		Dwarf_Attribute a;
		Dwarf_Word enc = 0;

		if (dwarf_attr(&d, DW_AT_encoding, &a))
			dwarf_formudata(&a, &enc);
		if (enc == DW_ATE_boolean)
			fputs(x ? "true" : "false", f);
		else if (dw_is_char(&d)) {
			fprintf(f, "%d ", dw_is_signed(&d) ? (int)(int64_t)x : (int)x);
			if (x >= 0x20 && x < 0x7f)
				fprintf(f, "'%c'", (int)x);
			else
				fprintf(f, "'\\%03o'", (unsigned int)(x & 0xff));
		} else if (dw_is_signed(&d))
			fprintf(f, "%" PRId64, (int64_t)x);
		else
			fprintf(f, "%" PRIu64, x);
	}
}

int kpdb_value_eval(struct kpdb_dwarf *dw, struct kpdb_kcore *kc, const char *proc_dir,
		    const char *text, const struct kpdb_print_opts *opts, struct kpdb_value *out,
		    struct kpdb_err *err)
{
	struct parser p = { .s = text, .dw = dw, .kc = kc, .proc_dir = proc_dir,
			    .slide = opts->slide, .hex = opts->hex, .err = err };
	struct val v;
	size_t len;
	FILE *f;
	int tag;

	memset(out, 0, sizeof(*out));
	if (dw->from_btf)
		return kpdb_err_set(err, "p needs the kernel's DWARF (variables' addresses); BTF "
				    "has none: install the kernel's debug package");
	if (expr(&p, &v) < 0)
		return -1;
	skip(&p);
	if (*p.s)
		return kpdb_err_set(err, "syntax error at '%s'", p.s);
	ty_name(&v.t, out->type, sizeof(out->type));
	out->has_addr = v.lval;
	out->addr = v.addr;
	tag = tag_of(&v.t);
	out->scalar = tag != DW_TAG_structure_type && tag != DW_TAG_union_type &&
		      tag != DW_TAG_array_type;
	if (out->scalar) {
		bool ok = true;

		if (load_scalar(&p, &v, &out->ival, &ok) < 0)
			return -1;
	} else {
		out->ival = v.addr;
	}
	f = open_memstream(&out->text, &len);
	if (!f)
		return kpdb_err_set(err, "out of memory");
	if (tag == DW_TAG_pointer_type)
		fprintf(f, "(%s) ", out->type);
	print_val(&p, f, &v, 0);
	fclose(f);
	return 0;
}

void kpdb_value_free(struct kpdb_value *v)
{
	free(v->text);
	v->text = NULL;
}

bool kpdb_dwarf_names_function(struct kpdb_dwarf *dw, const char *name)
{
	struct kpdb_err err = { 0 };
	struct dw_sym *s;
	size_t n;

	if (dw_index_ready(dw, &err) == 0 && dw_index_find(dw, DW_K_VAR, name, &n))
		return false;
	return dw_syms_named(dw, name, &s, 1) > 0 ||
	       (dw->idx_ready && dw_index_find(dw, DW_K_FUNC, name, &n));
}
