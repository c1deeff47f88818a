/*
 * timeline.c - live, playback and pause (see timeline.h).
 */
#include "config.h"
#include "timeline.h"

void
timeline_init(struct timeline *tl)
{
	tl->mode = TL_LIVE;
	tl->anchor_display = tl->anchor_wall = 0;
	tl->speed = 1.0;
}

int64_t
timeline_time(const struct timeline *tl, int64_t now)
{
	int64_t t;

	switch (tl->mode) {
	case TL_PAUSED:
		t = tl->anchor_display;
		break;
	case TL_PLAY:
		t = tl->anchor_display +
		    (int64_t)((double)(now - tl->anchor_wall) * tl->speed);
		break;
	case TL_LIVE:
	default:
		return now;
	}
	return t < now ? t : now;
}

/* Start playing (or stay paused) at display time t. */
static void
set_at(struct timeline *tl, int64_t now, int64_t t, enum tl_mode mode)
{
	if (t >= now && mode != TL_PAUSED) {
		tl->mode = TL_LIVE;
		return;
	}
	if (t > now)
		t = now;
	tl->mode = mode;
	tl->anchor_display = t;
	tl->anchor_wall = now;
}

void
timeline_tick(struct timeline *tl, int64_t now)
{
	if (tl->mode == TL_PLAY && timeline_time(tl, now) >= now &&
	    tl->speed >= 1.0)
		tl->mode = TL_LIVE;
}

void
timeline_toggle_pause(struct timeline *tl, int64_t now)
{
	int64_t t = timeline_time(tl, now);

	if (tl->mode == TL_PAUSED) {
		tl->speed = 1.0;
		set_at(tl, now, t, TL_PLAY);
	} else
		set_at(tl, now, t, TL_PAUSED);
}

void
timeline_pause_at(struct timeline *tl, int64_t now, int64_t t)
{
	set_at(tl, now, t, TL_PAUSED);
}

void
timeline_live(struct timeline *tl, int64_t now)
{
	(void)now;
	tl->mode = TL_LIVE;
	tl->speed = 1.0;
}

void
timeline_step(struct timeline *tl, int64_t now, int64_t delta)
{
	int64_t t = timeline_time(tl, now);
	enum tl_mode mode = tl->mode == TL_PAUSED ? TL_PAUSED : TL_PLAY;

	set_at(tl, now, t + delta, mode);
}

void
timeline_jump(struct timeline *tl, int64_t now, int64_t t)
{
	enum tl_mode mode = tl->mode == TL_PAUSED ? TL_PAUSED : TL_PLAY;

	if (t >= now && mode == TL_PAUSED)
		t = now;
	set_at(tl, now, t, mode);
}

void
timeline_speed(struct timeline *tl, int64_t now, double factor)
{
	int64_t t = timeline_time(tl, now);
	double s = tl->speed * factor;

	if (s < TL_SPEED_MIN)
		s = TL_SPEED_MIN;
	if (s > TL_SPEED_MAX)
		s = TL_SPEED_MAX;
	tl->speed = s;
	if (tl->mode == TL_LIVE) {
		/* Faster than live is live; slower starts to fall behind. */
		if (s < 1.0)
			set_at(tl, now, now - 1, TL_PLAY);
		return;
	}
	/* Re-anchor so the change applies from now on. */
	tl->anchor_display = t;
	tl->anchor_wall = now;
}

const char *
timeline_mode_name(enum tl_mode m)
{
	switch (m) {
	case TL_LIVE:
		return "LIVE";
	case TL_PLAY:
		return "REPLAY";
	case TL_PAUSED:
		return "PAUSED";
	}
	return "?";
}
