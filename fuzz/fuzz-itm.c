/*
 * fuzz-itm.c - fuzz target: the bytes a Decision Point writes to the
 * traceback bridge (tc-bridge/itm.h): framing into InterTrack documents and
 * the safe parsing of each reply.
 *
 *     input:  the DP's TCP byte stream, as the bridge reads it
 *
 * itm_frame() cuts documents off the stream as the bridge does (eof set on
 * the last call) and itm_parse_reply() parses each; the whole input is also
 * parsed as one document.  Besides ASan, UBSan and the leak checker, the
 * target aborts when a result breaks what itm.h promises: a framed document
 * inside the stream and making progress, the same document framed whatever
 * way the stream was cut into reads (a prefix of it is never a document),
 * and a parsed reply's strings terminated and its hops within bounds and in
 * depth order.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itm.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define REQUIRE(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz-itm: %s:%d: invariant broken: %s\n",\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

static struct itm_reply *reply;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	itm_init();
	reply = itm_reply_new();
	return 0;
}

static void
check_terminated(const char *s, size_t cap)
{
	REQUIRE(memchr(s, '\0', cap) != NULL);
}

static void
check_reply(const struct itm_reply *r)
{
	unsigned i;

	REQUIRE(r->kind == ITM_MSG_OTHER || r->kind == ITM_MSG_ID_REPLY ||
	    r->kind == ITM_MSG_TRACE_REPLY);
	check_terminated(r->type, sizeof(r->type));
	check_terminated(r->reason, sizeof(r->reason));
	if (r->kind == ITM_MSG_ID_REPLY) {
		REQUIRE(r->has_tmpseq && r->has_msgid);
		REQUIRE(r->tmpseq.usec <= 999999 && r->msgid.usec <= 999999);
	}
	if (r->kind == ITM_MSG_TRACE_REPLY)
		REQUIRE(r->verdict == ITM_V_FOUND ||
		    r->verdict == ITM_V_NOTFOUND || r->verdict == ITM_V_ERROR);
	REQUIRE(r->nhops <= ITM_MAX_HOPS);
	for (i = 0; i < r->nhops; i++) {
		const struct itm_hop *h = &r->hops[i];

		REQUIRE(h->depth <= ITM_MAX_TTL);
		REQUIRE(i == 0 || r->hops[i - 1].depth <= h->depth);
		check_terminated(h->node, sizeof(h->node));
		check_terminated(h->status, sizeof(h->status));
		check_terminated(h->error, sizeof(h->error));
		REQUIRE(strcmp(itm_state_name(h->state), "") != 0);
	}
	REQUIRE(itm_verdict_name(r->verdict) != NULL);
}

static void
parse(const char *doc, size_t len)
{
	char err[ITM_ERRBUF_SIZE];

	err[0] = '\0';
	if (itm_parse_reply(doc, len, reply, err, sizeof(err)) == 0)
		check_reply(reply);
	else {
		check_terminated(err, sizeof(err));
		REQUIRE(err[0] != '\0');
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	char err[ITM_ERRBUF_SIZE];
	size_t off = 0, start, doclen, used, s2, d2, u2;
	int rc, eof;

	if (reply == NULL)
		LLVMFuzzerInitialize(NULL, NULL);

	/* The stream, document after document, as the bridge reads it. */
	for (;;) {
		eof = 1;
		err[0] = '\0';
		rc = itm_frame(buf + off, size - off, eof, ITM_MAX_DOC, &start,
		    &doclen, &used, err, sizeof(err));
		REQUIRE(rc == 1 || rc == 0 || rc == -1);
		if (rc == -1) {
			REQUIRE(err[0] != '\0');
			check_terminated(err, sizeof(err));
			break;
		}
		REQUIRE(used <= size - off);
		if (rc == 0) {
			/* Only separators were left. */
			REQUIRE(used == size - off && doclen == 0);
			break;
		}
		REQUIRE(doclen > 0 && start + doclen == used);
		REQUIRE(buf[off + start] == '<' && buf[off + used - 1] == '>');
		/* The same document, read with its last byte still to come. */
		rc = itm_frame(buf + off, used - 1, 0, ITM_MAX_DOC, &s2, &d2,
		    &u2, err, sizeof(err));
		REQUIRE(rc == 0);
		/* Without eof, the whole of it frames the same way. */
		rc = itm_frame(buf + off, size - off, 0, ITM_MAX_DOC, &s2, &d2,
		    &u2, err, sizeof(err));
		REQUIRE(rc == 1 && s2 == start && d2 == doclen && u2 == used);
		parse(buf + off + start, doclen);
		off += used;
	}

	/* The whole input as one document, framed or not. */
	parse(buf, size);
	return 0;
}
