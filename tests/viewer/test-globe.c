/*
 * test-globe.c - the globe's maths without a window (viewer/core/globe.c):
 * places on the sphere, great-circle flights (ends, arc, antipodes, the
 * sky for an unknown end), the places kept slot by slot and counted, and
 * picking with the Earth in the way.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../unit/test.h"
#include "globe.h"
#include "history.h"
#include "scene.h"

#define MS	1000000LL

static int
close3(const float a[3], const float b[3], float tol)
{
	return fabsf(a[0] - b[0]) <= tol && fabsf(a[1] - b[1]) <= tol &&
	    fabsf(a[2] - b[2]) <= tol;
}

static float
len3(const float a[3])
{
	return sqrtf(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
}

static struct pt_geo
geo(bool sk, float slat, float slon, bool dk, float dlat, float dlon)
{
	struct pt_geo g;

	memset(&g, 0, sizeof(g));
	g.state = PT_GEO_OK;
	g.src.known = sk;
	g.src.lat_e4 = (int32_t)lroundf(slat * 1e4f);
	g.src.lon_e4 = (int32_t)lroundf(slon * 1e4f);
	g.dst.known = dk;
	g.dst.lat_e4 = (int32_t)lroundf(dlat * 1e4f);
	g.dst.lon_e4 = (int32_t)lroundf(dlon * 1e4f);
	return g;
}

TEST(points)
{
	float p[3], yaw, pitch, dist;
	static const float east[3] = { 1, 0, 0 }, front[3] = { 0, 0, 1 },
	    north[3] = { 0, 1, 0 };

	globe_point(0, 0, 1, p);
	CHECK(close3(p, front, 1e-6f));
	globe_point(0, 90, 1, p);
	CHECK(close3(p, east, 1e-6f));
	globe_point(90, 45, 1, p);
	CHECK(close3(p, north, 1e-6f));
	globe_point(35.6895f, 139.6917f, 2, p);
	CHECK(fabsf(len3(p) - 2) < 1e-5f);
	/* The box's line. */
	{
		float e[4] = { 35.6895f, 139.6917f, -23.5505f, -46.6333f };
		float none[4] = { GLOBE_UNKNOWN, 0, GLOBE_UNKNOWN, 0 };
		char buf[96];

		CHECK(globe_places_line(e, buf, sizeof(buf)) > 0);
		CHECK_STR(buf, "from 35.69N 139.69E to 23.55S 46.63W");
		e[0] = GLOBE_UNKNOWN;
		CHECK(globe_places_line(e, buf, sizeof(buf)) > 0);
		CHECK_STR(buf, "from (no place) to 23.55S 46.63W");
		CHECK(globe_places_line(none, buf, sizeof(buf)) == 0);
		CHECK_STR(buf, "");
		CHECK_EQ_U(globe_places_line(e, buf, 8), 7);
		CHECK_STR(buf, "from (n");
	}
	/* The camera over a place: yaw the longitude, pitch the latitude. */
	globe_camera(45, 70, &yaw, &pitch, &dist);
	CHECK(fabsf(yaw - 70 * (float)M_PI / 180) < 1e-6f);
	CHECK(fabsf(pitch - 45 * (float)M_PI / 180) < 1e-6f);
	CHECK(dist == GLOBE_VIEW_DIST);
}

TEST(flights)
{
	float e[4] = { 35.6895f, 139.6917f, 48.8566f, 2.3522f };
	float a[3], b[3], p[3], q[3], n[3], mid[3];
	double t;

	globe_point(e[0], e[1], GLOBE_R, a);
	globe_point(e[2], e[3], GLOBE_R, b);
	CHECK(globe_flight_at(e, 0.0, p) && close3(p, a, 1e-5f));
	CHECK(globe_flight_at(e, 1.0, p) && close3(p, b, 1e-5f));
	/* Clamped outside [0, 1]. */
	CHECK(globe_flight_at(e, -1.0, p) && close3(p, a, 1e-5f));
	CHECK(globe_flight_at(e, 2.0, p) && close3(p, b, 1e-5f));
	/* On the great circle: in the plane of a, b and the centre. */
	n[0] = a[1] * b[2] - a[2] * b[1];
	n[1] = a[2] * b[0] - a[0] * b[2];
	n[2] = a[0] * b[1] - a[1] * b[0];
	for (t = 0.1; t < 1.0; t += 0.1) {
		CHECK(globe_flight_at(e, t, p));
		CHECK(fabsf(p[0] * n[0] + p[1] * n[1] + p[2] * n[2]) < 1e-4f);
		CHECK(len3(p) > GLOBE_R);
	}
	/* Highest half way, by the lift of its angle. */
	CHECK(globe_flight_at(e, 0.5, mid));
	CHECK(globe_flight_at(e, 0.4, q) && len3(q) < len3(mid));
	{
		float theta = acosf((a[0] * b[0] + a[1] * b[1] + a[2] * b[2]));

		CHECK(fabsf(len3(mid) - GLOBE_R * (1 + GLOBE_LIFT_MIN +
		    GLOBE_LIFT * theta / (float)M_PI)) < 1e-4f);
	}

	/* Antipodes: by the north. */
	{
		float anti[4] = { 0, 0, 0, 180 };

		CHECK(globe_flight_at(anti, 0.5, p));
		CHECK(p[1] > 1.0f && fabsf(p[0]) < 1e-4f && fabsf(p[2]) < 1e-4f);
		CHECK(globe_flight_at(anti, 1.0, p));
		globe_point(0, 180, GLOBE_R, q);
		CHECK(close3(p, q, 1e-5f));
	}
	/* One place: the same place, a hop up and down. */
	{
		float same[4] = { 10, 20, 10, 20 };

		CHECK(globe_flight_at(same, 0.5, p));
		globe_point(10, 20, GLOBE_R * (1 + GLOBE_LIFT_MIN), q);
		CHECK(close3(p, q, 1e-3f));
	}
	/* An unknown end: from (or to) the sky straight above the other. */
	{
		float from_sky[4] = { GLOBE_UNKNOWN, GLOBE_UNKNOWN, 48.8566f,
		    2.3522f };
		float to_sky[4] = { 48.8566f, 2.3522f, GLOBE_UNKNOWN,
		    GLOBE_UNKNOWN };
		float none[4] = { GLOBE_UNKNOWN, GLOBE_UNKNOWN, GLOBE_UNKNOWN,
		    GLOBE_UNKNOWN };

		CHECK(globe_flight_at(from_sky, 0.0, p));
		globe_point(48.8566f, 2.3522f, GLOBE_R * GLOBE_SKY, q);
		CHECK(close3(p, q, 1e-5f));
		CHECK(globe_flight_at(from_sky, 1.0, p) && close3(p, b, 1e-5f));
		CHECK(globe_flight_at(to_sky, 1.0, p) && close3(p, q, 1e-5f));
		CHECK(!globe_flight_at(none, 0.5, p));
	}
}

TEST(places_and_picking)
{
	struct history *h = history_new(4, 0, 0);
	struct globe_places *gp = globe_places_new(4);
	struct hist_in in;
	struct scene s;
	struct scene_picks picks;
	struct pt_geo g;
	float eye[3], c[3], d[3], far[3];
	uint64_t tokyo, hidden, seq;
	int i;

	memset(&in, 0, sizeof(in));
	in.line = "x";
	in.line_len = 1;
	/* Tokyo to Paris, New York to Sao Paulo, no word, a bad word. */
	tokyo = history_push(h, 100 * MS, &in);
	g = geo(true, 35.6895f, 139.6917f, true, 48.8566f, 2.3522f);
	globe_places_put(gp, tokyo, &g);
	hidden = history_push(h, 100 * MS, &in);
	g = geo(true, 40.7128f, -74.006f, true, -23.5505f, -46.6333f);
	globe_places_put(gp, hidden, &g);
	seq = history_push(h, 100 * MS, &in);
	globe_places_put(gp, seq, NULL);
	seq = history_push(h, 100 * MS, &in);
	g.state = PT_GEO_BAD;
	globe_places_put(gp, seq, &g);
	CHECK_EQ_U(gp->c[GLC_BOTH], 2);
	CHECK_EQ_U(gp->c[GLC_NO_WORD], 1);
	CHECK_EQ_U(gp->c[GLC_BAD_WORD], 1);
	CHECK_EQ_U(gp->c[GLC_NONE], 1);
	CHECK(globe_ends(gp, seq)[0] == GLOBE_UNKNOWN);
	CHECK(fabsf(globe_ends(gp, tokyo)[1] - 139.6917f) < 1e-4f);

	scene_init(&s, 1000 * MS);
	scene_update(&s, h, 600 * MS);
	CHECK_EQ_U(scene_in_flight(&s), 4);
	CHECK(globe_ball_pos(gp, h, tokyo, 600 * MS, s.flight, c));
	CHECK(!globe_ball_pos(gp, h, seq, 600 * MS, s.flight, c));
	CHECK(!globe_ball_pos(gp, h, tokyo, 1200 * MS, s.flight, c));

	/* From over 45 N 70 E: the Tokyo ball is seen, New York's hidden. */
	globe_point(45, 70, GLOBE_VIEW_DIST, eye);
	CHECK(globe_ball_pos(gp, h, tokyo, s.t, s.flight, c));
	for (i = 0; i < 3; i++)
		d[i] = c[i] - eye[i];
	globe_pick_all(&s, h, gp, eye, d, SCENE_BALL_RADIUS, 0.0f, &picks);
	CHECK_EQ_U(picks.n, 1);
	CHECK_EQ_U(picks.seq[0], tokyo);
	CHECK(globe_ball_pos(gp, h, hidden, s.t, s.flight, far));
	for (i = 0; i < 3; i++)
		d[i] = far[i] - eye[i];
	globe_pick_all(&s, h, gp, eye, d, SCENE_BALL_RADIUS, 0.0f, &picks);
	CHECK_EQ_U(picks.total, 0);
	/* The same ray from the other side of the Earth sees it. */
	for (i = 0; i < 3; i++)
		eye[i] = far[i] * 3.0f;
	for (i = 0; i < 3; i++)
		d[i] = far[i] - eye[i];
	globe_pick_all(&s, h, gp, eye, d, SCENE_BALL_RADIUS, 0.0f, &picks);
	CHECK_EQ_U(picks.n, 1);
	CHECK_EQ_U(picks.seq[0], hidden);

	/* A slot used again takes the new record's places. */
	seq = history_push(h, 200 * MS, &in);
	CHECK_EQ_U(seq % 4, tokyo % 4);
	globe_places_put(gp, seq, NULL);
	CHECK(globe_ends(gp, tokyo)[0] == GLOBE_UNKNOWN);
	globe_places_free(gp);
	history_free(h);
}

int
main(void)
{
	RUN(points);
	RUN(flights);
	RUN(places_and_picking);
	return test_report();
}
