/*
 * session.c - one trace request from arrival to verdict.
 *
 *   QUEUED -> CONNECTING -> SENDING -> WAITING -> DONE
 *                 |  ^
 *                 v  |  (connection refused: retry after 250, 500 ... ms
 *              RETRY       while the deadline allows)
 *
 * Each request has its own TCP connection to the Decision Point (the
 * reference bridge connected once per request too, and a DP that answers a
 * ClientTraceRequest with two documents on the connection it came on needs
 * no other matching), its own deadline, and its own byte buffer from which
 * itm_frame() cuts whole <InterTrackMessage> documents.  Whatever goes wrong
 * -- refused, reset, closed early, garbage, a hostile document, silence --
 * ends in an "error" verdict to the viewer, never in a wait past the
 * deadline.  A request that finds the queue full is refused with an
 * "error" verdict too (TC_BUSY_NOTICES a second at most).
 *
 * Every state goes to the bridge's sink (tc.h), never to a socket of this
 * file's: what the viewer is told, and how, is the sink's business.
 */
#include "config.h"

#include "tc.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "log.h"

enum sess_state {
	S_QUEUED,
	S_RETRY,
	S_CONNECTING,
	S_SENDING,
	S_WAITING,
	S_DONE
};

#define READ_CHUNK	65536
#define BUF_MAX		(ITM_MAX_DOC + READ_CHUNK)

struct session {
	enum sess_state	 state;
	int		 fd;
	struct tc_input	 in;
	struct sockaddr_storage from;		/* who asked */
	socklen_t	 fromlen;
	struct itm_seq	 seq;			/* TemporarySequenceNumber */
	char		 seqs[24];		/* the same, for logs */
	int64_t		 t0;			/* arrival, us */
	int64_t		 deadline;
	int64_t		 retry_at;
	unsigned	 attempts;		/* connects tried */
	char		*req;			/* the request document */
	size_t		 reqlen, reqoff;
	char		*buf;			/* bytes from the DP */
	size_t		 len, cap;
	unsigned	 docs;
	int		 accepted;
	int		 has_msgid;
	struct itm_seq	 msgid;
};

static struct ratelimit rl_dp;

/* A TemporarySequenceNumber never used before by this bridge. */
static struct itm_seq
next_seq(struct bridge *b)
{
	struct timeval tv;
	struct itm_seq s;

	gettimeofday(&tv, NULL);
	s.sec = (uint32_t)tv.tv_sec;
	s.usec = (uint32_t)tv.tv_usec;
	if (s.sec < b->last_seq.sec ||
	    (s.sec == b->last_seq.sec && s.usec <= b->last_seq.usec)) {
		s = b->last_seq;
		if (++s.usec == 1000000) {
			s.usec = 0;
			s.sec++;
		}
	}
	b->last_seq = s;
	return s;
}

/* One state of a request to the sink. */
static void
report(struct bridge *b, enum tc_state st, const struct tc_input *in,
    struct itm_seq seq, const struct sockaddr_storage *from,
    socklen_t fromlen, const struct itm_reply *r, const char *reason)
{
	struct tc_report rp;

	if (b->sink.report == NULL)
		return;
	memset(&rp, 0, sizeof(rp));
	rp.state = st;
	rp.in = in;
	rp.seq = seq;
	rp.from = from;
	rp.fromlen = fromlen;
	rp.reply = r;
	rp.reason = reason;
	b->sink.report(b->sink.ctx, &rp);
}

static double
ms_since(const struct session *s, int64_t now)
{
	return (double)(now - s->t0) / 1000.0;
}

static void
close_fd(struct bridge *b, struct session *s)
{
	if (s->fd >= 0) {
		close(s->fd);
		s->fd = -1;
		b->active--;
	}
}

static void
finish(struct bridge *b, struct session *s, enum tc_state st,
    const struct itm_reply *r, const char *reason, int64_t now)
{
	char path[256];
	size_t n = 0;
	unsigned i;

	if (s->state == S_DONE)
		return;
	close_fd(b, s);
	s->state = S_DONE;
	switch (st) {
	case TC_FOUND:
		b->c[TCC_FOUND]++;
		path[0] = '\0';
		for (i = 0; r != NULL && i < r->nhops && n < sizeof(path);
		    i++) {
			int w;

			if (r->hops[i].asn != 0)
				w = snprintf(path + n, sizeof(path) - n,
				    "%sAS%lu/%u/%s", i ? " " : "",
				    (unsigned long)r->hops[i].asn,
				    r->hops[i].depth,
				    itm_state_name(r->hops[i].state));
			else
				w = snprintf(path + n, sizeof(path) - n,
				    "%s%s/%u/%s", i ? " " : "",
				    r->hops[i].node, r->hops[i].depth,
				    itm_state_name(r->hops[i].state));
			if (w < 0)
				break;
			n += (size_t)w;
		}
		log_info("seq %s: verdict found, AS path %s%s, in %.1f ms",
		    s->seqs, path, n >= sizeof(path) ? "..." : "",
		    ms_since(s, now));
		break;
	case TC_NOTFOUND:
		b->c[TCC_NOTFOUND]++;
		log_info("seq %s: verdict not found (%s), in %.1f ms",
		    s->seqs, reason != NULL ? reason : r->reason,
		    ms_since(s, now));
		break;
	default:
		b->c[TCC_ERROR]++;
		log_info("seq %s: verdict error (%s), in %.1f ms", s->seqs,
		    reason != NULL ? reason : r != NULL ? r->reason : "?",
		    ms_since(s, now));
		break;
	}
	report(b, st, &s->in, s->seq, &s->from, s->fromlen, r, reason);
	free(s->req);
	s->req = NULL;
	free(s->buf);
	s->buf = NULL;
	s->len = s->cap = 0;
}

static void
fail_with(struct bridge *b, struct session *s, int64_t now, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static void
fail_with(struct bridge *b, struct session *s, int64_t now, const char *fmt,
    ...)
{
	char reason[ITM_REASON_LEN + 64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	finish(b, s, TC_ERROR, NULL, reason, now);
}

static void
who_text(const struct sockaddr_storage *from, char *who, size_t len)
{
	const void *a;

	a = from->ss_family == AF_INET6 ?
	    (const void *)&((const struct sockaddr_in6 *)from)->sin6_addr :
	    (const void *)&((const struct sockaddr_in *)from)->sin_addr;
	if (inet_ntop(from->ss_family, a, who, (socklen_t)len) == NULL)
		snprintf(who, len, "?");
}

/*
 * The queue is full: the request is refused, and its viewer told so, as
 * for every other refusal, unless TC_BUSY_NOTICES have gone out in this
 * second already (a flood of requests is not answered with a flood).
 */
static void
refuse_busy(struct bridge *b, const struct tc_input *in,
    const struct sockaddr_storage *from, socklen_t fromlen, int64_t now)
{
	char reason[160], who[INET6_ADDRSTRLEN];
	struct itm_seq seq;

	b->c[TCC_QUEUE_FULL]++;
	who_text(from, who, sizeof(who));
	log_limited(&rl_dp, LOG_LVL_WARN, "%u requests in flight and %u "
	    "queued: request from %s for %s refused", b->o.max_inflight,
	    b->o.max_queue, who, in->md5);
	if (now - b->busy_since >= 1000000 || now < b->busy_since) {
		b->busy_since = now;
		b->busy_told = 0;
	}
	if (b->busy_told >= TC_BUSY_NOTICES) {
		b->c[TCC_QUEUE_FULL_UNTOLD]++;
		return;
	}
	b->busy_told++;
	seq = next_seq(b);
	snprintf(reason, sizeof(reason), "the bridge is busy (%u requests in "
	    "flight and %u queued): ask again later", b->o.max_inflight,
	    b->o.max_queue);
	report(b, TC_ERROR, in, seq, from, fromlen, NULL, reason);
}

void
session_new(struct bridge *b, const struct tc_input *in,
    const struct sockaddr_storage *from, socklen_t fromlen, int64_t now)
{
	struct session *s;
	char who[INET6_ADDRSTRLEN];

	if (b->ns >= (size_t)b->o.max_inflight + b->o.max_queue) {
		refuse_busy(b, in, from, fromlen, now);
		return;
	}
	s = xcalloc(1, sizeof(*s));
	s->fd = -1;
	s->in = *in;
	memcpy(&s->from, from, fromlen);
	s->fromlen = fromlen;
	s->seq = next_seq(b);
	snprintf(s->seqs, sizeof(s->seqs), "%lu.%06lu",
	    (unsigned long)s->seq.sec, (unsigned long)s->seq.usec);
	s->t0 = now;
	s->deadline = now + b->o.timeout_us;
	s->state = S_QUEUED;
	if (b->ns == b->scap) {
		b->scap = b->scap ? b->scap * 2 : 64;
		b->s = xreallocarray(b->s, b->scap, sizeof(*b->s));
	}
	b->s[b->ns++] = s;
	b->c[TCC_REQUESTS]++;

	who_text(from, who, sizeof(who));
	log_info("seq %s: request from %s: %s -> %s sport %u dport %u "
	    "flag %u hash %s", s->seqs, who, in->src, in->dst, in->sport,
	    in->dport, in->flag, in->md5);
	report(b, TC_STARTED, &s->in, s->seq, &s->from, s->fromlen, NULL,
	    NULL);
}

/* --- connecting ---------------------------------------------------------- */

static void connected(struct bridge *, struct session *, int64_t);

static void
connect_failed(struct bridge *b, struct session *s, int err, int64_t now)
{
	int64_t delay;

	close_fd(b, s);
	b->c[TCC_CONNECT_FAILED]++;
	delay = (int64_t)TC_RETRY_MS * 1000 << (s->attempts - 1);
	if (s->attempts <= b->o.retries && now + delay < s->deadline) {
		log_limited(&rl_dp, LOG_LVL_WARN, "seq %s: cannot connect to "
		    "the DP at %s: %s; again in %lld ms", s->seqs,
		    b->o.dp_name, strerror(err), (long long)delay / 1000);
		s->state = S_RETRY;
		s->retry_at = now + delay;
		return;
	}
	fail_with(b, s, now, "cannot connect to the Decision Point at %s: %s",
	    b->o.dp_name, strerror(err));
}

static void
start_connect(struct bridge *b, struct session *s, int64_t now)
{
	int fd;

	if (s->attempts > 0)
		b->c[TCC_RECONNECTS]++;
	s->attempts++;
	fd = socket(b->o.dp.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (fd < 0) {
		/* Out of descriptors: like a refused connection, retried. */
		s->fd = -1;
		connect_failed(b, s, errno, now);
		return;
	}
	s->fd = fd;
	if (++b->active > b->c[TCC_DP_PEAK])
		b->c[TCC_DP_PEAK] = b->active;
	if (connect(fd, (const struct sockaddr *)&b->o.dp, b->o.dplen) == 0) {
		connected(b, s, now);
		return;
	}
	if (errno == EINPROGRESS || errno == EINTR) {
		s->state = S_CONNECTING;
		return;
	}
	connect_failed(b, s, errno, now);
}

static void
addr_of(const struct sockaddr_storage *ss, struct itm_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->family = ss->ss_family;
	if (ss->ss_family == AF_INET6)
		memcpy(a->addr, &((const struct sockaddr_in6 *)ss)->sin6_addr,
		    16);
	else
		memcpy(a->addr, &((const struct sockaddr_in *)ss)->sin_addr,
		    4);
}

static void
connected(struct bridge *b, struct session *s, int64_t now)
{
	struct sockaddr_storage self;
	socklen_t slen = sizeof(self);
	struct itm_request rq;
	char err[ITM_ERRBUF_SIZE];

	if (getsockname(s->fd, (struct sockaddr *)&self, &slen) < 0) {
		fail_with(b, s, now, "getsockname: %s", strerror(errno));
		return;
	}
	memset(&rq, 0, sizeof(rq));
	addr_of(&b->o.dp, &rq.dp);
	addr_of(&self, &rq.self);
	rq.seq = s->seq;
	rq.ttl = b->o.ttl;
	memcpy(rq.md5, s->in.md5, sizeof(rq.md5));
	free(s->req);
	if (itm_build_request(&rq, &s->req, &s->reqlen, err,
	    sizeof(err)) < 0) {
		fail_with(b, s, now, "cannot build the request: %s", err);
		return;
	}
	if (b->schema != NULL && itm_schema_check(b->schema, s->req,
	    s->reqlen, err, sizeof(err)) < 0) {
		/* Our own bug, but the viewer still gets its answer. */
		log_err("seq %s: our request does not validate: %s", s->seqs,
		    err);
		fail_with(b, s, now, "the bridge built an invalid request");
		return;
	}
	s->reqoff = 0;
	s->state = S_SENDING;
	log_debug("seq %s: connected to %s, sending %zu bytes", s->seqs,
	    b->o.dp_name, s->reqlen);
}

/* --- sending and reading ------------------------------------------------- */

static void
do_send(struct bridge *b, struct session *s, int64_t now)
{
	ssize_t n;

	while (s->reqoff < s->reqlen) {
		n = send(s->fd, s->req + s->reqoff, s->reqlen - s->reqoff,
		    MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			if (errno == EINTR)
				continue;
			fail_with(b, s, now, "sending to the Decision Point: %s",
			    strerror(errno));
			return;
		}
		s->reqoff += (size_t)n;
	}
	b->c[TCC_SENT]++;
	log_info("seq %s: ClientTraceRequest sent to %s (TTL %u)", s->seqs,
	    b->o.dp_name, b->o.ttl);
	s->state = S_WAITING;
}

static int
same_seq(struct itm_seq a, struct itm_seq b)
{
	return a.sec == b.sec && a.usec == b.usec;
}

/* One document from the DP.  Returns -1 once the session is finished. */
static int
on_document(struct bridge *b, struct session *s, const char *doc,
    size_t len, int64_t now)
{
	struct itm_reply *r;
	char err[ITM_ERRBUF_SIZE];
	enum tc_state st;

	if (b->reply == NULL)
		b->reply = itm_reply_new();
	r = b->reply;
	if (++s->docs > TC_MAX_DOCS) {
		b->c[TCC_REPLY_INVALID]++;
		fail_with(b, s, now, "the Decision Point sent more than %d "
		    "documents", TC_MAX_DOCS);
		return -1;
	}
	if (itm_parse_reply(doc, len, r, err, sizeof(err)) < 0 ||
	    (b->schema != NULL && r->kind != ITM_MSG_OTHER &&
	    itm_schema_check(b->schema, doc, len, err, sizeof(err)) < 0)) {
		b->c[TCC_REPLY_INVALID]++;
		log_limited(&rl_dp, LOG_LVL_WARN, "seq %s: reply refused: %s",
		    s->seqs, err);
		fail_with(b, s, now, "the Decision Point's reply was refused: "
		    "%s", err);
		return -1;
	}
	switch (r->kind) {
	case ITM_MSG_ID_REPLY:
		if (!same_seq(r->tmpseq, s->seq)) {
			b->c[TCC_REPLY_MISMATCH]++;
			fail_with(b, s, now, "the Decision Point's ID reply "
			    "echoes sequence %lu.%06lu, not ours",
			    (unsigned long)r->tmpseq.sec,
			    (unsigned long)r->tmpseq.usec);
			return -1;
		}
		if (s->accepted) {
			b->c[TCC_REPLY_OTHER]++;
			return 0;
		}
		s->accepted = 1;
		s->has_msgid = r->has_msgid;
		s->msgid = r->msgid;
		b->c[TCC_ACCEPTED]++;
		log_info("seq %s: accepted by the DP as message %lu.%06lu, in "
		    "%.1f ms", s->seqs, (unsigned long)r->msgid.sec,
		    (unsigned long)r->msgid.usec, ms_since(s, now));
		report(b, TC_ACCEPTED, &s->in, s->seq, &s->from, s->fromlen,
		    r, NULL);
		return 0;
	case ITM_MSG_TRACE_REPLY:
		if (s->has_msgid && r->has_msgid &&
		    !same_seq(r->msgid, s->msgid)) {
			b->c[TCC_REPLY_MISMATCH]++;
			fail_with(b, s, now, "a trace reply for message "
			    "%lu.%06lu, not ours", (unsigned long)r->msgid.sec,
			    (unsigned long)r->msgid.usec);
			return -1;
		}
		st = r->verdict == ITM_V_FOUND ? TC_FOUND :
		    r->verdict == ITM_V_NOTFOUND ? TC_NOTFOUND : TC_ERROR;
		finish(b, s, st, r, NULL, now);
		return -1;
	default:
		b->c[TCC_REPLY_OTHER]++;
		log_debug("seq %s: ignoring an InterTrack %s", s->seqs,
		    r->type);
		return 0;
	}
}

static void
do_read(struct bridge *b, struct session *s, int64_t now)
{
	char err[ITM_ERRBUF_SIZE];
	size_t start, doclen, used;
	ssize_t n;
	int eof = 0, rc;

	for (;;) {
		if (s->cap - s->len < READ_CHUNK && s->cap < BUF_MAX) {
			s->cap = s->cap == 0 ? READ_CHUNK : s->cap * 2;
			if (s->cap > BUF_MAX)
				s->cap = BUF_MAX;
			s->buf = xreallocarray(s->buf, s->cap, 1);
		}
		if (s->len == s->cap)
			break;		/* itm_frame() says what is wrong */
		n = recv(s->fd, s->buf + s->len, s->cap - s->len, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			b->c[TCC_DP_CLOSED]++;
			fail_with(b, s, now, "reading from the Decision Point: "
			    "%s", strerror(errno));
			return;
		}
		if (n == 0) {
			eof = 1;
			break;
		}
		s->len += (size_t)n;
		/* Take whole documents as they come, so the buffer stays small. */
		break;
	}
	for (;;) {
		rc = itm_frame(s->buf, s->len, eof, ITM_MAX_DOC, &start,
		    &doclen, &used, err, sizeof(err));
		if (rc < 0) {
			b->c[TCC_REPLY_INVALID]++;
			log_limited(&rl_dp, LOG_LVL_WARN, "seq %s: %s",
			    s->seqs, err);
			fail_with(b, s, now, "the Decision Point's answer is "
			    "unusable: %s", err);
			return;
		}
		if (rc == 1 &&
		    on_document(b, s, s->buf + start, doclen, now) < 0)
			return;
		if (used > 0) {
			memmove(s->buf, s->buf + used, s->len - used);
			s->len -= used;
		}
		if (rc == 0)
			break;
	}
	if (eof) {
		b->c[TCC_DP_CLOSED]++;
		fail_with(b, s, now, "the Decision Point closed the connection "
		    "%s the trace reply", s->accepted ? "before" :
		    "without accepting the request or sending");
	}
}

void
session_io(struct bridge *b, struct session *s, short revents, int64_t now)
{
	int err = 0;
	socklen_t len = sizeof(err);

	switch (s->state) {
	case S_CONNECTING:
		if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
			err = errno;
		if (err != 0) {
			connect_failed(b, s, err, now);
			return;
		}
		if ((revents & (POLLOUT | POLLERR | POLLHUP)) == 0)
			return;
		connected(b, s, now);
		if (s->state != S_SENDING)
			return;
		/* FALLTHROUGH */
	case S_SENDING:
		do_send(b, s, now);
		return;
	case S_WAITING:
		do_read(b, s, now);
		return;
	default:
		return;
	}
}

int
session_fd(const struct session *s, short *events)
{
	switch (s->state) {
	case S_CONNECTING:
	case S_SENDING:
		*events = POLLOUT;
		return s->fd;
	case S_WAITING:
		*events = POLLIN;
		return s->fd;
	default:
		*events = 0;
		return -1;
	}
}

int64_t
sessions_tick(struct bridge *b, int64_t now)
{
	int64_t next = INT64_MAX;
	struct session *s;
	size_t i;

	for (i = 0; i < b->ns; i++) {
		s = b->s[i];
		if (s->state == S_DONE)
			continue;
		if (now >= s->deadline) {
			b->c[TCC_TIMEOUT]++;
			fail_with(b, s, now, "no %s from the Decision Point "
			    "within %.1f s", s->state == S_CONNECTING ?
			    "connection" : s->state == S_SENDING ?
			    "room to send" : s->accepted ? "trace reply" :
			    "answer", (double)b->o.timeout_us / 1e6);
			continue;
		}
		if (s->state == S_RETRY && now >= s->retry_at) {
			if (b->active < b->o.max_inflight)
				start_connect(b, s, now);
		} else if (s->state == S_QUEUED &&
		    b->active < b->o.max_inflight)
			start_connect(b, s, now);
		if (s->state == S_DONE)
			continue;
		if (s->deadline < next)
			next = s->deadline;
		if (s->state == S_RETRY && s->retry_at < next)
			next = s->retry_at;
	}
	return next;
}

void
sessions_reap(struct bridge *b)
{
	size_t i, j;

	for (i = j = 0; i < b->ns; i++) {
		if (b->s[i]->state == S_DONE) {
			free(b->s[i]);
			continue;
		}
		b->s[j++] = b->s[i];
	}
	b->ns = j;
}

void
sessions_abort(struct bridge *b, const char *reason, int64_t now)
{
	size_t i;

	for (i = 0; i < b->ns; i++)
		if (b->s[i]->state != S_DONE)
			fail_with(b, b->s[i], now, "%s", reason);
	sessions_reap(b);
}

void
sessions_free(struct bridge *b)
{
	size_t i;

	for (i = 0; i < b->ns; i++) {
		close_fd(b, b->s[i]);
		free(b->s[i]->req);
		free(b->s[i]->buf);
		free(b->s[i]);
	}
	free(b->s);
	b->s = NULL;
	b->ns = b->scap = 0;
	itm_reply_free(b->reply);
	b->reply = NULL;
}
