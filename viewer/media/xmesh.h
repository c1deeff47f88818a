/*
 * xmesh.h - a bounded reader of DirectX .x models, the text format's mesh
 * subset: the reference viewer's per-flag models (packterNN.x).
 *
 * The format is Microsoft's "DirectX .X file format" (the DirectX 9 SDK's
 * reference: templates Mesh, MeshNormals, MeshTextureCoords, Frame,
 * FrameTransformMatrix, Material, TextureFilename).  A file starts with a
 * 16-byte header, "xof " major minor format float-size, e.g.
 * "xof 0303txt 0032" or the reference viewer's own "xof 0302txt 0064".
 * Only the text format ("txt ") is read; binary ("bin ") and compressed
 * ("tzip", "bzip") files are refused with a reason that says so.
 *
 * Read: every Mesh (at the top or inside Frames, each placed by the
 * FrameTransformMatrix of its frames), its vertices and faces (polygons of
 * up to XMESH_MAX_FACE corners, as fans), its MeshNormals (per corner) and
 * MeshTextureCoords (per vertex), and the first TextureFilename of its
 * materials, handed back as the model's texture.  Everything else
 * (templates, MeshMaterialList's colours, skins, animations, references)
 * is skipped by its braces.  Values are taken in order, separators (";"
 * ",") and comments ("//", "#") between them skipped, as the format's
 * writers differ in how many they put.  Counts are checked against the
 * text left and capped (XMESH_MAX_VERTS, OBJ_MAX_TRIS), indices against
 * their arrays, a MeshNormals' faces against the mesh's, nesting against
 * XMESH_MAX_DEPTH; numbers are read without the locale and must be finite.
 *
 * .x is left-handed (DirectX) and its texture rows run top down: positions
 * and normals come back with z negated and each triangle's winding turned,
 * and v as 1 - v, so the mesh is what an OBJ file of the same model gives
 * (struct obj_mesh, obj.h).  Pure: no GL (tests/viewer/test-xmesh.c,
 * fuzz/fuzz-xmesh.c).
 */
#ifndef PACKTER_VIEWER_XMESH_H
#define PACKTER_VIEWER_XMESH_H

#include <stddef.h>

#include "obj.h"

#define XMESH_MAX_TEXT		OBJ_MAX_TEXT
#define XMESH_MAX_VERTS		65536	/* per mesh, and normals */
#define XMESH_MAX_FACE		64	/* corners of a face */
#define XMESH_MAX_DEPTH		32	/* objects inside objects */
#define XMESH_NAME_MAX		256	/* a texture's file name, with NUL */

/*
 * 0 with the mesh and, in texture, the last part of the first texture file
 * name (after any "/" or "\"; "" for none); -1 with err set ("line N: ...")
 * and the mesh empty.
 */
int	xmesh_parse(const char *text, size_t len, struct obj_mesh *,
	    char texture[XMESH_NAME_MAX], char *err, size_t errlen);

#endif /* PACKTER_VIEWER_XMESH_H */
