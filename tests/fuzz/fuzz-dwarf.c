// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-dwarf.c - the DWARF resolver on fuzzed expressions, against the test
 * fixture (tests/fixtures/dwarf-fixture.c compiled -O2: registers, location
 * lists, bitfields, unions, typedef chains, clones).
 *
 * The first byte of the input picks what is asked, the rest is the text:
 *   'b' (and anything else): a `bp` line, parsed, resolved (C expressions to
 *       fetchargs, SYMBOL:LINE, FILE:FUNC), then its definition and filter
 *       built; a resolved spec's definition must be one line
 *   't': ptype TEXT          'o': offsetof TYPE PATH (split at the first space)
 *   'f': info args TEXT      'c': completion: FUNC PREFIX
 * Invariant beyond memory safety: every failure names its problem.
 *
 * The fixture is found as fuzz-fixture.h says; the index cache is off.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "fuzz.h"
#include "fuzz-fixture.h"
#include "probe-spec.h"
#include "resolver.h"

static struct kpdb_dwarf *dw;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	dw = fuzz_fixture_open("fuzz-dwarf");
	return 0;
}

static void check_err(const struct kpdb_err *err, const char *what)
{
	FUZZ_CHECK(err->msg[0], "%s failed without a message", what);
}

/* A resolved spec must give a clean definition and filter, or say why not. */
static void check_resolved(const struct kpdb_probe_spec *spec)
{
	struct kpdb_err err = { "" };
	char *def, *filter;
	int ret;

	def = kpdb_probe_spec_definition(spec, "kpdb_1", spec->name ? spec->name : "bp1", &err);
	if (def) {
		for (const char *p = def; *p; p++)
			FUZZ_CHECK((unsigned char)*p >= ' ' && *p != 0x7f,
				   "definition has byte 0x%02x: '%s'", (unsigned char)*p, def);
	} else {
		check_err(&err, "definition");
	}
	free(def);
	err.msg[0] = '\0';
	filter = kpdb_probe_spec_filter(spec, &ret, &err);
	if (ret < 0)
		check_err(&err, "filter");
	else if (filter)
		FUZZ_CHECK(!strchr(filter, '\n'), "filter '%s' has a newline", filter);
	free(filter);
}

static void do_bp(const char *line)
{
	struct kpdb_probe_spec spec;
	struct kpdb_sites sites;
	struct kpdb_err err = { "" };
	char **argv;
	int argc, n;

	argc = kpdb_split(line, &argv, &err);
	if (argc < 0)
		return;
	if (kpdb_probe_spec_parse(argc, argv, &spec, &err) < 0) {
		kpdb_argv_free(argv);
		return;
	}
	/* an always-inlined function: one resolved spec per site */
	n = kpdb_dwarf_sites(dw, &spec, &sites, &err);
	if (n < 0) {
		check_err(&err, "sites");
	} else if (n > 0) {
		FUZZ_CHECK(sites.n == (size_t)n && sites.n <= sites.found, "%d sites, n %zu of %zu",
			   n, sites.n, sites.found);
		for (size_t i = 0; i < sites.n; i++)
			check_resolved(sites.v[i].spec);
		kpdb_sites_free(&sites);
	} else if (kpdb_dwarf_resolve(dw, &spec, &err) < 0) {
		check_err(&err, "resolve");
	} else {
		check_resolved(&spec);
	}
	kpdb_probe_spec_free(&spec);
	kpdb_argv_free(argv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kpdb_err err = { "" };
	char *text, *sp;

	if (size < 1 || size > 4096)
		return 0;
	text = fuzz_cstr(data + 1, size - 1);
	switch (data[0]) {
	case 't': {
		struct kpdb_type_info t;

		if (kpdb_dwarf_type(dw, text, &t, &err) == 0)
			kpdb_type_info_free(&t);
		else
			check_err(&err, "type");
		break;
	}
	case 'o': {
		struct kpdb_member_info m;

		sp = strchr(text, ' ');
		if (!sp)
			break;
		*sp = '\0';
		if (kpdb_dwarf_offsetof(dw, text, sp + 1, &m, &err) == 0)
			kpdb_member_info_free(&m);
		else
			check_err(&err, "offsetof");
		break;
	}
	case 'f': {
		struct kpdb_func_info fi;

		if (kpdb_dwarf_func(dw, text, &fi, &err) == 0)
			kpdb_func_info_free(&fi);
		else
			check_err(&err, "func");
		break;
	}
	case 'c': {
		char **c;

		sp = strchr(text, ' ');
		if (!sp)
			break;
		*sp = '\0';
		c = kpdb_dwarf_complete(dw, text, sp + 1);
		for (char **p = c; p && *p; p++)
			free(*p);
		free(c);
		break;
	}
	default:
		do_bp(text);
		break;
	}
	free(text);
	return 0;
}
