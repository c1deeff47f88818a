/*
 * decode-ether.c - Ethernet II, IEEE 802.1Q / 802.1ad (QinQ) tags, LLC/SNAP,
 * MPLS label stacks and pseudowires, and PPPoE sessions, down to the IP
 * header.
 *
 * IEEE 802.3 / 802.1Q-2018; RFC 3032 (MPLS); RFC 4385 and RFC 4448 (the
 * pseudowire control word, Ethernet over MPLS); RFC 2516 (PPPoE).
 *
 *   +--------+--------+------+ ... +------+---------
 *   | dst(6) | src(6) | TPID | TCI | type | payload
 *   +--------+--------+------+ ... +------+---------
 *   TPID 0x8100 (C-tag), 0x88a8 (S-tag), 0x9100 (old QinQ), stacked.
 *   A type below 0x0600 is an 802.3 length: LLC follows (SNAP: AA AA 03 + OUI + type).
 *
 *   MPLS: | label(20) TC(3) S(1) TTL(8) | ... until S = 1, then the payload,
 *   told by its first nibble (there is no next-protocol field): 4 IPv4,
 *   6 IPv6, 0 the control word of a pseudowire (RFC 4385: 0000, flags,
 *   fragment, length, sequence; 4 bytes) followed by an Ethernet frame
 *   (RFC 4448), whose own tags and labels are walked again: the caps on
 *   VLAN tags and MPLS labels hold for the whole frame, so the nesting is
 *   bounded.  Anything else (1: an associated channel) is not IP.
 */
#include "config.h"

#include "decode-int.h"

#define ETHERTYPE_IP		0x0800
#define ETHERTYPE_IPV6		0x86dd
#define ETHERTYPE_VLAN		0x8100
#define ETHERTYPE_QINQ		0x88a8
#define ETHERTYPE_QINQ_OLD	0x9100
#define ETHERTYPE_MPLS		0x8847
#define ETHERTYPE_MPLS_MC	0x8848
#define ETHERTYPE_PPPOE		0x8864
#define ETHERTYPE_SNAP		0x8870	/* 802.2 LLC/SNAP in an Ethernet II frame */

static enum pk_result
decode_mpls(struct cursor *c, struct pk_packet *pkt)
{
	uint32_t label;
	uint8_t v;

	for (;;) {
		if (pkt->nmpls >= PK_MAX_MPLS)
			return PK_INVALID_LINK;
		if (!cur_be32(c, &label))
			return PK_TRUNC_LINK;
		pkt->nmpls++;
		if (label & 0x100)	/* bottom of stack */
			break;
	}
	/* No next-protocol field: the first nibble, as routers read it. */
	if (!cur_peek_u8(c, 0, &v))
		return PK_TRUNC_IP;
	switch (v >> 4) {
	case 4:
	case 6:
		return decode_ip(c, pkt);
	case 0:
		/* The pseudowire control word, then Ethernet. */
		if (!cur_skip(c, 4))
			return PK_TRUNC_LINK;
		return decode_ether(c, pkt);
	default:
		return PK_SKIP_NONIP;
	}
}


static enum pk_result
decode_pppoe(struct cursor *c, struct pk_packet *pkt)
{
	uint16_t len;

	/* ver/type(1) code(1) session(2) length(2), then a PPP frame. */
	if (!cur_skip(c, 4) || !cur_be16(c, &len))
		return PK_TRUNC_LINK;
	if (len < 2)			/* not even a protocol field */
		return PK_INVALID_LINK;
	cur_truncate(c, len);
	return decode_ppp(c, pkt);
}

/*
 * The ethertype switch, shared by Ethernet and the Linux cooked headers.  c
 * stands just after the type field.
 */
enum pk_result
decode_ethertype(uint16_t type, struct cursor *c, struct pk_packet *pkt)
{
	uint16_t tci;

	for (;;) {
		switch (type) {
		case ETHERTYPE_IP:
			return decode_ipv4(c, pkt);
		case ETHERTYPE_IPV6:
			return decode_ipv6(c, pkt);
		case ETHERTYPE_VLAN:
		case ETHERTYPE_QINQ:
		case ETHERTYPE_QINQ_OLD:
			if (pkt->nvlans >= PK_MAX_VLANS)
				return PK_INVALID_LINK;
			if (!cur_be16(c, &tci) || !cur_be16(c, &type))
				return PK_TRUNC_LINK;
			if (pkt->nvlans++ == 0)
				pkt->vlan = tci & 0x0fff;
			continue;
		case ETHERTYPE_MPLS:
		case ETHERTYPE_MPLS_MC:
			return decode_mpls(c, pkt);
		case ETHERTYPE_PPPOE:
			return decode_pppoe(c, pkt);
		case ETHERTYPE_SNAP:
			{
				uint8_t llc[3];

				if (!cur_bytes(c, llc, sizeof(llc)))
					return PK_TRUNC_LINK;
				if (llc[0] != 0xaa || llc[1] != 0xaa ||
				    llc[2] != 0x03)
					return PK_SKIP_NONIP;
				if (!cur_skip(c, 3) || !cur_be16(c, &type))
					return PK_TRUNC_LINK;
			}
			continue;
		default:
			return PK_SKIP_NONIP;
		}
	}
}

enum pk_result
decode_ether(struct cursor *c, struct pk_packet *pkt)
{
	uint16_t type;
	uint8_t llc[3];

	if (!cur_skip(c, 12) || !cur_be16(c, &type))
		return PK_TRUNC_LINK;
	if (type < 0x0600) {
		/* 802.3 length; only SNAP carries an ethertype we can follow. */
		if (!cur_bytes(c, llc, sizeof(llc)))
			return PK_TRUNC_LINK;
		if (llc[0] != 0xaa || llc[1] != 0xaa || llc[2] != 0x03)
			return PK_SKIP_NONIP;
		if (!cur_skip(c, 3) || !cur_be16(c, &type))
			return PK_TRUNC_LINK;
	}
	return decode_ethertype(type, c, pkt);
}
