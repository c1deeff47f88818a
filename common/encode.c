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


size_t
pt_fmt_u32(char *dst, uint32_t v)
{
	char tmp[10];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (i = 0; i < n; i++)
		dst[i] = tmp[n - 1 - i];
	return n;
}

static inline size_t
fmt_byte(char *dst, unsigned b)
{
	if (b >= 100) {
		dst[0] = (char)('0' + b / 100);
		dst[1] = (char)('0' + b / 10 % 10);
		dst[2] = (char)('0' + b % 10);
		return 3;
	}
	if (b >= 10) {
		dst[0] = (char)('0' + b / 10);
		dst[1] = (char)('0' + b % 10);
		return 2;
	}
	dst[0] = (char)('0' + b);
	return 1;
}

size_t
pt_fmt_ip4(char *dst, const uint8_t a[4])
{
	size_t n;

	n = fmt_byte(dst, a[0]);
	dst[n++] = '.';
	n += fmt_byte(dst + n, a[1]);
	dst[n++] = '.';
	n += fmt_byte(dst + n, a[2]);
	dst[n++] = '.';
	n += fmt_byte(dst + n, a[3]);
	return n;
}

static size_t
fmt_hex16(char *dst, unsigned w)
{
	size_t n = 0;
	int shift;

	for (shift = 12; shift > 0 && (w >> shift) == 0; shift -= 4)
		;
	for (; shift >= 0; shift -= 4)
		dst[n++] = hexdigits[(w >> shift) & 0xf];
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
		if (best >= 0 && i >= best && i < best + bestlen) {
			if (i == best)
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
	if (best >= 0 && best + bestlen == 8)
		dst[n++] = ':';
	return n;
}

size_t
pt_fmt_addr(char *dst, int family, const uint8_t *a)
{
	return family == 6 ? pt_fmt_ip6(dst, a) : pt_fmt_ip4(dst, a);
}

size_t
pt_encode_record(char *dst, size_t cap, const struct pt_rec_out *r)
{
	/* Two addresses, two ports, a flag, five commas and a newline. */
	char tmp[2 * PT_ADDRSTRLEN + 2 * 5 + 10 + 6];
	size_t n, dlen = r->desc_len;

	if (dlen > PT_MAX_DESC)
		dlen = PT_MAX_DESC;
	n = pt_fmt_addr(tmp, r->family, r->src);
	tmp[n++] = ',';
	n += pt_fmt_addr(tmp + n, r->family, r->dst);
	tmp[n++] = ',';
	n += pt_fmt_u32(tmp + n, r->sport);
	tmp[n++] = ',';
	n += pt_fmt_u32(tmp + n, r->dport);
	tmp[n++] = ',';
	n += pt_fmt_u32(tmp + n, r->flag);
	tmp[n++] = ',';
	if (n + dlen + 1 > cap)
		return 0;
	memcpy(dst, tmp, n);
	if (dlen != 0)
		memcpy(dst + n, r->desc, dlen);
	n += dlen;
	dst[n++] = '\n';
	return n;
}
