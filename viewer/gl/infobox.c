/*
 * infobox.c - the ball's boxes, the trace markers and the trace log panel
 * (see infobox.h), through the HUD's text and rectangles.
 */
#include "config.h"
#include "infobox.h"

#include <stdio.h>
#include <string.h>

#include "protocol.h"

#define C_BOX		0x0b0f18ffu	/* opaque: no label shows through */
#define C_EDGE		0x5a6478ffu
#define C_TITLE		0xffffffffu
#define C_TEXT		0xe8ecf4ffu
#define C_DIM		0xa0a8bcffu
#define C_WARN		0xffa060ffu
#define C_GOOD		0x70ff90ffu
#define PAD		8.0f
#define GAP		18.0f		/* from the pointer */
#define LOG_LINES_MAX	24

static uint32_t
kind_colour(uint8_t kind)
{
	switch (kind) {
	case BI_TITLE:
		return C_TITLE;
	case BI_DIM:
		return C_DIM;
	case BI_WARN:
		return C_WARN;
	case BI_GOOD:
		return C_GOOD;
	default:
		return C_TEXT;
	}
}

static uint32_t
state_colour(enum trace_state s)
{
	switch (s) {
	case TRACE_ACCEPTED:
		return 0x90e0ffffu;
	case TRACE_FOUND:
		return C_GOOD;
	case TRACE_NOTFOUND:
		return C_WARN;
	case TRACE_ERROR:
		return 0xff6060ffu;
	default:
		return 0xffd060ffu;
	}
}

/* A panel: the edge, then the opaque inside. */
static void
panel(struct hud *hud, float x, float y, float w, float h)
{
	hud_rect(hud, x - 1, y - 1, w + 2, h + 2, C_EDGE);
	hud_rect(hud, x, y, w, h, C_BOX);
}

void
infobox_draw(struct hud *hud, int w, int h, const struct ballinfo *bi,
    const char *heading, enum infobox_place place, float px, float py,
    struct infobox_rect *out)
{
	float lh = (float)hud_line_height(hud), bw = 0, bh, x, y, t, sw;
	char head[48];
	int i;

	out->shown = false;
	if (bi->n == 0)
		return;
	sw = lh - 6;			/* the flag's colour swatch */
	snprintf(head, sizeof(head), "  (%s)", heading);
	for (i = 0; i < bi->n; i++) {
		t = hud_text_width(hud, bi->line[i], strlen(bi->line[i]));
		if (i == 0)
			t += sw + 6 + hud_text_width(hud, head, strlen(head));
		bw = t > bw ? t : bw;
	}
	bw += 2 * PAD;
	bh = lh * (float)bi->n + 2 * PAD;
	if (place == IB_CORNER) {
		x = (float)w - bw - 10;
		y = 10;
	} else {
		x = px + GAP;
		y = py + GAP;
		if (x + bw > (float)w - 4)
			x = px - GAP - bw;
		if (y + bh > (float)h - 4)
			y = py - GAP - bh;
	}
	if (x < 4)
		x = 4;
	if (y < 4)
		y = 4;
	x = (float)(int)x;
	y = (float)(int)y;
	panel(hud, x, y, bw, bh);
	hud_rect(hud, x + PAD, y + PAD + 3, sw, sw,
	    pt_flag_rgb(bi->flag) << 8 | 0xffu);
	for (i = 0; i < bi->n; i++) {
		float tx = x + PAD, ty = y + PAD + lh * (float)i;

		if (i == 0)
			tx += sw + 6;
		tx += hud_text(hud, tx, ty, kind_colour(bi->kind[i]),
		    bi->line[i], strlen(bi->line[i]));
		if (i == 0)
			hud_text(hud, tx, ty, C_DIM, head, strlen(head));
	}
	out->shown = true;
	out->x = x;
	out->y = y;
	out->w = bw;
	out->h = bh;
}

void
infobox_markers(struct hud *hud, const struct camera *cam,
    const struct scene *sc, const struct history *hi,
    struct trace_table *tt)
{
	float p[3], sx, sy, lh = (float)hud_line_height(hud), tw;
	const struct trace_entry *e;
	char tag[48];
	size_t i;

	for (i = 0; i < trace_count(tt); i++) {
		e = trace_at(tt, i);
		/* The newest request of a ball speaks for it. */
		if (trace_of_record(tt, e->record) != e ||
		    !scene_ball_pos(hi, e->record, sc->t, sc->flight, p) ||
		    !camera_project(cam, p, &sx, &sy))
			continue;
		snprintf(tag, sizeof(tag), "#%llu %s",
		    (unsigned long long)e->id, trace_state_name(e->state));
		tw = hud_text_width(hud, tag, strlen(tag));
		sx += 10;
		sy -= lh + 6;
		hud_rect(hud, sx - 3, sy, tw + 6, lh, C_BOX);
		hud_rect(hud, sx - 3, sy + lh - 2, tw + 6, 2,
		    state_colour(e->state));
		hud_text(hud, sx, sy, state_colour(e->state), tag, strlen(tag));
	}
}

void
infobox_tracelog(struct hud *hud, int w, int h, struct trace_table *tt,
    int32_t tz_offset_s, bool utc, struct infobox_rect *out)
{
	float lh = (float)hud_line_height(hud), bw, bh, x, y, t;
	char lines[LOG_LINES_MAX][200], title[96];
	uint32_t colour[LOG_LINES_MAX];
	size_t n = trace_count(tt), first, i, k, fit;

	/* As many as fit between the status (top) and the legend (bottom). */
	fit = (size_t)(((float)h * 0.55f) / lh);
	if (fit > LOG_LINES_MAX)
		fit = LOG_LINES_MAX;
	if (fit < 1)
		fit = 1;
	first = n > fit ? n - fit : 0;
	snprintf(title, sizeof(title), "Trace log: %zu request%s%s  (L: "
	    "close)", n, n == 1 ? "" : "s", first > 0 ? ", newest shown" : "");
	bw = hud_text_width(hud, title, strlen(title));
	for (i = first, k = 0; i < n; i++, k++) {
		const struct trace_entry *e = trace_at(tt, i);

		trace_log_line(e, lines[k], sizeof(lines[k]), tz_offset_s, utc);
		colour[k] = state_colour(e->state);
		t = hud_text_width(hud, lines[k], strlen(lines[k]));
		bw = t > bw ? t : bw;
	}
	if (n == 0) {
		snprintf(lines[0], sizeof(lines[0]), "no trace asked for yet "
		    "(T on a ball)");
		colour[0] = C_DIM;
		k = 1;
		t = hud_text_width(hud, lines[0], strlen(lines[0]));
		bw = t > bw ? t : bw;
	}
	bw += 2 * PAD;
	if (bw > (float)w - 20)
		bw = (float)w - 20;
	bh = lh * (float)(k + 1) + 2 * PAD;
	x = ((float)w - bw) / 2;
	y = (float)(int)((float)h * 0.22f);
	x = (float)(int)(x < 4 ? 4 : x);
	panel(hud, x, y, bw, bh);
	hud_text(hud, x + PAD, y + PAD, C_TITLE, title, strlen(title));
	for (i = 0; i < k; i++)
		hud_text(hud, x + PAD, y + PAD + lh * (float)(i + 1), colour[i],
		    lines[i], strlen(lines[i]));
	out->shown = true;
	out->x = x;
	out->y = y;
	out->w = bw;
	out->h = bh;
}
