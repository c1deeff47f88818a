/*
 * acl.h - who may send: CIDR allow lists (--allow, repeatable).
 *
 * Entries are IPv4 or IPv6 prefixes ("192.0.2.0/24", "2001:db8::/32"; a bare
 * address is a /32 or a /128).  An empty list allows everyone; a non-empty
 * one allows only the sources inside one of its prefixes.  An IPv4-mapped
 * IPv6 source (::ffff:a.b.c.d, as a dual-stack socket reports IPv4 peers) is
 * the IPv4 address it maps, and so is an entry written that way.
 */
#ifndef PACKTER_ACL_H
#define PACKTER_ACL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sockaddr;

#define ACL_MAX		256	/* entries */
#define ACL_ERRBUF_SIZE	128
#define ACL_STRLEN	(46 + 4)	/* longest text of an entry, with its NUL */

struct acl_entry {
	uint8_t		 family;	/* 4 or 6 */
	uint8_t		 plen;		/* prefix length */
	uint8_t		 addr[16];	/* host bits zero; IPv4 in the first 4 */
};

/* Zero-initialise: an empty list, allowing everyone. */
struct acl {
	unsigned	 n;
	struct acl_entry e[ACL_MAX];
};

/*
 * Add "ADDR" or "ADDR/LEN".  Host bits set below the prefix are refused
 * (the message says which network was probably meant).  0, or -1 with err.
 */
int	acl_add(struct acl *, const char *cidr, char *err, size_t errlen);
/* True when the list is empty or holds the source (AF_INET or AF_INET6). */
bool	acl_allows(const struct acl *, const struct sockaddr *);
/* The same for a binary address: family 4 or 6, 4 or 16 bytes. */
bool	acl_allows_addr(const struct acl *, int family, const uint8_t *addr);
/* "192.0.2.0/24": the entry as text, NUL-terminated; its length or 0. */
size_t	acl_format(const struct acl_entry *, char *dst, size_t cap);

#endif /* PACKTER_ACL_H */
