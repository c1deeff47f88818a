/*
 * recfile.h - the viewer's recording format (--record, --play): what
 * `packter-agent -n` writes, one datagram after each time line:
 *
 *     TIME <sec> <usec>\n        when the datagram arrived (the viewer's
 *     <datagram text>            wall clock), then the datagram as received,
 *                                to the next line that starts with "TIME "
 *
 * Record datagrams carry their capture times in their PACKTERTIME trailer
 * (docs/protocol.md 3.3), so a recording has both times; `packter-agent
 * --replay` sends one again.  A datagram that does not end in a newline gets
 * one.  recfile_next() splits a file held in memory: it is input, so every
 * time line is checked and a bad one is counted and its datagram skipped.
 */
#ifndef PACKTER_VIEWER_RECFILE_H
#define PACKTER_VIEWER_RECFILE_H

#include <stddef.h>
#include <stdint.h>

struct recfile {
	const char	*p, *e;		/* what is left */
	uint64_t	 datagrams;
	uint64_t	 bad;		/* bad time lines (datagram skipped) */
};

struct rec_dgram {
	int64_t		 wall_ns;	/* arrival */
	const char	*buf;
	size_t		 len;
};

void	recfile_init(struct recfile *, const char *buf, size_t len);
/* The next datagram: 1, or 0 at the end. */
int	recfile_next(struct recfile *, struct rec_dgram *);

/* "TIME sec usec\n" for wall_ns into dst (at least RECFILE_TIME_MAX). */
#define RECFILE_TIME_MAX	48
size_t	recfile_fmt_time(char *dst, int64_t wall_ns);

#endif /* PACKTER_VIEWER_RECFILE_H */
