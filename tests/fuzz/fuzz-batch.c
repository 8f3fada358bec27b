// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-batch.c - the -x script reader on arbitrary scripts.
 *
 * The input is a whole script, read from a memory stream by
 * kpdb_batch_stream() with every command run for real in --dry-run: the
 * dispatcher, the breakpoint and session verbs, the parser, the JSON and
 * plain printers.  Invariants: a failure is reported with a message, and
 * the reader returns.
 *
 * The fuzzer runs as whatever user started it, possibly root, and the
 * commands include sysrq, go -- PROGRAM and source FILE.  In --dry-run none
 * of them may touch the system, and this target makes sure of it three
 * times over: the proc, tracing and vmlinux paths point nowhere, and
 * tests/fuzz/build.sh links it with -Wl,--wrap for the calls that open,
 * create, remove, execute or fork, which fail with EACCES while a script runs.
 * replay.c links it without the wraps: `make check` replays the corpus only.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "cmd.h"
#include "fuzz.h"
#include "kpdb.h"

#define NOWHERE "/nonexistent-kpdb-fuzz"

static bool in_script;
static FILE *devnull;

#ifdef FUZZ_WRAPPED
/* Each wrapped call fails while a script runs, else goes through. */
#define DENY(ret)			\
	do {				\
		if (in_script) {	\
			errno = EACCES;	\
			return ret;	\
		}			\
	} while (0)

FILE *__real_fopen(const char *path, const char *mode);
FILE *__wrap_fopen(const char *path, const char *mode)
{
	DENY(NULL);
	return __real_fopen(path, mode);
}

FILE *__real_fopen64(const char *path, const char *mode);
FILE *__wrap_fopen64(const char *path, const char *mode)
{
	DENY(NULL);
	return __real_fopen64(path, mode);
}

#define WRAP_OPEN(name, ...)							\
	int __real_##name(__VA_ARGS__, int flags, ...);				\
	int __wrap_##name(__VA_ARGS__, int flags, ...)

static mode_t open_mode(int flags, va_list ap)
{
	return (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
}

WRAP_OPEN(open, const char *path)
{
	va_list ap;
	mode_t mode;

	DENY(-1);
	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return __real_open(path, flags, mode);
}

WRAP_OPEN(open64, const char *path)
{
	va_list ap;
	mode_t mode;

	DENY(-1);
	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return __real_open64(path, flags, mode);
}

WRAP_OPEN(openat, int dirfd, const char *path)
{
	va_list ap;
	mode_t mode;

	DENY(-1);
	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return __real_openat(dirfd, path, flags, mode);
}

WRAP_OPEN(openat64, int dirfd, const char *path)
{
	va_list ap;
	mode_t mode;

	DENY(-1);
	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return __real_openat64(dirfd, path, flags, mode);
}

int __real_creat(const char *path, mode_t mode);
int __wrap_creat(const char *path, mode_t mode)
{
	DENY(-1);
	return __real_creat(path, mode);
}

int __real_mkdir(const char *path, mode_t mode);
int __wrap_mkdir(const char *path, mode_t mode)
{
	DENY(-1);
	return __real_mkdir(path, mode);
}

int __real_unlink(const char *path);
int __wrap_unlink(const char *path)
{
	DENY(-1);
	return __real_unlink(path);
}

int __real_rmdir(const char *path);
int __wrap_rmdir(const char *path)
{
	DENY(-1);
	return __real_rmdir(path);
}

int __real_rename(const char *a, const char *b);
int __wrap_rename(const char *a, const char *b)
{
	DENY(-1);
	return __real_rename(a, b);
}

int __real_execve(const char *path, char *const argv[], char *const envp[]);
int __wrap_execve(const char *path, char *const argv[], char *const envp[])
{
	DENY(-1);
	return __real_execve(path, argv, envp);
}

int __real_execv(const char *path, char *const argv[]);
int __wrap_execv(const char *path, char *const argv[])
{
	DENY(-1);
	return __real_execv(path, argv);
}

int __real_execvp(const char *file, char *const argv[]);
int __wrap_execvp(const char *file, char *const argv[])
{
	DENY(-1);
	return __real_execvp(file, argv);
}

int __real_execvpe(const char *file, char *const argv[], char *const envp[]);
int __wrap_execvpe(const char *file, char *const argv[], char *const envp[])
{
	DENY(-1);
	return __real_execvpe(file, argv, envp);
}

pid_t __real_fork(void);
pid_t __wrap_fork(void)
{
	DENY(-1);
	return __real_fork();
}

pid_t __real_vfork(void);
pid_t __wrap_vfork(void)
{
	DENY(-1);
	return __real_fork();
}

int __real_posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
		       const posix_spawnattr_t *attr, char *const argv[], char *const envp[]);
int __wrap_posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
		       const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	if (in_script)
		return EACCES;
	return __real_posix_spawn(pid, path, fa, attr, argv, envp);
}

int __real_posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
			const posix_spawnattr_t *attr, char *const argv[], char *const envp[]);
int __wrap_posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
			const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	if (in_script)
		return EACCES;
	return __real_posix_spawnp(pid, file, fa, attr, argv, envp);
}

int __real_system(const char *cmd);
int __wrap_system(const char *cmd)
{
	DENY(-1);
	return __real_system(cmd);
}

FILE *__real_popen(const char *cmd, const char *mode);
FILE *__wrap_popen(const char *cmd, const char *mode)
{
	DENY(NULL);
	return __real_popen(cmd, mode);
}
#endif /* FUZZ_WRAPPED */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* errors are reported on stderr: keep them out of the fuzzer's log */
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	setenv("KPDB_VMLINUX", NOWHERE "/vmlinux", 1);
	setenv("KPDB_KMSG", NOWHERE "/kmsg", 1);
	setenv("KPDB_SYS_DIR", NOWHERE "/sys", 1);
	setenv("KPDB_CACHE", NOWHERE "/cache", 1);
	setenv("KPDB_NO_INDEX_CACHE", "1", 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kpdb_ctx ctx;
	FILE *f;
	int ret;

	f = fmemopen(size ? (void *)data : (void *)"", size, "r");
	if (!f)
		return 0;
	kpdb_ctx_init(&ctx);
	ctx.cmds = kpdb_all_cmds;
	ctx.dry_run = true;
	ctx.batch = true;
	ctx.quiet = true;
	ctx.tracing_dir = NOWHERE "/tracing";
	ctx.proc_dir = NOWHERE "/proc";
	ctx.vmlinux = NOWHERE "/vmlinux";
	ctx.out = devnull;

	in_script = true;
	ret = kpdb_batch_stream(&ctx, f, "fuzz", true);
	in_script = false;
	FUZZ_CHECK(ret == 0 || ret == -1, "kpdb_batch_stream returned %d", ret);
	FUZZ_CHECK(ret == 0 || ctx.err_reported, "a failure was not reported");
	FUZZ_CHECK(!ctx.tfs, "a dry run opened tracefs");
	kpdb_ctx_release(&ctx);
	fclose(f);
	return 0;
}
