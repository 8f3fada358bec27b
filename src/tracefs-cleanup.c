// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tracefs-cleanup.c - sessions that died without cleaning up: finding them
 * (--cleanup lists kpdb_<pid> names whose pid is gone) and removing what
 * they left, in the order the kernel accepts.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tracefs-priv.h"

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool session_name(const char *name, pid_t *pid)
{
	char *end;
	long v;

	if (strncmp(name, "kpdb_", 5) || !isdigit((unsigned char)name[5]))
		return false;
	v = strtol(name + 5, &end, 10);
	if (*end || v <= 0 || v > 0x7fffffff)
		return false;
	*pid = (pid_t)v;
	return true;
}

static bool pid_is_kpdb(pid_t pid)
{
	char path[64], comm[64] = "";
	FILE *f;

	/* this process, whatever its name (valgrind's memcheck-amd64-) */
	if (pid == getpid())
		return true;
	if (kill(pid, 0) < 0 && errno == ESRCH)
		return false;
	/* a live pid may have been reused by another program */
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return true;
	if (!fgets(comm, sizeof(comm), f))
		comm[0] = '\0';
	fclose(f);
	return strncmp(comm, "kpdb", 4) == 0 || strncmp(comm, "lt-kpdb", 7) == 0;
}

static int add_name(char ***v, size_t *n, const char *name)
{
	char **nv;

	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i], name))
			return 0;
	nv = realloc(*v, (*n + 2) * sizeof(*nv));
	if (!nv)
		return -1;
	*v = nv;
	nv[*n] = strdup(name);
	if (!nv[*n])
		return -1;
	nv[++*n] = NULL;
	return 0;
}

static int scan_sessions(const char *dir, char ***v, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	pid_t pid;

	if (!d)
		return errno == ENOENT ? 0 : -1;
	while ((de = readdir(d)))
		if (session_name(de->d_name, &pid) && !pid_is_kpdb(pid) &&
		    add_name(v, n, de->d_name) < 0)
			break;
	closedir(d);
	return 0;
}

/* Synthetic events "kpdb_<pid>_NAME" whose session is dead. */
static void scan_synths(const char *path, char ***v, size_t *n)
{
	char *text = tfs_slurp(path), *line, *save = NULL;

	for (line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char name[64];
		size_t len = strncmp(line, "kpdb_", 5) ? 0 : 5 + strspn(line + 5, "0123456789");
		pid_t pid;

		if (len <= 5 || line[len] != '_' || len >= sizeof(name))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)len, line);
		if (session_name(name, &pid) && !pid_is_kpdb(pid) && add_name(v, n, name) < 0)
			break;
	}
	free(text);
}

char **kpdb_tfs_stale_sessions(const char *dir, struct kpdb_err *err)
{
	const char *root = dir ? dir : tfs_find_mounted();
	char **v = calloc(1, sizeof(char *));
	size_t n = 0;
	char *p;

	if (!v) {
		kpdb_err_set(err, "out of memory");
		return NULL;
	}
	if (!root) {
		free(v);
		kpdb_err_set(err, "tracefs is not mounted (mount -t tracefs nodev /sys/kernel/tracing)");
		return NULL;
	}
	p = tfs_path_join(root, "events");
	if (p)
		scan_sessions(p, &v, &n);
	free(p);
	p = tfs_path_join(root, "instances");
	if (p)
		scan_sessions(p, &v, &n);
	free(p);
	p = tfs_path_join(root, SYNTH_EVENTS);
	if (p)
		scan_synths(p, &v, &n);
	free(p);
	return v;
}

static int append_report(char **report, const char *what, const char *a, const char *b)
{
	char *line, *nr;

	if (asprintf(&line, "%s %s%s%s", what, a, b ? "/" : "", b ? b : "") < 0)
		return -1;
	if (asprintf(&nr, "%s%s\n", *report ? *report : "", line) < 0) {
		free(line);
		return -1;
	}
	free(line);
	free(*report);
	*report = nr;
	return 0;
}

/* Names of the subdirectories of @dir (a group's events), malloc'ed, NULL-terminated. */
static char **subdirs(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = calloc(1, sizeof(char *));
	size_t n = 0;

	while (v && d && (de = readdir(d))) {
		char *sub = tfs_path_join(dir, de->d_name);
		bool is = de->d_name[0] != '.' && sub && is_dir(sub);

		free(sub);
		if (is && add_name(&v, &n, de->d_name) < 0)
			break;
	}
	if (d)
		closedir(d);
	return v;
}

/* The synthetic events of session @name: "kpdb_12_lat1" for "kpdb_12". */
static char **session_synths(const char *name)
{
	char *text = tracefs_instance_file_read(NULL, SYNTH_EVENTS, NULL), *line, *save = NULL;
	char **v = calloc(1, sizeof(char *));
	size_t n = 0, len = strlen(name);

	for (line = text ? strtok_r(text, "\n", &save) : NULL; v && line;
	     line = strtok_r(NULL, "\n", &save)) {
		line[strcspn(line, " \t")] = '\0';
		if (!strncmp(line, name, len) && line[len] == '_' && add_name(&v, &n, line) < 0)
			break;
	}
	free(text);
	return v;
}

static void free_names(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

int kpdb_tfs_cleanup_session(const char *dir, const char *name, char **report,
			     struct kpdb_err *err)
{
	struct kpdb_tfs *tfs;
	struct tracefs_instance *inst = NULL;
	char **probes = NULL, **synths, *p;
	int ret = 0;
	pid_t pid;

	*report = NULL;
	if (!session_name(name, &pid))
		return kpdb_err_set(err, "'%s' is not a kpdb session name", name);
	/* act as that session: its group, its instance */
	if (kpdb_tfs_open(dir, name, &tfs, err) < 0)
		return -1;
	if (asprintf(&p, "%s/instances/%s", tfs->dir, name) >= 0) {
		if (is_dir(p)) {
			inst = tracefs_instance_alloc(tfs->dir, name);
			tfs->instance = inst;
		}
		free(p);
	}
	if (asprintf(&p, "%s/events/%s", tfs->dir, name) >= 0) {
		probes = subdirs(p);
		free(p);
	}
	synths = session_synths(name);
	/*
	 * The triggers of every event first, those that use another's
	 * variables (lat's onmatch) before those that define them: a probe
	 * with triggers, a synthetic event a trigger generates, an instance
	 * holding variables are all EBUSY to remove.
	 */
	for (int pass = 0; inst && pass < 2; pass++) {
		for (size_t i = 0; probes && probes[i]; i++)
			if (tfs_clear_read_triggers(tfs, name, probes[i], pass == 0, err) < 0)
				ret = -1;
		for (size_t i = 0; synths && synths[i]; i++)
			if (tfs_clear_read_triggers(tfs, SYNTH_SYSTEM, synths[i], pass == 0,
						    err) < 0)
				ret = -1;
	}
	for (size_t i = 0; synths && synths[i]; i++) {
		if (tfs_synth_remove(synths[i], err) < 0)
			ret = -1;
		else
			append_report(report, "synthetic event", synths[i], NULL);
	}
	for (size_t i = 0; probes && probes[i]; i++) {
		if (kpdb_tfs_probe_remove(tfs, probes[i], err) < 0)
			ret = -1;
		else
			append_report(report, "probe", name, probes[i]);
	}
	free_names(probes);
	free_names(synths);
	if (inst) {
		if (tracefs_instance_destroy(inst) < 0)
			ret = kpdb_err_set(err, "cannot remove tracing instance '%s': %s", name,
					   strerror(errno));
		else
			append_report(report, "instance", name, NULL);
	}
	kpdb_tfs_close(tfs, true, NULL);
	return ret;
}
