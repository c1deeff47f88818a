/*
 * test-session.c - the bridge's sessions (tc-bridge/session.c) against a
 * sink that records what they report, in place of the viewer.
 *
 * Without a socket: a request is reported started; one that finds the
 * queue full is refused and its viewer told, at most TC_BUSY_NOTICES a
 * second, the rest counted; shutting down ends every session with an error
 * verdict.  With a Decision Point of the test's own on loopback, driven by
 * the test's clock (no sleeping: the deadlines are passed in as times): a
 * refused connection tried 1 + retries times and then an error verdict; an
 * accepted request and a found trace, with its AS path; a DP that accepts
 * and then says nothing, ended by the deadline.
 */
#include "config.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tc.h"
#include "test.h"

#define MAX_REPORTS	64
#define T0		1000000000LL	/* the test's clock, us */

/* What the fake sink was told. */
struct seen {
	enum tc_state	 state;
	char		 reason[256];
	char		 md5[33];
	struct itm_seq	 seq;
	int		 family;
	unsigned	 nhops;
	unsigned long	 asn0;
};

static struct seen seen[MAX_REPORTS];
static unsigned nseen;

static void
record(void *ctx, const struct tc_report *rp)
{
	struct seen *s;

	(void)ctx;
	if (nseen == MAX_REPORTS)
		return;
	s = &seen[nseen++];
	memset(s, 0, sizeof(*s));
	s->state = rp->state;
	if (rp->reason != NULL)
		snprintf(s->reason, sizeof(s->reason), "%s", rp->reason);
	memcpy(s->md5, rp->in->md5, sizeof(s->md5));
	s->seq = rp->seq;
	s->family = rp->from->ss_family;
	if (rp->reply != NULL && rp->reply->kind == ITM_MSG_TRACE_REPLY) {
		s->nhops = rp->reply->nhops;
		if (rp->reply->nhops > 0)
			s->asn0 = (unsigned long)rp->reply->hops[0].asn;
	}
}

static void
bridge_init(struct bridge *b, unsigned inflight, unsigned queue)
{
	memset(b, 0, sizeof(*b));
	b->o.timeout_us = 2000000;
	b->o.ttl = ITM_DEFAULT_TTL;
	b->o.retries = 2;
	b->o.max_inflight = inflight;
	b->o.max_queue = queue;
	b->sink.report = record;
	b->sink.ctx = NULL;
	b->udp4 = b->udp6 = -1;
	nseen = 0;
}

static void
request(struct tc_input *in, unsigned n)
{
	memset(in, 0, sizeof(*in));
	in->family = AF_INET;
	snprintf(in->src, sizeof(in->src), "192.0.2.%u", n % 250 + 1);
	snprintf(in->dst, sizeof(in->dst), "198.51.100.1");
	in->sport = (uint16_t)(1024 + n);
	in->dport = 80;
	in->flag = 1;
	snprintf(in->md5, sizeof(in->md5), "%032x", n);
}

static void
viewer(struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	s4->sin_family = AF_INET;
	s4->sin_port = htons(40000);
	s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	*len = sizeof(*s4);
}

/* --- without a socket ----------------------------------------------------- */

TEST(started_busy_abort)
{
	struct bridge b;
	struct tc_input in;
	struct sockaddr_storage from;
	socklen_t fromlen;
	unsigned i, told = 0;

	bridge_init(&b, 1, 1);
	viewer(&from, &fromlen);
	request(&in, 1);
	session_new(&b, &in, &from, fromlen, T0);
	request(&in, 2);
	session_new(&b, &in, &from, fromlen, T0);
	CHECK_EQ_U(b.ns, 2);
	CHECK_EQ_U(nseen, 2);
	CHECK_EQ_U(seen[0].state, TC_STARTED);
	CHECK_STR(seen[0].md5, "00000000000000000000000000000001");
	CHECK_EQ_U(seen[1].state, TC_STARTED);
	CHECK_EQ_U(seen[0].family, AF_INET);
	/* Two sessions, two sequence numbers. */
	CHECK(seen[0].seq.sec != seen[1].seq.sec ||
	    seen[0].seq.usec != seen[1].seq.usec);

	/* The queue is full: refused, and the viewer told. */
	request(&in, 3);
	session_new(&b, &in, &from, fromlen, T0);
	CHECK_EQ_U(b.ns, 2);
	CHECK_EQ_U(b.c[TCC_QUEUE_FULL], 1);
	CHECK_EQ_U(nseen, 3);
	CHECK_EQ_U(seen[2].state, TC_ERROR);
	CHECK_STR(seen[2].md5, "00000000000000000000000000000003");
	CHECK(strstr(seen[2].reason, "busy") != NULL);
	CHECK(strstr(seen[2].reason, "1 requests in flight and 1 queued") !=
	    NULL);

	/* A flood of them within one second: TC_BUSY_NOTICES told. */
	for (i = 0; i < 20; i++) {
		request(&in, 100 + i);
		session_new(&b, &in, &from, fromlen, T0 + 999999);
	}
	for (i = 2; i < nseen; i++)
		told += seen[i].state == TC_ERROR;
	CHECK_EQ_U(told, TC_BUSY_NOTICES);
	CHECK_EQ_U(b.c[TCC_QUEUE_FULL], 21);
	CHECK_EQ_U(b.c[TCC_QUEUE_FULL_UNTOLD], 21 - TC_BUSY_NOTICES);
	/* The next second, the next one is told again. */
	i = nseen;
	session_new(&b, &in, &from, fromlen, T0 + 1000000);
	CHECK_EQ_U(nseen, i + 1);
	CHECK_EQ_U(seen[i].state, TC_ERROR);

	/* Shutting down: both sessions end with an error verdict. */
	i = nseen;
	sessions_abort(&b, "the bridge is shutting down", T0 + 2000000);
	CHECK_EQ_U(nseen, i + 2);
	CHECK_EQ_U(seen[i].state, TC_ERROR);
	CHECK_STR(seen[i].reason, "the bridge is shutting down");
	CHECK_EQ_U(seen[i + 1].state, TC_ERROR);
	CHECK_EQ_U(b.ns, 0);
	CHECK_EQ_U(b.c[TCC_ERROR], 2);
	sessions_free(&b);
}

/* --- with a Decision Point of our own ------------------------------------- */

/* A TCP listener on 127.0.0.1 (or a port nothing listens on). */
static int
dp_listen(struct bridge *b, int listening)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)&b->o.dp;
	socklen_t len = sizeof(*s4);
	int fd;

	memset(&b->o.dp, 0, sizeof(b->o.dp));
	s4->sin_family = AF_INET;
	s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)s4, len) < 0 ||
	    getsockname(fd, (struct sockaddr *)s4, &len) < 0 ||
	    (listening && listen(fd, 8) < 0)) {
		printf("# dp socket: %s\n", strerror(errno));
		exit(99);
	}
	b->o.dplen = len;
	snprintf(b->o.dp_name, sizeof(b->o.dp_name), "127.0.0.1:%u",
	    ntohs(s4->sin_port));
	if (!listening) {
		close(fd);		/* its port: refused from now on */
		return -1;
	}
	return fd;
}

/*
 * One round of the bridge's loop at time now: tick, then wait (at most 5 s,
 * for the kernel, never for a deadline: the test's clock passes those) for
 * the sessions' sockets and extra, and hand on what is ready.  Returns
 * extra's revents, and the next wake-up in *next.
 */
static short
round_at(struct bridge *b, int64_t now, int extra, short extra_ev,
    int64_t *next)
{
	struct pollfd pfd[8];
	struct session *who[8];
	short ev, got = 0;
	size_t i, n = 0;
	int fd;

	*next = sessions_tick(b, now);
	sessions_reap(b);
	for (i = 0; i < b->ns && n < 7; i++) {
		if ((fd = session_fd(b->s[i], &ev)) < 0)
			continue;
		pfd[n].fd = fd;
		pfd[n].events = ev;
		who[n++] = b->s[i];
	}
	if (extra >= 0) {
		pfd[n].fd = extra;
		pfd[n].events = extra_ev;
		who[n++] = NULL;
	}
	if (n == 0)
		return 0;
	if (poll(pfd, n, 5000) <= 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (pfd[i].revents == 0)
			continue;
		if (who[i] != NULL)
			session_io(b, who[i], pfd[i].revents, now);
		else
			got = pfd[i].revents;
	}
	return got;
}

TEST(dp_refuses)
{
	struct bridge b;
	struct tc_input in;
	struct sockaddr_storage from;
	socklen_t fromlen;
	int64_t now = T0, next;
	int rounds;
	short ev;

	bridge_init(&b, 4, 4);
	b.o.timeout_us = 60 * 1000000LL;
	dp_listen(&b, 0);
	viewer(&from, &fromlen);
	request(&in, 7);
	session_new(&b, &in, &from, fromlen, now);
	/* Connect, refused, again after 250 and 500 ms, then the verdict. */
	for (rounds = 0; rounds < 50 && b.c[TCC_ERROR] == 0; rounds++) {
		(void)round_at(&b, now, -1, 0, &next);
		/* Waiting for nothing but time: skip to when it is due. */
		next = sessions_tick(&b, now);
		if (b.ns > 0 && session_fd(b.s[0], &ev) < 0 &&
		    next != INT64_MAX && next > now)
			now = next;
	}
	CHECK_EQ_U(b.c[TCC_CONNECT_FAILED], 3);
	CHECK_EQ_U(b.c[TCC_RECONNECTS], 2);
	CHECK_EQ_U(b.c[TCC_ERROR], 1);
	CHECK_EQ_U(nseen, 2);
	CHECK_EQ_U(seen[1].state, TC_ERROR);
	CHECK(strstr(seen[1].reason, "cannot connect to the Decision Point")
	    != NULL);
	/* The retries took 250 + 500 ms of the test's clock, no more. */
	CHECK(now - T0 >= 750000 && now - T0 < 2000000);
	sessions_free(&b);
}

/* Read the request from the bridge up to its end; 0, or -1. */
static int
read_request(int fd)
{
	char buf[8192];
	size_t len = 0;
	ssize_t n;

	while (len < sizeof(buf) - 1) {
		n = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (n <= 0)
			return -1;
		len += (size_t)n;
		buf[len] = '\0';
		if (strstr(buf, "</InterTrackMessage>") != NULL)
			return strstr(buf, "ClientTraceRequest") != NULL ? 0 :
			    -1;
	}
	return -1;
}

#define NODE(tag) "<" tag "><NodeID idtype=\"IP\"><IPAddress version=\"4\" " \
	"block=\"loopback\" mask=\"32\">127.0.0.1</IPAddress></NodeID></" \
	tag ">"
#define MSGID "<MessageID>" NODE("Origin") \
	"<SequenceNumber sec=\"7\" usec=\"8\"/></MessageID>"
#define AS(depth, state, asn, status) \
	"<AS depth=\"" depth "\" degree=\"100\" state=\"" state "\">" \
	"<NodeID idtype=\"ITMID\"><ITMID><ASNumber>" asn "</ASNumber>" \
	"<CoverArea ipversion=\"4\" scope=\"global\"/></ITMID></NodeID>" \
	"<ASStatus type=\"" status "\"/></AS>"

static const char trace_found[] =
    "<InterTrackMessage type=\"ClientTraceReply\">"
    "<ClientTraceReply Export_type=\"AllResultExport\">"
    NODE("SourceNode") NODE("DestinationNode") MSGID
    "<AllResultExport><ITMTraceRequest Footmark_type=\"Footmark\">"
    NODE("DestinationNode") MSGID "<TTL>16</TTL><ITMPathList/>"
    "<Footmark><PacketDump encodetype=\"md5\" header=\"ip\" iftype=\"1\" "
    "PayloadLength=\"32\">00000000000000000000000000000009</PacketDump>"
    "<TimeStamp sec=\"7\" usec=\"8\"/></Footmark></ITMTraceRequest>"
    "<ITMTraceReply>" NODE("SourceNode") MSGID
    "<InterASTraceResult degree=\"100\">"
    AS("1", "found", "64500", "Source") AS("2", "reached", "64501", "Transit")
    "</InterASTraceResult></ITMTraceReply></AllResultExport>"
    "</ClientTraceReply></InterTrackMessage>";

/* The DP's ClientMessageIDReply, echoing the request's sequence number. */
static size_t
id_reply(char *buf, size_t cap, struct itm_seq seq)
{
	int n = snprintf(buf, cap,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<InterTrackMessage type=\"ClientMessageIDReply\">"
	    "<ClientMessageIDReply>" NODE("SourceNode")
	    NODE("DestinationNode")
	    "<TemporarySequenceNumber sec=\"%lu\" usec=\"%lu\"/>" MSGID
	    "</ClientMessageIDReply></InterTrackMessage>\n",
	    (unsigned long)seq.sec, (unsigned long)seq.usec);

	return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

/*
 * The DP accepts the connection and reads the request; answer: 0 says
 * nothing more, 1 the ID reply only, 2 the ID reply and a found trace.
 * The session's verdict ends it, or the deadline.
 */
static void
exchange(struct bridge *b, int lfd, int answer, int64_t *now)
{
	char buf[4096];
	int64_t next;
	size_t n;
	int cfd = -1, rounds;

	for (rounds = 0; rounds < 50 && cfd < 0; rounds++)
		if (round_at(b, *now, lfd, POLLIN, &next) & POLLIN)
			cfd = accept(lfd, NULL, NULL);
	CHECK(cfd >= 0);
	if (cfd < 0)
		return;
	/* The bridge sends its request once connected. */
	for (rounds = 0; rounds < 50 && b->c[TCC_SENT] == 0; rounds++)
		(void)round_at(b, *now, -1, 0, &next);
	CHECK_EQ_U(b->c[TCC_SENT], 1);
	CHECK(read_request(cfd) == 0);
	if (answer >= 1) {
		n = id_reply(buf, sizeof(buf), seen[0].seq);
		CHECK(n > 0 && write(cfd, buf, n) == (ssize_t)n);
	}
	if (answer >= 2)
		CHECK(write(cfd, trace_found, sizeof(trace_found) - 1) ==
		    (ssize_t)(sizeof(trace_found) - 1));
	for (rounds = 0; rounds < 50 && b->c[TCC_ACCEPTED] < (answer >= 1);
	    rounds++)
		(void)round_at(b, *now, -1, 0, &next);
	for (rounds = 0; rounds < 50 && answer >= 2 &&
	    b->c[TCC_FOUND] == 0; rounds++)
		(void)round_at(b, *now, -1, 0, &next);
	if (answer < 2) {
		/* Silence: the deadline, passed in as a time. */
		*now = next;
		(void)round_at(b, *now, -1, 0, &next);
	}
	close(cfd);
}

TEST(dp_found)
{
	struct bridge b;
	struct tc_input in;
	struct sockaddr_storage from;
	socklen_t fromlen;
	int64_t now = T0;
	int lfd;

	bridge_init(&b, 4, 4);
	lfd = dp_listen(&b, 1);
	viewer(&from, &fromlen);
	request(&in, 9);
	session_new(&b, &in, &from, fromlen, now);
	exchange(&b, lfd, 2, &now);
	CHECK_EQ_U(nseen, 3);
	CHECK_EQ_U(seen[0].state, TC_STARTED);
	CHECK_EQ_U(seen[1].state, TC_ACCEPTED);
	CHECK_EQ_U(seen[2].state, TC_FOUND);
	CHECK_EQ_U(seen[2].nhops, 2);
	CHECK_EQ_U(seen[2].asn0, 64500);
	CHECK_EQ_U(b.c[TCC_FOUND], 1);
	CHECK_EQ_U(b.active, 0);
	sessions_reap(&b);
	CHECK_EQ_U(b.ns, 0);
	close(lfd);
	sessions_free(&b);
}

TEST(dp_silent)
{
	struct bridge b;
	struct tc_input in;
	struct sockaddr_storage from;
	socklen_t fromlen;
	int64_t now = T0;
	int lfd;

	bridge_init(&b, 4, 4);
	lfd = dp_listen(&b, 1);
	viewer(&from, &fromlen);
	request(&in, 10);
	session_new(&b, &in, &from, fromlen, now);
	exchange(&b, lfd, 1, &now);
	CHECK_EQ_U(nseen, 3);
	CHECK_EQ_U(seen[1].state, TC_ACCEPTED);
	CHECK_EQ_U(seen[2].state, TC_ERROR);
	CHECK(strstr(seen[2].reason, "no trace reply from the Decision "
	    "Point within 2.0 s") != NULL);
	CHECK_EQ_U(b.c[TCC_TIMEOUT], 1);
	CHECK(now - T0 >= b.o.timeout_us);
	close(lfd);
	sessions_free(&b);
}

int
main(void)
{
	itm_init();
	RUN(started_busy_abort);
	RUN(dp_refuses);
	RUN(dp_found);
	RUN(dp_silent);
	return test_report();
}
