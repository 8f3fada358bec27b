/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz.h - what the fuzz targets share with the libFuzzer driver and with
 * replay.c, the driver `make check` uses to replay the seed corpora and the
 * inputs of past findings with the ordinary compiler (and, in the sanitizer
 * build, with ASan and UBSan).
 */
#ifndef KPDB_FUZZ_H
#define KPDB_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/*
 * A broken invariant is a finding: print what was broken and abort, so that
 * libFuzzer saves the input and replay fails.
 */
#define FUZZ_CHECK(cond, ...)							\
	do {									\
		if (!(cond)) {							\
			fprintf(stderr, "fuzz invariant broken: %s: ", #cond);	\
			fprintf(stderr, __VA_ARGS__);				\
			fputc('\n', stderr);					\
			abort();						\
		}								\
	} while (0)

/* @data as a NUL-terminated string (cut at its first NUL byte), malloc'ed. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	for (size_t i = 0; i < size; i++)
		s[i] = (char)data[i];
	s[size] = '\0';
	return s;
}

#endif
