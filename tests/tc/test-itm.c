/*
 * test-itm.c - unit tests of the bridge's pure parts: the ClientTraceRequest
 * builder (checked against InterTrackMessage.xsd when it can be found), the
 * framing of the DP's stream, the safe parsing of replies (hostile ones
 * included), the viewer's request lines, and the messages to the viewer.
 */
#include "config.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "input.h"
#include "itm.h"
#include "notify.h"
#include "protocol.h"
#include "test.h"

static struct itm_schema *schema;

static const char *
xsd_path(void)
{
	static char buf[4096];
	const char *env = getenv("PACKTER_ITM_XSD"), *top;

	if (env != NULL && access(env, R_OK) == 0)
		return env;
	top = getenv("top_srcdir");
	snprintf(buf, sizeof(buf), "%s/tests/data/intertrack/"
	    "InterTrackMessage.xsd", top != NULL ? top : ".");
	if (access(buf, R_OK) == 0)
		return buf;
	return NULL;
}

static void
mkaddr(struct itm_addr *a, const char *text)
{
	memset(a, 0, sizeof(*a));
	a->family = strchr(text, ':') != NULL ? AF_INET6 : AF_INET;
	inet_pton(a->family, text, a->addr);
}

/* The text of the first element called name, or NULL. */
static char *
find_text(xmlNodePtr n, const char *name)
{
	xmlNodePtr c;
	char *r;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, name) == 0)
			return (char *)xmlNodeGetContent(n);
		for (c = n->children; c != NULL; c = c->next)
			if ((r = find_text(c, name)) != NULL)
				return r;
	}
	return NULL;
}

static xmlNodePtr
find_el(xmlNodePtr n, const char *name)
{
	xmlNodePtr r;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, name) == 0)
			return n;
		if ((r = find_el(n->children, name)) != NULL)
			return r;
	}
	return NULL;
}

static int
prop_is(xmlNodePtr n, const char *name, const char *want)
{
	xmlChar *v;
	int ok;

	if (n == NULL || (v = xmlGetProp(n, BAD_CAST name)) == NULL)
		return 0;
	ok = strcmp((const char *)v, want) == 0;
	xmlFree(v);
	return ok;
}

static const char md5[] = "0123456789abcdef0123456789abcdef";

TEST(request_v4)
{
	struct itm_request rq;
	char *doc, err[ITM_ERRBUF_SIZE], *t;
	size_t len;
	xmlDocPtr d;
	xmlNodePtr root, n;

	memset(&rq, 0, sizeof(rq));
	mkaddr(&rq.dp, "127.0.0.1");
	mkaddr(&rq.self, "10.1.2.3");
	rq.seq.sec = 1343208049;
	rq.seq.usec = 320831;
	rq.ttl = 16;
	memcpy(rq.md5, md5, 33);
	CHECK(itm_build_request(&rq, &doc, &len, err, sizeof(err)) == 0);
	CHECK(len == strlen(doc));
	CHECK(strncmp(doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 38)
	    == 0);
	CHECK(doc[len - 1] == '\n');
	if (schema != NULL) {
		char *ttl;

		err[0] = '\0';
		CHECK(itm_schema_check(schema, doc, len, err, sizeof(err)) == 0);
		if (err[0] != '\0')
			printf("# %s\n", err);
		/* The check has teeth: a TTL over 64 is not valid. */
		ttl = strstr(doc, "<TTL>16</TTL>");
		CHECK(ttl != NULL);
		if (ttl != NULL) {
			memcpy(ttl + 5, "99", 2);
			CHECK(itm_schema_check(schema, doc, len, err,
			    sizeof(err)) < 0);
			CHECK(strstr(err, "TTL") != NULL);
			memcpy(ttl + 5, "16", 2);
		}
	}
	d = xmlReadMemory(doc, (int)len, NULL, NULL, XML_PARSE_NONET);
	CHECK(d != NULL);
	if (d == NULL)
		return;
	root = xmlDocGetRootElement(d);
	CHECK(prop_is(root, "type", "ClientTraceRequest"));
	n = find_el(root, "DestinationNode");
	CHECK((t = find_text(n, "IPAddress")) != NULL &&
	    strcmp(t, "127.0.0.1") == 0);
	xmlFree(t);
	n = find_el(n, "IPAddress");
	CHECK(prop_is(n, "version", "4") && prop_is(n, "block", "loopback") &&
	    prop_is(n, "mask", "32"));
	n = find_el(root, "SourceNode");
	CHECK((t = find_text(n, "IPAddress")) != NULL &&
	    strcmp(t, "10.1.2.3") == 0);
	xmlFree(t);
	CHECK(prop_is(find_el(n, "IPAddress"), "block", "private"));
	n = find_el(root, "TemporarySequenceNumber");
	CHECK(prop_is(n, "sec", "1343208049") && prop_is(n, "usec", "320831"));
	CHECK((t = find_text(root, "TTL")) != NULL && strcmp(t, "16") == 0);
	xmlFree(t);
	n = find_el(root, "PacketDump");
	CHECK(prop_is(n, "encodetype", "md5") && prop_is(n, "header", "ip") &&
	    prop_is(n, "iftype", "1") && prop_is(n, "PayloadLength", "32"));
	CHECK((t = find_text(root, "PacketDump")) != NULL &&
	    strcmp(t, md5) == 0);
	xmlFree(t);
	n = find_el(root, "Option");
	CHECK(prop_is(n, "type", "type"));
	CHECK((t = find_text(root, "Option")) != NULL &&
	    strcmp(t, "PACKTER") == 0);
	xmlFree(t);
	xmlFreeDoc(d);
	free(doc);
}

TEST(request_v6)
{
	struct itm_request rq;
	char *doc, err[ITM_ERRBUF_SIZE];
	size_t len;

	memset(&rq, 0, sizeof(rq));
	mkaddr(&rq.dp, "2001:db8::1");
	mkaddr(&rq.self, "::1");
	rq.seq.sec = 1;
	rq.seq.usec = 999999;
	rq.ttl = 64;
	memcpy(rq.md5, md5, 33);
	CHECK(itm_build_request(&rq, &doc, &len, err, sizeof(err)) == 0);
	CHECK(strstr(doc, "<IPAddress version=\"6\" block=\"test-net\" "
	    "mask=\"128\">2001:db8::1</IPAddress>") != NULL);
	CHECK(strstr(doc, "<IPAddress version=\"6\" block=\"loopback\" "
	    "mask=\"128\">::1</IPAddress>") != NULL);
	CHECK(strstr(doc, "<TTL>64</TTL>") != NULL);
	if (schema != NULL)
		CHECK(itm_schema_check(schema, doc, len, err, sizeof(err)) == 0);
	free(doc);

	rq.ttl = 65;
	CHECK(itm_build_request(&rq, &doc, &len, err, sizeof(err)) < 0);
	CHECK(doc == NULL);
	rq.ttl = 16;
	rq.md5[0] = 'A';
	CHECK(itm_build_request(&rq, &doc, &len, err, sizeof(err)) < 0);
}

TEST(blocks)
{
	static const struct {
		const char *a, *block;
	} t[] = {
		{ "127.0.0.1", "loopback" }, { "10.0.0.1", "private" },
		{ "172.31.255.255", "private" }, { "172.32.0.1", "global" },
		{ "192.168.1.1", "private" }, { "169.254.1.1", "linklocal" },
		{ "192.0.2.7", "test-net" }, { "198.18.0.1", "benchmark" },
		{ "224.0.0.1", "multicast" }, { "8.8.8.8", "global" },
		{ "0.0.0.0", "thisnetwork" }, { "::1", "loopback" },
		{ "fe80::1", "linklocal" }, { "fd00::1", "uniquelocal" },
		{ "2002::1", "6to4" }, { "ff02::1", "multicast" },
		{ "2001:4860::1", "global" },
	};
	struct itm_addr a;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		mkaddr(&a, t[i].a);
		CHECK_STR(itm_block(&a), t[i].block);
	}
}

static int
frame(const char *s, int eof, size_t max, char *doc, size_t *used)
{
	size_t start, len;
	char err[ITM_ERRBUF_SIZE];
	int rc;

	rc = itm_frame(s, strlen(s), eof, max, &start, &len, used, err,
	    sizeof(err));
	if (rc == 1) {
		memcpy(doc, s + start, len);
		doc[len] = '\0';
	}
	return rc;
}

TEST(framing)
{
	char doc[512];
	size_t used;
	const char *two = "<?xml version=\"1.0\"?>\n<InterTrackMessage "
	    "type=\"A\"><x/></InterTrackMessage>\n\0"
	    "<InterTrackMessage type=\"B\"/>";
	const char *s;

	CHECK(frame(two, 0, 1024, doc, &used) == 1);
	CHECK_STR(doc, "<?xml version=\"1.0\"?>\n<InterTrackMessage "
	    "type=\"A\"><x/></InterTrackMessage>");
	/* The rest (after a newline and a NUL) frames on its own. */
	s = two + used;
	CHECK(frame(s, 0, 1024, doc, &used) == 0);	/* "\n" then NUL */
	CHECK(used == 1);
	s = two + strlen(two) + 1;
	CHECK(frame(s, 0, 1024, doc, &used) == 1);
	CHECK_STR(doc, "<InterTrackMessage type=\"B\"/>");

	/* '>' and "/" inside attribute values do not end the start tag. */
	CHECK(frame("<InterTrackMessage type='a>b/'>x</InterTrackMessage >",
	    0, 1024, doc, &used) == 1);
	CHECK_STR(doc, "<InterTrackMessage type='a>b/'>x</InterTrackMessage >");
	/* A longer element name is not the root. */
	CHECK(frame("<InterTrackMessageX/><InterTrackMessage/>", 0, 1024, doc,
	    &used) == 1);
	CHECK_STR(doc, "<InterTrackMessageX/><InterTrackMessage/>");

	/* Incomplete: wait; at end of stream: an error. */
	CHECK(frame("<InterTrackMessage type=\"A\"><x/></InterTrack", 0, 1024,
	    doc, &used) == 0);
	CHECK(frame("<InterTrackMessage type=\"A\"><x/></InterTrack", 1, 1024,
	    doc, &used) < 0);
	CHECK(frame("  \n", 1, 1024, doc, &used) == 0);
	CHECK(used == 3);
	/* Garbage and oversize. */
	CHECK(frame("HELLO", 0, 1024, doc, &used) < 0);
	CHECK(frame("<InterTrackMessage>0123456789</InterTrackMessage>", 0, 30,
	    doc, &used) < 0);
	CHECK(frame("<InterTrackMessage>0123456789012345678901234567890", 0,
	    30, doc, &used) < 0);
}

static const char id_reply[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<InterTrackMessage type=\"ClientMessageIDReply\">\n"
" <ClientMessageIDReply>\n"
"  <SourceNode><NodeID idtype=\"IP\"><IPAddress version=\"4\" "
"block=\"loopback\" mask=\"32\">127.0.0.1</IPAddress></NodeID></SourceNode>\n"
"  <DestinationNode><NodeID idtype=\"IP\"><IPAddress version=\"4\" "
"block=\"loopback\" mask=\"32\">127.0.0.1</IPAddress></NodeID>"
"</DestinationNode>\n"
"  <TemporarySequenceNumber sec=\"1343208049\" usec=\"320831\"/>\n"
"  <MessageID><Origin><NodeID idtype=\"IP\"><IPAddress version=\"4\" "
"block=\"loopback\" mask=\"32\">127.0.0.1</IPAddress></NodeID></Origin>"
"<SequenceNumber sec=\"1343208049\" usec=\"320832\"/></MessageID>\n"
" </ClientMessageIDReply>\n"
"</InterTrackMessage>\n";

#define NODE(tag) "<" tag "><NodeID idtype=\"IP\"><IPAddress version=\"4\" " \
	"block=\"loopback\" mask=\"32\">127.0.0.1</IPAddress></NodeID></" tag ">"
#define MSGID "<MessageID>" NODE("Origin") \
	"<SequenceNumber sec=\"5\" usec=\"6\"/></MessageID>"
#define AS(depth, state, asn, status) \
	"<AS depth=\"" depth "\" degree=\"100\" state=\"" state "\">" \
	"<NodeID idtype=\"ITMID\"><ITMID><ASNumber>" asn "</ASNumber>" \
	"<CoverArea ipversion=\"4\" scope=\"global\"/></ITMID></NodeID>" \
	"<ASStatus type=\"" status "\"/></AS>"
#define TRACE(result) \
	"<InterTrackMessage type=\"ClientTraceReply\">" \
	"<ClientTraceReply Export_type=\"AllResultExport\">" \
	NODE("SourceNode") NODE("DestinationNode") MSGID \
	"<AllResultExport><ITMTraceRequest Footmark_type=\"Footmark\">" \
	NODE("DestinationNode") MSGID "<TTL>16</TTL><ITMPathList/>" \
	"<Footmark><PacketDump encodetype=\"md5\" header=\"ip\" iftype=\"1\" " \
	"PayloadLength=\"32\">0123456789abcdef0123456789abcdef</PacketDump>" \
	"<TimeStamp sec=\"5\" usec=\"6\"/></Footmark></ITMTraceRequest>" \
	"<ITMTraceReply>" NODE("SourceNode") MSGID \
	"<InterASTraceResult degree=\"100\">" result "</InterASTraceResult>" \
	"</ITMTraceReply></AllResultExport></ClientTraceReply>" \
	"</InterTrackMessage>"

static const char found[] = TRACE(AS("2", "reached", "64501", "Transit")
    AS("1", "found", "64500", "Source"));
static const char notfound[] = TRACE(AS("1", "notfound", "64500", "Source"));
static const char hop_error[] = TRACE(AS("1", "notfound", "64500", "Source")
    "<AS depth=\"2\" degree=\"1\" state=\"error\"><NodeID idtype=\"ITMID\">"
    "<ITMID><ASNumber>64502</ASNumber><CoverArea ipversion=\"4\" "
    "scope=\"global\"/></ITMID></NodeID><ASStatus type=\"Busy\"/>"
    "<ErrorCode errortype=\"TB_BUSY_BTM\"/></AS>");
static const char code_error[] = TRACE("<ErrorCode errortype=\"TB_WAIT_ITM_REPLY\">"
    "<ErrorMessage>no <answer></ErrorMessage></ErrorCode>");

TEST(parse_replies)
{
	struct itm_reply *r = itm_reply_new();
	char err[ITM_ERRBUF_SIZE];

	CHECK(itm_parse_reply(id_reply, strlen(id_reply), r, err,
	    sizeof(err)) == 0);
	CHECK(r->kind == ITM_MSG_ID_REPLY);
	CHECK(r->has_tmpseq && r->tmpseq.sec == 1343208049 &&
	    r->tmpseq.usec == 320831);
	CHECK(r->has_msgid && r->msgid.usec == 320832);
	if (schema != NULL)
		CHECK(itm_schema_check(schema, id_reply, strlen(id_reply), err,
		    sizeof(err)) == 0);

	CHECK(itm_parse_reply(found, strlen(found), r, err, sizeof(err)) == 0);
	CHECK(r->kind == ITM_MSG_TRACE_REPLY);
	CHECK(r->verdict == ITM_V_FOUND);
	CHECK_EQ_U(r->nhops, 2);
	CHECK_EQ_U(r->hops[0].depth, 1);		/* sorted by depth */
	CHECK_EQ_U(r->hops[0].asn, 64500);
	CHECK(r->hops[0].state == ITM_ST_FOUND);
	CHECK_STR(r->hops[0].status, "Source");
	CHECK_EQ_U(r->hops[1].asn, 64501);
	CHECK(r->hops[1].state == ITM_ST_REACHED);
	CHECK(r->has_msgid && r->msgid.sec == 5 && r->msgid.usec == 6);
	if (schema != NULL) {
		CHECK(itm_schema_check(schema, found, strlen(found), err,
		    sizeof(err)) == 0);
		CHECK(itm_schema_check(schema, hop_error, strlen(hop_error),
		    err, sizeof(err)) == 0);
	}

	CHECK(itm_parse_reply(notfound, strlen(notfound), r, err,
	    sizeof(err)) == 0);
	CHECK(r->verdict == ITM_V_NOTFOUND);
	CHECK(strstr(r->reason, "no AS saw") != NULL);

	CHECK(itm_parse_reply(hop_error, strlen(hop_error), r, err,
	    sizeof(err)) == 0);
	CHECK(r->verdict == ITM_V_ERROR);
	CHECK(strstr(r->reason, "AS64502") != NULL);
	CHECK_STR(r->hops[1].error, "TB_BUSY_BTM");

	/* The DP's own words are sanitised: no '<' survives. */
	CHECK(itm_parse_reply(code_error, strlen(code_error), r, err,
	    sizeof(err)) < 0);	/* "no <answer>" is not well formed */
	{
		static const char ce[] = TRACE("<ErrorCode "
		    "errortype=\"TB_WAIT_ITM_REPLY\"><ErrorMessage>no &lt;b&gt;"
		    "answer</ErrorMessage></ErrorCode>");

		CHECK(itm_parse_reply(ce, strlen(ce), r, err, sizeof(err)) == 0);
		CHECK(r->verdict == ITM_V_ERROR);
		CHECK(strstr(r->reason, "TB_WAIT_ITM_REPLY") != NULL);
		CHECK(strchr(r->reason, '<') == NULL);
	}
	itm_reply_free(r);
}

TEST(refuse_bad_replies)
{
	struct itm_reply *r = itm_reply_new();
	char err[ITM_ERRBUF_SIZE], *big;
	size_t i, n, o;
	static const char *const bad[] = {
		/* Entity expansion. */
		"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
		"<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
		"<InterTrackMessage type=\"HeartbeatRequest\">&lol2;"
		"</InterTrackMessage>",
		/* External entity. */
		"<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
		"<InterTrackMessage type=\"ClientTraceReply\">&xxe;"
		"</InterTrackMessage>",
		/* External DTD. */
		"<!DOCTYPE InterTrackMessage SYSTEM \"http://127.0.0.1:1/x.dtd\">"
		"<InterTrackMessage type=\"ClientTraceReply\"/>",
		/* Undeclared entity. */
		"<InterTrackMessage type=\"ClientTraceReply\">&xxe;"
		"</InterTrackMessage>",
		/* Not ours. */
		"<html/>",
		"<InterTrackMessage/>",
		"<InterTrackMessage type=\"ClientTraceReply\">"
		"<ClientMessageIDReply/></InterTrackMessage>",
		"<InterTrackMessage type=\"ClientMessageIDReply\">"
		"<ClientMessageIDReply/></InterTrackMessage>",
		"<InterTrackMessage type=\"ClientTraceReply\">"
		"<ClientTraceReply/></InterTrackMessage>",
		TRACE(""),
		TRACE("<AS depth=\"99\" degree=\"1\" state=\"found\"/>"),
		TRACE("<AS depth=\"1\" degree=\"1\" state=\"maybe\"/>"),
		"<InterTrackMessage type=\"ClientTraceReply\"><oops>"
		"</InterTrackMessage>",
	};

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		CHECK(itm_parse_reply(bad[i], strlen(bad[i]), r, err,
		    sizeof(err)) < 0);
		CHECK(err[0] != '\0');
	}
	/* Deep nesting: libxml2's depth limit, HUGE off. */
	n = 10000;
	big = malloc(n * 7 + 200);
	o = 0;
#define PUT(str) do { memcpy(big + o, str, strlen(str)); o += strlen(str); } while (0)
	PUT("<InterTrackMessage type=\"ClientTraceReply\">");
	for (i = 0; i < n; i++)
		PUT("<a>");
	for (i = 0; i < n; i++)
		PUT("</a>");
	PUT("</InterTrackMessage>");
#undef PUT
	CHECK(itm_parse_reply(big, o, r, err, sizeof(err)) < 0);
	free(big);
	/* Over the size limit. */
	n = ITM_MAX_DOC + 10;
	big = malloc(n);
	memset(big, ' ', n);
	memcpy(big, "<InterTrackMessage type=\"HeartbeatRequest\">", 43);
	memcpy(big + n - 20, "</InterTrackMessage>", 20);
	CHECK(itm_parse_reply(big, n, r, err, sizeof(err)) < 0);
	CHECK(strstr(err, "limit") != NULL);
	free(big);
	/* Other InterTrack messages are well formed and merely unused. */
	CHECK(itm_parse_reply("<InterTrackMessage type=\"HeartbeatRequest\"/>",
	    44, r, err, sizeof(err)) == 0);
	CHECK(r->kind == ITM_MSG_OTHER);
	itm_reply_free(r);
}

TEST(input)
{
	struct tc_input in;
	char err[128];
	const char *s;

	s = "10.0.0.1,192.0.2.9,60000,80,1," "0123456789abcdef0123456789abcdef";
	CHECK(tc_parse_input(s, strlen(s), &in, err, sizeof(err)) == TC_IN_OK);
	CHECK_STR(in.src, "10.0.0.1");
	CHECK_STR(in.dst, "192.0.2.9");
	CHECK(in.sport == 60000 && in.dport == 80 && in.flag == 1);
	CHECK_STR(in.md5, md5);
	s = "PACKTER\n2001:db8:0::1,2001:db8::2,0,65535,9,"
	    "0123456789abcdef0123456789abcdef\r\n";
	CHECK(tc_parse_input(s, strlen(s), &in, err, sizeof(err)) == TC_IN_OK);
	CHECK_STR(in.src, "2001:db8::1");
	CHECK(in.family == AF_INET6);

#define BAD(str, why) do {						\
	s = str;							\
	CHECK(tc_parse_input(s, strlen(s), &in, err, sizeof(err)) == why); \
} while (0)
	BAD("10.0.0.1,10.0.0.2,1,2,0123456789abcdef0123456789abcdef",
	    TC_IN_FIELDS);
	BAD("10.0.0.1,10.0.0.2,1,2,3,0123456789abcdef0123456789abcdef,x",
	    TC_IN_FIELDS);
	BAD("10.0.0.1,10.0.0.2,1,2,3,0123456789abcdef0123456789abcdef\nx",
	    TC_IN_FIELDS);
	BAD("10.0.0.1,::1,1,2,3,0123456789abcdef0123456789abcdef",
	    TC_IN_ADDRESS);
	BAD("10.0.0.256,10.0.0.1,1,2,3,0123456789abcdef0123456789abcdef",
	    TC_IN_ADDRESS);
	BAD("0.5,0.25,1,2,3,0123456789abcdef0123456789abcdef", TC_IN_ADDRESS);
	BAD("10.0.0.1,10.0.0.2,65536,2,3,0123456789abcdef0123456789abcdef",
	    TC_IN_NUMBER);
	BAD("10.0.0.1,10.0.0.2,-1,2,3,0123456789abcdef0123456789abcdef",
	    TC_IN_NUMBER);
	BAD("10.0.0.1,10.0.0.2,1,2,,0123456789abcdef0123456789abcdef",
	    TC_IN_NUMBER);
	BAD("10.0.0.1,10.0.0.2,1,2,3,0123456789ABCDEF0123456789abcdef",
	    TC_IN_HASH);
	BAD("10.0.0.1,10.0.0.2,1,2,3,0123456789abcdef0123456789abcde",
	    TC_IN_HASH);
	BAD("10.0.0.1,10.0.0.2,1,2,3,0123456789abcdef0123456789abcdef-10.0.0.9",
	    TC_IN_HASH);
	BAD("", TC_IN_FIELDS);
#undef BAD
	/* A NUL inside is refused, not cut short. */
	CHECK(tc_parse_input("10.0.0.1\0,10.0.0.2,1,2,3,x", 27, &in, err,
	    sizeof(err)) == TC_IN_FIELDS);
}

static int
has_datagram(const struct notify_out *o, const char *kw, const char *sub)
{
	int i;
	size_t kl = strlen(kw);

	for (i = 0; i < o->n; i++)
		if (o->len[i] > kl && memcmp(o->buf[i], kw, kl) == 0 &&
		    o->buf[i][kl] == '\n' &&
		    memmem(o->buf[i], o->len[i], sub, strlen(sub)) != NULL)
			return 1;
	return 0;
}

TEST(notify)
{
	static struct notify_out o;
	struct tc_config cf;
	struct itm_reply *r = itm_reply_new();
	struct tc_input in;
	struct tc_event ev;
	struct pt_parser ps;
	struct pt_control c;
	unsigned dropped = 0;
	char err[256], path[] = "/tmp/test-itm-XXXXXX";
	const char *s;
	FILE *f;
	int fd;

	s = "10.0.0.1,192.0.2.9,60000,80,1,0123456789abcdef0123456789abcdef";
	CHECK(tc_parse_input(s, strlen(s), &in, err, sizeof(err)) == TC_IN_OK);
	CHECK(itm_parse_reply(found, strlen(found), r, err, sizeof(err)) == 0);
	notify_defaults(&cf);
	memset(&ev, 0, sizeof(ev));
	ev.state = TC_FOUND;
	ev.in = &in;
	ev.seq.sec = 7;
	ev.seq.usec = 42;
	ev.reply = r;

	CHECK(notify_render(&cf, &ev, 1, 0, &o, &dropped) == 1);
	CHECK(has_datagram(&o, "PACKTERMSG", "tc-found.png,"
	    "<h2>Trace found</h2><p>AS path:<br>AS64500 (depth 1, found, "
	    "Source)<br>AS64501 (depth 2, reached, Transit)</p>"
	    "<p>request 7.000042</p>"));
	/* What the viewer's parser makes of it. */
	CHECK(pt_parse_begin(&ps, o.buf[0], o.len[0]) == PT_MSG);
	CHECK(pt_parse_control(&ps, &c, err, sizeof(err)) == 0);
	CHECK_MEM(c.file.p, c.file.len, "tc-found.png");

	CHECK(notify_render(&cf, &ev, 1, 1, &o, &dropped) == 4);
	CHECK(has_datagram(&o, "PACKTERSOUND", "5000,success.wav"));
	CHECK(has_datagram(&o, "PACKTERVOICE", "Trace found. 2 autonomous"));
	CHECK(has_datagram(&o, "PACKTERSKYDOMETEXTURE",
	    "sky-alarm.png"));
	CHECK(notify_render(&cf, &ev, 0, 1, &o, &dropped) == 3);
	CHECK(dropped == 0);

	/* Reasons are escaped for HTML. */
	ev.state = TC_ERROR;
	ev.reply = NULL;
	ev.reason = "bad <b>\"x\" & y";
	CHECK(notify_render(&cf, &ev, 1, 0, &o, &dropped) == 1);
	CHECK(has_datagram(&o, "PACKTERMSG", "<p>bad &lt;b&gt;&quot;x&quot; "
	    "&amp; y</p>"));

	/* A configuration file overrides, and typos are caught. */
	fd = mkstemp(path);
	CHECK(fd >= 0);
	f = fdopen(fd, "w");
	fprintf(f, "# test\n[error]\npicture = oops.png\ntext = E {reason} "
	    "{{x}\nvoice =\n[not found]\nduration = -2000\n");
	fclose(f);
	CHECK(notify_load(&cf, path, err, sizeof(err)) == 0);
	CHECK(notify_render(&cf, &ev, 1, 1, &o, &dropped) == 2);
	CHECK(has_datagram(&o, "PACKTERMSG", "oops.png,E bad &lt;b&gt;"));
	CHECK(has_datagram(&o, "PACKTERMSG", "{x}"));
	CHECK(!has_datagram(&o, "PACKTERVOICE", ""));
	CHECK(cf.st[TC_NOTFOUND].duration_ms == -2000);

	f = fopen(path, "w");
	fprintf(f, "[found]\ntext = {nope}\n");
	fclose(f);
	CHECK(notify_load(&cf, path, err, sizeof(err)) < 0);
	CHECK(strstr(err, ":2:") != NULL && strstr(err, "{nope}") != NULL);
	f = fopen(path, "w");
	fprintf(f, "[found]\ncolour = red\n");
	fclose(f);
	CHECK(notify_load(&cf, path, err, sizeof(err)) < 0);
	f = fopen(path, "w");
	fprintf(f, "[later]\n");
	fclose(f);
	CHECK(notify_load(&cf, path, err, sizeof(err)) < 0);
	f = fopen(path, "w");
	fprintf(f, "[found]\npicture = a,b.png\n");
	fclose(f);
	CHECK(notify_load(&cf, path, err, sizeof(err)) < 0);
	unlink(path);
	notify_free(&cf);
	itm_reply_free(r);
}

int
main(void)
{
	const char *xsd;
	char err[ITM_ERRBUF_SIZE];

	itm_init();
	/* The schema is carried in the tree (tests/data/intertrack). */
	if ((xsd = xsd_path()) == NULL) {
		printf("# InterTrackMessage.xsd not found under "
		    "tests/data/intertrack (or $PACKTER_ITM_XSD)\n");
		return (99);
	}
	if ((schema = itm_schema_load(xsd, err, sizeof(err))) == NULL) {
		printf("# %s\n", err);
		return (99);
	}
	RUN(request_v4);
	RUN(request_v6);
	RUN(blocks);
	RUN(framing);
	RUN(parse_replies);
	RUN(refuse_bad_replies);
	RUN(input);
	RUN(notify);
	itm_schema_free(schema);
	return test_report();
}
