/*
 * flagindex.c - the records of a few flags, indexed for the frames (see
 * flagindex.h).
 */
#include "config.h"
#include "flagindex.h"

#include <stdlib.h>

#include "log.h"

#define FLAG_INDEX_MIN	1024

void
flag_index_init(struct flag_index *fi, size_t cap)
{
	fi->nflags = 0;
	fi->cap = cap < FLAG_INDEX_MIN ? FLAG_INDEX_MIN : cap;
	fi->idx = xcalloc(fi->cap, sizeof(*fi->idx));
	fi->head = fi->tail = fi->noted = 0;
}

void
flag_index_free(struct flag_index *fi)
{
	free(fi->idx);
	fi->idx = NULL;
}

bool
flag_index_has(const struct flag_index *fi, uint32_t flag)
{
	int i;

	for (i = 0; i < fi->nflags; i++)
		if (fi->flags[i] == flag)
			return true;
	return false;
}

bool
flag_index_add(struct flag_index *fi, uint32_t flag)
{
	if (flag_index_has(fi, flag))
		return true;
	if (fi->nflags == FLAG_INDEX_FLAGS)
		return false;
	fi->flags[fi->nflags++] = flag;
	return true;
}

void
flag_index_note(struct flag_index *fi, const struct history *h)
{
	uint64_t seq;

	if (fi->nflags == 0) {
		fi->noted = h->head;
		return;
	}
	seq = fi->noted > h->tail ? fi->noted : h->tail;
	for (; seq < h->head; seq++) {
		if (!flag_index_has(fi, h->balls[history_slot(h, seq)].flag))
			continue;
		if (fi->head - fi->tail == fi->cap)
			fi->tail++;
		fi->idx[fi->head++ % fi->cap] = seq;
	}
	fi->noted = h->head;
}

/* The first index position whose record is at seq or later. */
static uint64_t
index_from(const struct flag_index *fi, uint64_t seq)
{
	uint64_t lo = fi->tail, hi = fi->head, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (fi->idx[mid % fi->cap] < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t
flag_index_in_flight(struct flag_index *fi, const struct history *h,
    const struct scene *s, uint32_t flag, struct hist_ball *out, size_t max,
    uint64_t *over)
{
	uint64_t k, seq;
	size_t n = 0;

	/* Forget what the history has forgotten. */
	while (fi->tail < fi->head && fi->idx[fi->tail % fi->cap] < h->tail)
		fi->tail++;
	for (k = index_from(fi, s->first); k < fi->head; k++) {
		seq = fi->idx[k % fi->cap];
		if (seq >= s->end)
			break;
		if (h->balls[history_slot(h, seq)].flag != flag)
			continue;
		if (n == max) {
			(*over)++;
			continue;
		}
		out[n++] = h->balls[history_slot(h, seq)];
	}
	return n;
}
