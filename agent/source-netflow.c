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
 * Templates live in netflow-templates.c.  A data set whose template is not
 * known yet is counted and held briefly (NF_HOLD_US, NF_HOLD_MAX sets): if
 * the template comes, later in the same datagram or in another, the set is
 * decoded then.  A template record with no fields withdraws the template
 * (IPFIX; template ID 2 or 3: all of the domain's).
 *
 * Each flow becomes a record: addresses (IPv4 or IPv6 elements, ipVersion
 * deciding when both are there), ports, the protocol's flag class with the
 * flow's cumulative TCP flags (SYN wins, then FIN/RST, else other), ICMP
 * type and code from icmpTypeCode / icmpType+icmpCode elements, else from
 * the destination port as Cisco exporters send them (type * 256 + code).
 * Description: "NetFlow v9 exporter=ADDR packets=N bytes=N" + the usual
 * "TCP src:... dst:..." (v5: "NetFlow v5", IPFIX: "IPFIX"); packets and
 * bytes from the delta counters, else the total, else the post- counters.
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
	NF_T_NEW,		/* templates learnt */
	NF_T_SAME,		/* templates refreshed unchanged */
	NF_T_CHANGED,		/* templates redefined */
	NF_T_WITHDRAWN,		/* templates withdrawn */
	NF_T_OPTIONS,		/* options templates seen (data skipped) */
	NF_T_CAP,		/* templates refused: cap per exporter */
	NF_T_FULL,		/* templates refused: cache full */
	NF_T_INVALID,		/* templates refused: malformed */
	NF_OPTIONS_DATA,	/* data sets of options templates: skipped */
	NF_NO_TEMPLATE,		/* data sets that came before their template */
	NF_HELD_DECODED,	/* ... decoded once it came */
	NF_HELD_EXPIRED,	/* ... dropped: it did not come in time */
	NF_HELD_DROPPED,	/* ... dropped: too many waiting */
	NF_OTHER_SETS,		/* sets of reserved IDs: skipped */
	NF_RECV_ERRORS,		/* recvmmsg(2) failures */
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
	[NF_T_NEW]		= "templates-learnt",
	[NF_T_SAME]		= "templates-refreshed",
	[NF_T_CHANGED]		= "templates-changed",
	[NF_T_WITHDRAWN]	= "templates-withdrawn",
	[NF_T_OPTIONS]		= "options-templates",
	[NF_T_CAP]		= "templates-over-exporter-cap",
	[NF_T_FULL]		= "templates-cache-full",
	[NF_T_INVALID]		= "templates-invalid",
	[NF_OPTIONS_DATA]	= "options-data-sets-skipped",
	[NF_NO_TEMPLATE]	= "data-sets-without-template",
	[NF_HELD_DECODED]	= "held-sets-decoded",
	[NF_HELD_EXPIRED]	= "held-sets-expired",
	[NF_HELD_DROPPED]	= "held-sets-dropped",
	[NF_OTHER_SETS]		= "reserved-sets-skipped",
	[NF_RECV_ERRORS]	= "receive-errors",
};

/* A data set waiting for its template. */
struct nf_held {
	struct nf_tkey		 key;
	int64_t			 since_us;
	struct timeval		 ts;		/* its header's export time */
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
};

/* One datagram being decoded. */
struct nf_dgram {
	struct nf_state			*st;
	struct agent			*ag;
	const struct flow_exporter	*from;
	unsigned			 version;
	uint32_t			 domain;
	struct timeval			 ts;
	int64_t				 now_us;
	char				 desc[160];
	size_t				 desc_base;	/* "NetFlow v9 exporter=A" */
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

/* Emit the flow of one data record laid out as l says. */
static void
nf_record(struct nf_dgram *dg, const struct nf_layout *l,
    const struct cursor *rec)
{
	struct flow_rec f;
	uint64_t v, ver = 0, pkts, bytes;
	int has4, has6, icmp = 0;
	size_t n;

	dg->st->c[NF_FLOWS]++;
	memset(&f, 0, sizeof(f));
	has4 = l->off[NFK_SRC4] >= 0 && l->off[NFK_DST4] >= 0;
	has6 = l->off[NFK_SRC6] >= 0 && l->off[NFK_DST6] >= 0;
	if (has4 && has6) {
		uint8_t a4[8];

		rec_uint(rec, l->off[NFK_IPVER], l->len[NFK_IPVER], &ver);
		if (ver == 6)
			has4 = 0;
		else if (ver != 4 && rec_addr(rec, l->off[NFK_SRC4], a4, 4) &&
		    rec_addr(rec, l->off[NFK_DST4], a4 + 4, 4) &&
		    all_zero(a4, 8))
			has4 = 0;
	}
	if (has4) {
		f.family = 4;
		rec_addr(rec, l->off[NFK_SRC4], f.src, 4);
		rec_addr(rec, l->off[NFK_DST4], f.dst, 4);
	} else if (has6) {
		f.family = 6;
		rec_addr(rec, l->off[NFK_SRC6], f.src, 16);
		rec_addr(rec, l->off[NFK_DST6], f.dst, 16);
	} else {
		dg->st->c[NF_NO_ADDR]++;
		return;
	}
	if (!rec_uint(rec, l->off[NFK_PROTO], l->len[NFK_PROTO], &v) ||
	    !flow_proto_drawn((int)v)) {
		dg->st->c[NF_SKIP_PROTO]++;
		return;
	}
	f.proto = (uint8_t)v;
	if (rec_uint(rec, l->off[NFK_SPORT], l->len[NFK_SPORT], &v))
		f.sport = (uint16_t)v;
	if (rec_uint(rec, l->off[NFK_DPORT], l->len[NFK_DPORT], &v))
		f.dport = (uint16_t)v;
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

	n = dg->desc_base;
	if (first_of(l, rec, NFK_PKTS, NFK_PKTS_TOTAL, NFK_PKTS_OUT, &pkts)) {
		n = flow_put(dg->desc, n, " packets=");
		n += flow_fmt_u64(dg->desc + n, pkts);
	}
	if (first_of(l, rec, NFK_BYTES, NFK_BYTES_TOTAL, NFK_BYTES_OUT,
	    &bytes)) {
		n = flow_put(dg->desc, n, " bytes=");
		n += flow_fmt_u64(dg->desc + n, bytes);
	}
	flow_emit(dg->ag, &f, dg->desc, n, &dg->ts);
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
			cur_init(&c, h->data, h->len);
			nf_data(dg, t, &c);
			dg->ts = ts;
		}
		held_remove(st, i);
	}
}

void
nf_expire(struct nf_state *st, int64_t now_us)
{
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

	if (options)
		st->c[NF_T_OPTIONS]++;
	enum nf_learn r;

	r = nf_cache_learn(st->cache, k, options, f, n);
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
	case NF_LEARN_CAP:
	case NF_LEARN_FULL:
		st->c[nf_cache_count(st->cache) >= NF_MAX_TEMPLATES ||
		    r == NF_LEARN_FULL ? NF_T_FULL : NF_T_CAP]++;
		a[pt_fmt_addr(a, k->family, k->addr)] = '\0';
		log_limited(&st->rl_cap, LOG_LVL_WARN, "template %u from %s "
		    "refused: %s", (unsigned)k->id, a,
		    r == NF_LEARN_FULL ? "the template cache is full" :
		    "this exporter has too many templates (a flood?)");
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
	while (cur_left(c) > 0) {
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

	if (!cur_skip(c, 2) || !cur_be16(c, &count) || !cur_skip(c, 4) ||
	    !cur_be32(c, &secs) || !cur_be32(c, &nsecs) || !cur_skip(c, 8)) {
		nf_bad(dg, NFR_TRUNC, "header");
		return;
	}
	dg->ts.tv_sec = secs;
	dg->ts.tv_usec = nsecs < 1000000000 ? nsecs / 1000 : 0;
	/* The fixed v5 record, as a template would lay it out. */
	nf_layout_init(&lay);
	lay.off[NFK_SRC4] = 0;		lay.len[NFK_SRC4] = 4;
	lay.off[NFK_DST4] = 4;		lay.len[NFK_DST4] = 4;
	lay.off[NFK_PKTS] = 16;		lay.len[NFK_PKTS] = 4;
	lay.off[NFK_BYTES] = 20;	lay.len[NFK_BYTES] = 4;
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
		if (!cur_skip(&c, 8) || !cur_be32(&c, &secs) ||
		    !cur_skip(&c, 4) || !cur_be32(&c, &dg.domain)) {
			nf_bad(&dg, NFR_TRUNC, "header");
			return;
		}
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
	if (cur_left(&c) != 0)
		nf_bad(&dg, NFR_INVALID, "message length");
}

struct nf_state *
nf_state_new(void)
{
	struct nf_state *st = xcalloc(1, sizeof(*st));

	st->cache = nf_cache_new();
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

	counters_print(f, &c, 0);
	if (st->nheld > 0 || nf_cache_count(st->cache) > 0)
		fprintf(f, "  %-24s %u\n  %-24s %u\n", "templates-known",
		    nf_cache_count(st->cache), "sets-waiting", st->nheld);
}

/* --- the source ----------------------------------------------------------- */

static void *
netflow_new(void)
{
	return nf_state_new();
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
netflow_cut(void *st)
{
((struct nf_state *)st)->c[NF_RECV_ERRORS]++;}

static void
netflow_recv_error(void *st)
{
	
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
	.count_cut = netflow_cut,
	.count_recv_error = netflow_recv_error,
};

struct source *
source_netflow_open(const char *spec, char *err, size_t errlen)
{
	return flow_source_open(&netflow_decoder, spec, err, errlen);
}
