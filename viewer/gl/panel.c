/*
 * panel.c - compose and draw the message panel.
 */
#include "config.h"
#include "panel.h"

#include <GL/glew.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glutil.h"
#include "html.h"
#include "image.h"
#include "log.h"

#define MARGIN		12	/* from the window's edges */
#define PAD		12	/* inside the panel */
#define GAP		10	/* between the picture and the text */
#define PANEL_MAX_W	520
#define PIC_MAX_H	220
#define MAX_FONTS	8
#define TEXT_MAX	4096	/* bytes of plain text kept */

struct panel_vertex {
	float		 x, y, u, v;
};

struct panel {
	const char	*font_path;
	int		 base_px;
	int64_t		 show_ns;
	struct {
		int		 px;
		TTF_Font	*f;
	}		 fonts[MAX_FONTS];
	int		 nfonts;
	GLuint		 prog, vao, vbo, tex;
	GLint		 u_screen, u_tex;
	struct html_doc	 doc;
	SDL_Surface	*pic;
	bool		 have;		/* a message to show */
	bool		 hidden;	/* Space */
	int64_t		 until;
	bool		 dirty;		/* compose again */
	int		 for_w, for_h;	/* the window it was composed for */
	int		 pw, ph;	/* its size */
	bool		 drawn;
	int		 x, y;
	char		 text[TEXT_MAX];
	char		 scratch[HTML_MAX_TEXT + 1];
};

struct panel *
panel_new(const char *font_path, int base_px, const char *shader_dir,
    int64_t show_ns, char *err, size_t errlen)
{
	struct panel *p;
	TTF_Font *f;

	if ((f = TTF_OpenFont(font_path, base_px)) == NULL) {
		snprintf(err, errlen, "%s: %s", font_path, TTF_GetError());
		return NULL;
	}
	p = xcalloc(1, sizeof(*p));
	p->font_path = font_path;
	p->base_px = base_px;
	p->show_ns = show_ns;
	p->fonts[0].px = base_px;
	p->fonts[0].f = f;
	p->nfonts = 1;
	if ((p->prog = gl_program(shader_dir, "image", err, errlen)) == 0) {
		panel_free(p);
		return NULL;
	}
	p->u_screen = glGetUniformLocation(p->prog, "u_screen");
	p->u_tex = glGetUniformLocation(p->prog, "u_tex");
	glGenVertexArrays(1, &p->vao);
	glGenBuffers(1, &p->vbo);
	glBindVertexArray(p->vao);
	glBindBuffer(GL_ARRAY_BUFFER, p->vbo);
	glBufferData(GL_ARRAY_BUFFER, 6 * sizeof(struct panel_vertex), NULL,
	    GL_STREAM_DRAW);
	glEnableVertexAttribArray(0);
	glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE,
	    sizeof(struct panel_vertex), (void *)0);
	glEnableVertexAttribArray(1);
	glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE,
	    sizeof(struct panel_vertex),
	    (void *)offsetof(struct panel_vertex, u));
	glBindVertexArray(0);
	return p;
}

void
panel_free(struct panel *p)
{
	int i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nfonts; i++)
		TTF_CloseFont(p->fonts[i].f);
	if (p->tex != 0)
		glDeleteTextures(1, &p->tex);
	if (p->vbo != 0)
		glDeleteBuffers(1, &p->vbo);
	if (p->vao != 0)
		glDeleteVertexArrays(1, &p->vao);
	if (p->prog != 0)
		glDeleteProgram(p->prog);
	SDL_FreeSurface(p->pic);
	html_free(&p->doc);
	free(p);
}

void
panel_show(struct panel *p, SDL_Surface *pic, const char *html, size_t len,
    int64_t now)
{
	html_free(&p->doc);
	html_parse(&p->doc, html, len);
	html_plain_text(&p->doc, p->text, sizeof(p->text));
	SDL_FreeSurface(p->pic);
	p->pic = pic;
	if (pic != NULL)
		pic->refcount++;
	p->have = true;
	p->hidden = false;
	p->until = now + p->show_ns;
	p->dirty = true;
}

bool
panel_visible(const struct panel *p, int64_t now)
{
	return p != NULL && p->have && !p->hidden && now < p->until;
}

void
panel_toggle(struct panel *p, int64_t now)
{
	if (p == NULL || !p->have)
		return;
	if (panel_visible(p, now)) {
		p->hidden = true;
		return;
	}
	p->hidden = false;
	p->until = now + p->show_ns;
}

const char *
panel_text(const struct panel *p)
{
	return p != NULL ? p->text : "";
}

bool
panel_rect(const struct panel *p, int *x, int *y, int *w, int *h)
{
	if (p == NULL || !p->drawn)
		return false;
	*x = p->x;
	*y = p->y;
	*w = p->pw;
	*h = p->ph;
	return true;
}

/* The font nearest to a style's size (opened on first use, a few sizes). */
static TTF_Font *
font_for(struct panel *p, const struct html_style *st)
{
	int px = (p->base_px * st->size + 50) / 100, i, best = 0, d, bd;
	TTF_Font *f;

	if (px < 6)
		px = 6;
	for (i = 0; i < p->nfonts; i++)
		if (p->fonts[i].px == px)
			goto found;
	if (p->nfonts < MAX_FONTS &&
	    (f = TTF_OpenFont(p->font_path, px)) != NULL) {
		i = p->nfonts++;
		p->fonts[i].px = px;
		p->fonts[i].f = f;
		goto found;
	}
	bd = abs(p->fonts[0].px - px);
	for (i = 1; i < p->nfonts; i++)
		if ((d = abs(p->fonts[i].px - px)) < bd) {
			bd = d;
			best = i;
		}
	i = best;
found:
	f = p->fonts[i].f;
	TTF_SetFontStyle(f, (st->bold ? TTF_STYLE_BOLD : 0) |
	    (st->italic ? TTF_STYLE_ITALIC : 0) |
	    (st->underline ? TTF_STYLE_UNDERLINE : 0));
	return f;
}

static const char *
cstr(struct panel *p, const char *s, size_t len)
{
	if (len > HTML_MAX_TEXT)
		len = HTML_MAX_TEXT;
	memcpy(p->scratch, s, len);
	p->scratch[len] = '\0';
	return p->scratch;
}

static void
measure(void *arg, const char *s, size_t len, const struct html_style *st,
    float *w, float *h)
{
	struct panel *p = arg;
	TTF_Font *f = font_for(p, st);
	int tw = 0, th = 0;

	if (TTF_SizeUTF8(f, cstr(p, s, len), &tw, &th) != 0)
		tw = 0;
	*w = (float)tw;
	*h = (float)TTF_FontLineSkip(f);
}

static void
fill(SDL_Surface *s, int x, int y, int w, int h, uint8_t r, uint8_t g,
    uint8_t b, uint8_t a)
{
	SDL_Rect rc = { x, y, w, h };

	SDL_FillRect(s, &rc, SDL_MapRGBA(s->format, r, g, b, a));
}

static void
compose(struct panel *p, int w, int h)
{
	struct html_layout lay;
	SDL_Surface *s;
	SDL_Rect dst;
	float max_text_h;
	int inner, dw = 0, dh = 0, top, pic_max_h;
	size_t i;

	p->for_w = w;
	p->for_h = h;
	p->dirty = false;
	if (p->tex != 0) {
		glDeleteTextures(1, &p->tex);
		p->tex = 0;
	}
	p->pw = w - 2 * MARGIN < PANEL_MAX_W ? w - 2 * MARGIN : PANEL_MAX_W;
	if (p->pw < 4 * PAD || h < 2 * MARGIN + 4 * PAD)
		return;
	inner = p->pw - 2 * PAD;
	if (p->pic != NULL) {
		double sc = 1.0;

		pic_max_h = (h - 2 * MARGIN) / 3 < PIC_MAX_H ?
		    (h - 2 * MARGIN) / 3 : PIC_MAX_H;
		if (p->pic->w > inner)
			sc = (double)inner / p->pic->w;
		if (p->pic->h * sc > pic_max_h)
			sc = (double)pic_max_h / p->pic->h;
		dw = (int)(p->pic->w * sc);
		dh = (int)(p->pic->h * sc);
		if (dw < 1 || dh < 1)
			dw = dh = 0;
	}
	top = PAD + (dh > 0 ? dh + GAP : 0);
	max_text_h = (float)(h - 2 * MARGIN - top - PAD);
	html_layout(&p->doc, (float)inner, max_text_h,
	    (float)TTF_FontLineSkip(p->fonts[0].f), measure, p, &lay);
	p->ph = top + (int)(lay.height + 0.5f) + PAD;
	if (lay.n == 0 && dh > 0)
		p->ph = PAD + dh + PAD;

	s = SDL_CreateRGBSurfaceWithFormat(0, p->pw, p->ph, 32,
	    SDL_PIXELFORMAT_RGBA32);
	if (s == NULL) {
		html_layout_free(&lay);
		return;
	}
	fill(s, 0, 0, p->pw, p->ph, 120, 140, 180, 255);
	fill(s, 1, 1, p->pw - 2, p->ph - 2, 14, 18, 30, 225);
	if (dh > 0) {
		dst.x = PAD + (inner - dw) / 2;
		dst.y = PAD;
		dst.w = dw;
		dst.h = dh;
		SDL_SetSurfaceBlendMode(p->pic, SDL_BLENDMODE_BLEND);
		SDL_BlitScaled(p->pic, NULL, s, &dst);
	}
	for (i = 0; i < lay.n; i++) {
		const struct html_box *b = &lay.boxes[i];
		TTF_Font *f = font_for(p, &b->st);
		SDL_Color c = { (uint8_t)(b->st.rgb >> 16),
		    (uint8_t)(b->st.rgb >> 8), (uint8_t)b->st.rgb, 255 };
		SDL_Surface *t;

		t = TTF_RenderUTF8_Blended(f, cstr(p, p->doc.text + b->off,
		    b->len), c);
		if (t == NULL)
			continue;
		dst.x = PAD + (int)b->x;
		dst.y = top + (int)b->y;
		dst.w = t->w;
		dst.h = t->h;
		SDL_SetSurfaceBlendMode(t, SDL_BLENDMODE_BLEND);
		SDL_BlitSurface(t, NULL, s, &dst);
		SDL_FreeSurface(t);
	}
	html_layout_free(&lay);
	p->tex = gl_texture(s, false, false);
	SDL_FreeSurface(s);
}

void
panel_draw(struct panel *p, int w, int h, int64_t now)
{
	struct panel_vertex v[6];
	float x0, y0, x1, y1;

	if (p == NULL)
		return;
	p->drawn = false;
	if (!panel_visible(p, now))
		return;
	if (p->dirty || p->for_w != w || p->for_h != h)
		compose(p, w, h);
	if (p->tex == 0)
		return;
	p->x = w - MARGIN - p->pw;
	p->y = MARGIN;
	x0 = (float)p->x;
	y0 = (float)p->y;
	x1 = x0 + (float)p->pw;
	y1 = y0 + (float)p->ph;
	v[0] = (struct panel_vertex){ x0, y0, 0, 0 };
	v[1] = (struct panel_vertex){ x1, y0, 1, 0 };
	v[2] = (struct panel_vertex){ x1, y1, 1, 1 };
	v[3] = v[0];
	v[4] = v[2];
	v[5] = (struct panel_vertex){ x0, y1, 0, 1 };
	glDisable(GL_DEPTH_TEST);
	glEnable(GL_BLEND);
	glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
	glUseProgram(p->prog);
	glUniform2f(p->u_screen, (float)w, (float)h);
	glUniform1i(p->u_tex, 0);
	glActiveTexture(GL_TEXTURE0);
	glBindTexture(GL_TEXTURE_2D, p->tex);
	glBindVertexArray(p->vao);
	glBindBuffer(GL_ARRAY_BUFFER, p->vbo);
	glBufferSubData(GL_ARRAY_BUFFER, 0, sizeof(v), v);
	glDrawArrays(GL_TRIANGLES, 0, 6);
	glBindVertexArray(0);
	glDisable(GL_BLEND);
	p->drawn = true;
}
