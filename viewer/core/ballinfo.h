/*
 * ballinfo.h - what a ball tells: the lines of its hover or pin box, made
 * from its record line as received, its capture time and its trace.
 *
 * Pure: the record line is parsed again with common/'s parser, so the box
 * shows the fields as they were sent.  The lines, in order:
 *
 *   IPv4 TCP SYN                          the class (pt_flag_label)
 *   src 10.1.2.3 port 40000               or for ICMP and ICMPv6 (flags 4
 *   dst 172.16.5.6 port 443                 and 9) the addresses alone and
 *                                           "echo request (type 8, code 0)"
 *   captured 2026-01-02 12:00:00.123456 +0100   (UTC: "... UTC"; without a
 *                                           capture time, the arrival time)
 *   digest 0123456789ab...cdef            with -T: the SPIE digest, short,
 *   bridge 192.0.2.10                       and the bridge's address
 *   exporter 192.0.2.1 (NetFlow v9)       flow records: who exported it,
 *   packets 12, bytes 3400                  the counts, the sampling rate
 *   TCP src:... dst:...                   the rest of the description,
 *                                           cut into lines
 *   trace #2 found: AS64500 AS64501       once T asked for it
 *   ball 1 of 3 here (Tab: next)          several balls under the pointer
 *
 * Times are formatted here too, without the C library's time zone: the
 * edge passes the offset of local time from UTC for the instant shown.
 */
#ifndef PACKTER_VIEWER_BALLINFO_H
#define PACKTER_VIEWER_BALLINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BI_MAX_LINES	14
#define BI_LINE		96	/* bytes a line, the NUL included */
#define BI_DESC_LINES	3	/* the description's share of lines */

/* How a line is drawn. */
enum bi_kind { BI_TITLE, BI_TEXT, BI_DIM, BI_WARN, BI_GOOD };

struct ballinfo {
	int		 n;
	char		 line[BI_MAX_LINES][BI_LINE];
	uint8_t		 kind[BI_MAX_LINES];
	unsigned	 flag;		/* for the title's colour */
};

struct trace_entry;

struct ballinfo_in {
	const char	*line;		/* SRC,DST,SPORT,DPORT,FLAG,DESC */
	size_t		 len;
	size_t		 desc_off;	/* where DESC starts */
	unsigned	 flag;		/* the ball's, if the line is no record */
	int64_t		 capture_us;	/* PT_TIME_NONE: not known */
	int64_t		 arrival_us;	/* wall clock, µs since the epoch */
	int32_t		 tz_offset_s;	/* local - UTC at the time shown */
	bool		 utc;		/* show UTC, not local time */
	const struct trace_entry *trace;	/* NULL: never traced */
	size_t		 under;		/* balls under the pointer */
	int		 index;		/* this one among them, from 0 */
};

void	ballinfo_make(struct ballinfo *, const struct ballinfo_in *);

/* "echo request", "port unreachable" ...; NULL when not known. */
const char *ballinfo_icmp_type(bool v6, unsigned type);
const char *ballinfo_icmp_code(bool v6, unsigned type, unsigned code);

enum bi_time {
	BI_TIME_FULL,		/* 2026-01-02 12:00:00.123456 +0100 (or UTC) */
	BI_TIME_CLOCK,		/* 12:00:00 */
	BI_TIME_ISO		/* 2026-01-02T12:00:00.123456Z, always UTC */
};

/*
 * Format a time (µs since the epoch) at offset tz_offset_s from UTC (unless
 * utc); returns buf.
 */
char	*ballinfo_time(char *buf, size_t len, int64_t us, int32_t tz_offset_s,
	    bool utc, enum bi_time style);

#endif /* PACKTER_VIEWER_BALLINFO_H */
