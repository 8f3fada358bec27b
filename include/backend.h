/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * backend.h - the tracefs backend: the only user of libtracefs.
 *
 * A session owns one probe group and one tracefs instance, both called
 * kpdb_<pid>.  Probes are added to the global kprobe_events (only our own
 * lines), enabled only in our instance, and removed at close.
 */
#ifndef KPDB_BACKEND_H
#define KPDB_BACKEND_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

struct kpdb_tfs;
struct tep_handle;

/*
 * kpdb_tfs_open - find tracefs (@dir, or the mounted one, mounting it if
 * root), check that kprobes can be created, and prepare group @group.
 * The instance is created on the first probe.  Errors: not root, not
 * mounted, no kprobe_events, lockdown.  Returns 0, or -1 with @err set.
 */
int kpdb_tfs_open(const char *dir, const char *group, struct kpdb_tfs **out,
		  struct kpdb_err *err);

/* Remove every probe and the instance of this session (unless @keep), free. */
int kpdb_tfs_close(struct kpdb_tfs *tfs, bool keep, struct kpdb_err *err);

const char *kpdb_tfs_dir(const struct kpdb_tfs *tfs);

/*
 * kpdb_tfs_probe_add - write @definition ("p:GRP/EV ADDR ARGS") and enable
 * the event in the session instance, with @filter if not NULL.  On any
 * failure nothing is left: the probe is removed again, and @err holds the
 * kernel's own reason from error_log.
 */
int kpdb_tfs_probe_add(struct kpdb_tfs *tfs, const char *event, const char *definition,
		       const char *filter, struct kpdb_err *err);

/* The same, with @trigger (if not NULL) set on the event before it is enabled. */
int kpdb_tfs_probe_add_trigger(struct kpdb_tfs *tfs, const char *event, const char *definition,
			       const char *filter, const char *trigger, struct kpdb_err *err);

/*
 * kpdb_tfs_probe_define - write @definition and remember the probe, enabled
 * nowhere: the triggers set on it make the kernel run it, and its hits are
 * never recorded (lat's kprobe and kretprobe).  Nothing is left on failure;
 * @err holds the kernel's reason.
 */
int kpdb_tfs_probe_define(struct kpdb_tfs *tfs, const char *event, const char *definition,
			  struct kpdb_err *err);

/*
 * kpdb_tfs_synth_add - define the synthetic event @name with @fields
 * ("u64 lat") in synthetic_events.  Synthetic events all live in the
 * "synthetic" system, so @name says whose it is: kpdb_<pid>_NAME, which
 * --cleanup finds.  Triggers go on it through kpdb_tfs_trigger_add() as on
 * a probe; kpdb_tfs_probe_remove() and kpdb_tfs_close() remove it, its
 * triggers first (the kernel refuses while a trigger feeds or reads it).
 */
int kpdb_tfs_synth_add(struct kpdb_tfs *tfs, const char *name, const char *fields,
		       struct kpdb_err *err);

/* Disable (if needed) and remove the probe (or synthetic event) @event of ours. */
int kpdb_tfs_probe_remove(struct kpdb_tfs *tfs, const char *event, struct kpdb_err *err);

/* Enable or disable @event in the session instance. */
int kpdb_tfs_probe_enable(struct kpdb_tfs *tfs, const char *event, bool on,
			  struct kpdb_err *err);

/*
 * kpdb_tfs_trigger_add - add @trigger ("stacktrace if FILTER",
 * "hist:keys=...") to @event's trigger file in the session instance.  The
 * backend remembers it: removing the probe (bc, exit, --cleanup) removes
 * its triggers first, as the kernel refuses to remove a probe that has any.
 * On failure @err holds the kernel's reason from error_log.
 */
int kpdb_tfs_trigger_add(struct kpdb_tfs *tfs, const char *event, const char *trigger,
			 struct kpdb_err *err);

/* Remove the triggers of @event whose command is @cmd ("stacktrace", "hist"). */
int kpdb_tfs_trigger_remove(struct kpdb_tfs *tfs, const char *event, const char *cmd,
			    struct kpdb_err *err);

/* The text of @event's trigger whose command is @cmd, or NULL. */
const char *kpdb_tfs_trigger_find(struct kpdb_tfs *tfs, const char *event, const char *cmd);

/* Write @text to @event's trigger file once (":clear"), remembering nothing. */
int kpdb_tfs_trigger_write(struct kpdb_tfs *tfs, const char *event, const char *text,
			   struct kpdb_err *err);

/* True if the tracefs README mentions @text: how kernel features are detected. */
bool kpdb_tfs_readme_has(struct kpdb_tfs *tfs, const char *text);

/* @file ("hist", "trigger") of @event in the session instance: malloc'ed, or NULL. */
char *kpdb_tfs_event_read(struct kpdb_tfs *tfs, const char *event, const char *file,
			  struct kpdb_err *err);

/* Hits and misses of @event from kprobe_profile.  -1 if not listed. */
int kpdb_tfs_probe_stats(struct kpdb_tfs *tfs, const char *event, unsigned long *hits,
			 unsigned long *misses);

/* True if @sym is listed in available_filter_functions (or the list is absent). */
bool kpdb_tfs_symbol_known(struct kpdb_tfs *tfs, const char *sym);

/* What the running kernel says about a function before a probe is put on it. */
struct kpdb_sym_facts {
	bool in_kallsyms;	/* a text symbol of that name in PROC/kallsyms */
	bool traceable;		/* listed in available_filter_functions, or no list */
	const char *blacklist;	/* on the kprobe blacklist: how we know it
				 * (KPDB_BLACKLIST_DEBUGFS, "noinstr text", "entry text",
				 * "kprobes text", "init text": freed after boot),
				 * or NULL */
};

/* kpdb_sym_facts.blacklist when debugfs's kprobes/blacklist lists the function */
#define KPDB_BLACKLIST_DEBUGFS "kprobes/blacklist"

/*
 * kpdb_tfs_symbol_facts - look @sym up in @proc_dir/kallsyms, in
 * available_filter_functions and in the kprobe blacklist: debugfs's
 * $KPDB_SYS_DIR/kernel/debug/kprobes/blacklist (default /sys) when it can
 * be read, else the text ranges the kernel blacklists as a whole (noinstr,
 * entry, kprobes), from the kallsyms addresses of their bounds.  The
 * kernel (without CONFIG_KPROBE_EVENTS_ON_NOTRACE) refuses a kprobe event
 * on a function of either kind with a bare "Failed to register probe
 * event".  Returns 0, or -1 if kallsyms cannot be read (nothing is known).
 */
int kpdb_tfs_symbol_facts(struct kpdb_tfs *tfs, const char *proc_dir, const char *sym,
			  struct kpdb_sym_facts *f);

/* One of the text symbols of kallsyms that share a name. */
struct kpdb_ksym_cand {
	unsigned long long addr;
	char module[64];	/* "" for one of vmlinux */
	char after[128];	/* the text symbol just before it, to tell them apart */
};

/*
 * kpdb_tfs_symbol_all - the text symbols named @sym in @proc_dir/kallsyms,
 * vmlinux's by address first (the order NAME#N counts), then the modules'.
 * Up to @max go to @out; *@text gets _text's address (0 if unknown).
 * Returns how many there are, or -1 if kallsyms cannot be read.
 */
int kpdb_tfs_symbol_all(struct kpdb_tfs *tfs, const char *proc_dir, const char *sym,
			struct kpdb_ksym_cand *out, size_t max, unsigned long long *text);

/*
 * Kernel function names for completion: a sorted array of names from
 * available_filter_functions, loaded once.  *n gets the count.
 */
const char *const *kpdb_tfs_functions(struct kpdb_tfs *tfs, size_t *n);

/* Path of the session instance directory (for the event reader). */
const char *kpdb_tfs_instance_dir(const struct kpdb_tfs *tfs);

/*
 * kpdb_tfs_cmdlines_load - give the event reader's @tep the pid -> comm
 * pairs of saved_cmdlines in tracefs root @dir (a fake one in tests): the
 * names of tasks that /proc no longer shows.  Returns 0, or -1 if there
 * were none to read.
 */
int kpdb_tfs_cmdlines_load(const char *dir, struct tep_handle *tep);

/*
 * Sessions of kpdb that are no longer running: names kpdb_<pid> of groups,
 * instances and synthetic events (kpdb_<pid>_NAME) under @dir (NULL:
 * mounted tracefs) whose pid is dead.
 * Returns a NULL-terminated malloc'ed array, or NULL with @err set.
 */
char **kpdb_tfs_stale_sessions(const char *dir, struct kpdb_err *err);

/*
 * Remove the triggers, synthetic events, probes and instance of dead
 * session @name, in the order the kernel accepts.  Each removed item is
 * appended to @report (one "probe kpdb_1/bp1", "synthetic event
 * kpdb_1_lat1" or "instance kpdb_1" line), which the caller frees.
 * Returns 0, or -1 with @err set.
 */
int kpdb_tfs_cleanup_session(const char *dir, const char *name, char **report,
			     struct kpdb_err *err);

#endif
