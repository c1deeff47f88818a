/*
 * fuzz-snort.c - fuzz target: one Snort Alertpkt (alert_unixsock) through
 * the agent's Snort decoder, snort_decode() in agent/snort.c.
 *
 * An Alertpkt has a fixed size (65864 bytes, 65928 with OpenAppID) that is
 * mostly the packet field, so the input is laid into a zeroed datagram of
 * that size rather than taken as it is (which would almost never be a size
 * the decoder accepts):
 *
 *     input:  flags (1) | alertmsg, pkth, offsets, val (292) | event (36)
 *             | packet (the rest, at most 65535)
 *     flags:  bit 0  the OpenAppID layout;  bit 1  -S (incident text)
 *
 * What the decoder hands the core goes through the agent's real core
 * (core-harness.h): every record line it writes must parse back.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core-harness.h"
#include "log.h"
#include "snort.h"

#define SNORT_FUZZ_EVENT	36

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct snort_decoder sd[2];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	uint8_t *dg;
	size_t len, n;
	uint8_t flags;

	if (size < 1)
		return 0;
	if (!ready) {
		snort_decoder_init(&sd[0], "snort fuzz", 0);
		snort_decoder_init(&sd[1], "snort fuzz -S", 1);
		ready = 1;
	}
	flags = data[0];
	data++;
	size--;
	len = (flags & 1) ? SNORT_SIZE_APPID : SNORT_SIZE;

	/* Exactly the datagram's size, so ASan sees a read past it. */
	dg = xcalloc(1, len);
	n = size < SNORT_HEAD ? size : SNORT_HEAD;
	memcpy(dg, data, n);
	data += n;
	size -= n;
	n = size < SNORT_FUZZ_EVENT ? size : SNORT_FUZZ_EVENT;
	memcpy(dg + SNORT_EVENT_AT, data, n);
	data += n;
	size -= n;
	n = size < SNORT_SNAPLEN ? size : SNORT_SNAPLEN;
	memcpy(dg + SNORT_HEAD, data, n);

	snort_decode(&sd[(flags & 2) != 0], fuzz_agent(), dg, len);
	fuzz_agent_check();
	free(dg);
	return 0;
}
