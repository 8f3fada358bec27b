/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hist.h - the text of an event's `hist` file (a hist trigger's table,
 * Documentation/trace/histogram.rst) as rows, and the table kpdb prints
 * from them.  Pure: no tracefs access, table-tested.
 */
#ifndef KPDB_HIST_H
#define KPDB_HIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* One key or value of a row: "comm" "dd", "count" "~ 2^12", "stack" "f1\nf2". */
struct kpdb_hist_kv {
	char *name;
	char *value;
};

struct kpdb_hist_row {
	struct kpdb_hist_kv *keys;
	size_t nkeys;
	unsigned long long hits;
	char *sum_name;			/* the summed value, or NULL */
	unsigned long long sum;
	unsigned long long order;	/* log2/bucket keys: the bucket's low bound */
};

struct kpdb_hist {
	struct kpdb_hist_row *rows;
	size_t nrows;
	unsigned long long total_hits, dropped;
	bool buckets;			/* the first key is a log2 or buckets key */
};

/*
 * kpdb_hist_parse - rows of a hist file.  A common_pid.execname key
 * becomes "comm" and "pid"; with @by_comm the rows of one comm (and equal
 * other keys) are merged, as `by comm` asks.  Rows are sorted by hits
 * (or sum when @by_sum), descending, or by bucket for log2/buckets keys.
 * Returns 0, or -1 (out of memory).
 */
int kpdb_hist_parse(const char *text, bool by_comm, bool by_sum, struct kpdb_hist *h);
void kpdb_hist_free(struct kpdb_hist *h);

/*
 * kpdb_hist_parse_many - the tables of several events (the probes of one
 * breakpoint at several sites) as one: rows of the same keys added up,
 * the totals too, then sorted as kpdb_hist_parse() sorts.  0 or -1.
 */
int kpdb_hist_parse_many(const char *const *texts, size_t n, bool by_comm, bool by_sum,
			 struct kpdb_hist *h);

/*
 * Drop the tracer's own frames (kprobe_ftrace_handler, the trampoline) from
 * each stack key: a stack starts at the frame in @func, when it has one.
 */
void kpdb_hist_trim_stacks(struct kpdb_hist *h, const char *func);

/* The table with bars (bpftrace's look), or one JSON object per row for @json. */
void kpdb_hist_print(FILE *f, const struct kpdb_hist *h, int bp, bool json);

/*
 * kpdb_hist_print_log2 - a table keyed by the log2 bucket of a value in
 * microseconds (lat), as bcc's funclatency prints it: "usecs : count
 * distribution", one line per power of two from 0 up to the highest bucket
 * seen, empty ones included, then the average and total when the rows sum
 * the values.  The kernel's bucket 2^k holds the values above 2^(k-1) and up
 * to 2^k (it rounds up): its line reads "2^(k-1)+1 -> 2^k", and 2^0's
 * "0 -> 1".  In JSON one object per line, {"lat":@name,"low":L,"high":H,
 * "count":C}, then {"lat":@name,"calls":N,"total":T,"avg":A} (microseconds).
 * Prints nothing for an empty table.
 */
void kpdb_hist_print_log2(FILE *f, const struct kpdb_hist *h, const char *name, bool json);

#endif
