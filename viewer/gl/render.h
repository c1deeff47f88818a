/*
 * render.h - the scene into GL draw calls: the balls in flight, the boards.
 *
 * The renderer keeps a copy of the history's ball ring in one vertex buffer
 * (same slots, uploaded as records arrive) and draws the records in flight as
 * point sprites with one glMultiDrawArrays call (the run of slots can wrap
 * around the ring's end, hence two ranges in one call).  Nothing is allocated
 * per frame.
 *
 * With occlusion, balls write a depth buffer: they hide each other by
 * distance and the translucent boards, drawn after them, tint those behind.
 * Without, the boards are drawn first and the balls over them in arrival
 * order, the hovered and pinned ones again last: on a software renderer
 * (Mesa's llvmpipe) that saves the depth work of every ball's pixels, and
 * with balls a few pixels wide the difference is hard to see.
 */
#ifndef PACKTER_VIEWER_RENDER_H
#define PACKTER_VIEWER_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "camera.h"
#include "history.h"
#include "scene.h"

struct render;
struct skydome;
struct models;
struct boards;

struct render	*render_new(const char *shader_dir, size_t capacity,
		    bool occlusion, char *err, size_t errlen);
void		 render_free(struct render *);

/*
 * The sky dome, drawn first, and the models of flags >= 10, drawn where
 * their balls would be (those balls are left out); NULL for none.
 */
void		 render_set_extras(struct render *, struct skydome *,
		    struct models *);

/* Copy the records that arrived since the last call to the GPU. */
void		 render_upload(struct render *, const struct history *);

/*
 * The boards (boards.h): their layout, and the state word of each record
 * (its sender board, hidden, dimmed, highlighted), uploaded with the balls.
 * Call again after the layout changed.  NULL: the classic pair.
 */
void		 render_set_boards(struct render *, const struct boards *);
/* Copy the records [from, to) again (their points or states changed). */
void		 render_upload_range(struct render *, const struct history *,
		    uint64_t from, uint64_t to);
/* The ball colours of flags 0-9 (0xRRGGBB), the background, a ball's size. */
void		 render_set_colours(struct render *, const uint32_t rgb[10],
		    uint32_t background);
void		 render_set_ball_radius(struct render *, float radius);

/* Clear, draw the balls in flight and the boards. */
void		 render_frame(struct render *, const struct camera *,
		    const struct scene *, const struct history *);

/*
 * After the swap: wait (a second at most) for the frame before, so at most
 * one frame is queued.  A swap that does not wait (no vsync, offscreen)
 * would let frames pile up in the driver, in memory and in latency, without
 * bound.
 */
void		 render_throttle(struct render *);

/* Wait for every frame drawn so far (benchmark timing). */
void		 render_finish(void);

/* The drawn frame as RGB rows, top row first: w * h * 3 bytes. */
void		 render_read_rgb(int w, int h, uint8_t *rgb);

/* A software renderer, where occlusion is off unless asked for. */
bool		 render_is_software(void);

/* Background colour, for the tests' documentation and the HUD. */
#define RENDER_BG_R	0.03f
#define RENDER_BG_G	0.04f
#define RENDER_BG_B	0.08f

#endif /* PACKTER_VIEWER_RENDER_H */
