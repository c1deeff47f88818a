/*
 * test-wall.c - the NOC wall's pure core, without a window: the options of
 * a wall, the frustum split (a tile's projection and picking rays against
 * one camera of the whole virtual screen, bezels and guard band included),
 * the lead/follow message (round trip, every refusal, cut at every length),
 * who is followed (the same leader, an older or repeated message, a leader
 * outranked, lost and a new one, taking the lead, a leader stepping down),
 * and the tiles' common names for times and records (wall time back to each
 * viewer's display time, a record found by its stamp and line, the records
 * of a loss window).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/test.h"
#include "camera.h"
#include "history.h"
#include "sync.h"
#include "timebase.h"
#include "timeline.h"
#include "wall.h"

#define MS	1000000LL
#define SEC	1000000000LL
#define RT_OFF	(1800000000LL * SEC)

TEST(options)
{
	struct wall_tile t;
	char err[256];

	wall_single(&t);
	CHECK(wall_is_single(&t));
	CHECK(wall_parse_grid(&t, "3x2", err, sizeof(err)) == 0);
	CHECK(t.cols == 3 && t.rows == 2);
	CHECK(wall_parse_tile(&t, "2,1", err, sizeof(err)) == 0);
	CHECK(wall_check(&t, err, sizeof(err)) == 0);
	CHECK(wall_parse_bezel(&t, "40", err, sizeof(err)) == 0);
	CHECK(t.bezel_x == 40 && t.bezel_y == 40);
	CHECK(wall_parse_bezel(&t, "40,30", err, sizeof(err)) == 0);
	CHECK(t.bezel_x == 40 && t.bezel_y == 30);
	CHECK(wall_parse_tile(&t, "3,0", err, sizeof(err)) == 0);
	CHECK(wall_check(&t, err, sizeof(err)) == -1);
	CHECK(strstr(err, "not in a 3x2 wall") != NULL);
	CHECK(wall_parse_grid(&t, "0x2", err, sizeof(err)) == -1);
	CHECK(wall_parse_grid(&t, "65x1", err, sizeof(err)) == -1);
	CHECK(wall_parse_grid(&t, "2x", err, sizeof(err)) == -1);
	CHECK(wall_parse_grid(&t, "2x2x", err, sizeof(err)) == -1);
	CHECK(wall_parse_grid(&t, "-1x2", err, sizeof(err)) == -1);
	CHECK(wall_parse_tile(&t, "1", err, sizeof(err)) == -1);
	CHECK(wall_parse_tile(&t, "1,2,3", err, sizeof(err)) == -1);
	CHECK(wall_parse_bezel(&t, "5000", err, sizeof(err)) == -1);
	CHECK(wall_parse_bezel(&t, "", err, sizeof(err)) == -1);
}

/* A camera of the whole virtual screen, and one of tile (col, row). */
static void
cameras(struct camera *whole, struct camera *tile, int col, int row, int w,
    int h, int bx, int by, int guard)
{
	int vw, vh, x0, y0;

	camera_init(tile, w, h);
	tile->tile.cols = 3;
	tile->tile.rows = 2;
	tile->tile.col = col;
	tile->tile.row = row;
	tile->tile.bezel_x = bx;
	tile->tile.bezel_y = by;
	tile->guard = guard;
	tile->yaw = 0.3f;
	tile->pitch = 0.2f;
	tile->dist = 5.0f;
	wall_virtual(&tile->tile, w, h, &vw, &vh, &x0, &y0);
	camera_init(whole, vw, vh);
	whole->yaw = tile->yaw;
	whole->pitch = tile->pitch;
	whole->dist = tile->dist;
}

/* Random points seen by both: the same pixel less the tile's corner. */
static int
compare(struct camera *whole, struct camera *tile, int x0, int y0,
    unsigned *x, int *rays)
{
	float p[3], wx, wy, tx, ty, o1[3], d1[3], o2[3], d2[3];
	int i, bad = 0;

	for (i = 0; i < 200; i++) {
		*x = *x * 1103515245u + 12345u;
		p[0] = (float)(*x % 2000) / 500.0f - 2.0f;
		p[1] = (float)(*x / 2000 % 2000) / 1000.0f - 1.0f;
		p[2] = (float)(*x / 4000000 % 1000) / 500.0f - 1.0f;
		if (!camera_project(whole, p, &wx, &wy) ||
		    !camera_project(tile, p, &tx, &ty))
			continue;
		if (fabsf(tx - (wx - (float)x0)) > 0.02f ||
		    fabsf(ty - (wy - (float)y0)) > 0.02f)
			bad++;
		/* The same ray through it. */
		camera_ray(whole, wx, wy, o1, d1);
		camera_ray(tile, tx, ty, o2, d2);
		if (fabsf(d1[0] - d2[0]) > 1e-4f ||
		    fabsf(d1[1] - d2[1]) > 1e-4f ||
		    fabsf(d1[2] - d2[2]) > 1e-4f)
			bad++;
		(*rays)++;
	}
	return bad;
}

TEST(frustum_split)
{
	struct camera whole, tile;
	int n, k, vw, vh, x0, y0, bad = 0, rays = 0;
	unsigned x = 12345;

	/* Every tile of a 3x2 wall, without and with bezels and guard. */
	for (k = 0; k < 2; k++) {
		for (n = 0; n < 6; n++) {
			cameras(&whole, &tile, n % 3, n / 3, 320, 240,
			    k ? 40 : 0, k ? 30 : 0, k ? 32 : 0);
			wall_virtual(&tile.tile, 320, 240, &vw, &vh, &x0, &y0);
			CHECK(camera_virtual_h(&tile) == vh);
			CHECK(fabsf(camera_pixel_size(&tile, 2.0f) -
			    camera_pixel_size(&whole, 2.0f)) < 1e-6f);
			bad += compare(&whole, &tile, x0, y0, &x, &rays);
		}
	}
	CHECK_EQ_U(bad, 0);
	CHECK(rays > 1000);
}

TEST(frustum_single)
{
	struct camera c;
	float view[16], proj[16], t;

	/* One screen: the symmetric perspective of before. */
	camera_init(&c, 800, 600);
	camera_matrices(&c, view, proj);
	t = 1.0f / tanf(45.0f * (float)M_PI / 360.0f);
	CHECK(fabsf(proj[0] - t / (800.0f / 600.0f)) < 1e-5f);
	CHECK(fabsf(proj[5] - t) < 1e-5f);
	CHECK(fabsf(proj[8]) < 1e-6f && fabsf(proj[9]) < 1e-6f);
	CHECK(proj[11] == -1.0f);
}

static void
sample(struct sync_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->flags = SYNC_F_HOVER | SYNC_F_WINDOW;
	m->leader = 0x1122334455667788ULL;
	m->term = 3;
	m->seq = 99;
	m->sent = 1800000000LL * SEC + 5;
	m->display = 1700000000LL * SEC + 123456789;
	m->mode = TL_PAUSED;
	m->kind = TB_CAPTURE;
	m->panels = SYNC_P_HELP;
	m->speed = 0.5;
	m->yaw = 0.12f;
	m->pitch = 0.42f;
	m->dist = 4.8f;
	m->target[0] = 0.25f;
	m->fov = 45.0f;
	m->hover.wall = m->display - 7;
	m->hover.hash = 0xdeadbeef;
	m->window = 1700000000LL - 2;
	m->window_count = 42;
	m->filter_len = 8;
	memcpy(m->filter, "flag = 1", 8);
}

TEST(message)
{
	struct sync_msg m, b;
	uint8_t buf[SYNC_MAX + 8];
	char err[128];
	size_t len, cut;
	int sig;

	for (sig = 0; sig < 2; sig++) {
		sample(&m);
		len = sync_encode(&m, sig, buf, sizeof(buf));
		CHECK_EQ_U(len, SYNC_HEAD_LEN + 8 + (sig ? SYNC_MAC_LEN : 0));
		CHECK(sync_parse(&b, buf, len, err, sizeof(err)) == 0);
		if (sig)
			m.flags |= SYNC_F_SIGNED;
		CHECK(memcmp(&b, &m, sizeof(m)) == 0);
		/* Cut at every length: refused, never read past. */
		for (cut = 0; cut < len; cut++)
			CHECK(sync_parse(&b, buf, cut, err, sizeof(err)) ==
			    -1);
	}
	/* The encoder refuses what the parser would. */
	sample(&m);
	m.speed = NAN;
	CHECK(sync_encode(&m, false, buf, sizeof(buf)) == 0);
	sample(&m);
	m.filter[2] = '\n';
	CHECK(sync_encode(&m, false, buf, sizeof(buf)) == 0);
	sample(&m);
	CHECK(sync_encode(&m, false, buf, SYNC_HEAD_LEN) == 0);

#define REFUSE(off, val, why) do {					\
	sample(&m);							\
	len = sync_encode(&m, false, buf, sizeof(buf));			\
	buf[off] = (val);						\
	CHECK(sync_parse(&b, buf, len, err, sizeof(err)) == -1);	\
	CHECK(strstr(err, why) != NULL);				\
} while (0)
	REFUSE(0, 'X', "not a wall sync");
	REFUSE(4, 2, "version 2");
	REFUSE(5, 0x80, "unknown flags");
	REFUSE(7, 0, "length");
	REFUSE(40, 3, "mode 3");
	REFUSE(41, 2, "time kind");
	REFUSE(42, 0x80, "unknown panels");
	REFUSE(44, 0x7f, "out of range");	/* speed: a huge double */
	REFUSE(60, 0xff, "out of range");	/* dist: NaN */
	REFUSE(118, 1, "control byte");		/* the filter */
	REFUSE(116, 0x10, "filter of");
	/* Bytes after the message. */
	sample(&m);
	len = sync_encode(&m, false, buf, sizeof(buf));
	buf[6] = (uint8_t)((len + 1) >> 8);
	buf[7] = (uint8_t)(len + 1);
	buf[len] = 0;
	CHECK(sync_parse(&b, buf, len + 1, err, sizeof(err)) == -1);
	CHECK(strstr(err, "after the message") != NULL);
}

static struct sync_msg
from(uint64_t leader, uint32_t term, uint32_t seq)
{
	struct sync_msg m;

	sample(&m);
	m.leader = leader;
	m.term = term;
	m.seq = seq;
	return m;
}

TEST(arbitration)
{
	struct sync_state s, l;
	struct sync_msg m;

	sync_init(&s, 100, false);
	CHECK(sync_lost(&s, 0));
	m = from(100, 0, 1);
	CHECK(sync_hear(&s, &m, 0) == SYNC_OWN);
	m = from(50, 0, 1);
	CHECK(sync_hear(&s, &m, 1 * MS) == SYNC_NEW_LEADER);
	CHECK(!sync_lost(&s, 2 * MS));
	m = from(50, 0, 2);
	CHECK(sync_hear(&s, &m, 3 * MS) == SYNC_FOLLOW);
	CHECK(sync_hear(&s, &m, 4 * MS) == SYNC_OLD);
	m = from(50, 0, 1);
	CHECK(sync_hear(&s, &m, 4 * MS) == SYNC_OLD);
	/* seq wraps. */
	s.cur.seq = 0xffffffffu;
	m = from(50, 0, 0);
	CHECK(sync_hear(&s, &m, 5 * MS) == SYNC_FOLLOW);
	/* A second leader ranked lower is ignored, a higher one followed. */
	m = from(40, 0, 7);
	CHECK(sync_hear(&s, &m, 6 * MS) == SYNC_OUTRANKED);
	m = from(60, 0, 7);
	CHECK(sync_hear(&s, &m, 7 * MS) == SYNC_NEW_LEADER);
	CHECK(s.cur.leader == 60);
	/* Lost after a second; any leader then, even ranked lower. */
	CHECK(!sync_lost(&s, 7 * MS + SYNC_LOST_NS));
	CHECK(sync_lost(&s, 8 * MS + SYNC_LOST_NS));
	m = from(10, 0, 1);
	CHECK(sync_hear(&s, &m, 9 * MS + SYNC_LOST_NS) == SYNC_NEW_LEADER);
	/* Taking the lead outranks the leader followed. */
	sync_take_lead(&s);
	CHECK(s.leading && s.term == 1 && !sync_lost(&s, 100 * SEC));
	sync_init(&l, 10, true);
	m = from(100, 1, 1);
	CHECK(sync_hear(&l, &m, 10 * SEC) == SYNC_NEW_LEADER);
	CHECK(!l.leading);
	/* A leader ignores one it outranks. */
	m = from(5, 0, 1);
	CHECK(sync_hear(&s, &m, 10 * SEC) == SYNC_OUTRANKED);
	CHECK(s.leading);
	/* Moving on from the leader's time unless paused. */
	sync_init(&l, 1, false);
	m = from(2, 0, 1);
	m.mode = TL_PLAY;
	m.speed = 2.0;
	(void)sync_hear(&l, &m, 0);
	CHECK(sync_follow_wall(&l, 100 * MS) == m.display + 200 * MS);
	l.cur.mode = TL_LIVE;
	CHECK(sync_follow_wall(&l, 100 * MS) == m.display + 100 * MS);
	l.cur.mode = TL_PAUSED;
	CHECK(sync_follow_wall(&l, 100 * MS) == m.display);
}

static uint64_t
push(struct history *h, struct timebase *tb, int64_t arrival, int64_t cap_us,
    const char *line)
{
	struct hist_in in;

	memset(&in, 0, sizeof(in));
	in.line = line;
	in.line_len = strlen(line);
	return history_push(h, timebase_stamp(tb, 1, arrival, RT_OFF, cap_us),
	    &in);
}

TEST(names)
{
	static struct timebase a, b;
	struct history *ha = history_new(1000, 0, 0);
	struct history *hb = history_new(1000, 0, 0);
	struct sync_rec r;
	char line[64];
	int64_t cap0 = 1700000000LL * 1000000, t, w;
	uint64_t seq = 0;
	int i;

	timebase_init(&a);
	timebase_init(&b);
	CHECK(sync_display(&a, 5) == INT64_MIN);
	/* Two viewers of one feed, the second 3 s later to start (late). */
	for (i = 0; i < 500; i++) {
		snprintf(line, sizeof(line), "1.2.3.4,5.6.7.8,1,2,0,r%d", i);
		seq = push(ha, &a, 10 * SEC + i * 10 * MS, cap0 + i * 10000,
		    line);
		if (i >= 300 && i != 400)	/* b joined late, lost one */
			(void)push(hb, &b, 77 * SEC + i * 10 * MS,
			    cap0 + i * 10000, line);
	}
	/* The wall time of a display time maps back to each one's own. */
	t = history_stamp(ha, seq - 19);	/* r480 */
	w = timebase_wall(&a, t, NULL);
	CHECK(sync_display(&a, w) == t);
	CHECK(history_stamp(hb, hb->head - 20) == sync_display(&b, w));
	/* The same record, found on the other viewer by stamp and line. */
	r.wall = w;
	r.hash = sync_line_hash("1.2.3.4,5.6.7.8,1,2,0,r480", 26);
	CHECK(sync_find(hb, &b, &r) == hb->head - 20);
	CHECK(sync_find(ha, &a, &r) == seq - 19);
	r.hash ^= 1;
	CHECK(sync_find(hb, &b, &r) == UINT64_MAX);
	/* Loss windows: records 400..499 are the capture's 5th second. */
	CHECK_EQ_U(sync_window_count(ha, &a, 1700000004), 100);
	CHECK_EQ_U(sync_window_count(hb, &b, 1700000004), 99);
	CHECK_EQ_U(sync_window_count(hb, &b, 1700000002), 0);
	history_free(ha);
	history_free(hb);
}

int
main(void)
{
	RUN(options);
	RUN(frustum_split);
	RUN(frustum_single);
	RUN(message);
	RUN(arbitration);
	RUN(names);
	return test_report();
}
