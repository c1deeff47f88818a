/*
 * acl.c - CIDR allow lists for the viewer's and the bridge's --allow.
 *
 * Prefixes as in RFC 4632 (IPv4) and RFC 4291 section 2.3 (IPv6); the
 * IPv4-mapped form ::ffff:a.b.c.d of RFC 4291 section 2.5.5.2 is folded into
 * IPv4, for entries (when the prefix covers the mapped part: /96 or longer)
 * and for sources alike.  A short list, matched in order: the lists are
 * written by hand on a command line (ACL_MAX entries at most).
 */
#include "config.h"
#include "acl.h"
#include "errbuf.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define CIDR_TEXT_MAX	64	/* longer than any address + "/128" */

static const uint8_t mapped_prefix[12] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};

/* The first plen bits of a and net agree. */
static bool
prefix_match(const uint8_t *a, const uint8_t *net, unsigned plen)
{
	unsigned full = plen / 8, rem = plen % 8;
	uint8_t mask;

	if (memcmp(a, net, full) != 0)
		return false;
	if (rem == 0)
		return true;
	mask = (uint8_t)(0xff << (8 - rem));
	return (a[full] & mask) == net[full];
}

/* Zero the bits past plen in addr[0..len). */
static void
mask_host(uint8_t *addr, size_t len, unsigned plen)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (plen >= 8 * (i + 1))
			continue;
		if (plen > 8 * i)
			addr[i] &= (uint8_t)(0xff << (8 - (plen - 8 * i)));
		else
			addr[i] = 0;
	}
}

size_t
acl_format(const struct acl_entry *e, char *dst, size_t cap)
{
	char a[INET6_ADDRSTRLEN];
	int n;

	if (inet_ntop(e->family == 4 ? AF_INET : AF_INET6, e->addr, a,
	    sizeof(a)) == NULL)
		return 0;
	n = snprintf(dst, cap, "%s/%u", a, (unsigned)e->plen);
	if (n < 0 || (size_t)n >= cap)
		return 0;
	return (size_t)n;
}

int
acl_add(struct acl *acl, const char *cidr, char *err, size_t errlen)
{
	char text[CIDR_TEXT_MAX + 1], want[ACL_STRLEN];
	struct acl_entry e;
	uint8_t raw[16];
	const char *slash;
	unsigned max, plen;
	size_t len, i;

	if (cidr == NULL || (len = strnlen(cidr, CIDR_TEXT_MAX + 1)) == 0 ||
	    len > CIDR_TEXT_MAX) {
		(void)errbuf_fmt(err, errlen, "bad address or prefix \"%.*s\"",
		    CIDR_TEXT_MAX, cidr != NULL ? cidr : "");
		return -1;
	}
	if (acl->n >= ACL_MAX) {
		(void)errbuf_fmt(err, errlen, "too many --allow entries (at most %d)",
		    ACL_MAX);
		return -1;
	}
	memcpy(text, cidr, len);
	text[len] = '\0';
	slash = strchr(text, '/');
	if (slash != NULL)
		text[slash - text] = '\0';

	memset(&e, 0, sizeof(e));
	if (inet_pton(AF_INET, text, e.addr) == 1) {
		e.family = 4;
		max = 32;
	} else if (inet_pton(AF_INET6, text, e.addr) == 1) {
		e.family = 6;
		max = 128;
	} else {
		(void)errbuf_fmt(err, errlen, "\"%s\": not an IPv4 or IPv6 address "
		    "(expected ADDR or ADDR/LEN, e.g. 192.0.2.0/24 or "
		    "2001:db8::/32)", cidr);
		return -1;
	}
	plen = max;
	if (slash != NULL) {
		const char *p = cidr + (slash - text) + 1;
		size_t nd = strlen(p);

		if (nd == 0 || nd > 3) {
			(void)errbuf_fmt(err, errlen, "\"%s\": bad prefix length", cidr);
			return -1;
		}
		plen = 0;
		for (i = 0; i < nd; i++) {
			if (p[i] < '0' || p[i] > '9') {
				(void)errbuf_fmt(err, errlen, "\"%s\": bad prefix length",
				    cidr);
				return -1;
			}
			plen = plen * 10 + (unsigned)(p[i] - '0');
		}
		if (plen > max) {
			(void)errbuf_fmt(err, errlen, "\"%s\": prefix length %u is more "
			    "than %u", cidr, plen, max);
			return -1;
		}
	}
	e.plen = (uint8_t)plen;
	memcpy(raw, e.addr, sizeof(raw));
	mask_host(e.addr, e.family == 4 ? 4 : 16, plen);
	if (memcmp(raw, e.addr, sizeof(raw)) != 0) {
		if (acl_format(&e, want, sizeof(want)) == 0)
			want[0] = '\0';
		(void)errbuf_fmt(err, errlen, "\"%s\" has bits set past the prefix "
		    "length; did you mean %s?", cidr, want);
		return -1;
	}
	if (e.family == 6 && plen >= 96 &&
	    memcmp(e.addr, mapped_prefix, sizeof(mapped_prefix)) == 0) {
		memmove(e.addr, e.addr + 12, 4);
		memset(e.addr + 4, 0, 12);
		e.family = 4;
		e.plen = (uint8_t)(plen - 96);
	}
	acl->e[acl->n++] = e;
	return 0;
}

bool
acl_allows_addr(const struct acl *acl, int family, const uint8_t *addr)
{
	unsigned i;

	if (acl->n == 0)
		return true;
	if (addr == NULL)
		return false;
	if (family == 6 &&
	    memcmp(addr, mapped_prefix, sizeof(mapped_prefix)) == 0) {
		family = 4;
		addr += 12;
	}
	if (family != 4 && family != 6)
		return false;
	for (i = 0; i < acl->n; i++)
		if (acl->e[i].family == family &&
		    prefix_match(addr, acl->e[i].addr, acl->e[i].plen))
			return true;
	return false;
}

bool
acl_allows(const struct acl *acl, const struct sockaddr *sa)
{
	const struct sockaddr_in *sin;
	const struct sockaddr_in6 *sin6;

	if (acl->n == 0)
		return true;
	if (sa == NULL)
		return false;
	switch (sa->sa_family) {
	case AF_INET:
		sin = (const struct sockaddr_in *)(const void *)sa;
		return acl_allows_addr(acl, 4,
		    (const uint8_t *)&sin->sin_addr.s_addr);
	case AF_INET6:
		sin6 = (const struct sockaddr_in6 *)(const void *)sa;
		return acl_allows_addr(acl, 6, sin6->sin6_addr.s6_addr);
	default:
		return false;
	}
}
