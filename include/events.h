/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * events.h - the binary event reader: the session instance's per-CPU
 * trace_pipe_raw, decoded with libtraceevent, CPUs merged in timestamp order.
 *
 * Records are never parsed from the text of trace_pipe: a string argument
 * holding spaces, quotes or "name=value" cannot break decoding.  What a
 * record contains is described by plain structs below, so the printers and
 * their tests need no libtraceevent type.  Each hit is decoded once
 * (hit-decode.c) into the plain values of struct kpdb_hit, which the
 * printers (hit-print.h) only format.
 */
#ifndef KPDB_EVENTS_H
#define KPDB_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "err.h"

struct kpdb_events;

/* A number of @size bytes (1, 2, 4 or 8) in host order at @p; else 0. */
static inline unsigned long long kpdb_read_uint(const unsigned char *p, unsigned int size)
{
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	switch (size) {
	case 1: memcpy(&u8, p, 1); return u8;
	case 2: memcpy(&u16, p, 2); return u16;
	case 4: memcpy(&u32, p, 4); return u32;
	case 8: memcpy(&u64, p, 8); return u64;
	}
	return 0;
}

/* The same, sign-extended to 64 bits when @is_signed. */
static inline unsigned long long kpdb_read_num(const unsigned char *p, unsigned int size,
					       bool is_signed)
{
	unsigned long long v = kpdb_read_uint(p, size);

	if (is_signed && size && size < 8 && (v >> (size * 8 - 1)) & 1)
		v |= ~0ULL << (size * 8);
	return v;
}

enum kpdb_field_kind {
	KPDB_FIELD_NUM,		/* integer of size 1, 2, 4 or 8 */
	KPDB_FIELD_STRING,	/* __data_loc char[]: kprobe string/ustring */
	KPDB_FIELD_ARRAY,	/* fixed array: u8[16], x32[4] */
};

/* One field of an event's format file (common_* fields excluded). */
struct kpdb_field {
	const char *name;
	const char *type;	/* as written in the format: "u32", "x8[16]" */
	enum kpdb_field_kind kind;
	unsigned int offset;	/* in the record */
	unsigned int size;	/* whole field; for strings the 4-byte data_loc */
	unsigned int elem_size;	/* arrays: one element; else == size */
	bool is_signed;
	bool hex;		/* kernel type x8..x64: printed in base 16 */
	bool relative;		/* __rel_loc: offset counts from the field's end */
};

struct kpdb_bp;
struct kpdb_hit_map;
struct kpdb_src_frame;

/* One event of the session's group, as described by its format file. */
struct kpdb_event_type {
	int id;
	const char *system;
	const char *name;
	bool retprobe;			/* has __probe_func / __probe_ret_ip */
	const struct kpdb_field *ip;	/* kprobe: __probe_ip; kretprobe: __probe_func */
	const struct kpdb_field *ret_ip;	/* kretprobe: __probe_ret_ip (the caller) */
	struct kpdb_field *fields;	/* the probe's own arguments, in order */
	size_t nfields;
	bool stacks;			/* a stacktrace trigger is set on it in the instance */
	/*
	 * The breakpoint whose event this is (NULL: one kpdb did not create),
	 * asked of the consumer at the first hit (kpdb_events_cb.bp); it must
	 * stay the same for the life of the type.  @map is how its arguments
	 * lie in the record, built by the first kpdb_hit_decode().
	 */
	struct kpdb_bp *bp;
	bool bound;
	struct kpdb_hit_map *map;
};

/* One record of the ring buffer, valid only while it is being decoded. */
struct kpdb_record {
	struct kpdb_event_type *type;
	int cpu;
	unsigned long long ts;		/* trace clock, nanoseconds */
	int pid;
	const char *comm;		/* "<...>" if unknown */
	const unsigned char *data;	/* the record, from common_type on */
	unsigned int size;
	/*
	 * The kernel stack a stacktrace trigger recorded right after the hit
	 * (the ftrace kernel_stack record that follows it on the same CPU),
	 * innermost frame first; NULL if none.
	 */
	const unsigned long long *stack;
	unsigned int nstack;
};

/* Frames kept of one kernel stack record. */
#define KPDB_KSTACK_MAX 64

/* What a decoded argument holds. */
enum kpdb_val_kind {
	KPDB_VAL_MISSING,	/* not in the record, or no field of that name */
	KPDB_VAL_NUM,		/* .num */
	KPDB_VAL_STR,		/* .str, .len; .str NULL: the kernel could not fetch it */
	KPDB_VAL_ARRAY,		/* .n elements of .size bytes at .bytes */
	KPDB_VAL_BYTES,		/* .n bytes at .bytes: an ipv6 address */
	KPDB_VAL_SYMBOL,	/* kernel type symbol: .num, named .text */
	KPDB_VAL_SOCKADDR,	/* .sa */
};

/*
 * One argument of a hit, read from its fields.  @fmt is the kpdb format
 * the value is shown with: the argument's own when the fields fit it, else
 * KPDB_FMT_NONE (the kernel's type says).  Pointers point into the record.
 */
struct kpdb_hit_arg {
	const char *name;
	int fmt;			/* enum kpdb_fmt (format.h) */
	enum kpdb_val_kind kind;
	unsigned int size;		/* bytes of the number, or of one element */
	bool is_signed;
	bool hex;			/* kernel type x8..x64: base 16 for humans */
	int sbits;			/* a signed bitfield's width: sign-extend from it */
	unsigned long long num;		/* sign-extended when signed */
	const char *str;
	unsigned int len;
	const unsigned char *bytes;
	unsigned int n;
	struct {
		unsigned long long fam, port, v4;
		const unsigned char *v6;	/* 16 bytes, or NULL */
		const char *path, *apath;	/* NULL if not fetched */
		unsigned int path_len, apath_len;
	} sa;
	char text[256];
};

/* Element @i of a KPDB_VAL_ARRAY argument, sign-extended when signed. */
static inline unsigned long long kpdb_hit_arg_elem(const struct kpdb_hit_arg *a, unsigned int i)
{
	return kpdb_read_num(a->bytes + i * a->size, a->size, a->is_signed);
}

/* One frame of a kernel stack. */
struct kpdb_hit_frame {
	unsigned long long addr;
	const char *sym;		/* "sym+0x1f", NULL when kallsyms does not know it */
	/*
	 * Its source lines (stack-lines.h), NULL without debug info: the
	 * inlined copies that hold the address, innermost first, then the
	 * function.
	 */
	const struct kpdb_src_frame *src;
	size_t nsrc;
	char buf[160];
};

/*
 * A hit, decoded once into plain values: what the printers (hit-print.h)
 * format, the same for humans, JSON and bt.  Handed to kpdb_events_cb.hit,
 * valid during that call; the consumer may complete it (the frames' source
 * lines).
 */
struct kpdb_hit {
	const struct kpdb_record *rec;	/* what it was decoded from */
	struct kpdb_bp *bp;		/* its breakpoint; NULL: an event kpdb did not create */
	int num;			/* the breakpoint's number, 0 when none */
	const char *name;		/* the event: bpN, or -n NAME */
	int cpu;
	unsigned long long ts;		/* trace clock, nanoseconds */
	int pid;
	const char *comm;		/* "<...>" if unknown */
	/*
	 * The probed location: for a kprobe "sym+off"; for a kretprobe the
	 * function, with @caller where it returned to (else NULL).
	 */
	const char *func;
	const char *caller;
	struct kpdb_hit_arg *args;
	size_t nargs;
	bool has_stack;			/* a stack was recorded (maybe of no frame) */
	struct kpdb_hit_frame frames[KPDB_KSTACK_MAX];
	size_t nframes;

	/* room, kept from one hit to the next */
	size_t cap_args;
	struct kpdb_src_frame *src;	/* the frames' source lines */
	size_t cap_src;
	char func_buf[160];
	char caller_buf[160];
};

/* Where the reader finds things; every path may be a fake one in tests. */
struct kpdb_events_opts {
	const char *tracing_dir;	/* tracefs root: events/, saved_cmdlines */
	const char *instance_dir;	/* per_cpu/cpuN/trace_pipe_raw, buffer_percent */
	const char *group;		/* the events to decode: events/GROUP/EVENT/format */
	const char *proc_dir;		/* PID/comm and kallsyms; NULL: /proc */
};

/*
 * Callbacks of kpdb_events_dispatch().  @hit gets each hit decoded, and
 * returns nonzero to stop the dispatch (the rest stays buffered for the
 * next call).  @lost gets the
 * number of records the ring buffer dropped on @cpu before @ts, or -1 if
 * the kernel did not say how many.
 */
struct kpdb_events_cb {
	int (*hit)(struct kpdb_hit *hit, void *arg);
	void (*lost)(int cpu, long long count, unsigned long long ts, void *arg);
	/* the breakpoint of an event type (NULL: not one of kpdb's), asked once per type */
	struct kpdb_bp *(*bp)(const struct kpdb_event_type *type, void *arg);
	void *arg;
};

/*
 * kpdb_events_open - load the formats of @opts->group, set the instance's
 * buffer_percent to 0 (a single hit wakes the reader) and open every CPU's
 * trace_pipe_raw without blocking.  Returns 0, or -1 with @err set.
 */
int kpdb_events_open(const struct kpdb_events_opts *opts, struct kpdb_events **out,
		     struct kpdb_err *err);
void kpdb_events_close(struct kpdb_events *ev);

/*
 * kpdb_events_suspend - close the files (so that the instance can be
 * removed) but keep the records already read and not yet delivered.
 * kpdb_events_resume reopens them and reloads the formats, which may have
 * changed since (probes added or removed).  Returns 0, or -1 with @err set.
 */
void kpdb_events_suspend(struct kpdb_events *ev);
int kpdb_events_resume(struct kpdb_events *ev, struct kpdb_err *err);

/* The options the reader was opened with (to check it is still the right one). */
const char *kpdb_events_instance_dir(const struct kpdb_events *ev);

/* Number of per-CPU sources; the caller polls these descriptors (-1: done). */
size_t kpdb_events_nsources(const struct kpdb_events *ev);
int kpdb_events_fd(const struct kpdb_events *ev, size_t i);

/* True when every source has reached end of file (recorded input replayed). */
bool kpdb_events_eof(const struct kpdb_events *ev);

/* True if records read from the kernel are waiting to be delivered. */
bool kpdb_events_pending(const struct kpdb_events *ev);

/*
 * kpdb_events_dispatch - read what the kernel has (without blocking), and
 * deliver it merged by timestamp across CPUs.  It returns after a bounded
 * amount of work so the caller can check its clocks and signals.
 * Returns 1 if a callback stopped it, 0 if it ran out of input (or of its
 * work budget: see kpdb_events_pending), -1 with @err set on a read error.
 */
int kpdb_events_dispatch(struct kpdb_events *ev, const struct kpdb_events_cb *cb,
			 struct kpdb_err *err);

/* The event type with @id, or NULL. */
struct kpdb_event_type *kpdb_events_type(struct kpdb_events *ev, int id);

/*
 * kpdb_events_symbol - "sym" or "sym+0x1f" for @addr, from PROC/kallsyms
 * (read once, on first use).  NULL if unknown or kallsyms hides addresses.
 */
const char *kpdb_events_symbol(struct kpdb_events *ev, unsigned long long addr, char *buf,
			       size_t len);

/* "sym" or "sym+0x1f" for a kernel address, into @buf; NULL if unknown. */
typedef const char *kpdb_symbol_fn(void *arg, unsigned long long addr, char *buf, size_t len);

/*
 * kpdb_hit_decode - @rec into @hit's values (hit-decode.c): the arguments
 * of its type's breakpoint, the probed location and the stack's frames
 * named by @symbol (NULL: addresses stay numbers).  @hit starts zeroed and
 * keeps its room from one call to the next; kpdb_hit_release frees it.
 * Returns 0, or -1 out of memory.
 */
int kpdb_hit_decode(struct kpdb_hit *hit, const struct kpdb_record *rec, kpdb_symbol_fn *symbol,
		    void *symbol_arg);
void kpdb_hit_release(struct kpdb_hit *hit);

/* @hit's stack: the frames at @addrs named by @symbol, no source lines yet. */
void kpdb_hit_frames(struct kpdb_hit *hit, const unsigned long long *addrs, size_t n,
		     kpdb_symbol_fn *symbol, void *symbol_arg);

/* Free a type's map of its breakpoint's arguments. */
void kpdb_hit_map_free(struct kpdb_hit_map *map);

/* Field access on a record; no check of @f against its type beyond bounds. */
bool kpdb_record_num(const struct kpdb_record *rec, const struct kpdb_field *f,
		     unsigned long long *val);	/* signed fields are sign-extended */
const char *kpdb_record_str(const struct kpdb_record *rec, const struct kpdb_field *f,
			    unsigned int *len);	/* NULL if the kernel could not fetch it */
const unsigned char *kpdb_record_bytes(const struct kpdb_record *rec, const struct kpdb_field *f);
bool kpdb_record_elem(const struct kpdb_record *rec, const struct kpdb_field *f, unsigned int i,
		      unsigned long long *val);	/* element @i of an array field */

/* The field called @name of @type, or NULL. */
const struct kpdb_field *kpdb_event_field(const struct kpdb_event_type *type, const char *name);

#endif
