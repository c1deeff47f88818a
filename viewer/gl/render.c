/*
 * render.c - GL 3.3 core drawing of the boards and the balls in flight.
 */
#include "config.h"
#include "render.h"

#include <GL/glew.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boards.h"
#include "glutil.h"
#include "log.h"
#include "model.h"
#include "protocol.h"
#include "skydome.h"

#define GRID		8		/* divisions of each board axis */
#define MAX_BOARD_VERTS	(BOARDS_MAX * (6 + (GRID + 1) * 4 + 8))
#define MIN_POINT_PX	2.0f

struct board_vertex {
	float		 pos[3];
	uint8_t		 rgba[4];
};

struct render {
	GLuint		 ball_prog, board_prog;
	GLuint		 ball_vao, ball_vbo, state_vbo;
	GLuint		 board_vao, board_vbo;
	GLsizei		 board_tris, board_lines;	/* vertex counts */
	size_t		 cap;
	bool		 occlusion;
	uint64_t	 uploaded;	/* records up to here are on the GPU */
	/* Uniform locations of the ball program. */
	GLint		 u_vp, u_now_ms, u_now_frac, u_flight_ms, u_board,
			 u_radius, u_px_scale, u_min_px, u_sel, u_colors,
			 u_hide, u_nhide, u_org, u_eu, u_hidden;
	GLint		 b_vp;
	const struct boards *boards;
	float		 bg[3];
	struct skydome	*sky;
	struct models	*models;
	GLsync		 frame_done;	/* the last frame's fence */
};

static void
add_vertex(struct board_vertex *v, size_t *n, const float p[3],
    const uint8_t rgba[4])
{
	memcpy(v[*n].pos, p, sizeof(v[*n].pos));
	memcpy(v[*n].rgba, rgba, sizeof(v[*n].rgba));
	(*n)++;
}

/* A point of board bd: the layout's, or the classic pair's. */
static void
board_point(const struct render *r, int bd, float u, float v, float out[3])
{
	if (r->boards != NULL)
		boards_layout_point(boards_layout(r->boards), bd, u, v, out);
	else
		scene_board_point(bd == 0 ? SCENE_RECEIVER : SCENE_SENDER, u, v,
		    out);
}

/*
 * The boards: translucent quads, then grid and frame lines.  Board 0 is the
 * receiver, the others senders; the classic pair has two.
 */
static void
build_boards(struct render *r)
{
	static const uint8_t fill[2][4] = {
		{ 200, 110, 80, 46 }, { 70, 110, 200, 46 }
	};
	static const uint8_t grid[4] = { 170, 185, 220, 70 };
	static const uint8_t frame[4] = { 210, 220, 240, 190 };
	struct board_vertex v[MAX_BOARD_VERTS];
	float c[4][3], a[3], b[3];
	size_t n = 0;
	int bd, i, nb;

	nb = r->boards != NULL ? boards_layout(r->boards)->n : 2;
	/* Senders first, as the classic pair was drawn. */
	for (bd = nb - 1; bd >= 0; bd--) {
		const uint8_t *f = fill[bd == 0 ? 0 : 1];

		board_point(r, bd, 0, 0, c[0]);
		board_point(r, bd, 1, 0, c[1]);
		board_point(r, bd, 1, 1, c[2]);
		board_point(r, bd, 0, 1, c[3]);
		add_vertex(v, &n, c[0], f);
		add_vertex(v, &n, c[1], f);
		add_vertex(v, &n, c[2], f);
		add_vertex(v, &n, c[0], f);
		add_vertex(v, &n, c[2], f);
		add_vertex(v, &n, c[3], f);
	}
	r->board_tris = (GLsizei)n;
	for (bd = nb - 1; bd >= 0; bd--) {
		for (i = 1; i < GRID; i++) {
			float g = (float)i / GRID;

			board_point(r, bd, g, 0, a);
			board_point(r, bd, g, 1, b);
			add_vertex(v, &n, a, grid);
			add_vertex(v, &n, b, grid);
			board_point(r, bd, 0, g, a);
			board_point(r, bd, 1, g, b);
			add_vertex(v, &n, a, grid);
			add_vertex(v, &n, b, grid);
		}
		for (i = 0; i < 4; i++) {
			board_point(r, bd, i == 1 || i == 2, i >= 2, a);
			board_point(r, bd, i == 0 || i == 1,
			    i == 1 || i == 2, b);
			add_vertex(v, &n, a, frame);
			add_vertex(v, &n, b, frame);
		}
	}
	r->board_lines = (GLsizei)n - r->board_tris;

	if (r->board_vao == 0) {
		glGenVertexArrays(1, &r->board_vao);
		glGenBuffers(1, &r->board_vbo);
	}
	glBindVertexArray(r->board_vao);
	glBindBuffer(GL_ARRAY_BUFFER, r->board_vbo);
	glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(n * sizeof(v[0])), v,
	    GL_STATIC_DRAW);
	glEnableVertexAttribArray(0);
	glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, sizeof(v[0]),
	    (void *)offsetof(struct board_vertex, pos));
	glEnableVertexAttribArray(1);
	glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(v[0]),
	    (void *)offsetof(struct board_vertex, rgba));
	glBindVertexArray(0);
}

/* The layout's boards into the ball shader's uniforms. */
static void
set_layout(struct render *r)
{
	struct boards_layout classic;
	const struct boards_layout *l;

	if (r->boards != NULL)
		l = boards_layout(r->boards);
	else {
		boards_layout_init(&classic, 2);
		l = &classic;
	}
	glUseProgram(r->ball_prog);
	glUniform3fv(r->u_org, BOARDS_MAX, &l->org[0][0]);
	glUniform3fv(r->u_eu, BOARDS_MAX, &l->eu[0][0]);
	glUseProgram(0);
}

static int
build_balls(struct render *r, char *err, size_t errlen)
{
	glGenVertexArrays(1, &r->ball_vao);
	glGenBuffers(1, &r->ball_vbo);
	glBindVertexArray(r->ball_vao);
	glBindBuffer(GL_ARRAY_BUFFER, r->ball_vbo);
	while (glGetError() != GL_NO_ERROR)
		;
	glBufferData(GL_ARRAY_BUFFER,
	    (GLsizeiptr)(r->cap * sizeof(struct hist_ball)), NULL,
	    GL_DYNAMIC_DRAW);
	if (glGetError() == GL_OUT_OF_MEMORY) {
		snprintf(err, errlen, "no GPU memory for %zu balls (%zu MB): "
		    "give a smaller --history", r->cap,
		    r->cap * sizeof(struct hist_ball) >> 20);
		return -1;
	}
	glEnableVertexAttribArray(0);
	glVertexAttribPointer(0, 4, GL_FLOAT, GL_FALSE,
	    sizeof(struct hist_ball), (void *)offsetof(struct hist_ball, sx));
	glEnableVertexAttribArray(1);
	glVertexAttribIPointer(1, 1, GL_UNSIGNED_INT, sizeof(struct hist_ball),
	    (void *)offsetof(struct hist_ball, stamp_ms));
	glEnableVertexAttribArray(2);
	glVertexAttribIPointer(2, 1, GL_UNSIGNED_INT, sizeof(struct hist_ball),
	    (void *)offsetof(struct hist_ball, flag));
	/* The state words, zero (board 1, shown) until boards are set. */
	glGenBuffers(1, &r->state_vbo);
	glBindBuffer(GL_ARRAY_BUFFER, r->state_vbo);
	glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(r->cap * sizeof(uint32_t)),
	    NULL, GL_DYNAMIC_DRAW);
	if (glGetError() == GL_OUT_OF_MEMORY) {
		snprintf(err, errlen, "no GPU memory for %zu balls: give a "
		    "smaller --history", r->cap);
		return -1;
	}
	{
		uint32_t zero[1024];
		size_t i, n;

		memset(zero, 0, sizeof(zero));
		for (i = 0; i < r->cap; i += n) {
			n = r->cap - i < 1024 ? r->cap - i : 1024;
			glBufferSubData(GL_ARRAY_BUFFER,
			    (GLintptr)(i * sizeof(uint32_t)),
			    (GLsizeiptr)(n * sizeof(uint32_t)), zero);
		}
	}
	glEnableVertexAttribArray(3);
	glVertexAttribIPointer(3, 1, GL_UNSIGNED_INT, sizeof(uint32_t), NULL);
	glBindVertexArray(0);
	return 0;
}

struct render *
render_new(const char *dir, size_t cap, bool occlusion, char *err,
    size_t errlen)
{
	struct render *r;
	uint32_t rgb[PT_FLAG_CLASSES];
	unsigned i;

	r = xcalloc(1, sizeof(*r));
	r->cap = cap;
	r->occlusion = occlusion;
	if ((r->ball_prog = gl_program(dir, "ball", err, errlen)) == 0 ||
	    (r->board_prog = gl_program(dir, "board", err, errlen)) == 0) {
		render_free(r);
		return NULL;
	}
	r->u_vp = glGetUniformLocation(r->ball_prog, "u_vp");
	r->u_now_ms = glGetUniformLocation(r->ball_prog, "u_now_ms");
	r->u_now_frac = glGetUniformLocation(r->ball_prog, "u_now_frac");
	r->u_flight_ms = glGetUniformLocation(r->ball_prog, "u_flight_ms");
	r->u_board = glGetUniformLocation(r->ball_prog, "u_board");
	r->u_radius = glGetUniformLocation(r->ball_prog, "u_radius");
	r->u_px_scale = glGetUniformLocation(r->ball_prog, "u_px_scale");
	r->u_min_px = glGetUniformLocation(r->ball_prog, "u_min_px");
	r->u_sel = glGetUniformLocation(r->ball_prog, "u_sel");
	r->u_colors = glGetUniformLocation(r->ball_prog, "u_colors");
	r->u_hide = glGetUniformLocation(r->ball_prog, "u_hide");
	r->u_nhide = glGetUniformLocation(r->ball_prog, "u_nhide");
	r->u_org = glGetUniformLocation(r->ball_prog, "u_org");
	r->u_eu = glGetUniformLocation(r->ball_prog, "u_eu");
	r->u_hidden = glGetUniformLocation(r->ball_prog, "u_hidden");
	r->b_vp = glGetUniformLocation(r->board_prog, "u_vp");

	for (i = 0; i < PT_FLAG_CLASSES; i++)
		rgb[i] = pt_flag_rgb(i);
	render_set_colours(r, rgb, (uint32_t)lroundf(RENDER_BG_R * 255) << 16 |
	    (uint32_t)lroundf(RENDER_BG_G * 255) << 8 |
	    (uint32_t)lroundf(RENDER_BG_B * 255));
	r->bg[0] = RENDER_BG_R;
	r->bg[1] = RENDER_BG_G;
	r->bg[2] = RENDER_BG_B;
	glUseProgram(r->ball_prog);
	glUniform2f(r->u_board, SCENE_BOARD_X, SCENE_BOARD_HALF);
	glUniform1f(r->u_radius, SCENE_BALL_RADIUS);
	glUniform1f(r->u_min_px, MIN_POINT_PX);
	glUniform1i(r->u_nhide, 0);
	glUniform1ui(r->u_hidden, 0);
	glUseProgram(0);

	build_boards(r);
	set_layout(r);
	if (build_balls(r, err, errlen) == -1) {
		render_free(r);
		return NULL;
	}
	glEnable(GL_PROGRAM_POINT_SIZE);
	return r;
}

void
render_free(struct render *r)
{
	if (r == NULL)
		return;
	if (r->frame_done != NULL)
		glDeleteSync(r->frame_done);
	if (r->ball_vbo != 0)
		glDeleteBuffers(1, &r->ball_vbo);
	if (r->state_vbo != 0)
		glDeleteBuffers(1, &r->state_vbo);
	if (r->board_vbo != 0)
		glDeleteBuffers(1, &r->board_vbo);
	if (r->ball_vao != 0)
		glDeleteVertexArrays(1, &r->ball_vao);
	if (r->board_vao != 0)
		glDeleteVertexArrays(1, &r->board_vao);
	if (r->ball_prog != 0)
		glDeleteProgram(r->ball_prog);
	if (r->board_prog != 0)
		glDeleteProgram(r->board_prog);
	free(r);
}

void
render_set_extras(struct render *r, struct skydome *sky, struct models *m)
{
	GLuint hide[MODELS_MAX];
	uint32_t flags[MODELS_MAX];
	int n = 0, i;

	r->sky = sky;
	r->models = m;
	if (m != NULL)
		n = models_flags(m, flags, MODELS_MAX);
	for (i = 0; i < n; i++)
		hide[i] = flags[i];
	glUseProgram(r->ball_prog);
	if (n > 0)
		glUniform1uiv(r->u_hide, n, hide);
	glUniform1i(r->u_nhide, n);
	glUseProgram(0);
}

static void
upload_slots(const struct render *r, const struct history *h, size_t first,
    size_t count)
{
	glBindBuffer(GL_ARRAY_BUFFER, r->ball_vbo);
	glBufferSubData(GL_ARRAY_BUFFER,
	    (GLintptr)(first * sizeof(struct hist_ball)),
	    (GLsizeiptr)(count * sizeof(struct hist_ball)), &h->balls[first]);
	if (r->boards == NULL)
		return;
	glBindBuffer(GL_ARRAY_BUFFER, r->state_vbo);
	glBufferSubData(GL_ARRAY_BUFFER, (GLintptr)(first * sizeof(uint32_t)),
	    (GLsizeiptr)(count * sizeof(uint32_t)),
	    &boards_states(r->boards)[first]);
}

/* The slots of records [from, to), in one or two runs. */
static void
upload_seqs(struct render *r, const struct history *h, uint64_t from,
    uint64_t to)
{
	size_t slot, n, count;

	if (from < h->tail)
		from = h->tail;
	if (to > h->head)
		to = h->head;
	if (from >= to)
		return;
	if (to - from >= r->cap) {
		upload_slots(r, h, 0, r->cap);
		return;
	}
	count = (size_t)(to - from);
	slot = history_slot(h, from);
	n = count < r->cap - slot ? count : r->cap - slot;
	upload_slots(r, h, slot, n);
	if (count > n)
		upload_slots(r, h, 0, count - n);
}

void
render_upload_range(struct render *r, const struct history *h, uint64_t from,
    uint64_t to)
{
	upload_seqs(r, h, from, to);
}

void
render_set_boards(struct render *r, const struct boards *b)
{
	r->boards = b;
	build_boards(r);
	set_layout(r);
}

void
render_set_colours(struct render *r, const uint32_t rgb[10],
    uint32_t background)
{
	float c[PT_FLAG_CLASSES * 3];
	unsigned i;

	for (i = 0; i < PT_FLAG_CLASSES; i++) {
		c[i * 3 + 0] = (float)((rgb[i] >> 16) & 0xff) / 255.0f;
		c[i * 3 + 1] = (float)((rgb[i] >> 8) & 0xff) / 255.0f;
		c[i * 3 + 2] = (float)(rgb[i] & 0xff) / 255.0f;
	}
	glUseProgram(r->ball_prog);
	glUniform3fv(r->u_colors, PT_FLAG_CLASSES, c);
	glUseProgram(0);
	r->bg[0] = (float)((background >> 16) & 0xff) / 255.0f;
	r->bg[1] = (float)((background >> 8) & 0xff) / 255.0f;
	r->bg[2] = (float)(background & 0xff) / 255.0f;
}

void
render_set_ball_radius(struct render *r, float radius)
{
	glUseProgram(r->ball_prog);
	glUniform1f(r->u_radius, radius);
	glUseProgram(0);
}

void
render_upload(struct render *r, const struct history *h)
{
	if (r->models != NULL)
		models_note(r->models, h);
	if (h->head == r->uploaded)
		return;
	upload_seqs(r, h, r->uploaded, h->head);
	r->uploaded = h->head;
}

/* The slot of a selected record in flight, or -1. */
static GLint
sel_slot(const struct scene *s, const struct history *h, uint64_t seq)
{
	if (seq == SCENE_NONE || seq < s->first || seq >= s->end)
		return -1;
	return (GLint)history_slot(h, seq);
}

static void
draw_balls(struct render *r, const struct camera *cam,
    const struct scene *s, const struct history *h, const float vp[16])
{
	GLint firsts[2], sel[2];
	GLsizei counts[2], nranges = 1;
	int64_t rel, ms;
	uint64_t count = scene_in_flight(s);
	size_t slot;
	float t;
	int i;

	if (count == 0)
		return;
	rel = s->t - h->epoch;
	ms = rel / 1000000;
	if (rel % 1000000 < 0)
		ms--;
	t = 1.0f / tanf(cam->fov_deg * (float)M_PI / 360.0f);
	sel[0] = sel_slot(s, h, s->hover);
	sel[1] = sel_slot(s, h, s->pinned);

	glUseProgram(r->ball_prog);
	glUniformMatrix4fv(r->u_vp, 1, GL_FALSE, vp);
	glUniform1ui(r->u_now_ms, (GLuint)(uint64_t)ms);
	glUniform1f(r->u_now_frac, (float)(rel - ms * 1000000) / 1e6f);
	glUniform1f(r->u_flight_ms, (float)((double)s->flight / 1e6));
	glUniform1f(r->u_px_scale, (float)camera_virtual_h(cam) * t / 2.0f);
	glUniform2i(r->u_sel, sel[0], sel[1]);
	glUniform1ui(r->u_hidden, r->boards != NULL ?
	    (GLuint)boards_hidden(r->boards) : 0);

	slot = history_slot(h, s->first);
	firsts[0] = (GLint)slot;
	counts[0] = (GLsizei)(count < r->cap - slot ? count : r->cap - slot);
	if ((uint64_t)counts[0] < count) {
		firsts[1] = 0;
		counts[1] = (GLsizei)(count - (uint64_t)counts[0]);
		nranges = 2;
	}
	glBindVertexArray(r->ball_vao);
	glMultiDrawArrays(GL_POINTS, firsts, counts, nranges);
	/* Without depth, the selected balls again, over the others. */
	if (!r->occlusion)
		for (i = 0; i < 2; i++)
			if (sel[i] >= 0 && (i == 0 || sel[1] != sel[0]))
				glDrawArrays(GL_POINTS, sel[i], 1);
	glBindVertexArray(0);
}

static void
draw_boards(struct render *r, const float vp[16])
{
	glEnable(GL_BLEND);
	glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
	glUseProgram(r->board_prog);
	glUniformMatrix4fv(r->b_vp, 1, GL_FALSE, vp);
	glBindVertexArray(r->board_vao);
	glDrawArrays(GL_TRIANGLES, 0, r->board_tris);
	glDrawArrays(GL_LINES, r->board_tris, r->board_lines);
	glBindVertexArray(0);
	glDisable(GL_BLEND);
}

void
render_frame(struct render *r, const struct camera *cam,
    const struct scene *s, const struct history *h)
{
	float vp[16];
	int port[4];

	camera_viewproj(cam, vp);
	/* The camera's viewport: its guard band is drawn off the window. */
	camera_viewport(cam, port);
	glViewport(port[0], port[1], port[2], port[3]);
	glClearColor(r->bg[0], r->bg[1], r->bg[2], 1.0f);
	if (!r->occlusion) {
		glClear(GL_COLOR_BUFFER_BIT);
		if (r->sky != NULL)
			skydome_draw(r->sky, cam);
		glDisable(GL_DEPTH_TEST);
		draw_boards(r, vp);
		draw_balls(r, cam, s, h, vp);
		if (r->models != NULL)
			models_draw(r->models, cam, s, h, false);
		glViewport(0, 0, cam->w, cam->h);
		return;
	}
	glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
	if (r->sky != NULL)
		skydome_draw(r->sky, cam);
	/* Opaque balls first, writing depth. */
	glEnable(GL_DEPTH_TEST);
	glDepthMask(GL_TRUE);
	draw_balls(r, cam, s, h, vp);
	if (r->models != NULL)
		models_draw(r->models, cam, s, h, true);
	/* Then the translucent boards over them, depth-tested only. */
	glDepthMask(GL_FALSE);
	draw_boards(r, vp);
	glDepthMask(GL_TRUE);
	glDisable(GL_DEPTH_TEST);
	glViewport(0, 0, cam->w, cam->h);
}

bool
render_is_software(void)
{
	const char *r = (const char *)glGetString(GL_RENDERER);

	return r != NULL && (strstr(r, "llvmpipe") != NULL ||
	    strstr(r, "softpipe") != NULL || strstr(r, "SWR") != NULL ||
	    strstr(r, "Software") != NULL);
}

void
render_read_rgb(int w, int h, uint8_t *rgb)
{
	size_t row = (size_t)w * 3;
	uint8_t tmp[4096 * 3];
	int y;

	glPixelStorei(GL_PACK_ALIGNMENT, 1);
	glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, rgb);
	/* GL's rows run bottom-up: flip them in place. */
	for (y = 0; y < h / 2; y++) {
		uint8_t *a = rgb + (size_t)y * row;
		uint8_t *b = rgb + (size_t)(h - 1 - y) * row;
		size_t off, n;

		for (off = 0; off < row; off += n) {
			n = row - off < sizeof(tmp) ? row - off : sizeof(tmp);
			memcpy(tmp, a + off, n);
			memcpy(a + off, b + off, n);
			memcpy(b + off, tmp, n);
		}
	}
}

void
render_throttle(struct render *r)
{
	if (r->frame_done != NULL) {
		(void)glClientWaitSync(r->frame_done,
		    GL_SYNC_FLUSH_COMMANDS_BIT, (GLuint64)1000000000);
		glDeleteSync(r->frame_done);
	}
	r->frame_done = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
}

void
render_finish(void)
{
	glFinish();
}
