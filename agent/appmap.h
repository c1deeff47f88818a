/*
 * appmap.h - which program sent a packet: socket -> process attribution for
 * a live capture on this host (--app NAME|PID, --app -- COMMAND,
 * --tag-apps).
 *
 * The agent side (appmap.c) keeps a cache from a packet's 5-tuple to its
 * owner and asks a helper process on a miss; the helper (appmap-helper.c)
 * answers from the kernel: netlink sock_diag (sockdiag.h) for the socket's
 * inode and uid, /proc/PID/fd for inode -> process, /proc/PID/comm and
 * /proc/PID/stat for the name and the parent.  The capture loop never
 * waits: a packet whose answer is not there yet is held (at most
 * APPMAP_HOLD_US) and goes out when it comes.  docs/appmap.md tells the
 * whole story, and why a process rather than a thread.
 */
#ifndef PACKTER_APPMAP_H
#define PACKTER_APPMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>

#include "cursor.h"
#include "sockdiag.h"

struct pk_packet;
struct source;

/* Times, in µs of the monotonic clock. */
#define APPMAP_HOLD_US		200000	/* longest a record waits */
#define APPMAP_TTL_US		1000000	/* an answer is fresh this long ... */
#define APPMAP_FORGET_US	10000000 /* ... and forgotten this long after */
#define APPMAP_ASK_AGAIN_US	1000000	/* unanswered: asked again */
#define APPMAP_LINGER_US	500000	/* after COMMAND: its last packets */

#define APPMAP_MAX_HELD		4096	/* records held at once */
#define APPMAP_COMM_LEN		16	/* TASK_COMM_LEN, NUL included */
/* " app=" NAME "[PID]": 15 bytes of name, each maybe %XX. */
#define APPMAP_TAG_MAX		(5 + 3 * 15 + 12)

/* A packet's 5-tuple, as captured (before --anonymise maps it). */
struct appmap_key {
	uint8_t		 family;	/* 4 or 6 */
	uint8_t		 proto;		/* 6 or 17 */
	uint16_t	 sport;
	uint16_t	 dport;
	uint8_t		 src[16];
	uint8_t		 dst[16];
};

enum appmap_state {
	APPMAP_UNKNOWN,		/* no answer (yet): "app=?" */
	APPMAP_NONE,		/* no process owns it: "app=-" */
	APPMAP_OWNED,		/* "app=NAME[PID]" */
};

/* The answer about one key. */
struct appmap_owner {
	uint8_t		 state;		/* enum appmap_state */
	uint8_t		 in_app;	/* --app: either end is the app */
	uint32_t	 pid;		/* the sender's, else the receiver's */
	uint32_t	 uid;
	char		 comm[APPMAP_COMM_LEN];
};

struct appmap_opts {
	const char	*app;		/* --app NAME|PID, or NULL */
	char *const	*argv;		/* --app -- COMMAND ARGS..., or NULL */
	bool		 tag;		/* --tag-apps */
};

/* --- the program (main.c) ---------------------------------------------- */

/*
 * Start the helper (and COMMAND, through it).  Call once the capture is
 * open and before privileges are dropped: the helper keeps the rights the
 * agent started with, which reading other users' /proc/PID/fd needs.
 * Returns NULL with err filled.
 */
struct appmap	*appmap_open(const struct appmap_opts *, char *err,
		    size_t errlen);
/*
 * The helper's answers as a source for the main loop: its descriptor, held
 * records released when their answer comes or at their deadline, counters.
 * Closing it frees the appmap.
 */
struct source	*appmap_source(struct appmap *);
/* COMMAND and every process it left have exited, and the linger is over. */
bool		 appmap_done(const struct appmap *);

/* --- the core (core.c) --------------------------------------------------- */

enum appmap_verdict {
	APPMAP_SEND,		/* send the line (tagged when --tag-apps) */
	APPMAP_DROP,		/* --app: not the app's */
	APPMAP_HELD,		/* kept; released later through the agent */
};

void		 appmap_key_of(struct appmap_key *, const struct pk_packet *);
/*
 * The record line (no newline) of the packet with key k: len is updated
 * when the tag is added, within cap.  With APPMAP_HELD the appmap has a
 * copy and the caller forgets the line.
 */
enum appmap_verdict appmap_frame(struct appmap *, const struct appmap_key *k,
		    char *line, size_t *len, size_t cap,
		    const struct timeval *ts, int64_t now_us);

/* --- parts, for the unit test and the fuzz target ------------------------ */

/*
 * The cache: sets of 8 slots chosen by SipHash of the key, so no peer can
 * fill one set; a full set gives up its least recently answered slot.
 */
struct appmap_cache;
struct appmap_cache *appmap_cache_new(unsigned sets, const uint8_t *hashkey);
void		 appmap_cache_free(struct appmap_cache *);
enum appmap_lookup {
	APPMAP_HIT,		/* *o is the answer (maybe stale) */
	APPMAP_WAIT,		/* asked, no answer yet */
};
/*
 * Look k up at now.  *ask is set when a question must go to the helper:
 * on a miss, on a stale answer (used all the same), on a question
 * unanswered for APPMAP_ASK_AGAIN_US.
 */
enum appmap_lookup appmap_cache_lookup(struct appmap_cache *,
		    const struct appmap_key *, int64_t now,
		    struct appmap_owner *, bool *ask);
/* An answer; a NONE after an OWNED keeps the owner (a closed socket). */
void		 appmap_cache_answer(struct appmap_cache *,
		    const struct appmap_key *, const struct appmap_owner *,
		    int64_t now);
/* A question that could not be sent: unknown until asked again. */
void		 appmap_cache_unasked(struct appmap_cache *,
		    const struct appmap_key *);
unsigned	 appmap_cache_live(const struct appmap_cache *, int64_t now);
uint64_t	 appmap_cache_evictions(const struct appmap_cache *);

/* " app=NAME[PID]", " app=-" or " app=?": returns its length. */
size_t		 appmap_tag(char *buf, size_t cap, const struct appmap_owner *);

/*
 * The wire between the agent and the helper (a SOCK_SEQPACKET pair): one
 * message per packet, fixed sizes, read through the cursor on both sides.
 */
#define APPMAP_MSG_ASK		1	/* agent: key */
#define APPMAP_MSG_ANSWER	2	/* helper: key, owner */
#define APPMAP_MSG_STARTED	3	/* helper: 0 or errno, COMMAND's pid */
#define APPMAP_MSG_EXITED	4	/* helper: COMMAND's wait status */
#define APPMAP_MSG_STATS	5	/* helper: its counters */
#define APPMAP_KEY_LEN		38
#define APPMAP_ASK_LEN		(4 + APPMAP_KEY_LEN)
#define APPMAP_ANSWER_LEN	(4 + APPMAP_KEY_LEN + 12 + APPMAP_COMM_LEN)
#define APPMAP_MSG_MAX		512

size_t		 appmap_put_key(uint8_t *, const struct appmap_key *);
bool		 appmap_get_key(struct cursor *, struct appmap_key *);
size_t		 appmap_put_answer(uint8_t *, const struct appmap_key *,
		    const struct appmap_owner *);
bool		 appmap_get_owner(struct cursor *, struct appmap_owner *);

/* The helper's counters, sent with APPMAP_MSG_STATS. */
enum appmap_helper_counter {
	AH_QUESTIONS,		/* questions taken */
	AH_ANSWERS,		/* answers: a question's, its reverse's */
	AH_ROUNDS,		/* rounds: questions taken together */
	AH_LOOKUPS,		/* sock_diag lookups */
	AH_LOOKUP_FAILED,	/* ... that failed (not "no such socket") */
	AH_OWNED,		/* answers naming a process */
	AH_NO_OWNER,		/* no local socket: "app=-" */
	AH_NO_PROCESS,		/* a socket no process held (gone) */
	AH_PROC_SCANS,		/* walks of /proc */
	AH_PROC_BAD,		/* /proc files that did not parse */
	AH_BAD_QUESTIONS,	/* malformed messages from the agent */
	AH_SD_FIRST,		/* + enum sockdiag_counter */
	AH_MAX = AH_SD_FIRST + SDC_MAX
};
extern const char *const appmap_helper_counter_names[AH_MAX];

/*
 * /proc/PID/stat: "PID (COMM) STATE PPID ...", where COMM may hold ')' and
 * blanks: the name ends at the last ')'.  false when it does not parse.
 */
bool		 appmap_parse_stat(const char *buf, size_t len, uint32_t *ppid,
		    char comm[APPMAP_COMM_LEN]);
/* A /proc/PID/fd link: "socket:[INODE]". */
bool		 appmap_parse_socklink(const char *buf, size_t len,
		    uint32_t *inode);

/* The helper's main (appmap-helper.c), in the child after fork. */
void		 appmap_helper_main(int fd, const struct appmap_opts *)
		    __attribute__((noreturn));

#endif /* PACKTER_APPMAP_H */
