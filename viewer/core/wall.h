/*
 * wall.h - a scene spread over a grid of screens: the frustum split.
 *
 * A video wall of cols x rows screens shows one virtual screen.  Each
 * viewer draws its own tile (col, row), counted from the top-left, with an
 * off-axis projection of its part of the virtual screen: the frustum of the
 * whole (the camera's vertical field of view over the whole height) cut to
 * the tile's rectangle, as glFrustum(l, r, b, t, near, far) takes it.  The
 * bezels, the pixels the screens' frames would cover, are part of the
 * virtual screen and drawn by no one, so a line crossing from one screen to
 * the next stays straight.  Every tile is the size of the one doing the
 * sums (the wall's screens are alike):
 *
 *     virtual width  = cols * w + (cols - 1) * bezel_x
 *     tile's x0      = col * (w + bezel_x)              (rows alike)
 *
 * A guard band of g pixels widens the tile's frustum on every side: the
 * renderer draws into a viewport as much larger, so that a ball whose
 * centre is just over the tile's edge (GL clips points by their centre) is
 * drawn in part on both screens.  Pure: no GL.
 */
#ifndef PACKTER_VIEWER_WALL_H
#define PACKTER_VIEWER_WALL_H

#include <stdbool.h>
#include <stddef.h>

#define WALL_MAX_SIDE	64	/* screens across or down */
#define WALL_MAX_BEZEL	4096	/* pixels */

struct wall_tile {
	int		 cols, rows;	/* 1 x 1: a single screen */
	int		 col, row;	/* this viewer's, from the top-left */
	int		 bezel_x, bezel_y;
};

/* One screen, no wall. */
void	wall_single(struct wall_tile *);
bool	wall_is_single(const struct wall_tile *);

/*
 * "COLSxROWS", "C,R", "PX" or "PX,PX" (options): 0, or -1 with err set.
 * wall_check() then says whether the tile lies in the grid.
 */
int	wall_parse_grid(struct wall_tile *, const char *, char *err,
	    size_t errlen);
int	wall_parse_tile(struct wall_tile *, const char *, char *err,
	    size_t errlen);
int	wall_parse_bezel(struct wall_tile *, const char *, char *err,
	    size_t errlen);
int	wall_check(const struct wall_tile *, char *err, size_t errlen);

/* The virtual screen of tiles w x h and where this tile starts in it. */
void	wall_virtual(const struct wall_tile *, int w, int h, int *vw, int *vh,
	    int *x0, int *y0);

/*
 * The near-plane rectangle of the tile (w x h pixels, widened by guard on
 * every side) for a vertical field of view whose half-angle has tangent
 * tan_half over the virtual screen: glFrustum's l, r, b, t at near.
 */
void	wall_frustum(const struct wall_tile *, int w, int h, int guard,
	    double tan_half, double near, double *l, double *r, double *b,
	    double *t);

/* glFrustum's matrix, column-major. */
void	wall_frustum_matrix(double l, double r, double b, double t,
	    double near, double far, float m[16]);

#endif /* PACKTER_VIEWER_WALL_H */
