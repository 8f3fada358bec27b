// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-probe-spec.c - the `bp` argument, location and filter parser.
 *
 * The input is the text after "bp", split into words by the command-line
 * splitter as the shell does.  A parsed spec goes through everything that
 * builds what is written to tracefs: the address, the definition and the
 * filter, before and after a pretend resolution that gives every C
 * expression a fetch as the DWARF resolver would.  Invariants:
 *  - a failure always names its problem, in kpdb's style (not capitalized);
 *  - a definition is one line without control characters, under the kernel's 4096
 *    bytes, starting "p:" or "r", in our group: nothing else can be smuggled
 *    into kprobe_events;
 *  - a filter is one line;
 *  - a definition without immediate strings, pasted back into `bp` (the way
 *    a user pastes a kprobe_events line), parses and gives the same line.
 */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "cmd.h"
#include "err.h"
#include "fuzz.h"
#include "probe-spec.h"

#define GROUP "kpdb_1"

static void check_err(const struct kpdb_err *err, const char *what)
{
	FUZZ_CHECK(err->msg[0], "%s failed without a message", what);
	FUZZ_CHECK(!isupper((unsigned char)err->msg[0]) || !islower((unsigned char)err->msg[1]),
		   "%s: message is capitalized: %s", what, err->msg);
}

static void check_line(const char *s, const char *what)
{
	for (const char *p = s; *p; p++)
		FUZZ_CHECK((unsigned char)*p >= 0x20 && *p != 0x7f, "%s has byte 0x%02x: '%s'", what,
			   (unsigned char)*p, s);
}

/* What a resolver does to the spec: a fetch for every C expression. */
static void pretend_resolve(struct kpdb_probe_spec *spec)
{
	if (spec->line || !spec->symbol) {
		/* SYMBOL:LINE and FILE:LINE are inside a function, FILE:FUNC at its entry */
		spec->offset = spec->line && !spec->retprobe ? 8 : 0;
		free(spec->symbol);
		spec->symbol = strdup("resolved_func");
		free(spec->file);
		spec->file = NULL;
		spec->line = 0;
	}
	for (size_t i = 0; i < spec->nargs; i++) {
		struct kpdb_arg *a = &spec->args[i];

		if (!a->c_expr || a->fetch || !strcmp(a->expr, "$params"))
			continue;
		a->fetch = strdup(a->user ? "+u8(%di)" : "+8(%di)");
		if (!a->ktype) {
			switch (a->fmt) {
			case KPDB_FMT_NONE:
				a->ktype = strdup("u32");
				break;
			case KPDB_FMT_IPV4:
				a->ktype = strdup("u32");
				break;
			case KPDB_FMT_PORT:
				a->ktype = strdup("u16");
				break;
			case KPDB_FMT_IPV6:
			case KPDB_FMT_SOCKADDR:
				a->ptr = false;
				break;
			default:
				a->ktype = strdup("s64");
				break;
			}
		}
	}
}

/* Paste @def back into bp: it must parse into the same definition. */
static void check_roundtrip(const char *def, const char *event)
{
	struct kpdb_probe_spec spec;
	struct kpdb_err err = { "" };
	char *copy = strdup(def), *save = NULL, *argv[KPDB_MAX_ARGS * 8 + 4], *again;
	int argc = 0;

	if (!copy)
		abort();
	for (char *w = strtok_r(copy, " ", &save); w && argc < (int)(sizeof(argv) / sizeof(*argv));
	     w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	FUZZ_CHECK(kpdb_probe_spec_parse(argc, argv, &spec, &err) == 0,
		   "the definition '%s' does not parse back: %s", def, err.msg);
	again = kpdb_probe_spec_definition(&spec, GROUP, event, &err);
	FUZZ_CHECK(again, "the definition '%s' parses back but gives no definition: %s", def,
		   err.msg);
	FUZZ_CHECK(!strcmp(again, def), "pasting '%s' gives '%s'", def, again);
	free(again);
	kpdb_probe_spec_free(&spec);
	free(copy);
}

static void build(struct kpdb_probe_spec *spec, bool resolved)
{
	const char *event = spec->name ? spec->name : "bp1";
	struct kpdb_err err = { "" };
	char *addr, *def, *filter;
	int ret;

	(void)kpdb_probe_spec_needs_dwarf(spec);
	addr = kpdb_probe_spec_address(spec);
	if (addr)
		check_line(addr, "address");
	free(addr);

	def = kpdb_probe_spec_definition(spec, GROUP, event, &err);
	if (!def) {
		check_err(&err, "definition");
	} else {
		check_line(def, "definition");
		FUZZ_CHECK(strlen(def) < 4096, "definition of %zu bytes", strlen(def));
		FUZZ_CHECK(def[0] == 'p' || def[0] == 'r', "definition '%s'", def);
		FUZZ_CHECK(strstr(def, ":" GROUP "/") == strchr(def, ':'),
			   "definition '%s' is not in group " GROUP, def);
		if (!strstr(def, "\\\"") && !strchr(def, '\''))
			check_roundtrip(def, event);
		free(def);
	}
	err.msg[0] = '\0';
	filter = kpdb_probe_spec_filter(spec, &ret, &err);
	if (ret < 0) {
		FUZZ_CHECK(!filter, "a failed filter returns nothing");
		check_err(&err, "filter");
	} else if (filter) {
		FUZZ_CHECK(!strchr(filter, '\n'), "filter '%s' has a newline", filter);
	} else {
		FUZZ_CHECK(!spec->filter, "filter '%s' compiled to nothing", spec->filter);
	}
	free(filter);
	if (!resolved) {
		pretend_resolve(spec);
		build(spec, true);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kpdb_probe_spec spec;
	struct kpdb_err err = { "" };
	char *line = fuzz_cstr(data, size);
	char **argv;
	int argc;

	argc = kpdb_split(line, &argv, &err);
	free(line);
	if (argc < 0)
		return 0;
	if (kpdb_probe_spec_parse(argc, argv, &spec, &err) < 0) {
		check_err(&err, "parse");
	} else {
		build(&spec, false);
		kpdb_probe_spec_free(&spec);
	}
	kpdb_argv_free(argv);
	return 0;
}
