// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * replay.c - run a fuzz target over files, without libFuzzer.
 *
 *   replay-TARGET [FILE|DIR]...
 *
 * Without arguments (as `make check` runs it) it replays
 * $top_srcdir/tests/fuzz/corpus/TARGET and $top_srcdir/tests/fuzz/regress/TARGET:
 * the seeds and every input a fuzzer ever found a problem with.  A broken
 * invariant aborts, a sanitizer build reports memory errors; exit status 0
 * means every input ran.  77 (skip) when there is nothing to replay.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#ifndef FUZZ_TARGET
#error "FUZZ_TARGET names the target: -DFUZZ_TARGET='\"probe-spec\"'"
#endif

__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

static int nrun;

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (len == cap) {
			unsigned char *nb = realloc(buf, cap = cap ? cap * 2 : 4096);

			if (!nb)
				abort();
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	/* an exact-size copy, so that ASan sees a read past the input */
	{
		unsigned char *in = malloc(len ? len : 1);

		if (!in)
			abort();
		memcpy(in, buf, len);
		free(buf);
		LLVMFuzzerTestOneInput(in, len);
		free(in);
	}
	nrun++;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_path(const char *path, int required)
{
	struct stat st;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	int ret = 0;
	DIR *d;

	if (stat(path, &st) < 0) {
		if (!required && errno == ENOENT)
			return 0;
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path);
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		char **nn;

		if (de->d_name[0] == '.')
			continue;
		nn = realloc(names, (n + 1) * sizeof(*names));
		if (!nn)
			abort();
		names = nn;
		if (asprintf(&names[n++], "%s/%s", path, de->d_name) < 0)
			abort();
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		if (run_path(names[i], 1) < 0)
			ret = -1;
		free(names[i]);
	}
	free(names);
	return ret;
}

int main(int argc, char **argv)
{
	int ret = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			if (run_path(argv[i], 1) < 0)
				ret = 1;
	} else {
		const char *top = getenv("top_srcdir");
		char path[4096];

		if (!top)
			top = ".";
		snprintf(path, sizeof(path), "%s/tests/fuzz/corpus/%s", top, FUZZ_TARGET);
		if (run_path(path, 0) < 0)
			ret = 1;
		snprintf(path, sizeof(path), "%s/tests/fuzz/regress/%s", top, FUZZ_TARGET);
		if (run_path(path, 0) < 0)
			ret = 1;
	}
	printf("replay-%s: %d inputs replayed\n", FUZZ_TARGET, nrun);
	if (!ret && !nrun)
		return 77;
	return ret;
}
