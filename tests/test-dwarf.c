// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-dwarf.c - the DWARF resolver on fixtures compiled at `make check`
 * time from tests/fixtures/dwarf-fixture*.c: -O0 (stack slots), -O2
 * (registers, location lists, clones) and -O2 -gdwarf-4 (the older
 * bitfield encoding).  Expected offsets and bit positions come from this
 * compiler, through the fixture's own header.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>

#include "cmd.h"
#include "dwarf-fixture.h"
#include "kpdb.h"
#include "probe-spec.h"
#include "resolver.h"

#ifndef FX_DIR
#error "FX_DIR must name the directory of the compiled fixtures"
#endif
#ifndef FX_SRCDIR
#error "FX_SRCDIR must name the directory of the fixture sources"
#endif

enum { O0, O2, O2D4, NFX };
static const char *const fx_names[NFX] = { "dwarf-fx-O0", "dwarf-fx-O2", "dwarf-fx-O2-dwarf4" };
static struct kpdb_dwarf *fx[NFX];
static char cache_dir[] = "/tmp/kpdb-test-dwarf-XXXXXX";

static int group_setup(void **state)
{
	char path[4096];
	struct kpdb_err err = { "" };

	if (!mkdtemp(cache_dir))
		return -1;
	setenv("KPDB_CACHE", cache_dir, 1);
	for (int i = 0; i < NFX; i++) {
		snprintf(path, sizeof(path), "%s/%s", FX_DIR, fx_names[i]);
		if (kpdb_dwarf_open(path, &fx[i], &err) < 0) {
			fprintf(stderr, "%s\n", err.msg);
			return -1;
		}
	}
	return 0;
}

static int group_teardown(void **state)
{
	char cmd[256];

	for (int i = 0; i < NFX; i++)
		kpdb_dwarf_close(fx[i]);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", cache_dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Parse `bp` words from @line. */
static void parse(const char *line, struct kpdb_probe_spec *spec, struct kpdb_err *err)
{
	char **argv;
	int argc = kpdb_split(line, &argv, err), ret;

	assert_true(argc > 0);
	ret = kpdb_probe_spec_parse(argc, argv, spec, err);
	kpdb_argv_free(argv);
	if (ret < 0) {
		fprintf(stderr, "parse '%s': %s\n", line, err->msg);
		fail();
	}
}

/* Parse `bp` words from @line and resolve; returns the resolver's result. */
static int resolve(struct kpdb_dwarf *dw, const char *line, struct kpdb_probe_spec *spec,
		   struct kpdb_err *err)
{
	parse(line, spec, err);
	return kpdb_dwarf_resolve(dw, spec, err);
}

static void expect_ok(struct kpdb_dwarf *dw, const char *line, struct kpdb_probe_spec *spec)
{
	struct kpdb_err err = { "" };

	if (resolve(dw, line, spec, &err) < 0) {
		fprintf(stderr, "'%s': %s\n", line, err.msg);
		fail();
	}
}

static void expect_err(struct kpdb_dwarf *dw, const char *line, const char *part)
{
	struct kpdb_probe_spec spec;
	struct kpdb_err err = { "" };

	assert_int_equal(resolve(dw, line, &spec, &err), -1);
	if (!strstr(err.msg, part)) {
		fprintf(stderr, "'%s': got '%s', wanted '%s'\n", line, err.msg, part);
		fail();
	}
	kpdb_probe_spec_free(&spec);
}

static void expect_arg(const struct kpdb_probe_spec *spec, size_t i, const char *fetch,
		       const char *ktype)
{
	assert_true(i < spec->nargs);
	assert_non_null(spec->args[i].fetch);
	assert_string_equal(spec->args[i].fetch, fetch);
	if (ktype) {
		assert_non_null(spec->args[i].ktype);
		assert_string_equal(spec->args[i].ktype, ktype);
	}
}

/* The spec's arguments from the first: fetch, kernel type (NULL: any), ...; NULL ends. */
static void expect_args(const struct kpdb_probe_spec *spec, const char *const *want)
{
	size_t i = 0;

	for (; want[2 * i]; i++)
		expect_arg(spec, i, want[2 * i], want[2 * i + 1]);
	assert_int_equal(spec->nargs, i);
}

/* --- types --- */

struct off_case {
	const char *type, *path;
	unsigned long off, size;
};

#define OC(T, P, M) { #T, P, offsetof(T, M), sizeof(((T *)0)->M) }

static const struct off_case off_cases[] = {
	OC(struct fx_sockaddr_in, "sin_family", sin_family),
	OC(struct fx_sockaddr_in, "sin_port", sin_port),
	OC(struct fx_sockaddr_in, "sin_addr.s_addr", sin_addr.s_addr),
	OC(struct fx_sockaddr_in, "__pad[3]", __pad[3]),
	OC(struct fx_sockaddr_in6, "sin6_addr", sin6_addr),
	OC(struct fx_sockaddr_in6, "sin6_addr.in6_u.u6_addr32[2]", sin6_addr.in6_u.u6_addr32[2]),
	OC(struct fx_sockaddr_in6, "sin6_scope_id", sin6_scope_id),
	OC(struct fx_common, "skc_daddr", skc_daddr),
	OC(struct fx_common, "skc_rcv_saddr", skc_rcv_saddr),
	OC(struct fx_common, "skc_u16hashes[1]", skc_u16hashes[1]),
	OC(struct fx_common, "skc_dport", skc_dport),
	OC(struct fx_common, "skc_num", skc_num),
	OC(struct fx_common, "skc_state", skc_state),
	OC(struct fx_common, "skc_bound_dev_if", skc_bound_dev_if),
	OC(struct fx_common, "skc_v6_daddr", skc_v6_daddr),
	OC(struct fx_sock, "__sk_common.skc_dport", __sk_common.skc_dport),
	OC(struct fx_sock, "sk_refcnt.counter", sk_refcnt.counter),
	OC(struct fx_sock, "sk_name", sk_name),
	OC(struct fx_sock, "sk_label", sk_label),
	OC(struct fx_sock, "sk_key", sk_key),
	OC(struct fx_sock, "sk_mark", sk_mark),
	OC(struct fx_sock, "sk_stamp[3]", sk_stamp[3]),
	OC(struct fx_sock, "sk_next", sk_next),
	OC(struct fx_sock, "sk_state_change", sk_state_change),
	OC(struct fx_sock, "sk_inner[1].b[2]", sk_inner[1].b[2]),
	OC(struct fx_sock, "sk_big", sk_big),
	OC(struct fx_sock, "sk_dead", sk_dead),
	OC(struct fx_sock, "sk_st", sk_st),
	OC(struct pt_regs, "di", di),
	OC(struct pt_regs, "r10", r10),
	OC(struct fx_packed, "p_a", p_a),
};

static void test_offsets(void **state)
{
	for (int f = 0; f < NFX; f++) {
		for (size_t i = 0; i < sizeof(off_cases) / sizeof(off_cases[0]); i++) {
			const struct off_case *c = &off_cases[i];
			struct kpdb_member_info m;
			struct kpdb_err err = { "" };

			if (kpdb_dwarf_offsetof(fx[f], c->type, c->path, &m, &err) < 0) {
				fprintf(stderr, "%s %s.%s: %s\n", fx_names[f], c->type, c->path,
					err.msg);
				fail();
			}
			if (m.offset != c->off || m.size != c->size)
				fprintf(stderr, "%s %s.%s: %lu/%lu, compiler %lu/%lu\n", fx_names[f],
					c->type, c->path, m.offset, m.size, c->off, c->size);
			assert_int_equal(m.offset, c->off);
			assert_int_equal(m.size, c->size);
			kpdb_member_info_free(&m);
		}
	}
}

/* The first set bit and the number of set bits of @obj. */
static void bits_of(const void *obj, size_t size, int *first, int *count)
{
	const unsigned char *p = obj;

	*first = -1;
	*count = 0;
	for (size_t i = 0; i < size * 8; i++) {
		if (!(p[i / 8] & (1u << (i % 8))))
			continue;
		if (*first < 0)
			*first = (int)i;
		(*count)++;
	}
}

#define BITS(T, M, BASE, PATH) do {						\
	T o_;									\
	memset(&o_, 0, sizeof(o_));						\
	o_.M = -1;								\
	bits_of(&o_, sizeof(o_), &bc[n].first, &bc[n].width);			\
	bc[n].type = #T;							\
	bc[n].path = PATH;							\
	n++;									\
} while (0)

static void test_bitfields(void **state)
{
	struct { const char *type, *path; int first, width; } bc[16];
	size_t n = 0;

	BITS(struct fx_common, skc_reuse, 0, "skc_reuse");
	BITS(struct fx_common, skc_reuseport, 0, "skc_reuseport");
	BITS(struct fx_common, skc_ipv6only, 0, "skc_ipv6only");
	BITS(struct fx_sock, sk_flags, 0, "sk_flags");
	BITS(struct fx_sock, sk_kern, 0, "sk_kern");
	BITS(struct fx_sock, sk_type, 0, "sk_type");
	BITS(struct fx_sock, sk_proto, 0, "sk_proto");
	BITS(struct fx_sock, sk_wide, 0, "sk_wide");
	BITS(struct fx_sock, sk_rest, 0, "sk_rest");
	BITS(struct fx_packed, p_b, 0, "p_b");
	BITS(struct fx_packed, p_c, 0, "p_c");
	for (int f = 0; f < NFX; f++) {
		for (size_t i = 0; i < n; i++) {
			struct kpdb_member_info m;
			struct kpdb_err err = { "" };

			assert_int_equal(kpdb_dwarf_offsetof(fx[f], bc[i].type, bc[i].path, &m,
							     &err), 0);
			if ((int)(m.offset * 8) + m.bit_offset != bc[i].first ||
			    m.bit_size != bc[i].width)
				fprintf(stderr, "%s %s.%s: bit %lu*8+%d width %d, compiler %d/%d\n",
					fx_names[f], bc[i].type, bc[i].path, m.offset, m.bit_offset,
					m.bit_size, bc[i].first, bc[i].width);
			assert_int_equal((int)(m.offset * 8) + m.bit_offset, bc[i].first);
			assert_int_equal(m.bit_size, bc[i].width);
			kpdb_member_info_free(&m);
		}
	}
}

static const struct kpdb_member_info *member(const struct kpdb_type_info *t, const char *name)
{
	for (size_t i = 0; i < t->nmembers; i++)
		if (t->members[i].name && !strcmp(t->members[i].name, name))
			return &t->members[i];
	return NULL;
}

static void test_ptype(void **state)
{
	struct kpdb_type_info t;
	struct kpdb_err err = { "" };
	const struct kpdb_member_info *m;

	assert_int_equal(kpdb_dwarf_type(fx[O2], "struct fx_common", &t, &err), 0);
	assert_string_equal(t.kind, "struct");
	assert_string_equal(t.name, "struct fx_common");
	assert_int_equal(t.size, sizeof(struct fx_common));
	/* an anonymous union, then its anonymous struct, one level deeper each */
	assert_null(t.members[0].name);
	assert_string_equal(t.members[0].type, "union {...}");
	m = member(&t, "skc_daddr");
	assert_non_null(m);
	assert_int_equal(m->depth, 2);
	assert_int_equal(m->offset, offsetof(struct fx_common, skc_daddr));
	m = member(&t, "skc_family");
	assert_int_equal(m->depth, 0);
	assert_string_equal(m->type, "short unsigned int");
	m = member(&t, "skc_state");
	assert_string_equal(m->type, "volatile unsigned char");
	kpdb_type_info_free(&t);

	/* "fx_sock" alone finds the struct; member types are C declarations */
	assert_int_equal(kpdb_dwarf_type(fx[O0], "fx_sock", &t, &err), 0);
	assert_string_equal(member(&t, "sk_name")->type, "char[16]");
	assert_string_equal(member(&t, "sk_label")->type, "const char *");
	assert_string_equal(member(&t, "sk_key")->type, "u8[6]");
	assert_string_equal(member(&t, "sk_next")->type, "struct fx_sock *");
	assert_string_equal(member(&t, "sk_state_change")->type,
			    "void (*)(struct fx_sock *, int)");
	assert_string_equal(member(&t, "sk_cmark")->type, "fx_cu32_t");
	kpdb_type_info_free(&t);

	assert_int_equal(kpdb_dwarf_type(fx[O2], "fx_u32_t", &t, &err), 0);
	assert_string_equal(t.kind, "typedef");
	assert_string_equal(t.target, "fx_uint");
	assert_int_equal(t.size, 4);
	kpdb_type_info_free(&t);

	assert_int_equal(kpdb_dwarf_type(fx[O2], "enum fx_state", &t, &err), 0);
	assert_int_equal(t.nmembers, 2);
	assert_string_equal(t.members[1].name, "FX_CLOSED");
	assert_int_equal((long)t.members[1].offset, FX_CLOSED);
	kpdb_type_info_free(&t);

	assert_int_equal(kpdb_dwarf_type(fx[O2], "unsigned long", &t, &err), 0);
	assert_string_equal(t.name, "long unsigned int");
	assert_int_equal(t.size, sizeof(unsigned long));
	kpdb_type_info_free(&t);

	assert_int_equal(kpdb_dwarf_type(fx[O2], "struct fx_sock *", &t, &err), 0);
	assert_string_equal(t.kind, "pointer");
	assert_string_equal(t.target, "struct fx_sock");
	kpdb_type_info_free(&t);

	assert_int_equal(kpdb_dwarf_type(fx[O2], "struct nope", &t, &err), -1);
	assert_string_equal(err.msg, "no type 'struct nope' in '" FX_DIR "/dwarf-fx-O2'");
	assert_int_equal(kpdb_dwarf_offsetof(fx[O2], "struct fx_sock", "sk_nope",
					     &(struct kpdb_member_info){ 0 }, &err), -1);
	assert_string_equal(err.msg, "no member 'sk_nope' in 'struct fx_sock'");
}

/* --- locations and expressions --- */

static void test_registers(void **state)
{
	struct kpdb_probe_spec s;

	for (int f = O2; f <= O2D4; f++) {
		expect_ok(fx[f], "fx_connect fd uservaddr addrlen", &s);
		assert_string_equal(s.symbol, "fx_connect");
		assert_int_equal(s.offset, 0);
		expect_args(&s, (const char *const[]){ "%di", "s32", "%si", "x64", "%dx", "s32",
						NULL });
		assert_string_equal(s.args[1].ctype, "struct fx_sockaddr *");
		kpdb_probe_spec_free(&s);

		/* more than six: the rest are on the stack above the return address */
		expect_ok(fx[f], "fx_many a1 a6 a7 a8", &s);
		expect_args(&s, (const char *const[]){ "%di", "s64", "%r9", "s64",
						"+8(%sp)", "s64", "+16(%sp)", "s64", NULL });
		kpdb_probe_spec_free(&s);

		/* a struct passed whole in %di: its upper half is a bitfield of the register */
		expect_ok(fx[f], "fx_pair_use p.lo p.hi", &s);
		expect_arg(&s, 0, "%di", "s32");
		expect_arg(&s, 1, "%di", "b32@32/64");
		assert_true(s.args[1].bit_signed);	/* int: shown sign-extended */
		kpdb_probe_spec_free(&s);

		/* the kernel reads bitfields unsigned: a signed one is marked for display */
		expect_ok(fx[f], "fx_sbits_use b->s_lo b->s_hi b->u", &s);
		expect_args(&s, (const char *const[]){ "+0(%di)", "b3@0/32", "+0(%di)", "b5@3/32",
						"+0(%di)", "b4@8/32", NULL });
		assert_true(s.args[0].bit_signed && s.args[1].bit_signed);
		assert_false(s.args[2].bit_signed);
		kpdb_probe_spec_free(&s);
	}
	/*
	 * -O0 keeps parameters in frame slots the prologue fills: at the entry
	 * they are still in their registers (a7 on the stack), %bp-based later
	 */
	expect_ok(fx[O0], "fx_many a7 a1", &s);
	expect_arg(&s, 0, "+8(%sp)", "s64");
	expect_arg(&s, 1, "%di", "s64");
	kpdb_probe_spec_free(&s);
	expect_ok(fx[O0], "fx_connect:2 fd", &s);
	assert_true(s.offset > 0);
	assert_non_null(strstr(s.args[0].fetch, "(%bp)"));
	kpdb_probe_spec_free(&s);
}

static void test_members(void **state)
{
	struct kpdb_probe_spec s;
	char buf[64];

	expect_ok(fx[O2], "fx_sock_use sk->sk_mark sk->sk_cmark sk->sk_prio sk->sk_label name "
		  "sk->sk_name sk->sk_key sk->sk_stamp sk->sk_inner[1].b[2] sk->sk_big sk->sk_dead "
		  "sk->sk_st sk->sk_refcnt sk->__sk_common.skc_state", &s);
	snprintf(buf, sizeof(buf), "+%zu(%%di)", offsetof(struct fx_sock, sk_mark));
	expect_arg(&s, 0, buf, "u32");
	assert_string_equal(s.args[0].ctype, "fx_u32_t");
	expect_arg(&s, 1, "+92(%di)", "u32");	/* const through the typedef chain */
	snprintf(buf, sizeof(buf), "+%zu(%%di)", offsetof(struct fx_sock, sk_prio));
	expect_arg(&s, 2, buf, "s16");
	snprintf(buf, sizeof(buf), "+0(+%zu(%%di))", offsetof(struct fx_sock, sk_label));
	expect_arg(&s, 3, buf, "string");
	expect_arg(&s, 4, "+0(%si)", "string");
	snprintf(buf, sizeof(buf), "+%zu(%%di)", offsetof(struct fx_sock, sk_name));
	expect_arg(&s, 5, buf, "string");
	snprintf(buf, sizeof(buf), "+%zu(%%di)", offsetof(struct fx_sock, sk_key));
	expect_arg(&s, 6, buf, "u8[6]");
	expect_arg(&s, 7, "+104(%di)", "s64[4]");
	snprintf(buf, sizeof(buf), "+%zu(%%di)", offsetof(struct fx_sock, sk_inner[1].b[2]));
	expect_arg(&s, 8, buf, "s64");
	snprintf(buf, sizeof(buf), "+%zu(%%di)", offsetof(struct fx_sock, sk_big));
	expect_arg(&s, 9, buf, "x64[2]");	/* both halves of a 128-bit integer */
	expect_arg(&s, 10, "+240(%di)", "u8");
	expect_arg(&s, 11, "+244(%di)", "s32");	/* an enum with a negative value */
	expect_arg(&s, 12, "+40(%di)", "s32");	/* a one-member struct is its member */
	expect_arg(&s, 13, "+18(%di)", "u8");
	kpdb_probe_spec_free(&s);

	/* bitfields in DWARF 5 and DWARF 4 encodings, packed ones included */
	for (int f = O2; f <= O2D4; f++) {
		expect_ok(fx[f], "fx_sock_use sk->sk_type sk->sk_wide sk->__sk_common.skc_reuseport "
			  "pk->p_b pk->p_c", &s);
		expect_args(&s, (const char *const[]){ "+44(%di)", "b16@4/32",
						"+48(%di)", "b40@0/64", "+19(%di)", "b1@4/8",
						"+0(%dx)", "b20@8/32", "+3(%dx)", "b12@4/16",
						NULL });
		kpdb_probe_spec_free(&s);
	}
}

static void test_formats_and_casts(void **state)
{
	struct kpdb_probe_spec s;

	expect_ok(fx[O2], "fx_sock_use sk->sk_dport sk->sk_daddr sk->skc_v6_daddr "
		  "sk->__sk_common.skc_num", &s);
	/* the kernel's sk_* accessor macros name __sk_common's skc_* members */
	expect_arg(&s, 0, "+12(%di)", "u16");
	assert_int_equal(s.args[0].fmt, KPDB_FMT_PORT);
	expect_arg(&s, 1, "+0(%di)", "u32");
	assert_int_equal(s.args[1].fmt, KPDB_FMT_IPV4);
	expect_arg(&s, 2, "+24(%di)", NULL);
	assert_int_equal(s.args[2].fmt, KPDB_FMT_IPV6);
	assert_false(s.args[2].ptr);
	expect_arg(&s, 3, "+14(%di)", "u16");	/* host order: no format */
	assert_int_equal(s.args[3].fmt, KPDB_FMT_NONE);
	kpdb_probe_spec_free(&s);

	expect_ok(fx[O2], "fx_connect ((struct fx_sockaddr_in *)uservaddr)->sin_port "
		  "a=((struct fx_sockaddr_in *)uservaddr)->sin_addr@user "
		  "((struct fx_sockaddr_in6 *)uservaddr)->sin6_addr uservaddr:sockaddr "
		  "fam=uservaddr->sa_family@user *uservaddr:u8[16] (long)fd", &s);
	expect_arg(&s, 0, "+2(%si)", "u16");
	assert_int_equal(s.args[0].fmt, KPDB_FMT_PORT);
	assert_string_equal(s.args[0].ctype, "__be16");
	expect_arg(&s, 1, "+u4(%si)", "u32");
	assert_int_equal(s.args[1].fmt, KPDB_FMT_IPV4);
	expect_arg(&s, 2, "+8(%si)", NULL);
	assert_int_equal(s.args[2].fmt, KPDB_FMT_IPV6);
	expect_arg(&s, 3, "%si", NULL);
	assert_true(s.args[3].ptr);
	expect_arg(&s, 4, "+u0(%si)", "u16");
	expect_arg(&s, 5, "+0(%si)", "u8[16]");
	expect_arg(&s, 6, "%di", "s64");
	kpdb_probe_spec_free(&s);
	expect_ok(fx[O2], "fx_connect (char *)uservaddr (const char *)fd", &s);
	expect_arg(&s, 0, "+0(%si)", "string");
	expect_arg(&s, 1, "+0(%di)", "string");
	kpdb_probe_spec_free(&s);

	/* a cast of an integer to a pointer, as in a syscall wrapper */
	expect_ok(fx[O2], "__x64_sys_fxcall ((struct fx_sockaddr_in *)regs->si)->sin_port", &s);
	expect_arg(&s, 0, "+2(+104(%di))", "u16");
	kpdb_probe_spec_free(&s);

	expect_ok(fx[O2], "fx_connect data=uservaddr->sa_data x=uservaddr->sa_family:x16 "
		  "b=uservaddr->sa_data:u8[14]", &s);
	expect_args(&s, (const char *const[]){ "+2(%si)", "string", "+0(%si)", "x16",
					"+2(%si)", "u8[14]", NULL });
	kpdb_probe_spec_free(&s);
	expect_ok(fx[O2], "fx_sock_use name:string sk->sk_mark:x32 lbl=sk->sk_label:string", &s);
	expect_args(&s, (const char *const[]){ "+0(%si)", "string", "+88(%di)", "x32",
					"+0(+72(%di))", "string", NULL });
	kpdb_probe_spec_free(&s);
}

static void test_params_retval(void **state)
{
	struct kpdb_probe_spec s;

	expect_ok(fx[O2], "fx_connect $params", &s);
	assert_int_equal(s.nargs, 3);
	assert_string_equal(s.args[0].name, "fd");
	assert_string_equal(s.args[1].name, "uservaddr");
	assert_string_equal(s.args[2].name, "addrlen");
	expect_arg(&s, 2, "%dx", "s32");
	kpdb_probe_spec_free(&s);

	expect_ok(fx[O2], "fx_lookup%return $retval", &s);
	assert_true(s.retprobe);
	expect_arg(&s, 0, "$retval", "x64");
	assert_string_equal(s.args[0].ctype, "struct fx_sock *");
	kpdb_probe_spec_free(&s);
	expect_ok(fx[O2], "-r fx_connect $retval", &s);
	expect_arg(&s, 0, "$retval", "s32");
	kpdb_probe_spec_free(&s);
	/* a format keeps its meaning, the return type gives the width */
	expect_ok(fx[O2], "-r fx_connect r=$retval:errno", &s);
	expect_arg(&s, 0, "$retval", "s32");
	assert_int_equal(s.args[0].fmt, KPDB_FMT_ERRNO);
	kpdb_probe_spec_free(&s);
	expect_ok(fx[O2], "-r fx_connect r=$retval:hex", &s);
	expect_arg(&s, 0, "$retval", "x32");
	assert_int_equal(s.args[0].fmt, KPDB_FMT_HEX);
	kpdb_probe_spec_free(&s);
	/* an explicit kernel type is the user's */
	expect_ok(fx[O2], "-r fx_connect r=$retval:s64", &s);
	expect_arg(&s, 0, "$retval", "s64");
	kpdb_probe_spec_free(&s);
	expect_err(fx[O2], "-r fx_connect fd", "only $retval");
}

static int line_of(const char *file, const char *marker)
{
	char path[4096], buf[512];
	int n = 0, found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", FX_SRCDIR, file);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(buf, sizeof(buf), f)) {
		n++;
		if (strstr(buf, marker)) {
			found = n;
			break;
		}
	}
	fclose(f);
	assert_true(found > 0);
	return found;
}

static void test_locations(void **state)
{
	struct kpdb_probe_spec s;
	char line[256];

	/* an ISRA/constprop clone is found by the name in the source */
	expect_ok(fx[O2], "fx_scaled v", &s);
	assert_string_equal(s.symbol, "fx_scaled.constprop.0.isra.0");
	expect_arg(&s, 0, "%di", "s64");
	kpdb_probe_spec_free(&s);
	expect_ok(fx[O0], "fx_scaled v", &s);
	assert_string_equal(s.symbol, "fx_scaled");
	kpdb_probe_spec_free(&s);

	/* static functions of the same name: refused with both places, FILE:LINE picks one */
	expect_err(fx[O2], "fx_dup x", "'fx_dup' is ambiguous: 2 functions have this name");
	/* numbered by address, which the kernel's kallsyms order is too */
	snprintf(line, sizeof(line), "/dwarf-fixture.c:%d\n  #2  ",
		 line_of("dwarf-fixture.c", "int fx_dup(int x)"));
	expect_err(fx[O2], "fx_dup x", line);
	snprintf(line, sizeof(line), "/dwarf-fixture2.c:%d\nchoose",
		 line_of("dwarf-fixture2.c", "int fx_dup(int x)"));
	expect_err(fx[O2], "fx_dup x", line);
	expect_err(fx[O2], "fx_dup x", "choose one as fx_dup#N");
	/* FILE:FUNC names one of them; the kprobe is written _text+OFFSET */
	unsigned long off1, off2;

	expect_ok(fx[O0], "dwarf-fixture.c:fx_dup x", &s);
	assert_string_equal(s.symbol, "_text");
	off1 = s.offset;
	kpdb_probe_spec_free(&s);
	expect_ok(fx[O0], "tests/fixtures/dwarf-fixture2.c:fx_dup x", &s);
	assert_string_equal(s.symbol, "_text");
	off2 = s.offset;
	assert_true(off1 != off2);
	kpdb_probe_spec_free(&s);
	expect_err(fx[O0], "dwarf-fixture3.c:fx_dup x", "no function 'fx_dup' in");
	/* NAME#N: the same functions by their number */
	expect_ok(fx[O0], "fx_dup#1 x", &s);
	assert_string_equal(s.symbol, "_text");
	assert_int_equal(s.offset, off1 < off2 ? off1 : off2);
	kpdb_probe_spec_free(&s);
	expect_ok(fx[O0], "fx_dup#2 x", &s);
	assert_int_equal(s.offset, off1 < off2 ? off2 : off1);
	kpdb_probe_spec_free(&s);
	expect_err(fx[O0], "fx_dup#3 x", "'fx_dup#3': 'fx_dup' has 2 functions, #1 to #2");
	snprintf(line, sizeof(line), "dwarf-fixture2.c:%d x",
		 line_of("dwarf-fixture2.c", "/* FX_LINE_DUP2 */"));
	expect_ok(fx[O0], line, &s);
	assert_string_equal(s.symbol, "_text");
	assert_true(s.offset > off2 && s.offset < off2 + 64);
	assert_null(s.file);
	assert_int_equal(s.line, 0);
	kpdb_probe_spec_free(&s);

	snprintf(line, sizeof(line), "tests/fixtures/dwarf-fixture.c:%d fd",
		 line_of("dwarf-fixture.c", "/* FX_LINE_CONNECT */"));
	expect_ok(fx[O0], line, &s);
	assert_string_equal(s.symbol, "fx_connect");
	assert_true(s.offset > 0);
	kpdb_probe_spec_free(&s);
	expect_err(fx[O0], "dwarf-fixture.c:1 fd", "no code at dwarf-fixture.c:1");
	expect_err(fx[O0], "nofile.c:10", "no compilation unit 'nofile.c'");

	expect_ok(fx[O2], "fx_connect+4", &s);
	assert_int_equal(s.offset, 4);
	kpdb_probe_spec_free(&s);
	expect_err(fx[O2], "fx_connect+100000", "past the end");
	expect_err(fx[O2], "fx_nope", "no function 'fx_nope'");
}

/* `bp sys:NAME ARGS`: the parser leaves sys:NAME to the resolver. */
static int resolve_sys(struct kpdb_dwarf *dw, const char *name, const char *args,
		       struct kpdb_probe_spec *s, struct kpdb_err *err)
{
	char line[256];

	snprintf(line, sizeof(line), "%s %s", name, args);
	return resolve(dw, line, s, err);
}

static void test_syscall(void **state)
{
	struct kpdb_probe_spec s;
	struct kpdb_err err = { "" };
	char buf[64];

	for (int f = 0; f < NFX; f++) {
		assert_int_equal(resolve_sys(fx[f], "sys:fxcall",
					     "fd uservaddr addrlen uservaddr->sa_family@user "
					     "p=((struct fx_sockaddr_in *)uservaddr)->sin_port@user",
					     &s, &err), 0);
		assert_string_equal(s.symbol, "__x64_sys_fxcall");
		snprintf(buf, sizeof(buf), "+%zu(%%di)", offsetof(struct pt_regs, di));
		expect_arg(&s, 0, buf, "s32");
		snprintf(buf, sizeof(buf), "+%zu(%%di)", offsetof(struct pt_regs, si));
		expect_arg(&s, 1, buf, "x64");
		snprintf(buf, sizeof(buf), "+%zu(%%di)", offsetof(struct pt_regs, dx));
		expect_arg(&s, 2, buf, "s32");
		expect_arg(&s, 3, "+u0(+104(%di))", "u16");
		expect_arg(&s, 4, "+u2(+104(%di))", "u16");
		assert_int_equal(s.args[4].fmt, KPDB_FMT_PORT);
		kpdb_probe_spec_free(&s);

		/* without @user, a plain dereference (x86_64 reads user addresses so) */
		assert_int_equal(resolve_sys(fx[f], "sys:fxcall", "uservaddr->sa_family "
					     "uservaddr:sockaddr", &s, &err), 0);
		expect_arg(&s, 0, "+0(+104(%di))", "u16");
		expect_arg(&s, 1, "+104(%di)", NULL);
		assert_true(s.args[1].ptr && !s.args[1].user);
		kpdb_probe_spec_free(&s);
	}
	assert_int_equal(resolve_sys(fx[O2], "sys:fxnone", "", &s, &err), 0);
	assert_string_equal(s.symbol, "__x64_sys_fxnone");
	kpdb_probe_spec_free(&s);
	assert_int_equal(resolve_sys(fx[O2], "sys:fxnone", "x", &s, &err), -1);
	assert_non_null(strstr(err.msg, "no parameter 'x' in syscall 'sys:fxnone'"));
	kpdb_probe_spec_free(&s);
	assert_int_equal(resolve_sys(fx[O2], "sys:nope", "", &s, &err), -1);
	assert_non_null(strstr(err.msg, "no syscall 'nope'"));
	kpdb_probe_spec_free(&s);
}

static void test_errors(void **state)
{
	expect_err(fx[O2], "fx_connect nope", "no parameter 'nope' in 'fx_connect'");
	expect_err(fx[O2], "fx_connect uservaddr->nope", "no member 'nope' in 'struct fx_sockaddr'");
	expect_err(fx[O2], "fx_connect uservaddr.sa_family", "use '->sa_family'");
	expect_err(fx[O2], "fx_sock_use sk->sk_refcnt->counter", "use '.counter'");
	expect_err(fx[O2], "fx_connect (struct nope *)uservaddr", "no type 'struct nope'");
	expect_err(fx[O2], "fx_connect *fd", "cannot dereference 'fd'");
	expect_err(fx[O2], "fx_sock_use sk->__sk_common", "name one of its members");
	expect_err(fx[O2], "fx_connect fd[2]", "not an array or a pointer");
}

/* --- inlined functions: the expected sites come from a plain libdw walk --- */

struct fx_site {
	char caller[64];
	unsigned long off;	/* the copy's entry pc from the caller's low pc */
};

#define FX_MAX_SITES 8

/* Every concrete inlined copy of @name under @die, with the subprogram it is in. */
static void oracle_walk(Dwarf_Die *die, Dwarf_Die *fn, const char *name, struct fx_site *out,
			size_t *n)
{
	Dwarf_Die d;

	if (dwarf_child(die, &d) != 0)
		return;
	do {
		const char *dn = dwarf_diename(&d);
		Dwarf_Addr entry, low;

		if (dwarf_tag(&d) == DW_TAG_inlined_subroutine && dn && !strcmp(dn, name) && fn &&
		    dwarf_entrypc(&d, &entry) == 0 && dwarf_lowpc(fn, &low) == 0) {
			assert_true(*n < FX_MAX_SITES);
			snprintf(out[*n].caller, sizeof(out[*n].caller), "%s", dwarf_diename(fn));
			out[(*n)++].off = entry - low;
		}
		oracle_walk(&d, dwarf_tag(&d) == DW_TAG_subprogram ? &d : fn, name, out, n);
	} while (dwarf_siblingof(&d, &d) == 0);
}

static size_t oracle_sites(int f, const char *name, struct fx_site *out)
{
	char path[4096];
	Dwarf_Off off = 0, next;
	size_t hsize, n = 0;
	Dwarf *dw;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", FX_DIR, fx_names[f]);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	dw = dwarf_begin(fd, DWARF_C_READ);
	assert_non_null(dw);
	while (dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu;

		if (dwarf_offdie(dw, off + hsize, &cu))
			oracle_walk(&cu, NULL, name, out, &n);
		off = next;
	}
	dwarf_end(dw);
	close(fd);
	return n;
}

static int sites_of(int f, const char *line, struct kpdb_sites *sites, struct kpdb_err *err)
{
	struct kpdb_probe_spec spec;
	int ret;

	parse(line, &spec, err);
	ret = kpdb_dwarf_sites(fx[f], &spec, sites, err);
	kpdb_probe_spec_free(&spec);
	return ret;
}

static void test_inline_sites(void **state)
{
	struct fx_site want[FX_MAX_SITES];
	struct kpdb_sites sites;
	struct kpdb_err err = { "" };

	for (int f = 0; f < NFX; f++) {
		size_t n = oracle_sites(f, "fx_inl", want);

		/* fx_inl_call1, fx_inl_call2, fx_inl_call3 (nested in fx_inl_outer) */
		assert_int_equal(n, 3);
		assert_int_equal(sites_of(f, "fx_inl v", &sites, &err), 3);
		assert_int_equal(sites.found, 3);
		for (size_t i = 0; i < sites.n; i++) {
			const struct kpdb_probe_spec *sp = sites.v[i].spec;
			char in[96];
			size_t j;

			for (j = 0; j < n; j++)
				if (!strcmp(want[j].caller, sp->symbol) && want[j].off == sp->offset)
					break;
			if (j == n) {
				fprintf(stderr, "%s: site %s+%lu is not an inlined copy of fx_inl\n",
					fx_names[f], sp->symbol, sp->offset);
				fail();
			}
			snprintf(in, sizeof(in), "%s+0x%lx", sp->symbol, sp->offset);
			assert_string_equal(sites.v[i].inlined_in, in);
			/* v is fetched in each copy's own scope: not the callers' parameters */
			assert_int_equal(sp->nargs, 1);
			assert_non_null(sp->args[0].fetch);
			assert_null(sp->line ? "line" : sp->file);
		}
		kpdb_sites_free(&sites);

		/* $params: the inline's parameters, in their declared order */
		assert_int_equal(sites_of(f, "fx_inl $params", &sites, &err), 3);
		for (size_t i = 0; i < sites.n; i++) {
			const struct kpdb_probe_spec *sp = sites.v[i].spec;
			const char *order[] = { "sk", "v", "unused" };
			size_t k = 0;

			assert_true(sp->nargs >= 1);
			for (size_t a = 0; a < sp->nargs; a++) {
				while (k < 3 && strcmp(order[k], sp->args[a].name))
					k++;
				assert_true(k < 3);
			}
		}
		kpdb_sites_free(&sites);

		/* where a site cannot fetch sk, it is left out and counted */
		assert_true(sites_of(f, "fx_inl sk->sk_mark", &sites, &err) > 0);
		assert_int_equal(sites.found, 3);
		if (sites.n < sites.found)
			assert_non_null(strstr(sites.why, "optimized out"));
		for (size_t i = 0; i < sites.n; i++)
			assert_int_equal(sites.v[i].spec->args[0].fetch[0], '+');
		kpdb_sites_free(&sites);

		assert_int_equal(sites_of(f, "-r fx_inl", &sites, &err), -1);
		assert_non_null(strstr(err.msg, "'fx_inl' is always inlined: it never returns"));
		assert_int_equal(sites_of(f, "fx_inl%return", &sites, &err), -1);
		assert_int_equal(sites_of(f, "fx_inl+4", &sites, &err), -1);
		assert_non_null(strstr(err.msg, "offset"));
		assert_int_equal(sites_of(f, "fx_inl nope", &sites, &err), -1);
		assert_non_null(strstr(err.msg, "no parameter 'nope' in 'fx_inl'"));
		/* not an inlined function: the ordinary path */
		assert_int_equal(sites_of(f, "fx_connect fd", &sites, &err), 0);
		assert_int_equal(sites.n, 0);
		assert_int_equal(sites_of(f, "sys:fxcall fd", &sites, &err), 0);
	}
	/* at -O2 @unused is never read: optimized out at every site */
	assert_int_equal(sites_of(O2, "fx_inl unused", &sites, &err), -1);
	assert_non_null(strstr(err.msg, "argument 'unused': 'unused' is optimized out"));
	assert_non_null(strstr(err.msg, "(at each of its 3 inlined sites)"));
	/* the one-spec resolver still explains why it cannot */
	expect_err(fx[O2], "fx_inl v", "'fx_inl' is always inlined");

	/*
	 * fx_inl_ptr(&pr): at -O2 @pp is "frame base - 16, stack value", an
	 * address the kernel cannot compute, but pp->lo and pp->hi are memory
	 * at fixed offsets from %sp, 4 bytes apart (struct fx_pair).
	 */
	for (int f = O2; f <= O2D4; f++) {
		long lo, hi;

		assert_int_equal(sites_of(f, "fx_inl_ptr pp->lo pp->hi", &sites, &err), 1);
		assert_string_equal(sites.v[0].spec->symbol, "fx_local_user");
		assert_int_equal(sscanf(sites.v[0].spec->args[0].fetch, "%ld(%%sp)", &lo), 1);
		assert_int_equal(sscanf(sites.v[0].spec->args[1].fetch, "%ld(%%sp)", &hi), 1);
		assert_int_equal(hi, lo + 4);
		assert_string_equal(sites.v[0].spec->args[0].ktype, "s32");
		kpdb_sites_free(&sites);
		assert_int_equal(sites_of(f, "fx_inl_ptr pp", &sites, &err), -1);
		assert_non_null(strstr(err.msg, "'pp' is an address computed from %sp"));
	}
}

static void test_info_args(void **state)
{
	struct kpdb_func_info fi;
	struct kpdb_err err = { "" };

	assert_int_equal(kpdb_dwarf_func(fx[O2], "fx_many", &fi, &err), 0);
	assert_string_equal(fi.name, "fx_many");
	assert_string_equal(fi.rettype, "long int");
	assert_non_null(strstr(fi.file, "dwarf-fixture.c"));
	assert_int_equal(fi.nparams, 8);
	assert_string_equal(fi.params[0].location, "%di");
	assert_string_equal(fi.params[3].location, "%cx");
	assert_string_equal(fi.params[7].location, "+16(%sp)");
	assert_string_equal(fi.params[7].type, "long int");
	kpdb_func_info_free(&fi);

	assert_int_equal(kpdb_dwarf_func(fx[O2], "sys:fxcall", &fi, &err), 0);
	assert_int_equal(fi.nparams, 3);
	assert_string_equal(fi.params[1].name, "uservaddr");
	assert_string_equal(fi.params[1].type, "struct fx_sockaddr *");
	assert_string_equal(fi.params[1].location, "+104(%di) (struct pt_regs)");
	kpdb_func_info_free(&fi);

	assert_int_equal(kpdb_dwarf_func(fx[O2], "fx_nope", &fi, &err), -1);

	/* always inlined: the prototype, then each site with its own locations */
	for (int f = 0; f < NFX; f++) {
		struct fx_site want[FX_MAX_SITES];
		size_t n = oracle_sites(f, "fx_inl", want);
		struct kpdb_sites sites;

		assert_int_equal(kpdb_dwarf_func(fx[f], "fx_inl", &fi, &err), 0);
		assert_string_equal(fi.name, "fx_inl");
		assert_string_equal(fi.rettype, "int");
		assert_non_null(strstr(fi.file, "dwarf-fixture.h"));
		assert_int_equal(fi.nparams, 3);
		assert_string_equal(fi.params[0].name, "sk");
		assert_string_equal(fi.params[0].type, "struct fx_sock *");
		assert_string_equal(fi.params[1].location, "at each site");
		assert_int_equal(fi.nsites_all, n);
		assert_int_equal(fi.nsites, n);
		/* each site's location of v is what bp fetches there */
		assert_int_equal(sites_of(f, "fx_inl v", &sites, &err), (int)n);
		for (size_t i = 0; i < n; i++) {
			const char *fetch = sites.v[i].spec->args[0].fetch;
			char want_loc[64];

			assert_string_equal(fi.sites[i].inlined_in, sites.v[i].inlined_in);
			assert_string_equal(fi.sites[i].params[1].name, "v");
			/* a constant (fx_inl_call1 passes 1) reads "constant 1", fetched \1 */
			snprintf(want_loc, sizeof(want_loc), "%s%s", fetch[0] == '\\' ? "constant " : "",
				 fetch + (fetch[0] == '\\'));
			assert_string_equal(fi.sites[i].params[1].location, want_loc);
		}
		kpdb_sites_free(&sites);
		kpdb_func_info_free(&fi);
	}
}

/* The names of @fi's parameters, "a,b,c". */
static void param_names(const struct kpdb_func_info *fi, char *buf, size_t len)
{
	buf[0] = '\0';
	for (size_t i = 0; i < fi->nparams; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? "," : "",
			 fi->params[i].name);
}

/* The names of @s's arguments, "a,b,c". */
static void arg_names(const struct kpdb_probe_spec *s, char *buf, size_t len)
{
	buf[0] = '\0';
	for (size_t i = 0; i < s->nargs; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? "," : "",
			 s->args[i].name);
}

/*
 * The register holding @param at the entry of the out-of-line copy (a clone)
 * of @func, read from that copy's own DIE by a plain libdw walk: "%si", or
 * "" if it is not in a register there.
 */
static void oracle_clone_reg(int f, const char *func, const char *param, char *out, size_t len)
{
	static const char *const regs[] = { "%ax", "%dx", "%cx", "%bx", "%si", "%di" };
	char path[4096];
	Dwarf_Off off = 0, next;
	size_t hsize;
	Dwarf *dw;
	int fd;

	out[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", FX_DIR, fx_names[f]);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	dw = dwarf_begin(fd, DWARF_C_READ);
	assert_non_null(dw);
	while (!out[0] && dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Off cu_off = off + hsize;
		Dwarf_Die cu, fn, p;
		Dwarf_Attribute a;
		Dwarf_Addr low;
		Dwarf_Op *ops;
		size_t n;

		off = next;
		if (!dwarf_offdie(dw, cu_off, &cu) || dwarf_child(&cu, &fn) != 0)
			continue;
		do {
			const char *fnn = dwarf_diename(&fn);

			if (dwarf_tag(&fn) != DW_TAG_subprogram || !fnn || strcmp(fnn, func) ||
			    !dwarf_hasattr(&fn, DW_AT_abstract_origin) || dwarf_lowpc(&fn, &low) ||
			    dwarf_child(&fn, &p) != 0)
				continue;
			do {
				const char *pn = dwarf_diename(&p);

				if (dwarf_tag(&p) == DW_TAG_formal_parameter && pn &&
				    !strcmp(pn, param) && dwarf_attr(&p, DW_AT_location, &a) &&
				    dwarf_getlocation_addr(&a, low, &ops, &n, 1) == 1 && n == 1 &&
				    ops[0].atom >= DW_OP_reg0 && ops[0].atom <= DW_OP_reg5)
					snprintf(out, len, "%s", regs[ops[0].atom - DW_OP_reg0]);
			} while (dwarf_siblingof(&p, &p) == 0);
		} while (dwarf_siblingof(&fn, &fn) == 0);
	}
	dwarf_end(dw);
	close(fd);
}

/*
 * A compiler clone (fx_order.constprop.0.isra.0 at -O2) lists its
 * parameters in its own order, (v, k, x): `info args` and $params follow
 * the source (the abstract origin), each location still the clone's.
 */
static void test_clone_param_order(void **state)
{
	struct kpdb_func_info fi;
	struct kpdb_probe_spec s;
	struct kpdb_err err = { "" };
	char names[128], reg[16];

	for (int f = 0; f < NFX; f++) {
		assert_int_equal(kpdb_dwarf_func(fx[f], "fx_order", &fi, &err), 0);
		param_names(&fi, names, sizeof(names));
		assert_string_equal(names, "x,k,v");
		if (f != O0) {
			/* v's register is the clone's own, matched by its abstract origin */
			oracle_clone_reg(f, "fx_order", "v", reg, sizeof(reg));
			assert_true(reg[0]);
			assert_string_equal(fi.params[2].location, reg);
			assert_string_equal(fi.params[1].location, "constant 3");
		}
		kpdb_func_info_free(&fi);

		/* $params: the fetchable ones, in the source's order */
		expect_ok(fx[f], "fx_order $params", &s);
		arg_names(&s, names, sizeof(names));
		assert_string_equal(names, f == O0 ? "x,k,v" : "k,v");
		if (f != O0) {
			assert_string_equal(s.symbol, "fx_order.constprop.0.isra.0");
			expect_arg(&s, 1, reg, "s64");
		}
		kpdb_probe_spec_free(&s);
	}
}

static bool callee_saved(const char *fetch)
{
	static const char *const regs[] = { "%bx", "%bp", "%r12", "%r13", "%r14", "%r15" };

	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		if (!strcmp(fetch, regs[i]))
			return true;
	return false;
}

/*
 * At F+0 of a function that is no clone, a parameter is where the x86-64
 * calling convention passes it, whatever DWARF says of the function's body
 * (issue 11).  Here: one location for the whole body (GCC without variable
 * tracking, as on a large kernel function), a callee-saved register the
 * prologue loads.
 */
static void test_entry_callee_saved(void **state)
{
	struct kpdb_probe_spec s;

	for (int f = O2; f <= O2D4; f++) {
		expect_ok(fx[f], "fx_saved $params", &s);
		assert_int_equal(s.nargs, 3);
		expect_args(&s, (const char *const[]){ "%di", "s64", "%si", "x64", "%dx", "s32",
						NULL });
		kpdb_probe_spec_free(&s);
		expect_ok(fx[f], "fx_saved sk->sk_mark", &s);
		expect_arg(&s, 0, "+88(%si)", "u32");
		kpdb_probe_spec_free(&s);
		/* inside the function, DWARF's place stands */
		expect_ok(fx[f], "fx_saved:3 a", &s);
		assert_true(s.offset > 0);
		assert_true(callee_saved(s.args[0].fetch));
		kpdb_probe_spec_free(&s);
	}
	/* a clone keeps DWARF's answer: its convention may not be the ABI's */
	expect_ok(fx[O2], "fx_scaled v", &s);
	assert_string_equal(s.symbol, "fx_scaled.constprop.0.isra.0");
	expect_arg(&s, 0, "%di", "s64");
	kpdb_probe_spec_free(&s);
}

/* A one-member struct (pgprot_t) in a frame slot the prologue writes: still %si. */
static void test_entry_frame_slot(void **state)
{
	struct kpdb_probe_spec s;

	for (int f = O2; f <= O2D4; f++) {
		expect_ok(fx[f], "fx_slot $params", &s);
		assert_int_equal(s.nargs, 2);
		expect_arg(&s, 0, "%di", "s64");
		expect_arg(&s, 1, "%si", "u64");
		kpdb_probe_spec_free(&s);
	}
}

/*
 * A location list that starts with an empty range at the entry: that is
 * the caller's value; the next entries, from the same address, are the
 * constant 0 (pos = NULL) and "str + 1" (str++).
 */
static void test_entry_empty_range(void **state)
{
	struct kpdb_probe_spec s;

	for (int f = O2; f <= O2D4; f++) {
		expect_ok(fx[f], "fx_rightmost $params", &s);
		expect_arg(&s, 0, "%di", "x64");
		kpdb_probe_spec_free(&s);
		expect_ok(fx[f], "fx_skip $params", &s);
		expect_arg(&s, 0, "+0(%di)", "string");
		expect_arg(&s, 1, "%si", "s64");
		kpdb_probe_spec_free(&s);
	}
}

/* Structs by value: in one register, in two, on the stack; a struct returned in memory. */
static void test_entry_struct_by_value(void **state)
{
	struct kpdb_func_info fi;
	struct kpdb_probe_spec s;
	struct kpdb_err err = { "" };

	for (int f = O2; f <= O2D4; f++) {
		expect_ok(fx[f], "fx_span_use k s.start s.len b.a b.c tail", &s);
		expect_args(&s, (const char *const[]){ "%di", "s32", "%si", "s64", "%dx", "s32",
						"+8(%sp)", "s64", "+24(%sp)", "s64", "%cx", "s32",
						NULL });
		kpdb_probe_spec_free(&s);
		expect_err(fx[f], "fx_span_use s", "name one of its members");
		assert_int_equal(kpdb_dwarf_func(fx[f], "fx_span_use", &fi, &err), 0);
		assert_int_equal(fi.nparams, 4);
		assert_string_equal(fi.params[1].location, "%si and %dx");
		assert_string_equal(fi.params[2].location, "+8(%sp)");
		assert_string_equal(fi.params[3].location, "%cx");
		kpdb_func_info_free(&fi);

		/* one register left: the pair goes on the stack, the next one takes %r9 */
		expect_ok(fx[f], "fx_span_late a5 s.start s.len a6", &s);
		expect_args(&s, (const char *const[]){ "%r8", "s64", "+8(%sp)", "s64",
						"+16(%sp)", "s32", "%r9", "s64", NULL });
		kpdb_probe_spec_free(&s);

		/* returned in memory: %di holds where, the parameters follow */
		expect_ok(fx[f], "fx_make_big $params", &s);
		expect_arg(&s, 0, "%si", "s64");
		expect_arg(&s, 1, "%dx", "s32");
		kpdb_probe_spec_free(&s);
	}
}

/* Split in fx_split and fx_split.cold: DW_AT_ranges, and the entry is still the entry. */
static void test_entry_split_function(void **state)
{
	struct kpdb_probe_spec s;

	for (int f = O2; f <= O2D4; f++) {
		expect_ok(fx[f], "fx_split a s.start s.len", &s);
		assert_string_equal(s.symbol, "fx_split");
		assert_int_equal(s.offset, 0);
		expect_args(&s, (const char *const[]){ "%di", "s64", "%si", "s64", "%dx", "s32",
						NULL });
		kpdb_probe_spec_free(&s);
	}
}

/*
 * SYSCALL_DEFINE0: __x64_sys_fxzero is an alias of __do_sys_fxzero, whose
 * "const struct pt_regs *__unused" is the wrapper's, not an argument.
 */
static void test_syscall_no_args(void **state)
{
	struct kpdb_func_info fi;
	struct kpdb_probe_spec s;
	struct kpdb_err err = { "" };

	for (int f = 0; f < NFX; f++) {
		assert_int_equal(kpdb_dwarf_func(fx[f], "sys:fxzero", &fi, &err), 0);
		assert_string_equal(fi.name, "sys:fxzero");
		assert_string_equal(fi.rettype, "long int");
		assert_int_equal(fi.nparams, 0);
		kpdb_func_info_free(&fi);
		expect_ok(fx[f], "sys:fxzero", &s);
		assert_string_equal(s.symbol, "__x64_sys_fxzero");
		assert_int_equal(s.nargs, 0);
		kpdb_probe_spec_free(&s);
		expect_err(fx[f], "sys:fxzero __unused->ip", "no parameter '__unused' in "
			   "syscall 'sys:fxzero': it takes no arguments");
		expect_err(fx[f], "sys:fxzero __unused", "no parameter '__unused'");
		expect_err(fx[f], "sys:fxzero $params", "'sys:fxzero' has no parameters");
		/* a syscall with arguments keeps them */
		assert_int_equal(kpdb_dwarf_func(fx[f], "sys:fxcall", &fi, &err), 0);
		assert_int_equal(fi.nparams, 3);
		kpdb_func_info_free(&fi);
	}
}

/*
 * Inside an inlined copy, the scopes go on outward to the function it is
 * inlined into: in fx_cur (no parameters, as get_current() in vfs_read)
 * fx_scope_use's sk and len are visible; in fx_shadow its own sk, a
 * struct fx_pair *, hides the caller's (the innermost scope first).
 */
static void test_inline_scope_chain(void **state)
{
	struct kpdb_probe_spec s;
	char line[256], names[64], want[32];

	for (int f = 0; f < NFX; f++) {
		struct fx_site cur[FX_MAX_SITES], shadow[FX_MAX_SITES];

		assert_int_equal(oracle_sites(f, "fx_cur", cur), 1);
		assert_string_equal(cur[0].caller, "fx_scope_use");
		assert_true(cur[0].off > 0);
		snprintf(line, sizeof(line), "fx_scope_use+%lu sk->sk_mark len", cur[0].off);
		expect_ok(fx[f], line, &s);
		snprintf(want, sizeof(want), "+%zu(", offsetof(struct fx_sock, sk_mark));
		assert_int_equal(strncmp(s.args[0].fetch, want, strlen(want)), 0);
		assert_non_null(s.args[1].fetch);
		kpdb_probe_spec_free(&s);
		/* $params: the parameters of the function probed, not of the copy */
		snprintf(line, sizeof(line), "fx_scope_use+%lu $params", cur[0].off);
		expect_ok(fx[f], line, &s);
		arg_names(&s, names, sizeof(names));
		assert_string_equal(names, "sk,len");
		kpdb_probe_spec_free(&s);
		snprintf(line, sizeof(line), "fx_scope_use+%lu nope", cur[0].off);
		expect_err(fx[f], line, "no parameter 'nope' in 'fx_scope_use' (nor a variable "
			   "visible at this address)");
		/* a line inside the inline's body */
		snprintf(line, sizeof(line), "dwarf-fixture.c:%d sk len",
			 line_of("dwarf-fixture.c", "/* FX_LINE_CUR */"));
		expect_ok(fx[f], line, &s);
		assert_string_equal(s.symbol, "fx_scope_use");
		kpdb_probe_spec_free(&s);

		assert_int_equal(oracle_sites(f, "fx_shadow", shadow), 1);
		snprintf(line, sizeof(line), "fx_scope_use+%lu sk->hi len", shadow[0].off);
		expect_ok(fx[f], line, &s);
		snprintf(want, sizeof(want), "+%zu(", offsetof(struct fx_pair, hi));
		assert_int_equal(strncmp(s.args[0].fetch, want, strlen(want)), 0);
		kpdb_probe_spec_free(&s);
		snprintf(line, sizeof(line), "fx_scope_use+%lu sk->sk_mark", shadow[0].off);
		expect_err(fx[f], line, "no member 'sk_mark' in 'struct fx_pair'");
	}
}

static bool has(char **v, const char *s)
{
	for (size_t i = 0; v && v[i]; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

static void free_strv(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static void test_complete(void **state)
{
	char **c = kpdb_dwarf_complete(fx[O2], "fx_sock_use", "");

	assert_true(has(c, "sk") && has(c, "name") && has(c, "pk"));
	free_strv(c);
	c = kpdb_dwarf_complete(fx[O2], "fx_sock_use", "sk->sk_n");
	assert_true(has(c, "sk->sk_name") && has(c, "sk->sk_next"));
	assert_false(has(c, "sk->sk_mark"));
	free_strv(c);
	/* through anonymous unions and structs */
	c = kpdb_dwarf_complete(fx[O2], "fx_sock_use", "sk->__sk_common.skc_d");
	assert_true(has(c, "sk->__sk_common.skc_daddr") && has(c, "sk->__sk_common.skc_dport"));
	free_strv(c);
	c = kpdb_dwarf_complete(fx[O2], "fx_connect", "((struct fx_sockaddr_in *)uservaddr)->sin_");
	assert_true(has(c, "((struct fx_sockaddr_in *)uservaddr)->sin_port"));
	free_strv(c);
	assert_null(kpdb_dwarf_complete(fx[O2], "fx_nope", "x"));
	/* an always-inlined function: its parameters and their members */
	c = kpdb_dwarf_complete(fx[O2], "fx_inl", "");
	assert_true(has(c, "sk") && has(c, "v") && has(c, "unused"));
	free_strv(c);
	c = kpdb_dwarf_complete(fx[O2], "fx_inl", "sk->sk_m");
	assert_true(has(c, "sk->sk_mark"));
	free_strv(c);
}

static void test_index_cache(void **state)
{
	struct kpdb_dwarf_stats st;
	struct kpdb_dwarf *dw;
	struct kpdb_type_info t;
	struct kpdb_err err = { "" };
	char path[4096], idx[4096];
	struct stat sb;

	assert_int_equal(kpdb_dwarf_index(fx[O2], &err), 0);
	kpdb_dwarf_stats(fx[O2], &st);
	assert_true(st.index_ready && st.index_entries > 0);
	assert_non_null(st.index_path);
	assert_int_equal(strncmp(st.index_path, cache_dir, strlen(cache_dir)), 0);
	assert_int_equal(stat(st.index_path, &sb), 0);

	/* a second session maps the index instead of walking the DWARF */
	snprintf(path, sizeof(path), "%s/%s", FX_DIR, fx_names[O2]);
	assert_int_equal(kpdb_dwarf_open(path, &dw, &err), 0);
	assert_int_equal(kpdb_dwarf_type(dw, "struct fx_sockaddr_in6", &t, &err), 0);
	assert_int_equal(t.size, sizeof(struct fx_sockaddr_in6));
	kpdb_type_info_free(&t);
	kpdb_dwarf_stats(dw, &st);
	assert_true(st.index_ready);
	assert_true(st.index_build_secs == 0);
	snprintf(idx, sizeof(idx), "%s", st.index_path);
	kpdb_dwarf_close(dw);

	/* a damaged cache is rebuilt, never trusted */
	FILE *f = fopen(idx, "r+b");

	assert_non_null(f);
	assert_int_equal(fseek(f, 300, SEEK_SET), 0);
	assert_int_equal(fputc('X', f) == EOF, 0);
	fclose(f);
	assert_int_equal(kpdb_dwarf_open(path, &dw, &err), 0);
	assert_int_equal(kpdb_dwarf_type(dw, "struct fx_sockaddr_in6", &t, &err), 0);
	kpdb_type_info_free(&t);
	kpdb_dwarf_stats(dw, &st);
	assert_true(st.index_build_secs > 0);
	kpdb_dwarf_close(dw);

	/* a FIFO as the image: refused at once, not waited on */
	snprintf(path, sizeof(path), "%s/fifo", cache_dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(kpdb_dwarf_open(path, &dw, &err), -1);
	assert_non_null(strstr(err.msg, "is not a regular file"));
}

/* A /sys/kernel/notes holding @id (hex) as the GNU build id. */
static void write_notes(const char *dir, const char *id)
{
	char path[4096];
	unsigned char buf[128] = { 0 };
	unsigned int hdr[3] = { 4, (unsigned int)strlen(id) / 2, 3 };
	FILE *f;

	snprintf(path, sizeof(path), "%s/kernel", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/kernel/notes", dir);
	memcpy(buf, hdr, sizeof(hdr));
	memcpy(buf + 12, "GNU", 4);
	for (unsigned int i = 0; i < hdr[1]; i++)
		sscanf(id + 2 * i, "%2hhx", &buf[16 + i]);
	f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(buf, 1, 16 + ((hdr[1] + 3) & ~3u), f);
	fclose(f);
}

static void test_ctx_dwarf(void **state)
{
	struct kpdb_ctx ctx;
	char path[4096], sys[4200], id[128];
	const char *mine = kpdb_dwarf_build_id(fx[O2]);

	assert_non_null(mine);
	assert_int_equal(strlen(mine), 40);
	snprintf(path, sizeof(path), "%s/%s", FX_DIR, fx_names[O2]);
	snprintf(sys, sizeof(sys), "%s/sys", cache_dir);
	mkdir(sys, 0755);
	setenv("KPDB_SYS_DIR", sys, 1);

	/* the running kernel is this build: accepted */
	write_notes(sys, mine);
	assert_int_equal(kpdb_kernel_build_id(id, sizeof(id)), 0);
	assert_string_equal(id, mine);
	kpdb_ctx_init(&ctx);
	setenv("KPDB_VMLINUX", path, 1);
	assert_int_equal(kpdb_ctx_dwarf(&ctx), 0);
	assert_string_equal(kpdb_dwarf_path(ctx.dw), path);
	kpdb_ctx_release(&ctx);

	/* another build: refused naming both ids, unless --dry-run */
	write_notes(sys, "00112233445566778899aabbccddeeff00112233");
	kpdb_ctx_init(&ctx);
	ctx.vmlinux = path;
	assert_int_equal(kpdb_ctx_dwarf(&ctx), -1);
	assert_non_null(strstr(ctx.err.msg, mine));
	assert_non_null(strstr(ctx.err.msg, "00112233445566778899aabbccddeeff00112233"));
	ctx.dry_run = true;
	assert_int_equal(kpdb_ctx_dwarf(&ctx), 0);
	kpdb_ctx_release(&ctx);

	kpdb_ctx_init(&ctx);
	ctx.vmlinux = "/nonexistent/vmlinux";
	assert_int_equal(kpdb_ctx_dwarf(&ctx), -1);
	assert_non_null(strstr(ctx.err.msg, "cannot open '/nonexistent/vmlinux'"));
	kpdb_ctx_release(&ctx);
	unsetenv("KPDB_VMLINUX");
	unsetenv("KPDB_SYS_DIR");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_bitfields),
		cmocka_unit_test(test_ptype),
		cmocka_unit_test(test_registers),
		cmocka_unit_test(test_members),
		cmocka_unit_test(test_formats_and_casts),
		cmocka_unit_test(test_params_retval),
		cmocka_unit_test(test_locations),
		cmocka_unit_test(test_syscall),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_inline_sites),
		cmocka_unit_test(test_info_args),
		cmocka_unit_test(test_clone_param_order),
		cmocka_unit_test(test_entry_callee_saved),
		cmocka_unit_test(test_entry_frame_slot),
		cmocka_unit_test(test_entry_empty_range),
		cmocka_unit_test(test_entry_struct_by_value),
		cmocka_unit_test(test_entry_split_function),
		cmocka_unit_test(test_syscall_no_args),
		cmocka_unit_test(test_inline_scope_chain),
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_index_cache),
		cmocka_unit_test(test_ctx_dwarf),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
