// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd.c - the one dispatcher.  Every verb is a row in a family table; the
 * preconditions in the row's flags are checked here, not in the handlers.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "kpdb.h"
#include "probe-spec.h"

const struct kpdb_cmd *kpdb_cmd_next(const struct kpdb_ctx *ctx, size_t *i)
{
	size_t fam = *i >> 16, row = *i & 0xffff;

	while (ctx->cmds && ctx->cmds[fam]) {
		if (ctx->cmds[fam][row].name) {
			*i = (fam << 16) | (row + 1);
			return &ctx->cmds[fam][row];
		}
		fam++;
		row = 0;
	}
	*i = fam << 16;
	return NULL;
}

static const struct kpdb_cmd *find_in(const struct kpdb_cmd *table, const char *name)
{
	for (; table->name; table++)
		if (!strcmp(table->name, name))
			return table;
	return NULL;
}

const struct kpdb_cmd *kpdb_cmd_find(const struct kpdb_ctx *ctx, const char *name)
{
	const struct kpdb_cmd *cmd = NULL;

	for (size_t f = 0; !cmd && ctx->cmds && ctx->cmds[f]; f++)
		cmd = find_in(ctx->cmds[f], name);
	return cmd;
}

static bool args_fit(const struct kpdb_cmd *cmd, int nargs)
{
	if (nargs < cmd->min_args)
		return false;
	if (cmd->max_args == KPDB_CMD_NO_ARGS)
		return nargs == 0;
	return !cmd->max_args || nargs <= cmd->max_args;
}

/*
 * Check @cmd's bounds and preconditions, then call it.  KPDB_CMD_USAGE goes
 * back up: the top level says whose usage line it is.
 */
static int call(struct kpdb_ctx *ctx, const struct kpdb_cmd *cmd, int argc, char **argv)
{
	if (!args_fit(cmd, argc - 1))
		return KPDB_CMD_USAGE;
	if ((cmd->flags & KPDB_CMD_TRACEFS) && !ctx->dry_run && kpdb_ctx_tracefs(ctx) < 0)
		return -1;
	if ((cmd->flags & KPDB_CMD_DWARF) && kpdb_ctx_dwarf(ctx) < 0)
		return -1;
	return cmd->fn(ctx, argc, argv);
}

int kpdb_cmd_select(struct kpdb_ctx *ctx, const struct kpdb_cmd *table, int argc, char **argv)
{
	const struct kpdb_cmd *cmd = argc > 0 ? find_in(table, argv[0]) : NULL;

	return cmd ? call(ctx, cmd, argc, argv) : KPDB_CMD_USAGE;
}

int kpdb_cmd_run(struct kpdb_ctx *ctx, int argc, char **argv)
{
	const struct kpdb_cmd *cmd;
	int ret;

	kpdb_err_clear(&ctx->err);
	if (argc == 0)
		return 0;
	cmd = kpdb_cmd_find(ctx, argv[0]);
	if (!cmd && strchr(argv[0], '/')) {
		/* gdb's "p/x": the handler reads the format from argv[0] */
		char name[32];

		snprintf(name, sizeof(name), "%.*s", (int)(strchr(argv[0], '/') - argv[0]),
			 argv[0]);
		cmd = kpdb_cmd_find(ctx, name);
		if (cmd && !(cmd->flags & KPDB_CMD_FMT))
			cmd = NULL;
	}
	if (!cmd && argc > 1 && kpdb_probe_spec_is_pasted(argv[0])) {
		/* a line pasted from kprobe_events or a guide is a `bp` */
		char **v = calloc(argc + 2, sizeof(*v));

		if (!v)
			return kpdb_err_set(&ctx->err, "out of memory");
		v[0] = "bp";
		memcpy(v + 1, argv, argc * sizeof(*v));
		ret = kpdb_cmd_run(ctx, argc + 1, v);
		free(v);
		return ret;
	}
	if (!cmd)
		return kpdb_err_set(&ctx->err, "unknown command '%s'; try 'help'", argv[0]);
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fprintf(ctx->out, "usage: %s\n%s\n", cmd->usage, cmd->help);
		return 0;
	}
	ret = call(ctx, cmd, argc, argv);
	if (ret == KPDB_CMD_USAGE)
		return kpdb_err_set(&ctx->err, "usage: %s", cmd->usage);
	return ret;
}

int kpdb_cmd_run_line(struct kpdb_ctx *ctx, const char *line)
{
	char **argv;
	int argc, ret;

	kpdb_err_clear(&ctx->err);
	while (*line == ' ' || *line == '\t')
		line++;
	if (*line == '#')
		return 0;
	argc = kpdb_split(line, &argv, &ctx->err);
	if (argc < 0)
		return -1;
	ret = kpdb_cmd_run(ctx, argc, argv);
	kpdb_argv_free(argv);
	if (ret < 0)
		kpdb_btf_explain(ctx);
	return ret;
}

bool kpdb_confirm(const char *question)
{
	char line[64];

	fprintf(stderr, "%s [y/N] ", question);
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	line[strcspn(line, "\r\n")] = '\0';
	return !strcmp(line, "y") || !strcmp(line, "yes") || !strcmp(line, "Y");
}
