/*
 * timebase.h - capture time onto the history's display clock, and back.
 *
 * The history's stamps are display times: ns on the viewer's monotonic
 * clock, never decreasing, so that the records in flight at any moment are
 * one contiguous run (scene.h).  A record that carries its capture time
 * (docs/protocol.md 3.3, the PACKTERTIME trailer) is placed by it, through
 * a per-feed offset (a feed: one sender address and port):
 *
 *     stamp = capture - feed.offset
 *
 * The feed's first record sets the offset so that it is stamped at its
 * arrival; after that the records keep the gaps of their capture times.  A
 * feed of live traffic therefore looks as it did when records were stamped
 * on arrival (it is off only by the jitter of the latency); a paced replay
 * plays at its own pace; a --fast burst of an hour of capture spans an hour
 * of display time, its later records being due as display time reaches
 * them.  The offset is set again (an anchor) when:
 *
 *   - the capture time goes back by more than TB_REORDER_NS, or forward by
 *     more than TB_FAR_NS more than the time between the two arrivals: a
 *     new capture.  Its first record is stamped at its arrival or, when the
 *     history already reaches further, right after the history's last one.
 *   - the feed was paced (its previous record due within TB_PACED_NS of its
 *     arrival, and this one came at least TB_CUT_NS after it) and the
 *     capture time jumps TB_GAP_NS more than the arrival time did: a gap,
 *     what --max-gap cut out of a paced replay.  (Within a --fast burst
 *     records come microseconds apart: its silences are waited through.)  The
 *     record is stamped at its arrival; the gap is kept (the capture time
 *     before and after) for the scrubber to mark.
 *   - a record would be due more than TB_LATE_NS before its arrival (a feed
 *     whose capture clock runs slow, a replay slower than captured): late.
 *     It is stamped at its arrival, so a live display never misses it.
 *
 * Small reorderings (a record captured before the one before it) are
 * clamped to the last stamp and counted.  A record without a capture time
 * is stamped at its arrival, its feed's clock being the arrival's.
 *
 * Back from a display time to a wall time: every anchor is kept, in order,
 * as a segment {first stamp, offset, capture or arrival}; the wall time of
 * a display time t is t + the offset of the last segment that starts at or
 * before t (the first segment's before it).  That is the clock of the HUD,
 * the labels of the scrubber and every time shown.  Pure: no clock, no
 * system calls; every time comes in as an argument.
 */
#ifndef PACKTER_VIEWER_TIMEBASE_H
#define PACKTER_VIEWER_TIMEBASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TB_FEEDS	16		/* senders followed at once (LRU) */
#define TB_SEGS		4096		/* anchors kept */
#define TB_REORDER_NS	(1000LL * 1000000LL)	/* back more: new capture */
#define TB_GAP_NS	(10LL * 1000000000LL)	/* paced, ahead more: gap */
#define TB_FAR_NS	(3600LL * 1000000000LL)	/* ahead more: new capture */
#define TB_PACED_NS	(1000LL * 1000000LL)
#define TB_CUT_NS	(100LL * 1000000LL)	/* an arrival gap, at least */
#define TB_LATE_NS	(1000LL * 1000000LL)

enum tb_kind { TB_ARRIVAL, TB_CAPTURE };

/* Why a segment starts. */
enum tb_why { TB_FIRST, TB_NEW_CAPTURE, TB_GAP, TB_LATE, TB_WHY_MAX };

enum tb_counter {
	TBC_CAPTURE,		/* records placed by capture time */
	TBC_ARRIVAL,		/* records placed by arrival time */
	TBC_REORDERED,		/* clamped to keep the stamps monotonic */
	TBC_NEW_CAPTURE,	/* re-anchored: the capture time jumped */
	TBC_GAPS,		/* re-anchored: a gap in a paced feed */
	TBC_LATE,		/* re-anchored: due before its arrival */
	TBC_FEEDS,		/* feeds seen */
	TBC_MAX
};

struct tb_seg {
	int64_t		 stamp;		/* display ns where it starts */
	int64_t		 off;		/* wall ns = display ns + off */
	int64_t		 before;	/* wall ns of the feed's last record */
	uint8_t		 kind;		/* enum tb_kind */
	uint8_t		 why;		/* enum tb_why */
};

struct tb_feed {
	uint64_t	 key;
	bool		 used;
	uint8_t		 kind;
	int64_t		 off;		/* wall = stamp + off */
	int64_t		 last_wall;	/* capture (or arrival) time, ns */
	int64_t		 last_arrival;	/* display ns */
	int64_t		 last_stamp;
	uint64_t	 seen;		/* for LRU */
};

struct timebase {
	struct tb_feed	 feed[TB_FEEDS];
	struct tb_seg	 seg[TB_SEGS];
	uint64_t	 seg_head;	/* next segment number */
	uint64_t	 seg_tail;	/* oldest kept */
	int64_t		 last_stamp;	/* INT64_MIN: none yet */
	uint64_t	 tick;
	uint64_t	 c[TBC_MAX];
};

void		 timebase_init(struct timebase *);

/*
 * The display stamp of a record from feed key that arrived at arrival (the
 * monotonic ns the history counts in) with capture time capture_us (µs
 * since the epoch, or INT64_MIN for none); arrival_off is the arrival's
 * wall clock minus arrival (realtime - monotonic).  Never less than the
 * last stamp given.
 */
int64_t		 timebase_stamp(struct timebase *, uint64_t key,
		    int64_t arrival, int64_t arrival_off, int64_t capture_us);

/* The wall time (ns since the epoch) of display time t; its kind. */
int64_t		 timebase_wall(const struct timebase *, int64_t t,
		    enum tb_kind *);
/* The display time of wall time w in the segment holding t. */
int64_t		 timebase_display(const struct timebase *, int64_t t,
		    int64_t wall);

static inline size_t
timebase_nsegs(const struct timebase *tb)
{
	return (size_t)(tb->seg_head - tb->seg_tail);
}

/* Segment i, oldest first (i < timebase_nsegs()). */
static inline const struct tb_seg *
timebase_seg(const struct timebase *tb, size_t i)
{
	return &tb->seg[(tb->seg_tail + i) % TB_SEGS];
}

/* Forget segments wholly before display time t (the history's start). */
void		 timebase_prune(struct timebase *, int64_t t);

/* Counter names, for counters_print(). */
extern const char *const timebase_counter_names[TBC_MAX];

#endif /* PACKTER_VIEWER_TIMEBASE_H */
