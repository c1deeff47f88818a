/*
 * fuzz-protocol.c - fuzz target: the input as one PACKTER datagram
 * (common/protocol.h, docs/protocol.md).
 *
 *     [PACKTERAGENT id,time,hmac[,boot,seq]\n] KEYWORD\n payload
 *
 * pt_parse_begin() tells the kind; records are walked with pt_next_record()
 * to the end, the other kinds go to pt_parse_control(), pt_parse_gateway()
 * or pt_parse_earth(); the whole input is also tried as a lone record line.
 * Besides ASan and UBSan, the target aborts when a result breaks what
 * protocol.h promises: every slice inside the datagram, numbers in their
 * ranges, error messages terminated, and two round trips:
 *   - a parsed control message, written again by pt_encode_control(),
 *     parses back to the same fields;
 *   - a parsed record of two addresses of one family and integer ports,
 *     written again by pt_encode_record(), parses back to the same values.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define REQUIRE(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz-protocol: %s:%d: invariant broken: "\
		    "%s\n", __FILE__, __LINE__, #cond);			\
		abort();						\
	}								\
} while (0)

/* The datagram being checked, for slice bounds. */
struct span {
	const char	*p;
	const char	*end;
};

static void
check_slice(const struct span *in, struct pt_str s)
{
	if (s.len == 0)
		return;
	REQUIRE(s.p != NULL);
	REQUIRE(s.p >= in->p && s.p <= in->end);
	REQUIRE(s.len <= (size_t)(in->end - s.p));
}

static void
check_err(const char *err, size_t cap)
{
	REQUIRE(memchr(err, '\0', cap) != NULL);
	REQUIRE(err[0] != '\0');
}

static int
slice_eq(struct pt_str a, struct pt_str b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

static void
check_endpoint(const struct span *in, const struct pt_endpoint *e)
{
	check_slice(in, e->addr_text);
	check_slice(in, e->port_text);
	REQUIRE(e->family == 0 || e->family == 4 || e->family == 6);
	REQUIRE(e->x >= 0.0 && e->x < 1.0);
	REQUIRE(e->y >= 0.0 && e->y <= 1.0);
	REQUIRE(e->port >= -1 && e->port <= 65536);	/* 65536: y = 1.0 */
	REQUIRE(e->addr_text.len > 0 && e->port_text.len > 0);
}

/* What the parser makes of a description sent again: one "\r" and blanks go. */
static struct pt_str
resent_desc(struct pt_str d)
{
	if (d.len > 0 && d.p[d.len - 1] == '\r')
		d.len--;
	while (d.len > 0 && (d.p[0] == ' ' || d.p[0] == '\t')) {
		d.p++;
		d.len--;
	}
	while (d.len > 0 && (d.p[d.len - 1] == ' ' || d.p[d.len - 1] == '\t'))
		d.len--;
	return d;
}

static void
record_round_trip(const struct pt_record *r)
{
	struct pt_rec_out out;
	struct pt_record back;
	char line[PT_RECORD_HEAD_MAX + PT_MAX_DESC + 1], err[PT_ERRBUF_SIZE];
	size_t n;

	/* Encoders write 16-bit ports and numeric flags only. */
	if (r->src.family == 0 || r->src.family != r->dst.family ||
	    r->src.port < 0 || r->dst.port < 0 || r->src.port > 65535 ||
	    r->dst.port > 65535 || r->flag == PT_FLAG_NAMED)
		return;
	memset(&out, 0, sizeof(out));
	out.family = r->src.family;
	memcpy(out.src, r->src.addr, sizeof(out.src));
	memcpy(out.dst, r->dst.addr, sizeof(out.dst));
	out.sport = (uint16_t)r->src.port;
	out.dport = (uint16_t)r->dst.port;
	out.flag = r->flag;
	out.desc = r->desc.p;
	out.desc_len = r->desc.len;
	n = pt_encode_record(line, sizeof(line), &out);
	REQUIRE(n > 0 && line[n - 1] == '\n');
	err[0] = '\0';
	if (pt_parse_record_line(line, n, &back, err, sizeof(err)) != 0) {
		fprintf(stderr, "fuzz-protocol: encoded record '%.*s' does "
		    "not parse: %s\n", (int)(n - 1), line, err);
		abort();
	}
	REQUIRE(back.src.family == r->src.family);
	REQUIRE(back.dst.family == r->dst.family);
	REQUIRE(memcmp(back.src.addr, r->src.addr, 16) == 0);
	REQUIRE(memcmp(back.dst.addr, r->dst.addr, 16) == 0);
	REQUIRE(back.src.port == r->src.port && back.dst.port == r->dst.port);
	REQUIRE(back.src.x == r->src.x && back.dst.x == r->dst.x);
	REQUIRE(back.src.y == r->src.y && back.dst.y == r->dst.y);
	REQUIRE(back.flag == r->flag);
	REQUIRE(slice_eq(back.desc, resent_desc(r->desc)));
}

/*
 * A record's places (PACKTERGEO): known ones on the Earth, the state one
 * of three, and a known pair written back parses to itself.
 */
static void
check_geo(const struct pt_geo *g)
{
	struct pt_place a, b;
	char w[PT_GEO_WORD_MAX];
	size_t n;

	REQUIRE(g->state == PT_GEO_NONE || g->state == PT_GEO_OK ||
	    g->state == PT_GEO_BAD);
	if (g->state != PT_GEO_OK) {
		REQUIRE(!g->src.known && !g->dst.known);
		return;
	}
	REQUIRE(!g->src.known || (g->src.lat_e4 >= -900000 &&
	    g->src.lat_e4 <= 900000 && g->src.lon_e4 >= -1800000 &&
	    g->src.lon_e4 <= 1800000));
	REQUIRE(!g->dst.known || (g->dst.lat_e4 >= -900000 &&
	    g->dst.lat_e4 <= 900000 && g->dst.lon_e4 >= -1800000 &&
	    g->dst.lon_e4 <= 1800000));
	n = pt_fmt_geo_word(w, &g->src, &g->dst);
	REQUIRE(n <= PT_GEO_WORD_MAX);
	REQUIRE(pt_parse_geo_word(w, n, &a, &b));
	REQUIRE(a.known == g->src.known && b.known == g->dst.known);
	REQUIRE(!a.known || (a.lat_e4 == g->src.lat_e4 &&
	    a.lon_e4 == g->src.lon_e4));
	REQUIRE(!b.known || (b.lat_e4 == g->dst.lat_e4 &&
	    b.lon_e4 == g->dst.lon_e4));
}

static void
check_record(const struct span *in, const struct pt_record *r)
{
	check_endpoint(in, &r->src);
	check_endpoint(in, &r->dst);
	check_slice(in, r->desc);
	check_slice(in, r->flag_name);
	if (r->flag == PT_FLAG_NAMED)
		REQUIRE(r->flag_name.len > 0 &&
		    r->flag_name.len <= PT_FLAG_NAME_MAX);
	else
		REQUIRE(r->flag <= 65535 && r->flag_name.len == 0);
	REQUIRE(r->desc.len <= PT_MAX_DESC);
	REQUIRE(r->desc.len == 0 || memchr(r->desc.p, '\n', r->desc.len) == NULL);
	record_round_trip(r);
	check_geo(&r->geo);
}

static void
do_records(const struct span *in, struct pt_parser *ps)
{
	struct pt_record r;
	char err[PT_ERRBUF_SIZE];
	size_t calls = 0, limit = (size_t)(in->end - in->p) + 2;
	int rc;

	for (;;) {
		/* Each call consumes at least one line: no endless loop. */
		REQUIRE(++calls <= limit);
		err[0] = '\0';
		rc = pt_next_record(ps, &r, err, sizeof(err));
		if (rc == 0)
			break;
		REQUIRE(rc == 1 || rc == -1);
		if (rc == 1)
			check_record(in, &r);
		else
			check_err(err, sizeof(err));
	}
	/* At the end it stays at the end. */
	REQUIRE(pt_next_record(ps, &r, err, sizeof(err)) == 0);
}

/* Why pt_encode_control() may refuse what the parser accepted. */
static int
unencodable(const struct pt_control *c)
{
	if (c->text.len > 0 && c->text.p[c->text.len - 1] == '\r')
		return 1;	/* a trailing "\r" is eaten with the "\n" */
	if (c->kind == PT_SOUND &&
	    memchr(c->file.p, ',', c->file.len) != NULL)
		return 1;	/* the encoder keeps payload commas unique */
	return 0;
}

static void
control_round_trip(const struct pt_control *c, size_t inlen)
{
	struct pt_parser ps;
	struct pt_control back;
	char err[PT_ERRBUF_SIZE], *buf;
	size_t cap = inlen + 64, n;

	buf = malloc(cap);
	REQUIRE(buf != NULL);
	n = pt_encode_control(buf, cap, c);
	if (n == 0) {
		if (!unencodable(c)) {
			fprintf(stderr, "fuzz-protocol: %s not encoded "
			    "(file %zu bytes, text %zu bytes)\n",
			    pt_kind_name(c->kind), c->file.len, c->text.len);
			abort();
		}
		free(buf);
		return;
	}
	REQUIRE(n <= cap);
	/* Too small a buffer: refused, nothing written past it. */
	REQUIRE(pt_encode_control(buf, n - 1, c) == 0);
	REQUIRE(pt_parse_begin(&ps, buf, n) == c->kind);
	REQUIRE(!ps.has_auth);
	err[0] = '\0';
	if (pt_parse_control(&ps, &back, err, sizeof(err)) != 0) {
		fprintf(stderr, "fuzz-protocol: encoded %s does not parse: "
		    "%s\n", pt_kind_name(c->kind), err);
		abort();
	}
	REQUIRE(back.kind == c->kind);
	REQUIRE(slice_eq(back.file, c->file));
	REQUIRE(slice_eq(back.text, c->text));
	REQUIRE(back.duration_ms == c->duration_ms);
	free(buf);
}

static void
do_control(const struct span *in, struct pt_parser *ps)
{
	struct pt_control c;
	char err[PT_ERRBUF_SIZE];

	err[0] = '\0';
	if (pt_parse_control(ps, &c, err, sizeof(err)) != 0) {
		check_err(err, sizeof(err));
		return;
	}
	REQUIRE(c.kind == ps->kind);
	check_slice(in, c.file);
	check_slice(in, c.text);
	if (c.file.len > 0) {
		REQUIRE(memchr(c.file.p, '\n', c.file.len) == NULL);
		REQUIRE(memchr(c.file.p, '\0', c.file.len) == NULL);
	}
	if (c.text.len > 0)
		REQUIRE(memchr(c.text.p, '\0', c.text.len) == NULL);
	if (c.kind == PT_VOICE) {
		struct pt_str w;

		/* SofTalk's words are the tail of the text. */
		if (pt_voice_softalk_words(c.text, &w))
			REQUIRE(w.len <= c.text.len &&
			    w.p + w.len == c.text.p + c.text.len);
	}
	if (c.kind == PT_SE)
		REQUIRE(c.file.len > 0);
	if (c.kind == PT_SOUND && c.duration_ms != 0)
		REQUIRE(c.file.len > 0);
	REQUIRE(c.duration_ms >= -2147483647LL &&
	    c.duration_ms <= 2147483647LL);
	control_round_trip(&c, (size_t)(in->end - in->p));
}

static void
do_gateway(const struct span *in, struct pt_parser *ps)
{
	struct pt_gateway g;
	char err[PT_ERRBUF_SIZE];

	err[0] = '\0';
	if (pt_parse_gateway(ps, &g, err, sizeof(err)) != 0) {
		check_err(err, sizeof(err));
		return;
	}
	check_endpoint(in, &g.rec.src);
	check_endpoint(in, &g.rec.dst);
	check_endpoint(in, &g.gw);
	check_slice(in, g.image);
	check_slice(in, g.rec.desc);
	REQUIRE(g.rec.desc.len <= PT_MAX_DESC);
	REQUIRE(g.rec.flag == 0);
}

static void
do_earth(const struct span *in, struct pt_parser *ps)
{
	struct pt_earth e;
	char err[PT_ERRBUF_SIZE];

	err[0] = '\0';
	if (pt_parse_earth(ps, &e, err, sizeof(err)) != 0) {
		check_err(err, sizeof(err));
		return;
	}
	REQUIRE(e.src_lat >= -90.0 && e.src_lat <= 90.0);
	REQUIRE(e.dst_lat >= -90.0 && e.dst_lat <= 90.0);
	REQUIRE(e.src_lon >= -180.0 && e.src_lon <= 180.0);
	REQUIRE(e.dst_lon >= -180.0 && e.dst_lon <= 180.0);
	REQUIRE(e.flag <= 65535);
	check_slice(in, e.desc);
	REQUIRE(e.desc.len <= PT_MAX_DESC);
}

/* Every parser asked about a datagram of another kind says no, cleanly. */
static void
wrong_kind(const char *buf, size_t len, enum pt_kind kind)
{
	struct pt_parser ps;
	struct pt_control c;
	struct pt_gateway g;
	struct pt_earth e;
	char err[PT_ERRBUF_SIZE];

	if (kind != PT_GATEWAY) {
		pt_parse_begin(&ps, buf, len);
		REQUIRE(pt_parse_gateway(&ps, &g, err, sizeof(err)) == -1);
	}
	if (kind != PT_EARTH) {
		pt_parse_begin(&ps, buf, len);
		REQUIRE(pt_parse_earth(&ps, &e, err, sizeof(err)) == -1);
	}
	if (kind == PT_RECORD || kind == PT_BALLISTIC || kind == PT_GATEWAY ||
	    kind == PT_EARTH || kind == PT_UNKNOWN || kind == PT_NONE) {
		pt_parse_begin(&ps, buf, len);
		REQUIRE(pt_parse_control(&ps, &c, err, sizeof(err)) == -1);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pt_parser ps;
	struct pt_record r;
	struct span in;
	const char *buf = (const char *)data;
	char err[PT_ERRBUF_SIZE];
	enum pt_kind kind;

	if (size > PT_MAX_DATAGRAM)
		return 0;
	in.p = buf;
	in.end = buf + size;

	kind = pt_parse_begin(&ps, buf, size);
	REQUIRE((unsigned)kind < PT_KIND_MAX);
	REQUIRE(strcmp(pt_kind_name(kind), "invalid") != 0);
	if (ps.has_auth) {
		REQUIRE(ps.auth.id.len > 0 && ps.auth.id.len <= 64);
		REQUIRE(ps.auth.time >= 0);
		REQUIRE(ps.auth.has_seq || (ps.auth.boot == 0 &&
		    ps.auth.seq == 0));
		check_slice(&in, ps.auth.id);
		check_slice(&in, ps.auth.signed_part);
	}
	if (kind == PT_UNKNOWN)
		check_slice(&in, ps.keyword);

	switch (kind) {
	case PT_RECORD:
	case PT_BALLISTIC:
		do_records(&in, &ps);
		break;
	case PT_MSG:
	case PT_HTML:
	case PT_SOUND:
	case PT_SE:
	case PT_VOICE:
	case PT_SKYDOME:
		do_control(&in, &ps);
		break;
	case PT_GATEWAY:
		do_gateway(&in, &ps);
		break;
	case PT_EARTH:
		do_earth(&in, &ps);
		break;
	default:
		REQUIRE(pt_next_record(&ps, &r, err, sizeof(err)) <= 0);
		break;
	}
	wrong_kind(buf, size, kind);

	/* The whole input as a lone record line (the bridge and tests use it). */
	err[0] = '\0';
	if (pt_parse_record_line(buf, size, &r, err, sizeof(err)) == 0)
		check_record(&in, &r);
	else
		check_err(err, sizeof(err));
	return 0;
}
