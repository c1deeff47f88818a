/*
 * trace.c - trace requests and the bridge's reports on them (see trace.h).
 *
 * Reading a report: the HTML is walked once, tags dropped, the five
 * entities the bridge writes (&amp; &lt; &gt; &quot; &#39;) and decimal
 * references to printable ASCII decoded, and the text cut into chunks at
 * block tags (p, br, div, li, h1-h6 ...).  The heading (h1-h6) names the
 * state; a chunk "request SEC.USEC" the bridge's request; a 32 lowercase
 * hex word the packet; "AS" and digits the AS path; the other chunks are the
 * verdict's words.  Everything is bounded by the output buffers.
 */
#include "config.h"
#include "trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ballinfo.h"
#include "log.h"
#include "protocol.h"

static const char *const state_names[TRACE_STATES] = {
	[TRACE_RESOLVING] = "resolving",
	[TRACE_REQUESTED] = "requested",
	[TRACE_ACCEPTED] = "accepted",
	[TRACE_FOUND] = "found",
	[TRACE_NOTFOUND] = "not found",
	[TRACE_ERROR] = "error",
};

const char *
trace_state_name(enum trace_state s)
{
	return (unsigned)s < TRACE_STATES ? state_names[s] : "?";
}

struct trace_table *
trace_new(void)
{
	struct trace_table *t = xcalloc(1, sizeof(*t));

	t->next_id = 1;
	return t;
}

void
trace_free(struct trace_table *t)
{
	free(t);
}

/* The ith request, oldest first; i < t->n. */
static struct trace_entry *
nth(struct trace_table *t, size_t i)
{
	return &t->e[(t->start + i) % TRACE_MAX];
}

struct trace_entry *
trace_at(struct trace_table *t, size_t i)
{
	return i < t->n ? nth(t, i) : NULL;
}

const struct trace_entry *
trace_of_record(const struct trace_table *t, uint64_t record)
{
	size_t i;

	for (i = t->n; i > 0; i--) {
		const struct trace_entry *e =
		    &t->e[(t->start + i - 1) % TRACE_MAX];

		if (e->record == record)
			return e;
	}
	return NULL;
}

/* Copy a slice into a bounded string, control characters as '?'. */
static void
copy(char *dst, size_t cap, const char *src, size_t len)
{
	size_t i;

	if (len >= cap)
		len = cap - 1;
	for (i = 0; i < len; i++)
		dst[i] = (unsigned char)src[i] < 0x20 || src[i] == 0x7f ? '?' :
		    src[i];
	dst[len] = '\0';
}

struct trace_entry *
trace_add(struct trace_table *t, uint64_t record, const char *line,
    size_t len, const char *hash, const char *bridge, bool resolving,
    int64_t capture_us, int64_t now_us)
{
	struct trace_entry *e;
	struct pt_record r;
	char err[PT_ERRBUF_SIZE];

	if (t->n == TRACE_MAX) {
		t->start = (t->start + 1) % TRACE_MAX;
		t->n--;
		t->forgotten++;
	}
	e = &t->e[(t->start + t->n++) % TRACE_MAX];
	memset(e, 0, sizeof(*e));
	e->id = t->next_id++;
	e->record = record;
	e->state = resolving ? TRACE_RESOLVING : TRACE_REQUESTED;
	copy(e->hash, sizeof(e->hash), hash, strlen(hash));
	copy(e->bridge, sizeof(e->bridge), bridge, strlen(bridge));
	if (!resolving)
		copy(e->bridge_addr, sizeof(e->bridge_addr), bridge,
		    strlen(bridge));
	e->sport = e->dport = -1;
	if (pt_parse_record_line(line, len, &r, err, sizeof(err)) == 0) {
		copy(e->src, sizeof(e->src), r.src.addr_text.p,
		    r.src.addr_text.len);
		copy(e->dst, sizeof(e->dst), r.dst.addr_text.p,
		    r.dst.addr_text.len);
		e->sport = r.src.port;
		e->dport = r.dst.port;
		e->flag = r.flag;
	}
	e->capture_us = capture_us;
	e->asked_us = e->changed_us = now_us;
	return e;
}

void
trace_set(struct trace_entry *e, enum trace_state s, const char *detail,
    int64_t now_us)
{
	e->state = s;
	if (detail != NULL)
		copy(e->detail, sizeof(e->detail), detail, strlen(detail));
	e->changed_us = now_us;
}

/* --- reading the bridge's messages ------------------------------------------ */

/* A bounded string being built. */
struct sbuf {
	char		*p;
	size_t		 len, cap;
};

static void
sb_init(struct sbuf *b, char *p, size_t cap)
{
	b->p = p;
	b->cap = cap;
	b->len = 0;
	p[0] = '\0';
}

static void
sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + 1 >= b->cap)
		return;
	if (n > b->cap - 1 - b->len)
		n = b->cap - 1 - b->len;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f');
}

static bool
is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Tags that end a chunk of text. */
static bool
block_tag(const char *name, size_t n)
{
	static const char *const tags[] = {
		"p", "br", "div", "li", "ul", "ol", "tr", "td", "table", "hr",
		"h1", "h2", "h3", "h4", "h5", "h6", NULL
	};
	int i;

	for (i = 0; tags[i] != NULL; i++)
		if (strlen(tags[i]) == n && strncasecmp(tags[i], name, n) == 0)
			return true;
	return false;
}

/* One chunk of text, as the walk gives it. */
#define CHUNK_MAX	512

struct walk {
	struct trace_msg *m;
	char		 chunk[CHUNK_MAX];
	size_t		 clen;
	bool		 in_heading;
	char		 heading[128];
	struct sbuf	 path, detail;
	bool		 saw_path_label;
};

/* Find "request SEC.USEC" in a chunk; true if the chunk is only that. */
static bool
request_in(struct walk *w, const char *c, size_t n)
{
	const char *p = c, *end = c + n, *q;
	bool alone = false;

	while (p + 8 <= end) {
		if (strncasecmp(p, "request ", 8) == 0 &&
		    (p == c || !is_alnum(p[-1]))) {
			q = p + 8;
			while (q < end && is_digit(*q))
				q++;
			if (q > p + 8 && q + 1 < end && *q == '.' &&
			    is_digit(q[1])) {
				q++;
				while (q < end && is_digit(*q))
					q++;
				copy(w->m->request, sizeof(w->m->request),
				    p + 8, (size_t)(q - p - 8));
				alone = p == c && (q == end || (q + 1 == end &&
				    *q == '.'));
			}
		}
		p++;
	}
	return alone;
}

/* A 32 lowercase hex word: the packet's digest. */
static void
hash_in(struct walk *w, const char *c, size_t n)
{
	size_t i, run = 0;

	if (w->m->hash[0] != '\0')
		return;
	for (i = 0; i <= n; i++) {
		if (i < n && is_hex(c[i])) {
			run++;
			continue;
		}
		if (run == TB_MD5_LEN && (i == n || !is_alnum(c[i])) &&
		    (i == run || !is_alnum(c[i - run - 1]))) {
			copy(w->m->hash, sizeof(w->m->hash), c + i - run, run);
			return;
		}
		run = 0;
	}
}

/* Is as one of the space-separated words of path? */
static bool
path_has(const char *path, const char *as)
{
	size_t n = strlen(as);
	const char *p = path;

	while ((p = strstr(p, as)) != NULL) {
		if ((p == path || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return true;
		p += n;
	}
	return false;
}

/* "AS" and digits, each once, in order. */
static void
path_in(struct walk *w, const char *c, size_t n)
{
	size_t i, j;
	char as[24];

	for (i = 0; i + 2 < n; i++) {
		if (c[i] != 'A' || c[i + 1] != 'S' || !is_digit(c[i + 2]) ||
		    (i > 0 && is_alnum(c[i - 1])))
			continue;
		for (j = i + 2; j < n && is_digit(c[j]) && j - i < 16; j++)
			;
		if (j < n && is_alnum(c[j]))
			continue;
		copy(as, sizeof(as), c + i, j - i);
		if (!path_has(w->path.p, as)) {
			if (w->path.len > 0)
				sb_add(&w->path, " ", 1);
			sb_add(&w->path, as, strlen(as));
		}
		i = j - 1;
	}
}

static void
end_chunk(struct walk *w)
{
	char *c = w->chunk;
	size_t n = w->clen;

	while (n > 0 && c[n - 1] == ' ')
		n--;
	w->clen = 0;
	if (n == 0)
		return;
	c[n] = '\0';
	hash_in(w, c, n);
	if (w->in_heading) {
		size_t hl = strlen(w->heading);

		if (hl + 1 < sizeof(w->heading)) {
			if (hl > 0)
				w->heading[hl++] = ' ';
			copy(w->heading + hl, sizeof(w->heading) - hl, c, n);
		}
		return;
	}
	if (request_in(w, c, n))
		return;
	path_in(w, c, n);
	if (strcasecmp(c, "AS path:") == 0)
		return;
	if (w->detail.len > 0)
		sb_add(&w->detail, "; ", 2);
	sb_add(&w->detail, c, n);
}

/* A character of text into the chunk, white space collapsed. */
static void
put(struct walk *w, char ch)
{
	if (is_space(ch)) {
		if (w->clen == 0 || w->chunk[w->clen - 1] == ' ')
			return;
		ch = ' ';
	}
	if ((unsigned char)ch < 0x20 || ch == 0x7f)
		ch = '?';
	if (w->clen + 1 < CHUNK_MAX)
		w->chunk[w->clen++] = ch;
}

/* An entity at p (after '&'); returns what it takes, or 0 if none. */
static size_t
entity(const char *p, const char *end, char *out)
{
	static const struct {
		const char	*name;
		char		 c;
	} names[] = {
		{ "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' },
		{ "quot;", '"' }, { "apos;", '\'' }, { "#39;", '\'' },
	};
	size_t i, k, v = 0;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		k = strlen(names[i].name);
		if ((size_t)(end - p) >= k && memcmp(p, names[i].name, k) == 0) {
			*out = names[i].c;
			return k;
		}
	}
	if (p < end && *p == '#') {
		for (k = 1; p + k < end && is_digit(p[k]) && k < 5; k++)
			v = v * 10 + (size_t)(p[k] - '0');
		if (k > 1 && p + k < end && p[k] == ';' && v >= 0x20 &&
		    v < 0x7f) {
			*out = (char)v;
			return k + 1;
		}
	}
	return 0;
}

/* The state a picture name says: "tc-found.png" ... */
static int
state_of_picture(const char *p, size_t n)
{
	static const struct {
		const char	*name;
		int		 state;
	} pics[] = {
		{ "tc-started.", -2 }, { "tc-accepted.", TRACE_ACCEPTED },
		{ "tc-found.", TRACE_FOUND }, { "tc-notfound.", TRACE_NOTFOUND },
		{ "tc-error.", TRACE_ERROR },
	};
	size_t i, k;
	const char *base = p;

	for (i = 0; i < n; i++)
		if (p[i] == '/')
			base = p + i + 1;
	n -= (size_t)(base - p);
	for (i = 0; i < sizeof(pics) / sizeof(pics[0]); i++) {
		k = strlen(pics[i].name);
		if (n > k && memcmp(base, pics[i].name, k) == 0)
			return pics[i].state;
	}
	return -1;
}

/* Does s hold w, in any case? */
static bool
has(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (; *s != '\0'; s++)
		if (strncasecmp(s, w, n) == 0)
			return true;
	return false;
}

/* The state words say: "Trace not found", "Traceback started" ... */
static int
state_of_words(const char *s)
{
	if (has(s, "not found"))
		return TRACE_NOTFOUND;
	if (has(s, "found"))
		return TRACE_FOUND;
	if (has(s, "error"))
		return TRACE_ERROR;
	if (has(s, "accepted"))
		return TRACE_ACCEPTED;
	if (has(s, "started"))
		return -2;
	return -1;
}

void
trace_read_message(const char *picture, size_t plen, const char *text,
    size_t tlen, struct trace_msg *m)
{
	struct walk w;
	const char *p = text, *end = text + tlen, *name, *q;
	size_t k, nlen;
	bool closing;
	char ch;
	int st;

	memset(m, 0, sizeof(*m));
	memset(&w, 0, sizeof(w));
	w.m = m;
	sb_init(&w.path, m->path, sizeof(m->path));
	sb_init(&w.detail, m->detail, sizeof(m->detail));
	while (p < end) {
		if (*p == '<') {
			/* A tag, a comment or a declaration: to its '>'. */
			q = p + 1;
			if (end - q >= 3 && memcmp(q, "!--", 3) == 0) {
				for (q += 3; q + 2 < end &&
				    memcmp(q, "-->", 3) != 0; q++)
					;
				p = q + 3 < end ? q + 3 : end;
				continue;
			}
			closing = q < end && *q == '/';
			if (closing)
				q++;
			name = q;
			while (q < end && is_alnum(*q))
				q++;
			nlen = (size_t)(q - name);
			while (q < end && *q != '>')
				q++;
			p = q < end ? q + 1 : end;
			if (!block_tag(name, nlen))
				continue;
			end_chunk(&w);
			if (nlen == 2 && (name[0] == 'h' || name[0] == 'H') &&
			    name[1] >= '1' && name[1] <= '6')
				w.in_heading = !closing;
			continue;
		}
		if (*p == '&' && (k = entity(p + 1, end, &ch)) > 0) {
			put(&w, ch);
			p += 1 + k;
			continue;
		}
		put(&w, *p++);
	}
	end_chunk(&w);

	st = state_of_picture(picture, plen);
	if (st == -1)
		st = state_of_words(w.heading);
	if (st == -1 && w.heading[0] == '\0')
		st = state_of_words(m->detail);
	m->started = st == -2;
	m->state = st >= 0 ? st : -1;
	if (m->state != TRACE_FOUND)
		m->path[0] = '\0';
}

/* The request a message names: by the bridge's number, else the digest. */
static struct trace_entry *
match(struct trace_table *t, const struct trace_msg *m)
{
	struct trace_entry *e;
	size_t i;

	if (m->request[0] != '\0')
		for (i = t->n; i > 0; i--) {
			e = nth(t, i - 1);
			if (strcmp(e->request, m->request) == 0)
				return e;
		}
	if (m->hash[0] == '\0')
		return NULL;
	/* The oldest of ours for that packet the bridge has not numbered. */
	for (i = 0; i < t->n; i++) {
		e = nth(t, i);
		if (strcmp(e->hash, m->hash) == 0 && e->request[0] == '\0' &&
		    e->state != TRACE_RESOLVING && !trace_final(e->state))
			return e;
	}
	/*
	 * Else, for a bridge's own texts (-c FILE) that give no number, the
	 * newest for that packet still waiting, else the newest at all.
	 */
	if (m->request[0] != '\0')
		return NULL;
	for (i = t->n; i > 0; i--) {
		e = nth(t, i - 1);
		if (strcmp(e->hash, m->hash) == 0 && !trace_final(e->state))
			return e;
	}
	for (i = t->n; i > 0; i--) {
		e = nth(t, i - 1);
		if (strcmp(e->hash, m->hash) == 0)
			return e;
	}
	return NULL;
}

struct trace_entry *
trace_message(struct trace_table *t, const char *picture, size_t plen,
    const char *text, size_t tlen, int64_t now_us, bool *changed)
{
	struct trace_msg m;
	struct trace_entry *e;

	*changed = false;
	trace_read_message(picture, plen, text, tlen, &m);
	if ((e = match(t, &m)) == NULL) {
		t->unmatched++;
		return NULL;
	}
	t->matched++;
	if (e->request[0] == '\0' && m.request[0] != '\0') {
		memcpy(e->request, m.request, sizeof(e->request));
		*changed = true;
	}
	if (m.state < 0 || trace_final(e->state) ||
	    (m.state == TRACE_ACCEPTED && e->state == TRACE_ACCEPTED))
		return e;
	e->state = (enum trace_state)m.state;
	memcpy(e->path, m.path, sizeof(e->path));
	memcpy(e->detail, m.detail, sizeof(e->detail));
	e->changed_us = now_us;
	*changed = true;
	return e;
}

/* --- naming and logging --------------------------------------------------- */

static bool
icmp_ports(const struct trace_entry *e)
{
	return e->flag == PT_FLAG_ICMP4 || e->flag == PT_FLAG_ICMP6;
}

static void
endpoint(struct sbuf *b, const char *addr, int32_t port, bool ports)
{
	char num[16];

	if (addr[0] == '\0')
		addr = "?";
	if (!ports || port < 0) {
		sb_add(b, addr, strlen(addr));
		return;
	}
	if (strchr(addr, ':') != NULL) {
		sb_add(b, "[", 1);
		sb_add(b, addr, strlen(addr));
		sb_add(b, "]", 1);
	} else
		sb_add(b, addr, strlen(addr));
	snprintf(num, sizeof(num), ":%d", (int)port);
	sb_add(b, num, strlen(num));
}

char *
trace_packet_name(const struct trace_entry *e, char *buf, size_t len)
{
	struct sbuf b;
	bool ports = !icmp_ports(e);

	if (len == 0)
		return buf;
	sb_init(&b, buf, len);
	endpoint(&b, e->src, e->sport, ports);
	sb_add(&b, " -> ", 4);
	endpoint(&b, e->dst, e->dport, ports);
	return buf;
}

char *
trace_log_line(const struct trace_entry *e, char *buf, size_t len,
    int32_t tz_offset_s, bool utc)
{
	char t[32], name[160];
	const char *what = e->path[0] != '\0' ? e->path : e->detail;

	ballinfo_time(t, sizeof(t), e->changed_us, tz_offset_s, utc,
	    BI_TIME_CLOCK);
	snprintf(buf, len, "#%llu %s %s  %s%s%.80s", (unsigned long long)e->id,
	    t, trace_state_name(e->state), trace_packet_name(e, name,
	    sizeof(name)), what[0] != '\0' ? "  " : "", what);
	return buf;
}

/* A JSON string: quotes, backslashes, controls and bad UTF-8 escaped. */
static void
json_str(struct sbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char esc[8];
	size_t n, k;

	sb_add(b, "\"", 1);
	while (*p != '\0') {
		if (*p == '"' || *p == '\\') {
			esc[0] = '\\';
			esc[1] = (char)*p++;
			sb_add(b, esc, 2);
		} else if (*p < 0x20 || *p == 0x7f) {
			snprintf(esc, sizeof(esc), "\\u%04x", *p++);
			sb_add(b, esc, 6);
		} else if (*p < 0x80) {
			sb_add(b, (const char *)p++, 1);
		} else {
			n = *p >= 0xf0 && *p < 0xf5 ? 4 : *p >= 0xe0 ? 3 :
			    *p >= 0xc2 && *p < 0xe0 ? 2 : 0;
			for (k = 1; n > 0 && k < n; k++)
				if ((p[k] & 0xc0) != 0x80)
					n = 0;
			if (n == 0) {
				sb_add(b, "\\ufffd", 6);
				p++;
			} else {
				sb_add(b, (const char *)p, n);
				p += n;
			}
		}
	}
	sb_add(b, "\"", 1);
}

static void
json_key(struct sbuf *b, const char *key, bool first)
{
	if (!first)
		sb_add(b, ",", 1);
	json_str(b, key);
	sb_add(b, ":", 1);
}

static void
json_num(struct sbuf *b, const char *key, long long v)
{
	char num[24];

	json_key(b, key, false);
	snprintf(num, sizeof(num), "%lld", v);
	sb_add(b, num, strlen(num));
}

static void
json_kv(struct sbuf *b, const char *key, const char *v)
{
	json_key(b, key, false);
	json_str(b, v);
}

size_t
trace_json(const struct trace_entry *e, char *buf, size_t cap)
{
	struct sbuf b;
	char t[64], name[160];
	const char *p, *q;

	if (cap < 2)
		return 0;
	sb_init(&b, buf, cap);
	sb_add(&b, "{", 1);
	json_key(&b, "id", true);
	snprintf(t, sizeof(t), "%llu", (unsigned long long)e->id);
	sb_add(&b, t, strlen(t));
	json_kv(&b, "state", trace_state_name(e->state));
	json_kv(&b, "time", ballinfo_time(t, sizeof(t), e->changed_us, 0, true,
	    BI_TIME_ISO));
	json_kv(&b, "asked", ballinfo_time(t, sizeof(t), e->asked_us, 0, true,
	    BI_TIME_ISO));
	json_num(&b, "record", (long long)e->record);
	json_kv(&b, "packet", trace_packet_name(e, name, sizeof(name)));
	json_kv(&b, "src", e->src);
	json_kv(&b, "dst", e->dst);
	json_num(&b, "sport", e->sport);
	json_num(&b, "dport", e->dport);
	json_num(&b, "flag", e->flag);
	json_kv(&b, "class", e->flag < PT_FLAG_CLASSES ?
	    pt_flag_label(e->flag) : "other");
	json_key(&b, "captured", false);
	if (e->capture_us == PT_TIME_NONE)
		sb_add(&b, "null", 4);
	else
		json_str(&b, ballinfo_time(t, sizeof(t), e->capture_us, 0,
		    true, BI_TIME_ISO));
	json_kv(&b, "hash", e->hash);
	json_kv(&b, "bridge", e->bridge);
	json_kv(&b, "bridge_addr", e->bridge_addr);
	json_kv(&b, "request", e->request);
	json_key(&b, "path", false);
	sb_add(&b, "[", 1);
	for (p = e->path; *p != '\0'; p = *q != '\0' ? q + 1 : q) {
		char as[24];

		q = strchr(p, ' ');
		if (q == NULL)
			q = p + strlen(p);
		copy(as, sizeof(as), p, (size_t)(q - p));
		if (p != e->path)
			sb_add(&b, ",", 1);
		json_str(&b, as);
	}
	sb_add(&b, "]", 1);
	json_kv(&b, "detail", e->detail);
	sb_add(&b, "}", 1);
	/* Cut short: no half an object in the log. */
	if (b.len + 1 >= cap)
		return 0;
	return b.len;
}
