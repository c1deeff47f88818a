/*
 * sync.c - the wall's lead/follow message, and who is followed (sync.h).
 */
#include "config.h"
#include "sync.h"

#include <math.h>
#include <string.h>

#include "cursor.h"
#include "errbuf.h"
#include "timeline.h"

#define SEC		1000000000LL
#define FIND_SLACK	1000000LL	/* a record's stamp, within 1 ms */
#define DIST_LIMIT	1000.0f
#define POS_LIMIT	1000.0f

/* --- writing ----------------------------------------------------------- */

struct out {
	uint8_t		*p, *end;
	bool		 full;
};

static void
put(struct out *o, const void *b, size_t n)
{
	if (o->full || (size_t)(o->end - o->p) < n) {
		o->full = true;
		return;
	}
	memcpy(o->p, b, n);
	o->p += n;
}

static void
put_be(struct out *o, uint64_t v, int bytes)
{
	uint8_t b[8];
	int i;

	for (i = 0; i < bytes; i++)
		b[i] = (uint8_t)(v >> (8 * (bytes - 1 - i)));
	put(o, b, (size_t)bytes);
}

static void
put_float(struct out *o, float f)
{
	uint32_t u;

	memcpy(&u, &f, sizeof(u));
	put_be(o, u, 4);
}

static void
put_double(struct out *o, double d)
{
	uint64_t u;

	memcpy(&u, &d, sizeof(u));
	put_be(o, u, 8);
}

/* The checks the parser makes, so that nothing is sent it would refuse. */
static bool
filter_ok(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

static bool
numbers_ok(const struct sync_msg *m)
{
	int i;

	if (!isfinite(m->speed) || m->speed < TL_SPEED_MIN ||
	    m->speed > TL_SPEED_MAX)
		return false;
	if (!isfinite(m->yaw) || !isfinite(m->pitch) || !isfinite(m->fov) ||
	    !isfinite(m->dist) || fabsf(m->yaw) > 8.0f ||
	    fabsf(m->pitch) > 2.0f || !(m->dist > 0.0f) ||
	    m->dist > DIST_LIMIT || !(m->fov > 1.0f) || m->fov > 170.0f)
		return false;
	for (i = 0; i < 3; i++)
		if (!isfinite(m->target[i]) || fabsf(m->target[i]) > POS_LIMIT)
			return false;
	return true;
}

size_t
sync_encode(const struct sync_msg *m, bool signed_, uint8_t *buf, size_t cap)
{
	struct out o = { buf, buf + cap, false };
	uint8_t flags = m->flags & (SYNC_F_HOVER | SYNC_F_PINNED |
	    SYNC_F_WINDOW);
	size_t len;
	int i;

	if (m->filter_len > SYNC_FILTER_MAX ||
	    !filter_ok(m->filter, m->filter_len) || !numbers_ok(m) ||
	    m->mode > TL_PAUSED || m->kind > TB_CAPTURE ||
	    (m->panels & ~SYNC_P_ALL) != 0)
		return 0;
	if (signed_)
		flags |= SYNC_F_SIGNED;
	len = SYNC_HEAD_LEN + m->filter_len + (signed_ ? SYNC_MAC_LEN : 0);
	put(&o, SYNC_MAGIC, 4);
	put_be(&o, SYNC_VERSION, 1);
	put_be(&o, flags, 1);
	put_be(&o, len, 2);
	put_be(&o, m->leader, 8);
	put_be(&o, m->term, 4);
	put_be(&o, m->seq, 4);
	put_be(&o, (uint64_t)m->sent, 8);
	put_be(&o, (uint64_t)m->display, 8);
	put_be(&o, m->mode, 1);
	put_be(&o, m->kind, 1);
	put_be(&o, m->panels, 2);
	put_double(&o, m->speed);
	put_float(&o, m->yaw);
	put_float(&o, m->pitch);
	put_float(&o, m->dist);
	for (i = 0; i < 3; i++)
		put_float(&o, m->target[i]);
	put_float(&o, m->fov);
	put_be(&o, (uint64_t)m->hover.wall, 8);
	put_be(&o, m->hover.hash, 4);
	put_be(&o, (uint64_t)m->pinned.wall, 8);
	put_be(&o, m->pinned.hash, 4);
	put_be(&o, (uint64_t)m->window, 8);
	put_be(&o, m->window_count, 4);
	put_be(&o, m->filter_len, 2);
	put(&o, m->filter, m->filter_len);
	if (signed_) {
		static const uint8_t zero[SYNC_MAC_LEN];

		put(&o, zero, sizeof(zero));
	}
	if (o.full || (size_t)(o.p - buf) != len)
		return 0;
	return len;
}

/* --- reading ----------------------------------------------------------- */

static bool
get_float(struct cursor *c, float *f)
{
	uint32_t u;

	if (!cur_be32(c, &u))
		return false;
	memcpy(f, &u, sizeof(*f));
	return true;
}

static bool
get_i64(struct cursor *c, int64_t *v)
{
	uint64_t u;

	if (!cur_be64(c, &u))
		return false;
	*v = (int64_t)u;
	return true;
}

int
sync_parse(struct sync_msg *m, const uint8_t *buf, size_t len, char *err,
    size_t errlen)
{
	struct cursor c;
	uint8_t magic[4], version;
	uint16_t total;
	uint64_t speed;
	int i;

	memset(m, 0, sizeof(*m));
	cur_init(&c, buf, len);
	if (!cur_bytes(&c, magic, 4) || memcmp(magic, SYNC_MAGIC, 4) != 0)
		return errbuf_fmt(err, errlen, "not a wall sync message");
	if (!cur_u8(&c, &version) || !cur_u8(&c, &m->flags) ||
	    !cur_be16(&c, &total))
		return errbuf_fmt(err, errlen, "truncated");
	if (version != SYNC_VERSION)
		return errbuf_fmt(err, errlen, "version %u, not %u", version,
		    SYNC_VERSION);
	if ((m->flags & ~SYNC_F_ALL) != 0)
		return errbuf_fmt(err, errlen, "unknown flags 0x%02x",
		    m->flags);
	if (total != len)
		return errbuf_fmt(err, errlen, "length %u in a datagram of %zu",
		    total, len);
	if (!cur_be64(&c, &m->leader) || !cur_be32(&c, &m->term) ||
	    !cur_be32(&c, &m->seq) || !get_i64(&c, &m->sent) ||
	    !get_i64(&c, &m->display) || !cur_u8(&c, &m->mode) ||
	    !cur_u8(&c, &m->kind) || !cur_be16(&c, &m->panels) ||
	    !cur_be64(&c, &speed) || !get_float(&c, &m->yaw) ||
	    !get_float(&c, &m->pitch) || !get_float(&c, &m->dist))
		return errbuf_fmt(err, errlen, "truncated");
	memcpy(&m->speed, &speed, sizeof(m->speed));
	for (i = 0; i < 3; i++)
		if (!get_float(&c, &m->target[i]))
			return errbuf_fmt(err, errlen, "truncated");
	if (!get_float(&c, &m->fov) || !get_i64(&c, &m->hover.wall) ||
	    !cur_be32(&c, &m->hover.hash) || !get_i64(&c, &m->pinned.wall) ||
	    !cur_be32(&c, &m->pinned.hash) || !get_i64(&c, &m->window) ||
	    !cur_be32(&c, &m->window_count) || !cur_be16(&c, &m->filter_len))
		return errbuf_fmt(err, errlen, "truncated");
	if (m->filter_len > SYNC_FILTER_MAX)
		return errbuf_fmt(err, errlen, "filter of %u bytes (at most "
		    "%d)", m->filter_len, SYNC_FILTER_MAX);
	if (!cur_bytes(&c, m->filter, m->filter_len))
		return errbuf_fmt(err, errlen, "truncated filter");
	if (!filter_ok(m->filter, m->filter_len))
		return errbuf_fmt(err, errlen, "control byte in the filter");
	if ((m->flags & SYNC_F_SIGNED) && !cur_skip(&c, SYNC_MAC_LEN))
		return errbuf_fmt(err, errlen, "truncated MAC");
	if (cur_left(&c) != 0)
		return errbuf_fmt(err, errlen, "%zu bytes after the message",
		    cur_left(&c));
	if (m->mode > TL_PAUSED)
		return errbuf_fmt(err, errlen, "mode %u", m->mode);
	if (m->kind > TB_CAPTURE)
		return errbuf_fmt(err, errlen, "time kind %u", m->kind);
	if ((m->panels & ~SYNC_P_ALL) != 0)
		return errbuf_fmt(err, errlen, "unknown panels 0x%04x",
		    m->panels);
	if (!numbers_ok(m))
		return errbuf_fmt(err, errlen, "speed or camera out of range");
	return 0;
}

uint32_t
sync_line_hash(const char *line, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)line[i]) * 16777619u;
	return h;
}

/* --- times and records ----------------------------------------------- */

int64_t
sync_display(const struct timebase *tb, int64_t w)
{
	size_t i, n = timebase_nsegs(tb);
	const struct tb_seg *s;

	if (n == 0)
		return INT64_MIN;
	/* The newest segment w falls in once offset (segments by stamp). */
	for (i = n; i-- > 0;) {
		s = timebase_seg(tb, i);
		if (w - s->off >= s->stamp)
			return w - s->off;
	}
	return w - timebase_seg(tb, 0)->off;
}

uint64_t
sync_find(const struct history *h, const struct timebase *tb,
    const struct sync_rec *r)
{
	int64_t d = sync_display(tb, r->wall);
	uint64_t seq;
	const char *line;
	size_t len;

	if (d == INT64_MIN)
		return UINT64_MAX;
	for (seq = history_lower_bound(h, d - FIND_SLACK); seq < h->head &&
	    history_stamp(h, seq) <= d + FIND_SLACK; seq++)
		if ((line = history_line(h, seq, &len)) != NULL &&
		    sync_line_hash(line, len) == r->hash)
			return seq;
	return UINT64_MAX;
}

uint32_t
sync_window_count(const struct history *h, const struct timebase *tb,
    int64_t s)
{
	int64_t d0 = sync_display(tb, s * SEC), d1 = sync_display(tb,
	    (s + 1) * SEC);

	if (d0 == INT64_MIN || d1 <= d0)
		return 0;
	return (uint32_t)(history_lower_bound(h, d1) -
	    history_lower_bound(h, d0));
}

/* --- who is followed ------------------------------------------------- */

void
sync_init(struct sync_state *s, uint64_t self, bool lead)
{
	memset(s, 0, sizeof(*s));
	s->self = self;
	s->leading = lead;
	s->joined_wall = INT64_MIN;
	s->last_window = INT64_MIN;
}

/* Does (term, id) a outrank b? */
static bool
outranks(uint32_t aterm, uint64_t aid, uint32_t bterm, uint64_t bid)
{
	return aterm != bterm ? aterm > bterm : aid > bid;
}

enum sync_verdict
sync_hear(struct sync_state *s, const struct sync_msg *m, int64_t now)
{
	if (m->leader == s->self)
		return SYNC_OWN;
	if (s->leading) {
		if (!outranks(m->term, m->leader, s->term, s->self))
			return SYNC_OUTRANKED;
		/* Someone took the lead: follow it. */
		s->leading = false;
	} else if (s->have && !sync_lost(s, now)) {
		if (m->leader == s->cur.leader) {
			if ((int32_t)(m->seq - s->cur.seq) <= 0)
				return SYNC_OLD;
			s->cur = *m;
			s->heard = now;
			return SYNC_FOLLOW;
		}
		if (!outranks(m->term, m->leader, s->cur.term, s->cur.leader))
			return SYNC_OUTRANKED;
	}
	s->have = true;
	s->cur = *m;
	s->heard = now;
	s->lost_told = false;
	return SYNC_NEW_LEADER;
}

bool
sync_lost(const struct sync_state *s, int64_t now)
{
	return !s->leading && (!s->have || now - s->heard > SYNC_LOST_NS);
}

void
sync_take_lead(struct sync_state *s)
{
	if (s->leading)
		return;
	s->term = s->have ? s->cur.term + 1 : s->term + 1;
	s->leading = true;
	s->have = false;
}

int64_t
sync_follow_wall(const struct sync_state *s, int64_t now)
{
	double ahead;

	if (s->cur.mode == TL_PAUSED)
		return s->cur.display;
	ahead = (double)(now - s->heard) * (s->cur.mode == TL_LIVE ? 1.0 :
	    s->cur.speed);
	return s->cur.display + (int64_t)ahead;
}
