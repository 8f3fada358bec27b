// SPDX-License-Identifier: GPL-2.0-or-later
/* session.c - help quit source echo set: the shell's own verbs. */
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "cmd.h"
#include "kpdb.h"
#include "output.h"

static void help_json(struct kpdb_ctx *ctx, const struct kpdb_cmd *cmd)
{
	struct kpdb_json j;

	kpdb_json_begin(&j, ctx->out);
	kpdb_json_kv_str(&j, "command", cmd->name);
	kpdb_json_kv_str(&j, "usage", cmd->usage);
	kpdb_json_kv_str(&j, "help", cmd->help);
	if (cmd->details)
		kpdb_json_kv_str(&j, "details", cmd->details);
	kpdb_json_end(&j);
}

static int cmd_help(struct kpdb_ctx *ctx, int argc, char **argv)
{
	const struct kpdb_cmd *cmd;
	size_t i = 0;

	if (argc == 2) {
		cmd = kpdb_cmd_find(ctx, argv[1]);
		if (!cmd)
			return kpdb_err_set(&ctx->err, "unknown command '%s'; try 'help'", argv[1]);
		if (ctx->json) {
			help_json(ctx, cmd);
			return 0;
		}
		fprintf(ctx->out, "usage: %s\n%s\n", cmd->usage, cmd->help);
		if (cmd->details)
			fprintf(ctx->out, "\n%s\n", cmd->details);
		return 0;
	}
	while ((cmd = kpdb_cmd_next(ctx, &i))) {
		if (ctx->json)
			help_json(ctx, cmd);
		else
			fprintf(ctx->out, "  %-10s %s\n", cmd->name, cmd->help);
	}
	if (!ctx->json)
		fprintf(ctx->out, "\nType 'help CMD' for a command's usage and details.\n");
	return 0;
}

static int cmd_quit(struct kpdb_ctx *ctx, int argc, char **argv)
{
	ctx->quit = true;
	return 0;
}

static int cmd_source(struct kpdb_ctx *ctx, int argc, char **argv)
{
	return kpdb_batch_file(ctx, argv[1]);
}

static int cmd_echo(struct kpdb_ctx *ctx, int argc, char **argv)
{
	if (ctx->json) {
		struct kpdb_json j;
		size_t len = 0;
		char *text;

		for (int i = 1; i < argc; i++)
			len += strlen(argv[i]) + 1;
		text = calloc(1, len + 1);
		if (!text)
			return kpdb_err_set(&ctx->err, "out of memory");
		for (int i = 1; i < argc; i++) {
			if (i > 1)
				strcat(text, " ");
			strcat(text, argv[i]);
		}
		kpdb_json_begin(&j, ctx->out);
		kpdb_json_kv_str(&j, "echo", text);
		kpdb_json_end(&j);
		free(text);
		return 0;
	}
	for (int i = 1; i < argc; i++)
		fprintf(ctx->out, "%s%s", i > 1 ? " " : "", argv[i]);
	fputc('\n', ctx->out);
	fflush(ctx->out);
	return 0;
}

static int cmd_set(struct kpdb_ctx *ctx, int argc, char **argv)
{
	if (strcmp(argv[1], "json"))
		return KPDB_CMD_USAGE;
	if (!strcmp(argv[2], "on"))
		ctx->json = true;
	else if (!strcmp(argv[2], "off"))
		ctx->json = false;
	else
		return kpdb_err_set(&ctx->err, "'set json' takes 'on' or 'off', not '%s'", argv[2]);
	return 0;
}

const struct kpdb_cmd kpdb_session_cmds[] = {
	{ .name = "help", .fn = cmd_help, .usage = "help [CMD]",
	  .help = "list the commands, or show one command's usage", .max_args = 1 },
	{ .name = "quit", .fn = cmd_quit, .usage = "quit",
	  .help = "remove this session's probes (unless --keep) and leave",
	  .details = "Ctrl-D, SIGTERM and SIGHUP do the same.", .max_args = KPDB_CMD_NO_ARGS },
	{ .name = "source", .fn = cmd_source, .usage = "source FILE",
	  .help = "run the commands in FILE, stopping at the first error",
	  .details = "'#' starts a comment line; a line ending in '\\' continues on the next.",
	  .min_args = 1, .max_args = 1 },
	{ .name = "echo", .fn = cmd_echo, .usage = "echo TEXT", .help = "print TEXT" },
	{ .name = "set", .fn = cmd_set, .usage = "set json on|off",
	  .help = "switch JSON Lines output on or off", .min_args = 2, .max_args = 2 },
	{ NULL },
};
