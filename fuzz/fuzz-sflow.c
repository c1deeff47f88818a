/*
 * fuzz-sflow.c - fuzz target: one sFlow datagram (v2, v4 or v5) through the
 * agent's collector, sflow_decode() in agent/source-sflow.c.
 *
 *     input:  the UDP payload an exporter sent
 *
 * What the collector hands the core (sampled packet headers, flows from
 * sampled IP records) goes through the agent's real core (core-harness.h),
 * whose record lines must all parse back.  sFlow keeps no state between datagrams (the collector's counters
 * and log rate limits only), so one collector serves every input.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <sys/time.h>

#include "core-harness.h"
#include "flow.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct sflow_state *st;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct flow_exporter from = {
		.family = 4, .addr = { 192, 0, 2, 1 }, .port = 6343,
	};
	struct timeval now = { 1700000000, 0 };

	if (st == NULL)
		st = sflow_state_new();
	sflow_decode(st, fuzz_agent(), data, size, &from, &now);
	fuzz_agent_check();
	return 0;
}
