/*
 * pace.h - when a packet (or a replayed datagram) is due, when a capture is
 * played as it was captured (--speed X), with the gaps in it cut to at most
 * --max-gap seconds of waiting (as tcpreplay's --maxsleep).
 *
 * The first packet is due at once; each one after it at the time the
 * capture says it came after the first, scaled by the speed, less whatever
 * was cut from the gaps before it.  Time going backwards in the capture
 * makes a packet due at once.
 */
#ifndef PACKTER_PACE_H
#define PACKTER_PACE_H

#include <stdint.h>

struct pacer {
	double		 speed;		/* > 0: 1 = as captured */
	int64_t		 max_gap_us;	/* longest wait between two, 0 = no cap */
	int		 started;
	int64_t		 base_wall_us;	/* monotonic time the first was due */
	int64_t		 base_pkt_us;	/* its capture time, shifted by cuts */
	int64_t		 last_pkt_us;	/* the latest capture time seen */
	uint64_t	 gaps_cut;	/* gaps shortened to max_gap_us */
};

void	pacer_init(struct pacer *, double speed, int64_t max_gap_us);
/* Start again (a new pass of a looped file); the counter stays. */
void	pacer_restart(struct pacer *);
/* The monotonic time pkt_us (a capture time, µs) is due at. */
int64_t	pacer_due(struct pacer *, int64_t pkt_us, int64_t now_us);

#endif /* PACKTER_PACE_H */
