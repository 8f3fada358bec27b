/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kpdb.h - the session context shared by the REPL, the batch reader and the
 * command tables.  No libdw, libtracefs or readline type appears here.
 */
#ifndef KPDB_H
#define KPDB_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "err.h"
#include "kprobe-limits.h"

struct kpdb_tfs;
struct kpdb_dwarf;
struct kpdb_events;
struct kpdb_cmd;
struct kpdb_probe_spec;

/* Exit statuses of the kpdb program (SPEC.md). */
enum {
	KPDB_EXIT_OK = 0,
	KPDB_EXIT_FAIL = 1,
	KPDB_EXIT_USAGE = 2,
};

/* One breakpoint of the session. */
struct kpdb_bp {
	int num;			/* 1, 2, ...: never reused */
	char event[KPDB_NAME_MAX];	/* bpN or -n NAME */
	struct kpdb_probe_spec *spec;	/* parsed and resolved */
	char *definition;		/* the line written to kprobe_events */
	char *filter;			/* compiled tracefs filter, or NULL */
	char *inlined_in;		/* a site of an inlined function: "CALLER+0x24" */
	bool enabled;
	unsigned long seen;		/* hits decoded by ss/go in this session */
};

struct kpdb_ctx {
	/* options */
	const char *tracing_dir;	/* --tracing-dir, NULL: the mounted tracefs */
	const char *proc_dir;		/* --proc-dir, default "/proc" */
	const char *vmlinux;		/* -k PATH, NULL: discovered */
	bool json;
	bool dry_run;
	bool yes;
	bool keep;
	bool batch;
	bool quiet;
	bool interactive;		/* reading a terminal at the prompt */

	pid_t pid;
	char group[KPDB_NAME_MAX];	/* kpdb_<pid>: probe group and instance name */

	/* the command families the dispatcher knows, then NULL (cmd.h) */
	const struct kpdb_cmd *const *cmds;

	FILE *out;			/* normal output */
	struct kpdb_err err;		/* message of the last failing command */

	struct kpdb_tfs *tfs;		/* opened on first need */
	struct kpdb_dwarf *dw;		/* opened on first need */
	bool dw_tried;			/* discovery ran (and maybe failed) */
	char *btf;			/* the BTF file ctx->dw was made from, or NULL */
	struct kpdb_mod_dw {		/* modules' types, opened on first use */
		char *name;
		struct kpdb_dwarf *dw;
	} *mods;
	size_t nmods;

	struct kpdb_bp *bps;
	size_t nbps;
	size_t capbps;
	int next_bp;

	/*
	 * ss and go's event reader (watch.c): it lives from one to the next,
	 * with the records read but not printed yet, its files closed in
	 * between so that the instance can be removed.
	 */
	struct kpdb_events *reader;
	/* the kernel stack of the last hit ss or go printed, for bt */
	struct kpdb_last_stack {
		unsigned long long *frames;	/* room for KPDB_KSTACK_MAX, from the first */
		size_t n;
		int bp;				/* its breakpoint's number, 0: unknown */
		bool valid;			/* that hit carried a stack */
	} last_stack;

	bool quit;			/* `quit` was run */
	bool err_reported;		/* the failure was already reported (nested source) */
	int source_depth;		/* nesting of -x/source files */
	const char *last_cmd;		/* for repeating `ss` on an empty line */
};

/* Set by the signal handlers in main.c; watch loops poll it. */
extern volatile sig_atomic_t kpdb_interrupted;
/* Counts every SIGINT: the prompt tells a Ctrl-C meant for a command by it. */
extern volatile sig_atomic_t kpdb_sigints;

void kpdb_ctx_init(struct kpdb_ctx *ctx);
void kpdb_ctx_release(struct kpdb_ctx *ctx);
/* Free what a breakpoint owns (not the slot itself). */
void kpdb_bp_release(struct kpdb_bp *bp);

/*
 * The probes of the breakpoint whose first probe is @bp: 1, or more for a
 * function inlined in places (they follow it in ctx->bps, the same number).
 */
size_t kpdb_bp_probes(const struct kpdb_ctx *ctx, const struct kpdb_bp *bp);

/* The breakpoint whose event is @event, or NULL. */
struct kpdb_bp *kpdb_bp_by_event(struct kpdb_ctx *ctx, const char *event);

/*
 * kpdb_ctx_tracefs - open the tracefs backend on first use.
 * Returns 0 or -1 with ctx->err set (not root, not mounted, no kprobes, ...).
 */
int kpdb_ctx_tracefs(struct kpdb_ctx *ctx);

/*
 * kpdb_btf_explain - when the types come from BTF and ctx->err is about what
 * BTF cannot know (a function with no prototype there, lines, syscalls'
 * own functions), add what would answer: the debug package, debuginfod.
 */
void kpdb_btf_explain(struct kpdb_ctx *ctx);

/*
 * kpdb_ctx_module_dwarf - the types and functions of module @mod, opened
 * once per session: from its debug file's DWARF (kpdb_module_debug_file(),
 * its build id checked against the loaded module's unless --dry-run), else
 * from its BTF (/sys/kernel/btf/MOD, split over the kernel's).  Returns 0
 * with *@dw set, or -1 with ctx->err set (a debug file of another build, the
 * module not loaded and no debug file, or no BTF).
 */
int kpdb_ctx_module_dwarf(struct kpdb_ctx *ctx, const char *mod, struct kpdb_dwarf **dw);

/*
 * kpdb_ctx_dwarf - open the kernel debug info on first use (-k, $KPDB_VMLINUX,
 * the standard paths) and check its build id against the running kernel
 * unless --dry-run.  Returns 0 or -1 with ctx->err set.
 */
int kpdb_ctx_dwarf(struct kpdb_ctx *ctx);

/* Print an error the way the current mode wants it (plain or JSON), once. */
void kpdb_report_error(struct kpdb_ctx *ctx, const char *where, const char *msg);

#endif
