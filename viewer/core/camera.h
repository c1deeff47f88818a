/*
 * camera.h - the orbit camera: matrices, projection to pixels, picking rays.
 *
 * Pure math, no GL: the renderer loads the matrices, the tests project with
 * the same model.  The eye orbits a target at distance dist:
 *     eye = target + dist * (cos(pitch) sin(yaw), sin(pitch), cos(pitch) cos(yaw))
 * looking at the target with +y up; a perspective of vertical field of view
 * fov_deg, near CAMERA_NEAR, far CAMERA_FAR.  Pixels count from the top-left
 * corner of the window, x right, y down.  Matrices are column-major, as GL
 * takes them.
 *
 * On a video wall (wall.h) the field of view spans the whole virtual
 * screen and the projection is the tile's off-axis part of it; pixels are
 * still the tile's own.  The matrices cover guard more pixels on every
 * side, for a viewport as much larger (camera_viewport()): points just
 * over the edge are drawn in part.
 */
#ifndef PACKTER_VIEWER_CAMERA_H
#define PACKTER_VIEWER_CAMERA_H

#include <stdbool.h>

#include "wall.h"

#define CAMERA_NEAR	0.05f
#define CAMERA_FAR	200.0f

enum camera_view {
	CAMERA_HOME = 0,	/* both boards, each 20 degrees off edge-on */
	CAMERA_FRONT = 1,	/* along -z: the boards as walls left and right */
	CAMERA_SIDE = 2,	/* along -x: through the receiver board */
	CAMERA_TOP = 3		/* from above */
};

struct camera {
	float		 yaw, pitch;	/* radians */
	float		 dist;
	float		 target[3];
	float		 fov_deg;
	int		 w, h;		/* viewport, pixels */
	int		 ring_n;	/* boards in the ring (boards.h), 2 */
	float		 ring_r;	/* and its radius */
	/* The video wall: this tile of it (1 x 1: none), the guard band. */
	struct wall_tile tile;
	int		 guard;
};

void	camera_init(struct camera *, int w, int h);
void	camera_view(struct camera *, enum camera_view);
/* The ring the home view shows: n boards at radius r (2: the pair). */
void	camera_set_ring(struct camera *, int n, float r);
void	camera_resize(struct camera *, int w, int h);
void	camera_orbit(struct camera *, float dyaw, float dpitch);
void	camera_zoom(struct camera *, float factor);
void	camera_pan(struct camera *, float dx_px, float dy_px);

void	camera_eye(const struct camera *, float eye[3]);
void	camera_matrices(const struct camera *, float view[16], float proj[16]);
/* proj * view. */
void	camera_viewproj(const struct camera *, float vp[16]);
/* World point to pixels; false when behind the eye. */
bool	camera_project(const struct camera *, const float p[3], float *sx,
	    float *sy);
/* The ray from the eye through pixel (sx, sy); dir is normalised. */
void	camera_ray(const struct camera *, float sx, float sy, float orig[3],
	    float dir[3]);
/* World size of one pixel at distance d from the eye (for pick tolerance). */
float	camera_pixel_size(const struct camera *, float d);
/* The height of the virtual screen (the window's, without a wall). */
int	camera_virtual_h(const struct camera *);
/* The viewport the matrices are for: x, y (GL's, from the bottom), w, h. */
void	camera_viewport(const struct camera *, int vp[4]);

#endif /* PACKTER_VIEWER_CAMERA_H */
