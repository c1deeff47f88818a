/*
 * test-alarm.c - the agent's DoS alarms (agent/alarm.c).
 *
 *     test-alarm            packets built here: config, edges, quiet time,
 *                           DoS flag, messages, reload, IPv6, bounds
 *     test-alarm CAPDIR     the captures that gen-alarm-captures.py wrote
 *                           into CAPDIR (tests/alarm/captures.sh)
 *
 * Every packet goes through decode_frame() as the agent's core would hand it
 * over; captures are read with libpcap.
 */
#include "config.h"

#include <arpa/inet.h>
#include <pcap.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "alarm.h"
#include "decode.h"
#include "protocol.h"
#include "test.h"

#define T0	1700000000

static char conf_path[64];
static struct pk_packet pkt;
static uint8_t frame_buf[128];

/* Write text as the config file and open it; NULL on error (err filled). */
static struct alarm *
open_conf(const char *text, char *err, size_t errlen)
{
	FILE *f = fopen(conf_path, "w");

	if (f == NULL || fputs(text, f) == EOF || fclose(f) != 0) {
		perror(conf_path);
		exit(99);
	}
	return alarm_open(conf_path, err, errlen);
}

static struct alarm *
must_open(const char *text)
{
	char err[256];
	struct alarm *al = open_conf(text, err, sizeof(err));

	if (al == NULL) {
		printf("  config refused: %s\n", err);
		exit(99);
	}
	return al;
}

enum kind { P_SYN, P_SYNACK, P_ACK, P_FIN, P_RST, P_UDP, P_ICMP };

/* Build a raw IPv4 or IPv6 packet and decode it into pkt. */
static void
make(enum kind k, const char *src, const char *dst)
{
	uint8_t *b = frame_buf, *l4;
	int six = strchr(dst, ':') != NULL, proto;
	size_t iplen, l4len;

	memset(frame_buf, 0, sizeof(frame_buf));
	proto = k == P_UDP ? 17 : k == P_ICMP ? (six ? 58 : 1) : 6;
	l4len = proto == 6 ? 20 : 8;
	if (six) {
		iplen = 40;
		b[0] = 0x60;
		b[4] = 0;
		b[5] = (uint8_t)l4len;
		b[6] = (uint8_t)proto;
		b[7] = 64;
		if (inet_pton(AF_INET6, src, b + 8) != 1 ||
		    inet_pton(AF_INET6, dst, b + 24) != 1)
			exit(99);
	} else {
		iplen = 20;
		b[0] = 0x45;
		b[3] = (uint8_t)(iplen + l4len);
		b[8] = 64;
		b[9] = (uint8_t)proto;
		if (inet_pton(AF_INET, src, b + 12) != 1 ||
		    inet_pton(AF_INET, dst, b + 16) != 1)
			exit(99);
	}
	l4 = b + iplen;
	l4[0] = 0x9c;			/* port 40000 */
	l4[1] = 0x40;
	l4[3] = 80;
	if (proto == 6) {
		static const uint8_t fl[] = {
			[P_SYN] = 0x02, [P_SYNACK] = 0x12, [P_ACK] = 0x10,
			[P_FIN] = 0x11, [P_RST] = 0x04,
		};
		l4[12] = 0x50;
		l4[13] = fl[k];
	} else if (proto == 17)
		l4[5] = 8;
	else
		l4[0] = 8, l4[1] = 0;
	if (decode_frame(PK_DLT_RAW, frame_buf, iplen + l4len, &pkt) != PK_OK) {
		printf("  test packet did not decode\n");
		exit(99);
	}
}

/* Feed one packet at T0 + us; returns the flag alarm_packet() chose. */
static unsigned
feed(struct alarm *al, enum kind k, const char *src, const char *dst,
    int64_t us)
{
	struct timeval tv;

	make(k, src, dst);
	tv.tv_sec = T0 + us / 1000000;
	tv.tv_usec = us % 1000000;
	return alarm_packet(al, &pkt, &tv, 3);
}

/* Take every queued message, the first max of them into out and lens. */
static unsigned
take_all(struct alarm *al, char out[][ALARM_MAX_MESSAGE], size_t *lens,
    unsigned max)
{
	char buf[ALARM_MAX_MESSAGE];
	size_t n;
	unsigned count = 0;

	for (n = 0; n < max; n++)
		lens[n] = 0;		/* a message missing parses as nothing */
	while ((n = alarm_take_message(al, buf, sizeof(buf))) > 0) {
		if (count < max) {
			memcpy(out[count], buf, n);
			lens[count] = n;
		}
		count++;
	}
	return count;
}

/* Parse one control datagram; kind, and its file and text as C strings. */
static enum pt_kind
parse(const char *buf, size_t len, char *file, char *text, int64_t *ms)
{
	struct pt_parser ps;
	struct pt_control c;
	char err[PT_ERRBUF_SIZE];
	enum pt_kind kind = pt_parse_begin(&ps, buf, len);

	file[0] = text[0] = '\0';
	if (kind == PT_NONE || kind == PT_RECORD)
		return PT_NONE;
	if (pt_parse_control(&ps, &c, err, sizeof(err)) < 0) {
		printf("  bad control message: %s\n", err);
		return PT_NONE;
	}
	/* file: 256 bytes, text: ALARM_MAX_MESSAGE at every caller. */
	if (c.file.len >= 256 || c.text.len >= ALARM_MAX_MESSAGE)
		return PT_NONE;
	memcpy(file, c.file.p, c.file.len);
	file[c.file.len] = '\0';
	memcpy(text, c.text.p, c.text.len);
	text[c.text.len] = '\0';
	if (ms != NULL)
		*ms = c.duration_ms;
	return kind;
}

/* A window of 100 packets, n_syn SYNs and the rest ACKs, 1 ms apart. */
static void
syn_window(struct alarm *al, int n_syn, int64_t start)
{
	int i;

	for (i = 0; i < 100; i++)
		(void)feed(al, (i % 100) < n_syn ? P_SYN : P_ACK, "192.0.2.1",
		    "198.51.100.80", start + i * 1000);
}

#define EDGE_CONF(syn) \
	"window_packets = 100\nmin_packets = 100\nwindow_seconds = 10\n" \
	"fin = off\nrst = off\nicmp = off\nudp = off\nsyn = " syn "\n"

TEST(config_errors)
{
	char err[256];
	struct alarm *al;

	al = open_conf("", err, sizeof(err));
	CHECK(al != NULL);
	alarm_free(al);
	al = open_conf("# comment\n\n  syn = 40%   # a comment\n"
	    "picture_syn = alarms/syn#1.png\n", err, sizeof(err));
	CHECK(al != NULL);
	alarm_free(al);

	CHECK(open_conf("syn = 0.5\nbogus = 1\n", err, sizeof(err)) == NULL);
	CHECK(strstr(err, ":2: bogus: unknown key") != NULL);
	CHECK(open_conf("syn = 1.5\n", err, sizeof(err)) == NULL);
	CHECK(strstr(err, ":1: syn:") != NULL);
	CHECK(open_conf("syn = -0.5\n", err, sizeof(err)) == NULL);
	CHECK(open_conf("syn = 0x1p-1\n", err, sizeof(err)) == NULL);
	CHECK(open_conf("syn = 50%%\n", err, sizeof(err)) == NULL);
	CHECK(open_conf("pps = 12abc\n", err, sizeof(err)) == NULL);
	CHECK(open_conf("window_packets = 1\n", err, sizeof(err)) == NULL);
	CHECK(open_conf("top = 6\n", err, sizeof(err)) == NULL);
	CHECK(open_conf("flag = 65536\n", err, sizeof(err)) == NULL);
	CHECK(open_conf("sound_ms = 0\n", err, sizeof(err)) == NULL);
	CHECK(open_conf("voice = maybe\n", err, sizeof(err)) == NULL);
	CHECK(open_conf("just words\n", err, sizeof(err)) == NULL);
	CHECK(strstr(err, "expected 'key = value'") != NULL);
	CHECK(open_conf("= 3\n", err, sizeof(err)) == NULL);
	/* libinih's file syntax, with our bounds (progs/conf.c). */
	CHECK(open_conf("[dos]\nsyn = 0.5\n", err, sizeof(err)) == NULL);
	CHECK(strstr(err, ":1: sections") != NULL);
	{
		char longline[400];

		memset(longline, 'x', sizeof(longline));
		memcpy(longline, "se = ", 5);
		memcpy(longline + sizeof(longline) - 2, "\n", 2);
		CHECK(open_conf(longline, err, sizeof(err)) == NULL);
		CHECK(strstr(err, ":1: line too long") != NULL);
	}
	al = open_conf("fin = 0.5 ; inih's comment\n", err, sizeof(err));
	CHECK(al != NULL);
	alarm_free(al);
	/* Names leave the media directory: refused. */
	CHECK(open_conf("se = /etc/passwd\n", err, sizeof(err)) == NULL);
	CHECK(open_conf("se = ../x.wav\n", err, sizeof(err)) == NULL);
	CHECK(open_conf("se = a/../../x.wav\n", err, sizeof(err)) == NULL);
	CHECK(open_conf("skydome = a,b.png\n", err, sizeof(err)) == NULL);
	CHECK(open_conf("picture_syn = a\tb.png\n", err, sizeof(err)) == NULL);
	CHECK(open_conf("min_packets = 200\nwindow_packets = 100\n", err,
	    sizeof(err)) == NULL);
	CHECK(strstr(err, "min_packets") != NULL);
	al = open_conf("se = ..x.wav\nsound = none\nsound_ms = -3000\n", err,
	    sizeof(err));
	CHECK(al != NULL);
	alarm_free(al);
	CHECK(alarm_open("/nonexistent/alarm.conf", err, sizeof(err)) == NULL);
	CHECK(strstr(err, "/nonexistent/alarm.conf") != NULL);
}

/* The sample config that media/ installs parses. */
TEST(sample_config)
{
	const char *top = getenv("top_srcdir");
	char path[512], err[256];
	struct alarm *al;

	if (top == NULL)
		top = PACKTER_SRCDIR;
	(void)snprintf(path, sizeof(path), "%s/media/alarm.conf", top);
	al = alarm_open(path, err, sizeof(err));
	if (al == NULL)
		printf("  %s\n", err);
	CHECK(al != NULL);
	alarm_free(al);
}

TEST(ratio_edges)
{
	struct alarm *al;

	/* 50 SYNs in 100 packets: a share of exactly 0.5. */
	al = must_open(EDGE_CONF("0.51"));
	syn_window(al, 50, 0);
	CHECK_EQ_U(alarm_counter(al, ALC_WINDOWS), 1);
	CHECK_EQ_U(alarm_counter(al, ALC_ALARMS), 0);
	CHECK_EQ_U(alarm_take_message(al, (char[64]){0}, 64), 0);
	alarm_free(al);

	al = must_open(EDGE_CONF("0.49"));
	syn_window(al, 50, 0);
	CHECK_EQ_U(alarm_counter(al, ALC_ALARMS), 1);
	CHECK_EQ_U(alarm_last_kinds(al), 1u << ALARM_SYN);
	alarm_free(al);

	/* At the threshold counts as over it. */
	al = must_open(EDGE_CONF("50%"));
	syn_window(al, 50, 0);
	CHECK_EQ_U(alarm_counter(al, ALC_ALARMS), 1);
	alarm_free(al);

	al = must_open(EDGE_CONF("0.5"));
	syn_window(al, 49, 0);
	CHECK_EQ_U(alarm_counter(al, ALC_ALARMS), 0);
	alarm_free(al);

	/* SYN-ACKs are answers, not SYNs. */
	al = must_open(EDGE_CONF("0.1"));
	{
		int i;

		for (i = 0; i < 100; i++)
			(void)feed(al, P_SYNACK, "198.51.100.80", "192.0.2.1",
			    i * 1000);
	}
	CHECK_EQ_U(alarm_counter(al, ALC_ALARMS), 0);
	alarm_free(al);
}

static unsigned
rate_alarms(const char *pps)
{
	char conf[256];
	struct alarm *al;
	unsigned n;
	int i;

	(void)snprintf(conf, sizeof(conf), "window_packets = 100\n"
	    "min_packets = 100\nwindow_seconds = 10\nsyn = off\nfin = off\n"
	    "rst = off\nicmp = off\nudp = off\npps = %s\n", pps);
	al = must_open(conf);
	/* 100 packets 1 ms apart: 99 gaps in 99 ms, 1000 packets/s. */
	for (i = 0; i < 100; i++)
		(void)feed(al, P_UDP, "192.0.2.1", "198.51.100.9", i * 1000);
	CHECK_EQ_U(alarm_counter(al, ALC_WINDOWS), 1);
	n = (unsigned)alarm_counter(al, ALC_ALARMS);
	if (n == 1) {
		char msgs[1][ALARM_MAX_MESSAGE], file[256];
		char text[ALARM_MAX_MESSAGE], want[128];
		size_t lens[1];

		CHECK_EQ_U(alarm_last_kinds(al), 1u << ALARM_RATE);
		CHECK_EQ_U(take_all(al, msgs, lens, 1), 1);
		CHECK_EQ_U(parse(msgs[0], lens[0], file, text, NULL), PT_MSG);
		CHECK_STR(file, "alarm-rate.png");
		(void)snprintf(want, sizeof(want), "<b>packet flood</b>: "
		    "1000 packets/s (threshold %s)<br>to 198.51.100.9 (100)",
		    pps);
		CHECK(strstr(text, want) != NULL);
		CHECK(strstr(text, "100 packets in 0.099 s, 1000 packets/s")
		    != NULL);
	}
	alarm_free(al);
	return n;
}

TEST(rate_edges)
{
	CHECK_EQ_U(rate_alarms("1001"), 0);
	CHECK_EQ_U(rate_alarms("1000"), 1);
	CHECK_EQ_U(rate_alarms("999"), 1);
	CHECK_EQ_U(rate_alarms("off"), 0);
}

TEST(rate_one_instant)
{
	char msgs[1][ALARM_MAX_MESSAGE], file[256], text[ALARM_MAX_MESSAGE];
	size_t lens[1];
	struct alarm *al = must_open("window_packets = 100\nmin_packets = 100\n"
	    "udp = off\npps = 1000000000\n");
	int i;

	for (i = 0; i < 100; i++)
		(void)feed(al, P_UDP, "192.0.2.1", "198.51.100.9", 0);
	CHECK_EQ_U(alarm_counter(al, ALC_ALARMS), 1);
	CHECK_EQ_U(take_all(al, msgs, lens, 1), 1);
	(void)parse(msgs[0], lens[0], file, text, NULL);
	CHECK(strstr(text, "all in one instant") != NULL);
	alarm_free(al);
}

TEST(window_closes_by_time_and_size)
{
	struct alarm *al = must_open("window_packets = 10\nwindow_seconds = 1\n"
	    "min_packets = 5\n");
	int i;

	/* Ten packets close a window; three, then a gap of a second, another. */
	for (i = 0; i < 10; i++)
		(void)feed(al, P_ACK, "192.0.2.1", "198.51.100.1", i);
	CHECK_EQ_U(alarm_counter(al, ALC_WINDOWS), 1);
	for (i = 0; i < 3; i++)
		(void)feed(al, P_ACK, "192.0.2.1", "198.51.100.1", 100 + i);
	CHECK_EQ_U(alarm_counter(al, ALC_WINDOWS), 1);
	(void)feed(al, P_ACK, "192.0.2.1", "198.51.100.1", 100 + 1000000);
	CHECK_EQ_U(alarm_counter(al, ALC_WINDOWS), 2);
	CHECK_EQ_U(alarm_counter(al, ALC_SMALL_WINDOWS), 1);
	/* A clock that runs back does not reopen anything. */
	(void)feed(al, P_ACK, "192.0.2.1", "198.51.100.1", 0);
	CHECK_EQ_U(alarm_counter(al, ALC_WINDOWS), 2);
	CHECK_EQ_U(alarm_counter(al, ALC_PACKETS), 15);
	alarm_free(al);
}

/*
 * A SYN flood on 198.51.100.80 amid ordinary traffic: one alarm, naming
 * that target; its SYNs get the DoS flag once the alarm is up, nothing
 * else does, and the flag ends with the flood.
 */
TEST(syn_flood)
{
	char msgs[4][ALARM_MAX_MESSAGE], file[256], text[ALARM_MAX_MESSAGE];
	size_t lens[4];
	struct alarm *al = must_open("window_packets = 100\nmin_packets = 50\n"
	    "quiet = 60\n");
	unsigned flag, dos_syn = 0, dos_other = 0, plain_syn = 0;
	int64_t t = 0;
	int i;

	/* Ordinary: ACKs both ways between several hosts. */
	for (i = 0; i < 300; i++, t += 1000)
		(void)feed(al, P_ACK, "192.0.2.7", i % 2 ? "198.51.100.1" :
		    "198.51.100.2", t);
	CHECK_EQ_U(alarm_counter(al, ALC_ALARMS), 0);
	/* The flood: nine SYNs to the victim for each ordinary packet. */
	for (i = 0; i < 1000; i++, t += 100) {
		if (i % 10 == 9) {
			flag = feed(al, i % 20 == 9 ? P_SYN : P_ACK,
			    "192.0.2.7", "198.51.100.1", t);
			if (flag == ALARM_DEFAULT_FLAG)
				dos_other++;
			continue;
		}
		flag = feed(al, P_SYN, i % 3 ? "203.0.113.5" : "203.0.113.6",
		    "198.51.100.80", t);
		if (flag == ALARM_DEFAULT_FLAG)
			dos_syn++;
		else
			plain_syn++;
	}
	CHECK_EQ_U(alarm_counter(al, ALC_ALARMS), 1);
	CHECK_EQ_U(alarm_last_kinds(al), 1u << ALARM_SYN);
	CHECK(alarm_counter(al, ALC_QUIET) >= 5);
	/* The first window of the flood raised it: after that, all flagged. */
	CHECK(dos_syn >= 800);
	CHECK(plain_syn <= 100);
	CHECK_EQ_U(dos_other, 0);
	CHECK_EQ_U(alarm_counter(al, ALC_DOS_PACKETS), dos_syn);

	/* Only the message: no sound, voice or sky dome configured. */
	CHECK_EQ_U(take_all(al, msgs, lens, 4), 1);
	CHECK_EQ_U(parse(msgs[0], lens[0], file, text, NULL), PT_MSG);
	CHECK_STR(file, "alarm-syn.png");
	CHECK(strstr(text, "SYN flood") != NULL);
	CHECK(strstr(text, "to 198.51.100.80 (") != NULL);
	CHECK(strstr(text, "198.51.100.1 ") == NULL);
	CHECK(strstr(text, "threshold 50.0%") != NULL);

	/* The flood is over: the next window drops the flag. */
	for (i = 0; i < 200; i++, t += 1000) {
		flag = feed(al, P_SYN, "203.0.113.5", "198.51.100.80", t);
		(void)feed(al, P_ACK, "192.0.2.7", "198.51.100.1", t);
		(void)feed(al, P_ACK, "192.0.2.7", "198.51.100.2", t);
		(void)feed(al, P_ACK, "192.0.2.7", "198.51.100.3", t);
	}
	CHECK(flag != ALARM_DEFAULT_FLAG);
	CHECK_EQ_U(alarm_counter(al, ALC_ALARMS), 1);
	alarm_free(al);
}

TEST(quiet_time)
{
	struct alarm *al = must_open(EDGE_CONF("0.5") "quiet = 5\n");

	/* Over at 0 s: alarm; over again at 4 s: quiet; at 6 s: alarm. */
	syn_window(al, 80, 0);
	CHECK_EQ_U(alarm_counter(al, ALC_ALARMS), 1);
	syn_window(al, 80, 4000000);
	CHECK_EQ_U(alarm_counter(al, ALC_ALARMS), 1);
	CHECK_EQ_U(alarm_counter(al, ALC_QUIET), 1);
	syn_window(al, 80, 6000000);
	CHECK_EQ_U(alarm_counter(al, ALC_ALARMS), 2);
	alarm_free(al);

	/* quiet = 0: every window over raises one. */
	al = must_open(EDGE_CONF("0.5") "quiet = 0\n");
	syn_window(al, 80, 0);
	syn_window(al, 80, 200000);
	syn_window(al, 80, 400000);
	CHECK_EQ_U(alarm_counter(al, ALC_ALARMS), 3);
	alarm_free(al);
}

/* IPv6, a UDP flood, and every optional message in its order. */
TEST(udp_flood6_messages)
{
	char msgs[8][ALARM_MAX_MESSAGE], file[256], text[ALARM_MAX_MESSAGE];
	size_t lens[8];
	int64_t ms;
	struct alarm *al = must_open("window_packets = 100\nmin_packets = 10\n"
	    "udp = 0.8\nflag = 12\nse = beep.wav\nsound = alarm.wav\n"
	    "sound_ms = -4000\nvoice = yes\nskydome = sky-alarm.png\n"
	    "skydome_clear = sky.png\npicture_udp = alarms/udp.png\n");
	int i;

	for (i = 0; i < 100; i++)
		(void)feed(al, i % 10 ? P_UDP : P_ACK, "2001:db8:bad::1",
		    i % 10 ? "2001:db8::80" : "2001:db8::1", i * 100);
	CHECK_EQ_U(alarm_counter(al, ALC_ALARMS), 1);
	CHECK_EQ_U(alarm_last_kinds(al), 1u << ALARM_UDP);
	CHECK_EQ_U(feed(al, P_UDP, "2001:db8:bad::2", "2001:db8::80", 20000),
	    12);
	CHECK_EQ_U(feed(al, P_ACK, "2001:db8:bad::2", "2001:db8::80", 20001),
	    3);
	CHECK_EQ_U(feed(al, P_UDP, "192.0.2.1", "198.51.100.80", 20002), 3);

	CHECK_EQ_U(take_all(al, msgs, lens, 8), 5);
	CHECK_EQ_U(parse(msgs[0], lens[0], file, text, NULL), PT_MSG);
	CHECK_STR(file, "alarms/udp.png");
	CHECK(strstr(text, "UDP flood") != NULL);
	CHECK(strstr(text, "to 2001:db8::80 (90)") != NULL);
	CHECK(strstr(text, "90.0% of the packets") != NULL);
	CHECK_EQ_U(parse(msgs[1], lens[1], file, text, NULL), PT_SE);
	CHECK_STR(file, "beep.wav");
	CHECK_EQ_U(parse(msgs[2], lens[2], file, text, &ms), PT_SOUND);
	CHECK_STR(file, "alarm.wav");
	CHECK_EQ_U(ms, -4000);
	CHECK_EQ_U(parse(msgs[3], lens[3], file, text, NULL), PT_VOICE);
	CHECK_STR(text, "Warning: UDP flood against 2001:db8::80.");
	CHECK_EQ_U(parse(msgs[4], lens[4], file, text, NULL), PT_SKYDOME);
	CHECK_STR(file, "sky-alarm.png");

	/* The attack ends: the sky comes back. */
	for (i = 0; i < 100; i++)
		(void)feed(al, P_ACK, "2001:db8:bad::1", "2001:db8::1",
		    30000 + i * 100);
	CHECK_EQ_U(take_all(al, msgs, lens, 8), 1);
	CHECK_EQ_U(parse(msgs[0], lens[0], file, text, NULL), PT_SKYDOME);
	CHECK_STR(file, "sky.png");
	CHECK_EQ_U(feed(al, P_UDP, "2001:db8:bad::2", "2001:db8::80", 50000),
	    3);
	alarm_free(al);
}

/* Several kinds in one window, several targets, target_share and top. */
TEST(kinds_and_targets)
{
	char msgs[2][ALARM_MAX_MESSAGE], file[256], text[ALARM_MAX_MESSAGE];
	size_t lens[2];
	struct alarm *al = must_open("window_packets = 100\nmin_packets = 10\n"
	    "syn = 0.3\nicmp = 0.3\ntop = 2\ntarget_share = 0.2\n");
	int i;

	/* 40 SYN: 30 to .80, 10 to .81; 40 ICMP: 20/12/8 to .90/.91/.92. */
	for (i = 0; i < 40; i++)
		(void)feed(al, P_SYN, "192.0.2.1", i < 30 ? "198.51.100.80" :
		    "198.51.100.81", i);
	for (i = 0; i < 40; i++)
		(void)feed(al, P_ICMP, "192.0.2.1", i < 20 ? "198.51.100.90" :
		    i < 32 ? "198.51.100.91" : "198.51.100.92", 100 + i);
	for (i = 0; i < 20; i++)
		(void)feed(al, P_ACK, "192.0.2.1", "198.51.100.1", 200 + i);
	CHECK_EQ_U(alarm_counter(al, ALC_ALARMS), 1);
	CHECK_EQ_U(alarm_last_kinds(al),
	    (1u << ALARM_SYN) | (1u << ALARM_ICMP));
	CHECK_EQ_U(take_all(al, msgs, lens, 2), 1);
	CHECK_EQ_U(parse(msgs[0], lens[0], file, text, NULL), PT_MSG);
	CHECK_STR(file, "alarm-syn.png");
	CHECK(strstr(text, "DoS alarm: SYN flood, ICMP flood") != NULL);
	CHECK(strstr(text, "to 198.51.100.80 (30)<br>and 198.51.100.81 (10)")
	    != NULL);
	CHECK(strstr(text, "to 198.51.100.90 (20)<br>and 198.51.100.91 (12)")
	    != NULL);
	CHECK(strstr(text, "198.51.100.92") == NULL);	/* top = 2 */
	/* Flagged by kind: a SYN to .81 yes, an ICMP to .81 no. */
	CHECK_EQ_U(feed(al, P_SYN, "192.0.2.1", "198.51.100.81", 300), 10);
	CHECK_EQ_U(feed(al, P_ICMP, "192.0.2.1", "198.51.100.81", 301), 3);
	CHECK_EQ_U(feed(al, P_ICMP, "192.0.2.1", "198.51.100.91", 302), 10);
	CHECK_EQ_U(feed(al, P_ICMP, "192.0.2.1", "198.51.100.92", 303), 3);
	alarm_free(al);

	/* target_share 0.3: .81 took 25% of the SYNs, so it is left out. */
	al = must_open("window_packets = 100\nmin_packets = 10\n"
	    "syn = 0.3\ntarget_share = 0.3\n");
	for (i = 0; i < 40; i++)
		(void)feed(al, P_SYN, "192.0.2.1", i < 30 ? "198.51.100.80" :
		    "198.51.100.81", i);
	for (i = 0; i < 60; i++)
		(void)feed(al, P_ACK, "192.0.2.1", "198.51.100.1", 100 + i);
	CHECK_EQ_U(take_all(al, msgs, lens, 2), 1);
	(void)parse(msgs[0], lens[0], file, text, NULL);
	CHECK(strstr(text, "198.51.100.80 (30)") != NULL);
	CHECK(strstr(text, "198.51.100.81") == NULL);
	alarm_free(al);
}

TEST(fin_rst)
{
	struct alarm *al = must_open("window_packets = 100\nmin_packets = 10\n"
	    "fin = 0.4\nrst = 0.4\nquiet = 0\n");
	int i;

	for (i = 0; i < 100; i++)
		(void)feed(al, i % 2 ? P_FIN : P_ACK, "192.0.2.1",
		    "198.51.100.70", i);
	CHECK_EQ_U(alarm_last_kinds(al), 1u << ALARM_FIN);
	for (i = 0; i < 100; i++)
		(void)feed(al, i % 2 ? P_RST : P_ACK, "192.0.2.1",
		    "198.51.100.71", 1000 + i);
	CHECK_EQ_U(alarm_last_kinds(al), 1u << ALARM_RST);
	CHECK_EQ_U(alarm_counter(al, ALC_ALARMS), 2);
	alarm_free(al);
}

TEST(reload)
{
	char err[256];
	struct alarm *al = must_open(EDGE_CONF("0.9"));
	FILE *f;

	syn_window(al, 60, 0);
	CHECK_EQ_U(alarm_counter(al, ALC_ALARMS), 0);
	if ((f = fopen(conf_path, "w")) == NULL)
		exit(99);
	fputs(EDGE_CONF("0.5"), f);
	fclose(f);
	CHECK(alarm_reload(al, err, sizeof(err)) == 0);
	syn_window(al, 60, 1000000);
	CHECK_EQ_U(alarm_counter(al, ALC_ALARMS), 1);
	CHECK_EQ_U(alarm_counter(al, ALC_RELOADS), 1);

	/* A broken file: refused, and the old thresholds stay. */
	if ((f = fopen(conf_path, "w")) == NULL)
		exit(99);
	fputs("syn = 0.99\nsyn = nonsense\n", f);
	fclose(f);
	CHECK(alarm_reload(al, err, sizeof(err)) == -1);
	CHECK(strstr(err, ":2: syn:") != NULL);
	CHECK_EQ_U(alarm_counter(al, ALC_RELOAD_ERRORS), 1);
	syn_window(al, 60, 100000000);
	CHECK_EQ_U(alarm_counter(al, ALC_ALARMS), 2);
	alarm_free(al);
}

TEST(bounds)
{
	char small[16], buf[ALARM_MAX_MESSAGE], dst[32];
	struct alarm *al = must_open("window_packets = 10000\nmin_packets = 10\n"
	    "window_seconds = 100\nsyn = 0.5\nquiet = 0\nvoice = yes\n");
	int i;

	/* More destinations than the table holds: counted, not tracked. */
	for (i = 0; i < 10000; i++) {
		(void)snprintf(dst, sizeof(dst), "10.%d.%d.%d", i >> 16,
		    (i >> 8) & 255, i & 255);
		(void)feed(al, P_SYN, "192.0.2.1", dst, i);
	}
	CHECK_EQ_U(alarm_counter(al, ALC_WINDOWS), 1);
	CHECK_EQ_U(alarm_counter(al, ALC_TARGETS_FULL), 10000 - 4096);
	CHECK_EQ_U(alarm_counter(al, ALC_ALARMS), 1);
	/* A buffer too small: the message is dropped, the next one comes. */
	CHECK_EQ_U(alarm_take_message(al, small, sizeof(small)), 0);
	CHECK_EQ_U(alarm_counter(al, ALC_MESSAGES_DROPPED), 2);

	/* The queue holds eight; more are dropped and counted. */
	for (i = 1; i <= 10; i++) {
		int j;

		for (j = 0; j < 10; j++)
			(void)feed(al, P_SYN, "192.0.2.1", "198.51.100.1",
			    i * 100000000LL + j);
		(void)feed(al, P_SYN, "192.0.2.1", "198.51.100.1",
		    i * 100000000LL + 50000000);
	}
	(void)feed(al, P_SYN, "192.0.2.1", "198.51.100.1", 11 * 100000000LL);
	CHECK_EQ_U(alarm_counter(al, ALC_ALARMS), 11);
	for (i = 0; alarm_take_message(al, buf, sizeof(buf)) > 0; i++)
		;
	CHECK_EQ_U(i, 8);
	CHECK_EQ_U(alarm_counter(al, ALC_MESSAGES_DROPPED), 2 + 20 - 8);
	alarm_free(al);
}

/*
 * The hash the destination table used before the keyed one: FNV-1a of the
 * family and the address, xor-folded.  An attacker who knows it computes
 * destinations that all start in one run of slots.
 */
static uint32_t
old_hash(const uint8_t a[4])
{
	uint32_t h = 2166136261u ^ 4u;
	int i;

	for (i = 0; i < 4; i++) {
		h ^= a[i];
		h *= 16777619u;
	}
	return h ^ (h >> 15);
}

#define COLLIDE_PACKETS	(100 * 4096)
#define COLLIDE_BOUND	0.13		/* s of CPU; the old table: 1.3 s */

TEST(colliding_destinations)
{
	static struct pk_packet pk[4096];
	struct alarm *al = must_open("window_packets = 1000000\n"
	    "min_packets = 10\nwindow_seconds = 3600\nquiet = 0\n");
	struct timeval tv = { T0, 0 };
	struct rusage r0, r1;
	unsigned n = 0, i;
	uint32_t x;
	uint8_t a[4];
	double cpu;

	/*
	 * 4096 destinations whose old hash lands in slots 0 to 63 of 8192:
	 * with linear probing one cluster, so that every lookup walked half
	 * of it on average and a window of them stalled the agent.
	 */
	make(P_SYN, "192.0.2.1", "10.0.0.1");
	for (x = 0; n < 4096; x++) {
		a[0] = 10;
		a[1] = (uint8_t)(x >> 16);
		a[2] = (uint8_t)(x >> 8);
		a[3] = (uint8_t)x;
		if ((old_hash(a) & 8191) >= 64)
			continue;
		pk[n] = pkt;
		memcpy(pk[n].dst, a, 4);
		n++;
	}
	getrusage(RUSAGE_SELF, &r0);
	for (i = 0; i < COLLIDE_PACKETS; i++)
		(void)alarm_packet(al, &pk[i % 4096], &tv, 0);
	getrusage(RUSAGE_SELF, &r1);
	cpu = (double)(r1.ru_utime.tv_sec - r0.ru_utime.tv_sec) +
	    (double)(r1.ru_utime.tv_usec - r0.ru_utime.tv_usec) / 1e6 +
	    (double)(r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) +
	    (double)(r1.ru_stime.tv_usec - r0.ru_stime.tv_usec) / 1e6;
	printf("# %u packets to 4096 destinations colliding under the old "
	    "hash: %.3f s of CPU (bound %.2f s)\n", COLLIDE_PACKETS, cpu,
	    COLLIDE_BOUND);
	/* A tenth of what the old table took: it breaks the bound tenfold. */
	CHECK(cpu < COLLIDE_BOUND);
	/* All tracked: the keyed hash spread them. */
	CHECK_EQ_U(alarm_counter(al, ALC_TARGETS_FULL), 0);
	CHECK_EQ_U(alarm_counter(al, ALC_PROBE_CAP), 0);
	CHECK_EQ_U(alarm_counter(al, ALC_PACKETS), COLLIDE_PACKETS);
	alarm_free(al);
}

/* --- captures -------------------------------------------------------------- */

struct run {
	unsigned alarms, kinds, dos;
	char	 text[ALARM_MAX_MESSAGE];	/* the first PACKTERMSG's html */
	char	 file[256];
	unsigned messages;
};

static int
run_capture(const char *dir, const char *name, const char *conf,
    struct run *r)
{
	char path[512], errbuf[PCAP_ERRBUF_SIZE], buf[ALARM_MAX_MESSAGE];
	char file[256], text[ALARM_MAX_MESSAGE];
	struct pcap_pkthdr *h;
	const u_char *data;
	struct pk_packet p;
	struct alarm *al;
	pcap_t *pc;
	size_t n;
	int rc;

	memset(r, 0, sizeof(*r));
	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((pc = pcap_open_offline(path, errbuf)) == NULL) {
		printf("  %s\n", errbuf);
		return -1;
	}
	al = must_open(conf);
	while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
		if (decode_frame(pcap_datalink(pc), data, h->caplen, &p) !=
		    PK_OK)
			continue;
		if (alarm_packet(al, &p, &h->ts, 0) == ALARM_DEFAULT_FLAG)
			r->dos++;
		while ((n = alarm_take_message(al, buf, sizeof(buf))) > 0) {
			r->messages++;
			if (parse(buf, n, file, text, NULL) == PT_MSG &&
			    r->text[0] == '\0') {
				memcpy(r->text, text, sizeof(r->text));
				memcpy(r->file, file, sizeof(r->file));
			}
		}
	}
	r->alarms = (unsigned)alarm_counter(al, ALC_ALARMS);
	r->kinds = alarm_last_kinds(al);
	alarm_free(al);
	pcap_close(pc);
	return rc == -2 ? 0 : -1;
}

static const char *capdir;

#define CAP_CONF "window_packets = 1000\nwindow_seconds = 1\n" \
	"min_packets = 50\nquiet = 60\n"

TEST(capture_normal)
{
	struct run r;

	CHECK(run_capture(capdir, "normal.pcap", CAP_CONF, &r) == 0);
	CHECK_EQ_U(r.alarms, 0);
	CHECK_EQ_U(r.messages, 0);
	CHECK_EQ_U(r.dos, 0);
}

TEST(capture_syn_flood)
{
	struct run r;

	CHECK(run_capture(capdir, "synflood.pcap", CAP_CONF, &r) == 0);
	CHECK_EQ_U(r.alarms, 1);
	CHECK_EQ_U(r.kinds, 1u << ALARM_SYN);
	CHECK_EQ_U(r.messages, 1);
	CHECK_STR(r.file, "alarm-syn.png");
	CHECK(strstr(r.text, "to 198.51.100.80 (") != NULL);
	CHECK(strstr(r.text, "<br>and ") == NULL);	/* one target only */
	/* Most of the 4000 SYNs fly as missiles; the first window does not. */
	CHECK(r.dos >= 2500 && r.dos <= 4000);
}

TEST(capture_udp_flood6)
{
	struct run r;

	CHECK(run_capture(capdir, "udpflood6.pcap", CAP_CONF, &r) == 0);
	CHECK_EQ_U(r.alarms, 1);
	CHECK_EQ_U(r.kinds, 1u << ALARM_UDP);
	CHECK(strstr(r.text, "to 2001:db8::80 (") != NULL);
	CHECK(r.dos >= 2500 && r.dos <= 4000);

	/* The same flood with the UDP threshold off raises nothing. */
	CHECK(run_capture(capdir, "udpflood6.pcap", CAP_CONF "udp = off\n",
	    &r) == 0);
	CHECK_EQ_U(r.alarms, 0);
}

int
main(int argc, char **argv)
{
	const char *tmp = getenv("TMPDIR");
	int fd;

	(void)snprintf(conf_path, sizeof(conf_path), "%s/alarmXXXXXX",
	    tmp != NULL && strlen(tmp) < 40 ? tmp : "/tmp");
	if ((fd = mkstemp(conf_path)) < 0) {
		perror("mkstemp");
		return 99;
	}
	close(fd);

	if (argc > 1) {
		capdir = argv[1];
		RUN(capture_normal);
		RUN(capture_syn_flood);
		RUN(capture_udp_flood6);
	} else {
		RUN(config_errors);
		RUN(sample_config);
		RUN(ratio_edges);
		RUN(rate_edges);
		RUN(rate_one_instant);
		RUN(window_closes_by_time_and_size);
		RUN(syn_flood);
		RUN(quiet_time);
		RUN(udp_flood6_messages);
		RUN(kinds_and_targets);
		RUN(fin_rst);
		RUN(reload);
		RUN(bounds);
		RUN(colliding_destinations);
	}
	unlink(conf_path);
	return test_report();
}
