/* SPDX-License-Identifier: GPL-2.0-or-later */
/* repl.h - the interactive prompt: the only readline user. */
#ifndef KPDB_REPL_H
#define KPDB_REPL_H

struct kpdb_ctx;

/*
 * kpdb_repl - read commands at the "(kpdb) " prompt until quit, Ctrl-D,
 * SIGTERM or SIGHUP (or SIGINT on an empty line).  History lives in
 * $KPDB_HISTFILE or ~/.kpdb_history.  Returns 0, or -1 if the last command
 * failed.
 */
int kpdb_repl(struct kpdb_ctx *ctx);

/* Set by main.c's handlers: the signal that asked kpdb to leave, or 0. */
extern volatile int kpdb_exit_signal;

#endif
