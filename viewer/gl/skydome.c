/*
 * skydome.c - the sky dome: one sphere mesh, one texture.
 */
#include "config.h"
#include "skydome.h"

#include <GL/glew.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "glutil.h"
#include "image.h"
#include "log.h"

#define LON		48	/* segments around */
#define LAT		24	/* bands from pole to pole */

struct sky_vertex {
	float		 pos[3];
	float		 uv[2];
};

struct skydome {
	GLuint		 prog, vao, vbo, ibo, tex;
	GLint		 u_proj, u_view_rot, u_tex;
	GLsizei		 nindex;
};

struct skydome *
skydome_new(const char *shader_dir, char *err, size_t errlen)
{
	struct sky_vertex v[(LON + 1) * (LAT + 1)];
	uint16_t idx[LON * LAT * 6];
	struct skydome *s;
	size_t n = 0, k = 0;
	int i, j;

	s = xcalloc(1, sizeof(*s));
	if ((s->prog = gl_program(shader_dir, "sky", err, errlen)) == 0) {
		free(s);
		return NULL;
	}
	s->u_proj = glGetUniformLocation(s->prog, "u_proj");
	s->u_view_rot = glGetUniformLocation(s->prog, "u_view_rot");
	s->u_tex = glGetUniformLocation(s->prog, "u_tex");

	/* Rows from the zenith down; columns around, the seam doubled. */
	for (j = 0; j <= LAT; j++) {
		float theta = (float)M_PI * (float)j / LAT;

		for (i = 0; i <= LON; i++) {
			float phi = 2.0f * (float)M_PI * (float)i / LON;

			v[n].pos[0] = sinf(theta) * sinf(phi);
			v[n].pos[1] = cosf(theta);
			v[n].pos[2] = -sinf(theta) * cosf(phi);
			v[n].uv[0] = (float)i / LON;
			v[n].uv[1] = (float)j / LAT;
			n++;
		}
	}
	for (j = 0; j < LAT; j++)
		for (i = 0; i < LON; i++) {
			uint16_t a = (uint16_t)(j * (LON + 1) + i);
			uint16_t b = (uint16_t)(a + LON + 1);

			idx[k++] = a;
			idx[k++] = b;
			idx[k++] = (uint16_t)(a + 1);
			idx[k++] = (uint16_t)(a + 1);
			idx[k++] = b;
			idx[k++] = (uint16_t)(b + 1);
		}
	s->nindex = (GLsizei)k;

	glGenVertexArrays(1, &s->vao);
	glGenBuffers(1, &s->vbo);
	glGenBuffers(1, &s->ibo);
	glBindVertexArray(s->vao);
	glBindBuffer(GL_ARRAY_BUFFER, s->vbo);
	glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)sizeof(v), v, GL_STATIC_DRAW);
	glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, s->ibo);
	glBufferData(GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr)sizeof(idx), idx,
	    GL_STATIC_DRAW);
	glEnableVertexAttribArray(0);
	glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, sizeof(v[0]),
	    (void *)offsetof(struct sky_vertex, pos));
	glEnableVertexAttribArray(1);
	glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(v[0]),
	    (void *)offsetof(struct sky_vertex, uv));
	glBindVertexArray(0);
	return s;
}

void
skydome_free(struct skydome *s)
{
	if (s == NULL)
		return;
	if (s->tex != 0)
		glDeleteTextures(1, &s->tex);
	if (s->ibo != 0)
		glDeleteBuffers(1, &s->ibo);
	if (s->vbo != 0)
		glDeleteBuffers(1, &s->vbo);
	if (s->vao != 0)
		glDeleteVertexArrays(1, &s->vao);
	if (s->prog != 0)
		glDeleteProgram(s->prog);
	free(s);
}

void
skydome_set(struct skydome *s, SDL_Surface *pic)
{
	if (s->tex != 0)
		glDeleteTextures(1, &s->tex);
	s->tex = pic != NULL ? gl_texture(pic, true, true) : 0;
}

bool
skydome_active(const struct skydome *s)
{
	return s != NULL && s->tex != 0;
}

void
skydome_draw(struct skydome *s, const struct camera *cam)
{
	float view[16], proj[16];

	if (!skydome_active(s))
		return;
	camera_matrices(cam, view, proj);
	view[12] = view[13] = view[14] = 0.0f;
	glDisable(GL_DEPTH_TEST);
	glDepthMask(GL_FALSE);
	glDisable(GL_BLEND);
	glUseProgram(s->prog);
	glUniformMatrix4fv(s->u_proj, 1, GL_FALSE, proj);
	glUniformMatrix4fv(s->u_view_rot, 1, GL_FALSE, view);
	glUniform1i(s->u_tex, 0);
	glActiveTexture(GL_TEXTURE0);
	glBindTexture(GL_TEXTURE_2D, s->tex);
	glBindVertexArray(s->vao);
	glDrawElements(GL_TRIANGLES, s->nindex, GL_UNSIGNED_SHORT, NULL);
	glBindVertexArray(0);
	glDepthMask(GL_TRUE);
}
