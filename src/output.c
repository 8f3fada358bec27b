// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * output.c - JSON Lines writer, and the one place where bytes a traced
 * program chose (its comm, a string it passed) are escaped for JSON or for
 * a terminal; plain output is otherwise ordinary stdio.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "output.h"

static const char hexdigits[] = "0123456789abcdef";

int kpdb_utf8_len(const char *s, size_t len, unsigned int *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned int c = len ? p[0] : 0, min;
	size_t n;

	if (c >= 0xc2 && c <= 0xdf) {
		n = 2, c &= 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3, c &= 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n > len)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	/* no overlong forms, no surrogates, nothing past U+10FFFF (RFC 3629) */
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return (int)n;
}

static size_t put_u00(char *out, unsigned int c)
{
	memcpy(out, "\\u00", 4);
	out[4] = hexdigits[c >> 4 & 15];
	out[5] = hexdigits[c & 15];
	return 6;
}

static size_t put_x(char *out, unsigned char c)
{
	out[0] = '\\';
	out[1] = 'x';
	out[2] = hexdigits[c >> 4];
	out[3] = hexdigits[c & 15];
	return 4;
}

/* JSON's two-character escape of @c, or 0. */
static char short_escape(unsigned char c)
{
	switch (c) {
	case '"': return '"';
	case '\\': return '\\';
	case '\n': return 'n';
	case '\r': return 'r';
	case '\t': return 't';
	case '\b': return 'b';
	case '\f': return 'f';
	}
	return 0;
}

/*
 * Copies the character at @p (@len bytes left) to @out when a reader sees it
 * as itself: printable ASCII, or UTF-8 above the C1 controls.  Returns its
 * length, or 0 with its UTF-8 length in *@u (0: not a character).
 */
static size_t plain_char(char *out, const unsigned char *p, size_t len, int *u,
			 unsigned int *cp)
{
	*u = 0;
	if (*p >= 0x20 && *p < 0x7f) {
		out[0] = (char)*p;
		return 1;
	}
	if (*p >= 0x80)
		*u = kpdb_utf8_len((const char *)p, len, cp);
	if (*u > 0 && *cp >= 0xa0) {
		memcpy(out, p, (size_t)*u);
		return (size_t)*u;
	}
	return 0;
}

/* The JSON form of the character at @p (@len bytes left) in @out; its input length in *@n. */
static size_t json_char(char *out, const unsigned char *p, size_t len, size_t *n)
{
	unsigned int cp = *p;
	size_t k;
	int u;

	*n = 1;
	if (short_escape(*p)) {
		out[0] = '\\';
		out[1] = short_escape(*p);
		return 2;
	}
	k = plain_char(out, p, len, &u, &cp);
	if (k) {
		*n = k;
		return k;
	}
	if (u > 0)
		*n = (size_t)u;		/* a C1 control: its code point */
	return put_u00(out, cp);	/* else a control, DEL, or a byte of no character */
}

/* The same for a terminal; @quoted: inside "...", as the kernel's trace quotes strings. */
static size_t text_char(char *out, const unsigned char *p, size_t len, size_t *n, bool quoted)
{
	unsigned int cp = 0;
	size_t k;
	int u;

	*n = 1;
	if (quoted && (*p == '"' || *p == '\\' || *p == '\n' || *p == '\t')) {
		out[0] = '\\';
		out[1] = *p == '\n' ? 'n' : *p == '\t' ? 't' : (char)*p;
		return 2;
	}
	k = plain_char(out, p, len, &u, &cp);
	if (k) {
		*n = k;
		return k;
	}
	if (u > 0) {
		/* U+0080..U+009F: a UTF-8 terminal obeys them as C1 controls */
		*n = 2;
		put_x(out, p[0]);
		return 4 + put_x(out + 4, p[1]);
	}
	return put_x(out, *p);
}

enum esc_mode { ESC_JSON, ESC_TEXT, ESC_TEXT_QUOTED };

static size_t escape(char *dst, size_t cap, const char *s, size_t len, size_t *used,
		     enum esc_mode mode)
{
	const unsigned char *p = (const unsigned char *)s;
	char tmp[KPDB_ESC_MAX];
	size_t o = 0, i = 0, k, n;

	while (i < len) {
		/* the common case, on the hot path of hits: a plain ASCII byte */
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' && p[i] != '\\') {
			if (o == cap)
				break;
			dst[o++] = (char)p[i++];
			continue;
		}
		if (mode == ESC_JSON)
			k = json_char(tmp, p + i, len - i, &n);
		else
			k = text_char(tmp, p + i, len - i, &n, mode == ESC_TEXT_QUOTED);
		if (o + k > cap)
			break;
		memcpy(dst + o, tmp, k);
		o += k;
		i += n;
	}
	*used = i;
	return o;
}

size_t kpdb_json_escape(char *dst, size_t cap, const char *s, size_t len, size_t *used)
{
	return escape(dst, cap, s, len, used, ESC_JSON);
}

size_t kpdb_text_escape(char *dst, size_t cap, const char *s, size_t len, size_t *used,
			bool quoted)
{
	return escape(dst, cap, s, len, used, quoted ? ESC_TEXT_QUOTED : ESC_TEXT);
}

void kpdb_json_str(FILE *f, const char *s)
{
	size_t len = strlen(s), used, n;
	char buf[256];

	fputc('"', f);
	while (len) {
		n = kpdb_json_escape(buf, sizeof(buf), s, len, &used);
		fwrite(buf, 1, n, f);
		s += used;
		len -= used;
	}
	fputc('"', f);
}

static void sep(struct kpdb_json *j)
{
	if (j->depth <= 0)
		return;
	if (!j->first[j->depth])
		fputc(',', j->f);
	j->first[j->depth] = false;
}

static void open_level(struct kpdb_json *j, char c)
{
	fputc(c, j->f);
	if (j->depth < (int)sizeof(j->first) - 1)
		j->depth++;
	j->first[j->depth] = true;
	j->kind[j->depth] = c;
}

void kpdb_json_begin(struct kpdb_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	open_level(j, '{');
}

void kpdb_json_close(struct kpdb_json *j)
{
	if (j->depth <= 0)
		return;
	fputc(j->kind[j->depth] == '[' ? ']' : '}', j->f);
	j->depth--;
}

void kpdb_json_end(struct kpdb_json *j)
{
	while (j->depth > 0)
		kpdb_json_close(j);
	fputc('\n', j->f);
	fflush(j->f);
}

void kpdb_json_key(struct kpdb_json *j, const char *key)
{
	sep(j);
	if (key) {
		kpdb_json_str(j->f, key);
		fputc(':', j->f);
	}
}

void kpdb_json_kv_str(struct kpdb_json *j, const char *key, const char *val)
{
	kpdb_json_key(j, key);
	if (val)
		kpdb_json_str(j->f, val);
	else
		fputs("null", j->f);
}

void kpdb_json_kv_int(struct kpdb_json *j, const char *key, long long val)
{
	kpdb_json_key(j, key);
	fprintf(j->f, "%lld", val);
}

void kpdb_json_kv_uint(struct kpdb_json *j, const char *key, unsigned long long val)
{
	kpdb_json_key(j, key);
	fprintf(j->f, "%llu", val);
}

void kpdb_json_kv_bool(struct kpdb_json *j, const char *key, bool val)
{
	kpdb_json_key(j, key);
	fputs(val ? "true" : "false", j->f);
}

void kpdb_json_kv_double(struct kpdb_json *j, const char *key, double val)
{
	kpdb_json_key(j, key);
	if (isfinite(val))
		fprintf(j->f, "%.9g", val);
	else
		fputs("null", j->f);
}

void kpdb_json_obj(struct kpdb_json *j, const char *key)
{
	kpdb_json_key(j, key);
	open_level(j, '{');
}

void kpdb_json_arr(struct kpdb_json *j, const char *key)
{
	kpdb_json_key(j, key);
	open_level(j, '[');
}

void kpdb_json_str_item(struct kpdb_json *j, const char *val)
{
	kpdb_json_kv_str(j, NULL, val);
}

void kpdb_json_int_item(struct kpdb_json *j, long long val)
{
	kpdb_json_kv_int(j, NULL, val);
}
