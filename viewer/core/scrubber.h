/*
 * scrubber.h - the scrubber's model: the kept history as a strip of bins,
 * and the mapping between a pixel column and a display time.
 *
 * The strip spans [t0, t1): t0 the history's first stamp (now when it is
 * empty), t1 the live edge (now, or the last stamp when a burst reaches
 * further).  Bin i covers [t0 + i * span / n, t0 + (i + 1) * span / n);
 * its count is found with two binary searches of the history, and its
 * dominant class (flag modulo PT_FLAG_CLASSES) from at most
 * SCRUB_SAMPLES records spread evenly over the bin, so building the strip
 * costs O(n log N) whatever the history holds.  Pure, like the scene.
 */
#ifndef PACKTER_VIEWER_SCRUBBER_H
#define PACKTER_VIEWER_SCRUBBER_H

#include <stdint.h>

#include "history.h"

#define SCRUB_MAX_BINS	4096
#define SCRUB_SAMPLES	32

struct scrubber {
	int64_t		 t0, t1;	/* display ns, t1 > t0 */
	int		 n;		/* bins */
	uint64_t	 max;		/* largest count */
	uint32_t	 count[SCRUB_MAX_BINS];
	uint8_t		 dominant[SCRUB_MAX_BINS];
};

/* The strip of n bins (clamped to [1, SCRUB_MAX_BINS]) over [t0, t1). */
void		 scrub_build(struct scrubber *, const struct history *,
		    int64_t t0, int64_t t1, int n);

/* The history's range as the strip shows it: [first stamp, live edge). */
void		 scrub_range(const struct history *, int64_t now, int64_t *t0,
		    int64_t *t1);

/* Bin i's start; the time at fraction f in [0,1] of the strip (clamped). */
int64_t		 scrub_bin_time(const struct scrubber *, int i);
int64_t		 scrub_time_at(const struct scrubber *, double f);
/* Where t is, as a fraction of the strip, clamped to [0,1]. */
double		 scrub_frac_of(const struct scrubber *, int64_t t);

#endif /* PACKTER_VIEWER_SCRUBBER_H */
