/*
 * decode-80211.c - IEEE 802.11 data frames, bare (DLT_IEEE802_11) or behind a
 * radiotap header (DLT_IEEE802_11_RADIO), down to the LLC/SNAP ethertype.
 *
 * IEEE 802.11-2020 clause 9; radiotap: https://www.radiotap.org (header and
 * the TSFT and Flags fields).
 *
 *   radiotap: | version(1)=0 | pad(1) | length(2, LE) | present(4, LE) ... |
 *             | fields, naturally aligned from the radiotap start ...        |
 *   802.11:   | frame control(2) | duration(2) | addr1 | addr2 | addr3 |
 *             | seq(2) | [addr4 if ToDS and FromDS] | [QoS(2)] | [HT(4)] |
 *   LLC/SNAP: | aa aa 03 | OUI(3) | ethertype(2) | ...
 *
 * Management and control frames, null-data frames, protected (encrypted)
 * frames and A-MSDUs are not IP as far as we can see: PK_SKIP_NONIP.
 */
#include "config.h"

#include "decode-int.h"

#define RT_FLAGS_FCS		0x10	/* frame ends in a 4-byte FCS */
#define RT_FLAGS_DATAPAD	0x20	/* 802.11 header padded to 32 bits */

#define FC_TYPE(fc0)		(((fc0) >> 2) & 3)
#define FC_TYPE_DATA		2
#define FC_SUB_NODATA		0x04	/* null function variants */
#define FC_SUB_QOS		0x08
#define FC_TODS			0x01
#define FC_FROMDS		0x02
#define FC_PROTECTED		0x40
#define FC_ORDER		0x80

static enum pk_result
decode_80211_frame(struct cursor *c, struct pk_packet *pkt, int datapad)
{
	uint8_t fc0, fc1, qos0 = 0, llc[6];
	uint16_t type;
	size_t hlen = 24;

	if (!cur_peek_u8(c, 0, &fc0) || !cur_peek_u8(c, 1, &fc1))
		return PK_TRUNC_LINK;
	if (FC_TYPE(fc0) != FC_TYPE_DATA || (fc0 >> 4) & FC_SUB_NODATA ||
	    fc1 & FC_PROTECTED)
		return PK_SKIP_NONIP;
	if ((fc1 & (FC_TODS | FC_FROMDS)) == (FC_TODS | FC_FROMDS))
		hlen += 6;
	if ((fc0 >> 4) & FC_SUB_QOS) {
		if (!cur_peek_u8(c, hlen, &qos0))
			return PK_TRUNC_LINK;
		hlen += 2;
		if (fc1 & FC_ORDER)
			hlen += 4;
		if (qos0 & 0x80)		/* A-MSDU */
			return PK_SKIP_NONIP;
	}
	if (datapad)
		hlen = (hlen + 3) & ~(size_t)3;
	if (!cur_skip(c, hlen) || !cur_bytes(c, llc, sizeof(llc)))
		return PK_TRUNC_LINK;
	if (llc[0] != 0xaa || llc[1] != 0xaa || llc[2] != 0x03)
		return PK_SKIP_NONIP;
	if (!cur_be16(c, &type))
		return PK_TRUNC_LINK;
	return decode_ethertype(type, c, pkt);
}

enum pk_result
decode_80211(struct cursor *c, struct pk_packet *pkt)
{
	return decode_80211_frame(c, pkt, 0);
}

enum pk_result
decode_radiotap(struct cursor *c, struct pk_packet *pkt)
{
	struct cursor rt;
	uint8_t version, flags = 0;
	uint16_t len;
	uint32_t present, first = 0;
	size_t off;
	int words = 0;

	if (!cur_u8(c, &version) || !cur_skip(c, 1) || !cur_le16(c, &len))
		return PK_TRUNC_LINK;
	if (version != 0 || len < 8)
		return PK_INVALID_LINK;
	/* The whole radiotap header, as its own cursor (4 bytes read already). */
	if (!cur_sub(c, (size_t)len - 4, &rt))
		return PK_TRUNC_LINK;
	do {
		if (!cur_le32(&rt, &present))
			return PK_INVALID_LINK;
		if (words++ == 0)
			first = present;
		if (words > 32)
			return PK_INVALID_LINK;
	} while (present & 0x80000000u);
	off = 4 + 4 * (size_t)words;		/* from the radiotap start */
	if (first & 0x1) {			/* TSFT: u64, 8-aligned */
		size_t pad = (8 - off % 8) % 8;

		if (!cur_skip(&rt, pad + 8))
			return PK_INVALID_LINK;
		off += pad + 8;
	}
	if (first & 0x2 && !cur_u8(&rt, &flags))	/* Flags: u8 */
		return PK_INVALID_LINK;
	if (flags & RT_FLAGS_FCS) {
		if (cur_left(c) < 4)
			return PK_TRUNC_LINK;
		c->end -= 4;
	}
	return decode_80211_frame(c, pkt, (flags & RT_FLAGS_DATAPAD) != 0);
}
