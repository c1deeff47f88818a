/*
 * status.h - the words of the HUD's status panel (top left) and of the
 * banner over the boards, from the counters and the timeline: pure, so the
 * tests read what the HUD will say without a window.
 *
 * Four lines, each of at most two spans with a tone the HUD turns into a
 * colour:
 *
 *   PACKTER viewer   UDP 11300   60.0 fps   850 records/s   120 in flight
 *   lost 0: kernel 0, refused 0, bad lines 0     history: 3,000 records, 30 s
 *   LIVE   2023-11-14 22:13:25.010 UTC   capture time   (H: help)
 *   (a note: "REPLAY x1 - C: back to live", what + does while live ...)
 *
 * What was lost (the kernel's drops, datagrams refused by --allow or the
 * keys, truncated ones, bad record lines) is red when any; what aged out of
 * the history is grey and says how far back the history reaches now.
 * Times are wall times (timebase.h) in the local zone with its abbreviation,
 * or in UTC.
 */
#ifndef PACKTER_VIEWER_STATUS_H
#define PACKTER_VIEWER_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "timebase.h"
#include "timeline.h"

#define STATUS_LINES	4
#define STATUS_SPANS	2
#define STATUS_LEN	200

enum status_tone { ST_NORMAL, ST_LOST, ST_AGED, ST_WARN, ST_DIM };

struct status_in {
	uint16_t	 port;
	double		 fps;
	double		 records_per_s;
	uint64_t	 in_flight;
	/* Lost before the history. */
	uint64_t	 kernel_drops;
	uint64_t	 refused;	/* --allow, keys */
	uint64_t	 truncated;
	uint64_t	 bad_lines;
	/* The history. */
	uint64_t	 kept;
	uint64_t	 aged;		/* let go to make room */
	int64_t		 first_wall;	/* wall ns of the first kept, or MIN */
	int64_t		 last_wall;
	/* The timeline. */
	enum tl_mode	 mode;
	double		 speed;
	int64_t		 behind;	/* ns behind live */
	int64_t		 wall;		/* display time on the wall, or MIN */
	enum tb_kind	 kind;
	bool		 utc;
	bool		 before_history; /* shown before the first kept */
	bool		 playing_file;	/* --play, not listening */
	const char	*note;		/* a passing word, or NULL */
};

struct status_span {
	char		 text[STATUS_LEN];
	enum status_tone tone;
};

struct status_text {
	struct status_span line[STATUS_LINES][STATUS_SPANS];
	int		 nlines;
	/* Over the boards, or "" when nothing needs saying. */
	char		 banner[2][STATUS_LEN];
};

void	status_build(const struct status_in *, struct status_text *);

/* "2023-11-14 22:13:25.010 UTC" (or the local zone's abbreviation). */
void	status_fmt_clock(char *, size_t, int64_t wall_ns, bool utc);
/* "22:13:25" */
void	status_fmt_hms(char *, size_t, int64_t wall_ns, bool utc);
/* "3 h 12 min", "4 min 05 s", "12.5 s" */
void	status_fmt_span(char *, size_t, int64_t ns);
/* "1,000,000" */
void	status_fmt_count(char *, size_t, uint64_t);

#endif /* PACKTER_VIEWER_STATUS_H */
