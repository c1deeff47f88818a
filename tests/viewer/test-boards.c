/*
 * test-boards.c - the boards without a window: address and port ranges,
 * the scales, ticks, zoom (boardmap.c); display filters as a table of
 * expressions x records, and refusals with the word they point at
 * (filter.c); the ring, feeds, state words and remapping (boards.c).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../unit/test.h"
#include "boardmap.h"
#include "boards.h"
#include "filter.h"
#include "history.h"
#include "protocol.h"
#include "scene.h"

static struct pt_record
rec(const char *line)
{
	struct pt_record r;
	char err[PT_ERRBUF_SIZE];

	memset(&r, 0, sizeof(r));
	if (pt_parse_record_line(line, strlen(line), &r, err,
	    sizeof(err)) != 0)
		printf("  bad test record \"%s\": %s\n", line, err);
	return r;
}

static int
close_to(double a, double b)
{
	return fabs(a - b) < 1e-6;
}

/* src of line mapped on the sender side of m. */
static int
map_src(const struct boardmap *m, const char *line, float *u, float *v)
{
	struct pt_record r = rec(line);

	return bm_map(m, BM_SRC, &r.src, u, v);
}

TEST(default_is_the_protocol)
{
	struct boardmap m;
	struct pt_record r;
	float u, v;

	bm_init(&m);
	r = rec("10.128.0.1,2001:db8::1,80,65535,0,x");
	CHECK(bm_map(&m, BM_SRC, &r.src, &u, &v) == 0);
	CHECK(u == (float)r.src.x && v == (float)r.src.y);
	CHECK(bm_map(&m, BM_DST, &r.dst, &u, &v) == 0);
	CHECK(u == (float)r.dst.x && v == (float)r.dst.y);
	r = rec("0.25,0.5,0.125,1,0,fractions");
	CHECK(bm_map(&m, BM_SRC, &r.src, &u, &v) == 0);
	CHECK(close_to(u, 0.25) && close_to(v, 0.125));
	CHECK(bm_is_default(&m, BM_SRC) && bm_is_default(&m, BM_DST));
}

TEST(prefix_ranges)
{
	struct boardmap m;
	char err[128], buf[96];
	float u, v;

	bm_init(&m);
	CHECK(bm_parse_range("10.0.0.0/8", &m.side[BM_SRC].addr, err,
	    sizeof(err)) == 0);
	/* 10.128.0.1 is just past the middle of 10/8. */
	CHECK(map_src(&m, "10.128.0.0,1.2.3.4,0,0,0,x", &u, &v) == 0);
	CHECK(close_to(u, 0.5));
	CHECK(map_src(&m, "10.0.0.0,1.2.3.4,0,0,0,x", &u, &v) == 0);
	CHECK(u == 0.0f);
	CHECK(map_src(&m, "10.255.255.255,1.2.3.4,0,0,0,x", &u, &v) == 0);
	CHECK(u < 1.0f && u > 0.9999f);
	/* Outside: on the nearest edge, reported. */
	CHECK(map_src(&m, "192.0.2.1,1.2.3.4,0,0,0,x", &u, &v) == BM_OUT_ADDR);
	CHECK(u == 1.0f);
	CHECK(map_src(&m, "9.255.255.255,1.2.3.4,0,0,0,x", &u, &v) ==
	    BM_OUT_ADDR);
	CHECK(u == 0.0f);
	CHECK(map_src(&m, "2001:db8::1,1.2.3.4,0,0,0,x", &u, &v) ==
	    BM_OUT_ADDR);
	/* An old sender's fraction is a share of the whole IPv4 space. */
	CHECK(map_src(&m, "0.041015625,1.2.3.4,0,0,0,x", &u, &v) == 0);
	CHECK(close_to(u, 0.5));
	bm_range_text(&m.side[BM_SRC].addr, buf, sizeof(buf));
	CHECK_STR(buf, "10.0.0.0/8");

	/* IPv6: a /32, and a /64 as evenly spread as a /8. */
	CHECK(bm_parse_range("2001:db8::/32", &m.side[BM_SRC].addr, err,
	    sizeof(err)) == 0);
	CHECK(map_src(&m, "2001:db8:8000::,1.2.3.4,0,0,0,x", &u, &v) == 0);
	CHECK(close_to(u, 0.5));
	CHECK(bm_parse_range("2001:db8:1:2::/64", &m.side[BM_SRC].addr, err,
	    sizeof(err)) == 0);
	CHECK(map_src(&m, "2001:db8:1:2:4000::,1.2.3.4,0,0,0,x", &u, &v) == 0);
	CHECK(close_to(u, 0.25));
	CHECK(map_src(&m, "2001:db8:1:3::,1.2.3.4,0,0,0,x", &u, &v) ==
	    BM_OUT_ADDR);

	/* A span, as Config.txt's XAxisStart and XAxisEnd give it. */
	CHECK(bm_parse_range("192.0.2.0-192.0.2.99", &m.side[BM_SRC].addr,
	    err, sizeof(err)) == 0);
	CHECK(map_src(&m, "192.0.2.50,1.2.3.4,0,0,0,x", &u, &v) == 0);
	CHECK(close_to(u, 0.5));
	bm_range_text(&m.side[BM_SRC].addr, buf, sizeof(buf));
	CHECK_STR(buf, "192.0.2.0-192.0.2.99");

	/* Refusals say why. */
	CHECK(bm_parse_range("10.1.0.0/8", &m.side[BM_SRC].addr, err,
	    sizeof(err)) == -1);
	CHECK(strstr(err, "10.0.0.0/8") != NULL);
	CHECK(bm_parse_range("10.0.0.0/33", &m.side[BM_SRC].addr, err,
	    sizeof(err)) == -1);
	CHECK(bm_parse_range("10.0.0.9-10.0.0.1", &m.side[BM_SRC].addr, err,
	    sizeof(err)) == -1);
	CHECK(bm_parse_range("10.0.0.0-::1", &m.side[BM_SRC].addr, err,
	    sizeof(err)) == -1);
	CHECK(bm_parse_range("nowhere", &m.side[BM_SRC].addr, err,
	    sizeof(err)) == -1);
}

TEST(split_families)
{
	struct boardmap m;
	float u, v;

	bm_init(&m);
	m.families = BM_FAM_SPLIT;
	CHECK(map_src(&m, "128.0.0.0,1.2.3.4,0,0,0,x", &u, &v) == 0);
	CHECK(close_to(u, 0.25));
	CHECK(map_src(&m, "::,1.2.3.4,0,0,0,x", &u, &v) == 0);
	CHECK(close_to(u, 0.5));
	CHECK(map_src(&m, "8000::,1.2.3.4,0,0,0,x", &u, &v) == 0);
	CHECK(close_to(u, 0.75));
}

TEST(port_scales)
{
	struct bm_ports p;
	char err[128], buf[64];
	struct boardmap m;
	float u, v;

	bm_init(&m);
	/* Linear over a range. */
	CHECK(bm_parse_ports("0-1023", &m.side[BM_SRC].port, err,
	    sizeof(err)) == 0);
	CHECK(map_src(&m, "1.2.3.4,1.2.3.4,512,0,0,x", &u, &v) == 0);
	CHECK(close_to(v, 0.5));
	CHECK(map_src(&m, "1.2.3.4,1.2.3.4,8080,0,0,x", &u, &v) ==
	    BM_OUT_PORT);
	CHECK(v == 1.0f);

	/* Services: 0-1023 the lower half, the rest the upper half. */
	p.lo = 0;
	p.hi = 65535;
	p.scale = BM_SERVICES;
	CHECK(close_to(bm_port_pos(&p, 0), 0.0));
	CHECK(close_to(bm_port_pos(&p, 512), 0.25));
	CHECK(close_to(bm_port_pos(&p, 1024), 0.5));
	CHECK(close_to(bm_port_pos(&p, 1024 + 32256), 0.75));
	CHECK(close_to(bm_port_at(&p, 0.25), 512));
	CHECK(close_to(bm_port_at(&p, 0.75), 1024 + 32256));

	/* Logarithmic: 0 at the bottom, each decade higher. */
	p.scale = BM_LOG;
	CHECK(close_to(bm_port_pos(&p, 0), 0.0));
	CHECK(close_to(bm_port_pos(&p, 65536), 1.0));
	CHECK(bm_port_pos(&p, 10) < bm_port_pos(&p, 100));
	CHECK(close_to(bm_port_pos(&p, 255), 0.5));	/* sqrt(65536) - 1 */
	CHECK(fabs(bm_port_at(&p, bm_port_pos(&p, 443)) - 443) < 1e-6);

	bm_ports_text(&p, buf, sizeof(buf));
	CHECK_STR(buf, "0-65535 log");
	CHECK(bm_parse_scale("services", &p.scale, err, sizeof(err)) == 0);
	CHECK(p.scale == BM_SERVICES);
	CHECK(bm_parse_scale("cubic", &p.scale, err, sizeof(err)) == -1);
	CHECK(bm_parse_ports("1024-80", &p, err, sizeof(err)) == -1);
	CHECK(bm_parse_ports("0-65536", &p, err, sizeof(err)) == -1);
	CHECK(bm_parse_ports("80", &p, err, sizeof(err)) == 0);
	CHECK(p.lo == 80 && p.hi == 80);
}

/* The ticks as "pos:text pos:text ...". */
static void
ticks(const struct boardmap *m, int axis, char *buf, size_t len)
{
	struct bm_tick t[BM_TICKS_MAX];
	int n, i;
	size_t k = 0;

	n = bm_ticks(m, BM_SRC, axis, t, BM_TICKS_MAX);
	buf[0] = '\0';
	for (i = 0; i < n && k < len; i++)
		k += (size_t)snprintf(buf + k, len - k, "%s%.4g:%s",
		    i > 0 ? " " : "", t[i].pos, t[i].text);
}

TEST(tick_labels)
{
	struct boardmap m;
	char buf[512], err[128];

	bm_init(&m);
	ticks(&m, 0, buf, sizeof(buf));
	CHECK_STR(buf, "0:0.0.0.0 0.25:64.0.0.0 0.5:128.0.0.0 "
	    "0.75:192.0.0.0 1:255.255.255.255");
	ticks(&m, 1, buf, sizeof(buf));
	CHECK_STR(buf, "0:0 0.25:16384 0.5:32768 0.75:49152 1:65535");

	CHECK(bm_parse_range("10.0.0.0/8", &m.side[BM_SRC].addr, err,
	    sizeof(err)) == 0);
	ticks(&m, 0, buf, sizeof(buf));
	CHECK_STR(buf, "0:10.0.0.0 0.25:10.64.0.0 0.5:10.128.0.0 "
	    "0.75:10.192.0.0 1:10.255.255.255");
	CHECK(bm_parse_range("2001:db8::/32", &m.side[BM_SRC].addr, err,
	    sizeof(err)) == 0);
	ticks(&m, 0, buf, sizeof(buf));
	CHECK_STR(buf, "0:2001:db8:: 0.25:2001:db8:4000:: "
	    "0.5:2001:db8:8000:: 0.75:2001:db8:c000::");

	bm_init(&m);
	m.families = BM_FAM_SPLIT;
	ticks(&m, 0, buf, sizeof(buf));
	CHECK_STR(buf, "0:0.0.0.0 0.25:128.0.0.0 0.5::: 0.5625:2000:: "
	    "0.75:8000::");

	m.side[BM_SRC].port.scale = BM_SERVICES;
	ticks(&m, 1, buf, sizeof(buf));
	CHECK_STR(buf, "0:0 0.125:256 0.25:512 0.375:768 0.5:1024 "
	    "0.619:16384 0.746:32768 0.873:49152 1:65535");
	m.side[BM_SRC].port.scale = BM_LOG;
	ticks(&m, 1, buf, sizeof(buf));
	CHECK_STR(buf, "0:0 0.0625:1 0.2162:10 0.4161:100 0.623:1000 "
	    "0.8305:10000 1:65535");
}

TEST(zoom)
{
	struct bm_range r;
	struct bm_ports p;
	char err[128], buf[96];

	CHECK(bm_parse_range("all", &r, err, sizeof(err)) == 0);
	CHECK(bm_zoom_range(&r, BM_FAM_ONE, 0.1) == 0);
	bm_range_text(&r, buf, sizeof(buf));
	CHECK_STR(buf, "0.0.0.0/1");
	CHECK(bm_zoom_range(&r, BM_FAM_ONE, 0.7) == 0);
	bm_range_text(&r, buf, sizeof(buf));
	CHECK_STR(buf, "64.0.0.0/2");
	CHECK(bm_parse_range("all", &r, err, sizeof(err)) == 0);
	CHECK(bm_zoom_range(&r, BM_FAM_SPLIT, 0.9) == 0);
	bm_range_text(&r, buf, sizeof(buf));
	CHECK_STR(buf, "8000::/1");
	CHECK(bm_parse_range("192.0.2.7/32", &r, err, sizeof(err)) == 0);
	CHECK(bm_zoom_range(&r, BM_FAM_ONE, 0.5) == -1);
	CHECK(bm_parse_range("10.0.0.0-10.0.0.255", &r, err, sizeof(err)) == 0);
	CHECK(bm_zoom_range(&r, BM_FAM_ONE, 0.75) == 0);
	bm_range_text(&r, buf, sizeof(buf));
	CHECK_STR(buf, "10.0.0.128/25");

	p.lo = 0;
	p.hi = 65535;
	p.scale = BM_LINEAR;
	CHECK(bm_zoom_ports(&p, 0.5) == 0);
	CHECK(p.lo == 16384 && p.hi == 49151);
	CHECK(bm_zoom_ports(&p, 0.0) == 0);
	CHECK(p.lo == 16384 && p.hi == 32767);
	p.lo = p.hi = 80;
	CHECK(bm_zoom_ports(&p, 0.5) == -1);
	CHECK_STR(bm_port_name(443), "https");
	CHECK(bm_port_name(4) == NULL);
}

/* --- filters ------------------------------------------------------------------ */

static const char *const records[] = {
	/* 0 */ "10.0.0.1,192.0.2.80,40000,80,1,TCP SYN src:10.0.0.1(40000)",
	/* 1 */ "192.0.2.80,10.0.0.1,80,40000,2,TCP FIN",
	/* 2 */ "2001:db8::5,2001:db8:1::53,5353,53,8,UDP DNS query",
	/* 3 */ "198.51.100.7,10.0.0.1,2048,0,4,ICMPv4 (type:8 code:0)",
	/* 4 */ "203.0.113.9,10.0.0.2,1234,22,10,Incident:SSH brute force",
	/* 5 */ "0.5,0.25,0.5,0.5,0,an old sender's fractions",
};

static const struct {
	const char	*expr;
	const char	*want;	/* one char a record: 1 passes */
} filters[] = {
	{ "", "111111" },
	{ "host 10.0.0.1", "110100" },
	{ "src host 10.0.0.1", "100000" },
	{ "dst host 10.0.0.1", "010100" },
	{ "net 10.0.0.0/8", "110110" },
	{ "src net 10.0.0.0/8", "100000" },
	{ "net 2001:db8::/32", "001000" },
	{ "dst net 2001:db8:1::/48", "001000" },
	{ "port 80", "110000" },
	{ "dst port 80", "100000" },
	{ "src port 80", "010000" },
	{ "portrange 50-60", "001000" },
	{ "src portrange 1024-65535", "101110" },
	{ "class syn", "100000" },
	{ "class fin", "010000" },
	{ "class tcp", "110001" },
	{ "class udp", "001000" },
	{ "class icmp", "000100" },
	{ "class ip6", "001000" },
	{ "class alert", "000010" },
	{ "class ack", "000001" },
	{ "flag 10", "000010" },
	{ "flag 0", "000001" },
	{ "desc incident", "000010" },
	{ "desc \"dns query\"", "001000" },
	{ "desc \"src:10.0.0.1(\"", "100000" },
	{ "not port 80", "001111" },
	{ "! port 80", "001111" },
	{ "port 80 and class syn", "100000" },
	{ "port 80 && class syn", "100000" },
	{ "port 80 or class udp", "111000" },
	{ "port 80 || class udp", "111000" },
	{ "not (port 80 or class udp)", "000111" },
	{ "class tcp and not class syn and not flag 0", "010000" },
	{ "host 10.0.0.1 or host 10.0.0.2 and port 22", "110110" },
	{ "(host 10.0.0.1 or host 10.0.0.2) and not port 22", "110100" },
	{ "((((port 53))))", "001000" },
	{ "not not port 53", "001000" },
};

static void
check_filter(const char *expr, const char *want)
{
	char err[256], got[8];
	struct filter *f;
	struct pt_record r;
	size_t i, pos;

	f = filter_compile(expr, err, sizeof(err), &pos);
	CHECK(f != NULL);
	if (f == NULL) {
		printf("  \"%s\": %s at %zu\n", expr, err, pos);
		return;
	}
	for (i = 0; i < sizeof(records) / sizeof(records[0]); i++) {
		r = rec(records[i]);
		got[i] = filter_match(f, &r) ? '1' : '0';
	}
	got[i] = '\0';
	CHECK_STR(got, want);
	CHECK_STR(filter_text(f), expr);
	filter_free(f);
}

static const struct {
	const char	*expr;
	size_t		 pos;	/* the word pointed at */
	const char	*says;	/* in the message */
} refusals[] = {
	{ "port http", 5, "not a port" },
	{ "port 65536", 5, "not a port" },
	{ "port", 0, "needs a port" },
	{ "hots 10.0.0.1", 0, "unknown word \"hots\"" },
	{ "host 10.0.0.0/8", 5, "is a net" },
	{ "net 10.1.0.0/8", 4, "10.0.0.0/8" },
	{ "net banana", 4, "not an IPv4 or IPv6 address" },
	{ "class purple", 6, "no class \"purple\"" },
	{ "portrange 90-80", 10, "not a port range" },
	{ "port 80 class syn", 8, "expected and or or" },
	{ "port 80 and", 11, "missing at the end" },
	{ "(port 80", 0, "without its end" },
	{ "port 80)", 7, "without its start" },
	{ "desc \"open", 5, "quote without its end" },
	{ "src class syn", 4, "after src or dst" },
	{ "flag -1", 5, "not a flag" },
	{ "and port 80", 0, "expected a primitive" },
};

TEST(filter_refusals)
{
	char err[256], caret[256];
	size_t i, pos;

	for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		pos = 999;
		CHECK(filter_compile(refusals[i].expr, err, sizeof(err),
		    &pos) == NULL);
		CHECK_EQ_U(pos, refusals[i].pos);
		if (strstr(err, refusals[i].says) == NULL) {
			CHECK(!"the message says why");
			printf("  \"%s\": \"%s\"\n", refusals[i].expr, err);
		}
	}
	filter_caret("port http", 5, caret, sizeof(caret));
	CHECK_STR(caret, "port http\n     ^");
}

TEST(filter_bounds)
{
	char expr[FILTER_TEXT_MAX + 2], err[256];
	struct filter *f;
	size_t i, n = 0;

	/* Nested deeper than the bound: refused, not a stack overflow. */
	for (i = 0; i < 600; i++)
		expr[n++] = '(';
	expr[n] = '\0';
	CHECK(filter_compile(expr, err, sizeof(err), NULL) == NULL);
	memset(expr, '!', FILTER_TEXT_MAX + 1);
	expr[FILTER_TEXT_MAX + 1] = '\0';
	CHECK(filter_compile(expr, err, sizeof(err), NULL) == NULL);
	/* Many words: refused past FILTER_NODES. */
	n = 0;
	for (i = 0; i < 200 && n + 16 < FILTER_TEXT_MAX; i++)
		n += (size_t)snprintf(expr + n, sizeof(expr) - n, "%sflag %zu",
		    i > 0 ? " or " : "", i);
	f = filter_compile(expr, err, sizeof(err), NULL);
	CHECK(f != NULL);
	filter_free(f);
}

/* --- boards --------------------------------------------------------------------- */

static uint64_t
push_line(struct history *h, struct boards *b, int64_t t, const char *line,
    const char *id, const char *from4)
{
	struct pt_record r = rec(line);
	struct hist_in in;
	uint8_t a[4] = { 0, 0, 0, 0 };
	uint64_t seq;

	memset(&in, 0, sizeof(in));
	in.sx = (float)r.src.x;
	in.sy = (float)r.src.y;
	in.dx = (float)r.dst.x;
	in.dy = (float)r.dst.y;
	in.flag = r.flag;
	in.line = line;
	in.line_len = strlen(line);
	in.desc_off = (size_t)(r.desc.p - line);
	seq = history_push(h, t, &in);
	if (from4 != NULL)
		sscanf(from4, "%hhu.%hhu.%hhu.%hhu", &a[0], &a[1], &a[2], &a[3]);
	boards_note(b, h, seq, &r, id, id != NULL ? strlen(id) : 0,
	    from4 != NULL ? 4 : 0, a);
	return seq;
}

TEST(layout)
{
	struct boards_layout l;
	float p[3], q[3];
	int n, k;

	/* Two: exactly scene.h's pair. */
	boards_layout_init(&l, 2);
	boards_layout_point(&l, 1, 0.25f, 0.75f, p);
	scene_board_point(SCENE_SENDER, 0.25f, 0.75f, q);
	CHECK(p[0] == q[0] && p[1] == q[1] && p[2] == q[2]);
	boards_layout_point(&l, 0, 0.6f, 0.1f, p);
	scene_board_point(SCENE_RECEIVER, 0.6f, 0.1f, q);
	CHECK(p[0] == q[0] && p[1] == q[1] && p[2] == q[2]);
	/* More: every board's middle at the same distance, edges apart. */
	for (n = 3; n <= BOARDS_MAX; n++) {
		boards_layout_init(&l, n);
		for (k = 0; k < n; k++) {
			boards_layout_point(&l, k, 0.5f, 0.5f, p);
			CHECK(fabsf(hypotf(p[0], p[2]) - l.radius) < 1e-4f);
			boards_layout_point(&l, k, 1.0f, 0.5f, p);
			boards_layout_point(&l, (k + 1) % n, 0.0f, 0.5f, q);
			CHECK(hypotf(p[0] - q[0], p[2] - q[2]) > 0.1f);
		}
	}
}

TEST(feeds_and_remap)
{
	struct history *h = history_new(64, 0, 0);
	struct boards *b = boards_new(64);
	struct boardmap m;
	struct filter *f;
	uint64_t s[4], out[2][2];
	char err[128], cap[BOARDS_CAPTION_MAX];
	int n;

	boards_set_count(b, 4);
	CHECK(boards_add_rule(b, "noc-2=3", err, sizeof(err)) == 0);
	CHECK(boards_add_rule(b, "198.51.100.0/24=2", err, sizeof(err)) == 0);
	CHECK(boards_add_rule(b, "x=9", err, sizeof(err)) == -1);
	CHECK(boards_add_rule(b, "10.1.0.0/8=1", err, sizeof(err)) == -1);
	CHECK(boards_add_rule(b, "noc 1=1", err, sizeof(err)) == -1);

	s[0] = push_line(h, b, 1, "10.128.0.1,10.0.0.1,1,2,0,a", "noc-2",
	    "192.0.2.1");
	s[1] = push_line(h, b, 2, "10.128.0.1,10.0.0.1,1,2,0,b", NULL,
	    "198.51.100.9");
	s[2] = push_line(h, b, 3, "192.0.2.1,10.0.0.1,1,2,3,c", NULL,
	    "203.0.113.1");
	s[3] = push_line(h, b, 4, "192.0.2.1,10.0.0.1,1,2,3,d", "noc-9",
	    "203.0.113.1");
	CHECK_EQ_U(boards_state(b, h, s[0]) & BS_BOARD, 3);
	CHECK_EQ_U(boards_state(b, h, s[1]) & BS_BOARD, 2);
	CHECK_EQ_U(boards_state(b, h, s[2]) & BS_BOARD, 1);	/* in turn */
	CHECK_EQ_U(boards_state(b, h, s[3]) & BS_BOARD, 2);
	boards_caption(b, 3, cap, sizeof(cap));
	CHECK_STR(cap, "3: noc-2");
	boards_caption(b, 2, cap, sizeof(cap));
	CHECK_STR(cap, "2: 198.51.100.9 +1");

	/* A range: the records kept are mapped again from their lines. */
	bm_init(&m);
	CHECK(bm_parse_range("10.0.0.0/8", &m.side[BM_SRC].addr, err,
	    sizeof(err)) == 0);
	m.outside = BM_HIDE;
	boards_set_map(b, &m);
	CHECK(boards_stale(b, h));
	/* The window first, then the rest, within the budget. */
	n = boards_remap(b, h, s[2], s[3] + 1, 2, out);
	CHECK_EQ_U(n, 1);
	CHECK_EQ_U(out[0][0], s[2]);
	CHECK_EQ_U(out[0][1], s[3] + 1);
	CHECK(boards_stale(b, h));
	n = boards_remap(b, h, s[2], s[3] + 1, 100, out);
	CHECK_EQ_U(n, 1);
	CHECK_EQ_U(out[0][0], s[0]);
	CHECK_EQ_U(out[0][1], s[1] + 1);
	CHECK(!boards_stale(b, h));
	CHECK(close_to(history_ball(h, s[0])->sx, 0.5));
	CHECK(boards_visible(b, h, s[0]));
	CHECK(!boards_visible(b, h, s[2]));	/* 192.0.2.1: outside, hidden */
	CHECK(boards_state(b, h, s[2]) & BS_OUT);
	/* The feeds' boards survive the remap. */
	CHECK_EQ_U(boards_state(b, h, s[0]) & BS_BOARD, 3);

	/* A filter, then highlighting instead of hiding. */
	f = filter_compile("desc b", err, sizeof(err), NULL);
	boards_set_filter(b, f, BF_HIDE);
	boards_remap(b, h, 0, 0, 100, out);
	CHECK(!boards_visible(b, h, s[0]));
	CHECK(boards_visible(b, h, s[1]));
	f = filter_compile("desc b", err, sizeof(err), NULL);
	boards_set_filter(b, f, BF_HIGHLIGHT);
	boards_remap(b, h, 0, 0, 100, out);
	CHECK(boards_visible(b, h, s[0]));
	CHECK(boards_state(b, h, s[0]) & BS_DIM);
	CHECK(boards_state(b, h, s[1]) & BS_MATCH);
	/* Hiding a board hides its balls. */
	boards_toggle(b, 2);
	CHECK(!boards_visible(b, h, s[1]));
	boards_toggle(b, 2);
	CHECK(boards_visible(b, h, s[1]));
	/* Records arriving meanwhile are mapped as they come. */
	s[0] = push_line(h, b, 5, "10.64.0.0,10.0.0.1,1,2,0,new", "noc-2",
	    "192.0.2.1");
	CHECK(close_to(history_ball(h, s[0])->sx, 0.25));
	boards_free(b);
	history_free(h);
}

/*
 * A PACKTEARTH ball (no record's fields, boards_note with NULL) in a slot
 * a hidden record had: shown, its feed's board, its points as given, and
 * so still after a remap.
 */
TEST(earth_balls)
{
	struct history *h = history_new(4, 0, 0);
	struct boards *b = boards_new(4);
	struct hist_in in;
	struct filter *f;
	uint64_t out[2][2], seq;
	uint8_t a[4] = { 198, 51, 100, 9 };
	char err[128];
	const char *desc = "from pt_agent";
	int i;

	boards_set_count(b, 3);
	f = filter_compile("desc x", err, sizeof(err), NULL);
	boards_set_filter(b, f, BF_HIDE);
	for (i = 0; i < 4; i++)
		seq = push_line(h, b, i + 1, "10.0.0.1,10.0.0.2,1,2,0,a",
		    "noc-1", NULL);
	CHECK(!boards_visible(b, h, seq));
	memset(&in, 0, sizeof(in));
	in.sx = 0.75f;			/* lon 90 */
	in.sy = 0.25f;			/* lat -45 */
	in.dx = 0.5f;
	in.dy = 0.5f;
	in.flag = 6;
	in.line = desc;
	in.line_len = strlen(desc);
	seq = history_push(h, 10, &in);
	boards_note(b, h, seq, NULL, NULL, 0, 4, a);
	CHECK(boards_visible(b, h, seq));
	CHECK((boards_state(b, h, seq) & (BS_DIM | BS_HIDE | BS_MATCH |
	    BS_OUT)) == 0);
	CHECK_EQ_U(boards_state(b, h, seq) & BS_BOARD, 2);	/* its turn */
	CHECK(history_ball(h, seq)->sx == 0.75f);
	f = filter_compile("desc y", err, sizeof(err), NULL);
	boards_set_filter(b, f, BF_HIGHLIGHT);
	boards_remap(b, h, 0, 0, 100, out);
	CHECK(boards_visible(b, h, seq));
	CHECK((boards_state(b, h, seq) & (BS_DIM | BS_HIDE | BS_MATCH)) == 0);
	CHECK_EQ_U(boards_state(b, h, seq) & BS_BOARD, 2);
	CHECK(history_ball(h, seq)->sx == 0.75f);
	boards_free(b);
	history_free(h);
}

int
main(void)
{
	size_t i;

	RUN(default_is_the_protocol);
	RUN(prefix_ranges);
	RUN(split_families);
	RUN(port_scales);
	RUN(tick_labels);
	RUN(zoom);
	for (i = 0; i < sizeof(filters) / sizeof(filters[0]); i++)
		RUN_CASE(filters[i].expr[0] != '\0' ? filters[i].expr :
		    "(empty)", check_filter(filters[i].expr, filters[i].want));
	RUN(filter_refusals);
	RUN(filter_bounds);
	RUN(layout);
	RUN(feeds_and_remap);
	RUN(earth_balls);
	return test_report();
}
