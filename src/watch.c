// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * watch.c - the event loop of ss and go: poll, decode, print.
 *
 * Signals: main.c's handlers set kpdb_interrupted without SA_RESTART.  While
 * the loop decodes and prints, SIGINT, SIGTERM and SIGHUP come in at once, so
 * a Ctrl-C is seen after the hits in hand even when hits never stop coming,
 * and a write to a stalled pipe returns.  They are blocked only from the last
 * check of the flag to the wait, and let in again by ppoll(), so a Ctrl-C
 * can never fall between the check and the wait, which would leave the loop
 * asleep until the next hit.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "clock.h"
#include "events.h"
#include "hit-print.h"
#include "kpdb.h"
#include "output.h"
#include "stack-lines.h"
#include "watch.h"

/* After the program exits, hits still buffered are drained for at most this long. */
#define DRAIN_MS 2000
/* A program still running when the loop stops gets this long to exit after SIGTERM. */
#define TERM_WAIT_MS 1000
/*
 * After a read that found hits, more are likely on their way: the loop lets
 * them gather in the ring buffer this long before it reads again, so a busy
 * probe costs one wake-up per GATHER_MS, not one per hit.  A lone hit is
 * still read at once: the loop is asleep in ppoll() when it comes.
 */
#define GATHER_MS 10

struct run {
	struct kpdb_ctx *ctx;
	struct kpdb_hit_out out;
	unsigned long count;
	unsigned long hits;
	unsigned long long lost;
	bool lost_unknown;
};

struct child {
	pid_t pid;
	int pidfd;
	bool done;
	int status;
	const char *name;
};

static const char *sym_cb(void *arg, unsigned long long addr, char *buf, size_t len)
{
	return kpdb_events_symbol(arg, addr, buf, len);
}

/* The breakpoint of an event type, asked once per type by the reader. */
static struct kpdb_bp *bp_of(const struct kpdb_event_type *t, void *arg)
{
	struct kpdb_bp *bp = kpdb_bp_by_event(((struct run *)arg)->ctx, t->name);

	return bp && bp->num ? bp : NULL;
}

/* The stack of the last hit printed, for bt. */
static void keep_stack(struct kpdb_last_stack *last, const struct kpdb_hit *hit)
{
	last->valid = false;
	if (hit->has_stack && !last->frames)
		last->frames = malloc(KPDB_KSTACK_MAX * sizeof(*last->frames));
	if (!hit->has_stack || !last->frames)
		return;
	last->valid = true;
	last->n = hit->nframes;
	for (size_t i = 0; i < hit->nframes; i++)
		last->frames[i] = hit->frames[i].addr;
	last->bp = hit->num;
}

static int on_hit(struct kpdb_hit *hit, void *arg)
{
	struct run *r = arg;

	if (hit->nframes)
		kpdb_stack_lines(r->ctx, hit);
	kpdb_hit_print(&r->out, hit);
	keep_stack(&r->ctx->last_stack, hit);
	if (hit->bp)
		hit->bp->seen++;
	r->hits++;
	/* a Ctrl-C stops at this hit, not after the rest of the pages in hand */
	return (r->count && r->hits >= r->count) || kpdb_interrupted;
}

static void on_lost(int cpu, long long count, unsigned long long ts, void *arg)
{
	struct run *r = arg;

	kpdb_lost_print(&r->out, cpu, count, ts);
	if (count > 0)
		r->lost += count;
	else
		r->lost_unknown = true;
}

/* ---- the program ------------------------------------------------------------ */

static int start_program(struct kpdb_ctx *ctx, char **argv, const sigset_t *orig,
			 struct child *c)
{
	int pfd[2], e = 0;
	ssize_t n;

	memset(c, 0, sizeof(*c));
	c->pidfd = -1;
	c->name = argv[0];
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return kpdb_err_set(&ctx->err, "cannot run '%s': %s", argv[0], strerror(errno));
	fflush(ctx->out);
	fflush(stdout);
	fflush(stderr);
	c->pid = fork();
	if (c->pid < 0) {
		e = errno;
		close(pfd[0]);
		close(pfd[1]);
		return kpdb_err_set(&ctx->err, "cannot run '%s': %s", argv[0], strerror(e));
	}
	if (c->pid == 0) {
		/* with -j, kpdb's output must stay JSON Lines: the program's goes aside */
		if (ctx->json && ctx->out == stdout)
			dup2(STDERR_FILENO, STDOUT_FILENO);
		/* the program gets the signals a shell would give it */
		signal(SIGPIPE, SIG_DFL);
		sigprocmask(SIG_SETMASK, orig, NULL);
		execvp(argv[0], argv);
		e = errno;
		if (write(pfd[1], &e, sizeof(e)) < 0) {
			/* the parent then sees a program that exited with 127 */
		}
		_exit(127);
	}
	close(pfd[1]);
	/* EOF: exec succeeded and closed the pipe; an int: it failed */
	do {
		n = read(pfd[0], &e, sizeof(e));
	} while (n < 0 && errno == EINTR);
	close(pfd[0]);
	if (n == sizeof(e)) {
		waitpid(c->pid, NULL, 0);
		c->pid = 0;
		return kpdb_err_set(&ctx->err, "cannot run '%s': %s", argv[0], strerror(e));
	}
#ifdef SYS_pidfd_open
	c->pidfd = (int)syscall(SYS_pidfd_open, c->pid, 0);
#endif
	return 0;
}

static bool child_exited(struct child *c)
{
	pid_t p;

	if (!c->pid || c->done)
		return c->done;
	p = waitpid(c->pid, &c->status, WNOHANG);
	if (p == c->pid)
		c->done = true;
	return c->done;
}

static void stop_program(struct child *c)
{
	unsigned long long end;

	if (!c->pid || child_exited(c))
		return;
	kill(c->pid, SIGTERM);
	end = kpdb_mono_ms() + TERM_WAIT_MS;
	while (!child_exited(c) && kpdb_mono_ms() < end) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
	if (!child_exited(c)) {
		kill(c->pid, SIGKILL);
		if (waitpid(c->pid, &c->status, 0) == c->pid)
			c->done = true;
	}
}

static void print_exit(struct kpdb_ctx *ctx, const struct child *c)
{
	int st = c->status;

	if (ctx->json) {
		struct kpdb_json j;

		kpdb_json_begin(&j, ctx->out);
		kpdb_json_obj(&j, "exit");
		kpdb_json_kv_str(&j, "program", c->name);
		kpdb_json_kv_int(&j, "pid", c->pid);
		if (WIFEXITED(st)) {
			kpdb_json_kv_int(&j, "status", WEXITSTATUS(st));
		} else if (WIFSIGNALED(st)) {
			kpdb_json_kv_int(&j, "signal", WTERMSIG(st));
			kpdb_json_kv_str(&j, "signame", sigabbrev_np(WTERMSIG(st)));
		}
		kpdb_json_end(&j);
		return;
	}
	if (WIFEXITED(st))
		fprintf(ctx->out, "program '%s' (pid %d) exited with status %d\n", c->name,
			(int)c->pid, WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		fprintf(ctx->out, "program '%s' (pid %d) killed by SIG%s\n", c->name, (int)c->pid,
			sigabbrev_np(WTERMSIG(st)) ? sigabbrev_np(WTERMSIG(st)) : "?");
}

/* ---- the loop ------------------------------------------------------------------ */

static const char *const stop_names[] = {
	[KPDB_STOP_COUNT] = "count",
	[KPDB_STOP_TIME] = "time",
	[KPDB_STOP_PROGRAM] = "exit",
	[KPDB_STOP_INTERRUPT] = "interrupt",
	[KPDB_STOP_EOF] = "eof",
};

static const char *const stop_text[] = {
	[KPDB_STOP_COUNT] = "count reached",
	[KPDB_STOP_TIME] = "time is up",
	[KPDB_STOP_PROGRAM] = "program exited",
	[KPDB_STOP_INTERRUPT] = "interrupted",
	[KPDB_STOP_EOF] = "end of recorded input",
};

static void print_summary(struct kpdb_ctx *ctx, const struct kpdb_watch_result *res)
{
	if (ctx->json) {
		struct kpdb_json j;

		kpdb_json_begin(&j, ctx->out);
		kpdb_json_kv_str(&j, "stop", stop_names[res->stop]);
		kpdb_json_kv_uint(&j, "hits", res->hits);
		kpdb_json_kv_uint(&j, "lost", res->lost);
		if (res->lost_unknown)
			kpdb_json_kv_bool(&j, "lost_uncounted", true);
		kpdb_json_end(&j);
		return;
	}
	fprintf(ctx->out, "%lu hit%s, %s", res->hits, res->hits == 1 ? "" : "s",
		stop_text[res->stop]);
	if (res->lost || res->lost_unknown)
		fprintf(ctx->out, "; %llu%s events lost", res->lost,
			res->lost_unknown ? "+" : "");
	fputc('\n', ctx->out);
	fflush(ctx->out);
}

static bool any_enabled(const struct kpdb_ctx *ctx)
{
	for (size_t i = 0; i < ctx->nbps; i++)
		if (ctx->bps[i].num && ctx->bps[i].enabled)
			return true;
	return false;
}

static int get_reader(struct kpdb_ctx *ctx)
{
	struct kpdb_events_opts o;
	const char *inst = kpdb_tfs_instance_dir(ctx->tfs);
	size_t len, glen;

	if (!inst)
		return kpdb_err_set(&ctx->err, "no tracing instance yet: set a breakpoint with "
				    "'bp'");
	/*
	 * Reading consumes: the top-level buffer (or another instance) belongs
	 * to other tracers, and draining it would steal their events.
	 */
	len = strlen(inst);
	glen = strlen(ctx->group);
	if (len < glen + 11 || strcmp(inst + len - glen, ctx->group) ||
	    strncmp(inst + len - glen - 11, "/instances/", 11))
		return kpdb_err_set(&ctx->err, "'%s' is not this session's instance "
				    "(.../instances/%s): not reading it", inst, ctx->group);
	if (ctx->reader && strcmp(kpdb_events_instance_dir(ctx->reader), inst)) {
		kpdb_events_close(ctx->reader);
		ctx->reader = NULL;
	}
	if (ctx->reader)
		return kpdb_events_resume(ctx->reader, &ctx->err);
	o = (struct kpdb_events_opts){ .tracing_dir = kpdb_tfs_dir(ctx->tfs),
				       .instance_dir = inst, .group = ctx->group,
				       .proc_dir = ctx->proc_dir };
	return kpdb_events_open(&o, &ctx->reader, &ctx->err);
}

/* Print what the kernel still holds once the program is gone. */
static int drain(struct run *r, const struct kpdb_events_cb *cb)
{
	unsigned long long end = kpdb_mono_ms() + DRAIN_MS;
	unsigned long before;
	int ret;

	do {
		before = r->hits;
		ret = kpdb_events_dispatch(r->ctx->reader, cb, &r->ctx->err);
		fflush(r->out.f);
		if (ret != 0)
			return ret;
	} while ((r->hits != before || kpdb_events_pending(r->ctx->reader)) && kpdb_mono_ms() < end &&
		 !kpdb_interrupted);
	return 0;
}

static int loop(struct run *r, const struct kpdb_watch_opts *opts, struct child *c,
		const sigset_t *orig, const sigset_t *block, enum kpdb_watch_stop *stop)
{
	struct kpdb_events_cb cb = { .hit = on_hit, .lost = on_lost, .bp = bp_of, .arg = r };
	struct kpdb_events *reader = r->ctx->reader;
	unsigned long long deadline = 0;
	size_t nsrc = kpdb_events_nsources(reader);
	struct pollfd *fds = calloc(nsrc + 1, sizeof(*fds));
	int ret = 0;

	if (!fds)
		return kpdb_err_set(&r->ctx->err, "out of memory");
	if (opts->seconds > 0)
		deadline = kpdb_mono_ms() + (unsigned long long)(opts->seconds * 1000 + 0.5);
	for (;;) {
		struct timespec ts, *tsp = NULL;
		unsigned long long now, ms = 0;
		unsigned long before = r->hits;
		bool gather;
		size_t n = 0;

		sigprocmask(SIG_SETMASK, orig, NULL);
		ret = kpdb_events_dispatch(reader, &cb, &r->ctx->err);
		gather = r->hits != before;
		fflush(r->out.f);
		if (ret < 0)
			break;
		if (kpdb_interrupted) {
			*stop = KPDB_STOP_INTERRUPT;
			break;
		}
		if (ret == 1) {
			*stop = KPDB_STOP_COUNT;
			break;
		}
		if (c->pid && child_exited(c)) {
			*stop = KPDB_STOP_PROGRAM;
			ret = drain(r, &cb);
			if (kpdb_interrupted)
				*stop = KPDB_STOP_INTERRUPT;
			else if (ret == 1)
				*stop = KPDB_STOP_COUNT;
			break;
		}
		now = kpdb_mono_ms();
		if (deadline && now >= deadline) {
			*stop = KPDB_STOP_TIME;
			break;
		}
		if (kpdb_events_pending(reader))
			continue;
		if (!c->pid && kpdb_events_eof(reader)) {
			*stop = KPDB_STOP_EOF;
			break;
		}
		sigprocmask(SIG_BLOCK, block, NULL);
		if (kpdb_interrupted)
			continue;	/* came in since the check above: stop at the top */
		/* while hits gather, only the program's exit or a signal ends the wait */
		for (size_t i = 0; i < nsrc && !gather; i++) {
			fds[n].fd = kpdb_events_fd(reader, i);
			fds[n].events = POLLIN;
			n += fds[n].fd >= 0;
		}
		if (c->pid && c->pidfd >= 0) {
			fds[n].fd = c->pidfd;
			fds[n++].events = POLLIN;
		}
		if (deadline)
			ms = deadline - now;
		if (c->pid && c->pidfd < 0 && (!ms || ms > 100))
			ms = 100;	/* no pidfd: look at the program now and then */
		if (gather && (!ms || ms > GATHER_MS))
			ms = GATHER_MS;
		if (ms) {
			ts.tv_sec = ms / 1000;
			ts.tv_nsec = (ms % 1000) * 1000000;
			tsp = &ts;
		}
		if (ppoll(fds, n, tsp, orig) < 0 && errno != EINTR) {
			ret = kpdb_err_set(&r->ctx->err, "cannot wait for events: %s",
					   strerror(errno));
			break;
		}
	}
	free(fds);
	return ret < 0 ? -1 : 0;
}
/*
 * A Ctrl-C typed before this command was meant for something else: forget
 * it, and block the signals that end the loop (@block) until the loop
 * waits for them with ppoll; @orig gets the mask to restore.
 */
static void block_signals(sigset_t *block, sigset_t *orig)
{
	kpdb_interrupted = 0;
	sigemptyset(block);
	sigaddset(block, SIGINT);
	sigaddset(block, SIGTERM);
	sigaddset(block, SIGHUP);
	sigprocmask(SIG_BLOCK, block, orig);
}


int kpdb_watch_run(struct kpdb_ctx *ctx, const struct kpdb_watch_opts *opts,
		   struct kpdb_watch_result *res)
{
	struct run r = { .ctx = ctx };
	struct child c = { .pidfd = -1 };
	sigset_t block, orig;
	int ret;

	memset(res, 0, sizeof(*res));
	if (!ctx->tfs)
		return kpdb_err_set(&ctx->err, "no tracefs: ss and go do not run with --dry-run");
	if (!any_enabled(ctx))
		return kpdb_err_set(&ctx->err, "no enabled breakpoint: set one with 'bp' or "
				    "enable one with 'be'");
	if (get_reader(ctx) < 0)
		return -1;
	r.count = opts->count;
	r.out = (struct kpdb_hit_out){ .f = ctx->out, .json = ctx->json };

	block_signals(&block, &orig);

	ret = 0;
	if (opts->program)
		ret = start_program(ctx, opts->program, &orig, &c);
	if (ret == 0)
		ret = loop(&r, opts, &c, &orig, &block, &res->stop);
	sigprocmask(SIG_BLOCK, &block, NULL);
	if (c.pid) {
		stop_program(&c);
		if (c.done)
			print_exit(ctx, &c);
		res->status = c.status;
		if (c.pidfd >= 0)
			close(c.pidfd);
	}
	sigprocmask(SIG_SETMASK, &orig, NULL);
	kpdb_events_suspend(ctx->reader);
	fflush(ctx->out);
	if (ret < 0)
		return -1;

	res->hits = r.hits;
	res->lost = r.lost;
	res->lost_unknown = r.lost_unknown;
	if (opts->summary || (res->stop != KPDB_STOP_COUNT))
		print_summary(ctx, res);
	if (res->stop == KPDB_STOP_INTERRUPT) {
		kpdb_interrupted = 0;
		if (ctx->batch)
			return kpdb_err_set(&ctx->err, "interrupted");
	}
	return 0;
}

#define REFRESH_MS 1000

static void refresh_header(struct kpdb_ctx *ctx, unsigned long n)
{
	char when[16] = "";
	time_t now = time(NULL);
	struct tm tm;

	if (localtime_r(&now, &tm))
		strftime(when, sizeof(when), "%H:%M:%S", &tm);
	if (ctx->json) {
		struct kpdb_json j;

		kpdb_json_begin(&j, ctx->out);
		kpdb_json_kv_uint(&j, "refresh", n);
		kpdb_json_kv_str(&j, "time", when);
		kpdb_json_end(&j);
	} else {
		fprintf(ctx->out, "%s%s\n", n > 1 ? "\n" : "", when);
	}
}

int kpdb_watch_every(struct kpdb_ctx *ctx, int (*show)(struct kpdb_ctx *ctx, void *arg),
		     void *arg)
{
	unsigned long long next = kpdb_mono_ms();
	unsigned long n = 0;
	sigset_t block, orig;
	int ret = 0;

	block_signals(&block, &orig);
	for (;;) {
		unsigned long long now;
		struct timespec ts;

		/* signals come in while the table is read and printed, as in go's loop */
		sigprocmask(SIG_SETMASK, &orig, NULL);
		refresh_header(ctx, ++n);
		ret = show(ctx, arg);
		fflush(ctx->out);
		if (ret < 0 || kpdb_interrupted)
			break;
		/* and while it sleeps, never between the check and the sleep */
		sigprocmask(SIG_BLOCK, &block, NULL);
		if (kpdb_interrupted)
			break;
		next += REFRESH_MS;
		now = kpdb_mono_ms();
		if (next < now)
			next = now;	/* a slow table: the next one a second from now */
		ts.tv_sec = (next - now) / 1000;
		ts.tv_nsec = (long)((next - now) % 1000) * 1000000;
		while (!kpdb_interrupted && ppoll(NULL, 0, &ts, &orig) < 0 && errno == EINTR) {
			now = kpdb_mono_ms();
			if (now >= next)
				break;
			ts.tv_sec = (next - now) / 1000;
			ts.tv_nsec = (long)((next - now) % 1000) * 1000000;
		}
		if (kpdb_interrupted)
			break;
	}
	sigprocmask(SIG_SETMASK, &orig, NULL);
	if (ret < 0)
		return -1;
	kpdb_interrupted = 0;
	if (ctx->batch)
		return kpdb_err_set(&ctx->err, "interrupted");
	return 0;
}

int kpdb_watch_last_stack(struct kpdb_ctx *ctx, int *bp)
{
	const struct kpdb_last_stack *last = &ctx->last_stack;
	struct kpdb_hit_out out = { .f = ctx->out, .json = ctx->json };
	struct kpdb_hit *hit;

	if (!last->valid)
		return kpdb_err_set(&ctx->err, "no stack: the last hit printed had none "
				    "(bp -s, or bt N on, records it)");
	if (!ctx->reader)
		return kpdb_err_set(&ctx->err, "no stack: the event reader is closed");
	hit = calloc(1, sizeof(*hit));
	if (!hit)
		return kpdb_err_set(&ctx->err, "out of memory");
	*bp = last->bp;
	kpdb_hit_frames(hit, last->frames, last->n, sym_cb, ctx->reader);
	kpdb_stack_lines(ctx, hit);
	kpdb_stack_print(&out, hit->frames, hit->nframes);
	kpdb_hit_release(hit);
	free(hit);
	return 0;
}
