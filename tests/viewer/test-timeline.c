/*
 * test-timeline.c - capture time in the viewer's pure core, without a
 * window: the timebase (capture time to display stamps and back: live feeds,
 * paced replays, --fast bursts, gaps, new captures, reordering), the
 * history ordered by it, the scrubber's bins and x <-> time, and the words
 * of the status panel (what was lost against what aged out, the history's
 * start, the replay's words, the clock in UTC).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../unit/test.h"
#include "history.h"
#include "protocol.h"
#include "scene.h"
#include "scrubber.h"
#include "status.h"
#include "timebase.h"
#include "timeline.h"

#define MS	1000000LL
#define SEC	1000000000LL
#define US	1000LL
/* media/demo.pcap's first packet: 2023-11-14 22:13:20.010 UTC. */
#define CAP0_US	(1700000000LL * 1000000 + 10000)
#define RT_OFF	(1800000000LL * SEC)	/* realtime - monotonic */

static struct timebase tb;

static uint64_t
push(struct history *h, int64_t stamp, unsigned flag)
{
	struct hist_in in;
	static const char line[] = "1.2.3.4,5.6.7.8,1,2,0,x";

	memset(&in, 0, sizeof(in));
	in.flag = flag;
	in.line = line;
	in.line_len = sizeof(line) - 1;
	in.desc_off = 12;
	return history_push(h, stamp, &in);
}

/* Live traffic: stamps are the arrival times, give or take the jitter. */
TEST(live_feed)
{
	int64_t arr = 50 * SEC, s, wall;
	enum tb_kind k;
	int i;

	timebase_init(&tb);
	for (i = 0; i < 100; i++) {
		/* 2 ms latency, 1 ms jitter either way. */
		int64_t cap = CAP0_US + i * 10000;
		int64_t a = arr + i * 10 * MS + 2 * MS + (i % 3 - 1) * MS;

		s = timebase_stamp(&tb, 1, a, RT_OFF, cap);
		CHECK(s >= a - 2 * MS && s <= a + 2 * MS);
	}
	CHECK_EQ_U(tb.c[TBC_CAPTURE], 100);
	CHECK_EQ_U(tb.c[TBC_GAPS] + tb.c[TBC_LATE] + tb.c[TBC_NEW_CAPTURE], 0);
	CHECK_EQ_U(timebase_nsegs(&tb), 1);
	/* The clock at the last stamp is the last capture time. */
	wall = timebase_wall(&tb, s, &k);
	CHECK(k == TB_CAPTURE);
	CHECK(wall / US == CAP0_US + 99 * 10000);
}

/* Without capture times the stamps are the arrivals, the clock theirs. */
TEST(arrival_feed)
{
	enum tb_kind k;
	int64_t s;

	timebase_init(&tb);
	s = timebase_stamp(&tb, 7, 10 * SEC, RT_OFF, PT_TIME_NONE);
	CHECK(s == 10 * SEC);
	s = timebase_stamp(&tb, 7, 11 * SEC, RT_OFF + 3 * MS, PT_TIME_NONE);
	CHECK(s == 11 * SEC);
	CHECK(timebase_wall(&tb, 11 * SEC, &k) == 11 * SEC + RT_OFF);
	CHECK(k == TB_ARRIVAL);
	CHECK_EQ_U(tb.c[TBC_ARRIVAL], 2);
	CHECK_EQ_U(timebase_nsegs(&tb), 1);
}

/* A --fast burst of 30 s of capture arriving within 30 ms spans 30 s. */
TEST(fast_burst)
{
	struct history *h = history_new(4096, 0, 0);
	struct scene sc;
	int64_t arr = 100 * SEC, s, first = 0;
	int i;

	timebase_init(&tb);
	scene_init(&sc, 1 * SEC);
	for (i = 0; i < 3000; i++) {
		s = timebase_stamp(&tb, 1, arr + i * 10 * US, RT_OFF,
		    CAP0_US + (int64_t)i * 10000);
		if (i == 0)
			first = s;
		push(h, s, (unsigned)i % 10);
	}
	CHECK(first == arr);
	CHECK(s - first == 2999 * 10 * MS);
	CHECK_EQ_U(tb.c[TBC_GAPS] + tb.c[TBC_NEW_CAPTURE], 0);
	/* Due as display time reaches them: at +15 s, a second's worth. */
	scene_update(&sc, h, arr + 15 * SEC);
	CHECK_EQ_U(scene_in_flight(&sc), 100);
	history_free(h);
}

/* A paced replay with --max-gap: a 1 h gap cut to 5 s is marked. */
TEST(paced_gap)
{
	int64_t arr = 100 * SEC, s, s2, wall;
	const struct tb_seg *g;
	enum tb_kind k;

	timebase_init(&tb);
	s = timebase_stamp(&tb, 1, arr, RT_OFF, CAP0_US);
	s = timebase_stamp(&tb, 1, arr + SEC, RT_OFF, CAP0_US + 1000000);
	CHECK(s == arr + SEC);
	s2 = timebase_stamp(&tb, 1, arr + 6 * SEC, RT_OFF,
	    CAP0_US + 3601LL * 1000000);
	CHECK(s2 == arr + 6 * SEC);
	CHECK_EQ_U(tb.c[TBC_GAPS], 1);
	CHECK_EQ_U(timebase_nsegs(&tb), 2);
	g = timebase_seg(&tb, 1);
	CHECK(g->why == TB_GAP);
	CHECK(g->stamp == s2);
	CHECK(g->before / US == CAP0_US + 1000000);
	/* Capture times on both sides of the gap. */
	wall = timebase_wall(&tb, s2, &k);
	CHECK(wall / US == CAP0_US + 3601LL * 1000000);
	wall = timebase_wall(&tb, s2 - 1, &k);
	CHECK(wall / US < CAP0_US + 7LL * 1000000);
	CHECK(timebase_display(&tb, s2, timebase_wall(&tb, s2, NULL)) == s2);

	/* The same gap inside a --fast burst is waited through. */
	timebase_init(&tb);
	s = timebase_stamp(&tb, 1, arr, RT_OFF, CAP0_US);
	s = timebase_stamp(&tb, 1, arr + 1 * MS, RT_OFF, CAP0_US + 20000000);
	s2 = timebase_stamp(&tb, 1, arr + 2 * MS, RT_OFF,
	    CAP0_US + 50LL * 1000000);
	CHECK(s2 == arr + 50 * SEC);
	CHECK_EQ_U(tb.c[TBC_GAPS], 0);
}

/* A new capture (time going back) re-anchors after what is already kept. */
TEST(new_capture)
{
	int64_t arr = 100 * SEC, s;

	timebase_init(&tb);
	s = timebase_stamp(&tb, 1, arr, RT_OFF, CAP0_US);
	s = timebase_stamp(&tb, 1, arr + 1 * MS, RT_OFF, CAP0_US + 20000000);
	CHECK(s == arr + 20 * SEC);
	/* A year before, at once: after the burst's end, not under it. */
	s = timebase_stamp(&tb, 1, arr + 2 * MS, RT_OFF,
	    CAP0_US - 365LL * 86400 * 1000000);
	CHECK(s == arr + 20 * SEC);
	CHECK_EQ_U(tb.c[TBC_NEW_CAPTURE], 1);
	CHECK(timebase_seg(&tb, timebase_nsegs(&tb) - 1)->why ==
	    TB_NEW_CAPTURE);
}

/* Small reorderings are clamped and counted; stamps never go back. */
TEST(reordering)
{
	struct history *h = history_new(64, 0, 0);
	int64_t arr = 100 * SEC, s[4];
	uint64_t a, b;

	timebase_init(&tb);
	s[0] = timebase_stamp(&tb, 1, arr, RT_OFF, CAP0_US);
	s[1] = timebase_stamp(&tb, 1, arr + 10 * MS, RT_OFF, CAP0_US + 10000);
	s[2] = timebase_stamp(&tb, 1, arr + 20 * MS, RT_OFF, CAP0_US + 5000);
	s[3] = timebase_stamp(&tb, 1, arr + 30 * MS, RT_OFF, CAP0_US + 30000);
	CHECK(s[2] == s[1]);
	CHECK(s[3] == arr + 30 * MS);
	CHECK_EQ_U(tb.c[TBC_REORDERED], 1);
	CHECK_EQ_U(tb.c[TBC_NEW_CAPTURE], 0);
	a = push(h, s[1], 0);
	b = push(h, s[2], 0);
	CHECK(history_stamp(h, b) >= history_stamp(h, a));
	history_free(h);
}

/* A slow feed falls behind its arrivals: re-anchored at arrival. */
TEST(late_feed)
{
	int64_t arr = 100 * SEC, s = 0;
	int i;

	timebase_init(&tb);
	for (i = 0; i < 10; i++)	/* half speed */
		s = timebase_stamp(&tb, 1, arr + i * SEC, RT_OFF,
		    CAP0_US + (int64_t)i * 500000);
	CHECK(tb.c[TBC_LATE] >= 2);
	CHECK(s >= arr + 9 * SEC - TB_LATE_NS);
}

/* Two feeds: each its own offset; the stamps stay one ordered run. */
TEST(two_feeds)
{
	int64_t arr = 100 * SEC, a, b;

	timebase_init(&tb);
	a = timebase_stamp(&tb, 1, arr, RT_OFF, CAP0_US);
	b = timebase_stamp(&tb, 2, arr + 1 * MS, RT_OFF, 42LL * 1000000);
	CHECK(b == arr + 1 * MS);
	a = timebase_stamp(&tb, 1, arr + 2 * MS, RT_OFF, CAP0_US + 2000);
	CHECK(a == arr + 2 * MS);
	CHECK_EQ_U(tb.c[TBC_FEEDS], 2);
	CHECK_EQ_U(tb.c[TBC_NEW_CAPTURE], 0);
}

TEST(prune)
{
	int64_t arr = 100 * SEC;

	timebase_init(&tb);
	timebase_stamp(&tb, 1, arr, RT_OFF, CAP0_US);
	timebase_stamp(&tb, 1, arr + SEC, RT_OFF, CAP0_US + 3600LL * 1000000);
	timebase_stamp(&tb, 1, arr + 2 * SEC, RT_OFF,
	    CAP0_US + 7200LL * 1000000);
	CHECK_EQ_U(timebase_nsegs(&tb), 3);
	timebase_prune(&tb, arr + SEC + 1);
	CHECK_EQ_U(timebase_nsegs(&tb), 2);
	CHECK(timebase_seg(&tb, 0)->stamp == arr + SEC);
}

TEST(scrubber)
{
	struct history *h = history_new(4096, 0, 0);
	struct scrubber s;
	int64_t t0, t1;
	int i;

	/* 100 flag-3 records in the first second, 10 flag-1 in the fourth. */
	for (i = 0; i < 100; i++)
		push(h, 10 * SEC + i * 10 * MS, 3);
	for (i = 0; i < 10; i++)
		push(h, 13 * SEC + i * 100 * MS, 1);
	scrub_range(h, 14 * SEC, &t0, &t1);
	CHECK(t0 == 10 * SEC);
	CHECK(t1 == 14 * SEC);
	scrub_build(&s, h, t0, t1, 4);
	CHECK_EQ_U(s.count[0], 100);
	CHECK_EQ_U(s.count[1], 0);
	CHECK_EQ_U(s.count[2], 0);
	CHECK_EQ_U(s.count[3], 10);
	CHECK_EQ_U(s.max, 100);
	CHECK_EQ_U(s.dominant[0], 3);
	CHECK_EQ_U(s.dominant[3], 1);
	/* x <-> time, both ways, clamped. */
	CHECK(scrub_time_at(&s, 0.0) == 10 * SEC);
	CHECK(scrub_time_at(&s, 0.5) == 12 * SEC);
	CHECK(scrub_time_at(&s, 2.0) == 14 * SEC);
	CHECK(scrub_frac_of(&s, 13 * SEC) == 0.75);
	CHECK(scrub_frac_of(&s, 1 * SEC) == 0.0);
	/* Every record is in exactly one bin, whatever the bin count. */
	scrub_build(&s, h, t0, t1, 997);
	{
		uint64_t sum = 0;

		for (i = 0; i < s.n; i++)
			sum += s.count[i];
		CHECK_EQ_U(sum, 110);
	}
	/* A burst in the future: the strip reaches its last record. */
	push(h, 20 * SEC, 0);
	scrub_range(h, 14 * SEC, &t0, &t1);
	CHECK(t1 == 20 * SEC + 1);
	history_free(h);
}

static const char *
joined(const struct status_text *st, int line)
{
	static char buf[2 * STATUS_LEN];

	snprintf(buf, sizeof(buf), "%s%s", st->line[line][0].text,
	    st->line[line][1].text);
	return buf;
}

TEST(status_words)
{
	struct status_in in;
	struct status_text st;
	char buf[64];

	memset(&in, 0, sizeof(in));
	in.port = 11300;
	in.kept = 1000000;
	in.first_wall = CAP0_US * US;
	in.last_wall = in.first_wall + (3 * 3600 + 12 * 60) * SEC;
	in.wall = CAP0_US * US + 5 * SEC;
	in.kind = TB_CAPTURE;
	in.utc = true;
	in.mode = TL_LIVE;
	status_build(&in, &st);
	CHECK(strstr(joined(&st, 2), "LIVE   2023-11-14 22:13:25.010 UTC   "
	    "capture time") != NULL);
	CHECK(strstr(joined(&st, 1), "history: 1,000,000 records, 3 h 12 min")
	    != NULL);
	/* Nothing lost: the lost part is not red; history is grey. */
	CHECK(st.line[1][0].tone == ST_NORMAL);
	CHECK(st.line[1][1].tone == ST_AGED);
	CHECK(st.banner[0][0] == '\0');

	/* Lost (red) apart from aged out (grey, and how far back). */
	in.kernel_drops = 5;
	in.refused = 2;
	in.bad_lines = 1;
	in.aged = 1234;
	status_build(&in, &st);
	CHECK(st.line[1][0].tone == ST_LOST);
	CHECK(strstr(st.line[1][0].text, "lost 8: kernel 5, refused 2, "
	    "bad lines 1") != NULL);
	CHECK(strstr(st.line[1][1].text, "from 22:13:20 (1,234 aged out)") !=
	    NULL);
	CHECK(strstr(st.line[1][1].text, "lost") == NULL);

	/* Replaying says how to get back; before the history, say so. */
	in.mode = TL_PLAY;
	in.speed = 1;
	in.before_history = true;
	in.note = "speed x2 is for replay";
	status_build(&in, &st);
	CHECK(strstr(joined(&st, 2), "REPLAY x1 - C: back to live") != NULL);
	CHECK_STR(st.banner[1], "history starts 22:13:20");
	CHECK_EQ_U(st.nlines, 4);
	CHECK_STR(st.line[3][0].text, "speed x2 is for replay");

	/* Arrival time is named as such. */
	in.kind = TB_ARRIVAL;
	status_build(&in, &st);
	CHECK(strstr(joined(&st, 2), "arrival time") != NULL);

	status_fmt_span(buf, sizeof(buf), 65 * SEC);
	CHECK_STR(buf, "1 min 05 s");
	status_fmt_span(buf, sizeof(buf), 12500 * MS);
	CHECK_STR(buf, "12.5 s");
	status_fmt_count(buf, sizeof(buf), 999);
	CHECK_STR(buf, "999");
	status_fmt_count(buf, sizeof(buf), 1000);
	CHECK_STR(buf, "1,000");
	/* The local zone is named by its abbreviation. */
	setenv("TZ", "EST5", 1);
	tzset();
	status_fmt_clock(buf, sizeof(buf), CAP0_US * US, false);
	CHECK_STR(buf, "2023-11-14 17:13:20.010 EST");
}

/* The timeline steps and jumps in display time (stamps). */
TEST(timeline_in_display_time)
{
	struct timeline tl;
	int64_t now = 1000 * SEC;

	timeline_init(&tl);
	timeline_step(&tl, now, -TL_JUMP_NS);
	CHECK(tl.mode == TL_PLAY);
	CHECK(timeline_time(&tl, now) == now - TL_JUMP_NS);
	/* Jump to a time (the scrubber): the mode is kept. */
	timeline_jump(&tl, now, now - 10 * SEC);
	CHECK(tl.mode == TL_PLAY);
	CHECK(timeline_time(&tl, now) == now - 10 * SEC);
	timeline_toggle_pause(&tl, now);
	timeline_jump(&tl, now + SEC, now - 20 * SEC);
	CHECK(tl.mode == TL_PAUSED);
	CHECK(timeline_time(&tl, now + 5 * SEC) == now - 20 * SEC);
	/* Resuming plays at speed 1. */
	timeline_speed(&tl, now + 5 * SEC, 4.0);
	timeline_toggle_pause(&tl, now + 5 * SEC);
	CHECK(tl.mode == TL_PLAY);
	CHECK(tl.speed == 1.0);
	/* Past now is live. */
	timeline_jump(&tl, now + 6 * SEC, now + 100 * SEC);
	CHECK(tl.mode == TL_LIVE);
}

int
main(void)
{
	setenv("TZ", "UTC", 1);
	RUN(live_feed);
	RUN(arrival_feed);
	RUN(fast_burst);
	RUN(paced_gap);
	RUN(new_capture);
	RUN(reordering);
	RUN(late_feed);
	RUN(two_feeds);
	RUN(prune);
	RUN(scrubber);
	RUN(status_words);
	RUN(timeline_in_display_time);
	return test_report();
}
