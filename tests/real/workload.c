// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * workload - the system calls the real-kernel scenarios probe, made on demand.
 *
 * Built with `gcc -static` and put on the guest's PATH, because busybox's nc
 * speaks neither IPv6 nor unix sockets and its su needs a passwd database.
 * Every action prints one line saying what it did and what the kernel
 * answered, so a scenario can compare kpdb's decoded values with it.
 *
 *   workload [-q] [-n COUNT] connect ADDR PORT   AF_INET or AF_INET6 by ADDR's form
 *   workload [-q] [-n COUNT] connect-unix PATH
 *   workload [-q] [-n COUNT] setuid UID
 *   workload [-q] [-n COUNT] open PATH
 *   workload exec PROGRAM [ARG]...          execve(2), PATH searched
 *   workload [-q] [-n COUNT] sleep MS
 *
 * -q: print nothing (for scenarios that check kpdb's own stdout, which the
 * programs kpdb starts share).
 *
 * Exit status 0 when every call was made (a refused connect is a made call),
 * 2 on bad usage, 1 when an action could not be attempted.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static int quiet;

static int usage(void)
{
	fprintf(stderr,
		"usage: workload [-q] [-n COUNT] connect ADDR PORT\n"
		"       workload [-q] [-n COUNT] connect-unix PATH\n"
		"       workload [-q] [-n COUNT] setuid UID\n"
		"       workload [-q] [-n COUNT] open PATH\n"
		"       workload [-q] [-n COUNT] sleep MS\n"
		"       workload [-q] exec PROGRAM [ARG]...\n");
	return 2;
}

static void report(const char *what, int ret)
{
	if (quiet)
		return;
	if (ret < 0)
		printf("%s = -1 %s (%s)\n", what, strerror(errno), strerrorname_np(errno));
	else
		printf("%s = %d\n", what, ret);
	fflush(stdout);
}

static int do_connect(const char *addr, const char *port)
{
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in s4 = { .sin_family = AF_INET };
	struct sockaddr *sa;
	socklen_t len;
	char what[128];
	int fd, ret;

	if (inet_pton(AF_INET, addr, &s4.sin_addr) == 1) {
		s4.sin_port = htons(atoi(port));
		sa = (struct sockaddr *)&s4;
		len = sizeof(s4);
	} else if (inet_pton(AF_INET6, addr, &s6.sin6_addr) == 1) {
		s6.sin6_port = htons(atoi(port));
		sa = (struct sockaddr *)&s6;
		len = sizeof(s6);
	} else {
		fprintf(stderr, "workload: bad address '%s'\n", addr);
		return 1;
	}
	fd = socket(sa->sa_family, SOCK_STREAM, 0);
	if (fd < 0) {
		perror("workload: socket");
		return 1;
	}
	ret = connect(fd, sa, len);
	snprintf(what, sizeof(what), "connect(%s, %s)", addr, port);
	report(what, ret);
	close(fd);
	return 0;
}

static int do_connect_unix(const char *path)
{
	struct sockaddr_un su = { .sun_family = AF_UNIX };
	char what[160];
	int fd, ret;

	if (strlen(path) >= sizeof(su.sun_path)) {
		fprintf(stderr, "workload: path too long '%s'\n", path);
		return 1;
	}
	strcpy(su.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0) {
		perror("workload: socket");
		return 1;
	}
	ret = connect(fd, (struct sockaddr *)&su, sizeof(su));
	snprintf(what, sizeof(what), "connect(unix:%s)", path);
	report(what, ret);
	close(fd);
	return 0;
}

static int do_open(const char *path)
{
	char what[160];
	int fd;

	fd = open(path, O_RDONLY);
	snprintf(what, sizeof(what), "open(%s)", path);
	report(what, fd);
	if (fd >= 0)
		close(fd);
	return 0;
}

static int do_setuid(const char *uid)
{
	char what[64];

	snprintf(what, sizeof(what), "setuid(%s)", uid);
	report(what, setuid((uid_t)strtoul(uid, NULL, 10)));
	return 0;
}

static int do_sleep(const char *ms)
{
	long v = atol(ms);
	struct timespec ts = { .tv_sec = v / 1000, .tv_nsec = (v % 1000) * 1000000 };

	nanosleep(&ts, NULL);
	return 0;
}

int main(int argc, char **argv)
{
	long count = 1, i;
	const char *act;
	int ret = 0;

	for (;;) {
		if (argc > 1 && !strcmp(argv[1], "-q")) {
			quiet = 1;
			argv++;
			argc--;
		} else if (argc > 2 && !strcmp(argv[1], "-n")) {
			count = atol(argv[2]);
			argv += 2;
			argc -= 2;
		} else {
			break;
		}
	}
	if (argc < 2 || count < 1)
		return usage();
	act = argv[1];

	if (!strcmp(act, "exec")) {
		if (argc < 3)
			return usage();
		/* stdout is a pipe in scenarios: flush before the image is replaced */
		if (!quiet)
			printf("execve(%s)\n", argv[2]);
		fflush(stdout);
		execvp(argv[2], argv + 2);
		report("execve", -1);
		return 1;
	}
	for (i = 0; i < count && !ret; i++) {
		if (!strcmp(act, "connect") && argc == 4)
			ret = do_connect(argv[2], argv[3]);
		else if (!strcmp(act, "connect-unix") && argc == 3)
			ret = do_connect_unix(argv[2]);
		else if (!strcmp(act, "setuid") && argc == 3)
			ret = do_setuid(argv[2]);
		else if (!strcmp(act, "open") && argc == 3)
			ret = do_open(argv[2]);
		else if (!strcmp(act, "sleep") && argc == 3)
			ret = do_sleep(argv[2]);
		else
			return usage();
	}
	return ret;
}
