/*
 * cache.h - a small cache by name: a fixed number of entries and a bound on
 * their bytes, the least recently used going first (the viewer's decoded
 * pictures, sounds and music, control.c).
 *
 * Values are the caller's pointers; once put, the cache owns them and gives
 * them back through ops.free when it evicts them.  An entry ops.busy says is
 * in use (a sound playing) is never evicted: when every entry is busy there
 * is no room, and the caller tries again later.
 */
#ifndef PACKTER_VIEWER_CACHE_H
#define PACKTER_VIEWER_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cache_ops {
	void		 (*free)(void *value, void *arg);
	bool		 (*busy)(const void *value, void *arg);	/* or NULL */
	void		*arg;
};

struct cache_entry {
	char		*name;		/* NULL: a free entry */
	size_t		 name_len;
	void		*value;
	size_t		 bytes;
	uint64_t	 used;
};

struct cache {
	struct cache_entry *e;
	int		 n;
	size_t		 max_bytes;	/* 0: no bound but the count */
	size_t		 bytes;
	uint64_t	 tick;
	struct cache_ops ops;
	uint64_t	 hits, misses;
	uint64_t	 evicted;	/* to make room */
};

/* n entries, max_bytes of values in all (0: unbounded). */
void		 cache_init(struct cache *, int n, size_t max_bytes,
		    const struct cache_ops *);
/* Evict everything. */
void		 cache_free(struct cache *);

/* The value of that name, now the most recently used; NULL if absent. */
void		*cache_get(struct cache *, const char *name, size_t len);

/* Whether cache_put would find an entry (a free one, or one not busy). */
bool		 cache_room(const struct cache *);

/*
 * Keep value under name, evicting the least recently used entry not busy,
 * then as many as the byte bound needs.  0, or -1 when there is no room
 * (the value stays the caller's).  The name must not be in the cache.
 */
int		 cache_put(struct cache *, const char *name, size_t len,
		    void *value, size_t bytes);

#endif /* PACKTER_VIEWER_CACHE_H */
