// SPDX-License-Identifier: GPL-2.0-or-later
/* rb-gen.c - kernel ring-buffer pages for tests: see rb-gen.h. */
#include <stdint.h>
#include <string.h>

#include "rb-gen.h"

#define TYPE_PADDING 29
#define TYPE_TIME_EXTEND 30
#define TS_BITS 27
#define MAX_SMALL_DATA (28 * 4)
#define MISSED_EVENTS (1ULL << 31)
#define MISSED_STORED (1ULL << 30)

const char rb_stack_format[] =
	"name: kernel_stack\nID: 12\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
	"\tfield:int size;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:unsigned long caller[8];\toffset:16;\tsize:64;\tsigned:0;\n\n"
	"print fmt: \"\\t=> %ps\\n\", (void *)REC->caller[0]\n";

const char rb_header_page[] =
	"\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
	"\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n"
	"\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
	"\tfield: char data;\toffset:16;\tsize:4080;\tsigned:1;\n";

void rb_init(struct rb_writer *w, FILE *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

static void put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put64(unsigned char *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

int rb_flush(struct rb_writer *w)
{
	uint64_t commit;

	if (!w->open)
		return 0;
	commit = w->used;
	if (w->lost) {
		commit |= MISSED_EVENTS;
		if (w->lost > 0) {
			commit |= MISSED_STORED;
			put64(w->page + RB_PAGE_HDR + w->used, (uint64_t)w->lost);
		}
		w->lost = 0;
	}
	put64(w->page + 8, commit);
	if (fwrite(w->page, RB_PAGE_SIZE, 1, w->out) != 1)
		return -1;
	w->open = false;
	w->pages++;
	return 0;
}

int rb_lost(struct rb_writer *w, long long count)
{
	if (rb_flush(w) < 0)
		return -1;
	w->lost = count;
	return 0;
}

static unsigned int event_len(unsigned int len, bool *big)
{
	len = (len + 3) & ~3u;
	*big = len > MAX_SMALL_DATA || len == 0;
	return 4 + (*big ? 4 : 0) + len;
}

int rb_add(struct rb_writer *w, unsigned long long ts, const void *rec, unsigned int len)
{
	unsigned long long delta;
	unsigned int need, room;
	unsigned char *p;
	bool big;

	/* room for the missed-events count the kernel stores after the data */
	room = RB_PAGE_SIZE - RB_PAGE_HDR - 8;
	need = event_len(len, &big);
	if (need > room)
		return -1;
	if (w->open) {
		delta = ts - w->last_ts;
		if (w->used + need + (delta >> TS_BITS ? 8 : 0) > room && rb_flush(w) < 0)
			return -1;
	}
	if (!w->open) {
		memset(w->page, 0, sizeof(w->page));
		put64(w->page, ts);
		w->last_ts = ts;
		w->used = 0;
		w->open = true;
	}
	delta = ts - w->last_ts;
	p = w->page + RB_PAGE_HDR + w->used;
	if (delta >> TS_BITS) {
		/* a time extend event carries the upper bits of the delta */
		put32(p, TYPE_TIME_EXTEND | (uint32_t)(delta & ((1u << TS_BITS) - 1)) << 5);
		put32(p + 4, (uint32_t)(delta >> TS_BITS));
		p += 8;
		w->used += 8;
		delta = 0;
	}
	if (big) {
		put32(p, (uint32_t)delta << 5);
		put32(p + 4, ((len + 3) & ~3u) + 4);
		memcpy(p + 8, rec, len);
	} else {
		put32(p, ((len + 3) / 4) | (uint32_t)delta << 5);
		memcpy(p + 4, rec, len);
	}
	w->used += need;
	w->last_ts = ts;
	return 0;
}

void rb_rec_begin(struct rb_rec *r, unsigned int fixed_size, unsigned short type, int pid)
{
	memset(r, 0, sizeof(*r));
	memcpy(r->buf, &type, 2);		/* common_type */
	memcpy(r->buf + 4, &pid, 4);		/* common_pid */
	r->pos = 8;
	r->fixed = r->dyn = fixed_size;
}

void rb_rec_num(struct rb_rec *r, unsigned long long val, unsigned int size)
{
	uint8_t u8 = val;
	uint16_t u16 = val;
	uint32_t u32 = val;
	uint64_t u64 = val;
	const void *p = size == 1 ? (void *)&u8 : size == 2 ? (void *)&u16 :
			size == 4 ? (void *)&u32 : (void *)&u64;

	rb_rec_bytes(r, p, size);
}

void rb_rec_bytes(struct rb_rec *r, const void *p, unsigned int size)
{
	if (r->pos + size > sizeof(r->buf))
		return;
	memcpy(r->buf + r->pos, p, size);
	r->pos += size;
}

void rb_rec_str(struct rb_rec *r, const char *s)
{
	uint32_t loc = 0;

	if (s) {
		unsigned int n = strlen(s) + 1;

		if (r->dyn + n > sizeof(r->buf))
			n = 0;
		memcpy(r->buf + r->dyn, s, n);
		loc = (uint32_t)n << 16 | r->dyn;
		r->dyn += n;
	}
	rb_rec_num(r, loc, 4);
}

unsigned int rb_rec_len(const struct rb_rec *r)
{
	return r->dyn;
}
