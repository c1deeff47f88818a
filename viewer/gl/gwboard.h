/*
 * gwboard.h - the gateway board and the balls that pass it
 * (PACKTERWITHGATEWAY, core/gateway.h): drawn over the scene.
 *
 * The board is a translucent green square half way between the sender and
 * receiver boards (the plane x = 0), with a grid and a frame, drawn while
 * gateway_board_shown() says so; the balls in flight are point sprites at
 * the positions gateway_ball_pos() gives, coloured by flag mod 10, at most
 * GWBOARD_BALLS_MAX a frame (the rest counted).
 */
#ifndef PACKTER_VIEWER_GWBOARD_H
#define PACKTER_VIEWER_GWBOARD_H

#include <stdint.h>

#include "camera.h"
#include "gateway.h"

#define GWBOARD_BALLS_MAX	65536

struct gwboard;

struct gwboard	*gwboard_new(const char *shader_dir, char *err, size_t errlen);
void		 gwboard_free(struct gwboard *);

/* The board and the balls in flight at t. */
void		 gwboard_draw(struct gwboard *, const struct camera *,
		    const struct gateways *, int64_t t, int64_t flight);

/* Balls drawn in the last frame, and left out over the cap in all. */
uint64_t	 gwboard_drawn(const struct gwboard *);
uint64_t	 gwboard_over_cap(const struct gwboard *);

#endif /* PACKTER_VIEWER_GWBOARD_H */
