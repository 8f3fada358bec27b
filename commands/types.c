// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * types.c - the inspection family: ptype, offsetof, info (args, probes,
 * vmlinux).  Plain output follows pahole's layout; -j prints one JSON
 * object per answer.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "breakpoints.h"
#include "cmd.h"
#include "kpdb.h"
#include "output.h"
#include "resolver.h"

/* argv[from..] joined by spaces ("struct", "sock" -> "struct sock"). */
static char *join(int argc, char **argv, int from, int to)
{
	size_t len = 1;
	char *s;

	for (int i = from; i < to; i++)
		len += strlen(argv[i]) + 1;
	s = calloc(1, len);
	if (!s)
		return NULL;
	for (int i = from; i < to; i++) {
		if (i > from)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

/*
 * Where the identifier goes in the abstract declarator @type (a C type
 * name as the resolver prints it): after the base type, its pointers and
 * their qualifiers, and the opening parentheses of pointers to functions or
 * arrays, before the first suffix.  *@start gets where the declarator
 * proper begins (the first such parenthesis, else the identifier), which
 * pahole prints in the name column: "int (*init)(void)", "char *name".
 */
static size_t ident_pos(const char *type, size_t *start)
{
	size_t i = 0, group = (size_t)-1;

	for (;;) {
		const char *p = type + i;

		if (*p == ' ') {
			i++;
		} else if (isalnum((unsigned char)*p) || *p == '_') {
			while (isalnum((unsigned char)type[i]) || type[i] == '_')
				i++;
		} else if (!strncmp(p, "{...}", 5)) {
			i += 5;
		} else if (*p == '*') {
			i++;
		} else if (*p == '(' && p[1] == '*') {
			if (group == (size_t)-1)
				group = i;
			i++;
		} else {
			break;		/* a suffix: ")" "[N]" "(params)", or the end */
		}
	}
	*start = group != (size_t)-1 ? group : i;
	return i;
}

/*
 * A member declaration with the type in a column of @w, as pahole prints it:
 * "void (*const)(int)" + "fn" -> "void  (*const fn)(int)", "char[16]" +
 * "comm" -> "char  comm[16]", "struct sock *" + "sk" -> "struct sock *  sk".
 */
static void declarator(const char *type, const char *name, int w, char *buf, size_t len)
{
	size_t start, pos, n;
	const char *sep;

	if (!name) {
		snprintf(buf, len, "%s", type);
		return;
	}
	pos = ident_pos(type, &start);
	for (n = start; n > 0 && type[n - 1] == ' '; n--)
		;
	/* "(*const fn)", "(*fn)", "*fn" */
	sep = pos > start && (isalnum((unsigned char)type[pos - 1]) || type[pos - 1] == '_') ?
	      " " : "";
	while (pos > start && type[pos - 1] == ' ')
		pos--;
	snprintf(buf, len, "%-*.*s %.*s%s%s%s", w, (int)n, type, (int)(pos - start), type + start,
		 sep, name, type + pos + strspn(type + pos, " "));
}

static void indent(FILE *f, int depth)
{
	for (int k = 0; k <= depth; k++)
		fputc('\t', f);
}

static void print_member_line(FILE *f, const struct kpdb_member_info *m, int depth)
{
	char decl[700], body[760];

	declarator(m->type ? m->type : "?", m->name, depth > 2 ? 10 : 26 - 8 * depth, decl,
		   sizeof(decl));
	if (m->bit_size)
		snprintf(body, sizeof(body), "%s:%d;", decl, m->bit_size);
	else
		snprintf(body, sizeof(body), "%s;", decl);
	indent(f, depth);
	if (m->bit_size)
		fprintf(f, "%-*s /* %5lu:%2d %4lu */\n", 44 - 8 * depth, body, m->offset,
			m->bit_offset, m->size);
	else
		fprintf(f, "%-*s /* %5lu %5lu */\n", 44 - 8 * depth, body, m->offset, m->size);
}

/*
 * An unnamed struct or union (or an array of them) without members: still
 * a block, "struct {\n} __empty_insns;", as its kin with members are.
 */
static bool empty_block(const struct kpdb_member_info *m)
{
	const char *body = m->type ? strstr(m->type, "{...}") : NULL;

	if (!body || strchr(body, '*') || strchr(body, '('))
		return false;
	return (body - m->type >= 7 && !strncmp(body - 7, "struct ", 7)) ||
	       (body - m->type >= 6 && !strncmp(body - 6, "union ", 6));
}

/* Members [*i, end of this depth); anonymous aggregates open a nested block. */
static void print_members(FILE *f, const struct kpdb_type_info *t, size_t *i, int depth,
			  bool holes)
{
	unsigned long end_bits = (unsigned long)-1;

	while (*i < t->nmembers && t->members[*i].depth == depth) {
		const struct kpdb_member_info *m = &t->members[*i];
		unsigned long start = m->offset * 8 + (unsigned long)(m->bit_size ? m->bit_offset : 0);

		if (holes && end_bits != (unsigned long)-1 && start > end_bits) {
			unsigned long gap = start - end_bits;

			fputc('\n', f);
			indent(f, depth);
			if (gap % 8)
				fprintf(f, "/* XXX %lu bit%s hole */\n\n", gap, gap == 1 ? "" : "s");
			else
				fprintf(f, "/* XXX %lu byte%s hole */\n\n", gap / 8,
					gap == 8 ? "" : "s");
		}
		if (m->bit_size)
			end_bits = start + (unsigned long)m->bit_size;
		else
			end_bits = (m->offset + m->size) * 8;
		(*i)++;
		if ((*i < t->nmembers && t->members[*i].depth == depth + 1) || empty_block(m)) {
			/* "const struct {...}[2]": "const struct {", then "} set[2];" */
			const char *ty = m->type ? m->type : "struct {...}";
			const char *body = strstr(ty, "{...}");
			int head = body ? (int)(body - ty) : (int)strlen(ty);
			const char *suffix = body ? body + 5 : "";
			char close[300];

			indent(f, depth);
			fprintf(f, "%.*s{\n", head, ty);
			print_members(f, t, i, depth + 1, !strstr(ty, "union {"));
			indent(f, depth);
			snprintf(close, sizeof(close), "}%s%.128s%.32s;", m->name ? " " : "",
				 m->name ? m->name : "", suffix);
			fprintf(f, "%-*s /* %5lu %5lu */\n", 44 - 8 * depth, close, m->offset,
				m->size);
		} else {
			print_member_line(f, m, depth);
		}
	}
}

static void print_type_plain(FILE *f, const struct kpdb_type_info *t)
{
	if (!strcmp(t->kind, "enum")) {
		fprintf(f, "%s {\n", t->name);
		for (size_t i = 0; i < t->nmembers; i++)
			fprintf(f, "\t%s = %ld,\n", t->members[i].name, (long)t->members[i].offset);
		fprintf(f, "};\t/* size: %lu */\n", t->size);
		return;
	}
	if (!t->nmembers && strcmp(t->kind, "struct") && strcmp(t->kind, "union")) {
		if (t->target && !strcmp(t->kind, "typedef")) {
			char decl[700];

			declarator(t->target, t->name, 0, decl, sizeof(decl));
			fprintf(f, "typedef %s;\t/* size: %lu */\n", decl, t->size);
		} else if (t->target) {
			fprintf(f, "%s;\t/* %s to %s, size: %lu */\n", t->name, t->kind, t->target,
				t->size);
		} else {
			fprintf(f, "%s;\t/* %s, size: %lu */\n", t->name, t->kind, t->size);
		}
		return;
	}
	size_t i = 0, top = 0;
	bool is_union = !strcmp(t->kind, "union") ||
			(t->target && !strncmp(t->target, "union", 5));

	/* a typedef of an unnamed struct is one declaration, as pahole prints it */
	const char *anon = t->target ? strstr(t->target, "{...}") : NULL;

	if (anon)
		fprintf(f, "typedef %.*s{\n", (int)(anon - t->target), t->target);
	else if (t->target)
		fprintf(f, "typedef %s %s;\n%s {\n", t->target, t->name, t->target);
	else
		fprintf(f, "%s {\n", t->name);
	print_members(f, t, &i, 0, !is_union);
	for (size_t k = 0; k < t->nmembers; k++)
		top += t->members[k].depth == 0;
	if (t->nmembers) {
		const struct kpdb_member_info *last = NULL;

		for (size_t k = 0; k < t->nmembers; k++)
			if (t->members[k].depth == 0 && (!last || t->members[k].offset +
							 t->members[k].size >= last->offset + last->size))
				last = &t->members[k];
		if (!is_union && last && last->offset + last->size < t->size)
			fprintf(f, "\n\t/* padding: %lu */\n", t->size - (last->offset + last->size));
	}
	fprintf(f, "\n\t/* size: %lu, cachelines: %lu, members: %zu */\n}%s%s;\n", t->size,
		(t->size + 63) / 64, top, anon ? " " : "", anon ? t->name : "");
}

static void print_type_json(FILE *f, const struct kpdb_type_info *t)
{
	struct kpdb_json j;
	bool en = !strcmp(t->kind, "enum");

	kpdb_json_begin(&j, f);
	kpdb_json_kv_str(&j, "type", t->name);
	kpdb_json_kv_str(&j, "kind", t->kind);
	kpdb_json_kv_uint(&j, "size", t->size);
	if (t->target)
		kpdb_json_kv_str(&j, "target", t->target);
	kpdb_json_arr(&j, en ? "enumerators" : "members");
	for (size_t i = 0; i < t->nmembers; i++) {
		const struct kpdb_member_info *m = &t->members[i];

		kpdb_json_obj(&j, NULL);
		kpdb_json_kv_str(&j, "name", m->name);
		if (en) {
			kpdb_json_kv_int(&j, "value", (long long)(long)m->offset);
		} else {
			kpdb_json_kv_str(&j, "type", m->type);
			kpdb_json_kv_uint(&j, "offset", m->offset);
			kpdb_json_kv_uint(&j, "size", m->size);
			if (m->bit_size) {
				kpdb_json_kv_int(&j, "bit_offset", m->bit_offset);
				kpdb_json_kv_int(&j, "bit_size", m->bit_size);
			}
			kpdb_json_kv_int(&j, "depth", m->depth);
		}
		kpdb_json_close(&j);
	}
	kpdb_json_close(&j);
	kpdb_json_end(&j);
}

/*
 * The debug info that knows @func: a module's for MOD:FUNC or MOD:TYPE
 * (its BTF, split over the kernel's, so the kernel's types are there too),
 * the kernel's otherwise; *@func then names the function or type alone.
 */
static int func_source(struct kpdb_ctx *ctx, const char **func, struct kpdb_dwarf **dw)
{
	const char *colon = strchr(*func, ':');
	size_t n = colon ? (size_t)(colon - *func) : 0;
	char mod[64];

	if (colon && n && n < sizeof(mod) && strcmp(*func, "sys") && !memchr(*func, '/', n) &&
	    !memchr(*func, '.', n) && strncmp(*func, "sys:", 4)) {
		snprintf(mod, sizeof(mod), "%.*s", (int)n, *func);
		*func = colon + 1;
		return kpdb_ctx_module_dwarf(ctx, mod, dw);
	}
	if (kpdb_ctx_dwarf(ctx) < 0)
		return -1;
	*dw = ctx->dw;
	return 0;
}

static int cmd_ptype(struct kpdb_ctx *ctx, int argc, char **argv)
{
	struct kpdb_type_info t;
	char *name;
	int ret;

	struct kpdb_dwarf *dw;
	const char *tn;

	name = join(argc, argv, 1, argc);
	if (!name)
		return kpdb_err_set(&ctx->err, "out of memory");
	tn = name;
	ret = func_source(ctx, &tn, &dw);
	if (ret == 0)
		ret = kpdb_dwarf_type(dw, tn, &t, &ctx->err);
	free(name);
	if (ret < 0)
		return -1;
	if (ctx->json)
		print_type_json(ctx->out, &t);
	else
		print_type_plain(ctx->out, &t);
	kpdb_type_info_free(&t);
	return 0;
}

static int cmd_offsetof(struct kpdb_ctx *ctx, int argc, char **argv)
{
	struct kpdb_member_info m;
	char *type;
	int ret;

	/* "offsetof struct sk_buff": a type and no member, not a type 'struct' */
	if (argc == 3 && (!strcmp(argv[1], "struct") || !strcmp(argv[1], "union") ||
			  !strcmp(argv[1], "enum")))
		return KPDB_CMD_USAGE;
	struct kpdb_dwarf *dw;
	const char *tn;

	type = join(argc, argv, 1, argc - 1);
	if (!type)
		return kpdb_err_set(&ctx->err, "out of memory");
	tn = type;
	ret = func_source(ctx, &tn, &dw);
	if (ret == 0)
		ret = kpdb_dwarf_offsetof(dw, tn, argv[argc - 1], &m, &ctx->err);
	if (ret == 0) {
		if (ctx->json) {
			struct kpdb_json j;

			kpdb_json_begin(&j, ctx->out);
			kpdb_json_kv_str(&j, "type", type);
			kpdb_json_kv_str(&j, "member", m.name);
			kpdb_json_kv_str(&j, "ctype", m.type);
			kpdb_json_kv_uint(&j, "offset", m.offset);
			kpdb_json_kv_uint(&j, "size", m.size);
			if (m.bit_size) {
				kpdb_json_kv_int(&j, "bit_offset", m.bit_offset);
				kpdb_json_kv_int(&j, "bit_size", m.bit_size);
			}
			kpdb_json_end(&j);
		} else if (m.bit_size) {
			fprintf(ctx->out, "offsetof(%s, %s) = %lu (0x%lx), bits %d..%d of %lu "
				"byte%s, %s\n", type, m.name, m.offset, m.offset, m.bit_offset,
				m.bit_offset + m.bit_size - 1, m.size, m.size == 1 ? "" : "s",
				m.type);
		} else {
			fprintf(ctx->out, "offsetof(%s, %s) = %lu (0x%lx), size %lu, %s\n", type,
				m.name, m.offset, m.offset, m.size, m.type);
		}
		kpdb_member_info_free(&m);
	}
	free(type);
	return ret;
}

static void params_json(struct kpdb_json *j, const struct kpdb_func_info *fi)
{
	kpdb_json_arr(j, "params");
	for (size_t i = 0; i < fi->nparams; i++) {
		kpdb_json_obj(j, NULL);
		kpdb_json_kv_str(j, "name", fi->params[i].name);
		kpdb_json_kv_str(j, "type", fi->params[i].type);
		kpdb_json_kv_str(j, "location", fi->params[i].location);
		kpdb_json_close(j);
	}
	kpdb_json_close(j);
}

static void params_plain(FILE *f, const struct kpdb_func_info *fi, const char *indent)
{
	for (size_t i = 0; i < fi->nparams; i++)
		fprintf(f, "%s%-20s %-32s %s\n", indent, fi->params[i].name, fi->params[i].type,
			fi->params[i].location);
	if (!fi->nparams)
		fprintf(f, "%s(no parameters)\n", indent);
}


static int info_args(struct kpdb_ctx *ctx, int argc, char **argv)
{
	const char *func = argv[1];
	struct kpdb_func_info fi;
	struct kpdb_dwarf *dw;
	bool varargs;

	if (func_source(ctx, &func, &dw) < 0 || kpdb_dwarf_func(dw, func, &fi, &ctx->err) < 0)
		return -1;
	varargs = kpdb_dwarf_variadic(dw, func);
	if (ctx->json) {
		struct kpdb_json j;

		kpdb_json_begin(&j, ctx->out);
		kpdb_json_kv_str(&j, "func", fi.name);
		kpdb_json_kv_str(&j, "rettype", fi.rettype);
		/* BTF does not say where a function is declared */
		kpdb_json_kv_str(&j, "file", fi.line ? fi.file : NULL);
		kpdb_json_kv_int(&j, "line", fi.line);
		params_json(&j, &fi);
		kpdb_json_kv_bool(&j, "variadic", varargs);
		if (fi.nsites_all) {
			kpdb_json_kv_uint(&j, "inlined_sites", fi.nsites_all);
			kpdb_json_arr(&j, "sites");
			for (size_t i = 0; i < fi.nsites; i++) {
				kpdb_json_obj(&j, NULL);
				kpdb_json_kv_str(&j, "inlined_in", fi.sites[i].inlined_in);
				params_json(&j, &fi.sites[i]);
				kpdb_json_close(&j);
			}
			kpdb_json_close(&j);
		}
		kpdb_json_end(&j);
	} else {
		fprintf(ctx->out, "%s %s(", fi.rettype, fi.name);
		for (size_t i = 0; i < fi.nparams; i++)
			fprintf(ctx->out, "%s%s", i ? ", " : "", fi.params[i].name);
		if (varargs)
			fputs(fi.nparams ? ", ..." : "...", ctx->out);
		if (fi.line)
			fprintf(ctx->out, ")\t/* %s:%d */\n", fi.file, fi.line);
		else
			fputs(")\n", ctx->out);
		if (!fi.nsites_all) {
			params_plain(ctx->out, &fi, "\t");
		} else {
			fprintf(ctx->out, "\talways inlined, at %zu site%s (bp probes each):\n",
				fi.nsites_all, fi.nsites_all == 1 ? "" : "s");
			for (size_t i = 0; i < fi.nsites; i++) {
				fprintf(ctx->out, "\tin %s\n", fi.sites[i].inlined_in);
				params_plain(ctx->out, &fi.sites[i], "\t\t");
			}
			if (fi.nsites < fi.nsites_all)
				fprintf(ctx->out, "\t... and %zu more sites\n",
					fi.nsites_all - fi.nsites);
		}
	}
	kpdb_func_info_free(&fi);
	return 0;
}

/* Types from the kernel's BTF: what answers, and what it cannot. */
static int info_btf(struct kpdb_ctx *ctx)
{
	struct kpdb_dwarf_stats st;

	kpdb_dwarf_stats(ctx->dw, &st);
	if (ctx->json) {
		struct kpdb_json j;

		kpdb_json_begin(&j, ctx->out);
		kpdb_json_kv_str(&j, "file", ctx->btf);
		kpdb_json_kv_str(&j, "source", "btf");
		kpdb_json_kv_uint(&j, "functions", st.nsyms);
		kpdb_json_end(&j);
		return 0;
	}
	fprintf(ctx->out, "File:      %s\n", ctx->btf);
	fprintf(ctx->out, "Source:    BTF: types and function prototypes, parameters in their "
		"argument\n           registers at each function's entry (no DWARF debug info "
		"found)\n");
	const char *env = getenv("KPDB_VMLINUX");
	/* found, not given: the kernel's own /sys/kernel/btf/vmlinux */
	bool own = !ctx->vmlinux && !(env && *env);

	fprintf(ctx->out, "Build id:  (BTF has none: %s)\n",
		own ? "the running kernel's own" : "given, taken to be this kernel's");
	fprintf(ctx->out, "Functions: %zu with a prototype\n", st.nsyms);
	fprintf(ctx->out, "Not known: lines, offsets into functions, clones and inlined "
		"functions;\n           for those install linux-image-$(uname -r)-dbg or set "
		"DEBUGINFOD_URLS\n");
	return 0;
}

static int info_vmlinux(struct kpdb_ctx *ctx, int argc, char **argv)
{
	struct kpdb_dwarf_stats st;
	char running[128];
	const char *bid, *match;
	bool have_running, cached;
	struct stat sb;

	if (ctx->btf)
		return info_btf(ctx);
	bid = kpdb_dwarf_build_id(ctx->dw);
	have_running = kpdb_kernel_build_id(running, sizeof(running)) == 0;
	kpdb_dwarf_stats(ctx->dw, &st);
	cached = st.index_path && stat(st.index_path, &sb) == 0;
	match = !have_running || !bid ? "unknown" : !strcmp(bid, running) ? "yes" : "no";
	if (ctx->json) {
		struct kpdb_json j;

		kpdb_json_begin(&j, ctx->out);
		kpdb_json_kv_str(&j, "file", kpdb_dwarf_path(ctx->dw));
		kpdb_json_kv_str(&j, "build_id", bid);
		kpdb_json_kv_str(&j, "kernel_build_id", have_running ? running : NULL);
		kpdb_json_kv_str(&j, "matches", match);
		kpdb_json_kv_uint(&j, "functions", st.nsyms);
		kpdb_json_kv_str(&j, "index", st.index_path);
		kpdb_json_kv_bool(&j, "index_loaded", st.index_ready);
		kpdb_json_kv_bool(&j, "index_cached", cached);
		kpdb_json_end(&j);
		return 0;
	}
	fprintf(ctx->out, "File:      %s\n", kpdb_dwarf_path(ctx->dw));
	fprintf(ctx->out, "Build id:  %s\n", bid ? bid : "(none)");
	fprintf(ctx->out, "Kernel:    %s\n", have_running ? running : "(build id unknown)");
	fprintf(ctx->out, "Matches:   %s%s\n", match,
		!strcmp(match, "no") ? " (only --dry-run can use it)" : "");
	fprintf(ctx->out, "Functions: %zu\n", st.nsyms);
	fprintf(ctx->out, "Index:     %s (%s)\n", st.index_path ? st.index_path : "in memory",
		st.index_ready ? "loaded" : cached ? "cached, loaded on the first type lookup" :
		"not built yet: the first type lookup builds it");
	return 0;
}

static int info_probes(struct kpdb_ctx *ctx, int argc, char **argv)
{
	return kpdb_bp_info_probes(ctx);
}

/* info's own verbs; their usage and help are info's row's */
static const struct kpdb_cmd info_cmds[] = {
	{ .name = "args", .fn = info_args, .min_args = 1, .max_args = 1 },
	{ .name = "probes", .fn = info_probes, .max_args = KPDB_CMD_NO_ARGS },
	{ .name = "vmlinux", .fn = info_vmlinux, .flags = KPDB_CMD_DWARF,
	  .max_args = KPDB_CMD_NO_ARGS },
	{ NULL },
};

static int cmd_info(struct kpdb_ctx *ctx, int argc, char **argv)
{
	return kpdb_cmd_select(ctx, info_cmds, argc - 1, argv + 1);
}

static const char ptype_details[] =
	"TYPE: 'struct sock', 'sock' (struct, union, enum or typedef), 'u32'.\n"
	"MOD:TYPE: a type of the loaded module MOD, from its BTF (/sys/kernel/btf/MOD).\n"
	"Members of anonymous structs and unions are shown inline; offsets are from\n"
	"the start of TYPE; bitfields show BYTE:BIT.";

static const char info_details[] =
	"info args FUNC: each parameter's C type and where it lives at the entry\n"
	"  (a register, a stack slot, or optimized out); FUNC may be sys:NAME; for a\n"
	"  function that is always inlined, where they live at each inlined site;\n"
	"  MOD:FUNC for a module's function.\n"
	"info probes: the definitions as written to tracefs.\n"
	"info vmlinux: the debug info file, its build id and whether it is the\n"
	"  running kernel's.";

const struct kpdb_cmd kpdb_types_cmds[] = {
	{ .name = "ptype", .fn = cmd_ptype, .usage = "ptype [MOD:]TYPE",
	  .help = "show a struct/union/enum/typedef with member offsets and sizes (pahole-like)",
	  .details = ptype_details, .min_args = 1 },
	{ .name = "offsetof", .fn = cmd_offsetof,
	  .usage = "offsetof [MOD:]TYPE MEMBER[.MEMBER|[N]]...",
	  .help = "byte offset and size of a (nested) member",
	  .details = "Example: offsetof struct sock __sk_common.skc_dport (MOD:TYPE as for ptype)",
	  .min_args = 2 },
	{ .name = "info", .fn = cmd_info, .usage = "info args FUNC | info probes | info vmlinux",
	  .help = "parameters of a function, probe definitions, or the debug info in use",
	  .details = info_details },
	{ NULL },
};
