/*
 * obj.h - a bounded Wavefront OBJ reader for the models of flags >= 10.
 *
 * Reads v, vt, vn and f (polygons of up to OBJ_MAX_POLY corners, as fans;
 * corners "v", "v/t", "v//n", "v/t/n", negative indices counted from the
 * end); every other statement (o, g, s, usemtl, mtllib ...) is ignored, so
 * a model never names another file.  Faces without normals get the face's.
 * The result is a plain triangle list.  Numbers are read without the locale.
 * Pure: no GL (tests/viewer/test-obj.c).
 */
#ifndef PACKTER_VIEWER_OBJ_H
#define PACKTER_VIEWER_OBJ_H

#include <stddef.h>

#define OBJ_MAX_TEXT	(8 * 1024 * 1024)
#define OBJ_MAX_ATTRS	65536	/* v, vt and vn statements, each */
#define OBJ_MAX_TRIS	65536
#define OBJ_MAX_POLY	16

struct obj_vertex {
	float		 pos[3];
	float		 uv[2];
	float		 normal[3];
};

struct obj_mesh {
	struct obj_vertex *v;		/* 3 per triangle */
	size_t		 n;
	float		 min[3], max[3];	/* bounds of the positions */
};

/* 0, or -1 with err set ("line N: ..."); the mesh is empty then. */
int	obj_parse(const char *text, size_t len, struct obj_mesh *,
	    char *err, size_t errlen);
/* Set min and max from the vertices (the OBJ and .x readers' last step). */
void	obj_bounds(struct obj_mesh *);
void	obj_free(struct obj_mesh *);

#endif /* PACKTER_VIEWER_OBJ_H */
