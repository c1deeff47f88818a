/*
 * test-obj.c - the Wavefront OBJ reader of the models (viewer/media/obj.c): the
 * forms of face corners, fans, negative indices, normals made for faces
 * without them, bounds; bad input refused with its line; the missile of
 * media/ read whole.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/test.h"
#include "obj.h"

static int
parse(const char *text, struct obj_mesh *m, char *err, size_t errlen)
{
	return obj_parse(text, strlen(text), m, err, errlen);
}

static int
near(float a, float b)
{
	return fabsf(a - b) < 1e-5f;
}

TEST(triangle)
{
	struct obj_mesh m;
	char err[128];

	CHECK(parse("# a triangle\nmtllib nothing.mtl\no t\n"
	    "v 0 0 0\nv 1 0 0\r\nv 0 1.5e0 -0.25\n"
	    "vt 0 0\nvt 1 0\nvt 0 1\nvn 0 0 1\n"
	    "usemtl x\ns off\nf 1/1/1 2/2/1 3/3/1\n", &m, err,
	    sizeof(err)) == 0);
	CHECK_EQ_U(m.n, 3);
	if (m.n == 3) {
		CHECK(near(m.v[1].pos[0], 1) && near(m.v[2].pos[1], 1.5f) &&
		    near(m.v[2].pos[2], -0.25f));
		CHECK(near(m.v[1].uv[0], 1) && near(m.v[2].uv[1], 1));
		CHECK(near(m.v[0].normal[2], 1));
		CHECK(near(m.min[2], -0.25f) && near(m.max[1], 1.5f) &&
		    near(m.max[0], 1));
	}
	obj_free(&m);
}

TEST(corners)
{
	struct obj_mesh m;
	char err[128];

	/* A quad as a fan, negative indices, "v//n", "v/t", "v". */
	CHECK(parse("v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nvn 0 0 -1\n"
	    "vt 0.5 0.5\nf -4//1 -3//1 -2//1 -1//1\nf 1/1 2/1 3/1\n"
	    "f 1 2 4\n", &m, err, sizeof(err)) == 0);
	CHECK_EQ_U(m.n, 12);
	if (m.n == 12) {
		/* The fan: (1 2 3), (1 3 4). */
		CHECK(near(m.v[3].pos[0], 0) && near(m.v[4].pos[1], 1) &&
		    near(m.v[5].pos[0], 0) && near(m.v[5].pos[1], 1));
		CHECK(near(m.v[0].normal[2], -1));
		/* Without normals: the face's (counter-clockwise: +z). */
		CHECK(near(m.v[6].normal[2], 1) && near(m.v[9].normal[2], 1));
		CHECK(near(m.v[6].uv[0], 0.5f));
	}
	obj_free(&m);
}

static void
refused(const char *text, const char *want)
{
	struct obj_mesh m;
	char err[128] = "";

	CHECK(parse(text, &m, err, sizeof(err)) == -1);
	CHECK(m.n == 0 && m.v == NULL);
	if (strstr(err, want) == NULL) {
		printf("  # \"%s\": want \"%s\" in \"%s\"\n", text, want, err);
		CHECK(0);
	}
}

TEST(refused)
{
	char *big;
	size_t i, n;

	refused("", "no faces");
	refused("v 0 0 0\n", "no faces");
	refused("v 0 0 0\nv 1 0 0\nf 1 2\n", "line 3: a face of fewer");
	refused("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 4\n", "line 4: bad face");
	refused("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 -4\n", "bad face");
	refused("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 0 1 2\n", "bad face");
	refused("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1/2 2 3\n", "bad face");
	refused("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1//1 2 3\n", "bad face");
	refused("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1x 2 3\n", "bad face");
	refused("v 0 0 x\n", "line 1: bad number");
	refused("v 0 0\n", "bad number");
	refused("v 1e99 0 0\n", "bad number");
	refused("v nan 0 0\n", "bad number");
	refused("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3 1 2 3 1 2 3 1 2 3 1 2 3 "
	    "1 2\n", "more than 16 corners");
	/* Counts: more vertices than the bound. */
	n = (size_t)OBJ_MAX_ATTRS + 1;
	big = malloc(n * 8 + 1);
	for (i = 0; i < n; i++)
		memcpy(big + i * 8, "v 0 0 0\n", 8);
	big[n * 8] = '\0';
	refused(big, "more than 65536 vertex");
	free(big);
	/* Triangles: one vertex, each face a triangle on it. */
	n = (size_t)OBJ_MAX_TRIS + 1;
	big = malloc(8 + n * 8 + 1);
	memcpy(big, "v 0 0 0\n", 8);
	for (i = 0; i < n; i++)
		memcpy(big + 8 + i * 8, "f 1 1 1\n", 8);
	big[8 + n * 8] = '\0';
	refused(big, "more than 65536 triangles");
	free(big);
	{
		struct obj_mesh m;
		char err[128];
		static const char nul[] = "v 0 0 0\0\nv 1 0 0\n";

		CHECK(obj_parse(nul, sizeof(nul) - 1, &m, err,
		    sizeof(err)) == -1 && strstr(err, "NUL") != NULL);
		CHECK(obj_parse("x", OBJ_MAX_TEXT + 1, &m, err,
		    sizeof(err)) == -1);
	}
}

/* The missile of media/: what media/README says of it. */
TEST(missile)
{
	const char *top = getenv("top_srcdir");
	char path[1024], err[128], *buf;
	struct obj_mesh m;
	size_t len;
	FILE *f;

	snprintf(path, sizeof(path), "%s/media/models/flag-10.obj",
	    top != NULL ? top : ".");
	if ((f = fopen(path, "rb")) == NULL) {
		printf("  # %s: not found, skipped\n", path);
		return;
	}
	buf = malloc(OBJ_MAX_TEXT);
	len = fread(buf, 1, OBJ_MAX_TEXT, f);
	fclose(f);
	CHECK(obj_parse(buf, len, &m, err, sizeof(err)) == 0);
	CHECK_EQ_U(m.n, 352 * 3);
	CHECK(near(m.min[0], -0.5f) && near(m.max[0], 0.5f));
	/* Longest along x: the model points along +x. */
	CHECK(m.max[1] - m.min[1] < 0.5f && m.max[2] - m.min[2] < 0.5f);
	obj_free(&m);
	free(buf);
}

int
main(void)
{
	RUN(triangle);
	RUN(corners);
	RUN(refused);
	RUN(missile);
	return test_report();
}
