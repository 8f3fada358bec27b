// SPDX-License-Identifier: GPL-2.0-or-later
/* output.c - JSON Lines writer; plain output is ordinary stdio. */
#include <math.h>
#include <stdio.h>

#include "output.h"

/*
 * The length of the well-formed UTF-8 sequence at @p (RFC 3629: no
 * overlong forms, no surrogates, nothing past U+10FFFF), or 0.
 */
static int utf8_len(const unsigned char *p, unsigned int *cp)
{
	unsigned int c = p[0], min;
	int n;

	if (c >= 0xc2 && c <= 0xdf) {
		n = 2, c &= 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3, c &= 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	for (int i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)	/* also stops at the NUL */
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/**
 * kpdb_json_str - @s as a JSON string.  Well-formed UTF-8 is kept as it is
 * (C1 controls escaped); control bytes, DEL and bytes that are not part of
 * well-formed UTF-8 are escaped as \u00XX (their Latin-1 reading), so any
 * input, even binary, yields valid JSON.
 */
void kpdb_json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned int cp;
	int n;

	fputc('"', f);
	for (; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		case '\b': fputs("\\b", f); break;
		case '\f': fputs("\\f", f); break;
		default:
			n = *p >= 0x80 ? utf8_len(p, &cp) : 0;
			if (*p >= 0x20 && *p < 0x7f)
				fputc(*p, f);
			else if (n > 0 && cp >= 0xa0)
				fwrite(p, 1, (size_t)n, f);
			else if (n > 0)
				fprintf(f, "\\u%04x", cp);	/* a C1 control */
			else
				fprintf(f, "\\u%04x", *p);
			if (n > 0)
				p += n - 1;
		}
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
