/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * err.h - caller-supplied diagnostic buffer (git's strbuf *err idea):
 * lower layers fill it, the layer that knows the user's intent reports it.
 */
#ifndef KPDB_ERR_H
#define KPDB_ERR_H

#define KPDB_ERR_MAX 1024

struct kpdb_err {
	char msg[KPDB_ERR_MAX];
};

/*
 * kpdb_err_set - format a message into @err (which may be NULL).
 * Always returns -1, so callers can write `return kpdb_err_set(err, ...)`.
 * Style: lowercase, no final period, the subject quoted.
 */
int kpdb_err_set(struct kpdb_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prefix the existing message with more context: "CONTEXT: old message". */
int kpdb_err_prefix(struct kpdb_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline void kpdb_err_clear(struct kpdb_err *err)
{
	if (err)
		err->msg[0] = '\0';
}

#endif
