/*
 * wallsync.c - lead/follow of a video wall over a multicast group (see
 * wallsync.h; the message and the choice of leader are core/sync.c's).
 */
#include "config.h"
#include "wallsync.h"

#include <sys/types.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <net/if.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "cli.h"
#include "counters.h"
#include "errbuf.h"
#include "log.h"
#include "net.h"
#include "scene.h"
#include "stats.h"

#define SEC		1000000000LL
#define AUTH_SKEW_S	300		/* as the agents' signatures */
#define SYNC_ID		"wall"

static const char *const ws_names[WS_COUNTERS] = {
	[WS_SENT] = "sync-sent",
	[WS_SENT_BYTES] = "sync-sent-bytes",
	[WS_SEND_ERRORS] = "sync-send-errors",
	[WS_RECEIVED] = "sync-received",
	[WS_FOLLOWED] = "sync-followed",
	[WS_NEW_LEADER] = "sync-new-leaders",
	[WS_OLD] = "sync-old-or-repeated",
	[WS_OUTRANKED] = "sync-outranked-leaders",
	[WS_OWN] = "sync-own",
	[WS_BAD] = "sync-bad",
	[WS_REFUSED_AUTH] = "sync-refused-auth",
	[WS_LOST] = "sync-leader-lost",
	[WS_TAKEN] = "sync-took-the-lead",
	[WS_LAG_FRAMES] = "sync-frames-followed",
	[WS_LAG_US_SUM] = "sync-lag-us-sum",
	[WS_LAG_US_MAX] = "sync-lag-us-max",
};

static struct ratelimit rl_bad, rl_auth, rl_send;

uint64_t
sync_random_id(void)
{
	uint64_t id = 0;

	while (getrandom(&id, sizeof(id), 0) != (ssize_t)sizeof(id))
		if (errno != EINTR)
			fatal_errno(1, errno, "getrandom (the wall's id)");
	return id != 0 ? id : 1;
}

int
sync_open(struct wall_sync *ws, const char *spec, bool lead,
    const char *ifname, const char *keyfile, char *err, size_t errlen)
{
	char why[256];
	unsigned idx = 0;
	int on = 1, saved;

	memset(ws, 0, sizeof(*ws));
	ws->fd = -1;
	if (cli_resolve(spec, 0, 0, SOCK_DGRAM, &ws->group, &ws->glen,
	    ws->name, sizeof(ws->name), why, sizeof(why)) == -1)
		return errbuf_fmt(err, errlen, "%s: %s", spec, why);
	if (!net_is_group((struct sockaddr *)&ws->group))
		return errbuf_fmt(err, errlen, "%s: not a multicast group "
		    "(224.0.0.0/4, ff00::/8) with a port", spec);
	if (keyfile != NULL) {
		if (auth_key_load(keyfile, &ws->key, err, errlen) == -1)
			return -1;
		ws->keyed = true;
	}
	if (ifname != NULL && (idx = if_nametoindex(ifname)) == 0)
		return errbuf_fmt_errno(err, errlen, errno, "--multicast-if %s",
		    ifname);
	ws->fd = socket(ws->group.ss_family, SOCK_DGRAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (ws->fd == -1)
		return errbuf_fmt_errno(err, errlen, errno, "%s: socket",
		    ws->name);
	/* Every viewer of this host on the same port, each with a copy. */
	if (setsockopt(ws->fd, SOL_SOCKET, SO_REUSEADDR, &on,
	    sizeof(on)) == -1 ||
	    bind(ws->fd, (struct sockaddr *)&ws->group, ws->glen) == -1) {
		saved = errno;
		(void)errbuf_fmt_errno(err, errlen, saved, "%s: bind",
		    ws->name);
		goto fail;
	}
	if (net_join_group(ws->fd, (struct sockaddr *)&ws->group, ifname,
	    err, errlen) == -1)
		goto fail;
	/* What we send goes out by ifname, and to this host's viewers too. */
	if (ws->group.ss_family == AF_INET) {
		struct ip_mreqn mr;

		(void)setsockopt(ws->fd, IPPROTO_IP, IP_MULTICAST_LOOP, &on,
		    sizeof(on));
		memset(&mr, 0, sizeof(mr));
		mr.imr_ifindex = (int)idx;
		if (idx != 0)
			(void)setsockopt(ws->fd, IPPROTO_IP, IP_MULTICAST_IF,
			    &mr, sizeof(mr));
	} else {
		(void)setsockopt(ws->fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP,
		    &on, sizeof(on));
		if (idx != 0)
			(void)setsockopt(ws->fd, IPPROTO_IPV6,
			    IPV6_MULTICAST_IF, &idx, sizeof(idx));
	}
	sync_init(&ws->st, sync_random_id(), lead);
	return 0;
fail:
	close(ws->fd);
	ws->fd = -1;
	auth_key_free(&ws->key);
	return -1;
}

void
sync_close(struct wall_sync *ws)
{
	if (ws->fd != -1)
		close(ws->fd);
	ws->fd = -1;
	auth_key_free(&ws->key);
}

int
sync_fd(const struct wall_sync *ws)
{
	return ws->fd;
}

/* The MAC of buf[0..len): over the stamp (time, leader, seq) and bytes. */
static int
mac_of(const struct wall_sync *ws, const struct sync_msg *m,
    const uint8_t *buf, size_t len, uint8_t mac[SYNC_MAC_LEN])
{
	struct auth_stamp as;

	memset(&as, 0, sizeof(as));
	as.time = m->sent / SEC;
	as.has_seq = true;
	as.boot = m->leader;
	as.seq = m->seq;
	return auth_mac(&ws->key, SYNC_ID, sizeof(SYNC_ID) - 1, &as,
	    (const char *)buf, len, mac);
}

/* With --sync-key: signed, in time, the MAC right. */
static bool
authentic(struct wall_sync *ws, const struct sync_msg *m, const uint8_t *buf,
    size_t len, int64_t rt_now)
{
	uint8_t mac[SYNC_MAC_LEN];
	int64_t skew;

	if (!ws->keyed)
		return true;
	if (!(m->flags & SYNC_F_SIGNED) || len < SYNC_MAC_LEN)
		return false;
	skew = m->sent / SEC - rt_now / SEC;
	if (skew > AUTH_SKEW_S || skew < -AUTH_SKEW_S)
		return false;
	if (mac_of(ws, m, buf, len - SYNC_MAC_LEN, mac) == -1)
		return false;
	return CRYPTO_memcmp(mac, buf + len - SYNC_MAC_LEN,
	    SYNC_MAC_LEN) == 0;
}

void
sync_poll(struct wall_sync *ws, int64_t now, int64_t rt_now)
{
	uint8_t buf[SYNC_MAX + 1];
	struct sync_msg m;
	char err[128];
	ssize_t n;
	bool was_leading = ws->st.leading;

	for (;;) {
		n = recv(ws->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		ws->c[WS_RECEIVED]++;
		if (sync_parse(&m, buf, (size_t)n, err, sizeof(err)) == -1) {
			ws->c[WS_BAD]++;
			log_limited(&rl_bad, LOG_LVL_INFO, "wall sync: %s",
			    err);
			continue;
		}
		if (m.leader != ws->st.self &&
		    !authentic(ws, &m, buf, (size_t)n, rt_now)) {
			ws->c[WS_REFUSED_AUTH]++;
			log_limited(&rl_auth, LOG_LVL_WARN, "wall sync: a "
			    "message %s refused", (m.flags & SYNC_F_SIGNED) ?
			    "badly signed or out of time" : "not signed");
			continue;
		}
		switch (sync_hear(&ws->st, &m, now)) {
		case SYNC_FOLLOW:
			ws->c[WS_FOLLOWED]++;
			ws->fresh = true;
			break;
		case SYNC_NEW_LEADER:
			ws->c[WS_NEW_LEADER]++;
			ws->fresh = true;
			log_info("wall sync: following leader %016" PRIx64
			    " (term %" PRIu32 ") on %s", m.leader, m.term,
			    ws->name);
			break;
		case SYNC_OLD:
			ws->c[WS_OLD]++;
			break;
		case SYNC_OUTRANKED:
			ws->c[WS_OUTRANKED]++;
			break;
		case SYNC_OWN:
			ws->c[WS_OWN]++;
			break;
		}
	}
	if (was_leading && !ws->st.leading)
		log_info("wall sync: another viewer took the lead");
	if (!ws->st.leading && ws->st.have && sync_lost(&ws->st, now) &&
	    !ws->st.lost_told) {
		ws->st.lost_told = true;
		ws->c[WS_LOST]++;
		log_info("wall sync: no leader for a second on %s; live",
		    ws->name);
	}
}

/* A record as every tile can find it. */
static void
rec_of(const struct history *h, const struct timebase *tb, uint64_t seq,
    int64_t rt_offset, struct sync_rec *r, uint8_t *flags, uint8_t flag)
{
	const char *line;
	size_t len;

	if (seq == SCENE_NONE || !history_has(h, seq) ||
	    (line = history_line(h, seq, &len)) == NULL)
		return;
	if ((r->wall = timebase_wall(tb, history_stamp(h, seq), NULL)) ==
	    INT64_MIN)
		r->wall = history_stamp(h, seq) + rt_offset;
	r->hash = sync_line_hash(line, len);
	*flags |= flag;
}

void
sync_send(struct wall_sync *ws, const struct sync_view *v,
    const struct history *h, const struct timebase *tb, int64_t now,
    int64_t rt_now, int64_t rt_offset)
{
	struct sync_msg m;
	uint8_t buf[SYNC_MAX];
	enum tb_kind kind = TB_ARRIVAL;
	size_t len;
	int64_t newest;

	(void)now;
	if (!ws->st.leading)
		return;
	memset(&m, 0, sizeof(m));
	m.leader = ws->st.self;
	m.term = ws->st.term;
	m.seq = ++ws->st.seq;
	m.sent = rt_now;
	if ((m.display = timebase_wall(tb, v->t, &kind)) == INT64_MIN) {
		m.display = v->t + rt_offset;
		kind = TB_ARRIVAL;
	}
	m.kind = (uint8_t)kind;
	m.mode = (uint8_t)v->mode;
	m.speed = v->speed;
	m.panels = v->panels;
	m.yaw = v->cam->yaw;
	m.pitch = v->cam->pitch;
	m.dist = v->cam->dist;
	memcpy(m.target, v->cam->target, sizeof(m.target));
	m.fov = v->cam->fov_deg;
	rec_of(h, tb, v->hover, rt_offset, &m.hover, &m.flags, SYNC_F_HOVER);
	rec_of(h, tb, v->pinned, rt_offset, &m.pinned, &m.flags,
	    SYNC_F_PINNED);
	/* The loss window: a whole second that ended a while ago. */
	if (history_count(h) > 0 && (newest = timebase_wall(tb,
	    history_stamp(h, h->head - 1), NULL)) != INT64_MIN) {
		m.window = newest / SEC - SYNC_WINDOW_BACK;
		m.window_count = sync_window_count(h, tb, m.window);
		m.flags |= SYNC_F_WINDOW;
	}
	if ((len = sync_encode(&m, ws->keyed, buf, sizeof(buf))) == 0) {
		ws->c[WS_SEND_ERRORS]++;
		return;
	}
	if (ws->keyed && mac_of(ws, &m, buf, len - SYNC_MAC_LEN,
	    buf + len - SYNC_MAC_LEN) == -1) {
		ws->c[WS_SEND_ERRORS]++;
		return;
	}
	if (sendto(ws->fd, buf, len, 0, (struct sockaddr *)&ws->group,
	    ws->glen) != (ssize_t)len) {
		ws->c[WS_SEND_ERRORS]++;
		log_limited(&rl_send, LOG_LVL_WARN, "wall sync: send to %s: "
		    "%s", ws->name, strerror(errno));
		return;
	}
	ws->c[WS_SENT]++;
	ws->c[WS_SENT_BYTES] += len;
}

/* The leader's loss window against ours: what we miss, counted once. */
static void
check_window(struct wall_sync *ws, const struct history *h,
    const struct timebase *tb)
{
	const struct sync_msg *m = &ws->st.cur;
	uint32_t own;

	if (!(m->flags & SYNC_F_WINDOW) || m->window <= ws->st.last_window)
		return;
	ws->st.last_window = m->window;
	if (history_count(h) == 0)
		return;
	/* Only a second we were here for from its start. */
	if (ws->st.joined_wall == INT64_MIN)
		ws->st.joined_wall = timebase_wall(tb, history_stamp(h,
		    h->tail), NULL);
	if (ws->st.joined_wall == INT64_MIN ||
	    ws->st.joined_wall >= m->window * SEC)
		return;
	own = sync_window_count(h, tb, m->window);
	if (own < m->window_count)
		ws->st.missing += m->window_count - own;
}

bool
sync_apply(struct wall_sync *ws, struct sync_view *v, const struct history *h,
    const struct timebase *tb, int64_t now, int64_t rt_now, int64_t rt_offset)
{
	const struct sync_msg *m = &ws->st.cur;
	int64_t w, t, lag;
	uint64_t seq;

	if (ws->st.leading || sync_lost(&ws->st, now))
		return false;
	w = sync_follow_wall(&ws->st, now);
	if ((t = sync_display(tb, w)) == INT64_MIN)
		t = w - rt_offset;
	v->t = t < now ? t : now;
	v->mode = (enum tl_mode)m->mode;
	v->speed = m->speed;
	v->panels = m->panels;
	v->cam->yaw = m->yaw;
	v->cam->pitch = m->pitch;
	v->cam->dist = m->dist;
	memcpy(v->cam->target, m->target, sizeof(m->target));
	v->cam->fov_deg = m->fov;
	v->hover = v->pinned = SCENE_NONE;
	if ((m->flags & SYNC_F_HOVER) &&
	    (seq = sync_find(h, tb, &m->hover)) != UINT64_MAX)
		v->hover = seq;
	if ((m->flags & SYNC_F_PINNED) &&
	    (seq = sync_find(h, tb, &m->pinned)) != UINT64_MAX)
		v->pinned = seq;
	check_window(ws, h, tb);
	/* How far behind the leader's frame this one is drawn. */
	lag = (rt_now - m->sent) / 1000;
	if (lag >= 0) {
		ws->c[WS_LAG_FRAMES]++;
		ws->c[WS_LAG_US_SUM] += (uint64_t)lag;
		if ((uint64_t)lag > ws->c[WS_LAG_US_MAX])
			ws->c[WS_LAG_US_MAX] = (uint64_t)lag;
	}
	ws->fresh = false;
	return true;
}

const char *
sync_note(const struct wall_sync *ws, int64_t now, char *buf, size_t len)
{
	int n = 0;

	/* Leading or following as it should, nothing: the wall is a picture. */
	buf[0] = '\0';
	if (!ws->st.leading && !ws->st.have)
		n = snprintf(buf, len, "wall: no leader heard; live");
	else if (sync_lost(&ws->st, now))
		n = snprintf(buf, len, "wall: no leader for %.0f s; live",
		    (double)(now - ws->st.heard) / 1e9);
	if (n >= 0 && (size_t)n < len && ws->st.missing > 0)
		snprintf(buf + n, len - (size_t)n, "%s%" PRIu64 " records "
		    "missing on this tile", n > 0 ? "; " : "wall: ",
		    ws->st.missing);
	return buf[0] != '\0' ? buf : NULL;
}

void
sync_print(const struct wall_sync *ws, FILE *f)
{
	struct counters c;

	c.title = "wall sync";
	c.names = ws_names;
	c.v = (uint64_t *)(uintptr_t)ws->c;
	c.n = WS_COUNTERS;
	counters_print(f, &c, 1);
	fprintf(f, "wall sync: %s, %" PRIu64 " records missing here",
	    ws->st.leading ? "leading" : ws->st.have ? "following" :
	    "no leader", ws->st.missing);
	if (ws->c[WS_SENT] > 0)
		fprintf(f, ", %.1f bytes a message sent",
		    (double)ws->c[WS_SENT_BYTES] / (double)ws->c[WS_SENT]);
	if (ws->c[WS_LAG_FRAMES] > 0)
		fprintf(f, ", lag mean %.0f us",
		    (double)ws->c[WS_LAG_US_SUM] /
		    (double)ws->c[WS_LAG_FRAMES]);
	fprintf(f, "\n");
	if (!ws->st.leading && ws->st.have)
		fprintf(f, "wall sync camera: yaw %.4f pitch %.4f dist %.4f "
		    "display %" PRId64 "\n", ws->st.cur.yaw, ws->st.cur.pitch,
		    ws->st.cur.dist, ws->st.cur.display);
}
