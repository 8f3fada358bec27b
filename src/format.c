// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * format.c - kpdb's user-space formats: the decoders that turn the numbers a
 * kprobe fetched into what a human reads, and their inverses for filters.
 *
 * The kernel stores each fetched value with a native load on the traced
 * machine.  kpdb's register names are x86_64 ones, so that load is
 * little-endian: the first byte in memory is the lowest byte of the value.
 * The decoders spell that out instead of relying on the host's byte order,
 * so --dry-run output and the tests do not depend on where kpdb runs.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "format.h"
#include "output.h"

static const char *const fmt_names[] = {
	[KPDB_FMT_NONE] = "none",
	[KPDB_FMT_IPV4] = "ipv4",
	[KPDB_FMT_IPV6] = "ipv6",
	[KPDB_FMT_PORT] = "port",
	[KPDB_FMT_SOCKADDR] = "sockaddr",
	[KPDB_FMT_ERRNO] = "errno",
	[KPDB_FMT_HEX] = "hex",
	[KPDB_FMT_DEC] = "dec",
};

/*
 * The sun_path of an abstract AF_UNIX socket starts with a NUL byte, where a
 * string fetch at offset 2 stops at once; __apath fetches the name after it.
 */
const struct kpdb_sockaddr_field kpdb_sockaddr_fields[] = {
	{ "__fam", 0, "u16" },
	{ "__port", 2, "u16" },
	{ "__v4", 4, "u32" },
	{ "__v6", 8, "x8[16]" },
	{ "__path", 2, "string" },
	{ "__apath", 3, "string" },
};
const size_t kpdb_sockaddr_nfields = sizeof(kpdb_sockaddr_fields) /
				     sizeof(kpdb_sockaddr_fields[0]);

enum kpdb_fmt kpdb_fmt_lookup(const char *name)
{
	size_t i;

	if (!name)
		return KPDB_FMT_NONE;
	for (i = KPDB_FMT_NONE + 1; i < sizeof(fmt_names) / sizeof(fmt_names[0]); i++)
		if (!strcmp(name, fmt_names[i]))
			return (enum kpdb_fmt)i;
	return KPDB_FMT_NONE;
}

const char *kpdb_fmt_name(enum kpdb_fmt fmt)
{
	if ((size_t)fmt >= sizeof(fmt_names) / sizeof(fmt_names[0]))
		return "none";
	return fmt_names[fmt];
}

void kpdb_fmt_ipv4(uint32_t raw, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", raw & 0xff, (raw >> 8) & 0xff,
		 (raw >> 16) & 0xff, raw >> 24);
}

/*
 * Same text as glibc's inet_ntop(AF_INET6): the longest run of two or more
 * zero groups (the first of equal runs) becomes "::", and an address whose
 * first 96 bits are those of an IPv4-compatible (::a.b.c.d) or IPv4-mapped
 * (::ffff:a.b.c.d) address ends in dotted decimal (RFC 5952, section 5).
 */
void kpdb_fmt_ipv6(const uint8_t addr[16], char *buf, size_t len)
{
	unsigned int w[8];
	int best = -1, bestlen = 0, cur = -1, curlen = 0;
	char tmp[64];
	size_t n = 0;
	int i;

	for (i = 0; i < 8; i++)
		w[i] = (unsigned int)addr[2 * i] << 8 | addr[2 * i + 1];
	for (i = 0; i < 8; i++) {
		if (w[i] == 0) {
			if (cur < 0) {
				cur = i;
				curlen = 0;
			}
			curlen++;
			if (curlen > bestlen) {
				best = cur;
				bestlen = curlen;
			}
		} else {
			cur = -1;
		}
	}
	if (bestlen < 2)
		best = -1;

	for (i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + bestlen) {
			if (i == best)
				tmp[n++] = ':';
			continue;
		}
		if (i > 0)
			tmp[n++] = ':';
		if (i == 6 && best == 0 &&
		    (bestlen == 6 || (bestlen == 5 && w[5] == 0xffff))) {
			n += snprintf(tmp + n, sizeof(tmp) - n, "%u.%u.%u.%u", addr[12],
				      addr[13], addr[14], addr[15]);
			break;
		}
		n += snprintf(tmp + n, sizeof(tmp) - n, "%x", w[i]);
	}
	if (best >= 0 && best + bestlen == 8)
		tmp[n++] = ':';
	tmp[n] = '\0';
	snprintf(buf, len, "%s", tmp);
}

unsigned int kpdb_fmt_port(uint16_t raw)
{
	return (unsigned int)((raw & 0xff) << 8 | raw >> 8);
}

/* Linux x86_64 (asm-generic) numbers, then the kernel-internal ones. */
static const char *const errno_names[] = {
	[1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [4] = "EINTR", [5] = "EIO",
	[6] = "ENXIO", [7] = "E2BIG", [8] = "ENOEXEC", [9] = "EBADF", [10] = "ECHILD",
	[11] = "EAGAIN", [12] = "ENOMEM", [13] = "EACCES", [14] = "EFAULT",
	[15] = "ENOTBLK", [16] = "EBUSY", [17] = "EEXIST", [18] = "EXDEV",
	[19] = "ENODEV", [20] = "ENOTDIR", [21] = "EISDIR", [22] = "EINVAL",
	[23] = "ENFILE", [24] = "EMFILE", [25] = "ENOTTY", [26] = "ETXTBSY",
	[27] = "EFBIG", [28] = "ENOSPC", [29] = "ESPIPE", [30] = "EROFS",
	[31] = "EMLINK", [32] = "EPIPE", [33] = "EDOM", [34] = "ERANGE",
	[35] = "EDEADLK", [36] = "ENAMETOOLONG", [37] = "ENOLCK", [38] = "ENOSYS",
	[39] = "ENOTEMPTY", [40] = "ELOOP", [42] = "ENOMSG", [43] = "EIDRM",
	[44] = "ECHRNG", [45] = "EL2NSYNC", [46] = "EL3HLT", [47] = "EL3RST",
	[48] = "ELNRNG", [49] = "EUNATCH", [50] = "ENOCSI", [51] = "EL2HLT",
	[52] = "EBADE", [53] = "EBADR", [54] = "EXFULL", [55] = "ENOANO",
	[56] = "EBADRQC", [57] = "EBADSLT", [59] = "EBFONT", [60] = "ENOSTR",
	[61] = "ENODATA", [62] = "ETIME", [63] = "ENOSR", [64] = "ENONET",
	[65] = "ENOPKG", [66] = "EREMOTE", [67] = "ENOLINK", [68] = "EADV",
	[69] = "ESRMNT", [70] = "ECOMM", [71] = "EPROTO", [72] = "EMULTIHOP",
	[73] = "EDOTDOT", [74] = "EBADMSG", [75] = "EOVERFLOW", [76] = "ENOTUNIQ",
	[77] = "EBADFD", [78] = "EREMCHG", [79] = "ELIBACC", [80] = "ELIBBAD",
	[81] = "ELIBSCN", [82] = "ELIBMAX", [83] = "ELIBEXEC", [84] = "EILSEQ",
	[85] = "ERESTART", [86] = "ESTRPIPE", [87] = "EUSERS", [88] = "ENOTSOCK",
	[89] = "EDESTADDRREQ", [90] = "EMSGSIZE", [91] = "EPROTOTYPE",
	[92] = "ENOPROTOOPT", [93] = "EPROTONOSUPPORT", [94] = "ESOCKTNOSUPPORT",
	[95] = "EOPNOTSUPP", [96] = "EPFNOSUPPORT", [97] = "EAFNOSUPPORT",
	[98] = "EADDRINUSE", [99] = "EADDRNOTAVAIL", [100] = "ENETDOWN",
	[101] = "ENETUNREACH", [102] = "ENETRESET", [103] = "ECONNABORTED",
	[104] = "ECONNRESET", [105] = "ENOBUFS", [106] = "EISCONN", [107] = "ENOTCONN",
	[108] = "ESHUTDOWN", [109] = "ETOOMANYREFS", [110] = "ETIMEDOUT",
	[111] = "ECONNREFUSED", [112] = "EHOSTDOWN", [113] = "EHOSTUNREACH",
	[114] = "EALREADY", [115] = "EINPROGRESS", [116] = "ESTALE", [117] = "EUCLEAN",
	[118] = "ENOTNAM", [119] = "ENAVAIL", [120] = "EISNAM", [121] = "EREMOTEIO",
	[122] = "EDQUOT", [123] = "ENOMEDIUM", [124] = "EMEDIUMTYPE",
	[125] = "ECANCELED", [126] = "ENOKEY", [127] = "EKEYEXPIRED",
	[128] = "EKEYREVOKED", [129] = "EKEYREJECTED", [130] = "EOWNERDEAD",
	[131] = "ENOTRECOVERABLE", [132] = "ERFKILL", [133] = "EHWPOISON",
};

/* include/linux/errno.h: never seen by user space, often seen by a kprobe. */
static const char *const kerrno_names[] = {
	[512 - 512] = "ERESTARTSYS", [513 - 512] = "ERESTARTNOINTR",
	[514 - 512] = "ERESTARTNOHAND", [515 - 512] = "ENOIOCTLCMD",
	[516 - 512] = "ERESTART_RESTARTBLOCK", [517 - 512] = "EPROBE_DEFER",
	[518 - 512] = "EOPENSTALE", [519 - 512] = "ENOPARAM",
	[521 - 512] = "EBADHANDLE", [522 - 512] = "ENOTSYNC", [523 - 512] = "EBADCOOKIE",
	[524 - 512] = "ENOTSUPP", [525 - 512] = "ETOOSMALL", [526 - 512] = "ESERVERFAULT",
	[527 - 512] = "EBADTYPE", [528 - 512] = "EJUKEBOX", [529 - 512] = "EIOCBQUEUED",
	[530 - 512] = "ERECALLCONFLICT", [531 - 512] = "ENOGRACE",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Names user space also knows for numbers the tables above name otherwise. */
static const struct {
	const char *name;
	int e;
} errno_aliases[] = {
	{ "EWOULDBLOCK", 11 },
	{ "EDEADLOCK", 35 },
	{ "ENOTSUP", 95 },
};

const char *kpdb_errno_name(int e)
{
	if (e > 0 && (size_t)e < NELEM(errno_names))
		return errno_names[e];
	if (e >= 512 && (size_t)(e - 512) < NELEM(kerrno_names))
		return kerrno_names[e - 512];
	return NULL;
}

void kpdb_fmt_errno(int64_t val, char *buf, size_t len)
{
	const char *name = NULL;

	/* Only negative values are errors: a positive one is a count or an fd. */
	if (val < 0 && val >= -4095)
		name = kpdb_errno_name((int)-val);
	if (name)
		snprintf(buf, len, "%" PRId64 " (%s)", val, name);
	else
		snprintf(buf, len, "%" PRId64, val);
}

static const struct {
	const char *name;
	unsigned int family;
} families[] = {
	{ "AF_UNSPEC", 0 }, { "AF_UNIX", 1 }, { "AF_INET", 2 }, { "AF_INET6", 10 },
	{ "AF_NETLINK", 16 }, { "AF_PACKET", 17 }, { "AF_VSOCK", 40 },
};

static const char *family_name(unsigned int family)
{
	size_t i;

	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (families[i].family == family)
			return families[i].name;
	return NULL;
}

int kpdb_fmt_parse_family(const char *text, unsigned int *family)
{
	unsigned long n;
	char *end;
	size_t i;

	if (!text || !*text)
		return -1;
	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (!strcmp(text, families[i].name)) {
			*family = families[i].family;
			return 0;
		}
	if (!strcmp(text, "AF_LOCAL")) {
		*family = 1;
		return 0;
	}
	if (!(*text >= '0' && *text <= '9'))
		return -1;
	errno = 0;
	n = strtoul(text, &end, 0);
	if (errno || *end || n > 65535)
		return -1;
	*family = (unsigned int)n;
	return 0;
}

void kpdb_fmt_sockaddr(unsigned int family, uint16_t raw_port, uint32_t raw_v4,
		       const uint8_t v6[16], const char *path, char *buf, size_t len)
{
	char addr[64];
	const char *name = family_name(family);

	switch (family) {
	case 2:
		kpdb_fmt_ipv4(raw_v4, addr, sizeof(addr));
		snprintf(buf, len, "AF_INET %s:%u", addr, kpdb_fmt_port(raw_port));
		return;
	case 10:
		if (!v6) {
			snprintf(buf, len, "AF_INET6 [?]:%u", kpdb_fmt_port(raw_port));
			return;
		}
		kpdb_fmt_ipv6(v6, addr, sizeof(addr));
		snprintf(buf, len, "AF_INET6 [%s]:%u", addr, kpdb_fmt_port(raw_port));
		return;
	case 1:
		if (!path || !path[0])
			snprintf(buf, len, "AF_UNIX (unnamed)");
		else
			snprintf(buf, len, "AF_UNIX %s", path);
		return;
	default:
		if (name)
			snprintf(buf, len, "%s family=%u", name, family);
		else
			snprintf(buf, len, "AF_%u family=%u", family, family);
		return;
	}
}

/*
 * A socket path is any bytes the traced program chose: control bytes (C1
 * included) and bytes of no UTF-8 character are shown as \xNN by output.c's
 * escaper, so that a path cannot end a hit's line or send escape sequences
 * to the terminal.  Cut to @len, never inside an escape.
 */
static void put_path(char *buf, size_t len, const char *prefix, const char *path)
{
	size_t n, used;

	if (!len)
		return;
	n = strlen(prefix) < len - 1 ? strlen(prefix) : len - 1;
	memcpy(buf, prefix, n);
	n += kpdb_text_escape(buf + n, len - 1 - n, path, strlen(path), &used, false);
	buf[n] = '\0';
}

const char *kpdb_fmt_unix_path(const char *path, const char *apath, char *buf, size_t len)
{
	if (path && path[0])
		put_path(buf, len, "", path);
	else if (apath && apath[0])
		put_path(buf, len, "@", apath);
	else if (len)
		buf[0] = '\0';
	return buf;
}

/* Strictly "a.b.c.d" with each part 0..255, no sign, no spaces. */
int kpdb_fmt_parse_ipv4(const char *text, uint32_t *raw)
{
	uint32_t v = 0;
	const char *p = text;
	int part;

	if (!text)
		return -1;
	for (part = 0; part < 4; part++) {
		unsigned int n = 0;
		int digits = 0;

		while (*p >= '0' && *p <= '9') {
			n = n * 10 + (unsigned int)(*p - '0');
			if (++digits > 3 || n > 255)
				return -1;
			p++;
		}
		if (!digits)
			return -1;
		v |= n << (8 * part);
		if (part < 3 && *p++ != '.')
			return -1;
	}
	if (*p)
		return -1;
	*raw = v;
	return 0;
}

int kpdb_fmt_parse_port(const char *text, uint16_t *raw)
{
	unsigned long n;
	char *end;

	if (!text || !(*text >= '0' && *text <= '9'))
		return -1;
	errno = 0;
	n = strtoul(text, &end, 10);
	if (errno || *end || n > 65535)
		return -1;
	*raw = (uint16_t)((n & 0xff) << 8 | n >> 8);
	return 0;
}

static int errno_by_name(const char *name)
{
	size_t i;

	for (i = 1; i < NELEM(errno_names); i++)
		if (errno_names[i] && !strcmp(name, errno_names[i]))
			return (int)i;
	for (i = 0; i < NELEM(kerrno_names); i++)
		if (kerrno_names[i] && !strcmp(name, kerrno_names[i]))
			return (int)i + 512;
	for (i = 0; i < NELEM(errno_aliases); i++)
		if (!strcmp(name, errno_aliases[i].name))
			return errno_aliases[i].e;
	return 0;
}

/*
 * "ECONNREFUSED" and "-ECONNREFUSED" both mean -111: kernel functions return
 * negated codes, and that is what the probe fetched.  Numbers pass as they
 * are ("-111", "0", "0x10").
 */
int kpdb_fmt_parse_errno(const char *text, int64_t *val)
{
	const char *name = text;
	long long n;
	char *end;
	int e;

	if (!text || !*text)
		return -1;
	if (name[0] == '-' && name[1] == 'E')
		name++;
	if (name[0] == 'E') {
		e = errno_by_name(name);
		if (!e)
			return -1;
		*val = -(int64_t)e;
		return 0;
	}
	errno = 0;
	n = strtoll(text, &end, 0);
	if (errno || *end || end == text)
		return -1;
	*val = n;
	return 0;
}
