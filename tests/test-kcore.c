// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-kcore.c - `p` without a kernel: an ELF core file whose PT_LOAD
 * headers map a struct fx_sock (filled here) at the fixture's own address of
 * fx_global_sock, and a string at LABEL_ADDR; the evaluator reads it through
 * kcore.c as it reads /proc/kcore.
 *
 *   test-kcore --write FILE   writes that core file (tests/cli-inspect.sh)
 */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "dwarf-fixture.h"
#include "kcore.h"
#include "resolver.h"

#ifndef FX_DIR
#error "FX_DIR must name the directory of the compiled fixtures"
#endif

#define LABEL_ADDR	0x7000000ULL
#define LABEL		"label-text"
#define UNMAPPED	0xdead0000ULL

static struct kpdb_dwarf *dw;
static struct kpdb_kcore *kc;
static char core_path[4096];
static uint64_t sock_addr;

static int open_fixture(void)
{
	struct kpdb_err err = { 0 };
	struct kpdb_print_opts o = { 0 };
	struct kpdb_value v;

	static char cache[] = "/tmp/kpdb-test-kcore-XXXXXX";

	if (dw)
		return 0;
	/* the name index is cached: not in the user's cache */
	if (!mkdtemp(cache))
		return -1;
	setenv("KPDB_CACHE", cache, 1);
	if (kpdb_dwarf_open(FX_DIR "/dwarf-fx-O2", &dw, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	/* & needs no memory: the address is the debug info's */
	if (kpdb_value_eval(dw, NULL, "/nonexistent", "&fx_global_sock", &o, &v, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	sock_addr = v.ival;
	kpdb_value_free(&v);
	return 0;
}

struct seg {
	uint64_t vaddr;
	const void *data;
	size_t len;
};

/* An ELF core whose PT_LOAD headers map @segs, in that order. */
static int write_segments(const char *path, const struct seg *segs, size_t n)
{
	Elf64_Ehdr eh = { 0 };
	Elf64_Phdr ph = { 0 };
	uint64_t off = sizeof(eh) + n * sizeof(ph);
	FILE *f;

	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_CORE;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	eh.e_phoff = sizeof(eh);
	eh.e_ehsize = sizeof(eh);
	eh.e_phentsize = sizeof(Elf64_Phdr);
	eh.e_phnum = n;
	f = fopen(path, "w");
	if (!f)
		return -1;
	fwrite(&eh, sizeof(eh), 1, f);
	for (size_t i = 0; i < n; i++) {
		ph.p_type = PT_LOAD;
		ph.p_vaddr = segs[i].vaddr;
		ph.p_offset = off;
		ph.p_filesz = ph.p_memsz = segs[i].len;
		fwrite(&ph, sizeof(ph), 1, f);
		off += segs[i].len;
	}
	for (size_t i = 0; i < n; i++)
		fwrite(segs[i].data, segs[i].len, 1, f);
	return fclose(f);
}

static int write_core(const char *path)
{
	struct fx_sock sk;
	char label[16] = LABEL;

	memset(&sk, 0, sizeof(sk));
	strcpy(sk.sk_name, "sock-name");
	sk.sk_label = (const char *)(uintptr_t)LABEL_ADDR;
	sk.sk_mark = 42;
	sk.sk_type = 513;
	sk.sk_flags = 5;
	sk.sk_prio = -3;
	sk.sk_stamp[2] = -5;
	sk.sk_next = (struct fx_sock *)(uintptr_t)sock_addr;
	sk.sk_inner[0].a = 7;
	sk.sk_inner[1].a = 8;
	for (int i = 0; i < 3; i++) {
		sk.sk_inner[0].b[i] = i + 1;
		sk.sk_inner[1].b[i] = i + 4;
	}
	sk.sk_dead = 1;
	sk.sk_st = FX_CLOSED;
	sk.__sk_common.skc_family = 2;
	sk.sk_refcnt.counter = 3;
	return write_segments(path, (struct seg[]){ { sock_addr, &sk, sizeof(sk) },
						    { LABEL_ADDR, label, sizeof(label) } }, 2);
}

static int setup(void **state)
{
	struct kpdb_err err = { 0 };

	if (open_fixture() < 0)
		return -1;
	snprintf(core_path, sizeof(core_path), "%s/test-kcore.%d", P_tmpdir, (int)getpid());
	if (write_core(core_path) < 0 || kpdb_kcore_open(core_path, &kc, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	kpdb_kcore_close(kc);
	if (*core_path)
		unlink(core_path);
	kpdb_dwarf_close(dw);
	if (getenv("KPDB_CACHE") && !strncmp(getenv("KPDB_CACHE"), "/tmp/kpdb-test-kcore-", 21)) {
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", getenv("KPDB_CACHE"));
		if (system(cmd) != 0)
			return -1;
	}
	return 0;
}

static void expect_p(const char *expr, bool hex, const char *want)
{
	struct kpdb_print_opts o = { .hex = hex };
	struct kpdb_err err = { 0 };
	struct kpdb_value v;

	if (kpdb_value_eval(dw, kc, "/nonexistent", expr, &o, &v, &err) < 0)
		fail_msg("p %s: %s", expr, err.msg);
	if (strcmp(v.text, want))
		fail_msg("p %s: got '%s', want '%s'", expr, v.text, want);
	kpdb_value_free(&v);
}

static void expect_err(const char *expr, const char *want)
{
	struct kpdb_print_opts o = { 0 };
	struct kpdb_err err = { 0 };
	struct kpdb_value v;

	if (kpdb_value_eval(dw, kc, "/nonexistent", expr, &o, &v, &err) == 0)
		fail_msg("p %s: no error, printed '%s'", expr, v.text);
	if (!strstr(err.msg, want))
		fail_msg("p %s: error '%s', want '%s'", expr, err.msg, want);
}

static void test_scalars(void **state)
{
	expect_p("fx_global_sock.sk_mark", false, "42");
	expect_p("fx_global_sock.sk_mark", true, "0x2a");
	expect_p("fx_global_sock.sk_prio", false, "-3");
	expect_p("fx_global_sock.sk_prio", true, "0xfffd");
	expect_p("fx_global_sock.sk_stamp[2]", false, "-5");
	expect_p("fx_global_sock.sk_type", false, "513");
	expect_p("fx_global_sock.sk_flags", false, "5");
	expect_p("fx_global_sock.sk_dead", false, "true");
	expect_p("fx_global_sock.sk_st", false, "FX_CLOSED");
	expect_p("fx_global_sock.sk_refcnt.counter", false, "3");
	expect_p("fx_global_sock.__sk_common.skc_family", false, "2");
	expect_p("(&fx_global_sock)->sk_mark", false, "42");
	expect_p("fx_global_sock.sk_next->sk_next->sk_mark", false, "42");
	expect_p("(*fx_global_sock.sk_next).sk_inner[1].b[2]", false, "6");
}

static void test_strings_and_aggregates(void **state)
{
	char want[128];

	expect_p("fx_global_sock.sk_name", false, "\"sock-name\"");
	snprintf(want, sizeof(want), "(const char *) %#llx \"" LABEL "\"", LABEL_ADDR);
	expect_p("fx_global_sock.sk_label", false, want);
	expect_p("*fx_global_sock.sk_label", false, "108 'l'");
	expect_p("fx_global_sock.sk_label[6]", false, "116 't'");
	expect_p("fx_global_sock.sk_inner[1]", false, "{a = 8, b = {4, 5, 6}}");
	expect_p("fx_global_sock.sk_inner", false,
		 "{{a = 7, b = {1, 2, 3}}, {a = 8, b = {4, 5, 6}}}");
	expect_p("fx_global_sock.sk_inner[0].b", true, "{0x1, 0x2, 0x3}");
}

static void test_sizeof_cast_addr(void **state)
{
	char want[64];

	snprintf(want, sizeof(want), "%zu", sizeof(struct fx_sock));
	expect_p("sizeof(struct fx_sock)", false, want);
	expect_p("sizeof fx_global_sock.sk_name", false, "16");
	snprintf(want, sizeof(want), "(struct fx_sock *) %#llx", (unsigned long long)sock_addr);
	expect_p("&fx_global_sock", false, want);
	snprintf(want, sizeof(want), "%#llx", (unsigned long long)sock_addr);
	expect_p("(unsigned long)&fx_global_sock", true, want);
	snprintf(want, sizeof(want), "(struct fx_sock *) %#llx",
		 (unsigned long long)sock_addr);
	expect_p("fx_global_sock.sk_next", false, want);
	snprintf(want, sizeof(want), "%#llx", (unsigned long long)sock_addr);
	expect_p("((struct fx_sock *)fx_global_sock.sk_next)->sk_mark", false, "42");
	expect_p("((struct fx_sock *)&fx_global_sock + 1) - 1", false,
		 (snprintf(want, sizeof(want), "(struct fx_sock *) %#llx",
			   (unsigned long long)sock_addr), want));
}

/* Pointer arithmetic wraps as the machine's does (it overflowed a long: UBSan). */
static void test_pointer_wraps(void **state)
{
	char want[64];

	snprintf(want, sizeof(want), "(struct fx_sock *) %#llx",
		 0x7fffffffffffffffULL * sizeof(struct fx_sock));
	expect_p("(struct fx_sock *)0 + 0x7fffffffffffffff", false, want);
	snprintf(want, sizeof(want), "(struct fx_sock *) %#llx",
		 1 - 0x7fffffffffffffffULL * sizeof(struct fx_sock));
	expect_p("(struct fx_sock *)1 - 0x7fffffffffffffff", false, want);
	expect_p("(long *)0 - 1", false, "(long int *) 0xfffffffffffffff8");
}

/*
 * A symbol with no DWARF variable (jiffies): from the image's symbol table,
 * as an unsigned long, without kallsyms (its read took half a second per p
 * in the test VM).  fx_jiffies is an alias of fx_global_sock.
 */
static void test_symbol_without_dwarf(void **state)
{
	char want[64];

	snprintf(want, sizeof(want), "(long unsigned int *) %#llx", (unsigned long long)sock_addr);
	expect_p("&fx_jiffies", false, want);
	expect_p("fx_jiffies", false, "0");
	expect_p("((struct fx_sock *)&fx_jiffies)->sk_mark", false, "42");
	expect_err("fx_no_such_symbol", "no symbol 'fx_no_such_symbol'");
}

static void test_unreadable(void **state)
{
	char want[64];

	snprintf(want, sizeof(want), "<unreadable %#llx>", UNMAPPED);
	expect_p("*(struct fx_sock *)0xdead0000", false, want);
	expect_p("*(long *)0xdead0000", false, want);
	snprintf(want, sizeof(want), "<unreadable %#llx>",
		 UNMAPPED + offsetof(struct fx_sock, sk_mark));
	expect_p("((struct fx_sock *)0xdead0000)->sk_mark", false, want);
	expect_p("(char *)0xdead0000", false, "(char *) 0xdead0000 <unreadable 0xdead0000>");
}

static void test_errors(void **state)
{
	struct kpdb_kcore *k;
	struct kpdb_err err = { 0 };

	expect_err("no_such_variable", "no symbol 'no_such_variable'");
	expect_err("fx_global_sock.nope", "no member 'nope'");
	expect_err("fx_connect", "'fx_connect' is a function, not a variable");
	expect_err("fx_global_sock.sk_mark.x", "not a struct");
	expect_err("*fx_global_sock.sk_mark", "non-pointer");
	expect_err("fx_global_sock +", "syntax error");
	expect_err("fx_global_sock)", "syntax error");
	expect_err("fx_global_sock.sk_name[", "");
	/* not 0xffffffffffffffff, as strtoull makes it (fuzz-kcore) */
	expect_err("*(long *)0xffffbffffffffff00", "number too large at '0xffffbffffffffff00'");
	expect_err("fx_global_sock.sk_stamp[99999999999999999999]", "number too large");
	assert_int_equal(kpdb_kcore_open("/nonexistent/kcore", &k, &err), -1);
	assert_non_null(strstr(err.msg, "CONFIG_PROC_KCORE"));
	assert_int_equal(kpdb_kcore_open(FX_DIR "/dwarf-fx-O2", &k, &err), -1);
	assert_non_null(strstr(err.msg, "not a 64-bit ELF core"));
}

/* A core of @segs opened, for the reader's own tests. */
static struct kpdb_kcore *open_segments(const struct seg *segs, size_t n)
{
	struct kpdb_err err = { 0 };
	struct kpdb_kcore *k = NULL;
	char path[4096];

	snprintf(path, sizeof(path), "%s/test-kcore-segs.%d", P_tmpdir, (int)getpid());
	if (write_segments(path, segs, n) < 0 || kpdb_kcore_open(path, &k, &err) < 0)
		fail_msg("cannot write or open %s: %s", path, err.msg);
	unlink(path);
	return k;
}

/*
 * Found by fuzz-kcore (regress/kcore/kcore-crash-a2263cbd...): a segment
 * running past the top of the address space was read whole across it (a
 * read at 0xffffffffffffffff returned the bytes "at" 0, 1, ...) while the
 * same bytes read one by one were unmapped.
 */
static void test_read_wraps(void **state)
{
	unsigned char mem[0x200], b[16];
	struct seg s[] = { { 0xffffffffffffff00ULL, mem, sizeof(mem) } };
	struct kpdb_kcore *k;

	memset(mem, 'x', sizeof(mem));
	k = open_segments(s, 1);
	assert_int_equal(kpdb_kcore_read(k, 0xffffffffffffffffULL, b, 1), 0);
	assert_int_equal(b[0], 'x');
	assert_int_equal(kpdb_kcore_read(k, 0xfffffffffffffff8ULL, b, 8), 0);
	assert_int_equal(kpdb_kcore_read(k, 0xfffffffffffffff8ULL, b, 9), -1);
	assert_int_equal(kpdb_kcore_read(k, 0xffffffffffffffffULL, b, 16), -1);
	assert_int_equal(kpdb_kcore_read(k, 0, b, 1), -1);
	kpdb_kcore_close(k);
}

/* Overlapping segments: the first listed holds an address, read whole or not. */
static void test_read_overlap(void **state)
{
	static const char outer[] = "AAAAAAAAAAAAAAAAaaaaaaaaaaaaaaaaAAAAAAAAAAAAAAAA";
	static const char inner[] = "BBBBBBBBBBBBBBBB";
	struct seg s[] = { { 0x1010, inner, 16 }, { 0x1000, outer, 48 } };
	char whole[48], one[48];
	struct kpdb_kcore *k = open_segments(s, 2);

	assert_int_equal(kpdb_kcore_read(k, 0x1000, whole, sizeof(whole)), 0);
	for (size_t i = 0; i < sizeof(one); i++)
		assert_int_equal(kpdb_kcore_read(k, 0x1000 + i, one + i, 1), 0);
	assert_memory_equal(whole, "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBAAAAAAAAAAAAAAAA", 48);
	assert_memory_equal(whole, one, sizeof(whole));
	kpdb_kcore_close(k);
}

/*
 * Found by fuzz-kcore (regress/kcore/kcore-crash-e846dfa4...): thousands of
 * '(' overflowed the stack of the recursive descent.  A deep expression is
 * refused; one as deep as anyone writes still works.
 */
static void test_nesting(void **state)
{
	size_t n = 100000;
	char *deep = malloc(2 * n + 64);

	assert_non_null(deep);
	memset(deep, '(', n);
	strcpy(deep + n, "fx_global_sock.sk_mark");
	memset(deep + n + 22, ')', n);
	deep[2 * n + 22] = '\0';
	expect_err(deep, "expression nested too deeply");
	memset(deep, '-', n);
	strcpy(deep + n, "1");
	expect_err(deep, "expression nested too deeply");
	memset(deep, '*', n);
	strcpy(deep + n, "fx_global_sock.sk_next");
	expect_err(deep, "expression nested too deeply");
	/* 100 levels of parentheses and unary operators */
	n = 100;
	memset(deep, '(', n);
	strcpy(deep + n, "-(-fx_global_sock.sk_mark)");
	memset(deep + n + 26, ')', n);
	deep[2 * n + 26] = '\0';
	expect_p(deep, false, "42");
	free(deep);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_strings_and_aggregates),
		cmocka_unit_test(test_sizeof_cast_addr),
		cmocka_unit_test(test_pointer_wraps),
		cmocka_unit_test(test_symbol_without_dwarf),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_read_wraps),
		cmocka_unit_test(test_read_overlap),
		cmocka_unit_test(test_nesting),
	};

	if (argc == 3 && !strcmp(argv[1], "--write"))
	{
		int bad = open_fixture() < 0 || write_core(argv[2]) < 0;

		teardown(NULL);
		return bad;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
