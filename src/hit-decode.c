// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hit-decode.c - a record of the ring buffer to the plain values of a hit:
 * each argument of its breakpoint read from its fields, with the kpdb
 * format that fits it, the probed location and the stack's frames named.
 * The printers (hit-print.c) only format these values.
 *
 * This is the hot path of a busy probe: how a breakpoint's arguments map
 * onto its event's fields is worked out once per event type (the type's
 * map), and so is a kprobe's location, the same for every hit.
 */
#include <ctype.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "format.h"
#include "kpdb.h"
#include "probe-spec.h"

/* ---- field access ---------------------------------------------------------- */

bool kpdb_record_num(const struct kpdb_record *rec, const struct kpdb_field *f,
		     unsigned long long *val)
{
	unsigned int size = f->kind == KPDB_FIELD_ARRAY ? f->elem_size : f->size;

	if (f->offset + size > rec->size || (size != 1 && size != 2 && size != 4 && size != 8))
		return false;
	*val = kpdb_read_num(rec->data + f->offset, size, f->is_signed);
	return true;
}

bool kpdb_record_elem(const struct kpdb_record *rec, const struct kpdb_field *f, unsigned int i,
		      unsigned long long *val)
{
	struct kpdb_field e = *f;

	if (f->kind != KPDB_FIELD_ARRAY || (i + 1) * f->elem_size > f->size)
		return false;
	e.kind = KPDB_FIELD_NUM;
	e.offset = f->offset + i * f->elem_size;
	e.size = f->elem_size;
	return kpdb_record_num(rec, &e, val);
}

const char *kpdb_record_str(const struct kpdb_record *rec, const struct kpdb_field *f,
			    unsigned int *len)
{
	unsigned int loc, off, n;

	if (f->kind != KPDB_FIELD_STRING || f->offset + 4 > rec->size)
		return NULL;
	loc = (unsigned int)kpdb_read_uint(rec->data + f->offset, 4);
	off = loc & 0xffff;
	n = loc >> 16;
	if (f->relative)
		off += f->offset + 4;
	/* the kernel stores an empty location when it could not fetch the string */
	if (!n || off + n > rec->size)
		return NULL;
	/* the length counts the terminating NUL */
	if (rec->data[off + n - 1] == '\0')
		n--;
	if (len)
		*len = n;
	return (const char *)rec->data + off;
}

const unsigned char *kpdb_record_bytes(const struct kpdb_record *rec, const struct kpdb_field *f)
{
	if (f->offset + f->size > rec->size)
		return NULL;
	return rec->data + f->offset;
}

const struct kpdb_field *kpdb_event_field(const struct kpdb_event_type *type, const char *name)
{
	for (size_t i = 0; i < type->nfields; i++)
		if (!strcmp(type->fields[i].name, name))
			return &type->fields[i];
	return NULL;
}

/* ---- how a breakpoint's arguments lie in its event's records ------------------ */

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

struct kpdb_hit_map {
	struct arg_map *args;
	size_t nargs;
	char func[160];			/* kprobe: the location, named once */
	bool func_done;
};

void kpdb_hit_map_free(struct kpdb_hit_map *m)
{
	if (!m)
		return;
	free(m->args);
	free(m);
}

static struct kpdb_hit_map *map_build(const struct kpdb_event_type *t, const struct kpdb_bp *bp)
{
	const struct kpdb_probe_spec *spec = bp ? bp->spec : NULL;
	struct kpdb_hit_map *m = calloc(1, sizeof(*m));
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

/* ---- the arguments ------------------------------------------------------------ */

static bool num_field(const struct kpdb_record *rec, const struct kpdb_field *f,
		      unsigned long long *v)
{
	return f && f->kind == KPDB_FIELD_NUM && kpdb_record_num(rec, f, v);
}

static const char *str_field(const struct kpdb_record *rec, const struct kpdb_field *f,
			     unsigned int *len)
{
	return f ? kpdb_record_str(rec, f, len) : NULL;
}

/* "sym+0x1f" for @addr, or the address in hex when it has no name. */
static const char *symbol(kpdb_symbol_fn *fn, void *arg, unsigned long long addr, char *buf,
			  size_t len)
{
	if (fn && fn(arg, addr, buf, len))
		return buf;
	snprintf(buf, len, "0x%llx", addr);
	return buf;
}

static void number(struct kpdb_hit_arg *a, const struct kpdb_field *f, unsigned long long v)
{
	a->kind = KPDB_VAL_NUM;
	a->num = v;
	a->size = f->size;
	a->is_signed = f->is_signed;
	a->hex = false;
	a->sbits = 0;
}

static void sockaddr_arg(struct kpdb_hit_arg *a, const struct kpdb_record *rec,
			 const struct arg_map *am)
{
	if (!num_field(rec, am->sa[SA_FAM], &a->sa.fam)) {
		a->kind = KPDB_VAL_MISSING;
		return;
	}
	a->fmt = KPDB_FMT_SOCKADDR;
	a->kind = KPDB_VAL_SOCKADDR;
	if (!num_field(rec, am->sa[SA_PORT], &a->sa.port))
		a->sa.port = 0;
	if (!num_field(rec, am->sa[SA_V4], &a->sa.v4))
		a->sa.v4 = 0;
	a->sa.v6 = NULL;
	if (am->sa[SA_V6] && am->sa[SA_V6]->size >= 16)
		a->sa.v6 = kpdb_record_bytes(rec, am->sa[SA_V6]);
	a->sa.path = str_field(rec, am->sa[SA_PATH], &a->sa.path_len);
	a->sa.apath = str_field(rec, am->sa[SA_APATH], &a->sa.apath_len);
}

/* An argument with a kpdb format; false if its field does not fit the format. */
static bool formatted_arg(struct kpdb_hit_arg *a, const struct kpdb_record *rec,
			  const struct arg_map *am)
{
	const struct kpdb_field *f = am->f;
	unsigned long long v;

	if (am->fmt == KPDB_FMT_SOCKADDR) {
		sockaddr_arg(a, rec, am);
		return true;
	}
	if (!f)
		return false;
	if (am->fmt == KPDB_FMT_IPV6) {
		if (f->size < 16 || !(a->bytes = kpdb_record_bytes(rec, f)))
			return false;
		a->fmt = KPDB_FMT_IPV6;
		a->kind = KPDB_VAL_BYTES;
		a->n = 16;
		return true;
	}
	switch (am->fmt) {
	case KPDB_FMT_IPV4:
	case KPDB_FMT_PORT:
	case KPDB_FMT_ERRNO:
	case KPDB_FMT_HEX:
	case KPDB_FMT_DEC:
		break;
	default:
		return false;
	}
	if (!num_field(rec, f, &v))
		return false;
	a->fmt = am->fmt;
	number(a, f, v);
	return true;
}

/* An argument without kpdb format, as the kernel's types say. */
static void plain_arg(struct kpdb_hit_arg *a, const struct kpdb_record *rec,
		      const struct arg_map *am, kpdb_symbol_fn *sym, void *sym_arg)
{
	const struct kpdb_field *f = am->f;
	unsigned long long v;

	switch (f->kind) {
	case KPDB_FIELD_STRING:
		a->kind = KPDB_VAL_STR;
		a->str = kpdb_record_str(rec, f, &a->len);
		return;
	case KPDB_FIELD_ARRAY:
		a->kind = KPDB_VAL_ARRAY;
		a->size = f->elem_size;
		a->is_signed = f->is_signed;
		a->hex = f->hex || am->hex;
		a->n = 0;
		/* the elements that are in the record, as kpdb_record_elem() reads them */
		if (f->elem_size == 1 || f->elem_size == 2 || f->elem_size == 4 || f->elem_size == 8)
			while (a->n < f->size / f->elem_size &&
			       f->offset + a->n * f->elem_size + f->elem_size <= rec->size)
				a->n++;
		a->bytes = a->n ? rec->data + f->offset : NULL;
		return;
	case KPDB_FIELD_NUM:
		if (!kpdb_record_num(rec, f, &v)) {
			a->kind = KPDB_VAL_MISSING;
			return;
		}
		if (am->symbol) {
			a->kind = KPDB_VAL_SYMBOL;
			a->num = v;
			symbol(sym, sym_arg, v, a->text, sizeof(a->text));
			return;
		}
		number(a, f, v);
		a->hex = f->hex || am->hex;
		a->sbits = am->sbits;
		return;
	}
}

static void decode_arg(struct kpdb_hit_arg *a, const struct kpdb_record *rec,
		       const struct arg_map *am, kpdb_symbol_fn *sym, void *sym_arg)
{
	/* the array is reused from hit to hit: nothing of the last one stays */
	memset(a, 0, offsetof(struct kpdb_hit_arg, text));
	a->text[0] = '\0';
	a->name = am->name;
	a->fmt = KPDB_FMT_NONE;
	if (am->fmt != KPDB_FMT_NONE && formatted_arg(a, rec, am))
		return;
	a->fmt = KPDB_FMT_NONE;
	if (!am->f) {
		a->kind = KPDB_VAL_MISSING;
		return;
	}
	plain_arg(a, rec, am, sym, sym_arg);
}

/* ---- the location ---------------------------------------------------------------- */

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

/* A kprobe's location: the same for every hit, named at the first. */
static const char *probe_func(struct kpdb_hit_map *m, const struct kpdb_record *rec,
			      const struct kpdb_bp *bp, kpdb_symbol_fn *sym, void *sym_arg)
{
	const struct kpdb_event_type *t = rec->type;
	unsigned long long ip = 0;
	char *addr;

	if (m->func_done)
		return m->func;
	m->func_done = true;
	if (t->ip && kpdb_record_num(rec, t->ip, &ip) && sym &&
	    sym(sym_arg, ip, m->func, sizeof(m->func))) {
		entry_name(bp, m->func);
		return m->func;
	}
	addr = bp && bp->spec ? kpdb_probe_spec_address(bp->spec) : NULL;
	if (addr) {
		snprintf(m->func, sizeof(m->func), "%s", addr);
		free(addr);
		return m->func;
	}
	snprintf(m->func, sizeof(m->func), "0x%llx", ip);
	return m->func;
}

/* A kretprobe's function, and in hit->caller where it returned to. */
static const char *return_func(struct kpdb_hit *hit, const struct kpdb_record *rec,
			       const struct kpdb_bp *bp, kpdb_symbol_fn *sym, void *sym_arg)
{
	const struct kpdb_event_type *t = rec->type;
	unsigned long long ip = 0, ret = 0;
	char *fn = hit->func_buf;
	size_t len = sizeof(hit->func_buf);

	if (t->ip && kpdb_record_num(rec, t->ip, &ip) && symbol(sym, sym_arg, ip, fn, len))
		entry_name(bp, fn);
	else if (bp && bp->spec && bp->spec->symbol)
		snprintf(fn, len, "%s", bp->spec->symbol);
	else
		snprintf(fn, len, "?");
	if (t->ret_ip && kpdb_record_num(rec, t->ret_ip, &ret) &&
	    symbol(sym, sym_arg, ret, hit->caller_buf, sizeof(hit->caller_buf))[0])
		hit->caller = hit->caller_buf;
	return fn;
}

/* ---- the hit ------------------------------------------------------------------------ */

void kpdb_hit_frames(struct kpdb_hit *hit, const unsigned long long *addrs, size_t n,
		     kpdb_symbol_fn *symbol_fn, void *symbol_arg)
{
	if (n > KPDB_KSTACK_MAX)
		n = KPDB_KSTACK_MAX;
	for (size_t i = 0; i < n; i++) {
		struct kpdb_hit_frame *f = &hit->frames[i];

		f->addr = addrs[i];
		f->sym = symbol_fn ? symbol_fn(symbol_arg, f->addr, f->buf, sizeof(f->buf)) : NULL;
		f->src = NULL;
		f->nsrc = 0;
	}
	hit->nframes = n;
}

int kpdb_hit_decode(struct kpdb_hit *hit, const struct kpdb_record *rec, kpdb_symbol_fn *symbol_fn,
		    void *symbol_arg)
{
	struct kpdb_event_type *t = rec->type;
	struct kpdb_hit_map *m = t->map;

	if (!m) {
		m = map_build(t, t->bp);
		if (!m)
			return -1;
		t->map = m;
	}
	if (m->nargs > hit->cap_args) {
		struct kpdb_hit_arg *a = realloc(hit->args, m->nargs * sizeof(*a));

		if (!a)
			return -1;
		hit->args = a;
		hit->cap_args = m->nargs;
	}
	hit->rec = rec;
	hit->bp = t->bp;
	hit->num = t->bp ? t->bp->num : 0;
	hit->name = t->bp ? t->bp->event : t->name;
	hit->cpu = rec->cpu;
	hit->ts = rec->ts;
	hit->pid = rec->pid;
	hit->comm = rec->comm;
	hit->caller = NULL;
	if (t->retprobe)
		hit->func = return_func(hit, rec, t->bp, symbol_fn, symbol_arg);
	else
		hit->func = probe_func(m, rec, t->bp, symbol_fn, symbol_arg);
	for (size_t i = 0; i < m->nargs; i++)
		decode_arg(&hit->args[i], rec, &m->args[i], symbol_fn, symbol_arg);
	hit->nargs = m->nargs;
	hit->has_stack = rec->stack != NULL;
	hit->nframes = 0;
	if (rec->stack)
		kpdb_hit_frames(hit, rec->stack, rec->nstack, symbol_fn, symbol_arg);
	return 0;
}

void kpdb_hit_release(struct kpdb_hit *hit)
{
	free(hit->args);
	hit->args = NULL;
	hit->cap_args = 0;
	free(hit->src);
	hit->src = NULL;
	hit->cap_src = 0;
}
