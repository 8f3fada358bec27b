// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hit-print.c - plain and JSON printers of a decoded hit.
 *
 * How a breakpoint's arguments map onto the fields of its event is worked
 * out once per event type and kept in the type's priv: a hot probe prints
 * hundreds of thousands of hits a second, and a name lookup per field and
 * hit would cost more than the rest of the decoding.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "format.h"
#include "hit-print.h"
#include "kpdb.h"
#include "output.h"
#include "probe-spec.h"

enum { SA_FAM, SA_PORT, SA_V4, SA_V6, SA_PATH, SA_APATH, SA_N };

static const char *const sa_suffix[SA_N] = {
	"__fam", "__port", "__v4", "__v6", "__path", "__apath",
};

struct arg_map {
	const char *name;
	enum kpdb_fmt fmt;
	bool symbol;			/* kernel type "symbol" */
	const struct kpdb_field *f;	/* the field, NULL for sockaddr or if missing */
	const struct kpdb_field *sa[SA_N];
};

struct type_map {
	struct arg_map *args;
	size_t nargs;
	char func[160];			/* kprobe: the location, resolved once */
	bool func_done;
};

static void map_free(void *p)
{
	struct type_map *m = p;

	free(m->args);
	free(m);
}

static struct type_map *map_build(struct kpdb_event_type *t, const struct kpdb_bp *bp)
{
	const struct kpdb_probe_spec *spec = bp ? bp->spec : NULL;
	struct type_map *m = calloc(1, sizeof(*m));
	size_t n = spec ? spec->nargs : t->nfields;

	if (!m)
		return NULL;
	m->args = calloc(n ? n : 1, sizeof(*m->args));
	if (!m->args) {
		free(m);
		return NULL;
	}
	if (!spec) {
		for (size_t i = 0; i < t->nfields; i++) {
			m->args[i].name = t->fields[i].name;
			m->args[i].f = &t->fields[i];
		}
		m->nargs = t->nfields;
		return m;
	}
	for (size_t i = 0; i < spec->nargs; i++) {
		const struct kpdb_arg *a = &spec->args[i];
		struct arg_map *am = &m->args[m->nargs];

		if (a->hidden)
			continue;
		am->name = a->name;
		am->fmt = a->fmt;
		am->symbol = a->ktype && !strcmp(a->ktype, "symbol");
		if (a->fmt == KPDB_FMT_SOCKADDR) {
			char name[KPDB_NAME_MAX + 16];

			for (int s = 0; s < SA_N; s++) {
				snprintf(name, sizeof(name), "%s%s", a->name, sa_suffix[s]);
				am->sa[s] = kpdb_event_field(t, name);
			}
		} else {
			am->f = kpdb_event_field(t, a->name);
		}
		m->nargs++;
	}
	return m;
}

/* ---- values ---------------------------------------------------------------- */

/* Seconds with microseconds, rounded to the nearest as ftrace's ns2usecs() does. */
static void put_ts(FILE *f, unsigned long long ts, int width)
{
	unsigned long long us = (ts + 500) / 1000;

	fprintf(f, "%*llu.%06llu", width, us / 1000000, us % 1000000);
}

static unsigned long long mask(unsigned long long v, unsigned int size)
{
	return size >= 8 ? v : v & ((1ULL << (size * 8)) - 1);
}

static void put_num(FILE *f, const struct kpdb_field *fl, unsigned long long v, bool hex)
{
	unsigned int size = fl->kind == KPDB_FIELD_ARRAY ? fl->elem_size : fl->size;

	if (hex)
		fprintf(f, "0x%llx", mask(v, size));
	else if (fl->is_signed)
		fprintf(f, "%lld", (long long)v);
	else
		fprintf(f, "%llu", v);
}

/* A string for humans: quoted as the kernel's trace does, escaped so that
 * quotes, spaces and control bytes in it stay readable and unambiguous. */
static void put_quoted(FILE *f, const char *s, unsigned int len)
{
	fputc('"', f);
	for (unsigned int i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* A fetched string as a C string (NUL-free view), into @buf. */
static const char *str_field(const struct kpdb_hit *hit, const struct kpdb_field *f, char *buf,
			     size_t len)
{
	unsigned int n;
	const char *s;

	if (!f || !(s = kpdb_hit_str(hit, f, &n)))
		return NULL;
	if (n >= len)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

static bool num_field(const struct kpdb_hit *hit, const struct kpdb_field *f,
		      unsigned long long *v)
{
	return f && f->kind == KPDB_FIELD_NUM && kpdb_hit_num(hit, f, v);
}

static const char *symbol(const struct kpdb_hit_out *out, unsigned long long addr, char *buf,
			  size_t len)
{
	if (out->symbol && out->symbol(out->symbol_arg, addr, buf, len))
		return buf;
	snprintf(buf, len, "0x%llx", addr);
	return buf;
}

/* A value without kpdb format, as the kernel's types say. */
static void plain_value(const struct kpdb_hit_out *out, const struct kpdb_hit *hit,
			const struct arg_map *am, struct kpdb_json *j)
{
	const struct kpdb_field *f = am->f;
	unsigned long long v;
	const char *s;
	unsigned int n;
	char buf[256];

	switch (f->kind) {
	case KPDB_FIELD_STRING:
		s = kpdb_hit_str(hit, f, &n);
		if (j && s) {
			char *tmp = strndup(s, n);

			kpdb_json_kv_str(j, am->name, tmp ? tmp : "");
			free(tmp);
		} else if (j) {
			kpdb_json_kv_str(j, am->name, NULL);
		} else if (s) {
			put_quoted(out->f, s, n);
		} else {
			fputs("(fault)", out->f);
		}
		return;
	case KPDB_FIELD_ARRAY:
		if (j)
			kpdb_json_arr(j, am->name);
		else
			fputc('{', out->f);
		for (unsigned int i = 0; f->elem_size && i < f->size / f->elem_size; i++) {
			if (!kpdb_hit_elem(hit, f, i, &v))
				break;
			if (j) {
				kpdb_json_key(j, NULL);
				put_num(out->f, f, v, false);
			} else {
				if (i)
					fputc(',', out->f);
				put_num(out->f, f, v, f->hex);
			}
		}
		if (j)
			kpdb_json_close(j);
		else
			fputc('}', out->f);
		return;
	case KPDB_FIELD_NUM:
		if (!kpdb_hit_num(hit, f, &v)) {
			if (j)
				kpdb_json_kv_str(j, am->name, NULL);
			else
				fputc('?', out->f);
			return;
		}
		if (am->symbol) {
			symbol(out, v, buf, sizeof(buf));
			if (j) {
				kpdb_json_obj(j, am->name);
				kpdb_json_kv_uint(j, "raw", v);
				kpdb_json_kv_str(j, "value", buf);
				kpdb_json_close(j);
			} else {
				fputs(buf, out->f);
			}
			return;
		}
		if (j)
			kpdb_json_key(j, am->name);
		put_num(out->f, f, v, !j && f->hex);
		return;
	}
}

static void hex_bytes(const unsigned char *p, unsigned int n, char *buf, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t o = 0;

	for (unsigned int i = 0; i < n && o + 2 < len; i++) {
		buf[o++] = digits[p[i] >> 4];
		buf[o++] = digits[p[i] & 15];
	}
	buf[o] = '\0';
}

static void sockaddr_value(const struct kpdb_hit_out *out, const struct kpdb_hit *hit,
			   const struct arg_map *am, struct kpdb_json *j)
{
	unsigned long long fam = 0, port = 0, v4 = 0;
	const unsigned char *v6 = NULL;
	char path[256], apath[256], upath[260], text[400], hex[40];
	const char *p, *ap;

	if (!num_field(hit, am->sa[SA_FAM], &fam)) {
		if (j)
			kpdb_json_kv_str(j, am->name, NULL);
		else
			fputc('?', out->f);
		return;
	}
	num_field(hit, am->sa[SA_PORT], &port);
	num_field(hit, am->sa[SA_V4], &v4);
	if (am->sa[SA_V6] && am->sa[SA_V6]->size >= 16)
		v6 = kpdb_hit_bytes(hit, am->sa[SA_V6]);
	p = str_field(hit, am->sa[SA_PATH], path, sizeof(path));
	ap = str_field(hit, am->sa[SA_APATH], apath, sizeof(apath));
	kpdb_fmt_unix_path(p, ap, upath, sizeof(upath));
	kpdb_fmt_sockaddr((unsigned int)fam, (uint16_t)port, (uint32_t)v4, v6, upath, text,
			  sizeof(text));
	if (!j) {
		fputs(text, out->f);
		return;
	}
	kpdb_json_obj(j, am->name);
	kpdb_json_obj(j, "raw");
	kpdb_json_kv_uint(j, "fam", fam);
	kpdb_json_kv_uint(j, "port", port);
	kpdb_json_kv_uint(j, "v4", v4);
	if (v6) {
		hex_bytes(v6, 16, hex, sizeof(hex));
		kpdb_json_kv_str(j, "v6", hex);
	}
	if (fam == 1)
		kpdb_json_kv_str(j, "path", upath);
	kpdb_json_close(j);
	kpdb_json_kv_str(j, "value", text);
	kpdb_json_close(j);
}

/*
 * $retval of a function returning int, fetched as s64, holds the
 * zero-extended eax: -111 arrives as 4294967185.  An errno is never that
 * big, so a value whose upper half is zero and whose lower half is an error
 * code is that error code.
 */
static int64_t errno_value(unsigned long long v)
{
	int32_t low = (int32_t)(uint32_t)v;

	if (!(v >> 32) && low < 0 && low >= -4095)
		return low;
	return (int64_t)v;
}

/* A value with a kpdb format; false if the field does not fit the format. */
static bool formatted_value(const struct kpdb_hit_out *out, const struct kpdb_hit *hit,
			    const struct arg_map *am, struct kpdb_json *j)
{
	const struct kpdb_field *f = am->f;
	unsigned long long v = 0;
	char text[128], hex[40];
	const unsigned char *b;
	bool num_value = false;

	if (am->fmt == KPDB_FMT_SOCKADDR) {
		sockaddr_value(out, hit, am, j);
		return true;
	}
	if (!f)
		return false;
	if (am->fmt == KPDB_FMT_IPV6) {
		if (f->size < 16 || !(b = kpdb_hit_bytes(hit, f)))
			return false;
		kpdb_fmt_ipv6(b, text, sizeof(text));
		if (!j) {
			fputs(text, out->f);
			return true;
		}
		hex_bytes(b, 16, hex, sizeof(hex));
		kpdb_json_obj(j, am->name);
		kpdb_json_kv_str(j, "raw", hex);
		kpdb_json_kv_str(j, "value", text);
		kpdb_json_close(j);
		return true;
	}
	if (!num_field(hit, f, &v))
		return false;
	switch (am->fmt) {
	case KPDB_FMT_IPV4:
		kpdb_fmt_ipv4((uint32_t)v, text, sizeof(text));
		break;
	case KPDB_FMT_PORT:
		snprintf(text, sizeof(text), "%u", kpdb_fmt_port((uint16_t)v));
		num_value = true;
		break;
	case KPDB_FMT_ERRNO:
		kpdb_fmt_errno(errno_value(v), text, sizeof(text));
		break;
	case KPDB_FMT_HEX:
		snprintf(text, sizeof(text), "0x%llx", mask(v, f->size));
		break;
	case KPDB_FMT_DEC:
		if (f->is_signed)
			snprintf(text, sizeof(text), "%lld", (long long)v);
		else
			snprintf(text, sizeof(text), "%llu", v);
		num_value = true;
		break;
	default:
		return false;
	}
	if (!j) {
		fputs(text, out->f);
		return true;
	}
	kpdb_json_obj(j, am->name);
	kpdb_json_key(j, "raw");
	put_num(out->f, f, v, false);
	if (num_value) {
		kpdb_json_key(j, "value");
		fputs(text, out->f);
	} else {
		kpdb_json_kv_str(j, "value", text);
	}
	kpdb_json_close(j);
	return true;
}

static void arg_value(const struct kpdb_hit_out *out, const struct kpdb_hit *hit,
		      const struct arg_map *am, struct kpdb_json *j)
{
	if (am->fmt != KPDB_FMT_NONE && formatted_value(out, hit, am, j))
		return;
	if (!am->f) {
		if (j)
			kpdb_json_kv_str(j, am->name, NULL);
		else
			fputc('?', out->f);
		return;
	}
	plain_value(out, hit, am, j);
}

/* ---- the hit ------------------------------------------------------------------ */

static const char *func_text(const struct kpdb_hit_out *out, const struct kpdb_hit *hit,
			     const struct kpdb_bp *bp, struct type_map *m, char *buf, size_t len)
{
	const struct kpdb_event_type *t = hit->type;
	unsigned long long ip = 0, ret = 0;
	char caller[160], fn[160];

	if (!t->retprobe) {
		/* the probe's address is the same for every hit */
		if (m->func_done)
			return m->func;
		if (t->ip && kpdb_hit_num(hit, t->ip, &ip) && out->symbol &&
		    out->symbol(out->symbol_arg, ip, m->func, sizeof(m->func))) {
			m->func_done = true;
			return m->func;
		}
		if (bp && bp->spec) {
			char *addr = kpdb_probe_spec_address(bp->spec);

			if (addr) {
				snprintf(m->func, sizeof(m->func), "%s", addr);
				free(addr);
				m->func_done = true;
				return m->func;
			}
		}
		snprintf(m->func, sizeof(m->func), "0x%llx", ip);
		m->func_done = true;
		return m->func;
	}
	if (t->ip && kpdb_hit_num(hit, t->ip, &ip))
		symbol(out, ip, fn, sizeof(fn));
	else if (bp && bp->spec && bp->spec->symbol)
		snprintf(fn, sizeof(fn), "%s", bp->spec->symbol);
	else
		snprintf(fn, sizeof(fn), "?");
	if (!t->ret_ip || !kpdb_hit_num(hit, t->ret_ip, &ret)) {
		snprintf(buf, len, "%s", fn);
		return buf;
	}
	/* "caller <- func", as the kernel's own trace shows a return probe */
	symbol(out, ret, caller, sizeof(caller));
	snprintf(buf, len, "%s <- %s", caller, fn);
	return buf;
}

void kpdb_hit_print(const struct kpdb_hit_out *out, const struct kpdb_hit *hit,
		    const struct kpdb_bp *bp)
{
	struct kpdb_event_type *t = hit->type;
	struct type_map *m = t->priv;
	const char *name = bp ? bp->event : t->name;
	char fbuf[400];
	const char *func;

	if (!m) {
		m = map_build(t, bp);
		if (!m)
			return;
		t->priv = m;
		t->priv_free = map_free;
	}
	func = func_text(out, hit, bp, m, fbuf, sizeof(fbuf));

	if (out->json) {
		struct kpdb_json j;

		kpdb_json_begin(&j, out->f);
		if (bp)
			kpdb_json_kv_int(&j, "bp", bp->num);
		else
			kpdb_json_kv_str(&j, "bp", NULL);
		kpdb_json_kv_str(&j, "name", name);
		kpdb_json_kv_int(&j, "cpu", hit->cpu);
		kpdb_json_key(&j, "ts");
		put_ts(out->f, hit->ts, 0);
		kpdb_json_kv_uint(&j, "ts_ns", hit->ts);
		kpdb_json_kv_str(&j, "comm", hit->comm);
		kpdb_json_kv_int(&j, "pid", hit->pid);
		kpdb_json_kv_str(&j, "func", func);
		kpdb_json_obj(&j, "args");
		for (size_t i = 0; i < m->nargs; i++)
			arg_value(out, hit, &m->args[i], &j);
		/* not kpdb_json_end(): it flushes, once per hit is too slow */
		while (j.depth > 0)
			kpdb_json_close(&j);
		fputc('\n', out->f);
		return;
	}
	fprintf(out->f, "[%03d] ", hit->cpu);
	put_ts(out->f, hit->ts, 5);
	fprintf(out->f, " %s-%d %s %s:", hit->comm, hit->pid, name, func);
	for (size_t i = 0; i < m->nargs; i++) {
		fprintf(out->f, " %s=", m->args[i].name);
		arg_value(out, hit, &m->args[i], NULL);
	}
	fputc('\n', out->f);
}

void kpdb_lost_print(const struct kpdb_hit_out *out, int cpu, long long count,
		     unsigned long long ts)
{
	if (out->json) {
		struct kpdb_json j;

		kpdb_json_begin(&j, out->f);
		if (count >= 0)
			kpdb_json_kv_int(&j, "lost", count);
		else
			kpdb_json_kv_str(&j, "lost", NULL);
		kpdb_json_kv_int(&j, "cpu", cpu);
		kpdb_json_key(&j, "ts");
		put_ts(out->f, ts, 0);
		while (j.depth > 0)
			kpdb_json_close(&j);
		fputc('\n', out->f);
		return;
	}
	fprintf(out->f, "[%03d] ", cpu);
	put_ts(out->f, ts, 5);
	if (count >= 0)
		fprintf(out->f, " lost %lld events (ring buffer overrun)\n", count);
	else
		fputs(" lost events (ring buffer overrun, count unknown)\n", out->f);
}
