/*
 * core.h - the agent core as the program (main.c) and the test and fuzz
 * drivers set it up: options, the sender it feeds, counters.
 *
 * Sources see only agent.h (agent_frame, agent_flow, agent_datagram).
 */
#ifndef PACKTER_CORE_H
#define PACKTER_CORE_H

#include <stdint.h>
#include <stdio.h>

#include "agent.h"

struct acl;
struct alarm;
struct appmap;
struct cryptopan;
struct geoip;
struct sender;

struct agent_opts {
	unsigned	 flag_base;	/* -f: added to every flag */
	const char	*tc_addr;	/* -T: traceback bridge address, or NULL */
	uint64_t	 sample_n;	/* -R N: keep 1 in N (0 = all) */
	/*
	 * --random-gap N (PACKTER 2.x's -R N): before each packet kept, skip
	 * a number drawn from 0 to N-1, so one in (N+1)/2 on average.
	 */
	uint64_t	 sample_gap;
	double		 sample_p;	/* --sample P (1 = all) */
	/*
	 * --se-per-packet (PACKTER 2.x's -s): after each record, a
	 * PACKTERSE naming se<class>.wav, the class its flag before -f.
	 */
	int		 se_per_packet;
	uint64_t	 seed;		/* of the sampling generator (0: any) */
	struct alarm	*alarm;		/* --alarm, or NULL; the core uses it */
	/*
	 * --anonymise: every address sent (records, descriptions) mapped by
	 * Crypto-PAn, but those in anon_keep (when it has entries); digests
	 * are still of the packet as captured.  NULL: addresses as they are.
	 */
	struct cryptopan *anon;
	const struct acl *anon_keep;
	/*
	 * -G: the places of every record's addresses, for the PACKTERGEO
	 * line (the sender's geo option on), or NULL.
	 */
	struct geoip	*geo;
};

/* The core feeding sender; neither is owned. */
struct agent	*agent_new(const struct agent_opts *, struct sender *);
void		 agent_free(struct agent *);
/*
 * --app, --tag-apps: records judged by the appmap (appmap.h), which is
 * started once the capture is open; not owned.
 */
void		 agent_set_appmap(struct agent *, struct appmap *);
/* The monotonic clock (µs) for what the sources hand over next. */
void		 agent_set_now(struct agent *, int64_t now_us);
uint64_t	 agent_counter(const struct agent *, enum agent_counter);
const char	*agent_counter_name(enum agent_counter);	/* may be NULL */
void		 agent_stats(const struct agent *, FILE *);

#endif /* PACKTER_CORE_H */
