/*
 * secret.h - reading a key file that only its owner may read.
 *
 * A secret (an HMAC key for -K, a Crypto-PAn key for --anonymise) lives in a
 * plain file owned by the running user or root, with no access for group or
 * others.  Anything else is refused with a message that says how to fix it.
 */
#ifndef PACKTER_SECRET_H
#define PACKTER_SECRET_H

#include <stddef.h>
#include <stdint.h>

/*
 * Read all of path into buf (at most cap - 1 bytes; a longer file is
 * refused).  0 with *len set, or -1 with err filled.  The caller wipes buf.
 */
int	secret_file_read(const char *path, uint8_t *buf, size_t cap,
	    size_t *len, char *err, size_t errlen);

/*
 * Hex digits, whitespace anywhere ignored, into exactly want bytes.
 * 0, or -1 with err filled (the secret itself is never quoted).
 */
int	secret_hex(const uint8_t *text, size_t len, uint8_t *out, size_t want,
	    const char *what, char *err, size_t errlen);

#endif /* PACKTER_SECRET_H */
