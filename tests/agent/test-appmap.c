/*
 * test-appmap.c - the parts of --app and --tag-apps that need no kernel:
 * the netlink sock_diag reply parser on crafted replies (good ones, and
 * each way a reply can be cut or lie), the request's layout, the cache's
 * expiry and eviction, the /proc parsers, the tags and the helper's wire.
 * The whole path with real programs is tests/agent/appmap.sh.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>

#include "appmap.h"
#include "sockdiag.h"
#include "test.h"

/* --- crafted replies ------------------------------------------------------ */

struct msgbuf {
	uint8_t	 b[4096];
	size_t	 n;
};

static void
put16(struct msgbuf *m, size_t at, uint16_t v)
{
	memcpy(m->b + at, &v, 2);		/* netlink: host order */
}

static void
put32(struct msgbuf *m, size_t at, uint32_t v)
{
	memcpy(m->b + at, &v, 4);
}

/* A netlink header at the end; returns where it starts. */
static size_t
nl_hdr(struct msgbuf *m, uint16_t type, uint32_t seq)
{
	size_t at = m->n;

	memset(m->b + at, 0, 16);
	put16(m, at + 4, type);
	put16(m, at + 6, NLM_F_MULTI);
	put32(m, at + 8, seq);
	m->n += 16;
	return at;
}

/* Close the message started at at: its length, then padding to 4. */
static void
nl_end(struct msgbuf *m, size_t at)
{
	put32(m, at, (uint32_t)(m->n - at));
	while (m->n % 4 != 0)
		m->b[m->n++] = 0;
}

static void
diag_msg(struct msgbuf *m, uint8_t af, uint8_t state, uint16_t lport,
    const void *laddr, uint16_t rport, const void *raddr, uint32_t uid,
    uint32_t inode)
{
	size_t at = m->n;

	memset(m->b + at, 0, 72);
	m->b[at] = af;
	m->b[at + 1] = state;
	m->b[at + 4] = (uint8_t)(lport >> 8);
	m->b[at + 5] = (uint8_t)lport;
	m->b[at + 6] = (uint8_t)(rport >> 8);
	m->b[at + 7] = (uint8_t)rport;
	memcpy(m->b + at + 8, laddr, af == AF_INET ? 4 : 16);
	memcpy(m->b + at + 24, raddr, af == AF_INET ? 4 : 16);
	put32(m, at + 64, uid);
	put32(m, at + 68, inode);
	m->n += 72;
}

static void
rt_attr(struct msgbuf *m, uint16_t type, const void *v, uint16_t len)
{
	put16(m, m->n, (uint16_t)(4 + len));
	put16(m, m->n + 2, type);
	memcpy(m->b + m->n + 4, v, len);
	m->n += 4 + len;
	while (m->n % 4 != 0)
		m->b[m->n++] = 0;
}

static void
done_msg(struct msgbuf *m, uint32_t seq)
{
	size_t at = nl_hdr(m, NLMSG_DONE, seq);

	put32(m, m->n, 0);
	m->n += 4;
	nl_end(m, at);
}

static void
error_msg(struct msgbuf *m, uint32_t seq, int err)
{
	size_t at = nl_hdr(m, NLMSG_ERROR, seq);

	put32(m, m->n, (uint32_t)-err);
	m->n += 4;
	memset(m->b + m->n, 0, 16);		/* the request's header */
	m->n += 16;
	nl_end(m, at);
}

static const uint8_t lo4[4] = { 127, 0, 0, 1 };
static const uint8_t peer4[4] = { 192, 0, 2, 7 };
static const uint8_t v6a[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t v6b[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

struct seen {
	struct sockdiag_entry	 e[8];
	int			 n;
};

static void
collect(void *arg, const struct sockdiag_entry *e)
{
	struct seen *s = arg;

	if (s->n < 8)
		s->e[s->n] = *e;
	s->n++;
}

static enum sockdiag_status
parse(struct msgbuf *m, uint8_t proto, uint32_t seq, struct seen *s,
    uint64_t c[SDC_MAX], int *e)
{
	memset(s, 0, sizeof(*s));
	memset(c, 0, SDC_MAX * sizeof(*c));
	return sockdiag_parse(m->b, m->n, proto, seq, collect, s, c, e);
}

TEST(parse_v4_and_done)
{
	struct msgbuf m = { .n = 0 };
	struct seen s;
	uint64_t c[SDC_MAX];
	size_t at;
	int e;

	at = nl_hdr(&m, SOCK_DIAG_BY_FAMILY, 7);
	diag_msg(&m, AF_INET, 1, 8123, lo4, 40000, peer4, 1000, 4242);
	nl_end(&m, at);
	done_msg(&m, 7);
	CHECK(parse(&m, 6, 7, &s, c, &e) == SD_DONE);
	CHECK_EQ_U(s.n, 1);
	CHECK_EQ_U(s.e[0].family, 4);
	CHECK_EQ_U(s.e[0].proto, 6);
	CHECK_EQ_U(s.e[0].state, 1);
	CHECK_EQ_U(s.e[0].lport, 8123);
	CHECK_EQ_U(s.e[0].rport, 40000);
	CHECK(memcmp(s.e[0].laddr, lo4, 4) == 0);
	CHECK(memcmp(s.e[0].raddr, peer4, 4) == 0);
	CHECK_EQ_U(s.e[0].uid, 1000);
	CHECK_EQ_U(s.e[0].inode, 4242);
	CHECK_EQ_U(c[SDC_MESSAGES], 2);
	CHECK_EQ_U(c[SDC_SOCKETS], 1);
	CHECK_EQ_U(c[SDC_TRUNCATED] + c[SDC_INVALID] + c[SDC_FOREIGN], 0);
}

TEST(parse_v6_attributes)
{
	struct msgbuf m = { .n = 0 };
	struct seen s;
	uint64_t c[SDC_MAX];
	uint8_t one = 1, junk[6] = { 1, 2, 3, 4, 5, 6 };
	size_t at;
	int e;

	at = nl_hdr(&m, SOCK_DIAG_BY_FAMILY, 3);
	diag_msg(&m, AF_INET6, 10, 443, v6a, 0, v6b, 0, 99);
	rt_attr(&m, INET_DIAG_SHUTDOWN, junk, 1);	/* others skipped */
	rt_attr(&m, INET_DIAG_SKV6ONLY, &one, 1);
	rt_attr(&m, INET_DIAG_MARK, junk, 6);
	nl_end(&m, at);
	CHECK(parse(&m, 17, 3, &s, c, &e) == SD_MORE);
	CHECK_EQ_U(s.n, 1);
	CHECK_EQ_U(s.e[0].family, 6);
	CHECK_EQ_U(s.e[0].proto, 17);
	CHECK_EQ_U(s.e[0].v6only, 1);
	CHECK(memcmp(s.e[0].laddr, v6a, 16) == 0);
	CHECK_EQ_U(s.e[0].inode, 99);
}

TEST(parse_cut_and_lies)
{
	struct msgbuf m = { .n = 0 }, k;
	struct seen s;
	uint64_t c[SDC_MAX];
	size_t at, at2;
	int e;

	/* A good socket, then one whose length runs past the buffer. */
	at = nl_hdr(&m, SOCK_DIAG_BY_FAMILY, 1);
	diag_msg(&m, AF_INET, 1, 1, lo4, 2, lo4, 0, 5);
	nl_end(&m, at);
	at2 = nl_hdr(&m, SOCK_DIAG_BY_FAMILY, 1);
	diag_msg(&m, AF_INET, 1, 3, lo4, 4, lo4, 0, 6);
	nl_end(&m, at2);
	k = m;
	k.n -= 10;
	CHECK(parse(&k, 6, 1, &s, c, &e) == SD_FAILED);
	CHECK_EQ_U(s.n, 1);
	CHECK_EQ_U(c[SDC_TRUNCATED], 1);

	/* A header cut in the middle. */
	k = m;
	k.n = at2 + 9;
	CHECK(parse(&k, 6, 1, &s, c, &e) == SD_FAILED);
	CHECK_EQ_U(c[SDC_TRUNCATED], 1);

	/* A length shorter than the header itself. */
	k = m;
	put32(&k, at2, 8);
	CHECK(parse(&k, 6, 1, &s, c, &e) == SD_FAILED);
	CHECK_EQ_U(c[SDC_INVALID], 1);

	/* A socket message too short for inet_diag_msg: skipped. */
	k = m;
	put32(&k, at2, 16 + 40);
	k.n = at2 + 16 + 40;
	CHECK(parse(&k, 6, 1, &s, c, &e) == SD_MORE);
	CHECK_EQ_U(s.n, 1);
	CHECK_EQ_U(c[SDC_TRUNCATED], 1);

	/* A family that is neither: skipped, invalid. */
	k = m;
	k.b[at2 + 16] = AF_UNIX;
	CHECK(parse(&k, 6, 1, &s, c, &e) == SD_MORE);
	CHECK_EQ_U(s.n, 1);
	CHECK_EQ_U(c[SDC_INVALID], 1);

	/* Another request's answers and other types: counted, passed. */
	k = m;
	put32(&k, at2 + 8, 2);
	put16(&k, at + 4, 77);
	CHECK(parse(&k, 6, 1, &s, c, &e) == SD_MORE);
	CHECK_EQ_U(s.n, 0);
	CHECK_EQ_U(c[SDC_FOREIGN], 2);
}

TEST(parse_bad_attributes)
{
	struct msgbuf m = { .n = 0 }, k;
	struct seen s;
	uint64_t c[SDC_MAX];
	uint8_t two[2] = { 1, 1 };
	size_t at, attr;
	int e;

	at = nl_hdr(&m, SOCK_DIAG_BY_FAMILY, 1);
	diag_msg(&m, AF_INET6, 1, 1, v6a, 2, v6b, 0, 5);
	attr = m.n;
	rt_attr(&m, INET_DIAG_MARK, two, 2);
	nl_end(&m, at);

	k = m;
	put16(&k, attr, 3);			/* shorter than itself */
	CHECK(parse(&k, 6, 1, &s, c, &e) == SD_MORE);
	CHECK_EQ_U(s.n, 0);
	CHECK_EQ_U(c[SDC_INVALID], 1);

	k = m;
	put16(&k, attr, 40);			/* past the message */
	CHECK(parse(&k, 6, 1, &s, c, &e) == SD_MORE);
	CHECK_EQ_U(s.n, 0);
	CHECK_EQ_U(c[SDC_TRUNCATED], 1);

	k = m;
	put16(&k, attr + 2, INET_DIAG_SKV6ONLY);	/* a u8 of 2 bytes */
	CHECK(parse(&k, 6, 1, &s, c, &e) == SD_MORE);
	CHECK_EQ_U(s.n, 0);
	CHECK_EQ_U(c[SDC_INVALID], 1);
}

TEST(parse_errors)
{
	struct msgbuf m = { .n = 0 };
	struct seen s;
	uint64_t c[SDC_MAX];
	int e;

	error_msg(&m, 9, ENOENT);
	CHECK(parse(&m, 17, 9, &s, c, &e) == SD_FAILED);
	CHECK_EQ_U(e, ENOENT);
	m.n = 0;
	error_msg(&m, 9, 0);			/* an ack: not what was asked */
	CHECK(parse(&m, 17, 9, &s, c, &e) == SD_FAILED);
	CHECK_EQ_U(e, EPROTO);
	m.n = 16;				/* an error with no errno */
	put32(&m, 0, 16);
	CHECK(parse(&m, 17, 9, &s, c, &e) == SD_FAILED);
	CHECK_EQ_U(e, EPROTO);
	CHECK_EQ_U(c[SDC_TRUNCATED], 1);
}

TEST(request_layout)
{
	struct sockdiag_query q;
	uint8_t b[128];
	size_t n;

	memset(&q, 0, sizeof(q));
	q.family = 4;
	q.proto = 6;
	q.lport = 0x1234;
	q.rport = 0x5678;
	memcpy(q.laddr, lo4, 4);
	memcpy(q.raddr, peer4, 4);
	n = sockdiag_request(b, sizeof(b), &q, 5);
	CHECK_EQ_U(n, 72);
	CHECK_EQ_U(sockdiag_request(b, 71, &q, 5), 0);
	CHECK_EQ_U(b[16], AF_INET);
	CHECK_EQ_U(b[17], 6);
	/* TCP: the local end is the id's source. */
	CHECK(b[24] == 0x12 && b[25] == 0x34 && b[26] == 0x56 && b[27] == 0x78);
	CHECK(memcmp(b + 28, lo4, 4) == 0 && memcmp(b + 44, peer4, 4) == 0);
	/* UDP: its destination. */
	q.proto = 17;
	n = sockdiag_request(b, sizeof(b), &q, 5);
	CHECK(b[24] == 0x56 && b[25] == 0x78 && b[26] == 0x12 && b[27] == 0x34);
	CHECK(memcmp(b + 28, peer4, 4) == 0 && memcmp(b + 44, lo4, 4) == 0);
	CHECK(b[64] == 0xff && b[71] == 0xff);		/* no cookie */
}

/* --- the cache ------------------------------------------------------------ */

static struct appmap_key
key(uint16_t sport)
{
	struct appmap_key k;

	memset(&k, 0, sizeof(k));
	k.family = 4;
	k.proto = 6;
	k.sport = sport;
	k.dport = 80;
	memcpy(k.src, lo4, 4);
	memcpy(k.dst, peer4, 4);
	return k;
}

static struct appmap_owner
owner(uint8_t state, uint32_t pid, const char *comm)
{
	struct appmap_owner o;

	memset(&o, 0, sizeof(o));
	o.state = state;
	o.pid = pid;
	snprintf(o.comm, sizeof(o.comm), "%s", comm);
	return o;
}

static const uint8_t hk[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
    14, 15, 16 };

TEST(cache_expiry)
{
	struct appmap_cache *c = appmap_cache_new(16, hk);
	struct appmap_key k = key(40000);
	struct appmap_owner o, curl = owner(APPMAP_OWNED, 1234, "curl"),
	    none = owner(APPMAP_NONE, 0, "");
	int64_t t = 1000000000;
	bool q;

	/* A miss: asked once, then waited for. */
	CHECK(appmap_cache_lookup(c, &k, t, &o, &q) == APPMAP_WAIT && q);
	CHECK(appmap_cache_lookup(c, &k, t + 10, &o, &q) == APPMAP_WAIT && !q);
	/* Unanswered for APPMAP_ASK_AGAIN_US: asked again. */
	CHECK(appmap_cache_lookup(c, &k, t + APPMAP_ASK_AGAIN_US, &o, &q) ==
	    APPMAP_WAIT && q);
	t += APPMAP_ASK_AGAIN_US;

	appmap_cache_answer(c, &k, &curl, t);
	CHECK(appmap_cache_lookup(c, &k, t + 1, &o, &q) == APPMAP_HIT && !q);
	CHECK_STR(o.comm, "curl");
	CHECK_EQ_U(o.pid, 1234);
	/* Fresh until APPMAP_TTL_US; then used, and asked again once. */
	CHECK(appmap_cache_lookup(c, &k, t + APPMAP_TTL_US - 1, &o, &q) ==
	    APPMAP_HIT && !q);
	CHECK(appmap_cache_lookup(c, &k, t + APPMAP_TTL_US, &o, &q) ==
	    APPMAP_HIT && q);
	CHECK(appmap_cache_lookup(c, &k, t + APPMAP_TTL_US + 5, &o, &q) ==
	    APPMAP_HIT && !q);
	/* The socket closed: "none" keeps the owner the flow had. */
	appmap_cache_answer(c, &k, &none, t + APPMAP_TTL_US + 10);
	CHECK(appmap_cache_lookup(c, &k, t + APPMAP_TTL_US + 20, &o, &q) ==
	    APPMAP_HIT);
	CHECK_EQ_U(o.state, APPMAP_OWNED);
	CHECK_EQ_U(appmap_cache_live(c, t + APPMAP_TTL_US + 20), 1);
	/* Quiet for APPMAP_FORGET_US after the asking: forgotten. */
	t += APPMAP_TTL_US + 10;
	CHECK_EQ_U(appmap_cache_live(c, t + APPMAP_FORGET_US - 1), 1);
	CHECK_EQ_U(appmap_cache_live(c, t + APPMAP_FORGET_US), 0);
	CHECK(appmap_cache_lookup(c, &k, t + APPMAP_FORGET_US, &o, &q) ==
	    APPMAP_WAIT && q);
	/* A new owner of the same 5-tuple replaces the old one. */
	appmap_cache_answer(c, &k, &none, t + APPMAP_FORGET_US + 1);
	CHECK(appmap_cache_lookup(c, &k, t + APPMAP_FORGET_US + 2, &o, &q) ==
	    APPMAP_HIT);
	CHECK_EQ_U(o.state, APPMAP_NONE);
	curl.pid = 99;
	appmap_cache_answer(c, &k, &curl, t + APPMAP_FORGET_US + 3);
	CHECK(appmap_cache_lookup(c, &k, t + APPMAP_FORGET_US + 4, &o, &q) ==
	    APPMAP_HIT);
	CHECK_EQ_U(o.pid, 99);
	appmap_cache_free(c);
}

TEST(cache_question_lost)
{
	struct appmap_cache *c = appmap_cache_new(16, hk);
	struct appmap_key k = key(1);
	struct appmap_owner o;
	bool q;

	CHECK(appmap_cache_lookup(c, &k, 100, &o, &q) == APPMAP_WAIT && q);
	appmap_cache_unasked(c, &k);
	CHECK(appmap_cache_lookup(c, &k, 101, &o, &q) == APPMAP_WAIT && q);
	appmap_cache_free(c);
}

TEST(cache_eviction)
{
	/* One set of 8: the ninth key takes the least recently touched. */
	struct appmap_cache *c = appmap_cache_new(1, hk);
	struct appmap_owner o, a = owner(APPMAP_OWNED, 1, "a");
	struct appmap_key k;
	unsigned i;
	bool q;

	for (i = 0; i < 8; i++) {
		k = key((uint16_t)(100 + i));
		appmap_cache_answer(c, &k, &a, 1000 + i);
	}
	CHECK_EQ_U(appmap_cache_live(c, 2000), 8);
	CHECK_EQ_U(appmap_cache_evictions(c), 0);
	k = key(200);
	CHECK(appmap_cache_lookup(c, &k, 3000, &o, &q) == APPMAP_WAIT && q);
	CHECK_EQ_U(appmap_cache_evictions(c), 1);
	CHECK_EQ_U(appmap_cache_live(c, 3000), 8);
	k = key(100);				/* the oldest: gone */
	CHECK(appmap_cache_lookup(c, &k, 3001, &o, &q) == APPMAP_WAIT);
	k = key(107);				/* the newest: kept */
	CHECK(appmap_cache_lookup(c, &k, 3002, &o, &q) == APPMAP_HIT);
	appmap_cache_free(c);
}

/* --- /proc, tags, the wire ---------------------------------------------- */

TEST(proc_stat)
{
	static const char ok[] = "1234 (a) b) S 77 1234 1234 0 -1 4194560\n";
	static const char tricky[] = "5 ((sd-pam)) R 1 5\n";
	char comm[APPMAP_COMM_LEN];
	uint32_t ppid = 0;

	CHECK(appmap_parse_stat(ok, sizeof(ok) - 1, &ppid, comm));
	CHECK_STR(comm, "a) b");
	CHECK_EQ_U(ppid, 77);
	CHECK(appmap_parse_stat(tricky, sizeof(tricky) - 1, &ppid, comm));
	CHECK_STR(comm, "(sd-pam)");
	CHECK_EQ_U(ppid, 1);
	CHECK(!appmap_parse_stat("1234 a) S 1 ", 12, &ppid, comm));
	CHECK(!appmap_parse_stat("1 (x) S ", 8, &ppid, comm));
	CHECK(!appmap_parse_stat("1 (x) S 12x ", 12, &ppid, comm));
	CHECK(!appmap_parse_stat("1 (x) S 4294967296 ", 19, &ppid, comm));
	CHECK(!appmap_parse_stat("1 (0123456789abcdef) S 1 ", 25, &ppid,
	    comm));
	CHECK(!appmap_parse_stat("1 (x) S 1", 9, &ppid, comm));	/* cut */
	CHECK(!appmap_parse_stat("", 0, &ppid, comm));
}

TEST(proc_socklink)
{
	uint32_t ino = 0;

	CHECK(appmap_parse_socklink("socket:[4242]", 13, &ino));
	CHECK_EQ_U(ino, 4242);
	CHECK(appmap_parse_socklink("socket:[4294967295]", 19, &ino));
	CHECK_EQ_U(ino, 4294967295U);
	CHECK(!appmap_parse_socklink("socket:[4294967296]", 19, &ino));
	CHECK(!appmap_parse_socklink("socket:[]", 9, &ino));
	CHECK(!appmap_parse_socklink("socket:[0]", 10, &ino));
	CHECK(!appmap_parse_socklink("socket:[12", 10, &ino));
	CHECK(!appmap_parse_socklink("socket:[1x2]", 12, &ino));
	CHECK(!appmap_parse_socklink("pipe:[4242]", 11, &ino));
	CHECK(!appmap_parse_socklink("anon_inode:[eventpoll]", 22, &ino));
}

TEST(tags)
{
	struct appmap_owner o = owner(APPMAP_OWNED, 4242, "Web Content");
	char t[APPMAP_TAG_MAX + 1];
	size_t n;

	n = appmap_tag(t, sizeof(t), &o);
	CHECK_MEM(t, n, " app=Web%20Content[4242]");
	o = owner(APPMAP_OWNED, 1, "a%b[c],\n");
	n = appmap_tag(t, sizeof(t), &o);
	CHECK_MEM(t, n, " app=a%25b%5Bc%5D%2C%0A[1]");
	/* Fifteen bytes that all need escaping still fit. */
	memset(o.comm, ' ', 15);
	o.comm[15] = '\0';
	o.pid = 4294967295U;
	n = appmap_tag(t, sizeof(t), &o);
	CHECK_EQ_U(n, APPMAP_TAG_MAX);
	o = owner(APPMAP_NONE, 0, "");
	n = appmap_tag(t, sizeof(t), &o);
	CHECK_MEM(t, n, " app=-");
	o = owner(APPMAP_UNKNOWN, 0, "");
	n = appmap_tag(t, sizeof(t), &o);
	CHECK_MEM(t, n, " app=?");
	CHECK_EQ_U(appmap_tag(t, 3, &o), 0);
}

TEST(wire)
{
	struct appmap_key k = key(5353), k2;
	struct appmap_owner o = owner(APPMAP_OWNED, 31337, "python3"), o2;
	uint8_t b[APPMAP_ANSWER_LEN];
	struct cursor c;

	k.proto = 17;
	o.in_app = 1;
	o.uid = 1000;
	CHECK_EQ_U(appmap_put_answer(b, &k, &o), APPMAP_ANSWER_LEN);
	cur_init(&c, b + 4, sizeof(b) - 4);
	CHECK(appmap_get_key(&c, &k2));
	CHECK(appmap_get_owner(&c, &o2));
	CHECK_EQ_U(cur_left(&c), 0);
	CHECK(memcmp(&k, &k2, sizeof(k)) == 0);
	CHECK_EQ_U(o2.pid, 31337);
	CHECK_EQ_U(o2.uid, 1000);
	CHECK_EQ_U(o2.in_app, 1);
	CHECK_STR(o2.comm, "python3");
	/* A state or protocol that is none of ours is refused. */
	b[4 + APPMAP_KEY_LEN] = 9;
	cur_init(&c, b + 4, sizeof(b) - 4);
	CHECK(appmap_get_key(&c, &k2));
	CHECK(!appmap_get_owner(&c, &o2));
	b[5] = 1;
	cur_init(&c, b + 4, sizeof(b) - 4);
	CHECK(!appmap_get_key(&c, &k2));
	cur_init(&c, b + 4, 10);
	CHECK(!appmap_get_key(&c, &k2));
}

int
main(void)
{
	RUN(parse_v4_and_done);
	RUN(parse_v6_attributes);
	RUN(parse_cut_and_lies);
	RUN(parse_bad_attributes);
	RUN(parse_errors);
	RUN(request_layout);
	RUN(cache_expiry);
	RUN(cache_question_lost);
	RUN(cache_eviction);
	RUN(proc_stat);
	RUN(proc_socklink);
	RUN(tags);
	RUN(wire);
	return test_report();
}
