/*
 * fanout.h - live capture over several threads (--threads N): one
 * PACKET_FANOUT group on the interface, one member socket per thread, the
 * kernel handing each flow's packets to one of them (source-fanout.c).
 */
#ifndef PACKTER_FANOUT_H
#define PACKTER_FANOUT_H

#include <stddef.h>

struct agent_opts;
struct pcap_opts;
struct pt_place;
struct sender_opts;
struct source;

#define FANOUT_MAX_THREADS	64

struct fanout_opts {
	const struct pcap_opts	 *pcap;		/* the live capture's (-i) */
	unsigned		  threads;	/* 2 .. FANOUT_MAX_THREADS */
	/*
	 * Each thread has a core and a sender of its own made with these
	 * (neither alarm nor anonymiser: they are not shared between
	 * threads), sending to the same viewers.
	 */
	const struct agent_opts	 *agent;
	const struct sender_opts *sender;
	const char *const	 *viewers;
	unsigned		  nviewers;
	unsigned		  port;		/* the viewers' default port */
	/*
	 * -G: each thread opens the database for itself (the pages of the
	 * map are the kernel's to share), with a cache and counters of its
	 * own, and home (NULL: none) for the private addresses.
	 */
	const char		 *geo_path;
	const struct pt_place	 *geo_home;
};

/*
 * A source that stands for the threads in the main loop: its descriptor
 * becomes readable when one of them stops (a capture error); its counters
 * are each thread's capture and the sums of their cores, senders and (-G)
 * GeoIP look-ups.  The threads start with the main loop (the source's
 * start) and stop when it is closed, or when the counters are printed on
 * the way out.
 */
struct source	*source_fanout_open(const struct fanout_opts *, char *err,
		    size_t errlen);

#endif /* PACKTER_FANOUT_H */
