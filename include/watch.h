/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * watch.h - the watch loop behind `ss` and `go`: wait for hits of the
 * session's probes, decode and print them, and come back on a count, a
 * time limit, the end of a program kpdb started, or Ctrl-C.
 *
 * Hits are recorded by the kernel while the prompt waits; ss and go print
 * them in order from where the previous one stopped, so none is skipped.
 */
#ifndef KPDB_WATCH_H
#define KPDB_WATCH_H

#include <stdbool.h>

struct kpdb_ctx;

enum kpdb_watch_stop {
	KPDB_STOP_COUNT,	/* COUNT hits printed */
	KPDB_STOP_TIME,		/* SECONDS elapsed */
	KPDB_STOP_PROGRAM,	/* the program exited (and its hits were drained) */
	KPDB_STOP_INTERRUPT,	/* Ctrl-C (or a terminating signal) */
	KPDB_STOP_EOF,		/* recorded input replayed to its end (tests) */
};

struct kpdb_watch_opts {
	unsigned long count;	/* stop after COUNT hits; 0: no limit */
	double seconds;		/* stop after SECONDS; 0: no limit */
	char **program;		/* NULL-terminated argv of a program to run, or NULL */
	bool summary;		/* print how the loop ended (go), not only the hits (ss) */
};

struct kpdb_watch_result {
	enum kpdb_watch_stop stop;
	unsigned long hits;
	unsigned long long lost;	/* records the ring buffer dropped (counted ones) */
	bool lost_unknown;		/* some loss had no count */
	int status;			/* the program's wait status, if one ran */
};

/*
 * kpdb_watch_run - run the loop on ctx's tracefs instance.  Needs at least
 * one enabled breakpoint.  The program, if any, is started after the reader
 * is ready, so none of its hits can be missed, and is terminated if the loop
 * stops before it exits.  Returns 0 (Ctrl-C included, in interactive use),
 * or -1 with ctx->err set: no enabled breakpoint, a read error, a program
 * that cannot be run, or Ctrl-C in --batch.
 */
int kpdb_watch_run(struct kpdb_ctx *ctx, const struct kpdb_watch_opts *opts,
		   struct kpdb_watch_result *res);

/*
 * kpdb_watch_last_stack - print the kernel stack of the last hit ss or go
 * printed; *@bp gets its breakpoint's number (0: unknown).  Returns 0, or -1
 * with ctx->err set if that hit carried no stack.
 */
int kpdb_watch_last_stack(struct kpdb_ctx *ctx, int *bp);

/*
 * kpdb_watch_every - call @show(@ctx, @arg) every second until Ctrl-C (or
 * SIGTERM, SIGHUP), each time under a line with the time ("10:04:05", in
 * JSON {"refresh":N,"time":"10:04:05"}): hist N -w and lat -w.  Signals are
 * handled as go handles them.  Returns 0 on Ctrl-C in interactive use, or
 * -1 with ctx->err set: @show failed, or Ctrl-C in --batch.
 */
int kpdb_watch_every(struct kpdb_ctx *ctx, int (*show)(struct kpdb_ctx *ctx, void *arg),
		     void *arg);

#endif
