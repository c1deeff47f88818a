/*
 * tc.h - packter-tc, the traceback bridge: shared declarations.
 *
 * The viewer sends "SRC,DST,SPORT,DPORT,FLAG,MD5" by UDP (11301); the bridge
 * tells the viewer the trace started, sends a ClientTraceRequest to the
 * InterTrack Decision Point over TCP (9005), and turns the DP's
 * ClientMessageIDReply and ClientTraceReply into messages for the viewer.
 * One TCP connection per request; all of them non-blocking in one poll loop
 * (main.c), each with its own deadline (session.c).
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
	TCC_MAX
};

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
	uint64_t	 c[TCC_MAX];
};

int64_t	 tc_now_us(void);

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

/* main.c: a verdict or state to the viewer that asked. */
void	 tc_notify(struct bridge *, enum tc_state, const struct tc_input *,
	    struct itm_seq seq, const struct sockaddr_storage *from,
	    socklen_t fromlen, const struct itm_reply *, const char *reason);

#endif /* PACKTER_TC_H */
