// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fetcharg.c - the probe argument parser of the fake tracefs, following
 * kernel 6.1's traceprobe_parse_probe_arg() and parse_probe_arg() step by
 * step (same checks, same order, same error_log text and caret position).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faketfs.h"
#include "probe.h"

static const char *const tp_text[] = {
	[E_MAXACT_NO_KPROBE] = "Maxactive is not for kprobe",
	[E_BAD_MAXACT] = "Invalid maxactive number",
	[E_MAXACT_TOO_BIG] = "Maxactive is too big",
	[E_BAD_PROBE_ADDR] = "Invalid probed address or symbol",
	[E_NON_UNIQ_SYMBOL] = "The symbol is not unique",
	[E_BAD_RETPROBE] = "Retprobe address must be an function entry",
	[E_BAD_ADDR_SUFFIX] = "Invalid probed address suffix",
	[E_NO_GROUP_NAME] = "Group name is not specified",
	[E_GROUP_TOO_LONG] = "Group name is too long",
	[E_BAD_GROUP_NAME] = "Group name must follow the same rules as C identifiers",
	[E_NO_EVENT_NAME] = "Event name is not specified",
	[E_EVENT_TOO_LONG] = "Event name is too long",
	[E_BAD_EVENT_NAME] = "Event name must follow the same rules as C identifiers",
	[E_RETVAL_ON_PROBE] = "$retval is not available on probe",
	[E_BAD_STACK_NUM] = "Invalid stack number",
	[E_BAD_ARG_NUM] = "Invalid argument number",
	[E_BAD_VAR] = "Invalid $-valiable specified",
	[E_BAD_REG_NAME] = "Invalid register name",
	[E_BAD_MEM_ADDR] = "Invalid memory address",
	[E_BAD_IMM] = "Invalid immediate value",
	[E_IMMSTR_NO_CLOSE] = "String is not closed with '\"'",
	[E_FILE_ON_KPROBE] = "File offset is not available with kprobe",
	[E_TOO_MANY_OPS] = "Dereference is too much nested",
	[E_DEREF_NEED_BRACE] = "Dereference needs a brace",
	[E_BAD_DEREF_OFFS] = "Invalid dereference offset",
	[E_DEREF_OPEN_BRACE] = "Dereference brace is not closed",
	[E_COMM_CANT_DEREF] = "$comm can not be dereferenced",
	[E_BAD_FETCH_ARG] = "Invalid fetch argument",
	[E_ARRAY_NO_CLOSE] = "Array is not closed",
	[E_BAD_ARRAY_SUFFIX] = "Array has wrong suffix",
	[E_BAD_ARRAY_NUM] = "Invalid array size",
	[E_ARRAY_TOO_BIG] = "Array number is too big",
	[E_BAD_TYPE] = "Unknown type is specified",
	[E_BAD_STRING] = "String accepts only memory argument",
	[E_BAD_BITFIELD] = "Invalid bitfield",
	[E_ARG_NAME_TOO_LONG] = "Argument name is too long",
	[E_NO_ARG_NAME] = "Argument name is not specified",
	[E_BAD_ARG_NAME] = "Argument name must follow the same rules as C identifiers",
	[E_USED_ARG_NAME] = "This argument name is already used",
	[E_ARG_TOO_LONG] = "Argument expression is too long",
	[E_NO_ARG_BODY] = "No argument expression",
	[E_BAD_INSN_BNDRY] = "Probe point is not an instruction boundary",
	[E_FAIL_REG_PROBE] = "Failed to register probe event",
	[E_DIFF_PROBE_TYPE] = "Probe type is different from existing probe",
	[E_DIFF_ARG_TYPE] = "Argument type or name is different from existing probe",
	[E_SAME_PROBE] = "There is already the exact same probe event",
};

static const struct fk_type types[] = {
	{ "string", 4, 1, "\\\"%s\\\"", "__data_loc char[]" },
	{ "ustring", 4, 1, "\\\"%s\\\"", "__data_loc char[]" },
	{ "u8", 1, 0, "%u", "u8" },
	{ "u16", 2, 0, "%u", "u16" },
	{ "u32", 4, 0, "%u", "u32" },
	{ "u64", 8, 0, "%Lu", "u64" },
	{ "s8", 1, 1, "%d", "s8" },
	{ "s16", 2, 1, "%d", "s16" },
	{ "s32", 4, 1, "%d", "s32" },
	{ "s64", 8, 1, "%Ld", "s64" },
	{ "x8", 1, 0, "0x%x", "u8" },
	{ "x16", 2, 0, "0x%x", "u16" },
	{ "x32", 4, 0, "0x%x", "u32" },
	{ "x64", 8, 0, "0x%Lx", "u64" },
	{ "symbol", 8, 0, "%pS", "u64" },
	{ NULL, 0, 0, NULL, NULL },
};

static const char *const x86_regs[] = {
	"ax", "bx", "cx", "dx", "si", "di", "bp", "sp", "r8", "r9", "r10", "r11",
	"r12", "r13", "r14", "r15", "ip", "flags", "cs", "ss", "ds", "es", "fs", "gs",
	"orig_ax", NULL,
};

static const char *const reserved_fields[] = {
	"common_type", "common_flags", "common_preempt_count", "common_pid", "common_tgid",
	"__probe_ip", "__probe_ret_ip", "__probe_func", NULL,
};

/* ------------------------------------------------------------ helpers */

/* kstrtoull(): optional '+', base prefix for base 0, one trailing '\n'. */
static int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v = 0;
	int digits = 0;

	if (*s == '+')
		s++;
	if (base == 0) {
		if (s[0] == '0' && tolower((unsigned char)s[1]) == 'x' &&
		    isxdigit((unsigned char)s[2])) {
			base = 16;
			s += 2;
		} else if (s[0] == '0') {
			base = 8;
		} else {
			base = 10;
		}
	} else if (base == 16 && s[0] == '0' && tolower((unsigned char)s[1]) == 'x') {
		s += 2;
	}
	for (; *s; s++, digits++) {
		unsigned int d;

		if (isdigit((unsigned char)*s))
			d = *s - '0';
		else if (isalpha((unsigned char)*s))
			d = tolower((unsigned char)*s) - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		if (v > (~0ULL - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (!digits)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = v;
	return 0;
}

int fk_kstrtol(const char *s, unsigned int base, long *res)
{
	unsigned long long v;
	int ret;

	if (*s == '-') {
		ret = kstrtoull(s + 1, base, &v);
		if (ret)
			return ret;
		if (v > (unsigned long long)1 << 63)
			return -ERANGE;
		*res = -(long)v;
		return 0;
	}
	ret = kstrtoull(s, base, &v);
	if (ret)
		return ret;
	if (v > (~0ULL >> 1))
		return -ERANGE;
	*res = v;
	return 0;
}

int fk_kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long v;
	int ret = kstrtoull(s, base, &v);

	if (!ret)
		*res = v;
	return ret;
}

int fk_kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long v;
	int ret = kstrtoull(s, base, &v);

	if (ret)
		return ret;
	if (v > 0xffffffffULL)
		return -ERANGE;
	*res = v;
	return 0;
}

/* fk_argv_split(): words separated by white space, no quoting. */
char **fk_argv_split(const char *s, int *argc)
{
	char **argv = fk_xmalloc(sizeof(*argv) * (strlen(s) / 2 + 2));
	int n = 0;

	for (;;) {
		const char *start;

		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		start = s;
		while (*s && !isspace((unsigned char)*s))
			s++;
		argv[n] = fk_xmalloc(s - start + 1);
		memcpy(argv[n], start, s - start);
		n++;
	}
	argv[n] = NULL;
	*argc = n;
	return argv;
}

void fk_argv_free(char **argv)
{
	char **p;

	for (p = argv; *p; p++)
		free(*p);
	free(argv);
}

static const struct fk_type *find_fetch_type(const char *type)
{
	int i;

	if (!type)
		type = "x64";
	if (*type == 'b') {
		unsigned long bs;

		type = strchr(type, '/');
		if (!type || fk_kstrtoul(type + 1, 0, &bs))
			return NULL;
		switch (bs) {
		case 8:
			return find_fetch_type("u8");
		case 16:
			return find_fetch_type("u16");
		case 32:
			return find_fetch_type("u32");
		case 64:
			return find_fetch_type("u64");
		default:
			return NULL;
		}
	}
	for (i = 0; types[i].name; i++) {
		if (!strcmp(type, types[i].name))
			return &types[i];
	}
	return NULL;
}

/* ------------------------------------------------------------ error log */


void fk_log_err(struct plog *l, int offset, enum tp_err err)
{
	struct fk_buf b = { 0 };
	int i, len = 0, pos = 0;
	char *cmd;

	if (!l->active)
		return;
	for (i = 0; i < l->argc; i++) {
		if (i == l->index)
			pos = len;
		len += strlen(l->argv[i]) + 1;
	}
	if (l->index >= l->argc) {
		pos = len;
		offset = 0;
	}
	for (i = 0; i < l->argc; i++)
		fk_buf_printf(&b, "%s%s", i ? " " : "", l->argv[i]);
	cmd = fk_buf_take(&b);
	fk_errlog_add(&l->st->top, "trace_kprobe", tp_text[err], cmd, pos + offset);
	free(cmd);
}

/* ------------------------------------------------------------ fetch args */

enum fop {
	OP_NOP, OP_REG, OP_STACK, OP_STACKP, OP_RETVAL, OP_IMM, OP_COMM, OP_ARG,
	OP_DATA, OP_SYMBOL, OP_DEREF, OP_UDEREF, OP_ST_RAW, OP_ST_MEM, OP_ST_STRING,
	OP_MOD_BF, OP_LP_ARRAY, OP_END,
};

struct pctx {
	struct plog *log;
	unsigned int flags;
	enum fop code[FETCH_INSN_MAX + 1];
};

#define END (FETCH_INSN_MAX - 1)

static int parse_probe_vars(struct pctx *c, const char *arg, int code, int offs)
{
	unsigned long param;

	if (!strcmp(arg, "retval")) {
		if (c->flags & TPARG_FL_RETURN) {
			c->code[code] = OP_RETVAL;
			return 0;
		}
		fk_log_err(c->log, offs, E_RETVAL_ON_PROBE);
		return -EINVAL;
	}
	if (!strncmp(arg, "stack", 5)) {
		if (arg[5] == '\0') {
			c->code[code] = OP_STACKP;
			return 0;
		}
		if (isdigit((unsigned char)arg[5])) {
			if (fk_kstrtoul(arg + 5, 10, &param))
				goto inval_var;
			if (param > PARAM_MAX_STACK) {
				fk_log_err(c->log, offs, E_BAD_STACK_NUM);
				return -EINVAL;
			}
			c->code[code] = OP_STACK;
			return 0;
		}
		goto inval_var;
	}
	if (!strcmp(arg, "comm")) {
		c->code[code] = OP_COMM;
		return 0;
	}
	/* $argN needs the probe on a function entry, and not a return probe. */
	if ((c->flags & TPARG_FL_MASK) == (TPARG_FL_KERNEL | TPARG_FL_FENTRY) &&
	    !strncmp(arg, "arg", 3)) {
		if (fk_kstrtoul(arg + 3, 10, &param))
			goto inval_var;
		if (!param || param > PARAM_MAX_STACK) {
			fk_log_err(c->log, offs, E_BAD_ARG_NUM);
			return -EINVAL;
		}
		c->code[code] = OP_ARG;
		return 0;
	}
inval_var:
	fk_log_err(c->log, offs, E_BAD_VAR);
	return -EINVAL;
}

static int str_to_immediate(const char *str)
{
	unsigned long u;
	long l;

	if (isdigit((unsigned char)str[0]))
		return fk_kstrtoul(str, 0, &u);
	if (str[0] == '-')
		return fk_kstrtol(str, 0, &l);
	if (str[0] == '+')
		return fk_kstrtol(str + 1, 0, &l);
	return -EINVAL;
}

static int parse_probe_arg(struct pctx *c, char *arg, int *pcode, int offs)
{
	int code = *pcode, ret = 0, i;
	enum fop deref = OP_DEREF;
	unsigned long param;
	long offset;
	char *tmp;

	switch (arg[0]) {
	case '$':
		ret = parse_probe_vars(c, arg + 1, code, offs);
		break;
	case '%':
		ret = -EINVAL;
		for (i = 0; x86_regs[i]; i++) {
			if (!strcmp(arg + 1, x86_regs[i]))
				ret = 0;
		}
		if (!ret)
			c->code[code] = OP_REG;
		else
			fk_log_err(c->log, offs, E_BAD_REG_NAME);
		break;
	case '@':
		if (isdigit((unsigned char)arg[1])) {
			ret = fk_kstrtoul(arg + 1, 0, &param);
			if (ret) {
				fk_log_err(c->log, offs, E_BAD_MEM_ADDR);
				break;
			}
			c->code[code] = OP_IMM;
		} else if (arg[1] == '+') {
			fk_log_err(c->log, offs, E_FILE_ON_KPROBE);
			return -EINVAL;
		} else {
			c->code[code] = OP_SYMBOL;
			if (++code == END) {
				fk_log_err(c->log, offs, E_TOO_MANY_OPS);
				return -EINVAL;
			}
			c->code[code] = OP_IMM;
		}
		if (++code == END) {
			fk_log_err(c->log, offs, E_TOO_MANY_OPS);
			return -EINVAL;
		}
		*pcode = code;
		c->code[code] = OP_DEREF;
		break;
	case '+':
	case '-':
		if (arg[1] == 'u') {
			deref = OP_UDEREF;
			arg[1] = arg[0];
			arg++;
		}
		if (arg[0] == '+')
			arg++;
		tmp = strchr(arg, '(');
		if (!tmp) {
			fk_log_err(c->log, offs, E_DEREF_NEED_BRACE);
			return -EINVAL;
		}
		*tmp = '\0';
		ret = fk_kstrtol(arg, 0, &offset);
		if (ret) {
			fk_log_err(c->log, offs, E_BAD_DEREF_OFFS);
			break;
		}
		offs += (tmp + 1 - arg) + (arg[0] != '-' ? 1 : 0);
		arg = tmp + 1;
		tmp = strrchr(arg, ')');
		if (!tmp) {
			fk_log_err(c->log, offs + strlen(arg), E_DEREF_OPEN_BRACE);
			return -EINVAL;
		}
		*tmp = '\0';
		ret = parse_probe_arg(c, arg, &code, offs);
		if (ret)
			break;
		if (c->code[code] == OP_COMM || c->code[code] == OP_DATA) {
			fk_log_err(c->log, offs, E_COMM_CANT_DEREF);
			return -EINVAL;
		}
		if (++code == END) {
			fk_log_err(c->log, offs, E_TOO_MANY_OPS);
			return -EINVAL;
		}
		*pcode = code;
		c->code[code] = deref;
		break;
	case '\\':
		if (arg[1] == '"') {
			size_t len = strlen(arg + 2);

			/* the kernel reads str[len - 1] even for an empty string: '"' */
			if (len && arg[2 + len - 1] != '"') {
				fk_log_err(c->log, offs + 2 + len, E_IMMSTR_NO_CLOSE);
				return -EINVAL;
			}
			c->code[code] = OP_DATA;
		} else {
			ret = str_to_immediate(arg + 1);
			if (ret)
				fk_log_err(c->log, offs + 1, E_BAD_IMM);
			else
				c->code[code] = OP_IMM;
		}
		break;
	}
	if (!ret && c->code[code] == OP_NOP) {
		fk_log_err(c->log, offs, E_BAD_FETCH_ARG);
		ret = -EINVAL;
	}
	return ret ? -EINVAL : 0;
}

static int parse_bitfield(struct pctx *c, const char *bf, const struct fk_type *t, int *pcode)
{
	unsigned long bw, bo;
	char *tail;
	int code = *pcode;

	if (*bf != 'b')
		return 0;
	bw = strtoul(bf + 1, &tail, 0);
	if (bw == 0 || *tail != '@')
		return -EINVAL;
	bf = tail + 1;
	bo = strtoul(bf, &tail, 0);
	if (tail == bf || *tail != '/')
		return -EINVAL;
	code++;
	if (c->code[code] != OP_NOP)
		return -EINVAL;
	*pcode = code;
	c->code[code] = OP_MOD_BF;
	return (t->size * 8 < bw + bo) ? -EINVAL : 0;
}

/* traceprobe_parse_probe_arg_body() */
static int parse_arg_body(struct plog *log, const char *argv, unsigned int *size,
			  struct fk_arg *parg, unsigned int flags, int offset)
{
	struct pctx c = { .log = log, .flags = flags };
	char *arg, *t, *t2, *t3;
	int ret = -EINVAL, code = 0, scode, len;
	bool is_string;

	arg = fk_xstrdup(argv);
	len = strlen(arg);
	if (len > MAX_ARGSTR_LEN) {
		fk_log_err(log, offset, E_ARG_TOO_LONG);
		goto out;
	} else if (len == 0) {
		fk_log_err(log, offset, E_NO_ARG_BODY);
		goto out;
	}
	parg->comm = fk_xstrdup(arg);

	t = strchr(arg, ':');
	if (t) {
		*t = '\0';
		t2 = strchr(++t, '[');
		if (t2) {
			*t2++ = '\0';
			t3 = strchr(t2, ']');
			if (!t3) {
				offset += t2 + strlen(t2) - arg;
				fk_log_err(log, offset, E_ARRAY_NO_CLOSE);
				goto out;
			} else if (t3[1] != '\0') {
				fk_log_err(log, offset + t3 + 1 - arg, E_BAD_ARRAY_SUFFIX);
				goto out;
			}
			*t3 = '\0';
			if (fk_kstrtouint(t2, 0, &parg->count) || !parg->count) {
				fk_log_err(log, offset + t2 - arg, E_BAD_ARRAY_NUM);
				goto out;
			}
			if (parg->count > MAX_ARRAY_LEN) {
				fk_log_err(log, offset + t2 - arg, E_ARRAY_TOO_BIG);
				goto out;
			}
		}
	}

	/* $comm and immediate strings are strings; 6.1 rejects others silently. */
	if (!strcmp(arg, "$comm") || !strncmp(arg, "\\\"", 2)) {
		if (parg->count || (t && strcmp(t, "string")))
			goto out;
		parg->type = find_fetch_type("string");
	} else {
		parg->type = find_fetch_type(t);
	}
	if (!parg->type) {
		fk_log_err(log, offset + (t ? (t - arg) : 0), E_BAD_TYPE);
		goto out;
	}
	parg->offset = *size;
	*size += parg->type->size * (parg->count ? parg->count : 1);
	if (parg->count) {
		struct fk_buf b = { 0 };

		fk_buf_printf(&b, "%s[%u]", parg->type->fmttype, parg->count);
		parg->fmttype = fk_buf_take(&b);
	}

	c.code[END] = OP_END;
	ret = parse_probe_arg(&c, arg, &code, offset);
	if (ret)
		goto out;

	ret = -EINVAL;
	is_string = !strcmp(parg->type->name, "string") || !strcmp(parg->type->name, "ustring");
	if (is_string) {
		enum fop op = c.code[code];

		if (op != OP_DEREF && op != OP_UDEREF && op != OP_IMM && op != OP_COMM &&
		    op != OP_DATA) {
			fk_log_err(log, offset + (t ? (t - arg) : 0), E_BAD_STRING);
			goto out;
		}
		if (op == OP_IMM || op == OP_COMM || op == OP_DATA || parg->count) {
			code++;
			if (c.code[code] != OP_NOP) {
				fk_log_err(log, offset, E_TOO_MANY_OPS);
				goto out;
			}
		}
		c.code[code] = OP_ST_STRING;
	} else if (c.code[code] == OP_DEREF || c.code[code] == OP_UDEREF) {
		c.code[code] = OP_ST_MEM;
	} else {
		code++;
		if (c.code[code] != OP_NOP) {
			fk_log_err(log, offset, E_TOO_MANY_OPS);
			goto out;
		}
		c.code[code] = OP_ST_RAW;
	}
	scode = code;
	if (t && parse_bitfield(&c, t, parg->type, &code)) {
		fk_log_err(log, offset + t - arg, E_BAD_BITFIELD);
		goto out;
	}
	if (parg->count) {
		if (c.code[scode] != OP_ST_MEM && c.code[scode] != OP_ST_STRING) {
			fk_log_err(log, offset + (t ? (t - arg) : 0), E_BAD_STRING);
			goto out;
		}
		code++;
		if (c.code[code] != OP_NOP) {
			fk_log_err(log, offset, E_TOO_MANY_OPS);
			goto out;
		}
		c.code[code] = OP_LP_ARRAY;
	}
	ret = 0;
out:
	free(arg);
	return ret;
}

/* traceprobe_parse_probe_arg() */
int fk_parse_probe_arg(struct plog *log, struct fk_probe *p, int i, const char *arg,
		       unsigned int flags)
{
	struct fk_arg *parg = &p->args[i];
	const char *body;
	int j;

	p->nargs++;
	body = strchr(arg, '=');
	if (body) {
		if (body - arg > MAX_ARG_NAME_LEN) {
			fk_log_err(log, 0, E_ARG_NAME_TOO_LONG);
			return -EINVAL;
		} else if (body == arg) {
			fk_log_err(log, 0, E_NO_ARG_NAME);
			return -EINVAL;
		}
		parg->name = fk_xmalloc(body - arg + 1);
		memcpy(parg->name, arg, body - arg);
		body++;
	} else {
		char buf[32];

		snprintf(buf, sizeof(buf), "arg%d", i + 1);
		parg->name = fk_xstrdup(buf);
		body = arg;
	}
	if (!fk_good_name(parg->name)) {
		fk_log_err(log, 0, E_BAD_ARG_NAME);
		return -EINVAL;
	}
	for (j = 0; reserved_fields[j]; j++) {
		if (!strcmp(reserved_fields[j], parg->name))
			goto used;
	}
	for (j = 0; j < i; j++) {
		if (!strcmp(p->args[j].name, parg->name))
			goto used;
	}
	return parse_arg_body(log, body, &p->size, parg, flags, body - arg);
used:
	fk_log_err(log, 0, E_USED_ARG_NAME);
	return -EINVAL;
}
