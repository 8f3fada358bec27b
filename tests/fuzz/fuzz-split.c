// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-split.c - the command-line splitter on arbitrary lines.
 *
 * Besides memory errors, two invariants: a failure always names its problem,
 * and the words of a successful split, quoted back ('...', with '\'' for a
 * quote), split again into the same words.
 */
#include <string.h>

#include "cmd.h"
#include "err.h"
#include "fuzz.h"

static char *requote(char **argv, int argc)
{
	size_t len = 1;
	char *s, *p;

	for (int i = 0; i < argc; i++)
		len += 4 * strlen(argv[i]) + 3;
	s = p = malloc(len);
	if (!s)
		abort();
	for (int i = 0; i < argc; i++) {
		if (i)
			*p++ = ' ';
		*p++ = '\'';
		for (const char *c = argv[i]; *c; c++) {
			if (*c == '\'') {
				memcpy(p, "'\\''", 4);
				p += 4;
			} else {
				*p++ = *c;
			}
		}
		*p++ = '\'';
	}
	*p = '\0';
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kpdb_err err = { "" };
	char *line = fuzz_cstr(data, size), *again;
	char **argv, **argv2;
	int argc, argc2;

	argc = kpdb_split(line, &argv, &err);
	if (argc < 0) {
		FUZZ_CHECK(err.msg[0], "a failed split must say why");
		FUZZ_CHECK(!argv, "a failed split returns no words");
		free(line);
		return 0;
	}
	FUZZ_CHECK(argv && !argv[argc], "argv must be NULL-terminated");
	for (int i = 0; i < argc; i++)
		FUZZ_CHECK(argv[i], "word %d is NULL", i);

	again = requote(argv, argc);
	argc2 = kpdb_split(again, &argv2, &err);
	FUZZ_CHECK(argc2 == argc, "'%s' split into %d words, requoted '%s' into %d (%s)", line,
		   argc, again, argc2, argc2 < 0 ? err.msg : "");
	for (int i = 0; i < argc; i++)
		FUZZ_CHECK(!strcmp(argv[i], argv2[i]), "word %d: '%s' became '%s'", i, argv[i],
			   argv2[i]);
	kpdb_argv_free(argv2);
	kpdb_argv_free(argv);
	free(again);
	free(line);
	return 0;
}
