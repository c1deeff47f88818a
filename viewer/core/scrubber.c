/*
 * scrubber.c - density bins over the history and x <-> time (scrubber.h).
 */
#include "config.h"
#include "scrubber.h"

#include <string.h>

#include "protocol.h"

void
scrub_range(const struct history *h, int64_t now, int64_t *t0, int64_t *t1)
{
	int64_t last;

	*t0 = history_count(h) > 0 ? history_stamp(h, h->tail) : now;
	*t1 = now;
	if (history_count(h) > 0) {
		last = history_stamp(h, h->head - 1) + 1;
		if (last > *t1)
			*t1 = last;
	}
	if (*t0 > *t1)
		*t0 = *t1;
	if (*t1 - *t0 < 1000000)	/* at least a millisecond */
		*t0 = *t1 - 1000000;
}

int64_t
scrub_bin_time(const struct scrubber *s, int i)
{
	return s->t0 + (int64_t)((double)(s->t1 - s->t0) * (double)i /
	    (double)s->n);
}

void
scrub_build(struct scrubber *s, const struct history *h, int64_t t0,
    int64_t t1, int n)
{
	uint64_t a, b, seq, k, votes[PT_FLAG_CLASSES], step;
	unsigned f, best;
	int i;

	if (n < 1)
		n = 1;
	if (n > SCRUB_MAX_BINS)
		n = SCRUB_MAX_BINS;
	if (t1 <= t0)
		t1 = t0 + 1;
	s->t0 = t0;
	s->t1 = t1;
	s->n = n;
	s->max = 0;
	a = history_lower_bound(h, t0);
	for (i = 0; i < n; i++) {
		b = history_lower_bound(h, scrub_bin_time(s, i + 1));
		if (i == n - 1)
			b = history_lower_bound(h, t1);
		s->count[i] = b - a > UINT32_MAX ? UINT32_MAX :
		    (uint32_t)(b - a);
		s->dominant[i] = 0;
		if (b > a) {
			memset(votes, 0, sizeof(votes));
			step = (b - a + SCRUB_SAMPLES - 1) / SCRUB_SAMPLES;
			for (k = 0, seq = a; seq < b && k < SCRUB_SAMPLES;
			    k++, seq += step)
				votes[history_ball(h, seq)->flag %
				    PT_FLAG_CLASSES]++;
			for (f = 1, best = 0; f < PT_FLAG_CLASSES; f++)
				if (votes[f] > votes[best])
					best = f;
			s->dominant[i] = (uint8_t)best;
		}
		if (s->count[i] > s->max)
			s->max = s->count[i];
		a = b;
	}
}

int64_t
scrub_time_at(const struct scrubber *s, double f)
{
	if (!(f > 0.0))
		f = 0.0;
	if (f > 1.0)
		f = 1.0;
	return s->t0 + (int64_t)((double)(s->t1 - s->t0) * f);
}

double
scrub_frac_of(const struct scrubber *s, int64_t t)
{
	double f;

	if (s->t1 <= s->t0)
		return 1.0;
	f = (double)(t - s->t0) / (double)(s->t1 - s->t0);
	return f < 0.0 ? 0.0 : f > 1.0 ? 1.0 : f;
}
