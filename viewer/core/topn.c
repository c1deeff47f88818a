/*
 * topn.c - counting keys of recent records in fixed hash tables, then the
 * largest counts (see topn.h).
 */
#include "config.h"
#include "topn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "protocol.h"

#define SLOTS		4096		/* a power of two */

struct slot {
	char		 key[TOPN_KEY_MAX];
	uint8_t		 len;
	uint64_t	 count;
};

struct topn {
	struct slot	 t[TOPN_KINDS][SLOTS];
	uint32_t	 used[TOPN_KINDS][SLOTS];	/* slots in use, in order */
	size_t		 nused[TOPN_KINDS];
};

struct topn *
topn_new(void)
{
	return xcalloc(1, sizeof(struct topn));
}

void
topn_free(struct topn *tp)
{
	free(tp);
}

/* FNV-1a. */
static uint32_t
hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (uint8_t)s[i];
		h *= 16777619u;
	}
	return h;
}

static void
count(struct topn *tp, int k, const char *s, size_t n, uint64_t by)
{
	uint32_t h, i, probe;
	struct slot *sl;

	if (n == 0 || n >= TOPN_KEY_MAX)
		return;
	h = hash(s, n);
	for (probe = 0; probe < 64; probe++) {
		i = (h + probe) & (SLOTS - 1);
		sl = &tp->t[k][i];
		if (sl->count == 0) {
			memcpy(sl->key, s, n);
			sl->key[n] = '\0';
			sl->len = (uint8_t)n;
			sl->count = by;
			tp->used[k][tp->nused[k]++] = i;
			return;
		}
		if (sl->len == n && memcmp(sl->key, s, n) == 0) {
			sl->count += by;
			return;
		}
	}
}

static void
pair(struct topn *tp, const struct pt_str *a, const struct pt_str *b,
    uint64_t by)
{
	char buf[TOPN_KEY_MAX];
	int n;

	n = snprintf(buf, sizeof(buf), "%.*s > %.*s", (int)a->len, a->p,
	    (int)b->len, b->p);
	if (n > 0 && (size_t)n < sizeof(buf))
		count(tp, TOPN_PAIR, buf, (size_t)n, by);
}

static void
port(struct topn *tp, int k, const struct pt_endpoint *e, uint64_t by)
{
	char buf[8];
	int n;

	if (e->port < 0)
		return;
	n = snprintf(buf, sizeof(buf), "%d", (int)e->port);
	count(tp, k, buf, (size_t)n, by);
}

/* The largest counts of table k into the result, then the table cleared. */
static void
collect(struct topn *tp, int k, struct topn_result *res)
{
	struct topn_row *rows = res->rows[k];
	size_t u;
	int i, j;

	res->n[k] = 0;
	for (u = 0; u < tp->nused[k]; u++) {
		struct slot *sl = &tp->t[k][tp->used[k][u]];

		for (i = res->n[k]; i > 0 && rows[i - 1].count < sl->count; i--)
			;
		if (i < TOPN_ROWS) {
			j = res->n[k] < TOPN_ROWS ? res->n[k] : TOPN_ROWS - 1;
			memmove(&rows[i + 1], &rows[i],
			    (size_t)(j - i) * sizeof(rows[0]));
			memcpy(rows[i].key, sl->key, sl->len + 1u);
			rows[i].count = sl->count;
			if (res->n[k] < TOPN_ROWS)
				res->n[k]++;
		}
		sl->count = 0;
	}
	tp->nused[k] = 0;
}

void
topn_compute(struct topn *tp, const struct history *h, int64_t t,
    int64_t span, size_t max_read, bool (*keep)(void *, uint64_t), void *arg,
    struct topn_result *res)
{
	uint64_t first, end, seq, step, by;
	struct pt_record r;
	char err[PT_ERRBUF_SIZE];
	const char *line;
	size_t len;
	int k;

	memset(res, 0, sizeof(*res));
	res->seconds = (double)span / 1e9;
	first = history_upper_bound(h, t - span);
	end = history_upper_bound(h, t);
	if (end <= first)
		return;
	res->records = end - first;
	if (max_read == 0)
		max_read = 1;
	step = (res->records + max_read - 1) / max_read;
	by = step;
	for (seq = first; seq < end; seq += step) {
		if (keep != NULL && !keep(arg, seq))
			continue;
		if ((line = history_line(h, seq, &len)) == NULL ||
		    pt_parse_record_line(line, len, &r, err, sizeof(err)) != 0)
			continue;
		res->read++;
		count(tp, TOPN_SRC, r.src.addr_text.p, r.src.addr_text.len, by);
		count(tp, TOPN_DST, r.dst.addr_text.p, r.dst.addr_text.len, by);
		port(tp, TOPN_SPORT, &r.src, by);
		port(tp, TOPN_DPORT, &r.dst, by);
		pair(tp, &r.src.addr_text, &r.dst.addr_text, by);
	}
	for (k = 0; k < TOPN_KINDS; k++)
		collect(tp, k, res);
}

void
topn_filter(enum topn_kind k, const struct topn_row *row, char *buf,
    size_t len)
{
	const char *gt;

	switch (k) {
	case TOPN_SRC:
		(void)snprintf(buf, len, "src host %s", row->key);
		break;
	case TOPN_DST:
		(void)snprintf(buf, len, "dst host %s", row->key);
		break;
	case TOPN_SPORT:
		(void)snprintf(buf, len, "src port %s", row->key);
		break;
	case TOPN_DPORT:
		(void)snprintf(buf, len, "dst port %s", row->key);
		break;
	case TOPN_PAIR:
	default:
		if ((gt = strstr(row->key, " > ")) == NULL) {
			buf[0] = '\0';
			break;
		}
		(void)snprintf(buf, len, "src host %.*s and dst host %s",
		    (int)(gt - row->key), row->key, gt + 3);
		break;
	}
}
