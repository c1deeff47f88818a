/*
 * stats.h - print a set of named counters (common/counters.h).
 *
 * counters_print() writes the non-zero ones (all with verbose) as
 * "  name: value" lines under a heading.
 */
#ifndef PACKTER_STATS_H
#define PACKTER_STATS_H

#include <stdio.h>

#include "counters.h"

void	counters_print(FILE *, const struct counters *, int verbose);

#endif /* PACKTER_STATS_H */
