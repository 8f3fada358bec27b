// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * debuginfo.c - find the kernel's debug info and check that it belongs to
 * the running kernel: offsets from another build read the wrong memory.
 *
 * Order: -k, $KPDB_VMLINUX, then the distributions' paths for $(uname -r).
 * The running kernel's build id is read from /sys/kernel/notes
 * ($KPDB_SYS_DIR replaces /sys, for tests).
 */
#include <errno.h>
#include <elfutils/debuginfod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "btf.h"
#include "dwarf-priv.h"
#include "kpdb.h"

#define NT_GNU_BUILD_ID 3

/* The GNU build id in the ELF notes file @path, as lowercase hex.  0 or -1. */
static int notes_build_id(const char *path, char *buf, size_t len)
{
	unsigned char notes[8192];
	size_t n, off = 0;
	FILE *f;

	f = fopen(path, "rb");
	if (!f)
		return -1;
	n = fread(notes, 1, sizeof(notes), f);
	fclose(f);
	/* Elf_Nhdr records: namesz, descsz, type, then name and desc padded to 4 */
	while (off + 12 <= n) {
		unsigned int namesz, descsz, type;

		memcpy(&namesz, notes + off, 4);
		memcpy(&descsz, notes + off + 4, 4);
		memcpy(&type, notes + off + 8, 4);
		size_t name_at = off + 12, desc_at = name_at + ((namesz + 3) & ~3u);
		size_t next = desc_at + ((descsz + 3) & ~3u);

		if (next > n || next <= off)
			break;
		if (type == NT_GNU_BUILD_ID && namesz == 4 && !memcmp(notes + name_at, "GNU", 4)) {
			if (descsz * 2 + 1 > len)
				return -1;
			for (unsigned int i = 0; i < descsz; i++)
				sprintf(buf + 2 * i, "%02x", notes[desc_at + i]);
			return 0;
		}
		off = next;
	}
	return -1;
}

/**
 * kpdb_kernel_build_id - the running kernel's build id from its notes
 * @buf: receives lowercase hex
 * @len: size of @buf
 *
 * Return: 0, or -1 if the notes cannot be read or hold no build id.
 */
int kpdb_kernel_build_id(char *buf, size_t len)
{
	const char *sys = getenv("KPDB_SYS_DIR");
	char path[4096];

	snprintf(path, sizeof(path), "%s/kernel/notes", sys && *sys ? sys : "/sys");
	return notes_build_id(path, buf, len);
}

/**
 * kpdb_module_build_id - a loaded module's build id from its notes
 * @mod: the module's name
 * @buf: receives lowercase hex
 * @len: size of @buf
 *
 * Return: 0, or -1 if the module is not loaded or has no build id note.
 */
int kpdb_module_build_id(const char *mod, char *buf, size_t len)
{
	const char *sys = getenv("KPDB_SYS_DIR");
	char path[4096];

	snprintf(path, sizeof(path), "%s/module/%s/notes/.note.gnu.build-id",
		 sys && *sys ? sys : "/sys", mod);
	return notes_build_id(path, buf, len);
}

/*
 * The kernel's BTF, made into DWARF once (btf.c).  /sys/kernel/btf/vmlinux
 * is the running kernel's by definition; a BTF file given with -k has no
 * build id to compare, and info vmlinux says so.  Messages name the BTF
 * file, not the cache file the resolver reads.
 */
static int open_btf(struct kpdb_ctx *ctx, const char *btf)
{
	struct kpdb_dwarf *dw;
	char *elf, *name = strdup(btf);

	if (!name)
		return kpdb_err_set(&ctx->err, "out of memory");
	if (kpdb_btf_dwarf(btf, &elf, &ctx->err) < 0) {
		free(name);
		return -1;
	}
	if (kpdb_dwarf_open(elf, &dw, &ctx->err) < 0) {
		free(elf);
		free(name);
		return -1;
	}
	free(elf);
	free(dw->path);
	dw->path = name;
	dw->from_btf = true;
	ctx->dw = dw;
	ctx->btf = strdup(btf);
	return 0;
}

void kpdb_btf_explain(struct kpdb_ctx *ctx)
{
	static const char *const limits[] = {
		"no function ",			/* clones, inlined functions */
		"no line information",		/* SYMBOL:LINE, FILE:LINE */
		"no prototype of syscall",	/* sys:NAME */
		"no file ",			/* FILE:FUNC */
		"names several functions",	/* static functions of one name */
	};
	char msg[KPDB_ERR_MAX];
	struct utsname u;
	bool known = false;

	if (!ctx->btf || strstr(ctx->err.msg, "linux-image-"))
		return;
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++)
		known |= strstr(ctx->err.msg, limits[i]) != NULL;
	if (!known || uname(&u) < 0)
		return;
	snprintf(msg, sizeof(msg), "%s", ctx->err.msg);
	/* a BTF file given by hand is not necessarily this kernel's */
	if (strcmp(ctx->btf, "/sys/kernel/btf/vmlinux"))
		kpdb_err_set(&ctx->err, "%s; BTF only knows function prototypes at their "
			     "entry: give the DWARF vmlinux of that kernel with -k", msg);
	else
		kpdb_err_set(&ctx->err, "%s; BTF only knows function prototypes at their "
			     "entry: install linux-image-%s-dbg (DWARF) or set DEBUGINFOD_URLS",
			     msg, u.release);
}

/* Shows how far a download of hundreds of MB has come, on a terminal. */
static int download_progress(debuginfod_client *c, long done, long total)
{
	static time_t last;
	time_t now = time(NULL);

	if (!isatty(STDERR_FILENO) || now == last)
		return 0;
	last = now;
	if (total > 0)
		fprintf(stderr, "\rdebuginfod: %s: %ld of %ld MB  ", debuginfod_get_url(c) ?
			debuginfod_get_url(c) : "vmlinux", done >> 20, total >> 20);
	else
		fprintf(stderr, "\rdebuginfod: %ld MB  ", done >> 20);
	return 0;
}

/*
 * The running kernel's vmlinux by its build id, through the debuginfod
 * servers of $DEBUGINFOD_URLS, into the client's cache (a second session
 * finds it there).  0 with *@path set, or -1 with @why set: the caller
 * goes on without it (BTF), saying why.
 */
static int from_debuginfod(const char *build_id, char **path, char *why, size_t len)
{
	debuginfod_client *c;
	int fd;

	*path = NULL;
	c = debuginfod_begin();
	if (!c) {
		snprintf(why, len, "cannot start the debuginfod client");
		return -1;
	}
	debuginfod_set_progressfn(c, download_progress);
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "debuginfod: looking for the vmlinux of build id %s\n", build_id);
	fd = debuginfod_find_debuginfo(c, (const unsigned char *)build_id, 0, path);
	if (isatty(STDERR_FILENO))
		fputs("\r\033[K", stderr);
	debuginfod_end(c);
	if (fd < 0) {
		snprintf(why, len, "no vmlinux of build id %s from DEBUGINFOD_URLS: %s", build_id,
			 strerror(-fd));
		free(*path);
		*path = NULL;
		return -1;
	}
	close(fd);
	return 0;
}

/* $KPDB_SYS_DIR/kernel/btf/NAME, as the kernel publishes its own BTF */
static void sys_btf(const char *name, char *buf, size_t len)
{
	const char *sys = getenv("KPDB_SYS_DIR");

	snprintf(buf, len, "%s/kernel/btf/%s", sys && *sys ? sys : "/sys", name);
}

/* $KPDB_SYS_DIR/module/MOD exists while MOD is loaded (or built in). */
static bool sys_module_loaded(const char *mod)
{
	const char *sys = getenv("KPDB_SYS_DIR");
	char path[4096];

	snprintf(path, sizeof(path), "%s/module/%s", sys && *sys ? sys : "/sys", mod);
	return access(path, F_OK) == 0;
}

static void kernel_btf(char *buf, size_t len)
{
	sys_btf("vmlinux", buf, len);
}

static int keep_module(struct kpdb_ctx *ctx, const char *mod, struct kpdb_dwarf *dw)
{
	struct kpdb_mod_dw *m = realloc(ctx->mods, (ctx->nmods + 1) * sizeof(*m));
	char *name = strdup(mod);

	if (m)
		ctx->mods = m;
	if (!m || !name) {
		free(name);
		kpdb_dwarf_close(dw);
		return kpdb_err_set(&ctx->err, "out of memory");
	}
	ctx->mods[ctx->nmods].name = name;
	ctx->mods[ctx->nmods++].dw = dw;
	return 0;
}

/*
 * The module's own DWARF, from its debug file: 1 with *@dw set, 0 when
 * there is none, -1 with ctx->err set when it cannot be used.  A debug
 * file of another build is an error, as the vmlinux's is: its offsets
 * would read the wrong memory.
 */
static int module_debug(struct kpdb_ctx *ctx, const char *mod, struct kpdb_dwarf **dw)
{
	const char *vmlinux = ctx->vmlinux ? ctx->vmlinux : getenv("KPDB_VMLINUX");
	char path[4096], loaded[128];
	const char *mine;

	if (kpdb_module_debug_file(mod, vmlinux, path, sizeof(path)) < 0)
		return 0;
	if (kpdb_dwarf_open(path, dw, &ctx->err) < 0)
		return -1;
	mine = kpdb_dwarf_build_id(*dw);
	if (!ctx->dry_run && mine && kpdb_module_build_id(mod, loaded, sizeof(loaded)) == 0 &&
	    strcmp(mine, loaded)) {
		kpdb_err_set(&ctx->err, "'%s' is not the loaded module '%s''s debug info: its "
			     "build id is %s, the module's is %s (install the running kernel's "
			     "-dbg package or set KPDB_MODULE_DEBUG_DIR)", path, mod, mine, loaded);
		kpdb_dwarf_close(*dw);
		*dw = NULL;
		return -1;
	}
	return 1;
}

int kpdb_ctx_module_dwarf(struct kpdb_ctx *ctx, const char *mod, struct kpdb_dwarf **dw)
{
	char base[4096], path[4096], *elf;
	int ret;

	for (size_t i = 0; i < ctx->nmods; i++) {
		if (!strcmp(ctx->mods[i].name, mod)) {
			*dw = ctx->mods[i].dw;
			return 0;
		}
	}
	ret = module_debug(ctx, mod, dw);
	if (ret != 0)
		return ret < 0 ? -1 : keep_module(ctx, mod, *dw);
	/* no debug file: the types the module carries itself */
	kernel_btf(base, sizeof(base));
	sys_btf(mod, path, sizeof(path));
	if (access(path, R_OK) < 0 && sys_module_loaded(mod))
		return kpdb_err_set(&ctx->err, "module '%s' is loaded but has no BTF (no %s): "
				    "C arguments need its types; raw fetchargs work", mod, path);
	if (access(path, R_OK) < 0)
		return kpdb_err_set(&ctx->err, "module '%s' is not loaded (no %s): its types are "
				    "known once it is; raw fetchargs can be set now, and the "
				    "kernel keeps them pending until it loads", mod, path);
	if (kpdb_btf_dwarf_split(base, path, &elf, &ctx->err) < 0)
		return -1;
	if (kpdb_dwarf_open(elf, dw, &ctx->err) < 0) {
		free(elf);
		return -1;
	}
	free(elf);
	free((*dw)->path);
	(*dw)->path = strdup(path);
	(*dw)->from_btf = true;
	return keep_module(ctx, mod, *dw);
}

static int open_checked(struct kpdb_ctx *ctx, const char *path)
{
	struct kpdb_dwarf *dw;
	char running[128];
	const char *mine;

	if (kpdb_btf_is_btf(path))
		return open_btf(ctx, path);
	if (kpdb_dwarf_open(path, &dw, &ctx->err) < 0)
		return -1;
	mine = kpdb_dwarf_build_id(dw);
	if (!ctx->dry_run && mine && kpdb_kernel_build_id(running, sizeof(running)) == 0 &&
	    strcmp(mine, running)) {
		kpdb_err_set(&ctx->err, "'%s' is not the running kernel's debug info: its build "
			     "id is %s, the kernel's is %s (use --dry-run to prepare probes for "
			     "another kernel)", path, mine, running);
		kpdb_dwarf_close(dw);
		return -1;
	}
	ctx->dw = dw;
	return 0;
}

/**
 * kpdb_ctx_dwarf - open the kernel debug info on first use (see kpdb.h)
 * @ctx: the session; ctx->dw is set on success
 *
 * Return: 0, or -1 with ctx->err set.
 */
int kpdb_ctx_dwarf(struct kpdb_ctx *ctx)
{
	const char *env = getenv("KPDB_VMLINUX");
	static const char *const where[][2] = {
		{ "/usr/lib/debug/boot/vmlinux-", "" },
		{ "/usr/lib/debug/lib/modules/", "/vmlinux" },
		{ "/boot/vmlinux-", "" },
		{ "/lib/modules/", "/build/vmlinux" },
	};
	struct utsname u;
	char path[4096];

	if (ctx->dw)
		return 0;
	ctx->dw_tried = true;
	if (ctx->vmlinux)
		return open_checked(ctx, ctx->vmlinux);
	if (env && *env)
		return open_checked(ctx, env);
	if (uname(&u) < 0)
		return kpdb_err_set(&ctx->err, "uname: %s", strerror(errno));
	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		snprintf(path, sizeof(path), "%s%s%s", where[i][0], u.release, where[i][1]);
		if (access(path, R_OK) == 0)
			return open_checked(ctx, path);
	}
	/* by build id from a debuginfod server, when the user has one */
	const char *urls = getenv("DEBUGINFOD_URLS");
	char running[128], why[512] = "";

	if (urls && *urls && !ctx->dry_run &&
	    kpdb_kernel_build_id(running, sizeof(running)) == 0) {
		char *got;

		if (from_debuginfod(running, &got, why, sizeof(why)) == 0) {
			int ret = open_checked(ctx, got);

			free(got);
			if (ret == 0)
				return 0;
			snprintf(why, sizeof(why), "%.400s", ctx->err.msg);
		}
	}
	/* no DWARF: the types and prototypes the kernel carries itself */
	kernel_btf(path, sizeof(path));
	if (why[0] && access(path, R_OK) == 0 && !ctx->dry_run)
		fprintf(stderr, "kpdb: %s; using the kernel's BTF\n", why);
	if (access(path, R_OK) == 0 && !ctx->dry_run)
		return open_btf(ctx, path);
	return kpdb_err_set(&ctx->err, "no debug info for kernel %s: install "
			    "linux-image-%s-dbg (kernel-debuginfo on Fedora) or give a vmlinux "
			    "with -k", u.release, u.release);
}
