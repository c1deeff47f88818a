/*
 * gwboard.c - the gateway board and its balls (see gwboard.h).
 */
#include "config.h"
#include "gwboard.h"

#include <GL/glew.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glutil.h"
#include "log.h"
#include "protocol.h"
#include "scene.h"

#define GRID		8
#define BOARD_VERTS	(6 + 2 * (GRID - 1) * 2 + 8)
#define MIN_POINT_PX	2.0f

struct gw_vertex {
	float		 pos[3];
	uint8_t		 rgba[4];
};

struct gwboard {
	GLuint		 board_prog, ball_prog;
	GLuint		 board_vao, board_vbo, ball_vao, ball_vbo;
	GLsizei		 board_tris, board_lines;
	GLint		 b_vp, u_vp, u_radius, u_px_scale, u_min_px;
	struct gw_vertex *balls;
	uint64_t	 drawn, over_cap;
};

static void
vertex(struct gw_vertex *v, size_t *n, float u, float w, const uint8_t c[4])
{
	gateway_board_point(u, w, v[*n].pos);
	memcpy(v[*n].rgba, c, 4);
	(*n)++;
}

static void
layout(GLuint vao, GLuint vbo)
{
	glBindVertexArray(vao);
	glBindBuffer(GL_ARRAY_BUFFER, vbo);
	glEnableVertexAttribArray(0);
	glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE,
	    sizeof(struct gw_vertex), (void *)offsetof(struct gw_vertex, pos));
	glEnableVertexAttribArray(1);
	glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE,
	    sizeof(struct gw_vertex), (void *)offsetof(struct gw_vertex, rgba));
	glBindVertexArray(0);
}

/* A translucent green square, its grid and its frame (render.c's look). */
static void
build_board(struct gwboard *g)
{
	static const uint8_t fill[4] = { 60, 190, 110, 40 };
	static const uint8_t grid[4] = { 170, 225, 190, 60 };
	static const uint8_t frame[4] = { 200, 240, 215, 180 };
	static const float corner[5][2] = {
		{ 0, 0 }, { 1, 0 }, { 1, 1 }, { 0, 1 }, { 0, 0 }
	};
	struct gw_vertex v[BOARD_VERTS];
	size_t n = 0;
	int i;

	vertex(v, &n, 0, 0, fill);
	vertex(v, &n, 1, 0, fill);
	vertex(v, &n, 1, 1, fill);
	vertex(v, &n, 0, 0, fill);
	vertex(v, &n, 1, 1, fill);
	vertex(v, &n, 0, 1, fill);
	g->board_tris = (GLsizei)n;
	for (i = 1; i < GRID; i++) {
		float f = (float)i / GRID;

		vertex(v, &n, f, 0, grid);
		vertex(v, &n, f, 1, grid);
		vertex(v, &n, 0, f, grid);
		vertex(v, &n, 1, f, grid);
	}
	for (i = 0; i < 4; i++) {
		vertex(v, &n, corner[i][0], corner[i][1], frame);
		vertex(v, &n, corner[i + 1][0], corner[i + 1][1], frame);
	}
	g->board_lines = (GLsizei)n - g->board_tris;
	glGenVertexArrays(1, &g->board_vao);
	glGenBuffers(1, &g->board_vbo);
	glBindBuffer(GL_ARRAY_BUFFER, g->board_vbo);
	glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(n * sizeof(v[0])), v,
	    GL_STATIC_DRAW);
	layout(g->board_vao, g->board_vbo);
}

struct gwboard *
gwboard_new(const char *dir, char *err, size_t errlen)
{
	struct gwboard *g;

	g = xcalloc(1, sizeof(*g));
	if ((g->board_prog = gl_program(dir, "board", err, errlen)) == 0 ||
	    (g->ball_prog = gl_program(dir, "gwball", err, errlen)) == 0) {
		gwboard_free(g);
		return NULL;
	}
	g->b_vp = glGetUniformLocation(g->board_prog, "u_vp");
	g->u_vp = glGetUniformLocation(g->ball_prog, "u_vp");
	g->u_radius = glGetUniformLocation(g->ball_prog, "u_radius");
	g->u_px_scale = glGetUniformLocation(g->ball_prog, "u_px_scale");
	g->u_min_px = glGetUniformLocation(g->ball_prog, "u_min_px");
	build_board(g);
	glGenVertexArrays(1, &g->ball_vao);
	glGenBuffers(1, &g->ball_vbo);
	layout(g->ball_vao, g->ball_vbo);
	g->balls = xcalloc(GWBOARD_BALLS_MAX, sizeof(*g->balls));
	return g;
}

void
gwboard_free(struct gwboard *g)
{
	if (g == NULL)
		return;
	if (g->board_vbo != 0)
		glDeleteBuffers(1, &g->board_vbo);
	if (g->ball_vbo != 0)
		glDeleteBuffers(1, &g->ball_vbo);
	if (g->board_vao != 0)
		glDeleteVertexArrays(1, &g->board_vao);
	if (g->ball_vao != 0)
		glDeleteVertexArrays(1, &g->ball_vao);
	if (g->board_prog != 0)
		glDeleteProgram(g->board_prog);
	if (g->ball_prog != 0)
		glDeleteProgram(g->ball_prog);
	free(g->balls);
	free(g);
}

void
gwboard_draw(struct gwboard *g, const struct camera *cam,
    const struct gateways *gw, int64_t t, int64_t flight)
{
	uint64_t first, end, seq;
	uint32_t rgb;
	size_t n = 0;
	float vp[16], f;

	if (g == NULL || gw == NULL)
		return;
	g->drawn = 0;
	camera_viewproj(cam, vp);
	glEnable(GL_BLEND);
	glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
	if (gateway_board_shown(gw)) {
		glUseProgram(g->board_prog);
		glUniformMatrix4fv(g->b_vp, 1, GL_FALSE, vp);
		glBindVertexArray(g->board_vao);
		glDrawArrays(GL_TRIANGLES, 0, g->board_tris);
		glDrawArrays(GL_LINES, g->board_tris, g->board_lines);
	}
	glDisable(GL_BLEND);

	gateways_in_flight(gw, t, flight, &first, &end);
	for (seq = first; seq < end; seq++) {
		if (n == GWBOARD_BALLS_MAX) {
			g->over_cap += end - seq;
			break;
		}
		if (!gateway_ball_pos(gw, seq, t, flight, g->balls[n].pos))
			continue;
		rgb = pt_flag_rgb(gateway_record(gw, seq)->flag);
		g->balls[n].rgba[0] = (uint8_t)(rgb >> 16);
		g->balls[n].rgba[1] = (uint8_t)(rgb >> 8);
		g->balls[n].rgba[2] = (uint8_t)rgb;
		g->balls[n].rgba[3] = 255;
		n++;
	}
	if (n > 0) {
		f = 1.0f / tanf(cam->fov_deg * (float)M_PI / 360.0f);
		glUseProgram(g->ball_prog);
		glUniformMatrix4fv(g->u_vp, 1, GL_FALSE, vp);
		glUniform1f(g->u_radius, SCENE_BALL_RADIUS);
		glUniform1f(g->u_px_scale, (float)cam->h * f / 2.0f);
		glUniform1f(g->u_min_px, MIN_POINT_PX);
		glBindBuffer(GL_ARRAY_BUFFER, g->ball_vbo);
		glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(n *
		    sizeof(*g->balls)), g->balls, GL_STREAM_DRAW);
		glBindVertexArray(g->ball_vao);
		glDrawArrays(GL_POINTS, 0, (GLsizei)n);
	}
	glBindVertexArray(0);
	glUseProgram(0);
	g->drawn = n;
}

uint64_t
gwboard_drawn(const struct gwboard *g)
{
	return g != NULL ? g->drawn : 0;
}

uint64_t
gwboard_over_cap(const struct gwboard *g)
{
	return g != NULL ? g->over_cap : 0;
}
