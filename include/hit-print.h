/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hit-print.h - one decoded hit, printed for humans or as one JSON line.
 *
 * Human:  [CPU] TIMESTAMP COMM-PID bpN FUNC: name=value name=value
 * JSON:   {"bp":N,"name":"bpN","cpu":C,"ts":T,"ts_ns":NS,"comm":"...","pid":P,
 *          "func":"...","args":{...}}
 *
 * TIMESTAMP is the trace clock in seconds with microseconds, as ftrace
 * prints it; "ts" is the same number, "ts_ns" the exact nanoseconds.  FUNC
 * is the probed symbol (+offset) for a kprobe, "CALLER <- FUNC" for a
 * kretprobe, as the kernel's trace shows it; in JSON a kretprobe's hit has
 * "func" and "caller" apart.  In "args", a plain value is a JSON number,
 * string (null when the kernel could not fetch it) or array; a value with a
 * kpdb format is
 * {"raw":R,"value":V}: R is what the kernel fetched (a number; for ipv6 32
 * hex digits; for sockaddr an object of its sub-fields), V the decoded value
 * as the human output shows it (a string), except for port and dec whose V
 * is a number.  A lost-events notice is {"lost":N,"cpu":C,"ts":T}, N null
 * when the kernel did not count.
 *
 * A hit that carries its kernel stack (bp -s, bt N on) has its frames on
 * the lines under it, and in JSON a last member "stack":[{"addr":"0x...",
 * "func":"sym+0x1f"}] (func null when kallsyms does not know the address).
 * With debug info, each frame also has "file", "line" and "inlined":false,
 * and is preceded by the inlined copies that hold its address, innermost
 * first: {"addr":(the same),"func":"NAME","file":...,"line":...,
 * "inlined":true}; a human line is "      sym+0x1f at fs/open.c:1347", an
 * inlined copy's "      NAME (inlined) at fs/open.c:1108".
 *
 * Strings a traced program chose (comm, string arguments, socket paths) go
 * through output.h's escapers, the same as every other JSON line: valid
 * UTF-8 stays as it is, in both outputs; controls (C1 included) and bytes
 * of no UTF-8 character are escaped, \u00XX in JSON and \xXX for humans.
 */
#ifndef KPDB_HIT_PRINT_H
#define KPDB_HIT_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct kpdb_hit;
struct kpdb_hit_frame;

struct kpdb_hit_out {
	FILE *f;
	bool json;
};

/*
 * kpdb_hit_print - print @hit, decoded (events.h: kpdb_hit_decode(), and
 * its frames' source lines from stack-lines.h).  A hit of an event kpdb did
 * not create has all its fields undecoded.  No flush: the caller flushes
 * once per batch of hits.
 */
void kpdb_hit_print(const struct kpdb_hit_out *out, const struct kpdb_hit *hit);

/*
 * kpdb_stack_print - kernel stack frames, innermost first, one per line
 * indented under a hit ("      do_sys_openat2+0x5", the bare address when
 * kallsyms does not know it); JSON: {"stack":[{"addr":"0x...","func":"..."}]},
 * the same array a hit carries.  Hits with a stack print it this way too.
 */
void kpdb_stack_print(const struct kpdb_hit_out *out, const struct kpdb_hit_frame *frames,
		      size_t n);

/* "[CPU] TIMESTAMP lost N events": @count < 0 when unknown. */
void kpdb_lost_print(const struct kpdb_hit_out *out, int cpu, long long count,
		     unsigned long long ts);

#endif
