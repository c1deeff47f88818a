/*
 * test-protocol.c - parsing and encoding of PACKTER datagrams
 * (common/protocol.c, docs/protocol.md).
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "protocol.h"
#include "test.h"

#define S(lit)	(lit), (sizeof(lit) - 1)	/* a literal with its length */

static const uint8_t zero16[16];

/* Parse a whole record datagram; returns the number of good records. */
static int
parse_all(const char *buf, size_t len, struct pt_record *out, int max,
    int *bad, char last_err[PT_ERRBUF_SIZE])
{
	struct pt_parser ps;
	struct pt_record r;
	char err[PT_ERRBUF_SIZE];
	int n = 0, rc;

	*bad = 0;
	if (last_err != NULL)
		last_err[0] = '\0';
	pt_parse_begin(&ps, buf, len);
	while ((rc = pt_next_record(&ps, &r, err, sizeof(err))) != 0) {
		if (rc < 0) {
			(*bad)++;
			if (last_err != NULL)
				memcpy(last_err, err, sizeof(err));
			continue;
		}
		if (n < max)
			out[n] = r;
		n++;
	}
	return n;
}

/* One record line on its own; returns pt_parse_record_line()'s result. */
static int
line(const char *s, struct pt_record *r, char err[PT_ERRBUF_SIZE])
{
	err[0] = '\0';
	return pt_parse_record_line(s, strlen(s), r, err, PT_ERRBUF_SIZE);
}

TEST(keywords)
{
	static const struct {
		const char *text;
		enum pt_kind kind;
	} cases[] = {
		{ "PACKTER\n", PT_RECORD },
		{ "PACKTERMSG\n", PT_MSG },
		{ "PACKTERMESG\n", PT_MSG },
		{ "PACKTERHTML\n", PT_HTML },
		{ "PACKTERSOUND\n", PT_SOUND },
		{ "PACKTERSE\n", PT_SE },
		{ "PACKTERVOICE\n", PT_VOICE },
		{ "PACKTERSKYDOMETEXTURE\n", PT_SKYDOME },
		{ "PACKTERBALLISTIC\n", PT_BALLISTIC },
		{ "PACKTERWITHGATEWAY\n", PT_GATEWAY },
		{ "PACKTEARTH\n", PT_EARTH },
		{ "PACKTER\r\n", PT_RECORD },
		{ "PACKTER", PT_RECORD },		/* no newline at all */
		{ "  PACKTER \t\r\n", PT_RECORD },	/* blanks around */
		{ "\n\r\nPACKTER\n", PT_RECORD },	/* blank lines first */
		{ "packter\n", PT_UNKNOWN },		/* case matters */
		{ "PACKTERS\n", PT_UNKNOWN },
		{ "PACKTE\n", PT_UNKNOWN },
		{ "", PT_NONE },
		{ "\n\r\n  \n", PT_NONE },
	};
	struct pt_parser ps;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum pt_kind k = pt_parse_begin(&ps, cases[i].text,
		    strlen(cases[i].text));

		CHECK_EQ_U(k, cases[i].kind);
		CHECK_EQ_U(ps.kind, cases[i].kind);
		CHECK(!ps.has_auth);
	}
	CHECK_EQ_U(pt_parse_begin(&ps, NULL, 0), PT_NONE);
	CHECK_EQ_U(pt_parse_begin(&ps, S("\0\0\0")), PT_NONE);
}

TEST(unknown_keyword)
{
	struct pt_parser ps;
	struct pt_record r;
	char err[PT_ERRBUF_SIZE];
	char big[200];

	CHECK_EQ_U(pt_parse_begin(&ps, S("HELLO WORLD\r\n1,2,3\n")),
	    PT_UNKNOWN);
	CHECK_MEM(ps.keyword.p, ps.keyword.len, "HELLO WORLD");
	/* Records are not read out of a datagram of another kind. */
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == -1);
	CHECK(strstr(err, "not a record") != NULL);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 0);

	/* A huge first line: the keyword kept for logs is cut. */
	memset(big, 'A', sizeof(big));
	CHECK_EQ_U(pt_parse_begin(&ps, big, sizeof(big)), PT_UNKNOWN);
	CHECK_EQ_U(ps.keyword.len, 64);
	CHECK(ps.keyword.p == big);
}

TEST(kind_names)
{
	CHECK_STR(pt_kind_name(PT_RECORD), "PACKTER");
	CHECK_STR(pt_kind_name(PT_MSG), "PACKTERMSG");
	CHECK_STR(pt_kind_name(PT_SKYDOME), "PACKTERSKYDOMETEXTURE");
	CHECK_STR(pt_kind_name(PT_EARTH), "PACKTEARTH");
	CHECK_STR(pt_kind_name(PT_UNKNOWN), "unknown");
	CHECK_STR(pt_kind_name(PT_NONE), "empty");
	CHECK_STR(pt_kind_name(PT_KIND_MAX), "invalid");
	CHECK_STR(pt_kind_name((enum pt_kind)-1), "invalid");
}

TEST(record_ipv4)
{
	struct pt_record r;
	char err[PT_ERRBUF_SIZE];
	static const uint8_t a[4] = { 10, 0, 0, 1 }, b[4] = { 127, 0, 0, 1 };

	CHECK(line("10.0.0.1,127.0.0.1,60000,80,1,TCP src:10.0.0.1(60000) "
	    "dst:127.0.0.1(80)", &r, err) == 0);
	CHECK_EQ_U(r.src.family, 4);
	CHECK_EQ_U(r.dst.family, 4);
	CHECK(memcmp(r.src.addr, a, 4) == 0);
	CHECK(memcmp(r.dst.addr, b, 4) == 0);
	CHECK(memcmp(r.src.addr + 4, zero16, 12) == 0);
	CHECK_EQ_U(r.src.port, 60000);
	CHECK_EQ_U(r.dst.port, 80);
	CHECK_EQ_U(r.flag, 1);
	CHECK(r.src.x == 10.0 / 256.0 + 1.0 / 4294967296.0);
	CHECK(r.dst.y == 80.0 / 65536.0);
	CHECK_MEM(r.src.addr_text.p, r.src.addr_text.len, "10.0.0.1");
	CHECK_MEM(r.dst.port_text.p, r.dst.port_text.len, "80");
	CHECK_MEM(r.desc.p, r.desc.len,
	    "TCP src:10.0.0.1(60000) dst:127.0.0.1(80)");
}

TEST(record_commas_and_blanks)
{
	struct pt_record r;
	char err[PT_ERRBUF_SIZE];

	CHECK(line("1.2.3.4,5.6.7.8,1,2,3,Incident: a, b,, c sid:1", &r,
	    err) == 0);
	CHECK_MEM(r.desc.p, r.desc.len, "Incident: a, b,, c sid:1");

	/* Blanks around every field are tolerated. */
	CHECK(line(" 1.2.3.4 ,\t5.6.7.8\t, 1 ,2 , 3 ,  desc  \r", &r,
	    err) == 0);
	CHECK_MEM(r.src.addr_text.p, r.src.addr_text.len, "1.2.3.4");
	CHECK_MEM(r.dst.addr_text.p, r.dst.addr_text.len, "5.6.7.8");
	CHECK_EQ_U(r.src.port, 1);
	CHECK_EQ_U(r.flag, 3);
	CHECK_MEM(r.desc.p, r.desc.len, "desc");

	/* An empty description is allowed. */
	CHECK(line("1.2.3.4,5.6.7.8,1,2,3,", &r, err) == 0);
	CHECK_EQ_U(r.desc.len, 0);

	/* Leading zeros in a dotted quad are decimal. */
	CHECK(line("010.001.0.09,5.6.7.8,1,2,3,x", &r, err) == 0);
	CHECK_EQ_U(r.src.addr[0], 10);
	CHECK_EQ_U(r.src.addr[3], 9);
}

TEST(record_ipv6)
{
	static const struct {
		const char *text;
		uint8_t addr[16];
	} cases[] = {
		{ "::", { 0 } },
		{ "::1", { [15] = 1 } },
		{ "1::", { 0, 1 } },
		{ "2001:db8::1", { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } },
		{ "2001:DB8:0:0:0:0:0:1", { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } },
		{ "fe80::1:2", { 0xfe, 0x80, [13] = 1, [15] = 2 } },
		{ "1:2:3:4:5:6:7:8",
		    { 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8 } },
		{ "1:2:3:4:5:6:7::",
		    { 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0 } },
		{ "::2:3:4:5:6:7:8",
		    { 0, 0, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8 } },
		{ "::ffff:1.2.3.4", { [10] = 0xff, [11] = 0xff, [12] = 1,
		    [13] = 2, [14] = 3, [15] = 4 } },
		{ "::1.2.3.4", { [12] = 1, [13] = 2, [14] = 3, [15] = 4 } },
		{ "64:ff9b::192.0.2.33", { 0, 0x64, 0xff, 0x9b, [12] = 192,
		    [13] = 0, [14] = 2, [15] = 33 } },
		{ "1:2:3:4:5:6:1.2.3.4", { 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6,
		    1, 2, 3, 4 } },
		{ "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
		    { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } },
	};
	static const char *const bad[] = {
		":", ":::", "1:::2", "1::2::3", ":1::", "1:", ":1", "1:2",
		"1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8",
		"12345::", "g::1", "::1.2.3", "::1.2.3.4.5", "::256.1.1.1",
		"1.2.3.4::", "::1.2.3.4:1", "1:2:3:4:5:6:7:1.2.3.4",
		"fe80::1%eth0", "[::1]", ":: 1", "::-1",
	};
	struct pt_record r;
	char err[PT_ERRBUF_SIZE], buf[200];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(buf, sizeof(buf), "%s,%s,1,2,8,v6", cases[i].text,
		    cases[i].text);
		CHECK(line(buf, &r, err) == 0);
		CHECK_EQ_U(r.src.family, 6);
		CHECK(memcmp(r.src.addr, cases[i].addr, 16) == 0);
		CHECK(memcmp(r.dst.addr, cases[i].addr, 16) == 0);
		if (memcmp(r.src.addr, cases[i].addr, 16) != 0)
			printf("    case %s\n", cases[i].text);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(buf, sizeof(buf), "%s,::1,1,2,8,v6", bad[i]);
		CHECK(line(buf, &r, err) == -1);
		CHECK(strncmp(err, "bad source address '", 20) == 0);
		if (strncmp(err, "bad source address '", 20) != 0)
			printf("    case %s: %s\n", bad[i], err);
	}
}

TEST(record_bad_ipv4)
{
	static const char *const bad[] = {
		"1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.", ".1.2.3",
		"1..2.3", "1.2.3.4a", "0001.2.3.4", "1.2.3.-4", "a.b.c.d",
		"1,2", "1 .2.3.4",
	};
	struct pt_record r;
	char err[PT_ERRBUF_SIZE], buf[100];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(buf, sizeof(buf), "9.9.9.9,%s,1,2,3,x", bad[i]);
		CHECK(line(buf, &r, err) == -1);
		/* "1,2" shifts the fields: then the port is what is bad. */
		if (strcmp(bad[i], "1,2") == 0)
			continue;
		CHECK(strncmp(err, "bad destination address '", 25) == 0);
		if (strncmp(err, "bad destination address '", 25) != 0)
			printf("    case %s: %s\n", bad[i], err);
	}
}

TEST(record_fractions)
{
	struct pt_record r;
	char err[PT_ERRBUF_SIZE];

	CHECK(line("0.5,0.25,0.75,1.0,3,frac", &r, err) == 0);
	CHECK_EQ_U(r.src.family, 0);
	CHECK_EQ_U(r.dst.family, 0);
	CHECK(memcmp(r.src.addr, zero16, 16) == 0);
	CHECK(r.src.x == 0.5);
	CHECK(r.dst.x == 0.25);
	CHECK(r.src.y == 0.75);
	CHECK(r.dst.y == 1.0);
	CHECK(r.src.port == -1);
	CHECK(r.dst.port == -1);

	/* Other spellings of fractions. */
	CHECK(line(".5,0,5e-1,0.,3,x", &r, err) == 0);
	CHECK(r.src.x == 0.5);
	CHECK(r.dst.x == 0.0);
	CHECK_EQ_U(r.dst.family, 0);
	CHECK(r.src.y == 0.5);
	CHECK(r.src.port == -1);
	CHECK(r.dst.y == 0.0);
	CHECK(r.dst.port == -1);
	CHECK(line("1e-05,0.999999,0.1,0.3,3,x", &r, err) == 0);
	CHECK(r.src.x == 1e-05);
	CHECK(r.dst.x == 0.999999);
	CHECK(r.src.y == 0.1);
	CHECK(r.dst.y == 0.3);
	CHECK(line("0.123456789012345678901234567890,0.5,1,2,3,x", &r,
	    err) == 0);
	CHECK(fabs(r.src.x - 0.123456789012345678) < 1e-15);

	/* A bare integer port stays a port: "0" and "1" are ports. */
	CHECK(line("0.5,0.5,0,1,3,x", &r, err) == 0);
	CHECK_EQ_U(r.src.port, 0);
	CHECK_EQ_U(r.dst.port, 1);
	CHECK(r.dst.y == 1.0 / 65536.0);

	/* Mixed forms in one record. */
	CHECK(line("0.5,10.0.0.1,80,0.5,3,x", &r, err) == 0);
	CHECK_EQ_U(r.src.family, 0);
	CHECK_EQ_U(r.dst.family, 4);
	CHECK_EQ_U(r.src.port, 80);
	CHECK(r.dst.port == -1);
}

TEST(record_out_of_range)
{
	static const struct {
		const char *text;
		const char *err;
	} cases[] = {
		{ "1.0,0.5,1,2,3,x", "source fraction out of range '1.0'" },
		{ "1,0.5,1,2,3,x", "source fraction out of range '1'" },
		{ "0.5,3232235777,1,2,3,x",
		    "destination fraction out of range '3232235777'" },
		{ "0.5,1e400,1,2,3,x", "bad destination address '1e400'" },
		{ "0.5,0.5,65537,2,3,x", "source port out of range '65537'" },
		{ "0.5,0.5,1,99999999999999999999,3,x",
		    "destination port out of range '99999999999999999999'" },
		{ "0.5,0.5,1.5,2,3,x", "source port out of range '1.5'" },
		{ "0.5,0.5,1,1.0001,3,x",
		    "destination port out of range '1.0001'" },
		{ "0.5,0.5,-1,2,3,x", "bad source port '-1'" },
		{ "0.5,0.5,1,0x10,3,x", "bad destination port '0x10'" },
		{ "0.5,0.5,1,2,65536,x", "flag out of range '65536'" },
		{ "0.5,0.5,1,2,-1,x", "bad flag '-1'" },
		{ "0.5,0.5,1,2,1.5,x", "bad flag '1.5'" },
		{ "0.5,0.5,1,2,9lives,x", "bad flag '9lives'" },
		{ "0.5,0.5,1,2,a b,x", "bad flag 'a b'" },
		{ "0.5,0.5,1,2,a/b,x", "bad flag 'a/b'" },
		{ "0.5,0.5,1,2,../m,x", "bad flag '../m'" },
		{ "0.5,0.5,1,2,m\x01,x", "bad flag 'm?'" },
		{ "0.5,0.5,1,2,"
		    "a2345678901234567890123456789012345678901234567890123456789"
		    "012345,x", "flag too long (65 bytes, at most 64)" },
		{ "0.5,0.5,1,2,,x", "empty flag" },
		{ ",0.5,1,2,3,x", "empty source address" },
		{ "0.5,0.5,1, ,3,x", "empty destination port" },
		{ "-0.5,0.5,1,2,3,x", "bad source address '-0.5'" },
		{ "nan,0.5,1,2,3,x", "bad source address 'nan'" },
		{ "inf,0.5,1,2,3,x", "bad source address 'inf'" },
		{ "0x1p-1,0.5,1,2,3,x", "bad source address '0x1p-1'" },
		{ "0.5e,0.5,1,2,3,x", "bad source address '0.5e'" },
		{ ".,0.5,1,2,3,x", "bad source address '.'" },
		{ "1.2.3.4,5.6.7.8,1,2,3", "missing fields (5 of 6)" },
		{ "1.2.3.4", "missing fields (1 of 6)" },
		{ "   \t ", "empty line" },
	};
	struct pt_record r;
	char err[PT_ERRBUF_SIZE];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK(line(cases[i].text, &r, err) == -1);
		CHECK_STR(err, cases[i].err);
	}
	/* The largest values that are allowed. */
	CHECK(line("0.5,0.5,65535,0,65535,x", &r, err) == 0);
	CHECK_EQ_U(r.src.port, 65535);
	CHECK_EQ_U(r.flag, 65535);
	CHECK_EQ_U(r.flag_name.len, 0);
}

/* What the reference viewer takes and this parser did not, before. */
TEST(record_reference_forms)
{
	struct pt_record r;
	char err[PT_ERRBUF_SIZE];

	/* Port 65536: the top edge, as the reference scales it (1.0). */
	CHECK(line("0.5,0.5,65536,00065536,0,x", &r, err) == 0);
	CHECK_EQ_U(r.src.port, 65536);
	CHECK_EQ_U(r.dst.port, 65536);
	CHECK(r.src.y == 1.0 && r.dst.y == 1.0);
	/* A model name as the flag: the reference viewer's own test line. */
	CHECK(line("0.0.0.0,255.255.255.255,0,65535,misairu,0", &r, err) ==
	    0);
	CHECK_EQ_U(r.flag, PT_FLAG_NAMED);
	CHECK_MEM(r.flag_name.p, r.flag_name.len, "misairu");
	CHECK_MEM(r.desc.p, r.desc.len, "0");
	CHECK_EQ_U(pt_flag_rgb(r.flag), pt_flag_rgb(0));
	CHECK_STR(pt_flag_label(r.flag), "named");
	CHECK(line("1.2.3.4,5.6.7.8,1,2, _my-ship.v2 ,d", &r, err) == 0);
	CHECK_MEM(r.flag_name.p, r.flag_name.len, "_my-ship.v2");
	CHECK(line("1.2.3.4,5.6.7.8,1,2,"
	    "a234567890123456789012345678901234567890123456789012345678901234"
	    ",d", &r, err) == 0);
	CHECK_EQ_U(r.flag_name.len, 64);
	/* A number is never a name. */
	CHECK(line("1.2.3.4,5.6.7.8,1,2,7,d", &r, err) == 0);
	CHECK_EQ_U(r.flag, 7);
	CHECK_EQ_U(r.flag_name.len, 0);
	CHECK(line("0.5,0.5,00065535,0,0000000000000007,x", &r, err) == 0);
	CHECK_EQ_U(r.src.port, 65535);
	CHECK_EQ_U(r.flag, 7);
}

/* A flag of any length used to parse (60,000 zeros and a 1 was flag 1). */
TEST(flag_length)
{
	static char text[60100];
	struct pt_record r;
	char err[PT_ERRBUF_SIZE];
	size_t n;

	/* 64 bytes: the longest field, still a flag. */
	n = (size_t)snprintf(text, sizeof(text), "0.5,0.5,1,2,");
	memset(text + n, '0', 63);
	memcpy(text + n + 63, "7,x", 4);
	CHECK(line(text, &r, err) == 0);
	CHECK_EQ_U(r.flag, 7);
	/* 65 bytes. */
	memset(text + n, '0', 64);
	memcpy(text + n + 64, "7,x", 4);
	CHECK(line(text, &r, err) == -1);
	CHECK_STR(err, "flag too long (65 bytes, at most 64)");
	/* 60,001 bytes. */
	memset(text + n, '0', 60000);
	memcpy(text + n + 60000, "1,x", 4);
	CHECK(line(text, &r, err) == -1);
	CHECK_STR(err, "flag too long (60001 bytes, at most 64)");
}

TEST(positions)
{
	struct pt_record r;
	char err[PT_ERRBUF_SIZE];

	CHECK(line("255.255.255.255,128.0.0.0,65535,0,0,x", &r, err) == 0);
	CHECK(r.src.x < 1.0);
	CHECK(r.src.x > 0.99999999);
	CHECK(r.dst.x == 0.5);
	CHECK(r.src.y < 1.0);
	CHECK(r.src.y == 65535.0 / 65536.0);
	CHECK(r.dst.y == 0.0);

	CHECK(line("0.0.0.0,::,1,2,0,x", &r, err) == 0);
	CHECK(r.src.x == 0.0);
	CHECK(r.dst.x == 0.0);

	CHECK(line("8000::,ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,1,2,0,x",
	    &r, err) == 0);
	CHECK(r.src.x == 0.5);
	CHECK(r.dst.x < 1.0);
	CHECK(r.dst.x > 0.99999999);
	CHECK(r.src.x >= 0.0 && r.dst.x < 1.0);
}

TEST(datagram_batch_with_bad_line)
{
	static const char dg[] =
	    "PACKTER\r\n"
	    "10.0.0.1,10.0.0.2,1000,80,0,first, with comma\r\n"
	    "\r\n"
	    "10.0.0.1,not-an-address,1000,80,0,bad\r\n"
	    "2001:db8::1,::ffff:10.0.0.3,53,5353,8,third\r\n"
	    "0.1,0.2,0.3,0.4,3,fourth";	/* no line end at the very end */
	struct pt_parser ps;
	struct pt_record r;
	char err[PT_ERRBUF_SIZE];

	CHECK_EQ_U(pt_parse_begin(&ps, dg, sizeof(dg) - 1), PT_RECORD);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK_MEM(r.desc.p, r.desc.len, "first, with comma");
	CHECK_EQ_U(ps.line, 2);
	/* The empty line is skipped; the bad one is reported, by number. */
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == -1);
	CHECK_STR(err, "line 4: bad destination address 'not-an-address'");
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK_EQ_U(r.src.family, 6);
	CHECK_EQ_U(r.dst.family, 6);
	CHECK_EQ_U(r.dst.addr[10], 0xff);
	CHECK_EQ_U(r.dst.addr[15], 3);
	CHECK_EQ_U(r.src.port, 53);
	CHECK_EQ_U(r.dst.port, 5353);
	CHECK_EQ_U(r.flag, 8);
	CHECK_MEM(r.desc.p, r.desc.len, "third");
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK_MEM(r.desc.p, r.desc.len, "fourth");
	CHECK(r.src.x == 0.1);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 0);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 0);

	/* The ballistic kind carries records the same way. */
	CHECK_EQ_U(pt_parse_begin(&ps, S("PACKTERBALLISTIC\n"
	    "1.1.1.1,2.2.2.2,1,2,3,arc\n")), PT_BALLISTIC);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK_MEM(r.desc.p, r.desc.len, "arc");
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 0);
}

/* The PACKTERTIME trailer: one capture time per record line. */
TEST(capture_times)
{
	static const char dg[] =
	    "PACKTER\n"
	    "10.0.0.1,10.0.0.2,1000,80,0,a\n"
	    "10.0.0.1,bad,1000,80,0,b\n"
	    "10.0.0.1,10.0.0.2,1000,80,0,c\n"
	    "10.0.0.1,10.0.0.2,1000,80,0,d\n"
	    "PACKTERTIME 1699999999.999990 25 -5 1000000\n";
	struct pt_parser ps;
	struct pt_record r;
	char err[PT_ERRBUF_SIZE], buf[128];
	size_t n;

	CHECK_EQ_U(pt_parse_begin(&ps, dg, sizeof(dg) - 1), PT_RECORD);
	CHECK(ps.has_times);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK(r.ts_us == 1699999999999990LL);
	/* A bad line takes its time with it. */
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == -1);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK_MEM(r.desc.p, r.desc.len, "c");
	CHECK(r.ts_us == 1700000000000010LL);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK(r.ts_us == 1700000001000010LL);
	/* The trailer is no record. */
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 0);

	/* More records than times: the rest have none. */
	CHECK_EQ_U(pt_parse_begin(&ps, S("PACKTER\n1.1.1.1,2.2.2.2,1,2,3,x\n"
	    "1.1.1.1,2.2.2.2,1,2,3,y\nPACKTERTIME 12.5\n")), PT_RECORD);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK(r.ts_us == 12500000);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK(r.ts_us == PT_TIME_NONE);
	/* No trailer: no times, and an old datagram parses as it did. */
	CHECK_EQ_U(pt_parse_begin(&ps, S("PACKTER\n1.1.1.1,2.2.2.2,1,2,3,x\n")),
	    PT_RECORD);
	CHECK(!ps.has_times);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK(r.ts_us == PT_TIME_NONE);
	/* A bad trailer: no times from the bad word on, records intact. */
	CHECK_EQ_U(pt_parse_begin(&ps, S("PACKTER\n1.1.1.1,2.2.2.2,1,2,3,x\n"
	    "1.1.1.1,2.2.2.2,1,2,3,y\nPACKTERTIME 5 x1\n")), PT_RECORD);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK(r.ts_us == 5000000);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK(r.ts_us == PT_TIME_NONE);
	CHECK(ps.times_bad);
	CHECK_EQ_U(pt_parse_begin(&ps, S("PACKTER\n1.1.1.1,2.2.2.2,1,2,3,x\n"
	    "PACKTERTIME 99999999999999999999\n")), PT_RECORD);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK(r.ts_us == PT_TIME_NONE);
	CHECK_EQ_U(pt_parse_begin(&ps, S("PACKTER\n1.1.1.1,2.2.2.2,1,2,3,x\n"
	    "PACKTERTIME 1.1234567\n")), PT_RECORD);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK(r.ts_us == PT_TIME_NONE);
	/* Going below 0 is a lie too. */
	CHECK_EQ_U(pt_parse_begin(&ps, S("PACKTER\n1.1.1.1,2.2.2.2,1,2,3,x\n"
	    "1.1.1.1,2.2.2.2,1,2,3,x\nPACKTERTIME 1 -2000000\n")), PT_RECORD);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK(r.ts_us == PT_TIME_NONE);
	/* Only the last line is the trailer; elsewhere it is a bad line. */
	CHECK_EQ_U(pt_parse_begin(&ps, S("PACKTER\nPACKTERTIME 5\n"
	    "1.1.1.1,2.2.2.2,1,2,3,x\n")), PT_RECORD);
	CHECK(!ps.has_times);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == -1);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);

	/* The encoders write what the parser reads. */
	n = pt_fmt_time_first(buf, 1700000000000001LL);
	buf[n] = '\0';
	CHECK_STR(buf, "PACKTERTIME 1700000000.000001");
	n = pt_fmt_time_delta(buf, -42);
	buf[n] = '\0';
	CHECK_STR(buf, " -42");
	n = pt_fmt_time_delta(buf, 0);
	buf[n] = '\0';
	CHECK_STR(buf, " 0");
	n = pt_fmt_time_first(buf, 5000000000000000LL);
	buf[n] = '\0';
	CHECK_STR(buf, "PACKTERTIME 5000000000.000000");
}

/* The PACKTERGEO line before PACKTERTIME: one place word a record line. */
TEST(geo_places)
{
	static const char dg[] =
	    "PACKTER\n"
	    "192.0.2.1,198.51.100.2,1000,80,0,a\n"
	    "192.0.2.1,bad,1000,80,0,b\n"
	    "192.0.2.1,198.51.100.2,1000,80,0,c\n"
	    "192.0.2.1,198.51.100.2,1000,80,0,d\n"
	    "192.0.2.1,198.51.100.2,1000,80,0,e\n"
	    "PACKTERGEO 35.6895,139.6917/48.8566,2.3522 -/- -/-33.8688,151.2093"
	    " 91,0/0,0\n"
	    "PACKTERTIME 5 1 1 1 1\n";
	struct pt_parser ps;
	struct pt_record r;
	struct pt_place a, b;
	char err[PT_ERRBUF_SIZE], buf[64];
	size_t n;

	CHECK_EQ_U(pt_parse_begin(&ps, dg, sizeof(dg) - 1), PT_RECORD);
	CHECK(ps.has_times && ps.has_geo);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK_EQ_U(r.geo.state, PT_GEO_OK);
	CHECK(r.geo.src.known && r.geo.dst.known);
	CHECK(r.geo.src.lat_e4 == 356895 && r.geo.src.lon_e4 == 1396917);
	CHECK(r.geo.dst.lat_e4 == 488566 && r.geo.dst.lon_e4 == 23522);
	CHECK(r.ts_us == 5000000);
	/* A bad line takes its word with it. */
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == -1);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK_MEM(r.desc.p, r.desc.len, "c");
	CHECK(r.geo.state == PT_GEO_OK && !r.geo.src.known &&
	    r.geo.dst.known && r.geo.dst.lat_e4 == -338688);
	/* Off the Earth: that word is bad, both unknown, the next is read. */
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK(r.geo.state == PT_GEO_BAD && !r.geo.src.known &&
	    !r.geo.dst.known);
	/* More records than words: no word. */
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK_MEM(r.desc.p, r.desc.len, "e");
	CHECK_EQ_U(r.geo.state, PT_GEO_NONE);
	CHECK(r.ts_us == 5000004);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 0);

	/* Without times it is the last line; without it no record has one. */
	CHECK_EQ_U(pt_parse_begin(&ps, S("PACKTER\n1.1.1.1,2.2.2.2,1,2,3,x\n"
	    "PACKTERGEO -1.5,-2.25/-\n")), PT_RECORD);
	CHECK(!ps.has_times && ps.has_geo);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK(r.geo.src.lat_e4 == -15000 && r.geo.src.lon_e4 == -22500);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 0);
	CHECK_EQ_U(pt_parse_begin(&ps, S("PACKTER\n1.1.1.1,2.2.2.2,1,2,3,x\n"
	    "PACKTERTIME 5\n")), PT_RECORD);
	CHECK(!ps.has_geo);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK_EQ_U(r.geo.state, PT_GEO_NONE);
	/* After the time line it is no trailer: a bad record line. */
	CHECK_EQ_U(pt_parse_begin(&ps, S("PACKTER\n1.1.1.1,2.2.2.2,1,2,3,x\n"
	    "PACKTERTIME 5\nPACKTERGEO -/-\n")), PT_RECORD);
	CHECK(ps.has_geo && !ps.has_times);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == -1);

	/* Words: forms taken, forms refused, six decimals rounded to four. */
	CHECK(pt_parse_geo_word(S("90,180/-90,-180"), &a, &b));
	CHECK(a.lat_e4 == 900000 && b.lon_e4 == -1800000);
	CHECK(pt_parse_geo_word(S("+1.000049,2.99995/-"), &a, &b));
	CHECK(a.lat_e4 == 10000 && a.lon_e4 == 30000 && !b.known);
	CHECK(!pt_parse_geo_word(S("90.00005,0/-"), &a, &b));
	CHECK(!a.known && !b.known);
	CHECK(!pt_parse_geo_word(S("0,180.1/-"), &a, &b));
	CHECK(!pt_parse_geo_word(S("1.1234567,0/-"), &a, &b));
	CHECK(!pt_parse_geo_word(S("1,2"), &a, &b));
	CHECK(!pt_parse_geo_word(S("1,2/3"), &a, &b));
	CHECK(!pt_parse_geo_word(S("1./-"), &a, &b));
	CHECK(!pt_parse_geo_word(S(".5,1/-"), &a, &b));
	CHECK(!pt_parse_geo_word(S("1,2,3/-"), &a, &b));
	CHECK(!pt_parse_geo_word(S("1e1,2/-"), &a, &b));
	CHECK(!pt_parse_geo_word(S("1000,2/-"), &a, &b));
	CHECK(!pt_parse_geo_word(S("/"), &a, &b));
	CHECK(!pt_parse_geo_word(S("-/-/-"), &a, &b));
	/* The encoder writes the shortest form, which parses back. */
	a.known = b.known = true;
	a.lat_e4 = -338688;
	a.lon_e4 = 1512093;
	b.lat_e4 = 500;
	b.lon_e4 = -1800000;
	n = pt_fmt_geo_word(buf, &a, &b);
	buf[n] = '\0';
	CHECK_STR(buf, "-33.8688,151.2093/0.05,-180");
	b.known = false;
	n = pt_fmt_geo_word(buf, &a, &b);
	buf[n] = '\0';
	CHECK_STR(buf, "-33.8688,151.2093/-");
	a.lat_e4 = -900000;
	a.lon_e4 = -1799999;
	b.known = true;
	b.lat_e4 = -1;
	b.lon_e4 = -1800000;
	n = pt_fmt_geo_word(buf, &a, &b);
	CHECK(n <= PT_GEO_WORD_MAX);
	CHECK(pt_parse_geo_word(buf, n, &a, &b));
	CHECK(a.lat_e4 == -900000 && a.lon_e4 == -1799999 &&
	    b.lat_e4 == -1 && b.lon_e4 == -1800000);
	buf[n] = '\0';
	CHECK_STR(buf, "-90,-179.9999/-0.0001,-180");
}

TEST(truncated)
{
	struct pt_record out[4];
	char err[PT_ERRBUF_SIZE];
	int bad, n;
	/* Cut at every length: never a crash, never a read past len. */
	static const char dg[] = "PACKTER\n1.2.3.4,5.6.7.8,10,20,1,desc\n";
	size_t len;
	char *copy;

	for (len = 0; len <= sizeof(dg) - 1; len++) {
		/* An exact-size heap copy, so ASan sees any overread. */
		copy = malloc(len > 0 ? len : 1);
		memcpy(copy, dg, len);
		n = parse_all(copy, len, out, 4, &bad, err);
		free(copy);
		if (len >= sizeof(dg) - 1 - 1) {
			CHECK_EQ_U(n, 1);
			CHECK_EQ_U(bad, 0);
		} else if (len >= sizeof(dg) - 1 - 5) {
			/* "...,1," and on: the description is shorter */
			CHECK_EQ_U(n, 1);
		} else
			CHECK_EQ_U(n, 0);
	}
	/* Cut inside the flag: "1.2.3.4,5.6.7.8,10,20" has four fields. */
	n = parse_all(S("PACKTER\n1.2.3.4,5.6.7.8,10,20"), out, 4, &bad, err);
	CHECK_EQ_U(n, 0);
	CHECK_EQ_U(bad, 1);
	CHECK_STR(err, "line 2: missing fields (4 of 6)");
}

TEST(nul_bytes)
{
	/* A NUL inside a line spoils that line only; trailing NULs are padding. */
	static const char dg[] =
	    "PACKTER\n"
	    "1.1.1.1,2.2.2.2,1,2,3,a\n"
	    "1.1.1.1,2.2\0.2.2,1,2,3,b\n"
	    "1.1.1.1,2.2.2.2,1,2,3,c\0d\n"
	    "1.1.1.1,2.2.2.2,1,2,3,e\n"
	    "\0\0\0\0";
	struct pt_record out[4];
	char err[PT_ERRBUF_SIZE];
	int bad, n;

	n = parse_all(dg, sizeof(dg) - 1, out, 4, &bad, err);
	CHECK_EQ_U(n, 2);
	CHECK_EQ_U(bad, 2);
	CHECK_STR(err, "line 4: NUL byte in record");
	CHECK_MEM(out[0].desc.p, out[0].desc.len, "a");
	CHECK_MEM(out[1].desc.p, out[1].desc.len, "e");

	/* A record sent with its terminating NUL, as C senders do. */
	n = parse_all(S("PACKTER\n1.1.1.1,2.2.2.2,1,2,3,z\0"), out, 4, &bad,
	    err);
	CHECK_EQ_U(n, 1);
	CHECK_EQ_U(bad, 0);
	CHECK_MEM(out[0].desc.p, out[0].desc.len, "z");

	/* A NUL in the keyword line. */
	{
		struct pt_parser ps;

		CHECK_EQ_U(pt_parse_begin(&ps, S("PACK\0TER\n")), PT_UNKNOWN);
	}
}

TEST(long_lines)
{
	size_t len = 70000, hdr = 8, i;
	char *dg = malloc(len);
	struct pt_record out[2];
	char err[PT_ERRBUF_SIZE];
	int bad, n;
	const char *rec = "1.1.1.1,2.2.2.2,1,2,3,";

	/* A description far longer than PT_MAX_DESC is cut, not rejected. */
	memcpy(dg, "PACKTER\n", hdr);
	memcpy(dg + hdr, rec, strlen(rec));
	memset(dg + hdr + strlen(rec), 'x', len - hdr - strlen(rec));
	n = parse_all(dg, len, out, 2, &bad, err);
	CHECK_EQ_U(n, 1);
	CHECK_EQ_U(out[0].desc.len, PT_MAX_DESC);
	CHECK(out[0].desc.p == dg + hdr + strlen(rec));

	/* The cut backs off to a UTF-8 boundary: "é" is two bytes. */
	for (i = hdr + strlen(rec); i + 1 < len; i += 2)
		memcpy(dg + i, "\xc3\xa9", 2);
	n = parse_all(dg, len, out, 2, &bad, err);
	CHECK_EQ_U(n, 1);
	CHECK(out[0].desc.len == PT_MAX_DESC ||
	    out[0].desc.len == PT_MAX_DESC - 1);
	CHECK(((unsigned char)out[0].desc.p[out[0].desc.len - 1] & 0xc0) ==
	    0x80);

	/* A huge address field is rejected with a short quote. */
	memset(dg + hdr, '1', len - hdr);
	n = parse_all(dg, len, out, 2, &bad, err);
	CHECK_EQ_U(n, 0);
	CHECK_EQ_U(bad, 1);
	CHECK_STR(err, "line 2: missing fields (1 of 6)");
	memset(dg + hdr, '1', 100);
	memcpy(dg + hdr + 100, ",2.2.2.2,1,2,3,x\n", 17);
	n = parse_all(dg, hdr + 117, out, 2, &bad, err);
	CHECK_EQ_U(bad, 1);
	CHECK(strncmp(err, "line 2: bad source address '1111", 32) == 0);
	CHECK(strlen(err) < 80);
	free(dg);
}

TEST(invalid_utf8_and_control_bytes)
{
	struct pt_record r;
	char err[PT_ERRBUF_SIZE];

	/* Descriptions are bytes: invalid UTF-8 is passed on, not judged. */
	CHECK(line("1.1.1.1,2.2.2.2,1,2,3,\xff\xfe\x80 bad", &r, err) == 0);
	CHECK_EQ_U(r.desc.len, 7);
	/* Quotes in errors carry no control bytes. */
	CHECK(line("\x1b[31m\xff,2.2.2.2,1,2,3,x", &r, err) == -1);
	CHECK_STR(err, "bad source address '?[31m?'");
}

TEST(errbuf_edge_cases)
{
	struct pt_record r;
	char small[10];

	/* A NULL or tiny error buffer is fine. */
	CHECK(pt_parse_record_line(S("x"), &r, NULL, 0) == -1);
	CHECK(pt_parse_record_line(S("x"), &r, small, sizeof(small)) == -1);
	CHECK_EQ_U(strlen(small), sizeof(small) - 1);
	CHECK(pt_parse_record_line(NULL, 0, &r, small, sizeof(small)) == -1);
	/* pt_parse_record_line stops at a newline. */
	CHECK(pt_parse_record_line(S("1.1.1.1,2.2.2.2,1,2,3,x\r\ngarbage"), &r,
	    NULL, 0) == 0);
	CHECK_MEM(r.desc.p, r.desc.len, "x");
}

TEST(auth_line)
{
	static const char dg[] =
	    "PACKTERAGENT agent-7,1700000000,"
	    "000102030405060708090a0b0c0d0e0f"
	    "F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF\n"
	    "PACKTER\n"
	    "1.1.1.1,2.2.2.2,1,2,3,x\n";
	struct pt_parser ps;
	struct pt_record r;
	char err[PT_ERRBUF_SIZE];

	CHECK_EQ_U(pt_parse_begin(&ps, dg, sizeof(dg) - 1), PT_RECORD);
	CHECK(ps.has_auth);
	CHECK_MEM(ps.auth.id.p, ps.auth.id.len, "agent-7");
	CHECK_EQ_U(ps.auth.time, 1700000000);
	CHECK_EQ_U(ps.auth.mac[0], 0x00);
	CHECK_EQ_U(ps.auth.mac[15], 0x0f);
	CHECK_EQ_U(ps.auth.mac[16], 0xf0);
	CHECK_EQ_U(ps.auth.mac[31], 0xff);
	/* What is signed after "<id>,<time>\n": the rest of the datagram. */
	CHECK_MEM(ps.auth.signed_part.p, ps.auth.signed_part.len,
	    "PACKTER\n1.1.1.1,2.2.2.2,1,2,3,x\n");
	CHECK_EQ_U(ps.line, 2);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 1);
	CHECK_EQ_U(ps.line, 3);
	CHECK(pt_next_record(&ps, &r, err, sizeof(err)) == 0);

	/* With CRLF and blanks. */
	CHECK_EQ_U(pt_parse_begin(&ps, S("PACKTERAGENT a , 0 , "
	    "0000000000000000000000000000000000000000000000000000000000000000"
	    " \r\nPACKTERVOICE\r\nhi\r\n")), PT_VOICE);
	CHECK(ps.has_auth);
	CHECK_MEM(ps.auth.id.p, ps.auth.id.len, "a");
	CHECK_EQ_U(ps.auth.time, 0);
	CHECK_MEM(ps.auth.signed_part.p, ps.auth.signed_part.len,
	    "PACKTERVOICE\r\nhi\r\n");
	CHECK(!ps.auth.has_seq);
}

/* 64 hex digits, a MAC as the parser sees it. */
#define MAC0	"00000000000000000000000000000000" \
		"00000000000000000000000000000000"

/* The sequenced form: ",<boot>,<seq>" after the MAC. */
TEST(auth_line_seq)
{
	struct pt_parser ps;

	CHECK_EQ_U(pt_parse_begin(&ps, S("PACKTERAGENT agent-7,1700000000,"
	    MAC0 ",0123456789abcdef,42\nPACKTER\n1.1.1.1,2.2.2.2,1,2,3,x\n")),
	    PT_RECORD);
	CHECK(ps.has_auth);
	CHECK(ps.auth.has_seq);
	CHECK_MEM(ps.auth.id.p, ps.auth.id.len, "agent-7");
	CHECK_EQ_U(ps.auth.time, 1700000000);
	CHECK(ps.auth.boot == 0x0123456789abcdefULL);
	CHECK_EQ_U(ps.auth.seq, 42);
	CHECK_MEM(ps.auth.signed_part.p, ps.auth.signed_part.len,
	    "PACKTER\n1.1.1.1,2.2.2.2,1,2,3,x\n");
	/* The largest values, with blanks and CRLF. */
	CHECK_EQ_U(pt_parse_begin(&ps, S("PACKTERAGENT a , 9223372036854775807 "
	    ", " MAC0 " , ffffffffffffffff , 18446744073709551615 \r\n"
	    "PACKTERSE\nx.wav\n")), PT_SE);
	CHECK(ps.auth.has_seq);
	CHECK(ps.auth.boot == UINT64_MAX);
	CHECK(ps.auth.seq == UINT64_MAX);
	CHECK_EQ_U(ps.auth.time, INT64_MAX);
	CHECK_EQ_U(pt_parse_begin(&ps, S("PACKTERAGENT a,0," MAC0
	    ",0000000000000000,0\nPACKTER\n")), PT_RECORD);
	CHECK(ps.auth.has_seq && ps.auth.boot == 0 && ps.auth.seq == 0);
}

TEST(auth_line_bad)
{
	static const char *const bad[] = {
		"PACKTERAGENT\nPACKTER\n",
		"PACKTERAGENT a,1\nPACKTER\n",
		"PACKTERAGENT a,1,00\nPACKTER\n",
		"PACKTERAGENT ,1,"
		"0000000000000000000000000000000000000000000000000000000000000000"
		"\nPACKTER\n",
		"PACKTERAGENT a b,1,"
		"0000000000000000000000000000000000000000000000000000000000000000"
		"\nPACKTER\n",
		"PACKTERAGENT a,01,"
		"0000000000000000000000000000000000000000000000000000000000000000"
		"\nPACKTER\n",
		"PACKTERAGENT a,-1,"
		"0000000000000000000000000000000000000000000000000000000000000000"
		"\nPACKTER\n",
		"PACKTERAGENT a,1,"
		"000000000000000000000000000000000000000000000000000000000000000g"
		"\nPACKTER\n",
		"PACKTERAGENT a,1,"
		"00000000000000000000000000000000000000000000000000000000000000000"
		"\nPACKTER\n",
		/* A time of 2^64 + 4 once wrapped to 4. */
		"PACKTERAGENT a,18446744073709551620," MAC0 "\nPACKTER\n",
		"PACKTERAGENT a,9223372036854775808," MAC0 "\nPACKTER\n",
		/* The sequenced form: a boot and a seq, canonical, no more. */
		"PACKTERAGENT a,1," MAC0 ",0123456789abcdef\nPACKTER\n",
		"PACKTERAGENT a,1," MAC0 ",0123456789abcdef,\nPACKTER\n",
		"PACKTERAGENT a,1," MAC0 ",,1\nPACKTER\n",
		"PACKTERAGENT a,1," MAC0 ",0123456789ABCDEF,1\nPACKTER\n",
		"PACKTERAGENT a,1," MAC0 ",0123456789abcde,1\nPACKTER\n",
		"PACKTERAGENT a,1," MAC0 ",0123456789abcdef0,1\nPACKTER\n",
		"PACKTERAGENT a,1," MAC0 ",0123456789abcdeg,1\nPACKTER\n",
		"PACKTERAGENT a,1," MAC0 ",0123456789abcdef,01\nPACKTER\n",
		"PACKTERAGENT a,1," MAC0 ",0123456789abcdef,-1\nPACKTER\n",
		"PACKTERAGENT a,1," MAC0 ",0123456789abcdef,1 2\nPACKTER\n",
		"PACKTERAGENT a,1," MAC0 ",0123456789abcdef,"
		"18446744073709551616\nPACKTER\n",
		"PACKTERAGENT a,1," MAC0 ",0123456789abcdef,1,2\nPACKTER\n",
		"PACKTERAGENT a,1,00,0123456789abcdef,1\nPACKTER\n",
	};
	struct pt_parser ps;
	size_t i;

	/* A malformed auth line makes the datagram unknown, never unsigned. */
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ_U(pt_parse_begin(&ps, bad[i], strlen(bad[i])),
		    PT_UNKNOWN);
		CHECK(!ps.has_auth);
		CHECK_MEM(ps.keyword.p, ps.keyword.len, "PACKTERAGENT");
	}
	/* Only the auth line: signed, but empty. */
	CHECK_EQ_U(pt_parse_begin(&ps, S("PACKTERAGENT a,1,"
	    MAC0 ""
	    "\n")), PT_NONE);
	CHECK(ps.has_auth);
	/* PACKTERAGENTX is just an unknown keyword. */
	CHECK_EQ_U(pt_parse_begin(&ps, S("PACKTERAGENTX a\n")), PT_UNKNOWN);
	CHECK_MEM(ps.keyword.p, ps.keyword.len, "PACKTERAGENTX a");
}

/* Parse a control datagram; returns pt_parse_control()'s result. */
static int
control(const char *buf, size_t len, struct pt_control *c,
    char err[PT_ERRBUF_SIZE])
{
	struct pt_parser ps;

	err[0] = '\0';
	pt_parse_begin(&ps, buf, len);
	return pt_parse_control(&ps, c, err, PT_ERRBUF_SIZE);
}

TEST(control_msg)
{
	struct pt_control c;
	char err[PT_ERRBUF_SIZE];

	CHECK(control(S("PACKTERMSG\r\nalert.png,<b>Trace</b>, done\n"
	    "AS 1\nAS 2\r\n"), &c, err) == 0);
	CHECK_EQ_U(c.kind, PT_MSG);
	CHECK_MEM(c.file.p, c.file.len, "alert.png");
	CHECK_MEM(c.text.p, c.text.len, "<b>Trace</b>, done\nAS 1\nAS 2");
	/* The paper's spelling, no picture, no newline at the end. */
	CHECK(control(S("PACKTERMESG\n,hello"), &c, err) == 0);
	CHECK_EQ_U(c.kind, PT_MSG);
	CHECK_EQ_U(c.file.len, 0);
	CHECK_MEM(c.text.p, c.text.len, "hello");
	CHECK(control(S("PACKTERMSG\nno comma here\n"), &c, err) == -1);
	CHECK_STR(err, "PACKTERMSG: missing fields (expected PICTURE,HTML)");
	CHECK(control(S("PACKTERMSG\npic\nture,text\n"), &c, err) == -1);
	CHECK_STR(err, "PACKTERMSG: bad file name 'pic?ture'");
	CHECK(control(S("PACKTERMSG\np,te\0xt\n"), &c, err) == -1);
	CHECK_STR(err, "PACKTERMSG: NUL byte in text");
}

TEST(control_sound)
{
	static const struct {
		const char *text;
		int64_t ms;
	} ok[] = {
		{ "PACKTERSOUND\n1500,alarm.wav\n", 1500 },
		{ "PACKTERSOUND\n1500ms,alarm.wav\n", 1500 },
		{ "PACKTERSOUND\n 3s , alarm.wav \r\n", 3000 },
		{ "PACKTERSOUND\n-2S,alarm.wav", -2000 },
		{ "PACKTERSOUND\n-700,alarm.wav", -700 },
		{ "PACKTERSOUND\n2147483647,alarm.wav", 2147483647 },
		{ "PACKTERSOUND\n2147483s,alarm.wav", 2147483000 },
		{ "PACKTERSOUND\n-2147483647ms,alarm.wav", -2147483647 },
	};
	static const char *const bad[] = {
		"PACKTERSOUND\nalarm.wav\n",
		"PACKTERSOUND\n,alarm.wav\n",
		"PACKTERSOUND\nabc,alarm.wav\n",
		"PACKTERSOUND\n1.5s,alarm.wav\n",
		"PACKTERSOUND\n2147483648,alarm.wav\n",
		"PACKTERSOUND\n2147484s,alarm.wav\n",
		"PACKTERSOUND\n99999999999999999999999,alarm.wav\n",
		"PACKTERSOUND\n--1,alarm.wav\n",
		"PACKTERSOUND\n10m,alarm.wav\n",
		"PACKTERSOUND\n100,\n",
		"PACKTERSOUND\n100,a\nb\n",
	};
	struct pt_control c;
	char err[PT_ERRBUF_SIZE];
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		CHECK(control(ok[i].text, strlen(ok[i].text), &c, err) == 0);
		CHECK_EQ_U(c.kind, PT_SOUND);
		CHECK(c.duration_ms == ok[i].ms);
		CHECK_MEM(c.file.p, c.file.len, "alarm.wav");
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(control(bad[i], strlen(bad[i]), &c, err) == -1);
		CHECK(strncmp(err, "PACKTERSOUND: ", 14) == 0);
	}
	CHECK(control(S("PACKTERSOUND\nabc,x\n"), &c, err) == -1);
	CHECK_STR(err, "PACKTERSOUND: bad duration 'abc'");
	/* Stop needs no file. */
	CHECK(control(S("PACKTERSOUND\n0,\n"), &c, err) == 0);
	CHECK(c.duration_ms == 0);
	CHECK_EQ_U(c.file.len, 0);
	/* Nor anything at all: the reference viewer's stop. */
	CHECK(control(S("PACKTERSOUND\n"), &c, err) == 0);
	CHECK(c.duration_ms == 0);
	CHECK_EQ_U(c.file.len, 0);
	CHECK(control(S("PACKTERSOUND\n \r\n"), &c, err) == 0);
	CHECK(c.duration_ms == 0);
	CHECK(control(S("PACKTERSOUND"), &c, err) == 0);
	CHECK(c.duration_ms == 0);
	/* The file is the last field: a comma in it is tolerated. */
	CHECK(control(S("PACKTERSOUND\n5,a,b.wav\n"), &c, err) == 0);
	CHECK_MEM(c.file.p, c.file.len, "a,b.wav");
}

TEST(control_files_and_text)
{
	struct pt_control c;
	char err[PT_ERRBUF_SIZE];

	CHECK(control(S("PACKTERSE\n  ../../etc/passwd \n\n"), &c, err) == 0);
	CHECK_EQ_U(c.kind, PT_SE);
	/* Not judged here: the viewer confines names to its media. */
	CHECK_MEM(c.file.p, c.file.len, "../../etc/passwd");
	CHECK(control(S("PACKTERSE\n\n"), &c, err) == -1);
	CHECK_STR(err, "PACKTERSE: missing file name");
	CHECK(control(S("PACKTERSE"), &c, err) == -1);
	CHECK(control(S("PACKTERSE\na\0b"), &c, err) == -1);
	CHECK_STR(err, "PACKTERSE: bad file name 'a?b'");
	CHECK(control(S("PACKTERSE\nfile\nmore\n"), &c, err) == -1);
	/* A trailing NUL is padding, not part of the name. */
	CHECK(control(S("PACKTERSE\nbeep.wav\0"), &c, err) == 0);
	CHECK_MEM(c.file.p, c.file.len, "beep.wav");

	CHECK(control(S("PACKTERSKYDOMETEXTURE\r\nsky, night.png\r\n"), &c,
	    err) == 0);
	CHECK_EQ_U(c.kind, PT_SKYDOME);
	CHECK_MEM(c.file.p, c.file.len, "sky, night.png");
	/* An empty sky-dome name parses; the viewer ignores it. */
	CHECK(control(S("PACKTERSKYDOMETEXTURE\n"), &c, err) == 0);
	CHECK_EQ_U(c.file.len, 0);
	CHECK(control(S("PACKTERSKYDOMETEXTURE\n\n"), &c, err) == 0);
	CHECK_EQ_U(c.file.len, 0);
	/* An empty PACKTERSOUND stops the music, as 0 does. */
	CHECK(control(S("PACKTERSOUND\n"), &c, err) == 0);
	CHECK_EQ_U(c.kind, PT_SOUND);
	CHECK(c.duration_ms == 0 && c.file.len == 0);
	CHECK(control(S("PACKTERSOUND\n \r\n"), &c, err) == 0);
	CHECK(c.duration_ms == 0 && c.file.len == 0);
	CHECK(control(S("PACKTERSOUND"), &c, err) == 0);
	CHECK(c.duration_ms == 0 && c.file.len == 0);

	CHECK(control(S("PACKTERHTML\n<p>a,\nb</p>\n\n"), &c, err) == 0);
	CHECK_EQ_U(c.kind, PT_HTML);
	CHECK_MEM(c.text.p, c.text.len, "<p>a,\nb</p>\n");
	CHECK(control(S("PACKTERVOICE\nTrace back, done.\r\n"), &c, err) == 0);
	CHECK_EQ_U(c.kind, PT_VOICE);
	CHECK_MEM(c.text.p, c.text.len, "Trace back, done.");
	CHECK(control(S("PACKTERVOICE\n"), &c, err) == 0);
	CHECK_EQ_U(c.text.len, 0);

	/* Not control messages. */
	CHECK(control(S("PACKTER\n1.1.1.1,2.2.2.2,1,2,3,x\n"), &c, err) == -1);
	CHECK_STR(err, "not a control message (PACKTER)");
	CHECK(control(S("WHAT\nx\n"), &c, err) == -1);
	CHECK(control(S(""), &c, err) == -1);
}

/* encode, parse, compare */
static int
round_trip(const struct pt_control *in)
{
	char buf[512], err[PT_ERRBUF_SIZE];
	struct pt_control out;
	struct pt_parser ps;
	size_t n;

	n = pt_encode_control(buf, sizeof(buf), in);
	if (n == 0)
		return 0;
	if (pt_parse_begin(&ps, buf, n) != in->kind)
		return -1;
	if (pt_parse_control(&ps, &out, err, sizeof(err)) != 0) {
		printf("    %s\n", err);
		return -1;
	}
	if (out.kind != in->kind || out.duration_ms != in->duration_ms ||
	    out.file.len != in->file.len || out.text.len != in->text.len ||
	    (in->file.len > 0 &&
	    memcmp(out.file.p, in->file.p, in->file.len) != 0) ||
	    (in->text.len > 0 &&
	    memcmp(out.text.p, in->text.p, in->text.len) != 0))
		return -1;
	return 1;
}

#define STR(lit)	((struct pt_str){ (lit), sizeof(lit) - 1 })
#define NOSTR		((struct pt_str){ NULL, 0 })
/* A control message of the plain voice form. */
#define CTL(k, f, t, d)	{ (k), f, t, (d), PT_VOICE_TEXT }

TEST(control_round_trip)
{
	static const struct pt_control ok[] = {
		CTL(PT_MSG, STR("warn.png"), STR("<b>a, b</b>\nline 2"), 0),
		CTL(PT_MSG, NOSTR, STR("only text"), 0),
		CTL(PT_MSG, STR("p.png"), NOSTR, 0),
		CTL(PT_MSG, STR("p.png"), STR("ends in newline\n"), 0),
		CTL(PT_MSG, STR("p.png"), STR("crlf\r\ninside"), 0),
		CTL(PT_HTML, NOSTR, STR("<html>\n<body>x, y</body>\n</html>"), 0),
		CTL(PT_HTML, NOSTR, NOSTR, 0),
		CTL(PT_SOUND, STR("alarm.wav"), NOSTR, 1500),
		CTL(PT_SOUND, STR("alarm.wav"), NOSTR, -30000),
		CTL(PT_SOUND, NOSTR, NOSTR, 0),
		CTL(PT_SOUND, STR("a.wav"), NOSTR, 2147483647),
		CTL(PT_SOUND, STR("a.wav"), NOSTR, -2147483647),
		CTL(PT_SE, STR("se/beep 1.wav"), NOSTR, 0),
		CTL(PT_SE, STR("a,b.wav"), NOSTR, 0),
		CTL(PT_VOICE, NOSTR, STR("Trace back succeeded, 3 AS."), 0),
		CTL(PT_VOICE, NOSTR, STR("two\nlines"), 0),
		CTL(PT_SKYDOME, STR("sky/night.png"), NOSTR, 0),
		CTL(PT_SKYDOME, NOSTR, NOSTR, 0),
	};
	static const struct pt_control unfit[] = {
		CTL(PT_MSG, STR("a,b.png"), STR("x"), 0),
		CTL(PT_MSG, STR("a\nb.png"), STR("x"), 0),
		CTL(PT_MSG, STR(" lead.png"), STR("x"), 0),
		CTL(PT_MSG, STR("p.png"), STR("nul\0inside"), 0),
		CTL(PT_MSG, STR("p.png"), STR("ends in cr\r"), 0),
		CTL(PT_SOUND, STR("a,b.wav"), NOSTR, 10),
		CTL(PT_SOUND, NOSTR, NOSTR, 10),
		CTL(PT_SOUND, STR("a.wav"), NOSTR, 2147483648LL),
		CTL(PT_SOUND, STR("a.wav"), NOSTR, INT64_MIN),
		CTL(PT_SE, NOSTR, NOSTR, 0),
		CTL(PT_SE, STR("a\r"), NOSTR, 0),
		CTL(PT_SE, STR("a\0b"), NOSTR, 0),
		CTL(PT_SE, STR("trailing "), NOSTR, 0),
		CTL(PT_SKYDOME, STR("a\nb"), NOSTR, 0),
		CTL(PT_VOICE, NOSTR, STR("a\0"), 0),
		CTL(PT_RECORD, NOSTR, NOSTR, 0),
		CTL(PT_BALLISTIC, NOSTR, NOSTR, 0),
		CTL(PT_UNKNOWN, NOSTR, NOSTR, 0),
		CTL(PT_KIND_MAX, NOSTR, NOSTR, 0),
	};
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		int rc = round_trip(&ok[i]);

		CHECK(rc == 1);
		if (rc != 1)
			printf("    ok case %zu: %d\n", i, rc);
	}
	for (i = 0; i < sizeof(unfit) / sizeof(unfit[0]); i++) {
		char buf[64];

		CHECK_EQ_U(pt_encode_control(buf, sizeof(buf), &unfit[i]), 0);
	}
}

TEST(control_encode_form)
{
	struct pt_control c = CTL(PT_SOUND, STR("a.wav"), NOSTR, -1500);
	char buf[64];
	size_t n, need;

	/* No line end after the payload, as the reference senders write. */
	n = pt_encode_control(buf, sizeof(buf), &c);
	CHECK_MEM(buf, n, "PACKTERSOUND\n-1500,a.wav");
	/* Exactly enough room works; one byte less writes nothing. */
	need = n;
	memset(buf, '#', sizeof(buf));
	CHECK_EQ_U(pt_encode_control(buf, need, &c), need);
	memset(buf, '#', sizeof(buf));
	CHECK_EQ_U(pt_encode_control(buf, need - 1, &c), 0);
	CHECK_EQ_U(buf[0], '#');
	CHECK_EQ_U(pt_encode_control(NULL, 0, &c), 0);
	CHECK_EQ_U(pt_encode_control(buf, sizeof(buf), NULL), 0);

	c = (struct pt_control)CTL(PT_MSG, STR("p.png"), STR("hi"), 0);
	n = pt_encode_control(buf, sizeof(buf), &c);
	CHECK_MEM(buf, n, "PACKTERMSG\np.png,hi");
	c = (struct pt_control)CTL(PT_SKYDOME, STR("s.png"), NOSTR, 0);
	n = pt_encode_control(buf, sizeof(buf), &c);
	CHECK_MEM(buf, n, "PACKTERSKYDOMETEXTURE\ns.png");
	c = (struct pt_control)CTL(PT_SE, STR("beep.wav"), NOSTR, 0);
	n = pt_encode_control(buf, sizeof(buf), &c);
	CHECK_MEM(buf, n, "PACKTERSE\nbeep.wav");
	c = (struct pt_control)CTL(PT_SOUND, NOSTR, NOSTR, 0);
	n = pt_encode_control(buf, sizeof(buf), &c);
	CHECK_MEM(buf, n, "PACKTERSOUND\n0,");
	/* A text that ends in a line end keeps it: one more goes after. */
	c = (struct pt_control)CTL(PT_HTML, NOSTR, STR("<p>x</p>\n"), 0);
	n = pt_encode_control(buf, sizeof(buf), &c);
	CHECK_MEM(buf, n, "PACKTERHTML\n<p>x</p>\n\n");
	c = (struct pt_control)CTL(PT_VOICE, NOSTR, STR("hello"), 0);
	n = pt_encode_control(buf, sizeof(buf), &c);
	CHECK_MEM(buf, n, "PACKTERVOICE\nhello");
}

TEST(control_voice_softalk)
{
	struct pt_control c = { PT_VOICE, NOSTR, STR("SYN flood"), 0,
	    PT_VOICE_SOFTALK };
	struct pt_str w;
	char buf[64];
	size_t n;

	n = pt_encode_control(buf, sizeof(buf), &c);
	CHECK_MEM(buf, n, "PACKTERVOICE\n/T:1 /W:SYN flood");
	CHECK(pt_voice_softalk_words((struct pt_str){ buf + 13, n - 13 },
	    &w));
	CHECK_MEM(w.p, w.len, "SYN flood");
	/* A command line has no line end in it. */
	c.text = STR("two\nlines");
	CHECK_EQ_U(pt_encode_control(buf, sizeof(buf), &c), 0);
	c.voice_form = (enum pt_voice_form)7;
	c.text = STR("x");
	CHECK_EQ_U(pt_encode_control(buf, sizeof(buf), &c), 0);

	CHECK(pt_voice_softalk_words(STR("/T:3 /W:hello"), &w));
	CHECK_MEM(w.p, w.len, "hello");
	CHECK(pt_voice_softalk_words(STR("/W:a, b /T:1"), &w));
	CHECK_MEM(w.p, w.len, "a, b /T:1");
	CHECK(pt_voice_softalk_words(STR(" /S:50\t/V:80 /w:"), &w));
	CHECK_EQ_U(w.len, 0);
	CHECK(!pt_voice_softalk_words(STR("hello /W:x"), &w));
	CHECK(!pt_voice_softalk_words(STR("/T:1 hello"), &w));
	CHECK(!pt_voice_softalk_words(STR("/T:1"), &w));
	CHECK(!pt_voice_softalk_words(STR("/1:x /W:y"), &w));
	CHECK(!pt_voice_softalk_words(STR(""), &w));
}

TEST(record_round_trip)
{
	struct pt_rec_out o;
	struct pt_record r;
	char buf[256], err[PT_ERRBUF_SIZE];
	size_t n;
	static const uint8_t v6a[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const uint8_t v6b[16] = { [10] = 0xff, [11] = 0xff, [12] = 10,
	    [15] = 7 };

	memset(&o, 0, sizeof(o));
	o.family = 4;
	memcpy(o.src, (uint8_t[]){ 192, 168, 1, 2 }, 4);
	memcpy(o.dst, (uint8_t[]){ 255, 255, 255, 255 }, 4);
	o.sport = 65535;
	o.dport = 0;
	o.flag = 42;
	o.desc = "UDP src:192.168.1.2(65535), dst";
	o.desc_len = strlen(o.desc);
	n = pt_encode_record(buf, sizeof(buf), &o);
	CHECK(n > 0);
	CHECK(pt_parse_record_line(buf, n, &r, err, sizeof(err)) == 0);
	CHECK_EQ_U(r.src.family, 4);
	CHECK(memcmp(r.src.addr, o.src, 4) == 0);
	CHECK(memcmp(r.dst.addr, o.dst, 4) == 0);
	CHECK_EQ_U(r.src.port, 65535);
	CHECK_EQ_U(r.dst.port, 0);
	CHECK_EQ_U(r.flag, 42);
	CHECK_MEM(r.desc.p, r.desc.len, o.desc);

	o.family = 6;
	memcpy(o.src, v6a, 16);
	memcpy(o.dst, v6b, 16);
	o.flag = 9;
	n = pt_encode_record(buf, sizeof(buf), &o);
	CHECK(n > 0);
	CHECK(pt_parse_record_line(buf, n, &r, err, sizeof(err)) == 0);
	CHECK_EQ_U(r.src.family, 6);
	CHECK(memcmp(r.src.addr, v6a, 16) == 0);
	CHECK(memcmp(r.dst.addr, v6b, 16) == 0);
	CHECK_EQ_U(r.flag, 9);
}

TEST(gateway)
{
	struct pt_parser ps;
	struct pt_gateway g;
	char err[PT_ERRBUF_SIZE];

	pt_parse_begin(&ps, S("PACKTERWITHGATEWAY\n"
	    "10.0.0.1,10.0.0.2,1000,80,192.168.0.1,0.5,router.png,via, gw\n"));
	CHECK(pt_parse_gateway(&ps, &g, err, sizeof(err)) == 0);
	CHECK_EQ_U(g.rec.src.family, 4);
	CHECK_EQ_U(g.rec.dst.port, 80);
	CHECK_EQ_U(g.rec.flag, 0);
	CHECK_EQ_U(g.gw.family, 4);
	CHECK_EQ_U(g.gw.addr[0], 192);
	CHECK(g.gw.port == -1);
	CHECK(g.gw.y == 0.5);
	CHECK_MEM(g.image.p, g.image.len, "router.png");
	CHECK_MEM(g.rec.desc.p, g.rec.desc.len, "via, gw");

	pt_parse_begin(&ps, S("PACKTERWITHGATEWAY\n1.1.1.1,2.2.2.2,1,2,x,3\n"));
	CHECK(pt_parse_gateway(&ps, &g, err, sizeof(err)) == -1);
	CHECK_STR(err, "line 2: missing fields (6 of 8)");
	pt_parse_begin(&ps, S("PACKTERWITHGATEWAY\n"
	    "1.1.1.1,2.2.2.2,1,2,bogus,3,i,d\n"));
	CHECK(pt_parse_gateway(&ps, &g, err, sizeof(err)) == -1);
	CHECK_STR(err, "line 2: bad gateway address 'bogus'");
	pt_parse_begin(&ps, S("PACKTERWITHGATEWAY\n"));
	CHECK(pt_parse_gateway(&ps, &g, err, sizeof(err)) == -1);
	pt_parse_begin(&ps, S("PACKTER\n1.1.1.1,2.2.2.2,1,2,3,x\n"));
	CHECK(pt_parse_gateway(&ps, &g, err, sizeof(err)) == -1);
}

TEST(earth)
{
	struct pt_parser ps;
	struct pt_earth e;
	char err[PT_ERRBUF_SIZE];

	pt_parse_begin(&ps, S("PACKTEARTH\r\n"
	    "35.68, 139.76 ,-33.86,+151.2,4,Tokyo, Sydney\r\n"));
	CHECK(pt_parse_earth(&ps, &e, err, sizeof(err)) == 0);
	CHECK(e.src_lat == 35.68);
	CHECK(e.src_lon == 139.76);
	CHECK(e.dst_lat == -33.86);
	CHECK(e.dst_lon == 151.2);
	CHECK_EQ_U(e.flag, 4);
	CHECK_MEM(e.desc.p, e.desc.len, "Tokyo, Sydney");

	pt_parse_begin(&ps, S("PACKTEARTH\n91,0,0,0,1,x\n"));
	CHECK(pt_parse_earth(&ps, &e, err, sizeof(err)) == -1);
	CHECK_STR(err, "line 2: source latitude out of range '91'");
	pt_parse_begin(&ps, S("PACKTEARTH\n0,0,0,-180.5,1,x\n"));
	CHECK(pt_parse_earth(&ps, &e, err, sizeof(err)) == -1);
	CHECK_STR(err, "line 2: destination longitude out of range '-180.5'");
	pt_parse_begin(&ps, S("PACKTEARTH\n0,0,x,0,1,x\n"));
	CHECK(pt_parse_earth(&ps, &e, err, sizeof(err)) == -1);
	CHECK_STR(err, "line 2: bad destination latitude 'x'");
	pt_parse_begin(&ps, S("PACKTEARTH\n0,0,0,0,70000,x\n"));
	CHECK(pt_parse_earth(&ps, &e, err, sizeof(err)) == -1);
	CHECK_STR(err, "line 2: flag out of range '70000'");
	pt_parse_begin(&ps, S("PACKTEARTH\n0,0,0,0\n"));
	CHECK(pt_parse_earth(&ps, &e, err, sizeof(err)) == -1);
	CHECK_STR(err, "line 2: missing fields (4 of 6)");
}

TEST(flags)
{
	CHECK_EQ_U(pt_flag_rgb(0), 0xFFA3B1);
	CHECK_EQ_U(pt_flag_rgb(1), 0x0000FF);
	CHECK_EQ_U(pt_flag_rgb(2), 0xFF0000);
	CHECK_EQ_U(pt_flag_rgb(3), 0x8000FF);
	CHECK_EQ_U(pt_flag_rgb(4), 0x008000);
	CHECK_EQ_U(pt_flag_rgb(5), 0x00FFFF);
	CHECK_EQ_U(pt_flag_rgb(6), 0xFFFF00);
	CHECK_EQ_U(pt_flag_rgb(7), 0xFFFFFF);
	CHECK_EQ_U(pt_flag_rgb(8), 0x00FF00);
	CHECK_EQ_U(pt_flag_rgb(9), 0xFF8040);
	CHECK_EQ_U(pt_flag_rgb(10), 0xFFA3B1);
	CHECK_EQ_U(pt_flag_rgb(13), 0x8000FF);
	CHECK_EQ_U(pt_flag_rgb(65535), 0x00FFFF);
	CHECK_EQ_U(pt_flag_rgb(UINT32_MAX), pt_flag_rgb(UINT32_MAX % 10));

	CHECK_STR(pt_flag_label(PT_FLAG_TCP4), "IPv4 TCP");
	CHECK_STR(pt_flag_label(PT_FLAG_SYN4), "IPv4 TCP SYN");
	CHECK_STR(pt_flag_label(PT_FLAG_FINRST4), "IPv4 TCP FIN/RST");
	CHECK_STR(pt_flag_label(PT_FLAG_UDP4), "IPv4 UDP");
	CHECK_STR(pt_flag_label(PT_FLAG_ICMP4), "IPv4 ICMP");
	CHECK_STR(pt_flag_label(PT_FLAG_TCP6), "IPv6 TCP");
	CHECK_STR(pt_flag_label(PT_FLAG_SYN6), "IPv6 TCP SYN");
	CHECK_STR(pt_flag_label(PT_FLAG_FINRST6), "IPv6 TCP FIN/RST");
	CHECK_STR(pt_flag_label(PT_FLAG_UDP6), "IPv6 UDP");
	CHECK_STR(pt_flag_label(PT_FLAG_ICMP6), "IPv6 ICMPv6");
	CHECK_STR(pt_flag_label(10), "other");
	CHECK_STR(pt_flag_label(PT_FLAG_NAMED), "named");
	CHECK_EQ_U(PT_FLAG_NAMED % PT_FLAG_CLASSES, 0);
	CHECK(PT_FLAG_NAMED > 65535);
}

static uint32_t rnd_state = 12345;

/* A small deterministic generator, so a failure repeats. */
static unsigned
rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) & 0x7fff;
}

/*
 * Random bytes, and random mutations of valid datagrams, through every
 * parser: the checks are that nothing crashes (ASan builds catch any read
 * outside the exact-size heap copy) and that results stay in their ranges.
 */
TEST(random_bytes)
{
	static const char *const seeds[] = {
		"PACKTER\n10.0.0.1,10.0.0.2,1,2,3,d\n::1,::ffff:1.2.3.4,0.5,1,4,e\n",
		"PACKTERMSG\np.png,<b>x</b>\n",
		"PACKTERSOUND\n-3s,a.wav\n",
		"PACKTERAGENT a,1,00000000000000000000000000000000000000000000"
		"00000000000000000000\nPACKTERSE\nx\n",
		"PACKTERWITHGATEWAY\n1.1.1.1,2.2.2.2,1,2,3.3.3.3,4,i,d\n",
		"PACKTEARTH\n1,2,3,4,5,d\n",
	};
	static const char alphabet[] = "0123456789abcdef.:,\n\r \t-e\0xPACKTER";
	int iter, bad_ranges = 0;

	for (iter = 0; iter < 20000; iter++) {
		char tmp[128], err[PT_ERRBUF_SIZE];
		size_t len, i;
		struct pt_parser ps;
		struct pt_record r;
		struct pt_control c;
		struct pt_gateway g;
		struct pt_earth e;
		char *copy;
		int rc, guard;

		if (iter % 2 == 0) {
			const char *s = seeds[rnd() % 6];

			len = strlen(s);
			memcpy(tmp, s, len);
			size_t nmut = 1 + rnd() % 4;

			for (i = 0; i < nmut; i++) {
				size_t at = rnd() % len;

				tmp[at] = (iter % 4 == 0) ? (char)rnd() :
				    alphabet[rnd() % (sizeof(alphabet) - 1)];
			}
		} else {
			len = rnd() % sizeof(tmp);
			for (i = 0; i < len; i++)
				tmp[i] = alphabet[rnd() % (sizeof(alphabet) - 1)];
		}
		copy = malloc(len > 0 ? len : 1);
		memcpy(copy, tmp, len);
		switch (pt_parse_begin(&ps, copy, len)) {
		case PT_RECORD:
		case PT_BALLISTIC:
			guard = 0;
			while ((rc = pt_next_record(&ps, &r, err,
			    sizeof(err))) != 0 && guard++ < 100) {
				if (rc == 1 && (!(r.src.x >= 0 && r.src.x < 1) ||
				    !(r.dst.y >= 0 && r.dst.y <= 1) ||
				    r.desc.len > PT_MAX_DESC ||
				    r.src.port > 65535))
					bad_ranges++;
			}
			if (guard > 100)
				bad_ranges++;
			break;
		case PT_GATEWAY:
			(void)pt_parse_gateway(&ps, &g, err, sizeof(err));
			break;
		case PT_EARTH:
			(void)pt_parse_earth(&ps, &e, err, sizeof(err));
			break;
		default:
			if (pt_parse_control(&ps, &c, err, sizeof(err)) == 0 &&
			    (c.file.p < copy || c.file.p + c.file.len >
			    copy + len))
				bad_ranges++;
			break;
		}
		free(copy);
	}
	CHECK_EQ_U(bad_ranges, 0);
}

int
main(void)
{
	RUN(keywords);
	RUN(unknown_keyword);
	RUN(kind_names);
	RUN(record_ipv4);
	RUN(record_commas_and_blanks);
	RUN(record_ipv6);
	RUN(record_bad_ipv4);
	RUN(record_fractions);
	RUN(record_out_of_range);
	RUN(flag_length);
	RUN(record_reference_forms);
	RUN(positions);
	RUN(datagram_batch_with_bad_line);
	RUN(capture_times);
	RUN(geo_places);
	RUN(truncated);
	RUN(nul_bytes);
	RUN(long_lines);
	RUN(invalid_utf8_and_control_bytes);
	RUN(errbuf_edge_cases);
	RUN(auth_line);
	RUN(auth_line_seq);
	RUN(auth_line_bad);
	RUN(control_msg);
	RUN(control_sound);
	RUN(control_files_and_text);
	RUN(control_round_trip);
	RUN(control_encode_form);
	RUN(control_voice_softalk);
	RUN(record_round_trip);
	RUN(gateway);
	RUN(earth);
	RUN(flags);
	RUN(random_bytes);
	return test_report();
}
