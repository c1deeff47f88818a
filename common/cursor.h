/*
 * cursor.h - bounds-checked reads of wire bytes.
 *
 * The only way PACKTER code touches bytes that came from a capture, a socket or
 * a file.  A cursor is a position and an end; every read checks that the bytes
 * are there *before* touching them, and a failed read leaves the cursor where it
 * was and returns false, so the caller can tell "truncated" from data.
 *
 *     struct cursor c;
 *     uint16_t type;
 *     cur_init(&c, frame, caplen);
 *     if (!cur_skip(&c, 12) || !cur_be16(&c, &type))
 *             return PK_TRUNC_LINK;
 *
 * Integers are assembled byte by byte: no casts of packet bytes to structs,
 * no unaligned loads, no dependence on the host's byte order.
 */
#ifndef PACKTER_CURSOR_H
#define PACKTER_CURSOR_H

/* A read's result must be looked at: a read past the end fills nothing. */
#define CUR_CHECK	__attribute__((warn_unused_result))

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct cursor {
	const uint8_t	*p;	/* next byte to read */
	const uint8_t	*end;	/* one past the last readable byte */
};

static inline void
cur_init(struct cursor *c, const void *buf, size_t len)
{
	c->p = buf;
	c->end = c->p + (buf != NULL ? len : 0);
}

/* Bytes left to read. */
static inline size_t
cur_left(const struct cursor *c)
{
	return (size_t)(c->end - c->p);
}

/* Where the cursor stands; for offsets and for handing a checked span on. */
static inline const uint8_t *
cur_pos(const struct cursor *c)
{
	return c->p;
}

static inline CUR_CHECK bool
cur_has(const struct cursor *c, size_t n)
{
	return cur_left(c) >= n;
}

static inline CUR_CHECK bool
cur_skip(struct cursor *c, size_t n)
{
	if (!cur_has(c, n))
		return false;
	c->p += n;
	return true;
}

static inline CUR_CHECK bool
cur_bytes(struct cursor *c, void *dst, size_t n)
{
	if (!cur_has(c, n))
		return false;
	memcpy(dst, c->p, n);
	c->p += n;
	return true;
}

/*
 * Split the next n bytes off into their own cursor and move past them: the
 * way to decode an element of declared length without reading past it.
 */
static inline CUR_CHECK bool
cur_sub(struct cursor *c, size_t n, struct cursor *sub)
{
	if (!cur_has(c, n))
		return false;
	sub->p = c->p;
	sub->end = c->p + n;
	c->p += n;
	return true;
}

/* Limit the cursor to its next n bytes (or leave it if fewer remain). */
static inline void
cur_truncate(struct cursor *c, size_t n)
{
	if (cur_left(c) > n)
		c->end = c->p + n;
}

static inline CUR_CHECK bool
cur_u8(struct cursor *c, uint8_t *v)
{
	if (!cur_has(c, 1))
		return false;
	*v = c->p[0];
	c->p += 1;
	return true;
}

static inline CUR_CHECK bool
cur_be16(struct cursor *c, uint16_t *v)
{
	if (!cur_has(c, 2))
		return false;
	*v = (uint16_t)((uint16_t)c->p[0] << 8 | c->p[1]);
	c->p += 2;
	return true;
}

static inline CUR_CHECK bool
cur_be32(struct cursor *c, uint32_t *v)
{
	if (!cur_has(c, 4))
		return false;
	*v = (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 |
	    (uint32_t)c->p[2] << 8 | c->p[3];
	c->p += 4;
	return true;
}

static inline CUR_CHECK bool
cur_be64(struct cursor *c, uint64_t *v)
{
	uint32_t hi, lo;

	/* All or nothing: a failed read leaves the cursor where it was. */
	if (!cur_has(c, 8) || !cur_be32(c, &hi) || !cur_be32(c, &lo))
		return false;
	*v = (uint64_t)hi << 32 | lo;
	return true;
}

static inline CUR_CHECK bool
cur_le16(struct cursor *c, uint16_t *v)
{
	if (!cur_has(c, 2))
		return false;
	*v = (uint16_t)((uint16_t)c->p[1] << 8 | c->p[0]);
	c->p += 2;
	return true;
}

static inline CUR_CHECK bool
cur_le32(struct cursor *c, uint32_t *v)
{
	if (!cur_has(c, 4))
		return false;
	*v = (uint32_t)c->p[3] << 24 | (uint32_t)c->p[2] << 16 |
	    (uint32_t)c->p[1] << 8 | c->p[0];
	c->p += 4;
	return true;
}

/* Host byte order, for sockets whose writer used its native layout (Snort). */
static inline CUR_CHECK bool
cur_ne32(struct cursor *c, uint32_t *v)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return cur_be32(c, v);
#else
	return cur_le32(c, v);
#endif
}

/* Peeks: read without moving. */
static inline CUR_CHECK bool
cur_peek_u8(const struct cursor *c, size_t off, uint8_t *v)
{
	if (cur_left(c) <= off)
		return false;
	*v = c->p[off];
	return true;
}

static inline CUR_CHECK bool
cur_peek_be16(const struct cursor *c, size_t off, uint16_t *v)
{
	if (cur_left(c) < 2 || cur_left(c) - 2 < off)
		return false;
	*v = (uint16_t)((uint16_t)c->p[off] << 8 | c->p[off + 1]);
	return true;
}

#endif /* PACKTER_CURSOR_H */
