/*
 * fuzz-ballinfo.c - fuzz target: what the viewer reads out of a stranger's
 * text for a ball's box and its traces (viewer/core/ballinfo.c, trace.c).
 *
 *     input:  'r' RECORD-LINE          a record line, for ballinfo_make()
 *             'm' PICTURE,HTML         a bridge's PACKTERMSG payload, for
 *                                      trace_message() against two requests
 *
 * Besides ASan and UBSan, the target aborts when a result breaks what the
 * headers promise: at most BI_MAX_LINES lines, each NUL-ended within
 * BI_LINE and free of control characters; every string of a request
 * NUL-ended within its buffer; a state in range; the JSON line one object
 * without raw control characters.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ballinfo.h"
#include "protocol.h"
#include "trace.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define REQUIRE(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz-ballinfo: %s:%d: invariant broken: "\
		    "%s\n", __FILE__, __LINE__, #cond);			\
		abort();						\
	}								\
} while (0)

#define HASH	"0123456789abcdef0123456789abcdef"

static void
check_str(const char *s, size_t cap)
{
	REQUIRE(memchr(s, '\0', cap) != NULL);
}

static void
check_entry(const struct trace_entry *e)
{
	char js[TRACE_JSON_MAX], name[160];
	size_t n, i;

	REQUIRE((unsigned)e->state < TRACE_STATES);
	check_str(e->hash, sizeof(e->hash));
	check_str(e->request, sizeof(e->request));
	check_str(e->path, sizeof(e->path));
	check_str(e->detail, sizeof(e->detail));
	check_str(trace_packet_name(e, name, sizeof(name)), sizeof(name));
	n = trace_json(e, js, sizeof(js));
	REQUIRE(n < sizeof(js));
	if (n == 0)
		return;
	REQUIRE(js[0] == '{' && js[n - 1] == '}' && js[n] == '\0');
	for (i = 0; i < n; i++)
		REQUIRE((unsigned char)js[i] >= 0x20 && js[i] != 0x7f);
}

static void
record(const char *p, size_t len)
{
	struct ballinfo_in in;
	struct ballinfo bi;
	const char *c;
	int i, commas = 0;

	memset(&in, 0, sizeof(in));
	in.line = p;
	in.len = len;
	for (c = p; c < p + len && commas < 5; c++)
		if (*c == ',')
			commas++;
	in.desc_off = (size_t)(c - p);
	in.capture_us = len > 0 && p[0] == '1' ? 1700000000000000LL :
	    PT_TIME_NONE;
	in.arrival_us = 1700000000000000LL;
	in.tz_offset_s = 3600;
	in.under = len % 5;
	in.index = (int)(len % 3);
	ballinfo_make(&bi, &in);
	REQUIRE(bi.n >= 1 && bi.n <= BI_MAX_LINES);
	for (i = 0; i < bi.n; i++) {
		const char *l = bi.line[i];

		REQUIRE(memchr(l, '\0', BI_LINE) != NULL);
		for (; *l != '\0'; l++)
			REQUIRE((unsigned char)*l >= 0x20 && *l != 0x7f);
		REQUIRE(bi.kind[i] <= BI_GOOD);
	}
}

static void
message(const char *p, size_t len)
{
	static const char line[] = "10.0.0.1,192.0.2.9,50000,80,1,"
	    HASH "-127.0.0.1";
	struct trace_table *t = trace_new();
	struct trace_entry *e;
	const char *comma = memchr(p, ',', len);
	size_t plen = comma != NULL ? (size_t)(comma - p) : 0;
	const char *text = comma != NULL ? comma + 1 : p;
	size_t tlen = len - (size_t)(text - p), i;
	bool changed;

	(void)trace_add(t, 1, line, sizeof(line) - 1, HASH, "127.0.0.1",
	    false, PT_TIME_NONE, 0);
	e = trace_add(t, 2, line, sizeof(line) - 1, HASH, "127.0.0.1", false,
	    1, 0);
	memcpy(e->request, "1.2", 4);
	/* Twice: a second report on the same request. */
	(void)trace_message(t, p, plen, text, tlen, 1, &changed);
	(void)trace_message(t, p, plen, text, tlen, 2, &changed);
	for (i = 0; i < trace_count(t); i++)
		check_entry(trace_at(t, i));
	trace_free(t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;

	if (size < 1)
		return 0;
	if (p[0] == 'r')
		record(p + 1, size - 1);
	else
		message(p + 1, size - 1);
	return 0;
}
