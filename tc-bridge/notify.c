/*
 * notify.c - the bridge's messages to the viewer: per-state configuration
 * (defaults and -c FILE) and the rendering of an event into PACKTERMSG,
 * PACKTERSOUND, PACKTERVOICE and PACKTERSKYDOMETEXTURE datagrams through
 * common/protocol.h.
 */
#include "config.h"

#include "notify.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "errbuf.h"
#include "log.h"
#include "protocol.h"

#define MAX_DURATION	86400000	/* ms: a day */

static const char *const state_names[TC_STATES] = {
	[TC_STARTED]	= "started",
	[TC_ACCEPTED]	= "accepted",
	[TC_FOUND]	= "found",
	[TC_NOTFOUND]	= "notfound",
	[TC_ERROR]	= "error",
};

const char *
tc_state_name(enum tc_state s)
{
	return s < TC_STATES ? state_names[s] : "?";
}

static const struct {
	const char	*picture, *text, *sound;
	int64_t		 duration_ms;
	const char	*voice, *skydome;
} defaults[TC_STATES] = {
	[TC_STARTED] = {
		"tc-started.png",
		"<h2>Traceback started</h2><p>{src} to {dst}<br>"
		"packet {hash}<br>request {seq}</p>",
		"beep.wav", 3000,
		"Traceback started.", "",
	},
	[TC_ACCEPTED] = {
		"tc-accepted.png",
		"<h2>Trace accepted</h2><p>The Decision Point accepted "
		"request {seq}.</p>",
		"", 0,
		"Trace accepted.", "",
	},
	[TC_FOUND] = {
		"tc-found.png",
		"<h2>Trace found</h2><p>AS path:<br>{path}</p>"
		"<p>request {seq}</p>",
		"success.wav", 5000,
		"Trace found. {hops} autonomous systems.",
		"sky-alarm.png",
	},
	[TC_NOTFOUND] = {
		"tc-notfound.png",
		"<h2>Trace not found</h2><p>{reason}</p><p>request {seq}</p>",
		"failure.wav", 3000,
		"Trace not found.", "",
	},
	[TC_ERROR] = {
		"tc-error.png",
		"<h2>Trace error</h2><p>{reason}</p><p>request {seq}</p>",
		"failure.wav", 3000,
		"Trace error.", "",
	},
};

static const char *const placeholders[] = {
	"src", "dst", "sport", "dport", "flag", "hash", "seq", "state",
	"path", "hops", "reason", NULL
};

static void
set(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v);
}

void
notify_defaults(struct tc_config *c)
{
	int i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < TC_STATES; i++) {
		set(&c->st[i].picture, defaults[i].picture);
		set(&c->st[i].text, defaults[i].text);
		set(&c->st[i].sound, defaults[i].sound);
		c->st[i].duration_ms = defaults[i].duration_ms;
		set(&c->st[i].voice, defaults[i].voice);
		set(&c->st[i].skydome, defaults[i].skydome);
	}
}

void
notify_free(struct tc_config *c)
{
	int i;

	for (i = 0; i < TC_STATES; i++) {
		free(c->st[i].picture);
		free(c->st[i].text);
		free(c->st[i].sound);
		free(c->st[i].voice);
		free(c->st[i].skydome);
	}
	memset(c, 0, sizeof(*c));
}

/* --- the configuration file ---------------------------------------------- */

static int
state_of(const char *s)
{
	int i;

	for (i = 0; i < TC_STATES; i++)
		if (strcmp(s, state_names[i]) == 0)
			return i;
	if (strcmp(s, "not found") == 0 || strcmp(s, "not-found") == 0)
		return TC_NOTFOUND;
	return -1;
}

/* Every {name} must be a placeholder we know; "{{" is a literal brace. */
static int
check_template(const char *t, char *bad, size_t badlen)
{
	const char *p, *close;
	size_t n;
	int i;

	for (p = t; (p = strchr(p, '{')) != NULL; ) {
		if (p[1] == '{') {
			p += 2;
			continue;
		}
		if ((close = strchr(p, '}')) == NULL) {
			snprintf(bad, badlen, "an unclosed '{'");
			return -1;
		}
		n = (size_t)(close - p - 1);
		for (i = 0; placeholders[i] != NULL; i++)
			if (strlen(placeholders[i]) == n &&
			    memcmp(placeholders[i], p + 1, n) == 0)
				break;
		if (placeholders[i] == NULL) {
			snprintf(bad, badlen, "unknown placeholder {%.*s}",
			    (int)(n > 32 ? 32 : n), p + 1);
			return -1;
		}
		p = close + 1;
	}
	return 0;
}

static int
file_name_ok(const char *v)
{
	const unsigned char *p;

	for (p = (const unsigned char *)v; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f || *p == ',')
			return 0;
	return 1;
}

struct notify_read {
	struct tc_config	*c;
	char			 why[160];
};

/* conf_read() hands each key here (progs/conf.h); [state] sections. */
static const char *
notify_pair(void *arg, const char *section, const char *key, const char *val)
{
	struct notify_read *nr = arg;
	struct tc_look *lk;
	long long d;
	char *end;
	int st;

	if (section[0] == '\0')
		return "a key before any [state] section";
	if ((st = state_of(section)) < 0) {
		(void)snprintf(nr->why, sizeof(nr->why), "in [%.32s]: unknown "
		    "state (started, accepted, found, notfound, error)",
		    section);
		return nr->why;
	}
	if (key == NULL)
		return NULL;
	lk = &nr->c->st[st];
	if (strcmp(key, "text") == 0 || strcmp(key, "voice") == 0) {
		if (check_template(val, nr->why, sizeof(nr->why)) < 0)
			return nr->why;
		set(strcmp(key, "text") == 0 ? &lk->text : &lk->voice, val);
	} else if (strcmp(key, "picture") == 0 ||
	    strcmp(key, "sound") == 0 || strcmp(key, "skydome") == 0) {
		if (!file_name_ok(val))
			return "a file name may not hold commas or control "
			    "characters";
		set(key[0] == 'p' ? &lk->picture : key[1] == 'o' ?
		    &lk->sound : &lk->skydome, val);
	} else if (strcmp(key, "duration") == 0) {
		errno = 0;
		d = strtoll(val, &end, 10);
		if (errno != 0 || end == val || *end != '\0' ||
		    d < -MAX_DURATION || d > MAX_DURATION) {
			(void)snprintf(nr->why, sizeof(nr->why), "in "
			    "milliseconds, from %d to %d", -MAX_DURATION,
			    MAX_DURATION);
			return nr->why;
		}
		lk->duration_ms = d;
	} else
		return "unknown key (picture, text, sound, duration, voice, "
		    "skydome)";
	return NULL;
}

int
notify_load(struct tc_config *c, const char *path, char *err, size_t errlen)
{
	struct notify_read nr = { .c = c };

	return conf_read(path, notify_pair, &nr, err, errlen);
}

/* --- rendering ----------------------------------------------------------- */

/* A bounded string builder: what does not fit is cut and flagged. */
struct sb {
	char		*p;
	size_t		 len;
	size_t		 cap;
	int		 over;
};

static void
sb_add(struct sb *b, const char *s, size_t n)
{
	if (b->over || n > b->cap - b->len) {
		b->over = 1;
		return;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void
sb_str(struct sb *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

/* Text from elsewhere into the message: escaped for HTML, or plain words. */
static void
sb_value(struct sb *b, const char *s, int html)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (html) {
			if (c == '&')
				sb_str(b, "&amp;");
			else if (c == '<')
				sb_str(b, "&lt;");
			else if (c == '>')
				sb_str(b, "&gt;");
			else if (c == '"')
				sb_str(b, "&quot;");
			else if (c < 0x20 || c == 0x7f)
				sb_str(b, " ");
			else
				sb_add(b, (const char *)&c, 1);
		} else {
			if (isalnum(c) || c == '.' || c == ':' || c == '-' ||
			    c == ',')
				sb_add(b, (const char *)&c, 1);
			else
				sb_str(b, " ");
		}
	}
}

static void
hop_text(char *buf, size_t cap, const struct itm_hop *h, int html)
{
	char who[ITM_NODE_LEN + 16];

	if (h->asn != 0)
		snprintf(who, sizeof(who), html ? "AS%lu" : "AS %lu",
		    (unsigned long)h->asn);
	else
		snprintf(who, sizeof(who), "%s", h->node);
	if (!html) {
		snprintf(buf, cap, "%s", who);
		return;
	}
	snprintf(buf, cap, "%s (depth %u, %s%s%s%s%s)", who, h->depth,
	    itm_state_name(h->state),
	    h->status[0] != '\0' ? ", " : "", h->status,
	    h->error[0] != '\0' ? ", " : "", h->error);
}

static void
sb_path(struct sb *b, const struct itm_reply *r, int html)
{
	char hop[ITM_NODE_LEN + 128], more[64];
	unsigned i, left;

	if (r == NULL || r->nhops == 0) {
		sb_str(b, html ? "(no AS)" : "no AS");
		return;
	}
	for (i = 0; i < r->nhops; i++) {
		hop_text(hop, sizeof(hop), &r->hops[i], html);
		/* Keep room for the rest of the template and the summary. */
		if (b->len + strlen(hop) + 512 > b->cap) {
			left = r->nhops - i + r->hops_dropped;
			snprintf(more, sizeof(more), "%s... and %u more",
			    i > 0 ? (html ? "<br>" : ", ") : "", left);
			sb_str(b, more);
			return;
		}
		if (i > 0)
			sb_str(b, html ? "<br>" : ", ");
		sb_value(b, hop, html);
	}
	if (r->hops_dropped > 0) {
		snprintf(more, sizeof(more), "%s... and %u more",
		    html ? "<br>" : ", ", r->hops_dropped);
		sb_str(b, more);
	}
}

static void
expand(struct sb *b, const char *t, const struct tc_event *ev, int html)
{
	char num[32];
	const char *p, *close, *reason;
	size_t n;

	for (p = t; *p != '\0'; p++) {
		if (*p != '{') {
			sb_add(b, p, 1);
			continue;
		}
		if (p[1] == '{') {
			sb_add(b, p++, 1);
			continue;
		}
		if ((close = strchr(p, '}')) == NULL) {
			sb_str(b, p);
			return;
		}
		n = (size_t)(close - p - 1);
#define IS(s)	(n == sizeof(s) - 1 && memcmp(p + 1, s, n) == 0)
		if (IS("src"))
			sb_value(b, ev->in->src, html);
		else if (IS("dst"))
			sb_value(b, ev->in->dst, html);
		else if (IS("sport") || IS("dport") || IS("flag")) {
			snprintf(num, sizeof(num), "%u", IS("sport") ?
			    ev->in->sport : IS("dport") ? ev->in->dport :
			    ev->in->flag);
			sb_str(b, num);
		} else if (IS("hash"))
			sb_value(b, ev->in->md5, html);
		else if (IS("seq")) {
			snprintf(num, sizeof(num), "%lu.%06lu",
			    (unsigned long)ev->seq.sec,
			    (unsigned long)ev->seq.usec);
			sb_str(b, num);
		} else if (IS("state"))
			sb_str(b, tc_state_name(ev->state));
		else if (IS("path"))
			sb_path(b, ev->reply, html);
		else if (IS("hops")) {
			snprintf(num, sizeof(num), "%u", ev->reply != NULL ?
			    ev->reply->nhops + ev->reply->hops_dropped : 0);
			sb_str(b, num);
		} else if (IS("reason")) {
			reason = ev->reason != NULL ? ev->reason :
			    ev->reply != NULL ? ev->reply->reason : "";
			sb_value(b, reason, html);
		} else
			sb_add(b, p, n + 2);	/* not ours: as written */
#undef IS
		p = close;
	}
}

static void
emit(struct notify_out *o, const struct pt_control *c, unsigned *dropped)
{
	size_t n;

	if (o->n == NOTIFY_MAX_OUT)
		return;
	n = pt_encode_control(o->buf[o->n], sizeof(o->buf[o->n]), c);
	if (n == 0) {
		(*dropped)++;
		return;
	}
	o->len[o->n++] = n;
}

static struct pt_str
mk(const char *s, size_t n)
{
	struct pt_str r = { s, n };

	return r;
}

int
notify_render(const struct tc_config *cf, const struct tc_event *ev,
    int messages, int sounds, struct notify_out *o, unsigned *dropped)
{
	const struct tc_look *lk = &cf->st[ev->state];
	char text[NOTIFY_MAX_DATAGRAM - 512];
	struct pt_control c;
	struct sb b;

	o->n = 0;
	if (messages && (lk->text[0] != '\0' || lk->picture[0] != '\0')) {
		b = (struct sb){ text, 0, sizeof(text), 0 };
		expand(&b, lk->text, ev, 1);
		memset(&c, 0, sizeof(c));
		c.kind = PT_MSG;
		c.file = mk(lk->picture, strlen(lk->picture));
		c.text = mk(text, b.len);
		emit(o, &c, dropped);
	}
	if (!sounds)
		return o->n;
	if (lk->sound[0] != '\0') {
		memset(&c, 0, sizeof(c));
		c.kind = PT_SOUND;
		c.file = mk(lk->sound, strlen(lk->sound));
		c.duration_ms = lk->duration_ms;
		emit(o, &c, dropped);
	}
	if (lk->voice[0] != '\0') {
		b = (struct sb){ text, 0, sizeof(text), 0 };
		expand(&b, lk->voice, ev, 0);
		memset(&c, 0, sizeof(c));
		c.kind = PT_VOICE;
		c.text = mk(text, b.len);
		emit(o, &c, dropped);
	}
	if (lk->skydome[0] != '\0') {
		memset(&c, 0, sizeof(c));
		c.kind = PT_SKYDOME;
		c.file = mk(lk->skydome, strlen(lk->skydome));
		emit(o, &c, dropped);
	}
	return o->n;
}
