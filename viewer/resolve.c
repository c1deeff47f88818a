/*
 * resolve.c - bridge names resolved in a worker thread (see resolve.h).
 *
 * One mutex guards a small table of names; the frame loop adds a name as
 * "wanted" and signals, the worker takes one wanted name at a time, looks it
 * up without the lock held and writes the answer back.  The worker starts
 * with the first name asked for, so a viewer that never sees a bridge name
 * never has the thread.
 */
#include "config.h"
#include "resolve.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "errbuf.h"
#include "log.h"
#include "traceback.h"

enum res_state { RES_FREE, RES_WANTED, RES_LOOKING, RES_DONE, RES_FAILED };

struct res_name {
	enum res_state	 state;
	char		 name[TB_ADDR_MAX];
	char		 addr[INET6_ADDRSTRLEN];
	char		 err[160];
	int64_t		 at;		/* asked, or failed: for the retry */
};

struct resolver {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	pthread_t	 worker;
	bool		 started;
	bool		 quit;
	bool		 busy;		/* the worker is in getaddrinfo */
	struct res_name	 n[RESOLVE_NAMES];
};

struct resolver *
resolver_new(void)
{
	struct resolver *r = xcalloc(1, sizeof(*r));

	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	return r;
}

/* One lookup: the first address getaddrinfo gives, as text. */
static void
lookup(const char *name, char *addr, size_t addrlen, char *err,
    size_t errlen, bool *ok)
{
	struct addrinfo hints, *ai = NULL;
	const void *a;
	int rc;

	*ok = false;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	if ((rc = getaddrinfo(name, NULL, &hints, &ai)) != 0) {
		(void)errbuf_fmt(err, errlen, "cannot resolve %s: %s", name,
		    gai_strerror(rc));
		return;
	}
	if (ai->ai_family == AF_INET)
		a = &((const struct sockaddr_in *)(const void *)
		    ai->ai_addr)->sin_addr;
	else
		a = &((const struct sockaddr_in6 *)(const void *)
		    ai->ai_addr)->sin6_addr;
	if ((ai->ai_family != AF_INET && ai->ai_family != AF_INET6) ||
	    inet_ntop(ai->ai_family, a, addr, (socklen_t)addrlen) == NULL)
		(void)errbuf_fmt(err, errlen, "%s: no IPv4 or IPv6 address",
		    name);
	else
		*ok = true;
	freeaddrinfo(ai);
}

static void *
work(void *arg)
{
	struct resolver *r = arg;
	char name[TB_ADDR_MAX], addr[INET6_ADDRSTRLEN], err[160];
	struct res_name *e;
	bool ok;
	int i;

	pthread_mutex_lock(&r->mu);
	for (;;) {
		e = NULL;
		for (i = 0; i < RESOLVE_NAMES && e == NULL; i++)
			if (r->n[i].state == RES_WANTED)
				e = &r->n[i];
		if (e == NULL) {
			if (r->quit)
				break;
			pthread_cond_wait(&r->cv, &r->mu);
			continue;
		}
		e->state = RES_LOOKING;
		memcpy(name, e->name, sizeof(name));
		r->busy = true;
		pthread_mutex_unlock(&r->mu);
		addr[0] = err[0] = '\0';
		lookup(name, addr, sizeof(addr), err, sizeof(err), &ok);
		pthread_mutex_lock(&r->mu);
		r->busy = false;
		/* The slot is still this name's: only the worker frees it. */
		if (ok) {
			memcpy(e->addr, addr, sizeof(e->addr));
			e->state = RES_DONE;
		} else {
			memcpy(e->err, err, sizeof(e->err));
			e->state = RES_FAILED;
			e->at = mono_ns();
		}
		if (r->quit)
			break;
	}
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

void
resolver_free(struct resolver *r)
{
	bool busy;

	if (r == NULL)
		return;
	pthread_mutex_lock(&r->mu);
	r->quit = true;
	busy = r->busy;
	pthread_cond_signal(&r->cv);
	pthread_mutex_unlock(&r->mu);
	if (r->started) {
		if (busy) {
			/* In getaddrinfo, maybe for seconds: let it be. */
			pthread_detach(r->worker);
			return;
		}
		pthread_join(r->worker, NULL);
	}
	pthread_cond_destroy(&r->cv);
	pthread_mutex_destroy(&r->mu);
	free(r);
}

/* A slot for a new name: a free one, else the oldest answer. */
static struct res_name *
slot(struct resolver *r)
{
	struct res_name *best = NULL;
	int i;

	for (i = 0; i < RESOLVE_NAMES; i++) {
		struct res_name *e = &r->n[i];

		if (e->state == RES_FREE)
			return e;
		if ((e->state == RES_DONE || e->state == RES_FAILED) &&
		    (best == NULL || e->at < best->at))
			best = e;
	}
	return best;
}

int
resolver_lookup(struct resolver *r, const char *name, int64_t now,
    char *addr, size_t addrlen, char *err, size_t errlen)
{
	struct res_name *e = NULL;
	int i, rc = 0;

	if (strlen(name) >= TB_ADDR_MAX)
		return errbuf_fmt(err, errlen, "bridge name too long");
	pthread_mutex_lock(&r->mu);
	for (i = 0; i < RESOLVE_NAMES && e == NULL; i++)
		if (r->n[i].state != RES_FREE &&
		    strcmp(r->n[i].name, name) == 0)
			e = &r->n[i];
	if (e != NULL && e->state == RES_FAILED &&
	    now - e->at >= RESOLVE_RETRY_NS) {
		e->state = RES_WANTED;
		e->at = now;
		pthread_cond_signal(&r->cv);
	}
	if (e == NULL) {
		if ((e = slot(r)) == NULL) {
			pthread_mutex_unlock(&r->mu);
			return errbuf_fmt(err, errlen, "%d bridge names are "
			    "being resolved already", RESOLVE_NAMES);
		}
		memset(e, 0, sizeof(*e));
		snprintf(e->name, sizeof(e->name), "%s", name);
		e->state = RES_WANTED;
		e->at = now;
		if (!r->started) {
			if (pthread_create(&r->worker, NULL, work, r) != 0) {
				e->state = RES_FREE;
				pthread_mutex_unlock(&r->mu);
				return errbuf_fmt(err, errlen, "cannot start "
				    "the resolver thread");
			}
			r->started = true;
		}
		pthread_cond_signal(&r->cv);
	}
	switch (e->state) {
	case RES_DONE:
		snprintf(addr, addrlen, "%s", e->addr);
		rc = 1;
		break;
	case RES_FAILED:
		snprintf(err, errlen, "%s", e->err);
		rc = -1;
		break;
	default:
		rc = 0;
		break;
	}
	pthread_mutex_unlock(&r->mu);
	return rc;
}
