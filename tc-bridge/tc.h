/*
 * tc.h - packter-tc, the traceback bridge: shared declarations.
 *
 * The viewer sends "SRC,DST,SPORT,DPORT,FLAG,MD5" by UDP (11301); the bridge
 * tells the viewer the trace started, sends a ClientTraceRequest to the
 * InterTrack Decision Point over TCP (9005), and turns the DP's
 * ClientMessageIDReply and ClientTraceReply into messages for the viewer.
 * One TCP connection per request; all of them non-blocking in one poll loop
 * (main.c), each with its own deadline (session.c).
 *
 * Sessions report each state of a request to a sink (struct tc_sink): the
 * program's sink renders it (notify.c) and sends it to the viewer
 * (main.c); tests/tc/test-session.c gives them one that records.
 */
#ifndef PACKTER_TC_H
#define PACKTER_TC_H

#include "acl.h"
#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>

#include "input.h"
#include "itm.h"
#include "notify.h"

#define TC_DP_PORT		9005
#define TC_DEFAULT_TIMEOUT_MS	30000
#define TC_DEFAULT_RETRIES	2
#define TC_RETRY_MS		250	/* first reconnect delay; doubles */
#define TC_DEFAULT_INFLIGHT	64
#define TC_DEFAULT_QUEUE	1024
#define TC_MAX_DOCS		16	/* documents read per request */

enum tc_counter {
	TCC_DATAGRAMS,
	TCC_REQUESTS,
	TCC_BAD_FIELDS,
	TCC_BAD_ADDRESS,
	TCC_BAD_NUMBER,
	TCC_BAD_HASH,
	TCC_QUEUE_FULL,
	TCC_CONNECT_FAILED,
	TCC_RECONNECTS,
	TCC_SENT,
	TCC_ACCEPTED,
	TCC_FOUND,
	TCC_NOTFOUND,
	TCC_ERROR,
	TCC_TIMEOUT,
	TCC_DP_CLOSED,
	TCC_REPLY_INVALID,
	TCC_REPLY_OTHER,
	TCC_REPLY_MISMATCH,
	TCC_VIEWER_SENT,
	TCC_VIEWER_ERRORS,
	TCC_NOTIFY_DROPPED,
	TCC_DENIED,		/* requests from outside --allow */
	TCC_DP_PEAK,		/* most DP connections open at once */
	TCC_QUEUE_FULL_UNTOLD,	/* queue full, and the viewer not told */
	TCC_MAX
};

/*
 * A viewer whose request finds the queue full is told so, as for any other
 * refusal, but at most TC_BUSY_NOTICES times a second in all: a flood of
 * requests must not become a flood of messages.
 */
#define TC_BUSY_NOTICES		5

struct tc_opts {
	struct sockaddr_storage dp;
	socklen_t	 dplen;
	char		 dp_name[300];		/* for messages */
	int		 have_viewer;
	struct sockaddr_storage viewer;
	socklen_t	 viewerlen;
	int64_t		 timeout_us;
	unsigned	 ttl;
	unsigned	 retries;
	unsigned	 max_inflight;
	unsigned	 max_queue;
	int		 messages;		/* PACKTERMSG */
	int		 sounds;		/* -s: SOUND, VOICE, SKYDOME */
};

struct session;

/* One state of one request, as a session reports it. */
struct tc_report {
	enum tc_state		 state;
	const struct tc_input	*in;
	struct itm_seq		 seq;
	const struct sockaddr_storage *from;	/* the viewer that asked */
	socklen_t		 fromlen;
	const struct itm_reply	*reply;		/* the DP's latest, or NULL */
	const char		*reason;	/* NULL: the reply's, if any */
};

/* Where sessions report: started, accepted, and the verdict, for each. */
struct tc_sink {
	void		(*report)(void *ctx, const struct tc_report *);
	void		*ctx;
};

struct bridge {
	struct tc_opts	 o;
	struct tc_config cf;
	struct itm_schema *schema;		/* --schema, or NULL */
	int		 udp4, udp6;		/* to the viewer */
	struct session	**s;			/* in arrival order */
	size_t		 ns, scap;
	unsigned	 active;		/* sessions holding a socket */
	struct itm_seq	 last_seq;
	struct acl	 allow;			/* --allow; empty = everyone */
	struct tc_sink	 sink;			/* where sessions report */
	struct notify_out notify_out;		/* the viewer sink's datagrams */
	struct itm_reply *reply;		/* the DP document being read */
	int64_t		 busy_since;		/* this second of busy notices */
	unsigned	 busy_told;		/* ... and how many went out */
	uint64_t	 c[TCC_MAX];
};


/* session.c */
void	 session_new(struct bridge *, const struct tc_input *,
	    const struct sockaddr_storage *from, socklen_t fromlen,
	    int64_t now);
/* Start queued sessions, reconnect, expire; the next wake-up time. */
int64_t	 sessions_tick(struct bridge *, int64_t now);
/* The poll events a session waits for (0: none) and its socket. */
int	 session_fd(const struct session *, short *events);
void	 session_io(struct bridge *, struct session *, short revents,
	    int64_t now);
/* Drop finished sessions. */
void	 sessions_reap(struct bridge *);
/* Every session still open ends with an error verdict (shutdown). */
void	 sessions_abort(struct bridge *, const char *reason, int64_t now);
/* What the sessions hold besides themselves (after sessions_abort). */
void	 sessions_free(struct bridge *);

#endif /* PACKTER_TC_H */
