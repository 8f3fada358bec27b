// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * repl.c - the "(kpdb) " prompt: the only readline user.
 *
 * readline's callback interface with our own select() loop, so that SIGINT,
 * SIGTERM and SIGHUP (handled without SA_RESTART in main.c) are seen at once
 * instead of being swallowed inside readline().  What a word completes to
 * is complete.c's: here it is only handed to readline.
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

#include "batch.h"
#include "cmd.h"
#include "complete.h"
#include "kpdb.h"
#include "repl.h"

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

/* kpdb_complete's words, handed to readline one at a time by next_word(). */
static char **words;
static size_t words_pos;

static char *next_word(const char *text, int state)
{
	return words && words[words_pos] ? words[words_pos++] : NULL;
}

/* readline computes the common prefix and shows the list: the words are kpdb_complete's. */
static char **complete(const char *text, int start, int end)
{
	char **matches;

	rl_attempted_completion_over = 1;
	words = kpdb_complete(repl_ctx, rl_line_buffer, (size_t)start, text);
	if (!words)
		return NULL;
	words_pos = 0;
	matches = rl_completion_matches(text, next_word);
	/* readline owns the words it took; a signal may have stopped it early */
	for (size_t i = words_pos; words[i]; i++)
		free(words[i]);
	free(words);
	words = NULL;
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
		cmd = word ? kpdb_cmd_find(ctx, word) : NULL;
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
