/*
 * history.c - the bounded ring of records, stamped on arrival.
 *
 * Three parallel arrays of cap entries (balls, stamps, text references) and
 * one byte ring for the record lines.  A line is stored contiguously: when it
 * would straddle the end of the arena the rest of the arena is skipped.  Text
 * offsets are absolute (they only grow), so a line is still there exactly
 * when its offset is within arena_size of the arena's head; before a new line
 * overwrites old bytes, the records owning them are dropped (oldest first, as
 * the ring order is the arena order).
 */
#include "config.h"
#include "history.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "protocol.h"

#define MIN_ARENA	(64 * 1024)

struct history *
history_new(size_t cap, size_t arena_size, int64_t epoch_ns)
{
	struct history *h;

	if (cap == 0)
		cap = 1;
	if (arena_size == 0) {
		if (cap > SIZE_MAX / HISTORY_ARENA_PER_REC)
			fatal(1, "history of %zu records is too large", cap);
		arena_size = cap * HISTORY_ARENA_PER_REC;
	}
	if (arena_size < MIN_ARENA)
		arena_size = MIN_ARENA;
	h = xcalloc(1, sizeof(*h));
	h->cap = cap;
	h->epoch = epoch_ns;
	h->last_stamp = INT64_MIN;
	h->balls = xcalloc(cap, sizeof(*h->balls));
	h->stamps = xcalloc(cap, sizeof(*h->stamps));
	h->text = xcalloc(cap, sizeof(*h->text));
	h->arena = xmalloc(arena_size);
	h->arena_size = arena_size;
	return h;
}

void
history_free(struct history *h)
{
	if (h == NULL)
		return;
	free(h->balls);
	free(h->stamps);
	free(h->text);
	free(h->arena);
	free(h);
}

/* Milliseconds since the epoch, rounded down, modulo 2^32. */
static uint32_t
stamp_ms(const struct history *h, int64_t t)
{
	int64_t d = t - h->epoch, ms;

	ms = d / 1000000;
	if (d % 1000000 < 0)
		ms--;
	return (uint32_t)(uint64_t)ms;
}

uint64_t
history_push(struct history *h, int64_t stamp, const struct hist_in *in)
{
	uint64_t seq, need_from;
	size_t len = in->line_len, slot, pos;
	size_t desc = in->desc_off;

	if (stamp < h->last_stamp)
		stamp = h->last_stamp;
	h->last_stamp = stamp;

	if (len > HISTORY_MAX_LINE) {
		len = HISTORY_MAX_LINE;
		h->cut++;
	}
	if (desc > len)
		desc = len;

	/* The ring: make room for one. */
	if (h->head - h->tail == h->cap) {
		h->tail++;
		h->dropped++;
	}

	/* The arena: a contiguous run of len bytes. */
	pos = (size_t)(h->arena_head % h->arena_size);
	if (pos + len > h->arena_size)
		h->arena_head += h->arena_size - pos;
	if (h->arena_head + len > h->arena_size) {
		need_from = h->arena_head + len - h->arena_size;
		while (h->tail < h->head &&
		    h->text[history_slot(h, h->tail)].off < need_from) {
			h->tail++;
			h->dropped_text++;
		}
	}

	seq = h->head++;
	slot = history_slot(h, seq);
	h->balls[slot].sx = in->sx;
	h->balls[slot].sy = in->sy;
	h->balls[slot].dx = in->dx;
	h->balls[slot].dy = in->dy;
	h->balls[slot].flag = in->flag;
	h->balls[slot].stamp_ms = stamp_ms(h, stamp);
	h->stamps[slot] = stamp;
	h->text[slot].off = h->arena_head;
	h->text[slot].len = (uint16_t)len;
	h->text[slot].desc = (uint16_t)desc;
	if (len > 0)
		memcpy(h->arena + h->arena_head % h->arena_size, in->line, len);
	h->arena_head += len;
	return seq;
}

const char *
history_line(const struct history *h, uint64_t seq, size_t *len)
{
	const struct hist_text *t;

	if (!history_has(h, seq))
		return NULL;
	t = &h->text[history_slot(h, seq)];
	*len = t->len;
	return h->arena + t->off % h->arena_size;
}

const char *
history_desc(const struct history *h, uint64_t seq, size_t *len)
{
	const struct hist_text *t;

	if (!history_has(h, seq))
		return NULL;
	t = &h->text[history_slot(h, seq)];
	*len = (size_t)(t->len - t->desc);
	return h->arena + t->off % h->arena_size + t->desc;
}

/* First seq in [tail, head) with stamp > t (strict) or >= t. */
static uint64_t
bound(const struct history *h, int64_t t, int strict)
{
	uint64_t lo = h->tail, hi = h->head, mid;
	int64_t s;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		s = history_stamp(h, mid);
		if (strict ? s <= t : s < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

uint64_t
history_lower_bound(const struct history *h, int64_t t)
{
	return bound(h, t, 0);
}

uint64_t
history_upper_bound(const struct history *h, int64_t t)
{
	return bound(h, t, 1);
}

