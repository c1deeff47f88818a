/*
 * fuzz-sync.c - the video wall's lead/follow message (viewer/core/sync.c):
 * sync_parse() over the input.  Invariants: a message that parses encodes
 * back to the same bytes (the MAC's bytes aside, which are not the
 * parser's) and parses again to the same fields; one that is refused says
 * why; and hearing it (sync_hear) never follows a leader's own message.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sync.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sync_msg m, again;
	struct sync_state st;
	uint8_t buf[SYNC_MAX];
	char err[128];
	size_t len, body;
	bool sig;

	err[0] = '\0';
	if (sync_parse(&m, data, size, err, sizeof(err)) == -1) {
		if (err[0] == '\0')
			abort();
		return 0;
	}
	if (size > SYNC_MAX)
		abort();
	sig = (m.flags & SYNC_F_SIGNED) != 0;
	len = sync_encode(&m, sig, buf, sizeof(buf));
	body = sig ? size - SYNC_MAC_LEN : size;
	if (len != size || memcmp(buf, data, body) != 0)
		abort();
	memcpy(buf + body, data + body, size - body);
	if (sync_parse(&again, buf, len, err, sizeof(err)) == -1 ||
	    memcmp(&again, &m, sizeof(m)) != 0)
		abort();
	sync_init(&st, m.leader, false);
	if (sync_hear(&st, &m, 0) != SYNC_OWN || st.have)
		abort();
	sync_init(&st, m.leader ^ 1, false);
	if (sync_hear(&st, &m, 0) != SYNC_NEW_LEADER ||
	    sync_hear(&st, &m, 1) != SYNC_OLD)
		abort();
	return 0;
}
