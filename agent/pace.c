/*
 * pace.c - capture time to wall time for paced replay (pace.h).
 */
#include "config.h"

#include "pace.h"

void
pacer_init(struct pacer *p, double speed, int64_t max_gap_us)
{
	p->speed = speed > 0 ? speed : 1.0;
	p->max_gap_us = max_gap_us > 0 ? max_gap_us : 0;
	p->started = 0;
	p->gaps_cut = 0;
}

void
pacer_restart(struct pacer *p)
{
	p->started = 0;
}

int64_t
pacer_due(struct pacer *p, int64_t pkt_us, int64_t now_us)
{
	double wait, gap;

	if (!p->started) {
		p->started = 1;
		p->base_wall_us = now_us;
		p->base_pkt_us = pkt_us;
		p->last_pkt_us = pkt_us;
		return now_us;
	}
	if (pkt_us <= p->last_pkt_us)
		return now_us;			/* backwards or the same: now */
	if (p->max_gap_us > 0) {
		/* In doubles: a hostile time cannot overflow the sums. */
		gap = ((double)pkt_us - (double)p->last_pkt_us) / p->speed;
		if (gap > (double)p->max_gap_us) {
			p->base_pkt_us += (int64_t)((gap -
			    (double)p->max_gap_us) * p->speed);
			p->gaps_cut++;
		}
	}
	p->last_pkt_us = pkt_us;
	wait = ((double)pkt_us - (double)p->base_pkt_us) / p->speed;
	if (wait <= 0)
		return now_us;
	if (wait > 9e15)			/* centuries: never, in practice */
		wait = 9e15;
	return p->base_wall_us + (int64_t)wait;
}
