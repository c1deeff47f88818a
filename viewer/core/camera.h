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
 */
#ifndef PACKTER_VIEWER_CAMERA_H
#define PACKTER_VIEWER_CAMERA_H

#include <stdbool.h>

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

#endif /* PACKTER_VIEWER_CAMERA_H */
