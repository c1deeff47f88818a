/*
 * spie.c - SPIE packet digests for IP traceback (docs/protocol.md).
 *
 * Snoeren et al., "Hash-Based IP Traceback" (SIGCOMM 2001): the invariant
 * part of a packet is its IP header without the fields that change hop by
 * hop, plus the first 8 bytes of payload.  PACKTER hashes it with MD5.
 *
 *   IPv4 masked: TOS(1) total length(2) flags/offset(2) TTL(1) checksum(2)
 *                and every option byte.
 *   IPv6 masked: the top four bits of the traffic class, the hop limit.
 */
#include "config.h"

#include <string.h>

#include <openssl/evp.h>

#include "cursor.h"
#include "spie.h"

size_t
spie_masked(const uint8_t *l3, size_t caplen, uint8_t out[SPIE_MAX_INPUT])
{
	struct cursor c;
	uint8_t v;
	uint16_t total;
	size_t hlen, n;

	cur_init(&c, l3, caplen);
	if (!cur_peek_u8(&c, 0, &v))
		return 0;
	if ((v >> 4) == 4) {
		hlen = (size_t)(v & 0x0f) * 4;
		if (hlen < 20 || !cur_peek_be16(&c, 2, &total))
			return 0;
		n = hlen + 8;
		if (total != 0 && total >= hlen && total < n)
			n = total;
		if (!cur_bytes(&c, out, n))
			return 0;
		out[1] = 0;				/* TOS */
		out[2] = out[3] = 0;			/* total length */
		out[6] = out[7] = 0;			/* flags, offset */
		out[8] = 0;				/* TTL */
		out[10] = out[11] = 0;			/* checksum */
		memset(out + 20, 0, hlen - 20);		/* options */
		return n;
	}
	if ((v >> 4) == 6) {
		uint16_t plen;

		if (!cur_peek_be16(&c, 4, &plen))
			return 0;
		n = 40 + 8;
		if (plen != 0 && plen < 8)
			n = 40 + (size_t)plen;
		if (!cur_bytes(&c, out, n))
			return 0;
		out[0] &= 0xf0;		/* version stays; traffic class top nibble goes */
		out[7] = 0;		/* hop limit */
		return n;
	}
	return 0;
}

int
spie_digest_hex(const uint8_t *l3, size_t caplen, char hex[SPIE_HEX_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";
	uint8_t in[SPIE_MAX_INPUT], md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0, i;
	size_t n;

	n = spie_masked(l3, caplen, in);
	if (n == 0)
		return -1;
	if (EVP_Digest(in, n, md, &mdlen, EVP_md5(), NULL) != 1 || mdlen != 16)
		return -1;
	for (i = 0; i < 16; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 0xf];
	}
	hex[SPIE_HEX_LEN] = '\0';
	return 0;
}
