/*
 * scale.h - positions on the boards (docs/protocol.md).
 *
 * x = address / 2^32 (IPv4) or / 2^128 (IPv6), in [0,1); y = port / 65536.
 */
#ifndef PACKTER_SCALE_H
#define PACKTER_SCALE_H

#include <stdint.h>

double	scale_addr(int family, const uint8_t *addr);	/* [0,1) */
double	scale_port(unsigned port);			/* [0,1) for 0..65535 */

#endif /* PACKTER_SCALE_H */
