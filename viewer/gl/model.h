/*
 * model.h - records of flags 10 and more drawn as models (the paper's
 * missiles), instanced, each oriented along its flight.
 *
 * The models are those of the media (media/README: models/flag-<N>.obj and
 * flag-<N>.png; and the reference viewer's models/packter<NN>.x for flag
 * NN - 1, textured as media.h's media_xmodel_flags says), loaded once at
 * start.  The renderer hides the balls of these flags; every other flag of
 * 10 or more stays a ball of flag mod 10.
 *
 * The records of model flags are indexed as they arrive (models_note, the
 * core's flagindex.h), so a frame visits only those in flight, whatever the
 * display time: at most MODEL_INSTANCES_MAX of them are drawn a frame (the
 * rest are counted).
 */
#ifndef PACKTER_VIEWER_MODEL_H
#define PACKTER_VIEWER_MODEL_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "camera.h"
#include "history.h"
#include "media.h"
#include "obj.h"
#include "scene.h"

#define MODELS_MAX		16
#define MODEL_SIZE		0.3f	/* world units, the longest side */
#define MODEL_INSTANCES_MAX	65536

struct models;

/* index_cap: records of model flags remembered (the history's size will do). */
struct models	*models_new(const char *shader_dir, size_t index_cap,
		    char *err, size_t errlen);
void		 models_free(struct models *);

/* Load every model the media has; returns how many. */
int		 models_load(struct models *, struct media *);

/* Add one model: a mesh and its RGBA32 texture.  -1 when full, or for a
 * flag of a class (below PT_FLAG_CLASSES). */
int		 models_add(struct models *, unsigned flag,
		    const struct obj_mesh *, SDL_Surface *tex);

/* The flags with a model, for the ball shader to leave out. */
int		 models_flags(const struct models *, uint32_t *flags, int max);

/* Index the records that arrived since the last call. */
void		 models_note(struct models *, const struct history *);

/*
 * Draw the models in flight at the scene's time.  depth_ready: the depth
 * buffer holds the balls already (occlusion); else it is cleared first.
 */
void		 models_draw(struct models *, const struct camera *,
		    const struct scene *, const struct history *,
		    bool depth_ready);

/* Models drawn in the last frame, and instances left out over the cap. */
uint64_t	 models_drawn(const struct models *);
uint64_t	 models_over_cap(const struct models *);

#endif /* PACKTER_VIEWER_MODEL_H */
