/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * format.h - kpdb's user-space formats (ipv4, ipv6, port, sockaddr, errno,
 * hex, dec): how each is fetched by the kernel and how a fetched value is
 * printed for humans and for JSON.  Pure code: no I/O but the FILE it is
 * given.
 */
#ifndef KPDB_FORMAT_H
#define KPDB_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum kpdb_fmt {
	KPDB_FMT_NONE = 0,
	KPDB_FMT_IPV4,		/* u32, network order */
	KPDB_FMT_IPV6,		/* 16 bytes */
	KPDB_FMT_PORT,		/* u16, network order */
	KPDB_FMT_SOCKADDR,	/* family + port + v4 + v6 + sun_path */
	KPDB_FMT_ERRNO,		/* s64 */
	KPDB_FMT_HEX,
	KPDB_FMT_DEC,
};

/* The format named @name ("ipv4", ...), or KPDB_FMT_NONE. */
enum kpdb_fmt kpdb_fmt_lookup(const char *name);
const char *kpdb_fmt_name(enum kpdb_fmt fmt);

/*
 * Sub-fields a sockaddr argument NAME is fetched as; the kernel fields are
 * called NAME__fam (u16), NAME__port (u16), NAME__v4 (u32), NAME__v6
 * (x8[16]), NAME__path (string at sun_path) and NAME__apath (string at
 * sun_path + 1: the name of an abstract AF_UNIX socket, whose sun_path
 * starts with a NUL byte).  Offsets are from the start of the sockaddr.
 */
struct kpdb_sockaddr_field {
	const char *suffix;	/* "__fam" */
	unsigned int offset;	/* from the start of the sockaddr */
	const char *ktype;	/* "u16" */
};
extern const struct kpdb_sockaddr_field kpdb_sockaddr_fields[];
extern const size_t kpdb_sockaddr_nfields;

/* Network-order helpers: the kernel fetched the bytes as a little-endian load. */
void kpdb_fmt_ipv4(uint32_t raw, char *buf, size_t len);		/* "127.0.0.1" */
void kpdb_fmt_ipv6(const uint8_t addr[16], char *buf, size_t len);	/* "fe80::1" */
unsigned int kpdb_fmt_port(uint16_t raw);				/* host order */
void kpdb_fmt_errno(int64_t val, char *buf, size_t len);		/* "-111 (ECONNREFUSED)" */
const char *kpdb_errno_name(int e);					/* "ECONNREFUSED" or NULL */

/*
 * A decoded sockaddr: "AF_INET 10.0.0.1:443", "AF_INET6 [::1]:22",
 * "AF_UNIX /x", "AF_UNIX @abstract", "AF_UNIX (unnamed)", "AF_NETLINK family=16",
 * "AF_99 family=99".  @path is what kpdb_fmt_unix_path() returns; @v6 may be
 * NULL unless @family is AF_INET6.
 */
void kpdb_fmt_sockaddr(unsigned int family, uint16_t raw_port, uint32_t raw_v4,
		       const uint8_t v6[16], const char *path, char *buf, size_t len);

/*
 * The AF_UNIX path to show from the __path and __apath fields: @path when it
 * is not empty, else "@" and @apath (abstract socket, as ss(8) shows it), or
 * "" when both are empty (unnamed socket); control bytes (C1 included) and
 * bytes of no UTF-8 character are shown as \xNN (kpdb_text_escape()).
 * Returns @buf.
 */
const char *kpdb_fmt_unix_path(const char *path, const char *apath, char *buf, size_t len);

/*
 * Inverse conversions for filters: the number the kernel compares with.
 * Return 0, or -1 if @text is not a valid value of that format.
 */
int kpdb_fmt_parse_ipv4(const char *text, uint32_t *raw);
int kpdb_fmt_parse_port(const char *text, uint16_t *raw);
int kpdb_fmt_parse_errno(const char *text, int64_t *val);	/* "-111" or "ECONNREFUSED" */
/* "AF_INET", "AF_INET6", "AF_UNIX", ... or a number: the sa_family value. */
int kpdb_fmt_parse_family(const char *text, unsigned int *family);

#endif
