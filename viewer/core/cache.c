/*
 * cache.c - a small LRU cache by name, bounded in entries and bytes (see
 * cache.h).
 */
#include "config.h"
#include "cache.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

void
cache_init(struct cache *c, int n, size_t max_bytes,
    const struct cache_ops *ops)
{
	memset(c, 0, sizeof(*c));
	c->e = xcalloc((size_t)n, sizeof(*c->e));
	c->n = n;
	c->max_bytes = max_bytes;
	c->ops = *ops;
}

static bool
busy(const struct cache *c, const struct cache_entry *e)
{
	return c->ops.busy != NULL && c->ops.busy(e->value, c->ops.arg);
}

static void
evict(struct cache *c, struct cache_entry *e)
{
	if (e->name == NULL)
		return;
	if (c->ops.free != NULL)
		c->ops.free(e->value, c->ops.arg);
	free(e->name);
	c->bytes -= e->bytes;
	memset(e, 0, sizeof(*e));
}

void
cache_free(struct cache *c)
{
	int i;

	if (c->e == NULL)
		return;
	for (i = 0; i < c->n; i++)
		evict(c, &c->e[i]);
	free(c->e);
	c->e = NULL;
}

void *
cache_get(struct cache *c, const char *name, size_t len)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (c->e[i].name != NULL && c->e[i].name_len == len &&
		    memcmp(c->e[i].name, name, len) == 0) {
			c->e[i].used = ++c->tick;
			c->hits++;
			return c->e[i].value;
		}
	c->misses++;
	return NULL;
}

/* A free entry, else the least recently used not busy; NULL if none. */
static struct cache_entry *
victim(const struct cache *c, const struct cache_entry *spare)
{
	struct cache_entry *v = NULL;
	int i;

	for (i = 0; i < c->n; i++) {
		struct cache_entry *e = &c->e[i];

		if (e == spare)
			continue;
		if (e->name == NULL) {
			if (spare == NULL)
				return e;
			continue;	/* nothing to evict there */
		}
		if (busy(c, e))
			continue;
		if (v == NULL || e->used < v->used)
			v = e;
	}
	return v;
}

bool
cache_room(const struct cache *c)
{
	return victim(c, NULL) != NULL;
}

int
cache_put(struct cache *c, const char *name, size_t len, void *value,
    size_t bytes)
{
	struct cache_entry *e, *old;

	if ((e = victim(c, NULL)) == NULL)
		return -1;
	if (e->name != NULL) {
		evict(c, e);
		c->evicted++;
	}
	/* Within the byte bound, the oldest go first. */
	while (c->max_bytes > 0 && c->bytes + bytes > c->max_bytes &&
	    (old = victim(c, e)) != NULL) {
		evict(c, old);
		c->evicted++;
	}
	e->name = xmalloc(len + 1);
	memcpy(e->name, name, len);
	e->name[len] = '\0';
	e->name_len = len;
	e->value = value;
	e->bytes = bytes;
	e->used = ++c->tick;
	c->bytes += bytes;
	return 0;
}
