/*
 * scene.c - balls in flight at display time t, and picking them by ray.
 *
 * Pure: reads the history, writes nothing but the scene struct.
 */
#include "config.h"
#include "scene.h"

#include "boards.h"

#include <math.h>

void
scene_board_point(enum scene_board b, float u, float v, float out[3])
{
	out[0] = b == SCENE_SENDER ? -SCENE_BOARD_X : SCENE_BOARD_X;
	out[1] = (v - 0.5f) * 2.0f * SCENE_BOARD_HALF;
	out[2] = (0.5f - u) * 2.0f * SCENE_BOARD_HALF;
}

void
scene_init(struct scene *s, int64_t flight_ns)
{
	s->boards = NULL;
	s->t = 0;
	s->flight = flight_ns > 0 ? flight_ns : 1;
	s->first = s->end = 0;
	s->hover = s->pinned = s->chosen = SCENE_NONE;
}

void
scene_update(struct scene *s, const struct history *h, int64_t t)
{
	s->t = t;
	/* In flight: t - flight < stamp <= t. */
	s->first = history_upper_bound(h, t - s->flight);
	s->end = history_upper_bound(h, t);
	if (s->end < s->first)
		s->end = s->first;
	if (s->hover != SCENE_NONE && !history_has(h, s->hover))
		s->hover = SCENE_NONE;
	if (s->pinned != SCENE_NONE && !history_has(h, s->pinned))
		s->pinned = SCENE_NONE;
	if (s->chosen != SCENE_NONE && !history_has(h, s->chosen))
		s->chosen = SCENE_NONE;
}

/* Position of a ball at progress p in [0,1], on the boards or the pair. */
static void
ball_at(const struct boards *bd, const struct history *h, uint64_t seq,
    double p, float out[3])
{
	const struct hist_ball *b = history_ball(h, seq);
	float a[3], z[3];
	float f = (float)p;
	int i;

	if (bd != NULL)
		boards_ends(bd, h, seq, a, z);
	else {
		scene_board_point(SCENE_SENDER, b->sx, b->sy, a);
		scene_board_point(SCENE_RECEIVER, b->dx, b->dy, z);
	}
	for (i = 0; i < 3; i++)
		out[i] = a[i] + (z[i] - a[i]) * f;
}

int
scene_ball_pos(const struct history *h, uint64_t seq, int64_t t,
    int64_t flight, float out[3])
{
	int64_t s;

	if (!history_has(h, seq) || flight <= 0)
		return 0;
	s = history_stamp(h, seq);
	if (t < s || t - s >= flight)
		return 0;
	ball_at(NULL, h, seq, (double)(t - s) / (double)flight, out);
	return 1;
}

int
scene_ball_at(const struct scene *sc, const struct history *h, uint64_t seq,
    float out[3])
{
	int64_t s;

	if (!history_has(h, seq))
		return 0;
	s = history_stamp(h, seq);
	if (sc->t < s || sc->t - s >= sc->flight)
		return 0;
	ball_at(sc->boards, h, seq, (double)(sc->t - s) / (double)sc->flight,
	    out);
	return 1;
}

/*
 * Does the ray (orig, unit d) pass within reach of ball seq?  Its depth
 * along the ray, where the ray enters the reach, in *depth.
 */
static int
ray_hits(const struct scene *s, const struct history *h, uint64_t seq,
    const float orig[3], const float d[3], float radius, float tol,
    float *depth)
{
	float c[3], v[3], x[3], along, perp2, reach;
	int64_t st = history_stamp(h, seq);
	int i;

	/* A hidden ball (a hidden board, filtered out) is never picked. */
	if (s->boards != NULL && !boards_visible(s->boards, h, seq))
		return 0;
	ball_at(s->boards, h, seq, (double)(s->t - st) / (double)s->flight,
	    c);
	for (i = 0; i < 3; i++)
		v[i] = c[i] - orig[i];
	along = v[0] * d[0] + v[1] * d[1] + v[2] * d[2];
	if (along <= 0.0f)
		return 0;
	/* |v x d|^2, without the cancellation of |v|^2 - along^2. */
	x[0] = v[1] * d[2] - v[2] * d[1];
	x[1] = v[2] * d[0] - v[0] * d[2];
	x[2] = v[0] * d[1] - v[1] * d[0];
	perp2 = x[0] * x[0] + x[1] * x[1] + x[2] * x[2];
	reach = radius > tol * along ? radius : tol * along;
	if (perp2 > reach * reach)
		return 0;
	*depth = along - sqrtf(reach * reach - (perp2 > 0 ? perp2 : 0));
	return 1;
}

static int
unit(const float dir[3], float d[3])
{
	float n;
	int i;

	n = sqrtf(dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]);
	if (!(n > 0.0f))
		return 0;
	for (i = 0; i < 3; i++)
		d[i] = dir[i] / n;
	return 1;
}

uint64_t
scene_pick(const struct scene *s, const struct history *h,
    const float orig[3], const float dir[3], float radius, float tol)
{
	uint64_t seq, best = SCENE_NONE;
	float d[3], depth, best_depth = INFINITY;

	if (!unit(dir, d))
		return SCENE_NONE;
	for (seq = s->first; seq < s->end; seq++)
		if (ray_hits(s, h, seq, orig, d, radius, tol, &depth) &&
		    depth < best_depth) {
			best_depth = depth;
			best = seq;
		}
	return best;
}

/* --- every ball under the pointer, and Tab ------------------------------ */

void
scene_pick_all(const struct scene *s, const struct history *h,
    const float orig[3], const float dir[3], float radius, float tol,
    struct scene_picks *out)
{
	float d[3], depth, depths[SCENE_PICK_MAX];
	uint64_t seq;
	size_t i;

	out->n = out->total = 0;
	if (!unit(dir, d))
		return;
	for (seq = s->first; seq < s->end; seq++) {
		if (!ray_hits(s, h, seq, orig, d, radius, tol, &depth))
			continue;
		out->total++;
		/* Insert in depth order; the earlier of equals first. */
		i = out->n;
		if (i == SCENE_PICK_MAX) {
			if (!(depth < depths[i - 1]))
				continue;
			i--;
		} else
			out->n++;
		while (i > 0 && depth < depths[i - 1]) {
			depths[i] = depths[i - 1];
			out->seq[i] = out->seq[i - 1];
			i--;
		}
		depths[i] = depth;
		out->seq[i] = seq;
	}
}

static int
pick_index(const struct scene_picks *p, uint64_t seq)
{
	size_t i;

	if (seq == SCENE_NONE)
		return -1;
	for (i = 0; i < p->n; i++)
		if (p->seq[i] == seq)
			return (int)i;
	return -1;
}

void
scene_hover_among(struct scene *s, const struct scene_picks *p)
{
	if (s->chosen != SCENE_NONE && pick_index(p, s->chosen) >= 0) {
		s->hover = s->chosen;
		return;
	}
	s->chosen = SCENE_NONE;
	s->hover = p->n > 0 ? p->seq[0] : SCENE_NONE;
}

void
scene_hover_next(struct scene *s, const struct scene_picks *p, int step)
{
	int i, n = (int)p->n;

	if (n == 0) {
		s->hover = s->chosen = SCENE_NONE;
		return;
	}
	if ((i = pick_index(p, s->hover)) < 0)
		i = step > 0 ? -1 : 0;
	i = ((i + step) % n + n) % n;
	s->hover = s->chosen = p->seq[i];
}

int
scene_hover_index(const struct scene *s, const struct scene_picks *p)
{
	return pick_index(p, s->hover);
}
