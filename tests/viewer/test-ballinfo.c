/*
 * test-ballinfo.c - what a ball tells, without a window: the lines of its
 * box (viewer/core/ballinfo.c) for TCP, ICMP, ICMPv6, -T digests, flow
 * records and odd lines; times; the bridge's messages read
 * (viewer/core/trace.c) and the trace log's JSON.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "../unit/test.h"
#include "ballinfo.h"
#include "protocol.h"
#include "trace.h"

/* 2023-11-14 22:13:20.123456 UTC */
#define T0	1700000000123456LL

static void
make(struct ballinfo *bi, const char *line, int64_t capture_us,
    int32_t tz, bool utc, const struct trace_entry *e, size_t under,
    int index)
{
	struct ballinfo_in in;
	const char *c = line;
	int commas = 0;

	memset(&in, 0, sizeof(in));
	while (*c != '\0' && commas < 5)
		if (*c++ == ',')
			commas++;
	in.line = line;
	in.len = strlen(line);
	in.desc_off = (size_t)(c - line);
	in.capture_us = capture_us;
	in.arrival_us = T0 + 2000000;
	in.tz_offset_s = tz;
	in.utc = utc;
	in.trace = e;
	in.under = under;
	in.index = index;
	ballinfo_make(bi, &in);
}

/* Is s one of the box's lines? */
static bool
has_line(const struct ballinfo *bi, const char *s)
{
	int i;

	for (i = 0; i < bi->n; i++)
		if (strcmp(bi->line[i], s) == 0)
			return true;
	return false;
}

static void
dump(const struct ballinfo *bi)
{
	int i;

	for (i = 0; i < bi->n; i++)
		printf("#   [%d] %s\n", bi->kind[i], bi->line[i]);
}

TEST(tcp_with_digest)
{
	struct ballinfo bi;

	make(&bi, "10.1.2.3,172.16.5.6,40000,443,1,"
	    "0123456789abcdef0123456789abcdef-192.0.2.10", T0, 3600, false,
	    NULL, 1, 0);
	CHECK_STR(bi.line[0], "IPv4 TCP SYN");
	CHECK(bi.kind[0] == BI_TITLE && bi.flag == 1);
	CHECK(has_line(&bi, "src 10.1.2.3 port 40000"));
	CHECK(has_line(&bi, "dst 172.16.5.6 port 443"));
	CHECK(has_line(&bi, "captured 2023-11-14 23:13:20.123456 +0100"));
	CHECK(has_line(&bi, "digest 0123456789ab...cdef"));
	CHECK(has_line(&bi, "bridge 192.0.2.10"));
	CHECK_EQ_U(bi.n, 6);
	/* UTC, and a bridge named by its host name. */
	make(&bi, "2001:db8::1,2001:db8::2,20000,53,8,"
	    "ffffffffffffffffffffffffffffffff-tc.example.net", T0, 3600, true,
	    NULL, 1, 0);
	CHECK_STR(bi.line[0], "IPv6 UDP");
	CHECK(has_line(&bi, "src 2001:db8::1 port 20000"));
	CHECK(has_line(&bi, "captured 2023-11-14 22:13:20.123456 UTC"));
	CHECK(has_line(&bi, "bridge tc.example.net"));
	/* No capture time: the arrival, said as such. */
	make(&bi, "10.0.0.1,10.0.0.2,1,2,0,TCP src:10.0.0.1(1) dst:10.0.0.2(2)",
	    PT_TIME_NONE, -5 * 3600, false, NULL, 1, 0);
	CHECK(has_line(&bi, "arrived 2023-11-14 17:13:22.123456 -0500"));
	CHECK(has_line(&bi, "TCP src:10.0.0.1(1) dst:10.0.0.2(2)"));
	if (test_failed)
		dump(&bi);
}

TEST(icmp_by_name)
{
	struct ballinfo bi;

	make(&bi, "192.0.2.1,198.51.100.9,2048,0,4,ICMPv4 src:192.0.2.1 "
	    "dst:198.51.100.9 (type:8 code:0)", T0, 0, true, NULL, 1, 0);
	CHECK_STR(bi.line[0], "IPv4 ICMP");
	CHECK(has_line(&bi, "src 192.0.2.1"));
	CHECK(has_line(&bi, "dst 198.51.100.9"));
	CHECK(has_line(&bi, "echo request (type 8, code 0)"));
	make(&bi, "192.0.2.1,198.51.100.9,768,768,4,x", T0, 0, true, NULL, 1,
	    0);
	CHECK(has_line(&bi, "destination unreachable: port unreachable "
	    "(type 3, code 3)"));
	make(&bi, "192.0.2.1,198.51.100.9,2816,0,4,x", T0, 0, true, NULL, 1,
	    0);
	CHECK(has_line(&bi, "time exceeded: TTL exceeded in transit "
	    "(type 11, code 0)"));
	make(&bi, "2001:db8::1,2001:db8::2,256,1024,9,x", T0, 0, true, NULL,
	    1, 0);
	CHECK_STR(bi.line[0], "IPv6 ICMPv6");
	CHECK(has_line(&bi, "destination unreachable: port unreachable "
	    "(type 1, code 4)"));
	make(&bi, "2001:db8::1,2001:db8::2,32768,0,9,x", T0, 0, true, NULL,
	    1, 0);
	CHECK(has_line(&bi, "echo request (type 128, code 0)"));
	make(&bi, "2001:db8::1,2001:db8::2,33024,0,9,x", T0, 0, true, NULL,
	    1, 0);
	CHECK(has_line(&bi, "echo reply (type 129, code 0)"));
	make(&bi, "2001:db8::1,2001:db8::2,768,0,9,x", T0, 0, true, NULL, 1, 0);
	CHECK(has_line(&bi, "time exceeded: hop limit exceeded in transit "
	    "(type 3, code 0)"));
	/* Unknown types by number; ports not of ICMP's form stay ports. */
	make(&bi, "192.0.2.1,198.51.100.9,51200,512,4,x", T0, 0, true, NULL,
	    1, 0);
	CHECK(has_line(&bi, "ICMP type 200, code 2"));
	make(&bi, "192.0.2.1,198.51.100.9,2049,0,4,x", T0, 0, true, NULL, 1, 0);
	CHECK(has_line(&bi, "src 192.0.2.1 port 2049"));
	CHECK_STR(ballinfo_icmp_code(false, 5, 1), "for the host");
	CHECK(ballinfo_icmp_code(false, 8, 1) == NULL);
	if (test_failed)
		dump(&bi);
}

TEST(flows)
{
	struct ballinfo bi;

	make(&bi, "203.0.113.5,10.9.9.9,2055,53,3,NetFlow v9 "
	    "exporter=192.0.2.250 packets=12 bytes=3400 UDP "
	    "src:203.0.113.5(2055) dst:10.9.9.9(53)", T0, 0, true, NULL, 1, 0);
	CHECK(has_line(&bi, "exporter 192.0.2.250 (NetFlow v9)"));
	CHECK(has_line(&bi, "packets 12, bytes 3400"));
	CHECK(has_line(&bi, "UDP src:203.0.113.5(2055) dst:10.9.9.9(53)"));
	make(&bi, "203.0.113.5,10.9.9.9,2055,53,3,sFlow agent=192.0.2.7 "
	    "sub=3 rate=1:512 UDP src:x dst:y", T0, 0, true, NULL, 1, 0);
	CHECK(has_line(&bi, "exporter 192.0.2.7 (sFlow, sub-agent 3)"));
	CHECK(has_line(&bi, "sampled 1:512"));
	CHECK(has_line(&bi, "UDP src:x dst:y"));
	make(&bi, "203.0.113.5,10.9.9.9,2055,53,3,IPFIX exporter=2001:db8::9 "
	    "packets=1", T0, 0, true, NULL, 1, 0);
	CHECK(has_line(&bi, "exporter 2001:db8::9 (IPFIX)"));
	CHECK(has_line(&bi, "packets 1"));
	if (test_failed)
		dump(&bi);
}

TEST(odd_lines)
{
	struct ballinfo bi;
	char line[1400];
	int i;

	/* Fractions as sent; a long description cut into three lines. */
	memcpy(line, "0.25,0.75,0.5,1.0,3,", 20);
	for (i = 20; i < 1200; i++)
		line[i] = (char)('a' + i % 26);
	line[i] = '\0';
	make(&bi, line, T0, 0, true, NULL, 1, 0);
	CHECK(has_line(&bi, "src 0.25 port 0.5"));
	CHECK(has_line(&bi, "dst 0.75 port 1.0"));
	CHECK_EQ_U(bi.n, 7);
	CHECK(strstr(bi.line[bi.n - 1], "...") != NULL);
	for (i = 0; i < bi.n; i++)
		CHECK(strlen(bi.line[i]) < BI_LINE);
	/* Not a record line: the title from the ball's flag, the text. */
	make(&bi, "garbage\x1b[31m", PT_TIME_NONE, 0, true, NULL, 1, 0);
	CHECK_STR(bi.line[0], "IPv4 TCP");
	for (i = 0; i < bi.n; i++)
		CHECK(strchr(bi.line[i], '\x1b') == NULL);
	/* Flags beyond the classes; several balls under the pointer. */
	make(&bi, "10.0.0.1,10.0.0.2,1,2,10,missile", T0, 0, true, NULL, 3, 1);
	CHECK_STR(bi.line[0], "flag 10 (other)");
	CHECK_STR(bi.line[bi.n - 1], "ball 2 of 3 here (Tab: next)");
	if (test_failed)
		dump(&bi);
}

TEST(times)
{
	char b[64];

	CHECK_STR(ballinfo_time(b, sizeof(b), 0, 0, true, BI_TIME_ISO),
	    "1970-01-01T00:00:00.000000Z");
	CHECK_STR(ballinfo_time(b, sizeof(b), T0, 19800, false, BI_TIME_FULL),
	    "2023-11-15 03:43:20.123456 +0530");
	CHECK_STR(ballinfo_time(b, sizeof(b), T0, 19800, true, BI_TIME_ISO),
	    "2023-11-14T22:13:20.123456Z");
	CHECK_STR(ballinfo_time(b, sizeof(b), 951782400000000LL, 0, true,
	    BI_TIME_FULL), "2000-02-29 00:00:00.000000 UTC");
	CHECK_STR(ballinfo_time(b, sizeof(b), -1, 0, true, BI_TIME_ISO),
	    "1969-12-31T23:59:59.999999Z");
	CHECK_STR(ballinfo_time(b, sizeof(b), T0, -3600, false, BI_TIME_CLOCK),
	    "21:13:20");
	CHECK_STR(ballinfo_time(b, sizeof(b), 4102444800000000LL, 0, true,
	    BI_TIME_ISO), "2100-01-01T00:00:00.000000Z");
}

TEST(trace_box_and_json)
{
	static const char line[] = "10.0.0.1,192.0.2.9,50000,80,1,"
	    "0123456789abcdef0123456789abcdef-127.0.0.1";
	struct trace_table *t = trace_new();
	struct trace_entry *e;
	struct ballinfo bi;
	char js[TRACE_JSON_MAX], log[256];
	const char *msg;
	bool changed;
	size_t n;

	e = trace_add(t, 7, line, strlen(line),
	    "0123456789abcdef0123456789abcdef", "127.0.0.1", false, T0,
	    T0 + 1000000);
	make(&bi, line, T0, 0, true, e, 1, 0);
	CHECK(has_line(&bi, "trace #1 requested"));
	msg = "<h2>Trace found</h2><p>packet 0123456789abcdef0123456789abcdef"
	    "</p><p>AS path:<br>AS64500 (depth 1, found, Source)</p>";
	CHECK(trace_message(t, "tc-found.png", 12, msg, strlen(msg),
	    T0 + 2000000, &changed) == e);
	CHECK(changed && e->state == TRACE_FOUND);
	make(&bi, line, T0, 0, true, e, 1, 0);
	CHECK(has_line(&bi, "trace #1 found: AS64500"));
	CHECK(bi.kind[bi.n - 1] == BI_GOOD);
	CHECK_STR(trace_log_line(e, log, sizeof(log), 0, true),
	    "#1 22:13:22 found  10.0.0.1:50000 -> 192.0.2.9:80  AS64500");

	n = trace_json(e, js, sizeof(js));
	CHECK(n > 0 && n == strlen(js));
	CHECK(strstr(js, "\"id\":1,\"state\":\"found\",") != NULL);
	CHECK(strstr(js, "\"time\":\"2023-11-14T22:13:22.123456Z\"") != NULL);
	CHECK(strstr(js, "\"record\":7,") != NULL);
	CHECK(strstr(js, "\"packet\":\"10.0.0.1:50000 -> 192.0.2.9:80\"") !=
	    NULL);
	CHECK(strstr(js, "\"sport\":50000,\"dport\":80,\"flag\":1,"
	    "\"class\":\"IPv4 TCP SYN\"") != NULL);
	CHECK(strstr(js, "\"captured\":\"2023-11-14T22:13:20.123456Z\"") !=
	    NULL);
	CHECK(strstr(js, "\"path\":[\"AS64500\"]") != NULL);
	/* What a peer wrote is escaped: quotes, controls, bad UTF-8. */
	trace_set(e, TRACE_ERROR, "a \"b\" \\ \x01 \xff \xc3\xa9", T0);
	n = trace_json(e, js, sizeof(js));
	CHECK(strstr(js, "\"detail\":\"a \\\"b\\\" \\\\ ? \\ufffd \xc3\xa9\"")
	    != NULL);
	CHECK(trace_json(e, js, 40) == 0);
	/* ICMP: no ports in the name. */
	e = trace_add(t, 8, "192.0.2.1,198.51.100.9,2048,0,4,x", 33,
	    "0123456789abcdef0123456789abcdef", "tc.example", true,
	    PT_TIME_NONE, T0);
	CHECK(e->state == TRACE_RESOLVING && e->bridge_addr[0] == '\0');
	CHECK_STR(trace_packet_name(e, log, sizeof(log)),
	    "192.0.2.1 -> 198.51.100.9");
	n = trace_json(e, js, sizeof(js));
	CHECK(strstr(js, "\"captured\":null") != NULL);
	CHECK(strstr(js, "\"path\":[]") != NULL);
	trace_free(t);
}

static void
rd(const char *pic, const char *text, struct trace_msg *m)
{
	trace_read_message(pic, strlen(pic), text, strlen(text), m);
}

/* The bridge's texts, read: hostile ones stay within bounds. */
TEST(read_messages)
{
	struct trace_msg m;
	char big[8000];
	size_t i;

	rd("tc-notfound.png", "<h2>Trace not found</h2>"
	    "<p>no AS saw the packet (2 asked)</p><p>request 9.000001</p>", &m);
	CHECK(m.state == TRACE_NOTFOUND);
	CHECK_STR(m.request, "9.000001");
	CHECK_STR(m.detail, "no AS saw the packet (2 asked)");
	CHECK_STR(m.path, "");
	rd("", "<H2>Trace error</H2><P>the DP said &lt;"
	    "x&gt; &amp; &#65;</P><!-- request 1.2 -->", &m);
	CHECK(m.state == TRACE_ERROR);
	CHECK_STR(m.detail, "the DP said <x> & A");
	CHECK_STR(m.request, "");
	rd("tc-started.png", "<p>packet 0123456789abcdef"
	    "0123456789abcdef0</p>", &m);
	CHECK(m.started && m.hash[0] == '\0');	/* 33 digits: no digest */
	for (i = 0; i < sizeof(big); i++)
		big[i] = "AS1 <p>request 12.3 "[i % 20];
	trace_read_message("x", 1, big, sizeof(big), &m);
	CHECK(strlen(m.detail) < TRACE_TEXT && strlen(m.path) < TRACE_TEXT);
	CHECK_STR(m.request, "12.3");
	memset(big, '<', sizeof(big));
	trace_read_message("x", 1, big, sizeof(big), &m);
	CHECK(m.state == -1 && m.detail[0] == '\0');
}

int
main(void)
{
	RUN(tcp_with_digest);
	RUN(icmp_by_name);
	RUN(flows);
	RUN(odd_lines);
	RUN(times);
	RUN(trace_box_and_json);
	RUN(read_messages);
	return test_report();
}
