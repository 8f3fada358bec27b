// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * inspect.c - live inspection, read-only, as kdb shows it: p (gdb's print
 * over DWARF and /proc/kcore), md, lsmod, ps, dmesg, summary.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "kallsyms.h"
#include "kcore.h"
#include "kpdb.h"
#include "output.h"
#include "sysrq.h"

/* The KASLR slide: _text in kallsyms against the vmlinux's own _text. */
static uint64_t kaslr_slide(struct kpdb_ctx *ctx)
{
	/* kallsyms is long to read: once per debug info (the kernel does not move) */
	static const struct kpdb_dwarf *for_dw;
	static uint64_t slide;
	uint64_t running, linked;

	if (for_dw == ctx->dw)
		return slide;
	slide = 0;
	if (kpdb_dwarf_text_addr(ctx->dw, &linked) &&
	    kpdb_kallsyms_addr(ctx->proc_dir, "_text", &running) == 0 && running)
		slide = running - linked;
	for_dw = ctx->dw;
	return slide;
}

static int open_kcore(struct kpdb_ctx *ctx, struct kpdb_kcore **kc)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/kcore", ctx->proc_dir);
	return kpdb_kcore_open(path, kc, &ctx->err);
}

/*
 * Is `p ARGS` a kprobe line pasted from a guide (`p SYMBOL %di:u32`)?  Words
 * after the symbol that read as fetchargs (%reg, +OFF(..), $var, @sym, \imm,
 * NAME=..., ...:TYPE), or SYMBOL%return, or a symbol that is a function and
 * no variable: then it is a bp, as before `p` printed.
 */
static bool fetcharg_word(const char *w)
{
	return strchr("%$@+\\", w[0]) || strchr(w, '=') || strstr(w, "(%") ||
	       (w[0] == '-' && isdigit((unsigned char)w[1]) && strchr(w, '('));
}

static bool plain_ident(const char *w)
{
	if (!isalpha((unsigned char)*w) && *w != '_')
		return false;
	for (; *w; w++)
		if (!isalnum((unsigned char)*w) && *w != '_' && *w != '.')
			return false;
	return true;
}

static bool is_probe_line(struct kpdb_ctx *ctx, int argc, char **argv)
{
	if (strcmp(argv[0], "p"))
		return false;	/* print, p/x: always a print */
	for (int i = 2; i < argc; i++)
		if (fetcharg_word(argv[i]))
			return true;
	if (argc != 2)
		return false;
	if (strstr(argv[1], "%return") || (strchr(argv[1], ':') && !strchr(argv[1], '(')))
		return true;
	if (!plain_ident(argv[1]) || strchr(argv[1], '.'))
		return false;
	if (kpdb_ctx_dwarf(ctx) < 0) {
		kpdb_err_clear(&ctx->err);
		return true;	/* no debug info: nothing to print, as before */
	}
	return kpdb_dwarf_names_function(ctx->dw, argv[1]);
}

static char *join(int argc, char **argv)
{
	size_t len = 1;
	char *s;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = calloc(1, len);
	for (int i = 0; s && i < argc; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

static int cmd_p(struct kpdb_ctx *ctx, int argc, char **argv)
{
	struct kpdb_print_opts opts = { 0 };
	struct kpdb_kcore *kc = NULL;
	struct kpdb_value v;
	const char *fmt = strchr(argv[0], '/');
	char *expr;
	int ret;

	if (is_probe_line(ctx, argc, argv)) {
		char **bv = calloc(argc + 2, sizeof(*bv));

		if (!bv)
			return kpdb_err_set(&ctx->err, "out of memory");
		bv[0] = "bp";
		memcpy(bv + 1, argv, argc * sizeof(*bv));
		ret = kpdb_cmd_run(ctx, argc + 1, bv);
		free(bv);
		return ret;
	}
	if (fmt && strcmp(fmt, "/x") && strcmp(fmt, "/d"))
		return kpdb_err_set(&ctx->err, "unknown format '%s': p/x or p/d", fmt + 1);
	opts.hex = fmt && !strcmp(fmt, "/x");
	if (kpdb_ctx_dwarf(ctx) < 0)
		return -1;
	/* sizeof needs no memory; anything else does, and says why it cannot */
	if (open_kcore(ctx, &kc) < 0) {
		if (!strstr(argv[1], "sizeof"))
			return -1;
		kpdb_err_clear(&ctx->err);
	}
	opts.slide = kaslr_slide(ctx);
	expr = join(argc - 1, argv + 1);
	if (!expr) {
		kpdb_kcore_close(kc);
		return kpdb_err_set(&ctx->err, "out of memory");
	}
	ret = kpdb_value_eval(ctx->dw, kc, ctx->proc_dir, expr, &opts, &v, &ctx->err);
	kpdb_kcore_close(kc);
	if (ret == 0) {
		if (ctx->json) {
			struct kpdb_json j;

			kpdb_json_begin(&j, ctx->out);
			kpdb_json_kv_str(&j, "expr", expr);
			kpdb_json_kv_str(&j, "type", v.type);
			if (v.has_addr) {
				char a[32];

				snprintf(a, sizeof(a), "0x%" PRIx64, v.addr);
				kpdb_json_kv_str(&j, "addr", a);
			}
			kpdb_json_kv_str(&j, "value", v.text);
			kpdb_json_end(&j);
		} else {
			fprintf(ctx->out, "%s\n", v.text);
		}
		kpdb_value_free(&v);
	}
	free(expr);
	return ret;
}

/* --- md --- */

static int md_addr(struct kpdb_ctx *ctx, const char *arg, uint64_t slide,
		   struct kpdb_kcore *kc, uint64_t *addr)
{
	struct kpdb_print_opts opts = { .slide = slide };
	struct kpdb_value v;
	char *end;

	errno = 0;
	*addr = strtoull(arg, &end, 0);
	if (!*end && !errno && isdigit((unsigned char)arg[0]))
		return 0;
	if (kpdb_ctx_dwarf(ctx) < 0) {
		/* no debug info: a symbol still has its address in kallsyms */
		if (kpdb_kallsyms_addr(ctx->proc_dir, arg, addr) == 0)
			return kpdb_err_clear(&ctx->err), 0;
		return -1;
	}
	if (kpdb_value_eval(ctx->dw, kc, ctx->proc_dir, arg, &opts, &v, &ctx->err) < 0)
		return -1;
	/* an object: where it is; a value (a pointer, &x, a number): that address */
	*addr = v.has_addr ? v.addr : v.ival;
	kpdb_value_free(&v);
	return 0;
}

static void md_line(struct kpdb_ctx *ctx, uint64_t addr, const unsigned char *b, size_t n,
		    int width, bool ok)
{
	if (ctx->json) {
		struct kpdb_json j;
		char a[32], hex[3 * 16 + 1] = "";

		snprintf(a, sizeof(a), "0x%" PRIx64, addr);
		kpdb_json_begin(&j, ctx->out);
		kpdb_json_kv_str(&j, "addr", a);
		if (ok) {
			for (size_t i = 0; i < n; i++)
				snprintf(hex + 2 * i, 3, "%02x", b[i]);
			kpdb_json_kv_str(&j, "bytes", hex);
		} else {
			kpdb_json_kv_str(&j, "bytes", NULL);
		}
		kpdb_json_end(&j);
		return;
	}
	fprintf(ctx->out, "0x%016" PRIx64 " ", addr);
	if (!ok) {
		fprintf(ctx->out, "<unreadable 0x%" PRIx64 ">\n", addr);
		return;
	}
	for (size_t w = 0; w < n; w += width) {
		uint64_t x = 0;

		memcpy(&x, b + w, width);
		fprintf(ctx->out, "%0*" PRIx64 " ", width * 2, x);
	}
	fputs("  ", ctx->out);
	for (size_t i = 0; i < n; i++)
		fputc(b[i] >= 0x20 && b[i] < 0x7f ? b[i] : '.', ctx->out);
	fputc('\n', ctx->out);
}

static int cmd_md(struct kpdb_ctx *ctx, int argc, char **argv)
{
	struct kpdb_kcore *kc = NULL;
	int width = argv[0][2] ? argv[0][2] - '0' : 8;
	long lines = 8;
	uint64_t addr, slide = 0;
	int ret = 0;

	if (argc == 3) {
		char *end;

		lines = strtol(argv[2], &end, 0);
		if (*end || lines <= 0 || lines > 4096)
			return kpdb_err_set(&ctx->err, "'%s' is not a line count (1-4096)",
					    argv[2]);
	}
	if (open_kcore(ctx, &kc) < 0)
		return -1;
	/* a number needs no debug info: do not load it for nothing */
	if (!isdigit((unsigned char)argv[1][0]) && kpdb_ctx_dwarf(ctx) == 0)
		slide = kaslr_slide(ctx);
	kpdb_err_clear(&ctx->err);
	if (md_addr(ctx, argv[1], slide, kc, &addr) < 0) {
		kpdb_kcore_close(kc);
		return -1;
	}
	for (long l = 0; l < lines; l++, addr += 16) {
		unsigned char b[16];
		bool ok = kpdb_kcore_read(kc, addr, b, sizeof(b)) == 0;

		md_line(ctx, addr, b, sizeof(b), width, ok);
	}
	kpdb_kcore_close(kc);
	fflush(ctx->out);
	return ret;
}

/* --- lsmod --- */

static FILE *proc_open(struct kpdb_ctx *ctx, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", ctx->proc_dir, name);
	f = fopen(path, "re");
	if (!f)
		kpdb_err_set(&ctx->err, "cannot read %s: %s", path, strerror(errno));
	return f;
}

static int cmd_lsmod(struct kpdb_ctx *ctx, int argc, char **argv)
{
	char line[4096], name[256], deps[2048], state[32], addr[64];
	unsigned long size;
	int refs;
	FILE *f = proc_open(ctx, "modules");

	if (!f)
		return -1;
	if (!ctx->json)
		fprintf(ctx->out, "%-24s %8s  %-18s %4s  %-9s %s\n", "Module", "Size", "Address",
			"Used", "State", "Used by");
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%255s %lu %d %2047s %31s %63s", name, &size, &refs, deps, state,
			   addr) != 6)
			continue;
		if (!strcmp(deps, "-"))
			deps[0] = '\0';
		else if (deps[0] && deps[strlen(deps) - 1] == ',')
			deps[strlen(deps) - 1] = '\0';
		if (ctx->json) {
			struct kpdb_json j;

			kpdb_json_begin(&j, ctx->out);
			kpdb_json_kv_str(&j, "module", name);
			kpdb_json_kv_uint(&j, "size", size);
			kpdb_json_kv_str(&j, "addr", addr);
			kpdb_json_kv_int(&j, "used", refs);
			kpdb_json_kv_str(&j, "state", state);
			kpdb_json_kv_str(&j, "used_by", deps);
			kpdb_json_end(&j);
		} else {
			fprintf(ctx->out, "%-24s %8lu  %-18s %4d  %-9s %s\n", name, size, addr, refs,
				state, deps);
		}
	}
	fclose(f);
	return 0;
}

/* --- ps --- */

struct task {
	int pid, ppid, cpu;
	char state;
	unsigned long flags;
	char comm[64];
};

#define PF_KTHREAD	0x00200000

/*
 * kdb's letters (kdb_task_state_char): R running, S sleeping, D
 * uninterruptible, T stopped, C traced, Z zombie, E dead, I idle kernel
 * thread, M a sleeping kernel thread ("system daemon").
 */
static char kdb_state(const struct task *t)
{
	switch (t->state) {
	case 't': return 'C';
	case 'X': case 'x': return 'E';
	case 'S': return (t->flags & PF_KTHREAD) ? 'M' : 'S';
	case 'P': case 'W': case 'K': return 'D';
	default: return t->state;
	}
}

static bool read_task(struct kpdb_ctx *ctx, const char *pid, struct task *t)
{
	char path[4096], buf[2048], *open_paren, *close_paren, *p;
	int field = 3;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s/stat", ctx->proc_dir, pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	open_paren = strchr(buf, '(');
	close_paren = strrchr(buf, ')');
	if (!open_paren || !close_paren || close_paren < open_paren || close_paren[1] != ' ')
		return false;
	memset(t, 0, sizeof(*t));
	t->pid = atoi(buf);
	snprintf(t->comm, sizeof(t->comm), "%.*s", (int)(close_paren - open_paren - 1),
		 open_paren + 1);
	p = close_paren + 2;
	t->state = *p;
	while ((p = strchr(p, ' '))) {
		p++;
		field++;
		if (field == 4)
			t->ppid = atoi(p);
		else if (field == 9)
			t->flags = strtoul(p, NULL, 10);
		else if (field == 39)
			t->cpu = atoi(p);
	}
	return true;
}

static int cmp_pid(const void *a, const void *b)
{
	return ((const struct task *)a)->pid - ((const struct task *)b)->pid;
}

static int cmd_ps(struct kpdb_ctx *ctx, int argc, char **argv)
{
	struct task *ts = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *d = opendir(ctx->proc_dir);

	if (!d)
		return kpdb_err_set(&ctx->err, "cannot read %s: %s", ctx->proc_dir,
				    strerror(errno));
	while ((de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		if (n == cap) {
			struct task *nt = realloc(ts, (cap = cap ? 2 * cap : 256) * sizeof(*ts));

			if (!nt)
				break;
			ts = nt;
		}
		if (read_task(ctx, de->d_name, &ts[n]))
			n++;
	}
	closedir(d);
	qsort(ts, n, sizeof(*ts), cmp_pid);
	if (!ctx->json)
		fprintf(ctx->out, "%8s %8s %4s %5s %s\n", "Pid", "Parent", "Cpu", "State",
			"Command");
	for (size_t i = 0; i < n; i++) {
		char st[2] = { kdb_state(&ts[i]), '\0' };

		if (ctx->json) {
			struct kpdb_json j;

			kpdb_json_begin(&j, ctx->out);
			kpdb_json_kv_int(&j, "pid", ts[i].pid);
			kpdb_json_kv_int(&j, "ppid", ts[i].ppid);
			kpdb_json_kv_int(&j, "cpu", ts[i].cpu);
			kpdb_json_kv_str(&j, "state", st);
			kpdb_json_kv_str(&j, "comm", ts[i].comm);
			kpdb_json_end(&j);
		} else {
			fprintf(ctx->out, "%8d %8d %4d %5s %s\n", ts[i].pid, ts[i].ppid, ts[i].cpu,
				st, ts[i].comm);
		}
	}
	free(ts);
	return 0;
}

/* --- dmesg --- */

static int cmd_dmesg(struct kpdb_ctx *ctx, int argc, char **argv)
{
	const char *path = kpdb_sysrq_kmsg_path();
	char *all = NULL, buf[8192];
	size_t len = 0, nrec = 0, first = 0;
	long last = 0;
	int fd;

	if (argc == 3 && !strcmp(argv[1], "-n")) {
		char *end;

		last = strtol(argv[2], &end, 10);
		if (*end || last <= 0)
			return kpdb_err_set(&ctx->err, "'%s' is not a count of lines", argv[2]);
	} else if (argc != 1) {
		return KPDB_CMD_USAGE;
	}
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return kpdb_err_set(&ctx->err, "cannot read the kernel log '%s': %s%s", path,
				    strerror(errno), errno == EACCES || errno == EPERM ?
				    " (dmesg_restrict: run as root)" : "");
	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf));
		char *na;

		if (r < 0 && errno == EPIPE)
			continue;	/* records overwritten while reading: go on */
		if (r <= 0)
			break;
		/* /dev/kmsg gives one record a read, without fail ending in \n */
		na = realloc(all, len + r + 1);
		if (!na)
			break;
		all = na;
		memcpy(all + len, buf, r);
		len += r;
	}
	close(fd);
	if (!all)
		return 0;
	all[len] = '\0';
	for (char *p = all; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p))
		if (*p != ' ' && *p != '\n')
			nrec++;
	if (last && (size_t)last < nrec)
		first = nrec - last;
	nrec = 0;
	for (char *p = all, *nl; *p; p = nl ? nl + 1 : p + strlen(p)) {
		struct kpdb_kmsg rec;
		char *semi, *q;

		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (*p == ' ' || !*p || nrec++ < first || !(semi = strchr(p, ';')))
			continue;
		*semi = '\0';
		rec.level = (int)(strtol(p, &q, 10) & 7);
		rec.ts_us = 0;
		if (*q == ',') {
			strtoull(q + 1, &q, 10);
			if (*q == ',')
				rec.ts_us = strtoull(q + 1, NULL, 10);
		}
		kpdb_kmsg_lines(semi + 1);
		rec.text = semi + 1;
		if (ctx->json) {
			struct kpdb_json j;

			kpdb_json_begin(&j, ctx->out);
			kpdb_json_kv_str(&j, "kmsg", rec.text);
			kpdb_json_kv_int(&j, "level", rec.level);
			kpdb_json_key(&j, "ts");
			fprintf(ctx->out, "%llu.%06llu", rec.ts_us / 1000000, rec.ts_us % 1000000);
			kpdb_json_end(&j);
		} else {
			fprintf(ctx->out, "[%5llu.%06llu] ", rec.ts_us / 1000000,
				rec.ts_us % 1000000);
			/* a record of several lines: the rest under its first, as dmesg */
			for (const char *l = rec.text, *e;; l = e + 1) {
				e = strchr(l, '\n');
				fprintf(ctx->out, "%.*s\n", e ? (int)(e - l) : (int)strlen(l), l);
				if (!e || !e[1])
					break;
				fprintf(ctx->out, "%15s", "");
			}
		}
	}
	free(all);
	return 0;
}

/* --- summary --- */

static void proc_line(struct kpdb_ctx *ctx, const char *name, char *buf, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", ctx->proc_dir, name);
	buf[0] = '\0';
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(buf, (int)len, f))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

static int cmd_summary(struct kpdb_ctx *ctx, int argc, char **argv)
{
	static const char *const rows[][2] = {
		{ "sysname", "sys/kernel/ostype" }, { "release", "sys/kernel/osrelease" },
		{ "version", "sys/kernel/version" }, { "nodename", "sys/kernel/hostname" },
		{ "domainname", "sys/kernel/domainname" },
	};
	char v[512], up[128], load[128];
	double secs = 0;
	long cpus = 0;
	struct kpdb_json j;
	FILE *f;

	if (ctx->json)
		kpdb_json_begin(&j, ctx->out);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		proc_line(ctx, rows[i][1], v, sizeof(v));
		if (ctx->json)
			kpdb_json_kv_str(&j, rows[i][0], v);
		else
			fprintf(ctx->out, "%-10s %s\n", rows[i][0], v);
	}
	proc_line(ctx, "uptime", up, sizeof(up));
	sscanf(up, "%lf", &secs);
	proc_line(ctx, "loadavg", load, sizeof(load));
	{
		/* the first three fields only, as kdb's "load avg" */
		char *s = load;

		for (int k = 0; k < 3 && s; k++)
			s = strchr(s + 1, ' ');
		if (s)
			*s = '\0';
	}
	{
		char path[4096], line[256];

		snprintf(path, sizeof(path), "%s/stat", ctx->proc_dir);
		f = fopen(path, "re");
		while (f && fgets(line, sizeof(line), f))
			if (!strncmp(line, "cpu", 3) && isdigit((unsigned char)line[3]))
				cpus++;
		if (f)
			fclose(f);
	}
	if (ctx->json) {
		kpdb_json_kv_double(&j, "uptime", secs);
		kpdb_json_kv_str(&j, "load", load);
		kpdb_json_kv_int(&j, "cpus", cpus);
	} else {
		long s = (long)secs;

		if (s >= 86400)
			fprintf(ctx->out, "%-10s %ld day%s %02ld:%02ld\n", "uptime", s / 86400,
				s / 86400 > 1 ? "s" : "", s % 86400 / 3600, s % 3600 / 60);
		else
			fprintf(ctx->out, "%-10s %02ld:%02ld\n", "uptime", s / 3600, s % 3600 / 60);
		fprintf(ctx->out, "%-10s %s\n", "load avg", load);
		fprintf(ctx->out, "%-10s %ld\n", "cpus", cpus);
	}
	{
		char path[4096], line[256];

		snprintf(path, sizeof(path), "%s/meminfo", ctx->proc_dir);
		f = fopen(path, "re");
		if (!ctx->json)
			fputc('\n', ctx->out);
		for (int k = 0; f && k < 8 && fgets(line, sizeof(line), f); k++) {
			char key[64];
			unsigned long kb;

			if (sscanf(line, "%63[^:]: %lu", key, &kb) != 2)
				continue;
			if (ctx->json)
				kpdb_json_kv_uint(&j, key, kb);
			else
				fprintf(ctx->out, "%-16s %10lu kB\n", strcat(key, ":"), kb);
		}
		if (f)
			fclose(f);
	}
	if (ctx->json)
		kpdb_json_end(&j);
	return 0;
}

static const char p_details[] =
	"Prints a kernel global as C, read from PROC/kcore (read-only) at the address\n"
	"the debug info gives, moved by the KASLR offset (_text in kallsyms against\n"
	"the vmlinux's): members (a.b), indexes (a[1]), *p, p->m, casts\n"
	"((struct T *)ADDR), &x, sizeof, per_cpu(VAR, CPU).  Structs are printed whole,\n"
	"char arrays and char pointers as strings, enums by name; p/x prints integers\n"
	"in hex.  Memory that cannot be read prints <unreadable 0xADDR>.  Needs root\n"
	"and a kernel with /proc/kcore and no lockdown=confidentiality.\n"
	"\n"
	"A line pasted from a kprobe guide stays a breakpoint: 'p' (not 'print') is\n"
	"taken as 'bp' when a word after the symbol is a fetcharg (%di, +8(%si),\n"
	"$retval, @sym, NAME=...), when the location is SYMBOL%return or MOD:SYMBOL,\n"
	"or when the one word after it names a function and no variable (or no debug\n"
	"info is loaded).  'print' always prints.";

static const char md_details[] =
	"Shows COUNT lines (default 8) of 16 bytes from PROC/kcore as words of 8 bytes\n"
	"(md), or of 1, 2, 4, 8 bytes (md1 md2 md4 md8), with their ASCII, as kdb's md.\n"
	"ADDR is a number; a SYMBOL or an expression naming an object in memory shows\n"
	"that object (md linux_banner, md *init_task.mm); an expression whose value is\n"
	"a pointer or a number, not an object ((void *)init_task.mm, &x), shows the\n"
	"memory it points to.  Write EXPR without spaces, or quote it.";

static const char ps_details[] =
	"States as kdb shows them: R running, S sleeping, D uninterruptible, T stopped,\n"
	"C traced, Z zombie, E dead, I idle kernel thread, M sleeping kernel thread.";

#define MD_ROW(n, w) { .name = n, .fn = cmd_md, .usage = n " ADDR|SYMBOL|EXPR [COUNT]", \
		       .help = "memory display as kdb: " w " words in hex and ASCII", \
		       .details = md_details, .flags = KPDB_CMD_REPEAT, .min_args = 1, \
		       .max_args = 2 }

const struct kpdb_cmd kpdb_inspect_cmds[] = {
	{ .name = "p", .fn = cmd_p, .usage = "p[/x] EXPR",
	  .help = "print the value of a kernel global (read from /proc/kcore) as C",
	  .details = p_details, .flags = KPDB_CMD_FMT, .min_args = 1 },
	{ .name = "print", .fn = cmd_p, .usage = "print[/x] EXPR", .help = "the same as p",
	  .details = p_details, .flags = KPDB_CMD_FMT, .min_args = 1 },
	MD_ROW("md", "8-byte"), MD_ROW("md1", "1-byte"), MD_ROW("md2", "2-byte"),
	MD_ROW("md4", "4-byte"), MD_ROW("md8", "8-byte"),
	{ .name = "lsmod", .fn = cmd_lsmod, .usage = "lsmod",
	  .help = "the loaded modules, their sizes and addresses (PROC/modules)" },
	{ .name = "ps", .fn = cmd_ps, .usage = "ps",
	  .help = "the tasks, with kdb's state letters (PROC/PID/stat)",
	  .details = ps_details },
	{ .name = "dmesg", .fn = cmd_dmesg, .usage = "dmesg [-n N]",
	  .help = "the kernel log, or its last N records",
	  .details = "Reads /dev/kmsg (or $KPDB_KMSG) without waiting for new records." },
	{ .name = "summary", .fn = cmd_summary, .usage = "summary",
	  .help = "as kdb: uname, uptime, load, cpus, memory" },
	{ NULL },
};
