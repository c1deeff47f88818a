/*
 * text.h - text from the wire made fit for one line of a record: UTF-8
 * checked, control characters out (the Snort and EVE sources' alert texts).
 */
#ifndef PACKTER_TEXT_H
#define PACKTER_TEXT_H

#include <stddef.h>
#include <stdint.h>

/*
 * The length of the UTF-8 sequence at p (at most left bytes there), 0 when
 * it is not one: overlong forms, surrogates and code points past U+10FFFF
 * are not.
 */
size_t	text_utf8_len(const uint8_t *p, size_t left);

/*
 * len bytes of src (up to a NUL) written at dst as one line of UTF-8:
 * control bytes become spaces, bytes that are not UTF-8 '?', and only whole
 * characters that fit in cap bytes are written.  Returns the bytes written.
 */
size_t	text_line(char *dst, size_t cap, const uint8_t *src, size_t len);

#endif /* PACKTER_TEXT_H */
