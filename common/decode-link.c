/*
 * decode-link.c - the link layers that are not Ethernet: BSD loopback
 * (DLT_NULL in the capturing host's byte order, DLT_LOOP in network order),
 * and Linux cooked capture v1 and v2 (what `-i any` gives).
 *
 *   DLT_NULL/LOOP:  | family (4 bytes) | IP ...
 *   LINUX_SLL:      | pkttype(2) | hatype(2) | halen(2) | addr(8) | proto(2) | ...
 *   LINUX_SLL2:     | proto(2) | rsvd(2) | ifindex(4) | hatype(2) | pkttype(1)
 *                   | halen(1) | addr(8) | ...
 */
#include "config.h"

#include "decode-int.h"


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
