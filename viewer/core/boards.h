/*
 * boards.h - the boards and what each record shows on them: the layout of
 * the ring, which sender board an agent's records start from, the mapping
 * of boardmap.h, the display filter, and a state word per record.
 *
 * The layout: N boards (2 to BOARDS_MAX) in a ring, the receiver first, each
 * facing the middle.  N = 2 is the classic pair (scene.h's world, exactly);
 * 3 a triangle ... 6 a hexagon, with N - 1 sender boards, numbered 1 to
 * N - 1.  A record's sender board is chosen by its feed: the agent id of its
 * datagram's PACKTERAGENT line, or else the datagram's source address.
 * Rules ("noc-1=2", "192.0.2.0/24=3") say which board a feed uses; a feed
 * no rule names takes the next sender board in turn as it first appears.
 *
 * Each record of the history has a state word (by ring slot, as the
 * history's arrays; uploaded with the balls): its sender board, whether it
 * is hidden, dimmed or highlighted.  Its board points (the history's
 * hist_ball, rewritten in place) are computed when it arrives, from the
 * parsed record; when the mapping, the filter or the rules change, they are
 * computed again from the record's line as kept in the history: at once for
 * the records in flight, then the rest a bounded batch a frame, newest
 * first (boards_remap).  Records that arrived since are mapped as they come.
 *
 * Pure: no SDL, no GL, no clock; the frame loop calls it.
 */
#ifndef PACKTER_VIEWER_BOARDS_H
#define PACKTER_VIEWER_BOARDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boardmap.h"
#include "filter.h"
#include "history.h"
#include "protocol.h"

#define BOARDS_MAX		6	/* in the ring, the receiver included */
#define BOARDS_RULES		32
#define BOARDS_FEEDS		64
#define BOARDS_CAPTION_MAX	80

/* The state word of a record. */
#define BS_BOARD	0x07	/* sender board, 1..5 (0 reads as 1) */
#define BS_DIM		0x08	/* drawn faint */
#define BS_HIDE		0x10	/* not drawn, not picked */
#define BS_MATCH	0x20	/* a highlighted filter match: drawn larger */
#define BS_OUT		0x40	/* outside a board's ranges */
#define BS_FEED_SHIFT	8	/* the feed's index, 8 bits (0xff: too many) */

enum boards_filter_mode { BF_HIDE = 0, BF_HIGHLIGHT };

struct boards_layout {
	int		 n;
	float		 radius;
	/* Board b's point (u, v): org + (u - 1/2) 2H eu + (v - 1/2) 2H up. */
	float		 org[BOARDS_MAX][3];
	float		 eu[BOARDS_MAX][3];
};

struct boards;

struct boards	*boards_new(size_t history_cap);
void		 boards_free(struct boards *);

/* The layout of n boards (clamped to 2..BOARDS_MAX). */
void		 boards_layout_init(struct boards_layout *, int n);
void		 boards_layout_point(const struct boards_layout *, int board,
		    float u, float v, float out[3]);
const struct boards_layout *boards_layout(const struct boards *);
void		 boards_set_count(struct boards *, int n);

/* Settings; each change makes every record's state stale (remapped). */
void		 boards_set_map(struct boards *, const struct boardmap *);
const struct boardmap *boards_map(const struct boards *);
/* f is the boards' from now on (NULL: none). */
void		 boards_set_filter(struct boards *, struct filter *f,
		    enum boards_filter_mode);
const struct filter *boards_filter(const struct boards *);
enum boards_filter_mode boards_filter_mode(const struct boards *);

/* "ID=INDEX" or "CIDR=INDEX"; 0, or -1 with err. */
int		 boards_add_rule(struct boards *, const char *spec, char *err,
		    size_t errlen);
void		 boards_clear_rules(struct boards *);

/*
 * A record just pushed as seq: its board points and state (r NULL: a
 * ball without a record's fields, PACKTEARTH's, kept where it is).  id:
 * the agent id of its datagram (idlen 0: none); from_family 4 or 6 (0:
 * unknown) and from_addr: the datagram's source.
 */
void		 boards_note(struct boards *, struct history *, uint64_t seq,
		    const struct pt_record *, const char *id, size_t idlen,
		    int from_family, const uint8_t *from_addr);

/*
 * Bring stale records up to date: those of [first, end) (the records in
 * flight), then others, budget records in all.  The runs of sequence
 * numbers rewritten go to out[i] = { from, to } (two at most): they must be
 * uploaded again.  Returns how many runs.
 */
int		 boards_remap(struct boards *, struct history *, uint64_t first,
		    uint64_t end, size_t budget, uint64_t out[2][2]);
/* Records left to bring up to date. */
bool		 boards_stale(const struct boards *, const struct history *);

/* The state words by ring slot (history_cap of them). */
const uint32_t	*boards_states(const struct boards *);
uint32_t	 boards_state(const struct boards *, const struct history *,
		    uint64_t seq);
/* A sender board's bit in the mask of hidden boards (1 << board). */
uint32_t	 boards_hidden(const struct boards *);
void		 boards_toggle(struct boards *, int board);
/* Drawn and pickable: not hidden by state nor by its board. */
bool		 boards_visible(const struct boards *, const struct history *,
		    uint64_t seq);
/* Where record seq starts and lands. */
void		 boards_ends(const struct boards *, const struct history *,
		    uint64_t seq, float a[3], float z[3]);

/* The caption of a sender board: the feeds it shows ("noc-1", "+2"). */
void		 boards_caption(const struct boards *, int board, char *buf,
		    size_t len);

#endif /* PACKTER_VIEWER_BOARDS_H */
