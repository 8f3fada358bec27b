// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hit-print.c - plain and JSON printers of a decoded hit.
 *
 * This is the hot path of a busy probe, so it avoids what costs most there:
 * how a breakpoint's arguments map onto its event's fields is worked out once
 * per event type (kept in the type's priv), and a hit is composed in a local
 * buffer with hand-made number formatting and written with one fwrite(),
 * instead of a dozen of printf() calls per hit.  The JSON is the same as
 * output.h's writer produces: strings go through its escaper.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "format.h"
#include "hit-print.h"
#include "kpdb.h"
#include "output.h"
#include "probe-spec.h"
#include "resolver.h"

enum { SA_FAM, SA_PORT, SA_V4, SA_V6, SA_PATH, SA_APATH, SA_N };

static const char *const sa_suffix[SA_N] = {
	"__fam", "__port", "__v4", "__v6", "__path", "__apath",
};

struct arg_map {
	const char *name;
	enum kpdb_fmt fmt;
	bool symbol;			/* kernel type "symbol" */
	bool hex;			/* kernel type x8..x64: 6.1's format file says u64 */
	int sbits;			/* a signed bitfield b<sbits>@..: sign-extend from it */
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
		am->hex = a->ktype && a->ktype[0] == 'x' && isdigit((unsigned char)a->ktype[1]);
		if (a->bit_signed && a->ktype && sscanf(a->ktype, "b%d@", &am->sbits) == 1 &&
		    (am->sbits < 1 || am->sbits > 63))
			am->sbits = 0;
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

/* ---- a line being composed ------------------------------------------------- */

struct w {
	FILE *f;
	size_t n;
	bool json;
	int depth;		/* JSON nesting */
	bool first[8];		/* no value yet at this depth */
	char buf[8192];
};

static void w_flush(struct w *w)
{
	if (w->n)
		fwrite(w->buf, 1, w->n, w->f);
	w->n = 0;
}

static void w_put(struct w *w, const char *s, size_t len)
{
	if (w->n + len > sizeof(w->buf)) {
		w_flush(w);
		if (len > sizeof(w->buf)) {
			fwrite(s, 1, len, w->f);
			return;
		}
	}
	memcpy(w->buf + w->n, s, len);
	w->n += len;
}

static void w_str(struct w *w, const char *s)
{
	w_put(w, s, strlen(s));
}

static void w_ch(struct w *w, char c)
{
	if (w->n == sizeof(w->buf))
		w_flush(w);
	w->buf[w->n++] = c;
}

/* @v in decimal, right-aligned in @width, padded with @pad. */
static void w_u64p(struct w *w, unsigned long long v, int width, char pad)
{
	char tmp[24];
	int i = sizeof(tmp);

	do {
		tmp[--i] = '0' + v % 10;
		v /= 10;
	} while (v);
	while ((int)sizeof(tmp) - i < width)
		tmp[--i] = pad;
	w_put(w, tmp + i, sizeof(tmp) - i);
}

static void w_u64(struct w *w, unsigned long long v)
{
	if (v < 10)	/* most array bytes and flags */
		w_ch(w, '0' + v);
	else
		w_u64p(w, v, 0, ' ');
}

static void w_i64(struct w *w, long long v)
{
	if (v < 0) {
		w_ch(w, '-');
		w_u64(w, -(unsigned long long)v);
	} else {
		w_u64(w, v);
	}
}

static void w_hex(struct w *w, unsigned long long v)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[20];
	int i = sizeof(tmp);

	do {
		tmp[--i] = digits[v & 15];
		v >>= 4;
	} while (v);
	tmp[--i] = 'x';
	tmp[--i] = '0';
	w_put(w, tmp + i, sizeof(tmp) - i);
}

/* Seconds with microseconds, rounded to the nearest as ftrace's ns2usecs() does. */
static void w_ts(struct w *w, unsigned long long ts, int width)
{
	unsigned long long us = (ts + 500) / 1000, frac = us % 1000000;
	char tmp[7];

	w_u64p(w, us / 1000000, width, ' ');
	for (int i = 6; i > 0; i--) {
		tmp[i] = '0' + frac % 10;
		frac /= 10;
	}
	tmp[0] = '.';
	w_put(w, tmp, 7);
}

/*
 * @s escaped by output.c's escaper of the whole program, straight into the
 * line: for JSON, or for a terminal (quotes, backslashes, controls, C1
 * controls and bytes of no UTF-8 character escaped).
 */
static void w_escape(struct w *w, const char *s, size_t len, bool json)
{
	size_t used;

	while (len) {
		if (sizeof(w->buf) - w->n < KPDB_ESC_MAX)
			w_flush(w);
		if (json)
			w->n += kpdb_json_escape(w->buf + w->n, sizeof(w->buf) - w->n, s, len,
						 &used);
		else
			w->n += kpdb_text_escape(w->buf + w->n, sizeof(w->buf) - w->n, s, len,
						 &used, true);
		s += used;
		len -= used;
	}
}

static void w_json_str(struct w *w, const char *s, size_t len)
{
	w_ch(w, '"');
	w_escape(w, s, len, true);
	w_ch(w, '"');
}

/* The key of the next JSON value (NULL inside arrays), with its comma. */
static void w_key(struct w *w, const char *key)
{
	if (!w->first[w->depth])
		w_ch(w, ',');
	w->first[w->depth] = false;
	if (key) {
		w_json_str(w, key, strlen(key));
		w_ch(w, ':');
	}
}

static void w_open(struct w *w, const char *key, char c)
{
	if (w->depth)
		w_key(w, key);
	w_ch(w, c);
	if (w->depth < (int)sizeof(w->first) - 1)
		w->depth++;
	w->first[w->depth] = true;
}

static void w_close(struct w *w, char c)
{
	w_ch(w, c);
	if (w->depth)
		w->depth--;
}

static void w_kv_str(struct w *w, const char *key, const char *s)
{
	w_key(w, key);
	if (s)
		w_json_str(w, s, strlen(s));
	else
		w_put(w, "null", 4);
}

/* ---- values ---------------------------------------------------------------- */

static unsigned long long mask(unsigned long long v, unsigned int size)
{
	return size >= 8 ? v : v & ((1ULL << (size * 8)) - 1);
}

static void w_num(struct w *w, const struct kpdb_field *fl, unsigned long long v, bool hex)
{
	unsigned int size = fl->kind == KPDB_FIELD_ARRAY ? fl->elem_size : fl->size;

	if (hex)
		w_hex(w, mask(v, size));
	else if (fl->is_signed)
		w_i64(w, (long long)v);
	else
		w_u64(w, v);
}

/*
 * A string for humans: quoted as the kernel's trace does, and escaped, so
 * that what a traced program chose cannot drive the user's terminal.
 */
static void w_quoted(struct w *w, const char *s, unsigned int len)
{
	w_ch(w, '"');
	w_escape(w, s, len, false);
	w_ch(w, '"');
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

static void missing(struct w *w, const char *name)
{
	if (w->json)
		w_kv_str(w, name, NULL);
	else
		w_ch(w, '?');
}

/* A value without kpdb format, as the kernel's types say. */
static void plain_value(const struct kpdb_hit_out *out, struct w *w, const struct kpdb_hit *hit,
			const struct arg_map *am)
{
	const struct kpdb_field *f = am->f;
	bool hex = !w->json && (f->hex || am->hex);
	unsigned long long v;
	const char *s;
	unsigned int n;
	char buf[256];

	switch (f->kind) {
	case KPDB_FIELD_STRING:
		s = kpdb_hit_str(hit, f, &n);
		if (w->json) {
			w_key(w, am->name);
			if (s)
				w_json_str(w, s, n);
			else
				w_put(w, "null", 4);
		} else if (s) {
			w_quoted(w, s, n);
		} else {
			w_str(w, "(fault)");
		}
		return;
	case KPDB_FIELD_ARRAY:
		if (w->json)
			w_open(w, am->name, '[');
		else
			w_ch(w, '{');
		for (unsigned int i = 0; f->elem_size && i < f->size / f->elem_size; i++) {
			if (!kpdb_hit_elem(hit, f, i, &v))
				break;
			if (w->json)
				w_key(w, NULL);
			else if (i)
				w_ch(w, ',');
			w_num(w, f, v, hex);
		}
		if (w->json)
			w_close(w, ']');
		else
			w_ch(w, '}');
		return;
	case KPDB_FIELD_NUM:
		if (!kpdb_hit_num(hit, f, &v)) {
			missing(w, am->name);
			return;
		}
		if (am->symbol) {
			symbol(out, v, buf, sizeof(buf));
			if (w->json) {
				w_open(w, am->name, '{');
				w_key(w, "raw");
				w_u64(w, v);
				w_kv_str(w, "value", buf);
				w_close(w, '}');
			} else {
				w_str(w, buf);
			}
			return;
		}
		if (w->json)
			w_key(w, am->name);
		if (am->sbits && !hex) {
			unsigned long long sign = 1ULL << (am->sbits - 1);

			v &= (sign << 1) - 1;
			w_i64(w, (long long)(v ^ sign) - (long long)sign);
			return;
		}
		w_num(w, f, v, hex);
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

static void sockaddr_value(struct w *w, const struct kpdb_hit *hit, const struct arg_map *am)
{
	unsigned long long fam = 0, port = 0, v4 = 0;
	const unsigned char *v6 = NULL;
	char path[256], apath[256], upath[260], text[400], hex[40];
	const char *p, *ap;

	if (!num_field(hit, am->sa[SA_FAM], &fam)) {
		missing(w, am->name);
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
	if (!w->json) {
		w_str(w, text);
		return;
	}
	w_open(w, am->name, '{');
	w_open(w, "raw", '{');
	w_key(w, "fam");
	w_u64(w, fam);
	w_key(w, "port");
	w_u64(w, port);
	w_key(w, "v4");
	w_u64(w, v4);
	if (v6) {
		hex_bytes(v6, 16, hex, sizeof(hex));
		w_kv_str(w, "v6", hex);
	}
	if (fam == 1)
		w_kv_str(w, "path", upath);
	w_close(w, '}');
	w_kv_str(w, "value", text);
	w_close(w, '}');
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
static bool formatted_value(struct w *w, const struct kpdb_hit *hit, const struct arg_map *am)
{
	const struct kpdb_field *f = am->f;
	unsigned long long v = 0;
	char text[128], hex[40];
	const unsigned char *b;
	bool num_value = false;

	if (am->fmt == KPDB_FMT_SOCKADDR) {
		sockaddr_value(w, hit, am);
		return true;
	}
	if (!f)
		return false;
	if (am->fmt == KPDB_FMT_IPV6) {
		if (f->size < 16 || !(b = kpdb_hit_bytes(hit, f)))
			return false;
		kpdb_fmt_ipv6(b, text, sizeof(text));
		if (!w->json) {
			w_str(w, text);
			return true;
		}
		hex_bytes(b, 16, hex, sizeof(hex));
		w_open(w, am->name, '{');
		w_kv_str(w, "raw", hex);
		w_kv_str(w, "value", text);
		w_close(w, '}');
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
	if (!w->json) {
		w_str(w, text);
		return true;
	}
	w_open(w, am->name, '{');
	w_key(w, "raw");
	w_num(w, f, v, false);
	if (num_value) {
		w_key(w, "value");
		w_str(w, text);
	} else {
		w_kv_str(w, "value", text);
	}
	w_close(w, '}');
	return true;
}

static void arg_value(const struct kpdb_hit_out *out, struct w *w, const struct kpdb_hit *hit,
		      const struct arg_map *am)
{
	if (am->fmt != KPDB_FMT_NONE && formatted_value(w, hit, am))
		return;
	if (!am->f) {
		missing(w, am->name);
		return;
	}
	plain_value(out, w, hit, am);
}

/* ---- the hit ------------------------------------------------------------------ */

/*
 * On a kernel built with IBT (6.12's cloud kernel) a kprobe on a function's
 * first byte is moved past its 4-byte ENDBR64, so the kernel reports
 * __sys_connect+0x4 for a breakpoint set on __sys_connect: that is still the
 * entry the user asked for, and is shown as such.
 */
static void entry_name(const struct kpdb_bp *bp, char *func)
{
	const struct kpdb_probe_spec *spec = bp ? bp->spec : NULL;
	const char *loc, *colon;
	size_t n;

	if (!spec || !spec->symbol || spec->line)
		return;
	/* NAME#N or FILE:FUNC, written as _text+OFF: a function's entry too */
	if (!strcmp(spec->symbol, "_text")) {
		loc = spec->location;
		colon = loc ? strrchr(loc, ':') : NULL;
		if (!loc || strchr(loc, '+') || (colon && isdigit((unsigned char)colon[1])))
			return;
		n = strlen(func);
		if (n > 4 && !strcmp(func + n - 4, "+0x4"))
			func[n - 4] = '\0';
		return;
	}
	if (spec->offset)
		return;
	n = strlen(spec->symbol);
	if (!strncmp(func, spec->symbol, n) && !strcmp(func + n, "+0x4"))
		func[n] = '\0';
}

/*
 * The probed location: for a kprobe "sym+off", the same for every hit; for a
 * kretprobe the function, and in @caller where it returned to.
 */
static const char *func_text(const struct kpdb_hit_out *out, const struct kpdb_hit *hit,
			     const struct kpdb_bp *bp, struct type_map *m, char *fn, size_t len,
			     char *caller, size_t clen)
{
	const struct kpdb_event_type *t = hit->type;
	unsigned long long ip = 0, ret = 0;

	if (!t->retprobe) {
		/* the probe's address is the same for every hit */
		if (m->func_done)
			return m->func;
		m->func_done = true;
		if (t->ip && kpdb_hit_num(hit, t->ip, &ip) && out->symbol &&
		    out->symbol(out->symbol_arg, ip, m->func, sizeof(m->func))) {
			entry_name(bp, m->func);
			return m->func;
		}
		if (bp && bp->spec) {
			char *addr = kpdb_probe_spec_address(bp->spec);

			if (addr) {
				snprintf(m->func, sizeof(m->func), "%s", addr);
				free(addr);
				return m->func;
			}
		}
		snprintf(m->func, sizeof(m->func), "0x%llx", ip);
		return m->func;
	}
	if (t->ip && kpdb_hit_num(hit, t->ip, &ip) && symbol(out, ip, fn, len))
		entry_name(bp, fn);
	else if (bp && bp->spec && bp->spec->symbol)
		snprintf(fn, len, "%s", bp->spec->symbol);
	else
		snprintf(fn, len, "?");
	if (t->ret_ip && kpdb_hit_num(hit, t->ret_ip, &ret))
		symbol(out, ret, caller, clen);
	return fn;
}

/*
 * One line (or JSON object) of a stack: @name is "sym+0x1f", an inlined
 * copy's function, or NULL (the bare address); @src its file:line, or NULL.
 */
static void w_frame_line(struct w *w, unsigned long long addr, const char *name,
			 const struct kpdb_src_frame *src, bool inlined)
{
	if (w->json) {
		w_open(w, NULL, '{');
		w_key(w, "addr");
		w_ch(w, '"');
		w_hex(w, addr);
		w_ch(w, '"');
		w_kv_str(w, "func", name);
		if (src) {
			w_kv_str(w, "file", src->file[0] ? src->file : NULL);
			w_key(w, "line");
			if (src->line)
				w_i64(w, src->line);
			else
				w_put(w, "null", 4);
			w_key(w, "inlined");
			w_str(w, inlined ? "true" : "false");
		}
		w_close(w, '}');
		return;
	}
	w_put(w, "      ", 6);
	if (name)
		w_escape(w, name, strlen(name), false);
	else
		w_hex(w, addr);
	if (inlined)
		w_str(w, " (inlined)");
	if (src && src->file[0]) {
		w_str(w, " at ");
		w_escape(w, src->file, strlen(src->file), false);
		w_ch(w, ':');
		w_i64(w, src->line);
	}
	w_ch(w, '\n');
}

/*
 * One frame: "sym+0x1f", or the bare address when kallsyms does not know
 * it; with debug info, at its file:line, after the inlined copies that hold
 * its address.  Every frame is a return address (the probed function's own
 * is where the trap or the ftrace call returns to): its line is the call's,
 * at the address - 1, as addr2line users and perf look it up.
 */
static void w_frame(const struct kpdb_hit_out *out, struct w *w, unsigned long long addr)
{
	struct kpdb_src_frame src[KPDB_SRC_FRAMES_MAX];
	char buf[160];
	const char *sym = out->symbol ? out->symbol(out->symbol_arg, addr, buf, sizeof(buf)) :
					NULL;
	size_t n = out->lines && addr ? out->lines(out->lines_arg, addr - 1, src,
						     KPDB_SRC_FRAMES_MAX) : 0;
	size_t k = 0;

	for (; k < n && src[k].inlined; k++)
		w_frame_line(w, addr, src[k].func, &src[k], true);
	w_frame_line(w, addr, sym, k < n ? &src[k] : NULL, false);
}

/* The "stack" array of a JSON hit, or the frames under a human one. */
static void w_stack(const struct kpdb_hit_out *out, struct w *w,
		    const unsigned long long *frames, size_t n)
{
	if (w->json)
		w_open(w, "stack", '[');
	for (size_t i = 0; i < n; i++)
		w_frame(out, w, frames[i]);
	if (w->json)
		w_close(w, ']');
}

void kpdb_stack_print(const struct kpdb_hit_out *out, const unsigned long long *frames, size_t n)
{
	struct w w = { .f = out->f, .json = out->json };

	if (w.json) {
		w_open(&w, NULL, '{');
		w_stack(out, &w, frames, n);
		w_close(&w, '}');
		w_ch(&w, '\n');
	} else {
		w_stack(out, &w, frames, n);
	}
	w_flush(&w);
}

void kpdb_hit_print(const struct kpdb_hit_out *out, const struct kpdb_hit *hit,
		    const struct kpdb_bp *bp)
{
	struct kpdb_event_type *t = hit->type;
	struct type_map *m = t->priv;
	const char *name = bp ? bp->event : t->name;
	char fbuf[160], caller[160] = "";
	const char *func;
	struct w w;

	if (!m) {
		m = map_build(t, bp);
		if (!m)
			return;
		t->priv = m;
		t->priv_free = map_free;
	}
	func = func_text(out, hit, bp, m, fbuf, sizeof(fbuf), caller, sizeof(caller));
	w.f = out->f;
	w.n = 0;
	w.json = out->json;
	w.depth = 0;

	if (w.json) {
		w_open(&w, NULL, '{');
		w_key(&w, "bp");
		if (bp)
			w_i64(&w, bp->num);
		else
			w_put(&w, "null", 4);
		w_kv_str(&w, "name", name);
		w_key(&w, "cpu");
		w_i64(&w, hit->cpu);
		w_key(&w, "ts");
		w_ts(&w, hit->ts, 0);
		w_key(&w, "ts_ns");
		w_u64(&w, hit->ts);
		w_kv_str(&w, "comm", hit->comm);
		w_key(&w, "pid");
		w_i64(&w, hit->pid);
		w_kv_str(&w, "func", func);
		if (caller[0])
			w_kv_str(&w, "caller", caller);
		w_open(&w, "args", '{');
		for (size_t i = 0; i < m->nargs; i++)
			arg_value(out, &w, hit, &m->args[i]);
		w_close(&w, '}');
		if (hit->stack)
			w_stack(out, &w, hit->stack, hit->nstack);
		w_close(&w, '}');
	} else {
		w_ch(&w, '[');
		w_u64p(&w, hit->cpu, 3, '0');
		w_put(&w, "] ", 2);
		w_ts(&w, hit->ts, 5);
		w_ch(&w, ' ');
		w_escape(&w, hit->comm, strlen(hit->comm), false);
		w_ch(&w, '-');
		w_i64(&w, hit->pid);
		w_ch(&w, ' ');
		w_str(&w, name);
		w_ch(&w, ' ');
		/* "caller <- func", as the kernel's own trace shows a return probe */
		if (caller[0]) {
			w_str(&w, caller);
			w_put(&w, " <- ", 4);
		}
		w_str(&w, func);
		w_ch(&w, ':');
		for (size_t i = 0; i < m->nargs; i++) {
			w_ch(&w, ' ');
			w_str(&w, m->args[i].name);
			w_ch(&w, '=');
			arg_value(out, &w, hit, &m->args[i]);
		}
	}
	w_ch(&w, '\n');
	if (!w.json && hit->stack)
		w_stack(out, &w, hit->stack, hit->nstack);
	w_flush(&w);
}

void kpdb_lost_print(const struct kpdb_hit_out *out, int cpu, long long count,
		     unsigned long long ts)
{
	struct w w = { .f = out->f, .json = out->json };

	if (w.json) {
		w_open(&w, NULL, '{');
		w_key(&w, "lost");
		if (count >= 0)
			w_i64(&w, count);
		else
			w_put(&w, "null", 4);
		w_key(&w, "cpu");
		w_i64(&w, cpu);
		w_key(&w, "ts");
		w_ts(&w, ts, 0);
		w_close(&w, '}');
		w_ch(&w, '\n');
		w_flush(&w);
		return;
	}
	fprintf(out->f, "[%03d] ", cpu);
	w_ts(&w, ts, 5);
	w_flush(&w);
	if (count >= 0)
		fprintf(out->f, " lost %lld events (ring buffer overrun)\n", count);
	else
		fputs(" lost events (ring buffer overrun, count unknown)\n", out->f);
}
