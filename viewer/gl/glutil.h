/*
 * glutil.h - shader programs from data files, textures from pictures, and
 * GL error reporting.
 */
#ifndef PACKTER_VIEWER_GLUTIL_H
#define PACKTER_VIEWER_GLUTIL_H

#include <GL/glew.h>
#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Compile and link dir/name.vert + dir/name.frag.  Returns the program, or 0
 * with the reason (the compiler's info log included) in err.
 */
GLuint	gl_program(const char *dir, const char *name, char *err, size_t errlen);

/*
 * The directory holding the shaders: the one given, else $PACKTER_SHADERDIR,
 * else the installed one, else the source tree's (running from the build
 * tree).  NULL if none has ball.vert.
 */
const char *gl_shader_dir(const char *given);

/*
 * After the GL context is made current: load the functions (GLEW) and check
 * that those of OpenGL 3.3 we use are there.  0, or -1 with err set.
 */
int	gl_init(char *err, size_t errlen);

/* The renderer's and the GL version's names, for logs and benchmarks. */
const char *gl_renderer(void);
const char *gl_version(void);

/*
 * A texture of an RGBA32 surface (image_decode()'s), scaled down to what
 * the GL takes; mipmapped when asked; repeat along s when asked (the sky's
 * longitude).
 */
GLuint	gl_texture(SDL_Surface *, bool mipmap, bool repeat_s);

#endif /* PACKTER_VIEWER_GLUTIL_H */
