/*
 * model.c - models for flags of 10 and more: load, index, draw instanced.
 */
#include "config.h"
#include "model.h"

#include <GL/glew.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flagindex.h"
#include "glutil.h"
#include "image.h"
#include "log.h"
#include "protocol.h"
#include "xmesh.h"

struct model {
	unsigned	 flag;
	GLuint		 vao, vbo, tex;
	GLsizei		 nverts;
	float		 center[3];
	float		 scale;
};

struct models {
	struct model	 m[MODELS_MAX];
	int		 n;
	GLuint		 prog, inst_vbo;
	GLint		 u_vp, u_now_ms, u_now_frac, u_flight_ms, u_board,
			 u_center, u_scale, u_tex;
	struct flag_index idx;		/* the model records (core) */
	struct hist_ball *inst;		/* a frame's instances of one model */
	uint64_t	 drawn, over_cap;
};

struct models *
models_new(const char *shader_dir, size_t index_cap, char *err, size_t errlen)
{
	struct models *ms;

	ms = xcalloc(1, sizeof(*ms));
	if ((ms->prog = gl_program(shader_dir, "model", err, errlen)) == 0) {
		free(ms);
		return NULL;
	}
	ms->u_vp = glGetUniformLocation(ms->prog, "u_vp");
	ms->u_now_ms = glGetUniformLocation(ms->prog, "u_now_ms");
	ms->u_now_frac = glGetUniformLocation(ms->prog, "u_now_frac");
	ms->u_flight_ms = glGetUniformLocation(ms->prog, "u_flight_ms");
	ms->u_board = glGetUniformLocation(ms->prog, "u_board");
	ms->u_center = glGetUniformLocation(ms->prog, "u_center");
	ms->u_scale = glGetUniformLocation(ms->prog, "u_scale");
	ms->u_tex = glGetUniformLocation(ms->prog, "u_tex");
	glGenBuffers(1, &ms->inst_vbo);
	flag_index_init(&ms->idx, index_cap);
	ms->inst = xcalloc(MODEL_INSTANCES_MAX, sizeof(*ms->inst));
	return ms;
}

void
models_free(struct models *ms)
{
	int i;

	if (ms == NULL)
		return;
	for (i = 0; i < ms->n; i++) {
		glDeleteVertexArrays(1, &ms->m[i].vao);
		glDeleteBuffers(1, &ms->m[i].vbo);
		glDeleteTextures(1, &ms->m[i].tex);
	}
	if (ms->inst_vbo != 0)
		glDeleteBuffers(1, &ms->inst_vbo);
	if (ms->prog != 0)
		glDeleteProgram(ms->prog);
	flag_index_free(&ms->idx);
	free(ms->inst);
	free(ms);
}

int
models_add(struct models *ms, unsigned flag, const struct obj_mesh *mesh,
    SDL_Surface *tex)
{
	struct model *m;
	float ext = 0;
	int k;

	if (ms->n == MODELS_MAX)
		return -1;
	/* Flags of classes stay balls. */
	if (flag < PT_FLAG_CLASSES || !flag_index_add(&ms->idx, flag))
		return -1;
	m = &ms->m[ms->n++];
	memset(m, 0, sizeof(*m));
	m->flag = flag;
	m->nverts = (GLsizei)mesh->n;
	for (k = 0; k < 3; k++) {
		m->center[k] = (mesh->min[k] + mesh->max[k]) / 2.0f;
		if (mesh->max[k] - mesh->min[k] > ext)
			ext = mesh->max[k] - mesh->min[k];
	}
	m->scale = ext > 0 ? MODEL_SIZE / ext : 1.0f;
	m->tex = gl_texture(tex, true, false);

	glGenVertexArrays(1, &m->vao);
	glGenBuffers(1, &m->vbo);
	glBindVertexArray(m->vao);
	glBindBuffer(GL_ARRAY_BUFFER, m->vbo);
	glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(mesh->n * sizeof(*mesh->v)),
	    mesh->v, GL_STATIC_DRAW);
	glEnableVertexAttribArray(0);
	glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, sizeof(*mesh->v),
	    (void *)offsetof(struct obj_vertex, pos));
	glEnableVertexAttribArray(1);
	glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(*mesh->v),
	    (void *)offsetof(struct obj_vertex, uv));
	glEnableVertexAttribArray(2);
	glVertexAttribPointer(2, 3, GL_FLOAT, GL_FALSE, sizeof(*mesh->v),
	    (void *)offsetof(struct obj_vertex, normal));
	/* Per instance: a record as the history keeps it. */
	glBindBuffer(GL_ARRAY_BUFFER, ms->inst_vbo);
	glEnableVertexAttribArray(3);
	glVertexAttribPointer(3, 4, GL_FLOAT, GL_FALSE,
	    sizeof(struct hist_ball), (void *)offsetof(struct hist_ball, sx));
	glVertexAttribDivisor(3, 1);
	glEnableVertexAttribArray(4);
	glVertexAttribIPointer(4, 1, GL_UNSIGNED_INT, sizeof(struct hist_ball),
	    (void *)offsetof(struct hist_ball, stamp_ms));
	glVertexAttribDivisor(4, 1);
	glBindVertexArray(0);
	return 0;
}

/* Read a media file we name ourselves (the models directory). */
static void *
read_media(struct media *md, const char *name, size_t *size)
{
	char err[256];
	void *buf;
	int res;

	buf = media_read(md, name, strlen(name), size, &res, err, sizeof(err));
	if (buf == NULL)
		log_warn("model: %s: %s", name, err);
	return buf;
}

/* A picture of the models directory, or NULL (quietly: it may be absent). */
static SDL_Surface *
model_picture(struct media *md, const char *name)
{
	char path[XMESH_NAME_MAX + 16], err[256];
	SDL_Surface *s;
	void *buf;
	size_t size;
	int res;

	if (name[0] == '\0' || (size_t)snprintf(path, sizeof(path),
	    "models/%s", name) >= sizeof(path))
		return NULL;
	if ((buf = media_read(md, path, strlen(path), &size, &res, err,
	    sizeof(err))) == NULL) {
		if (res != MEDIA_E_MISSING)
			log_warn("model: %s: %s", path, err);
		return NULL;
	}
	if ((s = image_decode(buf, size, err, sizeof(err))) == NULL)
		log_warn("model: %s: %s", path, err);
	free(buf);
	return s;
}

/* One pixel of the colour of flag mod 10: a texture for a bare model. */
static SDL_Surface *
flag_colour(unsigned flag)
{
	uint32_t rgb = pt_flag_rgb(flag);
	SDL_Surface *s;
	uint8_t *p;

	if ((s = SDL_CreateRGBSurfaceWithFormat(0, 1, 1, 32,
	    SDL_PIXELFORMAT_RGBA32)) == NULL)
		return NULL;
	p = s->pixels;
	p[0] = (uint8_t)(rgb >> 16);
	p[1] = (uint8_t)(rgb >> 8);
	p[2] = (uint8_t)rgb;
	p[3] = 255;
	return s;
}

/*
 * The reference viewer's models, models/packter<NN>.x for flag NN - 1: the
 * texture its material names, else packter<NN>.png, else flag mod 10's
 * colour.  A flag that has an OBJ model keeps it.
 */
static int
load_xmodels(struct models *ms, struct media *md)
{
	unsigned flags[MODELS_MAX];
	char name[64], tex_name[XMESH_NAME_MAX], err[256];
	struct obj_mesh mesh;
	SDL_Surface *tex;
	void *buf;
	size_t size;
	int n, i, loaded = 0;

	n = media_xmodel_flags(md, flags, MODELS_MAX);
	for (i = 0; i < n && ms->n < MODELS_MAX; i++) {
		if (flag_index_has(&ms->idx, flags[i]))
			continue;
		(void)snprintf(name, sizeof(name), "models/packter%u.x",
		    flags[i] + 1);
		if ((buf = read_media(md, name, &size)) == NULL)
			continue;
		if (xmesh_parse(buf, size, &mesh, tex_name, err,
		    sizeof(err)) == -1) {
			log_warn("model: %s: %s", name, err);
			free(buf);
			continue;
		}
		free(buf);
		(void)snprintf(name, sizeof(name), "packter%u.png",
		    flags[i] + 1);
		if ((tex = model_picture(md, tex_name)) == NULL &&
		    (tex = model_picture(md, name)) == NULL)
			tex = flag_colour(flags[i]);
		if (tex != NULL && models_add(ms, flags[i], &mesh, tex) == 0) {
			loaded++;
			log_debug("model for flag %u: packter%u.x, %zu "
			    "triangles", flags[i], flags[i] + 1, mesh.n / 3);
		}
		SDL_FreeSurface(tex);
		obj_free(&mesh);
	}
	return loaded;
}

int
models_load(struct models *ms, struct media *md)
{
	unsigned flags[MODELS_MAX];
	char name[64], err[256];
	struct obj_mesh mesh;
	SDL_Surface *tex;
	void *buf;
	size_t size;
	int n, i, loaded = 0;

	n = media_model_flags(md, flags, MODELS_MAX);
	for (i = 0; i < n; i++) {
		(void)snprintf(name, sizeof(name), "models/flag-%u.obj",
		    flags[i]);
		if ((buf = read_media(md, name, &size)) == NULL)
			continue;
		if (obj_parse(buf, size, &mesh, err, sizeof(err)) == -1) {
			log_warn("model: %s: %s", name, err);
			free(buf);
			continue;
		}
		free(buf);
		(void)snprintf(name, sizeof(name), "models/flag-%u.png",
		    flags[i]);
		if ((buf = read_media(md, name, &size)) == NULL) {
			obj_free(&mesh);
			continue;
		}
		tex = image_decode(buf, size, err, sizeof(err));
		free(buf);
		if (tex == NULL) {
			log_warn("model: %s: %s", name, err);
			obj_free(&mesh);
			continue;
		}
		if (models_add(ms, flags[i], &mesh, tex) == 0) {
			loaded++;
			log_debug("model for flag %u: %zu triangles", flags[i],
			    mesh.n / 3);
		}
		SDL_FreeSurface(tex);
		obj_free(&mesh);
	}
	return loaded + load_xmodels(ms, md);
}

int
models_flags(const struct models *ms, uint32_t *flags, int max)
{
	int i;

	for (i = 0; i < ms->n && i < max; i++)
		flags[i] = ms->m[i].flag;
	return i;
}

void
models_note(struct models *ms, const struct history *h)
{
	flag_index_note(&ms->idx, h);
}

void
models_draw(struct models *ms, const struct camera *cam,
    const struct scene *s, const struct history *h, bool depth_ready)
{
	float vp[16];
	int64_t rel, ms_now;
	size_t n;
	int i;
	bool started = false;

	ms->drawn = 0;
	if (ms->n == 0)
		return;

	camera_viewproj(cam, vp);
	rel = s->t - h->epoch;
	ms_now = rel / 1000000;
	if (rel % 1000000 < 0)
		ms_now--;
	for (i = 0; i < ms->n; i++) {
		struct model *m = &ms->m[i];

		n = flag_index_in_flight(&ms->idx, h, s, m->flag, ms->inst,
		    MODEL_INSTANCES_MAX, &ms->over_cap);
		if (n == 0)
			continue;
		if (!started) {
			glUseProgram(ms->prog);
			glUniformMatrix4fv(ms->u_vp, 1, GL_FALSE, vp);
			glUniform1ui(ms->u_now_ms, (GLuint)(uint64_t)ms_now);
			glUniform1f(ms->u_now_frac,
			    (float)(rel - ms_now * 1000000) / 1e6f);
			glUniform1f(ms->u_flight_ms,
			    (float)((double)s->flight / 1e6));
			glUniform2f(ms->u_board, SCENE_BOARD_X,
			    SCENE_BOARD_HALF);
			glUniform1i(ms->u_tex, 0);
			glActiveTexture(GL_TEXTURE0);
			if (!depth_ready)
				glClear(GL_DEPTH_BUFFER_BIT);
			glEnable(GL_DEPTH_TEST);
			glDepthMask(GL_TRUE);
			glEnable(GL_CULL_FACE);
			glDisable(GL_BLEND);
			started = true;
		}
		glUniform3fv(ms->u_center, 1, m->center);
		glUniform1f(ms->u_scale, m->scale);
		glBindTexture(GL_TEXTURE_2D, m->tex);
		glBindBuffer(GL_ARRAY_BUFFER, ms->inst_vbo);
		glBufferData(GL_ARRAY_BUFFER,
		    (GLsizeiptr)(n * sizeof(*ms->inst)), ms->inst,
		    GL_STREAM_DRAW);
		glBindVertexArray(m->vao);
		glDrawArraysInstanced(GL_TRIANGLES, 0, m->nverts, (GLsizei)n);
		ms->drawn += n;
	}
	if (started) {
		glBindVertexArray(0);
		glDisable(GL_CULL_FACE);
		if (!depth_ready)
			glDisable(GL_DEPTH_TEST);
	}
}

uint64_t
models_drawn(const struct models *ms)
{
	return ms != NULL ? ms->drawn : 0;
}

uint64_t
models_over_cap(const struct models *ms)
{
	return ms != NULL ? ms->over_cap : 0;
}
