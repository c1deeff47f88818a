/*
 * siphash.c - SipHash-2-4 (see siphash.h).
 *
 * Aumasson and Bernstein, "SipHash: a fast short-input PRF", INDOCRYPT 2012,
 * section 2.  The state is four 64-bit words initialised from the key and
 * the constants "somepseudorandomlygeneratedbytes"; each 8-byte word of the
 * message, read little-endian, is xored into v3, put through two SipRounds
 * and xored into v0.  The last word holds the remaining bytes and the
 * message length modulo 256 in its top byte.  Then 0xff is xored into v2,
 * four SipRounds are made, and the hash is v0 ^ v1 ^ v2 ^ v3.
 *
 *   SipRound:  v0 += v1; v1 <<<= 13; v1 ^= v0; v0 <<<= 32;
 *              v2 += v3; v3 <<<= 16; v3 ^= v2;
 *              v0 += v3; v3 <<<= 21; v3 ^= v0;
 *              v2 += v1; v1 <<<= 17; v1 ^= v2; v2 <<<= 32;
 *
 * Checked against the 64 vectors of the reference implementation (key
 * 00..0f, messages 00..n-1) in tests/unit/test-siphash.c.
 */
#include "config.h"

#include "siphash.h"

#include <errno.h>
#include <sys/random.h>

#include "errbuf.h"

#define ROTL(x, b)	(uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

#define SIPROUND(v0, v1, v2, v3) do {					\
	v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);	\
	v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;				\
	v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;				\
	v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);	\
} while (0)

static uint64_t
le64(const uint8_t *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	    (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	    (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	    (uint64_t)p[7] << 56;
}

void
siphash_key_set(struct siphash_key *k, const uint8_t bytes[SIPHASH_KEY_LEN])
{
	k->k0 = le64(bytes);
	k->k1 = le64(bytes + 8);
}

int
siphash_key_random(struct siphash_key *k, char *err, size_t errlen)
{
	uint8_t b[SIPHASH_KEY_LEN];
	size_t got = 0;
	ssize_t r;

	while (got < sizeof(b)) {
		r = getrandom(b + got, sizeof(b) - got, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return errbuf_fmt_errno(err, errlen, errno,
			    "getrandom");
		}
		got += (size_t)r;
	}
	siphash_key_set(k, b);
	return 0;
}

uint64_t
siphash24(const struct siphash_key *k, const void *data, size_t n)
{
	const uint8_t *p = data, *end = p + (n & ~(size_t)7);
	uint64_t v0 = 0x736f6d6570736575ULL ^ k->k0;
	uint64_t v1 = 0x646f72616e646f6dULL ^ k->k1;
	uint64_t v2 = 0x6c7967656e657261ULL ^ k->k0;
	uint64_t v3 = 0x7465646279746573ULL ^ k->k1;
	uint64_t m;
	size_t left = n & 7;

	for (; p < end; p += 8) {
		m = le64(p);
		v3 ^= m;
		SIPROUND(v0, v1, v2, v3);
		SIPROUND(v0, v1, v2, v3);
		v0 ^= m;
	}
	m = (uint64_t)(n & 0xff) << 56;
	while (left-- > 0)
		m |= (uint64_t)p[left] << (8 * left);
	v3 ^= m;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	v0 ^= m;
	v2 ^= 0xff;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	return v0 ^ v1 ^ v2 ^ v3;
}
