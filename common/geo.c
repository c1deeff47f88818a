/*
 * geo.c - places on the Earth in the PACKTERGEO trailer of a record
 * datagram (docs/protocol.md section 3.6).
 *
 * One word a record line, in the order of the lines:
 *
 *     PACKTERGEO 35.6895,139.6917/48.8566,2.3522 -/48.8566,2.3522 -/-
 *                `--- source ---' `- destination'  unknown source
 *
 * Degrees, north and east positive, at most six decimals (kept to four:
 * 1e-4 degree is about 11 m, finer than any address database).  The
 * parser reads only the bytes it is given and never a NUL terminator.
 */
#include "config.h"

#include <string.h>

#include "protocol.h"

#define LAT_MAX_E4	900000
#define LON_MAX_E4	1800000
#define FRAC_MAX	6

/* "-12.3456" without trailing zeros; v in 1e-4 units. */
static size_t
fmt_e4(char *dst, int32_t v)
{
	uint32_t u, whole, frac;
	size_t n = 0;
	int digits = 4;

	if (v < 0) {
		dst[n++] = '-';
		u = (uint32_t)0 - (uint32_t)v;
	} else
		u = (uint32_t)v;
	whole = u / 10000;
	frac = u % 10000;
	n += pt_fmt_u32(dst + n, whole);
	if (frac == 0)
		return n;
	while (frac % 10 == 0) {
		frac /= 10;
		digits--;
	}
	dst[n++] = '.';
	for (; digits > 0; digits--) {
		uint32_t p = 1;
		int i;

		for (i = 1; i < digits; i++)
			p *= 10;
		dst[n++] = (char)('0' + (frac / p) % 10);
	}
	return n;
}

static size_t
fmt_place(char *dst, const struct pt_place *p)
{
	size_t n;

	if (p == NULL || !p->known || p->lat_e4 < -LAT_MAX_E4 ||
	    p->lat_e4 > LAT_MAX_E4 || p->lon_e4 < -LON_MAX_E4 ||
	    p->lon_e4 > LON_MAX_E4) {
		dst[0] = '-';
		return 1;
	}
	n = fmt_e4(dst, p->lat_e4);
	dst[n++] = ',';
	return n + fmt_e4(dst + n, p->lon_e4);
}

size_t
pt_fmt_geo_word(char *dst, const struct pt_place *src,
    const struct pt_place *dstp)
{
	size_t n;

	n = fmt_place(dst, src);
	dst[n++] = '/';
	return n + fmt_place(dst + n, dstp);
}

/*
 * ["-"] 1*3DIGIT ["." 1*6DIGIT] in 1e-4 units, rounded half away from
 * zero, within [-max, max].
 */
static bool
parse_e4(const char *p, size_t len, int32_t max, int32_t *out)
{
	size_t i = 0, nd = 0, nf = 0;
	int64_t whole = 0, frac = 0, scale = 1, v;
	bool neg = false;

	if (i < len && (p[i] == '-' || p[i] == '+'))
		neg = p[i++] == '-';
	for (; i < len && p[i] >= '0' && p[i] <= '9'; i++) {
		if (++nd > 3)
			return false;
		whole = whole * 10 + (p[i] - '0');
	}
	if (nd == 0)
		return false;
	if (i < len && p[i] == '.') {
		for (i++; i < len && p[i] >= '0' && p[i] <= '9'; i++) {
			if (++nf > FRAC_MAX)
				return false;
			frac = frac * 10 + (p[i] - '0');
			scale *= 10;
		}
		if (nf == 0)
			return false;
	}
	if (i != len)
		return false;
	/* frac / scale in 1e-4, rounded. */
	v = whole * 10000 + (frac * 10000 * 2 + scale) / (2 * scale);
	if (v > max)
		return false;
	*out = (int32_t)(neg ? -v : v);
	return true;
}

static bool
parse_place(const char *p, size_t len, struct pt_place *pl)
{
	const char *comma;

	memset(pl, 0, sizeof(*pl));
	if (len == 1 && p[0] == '-')
		return true;
	if ((comma = memchr(p, ',', len)) == NULL)
		return false;
	if (!parse_e4(p, (size_t)(comma - p), LAT_MAX_E4, &pl->lat_e4) ||
	    !parse_e4(comma + 1, (size_t)(p + len - comma - 1), LON_MAX_E4,
	    &pl->lon_e4)) {
		pl->lat_e4 = pl->lon_e4 = 0;
		return false;
	}
	pl->known = true;
	return true;
}

bool
pt_parse_geo_word(const char *p, size_t len, struct pt_place *src,
    struct pt_place *dst)
{
	const char *slash;

	memset(src, 0, sizeof(*src));
	memset(dst, 0, sizeof(*dst));
	if (p == NULL || len == 0 || len > PT_GEO_WORD_MAX + 8 ||
	    (slash = memchr(p, '/', len)) == NULL)
		return false;
	if (!parse_place(p, (size_t)(slash - p), src) ||
	    !parse_place(slash + 1, (size_t)(p + len - slash - 1), dst)) {
		memset(src, 0, sizeof(*src));
		memset(dst, 0, sizeof(*dst));
		return false;
	}
	return true;
}
