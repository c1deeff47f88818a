/*
 * topn.h - the top talkers: the busiest sources, destinations, ports and
 * pairs among the records that arrived in a span of display time.
 *
 * The records' lines are read again (the history keeps them); a span with
 * more records than the caller's bound is sampled evenly and the counts
 * scaled, which the result says.  Fixed tables, allocated once: a key that
 * finds its table full is counted among the others.
 */
#ifndef PACKTER_VIEWER_TOPN_H
#define PACKTER_VIEWER_TOPN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "history.h"

enum topn_kind { TOPN_SRC = 0, TOPN_DST, TOPN_SPORT, TOPN_DPORT, TOPN_PAIR,
    TOPN_KINDS };

#define TOPN_ROWS	5
#define TOPN_KEY_MAX	(2 * 46 + 4)

struct topn_row {
	char		 key[TOPN_KEY_MAX];	/* "192.0.2.1", "443", "a > b" */
	uint64_t	 count;
};

struct topn_result {
	struct topn_row	 rows[TOPN_KINDS][TOPN_ROWS];
	int		 n[TOPN_KINDS];
	uint64_t	 records;	/* in the span (before sampling) */
	uint64_t	 read;		/* of them, read */
	double		 seconds;	/* the span */
};

struct topn;

struct topn	*topn_new(void);
void		 topn_free(struct topn *);

/*
 * The records with stamps in (t - span, t], at most max_read of them read.
 * Only those for which keep(arg, seq) is true (NULL: all) are counted.
 */
void		 topn_compute(struct topn *, const struct history *, int64_t t,
		    int64_t span, size_t max_read,
		    bool (*keep)(void *, uint64_t), void *arg,
		    struct topn_result *);

/* The filter that picks row r of kind k ("src host 192.0.2.1" ...). */
void		 topn_filter(enum topn_kind, const struct topn_row *, char *buf,
		    size_t len);

#endif /* PACKTER_VIEWER_TOPN_H */
