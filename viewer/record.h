/*
 * record.h - --record FILE and --play FILE: what the viewer receives, to a
 * file and back (the format is viewer/core/recfile.h's: the agent's -n).
 */
#ifndef PACKTER_VIEWER_RECORD_H
#define PACKTER_VIEWER_RECORD_H

#include <stdint.h>
#include <stdio.h>

#include "history.h"
#include "net.h"

struct recorder {
	FILE		*f;
	const char	*path;
	uint64_t	 datagrams;
	uint64_t	 errors;
};

/* Open path for writing (truncated); -1 and err on failure. */
int	record_open(struct recorder *, const char *path, char *err,
	    size_t errlen);
/* net's on_datagram: write the time line and the datagram. */
void	record_datagram(void *arg, const char *buf, size_t len,
	    int64_t wall_ns);
void	record_flush(struct recorder *);
void	record_close(struct recorder *);

/*
 * --play: read path into the history through net_feed(), shifted so that
 * the last datagram arrived at now (monotonic ns): the recording then ends
 * at the live edge and its capture times stay as they were.  The
 * datagrams read, those skipped (bad time lines) and the control messages
 * (counted, not shown) go to *got, *bad.  0, or -1 and err.
 */
int	play_file(const char *path, struct net *, struct history *,
	    int64_t now, uint64_t *got, uint64_t *bad, char *err,
	    size_t errlen);

#endif /* PACKTER_VIEWER_RECORD_H */
