/*
 * xmesh.c - DirectX .x text models, the mesh subset (see xmesh.h).
 */
#include "config.h"
#include "xmesh.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

#define HEADER_LEN	16

struct xr {
	const char	*p, *end;
	unsigned	 line;
	int		 depth;
	char		*err;
	size_t		 errlen;
	char		*tex;		/* XMESH_NAME_MAX bytes */
	struct obj_mesh	*m;
	size_t		 cap;		/* of m->v */
};

/* One mesh as read, before its triangles are made. */
struct rawmesh {
	size_t		 nv, nf, ncorners, nn;
	float		*pos;		/* nv * 3 */
	float		*uv;		/* nv * 2, or NULL */
	float		*nrm;		/* nn * 3, or NULL */
	uint8_t		*fn;		/* corners of each face */
	uint32_t	*idx;		/* ncorners vertex indices */
	uint32_t	*nidx;		/* ncorners normal indices, or NULL */
	size_t		 idx_cap;
};

static int __attribute__((format(printf, 2, 3)))
fail(struct xr *r, const char *fmt, ...)
{
	char msg[192];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	(void)snprintf(r->err, r->errlen, "line %u: %s", r->line, msg);
	return -1;
}

static bool
is_ident(char c, bool first)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
		return true;
	return !first && ((c >= '0' && c <= '9') || c == '-' || c == '.');
}

/* Blanks, line ends and comments; with seps, the separators too. */
static void
skip(struct xr *r, bool seps)
{
	char c;

	while (r->p < r->end) {
		c = *r->p;
		if (c == '\n') {
			r->line++;
			r->p++;
		} else if (c == ' ' || c == '\t' || c == '\r')
			r->p++;
		else if (seps && (c == ',' || c == ';'))
			r->p++;
		else if (c == '#' || (c == '/' && r->end - r->p >= 2 &&
		    r->p[1] == '/')) {
			while (r->p < r->end && *r->p != '\n')
				r->p++;
		} else
			break;
	}
}

/* An identifier at the cursor (after separators): its slice, or false. */
static bool
ident(struct xr *r, const char **s, size_t *n)
{
	skip(r, true);
	if (r->p >= r->end || !is_ident(*r->p, true))
		return false;
	*s = r->p;
	while (r->p < r->end && is_ident(*r->p, false))
		r->p++;
	*n = (size_t)(r->p - *s);
	return true;
}

static bool
is(const char *s, size_t n, const char *word)
{
	return n == strlen(word) && memcmp(s, word, n) == 0;
}

/* A decimal number: [sign] digits [. digits] [e [sign] digits], finite. */
static int
real(struct xr *r, float *out)
{
	const char *p;
	double v = 0, scale = 1;
	int sign = 1, esign = 1, e = 0, digits = 0;

	skip(r, true);
	p = r->p;
	if (p < r->end && (*p == '-' || *p == '+'))
		sign = *p++ == '-' ? -1 : 1;
	while (p < r->end && *p >= '0' && *p <= '9') {
		v = v * 10 + (*p++ - '0');
		digits++;
	}
	if (p < r->end && *p == '.') {
		p++;
		while (p < r->end && *p >= '0' && *p <= '9') {
			scale /= 10;
			v += (*p++ - '0') * scale;
			digits++;
		}
	}
	if (digits == 0)
		return fail(r, "a number expected");
	if (p < r->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < r->end && (*p == '-' || *p == '+'))
			esign = *p++ == '-' ? -1 : 1;
		if (p >= r->end || *p < '0' || *p > '9')
			return fail(r, "bad number");
		while (p < r->end && *p >= '0' && *p <= '9') {
			if (e < 1000)
				e = e * 10 + (*p - '0');
			p++;
		}
	}
	if (p < r->end && (is_ident(*p, false) || *p == '#'))
		return fail(r, "bad number");
	v = sign * v * pow(10.0, esign * e);
	if (!isfinite(v) || fabs(v) > 1e30)
		return fail(r, "number out of range");
	*out = (float)v;
	r->p = p;
	return 0;
}

/* A count or an index: decimal digits, at most max. */
static int
whole(struct xr *r, size_t max, size_t *out, const char *what)
{
	const char *p;
	uint64_t v = 0;
	int digits = 0;

	skip(r, true);
	for (p = r->p; p < r->end && *p >= '0' && *p <= '9'; p++) {
		if (++digits > 10)
			return fail(r, "%s: too many digits", what);
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (digits == 0 || (p < r->end && (is_ident(*p, false) ||
	    *p == '#')))
		return fail(r, "%s: a whole number expected", what);
	if (v > max)
		return fail(r, "%s %llu: more than %zu", what,
		    (unsigned long long)v, max);
	*out = (size_t)v;
	r->p = p;
	return 0;
}

/* A count of items of at least min_bytes of text each, that the text holds. */
static int
count(struct xr *r, size_t max, size_t min_bytes, size_t *out,
    const char *what)
{
	if (whole(r, max, out, what) == -1)
		return -1;
	if (*out > (size_t)(r->end - r->p) / min_bytes)
		return fail(r, "%s %zu: more than the file holds", what, *out);
	return 0;
}

/*
 * The rest of an object whose "{" has been read, to its "}": nested
 * objects, strings and all.  With tex, the first string after a
 * TextureFilename is the texture's name.
 */
static int
skip_body(struct xr *r, bool tex)
{
	const char *q, *s, *base;
	bool want = false;
	int depth = 1;
	size_t n;

	while (r->p < r->end) {
		char c = *r->p;

		if (c == '\n' || c == ' ' || c == '\t' || c == '\r' ||
		    c == '#' || c == '/') {
			if (c == '/' && (r->end - r->p < 2 || r->p[1] != '/'))
				r->p++;
			else
				skip(r, false);
		} else if (c == '\0')
			return fail(r, "NUL byte");
		else if (c == '"') {
			if ((q = memchr(r->p + 1, '"', (size_t)(r->end - r->p -
			    1))) == NULL)
				return fail(r, "unclosed string");
			s = r->p + 1;
			n = (size_t)(q - s);
			if (memchr(s, '\0', n) != NULL)
				return fail(r, "NUL byte");
			for (base = s; base < q; base++)
				if (*base == '\n')
					r->line++;
			if (want && r->tex[0] == '\0') {
				for (base = q; base > s && base[-1] != '/' &&
				    base[-1] != '\\'; base--)
					;
				n = (size_t)(q - base);
				if (n > 0 && n < XMESH_NAME_MAX) {
					memcpy(r->tex, base, n);
					r->tex[n] = '\0';
				}
			}
			want = false;
			r->p = q + 1;
		} else if (c == '{') {
			if (r->depth + ++depth > XMESH_MAX_DEPTH)
				return fail(r, "nested deeper than %d",
				    XMESH_MAX_DEPTH);
			r->p++;
		} else if (c == '}') {
			r->p++;
			if (--depth == 0)
				return 0;
		} else if (is_ident(c, true)) {
			s = r->p;
			while (r->p < r->end && is_ident(*r->p, false))
				r->p++;
			if (tex && is(s, (size_t)(r->p - s), "TextureFilename"))
				want = true;
		} else
			r->p++;
	}
	return fail(r, "unclosed {");
}

/* After an object's type: its name if any, "{", and a GUID if any. */
static int
open_body(struct xr *r)
{
	const char *s;
	size_t n;

	(void)ident(r, &s, &n);
	skip(r, true);
	if (r->p >= r->end || *r->p != '{')
		return fail(r, "\"{\" expected");
	r->p++;
	skip(r, true);
	if (r->p < r->end && *r->p == '<') {
		while (r->p < r->end && *r->p != '>' && *r->p != '\n')
			r->p++;
		if (r->p >= r->end || *r->p != '>')
			return fail(r, "unclosed GUID");
		r->p++;
	}
	return 0;
}

static void
raw_free(struct rawmesh *w)
{
	free(w->pos);
	free(w->uv);
	free(w->nrm);
	free(w->fn);
	free(w->idx);
	free(w->nidx);
	memset(w, 0, sizeof(*w));
}

static int
normals(struct xr *r, struct rawmesh *w)
{
	size_t i, nf, c, k, f;

	if (open_body(r) == -1 ||
	    count(r, XMESH_MAX_VERTS, 3, &w->nn, "normals") == -1)
		return -1;
	w->nrm = xreallocarray(NULL, w->nn + 1, 3 * sizeof(float));
	for (i = 0; i < w->nn * 3; i++)
		if (real(r, &w->nrm[i]) == -1)
			return -1;
	if (whole(r, w->nf, &nf, "normal faces") == -1)
		return -1;
	if (nf != w->nf)
		return fail(r, "%zu normal faces for %zu faces", nf, w->nf);
	w->nidx = xreallocarray(NULL, w->ncorners + 1, sizeof(uint32_t));
	for (f = 0, k = 0; f < w->nf; f++) {
		if (whole(r, XMESH_MAX_FACE, &c, "corners") == -1)
			return -1;
		if (c != w->fn[f])
			return fail(r, "a normal face of %zu corners for a "
			    "face of %u", c, w->fn[f]);
		for (i = 0; i < c; i++, k++) {
			size_t ix;

			if (w->nn == 0)
				return fail(r, "a normal index without "
				    "normals");
			if (whole(r, w->nn - 1, &ix, "normal index") == -1)
				return -1;
			w->nidx[k] = (uint32_t)ix;
		}
	}
	return skip_body(r, false);
}

static int
texcoords(struct xr *r, struct rawmesh *w)
{
	size_t i, nt;

	if (open_body(r) == -1 ||
	    count(r, XMESH_MAX_VERTS, 2, &nt, "texture coordinates") == -1)
		return -1;
	if (nt != w->nv)
		return fail(r, "%zu texture coordinates for %zu vertices", nt,
		    w->nv);
	w->uv = xreallocarray(NULL, nt + 1, 2 * sizeof(float));
	for (i = 0; i < nt * 2; i++)
		if (real(r, &w->uv[i]) == -1)
			return -1;
	return skip_body(r, false);
}

/* p (a row vector) times the frame matrix m: DirectX's order. */
static void
place(const float m[16], const float p[3], float w, float out[3])
{
	int k;

	for (k = 0; k < 3; k++)
		out[k] = p[0] * m[k] + p[1] * m[4 + k] + p[2] * m[8 + k] +
		    w * m[12 + k];
}

static void
corner(const struct rawmesh *w, const float m[16], size_t k,
    struct obj_vertex *v)
{
	float n[3], len;
	uint32_t i = w->idx[k];

	memset(v, 0, sizeof(*v));
	place(m, &w->pos[(size_t)i * 3], 1, v->pos);
	v->pos[2] = -v->pos[2];
	if (w->uv != NULL) {
		v->uv[0] = w->uv[(size_t)i * 2];
		v->uv[1] = 1.0f - w->uv[(size_t)i * 2 + 1];
	}
	if (w->nidx != NULL) {
		place(m, &w->nrm[(size_t)w->nidx[k] * 3], 0, n);
		n[2] = -n[2];
		len = sqrtf(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
		if (isfinite(len) && len > 0) {
			v->normal[0] = n[0] / len;
			v->normal[1] = n[1] / len;
			v->normal[2] = n[2] / len;
		}
	}
}

static void
face_normal(struct obj_vertex *t)
{
	float a[3], b[3], n[3], len;
	int i, j;

	for (i = 0; i < 3; i++) {
		a[i] = t[1].pos[i] - t[0].pos[i];
		b[i] = t[2].pos[i] - t[0].pos[i];
	}
	n[0] = a[1] * b[2] - a[2] * b[1];
	n[1] = a[2] * b[0] - a[0] * b[2];
	n[2] = a[0] * b[1] - a[1] * b[0];
	len = sqrtf(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
	for (i = 0; i < 3; i++)
		n[i] = isfinite(len) && len > 0 ? n[i] / len :
		    (i == 1 ? 1.0f : 0.0f);
	for (j = 0; j < 3; j++)
		memcpy(t[j].normal, n, sizeof(n));
}

/* The mesh's faces as triangles: fans, the winding turned for GL. */
static int
triangles(struct xr *r, const struct rawmesh *w, const float m[16])
{
	struct obj_mesh *o = r->m;
	struct obj_vertex *t;
	size_t f, k, first = 0, c;

	for (f = 0; f < w->nf; first += w->fn[f], f++)
		for (c = 1; c + 1 < w->fn[f]; c++) {
			if (o->n / 3 >= OBJ_MAX_TRIS)
				return fail(r, "more than %d triangles",
				    OBJ_MAX_TRIS);
			if (o->n + 3 > r->cap) {
				r->cap = r->cap == 0 ? 768 : r->cap * 2;
				o->v = xreallocarray(o->v, r->cap,
				    sizeof(*o->v));
			}
			t = &o->v[o->n];
			corner(w, m, first, &t[0]);
			corner(w, m, first + c + 1, &t[1]);
			corner(w, m, first + c, &t[2]);
			for (k = 0; k < 9; k++)
				if (!isfinite(t[k / 3].pos[k % 3]) ||
				    fabsf(t[k / 3].pos[k % 3]) > 1e30f)
					return fail(r, "a placed vertex out of "
					    "range");
			if (w->nidx == NULL)
				face_normal(t);
			for (k = 0; k < 3; k++)
				if (t[k].normal[0] == 0 &&
				    t[k].normal[1] == 0 &&
				    t[k].normal[2] == 0)
					t[k].normal[1] = 1;
			o->n += 3;
		}
	return 0;
}

static int
mesh(struct xr *r, const float m[16])
{
	struct rawmesh w;
	const char *s;
	size_t i, c, ix, n, tris = 0;
	int rc = -1;

	memset(&w, 0, sizeof(w));
	if (open_body(r) == -1 ||
	    count(r, XMESH_MAX_VERTS, 3, &w.nv, "vertices") == -1)
		goto out;
	w.pos = xreallocarray(NULL, w.nv + 1, 3 * sizeof(float));
	for (i = 0; i < w.nv * 3; i++)
		if (real(r, &w.pos[i]) == -1)
			goto out;
	if (count(r, OBJ_MAX_TRIS, 4, &w.nf, "faces") == -1)
		goto out;
	w.fn = xmalloc(w.nf + 1);
	for (i = 0; i < w.nf; i++) {
		if (whole(r, XMESH_MAX_FACE, &c, "corners") == -1)
			goto out;
		if (c < 3) {
			fail(r, "a face of %zu corners", c);
			goto out;
		}
		if ((tris += c - 2) > OBJ_MAX_TRIS) {
			fail(r, "more than %d triangles", OBJ_MAX_TRIS);
			goto out;
		}
		w.fn[i] = (uint8_t)c;
		if (w.ncorners + c > w.idx_cap) {
			w.idx_cap = w.idx_cap == 0 ? 256 : w.idx_cap * 2;
			while (w.idx_cap < w.ncorners + c)
				w.idx_cap *= 2;
			w.idx = xreallocarray(w.idx, w.idx_cap,
			    sizeof(uint32_t));
		}
		for (; c > 0; c--) {
			if (w.nv == 0) {
				fail(r, "a face without vertices");
				goto out;
			}
			if (whole(r, w.nv - 1, &ix, "vertex index") == -1)
				goto out;
			w.idx[w.ncorners++] = (uint32_t)ix;
		}
	}
	for (;;) {
		skip(r, true);
		if (r->p >= r->end) {
			fail(r, "unclosed Mesh");
			goto out;
		}
		if (*r->p == '}') {
			r->p++;
			break;
		}
		if (*r->p == '{') {		/* a reference */
			r->p++;
			if (skip_body(r, false) == -1)
				goto out;
			continue;
		}
		if (!ident(r, &s, &n)) {
			fail(r, "unexpected '%c' in a Mesh",
			    *r->p >= 0x20 && *r->p < 0x7f ? *r->p : '?');
			goto out;
		}
		if (is(s, n, "MeshNormals") && w.nidx == NULL) {
			if (normals(r, &w) == -1)
				goto out;
		} else if (is(s, n, "MeshTextureCoords") && w.uv == NULL) {
			if (texcoords(r, &w) == -1)
				goto out;
		} else if (open_body(r) == -1 || skip_body(r,
		    is(s, n, "MeshMaterialList")) == -1)
			goto out;
	}
	rc = triangles(r, &w, m);
out:
	raw_free(&w);
	return rc;
}

static int
matrix(struct xr *r, const float parent[16], float world[16])
{
	float local[16];
	int i, j, k;

	if (open_body(r) == -1)
		return -1;
	for (i = 0; i < 16; i++)
		if (real(r, &local[i]) == -1)
			return -1;
	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++) {
			world[i * 4 + j] = 0;
			for (k = 0; k < 4; k++)
				world[i * 4 + j] += local[i * 4 + k] *
				    parent[k * 4 + j];
		}
	return skip_body(r, false);
}

/* Objects to the end of the file (top) or of a Frame's body. */
static int
objects(struct xr *r, const float parent[16], bool top)
{
	float world[16], child[16];
	const char *s;
	size_t n;

	memcpy(world, parent, sizeof(world));
	for (;;) {
		skip(r, true);
		if (r->p >= r->end)
			return top ? 0 : fail(r, "unclosed Frame");
		if (*r->p == '}') {
			if (top)
				return fail(r, "unexpected \"}\"");
			r->p++;
			return 0;
		}
		if (*r->p == '{') {
			r->p++;
			if (skip_body(r, false) == -1)
				return -1;
			continue;
		}
		if (!ident(r, &s, &n))
			return fail(r, "unexpected '%c'", *r->p >= 0x20 &&
			    *r->p < 0x7f ? *r->p : '?');
		if (is(s, n, "Mesh")) {
			if (mesh(r, world) == -1)
				return -1;
		} else if (is(s, n, "Frame")) {
			if (++r->depth > XMESH_MAX_DEPTH)
				return fail(r, "frames deeper than %d",
				    XMESH_MAX_DEPTH);
			if (open_body(r) == -1 || objects(r, world, false) == -1)
				return -1;
			r->depth--;
		} else if (is(s, n, "FrameTransformMatrix") && !top) {
			if (matrix(r, parent, child) == -1)
				return -1;
			memcpy(world, child, sizeof(world));
		} else if (open_body(r) == -1 || skip_body(r, false) == -1)
			return -1;
	}
}

static int
header(struct xr *r)
{
	const char *h = r->p;
	int i;

	if (r->end - r->p < HEADER_LEN || memcmp(h, "xof ", 4) != 0)
		return fail(r, "not a DirectX .x file (no \"xof \" header)");
	for (i = 4; i < 8; i++)
		if (h[i] < '0' || h[i] > '9')
			return fail(r, "bad .x version");
	if (memcmp(h + 4, "03", 2) != 0)
		return fail(r, ".x version %.4s: only 03xx is read", h + 4);
	if (memcmp(h + 8, "bin ", 4) == 0)
		return fail(r, "a binary .x file: only the text format is "
		    "read (save it as \"xof 0303txt 0032\")");
	if (memcmp(h + 8, "tzip", 4) == 0 || memcmp(h + 8, "bzip", 4) == 0)
		return fail(r, "a compressed .x file: only the text format is "
		    "read (save it as \"xof 0303txt 0032\")");
	if (memcmp(h + 8, "txt ", 4) != 0)
		return fail(r, "unknown .x format");
	if (memcmp(h + 12, "0032", 4) != 0 && memcmp(h + 12, "0064", 4) != 0)
		return fail(r, "bad .x float size");
	r->p += HEADER_LEN;
	return 0;
}

int
xmesh_parse(const char *text, size_t len, struct obj_mesh *m,
    char texture[XMESH_NAME_MAX], char *err, size_t errlen)
{
	static const float identity[16] = {
		1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1
	};
	struct xr r;

	memset(m, 0, sizeof(*m));
	memset(&r, 0, sizeof(r));
	texture[0] = '\0';
	r.p = text;
	r.end = text + len;
	r.line = 1;
	r.err = err;
	r.errlen = errlen;
	r.tex = texture;
	r.m = m;
	if (len > XMESH_MAX_TEXT) {
		(void)snprintf(err, errlen, "larger than %d bytes",
		    XMESH_MAX_TEXT);
		return -1;
	}
	if (header(&r) == -1 || objects(&r, identity, true) == -1)
		goto bad;
	if (m->n == 0) {
		fail(&r, "no faces");
		goto bad;
	}
	obj_bounds(m);
	return 0;
bad:
	obj_free(m);
	texture[0] = '\0';
	return -1;
}
