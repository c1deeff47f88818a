/*
 * agent-stub.c - agent_frame() and agent_flow() for the flow fuzz targets
 * (see agent-stub.h): what a source hands the core is checked, then dropped.
 *
 *   agent_frame:  a link type decode_frame() knows, bytes inside the
 *                 datagram being decoded, a description of at most
 *                 PT_MAX_DESC bytes without line ends or NULs; the frame
 *                 is decoded as the core would.
 *   agent_flow:   family 4 or 6, a flag class of that family, the same
 *                 description rules; the record encodes, and parses back to
 *                 the same addresses, ports, flag and description.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-stub.h"

#include "agent.h"
#include "decode.h"
#include "protocol.h"

unsigned long	stub_frames, stub_flows;

static const uint8_t	*in_buf;
static size_t		 in_len;

void
stub_input(const uint8_t *buf, size_t len)
{
	in_buf = buf;
	in_len = len;
}

static void
check_desc(const char *desc, size_t len)
{
	if (len == 0)
		return;
	REQUIRE(desc != NULL);
	REQUIRE(len <= PT_MAX_DESC);
	REQUIRE(memchr(desc, '\n', len) == NULL);
	REQUIRE(memchr(desc, '\r', len) == NULL);
	REQUIRE(memchr(desc, '\0', len) == NULL);
}

void
agent_frame(struct agent *ag, int linktype, const uint8_t *buf, size_t caplen,
    const struct frame_meta *m)
{
	struct pk_packet pkt;

	stub_frames++;
	REQUIRE(decode_link_supported(linktype));
	REQUIRE(m != NULL);
	REQUIRE(m->mode == DESC_DEFAULT || m->mode == DESC_PREFIX ||
	    m->mode == DESC_REPLACE);
	if (m->mode != DESC_DEFAULT)
		check_desc(m->desc, m->desc_len);
	if (caplen > 0) {
		REQUIRE(buf != NULL);
		if (in_buf != NULL)
			REQUIRE(buf >= in_buf && caplen <= in_len &&
			    (size_t)(buf - in_buf) <= in_len - caplen);
	}
	if (decode_frame(linktype, buf, caplen, &pkt) == PK_OK) {
		REQUIRE(pkt.l3 >= buf && pkt.l3 <= buf + caplen);
		REQUIRE(pkt.l3_caplen <= caplen - (size_t)(pkt.l3 - buf));
	}
}

void
agent_flow(struct agent *ag, const struct pt_rec_out *r,
    const struct timeval *ts)
{
	struct pt_record back;
	char line[PT_RECORD_HEAD_MAX + PT_MAX_DESC + 1], err[PT_ERRBUF_SIZE];
	size_t n, alen;

	stub_flows++;
	REQUIRE(r != NULL && ts != NULL);
	REQUIRE(r->family == 4 || r->family == 6);
	REQUIRE(r->flag < PT_FLAG_CLASSES);
	REQUIRE((r->flag >= PT_FLAG_TCP6) == (r->family == 6));
	check_desc(r->desc, r->desc_len);
	n = pt_encode_record(line, sizeof(line), r);
	REQUIRE(n > 0 && line[n - 1] == '\n');
	err[0] = '\0';
	if (pt_parse_record_line(line, n, &back, err, sizeof(err)) != 0) {
		fprintf(stderr, "fuzz: record '%.*s' does not parse: %s\n",
		    (int)(n - 1), line, err);
		abort();
	}
	alen = r->family == 6 ? 16 : 4;
	REQUIRE(back.src.family == r->family && back.dst.family == r->family);
	REQUIRE(memcmp(back.src.addr, r->src, alen) == 0);
	REQUIRE(memcmp(back.dst.addr, r->dst, alen) == 0);
	REQUIRE(back.src.port == r->sport && back.dst.port == r->dport);
	REQUIRE(back.flag == r->flag);
	/* Descriptions are written without blanks at either end. */
	REQUIRE(back.desc.len == r->desc_len &&
	    (r->desc_len == 0 || memcmp(back.desc.p, r->desc, r->desc_len) == 0));
}
