// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dwarf-module.c - open a relocatable object (a module's .ko debug file, a
 * `gcc -c` object) as the resolver's image.
 *
 * In an ET_REL file every address is section-relative and .debug_info
 * refers to its strings, types and code through relocations that libdw
 * does not apply: read as it is, every function starts at 0 and every
 * DW_FORM_strp names the first string.  libdwfl applies them, as perf
 * probe -m and drgn have it do: it lays the allocated sections out one
 * after another, writes that layout into the section headers of its Elf
 * and relocates the debug sections against it.  The symbols are then
 * moved by the same layout (load_symbols), so a symbol's address and its
 * subprogram's DW_AT_low_pc agree; a module's probe is MOD:FUNC+OFF, so
 * only offsets within a function reach the kernel, never this layout.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <elfutils/libdwfl.h>

#include "dwarf-priv.h"

/* The object carries its own DWARF: no separate debug file to look for. */
static int no_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
			Dwarf_Addr base, const char *file, const char *debuglink,
			GElf_Word crc, char **debuginfo_path)
{
	(void)mod, (void)userdata, (void)modname, (void)base, (void)file;
	(void)debuglink, (void)crc;
	*debuginfo_path = NULL;
	return -1;
}

static const Dwfl_Callbacks offline_callbacks = {
	.find_debuginfo = no_debuginfo,
	.section_address = dwfl_offline_section_address,
};

/*
 * dw_open_rel - replace dw->elf (an ET_REL file, opened on dw->fd) by
 * libdwfl's relocated copy and take its DWARF.  0, or -1 with @err set.
 */
int dw_open_rel(struct kpdb_dwarf *dw, struct kpdb_err *err)
{
	Dwfl_Module *mod;
	Dwarf_Addr bias;
	int fd;

	elf_end(dw->elf);
	dw->elf = NULL;
	/* libelf's private mapping gets the relocations: never hand its pages back */
	dw->raw = NULL;
	dw->dwfl = dwfl_begin(&offline_callbacks);
	if (!dw->dwfl)
		return kpdb_err_set(err, "'%s': %s", dw->path, dwfl_errmsg(-1));
	fd = dup(dw->fd);
	if (fd < 0)
		return kpdb_err_set(err, "'%s': %s", dw->path, strerror(errno));
	/* the module's name is only a label here; dwfl takes the descriptor */
	mod = dwfl_report_offline(dw->dwfl, "module", dw->path, fd);
	if (!mod)
		return kpdb_err_set(err, "'%s': %s", dw->path, dwfl_errmsg(-1));
	dwfl_report_end(dw->dwfl, NULL, NULL);
	dw->dw = dwfl_module_getdwarf(mod, &bias);
	if (!dw->dw)
		return kpdb_err_set(err, "'%s' has no DWARF debug info (%s)", dw->path,
				    dwfl_errmsg(-1));
	dw->elf = dwfl_module_getelf(mod, &bias);
	/* an object is laid out from 0 on: DWARF and symbols share that base */
	if (!dw->elf || bias)
		return kpdb_err_set(err, "'%s': cannot lay out its sections", dw->path);
	dw->rel = true;
	return 0;
}

/* Where the layout put section @shndx of a relocatable image (0 otherwise). */
uint64_t dw_section_addr(struct kpdb_dwarf *dw, size_t shndx)
{
	GElf_Shdr sh;
	Elf_Scn *scn;

	if (!dw->rel || !(scn = elf_getscn(dw->elf, shndx)) || !gelf_getshdr(scn, &sh))
		return 0;
	return sh.sh_addr;
}
