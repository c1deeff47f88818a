/*
 * infobox.h - what a ball tells, on the screen: the hover box by the
 * pointer, the pin box in the top right corner, the trace markers by the
 * traced balls, and the trace log panel (L).
 *
 * The lines come from the core (ballinfo.h, trace.h); this file only lays
 * them out, each box on an opaque background drawn after the boards' axis
 * labels, so that no label shows through.  Everything goes into the HUD's
 * frame of text (between hud_begin and hud_end).
 */
#ifndef PACKTER_VIEWER_INFOBOX_H
#define PACKTER_VIEWER_INFOBOX_H

#include <stdbool.h>
#include <stdint.h>

#include "ballinfo.h"
#include "camera.h"
#include "history.h"
#include "hud.h"
#include "scene.h"
#include "trace.h"

/* Where a box was drawn, for --stats and the tests. */
struct infobox_rect {
	bool		 shown;
	float		 x, y, w, h;
};

enum infobox_place {
	IB_NEAR,		/* beside (x, y): the pointer */
	IB_CORNER		/* the window's top right corner */
};

/*
 * The box of bi in a w x h window; heading: "pointer", "pinned" (after the
 * title, dimmed).
 */
void	infobox_draw(struct hud *, int w, int h, const struct ballinfo *,
	    const char *heading, enum infobox_place, float x, float y,
	    struct infobox_rect *out);

/* A marker ("#2 found") by each traced ball in flight. */
void	infobox_markers(struct hud *, const struct camera *,
	    const struct scene *, const struct history *,
	    struct trace_table *);

/*
 * The trace log panel: every request, newest at the bottom, as many as fit
 * above the legend; times at tz_offset_s unless utc.
 */
void	infobox_tracelog(struct hud *, int w, int h, struct trace_table *,
	    int32_t tz_offset_s, bool utc, struct infobox_rect *out);

#endif /* PACKTER_VIEWER_INFOBOX_H */
