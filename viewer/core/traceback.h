/*
 * traceback.h - T: ask the TC bridge to trace the packet behind a ball.
 *
 * A record sent by an agent with traceback on has the description
 * "<32 lowercase hex MD5>-<bridge address>".  The request is the record's
 * own fields with the address cut off, "src,dst,sport,dport,flag,<md5>", in
 * one UDP datagram to the bridge, port PACKTER_TC_PORT unless told otherwise
 * (PROTOCOL.md, "Traceback").  Building it is pure; net_send_trace() (the
 * viewer's edge, net.c) sends it.
 */
#ifndef PACKTER_VIEWER_TRACEBACK_H
#define PACKTER_VIEWER_TRACEBACK_H

#include <stddef.h>
#include <stdint.h>

#define TB_MD5_LEN	32
#define TB_ADDR_MAX	64

/*
 * From a record line and the offset of its description: the request in out
 * (*outlen bytes, no newline) and the bridge's address.  0, or -1 with why
 * set (the ball has no hash, the address is not one ...).
 */
int	traceback_request(const char *line, size_t len, size_t desc_off,
	    char *out, size_t outcap, size_t *outlen, char addr[TB_ADDR_MAX],
	    char *why, size_t whylen);

#endif /* PACKTER_VIEWER_TRACEBACK_H */
