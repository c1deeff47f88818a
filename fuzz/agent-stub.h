/*
 * agent-stub.h - the agent core as the flow fuzz targets see it.
 *
 * fuzz-sflow and fuzz-netflow link the collectors (agent/source-sflow.c,
 * source-netflow.c, netflow-templates.c, flow-udp.c) without the agent's
 * main.c: agent-stub.c defines agent_frame() and agent_flow(), the two calls
 * through which every source hands its packets and flows to the core, and
 * checks there what the core relies on (abort() when it does not hold).
 */
#ifndef PACKTER_FUZZ_AGENT_STUB_H
#define PACKTER_FUZZ_AGENT_STUB_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The bytes being decoded: frames handed on must lie inside them. */
void	stub_input(const uint8_t *buf, size_t len);

/* Frames and flows handed to the core since the process started. */
extern unsigned long	stub_frames, stub_flows;

#define REQUIRE(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz: %s:%d: invariant broken: %s\n",	\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

#endif /* PACKTER_FUZZ_AGENT_STUB_H */
