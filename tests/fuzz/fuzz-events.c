// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-events.c - the binary event decoder on arbitrary ring-buffer pages.
 *
 * The input is a list of records that rb-gen frames into pages as the
 * kernel does (see build_pages), or with -DFUZZ_EVENTS_RAW the raw bytes of
 * trace_pipe_raw (pages of 4096 bytes, a short tail is a partial read).
 * Past two pages, the second CPU gets the pages from the middle on, so that
 * records are merged across CPUs.  The
 * events are those of tests/fixtures/raw-events (the formats the real 6.1
 * kernel wrote for kpdb's connect probes) plus a sockaddr probe.  Every
 * record is decoded through the field accessors and printed by the plain
 * and JSON printers with kpdb formats on the arguments.  Invariants: the
 * reader returns, a JSON hit is one line of valid JSON, a plain hit is one
 * line.  The seeds are the real page and pages built from it and by
 * tests/mkrb; FUZZ_EVENTS_VERBOSE=1 prints every hit as it is checked.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "events.h"
#include "fuzz.h"
#include "hit-print.h"
#include "kpdb.h"
#include "probe-spec.h"
#include "rb-gen.h"

#define GROUP "kpdb_4242"

static char root[64];
static char cpu_path[2][544];	/* dir[512] + "/trace_pipe_raw" */

static const char header_page[] =
	"\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
	"\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n"
	"\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
	"\tfield: char data;\toffset:16;\tsize:4080;\tsigned:1;\n";

#define COMMON								\
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"	\
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"	\
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n" \
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"

/* tests/fixtures/raw-events/bp1.format and bp2.format */
static const char bp1_format[] =
	"name: bp1\nID: 1394\nformat:\n" COMMON
	"\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\tfield:s32 fd;\toffset:16;\tsize:4;\tsigned:1;\n"
	"\tfield:u16 fam;\toffset:20;\tsize:2;\tsigned:0;\n"
	"\tfield:u16 port;\toffset:22;\tsize:2;\tsigned:0;\n"
	"\tfield:u32 addr;\toffset:24;\tsize:4;\tsigned:0;\n"
	"\tfield:u8 addr6[];\toffset:28;\tsize:16;\tsigned:0;\n"
	"\tfield:s32 len;\toffset:44;\tsize:4;\tsigned:1;\n"
	"\tfield:__data_loc char[] comm;\toffset:48;\tsize:4;\tsigned:1;\n\n"
	"print fmt: \"(%lx) fd=%d fam=%u port=%u addr=%u len=%d comm=\\\"%s\\\"\", "
	"REC->__probe_ip, REC->fd, REC->fam, REC->port, REC->addr, REC->len, __get_str(comm)\n";

static const char bp2_format[] =
	"name: bp2\nID: 1395\nformat:\n" COMMON
	"\tfield:unsigned long __probe_func;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\tfield:unsigned long __probe_ret_ip;\toffset:16;\tsize:8;\tsigned:0;\n"
	"\tfield:s64 ret;\toffset:24;\tsize:8;\tsigned:1;\n\n"
	"print fmt: \"(%lx <- %lx) ret=%Ld\", REC->__probe_func, REC->__probe_ret_ip, REC->ret\n";

/* what the kernel makes of `bp3 f sa=%si:sockaddr v=+8(%di):x32[4] s=%dx:symbol` */
static const char bp3_format[] =
	"name: bp3\nID: 1396\nformat:\n" COMMON
	"\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\tfield:u16 sa__fam;\toffset:16;\tsize:2;\tsigned:0;\n"
	"\tfield:u16 sa__port;\toffset:18;\tsize:2;\tsigned:0;\n"
	"\tfield:u32 sa__v4;\toffset:20;\tsize:4;\tsigned:0;\n"
	"\tfield:x8 sa__v6[];\toffset:24;\tsize:16;\tsigned:0;\n"
	"\tfield:__data_loc char[] sa__path;\toffset:40;\tsize:4;\tsigned:1;\n"
	"\tfield:__data_loc char[] sa__apath;\toffset:44;\tsize:4;\tsigned:1;\n"
	"\tfield:x32 v[4];\toffset:48;\tsize:16;\tsigned:0;\n"
	"\tfield:u64 s;\toffset:64;\tsize:8;\tsigned:0;\n\n"
	"print fmt: \"(%lx) sa__fam=%u\", REC->__probe_ip, REC->sa__fam\n";

static struct kpdb_arg bp1_args[] = {
	{ .name = "fd", .ktype = "s32", .fmt = KPDB_FMT_DEC },
	{ .name = "fam", .ktype = "u16" },
	{ .name = "port", .ktype = "u16", .fmt = KPDB_FMT_PORT },
	{ .name = "addr", .ktype = "u32", .fmt = KPDB_FMT_IPV4 },
	{ .name = "addr6", .ktype = "x8[16]", .fmt = KPDB_FMT_IPV6 },
	{ .name = "len", .ktype = "s32", .fmt = KPDB_FMT_HEX },
	{ .name = "comm", .ktype = "string" },
};
static struct kpdb_probe_spec bp1_spec = {
	.location = "__sys_connect", .symbol = "__sys_connect", .args = bp1_args, .nargs = 7,
};
static struct kpdb_arg bp2_args[] = {
	{ .name = "ret", .ktype = "s64", .fmt = KPDB_FMT_ERRNO, .ctype = "int" },
};
static struct kpdb_probe_spec bp2_spec = {
	.retprobe = true, .location = "__sys_connect", .symbol = "__sys_connect",
	.args = bp2_args, .nargs = 1,
};
static struct kpdb_arg bp3_args[] = {
	{ .name = "sa", .fmt = KPDB_FMT_SOCKADDR, .ptr = true },
	{ .name = "v", .ktype = "x32[4]" },
	{ .name = "s", .ktype = "symbol" },
};
static struct kpdb_probe_spec bp3_spec = {
	.location = "f+4", .symbol = "f", .offset = 4, .args = bp3_args, .nargs = 3,
};
static struct kpdb_bp bps[] = {
	{ .num = 1, .event = "bp1", .spec = &bp1_spec, .enabled = true },
	{ .num = 2, .event = "bp2", .spec = &bp2_spec, .enabled = true },
	{ .num = 3, .event = "bp3", .spec = &bp3_spec, .enabled = true },
};

static void put(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		abort();
}

static void mkdirs(const char *path)
{
	char tmp[512];

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = tmp + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(tmp, 0755);
			*p = '/';
		}
	}
	if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
		abort();
}

static void cleanup(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz-events: cannot remove %s\n", root);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const names[] = { "bp1", "bp2", "bp3" };
	static const char *const formats[] = { bp1_format, bp2_format, bp3_format };
	char dir[512];

	snprintf(root, sizeof(root), "/tmp/kpdb-fuzz-events-XXXXXX");
	if (!mkdtemp(root))
		abort();
	atexit(cleanup);
	for (int i = 0; i < 3; i++) {
		snprintf(dir, sizeof(dir), "%s/events/%s/%s", root, GROUP, names[i]);
		mkdirs(dir);
		put(dir, "format", formats[i]);
	}
	snprintf(dir, sizeof(dir), "%s/events", root);
	put(dir, "header_page", header_page);
	put(root, "saved_cmdlines", "139 workload\n140 work\\load\n");
	for (int c = 0; c < 2; c++) {
		snprintf(dir, sizeof(dir), "%s/instances/%s/per_cpu/cpu%d", root, GROUP, c);
		mkdirs(dir);
		put(dir, "trace_pipe_raw", "");
		snprintf(cpu_path[c], sizeof(cpu_path[c]), "%s/trace_pipe_raw", dir);
	}
	snprintf(dir, sizeof(dir), "%s/instances/%s", root, GROUP);
	put(dir, "buffer_percent", "50\n");
	snprintf(dir, sizeof(dir), "%s/proc", root);
	mkdirs(dir);
	put(dir, "kallsyms", "ffffffff8a582a20 T __sys_connect\n"
	    "ffffffff8a582af0 T __x64_sys_connect\nffffffffc0000000 t mod_f\t[m]\n");
	return 0;
}

/* ---- a small JSON checker: one value, nothing after it ---------------- */

static const char *json_value(const char *p, int depth);

static const char *ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return p;
}

/* After a lead byte @c >= 0x80 at p[-1]: the end of a well-formed UTF-8 sequence, or NULL. */
static const char *utf8_rest(unsigned char c, const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	unsigned char lo = 0x80, hi = 0xbf;
	int more;

	if (c >= 0xc2 && c <= 0xdf)
		more = 1;
	else if (c >= 0xe0 && c <= 0xef)
		more = 2, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
	else if (c >= 0xf0 && c <= 0xf4)
		more = 3, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
	else
		return NULL;
	if (u[0] < lo || u[0] > hi)
		return NULL;
	for (int i = 1; i < more; i++)
		if ((u[i] & 0xc0) != 0x80)
			return NULL;
	return p + more;
}

static const char *json_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	for (;;) {
		unsigned char c = (unsigned char)*p++;

		if (c == '"')
			return p;
		if (c < 0x20 || c == 0x7f)
			return NULL;
		if (c >= 0x80) {
			/* JSON is UTF-8: nothing else may reach the output */
			if (!(p = utf8_rest(c, p)))
				return NULL;
			continue;
		}
		if (c == '\\') {
			c = (unsigned char)*p++;
			if (c == 'u') {
				for (int i = 0; i < 4; i++)
					if (!strchr("0123456789abcdefABCDEF", *p++) || !p[-1])
						return NULL;
			} else if (!c || !strchr("\"\\/bfnrt", c)) {
				return NULL;
			}
		}
	}
}

static const char *json_number(const char *p)
{
	const char *s = p;

	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return NULL;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return NULL;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (*p < '0' || *p > '9')
			return NULL;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return p > s ? p : NULL;
}

static const char *json_value(const char *p, int depth)
{
	if (depth > 64)
		return NULL;
	p = ws(p);
	switch (*p) {
	case '{':
	case '[': {
		char close = *p == '{' ? '}' : ']';

		p = ws(p + 1);
		if (*p == close)
			return p + 1;
		for (;;) {
			if (close == '}') {
				p = json_string(ws(p));
				if (!p)
					return NULL;
				p = ws(p);
				if (*p++ != ':')
					return NULL;
			}
			p = json_value(p, depth + 1);
			if (!p)
				return NULL;
			p = ws(p);
			if (*p == close)
				return p + 1;
			if (*p++ != ',')
				return NULL;
		}
	}
	case '"':
		return json_string(p);
	case 't':
		return strncmp(p, "true", 4) ? NULL : p + 4;
	case 'f':
		return strncmp(p, "false", 5) ? NULL : p + 5;
	case 'n':
		return strncmp(p, "null", 4) ? NULL : p + 4;
	default:
		return json_number(p);
	}
}

/* ---- the hits ------------------------------------------------------------ */

struct seen {
	struct kpdb_events *ev;
	char *buf;
	size_t len;
	FILE *mem;
	unsigned long hits;
	unsigned long max_hits;
	size_t input_size;
};

static struct kpdb_bp *bp_of(const struct kpdb_event_type *t, void *arg)
{
	for (size_t i = 0; i < sizeof(bps) / sizeof(bps[0]); i++)
		if (!strcmp(t->name, bps[i].event))
			return &bps[i];
	return NULL;
}

/* Print one hit both ways; each is one line, the JSON one valid. */
static void print_checked(struct seen *s, const struct kpdb_hit *hit, bool json)
{
	struct kpdb_hit_out out = { .f = s->mem, .json = json };
	const char *end;

	rewind(s->mem);
	kpdb_hit_print(&out, hit);
	fputc('\0', s->mem);
	fflush(s->mem);
	FUZZ_CHECK(s->buf && s->len > 1 && s->buf[s->len - 2] == '\n', "hit not ended by a newline");
	FUZZ_CHECK(!memchr(s->buf, '\n', s->len - 2), "hit on several lines: %s", s->buf);
	if (getenv("FUZZ_EVENTS_VERBOSE"))
		fputs(s->buf, stderr);
	if (json) {
		end = json_value(s->buf, 0);
		FUZZ_CHECK(end && *ws(end) == '\0', "invalid JSON: %s", s->buf);
	}
}

static int on_hit(struct kpdb_hit *hit, void *arg)
{
	struct seen *s = arg;
	const struct kpdb_record *rec = hit->rec;
	const struct kpdb_event_type *t = rec->type;
	unsigned long long v;
	unsigned int len;

	s->hits++;
	/* a page holds at most 4080 / 8 records: more means records delivered twice */
	FUZZ_CHECK(s->hits <= s->max_hits, "%lu hits from %zu bytes of pages: the reader loops",
		   s->hits, s->input_size);
	for (size_t i = 0; i < t->nfields; i++) {
		const struct kpdb_field *f = &t->fields[i];

		(void)kpdb_record_num(rec, f, &v);
		(void)kpdb_record_str(rec, f, &len);
		(void)kpdb_record_bytes(rec, f);
		for (unsigned int k = 0; k < 20; k++)
			(void)kpdb_record_elem(rec, f, k, &v);
	}
	print_checked(s, hit, false);
	print_checked(s, hit, true);
	return 0;
}

static void on_lost(int cpu, long long count, unsigned long long ts, void *arg)
{
	struct seen *s = arg;
	struct kpdb_hit_out out = { .f = s->mem, .json = true };
	const char *end;

	rewind(s->mem);
	kpdb_lost_print(&out, cpu, count, ts);
	fputc('\0', s->mem);
	fflush(s->mem);
	end = json_value(s->buf, 0);
	FUZZ_CHECK(end && *ws(end) == '\0', "invalid JSON: %s", s->buf);
}

static void write_cpu(int cpu, const uint8_t *data, size_t size)
{
	int fd = open(cpu_path[cpu], O_WRONLY | O_TRUNC | O_CLOEXEC);

	if (fd < 0)
		abort();
	for (size_t done = 0; done < size;) {
		ssize_t n = write(fd, data + done, size - done);

		if (n <= 0)
			abort();
		done += (size_t)n;
	}
	close(fd);
}

#ifndef FUZZ_EVENTS_RAW
/*
 * The input is a list of records, each
 *   [sel] [len] [delta lo] [delta hi] [len bytes: the record after its 8-byte common header]
 * sel & 3 picks the event (bp1, bp2, bp3, or an id nobody knows), sel & 0x0c
 * the pid, sel & 0x80 flags lost events before the record (a count of len,
 * or unknown if sel & 0x40).  rb-gen frames the records into pages exactly
 * as the kernel does; what they hold (numbers, __data_loc offsets and
 * lengths, strings) is the fuzzer's.  This is the default because the
 * reader trusts the framing of a page (the kernel's own), see the open
 * findings in README.md; -DFUZZ_EVENTS_RAW feeds the input as raw pages.
 */
static unsigned char *build_pages(const uint8_t *data, size_t size, size_t *out_size)
{
	static const unsigned short ids[] = { 1394, 1395, 1396, 999 };
	static const int pids[] = { 139, 140, 141, 4242 };
	struct rb_writer w;
	unsigned char rec[8 + 255];
	unsigned long long ts = 1000;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		abort();
	rb_init(&w, f);
	while (size >= 4) {
		unsigned int sel = data[0], n = data[1];
		unsigned short id = ids[sel & 3];
		int pid = pids[(sel >> 2) & 3];

		ts += (unsigned long long)data[2] | (unsigned long long)data[3] << 8;
		data += 4;
		size -= 4;
		if (n > size)
			n = (unsigned int)size;
		memcpy(rec, &id, 2);
		rec[2] = 0;
		rec[3] = 0;
		memcpy(rec + 4, &pid, 4);
		memcpy(rec + 8, data, n);
		data += n;
		size -= n;
		if (sel & 0x80)
			rb_lost(&w, sel & 0x40 ? -1 : (long long)n);
		if (rb_add(&w, ts, rec, 8 + n) < 0)
			break;
	}
	rb_flush(&w);
	fclose(f);
	*out_size = len;
	return (unsigned char *)buf;
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kpdb_events_opts o = { 0 };
	struct kpdb_events_cb cb = { .hit = on_hit, .lost = on_lost, .bp = bp_of };
	struct kpdb_err err = { "" };
	struct seen s = { 0 };
	unsigned char *pages = NULL;
	char inst[256], proc[256];
	size_t half = size > 8192 ? (size / 2) & ~(size_t)4095 : size;
	int ret, rounds = 0;

	if (size > 64 * 4096)
		return 0;
#ifndef FUZZ_EVENTS_RAW
	pages = build_pages(data, size, &size);
	data = pages;
	half = size > 8192 ? (size / 2) & ~(size_t)4095 : size;
#endif
	write_cpu(0, data, half);
	write_cpu(1, data + half, size - half);
	s.input_size = size;
	s.max_hits = (size / 4096 + 2) * (4096 / 8);
	snprintf(inst, sizeof(inst), "%s/instances/%s", root, GROUP);
	snprintf(proc, sizeof(proc), "%s/proc", root);
	o.tracing_dir = root;
	o.instance_dir = inst;
	o.group = GROUP;
	o.proc_dir = proc;
	if (kpdb_events_open(&o, &s.ev, &err) < 0) {
		FUZZ_CHECK(err.msg[0], "kpdb_events_open failed without a message");
		free(pages);
		return 0;
	}
	s.mem = open_memstream(&s.buf, &s.len);
	if (!s.mem)
		abort();
	cb.arg = &s;
	do {
		ret = kpdb_events_dispatch(s.ev, &cb, &err);
		FUZZ_CHECK(ret >= 0 || err.msg[0], "a failed dispatch says nothing");
		FUZZ_CHECK(++rounds < 10000, "the reader does not reach the end of its input");
	} while (ret >= 0 && (!kpdb_events_eof(s.ev) || kpdb_events_pending(s.ev)));
	kpdb_events_close(s.ev);
	fclose(s.mem);
	free(s.buf);
	free(pages);
	return 0;
}
