// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe-util.c - what every part of the parser builds on: the string
 * builder, names (events, reserved fields, symbols) and numbers as the
 * kernel reads them.  probe-fetcharg.c, probe-filter.c, probe-args.c and
 * probe-spec.c all use it; it uses none of them.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe-spec.h"
#include "probe-util.h"

void pspec_sb_add(struct sb *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = true;
			return;
		}
		if (b->s && b->len + (size_t)n < b->cap) {
			b->len += (size_t)n;
			return;
		}
		size_t cap = (b->cap ? b->cap * 2 : 128) + (size_t)n;
		char *s = realloc(b->s, cap);

		if (!s) {
			b->oom = true;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
}

char *pspec_sb_take(struct sb *b)
{
	if (b->oom) {
		free(b->s);
		return NULL;
	}
	return b->s ? b->s : strdup("");
}

bool kpdb_name_valid(const char *name)
{
	size_t i;

	if (!name || !is_ident_start((unsigned char)name[0]))
		return false;
	for (i = 1; name[i]; i++)
		if (!is_ident_char((unsigned char)name[i]))
			return false;
	return i < KPDB_NAME_MAX;
}

bool pspec_is_reserved_name(const char *name)
{
	return !strncmp(name, "common_", 7) || !strcmp(name, "__probe_ip") ||
	       !strcmp(name, "__probe_ret_ip") || !strcmp(name, "__probe_func");
}

/* kstrtol()/kstrtoul() with base 0: decimal, 0x hex or 0 octal, all consumed. */
bool pspec_parse_long(const char *s, size_t n, long *out)
{
	char buf[32], *end;

	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (!isdigit((unsigned char)buf[0]) && buf[0] != '-')
		return false;
	errno = 0;
	*out = strtol(buf, &end, 0);
	return !errno && *end == '\0' && end != buf;
}

bool pspec_parse_ulong(const char *s, size_t n, unsigned long *out)
{
	char buf[32], *end;

	if (n == 0 || n >= sizeof(buf) || !isdigit((unsigned char)s[0]))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	*out = strtoul(buf, &end, 0);
	return !errno && *end == '\0';
}

bool pspec_all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/*
 * Kernel symbols: C identifiers plus '.' (foo.isra.0, foo.cold).  "if" is
 * a C keyword, never a symbol, and as a word it starts bp's filter: taken
 * as a location, the definition would not read back.
 */
bool pspec_symbol_valid(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !(is_ident_start((unsigned char)s[0]) || s[0] == '.'))
		return false;
	if (n == 2 && !memcmp(s, "if", 2))
		return false;
	for (i = 1; i < n; i++)
		if (!is_ident_char((unsigned char)s[i]) && s[i] != '.')
			return false;
	return true;
}
