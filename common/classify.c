/*
 * classify.c - a decoded packet as a PACKTER record (docs/protocol.md).
 */
#include "config.h"

#include <string.h>

#include "classify.h"

unsigned
pk_flag_class(int family, int proto, int has_tcp_flags, unsigned tcp_flags)
{
	unsigned base = family == 6 ? PT_FLAG_TCP6 : PT_FLAG_TCP4;

	switch (proto) {
	case PK_IPPROTO_TCP:
		if (!has_tcp_flags)
			return base;
		if (tcp_flags & PK_TH_SYN)		/* SYN wins */
			return base + 1;
		if (tcp_flags & (PK_TH_FIN | PK_TH_RST))
			return base + 2;
		return base;
	case PK_IPPROTO_UDP:
		return base + 3;
	case PK_IPPROTO_ICMP:
	case PK_IPPROTO_ICMPV6:
		return base + 4;
	default:
		return base;
	}
}

void
pk_classify(const struct pk_packet *pkt, unsigned flag_base,
    struct pt_rec_out *out)
{
	size_t alen = pkt->family == 6 ? 16 : 4;
	int l4 = pkt->l4_state == PK_L4_OK;

	out->family = pkt->family;
	memcpy(out->src, pkt->src, alen);
	memcpy(out->dst, pkt->dst, alen);
	out->sport = out->dport = 0;
	if (l4) {
		if (pkt->proto == PK_IPPROTO_ICMP ||
		    pkt->proto == PK_IPPROTO_ICMPV6) {
			out->sport = (uint16_t)(pkt->icmp_type * 256u);
			out->dport = (uint16_t)(pkt->icmp_code * 256u);
		} else {
			out->sport = pkt->sport;
			out->dport = pkt->dport;
		}
	}
	out->src_text = out->dst_text = NULL;
	out->src_text_len = out->dst_text_len = 0;
	out->flag = flag_base + pk_flag_class(pkt->family, pkt->proto, l4,
	    pkt->tcp_flags);
}

static size_t
put(char *dst, size_t n, const char *s, size_t len)
{
	memcpy(dst + n, s, len);
	return n + len;
}

size_t
pk_describe(char *dst, size_t cap, const struct pk_packet *pkt)
{
	char s[PT_ADDRSTRLEN], d[PT_ADDRSTRLEN];
	size_t sl, dl;

	sl = pt_fmt_addr(s, pkt->family, pkt->src);
	dl = pt_fmt_addr(d, pkt->family, pkt->dst);
	return pk_describe_text(dst, cap, pkt, s, sl, d, dl);
}

size_t
pk_describe_text(char *dst, size_t cap, const struct pk_packet *pkt,
    const char *srcaddr, size_t srclen, const char *dstaddr, size_t dstlen)
{
	char buf[PK_DESC_MAX];
	const char *name;
	size_t n = 0;
	int l4 = pkt->l4_state == PK_L4_OK;
	int icmp = 0;

	switch (pkt->proto) {
	case PK_IPPROTO_TCP:
		name = "TCP";
		break;
	case PK_IPPROTO_UDP:
		name = "UDP";
		break;
	case PK_IPPROTO_ICMP:
		name = "ICMPv4";
		icmp = 1;
		break;
	case PK_IPPROTO_ICMPV6:
		name = "ICMPv6";
		icmp = 1;
		break;
	default:
		name = "IP";
		break;
	}
	n = put(buf, n, name, strlen(name));
	n = put(buf, n, " src:", 5);
	n = put(buf, n, srcaddr, srclen);
	if (l4 && !icmp) {
		buf[n++] = '(';
		n += pt_fmt_u32(buf + n, pkt->sport);
		buf[n++] = ')';
	}
	n = put(buf, n, " dst:", 5);
	n = put(buf, n, dstaddr, dstlen);
	if (l4 && !icmp) {
		buf[n++] = '(';
		n += pt_fmt_u32(buf + n, pkt->dport);
		buf[n++] = ')';
	} else if (l4) {
		n = put(buf, n, " (type:", 7);
		n += pt_fmt_u32(buf + n, pkt->icmp_type);
		n = put(buf, n, " code:", 6);
		n += pt_fmt_u32(buf + n, pkt->icmp_code);
		buf[n++] = ')';
	} else if (pkt->l4_state == PK_L4_FRAGMENT)
		n = put(buf, n, " (fragment)", 11);
	else
		n = put(buf, n, " (truncated)", 12);
	if (n > cap)
		n = cap;
	memcpy(dst, buf, n);
	return n;
}
