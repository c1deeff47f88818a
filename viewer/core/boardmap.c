/*
 * boardmap.c - addresses and ports to board points, ticks, range parsing
 * (see boardmap.h).
 *
 * Addresses are 128-bit integers (IPv4 in the low 32 bits), so a /64 of
 * IPv6 spreads over the board as evenly as a /8 of IPv4: the offset into a
 * range and the range's size are both exact until the one division.
 */
#include "config.h"
#include "boardmap.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "errbuf.h"

#define SERVICES_SPLIT	1024u
#define TEXT_MAX	96

static const bm_u128 v4_max = 0xffffffffu;
#define V6_MAX		(~(bm_u128)0)

void
bm_init(struct boardmap *m)
{
	int s;

	memset(m, 0, sizeof(*m));
	for (s = 0; s < 2; s++) {
		m->side[s].addr.family = 0;
		m->side[s].addr.plen = 0;
		m->side[s].addr.lo = 0;
		m->side[s].addr.hi = V6_MAX;
		m->side[s].port.lo = 0;
		m->side[s].port.hi = 65535;
		m->side[s].port.scale = BM_LINEAR;
	}
	m->families = BM_FAM_ONE;
	m->outside = BM_EDGE;
}

static bm_u128
addr_int(int family, const uint8_t *a)
{
	bm_u128 v = 0;
	int i, n = family == 4 ? 4 : 16;

	for (i = 0; i < n; i++)
		v = v << 8 | a[i];
	return v;
}

static void
int_addr(int family, bm_u128 v, uint8_t *a)
{
	int i, n = family == 4 ? 4 : 16;

	for (i = n - 1; i >= 0; i--) {
		a[i] = (uint8_t)(v & 0xff);
		v >>= 8;
	}
}

/* The number of addresses of a range, as a double (2^128 included). */
static double
span_of(const struct bm_range *r)
{
	return (double)(r->hi - r->lo) + 1.0;
}

static double
space_of(int family)
{
	return family == 4 ? 4294967296.0 : ldexp(1.0, 128);
}

/* u of an address in a range of its family; *out when outside. */
static double
addr_pos(const struct bm_range *r, bm_u128 a, int *out)
{
	if (a < r->lo) {
		*out |= BM_OUT_ADDR;
		return 0.0;
	}
	if (a > r->hi) {
		*out |= BM_OUT_ADDR;
		return 1.0;
	}
	return (double)(a - r->lo) / span_of(r);
}

static double
map_addr(const struct boardmap *m, const struct bm_range *r,
    const struct pt_endpoint *ep, int *out)
{
	double lo, span;

	if (r->family == 0) {
		if (m->families == BM_FAM_ONE || ep->family == 0)
			return ep->x;
		return (ep->family == 4 ? 0.0 : 0.5) + ep->x / 2.0;
	}
	if (ep->family == 0) {
		/* A fraction of the whole space of the range's family. */
		lo = (double)r->lo / space_of(r->family);
		span = span_of(r) / space_of(r->family);
		if (ep->x < lo) {
			*out |= BM_OUT_ADDR;
			return 0.0;
		}
		if (ep->x >= lo + span) {
			*out |= BM_OUT_ADDR;
			return 1.0;
		}
		return (ep->x - lo) / span;
	}
	if (ep->family != r->family) {
		*out |= BM_OUT_ADDR;
		return ep->family == 4 ? 0.0 : 1.0;
	}
	return addr_pos(r, addr_int(ep->family, ep->addr), out);
}

double
bm_port_pos(const struct bm_ports *p, double pv)
{
	double lo = p->lo, top = (double)p->hi + 1.0;

	switch (p->scale) {
	case BM_LOG:
		return log1p(pv - lo) / log1p(top - lo);
	case BM_SERVICES:
		if (p->lo < SERVICES_SPLIT && p->hi >= SERVICES_SPLIT) {
			if (pv < SERVICES_SPLIT)
				return 0.5 * (pv - lo) / (SERVICES_SPLIT - lo);
			return 0.5 + 0.5 * (pv - SERVICES_SPLIT) /
			    (top - SERVICES_SPLIT);
		}
		break;
	case BM_LINEAR:
	default:
		break;
	}
	return (pv - lo) / (top - lo);
}

double
bm_port_at(const struct bm_ports *p, double v)
{
	double lo = p->lo, top = (double)p->hi + 1.0;

	if (v <= 0.0)
		return lo;
	if (v >= 1.0)
		return top;
	switch (p->scale) {
	case BM_LOG:
		return lo + expm1(v * log1p(top - lo));
	case BM_SERVICES:
		if (p->lo < SERVICES_SPLIT && p->hi >= SERVICES_SPLIT) {
			if (v < 0.5)
				return lo + v * 2.0 * (SERVICES_SPLIT - lo);
			return SERVICES_SPLIT + (v - 0.5) * 2.0 *
			    (top - SERVICES_SPLIT);
		}
		break;
	case BM_LINEAR:
	default:
		break;
	}
	return lo + v * (top - lo);
}

static double
map_port(const struct bm_ports *p, const struct pt_endpoint *ep, int *out)
{
	double pv;

	if (ep->port >= 0) {
		if ((uint32_t)ep->port < p->lo) {
			*out |= BM_OUT_PORT;
			return 0.0;
		}
		if ((uint32_t)ep->port > p->hi) {
			*out |= BM_OUT_PORT;
			return 1.0;
		}
		pv = ep->port;
	} else {
		pv = ep->y * 65536.0;
		if (pv < p->lo) {
			*out |= BM_OUT_PORT;
			return 0.0;
		}
		if (pv > (double)p->hi + 1.0) {
			*out |= BM_OUT_PORT;
			return 1.0;
		}
	}
	/* The default: exactly the protocol's y. */
	if (p->lo == 0 && p->hi == 65535 && p->scale == BM_LINEAR)
		return ep->y;
	return bm_port_pos(p, pv);
}

int
bm_map(const struct boardmap *m, enum bm_side s, const struct pt_endpoint *ep,
    float *u, float *v)
{
	const struct bm_axes *ax = &m->side[s];
	int out = 0;

	*u = (float)map_addr(m, &ax->addr, ep, &out);
	*v = (float)map_port(&ax->port, ep, &out);
	return out;
}

bool
bm_is_default(const struct boardmap *m, enum bm_side s)
{
	const struct bm_axes *ax = &m->side[s];

	return ax->addr.family == 0 && ax->port.lo == 0 &&
	    ax->port.hi == 65535 && ax->port.scale == BM_LINEAR;
}

/* --- text ------------------------------------------------------------------ */

static size_t
fmt_addr(char *dst, int family, bm_u128 v)
{
	uint8_t a[16];

	int_addr(family, v, a);
	return family == 4 ? pt_fmt_ip4(dst, a) : pt_fmt_ip6(dst, a);
}

/* An address into a tick (NUL-terminated). */
static void
tick_addr(struct bm_tick *t, float pos, int family, bm_u128 v)
{
	char buf[PT_ADDRSTRLEN];
	size_t n = fmt_addr(buf, family, v);

	if (n >= sizeof(t->text))
		n = sizeof(t->text) - 1;
	memcpy(t->text, buf, n);
	t->text[n] = '\0';
	t->pos = pos;
}

void
bm_range_text(const struct bm_range *r, char *buf, size_t len)
{
	char a[PT_ADDRSTRLEN + 1], b[PT_ADDRSTRLEN + 1];

	if (r->family == 0) {
		(void)snprintf(buf, len, "all");
		return;
	}
	a[fmt_addr(a, r->family, r->lo)] = '\0';
	if (r->plen != 255) {
		(void)snprintf(buf, len, "%s/%u", a, (unsigned)r->plen);
		return;
	}
	b[fmt_addr(b, r->family, r->hi)] = '\0';
	(void)snprintf(buf, len, "%s-%s", a, b);
}

static const char *const scale_names[] = { "linear", "log", "services" };

void
bm_ports_text(const struct bm_ports *p, char *buf, size_t len)
{
	if (p->scale == BM_LINEAR)
		(void)snprintf(buf, len, "%u-%u", p->lo, p->hi);
	else
		(void)snprintf(buf, len, "%u-%u %s", p->lo, p->hi,
		    scale_names[p->scale]);
}

static int
addr_ticks(const struct boardmap *m, const struct bm_range *r,
    struct bm_tick *t, int max)
{
	bm_u128 q;
	int n = 0, i;

	if (r->family == 0 && m->families == BM_FAM_ONE) {
		/* Today's: the IPv4 quarters, IPv6 sharing the axis. */
		for (i = 0; i < 4 && n < max; i++)
			tick_addr(&t[n++], (float)i / 4.0f, 4,
			    (bm_u128)i << 30);
		if (n < max)
			tick_addr(&t[n++], 1.0f, 4, v4_max);
		return n;
	}
	if (r->family == 0) {
		/* Split: IPv4 in front, IPv6 behind. */
		for (i = 0; i < 2 && n < max; i++)
			tick_addr(&t[n++], (float)i / 4.0f, 4,
			    (bm_u128)i << 31);
		if (n < max)
			tick_addr(&t[n++], 0.5f, 6, 0);
		if (n < max)	/* 2000::/3, the global unicast space */
			tick_addr(&t[n++], 0.5f + 0.0625f, 6,
			    (bm_u128)1 << 125);
		if (n < max)
			tick_addr(&t[n++], 0.75f, 6, (bm_u128)1 << 127);
		return n;
	}
	q = (r->hi - r->lo) / 4 + ((r->hi - r->lo) % 4 == 3 ? 1 : 0);
	for (i = 0; i < 4 && n < max; i++)
		tick_addr(&t[n++], (float)i / 4.0f, r->family,
		    r->lo + q * (bm_u128)i);
	/* IPv4's last address is short enough; IPv6's is in the caption. */
	if (r->family == 4 && n < max)
		tick_addr(&t[n++], 1.0f, 4, r->hi);
	return n;
}

static void
tick_port(struct bm_tick *t, const struct bm_ports *p, unsigned port)
{
	double pos = port > p->hi ? 1.0 : bm_port_pos(p, port);

	(void)snprintf(t->text, sizeof(t->text), "%u", port);
	t->pos = (float)pos;
}

static int
port_ticks(const struct bm_ports *p, struct bm_tick *t, int max)
{
	static const unsigned log_ticks[] = { 1, 10, 100, 1000, 10000 };
	static const unsigned svc_ticks[] = { 256, 512, 768, 1024, 16384,
	    32768, 49152 };
	uint32_t span = p->hi - p->lo + 1, q;
	size_t k;
	int n = 0, i;

	if (n < max)
		tick_port(&t[n++], p, p->lo);
	switch (p->scale) {
	case BM_LOG:
		for (k = 0; k < sizeof(log_ticks) / sizeof(log_ticks[0]); k++)
			if (p->lo + log_ticks[k] < p->hi && n < max)
				tick_port(&t[n++], p, p->lo + log_ticks[k]);
		break;
	case BM_SERVICES:
		if (p->lo < SERVICES_SPLIT && p->hi >= SERVICES_SPLIT) {
			for (k = 0; k < sizeof(svc_ticks) / sizeof(svc_ticks[0]);
			    k++)
				if (svc_ticks[k] > p->lo &&
				    svc_ticks[k] < p->hi && n < max)
					tick_port(&t[n++], p, svc_ticks[k]);
			break;
		}
		/* FALLTHROUGH */
	case BM_LINEAR:
	default:
		q = span / 4;
		for (i = 1; i < 4 && q > 0 && n < max; i++)
			tick_port(&t[n++], p, p->lo + q * (uint32_t)i);
		break;
	}
	if (p->hi > p->lo && n < max) {
		tick_port(&t[n], p, p->hi);
		t[n++].pos = 1.0f;
	}
	return n;
}

int
bm_ticks(const struct boardmap *m, enum bm_side s, int axis,
    struct bm_tick *t, int max)
{
	if (axis == 0)
		return addr_ticks(m, &m->side[s].addr, t, max);
	return port_ticks(&m->side[s].port, t, max);
}

/* --- parsing ---------------------------------------------------------------- */

static int
parse_addr(const char *s, int *family, bm_u128 *v)
{
	uint8_t a[16];

	if (inet_pton(AF_INET, s, a) == 1) {
		*family = 4;
		*v = addr_int(4, a);
		return 0;
	}
	if (inet_pton(AF_INET6, s, a) == 1) {
		*family = 6;
		*v = addr_int(6, a);
		return 0;
	}
	return -1;
}

int
bm_parse_range(const char *s, struct bm_range *r, char *err, size_t errlen)
{
	char a[TEXT_MAX], aerr[ACL_ERRBUF_SIZE];
	const char *dash;
	struct acl *acl;
	int fa, fb;
	bm_u128 lo, hi;
	size_t n;

	if (strcmp(s, "all") == 0 || strcmp(s, "*") == 0) {
		memset(r, 0, sizeof(*r));
		r->hi = V6_MAX;
		return 0;
	}
	if ((n = strlen(s)) >= sizeof(a))
		return errbuf_fmt(err, errlen, "\"%.20s...\": too long", s);
	if ((dash = strchr(s, '-')) != NULL) {
		memcpy(a, s, (size_t)(dash - s));
		a[dash - s] = '\0';
		if (parse_addr(a, &fa, &lo) == -1 ||
		    parse_addr(dash + 1, &fb, &hi) == -1)
			return errbuf_fmt(err, errlen, "\"%s\": expected "
			    "ADDR-ADDR, e.g. 10.0.0.0-10.0.255.255", s);
		if (fa != fb)
			return errbuf_fmt(err, errlen, "\"%s\": both ends of one "
			    "family", s);
		if (hi < lo)
			return errbuf_fmt(err, errlen, "\"%s\": the end is "
			    "before the start", s);
		r->family = (uint8_t)fa;
		r->plen = 255;
		r->lo = lo;
		r->hi = hi;
		return 0;
	}
	/* A prefix: common/'s parser, which refuses host bits. */
	if ((acl = calloc(1, sizeof(*acl))) == NULL)
		return errbuf_fmt(err, errlen, "out of memory");
	if (acl_add(acl, s, aerr, sizeof(aerr)) == -1) {
		free(acl);
		return errbuf_fmt(err, errlen, "%s", aerr);
	}
	r->family = acl->e[0].family;
	r->plen = acl->e[0].plen;
	r->lo = addr_int(r->family, acl->e[0].addr);
	if (r->plen == 0)
		r->hi = r->family == 4 ? v4_max : V6_MAX;
	else
		r->hi = r->lo | (((bm_u128)1 << ((r->family == 4 ? 32 : 128) -
		    r->plen)) - 1);
	free(acl);
	return 0;
}

static int
parse_port(const char *s, size_t len, uint32_t *v)
{
	uint32_t n = 0;
	size_t i;

	if (len == 0 || len > 5)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		n = n * 10 + (uint32_t)(s[i] - '0');
	}
	if (n > 65535)
		return -1;
	*v = n;
	return 0;
}

int
bm_parse_ports(const char *s, struct bm_ports *p, char *err, size_t errlen)
{
	const char *dash = strchr(s, '-');
	uint32_t lo, hi;

	if (dash == NULL) {
		if (parse_port(s, strlen(s), &lo) == -1)
			goto bad;
		hi = lo;
	} else if (parse_port(s, (size_t)(dash - s), &lo) == -1 ||
	    parse_port(dash + 1, strlen(dash + 1), &hi) == -1)
		goto bad;
	if (hi < lo)
		return errbuf_fmt(err, errlen, "\"%s\": the end is before the "
		    "start", s);
	p->lo = lo;
	p->hi = hi;
	return 0;
bad:
	return errbuf_fmt(err, errlen, "\"%s\": expected LO-HI, ports from 0 "
	    "to 65535, e.g. 0-1023", s);
}

static int
parse_word(const char *s, const char *const *names, int n, int *v,
    const char *what, char *err, size_t errlen)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0) {
			*v = i;
			return 0;
		}
	return errbuf_fmt(err, errlen, "\"%s\": expected %s", s, what);
}

int
bm_parse_scale(const char *s, enum bm_scale *v, char *err, size_t errlen)
{
	int i = 0;

	if (strcmp(s, "logarithmic") == 0)
		s = "log";
	if (parse_word(s, scale_names, 3, &i, "linear, log or services", err,
	    errlen) == -1)
		return -1;
	*v = (enum bm_scale)i;
	return 0;
}

int
bm_parse_outside(const char *s, enum bm_outside *v, char *err, size_t errlen)
{
	static const char *const names[] = { "edge", "dim", "hide" };
	int i = 0;

	if (parse_word(s, names, 3, &i, "edge, dim or hide", err, errlen) == -1)
		return -1;
	*v = (enum bm_outside)i;
	return 0;
}

int
bm_parse_families(const char *s, enum bm_families *v, char *err,
    size_t errlen)
{
	static const char *const names[] = { "one", "split" };
	int i = 0;

	if (parse_word(s, names, 2, &i, "one or split", err, errlen) == -1)
		return -1;
	*v = (enum bm_families)i;
	return 0;
}

/* --- zoom -------------------------------------------------------------------- */

int
bm_zoom_range(struct bm_range *r, enum bm_families fam, double u)
{
	unsigned bits;
	bm_u128 a, size;

	if (u < 0.0)
		u = 0.0;
	if (u > 1.0)
		u = 1.0;
	if (r->family == 0) {
		/* All: into the half of one family's space under u. */
		if (fam == BM_FAM_SPLIT && u >= 0.5) {
			r->family = 6;
			u = (u - 0.5) * 2.0;
		} else {
			r->family = 4;
			if (fam == BM_FAM_SPLIT)
				u *= 2.0;
		}
		r->plen = 0;
		r->lo = 0;
		r->hi = r->family == 4 ? v4_max : V6_MAX;
	}
	bits = r->family == 4 ? 32 : 128;
	if (r->plen == 255) {
		/* A span: the prefix that holds it, then on from there. */
		unsigned p = 0;

		while (p < bits && ((r->lo ^ r->hi) >> (bits - 1 - p)) == 0)
			p++;
		r->plen = (uint8_t)p;
		if (p < bits)
			r->lo &= ~(((bm_u128)1 << (bits - p)) - 1);
	}
	if (r->plen >= bits)
		return -1;
	/* The address under u, then one bit more of prefix. */
	size = r->plen == 0 && bits == 128 ? 0 : (bm_u128)1 << (bits - r->plen);
	if (size == 0)
		a = r->lo + ((bm_u128)(u * ldexp(1.0, 64)) << 64);
	else
		a = r->lo + (bm_u128)(u * (double)size);
	if (u >= 1.0)
		a = r->lo + (size == 0 ? V6_MAX : size - 1);
	r->plen++;
	r->lo = a & ~(((bm_u128)1 << (bits - r->plen)) - 1);
	if (bits == 32)
		r->lo &= v4_max;
	r->hi = r->lo | (((bm_u128)1 << (bits - r->plen)) - 1);
	return 0;
}

int
bm_zoom_ports(struct bm_ports *p, double v)
{
	double c, lo, hi, span = (double)(p->hi - p->lo) + 1.0;

	if (span < 2.0)
		return -1;
	c = bm_port_at(p, v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v);
	lo = floor(c - span / 4.0);
	if (lo < p->lo)
		lo = p->lo;
	hi = lo + ceil(span / 2.0) - 1.0;
	if (hi > p->hi) {
		hi = p->hi;
		lo = hi - ceil(span / 2.0) + 1.0;
	}
	p->lo = (uint32_t)lo;
	p->hi = (uint32_t)hi;
	return 0;
}

/* --- names ------------------------------------------------------------------- */

static const struct {
	uint16_t	 port;
	const char	*name;
} port_names[] = {
	{ 20, "ftp-data" }, { 21, "ftp" }, { 22, "ssh" }, { 23, "telnet" },
	{ 25, "smtp" }, { 53, "domain" }, { 67, "bootps" }, { 68, "bootpc" },
	{ 69, "tftp" }, { 80, "http" }, { 88, "kerberos" }, { 110, "pop3" },
	{ 111, "sunrpc" }, { 119, "nntp" }, { 123, "ntp" },
	{ 137, "netbios-ns" }, { 138, "netbios-dgm" }, { 139, "netbios-ssn" },
	{ 143, "imap" }, { 161, "snmp" }, { 162, "snmptrap" }, { 179, "bgp" },
	{ 389, "ldap" }, { 443, "https" }, { 445, "microsoft-ds" },
	{ 465, "submissions" }, { 500, "isakmp" }, { 514, "syslog" },
	{ 515, "printer" }, { 554, "rtsp" }, { 587, "submission" },
	{ 631, "ipp" }, { 636, "ldaps" }, { 853, "domain-s" },
	{ 873, "rsync" }, { 993, "imaps" }, { 995, "pop3s" },
	{ 1194, "openvpn" }, { 1433, "ms-sql-s" }, { 1812, "radius" },
	{ 1883, "mqtt" }, { 2049, "nfs" }, { 2055, "netflow" },
	{ 3128, "squid" }, { 3306, "mysql" }, { 3389, "ms-wbt-server" },
	{ 4500, "ipsec-nat-t" }, { 5060, "sip" }, { 5353, "mdns" },
	{ 5432, "postgresql" }, { 6343, "sflow" }, { 6379, "redis" },
	{ 8080, "http-alt" }, { 8443, "https-alt" }, { 9005, "intertrack" },
	{ 11300, "packter" }, { 11301, "packter-tc" },
};

const char *
bm_port_name(unsigned port)
{
	size_t lo = 0, hi = sizeof(port_names) / sizeof(port_names[0]), mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (port_names[mid].port == port)
			return port_names[mid].name;
		if (port_names[mid].port < port)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
