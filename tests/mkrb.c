// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mkrb - make a fake kprobe event for tests and benchmarks: its format file,
 * the events/header_page, and trace_pipe_raw pages holding its records.
 *
 *   mkrb header                          events/header_page text
 *   mkrb format [-r] NAME ID FIELD...    events/GROUP/NAME/format text
 *   mkrb stack-format                    events/ftrace/kernel_stack/format text
 *   mkrb pages [-r] [-R N] ID FIELD...   pages from records on stdin
 *
 * FIELD is NAME:TYPE, TYPE one of u8..u64 s8..s64 x8..x64 symbol string
 * or an array T[N].  -r makes a kretprobe (__probe_func, __probe_ret_ip).
 * A record is one line of tab-separated columns: TS PID IP [RETIP] then one
 * value per field (arrays: comma-separated; a string may hold anything but a
 * tab; "\N" is a string the kernel failed to fetch).  The line "lost N"
 * flags the next page as having lost N events (-1: count unknown).  The
 * line "stack TS PID ADDR,ADDR,..." is the kernel_stack record a
 * stacktrace trigger writes after a hit: its frames, innermost first.
 * -R N writes the records N times, timestamps shifted after each pass
 * (for the benchmark).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rb-gen.h"

struct field {
	char name[64];
	char type[32];		/* element type: u16, x8, string, symbol */
	unsigned int size;	/* element size */
	unsigned int count;	/* array length, 0 if not an array */
	int is_signed;
	int string;
};

static int parse_field(const char *spec, struct field *f)
{
	const char *colon = strchr(spec, ':'), *br;
	char t[32];

	memset(f, 0, sizeof(*f));
	if (!colon || colon == spec || (size_t)(colon - spec) >= sizeof(f->name))
		return -1;
	memcpy(f->name, spec, colon - spec);
	snprintf(t, sizeof(t), "%s", colon + 1);
	br = strchr(t, '[');
	if (br) {
		f->count = atoi(br + 1);
		t[br - t] = '\0';
		if (!f->count)
			return -1;
	}
	snprintf(f->type, sizeof(f->type), "%s", t);
	if (!strcmp(t, "string")) {
		f->string = 1;
		f->size = 4;
		return f->count ? -1 : 0;
	}
	if (!strcmp(t, "symbol")) {
		f->size = 8;
		return 0;
	}
	if ((t[0] != 'u' && t[0] != 's' && t[0] != 'x') || !strchr("1368", t[1]))
		return -1;
	f->size = atoi(t + 1) / 8;
	f->is_signed = t[0] == 's';
	return f->size ? 0 : -1;
}

static unsigned int fixed_size(int ret, const struct field *f, int n)
{
	unsigned int size = 8 + (ret ? 16 : 8);

	for (int i = 0; i < n; i++)
		size += f[i].size * (f[i].count ? f[i].count : 1);
	return size;
}

static int cmd_format(int ret, const char *name, const char *id, struct field *f, int n)
{
	unsigned int off = 8;

	printf("name: %s\nID: %s\nformat:\n", name, id);
	printf("\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	       "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	       "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	       "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n");
	if (ret) {
		printf("\tfield:unsigned long __probe_func;\toffset:8;\tsize:8;\tsigned:0;\n"
		       "\tfield:unsigned long __probe_ret_ip;\toffset:16;\tsize:8;\tsigned:0;\n");
		off = 24;
	} else {
		printf("\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n");
		off = 16;
	}
	for (int i = 0; i < n; i++) {
		unsigned int size = f[i].size * (f[i].count ? f[i].count : 1);

		/* the kernel's own spelling: 6.1 writes "u8 addr[]" for u8[16] */
		if (f[i].string)
			printf("\tfield:__data_loc char[] %s;", f[i].name);
		else if (f[i].count)
			printf("\tfield:%s %s[];", f[i].type, f[i].name);
		else
			printf("\tfield:%s %s;", f[i].type, f[i].name);
		printf("\toffset:%u;\tsize:%u;\tsigned:%d;\n", off, size,
		       f[i].string ? 1 : f[i].is_signed);
		off += size;
	}
	if (ret)
		printf("\nprint fmt: \"(%%lx <- %%lx)\", REC->__probe_func, REC->__probe_ret_ip\n");
	else
		printf("\nprint fmt: \"(%%lx)\", REC->__probe_ip\n");
	return 0;
}


static char *column(char **p);

/* "stack TS PID ADDR,ADDR,...": the record of a stacktrace trigger. */
static int add_stack(struct rb_writer *w, char *line, unsigned long long shift)
{
	char *p = line + 6, *c, *a;
	unsigned long long ts, frames[64];
	unsigned int n = 0;
	struct rb_rec r;
	int pid;

	ts = strtoull(column(&p), NULL, 0) + shift;
	c = column(&p);
	pid = c ? atoi(c) : 0;
	a = column(&p);
	while (a && *a && n < 64) {
		frames[n++] = strtoull(a, &a, 0);
		if (*a == ',')
			a++;
	}
	rb_rec_begin(&r, 16 + n * 8, RB_STACK_ID, pid);
	rb_rec_num(&r, n, 4);
	rb_rec_num(&r, 0, 4);
	for (unsigned int i = 0; i < n; i++)
		rb_rec_num(&r, frames[i], 8);
	return rb_add(w, ts, r.buf, rb_rec_len(&r));
}

static char *column(char **p)
{
	char *s = *p, *tab;

	if (!s)
		return NULL;
	tab = strchr(s, '\t');
	if (tab) {
		*tab = '\0';
		*p = tab + 1;
	} else {
		*p = NULL;
	}
	return s;
}

static int add_value(struct rb_rec *r, const struct field *f, char *val)
{
	if (f->string) {
		rb_rec_str(r, strcmp(val, "\\N") ? val : NULL);
		return 0;
	}
	for (unsigned int i = 0; i < (f->count ? f->count : 1); i++) {
		char *end;
		unsigned long long v = strtoull(val, &end, 0);

		if (val[0] == '-')
			v = (unsigned long long)strtoll(val, &end, 0);
		if (end == val)
			return -1;
		rb_rec_num(r, v, f->size);
		val = *end == ',' ? end + 1 : end;
	}
	return 0;
}

static int cmd_pages(int ret, long repeat, unsigned short id, struct field *f, int n)
{
	unsigned long long shift = 0, last = 0, first = 0;
	struct rb_writer w;
	char **lines = NULL;
	size_t nlines = 0, cap = 0;
	char buf[8192];

	while (fgets(buf, sizeof(buf), stdin)) {
		buf[strcspn(buf, "\n")] = '\0';
		if (!buf[0])
			continue;
		if (nlines == cap) {
			cap = cap ? cap * 2 : 64;
			lines = realloc(lines, cap * sizeof(*lines));
			if (!lines)
				return 1;
		}
		lines[nlines++] = strdup(buf);
	}
	for (size_t l = 0; l < nlines; l++) {
		if (strncmp(lines[l], "lost ", 5) && strncmp(lines[l], "stack\t", 6)) {
			first = strtoull(lines[l], NULL, 0);
			break;
		}
	}
	rb_init(&w, stdout);
	for (long pass = 0; pass < repeat; pass++) {
		for (size_t l = 0; l < nlines; l++) {
			char line[8192], *p = line, *c;
			unsigned long long ts;
			struct rb_rec r;
			int pid;

			snprintf(line, sizeof(line), "%s", lines[l]);
			if (!strncmp(line, "lost ", 5)) {
				rb_lost(&w, strtoll(line + 5, NULL, 0));
				continue;
			}
			if (!strncmp(line, "stack\t", 6)) {
				if (add_stack(&w, line, shift) < 0) {
					fprintf(stderr, "mkrb: line %zu: record too big\n", l + 1);
					return 1;
				}
				continue;
			}
			ts = strtoull(column(&p), NULL, 0) + shift;
			c = column(&p);
			pid = c ? atoi(c) : 0;
			rb_rec_begin(&r, fixed_size(ret, f, n), id, pid);
			c = column(&p);
			rb_rec_num(&r, c ? strtoull(c, NULL, 0) : 0, 8);
			if (ret) {
				c = column(&p);
				rb_rec_num(&r, c ? strtoull(c, NULL, 0) : 0, 8);
			}
			for (int i = 0; i < n; i++) {
				c = column(&p);
				if (!c || add_value(&r, &f[i], c) < 0) {
					fprintf(stderr, "mkrb: line %zu: bad value for '%s'\n",
						l + 1, f[i].name);
					return 1;
				}
			}
			if (rb_add(&w, ts, r.buf, rb_rec_len(&r)) < 0) {
				fprintf(stderr, "mkrb: line %zu: record too big\n", l + 1);
				return 1;
			}
			last = ts;
		}
		/* the next pass starts 1 us after this one ended */
		shift = last + 1000 - first;
	}
	if (rb_flush(&w) < 0 || fflush(stdout) != 0)
		return 1;
	for (size_t l = 0; l < nlines; l++)
		free(lines[l]);
	free(lines);
	return 0;
}

int main(int argc, char **argv)
{
	struct field f[64];
	long repeat = 1;
	int ret = 0, i = 2, n = 0;
	const char *name = NULL, *id;

	if (argc < 2)
		goto usage;
	if (!strcmp(argv[1], "header")) {
		fputs(rb_header_page, stdout);
		return 0;
	}
	if (!strcmp(argv[1], "stack-format")) {
		fputs(rb_stack_format, stdout);
		return 0;
	}
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-r"))
			ret = 1;
		else if (!strcmp(argv[i], "-R") && i + 1 < argc)
			repeat = atol(argv[++i]);
		else
			goto usage;
	}
	if (!strcmp(argv[1], "format")) {
		if (i + 2 > argc)
			goto usage;
		name = argv[i++];
	} else if (strcmp(argv[1], "pages") || i + 1 > argc) {
		goto usage;
	}
	id = argv[i++];
	for (; i < argc; i++) {
		if (n == 64 || parse_field(argv[i], &f[n++]) < 0) {
			fprintf(stderr, "mkrb: bad field '%s'\n", argv[i]);
			return 2;
		}
	}
	if (name)
		return cmd_format(ret, name, id, f, n);
	return cmd_pages(ret, repeat, (unsigned short)atoi(id), f, n);
usage:
	fputs("usage: mkrb header | stack-format | format [-r] NAME ID FIELD... |\n"
	      "       pages [-r] [-R N] ID FIELD...\n", stderr);
	return 2;
}
