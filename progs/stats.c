/*
 * stats.c - print a set of named counters.
 */
#include "config.h"

#include "stats.h"

void
counters_print(FILE *f, const struct counters *c, int verbose)
{
	unsigned i;

	fprintf(f, "%s:\n", c->title);
	for (i = 0; i < c->n; i++) {
		if (c->v[i] == 0 && !verbose)
			continue;
		fprintf(f, "  %-24s %llu\n", c->names[i],
		    (unsigned long long)c->v[i]);
	}
}
