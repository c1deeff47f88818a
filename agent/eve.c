/*
 * eve.c - Suricata's EVE JSON decoder: one PACKTER record per alert (and,
 * when asked, per anomaly or drop event), drawn from the packet the event
 * carries or else from its addresses and ports (the input is
 * source-eve.c).
 *
 * Follows Suricata's EVE JSON format (user guide, "Eve JSON Format"; the
 * drop fields as output-json-drop.c writes them): one JSON object per line,
 *
 *   {"timestamp":"2017-04-07T22:24:37.251547+0100", "event_type":"alert",
 *    "src_ip":"192.168.2.14", "src_port":50096, "dest_ip":"209.53.113.5",
 *    "dest_port":80, "proto":"TCP", ["icmp_type":8, "icmp_code":0,]
 *    "alert":{"signature":"...", "signature_id":2018358, "gid":1,
 *             "rev":10, "severity":2, ...},
 *    ["payload":"<base64>",] ["packet":"<base64>",
 *    "packet_info":{"linktype":1}], ...}
 *
 *   "anomaly":{"type":"decode", "event":"decoder.udp.pkt_too_small", ...}
 *   "drop":{"len":40, "ttl":128, "syn":false, "ack":true, "fin":false,
 *           "rst":false, ..., "reason":"..."}
 *
 * "timestamp" is the capture time (local time with its UTC offset, or UTC
 * without one) and becomes the record's time.  With a packet (the frame from
 * its link layer on, of linktype, Ethernet when packet_info is missing) the
 * core draws the frame as it draws captured ones: flag from the TCP flags,
 * alarms, SPIE digests.  Without one ("payload" alone is the application
 * bytes, no headers) the record is made from src_ip, dest_ip, src_port,
 * dest_port, proto (a name, "IPv6-ICMP", or a number such as "006") and,
 * for ICMP, icmp_type and icmp_code; a drop event's syn/fin/rst give the
 * flag class, an alert's is "other".  Descriptions are the Snort source's:
 * the core's "TCP src:... dst:..." or, with -S, "Incident:<signature>
 * sid:N gen:N rev:N" with " severity:N" after it when the event has one
 * ("Anomaly:<event> type:T layer:L" and "Drop:<signature or reason>" for
 * the other kinds).
 *
 * Nothing is trusted.  json-c parses (strict, UTF-8 checked, at most
 * EVE_MAX_DEPTH levels, the whole line and nothing after it); every field is
 * checked for its type and range; text from the event becomes one line of
 * UTF-8 (control characters as spaces), cut to what the core keeps; a
 * packet is at most EVE_MAX_PACKET bytes of strict base64 and is decoded by
 * common/ before it is handed over.  Lines longer than the cap never reach
 * here (struct eve_lines).
 */
#include "config.h"

#include "eve.h"

#include <arpa/inet.h>
#include <json-c/json.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent.h"
#include "classify.h"
#include "counters.h"
#include "decode.h"
#include "errbuf.h"
#include "stats.h"
#include "text.h"

static const char *const eve_counter_names[EV_MAX] = {
	[EV_LINES]		= "lines",
	[EV_ALERTS]		= "alerts",
	[EV_ANOMALIES]		= "anomalies",
	[EV_DROPS]		= "drops",
	[EV_FROM_PACKET]	= "drawn-from-packet",
	[EV_FROM_TUPLE]		= "drawn-from-tuple",
	[EV_PAYLOAD_ONLY]	= "payload-without-packet",
	[EV_BLANK]		= "blank-lines",
	[EV_TOO_LONG]		= "too-long",
	[EV_BAD_JSON]		= "bad-json",
	[EV_NOT_OBJECT]		= "not-object",
	[EV_NO_TYPE]		= "no-event-type",
	[EV_NOT_SELECTED]	= "not-selected",
	[EV_BAD_TIME]		= "bad-timestamp",
	[EV_BAD_FIELD]		= "bad-field",
	[EV_BAD_TUPLE]		= "no-addresses",
	[EV_NOT_DRAWN]		= "proto-not-drawn",
	[EV_BAD_PACKET]		= "bad-packet",
	[EV_LINKTYPE]		= "linktype-not-decoded",
	[EV_PACKET_UNDECODED]	= "packet-not-decoded",
	[EV_CUT_LINES]		= "cut-lines",
	[EV_OPENS]		= "opens",
	[EV_ROTATIONS]		= "rotations",
	[EV_TRUNCATIONS]	= "truncations",
	[EV_READ_ERRORS]	= "read-errors",
	[EV_DATAGRAMS]		= "datagrams",
	[EV_CONNECTIONS]	= "connections",
	[EV_REFUSED]		= "connections-refused",
	[EV_TIMER_CHECKS]	= "timer-checks",
};

void
eve_decoder_init(struct eve_decoder *ed, const char *name, int incident,
    unsigned events)
{
	memset(ed, 0, sizeof(*ed));
	ed->incident = incident;
	ed->events = events;
	(void)snprintf(ed->name, sizeof(ed->name), "%s", name);
	if ((ed->tok = json_tokener_new_ex(EVE_MAX_DEPTH)) == NULL)
		fatal(1, "out of memory (json_tokener_new_ex)");
	json_tokener_set_flags(ed->tok, JSON_TOKENER_STRICT |
	    JSON_TOKENER_VALIDATE_UTF8);
	ed->pkt = xmalloc(EVE_MAX_PACKET);
}

void
eve_decoder_free(struct eve_decoder *ed)
{
	if (ed->tok != NULL)
		json_tokener_free(ed->tok);
	ed->tok = NULL;
	free(ed->pkt);
	ed->pkt = NULL;
}

void
eve_decoder_stats(const struct eve_decoder *ed, FILE *f)
{
	struct counters c = { ed->name, eve_counter_names,
	    (uint64_t *)ed->c, EV_MAX };

	counters_print(f, &c, 0);
}

int
eve_parse_events(const char *list, unsigned *events, char *err, size_t errlen)
{
	const char *p = list, *e;
	size_t n;

	*events = 0;
	for (;;) {
		e = strchr(p, ',');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (n == 5 && strncmp(p, "alert", 5) == 0)
			*events |= EVE_ALERT;
		else if (n == 7 && strncmp(p, "anomaly", 7) == 0)
			*events |= EVE_ANOMALY;
		else if (n == 4 && strncmp(p, "drop", 4) == 0)
			*events |= EVE_DROP;
		else
			return errbuf_fmt(err, errlen, "--eve-events '%s': "
			    "'%.*s' is not alert, anomaly or drop", list,
			    (int)(n < 64 ? n : 64), p);
		if (e == NULL)
			break;
		p = e + 1;
	}
	return 0;
}

/* --- the capture time --------------------------------------------------- */

static int
num(const char *s, size_t n, int *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian, y >= 1). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
eve_parse_time(const char *s, size_t len, struct timeval *tv)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0, usec = 0, dig;
	size_t i;
	int64_t t;

	if (len < 19 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
		return -1;
	if (num(s, 4, &y) < 0 || num(s + 5, 2, &mo) < 0 ||
	    num(s + 8, 2, &d) < 0 || num(s + 11, 2, &h) < 0 ||
	    num(s + 14, 2, &mi) < 0 || num(s + 17, 2, &sec) < 0)
		return -1;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && (y % 4 != 0 ||
	    (y % 100 == 0 && y % 400 != 0))) ||
	    h > 23 || mi > 59 || sec > 60)
		return -1;
	i = 19;
	if (i < len && s[i] == '.') {
		for (i++, dig = 0; i < len && s[i] >= '0' && s[i] <= '9';
		    i++, dig++) {
			if (dig >= 9)
				return -1;
			if (dig < 6)
				usec = usec * 10 + (s[i] - '0');
		}
		if (dig == 0)
			return -1;
		for (; dig < 6; dig++)
			usec *= 10;
	}
	if (i < len && s[i] == 'Z')
		i++;
	else if (i < len && (s[i] == '+' || s[i] == '-')) {
		sign = s[i] == '+' ? 1 : -1;
		i++;
		if (len - i == 4 && num(s + i, 2, &oh) == 0 &&
		    num(s + i + 2, 2, &om) == 0)
			i += 4;
		else if (len - i == 5 && s[i + 2] == ':' &&
		    num(s + i, 2, &oh) == 0 && num(s + i + 3, 2, &om) == 0)
			i += 5;
		else
			return -1;
		if (oh > 14 || om > 59)
			return -1;
	}
	if (i != len)
		return -1;
	t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
	    sign * (oh * 3600 + om * 60);
	if (t < 0)
		return -1;
	tv->tv_sec = (time_t)t;
	tv->tv_usec = usec;
	return 0;
}

/* --- text --------------------------------------------------------------- */

/*
 * Append len bytes of s at dst + n as one line of UTF-8 (control characters
 * become spaces, bytes that are not UTF-8 '?'), whole characters only, up
 * to cap; returns the new length.
 */
static size_t
put_text(char *dst, size_t n, size_t cap, const char *s, size_t len)
{
	return n + text_line(dst + n, cap > n ? cap - n : 0,
	    (const uint8_t *)s, len);
}

/* "HEAD" + text + tail, the text cut so that the whole fits in the buffer. */
static void
set_desc(struct eve_event *ev, const char *head, const char *text,
    size_t tlen, const char *tail)
{
	size_t hl = strlen(head), tl = strlen(tail), n;

	if (hl + tl >= sizeof(ev->desc))
		tl = 0;
	memcpy(ev->desc, head, hl);
	n = put_text(ev->desc, hl, sizeof(ev->desc) - tl, text, tlen);
	memcpy(ev->desc + n, tail, tl);
	ev->desc_len = n + tl;
}

/* --- fields ------------------------------------------------------------- */

/* The member k of o, NULL when absent or null. */
static struct json_object *
member(struct json_object *o, const char *k)
{
	struct json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, k, &v) ||
	    json_object_is_type(v, json_type_null))
		return NULL;
	return v;
}

/* 1 with the string, 0 when absent, -1 when not a string. */
static int
get_str(struct json_object *o, const char *k, const char **s, size_t *len)
{
	struct json_object *v = member(o, k);

	if (v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return -1;
	*s = json_object_get_string(v);
	*len = (size_t)json_object_get_string_len(v);
	return 1;
}

/* 1 with an integer in [0, max], 0 when absent, -1 otherwise. */
static int
get_uint(struct json_object *o, const char *k, uint64_t max, uint64_t *out)
{
	struct json_object *v = member(o, k);
	int64_t i;

	if (v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_int))
		return -1;
	i = json_object_get_int64(v);
	if (i < 0 || (uint64_t)i > max)
		return -1;
	*out = (uint64_t)i;
	return 1;
}

static int
get_bool(struct json_object *o, const char *k, int *b)
{
	struct json_object *v = member(o, k);

	if (v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_boolean))
		return -1;
	*b = json_object_get_boolean(v);
	return 1;
}

/* "proto": a name Suricata writes, or a number (int, or "006"). */
static int
get_proto(struct json_object *o, uint8_t *proto)
{
	static const struct { const char *name; uint8_t p; } names[] = {
		{ "TCP", 6 }, { "UDP", 17 }, { "ICMP", 1 },
		{ "IPV6-ICMP", 58 }, { "ICMPV6", 58 },
	};
	const char *s;
	size_t len, i;
	uint64_t u;
	int rc, v;

	if ((rc = get_uint(o, "proto", 255, &u)) == 1) {
		*proto = (uint8_t)u;
		return 1;
	}
	if ((rc = get_str(o, "proto", &s, &len)) <= 0)
		return rc;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == len &&
		    strncasecmp(s, names[i].name, len) == 0) {
			*proto = names[i].p;
			return 1;
		}
	if (len >= 1 && len <= 3 && num(s, len, &v) == 0 && v <= 255) {
		*proto = (uint8_t)v;
		return 1;
	}
	*proto = 0;			/* a protocol not drawn */
	return 1;
}

static int
get_addr(struct json_object *o, const char *k, uint8_t *family,
    uint8_t addr[16])
{
	char tmp[64];
	const char *s;
	size_t len;
	int rc;

	if ((rc = get_str(o, k, &s, &len)) <= 0)
		return rc;
	if (len >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, tmp, addr) == 1)
		*family = 4;
	else if (inet_pton(AF_INET6, tmp, addr) == 1)
		*family = 6;
	else
		return -1;
	return 1;
}

/*
 * The tuple: 1 when it has two addresses of one family and a protocol, 0
 * when something is missing, -1 when a field is wrong.
 */
static int
get_tuple(struct json_object *o, struct flow_rec *t)
{
	uint8_t sf = 0, df = 0;
	uint64_t u;
	int rs, rd, rp, rc;

	memset(t, 0, sizeof(*t));
	rs = get_addr(o, "src_ip", &sf, t->src);
	rd = get_addr(o, "dest_ip", &df, t->dst);
	rp = get_proto(o, &t->proto);
	if (rs < 0 || rd < 0 || rp < 0)
		return -1;
	if ((rc = get_uint(o, "src_port", 65535, &u)) < 0)
		return -1;
	t->sport = rc ? (uint16_t)u : 0;
	if ((rc = get_uint(o, "dest_port", 65535, &u)) < 0)
		return -1;
	t->dport = rc ? (uint16_t)u : 0;
	if ((rc = get_uint(o, "icmp_type", 255, &u)) < 0)
		return -1;
	t->icmp_type = rc ? (uint8_t)u : 0;
	if ((rc = get_uint(o, "icmp_code", 255, &u)) < 0)
		return -1;
	t->icmp_code = rc ? (uint8_t)u : 0;
	if (rs == 0 || rd == 0 || rp == 0 || sf != df)
		return 0;
	t->family = sf;
	return 1;
}

/* " sid:N gen:N rev:N[ severity:N]" of an alert object; -1 if wrong. */
static int
alert_fields(struct json_object *a, const char **sig, size_t *siglen,
    char *tail, size_t tailsz)
{
	uint64_t sid = 0, gid = 0, rev = 0, sev = 0;
	int rsig, rsid, rgid, rrev, rsev;

	*sig = "";
	*siglen = 0;
	rsig = get_str(a, "signature", sig, siglen);
	rsid = get_uint(a, "signature_id", UINT32_MAX, &sid);
	rgid = get_uint(a, "gid", UINT32_MAX, &gid);
	rrev = get_uint(a, "rev", UINT32_MAX, &rev);
	rsev = get_uint(a, "severity", UINT32_MAX, &sev);
	if (rsig < 0 || rsid < 0 || rgid < 0 || rrev < 0 || rsev < 0)
		return -1;
	if (rsev == 1)
		(void)snprintf(tail, tailsz, " sid:%u gen:%u rev:%u "
		    "severity:%u", (unsigned)sid, (unsigned)gid, (unsigned)rev,
		    (unsigned)sev);
	else
		(void)snprintf(tail, tailsz, " sid:%u gen:%u rev:%u",
		    (unsigned)sid, (unsigned)gid, (unsigned)rev);
	return 0;
}

/* What each kind adds: its object, the TCP flags of a drop, -S's text. */
static int
kind_fields(struct eve_decoder *ed, struct json_object *o,
    struct eve_event *ev)
{
	struct json_object *k, *a;
	char tail[160];
	const char *s, *t, *l;
	size_t slen, tlen, llen;
	uint64_t code = 0;
	int rc, rt, rl, b, i;
	static const struct { const char *name; uint8_t bit; } tcp[] = {
		{ "syn", PK_TH_SYN }, { "fin", PK_TH_FIN }, { "rst", PK_TH_RST },
		{ "ack", PK_TH_ACK }, { "psh", PK_TH_PUSH },
	};

	switch (ev->kind) {
	case EVE_ALERT:
		if ((a = member(o, "alert")) == NULL ||
		    !json_object_is_type(a, json_type_object) ||
		    alert_fields(a, &s, &slen, tail, sizeof(tail)) < 0)
			return -1;
		if (ed->incident)
			set_desc(ev, "Incident:", s, slen, tail);
		return 0;
	case EVE_ANOMALY:
		if ((k = member(o, "anomaly")) == NULL ||
		    !json_object_is_type(k, json_type_object))
			return -1;
		rc = get_str(k, "event", &s, &slen);
		rt = get_str(k, "type", &t, &tlen);
		rl = get_str(k, "layer", &l, &llen);
		if (rc < 0 || rt < 0 || rl < 0 ||
		    get_uint(k, "code", UINT32_MAX, &code) < 0)
			return -1;
		if (!ed->incident)
			return 0;
		tail[0] = '\0';
		if (rt == 1 && rl == 1)
			(void)snprintf(tail, sizeof(tail), " type:%.*s "
			    "layer:%.*s", (int)(tlen < 32 ? tlen : 32), t,
			    (int)(llen < 32 ? llen : 32), l);
		else if (rt == 1)
			(void)snprintf(tail, sizeof(tail), " type:%.*s",
			    (int)(tlen < 32 ? tlen : 32), t);
		/* The tail is text from the event too: cleaned below. */
		if (rc == 1)
			set_desc(ev, "Anomaly:", s, slen, "");
		else {
			char c[32];

			(void)snprintf(c, sizeof(c), "code:%u",
			    (unsigned)code);
			set_desc(ev, "Anomaly:", c, strlen(c), "");
		}
		ev->desc_len = put_text(ev->desc, ev->desc_len,
		    sizeof(ev->desc), tail, strlen(tail));
		return 0;
	case EVE_DROP:
		if ((k = member(o, "drop")) == NULL ||
		    !json_object_is_type(k, json_type_object))
			return -1;
		ev->tuple.has_tcp_flags = 0;
		for (i = 0; i < (int)(sizeof(tcp) / sizeof(tcp[0])); i++) {
			if ((rc = get_bool(k, tcp[i].name, &b)) < 0)
				return -1;
			if (rc == 1) {
				ev->tuple.has_tcp_flags = 1;
				if (b)
					ev->tuple.tcp_flags |= tcp[i].bit;
			}
		}
		if ((rc = get_str(k, "reason", &s, &slen)) < 0)
			return -1;
		if ((a = member(o, "alert")) != NULL) {
			const char *sig;
			size_t siglen;

			if (!json_object_is_type(a, json_type_object) ||
			    alert_fields(a, &sig, &siglen, tail,
			    sizeof(tail)) < 0)
				return -1;
			if (ed->incident)
				set_desc(ev, "Drop:", sig, siglen, tail);
		} else if (ed->incident) {
			if (rc == 1)
				set_desc(ev, "Drop:", s, slen, "");
			else
				set_desc(ev, "Drop:", "dropped", 7, "");
		}
		return 0;
	}
	return -1;
}

/* Strict base64 of at most cap bytes; 0, or -1. */
static int
b64_decode(const char *s, size_t n, uint8_t *out, size_t cap, size_t *outlen)
{
	size_t i, pad = 0;
	int r;

	if (n == 0 || n % 4 != 0 || n / 4 * 3 > cap || n > INT_MAX)
		return -1;
	if (s[n - 1] == '=')
		pad = s[n - 2] == '=' ? 2 : 1;
	for (i = 0; i < n - pad; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '/'))
			return -1;
	r = EVP_DecodeBlock(out, (const unsigned char *)s, (int)n);
	if (r < 0 || (size_t)r < pad)
		return -1;
	*outlen = (size_t)r - pad;
	return 0;
}

/* The packet the event carries, if it decodes; 1, or 0 (tuple then). */
static int
get_packet(struct eve_decoder *ed, struct json_object *o,
    struct eve_event *ev)
{
	struct json_object *pi;
	struct pk_packet pkt;
	const char *s;
	size_t len, n;
	uint64_t lt = PK_DLT_EN10MB;
	int rc;

	if ((rc = get_str(o, "packet", &s, &len)) == 0)
		return 0;
	if (rc < 0 || b64_decode(s, len, ed->pkt, EVE_MAX_PACKET, &n) < 0) {
		ed->c[EV_BAD_PACKET]++;
		return 0;
	}
	if ((pi = member(o, "packet_info")) != NULL &&
	    (!json_object_is_type(pi, json_type_object) ||
	    get_uint(pi, "linktype", INT_MAX, &lt) < 0)) {
		ed->c[EV_BAD_PACKET]++;
		return 0;
	}
	if (!decode_link_supported((int)lt)) {
		ed->c[EV_LINKTYPE]++;
		return 0;
	}
	if (decode_frame((int)lt, ed->pkt, n, &pkt) != PK_OK) {
		ed->c[EV_PACKET_UNDECODED]++;
		return 0;
	}
	ev->linktype = (int)lt;
	ev->pkt = ed->pkt;
	ev->pktlen = n;
	return 1;
}

static int
bad(struct eve_decoder *ed, enum eve_counter which, const char *what)
{
	ed->c[which]++;
	log_limited(&ed->rl_bad, LOG_LVL_WARN, "%s: line skipped: %s",
	    ed->name, what);
	return 0;
}

/* The fields of an event object; 1 to draw, 0 skipped (counted). */
static int
parse_object(struct eve_decoder *ed, struct json_object *o,
    struct eve_event *ev)
{
	const char *s;
	size_t len;
	int rc;

	memset(ev, 0, offsetof(struct eve_event, desc));
	ev->desc_len = 0;
	if (get_str(o, "event_type", &s, &len) != 1)
		return bad(ed, EV_NO_TYPE, "no event_type");
	if (len == 5 && memcmp(s, "alert", 5) == 0)
		ev->kind = EVE_ALERT;
	else if (len == 7 && memcmp(s, "anomaly", 7) == 0)
		ev->kind = EVE_ANOMALY;
	else if (len == 4 && memcmp(s, "drop", 4) == 0)
		ev->kind = EVE_DROP;
	if ((ev->kind & ed->events) == 0) {
		ed->c[EV_NOT_SELECTED]++;	/* flow, http, stats ...: quiet */
		return 0;
	}
	if (get_str(o, "timestamp", &s, &len) != 1 ||
	    eve_parse_time(s, len, &ev->ts) < 0)
		return bad(ed, EV_BAD_TIME, "no timestamp, or a bad one");
	if ((rc = get_tuple(o, &ev->tuple)) < 0)
		return bad(ed, EV_BAD_FIELD, "addresses, ports or proto of "
		    "the wrong type or range");
	ev->tuple_ok = rc;
	if (kind_fields(ed, o, ev) < 0)
		return bad(ed, EV_BAD_FIELD, "the event's object is missing "
		    "or has fields of the wrong type or range");
	if (get_packet(ed, o, ev))
		return 1;
	if (!ev->tuple_ok)
		return bad(ed, EV_BAD_TUPLE, "no packet, and no src_ip, "
		    "dest_ip and proto of one family");
	if (!flow_proto_drawn(ev->tuple.proto)) {
		ed->c[EV_NOT_DRAWN]++;
		return 0;
	}
	ev->payload = member(o, "payload") != NULL;
	return 1;
}

int
eve_parse(struct eve_decoder *ed, const char *line, size_t len,
    struct eve_event *ev)
{
	struct json_object *o;
	enum json_tokener_error je;
	size_t i, end;
	int rc;

	ed->c[EV_LINES]++;
	for (i = 0; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
			break;
	if (i == len) {
		ed->c[EV_BLANK]++;
		return 0;
	}
	if (len > INT_MAX || memchr(line, '\0', len) != NULL)
		return bad(ed, EV_BAD_JSON, "a NUL byte in the line");
	json_tokener_reset(ed->tok);
	o = json_tokener_parse_ex(ed->tok, line, (int)len);
	je = json_tokener_get_error(ed->tok);
	if (je != json_tokener_success) {
		if (o != NULL)
			json_object_put(o);
		return bad(ed, EV_BAD_JSON, je == json_tokener_continue ?
		    "JSON cut short" : json_tokener_error_desc(je));
	}
	end = json_tokener_get_parse_end(ed->tok);
	for (i = end; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
			break;
	if (i < len) {
		json_object_put(o);
		return bad(ed, EV_BAD_JSON, "bytes after the JSON object");
	}
	if (o == NULL || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return bad(ed, EV_NOT_OBJECT, "JSON but not an object");
	}
	rc = parse_object(ed, o, ev);
	json_object_put(o);
	return rc;
}

/* A record from the tuple with -S's description (flow_emit's rules). */
static void
emit_tuple_desc(struct agent *ag, const struct eve_event *ev)
{
	const struct flow_rec *f = &ev->tuple;
	struct pt_rec_out out;
	size_t alen = f->family == 6 ? 16 : 4;

	memset(&out, 0, sizeof(out));
	out.family = f->family;
	memcpy(out.src, f->src, alen);
	memcpy(out.dst, f->dst, alen);
	if (f->proto == PK_IPPROTO_ICMP || f->proto == PK_IPPROTO_ICMPV6) {
		out.sport = (uint16_t)(f->icmp_type * 256u);
		out.dport = (uint16_t)(f->icmp_code * 256u);
	} else {
		out.sport = f->sport;
		out.dport = f->dport;
	}
	out.flag = pk_flag_class(f->family, f->proto, f->has_tcp_flags,
	    f->tcp_flags);
	out.desc = ev->desc;
	out.desc_len = ev->desc_len;
	agent_flow(ag, &out, &ev->ts);
}

void
eve_emit(struct eve_decoder *ed, struct agent *ag, const struct eve_event *ev)
{
	struct frame_meta m;

	ed->c[ev->kind == EVE_ALERT ? EV_ALERTS : ev->kind == EVE_ANOMALY ?
	    EV_ANOMALIES : EV_DROPS]++;
	if (ev->pkt != NULL) {
		ed->c[EV_FROM_PACKET]++;
		memset(&m, 0, sizeof(m));
		m.ts = ev->ts;
		m.mode = DESC_DEFAULT;
		if (ed->incident) {
			m.mode = DESC_REPLACE;
			m.desc = ev->desc;
			m.desc_len = ev->desc_len;
		}
		agent_frame(ag, ev->linktype, ev->pkt, ev->pktlen, &m);
		return;
	}
	ed->c[EV_FROM_TUPLE]++;
	if (ev->payload)
		ed->c[EV_PAYLOAD_ONLY]++;
	if (ed->incident)
		emit_tuple_desc(ag, ev);
	else
		flow_emit(ag, &ev->tuple, "", 0, &ev->ts);
}

void
eve_decode_line(struct eve_decoder *ed, struct agent *ag, const char *line,
    size_t len)
{
	struct eve_event ev;

	if (eve_parse(ed, line, len, &ev))
		eve_emit(ed, ag, &ev);
}

/* --- lines -------------------------------------------------------------- */

void
eve_lines_init(struct eve_lines *lb, size_t max_line, uint64_t *too_long)
{
	memset(lb, 0, sizeof(*lb));
	lb->max_line = max_line;
	lb->size = max_line + 1 + EVE_READ_CHUNK;
	lb->buf = xmalloc(lb->size);
	lb->too_long = too_long;
}

void
eve_lines_free(struct eve_lines *lb)
{
	free(lb->buf);
	lb->buf = NULL;
}

char *
eve_lines_space(struct eve_lines *lb, size_t *avail)
{
	if (lb->off > 0) {
		memmove(lb->buf, lb->buf + lb->off, lb->len - lb->off);
		lb->len -= lb->off;
		lb->scan -= lb->off;
		lb->off = 0;
	}
	/* A partial line never passes max_line (next() drops it). */
	*avail = lb->size - lb->len;
	return lb->buf + lb->len;
}

void
eve_lines_added(struct eve_lines *lb, size_t n)
{
	lb->len += n;
}

int
eve_lines_next(struct eve_lines *lb, const char **line, size_t *len)
{
	char *nl;
	size_t n;

	for (;;) {
		nl = memchr(lb->buf + lb->scan, '\n', lb->len - lb->scan);
		if (nl == NULL) {
			if (lb->skipping) {
				lb->off = lb->scan = lb->len = 0;
				return 0;
			}
			lb->scan = lb->len;
			if (lb->len - lb->off > lb->max_line) {
				/* Too long already: skip it to its end. */
				(*lb->too_long)++;
				lb->skipping = 1;
				lb->off = lb->scan = lb->len = 0;
			}
			return 0;
		}
		n = (size_t)(nl - (lb->buf + lb->off));
		*line = lb->buf + lb->off;
		lb->off = lb->scan = (size_t)(nl - lb->buf) + 1;
		if (lb->skipping) {
			lb->skipping = 0;
			continue;
		}
		if (n > lb->max_line) {
			(*lb->too_long)++;
			continue;
		}
		*len = n;
		return 1;
	}
}

int
eve_lines_reset(struct eve_lines *lb)
{
	int partial = lb->len > lb->off && !lb->skipping;

	lb->off = lb->scan = lb->len = 0;
	lb->skipping = 0;
	return partial;
}

void
eve_lines_skip_partial(struct eve_lines *lb)
{
	lb->skipping = 1;
}
