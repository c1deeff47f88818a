/*
 * sender.h - records into datagrams, datagrams to the viewers.
 *
 * Record lines are batched under one "PACKTER" keyword up to a payload size
 * (default 1400 bytes), or one per datagram with --no-batch.  A batch closes
 * when it is full, when a record's packet time is flush_us past the batch's
 * first (so a capture file gives the same datagrams every time), and when the
 * agent has been idle flush_us since the oldest unsent record.  A record
 * datagram ends with a PACKTERTIME line holding each record's capture time
 * (unless capture_times is 0), after, with the geo option (-G), a PACKTERGEO
 * line of each record's places; room for both is kept as records come.  Closed
 * datagrams go out with sendmmsg(2) to every viewer, or, with -n, are
 * printed as "TIME sec usec" + the datagram.  With send_thread, a thread of
 * the sender's own makes the sendmmsg(2) calls while the caller goes on
 * capturing (sender.c says how); the datagrams are the same.
 */
#ifndef PACKTER_SENDER_H
#define PACKTER_SENDER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>

struct auth_key;

#define SENDER_DEFAULT_PAYLOAD	1400
#define SENDER_MIN_PAYLOAD	256
#define SENDER_DEFAULT_FLUSH_US	5000

enum sender_counter {
	SC_RECORDS,		/* record lines taken */
	SC_DATAGRAMS,		/* datagrams completed */
	SC_SENT,		/* datagram sends that succeeded (per viewer) */
	SC_SEND_ERRORS,		/* sends that failed (refused, unreachable ...) */
	SC_TOO_LONG,		/* records longer than a datagram: dropped */
	SC_WRITE_ERRORS,	/* -n output failures */
	SC_MAX
};

struct sender_opts {
	size_t		 payload_max;	/* bytes per datagram, keyword included */
	int		 batch;		/* 0: one record per datagram */
	int64_t		 flush_us;
	int		 print_fd;	/* -n: print here instead of sending; -1 */
	/*
	 * End each record datagram with its PACKTERTIME trailer: the
	 * capture time of every record (docs/protocol.md).
	 */
	int		 capture_times;
	/*
	 * -G: each record datagram also has a PACKTERGEO line, before the
	 * PACKTERTIME one, with every record's places (sender_record_geo).
	 */
	int		 geo;
	/*
	 * Sign every datagram sent (not the -n output) with a PACKTERAGENT
	 * line: agent id and key, or NULL.  payload_max leaves room for it.
	 */
	const char		*auth_id;
	const struct auth_key	*auth_key;
	/*
	 * Send from a thread of the sender's own (started with the first
	 * datagram to a viewer; never for -n), pinned apart from the caller
	 * where there are three CPUs or more.  sender_flush() and
	 * sender_free() wait for it to have sent everything.
	 */
	int			 send_thread;
	int			 no_pin;	/* never pin the two threads */
	/*
	 * A viewer address that is a multicast group (224.0.0.0/4, ff00::/8):
	 * the hop limit of what is sent to it (0: the system's, 1) and the
	 * interface it leaves by (NULL: the route's).
	 */
	int			 mcast_ttl;
	const char		*mcast_if;
};

struct sender;

struct sender	*sender_new(const struct sender_opts *);
/*
 * "HOST", "HOST:PORT", "[V6]:PORT", "V6": 0, or -1 with err filled.  A
 * multicast group is sent to with the options' mcast_ttl and mcast_if; the
 * viewers on this host get a copy too (IP_MULTICAST_LOOP).
 */
int		 sender_add_viewer(struct sender *, const char *spec,
		    unsigned default_port, char *err, size_t errlen);
unsigned	 sender_viewers(const struct sender *);
/*
 * A BPF expression matching the datagrams sent to the viewers and the ICMP
 * port unreachables they may answer with, or NULL without viewers.
 */
char		*sender_viewer_filter(const struct sender *);

/*
 * Give one record line (with its newline).  ts is the packet's time; now_us
 * the monotonic clock.
 */
void		 sender_record(struct sender *, const char *line, size_t len,
		    const struct timeval *ts, int64_t now_us);
/*
 * The same, with the record's places as one PACKTERGEO word (geo_len
 * bytes, no blank; NULL: "-/-").  Without the geo option, as
 * sender_record.
 */
void		 sender_record_geo(struct sender *, const char *line,
		    size_t len, const struct timeval *ts, int64_t now_us,
		    const char *geo, size_t geo_len);
/* A whole datagram (up to 65507 bytes), sent as it is (replay of -n output). */
void		 sender_datagram(struct sender *, const char *buf, size_t len,
		    const struct timeval *ts, int64_t now_us);
/* When the idle flush is due (INT64_MAX if nothing waits). */
int64_t		 sender_deadline(const struct sender *);
/*
 * Close the open batch and send everything (with the send thread: wait
 * until it has).  0, or -1 on a -n write error.
 */
int		 sender_flush(struct sender *);
void		 sender_stats(const struct sender *, FILE *);
uint64_t	 sender_counter(const struct sender *, enum sender_counter);
const char	*sender_counter_name(enum sender_counter);
void		 sender_free(struct sender *);

#endif /* PACKTER_SENDER_H */
