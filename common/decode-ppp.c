/*
 * decode-ppp.c - PPP in HDLC-like framing (RFC 1661, RFC 1662) and Cisco
 * HDLC, both of which also arrive under DLT_PPP_SERIAL.
 *
 *   PPP:         [ ff 03 ] | protocol (2, or 1 if compressed) | ...
 *                protocol 0x0021 IPv4, 0x0057 IPv6
 *   Cisco HDLC:  | address 0f/8f | control 00 | ethertype (2) | ...
 */
#include "config.h"

#include "decode-int.h"

enum pk_result
decode_ppp(struct cursor *c, struct pk_packet *pkt)
{
	uint8_t b0, b1;
	uint16_t proto;

	if (!cur_peek_u8(c, 0, &b0) || !cur_peek_u8(c, 1, &b1))
		return PK_TRUNC_LINK;
	if (b0 == 0xff && b1 == 0x03 &&		/* address and control */
	    !cur_skip(c, 2))
		return PK_TRUNC_LINK;
	if (!cur_peek_u8(c, 0, &b0))
		return PK_TRUNC_LINK;
	if (b0 & 1) {				/* protocol field compressed */
		if (!cur_skip(c, 1))
			return PK_TRUNC_LINK;
		proto = b0;
	} else if (!cur_be16(c, &proto))
		return PK_TRUNC_LINK;
	switch (proto) {
	case 0x0021:
		return decode_ipv4(c, pkt);
	case 0x0057:
		return decode_ipv6(c, pkt);
	default:
		return PK_SKIP_NONIP;
	}
}

enum pk_result
decode_chdlc(struct cursor *c, struct pk_packet *pkt)
{
	uint16_t type;

	if (!cur_skip(c, 2) || !cur_be16(c, &type))
		return PK_TRUNC_LINK;
	return decode_ethertype(type, c, pkt);
}
