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

/*
 * A collector as an agent source (source.h): the socket above, read in
 * batches, every datagram handed to a decoder.  Each collector describes its
 * decoder with one of these and calls flow_source_open().  The source
 * counts what never reaches the decoder itself: datagrams cut by the buffer
 * (datagrams-cut) and failed receives (receive-errors), printed after the
 * decoder's counters.
 */
struct flow_decoder {
	const char	*what;		/* "sflow", "netflow": logs and counters */
	unsigned	 default_port;
	/* opts: what flow_source_open() was given for it. */
	void		*(*state_new)(const void *opts);
	void		 (*state_free)(void *);
	void		 (*stats)(void *, FILE *, const char *title);
	/* Before each run (expiry of held data); may be NULL. */
	void		 (*tick)(void *, int64_t now_us);
	void		 (*decode)(void *, struct agent *, const uint8_t *,
			    size_t, const struct flow_exporter *,
			    const struct timeval *, int64_t now_us);
};

struct source	*flow_source_open(const struct flow_decoder *, const char *spec,
		    const void *opts, char *err, size_t errlen);

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

/* --- NetFlow v9 / IPFIX templates (netflow-templates.c) ----------------- */

/* The information elements a PACKTER record needs (IPFIX/v9 numbering). */
enum nf_key {
	NFK_BYTES,		/* 1 octetDeltaCount, IN_BYTES */
	NFK_PKTS,		/* 2 packetDeltaCount, IN_PKTS */
	NFK_PROTO,		/* 4 protocolIdentifier */
	NFK_TCPFLAGS,		/* 6 tcpControlBits */
	NFK_SPORT,		/* 7 sourceTransportPort */
	NFK_SRC4,		/* 8 sourceIPv4Address */
	NFK_DPORT,		/* 11 destinationTransportPort */
	NFK_DST4,		/* 12 destinationIPv4Address */
	NFK_BYTES_OUT,		/* 23 postOctetDeltaCount, OUT_BYTES */
	NFK_PKTS_OUT,		/* 24 postPacketDeltaCount, OUT_PKTS */
	NFK_SRC6,		/* 27 sourceIPv6Address */
	NFK_DST6,		/* 28 destinationIPv6Address */
	NFK_ICMP4,		/* 32 icmpTypeCodeIPv4, ICMP_TYPE */
	NFK_IPVER,		/* 60 ipVersion */
	NFK_BYTES_TOTAL,	/* 85 octetTotalCount */
	NFK_PKTS_TOTAL,		/* 86 packetTotalCount */
	NFK_ICMP6,		/* 139 icmpTypeCodeIPv6 */
	NFK_ICMP_TYPE4,		/* 176 icmpTypeIPv4 */
	NFK_ICMP_CODE4,		/* 177 icmpCodeIPv4 */
	NFK_ICMP_TYPE6,		/* 178 icmpTypeIPv6 */
	NFK_ICMP_CODE6,		/* 179 icmpCodeIPv6 */
	NFK_UDP_SPORT,		/* 180 udpSourcePort */
	NFK_UDP_DPORT,		/* 181 udpDestinationPort */
	NFK_TCP_SPORT,		/* 182 tcpSourcePort */
	NFK_TCP_DPORT,		/* 183 tcpDestinationPort */
	NFK_LAST_UPTIME,	/* 21 flowEndSysUpTime, LAST_SWITCHED */
	NFK_FIRST_UPTIME,	/* 22 flowStartSysUpTime, FIRST_SWITCHED */
	NFK_START_SEC,		/* 150 flowStartSeconds */
	NFK_END_SEC,		/* 151 flowEndSeconds */
	NFK_START_MS,		/* 152 flowStartMilliseconds */
	NFK_END_MS,		/* 153 flowEndMilliseconds */
	NFK_START_US,		/* 154 flowStartMicroseconds (NTP format) */
	NFK_END_US,		/* 155 flowEndMicroseconds */
	NFK_IP_SECTION,		/* 313 ipHeaderPacketSection */
	NFK_FRAME_SECTION,	/* 315 dataLinkFrameSection */
	NFK_MAX
};

#define NF_VARLEN		0xffff	/* IPFIX variable-length field */
#define NF_MAX_FIELDS		256	/* fields in one template */
#define NF_MAX_PER_EXPORTER	1024	/* templates per exporter address */
#define NF_MAX_TEMPLATES	16384	/* templates in all */
#define NF_MAX_EXPORTERS	4096	/* exporter addresses with templates */
#define NF_MAX_CHAIN		32	/* entries in one hash chain */

/* Where the elements of interest lie in a record; -1 = absent. */
struct nf_layout {
	int32_t		 off[NFK_MAX];
	uint16_t	 len[NFK_MAX];
};

/* A template's identity: exporter address, protocol, domain, template ID. */
struct nf_tkey {
	uint8_t		 family;
	uint8_t		 version;	/* 9 or 10 */
	uint16_t	 id;
	uint32_t	 domain;	/* v9 source ID, IPFIX observation domain */
	uint8_t		 addr[16];
};

struct nf_field {
	uint16_t	 id;		/* without the enterprise bit */
	uint16_t	 len;		/* NF_VARLEN: variable */
	uint32_t	 pen;		/* enterprise number, 0 = IETF */
};

struct nf_exporter;

struct nf_template {
	struct nf_tkey		 key;
	uint8_t			 options;	/* options template: data skipped */
	uint8_t			 variable;	/* has variable-length fields */
	uint16_t		 nfields;
	uint32_t		 minlen;	/* record length (fixed), or least */
	struct nf_layout	 lay;		/* fixed templates only */
	struct nf_field		*fields;
	int64_t			 refreshed_us;	/* learnt or last seen again */
	struct nf_exporter	*exp;
	struct nf_template	*next;		/* hash chain */
	/* All templates, oldest refresh first; the exporter's, LRU first. */
	struct nf_template	*a_prev, *a_next;
	struct nf_template	*u_prev, *u_next;
};

enum nf_learn {
	NF_LEARN_NEW,		/* a template not known before */
	NF_LEARN_SAME,		/* refreshed, unchanged */
	NF_LEARN_CHANGED,	/* same ID, new definition: replaced */
	NF_LEARN_CHAIN,		/* refused: its hash chain is full */
	NF_LEARN_INVALID,	/* refused: no fields, records too long */
};

/* What the cache let go, and why. */
enum nf_cache_counter {
	NFC_EXPIRED,		/* not refreshed within the timeout */
	NFC_EVICTED_CAP,	/* the LRU one of an exporter at its cap */
	NFC_EXPORTERS_EVICTED,	/* LRU exporters, when the cache was full */
	NFC_EVICTED_EXPORTER,	/* ... the templates that went with them */
	NFC_REFUSED_CHAIN,	/* refused: a hash chain at NF_MAX_CHAIN */
	NFC_MAX
};

struct nf_cache;
struct siphash_key;

void		 nf_layout_init(struct nf_layout *);
/* Note an element at off (IETF elements of interest only; first wins). */
void		 nf_layout_add(struct nf_layout *, const struct nf_field *,
		    uint32_t off, uint16_t len);
/*
 * key: the hash key, NULL for a random one (fuzzing and tests give theirs);
 * timeout_us: how long a template lives without a refresh, 0 for ever.
 */
struct nf_cache	*nf_cache_new(const struct siphash_key *key,
		    int64_t timeout_us);
void		 nf_cache_free(struct nf_cache *);
struct nf_template *nf_cache_find(struct nf_cache *, const struct nf_tkey *);
/* t decoded data: its exporter and it are the most recently used. */
void		 nf_cache_use(struct nf_cache *, struct nf_template *);
enum nf_learn	 nf_cache_learn(struct nf_cache *, const struct nf_tkey *,
		    int options, const struct nf_field *, unsigned nfields,
		    int64_t now_us);
/*
 * Withdraw one template (all = 0), or all templates (all = 1) of key's
 * exporter, version and domain that are options templates or not as
 * options says.  Returns how many went.
 */
unsigned	 nf_cache_withdraw(struct nf_cache *, const struct nf_tkey *,
		    int all, int options);
/* Drop the templates not refreshed within the timeout; how many went. */
unsigned	 nf_cache_expire(struct nf_cache *, int64_t now_us);
unsigned	 nf_cache_count(const struct nf_cache *);
unsigned	 nf_cache_exporters(const struct nf_cache *);
/* The longest hash chain there has been (templates or exporters). */
unsigned	 nf_cache_chain_max(const struct nf_cache *);
uint64_t	 nf_cache_counter(const struct nf_cache *,
		    enum nf_cache_counter);
const char	*nf_cache_counter_name(enum nf_cache_counter);

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
struct nf_opts {
	int64_t			 template_timeout_us;	/* 0: never expire */
	const struct siphash_key *key;		/* NULL: a random one */
};

struct nf_state;
/* opts NULL: the default timeout, a random key. */
struct nf_state	*nf_state_new(const struct nf_opts *);
void		 nf_state_free(struct nf_state *);
/* now_us: CLOCK_MONOTONIC, for how long data waits for its template. */
void		 nf_decode(struct nf_state *, struct agent *,
		    const uint8_t *buf, size_t len,
		    const struct flow_exporter *, const struct timeval *now,
		    int64_t now_us);
/* Forget data that waited too long for its template, and old templates. */
void		 nf_expire(struct nf_state *, int64_t now_us);
void		 nf_state_stats(struct nf_state *, FILE *, const char *title);

#endif /* PACKTER_FLOW_H */
