/*
 * decode-ip6.c - IPv6 (RFC 8200) and its extension headers.
 *
 *   +-------+---------------+---------------------------------------+
 *   |Version| Traffic Class |              Flow Label               |
 *   +-------+---------------+-------+---------------+---------------+
 *   |         Payload Length        |  Next Header  |   Hop Limit   |
 *   +-------------------------------+---------------+---------------+
 *   |              Source Address (16) / Destination Address (16)   |
 *   +---------------------------------------------------------------+
 *
 * Walked: hop-by-hop (0), routing (43), destination options (60): length
 * (n+1)*8; fragment (44): 8 bytes, only offset 0 carries the transport
 * header.  Stops cleanly at ESP (50), AH (51) and no-next-header (59).
 * A payload length of 0 (jumbogram) means "as captured".
 */
#include "config.h"

#include "decode-int.h"

#define IP6_HOPOPTS	0
#define IP6_ROUTING	43
#define IP6_FRAGMENT	44
#define IP6_ESP		50
#define IP6_AH		51
#define IP6_NONEXT	59
#define IP6_DSTOPTS	60

enum pk_result
decode_ipv6(struct cursor *c, struct pk_packet *pkt)
{
	const uint8_t *start = cur_pos(c);
	uint8_t v, nh, len8, hdr[2];
	uint16_t plen, off;
	int n;

	if (!cur_u8(c, &v))
		return PK_TRUNC_IP;
	if ((v >> 4) != 6)
		return PK_INVALID_IP;
	if (!cur_skip(c, 3) || !cur_be16(c, &plen) || !cur_u8(c, &nh) ||
	    !cur_skip(c, 1) || !cur_bytes(c, pkt->src, 16) ||
	    !cur_bytes(c, pkt->dst, 16))
		return PK_TRUNC_IP;
	if (plen != 0)
		cur_truncate(c, plen);
	pkt->family = 6;
	pkt->ip_len = plen != 0 ? 40u + plen : 40u + (uint32_t)cur_left(c);
	pkt->l3 = start;
	pkt->l3_caplen = 40 + cur_left(c);

	for (n = 0; n < PK_MAX_EXTHDRS; n++) {
		switch (nh) {
		case PK_IPPROTO_TCP:
		case PK_IPPROTO_UDP:
		case PK_IPPROTO_ICMPV6:
			pkt->proto = nh;
			decode_l4(c, pkt);
			return PK_OK;
		case IP6_HOPOPTS:
		case IP6_ROUTING:
		case IP6_DSTOPTS:
			if (!cur_bytes(c, hdr, 2))
				return PK_TRUNC_IP;
			nh = hdr[0];
			len8 = hdr[1];
			if (!cur_skip(c, (size_t)len8 * 8 + 6))
				return PK_TRUNC_IP;
			break;
		case IP6_FRAGMENT:
			if (!cur_u8(c, &nh) || !cur_skip(c, 1) ||
			    !cur_be16(c, &off) || !cur_skip(c, 4))
				return PK_TRUNC_IP;
			pkt->fragment = 1;
			if ((off & 0xfff8) != 0) {
				pkt->proto = nh;
				if (nh == IP6_ESP || nh == IP6_AH)
					return PK_SKIP_ESP;
				if (nh != PK_IPPROTO_TCP && nh != PK_IPPROTO_UDP &&
				    nh != PK_IPPROTO_ICMPV6)
					return PK_SKIP_PROTO;
				pkt->l4_state = PK_L4_FRAGMENT;
				return PK_OK;
			}
			break;
		case IP6_ESP:
		case IP6_AH:
			pkt->proto = nh;
			return PK_SKIP_ESP;
		case IP6_NONEXT:
			pkt->proto = nh;
			return PK_SKIP_NONEXT;
		default:
			pkt->proto = nh;
			return PK_SKIP_PROTO;
		}
	}
	return PK_INVALID_IP;
}
