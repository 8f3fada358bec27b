// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * events.c - the binary event reader.
 *
 * Each CPU's trace_pipe_raw of the session instance yields whole ring-buffer
 * pages; libtraceevent's kbuffer walks the records of a page, and the formats
 * parsed by libtraceevent say where each field is.  Records are delivered in
 * timestamp order across CPUs, as far as the pages already read allow: the
 * kernel gives no global order, so an event still in another CPU's buffer can
 * only be merged on the next round.  Each hit goes to the consumer decoded
 * (hit-decode.c), with its breakpoint's arguments and its stack's frames.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include <event-parse.h>
#include <kbuffer.h>

#include "backend.h"
#include "clock.h"
#include "events.h"
#include "kallsyms.h"

/* Pages read per dispatch before handing control back to the caller. */
#define DISPATCH_PAGE_BUDGET 64
/* How long a pid's comm is trusted: a task may exec and change it. */
#define COMM_TTL_MS 1000
#define COMM_CACHE_SIZE 1024

struct source {
	int cpu;
	int fd;
	bool recorded;		/* a seekable file of recorded pages (tests): it ends */
	off_t resume_at;	/* a recorded file: where reading stopped */
	bool eof;
	unsigned char *page;
	unsigned int fill;	/* bytes of the page read so far */
	struct kbuffer *kbuf;
	bool has_event;		/* kbuf points at an undelivered record */
	void *rec;
	unsigned long long ts;
};

struct comm_ent {
	int pid;
	unsigned long long stamp;
	char comm[32];
};

struct kpdb_events {
	char *tracing_dir;
	char *instance_dir;
	char *group;
	char *proc_dir;

	struct tep_handle *tep;
	unsigned int page_size;
	int long_size;
	unsigned int type_off, type_size;	/* common_type */
	unsigned int pid_off, pid_size;		/* common_pid */

	struct kpdb_event_type *types;
	size_t ntypes;
	struct kpdb_event_type *last_type;

	struct source *src;
	size_t nsrc;

	/* ftrace's kernel_stack record (stacktrace triggers), id 0 if unknown */
	int stack_id;
	unsigned int stack_size_off, stack_caller_off;
	unsigned long long stack[KPDB_KSTACK_MAX];
	unsigned char *held;		/* a hit kept while its page is replaced */
	struct kpdb_hit hit;		/* the values of the hit being delivered */

	struct comm_ent *comms;
	unsigned long long cmdlines_loaded;
	char self_comm[32];		/* kpdb's own name, as /proc shows it */

	bool ksyms_tried;
	struct kpdb_kallsyms ksyms;	/* text symbols with an address, by address */
};

/* Read a whole (small) file; NUL-terminated.  NULL with errno set on failure. */
static char *read_file(const char *path, size_t *lenp)
{
	size_t cap = 4096, len = 0;
	char *buf = NULL, *nbuf;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	for (;;) {
		if (!buf || len + 1 >= cap) {
			if (buf)
				cap *= 2;
			nbuf = realloc(buf, cap);
			if (!nbuf)
				goto fail;
			buf = nbuf;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	if (lenp)
		*lenp = len;
	return buf;
fail:
	n = errno;
	close(fd);
	free(buf);
	errno = n;
	return NULL;
}

/* ---- formats ------------------------------------------------------------- */

/*
 * Kernels before the array spelling of 6.1 ("field:u8 addr[];") wrote an
 * array argument as "field:u8[16] addr;", which libtraceevent 1.7 cannot
 * parse and, worse, answers by dropping every later field without an error.
 * Move the brackets after the name.
 */
static char *fix_array_fields(const char *text)
{
	size_t len = strlen(text);
	char *out = malloc(len + 1), *o = out;
	const char *p = text;

	if (!out)
		return NULL;
	while (*p) {
		const char *eol = strchr(p, '\n');
		const char *f = strstr(p, "field:");
		size_t linelen = eol ? (size_t)(eol - p + 1) : strlen(p);

		if (f && f < p + linelen) {
			const char *type = f + 6, *br, *close, *name, *semi;

			semi = memchr(type, ';', p + linelen - type);
			br = semi ? memchr(type, '[', semi - type) : NULL;
			close = br ? memchr(br, ']', semi - br) : NULL;
			name = close ? close + 1 : NULL;
			if (name && *name == ' ' && strncmp(type, "__data_loc", 10) &&
			    strncmp(type, "__rel_loc", 9) && !memchr(type, ' ', br - type)) {
				/* "field:T[N] NAME;" -> "field:T NAME[N];" */
				o += sprintf(o, "%.*s", (int)(type - p), p);
				o += sprintf(o, "%.*s", (int)(br - type), type);
				o += sprintf(o, "%.*s", (int)(semi - name), name);
				o += sprintf(o, "%.*s", (int)(close + 1 - br), br);
				memcpy(o, semi, p + linelen - semi);
				o += p + linelen - semi;
				p += linelen;
				continue;
			}
		}
		memcpy(o, p, linelen);
		o += linelen;
		p += linelen;
	}
	*o = '\0';
	return out;
}

static void free_types(struct kpdb_events *ev)
{
	for (size_t i = 0; i < ev->ntypes; i++) {
		struct kpdb_event_type *t = &ev->types[i];

		kpdb_hit_map_free(t->map);
		free(t->fields);
	}
	free(ev->types);
	ev->types = NULL;
	ev->ntypes = 0;
	ev->last_type = NULL;
}

static bool type_is_hex(const char *type)
{
	return type[0] == 'x' && isdigit((unsigned char)type[1]);
}

/* 1, 2, 4 or 8 for the kernel's u8..u64, s8..s64, x8..x64 (an array's type may
 * carry its brackets: "u8[16]"); 0 if the name says nothing. */
static unsigned int type_elem_size(const char *type)
{
	char *end;
	long bits;

	if (type[0] != 'u' && type[0] != 's' && type[0] != 'x')
		return 0;
	bits = strtol(type + 1, &end, 10);
	if ((*end && *end != '[') || (bits != 8 && bits != 16 && bits != 32 && bits != 64))
		return 0;
	return bits / 8;
}

static void fill_field(struct kpdb_field *kf, const struct tep_format_field *f)
{
	kf->name = f->name;
	kf->type = f->type;
	kf->offset = f->offset;
	kf->size = f->size;
	kf->elem_size = f->size;
	kf->is_signed = f->flags & TEP_FIELD_IS_SIGNED;
	kf->hex = type_is_hex(f->type);
	kf->relative = f->flags & TEP_FIELD_IS_RELATIVE;
	if (f->flags & TEP_FIELD_IS_DYNAMIC) {
		kf->kind = KPDB_FIELD_STRING;
	} else if (f->flags & TEP_FIELD_IS_ARRAY) {
		kf->kind = KPDB_FIELD_ARRAY;
		/*
		 * 6.1 writes a kprobe array as "u8 addr6[]; size:16": no length,
		 * so libtraceevent takes the whole field for one element.  The
		 * element size is in the type's name.
		 */
		kf->elem_size = type_elem_size(f->type);
		if (!kf->elem_size)
			kf->elem_size = f->elementsize && f->elementsize < (unsigned int)f->size ?
					f->elementsize : 1;
	} else {
		kf->kind = KPDB_FIELD_NUM;
	}
}

static bool is_location_field(const char *name)
{
	return !strcmp(name, "__probe_ip") || !strcmp(name, "__probe_func") ||
	       !strcmp(name, "__probe_ret_ip");
}

/*
 * The probe's own arguments go to fields[0..nfields); the location fields
 * the kernel adds (__probe_ip, or __probe_func and __probe_ret_ip) are kept
 * after them, reachable through ->ip and ->ret_ip.
 */
static int build_type(struct kpdb_event_type *t, struct tep_event *e)
{
	struct tep_format_field *f;
	size_t n = 0, i = 0;

	memset(t, 0, sizeof(*t));
	t->id = e->id;
	t->system = e->system;
	t->name = e->name;
	for (f = e->format.fields; f; f = f->next)
		n += !is_location_field(f->name);
	t->fields = calloc(n + 2, sizeof(*t->fields));
	if (!t->fields)
		return -1;
	t->nfields = n;
	for (f = e->format.fields; f; f = f->next) {
		if (!is_location_field(f->name)) {
			fill_field(&t->fields[i++], f);
		} else if (!strcmp(f->name, "__probe_ret_ip")) {
			fill_field(&t->fields[n + 1], f);
			t->ret_ip = &t->fields[n + 1];
		} else {
			fill_field(&t->fields[n], f);
			t->ip = &t->fields[n];
			t->retprobe = !strcmp(f->name, "__probe_func");
		}
	}
	return 0;
}

/* The offset of field @name in a format text, or -1. */
static int format_offset(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = strstr(text, "field:"); p; p = strstr(p + 1, "field:")) {
		const char *end = strchr(p, ';'), *o;

		if (!end)
			return -1;
		/* "field:int size;" or "field:unsigned long caller[8];" */
		for (const char *q = end - 1; q > p; q--) {
			if (*q == ' ' || *q == '\t') {
				if (!strncmp(q + 1, name, n) && (q[1 + n] == ';' || q[1 + n] == '['))
					goto found;
				break;
			}
		}
		continue;
found:
		o = strstr(end, "offset:");
		if (!o)
			return -1;
		return atoi(o + 7);
	}
	return -1;
}

/*
 * The layout of ftrace's kernel_stack event (events/ftrace/kernel_stack/
 * format): "int size" (the number of frames) and "unsigned long caller[]".
 */
static void load_stack_format(struct kpdb_events *ev)
{
	char path[PATH_MAX], *buf, *id;
	int size_off, caller_off;

	ev->stack_id = 0;
	snprintf(path, sizeof(path), "%s/events/ftrace/kernel_stack/format", ev->tracing_dir);
	buf = read_file(path, NULL);
	if (!buf)
		return;
	id = strstr(buf, "\nID:");
	size_off = format_offset(buf, "size");
	caller_off = format_offset(buf, "caller");
	if (id && size_off >= 0 && caller_off > size_off) {
		ev->stack_id = atoi(id + 4);
		ev->stack_size_off = size_off;
		ev->stack_caller_off = caller_off;
	}
	free(buf);
}

/* A "stacktrace..." line in the event's trigger file of our instance. */
static bool has_stack_trigger(struct kpdb_events *ev, const char *name)
{
	char path[PATH_MAX], *buf;
	bool has;

	snprintf(path, sizeof(path), "%s/events/%s/%s/trigger", ev->instance_dir, ev->group,
		 name);
	buf = read_file(path, NULL);
	has = buf && (!strncmp(buf, "stacktrace", 10) || strstr(buf, "\nstacktrace"));
	free(buf);
	return has;
}

static int load_formats(struct kpdb_events *ev, struct kpdb_err *err)
{
	char path[PATH_MAX], *buf, *fixed;
	struct tep_event **all;
	struct dirent *de;
	size_t len, n = 0;
	DIR *dir;

	free_types(ev);
	if (ev->tep)
		tep_free(ev->tep);
	ev->tep = tep_alloc();
	if (!ev->tep)
		return kpdb_err_set(err, "out of memory");
	tep_set_file_bigendian(ev->tep, tep_is_bigendian() ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	tep_set_local_bigendian(ev->tep, tep_is_bigendian() ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);

	ev->page_size = getpagesize();
	ev->long_size = sizeof(long);
	snprintf(path, sizeof(path), "%s/events/header_page", ev->tracing_dir);
	buf = read_file(path, &len);
	if (buf) {
		if (tep_parse_header_page(ev->tep, buf, len, sizeof(long)) == 0) {
			if (tep_get_header_page_size(ev->tep) > 0)
				ev->long_size = tep_get_header_page_size(ev->tep);
			if (tep_get_sub_buffer_size(ev->tep) > 0)
				ev->page_size = tep_get_sub_buffer_size(ev->tep);
		}
		free(buf);
	}
	tep_set_long_size(ev->tep, ev->long_size);
	tep_set_page_size(ev->tep, getpagesize());

	snprintf(path, sizeof(path), "%s/events/%s", ev->tracing_dir, ev->group);
	dir = opendir(path);
	if (!dir && errno != ENOENT)
		return kpdb_err_set(err, "cannot read '%s': %s", path, strerror(errno));
	while (dir && (de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/events/%s/%s/format", ev->tracing_dir,
			 ev->group, de->d_name);
		buf = read_file(path, &len);
		if (!buf)
			continue;
		fixed = fix_array_fields(buf);
		free(buf);
		if (!fixed) {
			closedir(dir);
			return kpdb_err_set(err, "out of memory");
		}
		if (tep_parse_event(ev->tep, fixed, strlen(fixed), ev->group) == 0)
			n++;
		free(fixed);
	}
	if (dir)
		closedir(dir);

	ev->types = calloc(n ? n : 1, sizeof(*ev->types));
	if (!ev->types)
		return kpdb_err_set(err, "out of memory");
	all = tep_list_events(ev->tep, TEP_EVENT_SORT_ID);
	for (size_t i = 0; all && all[i]; i++) {
		struct tep_format_field *f;

		if (strcmp(all[i]->system, ev->group) || ev->ntypes >= n)
			continue;
		if (build_type(&ev->types[ev->ntypes], all[i]) < 0)
			return kpdb_err_set(err, "out of memory");
		ev->types[ev->ntypes].stacks = has_stack_trigger(ev, all[i]->name);
		ev->ntypes++;
		f = tep_find_common_field(all[i], "common_type");
		if (f) {
			ev->type_off = f->offset;
			ev->type_size = f->size;
		}
		f = tep_find_common_field(all[i], "common_pid");
		if (f) {
			ev->pid_off = f->offset;
			ev->pid_size = f->size;
		}
	}
	load_stack_format(ev);
	kpdb_tfs_cmdlines_load(ev->tracing_dir, ev->tep);
	ev->cmdlines_loaded = kpdb_mono_ms();
	return 0;
}

struct kpdb_event_type *kpdb_events_type(struct kpdb_events *ev, int id)
{
	if (ev->last_type && ev->last_type->id == id)
		return ev->last_type;
	for (size_t i = 0; i < ev->ntypes; i++) {
		if (ev->types[i].id == id) {
			ev->last_type = &ev->types[i];
			return ev->last_type;
		}
	}
	return NULL;
}

/* ---- per-CPU sources ----------------------------------------------------- */

static int open_source(struct kpdb_events *ev, struct source *s, struct kpdb_err *err)
{
	char path[PATH_MAX];
	struct stat st;
	int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC;

	snprintf(path, sizeof(path), "%s/per_cpu/cpu%d/trace_pipe_raw", ev->instance_dir,
		 s->cpu);
	if (stat(path, &st) == 0 && S_ISFIFO(st.st_mode)) {
		/*
		 * A FIFO stands in for trace_pipe_raw in tests.  Opened for
		 * reading only, it reports end of file whenever no writer is
		 * connected; the real file never does.  Holding a write end
		 * ourselves makes the FIFO behave like the real file.
		 */
		flags = O_RDWR | O_NONBLOCK | O_CLOEXEC;
	}
	s->fd = open(path, flags);
	if (s->fd < 0)
		return kpdb_err_set(err, "cannot open '%s': %s", path, strerror(errno));
	/*
	 * The kernel's trace_pipe_raw is opened nonseekable and is a regular
	 * file of tracefs all the same: a file that seeks is a recording.
	 */
	s->recorded = lseek(s->fd, 0, SEEK_CUR) >= 0;
	/* reading the kernel's file consumes it; a recorded one goes on where it was */
	if (s->resume_at > 0)
		lseek(s->fd, s->resume_at, SEEK_SET);
	s->eof = false;
	return 0;
}

static void close_sources(struct kpdb_events *ev)
{
	for (size_t i = 0; i < ev->nsrc; i++) {
		struct source *s = &ev->src[i];

		if (s->fd < 0)
			continue;
		if (s->recorded)
			s->resume_at = lseek(s->fd, 0, SEEK_CUR);
		close(s->fd);
		s->fd = -1;
	}
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* The CPUs that have a trace_pipe_raw in the instance, in order. */
static int list_cpus(const char *instance_dir, int **cpus, size_t *n, struct kpdb_err *err)
{
	char path[PATH_MAX];
	struct dirent *de;
	size_t cap = 0;
	int *v = NULL;
	DIR *dir;

	*n = 0;
	snprintf(path, sizeof(path), "%s/per_cpu", instance_dir);
	dir = opendir(path);
	if (!dir)
		return kpdb_err_set(err, "cannot read '%s': %s", path, strerror(errno));
	while ((de = readdir(dir))) {
		char *end;
		long cpu;

		if (strncmp(de->d_name, "cpu", 3) || !isdigit((unsigned char)de->d_name[3]))
			continue;
		cpu = strtol(de->d_name + 3, &end, 10);
		if (*end || cpu < 0 || cpu > INT_MAX)
			continue;
		if (*n == cap) {
			int *nv;

			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				closedir(dir);
				free(v);
				return kpdb_err_set(err, "out of memory");
			}
			v = nv;
		}
		v[(*n)++] = (int)cpu;
	}
	closedir(dir);
	if (!*n) {
		free(v);
		return kpdb_err_set(err, "no per-CPU buffers in '%s'", path);
	}
	qsort(v, *n, sizeof(*v), cmp_int);
	*cpus = v;
	return 0;
}

/* Tell the kernel to wake readers at the first event, not at half a buffer. */
static void set_buffer_percent(struct kpdb_events *ev)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/buffer_percent", ev->instance_dir);
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return;		/* older kernels: no such file, readers wake anyway */
	if (write(fd, "0\n", 2) < 0) {
		/* not fatal: hits still arrive, only later */
	}
	close(fd);
}

static bool comm_from_proc(struct kpdb_events *ev, int pid, char *buf, size_t len);

static enum kbuffer_long_size kbuf_long(int long_size)
{
	return long_size == 4 ? KBUFFER_LSIZE_4 : KBUFFER_LSIZE_8;
}

int kpdb_events_open(const struct kpdb_events_opts *opts, struct kpdb_events **out,
		     struct kpdb_err *err)
{
	struct kpdb_events *ev;
	int *cpus = NULL;
	size_t n;

	*out = NULL;
	ev = calloc(1, sizeof(*ev));
	if (!ev)
		return kpdb_err_set(err, "out of memory");
	ev->tracing_dir = strdup(opts->tracing_dir);
	ev->instance_dir = strdup(opts->instance_dir);
	ev->group = strdup(opts->group);
	ev->proc_dir = strdup(opts->proc_dir ? opts->proc_dir : "/proc");
	ev->comms = calloc(COMM_CACHE_SIZE, sizeof(*ev->comms));
	if (!ev->tracing_dir || !ev->instance_dir || !ev->group || !ev->proc_dir || !ev->comms) {
		kpdb_events_close(ev);
		return kpdb_err_set(err, "out of memory");
	}
	if (load_formats(ev, err) < 0 || list_cpus(ev->instance_dir, &cpus, &n, err) < 0) {
		kpdb_events_close(ev);
		return -1;
	}
	ev->src = calloc(n, sizeof(*ev->src));
	if (!ev->src) {
		free(cpus);
		kpdb_events_close(ev);
		return kpdb_err_set(err, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		struct source *s = &ev->src[ev->nsrc++];

		s->cpu = cpus[i];
		s->fd = -1;
		s->page = malloc(ev->page_size);
		s->kbuf = kbuffer_alloc(kbuf_long(ev->long_size), KBUFFER_ENDIAN_SAME_AS_HOST);
		if (!s->page || !s->kbuf) {
			free(cpus);
			kpdb_events_close(ev);
			return kpdb_err_set(err, "out of memory");
		}
	}
	free(cpus);
	if (!comm_from_proc(ev, getpid(), ev->self_comm, sizeof(ev->self_comm)))
		ev->self_comm[0] = '\0';
	set_buffer_percent(ev);
	for (size_t i = 0; i < ev->nsrc; i++) {
		if (open_source(ev, &ev->src[i], err) < 0) {
			kpdb_events_close(ev);
			return -1;
		}
	}
	*out = ev;
	return 0;
}

void kpdb_events_close(struct kpdb_events *ev)
{
	if (!ev)
		return;
	close_sources(ev);
	for (size_t i = 0; i < ev->nsrc; i++) {
		free(ev->src[i].page);
		if (ev->src[i].kbuf)
			kbuffer_free(ev->src[i].kbuf);
	}
	free(ev->src);
	free_types(ev);
	if (ev->tep)
		tep_free(ev->tep);
	free(ev->held);
	kpdb_hit_release(&ev->hit);
	free(ev->comms);
	kpdb_kallsyms_free(&ev->ksyms);
	free(ev->tracing_dir);
	free(ev->instance_dir);
	free(ev->group);
	free(ev->proc_dir);
	free(ev);
}

void kpdb_events_suspend(struct kpdb_events *ev)
{
	close_sources(ev);
}

int kpdb_events_resume(struct kpdb_events *ev, struct kpdb_err *err)
{
	if (load_formats(ev, err) < 0)
		return -1;
	set_buffer_percent(ev);
	for (size_t i = 0; i < ev->nsrc; i++) {
		if (ev->src[i].fd < 0 && open_source(ev, &ev->src[i], err) < 0) {
			close_sources(ev);
			return -1;
		}
	}
	return 0;
}

const char *kpdb_events_instance_dir(const struct kpdb_events *ev)
{
	return ev->instance_dir;
}

size_t kpdb_events_nsources(const struct kpdb_events *ev)
{
	return ev->nsrc;
}

int kpdb_events_fd(const struct kpdb_events *ev, size_t i)
{
	if (i >= ev->nsrc || ev->src[i].eof)
		return -1;
	return ev->src[i].fd;
}

bool kpdb_events_eof(const struct kpdb_events *ev)
{
	for (size_t i = 0; i < ev->nsrc; i++)
		if (!ev->src[i].eof || ev->src[i].has_event)
			return false;
	return true;
}

bool kpdb_events_pending(const struct kpdb_events *ev)
{
	for (size_t i = 0; i < ev->nsrc; i++)
		if (ev->src[i].has_event)
			return true;
	return false;
}

/*
 * The header's commit (a long after the u64 timestamp) gives the bytes of
 * data, with the missed-events flags in bits 31 and 30 (the count, when
 * stored, is a long after the data); they must fit in the page.
 */
static bool page_sane(const struct kpdb_events *ev, const unsigned char *page)
{
	unsigned long long commit = kpdb_read_uint(page + 8, ev->long_size);
	unsigned long long size = commit & ((1ULL << 27) - 1);
	unsigned int hdr = 8 + ev->long_size;
	unsigned int room = ev->page_size - hdr;

	if (commit & (1ULL << 30))
		room -= ev->long_size;
	return size <= room;
}

/*
 * Read the next page of @s, without blocking.  Returns 1 if a page was
 * loaded, 0 if there is none yet (or the source ended), -1 on error.
 */
static int read_page(struct kpdb_events *ev, struct source *s, const struct kpdb_events_cb *cb,
		     struct kpdb_err *err)
{
	ssize_t r;
	int missed;

	if (s->fd < 0 || s->eof)
		return 0;
	while (s->fill < ev->page_size) {
		r = read(s->fd, s->page + s->fill, ev->page_size - s->fill);
		if (r < 0 && errno == EINTR)
			return 0;
		if (r < 0 && errno == EAGAIN)
			return 0;	/* a FIFO keeps a partial page until the rest comes */
		if (r < 0 && (errno == ENODEV || errno == EINVAL)) {
			/* a possible CPU that was never online has no buffer */
			s->eof = true;
			return 0;
		}
		if (r < 0)
			return kpdb_err_set(err, "cannot read the events of cpu %d: %s", s->cpu,
					    strerror(errno));
		if (r == 0 && !s->recorded) {
			/*
			 * The kernel's file never ends.  6.12 answers a
			 * non-blocking read with 0 instead of EAGAIN when it
			 * finds no page to hand over but does not call the
			 * buffer empty (a fresh instance's first read does
			 * this): nothing to read now, as EAGAIN.
			 */
			return 0;
		}
		if (r == 0) {
			/* recorded input: the last page may be short */
			s->eof = true;
			if (s->fill < 16)
				return 0;
			memset(s->page + s->fill, 0, ev->page_size - s->fill);
			break;
		}
		s->fill += r;
	}
	s->fill = 0;
	if (!page_sane(ev, s->page)) {
		/* a page the kernel cannot have written (a damaged recording):
		 * kbuffer would walk past it; its records are lost */
		s->has_event = false;
		if (cb->lost)
			cb->lost(s->cpu, -1, kpdb_read_uint(s->page, 8), cb->arg);
		return 1;
	}
	if (kbuffer_load_subbuffer(s->kbuf, s->page) < 0)
		return kpdb_err_set(err, "bad ring buffer page on cpu %d", s->cpu);
	missed = kbuffer_missed_events(s->kbuf);
	if (missed && cb->lost)
		cb->lost(s->cpu, missed, kbuffer_subbuf_timestamp(s->kbuf, s->page), cb->arg);
	s->rec = kbuffer_read_event(s->kbuf, &s->ts);
	s->has_event = s->rec != NULL;
	return 1;
}

/* Make @s point at an undelivered record if its file has one. */
static int refill(struct kpdb_events *ev, struct source *s, const struct kpdb_events_cb *cb,
		  int *budget, struct kpdb_err *err)
{
	int r;

	while (!s->has_event && *budget > 0) {
		r = read_page(ev, s, cb, err);
		if (r <= 0)
			return r;
		(*budget)--;
	}
	return 0;
}


static const char *comm_of(struct kpdb_events *ev, int pid);

/*
 * The record after @s->rec in its page.  A damaged record whose length does
 * not move the walk forward (or out of the page) would make kbuffer hand out
 * the same records forever: the rest of the page is lost (*@damaged).
 */
static void *next_record(struct kpdb_events *ev, struct source *s, unsigned long long *ts,
			 bool *damaged)
{
	unsigned char *prev = s->rec;
	unsigned char *rec = kbuffer_next_event(s->kbuf, ts);

	if (rec && (rec <= prev || rec >= s->page + ev->page_size)) {
		*damaged = true;
		return NULL;
	}
	return rec;
}

static size_t sym_name_len(const char *s)
{
	return strcspn(s, "+");
}

/*
 * The unwinder starts inside the tracer (kprobe_trace_func,
 * kprobe_dispatcher, the ftrace trampoline...): the stack the user asked
 * for starts at the probed function (a return probe: at its caller).
 * Frames before it go; if it is not found, all stay.
 */
static void trim_stack(struct kpdb_events *ev, struct kpdb_record *hit)
{
	const struct kpdb_field *f = hit->type->retprobe ? hit->type->ret_ip : hit->type->ip;
	char want[128], buf[128];
	unsigned long long at;
	const char *sym;
	size_t n;

	if (!f || !kpdb_record_num(hit, f, &at))
		return;
	sym = kpdb_events_symbol(ev, at, want, sizeof(want));
	if (!sym)
		return;
	n = sym_name_len(want);
	for (unsigned int i = 0; i < hit->nstack; i++) {
		sym = kpdb_events_symbol(ev, hit->stack[i], buf, sizeof(buf));
		if (!sym || sym_name_len(buf) != n || strncmp(buf, want, n))
			continue;
		hit->stack += i;
		hit->nstack -= i;
		return;
	}
}

/* If @rec is a kernel_stack record, make it @hit's stack. */
static bool stack_record(struct kpdb_events *ev, struct source *s, void *rec,
			 struct kpdb_record *hit)
{
	const unsigned char *p = rec;
	unsigned int size = kbuffer_event_size(s->kbuf);
	unsigned int word = ev->long_size, n, room;

	if (!ev->stack_id || !ev->type_size || size < ev->stack_caller_off ||
	    size > (size_t)(s->page + ev->page_size - p) ||
	    (int)kpdb_read_uint(p + ev->type_off, ev->type_size) != ev->stack_id)
		return false;
	n = (unsigned int)kpdb_read_uint(p + ev->stack_size_off, 4);
	room = (size - ev->stack_caller_off) / word;
	if (n > room)
		n = room;
	hit->nstack = 0;
	for (unsigned int i = 0; i < n && hit->nstack < KPDB_KSTACK_MAX; i++) {
		unsigned long long a = kpdb_read_uint(p + ev->stack_caller_off + i * word, word);

		/* older kernels end the list with ULONG_MAX */
		if (a == 0 || a == (word == 8 ? ~0ULL : 0xffffffffULL))
			break;
		ev->stack[hit->nstack++] = a;
	}
	hit->stack = ev->stack;
	trim_stack(ev, hit);
	return true;
}

/*
 * Read the next page of @s for the stack of @hit, which ended the last one:
 * the hit is copied aside first.  A live source gets a few milliseconds
 * for the kernel to commit it.  Returns 1 if the page starts with the
 * stack (@s->rec is that record), 0 if not (@s->rec, if any, is the next
 * record), -1 on a read error.
 */
static int stack_on_next_page(struct kpdb_events *ev, struct source *s,
			      const struct kpdb_events_cb *cb, struct kpdb_record *hit,
			      struct kpdb_err *err)
{
	int r = 0;

	if (!ev->held) {
		ev->held = malloc(ev->page_size);
		if (!ev->held)
			return kpdb_err_set(err, "out of memory");
	}
	if (hit->size > ev->page_size)
		return 0;
	memcpy(ev->held, hit->data, hit->size);
	hit->data = ev->held;
	s->has_event = false;
	for (int tries = 0; tries < 50; tries++) {
		r = read_page(ev, s, cb, err);
		if (r != 0 || s->recorded || s->eof)
			break;
		usleep(100);
	}
	if (r < 0)
		return -1;
	if (r == 0 || !s->has_event)
		return 0;
	return stack_record(ev, s, s->rec, hit) ? 1 : 0;
}

static const char *symbol_cb(void *ev, unsigned long long addr, char *buf, size_t len)
{
	return kpdb_events_symbol(ev, addr, buf, len);
}

int kpdb_events_dispatch(struct kpdb_events *ev, const struct kpdb_events_cb *cb,
			 struct kpdb_err *err)
{
	int budget = DISPATCH_PAGE_BUDGET;

	for (size_t i = 0; i < ev->nsrc; i++)
		if (refill(ev, &ev->src[i], cb, &budget, err) < 0)
			return -1;
	for (;;) {
		struct source *best = NULL;
		struct kpdb_record hit;
		unsigned long long nts;
		bool damaged = false;
		void *next;
		int stop = 0;

		for (size_t i = 0; i < ev->nsrc; i++) {
			struct source *s = &ev->src[i];

			if (s->has_event && (!best || s->ts < best->ts))
				best = s;
		}
		if (!best)
			return 0;

		hit.size = kbuffer_event_size(best->kbuf);
		hit.data = best->rec;
		/* a record claiming more than the rest of its page is not decoded */
		if ((unsigned char *)best->rec < best->page ||
		    hit.size > (size_t)(best->page + ev->page_size - (unsigned char *)best->rec))
			hit.size = 0;
		hit.cpu = best->cpu;
		hit.ts = best->ts;
		hit.type = NULL;
		if (hit.size >= ev->type_off + ev->type_size && ev->type_size)
			hit.type = kpdb_events_type(ev, (int)kpdb_read_uint(hit.data + ev->type_off,
								       ev->type_size));
		hit.stack = NULL;
		hit.nstack = 0;
		next = next_record(ev, best, &nts, &damaged);
		/* a stacktrace trigger's record follows its hit: it belongs to it */
		if (hit.type && next && stack_record(ev, best, next, &hit)) {
			best->rec = next;
			next = next_record(ev, best, &nts, &damaged);
		}
		/*
		 * The hit ends what the kernel had committed when the page was
		 * read: its stack, written right after it, is in the next read.
		 */
		if (hit.type && hit.type->stacks && !next && !damaged && !hit.stack &&
		    ev->stack_id) {
			int r = stack_on_next_page(ev, best, cb, &hit, err);

			if (r < 0)
				return -1;
			next = best->has_event ? best->rec : NULL;
			nts = best->ts;
			if (r > 0) {
				next = next_record(ev, best, &nts, &damaged);
			}
		}
		/* records of events we do not know (removed probes) are skipped */
		if (hit.type && hit.size >= ev->pid_off + ev->pid_size) {
			hit.pid = (int)kpdb_read_uint(hit.data + ev->pid_off, ev->pid_size);
			hit.comm = comm_of(ev, hit.pid);
			if (!hit.type->bound) {
				hit.type->bp = cb->bp ? cb->bp(hit.type, cb->arg) : NULL;
				hit.type->bound = true;
			}
			if (kpdb_hit_decode(&ev->hit, &hit, symbol_cb, ev) < 0)
				return kpdb_err_set(err, "out of memory");
			stop = cb->hit(&ev->hit, cb->arg);
		}
		if (damaged && cb->lost)
			cb->lost(best->cpu, -1, nts, cb->arg);
		best->rec = next;
		best->ts = nts;
		best->has_event = best->rec != NULL;
		if (!best->has_event && refill(ev, best, cb, &budget, err) < 0)
			return -1;
		if (stop)
			return 1;
	}
}

/* ---- comm of a pid --------------------------------------------------------- */

static bool comm_from_proc(struct kpdb_events *ev, int pid, char *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%d/comm", ev->proc_dir, pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return buf[0] != '\0';
}

/*
 * The comm of a live task comes from PROC/PID/comm (current, even after an
 * exec), that of a task already gone from the kernel's saved_cmdlines.
 */
static const char *comm_of(struct kpdb_events *ev, int pid)
{
	struct comm_ent *c = &ev->comms[(unsigned int)pid % COMM_CACHE_SIZE];
	unsigned long long now;

	if (pid == 0)
		return "<idle>";
	now = kpdb_mono_ms();
	if (c->pid == pid && c->stamp && now - c->stamp < COMM_TTL_MS)
		return c->comm;
	c->pid = pid;
	c->stamp = now;
	if (comm_from_proc(ev, pid, c->comm, sizeof(c->comm))) {
		/*
		 * A child of ours that still has our name is the program of
		 * 'go --' between fork and exec: its next hit comes under the
		 * program's own name, so this one is not kept.
		 */
		if (pid != getpid() && ev->self_comm[0] && !strcmp(c->comm, ev->self_comm))
			c->stamp = 0;
		return c->comm;
	}
	if (!tep_is_pid_registered(ev->tep, pid) && now - ev->cmdlines_loaded >= COMM_TTL_MS) {
		kpdb_tfs_cmdlines_load(ev->tracing_dir, ev->tep);
		ev->cmdlines_loaded = now;
	}
	if (tep_is_pid_registered(ev->tep, pid))
		snprintf(c->comm, sizeof(c->comm), "%s", tep_data_comm_from_pid(ev->tep, pid));
	else
		snprintf(c->comm, sizeof(c->comm), "<...>");
	return c->comm;
}

/* ---- kernel symbols -------------------------------------------------------- */

/* A function's, and with an address to look up (kptr_restrict shows 0). */
static bool text_with_addr(const struct kpdb_ksym *sym, void *arg)
{
	return sym->addr && strchr("tTwW", sym->type);
}

const char *kpdb_events_symbol(struct kpdb_events *ev, unsigned long long addr, char *buf,
			       size_t len)
{
	const struct kpdb_ksym *sym;
	unsigned long long off;

	if (!ev->ksyms_tried) {
		ev->ksyms_tried = true;
		kpdb_kallsyms_load(ev->proc_dir, KPDB_KSYM_BY_ADDR, text_with_addr, NULL,
				   &ev->ksyms);
	}
	sym = kpdb_kallsyms_at(&ev->ksyms, addr, &off);
	if (!sym)
		return NULL;
	if (off)
		snprintf(buf, len, "%s+0x%llx", sym->name, off);
	else
		snprintf(buf, len, "%s", sym->name);
	return buf;
}
