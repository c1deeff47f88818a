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
 * A peer controls what is stored, so everything is capped: fields per
 * template, templates per exporter address, exporters, templates in all.
 * Template withdrawal (IPFIX: a template record of no fields) removes one
 * template or all of a domain's.
 */
#include "config.h"

#include "flow.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

#define NF_BUCKETS	4096		/* template hash buckets */
#define NF_EXP_BUCKETS	1024		/* exporter hash buckets */

struct nf_exporter {
	uint8_t			 family;
	uint8_t			 addr[16];
	unsigned		 ntemplates;
	struct nf_exporter	*next;
};

struct nf_cache {
	struct nf_template	*bucket[NF_BUCKETS];
	struct nf_exporter	*exp[NF_EXP_BUCKETS];
	unsigned		 ntemplates;
	unsigned		 nexporters;
};

/* FNV-1a over the bytes that identify a template. */
static uint32_t
fnv(uint32_t h, const uint8_t *p, size_t n)
{
	while (n-- > 0) {
		h ^= *p++;
		h *= 16777619u;
	}
	return h;
}

static uint32_t
exp_hash(uint8_t family, const uint8_t *addr)
{
	return fnv(fnv(2166136261u, &family, 1), addr, family == 6 ? 16 : 4);
}

static uint32_t
key_hash(const struct nf_tkey *k)
{
	uint8_t b[8];

	b[0] = k->version;
	b[1] = (uint8_t)(k->id >> 8);
	b[2] = (uint8_t)k->id;
	b[3] = (uint8_t)(k->domain >> 24);
	b[4] = (uint8_t)(k->domain >> 16);
	b[5] = (uint8_t)(k->domain >> 8);
	b[6] = (uint8_t)k->domain;
	b[7] = 0;
	return fnv(exp_hash(k->family, k->addr), b, sizeof(b));
}

static int
same_exporter(const struct nf_tkey *a, const struct nf_tkey *b)
{
	return a->family == b->family &&
	    memcmp(a->addr, b->addr, a->family == 6 ? 16 : 4) == 0;
}

static int
same_key(const struct nf_tkey *a, const struct nf_tkey *b)
{
	return a->id == b->id && a->domain == b->domain &&
	    a->version == b->version && same_exporter(a, b);
}

/* The exporter's entry; create it if asked (NULL when the cap is hit). */
static struct nf_exporter *
exporter(struct nf_cache *nc, const struct nf_tkey *k, int create)
{
	uint32_t h = exp_hash(k->family, k->addr) % NF_EXP_BUCKETS;
	size_t alen = k->family == 6 ? 16 : 4;
	struct nf_exporter *e;

	for (e = nc->exp[h]; e != NULL; e = e->next)
		if (e->family == k->family && memcmp(e->addr, k->addr, alen) == 0)
			return e;
	if (!create || nc->nexporters >= NF_MAX_EXPORTERS)
		return NULL;
	e = xcalloc(1, sizeof(*e));
	e->family = k->family;
	memcpy(e->addr, k->addr, alen);
	e->next = nc->exp[h];
	nc->exp[h] = e;
	nc->nexporters++;
	return e;
}

static void
exporter_release(struct nf_cache *nc, const struct nf_tkey *k)
{
	uint32_t h = exp_hash(k->family, k->addr) % NF_EXP_BUCKETS;
	size_t alen = k->family == 6 ? 16 : 4;
	struct nf_exporter **pp, *e;

	for (pp = &nc->exp[h]; (e = *pp) != NULL; pp = &e->next) {
		if (e->family != k->family || memcmp(e->addr, k->addr, alen) != 0)
			continue;
		if (e->ntemplates > 0)
			e->ntemplates--;
		if (e->ntemplates == 0) {
			*pp = e->next;
			free(e);
			nc->nexporters--;
		}
		return;
	}
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
	} else if (len == 0 || len > 8)
		return;
	if (l->off[k] >= 0)
		return;			/* the first one wins */
	l->off[k] = (int32_t)off;
	l->len[k] = len;
}

struct nf_cache *
nf_cache_new(void)
{
	return xcalloc(1, sizeof(struct nf_cache));
}

static void
tmpl_free(struct nf_template *t)
{
	free(t->fields);
	free(t);
}

void
nf_cache_free(struct nf_cache *nc)
{
	struct nf_template *t, *tn;
	struct nf_exporter *e, *en;
	unsigned i;

	if (nc == NULL)
		return;
	for (i = 0; i < NF_BUCKETS; i++)
		for (t = nc->bucket[i]; t != NULL; t = tn) {
			tn = t->next;
			tmpl_free(t);
		}
	for (i = 0; i < NF_EXP_BUCKETS; i++)
		for (e = nc->exp[i]; e != NULL; e = en) {
			en = e->next;
			free(e);
		}
	free(nc);
}

struct nf_template *
nf_cache_find(struct nf_cache *nc, const struct nf_tkey *k)
{
	struct nf_template *t;

	for (t = nc->bucket[key_hash(k) % NF_BUCKETS]; t != NULL; t = t->next)
		if (same_key(&t->key, k))
			return t;
	return NULL;
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
    const struct nf_field *f, unsigned n)
{
	struct nf_template *t, tmp;
	struct nf_exporter *e;
	uint32_t h;

	if (n == 0 || n > NF_MAX_FIELDS)
		return NF_LEARN_INVALID;
	if ((t = nf_cache_find(nc, k)) != NULL) {
		if (t->options == (options != 0) && t->nfields == n &&
		    memcmp(t->fields, f, n * sizeof(*f)) == 0)
			return NF_LEARN_SAME;
		memset(&tmp, 0, sizeof(tmp));
		if (compile(&tmp, options, f, n) < 0)
			return NF_LEARN_INVALID;
		free(t->fields);
		tmp.key = t->key;
		tmp.next = t->next;
		*t = tmp;
		return NF_LEARN_CHANGED;
	}
	t = xcalloc(1, sizeof(*t));
	if (compile(t, options, f, n) < 0) {
		free(t);
		return NF_LEARN_INVALID;
	}
	if (nc->ntemplates >= NF_MAX_TEMPLATES ||
	    (e = exporter(nc, k, 1)) == NULL) {
		tmpl_free(t);
		return NF_LEARN_FULL;
	}
	if (e->ntemplates >= NF_MAX_PER_EXPORTER) {
		tmpl_free(t);
		return NF_LEARN_CAP;
	}
	t->key = *k;
	h = key_hash(k) % NF_BUCKETS;
	t->next = nc->bucket[h];
	nc->bucket[h] = t;
	nc->ntemplates++;
	e->ntemplates++;
	return NF_LEARN_NEW;
}

unsigned
nf_cache_withdraw(struct nf_cache *nc, const struct nf_tkey *k, int all,
    int options)
{
	struct nf_template **pp, *t;
	unsigned i, n = 0, lo = 0, hi = NF_BUCKETS;

	if (!all) {
		lo = key_hash(k) % NF_BUCKETS;
		hi = lo + 1;
	}
	for (i = lo; i < hi; i++) {
		pp = &nc->bucket[i];
		while ((t = *pp) != NULL) {
			int hit = all ?
			    (t->key.version == k->version &&
			    t->key.domain == k->domain &&
			    same_exporter(&t->key, k) &&
			    t->options == (options != 0)) :
			    same_key(&t->key, k);

			if (!hit) {
				pp = &t->next;
				continue;
			}
			*pp = t->next;
			exporter_release(nc, &t->key);
			tmpl_free(t);
			nc->ntemplates--;
			n++;
		}
	}
	return n;
}

unsigned
nf_cache_count(const struct nf_cache *nc)
{
	return nc->ntemplates;
}
