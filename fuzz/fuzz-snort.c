/*
 * fuzz-snort.c - fuzz target: one Snort Alertpkt (alert_unixsock) through
 * the agent's Snort source, snort_decode() in agent/source-snort.c.
 *
 * An Alertpkt has a fixed size (65864 bytes, 65928 with OpenAppID) that is
 * mostly the packet field, so the input is laid into a zeroed datagram of
 * that size rather than taken as it is (which would almost never be a size
 * the source accepts):
 *
 *     input:  flags (1) | alertmsg, pkth, offsets, val (292) | event (36)
 *             | packet (the rest, at most 65535)
 *     flags:  bit 0  the OpenAppID layout;  bit 1  -S (incident text)
 *
 * snort_decode() is static, so this file includes source-snort.c itself;
 * what the source hands the core is checked by agent-stub.c (the packet
 * inside the datagram, a link type the decoder knows, the description one
 * line of at most PT_MAX_DESC bytes).
 */
#include "source-snort.c"

#include "agent-stub.h"

#define SNORT_FUZZ_HEAD		292		/* alertmsg .. val */
#define SNORT_FUZZ_EVENT	36
#define SNORT_FUZZ_EVENT_AT	(SNORT_FUZZ_HEAD + SNORT_SNAPLEN + 1)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct snort_source *ss;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *dg;
	size_t len, n;
	uint8_t flags;

	if (size < 1)
		return 0;
	if (ss == NULL) {
		ss = xcalloc(1, sizeof(*ss));
		ss->fd = -1;
		snprintf(ss->name, sizeof(ss->name), "snort fuzz");
	}
	flags = data[0];
	data++;
	size--;
	len = (flags & 1) ? SNORT_SIZE_APPID : SNORT_SIZE;
	ss->incident = (flags & 2) != 0;

	/* Exactly the datagram's size, so ASan sees a read past it. */
	dg = xcalloc(1, len);
	n = size < SNORT_FUZZ_HEAD ? size : SNORT_FUZZ_HEAD;
	memcpy(dg, data, n);
	data += n;
	size -= n;
	n = size < SNORT_FUZZ_EVENT ? size : SNORT_FUZZ_EVENT;
	memcpy(dg + SNORT_FUZZ_EVENT_AT, data, n);
	data += n;
	size -= n;
	n = size < SNORT_SNAPLEN ? size : SNORT_SNAPLEN;
	memcpy(dg + SNORT_FUZZ_HEAD, data, n);

	stub_input(dg, len);
	snort_decode(ss, NULL, dg, len);
	stub_input(NULL, 0);
	free(dg);
	return 0;
}
