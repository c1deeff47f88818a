/*
 * appmap.c - which program sent a packet, on the agent's side: the cache
 * of answers, the records held for their answer, the wire to the helper
 * (appmap-helper.c) and the tags.
 *
 *     core --appmap_frame(key, line)--> cache hit --> SEND (tagged) / DROP
 *                  | miss: ASK ==SOCK_SEQPACKET==> helper (sock_diag, /proc)
 *                  +-> HELD <-- ANSWER <===============+
 *
 * The capture loop never waits for the helper: a question is one
 * non-blocking send, and a record whose answer is not there yet is held
 * (at most APPMAP_HOLD_US) and sent when the answer comes, or at its
 * deadline as "app=?".  The helper's socket is polled by the main loop as
 * a source (appmap_source), which is how held records are released.
 *
 * Cache policy (appmap_cache_lookup): an answer is used for APPMAP_TTL_US;
 * after that it is still used, and asked again; a key with no answer for
 * APPMAP_FORGET_US is forgotten (a closed connection).  A NONE that follows
 * an OWNED keeps the owner: the last packets of a connection whose socket
 * is already closed (FIN, the last ACK, TIME_WAIT) stay its program's.
 */
#include "config.h"

#include "appmap.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent.h"
#include "clock.h"
#include "counters.h"
#include "decode.h"
#include "errbuf.h"
#include "log.h"
#include "siphash.h"
#include "source.h"
#include "stats.h"

#define CACHE_WAYS	8
#define CACHE_SETS	4096		/* 32768 keys, about 3 MiB */

enum appmap_counter {
	AM_QUESTIONS,		/* questions sent to the helper */
	AM_QUESTIONS_LOST,	/* ... that could not be sent (helper busy) */
	AM_ANSWERS,		/* answers received */
	AM_HELD,		/* records held for their answer */
	AM_RELEASED,		/* ... released with it */
	AM_RELEASED_LATE,	/* ... released at their deadline, "app=?" */
	AM_HOLD_FULL,		/* not held, all slots taken: "app=?" */
	AM_OWNED,		/* records of a program */
	AM_NO_OWNER,		/* records no program owns: "app=-" */
	AM_UNKNOWN,		/* records of unknown owner: "app=?" */
	AM_NOT_TCP_UDP,		/* ... of which no TCP or UDP ports */
	AM_NOT_APP,		/* --app: records of other programs, dropped */
	AM_EVICTED,		/* cache keys given up for a newer one */
	AM_BAD_MESSAGES,	/* messages from the helper that do not parse */
	AM_MAX
};

static const char *const appmap_counter_names[AM_MAX] = {
	[AM_QUESTIONS]		= "questions",
	[AM_QUESTIONS_LOST]	= "questions-lost",
	[AM_ANSWERS]		= "answers",
	[AM_HELD]		= "records-held",
	[AM_RELEASED]		= "held-answered",
	[AM_RELEASED_LATE]	= "held-too-long",
	[AM_HOLD_FULL]		= "hold-full",
	[AM_OWNED]		= "records-owned",
	[AM_NO_OWNER]		= "records-no-owner",
	[AM_UNKNOWN]		= "records-unknown",
	[AM_NOT_TCP_UDP]	= "records-not-tcp-udp",
	[AM_NOT_APP]		= "records-not-app",
	[AM_EVICTED]		= "cache-evicted",
	[AM_BAD_MESSAGES]	= "helper-bad-messages",
};

/* --- the cache ---------------------------------------------------------- */

struct slot {
	struct appmap_key	 key;
	struct appmap_owner	 owner;
	int64_t			 answered;	/* when; 0 = never */
	int64_t			 asked;		/* last question; 0: none */
	int64_t			 touched;	/* the later of the two */
	bool			 used;
};

struct appmap_cache {
	struct siphash_key	 hkey;
	unsigned		 sets;
	struct slot		*slot;
	uint64_t		 evictions;
};

struct appmap_cache *
appmap_cache_new(unsigned sets, const uint8_t *hashkey)
{
	struct appmap_cache *c = xcalloc(1, sizeof(*c));
	char err[ERRBUF_SIZE];

	c->sets = sets > 0 ? sets : CACHE_SETS;
	c->slot = xcalloc((size_t)c->sets * CACHE_WAYS, sizeof(*c->slot));
	if (hashkey != NULL)
		siphash_key_set(&c->hkey, hashkey);
	else if (siphash_key_random(&c->hkey, err, sizeof(err)) < 0)
		fatal(1, "%s", err);
	return c;
}

void
appmap_cache_free(struct appmap_cache *c)
{
	if (c == NULL)
		return;
	free(c->slot);
	free(c);
}

static struct slot *
cache_set(struct appmap_cache *c, const struct appmap_key *k)
{
	uint8_t b[APPMAP_KEY_LEN];

	(void)appmap_put_key(b, k);
	return c->slot + (siphash24(&c->hkey, b, sizeof(b)) % c->sets) *
	    CACHE_WAYS;
}

static bool
key_eq(const struct appmap_key *a, const struct appmap_key *b)
{
	return a->family == b->family && a->proto == b->proto &&
	    a->sport == b->sport && a->dport == b->dport &&
	    memcmp(a->src, b->src, 16) == 0 && memcmp(a->dst, b->dst, 16) == 0;
}

static bool
slot_live(const struct slot *s, int64_t now)
{
	return s->used && now - s->touched < APPMAP_FORGET_US;
}

static struct slot *
cache_find(struct appmap_cache *c, const struct appmap_key *k, int64_t now)
{
	struct slot *set = cache_set(c, k);
	int i;

	for (i = 0; i < CACHE_WAYS; i++)
		if (slot_live(&set[i], now) && key_eq(&set[i].key, k))
			return &set[i];
	return NULL;
}

static struct slot *
cache_add(struct appmap_cache *c, const struct appmap_key *k, int64_t now)
{
	struct slot *set = cache_set(c, k), *s = NULL;
	int i;

	for (i = 0; i < CACHE_WAYS && s == NULL; i++)
		if (!slot_live(&set[i], now))
			s = &set[i];
	if (s == NULL) {
		/* The least recently answered or asked gives way. */
		s = &set[0];
		for (i = 1; i < CACHE_WAYS; i++)
			if (set[i].touched < s->touched)
				s = &set[i];
		c->evictions++;
	}
	memset(s, 0, sizeof(*s));
	s->key = *k;
	s->used = true;
	s->touched = now;
	return s;
}

enum appmap_lookup
appmap_cache_lookup(struct appmap_cache *c, const struct appmap_key *k,
    int64_t now, struct appmap_owner *o, bool *ask)
{
	struct slot *s = cache_find(c, k, now);

	*ask = false;
	if (s == NULL) {
		s = cache_add(c, k, now);
		s->asked = s->touched = now;
		*ask = true;
		return APPMAP_WAIT;
	}
	if (s->asked == 0 || now - s->asked >= APPMAP_ASK_AGAIN_US) {
		if (s->answered == 0 || now - s->answered >= APPMAP_TTL_US) {
			s->asked = s->touched = now;
			*ask = true;
		}
	}
	if (s->answered == 0)
		return APPMAP_WAIT;
	*o = s->owner;
	return APPMAP_HIT;
}

/* The answer as it stands, without asking. */
static enum appmap_lookup
cache_peek(struct appmap_cache *c, const struct appmap_key *k, int64_t now,
    struct appmap_owner *o)
{
	struct slot *s = cache_find(c, k, now);

	if (s == NULL || s->answered == 0)
		return APPMAP_WAIT;
	*o = s->owner;
	return APPMAP_HIT;
}

void
appmap_cache_answer(struct appmap_cache *c, const struct appmap_key *k,
    const struct appmap_owner *o, int64_t now)
{
	struct slot *s = cache_find(c, k, now);

	if (s == NULL)
		s = cache_add(c, k, now);
	if (!(o->state == APPMAP_NONE && s->answered != 0 &&
	    s->owner.state == APPMAP_OWNED))
		s->owner = *o;
	s->answered = s->touched = now;
	s->asked = 0;
}

void
appmap_cache_unasked(struct appmap_cache *c, const struct appmap_key *k)
{
	struct slot *s;
	int i;

	s = cache_set(c, k);
	for (i = 0; i < CACHE_WAYS; i++, s++)
		if (s->used && key_eq(&s->key, k))
			s->asked = 0;
}

unsigned
appmap_cache_live(const struct appmap_cache *c, int64_t now)
{
	unsigned i, n = 0;

	for (i = 0; i < c->sets * CACHE_WAYS; i++)
		if (slot_live(&c->slot[i], now))
			n++;
	return n;
}

uint64_t
appmap_cache_evictions(const struct appmap_cache *c)
{
	return c->evictions;
}

/* --- tags and the wire -------------------------------------------------- */

/*
 * The name as one word: bytes outside '!'..'~', and '%', ',', '[', ']',
 * become %XX, so "Web Content" is "Web%20Content" and a name can hold no
 * line end, blank or bracket that a viewer would misread.
 */
size_t
appmap_tag(char *buf, size_t cap, const struct appmap_owner *o)
{
	static const char hex[] = "0123456789ABCDEF";
	char t[APPMAP_TAG_MAX + 1];
	size_t n = 0, i;
	int w;
	unsigned char ch;

	memcpy(t, " app=", 5);
	n = 5;
	if (o->state == APPMAP_NONE)
		t[n++] = '-';
	else if (o->state != APPMAP_OWNED)
		t[n++] = '?';
	else {
		for (i = 0; i < APPMAP_COMM_LEN - 1 && o->comm[i] != '\0';
		    i++) {
			ch = (unsigned char)o->comm[i];
			if (ch < '!' || ch > '~' || ch == '%' || ch == ',' ||
			    ch == '[' || ch == ']') {
				t[n++] = '%';
				t[n++] = hex[ch >> 4];
				t[n++] = hex[ch & 15];
			} else
				t[n++] = (char)ch;
		}
		w = snprintf(t + n, sizeof(t) - n, "[%u]", (unsigned)o->pid);
		if (w > 0 && (size_t)w < sizeof(t) - n)
			n += (size_t)w;
	}
	if (n > cap)
		return 0;
	memcpy(buf, t, n);
	return n;
}

static void
put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

size_t
appmap_put_key(uint8_t *p, const struct appmap_key *k)
{
	p[0] = k->family;
	p[1] = k->proto;
	put_be16(p + 2, k->sport);
	put_be16(p + 4, k->dport);
	memcpy(p + 6, k->src, 16);
	memcpy(p + 22, k->dst, 16);
	return APPMAP_KEY_LEN;
}

bool
appmap_get_key(struct cursor *c, struct appmap_key *k)
{
	memset(k, 0, sizeof(*k));
	if (!cur_u8(c, &k->family) || !cur_u8(c, &k->proto) ||
	    !cur_be16(c, &k->sport) || !cur_be16(c, &k->dport) ||
	    !cur_bytes(c, k->src, 16) || !cur_bytes(c, k->dst, 16))
		return false;
	return (k->family == 4 || k->family == 6) &&
	    (k->proto == 6 || k->proto == 17);
}

size_t
appmap_put_answer(uint8_t *p, const struct appmap_key *k,
    const struct appmap_owner *o)
{
	size_t n;

	p[0] = APPMAP_MSG_ANSWER;
	p[1] = 1;
	p[2] = p[3] = 0;
	n = 4 + appmap_put_key(p + 4, k);
	p[n] = o->state;
	p[n + 1] = o->in_app;
	p[n + 2] = p[n + 3] = 0;
	put_be32(p + n + 4, o->pid);
	put_be32(p + n + 8, o->uid);
	memcpy(p + n + 12, o->comm, APPMAP_COMM_LEN);
	p[n + 12 + APPMAP_COMM_LEN - 1] = 0;
	return n + 12 + APPMAP_COMM_LEN;
}

bool
appmap_get_owner(struct cursor *c, struct appmap_owner *o)
{
	uint16_t pad;

	memset(o, 0, sizeof(*o));
	if (!cur_u8(c, &o->state) || !cur_u8(c, &o->in_app) ||
	    !cur_be16(c, &pad) || !cur_be32(c, &o->pid) ||
	    !cur_be32(c, &o->uid) || !cur_bytes(c, o->comm, APPMAP_COMM_LEN))
		return false;
	o->comm[APPMAP_COMM_LEN - 1] = '\0';
	return o->state <= APPMAP_OWNED && o->in_app <= 1;
}

/* --- the agent's side --------------------------------------------------- */

struct held {
	struct appmap_key	 key;
	struct timeval		 ts;
	int64_t			 deadline;
	size_t			 len;
	char			*line;		/* room for the tag and '\n' */
};

struct appmap {
	struct source		 src;		/* first: the loop's view */
	bool			 filter;	/* --app */
	bool			 tag;		/* --tag-apps */
	bool			 command;	/* --app -- COMMAND */
	int			 fd;		/* to the helper */
	pid_t			 helper;
	bool			 failed;	/* the helper is gone */
	bool			 exited;	/* COMMAND and its own gone */
	int64_t			 linger_until;
	struct appmap_cache	*cache;
	struct held		 held[APPMAP_MAX_HELD];	/* a ring */
	unsigned		 held_first, nheld;
	struct ratelimit	 rl_bad;
	uint64_t		 c[AM_MAX];
	uint64_t		 hc[AH_MAX];	/* the helper's, as last sent */
};

void
appmap_key_of(struct appmap_key *k, const struct pk_packet *p)
{
	memset(k, 0, sizeof(*k));
	if ((p->proto != 6 && p->proto != 17) || p->l4_state != PK_L4_OK)
		return;				/* proto 0: not asked about */
	k->family = p->family;
	k->proto = p->proto;
	k->sport = p->sport;
	k->dport = p->dport;
	memcpy(k->src, p->src, 16);
	memcpy(k->dst, p->dst, 16);
}

static void
ask(struct appmap *am, const struct appmap_key *k)
{
	uint8_t b[APPMAP_ASK_LEN];

	b[0] = APPMAP_MSG_ASK;
	b[1] = 1;
	b[2] = b[3] = 0;
	(void)appmap_put_key(b + 4, k);
	if (!am->failed && send(am->fd, b, sizeof(b), MSG_DONTWAIT) ==
	    (ssize_t)sizeof(b)) {
		am->c[AM_QUESTIONS]++;
		return;
	}
	am->c[AM_QUESTIONS_LOST]++;
	appmap_cache_unasked(am->cache, k);
}

/* What to do with a record whose owner is o. */
static enum appmap_verdict
judge(struct appmap *am, const struct appmap_owner *o, char *line,
    size_t *len, size_t cap)
{
	size_t n;

	if (o->state == APPMAP_OWNED)
		am->c[AM_OWNED]++;
	else if (o->state == APPMAP_NONE)
		am->c[AM_NO_OWNER]++;
	else
		am->c[AM_UNKNOWN]++;
	if (am->filter && !o->in_app) {
		am->c[AM_NOT_APP]++;
		return APPMAP_DROP;
	}
	if (am->tag) {
		char t[APPMAP_TAG_MAX];

		n = appmap_tag(t, sizeof(t), o);
		if (*len + n > cap)		/* never happens for frames */
			*len = cap > n ? cap - n : 0;
		memcpy(line + *len, t, n);
		*len += n;
	}
	return APPMAP_SEND;
}

enum appmap_verdict
appmap_frame(struct appmap *am, const struct appmap_key *k, char *line,
    size_t *len, size_t cap, const struct timeval *ts, int64_t now)
{
	struct appmap_owner o;
	struct held *h;
	bool q;

	memset(&o, 0, sizeof(o));
	if (k->proto == 0) {
		am->c[AM_NOT_TCP_UDP]++;
		return judge(am, &o, line, len, cap);
	}
	if (appmap_cache_lookup(am->cache, k, now, &o, &q) == APPMAP_HIT) {
		if (q)
			ask(am, k);
		return judge(am, &o, line, len, cap);
	}
	if (q)
		ask(am, k);
	if (am->nheld == APPMAP_MAX_HELD || am->failed) {
		am->c[AM_HOLD_FULL]++;
		return judge(am, &o, line, len, cap);
	}
	h = &am->held[(am->held_first + am->nheld++) % APPMAP_MAX_HELD];
	h->key = *k;
	h->ts = *ts;
	h->deadline = now + APPMAP_HOLD_US;
	h->len = *len;
	h->line = xmalloc(*len + APPMAP_TAG_MAX + 1);
	memcpy(h->line, line, *len);
	am->c[AM_HELD]++;
	if (h->deadline < am->src.wake_us)
		am->src.wake_us = h->deadline;
	return APPMAP_HELD;
}

/*
 * Send every held record whose answer has come or whose time is up, in
 * the order they came; the others keep their place.
 */
static void
release(struct appmap *am, struct agent *ag, int64_t now, bool all)
{
	struct appmap_owner o;
	struct held *h, *to;
	unsigned i, kept = 0;
	size_t len;
	bool answered;

	for (i = 0; i < am->nheld; i++) {
		h = &am->held[(am->held_first + i) % APPMAP_MAX_HELD];
		memset(&o, 0, sizeof(o));
		answered = cache_peek(am->cache, &h->key, now, &o) ==
		    APPMAP_HIT;
		if (!answered && h->deadline > now && !all) {
			to = &am->held[(am->held_first + kept++) %
			    APPMAP_MAX_HELD];
			if (to != h)
				*to = *h;
			continue;
		}
		am->c[answered ? AM_RELEASED : AM_RELEASED_LATE]++;
		len = h->len;
		if (judge(am, &o, h->line, &len, h->len + APPMAP_TAG_MAX) ==
		    APPMAP_SEND && ag != NULL) {
			h->line[len++] = '\n';
			agent_record_line(ag, &h->key, h->line,
			    len, &h->ts);
		}
		free(h->line);
		h->line = NULL;
	}
	am->nheld = kept;
}

static void
got_message(struct appmap *am, const uint8_t *b, size_t n, int64_t now)
{
	struct cursor c;
	struct appmap_key k;
	struct appmap_owner o;
	uint8_t type, version, pad[2];
	uint32_t v, i;

	cur_init(&c, b, n);
	if (!cur_u8(&c, &type) || !cur_u8(&c, &version) ||
	    !cur_bytes(&c, pad, 2) || version != 1)
		goto bad;
	switch (type) {
	case APPMAP_MSG_ANSWER:
		if (n != APPMAP_ANSWER_LEN || !appmap_get_key(&c, &k) ||
		    !appmap_get_owner(&c, &o))
			goto bad;
		am->c[AM_ANSWERS]++;
		appmap_cache_answer(am->cache, &k, &o, now);
		return;
	case APPMAP_MSG_EXITED:
		if (n != 8 || !cur_be32(&c, &v))
			goto bad;
		if (WIFEXITED((int)v))
			log_info("the command exited with status %d",
			    WEXITSTATUS((int)v));
		else if (WIFSIGNALED((int)v))
			log_info("the command was killed by signal %d",
			    WTERMSIG((int)v));
		am->exited = true;
		am->linger_until = now + APPMAP_LINGER_US;
		return;
	case APPMAP_MSG_STATS:
		if (n != 4 + 8 * AH_MAX)
			goto bad;
		for (i = 0; i < AH_MAX; i++)
			if (!cur_be64(&c, &am->hc[i]))
				goto bad;
		return;
	}
bad:
	am->c[AM_BAD_MESSAGES]++;
	log_limited(&am->rl_bad, LOG_LVL_WARN, "a message from the appmap "
	    "helper does not parse (%zu bytes)", n);
}

static int
am_fd(struct source *s)
{
	struct appmap *am = (struct appmap *)s;

	return am->failed ? -1 : am->fd;
}

static enum source_status
am_run(struct source *s, struct agent *ag, int64_t now, int64_t *wake_us)
{
	struct appmap *am = (struct appmap *)s;
	uint8_t b[APPMAP_MSG_MAX];
	ssize_t n;
	unsigned i;

	while (!am->failed) {
		n = recv(am->fd, b, sizeof(b), MSG_DONTWAIT | MSG_TRUNC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			if (n < 0)
				log_errno(LOG_LVL_ERR, errno, "appmap helper");
			else
				log_err("the appmap helper is gone: no more "
				    "attribution");
			am->failed = true;
			break;
		}
		got_message(am, b, (size_t)n > sizeof(b) ? 0 : (size_t)n, now);
	}
	release(am, ag, now, am->failed);
	*wake_us = SRC_NO_WAKE;
	for (i = 0; i < am->nheld; i++) {
		struct held *h = &am->held[(am->held_first + i) %
		    APPMAP_MAX_HELD];

		if (h->deadline < *wake_us)
			*wake_us = h->deadline;
	}
	if (am->exited && am->linger_until < *wake_us)
		*wake_us = am->linger_until;
	return am->failed ? SRC_ERROR : SRC_MORE;
}

bool
appmap_done(const struct appmap *am)
{
	if (am->failed)
		return true;
	return am->exited && am->nheld == 0 && mono_us() >= am->linger_until;
}

static void
am_stats(struct source *s, FILE *f)
{
	struct appmap *am = (struct appmap *)s;
	struct counters c = { "apps", appmap_counter_names, am->c, AM_MAX };
	struct counters h = { "apps helper", appmap_helper_counter_names,
	    am->hc, AH_MAX };

	am->c[AM_EVICTED] = appmap_cache_evictions(am->cache);
	counters_print(f, &c, 0);
	counters_print(f, &h, 0);
}

static void
am_close(struct source *s)
{
	struct appmap *am = (struct appmap *)s;
	int st;

	release(am, NULL, mono_us(), true);
	close(am->fd);
	/* The helper ends at EOF; COMMAND, if it still runs, goes on. */
	while (waitpid(am->helper, &st, 0) < 0 && errno == EINTR)
		;
	appmap_cache_free(am->cache);
	free(am);
}

static const struct source_ops appmap_ops = {
	.name = "apps",
	.fd = am_fd,
	.run = am_run,
	.stats = am_stats,
	.close = am_close,
};

struct source *
appmap_source(struct appmap *am)
{
	return &am->src;
}

struct appmap *
appmap_open(const struct appmap_opts *o, char *err, size_t errlen)
{
	struct appmap *am;
	struct cursor c;
	uint8_t b[APPMAP_MSG_MAX], type, version, pad[2];
	uint32_t e, pid;
	int sv[2];
	ssize_t n;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		errbuf_fmt_errno(err, errlen, errno, "appmap socket pair");
		return NULL;
	}
	am = xcalloc(1, sizeof(*am));
	am->src.ops = &appmap_ops;
	am->src.wake_us = SRC_NO_WAKE;
	am->filter = o->app != NULL || o->argv != NULL;
	am->tag = o->tag;
	am->command = o->argv != NULL;
	am->cache = appmap_cache_new(CACHE_SETS, NULL);
	fflush(NULL);
	if ((am->helper = fork()) < 0) {
		errbuf_fmt_errno(err, errlen, errno, "appmap helper: fork");
		goto fail;
	}
	if (am->helper == 0) {
		close(sv[0]);
		appmap_helper_main(sv[1], o);
	}
	close(sv[1]);
	sv[1] = -1;
	am->fd = sv[0];
	/* Room for a burst of new connections' questions (best effort). */
	(void)setsockopt(am->fd, SOL_SOCKET, SO_SNDBUF, &(int){ 1 << 20 },
	    sizeof(int));
	(void)setsockopt(am->fd, SOL_SOCKET, SO_RCVBUF, &(int){ 1 << 20 },
	    sizeof(int));

	/* The helper's first word: it runs, and COMMAND did start. */
	do
		n = recv(am->fd, b, sizeof(b), 0);
	while (n < 0 && errno == EINTR);
	cur_init(&c, b, n > 0 ? (size_t)n : 0);
	if (n != 12 || !cur_u8(&c, &type) || !cur_u8(&c, &version) ||
	    !cur_bytes(&c, pad, 2) || !cur_be32(&c, &e) ||
	    !cur_be32(&c, &pid) || type != APPMAP_MSG_STARTED) {
		errbuf_fmt(err, errlen, "the appmap helper did not start");
		goto fail;
	}
	if (e != 0 && pad[0] == 2)
		errbuf_fmt_errno(err, errlen, (int)e, "cannot run '%s'",
		    o->argv[0]);
	else if (e != 0)
		errbuf_fmt_errno(err, errlen, (int)e, "the appmap helper "
		    "cannot open netlink sock_diag");
	if (e != 0)
		goto fail;
	if (am->command)
		log_info("started '%s' as pid %u", o->argv[0], (unsigned)pid);
	return am;
fail:
	if (sv[1] >= 0)
		close(sv[1]);
	close(sv[0]);
	if (am->helper > 0) {
		kill(am->helper, SIGKILL);
		while (waitpid(am->helper, NULL, 0) < 0 && errno == EINTR)
			;
	}
	appmap_cache_free(am->cache);
	free(am);
	return NULL;
}
