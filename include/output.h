/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * output.h - plain and JSON printing helpers.  Every human output has a JSON
 * twin; JSON output is one object per line (JSON Lines).
 */
#ifndef KPDB_OUTPUT_H
#define KPDB_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Write @s as a JSON string literal (with quotes) to @f. */
void kpdb_json_str(FILE *f, const char *s);

/*
 * A tiny streaming JSON object writer for one line:
 *   struct kpdb_json j; kpdb_json_begin(&j, f);
 *   kpdb_json_kv_int(&j, "bp", 1); kpdb_json_kv_str(&j, "name", "bp1");
 *   kpdb_json_end(&j);   -> {"bp":1,"name":"bp1"}\n
 * Nested objects/arrays with kpdb_json_obj()/kpdb_json_arr() and _close().
 */
struct kpdb_json {
	FILE *f;
	int depth;
	bool first[16];
	char kind[16];		/* '{' or '[' per depth */
};

void kpdb_json_begin(struct kpdb_json *j, FILE *f);
void kpdb_json_end(struct kpdb_json *j);
void kpdb_json_key(struct kpdb_json *j, const char *key);	/* key of the next value */
void kpdb_json_kv_str(struct kpdb_json *j, const char *key, const char *val);	/* NULL -> null */
void kpdb_json_kv_int(struct kpdb_json *j, const char *key, long long val);
void kpdb_json_kv_uint(struct kpdb_json *j, const char *key, unsigned long long val);
void kpdb_json_kv_bool(struct kpdb_json *j, const char *key, bool val);
void kpdb_json_kv_double(struct kpdb_json *j, const char *key, double val);
void kpdb_json_obj(struct kpdb_json *j, const char *key);	/* key NULL inside arrays */
void kpdb_json_arr(struct kpdb_json *j, const char *key);
void kpdb_json_close(struct kpdb_json *j);			/* closes obj or arr */
void kpdb_json_str_item(struct kpdb_json *j, const char *val);	/* array element */
void kpdb_json_int_item(struct kpdb_json *j, long long val);

#endif
