/*
 * sender.c - batching records into PACKTER datagrams and sending them.
 *
 * Datagrams are built in place in a ring of SLOTS fixed buffers; when the
 * ring is full (or a flush is due) all of them go out in one sendmmsg(2) per
 * viewer.  No allocation after start-up.
 */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <limits.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "cli.h"
#include "counters.h"
#include "errbuf.h"
#include "log.h"
#include "stats.h"
#include "protocol.h"
#include "sender.h"

#define SLOTS		64
#define MAX_VIEWERS	16
#define KEYWORD		"PACKTER\n"
#define KEYWORD_LEN	(sizeof(KEYWORD) - 1)
/* The PACKTERGEO line (-G): keyword, one " WORD" a record, "\n". */
#define GEO_KW_LEN	(sizeof(PT_GEO_KEYWORD) - 1)
#define GEO_ROOM	(GEO_KW_LEN + 1 + PT_GEO_WORD_MAX + 1)

static const char *const sender_counter_names[SC_MAX] = {
	[SC_RECORDS]		= "records",
	[SC_DATAGRAMS]		= "datagrams",
	[SC_SENT]		= "datagrams-sent",
	[SC_SEND_ERRORS]	= "send-errors",
	[SC_TOO_LONG]		= "records-too-long",
	[SC_WRITE_ERRORS]	= "write-errors",
};

struct slot {
	size_t		 len;
	struct timeval	 ts;		/* packet time of the first record */
	unsigned	 records;
	/* The PACKTERTIME trailer so far (records only), and its last time. */
	size_t		 tlen;
	int64_t		 last_us;
	size_t		 glen;		/* the PACKTERGEO line so far (-G) */
};

struct viewer {
	struct sockaddr_storage	 ss;
	socklen_t		 sslen;
	int			 fd;
	int			 refused;	/* told "no viewer listening" */
	char			 name[80];
};

struct sender {
	struct sender_opts	 o;
	char			*buf;		/* SLOTS x payload_max */
	char			*tbuf;		/* SLOTS x payload_max: trailers */
	char			*gbuf;		/* SLOTS x payload_max: places */
	struct slot		 slot[SLOTS];
	unsigned		 nclosed;	/* slots [0, nclosed) are complete */
	int64_t			 oldest_us;	/* monotonic time of oldest unsent */
	struct viewer		 v[MAX_VIEWERS];
	unsigned		 nv;
	struct ratelimit	 rl_send;
	struct auth_signer	 signer;	/* with o.auth_key */
	uint64_t		 c[SC_MAX];
};

struct sender *
sender_new(const struct sender_opts *o)
{
	struct sender *s = xcalloc(1, sizeof(*s));

	s->o = *o;
	if (s->o.payload_max < SENDER_MIN_PAYLOAD)
		s->o.payload_max = SENDER_MIN_PAYLOAD;
	if (s->o.payload_max > 65507)
		s->o.payload_max = 65507;
	s->buf = xreallocarray(NULL, SLOTS, s->o.payload_max);
	if (s->o.capture_times)
		s->tbuf = xreallocarray(NULL, SLOTS, s->o.payload_max);
	if (s->o.geo)
		s->gbuf = xreallocarray(NULL, SLOTS, s->o.payload_max);
	s->oldest_us = INT64_MAX;
	if (s->o.auth_key != NULL) {
		char err[AUTH_ERRBUF_SIZE];

		if (auth_signer_init(&s->signer, s->o.auth_id, s->o.auth_key,
		    err, sizeof(err)) < 0)
			fatal(1, "-A %s: %s", s->o.auth_id, err);
	}
	return s;
}

/*
 * One connected socket per viewer: the route is looked up once, not per
 * datagram.  A viewer that is not listening makes sends fail with
 * ECONNREFUSED now and then; that is counted, never fatal.
 */
static int
viewer_socket(const struct sockaddr_storage *ss, socklen_t len)
{
	int fd, sz = 4 * 1024 * 1024;

	fd = socket(ss->ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	/* A large buffer so that bursts from sendmmsg are not cut short. */
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	if (connect(fd, (const struct sockaddr *)ss, len) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int
sender_add_viewer(struct sender *s, const char *spec, unsigned default_port,
    char *err, size_t errlen)
{
	struct viewer *v;
	char why[256];

	if (s->nv == MAX_VIEWERS) {
		snprintf(err, errlen, "too many viewers (at most %d)", MAX_VIEWERS);
		return -1;
	}
	v = &s->v[s->nv];
	if (cli_resolve(spec, default_port, 0, SOCK_DGRAM, &v->ss, &v->sslen,
	    v->name, sizeof(v->name), why, sizeof(why)) < 0) {
		snprintf(err, errlen, "viewer %s", why);
		return -1;
	}
	if ((v->fd = viewer_socket(&v->ss, v->sslen)) < 0) {
		(void)errbuf_fmt_errno(err, errlen, errno, "viewer '%s': socket",
		    spec);
		return -1;
	}
	s->nv++;
	return 0;
}

unsigned
sender_viewers(const struct sender *s)
{
	return s->nv;
}

char *
sender_viewer_filter(const struct sender *s)
{
	char host[NI_MAXHOST], serv[NI_MAXSERV], *f, *pct;
	size_t cap, n = 0;
	unsigned i;

	if (s->nv == 0)
		return NULL;
	cap = 64 + (size_t)s->nv * (NI_MAXHOST + NI_MAXSERV + 160);
	f = xmalloc(cap);
	for (i = 0; i < s->nv; i++) {
		if (getnameinfo((const struct sockaddr *)&s->v[i].ss,
		    s->v[i].sslen, host, sizeof(host), serv, sizeof(serv),
		    NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
			free(f);
			return NULL;
		}
		if ((pct = strchr(host, '%')) != NULL)	/* scope: BPF wants none */
			*pct = '\0';
		/*
		 * The datagram itself, and the port unreachable a viewer that
		 * is not listening answers with (the UDP header quoted in the
		 * ICMP error, at fixed offsets for an IP header without options).
		 */
		n += (size_t)snprintf(f + n, cap - n,
		    "%s(udp and dst host %s and dst port %s) or "
		    "(icmp and icmp[0] == 3 and icmp[30:2] == %s) or "
		    "(ip6 and ip6[6] == 58 and ip6[40] == 1 and ip6[90:2] == %s)",
		    i ? " or " : "", host, serv, serv, serv);
	}
	return f;
}

static inline char *
slot_buf(struct sender *s, unsigned i)
{
	return s->buf + (size_t)i * s->o.payload_max;
}

static inline char *
slot_tbuf(struct sender *s, unsigned i)
{
	return s->tbuf + (size_t)i * s->o.payload_max;
}

static inline char *
slot_gbuf(struct sender *s, unsigned i)
{
	return s->gbuf + (size_t)i * s->o.payload_max;
}

/*
 * A viewer that is not running answers with ICMP port unreachable: say so
 * once, in words, until it listens again (its datagrams are still counted
 * as send errors).
 */
static void
viewer_gone(struct viewer *v)
{
	if (v->refused)
		return;
	v->refused = 1;
	log_warn("no viewer listening at %s; going on (what is sent there "
	    "meanwhile is counted as send-errors)", v->name);
}

static void
viewer_back(struct viewer *v)
{
	v->refused = 0;
}

/* writev(2) until everything is written. */
static int
writev_all(int fd, struct iovec *iov, int cnt)
{
	ssize_t n;

	while (cnt > 0) {
		n = writev(fd, iov, cnt > IOV_MAX ? IOV_MAX : cnt);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		while (cnt > 0 && (size_t)n >= iov->iov_len) {
			n -= (ssize_t)iov->iov_len;
			iov++;
			cnt--;
		}
		if (cnt > 0) {
			iov->iov_base = (char *)iov->iov_base + n;
			iov->iov_len -= (size_t)n;
		}
	}
	return 0;
}

static int
print_slots(struct sender *s)
{
	struct iovec iov[2 * SLOTS];
	char times[SLOTS][48];
	unsigned i;
	size_t n;

	for (i = 0; i < s->nclosed; i++) {
		memcpy(times[i], "TIME ", 5);
		n = 5 + pt_fmt_u32(times[i] + 5, (uint32_t)s->slot[i].ts.tv_sec);
		times[i][n++] = ' ';
		n += pt_fmt_u32(times[i] + n, (uint32_t)s->slot[i].ts.tv_usec);
		times[i][n++] = '\n';
		iov[2 * i].iov_base = times[i];
		iov[2 * i].iov_len = n;
		iov[2 * i + 1].iov_base = slot_buf(s, i);
		iov[2 * i + 1].iov_len = s->slot[i].len;
	}
	if (writev_all(s->o.print_fd, iov, (int)(2 * s->nclosed)) < 0) {
		if (s->c[SC_WRITE_ERRORS]++ == 0)
			log_errno(LOG_LVL_ERR, errno, "cannot write the records");
		return -1;
	}
	return 0;
}

static int
emit(struct sender *s)
{
	struct mmsghdr msgs[SLOTS];
	struct iovec iov[2 * SLOTS];
	static char alines[SLOTS][AUTH_LINE_MAX];
	char ebuf[128];
	unsigned i, j, sent;
	int n, rc = 0;

	if (s->nclosed == 0)
		return 0;
	if (s->o.print_fd >= 0) {
		rc = print_slots(s);
	} else {
		time_t now = time(NULL);

		for (i = 0; i < s->nclosed; i++) {
			const char *d = slot_buf(s, i);
			size_t al = 0;

			/*
			 * A replayed datagram that is signed already stays so.
			 * Each line has a sequence number of its own: the same
			 * records in the same second are still two datagrams.
			 */
			if (s->o.auth_key != NULL && !(s->slot[i].len >= 13 &&
			    memcmp(d, "PACKTERAGENT ", 13) == 0))
				al = auth_signer_line(&s->signer, alines[i],
				    sizeof(alines[i]), (int64_t)now, d,
				    s->slot[i].len);
			iov[2 * i].iov_base = alines[i];
			iov[2 * i].iov_len = al;
			iov[2 * i + 1].iov_base = slot_buf(s, i);
			iov[2 * i + 1].iov_len = s->slot[i].len;
		}
		for (j = 0; j < s->nv; j++) {
			memset(msgs, 0, sizeof(msgs[0]) * s->nclosed);
			for (i = 0; i < s->nclosed; i++) {
				msgs[i].msg_hdr.msg_iov = &iov[2 * i];
				msgs[i].msg_hdr.msg_iovlen = 2;
			}
			for (sent = 0; sent < s->nclosed; ) {
				n = sendmmsg(s->v[j].fd, msgs + sent,
				    s->nclosed - sent, 0);
				if (n > 0) {
					sent += (unsigned)n;
					s->c[SC_SENT] += (unsigned)n;
					viewer_back(&s->v[j]);
					continue;
				}
				if (n < 0 && errno == EINTR)
					continue;
				/*
				 * ECONNREFUSED (a viewer's ICMP port
				 * unreachable), ENOBUFS ...: count this
				 * datagram as lost and go on; never stop.
				 */
				s->c[SC_SEND_ERRORS]++;
				if (n < 0 && errno == ECONNREFUSED)
					viewer_gone(&s->v[j]);
				else
					log_limited(&s->rl_send, LOG_LVL_WARN,
					    "send to viewer %s: %s",
					    s->v[j].name, n < 0 ?
					    errno_text(errno, ebuf,
					    sizeof(ebuf)) : "nothing sent");
				sent++;
			}
		}
	}
	s->nclosed = 0;
	s->slot[0].len = 0;
	s->oldest_us = INT64_MAX;
	return rc;
}

/* Close the open slot (if it holds anything); send when the ring is full. */
static void
close_slot(struct sender *s)
{
	struct slot *sl = &s->slot[s->nclosed];

	if (sl->len == 0)
		return;
	/* The places (-G) go before the times, which end the datagram. */
	if (sl->glen > 0) {
		memcpy(slot_buf(s, s->nclosed) + sl->len,
		    slot_gbuf(s, s->nclosed), sl->glen);
		sl->len += sl->glen;
		slot_buf(s, s->nclosed)[sl->len++] = '\n';
		sl->glen = 0;
	}
	/* The trailer was kept room for when each record came. */
	if (sl->tlen > 0) {
		memcpy(slot_buf(s, s->nclosed) + sl->len,
		    slot_tbuf(s, s->nclosed), sl->tlen);
		sl->len += sl->tlen;
		slot_buf(s, s->nclosed)[sl->len++] = '\n';
		sl->tlen = 0;
	}
	s->c[SC_DATAGRAMS]++;
	s->nclosed++;
	if (s->nclosed == SLOTS)
		emit(s);
	else
		s->slot[s->nclosed].len = 0;
}

void
sender_record(struct sender *s, const char *line, size_t len,
    const struct timeval *ts, int64_t now_us)
{
	sender_record_geo(s, line, len, ts, now_us, NULL, 0);
}

void
sender_record_geo(struct sender *s, const char *line, size_t len,
    const struct timeval *ts, int64_t now_us, const char *geo, size_t geo_len)
{
	struct slot *sl = &s->slot[s->nclosed];
	int64_t t = (int64_t)ts->tv_sec * 1000000 + ts->tv_usec;
	char tt[PT_TIME_FIRST_MAX];
	size_t tl = 0, gl = 0;

	/* -G: every record has its word, "-/-" when it was given none. */
	if (s->o.geo) {
		if (geo == NULL || geo_len == 0 || geo_len > PT_GEO_WORD_MAX) {
			geo = "-/-";
			geo_len = 3;
		}
		gl = 1 + geo_len;
	}
	if (len + KEYWORD_LEN + (s->o.capture_times ? PT_TIME_FIRST_MAX + 1 :
	    0) + (s->o.geo ? GEO_ROOM : 0) > s->o.payload_max) {
		s->c[SC_TOO_LONG]++;
		return;
	}
	s->c[SC_RECORDS]++;
	if (sl->len != 0) {
		int64_t gap = (int64_t)(ts->tv_sec - sl->ts.tv_sec) * 1000000 +
		    (ts->tv_usec - sl->ts.tv_usec);

		if (s->o.capture_times)
			tl = pt_fmt_time_delta(tt, t - sl->last_us);
		if (!s->o.batch || gap >= s->o.flush_us || gap < 0 ||
		    sl->len + len + sl->tlen + tl + 1 + (s->o.geo ?
		    sl->glen + gl + 1 : 0) > s->o.payload_max) {
			close_slot(s);
			sl = &s->slot[s->nclosed];
		}
	}
	if (sl->len == 0) {
		memcpy(slot_buf(s, s->nclosed), KEYWORD, KEYWORD_LEN);
		sl->len = KEYWORD_LEN;
		sl->ts = *ts;
		sl->records = 0;
		sl->tlen = 0;
		sl->glen = 0;
		if (s->o.geo) {
			memcpy(slot_gbuf(s, s->nclosed), PT_GEO_KEYWORD,
			    GEO_KW_LEN);
			sl->glen = GEO_KW_LEN;
		}
		if (s->o.capture_times)
			tl = pt_fmt_time_first(tt, t);
		if (s->oldest_us == INT64_MAX)
			s->oldest_us = now_us;
	}
	memcpy(slot_buf(s, s->nclosed) + sl->len, line, len);
	sl->len += len;
	sl->records++;
	if (tl > 0) {
		memcpy(slot_tbuf(s, s->nclosed) + sl->tlen, tt, tl);
		sl->tlen += tl;
		sl->last_us = t;
	}
	if (gl > 0) {
		slot_gbuf(s, s->nclosed)[sl->glen] = ' ';
		memcpy(slot_gbuf(s, s->nclosed) + sl->glen + 1, geo, geo_len);
		sl->glen += gl;
	}
	if (!s->o.batch)
		close_slot(s);
}

void
sender_datagram(struct sender *s, const char *buf, size_t len,
    const struct timeval *ts, int64_t now_us)
{
	struct slot *sl;

	close_slot(s);
	if (len > PT_MAX_DATAGRAM) {
		s->c[SC_TOO_LONG]++;
		return;
	}
	if (len > s->o.payload_max) {
		/* Larger than a slot: everything queued goes first, then this. */
		char *save = s->buf;
		size_t save_max = s->o.payload_max;

		emit(s);
		s->buf = (char *)buf;
		s->o.payload_max = len;
		s->slot[0].len = len;
		s->slot[0].ts = *ts;
		s->slot[0].records = 0;
		s->slot[0].tlen = 0;
		s->slot[0].glen = 0;
		s->nclosed = 1;
		s->c[SC_DATAGRAMS]++;
		emit(s);
		s->buf = save;
		s->o.payload_max = save_max;
		return;
	}
	sl = &s->slot[s->nclosed];
	memcpy(slot_buf(s, s->nclosed), buf, len);
	sl->len = len;
	sl->ts = *ts;
	sl->records = 0;
	sl->tlen = 0;
	sl->glen = 0;
	if (s->oldest_us == INT64_MAX)
		s->oldest_us = now_us;
	close_slot(s);
}

int64_t
sender_deadline(const struct sender *s)
{
	if (s->oldest_us == INT64_MAX)
		return INT64_MAX;
	return s->oldest_us + s->o.flush_us;
}

int
sender_flush(struct sender *s)
{
	int rc;

	close_slot(s);
	rc = emit(s);
	return rc;
}

uint64_t
sender_counter(const struct sender *s, enum sender_counter c)
{
	return s->c[c];
}

void
sender_stats(const struct sender *s, FILE *f)
{
	struct counters c = { "sender", sender_counter_names,
	    (uint64_t *)s->c, SC_MAX };

	counters_print(f, &c, 0);
}

void
sender_free(struct sender *s)
{
	unsigned i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nv; i++)
		close(s->v[i].fd);
	free(s->buf);
	free(s->tbuf);
	free(s->gbuf);
	free(s);
}
