// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * repl.c - the "(kpdb) " prompt: the only readline user.
 *
 * readline's callback interface with our own select() loop, so that SIGINT,
 * SIGTERM and SIGHUP (handled without SA_RESTART in main.c) are seen at once
 * instead of being swallowed inside readline().
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "backend.h"
#include "batch.h"
#include "cmd.h"
#include "kpdb.h"
#include "repl.h"
#include "resolver.h"

#define PROMPT "(kpdb) "

static struct kpdb_ctx *repl_ctx;
static char *pending_line;
static bool got_eof;

static char *histfile(void)
{
	const char *env = getenv("KPDB_HISTFILE");
	const char *home = getenv("HOME");
	char *path = NULL;

	if (env && *env)
		return strdup(env);
	if (!home || !*home)
		return NULL;
	if (asprintf(&path, "%s/.kpdb_history", home) < 0)
		return NULL;
	return path;
}

/* Commands whose first argument is a kernel function. */
static bool takes_function(const char *word)
{
	static const char *const verbs[] = { "bp", "info", "lat", NULL };

	for (int i = 0; verbs[i]; i++)
		if (!strcmp(word, verbs[i]))
			return true;
	return false;
}

static char *command_generator(const char *text, int state)
{
	static size_t it;
	static size_t len;
	const struct kpdb_cmd *cmd;

	if (!state) {
		it = 0;
		len = strlen(text);
	}
	while ((cmd = kpdb_cmd_next(&it)))
		if (!strncmp(cmd->name, text, len))
			return strdup(cmd->name);
	return NULL;
}

static void free_strv(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* The debug info, opened on the first completion that needs it; NULL if none. */
static struct kpdb_dwarf *repl_dwarf(void)
{
	if (!repl_ctx->dw && !repl_ctx->dw_tried && kpdb_ctx_dwarf(repl_ctx) < 0)
		kpdb_err_clear(&repl_ctx->err);
	return repl_ctx->dw;
}

/*
 * Function names come sorted from the backend: a binary search finds the
 * first match, so completion stays instant on 50,000+ names.  Then the
 * always-inlined functions of the debug info: they have no symbol of their
 * own, so the kernel's list lacks them.
 */
static char *function_generator(const char *text, int state)
{
	static const char *const *names;
	static size_t n, pos, ipos;
	static size_t len;
	static char **inlined;

	if (!state) {
		size_t lo = 0, hi;

		names = NULL;
		n = 0;
		if (!repl_ctx->tfs && !repl_ctx->dry_run)
			kpdb_ctx_tracefs(repl_ctx);
		if (repl_ctx->tfs)
			names = kpdb_tfs_functions(repl_ctx->tfs, &n);
		len = strlen(text);
		hi = n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (strcmp(names[mid], text) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		pos = lo;
		free_strv(inlined);
		inlined = len && repl_dwarf() ? kpdb_dwarf_inlined_functions(repl_ctx->dw, text) :
			  NULL;
		ipos = 0;
	}
	if (pos < n && !strncmp(names[pos], text, len))
		return strdup(names[pos++]);
	if (inlined && inlined[ipos])
		return strdup(inlined[ipos++]);
	return NULL;
}

static char **argument_matches(const char *func, const char *text)
{
	char **cands, **matches;
	size_t n = 0;

	if (!repl_dwarf())
		return NULL;
	cands = kpdb_dwarf_complete(repl_ctx->dw, func, text);
	if (!cands || !cands[0]) {
		free(cands);
		return NULL;
	}
	while (cands[n])
		n++;
	/* readline wants the common prefix first */
	matches = calloc(n + 2, sizeof(*matches));
	if (!matches) {
		free_strv(cands);
		return NULL;
	}
	memcpy(matches + 1, cands, n * sizeof(*cands));
	free(cands);
	{
		size_t common = strlen(matches[1]);

		for (size_t i = 2; i <= n; i++) {
			size_t k = 0;

			while (k < common && matches[i][k] == matches[1][k])
				k++;
			common = k;
		}
		matches[0] = strndup(matches[1], common);
	}
	if (n == 1) {
		free(matches[0]);
		matches[0] = matches[1];
		matches[1] = NULL;
	}
	return matches;
}

static char **complete(const char *text, int start, int end)
{
	char **argv = NULL;
	char *head = strndup(rl_line_buffer, start);
	int argc;
	char **matches = NULL;

	rl_attempted_completion_over = 1;
	if (!head)
		return NULL;
	argc = kpdb_split(head, &argv, NULL);
	if (argc == 0) {
		matches = rl_completion_matches(text, command_generator);
	} else if (argc == 1 && !strcmp(argv[0], "help")) {
		matches = rl_completion_matches(text, command_generator);
	} else if (argc == 1 && takes_function(argv[0])) {
		matches = rl_completion_matches(text, function_generator);
	} else if (argc >= 2 && !strcmp(argv[0], "bp")) {
		int f = 1;

		while (f < argc && argv[f][0] == '-')
			f += (!strcmp(argv[f], "-n")) ? 2 : 1;
		if (f == argc)
			matches = rl_completion_matches(text, function_generator);
		else if (f < argc)
			matches = argument_matches(argv[f], text);
	}
	kpdb_argv_free(argc >= 0 ? argv : NULL);
	free(head);
	return matches;
}

static void on_line(char *line)
{
	/* removed here, or readline prints the prompt again before the output */
	rl_callback_handler_remove();
	if (!line) {
		got_eof = true;
		return;
	}
	pending_line = line;
}

/*
 * A Ctrl-C pressed while a command ran was meant for that command: the tty
 * has also discarded what was typed ahead, so taken at the prompt it would
 * look like Ctrl-C on an empty line and leave kpdb.  Drop it.
 */
static void absorb_sigint(void)
{
	struct timespec zero = { 0, 0 };
	sigset_t intr;

	sigemptyset(&intr);
	sigaddset(&intr, SIGINT);
	while (sigtimedwait(&intr, NULL, &zero) > 0)
		;
	kpdb_interrupted = 0;
}

static void run_prompt_line(struct kpdb_ctx *ctx, char *line, int *last)
{
	char *p = line;
	const struct kpdb_cmd *cmd;

	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p) {
		/* an empty line repeats a repeatable command, as in gdb and kdb */
		if (!ctx->last_cmd)
			return;
		p = (char *)ctx->last_cmd;
	} else {
		char *word = strndup(p, strcspn(p, " \t"));

		add_history(p);
		cmd = word ? kpdb_cmd_find(word) : NULL;
		free(word);
		ctx->last_cmd = (cmd && (cmd->flags & KPDB_CMD_REPEAT)) ? cmd->name : NULL;
	}
	kpdb_interrupted = 0;
	*last = kpdb_batch_line(ctx, p, NULL);
}

int kpdb_repl(struct kpdb_ctx *ctx)
{
	char *hist = histfile();
	sigset_t sigs, orig;
	int last = 0;
	/*
	 * A command was just stopped with Ctrl-C and no key was typed since:
	 * users press Ctrl-C more than once to stop a busy go, and the
	 * presses that land at the prompt must not leave kpdb (and remove
	 * every breakpoint).  Leaving takes 'quit', Ctrl-D, or a Ctrl-C at
	 * an empty prompt that was not just interrupted.
	 */
	bool just_interrupted = false;

	repl_ctx = ctx;
	rl_readline_name = "kpdb";
	rl_attempted_completion_function = complete;
	rl_basic_word_break_characters = " \t";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 1;
	using_history();
	if (hist)
		read_history(hist);

	/*
	 * The signals stay blocked except inside pselect() and while a
	 * command runs, so a Ctrl-C that arrives while readline handles a
	 * key is not lost: it interrupts the next pselect().
	 */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	sigprocmask(SIG_BLOCK, &sigs, &orig);

	rl_callback_handler_install(PROMPT, on_line);
	while (!ctx->quit && !got_eof && !kpdb_exit_signal) {
		fd_set fds;

		FD_ZERO(&fds);
		FD_SET(STDIN_FILENO, &fds);
		if (pselect(STDIN_FILENO + 1, &fds, NULL, NULL, NULL, &orig) < 0) {
			if (errno != EINTR)
				break;
			if (kpdb_interrupted) {
				kpdb_interrupted = 0;
				if (rl_end == 0 && just_interrupted) {
					just_interrupted = false;
					fputs("^C\n(type 'quit' or press Ctrl-D to leave kpdb)\n",
					      stdout);
					rl_on_new_line();
					rl_redisplay();
				} else if (rl_end == 0) {
					/* Ctrl-C on an empty line leaves, cleaning up */
					fputc('\n', stdout);
					break;
				}
				/* Ctrl-C with text typed cancels the line, as in a shell */
				rl_free_line_state();
				rl_replace_line("", 0);
				fputs("^C\n", stdout);
				rl_on_new_line();
				rl_redisplay();
			}
			continue;
		}
		rl_callback_read_char();
		just_interrupted = false;
		if (pending_line) {
			char *line = pending_line;
			sig_atomic_t sigints = kpdb_sigints;

			pending_line = NULL;
			sigprocmask(SIG_SETMASK, &orig, NULL);
			run_prompt_line(ctx, line, &last);
			sigprocmask(SIG_BLOCK, &sigs, NULL);
			absorb_sigint();
			just_interrupted = kpdb_sigints != sigints;
			free(line);
			if (!ctx->quit && !kpdb_exit_signal)
				rl_callback_handler_install(PROMPT, on_line);
		}
	}
	if (got_eof)
		fputc('\n', stdout);
	rl_callback_handler_remove();
	sigprocmask(SIG_SETMASK, &orig, NULL);
	if (hist) {
		stifle_history(1000);
		write_history(hist);
		free(hist);
	}
	/* the entries are ours to free; a leak checker then sees readline's state only */
	clear_history();
	return last;
}
