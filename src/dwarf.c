// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dwarf.c - open a kernel image with DWARF, its build id and function
 * symbols, and close it with what the other files hung on it (the name
 * index, the source lines cache).  The lookups everything builds on are in
 * dwarf-lookup.c, below every other file of the resolver.
 *
 * The image is mapped, never read (see dw_release_pages()).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <elfutils/libdwelf.h>

#include "dwarf-priv.h"

/* Which sections hold code: assembly entry points are STT_NOTYPE symbols there. */
static bool *exec_sections(Elf *elf, size_t *n)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	bool *exec;

	if (elf_getshdrnum(elf, n) < 0)
		return NULL;
	exec = calloc(*n ? *n : 1, sizeof(*exec));
	while (exec && (scn = elf_nextscn(elf, scn)))
		if (gelf_getshdr(scn, &sh) && (sh.sh_flags & SHF_EXECINSTR))
			exec[elf_ndxscn(scn)] = true;
	return exec;
}

static int load_symbols(struct kpdb_dwarf *dw, struct kpdb_err *err)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	size_t nsec = 0;
	bool *exec = exec_sections(dw->elf, &nsec);

	if (!exec)
		return kpdb_err_set(err, "out of memory");

	while ((scn = elf_nextscn(dw->elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		Elf_Data *data = elf_getdata(scn, NULL);
		size_t n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;

		if (!data)
			break;
		dw->syms = calloc(n ? n : 1, sizeof(*dw->syms));
		if (!dw->syms) {
			free(exec);
			return kpdb_err_set(err, "out of memory");
		}
		for (size_t i = 0; i < n; i++) {
			GElf_Sym s;
			const char *name;

			if (!gelf_getsym(data, (int)i, &s))
				continue;
			name = elf_strptr(dw->elf, sh.sh_link, s.st_name);
			if (!name || !*name)
				continue;
			if (!strcmp(name, "_text")) {
				dw->text_addr = s.st_value;
				dw->have_text = true;
			}
			if (GELF_ST_TYPE(s.st_info) != STT_FUNC &&
			    (GELF_ST_TYPE(s.st_info) != STT_NOTYPE || s.st_shndx >= nsec ||
			     !exec[s.st_shndx] || GELF_ST_BIND(s.st_info) == STB_WEAK))
				continue;
			struct dw_sym *d = &dw->syms[dw->nsyms++];

			d->name = name;
			/* an object's symbols are relative to their section */
			d->addr = s.st_value + (s.st_shndx < nsec ? dw_section_addr(dw, s.st_shndx) : 0);
			d->size = s.st_size;
			d->local = GELF_ST_BIND(s.st_info) == STB_LOCAL;
		}
		break;
	}
	free(exec);
	if (dw_syms_hash(dw) < 0)
		return kpdb_err_set(err, "out of memory");
	return 0;
}

static void read_build_id(struct kpdb_dwarf *dw)
{
	const void *id;
	ssize_t n = dwelf_elf_gnu_build_id(dw->elf, &id);

	if (n <= 0)
		return;
	dw->build_id = malloc((size_t)n * 2 + 1);
	if (!dw->build_id)
		return;
	for (ssize_t i = 0; i < n; i++)
		sprintf(dw->build_id + 2 * i, "%02x", ((const unsigned char *)id)[i]);
}

/**
 * kpdb_dwarf_open - open an ELF image with DWARF debug info
 * @path: the file (a vmlinux, a module's .ko debug file, any ELF with -g)
 * @dwp: receives the handle
 * @err: the reason on failure
 *
 * Maps the file, reads its build id and function symbols.  Nothing of the
 * DWARF itself is read until a question needs it.
 * Return: 0, or -1 with @err set.
 */
int kpdb_dwarf_open(const char *path, struct kpdb_dwarf **dwp, struct kpdb_err *err)
{
	struct kpdb_dwarf *dw;

	*dwp = NULL;
	elf_version(EV_CURRENT);
	dw = calloc(1, sizeof(*dw));
	if (!dw)
		return kpdb_err_set(err, "out of memory");
	/* O_NONBLOCK: a FIFO given as the image must not hang the session */
	dw->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (dw->fd < 0) {
		kpdb_err_set(err, "cannot open '%s': %s", path, strerror(errno));
		free(dw);
		return -1;
	}
	dw->path = strdup(path);
	struct stat st = { 0 };

	if (fstat(dw->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		kpdb_err_set(err, S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) ?
			     "'%s' is not a regular file" : "'%s' is not an ELF file", path);
		goto fail;
	}
	dw->mtime_ns = (uint64_t)st.st_mtim.tv_sec * 1000000000u + (uint64_t)st.st_mtim.tv_nsec;
	dw->ino = (uint64_t)st.st_ino;
	dw->elf = elf_begin(dw->fd, ELF_C_READ_MMAP, NULL);
	if (!dw->elf || elf_kind(dw->elf) != ELF_K_ELF) {
		kpdb_err_set(err, "'%s' is not an ELF file", path);
		goto fail;
	}
	GElf_Ehdr eh;

	/* fetchargs name registers, and kpdb knows x86_64's */
	if (!gelf_getehdr(dw->elf, &eh) || eh.e_machine != EM_X86_64) {
		kpdb_err_set(err, "'%s' is not an x86_64 image: kpdb only knows x86_64 registers",
			     path);
		goto fail;
	}
	dw->raw = elf_rawfile(dw->elf, &dw->rawsize);
	dw_advise_random(dw);
	if (eh.e_type == ET_REL) {
		if (dw_open_rel(dw, err) < 0)
			goto fail;
	} else {
		dw->dw = dwarf_begin_elf(dw->elf, DWARF_C_READ, NULL);
	}
	if (!dw->dw) {
		kpdb_err_set(err, "'%s' has no DWARF debug info (%s)", path, dwarf_errmsg(-1));
		goto fail;
	}
	read_build_id(dw);
	if (load_symbols(dw, err) < 0)
		goto fail;
	*dwp = dw;
	return 0;
fail:
	kpdb_dwarf_close(dw);
	return -1;
}

/**
 * kpdb_dwarf_close - release everything kpdb_dwarf_open() took (NULL is fine)
 * @dw: the debug info
 */
void kpdb_dwarf_close(struct kpdb_dwarf *dw)
{
	if (!dw)
		return;
	dw_index_free(dw);
	dw_addr_cache_free(dw);
	if (dw->cfi_eh)
		dwarf_cfi_end(dw->cfi_eh);
	if (dw->dwfl)
		dwfl_end(dw->dwfl);	/* its elf and dw with it */
	else if (dw->dw)
		dwarf_end(dw->dw);
	if (dw->elf && !dw->dwfl)
		elf_end(dw->elf);
	if (dw->fd >= 0)
		close(dw->fd);
	free(dw->syms);
	free(dw->buckets);
	free(dw->byaddr);
	free(dw->black);
	free(dw->build_id);
	free(dw->path);
	free(dw);
}

const char *kpdb_dwarf_path(const struct kpdb_dwarf *dw)
{
	return dw->path;
}

const char *kpdb_dwarf_build_id(const struct kpdb_dwarf *dw)
{
	return dw->build_id;
}
