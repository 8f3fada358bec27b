/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * complete.h - what a word typed at the prompt completes to: command
 * names, kernel functions and a probe's arguments.  No readline here:
 * repl.c hands the line over and gives readline the words.
 */
#ifndef KPDB_COMPLETE_H
#define KPDB_COMPLETE_H

#include <stddef.h>

struct kpdb_ctx;

/**
 * kpdb_complete - the words that can replace the word being typed
 * @ctx: the session; the backend and the debug info are opened on first need
 * @line: the whole line typed so far
 * @start: where the word starts in @line
 * @text: the word, up to the cursor
 *
 * The first word is a command name, as is the one after `help`; the word
 * after bp, info and lat (after bp's options) a kernel function: those of
 * the backend's list, then the always-inlined functions of the debug info,
 * which have no symbol for the kernel to list; the words after bp's
 * function are its arguments: parameters and member paths
 * ("sk->__sk_common.skc_dport").
 *
 * Return: a NULL-terminated array of malloc'ed words, in the order to show
 * them, freed with kpdb_argv_free(); NULL when nothing completes.
 */
char **kpdb_complete(struct kpdb_ctx *ctx, const char *line, size_t start, const char *text);

#endif
