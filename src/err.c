// SPDX-License-Identifier: GPL-2.0-or-later
/* err.c - the caller-supplied diagnostic buffer. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

int kpdb_err_set(struct kpdb_err *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int kpdb_err_prefix(struct kpdb_err *err, const char *fmt, ...)
{
	char old[KPDB_ERR_MAX];
	size_t n;
	va_list ap;

	if (!err)
		return -1;
	memcpy(old, err->msg, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	n = strlen(err->msg);
	if (old[0] && n < sizeof(err->msg))
		snprintf(err->msg + n, sizeof(err->msg) - n, ": %.*s",
			 (int)(sizeof(err->msg) - n - 1), old);
	return -1;
}
