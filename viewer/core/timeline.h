/*
 * timeline.h - which moment the viewer shows: live, playing back or paused.
 *
 * Pure: every call takes the wall time (monotonic ns) as an argument, so it is
 * tested without a clock.  Live shows now.  Playing shows
 *     anchor_display + (now - anchor_wall) * speed
 * and becomes live again when it catches up with now.  Paused shows
 * anchor_display; resuming plays from there at speed 1.  The display time
 * never runs ahead of now.  Times here are display times, the history's
 * stamps (timebase.h maps them to capture time for the HUD), so the step
 * keys, Backspace and the scrubber move through capture time.
 */
#ifndef PACKTER_VIEWER_TIMELINE_H
#define PACKTER_VIEWER_TIMELINE_H

#include <stdint.h>

#define TL_SPEED_MIN	(1.0 / 64.0)
#define TL_SPEED_MAX	64.0
#define TL_JUMP_NS	(300LL * 1000000000LL)	/* Backspace: 5 minutes */

enum tl_mode { TL_LIVE, TL_PLAY, TL_PAUSED };

struct timeline {
	enum tl_mode	 mode;
	int64_t		 anchor_display;
	int64_t		 anchor_wall;
	double		 speed;		/* playing speed; kept while paused */
};

void		 timeline_init(struct timeline *);
int64_t		 timeline_time(const struct timeline *, int64_t now);
/* Re-evaluate: a playback that caught up with now becomes live. */
void		 timeline_tick(struct timeline *, int64_t now);
void		 timeline_toggle_pause(struct timeline *, int64_t now);
void		 timeline_pause_at(struct timeline *, int64_t now, int64_t t);
void		 timeline_live(struct timeline *, int64_t now);
/* Move the display time by delta (either sign), keeping the mode. */
void		 timeline_step(struct timeline *, int64_t now, int64_t delta);
/* Go to display time t (the scrubber), keeping the mode; live at now. */
void		 timeline_jump(struct timeline *, int64_t now, int64_t t);
/* Multiply the speed (live at speed < 1 starts playing behind now). */
void		 timeline_speed(struct timeline *, int64_t now, double factor);
const char	*timeline_mode_name(enum tl_mode);

#endif /* PACKTER_VIEWER_TIMELINE_H */
