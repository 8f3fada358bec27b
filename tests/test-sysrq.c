// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-sysrq.c - the key table against the kernel's mask rules, and
 * triggering a key in a fake proc directory whose sysrq-trigger is a FIFO
 * read by a stand-in kernel that then appends to a fake /dev/kmsg.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "sysrq.h"

static char root[128];
static char kmsg[256];

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	char path[256];

	snprintf(root, sizeof(root), "/tmp/kpdb-test-sysrq-XXXXXX");
	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/sys", root);
	mkdir(path, 0755);
	strcat(path, "/kernel");
	mkdir(path, 0755);
	strcat(path, "/sysrq");
	write_text(path, "438\n");
	snprintf(kmsg, sizeof(kmsg), "%s/kmsg", root);
	/* an older record: it must not be shown */
	write_text(kmsg, "6,1,1000,-;an old message\n");
	return 0;
}

static int teardown(void **state)
{
	char cmd[200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static void test_table(void **state)
{
	const char *destructive = "bcefgikou";

	for (size_t i = 0; i < kpdb_sysrq_nkeys; i++) {
		const struct kpdb_sysrq_key *k = &kpdb_sysrq_keys[i];

		assert_ptr_equal(kpdb_sysrq_key(k->key), k);
		assert_int_equal(k->destructive, strchr(destructive, k->key) != NULL);
	}
	assert_ptr_equal(kpdb_sysrq_key('7'), kpdb_sysrq_key('0'));
	assert_string_equal(kpdb_sysrq_key('m')->name, "show-memory-usage");
	assert_null(kpdb_sysrq_key('a'));
	assert_null(kpdb_sysrq_key('x'));
	assert_null(kpdb_sysrq_key('B'));
	assert_null(kpdb_sysrq_key(';'));
}

/* 0 = none, 1 = all, else per group; Debian's 0x1b6 has no dump or signal group. */
static void test_mask(void **state)
{
	unsigned long debian = 0x1b6;

	assert_true(kpdb_sysrq_allowed(1, kpdb_sysrq_key('t')));
	assert_true(kpdb_sysrq_allowed(1, kpdb_sysrq_key('q')));
	assert_false(kpdb_sysrq_allowed(0, kpdb_sysrq_key('s')));
	assert_false(kpdb_sysrq_allowed(0, kpdb_sysrq_key('h')));
	assert_true(kpdb_sysrq_allowed(debian, kpdb_sysrq_key('s')));
	assert_true(kpdb_sysrq_allowed(debian, kpdb_sysrq_key('b')));
	assert_true(kpdb_sysrq_allowed(debian, kpdb_sysrq_key('u')));
	assert_true(kpdb_sysrq_allowed(debian, kpdb_sysrq_key('5')));
	assert_true(kpdb_sysrq_allowed(debian, kpdb_sysrq_key('h')));
	assert_false(kpdb_sysrq_allowed(debian, kpdb_sysrq_key('m')));
	assert_false(kpdb_sysrq_allowed(debian, kpdb_sysrq_key('e')));
	/* keys without a group need the mask to be 1 */
	assert_false(kpdb_sysrq_allowed(0x1fe, kpdb_sysrq_key('q')));
	assert_true(kpdb_sysrq_allowed(KPDB_SYSRQ_DUMP, kpdb_sysrq_key('m')));
	assert_false(kpdb_sysrq_allowed(KPDB_SYSRQ_DUMP, kpdb_sysrq_key('s')));
}

static void test_read_mask(void **state)
{
	struct kpdb_err err = { "" };
	unsigned long mask = 0;
	char path[256];

	assert_int_equal(kpdb_sysrq_mask(root, &mask, &err), 0);
	assert_int_equal(mask, 438);
	snprintf(path, sizeof(path), "%s/sys/kernel/sysrq", root);
	write_text(path, "junk\n");
	assert_int_equal(kpdb_sysrq_mask(root, &mask, &err), -1);
	assert_non_null(strstr(err.msg, "not a number"));
	unlink(path);
	assert_int_equal(kpdb_sysrq_mask(root, &mask, &err), -1);
	assert_non_null(strstr(err.msg, "CONFIG_MAGIC_SYSRQ"));
}

struct got {
	int n;
	char text[8][128];
	int level[8];
	unsigned long long ts[8];
};

static void on_rec(const struct kpdb_kmsg *rec, void *arg)
{
	struct got *g = arg;

	if (g->n < 8) {
		snprintf(g->text[g->n], sizeof(g->text[0]), "%s", rec->text);
		g->level[g->n] = rec->level;
		g->ts[g->n] = rec->ts_us;
	}
	g->n++;
}

/* The stand-in kernel: read the key, log what the real one would. */
static void fake_kernel(const char *trigger)
{
	char key = 0;
	int fd = open(trigger, O_RDONLY);
	FILE *f;

	if (fd < 0 || read(fd, &key, 1) != 1)
		_exit(1);
	close(fd);
	f = fopen(kmsg, "a");
	if (!f)
		_exit(1);
	fprintf(f, "6,2,2000,-;sysrq: HELP : loglevel(0-9) reboot(b) key=%c\n", key);
	fprintf(f, " SUBSYSTEM=tty\n");
	fflush(f);
	usleep(100 * 1000);
	fprintf(f, "4,3,2500,-;second line; with a semicolon\n");
	fclose(f);
	_exit(0);
}

static void test_trigger(void **state)
{
	struct kpdb_err err = { "" };
	struct got g = { 0 };
	char trigger[256];
	int status;
	pid_t pid;

	snprintf(trigger, sizeof(trigger), "%s/sysrq-trigger", root);
	assert_int_equal(mkfifo(trigger, 0600), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		fake_kernel(trigger);
	assert_int_equal(kpdb_sysrq_trigger(root, kmsg, 'h', on_rec, &g, &err), 2);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.text[0], "sysrq: HELP : loglevel(0-9) reboot(b) key=h");
	assert_int_equal(g.level[0], 6);
	assert_int_equal(g.ts[0], 2000);
	assert_string_equal(g.text[1], "second line; with a semicolon");
	assert_int_equal(g.level[1], 4);
}

static void test_trigger_errors(void **state)
{
	struct kpdb_err err = { "" };
	struct got g = { 0 };
	char path[256];

	/* no sysrq-trigger at all */
	assert_int_equal(kpdb_sysrq_trigger(root, kmsg, 'h', on_rec, &g, &err), -1);
	assert_non_null(strstr(err.msg, "sysrq-trigger"));
	snprintf(path, sizeof(path), "%s/nokmsg", root);
	assert_int_equal(kpdb_sysrq_trigger(root, path, 'h', on_rec, &g, &err), -1);
	assert_non_null(strstr(err.msg, "kernel log"));
	assert_int_equal(g.n, 0);
}

static void test_kmsg_path(void **state)
{
	unsetenv("KPDB_KMSG");
	assert_string_equal(kpdb_sysrq_kmsg_path(), "/dev/kmsg");
	setenv("KPDB_KMSG", "/tmp/x", 1);
	assert_string_equal(kpdb_sysrq_kmsg_path(), "/tmp/x");
	unsetenv("KPDB_KMSG");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_mask),
		cmocka_unit_test_setup_teardown(test_read_mask, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trigger, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trigger_errors, setup, teardown),
		cmocka_unit_test(test_kmsg_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
