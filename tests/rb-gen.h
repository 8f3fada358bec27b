/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rb-gen.h - write kernel ring-buffer pages the way trace_pipe_raw returns
 * them, for tests and the watch benchmark.  The layout follows the kernel's
 * events/header_page and kernel/trace/ring_buffer.c (x86_64: 8-byte commit,
 * no forced 8-byte alignment): page = u64 timestamp, u64 commit, data; each
 * event = u32 { type_len:5, time_delta:27 } then its payload.
 */
#ifndef KPDB_TESTS_RB_GEN_H
#define KPDB_TESTS_RB_GEN_H

#include <stdbool.h>
#include <stdio.h>

#define RB_PAGE_SIZE 4096
#define RB_PAGE_HDR 16

/* The events/header_page text of an x86_64 kernel with 4 KiB pages. */
extern const char rb_header_page[];

/* ftrace's kernel_stack event (a stacktrace trigger's record) as 6.1 and 6.12 describe it. */
#define RB_STACK_ID 12
extern const char rb_stack_format[];

struct rb_writer {
	FILE *out;
	unsigned char page[RB_PAGE_SIZE];
	unsigned int used;		/* bytes of data in the page */
	unsigned long long last_ts;	/* of the previous event in the page */
	bool open;			/* a page is being filled */
	long long lost;			/* missed events to flag on the next page */
	unsigned long pages;
};

void rb_init(struct rb_writer *w, FILE *out);

/* Add one record of @len bytes with absolute timestamp @ts (non-decreasing). */
int rb_add(struct rb_writer *w, unsigned long long ts, const void *rec, unsigned int len);

/*
 * Flag the next page as having lost @count events before it (the kernel's
 * RB_MISSED_EVENTS, with the count stored after the data: RB_MISSED_STORED);
 * @count < 0 flags the loss without a count.  Ends the current page.
 */
int rb_lost(struct rb_writer *w, long long count);

/* Write out the page being filled, if any. */
int rb_flush(struct rb_writer *w);

/*
 * A kprobe-event record being built: the common header, the location
 * field(s), then the arguments packed back to back as the kernel does, with
 * string data after the fixed part.
 */
struct rb_rec {
	unsigned char buf[RB_PAGE_SIZE];
	unsigned int fixed;	/* end of the fixed part */
	unsigned int pos;	/* next fixed field */
	unsigned int dyn;	/* end of the dynamic part */
};

/* @fixed_size: size of the fixed part (common header included). */
void rb_rec_begin(struct rb_rec *r, unsigned int fixed_size, unsigned short type, int pid);
void rb_rec_num(struct rb_rec *r, unsigned long long val, unsigned int size);
void rb_rec_bytes(struct rb_rec *r, const void *p, unsigned int size);
/* A __data_loc string; NULL stores the empty location of a failed fetch. */
void rb_rec_str(struct rb_rec *r, const char *s);
unsigned int rb_rec_len(const struct rb_rec *r);

#endif
