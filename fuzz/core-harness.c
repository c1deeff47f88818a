/*
 * core-harness.c - the agent core behind the source fuzz targets
 * (core-harness.h): a sender printing into a memory file, read back and
 * parsed after each input.
 */
#include "config.h"

#include "core-harness.h"

#include <sys/mman.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "cryptopan.h"
#include "log.h"
#include "protocol.h"
#include "sender.h"

unsigned long	fuzz_agent_records;

static struct agent	*ag;
static struct sender	*snd;
static int		 out_fd = -1;

static void
report(void)
{
	if (getenv("PACKTER_FUZZ_VERBOSE") != NULL)
		fprintf(stderr, "core-harness: %lu records checked\n",
		    fuzz_agent_records);
}

struct agent *
fuzz_agent(void)
{
	struct sender_opts so;
	struct agent_opts ao;
	uint8_t key[CRYPTOPAN_KEY_LEN];

	if (ag != NULL)
		return ag;
	if ((out_fd = memfd_create("fuzz-agent", MFD_CLOEXEC)) < 0)
		fatal_errno(1, errno, "memfd_create");
	memset(&so, 0, sizeof(so));
	so.payload_max = SENDER_DEFAULT_PAYLOAD;
	so.batch = 1;
	so.flush_us = SENDER_DEFAULT_FLUSH_US;
	so.print_fd = out_fd;
	so.capture_times = 1;
	snd = sender_new(&so);
	memset(&ao, 0, sizeof(ao));
	ao.sample_p = 1.0;
	ao.seed = 1;
	/* --anonymise on: the descriptions sources write are scanned too. */
	memset(key, 0x5a, sizeof(key));
	if ((ao.anon = cryptopan_new(key, NULL, 0)) == NULL)
		fatal(1, "Crypto-PAn");
	ag = agent_new(&ao, snd);
	agent_set_now(ag, 1000000);
	atexit(report);
	return ag;
}

/* One datagram as the core made it: a record datagram, every line good. */
static void
check_datagram(const char *p, size_t len)
{
	struct pt_parser ps;
	struct pt_record r;
	char err[256];
	int rc;

	REQUIRE(pt_parse_begin(&ps, p, len) == PT_RECORD);
	REQUIRE(ps.has_times);
	while ((rc = pt_next_record(&ps, &r, err, sizeof(err))) != 0) {
		if (rc < 0) {
			fprintf(stderr, "fuzz: the core wrote a bad record: "
			    "%s\n", err);
			abort();
		}
		REQUIRE(r.src.family == r.dst.family);
		REQUIRE(r.desc.len <= PT_MAX_DESC);
		REQUIRE(r.ts_us != PT_TIME_NONE);
		fuzz_agent_records++;
	}
}

void
fuzz_agent_check(void)
{
	static const char tag[] = "TIME ";
	char *buf, *p, *end, *next, *body;
	off_t size;

	if (ag == NULL)
		return;
	REQUIRE(sender_flush(snd) == 0);
	size = lseek(out_fd, 0, SEEK_END);
	REQUIRE(size >= 0);
	if (size == 0)
		return;
	buf = xmalloc((size_t)size + 1);
	REQUIRE(pread(out_fd, buf, (size_t)size, 0) == size);
	buf[size] = '\0';
	end = buf + size;
	/* "TIME sec usec\n" + a datagram, again and again (sender.h). */
	for (p = buf; p < end; p = next) {
		REQUIRE((size_t)(end - p) > sizeof(tag) - 1 &&
		    memcmp(p, tag, sizeof(tag) - 1) == 0);
		body = memchr(p, '\n', (size_t)(end - p));
		REQUIRE(body != NULL);
		body++;
		for (next = body; next < end; next++)
			if (next[-1] == '\n' && (size_t)(end - next) >=
			    sizeof(tag) - 1 &&
			    memcmp(next, tag, sizeof(tag) - 1) == 0)
				break;
		check_datagram(body, (size_t)(next - body));
	}
	free(buf);
	REQUIRE(ftruncate(out_fd, 0) == 0);
	REQUIRE(lseek(out_fd, 0, SEEK_SET) == 0);
}
