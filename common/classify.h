/*
 * classify.h - a decoded packet as a PACKTER record: flag, ports, description.
 *
 * Flags as docs/protocol.md (and the reference agent) define them: IPv4 TCP
 * other 0, SYN 1 (SYN wins over FIN/RST), FIN or RST 2, UDP 3, ICMP 4; IPv6
 * the same classes as 5-9.  ICMP and ICMPv6 put type*256 and code*256 in the
 * port fields.  A packet without its transport header keeps the flag of its
 * protocol class with ports 0 0.
 */
#ifndef PACKTER_CLASSIFY_H
#define PACKTER_CLASSIFY_H

#include <stddef.h>

#include "decode.h"
#include "protocol.h"

/* Fill out's addresses, ports and flag (flag_base added); desc is left alone. */
void		 pk_classify(const struct pk_packet *, unsigned flag_base,
		    struct pt_rec_out *out);

/* The flag class of (family, protocol, TCP flags), without a base. */
unsigned	 pk_flag_class(int family, int proto, int has_tcp_flags,
		    unsigned tcp_flags);

/*
 * The reference description: "TCP src:10.0.0.1(60000) dst:127.0.0.1(80)",
 * "UDP ...", "ICMPv4 src:... dst:... (type:8 code:0)", "ICMPv6 ...";
 * a packet without transport header: "TCP src:10.0.0.1 dst:10.0.0.2 (fragment)"
 * or "(truncated)".  Returns the length written (no NUL), at most cap.
 */
#define PK_DESC_MAX	160
size_t		 pk_describe(char *dst, size_t cap, const struct pk_packet *);
/* The same with the addresses already formatted (as pt_fmt_addr writes them). */
size_t		 pk_describe_text(char *dst, size_t cap, const struct pk_packet *,
		    const char *src, size_t srclen, const char *dstaddr,
		    size_t dstlen);

#endif /* PACKTER_CLASSIFY_H */
