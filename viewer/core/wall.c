/*
 * wall.c - the frustum split of a video wall (see wall.h).
 */
#include "config.h"
#include "wall.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "errbuf.h"

void
wall_single(struct wall_tile *t)
{
	memset(t, 0, sizeof(*t));
	t->cols = t->rows = 1;
}

bool
wall_is_single(const struct wall_tile *t)
{
	return t->cols == 1 && t->rows == 1;
}

/* A decimal in [lo, hi] that ends at *end; false otherwise. */
static bool
number(const char *s, char **end, long lo, long hi, int *out)
{
	long v;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtol(s, end, 10);
	if (errno != 0 || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

/* "A<sep>B", or "A" alone when one is allowed (b then = a). */
static bool
two(const char *s, int sep, bool one, long lo, long hi, int *a, int *b)
{
	char *end;

	if (!number(s, &end, lo, hi, a))
		return false;
	if (*end == '\0' && one) {
		*b = *a;
		return true;
	}
	if (*end != sep || !number(end + 1, &end, lo, hi, b))
		return false;
	return *end == '\0';
}

int
wall_parse_grid(struct wall_tile *t, const char *s, char *err, size_t errlen)
{
	if (!two(s, 'x', false, 1, WALL_MAX_SIDE, &t->cols, &t->rows))
		return errbuf_fmt(err, errlen, "--wall: \"%s\" should be "
		    "COLSxROWS, 1 to %d each", s, WALL_MAX_SIDE);
	return 0;
}

int
wall_parse_tile(struct wall_tile *t, const char *s, char *err, size_t errlen)
{
	if (!two(s, ',', false, 0, WALL_MAX_SIDE - 1, &t->col, &t->row))
		return errbuf_fmt(err, errlen, "--tile: \"%s\" should be C,R "
		    "(from 0,0 at the top left)", s);
	return 0;
}

int
wall_parse_bezel(struct wall_tile *t, const char *s, char *err, size_t errlen)
{
	if (!two(s, ',', true, 0, WALL_MAX_BEZEL, &t->bezel_x, &t->bezel_y))
		return errbuf_fmt(err, errlen, "--bezel: \"%s\" should be PX "
		    "or PX,PX (across, down), at most %d", s, WALL_MAX_BEZEL);
	return 0;
}

int
wall_check(const struct wall_tile *t, char *err, size_t errlen)
{
	if (t->col >= t->cols || t->row >= t->rows)
		return errbuf_fmt(err, errlen, "--tile %d,%d is not in a "
		    "%dx%d wall (columns 0 to %d, rows 0 to %d)", t->col,
		    t->row, t->cols, t->rows, t->cols - 1, t->rows - 1);
	return 0;
}

void
wall_virtual(const struct wall_tile *t, int w, int h, int *vw, int *vh,
    int *x0, int *y0)
{
	*vw = t->cols * w + (t->cols - 1) * t->bezel_x;
	*vh = t->rows * h + (t->rows - 1) * t->bezel_y;
	*x0 = t->col * (w + t->bezel_x);
	*y0 = t->row * (h + t->bezel_y);
}

void
wall_frustum(const struct wall_tile *tile, int w, int h, int guard,
    double tan_half, double near, double *l, double *r, double *b, double *t)
{
	double top, right;
	int vw, vh, x0, y0;

	wall_virtual(tile, w, h, &vw, &vh, &x0, &y0);
	top = near * tan_half;
	right = top * (double)vw / (double)vh;
	/* Virtual pixels (x right, y down) onto the near plane. */
	*l = -right + 2.0 * right * (double)(x0 - guard) / (double)vw;
	*r = -right + 2.0 * right * (double)(x0 + w + guard) / (double)vw;
	*t = top - 2.0 * top * (double)(y0 - guard) / (double)vh;
	*b = top - 2.0 * top * (double)(y0 + h + guard) / (double)vh;
}

void
wall_frustum_matrix(double l, double r, double b, double t, double near,
    double far, float m[16])
{
	int i;

	for (i = 0; i < 16; i++)
		m[i] = 0.0f;
	m[0] = (float)(2.0 * near / (r - l));
	m[5] = (float)(2.0 * near / (t - b));
	m[8] = (float)((r + l) / (r - l));
	m[9] = (float)((t + b) / (t - b));
	m[10] = (float)(-(far + near) / (far - near));
	m[11] = -1.0f;
	m[14] = (float)(-2.0 * far * near / (far - near));
}
