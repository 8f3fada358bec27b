/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probe.h - shared by probe.c (definitions, events) and fetcharg.c (the
 * argument parser): kernel limits, error codes, the error_log context.
 */
#ifndef FAKETFS_PROBE_H
#define FAKETFS_PROBE_H

#include "faketfs.h"

#define MAX_TRACE_ARGS		128
#define MAX_ARGSTR_LEN		63
#define MAX_ARRAY_LEN		64
#define MAX_ARG_NAME_LEN	32
#define PARAM_MAX_STACK		2048	/* THREAD_SIZE / sizeof(long) on x86_64 */
#define KRETPROBE_MAXACTIVE_MAX	4096
#define WRITE_BUFSIZE		4096
#define FETCH_INSN_MAX		16
#define FIRST_DYN_ID		1600	/* after the static events of a typical kernel */

#define TPARG_FL_RETURN	1
#define TPARG_FL_KERNEL	2
#define TPARG_FL_FENTRY	4
#define TPARG_FL_MASK	7

/* The ERRORS list of kernel/trace/trace_probe.h (6.1 plus NON_UNIQ_SYMBOL). */
enum tp_err {
	E_MAXACT_NO_KPROBE, E_BAD_MAXACT, E_MAXACT_TOO_BIG, E_BAD_PROBE_ADDR,
	E_NON_UNIQ_SYMBOL, E_BAD_RETPROBE, E_BAD_ADDR_SUFFIX, E_NO_GROUP_NAME,
	E_GROUP_TOO_LONG, E_BAD_GROUP_NAME, E_NO_EVENT_NAME, E_EVENT_TOO_LONG,
	E_BAD_EVENT_NAME, E_RETVAL_ON_PROBE, E_BAD_STACK_NUM, E_BAD_ARG_NUM, E_BAD_VAR,
	E_BAD_REG_NAME, E_BAD_MEM_ADDR, E_BAD_IMM, E_IMMSTR_NO_CLOSE, E_FILE_ON_KPROBE,
	E_TOO_MANY_OPS, E_DEREF_NEED_BRACE, E_BAD_DEREF_OFFS, E_DEREF_OPEN_BRACE,
	E_COMM_CANT_DEREF, E_BAD_FETCH_ARG, E_ARRAY_NO_CLOSE, E_BAD_ARRAY_SUFFIX,
	E_BAD_ARRAY_NUM, E_ARRAY_TOO_BIG, E_BAD_TYPE, E_BAD_STRING, E_BAD_BITFIELD,
	E_ARG_NAME_TOO_LONG, E_NO_ARG_NAME, E_BAD_ARG_NAME, E_USED_ARG_NAME,
	E_ARG_TOO_LONG, E_NO_ARG_BODY, E_BAD_INSN_BNDRY, E_FAIL_REG_PROBE,
	E_DIFF_PROBE_TYPE, E_DIFF_ARG_TYPE, E_SAME_PROBE,
};

struct plog {
	struct fk_state *st;
	int argc;
	char **argv;
	int index;
	bool active;
};

int fk_alloc_event_id(struct fk_state *st);
int fk_kstrtol(const char *s, unsigned int base, long *res);
int fk_kstrtoul(const char *s, unsigned int base, unsigned long *res);
int fk_kstrtouint(const char *s, unsigned int base, unsigned int *res);
char **fk_argv_split(const char *s, int *argc);
void fk_argv_free(char **argv);
void fk_log_err(struct plog *l, int offset, enum tp_err err);
int fk_parse_probe_arg(struct plog *log, struct fk_probe *p, int i, const char *arg,
		       unsigned int flags);

#endif
