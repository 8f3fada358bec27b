/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tracefs-priv.h - what the src/tracefs*.c files share.  Only they include
 * it: libtracefs types stay inside the backend.
 */
#ifndef KPDB_TRACEFS_PRIV_H
#define KPDB_TRACEFS_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include <tracefs.h>

#include "backend.h"
#include "err.h"
#include "kallsyms.h"
#include "kprobe-limits.h"

#define KPROBE_EVENTS "kprobe_events"
#define SYNTH_EVENTS "synthetic_events"
#define SYNTH_SYSTEM "synthetic"

struct tfs_event {
	char *name;
	bool synth;				/* a synthetic event: system "synthetic" */
	bool enabled;				/* in our instance, as we last wrote it */
	char **triggers;			/* written to its trigger file, in order */
	size_t ntriggers;
};

struct kpdb_tfs {
	char *dir;				/* tracefs root */
	char *instance_dir;			/* DIR/instances/GROUP, once created */
	char group[64];
	struct tracefs_instance *instance;	/* created on the first probe */
	struct tfs_event *events;		/* our probes, in creation order */
	size_t nevents;
	char **functions;			/* available_filter_functions, sorted */
	size_t nfunctions;
	bool functions_loaded;
	struct kpdb_kallsyms ksyms;		/* PROC/kallsyms' text symbols, by name */
	bool ksyms_loaded, ksyms_read;
	unsigned long long areas[KPDB_TEXT_AREAS][2];	/* kpdb_text_areas, 0 when unknown */
	char **blacklist;			/* debugfs kprobes/blacklist names, sorted */
	size_t nblacklist;
	bool blacklist_loaded, blacklist_read;
};

/* --- tracefs.c --- */

/* "@a/@b", malloc'ed, or NULL. */
char *tfs_path_join(const char *a, const char *b);

/* Where tracefs is mounted, without mounting it; NULL if nowhere. */
const char *tfs_find_mounted(void);

/* The whole file at @path, NUL-terminated and malloc'ed, or NULL. */
char *tfs_slurp(const char *path);

/* Split @text into lines in place; *@out (malloc'ed) points at each.  Returns the count. */
size_t tfs_split_lines(char *text, char ***out);

/* "!NAME" to synthetic_events; a synthetic event already gone is no error. */
int tfs_synth_remove(const char *name, struct kpdb_err *err);

/*
 * Remove the triggers of an event we did not make (--cleanup of a dead
 * session), read back from its trigger file in the instance; with
 * @users_only, only those that use another's variables ("$ts0").
 */
int tfs_clear_read_triggers(struct kpdb_tfs *tfs, const char *system, const char *event,
			    bool users_only, struct kpdb_err *err);

/* --- tracefs-symbols.c --- */

/* Free the lists of functions, blacklisted names and kallsyms symbols. */
void tfs_symbols_free(struct kpdb_tfs *tfs);

#endif
