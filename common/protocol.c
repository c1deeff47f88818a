/*
 * protocol.c - parsing of PACKTER datagrams and encoding of control messages.
 *
 * Specification: docs/protocol.md (which extends the reference protocol of
 * PACKTER 2.6 and the PACKTER paper, ../shared/PROTOCOL.md).
 *
 *     [PACKTERAGENT id,time,hmac-hex\n]     optional authentication line
 *     KEYWORD\n                              PACKTER, PACKTERMSG, ...
 *     payload                                record lines, or one message
 *
 *     record line:  SRC,DST,SPORT,DPORT,FLAG,DESCRIPTION\n
 *                   SRC/DST: IPv4 | IPv6 | fraction in [0,1)
 *                   SPORT/DPORT: 0..65535 | fraction in [0,1]
 *
 * Everything here works on slices [p, end) of the caller's datagram: no
 * byte outside it is read, nothing needs a terminating NUL, nothing is
 * allocated and nothing is copied except short fields into bounded local
 * buffers for error messages.
 */
#include "config.h"
#include "protocol.h"

#include <sys/socket.h>
#include <arpa/inet.h>

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errbuf.h"
#include "scale.h"

#define PT_MAX_FIELD	64	/* longest SRC/DST/port/flag field accepted */
#define PT_MAX_KEYWORD	64	/* a PT_UNKNOWN keyword is cut to this */
#define PT_MAX_AUTH_ID	64
#define PT_MAX_DURATION	2147483647LL	/* |SOUND duration| in ms */
#define PT_MAX_FLAG	65535u
#define PT_MAX_PORT	65536u		/* 65536 is y = 1.0, as the reference */

static const char agent_kw[] = "PACKTERAGENT";
static const char time_kw[] = PT_TIME_KEYWORD;
static const char geo_kw[] = PT_GEO_KEYWORD;

static const struct {
	const char	*name;
	size_t		 len;
	enum pt_kind	 kind;
} keywords[] = {
#define KW(s, k)	{ s, sizeof(s) - 1, k }
	KW("PACKTER", PT_RECORD),
	KW("PACKTERMSG", PT_MSG),
	KW("PACKTERMESG", PT_MSG),
	KW("PACKTERHTML", PT_HTML),
	KW("PACKTERSOUND", PT_SOUND),
	KW("PACKTERSE", PT_SE),
	KW("PACKTERVOICE", PT_VOICE),
	KW("PACKTERSKYDOMETEXTURE", PT_SKYDOME),
	KW("PACKTERBALLISTIC", PT_BALLISTIC),
	KW("PACKTERWITHGATEWAY", PT_GATEWAY),
	KW("PACKTEARTH", PT_EARTH),
#undef KW
};

static const char *const kind_names[PT_KIND_MAX] = {
	[PT_NONE] = "empty",
	[PT_RECORD] = "PACKTER",
	[PT_MSG] = "PACKTERMSG",
	[PT_HTML] = "PACKTERHTML",
	[PT_SOUND] = "PACKTERSOUND",
	[PT_SE] = "PACKTERSE",
	[PT_VOICE] = "PACKTERVOICE",
	[PT_SKYDOME] = "PACKTERSKYDOMETEXTURE",
	[PT_BALLISTIC] = "PACKTERBALLISTIC",
	[PT_GATEWAY] = "PACKTERWITHGATEWAY",
	[PT_EARTH] = "PACKTEARTH",
	[PT_UNKNOWN] = "unknown",
};

static const uint32_t flag_rgb[PT_FLAG_CLASSES] = {
	0xFFA3B1, 0x0000FF, 0xFF0000, 0x8000FF, 0x008000,
	0x00FFFF, 0xFFFF00, 0xFFFFFF, 0x00FF00, 0xFF8040,
};

static const char *const flag_labels[PT_FLAG_CLASSES] = {
	"IPv4 TCP", "IPv4 TCP SYN", "IPv4 TCP FIN/RST", "IPv4 UDP", "IPv4 ICMP",
	"IPv6 TCP", "IPv6 TCP SYN", "IPv6 TCP FIN/RST", "IPv6 UDP",
	"IPv6 ICMPv6",
};

/* --- small helpers on slices ---------------------------------------------- */

static inline bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static inline bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static inline struct pt_str
mkstr(const char *p, size_t len)
{
	struct pt_str s = { p, len };

	return s;
}

/* Drop spaces and tabs at both ends. */
static inline struct pt_str
trim(const char *p, size_t len)
{
	while (len > 0 && is_blank(p[0])) {
		p++;
		len--;
	}
	while (len > 0 && is_blank(p[len - 1]))
		len--;
	return mkstr(p, len);
}

static inline bool
str_eq(struct pt_str s, const char *lit, size_t litlen)
{
	return s.len == litlen && memcmp(s.p, lit, litlen) == 0;
}

/*
 * Take the next line of [*pp, end): its bytes without "\n" or "\r\n".
 * False at the end of the buffer.
 */
static inline bool
take_line(const char **pp, const char *end, struct pt_str *line)
{
	const char *p = *pp, *nl;

	if (p >= end)
		return false;
	nl = memchr(p, '\n', (size_t)(end - p));
	if (nl == NULL) {
		*line = mkstr(p, (size_t)(end - p));
		*pp = end;
	} else {
		*line = mkstr(p, (size_t)(nl - p));
		*pp = nl + 1;
	}
	if (line->len > 0 && line->p[line->len - 1] == '\r')
		line->len--;
	return true;
}

/* Cut a slice to at most max bytes, backing off to a UTF-8 boundary. */
static struct pt_str
cut_utf8(struct pt_str s, size_t max)
{
	size_t n, back;

	if (s.len <= max)
		return s;
	n = max;
	/* Never end inside a multibyte sequence: back off over continuations. */
	for (back = 0; back < 3 && n > 0 &&
	    ((unsigned char)s.p[n] & 0xC0) == 0x80; back++)
		n--;
	if (back == 3 && ((unsigned char)s.p[n] & 0xC0) == 0x80)
		n = max;	/* not UTF-8 anyway: cut where asked */
	return mkstr(s.p, n);
}

/* --- errors --------------------------------------------------------------- */

/*
 * Copy at most 32 bytes of a field into q for an error message, replacing
 * anything that is not printable ASCII, so a peer cannot put control bytes
 * into a log line.
 */
#define QUOTE_MAX	32
#define QUOTE_SIZE	(QUOTE_MAX + 4)
static const char *
quote(char q[QUOTE_SIZE], const char *p, size_t len)
{
	size_t i, n = len > QUOTE_MAX ? QUOTE_MAX : len;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		q[i] = (c >= 0x20 && c < 0x7f && c != '\'') ? (char)c : '?';
	}
	if (len > QUOTE_MAX) {
		memcpy(q + n, "...", 3);
		n += 3;
	}
	q[n] = '\0';
	return q;
}

/* Fill err with "line N: " (when line != 0) and the message.  Returns -1. */
static int __attribute__((format(printf, 4, 5)))
fail(char *err, size_t errlen, unsigned line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)errbuf_vfmt(err, errlen, fmt, ap);
	va_end(ap);
	if (line != 0)
		(void)errbuf_prepend(err, errlen, "line %u: ", line);
	return -1;
}

/* --- numbers --------------------------------------------------------------- */

/*
 * An unsigned decimal integer of digits only.  Returns 1 with *out set,
 * 0 when the text is not a plain integer, -1 when it is one above max.
 */
static int
parse_uint(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	bool over = false;
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned d;

		if (!is_digit(s[i]))
			return 0;
		d = (unsigned)(s[i] - '0');
		/* Checked before it is done: v * 10 + d must not wrap. */
		if (!over && v > (max - d) / 10)
			over = true;
		if (!over)
			v = v * 10 + d;
	}
	if (over)
		return -1;
	*out = v;
	return 1;
}

/*
 * An unsigned decimal number: "0", "0.5", ".5", "5.", "1e-05", "2.5E+1".
 * No sign, no hex, no inf/nan, no blanks: the text is checked against that
 * grammar, then converted by strtod(3) from a bounded copy (with the
 * locale's decimal point, should a program have set one).
 */
static bool
parse_unsigned_decimal(const char *s, size_t n, double *out)
{
	char buf[PT_MAX_FIELD + 1], *end;
	const char *point;
	bool any = false;
	size_t i = 0;
	double v;

	if (n == 0 || n > PT_MAX_FIELD)
		return false;
	while (i < n && is_digit(s[i])) {
		i++;
		any = true;
	}
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && is_digit(s[i])) {
			i++;
			any = true;
		}
	}
	if (!any)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= n || !is_digit(s[i]))
			return false;
		while (i < n && is_digit(s[i]))
			i++;
	}
	if (i != n)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	point = localeconv()->decimal_point;
	if (point[0] != '.' && point[0] != '\0' && point[1] == '\0')
		for (i = 0; i < n; i++)
			if (buf[i] == '.')
				buf[i] = point[0];
	errno = 0;
	v = strtod(buf, &end);
	if (end != buf + n || (errno == ERANGE && v != 0.0) || !isfinite(v))
		return false;		/* too large; too small is 0 */
	*out = v;
	return true;
}

/* The same with an optional sign, for latitudes and longitudes. */
static bool
parse_signed_decimal(const char *s, size_t n, double *out)
{
	bool neg = false;

	if (n > 0 && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		s++;
		n--;
	}
	if (!parse_unsigned_decimal(s, n, out))
		return false;
	if (neg)
		*out = -*out;
	return true;
}

/* --- addresses ------------------------------------------------------------- */

/*
 * An address in text form, by inet_pton(3) on a bounded copy: IPv4 as a
 * dotted quad, IPv6 as RFC 4291 2.2 writes it (no zone, no brackets).
 */
static bool
parse_inet(int af, const char *s, size_t n, uint8_t *out)
{
	char buf[PT_MAX_FIELD + 1];
	size_t i, k = 0, run;

	if (n == 0 || n > PT_MAX_FIELD)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(af, buf, out) == 1)
		return true;
	if (af != AF_INET || strspn(buf, "0123456789.") != n)
		return false;
	/* Our extension: leading zeros in a dotted quad are decimal. */
	for (i = 0, run = 0; i < n; i++) {
		run = buf[i] == '.' ? 0 : run + 1;
		if (run > 3)
			return false;	/* 1..3 digits a part */
		if (buf[i] != '0' || (i + 1 < n && buf[i + 1] == '.') ||
		    i + 1 == n || (k > 0 && buf[k - 1] != '.'))
			buf[k++] = buf[i];
	}
	buf[k] = '\0';
	return inet_pton(af, buf, out) == 1;
}

enum { EP_OK = 0, EP_BAD = -1, EP_RANGE = -2 };

/* SRC or DST: an address, or a fraction in [0,1). */
static int
parse_addr_field(struct pt_str f, struct pt_endpoint *e)
{
	double v;

	e->addr_text = f;
	if (f.len == 0 || f.len > PT_MAX_FIELD)
		return EP_BAD;
	if (parse_inet(AF_INET, f.p, f.len, e->addr)) {
		memset(e->addr + 4, 0, 12);
		e->family = 4;
		e->x = scale_addr(4, e->addr);
		return EP_OK;
	}
	if (memchr(f.p, ':', f.len) != NULL) {
		if (!parse_inet(AF_INET6, f.p, f.len, e->addr))
			return EP_BAD;
		e->family = 6;
		e->x = scale_addr(6, e->addr);
		return EP_OK;
	}
	if (!parse_unsigned_decimal(f.p, f.len, &v))
		return EP_BAD;
	if (!(v >= 0.0 && v < 1.0))
		return EP_RANGE;
	e->family = 0;
	memset(e->addr, 0, sizeof(e->addr));
	e->x = v;
	return EP_OK;
}

/* SPORT or DPORT: an integer port, or a fraction in [0,1]. */
static int
parse_port_field(struct pt_str f, struct pt_endpoint *e)
{
	uint64_t port;
	double v;
	int rc;

	e->port_text = f;
	if (f.len == 0 || f.len > PT_MAX_FIELD)
		return EP_BAD;
	/* 65536: the reference's top edge, y = 1.0 (65536 / 65536). */
	rc = parse_uint(f.p, f.len, PT_MAX_PORT, &port);
	if (rc == 1) {
		e->port = (int32_t)port;
		e->y = scale_port((unsigned)port);
		return EP_OK;
	}
	if (rc < 0)
		return EP_RANGE;
	if (!parse_unsigned_decimal(f.p, f.len, &v))
		return EP_BAD;
	if (!(v >= 0.0 && v <= 1.0))
		return EP_RANGE;
	e->port = -1;
	e->y = v;
	return EP_OK;
}

static int
endpoint_error(int rc, bool port, const char *which, struct pt_str f,
    unsigned line, char *err, size_t errlen)
{
	char q[QUOTE_SIZE];

	quote(q, f.p, f.len);
	if (f.len == 0)
		return fail(err, errlen, line, "empty %s %s", which,
		    port ? "port" : "address");
	if (rc == EP_RANGE)
		return fail(err, errlen, line, "%s %s out of range '%s'",
		    which, port ? "port" : "fraction", q);
	return fail(err, errlen, line, "bad %s %s '%s'", which,
	    port ? "port" : "address", q);
}

/*
 * A model name in the flag field, as the reference viewer takes one (it
 * loads the model of that name): a letter or '_', then letters, digits,
 * '_', '-' and '.', at most PT_FLAG_NAME_MAX bytes.
 */
static bool
is_flag_name(struct pt_str f)
{
	size_t i;

	if (f.len == 0 || f.len > PT_FLAG_NAME_MAX)
		return false;
	for (i = 0; i < f.len; i++) {
		char c = f.p[i];
		bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c == '_';

		if (!alpha && (i == 0 || (!is_digit(c) && c != '-' &&
		    c != '.')))
			return false;
	}
	return true;
}

/* FLAG: an integer 0..65535, or (name != NULL) a model name. */
static int
parse_flag(struct pt_str f, unsigned *flag, struct pt_str *name,
    unsigned line, char *err, size_t errlen)
{
	char q[QUOTE_SIZE];
	uint64_t v;
	int rc;

	if (name != NULL)
		*name = mkstr(f.p, 0);
	/* As every other field: 64 bytes at most, leading zeros and all. */
	if (f.len > PT_MAX_FIELD)
		return fail(err, errlen, line, "flag too long (%zu bytes, at "
		    "most %d)", f.len, PT_MAX_FIELD);
	rc = parse_uint(f.p, f.len, PT_MAX_FLAG, &v);
	if (rc == 1) {
		*flag = (unsigned)v;
		return 0;
	}
	if (rc == 0 && name != NULL && is_flag_name(f)) {
		*flag = PT_FLAG_NAMED;
		*name = f;
		return 0;
	}
	quote(q, f.p, f.len);
	if (f.len == 0)
		return fail(err, errlen, line, "empty flag");
	if (rc < 0)
		return fail(err, errlen, line, "flag out of range '%s'", q);
	return fail(err, errlen, line, "bad flag '%s'", q);
}

/*
 * Split a line at its first n commas into n fields (trimmed) and the rest
 * (everything after the n-th comma, commas and all).  Returns the number
 * of fields found when there are fewer than n commas, or n.
 */
static size_t
split_fields(struct pt_str line, struct pt_str *f, size_t n,
    struct pt_str *rest)
{
	const char *s = line.p, *end = line.p + line.len, *c;
	size_t i;

	for (i = 0; i < n; i++) {
		c = memchr(s, ',', (size_t)(end - s));
		if (c == NULL)
			return i;
		f[i] = trim(s, (size_t)(c - s));
		s = c + 1;
	}
	*rest = mkstr(s, (size_t)(end - s));
	return n;
}

/* Parse src, dst, sport, dport from four fields into r. */
static int
parse_endpoints(const struct pt_str f[4], struct pt_record *r, unsigned line,
    char *err, size_t errlen)
{
	int rc;

	if ((rc = parse_addr_field(f[0], &r->src)) != EP_OK)
		return endpoint_error(rc, false, "source", f[0], line, err,
		    errlen);
	if ((rc = parse_addr_field(f[1], &r->dst)) != EP_OK)
		return endpoint_error(rc, false, "destination", f[1], line,
		    err, errlen);
	if ((rc = parse_port_field(f[2], &r->src)) != EP_OK)
		return endpoint_error(rc, true, "source", f[2], line, err,
		    errlen);
	if ((rc = parse_port_field(f[3], &r->dst)) != EP_OK)
		return endpoint_error(rc, true, "destination", f[3], line,
		    err, errlen);
	return 0;
}

/* A record line without its line end; line is 0 when there is no number. */
static int
parse_record(struct pt_str text, unsigned line, struct pt_record *r,
    char *err, size_t errlen)
{
	struct pt_str f[5], rest;
	size_t nf;

	r->ts_us = PT_TIME_NONE;
	memset(&r->geo, 0, sizeof(r->geo));
	if (memchr(text.p, '\0', text.len) != NULL)
		return fail(err, errlen, line, "NUL byte in record");
	nf = split_fields(text, f, 5, &rest);
	if (nf < 5)
		return fail(err, errlen, line, "missing fields (%zu of 6)",
		    nf + 1);
	if (parse_endpoints(f, r, line, err, errlen) != 0)
		return -1;
	if (parse_flag(f[4], &r->flag, &r->flag_name, line, err, errlen) != 0)
		return -1;
	r->desc = cut_utf8(trim(rest.p, rest.len), PT_MAX_DESC);
	return 0;
}

/* --- capture times (the PACKTERTIME trailer) ------------------------------ */

/*
 * The last line of a record datagram may be
 *
 *     PACKTERTIME <sec>[.<usec>] [<delta> ...]
 *
 * the capture time of its first record line, then for each further record
 * line its time minus the one before, in signed microseconds.  It is taken
 * off the datagram here (ps->end stops before it) and read as the records
 * are (take_time).
 */
/*
 * Takes the datagram's last line off (ps->end stops before it) when it
 * starts with the keyword kw (of kl bytes) and a blank; *out gets the rest
 * of the line.  The PACKTERTIME and PACKTERGEO trailers are both found so.
 */
static bool
take_trailer(struct pt_parser *ps, const char *kw, size_t kl,
    struct pt_str *out)
{
	const char *e = ps->end, *b;

	while (e > ps->p && (e[-1] == '\n' || e[-1] == '\r' ||
	    is_blank(e[-1])))
		e--;
	for (b = e; b > ps->p && b[-1] != '\n'; b--)
		;
	while (b < e && is_blank(*b))
		b++;
	if ((size_t)(e - b) <= kl || memcmp(b, kw, kl) != 0 ||
	    !is_blank(b[kl]))
		return false;
	*out = mkstr(b + kl, (size_t)(e - b - kl));
	ps->end = b;
	return true;
}

static void
find_times(struct pt_parser *ps)
{
	ps->has_times = take_trailer(ps, time_kw, sizeof(time_kw) - 1,
	    &ps->times);
}

/* --- places (the PACKTERGEO line before PACKTERTIME; common/geo.c) ------- */

/*
 * The last line left (before any PACKTERTIME line) may be
 *
 *     PACKTERGEO <place>/<place> [<place>/<place> ...]
 *
 * one word a record line; it is taken off as the time line is.
 */
static void
find_geo(struct pt_parser *ps)
{
	ps->has_geo = take_trailer(ps, geo_kw, sizeof(geo_kw) - 1, &ps->geo);
}

static struct pt_str next_word(struct pt_str *);

/* The places of the next record line. */
static void
take_geo(struct pt_parser *ps, struct pt_geo *g)
{
	struct pt_str w;

	memset(g, 0, sizeof(*g));
	if (!ps->has_geo)
		return;
	w = next_word(&ps->geo);
	if (w.len == 0)
		return;		/* more records than words */
	g->state = pt_parse_geo_word(w.p, w.len, &g->src, &g->dst) ?
	    PT_GEO_OK : PT_GEO_BAD;
}

/* --- end of places -------------------------------------------------------- */

/* The next blank-separated word of the trailer, or an empty slice. */
static struct pt_str
next_word(struct pt_str *s)
{
	struct pt_str w;

	while (s->len > 0 && is_blank(s->p[0])) {
		s->p++;
		s->len--;
	}
	w.p = s->p;
	for (w.len = 0; w.len < s->len && !is_blank(s->p[w.len]); w.len++)
		;
	s->p += w.len;
	s->len -= w.len;
	return w;
}

/* "SEC" or "SEC.U" .. "SEC.UUUUUU" in microseconds, or -1. */
static int64_t
parse_abs_time(struct pt_str w)
{
	uint64_t sec, frac = 0;
	size_t dot, i;

	for (dot = 0; dot < w.len && w.p[dot] != '.'; dot++)
		;
	if (parse_uint(w.p, dot, PT_TIME_MAX_SEC, &sec) != 1)
		return -1;
	if (dot < w.len) {
		if (w.len - dot - 1 < 1 || w.len - dot - 1 > 6)
			return -1;
		for (i = dot + 1; i < w.len; i++) {
			if (!is_digit(w.p[i]))
				return -1;
			frac = frac * 10 + (uint64_t)(w.p[i] - '0');
		}
		for (i = w.len - dot - 1; i < 6; i++)
			frac *= 10;
	}
	return (int64_t)(sec * 1000000 + frac);
}

/* The capture time of the next record line, or PT_TIME_NONE. */
static int64_t
take_time(struct pt_parser *ps)
{
	struct pt_str w;
	uint64_t d;
	int64_t t;
	bool neg;

	if (!ps->has_times || ps->times_bad)
		return PT_TIME_NONE;
	w = next_word(&ps->times);
	if (w.len == 0)
		return PT_TIME_NONE;	/* more records than times */
	if (ps->time_prev == PT_TIME_NONE) {
		if ((t = parse_abs_time(w)) < 0)
			goto bad;
	} else {
		neg = w.p[0] == '-';
		if (w.p[0] == '-' || w.p[0] == '+') {
			w.p++;
			w.len--;
		}
		if (parse_uint(w.p, w.len, PT_TIME_MAX_SEC * 1000000ULL,
		    &d) != 1)
			goto bad;
		t = neg ? ps->time_prev - (int64_t)d : ps->time_prev +
		    (int64_t)d;
		if (t < 0 || t > (int64_t)PT_TIME_MAX_SEC * 1000000)
			goto bad;
	}
	ps->time_prev = t;
	return t;
bad:
	ps->times_bad = true;
	return PT_TIME_NONE;
}

size_t
pt_fmt_time_first(char *dst, int64_t us)
{
	size_t n = sizeof(time_kw) - 1, i;
	uint64_t sec, frac;

	if (us < 0)
		us = 0;
	sec = (uint64_t)us / 1000000;
	frac = (uint64_t)us % 1000000;
	memcpy(dst, time_kw, n);
	dst[n++] = ' ';
	if (sec > UINT32_MAX) {
		char tmp[20];
		size_t k = 0;

		while (sec > 0) {
			tmp[k++] = (char)('0' + sec % 10);
			sec /= 10;
		}
		while (k > 0)
			dst[n++] = tmp[--k];
	} else
		n += pt_fmt_u32(dst + n, (uint32_t)sec);
	dst[n++] = '.';
	for (i = 6; i > 0; i--) {
		dst[n + i - 1] = (char)('0' + frac % 10);
		frac /= 10;
	}
	return n + 6;
}

size_t
pt_fmt_time_delta(char *dst, int64_t delta_us)
{
	uint64_t d;
	size_t n = 0;
	char tmp[20];
	size_t k = 0;

	dst[n++] = ' ';
	if (delta_us < 0) {
		dst[n++] = '-';
		d = (uint64_t)0 - (uint64_t)delta_us;
	} else
		d = (uint64_t)delta_us;
	do {
		tmp[k++] = (char)('0' + d % 10);
		d /= 10;
	} while (d > 0);
	while (k > 0)
		dst[n++] = tmp[--k];
	return n;
}

/* --- the datagram ---------------------------------------------------------- */

/* The next line with something on it, or false at the end. */
static bool
next_nonblank(struct pt_parser *ps, struct pt_str *line)
{
	while (take_line(&ps->p, ps->end, line)) {
		ps->line++;
		*line = trim(line->p, line->len);
		if (line->len > 0)
			return true;
	}
	return false;
}

/* A canonical decimal: digits, no sign, no leading zero but in "0". */
static bool
parse_canonical(struct pt_str f, uint64_t max, uint64_t *v)
{
	if (f.len > 1 && f.p[0] == '0')
		return false;
	return parse_uint(f.p, f.len, max, v) == 1;
}

/* The boot id of the sequenced form: exactly 16 lowercase hex digits. */
static bool
parse_boot(struct pt_str f, uint64_t *v)
{
	size_t i;

	if (f.len != 16)
		return false;
	*v = 0;
	for (i = 0; i < f.len; i++) {
		int h = hex_value(f.p[i]);

		if (h < 0 || (f.p[i] >= 'A' && f.p[i] <= 'F'))
			return false;
		*v = *v << 4 | (uint64_t)h;
	}
	return true;
}

/*
 * "PACKTERAGENT id,time,hex" or "PACKTERAGENT id,time,hex,boot,seq": id
 * 1..64 bytes without blanks, time a canonical non-negative decimal (no
 * sign, no leading zero) up to 2^63-1, hex 64 digits, boot 16 lowercase
 * hex digits, seq a canonical decimal up to 2^64-1.
 */
static bool
parse_auth(struct pt_str args, struct pt_auth *a)
{
	struct pt_str f[2], rest, hex, g[2], seq;
	uint64_t t;
	size_t i;

	if (split_fields(args, f, 2, &rest) != 2)
		return false;
	a->has_seq = false;
	if (memchr(rest.p, ',', rest.len) != NULL) {
		/* The sequenced form: mac, boot, seq, and no more fields. */
		if (split_fields(rest, g, 2, &seq) != 2)
			return false;
		seq = trim(seq.p, seq.len);
		if (memchr(seq.p, ',', seq.len) != NULL ||
		    !parse_boot(g[1], &a->boot) ||
		    !parse_canonical(seq, UINT64_MAX, &a->seq))
			return false;
		a->has_seq = true;
		rest = g[0];
	}
	if (f[0].len == 0 || f[0].len > PT_MAX_AUTH_ID)
		return false;
	for (i = 0; i < f[0].len; i++) {
		unsigned char c = (unsigned char)f[0].p[i];

		if (c <= 0x20 || c == 0x7f)
			return false;
	}
	if (!parse_canonical(f[1], INT64_MAX, &t))
		return false;
	hex = trim(rest.p, rest.len);
	if (hex.len != 2 * sizeof(a->mac))
		return false;
	for (i = 0; i < sizeof(a->mac); i++) {
		int hi = hex_value(hex.p[2 * i]), lo = hex_value(hex.p[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		a->mac[i] = (uint8_t)(hi << 4 | lo);
	}
	a->id = f[0];
	a->time = (int64_t)t;
	return true;
}

static enum pt_kind
lookup_keyword(struct pt_str kw)
{
	size_t i;

	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (str_eq(kw, keywords[i].name, keywords[i].len))
			return keywords[i].kind;
	return PT_UNKNOWN;
}

enum pt_kind
pt_parse_begin(struct pt_parser *ps, const char *buf, size_t len)
{
	struct pt_str line;

	memset(ps, 0, sizeof(*ps));
	if (buf == NULL) {
		buf = "";
		len = 0;
	}
	ps->p = buf;
	ps->end = buf + len;
	/* C senders often send their terminating NUL (or a padded buffer). */
	while (ps->end > ps->p && ps->end[-1] == '\0')
		ps->end--;
	ps->kind = PT_NONE;
	if (!next_nonblank(ps, &line))
		return ps->kind;

	if (line.len >= sizeof(agent_kw) - 1 &&
	    memcmp(line.p, agent_kw, sizeof(agent_kw) - 1) == 0 &&
	    (line.len == sizeof(agent_kw) - 1 ||
	    is_blank(line.p[sizeof(agent_kw) - 1]))) {
		struct pt_str args = mkstr(line.p + sizeof(agent_kw) - 1,
		    line.len - (sizeof(agent_kw) - 1));

		if (!parse_auth(args, &ps->auth)) {
			memset(&ps->auth, 0, sizeof(ps->auth));
			ps->keyword = mkstr(line.p, sizeof(agent_kw) - 1);
			ps->kind = PT_UNKNOWN;
			ps->p = ps->end;
			return ps->kind;
		}
		ps->has_auth = true;
		ps->auth.signed_part = mkstr(ps->p, (size_t)(ps->end - ps->p));
		if (!next_nonblank(ps, &line))
			return ps->kind;
	}

	ps->keyword = line.len > PT_MAX_KEYWORD ?
	    mkstr(line.p, PT_MAX_KEYWORD) : line;
	ps->kind = lookup_keyword(line);
	ps->time_prev = PT_TIME_NONE;
	if (ps->kind == PT_RECORD || ps->kind == PT_BALLISTIC) {
		find_times(ps);
		find_geo(ps);
	}
	return ps->kind;
}

int
pt_next_record(struct pt_parser *ps, struct pt_record *r, char *err,
    size_t errlen)
{
	struct pt_str line;
	struct pt_geo g;
	int64_t t;

	if (ps->kind != PT_RECORD && ps->kind != PT_BALLISTIC) {
		if (ps->p >= ps->end)
			return 0;
		ps->p = ps->end;
		return fail(err, errlen, 0, "not a record datagram (%s)",
		    pt_kind_name(ps->kind));
	}
	if (!next_nonblank(ps, &line))
		return 0;
	/* Every record line has its time and place, a bad one too. */
	t = take_time(ps);
	take_geo(ps, &g);
	if (parse_record(line, ps->line, r, err, errlen) != 0)
		return -1;
	r->ts_us = t;
	r->geo = g;
	return 1;
}

int
pt_parse_record_line(const char *line, size_t len, struct pt_record *r,
    char *err, size_t errlen)
{
	const char *nl;
	struct pt_str text;

	if (line == NULL) {
		line = "";
		len = 0;
	}
	/* One line: anything after a newline is not looked at. */
	nl = memchr(line, '\n', len);
	text = mkstr(line, nl != NULL ? (size_t)(nl - line) : len);
	if (text.len > 0 && text.p[text.len - 1] == '\r')
		text.len--;
	text = trim(text.p, text.len);
	if (text.len == 0)
		return fail(err, errlen, 0, "empty line");
	return parse_record(text, 0, r, err, errlen);
}

/* --- control messages ------------------------------------------------------ */

/* The payload of a control message: the rest of the datagram. */
static struct pt_str
take_payload(struct pt_parser *ps)
{
	struct pt_str s = mkstr(ps->p, (size_t)(ps->end - ps->p));

	ps->p = ps->end;
	if (s.len > 0)
		ps->line++;
	return s;
}

/* Text to the end of the datagram, less one trailing line end. */
static struct pt_str
strip_eol(struct pt_str s)
{
	if (s.len > 0 && s.p[s.len - 1] == '\n') {
		s.len--;
		if (s.len > 0 && s.p[s.len - 1] == '\r')
			s.len--;
	}
	return s;
}

/* A file name: trimmed of blanks and of trailing line ends. */
static struct pt_str
file_field(struct pt_str s)
{
	while (s.len > 0 && (is_blank(s.p[s.len - 1]) ||
	    s.p[s.len - 1] == '\n' || s.p[s.len - 1] == '\r'))
		s.len--;
	return trim(s.p, s.len);
}

static bool
has_line_or_nul(struct pt_str s)
{
	return memchr(s.p, '\0', s.len) != NULL ||
	    memchr(s.p, '\n', s.len) != NULL ||
	    memchr(s.p, '\r', s.len) != NULL;
}

static int
check_file(enum pt_kind k, struct pt_str f, bool required, char *err,
    size_t errlen)
{
	char q[QUOTE_SIZE];

	if (f.len == 0 && required)
		return fail(err, errlen, 0, "%s: missing file name",
		    pt_kind_name(k));
	if (has_line_or_nul(f))
		return fail(err, errlen, 0, "%s: bad file name '%s'",
		    pt_kind_name(k), quote(q, f.p, f.len));
	return 0;
}

static int
check_text(enum pt_kind k, struct pt_str t, char *err, size_t errlen)
{
	if (memchr(t.p, '\0', t.len) != NULL)
		return fail(err, errlen, 0, "%s: NUL byte in text",
		    pt_kind_name(k));
	return 0;
}

/* "1500", "1500ms", "2s", "-3s", "0": a duration in milliseconds. */
static bool
parse_duration(struct pt_str s, int64_t *ms)
{
	uint64_t v;
	bool neg = false;
	uint64_t mult = 1;

	if (s.len > 0 && s.p[0] == '-') {
		neg = true;
		s = mkstr(s.p + 1, s.len - 1);
	}
	if (s.len >= 2 && (s.p[s.len - 2] == 'm' || s.p[s.len - 2] == 'M') &&
	    (s.p[s.len - 1] == 's' || s.p[s.len - 1] == 'S'))
		s.len -= 2;
	else if (s.len >= 1 && (s.p[s.len - 1] == 's' ||
	    s.p[s.len - 1] == 'S')) {
		s.len -= 1;
		mult = 1000;
	}
	s = trim(s.p, s.len);
	if (parse_uint(s.p, s.len, (uint64_t)PT_MAX_DURATION / mult, &v) != 1)
		return false;
	v *= mult;
	*ms = neg ? -(int64_t)v : (int64_t)v;
	return true;
}

int
pt_parse_control(struct pt_parser *ps, struct pt_control *c, char *err,
    size_t errlen)
{
	struct pt_str pay, head, tail;
	const char *comma;
	char q[QUOTE_SIZE];

	memset(c, 0, sizeof(*c));
	c->kind = ps->kind;
	c->file = c->text = mkstr(ps->end, 0);

	switch (ps->kind) {
	case PT_MSG:
	case PT_SOUND:
		pay = take_payload(ps);
		/*
		 * An empty PACKTERSOUND stops the music, as in the reference
		 * viewer (its own test sends one to do so): duration 0.
		 */
		if (ps->kind == PT_SOUND && file_field(pay).len == 0)
			return 0;
		comma = memchr(pay.p, ',', pay.len);
		if (comma == NULL)
			return fail(err, errlen, 0, "%s: missing fields "
			    "(expected %s)", pt_kind_name(ps->kind),
			    ps->kind == PT_MSG ? "PICTURE,HTML" :
			    "DURATION,FILE");
		head = mkstr(pay.p, (size_t)(comma - pay.p));
		tail = mkstr(comma + 1, (size_t)(pay.p + pay.len - comma - 1));
		if (ps->kind == PT_MSG) {
			c->file = trim(head.p, head.len);
			if (check_file(PT_MSG, c->file, false, err,
			    errlen) != 0)
				return -1;
			c->text = strip_eol(tail);
			return check_text(PT_MSG, c->text, err, errlen);
		}
		head = trim(head.p, head.len);
		if (!parse_duration(head, &c->duration_ms))
			return fail(err, errlen, 0, "%s: bad duration '%s'",
			    pt_kind_name(PT_SOUND), quote(q, head.p, head.len));
		c->file = file_field(tail);
		return check_file(PT_SOUND, c->file, c->duration_ms != 0,
		    err, errlen);
	case PT_HTML:
	case PT_VOICE:
		c->text = strip_eol(take_payload(ps));
		return check_text(ps->kind, c->text, err, errlen);
	case PT_SE:
	case PT_SKYDOME:
		c->file = file_field(take_payload(ps));
		/* An empty sky-dome name: the receiver ignores it (§5). */
		return check_file(ps->kind, c->file, ps->kind == PT_SE, err,
		    errlen);
	default:
		ps->p = ps->end;
		return fail(err, errlen, 0, "not a control message (%s)",
		    pt_kind_name(ps->kind));
	}
}

int
pt_parse_gateway(struct pt_parser *ps, struct pt_gateway *g, char *err,
    size_t errlen)
{
	struct pt_str line, f[7], rest;
	int rc;
	size_t nf;

	memset(g, 0, sizeof(*g));
	if (ps->kind != PT_GATEWAY) {
		ps->p = ps->end;
		return fail(err, errlen, 0, "not a gateway message (%s)",
		    pt_kind_name(ps->kind));
	}
	if (!next_nonblank(ps, &line))
		return fail(err, errlen, ps->line, "empty message");
	if (memchr(line.p, '\0', line.len) != NULL)
		return fail(err, errlen, ps->line, "NUL byte in record");
	nf = split_fields(line, f, 7, &rest);
	if (nf < 7)
		return fail(err, errlen, ps->line, "missing fields (%zu of 8)",
		    nf + 1);
	if (parse_endpoints(f, &g->rec, ps->line, err, errlen) != 0)
		return -1;
	if ((rc = parse_addr_field(f[4], &g->gw)) != EP_OK)
		return endpoint_error(rc, false, "gateway", f[4], ps->line,
		    err, errlen);
	if ((rc = parse_port_field(f[5], &g->gw)) != EP_OK)
		return endpoint_error(rc, true, "gateway", f[5], ps->line,
		    err, errlen);
	g->image = f[6];
	g->rec.flag = 0;
	g->rec.flag_name = mkstr(f[6].p, 0);
	g->rec.desc = cut_utf8(trim(rest.p, rest.len), PT_MAX_DESC);
	return 0;
}

int
pt_parse_earth(struct pt_parser *ps, struct pt_earth *e, char *err,
    size_t errlen)
{
	static const char *const names[4] = {
		"source latitude", "source longitude",
		"destination latitude", "destination longitude",
	};
	struct pt_str line, f[5], rest;
	double v[4];
	char q[QUOTE_SIZE];
	size_t nf;
	int i;

	memset(e, 0, sizeof(*e));
	if (ps->kind != PT_EARTH) {
		ps->p = ps->end;
		return fail(err, errlen, 0, "not an earth message (%s)",
		    pt_kind_name(ps->kind));
	}
	if (!next_nonblank(ps, &line))
		return fail(err, errlen, ps->line, "empty message");
	if (memchr(line.p, '\0', line.len) != NULL)
		return fail(err, errlen, ps->line, "NUL byte in record");
	nf = split_fields(line, f, 5, &rest);
	if (nf < 5)
		return fail(err, errlen, ps->line, "missing fields (%zu of 6)",
		    nf + 1);
	for (i = 0; i < 4; i++) {
		double lim = (i % 2) == 0 ? 90.0 : 180.0;

		if (f[i].len > PT_MAX_FIELD ||
		    !parse_signed_decimal(f[i].p, f[i].len, &v[i]))
			return fail(err, errlen, ps->line, "bad %s '%s'",
			    names[i], quote(q, f[i].p, f[i].len));
		if (v[i] < -lim || v[i] > lim)
			return fail(err, errlen, ps->line,
			    "%s out of range '%s'", names[i],
			    quote(q, f[i].p, f[i].len));
	}
	if (parse_flag(f[4], &e->flag, NULL, ps->line, err, errlen) != 0)
		return -1;
	e->src_lat = v[0];
	e->src_lon = v[1];
	e->dst_lat = v[2];
	e->dst_lon = v[3];
	e->desc = cut_utf8(trim(rest.p, rest.len), PT_MAX_DESC);
	return 0;
}

/* --- encoding -------------------------------------------------------------- */

/* A file name that parses back to itself in a payload of this kind. */
static bool
file_fits(struct pt_str f, bool comma_separated, bool required)
{
	if (f.len == 0)
		return !required;
	if (f.p == NULL)
		return false;
	if (has_line_or_nul(f))
		return false;
	if (comma_separated && memchr(f.p, ',', f.len) != NULL)
		return false;
	/* The parser trims blanks around names. */
	if (is_blank(f.p[0]) || is_blank(f.p[f.len - 1]))
		return false;
	return true;
}

/* Free text to the end of the datagram: no NUL, not ending in "\r". */
static bool
text_fits(struct pt_str t)
{
	if (t.len == 0)
		return true;
	if (t.p == NULL)
		return false;
	if (memchr(t.p, '\0', t.len) != NULL)
		return false;
	return t.p[t.len - 1] != '\r';
}

static size_t
fmt_i64(char *dst, int64_t v)
{
	char tmp[24];
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		tmp[n++] = '-';
	for (i = 0; i < n; i++)
		dst[i] = tmp[n - 1 - i];
	return n;
}

size_t
pt_encode_control(char *dst, size_t cap, const struct pt_control *c)
{
	static const char softalk[] = PT_SOFTALK_PREFIX;
	const char *kw;
	char num[24];
	size_t kwlen, numlen = 0, total;
	struct pt_str first = { NULL, 0 }, second = { NULL, 0 }, pre = { NULL, 0 };
	bool comma = false, eol = false;
	char *w;

	if (c == NULL)
		return 0;
	switch (c->kind) {
	case PT_MSG:
		if (!file_fits(c->file, true, false) || !text_fits(c->text))
			return 0;
		first = c->file;
		second = c->text;
		comma = true;
		break;
	case PT_HTML:
	case PT_VOICE:
		if (!text_fits(c->text))
			return 0;
		first = c->text;
		if (c->kind == PT_VOICE && c->voice_form == PT_VOICE_SOFTALK) {
			/* One command line: no line end in it. */
			if (has_line_or_nul(c->text))
				return 0;
			pre = mkstr(softalk, sizeof(softalk) - 1);
		} else if (c->kind == PT_VOICE &&
		    c->voice_form != PT_VOICE_TEXT)
			return 0;
		break;
	case PT_SOUND:
		if (c->duration_ms < -PT_MAX_DURATION ||
		    c->duration_ms > PT_MAX_DURATION ||
		    !file_fits(c->file, true, c->duration_ms != 0))
			return 0;
		numlen = fmt_i64(num, c->duration_ms);
		first = mkstr(num, numlen);
		second = c->file;
		comma = true;
		break;
	case PT_SE:
	case PT_SKYDOME:
		if (!file_fits(c->file, false, c->kind == PT_SE))
			return 0;
		first = c->file;
		break;
	default:
		return 0;
	}
	/*
	 * No line end after the payload.  A text that ends in one gets one
	 * more, which the parser takes off again.
	 */
	if ((c->kind == PT_MSG || c->kind == PT_HTML || c->kind == PT_VOICE) &&
	    c->text.len > 0 && c->text.p[c->text.len - 1] == '\n')
		eol = true;
	kw = pt_kind_name(c->kind);
	kwlen = strlen(kw);
	total = kwlen + 1 + pre.len + first.len + (comma ? 1 : 0) +
	    second.len + (eol ? 1 : 0);
	if (dst == NULL || total > cap)
		return 0;
	w = dst;
	memcpy(w, kw, kwlen);
	w += kwlen;
	*w++ = '\n';
	if (pre.len > 0) {
		memcpy(w, pre.p, pre.len);
		w += pre.len;
	}
	if (first.len > 0) {
		memcpy(w, first.p, first.len);
		w += first.len;
	}
	if (comma)
		*w++ = ',';
	if (second.len > 0) {
		memcpy(w, second.p, second.len);
		w += second.len;
	}
	if (eol)
		*w++ = '\n';
	return (size_t)(w - dst);
}

/*
 * SofTalk's command line (as the reference viewer runs it): options of the
 * form "/X:value" separated by blanks, the last one "/W:" with the words to
 * the end of the line.
 */
bool
pt_voice_softalk_words(struct pt_str t, struct pt_str *words)
{
	size_t i = 0;

	for (;;) {
		while (i < t.len && is_blank(t.p[i]))
			i++;
		if (t.len - i < 3 || t.p[i] != '/' || t.p[i + 2] != ':' ||
		    !((t.p[i + 1] >= 'A' && t.p[i + 1] <= 'Z') ||
		    (t.p[i + 1] >= 'a' && t.p[i + 1] <= 'z')))
			return false;
		if (t.p[i + 1] == 'W' || t.p[i + 1] == 'w') {
			*words = mkstr(t.p + i + 3, t.len - i - 3);
			return true;
		}
		while (i < t.len && !is_blank(t.p[i]))
			i++;
	}
}

/* --- names and colours ----------------------------------------------------- */

const char *
pt_kind_name(enum pt_kind k)
{
	if ((unsigned)k >= PT_KIND_MAX)
		return "invalid";
	return kind_names[k];
}

uint32_t
pt_flag_rgb(unsigned flag)
{
	return flag_rgb[flag % PT_FLAG_CLASSES];
}

const char *
pt_flag_label(unsigned flag)
{
	if (flag == PT_FLAG_NAMED)
		return "named";
	if (flag >= PT_FLAG_CLASSES)
		return "other";
	return flag_labels[flag];
}
