/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-fixture.h - the DWARF fixture of the targets that resolve C over it
 * (fuzz-dwarf.c, fuzz-kcore.c): $KPDB_FUZZ_FIXTURE, else FUZZ_FIXTURE from
 * the build, else $top_builddir/tests/fixtures/dwarf-fx-O2.  The index
 * cache is off: each run starts from the fixture alone.
 */
#ifndef KPDB_FUZZ_FIXTURE_H
#define KPDB_FUZZ_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "resolver.h"

/* The fixture opened for @target; without one the run is skipped (exit 77). */
static inline struct kpdb_dwarf *fuzz_fixture_open(const char *target)
{
	struct kpdb_err err = { "" };
	const char *path = getenv("KPDB_FUZZ_FIXTURE");
	struct kpdb_dwarf *dw;
	char buf[4096];

	setenv("KPDB_NO_INDEX_CACHE", "1", 1);
	setenv("KPDB_CACHE", "/nonexistent-kpdb-fuzz/cache", 1);
#ifdef FUZZ_FIXTURE
	if (!path)
		path = FUZZ_FIXTURE;
#endif
	if (!path) {
		const char *top = getenv("top_builddir");

		snprintf(buf, sizeof(buf), "%s/tests/fixtures/dwarf-fx-O2", top ? top : ".");
		path = buf;
	}
	if (kpdb_dwarf_open(path, &dw, &err) < 0) {
		fprintf(stderr, "%s: no fixture: %s (set KPDB_FUZZ_FIXTURE)\n", target, err.msg);
		exit(77);
	}
	return dw;
}

#endif
