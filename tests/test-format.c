// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-format.c - kpdb's decoders and their filter inverses.  ipv6 text is
 * checked against the C library's inet_ntop(), errno names against glibc's
 * strerrorname_np(), and the sockaddr field offsets against <netinet/in.h>.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* strerrorname_np */
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cmocka.h>

#include "format.h"
#include "output.h"

static void test_fmt_names(void **state)
{
	static const char *const names[] = { "ipv4", "ipv6", "port", "sockaddr", "errno",
					     "hex", "dec" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		enum kpdb_fmt f = kpdb_fmt_lookup(names[i]);

		assert_int_not_equal(f, KPDB_FMT_NONE);
		assert_string_equal(kpdb_fmt_name(f), names[i]);
	}
	assert_int_equal(kpdb_fmt_lookup("IPV4"), KPDB_FMT_NONE);
	assert_int_equal(kpdb_fmt_lookup("u32"), KPDB_FMT_NONE);
	assert_int_equal(kpdb_fmt_lookup(""), KPDB_FMT_NONE);
	assert_int_equal(kpdb_fmt_lookup(NULL), KPDB_FMT_NONE);
	assert_int_equal(kpdb_fmt_lookup("port"), KPDB_FMT_PORT);
	assert_string_equal(kpdb_fmt_name(KPDB_FMT_NONE), "none");
	assert_string_equal(kpdb_fmt_name((enum kpdb_fmt)99), "none");
}

/* The raw value a little-endian load of these network-order bytes gives. */
static uint32_t le32(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	return (uint32_t)a | (uint32_t)b << 8 | (uint32_t)c << 16 | (uint32_t)d << 24;
}

static void test_ipv4(void **state)
{
	char buf[32];

	kpdb_fmt_ipv4(16777343, buf, sizeof(buf));	/* the real kernel's 127.0.0.1 */
	assert_string_equal(buf, "127.0.0.1");
	kpdb_fmt_ipv4(0, buf, sizeof(buf));
	assert_string_equal(buf, "0.0.0.0");
	kpdb_fmt_ipv4(0xffffffff, buf, sizeof(buf));
	assert_string_equal(buf, "255.255.255.255");
	kpdb_fmt_ipv4(le32(10, 0, 0, 1), buf, sizeof(buf));
	assert_string_equal(buf, "10.0.0.1");
	kpdb_fmt_ipv4(le32(172, 16, 28, 33), buf, sizeof(buf));
	assert_string_equal(buf, "172.16.28.33");
	kpdb_fmt_ipv4(le32(172, 16, 28, 33), buf, 4);	/* truncates, never overflows */
	assert_string_equal(buf, "172");
}

static void test_parse_ipv4(void **state)
{
	static const char *const bad[] = {
		"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.-4", "1..2.3", "a.b.c.d",
		" 1.2.3.4", "1.2.3.4 ", "1.2.3.4x", "0x7f.0.0.1", "1234.1.1.1", "1.2.3.",
	};
	uint32_t raw = 42;
	size_t i;

	assert_int_equal(kpdb_fmt_parse_ipv4("127.0.0.1", &raw), 0);
	assert_int_equal(raw, 16777343);
	assert_int_equal(kpdb_fmt_parse_ipv4("0.0.0.0", &raw), 0);
	assert_int_equal(raw, 0);
	assert_int_equal(kpdb_fmt_parse_ipv4("255.255.255.255", &raw), 0);
	assert_int_equal(raw, 0xffffffff);
	assert_int_equal(kpdb_fmt_parse_ipv4("10.0.0.1", &raw), 0);
	assert_int_equal(raw, le32(10, 0, 0, 1));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		raw = 42;
		if (kpdb_fmt_parse_ipv4(bad[i], &raw) != -1)
			fail_msg("'%s' was accepted as an IPv4 address", bad[i]);
		assert_int_equal(raw, 42);
	}
	assert_int_equal(kpdb_fmt_parse_ipv4(NULL, &raw), -1);
}

static void check_ipv6(const uint8_t a[16])
{
	char ours[64], libc[INET6_ADDRSTRLEN];

	kpdb_fmt_ipv6(a, ours, sizeof(ours));
	assert_non_null(inet_ntop(AF_INET6, a, libc, sizeof(libc)));
	if (strcmp(ours, libc))
		fail_msg("ipv6: kpdb '%s', inet_ntop '%s'", ours, libc);
}

static void test_ipv6_edges(void **state)
{
	static const char *const texts[] = {
		"::", "::1", "::ffff:1.2.3.4", "::1.2.3.4", "fe80::1", "fe80::9247:ef57:d62c:ade8",
		"2001:db8::", "2001:db8:0:1:1:1:1:1", "2001:db8::1:0:0:1", "1:0:0:2:0:0:0:3",
		"1::", "1:2:3:4:5:6:7:8", "ff02::2", "::ffff:0.0.0.0", "0:0:0:0:0:1:0:0",
		"1:0:2:0:3:0:4:0", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "64:ff9b::c000:201",
	};
	uint8_t a[16];
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		assert_int_equal(inet_pton(AF_INET6, texts[i], a), 1);
		check_ipv6(a);
	}
	memset(a, 0, sizeof(a));
	kpdb_fmt_ipv6(a, buf, sizeof(buf));
	assert_string_equal(buf, "::");
	a[15] = 1;
	kpdb_fmt_ipv6(a, buf, sizeof(buf));
	assert_string_equal(buf, "::1");
	a[10] = a[11] = 0xff;
	a[12] = 1, a[13] = 2, a[14] = 3, a[15] = 4;
	kpdb_fmt_ipv6(a, buf, sizeof(buf));
	assert_string_equal(buf, "::ffff:1.2.3.4");
	assert_int_equal(inet_pton(AF_INET6, "fe80::9247:ef57:d62c:ade8", a), 1);
	kpdb_fmt_ipv6(a, buf, 6);
	assert_string_equal(buf, "fe80:");
}

/* Random addresses with many zero groups, so every compression case occurs. */
static void test_ipv6_random(void **state)
{
	uint32_t seed = 12345;
	uint8_t a[16];
	int n, i;

	for (n = 0; n < 20000; n++) {
		for (i = 0; i < 8; i++) {
			seed = seed * 1103515245 + 12345;
			if ((seed >> 16) % 3) {
				a[2 * i] = a[2 * i + 1] = 0;
			} else {
				a[2 * i] = (uint8_t)(seed >> 8);
				a[2 * i + 1] = (uint8_t)(seed >> 24) & ((seed & 1) ? 0xff : 0x0f);
			}
		}
		if (n % 7 == 0) {	/* mapped and compatible prefixes */
			memset(a, 0, 10);
			a[10] = a[11] = (n % 14) ? 0xff : 0;
		}
		check_ipv6(a);
	}
}

static void test_port(void **state)
{
	uint16_t raw = 1;
	unsigned int p;

	assert_int_equal(kpdb_fmt_port(23569), 4444);	/* as the real kernel fetched it */
	assert_int_equal(kpdb_fmt_port(0), 0);
	assert_int_equal(kpdb_fmt_port(0xffff), 65535);
	assert_int_equal(kpdb_fmt_port(htons(22)), 22);
	for (p = 0; p <= 65535; p++) {
		char text[8];

		snprintf(text, sizeof(text), "%u", p);
		assert_int_equal(kpdb_fmt_parse_port(text, &raw), 0);
		assert_int_equal(raw, htons((uint16_t)p));
		assert_int_equal(kpdb_fmt_port(raw), p);
	}
	assert_int_equal(kpdb_fmt_parse_port("4444", &raw), 0);
	assert_int_equal(raw, 23569);
	assert_int_equal(kpdb_fmt_parse_port("65536", &raw), -1);
	assert_int_equal(kpdb_fmt_parse_port("-1", &raw), -1);
	assert_int_equal(kpdb_fmt_parse_port("0x10", &raw), -1);
	assert_int_equal(kpdb_fmt_parse_port("ssh", &raw), -1);
	assert_int_equal(kpdb_fmt_parse_port("", &raw), -1);
	assert_int_equal(kpdb_fmt_parse_port("22 ", &raw), -1);
	assert_int_equal(kpdb_fmt_parse_port(NULL, &raw), -1);
}

static void test_errno(void **state)
{
	static const struct {
		int64_t val;
		const char *want;
	} cases[] = {
		{ -111, "-111 (ECONNREFUSED)" },
		{ 0, "0" },
		{ 111, "111" }, /* positive: a count, not an error */
		{ -41, "-41" }, /* no errno 41 on Linux */
		{ -9999, "-9999" },
		{ -1, "-1 (EPERM)" },
		{ -133, "-133 (EHWPOISON)" },
		{ -512, "-512 (ERESTARTSYS)" },
		{ -517, "-517 (EPROBE_DEFER)" },
		{ -520, "-520" },
		{ -531, "-531 (ENOGRACE)" },
		{ INT64_MIN, "-9223372036854775808" },
		{ -4294967185LL, "-4294967185" }, /* -111 - 2^32: no name */
	};
	char buf[64];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		kpdb_fmt_errno(cases[i].val, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].want);
	}

	assert_null(kpdb_errno_name(0));
	assert_null(kpdb_errno_name(-111));
	assert_null(kpdb_errno_name(58));
	assert_null(kpdb_errno_name(134));
	assert_null(kpdb_errno_name(511));
	assert_null(kpdb_errno_name(532));
	assert_string_equal(kpdb_errno_name(11), "EAGAIN");
	assert_string_equal(kpdb_errno_name(35), "EDEADLK");
	assert_string_equal(kpdb_errno_name(95), "EOPNOTSUPP");
	assert_string_equal(kpdb_errno_name(516), "ERESTART_RESTARTBLOCK");
}

/* Every name of 1..133 against the C library, where it can tell. */
static void test_errno_table(void **state)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
	int e, named = 0;

	for (e = 1; e <= 133; e++) {
		const char *libc = strerrorname_np(e);
		const char *ours = kpdb_errno_name(e);

		if (!libc) {
			assert_null(ours);
			continue;
		}
		assert_non_null(ours);
		if (strcmp(libc, ours))
			fail_msg("errno %d: kpdb '%s', glibc '%s'", e, ours, libc);
		named++;
	}
	assert_int_equal(named, 131);	/* all but 41 and 58 */
#else
	skip();
#endif
}

static void test_parse_errno(void **state)
{
	static const char *const bad[] = { "", "EFOO", "-EFOO", "12abc", "ECONNREFUSED ",
					   "econnrefused", "--1" };
	int64_t v = 7;
	size_t i;

	assert_int_equal(kpdb_fmt_parse_errno("ECONNREFUSED", &v), 0);
	assert_int_equal(v, -111);
	assert_int_equal(kpdb_fmt_parse_errno("-ECONNREFUSED", &v), 0);
	assert_int_equal(v, -111);
	assert_int_equal(kpdb_fmt_parse_errno("-111", &v), 0);
	assert_int_equal(v, -111);
	assert_int_equal(kpdb_fmt_parse_errno("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(kpdb_fmt_parse_errno("42", &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(kpdb_fmt_parse_errno("EWOULDBLOCK", &v), 0);
	assert_int_equal(v, -EAGAIN);
	assert_int_equal(kpdb_fmt_parse_errno("ENOTSUP", &v), 0);
	assert_int_equal(v, -95);
	assert_int_equal(kpdb_fmt_parse_errno("ERESTARTSYS", &v), 0);
	assert_int_equal(v, -512);
	assert_int_equal(kpdb_fmt_parse_errno("EHWPOISON", &v), 0);
	assert_int_equal(v, -133);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 7;
		if (kpdb_fmt_parse_errno(bad[i], &v) != -1)
			fail_msg("'%s' was accepted as an errno", bad[i]);
		assert_int_equal(v, 7);
	}
	assert_int_equal(kpdb_fmt_parse_errno(NULL, &v), -1);
}

static void test_parse_family(void **state)
{
	unsigned int f = 99;

	assert_int_equal(kpdb_fmt_parse_family("AF_INET", &f), 0);
	assert_int_equal(f, AF_INET);
	assert_int_equal(kpdb_fmt_parse_family("AF_INET6", &f), 0);
	assert_int_equal(f, AF_INET6);
	assert_int_equal(kpdb_fmt_parse_family("AF_UNIX", &f), 0);
	assert_int_equal(f, AF_UNIX);
	assert_int_equal(kpdb_fmt_parse_family("AF_LOCAL", &f), 0);
	assert_int_equal(f, AF_UNIX);
	assert_int_equal(kpdb_fmt_parse_family("AF_NETLINK", &f), 0);
	assert_int_equal(f, AF_NETLINK);
	assert_int_equal(kpdb_fmt_parse_family("17", &f), 0);
	assert_int_equal(f, 17);
	assert_int_equal(kpdb_fmt_parse_family("AF_FOO", &f), -1);
	assert_int_equal(kpdb_fmt_parse_family("inet", &f), -1);
	assert_int_equal(kpdb_fmt_parse_family("70000", &f), -1);
	assert_int_equal(kpdb_fmt_parse_family("", &f), -1);
}

static void test_sockaddr(void **state)
{
	uint8_t v6[16];
	char buf[128], path[64];

	kpdb_fmt_sockaddr(AF_INET, htons(443), le32(10, 0, 0, 1), NULL, NULL, buf,
			  sizeof(buf));
	assert_string_equal(buf, "AF_INET 10.0.0.1:443");
	kpdb_fmt_sockaddr(AF_INET, 23569, 16777343, NULL, "", buf, sizeof(buf));
	assert_string_equal(buf, "AF_INET 127.0.0.1:4444");
	kpdb_fmt_sockaddr(AF_INET, 0, 0, NULL, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "AF_INET 0.0.0.0:0");
	kpdb_fmt_sockaddr(AF_INET, 0xffff, 0xffffffff, NULL, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "AF_INET 255.255.255.255:65535");

	assert_int_equal(inet_pton(AF_INET6, "fe80::1", v6), 1);
	kpdb_fmt_sockaddr(AF_INET6, htons(22), 0, v6, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "AF_INET6 [fe80::1]:22");
	assert_int_equal(inet_pton(AF_INET6, "::1", v6), 1);
	kpdb_fmt_sockaddr(AF_INET6, htons(4445), 0, v6, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "AF_INET6 [::1]:4445");
	assert_int_equal(inet_pton(AF_INET6, "::ffff:1.2.3.4", v6), 1);
	kpdb_fmt_sockaddr(AF_INET6, htons(80), 0, v6, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "AF_INET6 [::ffff:1.2.3.4]:80");
	kpdb_fmt_sockaddr(AF_INET6, htons(80), 0, NULL, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "AF_INET6 [?]:80");

	kpdb_fmt_sockaddr(AF_UNIX, 0, 0, NULL, kpdb_fmt_unix_path("/run/x.sock", "run/x.sock",
					path, sizeof(path)), buf, sizeof(buf));
	assert_string_equal(buf, "AF_UNIX /run/x.sock");
	kpdb_fmt_sockaddr(AF_UNIX, 0, 0, NULL, kpdb_fmt_unix_path("", "name", path,
					sizeof(path)), buf, sizeof(buf));
	assert_string_equal(buf, "AF_UNIX @name");
	kpdb_fmt_sockaddr(AF_UNIX, 0, 0, NULL, kpdb_fmt_unix_path("", "", path, sizeof(path)),
			  buf, sizeof(buf));
	assert_string_equal(buf, "AF_UNIX (unnamed)");
	kpdb_fmt_sockaddr(AF_UNIX, 0, 0, NULL, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "AF_UNIX (unnamed)");
	assert_string_equal(kpdb_fmt_unix_path(NULL, NULL, path, sizeof(path)), "");

	kpdb_fmt_sockaddr(AF_NETLINK, 0, 0, NULL, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "AF_NETLINK family=16");
	kpdb_fmt_sockaddr(99, 0, 0, NULL, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "AF_99 family=99");
	kpdb_fmt_sockaddr(AF_UNSPEC, 0, 0, NULL, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "AF_UNSPEC family=0");
	kpdb_fmt_sockaddr(AF_INET, htons(443), le32(10, 0, 0, 1), NULL, NULL, buf, 9);
	assert_string_equal(buf, "AF_INET ");
}

/* The sub-field offsets are those of the C library's own structures. */
static void test_sockaddr_fields(void **state)
{
	static const struct {
		const char *suffix;
		size_t offset;
		const char *ktype;
	} want[] = {
		{ "__fam", offsetof(struct sockaddr_in, sin_family), "u16" },
		{ "__port", offsetof(struct sockaddr_in, sin_port), "u16" },
		{ "__v4", offsetof(struct sockaddr_in, sin_addr), "u32" },
		{ "__v6", offsetof(struct sockaddr_in6, sin6_addr), "x8[16]" },
		{ "__path", offsetof(struct sockaddr_un, sun_path), "string" },
		{ "__apath", offsetof(struct sockaddr_un, sun_path) + 1, "string" },
	};
	size_t i;

	assert_int_equal(kpdb_sockaddr_nfields, sizeof(want) / sizeof(want[0]));
	assert_int_equal(offsetof(struct sockaddr_in6, sin6_port), 2);
	assert_int_equal(offsetof(struct sockaddr_in6, sin6_family), 0);
	for (i = 0; i < kpdb_sockaddr_nfields; i++) {
		assert_string_equal(kpdb_sockaddr_fields[i].suffix, want[i].suffix);
		assert_int_equal(kpdb_sockaddr_fields[i].offset, want[i].offset);
		assert_string_equal(kpdb_sockaddr_fields[i].ktype, want[i].ktype);
	}
}

/* kpdb_json_str: UTF-8 kept, everything else escaped into valid JSON */
static void check_json_str(const char *in, const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	kpdb_json_str(f, in);
	fclose(f);
	assert_string_equal(buf, want);
	free(buf);
}

static void test_json_str(void **state)
{
	(void)state;
	check_json_str("plain", "\"plain\"");
	check_json_str("a\"b\\c\n\t", "\"a\\\"b\\\\c\\n\\t\"");
	check_json_str("\x1b[31m\x7f", "\"\\u001b[31m\\u007f\"");
	/* well-formed UTF-8 is kept: é, €, an emoji */
	check_json_str("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
		       "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	/* a C1 control (U+009B, CSI) is escaped as its code point */
	check_json_str("\xc2\x9b", "\"\\u009b\"");
	/* invalid: a lone continuation, overlong '/', a surrogate, a cut sequence */
	check_json_str("\x80", "\"\\u0080\"");
	check_json_str("\xc0\xaf", "\"\\u00c0\\u00af\"");
	check_json_str("\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\"");
	check_json_str("\xe2\x82", "\"\\u00e2\\u0082\"");
	check_json_str("\xf4\x90\x80\x80", "\"\\u00f4\\u0090\\u0080\\u0080\"");
}

static void check_text(const char *in, size_t len, bool quoted, const char *want)
{
	char buf[256];
	size_t used, n = kpdb_text_escape(buf, sizeof(buf) - 1, in, len, &used, quoted);

	buf[n] = '\0';
	assert_int_equal(used, len);
	assert_string_equal(buf, want);
}

/* The terminal twin of kpdb_json_str(): one escaper for hit lines and paths. */
static void test_text_escape(void **state)
{
	static const char mixed[] = "a\xc3\xa9\xe2\x82\xac\x9b\xc2\x9b\x80\xe9\xc0\xaf";
	char buf[64];
	size_t used, n;

	(void)state;
	check_text("plain", 5, true, "plain");
	check_text("a\"b\\c\n\t\r", 8, true, "a\\\"b\\\\c\\n\\t\\x0d");
	check_text("a\"b\\c\n\t", 7, false, "a\"b\\c\\x0a\\x09");
	check_text("\x1b[2J\x7f", 5, true, "\\x1b[2J\\x7f");
	check_text("x\0y", 3, true, "x\\x00y");
	/* UTF-8 kept; C1 (lone or in UTF-8), stray and overlong bytes escaped */
	check_text(mixed, sizeof(mixed) - 1, true,
		   "a\xc3\xa9\xe2\x82\xac\\x9b\\xc2\\x9b\\x80\\xe9\\xc0\\xaf");
	/* a sequence cut by the end of the input is not one */
	check_text("\xe2\x82", 2, true, "\\xe2\\x82");

	/* a full buffer stops before a character, never inside one */
	n = kpdb_text_escape(buf, 3, "ab\x9b", 3, &used, true);
	assert_int_equal(n, 2);
	assert_int_equal(used, 2);
	n = kpdb_json_escape(buf, 4, "ab\xe2\x82\xac", 5, &used);
	assert_int_equal(n, 2);
	assert_int_equal(used, 2);
	n = kpdb_json_escape(buf, 5, "ab\xe2\x82\xac", 5, &used);
	assert_int_equal(n, 5);
	assert_int_equal(used, 5);
	n = kpdb_json_escape(buf, 7, "a\x01", 2, &used);
	assert_int_equal(n, 7);
	assert_memory_equal(buf, "a\\u0001", 7);
	/* JSON of a length-delimited string: a NUL is a character */
	n = kpdb_json_escape(buf, sizeof(buf), "x\0y", 3, &used);
	assert_int_equal(used, 3);
	assert_int_equal(n, 8);
	assert_memory_equal(buf, "x\\u0000y", n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fmt_names),
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_parse_ipv4),
		cmocka_unit_test(test_ipv6_edges),
		cmocka_unit_test(test_ipv6_random),
		cmocka_unit_test(test_port),
		cmocka_unit_test(test_errno),
		cmocka_unit_test(test_errno_table),
		cmocka_unit_test(test_parse_errno),
		cmocka_unit_test(test_parse_family),
		cmocka_unit_test(test_sockaddr),
		cmocka_unit_test(test_sockaddr_fields),
		cmocka_unit_test(test_json_str),
		cmocka_unit_test(test_text_escape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
