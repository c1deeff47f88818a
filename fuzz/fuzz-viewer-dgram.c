/*
 * fuzz-viewer-dgram.c - the viewer's datagram path with authentication, as
 * viewer/net.c takes it: pt_parse_begin(), auth_check() (common/auth.c),
 * then for what passed the records (pt_next_record) or the control message
 * (pt_parse_control).
 *
 * Input: a mode byte, a time byte, then the datagram.  Mode bits: 0x01 one
 * agent key is configured (id "fuzz"), 0x02 --require-auth, 0x04 the target
 * signs the datagram itself with that key at now + (int8_t)time byte * 4 s
 * (a fuzzer cannot forge a MAC; this reaches the verified path) in the
 * sequenced form (one boot id, the next sequence number), 0x10 in the old
 * form instead, 0x08 then checks it a second time.  The four verifiers (key or not, required or
 * not) are made once (loading a key is slow), and each input moves the clock
 * on by 1000 s, past the window of every datagram remembered before: what
 * becomes of an input does not depend on those before it.
 *
 * Invariants:
 *   - a datagram the target did not sign never verifies (AUTH_OK);
 *   - one it signed verifies with the key inside the window (+-300 s), is
 *     too-old or too-new outside it, and is a replay the second time;
 *   - with a key, no unsigned control message passes; with --require-auth
 *     nothing unsigned passes but empty datagrams and unknown keywords;
 *   - every string the parser hands back lies inside the datagram.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "protocol.h"

#define NOW		1700000000LL
#define KEY		"fuzzing key, 32 bytes long ....."

static char keyspec[64];
static uint64_t seq;
static struct auth_key key;
static struct auth_verifier *verifiers[4];
static int64_t now = NOW;
static bool ready;

static void
unlink_key(void)
{
	unlink(keyspec + 5);
}

/* The key file auth_verifier_add_key() reads, made once (mode 600). */
static void
setup(void)
{
	char err[256];
	int fd, i;

	snprintf(keyspec, sizeof(keyspec), "fuzz=/tmp/fuzz-viewer-key.XXXXXX");
	if ((fd = mkstemp(keyspec + 5)) == -1 ||
	    write(fd, KEY, strlen(KEY)) != (ssize_t)strlen(KEY) ||
	    close(fd) == -1)
		abort();
	atexit(unlink_key);
	if (auth_key_set(&key, KEY, strlen(KEY), err, sizeof(err)) == -1)
		abort();
	for (i = 0; i < 4; i++) {
		verifiers[i] = auth_verifier_new(NULL);
		if ((i & 0x01) && auth_verifier_add_key(verifiers[i], keyspec,
		    err, sizeof(err)) == -1)
			abort();
		auth_verifier_require(verifiers[i], (i & 0x02) != 0);
	}
	ready = true;
}

static void
inside(const struct pt_str *s, const char *buf, size_t len)
{
	if (s->len == 0)
		return;
	if (s->p < buf || s->len > len || s->p - buf > (ptrdiff_t)(len -
	    s->len))
		abort();
}

/* What the viewer does with a datagram let in. */
static void
consume(struct pt_parser *ps, const char *buf, size_t len)
{
	struct pt_record r;
	struct pt_control m;
	char err[PT_ERRBUF_SIZE];
	int rc, n = 0;

	switch (ps->kind) {
	case PT_NONE:
	case PT_UNKNOWN:
		return;
	case PT_RECORD:
	case PT_BALLISTIC:
		while ((rc = pt_next_record(ps, &r, err, sizeof(err))) != 0) {
			if (++n > 70000)
				abort();	/* more lines than bytes */
			if (rc < 0)
				continue;
			inside(&r.src.addr_text, buf, len);
			inside(&r.dst.addr_text, buf, len);
			inside(&r.desc, buf, len);
			if (r.desc.len > PT_MAX_DESC)
				abort();
		}
		return;
	default:
		if (pt_parse_control(ps, &m, err, sizeof(err)) == 0) {
			inside(&m.file, buf, len);
			inside(&m.text, buf, len);
		}
		return;
	}
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct auth_verifier *v;
	struct pt_parser ps;
	enum auth_result ar;
	char *buf;
	size_t len, cap;
	int64_t at;
	uint8_t mode;
	bool signed_here = false, in_window;
	int pass;

	if (size < 2 || size - 2 > PT_MAX_DATAGRAM)
		return 0;
	if (!ready)
		setup();
	mode = data[0];
	now += 1000;
	at = now + (int8_t)data[1] * 4;
	in_window = at >= now - AUTH_DEFAULT_WINDOW &&
	    at <= now + AUTH_DEFAULT_WINDOW;
	len = size - 2;
	cap = len + AUTH_LINE_MAX;
	buf = malloc(cap);
	if (buf == NULL)
		abort();
	memcpy(buf, data + 2, len);
	if (mode & 0x04) {
		struct auth_stamp st;

		/* One boot, a sequence number per input; 0x10: the old form. */
		memset(&st, 0, sizeof(st));
		st.time = at;
		st.has_seq = !(mode & 0x10);
		st.boot = 0x5eed5eed5eed5eedULL;
		st.seq = seq++;
		if ((len = auth_sign_prepend(buf, len, cap, "fuzz", &key,
		    &st)) == 0)
			goto out;
		signed_here = true;
	}
	v = verifiers[mode & 0x03];
	for (pass = 0; pass < ((mode & 0x08) ? 2 : 1); pass++) {
		pt_parse_begin(&ps, buf, len);
		if (ps.has_auth) {
			inside(&ps.auth.id, buf, len);
			inside(&ps.auth.signed_part, buf, len);
		}
		ar = auth_check(v, &ps, now);
		if (ar == AUTH_OK && !signed_here)
			abort();		/* a forged MAC */
		if (signed_here && ps.has_auth && (mode & 0x03)) {
			/* Our own line, unless the parser took another. */
			if (!(mode & 0x01) && ar != AUTH_UNKNOWN_ID)
				abort();
			if ((mode & 0x01) && ar != (!in_window ? (at < now ?
			    AUTH_TOO_OLD : AUTH_TOO_NEW) : pass == 0 ?
			    AUTH_OK : AUTH_REPLAY))
				abort();
		}
		if (auth_accepted(ar) && !ps.has_auth) {
			if ((mode & 0x02) && ps.kind != PT_NONE &&
			    ps.kind != PT_UNKNOWN)
				abort();
			if ((mode & 0x01) && ps.kind != PT_NONE &&
			    ps.kind != PT_UNKNOWN && ps.kind != PT_RECORD &&
			    ps.kind != PT_BALLISTIC)
				abort();
		}
		if (auth_accepted(ar))
			consume(&ps, buf, len);
	}
out:
	free(buf);
	return 0;
}
