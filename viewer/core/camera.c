/*
 * camera.c - orbit camera math (see camera.h for the model).
 */
#include "config.h"
#include "camera.h"

#include <math.h>

#define PITCH_MAX	1.55f		/* just short of straight up or down */
#define DIST_MIN	0.5f
#define DIST_MAX	60.0f

void
camera_init(struct camera *c, int w, int h)
{
	c->fov_deg = 45.0f;
	c->w = w > 0 ? w : 1;
	c->h = h > 0 ? h : 1;
	c->ring_n = 2;
	c->ring_r = 1.6f;
	wall_single(&c->tile);
	c->guard = 0;
	camera_view(c, CAMERA_HOME);
}

void
camera_set_ring(struct camera *c, int n, float r)
{
	c->ring_n = n;
	c->ring_r = r;
}

void
camera_view(struct camera *c, enum camera_view v)
{
	c->target[0] = c->target[1] = c->target[2] = 0.0f;
	c->dist = 6.0f;
	switch (v) {
	case CAMERA_FRONT:
		c->yaw = 0.0f;
		c->pitch = 0.0f;
		break;
	case CAMERA_SIDE:
		c->yaw = (float)M_PI / 2.0f;
		c->pitch = 0.0f;
		break;
	case CAMERA_TOP:
		c->yaw = 0.0f;
		c->pitch = PITCH_MAX;
		break;
	case CAMERA_HOME:
	default:
		/*
		 * The pair: from behind the sender's left shoulder, a
		 * little above, as near as shows both boards whole in 4:3
		 * as in 16:9.  The receiver, where balls land, is seen 54
		 * degrees off edge-on, the sender 29 (from behind) and the
		 * flights' mid-plane 44; the old view (0.12, 0.42, 4.8) saw
		 * the receiver at 13 degrees, and any view from between the
		 * boards sees one of the three at 10 or less.  A ring: from
		 * higher up, far enough for all of it.
		 */
		if (c->ring_n > 2) {
			c->yaw = 0.0f;
			c->pitch = 0.9f;
			c->dist = 2.7f * (c->ring_r + 1.3f);
		} else {
			c->yaw = -0.78f;
			c->pitch = 0.18f;
			c->dist = 5.35f;
		}
		break;
	}
}

void
camera_resize(struct camera *c, int w, int h)
{
	c->w = w > 0 ? w : 1;
	c->h = h > 0 ? h : 1;
}

void
camera_orbit(struct camera *c, float dyaw, float dpitch)
{
	c->yaw = fmodf(c->yaw + dyaw, 2.0f * (float)M_PI);
	c->pitch += dpitch;
	if (c->pitch > PITCH_MAX)
		c->pitch = PITCH_MAX;
	if (c->pitch < -PITCH_MAX)
		c->pitch = -PITCH_MAX;
}

void
camera_zoom(struct camera *c, float factor)
{
	if (!(factor > 0.0f))
		return;
	c->dist *= factor;
	if (c->dist < DIST_MIN)
		c->dist = DIST_MIN;
	if (c->dist > DIST_MAX)
		c->dist = DIST_MAX;
}

void
camera_eye(const struct camera *c, float eye[3])
{
	eye[0] = c->target[0] + c->dist * cosf(c->pitch) * sinf(c->yaw);
	eye[1] = c->target[1] + c->dist * sinf(c->pitch);
	eye[2] = c->target[2] + c->dist * cosf(c->pitch) * cosf(c->yaw);
}

static void
normalize(float v[3])
{
	float n = sqrtf(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);

	if (n > 0.0f) {
		v[0] /= n;
		v[1] /= n;
		v[2] /= n;
	}
}

static void
cross(const float a[3], const float b[3], float out[3])
{
	out[0] = a[1] * b[2] - a[2] * b[1];
	out[1] = a[2] * b[0] - a[0] * b[2];
	out[2] = a[0] * b[1] - a[1] * b[0];
}

/* The eye's basis: forward (towards the target), right, up. */
static void
basis(const struct camera *c, float eye[3], float f[3], float r[3], float u[3])
{
	static const float worldup[3] = { 0.0f, 1.0f, 0.0f };
	int i;

	camera_eye(c, eye);
	for (i = 0; i < 3; i++)
		f[i] = c->target[i] - eye[i];
	normalize(f);
	cross(f, worldup, r);
	normalize(r);
	cross(r, f, u);
}

void
camera_pan(struct camera *c, float dx_px, float dy_px)
{
	float eye[3], f[3], r[3], u[3], px;
	int i;

	basis(c, eye, f, r, u);
	px = camera_pixel_size(c, c->dist);
	for (i = 0; i < 3; i++)
		c->target[i] += (-dx_px * r[i] + dy_px * u[i]) * px;
}

void
camera_matrices(const struct camera *c, float view[16], float proj[16])
{
	float eye[3], f[3], r[3], u[3];
	double l, rt, b, t;
	int i;

	basis(c, eye, f, r, u);
	for (i = 0; i < 3; i++) {
		view[i * 4 + 0] = r[i];
		view[i * 4 + 1] = u[i];
		view[i * 4 + 2] = -f[i];
		view[i * 4 + 3] = 0.0f;
	}
	view[12] = -(r[0] * eye[0] + r[1] * eye[1] + r[2] * eye[2]);
	view[13] = -(u[0] * eye[0] + u[1] * eye[1] + u[2] * eye[2]);
	view[14] = f[0] * eye[0] + f[1] * eye[1] + f[2] * eye[2];
	view[15] = 1.0f;

	/* The tile's part of the virtual screen's frustum (wall.h). */
	wall_frustum(&c->tile, c->w, c->h, c->guard,
	    tan((double)c->fov_deg * M_PI / 360.0), CAMERA_NEAR, &l, &rt, &b,
	    &t);
	wall_frustum_matrix(l, rt, b, t, CAMERA_NEAR, CAMERA_FAR, proj);
}

static void
mat_mul(const float a[16], const float b[16], float out[16])
{
	int i, j, k;

	for (j = 0; j < 4; j++)
		for (i = 0; i < 4; i++) {
			float s = 0.0f;

			for (k = 0; k < 4; k++)
				s += a[k * 4 + i] * b[j * 4 + k];
			out[j * 4 + i] = s;
		}
}

void
camera_viewproj(const struct camera *c, float vp[16])
{
	float view[16], proj[16];

	camera_matrices(c, view, proj);
	mat_mul(proj, view, vp);
}

bool
camera_project(const struct camera *c, const float p[3], float *sx, float *sy)
{
	float vp[16], clip[4];
	int i;

	camera_viewproj(c, vp);
	for (i = 0; i < 4; i++)
		clip[i] = vp[0 * 4 + i] * p[0] + vp[1 * 4 + i] * p[1] +
		    vp[2 * 4 + i] * p[2] + vp[3 * 4 + i];
	if (clip[3] <= CAMERA_NEAR * 0.5f)
		return false;
	/* Over the guarded viewport, back to the tile's pixels. */
	*sx = (clip[0] / clip[3] + 1.0f) * 0.5f * (float)(c->w + 2 * c->guard) -
	    (float)c->guard;
	*sy = (1.0f - clip[1] / clip[3]) * 0.5f * (float)(c->h + 2 * c->guard) -
	    (float)c->guard;
	return true;
}

void
camera_ray(const struct camera *c, float sx, float sy, float orig[3],
    float dir[3])
{
	float f[3], r[3], u[3], t, nx, ny, aspect;
	int i, vw, vh, x0, y0;

	basis(c, orig, f, r, u);
	/* The tile's pixel in the virtual screen (wall.h). */
	wall_virtual(&c->tile, c->w, c->h, &vw, &vh, &x0, &y0);
	sx += (float)x0;
	sy += (float)y0;
	t = tanf(c->fov_deg * (float)M_PI / 360.0f);
	aspect = (float)vw / (float)vh;
	nx = (2.0f * sx / (float)vw - 1.0f) * t * aspect;
	ny = (1.0f - 2.0f * sy / (float)vh) * t;
	for (i = 0; i < 3; i++)
		dir[i] = f[i] + nx * r[i] + ny * u[i];
	normalize(dir);
}

float
camera_pixel_size(const struct camera *c, float d)
{
	return 2.0f * d * tanf(c->fov_deg * (float)M_PI / 360.0f) /
	    (float)camera_virtual_h(c);
}

int
camera_virtual_h(const struct camera *c)
{
	int vw, vh, x0, y0;

	wall_virtual(&c->tile, c->w, c->h, &vw, &vh, &x0, &y0);
	return vh;
}

void
camera_viewport(const struct camera *c, int vp[4])
{
	vp[0] = -c->guard;
	vp[1] = -c->guard;
	vp[2] = c->w + 2 * c->guard;
	vp[3] = c->h + 2 * c->guard;
}
