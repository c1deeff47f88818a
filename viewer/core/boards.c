/*
 * boards.c - the ring of boards, feeds to sender boards, the state of each
 * record, remapping after a change (see boards.h).
 */
#include "config.h"
#include "boards.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "auth.h"
#include "errbuf.h"
#include "log.h"
#include "scene.h"

struct rule {
	bool		 by_id;
	char		 id[AUTH_ID_MAX + 1];
	struct acl_entry net;
	int		 board;
};

struct feed {
	char		 id[AUTH_ID_MAX + 1];	/* "" for an unsigned feed */
	uint8_t		 family;
	uint8_t		 addr[16];
	int		 board;
};

struct boards {
	size_t		 cap;
	struct boards_layout layout;
	struct boardmap	 map;
	struct filter	*filter;
	enum boards_filter_mode fmode;
	struct rule	 rules[BOARDS_RULES];
	int		 nrules;
	struct feed	 feeds[BOARDS_FEEDS];
	int		 nfeeds;
	int		 last_feed;	/* the one looked up last, or -1 */
	int		 auto_next;	/* the next board for a new feed */
	uint32_t	 hidden;	/* 1 << board */
	uint32_t	 gen;		/* of the settings */
	uint32_t	*state;		/* by slot */
	uint32_t	*gens;		/* the settings a slot was mapped with */
	uint64_t	 bg;		/* background remap: stale below here */
};

void
boards_layout_init(struct boards_layout *l, int n)
{
	double th, r;
	int k;

	if (n < 2)
		n = 2;
	if (n > BOARDS_MAX)
		n = BOARDS_MAX;
	memset(l, 0, sizeof(*l));
	l->n = n;
	r = SCENE_BOARD_X;
	if (n > 2 && 1.2 / tan(M_PI / n) > r)
		r = 1.2 / tan(M_PI / n);
	l->radius = (float)r;
	/* The receiver, as scene.h has it. */
	l->org[0][0] = (float)r;
	l->eu[0][2] = -1.0f;
	for (k = 1; k < n; k++) {
		th = 2.0 * M_PI * k / n;
		l->org[k][0] = (float)(r * cos(th));
		l->org[k][2] = (float)(-r * sin(th));
		l->eu[k][0] = (float)sin(th);
		l->eu[k][2] = (float)cos(th);
	}
	/* Exactly the classic pair for two (no rounding of cos and sin). */
	if (n == 2) {
		l->org[1][0] = -(float)r;
		l->org[1][2] = 0.0f;
		l->eu[1][0] = 0.0f;
		l->eu[1][2] = -1.0f;
	}
}

void
boards_layout_point(const struct boards_layout *l, int b, float u, float v,
    float out[3])
{
	float du = (u - 0.5f) * 2.0f * SCENE_BOARD_HALF;
	float dv = (v - 0.5f) * 2.0f * SCENE_BOARD_HALF;

	if (b < 0 || b >= l->n)
		b = 0;
	out[0] = l->org[b][0] + du * l->eu[b][0];
	out[1] = l->org[b][1] + dv;
	out[2] = l->org[b][2] + du * l->eu[b][2];
}

struct boards *
boards_new(size_t cap)
{
	struct boards *b = xcalloc(1, sizeof(*b));

	b->cap = cap > 0 ? cap : 1;
	b->state = xcalloc(b->cap, sizeof(*b->state));
	b->gens = xcalloc(b->cap, sizeof(*b->gens));
	boards_layout_init(&b->layout, 2);
	bm_init(&b->map);
	b->last_feed = -1;
	b->auto_next = 1;
	return b;
}

void
boards_free(struct boards *b)
{
	if (b == NULL)
		return;
	filter_free(b->filter);
	free(b->state);
	free(b->gens);
	free(b);
}

const struct boards_layout *
boards_layout(const struct boards *b)
{
	return &b->layout;
}

/* Everything kept is stale from now on. */
static void
changed(struct boards *b)
{
	b->gen++;
	b->bg = UINT64_MAX;
}

static int
feed_board(struct boards *b, const struct feed *f)
{
	int i, board;

	for (i = 0; i < b->nrules; i++) {
		const struct rule *r = &b->rules[i];

		if (r->by_id ? f->id[0] != '\0' && strcmp(r->id, f->id) == 0 :
		    f->family != 0 && acl_allows_addr(&(struct acl){ .n = 1,
		    .e = { r->net } }, f->family, f->addr))
			return r->board < b->layout.n ? r->board :
			    b->layout.n - 1;
	}
	board = b->auto_next;
	if (board >= b->layout.n)
		board = 1;
	b->auto_next = board + 1 >= b->layout.n ? 1 : board + 1;
	return board;
}

/* Boards again for every feed (rules or the count changed). */
static void
reassign(struct boards *b)
{
	int i;

	b->auto_next = 1;
	for (i = 0; i < b->nfeeds; i++)
		b->feeds[i].board = feed_board(b, &b->feeds[i]);
	changed(b);
}

void
boards_set_count(struct boards *b, int n)
{
	boards_layout_init(&b->layout, n);
	b->hidden = 0;
	reassign(b);
}

void
boards_set_map(struct boards *b, const struct boardmap *m)
{
	b->map = *m;
	changed(b);
}

const struct boardmap *
boards_map(const struct boards *b)
{
	return &b->map;
}

void
boards_set_filter(struct boards *b, struct filter *f,
    enum boards_filter_mode mode)
{
	if (b->filter != f)
		filter_free(b->filter);
	b->filter = f;
	b->fmode = mode;
	changed(b);
}

const struct filter *
boards_filter(const struct boards *b)
{
	return b->filter;
}

enum boards_filter_mode
boards_filter_mode(const struct boards *b)
{
	return b->fmode;
}

int
boards_add_rule(struct boards *b, const char *spec, char *err, size_t errlen)
{
	char who[AUTH_ID_MAX + 64], aerr[ACL_ERRBUF_SIZE];
	const char *eq = strrchr(spec, '=');
	struct rule r;
	struct acl acl;
	size_t n;
	long v;
	char *end;

	if (eq == NULL || eq == spec || eq[1] == '\0')
		return errbuf_fmt(err, errlen, "\"%s\": expected ID=INDEX or "
		    "CIDR=INDEX", spec);
	v = strtol(eq + 1, &end, 10);
	if (*end != '\0' || v < 1 || v >= BOARDS_MAX)
		return errbuf_fmt(err, errlen, "\"%s\": the board is a number "
		    "from 1 to %d", spec, BOARDS_MAX - 1);
	if (b->nrules == BOARDS_RULES)
		return errbuf_fmt(err, errlen, "at most %d board rules",
		    BOARDS_RULES);
	n = (size_t)(eq - spec);
	if (n >= sizeof(who))
		return errbuf_fmt(err, errlen, "\"%.20s...\": too long", spec);
	memcpy(who, spec, n);
	who[n] = '\0';
	memset(&r, 0, sizeof(r));
	r.board = (int)v;
	memset(&acl, 0, sizeof(acl));
	if (strchr(who, '/') != NULL || strchr(who, ':') != NULL ||
	    strspn(who, "0123456789.") == n) {
		if (acl_add(&acl, who, aerr, sizeof(aerr)) == -1)
			return errbuf_fmt(err, errlen, "\"%s\": %s", spec, aerr);
		r.net = acl.e[0];
	} else {
		if (!auth_id_valid(who, n))
			return errbuf_fmt(err, errlen, "\"%s\": not an agent id "
			    "(1 to %d bytes, no blank, comma or '=')", spec,
			    AUTH_ID_MAX);
		r.by_id = true;
		memcpy(r.id, who, n + 1);
	}
	b->rules[b->nrules++] = r;
	reassign(b);
	return 0;
}

void
boards_clear_rules(struct boards *b)
{
	b->nrules = 0;
	reassign(b);
}

/* The feed of a datagram: its index, 0xff when the table is full. */
static int
feed_of(struct boards *b, const char *id, size_t idlen, int family,
    const uint8_t *addr)
{
	struct feed *f;
	int i;

	if (idlen > AUTH_ID_MAX)
		idlen = AUTH_ID_MAX;
	if (idlen > 0)
		family = 0;	/* the id names it, wherever it comes from */
	if (family != 4 && family != 6)
		family = 0;
	for (i = b->last_feed >= 0 ? -1 : 0; i < b->nfeeds; i++) {
		int k = i < 0 ? b->last_feed : i;

		f = &b->feeds[k];
		if (strlen(f->id) == idlen && (idlen == 0 ||
		    memcmp(f->id, id, idlen) == 0) &&
		    f->family == family && (family == 0 || memcmp(f->addr,
		    addr, family == 4 ? 4 : 16) == 0)) {
			b->last_feed = k;
			return k;
		}
	}
	if (b->nfeeds == BOARDS_FEEDS)
		return 0xff;
	f = &b->feeds[b->nfeeds];
	memset(f, 0, sizeof(*f));
	if (idlen > 0)
		memcpy(f->id, id, idlen);
	f->family = (uint8_t)family;
	if (family != 0)
		memcpy(f->addr, addr, family == 4 ? 4 : 16);
	f->board = feed_board(b, f);
	b->last_feed = b->nfeeds;
	return b->nfeeds++;
}

/* The board a feed's balls start from, in state bits. */
static uint32_t
state_board(const struct boards *b, uint32_t feed)
{
	return (uint32_t)(feed == 0xff ? b->layout.n - 1 :
	    feed < (uint32_t)b->nfeeds ? b->feeds[feed].board : 1) & BS_BOARD;
}

/*
 * A ball without a record's fields (a PACKTEARTH line): its points as
 * given, its feed's board, nothing to filter on (shown, as remap_one
 * leaves a line that does not parse).
 */
static uint32_t
no_fields(const struct boards *b, uint32_t feed)
{
	return feed << BS_FEED_SHIFT | state_board(b, feed);
}

/* Points and state of a parsed record. */
static uint32_t
map_record(const struct boards *b, struct hist_ball *ball,
    const struct pt_record *r, uint32_t old)
{
	uint32_t st, feed = old >> BS_FEED_SHIFT & 0xff;
	int out;

	st = feed << BS_FEED_SHIFT | state_board(b, feed);
	out = bm_map(&b->map, BM_SRC, &r->src, &ball->sx, &ball->sy);
	out |= bm_map(&b->map, BM_DST, &r->dst, &ball->dx, &ball->dy);
	if (out != 0) {
		st |= BS_OUT;
		if (b->map.outside == BM_DIM)
			st |= BS_DIM;
		else if (b->map.outside == BM_HIDE)
			st |= BS_HIDE;
	}
	if (b->filter != NULL) {
		bool m = filter_match(b->filter, r);

		if (b->fmode == BF_HIDE && !m)
			st |= BS_HIDE;
		else if (b->fmode == BF_HIGHLIGHT)
			st |= m ? BS_MATCH : BS_DIM;
	}
	return st;
}

void
boards_note(struct boards *b, struct history *h, uint64_t seq,
    const struct pt_record *r, const char *id, size_t idlen, int from_family,
    const uint8_t *from_addr)
{
	size_t slot;
	int feed;

	if (!history_has(h, seq))
		return;
	slot = history_slot(h, seq);
	feed = feed_of(b, id, idlen, from_family, from_addr);
	if (r == NULL)
		b->state[slot] = no_fields(b, (uint32_t)feed);
	else
		b->state[slot] = map_record(b, &h->balls[slot], r,
		    (uint32_t)feed << BS_FEED_SHIFT);
	b->gens[slot] = b->gen;
}

/* One record again from its line; false when it was current. */
static bool
remap_one(struct boards *b, struct history *h, uint64_t seq)
{
	size_t slot = history_slot(h, seq), len;
	struct pt_record r;
	const char *line;
	char err[PT_ERRBUF_SIZE];

	if (b->gens[slot] == b->gen)
		return false;
	b->gens[slot] = b->gen;
	line = history_line(h, seq, &len);
	if (line == NULL ||
	    pt_parse_record_line(line, len, &r, err, sizeof(err)) != 0) {
		/* Not a record line (a benchmark's): keep its points. */
		b->state[slot] &= ~(uint32_t)(BS_DIM | BS_HIDE | BS_MATCH);
		return true;
	}
	b->state[slot] = map_record(b, &h->balls[slot], &r, b->state[slot]);
	return true;
}

int
boards_remap(struct boards *b, struct history *h, uint64_t first,
    uint64_t end, size_t budget, uint64_t out[2][2])
{
	uint64_t seq, lo = UINT64_MAX, hi = 0;
	int n = 0;

	if (b->bg == UINT64_MAX)
		b->bg = h->head;
	if (first < h->tail)
		first = h->tail;
	if (end > h->head)
		end = h->head;
	for (seq = first; seq < end && budget > 0; seq++)
		if (remap_one(b, h, seq)) {
			budget--;
			lo = seq < lo ? seq : lo;
			hi = seq + 1;
		}
	if (hi > 0) {
		out[n][0] = lo;
		out[n][1] = hi;
		n++;
	}
	/* Then from the newest stale record down. */
	if (b->bg > h->head)
		b->bg = h->head;
	lo = UINT64_MAX;
	hi = 0;
	while (b->bg > h->tail && budget > 0) {
		seq = --b->bg;
		if (remap_one(b, h, seq)) {
			budget--;
			lo = seq;
			if (hi == 0)
				hi = seq + 1;
		}
	}
	if (hi > 0) {
		out[n][0] = lo;
		out[n][1] = hi;
		n++;
	}
	return n;
}

bool
boards_stale(const struct boards *b, const struct history *h)
{
	return b->bg == UINT64_MAX || b->bg > h->tail;
}

const uint32_t *
boards_states(const struct boards *b)
{
	return b->state;
}

uint32_t
boards_state(const struct boards *b, const struct history *h, uint64_t seq)
{
	return b->state[history_slot(h, seq)];
}

uint32_t
boards_hidden(const struct boards *b)
{
	return b->hidden;
}

void
boards_toggle(struct boards *b, int board)
{
	if (board >= 1 && board < b->layout.n)
		b->hidden ^= 1u << board;
}

static int
board_of(uint32_t st)
{
	int k = (int)(st & BS_BOARD);

	return k == 0 ? 1 : k;
}

bool
boards_visible(const struct boards *b, const struct history *h, uint64_t seq)
{
	uint32_t st = boards_state(b, h, seq);

	return (st & BS_HIDE) == 0 && (b->hidden & 1u << board_of(st)) == 0;
}

void
boards_ends(const struct boards *b, const struct history *h, uint64_t seq,
    float a[3], float z[3])
{
	const struct hist_ball *ball = history_ball(h, seq);
	int k = board_of(boards_state(b, h, seq));

	if (k >= b->layout.n)
		k = b->layout.n - 1;
	boards_layout_point(&b->layout, k, ball->sx, ball->sy, a);
	boards_layout_point(&b->layout, 0, ball->dx, ball->dy, z);
}

void
boards_caption(const struct boards *b, int board, char *buf, size_t len)
{
	char first[AUTH_ID_MAX + 48];
	int i, more = 0;

	first[0] = '\0';
	for (i = 0; i < b->nfeeds; i++) {
		const struct feed *f = &b->feeds[i];

		if (f->board != board)
			continue;
		if (first[0] != '\0') {
			more++;
			continue;
		}
		if (f->id[0] != '\0')
			(void)snprintf(first, sizeof(first), "%s", f->id);
		else if (f->family != 0) {
			char a[PT_ADDRSTRLEN + 1];
			size_t n = pt_fmt_addr(a, f->family, f->addr);

			a[n] = '\0';
			(void)snprintf(first, sizeof(first), "%s", a);
		}
	}
	if (first[0] == '\0')
		for (i = 0; i < b->nrules; i++)
			if (b->rules[i].board == board) {
				if (b->rules[i].by_id)
					(void)snprintf(first, sizeof(first),
					    "%s", b->rules[i].id);
				else
					(void)acl_format(&b->rules[i].net, first,
					    sizeof(first));
				break;
			}
	if (more > 0)
		(void)snprintf(buf, len, "%d: %s +%d", board, first, more);
	else if (first[0] != '\0')
		(void)snprintf(buf, len, "%d: %s", board, first);
	else
		(void)snprintf(buf, len, "%d", board);
}
