/*
 * input.h - the trace requests the viewer sends to the bridge (UDP 11301):
 *
 *     SRC,DST,SPORT,DPORT,FLAG,MD5
 *
 * SRC and DST are IPv4 or IPv6 addresses in text form, SPORT, DPORT and
 * FLAG decimal integers from 0 to 65535, MD5 the packet's SPIE digest as 32
 * lowercase hex characters (../shared/PROTOCOL.md, "Traceback").  One request
 * per datagram; a final "\n" or "\r\n" is allowed, and so is a leading
 * "PACKTER" keyword line.  Anything else is refused with a reason.
 */
#ifndef PACKTER_TC_INPUT_H
#define PACKTER_TC_INPUT_H

#include <stddef.h>
#include <stdint.h>

#define TC_ADDRSTRLEN	46

struct tc_input {
	int		 family;		/* AF_INET or AF_INET6 (of SRC) */
	char		 src[TC_ADDRSTRLEN];	/* as inet_ntop writes them */
	char		 dst[TC_ADDRSTRLEN];
	uint16_t	 sport;
	uint16_t	 dport;
	uint16_t	 flag;
	char		 md5[33];
};

enum tc_input_error {
	TC_IN_OK = 0,
	TC_IN_FIELDS,		/* not six comma-separated fields */
	TC_IN_ADDRESS,		/* SRC or DST is not an address */
	TC_IN_NUMBER,		/* a port or the flag is not 0..65535 */
	TC_IN_HASH,		/* not 32 lowercase hex */
	TC_IN_ERRORS
};

/* Parse a datagram; TC_IN_OK or the reason (err says more). */
enum tc_input_error tc_parse_input(const char *buf, size_t len,
	    struct tc_input *, char *err, size_t errlen);

#endif /* PACKTER_TC_INPUT_H */
