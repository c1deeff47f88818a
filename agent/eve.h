/*
 * eve.h - Suricata's EVE JSON output decoder: one line (one event) to one
 * frame or flow record for the agent core (eve.c).
 *
 * The input side (a followed file, Unix sockets) lives in source-eve.c; the
 * decoder takes bytes, so the fuzz target and the tests drive it without a
 * file or a socket.  The line framer (struct eve_lines) is here too, so the
 * fuzzer covers the length cap as the source uses it.  See eve.c for the
 * fields read and what is trusted.
 */
#ifndef PACKTER_EVE_H
#define PACKTER_EVE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>

#include "classify.h"
#include "flow.h"
#include "log.h"
#include "protocol.h"

/* Event types drawn (--eve-events). */
#define EVE_ALERT		0x1
#define EVE_ANOMALY		0x2
#define EVE_DROP		0x4

#define EVE_DEFAULT_MAX_LINE	(1024 * 1024)	/* --eve-max-line */
#define EVE_MIN_MAX_LINE	256
#define EVE_MAX_MAX_LINE	(64 * 1024 * 1024)
#define EVE_MAX_DEPTH		32	/* JSON nesting accepted */
#define EVE_MAX_PACKET		262144	/* bytes of a decoded "packet" */
/* A description the core never has to cut (core.c keeps this much). */
#define EVE_DESC_MAX		(PT_MAX_DESC - PK_DESC_MAX - 1)

enum eve_counter {
	EV_LINES,		/* lines read whole (blank ones included) */
	EV_ALERTS,		/* alerts drawn */
	EV_ANOMALIES,		/* anomaly events drawn */
	EV_DROPS,		/* drop events drawn */
	EV_FROM_PACKET,		/* ... drawn from the packet the event carried */
	EV_FROM_TUPLE,		/* ... drawn from its addresses and ports */
	EV_PAYLOAD_ONLY,	/* ... of those with a payload but no packet */
	EV_BLANK,		/* blank lines: skipped */
	EV_TOO_LONG,		/* lines longer than the cap: skipped unread */
	EV_BAD_JSON,		/* not JSON (or bytes after it): skipped */
	EV_NOT_OBJECT,		/* JSON, but not an object: skipped */
	EV_NO_TYPE,		/* no event_type string: skipped */
	EV_NOT_SELECTED,	/* event types not asked for: skipped */
	EV_BAD_TIME,		/* no timestamp, or one that does not parse */
	EV_BAD_FIELD,		/* a field of the wrong type or range */
	EV_BAD_TUPLE,		/* no packet, and no pair of addresses */
	EV_NOT_DRAWN,		/* no packet, and a protocol not drawn */
	EV_BAD_PACKET,		/* "packet" not base64, or too long: tuple used */
	EV_LINKTYPE,		/* a packet of a link type not decoded: tuple */
	EV_PACKET_UNDECODED,	/* a packet that does not decode: tuple used */
	/* The input (source-eve.c). */
	EV_CUT_LINES,		/* a line without its end when its input went */
	EV_OPENS,		/* the file opened (at start, created, rotated) */
	EV_ROTATIONS,		/* a new file at the path: the old one drained */
	EV_TRUNCATIONS,		/* the file got shorter: read again from 0 */
	EV_READ_ERRORS,		/* read(2), recv(2), accept(2) failures */
	EV_DATAGRAMS,		/* unix_dgram: datagrams received */
	EV_CONNECTIONS,		/* unix_stream: connections accepted */
	EV_REFUSED,		/* unix_stream: connections over the limit */
	EV_TIMER_CHECKS,	/* checks of the file by the timer (no inotify) */
	EV_MAX
};

struct agent;

struct eve_decoder {
	int			 incident;	/* -S: "Incident:SIG sid:..." */
	unsigned		 events;	/* EVE_ALERT | ... */
	struct json_tokener	*tok;
	uint64_t		 c[EV_MAX];
	struct ratelimit	 rl_bad;
	uint8_t			*pkt;		/* EVE_MAX_PACKET, decoded */
	char			 name[128];	/* for logs and counters */
};

/* One event, parsed, ready to draw (it points into the decoder's packet). */
struct eve_event {
	struct timeval		 ts;		/* the capture time */
	unsigned		 kind;		/* EVE_ALERT, EVE_ANOMALY, EVE_DROP */
	int			 linktype;	/* with a packet */
	const uint8_t		*pkt;		/* NULL: draw from the tuple */
	size_t			 pktlen;
	struct flow_rec		 tuple;
	int			 tuple_ok;
	int			 payload;	/* a payload, no packet */
	char			 desc[EVE_DESC_MAX];	/* -S: the text */
	size_t			 desc_len;
};

void	eve_decoder_init(struct eve_decoder *, const char *name, int incident,
	    unsigned events);
void	eve_decoder_free(struct eve_decoder *);
/*
 * "alert,anomaly,drop" (any of them, comma-separated) to EVE_* bits; 0, or
 * -1 with err filled.
 */
int	eve_parse_events(const char *list, unsigned *events, char *err,
	    size_t errlen);
/*
 * One line (without its newline).  Returns 1 with ev filled when it is an
 * event to draw, 0 when it was skipped (and counted).  ev stays good until
 * the next call.
 */
int	eve_parse(struct eve_decoder *, const char *line, size_t len,
	    struct eve_event *ev);
/* Hand a parsed event to the core. */
void	eve_emit(struct eve_decoder *, struct agent *, const struct eve_event *);
/* Both: a line straight to the core. */
void	eve_decode_line(struct eve_decoder *, struct agent *, const char *line,
	    size_t len);
void	eve_decoder_stats(const struct eve_decoder *, FILE *);
/* "2009-11-24T21:27:09.534255+0100" (offset optional) to a time; 0 or -1. */
int	eve_parse_time(const char *s, size_t len, struct timeval *tv);

/*
 * Lines of at most max_line bytes out of a byte stream, in a buffer of fixed
 * size: a longer line is counted (EV_TOO_LONG) and skipped to its newline
 * without being kept.
 */
#define EVE_READ_CHUNK		65536
struct eve_lines {
	char		*buf;
	size_t		 size;		/* max_line + 1 + EVE_READ_CHUNK */
	size_t		 max_line;
	size_t		 off, len;	/* unread bytes: buf[off, len) */
	size_t		 scan;		/* no newline in buf[off, scan) */
	int		 skipping;	/* inside a line too long: to its end */
	uint64_t	*too_long;	/* counter to bump */
};

void	eve_lines_init(struct eve_lines *, size_t max_line, uint64_t *too_long);
void	eve_lines_free(struct eve_lines *);
/* Where to read into, and how much fits (never 0). */
char	*eve_lines_space(struct eve_lines *, size_t *avail);
void	eve_lines_added(struct eve_lines *, size_t n);
/* The next whole line (newline left out): 1, or 0 when none is complete. */
int	eve_lines_next(struct eve_lines *, const char **line, size_t *len);
/* Forget what is buffered; returns 1 if part of a line was dropped. */
int	eve_lines_reset(struct eve_lines *);
/* Skip to the next newline first (the reader starts inside a line). */
void	eve_lines_skip_partial(struct eve_lines *);

#endif /* PACKTER_EVE_H */
