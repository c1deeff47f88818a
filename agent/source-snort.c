/*
 * source-snort.c - placeholder until the collector lands (issue 4).
 */
#include "config.h"

#include <stdio.h>

#include "source.h"

struct source *
source_snort_open(const char *path, int incident, char *err, size_t errlen)
{
	snprintf(err, errlen, "-U is not available in this build yet");
	return NULL;
}
