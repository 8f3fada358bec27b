// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hist.c - a hist trigger's table, from the text the kernel shows in the
 * event's hist file:
 *
 *   { common_pid: dd              [      1234] } hitcount:       1000  count: 4096000
 *   { count: ~ 2^12 } hitcount:       1000
 *   { stacktrace:
 *            ksys_read+0x73/0xf0
 *            do_syscall_64+0x3b/0x90
 *   } hitcount:          3
 *
 *   Totals:
 *       Hits: 1234
 *       Entries: 5
 *       Dropped: 0
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "output.h"

#define BAR_WIDTH 40

static char *dup_trim(const char *s, size_t n)
{
	char *d;

	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	d = malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static int add_kv(struct kpdb_hist_row *r, const char *name, size_t nlen, const char *val,
		  size_t vlen)
{
	struct kpdb_hist_kv *v = realloc(r->keys, (r->nkeys + 1) * sizeof(*v));

	if (!v)
		return -1;
	r->keys = v;
	v[r->nkeys].name = dup_trim(name, nlen);
	v[r->nkeys].value = dup_trim(val, vlen);
	if (!v[r->nkeys].name || !v[r->nkeys].value)
		return -1;
	r->nkeys++;
	return 0;
}

/* "~ 2^12" -> 4096; "~ 4000-4099" -> 4000; else the number itself. */
static unsigned long long bucket_low(const char *v, bool *is_bucket)
{
	const char *p = v;

	*is_bucket = false;
	if (*p == '~') {
		*is_bucket = true;
		p++;
		while (*p == ' ')
			p++;
		if (!strncmp(p, "2^", 2))
			return 1ULL << (strtoul(p + 2, NULL, 10) & 63);
	}
	return strtoull(p, NULL, 0);
}

/* One "name: value" key; a common_pid.execname key is "dd   [  1234]". */
static int add_key(struct kpdb_hist_row *r, const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n), *br;
	size_t nlen;

	if (!colon)
		return add_kv(r, "key", 3, s, n);
	nlen = colon - s;
	while (nlen && isspace((unsigned char)s[nlen - 1]))
		nlen--;
	while (nlen && isspace((unsigned char)*s)) {
		s++;
		nlen--;
		n--;
	}
	colon = s + (colon - s);
	n -= colon + 1 - s;
	if (nlen == 10 && !strncmp(s, "common_pid", 10) &&
	    (br = memchr(colon + 1, '[', n)) != NULL) {
		if (add_kv(r, "comm", 4, colon + 1, br - colon - 1) < 0)
			return -1;
		return add_kv(r, "pid", 3, br + 1, strcspn(br + 1, "]"));
	}
	if ((nlen == 10 && !strncmp(s, "stacktrace", 10)) ||
	    (nlen == 17 && !strncmp(s, "common_stacktrace", 17))) {
		/* frames one per line: keep them so, trimmed */
		char *v = dup_trim(colon + 1, n), *o = v;
		const char *p = v;

		if (!v)
			return -1;
		while (p && *p) {
			while (*p == ' ' || *p == '\t' || *p == '\n')
				p++;
			while (*p && *p != '\n')
				*o++ = *p++;
			if (*p)
				*o++ = '\n';
		}
		if (o > v && o[-1] == '\n')
			o--;
		*o = '\0';
		if (add_kv(r, "stack", 5, v, strlen(v)) < 0) {
			free(v);
			return -1;
		}
		free(v);
		return 0;
	}
	return add_kv(r, s, nlen, colon + 1, n);
}

/* Keys are "a: 1, b: 2": split at a ", " followed by "ident: ". */
static int parse_keys(struct kpdb_hist_row *r, const char *s, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i + 1 < n; i++) {
		size_t j = i + 2;

		if (s[i] != ',' || s[i + 1] != ' ')
			continue;
		while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_' || s[j] == '.'))
			j++;
		if (j == i + 2 || j >= n || s[j] != ':')
			continue;
		if (add_key(r, s + start, i - start) < 0)
			return -1;
		start = i + 2;
	}
	return add_key(r, s + start, n - start);
}

static int parse_vals(struct kpdb_hist_row *r, const char *s, const char *end)
{
	while (s < end) {
		const char *colon;
		size_t nlen;

		while (s < end && isspace((unsigned char)*s))
			s++;
		colon = memchr(s, ':', end - s);
		if (!colon)
			break;
		nlen = colon - s;
		if (nlen == 8 && !strncmp(s, "hitcount", 8)) {
			r->hits = strtoull(colon + 1, NULL, 10);
		} else if (!r->sum_name) {
			r->sum_name = dup_trim(s, nlen);
			if (!r->sum_name)
				return -1;
			r->sum = strtoull(colon + 1, NULL, 10);
		}
		s = colon + 1;
		while (s < end && isspace((unsigned char)*s))
			s++;
		while (s < end && !isspace((unsigned char)*s))
			s++;
	}
	return 0;
}

static void row_free(struct kpdb_hist_row *r)
{
	for (size_t i = 0; i < r->nkeys; i++) {
		free(r->keys[i].name);
		free(r->keys[i].value);
	}
	free(r->keys);
	free(r->sum_name);
}

void kpdb_hist_free(struct kpdb_hist *h)
{
	for (size_t i = 0; i < h->nrows; i++)
		row_free(&h->rows[i]);
	free(h->rows);
	memset(h, 0, sizeof(*h));
}

/* Same keys, the pid aside. */
static bool same_but_pid(const struct kpdb_hist_row *a, const struct kpdb_hist_row *b)
{
	if (a->nkeys != b->nkeys)
		return false;
	for (size_t i = 0; i < a->nkeys; i++) {
		if (strcmp(a->keys[i].name, b->keys[i].name))
			return false;
		if (strcmp(a->keys[i].name, "pid") && strcmp(a->keys[i].value, b->keys[i].value))
			return false;
	}
	return true;
}

/* by comm: one row per comm, the pid dropped */
static void merge_comms(struct kpdb_hist *h)
{
	size_t out = 0;

	for (size_t i = 0; i < h->nrows; i++) {
		struct kpdb_hist_row *r = &h->rows[i];
		size_t j;

		for (size_t k = 0; k < r->nkeys; k++) {
			if (strcmp(r->keys[k].name, "pid"))
				continue;
			free(r->keys[k].name);
			free(r->keys[k].value);
			memmove(&r->keys[k], &r->keys[k + 1], (r->nkeys - k - 1) * sizeof(*r->keys));
			r->nkeys--;
			break;
		}
		for (j = 0; j < out && !same_but_pid(&h->rows[j], r); j++)
			;
		if (j < out) {
			h->rows[j].hits += r->hits;
			h->rows[j].sum += r->sum;
			row_free(r);
			continue;
		}
		h->rows[out++] = *r;
	}
	h->nrows = out;
}

static bool sort_by_sum;

static int cmp_rows(const void *pa, const void *pb)
{
	const struct kpdb_hist_row *a = pa, *b = pb;
	unsigned long long va = sort_by_sum ? a->sum : a->hits;
	unsigned long long vb = sort_by_sum ? b->sum : b->hits;

	if (va != vb)
		return va < vb ? 1 : -1;
	return a->nkeys && b->nkeys ? strcmp(a->keys[0].value, b->keys[0].value) : 0;
}

static int cmp_buckets(const void *pa, const void *pb)
{
	const struct kpdb_hist_row *a = pa, *b = pb;

	return a->order < b->order ? -1 : a->order > b->order;
}

int kpdb_hist_parse(const char *text, bool by_comm, bool by_sum, struct kpdb_hist *h)
{
	const char *p = text;

	memset(h, 0, sizeof(*h));
	while ((p = strstr(p, "\n{")) != NULL || (p == NULL && 0)) {
		const char *close, *eol;
		struct kpdb_hist_row r = { 0 }, *v;
		bool is_bucket;

		p += 2;
		/* the key ends at the "}" that the values follow */
		close = strstr(p, "} hitcount:");
		if (!close)
			break;
		eol = strchr(close, '\n');
		if (!eol)
			eol = close + strlen(close);
		if (parse_keys(&r, p, close - p) < 0 || parse_vals(&r, close + 1, eol) < 0) {
			row_free(&r);
			kpdb_hist_free(h);
			return -1;
		}
		if (r.nkeys) {
			r.order = bucket_low(r.keys[0].value, &is_bucket);
			if (is_bucket)
				h->buckets = true;
		}
		v = realloc(h->rows, (h->nrows + 1) * sizeof(*v));
		if (!v) {
			row_free(&r);
			kpdb_hist_free(h);
			return -1;
		}
		h->rows = v;
		h->rows[h->nrows++] = r;
		p = eol;
	}
	p = strstr(text, "\n    Hits:");
	if (p)
		h->total_hits = strtoull(p + 10, NULL, 10);
	p = strstr(text, "\n    Dropped:");
	if (p)
		h->dropped = strtoull(p + 13, NULL, 10);
	if (by_comm)
		merge_comms(h);
	sort_by_sum = by_sum;
	if (h->nrows)
		qsort(h->rows, h->nrows, sizeof(*h->rows), h->buckets ? cmp_buckets : cmp_rows);
	return 0;
}

/* Same keys, all of them. */
static bool same_keys(const struct kpdb_hist_row *a, const struct kpdb_hist_row *b)
{
	if (a->nkeys != b->nkeys)
		return false;
	for (size_t i = 0; i < a->nkeys; i++)
		if (strcmp(a->keys[i].name, b->keys[i].name) ||
		    strcmp(a->keys[i].value, b->keys[i].value))
			return false;
	return true;
}

int kpdb_hist_parse_many(const char *const *texts, size_t n, bool by_comm, bool by_sum,
			 struct kpdb_hist *h)
{
	memset(h, 0, sizeof(*h));
	for (size_t t = 0; t < n; t++) {
		struct kpdb_hist one;
		struct kpdb_hist_row *v;

		if (kpdb_hist_parse(texts[t], by_comm, by_sum, &one) < 0) {
			kpdb_hist_free(h);
			return -1;
		}
		h->total_hits += one.total_hits;
		h->dropped += one.dropped;
		h->buckets |= one.buckets;
		for (size_t i = 0; i < one.nrows; i++) {
			struct kpdb_hist_row *r = &one.rows[i];
			size_t j;

			for (j = 0; j < h->nrows && !same_keys(&h->rows[j], r); j++)
				;
			if (j < h->nrows) {
				h->rows[j].hits += r->hits;
				h->rows[j].sum += r->sum;
				row_free(r);
				continue;
			}
			v = realloc(h->rows, (h->nrows + 1) * sizeof(*v));
			if (!v) {
				for (; i < one.nrows; i++)
					row_free(&one.rows[i]);
				free(one.rows);
				kpdb_hist_free(h);
				return -1;
			}
			h->rows = v;
			h->rows[h->nrows++] = *r;
		}
		free(one.rows);
	}
	sort_by_sum = by_sum;
	if (h->nrows)
		qsort(h->rows, h->nrows, sizeof(*h->rows), h->buckets ? cmp_buckets : cmp_rows);
	return 0;
}

void kpdb_hist_trim_stacks(struct kpdb_hist *h, const char *func)
{
	size_t n = func ? strlen(func) : 0;

	for (size_t i = 0; n && i < h->nrows; i++) {
		for (size_t k = 0; k < h->rows[i].nkeys; k++) {
			char *v = h->rows[i].keys[k].value, *l;

			if (strcmp(h->rows[i].keys[k].name, "stack"))
				continue;
			for (l = v; l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
				if (!strncmp(l, func, n) && (l[n] == '+' || l[n] == '\n' || !l[n]))
					break;
			if (l && l != v)
				memmove(v, l, strlen(l) + 1);
		}
	}
}

/* "4K" for 4096, as bpftrace labels its log2 buckets */
static void size_label(char *buf, size_t len, unsigned long long v)
{
	static const char units[] = "KMGTPE";
	int u = -1;

	while (v >= 1024 && !(v % 1024) && u < 5) {
		v /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%llu", v);
	else
		snprintf(buf, len, "%llu%c", v, units[u]);
}

static char *row_label(const struct kpdb_hist *h, const struct kpdb_hist_row *r)
{
	char *s = NULL, lo[24], hi[24];
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	if (!f)
		return NULL;
	for (size_t i = 0; i < r->nkeys; i++) {
		const struct kpdb_hist_kv *k = &r->keys[i];

		if (i)
			fputs(", ", f);
		if (i == 0 && h->buckets && !strncmp(k->value, "~ 2^", 4)) {
			size_label(lo, sizeof(lo), r->order);
			size_label(hi, sizeof(hi), r->order ? r->order * 2 : 1);
			fprintf(f, "[%s, %s)", lo, hi);
		} else if (!strcmp(k->name, "stack")) {
			fputs("stack", f);
		} else {
			fprintf(f, "%s", k->value);
		}
	}
	fclose(f);
	return s;
}

static void print_json(FILE *f, const struct kpdb_hist *h, int bp)
{
	for (size_t i = 0; i < h->nrows; i++) {
		const struct kpdb_hist_row *r = &h->rows[i];
		struct kpdb_json j;

		kpdb_json_begin(&j, f);
		kpdb_json_kv_int(&j, "bp", bp);
		kpdb_json_obj(&j, "key");
		for (size_t k = 0; k < r->nkeys; k++) {
			const struct kpdb_hist_kv *kv = &r->keys[k];

			if (!strcmp(kv->name, "pid")) {
				kpdb_json_kv_int(&j, "pid", strtoll(kv->value, NULL, 10));
			} else if (!strcmp(kv->name, "stack")) {
				char *copy = strdup(kv->value), *save = NULL;

				kpdb_json_arr(&j, "stack");
				for (char *l = copy ? strtok_r(copy, "\n", &save) : NULL; l;
				     l = strtok_r(NULL, "\n", &save))
					kpdb_json_str_item(&j, l);
				kpdb_json_close(&j);
				free(copy);
			} else if (k == 0 && h->buckets) {
				kpdb_json_kv_uint(&j, kv->name, r->order);
			} else {
				kpdb_json_kv_str(&j, kv->name, kv->value);
			}
		}
		kpdb_json_close(&j);
		kpdb_json_kv_uint(&j, "hits", r->hits);
		if (r->sum_name) {
			kpdb_json_kv_str(&j, "sum_of", r->sum_name);
			kpdb_json_kv_uint(&j, "sum", r->sum);
		}
		kpdb_json_end(&j);
	}
}

void kpdb_hist_print(FILE *f, const struct kpdb_hist *h, int bp, bool json)
{
	unsigned long long max = 1;
	char **labels, sbuf[96];
	int w = 4, sw = 0;

	if (json) {
		print_json(f, h, bp);
		return;
	}
	if (!h->nrows) {
		fprintf(f, "Breakpoint %d: no hits aggregated yet\n", bp);
		return;
	}
	labels = calloc(h->nrows, sizeof(*labels));
	if (!labels)
		return;
	for (size_t i = 0; i < h->nrows; i++) {
		unsigned long long v = sort_by_sum ? h->rows[i].sum : h->rows[i].hits;

		labels[i] = row_label(h, &h->rows[i]);
		if (labels[i] && (int)strlen(labels[i]) > w && strlen(labels[i]) < 48)
			w = strlen(labels[i]);
		if (v > max)
			max = v;
		if (h->rows[i].sum_name) {
			int n = snprintf(sbuf, sizeof(sbuf), "%s=%llu", h->rows[i].sum_name,
					 h->rows[i].sum);

			if (n > sw)
				sw = n;
		}
	}
	for (size_t i = 0; i < h->nrows; i++) {
		const struct kpdb_hist_row *r = &h->rows[i];
		unsigned long long v = sort_by_sum ? r->sum : r->hits;
		int n = (int)(v * BAR_WIDTH / max);
		char bar[BAR_WIDTH + 1];

		memset(bar, '@', n);
		memset(bar + n, ' ', BAR_WIDTH - n);
		bar[BAR_WIDTH] = '\0';
		fprintf(f, "%-*s %10llu", w, labels[i] ? labels[i] : "?", r->hits);
		if (r->sum_name) {
			snprintf(sbuf, sizeof(sbuf), "%s=%llu", r->sum_name, r->sum);
			fprintf(f, " %-*s", sw, sbuf);
		}
		fprintf(f, " |%s|\n", bar);
		for (size_t k = 0; k < r->nkeys; k++) {
			char *copy, *save = NULL;

			if (strcmp(r->keys[k].name, "stack"))
				continue;
			copy = strdup(r->keys[k].value);
			for (char *l = copy ? strtok_r(copy, "\n", &save) : NULL; l;
			     l = strtok_r(NULL, "\n", &save))
				fprintf(f, "      %s\n", l);
			free(copy);
		}
		free(labels[i]);
	}
	free(labels);
	if (h->dropped)
		fprintf(f, "(%llu hits dropped: the kernel's table is full)\n", h->dropped);
}

/* ---- log2 buckets of microseconds, funclatency's way ------------------------------ */

#define LOG2_MAX 64

/* The k of a "~ 2^k" key; the kernel's ilog2(roundup_pow_of_two(0)) is no real k: 0. */
static bool log2_bucket(const char *v, unsigned int *k)
{
	unsigned long long e;
	char *end;

	if (strncmp(v, "~ 2^", 4))
		return false;
	e = strtoull(v + 4, &end, 10);
	if (end == v + 4)
		return false;
	*k = e > LOG2_MAX - 1 ? 0 : (unsigned int)e;
	return true;
}

/* The values of bucket k: (2^(k-1), 2^k]; 0 and 1 for k = 0. */
static void log2_range(unsigned int k, unsigned long long *lo, unsigned long long *hi)
{
	*hi = 1ULL << k;
	*lo = k ? (1ULL << (k - 1)) + 1 : 0;
}

void kpdb_hist_print_log2(FILE *f, const struct kpdb_hist *h, const char *name, bool json)
{
	unsigned long long count[LOG2_MAX] = { 0 }, calls = 0, total = 0, max = 0;
	unsigned int top = 0, width = 10;
	bool summed = false;

	for (size_t i = 0; i < h->nrows; i++) {
		const struct kpdb_hist_row *r = &h->rows[i];
		unsigned int k;

		if (!r->nkeys || !log2_bucket(r->keys[0].value, &k))
			continue;
		count[k] += r->hits;
		calls += r->hits;
		if (r->sum_name) {
			summed = true;
			total += r->sum;
		}
		if (count[k] > max)
			max = count[k];
		if (k > top)
			top = k;
	}
	if (!calls)
		return;
	if (top > 32)
		width = 20;
	if (!json)
		fprintf(f, "%*s%-*s : count     distribution\n", width - 5, "", width + 9, "usecs");
	for (unsigned int k = 0; k <= top; k++) {
		unsigned long long lo, hi;
		char bar[BAR_WIDTH + 1];
		int n = (int)(count[k] * BAR_WIDTH / max);

		log2_range(k, &lo, &hi);
		if (json) {
			struct kpdb_json j;

			kpdb_json_begin(&j, f);
			kpdb_json_kv_str(&j, "lat", name);
			kpdb_json_kv_uint(&j, "low", lo);
			kpdb_json_kv_uint(&j, "high", hi);
			kpdb_json_kv_uint(&j, "count", count[k]);
			kpdb_json_end(&j);
			continue;
		}
		memset(bar, '*', n);
		memset(bar + n, ' ', BAR_WIDTH - n);
		bar[BAR_WIDTH] = '\0';
		fprintf(f, "%*llu -> %-*llu : %-8llu |%s|\n", width, lo, width, hi, count[k], bar);
	}
	if (json) {
		struct kpdb_json j;

		kpdb_json_begin(&j, f);
		kpdb_json_kv_str(&j, "lat", name);
		kpdb_json_kv_uint(&j, "calls", calls);
		if (summed) {
			kpdb_json_kv_uint(&j, "total", total);
			kpdb_json_kv_uint(&j, "avg", total / calls);
		}
		kpdb_json_end(&j);
	} else if (summed) {
		fprintf(f, "\navg = %llu usecs, total: %llu usecs, count: %llu\n", total / calls,
			total, calls);
	} else {
		fprintf(f, "\ncount: %llu\n", calls);
	}
}
