/*
 * history.h - the viewer's bounded record history.
 *
 * Every record is stamped on arrival and appended; when the ring is full (or
 * the text arena that holds the record lines is), the oldest records are
 * dropped and counted.  Records are numbered by an absolute sequence number
 * that never wraps; a record's slot in the ring is seq % capacity.  Stamps
 * never decrease, so the records in flight at any time form one contiguous
 * run of sequence numbers (see scene.h).
 *
 * Storage is split by use: the ball array (24 bytes a record) is what the
 * renderer uploads as is, the stamps are what the timeline searches, and the
 * record lines live in one byte ring (the arena) instead of a fixed buffer
 * per record.
 */
#ifndef PACKTER_VIEWER_HISTORY_H
#define PACKTER_VIEWER_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#define HISTORY_DEFAULT		(1024 * 1024)	/* records */
#define HISTORY_ARENA_PER_REC	96		/* default bytes of text a record */
#define HISTORY_MAX_LINE	2048		/* longer lines are cut */

/* One ball as the GPU reads it: keep 24 bytes, no padding. */
struct hist_ball {
	float		 sx, sy;	/* sender board point, [0,1] each */
	float		 dx, dy;	/* receiver board point */
	uint32_t	 stamp_ms;	/* arrival, ms since the history's epoch */
	uint32_t	 flag;
};

/* Where a record's line sits in the arena. */
struct hist_text {
	uint64_t	 off;		/* absolute arena offset */
	uint16_t	 len;		/* whole line: SRC,DST,SPORT,DPORT,FLAG,DESC */
	uint16_t	 desc;		/* offset of DESC within the line */
};

struct history {
	size_t		 cap;		/* records */
	uint64_t	 head;		/* next sequence number */
	uint64_t	 tail;		/* oldest kept */
	int64_t		 epoch;		/* ns; stamp_ms counts from here */
	int64_t		 last_stamp;	/* ns, for monotonic stamps */
	struct hist_ball *balls;
	int64_t		*stamps;	/* ns, monotonic clock */
	struct hist_text *text;
	char		*arena;
	size_t		 arena_size;
	uint64_t	 arena_head;	/* absolute offset of the next byte */
	uint64_t	 dropped;	/* records dropped because the ring was full */
	uint64_t	 dropped_text;	/* ... because the arena was */
	uint64_t	 cut;		/* lines cut to HISTORY_MAX_LINE */
};

/* A record to append: board points, flag and its line as received. */
struct hist_in {
	float		 sx, sy, dx, dy;
	uint32_t	 flag;
	const char	*line;		/* SRC,DST,SPORT,DPORT,FLAG,DESC */
	size_t		 line_len;
	size_t		 desc_off;	/* where DESC starts in line */
};

/* cap records, arena_size bytes of text (0: cap * HISTORY_ARENA_PER_REC). */
struct history	*history_new(size_t cap, size_t arena_size, int64_t epoch_ns);
void		 history_free(struct history *);

/* Append a record that arrived at stamp_ns; returns its sequence number. */
uint64_t	 history_push(struct history *, int64_t stamp_ns,
		    const struct hist_in *);

static inline uint64_t
history_count(const struct history *h)
{
	return h->head - h->tail;
}

static inline int
history_has(const struct history *h, uint64_t seq)
{
	return seq >= h->tail && seq < h->head;
}

static inline size_t
history_slot(const struct history *h, uint64_t seq)
{
	return (size_t)(seq % h->cap);
}

static inline const struct hist_ball *
history_ball(const struct history *h, uint64_t seq)
{
	return &h->balls[history_slot(h, seq)];
}

static inline int64_t
history_stamp(const struct history *h, uint64_t seq)
{
	return h->stamps[history_slot(h, seq)];
}

/* The record's whole line, or its description alone; NULL if gone. */
const char	*history_line(const struct history *, uint64_t seq, size_t *len);
const char	*history_desc(const struct history *, uint64_t seq, size_t *len);

/*
 * --- ballinfo: capture time (stub) ----------------------------------------
 * The capture time of record seq (µs since the epoch, the PACKTERTIME
 * trailer's), or PT_TIME_NONE when the history does not know it.  A stub on
 * the ballinfo branch that always answers PT_TIME_NONE: the timeline branch
 * keeps the time per record and gives the real one; the lead reconciles.
 */
int64_t		 history_capture_us(const struct history *, uint64_t seq);
/* --- end of ballinfo's block ------------------------------------------- */

/* The first kept sequence number whose stamp is >= t (head if none). */
uint64_t	 history_lower_bound(const struct history *, int64_t t);
/* The first kept sequence number whose stamp is > t (head if none). */
uint64_t	 history_upper_bound(const struct history *, int64_t t);

#endif /* PACKTER_VIEWER_HISTORY_H */
