/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * events.h - the binary event reader: the session instance's per-CPU
 * trace_pipe_raw, decoded with libtraceevent, CPUs merged in timestamp order.
 *
 * Records are never parsed from the text of trace_pipe: a string argument
 * holding spaces, quotes or "name=value" cannot break decoding.  What a
 * record contains is described by plain structs below, so the printers and
 * their tests need no libtraceevent type.
 */
#ifndef KPDB_EVENTS_H
#define KPDB_EVENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

struct kpdb_events;

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
	void *priv;			/* for the consumer; freed with priv_free */
	void (*priv_free)(void *priv);
};

/* One decoded record, valid only during the callback that receives it. */
struct kpdb_hit {
	struct kpdb_event_type *type;		/* ->priv is the consumer's to fill */
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

/* Where the reader finds things; every path may be a fake one in tests. */
struct kpdb_events_opts {
	const char *tracing_dir;	/* tracefs root: events/, saved_cmdlines */
	const char *instance_dir;	/* per_cpu/cpuN/trace_pipe_raw, buffer_percent */
	const char *group;		/* the events to decode: events/GROUP/EVENT/format */
	const char *proc_dir;		/* PID/comm and kallsyms; NULL: /proc */
};

/*
 * Callbacks of kpdb_events_dispatch().  @hit returns nonzero to stop the
 * dispatch (the rest stays buffered for the next call).  @lost gets the
 * number of records the ring buffer dropped on @cpu before @ts, or -1 if
 * the kernel did not say how many.
 */
struct kpdb_events_cb {
	int (*hit)(const struct kpdb_hit *hit, void *arg);
	void (*lost)(int cpu, long long count, unsigned long long ts, void *arg);
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

/* Field access on a hit; no check of @f against the hit's type beyond bounds. */
bool kpdb_hit_num(const struct kpdb_hit *hit, const struct kpdb_field *f,
		  unsigned long long *val);	/* signed fields are sign-extended */
const char *kpdb_hit_str(const struct kpdb_hit *hit, const struct kpdb_field *f,
			 unsigned int *len);	/* NULL if the kernel could not fetch it */
const unsigned char *kpdb_hit_bytes(const struct kpdb_hit *hit, const struct kpdb_field *f);
bool kpdb_hit_elem(const struct kpdb_hit *hit, const struct kpdb_field *f, unsigned int i,
		   unsigned long long *val);	/* element @i of an array field */

/* The field called @name of @type, or NULL. */
const struct kpdb_field *kpdb_event_field(const struct kpdb_event_type *type, const char *name);

#endif
