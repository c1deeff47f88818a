/*
 * globe.c - the records' places and their flights on the globe (see
 * globe.h for the model), and picking them by ray.
 *
 * Pure: the places come in from the net edge as the records do, and every
 * position is a function of (places, history, t).
 */
#include "config.h"
#include "globe.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

#define DEG		((float)M_PI / 180.0f)

const char *const globe_counter_names[GLC_MAX] = {
	[GLC_BOTH] = "placed (both ends)",
	[GLC_ONE] = "placed (one end)",
	[GLC_NONE] = "not placed",
	[GLC_NO_WORD] = "no place word",
	[GLC_BAD_WORD] = "bad place words",
};

struct globe_places *
globe_places_new(size_t cap)
{
	struct globe_places *gp = xcalloc(1, sizeof(*gp));
	size_t i;

	gp->cap = cap > 0 ? cap : 1;
	gp->ends = xreallocarray(NULL, gp->cap, 4 * sizeof(float));
	for (i = 0; i < gp->cap * 4; i++)
		gp->ends[i] = GLOBE_UNKNOWN;
	return gp;
}

void
globe_places_free(struct globe_places *gp)
{
	if (gp == NULL)
		return;
	free(gp->ends);
	free(gp);
}

void
globe_places_put(struct globe_places *gp, uint64_t seq,
    const struct pt_geo *g)
{
	float *e = &gp->ends[(size_t)(seq % gp->cap) * 4];
	int known = 0;

	e[0] = e[1] = e[2] = e[3] = GLOBE_UNKNOWN;
	if (g == NULL || g->state == PT_GEO_NONE) {
		gp->c[GLC_NO_WORD]++;
		return;
	}
	if (g->state == PT_GEO_BAD) {
		gp->c[GLC_BAD_WORD]++;
		gp->c[GLC_NONE]++;
		return;
	}
	if (g->src.known) {
		e[0] = (float)g->src.lat_e4 / 1e4f;
		e[1] = (float)g->src.lon_e4 / 1e4f;
		known++;
	}
	if (g->dst.known) {
		e[2] = (float)g->dst.lat_e4 / 1e4f;
		e[3] = (float)g->dst.lon_e4 / 1e4f;
		known++;
	}
	gp->c[known == 2 ? GLC_BOTH : known == 1 ? GLC_ONE : GLC_NONE]++;
}

static int
place_text(char *buf, size_t cap, float lat, float lon)
{
	if (lat > GLOBE_UNKNOWN / 2)
		return snprintf(buf, cap, "(no place)");
	return snprintf(buf, cap, "%.2f%c %.2f%c", fabsf(lat), lat < 0 ? 'S' :
	    'N', fabsf(lon), lon < 0 ? 'W' : 'E');
}

size_t
globe_places_line(const float e[4], char *buf, size_t cap)
{
	char a[32], b[32];
	int n;

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	if (e[0] > GLOBE_UNKNOWN / 2 && e[2] > GLOBE_UNKNOWN / 2)
		return 0;
	place_text(a, sizeof(a), e[0], e[1]);
	place_text(b, sizeof(b), e[2], e[3]);
	n = snprintf(buf, cap, "from %s to %s", a, b);
	if (n < 0)
		return 0;
	return (size_t)n < cap ? (size_t)n : cap - 1;
}

void
globe_point(float lat_deg, float lon_deg, float r, float out[3])
{
	float lat = lat_deg * DEG, lon = lon_deg * DEG;

	out[0] = r * cosf(lat) * sinf(lon);
	out[1] = r * sinf(lat);
	out[2] = r * cosf(lat) * cosf(lon);
}

void
globe_camera(float lat_deg, float lon_deg, float *yaw, float *pitch,
    float *dist)
{
	*yaw = lon_deg * DEG;
	*pitch = lat_deg * DEG;
	*dist = GLOBE_VIEW_DIST;
}

static void
cross3(const float a[3], const float b[3], float out[3])
{
	out[0] = a[1] * b[2] - a[2] * b[1];
	out[1] = a[2] * b[0] - a[0] * b[2];
	out[2] = a[0] * b[1] - a[1] * b[0];
}

static float
norm3(const float v[3])
{
	return sqrtf(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
}

bool
globe_flight_at(const float e[4], double p, float out[3])
{
	static const float north[3] = { 0.0f, 1.0f, 0.0f };
	static const float east[3] = { 1.0f, 0.0f, 0.0f };
	bool sk = e[0] < GLOBE_UNKNOWN / 2;
	bool dk = e[2] < GLOBE_UNKNOWN / 2;
	float a[3], b[3], k[3], w[3], c, theta, n, h, f = (float)p;
	int i;

	if (f < 0.0f)
		f = 0.0f;
	if (f > 1.0f)
		f = 1.0f;
	if (!sk && !dk)
		return false;
	if (!sk || !dk) {
		/* From the sky down to the known end, or up to it. */
		if (sk)
			globe_point(e[0], e[1], GLOBE_R * (1.0f +
			    (GLOBE_SKY - 1.0f) * f), out);
		else
			globe_point(e[2], e[3], GLOBE_R * (GLOBE_SKY -
			    (GLOBE_SKY - 1.0f) * f), out);
		return true;
	}
	globe_point(e[0], e[1], 1.0f, a);
	globe_point(e[2], e[3], 1.0f, b);
	c = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
	c = c > 1.0f ? 1.0f : c < -1.0f ? -1.0f : c;
	theta = acosf(c);
	cross3(a, b, k);
	if ((n = norm3(k)) < 1e-6f) {
		/* The same place, or antipodes: by the north if it can. */
		cross3(a, north, k);
		if ((n = norm3(k)) < 1e-6f) {
			cross3(a, east, k);
			n = norm3(k);
		}
	}
	for (i = 0; i < 3; i++)
		k[i] /= n;
	cross3(k, a, w);
	h = GLOBE_R * (1.0f + (GLOBE_LIFT_MIN + GLOBE_LIFT * theta /
	    (float)M_PI) * sinf((float)M_PI * f));
	for (i = 0; i < 3; i++)
		out[i] = h * (a[i] * cosf(f * theta) + w[i] * sinf(f * theta));
	return true;
}

int
globe_ball_pos(const struct globe_places *gp, const struct history *h,
    uint64_t seq, int64_t t, int64_t flight, float out[3])
{
	int64_t s;

	if (!history_has(h, seq) || flight <= 0)
		return 0;
	s = history_stamp(h, seq);
	if (t < s || t - s >= flight)
		return 0;
	return globe_flight_at(globe_ends(gp, seq), (double)(t - s) /
	    (double)flight, out) ? 1 : 0;
}

/* Where the ray (orig, unit d) first meets the Earth, or INFINITY. */
static float
earth_hit(const float o[3], const float d[3])
{
	float b = o[0] * d[0] + o[1] * d[1] + o[2] * d[2];
	float c = o[0] * o[0] + o[1] * o[1] + o[2] * o[2] - GLOBE_R * GLOBE_R;
	float disc = b * b - c, t;

	if (disc < 0.0f)
		return INFINITY;
	t = -b - sqrtf(disc);
	return t > 0.0f ? t : INFINITY;
}

void
globe_pick_all(const struct scene *s, const struct history *h,
    const struct globe_places *gp, const float orig[3], const float dir[3],
    float radius, float tol, struct scene_picks *out)
{
	float d[3], c[3], v[3], x[3], depths[SCENE_PICK_MAX];
	float n, along, perp2, reach, depth, ground;
	uint64_t seq;
	size_t i;

	out->n = out->total = 0;
	if (!((n = norm3(dir)) > 0.0f))
		return;
	for (i = 0; i < 3; i++)
		d[i] = dir[i] / n;
	ground = earth_hit(orig, d);
	for (seq = s->first; seq < s->end; seq++) {
		if (!globe_flight_at(globe_ends(gp, seq), (double)(s->t -
		    history_stamp(h, seq)) / (double)s->flight, c))
			continue;
		for (i = 0; i < 3; i++)
			v[i] = c[i] - orig[i];
		along = v[0] * d[0] + v[1] * d[1] + v[2] * d[2];
		if (along <= 0.0f)
			continue;
		cross3(v, d, x);
		perp2 = x[0] * x[0] + x[1] * x[1] + x[2] * x[2];
		reach = radius > tol * along ? radius : tol * along;
		if (perp2 > reach * reach)
			continue;
		/* Behind the Earth: the ray meets the ground well before. */
		if (ground + reach < along)
			continue;
		depth = along - sqrtf(reach * reach - (perp2 > 0 ? perp2 : 0));
		out->total++;
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
