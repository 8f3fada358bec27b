// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * faketfs-lt - drive libtracefs against a tracing directory, one call per
 * run, for tests/faketfs-selftest.sh:
 *
 *   faketfs-lt DIR COMMAND [ARGS...]
 *
 * Commands mirror what kpdb's backend does: instance-create NAME,
 * instance-destroy NAME, kprobe GRP EV ADDR [FORMAT], kretprobe GRP EV ADDR
 * [FORMAT], destroy GRP EV [force], list GRP, enable INST GRP EV,
 * disable INST GRP EV, is-enabled INST GRP EV, filter INST GRP EV FILTER,
 * formats GRP, error-last, error-clear, read INST FILE, write INST FILE DATA.
 * INST "-" is the top instance.  Plain system calls on DIR/PATH, printing
 * "ok" or the errno name (the shell's messages differ between shells):
 * put PATH DATA (O_WRONLY, no O_TRUNC, as echo >>), trunc PATH (O_TRUNC),
 * mkdir PATH, rmdir PATH.  Exit status 0 on success, 1 on failure.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* strerrorname_np() */
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tracefs.h>

static struct tracefs_instance *inst_of(const char *name)
{
	struct tracefs_instance *inst;

	if (!strcmp(name, "-"))
		return NULL;
	inst = tracefs_instance_alloc(NULL, name);
	if (!inst) {
		fprintf(stderr, "no instance %s\n", name);
		exit(1);
	}
	return inst;
}

static int fail(const char *what)
{
	int err = errno;	/* tracefs_error_last() clears errno */
	char *log = tracefs_error_last(NULL);

	printf("%s failed: %s\n", what, strerror(err));
	if (log)
		printf("%s\n", log);
	free(log);
	return 1;
}

static struct tracefs_dynevent *find_probe(const char *grp, const char *ev)
{
	struct tracefs_dynevent **all, *found = NULL;
	int i, n = 0;

	all = tracefs_dynevent_get_all(TRACEFS_DYNEVENT_KPROBE | TRACEFS_DYNEVENT_KRETPROBE, grp);
	while (all && all[n])
		n++;
	for (i = 0; i < n; i++) {
		char *name = NULL;
		int match;

		tracefs_dynevent_info(all[i], NULL, &name, NULL, NULL, NULL);
		match = name && !strcmp(name, ev);
		free(name);
		if (match) {
			found = all[i];
			/* keep it out of the list that is freed */
			memmove(&all[i], &all[i + 1], sizeof(*all) * (n - i));
			break;
		}
	}
	tracefs_dynevent_list_free(all);
	return found;
}

/* Fill a record for @ev with known values and print it as trace-cmd would. */
static void print_sample(struct tep_handle *tep, struct tep_event *ev)
{
	struct tep_format_field **fields = tep_event_fields(ev), **common;
	unsigned char data[4096] = { 0 };
	struct tep_record rec = { 0 };
	struct trace_seq s;
	int i, end = 0;

	common = tep_event_common_fields(ev);
	for (i = 0; common && common[i]; i++) {
		if (!strcmp(common[i]->name, "common_type"))
			*(unsigned short *)(data + common[i]->offset) = ev->id;
		if (common[i]->offset + common[i]->size > end)
			end = common[i]->offset + common[i]->size;
	}
	for (i = 0; fields && fields[i]; i++) {
		if (fields[i]->offset + fields[i]->size > end)
			end = fields[i]->offset + fields[i]->size;
	}
	for (i = 0; fields && fields[i]; i++) {
		struct tep_format_field *f = fields[i];
		unsigned long long v = 0x10 + i;

		if (f->flags & TEP_FIELD_IS_DYNAMIC) {
			char str[32];
			unsigned int len = snprintf(str, sizeof(str), "str%d", i) + 1;

			memcpy(data + end, str, len);
			*(unsigned int *)(data + f->offset) = (len << 16) | end;
			end += len;
			continue;
		}
		if (f->flags & TEP_FIELD_IS_ARRAY) {
			unsigned int j;

			for (j = 0; j < f->arraylen; j++)
				data[f->offset + j * f->elementsize] = j + 1;
			continue;
		}
		memcpy(data + f->offset, &v, f->size > 8 ? 8 : f->size);
	}
	rec.data = data;
	rec.size = end;
	trace_seq_init(&s);
	tep_print_event(tep, &s, &rec, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(&s);
	printf("  sample: %s\n", s.buffer);
	trace_seq_destroy(&s);
	free(fields);
	free(common);
}

static int formats(const char *dir, const char *grp)
{
	const char *systems[] = { grp, NULL };
	struct tep_handle *tep;
	char **events;
	int i, j, ret = 0;

	tep = tracefs_local_events_system(dir, systems);
	if (!tep)
		return fail("tracefs_local_events_system");
	events = tracefs_system_events(dir, grp);
	for (i = 0; events && events[i]; i++) {
		struct tep_event *ev = tep_find_event_by_name(tep, grp, events[i]);
		struct tep_format_field **fields;

		if (!ev || (ev->flags & TEP_EVENT_FL_FAILED)) {
			printf("%s/%s: PARSE FAILED\n", grp, events[i]);
			ret = 1;
			continue;
		}
		printf("%s/%s id=%d\n", grp, events[i], ev->id);
		fields = tep_event_fields(ev);
		for (j = 0; fields && fields[j]; j++)
			printf("  %s %s offset=%d size=%d%s%s%s\n", fields[j]->type,
			       fields[j]->name, fields[j]->offset, fields[j]->size,
			       fields[j]->flags & TEP_FIELD_IS_SIGNED ? " signed" : "",
			       fields[j]->flags & TEP_FIELD_IS_DYNAMIC ? " dynamic" : "",
			       fields[j]->flags & TEP_FIELD_IS_ARRAY ? " array" : "");
		free(fields);
		print_sample(tep, ev);
	}
	tracefs_list_free(events);
	tep_free(tep);
	return ret;
}

static int filter(const char *dir, const char *inst, const char *grp, const char *evname,
		  const char *text)
{
	const char *systems[] = { grp, NULL };
	struct tracefs_instance *in = inst_of(inst);
	struct tep_handle *tep;
	struct tep_event *ev;
	char *err = NULL;
	int ret;

	tep = tracefs_local_events_system(dir, systems);
	ev = tep ? tep_find_event_by_name(tep, grp, evname) : NULL;
	if (!ev)
		return fail("find event");
	if (tracefs_filter_string_verify(ev, text, &err) < 0)
		printf("libtracefs rejects the filter: %s\n", err ? err : "?");
	free(err);
	ret = tracefs_event_filter_apply(in, ev, text);
	tracefs_instance_free(in);
	tep_free(tep);
	if (ret < 0)
		return fail("tracefs_event_filter_apply");
	printf("filter applied (%d)\n", ret);
	return 0;
}

/* put, trunc, mkdir, rmdir: one system call's outcome */
static int syscall_cmd(const char *dir, const char *cmd, int argc, char **argv)
{
	char path[4096];
	int fd, ret;

	snprintf(path, sizeof(path), "%s/%s", dir, argv[0]);
	if (!strcmp(cmd, "mkdir")) {
		ret = mkdir(path, 0755);
	} else if (!strcmp(cmd, "rmdir")) {
		ret = rmdir(path);
	} else {
		fd = open(path, O_WRONLY | (!strcmp(cmd, "trunc") ? O_TRUNC : 0));
		ret = fd < 0 ? -1 : 0;
		if (fd >= 0 && argc > 1) {
			size_t len = strlen(argv[1]);

			ret = write(fd, argv[1], len) == (ssize_t)len ? 0 : -1;
		}
		if (fd >= 0) {
			int e = errno;

			close(fd);
			errno = e;
		}
	}
	printf("%s\n", ret ? strerrorname_np(errno) : "ok");
	return ret ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct tracefs_dynevent *dyn;
	struct tracefs_instance *in;
	const char *cmd;
	char *s;
	int ret = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: faketfs-lt DIR COMMAND [ARGS...]\n");
		return 2;
	}
	if (tracefs_set_tracing_dir(argv[1]))
		return 1;
	cmd = argv[2];
	if ((!strcmp(cmd, "put") && argc == 5) ||
	    ((!strcmp(cmd, "trunc") || !strcmp(cmd, "mkdir") || !strcmp(cmd, "rmdir")) &&
	     argc == 4))
		return syscall_cmd(argv[1], cmd, argc - 3, argv + 3);
	argc -= 3;
	argv += 3;
	if (!strcmp(cmd, "instance-create") && argc == 1) {
		in = tracefs_instance_create(argv[0]);
		if (!in)
			return fail("tracefs_instance_create");
		printf("instance %s %s\n", argv[0], tracefs_instance_is_new(in) ? "created" :
		       "existed");
		tracefs_instance_free(in);
	} else if (!strcmp(cmd, "instance-destroy") && argc == 1) {
		in = inst_of(argv[0]);
		ret = tracefs_instance_destroy(in);
		tracefs_instance_free(in);
		if (ret)
			return fail("tracefs_instance_destroy");
		printf("instance %s destroyed\n", argv[0]);
	} else if ((!strcmp(cmd, "kprobe") || !strcmp(cmd, "kretprobe")) && argc >= 3) {
		if (cmd[1] == 'p')
			dyn = tracefs_kprobe_alloc(argv[0], argv[1], argv[2],
						   argc > 3 ? argv[3] : NULL);
		else
			dyn = tracefs_kretprobe_alloc(argv[0], argv[1], argv[2],
						      argc > 3 ? argv[3] : NULL, 0);
		if (!dyn)
			return fail("alloc");
		ret = tracefs_dynevent_create(dyn);
		tracefs_dynevent_free(dyn);
		if (ret)
			return fail("tracefs_dynevent_create");
		printf("created %s/%s\n", argv[0], argv[1]);
	} else if (!strcmp(cmd, "destroy") && argc >= 2) {
		dyn = find_probe(argv[0], argv[1]);
		if (!dyn) {
			printf("no probe %s/%s\n", argv[0], argv[1]);
			return 1;
		}
		ret = tracefs_dynevent_destroy(dyn, argc > 2 && !strcmp(argv[2], "force"));
		tracefs_dynevent_free(dyn);
		if (ret)
			return fail("tracefs_dynevent_destroy");
		printf("destroyed %s/%s\n", argv[0], argv[1]);
	} else if (!strcmp(cmd, "list") && argc == 1) {
		struct tracefs_dynevent **all;
		int i;

		all = tracefs_dynevent_get_all(TRACEFS_DYNEVENT_KPROBE |
					       TRACEFS_DYNEVENT_KRETPROBE, argv[0]);
		for (i = 0; all && all[i]; i++) {
			char *sys, *ev, *prefix, *addr, *fmt;
			int t = tracefs_dynevent_info(all[i], &sys, &ev, &prefix, &addr, &fmt);

			printf("%s %s/%s %s %s (type %d)\n", prefix, sys, ev, addr,
			       fmt ? fmt : "", t);
			free(sys);
			free(ev);
			free(prefix);
			free(addr);
			free(fmt);
		}
		tracefs_dynevent_list_free(all);
	} else if ((!strcmp(cmd, "enable") || !strcmp(cmd, "disable")) && argc == 3) {
		in = inst_of(argv[0]);
		if (cmd[0] == 'e')
			ret = tracefs_event_enable(in, argv[1], argv[2]);
		else
			ret = tracefs_event_disable(in, argv[1], argv[2]);
		tracefs_instance_free(in);
		if (ret)
			return fail(cmd);
		printf("%sd %s/%s\n", cmd, argv[1], argv[2]);
	} else if (!strcmp(cmd, "is-enabled") && argc == 3) {
		in = inst_of(argv[0]);
		ret = tracefs_event_is_enabled(in, argv[1], argv[2]);
		tracefs_instance_free(in);
		printf("%s\n", ret == TRACEFS_ALL_ENABLED ? "enabled" :
		       ret == TRACEFS_ALL_DISABLED ? "disabled" :
		       ret == TRACEFS_SOME_ENABLED ? "some" : "error");
		return ret == TRACEFS_ERROR;
	} else if (!strcmp(cmd, "filter") && argc == 4) {
		return filter(tracefs_tracing_dir(), argv[0], argv[1], argv[2], argv[3]);
	} else if (!strcmp(cmd, "formats") && argc == 1) {
		return formats(tracefs_tracing_dir(), argv[0]);
	} else if (!strcmp(cmd, "error-last") && argc == 0) {
		s = tracefs_error_last(NULL);
		printf("%s\n", s ? s : "(empty)");
		free(s);
	} else if (!strcmp(cmd, "error-clear") && argc == 0) {
		if (tracefs_error_clear(NULL))
			return fail("tracefs_error_clear");
	} else if (!strcmp(cmd, "read") && argc == 2) {
		in = inst_of(argv[0]);
		s = tracefs_instance_file_read(in, argv[1], NULL);
		tracefs_instance_free(in);
		if (!s)
			return fail("read");
		fputs(s, stdout);
		free(s);
	} else if (!strcmp(cmd, "write") && argc == 3) {
		in = inst_of(argv[0]);
		ret = tracefs_instance_file_write(in, argv[1], argv[2]);
		tracefs_instance_free(in);
		if (ret < 0)
			return fail("write");
		printf("wrote %d\n", ret);
	} else {
		fprintf(stderr, "faketfs-lt: bad command '%s'\n", cmd);
		return 2;
	}
	return 0;
}
