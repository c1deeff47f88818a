/*
 * sockdiag.c - TCP and UDP sockets from the kernel: netlink sock_diag
 * (linux/sock_diag.h, linux/inet_diag.h; Documentation/networking and
 * ss(8) of iproute2 are the users to compare with).
 *
 * Request: one nlmsghdr (type SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST: one
 * socket, no dump), then struct inet_diag_req_v2 (56 bytes):
 *
 *     family u8 | protocol u8 | ext u8 | pad u8 | states u32 (host order)
 *     | inet_diag_sockid: sport be16 | dport be16 | src 16 | dst 16
 *       | if u32 | cookie 2 x u32 (INET_DIAG_NOCOOKIE: any)
 *
 * Reply: netlink messages, each 4-byte aligned, fields in host order:
 *
 *     nlmsghdr: len u32 | type u16 | flags u16 | seq u32 | pid u32
 *     inet_diag_msg (72 bytes):
 *       family u8 | state u8 | timer u8 | retrans u8
 *       sockid: sport be16 | dport be16 | src 16 | dst 16 | if u32
 *               | cookie 2 x u32
 *       expires u32 | rqueue u32 | wqueue u32 | uid u32 | inode u32
 *     then attributes (rtattr: len u16 | type u16 | value, 4-byte aligned):
 *       INET_DIAG_SKV6ONLY (u8) is the one read here.
 *
 * A dump ends with NLMSG_DONE; NLMSG_ERROR carries a negative errno
 * (ENOENT: no such socket).  The kernel answers a lookup in microseconds
 * (a hash lookup), where a dump walks every bucket of the tables (about
 * 0.6 ms each on the development machine, even in an empty namespace).
 * Nothing is cast to a struct: every field is read through the cursor.
 */
#include "config.h"

#include "sockdiag.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include "cursor.h"
#include "errbuf.h"

#define NL_HDR_LEN	16
#define DIAG_MSG_LEN	72
#define DIAG_REQ_LEN	56
#define NL_ALIGN(n)	(((n) + 3) & ~(size_t)3)

const char *const sockdiag_counter_names[SDC_MAX] = {
	[SDC_MESSAGES]	= "netlink-messages",
	[SDC_SOCKETS]	= "sockets",
	[SDC_TRUNCATED]	= "netlink-truncated",
	[SDC_INVALID]	= "netlink-invalid",
	[SDC_NL_ERRORS]	= "netlink-errors",
	[SDC_FOREIGN]	= "netlink-foreign",
};

/* Netlink's own fields are in host order. */
static CUR_CHECK bool
cur_ne16(struct cursor *c, uint16_t *v)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return cur_be16(c, v);
#else
	return cur_le16(c, v);
#endif
}

static void
put_ne16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}

static void
put_ne32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/*
 * One inet_diag_msg and its attributes (the message's payload, exactly).
 * Returns false when it is cut or lies.
 */
static bool
parse_socket(struct cursor *m, uint8_t proto, struct sockdiag_entry *e,
    uint64_t c[SDC_MAX])
{
	struct cursor a;
	uint8_t family, timer, retrans;
	uint16_t rlen, rtype;
	uint32_t skip;

	memset(e, 0, sizeof(*e));
	e->proto = proto;
	if (!cur_has(m, DIAG_MSG_LEN)) {
		c[SDC_TRUNCATED]++;
		return false;
	}
	if (!cur_u8(m, &family) || !cur_u8(m, &e->state) ||
	    !cur_u8(m, &timer) || !cur_u8(m, &retrans) ||
	    !cur_be16(m, &e->lport) || !cur_be16(m, &e->rport) ||
	    !cur_bytes(m, e->laddr, 16) || !cur_bytes(m, e->raddr, 16) ||
	    !cur_ne32(m, &e->ifindex) || !cur_ne32(m, &skip) ||
	    !cur_ne32(m, &skip) ||			/* cookie */
	    !cur_ne32(m, &skip) || !cur_ne32(m, &skip) ||
	    !cur_ne32(m, &skip) ||			/* expires, queues */
	    !cur_ne32(m, &e->uid) || !cur_ne32(m, &e->inode)) {
		c[SDC_TRUNCATED]++;		/* not reached: checked above */
		return false;
	}
	if (family == AF_INET) {
		e->family = 4;
		memset(e->laddr + 4, 0, 12);
		memset(e->raddr + 4, 0, 12);
	} else if (family == AF_INET6)
		e->family = 6;
	else {
		c[SDC_INVALID]++;
		return false;
	}
	while (cur_left(m) > 0) {
		if (!cur_ne16(m, &rlen) || !cur_ne16(m, &rtype)) {
			c[SDC_TRUNCATED]++;
			return false;
		}
		if (rlen < 4) {
			c[SDC_INVALID]++;
			return false;
		}
		if (!cur_sub(m, rlen - 4, &a)) {
			c[SDC_TRUNCATED]++;
			return false;
		}
		if ((rtype & 0x3fff) == INET_DIAG_SKV6ONLY) {
			if (!cur_u8(&a, &e->v6only) || cur_left(&a) != 0) {
				c[SDC_INVALID]++;
				return false;
			}
		}
		/* The padding to 4 may be missing after the last attribute. */
		if (!cur_skip(m, NL_ALIGN(rlen) - rlen) && cur_left(m) != 0) {
			c[SDC_TRUNCATED]++;
			return false;
		}
	}
	return true;
}

enum sockdiag_status
sockdiag_parse(const uint8_t *buf, size_t len, uint8_t proto, uint32_t seq,
    sockdiag_fn *fn, void *arg, uint64_t c[SDC_MAX], int *nl_errno)
{
	struct cursor cur, m;
	struct sockdiag_entry e;
	uint32_t mlen, mseq, pid, err;
	uint16_t type, flags;

	*nl_errno = 0;
	cur_init(&cur, buf, len);
	while (cur_left(&cur) > 0) {
		if (!cur_ne32(&cur, &mlen) || !cur_ne16(&cur, &type) ||
		    !cur_ne16(&cur, &flags) || !cur_ne32(&cur, &mseq) ||
		    !cur_ne32(&cur, &pid)) {
			c[SDC_TRUNCATED]++;
			return SD_FAILED;
		}
		c[SDC_MESSAGES]++;
		if (mlen < NL_HDR_LEN) {
			c[SDC_INVALID]++;
			return SD_FAILED;
		}
		if (!cur_sub(&cur, mlen - NL_HDR_LEN, &m)) {
			c[SDC_TRUNCATED]++;
			return SD_FAILED;
		}
		/* The last message's padding may be missing. */
		if (!cur_skip(&cur, NL_ALIGN(mlen) - mlen) &&
		    cur_left(&cur) != 0) {
			c[SDC_TRUNCATED]++;
			return SD_FAILED;
		}
		if (mseq != seq) {
			c[SDC_FOREIGN]++;
			continue;
		}
		switch (type) {
		case NLMSG_DONE:
			return SD_DONE;
		case NLMSG_ERROR:
			if (!cur_ne32(&m, &err)) {
				c[SDC_TRUNCATED]++;
				*nl_errno = EPROTO;
			} else {
				/* In 64 bits: -INT32_MIN would overflow. */
				int64_t ne = -(int64_t)(int32_t)err;

				*nl_errno = ne > 0 && ne <= INT_MAX ? (int)ne : 0;
			}
			if (*nl_errno <= 0)	/* an ack is no error ... */
				*nl_errno = EPROTO;	/* ... nor asked for */
			return SD_FAILED;
		case SOCK_DIAG_BY_FAMILY:
			if (!parse_socket(&m, proto, &e, c))
				continue;
			c[SDC_SOCKETS]++;
			fn(arg, &e);
			break;
		default:
			c[SDC_FOREIGN]++;
			break;
		}
	}
	return SD_MORE;
}

size_t
sockdiag_request(uint8_t *buf, size_t cap, const struct sockdiag_query *q,
    uint32_t seq)
{
	size_t n = NL_HDR_LEN + DIAG_REQ_LEN, alen = q->family == 6 ? 16 : 4;
	uint8_t *r = buf + NL_HDR_LEN, *src, *dst;

	if (cap < n)
		return 0;
	memset(buf, 0, n);
	put_ne32(buf, (uint32_t)n);
	put_ne16(buf + 4, SOCK_DIAG_BY_FAMILY);
	put_ne16(buf + 6, NLM_F_REQUEST);
	put_ne32(buf + 8, seq);
	r[0] = q->family == 6 ? AF_INET6 : AF_INET;
	r[1] = q->proto;
	put_ne32(r + 4, 0xffffffffU);		/* every state */
	src = r + 12;
	dst = r + 28;
	if (q->proto == 17) {		/* udp_dump_one: the local end last */
		r[8] = (uint8_t)(q->rport >> 8);
		r[9] = (uint8_t)q->rport;
		r[10] = (uint8_t)(q->lport >> 8);
		r[11] = (uint8_t)q->lport;
		memcpy(src, q->raddr, alen);
		memcpy(dst, q->laddr, alen);
	} else {
		r[8] = (uint8_t)(q->lport >> 8);
		r[9] = (uint8_t)q->lport;
		r[10] = (uint8_t)(q->rport >> 8);
		r[11] = (uint8_t)q->rport;
		memcpy(src, q->laddr, alen);
		memcpy(dst, q->raddr, alen);
	}
	put_ne32(r + 48, INET_DIAG_NOCOOKIE);
	put_ne32(r + 52, INET_DIAG_NOCOOKIE);
	return n;
}

int
sockdiag_open(int timeout_ms, char *err, size_t errlen)
{
	struct timeval tv;
	int fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0)
		return errbuf_fmt_errno(err, errlen, errno,
		    "netlink sock_diag socket");
	tv.tv_sec = timeout_ms / 1000;
	tv.tv_usec = (timeout_ms % 1000) * 1000;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
		int e = errno;

		close(fd);
		return errbuf_fmt_errno(err, errlen, e, "netlink timeout");
	}
	return fd;
}

struct got {
	struct sockdiag_entry	*e;
	int			 n;
};

static void
got_one(void *arg, const struct sockdiag_entry *e)
{
	struct got *g = arg;

	if (g->n++ == 0)
		*g->e = *e;
}

int
sockdiag_get(int fd, const struct sockdiag_query *q, uint32_t seq,
    struct sockdiag_entry *e, uint64_t c[SDC_MAX], char *err, size_t errlen)
{
	static const struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	uint8_t req[NL_HDR_LEN + DIAG_REQ_LEN];
	/* Aligned for the kernel's sake, read only through the cursor. */
	uint8_t buf[8192] __attribute__((aligned(8)));
	struct got g = { e, 0 };
	enum sockdiag_status st;
	ssize_t n;
	size_t len;
	int ne;

	len = sockdiag_request(req, sizeof(req), q, seq);
	if (sendto(fd, req, len, 0, (const struct sockaddr *)&kernel,
	    sizeof(kernel)) != (ssize_t)len)
		return errbuf_fmt_errno(err, errlen, errno,
		    "netlink sock_diag request");
	for (;;) {
		n = recv(fd, buf, sizeof(buf), MSG_TRUNC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errbuf_fmt_errno(err, errlen, errno,
			    "netlink sock_diag reply");
		if ((size_t)n > sizeof(buf)) {
			c[SDC_TRUNCATED]++;
			return errbuf_fmt(err, errlen,
			    "netlink sock_diag: a reply of %zd bytes", n);
		}
		st = sockdiag_parse(buf, (size_t)n, q->proto, seq, got_one,
		    &g, c, &ne);
		if (g.n > 0)
			return 1;
		if (st == SD_DONE || (st == SD_FAILED && ne == ENOENT))
			return 0;
		if (st == SD_FAILED) {
			if (ne == 0)
				return errbuf_fmt(err, errlen, "netlink "
				    "sock_diag: a reply that does not parse");
			c[SDC_NL_ERRORS]++;
			return errbuf_fmt_errno(err, errlen, ne,
			    "netlink sock_diag");
		}
		/* Only another request's late answers: wait for ours. */
	}
}
