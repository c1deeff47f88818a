/*
 * fuzz-eve.c - fuzz target: a stream of Suricata EVE JSON through the line
 * framer (struct eve_lines) and the decoder (eve_parse, eve_emit) of
 * agent/eve.c, into the agent's real core.
 *
 *     input:  flags (1) | the bytes of an EVE file or stream
 *     flags:  bit 0  -S (incident text);  bit 1  anomaly and drop too;
 *             bits 4-7  the stream is read in pieces of 1 << (bits) bytes
 *
 * The framer's cap is EVE_MIN_MAX_LINE * 4 (1024 bytes) so that lines over
 * it are common.  Invariants (abort when broken):
 *   - every line the framer gives is at most the cap and holds no newline;
 *   - framing does not depend on how the stream is cut: the lines (and the
 *     too-long count) from one piece are those from pieces of any size;
 *   - an event to draw has a time with usec < 1000000, a description of at
 *     most EVE_DESC_MAX bytes without a line end or a NUL, a tuple of family
 *     4 or 6 when it has no packet, a packet within the decoder's buffer;
 *   - what the core makes of it parses back (core-harness.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core-harness.h"
#include "eve.h"
#include "log.h"

#define FUZZ_MAX_LINE	(EVE_MIN_MAX_LINE * 4)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct eve_decoder ed[4];

static void
check_event(const struct eve_decoder *d, const struct eve_event *ev)
{
	REQUIRE(ev->ts.tv_usec >= 0 && ev->ts.tv_usec < 1000000);
	REQUIRE(ev->desc_len <= EVE_DESC_MAX);
	REQUIRE(memchr(ev->desc, '\n', ev->desc_len) == NULL);
	REQUIRE(memchr(ev->desc, '\r', ev->desc_len) == NULL);
	REQUIRE(memchr(ev->desc, '\0', ev->desc_len) == NULL);
	REQUIRE(!d->incident || ev->desc_len > 0);
	if (ev->pkt == NULL)
		REQUIRE(ev->tuple.family == 4 || ev->tuple.family == 6);
	else
		REQUIRE(ev->pkt == d->pkt && ev->pktlen <= EVE_MAX_PACKET);
}

/* Frame data in pieces of step bytes; a hash of the lines, their count. */
static uint64_t
frame(const uint8_t *data, size_t size, size_t step, struct eve_decoder *d,
    int decode, uint64_t *too_long, size_t *nlines)
{
	struct eve_lines lb;
	struct eve_event ev;
	const char *line;
	size_t off = 0, n, avail, len, i;
	uint64_t h = 1469598103934665603ULL;
	char *p;

	*too_long = 0;
	*nlines = 0;
	eve_lines_init(&lb, FUZZ_MAX_LINE, too_long);
	while (off < size) {
		p = eve_lines_space(&lb, &avail);
		REQUIRE(avail > 0);
		n = size - off < step ? size - off : step;
		if (n > avail)
			n = avail;
		memcpy(p, data + off, n);
		off += n;
		eve_lines_added(&lb, n);
		while (eve_lines_next(&lb, &line, &len)) {
			REQUIRE(len <= FUZZ_MAX_LINE);
			REQUIRE(memchr(line, '\n', len) == NULL);
			(*nlines)++;
			for (i = 0; i < len; i++)
				h = (h ^ (uint8_t)line[i]) * 1099511628211ULL;
			h = (h ^ 0x100) * 1099511628211ULL;
			if (decode && eve_parse(d, line, len, &ev)) {
				check_event(d, &ev);
				eve_emit(d, fuzz_agent(), &ev);
			}
		}
	}
	(void)eve_lines_reset(&lb);
	eve_lines_free(&lb);
	return h;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	uint64_t h1, h2, t1, t2;
	size_t n1, n2, step;
	uint8_t flags;
	struct eve_decoder *d;

	if (size < 1)
		return 0;
	if (!ready) {
		eve_decoder_init(&ed[0], "eve fuzz", 0, EVE_ALERT);
		eve_decoder_init(&ed[1], "eve fuzz -S", 1, EVE_ALERT);
		eve_decoder_init(&ed[2], "eve fuzz all", 0,
		    EVE_ALERT | EVE_ANOMALY | EVE_DROP);
		eve_decoder_init(&ed[3], "eve fuzz all -S", 1,
		    EVE_ALERT | EVE_ANOMALY | EVE_DROP);
		ready = 1;
	}
	flags = data[0];
	data++;
	size--;
	d = &ed[flags & 3];
	step = (size_t)1 << (flags >> 4);

	h1 = frame(data, size, step, d, 1, &t1, &n1);
	h2 = frame(data, size, size > 0 ? size : 1, d, 0, &t2, &n2);
	REQUIRE(h1 == h2 && t1 == t2 && n1 == n2);
	fuzz_agent_check();
	return 0;
}
