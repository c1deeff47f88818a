/*
 * glutil.c - load, compile and link the viewer's shaders; upload textures.
 */
#include "config.h"
#include "glutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errbuf.h"
#include "log.h"

#define SHADER_MAX	(256 * 1024)

#ifndef PACKTER_SHADERDIR
#define PACKTER_SHADERDIR	"/usr/local/share/packter/shaders"
#endif
#ifndef PACKTER_SRCDIR
#define PACKTER_SRCDIR		"."
#endif

/* Read a whole text file (bounded) into a NUL-terminated buffer. */
static char *
read_text(const char *path, char *err, size_t errlen)
{
	FILE *f;
	char *buf;
	size_t n;

	if ((f = fopen(path, "r")) == NULL) {
		(void)errbuf_fmt_errno(err, errlen, errno, "%s", path);
		return NULL;
	}
	buf = xmalloc(SHADER_MAX + 1);
	n = fread(buf, 1, SHADER_MAX + 1, f);
	if (ferror(f) || n > SHADER_MAX) {
		snprintf(err, errlen, "%s: %s", path,
		    n > SHADER_MAX ? "too large" : "read error");
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static GLuint
compile(GLenum type, const char *path, char *err, size_t errlen)
{
	GLuint sh;
	GLint ok = 0;
	char *src, log[2048];
	const GLchar *srcs[1];

	if ((src = read_text(path, err, errlen)) == NULL)
		return 0;
	sh = glCreateShader(type);
	srcs[0] = src;
	glShaderSource(sh, 1, srcs, NULL);
	glCompileShader(sh);
	free(src);
	glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
	if (!ok) {
		log[0] = '\0';
		glGetShaderInfoLog(sh, sizeof(log), NULL, log);
		snprintf(err, errlen, "%s: compile error:\n%s", path, log);
		glDeleteShader(sh);
		return 0;
	}
	return sh;
}

GLuint
gl_program(const char *dir, const char *name, char *err, size_t errlen)
{
	char path[4096], log[2048];
	GLuint vs, fs, prog;
	GLint ok = 0;
	int n;

	n = snprintf(path, sizeof(path), "%s/%s.vert", dir, name);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		snprintf(err, errlen, "shader path too long");
		return 0;
	}
	if ((vs = compile(GL_VERTEX_SHADER, path, err, errlen)) == 0)
		return 0;
	(void)snprintf(path, sizeof(path), "%s/%s.frag", dir, name);
	if ((fs = compile(GL_FRAGMENT_SHADER, path, err, errlen)) == 0) {
		glDeleteShader(vs);
		return 0;
	}
	prog = glCreateProgram();
	glAttachShader(prog, vs);
	glAttachShader(prog, fs);
	glLinkProgram(prog);
	glDeleteShader(vs);
	glDeleteShader(fs);
	glGetProgramiv(prog, GL_LINK_STATUS, &ok);
	if (!ok) {
		log[0] = '\0';
		glGetProgramInfoLog(prog, sizeof(log), NULL, log);
		snprintf(err, errlen, "%s/%s: link error:\n%s", dir, name, log);
		glDeleteProgram(prog);
		return 0;
	}
	return prog;
}

static int
has_shaders(const char *dir)
{
	char path[4096];
	int n;

	n = snprintf(path, sizeof(path), "%s/ball.vert", dir);
	return n > 0 && (size_t)n < sizeof(path) && access(path, R_OK) == 0;
}

const char *
gl_shader_dir(const char *given)
{
	static const char *const tree = PACKTER_SRCDIR "/viewer/gl/shaders";
	const char *env;

	if (given != NULL)
		return given;
	if ((env = getenv("PACKTER_SHADERDIR")) != NULL && env[0] != '\0')
		return env;
	if (has_shaders(PACKTER_SHADERDIR))
		return PACKTER_SHADERDIR;
	if (has_shaders(tree))
		return tree;
	return NULL;
}

GLuint
gl_texture(SDL_Surface *s, bool mipmap, bool repeat_s)
{
	SDL_Surface *scaled = NULL;
	GLint max = 0;
	GLuint tex;
	int w = s->w, h = s->h;

	glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max);
	if (max > 0 && (w > max || h > max)) {
		if (w >= h) {
			h = (int)((int64_t)h * max / w);
			w = max;
		} else {
			w = (int)((int64_t)w * max / h);
			h = max;
		}
		scaled = SDL_CreateRGBSurfaceWithFormat(0, w > 0 ? w : 1,
		    h > 0 ? h : 1, 32, SDL_PIXELFORMAT_RGBA32);
		if (scaled != NULL) {
			SDL_SetSurfaceBlendMode(s, SDL_BLENDMODE_NONE);
			SDL_BlitScaled(s, NULL, scaled, NULL);
			s = scaled;
		}
	}
	glGenTextures(1, &tex);
	glBindTexture(GL_TEXTURE_2D, tex);
	glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
	glPixelStorei(GL_UNPACK_ROW_LENGTH, s->pitch / 4);
	SDL_LockSurface(s);
	glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, s->w, s->h, 0, GL_RGBA,
	    GL_UNSIGNED_BYTE, s->pixels);
	SDL_UnlockSurface(s);
	glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
	if (mipmap)
		glGenerateMipmap(GL_TEXTURE_2D);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER,
	    mipmap ? GL_LINEAR_MIPMAP_LINEAR : GL_LINEAR);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S,
	    repeat_s ? GL_REPEAT : GL_CLAMP_TO_EDGE);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
	glBindTexture(GL_TEXTURE_2D, 0);
	SDL_FreeSurface(scaled);
	return tex;
}

int
gl_init(char *err, size_t errlen)
{
	GLenum e;

	glewExperimental = GL_TRUE;
	e = glewInit();
	/*
	 * GLEW built for GLX says NO_GLX_DISPLAY under EGL (the offscreen
	 * driver) after it has loaded the core functions: harmless.
	 */
	if (e != GLEW_OK && e != GLEW_ERROR_NO_GLX_DISPLAY)
		return errbuf_fmt(err, errlen, "GLEW: %s",
		    (const char *)glewGetErrorString(e));
	if (glCreateShader == NULL || glMultiDrawArrays == NULL ||
	    glVertexAttribIPointer == NULL || glFenceSync == NULL)
		return errbuf_fmt(err, errlen, "OpenGL 3.3 functions missing "
		    "(GLEW: %s)", (const char *)glewGetErrorString(e));
	while (glGetError() != GL_NO_ERROR)
		;	/* glewInit's probing in a core context */
	return 0;
}

const char *
gl_renderer(void)
{
	const char *r = (const char *)glGetString(GL_RENDERER);

	return r != NULL ? r : "?";
}

const char *
gl_version(void)
{
	const char *v = (const char *)glGetString(GL_VERSION);

	return v != NULL ? v : "?";
}
