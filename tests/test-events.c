// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-events.c - the binary event reader and the hit printers, on a fake
 * instance directory whose trace_pipe_raw files hold ring-buffer pages built
 * with rb-gen (the kernel's page layout), decoded through libtraceevent's
 * kbuffer.  Pages recorded from the real kernel, when present in
 * tests/fixtures/raw-events/, are decoded too.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* open_memstream, mkdtemp */
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "events.h"
#include "format.h"
#include "hist.h"
#include "hit-print.h"
#include "kpdb.h"
#include "probe-spec.h"
#include "rb-gen.h"

#define GROUP "kpdb_4242"
#define ID_BP1 1500
#define ID_BP2 1501

static char root[256];

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void mkdirs(const char *path)
{
	char tmp[512], *p;

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (p = tmp + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(tmp, 0755);
			*p = '/';
		}
	}
	mkdir(tmp, 0755);
}

static void rm_rf(const char *path)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
	assert_int_equal(system(cmd), 0);
}

/* bp1: a kprobe with every kind of field; bp2: a kretprobe with an errno. */
static const char bp1_format[] =
	"name: bp1\nID: 1500\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
	"\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\tfield:u16 port;\toffset:16;\tsize:2;\tsigned:0;\n"
	"\tfield:x8[16] a6;\toffset:18;\tsize:16;\tsigned:0;\n"
	"\tfield:__data_loc char[] path;\toffset:34;\tsize:4;\tsigned:1;\n"
	"\tfield:s32 n;\toffset:38;\tsize:4;\tsigned:1;\n"
	"\tfield:u32 flags;\toffset:42;\tsize:4;\tsigned:0;\n"
	"\tfield:u32 a4;\toffset:46;\tsize:4;\tsigned:0;\n\n"
	"print fmt: \"(%lx) port=%u a6={%x,%x} path=\\\"%s\\\" n=%d flags=0x%x a4=%u\", "
	"REC->__probe_ip, REC->port, REC->a6[0], REC->a6[1], __get_str(path), REC->n, "
	"REC->flags, REC->a4\n";
#define BP1_FIXED 50

static const char bp2_format[] =
	"name: bp2\nID: 1501\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
	"\tfield:unsigned long __probe_func;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\tfield:unsigned long __probe_ret_ip;\toffset:16;\tsize:8;\tsigned:0;\n"
	"\tfield:s64 ret;\toffset:24;\tsize:8;\tsigned:1;\n\n"
	"print fmt: \"(%lx <- %lx) ret=%Ld\", REC->__probe_func, REC->__probe_ret_ip, REC->ret\n";
#define BP2_FIXED 32

#define IP_CONNECT 0xffffffff81a00000ULL
#define IP_CALLER 0xffffffff81a00214ULL

static void make_tree(int ncpus)
{
	char path[512];

	snprintf(root, sizeof(root), "/tmp/kpdb-test-events-XXXXXX");
	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/events/%s/bp1", root, GROUP);
	mkdirs(path);
	strcat(path, "/format");
	write_text(path, bp1_format);
	snprintf(path, sizeof(path), "%s/events/%s/bp2", root, GROUP);
	mkdirs(path);
	strcat(path, "/format");
	write_text(path, bp2_format);
	snprintf(path, sizeof(path), "%s/events/header_page", root);
	write_text(path, rb_header_page);
	snprintf(path, sizeof(path), "%s/saved_cmdlines", root);
	write_text(path, "4242 curl\n77 sshd\n");
	for (int c = 0; c < ncpus; c++) {
		snprintf(path, sizeof(path), "%s/instances/%s/per_cpu/cpu%d", root, GROUP, c);
		mkdirs(path);
		strcat(path, "/trace_pipe_raw");
		write_text(path, "");
	}
	snprintf(path, sizeof(path), "%s/instances/%s/buffer_percent", root, GROUP);
	write_text(path, "50\n");
	snprintf(path, sizeof(path), "%s/proc/4243", root);
	mkdirs(path);
	strcat(path, "/comm");
	/* a traced program names itself: an escape sequence must not reach the terminal */
	write_text(path, "work\033[2Jload\n");
	snprintf(path, sizeof(path), "%s/proc/kallsyms", root);
	write_text(path, "ffffffff81000000 T _stext\n"
		   "ffffffff81a00000 T __sys_connect\n"
		   "ffffffff81a00200 t __x64_sys_connect\n"
		   "ffffffff81a00300 D some_data\n"
		   "ffffffffc0000000 t mod_func\t[mod]\n");
}

static FILE *cpu_file(int cpu)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/instances/%s/per_cpu/cpu%d/trace_pipe_raw", root, GROUP,
		 cpu);
	f = fopen(path, "w");
	assert_non_null(f);
	return f;
}

struct bp1_rec {
	unsigned long long ts;
	int pid;
	unsigned short port;
	unsigned char a6[16];
	const char *path;	/* NULL: fault */
	int n;
	unsigned int flags;
	unsigned int a4;
};

static void add_bp1(struct rb_writer *w, const struct bp1_rec *r)
{
	struct rb_rec rec;

	rb_rec_begin(&rec, BP1_FIXED, ID_BP1, r->pid);
	rb_rec_num(&rec, IP_CONNECT, 8);
	rb_rec_num(&rec, r->port, 2);
	rb_rec_bytes(&rec, r->a6, 16);
	rb_rec_str(&rec, r->path);
	rb_rec_num(&rec, (unsigned int)r->n, 4);
	rb_rec_num(&rec, r->flags, 4);
	rb_rec_num(&rec, r->a4, 4);
	assert_int_equal(rb_add(w, r->ts, rec.buf, rb_rec_len(&rec)), 0);
}

static void add_bp2(struct rb_writer *w, unsigned long long ts, int pid, long long ret)
{
	struct rb_rec rec;

	rb_rec_begin(&rec, BP2_FIXED, ID_BP2, pid);
	rb_rec_num(&rec, IP_CONNECT, 8);
	rb_rec_num(&rec, IP_CALLER, 8);
	rb_rec_num(&rec, (unsigned long long)ret, 8);
	assert_int_equal(rb_add(w, ts, rec.buf, rb_rec_len(&rec)), 0);
}

/* What the callbacks saw. */
struct seen {
	int n;
	int stop_after;
	unsigned long long ts[64];
	int cpu[64];
	int pid[64];
	char comm[64][32];
	int type[64];
	char text[64][512];	/* the hit as the plain printer prints it */
	long long lost[8];
	int lost_cpu[8];
	int nlost;
	struct kpdb_events *ev;
	struct kpdb_bp *bp1, *bp2;
	bool json;
};

static struct kpdb_bp *bp_of(const struct kpdb_event_type *t, void *arg)
{
	struct seen *s = arg;

	return !strcmp(t->name, "bp1") ? s->bp1 : s->bp2;
}

static int on_hit(struct kpdb_hit *hit, void *arg)
{
	struct seen *s = arg;
	struct kpdb_hit_out out = { .json = s->json };
	char *buf = NULL;
	size_t len = 0;

	assert_true(s->n < 64);
	s->ts[s->n] = hit->ts;
	s->cpu[s->n] = hit->cpu;
	s->pid[s->n] = hit->pid;
	snprintf(s->comm[s->n], sizeof(s->comm[0]), "%s", hit->comm);
	s->type[s->n] = hit->rec->type->id;
	out.f = open_memstream(&buf, &len);
	assert_non_null(out.f);
	kpdb_hit_print(&out, hit);
	fclose(out.f);
	snprintf(s->text[s->n], sizeof(s->text[0]), "%s", buf);
	free(buf);
	s->n++;
	return s->stop_after && s->n >= s->stop_after;
}

static void on_lost(int cpu, long long count, unsigned long long ts, void *arg)
{
	struct seen *s = arg;

	assert_true(s->nlost < 8);
	s->lost_cpu[s->nlost] = cpu;
	s->lost[s->nlost++] = count;
}

static struct kpdb_events *open_events(void)
{
	char inst[512], proc[512];
	struct kpdb_events_opts o = { .tracing_dir = root, .instance_dir = inst,
				      .group = GROUP, .proc_dir = proc };
	struct kpdb_err err = { "" };
	struct kpdb_events *ev = NULL;

	snprintf(inst, sizeof(inst), "%s/instances/%s", root, GROUP);
	snprintf(proc, sizeof(proc), "%s/proc", root);
	if (kpdb_events_open(&o, &ev, &err) < 0)
		fail_msg("kpdb_events_open: %s", err.msg);
	return ev;
}

static int drain(struct kpdb_events *ev, struct seen *s)
{
	struct kpdb_events_cb cb = { .hit = on_hit, .lost = on_lost, .bp = bp_of, .arg = s };
	struct kpdb_err err = { "" };
	int ret;

	s->ev = ev;
	do {
		ret = kpdb_events_dispatch(ev, &cb, &err);
		if (ret < 0)
			fail_msg("dispatch: %s", err.msg);
	} while (ret == 0 && kpdb_events_pending(ev));
	return ret;
}

/* ---- breakpoints as the commands would have made them ----------------------- */

static struct kpdb_arg bp1_args[] = {
	{ .name = "port", .fmt = KPDB_FMT_PORT, .ktype = "u16" },
	{ .name = "a6", .fmt = KPDB_FMT_IPV6, .ktype = "x8[16]" },
	{ .name = "path", .ktype = "string" },
	{ .name = "n", .ktype = "s32" },
	{ .name = "flags", .ktype = "x32" },
	{ .name = "a4", .fmt = KPDB_FMT_IPV4, .ktype = "u32" },
};
static struct kpdb_probe_spec bp1_spec = {
	.location = "__sys_connect", .symbol = "__sys_connect",
	.args = bp1_args, .nargs = 6,
};
static struct kpdb_arg bp2_args[] = {
	{ .name = "ret", .fmt = KPDB_FMT_ERRNO, .ktype = "s64" },
};
static struct kpdb_probe_spec bp2_spec = {
	.retprobe = true, .location = "__sys_connect", .symbol = "__sys_connect",
	.args = bp2_args, .nargs = 1,
};
static struct kpdb_bp bp1 = { .num = 1, .event = "bp1", .spec = &bp1_spec, .enabled = true };
static struct kpdb_bp bp2 = { .num = 2, .event = "bp2", .spec = &bp2_spec, .enabled = true };

static const unsigned char v6_loop[16] = { [15] = 1 };

/* ---- tests ------------------------------------------------------------------- */

static int setup1(void **state)
{
	make_tree(1);
	return 0;
}

static int setup2(void **state)
{
	make_tree(2);
	return 0;
}

static int teardown(void **state)
{
	rm_rf(root);
	return 0;
}

static void test_formats(void **state)
{
	struct kpdb_events *ev;
	const struct kpdb_event_type *t;
	const struct kpdb_field *f;
	char path[512], *text;
	FILE *fp;
	size_t len = 0;

	ev = open_events();
	t = kpdb_events_type(ev, ID_BP1);
	assert_non_null(t);
	assert_string_equal(t->name, "bp1");
	assert_false(t->retprobe);
	assert_non_null(t->ip);
	assert_null(t->ret_ip);
	/* the kernel's "x8[16] a6" must not hide the fields after it */
	assert_int_equal(t->nfields, 6);
	f = kpdb_event_field(t, "a6");
	assert_non_null(f);
	assert_int_equal(f->kind, KPDB_FIELD_ARRAY);
	assert_int_equal(f->offset, 18);
	assert_int_equal(f->size, 16);
	assert_int_equal(f->elem_size, 1);
	assert_true(f->hex);
	f = kpdb_event_field(t, "path");
	assert_int_equal(f->kind, KPDB_FIELD_STRING);
	f = kpdb_event_field(t, "a4");
	assert_int_equal(f->offset, 46);
	assert_false(f->is_signed);
	assert_true(kpdb_event_field(t, "n")->is_signed);
	/* 6.1 names an x32 field u32: the hit printer takes hex from the spec */
	assert_false(kpdb_event_field(t, "flags")->hex);
	assert_null(kpdb_event_field(t, "__probe_ip"));

	t = kpdb_events_type(ev, ID_BP2);
	assert_non_null(t);
	assert_true(t->retprobe);
	assert_non_null(t->ret_ip);
	assert_int_equal(t->nfields, 1);
	assert_null(kpdb_events_type(ev, 7));

	/* a single hit must wake the reader */
	snprintf(path, sizeof(path), "%s/instances/%s/buffer_percent", root, GROUP);
	fp = fopen(path, "r");
	assert_non_null(fp);
	text = NULL;
	assert_true(getline(&text, &len, fp) > 0);
	fclose(fp);
	assert_string_equal(text, "0\n");
	free(text);
	kpdb_events_close(ev);
}

static void test_decode_plain(void **state)
{
	static const struct bp1_rec recs[] = {
		{ 1000000000ULL, 4242, 0x5c11, { 0 }, "/tmp/a b \"q\" x=1", -5, 0x1f, 16777343 },
		{ 1000500000ULL, 4243, 0xbb01, { 0 }, NULL, 7, 0, 0 },
	};
	struct seen s = { .bp1 = &bp1, .bp2 = &bp2 };
	struct rb_writer w;
	struct kpdb_events *ev;
	FILE *f = cpu_file(0);
	struct bp1_rec r0 = recs[0];

	memcpy(r0.a6, v6_loop, 16);
	rb_init(&w, f);
	add_bp1(&w, &r0);
	add_bp1(&w, &recs[1]);
	add_bp2(&w, 2000000000ULL, 99, -111);
	assert_int_equal(rb_flush(&w), 0);
	fclose(f);

	ev = open_events();
	assert_int_equal(drain(ev, &s), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.nlost, 0);
	assert_string_equal(s.text[0],
		"[000]     1.000000 curl-4242 bp1 __sys_connect: port=4444 a6=::1 "
		"path=\"/tmp/a b \\\"q\\\" x=1\" n=-5 flags=0x1f a4=127.0.0.1\n");
	/* comm from PROC/PID/comm, a string the kernel could not fetch */
	assert_string_equal(s.text[1],
		"[000]     1.000500 work\\x1b[2Jload-4243 bp1 __sys_connect: port=443 a6=:: "
		"path=(fault) n=7 flags=0x0 a4=0.0.0.0\n");
	/* a return probe: caller <- function; an unknown pid */
	assert_string_equal(s.text[2],
		"[000]     2.000000 <...>-99 bp2 __x64_sys_connect+0x14 <- __sys_connect: "
		"ret=-111 (ECONNREFUSED)\n");
	assert_true(kpdb_events_eof(ev));
	kpdb_events_close(ev);
}

/*
 * The program of 'go --' has kpdb's name between fork and exec: a hit then
 * shows that name, and the hits after its exec show the program's own, not
 * a cached "kpdb" (seen on 6.12: the connect of 'workload' came as kpdb-544).
 */
static void test_comm_after_exec(void **state)
{
	static const struct bp1_rec r = { 1000000000ULL, 4300, 0x5c11, { 0 }, "x", 1, 0, 0 };
	struct seen s = { .bp1 = &bp1, .bp2 = &bp2, .stop_after = 1 };
	struct bp1_rec r2 = r;
	struct rb_writer w;
	struct kpdb_events *ev;
	FILE *f = cpu_file(0);
	char path[512];

	(void)state;
	r2.ts += 1000;
	rb_init(&w, f);
	add_bp1(&w, &r);
	add_bp1(&w, &r2);
	assert_int_equal(rb_flush(&w), 0);
	fclose(f);
	snprintf(path, sizeof(path), "%s/proc/%d", root, (int)getpid());
	mkdirs(path);
	strcat(path, "/comm");
	write_text(path, "kpdb\n");
	snprintf(path, sizeof(path), "%s/proc/4300", root);
	mkdirs(path);
	strcat(path, "/comm");
	write_text(path, "kpdb\n");

	ev = open_events();
	assert_int_equal(drain(ev, &s), 1);
	assert_string_equal(s.comm[0], "kpdb");
	write_text(path, "workload\n");
	assert_int_equal(drain(ev, &s), 1);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.comm[1], "workload");
	kpdb_events_close(ev);
}

static void test_decode_json(void **state)
{
	struct bp1_rec r = { 3000001000ULL, 4242, 0x5c11, { 0 }, "x\ty", 1, 2, 16777343 };
	struct seen s = { .bp1 = &bp1, .bp2 = &bp2, .json = true };
	struct rb_writer w;
	struct kpdb_events *ev;
	FILE *f = cpu_file(0);

	memcpy(r.a6, v6_loop, 16);
	rb_init(&w, f);
	add_bp1(&w, &r);
	add_bp2(&w, 3000002000ULL, 4242, -2);
	assert_int_equal(rb_flush(&w), 0);
	fclose(f);

	ev = open_events();
	assert_int_equal(drain(ev, &s), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.text[0],
		"{\"bp\":1,\"name\":\"bp1\",\"cpu\":0,\"ts\":3.000001,\"ts_ns\":3000001000,"
		"\"comm\":\"curl\",\"pid\":4242,\"func\":\"__sys_connect\",\"args\":{"
		"\"port\":{\"raw\":23569,\"value\":4444},"
		"\"a6\":{\"raw\":\"00000000000000000000000000000001\",\"value\":\"::1\"},"
		"\"path\":\"x\\ty\",\"n\":1,\"flags\":2,"
		"\"a4\":{\"raw\":16777343,\"value\":\"127.0.0.1\"}}}\n");
	assert_string_equal(s.text[1],
		"{\"bp\":2,\"name\":\"bp2\",\"cpu\":0,\"ts\":3.000002,\"ts_ns\":3000002000,"
		"\"comm\":\"curl\",\"pid\":4242,\"func\":\"__sys_connect\","
		"\"caller\":\"__x64_sys_connect+0x14\","
		"\"args\":{\"ret\":{\"raw\":-2,\"value\":\"-2 (ENOENT)\"}}}\n");
	kpdb_events_close(ev);
}

static void test_merge_cpus(void **state)
{
	struct seen s = { .bp1 = &bp1, .bp2 = &bp2 };
	struct rb_writer w0, w1;
	struct kpdb_events *ev;
	FILE *f0 = cpu_file(0), *f1 = cpu_file(1);

	rb_init(&w0, f0);
	rb_init(&w1, f1);
	/* cpu0: 10 30 50 (two pages); cpu1: 20 40 */
	add_bp2(&w0, 10, 1, -1);
	add_bp2(&w0, 30, 1, -3);
	assert_int_equal(rb_flush(&w0), 0);
	add_bp2(&w0, 50, 1, -5);
	add_bp2(&w1, 20, 2, -2);
	add_bp2(&w1, 40, 2, -4);
	assert_int_equal(rb_flush(&w0), 0);
	assert_int_equal(rb_flush(&w1), 0);
	fclose(f0);
	fclose(f1);

	ev = open_events();
	assert_int_equal(kpdb_events_nsources(ev), 2);
	assert_int_equal(drain(ev, &s), 0);
	assert_int_equal(s.n, 5);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(s.ts[i], (i + 1) * 10);
		assert_int_equal(s.cpu[i], i % 2);
	}
	kpdb_events_close(ev);
}

static void test_lost_events(void **state)
{
	struct seen s = { .bp1 = &bp1, .bp2 = &bp2 };
	struct rb_writer w;
	struct kpdb_events *ev;
	FILE *f = cpu_file(0);
	char *buf = NULL;
	size_t len = 0;
	struct kpdb_hit_out out = { 0 };

	rb_init(&w, f);
	add_bp2(&w, 100, 1, -1);
	assert_int_equal(rb_lost(&w, 37), 0);
	add_bp2(&w, 200, 1, -1);
	assert_int_equal(rb_lost(&w, -1), 0);
	add_bp2(&w, 300, 1, -1);
	assert_int_equal(rb_flush(&w), 0);
	fclose(f);

	ev = open_events();
	assert_int_equal(drain(ev, &s), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.nlost, 2);
	assert_int_equal(s.lost[0], 37);
	assert_int_equal(s.lost[1], -1);
	kpdb_events_close(ev);

	out.f = open_memstream(&buf, &len);
	kpdb_lost_print(&out, 1, 37, 2500000000ULL);
	out.json = true;
	kpdb_lost_print(&out, 1, 37, 2500000000ULL);
	kpdb_lost_print(&out, 0, -1, 1000);
	out.json = false;
	kpdb_lost_print(&out, 0, -1, 1000);
	fclose(out.f);
	assert_string_equal(buf,
		"[001]     2.500000 lost 37 events (ring buffer overrun)\n"
		"{\"lost\":37,\"cpu\":1,\"ts\":2.500000}\n"
		"{\"lost\":null,\"cpu\":0,\"ts\":0.000001}\n"
		"[000]     0.000001 lost events (ring buffer overrun, count unknown)\n");
	free(buf);
}

/* Time extends (deltas of 2^27 ns and more) and records longer than 112 bytes. */
static void test_extend_and_big(void **state)
{
	struct seen s = { .bp1 = &bp1, .bp2 = &bp2 };
	struct bp1_rec r = { 5, 4242, 1, { 0 }, NULL, 0, 0, 0 };
	char longpath[300];
	struct rb_writer w;
	struct kpdb_events *ev;
	FILE *f = cpu_file(0);

	memset(longpath, 'p', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	rb_init(&w, f);
	add_bp1(&w, &r);
	r.ts = 5 + (1ULL << 27) + 3;
	r.path = longpath;
	add_bp1(&w, &r);
	r.ts = 86400ULL * 1000000000ULL;	/* a day later: the extend's upper bits */
	r.path = "short";
	add_bp1(&w, &r);
	assert_int_equal(rb_flush(&w), 0);
	fclose(f);

	ev = open_events();
	assert_int_equal(drain(ev, &s), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.ts[0], 5);
	assert_int_equal(s.ts[1], 5 + (1ULL << 27) + 3);
	assert_int_equal(s.ts[2], 86400ULL * 1000000000ULL);
	assert_non_null(strstr(s.text[1], longpath));
	assert_non_null(strstr(s.text[2], "path=\"short\" "));
	kpdb_events_close(ev);
}

/* A callback that stops keeps the rest for the next dispatch, even across
 * a suspend (files closed) and resume. */
static void test_stop_and_resume(void **state)
{
	struct seen s = { .bp1 = &bp1, .bp2 = &bp2, .stop_after = 2 };
	struct kpdb_events_cb cb = { .hit = on_hit, .lost = on_lost, .bp = bp_of, .arg = &s };
	struct kpdb_err err = { "" };
	struct rb_writer w;
	struct kpdb_events *ev;
	FILE *f = cpu_file(0);

	rb_init(&w, f);
	for (int i = 0; i < 5; i++)
		add_bp2(&w, 100 + i, 1, -i);
	assert_int_equal(rb_flush(&w), 0);
	fclose(f);

	ev = open_events();
	s.ev = ev;
	assert_int_equal(kpdb_events_dispatch(ev, &cb, &err), 1);
	assert_int_equal(s.n, 2);
	assert_true(kpdb_events_pending(ev));
	kpdb_events_suspend(ev);
	assert_int_equal(kpdb_events_fd(ev, 0), -1);
	/* the kernel's file is consumed by reading; this one must be emptied */
	fclose(cpu_file(0));
	assert_int_equal(kpdb_events_resume(ev, &err), 0);
	s.stop_after = 3;
	assert_int_equal(kpdb_events_dispatch(ev, &cb, &err), 1);
	assert_int_equal(s.n, 3);
	s.stop_after = 0;
	assert_int_equal(drain(ev, &s), 0);
	assert_int_equal(s.n, 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(s.ts[i], 100 + i);
	kpdb_events_close(ev);
}

/* A FIFO stands in for trace_pipe_raw: pages may arrive in pieces, and no
 * writer is not the end. */
static void test_fifo(void **state)
{
	struct seen s = { .bp1 = &bp1, .bp2 = &bp2 };
	char path[512];
	unsigned char page[RB_PAGE_SIZE];
	struct rb_writer w;
	struct kpdb_events *ev;
	FILE *mem;
	char *buf = NULL;
	size_t len = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/instances/%s/per_cpu/cpu0/trace_pipe_raw", root, GROUP);
	unlink(path);
	assert_int_equal(mkfifo(path, 0600), 0);
	ev = open_events();
	assert_int_equal(drain(ev, &s), 0);
	assert_int_equal(s.n, 0);
	assert_false(kpdb_events_eof(ev));

	mem = open_memstream(&buf, &len);
	rb_init(&w, mem);
	add_bp2(&w, 7, 1, -1);
	assert_int_equal(rb_flush(&w), 0);
	fclose(mem);
	assert_int_equal(len, RB_PAGE_SIZE);
	memcpy(page, buf, RB_PAGE_SIZE);
	free(buf);

	fd = open(path, O_WRONLY | O_NONBLOCK);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, page, 1000), 1000);
	assert_int_equal(drain(ev, &s), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(write(fd, page + 1000, RB_PAGE_SIZE - 1000), RB_PAGE_SIZE - 1000);
	close(fd);
	assert_int_equal(drain(ev, &s), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.ts[0], 7);
	assert_false(kpdb_events_eof(ev));
	kpdb_events_close(ev);
}

static void test_symbols(void **state)
{
	struct kpdb_events *ev = open_events();
	char buf[64];

	assert_string_equal(kpdb_events_symbol(ev, IP_CONNECT, buf, sizeof(buf)),
			    "__sys_connect");
	assert_string_equal(kpdb_events_symbol(ev, IP_CALLER, buf, sizeof(buf)),
			    "__x64_sys_connect+0x14");
	/* data symbols are not functions */
	assert_string_equal(kpdb_events_symbol(ev, 0xffffffff81a00310ULL, buf, sizeof(buf)),
			    "__x64_sys_connect+0x110");
	assert_string_equal(kpdb_events_symbol(ev, 0xffffffffc0000008ULL, buf, sizeof(buf)),
			    "mod_func+0x8");
	assert_null(kpdb_events_symbol(ev, 0x1000, buf, sizeof(buf)));
	kpdb_events_close(ev);
}


/* A stacktrace trigger's record: @n frames (the kernel writes only those). */
static void add_stack(struct rb_writer *w, unsigned long long ts, int pid,
		      const unsigned long long *frames, unsigned int n)
{
	struct rb_rec rec;

	rb_rec_begin(&rec, 16 + n * 8, RB_STACK_ID, pid);
	rb_rec_num(&rec, n, 4);
	rb_rec_num(&rec, 0, 4);
	for (unsigned int i = 0; i < n; i++)
		rb_rec_num(&rec, frames[i], 8);
	assert_int_equal(rb_add(w, ts, rec.buf, rb_rec_len(&rec)), 0);
}

/*
 * The kernel_stack record that follows a hit is that hit's stack, printed
 * under it (and in JSON as "stack") from the probed function on (the
 * tracer's own frames before it go); a hit without one has none; a stack
 * record with no hit before it (its hit on the previous page) is skipped.
 */
static void test_stacks(void **state)
{
	static const unsigned long long frames[] = {
		0xffffffff81000010ULL, IP_CONNECT + 5, IP_CALLER, 0x1000,
	};
	struct bp1_rec r = { 1000000000ULL, 4242, 0x5c11, { 0 }, "/x", 1, 0, 0 };
	struct seen s = { .bp1 = &bp1, .bp2 = &bp2 };
	struct rb_writer w;
	struct kpdb_events *ev;
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/events/ftrace/kernel_stack", root);
	mkdirs(path);
	strcat(path, "/format");
	write_text(path, rb_stack_format);

	f = cpu_file(0);
	rb_init(&w, f);
	add_stack(&w, 900000000ULL, 4242, frames, 2);	/* orphan: skipped */
	add_bp1(&w, &r);
	add_stack(&w, 1000000000ULL, 4242, frames, 4);
	add_bp2(&w, 2000000000ULL, 99, -111);
	r.ts = 3000000000ULL;
	add_bp1(&w, &r);
	add_stack(&w, 3000000000ULL, 4242, frames + 2, 1);
	/* the reader got the page before the kernel wrote the stack: it is on the next */
	r.ts = 4000000000ULL;
	add_bp1(&w, &r);
	assert_int_equal(rb_flush(&w), 0);
	add_stack(&w, 4000000000ULL, 4242, frames + 1, 2);
	add_bp2(&w, 5000000000ULL, 99, -111);
	assert_int_equal(rb_flush(&w), 0);
	fclose(f);
	/* the reader looks at the next page only for events with a stacktrace trigger */
	snprintf(path, sizeof(path), "%s/instances/%s/events/%s/bp1", root, GROUP, GROUP);
	mkdirs(path);
	strcat(path, "/trigger");
	write_text(path, "stacktrace:unlimited if common_pid != 1\n");

	ev = open_events();
	assert_int_equal(drain(ev, &s), 0);
	assert_int_equal(s.n, 5);
	assert_int_equal(s.nlost, 0);
	assert_string_equal(s.text[3],
		"[000]     4.000000 curl-4242 bp1 __sys_connect: port=4444 a6=:: path=\"/x\" "
		"n=1 flags=0x0 a4=0.0.0.0\n"
		"      __sys_connect+0x5\n"
		"      __x64_sys_connect+0x14\n");
	assert_string_equal(s.text[4],
		"[000]     5.000000 <...>-99 bp2 __x64_sys_connect+0x14 <- __sys_connect: "
		"ret=-111 (ECONNREFUSED)\n");
	assert_string_equal(s.text[0],
		"[000]     1.000000 curl-4242 bp1 __sys_connect: port=4444 a6=:: path=\"/x\" "
		"n=1 flags=0x0 a4=0.0.0.0\n"
		"      __sys_connect+0x5\n"
		"      __x64_sys_connect+0x14\n"
		"      0x1000\n");
	assert_string_equal(s.text[1],
		"[000]     2.000000 <...>-99 bp2 __x64_sys_connect+0x14 <- __sys_connect: "
		"ret=-111 (ECONNREFUSED)\n");
	assert_string_equal(s.text[2],
		"[000]     3.000000 curl-4242 bp1 __sys_connect: port=4444 a6=:: path=\"/x\" "
		"n=1 flags=0x0 a4=0.0.0.0\n"
		"      __x64_sys_connect+0x14\n");
	kpdb_events_close(ev);

	/* the same in JSON */
	memset(&s, 0, sizeof(s));
	s.bp1 = &bp1;
	s.bp2 = &bp2;
	s.json = true;
	ev = open_events();
	assert_int_equal(drain(ev, &s), 0);
	assert_int_equal(s.n, 5);
	assert_non_null(strstr(s.text[0],
		",\"stack\":[{\"addr\":\"0xffffffff81a00005\",\"func\":\"__sys_connect+0x5\"},"
		"{\"addr\":\"0xffffffff81a00214\",\"func\":\"__x64_sys_connect+0x14\"},"
		"{\"addr\":\"0x1000\",\"func\":null}]}\n"));
	assert_null(strstr(s.text[1], "stack"));
	kpdb_events_close(ev);
}

/* A hist file as 6.1 shows it: rows per pid merged per comm, sorted, barred. */
static void test_hist_table(void **state)
{
	static const char text[] =
		"# event histogram\n"
		"#\n"
		"# trigger info: hist:keys=common_pid.execname:vals=hitcount,count:sort=hitcount:size=2048 if common_pid != 120 [active]\n"
		"#\n"
		"\n"
		"{ common_pid: sh              [       101] } hitcount:          2  count:        256\n"
		"{ common_pid: dd              [       130] } hitcount:       1000  count:    4096000\n"
		"{ common_pid: dd              [       131] } hitcount:         10  count:      40960\n"
		"{ common_pid: cat             [       132] } hitcount:        505  count:     131072\n"
		"\n"
		"Totals:\n"
		"    Hits: 1517\n"
		"    Entries: 4\n"
		"    Dropped: 0\n";
	static const char log2_text[] =
		"# event histogram\n#\n\n"
		"{ count: ~ 2^12 } hitcount:         40\n"
		"{ count: ~ 2^3  } hitcount:         20\n"
		"{ count: ~ 2^10 } hitcount:         10\n"
		"\nTotals:\n    Hits: 70\n    Entries: 3\n    Dropped: 2\n";
	static const char stack_text[] =
		"# event histogram\n#\n\n"
		"{ common_stacktrace:\n"
		"         kprobe_ftrace_handler+0x13b/0x1d0\n"
		"         0xffffffffc02150de\n"
		"         ksys_read+0x73/0xf0\n"
		"         do_syscall_64+0x5d/0x90\n"
		"} hitcount:          3\n"
		"\nTotals:\n    Hits: 3\n    Entries: 1\n    Dropped: 0\n";
	struct kpdb_hist h;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	assert_int_equal(kpdb_hist_parse(text, true, false, &h), 0);
	assert_int_equal(h.nrows, 3);
	assert_int_equal(h.total_hits, 1517);
	f = open_memstream(&buf, &len);
	kpdb_hist_print(f, &h, 1, false);
	fclose(f);
	assert_string_equal(buf,
		"dd         1010 count=4136960 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"cat         505 count=131072  |@@@@@@@@@@@@@@@@@@@@                    |\n"
		"sh            2 count=256     |                                        |\n");
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	kpdb_hist_print(f, &h, 1, true);
	fclose(f);
	assert_non_null(strstr(buf,
		"{\"bp\":1,\"key\":{\"comm\":\"dd\"},\"hits\":1010,\"sum_of\":\"count\","
		"\"sum\":4136960}\n"));
	free(buf);
	kpdb_hist_free(&h);

	/* by pid: the rows stay apart */
	assert_int_equal(kpdb_hist_parse(text, false, false, &h), 0);
	assert_int_equal(h.nrows, 4);
	assert_string_equal(h.rows[0].keys[0].value, "dd");
	assert_string_equal(h.rows[0].keys[1].name, "pid");
	assert_string_equal(h.rows[0].keys[1].value, "130");
	kpdb_hist_free(&h);

	/* log2: by bucket, labelled as bpftrace does */
	assert_int_equal(kpdb_hist_parse(log2_text, false, false, &h), 0);
	assert_int_equal(h.nrows, 3);
	assert_int_equal(h.dropped, 2);
	buf = NULL;
	f = open_memstream(&buf, &len);
	kpdb_hist_print(f, &h, 2, false);
	fclose(f);
	assert_string_equal(buf,
		"[8, 16)          20 |@@@@@@@@@@@@@@@@@@@@                    |\n"
		"[1K, 2K)         10 |@@@@@@@@@@                              |\n"
		"[4K, 8K)         40 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"(2 hits dropped: the kernel's table is full)\n");
	free(buf);
	kpdb_hist_free(&h);

	/* a stack key: the frames under the row, from the probed function */
	assert_int_equal(kpdb_hist_parse(stack_text, false, false, &h), 0);
	assert_int_equal(h.nrows, 1);
	kpdb_hist_trim_stacks(&h, "nosuch");
	assert_non_null(strstr(h.rows[0].keys[0].value, "kprobe_ftrace_handler"));
	kpdb_hist_trim_stacks(&h, "ksys_read");
	buf = NULL;
	f = open_memstream(&buf, &len);
	kpdb_hist_print(f, &h, 3, false);
	fclose(f);
	assert_string_equal(buf,
		"stack          3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"      ksys_read+0x73/0xf0\n"
		"      do_syscall_64+0x5d/0x90\n");
	free(buf);
	kpdb_hist_free(&h);
}

/*
 * @rec decoded for its type's breakpoint (addresses named by @sym), printed
 * plain, then as JSON too when @json; the type's map is freed after.
 */
static char *print_record(const struct kpdb_record *rec, kpdb_symbol_fn *sym, bool json)
{
	struct kpdb_hit_out out = { 0 };
	struct kpdb_hit *hit = calloc(1, sizeof(*hit));
	char *buf = NULL;
	size_t len = 0;

	assert_non_null(hit);
	assert_int_equal(kpdb_hit_decode(hit, rec, sym, NULL), 0);
	out.f = open_memstream(&buf, &len);
	assert_non_null(out.f);
	kpdb_hit_print(&out, hit);
	out.json = true;
	if (json)
		kpdb_hit_print(&out, hit);
	fclose(out.f);
	kpdb_hit_release(hit);
	free(hit);
	kpdb_hit_map_free(rec->type->map);
	rec->type->map = NULL;
	return buf;
}

/* Printers alone, on hand-made hits: sockaddr, hex, dec, symbol, no bp. */
static void test_print_formats(void **state)
{
	struct kpdb_field fields[] = {
		{ .name = "sa__fam", .kind = KPDB_FIELD_NUM, .offset = 8, .size = 2,
		  .elem_size = 2 },
		{ .name = "sa__port", .kind = KPDB_FIELD_NUM, .offset = 10, .size = 2,
		  .elem_size = 2 },
		{ .name = "sa__v4", .kind = KPDB_FIELD_NUM, .offset = 12, .size = 4,
		  .elem_size = 4 },
		{ .name = "sa__v6", .kind = KPDB_FIELD_ARRAY, .offset = 16, .size = 16,
		  .elem_size = 1, .hex = true },
		{ .name = "sa__path", .kind = KPDB_FIELD_STRING, .offset = 32, .size = 4,
		  .elem_size = 4 },
		{ .name = "sa__apath", .kind = KPDB_FIELD_STRING, .offset = 36, .size = 4,
		  .elem_size = 4 },
		{ .name = "h", .kind = KPDB_FIELD_NUM, .offset = 40, .size = 4, .elem_size = 4 },
		{ .name = "d", .kind = KPDB_FIELD_NUM, .offset = 44, .size = 8, .elem_size = 8,
		  .is_signed = true },
		{ .name = "sym", .kind = KPDB_FIELD_NUM, .offset = 52, .size = 8, .elem_size = 8 },
		{ .name = "ip", .kind = KPDB_FIELD_NUM, .offset = 60, .size = 8, .elem_size = 8 },
	};
	struct kpdb_event_type t = { .id = 9, .system = GROUP, .name = "bp3",
				     .fields = fields, .nfields = 9, .ip = &fields[9] };
	struct kpdb_arg args[] = {
		{ .name = "sa", .fmt = KPDB_FMT_SOCKADDR },
		{ .name = "h", .fmt = KPDB_FMT_HEX, .ktype = "x32" },
		{ .name = "d", .fmt = KPDB_FMT_DEC, .ktype = "s64" },
		{ .name = "sym", .ktype = "symbol" },
		{ .name = "hidden_one", .ktype = "u8", .hidden = true },
	};
	struct kpdb_probe_spec spec = { .location = "f+4", .symbol = "f", .offset = 4,
					.args = args, .nargs = 5 };
	struct kpdb_bp bp = { .num = 3, .event = "bp3", .spec = &spec };
	unsigned char data[80] = { 0 };
	struct kpdb_record rec = { .type = &t, .cpu = 12, .ts = 123456789012ULL, .pid = 5,
				   .comm = "a b", .data = data, .size = sizeof(data) };
	uint16_t fam = 2, port = 0x5c11;
	uint32_t v4 = 16777343, h = 0xbeef, loc = 0;
	int64_t d = -42;
	uint64_t sym = 0xdeadULL, ip = 0x1234;
	char *buf;

	memcpy(data + 8, &fam, 2);
	memcpy(data + 10, &port, 2);
	memcpy(data + 12, &v4, 4);
	memcpy(data + 32, &loc, 4);
	memcpy(data + 36, &loc, 4);
	memcpy(data + 40, &h, 4);
	memcpy(data + 44, &d, 8);
	memcpy(data + 52, &sym, 8);
	memcpy(data + 60, &ip, 8);

	t.bp = &bp;
	buf = print_record(&rec, NULL, true);
	/* no symbol resolver: the location as typed, addresses in hex */
	assert_string_equal(buf,
		"[012]   123.456789 a b-5 bp3 f+4: sa=AF_INET 127.0.0.1:4444 h=0xbeef d=-42 "
		"sym=0xdead\n"
		"{\"bp\":3,\"name\":\"bp3\",\"cpu\":12,\"ts\":123.456789,\"ts_ns\":123456789012,"
		"\"comm\":\"a b\",\"pid\":5,\"func\":\"f+4\",\"args\":{"
		"\"sa\":{\"raw\":{\"fam\":2,\"port\":23569,\"v4\":16777343,"
		"\"v6\":\"00000000000000000000000000000000\"},"
		"\"value\":\"AF_INET 127.0.0.1:4444\"},"
		"\"h\":{\"raw\":48879,\"value\":\"0xbeef\"},\"d\":{\"raw\":-42,\"value\":-42},"
		"\"sym\":{\"raw\":57005,\"value\":\"0xdead\"}}}\n");
	free(buf);

	/* an event kpdb did not create: every field, undecoded */
	t.bp = NULL;
	t.nfields = 2;
	buf = print_record(&rec, NULL, false);
	assert_string_equal(buf, "[012]   123.456789 a b-5 bp3 0x1234: sa__fam=2 sa__port=23569\n");
	free(buf);
}

/*
 * Issue 11 (3): a hit's strings go through output.c's escaper, the one of
 * every JSON line.  A UTF-8 comm and string argument stay UTF-8 in JSON (not
 * "caf\u00c3\u00a9"); in the human line valid UTF-8 stays printable while a
 * lone C1 byte (0x9b, CSI on 8-bit terminals), a C1 control written in UTF-8
 * (U+009B, CSI on UTF-8 terminals) and a byte of no character are escaped.
 */
static void test_print_utf8(void **state)
{
	static const char str[] = "caf\xc3\xa9 \xe2\x82\xac|\x9b[2J|\xc2\x9b|\xe9|\x7f";
	struct kpdb_field fields[] = {
		{ .name = "s", .kind = KPDB_FIELD_STRING, .offset = 8, .size = 4, .elem_size = 4 },
		{ .name = "sa__fam", .kind = KPDB_FIELD_NUM, .offset = 12, .size = 2,
		  .elem_size = 2 },
		{ .name = "sa__path", .kind = KPDB_FIELD_STRING, .offset = 14, .size = 4,
		  .elem_size = 4 },
	};
	struct kpdb_event_type t = { .id = 9, .system = GROUP, .name = "bp4",
				     .fields = fields, .nfields = 3 };
	struct kpdb_arg args[] = {
		{ .name = "s", .ktype = "string" },
		{ .name = "sa", .fmt = KPDB_FMT_SOCKADDR },
	};
	struct kpdb_probe_spec spec = { .location = "f", .symbol = "f", .args = args,
					.nargs = 2 };
	struct kpdb_bp bp = { .num = 4, .event = "bp4", .spec = &spec };
	unsigned char data[96] = { 0 };
	struct kpdb_record rec = { .type = &t, .cpu = 1, .ts = 1000000000ULL, .pid = 9,
				   .comm = "caf\xc3\xa9\x9b", .data = data, .size = sizeof(data) };
	uint32_t loc = (uint32_t)sizeof(str) << 16 | 32;
	uint32_t ploc = 6U << 16 | 80;
	uint16_t fam = 1;
	char *buf;

	(void)state;
	memcpy(data + 8, &loc, 4);
	memcpy(data + 32, str, sizeof(str));
	memcpy(data + 12, &fam, 2);
	memcpy(data + 14, &ploc, 4);
	memcpy(data + 80, "/r\xc3\xa9\x9b", 6);

	t.bp = &bp;
	buf = print_record(&rec, NULL, true);
	assert_string_equal(buf,
		"[001]     1.000000 caf\xc3\xa9\\x9b-9 bp4 f: "
		"s=\"caf\xc3\xa9 \xe2\x82\xac|\\x9b[2J|\\xc2\\x9b|\\xe9|\\x7f\" "
		"sa=AF_UNIX /r\xc3\xa9\\x9b\n"
		"{\"bp\":4,\"name\":\"bp4\",\"cpu\":1,\"ts\":1.000000,\"ts_ns\":1000000000,"
		"\"comm\":\"caf\xc3\xa9\\u009b\",\"pid\":9,\"func\":\"f\",\"args\":{"
		"\"s\":\"caf\xc3\xa9 \xe2\x82\xac|\\u009b[2J|\\u009b|\\u00e9|\\u007f\","
		"\"sa\":{\"raw\":{\"fam\":1,\"port\":0,\"v4\":0,\"path\":\"/r\xc3\xa9\\\\x9b\"},"
		"\"value\":\"AF_UNIX /r\xc3\xa9\\\\x9b\"}}}\n");
	free(buf);
}


static const char *ibt_symbol(void *arg, unsigned long long addr, char *buf, size_t len)
{
	(void)arg;
	if (addr >= 0x2000)
		snprintf(buf, len, "g+0x%llx", addr - 0x2000);
	else if (addr > 0x1000)
		snprintf(buf, len, "f+0x%llx", addr - 0x1000);
	else
		snprintf(buf, len, "f");
	return buf;
}

/* print one hit of @bp at probe address @ip (caller @ret for a kretprobe) */
static char *ibt_hit(struct kpdb_bp *bp, bool retprobe, uint64_t ip, uint64_t ret)
{
	struct kpdb_field fields[] = {
		{ .name = "__probe_ip", .kind = KPDB_FIELD_NUM, .offset = 8, .size = 8,
		  .elem_size = 8 },
		{ .name = "__probe_ret_ip", .kind = KPDB_FIELD_NUM, .offset = 16, .size = 8,
		  .elem_size = 8 },
	};
	struct kpdb_event_type t = { .id = 9, .system = GROUP, .name = bp->event,
				     .retprobe = retprobe, .ip = &fields[0],
				     .ret_ip = retprobe ? &fields[1] : NULL };
	unsigned char data[24] = { 0 };
	struct kpdb_record rec = { .type = &t, .cpu = 0, .ts = 1000000000ULL, .pid = 7,
				   .comm = "nc", .data = data, .size = sizeof(data) };

	memcpy(data + 8, &ip, 8);
	memcpy(data + 16, &ret, 8);
	t.bp = bp;
	return print_record(&rec, ibt_symbol, false);
}

/*
 * 6.12's kernel is built with IBT: a kprobe on f is placed after f's ENDBR64
 * and reports f+0x4.  A breakpoint set on f's entry shows f; one set on f+4
 * or anywhere else shows where it is.  NAME#N and FILE:FUNC are written
 * _text+OFF (a name the kernel has several of): still a function's entry,
 * shown as f; FILE:LINE and an offset are not.
 */
static void test_ibt_entry(void **state)
{
	static const struct {
		struct kpdb_probe_spec spec;
		unsigned long long ip, ret;
		const char *want;
	} t[] = {
		{ { .location = "f", .symbol = "f" }, 0x1004, 0, "bp1 f:" },
		{ { .location = "f", .symbol = "f" }, 0x1000, 0, "bp1 f:" },
		{ { .location = "f", .symbol = "f" }, 0x1008, 0, "bp1 f+0x8:" },
		{ { .location = "f+4", .symbol = "f", .offset = 4 }, 0x1004, 0, "bp1 f+0x4:" },
		{ { .location = "f", .symbol = "f", .retprobe = true }, 0x1004, 0x2018,
		  "bp1 g+0x18 <- f:" },
		{ { .location = "x.c:f", .symbol = "_text", .offset = 0x1000 }, 0x1004, 0,
		  "bp1 f:" },
		{ { .location = "f#2", .symbol = "_text", .offset = 0x1000 }, 0x1004, 0, "bp1 f:" },
		{ { .location = "f#2", .symbol = "_text", .offset = 0x1000, .retprobe = true },
		  0x1004, 0x2018, "bp1 g+0x18 <- f:" },
		{ { .location = "x.c:12", .symbol = "_text", .offset = 0x1000 }, 0x1004, 0,
		  "bp1 f+0x4:" },
		{ { .location = "f#2+4", .symbol = "_text", .offset = 0x1004 }, 0x1004, 0,
		  "bp1 f+0x4:" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct kpdb_probe_spec spec = t[i].spec;
		struct kpdb_bp bp = { .num = 1, .event = "bp1", .spec = &spec };
		char want[128], *s = ibt_hit(&bp, spec.retprobe, t[i].ip, t[i].ret);

		snprintf(want, sizeof(want), "[000]     1.000000 nc-7 %s\n", t[i].want);
		if (strcmp(s, want))
			fprintf(stderr, "case %zu (%s): got '%s'\n", i, spec.location, s);
		assert_string_equal(s, want);
		free(s);
	}
}

/* A bitfield of a signed C type: the kernel reads b<w>@<o>/<c> unsigned. */
static void test_signed_bitfield(void **state)
{
	struct kpdb_field fields[] = {
		{ .name = "neg", .kind = KPDB_FIELD_NUM, .offset = 8, .size = 4, .elem_size = 4 },
		{ .name = "pos", .kind = KPDB_FIELD_NUM, .offset = 12, .size = 4, .elem_size = 4 },
		{ .name = "uns", .kind = KPDB_FIELD_NUM, .offset = 16, .size = 4, .elem_size = 4 },
		{ .name = "hi", .kind = KPDB_FIELD_NUM, .offset = 20, .size = 8, .elem_size = 8 },
		{ .name = "ip", .kind = KPDB_FIELD_NUM, .offset = 28, .size = 8, .elem_size = 8 },
	};
	struct kpdb_event_type t = { .id = 9, .system = GROUP, .name = "bp4",
				     .fields = fields, .nfields = 4, .ip = &fields[4] };
	struct kpdb_arg args[] = {
		{ .name = "neg", .ktype = "b3@5/32", .bit_signed = true },
		{ .name = "pos", .ktype = "b3@5/32", .bit_signed = true },
		{ .name = "uns", .ktype = "b3@5/32" },
		{ .name = "hi", .ktype = "b32@32/64", .bit_signed = true },
	};
	struct kpdb_probe_spec spec = { .location = "f", .symbol = "f", .args = args,
					.nargs = 4 };
	struct kpdb_bp bp = { .num = 4, .event = "bp4", .spec = &spec };
	unsigned char data[40] = { 0 };
	struct kpdb_record rec = { .type = &t, .cpu = 0, .ts = 1000, .pid = 5, .comm = "c",
				   .data = data, .size = sizeof(data) };
	uint32_t neg = 7, pos = 3, uns = 7;
	uint64_t hi = 0xfffffffeULL;	/* -2 in the upper half of a register */
	char *buf;

	(void)state;
	memcpy(data + 8, &neg, 4);
	memcpy(data + 12, &pos, 4);
	memcpy(data + 16, &uns, 4);
	memcpy(data + 20, &hi, 8);
	t.bp = &bp;
	buf = print_record(&rec, NULL, true);
	assert_non_null(strstr(buf, " f: neg=-1 pos=3 uns=7 hi=-2\n"));
	assert_non_null(strstr(buf, "\"args\":{\"neg\":-1,\"pos\":3,\"uns\":7,\"hi\":-2}"));
	free(buf);
}

/* ---- pages recorded from the real 6.1 kernel (tests/fixtures/raw-events) ---- */

static char fixdir[512];

static void copy_file(const char *from, const char *to)
{
	char buf[8192];
	FILE *in = fopen(from, "r"), *out;
	size_t n;

	if (!in)
		fail_msg("cannot open fixture '%s'", from);
	out = fopen(to, "w");
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	fclose(out);
}

static int setup_fixture(void **state)
{
	const char *src = getenv("top_srcdir");
	char path[512], from[1024];
	static const char *const fmt[] = { "bp1", "bp2" };

	snprintf(fixdir, sizeof(fixdir), "%s/tests/fixtures/raw-events", src ? src : ".");
	snprintf(root, sizeof(root), "/tmp/kpdb-test-events-XXXXXX");
	assert_non_null(mkdtemp(root));
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/events/%s/%s", root, GROUP, fmt[i]);
		mkdirs(path);
		strcat(path, "/format");
		snprintf(from, sizeof(from), "%s/%s.format", fixdir, fmt[i]);
		copy_file(from, path);
	}
	snprintf(path, sizeof(path), "%s/events/header_page", root);
	snprintf(from, sizeof(from), "%s/header_page", fixdir);
	copy_file(from, path);
	snprintf(path, sizeof(path), "%s/saved_cmdlines", root);
	snprintf(from, sizeof(from), "%s/saved_cmdlines", fixdir);
	copy_file(from, path);
	snprintf(path, sizeof(path), "%s/instances/%s/per_cpu/cpu0", root, GROUP);
	mkdirs(path);
	strcat(path, "/trace_pipe_raw");
	snprintf(from, sizeof(from), "%s/cpu0.page", fixdir);
	copy_file(from, path);
	snprintf(path, sizeof(path), "%s/proc", root);
	mkdirs(path);
	strcat(path, "/kallsyms");
	snprintf(from, sizeof(from), "%s/kallsyms", fixdir);
	copy_file(from, path);
	return 0;
}

static struct kpdb_arg fix1_args[] = {
	{ .name = "fd", .ktype = "s32" },
	{ .name = "fam", .ktype = "u16" },
	{ .name = "port", .ktype = "u16" },
	{ .name = "addr", .ktype = "u32" },
	{ .name = "addr6", .ktype = "u8[16]" },
	{ .name = "len", .ktype = "s32" },
	{ .name = "comm", .ktype = "string" },
};
static struct kpdb_probe_spec fix1_spec = {
	.location = "__sys_connect", .symbol = "__sys_connect", .args = fix1_args, .nargs = 7,
};
static struct kpdb_arg fix2_args[] = { { .name = "ret", .ktype = "s64" } };
static struct kpdb_probe_spec fix2_spec = {
	.retprobe = true, .location = "__sys_connect", .symbol = "__sys_connect",
	.args = fix2_args, .nargs = 1,
};

/*
 * The kernel's own text of the same records (trace.txt) is the oracle:
 * "workload-139 [000] ..... 3.274309: bp1: (__sys_connect+0x0/0xd0) ARGS"
 * must read "[000]     3.274309 workload-139 bp1 __sys_connect: ARGS".
 */
static void expected_from_trace(char exp[][512], int *n)
{
	char path[600], line[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/trace.txt", fixdir);
	f = fopen(path, "r");
	assert_non_null(f);
	*n = 0;
	while (fgets(line, sizeof(line), f)) {
		char task[64], cpu[8], flags[8], ts[32], ev[16], loc[128], *args, *p;
		int off;

		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, " %63s %7s %7s %31s %15s %n", task, cpu, flags, ts, ev, &off) != 5)
			continue;
		ts[strlen(ts) - 1] = '\0';	/* the colon */
		ev[strlen(ev) - 1] = '\0';
		p = line + off;
		assert_int_equal(*p, '(');
		args = strchr(p, ')');
		assert_non_null(args);
		snprintf(loc, sizeof(loc), "%.*s", (int)(args - p - 1), p + 1);
		args += 2;
		/* "sym+0x0/0xd0" -> "sym", "sym+0x14/0x20" -> "sym+0x14" */
		{
			char out[128] = "", *tok, *save = NULL;

			for (tok = strtok_r(loc, " ", &save); tok;
			     tok = strtok_r(NULL, " ", &save)) {
				char *slash = strchr(tok, '/');

				if (slash)
					*slash = '\0';
				if (strstr(tok, "+0x0") && !strcmp(strstr(tok, "+0x0"), "+0x0"))
					*strstr(tok, "+0x0") = '\0';
				if (out[0])
					strcat(out, " ");
				strcat(out, tok);
			}
			/* kpdb pads the seconds to 5 digits, as ftrace does */
			snprintf(exp[*n], 512, "%s %12s %s %s %s: %s\n", cpu, ts, task, ev, out,
				 args);
		}
		(*n)++;
	}
	fclose(f);
}

static void test_real_pages(void **state)
{
	static struct kpdb_bp fb1 = { .num = 1, .event = "bp1", .spec = &fix1_spec };
	static struct kpdb_bp fb2 = { .num = 2, .event = "bp2", .spec = &fix2_spec };
	struct seen s = { .bp1 = &fb1, .bp2 = &fb2 };
	char exp[16][512];
	struct kpdb_events *ev;
	int n;

	expected_from_trace(exp, &n);
	assert_int_equal(n, 10);
	ev = open_events();
	assert_non_null(kpdb_events_type(ev, 1394));
	assert_non_null(kpdb_events_type(ev, 1395));
	assert_int_equal(drain(ev, &s), 0);
	assert_int_equal(s.n, 10);
	assert_int_equal(s.nlost, 0);
	for (int i = 0; i < n; i++)
		assert_string_equal(s.text[i], exp[i]);
	kpdb_events_close(ev);
}

/* The same records through kpdb's formats, as `bp ... port:port addr:ipv4` gives them. */
static void test_real_pages_formats(void **state)
{
	static struct kpdb_arg a1[] = {
		{ .name = "port", .fmt = KPDB_FMT_PORT, .ktype = "u16" },
		{ .name = "addr", .fmt = KPDB_FMT_IPV4, .ktype = "u32" },
		{ .name = "addr6", .fmt = KPDB_FMT_IPV6, .ktype = "u8[16]" },
		{ .name = "fam", .ktype = "u16", .hidden = true },
	};
	static struct kpdb_probe_spec sp1 = { .location = "__sys_connect",
					      .symbol = "__sys_connect", .args = a1, .nargs = 4 };
	static struct kpdb_arg a2[] = { { .name = "ret", .fmt = KPDB_FMT_ERRNO, .ktype = "s64" } };
	static struct kpdb_probe_spec sp2 = { .retprobe = true, .location = "__sys_connect",
					      .symbol = "__sys_connect", .args = a2, .nargs = 1 };
	static struct kpdb_bp fb1 = { .num = 1, .event = "bp1", .spec = &sp1 };
	static struct kpdb_bp fb2 = { .num = 2, .event = "bp2", .spec = &sp2 };
	struct seen s = { .bp1 = &fb1, .bp2 = &fb2 };
	struct kpdb_events *ev = open_events();

	assert_int_equal(drain(ev, &s), 0);
	assert_int_equal(s.n, 10);
	assert_non_null(strstr(s.text[0], " bp1 __sys_connect: port=4444 addr=127.0.0.1 "
			       "addr6=::a00:0:0:0\n"));
	assert_string_equal(strstr(s.text[1], " bp2 "),
			    " bp2 __x64_sys_connect+0x14 <- __sys_connect: "
			    "ret=-111 (ECONNREFUSED)\n");
	assert_non_null(strstr(s.text[6], ": port=4445 addr=0.0.0.0 addr6=::1\n"));
	assert_string_equal(strstr(s.text[9], " bp2 "),
			    " bp2 __x64_sys_connect+0x14 <- __sys_connect: ret=-2 (ENOENT)\n");
	kpdb_events_close(ev);
}

/*
 * Damaged recordings (fuzz findings): a page whose commit claims more than
 * the page, a record whose length runs past its page.  Neither may be
 * walked or decoded; the pages around them still are.
 */
static void test_damaged_pages(void **state)
{
	struct seen s = { .bp1 = &bp1, .bp2 = &bp2 };
	unsigned char page[RB_PAGE_SIZE];
	struct rb_writer w;
	struct kpdb_events *ev;
	uint64_t commit = 57ULL << 20;
	uint32_t hdr, len, off;
	FILE *f = cpu_file(0), *mem;
	char *buf = NULL;
	size_t n = 0;

	rb_init(&w, f);
	add_bp2(&w, 100, 1, -1);
	assert_int_equal(rb_flush(&w), 0);

	/* page 2: commit of 57 MiB */
	mem = open_memstream(&buf, &n);
	rb_init(&w, mem);
	add_bp2(&w, 200, 1, -2);
	add_bp2(&w, 201, 1, -3);
	assert_int_equal(rb_flush(&w), 0);
	fclose(mem);
	memcpy(page, buf, RB_PAGE_SIZE);
	free(buf);
	memcpy(page + 8, &commit, 8);
	assert_int_equal(fwrite(page, RB_PAGE_SIZE, 1, f), 1);

	/* page 3: its second record (type_len 0) claims 64 KiB */
	buf = NULL;
	mem = open_memstream(&buf, &n);
	rb_init(&w, mem);
	add_bp2(&w, 300, 1, -4);
	add_bp2(&w, 301, 1, -5);
	assert_int_equal(rb_flush(&w), 0);
	fclose(mem);
	memcpy(page, buf, RB_PAGE_SIZE);
	free(buf);
	memcpy(&hdr, page + RB_PAGE_HDR, 4);
	off = RB_PAGE_HDR + 4 + (hdr & 31) * 4;	/* the second record */
	hdr = 1u << 5;				/* type_len 0, time delta 1 */
	memcpy(page + off, &hdr, 4);
	len = 65536;
	memcpy(page + off + 4, &len, 4);
	assert_int_equal(fwrite(page, RB_PAGE_SIZE, 1, f), 1);

	/* page 4: sound again */
	rb_init(&w, f);
	add_bp2(&w, 400, 1, -6);
	assert_int_equal(rb_flush(&w), 0);
	fclose(f);

	ev = open_events();
	assert_int_equal(drain(ev, &s), 0);
	assert_int_equal(s.nlost, 1);
	assert_int_equal(s.lost[0], -1);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.ts[0], 100);
	assert_int_equal(s.ts[1], 300);
	assert_int_equal(s.ts[2], 400);
	kpdb_events_close(ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_formats, setup1, teardown),
		cmocka_unit_test_setup_teardown(test_decode_plain, setup1, teardown),
		cmocka_unit_test_setup_teardown(test_decode_json, setup1, teardown),
		cmocka_unit_test_setup_teardown(test_merge_cpus, setup2, teardown),
		cmocka_unit_test_setup_teardown(test_lost_events, setup1, teardown),
		cmocka_unit_test_setup_teardown(test_extend_and_big, setup1, teardown),
		cmocka_unit_test_setup_teardown(test_stop_and_resume, setup1, teardown),
		cmocka_unit_test_setup_teardown(test_fifo, setup1, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_pages, setup1, teardown),
		cmocka_unit_test_setup_teardown(test_symbols, setup1, teardown),
		cmocka_unit_test_setup_teardown(test_stacks, setup1, teardown),
		cmocka_unit_test(test_hist_table),
		cmocka_unit_test(test_print_formats),
		cmocka_unit_test(test_print_utf8),
		cmocka_unit_test(test_signed_bitfield),
		cmocka_unit_test(test_ibt_entry),
		cmocka_unit_test_setup_teardown(test_comm_after_exec, setup1, teardown),
		cmocka_unit_test_setup_teardown(test_real_pages, setup_fixture, teardown),
		cmocka_unit_test_setup_teardown(test_real_pages_formats, setup_fixture, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
