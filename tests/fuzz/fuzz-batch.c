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

/*
 * WRAP(TYPE, FAIL, NAME, (PARAMS), (ARGS)): __wrap_NAME fails with FAIL
 * (errno EACCES) while a script runs, else calls __real_NAME.
 */
#define WRAP(type, fail, name, params, args)	\
	type __real_##name params;		\
	type __wrap_##name params		\
	{					\
		DENY(fail);			\
		return __real_##name args;	\
	}

WRAP(FILE *, NULL, fopen, (const char *path, const char *mode), (path, mode))
WRAP(FILE *, NULL, fopen64, (const char *path, const char *mode), (path, mode))
WRAP(int, -1, creat, (const char *path, mode_t mode), (path, mode))
WRAP(int, -1, mkdir, (const char *path, mode_t mode), (path, mode))
WRAP(int, -1, unlink, (const char *path), (path))
WRAP(int, -1, rmdir, (const char *path), (path))
WRAP(int, -1, rename, (const char *a, const char *b), (a, b))
WRAP(int, -1, execve, (const char *path, char *const argv[], char *const envp[]),
     (path, argv, envp))
WRAP(int, -1, execv, (const char *path, char *const argv[]), (path, argv))
WRAP(int, -1, execvp, (const char *file, char *const argv[]), (file, argv))
WRAP(int, -1, execvpe, (const char *file, char *const argv[], char *const envp[]),
     (file, argv, envp))
WRAP(pid_t, -1, fork, (void), ())
WRAP(int, -1, system, (const char *cmd), (cmd))
WRAP(FILE *, NULL, popen, (const char *cmd, const char *mode), (cmd, mode))

/* vfork called from a wrapper would return into a frame the child then
 * leaves: the wrapper forks instead */
pid_t __wrap_vfork(void)
{
	DENY(-1);
	return __real_fork();
}

static mode_t open_mode(int flags, va_list ap)
{
	return (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
}

/* open and openat take their mode only with O_CREAT or O_TMPFILE */
#define WRAP_OPEN(name, params, ...)					\
	int __real_##name(PARAMS_##params, int flags, ...);		\
	int __wrap_##name(PARAMS_##params, int flags, ...)		\
	{								\
		va_list ap;						\
		mode_t mode;						\
									\
		DENY(-1);						\
		va_start(ap, flags);					\
		mode = open_mode(flags, ap);				\
		va_end(ap);						\
		return __real_##name(__VA_ARGS__, flags, mode);		\
	}
#define PARAMS_path const char *path
#define PARAMS_dirfd_path int dirfd, const char *path

WRAP_OPEN(open, path, path)
WRAP_OPEN(open64, path, path)
WRAP_OPEN(openat, dirfd_path, dirfd, path)
WRAP_OPEN(openat64, dirfd_path, dirfd, path)

/* posix_spawn reports its error as its value, not in errno */
#define WRAP_SPAWN(name)							\
	int __real_##name(pid_t *pid, const char *path,				\
			  const posix_spawn_file_actions_t *fa,			\
			  const posix_spawnattr_t *attr, char *const argv[],	\
			  char *const envp[]);					\
	int __wrap_##name(pid_t *pid, const char *path,				\
			  const posix_spawn_file_actions_t *fa,			\
			  const posix_spawnattr_t *attr, char *const argv[],	\
			  char *const envp[])					\
	{									\
		if (in_script)							\
			return EACCES;						\
		return __real_##name(pid, path, fa, attr, argv, envp);		\
	}

WRAP_SPAWN(posix_spawn)
WRAP_SPAWN(posix_spawnp)
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
