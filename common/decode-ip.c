/*
 * decode-ip.c - IPv4 (RFC 791), options skipped, fragments recognised; and
 * raw IP, told IPv4 or IPv6 by its version nibble.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-------+-------+---------------+-------------------------------+
 *   |Version|  IHL  |      TOS      |          Total Length         |
 *   +-------+-------+---------------+-----+-------------------------+
 *   |         Identification        |Flags|     Fragment Offset     |
 *   +---------------+---------------+-----+-------------------------+
 *   |      TTL      |    Protocol   |        Header Checksum        |
 *   +---------------+---------------+-------------------------------+
 *   |                Source Address / Destination Address           |
 *   +---------------------------------------------------------------+
 *   |                 Options (IHL > 5) ...                         |
 *
 * Only the first fragment (offset 0) carries the transport header; later
 * fragments are drawn with ports 0 0.  A total length of 0 (TCP segmentation
 * offload seen on the capturing host) means "as captured".
 */
#include "config.h"

#include "decode-int.h"

#define IP_MF		0x2000
#define IP_OFFMASK	0x1fff
#define IPPROTO_AH_	51
#define IPPROTO_ESP_	50

enum pk_result
decode_ipv4(struct cursor *c, struct pk_packet *pkt)
{
	const uint8_t *start = cur_pos(c);
	uint8_t vihl, proto;
	uint16_t total, frag;
	size_t hlen;

	if (!cur_u8(c, &vihl))
		return PK_TRUNC_IP;
	if ((vihl >> 4) != 4)
		return PK_INVALID_IP;
	hlen = (size_t)(vihl & 0x0f) * 4;
	if (hlen < 20)
		return PK_INVALID_IP;
	if (cur_left(c) + 1 < hlen)
		return PK_TRUNC_IP;
	if (!cur_skip(c, 1) || !cur_be16(c, &total) || !cur_skip(c, 2) ||
	    !cur_be16(c, &frag) || !cur_skip(c, 1) || !cur_u8(c, &proto) ||
	    !cur_skip(c, 2) || !cur_bytes(c, pkt->src, 4) ||
	    !cur_bytes(c, pkt->dst, 4) || !cur_skip(c, hlen - 20))
		return PK_TRUNC_IP;
	if (total == 0)
		total = (uint16_t)(cur_left(c) + hlen > 0xffff ?
		    0xffff : cur_left(c) + hlen);
	if (total < hlen)
		return PK_INVALID_IP;

	pkt->family = 4;
	pkt->proto = proto;
	pkt->ip_len = total;
	pkt->l3 = start;
	/* Trailer bytes (Ethernet padding) beyond the datagram are not ours. */
	cur_truncate(c, total - hlen);
	pkt->l3_caplen = hlen + cur_left(c);
	pkt->fragment = (frag & (IP_MF | IP_OFFMASK)) != 0;

	switch (proto) {
	case PK_IPPROTO_TCP:
	case PK_IPPROTO_UDP:
	case PK_IPPROTO_ICMP:
		break;
	case IPPROTO_ESP_:
	case IPPROTO_AH_:
		return PK_SKIP_ESP;
	default:
		return PK_SKIP_PROTO;
	}
	if ((frag & IP_OFFMASK) != 0) {
		pkt->l4_state = PK_L4_FRAGMENT;
		return PK_OK;
	}
	decode_l4(c, pkt);
	return PK_OK;
}

/* Raw IP: the version nibble says which. */
enum pk_result
decode_ip(struct cursor *c, struct pk_packet *pkt)
{
	uint8_t v;

	if (!cur_peek_u8(c, 0, &v))
		return PK_TRUNC_IP;
	switch (v >> 4) {
	case 4:
		return decode_ipv4(c, pkt);
	case 6:
		return decode_ipv6(c, pkt);
	default:
		return PK_INVALID_IP;
	}
}
