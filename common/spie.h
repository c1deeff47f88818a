/*
 * spie.h - the SPIE packet digest used for IP traceback (docs/protocol.md).
 *
 * MD5 over a copy of the packet's invariant part, with the fields routers
 * change zeroed:
 *   IPv4: TOS, total length, flags+fragment offset, TTL, checksum and the
 *         option bytes; the digest covers IHL*4 + 8 bytes.
 *   IPv6: the top four bits of the traffic class and the hop limit; 40 + 8.
 * If the datagram itself is shorter than that, the digest covers the whole
 * datagram.  OpenSSL's EVP interface (MD5() is deprecated since 3.0).
 */
#ifndef PACKTER_SPIE_H
#define PACKTER_SPIE_H

#include <stddef.h>
#include <stdint.h>

#define SPIE_HEX_LEN	32

/* The bytes hashed, masked; returns their count, or 0 if the capture is short. */
#define SPIE_MAX_INPUT	(60 + 8)
size_t	spie_masked(const uint8_t *l3, size_t caplen, uint8_t out[SPIE_MAX_INPUT]);

/*
 * Digest of the IP packet at l3 (caplen bytes captured), as 32 lowercase hex
 * characters and a NUL in hex.  0 on success, -1 if too little was captured
 * or the header is not IP.
 */
int	spie_digest_hex(const uint8_t *l3, size_t caplen, char hex[SPIE_HEX_LEN + 1]);

#endif /* PACKTER_SPIE_H */
