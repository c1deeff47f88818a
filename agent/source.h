/*
 * source.h - the one interface behind which every agent source lives.
 *
 * A source is one file in agent/ (source-pcap.c, source-sflow.c,
 * source-netflow.c, source-snort.c ...).  The main loop polls every source's
 * descriptor and calls run() when it is readable, or when the time the
 * source asked to be woken at has come (sources without a descriptor, such as
 * a paced capture file, live on wake times alone).  Adding a source touches
 * no other source: it needs a constructor declared here and a line in main.c.
 */
#ifndef PACKTER_SOURCE_H
#define PACKTER_SOURCE_H

#include <stdint.h>
#include <stdio.h>

struct agent;
struct source;

enum source_status {
	SRC_MORE,		/* call again when readable / at *wake_us */
	SRC_EOF,		/* finished cleanly (end of file) */
	SRC_ERROR,		/* finished with an error (already logged) */
};

#define SRC_NO_WAKE	INT64_MAX	/* wake only when the descriptor is readable */

struct source_ops {
	const char	*name;
	/* Descriptor to poll for reading, or -1. */
	int		(*fd)(struct source *);
	/*
	 * Produce what is ready, feeding the agent.  now_us is CLOCK_MONOTONIC
	 * in microseconds; set *wake_us to when to be called again without
	 * the descriptor becoming readable (SRC_NO_WAKE for never, now_us or
	 * earlier for "at once": used to yield after a budget of work).
	 */
	enum source_status (*run)(struct source *, struct agent *,
			    int64_t now_us, int64_t *wake_us);
	/* Print named counters (counters.h). */
	void		(*stats)(struct source *, FILE *);
	/* Release everything; the source is freed here. */
	void		(*close)(struct source *);
	/*
	 * Optional: called once all sources are open, before privileges are
	 * dropped and the loop starts.  NULL if not needed.
	 */
	int		(*start)(struct source *, int64_t now_us);
};

struct source {
	const struct source_ops	*ops;
	int			 done;	/* set by the main loop after EOF/ERROR */
	int64_t			 wake_us;
};

/* Options for the pcap source (-i / -r). */
struct pcap_opts {
	const char	*iface;		/* live capture, or NULL */
	const char	*file;		/* capture file ("-" = stdin), or NULL */
	const char	*filter;	/* BPF expression, or NULL */
	int		 snaplen;
	int		 promisc;
	int		 buffer_kb;	/* kernel buffer, 0 = default */
	int		 fanout_group;	/* live: PACKET_FANOUT group id, 0 = none */
	int		 fanout_member;	/* ... this one's number, for its name */
	double		 speed;		/* replay pace: 1 = as captured */
	int64_t		 max_gap_us;	/* --max-gap: longest wait, 0 = none */
	int		 fast;		/* as fast as possible */
	long		 loops;		/* times to play the file, >= 1 */
};

/* Constructors: return NULL after logging a one-line reason. */
struct source	*source_pcap_open(const struct pcap_opts *, char *err, size_t errlen);
/*
 * A pcap source's counters as they are now (the kernel's drops asked
 * again): up to max of them into v, their names in *names; how many.
 */
unsigned	 source_pcap_counters(struct source *, uint64_t *v, unsigned max,
		    const char *const **names);
/* Flow collectors: spec is "[ADDR:]PORT" or "[V6]:PORT" (NULL = default port). */
struct source	*source_sflow_open(const char *spec, char *err, size_t errlen);
/* template_timeout_s: how long a template lives unrefreshed, 0 for ever. */
#define NETFLOW_TEMPLATE_TIMEOUT 1800	/* seconds: RFC 7011 8.4, UDP */
struct source	*source_netflow_open(const char *spec,
		    unsigned template_timeout_s, char *err, size_t errlen);
/*
 * Snort's alert Unix socket at path (NULL = /var/log/snort/snort_alert);
 * incident: describe records as "Incident:<msg> sid:N gen:N rev:N" (-S).
 */
struct source	*source_snort_open(const char *path, int incident,
		    char *err, size_t errlen);
/* The replay of a -n text file with its original gaps (source-replay.c). */
struct source	*source_replay_open(const char *path, double speed,
		    int64_t max_gap_us, char *err, size_t errlen);

/*
 * Suricata's EVE JSON output (source-eve.c): a file followed from its end,
 * or replayed from its start, or "unix_dgram:PATH" / "unix_stream:PATH".
 */
struct eve_opts {
	const char	*spec;		/* --eve */
	int		 from_start;	/* --eve-from-start: replay the file */
	double		 speed;		/* its pace: 1 = as captured, 0 = --fast */
	int		 incident;	/* -S */
	const char	*events;	/* --eve-events, NULL = "alert" */
	size_t		 max_line;	/* --eve-max-line, 0 = 1 MiB */
};
struct source	*source_eve_open(const struct eve_opts *, char *err,
		    size_t errlen);

#endif /* PACKTER_SOURCE_H */
