/*
 * globe.c - GL 3.3 core drawing of the globe mode.
 *
 * The Earth is a latitude/longitude mesh (EARTH_LAT x EARTH_LON quads)
 * drawn with depth, pushed back a little (polygon offset) so a ball on
 * the ground is never under it.  The records in flight are drawn twice
 * from the same two buffers (the places, four floats a slot, and the
 * history's balls for stamp and flag): once as instanced line strips of
 * TRAIL_SEGMENTS, the path flown so far (translucent, no depth writes),
 * then as point sprites.  The ring's wrap is two ranges, as render.c's.
 */
#include "config.h"

#include <GL/glew.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errbuf.h"
#include "globedraw.h"
#include "glutil.h"
#include "log.h"
#include "protocol.h"
#include "render.h"
#include "skydome.h"

#define EARTH_LAT	48
#define EARTH_LON	96
#define TRAIL_SEGMENTS	32
#define MIN_POINT_PX	2.0f

struct globe_gl {
	GLuint		 earth_prog, flight_prog, trail_prog;
	GLuint		 earth_vao, earth_vbo, earth_ibo, world_tex;
	GLsizei		 earth_count;
	GLuint		 ends_vbo, balls_vbo;
	GLuint		 flight_vao, trail_vao;
	size_t		 cap;
	uint64_t	 uploaded;	/* records up to here are on the GPU */
	/* Uniforms. */
	GLint		 e_vp, e_radius, e_world, e_have_world, e_eye;
	GLint		 f_vp, f_now_ms, f_now_frac, f_flight_ms, f_globe,
			 f_radius, f_px_scale, f_min_px, f_sel, f_colors, f_eye;
	GLint		 t_vp, t_now_ms, t_now_frac, t_flight_ms, t_globe,
			 t_segments, t_colors;
};

static void
build_earth(struct globe_gl *g)
{
	float *v = xreallocarray(NULL, (EARTH_LAT + 1) * (EARTH_LON + 1),
	    2 * sizeof(float));
	GLuint *ix = xreallocarray(NULL, EARTH_LAT * EARTH_LON,
	    6 * sizeof(GLuint));
	size_t n = 0, k = 0;
	int i, j;

	for (i = 0; i <= EARTH_LAT; i++)
		for (j = 0; j <= EARTH_LON; j++) {
			v[n++] = -90.0f + 180.0f * (float)i / EARTH_LAT;
			v[n++] = -180.0f + 360.0f * (float)j / EARTH_LON;
		}
	for (i = 0; i < EARTH_LAT; i++)
		for (j = 0; j < EARTH_LON; j++) {
			GLuint a = (GLuint)(i * (EARTH_LON + 1) + j);
			GLuint b = a + EARTH_LON + 1;

			ix[k++] = a;
			ix[k++] = a + 1;
			ix[k++] = b;
			ix[k++] = a + 1;
			ix[k++] = b + 1;
			ix[k++] = b;
		}
	g->earth_count = (GLsizei)k;
	glGenVertexArrays(1, &g->earth_vao);
	glGenBuffers(1, &g->earth_vbo);
	glGenBuffers(1, &g->earth_ibo);
	glBindVertexArray(g->earth_vao);
	glBindBuffer(GL_ARRAY_BUFFER, g->earth_vbo);
	glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(n * sizeof(float)), v,
	    GL_STATIC_DRAW);
	glEnableVertexAttribArray(0);
	glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 2 * sizeof(float),
	    NULL);
	glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g->earth_ibo);
	glBufferData(GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr)(k *
	    sizeof(GLuint)), ix, GL_STATIC_DRAW);
	glBindVertexArray(0);
	free(v);
	free(ix);
}

/*
 * The attributes of a flight from slot first on: the places and the
 * ball's stamp and flag; per instance for the trails.
 */
static void
point_attribs(struct globe_gl *g, size_t first, GLuint divisor)
{
	glBindBuffer(GL_ARRAY_BUFFER, g->ends_vbo);
	glEnableVertexAttribArray(0);
	glVertexAttribPointer(0, 4, GL_FLOAT, GL_FALSE, 4 * sizeof(float),
	    (void *)(first * 4 * sizeof(float)));
	glVertexAttribDivisor(0, divisor);
	glBindBuffer(GL_ARRAY_BUFFER, g->balls_vbo);
	glEnableVertexAttribArray(1);
	glVertexAttribIPointer(1, 1, GL_UNSIGNED_INT, sizeof(struct hist_ball),
	    (void *)(first * sizeof(struct hist_ball) +
	    offsetof(struct hist_ball, stamp_ms)));
	glVertexAttribDivisor(1, divisor);
	glEnableVertexAttribArray(2);
	glVertexAttribIPointer(2, 1, GL_UNSIGNED_INT, sizeof(struct hist_ball),
	    (void *)(first * sizeof(struct hist_ball) +
	    offsetof(struct hist_ball, flag)));
	glVertexAttribDivisor(2, divisor);
}

static int
build_buffers(struct globe_gl *g, char *err, size_t errlen)
{
	glGenBuffers(1, &g->ends_vbo);
	glGenBuffers(1, &g->balls_vbo);
	while (glGetError() != GL_NO_ERROR)
		;
	glBindBuffer(GL_ARRAY_BUFFER, g->ends_vbo);
	glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(g->cap * 4 *
	    sizeof(float)), NULL, GL_DYNAMIC_DRAW);
	glBindBuffer(GL_ARRAY_BUFFER, g->balls_vbo);
	glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(g->cap *
	    sizeof(struct hist_ball)), NULL, GL_DYNAMIC_DRAW);
	if (glGetError() == GL_OUT_OF_MEMORY)
		return errbuf_fmt(err, errlen, "no GPU memory for the globe's "
		    "%zu records: give a smaller --history", g->cap);
	glGenVertexArrays(1, &g->flight_vao);
	glBindVertexArray(g->flight_vao);
	point_attribs(g, 0, 0);
	glGenVertexArrays(1, &g->trail_vao);
	glBindVertexArray(g->trail_vao);
	point_attribs(g, 0, 1);
	glBindVertexArray(0);
	return 0;
}

static void
flag_colors(GLint loc)
{
	float colors[PT_FLAG_CLASSES * 3];
	unsigned i;

	for (i = 0; i < PT_FLAG_CLASSES; i++) {
		uint32_t rgb = pt_flag_rgb(i);

		colors[i * 3 + 0] = (float)((rgb >> 16) & 0xff) / 255.0f;
		colors[i * 3 + 1] = (float)((rgb >> 8) & 0xff) / 255.0f;
		colors[i * 3 + 2] = (float)(rgb & 0xff) / 255.0f;
	}
	glUniform3fv(loc, PT_FLAG_CLASSES, colors);
}

struct globe_gl *
globe_gl_new(const char *dir, size_t cap, SDL_Surface *world, char *err,
    size_t errlen)
{
	struct globe_gl *g = xcalloc(1, sizeof(*g));
	GLuint p;

	g->cap = cap > 0 ? cap : 1;
	if ((g->earth_prog = gl_program(dir, "earth", err, errlen)) == 0 ||
	    (g->flight_prog = gl_program(dir, "flight", err, errlen)) == 0 ||
	    (g->trail_prog = gl_program(dir, "trail", err, errlen)) == 0) {
		globe_gl_free(g);
		return NULL;
	}
	p = g->earth_prog;
	g->e_vp = glGetUniformLocation(p, "u_vp");
	g->e_radius = glGetUniformLocation(p, "u_radius");
	g->e_world = glGetUniformLocation(p, "u_world");
	g->e_have_world = glGetUniformLocation(p, "u_have_world");
	g->e_eye = glGetUniformLocation(p, "u_eye_dir");
	p = g->flight_prog;
	g->f_vp = glGetUniformLocation(p, "u_vp");
	g->f_now_ms = glGetUniformLocation(p, "u_now_ms");
	g->f_now_frac = glGetUniformLocation(p, "u_now_frac");
	g->f_flight_ms = glGetUniformLocation(p, "u_flight_ms");
	g->f_globe = glGetUniformLocation(p, "u_globe");
	g->f_radius = glGetUniformLocation(p, "u_radius");
	g->f_px_scale = glGetUniformLocation(p, "u_px_scale");
	g->f_min_px = glGetUniformLocation(p, "u_min_px");
	g->f_sel = glGetUniformLocation(p, "u_sel");
	g->f_colors = glGetUniformLocation(p, "u_colors");
	g->f_eye = glGetUniformLocation(p, "u_eye");
	p = g->trail_prog;
	g->t_vp = glGetUniformLocation(p, "u_vp");
	g->t_now_ms = glGetUniformLocation(p, "u_now_ms");
	g->t_now_frac = glGetUniformLocation(p, "u_now_frac");
	g->t_flight_ms = glGetUniformLocation(p, "u_flight_ms");
	g->t_globe = glGetUniformLocation(p, "u_globe");
	g->t_segments = glGetUniformLocation(p, "u_segments");
	g->t_colors = glGetUniformLocation(p, "u_colors");

	glUseProgram(g->flight_prog);
	flag_colors(g->f_colors);
	glUniform4f(g->f_globe, GLOBE_R, GLOBE_SKY, GLOBE_LIFT_MIN,
	    GLOBE_LIFT);
	glUniform1f(g->f_radius, SCENE_BALL_RADIUS);
	glUniform1f(g->f_min_px, MIN_POINT_PX);
	glUseProgram(g->trail_prog);
	flag_colors(g->t_colors);
	glUniform4f(g->t_globe, GLOBE_R, GLOBE_SKY, GLOBE_LIFT_MIN,
	    GLOBE_LIFT);
	glUniform1i(g->t_segments, TRAIL_SEGMENTS);
	glUseProgram(g->earth_prog);
	glUniform1f(g->e_radius, GLOBE_R);
	glUniform1i(g->e_world, 0);
	glUniform1i(g->e_have_world, world != NULL);
	glUseProgram(0);
	if (world != NULL)
		g->world_tex = gl_texture(world, true, true);

	build_earth(g);
	if (build_buffers(g, err, errlen) == -1) {
		globe_gl_free(g);
		return NULL;
	}
	return g;
}

void
globe_gl_free(struct globe_gl *g)
{
	if (g == NULL)
		return;
	if (g->world_tex != 0)
		glDeleteTextures(1, &g->world_tex);
	if (g->earth_vbo != 0)
		glDeleteBuffers(1, &g->earth_vbo);
	if (g->earth_ibo != 0)
		glDeleteBuffers(1, &g->earth_ibo);
	if (g->ends_vbo != 0)
		glDeleteBuffers(1, &g->ends_vbo);
	if (g->balls_vbo != 0)
		glDeleteBuffers(1, &g->balls_vbo);
	if (g->earth_vao != 0)
		glDeleteVertexArrays(1, &g->earth_vao);
	if (g->flight_vao != 0)
		glDeleteVertexArrays(1, &g->flight_vao);
	if (g->trail_vao != 0)
		glDeleteVertexArrays(1, &g->trail_vao);
	if (g->earth_prog != 0)
		glDeleteProgram(g->earth_prog);
	if (g->flight_prog != 0)
		glDeleteProgram(g->flight_prog);
	if (g->trail_prog != 0)
		glDeleteProgram(g->trail_prog);
	free(g);
}

static void
upload_slots(struct globe_gl *g, const struct history *h,
    const struct globe_places *gp, size_t first, size_t count)
{
	glBindBuffer(GL_ARRAY_BUFFER, g->ends_vbo);
	glBufferSubData(GL_ARRAY_BUFFER, (GLintptr)(first * 4 * sizeof(float)),
	    (GLsizeiptr)(count * 4 * sizeof(float)), &gp->ends[first * 4]);
	glBindBuffer(GL_ARRAY_BUFFER, g->balls_vbo);
	glBufferSubData(GL_ARRAY_BUFFER,
	    (GLintptr)(first * sizeof(struct hist_ball)),
	    (GLsizeiptr)(count * sizeof(struct hist_ball)), &h->balls[first]);
}

void
globe_gl_upload(struct globe_gl *g, const struct history *h,
    const struct globe_places *gp)
{
	uint64_t from = g->uploaded;
	size_t slot, n, count;

	if (h->head == from || gp->cap != g->cap || h->cap != g->cap)
		return;
	if (from < h->tail)
		from = h->tail;
	if (h->head - from >= g->cap) {
		upload_slots(g, h, gp, 0, g->cap);
	} else {
		count = (size_t)(h->head - from);
		slot = history_slot(h, from);
		n = count < g->cap - slot ? count : g->cap - slot;
		upload_slots(g, h, gp, slot, n);
		if (count > n)
			upload_slots(g, h, gp, 0, count - n);
	}
	g->uploaded = h->head;
}

static GLint
sel_slot(const struct scene *s, const struct history *h, uint64_t seq)
{
	if (seq == SCENE_NONE || seq < s->first || seq >= s->end)
		return -1;
	return (GLint)history_slot(h, seq);
}

static void
draw_earth(struct globe_gl *g, const struct camera *cam, const float vp[16])
{
	float eye[3], n;

	camera_eye(cam, eye);
	n = sqrtf(eye[0] * eye[0] + eye[1] * eye[1] + eye[2] * eye[2]);
	if (n > 0.0f) {
		eye[0] /= n;
		eye[1] /= n;
		eye[2] /= n;
	}
	glUseProgram(g->earth_prog);
	glUniformMatrix4fv(g->e_vp, 1, GL_FALSE, vp);
	glUniform3fv(g->e_eye, 1, eye);
	glActiveTexture(GL_TEXTURE0);
	glBindTexture(GL_TEXTURE_2D, g->world_tex);
	glEnable(GL_POLYGON_OFFSET_FILL);
	glPolygonOffset(1.0f, 4.0f);
	/* Counter-clockwise from outside: east, then north of a corner. */
	glEnable(GL_CULL_FACE);
	glCullFace(GL_BACK);
	glBindVertexArray(g->earth_vao);
	glDrawElements(GL_TRIANGLES, g->earth_count, GL_UNSIGNED_INT, NULL);
	glBindVertexArray(0);
	glDisable(GL_CULL_FACE);
	glDisable(GL_POLYGON_OFFSET_FILL);
	glBindTexture(GL_TEXTURE_2D, 0);
}

/* Time uniforms as render.c sets them: ms since the epoch and a fraction. */
static void
time_uniforms(const struct scene *s, const struct history *h, GLint u_ms,
    GLint u_frac, GLint u_flight)
{
	int64_t rel = s->t - h->epoch, ms = rel / 1000000;

	if (rel % 1000000 < 0)
		ms--;
	glUniform1ui(u_ms, (GLuint)(uint64_t)ms);
	glUniform1f(u_frac, (float)(rel - ms * 1000000) / 1e6f);
	glUniform1f(u_flight, (float)((double)s->flight / 1e6));
}

static void
draw_flights(struct globe_gl *g, const struct camera *cam,
    const struct scene *s, const struct history *h, const float vp[16])
{
	GLint firsts[2], sel[2];
	GLsizei counts[2], nranges = 1;
	uint64_t count = scene_in_flight(s);
	size_t slot;
	float t, eye[3];
	int i;

	if (count == 0)
		return;
	slot = history_slot(h, s->first);
	firsts[0] = (GLint)slot;
	counts[0] = (GLsizei)(count < g->cap - slot ? count : g->cap - slot);
	if ((uint64_t)counts[0] < count) {
		firsts[1] = 0;
		counts[1] = (GLsizei)(count - (uint64_t)counts[0]);
		nranges = 2;
	}

	/* The paths, translucent, depth-tested only. */
	glEnable(GL_BLEND);
	glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
	glDepthMask(GL_FALSE);
	glUseProgram(g->trail_prog);
	glUniformMatrix4fv(g->t_vp, 1, GL_FALSE, vp);
	time_uniforms(s, h, g->t_now_ms, g->t_now_frac, g->t_flight_ms);
	glBindVertexArray(g->trail_vao);
	for (i = 0; i < nranges; i++) {
		point_attribs(g, (size_t)firsts[i], 1);
		glDrawArraysInstanced(GL_LINE_STRIP, 0, TRAIL_SEGMENTS + 1,
		    counts[i]);
	}
	point_attribs(g, 0, 1);
	glDepthMask(GL_TRUE);
	glDisable(GL_BLEND);

	/* The balls. */
	t = 1.0f / tanf(cam->fov_deg * (float)M_PI / 360.0f);
	sel[0] = sel_slot(s, h, s->hover);
	sel[1] = sel_slot(s, h, s->pinned);
	glUseProgram(g->flight_prog);
	glUniformMatrix4fv(g->f_vp, 1, GL_FALSE, vp);
	time_uniforms(s, h, g->f_now_ms, g->f_now_frac, g->f_flight_ms);
	glUniform1f(g->f_px_scale, (float)camera_virtual_h(cam) * t / 2.0f);
	glUniform2i(g->f_sel, sel[0], sel[1]);
	camera_eye(cam, eye);
	glUniform3fv(g->f_eye, 1, eye);
	glBindVertexArray(g->flight_vao);
	glMultiDrawArrays(GL_POINTS, firsts, counts, nranges);
	glBindVertexArray(0);
}

void
globe_gl_frame(struct globe_gl *g, const struct camera *cam,
    const struct scene *s, const struct history *h, struct skydome *sky)
{
	float vp[16];
	int port[4];

	camera_viewproj(cam, vp);
	/* The camera's viewport, its guard band off the window (render.c). */
	camera_viewport(cam, port);
	glViewport(port[0], port[1], port[2], port[3]);
	glClearColor(RENDER_BG_R, RENDER_BG_G, RENDER_BG_B, 1.0f);
	glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
	if (sky != NULL)
		skydome_draw(sky, cam);
	glEnable(GL_DEPTH_TEST);
	glDepthFunc(GL_LEQUAL);
	glDepthMask(GL_TRUE);
	draw_earth(g, cam, vp);
	draw_flights(g, cam, s, h, vp);
	glDepthFunc(GL_LESS);
	glDisable(GL_DEPTH_TEST);
	glUseProgram(0);
	glViewport(0, 0, cam->w, cam->h);
}
