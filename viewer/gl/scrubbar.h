/*
 * scrubbar.h - the scrubber along the bottom of the window, drawn with the
 * HUD's quads: the kept history as a density strip (records per column, in
 * the colour of the column's dominant class), the gaps and new captures the
 * timebase marked, the current display time, where the history starts and
 * the live edge.  The model (bins, x <-> time) is viewer/core/scrubber.h.
 */
#ifndef PACKTER_VIEWER_SCRUBBAR_H
#define PACKTER_VIEWER_SCRUBBAR_H

#include <stdbool.h>
#include <stdint.h>

#include "hud.h"
#include "scrubber.h"
#include "timebase.h"

struct scrubbar {
	float		 x, y, w, h;	/* the strip, pixels */
};

/* Where the strip goes in a w x h window (h: the HUD's line height). */
void	scrubbar_layout(struct scrubbar *, int w, int h, int line_h);
/* The columns the strip has room for. */
int	scrubbar_bins(const struct scrubbar *);
/* Draw (between hud_begin and hud_end). */
void	scrubbar_draw(struct hud *, const struct scrubbar *,
	    const struct scrubber *, const struct timebase *, int64_t t,
	    int64_t now, bool utc);
/* The fraction of the strip at pixel x. */
double	scrubbar_frac(const struct scrubbar *, float x);

#endif /* PACKTER_VIEWER_SCRUBBAR_H */
