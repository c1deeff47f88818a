/*
 * scene.h - what is on screen at display time t: a pure function of the
 * history, t and the selection.
 *
 * No GL and no SDL here, so it is tested without a window and rewinding is
 * exact by construction: the same (history, t) always gives the same balls.
 *
 * The world: two square boards facing each other across x.  The sender board
 * is the plane x = -SCENE_BOARD_X, the receiver board x = +SCENE_BOARD_X; on
 * each, a board point (u, v) in [0,1]^2 (u: address, v: port, as PROTOCOL.md
 * scales them) sits at y = (v - 1/2) * 2H (port 0 at the bottom) and
 * z = (1/2 - u) * 2H (address 0.0.0.0 at the front edge, facing the default
 * camera), with H = SCENE_BOARD_HALF.  A record arriving at stamp s is a ball
 * that leaves its sender point at s and reaches its receiver point at
 * s + flight, on a straight line at constant speed; it is in flight while
 * s <= t < s + flight.  The shader (viewer/gl/shaders/ball.vert) computes the
 * same positions from the same constants.
 */
#ifndef PACKTER_VIEWER_SCENE_H
#define PACKTER_VIEWER_SCENE_H

#include <stdint.h>

#include "history.h"

#define SCENE_BOARD_HALF	1.0f
#define SCENE_BOARD_X		1.6f
#define SCENE_BALL_RADIUS	0.016f
#define SCENE_NONE		UINT64_MAX

enum scene_board { SCENE_SENDER = 0, SCENE_RECEIVER = 1 };

struct boards;

struct scene {
	/*
	 * The layout, the sender board and the visibility of each record
	 * (boards.h); NULL: the classic pair, every ball shown.
	 */
	const struct boards *boards;
	int64_t		 t;		/* display time, ns */
	int64_t		 flight;	/* flight time, ns */
	uint64_t	 first;		/* records in flight: [first, end) */
	uint64_t	 end;
	uint64_t	 hover;		/* under the pointer, or SCENE_NONE */
	uint64_t	 pinned;	/* clicked, or SCENE_NONE */
	uint64_t	 chosen;	/* hovered by Tab, or SCENE_NONE */
};

/* Every ball under the pointer, nearest first, for Tab to cycle through. */
#define SCENE_PICK_MAX	32
struct scene_picks {
	uint64_t	 seq[SCENE_PICK_MAX];
	size_t		 n;		/* kept: the SCENE_PICK_MAX nearest */
	size_t		 total;		/* under the pointer, kept or not */
};

/* A point (u, v) of a board in world coordinates. */
void		 scene_board_point(enum scene_board, float u, float v,
		    float out[3]);

void		 scene_init(struct scene *, int64_t flight_ns);

/*
 * Set the display time: find the records in flight; forget a hovered or
 * pinned record the history no longer holds.
 */
void		 scene_update(struct scene *, const struct history *, int64_t t);

static inline uint64_t
scene_in_flight(const struct scene *s)
{
	return s->end - s->first;
}

/* Where record seq is at time t; 0 when it is not in flight then. */
int		 scene_ball_pos(const struct history *, uint64_t seq, int64_t t,
		    int64_t flight, float out[3]);
/* The same on the scene's boards. */
int		 scene_ball_at(const struct scene *, const struct history *,
		    uint64_t seq, float out[3]);

/*
 * The ball in flight (and shown) nearest to the ray's origin among those the
 * ray passes
 * within reach of: reach is max(radius, tol * distance along the ray), so a
 * far ball drawn a few pixels wide can still be pointed at.  dir need not be
 * normalised.  SCENE_NONE if none.
 */
uint64_t	 scene_pick(const struct scene *, const struct history *,
		    const float orig[3], const float dir[3], float radius,
		    float tol);

/*
 * Every ball scene_pick() would consider, nearest first: the nearest
 * SCENE_PICK_MAX kept in out, all of them counted.  out->seq[0] is what
 * scene_pick() returns.
 */
void		 scene_pick_all(const struct scene *, const struct history *,
		    const float orig[3], const float dir[3], float radius,
		    float tol, struct scene_picks *out);

/*
 * The hovered ball among the balls under the pointer: the one Tab chose
 * while it is still there, else the nearest (SCENE_NONE if none).
 */
void		 scene_hover_among(struct scene *, const struct scene_picks *);
/* Tab (step 1) or Shift+Tab (-1): the next ball under the pointer. */
void		 scene_hover_next(struct scene *, const struct scene_picks *,
		    int step);
/* Where the hovered ball is among the picks (0 nearest); -1 if not. */
int		 scene_hover_index(const struct scene *,
		    const struct scene_picks *);

#endif /* PACKTER_VIEWER_SCENE_H */
