/*
 * sync.h - the video wall's lead/follow message and who is followed.
 *
 * One viewer leads: every frame it multicasts what it shows (the display
 * time as capture time, mode and speed, camera, selection, filter, open
 * panels); the others follow it and draw exactly that.  The message is
 * binary, big-endian, versioned and at most SYNC_MAX bytes
 * (docs/protocol.md, "Wall sync"):
 *
 *      0  "PKWL"  version(1)  flags(1)  length(2)
 *      8  leader id(8)  term(4)  seq(4)
 *     24  sent: leader's realtime, ns(8)
 *     32  display time as wall (capture) time, ns(8)
 *     40  mode(1)  kind(1)  panels(2)  speed: IEEE 754 double(8)
 *     52  yaw pitch dist target[3] fov: IEEE 754 floats(7 x 4)
 *     80  hover: wall ns(8) line hash(4)   pinned: wall ns(8) hash(4)
 *    104  loss window: wall second(8) records in it(4)
 *    116  filter length(2) filter(0..SYNC_FILTER_MAX)
 *         [HMAC-SHA256(32) when flag SIGNED: over everything before it]
 *
 * The parser reads only through common/cursor.h and refuses what does not
 * add up (the length, a flag or mode it does not know, a number that is
 * not finite or out of range, control bytes in the filter), with a reason.
 * Who is followed is decided here too, without a clock or a socket: time
 * comes in as an argument.  Pure: no SDL, no GL, no sockets.
 */
#ifndef PACKTER_VIEWER_SYNC_H
#define PACKTER_VIEWER_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "history.h"
#include "timebase.h"

#define SYNC_MAGIC		"PKWL"
#define SYNC_VERSION		1
#define SYNC_FILTER_MAX		256
#define SYNC_MAC_LEN		32
#define SYNC_HEAD_LEN		118	/* everything before the filter */
#define SYNC_MAX		(SYNC_HEAD_LEN + SYNC_FILTER_MAX + SYNC_MAC_LEN)
#define SYNC_LOST_NS		(1000LL * 1000000LL)	/* a second unheard */
#define SYNC_WINDOW_BACK	2	/* loss windows end this many s back */

/* Flags. */
#define SYNC_F_SIGNED		0x01
#define SYNC_F_HOVER		0x02
#define SYNC_F_PINNED		0x04
#define SYNC_F_WINDOW		0x08
#define SYNC_F_ALL		0x0f

/* Panels open on the leader. */
#define SYNC_P_HELP		0x0001
#define SYNC_P_MESSAGE_HIDDEN	0x0002
#define SYNC_P_ALL		0x0003

/* A record, as every tile can find it: its stamp in wall time, its line. */
struct sync_rec {
	int64_t		 wall;
	uint32_t	 hash;
};

struct sync_msg {
	uint8_t		 flags;
	uint64_t	 leader;
	uint32_t	 term, seq;
	int64_t		 sent;		/* leader's realtime, ns */
	int64_t		 display;	/* wall (capture) ns shown */
	uint8_t		 mode;		/* enum tl_mode */
	uint8_t		 kind;		/* enum tb_kind of display */
	uint16_t	 panels;
	double		 speed;
	float		 yaw, pitch, dist, target[3], fov;
	struct sync_rec	 hover, pinned;
	int64_t		 window;	/* wall second of the loss window */
	uint32_t	 window_count;	/* records the leader has in it */
	uint16_t	 filter_len;
	char		 filter[SYNC_FILTER_MAX];
};

/*
 * Encode m into buf (at least SYNC_MAX bytes); with mac non-NULL, the
 * SIGNED flag is set and room left for the MAC at the end (the caller
 * computes it over the returned length less SYNC_MAC_LEN).  Returns the
 * length, or 0 for a message that would not parse back.
 */
size_t	sync_encode(const struct sync_msg *, bool signed_, uint8_t *buf,
	    size_t cap);
/* Parse buf[0..len): 0, or -1 with err saying why. */
int	sync_parse(struct sync_msg *, const uint8_t *buf, size_t len,
	    char *err, size_t errlen);

/* FNV-1a of a record's line: how tiles name the same record. */
uint32_t sync_line_hash(const char *line, size_t len);

/*
 * The display time (this viewer's) of wall time w, through the timebase's
 * segments: INT64_MIN when the timebase has none.
 */
int64_t	sync_display(const struct timebase *, int64_t w);
/* The record stamped at wall time r (within a ms) whose line hashes so. */
uint64_t sync_find(const struct history *, const struct timebase *,
	    const struct sync_rec *r);
/* How many records the history holds from wall second s (one second). */
uint32_t sync_window_count(const struct history *, const struct timebase *,
	    int64_t s);

/* --- who is followed -------------------------------------------------- */

enum sync_verdict {
	SYNC_FOLLOW,		/* the leader followed: use it */
	SYNC_NEW_LEADER,	/* another leader, from now on */
	SYNC_OLD,		/* a repeat or older seq of the same leader */
	SYNC_OUTRANKED,		/* a leader ranked below the one followed */
	SYNC_OWN		/* our own message, looped back */
};

struct sync_state {
	uint64_t	 self;		/* our id (drawn at start) */
	bool		 leading;
	uint32_t	 term;		/* ours when leading */
	bool		 have;		/* a leader heard */
	struct sync_msg	 cur;		/* its last message */
	int64_t		 heard;		/* when (monotonic ns) */
	bool		 lost_told;	/* "no leader" said */
	uint32_t	 seq;		/* ours, next */
	/* Loss windows (SYNC_F_WINDOW). */
	int64_t		 joined_wall;	/* first record we kept, wall ns */
	int64_t		 last_window;
	uint64_t	 missing;	/* records the leader had, we did not */
};

void	sync_init(struct sync_state *, uint64_t self, bool lead);
/*
 * A message heard at now: followed or not.  A leader outranked (a higher
 * term, or the same term and a higher id) steps down and follows.
 */
enum sync_verdict sync_hear(struct sync_state *, const struct sync_msg *,
	    int64_t now);
/* Nothing from the leader followed for SYNC_LOST_NS. */
bool	sync_lost(const struct sync_state *, int64_t now);
/* The follower's key: lead from now on, outranking the old leader. */
void	sync_take_lead(struct sync_state *);
/*
 * The wall time to show at now (monotonic ns) when following: the
 * leader's, moved on by the time since it was heard unless paused.
 */
int64_t	sync_follow_wall(const struct sync_state *, int64_t now);

#endif /* PACKTER_VIEWER_SYNC_H */
