/*
 * test-cache.c - the viewer's cache by name (viewer/core/cache.c): least
 * recently used first, the byte bound, busy entries kept, every value freed
 * exactly once.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/test.h"
#include "cache.h"

/* A value: its number, whether it is busy, how often it was freed. */
struct val {
	int		 id;
	bool		 busy;
	int		 freed;
};

static int frees;

static void
val_free(void *v, void *arg)
{
	(void)arg;
	((struct val *)v)->freed++;
	frees++;
}

static bool
val_busy(const void *v, void *arg)
{
	(void)arg;
	return ((const struct val *)v)->busy;
}

static const struct cache_ops ops = { val_free, val_busy, NULL };

static int
put(struct cache *c, const char *name, struct val *v, size_t bytes)
{
	return cache_put(c, name, strlen(name), v, bytes);
}

static struct val *
get(struct cache *c, const char *name)
{
	return cache_get(c, name, strlen(name));
}

TEST(lru_order)
{
	struct cache c;
	struct val v[5] = { { 0 } };
	int i;

	frees = 0;
	for (i = 0; i < 5; i++)
		v[i].id = i;
	cache_init(&c, 3, 0, &ops);
	CHECK(get(&c, "a") == NULL);
	CHECK(put(&c, "a", &v[0], 1) == 0);
	CHECK(put(&c, "b", &v[1], 1) == 0);
	CHECK(put(&c, "c", &v[2], 1) == 0);
	CHECK(get(&c, "a") == &v[0]);		/* a is now the newest */
	CHECK(put(&c, "d", &v[3], 1) == 0);	/* evicts b */
	CHECK_EQ_U(v[1].freed, 1);
	CHECK(get(&c, "b") == NULL);
	CHECK(get(&c, "a") == &v[0] && get(&c, "c") == &v[2] &&
	    get(&c, "d") == &v[3]);
	/* Names are compared with their length, not up to a NUL. */
	CHECK(cache_get(&c, "abc", 1) == &v[0]);
	CHECK(cache_get(&c, "a", 0) == NULL);
	CHECK(put(&c, "e", &v[4], 1) == 0);	/* a was used last: evicts c */
	CHECK_EQ_U(v[2].freed, 1);
	CHECK_EQ_U(c.evicted, 2);
	CHECK_EQ_U(c.bytes, 3);
	cache_free(&c);
	CHECK_EQ_U(frees, 5);
	for (i = 0; i < 5; i++)
		CHECK_EQ_U(v[i].freed, 1);
}

TEST(byte_bound)
{
	struct cache c;
	struct val v[4] = { { 0 } };

	frees = 0;
	cache_init(&c, 8, 100, &ops);
	CHECK(put(&c, "a", &v[0], 40) == 0);
	CHECK(put(&c, "b", &v[1], 40) == 0);
	CHECK(get(&c, "a") != NULL);		/* b is the oldest now */
	CHECK(put(&c, "c", &v[2], 30) == 0);	/* 110 > 100: b goes */
	CHECK_EQ_U(v[1].freed, 1);
	CHECK_EQ_U(v[0].freed, 0);
	CHECK_EQ_U(c.bytes, 70);
	/* Larger than the bound alone: everything else goes, it stays. */
	CHECK(put(&c, "d", &v[3], 500) == 0);
	CHECK_EQ_U(v[0].freed + v[2].freed, 2);
	CHECK_EQ_U(c.bytes, 500);
	CHECK(get(&c, "d") == &v[3]);
	cache_free(&c);
	CHECK_EQ_U(frees, 4);
	CHECK_EQ_U(c.bytes, 0);
}

TEST(busy_kept)
{
	struct cache c;
	struct val v[4] = { { 0 } };

	frees = 0;
	cache_init(&c, 2, 100, &ops);
	CHECK(cache_room(&c));
	CHECK(put(&c, "a", &v[0], 10) == 0);
	CHECK(put(&c, "b", &v[1], 10) == 0);
	v[0].busy = v[1].busy = true;		/* both playing */
	CHECK(!cache_room(&c));
	CHECK(put(&c, "c", &v[2], 10) == -1);	/* stays the caller's */
	CHECK_EQ_U(v[2].freed, 0);
	v[1].busy = false;
	CHECK(cache_room(&c));
	CHECK(put(&c, "c", &v[2], 10) == 0);	/* b goes, busy a stays */
	CHECK_EQ_U(v[1].freed, 1);
	CHECK_EQ_U(v[0].freed, 0);
	/* The byte bound does not evict a busy entry either. */
	CHECK(put(&c, "d", &v[3], 95) == 0);	/* c goes; a stays: 105 */
	CHECK_EQ_U(v[2].freed, 1);
	CHECK_EQ_U(v[0].freed, 0);
	CHECK(get(&c, "a") == &v[0] && get(&c, "d") == &v[3]);
	cache_free(&c);
	CHECK_EQ_U(frees, 4);
}

TEST(churn)
{
	struct cache c;
	static struct val v[1000];
	char name[16];
	int i, puts = 0;

	frees = 0;
	memset(v, 0, sizeof(v));
	cache_init(&c, 16, 500, &ops);
	for (i = 0; i < 1000; i++) {
		(void)snprintf(name, sizeof(name), "n%d", (i * 7) % 50);
		if (get(&c, name) != NULL)
			continue;
		CHECK(put(&c, name, &v[i], (size_t)(i % 90)) == 0);
		puts++;
		CHECK(c.bytes <= 500);
		CHECK(get(&c, name) == &v[i]);
	}
	CHECK_EQ_U(c.evicted, frees);
	cache_free(&c);
	CHECK_EQ_U(frees, puts);
	for (i = 0; i < 1000; i++)
		CHECK(v[i].freed <= 1);
	CHECK_EQ_U(c.bytes, 0);
}

int
main(void)
{
	RUN(lru_order);
	RUN(byte_bound);
	RUN(busy_kept);
	RUN(churn);
	return test_report();
}
