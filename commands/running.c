// SPDX-License-Identifier: GPL-2.0-or-later
/* running.c - ss and go: let the kernel run and show the hits. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "kpdb.h"
#include "watch.h"

static int parse_count(struct kpdb_ctx *ctx, const char *s, unsigned long *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v == 0 || s[0] == '-' || s[0] == '+')
		return kpdb_err_set(&ctx->err, "count '%s' is not a positive number", s);
	*out = v;
	return 0;
}

static int parse_seconds(struct kpdb_ctx *ctx, const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v <= 0 || v > 1e9)
		return kpdb_err_set(&ctx->err, "seconds '%s' is not a positive number", s);
	*out = v;
	return 0;
}

static int cmd_ss(struct kpdb_ctx *ctx, int argc, char **argv)
{
	struct kpdb_watch_opts opts = { .count = 1 };
	struct kpdb_watch_result res;

	if (argc == 2 && parse_count(ctx, argv[1], &opts.count) < 0)
		return -1;
	return kpdb_watch_run(ctx, &opts, &res);
}

static int cmd_go(struct kpdb_ctx *ctx, int argc, char **argv)
{
	struct kpdb_watch_opts opts = { .summary = true };
	struct kpdb_watch_result res;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			if (i + 1 == argc)
				return kpdb_err_set(&ctx->err, "no program after '--'");
			opts.program = &argv[i + 1];
			break;
		} else if (!strcmp(argv[i], "-n") && i + 1 < argc) {
			if (parse_count(ctx, argv[++i], &opts.count) < 0)
				return -1;
		} else if (!strcmp(argv[i], "-t") && i + 1 < argc) {
			if (parse_seconds(ctx, argv[++i], &opts.seconds) < 0)
				return -1;
		} else if (argv[i][0] == '-') {
			return KPDB_CMD_USAGE;
		} else {
			return kpdb_err_set(&ctx->err, "unexpected '%s': put the program after "
					    "'--' (go -- %s ...)", argv[i], argv[i]);
		}
	}
	if (ctx->batch && !opts.count && opts.seconds <= 0 && !opts.program)
		return kpdb_err_set(&ctx->err, "'go' in --batch needs -n COUNT, -t SECONDS or "
				    "-- PROGRAM: it would never end");
	if (kpdb_watch_run(ctx, &opts, &res) < 0)
		return -1;
	return 0;
}

static const char go_details[] =
	"Streams the decoded hits of the enabled breakpoints, one line each:\n"
	"  [CPU] TIMESTAMP COMM-PID bpN FUNC: name=value ...\n"
	"(with -j one JSON object per line), until Ctrl-C, COUNT hits (-n), SECONDS\n"
	"(-t, fractions allowed), or PROGRAM exits: kpdb starts it once the reader is\n"
	"ready, reports its exit status, prints the hits still buffered, and stops it\n"
	"(SIGTERM, then SIGKILL) if the loop ends first.  A last line tells how the\n"
	"loop ended and how many hits were shown; events the ring buffer lost are\n"
	"reported where they were lost, with their count.  Ctrl-C returns to the\n"
	"prompt; in --batch it fails the command, and 'go' without -n, -t or a\n"
	"PROGRAM is refused there.  Hits recorded while the prompt waited are shown\n"
	"first, in order: none is skipped.";

static const char ss_details[] =
	"Waits for the next COUNT hits (default 1) of the enabled breakpoints, prints\n"
	"them as 'go' does, and returns to the prompt.  An empty line repeats 'ss'.\n"
	"Hits recorded while the prompt waited count as the next ones.";

const struct kpdb_cmd kpdb_running_cmds[] = {
	{ .name = "ss", .fn = cmd_ss, .usage = "ss [COUNT]",
	  .help = "step: show the next COUNT hits (default 1)", .details = ss_details,
	  .flags = KPDB_CMD_TRACEFS | KPDB_CMD_REPEAT, .max_args = 1 },
	{ .name = "go", .fn = cmd_go, .usage = "go [-n COUNT] [-t SECONDS] [-- PROGRAM ARGS...]",
	  .help = "stream hits until Ctrl-C, COUNT hits, SECONDS, or PROGRAM exits",
	  .details = go_details, .flags = KPDB_CMD_TRACEFS },
	{ NULL },
};
