/*
 * timebase.c - per-feed offsets from capture time to display time, and the
 * segments that map display time back (see timebase.h).
 */
#include "config.h"
#include "timebase.h"

#include <string.h>

const char *const timebase_counter_names[TBC_MAX] = {
	[TBC_CAPTURE] = "placed by capture time",
	[TBC_ARRIVAL] = "placed by arrival time",
	[TBC_REORDERED] = "reordered (clamped)",
	[TBC_NEW_CAPTURE] = "re-anchored: new capture",
	[TBC_GAPS] = "re-anchored: gaps",
	[TBC_LATE] = "re-anchored: late",
	[TBC_FEEDS] = "feeds",
};

void
timebase_init(struct timebase *tb)
{
	memset(tb, 0, sizeof(*tb));
	tb->last_stamp = INT64_MIN;
}

/* The feed of key, or a free or the least recently seen slot for it. */
static struct tb_feed *
feed_of(struct timebase *tb, uint64_t key)
{
	struct tb_feed *f, *lru = &tb->feed[0];
	size_t i;

	for (i = 0; i < TB_FEEDS; i++) {
		f = &tb->feed[i];
		if (f->used && f->key == key)
			return f;
		if (!f->used) {
			lru = f;
			break;
		}
		if (f->seen < lru->seen)
			lru = f;
	}
	memset(lru, 0, sizeof(*lru));
	lru->key = key;
	tb->c[TBC_FEEDS]++;
	return lru;
}

static void
add_seg(struct timebase *tb, int64_t stamp, int64_t off, int64_t before,
    enum tb_kind kind, enum tb_why why)
{
	struct tb_seg *s;

	/* The same mapping again (a feed that comes back): nothing new. */
	if (tb->seg_head > tb->seg_tail) {
		s = &tb->seg[(tb->seg_head - 1) % TB_SEGS];
		if (s->off == off && s->kind == kind)
			return;
		/* Two anchors at one stamp: the later wins. */
		if (s->stamp >= stamp) {
			s->off = off;
			s->kind = (uint8_t)kind;
			if (why != TB_FIRST)
				s->why = (uint8_t)why;
			s->before = before;
			return;
		}
	}
	if (tb->seg_head - tb->seg_tail == TB_SEGS)
		tb->seg_tail++;
	s = &tb->seg[tb->seg_head++ % TB_SEGS];
	s->stamp = stamp;
	s->off = off;
	s->before = before;
	s->kind = (uint8_t)kind;
	s->why = (uint8_t)why;
}

int64_t
timebase_stamp(struct timebase *tb, uint64_t key, int64_t arrival,
    int64_t arrival_off, int64_t capture_us)
{
	struct tb_feed *f = feed_of(tb, key);
	enum tb_kind kind;
	enum tb_why why = TB_WHY_MAX;
	int64_t wall, stamp, dwall, darr;

	if (capture_us == INT64_MIN || capture_us > INT64_MAX / 1000 ||
	    capture_us < 0) {
		kind = TB_ARRIVAL;
		wall = arrival + arrival_off;
		tb->c[TBC_ARRIVAL]++;
	} else {
		kind = TB_CAPTURE;
		wall = capture_us * 1000;
		tb->c[TBC_CAPTURE]++;
	}

	if (!f->used || f->kind != kind) {
		why = TB_FIRST;
		stamp = arrival;
	} else if (kind == TB_ARRIVAL) {
		stamp = arrival;
		/* The wall clock stepped (NTP, a --play file's shift). */
		if (arrival_off - f->off > TB_REORDER_NS ||
		    f->off - arrival_off > TB_REORDER_NS)
			why = TB_FIRST;
	} else {
		dwall = wall - f->last_wall;
		darr = arrival - f->last_arrival;
		stamp = wall - f->off;
		if (dwall < -TB_REORDER_NS || dwall - darr > TB_FAR_NS) {
			why = TB_NEW_CAPTURE;
			stamp = arrival;
		} else if (dwall - darr > TB_GAP_NS && darr >= TB_CUT_NS &&
		    f->last_stamp - f->last_arrival <= TB_PACED_NS) {
			why = TB_GAP;
			stamp = arrival;
		} else if (stamp < arrival - TB_LATE_NS) {
			why = TB_LATE;
			stamp = arrival;
		}
	}
	if (why != TB_WHY_MAX) {
		if (why == TB_NEW_CAPTURE && stamp < tb->last_stamp)
			stamp = tb->last_stamp;
		switch (why) {
		case TB_NEW_CAPTURE:
			tb->c[TBC_NEW_CAPTURE]++;
			break;
		case TB_GAP:
			tb->c[TBC_GAPS]++;
			break;
		case TB_LATE:
			tb->c[TBC_LATE]++;
			break;
		default:
			break;
		}
		if (stamp < tb->last_stamp)
			stamp = tb->last_stamp;
		add_seg(tb, stamp, kind == TB_ARRIVAL ? arrival_off :
		    wall - stamp, f->used ? f->last_wall : wall, kind, why);
		f->off = kind == TB_ARRIVAL ? arrival_off : wall - stamp;
	}
	if (stamp < tb->last_stamp) {
		stamp = tb->last_stamp;
		tb->c[TBC_REORDERED]++;
	}
	f->used = true;
	f->kind = (uint8_t)kind;
	if (kind == TB_CAPTURE ? wall > f->last_wall || why != TB_WHY_MAX :
	    true)
		f->last_wall = wall;
	f->last_arrival = arrival;
	f->last_stamp = stamp;
	f->seen = ++tb->tick;
	tb->last_stamp = stamp;
	return stamp;
}

/* The last segment starting at or before t; the first if none; NULL. */
static const struct tb_seg *
seg_at(const struct timebase *tb, int64_t t)
{
	uint64_t lo = tb->seg_tail, hi = tb->seg_head, mid;

	if (lo == hi)
		return NULL;
	/* First segment starting after t. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (tb->seg[mid % TB_SEGS].stamp <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == tb->seg_tail)
		return &tb->seg[lo % TB_SEGS];
	return &tb->seg[(lo - 1) % TB_SEGS];
}

int64_t
timebase_wall(const struct timebase *tb, int64_t t, enum tb_kind *kind)
{
	const struct tb_seg *s = seg_at(tb, t);

	if (s == NULL) {
		if (kind != NULL)
			*kind = TB_ARRIVAL;
		return INT64_MIN;
	}
	if (kind != NULL)
		*kind = (enum tb_kind)s->kind;
	return t + s->off;
}

int64_t
timebase_display(const struct timebase *tb, int64_t t, int64_t wall)
{
	const struct tb_seg *s = seg_at(tb, t);

	return s == NULL ? wall : wall - s->off;
}

void
timebase_prune(struct timebase *tb, int64_t t)
{
	/* Keep the segment that holds t. */
	while (tb->seg_head - tb->seg_tail >= 2 &&
	    tb->seg[(tb->seg_tail + 1) % TB_SEGS].stamp <= t)
		tb->seg_tail++;
}
