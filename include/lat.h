/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lat.h - latency histograms of functions (lat FUNC), computed by the
 * kernel: what the lat command offers the other families.
 */
#ifndef KPDB_LAT_H
#define KPDB_LAT_H

#include <stddef.h>

struct kpdb_ctx;

/* How many functions are measured. */
size_t kpdb_lat_count(void);

/* bl: a line (a JSON object) for each function measured. */
void kpdb_lat_list(struct kpdb_ctx *ctx);

/* info probes: the synthetic event and the two probes of each. */
void kpdb_lat_info_probes(struct kpdb_ctx *ctx);

#endif
