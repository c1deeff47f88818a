/*
 * cryptopan.h - prefix-preserving address anonymisation, Crypto-PAn
 * (J. Xu, J. Fan, M. Ammar, S. Moon, "Prefix-Preserving IP Address
 * Anonymization", ICNP 2002), with AES-128 from OpenSSL's EVP.
 *
 * The 32-byte key is the AES key (bytes 0-15) and the pad's seed (16-31):
 * pad = AES(seed).  Bit i of an address (from the most significant) is
 * flipped by the most significant bit of AES(the address's first i bits,
 * then the pad's bits from i on).  Two addresses that share an n-bit
 * prefix share exactly n bits after the mapping.  IPv6 is the same
 * construction over 128 bits, as the common Crypto-PAn libraries extend it.
 */
#ifndef PACKTER_CRYPTOPAN_H
#define PACKTER_CRYPTOPAN_H

#include <stddef.h>
#include <stdint.h>

#define CRYPTOPAN_KEY_LEN	32

struct cryptopan;

/* NULL with err filled when OpenSSL cannot set the cipher up. */
struct cryptopan	*cryptopan_new(const uint8_t key[CRYPTOPAN_KEY_LEN],
			    char *err, size_t errlen);
void			 cryptopan_free(struct cryptopan *);
/* family 4 (4 bytes) or 6 (16 bytes); in and out may be the same. */
void			 cryptopan_map(struct cryptopan *, int family,
			    const uint8_t *in, uint8_t *out);

/*
 * Read a key file: 64 hex digits (whitespace ignored), readable by its
 * owner only (as -K's keys).  0, or -1 with err filled.
 */
int			 cryptopan_key_load(const char *path,
			    uint8_t key[CRYPTOPAN_KEY_LEN], char *err,
			    size_t errlen);

#endif /* PACKTER_CRYPTOPAN_H */
