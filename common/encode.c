/*
 * encode.c - records onto the wire, fast.
 *
 * The agent writes millions of records a second, so this path formats by
 * hand: no printf, no inet_ntop, no allocation.  IPv6 text follows RFC 5952
 * (lowercase, longest run of two or more zero groups compressed, leftmost on
 * a tie) with glibc inet_ntop's choice of dotted form for ::a.b.c.d and
 * ::ffff:a.b.c.d, so the text equals what the C library would print.
 */
#include "config.h"

#include <string.h>

#include "protocol.h"

static const char hexdigits[] = "0123456789abcdef";


/* The decimal text of every byte value, padded to 4 bytes, and its length. */
struct dec3 {
	char	 s[3];
	uint8_t	 len;
};
static struct dec3 dec_table[256];
static int dec_ready;

static void
dec_init(void)
{
	unsigned b;

	for (b = 0; b < 256; b++) {
		if (b >= 100) {
			dec_table[b].s[0] = (char)('0' + b / 100);
			dec_table[b].s[1] = (char)('0' + b / 10 % 10);
			dec_table[b].s[2] = (char)('0' + b % 10);
			dec_table[b].len = 3;
		} else if (b >= 10) {
			dec_table[b].s[0] = (char)('0' + b / 10);
			dec_table[b].s[1] = (char)('0' + b % 10);
			dec_table[b].len = 2;
		} else {
			dec_table[b].s[0] = (char)('0' + b);
			dec_table[b].len = 1;
		}
	}
	dec_ready = 1;
}

static const char digit_pairs[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

size_t
pt_fmt_u32(char *dst, uint32_t v)
{
	size_t n, i;

	n = v >= 100000 ? (v >= 10000000 ? (v >= 1000000000 ? 10 :
	    v >= 100000000 ? 9 : 8) : v >= 1000000 ? 7 : 6) :
	    v >= 1000 ? (v >= 10000 ? 5 : 4) : v >= 100 ? 3 : v >= 10 ? 2 : 1;
	i = n;
	while (v >= 100) {
		unsigned r = (v % 100) * 2;

		v /= 100;
		dst[--i] = digit_pairs[r + 1];
		dst[--i] = digit_pairs[r];
	}
	if (v >= 10) {
		dst[--i] = digit_pairs[v * 2 + 1];
		dst[--i] = digit_pairs[v * 2];
	} else
		dst[--i] = (char)('0' + v);
	return n;
}

/* Writes up to 3 digits and always touches 3 bytes of dst. */
static inline size_t
fmt_byte(char *dst, unsigned b)
{
	memcpy(dst, dec_table[b].s, 3);
	return dec_table[b].len;
}

size_t
pt_fmt_ip4(char *dst, const uint8_t a[4])
{
	char tmp[16];
	size_t n;

	if (!dec_ready)
		dec_init();
	n = fmt_byte(tmp, a[0]);
	tmp[n++] = '.';
	n += fmt_byte(tmp + n, a[1]);
	tmp[n++] = '.';
	n += fmt_byte(tmp + n, a[2]);
	tmp[n++] = '.';
	n += fmt_byte(tmp + n, a[3]);
	memcpy(dst, tmp, n);
	return n;
}

/* Lowercase hex of a 16-bit group without leading zeros. */
static inline size_t
fmt_hex16(char *dst, unsigned w)
{
	size_t n = w >= 0x1000 ? 4 : w >= 0x100 ? 3 : w >= 0x10 ? 2 : 1;

	switch (n) {
	case 4:
		dst[n - 4] = hexdigits[(w >> 12) & 0xf];
		/* FALLTHROUGH */
	case 3:
		dst[n - 3] = hexdigits[(w >> 8) & 0xf];
		/* FALLTHROUGH */
	case 2:
		dst[n - 2] = hexdigits[(w >> 4) & 0xf];
		/* FALLTHROUGH */
	default:
		dst[n - 1] = hexdigits[w & 0xf];
	}
	return n;
}

size_t
pt_fmt_ip6(char *dst, const uint8_t a[16])
{
	unsigned w[8];
	int i, best = -1, bestlen = 0, cur = -1, curlen = 0;
	size_t n = 0;

	for (i = 0; i < 8; i++) {
		w[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
		if (w[i] == 0) {
			if (cur < 0) {
				cur = i;
				curlen = 0;
			}
			curlen++;
			if (curlen > bestlen) {
				best = cur;
				bestlen = curlen;
			}
		} else
			cur = -1;
	}
	if (bestlen < 2)
		best = -1;

	for (i = 0; i < 8; i++) {
		if (i == best) {
			dst[n++] = ':';
			i += bestlen - 1;
			if (i == 7)
				dst[n++] = ':';
			continue;
		}
		if (i != 0)
			dst[n++] = ':';
		/* ::a.b.c.d and ::ffff:a.b.c.d, as inet_ntop writes them. */
		if (i == 6 && best == 0 &&
		    (bestlen == 6 || (bestlen == 5 && w[5] == 0xffff))) {
			n += pt_fmt_ip4(dst + n, a + 12);
			return n;
		}
		n += fmt_hex16(dst + n, w[i]);
	}
	return n;
}

size_t
pt_fmt_addr(char *dst, int family, const uint8_t *a)
{
	return family == 6 ? pt_fmt_ip6(dst, a) : pt_fmt_ip4(dst, a);
}

size_t
pt_encode_record_head(char *o, const struct pt_rec_out *r)
{
	size_t n;

	if (r->src_text != NULL) {
		memcpy(o, r->src_text, r->src_text_len);
		n = r->src_text_len;
	} else
		n = pt_fmt_addr(o, r->family, r->src);
	o[n++] = ',';
	if (r->dst_text != NULL) {
		memcpy(o + n, r->dst_text, r->dst_text_len);
		n += r->dst_text_len;
	} else
		n += pt_fmt_addr(o + n, r->family, r->dst);
	o[n++] = ',';
	n += pt_fmt_u32(o + n, r->sport);
	o[n++] = ',';
	n += pt_fmt_u32(o + n, r->dport);
	o[n++] = ',';
	n += pt_fmt_u32(o + n, r->flag);
	o[n++] = ',';
	return n;
}

size_t
pt_encode_record(char *dst, size_t cap, const struct pt_rec_out *r)
{
	char tmp[PT_RECORD_HEAD_MAX];
	size_t n, dlen = r->desc_len;

	if (dlen > PT_MAX_DESC)
		dlen = PT_MAX_DESC;
	/* Format in place when it surely fits, else through tmp. */
	if (cap >= PT_RECORD_HEAD_MAX + dlen + 1)
		n = pt_encode_record_head(dst, r);
	else {
		n = pt_encode_record_head(tmp, r);
		if (n + dlen + 1 > cap)
			return 0;
		memcpy(dst, tmp, n);
	}
	if (dlen != 0)
		memcpy(dst + n, r->desc, dlen);
	n += dlen;
	dst[n++] = '\n';
	return n;
}
