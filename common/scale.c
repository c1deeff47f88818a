/*
 * scale.c - addresses and ports to board positions (docs/protocol.md).
 */
#include "config.h"

#include <math.h>

#include "scale.h"

double
scale_addr(int family, const uint8_t *a)
{
	uint64_t hi = 0, lo = 0;
	double x;
	int i;

	if (family != 6) {
		uint32_t v = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
		    (uint32_t)a[2] << 8 | a[3];
		return (double)v / 4294967296.0;	/* exact, < 1 */
	}
	for (i = 0; i < 8; i++) {
		hi = hi << 8 | a[i];
		lo = lo << 8 | a[8 + i];
	}
	x = (double)hi / 18446744073709551616.0 +
	    (double)lo / 18446744073709551616.0 / 18446744073709551616.0;
	/* Rounding can reach 1.0 for the top addresses; the board is [0,1). */
	if (x >= 1.0)
		x = nextafter(1.0, 0.0);
	return x;
}

double
scale_port(unsigned port)
{
	return (double)port / 65536.0;
}
