/*
 * itm.c - InterTrack messages: build the ClientTraceRequest, frame the
 * Decision Point's byte stream, parse its replies safely.
 *
 * Specification: ../shared/intertrack/InterTrackMessage.xsd and
 * ../shared/PROTOCOL.md ("Traceback").  The parts read here:
 *
 *   InterTrackMessage type="ClientMessageIDReply"
 *     ClientMessageIDReply
 *       SourceNode, DestinationNode
 *       TemporarySequenceNumber sec= usec=     (echoes the request's)
 *       MessageID / Origin, SequenceNumber sec= usec=
 *
 *   InterTrackMessage type="ClientTraceReply"
 *     ClientTraceReply Export_type=
 *       SourceNode, DestinationNode
 *       MessageID / Origin, SequenceNumber
 *       AllResultExport | InterASResultExport   (| IntraASResultExport)
 *         ITMTraceRequest ...
 *         ITMTraceReply
 *           SourceNode, MessageID, [Translated]
 *           InterASTraceResult degree=
 *             AS depth= degree= state=found|notfound|error|reached
 *               NodeID idtype= / ITMID / ASNumber   (or IPAddress, FQDN ...)
 *               ASStatus type=Source|Transit|...
 *               [ErrorCode errortype=]
 *             ... or one ErrorCode errortype= / ErrorMessage
 */
#include "config.h"

#include "itm.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "errbuf.h"
#include "log.h"

#define ROOT		"InterTrackMessage"
#define ROOT_LEN	(sizeof(ROOT) - 1)

/* libxml2 prints its errors by default; the caller reads ours instead. */
static void
quiet_structured(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

static void
quiet_generic(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

void
itm_init(void)
{
	LIBXML_TEST_VERSION
	xmlInitParser();
	xmlSetStructuredErrorFunc(NULL, quiet_structured);
	xmlSetGenericErrorFunc(NULL, quiet_generic);
}

const char *
itm_state_name(enum itm_state s)
{
	switch (s) {
	case ITM_ST_FOUND:	return "found";
	case ITM_ST_NOTFOUND:	return "notfound";
	case ITM_ST_ERROR:	return "error";
	case ITM_ST_REACHED:	return "reached";
	default:		return "none";
	}
}

const char *
itm_verdict_name(enum itm_verdict v)
{
	switch (v) {
	case ITM_V_FOUND:	return "found";
	case ITM_V_NOTFOUND:	return "not found";
	case ITM_V_ERROR:	return "error";
	default:		return "none";
	}
}

/* --- building ------------------------------------------------------------ */

static int
in4(const uint8_t *a, uint32_t net, unsigned bits)
{
	uint32_t v = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
	    (uint32_t)a[2] << 8 | a[3];
	uint32_t mask = bits == 0 ? 0 : 0xffffffffu << (32 - bits);

	return (v & mask) == net;
}

const char *
itm_block(const struct itm_addr *a)
{
	static const uint8_t lo6[16] = { [15] = 1 };
	static const uint8_t any6[16];
	const uint8_t *p = a->addr;

	if (a->family == AF_INET) {
		if (in4(p, 0x7f000000u, 8))
			return "loopback";
		if (in4(p, 0x00000000u, 8))
			return "thisnetwork";
		if (in4(p, 0x0a000000u, 8) || in4(p, 0xac100000u, 12) ||
		    in4(p, 0xc0a80000u, 16))
			return "private";
		if (in4(p, 0xa9fe0000u, 16))
			return "linklocal";
		if (in4(p, 0xc0000200u, 24) || in4(p, 0xc6336400u, 24) ||
		    in4(p, 0xcb007100u, 24))
			return "test-net";
		if (in4(p, 0xc6120000u, 15))
			return "benchmark";
		if (in4(p, 0xc0586300u, 24))
			return "6to4relay";
		if (in4(p, 0xe0000000u, 4))
			return "multicast";
		if (in4(p, 0xf0000000u, 4))
			return "reserved";
		return "global";
	}
	if (memcmp(p, lo6, 16) == 0)
		return "loopback";
	if (memcmp(p, any6, 16) == 0)
		return "thisnetwork";
	if (p[0] == 0xff)
		return "multicast";
	if (p[0] == 0xfe && (p[1] & 0xc0) == 0x80)
		return "linklocal";
	if ((p[0] & 0xfe) == 0xfc)
		return "uniquelocal";
	if (p[0] == 0x20 && p[1] == 0x02)
		return "6to4";
	if (p[0] == 0x20 && p[1] == 0x01 && p[2] == 0x0d && p[3] == 0xb8)
		return "test-net";
	if (p[0] == 0x3f && p[1] == 0xfe)
		return "6bone";
	return "global";
}

/* NodeID idtype="IP" / IPAddress version= block= mask= */
static int
add_node(xmlNodePtr parent, const char *name, const struct itm_addr *a,
    char *err, size_t errlen)
{
	char text[INET6_ADDRSTRLEN];
	xmlNodePtr n, id, ip;

	if ((a->family != AF_INET && a->family != AF_INET6) ||
	    inet_ntop(a->family, a->addr, text, sizeof(text)) == NULL)
		return errbuf_fmt(err, errlen, "%s: not an IPv4 or IPv6 address",
		    name);
	n = xmlNewChild(parent, NULL, BAD_CAST name, NULL);
	id = xmlNewChild(n, NULL, BAD_CAST "NodeID", NULL);
	xmlSetProp(id, BAD_CAST "idtype", BAD_CAST "IP");
	ip = xmlNewTextChild(id, NULL, BAD_CAST "IPAddress", BAD_CAST text);
	xmlSetProp(ip, BAD_CAST "version",
	    BAD_CAST (a->family == AF_INET ? "4" : "6"));
	xmlSetProp(ip, BAD_CAST "block", BAD_CAST itm_block(a));
	xmlSetProp(ip, BAD_CAST "mask",
	    BAD_CAST (a->family == AF_INET ? "32" : "128"));
	return 0;
}

static int
is_md5_hex(const char *s)
{
	size_t i;

	for (i = 0; i < 32; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[32] == '\0';
}

int
itm_build_request(const struct itm_request *rq, char **out, size_t *outlen,
    char *err, size_t errlen)
{
	char num[16];
	xmlDocPtr doc;
	xmlNodePtr root, ctr, n;
	xmlChar *mem = NULL;
	int size = 0, rc = -1;

	*out = NULL;
	*outlen = 0;
	if (rq->ttl > ITM_MAX_TTL)
		return errbuf_fmt(err, errlen, "TTL %u is over %d", rq->ttl,
		    ITM_MAX_TTL);
	if (rq->seq.usec > 999999)
		return errbuf_fmt(err, errlen, "sequence usec %u out of range",
		    rq->seq.usec);
	if (!is_md5_hex(rq->md5))
		return errbuf_fmt(err, errlen, "the hash is not 32 lowercase hex "
		    "characters");

	doc = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewDocNode(doc, NULL, BAD_CAST ROOT, NULL);
	xmlDocSetRootElement(doc, root);
	xmlSetProp(root, BAD_CAST "type", BAD_CAST "ClientTraceRequest");
	ctr = xmlNewChild(root, NULL, BAD_CAST "ClientTraceRequest", NULL);
	if (add_node(ctr, "DestinationNode", &rq->dp, err, errlen) < 0 ||
	    add_node(ctr, "SourceNode", &rq->self, err, errlen) < 0)
		goto out;

	n = xmlNewChild(ctr, NULL, BAD_CAST "TemporarySequenceNumber", NULL);
	snprintf(num, sizeof(num), "%lu", (unsigned long)rq->seq.sec);
	xmlSetProp(n, BAD_CAST "sec", BAD_CAST num);
	snprintf(num, sizeof(num), "%lu", (unsigned long)rq->seq.usec);
	xmlSetProp(n, BAD_CAST "usec", BAD_CAST num);

	snprintf(num, sizeof(num), "%u", rq->ttl);
	xmlNewTextChild(ctr, NULL, BAD_CAST "TTL", BAD_CAST num);

	n = xmlNewTextChild(ctr, NULL, BAD_CAST "PacketDump",
	    BAD_CAST rq->md5);
	xmlSetProp(n, BAD_CAST "encodetype", BAD_CAST "md5");
	xmlSetProp(n, BAD_CAST "header", BAD_CAST "ip");
	xmlSetProp(n, BAD_CAST "iftype", BAD_CAST "1");
	xmlSetProp(n, BAD_CAST "PayloadLength", BAD_CAST "32");

	n = xmlNewChild(ctr, NULL, BAD_CAST "Options", NULL);
	n = xmlNewTextChild(n, NULL, BAD_CAST "Option", BAD_CAST "PACKTER");
	xmlSetProp(n, BAD_CAST "type", BAD_CAST "type");

	xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
	if (mem == NULL || size <= 0) {
		errbuf_fmt(err, errlen, "libxml2 could not write the document");
		goto out;
	}
	*out = xmalloc((size_t)size + 1);
	memcpy(*out, mem, (size_t)size);
	(*out)[size] = '\0';
	*outlen = (size_t)size;
	rc = 0;
out:
	if (mem != NULL)
		xmlFree(mem);
	xmlFreeDoc(doc);
	return rc;
}

/* --- framing ------------------------------------------------------------- */

static const char *
find(const char *hay, size_t len, const char *needle)
{
	return memmem(hay, len, needle, strlen(needle));
}

static int
is_sep(unsigned char c)
{
	return c == '\0' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int
itm_frame(const char *buf, size_t len, int eof, size_t max, size_t *start,
    size_t *doclen, size_t *used, char *err, size_t errlen)
{
	const char *root, *p, *end = NULL;
	size_t i = 0, j;
	char quote = 0;

	while (i < len && is_sep((unsigned char)buf[i]))
		i++;
	*used = i;
	*start = i;
	*doclen = 0;
	if (i == len)
		return 0;
	if (buf[i] != '<')
		return errbuf_fmt(err, errlen, "the stream does not start an XML "
		    "document (byte 0x%02x)", (unsigned char)buf[i]);

	/* The root's start tag: "<InterTrackMessage" then space, > or /. */
	for (p = buf + i; ; p = root + 1) {
		root = find(p, len - (size_t)(p - buf), "<" ROOT);
		if (root == NULL || (size_t)(root - buf) + 1 + ROOT_LEN >= len)
			goto incomplete;
		j = (size_t)(root - buf) + 1 + ROOT_LEN;
		if (is_sep((unsigned char)buf[j]) || buf[j] == '>' ||
		    buf[j] == '/')
			break;
	}
	/* Its end, honouring quoted attribute values. */
	for (; j < len; j++) {
		if (quote) {
			if (buf[j] == quote)
				quote = 0;
		} else if (buf[j] == '"' || buf[j] == '\'')
			quote = buf[j];
		else if (buf[j] == '>')
			break;
	}
	if (j == len)
		goto incomplete;
	if (buf[j - 1] == '/')
		end = buf + j + 1;
	else {
		for (p = buf + j + 1; ; p = root + 1) {
			root = find(p, len - (size_t)(p - buf), "</" ROOT);
			if (root == NULL)
				goto incomplete;
			j = (size_t)(root - buf) + 2 + ROOT_LEN;
			while (j < len && is_sep((unsigned char)buf[j]))
				j++;
			if (j == len)
				goto incomplete;
			if (buf[j] == '>') {
				end = buf + j + 1;
				break;
			}
		}
	}
	if ((size_t)(end - buf) - i > max)
		return errbuf_fmt(err, errlen, "a document of %zu bytes is over the "
		    "limit of %zu", (size_t)(end - buf) - i, max);
	*doclen = (size_t)(end - buf) - i;
	*used = (size_t)(end - buf);
	return 1;

incomplete:
	if (len - i > max)
		return errbuf_fmt(err, errlen, "over %zu bytes without a complete "
		    "document", max);
	if (eof)
		return errbuf_fmt(err, errlen, "the stream ended inside a document "
		    "(%zu bytes)", len - i);
	return 0;
}

/* --- parsing ------------------------------------------------------------- */

struct itm_reply *
itm_reply_new(void)
{
	struct itm_reply *r = xcalloc(1, sizeof(*r));

	r->hops = xcalloc(ITM_MAX_HOPS, sizeof(*r->hops));
	return r;
}

void
itm_reply_free(struct itm_reply *r)
{
	if (r == NULL)
		return;
	free(r->hops);
	free(r);
}

static void
reply_reset(struct itm_reply *r)
{
	struct itm_hop *hops = r->hops;

	memset(r, 0, sizeof(*r));
	r->hops = hops;
}

/*
 * Markup declarations (<!DOCTYPE, <!ENTITY, <!ELEMENT ...) are refused
 * outright: a reply has no use for them, and they are how entity expansion
 * and external entities get in.  Comments and CDATA sections are fine.
 */
static int
has_declaration(const char *doc, size_t len)
{
	const char *p = doc, *end = doc + len;

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if ((size_t)(end - p) < 2) {
			return 0;
		}
		if (p[1] == '!') {
			if ((size_t)(end - p) >= 4 && memcmp(p, "<!--", 4) == 0)
				p += 4;
			else if ((size_t)(end - p) >= 9 &&
			    memcmp(p, "<![CDATA[", 9) == 0) {
				/* skip to the section's end: its text may hold "<!" */
				const char *c = find(p, (size_t)(end - p), "]]>");

				if (c == NULL)
					return 0;	/* the parser will refuse it */
				p = c + 3;
			} else
				return 1;
		} else
			p++;
	}
	return 0;
}

static int
is_el(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr
first_el(xmlNodePtr parent)
{
	xmlNodePtr n;

	for (n = parent != NULL ? parent->children : NULL; n != NULL;
	    n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return n;
	return NULL;
}

static xmlNodePtr
child(xmlNodePtr parent, const char *name)
{
	xmlNodePtr n;

	for (n = parent != NULL ? parent->children : NULL; n != NULL;
	    n = n->next)
		if (is_el(n, name))
			return n;
	return NULL;
}

/*
 * Text from the DP, made safe for logs and for the viewer's HTML and
 * voice: white space collapsed, characters outside a small set replaced by
 * '?', cut to size.  Returns the length.
 */
static size_t
sanitise(char *dst, size_t cap, const char *src)
{
	size_t n = 0;
	int space = 0;

	if (cap == 0)
		return 0;
	for (; src != NULL && *src != '\0' && n + 1 < cap; src++) {
		unsigned char c = (unsigned char)*src;

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			space = n > 0;
			continue;
		}
		if (space && n + 2 < cap)
			dst[n++] = ' ';
		space = 0;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr(".:_/()@+-", c) != NULL)
			dst[n++] = (char)c;
		else
			dst[n++] = '?';
	}
	dst[n] = '\0';
	return n;
}

/* An attribute, sanitised into buf; -1 if it is absent. */
static int
attr(xmlNodePtr n, const char *name, char *buf, size_t cap)
{
	xmlChar *v;

	if (n == NULL || (v = xmlGetNoNsProp(n, BAD_CAST name)) == NULL) {
		if (cap > 0)
			buf[0] = '\0';
		return -1;
	}
	sanitise(buf, cap, (const char *)v);
	xmlFree(v);
	return 0;
}

/* An XSD unsigned integer (white space around it collapses) up to max. */
static int
parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	int digits = 0;

	while (*s == ' ')
		s++;
	if (*s == '+')
		s++;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (max - (uint64_t)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
		digits++;
	}
	while (*s == ' ')
		s++;
	if (digits == 0 || *s != '\0')
		return -1;
	*out = v;
	return 0;
}

static int
uint_attr(xmlNodePtr n, const char *name, uint64_t max, uint64_t *out)
{
	char buf[32];

	if (attr(n, name, buf, sizeof(buf)) < 0)
		return -1;
	return parse_uint(buf, max, out);
}

static int
uint_text(xmlNodePtr n, uint64_t max, uint64_t *out)
{
	xmlChar *v;
	char buf[32];

	if (n == NULL || (v = xmlNodeGetContent(n)) == NULL)
		return -1;
	sanitise(buf, sizeof(buf), (const char *)v);
	xmlFree(v);
	return parse_uint(buf, max, out);
}

static int
get_seq(xmlNodePtr n, struct itm_seq *s)
{
	uint64_t sec, usec;

	if (n == NULL || uint_attr(n, "sec", 4294967295u, &sec) < 0 ||
	    uint_attr(n, "usec", 999999, &usec) < 0)
		return -1;
	s->sec = (uint32_t)sec;
	s->usec = (uint32_t)usec;
	return 0;
}

static enum itm_state
state_of(const char *s)
{
	if (strcmp(s, "found") == 0)
		return ITM_ST_FOUND;
	if (strcmp(s, "notfound") == 0)
		return ITM_ST_NOTFOUND;
	if (strcmp(s, "error") == 0)
		return ITM_ST_ERROR;
	if (strcmp(s, "reached") == 0)
		return ITM_ST_REACHED;
	return ITM_ST_NONE;
}

static int
parse_hop(xmlNodePtr as, struct itm_hop *h, char *err, size_t errlen)
{
	char buf[ITM_NAME_LEN];
	xmlNodePtr id, form, ec;
	uint64_t v;
	xmlChar *text;

	memset(h, 0, sizeof(*h));
	if (uint_attr(as, "depth", ITM_MAX_TTL, &v) < 0)
		return errbuf_fmt(err, errlen, "an AS without a depth from 0 to %d",
		    ITM_MAX_TTL);
	h->depth = (unsigned)v;
	attr(as, "state", buf, sizeof(buf));
	if ((h->state = state_of(buf)) == ITM_ST_NONE)
		return errbuf_fmt(err, errlen, "an AS (depth %u) without a state",
		    h->depth);
	if ((id = child(as, "NodeID")) == NULL)
		return errbuf_fmt(err, errlen, "an AS (depth %u) without a NodeID",
		    h->depth);
	form = first_el(id);
	if (is_el(form, "ITMID")) {
		if (uint_text(child(form, "ASNumber"), 4294967295u, &v) < 0 ||
		    v == 0)
			return errbuf_fmt(err, errlen, "an AS (depth %u) whose ITMID "
			    "has no AS number", h->depth);
		h->asn = (uint32_t)v;
	} else if (form != NULL) {
		text = xmlNodeGetContent(form);
		sanitise(h->node, sizeof(h->node), (const char *)text);
		if (text != NULL)
			xmlFree(text);
	}
	if (h->asn == 0 && h->node[0] == '\0')
		return errbuf_fmt(err, errlen, "an AS (depth %u) with an empty NodeID",
		    h->depth);
	attr(child(as, "ASStatus"), "type", h->status, sizeof(h->status));
	if ((ec = child(as, "ErrorCode")) != NULL)
		attr(ec, "errortype", h->error, sizeof(h->error));
	return 0;
}

static void
sort_hops(struct itm_reply *r)
{
	struct itm_hop t;
	unsigned i, j;

	for (i = 1; i < r->nhops; i++) {
		t = r->hops[i];
		for (j = i; j > 0 && r->hops[j - 1].depth > t.depth; j--)
			r->hops[j] = r->hops[j - 1];
		r->hops[j] = t;
	}
}

static int
parse_trace_reply(xmlNodePtr ctr, struct itm_reply *r, char *err,
    size_t errlen)
{
	xmlNodePtr ex, itr, res, n, ec;
	char etype[ITM_NAME_LEN], emsg[ITM_REASON_LEN / 2];
	xmlChar *text;
	unsigned i, errors = 0;
	int found = 0;

	if (get_seq(child(child(ctr, "MessageID"), "SequenceNumber"),
	    &r->msgid) == 0)
		r->has_msgid = 1;
	if ((ex = child(ctr, "AllResultExport")) == NULL &&
	    (ex = child(ctr, "InterASResultExport")) == NULL) {
		if (child(ctr, "IntraASResultExport") != NULL) {
			r->verdict = ITM_V_ERROR;
			(void)errbuf_fmt(r->reason, sizeof(r->reason), "the reply holds an intra-AS result only");
			return 0;
		}
		return errbuf_fmt(err, errlen, "a ClientTraceReply without a result "
		    "export");
	}
	if ((itr = child(ex, "ITMTraceReply")) == NULL ||
	    (res = child(itr, "InterASTraceResult")) == NULL)
		return errbuf_fmt(err, errlen, "a ClientTraceReply without "
		    "ITMTraceReply/InterASTraceResult");

	if ((ec = child(res, "ErrorCode")) != NULL) {
		if (attr(ec, "errortype", etype, sizeof(etype)) < 0)
			snprintf(etype, sizeof(etype), "unknown");
		emsg[0] = '\0';
		if ((n = child(ec, "ErrorMessage")) != NULL &&
		    (text = xmlNodeGetContent(n)) != NULL) {
			sanitise(emsg, sizeof(emsg), (const char *)text);
			xmlFree(text);
		}
		r->verdict = ITM_V_ERROR;
		(void)errbuf_fmt(r->reason, sizeof(r->reason), "the DP reported %s%s%s", etype,
		    emsg[0] != '\0' ? ": " : "", emsg);
		return 0;
	}

	for (n = res->children; n != NULL; n = n->next) {
		if (!is_el(n, "AS"))
			continue;
		if (r->nhops == ITM_MAX_HOPS) {
			r->hops_dropped++;
			continue;
		}
		if (parse_hop(n, &r->hops[r->nhops], err, errlen) < 0)
			return -1;
		r->nhops++;
	}
	if (r->nhops == 0 && r->hops_dropped == 0)
		return errbuf_fmt(err, errlen, "an InterASTraceResult with neither "
		    "AS nor ErrorCode");
	sort_hops(r);
	for (i = 0; i < r->nhops; i++) {
		if (r->hops[i].state == ITM_ST_FOUND ||
		    r->hops[i].state == ITM_ST_REACHED)
			found = 1;
		else if (r->hops[i].state == ITM_ST_ERROR)
			errors++;
	}
	if (found)
		r->verdict = ITM_V_FOUND;
	else if (errors > 0) {
		r->verdict = ITM_V_ERROR;
		for (i = 0; i < r->nhops; i++)
			if (r->hops[i].state == ITM_ST_ERROR)
				break;
		if (r->hops[i].asn != 0)
			(void)errbuf_fmt(r->reason, sizeof(r->reason), "AS%lu (depth %u) reported an error%s%s",
			    (unsigned long)r->hops[i].asn, r->hops[i].depth,
			    r->hops[i].error[0] != '\0' ? ": " : "",
			    r->hops[i].error);
		else
			(void)errbuf_fmt(r->reason, sizeof(r->reason), "%s (depth %u) reported an error%s%s",
			    r->hops[i].node, r->hops[i].depth,
			    r->hops[i].error[0] != '\0' ? ": " : "",
			    r->hops[i].error);
	} else {
		r->verdict = ITM_V_NOTFOUND;
		(void)errbuf_fmt(r->reason, sizeof(r->reason), "no AS saw the packet (%u asked)", r->nhops);
	}
	return 0;
}

/* Parse without network, entities, DTDs or huge-document relaxations. */
#define ITM_PARSE_OPTS	(XML_PARSE_NONET | XML_PARSE_NOERROR | \
	XML_PARSE_NOWARNING | XML_PARSE_NOCDATA)

static xmlDocPtr
safe_read(const char *buf, size_t len, char *err, size_t errlen)
{
	xmlParserCtxtPtr ctxt;
	xmlErrorPtr e;
	xmlDocPtr doc;
	size_t n;

	if (len > ITM_MAX_DOC) {
		errbuf_fmt(err, errlen, "a document of %zu bytes is over the limit "
		    "of %d", len, ITM_MAX_DOC);
		return NULL;
	}
	if (has_declaration(buf, len)) {
		errbuf_fmt(err, errlen, "a document with a DOCTYPE or other markup "
		    "declaration is refused");
		return NULL;
	}
	if ((ctxt = xmlNewParserCtxt()) == NULL)
		fatal(1, "out of memory creating an XML parser");
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, "dp-reply.xml", NULL,
	    ITM_PARSE_OPTS);
	if (doc == NULL) {
		e = xmlCtxtGetLastError(ctxt);
		errbuf_fmt(err, errlen, "not well-formed XML: %s",
		    e != NULL && e->message != NULL ? e->message : "?");
		if (err != NULL && (n = strlen(err)) > 0 && err[n - 1] == '\n')
			err[n - 1] = '\0';
	} else if (doc->intSubset != NULL || doc->extSubset != NULL) {
		/* has_declaration() should have seen it; belt and braces. */
		errbuf_fmt(err, errlen, "a document with a DTD is refused");
		xmlFreeDoc(doc);
		doc = NULL;
	}
	xmlFreeParserCtxt(ctxt);
	return doc;
}

int
itm_parse_reply(const char *buf, size_t len, struct itm_reply *r, char *err,
    size_t errlen)
{
	xmlDocPtr doc;
	xmlNodePtr root, msg;
	int rc = -1;

	reply_reset(r);
	if ((doc = safe_read(buf, len, err, errlen)) == NULL)
		return -1;
	root = xmlDocGetRootElement(doc);
	if (!is_el(root, ROOT)) {
		errbuf_fmt(err, errlen, "the root element is not %s", ROOT);
		goto out;
	}
	if (attr(root, "type", r->type, sizeof(r->type)) < 0) {
		errbuf_fmt(err, errlen, "%s without a type attribute", ROOT);
		goto out;
	}
	msg = first_el(root);
	if (msg != NULL && strcmp((const char *)msg->name, r->type) != 0) {
		errbuf_fmt(err, errlen, "type=\"%s\" but the message is %.40s",
		    r->type, (const char *)msg->name);
		goto out;
	}

	if (strcmp(r->type, "ClientMessageIDReply") == 0) {
		r->kind = ITM_MSG_ID_REPLY;
		if (get_seq(child(msg, "TemporarySequenceNumber"),
		    &r->tmpseq) < 0) {
			errbuf_fmt(err, errlen, "a ClientMessageIDReply without a "
			    "valid TemporarySequenceNumber");
			goto out;
		}
		r->has_tmpseq = 1;
		if (get_seq(child(child(msg, "MessageID"), "SequenceNumber"),
		    &r->msgid) < 0) {
			errbuf_fmt(err, errlen, "a ClientMessageIDReply without a "
			    "valid MessageID");
			goto out;
		}
		r->has_msgid = 1;
	} else if (strcmp(r->type, "ClientTraceReply") == 0) {
		r->kind = ITM_MSG_TRACE_REPLY;
		if (msg == NULL) {
			errbuf_fmt(err, errlen, "an empty ClientTraceReply");
			goto out;
		}
		if (parse_trace_reply(msg, r, err, errlen) < 0)
			goto out;
	} else
		r->kind = ITM_MSG_OTHER;
	rc = 0;
out:
	xmlFreeDoc(doc);
	return rc;
}

/* --- schema -------------------------------------------------------------- */

struct itm_schema {
	xmlSchemaPtr	 schema;
	xmlSchemaValidCtxtPtr vctxt;
	char		 first[ITM_ERRBUF_SIZE];
};

static void
schema_error(void *ctx, xmlErrorPtr e)
{
	struct itm_schema *s = ctx;
	size_t n;

	if (s == NULL || s->first[0] != '\0' || e == NULL)
		return;
	snprintf(s->first, sizeof(s->first), "line %d: %s", e->line,
	    e->message != NULL ? e->message : "?");
	n = strlen(s->first);
	if (n > 0 && s->first[n - 1] == '\n')
		s->first[n - 1] = '\0';
}

struct itm_schema *
itm_schema_load(const char *path, char *err, size_t errlen)
{
	struct itm_schema *s = xcalloc(1, sizeof(*s));
	xmlSchemaParserCtxtPtr pctxt;

	if ((pctxt = xmlSchemaNewParserCtxt(path)) == NULL) {
		errbuf_fmt(err, errlen, "%s: cannot read the schema", path);
		free(s);
		return NULL;
	}
	xmlSchemaSetParserStructuredErrors(pctxt, schema_error, s);
	s->schema = xmlSchemaParse(pctxt);
	xmlSchemaFreeParserCtxt(pctxt);
	if (s->schema == NULL) {
		errbuf_fmt(err, errlen, "%s: not a usable XML schema (%s)", path,
		    s->first[0] != '\0' ? s->first : "?");
		free(s);
		return NULL;
	}
	if ((s->vctxt = xmlSchemaNewValidCtxt(s->schema)) == NULL)
		fatal(1, "out of memory creating a schema validator");
	xmlSchemaSetValidStructuredErrors(s->vctxt, schema_error, s);
	return s;
}

int
itm_schema_check(struct itm_schema *s, const char *buf, size_t len,
    char *err, size_t errlen)
{
	xmlDocPtr doc;
	int rc;

	if ((doc = safe_read(buf, len, err, errlen)) == NULL)
		return -1;
	s->first[0] = '\0';
	rc = xmlSchemaValidateDoc(s->vctxt, doc);
	xmlFreeDoc(doc);
	if (rc != 0)
		return errbuf_fmt(err, errlen, "not valid against the schema: %s",
		    s->first[0] != '\0' ? s->first : "?");
	return 0;
}

void
itm_schema_free(struct itm_schema *s)
{
	if (s == NULL)
		return;
	xmlSchemaFreeValidCtxt(s->vctxt);
	xmlSchemaFree(s->schema);
	free(s);
}
