/*
 * test-xmesh.c - the DirectX .x reader (viewer/media/xmesh.c): a quad with
 * normals, texture coordinates and a material's texture becomes the
 * triangles an OBJ file of it gives (z negated, v turned, the winding
 * turned); frames place their meshes; the reference viewer's header form
 * (0302txt 0064) is read, binary and compressed files are refused by name;
 * every bad count, index and nesting is refused with its line; every cut
 * of a good file is read or refused, never read past.
 */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/test.h"
#include "obj.h"
#include "xmesh.h"

#define HEAD	"xof 0303txt 0032\n"

/* A square in the z = 2 plane facing -z, with a template and a header. */
static const char quad[] = HEAD
    "// a comment\n"
    "template Vector {\n <3D82AB5E-62DA-11cf-AB39-0020AF71E433>\n"
    " FLOAT x;\n FLOAT y;\n FLOAT z;\n}\n"
    "Header { 1; 0; 1; }\n"
    "Mesh Quad {\n"
    " 4;\n"
    " -1.0;-1.0;2.0;,\n 1.0;-1.0;2.0;,\n 1.0;1.0;2.0;,\n -1.0;1.0;2.0;;\n"
    " 1;\n"
    " 4;0,3,2,1;;\n"
    " MeshMaterialList {\n  1;\n  1;\n  0;;\n"
    "  Material {\n   1.0;1.0;1.0;1.0;;\n   9.0;\n   0.0;0.0;0.0;;\n"
    "   0.0;0.0;0.0;;\n   TextureFilename {\n"
    "    \"C:\\\\models\\\\ship.bmp\";\n   }\n  }\n }\n"
    " MeshNormals {\n  1;\n  0.0;0.0;-1.0;;\n  1;\n  4;0,0,0,0;;\n }\n"
    " # texture coordinates\n"
    " MeshTextureCoords {\n  4;\n  0.0;1.0;,\n 1.0;1.0;,\n 1.0;0.0;,\n"
    "  0.0;0.0;;\n }\n"
    "}\n";

static struct obj_mesh m;
static char tex[XMESH_NAME_MAX], err[256];

static int
parse(const char *s, size_t len)
{
	return xmesh_parse(s, len, &m, tex, err, sizeof(err));
}

static int
parse_s(const char *s)
{
	return parse(s, strlen(s));
}

static bool
near(float a, float b)
{
	return fabsf(a - b) < 1e-5f;
}

/* Is the triangle's winding counter-clockwise seen from -z... +z? */
static float
facing_z(const struct obj_vertex *t)
{
	float ax = t[1].pos[0] - t[0].pos[0], ay = t[1].pos[1] - t[0].pos[1];
	float bx = t[2].pos[0] - t[0].pos[0], by = t[2].pos[1] - t[0].pos[1];

	return ax * by - ay * bx;	/* z of the cross product */
}

TEST(quad)
{
	size_t i;

	CHECK(parse(quad, sizeof(quad) - 1) == 0);
	CHECK_EQ_U(m.n, 6);
	CHECK_STR(tex, "ship.bmp");
	for (i = 0; i < m.n; i++) {
		const struct obj_vertex *v = &m.v[i];

		/* z negated; normals with it; v = 1 - v. */
		CHECK(near(v->pos[2], -2.0f));
		CHECK(near(v->normal[0], 0) && near(v->normal[1], 0) &&
		    near(v->normal[2], 1));
		CHECK(near(v->uv[0], (v->pos[0] + 1) / 2));
		CHECK(near(v->uv[1], (v->pos[1] + 1) / 2));
	}
	/*
	 * Clockwise in DirectX seen from the front (-z there, +z here):
	 * counter-clockwise for GL, the normal's way.
	 */
	CHECK(facing_z(&m.v[0]) > 0 && facing_z(&m.v[3]) > 0);
	CHECK(near(m.min[0], -1) && near(m.max[0], 1) &&
	    near(m.min[2], -2) && near(m.max[2], -2));
	obj_free(&m);
}

/* The same square as OBJ, right-handed: the same triangles. */
TEST(same_as_obj)
{
	static const char objtext[] =
	    "v -1 -1 -2\nv 1 -1 -2\nv 1 1 -2\nv -1 1 -2\n"
	    "vt 0 0\nvt 1 0\nvt 1 1\nvt 0 1\nvn 0 0 1\n"
	    "f 1/1/1 2/2/1 3/3/1 4/4/1\n";
	struct obj_mesh o;
	size_t i, j;
	int found = 0;

	CHECK(obj_parse(objtext, sizeof(objtext) - 1, &o, err,
	    sizeof(err)) == 0);
	CHECK(parse(quad, sizeof(quad) - 1) == 0);
	CHECK_EQ_U(o.n, m.n);
	/* Every corner of one is a corner of the other. */
	for (i = 0; i < m.n && i < o.n; i++)
		for (j = 0; j < o.n; j++)
			if (memcmp(&m.v[i], &o.v[j], sizeof(m.v[i])) == 0) {
				found++;
				break;
			}
	CHECK_EQ_U(found, m.n);
	CHECK(facing_z(&o.v[0]) > 0);
	obj_free(&o);
	obj_free(&m);
}

TEST(frames)
{
	/* A triangle moved by +10 x, scaled 2, in a frame in a frame. */
	static const char s[] = "xof 0302txt 0064\n"
	    "Frame Root {\n"
	    " FrameTransformMatrix { 1,0,0,0, 0,1,0,0, 0,0,1,0, 10,0,0,1;; }\n"
	    " Frame Inner {\n"
	    "  FrameTransformMatrix {\n"
	    "   2.0,0.0,0.0,0.0,0.0,2.0,0.0,0.0,0.0,0.0,2.0,0.0,"
	    "0.0,0.0,0.0,1.0;;\n  }\n"
	    "  Mesh { 3; 0;0;0;, 1;0;0;, 0;1;0;; 1; 3;0,1,2;; }\n"
	    " }\n"
	    " { Inner }\n"
	    "}\n";
	size_t i;

	CHECK(parse_s(s) == 0);
	CHECK_EQ_U(m.n, 3);
	CHECK_STR(tex, "");
	CHECK(near(m.min[0], 10) && near(m.max[0], 12) &&
	    near(m.max[1], 2) && near(m.min[2], 0));
	/* No MeshNormals: the face's, towards the viewer of a GL front. */
	for (i = 0; i < 3; i++)
		CHECK(near(m.v[i].normal[2], -1) || near(m.v[i].normal[2], 1));
	CHECK(facing_z(&m.v[0]) * m.v[0].normal[2] > 0);
	obj_free(&m);

	/* Two meshes make one list; polygons are fans. */
	CHECK(parse_s(HEAD "Mesh a { 5; 0;0;0;,1;0;0;,1;1;0;,0;1;0;,"
	    "-1;0.5;0;; 1; 5;0,1,2,3,4;; }\n"
	    "Mesh b { 3; 0;0;1;,1;0;1;,0;1;1;; 1; 3;0,1,2;; }\n") == 0);
	CHECK_EQ_U(m.n, 12);
	obj_free(&m);
	/* Exponents, signs, no separators at all. */
	CHECK(parse_s(HEAD "Mesh { 3 1e0 -0 +0 0 1.5E+1 0 0 0 .5 1 3 0 1 2 }")
	    == 0);
	CHECK(near(m.max[1], 15));
	obj_free(&m);
}

TEST(refused)
{
	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "xof 0303bin 0032\x01\x02", "binary" },
		{ "xof 0302bzip0032", "compressed" },
		{ "xof 0303tzip0064", "compressed" },
		{ "xof 0303txt 0016\n", "float size" },
		{ "xof 0203txt 0032\n", "only 03xx" },
		{ "Mesh { }", "no \"xof \"" },
		{ "xof 0303txt 0032", "no faces" },
		{ HEAD "Header { 1; 0; 1; }\n", "no faces" },
		{ HEAD "Mesh { 3; 0;0;0;, 1;0;0;, 0;1;0;; 1; 3;0,1,3;; }",
		    "line 2: vertex index 3: more than 2" },
		{ HEAD "Mesh {\n 99999;\n 0;0;0;; }", "line 3: vertices 99999: "
		    "more than 65536" },
		{ HEAD "Mesh { 60000; 0;0;0;; }", "more than the file holds" },
		{ HEAD "Mesh { 3; 0;0;0;, 1;0;0;, 0;1;0;; 1; 2;0,1;; }",
		    "a face of 2 corners" },
		{ HEAD "Mesh { 3; 0;0;0;, 1;0;0;, 0;1;0;; 1; 65;0,1;; }",
		    "corners 65: more than 64" },
		{ HEAD "Mesh { 3; 0;0;0;, 1;0;0;, 0;1;0;; 1; 3;0,1,2;;\n"
		    " MeshNormals { 1; 0;0;1;; 2; 3;0,0,0;, 3;0,0,0;; } }",
		    "normal faces 2: more than 1" },
		{ HEAD "Mesh { 3; 0;0;0;, 1;0;0;, 0;1;0;; 1; 3;0,1,2;;\n"
		    " MeshNormals { 1; 0;0;1;; 1; 4;0,0,0,0;; } }",
		    "a normal face of 4 corners for a face of 3" },
		{ HEAD "Mesh { 3; 0;0;0;, 1;0;0;, 0;1;0;; 1; 3;0,1,2;;\n"
		    " MeshNormals { 1; 0;0;1;; 1; 3;0,1,0;; } }",
		    "normal index 1: more than 0" },
		{ HEAD "Mesh { 3; 0;0;0;, 1;0;0;, 0;1;0;; 1; 3;0,1,2;;\n"
		    " MeshTextureCoords { 2; 0;0;, 1;1;; } }",
		    "2 texture coordinates for 3 vertices" },
		{ HEAD "Mesh { 3; 0;0;0;, 1;0;0;, 0;1;0;; 1; 3;0,1,2;;",
		    "unclosed Mesh" },
		{ HEAD "Mesh { 3; 0;0;0;, 1;0;0;, 0;x;0;; 1; 3;0,1,2;; }",
		    "a number expected" },
		{ HEAD "Mesh { 3; 0;0;0;, 1;0;0;, 0;1e999;0;; 1; 3;0,1,2;; }",
		    "number out of range" },
		{ HEAD "Mesh { 3; 0;0;0;, 1;0;0;, 0;1.#QNAN0;0;; 1; 3;0,1,2;; }",
		    "bad number" },
		{ HEAD "Mesh { 3; 0;0;0;, 1;0;0;, 0;1;0;; 1; 3;0,1,2;;"
		    " MeshMaterialList { \"open } }", "unclosed string" },
		{ HEAD "Frame { FrameTransformMatrix { 1e20,0,0,0, 0,1,0,0, "
		    "0,0,1,0, 0,0,0,1;; } Frame { FrameTransformMatrix { 1e20,"
		    "0,0,0, 0,1,0,0, 0,0,1,0, 0,0,0,1;; } Mesh { 3; 1;0;0;, "
		    "1;0;0;, 0;1;0;; 1; 3;0,1,2;; } } }", "out of range" },
		{ HEAD "}", "unexpected \"}\"" },
		{ HEAD "Frame { ", "unclosed Frame" },
		{ HEAD "Header 1; }", "\"{\" expected" },
		{ HEAD "Mesh { <3D82AB44 3; }", "unclosed GUID" },
		{ HEAD "Mesh { 3.5; }", "a whole number expected" },
		{ HEAD "Mesh { 12345678901; }", "too many digits" },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		m.n = 99;
		CHECK(parse_s(bad[i].text) == -1);
		if (strstr(err, bad[i].why) == NULL)
			printf("  # case %zu: \"%s\", want \"%s\"\n", i, err,
			    bad[i].why);
		CHECK(strstr(err, bad[i].why) != NULL);
		CHECK(m.v == NULL && m.n == 0 && tex[0] == '\0');
	}
}

TEST(nesting_and_nul)
{
	char *deep;
	size_t n = 0, i;

	deep = malloc(100000);
	n = (size_t)snprintf(deep, 100000, "%s", HEAD);
	for (i = 0; i < 40; i++)
		n += (size_t)snprintf(deep + n, 100000 - n, "Frame {\n");
	CHECK(parse(deep, n) == -1);
	CHECK(strstr(err, "frames deeper than 32") != NULL);
	n = (size_t)snprintf(deep, 100000, "%s", HEAD "Anim { ");
	for (i = 0; i < 40; i++)
		deep[n++] = '{';
	CHECK(parse(deep, n) == -1);
	CHECK(strstr(err, "nested deeper than 32") != NULL);
	free(deep);

	CHECK(parse(HEAD "Other { a\0b }", sizeof(HEAD "Other { a\0b }") - 1)
	    == -1);
	CHECK(strstr(err, "NUL byte") != NULL);
	CHECK(parse(HEAD "Mesh { 3; 0;0;0;, 1;0;0;, 0;1;0;; 1; 3;0,1,2;; }"
	    "\0", sizeof(HEAD "Mesh { 3; 0;0;0;, 1;0;0;, 0;1;0;; 1; 3;0,1,2;; }")
	    ) == -1);
	obj_free(&m);
}

/* Every cut of the quad: refused or whole triangles, inside the text. */
TEST(cuts)
{
	size_t n, ok = 0;
	char *copy;

	for (n = 0; n < sizeof(quad) - 1; n++) {
		copy = malloc(n + 1);
		memcpy(copy, quad, n);
		if (parse(copy, n) == 0) {
			ok++;
			CHECK(m.n > 0 && m.n % 3 == 0);
			obj_free(&m);
		} else
			CHECK(m.v == NULL && err[0] != '\0');
		free(copy);
	}
	/* Only cuts after the mesh's last brace read it. */
	CHECK(ok <= 2);
}

int
main(void)
{
	RUN(quad);
	RUN(same_as_obj);
	RUN(frames);
	RUN(refused);
	RUN(nesting_and_nul);
	RUN(cuts);
	return test_report();
}
