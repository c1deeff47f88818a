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


/* The decimal text of every byte value (3 bytes, unterminated) and its length. */
struct dec3 {
	char	 s[3];
	uint8_t	 len;
};
static const struct dec3 dec_table[256] = {
	{ "0", 1 }, { "1", 1 }, { "2", 1 }, { "3", 1 }, { "4", 1 }, { "5", 1 },
	{ "6", 1 }, { "7", 1 }, { "8", 1 }, { "9", 1 }, { "10", 2 }, { "11", 2 },
	{ "12", 2 }, { "13", 2 }, { "14", 2 }, { "15", 2 }, { "16", 2 }, { "17", 2 },
	{ "18", 2 }, { "19", 2 }, { "20", 2 }, { "21", 2 }, { "22", 2 }, { "23", 2 },
	{ "24", 2 }, { "25", 2 }, { "26", 2 }, { "27", 2 }, { "28", 2 }, { "29", 2 },
	{ "30", 2 }, { "31", 2 }, { "32", 2 }, { "33", 2 }, { "34", 2 }, { "35", 2 },
	{ "36", 2 }, { "37", 2 }, { "38", 2 }, { "39", 2 }, { "40", 2 }, { "41", 2 },
	{ "42", 2 }, { "43", 2 }, { "44", 2 }, { "45", 2 }, { "46", 2 }, { "47", 2 },
	{ "48", 2 }, { "49", 2 }, { "50", 2 }, { "51", 2 }, { "52", 2 }, { "53", 2 },
	{ "54", 2 }, { "55", 2 }, { "56", 2 }, { "57", 2 }, { "58", 2 }, { "59", 2 },
	{ "60", 2 }, { "61", 2 }, { "62", 2 }, { "63", 2 }, { "64", 2 }, { "65", 2 },
	{ "66", 2 }, { "67", 2 }, { "68", 2 }, { "69", 2 }, { "70", 2 }, { "71", 2 },
	{ "72", 2 }, { "73", 2 }, { "74", 2 }, { "75", 2 }, { "76", 2 }, { "77", 2 },
	{ "78", 2 }, { "79", 2 }, { "80", 2 }, { "81", 2 }, { "82", 2 }, { "83", 2 },
	{ "84", 2 }, { "85", 2 }, { "86", 2 }, { "87", 2 }, { "88", 2 }, { "89", 2 },
	{ "90", 2 }, { "91", 2 }, { "92", 2 }, { "93", 2 }, { "94", 2 }, { "95", 2 },
	{ "96", 2 }, { "97", 2 }, { "98", 2 }, { "99", 2 }, { "100", 3 }, { "101", 3 },
	{ "102", 3 }, { "103", 3 }, { "104", 3 }, { "105", 3 }, { "106", 3 }, { "107", 3 },
	{ "108", 3 }, { "109", 3 }, { "110", 3 }, { "111", 3 }, { "112", 3 }, { "113", 3 },
	{ "114", 3 }, { "115", 3 }, { "116", 3 }, { "117", 3 }, { "118", 3 }, { "119", 3 },
	{ "120", 3 }, { "121", 3 }, { "122", 3 }, { "123", 3 }, { "124", 3 }, { "125", 3 },
	{ "126", 3 }, { "127", 3 }, { "128", 3 }, { "129", 3 }, { "130", 3 }, { "131", 3 },
	{ "132", 3 }, { "133", 3 }, { "134", 3 }, { "135", 3 }, { "136", 3 }, { "137", 3 },
	{ "138", 3 }, { "139", 3 }, { "140", 3 }, { "141", 3 }, { "142", 3 }, { "143", 3 },
	{ "144", 3 }, { "145", 3 }, { "146", 3 }, { "147", 3 }, { "148", 3 }, { "149", 3 },
	{ "150", 3 }, { "151", 3 }, { "152", 3 }, { "153", 3 }, { "154", 3 }, { "155", 3 },
	{ "156", 3 }, { "157", 3 }, { "158", 3 }, { "159", 3 }, { "160", 3 }, { "161", 3 },
	{ "162", 3 }, { "163", 3 }, { "164", 3 }, { "165", 3 }, { "166", 3 }, { "167", 3 },
	{ "168", 3 }, { "169", 3 }, { "170", 3 }, { "171", 3 }, { "172", 3 }, { "173", 3 },
	{ "174", 3 }, { "175", 3 }, { "176", 3 }, { "177", 3 }, { "178", 3 }, { "179", 3 },
	{ "180", 3 }, { "181", 3 }, { "182", 3 }, { "183", 3 }, { "184", 3 }, { "185", 3 },
	{ "186", 3 }, { "187", 3 }, { "188", 3 }, { "189", 3 }, { "190", 3 }, { "191", 3 },
	{ "192", 3 }, { "193", 3 }, { "194", 3 }, { "195", 3 }, { "196", 3 }, { "197", 3 },
	{ "198", 3 }, { "199", 3 }, { "200", 3 }, { "201", 3 }, { "202", 3 }, { "203", 3 },
	{ "204", 3 }, { "205", 3 }, { "206", 3 }, { "207", 3 }, { "208", 3 }, { "209", 3 },
	{ "210", 3 }, { "211", 3 }, { "212", 3 }, { "213", 3 }, { "214", 3 }, { "215", 3 },
	{ "216", 3 }, { "217", 3 }, { "218", 3 }, { "219", 3 }, { "220", 3 }, { "221", 3 },
	{ "222", 3 }, { "223", 3 }, { "224", 3 }, { "225", 3 }, { "226", 3 }, { "227", 3 },
	{ "228", 3 }, { "229", 3 }, { "230", 3 }, { "231", 3 }, { "232", 3 }, { "233", 3 },
	{ "234", 3 }, { "235", 3 }, { "236", 3 }, { "237", 3 }, { "238", 3 }, { "239", 3 },
	{ "240", 3 }, { "241", 3 }, { "242", 3 }, { "243", 3 }, { "244", 3 }, { "245", 3 },
	{ "246", 3 }, { "247", 3 }, { "248", 3 }, { "249", 3 }, { "250", 3 }, { "251", 3 },
	{ "252", 3 }, { "253", 3 }, { "254", 3 }, { "255", 3 },
};

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
