/*
 * source-sflow.c - placeholder until the collector lands (issue 4).
 */
#include "config.h"

#include <stdio.h>

#include "source.h"

struct source *
source_sflow_open(const char *spec, char *err, size_t errlen)
{
	snprintf(err, errlen, "--sflow is not available in this build yet");
	return NULL;
}
