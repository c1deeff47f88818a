/*
 * fuzz-recfile.c - the viewer's recording format (viewer/core/recfile.c,
 * --play): recfile_next() over the input until it ends.  Invariants: every
 * datagram lies inside the input, in order, after its time line; every
 * time is within 1970-2100; the datagrams and the bad lines together never
 * outnumber the input's lines.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "recfile.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data, *prev = buf;
	struct recfile rf;
	struct rec_dgram d;
	uint64_t lines = 1;
	size_t i;

	for (i = 0; i < size; i++)
		if (buf[i] == '\n')
			lines++;
	recfile_init(&rf, buf, size);
	while (recfile_next(&rf, &d)) {
		if (d.buf < prev + 5 || d.buf + d.len > buf + size ||
		    d.buf + d.len < d.buf)
			abort();
		if (d.wall_ns < 0 || d.wall_ns > 4102444800LL * 1000000000LL +
		    999999000LL)
			abort();
		prev = d.buf + d.len;
	}
	if (rf.datagrams + rf.bad > lines)
		abort();
	return 0;
}
