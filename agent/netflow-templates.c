/*
 * netflow-templates.c - the NetFlow v9 / IPFIX template cache.
 *
 * Templates are kept per (exporter address, protocol version, source ID or
 * observation domain, template ID), as RFC 3954 section 5 and RFC 7011
 * section 8 ask.  Each one is compiled when learnt: its record length (the
 * least one when it has variable-length fields) and, for fixed templates,
 * the offset of every element a PACKTER record needs, so that decoding a
 * data record reads a handful of fields at known places.
 *
 * A peer controls what is stored and the keys it is found by, so:
 *
 *   - the hash is SipHash-2-4 with a key drawn for each cache, so that no
 *     one can compute keys that share a bucket, and no chain is ever walked
 *     or grown past NF_MAX_CHAIN (a template or exporter that would make one
 *     longer is refused and counted);
 *   - templates expire when not refreshed for the template timeout (RFC
 *     7011 section 8.4, UDP: 30 minutes unless the operator says), and go
 *     when withdrawn (a template record of no fields: one template, or with
 *     ID 2/3 all of the domain's);
 *   - an exporter at NF_MAX_PER_EXPORTER templates gives up its least
 *     recently used one for a new one, so a flood from one address only
 *     churns that address's own templates;
 *   - when NF_MAX_TEMPLATES or NF_MAX_EXPORTERS is reached, the least
 *     recently used exporter goes with all its templates: a new exporter
 *     always gets in, and one that is in use stays.
 *
 * "Used" is a template learnt, refreshed or decoding data; expiry looks at
 * refreshes only.  Everything that goes is counted (nf_cache_counter).
 */
#include "config.h"

#include "flow.h"

#include <stdlib.h>
#include <string.h>

#include "errbuf.h"
#include "log.h"
#include "siphash.h"

#define NF_BUCKETS	4096		/* template hash buckets */
#define NF_EXP_BUCKETS	4096		/* exporter hash buckets */

struct nf_exporter {
	uint8_t			 family;
	uint8_t			 addr[16];
	unsigned		 ntemplates;
	struct nf_template	*t_head;	/* its templates, LRU first */
	struct nf_template	*t_tail;
	struct nf_exporter	*next;		/* hash chain */
	struct nf_exporter	*lru_prev;	/* all exporters, LRU first */
	struct nf_exporter	*lru_next;
};

struct nf_cache {
	struct siphash_key	 key;
	int64_t			 timeout_us;	/* 0: templates never expire */
	struct nf_template	*bucket[NF_BUCKETS];
	struct nf_exporter	*exp[NF_EXP_BUCKETS];
	struct nf_template	*age_head;	/* oldest refresh first */
	struct nf_template	*age_tail;
	struct nf_exporter	*lru_head;	/* least recently used first */
	struct nf_exporter	*lru_tail;
	unsigned		 ntemplates;
	unsigned		 nexporters;
	unsigned		 chain_max;
	uint64_t		 c[NFC_MAX];
};

static const char *const nf_cache_names[NFC_MAX] = {
	[NFC_EXPIRED]		= "templates-expired",
	[NFC_EVICTED_CAP]	= "templates-evicted-exporter-cap",
	[NFC_EXPORTERS_EVICTED]	= "exporters-evicted",
	[NFC_EVICTED_EXPORTER]	= "templates-evicted-with-exporter",
	[NFC_REFUSED_CHAIN]	= "templates-refused-hash-chain",
};

/* --- hashing -------------------------------------------------------------- */

static size_t
alen(uint8_t family)
{
	return family == 6 ? 16 : 4;
}

static uint32_t
exp_hash(const struct nf_cache *nc, uint8_t family, const uint8_t *addr)
{
	uint8_t b[17];

	b[0] = family;
	memcpy(b + 1, addr, alen(family));
	return (uint32_t)(siphash24(&nc->key, b, 1 + alen(family)) %
	    NF_EXP_BUCKETS);
}

static uint32_t
key_hash(const struct nf_cache *nc, const struct nf_tkey *k)
{
	uint8_t b[24];

	b[0] = k->family;
	b[1] = k->version;
	b[2] = (uint8_t)(k->id >> 8);
	b[3] = (uint8_t)k->id;
	b[4] = (uint8_t)(k->domain >> 24);
	b[5] = (uint8_t)(k->domain >> 16);
	b[6] = (uint8_t)(k->domain >> 8);
	b[7] = (uint8_t)k->domain;
	memcpy(b + 8, k->addr, alen(k->family));
	return (uint32_t)(siphash24(&nc->key, b, 8 + alen(k->family)) %
	    NF_BUCKETS);
}

static int
same_exporter(const struct nf_tkey *a, const struct nf_tkey *b)
{
	return a->family == b->family &&
	    memcmp(a->addr, b->addr, alen(a->family)) == 0;
}

static int
same_key(const struct nf_tkey *a, const struct nf_tkey *b)
{
	return a->id == b->id && a->domain == b->domain &&
	    a->version == b->version && same_exporter(a, b);
}

static void
note_chain(struct nf_cache *nc, unsigned len)
{
	if (len > nc->chain_max)
		nc->chain_max = len;
}

/* --- the lists ------------------------------------------------------------ */

static void
lru_unlink(struct nf_cache *nc, struct nf_exporter *e)
{
	if (e->lru_prev != NULL)
		e->lru_prev->lru_next = e->lru_next;
	else
		nc->lru_head = e->lru_next;
	if (e->lru_next != NULL)
		e->lru_next->lru_prev = e->lru_prev;
	else
		nc->lru_tail = e->lru_prev;
	e->lru_prev = e->lru_next = NULL;
}

static void
lru_append(struct nf_cache *nc, struct nf_exporter *e)
{
	e->lru_prev = nc->lru_tail;
	e->lru_next = NULL;
	if (nc->lru_tail != NULL)
		nc->lru_tail->lru_next = e;
	else
		nc->lru_head = e;
	nc->lru_tail = e;
}

static void
age_unlink(struct nf_cache *nc, struct nf_template *t)
{
	if (t->a_prev != NULL)
		t->a_prev->a_next = t->a_next;
	else
		nc->age_head = t->a_next;
	if (t->a_next != NULL)
		t->a_next->a_prev = t->a_prev;
	else
		nc->age_tail = t->a_prev;
	t->a_prev = t->a_next = NULL;
}

static void
age_append(struct nf_cache *nc, struct nf_template *t)
{
	t->a_prev = nc->age_tail;
	t->a_next = NULL;
	if (nc->age_tail != NULL)
		nc->age_tail->a_next = t;
	else
		nc->age_head = t;
	nc->age_tail = t;
}

static void
use_unlink(struct nf_exporter *e, struct nf_template *t)
{
	if (t->u_prev != NULL)
		t->u_prev->u_next = t->u_next;
	else
		e->t_head = t->u_next;
	if (t->u_next != NULL)
		t->u_next->u_prev = t->u_prev;
	else
		e->t_tail = t->u_prev;
	t->u_prev = t->u_next = NULL;
}

static void
use_append(struct nf_exporter *e, struct nf_template *t)
{
	t->u_prev = e->t_tail;
	t->u_next = NULL;
	if (e->t_tail != NULL)
		e->t_tail->u_next = t;
	else
		e->t_head = t;
	e->t_tail = t;
}

/* --- exporters ------------------------------------------------------------ */

static struct nf_exporter *
exporter_find(struct nf_cache *nc, const struct nf_tkey *k, unsigned *chain)
{
	struct nf_exporter *e;
	unsigned n = 0;

	for (e = nc->exp[exp_hash(nc, k->family, k->addr)]; e != NULL;
	    e = e->next, n++)
		if (e->family == k->family &&
		    memcmp(e->addr, k->addr, alen(k->family)) == 0)
			return e;
	if (chain != NULL)
		*chain = n;
	return NULL;
}

static void
exporter_free(struct nf_cache *nc, struct nf_exporter *e)
{
	struct nf_exporter **pp;

	for (pp = &nc->exp[exp_hash(nc, e->family, e->addr)]; *pp != NULL;
	    pp = &(*pp)->next)
		if (*pp == e) {
			*pp = e->next;
			break;
		}
	lru_unlink(nc, e);
	nc->nexporters--;
	free(e);
}

/* --- templates ------------------------------------------------------------ */

static void
tmpl_free(struct nf_template *t)
{
	free(t->fields);
	free(t);
}

/* Take t out of everything; its exporter goes when it was the last. */
static void
tmpl_remove(struct nf_cache *nc, struct nf_template *t)
{
	struct nf_template **pp;
	struct nf_exporter *e = t->exp;

	for (pp = &nc->bucket[key_hash(nc, &t->key)]; *pp != NULL;
	    pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	age_unlink(nc, t);
	use_unlink(e, t);
	nc->ntemplates--;
	if (--e->ntemplates == 0)
		exporter_free(nc, e);
	tmpl_free(t);
}

/* The least recently used exporter but keep, with all its templates. */
static int
evict_exporter(struct nf_cache *nc, const struct nf_exporter *keep)
{
	struct nf_exporter *e = nc->lru_head;
	unsigned n;

	if (e == keep)
		e = e->lru_next;
	if (e == NULL)
		return -1;
	nc->c[NFC_EXPORTERS_EVICTED]++;
	n = e->ntemplates;
	nc->c[NFC_EVICTED_EXPORTER] += n;
	while (n-- > 0)
		tmpl_remove(nc, e->t_head);	/* the last one frees e */
	return 0;
}

void
nf_layout_init(struct nf_layout *l)
{
	unsigned i;

	for (i = 0; i < NFK_MAX; i++) {
		l->off[i] = -1;
		l->len[i] = 0;
	}
}

void
nf_layout_add(struct nf_layout *l, const struct nf_field *f, uint32_t off,
    uint16_t len)
{
	int k;

	if (f->pen != 0)
		return;			/* enterprise elements: not ours */
	switch (f->id) {
	case 1:		k = NFK_BYTES;		break;
	case 2:		k = NFK_PKTS;		break;
	case 4:		k = NFK_PROTO;		break;
	case 6:		k = NFK_TCPFLAGS;	break;
	case 7:		k = NFK_SPORT;		break;
	case 8:		k = NFK_SRC4;		break;
	case 11:	k = NFK_DPORT;		break;
	case 12:	k = NFK_DST4;		break;
	case 23:	k = NFK_BYTES_OUT;	break;
	case 24:	k = NFK_PKTS_OUT;	break;
	case 27:	k = NFK_SRC6;		break;
	case 28:	k = NFK_DST6;		break;
	case 32:	k = NFK_ICMP4;		break;
	case 60:	k = NFK_IPVER;		break;
	case 85:	k = NFK_BYTES_TOTAL;	break;
	case 86:	k = NFK_PKTS_TOTAL;	break;
	case 139:	k = NFK_ICMP6;		break;
	case 176:	k = NFK_ICMP_TYPE4;	break;
	case 177:	k = NFK_ICMP_CODE4;	break;
	case 178:	k = NFK_ICMP_TYPE6;	break;
	case 179:	k = NFK_ICMP_CODE6;	break;
	case 180:	k = NFK_UDP_SPORT;	break;
	case 181:	k = NFK_UDP_DPORT;	break;
	case 182:	k = NFK_TCP_SPORT;	break;
	case 183:	k = NFK_TCP_DPORT;	break;
	case 21:	k = NFK_LAST_UPTIME;	break;
	case 22:	k = NFK_FIRST_UPTIME;	break;
	case 150:	k = NFK_START_SEC;	break;
	case 151:	k = NFK_END_SEC;	break;
	case 152:	k = NFK_START_MS;	break;
	case 153:	k = NFK_END_MS;		break;
	case 154:	k = NFK_START_US;	break;
	case 155:	k = NFK_END_US;		break;
	case 313:	k = NFK_IP_SECTION;	break;
	case 315:	k = NFK_FRAME_SECTION;	break;
	default:
		return;
	}
	/* Addresses must be whole; numbers may be sent shorter (RFC 7011 6.2). */
	if (k == NFK_SRC4 || k == NFK_DST4) {
		if (len != 4)
			return;
	} else if (k == NFK_SRC6 || k == NFK_DST6) {
		if (len != 16)
			return;
	} else if (k == NFK_IP_SECTION || k == NFK_FRAME_SECTION) {
		if (len == 0)
			return;
	} else if (len == 0 || len > 8)
		return;
	if (l->off[k] >= 0)
		return;			/* the first one wins */
	l->off[k] = (int32_t)off;
	l->len[k] = len;
}

struct nf_cache *
nf_cache_new(const struct siphash_key *key, int64_t timeout_us)
{
	struct nf_cache *nc = xcalloc(1, sizeof(struct nf_cache));
	char err[ERRBUF_SIZE];

	if (key != NULL)
		nc->key = *key;
	else if (siphash_key_random(&nc->key, err, sizeof(err)) < 0)
		fatal(1, "NetFlow template cache: %s", err);
	nc->timeout_us = timeout_us;
	return nc;
}

void
nf_cache_free(struct nf_cache *nc)
{
	struct nf_template *t, *tn;
	struct nf_exporter *e, *en;

	if (nc == NULL)
		return;
	for (t = nc->age_head; t != NULL; t = tn) {
		tn = t->a_next;
		tmpl_free(t);
	}
	for (e = nc->lru_head; e != NULL; e = en) {
		en = e->lru_next;
		free(e);
	}
	free(nc);
}

struct nf_template *
nf_cache_find(struct nf_cache *nc, const struct nf_tkey *k)
{
	struct nf_template *t;

	/* Chains never grow past NF_MAX_CHAIN (nf_cache_learn). */
	for (t = nc->bucket[key_hash(nc, k)]; t != NULL; t = t->next)
		if (same_key(&t->key, k))
			return t;
	return NULL;
}

void
nf_cache_use(struct nf_cache *nc, struct nf_template *t)
{
	struct nf_exporter *e = t->exp;

	if (e->t_tail != t) {
		use_unlink(e, t);
		use_append(e, t);
	}
	if (nc->lru_tail != e) {
		lru_unlink(nc, e);
		lru_append(nc, e);
	}
}

static void
refresh(struct nf_cache *nc, struct nf_template *t, int64_t now_us)
{
	t->refreshed_us = now_us;
	if (nc->age_tail != t) {
		age_unlink(nc, t);
		age_append(nc, t);
	}
	nf_cache_use(nc, t);
}

/* Compile fields into t: lengths and, when all are fixed, the layout. */
static int
compile(struct nf_template *t, int options, const struct nf_field *f,
    unsigned n)
{
	uint32_t len = 0;
	unsigned i;

	t->options = (uint8_t)(options != 0);
	t->variable = 0;
	t->nfields = (uint16_t)n;
	nf_layout_init(&t->lay);
	for (i = 0; i < n; i++) {
		if (f[i].len == NF_VARLEN) {
			t->variable = 1;
			len += 1;		/* the shortest: a one-byte length */
			continue;
		}
		if (!t->variable)
			nf_layout_add(&t->lay, &f[i], len, f[i].len);
		len += f[i].len;
	}
	if (t->variable)
		nf_layout_init(&t->lay);
	/* A record must take room, and fit in a set. */
	if (len == 0 || len > 65535 - 4)
		return -1;
	t->minlen = len;
	t->fields = xreallocarray(NULL, n, sizeof(*f));
	memcpy(t->fields, f, n * sizeof(*f));
	return 0;
}

enum nf_learn
nf_cache_learn(struct nf_cache *nc, const struct nf_tkey *k, int options,
    const struct nf_field *f, unsigned n, int64_t now_us)
{
	struct nf_template *t, *o, tmp;
	struct nf_exporter *e;
	unsigned chain = 0, echain = 0;
	uint32_t h;

	if (n == 0 || n > NF_MAX_FIELDS)
		return NF_LEARN_INVALID;
	h = key_hash(nc, k);
	for (t = nc->bucket[h]; t != NULL; t = t->next, chain++)
		if (same_key(&t->key, k))
			break;
	if (t != NULL) {
		if (t->options == (options != 0) && t->nfields == n &&
		    memcmp(t->fields, f, n * sizeof(*f)) == 0) {
			refresh(nc, t, now_us);
			return NF_LEARN_SAME;
		}
		memset(&tmp, 0, sizeof(tmp));
		if (compile(&tmp, options, f, n) < 0)
			return NF_LEARN_INVALID;
		free(t->fields);
		t->options = tmp.options;
		t->variable = tmp.variable;
		t->nfields = tmp.nfields;
		t->minlen = tmp.minlen;
		t->lay = tmp.lay;
		t->fields = tmp.fields;
		refresh(nc, t, now_us);
		return NF_LEARN_CHANGED;
	}
	if (chain >= NF_MAX_CHAIN) {
		nc->c[NFC_REFUSED_CHAIN]++;
		return NF_LEARN_CHAIN;
	}
	t = xcalloc(1, sizeof(*t));
	if (compile(t, options, f, n) < 0) {
		free(t);
		return NF_LEARN_INVALID;
	}
	if ((e = exporter_find(nc, k, &echain)) == NULL) {
		if (echain >= NF_MAX_CHAIN) {
			tmpl_free(t);
			nc->c[NFC_REFUSED_CHAIN]++;
			return NF_LEARN_CHAIN;
		}
		if (nc->nexporters >= NF_MAX_EXPORTERS)
			evict_exporter(nc, NULL);
		e = xcalloc(1, sizeof(*e));
		e->family = k->family;
		memcpy(e->addr, k->addr, alen(k->family));
		h = exp_hash(nc, k->family, k->addr);
		e->next = nc->exp[h];
		nc->exp[h] = e;
		lru_append(nc, e);
		nc->nexporters++;
		note_chain(nc, echain + 1);
	} else if (nc->lru_tail != e) {
		lru_unlink(nc, e);
		lru_append(nc, e);
	}
	/*
	 * Room: the exporter's own least recently used template when it is at
	 * its cap (never its last, so e stays), else the least recently used
	 * other exporter when the cache is full.
	 */
	if (e->ntemplates >= NF_MAX_PER_EXPORTER ||
	    (nc->ntemplates >= NF_MAX_TEMPLATES && evict_exporter(nc, e) < 0 &&
	    e->t_head != NULL)) {
		nc->c[NFC_EVICTED_CAP]++;
		tmpl_remove(nc, e->t_head);
	}
	/* What went may have shortened the chain: count it again. */
	h = key_hash(nc, k);
	chain = 0;
	for (o = nc->bucket[h]; o != NULL; o = o->next)
		chain++;
	t->key = *k;
	t->exp = e;
	t->refreshed_us = now_us;
	t->next = nc->bucket[h];
	nc->bucket[h] = t;
	note_chain(nc, chain + 1);
	age_append(nc, t);
	use_append(e, t);
	nc->ntemplates++;
	e->ntemplates++;
	return NF_LEARN_NEW;
}

unsigned
nf_cache_withdraw(struct nf_cache *nc, const struct nf_tkey *k, int all,
    int options)
{
	struct nf_template *t, *tn;
	struct nf_exporter *e;
	unsigned n = 0;

	if (!all) {
		if ((t = nf_cache_find(nc, k)) == NULL)
			return 0;
		tmpl_remove(nc, t);
		return 1;
	}
	if ((e = exporter_find(nc, k, NULL)) == NULL)
		return 0;
	/* At most NF_MAX_PER_EXPORTER steps; e goes with its last one. */
	for (t = e->t_head; t != NULL; t = tn) {
		tn = t->u_next;
		if (t->key.version == k->version &&
		    t->key.domain == k->domain &&
		    t->options == (options != 0)) {
			tmpl_remove(nc, t);
			n++;
		}
	}
	return n;
}

unsigned
nf_cache_expire(struct nf_cache *nc, int64_t now_us)
{
	unsigned n = 0;

	if (nc->timeout_us <= 0)
		return 0;
	while (nc->age_head != NULL &&
	    now_us - nc->age_head->refreshed_us > nc->timeout_us) {
		tmpl_remove(nc, nc->age_head);
		n++;
	}
	nc->c[NFC_EXPIRED] += n;
	return n;
}

unsigned
nf_cache_count(const struct nf_cache *nc)
{
	return nc->ntemplates;
}

unsigned
nf_cache_exporters(const struct nf_cache *nc)
{
	return nc->nexporters;
}

unsigned
nf_cache_chain_max(const struct nf_cache *nc)
{
	return nc->chain_max;
}

uint64_t
nf_cache_counter(const struct nf_cache *nc, enum nf_cache_counter which)
{
	return nc->c[which];
}

const char *
nf_cache_counter_name(enum nf_cache_counter which)
{
	return nf_cache_names[which];
}
