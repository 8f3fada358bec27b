// SPDX-License-Identifier: GPL-2.0-or-later
/* all.c - every command family, in the order help, completion and --list-cmds show them. */
#include <stddef.h>

#include "cmd.h"

const struct kpdb_cmd *const kpdb_all_cmds[] = {
	kpdb_breakpoint_cmds,
	kpdb_running_cmds,
	kpdb_stack_cmds,
	kpdb_lat_cmds,
	kpdb_types_cmds,
	kpdb_inspect_cmds,
	kpdb_system_cmds,
	kpdb_session_cmds,
	NULL,
};
