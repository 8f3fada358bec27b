// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * debuginfo-module.c - find a module's debug file and the loaded module's
 * build id.
 *
 * Debian's linux-image-VERSION-dbg ships each module's DWARF as
 * /usr/lib/debug/lib/modules/VERSION/kernel/.../MOD.ko, the path of the
 * module under /lib/modules/VERSION with .ko for .ko.xz or .ko.zst.  The
 * module's path comes from modules.dep; without one (an initramfs, a bare
 * unpacked package) the debug tree is searched for the file.
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "resolver.h"

/* Module names write '_' where file names may have '-' (kmod treats them alike). */
static bool same_module(const char *a, size_t alen, const char *b)
{
	size_t i;

	for (i = 0; i < alen && b[i]; i++)
		if (a[i] != b[i] && !((a[i] == '-' || a[i] == '_') && (b[i] == '-' || b[i] == '_')))
			return false;
	return i == alen && !b[i];
}

/* The name of the module file at @path ("kernel/x/dummy.ko.xz"): its length, or 0. */
static size_t module_base(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/'), *ko;

	*base = slash ? slash + 1 : path;
	ko = strstr(*base, ".ko");
	if (!ko || (ko[3] && ko[3] != '.'))
		return 0;
	return (size_t)(ko - *base);
}

/*
 * @mod's path in @dep (a modules.dep), relative to its directory and ending
 * in .ko, into @buf.  0, or -1 if @dep does not list it.
 */
static int from_modules_dep(const char *dep, const char *mod, char *buf, size_t len)
{
	char *line = NULL;
	size_t cap = 0;
	int ret = -1;
	FILE *f = fopen(dep, "r");

	if (!f)
		return -1;
	while (ret < 0 && getline(&line, &cap, f) > 0) {
		char *colon = strchr(line, ':');
		const char *base, *rel = line;
		size_t n;

		if (!colon)
			continue;
		*colon = '\0';
		n = module_base(line, &base);
		if (!n || !same_module(base, n, mod))
			continue;
		/* old kmod wrote absolute paths: keep what follows lib/modules/VERSION/ */
		if (line[0] == '/' && (rel = strstr(line, "/lib/modules/")) &&
		    (rel = strchr(rel + strlen("/lib/modules/"), '/')))
			rel++;
		if (!rel)
			continue;
		snprintf(buf, len, "%.*s.ko", (int)(base + n - rel), rel);
		ret = 0;
	}
	free(line);
	fclose(f);
	return ret;
}

/* nftw() has no user pointer: the one search under way */
static const char *walk_mod;
static char *walk_buf;
static size_t walk_len;

static int walk_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	const char *base;
	size_t n;

	(void)st, (void)ftw;
	if (flag != FTW_F || !(n = module_base(path, &base)) || strcmp(base + n, ".ko") ||
	    !same_module(base, n, walk_mod))
		return 0;
	snprintf(walk_buf, walk_len, "%s", path);
	return 1;
}

static int search_tree(const char *dir, const char *mod, char *buf, size_t len)
{
	walk_mod = mod;
	walk_buf = buf;
	walk_len = len;
	return nftw(dir, walk_one, 16, FTW_PHYS) == 1 ? 0 : -1;
}

/* @mod's .ko in the debug tree @dir (mirroring /lib/modules/@version). */
static int in_debug_dir(const char *dir, const char *version, const char *mod, char *buf,
			size_t len)
{
	char dep[4096], rel[4096];

	if (access(dir, R_OK | X_OK) < 0)
		return -1;
	snprintf(dep, sizeof(dep), "%s/modules.dep", dir);
	if (from_modules_dep(dep, mod, rel, sizeof(rel)) < 0) {
		snprintf(dep, sizeof(dep), "/lib/modules/%s/modules.dep", version);
		if (from_modules_dep(dep, mod, rel, sizeof(rel)) < 0)
			return search_tree(dir, mod, buf, len);
	}
	snprintf(buf, len, "%s/%s", dir, rel);
	return access(buf, R_OK) == 0 ? 0 : search_tree(dir, mod, buf, len);
}

/*
 * The module debug tree that goes with a vmlinux debug file: an unpacked
 * -dbg package has ROOT/usr/lib/debug/boot/vmlinux-VERSION and
 * ROOT/usr/lib/debug/lib/modules/VERSION/.
 */
static bool beside_vmlinux(const char *vmlinux, char *dir, size_t len, char *ver, size_t vlen)
{
	static const char boot[] = "/usr/lib/debug/boot/vmlinux-";
	static const char mods[] = "/usr/lib/debug/lib/modules/";
	const char *p;

	if (!vmlinux)
		return false;
	if ((p = strstr(vmlinux, boot)) && p[strlen(boot)] && !strchr(p + strlen(boot), '/')) {
		snprintf(ver, vlen, "%s", p + strlen(boot));
		snprintf(dir, len, "%.*s%s%s", (int)(p - vmlinux), vmlinux, mods, ver);
		return true;
	}
	if ((p = strstr(vmlinux, mods)) && strchr(p + strlen(mods), '/')) {
		const char *v = p + strlen(mods), *end = strchr(v, '/');

		if (strcmp(end, "/vmlinux"))
			return false;
		snprintf(ver, vlen, "%.*s", (int)(end - v), v);
		snprintf(dir, len, "%.*s", (int)(end - vmlinux), vmlinux);
		return true;
	}
	return false;
}

/**
 * kpdb_module_debug_file - the debug file (.ko with DWARF) of module @mod
 * @mod: the module's name, as /sys/module has it
 * @vmlinux: the kernel's debug file in use (-k, $KPDB_VMLINUX), or NULL
 * @buf: receives the path
 * @len: size of @buf
 *
 * Looks in $KPDB_MODULE_DEBUG_DIR, the tree next to @vmlinux, then
 * /usr/lib/debug/lib/modules/$(uname -r).
 * Return: 0, or -1 if there is none.
 */
int kpdb_module_debug_file(const char *mod, const char *vmlinux, char *buf, size_t len)
{
	const char *env = getenv("KPDB_MODULE_DEBUG_DIR");
	char dir[4096], ver[256];
	struct utsname u;

	if (uname(&u) < 0)
		u.release[0] = '\0';
	if (env && *env && in_debug_dir(env, u.release, mod, buf, len) == 0)
		return 0;
	if (beside_vmlinux(vmlinux, dir, sizeof(dir), ver, sizeof(ver)) &&
	    in_debug_dir(dir, ver, mod, buf, len) == 0)
		return 0;
	snprintf(dir, sizeof(dir), "/usr/lib/debug/lib/modules/%s", u.release);
	return u.release[0] ? in_debug_dir(dir, u.release, mod, buf, len) : -1;
}
