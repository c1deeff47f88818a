/*
 * test-templates.c - the NetFlow v9 / IPFIX template cache
 * (agent/netflow-templates.c) on its own, with a clock and a hash key of
 * its own.
 *
 * Learning, refresh and redefinition; expiry by age (refreshes count, data
 * does not); withdrawal of one template and of a domain's, which walks the
 * exporter's own templates only; an exporter at its cap giving up its least
 * recently used template; a full cache giving up its least recently used
 * exporter; and the hash chains: with the key known, keys that share a
 * bucket are found by search (as an attacker of an unkeyed hash computes
 * them), and the cache refuses the one that would make a chain longer than
 * NF_MAX_CHAIN, so that no lookup walks further.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "flow.h"
#include "siphash.h"
#include "test.h"

#define SEC	1000000LL

static const struct siphash_key key = { 0x0123456789abcdefULL,
    0xfedcba9876543210ULL };
static struct nf_field fields[3] = {
	{ 8, 4, 0 }, { 12, 4, 0 }, { 4, 1, 0 }
};

static struct nf_tkey
tkey(unsigned exporter, uint32_t domain, uint16_t id)
{
	struct nf_tkey k;

	memset(&k, 0, sizeof(k));
	k.family = 4;
	k.version = 10;
	k.addr[0] = 10;
	k.addr[1] = (uint8_t)(exporter >> 16);
	k.addr[2] = (uint8_t)(exporter >> 8);
	k.addr[3] = (uint8_t)exporter;
	k.domain = domain;
	k.id = id;
	return k;
}

static enum nf_learn
learn(struct nf_cache *nc, unsigned exporter, uint32_t domain, uint16_t id,
    int64_t now)
{
	struct nf_tkey k = tkey(exporter, domain, id);

	return nf_cache_learn(nc, &k, 0, fields, 3, now);
}

static struct nf_template *
find(struct nf_cache *nc, unsigned exporter, uint32_t domain, uint16_t id)
{
	struct nf_tkey k = tkey(exporter, domain, id);

	return nf_cache_find(nc, &k);
}

TEST(learn_refresh_change)
{
	struct nf_cache *nc = nf_cache_new(&key, 0);
	struct nf_field other[2] = { { 27, 16, 0 }, { 28, 16, 0 } };
	struct nf_tkey k = tkey(1, 1, 256);

	CHECK_EQ_U(learn(nc, 1, 1, 256, 0), NF_LEARN_NEW);
	CHECK_EQ_U(learn(nc, 1, 1, 256, 0), NF_LEARN_SAME);
	CHECK_EQ_U(nf_cache_learn(nc, &k, 0, other, 2, 0), NF_LEARN_CHANGED);
	CHECK(find(nc, 1, 1, 256) != NULL);
	CHECK_EQ_U(find(nc, 1, 1, 256)->minlen, 32);
	CHECK_EQ_U(find(nc, 1, 1, 256)->lay.off[NFK_DST6], 16);
	CHECK(find(nc, 1, 2, 256) == NULL);
	CHECK(find(nc, 2, 1, 256) == NULL);
	CHECK_EQ_U(nf_cache_learn(nc, &k, 0, other, 0, 0), NF_LEARN_INVALID);
	CHECK_EQ_U(nf_cache_count(nc), 1);
	nf_cache_free(nc);
}

TEST(expiry)
{
	struct nf_cache *nc = nf_cache_new(&key, 1800 * SEC);

	learn(nc, 1, 1, 256, 0);
	learn(nc, 1, 1, 257, 100 * SEC);
	/* Data does not keep a template alive: only a refresh does. */
	nf_cache_use(nc, find(nc, 1, 1, 256));
	CHECK_EQ_U(nf_cache_expire(nc, 1800 * SEC), 0);
	CHECK_EQ_U(nf_cache_expire(nc, 1800 * SEC + 1), 1);
	CHECK(find(nc, 1, 1, 256) == NULL);
	CHECK(find(nc, 1, 1, 257) != NULL);
	/* A refresh starts the timeout again. */
	CHECK_EQ_U(learn(nc, 1, 1, 257, 1000 * SEC), NF_LEARN_SAME);
	CHECK_EQ_U(nf_cache_expire(nc, 2700 * SEC), 0);
	CHECK_EQ_U(nf_cache_expire(nc, 2800 * SEC + 1), 1);
	CHECK_EQ_U(nf_cache_count(nc), 0);
	CHECK_EQ_U(nf_cache_exporters(nc), 0);
	CHECK_EQ_U(nf_cache_counter(nc, NFC_EXPIRED), 2);
	nf_cache_free(nc);

	/* Timeout 0: never. */
	nc = nf_cache_new(&key, 0);
	learn(nc, 1, 1, 256, 0);
	CHECK_EQ_U(nf_cache_expire(nc, INT64_MAX / 2), 0);
	CHECK_EQ_U(nf_cache_count(nc), 1);
	nf_cache_free(nc);
}

TEST(withdraw)
{
	struct nf_cache *nc = nf_cache_new(&key, 0);
	struct nf_tkey k;
	unsigned i;

	for (i = 0; i < 10; i++) {
		learn(nc, 1, 1, (uint16_t)(256 + i), 0);
		learn(nc, 1, 2, (uint16_t)(256 + i), 0);
		learn(nc, 2, 1, (uint16_t)(256 + i), 0);
	}
	k = tkey(1, 1, 256);
	CHECK_EQ_U(nf_cache_withdraw(nc, &k, 0, 0), 1);
	CHECK_EQ_U(nf_cache_withdraw(nc, &k, 0, 0), 0);
	/* All of exporter 1's domain 1; options templates are apart. */
	k.id = 2;
	CHECK_EQ_U(nf_cache_withdraw(nc, &k, 1, 1), 0);
	CHECK_EQ_U(nf_cache_withdraw(nc, &k, 1, 0), 9);
	CHECK(find(nc, 1, 2, 256) != NULL);
	CHECK(find(nc, 2, 1, 256) != NULL);
	CHECK_EQ_U(nf_cache_count(nc), 20);
	k = tkey(1, 2, 2);
	CHECK_EQ_U(nf_cache_withdraw(nc, &k, 1, 0), 10);
	CHECK_EQ_U(nf_cache_exporters(nc), 1);
	nf_cache_free(nc);
}

TEST(exporter_cap)
{
	struct nf_cache *nc = nf_cache_new(&key, 0);
	unsigned i;

	for (i = 0; i < NF_MAX_PER_EXPORTER; i++)
		CHECK_EQ_U(learn(nc, 1, 1, (uint16_t)(256 + i), 0),
		    NF_LEARN_NEW);
	/* 256 decoded data, so 257 is the least recently used. */
	nf_cache_use(nc, find(nc, 1, 1, 256));
	CHECK_EQ_U(learn(nc, 1, 1, 5000, 0), NF_LEARN_NEW);
	CHECK_EQ_U(nf_cache_count(nc), NF_MAX_PER_EXPORTER);
	CHECK(find(nc, 1, 1, 256) != NULL);
	CHECK(find(nc, 1, 1, 257) == NULL);
	CHECK(find(nc, 1, 1, 258) != NULL);
	CHECK(find(nc, 1, 1, 5000) != NULL);
	/* A refresh is a use too. */
	learn(nc, 1, 1, 258, 0);
	learn(nc, 1, 1, 5001, 0);
	CHECK(find(nc, 1, 1, 258) != NULL);
	CHECK(find(nc, 1, 1, 259) == NULL);
	CHECK_EQ_U(nf_cache_counter(nc, NFC_EVICTED_CAP), 2);
	/* Another exporter is not touched. */
	CHECK_EQ_U(learn(nc, 2, 1, 256, 0), NF_LEARN_NEW);
	CHECK_EQ_U(nf_cache_count(nc), NF_MAX_PER_EXPORTER + 1);
	nf_cache_free(nc);
}

TEST(full_cache)
{
	struct nf_cache *nc = nf_cache_new(&key, 0);
	unsigned e, i, full = NF_MAX_TEMPLATES / NF_MAX_PER_EXPORTER;

	for (e = 1; e <= full; e++)
		for (i = 0; i < NF_MAX_PER_EXPORTER; i++)
			learn(nc, e, 1, (uint16_t)(256 + i), 0);
	CHECK_EQ_U(nf_cache_count(nc), NF_MAX_TEMPLATES);
	CHECK_EQ_U(nf_cache_counter(nc, NFC_REFUSED_CHAIN), 0);
	/* Exporter 1 is in use: exporter 2 is the least recently used. */
	nf_cache_use(nc, find(nc, 1, 1, 300));
	CHECK_EQ_U(learn(nc, 1000, 1, 256, 0), NF_LEARN_NEW);
	CHECK(find(nc, 1000, 1, 256) != NULL);
	CHECK(find(nc, 1, 1, 256) != NULL);
	CHECK(find(nc, 2, 1, 256) == NULL);
	CHECK(find(nc, 3, 1, 256) != NULL);
	CHECK_EQ_U(nf_cache_counter(nc, NFC_EXPORTERS_EVICTED), 1);
	CHECK_EQ_U(nf_cache_counter(nc, NFC_EVICTED_EXPORTER),
	    NF_MAX_PER_EXPORTER);
	CHECK_EQ_U(nf_cache_count(nc),
	    NF_MAX_TEMPLATES - NF_MAX_PER_EXPORTER + 1);
	CHECK_EQ_U(nf_cache_exporters(nc), full);
	nf_cache_free(nc);

	/* Exporters: the 4097th takes the place of the least recently used. */
	nc = nf_cache_new(&key, 0);
	for (e = 1; e <= NF_MAX_EXPORTERS; e++)
		learn(nc, e, 1, 256, 0);
	learn(nc, 1, 1, 256, 0);		/* a refresh: 1 in use */
	CHECK_EQ_U(learn(nc, NF_MAX_EXPORTERS + 1, 1, 256, 0), NF_LEARN_NEW);
	CHECK_EQ_U(nf_cache_exporters(nc), NF_MAX_EXPORTERS);
	CHECK(find(nc, 1, 1, 256) != NULL);
	CHECK(find(nc, 2, 1, 256) == NULL);
	CHECK(find(nc, NF_MAX_EXPORTERS + 1, 1, 256) != NULL);
	nf_cache_free(nc);
}

/* The bucket netflow-templates.c puts a key in, with the test's key. */
static uint32_t
bucket_of(const struct nf_tkey *k)
{
	uint8_t b[24];

	b[0] = k->family;
	b[1] = k->version;
	b[2] = (uint8_t)(k->id >> 8);
	b[3] = (uint8_t)k->id;
	b[4] = (uint8_t)(k->domain >> 24);
	b[5] = (uint8_t)(k->domain >> 16);
	b[6] = (uint8_t)(k->domain >> 8);
	b[7] = (uint8_t)k->domain;
	memcpy(b + 8, k->addr, 4);
	return (uint32_t)(siphash24(&key, b, 12) % 4096);
}

TEST(chain_cap)
{
	struct nf_cache *nc = nf_cache_new(&key, 0);
	struct nf_tkey k, coll[NF_MAX_CHAIN + 1];
	uint32_t target, d;
	unsigned n = 0, i;

	/* Keys of exporter 1 that share the bucket of (1, 0, 256). */
	k = tkey(1, 0, 256);
	target = bucket_of(&k);
	coll[n++] = k;
	for (d = 1; n < NF_MAX_CHAIN + 1; d++) {
		k = tkey(1, d, 256);
		if (bucket_of(&k) == target)
			coll[n++] = k;
	}
	for (i = 0; i < NF_MAX_CHAIN; i++)
		CHECK_EQ_U(nf_cache_learn(nc, &coll[i], 0, fields, 3, 0),
		    NF_LEARN_NEW);
	CHECK_EQ_U(nf_cache_chain_max(nc), NF_MAX_CHAIN);
	CHECK_EQ_U(nf_cache_learn(nc, &coll[NF_MAX_CHAIN], 0, fields, 3, 0),
	    NF_LEARN_CHAIN);
	CHECK_EQ_U(nf_cache_counter(nc, NFC_REFUSED_CHAIN), 1);
	CHECK(nf_cache_find(nc, &coll[NF_MAX_CHAIN]) == NULL);
	for (i = 0; i < NF_MAX_CHAIN; i++)
		CHECK(nf_cache_find(nc, &coll[i]) != NULL);
	/* Room again once one goes. */
	CHECK_EQ_U(nf_cache_withdraw(nc, &coll[0], 0, 0), 1);
	CHECK_EQ_U(nf_cache_learn(nc, &coll[NF_MAX_CHAIN], 0, fields, 3, 0),
	    NF_LEARN_NEW);
	CHECK_EQ_U(nf_cache_chain_max(nc), NF_MAX_CHAIN);
	nf_cache_free(nc);
}

TEST(random_keys)
{
	struct nf_cache *a = nf_cache_new(NULL, 0), *b = nf_cache_new(NULL, 0);
	unsigned i;

	/* Two caches, two keys: the same keys spread, each its own way. */
	for (i = 0; i < 4096; i++) {
		learn(a, 1 + i / 1024, i, 256, 0);
		learn(b, 1 + i / 1024, i, 256, 0);
	}
	CHECK(nf_cache_chain_max(a) < NF_MAX_CHAIN / 2);
	CHECK(nf_cache_chain_max(b) < NF_MAX_CHAIN / 2);
	CHECK_EQ_U(nf_cache_count(a), 4096);
	nf_cache_free(a);
	nf_cache_free(b);
}

int
main(void)
{
	RUN(learn_refresh_change);
	RUN(expiry);
	RUN(withdraw);
	RUN(exporter_cap);
	RUN(full_cache);
	RUN(chain_cap);
	RUN(random_keys);
	return test_report();
}
