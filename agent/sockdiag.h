/*
 * sockdiag.h - the kernel's table of TCP and UDP sockets through netlink
 * sock_diag (NETLINK_SOCK_DIAG, inet_diag_req_v2): who holds which 5-tuple,
 * by socket inode and uid (sockdiag.c).
 *
 * sockdiag_parse() is pure (no sockets, no globals): it walks one buffer of
 * netlink messages as recv() returned it, through the cursor, and is what
 * the fuzz target (fuzz/fuzz-sockdiag.c) and the unit test drive.
 * sockdiag_get() asks the kernel about one socket and feeds the parser.
 */
#ifndef PACKTER_SOCKDIAG_H
#define PACKTER_SOCKDIAG_H

#include <stddef.h>
#include <stdint.h>

/* One socket of a dump. */
struct sockdiag_entry {
	uint8_t		 family;	/* 4 or 6 */
	uint8_t		 proto;		/* 6 or 17: that of the request */
	uint8_t		 state;		/* TCP_*; UDP: 7 unbound peer, 1 */
	uint8_t		 v6only;	/* INET_DIAG_SKV6ONLY, 0 when absent */
	uint16_t	 lport;		/* host order */
	uint16_t	 rport;
	uint8_t		 laddr[16];	/* network order; IPv4 in the first 4 */
	uint8_t		 raddr[16];
	uint32_t	 ifindex;	/* bound device, 0 for any */
	uint32_t	 uid;
	uint32_t	 inode;		/* 0: no file (TIME_WAIT, SYN_RECV) */
};

enum sockdiag_counter {
	SDC_MESSAGES,		/* netlink messages walked */
	SDC_SOCKETS,		/* sockets parsed */
	SDC_TRUNCATED,		/* a message or its payload cut short */
	SDC_INVALID,		/* a length, family or attribute that lies */
	SDC_NL_ERRORS,		/* NLMSG_ERROR replies but "no such socket" */
	SDC_FOREIGN,		/* other types, or another request's seq */
	SDC_MAX
};

extern const char *const sockdiag_counter_names[SDC_MAX];

enum sockdiag_status {
	SD_MORE,		/* the buffer ended; the dump goes on */
	SD_DONE,		/* NLMSG_DONE */
	SD_FAILED,		/* NLMSG_ERROR (*nl_errno set), or garbage */
};

typedef void sockdiag_fn(void *arg, const struct sockdiag_entry *);

/*
 * Walk buf (one recv()) for the answers to request seq about proto; call fn
 * for each socket.  NLMSG_ERROR ends the walk with *nl_errno set (ENOENT:
 * no such socket; the caller counts the others).  A message that is cut
 * short or lies about its length ends the walk (SD_FAILED: nothing after
 * it can be trusted); a bad socket message inside a good one is counted
 * and skipped.  c[] is added to.
 */
enum sockdiag_status sockdiag_parse(const uint8_t *buf, size_t len,
		    uint8_t proto, uint32_t seq, sockdiag_fn *fn, void *arg,
		    uint64_t c[SDC_MAX], int *nl_errno);

/* One socket asked about: its local and remote ends. */
struct sockdiag_query {
	uint8_t		 family;	/* 4 or 6 */
	uint8_t		 proto;		/* 6 or 17 */
	uint16_t	 lport;
	uint16_t	 rport;
	uint8_t		 laddr[16];
	uint8_t		 raddr[16];
};

/*
 * The request for the one socket of q (NLM_F_REQUEST, no dump).  The
 * kernel's lookup is the receive path's: a connected socket, else a
 * listening or unconnected one bound to the local end or to the wildcard
 * address.  TCP reads the local end from the id's source
 * (inet_diag_find_one_icsk), UDP from its destination (udp_dump_one):
 * the id is laid out accordingly.  Returns the length, 0 if cap is short.
 */
size_t		 sockdiag_request(uint8_t *buf, size_t cap,
		    const struct sockdiag_query *q, uint32_t seq);

/*
 * Ask the kernel on fd (a NETLINK_SOCK_DIAG socket with a receive timeout)
 * for the socket of q.  Returns 1 with *e filled, 0 when there is none,
 * -1 with err filled.
 */
int		 sockdiag_get(int fd, const struct sockdiag_query *q,
		    uint32_t seq, struct sockdiag_entry *e,
		    uint64_t c[SDC_MAX], char *err, size_t errlen);
/* A NETLINK_SOCK_DIAG socket that gives up a read after timeout_ms. */
int		 sockdiag_open(int timeout_ms, char *err, size_t errlen);

#endif /* PACKTER_SOCKDIAG_H */
