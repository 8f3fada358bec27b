// SPDX-License-Identifier: GPL-2.0-or-later
/* err.c - the caller-supplied diagnostic buffer. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

#define ELLIPSIS " ... "

/*
 * Messages quote what the user typed, which can be far longer than the
 * buffer, and their end usually says what is wrong ("'((((...' nests too
 * deeply"): a message that does not fit keeps its start and its end.
 * Formatting into a separate string also lets a caller quote err->msg.
 */
static void store(struct kpdb_err *err, const char *s, size_t n)
{
	const size_t head = KPDB_ERR_MAX / 2 - 8;
	const size_t tail = KPDB_ERR_MAX - 1 - head - strlen(ELLIPSIS);

	if (n < sizeof(err->msg)) {
		memcpy(err->msg, s, n + 1);
		return;
	}
	memcpy(err->msg, s, head);
	memcpy(err->msg + head, ELLIPSIS, strlen(ELLIPSIS));
	memcpy(err->msg + head + strlen(ELLIPSIS), s + n - tail, tail + 1);
}

int kpdb_err_set(struct kpdb_err *err, const char *fmt, ...)
{
	char *s;
	va_list ap;
	int n;

	if (!err)
		return -1;
	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -1;
	}
	store(err, s, (size_t)n);
	free(s);
	return -1;
}

int kpdb_err_prefix(struct kpdb_err *err, const char *fmt, ...)
{
	char *prefix, *s;
	va_list ap;
	int n;

	if (!err)
		return -1;
	va_start(ap, fmt);
	n = vasprintf(&prefix, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;	/* keep the message we have */
	if (err->msg[0])
		n = asprintf(&s, "%s: %s", prefix, err->msg);
	else
		n = asprintf(&s, "%s", prefix);
	free(prefix);
	if (n < 0)
		return -1;
	store(err, s, (size_t)n);
	free(s);
	return -1;
}
