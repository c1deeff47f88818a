/*
 * counters.h - named counters: an enum of a component's counters and a
 * matching array of names, kept by the component and printed by the
 * programs (progs/stats.h) on exit, SIGUSR1 and --stats.
 */
#ifndef PACKTER_COUNTERS_H
#define PACKTER_COUNTERS_H

#include <stdint.h>

struct counters {
	const char		*title;
	const char *const	*names;
	uint64_t		*v;
	unsigned		 n;
};

#endif /* PACKTER_COUNTERS_H */
