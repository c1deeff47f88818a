/*
 * text.c - one line of UTF-8 from bytes off the wire (text.h).
 */
#include "config.h"

#include "text.h"

#include <string.h>

size_t
text_utf8_len(const uint8_t *p, size_t left)
{
	size_t n, i;

	if (left == 0)
		return 0;
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > left)
		return 0;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
		return 0;			/* overlong, surrogate, > U+10FFFF */
	return n;
}

size_t
text_line(char *dst, size_t cap, const uint8_t *src, size_t len)
{
	size_t i = 0, n = 0, k;

	while (i < len && src[i] != '\0') {
		k = text_utf8_len(src + i, len - i);
		if (n + (k > 0 ? k : 1) > cap)
			break;
		if (k == 0) {
			dst[n++] = '?';
			i++;
		} else if (k == 1) {
			dst[n++] = src[i] < 0x20 || src[i] == 0x7f ? ' ' :
			    (char)src[i];
			i++;
		} else {
			memcpy(dst + n, src + i, k);
			n += k;
			i += k;
		}
	}
	return n;
}
