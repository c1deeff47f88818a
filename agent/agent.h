/*
 * agent.h - the agent core that every source feeds (core.c).
 *
 * Sources (source.h) hand over either captured frames (agent_frame: decoded by
 * common/, sampled, classified, hashed for traceback) or ready flow records
 * (agent_flow).  The core turns them into PACKTER record lines and gives them
 * to the sender (sender.h), which batches them into datagrams.
 */
#ifndef PACKTER_AGENT_H
#define PACKTER_AGENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>

#include "decode.h"
#include "protocol.h"

struct appmap_key;

/* The core's counters; sources keep their own. */
enum agent_counter {
	AC_FRAMES,		/* frames handed to the core */
	AC_FLOWS,		/* flow records handed to the core */
	AC_SAMPLED_OUT,		/* dropped by -R / --sample */
	AC_RECORDS,		/* records made */
	AC_L4_TRUNCATED,	/* drawn without ports: transport header cut */
	AC_L4_FRAGMENT,		/* drawn without ports: later fragment */
	AC_SKIP_FIRST,		/* + enum pk_result - 1: skipped frames by reason */
	AC_NO_HASH = AC_SKIP_FIRST + PK_RESULT_MAX - 1,
				/* -T given but too little captured to hash */
	AC_ANON_MAPPED,		/* --anonymise: addresses mapped */
	AC_ANON_KEPT,		/* ... kept in the clear (--anonymise-keep) */
	AC_MAX
};

/* How a source's description relates to the one the core makes. */
enum desc_mode {
	DESC_DEFAULT,		/* the core's "TCP src:... dst:..." */
	DESC_PREFIX,		/* the source's text, a space, then the core's */
	DESC_REPLACE,		/* the source's text alone (Snort -S) */
};

struct agent;

/* Per-frame context from a source. */
struct frame_meta {
	struct timeval	 ts;		/* the packet's own time */
	enum desc_mode	 mode;
	const char	*desc;		/* for DESC_PREFIX / DESC_REPLACE */
	size_t		 desc_len;
};

void	agent_frame(struct agent *, int linktype, const uint8_t *buf,
	    size_t caplen, const struct frame_meta *);
/* A flow record (no packet, no traceback hash); r->flag without the base. */
void	agent_flow(struct agent *, const struct pt_rec_out *r,
	    const struct timeval *ts);
/*
 * A record line made earlier (ending in '\n'), sent now with the time of its
 * packet: records that waited for their program's name (appmap.c).  k is
 * the packet's key, whose addresses place it for -G.
 */
void	agent_record_line(struct agent *, const struct appmap_key *k,
	    const char *line, size_t len, const struct timeval *ts);
/*
 * A whole datagram (up to 65507 bytes), sent as it is: the raw entry for a
 * source that replays datagrams already made (source-replay.c).  ts is the
 * time it carries.
 */
void	agent_datagram(struct agent *, const char *buf, size_t len,
	    const struct timeval *ts);

#endif /* PACKTER_AGENT_H */
