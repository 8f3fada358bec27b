/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sysrq.h - the magic SysRq keys: what each does, whether the mask in
 * PROC/sys/kernel/sysrq lets the keyboard use it, and triggering one through
 * PROC/sysrq-trigger while collecting the kernel log lines it produced.
 *
 * The mask (Documentation/admin-guide/sysrq.rst) is 0 (none), 1 (all) or a
 * bitmask of the groups below.  It applies to the keyboard only: root's
 * writes to /proc/sysrq-trigger run any key, which is why kpdb asks before a
 * destructive one.
 */
#ifndef KPDB_SYSRQ_H
#define KPDB_SYSRQ_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

enum {
	KPDB_SYSRQ_LOG = 0x2,		/* console log level */
	KPDB_SYSRQ_KEYBOARD = 0x4,	/* SAK, unraw */
	KPDB_SYSRQ_DUMP = 0x8,		/* debugging dumps */
	KPDB_SYSRQ_SYNC = 0x10,
	KPDB_SYSRQ_REMOUNT = 0x20,
	KPDB_SYSRQ_SIGNAL = 0x40,	/* term, kill, oom-kill */
	KPDB_SYSRQ_BOOT = 0x80,		/* reboot, poweroff */
	KPDB_SYSRQ_RTNICE = 0x100,
};

struct kpdb_sysrq_key {
	char key;		/* '0' stands for all of 0-9 */
	const char *name;	/* the kernel's help name: "reboot" */
	const char *action;	/* what it does, one line */
	unsigned int mask;	/* group bit; 0: only when the mask is 1 */
	bool destructive;	/* b c e f i k o u g: asks for confirmation */
	const char *op;		/* its struct sysrq_key_op in kallsyms ("a|b": either), or
				 * NULL for help, which every kernel has */
};

/* Room for kpdb_sysrq_keys[] (a static check in sysrq.c keeps it true). */
#define KPDB_SYSRQ_MAX_KEYS 32

extern const struct kpdb_sysrq_key kpdb_sysrq_keys[];
extern const size_t kpdb_sysrq_nkeys;

/* The key @c ('0'..'9' give the loglevel entry), or NULL if not a sysrq key. */
const struct kpdb_sysrq_key *kpdb_sysrq_key(char c);

/* Read PROC/sys/kernel/sysrq.  Returns 0, or -1 with @err set. */
int kpdb_sysrq_mask(const char *proc_dir, unsigned long *mask, struct kpdb_err *err);

/* Would the keyboard be allowed to use @k under @mask? */
bool kpdb_sysrq_allowed(unsigned long mask, const struct kpdb_sysrq_key *k);

/*
 * kpdb_sysrq_present - which keys this kernel has: @present[i] for
 * kpdb_sysrq_keys[i], from the key's op in PROC/kallsyms (d needs LOCKDEP, g
 * kgdb, v a DRM framebuffer console).  Returns false, with every key
 * present, when kallsyms shows no sysrq op at all (no access, no data
 * symbols): then nobody can tell.
 */
bool kpdb_sysrq_present(const char *proc_dir, bool *present);

/*
 * kpdb_kmsg_lines - the text of a /dev/kmsg record, whose newlines the
 * kernel writes as "\x0a" (and backslashes as "\x5c"), with them put back,
 * in place.  Other escaped bytes stay escaped.
 */
void kpdb_kmsg_lines(char *text);

/* The kernel log device: $KPDB_KMSG if set (tests), else /dev/kmsg. */
const char *kpdb_sysrq_kmsg_path(void);

/* One kernel log record, as /dev/kmsg gives it. */
struct kpdb_kmsg {
	int level;			/* syslog priority & 7 */
	unsigned long long ts_us;	/* monotonic microseconds */
	const char *text;
};

/*
 * kpdb_sysrq_trigger - open @kmsg at its end, write @c to
 * PROC/sysrq-trigger, then hand each new log record to @fn until the kernel
 * has been quiet for a moment (or a few seconds have passed).  Returns the
 * number of records, or -1 with @err set.
 */
int kpdb_sysrq_trigger(const char *proc_dir, const char *kmsg, char c,
		       void (*fn)(const struct kpdb_kmsg *rec, void *arg), void *arg,
		       struct kpdb_err *err);

#endif
