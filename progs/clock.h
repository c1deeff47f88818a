/*
 * clock.h - the programs' clocks: CLOCK_MONOTONIC for timers and rates,
 * CLOCK_REALTIME for what is shown or stamped.
 */
#ifndef PACKTER_CLOCK_H
#define PACKTER_CLOCK_H

#include <stdint.h>

int64_t	mono_us(void);		/* monotonic, microseconds */
int64_t	mono_ns(void);		/* monotonic, nanoseconds */
int64_t	wall_us(void);		/* real time, microseconds since the epoch */

#endif /* PACKTER_CLOCK_H */
