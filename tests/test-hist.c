// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-hist.c - hist files as the kernel wrote them, read back and printed:
 * the latency histogram of lat (a synthetic event's lat.log2 table, text of
 * Debian's 6.1 kernel in QEMU) in bcc funclatency's shape.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hist.h"

/* do_nanosleep of `workload sleep 10/1/0` x 5, under TCG (6.1.0-57) */
static const char nanosleep_hist[] =
	"# event histogram\n"
	"#\n"
	"# trigger info: hist:keys=lat.log2:vals=hitcount,lat:sort=lat.log2:size=2048 [active]\n"
	"#\n"
	"\n"
	"{ lat: ~ 2^7  } hitcount:          1  lat:        122\n"
	"{ lat: ~ 2^8  } hitcount:          2  lat:        350\n"
	"{ lat: ~ 2^9  } hitcount:          2  lat:        562\n"
	"{ lat: ~ 2^14 } hitcount:          5  lat:      53466\n"
	"{ lat: ~ 2^11 } hitcount:          5  lat:       6279\n"
	"\n"
	"Totals:\n"
	"    Hits: 15\n"
	"    Entries: 5\n"
	"    Dropped: 0\n";

static const char empty_hist[] =
	"# event histogram\n"
	"#\n"
	"# trigger info: hist:keys=lat.log2:vals=hitcount,lat:sort=lat.log2:size=2048 [active]\n"
	"#\n"
	"\n"
	"\n"
	"Totals:\n"
	"    Hits: 0\n"
	"    Entries: 0\n"
	"    Dropped: 0\n";

/* Print @text's table with kpdb_hist_print_log2 into a string. */
static char *print_log2(const char *text, bool json)
{
	struct kpdb_hist h;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	assert_int_equal(kpdb_hist_parse(text, false, false, &h), 0);
	kpdb_hist_print_log2(f, &h, "do_nanosleep", json);
	kpdb_hist_free(&h);
	fclose(f);
	return out;
}

/*
 * The tables of a breakpoint's probes at several sites are one: rows of the
 * same keys add up (hits and sums), the others are kept, totals add up.
 */
static void test_many_sites(void **state)
{
	static const char site1[] =
		"# event histogram\n#\n\n"
		"{ comm: cat                      } hitcount:          3  len:        300\n"
		"{ comm: dd                       } hitcount:          1  len:       4096\n"
		"\nTotals:\n    Hits: 4\n    Entries: 2\n    Dropped: 0\n";
	static const char site2[] =
		"# event histogram\n#\n\n"
		"{ comm: dd                       } hitcount:          5  len:      20480\n"
		"{ comm: sshd                     } hitcount:          2  len:         80\n"
		"\nTotals:\n    Hits: 7\n    Entries: 2\n    Dropped: 1\n";
	const char *const texts[] = { site1, site2 };
	struct kpdb_hist h;

	(void)state;
	assert_int_equal(kpdb_hist_parse_many(texts, 2, false, false, &h), 0);
	assert_int_equal(h.nrows, 3);
	assert_int_equal(h.total_hits, 11);
	assert_int_equal(h.dropped, 1);
	/* by hits, largest first */
	assert_string_equal(h.rows[0].keys[0].value, "dd");
	assert_int_equal(h.rows[0].hits, 6);
	assert_int_equal(h.rows[0].sum, 24576);
	assert_string_equal(h.rows[1].keys[0].value, "cat");
	assert_int_equal(h.rows[1].hits, 3);
	assert_string_equal(h.rows[2].keys[0].value, "sshd");
	kpdb_hist_free(&h);
}

static void test_log2_funclatency(void **state)
{
	char *out = print_log2(nanosleep_hist, false);

	assert_string_equal(out,
		"     usecs               : count     distribution\n"
		"         0 -> 1          : 0        |                                        |\n"
		"         2 -> 2          : 0        |                                        |\n"
		"         3 -> 4          : 0        |                                        |\n"
		"         5 -> 8          : 0        |                                        |\n"
		"         9 -> 16         : 0        |                                        |\n"
		"        17 -> 32         : 0        |                                        |\n"
		"        33 -> 64         : 0        |                                        |\n"
		"        65 -> 128        : 1        |********                                |\n"
		"       129 -> 256        : 2        |****************                        |\n"
		"       257 -> 512        : 2        |****************                        |\n"
		"       513 -> 1024       : 0        |                                        |\n"
		"      1025 -> 2048       : 5        |****************************************|\n"
		"      2049 -> 4096       : 0        |                                        |\n"
		"      4097 -> 8192       : 0        |                                        |\n"
		"      8193 -> 16384      : 5        |****************************************|\n"
		"\n"
		"avg = 4051 usecs, total: 60779 usecs, count: 15\n");
	free(out);
}

static void test_log2_json(void **state)
{
	char *out = print_log2(nanosleep_hist, true), *l;
	int lines = 0;

	for (l = out; (l = strchr(l, '\n')); l++)
		lines++;
	/* 2^0 to 2^14, then the summary */
	assert_int_equal(lines, 16);
	assert_non_null(strstr(out, "{\"lat\":\"do_nanosleep\",\"low\":0,\"high\":1,\"count\":0}\n"));
	assert_non_null(strstr(out,
			       "{\"lat\":\"do_nanosleep\",\"low\":8193,\"high\":16384,\"count\":5}\n"));
	assert_non_null(strstr(out, "{\"lat\":\"do_nanosleep\",\"calls\":15,\"total\":60779,"
			       "\"avg\":4051}\n"));
	free(out);
}

static void test_log2_empty(void **state)
{
	char *out = print_log2(empty_hist, false);

	assert_string_equal(out, "");
	free(out);
}

/*
 * A call under a microsecond: ilog2(roundup_pow_of_two(0)) is no bucket the
 * kernel means (2^18446744073709551615 if it prints -1); it goes with 1.
 */
static void test_log2_zero(void **state)
{
	char *out = print_log2("\n{ lat: ~ 2^18446744073709551615 } hitcount:          3  lat:"
			       "          0\n{ lat: ~ 2^1  } hitcount:          1  lat:          2\n",
			       false);

	assert_string_equal(out,
		"     usecs               : count     distribution\n"
		"         0 -> 1          : 3        |****************************************|\n"
		"         2 -> 2          : 1        |*************                           |\n"
		"\n"
		"avg = 0 usecs, total: 2 usecs, count: 4\n");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many_sites),
		cmocka_unit_test(test_log2_funclatency),
		cmocka_unit_test(test_log2_json),
		cmocka_unit_test(test_log2_empty),
		cmocka_unit_test(test_log2_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
