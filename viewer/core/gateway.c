/*
 * gateway.c - the records that pass a gateway board (see gateway.h).
 */
#include "config.h"
#include "gateway.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "scene.h"

void
gateways_init(struct gateways *g, size_t cap, enum gateway_board board)
{
	memset(g, 0, sizeof(*g));
	g->cap = cap > 0 ? cap : 1;
	g->r = xcalloc(g->cap, sizeof(*g->r));
	g->board = board;
	g->last_stamp = INT64_MIN;
}

void
gateways_free(struct gateways *g)
{
	free(g->r);
	memset(g, 0, sizeof(*g));
}

int
gateway_board_parse(const char *s, enum gateway_board *b)
{
	if (strcmp(s, "auto") == 0)
		*b = GATEWAY_BOARD_AUTO;
	else if (strcmp(s, "on") == 0)
		*b = GATEWAY_BOARD_ON;
	else if (strcmp(s, "off") == 0)
		*b = GATEWAY_BOARD_OFF;
	else
		return -1;
	return 0;
}

unsigned
gateway_flag(const struct pt_gateway *gw)
{
	const struct pt_str *d = &gw->rec.desc;
	unsigned v = 0;
	size_t i;

	if (d->len == 0 || d->len > 3)
		return 0;
	for (i = 0; i < d->len; i++) {
		if (d->p[i] < '0' || d->p[i] > '9')
			return 0;
		v = v * 10 + (unsigned)(d->p[i] - '0');
	}
	return v <= 255 ? v : 0;
}

void
gateways_push(struct gateways *g, int64_t stamp, const struct pt_gateway *gw)
{
	struct gw_record *r;

	if (stamp < g->last_stamp)
		stamp = g->last_stamp;
	g->last_stamp = stamp;
	if (g->head - g->tail == g->cap) {
		g->tail++;
		g->dropped++;
	}
	r = &g->r[g->head % g->cap];
	r->su = (float)gw->rec.src.x;
	r->sv = (float)gw->rec.src.y;
	r->gu = (float)gw->gw.x;
	r->gv = (float)gw->gw.y;
	r->du = (float)gw->rec.dst.x;
	r->dv = (float)gw->rec.dst.y;
	r->flag = gateway_flag(gw);
	r->stamp = stamp;
	g->head++;
	g->received++;
}

/* The first kept record whose stamp is > t (head if none). */
static uint64_t
upper_bound(const struct gateways *g, int64_t t)
{
	uint64_t lo = g->tail, hi = g->head, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (gateway_record(g, mid)->stamp <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void
gateways_in_flight(const struct gateways *g, int64_t t, int64_t flight,
    uint64_t *first, uint64_t *end)
{
	/* In flight: stamp <= t < stamp + flight. */
	*end = upper_bound(g, t);
	*first = upper_bound(g, t - flight);
	if (*first > *end)
		*first = *end;
}

void
gateway_board_point(float u, float v, float out[3])
{
	out[0] = 0.0f;
	out[1] = (v - 0.5f) * 2.0f * SCENE_BOARD_HALF;
	out[2] = (0.5f - u) * 2.0f * SCENE_BOARD_HALF;
}

int
gateway_ball_pos(const struct gateways *g, uint64_t seq, int64_t t,
    int64_t flight, float out[3])
{
	const struct gw_record *r;
	float a[3], b[3], f;
	int64_t age;
	int i;

	if (seq < g->tail || seq >= g->head || flight <= 0)
		return 0;
	r = gateway_record(g, seq);
	age = t - r->stamp;
	if (age < 0 || age >= flight)
		return 0;
	/* First half: sender to gateway; second: gateway to receiver. */
	if (age * 2 < flight) {
		scene_board_point(SCENE_SENDER, r->su, r->sv, a);
		gateway_board_point(r->gu, r->gv, b);
		f = (float)((double)age * 2 / (double)flight);
	} else {
		gateway_board_point(r->gu, r->gv, a);
		scene_board_point(SCENE_RECEIVER, r->du, r->dv, b);
		f = (float)((double)(age * 2 - flight) / (double)flight);
	}
	for (i = 0; i < 3; i++)
		out[i] = a[i] + (b[i] - a[i]) * f;
	return 1;
}

bool
gateway_board_shown(const struct gateways *g)
{
	switch (g->board) {
	case GATEWAY_BOARD_ON:
		return true;
	case GATEWAY_BOARD_OFF:
		return false;
	default:
		return g->received > 0;
	}
}
