/*
 * source-sflow.c - sFlow collector: one PACKTER record per flow sample.
 *
 * Follows "sFlow Version 5" (sflow.org, July 2004) and, for versions 2 and
 * 4, RFC 3176.  Everything is XDR: 32-bit big-endian integers, opaque data
 * padded to a multiple of 4 bytes.
 *
 *   datagram                        v5 sample / v5 flow record
 *   +----------------------------+  +------------------------------------+
 *   | version (2, 4, 5)          |  | format: enterprise(20) | type(12)  |
 *   | agent address type (1 | 2) |  | length of data                     |
 *   | agent address (4 | 16)    |  | data ...                           |
 *   | sub-agent id          (v5) |  +------------------------------------+
 *   | sequence number            |
 *   | uptime (ms)                |  flow sample (0:1)   expanded (0:3)
 *   | number of samples          |  +------------------+------------------+
 *   | samples ...                |  | sequence         | sequence         |
 *   +----------------------------+  | source id        | source type, idx |
 *                                   | sampling rate    | sampling rate    |
 *   raw packet header (0:1)         | sample pool      | sample pool      |
 *   +----------------------------+  | drops            | drops            |
 *   | header protocol            |  | input, output    | in fmt, value,   |
 *   | frame length (original)    |  |                  | out fmt, value   |
 *   | stripped             (v5) |  | number of records| number of records|
 *   | header length (present)    |  | records ...      | records ...      |
 *   | header bytes, padded       |  +------------------+------------------+
 *   +----------------------------+
 *   sampled IPv4 (0:3): length, protocol, src(4), dst(4), sport, dport,
 *                       tcp flags, tos                     (32 bytes)
 *   sampled IPv6 (0:4): the same with 16-byte addresses and a priority
 *
 * Versions 2 and 4 carry no lengths: a sample is a type (1 flow, 2 counters)
 * followed by its fields, a flow sample holds one packet (1 header, 2 IPv4,
 * 3 IPv6) and then typed extended data, so an unknown type ends the datagram.
 *
 * The raw header is decoded by common/ as what its protocol field says
 * (Ethernet, IPv4 or IPv6), from the header_length bytes present; the frame
 * length is the original packet's and is not used to bound anything.
 * A sample with both a raw header and a sampled IP record is drawn from the
 * header.  Counter samples, extended data and records of other enterprises
 * are skipped by their declared length and counted.
 */
#include "config.h"

#include "flow.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent.h"
#include "counters.h"
#include "stats.h"
#include "cursor.h"
#include "decode.h"
#include "log.h"
#include "source.h"

#define SFLOW_DEFAULT_PORT	6343

enum sflow_counter {
	SF_DATAGRAMS,		/* datagrams received */
	SF_BAD_VERSION,		/* not version 2, 4 or 5: dropped */
	SF_TRUNCATED,		/* a length or count ran past the datagram */
	SF_INVALID,		/* an element contradicted its declared length */
	SF_FLOW_SAMPLES,	/* flow samples (v5 format 1, v2/v4 type 1) */
	SF_EXPANDED_SAMPLES,	/* expanded flow samples (v5 format 3) */
	SF_COUNTER_SAMPLES,	/* counter samples: skipped */
	SF_OTHER_SAMPLES,	/* other sample types and enterprises: skipped */
	SF_RAW_HEADERS,		/* samples drawn from a raw packet header */
	SF_SAMPLED_IP,		/* samples drawn from a sampled IPv4/IPv6 record */
	SF_OTHER_RECORDS,	/* flow records not used (extended, unknown) */
	SF_HEADER_PROTO,	/* raw headers of another protocol: skipped */
	SF_NO_PACKET,		/* flow samples without a packet record */
	SF_SKIP_PROTO,		/* sampled IP records of a protocol not drawn */
	SF_MAX
};

static const char *const sflow_counter_names[SF_MAX] = {
	[SF_DATAGRAMS]		= "datagrams",
	[SF_BAD_VERSION]	= "bad-version",
	[SF_TRUNCATED]		= "truncated",
	[SF_INVALID]		= "invalid",
	[SF_FLOW_SAMPLES]	= "flow-samples",
	[SF_EXPANDED_SAMPLES]	= "expanded-flow-samples",
	[SF_COUNTER_SAMPLES]	= "counter-samples-skipped",
	[SF_OTHER_SAMPLES]	= "other-samples-skipped",
	[SF_RAW_HEADERS]	= "raw-headers",
	[SF_SAMPLED_IP]		= "sampled-ip-records",
	[SF_OTHER_RECORDS]	= "other-records-skipped",
	[SF_HEADER_PROTO]	= "header-protocol-skipped",
	[SF_NO_PACKET]		= "samples-without-packet",
	[SF_SKIP_PROTO]		= "skipped-ip-proto",
};

struct sflow_state {
	uint64_t		 c[SF_MAX];
	struct ratelimit	 rl_version;
	struct ratelimit	 rl_bad;
};

/* Result of decoding one element. */
enum sf_res {
	SFR_OK,
	SFR_TRUNC,		/* ran past the datagram */
	SFR_INVALID,		/* contradicts its own declared length/fields */
};

/* The packet a flow sample carries: the first raw header, else sampled IP. */
struct sf_packet {
	int			 kind;		/* 0 none, 1 header, 2 sampled IP */
	int			 linktype;
	const uint8_t		*hdr;
	size_t			 hlen;
	struct flow_rec		 rec;
};

/* One datagram being decoded. */
struct sf_dgram {
	struct sflow_state		*st;
	struct agent			*ag;
	const struct flow_exporter	*from;
	const struct timeval		*ts;
	uint32_t			 version;
	char				 prefix[128];	/* "sFlow agent=A" */
	size_t				 prefix_base;
	size_t				 prefix_len;	/* + " rate=1:N" */
	uint32_t			 rate;		/* N of prefix_len */
};

/* Sizes of the v2/v4 counter blocks by counters version (RFC 3176). */
#define SF_V24_IF_COUNTERS	88
static const uint16_t sf_v24_counters[8] = {
	0,
	SF_V24_IF_COUNTERS,		/* 1 generic */
	SF_V24_IF_COUNTERS + 52,	/* 2 ethernet */
	SF_V24_IF_COUNTERS + 72,	/* 3 token ring */
	SF_V24_IF_COUNTERS,		/* 4 FDDI */
	SF_V24_IF_COUNTERS + 80,	/* 5 100BaseVG */
	SF_V24_IF_COUNTERS,		/* 6 WAN */
	28,				/* 7 VLAN */
};

static void
sf_bad(struct sf_dgram *dg, enum sf_res r, const char *what)
{
	char a[PT_ADDRSTRLEN + 1];
	size_t n;

	dg->st->c[r == SFR_TRUNC ? SF_TRUNCATED : SF_INVALID]++;
	n = pt_fmt_addr(a, dg->from->family, dg->from->addr);
	a[n] = '\0';
	log_limited(&dg->st->rl_bad, LOG_LVL_WARN, "sFlow v%u from %s: %s %s",
	    (unsigned)dg->version, a, what,
	    r == SFR_TRUNC ? "runs past the datagram" :
	    "does not match its length");
}

/* Skip n bytes of XDR opaque data and their padding. */
static enum sf_res
sf_skip_opaque(struct cursor *c, uint32_t n, enum sf_res past)
{
	size_t pad = (4 - (n & 3)) & 3;

	if (n > cur_left(c) || pad > cur_left(c) - n ||
	    !cur_skip(c, (size_t)n + pad))
		return past;
	return SFR_OK;
}

/*
 * Raw packet header.  past: what running out of c means (an element of
 * declared length: invalid; the rest of a v2/v4 datagram: truncated).
 */
static enum sf_res
sf_header(struct sf_dgram *dg, struct cursor *c, enum sf_res past,
    struct sf_packet *pk)
{
	uint32_t proto, frame_len, stripped, hlen;
	const uint8_t *hdr;

	if (!cur_be32(c, &proto) || !cur_be32(c, &frame_len))
		return past;
	if (dg->version == 5 && !cur_be32(c, &stripped))
		return past;
	if (!cur_be32(c, &hlen))
		return past;
	hdr = cur_pos(c);
	if (sf_skip_opaque(c, hlen, past) != SFR_OK)
		return past;
	if (pk->kind == 1)
		return SFR_OK;			/* keep the first header */
	switch (proto) {
	case 1:
		pk->linktype = PK_DLT_EN10MB;
		break;
	case 11:
		pk->linktype = PK_DLT_IPV4;
		break;
	case 12:
		pk->linktype = PK_DLT_IPV6;
		break;
	default:
		dg->st->c[SF_HEADER_PROTO]++;
		return SFR_OK;
	}
	pk->kind = 1;
	pk->hdr = hdr;
	pk->hlen = hlen;
	return SFR_OK;
}

/* Sampled IPv4 (32 bytes) or IPv6 (56 bytes) record. */
static enum sf_res
sf_sampled_ip(struct cursor *c, int v6, enum sf_res past, struct sf_packet *pk)
{
	struct flow_rec *f = &pk->rec;
	uint32_t len, proto, sport, dport, flags, tos;
	size_t alen = v6 ? 16 : 4;
	uint8_t src[16], dst[16];

	if (!cur_be32(c, &len) || !cur_be32(c, &proto) ||
	    !cur_bytes(c, src, alen) || !cur_bytes(c, dst, alen) ||
	    !cur_be32(c, &sport) || !cur_be32(c, &dport) ||
	    !cur_be32(c, &flags) || !cur_be32(c, &tos))
		return past;
	if (pk->kind != 0)
		return SFR_OK;
	memset(f, 0, sizeof(*f));
	f->family = v6 ? 6 : 4;
	f->proto = (uint8_t)proto;
	memcpy(f->src, src, alen);
	memcpy(f->dst, dst, alen);
	if (proto > 255)
		return SFR_INVALID;
	if (f->proto == PK_IPPROTO_ICMP || f->proto == PK_IPPROTO_ICMPV6) {
		/* Agents put the ICMP type and code in the port fields. */
		f->icmp_type = (uint8_t)sport;
		f->icmp_code = (uint8_t)dport;
	} else {
		f->sport = (uint16_t)sport;
		f->dport = (uint16_t)dport;
	}
	f->has_tcp_flags = 1;
	f->tcp_flags = (uint8_t)flags;
	pk->kind = 2;
	return SFR_OK;
}

/* Draw the sample's packet. */
static void
sf_emit(struct sf_dgram *dg, uint32_t rate, const struct sf_packet *pk)
{
	struct frame_meta m;
	size_t n;

	if (pk->kind == 0) {
		dg->st->c[SF_NO_PACKET]++;
		return;
	}
	/* Samples of a datagram mostly share their rate: format it once. */
	if (dg->prefix_len == 0 || rate != dg->rate) {
		n = dg->prefix_base;
		memcpy(dg->prefix + n, " rate=1:", 8);
		n += 8;
		n += flow_fmt_u64(dg->prefix + n, rate);
		dg->prefix_len = n;
		dg->rate = rate;
	}
	n = dg->prefix_len;
	if (pk->kind == 1) {
		dg->st->c[SF_RAW_HEADERS]++;
		memset(&m, 0, sizeof(m));
		m.ts = *dg->ts;
		m.mode = DESC_PREFIX;
		m.desc = dg->prefix;
		m.desc_len = n;
		agent_frame(dg->ag, pk->linktype, pk->hdr, pk->hlen, &m);
		return;
	}
	if (!flow_proto_drawn(pk->rec.proto)) {
		dg->st->c[SF_SKIP_PROTO]++;
		return;
	}
	dg->st->c[SF_SAMPLED_IP]++;
	flow_emit(dg->ag, &pk->rec, dg->prefix, n, dg->ts);
}

/* A v5 flow sample or expanded flow sample: s holds exactly its data. */
static void
sf_flow_sample_v5(struct sf_dgram *dg, struct cursor *s, int expanded)
{
	struct sf_packet pk;
	struct cursor rec;
	uint32_t rate, nrec, fmt, len, i;
	enum sf_res r;

	/* sequence, source id (expanded: type and index) */
	if (!cur_skip(s, expanded ? 12 : 8) || !cur_be32(s, &rate) ||
	    /* pool, drops, input, output (expanded: format + value each) */
	    !cur_skip(s, expanded ? 24 : 16) || !cur_be32(s, &nrec)) {
		sf_bad(dg, SFR_INVALID, "flow sample");
		return;
	}
	memset(&pk, 0, sizeof(pk));
	for (i = 0; i < nrec; i++) {
		if (!cur_be32(s, &fmt) || !cur_be32(s, &len) ||
		    !cur_sub(s, len, &rec)) {
			sf_bad(dg, SFR_INVALID, "flow record count or length");
			return;
		}
		r = SFR_OK;
		if (fmt >> 12 != 0) {
			dg->st->c[SF_OTHER_RECORDS]++;
			continue;
		}
		switch (fmt & 0xfff) {
		case 1:
			r = sf_header(dg, &rec, SFR_INVALID, &pk);
			break;
		case 3:
			r = sf_sampled_ip(&rec, 0, SFR_INVALID, &pk);
			break;
		case 4:
			r = sf_sampled_ip(&rec, 1, SFR_INVALID, &pk);
			break;
		default:
			dg->st->c[SF_OTHER_RECORDS]++;
			continue;
		}
		if (r == SFR_OK && cur_left(&rec) != 0)
			r = SFR_INVALID;	/* longer than its contents */
		if (r != SFR_OK) {
			sf_bad(dg, r, "flow record");
			return;
		}
	}
	if (cur_left(s) != 0) {
		sf_bad(dg, SFR_INVALID, "flow sample");
		return;
	}
	sf_emit(dg, rate, &pk);
}

/* An address as sFlow writes it: type 1 + 4 bytes or type 2 + 16 bytes. */
static enum sf_res
sf_address(struct cursor *c, uint8_t *family, uint8_t addr[16])
{
	uint32_t type;

	if (!cur_be32(c, &type))
		return SFR_TRUNC;
	if (type == 1) {
		*family = 4;
		return cur_bytes(c, addr, 4) ? SFR_OK : SFR_TRUNC;
	}
	if (type == 2) {
		*family = 6;
		return cur_bytes(c, addr, 16) ? SFR_OK : SFR_TRUNC;
	}
	return SFR_INVALID;
}

/* Skip a counted list of 32-bit words. */
static enum sf_res
sf_skip_words(struct cursor *c)
{
	uint32_t n;

	if (!cur_be32(c, &n) || n > cur_left(c) / 4 ||
	    !cur_skip(c, (size_t)n * 4))
		return SFR_TRUNC;
	return SFR_OK;
}

/* v2/v4 extended data, which has no lengths: each type has its layout. */
static enum sf_res
sf_extended_v24(struct sf_dgram *dg, struct cursor *c)
{
	uint32_t n, type, i, segs, len, j;
	uint8_t fam, addr[16];
	enum sf_res r;

	if (!cur_be32(c, &n))
		return SFR_TRUNC;
	for (i = 0; i < n; i++) {
		if (!cur_be32(c, &type))
			return SFR_TRUNC;
		dg->st->c[SF_OTHER_RECORDS]++;
		switch (type) {
		case 1:			/* switch: vlans and priorities */
			if (!cur_skip(c, 16))
				return SFR_TRUNC;
			break;
		case 2:			/* router: next hop, masks */
			if ((r = sf_address(c, &fam, addr)) != SFR_OK)
				return r;
			if (!cur_skip(c, 8))
				return SFR_TRUNC;
			break;
		case 3:			/* gateway */
			if (!cur_skip(c, 12))	/* as, src_as, src_peer_as */
				return SFR_TRUNC;
			if (dg->version == 2) {
				if ((r = sf_skip_words(c)) != SFR_OK)
					return r;
				break;
			}
			if (!cur_be32(c, &segs))
				return SFR_TRUNC;
			for (j = 0; j < segs; j++) {
				if (!cur_skip(c, 4) || !cur_be32(c, &len) ||
				    len > cur_left(c) / 4 ||
				    !cur_skip(c, (size_t)len * 4))
					return SFR_TRUNC;
			}
			if ((r = sf_skip_words(c)) != SFR_OK ||	/* communities */
			    !cur_skip(c, 4))			/* localpref */
				return SFR_TRUNC;
			break;
		case 4:			/* user: source and destination names */
			if (!cur_be32(c, &len) ||
			    sf_skip_opaque(c, len, SFR_TRUNC) != SFR_OK ||
			    !cur_be32(c, &len) ||
			    sf_skip_opaque(c, len, SFR_TRUNC) != SFR_OK)
				return SFR_TRUNC;
			break;
		case 5:			/* URL: direction, url */
			if (!cur_skip(c, 4) || !cur_be32(c, &len) ||
			    sf_skip_opaque(c, len, SFR_TRUNC) != SFR_OK)
				return SFR_TRUNC;
			break;
		default:
			return SFR_INVALID;
		}
	}
	return SFR_OK;
}

/* v2/v4: one sample, to be read to its end to find the next. */
static enum sf_res
sf_sample_v24(struct sf_dgram *dg, struct cursor *c)
{
	struct sf_packet pk;
	uint32_t type, rate, ptype, cver;
	enum sf_res r;

	if (!cur_be32(c, &type))
		return SFR_TRUNC;
	if (type == 2) {			/* counters */
		if (!cur_skip(c, 12) || !cur_be32(c, &cver))
			return SFR_TRUNC;
		if (cver == 0 || cver >= sizeof(sf_v24_counters) /
		    sizeof(sf_v24_counters[0]))
			return SFR_INVALID;
		if (!cur_skip(c, sf_v24_counters[cver]))
			return SFR_TRUNC;
		dg->st->c[SF_COUNTER_SAMPLES]++;
		return SFR_OK;
	}
	if (type != 1)
		return SFR_INVALID;
	dg->st->c[SF_FLOW_SAMPLES]++;
	/* sequence, source id, rate, pool, drops, input, output, type */
	if (!cur_skip(c, 8) || !cur_be32(c, &rate) || !cur_skip(c, 16) ||
	    !cur_be32(c, &ptype))
		return SFR_TRUNC;
	memset(&pk, 0, sizeof(pk));
	switch (ptype) {
	case 1:
		r = sf_header(dg, c, SFR_TRUNC, &pk);
		break;
	case 2:
		r = sf_sampled_ip(c, 0, SFR_TRUNC, &pk);
		break;
	case 3:
		r = sf_sampled_ip(c, 1, SFR_TRUNC, &pk);
		break;
	default:
		r = SFR_INVALID;
		break;
	}
	if (r != SFR_OK)
		return r;
	if ((r = sf_extended_v24(dg, c)) != SFR_OK)
		return r;
	sf_emit(dg, rate, &pk);
	return SFR_OK;
}

void
sflow_decode(struct sflow_state *st, struct agent *ag, const uint8_t *buf,
    size_t len, const struct flow_exporter *from, const struct timeval *now)
{
	struct sf_dgram dg;
	struct cursor c, s;
	uint32_t nsamples, sub = 0, fmt, slen, i;
	uint8_t fam, addr[16];
	enum sf_res r;
	size_t n;

	st->c[SF_DATAGRAMS]++;
	memset(&dg, 0, sizeof(dg));
	dg.st = st;
	dg.ag = ag;
	dg.from = from;
	dg.ts = now;
	cur_init(&c, buf, len);
	if (!cur_be32(&c, &dg.version)) {
		sf_bad(&dg, SFR_TRUNC, "header");
		return;
	}
	if (dg.version != 2 && dg.version != 4 && dg.version != 5) {
		char a[PT_ADDRSTRLEN + 1];

		st->c[SF_BAD_VERSION]++;
		a[pt_fmt_addr(a, from->family, from->addr)] = '\0';
		log_limited(&st->rl_version, LOG_LVL_WARN, "datagram from %s "
		    "on the sFlow port is not sFlow v2, v4 or v5 (version "
		    "%u): dropped", a, (unsigned)dg.version);
		return;
	}
	if ((r = sf_address(&c, &fam, addr)) != SFR_OK) {
		sf_bad(&dg, r, "agent address");
		return;
	}
	if ((dg.version == 5 && !cur_be32(&c, &sub)) ||
	    !cur_skip(&c, 8) ||			/* sequence, uptime */
	    !cur_be32(&c, &nsamples)) {
		sf_bad(&dg, SFR_TRUNC, "header");
		return;
	}
	n = flow_put(dg.prefix, 0, "sFlow agent=");
	n += pt_fmt_addr(dg.prefix + n, fam, addr);
	if (sub != 0) {
		n = flow_put(dg.prefix, n, " sub=");
		n += flow_fmt_u64(dg.prefix + n, sub);
	}
	dg.prefix_base = n;

	/* Every sample takes at least 4 bytes: the loop ends with the data. */
	for (i = 0; i < nsamples; i++) {
		if (dg.version != 5) {
			if ((r = sf_sample_v24(&dg, &c)) != SFR_OK) {
				sf_bad(&dg, r, "sample");
				return;
			}
			continue;
		}
		if (!cur_be32(&c, &fmt) || !cur_be32(&c, &slen) ||
		    !cur_sub(&c, slen, &s)) {
			sf_bad(&dg, SFR_TRUNC, "sample count or length");
			return;
		}
		if (fmt >> 12 != 0) {
			st->c[SF_OTHER_SAMPLES]++;
			continue;
		}
		switch (fmt & 0xfff) {
		case 1:
			st->c[SF_FLOW_SAMPLES]++;
			sf_flow_sample_v5(&dg, &s, 0);
			break;
		case 3:
			st->c[SF_EXPANDED_SAMPLES]++;
			sf_flow_sample_v5(&dg, &s, 1);
			break;
		case 2:
		case 4:
			st->c[SF_COUNTER_SAMPLES]++;
			break;
		default:
			st->c[SF_OTHER_SAMPLES]++;
			break;
		}
	}
	if (cur_left(&c) != 0)
		sf_bad(&dg, SFR_INVALID, "datagram");
}

struct sflow_state *
sflow_state_new(void)
{
	return xcalloc(1, sizeof(struct sflow_state));
}

void
sflow_state_free(struct sflow_state *st)
{
	free(st);
}

void
sflow_state_stats(struct sflow_state *st, FILE *f, const char *title)
{
	struct counters c = { title, sflow_counter_names, st->c, SF_MAX };

	counters_print(f, &c, 0);
}

/* --- the source ----------------------------------------------------------- */

static void *
sflow_new(const void *opts)
{
	(void)opts;
	return sflow_state_new();
}

static void
sflow_free(void *st)
{
	sflow_state_free(st);
}

static void
sflow_stats(void *st, FILE *f, const char *title)
{
	sflow_state_stats(st, f, title);
}

static void
sflow_decode_dgram(void *st, struct agent *ag, const uint8_t *p, size_t len,
    const struct flow_exporter *from, const struct timeval *tv, int64_t now_us)
{
	sflow_decode(st, ag, p, len, from, tv);
}

static const struct flow_decoder sflow_decoder = {
	.what = "sflow",
	.default_port = SFLOW_DEFAULT_PORT,
	.state_new = sflow_new,
	.state_free = sflow_free,
	.stats = sflow_stats,
	.tick = NULL,
	.decode = sflow_decode_dgram,
};

struct source *
source_sflow_open(const char *spec, char *err, size_t errlen)
{
	return flow_source_open(&sflow_decoder, spec, NULL, err, errlen);
}
