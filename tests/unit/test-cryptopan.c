/*
 * test-cryptopan.c - Crypto-PAn (common/cryptopan.c) against the sample of
 * the reference distribution (its key and sample_trace_raw/sanitized
 * pairs), the IPv6 mapping the common libraries give for the same key, a
 * second published key's vector, and the property itself: over a million
 * random IPv4 pairs (and 100k IPv6 pairs) the mapped addresses share
 * exactly as many leading bits as the originals.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cryptopan.h"
#include "secret.h"
#include "test.h"

/* The key of the reference distribution's sample. */
static const uint8_t ref_key[32] = {
	21, 34, 23, 141, 51, 164, 207, 128, 19, 10, 91, 22, 73, 144, 125, 16,
	216, 152, 143, 131, 121, 121, 101, 39, 98, 87, 76, 45, 42, 132, 34, 2,
};

static const char *const v4[][2] = {
	{ "128.11.68.132", "135.242.180.132" },
	{ "129.118.74.4", "134.136.186.123" },
	{ "130.132.252.244", "133.68.164.234" },
	{ "141.223.7.43", "141.167.8.160" },
	{ "141.233.145.108", "141.129.237.235" },
	{ "152.163.225.39", "151.140.114.167" },
	{ "156.29.3.236", "147.225.12.42" },
	{ "165.247.96.84", "162.9.99.234" },
	{ "166.107.77.190", "160.132.178.185" },
	{ "192.102.249.13", "252.138.62.131" },
	{ "192.215.32.125", "252.43.47.189" },
	{ "192.233.80.103", "252.25.108.8" },
	{ "192.41.57.43", "252.222.221.184" },
	{ "193.150.244.223", "253.169.52.216" },
	{ "195.205.63.100", "255.186.223.5" },
	{ "198.200.171.101", "249.199.68.213" },
	{ "198.26.132.101", "249.36.123.202" },
	{ "198.36.213.5", "249.7.21.132" },
	{ "198.51.77.238", "249.18.186.254" },
	{ "199.217.79.101", "248.38.184.213" },
	{ "202.49.198.20", "245.206.7.234" },
	{ "203.12.160.252", "244.248.163.4" },
	{ "204.184.162.189", "243.192.77.90" },
	{ "204.202.136.230", "243.178.4.198" },
	{ "204.29.20.4", "243.33.20.123" },
	{ "205.178.38.67", "242.108.198.51" },
	{ "205.188.147.153", "242.96.16.101" },
	{ "205.188.248.25", "242.96.88.27" },
	{ "205.245.121.43", "242.21.121.163" },
	{ "207.105.49.5", "241.118.205.138" },
	{ "207.135.65.238", "241.202.129.222" },
	{ "207.155.9.214", "241.220.250.22" },
	{ "207.188.7.45", "241.255.249.220" },
	{ "207.25.71.27", "241.33.119.156" },
	{ "207.33.151.131", "241.1.233.131" },
	{ "208.147.89.59", "227.237.98.191" },
	{ "208.234.120.210", "227.154.67.17" },
	{ "208.28.185.184", "227.39.94.90" },
	{ "208.52.56.122", "227.8.63.165" },
	{ "209.12.231.7", "226.243.167.8" },
	{ "209.238.72.3", "226.6.119.243" },
	{ "209.246.74.109", "226.22.124.76" },
	{ "209.68.60.238", "226.184.220.233" },
	{ "209.85.249.6", "226.170.70.6" },
	{ "212.120.124.31", "228.135.163.231" },
	{ "212.146.8.236", "228.19.4.234" },
	{ "212.186.227.154", "228.59.98.98" },
	{ "212.204.172.118", "228.71.195.169" },
	{ "212.206.130.201", "228.69.242.193" },
	{ "216.148.237.145", "235.84.194.111" },
	{ "216.157.30.252", "235.89.31.26" },
	{ "216.184.159.48", "235.96.225.78" },
	{ "216.227.10.221", "235.28.253.36" },
	{ "216.254.18.172", "235.7.16.162" },
	{ "216.32.132.250", "235.192.139.38" },
	{ "216.35.217.178", "235.195.157.81" },
	{ "24.0.250.221", "100.15.198.226" },
	{ "24.13.62.231", "100.2.192.247" },
	{ "24.14.213.138", "100.1.42.141" },
	{ "24.5.0.80", "100.9.15.210" },
	{ "24.7.198.88", "100.10.6.25" },
	{ "24.94.26.44", "100.88.228.35" },
	{ "38.15.67.68", "64.3.66.187" },
	{ "4.3.88.225", "124.60.155.63" },
	{ "63.14.55.111", "95.9.215.7" },
	{ "63.195.241.44", "95.179.238.44" },
	{ "63.97.7.140", "95.97.9.123" },
	{ "64.14.118.196", "0.255.183.58" },
	{ "64.34.154.117", "0.221.154.117" },
	{ "64.39.15.238", "0.219.7.41" },
	{ "10.185.25.118", "117.161.29.118" },
};

static const char *const v6[][2] = {
	{ "::1", "78ff:f001:9fc0:20df:8380:b1f1:704:ed" },
	{ "::2", "78ff:f001:9fc0:20df:8380:b1f1:704:ef" },
	{ "::ffff", "78ff:f001:9fc0:20df:8380:b1f1:704:f838" },
	{ "2001:db8::1", "4401:2bc:603f:d91d:27f:ff8e:e6f1:dc1e" },
	{ "2001:db8::2", "4401:2bc:603f:d91d:27f:ff8e:e6f1:dc1c" },
};

static int
map_text(struct cryptopan *cp, int af, const char *in, char *out, size_t len)
{
	uint8_t a[16];

	if (inet_pton(af, in, a) != 1)
		return -1;
	cryptopan_map(cp, af == AF_INET ? 4 : 6, a, a);
	return inet_ntop(af, a, out, (socklen_t)len) == NULL ? -1 : 0;
}

TEST(reference_sample)
{
	struct cryptopan *cp = cryptopan_new(ref_key, NULL, 0);
	char got[INET6_ADDRSTRLEN];
	size_t i;

	CHECK(cp != NULL);
	for (i = 0; i < sizeof(v4) / sizeof(v4[0]); i++) {
		CHECK(map_text(cp, AF_INET, v4[i][0], got, sizeof(got)) == 0);
		CHECK_STR(got, v4[i][1]);
	}
	for (i = 0; i < sizeof(v6) / sizeof(v6[0]); i++) {
		CHECK(map_text(cp, AF_INET6, v6[i][0], got, sizeof(got)) == 0);
		CHECK_STR(got, v6[i][1]);
	}
	cryptopan_free(cp);
}

/* The key the Python and Julia ports use in their own tests. */
TEST(ascii_key)
{
	static const char k[] = "boojahyoo3vaeToong0Eijee7Ahz3yee";
	struct cryptopan *cp = cryptopan_new((const uint8_t *)k, NULL, 0);
	char got[INET6_ADDRSTRLEN];

	CHECK(cp != NULL);
	CHECK(map_text(cp, AF_INET, "192.0.2.1", got, sizeof(got)) == 0);
	CHECK_STR(got, "206.2.124.120");
	cryptopan_free(cp);
}

static unsigned
common_bits(const uint8_t *a, const uint8_t *b, unsigned nbytes)
{
	unsigned i, n = 0;
	uint8_t x;

	for (i = 0; i < nbytes; i++) {
		x = a[i] ^ b[i];
		if (x == 0) {
			n += 8;
			continue;
		}
		while (!(x & 0x80)) {
			n++;
			x = (uint8_t)(x << 1);
		}
		break;
	}
	return n;
}

/* xorshift64*, seeded: the same pairs every run. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

static void
property(int family, unsigned pairs)
{
	struct cryptopan *cp = cryptopan_new(ref_key, NULL, 0);
	unsigned nbytes = family == 6 ? 16 : 4, i, k, keep, bad = 0;
	uint8_t a[16], b[16], ma[16], mb[16];
	uint64_t s = 0x9e3779b97f4a7c15ULL, r;

	for (i = 0; i < pairs; i++) {
		for (k = 0; k < nbytes; k += 8) {
			r = rnd(&s);
			memcpy(a + k, &r, nbytes - k < 8 ? nbytes - k : 8);
		}
		/* b shares a random prefix with a, then differs. */
		keep = (unsigned)(rnd(&s) % (nbytes * 8 + 1));
		memcpy(b, a, nbytes);
		for (k = keep; k < nbytes * 8; k++)
			if (k == keep || (rnd(&s) & 1))
				b[k / 8] ^= (uint8_t)(0x80 >> (k % 8));
		cryptopan_map(cp, family, a, ma);
		cryptopan_map(cp, family, b, mb);
		if (common_bits(ma, mb, nbytes) != common_bits(a, b, nbytes))
			bad++;
	}
	CHECK_EQ_U(bad, 0);
	cryptopan_free(cp);
}

TEST(prefixes_preserved_ipv4)
{
	property(4, 1000000);
}

TEST(prefixes_preserved_ipv6)
{
	property(6, 100000);
}

TEST(key_text)
{
	uint8_t k[32];
	char err[256];
	static const char good[] = " 00112233445566778899aabbccddeeff\n"
	    "00112233 44556677 8899AABB CCDDEEFF\n";

	CHECK(secret_hex((const uint8_t *)good, sizeof(good) - 1, k, 32, "k",
	    err, sizeof(err)) == 0);
	CHECK_EQ_U(k[0], 0x00);
	CHECK_EQ_U(k[15], 0xff);
	CHECK_EQ_U(k[31], 0xff);
	CHECK(secret_hex((const uint8_t *)"0011", 4, k, 32, "k", err,
	    sizeof(err)) == -1);
	CHECK(strstr(err, "64 hex digits") != NULL);
	CHECK(secret_hex((const uint8_t *)good, sizeof(good) - 3, k, 32, "k",
	    err, sizeof(err)) == -1);
	{
		char bad[65];

		memset(bad, 'g', 64);
		bad[64] = '\0';
		CHECK(secret_hex((const uint8_t *)bad, 64, k, 32, "k", err,
		    sizeof(err)) == -1);
		CHECK(strstr(err, "not hex") != NULL);
	}
}

int
main(void)
{
	RUN(reference_sample);
	RUN(ascii_key);
	RUN(prefixes_preserved_ipv4);
	RUN(prefixes_preserved_ipv6);
	RUN(key_text);
	return test_report();
}
