/*
 * trace.h - the viewer's trace requests and what became of them: each
 * belongs to its ball (the record's sequence number) and goes through
 *
 *   resolving -> requested -> accepted -> found | not found | error
 *
 * (resolving only while the bridge's host name is looked up).  The bridge
 * reports with ordinary PACKTERMSG messages (docs/traceback.md); which
 * request a message speaks of is read off its text: the packet's digest
 * ("packet <32 hex>", in the bridge's "started" message) ties the request
 * to the bridge's request number ("request SEC.USEC", in every message of
 * the bridge's default texts), and the number then ties every later
 * message.  The state is the picture's name (tc-found.png ...) or else the
 * heading's words.  A message that names no request of ours changes
 * nothing.
 *
 * Pure: times come in as wall-clock microseconds.  The table is bounded
 * (TRACE_MAX, the oldest request forgotten first) and every string in it is
 * bounded and NUL-ended.
 */
#ifndef PACKTER_VIEWER_TRACE_H
#define PACKTER_VIEWER_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "traceback.h"

#define TRACE_MAX	256
#define TRACE_TEXT	256
#define TRACE_REQ_LEN	32		/* "SEC.USEC" as the bridge writes it */
#define TRACE_JSON_MAX	2048
#define TRACE_LINE_REQ	400		/* the request datagram, kept to send */

enum trace_state {
	TRACE_RESOLVING,
	TRACE_REQUESTED,
	TRACE_ACCEPTED,
	TRACE_FOUND,
	TRACE_NOTFOUND,
	TRACE_ERROR,
	TRACE_STATES
};

struct trace_entry {
	uint64_t	 id;		/* 1, 2 ... in this viewer */
	uint64_t	 record;	/* the ball: the history's seq */
	enum trace_state state;
	bool		 hovered;	/* asked for the hovered ball, not pinned */
	char		 hash[TB_MD5_LEN + 1];
	char		 bridge[TB_ADDR_MAX];	/* as in the description */
	char		 bridge_addr[48];	/* what it was sent to */
	char		 request[TRACE_REQ_LEN];	/* the bridge's, once known */
	/* The packet, as its record has it. */
	char		 src[48], dst[48];
	int32_t		 sport, dport;	/* -1: a fraction was sent */
	unsigned	 flag;
	int64_t		 capture_us;	/* PT_TIME_NONE: not known */
	int64_t		 asked_us;	/* wall clock */
	int64_t		 changed_us;
	char		 path[TRACE_TEXT];	/* "AS64500 AS64501" */
	char		 detail[TRACE_TEXT];	/* the verdict's words */
	char		 req[TRACE_LINE_REQ];	/* what is sent to the bridge */
	size_t		 req_len;
};

struct trace_table {
	struct trace_entry e[TRACE_MAX];	/* a ring, oldest at start */
	size_t		 start, n;
	uint64_t	 next_id;
	uint64_t	 forgotten;	/* dropped when the table was full */
	uint64_t	 matched;	/* bridge messages tied to a request */
	uint64_t	 unmatched;	/* PACKTERMSG that named none */
};

struct trace_table *trace_new(void);
void		 trace_free(struct trace_table *);

const char	*trace_state_name(enum trace_state);
static inline bool
trace_final(enum trace_state s)
{
	return s == TRACE_FOUND || s == TRACE_NOTFOUND || s == TRACE_ERROR;
}

/*
 * A new request for record, from its line (the packet's fields), digest
 * and bridge, asked at now_us; its state is resolving or requested.
 */
struct trace_entry *trace_add(struct trace_table *, uint64_t record,
		    const char *line, size_t len, const char *hash,
		    const char *bridge, bool resolving, int64_t capture_us,
		    int64_t now_us);

/* Set a state by the viewer's own account (resolved, send failed ...). */
void		 trace_set(struct trace_entry *, enum trace_state,
		    const char *detail, int64_t now_us);

/* Requests oldest first: i from 0 to trace_count() - 1. */
static inline size_t
trace_count(const struct trace_table *t)
{
	return t->n;
}
struct trace_entry *trace_at(struct trace_table *, size_t i);

/* The newest request for record, or NULL. */
const struct trace_entry *trace_of_record(const struct trace_table *,
		    uint64_t record);

/*
 * A PACKTERMSG (picture name, HTML text) from a bridge: the request it
 * speaks of, its state and verdict updated (*changed set when they
 * changed), or NULL when it names none of ours.
 */
struct trace_entry *trace_message(struct trace_table *, const char *picture,
		    size_t plen, const char *text, size_t tlen, int64_t now_us,
		    bool *changed);

/* What a message says, for trace_message() and the fuzz target. */
struct trace_msg {
	int		 state;		/* enum trace_state, -1: started/unknown */
	bool		 started;
	char		 hash[TB_MD5_LEN + 1];	/* "" if none */
	char		 request[TRACE_REQ_LEN];	/* "" if none */
	char		 path[TRACE_TEXT];
	char		 detail[TRACE_TEXT];
};
void		 trace_read_message(const char *picture, size_t plen,
		    const char *text, size_t tlen, struct trace_msg *);

/*
 * "10.0.0.1:50000 -> 192.0.2.9:80" ([v6]:port; addresses alone where the
 * ports are ICMP's or fractions); returns buf.
 */
char		*trace_packet_name(const struct trace_entry *, char *buf,
		    size_t len);

/*
 * A line of the trace log panel: "#3 12:00:01 found 10.0.0.1:50000 ->
 * 192.0.2.9:80 AS64500 AS64501" (the time the state last changed, at
 * tz_offset_s from UTC unless utc).  Returns buf.
 */
char		*trace_log_line(const struct trace_entry *, char *buf,
		    size_t len, int32_t tz_offset_s, bool utc);

/*
 * One JSON object, no newline, for --trace-log: the request, its ball and
 * its state now.  Returns the length, or 0 if it did not fit.
 */
size_t		 trace_json(const struct trace_entry *, char *buf, size_t cap);

#endif /* PACKTER_VIEWER_TRACE_H */
