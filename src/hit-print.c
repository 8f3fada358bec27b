// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hit-print.c - plain and JSON printers of a decoded hit: they only format
 * the values hit-decode.c read from the record.
 *
 * This is the hot path of a busy probe, so it avoids what costs most there:
 * a hit is composed in a local buffer with hand-made number formatting and
 * written with one fwrite(), instead of a dozen of printf() calls per hit.
 * The JSON is the same as output.h's writer produces: strings go through
 * its escaper.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "format.h"
#include "hit-print.h"
#include "output.h"
#include "resolver.h"

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

static void w_num(struct w *w, const struct kpdb_hit_arg *a, unsigned long long v, bool hex)
{
	if (hex)
		w_hex(w, mask(v, a->size));
	else if (a->is_signed)
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
static const char *c_str(const char *s, unsigned int n, char *buf, size_t len)
{
	if (!s)
		return NULL;
	if (n >= len)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
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
static void plain_value(struct w *w, const struct kpdb_hit_arg *a)
{
	bool hex = !w->json && a->hex;
	unsigned long long v;

	switch (a->kind) {
	case KPDB_VAL_STR:
		if (w->json) {
			w_key(w, a->name);
			if (a->str)
				w_json_str(w, a->str, a->len);
			else
				w_put(w, "null", 4);
		} else if (a->str) {
			w_quoted(w, a->str, a->len);
		} else {
			w_str(w, "(fault)");
		}
		return;
	case KPDB_VAL_ARRAY:
		if (w->json)
			w_open(w, a->name, '[');
		else
			w_ch(w, '{');
		for (unsigned int i = 0; i < a->n; i++) {
			if (w->json)
				w_key(w, NULL);
			else if (i)
				w_ch(w, ',');
			w_num(w, a, kpdb_hit_arg_elem(a, i), hex);
		}
		if (w->json)
			w_close(w, ']');
		else
			w_ch(w, '}');
		return;
	case KPDB_VAL_SYMBOL:
		if (w->json) {
			w_open(w, a->name, '{');
			w_key(w, "raw");
			w_u64(w, a->num);
			w_kv_str(w, "value", a->text);
			w_close(w, '}');
		} else {
			w_str(w, a->text);
		}
		return;
	case KPDB_VAL_NUM:
		if (w->json)
			w_key(w, a->name);
		if (a->sbits && !hex) {
			unsigned long long sign = 1ULL << (a->sbits - 1);

			v = a->num & ((sign << 1) - 1);
			w_i64(w, (long long)(v ^ sign) - (long long)sign);
			return;
		}
		w_num(w, a, a->num, hex);
		return;
	default:
		missing(w, a->name);
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

static void sockaddr_value(struct w *w, const struct kpdb_hit_arg *a)
{
	char path[256], apath[256], upath[260], text[400], hex[40];

	kpdb_fmt_unix_path(c_str(a->sa.path, a->sa.path_len, path, sizeof(path)),
			   c_str(a->sa.apath, a->sa.apath_len, apath, sizeof(apath)), upath,
			   sizeof(upath));
	kpdb_fmt_sockaddr((unsigned int)a->sa.fam, (uint16_t)a->sa.port, (uint32_t)a->sa.v4,
			  a->sa.v6, upath, text, sizeof(text));
	if (!w->json) {
		w_str(w, text);
		return;
	}
	w_open(w, a->name, '{');
	w_open(w, "raw", '{');
	w_key(w, "fam");
	w_u64(w, a->sa.fam);
	w_key(w, "port");
	w_u64(w, a->sa.port);
	w_key(w, "v4");
	w_u64(w, a->sa.v4);
	if (a->sa.v6) {
		hex_bytes(a->sa.v6, 16, hex, sizeof(hex));
		w_kv_str(w, "v6", hex);
	}
	if (a->sa.fam == 1)
		w_kv_str(w, "path", upath);
	w_close(w, '}');
	w_kv_str(w, "value", text);
	w_close(w, '}');
}

static void ipv6_value(struct w *w, const struct kpdb_hit_arg *a)
{
	char text[128], hex[40];

	kpdb_fmt_ipv6(a->bytes, text, sizeof(text));
	if (!w->json) {
		w_str(w, text);
		return;
	}
	hex_bytes(a->bytes, 16, hex, sizeof(hex));
	w_open(w, a->name, '{');
	w_kv_str(w, "raw", hex);
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

/* A number with a kpdb format. */
static void formatted_number(struct w *w, const struct kpdb_hit_arg *a)
{
	unsigned long long v = a->num;
	bool num_value = false;
	char text[128];

	switch (a->fmt) {
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
		snprintf(text, sizeof(text), "0x%llx", mask(v, a->size));
		break;
	default:	/* KPDB_FMT_DEC */
		if (a->is_signed)
			snprintf(text, sizeof(text), "%lld", (long long)v);
		else
			snprintf(text, sizeof(text), "%llu", v);
		num_value = true;
		break;
	}
	if (!w->json) {
		w_str(w, text);
		return;
	}
	w_open(w, a->name, '{');
	w_key(w, "raw");
	w_num(w, a, v, false);
	if (num_value) {
		w_key(w, "value");
		w_str(w, text);
	} else {
		w_kv_str(w, "value", text);
	}
	w_close(w, '}');
}

static void arg_value(struct w *w, const struct kpdb_hit_arg *a)
{
	switch (a->fmt) {
	case KPDB_FMT_NONE:
		plain_value(w, a);
		return;
	case KPDB_FMT_SOCKADDR:
		sockaddr_value(w, a);
		return;
	case KPDB_FMT_IPV6:
		ipv6_value(w, a);
		return;
	default:
		formatted_number(w, a);
		return;
	}
}

/* ---- the hit ------------------------------------------------------------------ */

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
 * its address.
 */
static void w_frame(struct w *w, const struct kpdb_hit_frame *f)
{
	size_t k = 0;

	for (; k < f->nsrc && f->src[k].inlined; k++)
		w_frame_line(w, f->addr, f->src[k].func, &f->src[k], true);
	w_frame_line(w, f->addr, f->sym, k < f->nsrc ? &f->src[k] : NULL, false);
}

/* The "stack" array of a JSON hit, or the frames under a human one. */
static void w_stack(struct w *w, const struct kpdb_hit_frame *frames, size_t n)
{
	if (w->json)
		w_open(w, "stack", '[');
	for (size_t i = 0; i < n; i++)
		w_frame(w, &frames[i]);
	if (w->json)
		w_close(w, ']');
}

void kpdb_stack_print(const struct kpdb_hit_out *out, const struct kpdb_hit_frame *frames,
		      size_t n)
{
	struct w w = { .f = out->f, .json = out->json };

	if (w.json) {
		w_open(&w, NULL, '{');
		w_stack(&w, frames, n);
		w_close(&w, '}');
		w_ch(&w, '\n');
	} else {
		w_stack(&w, frames, n);
	}
	w_flush(&w);
}

void kpdb_hit_print(const struct kpdb_hit_out *out, const struct kpdb_hit *hit)
{
	struct w w;

	w.f = out->f;
	w.n = 0;
	w.json = out->json;
	w.depth = 0;

	if (w.json) {
		w_open(&w, NULL, '{');
		w_key(&w, "bp");
		if (hit->num)
			w_i64(&w, hit->num);
		else
			w_put(&w, "null", 4);
		w_kv_str(&w, "name", hit->name);
		w_key(&w, "cpu");
		w_i64(&w, hit->cpu);
		w_key(&w, "ts");
		w_ts(&w, hit->ts, 0);
		w_key(&w, "ts_ns");
		w_u64(&w, hit->ts);
		w_kv_str(&w, "comm", hit->comm);
		w_key(&w, "pid");
		w_i64(&w, hit->pid);
		w_kv_str(&w, "func", hit->func);
		if (hit->caller)
			w_kv_str(&w, "caller", hit->caller);
		w_open(&w, "args", '{');
		for (size_t i = 0; i < hit->nargs; i++)
			arg_value(&w, &hit->args[i]);
		w_close(&w, '}');
		if (hit->has_stack)
			w_stack(&w, hit->frames, hit->nframes);
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
		w_str(&w, hit->name);
		w_ch(&w, ' ');
		/* "caller <- func", as the kernel's own trace shows a return probe */
		if (hit->caller) {
			w_str(&w, hit->caller);
			w_put(&w, " <- ", 4);
		}
		w_str(&w, hit->func);
		w_ch(&w, ':');
		for (size_t i = 0; i < hit->nargs; i++) {
			w_ch(&w, ' ');
			w_str(&w, hit->args[i].name);
			w_ch(&w, '=');
			arg_value(&w, &hit->args[i]);
		}
	}
	w_ch(&w, '\n');
	if (!w.json && hit->has_stack)
		w_stack(&w, hit->frames, hit->nframes);
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
