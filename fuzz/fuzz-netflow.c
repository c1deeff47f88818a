/*
 * fuzz-netflow.c - fuzz target: a run of NetFlow v5, v9 and IPFIX datagrams
 * through the agent's collector, nf_decode() in agent/source-netflow.c,
 * with the template state carried from one datagram to the next.
 *
 *     input:  { flags (1) | length (2, big-endian) | datagram (length) } ...
 *     flags:  bits 0-1  the exporter that sent it (192.0.2.1, 192.0.2.2,
 *                       2001:db8::1, 2001:db8::2): templates are per exporter
 *             bits 2-7  seconds the clock moves on before it (nf_expire()
 *                       then drops data that waited too long for a template)
 *
 * A last chunk whose length runs past the input is taken as it is.  Each
 * input starts with an empty template cache with a fixed hash key and a
 * template timeout of 60 s (so that the clock steps expire templates), so a
 * crash reproduces from its input alone; fuzz/make-corpus.py -k netflow
 * writes seeds from captures, templates before data.  What the collector
 * hands the core goes through the agent's real core (core-harness.h), whose
 * records must parse; frames a record carries (dataLinkFrameSection) may come
 * from a data set held back, a copy outside the datagram, which
 * AddressSanitizer watches.  Freeing the state at the end lets the leak
 * checker see every template and every datagram held back.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <sys/time.h>

#include "core-harness.h"
#include "flow.h"
#include "siphash.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define NF_FUZZ_MAX_DATAGRAMS	64
#define NF_FUZZ_TIMEOUT_US	60000000

static const struct siphash_key fuzz_key = {
	0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL
};

static const struct flow_exporter exporters[4] = {
	{ .family = 4, .addr = { 192, 0, 2, 1 }, .port = 2055 },
	{ .family = 4, .addr = { 192, 0, 2, 2 }, .port = 2055 },
	{ .family = 6, .addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 },
	    .port = 4739 },
	{ .family = 6, .addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 },
	    .port = 4739 },
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nf_opts o = { NF_FUZZ_TIMEOUT_US, &fuzz_key };
	struct nf_state *st;
	struct timeval now = { 1700000000, 0 };
	int64_t now_us = 1000000;
	size_t off = 0, len;
	unsigned n = 0;
	uint8_t flags;

	st = nf_state_new(&o);
	while (off < size && n++ < NF_FUZZ_MAX_DATAGRAMS) {
		flags = data[off++];
		if (size - off >= 2) {
			len = (size_t)data[off] << 8 | data[off + 1];
			off += 2;
		} else
			len = size - off;
		if (len > size - off)
			len = size - off;
		if (flags >> 2 != 0) {
			now.tv_sec += flags >> 2;
			now_us += (int64_t)(flags >> 2) * 1000000;
			nf_expire(st, now_us);
		}
		nf_decode(st, fuzz_agent(), data + off, len, &exporters[flags & 3],
		    &now, now_us);
		off += len;
	}
	fuzz_agent_check();
	nf_state_free(st);
	return 0;
}
