/*
 * geoip.c - addresses to places for the globe (-G), from a MaxMind DB
 * ("MaxMind DB File Format Specification" 2.0: GeoLite2-City, DB-IP's
 * city lite and any database with location/latitude and
 * location/longitude in its records), through libmaxminddb.
 *
 * libmaxminddb checks the search tree and the data section's offsets as
 * it walks them; what it hands back is judged here before it is used: the
 * two values must be numbers (double or float), finite, and on the Earth
 * (|lat| <= 90, |lon| <= 180), else the address counts as bad-location and
 * has no place.  The database is memory-mapped once; answers are kept in
 * a direct-mapped cache of GEO_CACHE addresses, so a busy flow costs one
 * lookup.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#ifdef HAVE_MAXMINDDB
#include <maxminddb.h>
#endif

#include "counters.h"
#include "errbuf.h"
#include "geoip.h"
#include "log.h"
#include "stats.h"

#define GEO_CACHE	4096		/* a power of two */

static const char *const geoip_counter_names[GC_MAX] = {
	[GC_LOOKUPS]		= "geo-lookups",
	[GC_FOUND]		= "geo-found",
	[GC_HOME]		= "geo-home",
	[GC_NOT_FOUND]		= "geo-not-found",
	[GC_NO_LOCATION]	= "geo-no-location",
	[GC_BAD_LOCATION]	= "geo-bad-location",
	[GC_ERRORS]		= "geo-errors",
	[GC_CACHE_HITS]		= "geo-cache-hits",
};

struct geo_entry {
	uint8_t		 family;	/* 0: empty */
	uint8_t		 addr[16];
	enum geoip_counter result;	/* what the lookup was counted as */
	struct pt_place	 place;
};

struct geoip {
#ifdef HAVE_MAXMINDDB
	MMDB_s		 db;
#endif
	bool		 have_home;
	struct pt_place	 home;
	struct ratelimit rl;
	uint64_t	 c[GC_MAX];
	struct geo_entry cache[GEO_CACHE];
};

int
geoip_parse_place(const char *text, struct pt_place *p, char *err,
    size_t errlen)
{
	struct pt_place none;
	char word[PT_GEO_WORD_MAX + 16];
	size_t n = strlen(text);

	/* "LAT,LON" is the source half of a trailer word. */
	if (n + 3 > sizeof(word))
		return errbuf_fmt(err, errlen, "'%s': not LAT,LON", text);
	memcpy(word, text, n);
	memcpy(word + n, "/-", 3);
	if (!pt_parse_geo_word(word, n + 2, p, &none) || !p->known)
		return errbuf_fmt(err, errlen, "'%s': not LAT,LON in degrees "
		    "(north and east positive, e.g. 35.6895,139.6917)", text);
	return 0;
}

#ifdef HAVE_MAXMINDDB

struct geoip *
geoip_open(const char *path, char *err, size_t errlen)
{
	struct geoip *g = xcalloc(1, sizeof(*g));
	int rc;

	errno = 0;
	if ((rc = MMDB_open(path, MMDB_MODE_MMAP, &g->db)) != MMDB_SUCCESS) {
		if ((rc == MMDB_FILE_OPEN_ERROR || rc == MMDB_IO_ERROR) &&
		    errno != 0)
			errbuf_fmt_errno(err, errlen, errno, "%s", path);
		else
			errbuf_fmt(err, errlen, "%s: %s", path,
			    MMDB_strerror(rc));
		free(g);
		return NULL;
	}
	log_debug("-G %s: %s, IPv%u, %u nodes", path,
	    g->db.metadata.database_type != NULL ?
	    g->db.metadata.database_type : "?",
	    (unsigned)g->db.metadata.ip_version,
	    (unsigned)g->db.metadata.node_count);
	return g;
}

void
geoip_close(struct geoip *g)
{
	if (g == NULL)
		return;
	MMDB_close(&g->db);
	free(g);
}

/* A latitude or longitude of the record, judged; false if unfit. */
static bool
coord(MMDB_entry_s *e, const char *which, double lim, int32_t *out,
    enum geoip_counter *why)
{
	MMDB_entry_data_s d;
	double v;
	int rc;

	rc = MMDB_get_value(e, &d, "location", which, NULL);
	if (rc == MMDB_LOOKUP_PATH_DOES_NOT_MATCH_DATA_ERROR ||
	    (rc == MMDB_SUCCESS && !d.has_data)) {
		*why = GC_NO_LOCATION;
		return false;
	}
	if (rc != MMDB_SUCCESS) {
		*why = GC_ERRORS;
		return false;
	}
	if (d.type == MMDB_DATA_TYPE_DOUBLE)
		v = d.double_value;
	else if (d.type == MMDB_DATA_TYPE_FLOAT)
		v = (double)d.float_value;
	else {
		*why = GC_BAD_LOCATION;
		return false;
	}
	if (!isfinite(v) || v < -lim || v > lim) {
		*why = GC_BAD_LOCATION;
		return false;
	}
	*out = (int32_t)lround(v * 10000.0);
	return true;
}

/* The database's answer, and what it counts as. */
static enum geoip_counter
db_lookup(struct geoip *g, int family, const uint8_t *addr,
    struct pt_place *out)
{
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	const struct sockaddr *sa;
	MMDB_lookup_result_s res;
	enum geoip_counter why = GC_FOUND;
	int mmerr = MMDB_SUCCESS;

	if (family == 4) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		memcpy(&sin.sin_addr, addr, 4);
		sa = (const struct sockaddr *)&sin;
	} else {
		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		memcpy(&sin6.sin6_addr, addr, 16);
		sa = (const struct sockaddr *)&sin6;
	}
	res = MMDB_lookup_sockaddr(&g->db, sa, &mmerr);
	if (mmerr == MMDB_IPV6_LOOKUP_IN_IPV4_DATABASE_ERROR)
		return GC_NOT_FOUND;	/* an IPv4 database knows no IPv6 */
	if (mmerr != MMDB_SUCCESS) {
		log_limited(&g->rl, LOG_LVL_WARN, "-G: lookup failed: %s",
		    MMDB_strerror(mmerr));
		return GC_ERRORS;
	}
	if (!res.found_entry)
		return GC_NOT_FOUND;
	if (!coord(&res.entry, "latitude", 90.0, &out->lat_e4, &why) ||
	    !coord(&res.entry, "longitude", 180.0, &out->lon_e4, &why)) {
		if (why == GC_ERRORS)
			log_limited(&g->rl, LOG_LVL_WARN, "-G: a record "
			    "could not be read (a corrupt database?)");
		return why;
	}
	out->known = true;
	return GC_FOUND;
}

#else /* !HAVE_MAXMINDDB */

struct geoip *
geoip_open(const char *path, char *err, size_t errlen)
{
	(void)path;
	errbuf_fmt(err, errlen, "this packter-agent was built without "
	    "libmaxminddb, so it cannot read a GeoIP database: install "
	    "libmaxminddb-dev, run ./configure and make again");
	return NULL;
}

void
geoip_close(struct geoip *g)
{
	free(g);
}

static enum geoip_counter
db_lookup(struct geoip *g, int family, const uint8_t *addr,
    struct pt_place *out)
{
	(void)g;
	(void)family;
	(void)addr;
	(void)out;
	return GC_NOT_FOUND;
}

#endif /* HAVE_MAXMINDDB */

void
geoip_set_home(struct geoip *g, const struct pt_place *home)
{
	g->home = *home;
	g->have_home = home->known;
}

/*
 * This site's own addresses, which no database places: RFC 1918, shared
 * (RFC 6598), loopback, link-local; IPv6 loopback, ULA, link-local and the
 * IPv4-mapped form of the IPv4 ones.
 */
static bool
is_local(int family, const uint8_t *a)
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff };
	static const uint8_t loop6[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 0, 1 };

	if (family == 6) {
		if (memcmp(a, mapped, 12) == 0)
			return is_local(4, a + 12);
		return memcmp(a, loop6, 16) == 0 || (a[0] & 0xfe) == 0xfc ||
		    (a[0] == 0xfe && (a[1] & 0xc0) == 0x80);
	}
	return a[0] == 10 || a[0] == 127 ||
	    (a[0] == 172 && (a[1] & 0xf0) == 16) ||
	    (a[0] == 192 && a[1] == 168) ||
	    (a[0] == 169 && a[1] == 254) ||
	    (a[0] == 100 && (a[1] & 0xc0) == 64);
}

static size_t
cache_slot(int family, const uint8_t *a)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)family;
	size_t i, n = family == 4 ? 4 : 16;

	for (i = 0; i < n; i++)
		h = (h ^ a[i]) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 29)) & (GEO_CACHE - 1);
}

void
geoip_place(struct geoip *g, int family, const uint8_t *addr,
    struct pt_place *out)
{
	struct geo_entry *e;
	size_t n = family == 4 ? 4 : 16;

	memset(out, 0, sizeof(*out));
	if (family != 4 && family != 6)
		return;
	g->c[GC_LOOKUPS]++;
	if (g->have_home && is_local(family, addr)) {
		g->c[GC_HOME]++;
		*out = g->home;
		return;
	}
	e = &g->cache[cache_slot(family, addr)];
	if (e->family == family && memcmp(e->addr, addr, n) == 0) {
		g->c[GC_CACHE_HITS]++;
	} else {
		e->family = (uint8_t)family;
		memset(e->addr, 0, sizeof(e->addr));
		memcpy(e->addr, addr, n);
		memset(&e->place, 0, sizeof(e->place));
		e->result = db_lookup(g, family, addr, &e->place);
		if (e->result != GC_FOUND)
			memset(&e->place, 0, sizeof(e->place));
	}
	g->c[e->result]++;
	*out = e->place;
}

uint64_t
geoip_counter(const struct geoip *g, enum geoip_counter which)
{
	return g->c[which];
}

const char *
geoip_counter_name(enum geoip_counter which)
{
	return geoip_counter_names[which];
}

void
geoip_stats(const struct geoip *g, FILE *f)
{
	struct counters c = { "geoip", geoip_counter_names,
	    (uint64_t *)(uintptr_t)g->c, GC_MAX };

	counters_print(f, &c, 0);
}
