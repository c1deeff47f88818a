/*
 * resolve.h - host names of traceback bridges to addresses, off the frame
 * loop.
 *
 * packter-agent -T NAME writes the bridge's name into every description;
 * the viewer resolves each name once, in a worker thread (getaddrinfo may
 * take seconds), and keeps the answer: a name is looked up again only when
 * it failed, and then not before RESOLVE_RETRY_NS.  The frame loop asks
 * every frame until the answer is there; asking never blocks.
 */
#ifndef PACKTER_VIEWER_RESOLVE_H
#define PACKTER_VIEWER_RESOLVE_H

#include <stddef.h>
#include <stdint.h>

#define RESOLVE_NAMES		32	/* names kept */
#define RESOLVE_RETRY_NS	(30LL * 1000000000LL)

struct resolver;

struct resolver	*resolver_new(void);
/* Stops the worker; one stuck in a lookup is left to finish on its own. */
void		 resolver_free(struct resolver *);

/*
 * The address of name (numeric text, IPv4 or IPv6): 1 with addr set, 0
 * while it is being looked up (ask again later), -1 with err set when it
 * failed.  now: the monotonic clock, ns.
 */
int		 resolver_lookup(struct resolver *, const char *name,
		    int64_t now, char *addr, size_t addrlen, char *err,
		    size_t errlen);

#endif /* PACKTER_VIEWER_RESOLVE_H */
