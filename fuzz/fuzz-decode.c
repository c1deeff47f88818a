/*
 * fuzz-decode.c - fuzz target: a captured frame through decode_frame(), the
 * classifier, the record encoder and the SPIE digest (common/decode.h).
 *
 *     input:  | link | frame bytes ...
 *
 * The first byte picks the link type: the supported type whose low byte it
 * equals (1 Ethernet, 113 Linux SLL, 20 for 276 Linux SLL2, 0xff for the
 * "IP, version nibble decides" pseudo type ...), otherwise the byte modulo
 * the number of supported types, so every byte value decodes something.
 * fuzz/make-corpus.py writes seeds the same way.
 *
 * Besides ASan and UBSan, the target aborts when a result breaks what
 * decode.h promises: l3 inside the frame, l3_caplen within both the frame
 * and ip_len, the version nibble matching the family, a drawn transport
 * protocol, the VLAN walk capped; the description within its bound; and a
 * record encoded from the packet must parse back to the same addresses,
 * ports, flag and description.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "decode.h"
#include "protocol.h"
#include "spie.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Link types looked for among the supported ones: LINKTYPE_ numbers < 1024. */
#define SCAN_MAX	1024
#define MAX_TYPES	64

static int	types[MAX_TYPES];
static size_t	ntypes;
static int	unsupported = -2;

#define REQUIRE(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz-decode: %s:%d: invariant broken: "\
		    "%s\n", __FILE__, __LINE__, #cond);			\
		abort();						\
	}								\
} while (0)

static void
init_types(void)
{
	int t;

	if (ntypes > 0)
		return;
	for (t = PK_LINK_IP; t < SCAN_MAX && ntypes < MAX_TYPES; t++) {
		if (decode_link_supported(t))
			types[ntypes++] = t;
		else if (unsupported == -2 && t >= 0)
			unsupported = t;
	}
	REQUIRE(ntypes > 0);
}

static int
pick_type(uint8_t b)
{
	size_t i;

	for (i = 0; i < ntypes; i++)
		if ((types[i] & 0xff) == b)
			return types[i];
	return types[b % ntypes];
}

static int
is_lower_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static void
check_packet(const uint8_t *buf, size_t len, const struct pk_packet *pkt)
{
	size_t off;

	REQUIRE(pkt->family == 4 || pkt->family == 6);
	REQUIRE(pkt->l3 != NULL);
	REQUIRE(pkt->l3 >= buf && pkt->l3 <= buf + len);
	off = (size_t)(pkt->l3 - buf);
	REQUIRE(pkt->l3_caplen <= len - off);
	REQUIRE(pkt->l3_caplen <= pkt->ip_len);
	REQUIRE(pkt->l3_caplen >= (pkt->family == 4 ? 20u : 40u));
	REQUIRE((pkt->l3[0] >> 4) == pkt->family);
	REQUIRE(pkt->proto == PK_IPPROTO_TCP || pkt->proto == PK_IPPROTO_UDP ||
	    pkt->proto == PK_IPPROTO_ICMP || pkt->proto == PK_IPPROTO_ICMPV6);
	REQUIRE(pkt->l4_state == PK_L4_OK || pkt->l4_state == PK_L4_FRAGMENT ||
	    pkt->l4_state == PK_L4_TRUNCATED);
	REQUIRE(pkt->nvlans <= PK_MAX_VLANS);
	if (pkt->l4_state == PK_L4_FRAGMENT)
		REQUIRE(pkt->fragment);
}

/* Record for the packet, encoded and parsed back: the same values. */
static void
check_record(const struct pk_packet *pkt, const char *desc, size_t dlen)
{
	struct pt_rec_out out;
	struct pt_record r;
	char line[PT_RECORD_HEAD_MAX + PK_DESC_MAX + 1], err[PT_ERRBUF_SIZE];
	size_t n, alen = pkt->family == 6 ? 16 : 4;

	memset(&out, 0, sizeof(out));
	pk_classify(pkt, 0, &out);
	REQUIRE(out.flag < PT_FLAG_CLASSES);
	REQUIRE((out.flag >= PT_FLAG_TCP6) == (pkt->family == 6));
	out.desc = desc;
	out.desc_len = dlen;
	n = pt_encode_record(line, sizeof(line), &out);
	REQUIRE(n > 0 && n <= sizeof(line) && line[n - 1] == '\n');
	REQUIRE(memchr(line, '\n', n - 1) == NULL);
	err[0] = '\0';
	if (pt_parse_record_line(line, n, &r, err, sizeof(err)) != 0) {
		fprintf(stderr, "fuzz-decode: '%.*s' does not parse: %s\n",
		    (int)(n - 1), line, err);
		abort();
	}
	REQUIRE(r.src.family == pkt->family && r.dst.family == pkt->family);
	REQUIRE(memcmp(r.src.addr, pkt->src, alen) == 0);
	REQUIRE(memcmp(r.dst.addr, pkt->dst, alen) == 0);
	REQUIRE(r.src.port == out.sport && r.dst.port == out.dport);
	REQUIRE(r.flag == out.flag);
	REQUIRE(r.desc.len == dlen && memcmp(r.desc.p, desc, dlen) == 0);
}

static void
check_describe(const struct pk_packet *pkt, char *desc, size_t *dlenp)
{
	char *small;
	size_t n, cap;

	n = pk_describe(desc, PK_DESC_MAX, pkt);
	REQUIRE(n > 0 && n <= PK_DESC_MAX);
	REQUIRE(memchr(desc, '\n', n) == NULL && memchr(desc, ',', n) == NULL);
	*dlenp = n;
	/* A short buffer, exactly sized: truncation must respect it. */
	cap = n / 2;
	small = malloc(cap > 0 ? cap : 1);
	REQUIRE(small != NULL);
	REQUIRE(pk_describe(small, cap, pkt) == cap);
	REQUIRE(memcmp(small, desc, cap) == 0);
	free(small);
}

static void
check_spie(const uint8_t *l3, size_t caplen)
{
	uint8_t masked[SPIE_MAX_INPUT];
	char hex[SPIE_HEX_LEN + 1];
	size_t n;

	n = spie_masked(l3, caplen, masked);
	REQUIRE(n <= SPIE_MAX_INPUT && n <= caplen);
	if (spie_digest_hex(l3, caplen, hex) == 0) {
		REQUIRE(n > 0);
		REQUIRE(hex[SPIE_HEX_LEN] == '\0');
		REQUIRE(is_lower_hex(hex, SPIE_HEX_LEN));
	} else
		REQUIRE(n == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pk_packet pkt;
	enum pk_result r;
	const uint8_t *frame;
	char desc[PK_DESC_MAX];
	size_t len, dlen;
	int linktype;

	if (size < 1)
		return 0;
	init_types();
	linktype = pick_type(data[0]);
	frame = data + 1;
	len = size - 1;

	r = decode_frame(linktype, frame, len, &pkt);
	REQUIRE((unsigned)r < PK_RESULT_MAX && r != PK_UNKNOWN_LINK);
	REQUIRE(strcmp(decode_result_name(r), "?") != 0);
	if (r == PK_OK) {
		check_packet(frame, len, &pkt);
		check_describe(&pkt, desc, &dlen);
		check_record(&pkt, desc, dlen);
		check_spie(pkt.l3, pkt.l3_caplen);
	}
	/* The digest code on its own, on bytes that may not be IP at all. */
	check_spie(frame, len);
	/* An unknown link type is refused before any byte is read. */
	if (unsupported >= 0)
		REQUIRE(decode_frame(unsupported, frame, len, &pkt) ==
		    PK_UNKNOWN_LINK);
	return 0;
}
