/*
 * fuzz-sockdiag.c - fuzz target: one netlink sock_diag reply, as recv()
 * would return it, through sockdiag_parse() (agent/sockdiag.c), the parser
 * behind --app and --tag-apps.
 *
 *     input:  flags (1) | the reply (the rest)
 *     flags:  bit 0  the request was about UDP (else TCP)
 *
 * The reply is copied into a buffer of exactly its size, so ASan sees a
 * read past it.  Invariants (abort when broken):
 *   - every socket handed over is of family 4 or 6 and of the request's
 *     protocol, and an IPv4 one has nothing past its 4 address bytes;
 *   - the callback ran exactly as often as "sockets" counted;
 *   - a walk that failed on an NLMSG_ERROR says which errno (> 0), and
 *     one that did not leaves the errno 0;
 *   - the status is one of the three.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "sockdiag.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct check {
	uint8_t		 proto;
	uint64_t	 calls;
};

static void
got(void *arg, const struct sockdiag_entry *e)
{
	static const uint8_t zero[12];
	struct check *k = arg;

	if (e->family != 4 && e->family != 6)
		abort();
	if (e->proto != k->proto)
		abort();
	if (e->family == 4 && (memcmp(e->laddr + 4, zero, 12) != 0 ||
	    memcmp(e->raddr + 4, zero, 12) != 0))
		abort();
	k->calls++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t c[SDC_MAX];
	struct check k;
	enum sockdiag_status st;
	uint8_t *buf;
	int e = -1;

	if (size < 1)
		return 0;
	memset(c, 0, sizeof(c));
	k.proto = (data[0] & 1) ? 17 : 6;
	k.calls = 0;
	buf = xmalloc(size - 1 > 0 ? size - 1 : 1);
	memcpy(buf, data + 1, size - 1);
	/* The sequence number of every seed's messages. */
	st = sockdiag_parse(buf, size - 1, k.proto, 1, got, &k, c, &e);
	if (st != SD_MORE && st != SD_DONE && st != SD_FAILED)
		abort();
	if (k.calls != c[SDC_SOCKETS])
		abort();
	if (e < 0 || (e != 0 && st != SD_FAILED))
		abort();
	free(buf);
	return 0;
}
