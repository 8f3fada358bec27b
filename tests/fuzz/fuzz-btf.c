// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-btf.c - the BTF source of the resolver on fuzzed BTF files: libbpf's
 * parser, then src/btf.c writing the types and prototypes out as DWARF,
 * then the DWARF resolver reading that back: info args and ptype (C
 * expressions are fuzz-dwarf's business).  The seed is the DWARF fixture's
 * BTF, so fx_connect and struct fx_sock are what is asked for.
 *
 * The input is the BTF file as /sys/kernel/btf/vmlinux would hold it.
 * Invariants beyond memory safety: a file that is refused says why; a file
 * that converts opens as DWARF.  The conversion's cache is a directory of
 * the process's own, emptied for every input.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "btf.h"
#include "fuzz.h"
#include "probe-spec.h"
#include "resolver.h"

static char dir[64], in[96];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	snprintf(dir, sizeof(dir), "/tmp/kpdb-fuzz-btf.%d", (int)getpid());
	snprintf(in, sizeof(in), "%s/in.btf", dir);
	mkdir(dir, 0700);
	setenv("KPDB_CACHE", dir, 1);
	setenv("KPDB_NO_INDEX_CACHE", "1", 1);
	return 0;
}

static void clean(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s/btf", dir);
	if (system(cmd) != 0) {
		/* a leftover cache only makes the next input a cache hit */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kpdb_err err = { "" };
	struct kpdb_dwarf *dw = NULL;
	struct kpdb_func_info fi;
	struct kpdb_type_info ti;
	char *elf = NULL;
	FILE *f;

	if (!dir[0])
		LLVMFuzzerInitialize(NULL, NULL);
	clean();
	f = fopen(in, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	if (kpdb_btf_dwarf(in, &elf, &err) < 0) {
		FUZZ_CHECK(err.msg[0], "refused BTF without a message");
		return 0;
	}
	FUZZ_CHECK(kpdb_dwarf_open(elf, &dw, &err) == 0, "converted BTF does not open: %s",
		   err.msg);
	if (kpdb_dwarf_func(dw, "fx_connect", &fi, &err) == 0)
		kpdb_func_info_free(&fi);
	if (kpdb_dwarf_type(dw, "struct fx_sock", &ti, &err) == 0)
		kpdb_type_info_free(&ti);
	kpdb_dwarf_close(dw);
	free(elf);
	return 0;
}
