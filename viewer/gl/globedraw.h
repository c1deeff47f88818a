/*
 * globedraw.h - drawing the globe mode (globe.c): the textured Earth, the paths flown so
 * far and the balls on their great circles (viewer/core/globe.h's model,
 * computed again in the shaders earth.*, trail.*, flight.*).
 */
#ifndef PACKTER_VIEWER_GL_GLOBE_H
#define PACKTER_VIEWER_GL_GLOBE_H

#include <SDL.h>
#include <stddef.h>

#include "camera.h"
#include "globe.h"
#include "history.h"
#include "scene.h"

struct globe_gl;
struct skydome;

/*
 * The programs, the Earth's mesh, buffers for cap records; world (an RGBA
 * surface, the equirectangular world map, or NULL for a plain ocean) is
 * copied to a texture.  NULL with err set.
 */
struct globe_gl	*globe_gl_new(const char *shader_dir, size_t cap,
		    SDL_Surface *world, char *err, size_t errlen);
void		 globe_gl_free(struct globe_gl *);
/* The records and places that came since the last call, to the GPU. */
void		 globe_gl_upload(struct globe_gl *, const struct history *,
		    const struct globe_places *);
/* A whole frame (clear, sky dome if any, Earth, paths, balls). */
void		 globe_gl_frame(struct globe_gl *, const struct camera *,
		    const struct scene *, const struct history *,
		    struct skydome *);

#endif /* PACKTER_VIEWER_GL_GLOBE_H */
