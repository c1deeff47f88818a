/*
 * render.h - the scene into GL draw calls: the balls in flight, the boards.
 *
 * The renderer keeps a copy of the history's ball ring in one vertex buffer
 * (same slots, uploaded as records arrive) and draws the records in flight as
 * point sprites with one glMultiDrawArrays call (the run of slots can wrap
 * around the ring's end, hence two ranges in one call).  Nothing is allocated
 * per frame.
 */
#ifndef PACKTER_VIEWER_RENDER_H
#define PACKTER_VIEWER_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "camera.h"
#include "history.h"
#include "scene.h"

struct render;

struct render	*render_new(const char *shader_dir, size_t capacity,
		    char *err, size_t errlen);
void		 render_free(struct render *);

/* Copy the records that arrived since the last call to the GPU. */
void		 render_upload(struct render *, const struct history *);

/* Clear, draw the balls in flight and the boards. */
void		 render_frame(struct render *, const struct camera *,
		    const struct scene *, const struct history *);

/* The drawn frame as RGB rows, top row first: w * h * 3 bytes. */
void		 render_read_rgb(int w, int h, uint8_t *rgb);

/* Background colour, for the tests' documentation and the HUD. */
#define RENDER_BG_R	0.03f
#define RENDER_BG_G	0.04f
#define RENDER_BG_B	0.08f

#endif /* PACKTER_VIEWER_RENDER_H */
