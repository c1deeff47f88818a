/*
 * ballinfo.c - the lines of a ball's box (see ballinfo.h): its record line
 * read again, ICMP's types and codes by name (RFC 792, 1122, 1812, 4443),
 * the flow exporters' descriptions (agent/source-netflow.c, source-sflow.c),
 * the -T digest, times without the C library's zones.
 */
#include "config.h"
#include "ballinfo.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "protocol.h"
#include "trace.h"

#define DESC_WRAP	64	/* characters of description a line */

/* --- ICMP and ICMPv6 by name ----------------------------------------------- */

struct icmp_name {
	unsigned	 type;
	const char	*name;
	const char *const *codes;
	unsigned	 ncodes;
};

static const char *const unreach4[] = {
	"net unreachable", "host unreachable", "protocol unreachable",
	"port unreachable", "fragmentation needed", "source route failed",
	"destination network unknown", "destination host unknown",
	"source host isolated", "network administratively prohibited",
	"host administratively prohibited", "network unreachable for TOS",
	"host unreachable for TOS", "communication administratively prohibited",
	"host precedence violation", "precedence cutoff in effect",
};
static const char *const redirect4[] = {
	"for the network", "for the host", "for TOS and network",
	"for TOS and host",
};
static const char *const exceeded[] = {
	"TTL exceeded in transit", "fragment reassembly time exceeded",
};
static const char *const param4[] = {
	"pointer indicates the error", "missing a required option",
	"bad length",
};
static const char *const unreach6[] = {
	"no route to destination", "communication administratively prohibited",
	"beyond scope of source address", "address unreachable",
	"port unreachable", "source address failed ingress/egress policy",
	"reject route to destination",
};
static const char *const exceeded6[] = {
	"hop limit exceeded in transit", "fragment reassembly time exceeded",
};
static const char *const param6[] = {
	"erroneous header field", "unrecognized next header",
	"unrecognized IPv6 option",
};

#define CODES(a)	a, sizeof(a) / sizeof(a[0])

static const struct icmp_name icmp4[] = {
	{ 0, "echo reply", NULL, 0 },
	{ 3, "destination unreachable", CODES(unreach4) },
	{ 4, "source quench", NULL, 0 },
	{ 5, "redirect", CODES(redirect4) },
	{ 8, "echo request", NULL, 0 },
	{ 9, "router advertisement", NULL, 0 },
	{ 10, "router solicitation", NULL, 0 },
	{ 11, "time exceeded", CODES(exceeded) },
	{ 12, "parameter problem", CODES(param4) },
	{ 13, "timestamp request", NULL, 0 },
	{ 14, "timestamp reply", NULL, 0 },
	{ 17, "address mask request", NULL, 0 },
	{ 18, "address mask reply", NULL, 0 },
};

static const struct icmp_name icmp6[] = {
	{ 1, "destination unreachable", CODES(unreach6) },
	{ 2, "packet too big", NULL, 0 },
	{ 3, "time exceeded", CODES(exceeded6) },
	{ 4, "parameter problem", CODES(param6) },
	{ 128, "echo request", NULL, 0 },
	{ 129, "echo reply", NULL, 0 },
	{ 130, "multicast listener query", NULL, 0 },
	{ 131, "multicast listener report", NULL, 0 },
	{ 132, "multicast listener done", NULL, 0 },
	{ 133, "router solicitation", NULL, 0 },
	{ 134, "router advertisement", NULL, 0 },
	{ 135, "neighbor solicitation", NULL, 0 },
	{ 136, "neighbor advertisement", NULL, 0 },
	{ 137, "redirect", NULL, 0 },
	{ 143, "multicast listener report v2", NULL, 0 },
};

static const struct icmp_name *
icmp_lookup(bool v6, unsigned type)
{
	const struct icmp_name *t = v6 ? icmp6 : icmp4;
	size_t i, n = v6 ? sizeof(icmp6) / sizeof(icmp6[0]) :
	    sizeof(icmp4) / sizeof(icmp4[0]);

	for (i = 0; i < n; i++)
		if (t[i].type == type)
			return &t[i];
	return NULL;
}

const char *
ballinfo_icmp_type(bool v6, unsigned type)
{
	const struct icmp_name *n = icmp_lookup(v6, type);

	return n != NULL ? n->name : NULL;
}

const char *
ballinfo_icmp_code(bool v6, unsigned type, unsigned code)
{
	const struct icmp_name *n = icmp_lookup(v6, type);

	if (n == NULL || n->codes == NULL || code >= n->ncodes)
		return NULL;
	return n->codes[code];
}

/* --- times ----------------------------------------------------------------- */

/* Days since 1970-01-01 to a date (H. Hinnant's civil_from_days). */
static void
civil(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, yy;
	unsigned doe, yoe, doy, mp;

	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = (unsigned)(days - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (*m <= 2);
}

char *
ballinfo_time(char *buf, size_t len, int64_t us, int32_t tz_offset_s,
    bool utc, enum bi_time style)
{
	int64_t s, days, secs, y;
	unsigned m, d;
	int frac, off;

	if (len == 0)
		return buf;
	if (style == BI_TIME_ISO)
		utc = true;
	off = utc ? 0 : tz_offset_s;
	/* Floor division: times before 1970 are still one second each. */
	s = us / 1000000;
	frac = (int)(us % 1000000);
	if (frac < 0) {
		frac += 1000000;
		s--;
	}
	s += off;
	days = s / 86400;
	secs = s % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil(days, &y, &m, &d);
	switch (style) {
	case BI_TIME_CLOCK:
		snprintf(buf, len, "%02d:%02d:%02d", (int)(secs / 3600),
		    (int)(secs / 60 % 60), (int)(secs % 60));
		break;
	case BI_TIME_ISO:
		snprintf(buf, len, "%04lld-%02u-%02uT%02d:%02d:%02d.%06dZ",
		    (long long)y, m, d, (int)(secs / 3600),
		    (int)(secs / 60 % 60), (int)(secs % 60), frac);
		break;
	default:
		if (utc)
			snprintf(buf, len, "%04lld-%02u-%02u %02d:%02d:%02d.%06d "
			    "UTC", (long long)y, m, d, (int)(secs / 3600),
			    (int)(secs / 60 % 60), (int)(secs % 60), frac);
		else
			snprintf(buf, len, "%04lld-%02u-%02u %02d:%02d:%02d.%06d "
			    "%c%02d%02d", (long long)y, m, d,
			    (int)(secs / 3600), (int)(secs / 60 % 60),
			    (int)(secs % 60), frac, off < 0 ? '-' : '+',
			    (off < 0 ? -off : off) / 3600,
			    (off < 0 ? -off : off) / 60 % 60);
		break;
	}
	return buf;
}

/* --- the lines --------------------------------------------------------------- */

static void __attribute__((format(printf, 3, 4)))
add(struct ballinfo *bi, enum bi_kind kind, const char *fmt, ...)
{
	va_list ap;
	char *l;

	if (bi->n == BI_MAX_LINES)
		return;
	l = bi->line[bi->n];
	va_start(ap, fmt);
	(void)vsnprintf(l, BI_LINE, fmt, ap);
	va_end(ap);
	/* What a peer sent: no control characters on the screen. */
	for (; *l != '\0'; l++)
		if ((unsigned char)*l < 0x20 || *l == 0x7f)
			*l = '?';
	bi->kind[bi->n++] = (uint8_t)kind;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool
is_lower_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* A slice with the blanks around it cut. */
static void
trim(const char **p, size_t *len)
{
	while (*len > 0 && is_blank(**p)) {
		(*p)++;
		(*len)--;
	}
	while (*len > 0 && is_blank((*p)[*len - 1]))
		(*len)--;
}

/* A field to print: at most cap - 1 bytes of it. */
static int
field_len(size_t len, size_t cap)
{
	return (int)(len < cap ? len : cap - 1);
}

/* The -T form: "<32 hex>-<bridge>". */
static bool
traceback_desc(struct ballinfo *bi, const char *d, size_t len)
{
	size_t i;

	if (len < TB_MD5_LEN + 2 || d[TB_MD5_LEN] != '-')
		return false;
	for (i = 0; i < TB_MD5_LEN; i++)
		if (!is_lower_hex(d[i]))
			return false;
	add(bi, BI_TEXT, "digest %.12s...%.4s", d, d + TB_MD5_LEN - 4);
	add(bi, BI_TEXT, "bridge %.*s", field_len(len - TB_MD5_LEN - 1, 80),
	    d + TB_MD5_LEN + 1);
	return true;
}

/* The next blank-separated word of [*p, end). */
static bool
word(const char **p, const char *end, const char **w, size_t *wlen)
{
	while (*p < end && is_blank(**p))
		(*p)++;
	if (*p == end)
		return false;
	*w = *p;
	while (*p < end && !is_blank(**p))
		(*p)++;
	*wlen = (size_t)(*p - *w);
	return true;
}

static bool
key_is(const char *w, size_t wlen, const char *key, const char **val,
    size_t *vlen)
{
	size_t k = strlen(key);

	if (wlen <= k || memcmp(w, key, k) != 0)
		return false;
	*val = w + k;
	*vlen = wlen - k;
	return true;
}

/*
 * A flow record's description: "NetFlow v9 exporter=A packets=N bytes=N
 * REST", "IPFIX exporter=...", "NetFlow v5 ...", "sFlow agent=A [sub=N]
 * rate=1:N REST".  Its lines, and what is left of it in *rest.
 */
static bool
flow_desc(struct ballinfo *bi, const char *d, size_t len, const char **rest,
    size_t *restlen)
{
	static const char *const kinds[] = {
		"NetFlow v5", "NetFlow v9", "IPFIX", "sFlow"
	};
	const char *p, *end = d + len, *w, *v, *who = NULL, *sub = NULL;
	const char *pk = NULL, *by = NULL, *rate = NULL, *kind = NULL;
	size_t wlen, vlen, wholen = 0, sublen = 0, pklen = 0, bylen = 0;
	size_t ratelen = 0, i, k;
	char counts[BI_LINE];
	int n = 0;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		k = strlen(kinds[i]);
		if (len > k && memcmp(d, kinds[i], k) == 0 &&
		    is_blank(d[k])) {
			kind = kinds[i];
			break;
		}
	}
	if (kind == NULL)
		return false;
	p = d + k;
	for (;;) {
		const char *before = p;

		if (!word(&p, end, &w, &wlen))
			break;
		if (key_is(w, wlen, "exporter=", &v, &vlen) ||
		    key_is(w, wlen, "agent=", &v, &vlen)) {
			who = v;
			wholen = vlen;
		} else if (key_is(w, wlen, "sub=", &v, &vlen)) {
			sub = v;
			sublen = vlen;
		} else if (key_is(w, wlen, "packets=", &v, &vlen)) {
			pk = v;
			pklen = vlen;
		} else if (key_is(w, wlen, "bytes=", &v, &vlen)) {
			by = v;
			bylen = vlen;
		} else if (key_is(w, wlen, "rate=", &v, &vlen)) {
			rate = v;
			ratelen = vlen;
		} else {
			p = before;
			break;
		}
	}
	if (who != NULL)
		add(bi, BI_TEXT, "exporter %.*s (%s%s%.*s)",
		    field_len(wholen, 48), who, kind,
		    sub != NULL ? ", sub-agent " : "",
		    sub != NULL ? field_len(sublen, 12) : 0, sub != NULL ? sub : "");
	else
		add(bi, BI_TEXT, "%s flow", kind);
	counts[0] = '\0';
	if (pk != NULL)
		n = snprintf(counts, sizeof(counts), "packets %.*s",
		    field_len(pklen, 21), pk);
	if (by != NULL && n >= 0 && (size_t)n < sizeof(counts))
		n += snprintf(counts + n, sizeof(counts) - (size_t)n,
		    "%sbytes %.*s", n > 0 ? ", " : "", field_len(bylen, 21), by);
	if (rate != NULL && n >= 0 && (size_t)n < sizeof(counts))
		(void)snprintf(counts + n, sizeof(counts) - (size_t)n,
		    "%ssampled %.*s", n > 0 ? ", " : "", field_len(ratelen, 21),
		    rate);
	if (counts[0] != '\0')
		add(bi, BI_TEXT, "%s", counts);
	while (p < end && is_blank(*p))
		p++;
	*rest = p;
	*restlen = (size_t)(end - p);
	return true;
}

/* Does the byte start a UTF-8 character (or stand alone)? */
static bool
char_start(char c)
{
	return ((unsigned char)c & 0xc0) != 0x80;
}

/* The description's text in lines of DESC_WRAP characters or so. */
static void
desc_lines(struct ballinfo *bi, const char *d, size_t len)
{
	size_t cut, i, chars, lines = 0;

	trim(&d, &len);
	while (len > 0 && lines < BI_DESC_LINES) {
		/* DESC_WRAP characters, backed off to a blank if one is near. */
		for (i = 0, chars = 0; i < len && chars < DESC_WRAP; i++)
			if (char_start(d[i]))
				chars++;
		while (i < len && !char_start(d[i]))
			i++;
		cut = i;
		if (cut < len) {
			for (i = cut; i > cut / 2; i--)
				if (is_blank(d[i])) {
					cut = i;
					break;
				}
		}
		lines++;
		if (lines == BI_DESC_LINES && cut < len)
			add(bi, BI_DIM, "%.*s...", (int)cut, d);
		else
			add(bi, BI_DIM, "%.*s", (int)cut, d);
		d += cut;
		len -= cut;
		trim(&d, &len);
	}
}

static void
endpoints(struct ballinfo *bi, const struct pt_record *r)
{
	const struct pt_endpoint *s = &r->src, *t = &r->dst;
	bool v6 = r->flag == PT_FLAG_ICMP6;
	const char *tn, *cn;
	unsigned type, code;

	if ((r->flag == PT_FLAG_ICMP4 || r->flag == PT_FLAG_ICMP6) &&
	    s->port >= 0 && t->port >= 0 && s->port % 256 == 0 &&
	    t->port % 256 == 0) {
		type = (unsigned)s->port / 256;
		code = (unsigned)t->port / 256;
		add(bi, BI_TEXT, "src %.*s", field_len(s->addr_text.len, 48),
		    s->addr_text.p);
		add(bi, BI_TEXT, "dst %.*s", field_len(t->addr_text.len, 48),
		    t->addr_text.p);
		tn = ballinfo_icmp_type(v6, type);
		cn = ballinfo_icmp_code(v6, type, code);
		if (tn == NULL)
			add(bi, BI_TEXT, "%s type %u, code %u",
			    v6 ? "ICMPv6" : "ICMP", type, code);
		else if (cn == NULL)
			add(bi, BI_TEXT, "%s (type %u, code %u)", tn, type, code);
		else
			add(bi, BI_TEXT, "%s: %s (type %u, code %u)", tn, cn,
			    type, code);
		return;
	}
	add(bi, BI_TEXT, "src %.*s port %.*s", field_len(s->addr_text.len, 48),
	    s->addr_text.p, field_len(s->port_text.len, 24), s->port_text.p);
	add(bi, BI_TEXT, "dst %.*s port %.*s", field_len(t->addr_text.len, 48),
	    t->addr_text.p, field_len(t->port_text.len, 24), t->port_text.p);
}

static void
trace_line(struct ballinfo *bi, const struct trace_entry *e)
{
	const char *what = e->path[0] != '\0' ? e->path : e->detail;
	enum bi_kind kind;

	switch (e->state) {
	case TRACE_FOUND:
		kind = BI_GOOD;
		break;
	case TRACE_NOTFOUND:
	case TRACE_ERROR:
		kind = BI_WARN;
		break;
	default:
		kind = BI_TEXT;
		break;
	}
	add(bi, kind, "trace #%llu %s%s%.60s", (unsigned long long)e->id,
	    trace_state_name(e->state), what[0] != '\0' ? ": " : "", what);
}

void
ballinfo_make(struct ballinfo *bi, const struct ballinfo_in *in)
{
	struct pt_record r;
	char err[PT_ERRBUF_SIZE], when[64];
	const char *d = NULL, *rest;
	size_t dlen = 0, restlen;
	bool parsed;

	bi->n = 0;
	parsed = in->line != NULL && pt_parse_record_line(in->line, in->len,
	    &r, err, sizeof(err)) == 0;
	bi->flag = parsed ? r.flag : in->flag;
	if (bi->flag < PT_FLAG_CLASSES)
		add(bi, BI_TITLE, "%s", pt_flag_label(bi->flag));
	else
		add(bi, BI_TITLE, "flag %u (other)", bi->flag);
	if (parsed) {
		endpoints(bi, &r);
		d = r.desc.p;
		dlen = r.desc.len;
	} else if (in->line != NULL && in->desc_off <= in->len) {
		d = in->line + in->desc_off;
		dlen = in->len - in->desc_off;
	}
	if (in->capture_us != PT_TIME_NONE)
		add(bi, BI_TEXT, "captured %s", ballinfo_time(when,
		    sizeof(when), in->capture_us, in->tz_offset_s, in->utc,
		    BI_TIME_FULL));
	else
		add(bi, BI_DIM, "arrived %s", ballinfo_time(when, sizeof(when),
		    in->arrival_us, in->tz_offset_s, in->utc, BI_TIME_FULL));
	if (d != NULL) {
		trim(&d, &dlen);
		if (!traceback_desc(bi, d, dlen)) {
			if (flow_desc(bi, d, dlen, &rest, &restlen))
				desc_lines(bi, rest, restlen);
			else
				desc_lines(bi, d, dlen);
		}
	}
	if (in->trace != NULL)
		trace_line(bi, in->trace);
	if (in->under > 1)
		add(bi, BI_DIM, "ball %d of %zu here (Tab: next)",
		    in->index + 1, in->under);
}
