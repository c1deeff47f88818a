/*
 * test-acl.c - CIDR allow lists (common/acl.c).
 *
 * Parsing (prefixes, bare addresses, every malformed form we could think of,
 * host bits past the prefix with the suggested network, the bound on
 * entries), matching at the edges of IPv4 and IPv6 prefixes of every
 * length class, IPv4-mapped sources and entries, the empty list, sources of
 * other families.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>

#include "acl.h"
#include "test.h"

static struct sockaddr_storage ss;

/* A source address as recvfrom() would give it. */
static const struct sockaddr *
src(const char *text)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, text, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(11300);
	} else if (inet_pton(AF_INET6, text, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(11300);
	} else {
		printf("# bad test address %s\n", text);
	}
	return (const struct sockaddr *)&ss;
}

static bool
allows(const struct acl *a, const char *text)
{
	return acl_allows(a, src(text));
}

/* One entry added to an empty list. */
static int
one(struct acl *a, const char *cidr, char *err, size_t errlen)
{
	memset(a, 0, sizeof(*a));
	return acl_add(a, cidr, err, errlen);
}

static const char *
fmt0(const struct acl *a)
{
	static char buf[ACL_STRLEN];

	if (acl_format(&a->e[0], buf, sizeof(buf)) == 0)
		return "";
	return buf;
}

TEST(parse_good)
{
	static const struct {
		const char *in, *out;
	} good[] = {
		{ "192.0.2.0/24", "192.0.2.0/24" },
		{ "192.0.2.7", "192.0.2.7/32" },
		{ "192.0.2.7/32", "192.0.2.7/32" },
		{ "0.0.0.0/0", "0.0.0.0/0" },
		{ "10.0.0.0/8", "10.0.0.0/8" },
		{ "192.0.2.128/25", "192.0.2.128/25" },
		{ "2001:db8::/32", "2001:db8::/32" },
		{ "2001:DB8::/32", "2001:db8::/32" },
		{ "::1", "::1/128" },
		{ "::/0", "::/0" },
		{ "2001:db8::/127", "2001:db8::/127" },
		{ "fe80::/10", "fe80::/10" },
		/* IPv4-mapped: IPv4 when the prefix covers the mapping. */
		{ "::ffff:192.0.2.0/120", "192.0.2.0/24" },
		{ "::ffff:192.0.2.9", "192.0.2.9/32" },
		{ "::ffff:0.0.0.0/96", "0.0.0.0/0" },
		{ "::fffe:0:0/95", "::fffe:0:0/95" },
	};
	char err[ACL_ERRBUF_SIZE];
	struct acl a;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		err[0] = '\0';
		if (one(&a, good[i].in, err, sizeof(err)) != 0)
			printf("  # %s: %s\n", good[i].in, err);
		CHECK_EQ_U(a.n, 1);
		CHECK_STR(fmt0(&a), good[i].out);
	}
}

TEST(parse_bad)
{
	static const char *const bad[] = {
		"", "/", "/24", "192.0.2.0/", "192.0.2.0/33", "192.0.2.0/-1",
		"192.0.2.0/+8", "192.0.2.0/ 8", "192.0.2.0/8 ", " 192.0.2.0",
		"192.0.2.0/0x8", "192.0.2.0/1000", "192.0.2", "192.0.2.256",
		"192.0.2.0.1", "1.2.3.4/8/8", "2001:db8::/129", "2001:db8:::/32",
		"fe80::1%eth0", "[2001:db8::1]", "localhost", "192.0.2.1/24",
		"2001:db8::1/32", "::ffff:0:0/95", "10.0.0.1/0",
		"0123456789012345678901234567890123456789012345678901234567890123",
		"01234567890123456789012345678901234567890123456789012345678901234",
	};
	char err[ACL_ERRBUF_SIZE];
	struct acl a;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (one(&a, bad[i], err, sizeof(err)) != -1)
			printf("  # accepted \"%s\"\n", bad[i]);
		CHECK_EQ_U(a.n, 0);
		CHECK(err[0] != '\0');
	}
	CHECK(acl_add(&a, NULL, err, sizeof(err)) == -1);
	/* The network that was probably meant. */
	CHECK(one(&a, "192.0.2.77/24", err, sizeof(err)) == -1);
	CHECK(strstr(err, "did you mean 192.0.2.0/24?") != NULL);
	CHECK(one(&a, "2001:db8:1::5/48", err, sizeof(err)) == -1);
	CHECK(strstr(err, "did you mean 2001:db8:1::/48?") != NULL);
	CHECK(one(&a, "192.0.2.0/33", err, sizeof(err)) == -1);
	CHECK(strstr(err, "33") != NULL);
}

TEST(bounded)
{
	char err[ACL_ERRBUF_SIZE], cidr[32];
	struct acl a;
	unsigned i;

	memset(&a, 0, sizeof(a));
	for (i = 0; i < ACL_MAX; i++) {
		snprintf(cidr, sizeof(cidr), "10.%u.%u.0/24", i / 256, i % 256);
		CHECK(acl_add(&a, cidr, err, sizeof(err)) == 0);
	}
	CHECK_EQ_U(a.n, ACL_MAX);
	CHECK(acl_add(&a, "192.0.2.0/24", err, sizeof(err)) == -1);
	CHECK(strstr(err, "too many") != NULL);
	CHECK_EQ_U(a.n, ACL_MAX);
	CHECK(allows(&a, "10.0.255.1"));
	CHECK(!allows(&a, "192.0.2.1"));
}

TEST(match_ipv4)
{
	char err[ACL_ERRBUF_SIZE];
	struct acl a;

	memset(&a, 0, sizeof(a));
	CHECK(acl_add(&a, "192.0.2.0/24", err, sizeof(err)) == 0);
	CHECK(acl_add(&a, "198.51.100.128/25", err, sizeof(err)) == 0);
	CHECK(acl_add(&a, "203.0.113.9", err, sizeof(err)) == 0);
	CHECK(allows(&a, "192.0.2.0"));
	CHECK(allows(&a, "192.0.2.255"));
	CHECK(!allows(&a, "192.0.1.255"));
	CHECK(!allows(&a, "192.0.3.0"));
	CHECK(allows(&a, "198.51.100.128"));
	CHECK(allows(&a, "198.51.100.255"));
	CHECK(allows(&a, "203.0.113.9"));
	CHECK(!allows(&a, "127.255.255.255"));
	CHECK(!allows(&a, "10.0.0.1"));
	CHECK(!allows(&a, "0.0.0.0"));
	CHECK(!allows(&a, "255.255.255.255"));

	CHECK(one(&a, "128.0.0.0/1", err, sizeof(err)) == 0);
	CHECK(allows(&a, "128.0.0.0"));
	CHECK(allows(&a, "255.255.255.255"));
	CHECK(!allows(&a, "127.255.255.255"));
	CHECK(one(&a, "198.51.100.128/25", err, sizeof(err)) == 0);
	CHECK(!allows(&a, "198.51.100.127"));
	CHECK(allows(&a, "198.51.100.200"));
	CHECK(one(&a, "203.0.113.9", err, sizeof(err)) == 0);
	CHECK(!allows(&a, "203.0.113.8"));
	CHECK(!allows(&a, "203.0.113.10"));
	CHECK(allows(&a, "203.0.113.9"));
	/* An IPv4 list says nothing for IPv6 sources. */
	CHECK(one(&a, "0.0.0.0/0", err, sizeof(err)) == 0);
	CHECK(allows(&a, "255.255.255.255"));
	CHECK(!allows(&a, "2001:db8::1"));
	CHECK(!allows(&a, "::"));
}

TEST(match_ipv6)
{
	char err[ACL_ERRBUF_SIZE];
	struct acl a;

	CHECK(one(&a, "2001:db8::/32", err, sizeof(err)) == 0);
	CHECK(allows(&a, "2001:db8::"));
	CHECK(allows(&a, "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"));
	CHECK(!allows(&a, "2001:db9::"));
	CHECK(!allows(&a, "2001:db7:ffff::1"));
	CHECK(!allows(&a, "192.0.2.1"));
	CHECK(one(&a, "2001:db8::/127", err, sizeof(err)) == 0);
	CHECK(allows(&a, "2001:db8::1"));
	CHECK(!allows(&a, "2001:db8::2"));
	CHECK(one(&a, "fe80::/10", err, sizeof(err)) == 0);
	CHECK(allows(&a, "febf::1"));
	CHECK(!allows(&a, "fec0::1"));
	CHECK(one(&a, "::1", err, sizeof(err)) == 0);
	CHECK(allows(&a, "::1"));
	CHECK(!allows(&a, "::2"));
	CHECK(!allows(&a, "127.0.0.1"));
	CHECK(one(&a, "::/0", err, sizeof(err)) == 0);
	CHECK(allows(&a, "2001:db8::1"));
	CHECK(!allows(&a, "192.0.2.1"));
	/* A mapped source is IPv4, even under ::/0. */
	CHECK(!allows(&a, "::ffff:192.0.2.1"));
}

TEST(mapped)
{
	char err[ACL_ERRBUF_SIZE];
	struct acl a;

	/* Dual-stack sockets report IPv4 peers as ::ffff:a.b.c.d. */
	CHECK(one(&a, "192.0.2.0/24", err, sizeof(err)) == 0);
	CHECK(allows(&a, "::ffff:192.0.2.200"));
	CHECK(!allows(&a, "::ffff:192.0.3.1"));
	CHECK(!allows(&a, "::192.0.2.200"));	/* IPv4-compatible: not mapped */
	CHECK(!allows(&a, "64:ff9b::192.0.2.200"));
	/* An entry written mapped is IPv4 as well. */
	CHECK(one(&a, "::ffff:192.0.2.0/120", err, sizeof(err)) == 0);
	CHECK(allows(&a, "192.0.2.1"));
	CHECK(allows(&a, "::ffff:192.0.2.1"));
	CHECK(!allows(&a, "192.0.3.1"));
	/* Binary form. */
	{
		static const uint8_t v4[4] = { 192, 0, 2, 5 };
		static const uint8_t m6[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		    0xff, 0xff, 192, 0, 2, 5 };

		CHECK(acl_allows_addr(&a, 4, v4));
		CHECK(acl_allows_addr(&a, 6, m6));
		CHECK(!acl_allows_addr(&a, 5, v4));
		CHECK(!acl_allows_addr(&a, 4, NULL));
	}
}

TEST(empty_and_odd_sources)
{
	char err[ACL_ERRBUF_SIZE];
	struct sockaddr_un sun;
	struct acl a;

	memset(&a, 0, sizeof(a));
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	/* Empty: everyone. */
	CHECK(allows(&a, "192.0.2.1"));
	CHECK(allows(&a, "2001:db8::1"));
	CHECK(acl_allows(&a, NULL));
	CHECK(acl_allows(&a, (struct sockaddr *)&sun));
	/* Not empty: only addresses we can match. */
	CHECK(acl_add(&a, "::/0", err, sizeof(err)) == 0);
	CHECK(acl_add(&a, "0.0.0.0/0", err, sizeof(err)) == 0);
	CHECK(!acl_allows(&a, NULL));
	CHECK(!acl_allows(&a, (struct sockaddr *)&sun));
	CHECK(allows(&a, "192.0.2.1"));
	CHECK(allows(&a, "::ffff:192.0.2.1"));
	CHECK(allows(&a, "2001:db8::1"));
}

int
main(void)
{
	RUN(parse_good);
	RUN(parse_bad);
	RUN(bounded);
	RUN(match_ipv4);
	RUN(match_ipv6);
	RUN(mapped);
	RUN(empty_and_odd_sources);
	return test_report();
}
