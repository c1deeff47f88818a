/*
 * decode-l4.c - the transport fields a record needs: TCP (RFC 9293) and UDP
 * (RFC 768) ports, TCP flags, ICMP (RFC 792) and ICMPv6 (RFC 4443) type and
 * code.
 *
 *   TCP: | sport(2) | dport(2) | seq(4) | ack(4) | off/rsvd(1) | flags(1) | ...
 *   UDP: | sport(2) | dport(2) | length(2) | checksum(2) |
 *   ICMP:| type(1) | code(1) | checksum(2) | ...
 *
 * A header cut short by the snaplen or by the IP length leaves the record
 * with ports 0 0 (PK_L4_TRUNCATED): the packet is still drawn.
 */
#include "config.h"

#include "decode-int.h"

void
decode_l4(struct cursor *c, struct pk_packet *pkt)
{
	struct cursor save = *c;
	uint8_t flags;

	switch (pkt->proto) {
	case PK_IPPROTO_TCP:
		if (!cur_be16(c, &pkt->sport) || !cur_be16(c, &pkt->dport) ||
		    !cur_skip(c, 9) || !cur_u8(c, &flags))
			goto truncated;
		pkt->tcp_flags = flags;
		break;
	case PK_IPPROTO_UDP:
		if (!cur_be16(c, &pkt->sport) || !cur_be16(c, &pkt->dport))
			goto truncated;
		break;
	case PK_IPPROTO_ICMP:
	case PK_IPPROTO_ICMPV6:
		if (!cur_u8(c, &pkt->icmp_type) || !cur_u8(c, &pkt->icmp_code))
			goto truncated;
		break;
	}
	pkt->l4_state = PK_L4_OK;
	return;
truncated:
	*c = save;
	pkt->sport = pkt->dport = 0;
	pkt->tcp_flags = 0;
	pkt->l4_state = PK_L4_TRUNCATED;
}
