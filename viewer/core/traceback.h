/*
 * traceback.h - T: ask the TC bridge to trace the packet behind a ball.
 *
 * A record sent by an agent with traceback on has the description
 * "<32 lowercase hex MD5>-<bridge address>".  The request is the record's
 * own fields with the address cut off, "src,dst,sport,dport,flag,<md5>", in
 * one UDP datagram to the bridge, port PACKTER_TC_PORT unless told otherwise
 * (PROTOCOL.md, "Traceback").  Building it is pure; net_send_trace() (the
 * viewer's edge, net.c) sends it.
 *
 * The bridge may be named by an IPv4 or IPv6 address or by a host name
 * (packter-agent -T NAME); the edge resolves a name (viewer/resolve.c).  A
 * name that the resolver would read as a legacy numeric address ("10.1",
 * "0x7f000001", what inet_aton() takes and inet_pton() does not) is refused:
 * it is neither an address nor a name.
 */
#ifndef PACKTER_VIEWER_TRACEBACK_H
#define PACKTER_VIEWER_TRACEBACK_H

#include <stddef.h>
#include <stdint.h>

#define TB_MD5_LEN	32
#define TB_ADDR_MAX	256	/* a host name: 253 and the NUL */

enum tb_bridge { TB_NUMERIC = 0, TB_NAME = 1 };

/*
 * What the bridge's address is: TB_NUMERIC (an IPv4 or IPv6 literal),
 * TB_NAME (a host name to resolve), or -1 with why set.
 */
int	traceback_bridge_kind(const char *addr, char *why, size_t whylen);

/*
 * From a record line and the offset of its description: the request in out
 * (*outlen bytes, no newline), the bridge's address or name in addr, and
 * the digest in md5 (NUL-ended).  TB_NUMERIC or TB_NAME, or -1 with why set
 * (the ball has no hash, the address is neither an address nor a name ...).
 */
int	traceback_request(const char *line, size_t len, size_t desc_off,
	    char *out, size_t outcap, size_t *outlen, char addr[TB_ADDR_MAX],
	    char md5[TB_MD5_LEN + 1], char *why, size_t whylen);

#endif /* PACKTER_VIEWER_TRACEBACK_H */
