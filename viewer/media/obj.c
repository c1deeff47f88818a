/*
 * obj.c - Wavefront OBJ, the subset models need (see obj.h).
 */
#include "config.h"
#include "obj.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

struct attrs {
	float		*f;		/* n * width floats */
	size_t		 n, cap;
	int		 width;
};

struct reader {
	const char	*p, *end;	/* the current line */
	unsigned	 line;
	char		*err;
	size_t		 errlen;
};

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static void
skip_blanks(struct reader *r)
{
	while (r->p < r->end && is_blank(*r->p))
		r->p++;
}

/*
 * A decimal number: [sign] digits [. digits] [e [sign] digits], checked
 * against that grammar (no hex, inf or nan), then read by strtod(3) from a
 * bounded copy; at most 1e30 in size.
 */
static int
number(struct reader *r, float *out)
{
	const char *p, *start;
	char buf[64], *end;
	int digits = 0;
	double v;

	skip_blanks(r);
	p = start = r->p;
	if (p < r->end && (*p == '-' || *p == '+'))
		p++;
	for (; p < r->end && *p >= '0' && *p <= '9'; p++)
		digits++;
	if (p < r->end && *p == '.')
		for (p++; p < r->end && *p >= '0' && *p <= '9'; p++)
			digits++;
	if (digits == 0)
		return -1;
	if (p < r->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < r->end && (*p == '-' || *p == '+'))
			p++;
		if (p >= r->end || *p < '0' || *p > '9')
			return -1;
		while (p < r->end && *p >= '0' && *p <= '9')
			p++;
	}
	if ((p < r->end && !is_blank(*p)) || (size_t)(p - start) >= sizeof(buf))
		return -1;
	memcpy(buf, start, (size_t)(p - start));
	buf[p - start] = '\0';
	v = strtod(buf, &end);
	if (end != buf + (p - start) || !isfinite(v) || fabs(v) > 1e30)
		return -1;
	*out = (float)v;
	r->p = p;
	return 0;
}

static int
add_attr(struct reader *r, struct attrs *a, int need)
{
	float v[3] = { 0, 0, 0 };
	int i;

	if (a->n == OBJ_MAX_ATTRS) {
		snprintf(r->err, r->errlen, "line %u: more than %d vertex "
		    "attributes", r->line, OBJ_MAX_ATTRS);
		return -1;
	}
	for (i = 0; i < a->width; i++)
		if (number(r, &v[i]) == -1 && i < need) {
			snprintf(r->err, r->errlen, "line %u: bad number",
			    r->line);
			return -1;
		}
	if (a->n == a->cap) {
		a->cap = a->cap == 0 ? 256 : a->cap * 2;
		a->f = xreallocarray(a->f, a->cap, sizeof(float) *
		    (size_t)a->width);
	}
	memcpy(a->f + a->n * (size_t)a->width, v, sizeof(float) *
	    (size_t)a->width);
	a->n++;
	return 0;
}

/* An index: 1-based, or negative from the end; 0 for none. */
static int
index_of(struct reader *r, size_t n, long *out)
{
	const char *p = r->p;
	long v = 0;
	int sign = 1, digits = 0;

	if (p < r->end && *p == '-') {
		sign = -1;
		p++;
	}
	while (p < r->end && *p >= '0' && *p <= '9') {
		if (v < 10000000)
			v = v * 10 + (*p - '0');
		p++;
		digits++;
	}
	r->p = p;
	if (digits == 0) {
		*out = 0;
		return sign < 0 ? -1 : 0;
	}
	v *= sign;
	if (v < 0)
		v = (long)n + v + 1;
	if (v < 1 || (size_t)v > n)
		return -1;
	*out = v;
	return 0;
}

static void
face_normal(const struct obj_vertex *t, float n[3])
{
	float a[3], b[3], len;
	int i;

	for (i = 0; i < 3; i++) {
		a[i] = t[1].pos[i] - t[0].pos[i];
		b[i] = t[2].pos[i] - t[0].pos[i];
	}
	n[0] = a[1] * b[2] - a[2] * b[1];
	n[1] = a[2] * b[0] - a[0] * b[2];
	n[2] = a[0] * b[1] - a[1] * b[0];
	len = sqrtf(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
	for (i = 0; i < 3; i++)
		n[i] = len > 0 ? n[i] / len : (i == 1 ? 1.0f : 0.0f);
}

static int
face(struct reader *r, const struct attrs *v, const struct attrs *vt,
    const struct attrs *vn, struct obj_mesh *m, size_t *cap)
{
	struct obj_vertex corner[OBJ_MAX_POLY], *t;
	bool has_n[OBJ_MAX_POLY];
	long iv, it, in;
	int nc = 0, k;

	for (;;) {
		skip_blanks(r);
		if (r->p >= r->end || *r->p == '#')
			break;
		if (nc == OBJ_MAX_POLY) {
			snprintf(r->err, r->errlen, "line %u: a face of more "
			    "than %d corners", r->line, OBJ_MAX_POLY);
			return -1;
		}
		it = in = 0;
		if (index_of(r, v->n, &iv) == -1 || iv == 0)
			goto bad;
		if (r->p < r->end && *r->p == '/') {
			r->p++;
			if (index_of(r, vt->n, &it) == -1)
				goto bad;
			if (r->p < r->end && *r->p == '/') {
				r->p++;
				if (index_of(r, vn->n, &in) == -1)
					goto bad;
			}
		}
		if (r->p < r->end && !is_blank(*r->p))
			goto bad;
		memset(&corner[nc], 0, sizeof(corner[nc]));
		memcpy(corner[nc].pos, v->f + (size_t)(iv - 1) * 3,
		    sizeof(float) * 3);
		if (it > 0)
			memcpy(corner[nc].uv, vt->f + (size_t)(it - 1) * 3,
			    sizeof(float) * 2);
		if (in > 0)
			memcpy(corner[nc].normal, vn->f + (size_t)(in - 1) * 3,
			    sizeof(float) * 3);
		has_n[nc] = in > 0;
		nc++;
	}
	if (nc < 3) {
		snprintf(r->err, r->errlen, "line %u: a face of fewer than 3 "
		    "corners", r->line);
		return -1;
	}
	for (k = 1; k + 1 < nc; k++) {
		if (m->n / 3 >= OBJ_MAX_TRIS) {
			snprintf(r->err, r->errlen, "line %u: more than %d "
			    "triangles", r->line, OBJ_MAX_TRIS);
			return -1;
		}
		if (m->n + 3 > *cap) {
			*cap = *cap == 0 ? 768 : *cap * 2;
			m->v = xreallocarray(m->v, *cap, sizeof(*m->v));
		}
		t = &m->v[m->n];
		t[0] = corner[0];
		t[1] = corner[k];
		t[2] = corner[k + 1];
		if (!has_n[0] || !has_n[k] || !has_n[k + 1]) {
			float n[3];

			face_normal(t, n);
			memcpy(t[0].normal, n, sizeof(n));
			memcpy(t[1].normal, n, sizeof(n));
			memcpy(t[2].normal, n, sizeof(n));
		}
		m->n += 3;
	}
	return 0;
bad:
	snprintf(r->err, r->errlen, "line %u: bad face corner", r->line);
	return -1;
}

int
obj_parse(const char *text, size_t len, struct obj_mesh *m, char *err,
    size_t errlen)
{
	struct attrs v = { NULL, 0, 0, 3 }, vt = { NULL, 0, 0, 3 },
	    vn = { NULL, 0, 0, 3 };
	struct reader r;
	const char *p = text, *end = text + len, *nl;
	size_t cap = 0;
	int rc = -1;

	memset(m, 0, sizeof(*m));
	memset(&r, 0, sizeof(r));
	r.err = err;
	r.errlen = errlen;
	if (len > OBJ_MAX_TEXT) {
		snprintf(err, errlen, "larger than %d bytes", OBJ_MAX_TEXT);
		return -1;
	}
	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		r.p = p;
		r.end = nl;
		r.line++;
		if (memchr(p, '\0', (size_t)(nl - p)) != NULL) {
			snprintf(err, errlen, "line %u: NUL byte", r.line);
			goto out;
		}
		skip_blanks(&r);
		if (r.end - r.p >= 2 && r.p[0] == 'v' && is_blank(r.p[1])) {
			r.p += 2;
			if (add_attr(&r, &v, 3) == -1)
				goto out;
		} else if (r.end - r.p >= 3 && memcmp(r.p, "vt", 2) == 0 &&
		    is_blank(r.p[2])) {
			r.p += 3;
			if (add_attr(&r, &vt, 1) == -1)
				goto out;
		} else if (r.end - r.p >= 3 && memcmp(r.p, "vn", 2) == 0 &&
		    is_blank(r.p[2])) {
			r.p += 3;
			if (add_attr(&r, &vn, 3) == -1)
				goto out;
		} else if (r.end - r.p >= 2 && r.p[0] == 'f' &&
		    is_blank(r.p[1])) {
			r.p += 2;
			if (face(&r, &v, &vt, &vn, m, &cap) == -1)
				goto out;
		}
		p = nl < end ? nl + 1 : end;
	}
	if (m->n == 0) {
		snprintf(err, errlen, "no faces");
		goto out;
	}
	obj_bounds(m);
	rc = 0;
out:
	free(v.f);
	free(vt.f);
	free(vn.f);
	if (rc == -1)
		obj_free(m);
	return rc;
}

void
obj_bounds(struct obj_mesh *m)
{
	size_t i;
	int k;

	if (m->n == 0)
		return;
	for (k = 0; k < 3; k++)
		m->min[k] = m->max[k] = m->v[0].pos[k];
	for (i = 1; i < m->n; i++)
		for (k = 0; k < 3; k++) {
			if (m->v[i].pos[k] < m->min[k])
				m->min[k] = m->v[i].pos[k];
			if (m->v[i].pos[k] > m->max[k])
				m->max[k] = m->v[i].pos[k];
		}
}

void
obj_free(struct obj_mesh *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}
