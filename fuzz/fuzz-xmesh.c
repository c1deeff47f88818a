/*
 * fuzz-xmesh.c - the DirectX .x reader of the reference viewer's models
 * (viewer/media/xmesh.c): xmesh_parse() on the input as a model file.
 * Invariants: a parse that fails leaves an empty mesh, no texture name and
 * a reason; one that succeeds gives whole triangles, at most OBJ_MAX_TRIS,
 * every number finite, every position inside the bounds it reports, unit
 * normals, and a texture name that is a last path part: no "/", "\" or
 * NUL, shorter than XMESH_NAME_MAX.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xmesh.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct obj_mesh m;
	char tex[XMESH_NAME_MAX], err[256];
	size_t i, n;
	float len;
	int k;

	if (size > XMESH_MAX_TEXT + 1)
		return 0;
	memset(tex, 'x', sizeof(tex));
	err[0] = '\0';
	if (xmesh_parse((const char *)data, size, &m, tex, err,
	    sizeof(err)) != 0) {
		if (m.v != NULL || m.n != 0 || err[0] == '\0' || tex[0] != '\0')
			abort();
		return 0;
	}
	if (m.n == 0 || m.n % 3 != 0 || m.n > 3 * (size_t)OBJ_MAX_TRIS)
		abort();
	if ((n = strnlen(tex, sizeof(tex))) == sizeof(tex) ||
	    memchr(tex, '/', n) != NULL || memchr(tex, '\\', n) != NULL)
		abort();
	for (i = 0; i < m.n; i++) {
		const struct obj_vertex *v = &m.v[i];

		for (k = 0; k < 3; k++)
			if (!isfinite(v->pos[k]) || !isfinite(v->normal[k]) ||
			    v->pos[k] < m.min[k] || v->pos[k] > m.max[k])
				abort();
		if (!isfinite(v->uv[0]) || !isfinite(v->uv[1]))
			abort();
		len = v->normal[0] * v->normal[0] + v->normal[1] *
		    v->normal[1] + v->normal[2] * v->normal[2];
		if (fabsf(len - 1.0f) > 1e-3f)
			abort();
	}
	obj_free(&m);
	return 0;
}
