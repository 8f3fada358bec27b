/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * btf.h - the kernel's BTF as a source of the resolver (src/btf.c, the only
 * libbpf user): the types and prototypes of a BTF file, written out as DWARF
 * that the DWARF resolver reads like a vmlinux's (see btf.c for what BTF
 * can and cannot answer).
 */
#ifndef KPDB_BTF_H
#define KPDB_BTF_H

#include <stdbool.h>

#include "err.h"

/* Does @path start with BTF's magic (a raw BTF file, /sys/kernel/btf/vmlinux)? */
bool kpdb_btf_is_btf(const char *path);

/*
 * kpdb_btf_dwarf - the DWARF of the BTF file @btf_path: made once and cached
 * by the BTF's checksum; *@out is its path (malloc'ed).  A raw BTF file or an
 * ELF file with a .BTF section.  Returns 0, or -1 with @err set.
 */
int kpdb_btf_dwarf(const char *btf_path, char **out, struct kpdb_err *err);

/*
 * The same for a module's split BTF (/sys/kernel/btf/MOD) over the kernel's
 * @base_path: the kernel's types and the module's, the module's functions.
 */
int kpdb_btf_dwarf_split(const char *base_path, const char *btf_path, char **out,
			 struct kpdb_err *err);

#endif
