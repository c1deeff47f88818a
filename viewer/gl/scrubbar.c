/*
 * scrubbar.c - the scrubber's drawing (see scrubbar.h).
 */
#include "config.h"
#include "scrubbar.h"

#include <math.h>
#include <string.h>

#include "protocol.h"
#include "status.h"

#define COL_PX		2		/* pixels a bin */
#define C_BACK		0x000000b0u
#define C_NOW		0xffc060ffu	/* the display time */
#define C_LIVE		0xe8ecf4ffu
#define C_GAP		0xff60ffffu
#define C_LABEL		0xb4bcd0ffu

void
scrubbar_layout(struct scrubbar *sb, int w, int h, int line_h)
{
	sb->h = (float)line_h + 4;
	sb->x = 4;
	sb->w = (float)w - 8;
	sb->y = (float)h - sb->h - 2;
	if (sb->w < 16)
		sb->w = 16;
}

int
scrubbar_bins(const struct scrubbar *sb)
{
	int n = (int)(sb->w / COL_PX);

	return n < 1 ? 1 : n > SCRUB_MAX_BINS ? SCRUB_MAX_BINS : n;
}

double
scrubbar_frac(const struct scrubbar *sb, float x)
{
	double f = ((double)x - sb->x) / sb->w;

	return f < 0 ? 0 : f > 1 ? 1 : f;
}

static float
x_of(const struct scrubbar *sb, const struct scrubber *s, int64_t t)
{
	return sb->x + (float)scrub_frac_of(s, t) * sb->w;
}

void
scrubbar_draw(struct hud *hud, const struct scrubbar *sb,
    const struct scrubber *s, const struct timebase *tb, int64_t t,
    int64_t now, bool utc)
{
	float colw = sb->w / (float)s->n, hh, x, lw;
	double lmax = log((double)s->max + 1.0);
	char label[64];
	size_t i;
	int b;

	hud_rect(hud, sb->x, sb->y, sb->w, sb->h, C_BACK);
	/* Density: the height by records, log-scaled; the dominant colour. */
	for (b = 0; b < s->n; b++) {
		if (s->count[b] == 0 || lmax <= 0)
			continue;
		hh = (float)(log((double)s->count[b] + 1.0) / lmax) *
		    (sb->h - 2);
		if (hh < 2)
			hh = 2;
		hud_rect(hud, sb->x + colw * (float)b, sb->y + sb->h - 1 - hh,
		    colw, hh, pt_flag_rgb(s->dominant[b]) << 8 | 0xc0u);
	}
	/* Gaps and new captures the timebase marked. */
	for (i = 0; i < timebase_nsegs(tb); i++) {
		const struct tb_seg *g = timebase_seg(tb, i);

		if ((g->why != TB_GAP && g->why != TB_NEW_CAPTURE) ||
		    g->stamp < s->t0 || g->stamp > s->t1)
			continue;
		hud_rect(hud, x_of(sb, s, g->stamp) - 1, sb->y, 2, sb->h,
		    C_GAP);
	}
	/* Where the history starts, the live edge, the display time. */
	status_fmt_hms(label, sizeof(label), timebase_wall(tb, s->t0, NULL),
	    utc);
	if (timebase_nsegs(tb) > 0)
		hud_text(hud, sb->x + 3, sb->y + 1, C_LABEL, label,
		    strlen(label));
	x = x_of(sb, s, now);
	hud_rect(hud, x - 1, sb->y, 2, sb->h, C_LIVE);
	lw = hud_text_width(hud, "live", 4);
	hud_text(hud, x + lw + 6 < sb->x + sb->w ? x + 4 : x - lw - 4,
	    sb->y + 1, C_LABEL, "live", 4);
	x = x_of(sb, s, t);
	hud_rect(hud, x - 1, sb->y - 3, 3, sb->h + 3, C_NOW);
}
