/*
 * siphash.h - SipHash-2-4, a keyed hash for tables whose keys a peer
 * chooses.
 *
 * Aumasson and Bernstein, "SipHash: a fast short-input PRF" (2012).  With a
 * key the peer does not know, it cannot compute keys that collide, so a
 * hash table keyed by addresses or template IDs from the network keeps its
 * chains short whatever is sent to it.  Each table takes its own random key
 * (siphash_key_random, from getrandom(2)) when it is made.
 */
#ifndef PACKTER_SIPHASH_H
#define PACKTER_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

#define SIPHASH_KEY_LEN	16

struct siphash_key {
	uint64_t	 k0, k1;
};

/* The key from 16 bytes, read as the paper does (two little-endian words). */
void		 siphash_key_set(struct siphash_key *,
		    const uint8_t bytes[SIPHASH_KEY_LEN]);
/* A fresh key from getrandom(2): 0, or -1 with err filled. */
int		 siphash_key_random(struct siphash_key *, char *err,
		    size_t errlen);
/* SipHash-2-4 of n bytes at p. */
uint64_t	 siphash24(const struct siphash_key *, const void *p, size_t n);

#endif /* PACKTER_SIPHASH_H */
