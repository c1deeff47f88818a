/*
 * net.h - the viewer's UDP input: sockets, batched non-blocking reads,
 * parsing with common/'s protocol code, counters.
 *
 * Records go straight into the history, stamped with their arrival time (the
 * kernel's receive timestamp, moved onto the monotonic clock) or, when the
 * datagram carries capture times and a timebase is set, with the display
 * time the timebase gives their capture time (timebase.h; the feed is the
 * sender's address and port).  Control
 * messages are handed to a callback (the message panel, sounds ...) with the
 * parser positioned after the keyword line.
 */
#ifndef PACKTER_VIEWER_NET_H
#define PACKTER_VIEWER_NET_H

#include <sys/socket.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acl.h"
#include "auth.h"
#include "counters.h"
#include "globe.h"
#include "history.h"
#include "protocol.h"
#include "timebase.h"

enum net_counter {
	NET_DATAGRAMS,
	NET_BYTES,
	NET_RECORDS,		/* accepted into the history */
	NET_BAD_LINES,		/* record lines that did not parse */
	NET_TRUNCATED,		/* datagrams larger than our buffer */
	NET_KERNEL_DROPS,	/* datagrams the socket buffer overflowed on */
	NET_EMPTY,
	NET_CONTROL,		/* control messages (MSG, SOUND ...) */
	NET_UNKNOWN,		/* datagrams with a keyword we do not know */
	NET_SIGNED,		/* datagrams with a PACKTERAGENT line */
	NET_RECV_ERRORS,
	NET_DENIED,		/* source not in --allow */
	NET_AUTH_REFUSED,	/* refused by auth_check(): see its counters */
	NET_RECORD_DATAGRAMS,	/* PACKTER and PACKTERBALLISTIC datagrams */
	NET_EARTH,		/* PACKTEARTH records taken (the globe's) */
	NET_COUNTERS
};

#define NET_MAX_SOCKETS	2
#define NET_BATCH	64

struct net_batch;
struct sockaddr_storage;
typedef void	(*net_control_fn)(void *arg, struct pt_parser *, int64_t stamp);
/* A datagram let in (records or a control message), for --record. */
typedef void	(*net_datagram_fn)(void *arg, const char *buf, size_t len,
		    int64_t wall_ns);
/*
 * Each record as it entered the history as seq, and where it came from;
 * the record is NULL for a PACKTEARTH line (no fields: its description).
 */
typedef void	(*net_record_fn)(void *arg, struct history *, uint64_t seq,
		    const struct pt_record *, const struct pt_parser *,
		    const struct sockaddr_storage *from);

struct net {
	int		 fd[NET_MAX_SOCKETS];
	int		 nfd;
	uint16_t	 port;
	uint32_t	 ovfl[NET_MAX_SOCKETS];	/* last SO_RXQ_OVFL seen */
	int		 rcvbuf;		/* what the kernel granted */
	bool		 group;			/* bound to a multicast group */
	char		*buf;			/* NET_BATCH datagrams */
	struct net_batch *batch;		/* their headers */
	uint64_t	 c[NET_COUNTERS];
	int64_t		 first_record;		/* stamps, for the rate */
	int64_t		 last_record;
	net_control_fn	 on_control;
	void		*control_arg;
	net_record_fn	 on_record;		/* NULL: none */
	void		*record_arg;
	/* Set after net_open(), before reading; NULL: everyone, unchecked. */
	const struct acl *allow;		/* --allow */
	struct auth_verifier *auth;		/* --agent-key and the like */
	struct timebase	*tb;			/* NULL: arrival stamps only */
	struct globe_places *places;		/* the globe's, or NULL */
	net_datagram_fn	 on_datagram;
	void		*datagram_arg;
	/* PACKTERWITHGATEWAY records go here; NULL: unsupported control. */
	struct gateways	*gateways;
};

/*
 * Open the sockets: on bind_addr alone, or on 0.0.0.0 and :: (IPv6 being
 * optional) when bind_addr is NULL.  Port 0 picks a free port (the same on
 * both).  rcvbuf: the socket buffer to ask for, in bytes.  A bind_addr that
 * is a multicast group (239.1.1.1, ff15::1) is joined, on mcast_if or by
 * the route (NULL), and its port shared with other viewers of the host.
 * -1 and err set on failure.
 */
int	net_open(struct net *, const char *bind_addr, uint16_t port,
	    int rcvbuf, const char *mcast_if, char *err, size_t errlen);
void	net_close(struct net *);

/*
 * Read and parse what is waiting, without blocking, for at most budget_ns
 * (at least one batch).  Returns the records added to the history.
 */
size_t	net_poll(struct net *, struct history *, int64_t budget_ns);

/*
 * A datagram from elsewhere (--play): parsed as if it had arrived at
 * arrival (monotonic ns; wall = arrival + rt_offset) from feed, without the
 * checks of --allow and the keys, counted with the rest.  Control messages
 * are counted, not handed on.  Returns the records added.
 */
size_t	net_feed(struct net *, struct history *, const char *buf, size_t len,
	    int64_t arrival, int64_t rt_offset, uint64_t feed);

/* Wait up to timeout_ms for a datagram (poll); 1 readable, 0 not, -1 error. */
int	net_wait(struct net *, int timeout_ms);

/* The counters, for counters_print(). */
void	net_counters(const struct net *, struct counters *);

/*
 * T: send a traceback request (traceback_request()'s) to the bridge at addr
 * (an IPv4 or IPv6 literal), port.  0, or -1 with err set.
 */
int	net_send_trace(const char *addr, uint16_t port, const char *msg,
	    size_t len, char *err, size_t errlen);

/* Is sa a multicast group (224.0.0.0/4, ff00::/8)? */
bool	net_is_group(const struct sockaddr *sa);
/*
 * Join the group fd is bound to (sa), on ifname or where the route to it
 * goes; only that group's datagrams (IP_MULTICAST_ALL off).  0, or -1.
 */
int	net_join_group(int fd, const struct sockaddr *sa, const char *ifname,
	    char *err, size_t errlen);

/* The viewer's clock: progs' mono_ns(), the ns the history keeps. */
int64_t	net_now(void);

#endif /* PACKTER_VIEWER_NET_H */
