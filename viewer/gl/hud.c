/*
 * hud.c - text through an SDL2_ttf glyph atlas, and the overlay's layout.
 */
#include "config.h"
#include "hud.h"

#include <GL/glew.h>
#include <SDL.h>
#include <SDL_ttf.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "boardmap.h"
#include "boards.h"
#include "glutil.h"
#include "log.h"
#include "protocol.h"
#include "scene.h"

#define CP_FIRST	32
#define CP_LAST		255
#define NGLYPHS		(CP_LAST - CP_FIRST + 1)
#define ATLAS_W		1024
#define MAX_QUADS	16384
#define PAD		1

struct glyph {
	float		 u0, v0, u1, v1;
	int		 w, h;
	int		 advance;
	bool		 present;
};

struct text_vertex {
	float		 x, y, u, v;
	uint8_t		 rgba[4];
};

struct hud {
	TTF_Font	*font;
	int		 line_h;
	struct glyph	 g[NGLYPHS];
	float		 white_u, white_v;	/* a solid texel */
	GLuint		 prog, vao, vbo, tex;
	GLint		 u_screen, u_atlas;
	struct text_vertex *verts;
	size_t		 nverts;
	int		 w, h;
	/* The legend (hud_set_legend). */
	uint32_t	 legend_rgb[PT_FLAG_CLASSES];
	uint32_t	 models[16];
	int		 nmodels;
};

static const struct glyph *
glyph_of(const struct hud *hud, uint32_t cp)
{
	if (cp < CP_FIRST || cp > CP_LAST || !hud->g[cp - CP_FIRST].present)
		cp = '?';
	return &hud->g[cp - CP_FIRST];
}

/* The next code point of a UTF-8 string; invalid bytes read as '?'. */
static uint32_t
next_cp(const char *s, size_t len, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	size_t left = len - *i;
	uint32_t cp;
	size_t n, k;

	if (p[0] < 0x80) {
		(*i)++;
		return p[0];
	}
	if ((p[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = p[0] & 0x07;
	} else {
		(*i)++;
		return '?';
	}
	if (left < n) {
		*i = len;
		return '?';
	}
	for (k = 1; k < n; k++) {
		if ((p[k] & 0xc0) != 0x80) {
			(*i)++;
			return '?';
		}
		cp = cp << 6 | (p[k] & 0x3f);
	}
	*i += n;
	return cp;
}

/* Render every glyph once; pack them in rows into a coverage texture. */
static int
build_atlas(struct hud *hud, char *err, size_t errlen)
{
	SDL_Surface *surf[NGLYPHS];
	SDL_Color white = { 255, 255, 255, 255 };
	uint8_t *pix;
	int x, y, rowh, atlas_h, i, minx, maxx, miny, maxy, adv;

	/* Place: a 4x4 solid block first, then the glyphs. */
	memset(surf, 0, sizeof(surf));
	x = 4 + PAD;
	y = 0;
	rowh = hud->line_h;
	for (i = 0; i < NGLYPHS; i++) {
		uint32_t cp = (uint32_t)(CP_FIRST + i);

		if (cp >= 127 && cp < 160)
			continue;
		if (!TTF_GlyphIsProvided32(hud->font, cp) ||
		    TTF_GlyphMetrics32(hud->font, cp, &minx, &maxx, &miny,
		    &maxy, &adv) != 0)
			continue;
		surf[i] = TTF_RenderGlyph32_Blended(hud->font, cp, white);
		if (surf[i] == NULL)
			continue;
		if (surf[i]->format->format != SDL_PIXELFORMAT_ARGB8888) {
			SDL_Surface *c = SDL_ConvertSurfaceFormat(surf[i],
			    SDL_PIXELFORMAT_ARGB8888, 0);

			SDL_FreeSurface(surf[i]);
			if ((surf[i] = c) == NULL)
				continue;
		}
		if (surf[i]->w > ATLAS_W)
			continue;
		if (x + surf[i]->w > ATLAS_W) {
			x = 0;
			y += rowh + PAD;
		}
		hud->g[i].w = surf[i]->w;
		hud->g[i].h = surf[i]->h;
		hud->g[i].advance = adv;
		hud->g[i].u0 = (float)x;
		hud->g[i].v0 = (float)y;
		hud->g[i].present = true;
		if (surf[i]->h > rowh)
			rowh = surf[i]->h;
		x += surf[i]->w + PAD;
	}
	if (!hud->g['?' - CP_FIRST].present) {
		snprintf(err, errlen, "the font has no '?' glyph");
		for (i = 0; i < NGLYPHS; i++)
			SDL_FreeSurface(surf[i]);
		return -1;
	}
	atlas_h = 1;
	while (atlas_h < y + rowh + PAD)
		atlas_h *= 2;

	pix = xcalloc((size_t)ATLAS_W, (size_t)atlas_h);
	for (y = 0; y < 4; y++)
		memset(pix + (size_t)y * ATLAS_W, 0xff, 4);
	hud->white_u = 2.0f / ATLAS_W;
	hud->white_v = 2.0f / (float)atlas_h;
	for (i = 0; i < NGLYPHS; i++) {
		struct glyph *g = &hud->g[i];
		int gx, gy;

		if (surf[i] == NULL)
			continue;
		if (g->present) {
			SDL_LockSurface(surf[i]);
			for (gy = 0; gy < g->h; gy++) {
				const uint32_t *row = (const uint32_t *)(void *)
				    ((const uint8_t *)surf[i]->pixels +
				    (size_t)gy * (size_t)surf[i]->pitch);
				uint8_t *dst = pix + ((size_t)g->v0 + gy) *
				    ATLAS_W + (size_t)g->u0;

				for (gx = 0; gx < g->w; gx++)
					dst[gx] = (uint8_t)(row[gx] >> 24);
			}
			SDL_UnlockSurface(surf[i]);
			g->u1 = (g->u0 + (float)g->w) / ATLAS_W;
			g->v1 = (g->v0 + (float)g->h) / (float)atlas_h;
			g->u0 /= ATLAS_W;
			g->v0 /= (float)atlas_h;
		}
		SDL_FreeSurface(surf[i]);
	}

	glGenTextures(1, &hud->tex);
	glBindTexture(GL_TEXTURE_2D, hud->tex);
	glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
	glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, ATLAS_W, atlas_h, 0, GL_RED,
	    GL_UNSIGNED_BYTE, pix);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
	free(pix);
	return 0;
}

struct hud *
hud_new(const char *font_path, int px, const char *shader_dir, char *err,
    size_t errlen)
{
	struct hud *hud;
	unsigned f;

	hud = xcalloc(1, sizeof(*hud));
	if ((hud->font = TTF_OpenFont(font_path, px)) == NULL) {
		snprintf(err, errlen, "%s: %s", font_path, TTF_GetError());
		free(hud);
		return NULL;
	}
	hud->line_h = TTF_FontLineSkip(hud->font);
	for (f = 0; f < PT_FLAG_CLASSES; f++)
		hud->legend_rgb[f] = pt_flag_rgb(f);
	if ((hud->prog = gl_program(shader_dir, "text", err, errlen)) == 0 ||
	    build_atlas(hud, err, errlen) == -1) {
		hud_free(hud);
		return NULL;
	}
	hud->u_screen = glGetUniformLocation(hud->prog, "u_screen");
	hud->u_atlas = glGetUniformLocation(hud->prog, "u_atlas");
	hud->verts = xcalloc(MAX_QUADS * 6, sizeof(*hud->verts));

	glGenVertexArrays(1, &hud->vao);
	glGenBuffers(1, &hud->vbo);
	glBindVertexArray(hud->vao);
	glBindBuffer(GL_ARRAY_BUFFER, hud->vbo);
	glBufferData(GL_ARRAY_BUFFER,
	    (GLsizeiptr)(MAX_QUADS * 6 * sizeof(*hud->verts)), NULL,
	    GL_STREAM_DRAW);
	glEnableVertexAttribArray(0);
	glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(*hud->verts),
	    (void *)offsetof(struct text_vertex, x));
	glEnableVertexAttribArray(1);
	glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(*hud->verts),
	    (void *)offsetof(struct text_vertex, u));
	glEnableVertexAttribArray(2);
	glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE,
	    sizeof(*hud->verts), (void *)offsetof(struct text_vertex, rgba));
	glBindVertexArray(0);
	return hud;
}

void
hud_free(struct hud *hud)
{
	if (hud == NULL)
		return;
	if (hud->font != NULL)
		TTF_CloseFont(hud->font);
	if (hud->tex != 0)
		glDeleteTextures(1, &hud->tex);
	if (hud->vbo != 0)
		glDeleteBuffers(1, &hud->vbo);
	if (hud->vao != 0)
		glDeleteVertexArrays(1, &hud->vao);
	if (hud->prog != 0)
		glDeleteProgram(hud->prog);
	free(hud->verts);
	free(hud);
}

int
hud_line_height(const struct hud *hud)
{
	return hud->line_h;
}

void
hud_begin(struct hud *hud, int w, int h)
{
	hud->nverts = 0;
	hud->w = w;
	hud->h = h;
}

static void
quad(struct hud *hud, float x0, float y0, float x1, float y1, float u0,
    float v0, float u1, float v1, uint32_t rgba)
{
	struct text_vertex *v;
	uint8_t c[4];
	int i;

	if (hud->nverts + 6 > MAX_QUADS * 6)
		return;
	c[0] = (uint8_t)(rgba >> 24);
	c[1] = (uint8_t)(rgba >> 16);
	c[2] = (uint8_t)(rgba >> 8);
	c[3] = (uint8_t)rgba;
	v = &hud->verts[hud->nverts];
	v[0].x = x0; v[0].y = y0; v[0].u = u0; v[0].v = v0;
	v[1].x = x1; v[1].y = y0; v[1].u = u1; v[1].v = v0;
	v[2].x = x1; v[2].y = y1; v[2].u = u1; v[2].v = v1;
	v[3] = v[0];
	v[4] = v[2];
	v[5].x = x0; v[5].y = y1; v[5].u = u0; v[5].v = v1;
	for (i = 0; i < 6; i++)
		memcpy(v[i].rgba, c, sizeof(c));
	hud->nverts += 6;
}

void
hud_rect(struct hud *hud, float x, float y, float w, float h, uint32_t rgba)
{
	quad(hud, x, y, x + w, y + h, hud->white_u, hud->white_v,
	    hud->white_u, hud->white_v, rgba);
}

float
hud_text_width(const struct hud *hud, const char *s, size_t len)
{
	size_t i = 0;
	int w = 0;

	while (i < len)
		w += glyph_of(hud, next_cp(s, len, &i))->advance;
	return (float)w;
}

float
hud_text(struct hud *hud, float x, float y, uint32_t rgba, const char *s,
    size_t len)
{
	float x0, pen;
	size_t i = 0;

	/* Down to whole pixels, the same way either side of 0 (wall tiles). */
	x0 = pen = floorf(x);
	y = floorf(y);
	while (i < len) {
		const struct glyph *g = glyph_of(hud, next_cp(s, len, &i));

		quad(hud, pen, y, pen + (float)g->w, y + (float)g->h, g->u0,
		    g->v0, g->u1, g->v1, rgba);
		pen += (float)g->advance;
	}
	return pen - x0;
}

void
hud_end(struct hud *hud)
{
	if (hud->nverts == 0)
		return;
	glDisable(GL_DEPTH_TEST);
	glEnable(GL_BLEND);
	glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
	glUseProgram(hud->prog);
	glUniform2f(hud->u_screen, (float)hud->w, (float)hud->h);
	glUniform1i(hud->u_atlas, 0);
	glActiveTexture(GL_TEXTURE0);
	glBindTexture(GL_TEXTURE_2D, hud->tex);
	glBindVertexArray(hud->vao);
	glBindBuffer(GL_ARRAY_BUFFER, hud->vbo);
	glBufferSubData(GL_ARRAY_BUFFER, 0,
	    (GLsizeiptr)(hud->nverts * sizeof(*hud->verts)), hud->verts);
	glDrawArrays(GL_TRIANGLES, 0, (GLsizei)hud->nverts);
	glBindVertexArray(0);
	glDisable(GL_BLEND);
}

/* --- layout ---------------------------------------------------------------- */

#define C_TEXT		0xe8ecf4ffu
#define C_DIM		0xa0a8bcffu
#define C_LABEL		0xb4bcd0d0u
#define C_PANEL		0x000000a0u
#define C_WARN		0xffc060ffu
#define C_MESSAGE	0x90e0ffffu
#define C_LOST		0xff6060ffu
#define C_AGED		0x9098a8ffu
#define C_BANNER	0xa0a8bcffu

/* printf into a caller's buffer, then draw; returns the width. */
static float __attribute__((format(printf, 5, 6)))
textf(struct hud *hud, float x, float y, uint32_t rgba, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	return hud_text(hud, x, y, rgba, buf, (size_t)n);
}

/* A screen rectangle already holding a label of the same axis. */
struct label_box {
	float		 x0, y0, x1, y1;
	bool		 used;
};

/*
 * A label at world point p, its anchor (ax, ay) in fractions of its size;
 * skipped when behind the eye or over the axis's previous label.
 */
static void
label_at(struct hud *hud, const struct camera *cam, const float p[3],
    const char *s, float ax, float ay, struct label_box *prev)
{
	float sx, sy, w, h = (float)hud->line_h, x, y;

	if (!camera_project(cam, p, &sx, &sy))
		return;
	w = hud_text_width(hud, s, strlen(s));
	x = sx - w * ax;
	y = sy - h * ay;
	if (prev != NULL && prev->used && x < prev->x1 + 4 &&
	    x + w + 4 > prev->x0 && y < prev->y1 && y + h > prev->y0)
		return;
	hud_text(hud, x, y, C_LABEL, s, strlen(s));
	if (prev != NULL) {
		prev->x0 = x;
		prev->y0 = y;
		prev->x1 = x + w;
		prev->y1 = y + h;
		prev->used = true;
	}
}

/* A board's point, on the layout or the classic pair (board 0 receives). */
static void
board_point(const struct boards *bd, int b, float u, float v, float out[3])
{
	if (bd != NULL)
		boards_layout_point(boards_layout(bd), b, u, v, out);
	else
		scene_board_point(b == 0 ? SCENE_RECEIVER : SCENE_SENDER, u, v,
		    out);
}

/* Outwards from a board: away from the middle of the ring, by d. */
static void
outwards(const struct boards *bd, int b, float p[3], float d)
{
	float c[3], n;

	board_point(bd, b, 0.5f, 0.5f, c);
	n = sqrtf(c[0] * c[0] + c[2] * c[2]);
	if (n > 0) {
		p[0] += c[0] / n * d;
		p[2] += c[2] / n * d;
	}
}

void
hud_board_labels(struct hud *hud, const struct camera *cam,
    const struct boards *bd, const struct hud_port_marks *marks)
{
	static const char *const title[] = {
		"receiver (dst, dport)", "sender (src, sport)"
	};
	struct boardmap classic;
	const struct boardmap *m;
	struct bm_tick t[BM_TICKS_MAX];
	struct label_box abox, pbox;
	char buf[256], range[96], ports[64], cap[BOARDS_CAPTION_MAX];
	float p[3], c[3], sx, sy, cx, cy, ax;
	int b, i, n, nb;
	enum bm_side side;

	if (bd != NULL)
		m = boards_map(bd);
	else {
		bm_init(&classic);
		m = &classic;
	}
	nb = bd != NULL ? boards_layout(bd)->n : 2;
	for (b = 0; b < nb; b++) {
		side = b == 0 ? BM_DST : BM_SRC;
		if (bd != NULL && (boards_hidden(bd) & 1u << b) != 0)
			continue;
		memset(&abox, 0, sizeof(abox));
		memset(&pbox, 0, sizeof(pbox));
		/* Ports up the front edge, outside it, away from the board. */
		board_point(bd, b, 0.5f, 0.5f, c);
		ax = 0.5f;
		board_point(bd, b, 0.0f, 0.5f, p);
		if (camera_project(cam, c, &cx, &cy) &&
		    camera_project(cam, p, &sx, &sy))
			ax = sx < cx ? 1.0f : 0.0f;
		n = bm_ticks(m, side, 1, t, BM_TICKS_MAX);
		for (i = 0; i < n; i++) {
			board_point(bd, b, -0.015f, t[i].pos, p);
			outwards(bd, b, p, 0.04f);
			label_at(hud, cam, p, t[i].text, ax,
			    t[i].pos == 0.0f ? 1.0f : 0.5f, &pbox);
		}
		/* Addresses along the bottom edge, front to back. */
		n = bm_ticks(m, side, 0, t, BM_TICKS_MAX);
		for (i = 0; i < n; i++) {
			board_point(bd, b, t[i].pos, 0.0f, p);
			p[1] -= 0.04f;
			label_at(hud, cam, p, t[i].text, 0.5f, 0.0f, &abox);
		}
		/* The busiest ports of the hovered board, by name. */
		if (marks != NULL && marks->board == b) {
			const struct bm_ports *pp = &m->side[side].port;

			for (i = 0; i < marks->n; i++) {
				const char *nm = bm_port_name(marks->port[i]);

				if (marks->port[i] < pp->lo ||
				    marks->port[i] > pp->hi)
					continue;
				(void)snprintf(buf, sizeof(buf), "%u %s",
				    marks->port[i], nm != NULL ? nm : "");
				board_point(bd, b, 1.015f, (float)bm_port_pos(pp,
				    marks->port[i]), p);
				outwards(bd, b, p, 0.04f);
				label_at(hud, cam, p, buf, 1.0f - ax, 0.5f,
				    NULL);
			}
		}
		/* The title above the top edge, with the ranges if not all. */
		if (nb > 2 && b > 0 && bd != NULL) {
			boards_caption(bd, b, cap, sizeof(cap));
			(void)snprintf(buf, sizeof(buf), "sender %s", cap);
		} else
			(void)snprintf(buf, sizeof(buf), "%s",
			    title[b == 0 ? 0 : 1]);
		board_point(bd, b, 0.5f, 1.0f, p);
		p[1] += 0.06f;
		if (!bm_is_default(m, side)) {
			bm_range_text(&m->side[side].addr, range,
			    sizeof(range));
			bm_ports_text(&m->side[side].port, ports,
			    sizeof(ports));
			label_at(hud, cam, p, buf, 0.5f, 2.0f, NULL);
			(void)snprintf(buf, sizeof(buf), "%s  ports %s", range,
			    ports);
		}
		label_at(hud, cam, p, buf, 0.5f, 1.0f, NULL);
	}
}

void
hud_set_legend(struct hud *hud, const uint32_t rgb[10],
    const uint32_t *model_flags, int nmodels)
{
	int i;

	for (i = 0; i < PT_FLAG_CLASSES; i++)
		hud->legend_rgb[i] = rgb[i];
	if (nmodels > 16)
		nmodels = 16;
	hud->nmodels = nmodels > 0 ? nmodels : 0;
	for (i = 0; i < hud->nmodels; i++)
		hud->models[i] = model_flags[i];
}

static const char *const help_keys[][2] = {
	{ "S", "pause / resume" },
	{ "B / F", "step back / forward (held: continuous; Shift: faster)" },
	{ "Backspace", "jump 5 minutes back (Shift: forward)" },
	{ "C", "back to live" },
	{ "+ / -", "replay faster / slower" },
	{ "scrubber", "click or drag: jump there" },
	{ "Shift+R", "reset the counters" },
	{ "drag", "orbit the camera (right drag: pan)" },
	{ "wheel, PgUp/PgDn", "zoom" },
	{ "arrows", "orbit" },
	{ "R", "auto-rotate" },
	{ "1 / 2 / 3 / 0", "front / side / top / home view" },
	{ "F11, Alt+Enter", "full screen" },
	{ "pointer", "what the ball tells; click: pin it" },
	{ "Tab, Shift+Tab", "the next ball under the pointer" },
	{ "T", "traceback the hovered ball, else the pinned one" },
	{ "L", "the trace log" },
	{ "/", "filter line (Enter: apply, Esc: cancel)" },
	{ "G", "filter: highlight matches / hide the rest" },
	{ "Z / Shift+Z, Ctrl+wheel", "zoom into the board at the pointer / out" },
	{ "X", "ranges as configured" },
	{ "Ctrl+1 .. Ctrl+9", "hide / show sender board N" },
	{ "K", "top talkers (click one: filter)" },
	{ "Shift+L", "read the configuration again" },
	{ "E", "the globe (Earth) / the boards" },
	{ "Space", "hide / show the message panel" },
	{ "M", "mute / unmute" },
	{ "F9 / F10, [ / ]", "volume down / up" },
	{ "H, F1", "this help" },
	{ "Esc, Q", "quit" },
};

static void
draw_help(struct hud *hud)
{
	size_t i, n = sizeof(help_keys) / sizeof(help_keys[0]);
	float kw = 0, dw = 0, w, x, y, lh = (float)hud->line_h, t;

	for (i = 0; i < n; i++) {
		t = hud_text_width(hud, help_keys[i][0],
		    strlen(help_keys[i][0]));
		kw = t > kw ? t : kw;
		t = hud_text_width(hud, help_keys[i][1],
		    strlen(help_keys[i][1]));
		dw = t > dw ? t : dw;
	}
	w = kw + 24 + dw;
	x = ((float)hud->w - w) / 2.0f;
	y = ((float)hud->h - lh * (float)(n + 1)) / 2.0f;
	hud_rect(hud, x - 16, y - 12, w + 32, lh * (float)(n + 1) + 24,
	    0x000000d8u);
	hud_text(hud, x, y, C_WARN, "Keys", 4);
	for (i = 0; i < n; i++) {
		y += lh;
		hud_text(hud, x, y, C_WARN, help_keys[i][0],
		    strlen(help_keys[i][0]));
		hud_text(hud, x + kw + 24, y, C_TEXT, help_keys[i][1],
		    strlen(help_keys[i][1]));
	}
}

static uint32_t
tone_rgba(enum status_tone t)
{
	switch (t) {
	case ST_LOST:
		return C_LOST;
	case ST_AGED:
		return C_AGED;
	case ST_WARN:
		return C_WARN;
	case ST_DIM:
		return C_DIM;
	case ST_NORMAL:
	default:
		return C_TEXT;
	}
}

/*
 * The status panel, top left, as wide as its longest line; the banner
 * (before the history ...) in the middle, in a grey-blue that no ball's
 * colour is near.
 */
static void
draw_status(struct hud *hud, const struct status_text *st)
{
	float lh = (float)hud->line_h, w = 0, t, y;
	int i, j;

	if (st == NULL)
		return;
	for (i = 0; i < st->nlines; i++) {
		for (j = 0, t = 0; j < STATUS_SPANS; j++)
			t += hud_text_width(hud, st->line[i][j].text,
			    strlen(st->line[i][j].text));
		w = t > w ? t : w;
	}
	hud_rect(hud, 0, 0, w + 20, lh * (float)st->nlines + 14, C_PANEL);
	for (i = 0, y = 8; i < st->nlines; i++, y += lh)
		for (j = 0, t = 10; j < STATUS_SPANS; j++)
			t += hud_text(hud, t, y, tone_rgba(st->line[i][j].tone),
			    st->line[i][j].text, strlen(st->line[i][j].text));
	if (st->banner[0][0] == '\0')
		return;
	y = (float)hud->h / 2.0f - lh;
	for (i = 0; i < 2; i++, y += lh) {
		t = hud_text_width(hud, st->banner[i], strlen(st->banner[i]));
		hud_text(hud, ((float)hud->w - t) / 2.0f, y, C_BANNER,
		    st->banner[i], strlen(st->banner[i]));
	}
}

void
hud_overlay(struct hud *hud, const struct hud_info *in)
{
	float lh = (float)hud->line_h, x = 10, y, w, yb;
	unsigned f;
	int i, rows;

	draw_status(hud, in->st);

	/* Legend, bottom left: the colours, then the models in use. */
	rows = PT_FLAG_CLASSES + hud->nmodels;
	yb = (float)hud->h - 8 - in->bottom - lh * (float)rows;
	w = 0;
	for (f = 0; f < PT_FLAG_CLASSES; f++) {
		float t = hud_text_width(hud, pt_flag_label(f),
		    strlen(pt_flag_label(f)));

		w = t > w ? t : w;
	}
	w += lh + 2 + hud_text_width(hud, "00  ", 4) + 20;
	hud_rect(hud, 0, yb - 6, w, lh * (float)rows + 14, C_PANEL);
	for (f = 0; f < PT_FLAG_CLASSES; f++) {
		uint32_t rgb = hud->legend_rgb[f];

		/* A light rim, as the balls have (ball.frag). */
		hud_rect(hud, x - 1, yb + lh * (float)f + 2, lh - 4, lh - 4,
		    0xd0d4e0ffu);
		hud_rect(hud, x, yb + lh * (float)f + 3, lh - 6, lh - 6,
		    rgb << 8 | 0xffu);
		textf(hud, x + lh + 2, yb + lh * (float)f, C_TEXT, "%u  %s", f,
		    pt_flag_label(f));
	}
	for (i = 0; i < hud->nmodels; i++)
		textf(hud, x + lh + 2, yb + lh * (float)(PT_FLAG_CLASSES + i),
		    C_TEXT, "%u  %s", hud->models[i], hud->models[i] == 10 ?
		    "model: missile (DoS alarm)" : "model");

	/* News, right of the legend, from the bottom up. */
	x = w + 12;
	y = (float)hud->h - 8 - in->bottom - lh;
	if (in->message != NULL) {
		hud_text(hud, x, y, C_MESSAGE, in->message,
		    strlen(in->message));
		y -= lh;
	}
	if (in->status != NULL) {
		hud_text(hud, x, y, C_WARN, in->status, strlen(in->status));
		y -= lh;
	}
	if (in->help)
		draw_help(hud);
}
