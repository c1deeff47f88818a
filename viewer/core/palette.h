/*
 * palette.h - the colours of flags 0-9.
 *
 * "reference" is PROTOCOL.md's (the reference viewer's), the default;
 * "cb" (also "colorblind") is Paul Tol's muted scheme, told apart by
 * readers of every common colour vision.  Each ball also gets a halo
 * (ball.frag), so that the darkest of them (SYN's blue on the background)
 * reads at 3:1 or better; palette_contrast() is how that is measured.
 */
#ifndef PACKTER_VIEWER_PALETTE_H
#define PACKTER_VIEWER_PALETTE_H

#include <stddef.h>
#include <stdint.h>

#define PALETTE_COLOURS	10

enum palette { PALETTE_REFERENCE = 0, PALETTE_CB, PALETTE_COUNT };

/* 0xRRGGBB of flag f (modulo 10) in a palette. */
uint32_t	 palette_rgb(enum palette, unsigned f);
const char	*palette_name(enum palette);
/* "reference", "cb", "colorblind"; 0, or -1 with err. */
int		 palette_parse(const char *, enum palette *, char *err,
		    size_t errlen);

/* WCAG 2 contrast ratio of two sRGB colours, 1 to 21. */
double		 palette_contrast(uint32_t a, uint32_t b);
/* The halo ball.frag draws around a ball of colour c. */
uint32_t	 palette_halo(uint32_t c);

#endif /* PACKTER_VIEWER_PALETTE_H */
