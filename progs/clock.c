/*
 * clock.c - monotonic and real time in integers.
 */
#include "config.h"

#include <time.h>

#include "clock.h"

static int64_t
read_ns(clockid_t id)
{
	struct timespec ts;

	(void)clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t
mono_ns(void)
{
	return read_ns(CLOCK_MONOTONIC);
}

int64_t
mono_us(void)
{
	return read_ns(CLOCK_MONOTONIC) / 1000;
}

int64_t
wall_us(void)
{
	return read_ns(CLOCK_REALTIME) / 1000;
}
