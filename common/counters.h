/*
 * counters.h - named counters, printed on exit, SIGUSR1 and --stats.
 *
 * Each component keeps an enum of its counters and a matching array of names;
 * counters_print() writes the non-zero ones (all with verbose) as
 * "  name: value" lines under a heading.
 */
#ifndef PACKTER_COUNTERS_H
#define PACKTER_COUNTERS_H

#include <stdint.h>
#include <stdio.h>

struct counters {
	const char		*title;
	const char *const	*names;
	uint64_t		*v;
	unsigned		 n;
};

void	counters_print(FILE *, const struct counters *, int verbose);

#endif /* PACKTER_COUNTERS_H */
