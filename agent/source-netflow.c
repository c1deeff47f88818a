/*
 * source-netflow.c - NetFlow v5, NetFlow v9 and IPFIX collector: one
 * PACKTER record per flow.
 *
 * Follows Cisco's NetFlow v5 export format, RFC 3954 (NetFlow v9) and
 * RFC 7011 (IPFIX); the version field (5, 9, 10) tells them apart.  All
 * integers are big-endian.
 *
 *   v5: header 24 bytes, then count records of 48 bytes
 *   +---------+-------+-----------+-----------+------------+-------------+
 *   | version | count | sysUptime | unix_secs | unix_nsecs | seq, engine,|
 *   |  2      |  2    |  4        |  4        |  4         | sampling 8  |
 *   +---------+-------+-----------+-----------+------------+-------------+
 *   record: srcaddr dstaddr nexthop(4 each) input output(2) dPkts dOctets
 *   first last(4) srcport dstport(2) pad tcp_flags prot tos(1) src_as
 *   dst_as(2) src_mask dst_mask(1) pad(2)
 *
 *   v9: header 20 bytes            IPFIX: header 16 bytes
 *   | version=9 | count     |      | version=10 | length (whole message) |
 *   | sysUptime             |      | export time                         |
 *   | unix_secs             |      | sequence number                     |
 *   | sequence number       |      | observation domain ID               |
 *   | source ID             |      +-------------------------------------+
 *   then FlowSets / Sets:  | set ID (2) | length (2, header included) | ...
 *     v9 set 0, IPFIX 2: templates    | template ID | field count |
 *                                     | type | length | (IPFIX: bit 15 of
 *                                     type = enterprise number follows)
 *     v9 set 1, IPFIX 3: options templates (v9: ID, scope length, options
 *                        length in bytes; IPFIX: ID, field count, scope
 *                        field count): learnt so that their data is skipped
 *     ID >= 256: data records laid out as template ID says, then padding
 *   IPFIX variable-length field: length 255 in the template; in the record
 *   a 1-byte length, or 255 and a 2-byte length.
 *
 * Templates live in netflow-templates.c (caps, expiry, eviction).  A data
 * set whose template is not known yet is counted and held briefly
 * (NF_HOLD_US, NF_HOLD_MAX sets): if the template comes, later in the same
 * datagram or in another, the set is decoded then.  A template record with
 * no fields withdraws the template (IPFIX; template ID 2 or 3: all of the
 * domain's).  A datagram is read for at most NF_MAX_SETS sets and
 * NF_MAX_TRECS template records: the rest of it is skipped and counted, so
 * that the work one datagram causes is bounded.
 *
 * Each flow becomes a record: addresses (IPv4 or IPv6 elements; when both
 * are there, ipVersion decides, else the family whose addresses are not all
 * zero, else the one whose address element comes first, as the outer
 * header of a tunnelled packet does), ports (sourceTransportPort, else
 * udp/tcpSourcePort as the protocol says; the same for the destination),
 * the protocol's flag class with the flow's cumulative TCP flags (SYN wins,
 * then FIN/RST, else other), ICMP type and code from icmpTypeCode /
 * icmpType+icmpCode elements, else from the destination port as Cisco
 * exporters send them (type * 256 + code).  A record without addresses that
 * carries dataLinkFrameSection (Ethernet) or ipHeaderPacketSection is handed
 * to the core as a frame, decoded as a captured packet is (as sFlow's raw
 * headers are).  Description: "NetFlow v9 exporter=ADDR packets=N bytes=N"
 * + the usual "TCP src:... dst:..." (v5: "NetFlow v5", IPFIX: "IPFIX");
 * packets and bytes from the delta counters, else the total, else the post-
 * counters.
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

#define NETFLOW_DEFAULT_PORT	2055
#define NF_HOLD_MAX		64	/* data sets waiting for a template */
#define NF_HOLD_BYTES		(1 << 20)
#define NF_HOLD_US		3000000	/* how long they wait */
#define NF_V5_HEADER		24
#define NF_V5_RECORD		48
#define NF_V9_HEADER		20
#define NF_IPFIX_HEADER		16
#define NF_MAX_SETS		256	/* sets read in one datagram */
#define NF_MAX_TRECS		512	/* template records read in one */

enum nf_counter {
	NF_DATAGRAMS,		/* datagrams received */
	NF_V5,			/* ... NetFlow v5 */
	NF_V9,			/* ... NetFlow v9 */
	NF_IPFIX,		/* ... IPFIX */
	NF_BAD_VERSION,		/* not 5, 9 or 10: dropped */
	NF_TRUNCATED,		/* a length or count ran past the datagram */
	NF_INVALID,		/* malformed: lengths that contradict, bad IDs */
	NF_FLOWS,		/* flow records decoded */
	NF_SKIP_PROTO,		/* flows of a protocol not drawn */
	NF_NO_ADDR,		/* flows without IPv4 or IPv6 addresses */
	NF_FRAMES,		/* ... decoded from the frame they carry */
	NF_T_NEW,		/* templates learnt */
	NF_T_SAME,		/* templates refreshed unchanged */
	NF_T_CHANGED,		/* templates redefined */
	NF_T_WITHDRAWN,		/* templates withdrawn */
	NF_T_OPTIONS,		/* options templates seen (data skipped) */
	NF_T_INVALID,		/* templates refused: malformed */
	NF_OPTIONS_DATA,	/* data sets of options templates: skipped */
	NF_NO_TEMPLATE,		/* data sets that came before their template */
	NF_HELD_DECODED,	/* ... decoded once it came */
	NF_HELD_EXPIRED,	/* ... dropped: it did not come in time */
	NF_HELD_DROPPED,	/* ... dropped: too many waiting */
	NF_OTHER_SETS,		/* sets of reserved IDs: skipped */
	NF_SET_CAP,		/* datagrams of more than NF_MAX_SETS sets */
	NF_TREC_CAP,		/* ... of more than NF_MAX_TRECS templates */
	NF_MAX
};

static const char *const nf_counter_names[NF_MAX] = {
	[NF_DATAGRAMS]		= "datagrams",
	[NF_V5]			= "netflow-v5",
	[NF_V9]			= "netflow-v9",
	[NF_IPFIX]		= "ipfix",
	[NF_BAD_VERSION]	= "bad-version",
	[NF_TRUNCATED]		= "truncated",
	[NF_INVALID]		= "invalid",
	[NF_FLOWS]		= "flows",
	[NF_SKIP_PROTO]		= "skipped-ip-proto",
	[NF_NO_ADDR]		= "flows-without-addresses",
	[NF_FRAMES]		= "flows-from-frame-sections",
	[NF_T_NEW]		= "templates-learnt",
	[NF_T_SAME]		= "templates-refreshed",
	[NF_T_CHANGED]		= "templates-changed",
	[NF_T_WITHDRAWN]	= "templates-withdrawn",
	[NF_T_OPTIONS]		= "options-templates",
	[NF_T_INVALID]		= "templates-invalid",
	[NF_OPTIONS_DATA]	= "options-data-sets-skipped",
	[NF_NO_TEMPLATE]	= "data-sets-without-template",
	[NF_HELD_DECODED]	= "held-sets-decoded",
	[NF_HELD_EXPIRED]	= "held-sets-expired",
	[NF_HELD_DROPPED]	= "held-sets-dropped",
	[NF_OTHER_SETS]		= "reserved-sets-skipped",
	[NF_SET_CAP]		= "datagrams-over-set-cap",
	[NF_TREC_CAP]		= "datagrams-over-template-cap",
};

/* A data set waiting for its template. */
struct nf_held {
	struct nf_tkey		 key;
	int64_t			 since_us;
	struct timeval		 ts;		/* its header's export time */
	uint32_t		 uptime_ms;	/* and uptime (v9) */
	int			 has_uptime;
	uint8_t			*data;		/* the set's records */
	size_t			 len;
};

struct nf_state {
	uint64_t		 c[NF_MAX];
	struct nf_cache		*cache;
	struct nf_held		 held[NF_HOLD_MAX];
	unsigned		 nheld;
	size_t			 held_bytes;
	struct ratelimit	 rl_version;
	struct ratelimit	 rl_bad;
	struct ratelimit	 rl_cap;
	struct ratelimit	 rl_over;
};

/* One datagram being decoded. */
struct nf_dgram {
	struct nf_state			*st;
	struct agent			*ag;
	const struct flow_exporter	*from;
	unsigned			 version;
	uint32_t			 domain;
	struct timeval			 ts;		/* the export time */
	uint32_t			 uptime_ms;	/* v5, v9: the exporter's */
	int				 has_uptime;
	int64_t				 now_us;
	char				 desc[160];
	size_t				 desc_base;	/* "NetFlow v9 exporter=A" */
	unsigned			 nsets;		/* sets read */
	unsigned			 ntrecs;	/* template records */
	int				 over;		/* a cap was hit */
};

enum nf_res {
	NFR_OK,
	NFR_TRUNC,
	NFR_INVALID,
};

static void
nf_bad(struct nf_dgram *dg, enum nf_res r, const char *what)
{
	char a[PT_ADDRSTRLEN + 1];

	dg->st->c[r == NFR_TRUNC ? NF_TRUNCATED : NF_INVALID]++;
	a[pt_fmt_addr(a, dg->from->family, dg->from->addr)] = '\0';
	log_limited(&dg->st->rl_bad, LOG_LVL_WARN, "%s from %s: %s %s",
	    dg->version == 10 ? "IPFIX" : dg->version == 9 ? "NetFlow v9" :
	    "NetFlow v5", a, what, r == NFR_TRUNC ?
	    "runs past the datagram" : "is malformed");
}

/* An unsigned number of len (1..8) bytes at off in the record. */
static int
rec_uint(const struct cursor *rec, int32_t off, uint16_t len, uint64_t *v)
{
	struct cursor c = *rec;
	uint64_t x = 0;
	uint8_t b;

	if (off < 0 || !cur_skip(&c, (size_t)off) || !cur_has(&c, len))
		return 0;
	while (len-- > 0) {
		if (!cur_u8(&c, &b))
			return 0;
		x = x << 8 | b;
	}
	*v = x;
	return 1;
}

static int
rec_addr(const struct cursor *rec, int32_t off, uint8_t *dst, size_t len)
{
	struct cursor c = *rec;

	return off >= 0 && cur_skip(&c, (size_t)off) && cur_bytes(&c, dst, len);
}

static int
all_zero(const uint8_t *a, size_t n)
{
	while (n-- > 0)
		if (*a++ != 0)
			return 0;
	return 1;
}

/* The first of the elements a, b, c that the record has. */
static int
first_of(const struct nf_layout *l, const struct cursor *rec, int a, int b,
    int c, uint64_t *v)
{
	return rec_uint(rec, l->off[a], l->len[a], v) ||
	    rec_uint(rec, l->off[b], l->len[b], v) ||
	    rec_uint(rec, l->off[c], l->len[c], v);
}

/*
 * The family a record's addresses are taken from: 4, 6, or 0 when it has
 * neither pair.  With both, ipVersion decides; without it, a pair that is
 * all zero is the unused one; else the family whose address element comes
 * first in the record: where an exporter puts the outer header of a tunnel
 * before the inner one, its protocol and ports come first too.
 */
static int
nf_family(const struct nf_layout *l, const struct cursor *rec)
{
	int has4 = l->off[NFK_SRC4] >= 0 && l->off[NFK_DST4] >= 0;
	int has6 = l->off[NFK_SRC6] >= 0 && l->off[NFK_DST6] >= 0;
	int32_t first4, first6;
	uint8_t a[32];
	uint64_t ver;

	if (!has4 || !has6)
		return has4 ? 4 : has6 ? 6 : 0;
	if (rec_uint(rec, l->off[NFK_IPVER], l->len[NFK_IPVER], &ver) &&
	    (ver == 4 || ver == 6))
		return (int)ver;
	if (rec_addr(rec, l->off[NFK_SRC4], a, 4) &&
	    rec_addr(rec, l->off[NFK_DST4], a + 4, 4) && all_zero(a, 8))
		return 6;
	if (rec_addr(rec, l->off[NFK_SRC6], a, 16) &&
	    rec_addr(rec, l->off[NFK_DST6], a + 16, 16) && all_zero(a, 32))
		return 4;
	first4 = l->off[NFK_SRC4] < l->off[NFK_DST4] ? l->off[NFK_SRC4] :
	    l->off[NFK_DST4];
	first6 = l->off[NFK_SRC6] < l->off[NFK_DST6] ? l->off[NFK_SRC6] :
	    l->off[NFK_DST6];
	return first6 < first4 ? 6 : 4;
}

/* A port: the transport element, else the protocol's own (180-183). */
static int
nf_port(const struct nf_layout *l, const struct cursor *rec, int any,
    int udp, int tcp, uint8_t proto, uint16_t *port)
{
	uint64_t v;
	int k = proto == PK_IPPROTO_UDP ? udp : proto == PK_IPPROTO_TCP ? tcp :
	    -1;

	if (!rec_uint(rec, l->off[any], l->len[any], &v) &&
	    (k < 0 || !rec_uint(rec, l->off[k], l->len[k], &v)))
		return 0;
	*port = (uint16_t)v;
	return 1;
}

/* The description's prefix: "IPFIX exporter=A packets=N bytes=N". */
static size_t
nf_prefix(struct nf_dgram *dg, const struct nf_layout *l,
    const struct cursor *rec)
{
	uint64_t pkts, bytes;
	size_t n = dg->desc_base;

	if (first_of(l, rec, NFK_PKTS, NFK_PKTS_TOTAL, NFK_PKTS_OUT, &pkts)) {
		n = flow_put(dg->desc, n, " packets=");
		n += flow_fmt_u64(dg->desc + n, pkts);
	}
	if (first_of(l, rec, NFK_BYTES, NFK_BYTES_TOTAL, NFK_BYTES_OUT,
	    &bytes)) {
		n = flow_put(dg->desc, n, " bytes=");
		n += flow_fmt_u64(dg->desc + n, bytes);
	}
	return n;
}

/*
 * A record without addresses that carries the packet itself: the frame
 * (dataLinkFrameSection, taken as Ethernet) or its IP header and what
 * follows (ipHeaderPacketSection) goes to the core, which decodes it as it
 * decodes a captured frame.  Returns whether there was one.
 */
static int
nf_frame(struct nf_dgram *dg, const struct nf_layout *l,
    const struct cursor *rec)
{
	struct frame_meta m;
	struct cursor c = *rec;
	int k, linktype;

	if (l->off[NFK_FRAME_SECTION] >= 0) {
		k = NFK_FRAME_SECTION;
		linktype = PK_DLT_EN10MB;
	} else if (l->off[NFK_IP_SECTION] >= 0) {
		k = NFK_IP_SECTION;
		linktype = PK_LINK_IP;
	} else
		return 0;
	if (!cur_skip(&c, (size_t)l->off[k]) || !cur_has(&c, l->len[k]))
		return 0;
	dg->st->c[NF_FRAMES]++;
	memset(&m, 0, sizeof(m));
	m.ts = dg->ts;
	m.mode = DESC_PREFIX;
	m.desc = dg->desc;
	m.desc_len = nf_prefix(dg, l, rec);
	agent_frame(dg->ag, linktype, cur_pos(&c), l->len[k], &m);
	return 1;
}

/*
 * When a flow was seen (its capture time on the wire): its start, else its
 * end, as the record says -- in seconds, milliseconds or NTP microseconds
 * since the epoch (IPFIX), or in the exporter's uptime (NetFlow v5 and v9:
 * export time - (sysUptime - first)); else the export time.  A time before
 * 1970 or after 2106 is a lie: not taken.
 */
static struct timeval
nf_flow_time(const struct nf_dgram *dg, const struct nf_layout *l,
    const struct cursor *rec)
{
	static const int keys[2][4] = {
		{ NFK_START_US, NFK_START_MS, NFK_START_SEC, NFK_FIRST_UPTIME },
		{ NFK_END_US, NFK_END_MS, NFK_END_SEC, NFK_LAST_UPTIME },
	};
	int64_t exp_us = (int64_t)dg->ts.tv_sec * 1000000 + dg->ts.tv_usec, t;
	struct timeval tv = dg->ts;
	uint64_t v;
	int i, k, ok;

	for (i = 0; i < 2; i++)
		for (k = 0; k < 4; k++) {
			int key = keys[i][k];

			if (!rec_uint(rec, l->off[key], l->len[key], &v))
				continue;
			ok = 1;
			switch (k) {
			case 0:		/* NTP: seconds since 1900 . 2^-32 */
				if ((v >> 32) < 2208988800ULL) {
					ok = 0;
					break;
				}
				t = (int64_t)((v >> 32) - 2208988800ULL) *
				    1000000 + (int64_t)(((v & 0xffffffffULL) *
				    1000000 + (1ULL << 31)) >> 32);
				break;
			case 1:
				t = (int64_t)(v > INT64_MAX / 1000 ? 0 :
				    v * 1000);
				break;
			case 2:
				t = (int64_t)(v > INT64_MAX / 1000000 ? 0 :
				    v * 1000000);
				break;
			default:
				if (!dg->has_uptime || v > dg->uptime_ms) {
					ok = 0;
					break;
				}
				t = exp_us - (int64_t)(dg->uptime_ms - v) *
				    1000;
				break;
			}
			if (!ok || t <= 0 ||
			    t > (int64_t)PT_TIME_MAX_SEC * 1000000)
				continue;
			tv.tv_sec = (time_t)(t / 1000000);
			tv.tv_usec = (suseconds_t)(t % 1000000);
			return tv;
		}
	return tv;
}

/* Emit the flow of one data record laid out as l says. */
static void
nf_record(struct nf_dgram *dg, const struct nf_layout *l,
    const struct cursor *rec)
{
	struct flow_rec f;
	struct timeval ts;
	uint64_t v;
	int icmp = 0;

	dg->st->c[NF_FLOWS]++;
	memset(&f, 0, sizeof(f));
	switch (nf_family(l, rec)) {
	case 4:
		f.family = 4;
		rec_addr(rec, l->off[NFK_SRC4], f.src, 4);
		rec_addr(rec, l->off[NFK_DST4], f.dst, 4);
		break;
	case 6:
		f.family = 6;
		rec_addr(rec, l->off[NFK_SRC6], f.src, 16);
		rec_addr(rec, l->off[NFK_DST6], f.dst, 16);
		break;
	default:
		if (!nf_frame(dg, l, rec))
			dg->st->c[NF_NO_ADDR]++;
		return;
	}
	if (!rec_uint(rec, l->off[NFK_PROTO], l->len[NFK_PROTO], &v) ||
	    !flow_proto_drawn((int)v)) {
		dg->st->c[NF_SKIP_PROTO]++;
		return;
	}
	f.proto = (uint8_t)v;
	nf_port(l, rec, NFK_SPORT, NFK_UDP_SPORT, NFK_TCP_SPORT, f.proto,
	    &f.sport);
	nf_port(l, rec, NFK_DPORT, NFK_UDP_DPORT, NFK_TCP_DPORT, f.proto,
	    &f.dport);
	if (rec_uint(rec, l->off[NFK_TCPFLAGS], l->len[NFK_TCPFLAGS], &v)) {
		f.has_tcp_flags = 1;
		f.tcp_flags = (uint8_t)v;
	}
	if (f.proto == PK_IPPROTO_ICMP || f.proto == PK_IPPROTO_ICMPV6) {
		int six = f.proto == PK_IPPROTO_ICMPV6;
		int kt = six ? NFK_ICMP_TYPE6 : NFK_ICMP_TYPE4;
		int kc = six ? NFK_ICMP_CODE6 : NFK_ICMP_CODE4;
		uint64_t t, c;

		if (rec_uint(rec, l->off[kt], l->len[kt], &t) &&
		    rec_uint(rec, l->off[kc], l->len[kc], &c)) {
			f.icmp_type = (uint8_t)t;
			f.icmp_code = (uint8_t)c;
			icmp = 1;
		} else if (rec_uint(rec, l->off[six ? NFK_ICMP6 : NFK_ICMP4],
		    l->len[six ? NFK_ICMP6 : NFK_ICMP4], &v) ||
		    rec_uint(rec, l->off[NFK_ICMP4], l->len[NFK_ICMP4], &v)) {
			f.icmp_type = (uint8_t)(v >> 8);
			f.icmp_code = (uint8_t)v;
			icmp = 1;
		}
		if (!icmp) {
			/* Cisco: type * 256 + code in the destination port. */
			f.icmp_type = (uint8_t)(f.dport >> 8);
			f.icmp_code = (uint8_t)f.dport;
		}
	}
	ts = nf_flow_time(dg, l, rec);
	flow_emit(dg->ag, &f, dg->desc, nf_prefix(dg, l, rec), &ts);
}

/* The records of a data set (c holds exactly them, padding included). */
static void
nf_data(struct nf_dgram *dg, const struct nf_template *t, struct cursor *c)
{
	struct nf_layout lay;
	struct cursor rec, walk;
	uint32_t off;
	uint16_t len, i;
	uint8_t l8;

	if (!t->variable) {
		while (cur_sub(c, t->minlen, &rec))
			nf_record(dg, &t->lay, &rec);
		return;				/* what is left is padding */
	}
	while (cur_left(c) >= t->minlen) {
		walk = *c;
		nf_layout_init(&lay);
		off = 0;
		for (i = 0; i < t->nfields; i++) {
			len = t->fields[i].len;
			if (len == NF_VARLEN) {
				if (!cur_u8(&walk, &l8))
					goto bad;
				off += 1;
				len = l8;
				if (l8 == 255) {
					if (!cur_be16(&walk, &len))
						goto bad;
					off += 2;
				}
			}
			if (!cur_skip(&walk, len))
				goto bad;
			nf_layout_add(&lay, &t->fields[i], off, len);
			off += len;
		}
		if (!cur_sub(c, off, &rec))
			goto bad;
		nf_record(dg, &lay, &rec);
	}
	return;
bad:
	nf_bad(dg, NFR_INVALID, "variable-length record");
}

/* --- data waiting for its template ----------------------------------------- */

static void
held_remove(struct nf_state *st, unsigned i)
{
	st->held_bytes -= st->held[i].len;
	free(st->held[i].data);
	memmove(&st->held[i], &st->held[i + 1],
	    (st->nheld - i - 1) * sizeof(st->held[0]));
	st->nheld--;
}

static void
hold(struct nf_dgram *dg, const struct nf_tkey *k, struct cursor *c)
{
	struct nf_state *st = dg->st;
	struct nf_held *h;
	size_t len = cur_left(c);

	st->c[NF_NO_TEMPLATE]++;
	if (len == 0)
		return;
	while (st->nheld > 0 && (st->nheld == NF_HOLD_MAX ||
	    st->held_bytes + len > NF_HOLD_BYTES)) {
		st->c[NF_HELD_DROPPED]++;
		held_remove(st, 0);
	}
	h = &st->held[st->nheld++];
	h->key = *k;
	h->since_us = dg->now_us;
	h->ts = dg->ts;
	h->uptime_ms = dg->uptime_ms;
	h->has_uptime = dg->has_uptime;
	h->len = len;
	h->data = xmalloc(len);
	/* len is what is left: the copy cannot come short. */
	if (!cur_bytes(c, h->data, len))
		memset(h->data, 0, len);
	st->held_bytes += len;
}

/* A template came: decode what waited for it, in the order it came. */
static void
release(struct nf_dgram *dg, const struct nf_template *t)
{
	struct nf_state *st = dg->st;
	struct timeval ts = dg->ts;
	uint32_t uptime = dg->uptime_ms;
	int has_uptime = dg->has_uptime;
	struct cursor c;
	unsigned i = 0;

	while (i < st->nheld) {
		struct nf_held *h = &st->held[i];

		if (memcmp(&h->key, &t->key, sizeof(h->key)) != 0) {
			i++;
			continue;
		}
		st->c[NF_HELD_DECODED]++;
		if (t->options)
			st->c[NF_OPTIONS_DATA]++;
		else {
			dg->ts = h->ts;
			dg->uptime_ms = h->uptime_ms;
			dg->has_uptime = h->has_uptime;
			cur_init(&c, h->data, h->len);
			nf_data(dg, t, &c);
			dg->ts = ts;
			dg->uptime_ms = uptime;
			dg->has_uptime = has_uptime;
		}
		held_remove(st, i);
	}
}

void
nf_expire(struct nf_state *st, int64_t now_us)
{
	nf_cache_expire(st->cache, now_us);
	while (st->nheld > 0 && now_us - st->held[0].since_us > NF_HOLD_US) {
		st->c[NF_HELD_EXPIRED]++;
		held_remove(st, 0);
	}
}

/* --- templates --------------------------------------------------------------- */

static void
learn(struct nf_dgram *dg, const struct nf_tkey *k, int options,
    const struct nf_field *f, unsigned n)
{
	struct nf_state *st = dg->st;
	char a[PT_ADDRSTRLEN + 1];
	struct nf_template *t;
	enum nf_learn r;

	if (options)
		st->c[NF_T_OPTIONS]++;
	r = nf_cache_learn(st->cache, k, options, f, n, dg->now_us);
	switch (r) {
	case NF_LEARN_NEW:
		st->c[NF_T_NEW]++;
		break;
	case NF_LEARN_SAME:
		st->c[NF_T_SAME]++;
		break;
	case NF_LEARN_CHANGED:
		st->c[NF_T_CHANGED]++;
		break;
	case NF_LEARN_CHAIN:
		/* Counted by the cache; with a random key, only bad luck. */
		a[pt_fmt_addr(a, k->family, k->addr)] = '\0';
		log_limited(&st->rl_cap, LOG_LVL_WARN, "template %u from %s "
		    "refused: its hash chain is full", (unsigned)k->id, a);
		return;
	case NF_LEARN_INVALID:
		st->c[NF_T_INVALID]++;
		nf_bad(dg, NFR_INVALID, "template");
		return;
	}
	if (st->nheld > 0 && (t = nf_cache_find(st->cache, k)) != NULL)
		release(dg, t);
}

static void
withdraw(struct nf_dgram *dg, struct nf_tkey *k, int options)
{
	/* IPFIX: ID 2 (template set) or 3 (options set) withdraws them all. */
	int all = dg->version == 10 && k->id == (options ? 3 : 2);

	dg->st->c[NF_T_WITHDRAWN] += nf_cache_withdraw(dg->st->cache, k, all,
	    options);
}

/* A datagram past one of its caps: counted, logged, the rest skipped. */
static void
over_cap(struct nf_dgram *dg, enum nf_counter which, const char *what)
{
	char a[PT_ADDRSTRLEN + 1];

	dg->st->c[which]++;
	dg->over = 1;
	a[pt_fmt_addr(a, dg->from->family, dg->from->addr)] = '\0';
	log_limited(&dg->st->rl_over, LOG_LVL_WARN, "datagram from %s has "
	    "more than %u %s: the rest is skipped", a, which == NF_SET_CAP ?
	    NF_MAX_SETS : NF_MAX_TRECS, what);
}

/* A field specifier: v9 type + length; IPFIX adds the enterprise bit. */
static int
field_spec(struct nf_dgram *dg, struct cursor *c, struct nf_field *f)
{
	uint16_t id;

	memset(f, 0, sizeof(*f));
	if (!cur_be16(c, &id) || !cur_be16(c, &f->len))
		return 0;
	f->id = id;
	if (dg->version == 10 && (id & 0x8000) != 0) {
		f->id = id & 0x7fff;
		if (!cur_be32(c, &f->pen))
			return 0;
	}
	if (dg->version == 9 && f->len == NF_VARLEN)
		return 0;			/* v9 has no variable length */
	return 1;
}

/*
 * A (options) template set.  c holds the set's body.  v9 options templates
 * give scope and option lengths in bytes; IPFIX ones give field counts.
 */
static void
nf_templates(struct nf_dgram *dg, struct cursor *c, int options)
{
	struct nf_field f[NF_MAX_FIELDS];
	struct nf_tkey k;
	uint16_t id, count, more;
	unsigned i, n;

	memset(&k, 0, sizeof(k));
	k.family = dg->from->family;
	memcpy(k.addr, dg->from->addr, 16);
	k.version = (uint8_t)dg->version;
	k.domain = dg->domain;
	while (cur_left(c) >= 4) {
		if (dg->ntrecs++ == NF_MAX_TRECS) {
			over_cap(dg, NF_TREC_CAP, "template records");
			return;
		}
		if (!cur_be16(c, &id) || !cur_be16(c, &count))
			break;
		k.id = id;
		if (dg->version == 10) {
			/* ID, field count[, scope field count]; 0 withdraws */
			n = count;
			if (n > 0 && options) {
				if (!cur_be16(c, &more))
					break;
				if (more == 0 || more > count) {
					nf_bad(dg, NFR_INVALID, "options template");
					return;
				}
			}
		} else if (options) {
			/* ID, scope length, options length, in bytes */
			if (!cur_be16(c, &more))
				break;
			if (count % 4 != 0 || more % 4 != 0) {
				nf_bad(dg, NFR_INVALID, "options template");
				return;
			}
			n = (unsigned)(count + more) / 4;
		} else
			n = count;
		if (n == 0) {
			withdraw(dg, &k, options);
			continue;
		}
		if (id < 256 || n > NF_MAX_FIELDS) {
			dg->st->c[NF_T_INVALID]++;
			nf_bad(dg, NFR_INVALID, "template");
			return;
		}
		for (i = 0; i < n; i++)
			if (!field_spec(dg, c, &f[i])) {
				dg->st->c[NF_T_INVALID]++;
				nf_bad(dg, NFR_INVALID, "template field list");
				return;
			}
		learn(dg, &k, options, f, n);
	}
	/* Fewer bytes than a template header: padding. */
}

/* --- sets ---------------------------------------------------------------------- */

static void
nf_sets(struct nf_dgram *dg, struct cursor *c)
{
	struct nf_template *t;
	struct nf_tkey k;
	struct cursor set;
	uint16_t id, len;
	int tmpl = dg->version == 10 ? 2 : 0;

	memset(&k, 0, sizeof(k));
	k.family = dg->from->family;
	memcpy(k.addr, dg->from->addr, 16);
	k.version = (uint8_t)dg->version;
	k.domain = dg->domain;
	while (cur_left(c) > 0 && !dg->over) {
		if (dg->nsets++ == NF_MAX_SETS) {
			over_cap(dg, NF_SET_CAP, "sets");
			return;
		}
		if (!cur_be16(c, &id) || !cur_be16(c, &len)) {
			nf_bad(dg, NFR_TRUNC, "set header");
			return;
		}
		if (len < 4) {
			nf_bad(dg, NFR_INVALID, "set length");
			return;
		}
		if (!cur_sub(c, (size_t)len - 4, &set)) {
			nf_bad(dg, NFR_TRUNC, "set");
			return;
		}
		if (id == tmpl || id == tmpl + 1) {
			nf_templates(dg, &set, id == tmpl + 1);
			continue;
		}
		if (id < 256) {
			dg->st->c[NF_OTHER_SETS]++;
			continue;
		}
		k.id = id;
		if ((t = nf_cache_find(dg->st->cache, &k)) == NULL) {
			hold(dg, &k, &set);
			continue;
		}
		nf_cache_use(dg->st->cache, t);
		if (t->options) {
			dg->st->c[NF_OPTIONS_DATA]++;
			continue;
		}
		nf_data(dg, t, &set);
	}
}

static void
nf_v5(struct nf_dgram *dg, struct cursor *c)
{
	struct nf_layout lay;
	struct cursor rec;
	uint16_t count, i;
	uint32_t secs, nsecs;

	if (!cur_skip(c, 2) || !cur_be16(c, &count) ||
	    !cur_be32(c, &dg->uptime_ms) ||
	    !cur_be32(c, &secs) || !cur_be32(c, &nsecs) || !cur_skip(c, 8)) {
		nf_bad(dg, NFR_TRUNC, "header");
		return;
	}
	dg->has_uptime = 1;
	dg->ts.tv_sec = secs;
	dg->ts.tv_usec = nsecs < 1000000000 ? nsecs / 1000 : 0;
	/* The fixed v5 record, as a template would lay it out. */
	nf_layout_init(&lay);
	lay.off[NFK_SRC4] = 0;		lay.len[NFK_SRC4] = 4;
	lay.off[NFK_DST4] = 4;		lay.len[NFK_DST4] = 4;
	lay.off[NFK_PKTS] = 16;		lay.len[NFK_PKTS] = 4;
	lay.off[NFK_BYTES] = 20;	lay.len[NFK_BYTES] = 4;
	lay.off[NFK_FIRST_UPTIME] = 24;	lay.len[NFK_FIRST_UPTIME] = 4;
	lay.off[NFK_LAST_UPTIME] = 28;	lay.len[NFK_LAST_UPTIME] = 4;
	lay.off[NFK_SPORT] = 32;	lay.len[NFK_SPORT] = 2;
	lay.off[NFK_DPORT] = 34;	lay.len[NFK_DPORT] = 2;
	lay.off[NFK_TCPFLAGS] = 37;	lay.len[NFK_TCPFLAGS] = 1;
	lay.off[NFK_PROTO] = 38;	lay.len[NFK_PROTO] = 1;
	for (i = 0; i < count; i++) {
		if (!cur_sub(c, NF_V5_RECORD, &rec)) {
			nf_bad(dg, NFR_TRUNC, "record count");
			return;
		}
		nf_record(dg, &lay, &rec);
	}
	if (cur_left(c) != 0)
		nf_bad(dg, NFR_INVALID, "record count");
}

void
nf_decode(struct nf_state *st, struct agent *ag, const uint8_t *buf,
    size_t len, const struct flow_exporter *from, const struct timeval *now,
    int64_t now_us)
{
	struct nf_dgram dg;
	struct cursor c, msg;
	uint16_t version, mlen;
	uint32_t secs;
	const char *name;
	size_t n;

	st->c[NF_DATAGRAMS]++;
	memset(&dg, 0, sizeof(dg));
	dg.st = st;
	dg.ag = ag;
	dg.from = from;
	dg.ts = *now;
	dg.now_us = now_us;
	cur_init(&c, buf, len);
	if (!cur_peek_be16(&c, 0, &version)) {
		dg.version = 5;
		nf_bad(&dg, NFR_TRUNC, "header");
		return;
	}
	dg.version = version;
	switch (version) {
	case 5:
		st->c[NF_V5]++;
		name = "NetFlow v5 exporter=";
		break;
	case 9:
		st->c[NF_V9]++;
		name = "NetFlow v9 exporter=";
		break;
	case 10:
		st->c[NF_IPFIX]++;
		name = "IPFIX exporter=";
		break;
	default: {
		char a[PT_ADDRSTRLEN + 1];

		st->c[NF_BAD_VERSION]++;
		a[pt_fmt_addr(a, from->family, from->addr)] = '\0';
		log_limited(&st->rl_version, LOG_LVL_WARN, "datagram from %s "
		    "on the NetFlow port is not NetFlow v5, v9 or IPFIX "
		    "(version %u): dropped", a, (unsigned)version);
		return;
	}
	}
	n = flow_put(dg.desc, 0, name);
	n += pt_fmt_addr(dg.desc + n, from->family, from->addr);
	dg.desc_base = n;

	if (version == 5) {
		nf_v5(&dg, &c);
		return;
	}
	if (version == 9) {
		/* version, count, uptime, unix_secs, sequence, source ID */
		if (!cur_skip(&c, 4) || !cur_be32(&c, &dg.uptime_ms) ||
		    !cur_be32(&c, &secs) ||
		    !cur_skip(&c, 4) || !cur_be32(&c, &dg.domain)) {
			nf_bad(&dg, NFR_TRUNC, "header");
			return;
		}
		dg.has_uptime = 1;
		dg.ts.tv_sec = secs;
		dg.ts.tv_usec = 0;
		nf_sets(&dg, &c);
		return;
	}
	/* IPFIX: version, length, export time, sequence, domain */
	if (!cur_skip(&c, 2) || !cur_be16(&c, &mlen) ||
	    !cur_be32(&c, &secs) || !cur_skip(&c, 4) ||
	    !cur_be32(&c, &dg.domain)) {
		nf_bad(&dg, NFR_TRUNC, "header");
		return;
	}
	dg.ts.tv_sec = secs;
	dg.ts.tv_usec = 0;
	if (mlen < NF_IPFIX_HEADER) {
		nf_bad(&dg, NFR_INVALID, "message length");
		return;
	}
	if (!cur_sub(&c, mlen - NF_IPFIX_HEADER, &msg)) {
		nf_bad(&dg, NFR_TRUNC, "message length");
		return;
	}
	nf_sets(&dg, &msg);
	if (cur_left(&c) != 0 && !dg.over)
		nf_bad(&dg, NFR_INVALID, "message length");
}

struct nf_state *
nf_state_new(const struct nf_opts *o)
{
	struct nf_state *st = xcalloc(1, sizeof(*st));

	if (o != NULL)
		st->cache = nf_cache_new(o->key, o->template_timeout_us);
	else
		st->cache = nf_cache_new(NULL,
		    (int64_t)NETFLOW_TEMPLATE_TIMEOUT * 1000000);
	return st;
}

void
nf_state_free(struct nf_state *st)
{
	if (st == NULL)
		return;
	while (st->nheld > 0)
		held_remove(st, st->nheld - 1);
	nf_cache_free(st->cache);
	free(st);
}

void
nf_state_stats(struct nf_state *st, FILE *f, const char *title)
{
	struct counters c = { title, nf_counter_names, st->c, NF_MAX };

	unsigned i;
	uint64_t v;

	counters_print(f, &c, 0);
	for (i = 0; i < NFC_MAX; i++)
		if ((v = nf_cache_counter(st->cache, i)) != 0)
			fprintf(f, "  %-24s %llu\n", nf_cache_counter_name(i),
			    (unsigned long long)v);
	if (st->nheld > 0 || nf_cache_count(st->cache) > 0)
		fprintf(f, "  %-24s %u\n  %-24s %u\n  %-24s %u\n"
		    "  %-24s %u\n", "templates-known",
		    nf_cache_count(st->cache), "exporters-known",
		    nf_cache_exporters(st->cache), "hash-chain-max",
		    nf_cache_chain_max(st->cache), "sets-waiting", st->nheld);
}

/* --- the source ----------------------------------------------------------- */

static void *
netflow_new(const void *opts)
{
	return nf_state_new(opts);
}

static void
netflow_free(void *st)
{
	nf_state_free(st);
}

static void
netflow_stats(void *st, FILE *f, const char *title)
{
	nf_state_stats(st, f, title);
}

static void
netflow_decode_dgram(void *st, struct agent *ag, const uint8_t *p, size_t len,
    const struct flow_exporter *from, const struct timeval *tv, int64_t now_us)
{
	nf_decode(st, ag, p, len, from, tv, now_us);
}

static void
netflow_tick(void *st, int64_t now_us)
{
	nf_expire(st, now_us);
}

static const struct flow_decoder netflow_decoder = {
	.what = "netflow",
	.default_port = NETFLOW_DEFAULT_PORT,
	.state_new = netflow_new,
	.state_free = netflow_free,
	.stats = netflow_stats,
	.tick = netflow_tick,
	.decode = netflow_decode_dgram,
};

struct source *
source_netflow_open(const char *spec, unsigned template_timeout_s, char *err,
    size_t errlen)
{
	struct nf_opts o;

	memset(&o, 0, sizeof(o));
	o.template_timeout_us = (int64_t)template_timeout_s * 1000000;
	return flow_source_open(&netflow_decoder, spec, &o, err, errlen);
}
