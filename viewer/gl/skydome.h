/*
 * skydome.h - a textured sphere around the scene (PACKTERSKYDOMETEXTURE).
 *
 * The texture is equirectangular (media/README: row 0 the zenith, columns
 * once around).  Without a texture there is no dome, and the background is
 * the renderer's plain colour; a file that fails to load removes the dome,
 * as the reference viewer does.
 */
#ifndef PACKTER_VIEWER_SKYDOME_H
#define PACKTER_VIEWER_SKYDOME_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

#include "camera.h"

struct skydome;

struct skydome	*skydome_new(const char *shader_dir, char *err, size_t errlen);
void		 skydome_free(struct skydome *);

/* Take this RGBA32 picture as the texture; NULL removes the dome. */
void		 skydome_set(struct skydome *, SDL_Surface *);
bool		 skydome_active(const struct skydome *);

/* Draw it behind everything (depth neither tested nor written). */
void		 skydome_draw(struct skydome *, const struct camera *);

#endif /* PACKTER_VIEWER_SKYDOME_H */
