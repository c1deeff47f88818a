/*
 * clock.h - the monotonic clock, one helper for every program.
 *
 * CLOCK_MONOTONIC never jumps with the wall clock, so it times frames,
 * budgets and rate limits; wall time is for stamps shown to people.
 */
#ifndef PACKTER_CLOCK_H
#define PACKTER_CLOCK_H

#include <stdint.h>
#include <time.h>

/* CLOCK_MONOTONIC, microseconds. */
static inline int64_t
mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

#endif /* PACKTER_CLOCK_H */
