/*
 * flagindex.h - the records of a few flags, indexed as they arrive, so that
 * a frame visits only those in flight whatever the display time (the models
 * of gl/model.c: a handful among a million balls).
 *
 * The index is a ring of sequence numbers, increasing, of at most cap
 * records: when full the oldest are forgotten, as the history forgets them.
 * It is scene logic: a pure function of the history and the scene, tested
 * without a window (tests/viewer/test-scene.c).
 */
#ifndef PACKTER_VIEWER_FLAGINDEX_H
#define PACKTER_VIEWER_FLAGINDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "history.h"
#include "scene.h"

#define FLAG_INDEX_FLAGS	16

struct flag_index {
	uint32_t	 flags[FLAG_INDEX_FLAGS];
	int		 nflags;
	uint64_t	*idx;		/* ring: [tail, head) */
	size_t		 cap;
	uint64_t	 head, tail;
	uint64_t	 noted;		/* records up to here are indexed */
};

/* cap: records remembered (the history's size will do; at least 1024). */
void		 flag_index_init(struct flag_index *, size_t cap);
void		 flag_index_free(struct flag_index *);

/* Index records of this flag from now on; false when FLAG_INDEX_FLAGS are. */
bool		 flag_index_add(struct flag_index *, uint32_t flag);
bool		 flag_index_has(const struct flag_index *, uint32_t flag);

/* Index the records that arrived since the last call. */
void		 flag_index_note(struct flag_index *, const struct history *);

/*
 * The records of flag in flight in the scene, oldest first: copied into out
 * up to max; those beyond max are added to *over.  Returns how many were
 * copied.
 */
size_t		 flag_index_in_flight(struct flag_index *,
		    const struct history *, const struct scene *,
		    uint32_t flag, struct hist_ball *out, size_t max,
		    uint64_t *over);

#endif /* PACKTER_VIEWER_FLAGINDEX_H */
