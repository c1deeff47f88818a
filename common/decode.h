/*
 * decode.h - from a captured frame to one small struct per packet.
 *
 * decode_frame() walks link layer -> IP -> transport with checked reads only
 * (cursor.h) and fills a struct pk_packet.  It never allocates, never prints
 * and keeps no state: the caller counts the result codes.
 *
 * Files: decode.c (dispatch by link type, names of results), decode-ether.c
 * (Ethernet, 802.1Q/802.1ad, MPLS, PPPoE, and the ethertype switch shared by
 * the cooked headers), decode-link.c (DLT_NULL/LOOP, Linux SLL/SLL2, raw IP),
 * decode-ip.c (IPv4), decode-ip6.c (IPv6 extension headers),
 * decode-l4.c (TCP, UDP, ICMP, ICMPv6), decode-80211.c (802.11, radiotap).
 */
#ifndef PACKTER_DECODE_H
#define PACKTER_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "cursor.h"

/* Link types, by their LINKTYPE_/DLT_ numbers as pcap files and libpcap use. */
#define PK_DLT_NULL		0	/* BSD loopback, host byte order family */
#define PK_DLT_EN10MB		1
#define PK_DLT_PPP		9	/* PPP, optional ff 03 */
#define PK_DLT_PPP_SERIAL	50	/* PPP in HDLC framing, or Cisco HDLC */
#define PK_DLT_C_HDLC		104	/* Cisco HDLC */
#define PK_DLT_IEEE802_11	105	/* 802.11 without radio header */
#define PK_DLT_IEEE802_11_RADIO	127	/* radiotap + 802.11 */
#define PK_DLT_RAW_12		12	/* DLT_RAW on most systems */
#define PK_DLT_RAW_14		14	/* DLT_RAW on OpenBSD */
#define PK_DLT_RAW		101	/* LINKTYPE_RAW in files */
#define PK_DLT_LOOP		108	/* OpenBSD loopback, network byte order */
#define PK_DLT_LINUX_SLL	113
#define PK_DLT_IPV4		228
#define PK_DLT_IPV6		229
#define PK_DLT_LINUX_SLL2	276

/* Internal pseudo link types, for callers that know what the bytes start with. */
#define PK_LINK_IP		(-1)	/* IPv4 or IPv6, told by the version nibble */

#define PK_MAX_VLANS		8	/* tags walked before the frame is called invalid */
#define PK_MAX_MPLS		16	/* labels walked, in all stacks */
#define PK_MAX_EXTHDRS		16	/* IPv6 extension headers walked */

/* What decode_frame() concluded.  PK_OK is the only one that yields a record. */
enum pk_result {
	PK_OK = 0,		/* IP packet; transport fields valid iff has_l4 */
	PK_SKIP_NONIP,		/* a frame that is not IP (ARP, STP, LLC ...) */
	PK_SKIP_PROTO,		/* IP, but a protocol that is not drawn (GRE, SCTP ...) */
	PK_SKIP_ESP,		/* IPv4/IPv6 stopping at ESP or AH */
	PK_SKIP_NONEXT,		/* IPv6 no-next-header */
	PK_TRUNC_LINK,		/* link-layer header cut short */
	PK_TRUNC_IP,		/* IP header (or an extension header) cut short */
	PK_INVALID_LINK,	/* link header malformed (too many tags ...) */
	PK_INVALID_IP,		/* IP header malformed (version, IHL, lengths) */
	PK_UNKNOWN_LINK,	/* a link type this decoder does not know */
	PK_RESULT_MAX
};

/* Why a packet with PK_OK has no transport fields. */
enum pk_l4_state {
	PK_L4_OK = 0,
	PK_L4_FRAGMENT,		/* not the first fragment: no transport header in it */
	PK_L4_TRUNCATED,	/* transport header cut by the snaplen or the IP length */
};

#define PK_TH_FIN	0x01
#define PK_TH_SYN	0x02
#define PK_TH_RST	0x04
#define PK_TH_PUSH	0x08
#define PK_TH_ACK	0x10

#define PK_IPPROTO_ICMP		1
#define PK_IPPROTO_TCP		6
#define PK_IPPROTO_UDP		17
#define PK_IPPROTO_ICMPV6	58

struct pk_packet {
	uint8_t		 family;	/* 4 or 6 */
	uint8_t		 proto;		/* transport protocol: 6, 17, 1 or 58 */
	uint8_t		 l4_state;	/* enum pk_l4_state */
	uint8_t		 tcp_flags;	/* TCP flags byte (PK_TH_*) */
	uint8_t		 icmp_type;
	uint8_t		 icmp_code;
	uint16_t	 sport;		/* TCP/UDP ports, host order */
	uint16_t	 dport;
	uint8_t		 src[16];	/* network order; IPv4 in the first 4 bytes */
	uint8_t		 dst[16];
	uint8_t		 nvlans;	/* 802.1Q/802.1ad tags walked */
	uint8_t		 fragment;	/* part of a fragmented datagram */
	uint8_t		 nmpls;		/* MPLS labels walked, all stacks */
	uint16_t	 vlan;		/* outermost VLAN ID, if nvlans > 0 */
	uint32_t	 ip_len;	/* IP datagram length from its header */
	const uint8_t	*l3;		/* the IP header, inside the caller's buffer */
	size_t		 l3_caplen;	/* bytes captured from l3 on (bounded by ip_len) */
};

/*
 * Decode one captured frame of the given link type.  pkt->l3 points into buf,
 * which must outlive the use of pkt.  Never reads outside buf[0..caplen).
 */
enum pk_result	 decode_frame(int linktype, const uint8_t *buf, size_t caplen,
		    struct pk_packet *pkt);

/* Whether decode_frame() knows this link type. */
int		 decode_link_supported(int linktype);

/* Short stable names for counters and messages: "non-ip", "trunc-ip" ... */
const char	*decode_result_name(enum pk_result);

/* Decoders of the parts, for sources whose bytes start midway (sFlow). */
enum pk_result	 decode_ether(struct cursor *, struct pk_packet *);
enum pk_result	 decode_ethertype(uint16_t type, struct cursor *, struct pk_packet *);
enum pk_result	 decode_80211(struct cursor *, struct pk_packet *);
enum pk_result	 decode_radiotap(struct cursor *, struct pk_packet *);
enum pk_result	 decode_ip(struct cursor *, struct pk_packet *);
enum pk_result	 decode_ipv4(struct cursor *, struct pk_packet *);
enum pk_result	 decode_ipv6(struct cursor *, struct pk_packet *);
/* Transport: c holds exactly the IP payload that was captured. */
void		 decode_l4(struct cursor *, struct pk_packet *);

#endif /* PACKTER_DECODE_H */
