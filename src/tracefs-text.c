// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tracefs-text.c - the backend's reading of tracefs's text files: a whole
 * file, and its lines.  At the bottom of the backend: tracefs.c,
 * tracefs-symbols.c and tracefs-cleanup.c all read through it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tracefs-priv.h"

char *tfs_slurp(const char *path)
{
	size_t len = 0, cap = 0;
	char *buf = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	for (;;) {
		ssize_t n;

		if (len + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap = cap ? cap * 2 : 1 << 16);

			if (!nb)
				break;
			buf = nb;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			if (n < 0) {
				free(buf);
				return NULL;
			}
			if (!buf)
				buf = calloc(1, 1);
			else
				buf[len] = '\0';
			return buf;
		}
		len += (size_t)n;
	}
	close(fd);
	free(buf);
	return NULL;
}

size_t tfs_split_lines(char *text, char ***out)
{
	size_t n = 0, cap = 0;
	char **v = NULL, *save = NULL;

	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (n == cap) {
			char **nv = realloc(v, (cap = cap ? cap * 2 : 16) * sizeof(*v));

			if (!nv)
				break;
			v = nv;
		}
		v[n++] = l;
	}
	*out = v;
	return n;
}
