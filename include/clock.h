/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * clock.h - kpdb's one clock: monotonic milliseconds, for deadlines (go -t,
 * the drain after a program exits, sysrq's wait for the kernel's answer)
 * and for how long a cached comm is trusted.
 */
#ifndef KPDB_CLOCK_H
#define KPDB_CLOCK_H

#include <time.h>

static inline unsigned long long kpdb_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000 + (unsigned long long)ts.tv_nsec / 1000000;
}

#endif
