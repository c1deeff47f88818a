/*
 * snort.h - Snort's Alertpkt (alert_unixsock output) decoder: one alert
 * datagram to one frame for the agent core (snort.c).
 *
 * The socket lives in source-snort.c; the decoder takes bytes, so the fuzz
 * target and the tests drive it without a socket.  See snort.c for the
 * layout and what is trusted.
 */
#ifndef PACKTER_SNORT_H
#define PACKTER_SNORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "log.h"

#define SNORT_MSG_LEN		256
#define SNORT_SNAPLEN		65535
#define SNORT_SIZE		65864	/* Snort 2.9, Snort 3 */
#define SNORT_SIZE_APPID	65928	/* Snort 2.9.7+ with OpenAppID */
/* Where the event starts: alertmsg, pkth, offsets, val, pkt, padding. */
#define SNORT_HEAD		292
#define SNORT_EVENT_AT		(SNORT_HEAD + SNORT_SNAPLEN + 1)

enum snort_counter {
	SN_DATAGRAMS,		/* datagrams received */
	SN_ALERTS,		/* alerts drawn */
	SN_APPID,		/* ... of them in the OpenAppID layout */
	SN_OLD_HEADER,		/* ... with old 64-bit Snort 2.9's pkth */
	SN_BAD_SIZE,		/* not a size we know: dropped */
	SN_NO_PACKET,		/* alerts without a packet: not drawn */
	SN_TRUNCATED,		/* packet cut before its network header */
	SN_INVALID,		/* caplen or offsets outside the packet */
	SN_RECV_ERRORS,		/* recv(2) failures (the socket's) */
	SN_MAX
};

struct agent;

struct snort_decoder {
	int			 incident;	/* -S: "Incident:MSG sid:..." */
	uint64_t		 c[SN_MAX];
	struct ratelimit	 rl_size;
	struct ratelimit	 rl_bad;
	char			 name[128];	/* for logs and counters */
};

void	snort_decoder_init(struct snort_decoder *, const char *name,
	    int incident);
/* One datagram, as received (its whole length). */
void	snort_decode(struct snort_decoder *, struct agent *,
	    const uint8_t *buf, size_t len);
void	snort_decoder_stats(const struct snort_decoder *, FILE *);

#endif /* PACKTER_SNORT_H */
