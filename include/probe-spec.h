/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probe-spec.h - the text of a `bp` command <-> struct kpdb_probe_spec, and
 * the spec -> kprobe definition line.  Pure code, table-tested: no I/O.
 *
 * The flow: kpdb_probe_spec_parse() fills location, args and filter text;
 * raw fetchargs are complete after parsing, C expressions (c_expr) are
 * completed by the DWARF resolver (fetch, ktype, ptr, fmt); then
 * kpdb_probe_spec_definition() and kpdb_probe_spec_filter() build what is
 * written to tracefs.
 *
 * Conventions the other modules rely on:
 *  - Argument names: NAME= as given (a C identifier of at most
 *    KPDB_ARG_NAME_MAX (32) characters, the kernel's MAX_ARG_NAME_LEN; 25 for
 *    a sockaddr, whose fields add "__apath"); else derived from EXPR: %di ->
 *    di, +4(%si) -> si_4, +0(+8(%si)) -> si_8_0, -8(%bp) -> bp_m8,
 *    @jiffies+8 -> jiffies_8, $retval -> retval, $stack2 -> stack2, \123 ->
 *    imm, C expressions -> their last member with its constant indexes
 *    (p->arr[3] -> arr_3).  Derived names never take an explicit one and get
 *    _2, _3... when repeated; they are cut only where the kernel's limit
 *    requires (to 32 characters, with room for the _N).
 *    Hidden (filter-only) arguments are named f1, f2...: a field name the
 *    user never wrote, so messages name them by their expression
 *    (kpdb_probe_spec_explain()).
 *  - A string fetched from a register, $stackN, $argN or $retval needs a
 *    memory reference since Linux 4.20: "%di:string" becomes the fetch
 *    "+0(%di)" (what older kernels did implicitly).
 *  - @user: a raw "+4(%si)" becomes "+u4(%si)" (outermost dereference); on
 *    a sockaddr/ipv6 pointer or a string, the added dereference is "+u".
 *  - The resolver completes SYMBOL:LINE and FILE:LINE by setting symbol and
 *    offset and clearing line (location keeps the text as typed); a spec with
 *    line != 0 has no address yet.  It fills fetch (and ktype unless the
 *    user gave a kernel type, kept in ktype) of every c_expr argument.
 *  - MOD:SYMBOL[+OFF] is a module's function (module set, symbol without
 *    MOD:), written to the kernel as MOD:SYMBOL, whether the module is
 *    loaded or not (the kernel keeps the probe pending until it is).
 *    kpdb does not probe raw addresses or set uprobes.
 */
#ifndef KPDB_PROBE_SPEC_H
#define KPDB_PROBE_SPEC_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "format.h"
#include "kprobe-limits.h"

struct kpdb_arg {
	char *name;		/* event field name (NAME= or derived from expr) */
	char *expr;		/* EXPR as typed, without NAME=, :TYPE and @user */
	char *type;		/* TYPE as typed after ':', or NULL */
	enum kpdb_fmt fmt;	/* kpdb format (from TYPE or chosen by DWARF) */
	bool c_expr;		/* EXPR is C, to be resolved through DWARF */
	bool user;		/* @user suffix: fetch from user memory */

	/* complete for raw fetchargs after parsing; filled by the resolver for C */
	char *fetch;		/* kernel fetcharg: "%si", "+4(%si)", "$retval" */
	char *ktype;		/* kernel fetch type ("u32", "string", "b3@5/32"), or NULL */
	bool ptr;		/* aggregate formats: fetch yields a pointer to the object,
				 * else fetch is the object itself in memory ("+A(X)") */
	bool hidden;		/* added for a filter, not printed */
	char *ctype;		/* C type of a resolved expression, for display, or NULL */
	bool bit_signed;	/* ktype b<w>@..: of a signed C type, shown sign-extended */
};

struct kpdb_probe_spec {
	bool retprobe;		/* -r, SYMBOL%return, r: */
	char *name;		/* -n NAME / p:NAME, or NULL */
	char *location;		/* LOCATION as typed */
	char *module;		/* MOD of MOD:SYMBOL (a module's function), or NULL */
	char *symbol;		/* SYMBOL, or NULL for FILE:LINE */
	unsigned long offset;	/* SYMBOL+OFFSET */
	int which;		/* SYMBOL#N: the N-th function of that name, by address
				 * (from 1), for a name with several; else 0 */
	char *file;		/* FILE of FILE:LINE, or NULL */
	int line;		/* LINE of SYMBOL:LINE / FILE:LINE, or 0 */
	int maxactive;		/* rN: of a pasted kretprobe line, or 0 */
	bool pasted;		/* a kprobe_events line (p:NAME ...): probed as written */

	struct kpdb_arg *args;
	size_t nargs;

	char *filter;		/* text after "if", tokens joined by spaces, or NULL */
};

/*
 * Filter syntax: `EXPR OP VALUE` terms joined by && and ||, grouped with
 * parentheses; OP is == != < <= > >= & ~.  EXPR is, in this order: an
 * argument name, a sockaddr argument's NAME.port / NAME.family / NAME.addr /
 * NAME.path, the hit's own `comm` (a string) or `pid` (common_pid), a
 * common_* field, or an expression (raw or C, with :TYPE), matched against
 * the arguments' EXPR or else added as a hidden argument; a parameter named
 * comm or pid is compared as an argument of the breakpoint, or as an
 * expression with a type (pid:s32).  VALUE goes
 * through the field's format: 127.0.0.1 (ipv4), 4444 (port), ECONNREFUSED
 * (errno), AF_INET (family); strings are quoted.  ipv4 and port values only
 * take == and != (their order is network byte order).
 */

/*
 * kpdb_probe_spec_parse - parse the words of `bp` (after "bp").
 * Accepts `[-r] [-n NAME] LOCATION [ARG]... [if FILTER]` and a pasted kprobe
 * line `p[:[GRP/]NAME] SYMBOL ARGS` / `r[N][:[GRP/]NAME] ...`.
 * Returns 0, or -1 with @err naming the problem.  @spec is zeroed first and
 * owns its strings; release with kpdb_probe_spec_free().
 */
int kpdb_probe_spec_parse(int argc, char **argv, struct kpdb_probe_spec *spec,
			  struct kpdb_err *err);

void kpdb_probe_spec_free(struct kpdb_probe_spec *spec);

/*
 * Whether @w is the first word of a kprobe_events line ("p", "r", "p:NAME",
 * "r10:GRP/NAME"): such a line, pasted at the prompt, is a `bp`.
 */
bool kpdb_probe_spec_is_pasted(const char *w);

/* Whether the @n bytes at @s name a source file: a '/' in them, or a .c or .h end. */
bool kpdb_probe_spec_is_file(const char *s, size_t n);

/* Whether @s is a line number: digits only, at least one. */
bool kpdb_probe_spec_is_line(const char *s);

/* A deep copy of @src into @dst (released with kpdb_probe_spec_free).  0, or -1: no memory. */
int kpdb_probe_spec_copy(struct kpdb_probe_spec *dst, const struct kpdb_probe_spec *src);

/* True if some argument (c_expr, resolved or not) or the location needs debug info. */
bool kpdb_probe_spec_needs_dwarf(const struct kpdb_probe_spec *spec);

/*
 * kpdb_probe_spec_definition - the kprobe_events line, without the newline:
 * "p:GROUP/EVENT SYMBOL+OFF name=fetch:type ..." ("r:" for return probes,
 * "rN:" with maxactive; ":type" omitted when ktype is NULL).  kpdb formats
 * are mapped to kernel fetch types: ipv4 u32, port u16, errno s64, hex x64,
 * dec s64 (raw fetches; the resolver picks widths for C), ipv6 x8[16],
 * sockaddr expands to kpdb_sockaddr_fields.  Fails on an unresolved C
 * argument ("argument 'x' needs debug info to resolve 'EXPR'"), an
 * unresolved location, or a kernel limit (63-character fetch:type, 128
 * fields, 4095-character line).
 * Returns a malloc'ed string, or NULL with @err set.
 */
char *kpdb_probe_spec_definition(const struct kpdb_probe_spec *spec, const char *group,
				 const char *event, struct kpdb_err *err);

/*
 * The "SYMBOL+OFF" / "SYMBOL" probe address part of the definition (offset in
 * decimal, as the kernel lists it), malloc'ed; NULL if the location still
 * needs debug info (FILE:LINE, SYMBOL:LINE) or memory ran out.
 */
char *kpdb_probe_spec_address(const struct kpdb_probe_spec *spec);

/*
 * kpdb_probe_spec_filter - compile spec->filter into a tracefs filter on the
 * event's own fields (argument names; format values such as 127.0.0.1 or
 * a port are converted to what the kernel compares).
 * Returns a malloc'ed string (NULL if there is no filter) with *ret 0, or
 * NULL with *ret -1 and @err set.
 */
char *kpdb_probe_spec_filter(const struct kpdb_probe_spec *spec, int *ret, struct kpdb_err *err);

/*
 * kpdb_probe_spec_explain - word @err, a failure about @spec (from the
 * resolver, which names a failing argument "argument 'NAME': ..."), the
 * way the user wrote it: an argument added for the filter is named by its
 * expression, "filter 'EXPR': ...", never by its made-up field name (f1).
 */
void kpdb_probe_spec_explain(const struct kpdb_probe_spec *spec, struct kpdb_err *err);

/* Helpers shared with the resolver. */
bool kpdb_name_valid(const char *name);		/* C identifier, < 64 chars (event names) */
bool kpdb_fetcharg_is_memory(const char *fetch);	/* "+A(X)" / "-A(X)" / "+uA(X)" */
bool kpdb_ktype_valid(const char *type);		/* u8..x64, string, symbol, b@/, T[N<=64] */

#endif
