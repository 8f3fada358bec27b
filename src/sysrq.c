// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sysrq.c - the magic SysRq keys of Documentation/admin-guide/sysrq.rst and
 * drivers/tty/sysrq.c (Linux 6.1), and triggering one.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "kallsyms.h"
#include "sysrq.h"

/* How long to wait for the first log line, for more, and in all. */
#define FIRST_WAIT_MS 1000
#define QUIET_MS 300
#define TOTAL_MS 5000

const struct kpdb_sysrq_key kpdb_sysrq_keys[] = {
	{ '0', "loglevel", "set the console log level to the digit typed (0-9)",
	  KPDB_SYSRQ_LOG, false, "sysrq_loglevel_op" },
	{ 'b', "reboot", "reboot at once, without syncing or unmounting disks",
	  KPDB_SYSRQ_BOOT, true, "sysrq_reboot_op" },
	{ 'c', "crash", "crash the kernel (panic; kdump takes over if loaded)",
	  KPDB_SYSRQ_DUMP, true, "sysrq_crash_op" },
	{ 'd', "show-all-locks", "show all locks held (kernels with CONFIG_LOCKDEP)", 0, false,
	  "sysrq_showlocks_op" },
	{ 'e', "terminate-all-tasks", "send SIGTERM to every process but init",
	  KPDB_SYSRQ_SIGNAL, true, "sysrq_term_op" },
	{ 'f', "memory-full-oom-kill", "call the OOM killer to kill a memory hog",
	  KPDB_SYSRQ_SIGNAL, true, "sysrq_moom_op" },
	{ 'g', "debug", "enter the kernel debugger kgdb/kdb (if built in)", 0, true,
	  "sysrq_dbg_op" },
	{ 'h', "help", "print the list of keys to the kernel log", 0, false, NULL },
	{ 'i', "kill-all-tasks", "send SIGKILL to every process but init",
	  KPDB_SYSRQ_SIGNAL, true, "sysrq_kill_op" },
	{ 'j', "thaw-filesystems", "thaw filesystems frozen by FIFREEZE",
	  KPDB_SYSRQ_SIGNAL, false, "sysrq_thaw_op" },
	{ 'k', "sak", "secure access key: kill every program on the current console",
	  KPDB_SYSRQ_KEYBOARD, true, "sysrq_SAK_op" },
	{ 'l', "show-backtrace-all-active-cpus", "show a stack backtrace of every active CPU",
	  KPDB_SYSRQ_DUMP, false, "sysrq_showallcpus_op" },
	{ 'm', "show-memory-usage", "dump memory information", KPDB_SYSRQ_DUMP, false,
	  "sysrq_showmem_op" },
	{ 'n', "nice-all-RT-tasks", "make real-time tasks nice-able", KPDB_SYSRQ_RTNICE, false,
	  "sysrq_unrt_op" },
	{ 'o', "poweroff", "power the machine off at once", KPDB_SYSRQ_BOOT, true,
	  "sysrq_poweroff_op" },
	{ 'p', "show-registers", "dump the current registers and flags", KPDB_SYSRQ_DUMP, false,
	  "sysrq_showregs_op" },
	{ 'q', "show-all-timers", "show armed hrtimers and clock event devices", 0, false,
	  "sysrq_show_timers_op" },
	{ 'r', "unraw", "take the keyboard out of raw mode", KPDB_SYSRQ_KEYBOARD, false,
	  "sysrq_unraw_op" },
	{ 's', "sync", "sync all mounted filesystems", KPDB_SYSRQ_SYNC, false,
	  "sysrq_sync_op" },
	{ 't', "show-task-states", "dump the list of tasks and their states", KPDB_SYSRQ_DUMP,
	  false, "sysrq_showstate_op" },
	{ 'u', "unmount", "remount all mounted filesystems read-only", KPDB_SYSRQ_REMOUNT,
	  true, "sysrq_mountro_op" },
	{ 'v', "force-fb", "restore the framebuffer console", 0, false,
	  "sysrq_drm_fb_helper_restore_op|drm_client_sysrq_restore_op" },
	{ 'w', "show-blocked-tasks", "dump tasks in uninterruptible (blocked) state",
	  KPDB_SYSRQ_DUMP, false, "sysrq_showstate_blocked_op" },
	{ 'z', "dump-ftrace-buffer", "dump the ftrace buffer to the console", KPDB_SYSRQ_DUMP,
	  false, "sysrq_ftrace_dump_op" },
};
const size_t kpdb_sysrq_nkeys = sizeof(kpdb_sysrq_keys) / sizeof(kpdb_sysrq_keys[0]);
_Static_assert(sizeof(kpdb_sysrq_keys) / sizeof(kpdb_sysrq_keys[0]) <= KPDB_SYSRQ_MAX_KEYS,
	       "KPDB_SYSRQ_MAX_KEYS is too small");

const struct kpdb_sysrq_key *kpdb_sysrq_key(char c)
{
	if (c >= '0' && c <= '9')
		c = '0';
	for (size_t i = 0; i < kpdb_sysrq_nkeys; i++)
		if (kpdb_sysrq_keys[i].key == c)
			return &kpdb_sysrq_keys[i];
	return NULL;
}

static bool op_named(const char *ops, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = ops; p; p = strchr(p, '|')) {
		if (*p == '|')
			p++;
		if (!strncmp(p, name, n) && (p[n] == '|' || !p[n]))
			return true;
	}
	return false;
}

/* What kallsyms shows of the keys' ops. */
struct ops_seen {
	bool *present;		/* kpdb_sysrq_keys[i]'s op is there */
	bool any;		/* any sysrq op is */
};

/* Mark the keys whose struct sysrq_key_op is @sym. */
static int mark_op(const struct kpdb_ksym *sym, void *arg)
{
	struct ops_seen *seen = arg;
	size_t n = strlen(sym->name);

	/* only the sysrq_key_op objects matter */
	if (!strstr(sym->name, "sysrq") || strncmp(sym->name + n - 3, "_op", 3))
		return 0;
	seen->any = true;
	for (size_t i = 0; i < kpdb_sysrq_nkeys; i++)
		if (kpdb_sysrq_keys[i].op && op_named(kpdb_sysrq_keys[i].op, sym->name))
			seen->present[i] = true;
	return 0;
}

bool kpdb_sysrq_present(const char *proc_dir, bool *present)
{
	struct ops_seen seen = { .present = present };

	for (size_t i = 0; i < kpdb_sysrq_nkeys; i++)
		present[i] = !kpdb_sysrq_keys[i].op;
	kpdb_kallsyms_each(proc_dir, mark_op, &seen);
	if (!seen.any)
		for (size_t i = 0; i < kpdb_sysrq_nkeys; i++)
			present[i] = true;
	return seen.any;
}

void kpdb_kmsg_lines(char *text)
{
	char *w = text;

	for (const char *r = text; *r; r++) {
		if (r[0] == '\\' && r[1] == 'x' && r[2] == '0' && r[3] == 'a') {
			*w++ = '\n';
			r += 3;
		} else if (r[0] == '\\' && r[1] == 'x' && r[2] == '5' && r[3] == 'c') {
			*w++ = '\\';
			r += 3;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

int kpdb_sysrq_mask(const char *proc_dir, unsigned long *mask, struct kpdb_err *err)
{
	char path[PATH_MAX], buf[64], *end;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/sys/kernel/sysrq", proc_dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return kpdb_err_set(err, "no magic sysrq in this kernel ('%s' is missing; it "
				    "needs CONFIG_MAGIC_SYSRQ=y)", path);
	if (fd < 0)
		return kpdb_err_set(err, "cannot read '%s': %s", path, strerror(errno));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return kpdb_err_set(err, "cannot read '%s'", path);
	buf[n] = '\0';
	errno = 0;
	*mask = strtoul(buf, &end, 0);
	if (errno || end == buf || (*end && *end != '\n'))
		return kpdb_err_set(err, "'%s' holds '%.*s', not a number", path,
				    (int)strcspn(buf, "\n"), buf);
	return 0;
}

bool kpdb_sysrq_allowed(unsigned long mask, const struct kpdb_sysrq_key *k)
{
	if (mask == 1)
		return true;
	if (mask == 0)
		return false;
	/* help is what the keyboard prints for any key without an action */
	if (k->key == 'h')
		return true;
	return (mask & k->mask) != 0;
}

const char *kpdb_sysrq_kmsg_path(void)
{
	const char *p = getenv("KPDB_KMSG");

	return p && *p ? p : "/dev/kmsg";
}

/* "PRI,SEQ,TS_US,FLAGS[,...];TEXT": one /dev/kmsg record.  Dictionary lines
 * (starting with a space) are not part of the message. */
static bool parse_record(char *line, struct kpdb_kmsg *rec)
{
	char *semi, *p;

	if (line[0] == ' ' || !line[0])
		return false;
	semi = strchr(line, ';');
	if (!semi)
		return false;
	*semi = '\0';
	rec->level = (int)(strtol(line, &p, 10) & 7);
	rec->ts_us = 0;
	if (*p == ',') {
		strtoull(p + 1, &p, 10);	/* sequence number */
		if (*p == ',')
			rec->ts_us = strtoull(p + 1, NULL, 10);
	}
	rec->text = semi + 1;
	/* 'sysrq m' logs one record of many lines */
	kpdb_kmsg_lines(semi + 1);
	return true;
}

int kpdb_sysrq_trigger(const char *proc_dir, const char *kmsg, char c,
		       void (*fn)(const struct kpdb_kmsg *rec, void *arg), void *arg,
		       struct kpdb_err *err)
{
	char path[PATH_MAX], buf[8192], pending[8192];
	unsigned long long start, last, now;
	size_t plen = 0;
	int kfd, tfd, count = 0;

	kfd = open(kmsg, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kfd < 0)
		return kpdb_err_set(err, "cannot read the kernel log '%s': %s", kmsg,
				    strerror(errno));
	/* only what the key produces: start after the last record */
	if (lseek(kfd, 0, SEEK_END) < 0) {
		kpdb_err_set(err, "cannot seek in the kernel log '%s': %s", kmsg,
			     strerror(errno));
		close(kfd);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/sysrq-trigger", proc_dir);
	tfd = open(path, O_WRONLY | O_CLOEXEC);
	if (tfd < 0 || write(tfd, &c, 1) != 1) {
		kpdb_err_set(err, "cannot write '%s': %s%s", path, strerror(errno),
			     errno == EACCES || errno == EPERM ? " (sysrq needs root)" : "");
		if (tfd >= 0)
			close(tfd);
		close(kfd);
		return -1;
	}
	close(tfd);

	start = last = kpdb_mono_ms();
	for (;;) {
		ssize_t n = read(kfd, buf, sizeof(buf) - 1);

		now = kpdb_mono_ms();
		if (n > 0) {
			/* /dev/kmsg gives one record per read; a plain file (tests)
			 * gives many, maybe cut in the middle of one */
			char *p = buf, *nl;

			buf[n] = '\0';
			while (*p) {
				struct kpdb_kmsg rec;

				nl = strchr(p, '\n');
				if (!nl) {
					size_t len = strlen(p);

					if (plen + len < sizeof(pending)) {
						memcpy(pending + plen, p, len);
						plen += len;
					}
					break;
				}
				*nl = '\0';
				if (plen) {
					char line[sizeof(pending) + sizeof(buf)];

					snprintf(line, sizeof(line), "%.*s%s", (int)plen,
						 pending, p);
					plen = 0;
					if (parse_record(line, &rec)) {
						fn(&rec, arg);
						count++;
					}
				} else if (parse_record(p, &rec)) {
					fn(&rec, arg);
					count++;
				}
				p = nl + 1;
			}
			last = now;
			continue;
		}
		if (n < 0 && errno == EPIPE)
			continue;	/* records overwritten before we read them */
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			kpdb_err_set(err, "cannot read the kernel log '%s': %s", kmsg,
				     strerror(errno));
			close(kfd);
			return -1;
		}
		if (now - start >= TOTAL_MS)
			break;
		if (count ? now - last >= QUIET_MS : now - start >= FIRST_WAIT_MS)
			break;
		{
			struct timespec ts = { 0, 20 * 1000 * 1000 };

			nanosleep(&ts, NULL);
		}
	}
	close(kfd);
	return count;
}
