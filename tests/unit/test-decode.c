/*
 * test-decode.c - the decoders of common/ on byte arrays, and classification.
 *
 * One table of cases, one loop.  A case is a name, a link type, the frame's
 * bytes in hex (blanks and '|' between layers are ignored; the macros below
 * spell the headers that recur) and what decode_frame() must say of it:
 *
 *     "ok family=4 proto=6 l4=ok sport=40000 dport=80 flags=SYN l3=14"
 *
 * the result's name (decode_result_name) first, then only the fields that
 * case checks:
 *
 *     family proto sport dport vlans vlan frag     the struct pk_packet field
 *     icmp_type icmp_code
 *     l4=ok|fragment|truncated                      l4_state
 *     flags=SYN,ACK ... | flags=0                   tcp_flags (FIN SYN RST
 *                                                   PSH ACK)
 *     src=ADDR dst=ADDR                             addresses, as text
 *     l3=N                                          l3 starts N bytes in
 *     caplen=N iplen=N                              l3_caplen, ip_len
 *     l3end_max=N                                   l3 + l3_caplen <= N in
 *     cut=LINK/IP/NEED                              the frame cut at every
 *         length: below LINK bytes truncated-link, below LINK + IP
 *         truncated-ip, else the case's result; when that is ok, l3 at
 *         LINK, nothing past the cut, and below LINK + IP + NEED the
 *         transport truncated with ports 0 0 (NEED 0: a skip result).
 *
 * Frames are decoded from a copy that ends just before an unmapped page, so
 * any read past the captured length crashes the test instead of passing
 * quietly.  The frames of the mutation test are rows of the table too.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "classify.h"
#include "decode.h"
#include "protocol.h"
#include "spie.h"
#include "test.h"

/* --- the bytes of the cases -------------------------------------------- */

#define Z1	"00"
#define Z2	"0000"
#define Z4	"00000000"
#define Z8	Z4 Z4
#define Z16	Z8 Z8
#define NOP4	"01010101"		/* four IPv4 NOP options */

/* Ethernet: dst 02:00:5e:00:00:0b, src 02:00:5e:00:00:0a, type. */
#define ETH(type)	"02005e00000b 02005e00000a " type " | "
/* IPv4: version/IHL, TOS 0x10, total length, id 0x1234, fragment field,
 * TTL 64, protocol, checksum 0xbeef (not checked), 192.0.2.1 ->
 * 198.51.100.2. */
#define IP4H(vihl, len, frag, proto) \
	vihl " 10 " len " 1234 " frag " 40 " proto " beef c0000201 c6336402 | "
#define IP4(len, proto)		IP4H("45", len, "0000", proto)
#define IP4F(len, frag, proto)	IP4H("45", len, frag, proto)
/* IPv6: payload length, next header, hop limit 64, 2001:db8::1 ->
 * 2001:db8:0:1::2. */
#define IP6(plen, nh) "60000000 " plen " " nh " 40 " \
	"20010db8 00000000 00000000 00000001 " \
	"20010db8 00000001 00000000 00000002 | "
/* Hop-by-hop, routing or destination options of 8 bytes; a fragment
 * header (offset << 3 | M). */
#define EXT6(nh)		nh " 00 " Z2 Z4 " | "
#define FRAG6(nh, offm)		nh " 00 " offm " 0000cafe | "
/* TCP: ports, seq 1000, ack 0, offset 5, flags, window 8192 (20 bytes);
 * UDP: ports, length 12, "pakt" (12 bytes); ICMP: type, code, id/seq (8). */
#define TCP(sp, dp, fl)	sp dp " 000003e8 00000000 50 " fl " 2000 0000 0000 | "
#define UDP(sp, dp)	sp dp " 000c 0000 70616b74 | "
#define ICMP(t, c)	t c " 0000 00010001 | "
#define LLC_SNAP(type)	"aaaa03 000000 " type " | "
/* Linux cooked (SLL): packet type, ARPHRD_ETHER, address length 6. */
#define SLL(pkttype, proto) pkttype " 0001 0006 " Z8 " " proto " | "
/* 802.11 data header: frame control, duration, three addresses, sequence
 * (24 bytes). */
#define WLAN(fc)	fc " 0000 " Z4 Z2 " " Z4 Z2 " " Z4 Z2 " 0000 | "

/* One pseudowire level: a bottom label, the control word, Ethernet that
 * carries MPLS again. */
#define PW1	"00010140 00000000 |" ETH("8847")
#define PW3	PW1 PW1 PW1
#define PW15	PW3 PW3 PW3 PW3 PW3

struct decode_case {
	const char	*name;
	int		 linktype;
	const char	*bytes;
	const char	*want;
};

static const struct decode_case cases[] = {
	/* --- Ethernet --- */
	{ "ethernet ipv4 tcp", PK_DLT_EN10MB,
	  ETH("0800") IP4("0028", "06") TCP("9c40", "0050", "02"),
	  "ok family=4 proto=6 l4=ok sport=40000 dport=80 flags=SYN "
	  "src=192.0.2.1 dst=198.51.100.2 l3=14 caplen=40 iplen=40 vlans=0 "
	  "frag=0" },
	{ "ethernet ipv6 udp", PK_DLT_EN10MB,
	  ETH("86dd") IP6("000c", "11") UDP("14e9", "0035"),
	  "ok family=6 proto=17 sport=5353 dport=53 src=2001:db8::1 "
	  "dst=2001:db8:0:1::2 l3=14 iplen=52 caplen=52" },
	/* Ethernet padding after a short datagram is not part of it. */
	{ "ethernet padding", PK_DLT_EN10MB,
	  ETH("0800") IP4("0018", "11") "0007 0009 |" Z16 Z4 Z2,
	  "ok l4=ok sport=7 caplen=24" },
	/* The IP length cuts a TCP header: drawn as truncated, not read from
	 * the padding. */
	{ "ethernet ip length cuts tcp", PK_DLT_EN10MB,
	  ETH("0800") IP4("001e", "06") TCP("0001", "0002", "02"),
	  "ok l4=truncated sport=0 dport=0 caplen=30" },

	/* --- VLAN tags --- */
	{ "802.1q", PK_DLT_EN10MB,
	  ETH("8100") "a064 0800 |" IP4("0020", "11") UDP("0001", "0002"),
	  "ok vlans=1 vlan=100 sport=1 l3=18" },
	/* 802.1ad S-tag over a C-tag: the outer VID is kept. */
	{ "802.1ad over 802.1q", PK_DLT_EN10MB,
	  ETH("88a8") "000a 8100 0014 86dd |" IP6("0014", "06")
	  TCP("0003", "0004", "10"),
	  "ok vlans=2 vlan=10 family=6 sport=3 l3=22" },
	{ "old qinq 0x9100", PK_DLT_EN10MB,
	  ETH("9100") "0ffe 0800 |" IP4("001c", "01") ICMP("08", "00"),
	  "ok vlan=4094 icmp_type=8" },
	/* PK_MAX_VLANS (8) tags are walked; one more is invalid. */
	{ "8 vlan tags", PK_DLT_EN10MB,
	  ETH("88a8") "0001 8100 0002 8100 0003 8100 0004 8100 0005 8100 "
	  "0006 8100 0007 8100 0008 0800 |" IP4("0020", "11")
	  UDP("0001", "0002"),
	  "ok vlans=8 vlan=1" },
	{ "9 vlan tags", PK_DLT_EN10MB,
	  ETH("88a8") "0001 8100 0002 8100 0003 8100 0004 8100 0005 8100 "
	  "0006 8100 0007 8100 0008 8100 0009 0800 |" IP4("0020", "11")
	  UDP("0001", "0002"),
	  "invalid-link" },
	{ "vlan over arp", PK_DLT_EN10MB,
	  ETH("8100") "0005 0806 |" Z16 Z8 Z4,
	  "non-ip" },

	/* --- MPLS --- */
	{ "mpls ipv4", PK_DLT_EN10MB,
	  ETH("8847") "00064140 |" IP4("0028", "06") TCP("0005", "0006", "02"),
	  "ok sport=5 l3=18" },
	{ "mpls 3 labels ipv6", PK_DLT_EN10MB,
	  ETH("8848") "00010040 00011040 00012140 |" IP6("000c", "11")
	  UDP("0007", "0008"),
	  "ok family=6 dport=8 l3=26" },
	/* No bottom of stack within PK_MAX_MPLS (16) labels. */
	{ "mpls 17 labels", PK_DLT_EN10MB,
	  ETH("8847") "00010040 00010040 00010040 00010040 00010040 00010040 "
	  "00010040 00010040 00010040 00010040 00010040 00010040 00010040 "
	  "00010040 00010040 00010040 00010040 |" Z16 Z16 Z8,
	  "invalid-link" },
	/* The control word of a pseudowire over nothing IP: not IP. */
	{ "mpls pseudowire", PK_DLT_EN10MB,
	  ETH("8847") "00010140 00000000 |" Z16 Z16 Z8,
	  "non-ip" },
	/*
	 * Ethernet over an MPLS pseudowire (RFC 4448): after the bottom of
	 * the stack a first nibble of 0 is the control word (RFC 4385), and
	 * an Ethernet frame follows, with its own tags and labels.
	 */
	{ "mpls pseudowire ethernet ipv4", PK_DLT_EN10MB,
	  ETH("8847") "493ec2ff 000113ff | 00000005 |" ETH("0800")
	  IP4("0028", "06") TCP("01bb", "70ef", "12"),
	  "ok family=4 proto=6 sport=443 dport=28911 flags=SYN,ACK "
	  "src=192.0.2.1 l3=40" },
	{ "mpls pseudowire tagged ipv6", PK_DLT_EN10MB,
	  ETH("8100") "0064 8847 | 00012140 00000000 |" ETH("8100")
	  "00c8 86dd |" IP6("000c", "11") UDP("0007", "0008"),
	  "ok family=6 dport=8 vlans=2 vlan=100 l3=44" },
	{ "mpls pseudowire arp", PK_DLT_EN10MB,
	  ETH("8847") "00012140 00000000 |" ETH("0806") Z16 Z8 Z4,
	  "non-ip" },
	/* First nibble 1: an associated channel (RFC 4385 5), not IP. */
	{ "mpls pseudowire channel", PK_DLT_EN10MB,
	  ETH("8847") "00012140 10000021 |" Z16 Z16 Z8,
	  "non-ip" },
	{ "mpls pseudowire control word cut", PK_DLT_EN10MB,
	  ETH("8847") "00012140 0000",
	  "truncated-link" },
	{ "mpls pseudowire ethernet cut", PK_DLT_EN10MB,
	  ETH("8847") "00012140 00000000 |" Z8 Z2,
	  "truncated-link" },
	/* The label cap holds for the whole frame: 16 nested stacks decode,
	 * a 17th is invalid. */
	{ "mpls pseudowires 16 deep", PK_DLT_EN10MB,
	  ETH("8847") PW15 "00010140 |" IP4("0020", "11") UDP("0001", "0002"),
	  "ok family=4 sport=1 dport=2" },
	{ "mpls pseudowires 17 deep", PK_DLT_EN10MB,
	  ETH("8847") PW15 PW1 "00010140 |" IP4("0020", "11")
	  UDP("0001", "0002"),
	  "invalid-link" },

	/* --- PPPoE --- */
	{ "pppoe ipv4", PK_DLT_EN10MB,
	  ETH("8864") "11 00 0007 0022 0021 |" IP4("0020", "11")
	  UDP("0009", "000a"),
	  "ok sport=9 l3=22" },
	{ "pppoe ipv6", PK_DLT_EN10MB,
	  ETH("8864") "11 00 0007 003e 0057 |" IP6("0014", "06")
	  TCP("000b", "000c", "04"),
	  "ok family=6 flags=RST" },
	/* The PPPoE length cuts the IP payload: truncated transport. */
	{ "pppoe length cuts tcp", PK_DLT_EN10MB,
	  ETH("8864") "11 00 0007 0034 0057 |" IP6("0014", "06")
	  TCP("000b", "000c", "04"),
	  "ok l4=truncated" },
	/* A length below the protocol field is invalid. */
	{ "pppoe length 1", PK_DLT_EN10MB,
	  ETH("8864") "11 00 0007 0001 0057 |" IP6("0014", "06")
	  TCP("000b", "000c", "04"),
	  "invalid-link" },
	{ "pppoe lcp", PK_DLT_EN10MB,
	  ETH("8864") "11 00 0007 0006 c021 01010004",
	  "non-ip" },

	/* --- 802.3 + LLC --- */
	{ "llc snap ipv4", PK_DLT_EN10MB,
	  ETH("0028") LLC_SNAP("0800") IP4("0020", "11") UDP("000d", "000e"),
	  "ok sport=13 l3=22" },
	/* STP over LLC (42 42 03): not IP. */
	{ "llc stp", PK_DLT_EN10MB,
	  ETH("0026") "424203 |" Z16 Z16 Z2 Z1,
	  "non-ip" },
	{ "arp", PK_DLT_EN10MB,
	  ETH("0806") Z16 Z8 Z4,
	  "non-ip" },
	{ "lldp (unknown ethertype)", PK_DLT_EN10MB,
	  ETH("88cc") Z16 Z8 Z4 Z2,
	  "non-ip" },

	/* --- Linux cooked --- */
	{ "sll ipv4 icmp", PK_DLT_LINUX_SLL,
	  SLL("0004", "0800") IP4("001c", "01") ICMP("03", "01"),
	  "ok icmp_type=3 icmp_code=1 l3=16" },
	/* SLL carrying a VLAN tag (some drivers leave it in). */
	{ "sll vlan ipv6", PK_DLT_LINUX_SLL,
	  SLL("0000", "8100") "0007 86dd |" IP6("000c", "11")
	  UDP("000f", "0010"),
	  "ok vlan=7 sport=15" },
	/* SLL2: proto rsvd ifindex hatype pkttype halen addr(8). */
	{ "sll2 ipv6 icmpv6", PK_DLT_LINUX_SLL2,
	  "86dd 0000 00000002 0001 00 06" Z8 " |" IP6("0008", "3a")
	  ICMP("80", "00"),
	  "ok proto=58 icmp_type=128 l3=20" },
	{ "sll2 arp", PK_DLT_LINUX_SLL2,
	  "0806 |" Z16 Z16 Z8 Z4 Z2,
	  "non-ip" },

	/* --- BSD loopback: DLT_NULL in both byte orders, every IPv6 family
	 * value; DLT_LOOP in network order only --- */
	{ "null be ipv4", PK_DLT_NULL,
	  "00000002 |" IP4("0028", "06") TCP("0015", "0016", "01"),
	  "ok family=4 sport=21 l3=4" },
	{ "null be ipv6 10", PK_DLT_NULL,
	  "0000000a |" IP6("000c", "11") UDP("0017", "0018"),
	  "ok family=6 dport=24" },
	{ "null be ipv6 24", PK_DLT_NULL,
	  "00000018 |" IP6("000c", "11") UDP("0017", "0018"),
	  "ok family=6 dport=24" },
	{ "null be ipv6 28", PK_DLT_NULL,
	  "0000001c |" IP6("000c", "11") UDP("0017", "0018"),
	  "ok family=6 dport=24" },
	{ "null be ipv6 30", PK_DLT_NULL,
	  "0000001e |" IP6("000c", "11") UDP("0017", "0018"),
	  "ok family=6 dport=24" },
	{ "null be family 7", PK_DLT_NULL,
	  "00000007 |" Z16 Z16 Z8,
	  "non-ip" },
	{ "null le ipv4", PK_DLT_NULL,
	  "02000000 |" IP4("0028", "06") TCP("0015", "0016", "01"),
	  "ok family=4 sport=21 l3=4" },
	{ "null le ipv6 10", PK_DLT_NULL,
	  "0a000000 |" IP6("000c", "11") UDP("0017", "0018"),
	  "ok family=6 dport=24" },
	{ "null le ipv6 24", PK_DLT_NULL,
	  "18000000 |" IP6("000c", "11") UDP("0017", "0018"),
	  "ok family=6 dport=24" },
	{ "null le ipv6 28", PK_DLT_NULL,
	  "1c000000 |" IP6("000c", "11") UDP("0017", "0018"),
	  "ok family=6 dport=24" },
	{ "null le ipv6 30", PK_DLT_NULL,
	  "1e000000 |" IP6("000c", "11") UDP("0017", "0018"),
	  "ok family=6 dport=24" },
	{ "null le family 7", PK_DLT_NULL,
	  "07000000 |" Z16 Z16 Z8,
	  "non-ip" },
	{ "loop ipv6", PK_DLT_LOOP,
	  "00000018 |" IP6("0014", "06") TCP("0019", "001a", "02"),
	  "ok family=6" },
	{ "loop ipv4", PK_DLT_LOOP,
	  "00000002 |" IP4("0020", "11") UDP("001b", "001c"),
	  "ok sport=27" },
	{ "loop 0x02000002: no family", PK_DLT_LOOP,
	  "02000002 |" IP4("0020", "11") UDP("001b", "001c"),
	  "non-ip" },

	/* --- PPP with and without address/control, compressed protocol;
	 * Cisco HDLC --- */
	{ "ppp ipv4", PK_DLT_PPP,
	  "ff03 0021 |" IP4("0020", "11") UDP("0023", "0024"),
	  "ok sport=35 l3=4" },
	{ "ppp-serial ppp ipv4", PK_DLT_PPP_SERIAL,
	  "ff03 0021 |" IP4("0020", "11") UDP("0023", "0024"),
	  "ok l3=4" },
	/* No address and control, protocol compressed to one byte. */
	{ "ppp compressed ipv4", PK_DLT_PPP,
	  "21 |" IP4("0028", "06") TCP("0025", "0026", "02"),
	  "ok sport=37 l3=1" },
	{ "ppp no address ipv6", PK_DLT_PPP,
	  "0057 |" IP6("000c", "11") UDP("0027", "0028"),
	  "ok family=6 l3=2" },
	{ "ppp lcp", PK_DLT_PPP,
	  "ff03 c021 01010004",
	  "non-ip" },
	/* Cisco HDLC: address 0x0f (unicast) or 0x8f, control, ethertype. */
	{ "c-hdlc 0x0f ipv6", PK_DLT_C_HDLC,
	  "0f00 86dd |" IP6("0014", "06") TCP("0029", "002a", "04"),
	  "ok flags=RST l3=4" },
	{ "ppp-serial c-hdlc 0x0f ipv6", PK_DLT_PPP_SERIAL,
	  "0f00 86dd |" IP6("0014", "06") TCP("0029", "002a", "04"),
	  "ok l3=4" },
	{ "c-hdlc 0x8f ipv6", PK_DLT_C_HDLC,
	  "8f00 86dd |" IP6("0014", "06") TCP("0029", "002a", "04"),
	  "ok" },
	{ "ppp-serial c-hdlc 0x8f ipv6", PK_DLT_PPP_SERIAL,
	  "8f00 86dd |" IP6("0014", "06") TCP("0029", "002a", "04"),
	  "ok" },
	/* Cisco SLARP (0x8035) is not IP. */
	{ "c-hdlc slarp", PK_DLT_C_HDLC,
	  "8f00 8035 |" IP6("0014", "06") TCP("0029", "002a", "04"),
	  "non-ip" },

	/* --- 802.11 data frames: three addresses; the fourth with ToDS and
	 * FromDS; QoS for subtype 8, HT control with +HTC --- */
	{ "802.11 data tods", PK_DLT_IEEE802_11,
	  WLAN("0801") LLC_SNAP("0800") IP4("0020", "11") UDP("002b", "002c"),
	  "ok sport=43 l3=32" },
	{ "802.11 data fromds", PK_DLT_IEEE802_11,
	  WLAN("0802") LLC_SNAP("0800") IP4("0020", "11") UDP("002b", "002c"),
	  "ok sport=43 l3=32" },
	{ "802.11 wds 4 addresses", PK_DLT_IEEE802_11,
	  WLAN("0803") Z4 Z2 "|" LLC_SNAP("0800") IP4("0020", "11")
	  UDP("002b", "002c"),
	  "ok sport=43 l3=38" },
	{ "802.11 qos data", PK_DLT_IEEE802_11,
	  WLAN("8801") "0000 |" LLC_SNAP("0800") IP4("0020", "11")
	  UDP("002b", "002c"),
	  "ok sport=43 l3=34" },
	{ "802.11 qos + ht control", PK_DLT_IEEE802_11,
	  WLAN("8881") "0000" Z4 "|" LLC_SNAP("0800") IP4("0020", "11")
	  UDP("002b", "002c"),
	  "ok sport=43 l3=38" },
	{ "802.11 qos wds", PK_DLT_IEEE802_11,
	  WLAN("8803") Z4 Z2 "0000 |" LLC_SNAP("0800") IP4("0020", "11")
	  UDP("002b", "002c"),
	  "ok sport=43 l3=40" },
	{ "802.11 a-msdu", PK_DLT_IEEE802_11,
	  WLAN("8801") "8000 |" LLC_SNAP("0800") IP4("0020", "11")
	  UDP("002b", "002c"),
	  "non-ip" },
	{ "802.11 protected", PK_DLT_IEEE802_11,
	  WLAN("0841") LLC_SNAP("0800") IP4("0020", "11") UDP("002b", "002c"),
	  "non-ip" },
	{ "802.11 null function", PK_DLT_IEEE802_11,
	  WLAN("4801") LLC_SNAP("0800") IP4("0020", "11") UDP("002b", "002c"),
	  "non-ip" },
	{ "802.11 qos null", PK_DLT_IEEE802_11,
	  WLAN("c801") "0000 |" LLC_SNAP("0800") IP4("0020", "11")
	  UDP("002b", "002c"),
	  "non-ip" },
	{ "802.11 beacon", PK_DLT_IEEE802_11,
	  WLAN("8000") LLC_SNAP("0800") IP4("0020", "11") UDP("002b", "002c"),
	  "non-ip" },
	{ "802.11 ack (control)", PK_DLT_IEEE802_11,
	  WLAN("d400") LLC_SNAP("0800") IP4("0020", "11") UDP("002b", "002c"),
	  "non-ip" },
	/* LLC that is not SNAP, and SNAP carrying ARP. */
	{ "802.11 llc not snap", PK_DLT_IEEE802_11,
	  WLAN("0801") "424203 |" Z16 Z16 Z8,
	  "non-ip" },
	{ "802.11 snap arp", PK_DLT_IEEE802_11,
	  WLAN("0801") LLC_SNAP("0806") Z16 Z8 Z4,
	  "non-ip" },

	/* --- radiotap: its length, presence words, TSFT alignment, FCS,
	 * data pad (the length is little-endian) --- */
	{ "radiotap no fields", PK_DLT_IEEE802_11_RADIO,
	  "00000800 00000000 |" WLAN("0802") LLC_SNAP("86dd") IP6("0014", "06")
	  TCP("002d", "002e", "02"),
	  "ok sport=45 l3=40" },
	{ "radiotap version 1", PK_DLT_IEEE802_11_RADIO,
	  "01000800 00000000 |" WLAN("0802") LLC_SNAP("86dd") IP6("0014", "06")
	  TCP("002d", "002e", "02"),
	  "invalid-link" },
	{ "radiotap length 7", PK_DLT_IEEE802_11_RADIO,
	  "00000700 00000000 |" WLAN("0802") LLC_SNAP("86dd") IP6("0014", "06")
	  TCP("002d", "002e", "02"),
	  "invalid-link" },
	{ "radiotap length past the capture", PK_DLT_IEEE802_11_RADIO,
	  "0000ff7f 00000000 |" WLAN("0802") LLC_SNAP("86dd") IP6("0014", "06")
	  TCP("002d", "002e", "02"),
	  "truncated-link" },
	/* TSFT (8-aligned after the presence word) and Flags with FCS: the
	 * last four bytes are not the packet's.  The IP length says 33 and
	 * the frame has them all: 13 TCP bytes and then the FCS, whose first
	 * byte sits where the TCP flags would be. */
	{ "radiotap fcs, ip length 33", PK_DLT_IEEE802_11_RADIO,
	  "00001100 03000000" Z8 "10 |" WLAN("0801") LLC_SNAP("0800")
	  IP4("0021", "06") "002f 0030 00000000 00000000 50 | 02 0000 00",
	  "ok l4=truncated" },
	/* Whatever the IP length, the FCS is not read. */
	{ "radiotap fcs, ip length 40", PK_DLT_IEEE802_11_RADIO,
	  "00001100 03000000" Z8 "10 |" WLAN("0801") LLC_SNAP("0800")
	  IP4("0028", "06") "002f 0030 00000000 00000000 50 | 02 0000 00",
	  "ok l4=truncated l3end_max=82" },
	/* No FCS: now the byte is TCP. */
	{ "radiotap no fcs, ip length 40", PK_DLT_IEEE802_11_RADIO,
	  "00001100 03000000" Z8 "00 |" WLAN("0801") LLC_SNAP("0800")
	  IP4("0028", "06") "002f 0030 00000000 00000000 50 | 02 0000 00",
	  "ok l4=ok flags=SYN" },
	/* Data pad: a 26-byte QoS header padded to 28. */
	{ "radiotap data pad", PK_DLT_IEEE802_11_RADIO,
	  "00000900 02000000 20 |" WLAN("8801") "0000 | 0000 |"
	  LLC_SNAP("0800") IP4("001c", "01") ICMP("00", "00"),
	  "ok l3=45" },
	/* Extended presence bitmaps: two words fine, 33 words invalid. */
	{ "radiotap 2 presence words", PK_DLT_IEEE802_11_RADIO,
	  "00000c00 00000080 00000000 |" WLAN("0801") LLC_SNAP("0800")
	  IP4("0020", "11") UDP("0031", "0032"),
	  "ok sport=49" },
	{ "radiotap 33 presence words", PK_DLT_IEEE802_11_RADIO,
	  "00008800 |"
	  "00000080 00000080 00000080 00000080 00000080 00000080 00000080 "
	  "00000080 00000080 00000080 00000080 00000080 00000080 00000080 "
	  "00000080 00000080 00000080 00000080 00000080 00000080 00000080 "
	  "00000080 00000080 00000080 00000080 00000080 00000080 00000080 "
	  "00000080 00000080 00000080 00000080 00000080 |"
	  Z16 Z16 Z16 Z16 Z16,
	  "invalid-link" },
	/* The last presence word says "more" but the header ends. */
	{ "radiotap presence past the header", PK_DLT_IEEE802_11_RADIO,
	  "00000800 00000080 |" Z16 Z16 Z16 Z16 Z16,
	  "invalid-link" },

	/* --- raw IP, by every raw link type --- */
	{ "raw ipv4", PK_DLT_RAW,
	  IP4("0020", "11") UDP("001f", "0020"),
	  "ok family=4 l3=0" },
	{ "raw ipv6", PK_DLT_RAW,
	  IP6("0014", "06") TCP("0021", "0022", "12"),
	  "ok family=6 flags=SYN,ACK" },
	{ "raw-12 ipv4", PK_DLT_RAW_12,
	  IP4("0020", "11") UDP("001f", "0020"),
	  "ok family=4 l3=0" },
	{ "raw-12 ipv6", PK_DLT_RAW_12,
	  IP6("0014", "06") TCP("0021", "0022", "12"),
	  "ok family=6 flags=SYN,ACK" },
	{ "raw-14 ipv4", PK_DLT_RAW_14,
	  IP4("0020", "11") UDP("001f", "0020"),
	  "ok family=4 l3=0" },
	{ "raw-14 ipv6", PK_DLT_RAW_14,
	  IP6("0014", "06") TCP("0021", "0022", "12"),
	  "ok family=6 flags=SYN,ACK" },
	{ "link-ip ipv4", PK_LINK_IP,
	  IP4("0020", "11") UDP("001f", "0020"),
	  "ok family=4 l3=0" },
	{ "link-ip ipv6", PK_LINK_IP,
	  IP6("0014", "06") TCP("0021", "0022", "12"),
	  "ok family=6 flags=SYN,ACK" },
	{ "ipv4 link ipv4", PK_DLT_IPV4,
	  IP4("0020", "11") UDP("001f", "0020"),
	  "ok" },
	{ "ipv6 link ipv6", PK_DLT_IPV6,
	  IP6("0014", "06") TCP("0021", "0022", "12"),
	  "ok" },
	/* The wrong version for a one-version link type. */
	{ "ipv4 link ipv6", PK_DLT_IPV4,
	  IP6("0014", "06") TCP("0021", "0022", "12"),
	  "invalid-ip" },
	{ "ipv6 link ipv4", PK_DLT_IPV6,
	  IP4("0020", "11") UDP("001f", "0020"),
	  "invalid-ip" },
	/* Neither 4 nor 6. */
	{ "raw version 5", PK_DLT_RAW,
	  IP4H("55", "0020", "0000", "11") UDP("001f", "0020"),
	  "invalid-ip" },
	{ "raw version 0", PK_DLT_RAW,
	  IP4H("05", "0020", "0000", "11") UDP("001f", "0020"),
	  "invalid-ip" },
	{ "raw empty", PK_DLT_RAW, "", "truncated-ip" },

	/* --- link types the agent does not decode --- */
	{ "user0", 147, Z16 Z16 Z16 Z8 Z4, "unknown-link" },
	{ "token ring", 6, Z16 Z16 Z16 Z8 Z4, "unknown-link" },
	{ "link type -2", -2, Z16 Z16 Z16 Z8 Z4, "unknown-link" },

	/* --- IPv4 options: 4 to 40 bytes of NOPs --- */
	{ "ipv4 4 bytes of options", PK_DLT_RAW,
	  IP4H("46", "002c", "0000", "06") NOP4 "|" TCP("a02c", "01bb", "11"),
	  "ok sport=41004 dport=443 flags=FIN,ACK caplen=44" },
	{ "ipv4 8 bytes of options", PK_DLT_RAW,
	  IP4H("47", "0030", "0000", "06") NOP4 NOP4 "|"
	  TCP("a030", "01bb", "11"),
	  "ok sport=41008 dport=443 flags=FIN,ACK caplen=48" },
	{ "ipv4 12 bytes of options", PK_DLT_RAW,
	  IP4H("48", "0034", "0000", "06") NOP4 NOP4 NOP4 "|"
	  TCP("a034", "01bb", "11"),
	  "ok sport=41012 dport=443 flags=FIN,ACK caplen=52" },
	{ "ipv4 16 bytes of options", PK_DLT_RAW,
	  IP4H("49", "0038", "0000", "06") NOP4 NOP4 NOP4 NOP4 "|"
	  TCP("a038", "01bb", "11"),
	  "ok sport=41016 dport=443 flags=FIN,ACK caplen=56" },
	{ "ipv4 20 bytes of options", PK_DLT_RAW,
	  IP4H("4a", "003c", "0000", "06") NOP4 NOP4 NOP4 NOP4 NOP4 "|"
	  TCP("a03c", "01bb", "11"),
	  "ok sport=41020 dport=443 flags=FIN,ACK caplen=60" },
	{ "ipv4 24 bytes of options", PK_DLT_RAW,
	  IP4H("4b", "0040", "0000", "06") NOP4 NOP4 NOP4 NOP4 NOP4 NOP4 "|"
	  TCP("a040", "01bb", "11"),
	  "ok sport=41024 dport=443 flags=FIN,ACK caplen=64" },
	{ "ipv4 28 bytes of options", PK_DLT_RAW,
	  IP4H("4c", "0044", "0000", "06") NOP4 NOP4 NOP4 NOP4 NOP4 NOP4
	  NOP4 "|" TCP("a044", "01bb", "11"),
	  "ok sport=41028 dport=443 flags=FIN,ACK caplen=68" },
	{ "ipv4 32 bytes of options", PK_DLT_RAW,
	  IP4H("4d", "0048", "0000", "06") NOP4 NOP4 NOP4 NOP4 NOP4 NOP4
	  NOP4 NOP4 "|" TCP("a048", "01bb", "11"),
	  "ok sport=41032 dport=443 flags=FIN,ACK caplen=72" },
	{ "ipv4 36 bytes of options", PK_DLT_RAW,
	  IP4H("4e", "004c", "0000", "06") NOP4 NOP4 NOP4 NOP4 NOP4 NOP4
	  NOP4 NOP4 NOP4 "|" TCP("a04c", "01bb", "11"),
	  "ok sport=41036 dport=443 flags=FIN,ACK caplen=76" },
	{ "ipv4 40 bytes of options", PK_DLT_RAW,
	  IP4H("4f", "0050", "0000", "06") NOP4 NOP4 NOP4 NOP4 NOP4 NOP4
	  NOP4 NOP4 NOP4 NOP4 "|" TCP("a050", "01bb", "11"),
	  "ok sport=41040 dport=443 flags=FIN,ACK caplen=80" },
	/* IHL below 5 is invalid. */
	{ "ipv4 ihl 4", PK_DLT_RAW,
	  IP4H("44", "0020", "0000", "11") UDP("0001", "0002"),
	  "invalid-ip" },
	{ "ipv4 ihl 0", PK_DLT_RAW,
	  IP4H("40", "0020", "0000", "11") UDP("0001", "0002"),
	  "invalid-ip" },
	/* IHL 15 with fewer bytes captured: truncated. */
	{ "ipv4 ihl 15 past the capture", PK_DLT_RAW,
	  IP4H("4f", "0020", "0000", "11") UDP("0001", "0002"),
	  "truncated-ip" },
	/* A total length below the header is invalid. */
	{ "ipv4 total length 19", PK_DLT_RAW,
	  IP4("0013", "11") UDP("0001", "0002"),
	  "invalid-ip" },
	/* A total length of 0 (segmentation offload) means "as captured". */
	{ "ipv4 total length 0", PK_DLT_RAW,
	  IP4("0000", "11") UDP("0001", "0002"),
	  "ok sport=1 iplen=32" },

	/* --- IPv4 fragments --- */
	/* First fragment (MF, offset 0): the transport header is there. */
	{ "ipv4 first fragment", PK_DLT_RAW,
	  IP4F("0020", "2000", "11") UDP("abe1", "0801"),
	  "ok l4=ok frag=1 sport=44001" },
	/* A later fragment: drawn, ports 0 0, even if its bytes look like
	 * ports. */
	{ "ipv4 later fragment", PK_DLT_RAW,
	  IP4F("0020", "0002", "11") UDP("abe1", "0801"),
	  "ok l4=fragment frag=1 sport=0 dport=0 proto=17" },
	/* The last fragment (offset, no MF), TCP, with DF ignored. */
	{ "ipv4 last fragment df", PK_DLT_RAW,
	  IP4F("0028", "5fff", "06") TCP("0001", "0002", "02"),
	  "ok l4=fragment flags=0" },
	/* DF alone is not a fragment. */
	{ "ipv4 df", PK_DLT_RAW,
	  IP4F("0028", "4000", "06") TCP("0001", "0002", "02"),
	  "ok frag=0 l4=ok" },
	/* A later fragment of GRE stays skipped. */
	{ "ipv4 later fragment gre", PK_DLT_RAW,
	  IP4F("0024", "0004", "2f") Z16,
	  "ip-proto-other" },

	/* --- IPv4 protocols not drawn --- */
	{ "ipv4 gre", PK_DLT_RAW, IP4("002c", "2f") Z16 Z8, "ip-proto-other" },
	{ "ipv4 esp", PK_DLT_RAW, IP4("002c", "32") Z16 Z8, "ip-esp-ah" },
	{ "ipv4 ah", PK_DLT_RAW, IP4("002c", "33") Z16 Z8, "ip-esp-ah" },
	{ "ipv4 sctp", PK_DLT_RAW, IP4("002c", "84") Z16 Z8, "ip-proto-other" },
	{ "ipv4 igmp", PK_DLT_RAW, IP4("002c", "02") Z16 Z8, "ip-proto-other" },
	{ "ipv4 ospf", PK_DLT_RAW, IP4("002c", "59") Z16 Z8, "ip-proto-other" },
	{ "ipv4 ipip", PK_DLT_RAW, IP4("002c", "04") Z16 Z8, "ip-proto-other" },
	{ "ipv4 6in4", PK_DLT_RAW, IP4("002c", "29") Z16 Z8, "ip-proto-other" },
	{ "ipv4 icmpv6", PK_DLT_RAW, IP4("002c", "3a") Z16 Z8,
	  "ip-proto-other" },

	/* --- IPv6 extension headers --- */
	/* Hop-by-hop, routing (24 bytes), destination options, then TCP. */
	{ "ipv6 hbh rt dst tcp", PK_DLT_RAW,
	  IP6("0044", "00") EXT6("2b") "3c 02" Z4 Z2 Z16 "|" "06 01" Z4 Z8 Z2
	  "|" TCP("afcc", "01bb", "04"),
	  "ok proto=6 sport=45004 flags=RST l4=ok frag=0" },
	/* First fragment after options: the header is read. */
	{ "ipv6 first fragment", PK_DLT_RAW,
	  IP6("001c", "00") EXT6("2c") FRAG6("11", "0001") UDP("afcd", "afce"),
	  "ok frag=1 l4=ok sport=45005" },
	/* A later fragment: ports 0 0, the protocol from the fragment
	 * header. */
	{ "ipv6 later fragment", PK_DLT_RAW,
	  IP6("0010", "2c") FRAG6("3a", "0018") ICMP("80", "00"),
	  "ok l4=fragment proto=58 icmp_type=0 frag=1" },
	{ "ipv6 later fragment sctp", PK_DLT_RAW,
	  IP6("0018", "2c") FRAG6("84", "0019") Z16,
	  "ip-proto-other" },
	/* ESP, AH, no next header (directly and after options), unknown. */
	{ "ipv6 esp", PK_DLT_RAW, IP6("0018", "32") Z16 Z8, "ip-esp-ah" },
	{ "ipv6 ah", PK_DLT_RAW, IP6("0018", "33") Z16 Z8, "ip-esp-ah" },
	{ "ipv6 no next header", PK_DLT_RAW, IP6("0018", "3b") Z16 Z8,
	  "ipv6-no-next" },
	{ "ipv6 sctp", PK_DLT_RAW, IP6("0018", "84") Z16 Z8, "ip-proto-other" },
	{ "ipv6 icmpv4", PK_DLT_RAW, IP6("0018", "01") Z16 Z8,
	  "ip-proto-other" },
	{ "ipv6 dst no next header", PK_DLT_RAW,
	  IP6("0008", "3c") EXT6("3b"),
	  "ipv6-no-next" },
	{ "ipv6 hbh ah", PK_DLT_RAW,
	  IP6("0020", "00") EXT6("33") Z16 Z8,
	  "ip-esp-ah" },

	/* --- IPv6 limits --- */
	/* PK_MAX_EXTHDRS (16) - 1 headers and a transport are fine; a chain
	 * longer than PK_MAX_EXTHDRS is invalid. */
	{ "ipv6 15 extension headers", PK_DLT_RAW,
	  IP6("0084", "3c") EXT6("3c") EXT6("3c") EXT6("3c") EXT6("3c")
	  EXT6("3c") EXT6("3c") EXT6("3c") EXT6("3c") EXT6("3c") EXT6("3c")
	  EXT6("3c") EXT6("3c") EXT6("3c") EXT6("3c") EXT6("11")
	  UDP("0001", "0002"),
	  "ok" },
	{ "ipv6 17 extension headers", PK_DLT_RAW,
	  IP6("0094", "3c") EXT6("3c") EXT6("3c") EXT6("3c") EXT6("3c")
	  EXT6("3c") EXT6("3c") EXT6("3c") EXT6("3c") EXT6("3c") EXT6("3c")
	  EXT6("3c") EXT6("3c") EXT6("3c") EXT6("3c") EXT6("3c") EXT6("3c")
	  EXT6("11") UDP("0001", "0002"),
	  "invalid-ip" },
	/* An option header longer than the payload length: truncated. */
	{ "ipv6 option past the payload length", PK_DLT_RAW,
	  IP6("0010", "00") "11 04" Z4 Z2 Z16 Z16 "|" UDP("0001", "0002"),
	  "truncated-ip" },
	/* The payload length cuts the UDP header. */
	{ "ipv6 payload length cuts udp", PK_DLT_RAW,
	  IP6("002b", "00") "11 04" Z4 Z2 Z16 Z16 "|" UDP("0001", "0002"),
	  "ok l4=truncated sport=0" },
	/* Payload length 0 (a jumbogram): as captured. */
	{ "ipv6 payload length 0", PK_DLT_RAW,
	  IP6("0000", "00") "11 04" Z4 Z2 Z16 Z16 "|" UDP("0001", "0002"),
	  "ok l4=ok sport=1 iplen=92" },

	/* --- transport: TCP needs 14 bytes (ports + flags), UDP 4, ICMP 2;
	 * a byte less is a truncated transport, ports 0 0 --- */
	{ "ipv4 tcp 14 bytes", PK_DLT_RAW,
	  IP4("0028", "06") "0457 08ae 000003e8 00000000 50 03",
	  "ok l4=ok flags=SYN,FIN" },
	{ "ipv4 tcp 13 bytes", PK_DLT_RAW,
	  IP4("0028", "06") "0457 08ae 000003e8 00000000 50",
	  "ok l4=truncated sport=0 dport=0 flags=0" },
	{ "ipv4 udp 4 bytes", PK_DLT_RAW,
	  IP4("0020", "11") "0457 08ae",
	  "ok l4=ok dport=2222" },
	{ "ipv4 udp 3 bytes", PK_DLT_RAW,
	  IP4("0020", "11") "0457 08",
	  "ok l4=truncated sport=0 dport=0 flags=0" },
	{ "ipv4 icmp 2 bytes", PK_DLT_RAW,
	  IP4("001c", "01") "0b 01",
	  "ok l4=ok icmp_code=1" },
	{ "ipv4 icmp 1 byte", PK_DLT_RAW,
	  IP4("001c", "01") "0b",
	  "ok l4=truncated sport=0 dport=0 flags=0" },
	{ "ipv6 tcp 14 bytes", PK_DLT_RAW,
	  IP6("0014", "06") "0457 08ae 000003e8 00000000 50 03",
	  "ok l4=ok flags=SYN,FIN" },
	{ "ipv6 tcp 13 bytes", PK_DLT_RAW,
	  IP6("0014", "06") "0457 08ae 000003e8 00000000 50",
	  "ok l4=truncated sport=0 dport=0 flags=0" },
	{ "ipv6 udp 4 bytes", PK_DLT_RAW,
	  IP6("000c", "11") "0457 08ae",
	  "ok l4=ok dport=2222" },
	{ "ipv6 udp 3 bytes", PK_DLT_RAW,
	  IP6("000c", "11") "0457 08",
	  "ok l4=truncated sport=0 dport=0 flags=0" },
	{ "ipv6 icmpv6 2 bytes", PK_DLT_RAW,
	  IP6("0008", "3a") "0b 01",
	  "ok l4=ok icmp_code=1" },
	{ "ipv6 icmpv6 1 byte", PK_DLT_RAW,
	  IP6("0008", "3a") "0b",
	  "ok l4=truncated sport=0 dport=0 flags=0" },

	/* --- cut at every byte boundary of every header --- */
	{ "cut: ether ipv4 tcp", PK_DLT_EN10MB,
	  ETH("0800") IP4("0028", "06") TCP("0001", "0002", "02"),
	  "ok l4=ok cut=14/20/14" },
	{ "cut: qinq ipv4+options udp", PK_DLT_EN10MB,
	  ETH("88a8") "0001 8100 0002 0800 |" IP4H("48", "002c", "0000", "11")
	  NOP4 NOP4 NOP4 "|" UDP("0003", "0004"),
	  "ok l4=ok cut=22/32/4" },
	{ "cut: ether ipv6 hbh+rt+dst+frag tcp", PK_DLT_EN10MB,
	  ETH("86dd") IP6("0044", "00") EXT6("2b") "3c 02" Z4 Z2 Z16 "|"
	  EXT6("2c") FRAG6("06", "0001") TCP("0005", "0006", "10"),
	  "ok l4=ok cut=14/88/14" },
	{ "cut: ether ipv6 icmpv6", PK_DLT_EN10MB,
	  ETH("86dd") IP6("0008", "3a") ICMP("87", "00"),
	  "ok l4=ok cut=14/40/2" },
	{ "cut: ether ipv6 dstopts esp", PK_DLT_EN10MB,
	  ETH("86dd") IP6("0018", "3c") EXT6("32") Z16,
	  "ip-esp-ah cut=14/48/0" },
	{ "cut: sll ipv4 icmp", PK_DLT_LINUX_SLL,
	  SLL("0000", "0800") IP4("001c", "01") ICMP("08", "00"),
	  "ok l4=ok cut=16/20/2" },
	{ "cut: sll2 ipv6 udp", PK_DLT_LINUX_SLL2,
	  "86dd" Z16 Z2 "|" IP6("000c", "11") UDP("0007", "0008"),
	  "ok l4=ok cut=20/40/4" },
	{ "cut: null-le ipv4 tcp", PK_DLT_NULL,
	  "02000000 |" IP4("0028", "06") TCP("0009", "000a", "01"),
	  "ok l4=ok cut=4/20/14" },
	{ "cut: null-be ipv6 udp", PK_DLT_NULL,
	  "0000001e |" IP6("000c", "11") UDP("000b", "000c"),
	  "ok l4=ok cut=4/40/4" },
	{ "cut: loop ipv4 udp", PK_DLT_LOOP,
	  "00000002 |" IP4("0020", "11") UDP("000d", "000e"),
	  "ok l4=ok cut=4/20/4" },
	{ "cut: raw ipv6 tcp", PK_DLT_RAW,
	  IP6("0014", "06") TCP("000f", "0010", "02"),
	  "ok l4=ok cut=0/40/14" },
	{ "cut: mpls ipv4 tcp", PK_DLT_EN10MB,
	  ETH("8847") "00010040 00011140 |" IP4("0028", "06")
	  TCP("0011", "0012", "02"),
	  "ok l4=ok cut=22/20/14" },
	{ "cut: pppoe ipv6 udp", PK_DLT_EN10MB,
	  ETH("8864") "11 00 0001 0036 0057 |" IP6("000c", "11")
	  UDP("0013", "0014"),
	  "ok l4=ok cut=22/40/4" },
	{ "cut: snap ipv4 udp", PK_DLT_EN10MB,
	  ETH("0028") LLC_SNAP("0800") IP4("0020", "11") UDP("0015", "0016"),
	  "ok l4=ok cut=22/20/4" },
	{ "cut: ppp ipv4 tcp", PK_DLT_PPP,
	  "ff03 0021 |" IP4("0028", "06") TCP("0017", "0018", "02"),
	  "ok l4=ok cut=4/20/14" },
	{ "cut: c-hdlc ipv6 udp", PK_DLT_C_HDLC,
	  "0f00 86dd |" IP6("000c", "11") UDP("0019", "001a"),
	  "ok l4=ok cut=4/40/4" },
	{ "cut: radiotap 802.11 qos ipv4 tcp", PK_DLT_IEEE802_11_RADIO,
	  "00000800 00000000 |" WLAN("8801") "0000 |" LLC_SNAP("0800")
	  IP4("0028", "06") TCP("001b", "001c", "02"),
	  "ok l4=ok cut=42/20/14" },
	{ "cut: ether ipv4 gre", PK_DLT_EN10MB,
	  ETH("0800") IP4("001c", "2f") Z8,
	  "ip-proto-other cut=14/20/0" },

	/* --- the frames the mutation test starts from --- */
	{ "mutation base: vlan ipv4+options tcp", PK_DLT_EN10MB,
	  ETH("8100") "0003 0800 |" IP4H("47", "0030", "0000", "06") NOP4 NOP4
	  "|" TCP("0001", "0002", "02"),
	  "ok vlans=1 vlan=3 sport=1 dport=2 flags=SYN l3=18 caplen=48" },
	{ "mutation base: ipv6 dst+frag udp", PK_DLT_EN10MB,
	  ETH("86dd") IP6("0024", "00") "2c 01" Z4 Z8 Z2 "|" FRAG6("11", "0001")
	  UDP("0003", "0004"),
	  "ok family=6 proto=17 frag=1 sport=3 dport=4 l3=14" },
	{ "mutation base: ipv4 icmp", PK_DLT_RAW,
	  IP4("001c", "01") ICMP("08", "00"),
	  "ok proto=1 icmp_type=8 icmp_code=0 l3=0" },
	{ "mutation base: ipv6 dst+rt icmpv6", PK_DLT_RAW,
	  IP6("0020", "3c") EXT6("2b") "3a 01" Z4 Z8 Z2 "|" ICMP("01", "04"),
	  "ok proto=58 icmp_type=1 icmp_code=4" },
};
#define NCASES	(sizeof(cases) / sizeof(cases[0]))

/* --- frames and decoding from a guarded copy --------------------------- */

struct frame {
	uint8_t	 b[1024];
	size_t	 n;
};

static const uint8_t A4[4] = { 192, 0, 2, 1 };
static const uint8_t B4[4] = { 198, 51, 100, 2 };
static const uint8_t A6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1 };
static const uint8_t B6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1,
    0, 0, 0, 0, 0, 0, 0, 2 };

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The bytes of a case; a table typo is the test's own error (99). */
static void
frame_of(const struct decode_case *c, struct frame *f)
{
	const char *s;
	int hi = -1, v;

	f->n = 0;
	for (s = c->bytes; *s != '\0'; s++) {
		if (*s == ' ' || *s == '|')
			continue;
		if ((v = hexval((unsigned char)*s)) < 0 ||
		    (hi < 0 && f->n == sizeof(f->b))) {
			fprintf(stderr, "case \"%s\": bad byte text at \"%s\"\n",
			    c->name, s);
			exit(99);
		}
		if (hi < 0)
			hi = v;
		else {
			f->b[f->n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0) {
		fprintf(stderr, "case \"%s\": odd number of hex digits\n",
		    c->name);
		exit(99);
	}
}

static const struct decode_case *
case_named(const char *name)
{
	size_t i;

	for (i = 0; i < NCASES; i++)
		if (strcmp(cases[i].name, name) == 0)
			return &cases[i];
	fprintf(stderr, "no case \"%s\"\n", name);
	exit(99);
}

static uint8_t *guard_base;
static size_t guard_size;
static const uint8_t *gbuf;		/* where the last copy starts */

static const uint8_t *
guarded(const uint8_t *buf, size_t len)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t span = ((len + (size_t)page - 1) / (size_t)page + 1) *
	    (size_t)page;
	uint8_t *p;

	if (guard_base == NULL || guard_size < span) {
		if (guard_base != NULL)
			munmap(guard_base, guard_size);
		p = mmap(NULL, span, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			perror("mmap");
			exit(99);
		}
		if (mprotect(p + span - (size_t)page, (size_t)page,
		    PROT_NONE) < 0) {
			perror("mprotect");
			exit(99);
		}
		guard_base = p;
		guard_size = span;
	}
	p = guard_base + guard_size - (size_t)page - len;
	if (len > 0)
		memcpy(p, buf, len);
	gbuf = p;
	return p;
}

static enum pk_result
dec_len(int linktype, const struct frame *f, size_t caplen,
    struct pk_packet *pkt)
{
	const uint8_t *p = guarded(f->b, caplen);

	return decode_frame(linktype, p, caplen, pkt);
}

static enum pk_result
dec(int linktype, const struct frame *f, struct pk_packet *pkt)
{
	return dec_len(linktype, f, f->n, pkt);
}

/* --- checking a case --------------------------------------------------- */

static void
check_field(const char *field, unsigned long long got,
    unsigned long long want)
{
	test_checks++;
	if (got != want) {
		test_failed++;
		printf("  FAIL [%s]: %s %llu, want %llu\n", test_current,
		    field, got, want);
	}
}

static void
check_that(int ok, const char *what)
{
	test_checks++;
	if (!ok) {
		test_failed++;
		printf("  FAIL [%s]: %s\n", test_current, what);
	}
}

static enum pk_result
result_named(const char *name)
{
	int r;

	for (r = 0; r < PK_RESULT_MAX; r++)
		if (strcmp(decode_result_name((enum pk_result)r), name) == 0)
			return (enum pk_result)r;
	fprintf(stderr, "[%s]: no result \"%s\"\n", test_current, name);
	exit(99);
}

static unsigned long long
number(const char *key, const char *v)
{
	char *end;
	unsigned long long n;

	n = strtoull(v, &end, 0);
	if (*v == '\0' || *end != '\0') {
		fprintf(stderr, "[%s]: %s=%s is not a number\n", test_current,
		    key, v);
		exit(99);
	}
	return n;
}

static unsigned
tcp_flags_of(const char *v)
{
	static const struct {
		const char	*name;
		unsigned	 bit;
	} names[] = {
		{ "FIN", PK_TH_FIN }, { "SYN", PK_TH_SYN }, { "RST", PK_TH_RST },
		{ "PSH", PK_TH_PUSH }, { "ACK", PK_TH_ACK },
	};
	char buf[64], *tok, *save;
	unsigned flags = 0;
	size_t i;

	if (strcmp(v, "0") == 0)
		return 0;
	snprintf(buf, sizeof(buf), "%s", v);
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strcmp(tok, names[i].name) == 0)
				break;
		if (i == sizeof(names) / sizeof(names[0])) {
			fprintf(stderr, "[%s]: no TCP flag %s\n", test_current,
			    tok);
			exit(99);
		}
		flags |= names[i].bit;
	}
	return flags;
}

static void
check_addr(const char *key, const struct pk_packet *pkt, const uint8_t *got,
    const char *text)
{
	uint8_t want[16];
	int af = strchr(text, ':') != NULL ? AF_INET6 : AF_INET;
	char what[128];

	if (inet_pton(af, text, want) != 1) {
		fprintf(stderr, "[%s]: %s=%s is not an address\n",
		    test_current, key, text);
		exit(99);
	}
	snprintf(what, sizeof(what), "%s is %s", key, text);
	check_that(pkt->family == (af == AF_INET6 ? 6 : 4) &&
	    memcmp(got, want, af == AF_INET6 ? 16 : 4) == 0, what);
}

/* Cut at every length: the results as the header comment says. */
static void
check_cuts(const struct decode_case *c, const struct frame *f,
    enum pk_result whole, const char *spec)
{
	struct pk_packet pkt;
	unsigned long link, iphdrs, need;
	size_t len;
	enum pk_result r, want;

	if (sscanf(spec, "%lu/%lu/%lu", &link, &iphdrs, &need) != 3) {
		fprintf(stderr, "[%s]: bad cut=%s\n", c->name, spec);
		exit(99);
	}
	for (len = 0; len <= f->n; len++) {
		r = dec_len(c->linktype, f, len, &pkt);
		if (len < link)
			want = PK_TRUNC_LINK;
		else if (len < link + iphdrs)
			want = PK_TRUNC_IP;
		else
			want = whole;
		if (r != want)
			printf("    %s cut at %zu: result %s, want %s\n",
			    c->name, len, decode_result_name(r),
			    decode_result_name(want));
		check_that(r == want, "result of the cut frame");
		if (r != want || r != PK_OK)
			continue;
		check_that(pkt.l3 == gbuf + link, "l3 after the link header");
		check_that(pkt.l3 + pkt.l3_caplen <= gbuf + len,
		    "l3 within the cut frame");
		if (len < link + iphdrs + need) {
			check_field("cut l4_state", pkt.l4_state,
			    PK_L4_TRUNCATED);
			check_field("cut sport", pkt.sport, 0);
			check_field("cut dport", pkt.dport, 0);
		} else
			check_field("cut l4_state", pkt.l4_state, PK_L4_OK);
	}
}

static void
check_case(const struct decode_case *c)
{
	static const char *const l4_names[] = {
		[PK_L4_OK] = "ok", [PK_L4_FRAGMENT] = "fragment",
		[PK_L4_TRUNCATED] = "truncated",
	};
	struct frame f;
	struct pk_packet pkt;
	enum pk_result r, want;
	char buf[512], *tok, *save, *v, *cut = NULL;
	size_t i;

	frame_of(c, &f);
	snprintf(buf, sizeof(buf), "%s", c->want);
	tok = strtok_r(buf, " ", &save);
	want = result_named(tok != NULL ? tok : "");
	r = dec(c->linktype, &f, &pkt);
	if (r != want)
		printf("  FAIL [%s]: result %s, want %s\n", c->name,
		    decode_result_name(r), decode_result_name(want));
	check_that(r == want, "result");
	while ((tok = strtok_r(NULL, " ", &save)) != NULL) {
		if ((v = strchr(tok, '=')) == NULL) {
			fprintf(stderr, "[%s]: %s is not key=value\n", c->name,
			    tok);
			exit(99);
		}
		*v++ = '\0';
		if (strcmp(tok, "cut") == 0) {
			cut = v;
			continue;
		}
		if (r != want || r != PK_OK)
			continue;	/* fields of a packet not decoded */
		if (strcmp(tok, "family") == 0)
			check_field(tok, pkt.family, number(tok, v));
		else if (strcmp(tok, "proto") == 0)
			check_field(tok, pkt.proto, number(tok, v));
		else if (strcmp(tok, "sport") == 0)
			check_field(tok, pkt.sport, number(tok, v));
		else if (strcmp(tok, "dport") == 0)
			check_field(tok, pkt.dport, number(tok, v));
		else if (strcmp(tok, "icmp_type") == 0)
			check_field(tok, pkt.icmp_type, number(tok, v));
		else if (strcmp(tok, "icmp_code") == 0)
			check_field(tok, pkt.icmp_code, number(tok, v));
		else if (strcmp(tok, "vlans") == 0)
			check_field(tok, pkt.nvlans, number(tok, v));
		else if (strcmp(tok, "vlan") == 0)
			check_field(tok, pkt.vlan, number(tok, v));
		else if (strcmp(tok, "frag") == 0)
			check_field(tok, pkt.fragment, number(tok, v));
		else if (strcmp(tok, "caplen") == 0)
			check_field(tok, pkt.l3_caplen, number(tok, v));
		else if (strcmp(tok, "iplen") == 0)
			check_field(tok, pkt.ip_len, number(tok, v));
		else if (strcmp(tok, "flags") == 0)
			check_field(tok, pkt.tcp_flags, tcp_flags_of(v));
		else if (strcmp(tok, "l3") == 0)
			check_field(tok, (unsigned long long)(pkt.l3 - gbuf),
			    number(tok, v));
		else if (strcmp(tok, "l3end_max") == 0)
			check_that(pkt.l3 + pkt.l3_caplen <=
			    gbuf + number(tok, v), "l3 ends by l3end_max");
		else if (strcmp(tok, "src") == 0)
			check_addr(tok, &pkt, pkt.src, v);
		else if (strcmp(tok, "dst") == 0)
			check_addr(tok, &pkt, pkt.dst, v);
		else if (strcmp(tok, "l4") == 0) {
			for (i = 0; i < sizeof(l4_names) / sizeof(l4_names[0]);
			    i++)
				if (strcmp(v, l4_names[i]) == 0)
					break;
			if (i == sizeof(l4_names) / sizeof(l4_names[0])) {
				fprintf(stderr, "[%s]: no l4 state %s\n",
				    c->name, v);
				exit(99);
			}
			check_field(tok, pkt.l4_state, i);
		} else {
			fprintf(stderr, "[%s]: no field %s\n", c->name, tok);
			exit(99);
		}
	}
	if (cut != NULL)
		check_cuts(c, &f, want, cut);
}

/* --- what the table does not hold -------------------------------------- */

/* The limits the table's rows are written for. */
TEST(table_limits)
{
	CHECK_EQ_U(PK_MAX_VLANS, 8);
	CHECK_EQ_U(PK_MAX_MPLS, 16);
	CHECK_EQ_U(PK_MAX_EXTHDRS, 16);
}

TEST(link_types_and_names)
{
	CHECK(!decode_link_supported(147));
	CHECK(!decode_link_supported(6));
	CHECK(decode_link_supported(PK_DLT_PPP));
	CHECK(decode_link_supported(PK_DLT_PPP_SERIAL));
	CHECK(decode_link_supported(PK_DLT_C_HDLC));
	CHECK(decode_link_supported(PK_DLT_IEEE802_11));
	CHECK(decode_link_supported(PK_DLT_IEEE802_11_RADIO));
	CHECK(decode_link_supported(PK_DLT_EN10MB));
	CHECK(decode_link_supported(PK_DLT_NULL));
	CHECK(decode_link_supported(PK_DLT_LOOP));
	CHECK(decode_link_supported(PK_DLT_RAW));
	CHECK(decode_link_supported(PK_DLT_RAW_12));
	CHECK(decode_link_supported(PK_DLT_RAW_14));
	CHECK(decode_link_supported(PK_DLT_IPV4));
	CHECK(decode_link_supported(PK_DLT_IPV6));
	CHECK(decode_link_supported(PK_DLT_LINUX_SLL));
	CHECK(decode_link_supported(PK_DLT_LINUX_SLL2));
	CHECK(strcmp(decode_result_name(PK_OK), "ok") == 0);
	CHECK(strcmp(decode_result_name(PK_SKIP_NONIP), "non-ip") == 0);
	CHECK(strcmp(decode_result_name((enum pk_result)PK_RESULT_MAX),
	    "?") == 0);
	CHECK(strcmp(decode_result_name((enum pk_result)-1), "?") == 0);
}

/*
 * Frames that are mostly right with bytes changed at random (a fixed seed):
 * whatever comes out must be consistent and nothing may be read past the
 * end, including by the classifier, the describer and the SPIE digest.
 */
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t
rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

TEST(mutated_frames)
{
	static const int lts[] = { PK_DLT_EN10MB, PK_DLT_NULL, PK_DLT_LOOP,
	    PK_DLT_RAW, PK_DLT_LINUX_SLL, PK_DLT_LINUX_SLL2, PK_DLT_IPV4,
	    PK_DLT_IPV6, PK_DLT_PPP, PK_DLT_PPP_SERIAL, PK_DLT_C_HDLC,
	    PK_DLT_IEEE802_11, PK_DLT_IEEE802_11_RADIO };
	struct frame base[4], f;
	struct pk_packet pkt;
	struct pt_rec_out out;
	char desc[PK_DESC_MAX], hex[SPIE_HEX_LEN + 1];
	size_t k;
	int i, counts[PK_RESULT_MAX] = { 0 };

	frame_of(case_named("mutation base: vlan ipv4+options tcp"), &base[0]);
	frame_of(case_named("mutation base: ipv6 dst+frag udp"), &base[1]);
	frame_of(case_named("mutation base: ipv4 icmp"), &base[2]);
	frame_of(case_named("mutation base: ipv6 dst+rt icmpv6"), &base[3]);

	for (i = 0; i < 200000; i++) {
		int lt = lts[rnd() % (sizeof(lts) / sizeof(lts[0]))];
		int nmut = (int)(rnd() % 4);
		enum pk_result r;

		f = base[rnd() % 4];
		if (lt != PK_DLT_EN10MB && f.b[0] != 0x45 && f.b[0] != 0x60 &&
		    rnd() % 2) {
			/* Mostly keep IP at the front for the IP link types. */
			memmove(f.b, f.b + 14, f.n - 14);
			f.n -= 14;
		}
		while (nmut-- > 0)
			f.b[rnd() % f.n] = (uint8_t)rnd();
		f.n = rnd() % (f.n + 1);
		r = dec(lt, &f, &pkt);
		CHECK(r < PK_RESULT_MAX);
		if (r >= PK_RESULT_MAX)
			break;
		counts[r]++;
		if (r != PK_OK)
			continue;
		CHECK(pkt.family == 4 || pkt.family == 6);
		CHECK(pkt.proto == 6 || pkt.proto == 17 ||
		    (pkt.family == 4 && pkt.proto == 1) ||
		    (pkt.family == 6 && pkt.proto == 58));
		CHECK(pkt.l3 >= gbuf && pkt.l3 + pkt.l3_caplen <= gbuf + f.n);
		if (pkt.l4_state != PK_L4_OK)
			CHECK(pkt.sport == 0 && pkt.dport == 0);
		pk_classify(&pkt, 0, &out);
		CHECK(out.flag < 10);
		k = pk_describe(desc, sizeof(desc), &pkt);
		CHECK(k > 0 && k <= sizeof(desc));
		(void)spie_digest_hex(pkt.l3, pkt.l3_caplen, hex);
	}
	/* The mutations reached more than one outcome. */
	CHECK(counts[PK_OK] > 1000);
	CHECK(counts[PK_TRUNC_IP] > 100);
	CHECK(counts[PK_INVALID_IP] > 100);
}

/* --- classification ---------------------------------------------------- */

TEST(flag_classes)
{
	/* IPv4 */
	CHECK_EQ_U(pk_flag_class(4, 6, 1, PK_TH_ACK), 0);
	CHECK_EQ_U(pk_flag_class(4, 6, 1, 0), 0);
	CHECK_EQ_U(pk_flag_class(4, 6, 1, PK_TH_PUSH | PK_TH_ACK), 0);
	CHECK_EQ_U(pk_flag_class(4, 6, 1, PK_TH_SYN), 1);
	CHECK_EQ_U(pk_flag_class(4, 6, 1, PK_TH_SYN | PK_TH_ACK), 1);
	CHECK_EQ_U(pk_flag_class(4, 6, 1, PK_TH_SYN | PK_TH_FIN), 1);
	CHECK_EQ_U(pk_flag_class(4, 6, 1, PK_TH_SYN | PK_TH_RST), 1);
	CHECK_EQ_U(pk_flag_class(4, 6, 1, PK_TH_SYN | PK_TH_FIN | PK_TH_RST),
	    1);
	CHECK_EQ_U(pk_flag_class(4, 6, 1, 0xff), 1);
	CHECK_EQ_U(pk_flag_class(4, 6, 1, PK_TH_FIN), 2);
	CHECK_EQ_U(pk_flag_class(4, 6, 1, PK_TH_RST), 2);
	CHECK_EQ_U(pk_flag_class(4, 6, 1, PK_TH_FIN | PK_TH_ACK), 2);
	CHECK_EQ_U(pk_flag_class(4, 6, 1, PK_TH_RST | PK_TH_ACK), 2);
	CHECK_EQ_U(pk_flag_class(4, 6, 1, PK_TH_FIN | PK_TH_RST), 2);
	CHECK_EQ_U(pk_flag_class(4, 6, 1, 0xc0), 0);		/* ECE CWR */
	CHECK_EQ_U(pk_flag_class(4, 6, 0, PK_TH_SYN), 0);	/* no header */
	CHECK_EQ_U(pk_flag_class(4, 17, 1, 0), 3);
	CHECK_EQ_U(pk_flag_class(4, 17, 0, 0), 3);
	CHECK_EQ_U(pk_flag_class(4, 1, 1, 0), 4);
	CHECK_EQ_U(pk_flag_class(4, 1, 0, 0), 4);
	/* IPv6: the same classes as 5-9. */
	CHECK_EQ_U(pk_flag_class(6, 6, 1, PK_TH_ACK), 5);
	CHECK_EQ_U(pk_flag_class(6, 6, 1, PK_TH_SYN | PK_TH_RST), 6);
	CHECK_EQ_U(pk_flag_class(6, 6, 1, PK_TH_SYN), 6);
	CHECK_EQ_U(pk_flag_class(6, 6, 1, PK_TH_RST), 7);
	CHECK_EQ_U(pk_flag_class(6, 6, 1, PK_TH_FIN), 7);
	CHECK_EQ_U(pk_flag_class(6, 6, 0, PK_TH_SYN), 5);
	CHECK_EQ_U(pk_flag_class(6, 17, 1, 0), 8);
	CHECK_EQ_U(pk_flag_class(6, 58, 1, 0), 9);
	CHECK_EQ_U(pk_flag_class(6, 58, 0, 0), 9);
}

static void
mkpkt(struct pk_packet *p, int family, unsigned proto)
{
	memset(p, 0, sizeof(*p));
	p->family = (uint8_t)family;
	p->proto = (uint8_t)proto;
	if (family == 4) {
		memcpy(p->src, A4, 4);
		memcpy(p->dst, B4, 4);
	} else {
		memcpy(p->src, A6, 16);
		memcpy(p->dst, B6, 16);
	}
}

TEST(classify_records)
{
	struct pk_packet p;
	struct pt_rec_out o;

	/* ICMP: type*256 and code*256 in the port fields. */
	mkpkt(&p, 4, 1);
	p.icmp_type = 8;
	p.icmp_code = 0;
	pk_classify(&p, 0, &o);
	CHECK_EQ_U(o.sport, 2048);
	CHECK_EQ_U(o.dport, 0);
	CHECK_EQ_U(o.flag, 4);
	CHECK_EQ_U(o.family, 4);
	CHECK(memcmp(o.src, A4, 4) == 0 && memcmp(o.dst, B4, 4) == 0);
	p.icmp_type = 3;
	p.icmp_code = 13;
	pk_classify(&p, 0, &o);
	CHECK_EQ_U(o.sport, 768);
	CHECK_EQ_U(o.dport, 3328);
	p.icmp_type = 255;
	p.icmp_code = 255;
	pk_classify(&p, 0, &o);
	CHECK_EQ_U(o.sport, 65280);
	CHECK_EQ_U(o.dport, 65280);

	mkpkt(&p, 6, 58);
	p.icmp_type = 128;
	p.icmp_code = 0;
	pk_classify(&p, 0, &o);
	CHECK_EQ_U(o.sport, 32768);
	CHECK_EQ_U(o.dport, 0);
	CHECK_EQ_U(o.flag, 9);
	CHECK(memcmp(o.src, A6, 16) == 0 && memcmp(o.dst, B6, 16) == 0);
	p.icmp_type = 1;
	p.icmp_code = 4;
	pk_classify(&p, 0, &o);
	CHECK_EQ_U(o.sport, 256);
	CHECK_EQ_U(o.dport, 1024);

	/* TCP with a flag base. */
	mkpkt(&p, 4, 6);
	p.sport = 40000;
	p.dport = 80;
	p.tcp_flags = PK_TH_SYN | PK_TH_FIN;
	pk_classify(&p, 0, &o);
	CHECK_EQ_U(o.flag, 1);
	CHECK_EQ_U(o.sport, 40000);
	CHECK_EQ_U(o.dport, 80);
	pk_classify(&p, 10, &o);
	CHECK_EQ_U(o.flag, 11);
	pk_classify(&p, 65000, &o);
	CHECK_EQ_U(o.flag, 65001);

	/* No transport header: ports 0 0, the class's flag. */
	p.l4_state = PK_L4_FRAGMENT;
	p.tcp_flags = 0;
	p.sport = p.dport = 0;
	pk_classify(&p, 0, &o);
	CHECK_EQ_U(o.flag, 0);
	CHECK_EQ_U(o.sport, 0);
	CHECK_EQ_U(o.dport, 0);
	mkpkt(&p, 6, 17);
	p.l4_state = PK_L4_TRUNCATED;
	pk_classify(&p, 0, &o);
	CHECK_EQ_U(o.flag, 8);
	mkpkt(&p, 4, 1);
	p.l4_state = PK_L4_FRAGMENT;
	p.icmp_type = 8;			/* must not show */
	pk_classify(&p, 0, &o);
	CHECK_EQ_U(o.flag, 4);
	CHECK_EQ_U(o.sport, 0);
}

static void
check_desc(const struct pk_packet *p, const char *want)
{
	char buf[PK_DESC_MAX];
	size_t n;

	n = pk_describe(buf, sizeof(buf), p);
	CHECK_MEM(buf, n, want);
}

TEST(descriptions)
{
	struct pk_packet p;
	char buf[PK_DESC_MAX];
	size_t n;

	mkpkt(&p, 4, 6);
	p.sport = 60000;
	p.dport = 80;
	check_desc(&p, "TCP src:192.0.2.1(60000) dst:198.51.100.2(80)");
	p.proto = 17;
	p.sport = 0;
	p.dport = 65535;
	check_desc(&p, "UDP src:192.0.2.1(0) dst:198.51.100.2(65535)");
	p.proto = 1;
	p.icmp_type = 8;
	check_desc(&p, "ICMPv4 src:192.0.2.1 dst:198.51.100.2 (type:8 code:0)");
	p.l4_state = PK_L4_FRAGMENT;
	check_desc(&p, "ICMPv4 src:192.0.2.1 dst:198.51.100.2 (fragment)");
	p.proto = 6;
	p.l4_state = PK_L4_TRUNCATED;
	check_desc(&p, "TCP src:192.0.2.1 dst:198.51.100.2 (truncated)");

	mkpkt(&p, 6, 58);
	p.icmp_type = 135;
	check_desc(&p, "ICMPv6 src:2001:db8::1 dst:2001:db8:0:1::2 "
	    "(type:135 code:0)");
	p.proto = 17;
	p.sport = 547;
	p.dport = 546;
	check_desc(&p, "UDP src:2001:db8::1(547) dst:2001:db8:0:1::2(546)");
	p.l4_state = PK_L4_FRAGMENT;
	check_desc(&p, "UDP src:2001:db8::1 dst:2001:db8:0:1::2 (fragment)");

	/* The longest description fits in PK_DESC_MAX. */
	mkpkt(&p, 6, 58);
	memset(p.src, 0xff, 16);
	memset(p.dst, 0xff, 16);
	p.icmp_type = 255;
	p.icmp_code = 255;
	n = pk_describe(buf, sizeof(buf), &p);
	CHECK_MEM(buf, n, "ICMPv6 src:ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff "
	    "dst:ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff (type:255 code:255)");
	/* A smaller cap cuts the text, never overflows. */
	memset(buf, 'x', sizeof(buf));
	n = pk_describe(buf, 10, &p);
	CHECK_EQ_U(n, 10);
	CHECK(memcmp(buf, "ICMPv6 src", 10) == 0);
	CHECK_EQ_U((unsigned char)buf[10], 'x');
}

/* --- address text against the C library ------------------------------ */

static int
same_as_libc6(const uint8_t a[16])
{
	char mine[PT_ADDRSTRLEN + 8], libc[INET6_ADDRSTRLEN];
	size_t n;

	memset(mine, 'x', sizeof(mine));
	n = pt_fmt_ip6(mine, a);
	if (inet_ntop(AF_INET6, a, libc, sizeof(libc)) == NULL)
		return 0;
	if (n >= PT_ADDRSTRLEN || n != strlen(libc) ||
	    memcmp(mine, libc, n) != 0 || mine[n] != 'x') {
		printf("    pt_fmt_ip6 \"%.*s\", inet_ntop \"%s\"\n", (int)n,
		    mine, libc);
		return 0;
	}
	return 1;
}

TEST(ip6_text_like_inet_ntop)
{
	static const uint16_t vals[] = { 0x0001, 0xffff, 0x00a0, 0x1000,
	    0x0db8 };
	uint8_t a[16];
	unsigned mask, w, v, bad = 0, i;

	/* Every pattern of zero and non-zero groups, with several values. */
	for (v = 0; v < sizeof(vals) / sizeof(vals[0]); v++)
		for (mask = 0; mask < 256; mask++) {
			for (w = 0; w < 8; w++) {
				uint16_t x = (mask >> w & 1) ?
				    (uint16_t)(vals[v] + w) : 0;

				a[2 * w] = (uint8_t)(x >> 8);
				a[2 * w + 1] = (uint8_t)x;
			}
			if (!same_as_libc6(a))
				bad++;
		}
	/* The dotted forms glibc chooses: ::a.b.c.d and ::ffff:a.b.c.d. */
	{
		static const char *const texts[] = {
			"::", "::1", "::2", "::0.0.1.0", "::1.2.3.4",
			"::ffff:1.2.3.4", "::ffff:0.0.0.0", "::ffff:0:0",
			"::fffe:1.2.3.4", "::1:ffff:1.2.3.4", "64:ff9b::1.2.3.4",
			"::ffff:0:1.2.3.4", "1::", "fe80::1", "ff02::1:ff00:1",
			"2001:db8::1:0:0:1", "2001:db8:0:0:1::1", "1:0:0:2::3",
			"0:0:1::", "::1:0:0:0:0", "1:2:3:4:5:6:7:8",
			"2001:db8:ffff:ffff:ffff:ffff:ffff:ffff",
		};

		for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
			if (inet_pton(AF_INET6, texts[i], a) != 1) {
				printf("    bad test address %s\n", texts[i]);
				bad++;
				continue;
			}
			if (!same_as_libc6(a))
				bad++;
		}
	}
	/* And random ones, with zero bytes and groups made likely. */
	for (i = 0; i < 100000; i++) {
		for (w = 0; w < 16; w++) {
			uint64_t r = rnd();

			a[w] = (r & 3) == 0 ? 0 : (uint8_t)(r >> 8);
		}
		if (rnd() % 3 == 0) {
			size_t at = rnd() % 16, len = rnd() % 8;

			memset(a + at, 0, len < 16 - at ? len : 16 - at);
		}
		if (!same_as_libc6(a))
			bad++;
		if (bad > 20)
			break;
	}
	CHECK_EQ_U(bad, 0);
}

TEST(ip4_text_like_inet_ntop)
{
	char mine[32], libc[INET_ADDRSTRLEN];
	uint8_t a[4];
	unsigned i, bad = 0;
	size_t n;

	for (i = 0; i < 200000; i++) {
		uint64_t r = i < 256 ? i * 0x01010101ULL : rnd();

		a[0] = (uint8_t)r;
		a[1] = (uint8_t)(r >> 8);
		a[2] = (uint8_t)(r >> 16);
		a[3] = (uint8_t)(r >> 24);
		n = pt_fmt_ip4(mine, a);
		inet_ntop(AF_INET, a, libc, sizeof(libc));
		if (n != strlen(libc) || memcmp(mine, libc, n) != 0) {
			if (bad++ < 5)
				printf("    pt_fmt_ip4 \"%.*s\", inet_ntop "
				    "\"%s\"\n", (int)n, mine, libc);
		}
	}
	CHECK_EQ_U(bad, 0);
	CHECK_EQ_U(pt_fmt_addr(mine, 4, (const uint8_t *)"\xc0\x00\x02\x01"),
	    9);
	CHECK(memcmp(mine, "192.0.2.1", 9) == 0);
}

int
main(void)
{
	size_t i;

	RUN(table_limits);
	for (i = 0; i < NCASES; i++)
		RUN_CASE(cases[i].name, check_case(&cases[i]));
	RUN(link_types_and_names);
	RUN(mutated_frames);
	RUN(flag_classes);
	RUN(classify_records);
	RUN(descriptions);
	RUN(ip6_text_like_inet_ntop);
	RUN(ip4_text_like_inet_ntop);
	return test_report();
}
