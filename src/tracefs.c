// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tracefs.c - the tracefs backend, the only libtracefs user: the session,
 * its probes and their triggers.  tracefs-symbols.c asks the kernel about a
 * function before a probe goes on it; tracefs-cleanup.c removes what dead
 * sessions left.
 *
 * Probes go into group kpdb_<pid> through the global kprobe_events (only our
 * own lines are ever written there) and are enabled only in the session's
 * instance kpdb_<pid>, so other tracing users are never disturbed.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tracefs-priv.h"

char *tfs_path_join(const char *a, const char *b)
{
	char *p;

	if (asprintf(&p, "%s/%s", a, b) < 0)
		return NULL;
	return p;
}

static bool file_exists(const char *dir, const char *name)
{
	char *p = tfs_path_join(dir, name);
	bool ret = p && access(p, F_OK) == 0;

	free(p);
	return ret;
}

const char *tfs_find_mounted(void)
{
	static const char *const dirs[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (file_exists(dirs[i], "trace") || file_exists(dirs[i], "available_events"))
			return dirs[i];
	return NULL;
}

/* Kernel lockdown (none/integrity/confidentiality) forbids kprobes. */
static int check_lockdown(struct kpdb_err *err)
{
	char buf[128] = "";
	int fd = open("/sys/kernel/security/lockdown", O_RDONLY);
	ssize_t n;
	char *sel, *end;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	sel = strchr(buf, '[');
	end = sel ? strchr(sel, ']') : NULL;
	if (!sel || !end)
		return 0;
	*end = '\0';
	if (strcmp(sel + 1, "none"))
		return kpdb_err_set(err, "kernel lockdown is '%s': kprobes are forbidden "
				    "(boot with lockdown=none or without Secure Boot)", sel + 1);
	return 0;
}

int kpdb_tfs_open(const char *dir, const char *group, struct kpdb_tfs **out,
		  struct kpdb_err *err)
{
	struct kpdb_tfs *tfs;
	const char *root = dir;

	*out = NULL;
	if (dir) {
		struct stat st;

		if (stat(dir, &st) < 0)
			return kpdb_err_set(err, "tracing directory '%s': %s", dir, strerror(errno));
		if (!S_ISDIR(st.st_mode))
			return kpdb_err_set(err, "tracing directory '%s' is not a directory", dir);
		if (access(dir, R_OK | W_OK | X_OK) < 0)
			return kpdb_err_set(err, "cannot use tracing directory '%s': %s", dir,
					    strerror(errno));
	} else {
		if (geteuid() != 0)
			return kpdb_err_set(err, "kprobes need root: run kpdb as root (sudo kpdb), "
					    "or use --dry-run to only print definitions");
		root = tfs_find_mounted();
		if (!root) {
			const char *path = NULL;

			/* root may mount it; libtracefs knows how */
			if (tracefs_tracing_dir_is_mounted(true, &path) < 0 || !path)
				return kpdb_err_set(err, "tracefs is not mounted and could not be "
						    "mounted: mount -t tracefs nodev /sys/kernel/tracing");
			root = path;
		}
		if (check_lockdown(err) < 0)
			return -1;
	}
	if (!file_exists(root, KPROBE_EVENTS))
		return kpdb_err_set(err, "this kernel has no kprobe_events in '%s' "
				    "(it needs CONFIG_KPROBE_EVENTS=y)", root);

	tfs = calloc(1, sizeof(*tfs));
	if (!tfs)
		return kpdb_err_set(err, "out of memory");
	tfs->dir = strdup(root);
	snprintf(tfs->group, sizeof(tfs->group), "%s", group);
	if (!tfs->dir || tracefs_set_tracing_dir(tfs->dir) < 0) {
		free(tfs->dir);
		free(tfs);
		return kpdb_err_set(err, "cannot use tracing directory '%s'", root);
	}
	*out = tfs;
	return 0;
}

const char *kpdb_tfs_dir(const struct kpdb_tfs *tfs)
{
	return tfs->dir;
}

const char *kpdb_tfs_instance_dir(const struct kpdb_tfs *tfs)
{
	/* not tracefs_instance_get_trace_dir(): that is the tracefs root */
	return tfs->instance_dir;
}

int kpdb_tfs_cmdlines_load(const char *dir, struct tep_handle *tep)
{
	return tracefs_load_cmdlines(dir, tep) < 0 ? -1 : 0;
}

/*
 * kpdb never traces itself: each read of the ring buffer is a read(2), and
 * a breakpoint on the read path would make every read a hit that wakes the
 * next read (2306 of 2309 hits of 'bp ksys_read' were kpdb's own in the
 * sandbox).  The instance ignores kpdb's pid, as trace-cmd does for itself;
 * the programs that go starts are other pids and are traced.  Kernels before
 * 5.8 have no set_event_notrace_pid: nothing to do there but carry on.
 */
static void exclude_self(struct kpdb_tfs *tfs)
{
	char pid[24];

	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	if (tracefs_instance_file_write(tfs->instance, "set_event_notrace_pid", pid) < 0) {
		/* an old kernel: hits of kpdb's own reads are possible there */
	}
}

static int ensure_instance(struct kpdb_tfs *tfs, struct kpdb_err *err)
{
	if (tfs->instance)
		return 0;
	tfs->instance = tracefs_instance_create(tfs->group);
	if (!tfs->instance)
		return kpdb_err_set(err, "cannot create tracing instance '%s': %s", tfs->group,
				    strerror(errno));
	if (asprintf(&tfs->instance_dir, "%s/instances/%s", tfs->dir, tfs->group) < 0) {
		tfs->instance_dir = NULL;
		return kpdb_err_set(err, "out of memory");
	}
	exclude_self(tfs);
	return 0;
}

/*
 * "[ 26.27] trace_kprobe: error: REASON\n  Command: ...\n  ^": the reason
 * is the headline; errno (EILSEQ, EINVAL) says less.
 */
static void log_reason(char *log, const char *what, int saved_errno, struct kpdb_err *err)
{
	size_t n = strlen(log);
	char *nl = strchr(log, '\n'), *why = strstr(log, "error: ");

	while (n && (log[n - 1] == '\n' || log[n - 1] == ' '))
		log[--n] = '\0';
	if (nl && why && why < nl) {
		*nl = '\0';
		kpdb_err_set(err, "the kernel rejected %s: %s\n%s", what, why + strlen("error: "),
			     nl + 1);
	} else {
		kpdb_err_set(err, "the kernel rejected %s (%s):\n%s", what, strerror(saved_errno),
			     log);
	}
}

/*
 * The kernel's own words for a rejected command, if the last error_log entry
 * is about our group (another tracer's error is not ours to show).
 */
static void kernel_reason(struct kpdb_tfs *tfs, const char *what, int saved_errno,
			  struct kpdb_err *err)
{
	char *log = tracefs_error_last(NULL);

	if (log && strstr(log, tfs->group))
		log_reason(log, what, saved_errno, err);
	else
		kpdb_err_set(err, "the kernel rejected %s: %s", what, strerror(saved_errno));
	free(log);
}

/*
 * A trigger is refused in the instance's own error_log ("hist:GRP:EV:
 * error: ..."): its last entry, if its command is @text, else the global one.
 */
static void trigger_reason(struct kpdb_tfs *tfs, const char *text, int saved_errno,
			   struct kpdb_err *err)
{
	char *log = tfs->instance ? tracefs_error_last(tfs->instance) : NULL;
	char *cmd = log ? strstr(log, "\n  Command: ") : NULL;
	size_t n = strlen(text);

	if (cmd && !strncmp(cmd + 12, text, n) && cmd[12 + n] == '\n')
		log_reason(log, "the trigger", saved_errno, err);
	else
		kernel_reason(tfs, "the trigger", saved_errno, err);
	free(log);
}

static int write_events(struct kpdb_tfs *tfs, const char *line)
{
	char *buf;
	int ret;

	if (asprintf(&buf, "%s\n", line) < 0)
		return -1;
	ret = tracefs_instance_file_append(NULL, KPROBE_EVENTS, buf);
	free(buf);
	return ret < 0 ? -1 : 0;
}

static struct tfs_event *find_event(struct kpdb_tfs *tfs, const char *event)
{
	for (size_t i = 0; i < tfs->nevents; i++)
		if (!strcmp(tfs->events[i].name, event))
			return &tfs->events[i];
	return NULL;
}

/* The events/ directory an event of ours is in: our group, or "synthetic". */
static const char *ev_system(struct kpdb_tfs *tfs, const char *event)
{
	struct tfs_event *ev = find_event(tfs, event);

	return ev && ev->synth ? SYNTH_SYSTEM : tfs->group;
}

static int event_file_write(struct kpdb_tfs *tfs, const char *event, const char *file,
			    const char *val)
{
	char *path;
	int ret;

	if (asprintf(&path, "events/%s/%s/%s", ev_system(tfs, event), event, file) < 0)
		return -1;
	ret = tracefs_instance_file_write(tfs->instance, path, val);
	free(path);
	return ret < 0 ? -1 : 0;
}

static int remove_line(struct kpdb_tfs *tfs, const char *event, struct kpdb_err *err)
{
	char *cmd;
	int ret;

	if (asprintf(&cmd, "-:%s/%s", tfs->group, event) < 0)
		return kpdb_err_set(err, "out of memory");
	ret = write_events(tfs, cmd);
	free(cmd);
	if (ret < 0) {
		if (errno == EBUSY)
			return kpdb_err_set(err, "probe '%s/%s' is busy: another tracer (perf, BPF, "
					    "an instance) is using it", tfs->group, event);
		return kpdb_err_set(err, "cannot remove probe '%s/%s': %s", tfs->group, event,
				    strerror(errno));
	}
	return 0;
}

int tfs_synth_remove(const char *name, struct kpdb_err *err)
{
	char *cmd;
	int ret;

	if (asprintf(&cmd, "!%s\n", name) < 0)
		return kpdb_err_set(err, "out of memory");
	ret = tracefs_instance_file_append(NULL, SYNTH_EVENTS, cmd);
	free(cmd);
	if (ret < 0 && errno != ENOENT) {
		if (errno == EBUSY)
			return kpdb_err_set(err, "synthetic event '%s' is busy: a trigger still "
					    "generates it, or another tracer uses it", name);
		return kpdb_err_set(err, "cannot remove synthetic event '%s': %s", name,
				    strerror(errno));
	}
	return 0;
}

static void free_triggers(struct tfs_event *ev)
{
	for (size_t i = 0; i < ev->ntriggers; i++)
		free(ev->triggers[i]);
	free(ev->triggers);
	ev->triggers = NULL;
	ev->ntriggers = 0;
}

static void forget_event(struct kpdb_tfs *tfs, const char *event)
{
	for (size_t i = 0; i < tfs->nevents; i++) {
		if (strcmp(tfs->events[i].name, event))
			continue;
		free_triggers(&tfs->events[i]);
		free(tfs->events[i].name);
		memmove(&tfs->events[i], &tfs->events[i + 1],
			(tfs->nevents - i - 1) * sizeof(*tfs->events));
		tfs->nevents--;
		return;
	}
}

static int clear_triggers(struct kpdb_tfs *tfs, struct tfs_event *ev, const char *event,
			  struct kpdb_err *err);

int kpdb_tfs_probe_add(struct kpdb_tfs *tfs, const char *event, const char *definition,
		       const char *filter, struct kpdb_err *err)
{
	return kpdb_tfs_probe_add_trigger(tfs, event, definition, filter, NULL, err);
}

/* The session instance, and room for one more event of ours. */
static int event_room(struct kpdb_tfs *tfs, struct kpdb_err *err)
{
	struct tfs_event *ev;

	if (ensure_instance(tfs, err) < 0)
		return -1;
	ev = realloc(tfs->events, (tfs->nevents + 1) * sizeof(*ev));
	if (!ev)
		return kpdb_err_set(err, "out of memory");
	tfs->events = ev;
	return 0;
}

/* Write @definition and remember @event, not enabled anywhere. */
static int define(struct kpdb_tfs *tfs, const char *event, const char *definition,
		  struct kpdb_err *err)
{
	/* the kernel would add it to the one there as a sibling probe, triggers and all */
	if (find_event(tfs, event))
		return kpdb_err_set(err, "a probe named '%s' already exists in this session",
				    event);
	if (event_room(tfs, err) < 0)
		return -1;
	if (write_events(tfs, definition) < 0) {
		int e = errno;

		if (e == EPERM)
			return kpdb_err_set(err, "the kernel refused the probe (EPERM): "
					    "kernel lockdown or a security module forbids kprobes");
		kernel_reason(tfs, "the probe definition", e, err);
		return -1;
	}
	memset(&tfs->events[tfs->nevents], 0, sizeof(*tfs->events));
	tfs->events[tfs->nevents].name = strdup(event);
	if (!tfs->events[tfs->nevents].name) {
		remove_line(tfs, event, NULL);
		return kpdb_err_set(err, "out of memory");
	}
	tfs->nevents++;
	return 0;
}

int kpdb_tfs_probe_define(struct kpdb_tfs *tfs, const char *event, const char *definition,
			  struct kpdb_err *err)
{
	return define(tfs, event, definition, err);
}

int kpdb_tfs_synth_add(struct kpdb_tfs *tfs, const char *name, const char *fields,
		       struct kpdb_err *err)
{
	char *line;
	int ret;

	if (event_room(tfs, err) < 0)
		return -1;
	if (asprintf(&line, "%s %s\n", name, fields) < 0)
		return kpdb_err_set(err, "out of memory");
	ret = tracefs_instance_file_append(NULL, SYNTH_EVENTS, line);
	free(line);
	if (ret < 0) {
		kernel_reason(tfs, "the synthetic event", errno, err);
		kpdb_err_prefix(err, "synthetic event '%s %s'", name, fields);
		return -1;
	}
	memset(&tfs->events[tfs->nevents], 0, sizeof(*tfs->events));
	tfs->events[tfs->nevents].name = strdup(name);
	tfs->events[tfs->nevents].synth = true;
	if (!tfs->events[tfs->nevents].name) {
		tfs_synth_remove(name, NULL);
		return kpdb_err_set(err, "out of memory");
	}
	tfs->nevents++;
	return 0;
}

int kpdb_tfs_probe_add_trigger(struct kpdb_tfs *tfs, const char *event, const char *definition,
			       const char *filter, const char *trigger, struct kpdb_err *err)
{
	if (define(tfs, event, definition, err) < 0)
		return -1;

	if (filter && event_file_write(tfs, event, "filter", filter) < 0) {
		int e = errno;

		kernel_reason(tfs, "the filter", e, err);
		kpdb_err_prefix(err, "filter '%s'", filter);
		goto undo;
	}
	/* before enabling: no hit comes without what the trigger adds */
	if (trigger && kpdb_tfs_trigger_add(tfs, event, trigger, err) < 0)
		goto undo;
	if (event_file_write(tfs, event, "enable", "1") < 0) {
		kpdb_err_set(err, "cannot enable '%s/%s' in instance '%s': %s", tfs->group, event,
			     tfs->group, strerror(errno));
		goto undo;
	}
	tfs->events[tfs->nevents - 1].enabled = true;
	return 0;
undo:
	/* nothing is left half-created */
	event_file_write(tfs, event, "enable", "0");
	if (find_event(tfs, event) && find_event(tfs, event)->ntriggers)
		clear_triggers(tfs, find_event(tfs, event), event, NULL);
	remove_line(tfs, event, NULL);
	forget_event(tfs, event);
	return -1;
}

int kpdb_tfs_probe_enable(struct kpdb_tfs *tfs, const char *event, bool on,
			  struct kpdb_err *err)
{
	struct tfs_event *ev = find_event(tfs, event);

	if (ensure_instance(tfs, err) < 0)
		return -1;
	if (event_file_write(tfs, event, "enable", on ? "1" : "0") < 0)
		return kpdb_err_set(err, "cannot %s '%s/%s': %s", on ? "enable" : "disable",
				    tfs->group, event, strerror(errno));
	if (ev)
		ev->enabled = on;
	return 0;
}

/* ---- event triggers --------------------------------------------------------- */

/* The command word of a trigger: "stacktrace", "hist", "traceon"... */
static size_t trigger_cmd_len(const char *t)
{
	return strcspn(t, ": \t\n");
}

static bool trigger_is(const char *t, const char *cmd)
{
	size_t n = trigger_cmd_len(t);

	return n == strlen(cmd) && !strncmp(t, cmd, n);
}

/*
 * The text that removes trigger @t: the kernel matches a stacktrace (and
 * every other simple trigger) by its command alone, a hist trigger by its
 * keys, values and sort, so it gets its whole definition back (as the
 * trigger file shows it, without the " [active]" state).
 */
static char *removal_text(const char *t)
{
	char *s, *state;

	if (!trigger_is(t, "hist")) {
		if (asprintf(&s, "!%.*s", (int)trigger_cmd_len(t), t) < 0)
			return NULL;
		return s;
	}
	if (asprintf(&s, "!%s", t) < 0)
		return NULL;
	s[strcspn(s, "\n")] = '\0';
	state = strstr(s, " [");
	if (state)
		*state = '\0';
	return s;
}

static int trigger_write_in(struct kpdb_tfs *tfs, const char *system, const char *event,
			    const char *text)
{
	char *path, *buf;
	int ret;

	if (asprintf(&path, "events/%s/%s/trigger", system, event) < 0)
		return -1;
	if (asprintf(&buf, "%s\n", text) < 0) {
		free(path);
		return -1;
	}
	/* O_APPEND: an O_TRUNC open of a trigger file removes all its triggers */
	ret = tracefs_instance_file_append(tfs->instance, path, buf);
	free(buf);
	free(path);
	return ret < 0 ? -1 : 0;
}

static int trigger_write(struct kpdb_tfs *tfs, const char *event, const char *text)
{
	return trigger_write_in(tfs, ev_system(tfs, event), event, text);
}

int kpdb_tfs_trigger_add(struct kpdb_tfs *tfs, const char *event, const char *trigger,
			 struct kpdb_err *err)
{
	struct tfs_event *ev = find_event(tfs, event);
	char **v, *copy;

	if (!ev)
		return kpdb_err_set(err, "no probe '%s' in this session", event);
	if (ensure_instance(tfs, err) < 0)
		return -1;
	v = realloc(ev->triggers, (ev->ntriggers + 1) * sizeof(*v));
	if (!v)
		return kpdb_err_set(err, "out of memory");
	ev->triggers = v;
	copy = strdup(trigger);
	if (!copy)
		return kpdb_err_set(err, "out of memory");
	if (trigger_write(tfs, event, trigger) < 0) {
		int e = errno;

		free(copy);
		trigger_reason(tfs, trigger, e, err);
		kpdb_err_prefix(err, "trigger '%s' on '%s/%s'", trigger, tfs->group, event);
		return -1;
	}
	ev->triggers[ev->ntriggers++] = copy;
	return 0;
}

const char *kpdb_tfs_trigger_find(struct kpdb_tfs *tfs, const char *event, const char *cmd)
{
	struct tfs_event *ev = find_event(tfs, event);

	for (size_t i = 0; ev && i < ev->ntriggers; i++)
		if (trigger_is(ev->triggers[i], cmd))
			return ev->triggers[i];
	return NULL;
}

int kpdb_tfs_trigger_remove(struct kpdb_tfs *tfs, const char *event, const char *cmd,
			    struct kpdb_err *err)
{
	struct tfs_event *ev = find_event(tfs, event);

	for (size_t i = 0; ev && i < ev->ntriggers; i++) {
		char *rm;

		if (!trigger_is(ev->triggers[i], cmd))
			continue;
		rm = removal_text(ev->triggers[i]);
		if (!rm)
			return kpdb_err_set(err, "out of memory");
		if (trigger_write(tfs, event, rm) < 0 && errno != ENOENT) {
			int e = errno;

			free(rm);
			return kpdb_err_set(err, "cannot remove the %s trigger of '%s/%s': %s",
					    cmd, tfs->group, event, strerror(e));
		}
		free(rm);
		free(ev->triggers[i]);
		memmove(&ev->triggers[i], &ev->triggers[i + 1],
			(ev->ntriggers - i - 1) * sizeof(*ev->triggers));
		ev->ntriggers--;
		i--;
	}
	return 0;
}

int kpdb_tfs_trigger_write(struct kpdb_tfs *tfs, const char *event, const char *text,
			   struct kpdb_err *err)
{
	if (ensure_instance(tfs, err) < 0)
		return -1;
	if (trigger_write(tfs, event, text) < 0) {
		trigger_reason(tfs, text, errno, err);
		kpdb_err_prefix(err, "trigger '%s' on '%s/%s'", text, tfs->group, event);
		return -1;
	}
	return 0;
}

bool kpdb_tfs_readme_has(struct kpdb_tfs *tfs, const char *text)
{
	char *readme = tracefs_instance_file_read(NULL, "README", NULL);
	bool has = readme && strstr(readme, text);

	free(readme);
	return has;
}

static char *event_read_in(struct kpdb_tfs *tfs, const char *system, const char *event,
			   const char *file, struct kpdb_err *err)
{
	char *path, *text;

	if (ensure_instance(tfs, err) < 0)
		return NULL;
	if (asprintf(&path, "events/%s/%s/%s", system, event, file) < 0) {
		kpdb_err_set(err, "out of memory");
		return NULL;
	}
	text = tracefs_instance_file_read(tfs->instance, path, NULL);
	if (!text)
		kpdb_err_set(err, "cannot read '%s' of instance '%s': %s", path, tfs->group,
			     strerror(errno));
	free(path);
	return text;
}

char *kpdb_tfs_event_read(struct kpdb_tfs *tfs, const char *event, const char *file,
			  struct kpdb_err *err)
{
	return event_read_in(tfs, ev_system(tfs, event), event, file, err);
}

/*
 * The triggers of an event we did not make (--cleanup of a dead session),
 * read back from its trigger file.  Those that use another's variables
 * ("$ts0", an onmatch() action) go first when @users_only: the kernel
 * refuses to remove a trigger whose variables are in use.
 */
int tfs_clear_read_triggers(struct kpdb_tfs *tfs, const char *system, const char *event,
			    bool users_only, struct kpdb_err *err)
{
	char *text, *line, *save = NULL;
	int ret = 0;

	text = event_read_in(tfs, system, event, "trigger", NULL);
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *rm;

		if (line[0] == '#' || !line[0] || (users_only && !strchr(line, '$')))
			continue;
		rm = removal_text(line);
		if (!rm || (trigger_write_in(tfs, system, event, rm) < 0 && errno != ENOENT))
			ret = kpdb_err_set(err, "cannot remove trigger '%s' of '%s/%s': %s", line,
					   system, event, strerror(errno));
		free(rm);
	}
	free(text);
	return ret;
}

/*
 * Remove every trigger of @event in the instance before the probe: the
 * kernel refuses (EBUSY) to remove a probe with triggers.  Ours are known;
 * a dead session's are read back from the trigger file.
 */
static int clear_triggers(struct kpdb_tfs *tfs, struct tfs_event *ev, const char *event,
			  struct kpdb_err *err)
{
	if (ev) {
		while (ev->ntriggers) {
			char cmd[64];
			const char *t = ev->triggers[0];

			snprintf(cmd, sizeof(cmd), "%.*s", (int)trigger_cmd_len(t), t);
			if (kpdb_tfs_trigger_remove(tfs, event, cmd, err) < 0)
				return -1;
		}
		return 0;
	}
	return tfs_clear_read_triggers(tfs, tfs->group, event, false, err);
}

int kpdb_tfs_probe_remove(struct kpdb_tfs *tfs, const char *event, struct kpdb_err *err)
{
	struct tfs_event *ev = find_event(tfs, event);

	if (tfs->instance && (!ev || ev->ntriggers) && clear_triggers(tfs, ev, event, err) < 0)
		return -1;
	if (ev && ev->synth) {
		if (tfs_synth_remove(event, err) < 0)
			return -1;
		forget_event(tfs, event);
		return 0;
	}

	/*
	 * Disable first: removing an enabled probe fails with EBUSY.  A probe
	 * of ours we know to be disabled is not written again; one we did not
	 * create (--cleanup of a dead session) always is.
	 */
	if (tfs->instance && (!ev || ev->enabled)) {
		if (event_file_write(tfs, event, "enable", "0") < 0 && errno != ENOENT)
			return kpdb_err_set(err, "cannot disable '%s/%s': %s", tfs->group, event,
					    strerror(errno));
		if (ev)
			ev->enabled = false;
	}
	if (remove_line(tfs, event, err) < 0)
		return -1;
	forget_event(tfs, event);
	return 0;
}

/*
 * kprobe_profile names events without their group, so two sessions' "bp1"
 * look alike there.  Both it and kprobe_events list kprobes in the same
 * order: zip them and pick the row whose definition is ours.
 */
int kpdb_tfs_probe_stats(struct kpdb_tfs *tfs, const char *event, unsigned long *hits,
			 unsigned long *misses)
{
	char *defs = tracefs_instance_file_read(NULL, KPROBE_EVENTS, NULL);
	char *prof = tracefs_instance_file_read(NULL, "kprobe_profile", NULL);
	char **dl = NULL, **pl = NULL, want[160];
	size_t nd = 0, np = 0;
	int ret = -1;

	snprintf(want, sizeof(want), "%s/%s", tfs->group, event);
	if (prof)
		np = tfs_split_lines(prof, &pl);
	if (defs)
		nd = tfs_split_lines(defs, &dl);
	for (size_t i = 0; i < np; i++) {
		char name[128];
		unsigned long h, m;

		if (sscanf(pl[i], " %127s %lu %lu", name, &h, &m) != 3)
			continue;
		if (nd == np) {
			const char *d = strchr(dl[i], ':');
			size_t wl = strlen(want);

			if (!d || strncmp(d + 1, want, wl) || !isspace((unsigned char)d[1 + wl]))
				continue;
		} else if (strcmp(name, event) && strcmp(name, want)) {
			continue;
		}
		*hits = h;
		*misses = m;
		ret = 0;
		break;
	}
	free(dl);
	free(pl);
	free(defs);
	free(prof);
	return ret;
}

int kpdb_tfs_close(struct kpdb_tfs *tfs, bool keep, struct kpdb_err *err)
{
	int ret = 0;

	if (!tfs)
		return 0;
	if (!keep) {
		while (tfs->nevents) {
			char *ev = strdup(tfs->events[tfs->nevents - 1].name);

			if (!ev || kpdb_tfs_probe_remove(tfs, ev, err) < 0) {
				/* keep going: remove what can be removed */
				ret = -1;
				free(tfs->events[--tfs->nevents].name);
			}
			free(ev);
		}
		if (tfs->instance && tracefs_instance_destroy(tfs->instance) < 0) {
			ret = kpdb_err_set(err, "cannot remove tracing instance '%s': %s",
					   tfs->group, strerror(errno));
		}
	}
	if (tfs->instance)
		tracefs_instance_free(tfs->instance);
	for (size_t i = 0; i < tfs->nevents; i++) {
		free_triggers(&tfs->events[i]);
		free(tfs->events[i].name);
	}
	free(tfs->events);
	tfs_symbols_free(tfs);
	free(tfs->instance_dir);
	free(tfs->dir);
	free(tfs);
	/* libtracefs keeps its own copy of the directory: no leak at exit */
	tracefs_set_tracing_dir(NULL);
	return ret;
}

