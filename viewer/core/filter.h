/*
 * filter.h - display filters over records, in words a tcpdump user knows.
 *
 *     expr  := term { ("or" | "||") term }
 *     term  := fact { ("and" | "&&") fact }
 *     fact  := ("not" | "!") fact | "(" expr ")" | prim
 *     prim  := [src | dst] net CIDR        an address inside the prefix
 *            | [src | dst] host ADDR       that address
 *            | [src | dst] port N          that port (ICMP: type/code x 256)
 *            | [src | dst] portrange A-B   a port from A to B
 *            | class NAME                  tcp, syn, fin (FIN or RST), rst,
 *                                          ack (TCP, other), udp, icmp,
 *                                          ip (IPv4), ip6 (IPv6),
 *                                          alert (flags of 10 and more)
 *            | flag N                      that flag
 *            | desc TEXT                   TEXT in the description (ASCII
 *                                          case ignored; "quoted text" may
 *                                          hold blanks)
 *
 * Without src or dst, either end matches.  An empty expression matches
 * every record.  A bad expression is refused with a message and the byte
 * offset of the word it stumbled on.  Compiled once into a small tree, then
 * evaluated per record with no allocation: the filter is a pure predicate
 * over common/'s struct pt_record, for the display, the scrubber and the
 * tests alike.
 */
#ifndef PACKTER_VIEWER_FILTER_H
#define PACKTER_VIEWER_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "protocol.h"

#define FILTER_TEXT_MAX	1024	/* bytes of an expression */
#define FILTER_NODES	256	/* primitives and operators */

struct filter;

/*
 * Compile expr; NULL with err ("not a port: \"http\"") and *errpos (the
 * offending word's byte offset in expr) on a bad one.  errpos may be NULL.
 */
struct filter	*filter_compile(const char *expr, char *err, size_t errlen,
		    size_t *errpos);
void		 filter_free(struct filter *);

/* Whether the record passes. */
bool		 filter_match(const struct filter *, const struct pt_record *);

/* The expression as given. */
const char	*filter_text(const struct filter *);

/*
 * err and errpos made into two lines for a terminal: the expression, then a
 * caret under the word.  Returns buf.
 */
char		*filter_caret(const char *expr, size_t errpos, char *buf,
		    size_t len);

#endif /* PACKTER_VIEWER_FILTER_H */
