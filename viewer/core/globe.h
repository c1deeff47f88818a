/*
 * globe.h - the globe's world: places of the records (from the PACKTERGEO
 * line, docs/protocol.md 3.6), the Earth, great-circle flights, picking.
 *
 * No GL and no SDL, like scene.h: the renderer (viewer/gl/globe.c and its
 * shaders) and the tests compute the same positions from the same model.
 *
 * The Earth is the sphere of radius GLOBE_R at the origin, y up (north),
 * latitude lat and longitude lon (degrees, north and east positive) at
 *     R * (cos(lat) sin(lon), sin(lat), cos(lat) cos(lon)),
 * so the camera's yaw and pitch (camera.h) are the longitude and latitude
 * of the point under the eye.
 *
 * A record with both places flies from its source to its destination along
 * the great circle through them, leaving at its stamp and landing flight
 * later, as on the boards; at progress p in [0,1] it is at angle p * theta
 * from the source (theta the angle between them), lifted above the ground
 * by R * (GLOBE_LIFT_MIN + GLOBE_LIFT * theta / pi) * sin(pi p), so long
 * flights arc higher.  A record with one place known comes from (or goes
 * to) the sky straight above it: from GLOBE_SKY * R down to the ground (or
 * up from it).  A record with no place is not on the globe (it is counted).
 * Antipodal places take the great circle through the north pole's side.
 */
#ifndef PACKTER_VIEWER_GLOBE_H
#define PACKTER_VIEWER_GLOBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "history.h"
#include "protocol.h"
#include "scene.h"

#define GLOBE_R			1.0f
#define GLOBE_SKY		1.6f	/* an unknown end, above the known one */
#define GLOBE_LIFT_MIN		0.02f
#define GLOBE_LIFT		0.30f
#define GLOBE_VIEW_DIST		3.2f	/* the camera's distance on the globe */
#define GLOBE_MIN_DIST		1.25f	/* zoomed in: still above the sky's */
#define GLOBE_UNKNOWN		1000.0f	/* a latitude: no place (never NAN:
					   shaders may not keep it) */

enum globe_counter {
	GLC_BOTH,		/* records with both places */
	GLC_ONE,		/* ... with one (drawn from or to the sky) */
	GLC_NONE,		/* ... with none known: not on the globe */
	GLC_NO_WORD,		/* ... whose datagram had no place for them */
	GLC_BAD_WORD,		/* ... whose word did not parse */
	GLC_MAX
};

extern const char *const globe_counter_names[GLC_MAX];

/*
 * The places of the history's records, slot by slot as the history keeps
 * them (seq % cap): four floats a record, source latitude and longitude,
 * destination latitude and longitude in degrees, GLOBE_UNKNOWN where
 * not known.  The
 * renderer uploads the array as it is.
 */
struct globe_places {
	size_t		 cap;
	float		*ends;		/* cap * 4 */
	uint64_t	 c[GLC_MAX];
};

struct globe_places *globe_places_new(size_t cap);
void		 globe_places_free(struct globe_places *);
/* Record seq (just pushed) has these places (g: NULL for none). */
void		 globe_places_put(struct globe_places *, uint64_t seq,
		    const struct pt_geo *g);

static inline const float *
globe_ends(const struct globe_places *gp, uint64_t seq)
{
	return &gp->ends[(size_t)(seq % gp->cap) * 4];
}

/*
 * The line the ball's box shows for these ends: "from 35.69N 139.69E to
 * 48.86N 2.35E", "(no place)" for an unknown end; 0 (nothing written)
 * when neither is known.  Returns the length (cap > 0: NUL-terminated).
 */
size_t		 globe_places_line(const float ends[4], char *buf, size_t cap);

/* The point of (lat, lon) at radius r. */
void		 globe_point(float lat_deg, float lon_deg, float r,
		    float out[3]);
/* The camera over (lat, lon), GLOBE_VIEW_DIST away. */
void		 globe_camera(float lat_deg, float lon_deg, float *yaw,
		    float *pitch, float *dist);

/*
 * Where a flight with these ends (4 floats, as in struct globe_places) is
 * at progress p; false when neither end is known.
 */
bool		 globe_flight_at(const float ends[4], double p, float out[3]);

/* Where record seq is at time t; 0 when not in flight or not placed. */
int		 globe_ball_pos(const struct globe_places *,
		    const struct history *, uint64_t seq, int64_t t,
		    int64_t flight, float out[3]);

/*
 * Every ball of the scene's flights the ray passes within reach of (as
 * scene_pick_all: reach max(radius, tol * distance)), nearest first, but
 * those the Earth hides from the ray's origin.
 */
void		 globe_pick_all(const struct scene *, const struct history *,
		    const struct globe_places *, const float orig[3],
		    const float dir[3], float radius, float tol,
		    struct scene_picks *out);

#endif /* PACKTER_VIEWER_GLOBE_H */
