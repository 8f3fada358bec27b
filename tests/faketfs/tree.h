/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tree.h - the file tree of the fake tracefs: which paths exist, what
 * reading them shows, what writing them does.  No FUSE types here.
 */
#ifndef FAKETFS_TREE_H
#define FAKETFS_TREE_H

#include <stddef.h>
#include <time.h>

#include "faketfs.h"

enum where { W_TOP = 1, W_INST = 2, W_BOTH = 3 };

enum kind {
	F_README, F_KPROBE_EVENTS, F_DYNAMIC_EVENTS, F_EMPTY_EVENTS, F_KPROBE_PROFILE,
	F_AVAIL_FUNCS, F_AVAIL_EVENTS, F_ERROR_LOG, F_TRACE, F_TRACE_PIPE, F_TRACING_ON,
	F_BUFFER_PERCENT, F_BUFFER_SIZE, F_BUFFER_TOTAL, F_VALUE, F_RO, F_WO, F_SET_EVENT,
	F_TRACE_CLOCK, F_CURRENT_TRACER, F_SYNTH_EVENTS,
	/* under events/ */
	F_EVENTS_ENABLE, F_HEADER_PAGE, F_HEADER_EVENT, F_GROUP_ENABLE, F_GROUP_FILTER,
	F_EV_ENABLE, F_EV_FILTER, F_EV_FORMAT, F_EV_ID, F_EV_TRIGGER, F_EV_HIST,
	/* under per_cpu/cpuN/ */
	F_CPU_STATS, F_CPU_PIPE_RAW,
	F_OPTION, F_CTL_HITS, F_CTL_BUSY,
};

#define FL_TRUNC	1	/* O_TRUNC means something: log it */
#define FL_RO		2
#define FL_WO		4

struct fspec {
	const char *name;
	enum kind kind;
	unsigned int where;
	unsigned int flags;
	const char *dflt;
};

enum dkind { D_NONE, D_ROOT, D_INSTANCES, D_EVENTS, D_GROUP, D_EVENT, D_PERCPU, D_CPU,
	     D_OPTIONS, D_CTL };

struct node {
	enum dkind dir;			/* D_NONE for a file */
	const struct fspec *spec;	/* for a file */
	struct fk_instance *inst;
	struct fk_event *ev;
	char group[FK_NAME_MAX + 1];
	int opt;			/* index in options[] */
};

void fk_tree_init(struct fk_state *st, time_t t0);
int fk_resolve(const char *path, struct node *n);
bool fk_pins_instance(const struct node *n);
int fk_list(const struct node *n, void (*add)(void *ctx, const char *name), void *ctx);
char *fk_show(const struct node *n);
int fk_store(const struct node *n, const char *buf, size_t len);
int fk_truncate(const struct node *n);
bool fk_is_pipe(const struct node *n);

#endif
