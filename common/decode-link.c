/*
 * decode-link.c - the link layers that are not Ethernet: BSD loopback
 * (DLT_NULL in the capturing host's byte order, DLT_LOOP in network order),
 * Linux cooked capture v1 and v2 (what `-i any` gives), and raw IP.
 *
 *   DLT_NULL/LOOP:  | family (4 bytes) | IP ...
 *   LINUX_SLL:      | pkttype(2) | hatype(2) | halen(2) | addr(8) | proto(2) | ...
 *   LINUX_SLL2:     | proto(2) | rsvd(2) | ifindex(4) | hatype(2) | pkttype(1)
 *                   | halen(1) | addr(8) | ...
 *   PPP (RFC 1661/1662): [ ff 03 ] | protocol (2, or 1 if compressed) | ...
 *   Cisco HDLC:     | address 0f/8f | control 00 | ethertype(2) | ...
 */
#include "config.h"

#include "decode.h"

enum pk_result	decode_null(struct cursor *, struct pk_packet *, int);
enum pk_result	decode_sll(struct cursor *, struct pk_packet *);
enum pk_result	decode_sll2(struct cursor *, struct pk_packet *);
enum pk_result	decode_ppp(struct cursor *, struct pk_packet *);
enum pk_result	decode_chdlc(struct cursor *, struct pk_packet *);

/* Address family values of the BSDs and Linux, as written in captures. */
static int
bsd_af_family(uint32_t af)
{
	switch (af) {
	case 2:				/* AF_INET everywhere */
		return 4;
	case 10:			/* Linux AF_INET6 */
	case 24:			/* NetBSD, OpenBSD, BSD/OS */
	case 28:			/* FreeBSD, DragonFly */
	case 30:			/* macOS */
		return 6;
	default:
		return 0;
	}
}

enum pk_result
decode_null(struct cursor *c, struct pk_packet *pkt, int linktype)
{
	uint32_t af;
	struct cursor save = *c;
	int family;

	if (!cur_be32(c, &af))
		return PK_TRUNC_LINK;
	/*
	 * DLT_LOOP is network order; DLT_NULL is whatever the capturing host
	 * used, which need not be ours: family values are small, so a value
	 * with only high bytes set is the other order.
	 */
	if (linktype == PK_DLT_NULL && (af & 0xffff) == 0) {
		*c = save;
		if (!cur_le32(c, &af))
			return PK_TRUNC_LINK;
	}
	family = bsd_af_family(af);
	if (family == 4)
		return decode_ipv4(c, pkt);
	if (family == 6)
		return decode_ipv6(c, pkt);
	return PK_SKIP_NONIP;
}

enum pk_result
decode_sll(struct cursor *c, struct pk_packet *pkt)
{
	uint16_t proto;

	if (!cur_skip(c, 14) || !cur_be16(c, &proto))
		return PK_TRUNC_LINK;
	return decode_ethertype(proto, c, pkt);
}

enum pk_result
decode_sll2(struct cursor *c, struct pk_packet *pkt)
{
	uint16_t proto;

	if (!cur_be16(c, &proto) || !cur_skip(c, 18))
		return PK_TRUNC_LINK;
	return decode_ethertype(proto, c, pkt);
}

enum pk_result
decode_ppp(struct cursor *c, struct pk_packet *pkt)
{
	uint8_t b0, b1;
	uint16_t proto;

	if (!cur_peek_u8(c, 0, &b0) || !cur_peek_u8(c, 1, &b1))
		return PK_TRUNC_LINK;
	if (b0 == 0xff && b1 == 0x03)		/* address and control */
		cur_skip(c, 2);
	if (!cur_peek_u8(c, 0, &b0))
		return PK_TRUNC_LINK;
	if (b0 & 1) {				/* protocol field compressed */
		cur_skip(c, 1);
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
