/*
 * core-harness.h - the real agent core for the source fuzz targets.
 *
 * fuzz-sflow, fuzz-netflow and fuzz-snort hand what they decode to the
 * agent's own core (agent/libagent.a: core.c and sender.c), which prints
 * its datagrams as `packter-agent -n` does into a memory file, with
 * --anonymise on (a fixed key) so that the descriptions sources write are
 * scanned for addresses too.  After each
 * input fuzz_agent_check() reads them back and requires that every datagram
 * is a PACKTER record datagram and that every record line the core wrote
 * parses with common/'s parser (abort() when it does not).  With
 * PACKTER_FUZZ_VERBOSE set, the number of records checked is printed at
 * exit.  Reads outside
 * the input are AddressSanitizer's to catch.
 */
#ifndef PACKTER_FUZZ_CORE_HARNESS_H
#define PACKTER_FUZZ_CORE_HARNESS_H

#include <stdio.h>
#include <stdlib.h>

struct agent;

/* The one core of the process (made on first use). */
struct agent	*fuzz_agent(void);
/* Flush, read back and check what the core sent since the last call. */
void		 fuzz_agent_check(void);
/* Records checked since the process started. */
extern unsigned long	fuzz_agent_records;

#define REQUIRE(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz: %s:%d: invariant broken: %s\n",	\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

#endif /* PACKTER_FUZZ_CORE_HARNESS_H */
