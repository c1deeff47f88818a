/*
 * net.c - UDP input of the viewer: IPv4 and IPv6 sockets, recvmmsg batches,
 * kernel arrival stamps, parsing with common/protocol.c, counters.
 *
 * Never blocks: the sockets are non-blocking and net_poll() stops when they
 * are empty or its time budget is spent, so a flood costs frames a bounded
 * time and the rest waits in the socket buffer (whose overflows the kernel
 * reports through SO_RXQ_OVFL, counted as kernel drops).
 */
#include "config.h"
#include "net.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netdb.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "errbuf.h"
#include "gateway.h"
#include "log.h"

#define DGRAM_MAX	65536
#define CTRL_SIZE	(CMSG_SPACE(sizeof(struct timespec)) + \
			    CMSG_SPACE(sizeof(uint32_t)) + 64)
#define STAMP_SLACK	(10LL * 1000000000LL)	/* distrust older stamps */

static const char *const net_names[NET_COUNTERS] = {
	[NET_DATAGRAMS] = "datagrams",
	[NET_BYTES] = "bytes",
	[NET_RECORDS] = "records",
	[NET_BAD_LINES] = "bad record lines",
	[NET_TRUNCATED] = "truncated datagrams",
	[NET_KERNEL_DROPS] = "kernel drops",
	[NET_EMPTY] = "empty datagrams",
	[NET_CONTROL] = "control messages",
	[NET_UNKNOWN] = "unknown keywords",
	[NET_SIGNED] = "signed datagrams",
	[NET_RECV_ERRORS] = "receive errors",
	[NET_DENIED] = "refused-not-allowed",
	[NET_AUTH_REFUSED] = "refused-auth",
	[NET_RECORD_DATAGRAMS] = "record datagrams",
	[NET_EARTH] = "earth records",
};

/* What one recvmmsg needs, allocated once. */
struct net_batch {
	struct mmsghdr	 msgs[NET_BATCH];
	struct iovec	 iov[NET_BATCH];
	char		 ctrl[NET_BATCH][CTRL_SIZE];
	struct sockaddr_storage from[NET_BATCH];
};

static struct ratelimit rl_bad, rl_unknown, rl_recv, rl_denied, rl_auth;

int64_t
net_now(void)
{
	return mono_ns();
}

static int64_t
realtime_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void
set_rcvbuf(int fd, int want)
{
	if (want <= 0)
		return;
	/* FORCE goes past rmem_max when we may (root); else the capped one. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &want,
	    sizeof(want)) == -1)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &want,
		    sizeof(want));
}

/* Is sa a multicast group (224.0.0.0/4, ff00::/8)? */
bool
net_is_group(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return IN_MULTICAST(ntohl(((const struct sockaddr_in *)
		    (const void *)sa)->sin_addr.s_addr));
	if (sa->sa_family == AF_INET6)
		return IN6_IS_ADDR_MULTICAST(&((const struct sockaddr_in6 *)
		    (const void *)sa)->sin6_addr);
	return false;
}

/*
 * A bound, non-blocking UDP socket; -1 with errno set.  Bound to a
 * multicast group, the port may be shared by the other viewers of this host
 * (SO_REUSEADDR: each socket gets its own copy of every datagram).
 */
static int
open_socket(const struct sockaddr *sa, socklen_t salen, int rcvbuf)
{
	int fd, on = 1, saved;

	fd = socket(sa->sa_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd == -1)
		return -1;
	if (sa->sa_family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) == -1)
		goto fail;
	(void)setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &on, sizeof(on));
	(void)setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on));
	set_rcvbuf(fd, rcvbuf);
	if (net_is_group(sa) &&
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1)
		goto fail;
	if (bind(fd, sa, salen) == -1)
		goto fail;
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

static uint16_t
bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		return 0;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

static void
add_fd(struct net *n, int fd)
{
	socklen_t len = sizeof(n->rcvbuf);

	n->fd[n->nfd++] = fd;
	(void)getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &n->rcvbuf, &len);
}

/* Both families on one port; IPv6 may be missing from the host. */
static int
open_any(struct net *n, uint16_t port, int rcvbuf, char *err, size_t errlen)
{
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	int fd4, fd6, tries;

	for (tries = 0; tries < 20; tries++) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons(port);
		sin.sin_addr.s_addr = htonl(INADDR_ANY);
		fd4 = open_socket((struct sockaddr *)&sin, sizeof(sin), rcvbuf);
		if (fd4 == -1) {
			(void)errbuf_fmt_errno(err, errlen, errno,
			    "cannot listen on UDP port %u", port);
			return -1;
		}
		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons(bound_port(fd4));
		sin6.sin6_addr = in6addr_any;
		fd6 = open_socket((struct sockaddr *)&sin6, sizeof(sin6),
		    rcvbuf);
		if (fd6 == -1 && errno == EADDRINUSE && port == 0) {
			/* The free IPv4 port is taken on IPv6: again. */
			close(fd4);
			continue;
		}
		add_fd(n, fd4);
		if (fd6 == -1) {
			if (errno == EADDRINUSE) {
				(void)errbuf_fmt_errno(err, errlen, errno,
				    "cannot listen on UDP port %u over IPv6",
				    port);
				return -1;
			}
			log_errno(LOG_LVL_WARN, errno, "no IPv6 on port %u",
			    bound_port(fd4));
		} else
			add_fd(n, fd6);
		return 0;
	}
	snprintf(err, errlen, "no UDP port free on both IPv4 and IPv6");
	return -1;
}

/* Join the group fd is bound to: net.h. */
int
net_join_group(int fd, const struct sockaddr *sa, const char *ifname,
    char *err, size_t errlen)
{
	unsigned idx = 0;
	int off = 0;

	if (ifname != NULL && (idx = if_nametoindex(ifname)) == 0)
		return errbuf_fmt_errno(err, errlen, errno,
		    "--multicast-if %s", ifname);
	if (sa->sa_family == AF_INET) {
		struct ip_mreqn mr;

		memset(&mr, 0, sizeof(mr));
		mr.imr_multiaddr = ((const struct sockaddr_in *)
		    (const void *)sa)->sin_addr;
		mr.imr_ifindex = (int)idx;
		(void)setsockopt(fd, IPPROTO_IP, IP_MULTICAST_ALL, &off,
		    sizeof(off));
		if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr,
		    sizeof(mr)) == -1)
			return errbuf_fmt_errno(err, errlen, errno,
			    "cannot join the group");
		return 0;
	} else {
		const struct sockaddr_in6 *s6 = (const void *)sa;
		struct ipv6_mreq mr;

		memset(&mr, 0, sizeof(mr));
		mr.ipv6mr_multiaddr = s6->sin6_addr;
		mr.ipv6mr_interface = idx != 0 ? idx : s6->sin6_scope_id;
#ifdef IPV6_MULTICAST_ALL
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_ALL, &off,
		    sizeof(off));
#endif
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mr,
		    sizeof(mr)) == -1)
			return errbuf_fmt_errno(err, errlen, errno,
			    "cannot join the group");
		return 0;
	}
}

int
net_open(struct net *n, const char *bind_addr, uint16_t port, int rcvbuf,
    const char *mcast_if, char *err, size_t errlen)
{
	int fd, saved;

	memset(n, 0, sizeof(*n));
	n->fd[0] = n->fd[1] = -1;
	if (bind_addr == NULL) {
		if (open_any(n, port, rcvbuf, err, errlen) == -1)
			return -1;
	} else {
		struct addrinfo hints, *ai;
		char service[8];

		/* Numeric only; getaddrinfo takes IPv6 scopes (fe80::1%eth0). */
		memset(&hints, 0, sizeof(hints));
		hints.ai_family = AF_UNSPEC;
		hints.ai_socktype = SOCK_DGRAM;
		hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
		snprintf(service, sizeof(service), "%u", port);
		if (getaddrinfo(bind_addr, service, &hints, &ai) != 0) {
			snprintf(err, errlen, "%s: not an IPv4 or IPv6 address",
			    bind_addr);
			return -1;
		}
		fd = open_socket(ai->ai_addr, ai->ai_addrlen, rcvbuf);
		saved = errno;
		if (fd == -1) {
			freeaddrinfo(ai);
			snprintf(err, errlen, "cannot listen on %s port %u: %s",
			    bind_addr, port, strerror(saved));
			return -1;
		}
		if (net_is_group(ai->ai_addr) && net_join_group(fd, ai->ai_addr,
		    mcast_if, err, errlen) == -1) {
			freeaddrinfo(ai);
			close(fd);
			return -1;
		}
		n->group = net_is_group(ai->ai_addr);
		freeaddrinfo(ai);
		add_fd(n, fd);
	}
	n->port = bound_port(n->fd[0]);
	n->buf = xmalloc((size_t)NET_BATCH * DGRAM_MAX);
	n->batch = xcalloc(1, sizeof(*n->batch));
	n->first_record = n->last_record = 0;
	return 0;
}

void
net_close(struct net *n)
{
	int i;

	for (i = 0; i < n->nfd; i++)
		close(n->fd[i]);
	n->nfd = 0;
	free(n->buf);
	free(n->batch);
	n->buf = NULL;
	n->batch = NULL;
}

/* A record as the history keeps it. */
static int
record_in(const struct pt_record *r, struct hist_in *in)
{
	const char *start = r->src.addr_text.p;
	const char *end = r->desc.p + r->desc.len;

	in->sx = (float)r->src.x;
	in->sy = (float)r->src.y;
	in->dx = (float)r->dst.x;
	in->dy = (float)r->dst.y;
	in->flag = r->flag;
	if (start == NULL || r->desc.p == NULL || r->desc.p < start ||
	    end < start) {
		/* Not one slice of the datagram: keep the description. */
		in->line = r->desc.p;
		in->line_len = r->desc.len;
		in->desc_off = 0;
		return 0;
	}
	in->line = start;
	in->line_len = (size_t)(end - start);
	in->desc_off = (size_t)(r->desc.p - start);
	return 0;
}

/* Bytes a stranger sent, fit for a log: printable ASCII, '?' for the rest. */
static const char *
printable(char *dst, size_t cap, const char *p, size_t len)
{
	size_t i;

	if (len >= cap)
		len = cap - 1;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];

		dst[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	dst[len] = '\0';
	return dst;
}

/* "192.0.2.1" or "2001:db8::1", for logs. */
static const char *
addr_text(const struct sockaddr_storage *ss, char *buf, size_t len)
{
	const void *a = ss->ss_family == AF_INET6 ?
	    (const void *)&((const struct sockaddr_in6 *)ss)->sin6_addr :
	    (const void *)&((const struct sockaddr_in *)ss)->sin_addr;

	if ((ss->ss_family != AF_INET && ss->ss_family != AF_INET6) ||
	    inet_ntop(ss->ss_family, a, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
	return buf;
}

/*
 * With keys or --require-auth: is the datagram let in (docs/security.md
 * section 6)?  Refusals are counted here and, by reason, by the verifier.
 */
static bool
auth_passes(struct net *n, const struct pt_parser *ps,
    const struct sockaddr_storage *from, int64_t now_s)
{
	enum auth_result ar;
	char who[INET6_ADDRSTRLEN], id[AUTH_ID_MAX + 1];

	if (n->auth == NULL)
		return true;
	ar = auth_check(n->auth, ps, now_s);
	if (auth_accepted(ar))
		return true;
	n->c[NET_AUTH_REFUSED]++;
	log_limited(&rl_auth, LOG_LVL_WARN, "datagram from %s refused: %s%s%s",
	    addr_text(from, who, sizeof(who)), auth_result_name(ar),
	    ps->has_auth ? ", agent " : "", ps->has_auth ?
	    printable(id, sizeof(id), ps->auth.id.p, ps->auth.id.len) : "");
	return false;
}

/* The feed a datagram belongs to: its sender's address and port. */
static uint64_t
feed_key(const struct sockaddr_storage *ss)
{
	const unsigned char *p;
	uint64_t k = 1469598103934665603ULL;	/* FNV-1a */
	size_t i, len;
	uint16_t port;

	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)ss;

		p = s6->sin6_addr.s6_addr;
		len = 16;
		port = s6->sin6_port;
	} else {
		const struct sockaddr_in *s4 = (const void *)ss;

		p = (const unsigned char *)&s4->sin_addr;
		len = 4;
		port = s4->sin_port;
	}
	for (i = 0; i < len; i++)
		k = (k ^ p[i]) * 1099511628211ULL;
	k = (k ^ (port & 0xff)) * 1099511628211ULL;
	return (k ^ (port >> 8)) * 1099511628211ULL;
}

/*
 * PACKTERWITHGATEWAY: its record lines (the reference viewer reads as many
 * as follow) into the gateways' ring, stamped as records are.  None go into
 * the history, so 0 is returned.
 */
static size_t
gateway_datagram(struct net *n, struct pt_parser *ps, int64_t stamp,
    int64_t rt_offset, uint64_t feed)
{
	struct pt_gateway gw;
	char err[PT_ERRBUF_SIZE];
	const char *p;

	n->c[NET_RECORD_DATAGRAMS]++;
	for (;;) {
		for (p = ps->p; p < ps->end && (*p == ' ' || *p == '\t' ||
		    *p == '\r' || *p == '\n' || *p == '\0'); p++)
			;
		if (p == ps->end)
			break;
		if (pt_parse_gateway(ps, &gw, err, sizeof(err)) != 0) {
			n->c[NET_BAD_LINES]++;
			log_limited(&rl_bad, LOG_LVL_INFO, "skipped: %s", err);
			continue;
		}
		gateways_push(n->gateways, n->tb == NULL ? stamp :
		    timebase_stamp(n->tb, feed, stamp, rt_offset, PT_TIME_NONE),
		    &gw);
	}
	return 0;
}

/* --- the globe: PACKTEARTH from PACKTER 3.0's agents ---------------------- */

/*
 * A PACKTEARTH line (srclat,srclon,dstlat,dstlon,flag,desc) as a ball: on
 * the globe at its places, on the boards at (lon + 180) / 360 across and
 * (lat + 90) / 180 up; its description alone is its line (it has no
 * addresses or ports, so no traceback).  Stamped as a record without a
 * capture time is.  1 if taken.
 */
static size_t
earth_in(struct net *n, struct history *h, struct pt_parser *ps,
    int64_t stamp, int64_t rt_offset, uint64_t feed,
    const struct sockaddr_storage *from)
{
	struct pt_earth e;
	struct pt_geo g;
	struct hist_in in;
	char err[PT_ERRBUF_SIZE];
	uint64_t seq;

	if (pt_parse_earth(ps, &e, err, sizeof(err)) != 0) {
		n->c[NET_BAD_LINES]++;
		log_limited(&rl_bad, LOG_LVL_INFO, "skipped: PACKTEARTH: %s",
		    err);
		return 0;
	}
	memset(&in, 0, sizeof(in));
	in.sx = (float)((e.src_lon + 180.0) / 360.0);
	in.sy = (float)((e.src_lat + 90.0) / 180.0);
	in.dx = (float)((e.dst_lon + 180.0) / 360.0);
	in.dy = (float)((e.dst_lat + 90.0) / 180.0);
	in.flag = e.flag;
	in.line = e.desc.p;
	in.line_len = e.desc.len;
	seq = history_push(h, n->tb == NULL ? stamp :
	    timebase_stamp(n->tb, feed, stamp, rt_offset, PT_TIME_NONE), &in);
	/* The boards: its feed's board, no fields to filter on. */
	if (n->on_record != NULL)
		n->on_record(n->record_arg, h, seq, NULL, ps, from);
	memset(&g, 0, sizeof(g));
	g.state = PT_GEO_OK;
	g.src.known = g.dst.known = true;
	g.src.lat_e4 = (int32_t)lround(e.src_lat * 1e4);
	g.src.lon_e4 = (int32_t)lround(e.src_lon * 1e4);
	g.dst.lat_e4 = (int32_t)lround(e.dst_lat * 1e4);
	g.dst.lon_e4 = (int32_t)lround(e.dst_lon * 1e4);
	if (n->places != NULL)
		globe_places_put(n->places, seq, &g);
	n->c[NET_EARTH]++;
	return 1;
}

/* --- end of the globe ------------------------------------------------------ */

static size_t
parse_datagram(struct net *n, struct history *h, const char *buf, size_t len,
    int64_t stamp, const struct sockaddr_storage *from, int64_t now_s,
    int64_t rt_offset, uint64_t feed)
{
	struct pt_parser ps;
	struct pt_record r;
	struct hist_in in;
	char err[PT_ERRBUF_SIZE], kw[PT_ERRBUF_SIZE];
	enum pt_kind kind;
	size_t added = 0;
	uint64_t seq;
	int rc;

	kind = pt_parse_begin(&ps, buf, len);
	if (ps.has_auth)
		n->c[NET_SIGNED]++;
	if (from != NULL && !auth_passes(n, &ps, from, now_s))
		return 0;
	if (from != NULL && n->on_datagram != NULL && kind != PT_NONE &&
	    kind != PT_UNKNOWN)
		n->on_datagram(n->datagram_arg, buf, len, stamp + rt_offset);
	if (kind == PT_GATEWAY && n->gateways != NULL)
		return gateway_datagram(n, &ps, stamp, rt_offset, feed);
	switch (kind) {
	case PT_NONE:
		n->c[NET_EMPTY]++;
		return 0;
	case PT_RECORD:
	case PT_BALLISTIC:
		n->c[NET_RECORD_DATAGRAMS]++;
		break;
	case PT_EARTH:
		n->c[NET_RECORD_DATAGRAMS]++;
		return earth_in(n, h, &ps, stamp, rt_offset, feed, from);
	case PT_UNKNOWN:
		n->c[NET_UNKNOWN]++;
		log_limited(&rl_unknown, LOG_LVL_INFO, "unknown keyword "
		    "\"%s\"", printable(kw, sizeof(kw), ps.keyword.p,
		    ps.keyword.len));
		return 0;
	default:
		n->c[NET_CONTROL]++;
		if (n->on_control != NULL && from != NULL)
			n->on_control(n->control_arg, &ps, stamp);
		return 0;
	}
	while ((rc = pt_next_record(&ps, &r, err, sizeof(err))) != 0) {
		if (rc < 0) {
			n->c[NET_BAD_LINES]++;
			log_limited(&rl_bad, LOG_LVL_INFO, "skipped: %s", err);
			continue;
		}
		record_in(&r, &in);
		seq = history_push(h, n->tb == NULL ? stamp :
		    timebase_stamp(n->tb, feed, stamp, rt_offset, r.ts_us), &in);
		/* The globe: its places (PACKTERGEO), slot by slot. */
		if (n->places != NULL)
			globe_places_put(n->places, seq, &r.geo);
		if (n->on_record != NULL)
			n->on_record(n->record_arg, h, seq, &r, &ps, from);
		added++;
	}
	return added;
}

/* The arrival stamp of one datagram, on the monotonic clock. */
static int64_t
arrival(struct msghdr *mh, int64_t mono_now, int64_t rt_offset, struct net *n,
    int sock)
{
	struct cmsghdr *cm;
	struct timespec ts;
	uint32_t ovfl;
	int64_t stamp = mono_now, t;

	for (cm = CMSG_FIRSTHDR(mh); cm != NULL; cm = CMSG_NXTHDR(mh, cm)) {
		if (cm->cmsg_level != SOL_SOCKET)
			continue;
		if (cm->cmsg_type == SO_TIMESTAMPNS &&
		    cm->cmsg_len >= CMSG_LEN(sizeof(ts))) {
			memcpy(&ts, CMSG_DATA(cm), sizeof(ts));
			t = (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec -
			    rt_offset;
			if (t <= mono_now && t > mono_now - STAMP_SLACK)
				stamp = t;
		} else if (cm->cmsg_type == SO_RXQ_OVFL &&
		    cm->cmsg_len >= CMSG_LEN(sizeof(ovfl))) {
			memcpy(&ovfl, CMSG_DATA(cm), sizeof(ovfl));
			if (ovfl != n->ovfl[sock]) {
				n->c[NET_KERNEL_DROPS] +=
				    (uint32_t)(ovfl - n->ovfl[sock]);
				n->ovfl[sock] = ovfl;
			}
		}
	}
	return stamp;
}

/* One recvmmsg on one socket; -1 when it is empty. */
static int
read_batch(struct net *n, int sock, struct history *h, size_t *added)
{
	struct mmsghdr *msgs = n->batch->msgs;
	struct iovec *iov = n->batch->iov;
	int64_t mono, rt_offset, stamp, now_s;
	char who[INET6_ADDRSTRLEN];
	int i, got;

	for (i = 0; i < NET_BATCH; i++) {
		iov[i].iov_base = n->buf + (size_t)i * DGRAM_MAX;
		iov[i].iov_len = DGRAM_MAX;
		memset(&msgs[i].msg_hdr, 0, sizeof(msgs[i].msg_hdr));
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_name = &n->batch->from[i];
		msgs[i].msg_hdr.msg_namelen = sizeof(n->batch->from[i]);
		msgs[i].msg_hdr.msg_control = n->batch->ctrl[i];
		msgs[i].msg_hdr.msg_controllen = CTRL_SIZE;
	}
	got = recvmmsg(n->fd[sock], msgs, NET_BATCH, MSG_DONTWAIT, NULL);
	if (got <= 0) {
		if (got == -1 && errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR) {
			n->c[NET_RECV_ERRORS]++;
			log_limited(&rl_recv, LOG_LVL_WARN, "recvmmsg: %s",
			    strerror(errno));
		}
		return -1;
	}
	mono = net_now();
	rt_offset = realtime_now() - mono;
	now_s = (mono + rt_offset) / 1000000000LL;
	for (i = 0; i < got; i++) {
		const struct sockaddr_storage *from = &n->batch->from[i];
		size_t len = msgs[i].msg_len, k;

		stamp = arrival(&msgs[i].msg_hdr, mono, rt_offset, n, sock);
		n->c[NET_DATAGRAMS]++;
		n->c[NET_BYTES] += len;
		if (msgs[i].msg_hdr.msg_flags & MSG_TRUNC) {
			n->c[NET_TRUNCATED]++;
			continue;
		}
		if (n->allow != NULL &&
		    !acl_allows(n->allow, (const struct sockaddr *)from)) {
			n->c[NET_DENIED]++;
			log_limited(&rl_denied, LOG_LVL_WARN,
			    "datagram from %s refused: not in --allow",
			    addr_text(from, who, sizeof(who)));
			continue;
		}
		k = parse_datagram(n, h, iov[i].iov_base, len, stamp, from,
		    now_s, rt_offset, feed_key(from));
		if (k > 0) {
			if (n->c[NET_RECORDS] == 0)
				n->first_record = stamp;
			n->last_record = stamp;
			n->c[NET_RECORDS] += k;
			*added += k;
		}
	}
	return got;
}

size_t
net_feed(struct net *n, struct history *h, const char *buf, size_t len,
    int64_t arrival, int64_t rt_offset, uint64_t feed)
{
	size_t k;

	n->c[NET_DATAGRAMS]++;
	n->c[NET_BYTES] += len;
	k = parse_datagram(n, h, buf, len, arrival, NULL, 0, rt_offset, feed);
	if (k > 0) {
		if (n->c[NET_RECORDS] == 0)
			n->first_record = arrival;
		n->last_record = arrival;
		n->c[NET_RECORDS] += k;
	}
	return k;
}

size_t
net_poll(struct net *n, struct history *h, int64_t budget_ns)
{
	int64_t start = net_now();
	size_t added = 0;
	int i, busy;

	do {
		busy = 0;
		for (i = 0; i < n->nfd; i++)
			if (read_batch(n, i, h, &added) == NET_BATCH)
				busy = 1;
	} while (busy && net_now() - start < budget_ns);
	return added;
}

int
net_wait(struct net *n, int timeout_ms)
{
	struct pollfd pfd[NET_MAX_SOCKETS];
	int i, rc;

	for (i = 0; i < n->nfd; i++) {
		pfd[i].fd = n->fd[i];
		pfd[i].events = POLLIN;
		pfd[i].revents = 0;
	}
	rc = poll(pfd, (nfds_t)n->nfd, timeout_ms);
	if (rc == -1 && errno == EINTR)
		return 0;
	return rc > 0 ? 1 : rc;
}

void
net_counters(const struct net *n, struct counters *c)
{
	c->title = "network";
	c->names = net_names;
	c->v = (uint64_t *)(uintptr_t)n->c;
	c->n = NET_COUNTERS;
}

int
net_send_trace(const char *addr, uint16_t port, const char *msg, size_t len,
    char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t sslen;
	ssize_t n;
	int fd, saved;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sslen = sizeof(*sin);
	} else if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		sslen = sizeof(*sin6);
	} else
		return errbuf_fmt(err, errlen, "%s: not an address", addr);
	if ((fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return errbuf_fmt_errno(err, errlen, errno, "socket");
	n = sendto(fd, msg, len, 0, (struct sockaddr *)&ss, sslen);
	saved = errno;
	close(fd);
	if (n == -1)
		return errbuf_fmt_errno(err, errlen, saved,
		    "send to %s port %u", addr, port);
	if ((size_t)n != len)
		return errbuf_fmt(err, errlen, "send to %s port %u: short "
		    "write", addr, port);
	return 0;
}
