// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - options, the session context, REPL or batch, exit statuses.
 * The only exit() of kpdb is here.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "batch.h"
#include "cmd.h"
#include "kpdb.h"
#include "output.h"
#include "repl.h"

enum action_kind { ACT_FILE, ACT_CMD };

struct action {
	enum action_kind kind;
	const char *arg;
};

static void usage(FILE *f)
{
	fputs("usage: kpdb [OPTIONS]\n"
	      "       kpdb -x FILE [-x FILE]... [-ex CMD]... [--batch]\n"
	      "\n"
	      "A kdb/gdb-style shell for Linux kernel probes.\n"
	      "\n"
	      "  -x, --command FILE     run the commands in FILE (repeatable, in order)\n"
	      "  -ex, --eval-command CMD  run one command (repeatable)\n"
	      "      --batch            exit after -x/-ex; status 1 if any command failed\n"
	      "  -k, --vmlinux PATH     kernel image with DWARF (default: discovered)\n"
	      "  -n, --dry-run          print kprobe definitions instead of writing them\n"
	      "      --tracing-dir DIR  tracefs root to use\n"
	      "      --proc-dir DIR     use DIR instead of /proc (sysrq, kallsyms, comm)\n"
	      "  -j, --json             one JSON object per line\n"
	      "  -y, --yes              answer yes to confirmations\n"
	      "      --keep             leave this session's probes in the kernel at exit\n"
	      "      --cleanup          remove probes left by dead kpdb sessions, then exit\n"
	      "      --list-cmds        list the shell's commands, then exit\n"
	      "  -q, --quiet            no banner\n"
	      "  -h, --help             this help\n"
	      "  -V, --version          version\n"
	      "\n"
	      "Type 'help' at the (kpdb) prompt for the commands.\n", f);
}

/* stdout is a pipe or a file, not the terminal the user's shell shares */
static int out_not_tty;
static int in_flags = -1;		/* stdin's flags when it is no terminal */

static void on_signal(int sig)
{
	kpdb_interrupted = 1;
	if (sig == SIGINT) {
		kpdb_sigints++;
		return;
	}
	kpdb_exit_signal = sig;
	/*
	 * kpdb is leaving: a reader that stopped reading (a stalled pipe)
	 * must not hold it in write() while its probes wait to be removed.
	 * Output that cannot be written now is dropped.
	 */
	if (out_not_tty)
		fcntl(STDOUT_FILENO, F_SETFL, fcntl(STDOUT_FILENO, F_GETFL) | O_NONBLOCK);
	/*
	 * A signal that comes between the batch reader's look at the flag and
	 * its read would leave that read waiting for input that may never
	 * come: a non-blocking stdin makes it return at once (EAGAIN).
	 */
	if (in_flags >= 0)
		fcntl(STDIN_FILENO, F_SETFL, in_flags | O_NONBLOCK);
}

/* No SA_RESTART: a blocked read or select must return so the flags are seen. */
static void install_signals(void)
{
	struct sigaction sa;

	out_not_tty = !isatty(STDOUT_FILENO);
	if (!isatty(STDIN_FILENO))
		in_flags = fcntl(STDIN_FILENO, F_GETFL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* The options, one table: getopt_long_only takes gdb's -ex and --batch as they are. */
enum {
	OPT_EX = 256,
	OPT_BATCH,
	OPT_TRACING_DIR,
	OPT_PROC_DIR,
	OPT_KEEP,
	OPT_CLEANUP,
	OPT_LIST_CMDS,
};

static const struct option options[] = {
	{ "command", required_argument, NULL, 'x' },
	{ "ex", required_argument, NULL, OPT_EX },
	{ "eval-command", required_argument, NULL, OPT_EX },
	{ "batch", no_argument, NULL, OPT_BATCH },
	{ "vmlinux", required_argument, NULL, 'k' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "tracing-dir", required_argument, NULL, OPT_TRACING_DIR },
	{ "proc-dir", required_argument, NULL, OPT_PROC_DIR },
	{ "json", no_argument, NULL, 'j' },
	{ "yes", no_argument, NULL, 'y' },
	{ "keep", no_argument, NULL, OPT_KEEP },
	{ "cleanup", no_argument, NULL, OPT_CLEANUP },
	{ "list-cmds", no_argument, NULL, OPT_LIST_CMDS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* '+': no permuting, a word that is no option is an error; ':': a missing argument is ':' */
static const char short_options[] = "+:x:k:njyqhV";

static void list_cmds(const struct kpdb_ctx *ctx)
{
	const struct kpdb_cmd *cmd;
	size_t i = 0;

	while ((cmd = kpdb_cmd_next(ctx, &i)))
		printf("%s\n", cmd->name);
}

static int do_cleanup(struct kpdb_ctx *ctx)
{
	struct kpdb_err err = { "" };
	char **names = kpdb_tfs_stale_sessions(ctx->tracing_dir, &err);
	int ret = KPDB_EXIT_OK, count = 0;

	if (!names) {
		fprintf(stderr, "kpdb: error: %s\n", err.msg);
		return KPDB_EXIT_FAIL;
	}
	for (char **n = names; *n; n++) {
		char *report = NULL;

		if (kpdb_tfs_cleanup_session(ctx->tracing_dir, *n, &report, &err) < 0) {
			fprintf(stderr, "kpdb: error: %s\n", err.msg);
			ret = KPDB_EXIT_FAIL;
		}
		if (report) {
			char *line, *save = NULL;

			for (line = strtok_r(report, "\n", &save); line;
			     line = strtok_r(NULL, "\n", &save)) {
				count++;
				if (ctx->json) {
					struct kpdb_json j;

					kpdb_json_begin(&j, stdout);
					kpdb_json_kv_str(&j, "session", *n);
					kpdb_json_kv_str(&j, "removed", line);
					kpdb_json_end(&j);
				} else {
					printf("removed %s\n", line);
				}
			}
			free(report);
		}
		free(*n);
	}
	free(names);
	if (!ctx->json && count == 0 && ret == KPDB_EXIT_OK)
		printf("nothing to clean up\n");
	return ret;
}

static void warn_stale(struct kpdb_ctx *ctx)
{
	char **names = kpdb_tfs_stale_sessions(ctx->tracing_dir, NULL);

	if (!names)
		return;
	if (names[0]) {
		fprintf(stderr, "kpdb: note: probes of dead kpdb session(s) remain:");
		for (char **n = names; *n; n++)
			fprintf(stderr, " %s", *n);
		fprintf(stderr, "; run 'kpdb --cleanup' to remove them\n");
	}
	for (char **n = names; *n; n++)
		free(*n);
	free(names);
}

int main(int argc, char **argv)
{
	struct kpdb_ctx ctx;
	struct action *acts = calloc(argc + 1, sizeof(*acts));
	int nacts = 0, status = KPDB_EXIT_OK;
	bool cleanup = false, failed = false;

	if (!acts)
		return KPDB_EXIT_FAIL;
	kpdb_ctx_init(&ctx);
	ctx.cmds = kpdb_all_cmds;
	opterr = 0;
	for (;;) {
		int at = optind, c = getopt_long_only(argc, argv, short_options, options, NULL);

		if (c == -1)
			break;
		switch (c) {
		case 'x':
			acts[nacts++] = (struct action){ ACT_FILE, optarg };
			break;
		case OPT_EX:
			acts[nacts++] = (struct action){ ACT_CMD, optarg };
			break;
		case OPT_BATCH:
			ctx.batch = true;
			break;
		case 'k':
			ctx.vmlinux = optarg;
			break;
		case 'n':
			ctx.dry_run = true;
			break;
		case OPT_TRACING_DIR:
			ctx.tracing_dir = optarg;
			break;
		case OPT_PROC_DIR:
			ctx.proc_dir = optarg;
			break;
		case 'j':
			ctx.json = true;
			break;
		case 'y':
			ctx.yes = true;
			break;
		case OPT_KEEP:
			ctx.keep = true;
			break;
		case OPT_CLEANUP:
			cleanup = true;
			break;
		case 'q':
			ctx.quiet = true;
			break;
		case OPT_LIST_CMDS:
			list_cmds(&ctx);
			free(acts);
			return KPDB_EXIT_OK;
		case 'h':
			usage(stdout);
			free(acts);
			return KPDB_EXIT_OK;
		case 'V':
			printf("kpdb %s\n", KPDB_VERSION);
			free(acts);
			return KPDB_EXIT_OK;
		case ':':
			fprintf(stderr, "kpdb: option '%s' needs an argument\n", argv[at]);
			goto usage_error;
		default:
			fprintf(stderr, "kpdb: unknown option '%s'\n", argv[at]);
			goto usage_error;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "kpdb: unknown option '%s'\n", argv[optind]);
		goto usage_error;
	}
	if (ctx.tracing_dir && !*ctx.tracing_dir) {
		fprintf(stderr, "kpdb: --tracing-dir needs a directory\n");
		goto usage_error;
	}
	if (cleanup && nacts) {
		fprintf(stderr, "kpdb: --cleanup cannot be combined with -x or -ex\n");
		goto usage_error;
	}

	install_signals();
	if (cleanup) {
		status = do_cleanup(&ctx);
		free(acts);
		return status;
	}
	ctx.interactive = !ctx.batch && isatty(STDIN_FILENO);
	if (!ctx.dry_run)
		warn_stale(&ctx);

	for (int i = 0; i < nacts && !ctx.quit && !kpdb_exit_signal; i++) {
		int ret;

		if (acts[i].kind == ACT_FILE) {
			ret = kpdb_batch_file(&ctx, acts[i].arg);
			if (ret < 0 && !ctx.err_reported)
				kpdb_report_error(&ctx, NULL, ctx.err.msg);
		} else {
			ret = kpdb_batch_line(&ctx, acts[i].arg, NULL);
		}
		if (ret < 0)
			failed = true;
	}
	if (!ctx.batch && !ctx.quit && !kpdb_exit_signal) {
		if (ctx.interactive) {
			if (!ctx.quiet && !nacts)
				printf("kpdb %s: kernel probes, kdb style. Type 'help' for the commands.\n",
				       KPDB_VERSION);
			kpdb_repl(&ctx);
		} else if (kpdb_batch_stream(&ctx, stdin, "<stdin>", false) < 0) {
			failed = true;
		}
	}
	kpdb_ctx_release(&ctx);
	free(acts);
	if (kpdb_exit_signal) {
		/* the probes are gone; now die of the signal, as a well-behaved tool does */
		if (in_flags >= 0)
			fcntl(STDIN_FILENO, F_SETFL, in_flags);
		signal(kpdb_exit_signal, SIG_DFL);
		raise(kpdb_exit_signal);
	}
	if (failed && (ctx.batch || !ctx.interactive))
		status = KPDB_EXIT_FAIL;
	return status;

usage_error:
	fprintf(stderr, "Try 'kpdb --help' for more information.\n");
	free(acts);
	return KPDB_EXIT_USAGE;
}
