// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kcore.c - /proc/kcore as an ELF core file: its PT_LOAD headers map kernel
 * virtual addresses to file offsets.  Read-only; nothing here writes.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kcore.h"

struct kpdb_kcore {
	int fd;
	Elf64_Phdr *load;
	size_t nload;
};

static int why_not(const char *path, int e, struct kpdb_err *err)
{
	char mode[128] = "";
	FILE *f;

	if (e == ENOENT)
		return kpdb_err_set(err, "no %s: this kernel was built without CONFIG_PROC_KCORE; "
				    "live inspection needs it", path);
	f = fopen("/sys/kernel/security/lockdown", "r");
	if (f) {
		if (!fgets(mode, sizeof(mode), f))
			mode[0] = '\0';
		fclose(f);
	}
	if (e == EPERM && strstr(mode, "[confidentiality]"))
		return kpdb_err_set(err, "cannot read %s: kernel lockdown is 'confidentiality'; "
				    "boot with lockdown=integrity or none to inspect memory", path);
	if ((e == EACCES || e == EPERM) && geteuid() != 0)
		return kpdb_err_set(err, "cannot read %s: it needs root (CAP_SYS_RAWIO); "
				    "run kpdb with sudo", path);
	return kpdb_err_set(err, "cannot read %s: %s", path, strerror(e));
}

int kpdb_kcore_open(const char *path, struct kpdb_kcore **out, struct kpdb_err *err)
{
	struct kpdb_kcore *kc;
	Elf64_Ehdr eh;
	Elf64_Phdr *ph;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return why_not(path, errno, err);
	if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_type != ET_CORE || eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0 ||
	    eh.e_phnum > 4096) {
		int e = errno;

		close(fd);
		if (e == EPERM || e == EACCES)
			return why_not(path, e, err);
		return kpdb_err_set(err, "%s is not a 64-bit ELF core file", path);
	}
	kc = calloc(1, sizeof(*kc));
	ph = calloc(eh.e_phnum, sizeof(*ph));
	if (!kc || !ph) {
		free(kc);
		free(ph);
		close(fd);
		return kpdb_err_set(err, "out of memory");
	}
	if (pread(fd, ph, eh.e_phnum * sizeof(*ph), eh.e_phoff) !=
	    (ssize_t)(eh.e_phnum * sizeof(*ph))) {
		free(kc);
		free(ph);
		close(fd);
		return kpdb_err_set(err, "%s: truncated program headers", path);
	}
	for (size_t i = 0; i < eh.e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || !ph[i].p_filesz)
			continue;
		/* no object wraps around the address space: neither does a segment */
		if (ph[i].p_vaddr && ph[i].p_filesz > -ph[i].p_vaddr)
			ph[i].p_filesz = -ph[i].p_vaddr;
		ph[kc->nload++] = ph[i];
	}
	kc->fd = fd;
	kc->load = ph;
	*out = kc;
	return 0;
}

void kpdb_kcore_close(struct kpdb_kcore *kc)
{
	if (!kc)
		return;
	close(kc->fd);
	free(kc->load);
	free(kc);
}

/*
 * Where overlapping segments disagree, the first one listed holds an
 * address, as for a single byte: a piece read from a later segment stops
 * where an earlier one begins.
 */
int kpdb_kcore_read(struct kpdb_kcore *kc, uint64_t addr, void *buf, size_t len)
{
	char *p = buf;

	if (len && addr + (len - 1) < addr)
		return -1;	/* past the top of the address space */
	while (len) {
		const Elf64_Phdr *h = NULL;
		size_t i, n;
		ssize_t got;

		for (i = 0; i < kc->nload; i++)
			if (addr >= kc->load[i].p_vaddr &&
			    addr - kc->load[i].p_vaddr < kc->load[i].p_filesz) {
				h = &kc->load[i];
				break;
			}
		if (!h)
			return -1;
		n = h->p_filesz - (addr - h->p_vaddr);
		if (n > len)
			n = len;
		while (i--)
			if (kc->load[i].p_vaddr > addr && kc->load[i].p_vaddr - addr < n)
				n = kc->load[i].p_vaddr - addr;
		got = pread(kc->fd, p, n, h->p_offset + (addr - h->p_vaddr));
		if (got <= 0)
			return -1;
		p += got;
		addr += got;
		len -= got;
	}
	return 0;
}
