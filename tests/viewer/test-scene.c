/*
 * test-scene.c - the viewer's pure parts without a window: history, scene,
 * timeline, camera, the traceback request, the index of model flags, the
 * balls under the pointer and Tab, the trace state of a ball.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../unit/test.h"
#include "camera.h"
#include "flagindex.h"
#include "history.h"
#include "scene.h"
#include "timeline.h"
#include "trace.h"
#include "traceback.h"

#define MS	1000000LL
#define SEC	1000000000LL

static uint64_t
push(struct history *h, int64_t stamp, float sx, float sy, float dx, float dy,
    unsigned flag, const char *line)
{
	struct hist_in in;
	const char *c = line;
	int commas = 0;

	memset(&in, 0, sizeof(in));
	in.sx = sx;
	in.sy = sy;
	in.dx = dx;
	in.dy = dy;
	in.flag = flag;
	in.line = line;
	in.line_len = strlen(line);
	while (*c != '\0' && commas < 5)
		if (*c++ == ',')
			commas++;
	in.desc_off = (size_t)(c - line);
	return history_push(h, stamp, &in);
}

static int
near(float a, float b)
{
	return fabsf(a - b) < 1e-5f;
}

TEST(board_points)
{
	float p[3];

	scene_board_point(SCENE_SENDER, 0.0f, 0.0f, p);
	CHECK(near(p[0], -SCENE_BOARD_X));
	CHECK(near(p[1], -SCENE_BOARD_HALF));
	CHECK(near(p[2], SCENE_BOARD_HALF));
	scene_board_point(SCENE_RECEIVER, 1.0f, 1.0f, p);
	CHECK(near(p[0], SCENE_BOARD_X));
	CHECK(near(p[1], SCENE_BOARD_HALF));
	CHECK(near(p[2], -SCENE_BOARD_HALF));
	scene_board_point(SCENE_RECEIVER, 0.5f, 0.5f, p);
	CHECK(near(p[1], 0.0f) && near(p[2], 0.0f));
}

TEST(ball_positions)
{
	struct history *h = history_new(16, 0, 0);
	int64_t t0 = 100 * SEC, flight = 3 * SEC;
	float p[3], a[3], z[3];
	uint64_t seq;

	seq = push(h, t0, 0.25f, 0.75f, 0.5f, 0.125f, 1,
	    "10.0.0.1,10.0.0.2,1,2,1,TCP SYN");
	scene_board_point(SCENE_SENDER, 0.25f, 0.75f, a);
	scene_board_point(SCENE_RECEIVER, 0.5f, 0.125f, z);

	/* Not yet, at the sender board, a third, two thirds, gone. */
	CHECK(!scene_ball_pos(h, seq, t0 - 1, flight, p));
	CHECK(scene_ball_pos(h, seq, t0, flight, p));
	CHECK(near(p[0], a[0]) && near(p[1], a[1]) && near(p[2], a[2]));
	CHECK(scene_ball_pos(h, seq, t0 + SEC, flight, p));
	CHECK(near(p[0], a[0] + (z[0] - a[0]) / 3.0f));
	CHECK(near(p[1], a[1] + (z[1] - a[1]) / 3.0f));
	CHECK(near(p[2], a[2] + (z[2] - a[2]) / 3.0f));
	CHECK(scene_ball_pos(h, seq, t0 + 2 * SEC, flight, p));
	CHECK(near(p[0], a[0] + 2.0f * (z[0] - a[0]) / 3.0f));
	CHECK(scene_ball_pos(h, seq, t0 + flight - 1, flight, p));
	CHECK(fabsf(p[0] - z[0]) < 1e-4f);
	CHECK(!scene_ball_pos(h, seq, t0 + flight, flight, p));
	history_free(h);
}

TEST(in_flight_range)
{
	struct history *h = history_new(64, 0, 0);
	struct scene s;
	int i;

	scene_init(&s, 3 * SEC);
	for (i = 0; i < 10; i++)	/* one record a second from 10 s */
		push(h, (10 + i) * SEC, 0, 0, 1, 1, (unsigned)i, "a,b,1,2,0,x");
	scene_update(&s, h, 5 * SEC);
	CHECK_EQ_U(scene_in_flight(&s), 0);
	scene_update(&s, h, 10 * SEC);
	CHECK_EQ_U(s.first, 0);
	CHECK_EQ_U(s.end, 1);
	/* At 14.5 s: stamps 12, 13, 14 are in flight (11 landed at 14). */
	scene_update(&s, h, 14 * SEC + 500 * MS);
	CHECK_EQ_U(s.first, 2);
	CHECK_EQ_U(s.end, 5);
	scene_update(&s, h, 14 * SEC);
	CHECK_EQ_U(s.first, 2);
	CHECK_EQ_U(s.end, 5);
	scene_update(&s, h, 100 * SEC);
	CHECK_EQ_U(scene_in_flight(&s), 0);
	history_free(h);
}

/* Equal stamps (one datagram) and stamps going back (clock) stay ordered. */
TEST(monotonic_stamps)
{
	struct history *h = history_new(8, 0, 0);
	uint64_t a, b;

	a = push(h, 5 * SEC, 0, 0, 0, 0, 0, "x");
	b = push(h, 4 * SEC, 0, 0, 0, 0, 0, "y");
	CHECK(history_stamp(h, b) == history_stamp(h, a));
	CHECK_EQ_U(history_lower_bound(h, 5 * SEC), a);
	CHECK_EQ_U(history_upper_bound(h, 5 * SEC), b + 1);
	history_free(h);
}

/* Rewinding to a time gives exactly what that time showed before. */
TEST(exact_rewind)
{
	struct history *h = history_new(1024, 0, 0);
	struct timeline tl;
	struct scene s;
	float before[64][3], p[3];
	uint64_t first, end, seq;
	int64_t now, shown;
	int i, same = 1, n = 0;

	scene_init(&s, 3 * SEC);
	timeline_init(&tl);
	for (i = 0; i < 600; i++)
		push(h, 1000 * SEC + i * 10 * MS, (float)(i % 17) / 17.0f,
		    (float)(i % 5) / 5.0f, (float)(i % 11) / 11.0f,
		    (float)(i % 3) / 3.0f, (unsigned)i % 10, "a,b,1,2,0,x");

	now = 1003 * SEC;
	shown = timeline_time(&tl, now);
	CHECK(shown == now);
	scene_update(&s, h, shown);
	first = s.first;
	end = s.end;
	CHECK(end > first);
	for (seq = first; seq < end && n < 64; seq++, n++)
		CHECK(scene_ball_pos(h, seq, shown, s.flight, before[n]));

	/* Pause, play on twice as fast, step back, then jump back. */
	timeline_toggle_pause(&tl, now);
	CHECK(tl.mode == TL_PAUSED);
	CHECK(timeline_time(&tl, now + 7 * SEC) == shown);
	timeline_toggle_pause(&tl, now + 7 * SEC);
	timeline_speed(&tl, now + 7 * SEC, 2.0);
	CHECK(timeline_time(&tl, now + 8 * SEC) == shown + 2 * SEC);
	scene_update(&s, h, timeline_time(&tl, now + 8 * SEC));
	CHECK(s.first != first);
	timeline_step(&tl, now + 8 * SEC, -2 * SEC);
	CHECK(timeline_time(&tl, now + 8 * SEC) == shown);

	scene_update(&s, h, timeline_time(&tl, now + 8 * SEC));
	CHECK_EQ_U(s.first, first);
	CHECK_EQ_U(s.end, end);
	n = 0;
	for (seq = first; seq < end && n < 64; seq++, n++) {
		CHECK(scene_ball_pos(h, seq, s.t, s.flight, p));
		if (memcmp(p, before[n], sizeof(p)) != 0)
			same = 0;
	}
	CHECK(same);

	/* Back to live shows now again. */
	timeline_live(&tl, now + 9 * SEC);
	CHECK(timeline_time(&tl, now + 9 * SEC) == now + 9 * SEC);
	history_free(h);
}

TEST(timeline_modes)
{
	struct timeline tl;
	int64_t now = 1000 * SEC;

	timeline_init(&tl);
	/* Stepping forward past now is live; the display never leads now. */
	timeline_step(&tl, now, -10 * SEC);
	CHECK(tl.mode == TL_PLAY);
	CHECK(timeline_time(&tl, now) == now - 10 * SEC);
	timeline_step(&tl, now, 20 * SEC);
	CHECK(tl.mode == TL_LIVE);
	/* Jumps of 5 minutes. */
	timeline_step(&tl, now, -TL_JUMP_NS);
	CHECK(timeline_time(&tl, now + SEC) == now - TL_JUMP_NS + SEC);
	/* A playback at speed 2 catches up and turns live. */
	timeline_speed(&tl, now + SEC, 2.0);
	timeline_tick(&tl, now + 400 * SEC);
	CHECK(tl.mode == TL_LIVE);
	/* Slower than live falls behind. */
	timeline_live(&tl, now);
	timeline_speed(&tl, now, 0.5);
	CHECK(tl.mode == TL_PLAY);
	CHECK(timeline_time(&tl, now + 10 * SEC) < now + 10 * SEC - 4 * SEC);
	/* Paused, stepping keeps it paused. */
	timeline_pause_at(&tl, now, now - SEC);
	timeline_step(&tl, now + 5 * SEC, 100 * MS);
	CHECK(tl.mode == TL_PAUSED);
	CHECK(timeline_time(&tl, now + 9 * SEC) == now - SEC + 100 * MS);
}

TEST(history_bound)
{
	struct history *h = history_new(100, 0, 0);
	char line[64];
	const char *p;
	size_t len;
	uint64_t seq;
	int i;

	for (i = 0; i < 250; i++) {
		snprintf(line, sizeof(line), "1.1.1.1,2.2.2.2,1,2,3,rec %d", i);
		seq = push(h, i * MS, 0, 0, 0, 0, 3, line);
		CHECK_EQ_U(seq, (uint64_t)i);
	}
	CHECK_EQ_U(history_count(h), 100);
	CHECK_EQ_U(h->tail, 150);
	CHECK_EQ_U(h->dropped, 150);
	CHECK(!history_has(h, 149));
	CHECK(history_desc(h, 149, &len) == NULL);
	p = history_desc(h, 150, &len);
	CHECK(p != NULL);
	if (p != NULL)
		CHECK_MEM(p, len, "rec 150");
	p = history_line(h, 249, &len);
	if (p != NULL)
		CHECK_MEM(p, len, "1.1.1.1,2.2.2.2,1,2,3,rec 249");
	/* The first record of a time range that fell off is the tail. */
	CHECK_EQ_U(history_lower_bound(h, 0), 150);
	history_free(h);
}

/* Long lines fill the text arena first: oldest records go, counted. */
TEST(history_arena)
{
	struct history *h = history_new(1000, 65536, 0);
	char line[1500];
	const char *p;
	size_t len;
	int i, ok = 1;

	memset(line, 'x', sizeof(line));
	memcpy(line, "a,b,1,2,3,", 10);
	line[sizeof(line) - 1] = '\0';
	for (i = 0; i < 200; i++) {
		line[10] = (char)('A' + i % 26);
		push(h, i * MS, 0, 0, 0, 0, 3, line);
	}
	CHECK(history_count(h) < 50);
	CHECK(history_count(h) > 30);
	CHECK_EQ_U(h->dropped, 0);
	CHECK_EQ_U(h->dropped_text, 200 - history_count(h));
	/* Every kept record still reads its own text. */
	for (uint64_t s = h->tail; s < h->head; s++) {
		p = history_desc(h, s, &len);
		if (p == NULL || p[0] != (char)('A' + s % 26) ||
		    len != sizeof(line) - 1 - 10)
			ok = 0;
	}
	CHECK(ok);
	/* Lines are cut to HISTORY_MAX_LINE. */
	{
		char big[HISTORY_MAX_LINE + 100];

		memset(big, 'y', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		push(h, 300 * MS, 0, 0, 0, 0, 3, big);
		CHECK_EQ_U(h->cut, 1);
		p = history_line(h, h->head - 1, &len);
		CHECK_EQ_U(len, HISTORY_MAX_LINE);
	}
	history_free(h);
}

/* Camera: the projection and the picking ray agree. */
TEST(camera_roundtrip)
{
	struct camera c;
	float p[3] = { 0.3f, -0.2f, 0.5f }, sx, sy, o[3], d[3], v[3], along,
	    perp2;
	int i;

	camera_init(&c, 1280, 720);
	/* The front view looks along -z at the origin: centre of the screen. */
	camera_view(&c, CAMERA_FRONT);
	CHECK(camera_project(&c, (float[3]){ 0, 0, 0 }, &sx, &sy));
	CHECK(fabsf(sx - 640.0f) < 1e-3f && fabsf(sy - 360.0f) < 1e-3f);
	/* Up is up, right is right. */
	CHECK(camera_project(&c, (float[3]){ 1, 1, 0 }, &sx, &sy));
	CHECK(sx > 640.0f && sy < 360.0f);

	camera_view(&c, CAMERA_HOME);
	CHECK(camera_project(&c, p, &sx, &sy));
	camera_ray(&c, sx, sy, o, d);
	for (i = 0; i < 3; i++)
		v[i] = p[i] - o[i];
	along = v[0] * d[0] + v[1] * d[1] + v[2] * d[2];
	/* |v x d|^2: the squared distance of p from the ray. */
	perp2 = (v[1] * d[2] - v[2] * d[1]) * (v[1] * d[2] - v[2] * d[1]) +
	    (v[2] * d[0] - v[0] * d[2]) * (v[2] * d[0] - v[0] * d[2]) +
	    (v[0] * d[1] - v[1] * d[0]) * (v[0] * d[1] - v[1] * d[0]);
	CHECK(along > 0.0f);
	CHECK(perp2 < 1e-8f);
}

TEST(picking)
{
	struct history *h = history_new(64, 0, 0);
	struct camera c;
	struct scene s;
	float p[3], q[3], sx, sy, o[3], d[3], tol;
	uint64_t a, b, far, got;
	int64_t t0 = 50 * SEC;

	camera_init(&c, 800, 600);
	camera_view(&c, CAMERA_FRONT);
	scene_init(&s, 2 * SEC);
	/*
	 * At mid-flight a and far are both on the view axis (x = y = 0), a at
	 * z = 0.4, far behind it at z = -0.4.
	 */
	a = push(h, t0, 0.3f, 0.5f, 0.3f, 0.5f, 1, "a,b,1,2,1,ball a");
	far = push(h, t0, 0.7f, 0.5f, 0.7f, 0.5f, 2, "a,b,1,2,2,ball far");
	b = push(h, t0, 0.9f, 0.1f, 0.9f, 0.3f, 3, "a,b,1,2,3,ball b");
	scene_update(&s, h, t0 + SEC);
	CHECK_EQ_U(scene_in_flight(&s), 3);
	tol = camera_pixel_size(&c, 1.0f) * 3.0f;

	CHECK(scene_ball_pos(h, b, s.t, s.flight, p));
	CHECK(camera_project(&c, p, &sx, &sy));
	camera_ray(&c, sx + 1.0f, sy - 1.0f, o, d);
	got = scene_pick(&s, h, o, d, SCENE_BALL_RADIUS, tol);
	CHECK_EQ_U(got, b);

	/* The nearer of two balls on one ray wins. */
	CHECK(scene_ball_pos(h, a, s.t, s.flight, p));
	CHECK(scene_ball_pos(h, far, s.t, s.flight, q));
	CHECK(near(p[0], 0.0f) && near(p[1], 0.0f) && near(p[2], 0.4f));
	CHECK(near(q[0], 0.0f) && near(q[1], 0.0f) && near(q[2], -0.4f));
	camera_ray(&c, 400.0f, 300.0f, o, d);
	CHECK_EQ_U(scene_pick(&s, h, o, d, SCENE_BALL_RADIUS, tol), a);
	/* Once a has gone, far is what the ray finds. */
	scene_update(&s, h, t0 + SEC);
	s.first = far;
	CHECK_EQ_U(scene_pick(&s, h, o, d, SCENE_BALL_RADIUS, tol), far);
	scene_update(&s, h, t0 + SEC);

	/* Nothing at a corner of the screen, nothing once they landed. */
	camera_ray(&c, 2.0f, 2.0f, o, d);
	CHECK_EQ_U(scene_pick(&s, h, o, d, SCENE_BALL_RADIUS, tol), SCENE_NONE);
	CHECK(camera_project(&c, p, &sx, &sy));
	camera_ray(&c, sx, sy, o, d);
	scene_update(&s, h, t0 + 2 * SEC);
	CHECK_EQ_U(scene_pick(&s, h, o, d, SCENE_BALL_RADIUS, tol), SCENE_NONE);
	history_free(h);
}

/* A pinned ball the history dropped is forgotten. */
TEST(selection_dropped)
{
	struct history *h = history_new(4, 0, 0);
	struct scene s;
	int i;

	scene_init(&s, SEC);
	s.pinned = push(h, 0, 0, 0, 0, 0, 0, "a,b,1,2,0,pinned");
	scene_update(&s, h, 0);
	CHECK_EQ_U(s.pinned, 0);
	for (i = 0; i < 4; i++)
		push(h, 1, 0, 0, 0, 0, 0, "a,b,1,2,0,later");
	scene_update(&s, h, 1);
	CHECK_EQ_U(s.pinned, SCENE_NONE);
	history_free(h);
}

/* Build the request of T from a record line, as the viewer stores it. */
static int
tb(const char *line, char *out, char *addr)
{
	char why[256], md5[TB_MD5_LEN + 1];
	const char *c = line;
	size_t n = 0;
	int commas = 0, kind;

	while (*c != '\0' && commas < 5)
		if (*c++ == ',')
			commas++;
	if ((kind = traceback_request(line, strlen(line), (size_t)(c - line),
	    out, 512, &n, addr, md5, why, sizeof(why))) == -1)
		return -1;
	out[n] = '\0';
	if (strncmp(out + n - TB_MD5_LEN, md5, TB_MD5_LEN) != 0)
		return -2;
	return kind;
}

TEST(traceback_request)
{
	char out[512], addr[TB_ADDR_MAX];

	CHECK(tb("10.0.0.1,10.0.0.2,1234,80,1,"
	    "0123456789abcdef0123456789abcdef-192.0.2.7", out, addr) == 0);
	CHECK_STR(out, "10.0.0.1,10.0.0.2,1234,80,1,"
	    "0123456789abcdef0123456789abcdef");
	CHECK_STR(addr, "192.0.2.7");
	/* IPv6 records and bridges; blanks around the description. */
	CHECK(tb("2001:db8::1,2001:db8::2,0,0,9, "
	    "ffffffffffffffffffffffffffffffff-2001:db8::53 ", out, addr) == 0);
	CHECK_STR(out, "2001:db8::1,2001:db8::2,0,0,9,"
	    "ffffffffffffffffffffffffffffffff");
	CHECK_STR(addr, "2001:db8::53");
	/* Not a hash: the agent ran without -T. */
	CHECK(tb("10.0.0.1,10.0.0.2,1,2,0,TCP src:10.0.0.1(1) dst:10.0.0.2(2)",
	    out, addr) == -1);
	CHECK(tb("10.0.0.1,10.0.0.2,1,2,0,"
	    "0123456789ABCDEF0123456789abcdef-192.0.2.7", out, addr) == -1);
	CHECK(tb("10.0.0.1,10.0.0.2,1,2,0,"
	    "0123456789abcdef0123456789abcde-192.0.2.7", out, addr) == -1);
	/* A host name is the edge's to resolve (packter-agent -T NAME). */
	CHECK(tb("10.0.0.1,10.0.0.2,1,2,0,"
	    "0123456789abcdef0123456789abcdef-bridge.example", out,
	    addr) == TB_NAME);
	CHECK_STR(addr, "bridge.example");
	CHECK(tb("10.0.0.1,10.0.0.2,1,2,0,"
	    "0123456789abcdef0123456789abcdef-localhost.", out,
	    addr) == TB_NAME);
	CHECK(tb("10.0.0.1,10.0.0.2,1,2,0,"
	    "0123456789abcdef0123456789abcdef-", out, addr) == -1);
	/* Legacy numeric forms: neither an address nor a name. */
	CHECK(tb("10.0.0.1,10.0.0.2,1,2,0,"
	    "0123456789abcdef0123456789abcdef-10.1", out, addr) == -1);
	CHECK(tb("10.0.0.1,10.0.0.2,1,2,0,"
	    "0123456789abcdef0123456789abcdef-0x7f000001", out, addr) == -1);
	CHECK(tb("10.0.0.1,10.0.0.2,1,2,0,"
	    "0123456789abcdef0123456789abcdef-2130706433", out, addr) == -1);
	/* Not a name either. */
	CHECK(tb("10.0.0.1,10.0.0.2,1,2,0,"
	    "0123456789abcdef0123456789abcdef-bad name", out, addr) == -1);
	CHECK(tb("10.0.0.1,10.0.0.2,1,2,0,"
	    "0123456789abcdef0123456789abcdef-a..b", out, addr) == -1);
	CHECK(tb("10.0.0.1,10.0.0.2,1,2,0,"
	    "0123456789abcdef0123456789abcdef--host", out, addr) == -1);
}

/* Three balls on one ray, a fourth elsewhere: Tab goes through the three. */
TEST(tab_cycling)
{
	struct history *h = history_new(64, 0, 0);
	struct scene s;
	struct scene_picks p;
	float o[3] = { 0.0f, 0.0f, 5.0f }, d[3] = { 0.0f, 0.0f, -1.0f };
	uint64_t near1, mid, far1, other, ids[3];
	int64_t t0 = 10 * SEC;
	size_t i;

	scene_init(&s, 2 * SEC);
	/* At mid-flight on the view axis, at z = 0.6, 0 and -0.6. */
	mid = push(h, t0, 0.5f, 0.5f, 0.5f, 0.5f, 1, "a,b,1,2,1,mid");
	far1 = push(h, t0, 0.8f, 0.5f, 0.8f, 0.5f, 2, "a,b,1,2,2,far");
	other = push(h, t0, 0.9f, 0.1f, 0.9f, 0.3f, 3, "a,b,1,2,3,other");
	near1 = push(h, t0, 0.2f, 0.5f, 0.2f, 0.5f, 0, "a,b,1,2,0,near");
	scene_update(&s, h, t0 + SEC);

	scene_pick_all(&s, h, o, d, SCENE_BALL_RADIUS, 0.0f, &p);
	CHECK_EQ_U(p.total, 3);
	CHECK_EQ_U(p.n, 3);
	CHECK_EQ_U(p.seq[0], near1);
	CHECK_EQ_U(p.seq[1], mid);
	CHECK_EQ_U(p.seq[2], far1);
	CHECK_EQ_U(scene_pick(&s, h, o, d, SCENE_BALL_RADIUS, 0.0f), near1);
	for (i = 0; i < p.n; i++)
		CHECK(p.seq[i] != other);

	/* The nearest first; Tab to the next, wrapping; Shift+Tab back. */
	scene_hover_among(&s, &p);
	CHECK_EQ_U(s.hover, near1);
	CHECK(scene_hover_index(&s, &p) == 0);
	scene_hover_next(&s, &p, 1);
	CHECK_EQ_U(s.hover, mid);
	CHECK(scene_hover_index(&s, &p) == 1);
	/* The next frame keeps Tab's choice while it is under the pointer. */
	scene_update(&s, h, t0 + SEC);
	scene_pick_all(&s, h, o, d, SCENE_BALL_RADIUS, 0.0f, &p);
	scene_hover_among(&s, &p);
	CHECK_EQ_U(s.hover, mid);
	scene_hover_next(&s, &p, 1);
	CHECK_EQ_U(s.hover, far1);
	scene_hover_next(&s, &p, 1);
	CHECK_EQ_U(s.hover, near1);
	scene_hover_next(&s, &p, -1);
	CHECK_EQ_U(s.hover, far1);
	scene_hover_next(&s, &p, -1);
	CHECK_EQ_U(s.hover, mid);

	/* Tab's ball no longer under the pointer: the nearest again. */
	ids[0] = near1;
	ids[1] = far1;
	p.seq[0] = ids[0];
	p.seq[1] = ids[1];
	p.n = p.total = 2;
	scene_hover_among(&s, &p);
	CHECK_EQ_U(s.hover, near1);
	CHECK_EQ_U(s.chosen, SCENE_NONE);

	/* Nothing under the pointer: nothing hovered, Tab does nothing. */
	p.n = p.total = 0;
	scene_hover_among(&s, &p);
	CHECK_EQ_U(s.hover, SCENE_NONE);
	scene_hover_next(&s, &p, 1);
	CHECK_EQ_U(s.hover, SCENE_NONE);

	/* More balls than are kept: the nearest SCENE_PICK_MAX, all counted. */
	for (i = 0; i < SCENE_PICK_MAX + 8; i++)
		push(h, t0 + SEC, 0.1f + 0.8f * (float)i /
		    (SCENE_PICK_MAX + 8), 0.5f, 0.1f + 0.8f * (float)i /
		    (SCENE_PICK_MAX + 8), 0.5f, 1, "a,b,1,2,1,many");
	scene_update(&s, h, t0 + 2 * SEC);
	scene_pick_all(&s, h, o, d, SCENE_BALL_RADIUS, 0.02f, &p);
	CHECK_EQ_U(p.total, SCENE_PICK_MAX + 8);
	CHECK_EQ_U(p.n, SCENE_PICK_MAX);
	for (i = 1; i < p.n; i++)
		CHECK(p.seq[i] > p.seq[i - 1]);	/* nearer = lower u here */
	history_free(h);
}

/* A bridge's PACKTERMSG, picture and text. */
static struct trace_entry *
tmsg(struct trace_table *t, const char *pic, const char *text, int64_t now,
    bool *changed)
{
	return trace_message(t, pic, strlen(pic), text, strlen(text), now,
	    changed);
}

/*
 * A ball keeps its trace: T adds a request for its record; the bridge's
 * messages (its default texts) take it from requested to found, and name
 * no other ball.
 */
TEST(ball_trace_state)
{
	static const char md5[] = "0123456789abcdef0123456789abcdef";
	static const char line[] = "10.0.0.1,192.0.2.9,50000,80,1,"
	    "0123456789abcdef0123456789abcdef-127.0.0.1";
	struct history *h = history_new(64, 0, 0);
	struct trace_table *t = trace_new();
	struct trace_entry *e, *e2;
	const struct trace_entry *c;
	char name[128];
	uint64_t ball, other;
	bool changed;

	other = push(h, SEC, 0.1f, 0.1f, 0.2f, 0.2f, 3, "a,b,1,2,3,x");
	ball = push(h, SEC, 0.3f, 0.3f, 0.4f, 0.4f, 1, line);
	CHECK(trace_of_record(t, ball) == NULL);
	e = trace_add(t, ball, line, strlen(line), md5, "127.0.0.1", false,
	    1700000000123456LL, 1700000100000000LL);
	CHECK(trace_of_record(t, ball) == e);
	CHECK(trace_of_record(t, other) == NULL);
	CHECK_EQ_U(e->id, 1);
	CHECK(e->state == TRACE_REQUESTED);
	CHECK_STR(trace_packet_name(e, name, sizeof(name)),
	    "10.0.0.1:50000 -> 192.0.2.9:80");

	/* Started: the digest ties the bridge's request number to it. */
	CHECK(tmsg(t, "tc-started.png", "<h2>Traceback started"
	    "</h2><p>10.0.0.1 to 192.0.2.9<br>packet " "0123456789abcdef"
	    "0123456789abcdef<br>request 1343208049.320831</p>",
	    1700000100001000LL, &changed) == e);
	CHECK(changed);
	CHECK(e->state == TRACE_REQUESTED);
	CHECK_STR(e->request, "1343208049.320831");
	/* Accepted and found: by that number alone. */
	CHECK(tmsg(t, "tc-accepted.png", "<h2>Trace accepted</h2>"
	    "<p>The Decision Point accepted request 1343208049.320831.</p>",
	    1700000100002000LL, &changed) == e);
	CHECK(changed && e->state == TRACE_ACCEPTED);
	CHECK(tmsg(t, "tc-found.png", "<h2>Trace found</h2><p>AS "
	    "path:<br>AS64500 (depth 1, found, Source)<br>AS64501 (depth 2, "
	    "reached, Transit)</p><p>request 1343208049.320831</p>",
	    1700000100003000LL, &changed) == e);
	CHECK(changed && e->state == TRACE_FOUND);
	CHECK_STR(e->path, "AS64500 AS64501");
	CHECK_STR(e->detail, "AS64500 (depth 1, found, Source); AS64501 "
	    "(depth 2, reached, Transit)");
	CHECK(e->changed_us == 1700000100003000LL);
	/* A verdict stays: a late "accepted" changes nothing. */
	CHECK(tmsg(t, "tc-accepted.png", "<p>request "
	    "1343208049.320831</p>", 1700000100004000LL, &changed) == e);
	CHECK(!changed && e->state == TRACE_FOUND);
	/* Another request's messages name nothing of ours. */
	CHECK(tmsg(t, "tc-found.png", "<h2>Trace found</h2><p>"
	    "request 1.000002</p>", 0, &changed) == NULL);
	CHECK_EQ_U(t->unmatched, 1);
	CHECK(trace_of_record(t, other) == NULL);

	/* The same packet traced twice: the first "started" is the first's. */
	e = trace_add(t, other, line, strlen(line), md5, "127.0.0.1", false,
	    0, 2);
	e2 = trace_add(t, ball, line, strlen(line), md5, "127.0.0.1", false,
	    0, 3);
	CHECK(trace_of_record(t, ball) == e2);
	CHECK(tmsg(t, "tc-started.png", "packet 0123456789abcdef"
	    "0123456789abcdef request 5.000001", 4, &changed) == e);
	CHECK(tmsg(t, "tc-started.png", "packet 0123456789abcdef"
	    "0123456789abcdef request 5.000002", 5, &changed) == e2);
	CHECK(tmsg(t, "tc-error.png", "<h2>Trace error</h2><p>"
	    "no answer within 3 s</p><p>request 5.000002</p>", 6,
	    &changed) == e2);
	CHECK(e2->state == TRACE_ERROR && e->state == TRACE_REQUESTED);
	CHECK_STR(e2->detail, "no answer within 3 s");
	c = trace_of_record(t, ball);
	CHECK(c == e2 && c->state == TRACE_ERROR);
	/* A bridge's own texts (-c FILE): the words and the digest. */
	CHECK(tmsg(t, "", "<b>NOT FOUND 0123456789abcdef"
	    "0123456789abcdef</b>", 7, &changed) == e);
	CHECK(e->state == TRACE_NOTFOUND);

	/* The history drops the ball: its trace stays in the log. */
	CHECK_EQ_U(trace_count(t), 3);
	trace_free(t);
	history_free(h);
}

/* The records of flag in flight, the slow way: every one the scene holds. */
static size_t
in_flight_slow(const struct history *h, const struct scene *sc, uint32_t flag,
    struct hist_ball *out, size_t max)
{
	uint64_t seq;
	size_t n = 0;

	for (seq = sc->first; seq < sc->end && n < max; seq++)
		if (history_ball(h, seq)->flag == flag)
			out[n++] = *history_ball(h, seq);
	return n;
}

static int
same_balls(const struct hist_ball *a, const struct hist_ball *b, size_t n)
{
	return n == 0 || memcmp(a, b, n * sizeof(*a)) == 0;
}

TEST(flag_index)
{
	struct history *h = history_new(64, 0, 0);
	struct flag_index fi;
	struct scene sc;
	struct hist_ball got[128], want[128];
	int64_t t0 = 10 * SEC;
	uint64_t over = 0;
	size_t n, w;
	int i;

	flag_index_init(&fi, 0);
	CHECK(flag_index_add(&fi, 12));
	CHECK(flag_index_add(&fi, 20));
	CHECK(flag_index_add(&fi, 12));		/* once is enough */
	CHECK_EQ_U(fi.nflags, 2);
	CHECK(flag_index_has(&fi, 20) && !flag_index_has(&fi, 2));
	for (i = 0; i < 40; i++)
		push(h, t0 + i * 100 * MS, (float)i / 64, 0, 0, 0,
		    i % 4 == 0 ? 12 : i % 7 == 0 ? 20 : (unsigned)i % 10,
		    "1.1.1.1,2.2.2.2,1,2,0,x");
	flag_index_note(&fi, h);
	CHECK_EQ_U(fi.head - fi.tail, 10 + 4);	/* 0,4..36; 7,14,21,35 */

	/* In flight at 2.05 s with a second's flight: records 11 .. 20. */
	scene_init(&sc, 1 * SEC);
	scene_update(&sc, h, t0 + 2050 * MS);
	n = flag_index_in_flight(&fi, h, &sc, 12, got, 128, &over);
	w = in_flight_slow(h, &sc, 12, want, 128);
	CHECK_EQ_U(n, w);
	CHECK_EQ_U(n, 3);			/* 12, 16, 20 */
	CHECK(same_balls(got, want, n));
	CHECK_EQ_U(over, 0);
	n = flag_index_in_flight(&fi, h, &sc, 20, got, 128, &over);
	CHECK_EQ_U(n, in_flight_slow(h, &sc, 20, want, 128));
	CHECK_EQ_U(n, 1);			/* 14; 21 leaves at 2.1 s */
	CHECK(same_balls(got, want, n));
	/* Not indexed: none, whatever is in flight. */
	CHECK_EQ_U(flag_index_in_flight(&fi, h, &sc, 3, got, 128, &over), 0);

	/* Over the cap: the first ones, the rest counted. */
	w = in_flight_slow(h, &sc, 12, want, 128);
	n = flag_index_in_flight(&fi, h, &sc, 12, got, 2, &over);
	CHECK_EQ_U(n, 2);
	CHECK_EQ_U(over, 1);
	CHECK(same_balls(got, want, 2));

	/* Rewound before any record: nothing; the index is not consumed. */
	scene_update(&sc, h, t0 - SEC);
	CHECK_EQ_U(flag_index_in_flight(&fi, h, &sc, 12, got, 128, &over), 0);
	scene_update(&sc, h, t0 + 2050 * MS);
	CHECK_EQ_U(flag_index_in_flight(&fi, h, &sc, 12, got, 128, &over), 3);

	/* The history forgets the oldest: so does the index. */
	for (i = 40; i < 140; i++)
		push(h, t0 + i * 100 * MS, 0, 0, 0, 0, i % 2 ? 12 : 1,
		    "1.1.1.1,2.2.2.2,1,2,0,x");
	flag_index_note(&fi, h);
	scene_init(&sc, 100 * SEC);		/* all kept in flight */
	scene_update(&sc, h, t0 + 14 * SEC);
	n = flag_index_in_flight(&fi, h, &sc, 12, got, 128, &over);
	w = in_flight_slow(h, &sc, 12, want, 128);
	CHECK_EQ_U(n, w);
	CHECK_EQ_U(n, 32);			/* odd ones of 76 .. 139 */
	CHECK(same_balls(got, want, n));
	CHECK(fi.tail < fi.head && fi.idx[fi.tail % fi.cap] >= h->tail);
	flag_index_free(&fi);
	history_free(h);

	/* A full index forgets its oldest entries, keeps the newest. */
	h = history_new(4096, 0, 0);
	flag_index_init(&fi, 1024);
	CHECK(flag_index_add(&fi, 11));
	for (i = 0; i < 1100; i++)
		push(h, t0 + i * MS, 0, 0, 0, 0, 11, "1.1.1.1,2.2.2.2,1,2,0,x");
	flag_index_note(&fi, h);
	flag_index_note(&fi, h);		/* noting twice adds nothing */
	CHECK_EQ_U(fi.head - fi.tail, 1024);
	CHECK_EQ_U(fi.idx[fi.tail % fi.cap], 1100 - 1024);
	scene_init(&sc, 100 * SEC);
	scene_update(&sc, h, t0 + 2 * SEC);
	{
		static struct hist_ball many[2048];

		n = flag_index_in_flight(&fi, h, &sc, 11, many, 2048, &over);
		CHECK_EQ_U(n, 1024);
		CHECK(many[0].stamp_ms ==
		    history_ball(h, 1100 - 1024)->stamp_ms);
	}
	for (i = 0; i < FLAG_INDEX_FLAGS - 1; i++)
		CHECK(flag_index_add(&fi, 100 + (uint32_t)i));
	CHECK(!flag_index_add(&fi, 999));	/* full */
	flag_index_free(&fi);
	history_free(h);
}

int
main(void)
{
	RUN(board_points);
	RUN(ball_positions);
	RUN(in_flight_range);
	RUN(monotonic_stamps);
	RUN(exact_rewind);
	RUN(timeline_modes);
	RUN(history_bound);
	RUN(history_arena);
	RUN(camera_roundtrip);
	RUN(picking);
	RUN(selection_dropped);
	RUN(traceback_request);
	RUN(flag_index);
	RUN(tab_cycling);
	RUN(ball_trace_state);
	return test_report();
}
