/*
 * fuzz-obj.c - the Wavefront OBJ reader of the models (viewer/media/obj.c):
 * obj_parse() on the input as a model file.  Invariants: a parse that fails
 * leaves an empty mesh; one that succeeds gives whole triangles, at most
 * OBJ_MAX_TRIS, every number finite, every position inside the bounds it
 * reports.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "obj.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct obj_mesh m;
	char err[256];
	size_t i;
	int k;

	if (size > OBJ_MAX_TEXT + 1)
		return 0;
	if (obj_parse((const char *)data, size, &m, err, sizeof(err)) != 0) {
		if (m.v != NULL || m.n != 0 || err[0] == '\0')
			abort();
		return 0;
	}
	if (m.n == 0 || m.n % 3 != 0 || m.n > 3 * (size_t)OBJ_MAX_TRIS)
		abort();
	for (i = 0; i < m.n; i++) {
		const struct obj_vertex *v = &m.v[i];

		for (k = 0; k < 3; k++) {
			if (!isfinite(v->pos[k]) || !isfinite(v->normal[k]) ||
			    v->pos[k] < m.min[k] || v->pos[k] > m.max[k])
				abort();
		}
		if (!isfinite(v->uv[0]) || !isfinite(v->uv[1]))
			abort();
	}
	obj_free(&m);
	return 0;
}
