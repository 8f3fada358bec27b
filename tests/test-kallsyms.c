// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-kallsyms.c - the kallsyms reader on fake proc directories: a
 * kernel's lines with modules' symbols, the zero addresses kptr_restrict
 * shows, lines that are not symbols, a missing and an empty file.
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

#include "kallsyms.h"

static char root[128];

/* As the kernel prints them: "%px %c %s\t[%s]" for a module's. */
static const char kernel[] =
	"ffffffff81000000 T _text\n"
	"ffffffff81000100 t name_show\n"
	"ffffffff81000200 T vfs_read\n"
	"ffffffff81000200 T ksys_read_alias\n"
	"ffffffff82000000 D jiffies\n"
	"ffffffffc0000000 t name_show\t[fx_mod]\n"
	"ffffffffc0000100 t fx_probe\t[fx_mod]\n"
	"ffffffffc0001000 t name_show\t[other_mod]\n";

static void write_kallsyms(const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/kallsyms", root);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	snprintf(root, sizeof(root), "/tmp/kpdb-test-kallsyms-XXXXXX");
	assert_non_null(mkdtemp(root));
	return 0;
}

static int teardown(void **state)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/kallsyms", root);
	unlink(path);
	assert_int_equal(rmdir(root), 0);
	return 0;
}

/* The address kpdb_kallsyms_addr() finds for @name, which it must find. */
static uint64_t addr_of(const char *name)
{
	uint64_t addr = 1;

	assert_int_equal(kpdb_kallsyms_addr(root, name, &addr), 0);
	return addr;
}

static bool text_only(const struct kpdb_ksym *sym, void *arg)
{
	return sym->type == 't' || sym->type == 'T';
}

/* Each symbol, as "ADDR TYPE NAME [MODULE]" lines appended to @arg. */
static int describe(const struct kpdb_ksym *sym, void *arg)
{
	char *out = arg;
	size_t n = strlen(out);

	snprintf(out + n, 1024 - n, "%llx %c %s%s%s\n", sym->addr, sym->type, sym->name,
		 sym->module ? " " : "", sym->module ? sym->module : "");
	return 0;
}

static int stop_at_jiffies(const struct kpdb_ksym *sym, void *arg)
{
	++*(int *)arg;
	return strcmp(sym->name, "jiffies") ? 0 : 7;
}

static void test_modules(void **state)
{
	struct kpdb_kallsyms ks;
	const struct kpdb_ksym *k;
	char seen[1024] = "";
	size_t n;
	int count = 0;

	write_kallsyms(kernel);
	assert_int_equal(kpdb_kallsyms_each(root, describe, seen), 0);
	assert_string_equal(seen,
			    "ffffffff81000000 T _text\n"
			    "ffffffff81000100 t name_show\n"
			    "ffffffff81000200 T vfs_read\n"
			    "ffffffff81000200 T ksys_read_alias\n"
			    "ffffffff82000000 D jiffies\n"
			    "ffffffffc0000000 t name_show fx_mod\n"
			    "ffffffffc0000100 t fx_probe fx_mod\n"
			    "ffffffffc0001000 t name_show other_mod\n");
	/* @fn's nonzero stops the reading and is returned */
	assert_int_equal(kpdb_kallsyms_each(root, stop_at_jiffies, &count), 7);
	assert_int_equal(count, 5);

	assert_int_equal(kpdb_kallsyms_load(root, KPDB_KSYM_BY_NAME, text_only, NULL, &ks), 0);
	assert_int_equal(ks.n, 7);
	assert_null(kpdb_kallsyms_named(&ks, "jiffies", &n));
	assert_int_equal(n, 0);
	k = kpdb_kallsyms_named(&ks, "fx_probe", &n);
	assert_int_equal(n, 1);
	assert_string_equal(k->module, "fx_mod");
	/* a name of vmlinux and of two modules: all three, in the file's order */
	k = kpdb_kallsyms_named(&ks, "name_show", &n);
	assert_int_equal(n, 3);
	assert_null(k[0].module);
	assert_int_equal(k[0].addr, 0xffffffff81000100ULL);
	assert_string_equal(k[1].module, "fx_mod");
	assert_string_equal(k[2].module, "other_mod");
	kpdb_kallsyms_free(&ks);
}

static void test_addresses(void **state)
{
	struct kpdb_kallsyms ks;
	const struct kpdb_ksym *k;
	unsigned long long off;
	uint64_t addr = 0;

	write_kallsyms(kernel);
	assert_int_equal(addr_of("vfs_read"), 0xffffffff81000200ULL);
	/* the first of a name: vmlinux's, which comes before the modules' */
	assert_int_equal(addr_of("name_show"), 0xffffffff81000100ULL);
	assert_int_equal(addr_of("fx_probe"), 0xffffffffc0000100ULL);
	assert_int_equal(kpdb_kallsyms_addr(root, "no_such", &addr), -1);
	assert_int_equal(addr, 0);

	assert_int_equal(kpdb_kallsyms_load(root, KPDB_KSYM_BY_ADDR, NULL, NULL, &ks), 0);
	assert_int_equal(ks.n, 8);
	k = kpdb_kallsyms_at(&ks, 0xffffffff81000104ULL, &off);
	assert_string_equal(k->name, "name_show");
	assert_null(k->module);
	assert_int_equal(off, 4);
	k = kpdb_kallsyms_at(&ks, 0xffffffffc0000100ULL, &off);
	assert_string_equal(k->name, "fx_probe");
	assert_int_equal(off, 0);
	/* two names at one address: the last in the file */
	k = kpdb_kallsyms_at(&ks, 0xffffffff81000210ULL, &off);
	assert_string_equal(k->name, "ksys_read_alias");
	/* below the first, and far past the last, is in no symbol */
	assert_null(kpdb_kallsyms_at(&ks, 0x1000, &off));
	assert_null(kpdb_kallsyms_at(&ks, 0xffffffffc0201000ULL, &off));
	kpdb_kallsyms_free(&ks);
}

/* kptr_restrict: every address 0, the names and types still there. */
static void test_zero_addresses(void **state)
{
	struct kpdb_kallsyms ks;
	const struct kpdb_ksym *k;
	unsigned long long off;
	size_t n;

	write_kallsyms("0000000000000000 T _text\n"
		       "0000000000000000 t name_show\n"
		       "0000000000000000 d sysrq_sync_op\n"
		       "0000000000000000 t name_show\t[fx_mod]\n");
	assert_int_equal(addr_of("_text"), 0);
	assert_int_equal(addr_of("sysrq_sync_op"), 0);
	assert_int_equal(kpdb_kallsyms_load(root, KPDB_KSYM_BY_NAME, text_only, NULL, &ks), 0);
	k = kpdb_kallsyms_named(&ks, "name_show", &n);
	assert_int_equal(n, 2);
	assert_int_equal(k[0].addr, 0);
	assert_string_equal(k[1].module, "fx_mod");
	kpdb_kallsyms_free(&ks);
	assert_int_equal(kpdb_kallsyms_load(root, KPDB_KSYM_BY_ADDR, NULL, NULL, &ks), 0);
	assert_int_equal(ks.n, 4);
	k = kpdb_kallsyms_at(&ks, 0, &off);
	assert_non_null(k);
	assert_int_equal(off, 0);
	kpdb_kallsyms_free(&ks);
}

static void test_missing_file(void **state)
{
	struct kpdb_kallsyms ks;
	char seen[1024] = "";
	unsigned long long off;
	uint64_t addr = 5;
	size_t n;

	assert_int_equal(kpdb_kallsyms_each(root, describe, seen), -1);
	assert_string_equal(seen, "");
	assert_int_equal(kpdb_kallsyms_addr(root, "_text", &addr), -1);
	assert_int_equal(addr, 5);
	assert_int_equal(kpdb_kallsyms_load(root, KPDB_KSYM_BY_NAME, NULL, NULL, &ks), -1);
	assert_int_equal(ks.n, 0);
	assert_null(kpdb_kallsyms_named(&ks, "_text", &n));
	kpdb_kallsyms_free(&ks);

	/* an empty file is read: it has no symbol */
	write_kallsyms("");
	assert_int_equal(kpdb_kallsyms_each(root, describe, seen), 0);
	assert_int_equal(kpdb_kallsyms_load(root, KPDB_KSYM_BY_ADDR, NULL, NULL, &ks), 0);
	assert_int_equal(ks.n, 0);
	assert_null(kpdb_kallsyms_at(&ks, 0xffffffff81000000ULL, &off));
	kpdb_kallsyms_free(&ks);
}

/* Lines that are not "ADDR TYPE NAME" are skipped; the ones around them are read. */
static void test_line_without_type(void **state)
{
	struct kpdb_kallsyms ks;
	char seen[1024] = "";
	uint64_t addr = 0;

	write_kallsyms("ffffffff81000000 T _text\n"
		       "ffffffff81000010 no_type\n"
		       "ffffffff81000020 T\n"
		       "\n"
		       "not a symbol line\n"
		       "ffffffff81000030 t after\n"
		       "ffffffff81000040 t last_without_newline");
	assert_int_equal(kpdb_kallsyms_each(root, describe, seen), 0);
	assert_string_equal(seen,
			    "ffffffff81000000 T _text\n"
			    "ffffffff81000030 t after\n"
			    "ffffffff81000040 t last_without_newline\n");
	assert_int_equal(kpdb_kallsyms_addr(root, "no_type", &addr), -1);
	assert_int_equal(kpdb_kallsyms_addr(root, "type", &addr), -1);
	assert_int_equal(kpdb_kallsyms_load(root, KPDB_KSYM_BY_NAME, NULL, NULL, &ks), 0);
	assert_int_equal(ks.n, 3);
	kpdb_kallsyms_free(&ks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_modules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_addresses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zero_addresses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_without_type, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
