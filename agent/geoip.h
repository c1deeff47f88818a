/*
 * geoip.h - where an address is, for the globe (-G DB.mmdb): a MaxMind
 * format database read through libmaxminddb, a small cache in front of it,
 * and the site's own place for its private addresses (--geo-home).
 *
 * Built without libmaxminddb, geoip_open() refuses in words and nothing
 * else is reached.
 */
#ifndef PACKTER_GEOIP_H
#define PACKTER_GEOIP_H

#include <stdint.h>
#include <stdio.h>

#include "protocol.h"

enum geoip_counter {
	GC_LOOKUPS,		/* addresses asked about */
	GC_FOUND,		/* ... placed from the database */
	GC_HOME,		/* ... private, placed at --geo-home */
	GC_NOT_FOUND,		/* ... not in the database */
	GC_NO_LOCATION,		/* ... in it, without location/latitude,longitude */
	GC_BAD_LOCATION,	/* ... with one that is no number or off the Earth */
	GC_ERRORS,		/* ... the lookup failed (a corrupt database) */
	GC_CACHE_HITS,		/* answers from the cache (counted above too) */
	GC_MAX
};

struct geoip;

/* Open the database (memory-mapped); NULL with err filled. */
struct geoip	*geoip_open(const char *path, char *err, size_t errlen);
/* Private, loopback and link-local addresses are at home from now on. */
void		 geoip_set_home(struct geoip *, const struct pt_place *);
/* Where addr is; out->known false when nobody knows. */
void		 geoip_place(struct geoip *, int family, const uint8_t *addr,
		    struct pt_place *out);
uint64_t	 geoip_counter(const struct geoip *, enum geoip_counter);
const char	*geoip_counter_name(enum geoip_counter);
void		 geoip_stats(const struct geoip *, FILE *);
void		 geoip_close(struct geoip *);

/* "LAT,LON" in degrees for --geo-home: 0, or -1 with err filled. */
int		 geoip_parse_place(const char *text, struct pt_place *,
		    char *err, size_t errlen);

#endif /* PACKTER_GEOIP_H */
