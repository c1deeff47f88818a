/*
 * test-auth.c - authenticated feeds (common/auth.c).
 *
 * The HMAC against vectors computed with Python's hmac by
 * tests/auth/hmac-vectors.py (whole datagrams as the viewer receives them,
 * key files in both forms, NUL padding, CRLF, the largest time, keys longer
 * than a SHA-256 block); key files: the permissions, ownership and types
 * that are refused and the message that says how to fix them, the newline
 * and "hex:" rules, the size bounds, wiping; signing: the exact line, bad
 * ids, short buffers; verification: unknown id, bad MAC, the window's edges
 * (and a clock stepped back); replays of the sequenced form: identical
 * datagrams of one second all accepted, the sliding window's edges and
 * reordering, restarts (a new boot id accepted, old ones refused), one
 * key's flood never touching another key; replays of the old form: one
 * second's MACs remembered, earlier seconds behind, a full second refusing
 * rather than accepting; the viewer's policy (auth_check) with and without
 * keys and --require-auth; counters.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "protocol.h"
#include "test.h"

#include "../auth/hmac-vectors.h"

#define NV	(sizeof(hmac_vectors) / sizeof(hmac_vectors[0]))
#define T0	1700000000LL

static char dir[256];
static unsigned nfile;

/* A fresh file in our directory holding len bytes, with mode. */
static const char *
keyfile(const void *content, size_t len, mode_t mode)
{
	static char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/key%u", dir, nfile++);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd == -1 || write(fd, content, len) != (ssize_t)len) {
		printf("# cannot write %s: %s\n", path, strerror(errno));
		exit(99);
	}
	if (fchmod(fd, mode) == -1)
		exit(99);
	close(fd);
	return path;
}

static const char *
keyfile_str(const char *s, mode_t mode)
{
	return keyfile(s, strlen(s), mode);
}

static void
hex(const uint8_t *b, size_t n, char *out)
{
	static const char d[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = d[b[i] >> 4];
		out[2 * i + 1] = d[b[i] & 15];
	}
	out[2 * n] = '\0';
}

/* A verifier with key "k1" (and "k2" when two) from fresh 600 files. */
static struct auth_verifier *
verifier(int64_t window, size_t legacy_max, bool two)
{
	struct auth_opts o = AUTH_OPTS_DEFAULT;
	struct auth_verifier *v;
	char spec[600], err[AUTH_ERRBUF_SIZE];

	if (window >= 0)
		o.window = window;
	if (legacy_max > 0)
		o.legacy_max = legacy_max;
	v = auth_verifier_new(&o);
	snprintf(spec, sizeof(spec), "k1=%s",
	    keyfile_str("first shared secret\n", 0600));
	if (auth_verifier_add_key(v, spec, err, sizeof(err)) != 0) {
		printf("# %s\n", err);
		exit(99);
	}
	if (two) {
		snprintf(spec, sizeof(spec), "k2=%s",
		    keyfile_str("second shared secret\n", 0600));
		if (auth_verifier_add_key(v, spec, err, sizeof(err)) != 0)
			exit(99);
	}
	return v;
}

/* The key behind "k1" above, to sign with. */
static void
k1(struct auth_key *k)
{
	memset(k, 0, sizeof(*k));
	if (auth_key_set(k, "first shared secret", 19, NULL, 0) != 0)
		exit(99);
}

/* Sign payload as id with st into dst; its length. */
static size_t
make_stamp(char *dst, size_t cap, const struct auth_key *k, const char *id,
    const struct auth_stamp *st, const char *payload)
{
	size_t len = strlen(payload), n;

	n = auth_sign_line(dst, cap, id, k, st, payload, len);
	if (n == 0 || n + len > cap)
		exit(99);
	memcpy(dst + n, payload, len);
	return n + len;
}

/* Sign payload as id at t, in the old form (an older agent). */
static size_t
make(char *dst, size_t cap, const struct auth_key *k, const char *id,
    int64_t t, const char *payload)
{
	struct auth_stamp st = { t, false, 0, 0 };

	return make_stamp(dst, cap, k, id, &st, payload);
}

/* The same in the sequenced form: boot id and sequence number. */
static size_t
make_seq(char *dst, size_t cap, const struct auth_key *k, const char *id,
    int64_t t, uint64_t boot, uint64_t seq, const char *payload)
{
	struct auth_stamp st = { t, true, boot, seq };

	return make_stamp(dst, cap, k, id, &st, payload);
}

static struct auth_stamp
stamp_of(const struct hmac_vector *hv)
{
	struct auth_stamp st = { hv->time, hv->has_seq != 0, hv->boot,
	    hv->seq };

	return st;
}

static enum auth_result
check(struct auth_verifier *v, const char *buf, size_t len, int64_t now)
{
	struct pt_parser ps;

	pt_parse_begin(&ps, buf, len);
	return auth_check(v, &ps, now);
}

/* --- vectors -------------------------------------------------------------- */

TEST(vectors_mac)
{
	const struct hmac_vector *hv;
	struct auth_stamp st;
	struct auth_key k;
	uint8_t mac[AUTH_MAC_LEN];
	char got[2 * AUTH_MAC_LEN + 1], err[AUTH_ERRBUF_SIZE];
	size_t i, plen;

	for (i = 0; i < NV; i++) {
		hv = &hmac_vectors[i];
		memset(&k, 0, sizeof(k));
		CHECK(auth_key_load(keyfile(hv->keyfile, hv->keyfile_len, 0600),
		    &k, err, sizeof(err)) == 0);
		CHECK_EQ_U(k.len, hv->key_len);
		/* The signed part: the payload less trailing NUL padding. */
		plen = hv->payload_len;
		while (plen > 0 && hv->payload[plen - 1] == '\0')
			plen--;
		st = stamp_of(hv);
		CHECK(auth_mac(&k, hv->id, strlen(hv->id), &st, hv->payload,
		    plen, mac) == 0);
		hex(mac, sizeof(mac), got);
		if (strcmp(got, hv->mac) != 0)
			printf("  # vector %s\n", hv->name);
		CHECK_STR(got, hv->mac);
		auth_key_free(&k);
	}
}

TEST(vectors_sign_exact_datagram)
{
	const struct hmac_vector *hv;
	struct auth_stamp st;
	struct auth_key k;
	char buf[8192], err[AUTH_ERRBUF_SIZE];
	size_t i, n;

	for (i = 0; i < NV; i++) {
		hv = &hmac_vectors[i];
		memset(&k, 0, sizeof(k));
		CHECK(auth_key_load(keyfile(hv->keyfile, hv->keyfile_len, 0600),
		    &k, err, sizeof(err)) == 0);
		/*
		 * The line alone, then the whole datagram signed in place; NUL
		 * padding is sent but not signed, as the receiver drops it.
		 */
		st = stamp_of(hv);
		n = auth_sign_line(buf, sizeof(buf), hv->id, &k, &st,
		    hv->payload, hv->payload_len);
		CHECK_EQ_U(n, hv->datagram_len - hv->payload_len);
		CHECK(memcmp(buf, hv->datagram, n) == 0);
		memcpy(buf, hv->payload, hv->payload_len);
		n = auth_sign_prepend(buf, hv->payload_len, sizeof(buf), hv->id,
		    &k, &st);
		CHECK_EQ_U(n, hv->datagram_len);
		CHECK(memcmp(buf, hv->datagram, n) == 0);
		auth_key_free(&k);
	}
}

TEST(vectors_verify_as_viewer)
{
	const struct hmac_vector *hv;
	struct auth_verifier *v;
	struct pt_parser ps;
	char spec[600], err[AUTH_ERRBUF_SIZE];
	size_t i;

	for (i = 0; i < NV; i++) {
		hv = &hmac_vectors[i];
		v = auth_verifier_new(NULL);
		snprintf(spec, sizeof(spec), "%s=%s", hv->id,
		    keyfile(hv->keyfile, hv->keyfile_len, 0600));
		CHECK(auth_verifier_add_key(v, spec, err, sizeof(err)) == 0);
		pt_parse_begin(&ps, hv->datagram, hv->datagram_len);
		CHECK(ps.has_auth);
		CHECK_EQ_U(ps.auth.has_seq, hv->has_seq != 0);
		CHECK(ps.auth.boot == hv->boot && ps.auth.seq == hv->seq);
		CHECK_EQ_U(auth_check(v, &ps, hv->time), AUTH_OK);
		/* The very same datagram again: a replay. */
		pt_parse_begin(&ps, hv->datagram, hv->datagram_len);
		CHECK_EQ_U(auth_check(v, &ps, hv->time), AUTH_REPLAY);
		CHECK_EQ_U(auth_counter(v, AUTH_OK), 1);
		CHECK_EQ_U(auth_counter(v, AUTH_REPLAY), 1);
		auth_verifier_free(v);
	}
}

/* Any single changed byte of the datagram is refused, in either form. */
static void
tampered(const struct hmac_vector *hv)
{
	struct auth_verifier *v;
	char spec[600], err[AUTH_ERRBUF_SIZE], buf[512];
	enum auth_result r;
	size_t i, bad = 0;

	v = auth_verifier_new(NULL);
	snprintf(spec, sizeof(spec), "%s=%s", hv->id,
	    keyfile(hv->keyfile, hv->keyfile_len, 0600));
	CHECK(auth_verifier_add_key(v, spec, err, sizeof(err)) == 0);
	CHECK(hv->datagram_len <= sizeof(buf));
	for (i = 0; i < hv->datagram_len; i++) {
		memcpy(buf, hv->datagram, hv->datagram_len);
		buf[i] ^= 0x01;
		r = check(v, buf, hv->datagram_len, hv->time);
		if (r == AUTH_OK)
			printf("  # byte %zu changed, still accepted\n", i);
		else
			bad++;
	}
	CHECK_EQ_U(bad, hv->datagram_len);
	/* None of them was remembered: the original still goes through. */
	CHECK_EQ_U(check(v, hv->datagram, hv->datagram_len, hv->time), AUTH_OK);
	auth_verifier_free(v);
}

TEST(vectors_tampered)
{
	size_t i;

	for (i = 0; i < NV; i++)
		if (strcmp(hmac_vectors[i].name, "records") == 0 ||
		    strcmp(hmac_vectors[i].name, "seq_records") == 0)
			tampered(&hmac_vectors[i]);
}

/* --- key files ------------------------------------------------------------ */

TEST(key_permissions)
{
	static const mode_t refused[] = {
		0644, 0640, 0604, 0660, 0620, 0602, 0606, 0610, 0601, 0666,
		0777,
	};
	char err[AUTH_ERRBUF_SIZE];
	struct auth_key k;
	const char *p;
	size_t i;

	memset(&k, 0, sizeof(k));
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		p = keyfile_str("0123456789abcdef\n", refused[i]);
		err[0] = '\0';
		CHECK(auth_key_load(p, &k, err, sizeof(err)) == -1);
		CHECK(strstr(err, "chmod 600") != NULL);
		CHECK(strstr(err, p) != NULL);
		CHECK(k.mac == NULL);
	}
	p = keyfile_str("0123456789abcdef\n", 0600);
	CHECK(auth_key_load(p, &k, err, sizeof(err)) == 0);
	auth_key_free(&k);
	/* chmod 644 then 600 on the same file: refused, then accepted. */
	CHECK(chmod(p, 0644) == 0);
	CHECK(auth_key_load(p, &k, err, sizeof(err)) == -1);
	CHECK(chmod(p, 0600) == 0);
	CHECK(auth_key_load(p, &k, err, sizeof(err)) == 0);
	auth_key_free(&k);
	p = keyfile_str("0123456789abcdef\n", 0400);
	CHECK(auth_key_load(p, &k, err, sizeof(err)) == 0);
	auth_key_free(&k);
}

TEST(key_owner_and_type)
{
	char err[AUTH_ERRBUF_SIZE], path[600];
	struct auth_key k;
	const char *p;

	memset(&k, 0, sizeof(k));
	/* Not a regular file: a directory, a FIFO (without hanging). */
	CHECK(auth_key_load(dir, &k, err, sizeof(err)) == -1);
	CHECK(strstr(err, "not a regular file") != NULL);
	snprintf(path, sizeof(path), "%s/fifo", dir);
	CHECK(mkfifo(path, 0600) == 0);
	CHECK(auth_key_load(path, &k, err, sizeof(err)) == -1);
	CHECK(strstr(err, "not a regular file") != NULL);
	unlink(path);
	/* Missing. */
	snprintf(path, sizeof(path), "%s/none", dir);
	CHECK(auth_key_load(path, &k, err, sizeof(err)) == -1);
	CHECK(strstr(err, strerror(ENOENT)) != NULL);
	/* A symbolic link to a good key is the key. */
	p = keyfile_str("0123456789abcdef\n", 0600);
	snprintf(path, sizeof(path), "%s/link", dir);
	CHECK(symlink(p, path) == 0);
	CHECK(auth_key_load(path, &k, err, sizeof(err)) == 0);
	auth_key_free(&k);
	/* Owned by someone else (only root can make such a file). */
	if (geteuid() == 0) {
		p = keyfile_str("0123456789abcdef\n", 0600);
		CHECK(chown(p, 65534, 65534) == 0);
		CHECK(auth_key_load(p, &k, err, sizeof(err)) == -1);
		CHECK(strstr(err, "owned by uid 65534") != NULL);
		CHECK(strstr(err, "chown") != NULL);
	} else {
		printf("# not root: a file owned by another user not tried\n");
	}
}

TEST(key_contents)
{
	char err[AUTH_ERRBUF_SIZE], big[2 * AUTH_KEY_MAX + 16];
	struct auth_key k, w;
	size_t i;

	memset(&k, 0, sizeof(k));
	memset(&w, 0, sizeof(w));
	/* One trailing newline (LF or CRLF) is not part of the key. */
	CHECK(auth_key_load(keyfile_str("0123456789abcdef\n", 0600), &k, err,
	    sizeof(err)) == 0);
	CHECK_MEM(k.bytes, k.len, "0123456789abcdef");
	CHECK(auth_key_load(keyfile_str("0123456789abcdef\r\n", 0600), &k,
	    err, sizeof(err)) == 0);
	CHECK_MEM(k.bytes, k.len, "0123456789abcdef");
	CHECK(auth_key_load(keyfile_str("0123456789abcdef", 0600), &k, err,
	    sizeof(err)) == 0);
	CHECK_MEM(k.bytes, k.len, "0123456789abcdef");
	CHECK(auth_key_load(keyfile_str("0123456789abcdef\n\n", 0600), &k,
	    err, sizeof(err)) == 0);
	CHECK_MEM(k.bytes, k.len, "0123456789abcdef\n");
	/* The same key, the same MAC, whatever the form. */
	CHECK(auth_key_load(keyfile_str("hex:30313233343536373839616263646566"
	    "\n", 0600), &w, err, sizeof(err)) == 0);
	CHECK_MEM(w.bytes, w.len, "0123456789abcdef");
	{
		uint8_t m1[AUTH_MAC_LEN], m2[AUTH_MAC_LEN];

		struct auth_stamp st = { 5, false, 0, 0 };

		CHECK(auth_mac(&k, "a", 1, &st, "x", 1, m1) == 0);
		CHECK(auth_mac(&w, "a", 1, &st, "x", 1, m2) == 0);
		CHECK(memcmp(m1, m2, sizeof(m1)) != 0);	/* k has the extra \n */
		CHECK(auth_key_load(keyfile_str("0123456789abcdef", 0600), &k,
		    err, sizeof(err)) == 0);
		CHECK(auth_mac(&k, "a", 1, &st, "x", 1, m1) == 0);
		CHECK(memcmp(m1, m2, sizeof(m1)) == 0);
	}
	auth_key_free(&w);
	/* Bad hex. */
	CHECK(auth_key_load(keyfile_str("hex:3031323334353637383961626364656\n",
	    0600), &k, err, sizeof(err)) == -1);
	CHECK(strstr(err, "odd") != NULL);
	CHECK(auth_key_load(keyfile_str("hex:3031323334353637383961626364656g\n",
	    0600), &k, err, sizeof(err)) == -1);
	CHECK(strstr(err, "hex digit") != NULL);
	/* Bounds: 15 and 1025 refused, 16 and 1024 taken; empty refused. */
	CHECK(auth_key_load(keyfile_str("0123456789abcde\n", 0600), &k, err,
	    sizeof(err)) == -1);
	CHECK(strstr(err, "15 bytes") != NULL);
	CHECK(strstr(err, "openssl rand") != NULL);
	CHECK(auth_key_load(keyfile_str("", 0600), &k, err, sizeof(err)) == -1);
	CHECK(strstr(err, "empty") != NULL);
	CHECK(auth_key_load(keyfile_str("\n", 0600), &k, err, sizeof(err)) ==
	    -1);
	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)('a' + i % 26);
	CHECK(auth_key_load(keyfile(big, AUTH_KEY_MAX, 0600), &k, err,
	    sizeof(err)) == 0);
	CHECK_EQ_U(k.len, AUTH_KEY_MAX);
	CHECK(auth_key_load(keyfile(big, AUTH_KEY_MAX + 1, 0600), &k, err,
	    sizeof(err)) == -1);
	CHECK(auth_key_load(keyfile(big, sizeof(big), 0600), &k, err,
	    sizeof(err)) == -1);
	CHECK(strstr(err, "too long") != NULL);
	/* The longest hex form is fine. */
	memcpy(big, "hex:", 4);
	for (i = 0; i < 2 * AUTH_KEY_MAX; i++)
		big[4 + i] = "0123456789abcdef"[i % 16];
	big[4 + 2 * AUTH_KEY_MAX] = '\r';
	big[5 + 2 * AUTH_KEY_MAX] = '\n';
	CHECK(auth_key_load(keyfile(big, 6 + 2 * AUTH_KEY_MAX, 0600), &k, err,
	    sizeof(err)) == 0);
	CHECK_EQ_U(k.len, AUTH_KEY_MAX);
	CHECK_EQ_U(k.bytes[0], 0x01);
	CHECK_EQ_U(k.bytes[AUTH_KEY_MAX - 1], 0xef);
	auth_key_free(&k);
}

TEST(key_wiped)
{
	static const uint8_t zero[sizeof(struct auth_key)];
	struct auth_key k;

	memset(&k, 0, sizeof(k));
	CHECK(auth_key_set(&k, "a secret of some length", 23, NULL, 0) == 0);
	CHECK(k.mac != NULL);
	auth_key_free(&k);
	CHECK(memcmp(&k, zero, sizeof(k)) == 0);
	auth_key_free(&k);		/* twice is harmless */
}

/* --- signing -------------------------------------------------------------- */

TEST(sign_line)
{
	char buf[AUTH_LINE_MAX + 64], id[AUTH_ID_MAX + 2];
	struct auth_stamp old = { 42, false, 0, 0 }, one = { 1, false, 0, 0 };
	struct auth_stamp seq = { 42, true, 0xabcdefULL, 7 };
	struct auth_stamp max = { INT64_MAX, true, UINT64_MAX, UINT64_MAX };
	struct auth_stamp neg = { -1, false, 0, 0 };
	struct auth_key k;
	size_t n;

	k1(&k);
	n = auth_sign_line(buf, sizeof(buf), "agent-7", &k, &old, "PACKTER\n",
	    8);
	CHECK(n == 13 + 7 + 1 + 2 + 1 + 64 + 1);
	CHECK(memcmp(buf, "PACKTERAGENT agent-7,42,", 24) == 0);
	CHECK(buf[n - 1] == '\n');
	n = auth_sign_line(buf, sizeof(buf), "agent-7", &k, &seq, "PACKTER\n",
	    8);
	CHECK(n == 13 + 7 + 1 + 2 + 1 + 64 + 1 + 16 + 1 + 1 + 1);
	CHECK(memcmp(buf, "PACKTERAGENT agent-7,42,", 24) == 0);
	CHECK(memcmp(buf + 24 + 64, ",0000000000abcdef,7\n", 20) == 0);
	/* Ids that cannot go on the wire. */
	CHECK_EQ_U(auth_sign_line(buf, sizeof(buf), "", &k, &one, "", 0), 0);
	CHECK_EQ_U(auth_sign_line(buf, sizeof(buf), "a,b", &k, &one, "", 0), 0);
	CHECK_EQ_U(auth_sign_line(buf, sizeof(buf), "a b", &k, &one, "", 0), 0);
	CHECK_EQ_U(auth_sign_line(buf, sizeof(buf), "a\nb", &k, &one, "", 0),
	    0);
	CHECK_EQ_U(auth_sign_line(buf, sizeof(buf), "a\tb", &k, &one, "", 0),
	    0);
	CHECK_EQ_U(auth_sign_line(buf, sizeof(buf), "a\177", &k, &one, "", 0),
	    0);
	CHECK_EQ_U(auth_sign_line(buf, sizeof(buf), "a=b", &k, &one, "", 0), 0);
	CHECK_EQ_U(auth_sign_line(buf, sizeof(buf), NULL, &k, &one, "", 0), 0);
	memset(id, 'i', sizeof(id));
	id[AUTH_ID_MAX] = '\0';
	n = auth_sign_line(buf, sizeof(buf), id, &k, &max, "", 0);
	CHECK_EQ_U(n, AUTH_LINE_MAX);
	CHECK_EQ_U(auth_line_max(id), AUTH_LINE_MAX);
	CHECK_EQ_U(auth_line_max("agent-7"),
	    13 + 7 + 1 + 19 + 1 + 64 + 1 + 16 + 1 + 20 + 1);
	CHECK_EQ_U(auth_line_max("a,b"), 0);
	CHECK_EQ_U(auth_line_max(NULL), 0);
	id[AUTH_ID_MAX] = 'i';
	id[AUTH_ID_MAX + 1] = '\0';
	CHECK_EQ_U(auth_sign_line(buf, sizeof(buf), id, &k, &one, "", 0), 0);
	/* A negative time, no room, no key, no stamp. */
	CHECK_EQ_U(auth_sign_line(buf, sizeof(buf), "a", &k, &neg, "", 0), 0);
	CHECK_EQ_U(auth_sign_line(buf, 20, "a", &k, &one, "", 0), 0);
	CHECK_EQ_U(auth_sign_line(buf, sizeof(buf), "a", NULL, &one, "", 0), 0);
	CHECK_EQ_U(auth_sign_line(buf, sizeof(buf), "a", &k, NULL, "", 0), 0);
	auth_key_free(&k);
}

/* The agent's signer: one boot id, sequence numbers 0, 1, 2 ... */
TEST(signer)
{
	struct auth_signer a, b;
	struct pt_parser ps;
	struct auth_key k;
	char buf[256], err[AUTH_ERRBUF_SIZE];
	uint64_t i;
	size_t n;

	k1(&k);
	CHECK(auth_signer_init(&a, "k1", &k, err, sizeof(err)) == 0);
	CHECK(auth_signer_init(&b, "k1", &k, err, sizeof(err)) == 0);
	/* Two starts, two boot ids (a chance of 2^-64 that this fails). */
	CHECK(a.boot != b.boot);
	for (i = 0; i < 3; i++) {
		n = auth_signer_line(&a, buf, sizeof(buf), T0, "PACKTER\n", 8);
		CHECK(n > 0 && n + 8 <= sizeof(buf));
		memcpy(buf + n, "PACKTER\n", 8);
		CHECK_EQ_U(pt_parse_begin(&ps, buf, n + 8), PT_RECORD);
		CHECK(ps.has_auth && ps.auth.has_seq);
		CHECK(ps.auth.boot == a.boot);
		CHECK_EQ_U(ps.auth.seq, i);
	}
	CHECK_EQ_U(a.seq, 3);
	/* No room: nothing written, the number not used up. */
	CHECK_EQ_U(auth_signer_line(&a, buf, 20, T0, "PACKTER\n", 8), 0);
	CHECK_EQ_U(a.seq, 3);
	/* The last number is never wrapped to 0. */
	a.seq = UINT64_MAX;
	CHECK_EQ_U(auth_signer_line(&a, buf, sizeof(buf), T0, "", 0), 0);
	CHECK(auth_signer_init(&a, "a,b", &k, err, sizeof(err)) == -1);
	CHECK(auth_signer_init(&a, "k1", NULL, err, sizeof(err)) == -1);
	auth_key_free(&k);
}

TEST(sign_prepend)
{
	static const char payload[] = "PACKTERSE\nbeep.wav\n";
	char buf[256], save[256];
	struct auth_verifier *v = verifier(-1, 0, false);
	struct auth_stamp st = { T0, false, 0, 0 };
	struct auth_key k;
	size_t len = sizeof(payload) - 1, n;

	k1(&k);
	memcpy(buf, payload, len);
	n = auth_sign_prepend(buf, len, sizeof(buf), "k1", &k, &st);
	CHECK(n > len);
	CHECK(memcmp(buf + n - len, payload, len) == 0);
	CHECK_EQ_U(check(v, buf, n, T0), AUTH_OK);
	/* Too small: nothing is touched. */
	memcpy(buf, payload, len);
	memcpy(save, buf, sizeof(buf));
	/* "PACKTERAGENT k1,1700000000,<64>\n" is 92 bytes. */
	CHECK_EQ_U(auth_sign_prepend(buf, len, len + 91, "k1", &k, &st), 0);
	CHECK(memcmp(buf, save, sizeof(buf)) == 0);
	CHECK_EQ_U(auth_sign_prepend(buf, len, len + 92, "k1", &k, &st),
	    len + 92);
	memcpy(buf, save, sizeof(buf));
	CHECK_EQ_U(auth_sign_prepend(buf, len + 1, len, "k1", &k, &st), 0);
	auth_key_free(&k);
	auth_verifier_free(v);
}

/* --- verification --------------------------------------------------------- */

TEST(unknown_id_and_bad_mac)
{
	struct auth_verifier *v = verifier(-1, 0, true);
	struct auth_key k, other;
	char buf[512];
	size_t n;

	k1(&k);
	memset(&other, 0, sizeof(other));
	CHECK(auth_key_set(&other, "not the first secret", 20, NULL, 0) == 0);
	n = make(buf, sizeof(buf), &k, "k3", T0, "PACKTER\n1,2,3,4,0,x\n");
	CHECK_EQ_U(check(v, buf, n, T0), AUTH_UNKNOWN_ID);
	/* k1's line under k2's id: the wrong key. */
	n = make(buf, sizeof(buf), &k, "k2", T0, "PACKTER\n1,2,3,4,0,x\n");
	CHECK_EQ_U(check(v, buf, n, T0), AUTH_BAD_MAC);
	n = make(buf, sizeof(buf), &other, "k1", T0, "PACKTER\n1,2,3,4,0,x\n");
	CHECK_EQ_U(check(v, buf, n, T0), AUTH_BAD_MAC);
	/* The MAC's last digit changed. */
	n = make(buf, sizeof(buf), &k, "k1", T0, "PACKTER\n1,2,3,4,0,x\n");
	buf[strchr(buf, '\n') - buf - 1] ^= 1;
	CHECK_EQ_U(check(v, buf, n, T0), AUTH_BAD_MAC);
	/* A time rewritten (still canonical, inside the window). */
	n = make(buf, sizeof(buf), &k, "k1", T0, "PACKTER\n1,2,3,4,0,x\n");
	buf[strlen("PACKTERAGENT k1,170000000")] = '1';
	CHECK_EQ_U(check(v, buf, n, T0), AUTH_BAD_MAC);
	/* Ids are compared whole: "k" and "k11" are not "k1". */
	n = make(buf, sizeof(buf), &k, "k", T0, "PACKTER\n");
	CHECK_EQ_U(check(v, buf, n, T0), AUTH_UNKNOWN_ID);
	n = make(buf, sizeof(buf), &k, "k11", T0, "PACKTER\n");
	CHECK_EQ_U(check(v, buf, n, T0), AUTH_UNKNOWN_ID);
	/* The sequenced form: boot id and sequence number are signed too. */
	n = make_seq(buf, sizeof(buf), &k, "k1", T0, 0x10, 7, "PACKTER\n");
	buf[strchr(buf, '\n') - buf - 1] = '8';
	CHECK_EQ_U(check(v, buf, n, T0), AUTH_BAD_MAC);
	n = make_seq(buf, sizeof(buf), &k, "k1", T0, 0x10, 7, "PACKTER\n");
	buf[strchr(buf, '\n') - buf - 3] = '1';
	CHECK_EQ_U(check(v, buf, n, T0), AUTH_BAD_MAC);
	/* The old form's MAC under a sequenced line, and the other way. */
	n = make(buf, sizeof(buf), &k, "k1", T0, "PACKTER\n");
	memcpy(buf + n - 9, ",0000000000000010,7\nPACKTER\n", 29);
	CHECK_EQ_U(check(v, buf, n + 20, T0), AUTH_BAD_MAC);
	CHECK_EQ_U(auth_counter(v, AUTH_BAD_MAC), 7);
	CHECK_EQ_U(auth_counter(v, AUTH_UNKNOWN_ID), 3);
	CHECK_EQ_U(auth_replay_entries(v), 0);
	auth_key_free(&k);
	auth_key_free(&other);
	auth_verifier_free(v);
}

TEST(window_edges)
{
	struct auth_verifier *v = verifier(-1, 0, false);
	struct auth_key k;
	char buf[512];
	size_t n;

	k1(&k);
	n = make(buf, sizeof(buf), &k, "k1", T0 - 300, "PACKTER\n");
	CHECK_EQ_U(check(v, buf, n, T0), AUTH_OK);
	n = make(buf, sizeof(buf), &k, "k1", T0 - 301, "PACKTER\n");
	CHECK_EQ_U(check(v, buf, n, T0), AUTH_TOO_OLD);
	n = make(buf, sizeof(buf), &k, "k1", T0 + 300, "PACKTER\n");
	CHECK_EQ_U(check(v, buf, n, T0), AUTH_OK);
	n = make(buf, sizeof(buf), &k, "k1", T0 + 301, "PACKTER\n");
	CHECK_EQ_U(check(v, buf, n, T0), AUTH_TOO_NEW);
	n = make(buf, sizeof(buf), &k, "k1", INT64_MAX, "PACKTER\n");
	CHECK_EQ_U(check(v, buf, n, T0), AUTH_TOO_NEW);
	n = make(buf, sizeof(buf), &k, "k1", 0, "PACKTER\n");
	CHECK_EQ_U(check(v, buf, n, T0), AUTH_TOO_OLD);
	/*
	 * Outside the window is refused before it could be remembered; of the
	 * old form only the latest second is kept.
	 */
	CHECK_EQ_U(auth_replay_entries(v), 1);
	auth_verifier_free(v);

	/* A window of 10 s. */
	v = verifier(10, 0, false);
	n = make(buf, sizeof(buf), &k, "k1", T0 - 10, "PACKTER\n");
	CHECK_EQ_U(check(v, buf, n, T0), AUTH_OK);
	n = make(buf, sizeof(buf), &k, "k1", T0 - 11, "PACKTER\n");
	CHECK_EQ_U(check(v, buf, n, T0), AUTH_TOO_OLD);
	n = make(buf, sizeof(buf), &k, "k1", T0 + 11, "PACKTER\n");
	CHECK_EQ_U(check(v, buf, n, T0), AUTH_TOO_NEW);
	/* The clock stepped back 100 s: the lower edge stays where it was. */
	n = make(buf, sizeof(buf), &k, "k1", T0 - 50, "PACKTER\n");
	CHECK_EQ_U(check(v, buf, n, T0 - 50), AUTH_TOO_OLD);
	CHECK_EQ_U(auth_counter(v, AUTH_TOO_OLD), 2);
	CHECK_EQ_U(auth_counter(v, AUTH_TOO_NEW), 1);
	auth_verifier_free(v);
	auth_key_free(&k);
}

TEST(replay)
{
	struct auth_verifier *v = verifier(-1, 0, true);
	struct auth_key k;
	char a[512], b[512];
	size_t na, nb;

	k1(&k);
	na = make(a, sizeof(a), &k, "k1", T0, "PACKTER\n1,2,3,4,0,x\n");
	CHECK_EQ_U(check(v, a, na, T0), AUTH_OK);
	CHECK_EQ_U(check(v, a, na, T0), AUTH_REPLAY);
	CHECK_EQ_U(check(v, a, na, T0 + 300), AUTH_REPLAY);
	/* Trailing NUL padding and CRLF on the line change nothing. */
	memcpy(b, a, na);
	b[na] = '\0';
	CHECK_EQ_U(check(v, b, na + 1, T0 + 1), AUTH_REPLAY);
	nb = (size_t)(strchr(a, '\n') - a);
	memcpy(b, a, nb);
	b[nb] = '\r';
	memcpy(b + nb + 1, a + nb, na - nb);
	CHECK_EQ_U(check(v, b, na + 1, T0 + 1), AUTH_REPLAY);
	/* The same payload a second later is a new datagram. */
	nb = make(b, sizeof(b), &k, "k1", T0 + 1, "PACKTER\n1,2,3,4,0,x\n");
	CHECK_EQ_U(check(v, b, nb, T0 + 1), AUTH_OK);
	CHECK_EQ_U(check(v, b, nb, T0 + 1), AUTH_REPLAY);
	/* Once its time has left the window it is too old, not new again. */
	CHECK_EQ_U(check(v, a, na, T0 + 301), AUTH_TOO_OLD);
	CHECK_EQ_U(auth_counter(v, AUTH_REPLAY), 5);
	auth_verifier_free(v);
	auth_key_free(&k);
}

/* Old form: one second's MACs, past the first table, all remembered. */
TEST(replay_many)
{
	struct auth_verifier *v = verifier(-1, 5000, false);
	struct auth_key k;
	char buf[512], payload[64];
	size_t n, i, ok = 0, replays = 0;

	k1(&k);
	for (i = 0; i < 3000; i++) {
		snprintf(payload, sizeof(payload), "PACKTER\n1,2,3,4,0,%zu\n", i);
		n = make(buf, sizeof(buf), &k, "k1", T0, payload);
		ok += check(v, buf, n, T0) == AUTH_OK;
	}
	CHECK_EQ_U(ok, 3000);
	CHECK_EQ_U(auth_replay_entries(v), 3000);
	for (i = 0; i < 3000; i++) {
		snprintf(payload, sizeof(payload), "PACKTER\n1,2,3,4,0,%zu\n", i);
		n = make(buf, sizeof(buf), &k, "k1", T0, payload);
		replays += check(v, buf, n, T0) == AUTH_REPLAY;
	}
	CHECK_EQ_U(replays, 3000);
	auth_verifier_free(v);
	auth_key_free(&k);
}

/* Old form: a full second refuses rather than accepts unremembered. */
TEST(replay_cache_full)
{
	struct auth_verifier *v = verifier(-1, 4, false);
	struct auth_key k;
	char buf[8][512];
	size_t n[8];
	int i;

	/* Six datagrams of T0, two of T0 + 1. */
	static const char *const payload[8] = {
		"PACKTER\n", "PACKTER\n\n", "PACKTER\n\n\n", "PACKTER\n\n\n\n",
		"PACKTERSE\na.wav\n", "PACKTERSE\nb.wav\n",
		"PACKTERSE\nx.wav\n", "PACKTER\n1,2,3,4,0,x\n",
	};

	k1(&k);
	for (i = 0; i < 8; i++)
		n[i] = make(buf[i], sizeof(buf[i]), &k, "k1", T0 + i / 6,
		    payload[i]);
	for (i = 0; i < 4; i++)
		CHECK_EQ_U(check(v, buf[i], n[i], T0), AUTH_OK);
	CHECK_EQ_U(auth_replay_entries(v), 4);
	/* Full: refused, not accepted unremembered. */
	CHECK_EQ_U(check(v, buf[4], n[4], T0), AUTH_REPLAY_FULL);
	CHECK_EQ_U(check(v, buf[5], n[5], T0 + 300), AUTH_REPLAY_FULL);
	/* Replays of what is in it are still replays. */
	CHECK_EQ_U(check(v, buf[0], n[0], T0 + 300), AUTH_REPLAY);
	/* The next second has room again; the last one is behind for good. */
	CHECK_EQ_U(check(v, buf[6], n[6], T0 + 1), AUTH_OK);
	CHECK_EQ_U(check(v, buf[7], n[7], T0 + 1), AUTH_OK);
	CHECK_EQ_U(auth_replay_entries(v), 2);
	CHECK_EQ_U(check(v, buf[4], n[4], T0 + 1), AUTH_BEHIND);
	CHECK_EQ_U(check(v, buf[0], n[0], T0 + 1), AUTH_BEHIND);
	CHECK_EQ_U(check(v, buf[6], n[6], T0 + 1), AUTH_REPLAY);
	CHECK_EQ_U(auth_counter(v, AUTH_REPLAY_FULL), 2);
	CHECK_EQ_U(auth_counter(v, AUTH_BEHIND), 2);
	auth_verifier_free(v);
	auth_key_free(&k);
}

/*
 * The hole: byte-identical datagrams of one second looked like replays (10
 * identical pings, 2 kept).  The agent's signer numbers them: all are kept.
 * The old form cannot tell them apart: one is kept.
 */
TEST(identical_datagrams)
{
	static const char ping[] = "PACKTER\n192.0.2.1,192.0.2.2,2048,0,4,"
	    "ICMPv4 src:192.0.2.1 dst:192.0.2.2 (type:8 code:0)\n";
	struct auth_verifier *v = verifier(-1, 0, false);
	struct auth_signer sg;
	struct auth_key k;
	char buf[512], err[AUTH_ERRBUF_SIZE];
	size_t len = sizeof(ping) - 1, n, i, ok = 0;

	k1(&k);
	CHECK(auth_signer_init(&sg, "k1", &k, err, sizeof(err)) == 0);
	for (i = 0; i < 10; i++) {
		n = auth_signer_line(&sg, buf, sizeof(buf), T0, ping, len);
		CHECK(n > 0 && n + len <= sizeof(buf));
		memcpy(buf + n, ping, len);
		ok += check(v, buf, n + len, T0) == AUTH_OK;
	}
	CHECK_EQ_U(ok, 10);
	/* Each of them once only. */
	CHECK_EQ_U(check(v, buf, n + len, T0), AUTH_REPLAY);
	auth_verifier_free(v);

	v = verifier(-1, 0, false);
	for (i = ok = 0; i < 10; i++) {
		n = make(buf, sizeof(buf), &k, "k1", T0, ping);
		ok += check(v, buf, n, T0) == AUTH_OK;
	}
	CHECK_EQ_U(ok, 1);
	CHECK_EQ_U(auth_counter(v, AUTH_REPLAY), 9);
	auth_verifier_free(v);
	auth_key_free(&k);
}

/* The sliding window over sequence numbers: its edges and reordering. */
TEST(seq_window)
{
	struct auth_verifier *v = verifier(-1, 0, false);
	struct auth_key k;
	char buf[512];
	size_t n;
	uint64_t i, ok;

#define SEQ(s)	(n = make_seq(buf, sizeof(buf), &k, "k1", T0, 0xb0, (s), \
	    "PACKTER\n"), check(v, buf, n, T0))
	k1(&k);
	CHECK_EQ_U(SEQ(5000), AUTH_OK);
	CHECK_EQ_U(SEQ(5000), AUTH_REPLAY);
	/* Late, but inside the window: once each. */
	CHECK_EQ_U(SEQ(4999), AUTH_OK);
	CHECK_EQ_U(SEQ(4999), AUTH_REPLAY);
	CHECK_EQ_U(SEQ(5000 - AUTH_SEQ_WINDOW + 1), AUTH_OK);
	CHECK_EQ_U(SEQ(5000 - AUTH_SEQ_WINDOW + 1), AUTH_REPLAY);
	CHECK_EQ_U(SEQ(5000 - AUTH_SEQ_WINDOW), AUTH_BEHIND);
	CHECK_EQ_U(SEQ(0), AUTH_BEHIND);
	/* Numbers skipped (lost datagrams) are fine, any order inside. */
	CHECK_EQ_U(SEQ(5010), AUTH_OK);
	CHECK_EQ_U(SEQ(5005), AUTH_OK);
	CHECK_EQ_U(SEQ(5001), AUTH_OK);
	CHECK_EQ_U(SEQ(5005), AUTH_REPLAY);
	/* A jump past the whole window forgets it all, and nothing returns. */
	CHECK_EQ_U(SEQ(1000000), AUTH_OK);
	CHECK_EQ_U(SEQ(5010), AUTH_BEHIND);
	CHECK_EQ_U(SEQ(1000000 - 1), AUTH_OK);
	CHECK_EQ_U(SEQ(1000000), AUTH_REPLAY);
	/* Every number of a long run once, then none again. */
	for (i = 2000000, ok = 0; i < 2000000 + 3 * AUTH_SEQ_WINDOW; i++)
		ok += SEQ(i) == AUTH_OK;
	CHECK_EQ_U(ok, 3 * AUTH_SEQ_WINDOW);
	for (i = 2000000 + 2 * AUTH_SEQ_WINDOW, ok = 0;
	    i < 2000000 + 3 * AUTH_SEQ_WINDOW; i++)
		ok += SEQ(i) == AUTH_REPLAY;
	CHECK_EQ_U(ok, AUTH_SEQ_WINDOW);
	/* Across a word of the bitmap and its ring. */
	CHECK_EQ_U(SEQ(UINT64_MAX - 1), AUTH_OK);
	CHECK_EQ_U(SEQ(UINT64_MAX), AUTH_OK);
	CHECK_EQ_U(SEQ(UINT64_MAX - 64), AUTH_OK);
	CHECK_EQ_U(SEQ(UINT64_MAX), AUTH_REPLAY);
	CHECK_EQ_U(SEQ(UINT64_MAX - 1), AUTH_REPLAY);
	CHECK_EQ_U(SEQ(0), AUTH_BEHIND);
	/* The sequenced form keeps nothing per datagram. */
	CHECK_EQ_U(auth_replay_entries(v), 0);
#undef SEQ
	auth_verifier_free(v);
	auth_key_free(&k);
}

/*
 * An agent that restarts draws a new boot id and counts from 0 again: it is
 * accepted.  What its earlier boots signed is not, whatever the number.
 */
TEST(restart)
{
	struct auth_verifier *v = verifier(-1, 0, false);
	struct auth_key k;
	char old[512], prev[512], buf[512];
	size_t nold, nprev, n;
	uint64_t b;

	k1(&k);
	n = make_seq(buf, sizeof(buf), &k, "k1", T0, 0xaaa, 0, "PACKTER\n");
	CHECK_EQ_U(check(v, buf, n, T0), AUTH_OK);
	nold = make_seq(old, sizeof(old), &k, "k1", T0 + 1, 0xaaa, 900,
	    "PACKTER\n");
	CHECK_EQ_U(check(v, old, nold, T0 + 1), AUTH_OK);
	/* Restarted at T0 + 2: boot 0xbbb, numbers from 0. */
	n = make_seq(buf, sizeof(buf), &k, "k1", T0 + 2, 0xbbb, 0, "PACKTER\n");
	CHECK_EQ_U(check(v, buf, n, T0 + 2), AUTH_OK);
	CHECK_EQ_U(check(v, buf, n, T0 + 2), AUTH_REPLAY);
	/* The first boot's datagrams: refused, new to the window or not. */
	CHECK_EQ_U(check(v, old, nold, T0 + 2), AUTH_OLD_BOOT);
	n = make_seq(buf, sizeof(buf), &k, "k1", T0 + 2, 0xaaa, 901,
	    "PACKTER\n");
	CHECK_EQ_U(check(v, buf, n, T0 + 2), AUTH_OLD_BOOT);
	/* Restarted again within the same second: accepted. */
	nprev = make_seq(prev, sizeof(prev), &k, "k1", T0 + 2, 0xbbb, 1,
	    "PACKTER\n");
	n = make_seq(buf, sizeof(buf), &k, "k1", T0 + 2, 0xccc, 0, "PACKTER\n");
	CHECK_EQ_U(check(v, buf, n, T0 + 2), AUTH_OK);
	CHECK_EQ_U(check(v, prev, nprev, T0 + 2), AUTH_OLD_BOOT);
	/*
	 * Many restarts later the first boot is forgotten by id, but its
	 * times are before the current boot's: still refused.
	 */
	for (b = 0; b < 2 * AUTH_OLD_BOOTS; b++) {
		n = make_seq(buf, sizeof(buf), &k, "k1", T0 + 3 + (int64_t)b,
		    0xd00 + b, 0, "PACKTER\n");
		CHECK_EQ_U(check(v, buf, n, T0 + 3 + (int64_t)b), AUTH_OK);
	}
	CHECK_EQ_U(check(v, old, nold, T0 + 20), AUTH_OLD_BOOT);
	CHECK_EQ_U(check(v, prev, nprev, T0 + 20), AUTH_OLD_BOOT);
	/* An agent whose clock stepped back across its restart waits. */
	n = make_seq(buf, sizeof(buf), &k, "k1", T0 + 5, 0xeee, 0, "PACKTER\n");
	CHECK_EQ_U(check(v, buf, n, T0 + 20), AUTH_OLD_BOOT);
	n = make_seq(buf, sizeof(buf), &k, "k1", T0 + 3 + 2 * AUTH_OLD_BOOTS,
	    0xeee, 1, "PACKTER\n");
	CHECK_EQ_U(check(v, buf, n, T0 + 20), AUTH_OK);
	CHECK_EQ_U(auth_counter(v, AUTH_OLD_BOOT), 6);
	auth_verifier_free(v);
	auth_key_free(&k);
}

/*
 * The hole: one key holder filling the shared replay cache (1.1M datagrams
 * in 24 s) made every other agent's signed datagrams refused for 300 s.
 * Now each key has its own window: k2 sends more than that cache held, in
 * both forms, and k1 is not touched.
 */
TEST(keys_apart)
{
	struct auth_verifier *v = verifier(-1, 0, true);
	struct auth_key k, k2;
	char buf[512], payload[64];
	size_t n, i, ok = 0, full = 0;

	k1(&k);
	memset(&k2, 0, sizeof(k2));
	CHECK(auth_key_set(&k2, "second shared secret", 20, NULL, 0) == 0);
	n = make_seq(buf, sizeof(buf), &k, "k1", T0, 1, 0, "PACKTER\n");
	CHECK_EQ_U(check(v, buf, n, T0), AUTH_OK);
	/* 2^20 + 1 datagrams: one more than the old cache's default. */
	for (i = 0; i <= (1u << 20); i++) {
		n = make_seq(buf, sizeof(buf), &k2, "k2",
		    T0 + (int64_t)(i >> 16), 2, i, "PACKTER\n");
		ok += check(v, buf, n, T0 + (int64_t)(i >> 16)) == AUTH_OK;
	}
	CHECK_EQ_U(ok, (1u << 20) + 1);
	/* And the old form: k2's second fills; k2 is refused, k1 is not. */
	for (i = 0; i < AUTH_DEFAULT_LEGACY + 10; i++) {
		snprintf(payload, sizeof(payload), "PACKTER\n1,0,3,4,0,%zu\n",
		    i);
		n = make(buf, sizeof(buf), &k2, "k2", T0 + 16, payload);
		full += check(v, buf, n, T0 + 16) == AUTH_REPLAY_FULL;
	}
	CHECK_EQ_U(full, 10);
	n = make_seq(buf, sizeof(buf), &k, "k1", T0 + 16, 1, 1, "PACKTER\n");
	CHECK_EQ_U(check(v, buf, n, T0 + 16), AUTH_OK);
	n = make(buf, sizeof(buf), &k, "k1", T0 + 16, "PACKTER\n");
	CHECK_EQ_U(check(v, buf, n, T0 + 16), AUTH_OK);
	CHECK_EQ_U(auth_replay_entries(v), AUTH_DEFAULT_LEGACY + 1);
	auth_verifier_free(v);
	auth_key_free(&k);
	auth_key_free(&k2);
}

/* --- the viewer's policy -------------------------------------------------- */

TEST(policy)
{
	static const char rec[] = "PACKTER\n192.0.2.1,192.0.2.2,1,2,0,x\n";
	static const char ctl[] = "PACKTERVOICE\nhello\n";
	struct auth_verifier *none = auth_verifier_new(NULL);
	struct auth_verifier *keyed = verifier(-1, 0, false);
	struct auth_verifier *strict = verifier(-1, 0, false);
	struct auth_key k;
	char buf[512];
	size_t n;

	auth_verifier_require(strict, true);
	CHECK(auth_verifier_required(strict));
	CHECK(!auth_verifier_required(keyed));
	CHECK_EQ_U(auth_verifier_keys(none), 0);
	CHECK_EQ_U(auth_verifier_keys(keyed), 1);
	k1(&k);

	/* No keys: everything, signed or not, as before. */
	CHECK_EQ_U(check(none, rec, strlen(rec), T0), AUTH_UNSIGNED);
	CHECK_EQ_U(check(none, ctl, strlen(ctl), T0), AUTH_UNSIGNED);
	n = make(buf, sizeof(buf), &k, "k1", T0, ctl);
	CHECK_EQ_U(check(none, buf, n, T0), AUTH_UNCHECKED);
	CHECK(auth_accepted(AUTH_UNCHECKED));

	/* Keys: unsigned records pass, unsigned control messages do not. */
	CHECK_EQ_U(check(keyed, rec, strlen(rec), T0), AUTH_UNSIGNED);
	CHECK_EQ_U(check(keyed, "PACKTERBALLISTIC\n", 17, T0), AUTH_UNSIGNED);
	CHECK_EQ_U(check(keyed, ctl, strlen(ctl), T0), AUTH_UNSIGNED_CONTROL);
	CHECK_EQ_U(check(keyed, "PACKTERMSG\na.png,hi\n", 20, T0),
	    AUTH_UNSIGNED_CONTROL);
	CHECK_EQ_U(check(keyed, "PACKTERSOUND\n0,a.wav\n", 21, T0),
	    AUTH_UNSIGNED_CONTROL);
	CHECK_EQ_U(check(keyed, "PACKTERSKYDOMETEXTURE\nsky.png\n", 30, T0),
	    AUTH_UNSIGNED_CONTROL);
	CHECK_EQ_U(check(keyed, buf, n, T0), AUTH_OK);
	CHECK_EQ_U(check(keyed, "", 0, T0), AUTH_UNSIGNED);
	CHECK_EQ_U(check(keyed, "NOTPACKTER\n", 11, T0), AUTH_UNSIGNED);

	/* --require-auth: only signed datagrams. */
	CHECK_EQ_U(check(strict, rec, strlen(rec), T0), AUTH_UNSIGNED_REFUSED);
	CHECK_EQ_U(check(strict, ctl, strlen(ctl), T0), AUTH_UNSIGNED_REFUSED);
	CHECK_EQ_U(check(strict, buf, n, T0), AUTH_OK);
	n = make(buf, sizeof(buf), &k, "k1", T0, rec);
	CHECK_EQ_U(check(strict, buf, n, T0), AUTH_OK);

	CHECK_EQ_U(auth_counter(keyed, AUTH_UNSIGNED_CONTROL), 4);
	CHECK_EQ_U(auth_counter(strict, AUTH_UNSIGNED_REFUSED), 2);
	auth_key_free(&k);
	auth_verifier_free(none);
	auth_verifier_free(keyed);
	auth_verifier_free(strict);
}

TEST(names_and_counters)
{
	struct auth_verifier *v = auth_verifier_new(NULL);
	struct counters c;
	unsigned i, j;

	auth_counters(v, &c);
	CHECK_STR(c.title, "auth");
	CHECK_EQ_U(c.n, AUTH_RESULT_MAX);
	for (i = 0; i < AUTH_RESULT_MAX; i++) {
		CHECK(auth_result_name(i) != NULL);
		CHECK_STR(c.names[i], auth_result_name(i));
		CHECK(strcmp(auth_result_name(i), "?") != 0);
		for (j = 0; j < i; j++)
			CHECK(strcmp(auth_result_name(i),
			    auth_result_name(j)) != 0);
	}
	CHECK_STR(auth_result_name(AUTH_OK), "ok");
	CHECK_STR(auth_result_name(AUTH_REPLAY_FULL), "replay-cache-full");
	CHECK_STR(auth_result_name(AUTH_BEHIND), "behind-window");
	CHECK_STR(auth_result_name(AUTH_OLD_BOOT), "old-boot");
	CHECK_STR(auth_result_name(AUTH_RESULT_MAX), "?");
	CHECK(auth_accepted(AUTH_OK) && auth_accepted(AUTH_UNSIGNED));
	for (i = AUTH_UNSIGNED_REFUSED; i < AUTH_RESULT_MAX; i++)
		CHECK(!auth_accepted(i));
	auth_verifier_free(v);
}

TEST(keyring_specs)
{
	struct auth_keyring kr = { NULL, 0 };
	char spec[600], err[AUTH_ERRBUF_SIZE];
	const char *p = keyfile_str("0123456789abcdef\n", 0600);
	unsigned idx = 99;

	snprintf(spec, sizeof(spec), "east=%s", p);
	CHECK(auth_keyring_add_spec(&kr, spec, err, sizeof(err)) == 0);
	snprintf(spec, sizeof(spec), "west=%s", p);
	CHECK(auth_keyring_add_spec(&kr, spec, err, sizeof(err)) == 0);
	CHECK(auth_keyring_find(&kr, "west", 4, &idx) != NULL);
	CHECK_EQ_U(idx, 1);
	CHECK(auth_keyring_find(&kr, "wes", 3, NULL) == NULL);
	snprintf(spec, sizeof(spec), "east=%s", p);
	CHECK(auth_keyring_add_spec(&kr, spec, err, sizeof(err)) == -1);
	CHECK(strstr(err, "already") != NULL);
	snprintf(spec, sizeof(spec), "=%s", p);
	CHECK(auth_keyring_add_spec(&kr, spec, err, sizeof(err)) == -1);
	snprintf(spec, sizeof(spec), "a b=%s", p);
	CHECK(auth_keyring_add_spec(&kr, spec, err, sizeof(err)) == -1);
	snprintf(spec, sizeof(spec), "a,b=%s", p);
	CHECK(auth_keyring_add_spec(&kr, spec, err, sizeof(err)) == -1);
	CHECK(auth_keyring_add_spec(&kr, "north=", err, sizeof(err)) == -1);
	CHECK(strstr(err, "ID=KEYFILE") != NULL);
	CHECK(auth_keyring_add_spec(&kr, "north", err, sizeof(err)) == -1);
	CHECK(auth_keyring_add_spec(&kr, p, err, sizeof(err)) == -1);
	/* A bad key file names the file. */
	snprintf(spec, sizeof(spec), "south=%s",
	    keyfile_str("0123456789abcdef\n", 0644));
	CHECK(auth_keyring_add_spec(&kr, spec, err, sizeof(err)) == -1);
	CHECK(strstr(err, "chmod 600") != NULL);
	CHECK_EQ_U(kr.n, 2);
	auth_keyring_free(&kr);
	CHECK_EQ_U(kr.n, 0);
}

static void
cleanup(void)
{
	char cmd[300];

	if (dir[0] != '\0') {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", dir);
	}
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/test-auth.XXXXXX",
	    tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	atexit(cleanup);
	RUN(vectors_mac);
	RUN(vectors_sign_exact_datagram);
	RUN(vectors_verify_as_viewer);
	RUN(vectors_tampered);
	RUN(key_permissions);
	RUN(key_owner_and_type);
	RUN(key_contents);
	RUN(key_wiped);
	RUN(sign_line);
	RUN(signer);
	RUN(sign_prepend);
	RUN(unknown_id_and_bad_mac);
	RUN(window_edges);
	RUN(replay);
	RUN(replay_many);
	RUN(replay_cache_full);
	RUN(identical_datagrams);
	RUN(seq_window);
	RUN(restart);
	RUN(keys_apart);
	RUN(policy);
	RUN(names_and_counters);
	RUN(keyring_specs);
	return test_report();
}
