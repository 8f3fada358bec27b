// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-dwarf-addr.c - kpdb_dwarf_addr_frames(), the file:line of a stack
 * frame with its inlined copies, on the DWARF fixtures (-O0, -O2, -O2 with
 * DWARF 4): golden chains for the fixture's inlined functions, then every
 * byte of every fx_* function against `addr2line -a -i -f -e FIXTURE` (the
 * oracle the kernel's own decode_stacktrace.sh uses; skipped without
 * binutils).  addr2line prints the build directory in front of a path kpdb
 * shows relative to it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "resolver.h"

#ifndef FX_DIR
#error "FX_DIR must name the directory of the compiled fixtures"
#endif

static const char *const fixtures[] = { "dwarf-fx-O0", "dwarf-fx-O2", "dwarf-fx-O2-dwarf4" };
static struct kpdb_dwarf *fx[3];

static int setup(void **state)
{
	static char cache[] = "/tmp/kpdb-test-dwarf-addr-XXXXXX";
	struct kpdb_err err = { 0 };
	char path[4096];

	if (!mkdtemp(cache))
		return -1;
	setenv("KPDB_CACHE", cache, 1);
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", FX_DIR, fixtures[i]);
		if (kpdb_dwarf_open(path, &fx[i], &err) < 0) {
			fprintf(stderr, "%s: %s\n", path, err.msg);
			return -1;
		}
	}
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	for (int i = 0; i < 3; i++)
		kpdb_dwarf_close(fx[i]);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", getenv("KPDB_CACHE"));
	return system(cmd) == 0 ? 0 : -1;
}

/* A function's symbol: address and size, from nm (binutils). */
static int symbol(const char *fixture, const char *name, uint64_t *addr, uint64_t *size)
{
	char cmd[4096], line[512], sym[256], type;
	unsigned long long a, s;
	FILE *p;
	int ret = -1;

	snprintf(cmd, sizeof(cmd), "nm -S '%s/%s' 2>/dev/null", FX_DIR, fixture);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	while (fgets(line, sizeof(line), p))
		if (sscanf(line, "%llx %llx %c %255s", &a, &s, &type, sym) == 4 &&
		    !strcmp(sym, name)) {
			*addr = a;
			*size = s;
			ret = 0;
		}
	pclose(p);
	return ret;
}

/* The source line of @fixture's file containing @needle (1-based), or 0. */
static int line_of(const char *file, const char *needle)
{
	char path[4096], line[512];
	int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", FX_SRCDIR, file);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		n++;
		if (strstr(line, needle)) {
			fclose(f);
			return n;
		}
	}
	fclose(f);
	return 0;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);

	return a >= b && !strcmp(s + a - b, tail);
}

/*
 * Some byte of @func whose chain is the one given (innermost first:
 * function, file suffix, line; the last is @func itself): the inlined copies
 * expanded with their call sites.
 */
static void expect_chain(int i, const char *func, size_t n, const char *const *names,
			 const char *const *files, const int *lines)
{
	struct kpdb_src_frame f[KPDB_SRC_FRAMES_MAX];
	uint64_t addr, size;
	size_t got;

	if (symbol(fixtures[i], func, &addr, &size) < 0)
		skip();
	for (uint64_t a = addr; a < addr + size; a++) {
		bool same;

		got = kpdb_dwarf_addr_frames(fx[i], a, f, KPDB_SRC_FRAMES_MAX);
		if (got != n)
			continue;
		same = true;
		for (size_t k = 0; k < n && same; k++)
			same = !strcmp(f[k].func, names[k]) && ends_with(f[k].file, files[k]) &&
			       (!lines[k] || f[k].line == lines[k]) && f[k].inlined == (k + 1 < n);
		if (same)
			return;
	}
	fail_msg("%s: no byte of %s has the chain %s ... %s", fixtures[i], func, names[0],
		 names[n - 1]);
}

static void test_chains(void **state)
{
	int call1 = line_of("dwarf-fixture.c", "return fx_inl(sk, 1, fx_sink) + 1;");
	int call2 = line_of("dwarf-fixture.c", "return fx_inl(sk, v * 3, v);");
	int sys = line_of("dwarf-fixture.c", "return __do_sys_fxcall((int)regs->di");
	int nested = line_of("dwarf-fixture2.c", "return fx_inl(sk, key + 1, fx_sink);");
	int outer = line_of("dwarf-fixture2.c", "return sk ? fx_inl_outer(sk, key) : -1;");

	assert_true(call1 && call2 && sys && nested && outer);
	/* -O0 inlines nothing but always_inline functions, -O2 those and more */
	for (int i = 0; i < 3; i++) {
		expect_chain(i, "fx_inl_call1", 2, (const char *[]){ "fx_inl", "fx_inl_call1" },
			     (const char *[]){ "fixtures/dwarf-fixture.h", "fixtures/dwarf-fixture.c" },
			     (const int[]){ 0, call1 });
		expect_chain(i, "fx_inl_call2", 2, (const char *[]){ "fx_inl", "fx_inl_call2" },
			     (const char *[]){ "fixtures/dwarf-fixture.h", "fixtures/dwarf-fixture.c" },
			     (const int[]){ 0, call2 });
		expect_chain(i, "__x64_sys_fxcall", 2,
			     (const char *[]){ "__do_sys_fxcall", "__x64_sys_fxcall" },
			     (const char *[]){ "fixtures/dwarf-fixture.c", "fixtures/dwarf-fixture.c" },
			     (const int[]){ 0, sys });
		/* an inline in an inline: three frames, the middle one called from the outer */
		expect_chain(i, "fx_inl_call3", 3,
			     (const char *[]){ "fx_inl", "fx_inl_outer", "fx_inl_call3" },
			     (const char *[]){ "fixtures/dwarf-fixture.h", "fixtures/dwarf-fixture2.c",
					       "fixtures/dwarf-fixture2.c" },
			     (const int[]){ 0, nested, outer });
	}
}

static void test_no_code(void **state)
{
	struct kpdb_src_frame f[4];

	assert_int_equal(kpdb_dwarf_addr_frames(fx[1], 0, f, 4), 0);
	assert_int_equal(kpdb_dwarf_addr_frames(fx[1], 0xffffffffdead0000ULL, f, 4), 0);
}

/* A second answer (from the cache) is the first; @max cuts the innermost off last. */
static void test_cached_and_max(void **state)
{
	struct kpdb_src_frame a[KPDB_SRC_FRAMES_MAX], b[KPDB_SRC_FRAMES_MAX];
	uint64_t addr, size;
	size_t n = 0, m;

	if (symbol(fixtures[1], "fx_inl_call3", &addr, &size) < 0)
		skip();
	for (uint64_t x = addr; x < addr + size && n < 3; x++) {
		n = kpdb_dwarf_addr_frames(fx[1], x, a, KPDB_SRC_FRAMES_MAX);
		addr = x;
	}
	assert_int_equal(n, 3);
	m = kpdb_dwarf_addr_frames(fx[1], addr, b, KPDB_SRC_FRAMES_MAX);
	assert_int_equal(m, n);
	assert_memory_equal(a, b, n * sizeof(*a));
	assert_int_equal(kpdb_dwarf_addr_frames(fx[1], addr, b, 1), 1);
	assert_memory_equal(a, b, sizeof(*a));
}

/* Our frames of @addr as addr2line prints them: "func\nfile:line\n" each. */
static void ours(struct kpdb_dwarf *dw, uint64_t addr, char *buf, size_t len)
{
	struct kpdb_src_frame f[KPDB_SRC_FRAMES_MAX];
	size_t n = kpdb_dwarf_addr_frames(dw, addr, f, KPDB_SRC_FRAMES_MAX), off = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < n && off < len; k++)
		off += snprintf(buf + off, len - off, "%s\n%s:%d\n", f[k].func[0] ? f[k].func : "??",
				f[k].file, f[k].line);
}

/* addr2line's group for one address, its build directory and discriminators taken off. */
static void theirs(const char *group, char *buf, size_t len)
{
	const char *comp = FX_DIR;	/* .../build/tests/fixtures */
	char dir[4096];
	size_t off = 0;

	/* the fixtures are compiled in the build directory, two levels up */
	snprintf(dir, sizeof(dir), "%s", comp);
	for (int up = 0; up < 2; up++)
		*strrchr(dir, '/') = '\0';
	strcat(dir, "/");
	buf[0] = '\0';
	while (*group && off < len) {
		const char *nl = strchr(group, '\n');
		size_t l = nl ? (size_t)(nl - group) : strlen(group);
		char line[1024];
		char *d;

		snprintf(line, sizeof(line), "%.*s", (int)l, group);
		d = strstr(line, " (discriminator");
		if (d)
			*d = '\0';
		if (!strncmp(line, dir, strlen(dir)))
			memmove(line, line + strlen(dir), strlen(line + strlen(dir)) + 1);
		off += snprintf(buf + off, len - off, "%s\n", line);
		group += l + (nl ? 1 : 0);
	}
	/* nothing known: "??" and "??:0" (or "??:?") is no frame at all */
	if (!strcmp(buf, "??\n??:0\n") || !strcmp(buf, "??\n??:?\n"))
		buf[0] = '\0';
}

static void against_addr2line(int i)
{
	static const char *const funcs[] = { "fx_inl_call1", "fx_inl_call2", "fx_inl_call3",
		"__x64_sys_fxcall", "fx_connect", "fx_sock_use", "fx_scope_use", "fx_local_user",
		"fx_span_use", "fx_split", "fx_rightmost", "fx_many" };
	char in[] = "/tmp/kpdb-test-addr2line-XXXXXX", cmd[8192], *text = NULL;
	size_t tlen = 0, checked = 0;
	uint64_t *addrs = NULL;
	size_t naddrs = 0;
	FILE *f, *p;
	int fd;

	for (size_t k = 0; k < sizeof(funcs) / sizeof(funcs[0]); k++) {
		uint64_t a, s;

		if (symbol(fixtures[i], funcs[k], &a, &s) < 0)
			continue;
		addrs = realloc(addrs, (naddrs + s) * sizeof(*addrs));
		assert_non_null(addrs);
		for (uint64_t x = 0; x < s; x++)
			addrs[naddrs++] = a + x;
	}
	if (!naddrs)
		skip();
	fd = mkstemp(in);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	for (size_t k = 0; k < naddrs; k++)
		fprintf(f, "%#llx\n", (unsigned long long)addrs[k]);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "addr2line -a -i -f -e '%s/%s' < %s 2>/dev/null", FX_DIR,
		 fixtures[i], in);
	p = popen(cmd, "r");
	assert_non_null(p);
	f = open_memstream(&text, &tlen);
	for (int c; (c = fgetc(p)) != EOF;)
		fputc(c, f);
	fclose(f);
	pclose(p);
	unlink(in);
	if (!tlen) {
		free(text);
		free(addrs);
		skip();
	}
	/* groups: "0x00000000000015b0" then func/file:line pairs */
	for (char *g = strstr(text, "0x"); g; checked++) {
		char *body = strchr(g, '\n'), *next;
		unsigned long long a = strtoull(g, NULL, 16);
		char want[4096], got[4096];

		if (!body)
			break;
		body++;
		next = strstr(body, "\n0x");
		if (next)
			*next = '\0';
		theirs(body, want, sizeof(want));
		ours(fx[i], a, got, sizeof(got));
		if (strcmp(got, want))
			fail_msg("%s %#llx: ours\n%sddr2line's\n%s", fixtures[i], a, got, want);
		g = next ? next + 1 : NULL;
	}
	assert_int_equal(checked, naddrs);
	free(text);
	free(addrs);
}

static void test_addr2line_O0(void **state)
{
	against_addr2line(0);
}

static void test_addr2line_O2(void **state)
{
	against_addr2line(1);
}

static void test_addr2line_dwarf4(void **state)
{
	against_addr2line(2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chains),
		cmocka_unit_test(test_no_code),
		cmocka_unit_test(test_cached_and_max),
		cmocka_unit_test(test_addr2line_O0),
		cmocka_unit_test(test_addr2line_O2),
		cmocka_unit_test(test_addr2line_dwarf4),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
