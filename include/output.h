/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * output.h - plain and JSON printing helpers.  Every human output has a JSON
 * twin; JSON output is one object per line (JSON Lines).
 */
#ifndef KPDB_OUTPUT_H
#define KPDB_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * kpdb_utf8_len - the length of the well-formed UTF-8 sequence (RFC 3629: no
 * overlong form, no surrogate, nothing past U+10FFFF) that starts @s and
 * lies within its @len bytes, with its code point in *@cp; 0 if there is
 * none (an ASCII byte, a stray or cut byte).
 */
int kpdb_utf8_len(const char *s, size_t len, unsigned int *cp);

/*
 * The escapers of the whole program: every JSON string, and the strings of
 * human hit lines (comm, string arguments, socket paths), go through them.
 * Both keep well-formed UTF-8 of printable characters as it is, and escape
 * deterministically what is not:
 *
 *                            JSON               text
 *   " \ (text: if quoted)    \" \\             \" \\
 *   newline, tab             \n \t              \n \t if quoted, else \x0a \x09
 *   CR, BS, FF               \r \b \f           \x0d \x08 \x0c
 *   other C0 controls, DEL   \u00XX             \xXX
 *   C1 U+0080..U+009F        \u0080..\u009f     \xc2\x80..\xc2\x9f (its two bytes)
 *   a byte of no well-formed
 *   UTF-8 character          \u00XX (the byte   \xXX
 *                            read as Latin-1)
 *
 * so any input, even binary, gives valid JSON and cannot drive a terminal.
 *
 * kpdb_json_escape() writes the inside of a JSON string literal for
 * @s[0..@len) (no quotes, no NUL) into @dst, of @cap bytes; it stops before
 * a character whose form does not fit (never cutting one), returns the bytes
 * written and sets *@used to the bytes of @s consumed.  With @cap at least
 * KPDB_ESC_MAX it always moves on.  kpdb_text_escape() does the same for a
 * terminal; @quoted for a string shown between double quotes.
 */
#define KPDB_ESC_MAX 8
size_t kpdb_json_escape(char *dst, size_t cap, const char *s, size_t len, size_t *used);
size_t kpdb_text_escape(char *dst, size_t cap, const char *s, size_t len, size_t *used,
			bool quoted);

/* Write @s as a JSON string literal (with quotes) to @f, escaped as above. */
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
