/*
 * flow.h - what the flow collectors share: a UDP socket read in batches, the
 * exporter's address, a flow handed to the core as a record, and the
 * collectors' decoders.
 *
 * source-sflow.c (sFlow) and source-netflow.c (NetFlow v5/v9, IPFIX) each
 * bind a socket with flow_rx_open() (flow-udp.c) and pass every datagram's
 * payload to their decoder.  The decoders take bytes, the sender's address
 * and a time, and feed the core through agent_frame() / agent_flow(): a test
 * driver or a fuzzer can call them on payloads without any socket, providing
 * those two functions itself.
 */
#ifndef PACKTER_FLOW_H
#define PACKTER_FLOW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/time.h>

struct agent;

/* Who sent a datagram: an IPv4-mapped IPv6 sender is given as IPv4. */
struct flow_exporter {
	uint8_t		 family;	/* 4 or 6 */
	uint8_t		 addr[16];	/* network order; IPv4 in the first 4 */
	uint16_t	 port;
};

/* --- the socket (flow-udp.c) -------------------------------------------- */

#define FLOW_RX_BATCH	32		/* datagrams per recvmmsg(2) */
#define FLOW_RX_BUFSZ	65536		/* more than any UDP payload */
#define FLOW_RX_RCVBUF	(8 << 20)	/* socket buffer asked for */

struct flow_rx {
	int			 fd;
	unsigned		 n;		/* datagrams in the last batch */
	struct mmsghdr		*msgs;
	struct iovec		*iov;
	struct sockaddr_storage	*from;
	uint8_t			*bufs;
	char			 where[80];	/* "127.0.0.1:6343" as bound */
};

/*
 * Bind a non-blocking UDP socket as spec says: "PORT", "ADDR:PORT",
 * "[V6]:PORT", "ADDR" or "[V6]" (default_port then); NULL is the wildcard
 * address (IPv6 and IPv4 together where the host allows) on default_port.
 * Port 0 takes a free port.  Logs "what: listening on UDP ADDR:PORT".
 * Returns 0, or -1 with err filled.
 */
int		 flow_rx_open(struct flow_rx *, const char *spec,
		    unsigned default_port, const char *what, char *err,
		    size_t errlen);
/* Read the next batch: its size (0 = nothing waiting), or -1 with errno. */
int		 flow_rx_recv(struct flow_rx *);
const uint8_t	*flow_rx_data(const struct flow_rx *, unsigned i, size_t *len);
/* Whether datagram i was longer than its buffer (cut). */
int		 flow_rx_cut(const struct flow_rx *, unsigned i);
void		 flow_rx_exporter(const struct flow_rx *, unsigned i,
		    struct flow_exporter *);
void		 flow_rx_close(struct flow_rx *);

/* --- flows as records --------------------------------------------------- */

/* One flow (or one sampled packet) as a flow exporter describes it. */
struct flow_rec {
	uint8_t		 family;	/* 4 or 6 */
	uint8_t		 proto;		/* IP protocol */
	uint8_t		 has_tcp_flags;
	uint8_t		 tcp_flags;	/* cumulative, PK_TH_* bits */
	uint8_t		 icmp_type;
	uint8_t		 icmp_code;
	uint16_t	 sport;
	uint16_t	 dport;
	uint8_t		 src[16];
	uint8_t		 dst[16];
};

/*
 * Whether the core draws this protocol (TCP, UDP, ICMP, ICMPv6), as it
 * decides for captured packets.
 */
int		 flow_proto_drawn(int proto);

/*
 * Hand a flow to the core: flag class from the family, protocol and TCP
 * flags (SYN wins, then FIN/RST, else other), ports (ICMP: type*256 and
 * code*256), description = prefix + " " + the usual "TCP src:... dst:...".
 */
void		 flow_emit(struct agent *, const struct flow_rec *,
		    const char *prefix, size_t prefix_len,
		    const struct timeval *ts);

/* Decimal without printf, for descriptions on the hot path; no NUL. */
size_t		 flow_fmt_u64(char *dst, uint64_t v);	/* <= 20 */
/* Append s (NUL-terminated) at dst + n; returns the new length. */
size_t		 flow_put(char *dst, size_t n, const char *s);

/* --- the decoders ------------------------------------------------------- */

/* sFlow v2, v4, v5 (source-sflow.c). */
struct sflow_state;
struct sflow_state *sflow_state_new(void);
void		 sflow_state_free(struct sflow_state *);
void		 sflow_decode(struct sflow_state *, struct agent *,
		    const uint8_t *buf, size_t len,
		    const struct flow_exporter *, const struct timeval *now);
void		 sflow_state_stats(struct sflow_state *, FILE *,
		    const char *title);

/* NetFlow v5, v9 and IPFIX (source-netflow.c). */
struct nf_state;
struct nf_state	*nf_state_new(void);
void		 nf_state_free(struct nf_state *);
/* now_us: CLOCK_MONOTONIC, for how long data waits for its template. */
void		 nf_decode(struct nf_state *, struct agent *,
		    const uint8_t *buf, size_t len,
		    const struct flow_exporter *, const struct timeval *now,
		    int64_t now_us);
/* Forget data that waited too long for its template. */
void		 nf_expire(struct nf_state *, int64_t now_us);
void		 nf_state_stats(struct nf_state *, FILE *, const char *title);

#endif /* PACKTER_FLOW_H */
