/*
 * palette.c - flag colours and their contrast (see palette.h).
 */
#include "config.h"
#include "palette.h"

#include <math.h>
#include <string.h>

#include "errbuf.h"
#include "protocol.h"

/* Paul Tol's muted scheme, by class: IPv4 then IPv6. */
static const uint32_t cb[PALETTE_COLOURS] = {
	0x88ccee, 0xddcc77, 0xcc6677, 0xaa4499, 0x117733,
	0x44aa99, 0x999933, 0x882255, 0x6655cc, 0xdddddd,
};

uint32_t
palette_rgb(enum palette p, unsigned f)
{
	if (p == PALETTE_CB)
		return cb[f % PALETTE_COLOURS];
	return pt_flag_rgb(f % PALETTE_COLOURS);
}

const char *
palette_name(enum palette p)
{
	return p == PALETTE_CB ? "cb" : "reference";
}

int
palette_parse(const char *s, enum palette *p, char *err, size_t errlen)
{
	if (strcmp(s, "reference") == 0)
		*p = PALETTE_REFERENCE;
	else if (strcmp(s, "cb") == 0 || strcmp(s, "colorblind") == 0 ||
	    strcmp(s, "colourblind") == 0)
		*p = PALETTE_CB;
	else
		return errbuf_fmt(err, errlen, "\"%s\": expected reference or "
		    "cb", s);
	return 0;
}

static double
channel(uint32_t c)
{
	double v = (double)(c & 0xff) / 255.0;

	return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double
luminance(uint32_t c)
{
	return 0.2126 * channel(c >> 16) + 0.7152 * channel(c >> 8) +
	    0.0722 * channel(c);
}

double
palette_contrast(uint32_t a, uint32_t b)
{
	double la = luminance(a), lb = luminance(b), t;

	if (la < lb) {
		t = la;
		la = lb;
		lb = t;
	}
	return (la + 0.05) / (lb + 0.05);
}

/* As ball.frag: mix(c, white, 0.6), per channel, rounded. */
uint32_t
palette_halo(uint32_t c)
{
	uint32_t out = 0;
	int s;

	for (s = 16; s >= 0; s -= 8) {
		double v = (double)(c >> s & 0xff);

		v = v + (255.0 - v) * 0.6;
		out |= (uint32_t)lround(v) << s;
	}
	return out;
}
