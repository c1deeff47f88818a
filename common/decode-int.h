/*
 * decode-int.h - what common/'s decoders declare to each other, as
 * tcpdump's netdissect.h does for its print-*.c: one file per protocol,
 * each reading through the cursor (cursor.h), none read by the outside.
 *
 * The decoders that sources call on bytes that start midway (an sFlow
 * sampled header, an IPFIX frame section) are public, in decode.h.
 */
#ifndef PACKTER_DECODE_INT_H
#define PACKTER_DECODE_INT_H

#include "cursor.h"
#include "decode.h"

/* decode-link.c: BSD loopback and Linux cooked captures. */
enum pk_result	decode_null(struct cursor *, struct pk_packet *, int linktype);
enum pk_result	decode_sll(struct cursor *, struct pk_packet *);
enum pk_result	decode_sll2(struct cursor *, struct pk_packet *);

/* decode-ppp.c: PPP (RFC 1661/1662) and Cisco HDLC. */
enum pk_result	decode_ppp(struct cursor *, struct pk_packet *);
enum pk_result	decode_chdlc(struct cursor *, struct pk_packet *);

#endif /* PACKTER_DECODE_INT_H */
