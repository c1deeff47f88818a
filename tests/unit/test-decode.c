/*
 * test-decode.c - the decoders of common/ on byte arrays, and classification.
 *
 * Frames are built byte by byte here (no struct casts) and handed to
 * decode_frame() from a copy that ends just before an unmapped page, so any
 * read past the captured length crashes the test instead of passing quietly.
 * Every frame is also decoded at every shorter capture length: a header cut
 * anywhere must give a truncation result (or a drawn packet with ports 0 0
 * once the IP header is whole), never a crash and never garbage.
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

/* --- frames ----------------------------------------------------------- */

struct frame {
	uint8_t	 b[1024];
	size_t	 n;
};

static void
put(struct frame *f, const void *p, size_t n)
{
	if (f->n + n > sizeof(f->b)) {
		fprintf(stderr, "frame too long\n");
		exit(99);
	}
	memcpy(f->b + f->n, p, n);
	f->n += n;
}

static void
put8(struct frame *f, unsigned v)
{
	uint8_t b = (uint8_t)v;

	put(f, &b, 1);
}

static void
put16(struct frame *f, unsigned v)
{
	put8(f, v >> 8);
	put8(f, v);
}

static void
put32(struct frame *f, uint32_t v)
{
	put16(f, v >> 16);
	put16(f, v & 0xffff);
}

static void
zeros(struct frame *f, size_t n)
{
	while (n-- > 0)
		put8(f, 0);
}

static void
set16(struct frame *f, size_t off, unsigned v)
{
	f->b[off] = (uint8_t)(v >> 8);
	f->b[off + 1] = (uint8_t)v;
}

static const uint8_t A4[4] = { 192, 0, 2, 1 };
static const uint8_t B4[4] = { 198, 51, 100, 2 };
static const uint8_t A6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1 };
static const uint8_t B6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1,
    0, 0, 0, 0, 0, 0, 0, 2 };

static void
ether(struct frame *f, unsigned type)
{
	static const uint8_t macs[12] = { 2, 0, 0x5e, 0, 0, 0xb,
	    2, 0, 0x5e, 0, 0, 0xa };

	put(f, macs, sizeof(macs));
	put16(f, type);
}

/* An IPv4 header with optlen bytes of options (NOPs); returns its offset.
 * The total length is set by ip4_done() once the payload is in. */
static size_t
ip4(struct frame *f, unsigned proto, unsigned frag, size_t optlen)
{
	size_t off = f->n, i;

	put8(f, 0x40 | (unsigned)((20 + optlen) / 4));
	put8(f, 0x10);				/* TOS */
	put16(f, 0);				/* total length, later */
	put16(f, 0x1234);			/* id */
	put16(f, frag);
	put8(f, 64);
	put8(f, proto);
	put16(f, 0xbeef);			/* checksum: not checked */
	put(f, A4, 4);
	put(f, B4, 4);
	for (i = 0; i < optlen; i++)
		put8(f, 1);			/* NOP */
	return off;
}

static void
ip4_done(struct frame *f, size_t off)
{
	set16(f, off + 2, (unsigned)(f->n - off));
}

static size_t
ip6(struct frame *f, unsigned nh)
{
	size_t off = f->n;

	put32(f, 0x60000000);
	put16(f, 0);				/* payload length, later */
	put8(f, nh);
	put8(f, 64);
	put(f, A6, 16);
	put(f, B6, 16);
	return off;
}

static void
ip6_done(struct frame *f, size_t off)
{
	set16(f, off + 4, (unsigned)(f->n - off - 40));
}

/* Hop-by-hop, routing or destination options: (len8 + 1) * 8 bytes. */
static void
ext6(struct frame *f, unsigned nh, unsigned len8)
{
	put8(f, nh);
	put8(f, len8);
	zeros(f, 6 + (size_t)len8 * 8);
}

static void
frag6(struct frame *f, unsigned nh, unsigned offset8, int more)
{
	put8(f, nh);
	put8(f, 0);
	put16(f, offset8 << 3 | (more ? 1 : 0));
	put32(f, 0xcafe);
}

static void
tcp(struct frame *f, unsigned sport, unsigned dport, unsigned flags)
{
	put16(f, sport);
	put16(f, dport);
	put32(f, 1000);
	put32(f, 0);
	put8(f, 0x50);
	put8(f, flags);
	put16(f, 8192);
	put16(f, 0);
	put16(f, 0);
}

static void
udp(struct frame *f, unsigned sport, unsigned dport)
{
	put16(f, sport);
	put16(f, dport);
	put16(f, 12);
	put16(f, 0);
	put32(f, 0x70616b74);			/* "pakt" */
}

static void
icmp(struct frame *f, unsigned type, unsigned code)
{
	put8(f, type);
	put8(f, code);
	put16(f, 0);
	put32(f, 0x00010001);
}

/* --- decoding from a guarded copy ------------------------------------ */

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

/* --- link layers ------------------------------------------------------ */

TEST(ethernet_ipv4_tcp)
{
	struct frame f = { .n = 0 };
	struct pk_packet pkt;
	size_t l3;

	ether(&f, 0x0800);
	l3 = ip4(&f, 6, 0, 0);
	tcp(&f, 40000, 80, PK_TH_SYN);
	ip4_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.family, 4);
	CHECK_EQ_U(pkt.proto, 6);
	CHECK_EQ_U(pkt.l4_state, PK_L4_OK);
	CHECK_EQ_U(pkt.sport, 40000);
	CHECK_EQ_U(pkt.dport, 80);
	CHECK_EQ_U(pkt.tcp_flags, PK_TH_SYN);
	CHECK(memcmp(pkt.src, A4, 4) == 0);
	CHECK(memcmp(pkt.dst, B4, 4) == 0);
	CHECK(pkt.l3 == gbuf + 14);
	CHECK_EQ_U(pkt.l3_caplen, 40);
	CHECK_EQ_U(pkt.ip_len, 40);
	CHECK_EQ_U(pkt.nvlans, 0);
	CHECK_EQ_U(pkt.fragment, 0);
}

TEST(ethernet_ipv6_udp)
{
	struct frame f = { .n = 0 };
	struct pk_packet pkt;
	size_t l3;

	ether(&f, 0x86dd);
	l3 = ip6(&f, 17);
	udp(&f, 5353, 53);
	ip6_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.family, 6);
	CHECK_EQ_U(pkt.proto, 17);
	CHECK_EQ_U(pkt.sport, 5353);
	CHECK_EQ_U(pkt.dport, 53);
	CHECK(memcmp(pkt.src, A6, 16) == 0);
	CHECK(memcmp(pkt.dst, B6, 16) == 0);
	CHECK(pkt.l3 == gbuf + 14);
	CHECK_EQ_U(pkt.ip_len, 52);
	CHECK_EQ_U(pkt.l3_caplen, 52);
}

/* Ethernet padding after a short datagram is not part of it. */
TEST(ethernet_padding)
{
	struct frame f = { .n = 0 };
	struct pk_packet pkt;
	size_t l3;

	ether(&f, 0x0800);
	l3 = ip4(&f, 17, 0, 0);
	put16(&f, 7);
	put16(&f, 9);				/* UDP ports only */
	ip4_done(&f, l3);
	zeros(&f, 60 - f.n);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.l4_state, PK_L4_OK);
	CHECK_EQ_U(pkt.sport, 7);
	CHECK_EQ_U(pkt.l3_caplen, 24);

	/* The IP length cuts a TCP header: drawn as truncated, not read
	 * from the padding. */
	f.n = 0;
	ether(&f, 0x0800);
	l3 = ip4(&f, 6, 0, 0);
	tcp(&f, 1, 2, PK_TH_SYN);
	set16(&f, l3 + 2, 30);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.l4_state, PK_L4_TRUNCATED);
	CHECK_EQ_U(pkt.sport, 0);
	CHECK_EQ_U(pkt.dport, 0);
	CHECK_EQ_U(pkt.l3_caplen, 30);
}

TEST(vlan_tags)
{
	struct frame f;
	struct pk_packet pkt;
	size_t l3;
	int n, i;

	/* 802.1Q. */
	f.n = 0;
	ether(&f, 0x8100);
	put16(&f, 0xa000 | 100);		/* PCP 5, VID 100 */
	put16(&f, 0x0800);
	l3 = ip4(&f, 17, 0, 0);
	udp(&f, 1, 2);
	ip4_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.nvlans, 1);
	CHECK_EQ_U(pkt.vlan, 100);
	CHECK_EQ_U(pkt.sport, 1);
	CHECK(pkt.l3 == gbuf + 18);

	/* 802.1ad S-tag over a C-tag: the outer VID is kept. */
	f.n = 0;
	ether(&f, 0x88a8);
	put16(&f, 10);
	put16(&f, 0x8100);
	put16(&f, 20);
	put16(&f, 0x86dd);
	l3 = ip6(&f, 6);
	tcp(&f, 3, 4, PK_TH_ACK);
	ip6_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.nvlans, 2);
	CHECK_EQ_U(pkt.vlan, 10);
	CHECK_EQ_U(pkt.family, 6);
	CHECK_EQ_U(pkt.sport, 3);
	CHECK(pkt.l3 == gbuf + 22);

	/* The old 0x9100 QinQ tag. */
	f.n = 0;
	ether(&f, 0x9100);
	put16(&f, 4094);
	put16(&f, 0x0800);
	l3 = ip4(&f, 1, 0, 0);
	icmp(&f, 8, 0);
	ip4_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.vlan, 4094);
	CHECK_EQ_U(pkt.icmp_type, 8);

	/* PK_MAX_VLANS tags are walked; one more is invalid. */
	for (n = PK_MAX_VLANS; n <= PK_MAX_VLANS + 1; n++) {
		f.n = 0;
		ether(&f, 0x88a8);
		for (i = 0; i < n; i++) {
			put16(&f, (unsigned)i + 1);
			put16(&f, i + 1 < n ? 0x8100 : 0x0800);
		}
		l3 = ip4(&f, 17, 0, 0);
		udp(&f, 1, 2);
		ip4_done(&f, l3);
		if (n == PK_MAX_VLANS) {
			CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_OK);
			CHECK_EQ_U(pkt.nvlans, PK_MAX_VLANS);
			CHECK_EQ_U(pkt.vlan, 1);
		} else
			CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt),
			    PK_INVALID_LINK);
	}

	/* A tag over ARP. */
	f.n = 0;
	ether(&f, 0x8100);
	put16(&f, 5);
	put16(&f, 0x0806);
	zeros(&f, 28);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_SKIP_NONIP);
}

TEST(mpls)
{
	struct frame f;
	struct pk_packet pkt;
	size_t l3;
	int i;

	f.n = 0;
	ether(&f, 0x8847);
	put32(&f, 100u << 12 | 0x100 | 64);	/* bottom of stack */
	l3 = ip4(&f, 6, 0, 0);
	tcp(&f, 5, 6, PK_TH_SYN);
	ip4_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.sport, 5);
	CHECK(pkt.l3 == gbuf + 18);

	f.n = 0;
	ether(&f, 0x8848);
	put32(&f, 16u << 12 | 64);
	put32(&f, 17u << 12 | 64);
	put32(&f, 18u << 12 | 0x100 | 64);
	l3 = ip6(&f, 17);
	udp(&f, 7, 8);
	ip6_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.family, 6);
	CHECK_EQ_U(pkt.dport, 8);
	CHECK(pkt.l3 == gbuf + 26);

	/* No bottom of stack within PK_MAX_MPLS labels. */
	f.n = 0;
	ether(&f, 0x8847);
	for (i = 0; i < PK_MAX_MPLS + 1; i++)
		put32(&f, 16u << 12 | 64);
	zeros(&f, 40);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_INVALID_LINK);

	/* The control word of a pseudowire over nothing IP: not IP. */
	f.n = 0;
	ether(&f, 0x8847);
	put32(&f, 16u << 12 | 0x100 | 64);
	put32(&f, 0);
	zeros(&f, 40);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_SKIP_NONIP);
}

/*
 * Ethernet over an MPLS pseudowire (RFC 4448): after the bottom of the
 * stack a first nibble of 0 is the control word (RFC 4385), and an Ethernet
 * frame follows, with its own tags and labels.
 */
TEST(mpls_pseudowire)
{
	struct frame f;
	struct pk_packet pkt;
	size_t l3;
	int i;

	/* Two labels, the control word, Ethernet, IPv4 TCP. */
	f.n = 0;
	ether(&f, 0x8847);
	put32(&f, 300012u << 12 | 1u << 9 | 255);
	put32(&f, 17u << 12 | 1u << 9 | 0x100 | 255);
	put32(&f, 0x00000005);			/* flags 0, sequence 5 */
	ether(&f, 0x0800);
	l3 = ip4(&f, 6, 0, 0);
	tcp(&f, 443, 28911, PK_TH_SYN | PK_TH_ACK);
	ip4_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.family, 4);
	CHECK_EQ_U(pkt.proto, 6);
	CHECK_EQ_U(pkt.sport, 443);
	CHECK_EQ_U(pkt.dport, 28911);
	CHECK(memcmp(pkt.src, A4, 4) == 0);
	CHECK(pkt.l3 == gbuf + 14 + 8 + 4 + 14);
	CHECK_EQ_U(pkt.nmpls, 2);

	/* The inner frame tagged, IPv6 UDP; the tag counts. */
	f.n = 0;
	ether(&f, 0x8100);
	put16(&f, 100);
	put16(&f, 0x8847);
	put32(&f, 18u << 12 | 0x100 | 64);
	put32(&f, 0);
	ether(&f, 0x8100);
	put16(&f, 200);
	put16(&f, 0x86dd);
	l3 = ip6(&f, 17);
	udp(&f, 7, 8);
	ip6_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.family, 6);
	CHECK_EQ_U(pkt.dport, 8);
	CHECK_EQ_U(pkt.nvlans, 2);
	CHECK_EQ_U(pkt.vlan, 100);
	CHECK(pkt.l3 == gbuf + 18 + 4 + 4 + 18);

	/* Over the pseudowire, ARP: not IP. */
	f.n = 0;
	ether(&f, 0x8847);
	put32(&f, 18u << 12 | 0x100 | 64);
	put32(&f, 0);
	ether(&f, 0x0806);
	zeros(&f, 28);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_SKIP_NONIP);

	/* First nibble 1, an associated channel (RFC 4385 5): not IP. */
	f.n = 0;
	ether(&f, 0x8847);
	put32(&f, 18u << 12 | 0x100 | 64);
	put32(&f, 0x10000021);
	zeros(&f, 40);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_SKIP_NONIP);

	/* The control word cut, then the inner Ethernet header cut. */
	f.n = 0;
	ether(&f, 0x8847);
	put32(&f, 18u << 12 | 0x100 | 64);
	put8(&f, 0);
	put8(&f, 0);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_TRUNC_LINK);
	f.n = 0;
	ether(&f, 0x8847);
	put32(&f, 18u << 12 | 0x100 | 64);
	put32(&f, 0);
	zeros(&f, 10);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_TRUNC_LINK);

	/*
	 * Pseudowires within pseudowires: the label cap holds for the whole
	 * frame, so 16 nested stacks decode and a 17th is invalid.
	 */
	f.n = 0;
	ether(&f, 0x8847);
	for (i = 0; i < PK_MAX_MPLS - 1; i++) {
		put32(&f, 16u << 12 | 0x100 | 64);
		put32(&f, 0);
		ether(&f, 0x8847);
	}
	put32(&f, 16u << 12 | 0x100 | 64);
	l3 = ip4(&f, 17, 0, 0);
	udp(&f, 1, 2);
	ip4_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.nmpls, PK_MAX_MPLS);
	f.n = 0;
	ether(&f, 0x8847);
	for (i = 0; i < PK_MAX_MPLS; i++) {
		put32(&f, 16u << 12 | 0x100 | 64);
		put32(&f, 0);
		ether(&f, 0x8847);
	}
	put32(&f, 16u << 12 | 0x100 | 64);
	l3 = ip4(&f, 17, 0, 0);
	udp(&f, 1, 2);
	ip4_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_INVALID_LINK);
}

TEST(pppoe)
{
	struct frame f;
	struct pk_packet pkt;
	size_t l3, lenoff;

	f.n = 0;
	ether(&f, 0x8864);
	put8(&f, 0x11);
	put8(&f, 0);
	put16(&f, 7);				/* session */
	lenoff = f.n;
	put16(&f, 0);
	put16(&f, 0x0021);
	l3 = ip4(&f, 17, 0, 0);
	udp(&f, 9, 10);
	ip4_done(&f, l3);
	set16(&f, lenoff, (unsigned)(f.n - lenoff - 2));
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.sport, 9);
	CHECK(pkt.l3 == gbuf + 22);

	/* IPv6 in PPPoE. */
	f.n = 0;
	ether(&f, 0x8864);
	put8(&f, 0x11);
	put8(&f, 0);
	put16(&f, 7);
	lenoff = f.n;
	put16(&f, 0);
	put16(&f, 0x0057);
	l3 = ip6(&f, 6);
	tcp(&f, 11, 12, PK_TH_RST);
	ip6_done(&f, l3);
	set16(&f, lenoff, (unsigned)(f.n - lenoff - 2));
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.family, 6);
	CHECK_EQ_U(pkt.tcp_flags, PK_TH_RST);

	/* The PPPoE length cuts the IP payload: truncated transport. */
	set16(&f, lenoff, 2 + 40 + 10);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.l4_state, PK_L4_TRUNCATED);

	/* A length below the protocol field is invalid. */
	set16(&f, lenoff, 1);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_INVALID_LINK);

	/* LCP is not IP. */
	f.n = 0;
	ether(&f, 0x8864);
	put8(&f, 0x11);
	put8(&f, 0);
	put16(&f, 7);
	put16(&f, 6);
	put16(&f, 0xc021);
	put32(&f, 0x01010004);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_SKIP_NONIP);
}

TEST(llc_snap)
{
	struct frame f;
	struct pk_packet pkt;
	size_t l3;

	f.n = 0;
	ether(&f, 0);				/* 802.3 length, set below */
	put8(&f, 0xaa);
	put8(&f, 0xaa);
	put8(&f, 0x03);
	put8(&f, 0);
	put8(&f, 0);
	put8(&f, 0);
	put16(&f, 0x0800);
	l3 = ip4(&f, 17, 0, 0);
	udp(&f, 13, 14);
	ip4_done(&f, l3);
	set16(&f, 12, (unsigned)(f.n - 14));
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.sport, 13);
	CHECK(pkt.l3 == gbuf + 22);

	/* STP over LLC (42 42 03): not IP. */
	f.n = 0;
	ether(&f, 38);
	put8(&f, 0x42);
	put8(&f, 0x42);
	put8(&f, 0x03);
	zeros(&f, 35);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_SKIP_NONIP);

	/* ARP and an unknown ethertype. */
	f.n = 0;
	ether(&f, 0x0806);
	zeros(&f, 28);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_SKIP_NONIP);
	f.n = 0;
	ether(&f, 0x88cc);
	zeros(&f, 30);
	CHECK_EQ_U(dec(PK_DLT_EN10MB, &f, &pkt), PK_SKIP_NONIP);
}

TEST(linux_cooked)
{
	struct frame f;
	struct pk_packet pkt;
	size_t l3;

	/* SLL: pkttype hatype halen addr(8) proto. */
	f.n = 0;
	put16(&f, 4);
	put16(&f, 1);
	put16(&f, 6);
	zeros(&f, 8);
	put16(&f, 0x0800);
	l3 = ip4(&f, 1, 0, 0);
	icmp(&f, 3, 1);
	ip4_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_LINUX_SLL, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.icmp_type, 3);
	CHECK_EQ_U(pkt.icmp_code, 1);
	CHECK(pkt.l3 == gbuf + 16);

	/* SLL carrying a VLAN tag (some drivers leave it in). */
	f.n = 0;
	put16(&f, 0);
	put16(&f, 1);
	put16(&f, 6);
	zeros(&f, 8);
	put16(&f, 0x8100);
	put16(&f, 7);
	put16(&f, 0x86dd);
	l3 = ip6(&f, 17);
	udp(&f, 15, 16);
	ip6_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_LINUX_SLL, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.vlan, 7);
	CHECK_EQ_U(pkt.sport, 15);

	/* SLL2: proto rsvd ifindex hatype pkttype halen addr(8). */
	f.n = 0;
	put16(&f, 0x86dd);
	put16(&f, 0);
	put32(&f, 2);
	put16(&f, 1);
	put8(&f, 0);
	put8(&f, 6);
	zeros(&f, 8);
	l3 = ip6(&f, 58);
	icmp(&f, 128, 0);
	ip6_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_LINUX_SLL2, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.proto, 58);
	CHECK_EQ_U(pkt.icmp_type, 128);
	CHECK(pkt.l3 == gbuf + 20);

	/* ARP in SLL2. */
	f.n = 0;
	put16(&f, 0x0806);
	zeros(&f, 18 + 28);
	CHECK_EQ_U(dec(PK_DLT_LINUX_SLL2, &f, &pkt), PK_SKIP_NONIP);
}

/* DLT_NULL in both byte orders and every IPv6 family value; DLT_LOOP. */
TEST(bsd_loopback)
{
	static const unsigned v6fam[] = { 10, 24, 28, 30 };
	struct frame f;
	struct pk_packet pkt;
	size_t l3, i;
	int le;

	for (le = 0; le <= 1; le++) {
		f.n = 0;
		if (le)
			put32(&f, 0x02000000);	/* 2, written little-endian */
		else
			put32(&f, 2);
		l3 = ip4(&f, 6, 0, 0);
		tcp(&f, 21, 22, PK_TH_FIN);
		ip4_done(&f, l3);
		CHECK_EQ_U(dec(PK_DLT_NULL, &f, &pkt), PK_OK);
		CHECK_EQ_U(pkt.family, 4);
		CHECK_EQ_U(pkt.sport, 21);
		CHECK(pkt.l3 == gbuf + 4);

		for (i = 0; i < sizeof(v6fam) / sizeof(v6fam[0]); i++) {
			f.n = 0;
			if (le)
				put32(&f, (uint32_t)v6fam[i] << 24);
			else
				put32(&f, v6fam[i]);
			l3 = ip6(&f, 17);
			udp(&f, 23, 24);
			ip6_done(&f, l3);
			CHECK_EQ_U(dec(PK_DLT_NULL, &f, &pkt), PK_OK);
			CHECK_EQ_U(pkt.family, 6);
			CHECK_EQ_U(pkt.dport, 24);
		}
		/* A family that is not IP (AF_APPLETALK-ish 7). */
		f.n = 0;
		put32(&f, le ? 0x07000000 : 7);
		zeros(&f, 40);
		CHECK_EQ_U(dec(PK_DLT_NULL, &f, &pkt), PK_SKIP_NONIP);
	}

	/* DLT_LOOP is network order only. */
	f.n = 0;
	put32(&f, 24);
	l3 = ip6(&f, 6);
	tcp(&f, 25, 26, PK_TH_SYN);
	ip6_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_LOOP, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.family, 6);
	f.n = 0;
	put32(&f, 2);
	l3 = ip4(&f, 17, 0, 0);
	udp(&f, 27, 28);
	ip4_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_LOOP, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.sport, 27);
	f.b[0] = 2;				/* 0x02000002: no family */
	CHECK_EQ_U(dec(PK_DLT_LOOP, &f, &pkt), PK_SKIP_NONIP);
}

/* PPP with and without address/control, compressed protocol; Cisco HDLC. */
TEST(ppp_and_hdlc)
{
	struct frame f;
	struct pk_packet pkt;
	size_t l3;

	f.n = 0;
	put8(&f, 0xff);
	put8(&f, 0x03);
	put16(&f, 0x0021);
	l3 = ip4(&f, 17, 0, 0);
	udp(&f, 35, 36);
	ip4_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_PPP, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.sport, 35);
	CHECK(pkt.l3 == gbuf + 4);
	CHECK_EQ_U(dec(PK_DLT_PPP_SERIAL, &f, &pkt), PK_OK);
	CHECK(pkt.l3 == gbuf + 4);

	/* No address and control, protocol compressed to one byte. */
	f.n = 0;
	put8(&f, 0x21);
	l3 = ip4(&f, 6, 0, 0);
	tcp(&f, 37, 38, PK_TH_SYN);
	ip4_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_PPP, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.sport, 37);
	CHECK(pkt.l3 == gbuf + 1);

	f.n = 0;
	put16(&f, 0x0057);
	l3 = ip6(&f, 17);
	udp(&f, 39, 40);
	ip6_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_PPP, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.family, 6);
	CHECK(pkt.l3 == gbuf + 2);

	/* LCP is not IP. */
	f.n = 0;
	put8(&f, 0xff);
	put8(&f, 0x03);
	put16(&f, 0xc021);
	put32(&f, 0x01010004);
	CHECK_EQ_U(dec(PK_DLT_PPP, &f, &pkt), PK_SKIP_NONIP);

	/* Cisco HDLC: address 0x0f (unicast) or 0x8f, control, ethertype. */
	f.n = 0;
	put8(&f, 0x0f);
	put8(&f, 0);
	put16(&f, 0x86dd);
	l3 = ip6(&f, 6);
	tcp(&f, 41, 42, PK_TH_RST);
	ip6_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_C_HDLC, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.tcp_flags, PK_TH_RST);
	CHECK(pkt.l3 == gbuf + 4);
	CHECK_EQ_U(dec(PK_DLT_PPP_SERIAL, &f, &pkt), PK_OK);
	CHECK(pkt.l3 == gbuf + 4);
	f.b[0] = 0x8f;
	CHECK_EQ_U(dec(PK_DLT_C_HDLC, &f, &pkt), PK_OK);
	CHECK_EQ_U(dec(PK_DLT_PPP_SERIAL, &f, &pkt), PK_OK);
	/* Cisco SLARP (0x8035) is not IP. */
	set16(&f, 2, 0x8035);
	CHECK_EQ_U(dec(PK_DLT_C_HDLC, &f, &pkt), PK_SKIP_NONIP);
}

/* An 802.11 data frame header: frame control, duration, three addresses,
 * sequence; the fourth address with ToDS and FromDS; QoS for subtype 8. */
static void
wlan(struct frame *f, unsigned fc0, unsigned fc1, unsigned qos0)
{
	put8(f, fc0);
	put8(f, fc1);
	put16(f, 0);
	zeros(f, 18);				/* addresses 1-3 */
	put16(f, 0);				/* sequence */
	if ((fc1 & 3) == 3)
		zeros(f, 6);
	if ((fc0 & 0x0c) == 0x08 && (fc0 & 0x80)) {	/* QoS data */
		put8(f, qos0);
		put8(f, 0);
		if (fc1 & 0x80)
			zeros(f, 4);		/* HT control */
	}
}

static void
llc_snap(struct frame *f, unsigned type)
{
	put8(f, 0xaa);
	put8(f, 0xaa);
	put8(f, 0x03);
	zeros(f, 3);
	put16(f, type);
}

TEST(ieee80211)
{
	static const struct {
		unsigned	fc0, fc1, qos0;
		size_t		hlen;
		enum pk_result	r;
	} t[] = {
		{ 0x08, 0x01, 0, 24, PK_OK },		/* data, ToDS */
		{ 0x08, 0x02, 0, 24, PK_OK },		/* data, FromDS */
		{ 0x08, 0x03, 0, 30, PK_OK },		/* WDS: 4 addresses */
		{ 0x88, 0x01, 0, 26, PK_OK },		/* QoS data */
		{ 0x88, 0x81, 0, 30, PK_OK },		/* QoS + HT control */
		{ 0x88, 0x03, 0, 32, PK_OK },		/* QoS WDS */
		{ 0x88, 0x01, 0x80, 26, PK_SKIP_NONIP },	/* A-MSDU */
		{ 0x08, 0x41, 0, 24, PK_SKIP_NONIP },	/* protected */
		{ 0x48, 0x01, 0, 24, PK_SKIP_NONIP },	/* null function */
		{ 0xc8, 0x01, 0, 26, PK_SKIP_NONIP },	/* QoS null */
		{ 0x80, 0x00, 0, 24, PK_SKIP_NONIP },	/* beacon */
		{ 0xd4, 0x00, 0, 24, PK_SKIP_NONIP },	/* ACK (control) */
	};
	struct frame f;
	struct pk_packet pkt;
	size_t i, l3;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		f.n = 0;
		wlan(&f, t[i].fc0, t[i].fc1, t[i].qos0);
		CHECK_EQ_U(f.n, t[i].hlen);
		llc_snap(&f, 0x0800);
		l3 = ip4(&f, 17, 0, 0);
		udp(&f, 43, 44);
		ip4_done(&f, l3);
		CHECK_EQ_U(dec(PK_DLT_IEEE802_11, &f, &pkt), t[i].r);
		if (t[i].r == PK_OK) {
			CHECK_EQ_U(pkt.sport, 43);
			CHECK(pkt.l3 == gbuf + t[i].hlen + 8);
		}
	}
	/* LLC that is not SNAP, and SNAP carrying ARP. */
	f.n = 0;
	wlan(&f, 0x08, 0x01, 0);
	put8(&f, 0x42);
	put8(&f, 0x42);
	put8(&f, 0x03);
	zeros(&f, 40);
	CHECK_EQ_U(dec(PK_DLT_IEEE802_11, &f, &pkt), PK_SKIP_NONIP);
	f.n = 0;
	wlan(&f, 0x08, 0x01, 0);
	llc_snap(&f, 0x0806);
	zeros(&f, 28);
	CHECK_EQ_U(dec(PK_DLT_IEEE802_11, &f, &pkt), PK_SKIP_NONIP);
}

/* Radiotap: its length, presence words, TSFT alignment, FCS, data pad. */
TEST(radiotap)
{
	struct frame f;
	struct pk_packet pkt;
	size_t l3, i;

	/* No fields. */
	f.n = 0;
	put32(&f, 0x00000800);			/* version 0, length 8 (LE) */
	put32(&f, 0);
	wlan(&f, 0x08, 0x02, 0);
	llc_snap(&f, 0x86dd);
	l3 = ip6(&f, 6);
	tcp(&f, 45, 46, PK_TH_SYN);
	ip6_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_IEEE802_11_RADIO, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.sport, 45);
	CHECK(pkt.l3 == gbuf + 8 + 24 + 8);
	/* Version 1, and a length below 8: invalid; past the capture:
	 * truncated. */
	f.b[0] = 1;
	CHECK_EQ_U(dec(PK_DLT_IEEE802_11_RADIO, &f, &pkt), PK_INVALID_LINK);
	f.b[0] = 0;
	f.b[2] = 7;
	CHECK_EQ_U(dec(PK_DLT_IEEE802_11_RADIO, &f, &pkt), PK_INVALID_LINK);
	f.b[2] = 0xff;
	f.b[3] = 0x7f;
	CHECK_EQ_U(dec(PK_DLT_IEEE802_11_RADIO, &f, &pkt), PK_TRUNC_LINK);

	/* TSFT (8-aligned after the presence word) and Flags with FCS: the
	 * last four bytes are not the packet's. */
	f.n = 0;
	put32(&f, 0x00001100);			/* length 17 */
	put32(&f, 0x03000000);			/* TSFT | Flags, LE */
	zeros(&f, 8);
	put8(&f, 0x10);				/* FCS at the end */
	wlan(&f, 0x08, 0x01, 0);
	llc_snap(&f, 0x0800);
	l3 = ip4(&f, 6, 0, 0);
	put16(&f, 47);
	put16(&f, 48);
	put32(&f, 0);
	put32(&f, 0);
	put8(&f, 0x50);				/* 13 bytes of TCP ... */
	ip4_done(&f, l3);
	put8(&f, PK_TH_SYN);			/* ... the flags byte is FCS */
	put16(&f, 0);
	put8(&f, 0);
	/* The IP length says 33 and the frame has them all: 13 TCP bytes
	 * and then the FCS.  Whatever the IP length, the FCS is not read. */
	CHECK_EQ_U(dec(PK_DLT_IEEE802_11_RADIO, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.l4_state, PK_L4_TRUNCATED);
	set16(&f, l3 + 2, 20 + 20);		/* claims the flags byte */
	CHECK_EQ_U(dec(PK_DLT_IEEE802_11_RADIO, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.l4_state, PK_L4_TRUNCATED);
	CHECK(pkt.l3 + pkt.l3_caplen <= gbuf + f.n - 4);
	f.b[16] = 0;				/* no FCS: now the byte is TCP */
	CHECK_EQ_U(dec(PK_DLT_IEEE802_11_RADIO, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.l4_state, PK_L4_OK);
	CHECK_EQ_U(pkt.tcp_flags, PK_TH_SYN);

	/* Data pad: a 26-byte QoS header padded to 28. */
	f.n = 0;
	put32(&f, 0x00000900);
	put32(&f, 0x02000000);			/* Flags */
	put8(&f, 0x20);
	wlan(&f, 0x88, 0x01, 0);
	zeros(&f, 2);
	llc_snap(&f, 0x0800);
	l3 = ip4(&f, 1, 0, 0);
	icmp(&f, 0, 0);
	ip4_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_IEEE802_11_RADIO, &f, &pkt), PK_OK);
	CHECK(pkt.l3 == gbuf + 9 + 28 + 8);

	/* Extended presence bitmaps: two words fine, 33 words invalid. */
	f.n = 0;
	put32(&f, 0x00000c00);
	put32(&f, 0x00000080);			/* "another word follows" */
	put32(&f, 0);
	wlan(&f, 0x08, 0x01, 0);
	llc_snap(&f, 0x0800);
	l3 = ip4(&f, 17, 0, 0);
	udp(&f, 49, 50);
	ip4_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_IEEE802_11_RADIO, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.sport, 49);
	f.n = 0;
	put16(&f, 0);
	put8(&f, (4 + 33 * 4) & 0xff);
	put8(&f, 0);
	for (i = 0; i < 33; i++)
		put32(&f, 0x00000080);
	zeros(&f, 80);
	CHECK_EQ_U(dec(PK_DLT_IEEE802_11_RADIO, &f, &pkt), PK_INVALID_LINK);
	/* The last presence word says "more" but the header ends. */
	f.n = 0;
	put32(&f, 0x00000800);
	put32(&f, 0x00000080);
	zeros(&f, 80);
	CHECK_EQ_U(dec(PK_DLT_IEEE802_11_RADIO, &f, &pkt), PK_INVALID_LINK);
}

TEST(raw_ip)
{
	static const int raw[] = { PK_DLT_RAW, PK_DLT_RAW_12, PK_DLT_RAW_14,
	    PK_LINK_IP };
	struct frame f4 = { .n = 0 }, f6 = { .n = 0 };
	struct pk_packet pkt;
	size_t l3, i;

	l3 = ip4(&f4, 17, 0, 0);
	udp(&f4, 31, 32);
	ip4_done(&f4, l3);
	l3 = ip6(&f6, 6);
	tcp(&f6, 33, 34, PK_TH_SYN | PK_TH_ACK);
	ip6_done(&f6, l3);

	for (i = 0; i < sizeof(raw) / sizeof(raw[0]); i++) {
		CHECK_EQ_U(dec(raw[i], &f4, &pkt), PK_OK);
		CHECK_EQ_U(pkt.family, 4);
		CHECK(pkt.l3 == gbuf);
		CHECK_EQ_U(dec(raw[i], &f6, &pkt), PK_OK);
		CHECK_EQ_U(pkt.family, 6);
		CHECK_EQ_U(pkt.tcp_flags, PK_TH_SYN | PK_TH_ACK);
	}
	CHECK_EQ_U(dec(PK_DLT_IPV4, &f4, &pkt), PK_OK);
	CHECK_EQ_U(dec(PK_DLT_IPV6, &f6, &pkt), PK_OK);
	/* The wrong version for a one-version link type. */
	CHECK_EQ_U(dec(PK_DLT_IPV4, &f6, &pkt), PK_INVALID_IP);
	CHECK_EQ_U(dec(PK_DLT_IPV6, &f4, &pkt), PK_INVALID_IP);
	/* Neither 4 nor 6. */
	f4.b[0] = 0x55;
	CHECK_EQ_U(dec(PK_DLT_RAW, &f4, &pkt), PK_INVALID_IP);
	f4.b[0] = 0x05;
	CHECK_EQ_U(dec(PK_DLT_RAW, &f4, &pkt), PK_INVALID_IP);
	CHECK_EQ_U(dec_len(PK_DLT_RAW, &f4, 0, &pkt), PK_TRUNC_IP);
}

TEST(unknown_link)
{
	struct frame f = { .n = 0 };
	struct pk_packet pkt;

	zeros(&f, 60);
	CHECK_EQ_U(dec(147, &f, &pkt), PK_UNKNOWN_LINK);	/* USER0 */
	CHECK_EQ_U(dec(6, &f, &pkt), PK_UNKNOWN_LINK);	/* token ring */
	CHECK_EQ_U(dec(-2, &f, &pkt), PK_UNKNOWN_LINK);
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

/* --- IPv4 -------------------------------------------------------------- */

TEST(ipv4_options)
{
	struct frame f;
	struct pk_packet pkt;
	size_t l3, opt;

	for (opt = 4; opt <= 40; opt += 4) {
		f.n = 0;
		l3 = ip4(&f, 6, 0, opt);
		tcp(&f, 41000 + (unsigned)opt, 443, PK_TH_FIN | PK_TH_ACK);
		ip4_done(&f, l3);
		CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_OK);
		CHECK_EQ_U(pkt.sport, 41000 + opt);
		CHECK_EQ_U(pkt.dport, 443);
		CHECK_EQ_U(pkt.tcp_flags, PK_TH_FIN | PK_TH_ACK);
		CHECK_EQ_U(pkt.l3_caplen, 20 + opt + 20);
	}
	/* IHL below 5 is invalid. */
	f.n = 0;
	l3 = ip4(&f, 17, 0, 0);
	udp(&f, 1, 2);
	ip4_done(&f, l3);
	f.b[0] = 0x44;
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_INVALID_IP);
	f.b[0] = 0x40;
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_INVALID_IP);
	/* IHL 15 with fewer bytes captured: truncated. */
	f.b[0] = 0x4f;
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_TRUNC_IP);
	/* A total length below the header is invalid. */
	f.b[0] = 0x45;
	set16(&f, 2, 19);
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_INVALID_IP);
	/* A total length of 0 (segmentation offload) means "as captured". */
	set16(&f, 2, 0);
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.sport, 1);
	CHECK_EQ_U(pkt.ip_len, f.n);
}

TEST(ipv4_fragments)
{
	struct frame f;
	struct pk_packet pkt;
	size_t l3;

	/* First fragment (MF, offset 0): the transport header is there. */
	f.n = 0;
	l3 = ip4(&f, 17, 0x2000, 0);
	udp(&f, 44001, 2049);
	ip4_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.l4_state, PK_L4_OK);
	CHECK_EQ_U(pkt.fragment, 1);
	CHECK_EQ_U(pkt.sport, 44001);

	/* A later fragment: drawn, ports 0 0, even if its bytes look like
	 * ports. */
	f.n = 0;
	l3 = ip4(&f, 17, 2, 0);
	udp(&f, 44001, 2049);
	ip4_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.l4_state, PK_L4_FRAGMENT);
	CHECK_EQ_U(pkt.fragment, 1);
	CHECK_EQ_U(pkt.sport, 0);
	CHECK_EQ_U(pkt.dport, 0);
	CHECK_EQ_U(pkt.proto, 17);

	/* The last fragment (offset, no MF), TCP, with DF ignored. */
	f.n = 0;
	l3 = ip4(&f, 6, 0x4000 | 0x1fff, 0);
	tcp(&f, 1, 2, PK_TH_SYN);
	ip4_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.l4_state, PK_L4_FRAGMENT);
	CHECK_EQ_U(pkt.tcp_flags, 0);

	/* DF alone is not a fragment. */
	f.n = 0;
	l3 = ip4(&f, 6, 0x4000, 0);
	tcp(&f, 1, 2, PK_TH_SYN);
	ip4_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.fragment, 0);
	CHECK_EQ_U(pkt.l4_state, PK_L4_OK);

	/* A later fragment of GRE stays skipped. */
	f.n = 0;
	l3 = ip4(&f, 47, 4, 0);
	zeros(&f, 16);
	ip4_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_SKIP_PROTO);
}

TEST(ipv4_other_protocols)
{
	static const struct {
		unsigned	proto;
		enum pk_result	r;
	} t[] = {
		{ 47, PK_SKIP_PROTO }, { 50, PK_SKIP_ESP }, { 51, PK_SKIP_ESP },
		{ 132, PK_SKIP_PROTO }, { 2, PK_SKIP_PROTO },
		{ 89, PK_SKIP_PROTO }, { 4, PK_SKIP_PROTO },
		{ 41, PK_SKIP_PROTO }, { 58, PK_SKIP_PROTO },
	};
	struct frame f;
	struct pk_packet pkt;
	size_t l3, i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		f.n = 0;
		l3 = ip4(&f, t[i].proto, 0, 0);
		zeros(&f, 24);
		ip4_done(&f, l3);
		CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), t[i].r);
	}
}

/* --- IPv6 -------------------------------------------------------------- */

TEST(ipv6_extension_headers)
{
	struct frame f;
	struct pk_packet pkt;
	size_t l3;

	/* Hop-by-hop, routing (24 bytes), destination options, then TCP. */
	f.n = 0;
	l3 = ip6(&f, 0);
	ext6(&f, 43, 0);
	ext6(&f, 60, 2);
	ext6(&f, 6, 1);
	tcp(&f, 45004, 443, PK_TH_RST);
	ip6_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.proto, 6);
	CHECK_EQ_U(pkt.sport, 45004);
	CHECK_EQ_U(pkt.tcp_flags, PK_TH_RST);
	CHECK_EQ_U(pkt.l4_state, PK_L4_OK);
	CHECK_EQ_U(pkt.fragment, 0);

	/* First fragment after options: the header is read. */
	f.n = 0;
	l3 = ip6(&f, 0);
	ext6(&f, 44, 0);
	frag6(&f, 17, 0, 1);
	udp(&f, 45005, 45006);
	ip6_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.fragment, 1);
	CHECK_EQ_U(pkt.l4_state, PK_L4_OK);
	CHECK_EQ_U(pkt.sport, 45005);

	/* A later fragment: ports 0 0, the protocol from the fragment
	 * header. */
	f.n = 0;
	l3 = ip6(&f, 44);
	frag6(&f, 58, 3, 0);
	icmp(&f, 128, 0);
	ip6_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.l4_state, PK_L4_FRAGMENT);
	CHECK_EQ_U(pkt.proto, 58);
	CHECK_EQ_U(pkt.icmp_type, 0);
	CHECK_EQ_U(pkt.fragment, 1);

	/* A later fragment of SCTP: skipped. */
	f.n = 0;
	l3 = ip6(&f, 44);
	frag6(&f, 132, 3, 1);
	zeros(&f, 16);
	ip6_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_SKIP_PROTO);

	/* ESP, AH, no next header (directly and after options), unknown. */
	f.n = 0;
	l3 = ip6(&f, 50);
	zeros(&f, 24);
	ip6_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_SKIP_ESP);
	f.b[6] = 51;
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_SKIP_ESP);
	f.b[6] = 59;
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_SKIP_NONEXT);
	f.b[6] = 132;
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_SKIP_PROTO);
	f.b[6] = 1;				/* ICMPv4 inside IPv6 */
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_SKIP_PROTO);
	f.n = 0;
	l3 = ip6(&f, 60);
	ext6(&f, 59, 0);
	ip6_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_SKIP_NONEXT);
	f.n = 0;
	l3 = ip6(&f, 0);
	ext6(&f, 51, 0);
	zeros(&f, 24);
	ip6_done(&f, l3);
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_SKIP_ESP);
}

TEST(ipv6_limits)
{
	struct frame f;
	struct pk_packet pkt;
	size_t l3;
	int n;

	/* PK_MAX_EXTHDRS - 1 headers and a transport are fine; a chain
	 * longer than PK_MAX_EXTHDRS is invalid. */
	for (n = PK_MAX_EXTHDRS - 1; n <= PK_MAX_EXTHDRS + 1; n++) {
		int i;

		f.n = 0;
		l3 = ip6(&f, 60);
		for (i = 0; i < n; i++)
			ext6(&f, i + 1 < n ? 60 : 17, 0);
		udp(&f, 1, 2);
		ip6_done(&f, l3);
		if (n < PK_MAX_EXTHDRS)
			CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_OK);
		else if (n > PK_MAX_EXTHDRS)
			CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_INVALID_IP);
	}

	/* An option header longer than the payload length: truncated. */
	f.n = 0;
	l3 = ip6(&f, 0);
	ext6(&f, 17, 4);
	udp(&f, 1, 2);
	ip6_done(&f, l3);
	set16(&f, l3 + 4, 16);
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_TRUNC_IP);

	/* The payload length cuts the UDP header. */
	set16(&f, l3 + 4, 40 + 3);
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.l4_state, PK_L4_TRUNCATED);
	CHECK_EQ_U(pkt.sport, 0);

	/* Payload length 0 (a jumbogram): as captured. */
	set16(&f, l3 + 4, 0);
	CHECK_EQ_U(dec(PK_DLT_RAW, &f, &pkt), PK_OK);
	CHECK_EQ_U(pkt.l4_state, PK_L4_OK);
	CHECK_EQ_U(pkt.sport, 1);
	CHECK_EQ_U(pkt.ip_len, f.n);
}

/* --- transport --------------------------------------------------------- */

/* TCP needs 14 bytes (ports + flags), UDP 4, ICMP 2. */
TEST(transport_minimum)
{
	static const struct {
		unsigned	proto;
		int		v6;
		size_t		need;
	} t[] = {
		{ 6, 0, 14 }, { 17, 0, 4 }, { 1, 0, 2 },
		{ 6, 1, 14 }, { 17, 1, 4 }, { 58, 1, 2 },
	};
	struct frame f;
	struct pk_packet pkt;
	size_t i, l3, hl;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		f.n = 0;
		l3 = t[i].v6 ? ip6(&f, t[i].proto) : ip4(&f, t[i].proto, 0, 0);
		hl = f.n;
		if (t[i].proto == 6)
			tcp(&f, 1111, 2222, PK_TH_SYN | PK_TH_FIN);
		else if (t[i].proto == 17)
			udp(&f, 1111, 2222);
		else
			icmp(&f, 11, 1);
		if (t[i].v6)
			ip6_done(&f, l3);
		else
			ip4_done(&f, l3);
		CHECK_EQ_U(dec_len(PK_DLT_RAW, &f, hl + t[i].need, &pkt),
		    PK_OK);
		CHECK_EQ_U(pkt.l4_state, PK_L4_OK);
		if (t[i].proto == 6)
			CHECK_EQ_U(pkt.tcp_flags, PK_TH_SYN | PK_TH_FIN);
		else if (t[i].proto == 17)
			CHECK_EQ_U(pkt.dport, 2222);
		else
			CHECK_EQ_U(pkt.icmp_code, 1);
		CHECK_EQ_U(dec_len(PK_DLT_RAW, &f, hl + t[i].need - 1, &pkt),
		    PK_OK);
		CHECK_EQ_U(pkt.l4_state, PK_L4_TRUNCATED);
		CHECK_EQ_U(pkt.sport, 0);
		CHECK_EQ_U(pkt.dport, 0);
		CHECK_EQ_U(pkt.tcp_flags, 0);
	}
}

/*
 * Truncation at every byte boundary of every header.  For each frame: its
 * link header length, the IP headers' length after it, and the transport
 * bytes needed (0 when the frame ends in a skip result, which is then the
 * result once the IP headers are whole).
 */
struct cut_case {
	const char	*name;
	int		 linktype;
	struct frame	 f;
	size_t		 link;
	size_t		 iphdrs;
	size_t		 need;
	enum pk_result	 whole;		/* result with the headers whole */
};

static void
cut_frame(struct cut_case *cc)
{
	struct pk_packet pkt;
	size_t len;
	enum pk_result r, want;

	for (len = 0; len <= cc->f.n; len++) {
		r = dec_len(cc->linktype, &cc->f, len, &pkt);
		if (len < cc->link)
			want = PK_TRUNC_LINK;
		else if (len < cc->link + cc->iphdrs)
			want = PK_TRUNC_IP;
		else
			want = cc->whole;
		if (r != want) {
			printf("    %s cut at %zu: result %s, want %s\n",
			    cc->name, len, decode_result_name(r),
			    decode_result_name(want));
			CHECK(r == want);
			continue;
		}
		CHECK(r == want);
		if (r != PK_OK)
			continue;
		CHECK(pkt.l3 == gbuf + cc->link);
		CHECK(pkt.l3 + pkt.l3_caplen <= gbuf + len);
		if (len < cc->link + cc->iphdrs + cc->need) {
			CHECK_EQ_U(pkt.l4_state, PK_L4_TRUNCATED);
			CHECK_EQ_U(pkt.sport, 0);
			CHECK_EQ_U(pkt.dport, 0);
		} else
			CHECK_EQ_U(pkt.l4_state, PK_L4_OK);
	}
}

TEST(truncation_everywhere)
{
	static struct cut_case cc[24];
	size_t n = 0, l3, i;
	struct frame *f;

#define NEXT(nm, lt) (cc[n].name = (nm), cc[n].linktype = (lt), \
	    f = &cc[n].f, f->n = 0)
	NEXT("ether ipv4 tcp", PK_DLT_EN10MB);
	ether(f, 0x0800);
	l3 = ip4(f, 6, 0, 0);
	tcp(f, 1, 2, PK_TH_SYN);
	ip4_done(f, l3);
	cc[n].link = 14, cc[n].iphdrs = 20, cc[n].need = 14;
	cc[n++].whole = PK_OK;

	NEXT("qinq ipv4+options udp", PK_DLT_EN10MB);
	ether(f, 0x88a8);
	put16(f, 1);
	put16(f, 0x8100);
	put16(f, 2);
	put16(f, 0x0800);
	l3 = ip4(f, 17, 0, 12);
	udp(f, 3, 4);
	ip4_done(f, l3);
	cc[n].link = 22, cc[n].iphdrs = 32, cc[n].need = 4;
	cc[n++].whole = PK_OK;

	NEXT("ether ipv6 hbh+rt+dst+frag tcp", PK_DLT_EN10MB);
	ether(f, 0x86dd);
	l3 = ip6(f, 0);
	ext6(f, 43, 0);
	ext6(f, 60, 2);
	ext6(f, 44, 0);
	frag6(f, 6, 0, 1);
	tcp(f, 5, 6, PK_TH_ACK);
	ip6_done(f, l3);
	cc[n].link = 14, cc[n].iphdrs = 40 + 8 + 24 + 8 + 8, cc[n].need = 14;
	cc[n++].whole = PK_OK;

	NEXT("ether ipv6 icmpv6", PK_DLT_EN10MB);
	ether(f, 0x86dd);
	l3 = ip6(f, 58);
	icmp(f, 135, 0);
	ip6_done(f, l3);
	cc[n].link = 14, cc[n].iphdrs = 40, cc[n].need = 2;
	cc[n++].whole = PK_OK;

	NEXT("ether ipv6 dstopts esp", PK_DLT_EN10MB);
	ether(f, 0x86dd);
	l3 = ip6(f, 60);
	ext6(f, 50, 0);
	zeros(f, 16);
	ip6_done(f, l3);
	cc[n].link = 14, cc[n].iphdrs = 48, cc[n].need = 0;
	cc[n++].whole = PK_SKIP_ESP;

	NEXT("sll ipv4 icmp", PK_DLT_LINUX_SLL);
	put16(f, 0);
	put16(f, 1);
	put16(f, 6);
	zeros(f, 8);
	put16(f, 0x0800);
	l3 = ip4(f, 1, 0, 0);
	icmp(f, 8, 0);
	ip4_done(f, l3);
	cc[n].link = 16, cc[n].iphdrs = 20, cc[n].need = 2;
	cc[n++].whole = PK_OK;

	NEXT("sll2 ipv6 udp", PK_DLT_LINUX_SLL2);
	put16(f, 0x86dd);
	zeros(f, 18);
	l3 = ip6(f, 17);
	udp(f, 7, 8);
	ip6_done(f, l3);
	cc[n].link = 20, cc[n].iphdrs = 40, cc[n].need = 4;
	cc[n++].whole = PK_OK;

	NEXT("null-le ipv4 tcp", PK_DLT_NULL);
	put32(f, 0x02000000);
	l3 = ip4(f, 6, 0, 0);
	tcp(f, 9, 10, PK_TH_FIN);
	ip4_done(f, l3);
	cc[n].link = 4, cc[n].iphdrs = 20, cc[n].need = 14;
	cc[n++].whole = PK_OK;

	NEXT("null-be ipv6 udp", PK_DLT_NULL);
	put32(f, 30);
	l3 = ip6(f, 17);
	udp(f, 11, 12);
	ip6_done(f, l3);
	cc[n].link = 4, cc[n].iphdrs = 40, cc[n].need = 4;
	cc[n++].whole = PK_OK;

	NEXT("loop ipv4 udp", PK_DLT_LOOP);
	put32(f, 2);
	l3 = ip4(f, 17, 0, 0);
	udp(f, 13, 14);
	ip4_done(f, l3);
	cc[n].link = 4, cc[n].iphdrs = 20, cc[n].need = 4;
	cc[n++].whole = PK_OK;

	NEXT("raw ipv6 tcp", PK_DLT_RAW);
	l3 = ip6(f, 6);
	tcp(f, 15, 16, PK_TH_SYN);
	ip6_done(f, l3);
	cc[n].link = 0, cc[n].iphdrs = 40, cc[n].need = 14;
	cc[n++].whole = PK_OK;

	NEXT("mpls ipv4 tcp", PK_DLT_EN10MB);
	ether(f, 0x8847);
	put32(f, 16u << 12 | 64);
	put32(f, 17u << 12 | 0x100 | 64);
	l3 = ip4(f, 6, 0, 0);
	tcp(f, 17, 18, PK_TH_SYN);
	ip4_done(f, l3);
	cc[n].link = 22, cc[n].iphdrs = 20, cc[n].need = 14;
	cc[n++].whole = PK_OK;

	NEXT("pppoe ipv6 udp", PK_DLT_EN10MB);
	ether(f, 0x8864);
	put8(f, 0x11);
	put8(f, 0);
	put16(f, 1);
	put16(f, 2 + 40 + 12);
	put16(f, 0x0057);
	l3 = ip6(f, 17);
	udp(f, 19, 20);
	ip6_done(f, l3);
	cc[n].link = 22, cc[n].iphdrs = 40, cc[n].need = 4;
	cc[n++].whole = PK_OK;

	NEXT("snap ipv4 udp", PK_DLT_EN10MB);
	ether(f, 8 + 20 + 12);
	put8(f, 0xaa);
	put8(f, 0xaa);
	put8(f, 0x03);
	zeros(f, 3);
	put16(f, 0x0800);
	l3 = ip4(f, 17, 0, 0);
	udp(f, 21, 22);
	ip4_done(f, l3);
	cc[n].link = 22, cc[n].iphdrs = 20, cc[n].need = 4;
	cc[n++].whole = PK_OK;

	NEXT("ppp ipv4 tcp", PK_DLT_PPP);
	put8(f, 0xff);
	put8(f, 0x03);
	put16(f, 0x0021);
	l3 = ip4(f, 6, 0, 0);
	tcp(f, 23, 24, PK_TH_SYN);
	ip4_done(f, l3);
	cc[n].link = 4, cc[n].iphdrs = 20, cc[n].need = 14;
	cc[n++].whole = PK_OK;

	NEXT("c-hdlc ipv6 udp", PK_DLT_C_HDLC);
	put8(f, 0x0f);
	put8(f, 0);
	put16(f, 0x86dd);
	l3 = ip6(f, 17);
	udp(f, 25, 26);
	ip6_done(f, l3);
	cc[n].link = 4, cc[n].iphdrs = 40, cc[n].need = 4;
	cc[n++].whole = PK_OK;

	NEXT("radiotap 802.11 qos ipv4 tcp", PK_DLT_IEEE802_11_RADIO);
	put32(f, 0x00000800);
	put32(f, 0);
	wlan(f, 0x88, 0x01, 0);
	llc_snap(f, 0x0800);
	l3 = ip4(f, 6, 0, 0);
	tcp(f, 27, 28, PK_TH_SYN);
	ip4_done(f, l3);
	cc[n].link = 8 + 26 + 8, cc[n].iphdrs = 20, cc[n].need = 14;
	cc[n++].whole = PK_OK;

	NEXT("ether ipv4 gre", PK_DLT_EN10MB);
	ether(f, 0x0800);
	l3 = ip4(f, 47, 0, 0);
	zeros(f, 8);
	ip4_done(f, l3);
	cc[n].link = 14, cc[n].iphdrs = 20, cc[n].need = 0;
	cc[n++].whole = PK_SKIP_PROTO;
#undef NEXT

	for (i = 0; i < n; i++)
		cut_frame(&cc[i]);
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
	size_t l3, k;
	int i, counts[PK_RESULT_MAX] = { 0 };

	base[0].n = 0;
	ether(&base[0], 0x8100);
	put16(&base[0], 3);
	put16(&base[0], 0x0800);
	l3 = ip4(&base[0], 6, 0, 8);
	tcp(&base[0], 1, 2, PK_TH_SYN);
	ip4_done(&base[0], l3);
	base[1].n = 0;
	ether(&base[1], 0x86dd);
	l3 = ip6(&base[1], 0);
	ext6(&base[1], 44, 1);
	frag6(&base[1], 17, 0, 1);
	udp(&base[1], 3, 4);
	ip6_done(&base[1], l3);
	base[2].n = 0;
	l3 = ip4(&base[2], 1, 0, 0);
	icmp(&base[2], 8, 0);
	ip4_done(&base[2], l3);
	base[3].n = 0;
	l3 = ip6(&base[3], 60);
	ext6(&base[3], 43, 0);
	ext6(&base[3], 58, 1);
	icmp(&base[3], 1, 4);
	ip6_done(&base[3], l3);

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
	RUN(ethernet_ipv4_tcp);
	RUN(ethernet_ipv6_udp);
	RUN(ethernet_padding);
	RUN(vlan_tags);
	RUN(mpls);
	RUN(mpls_pseudowire);
	RUN(pppoe);
	RUN(llc_snap);
	RUN(linux_cooked);
	RUN(bsd_loopback);
	RUN(ppp_and_hdlc);
	RUN(ieee80211);
	RUN(radiotap);
	RUN(raw_ip);
	RUN(unknown_link);
	RUN(ipv4_options);
	RUN(ipv4_fragments);
	RUN(ipv4_other_protocols);
	RUN(ipv6_extension_headers);
	RUN(ipv6_limits);
	RUN(transport_minimum);
	RUN(truncation_everywhere);
	RUN(mutated_frames);
	RUN(flag_classes);
	RUN(classify_records);
	RUN(descriptions);
	RUN(ip6_text_like_inet_ntop);
	RUN(ip4_text_like_inet_ntop);
	return test_report();
}
