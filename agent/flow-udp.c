/*
 * flow-udp.c - the flow collectors' UDP socket, read in batches, and the
 * turning of a flow into a record for the core.
 *
 * The socket is bound where the operator said ("[ADDR:]PORT"), IPv6 and IPv4
 * together on the wildcard address, made non-blocking and given a large
 * receive buffer (exporters send bursts); recvmmsg(2) reads up to
 * FLOW_RX_BATCH datagrams per call.
 */
#include "config.h"

#include "flow.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "classify.h"
#include "cli.h"
#include "decode.h"
#include "errbuf.h"
#include "log.h"
#include "source.h"

static int
bind_one(const struct addrinfo *ai, char *err, size_t errlen)
{
	int fd, off = 0, size = FLOW_RX_RCVBUF;

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, ai->ai_protocol);
	if (fd < 0) {
		(void)errbuf_fmt_errno(err, errlen, errno, "socket");
		return -1;
	}
	/* "::" takes IPv4 exporters too, whatever net.ipv6.bindv6only says. */
	if (ai->ai_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	/* As root the buffer may pass rmem_max; otherwise take what we get. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
		snprintf(err, errlen, "bind: %s%s", strerror(errno),
		    errno == EADDRINUSE ? " (another collector on this port?)" :
		    errno == EACCES ? " (ports below 1024 need root)" : "");
		close(fd);
		return -1;
	}
	return fd;
}

static void
sockaddr_text(const struct sockaddr_storage *ss, char *dst, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	a[0] = '\0';
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)ss;

		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a));
		snprintf(dst, len, "[%s]:%u", a, ntohs(s6->sin6_port));
	} else {
		const struct sockaddr_in *s4 = (const void *)ss;

		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a));
		snprintf(dst, len, "%s:%u", a, ntohs(s4->sin_port));
	}
}

int
flow_rx_open(struct flow_rx *rx, const char *spec, unsigned default_port,
    const char *what, char *err, size_t errlen)
{
	struct addrinfo hints, *res = NULL, *ai;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char host[256], portbuf[8], e[160];
	unsigned port, i;
	int rc, fd = -1;

	memset(rx, 0, sizeof(*rx));
	rx->fd = -1;
	if (cli_split(spec, default_port, CLI_PASSIVE | CLI_BARE_PORT, host,
	    sizeof(host), &port, e, sizeof(e)) < 0) {
		snprintf(err, errlen, "%s %s", what, e);
		return -1;
	}
	snprintf(portbuf, sizeof(portbuf), "%u", port);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_protocol = IPPROTO_UDP;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((rc = getaddrinfo(host[0] ? host : NULL, portbuf, &hints,
	    &res)) != 0) {
		snprintf(err, errlen, "%s '%s': %s", what, host,
		    gai_strerror(rc));
		return -1;
	}
	e[0] = '\0';
	/* The wildcard: one IPv6 socket that takes IPv4 too, if it can. */
	if (host[0] == '\0')
		for (ai = res; ai != NULL && fd < 0; ai = ai->ai_next)
			if (ai->ai_family == AF_INET6)
				fd = bind_one(ai, e, sizeof(e));
	for (ai = res; ai != NULL && fd < 0; ai = ai->ai_next)
		if (ai->ai_family == AF_INET || ai->ai_family == AF_INET6)
			fd = bind_one(ai, e, sizeof(e));
	freeaddrinfo(res);
	if (fd < 0) {
		snprintf(err, errlen, "%s on UDP %s%s%s port %u: %s", what,
		    host[0] ? "address " : "", host, host[0] ? "" : "any",
		    port, e[0] ? e : "no usable address");
		return -1;
	}
	rx->fd = fd;
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0)
		sockaddr_text(&ss, rx->where, sizeof(rx->where));
	log_info("%s: listening on UDP %s", what, rx->where);

	rx->msgs = xcalloc(FLOW_RX_BATCH, sizeof(*rx->msgs));
	rx->iov = xcalloc(FLOW_RX_BATCH, sizeof(*rx->iov));
	rx->from = xcalloc(FLOW_RX_BATCH, sizeof(*rx->from));
	rx->bufs = xreallocarray(NULL, FLOW_RX_BATCH, FLOW_RX_BUFSZ);
	for (i = 0; i < FLOW_RX_BATCH; i++) {
		rx->iov[i].iov_base = rx->bufs + (size_t)i * FLOW_RX_BUFSZ;
		rx->iov[i].iov_len = FLOW_RX_BUFSZ;
		rx->msgs[i].msg_hdr.msg_iov = &rx->iov[i];
		rx->msgs[i].msg_hdr.msg_iovlen = 1;
		rx->msgs[i].msg_hdr.msg_name = &rx->from[i];
	}
	return 0;
}

int
flow_rx_recv(struct flow_rx *rx)
{
	unsigned i;
	int n;

	for (i = 0; i < FLOW_RX_BATCH; i++) {
		rx->msgs[i].msg_hdr.msg_namelen = sizeof(rx->from[i]);
		rx->msgs[i].msg_hdr.msg_flags = 0;
		rx->msgs[i].msg_len = 0;
	}
	rx->n = 0;
#ifdef HAVE_RECVMMSG
	n = recvmmsg(rx->fd, rx->msgs, FLOW_RX_BATCH, MSG_DONTWAIT, NULL);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;
		return -1;
	}
#else
	for (n = 0; n < FLOW_RX_BATCH; n++) {
		ssize_t r = recvmsg(rx->fd, &rx->msgs[n].msg_hdr, MSG_DONTWAIT);

		if (r < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			if (n == 0)
				return -1;
			break;
		}
		rx->msgs[n].msg_len = (unsigned)r;
	}
#endif
	rx->n = (unsigned)n;
	return n;
}

const uint8_t *
flow_rx_data(const struct flow_rx *rx, unsigned i, size_t *len)
{
	*len = rx->msgs[i].msg_len;
	if (*len > FLOW_RX_BUFSZ)
		*len = FLOW_RX_BUFSZ;
	return rx->bufs + (size_t)i * FLOW_RX_BUFSZ;
}

int
flow_rx_cut(const struct flow_rx *rx, unsigned i)
{
	return (rx->msgs[i].msg_hdr.msg_flags & MSG_TRUNC) != 0;
}

void
flow_rx_exporter(const struct flow_rx *rx, unsigned i, struct flow_exporter *e)
{
	const struct sockaddr_storage *ss = &rx->from[i];
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff };

	memset(e, 0, sizeof(*e));
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)ss;
		const uint8_t *a = s6->sin6_addr.s6_addr;

		e->port = ntohs(s6->sin6_port);
		if (memcmp(a, mapped, sizeof(mapped)) == 0) {
			e->family = 4;
			memcpy(e->addr, a + 12, 4);
		} else {
			e->family = 6;
			memcpy(e->addr, a, 16);
		}
	} else {
		const struct sockaddr_in *s4 = (const void *)ss;

		e->family = 4;
		e->port = ntohs(s4->sin_port);
		memcpy(e->addr, &s4->sin_addr, 4);
	}
}

void
flow_rx_close(struct flow_rx *rx)
{
	if (rx->fd >= 0)
		close(rx->fd);
	rx->fd = -1;
	free(rx->msgs);
	free(rx->iov);
	free(rx->from);
	free(rx->bufs);
	rx->msgs = NULL;
	rx->iov = NULL;
	rx->from = NULL;
	rx->bufs = NULL;
}

int
flow_proto_drawn(int proto)
{
	return proto == PK_IPPROTO_TCP || proto == PK_IPPROTO_UDP ||
	    proto == PK_IPPROTO_ICMP || proto == PK_IPPROTO_ICMPV6;
}

size_t
flow_fmt_u64(char *dst, uint64_t v)
{
	char tmp[20];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (i = 0; i < n; i++)
		dst[i] = tmp[n - 1 - i];
	return n;
}

size_t
flow_put(char *dst, size_t n, const char *s)
{
	size_t len = strlen(s);

	memcpy(dst + n, s, len);
	return n + len;
}

void
flow_emit(struct agent *ag, const struct flow_rec *f, const char *prefix,
    size_t prefix_len, const struct timeval *ts)
{
	struct pk_packet pkt;
	struct pt_rec_out out;
	char desc[PT_MAX_DESC];
	size_t alen = f->family == 6 ? 16 : 4, n;
	int icmp = f->proto == PK_IPPROTO_ICMP || f->proto == PK_IPPROTO_ICMPV6;

	memset(&pkt, 0, sizeof(pkt));
	pkt.family = f->family;
	pkt.proto = f->proto;
	pkt.l4_state = PK_L4_OK;
	pkt.tcp_flags = f->tcp_flags;
	pkt.sport = f->sport;
	pkt.dport = f->dport;
	pkt.icmp_type = f->icmp_type;
	pkt.icmp_code = f->icmp_code;
	memcpy(pkt.src, f->src, alen);
	memcpy(pkt.dst, f->dst, alen);

	memset(&out, 0, sizeof(out));
	out.family = f->family;
	memcpy(out.src, f->src, alen);
	memcpy(out.dst, f->dst, alen);
	if (icmp) {
		out.sport = (uint16_t)(f->icmp_type * 256u);
		out.dport = (uint16_t)(f->icmp_code * 256u);
	} else {
		out.sport = f->sport;
		out.dport = f->dport;
	}
	out.flag = pk_flag_class(f->family, f->proto, f->has_tcp_flags,
	    f->tcp_flags);

	n = prefix_len < PT_MAX_DESC - PK_DESC_MAX - 1 ? prefix_len :
	    PT_MAX_DESC - PK_DESC_MAX - 1;
	memcpy(desc, prefix, n);
	if (n > 0)
		desc[n++] = ' ';
	n += pk_describe(desc + n, PK_DESC_MAX, &pkt);
	out.desc = desc;
	out.desc_len = n;
	agent_flow(ag, &out, ts);
}

/* --- the collector as a source -------------------------------------------- */

#define FLOW_BATCHES	16		/* recvmmsg batches per run() */

/* What the source counts itself: datagrams that never reach the decoder. */
enum flow_counter {
	FC_CUT,			/* longer than the buffer: dropped */
	FC_RECV_ERRORS,		/* recvmmsg(2) failures */
	FC_MAX
};

static const char *const flow_counter_names[FC_MAX] = {
	[FC_CUT]		= "datagrams-cut",
	[FC_RECV_ERRORS]	= "receive-errors",
};

struct flow_source {
	struct source			 src;
	const struct flow_decoder	*d;
	struct flow_rx			 rx;
	void				*st;
	uint64_t			 c[FC_MAX];
	struct ratelimit		 rl_recv;
	struct ratelimit		 rl_cut;
	char				 name[96];
};

static int
flow_source_fd(struct source *s)
{
	return ((struct flow_source *)s)->rx.fd;
}

static enum source_status
flow_source_run(struct source *s, struct agent *ag, int64_t now_us,
    int64_t *wake_us)
{
	struct flow_source *fs = (struct flow_source *)s;
	struct flow_exporter from;
	struct timeval tv;
	struct timespec ts;
	const uint8_t *p;
	char eb[128];
	size_t len;
	unsigned i;
	int b, n;

	*wake_us = SRC_NO_WAKE;
	if (fs->d->tick != NULL)
		fs->d->tick(fs->st, now_us);
	for (b = 0; b < FLOW_BATCHES; b++) {
		if ((n = flow_rx_recv(&fs->rx)) < 0) {
			if (errno == EINTR)
				continue;
			fs->c[FC_RECV_ERRORS]++;
			log_limited(&fs->rl_recv, LOG_LVL_WARN, "%s: receive: "
			    "%s", fs->name, errno_text(errno, eb, sizeof(eb)));
			return SRC_MORE;
		}
		if (n == 0)
			return SRC_MORE;
		clock_gettime(CLOCK_REALTIME, &ts);
		tv.tv_sec = ts.tv_sec;
		tv.tv_usec = ts.tv_nsec / 1000;
		for (i = 0; i < (unsigned)n; i++) {
			p = flow_rx_data(&fs->rx, i, &len);
			flow_rx_exporter(&fs->rx, i, &from);
			if (flow_rx_cut(&fs->rx, i)) {
				fs->c[FC_CUT]++;
				log_limited(&fs->rl_cut, LOG_LVL_WARN, "%s: a "
				    "datagram longer than %u bytes: dropped",
				    fs->name, FLOW_RX_BUFSZ);
				continue;
			}
			fs->d->decode(fs->st, ag, p, len, &from, &tv, now_us);
		}
		if (n < FLOW_RX_BATCH)
			return SRC_MORE;
	}
	*wake_us = now_us;		/* more may wait: yield, come back */
	return SRC_MORE;
}

static void
flow_source_stats(struct source *s, FILE *f)
{
	struct flow_source *fs = (struct flow_source *)s;
	unsigned i;

	fs->d->stats(fs->st, f, fs->name);
	for (i = 0; i < FC_MAX; i++)
		if (fs->c[i] != 0)
			fprintf(f, "  %-24s %llu\n", flow_counter_names[i],
			    (unsigned long long)fs->c[i]);
}

static void
flow_source_close(struct source *s)
{
	struct flow_source *fs = (struct flow_source *)s;

	flow_rx_close(&fs->rx);
	fs->d->state_free(fs->st);
	free(fs);
}

static const struct source_ops flow_source_ops = {
	.name = "flow",
	.fd = flow_source_fd,
	.run = flow_source_run,
	.stats = flow_source_stats,
	.close = flow_source_close,
};

struct source *
flow_source_open(const struct flow_decoder *d, const char *spec,
    const void *opts, char *err, size_t errlen)
{
	struct flow_source *fs = xcalloc(1, sizeof(*fs));

	fs->src.ops = &flow_source_ops;
	fs->d = d;
	if (flow_rx_open(&fs->rx, spec, d->default_port, d->what, err,
	    errlen) < 0) {
		free(fs);
		return NULL;
	}
	fs->st = d->state_new(opts);
	snprintf(fs->name, sizeof(fs->name), "%s %s", d->what, fs->rx.where);
	return &fs->src;
}
