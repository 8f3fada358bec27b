/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd.h - the one dispatcher over the per-family command tables.
 * Adding a verb is one row in a table and one handler.
 */
#ifndef KPDB_CMD_H
#define KPDB_CMD_H

#include <stdbool.h>

#include <stddef.h>

struct kpdb_ctx;

/* Preconditions the dispatcher checks before calling the handler. */
enum {
	KPDB_CMD_TRACEFS = 1 << 0,	/* opens tracefs unless --dry-run */
	KPDB_CMD_DWARF = 1 << 1,	/* needs debug info */
	KPDB_CMD_REPEAT = 1 << 2,	/* an empty line at the prompt repeats it */
	KPDB_CMD_FMT = 1 << 3,		/* takes gdb's /FMT suffix: "p/x" */
};

/* .max_args of a command that takes no words: 0 there means no limit. */
#define KPDB_CMD_NO_ARGS	(-1)

/*
 * A handler returns 0, -1 with ctx->err set, or KPDB_CMD_USAGE when the
 * words do not fit its usage line; the dispatcher reports the error, or
 * says that usage line, once.  argv[0] is the command name.
 */
#define KPDB_CMD_USAGE		(-2)

typedef int (*kpdb_cmd_fn)(struct kpdb_ctx *ctx, int argc, char **argv);

struct kpdb_cmd {
	const char *name;
	kpdb_cmd_fn fn;
	const char *usage;	/* "bp [-r] [-n NAME] LOCATION [ARG]... [if FILTER]" */
	const char *help;	/* one line */
	const char *details;	/* longer text for `help CMD`, or NULL */
	unsigned int flags;
	/*
	 * How many words may follow the name.  Outside these bounds the
	 * dispatcher prints the usage before checking any precondition (ptype
	 * with no type is a usage error, not "no debug info"), and the handler
	 * is not called.
	 */
	int min_args;
	int max_args;		/* 0: no limit; KPDB_CMD_NO_ARGS: none */
};

/* The families, each a table ending with a { NULL } row. */
extern const struct kpdb_cmd kpdb_breakpoint_cmds[];
extern const struct kpdb_cmd kpdb_running_cmds[];
extern const struct kpdb_cmd kpdb_stack_cmds[];
extern const struct kpdb_cmd kpdb_lat_cmds[];
extern const struct kpdb_cmd kpdb_types_cmds[];
extern const struct kpdb_cmd kpdb_inspect_cmds[];
extern const struct kpdb_cmd kpdb_system_cmds[];
extern const struct kpdb_cmd kpdb_session_cmds[];

/*
 * Every family, in the order help lists them, then NULL (commands/all.c):
 * the commands main.c gives the session, ctx->cmds.  The dispatcher knows
 * no table but those it is given, so that a command may use it (help,
 * source, a kprobe line pasted to p) without calling back into a file that
 * calls it.
 */
extern const struct kpdb_cmd *const kpdb_all_cmds[];

/* Look a command of ctx->cmds up by its full name; NULL if unknown. */
const struct kpdb_cmd *kpdb_cmd_find(const struct kpdb_ctx *ctx, const char *name);

/* Iterate over ctx->cmds: call with *i = 0, returns NULL at the end. */
const struct kpdb_cmd *kpdb_cmd_next(const struct kpdb_ctx *ctx, size_t *i);

/*
 * kpdb_cmd_run_line - split @line into words (quotes, and parentheses that
 * keep `(struct sockaddr_in *)p` one word) and dispatch.  An empty or
 * comment line does nothing.  Returns 0, or -1 with ctx->err set.
 */
int kpdb_cmd_run_line(struct kpdb_ctx *ctx, const char *line);

/* Dispatch already split words. */
int kpdb_cmd_run(struct kpdb_ctx *ctx, int argc, char **argv);

/*
 * kpdb_cmd_select - dispatch a subcommand, as bpftool's cmd_select(): argv[0]
 * names a row of @table (ending with a { NULL } row), checked and called as
 * the dispatcher checks and calls a command.  A handler such as info's
 * returns what this returns: KPDB_CMD_USAGE for a word that names no row or
 * a count the row does not take, so the error says the command's usage.
 */
int kpdb_cmd_select(struct kpdb_ctx *ctx, const struct kpdb_cmd *table, int argc, char **argv);

/*
 * kpdb_split - split @line into words.  Returns the count (>= 0) and a
 * NULL-terminated malloc'ed array in *argvp, or -1 with @err set
 * (unterminated quote, unbalanced parenthesis).
 */
struct kpdb_err;
int kpdb_split(const char *line, char ***argvp, struct kpdb_err *err);
void kpdb_argv_free(char **argv);

/*
 * kpdb_confirm - ask @question on stderr and read the answer, the next line
 * of standard input (the terminal at the prompt, a line at a time, or the
 * script piped to kpdb).  True for y, yes or Y.
 */
bool kpdb_confirm(const char *question);

#endif
