/*
 * auth.c - the PACKTERAGENT authentication line: keys, signing, verification.
 *
 * Specification: docs/protocol.md section 7 (the line), docs/security.md
 * (keys, policy).  The MAC is HMAC-SHA256 (RFC 2104, FIPS 180-4) through
 * OpenSSL 3's EVP_MAC:
 *
 *     PACKTERAGENT <id>,<time>,<hex mac>,<boot>,<seq>\n   <- the line
 *     KEYWORD\n ... end of datagram                       <- the signed part
 *
 *     mac = HMAC-SHA256(key, <id> "," <time> "," <boot> "," <seq> "\n"
 *         <signed part>)
 *
 * or, in the old form, the line without ",<boot>,<seq>" and the MAC over
 * <id> "," <time> "\n" <signed part>.
 *
 * Replays, per key, so that what one key holder sends never bears on
 * another key (docs/security.md section 6):
 *
 *   - the sequenced form (",<boot>,<seq>" after the MAC): a sliding bitmap of
 *     AUTH_SEQ_WINDOW bits over the sequence numbers of the agent's current
 *     boot, as IPsec's anti-replay window (RFC 4303 section 3.4.3) and
 *     WireGuard's; a few hundred bytes a key, nothing per datagram.  A new
 *     boot id (the agent restarted) starts a new window, unless it is one
 *     of the last AUTH_OLD_BOOTS replaced or its time is before the latest
 *     accepted under the current boot.
 *   - the old form: per key, the latest second accepted and the MACs
 *     accepted in it (8 bytes each, at most legacy_max); a datagram of an
 *     earlier second is behind the window.  Byte-identical datagrams of
 *     one second are one datagram in this form: only the sequenced form
 *     can tell them apart.
 *
 * Only datagrams that pass (known id, time inside the window, good MAC)
 * change that state, so a stranger cannot move it.
 */
#include "config.h"
#include "auth.h"

#include <sys/random.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "errbuf.h"
#include "secret.h"

#if OPENSSL_VERSION_NUMBER < 0x30000000L
#error "common/auth.c needs OpenSSL 3.0 or later (EVP_MAC)"
#endif

#define KEY_HEX_PREFIX	"hex:"
/* The longest key file: "hex:" + 2 digits a byte + "\r\n". */
#define KEY_FILE_MAX	(sizeof(KEY_HEX_PREFIX) - 1 + 2 * AUTH_KEY_MAX + 2)
#define AGENT_KW	"PACKTERAGENT "
#define MAX_WINDOW	86400
#define SEQ_WORDS	(AUTH_SEQ_WINDOW / 64 + 1)	/* the bitmap's ring */
#define LEGACY_FIRST	64	/* slots allocated at first, then doubled */

static const char *const result_names[AUTH_RESULT_MAX] = {
	[AUTH_OK] = "ok",
	[AUTH_UNSIGNED] = "unsigned",
	[AUTH_UNCHECKED] = "signed-unchecked",
	[AUTH_UNSIGNED_REFUSED] = "unsigned-refused",
	[AUTH_UNSIGNED_CONTROL] = "unsigned-control",
	[AUTH_UNKNOWN_ID] = "unknown-id",
	[AUTH_BAD_MAC] = "bad-mac",
	[AUTH_TOO_OLD] = "too-old",
	[AUTH_TOO_NEW] = "too-new",
	[AUTH_REPLAY] = "replay",
	[AUTH_REPLAY_FULL] = "replay-cache-full",
	[AUTH_BEHIND] = "behind-window",
	[AUTH_OLD_BOOT] = "old-boot",
};

/* The sequenced form, one key: its agent's current boot. */
struct seqwin {
	bool		 live;		/* a boot was seen */
	uint64_t	 boot;
	uint64_t	 top;		/* the newest sequence number accepted */
	int64_t		 last;		/* the latest time accepted */
	uint64_t	 map[SEQ_WORDS];	/* seen: a ring of bits */
	uint64_t	 retired[AUTH_OLD_BOOTS];
	unsigned	 nretired;
};

/* The old form, one key: the MACs accepted in its latest second. */
struct legacy {
	int64_t		 time;
	uint64_t	*slot;		/* open addressing; 0 is empty */
	size_t		 nslot;		/* a power of two */
	size_t		 count;
};

struct keystate {
	struct seqwin	 seq;
	struct legacy	 legacy;
};

struct auth_verifier {
	struct auth_keyring keys;
	struct keystate	*ks;		/* one per key, by keyring index */
	int64_t		 window;
	size_t		 legacy_max;
	bool		 require;
	int64_t		 high;		/* the latest clock we were given */
	size_t		 legacy_entries;
	uint64_t	 c[AUTH_RESULT_MAX];
};

/* --- keys ----------------------------------------------------------------- */

int
auth_key_set(struct auth_key *key, const void *bytes, size_t len, char *err,
    size_t errlen)
{
	OSSL_PARAM params[2];
	EVP_MAC *hmac;

	if (key->mac != NULL)
		auth_key_free(key);
	memset(key, 0, sizeof(*key));
	if (len < AUTH_KEY_MIN || len > AUTH_KEY_MAX) {
		(void)errbuf_fmt(err, errlen, "the key is %zu bytes; it must be %d to %d "
		    "(make one with: openssl rand -hex 32 > FILE)", len,
		    AUTH_KEY_MIN, AUTH_KEY_MAX);
		return -1;
	}
	hmac = EVP_MAC_fetch(NULL, OSSL_MAC_NAME_HMAC, NULL);
	if (hmac == NULL) {
		(void)errbuf_fmt(err, errlen, "OpenSSL has no HMAC");
		return -1;
	}
	key->mac = EVP_MAC_CTX_new(hmac);
	EVP_MAC_free(hmac);		/* the context keeps its own reference */
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    (char *)"SHA256", 0);
	params[1] = OSSL_PARAM_construct_end();
	if (key->mac == NULL || EVP_MAC_CTX_set_params(key->mac, params) != 1) {
		auth_key_free(key);
		(void)errbuf_fmt(err, errlen, "OpenSSL cannot make HMAC-SHA256");
		return -1;
	}
	memcpy(key->bytes, bytes, len);
	key->len = len;
	return 0;
}

void
auth_key_free(struct auth_key *key)
{
	if (key == NULL)
		return;
	EVP_MAC_CTX_free(key->mac);	/* it wipes its copy of the key */
	OPENSSL_cleanse(key, sizeof(*key));
	key->mac = NULL;
}

/* The key in a file's bytes: one trailing newline off, "hex:" decoded. */
static int
key_from_text(struct auth_key *key, uint8_t *buf, size_t len,
    const char *path, char *err, size_t errlen)
{
	const size_t plen = sizeof(KEY_HEX_PREFIX) - 1;
	size_t n;
	int rc;

	if (len > 0 && buf[len - 1] == '\n') {
		len--;
		if (len > 0 && buf[len - 1] == '\r')
			len--;
	}
	if (len >= plen && memcmp(buf, KEY_HEX_PREFIX, plen) == 0) {
		char hex[2 * AUTH_KEY_MAX + 1];
		uint8_t bin[AUTH_KEY_MAX];

		if ((len - plen) % 2 != 0)
			return errbuf_fmt(err, errlen, "%s: odd number of hex "
			    "digits after \"hex:\"", path);
		if (len - plen > 2 * AUTH_KEY_MAX)
			return errbuf_fmt(err, errlen, "%s: more than %d hex "
			    "digits after \"hex:\"", path, 2 * AUTH_KEY_MAX);
		memcpy(hex, buf + plen, len - plen);
		hex[len - plen] = '\0';
		/* OpenSSL's reader: digit pairs, no separator. */
		if (OPENSSL_hexstr2buf_ex(bin, sizeof(bin), &n, hex,
		    '\0') != 1) {
			OPENSSL_cleanse(hex, sizeof(hex));
			(void)errbuf_fmt(err, errlen, "%s: not hex digits after "
			    "\"hex:\"", path);
			return -1;
		}
		memcpy(buf, bin, n);		/* in place */
		len = n;
		OPENSSL_cleanse(hex, sizeof(hex));
		OPENSSL_cleanse(bin, sizeof(bin));
	}
	rc = auth_key_set(key, buf, len, err, errlen);
	if (rc == -1)
		(void)errbuf_prepend(err, errlen, "%s: ", path);
	return rc;
}

int
auth_key_load(const char *path, struct auth_key *key, char *err,
    size_t errlen)
{
	uint8_t buf[KEY_FILE_MAX + 1];
	size_t len;
	int rc;

	/* Owner-only, a plain file, bounded (common/secret.c). */
	if (secret_file_read(path, buf, sizeof(buf), &len, err, errlen) < 0)
		return -1;
	rc = key_from_text(key, buf, len, path, err, errlen);
	OPENSSL_cleanse(buf, sizeof(buf));
	return rc;
}

bool
auth_id_valid(const char *id, size_t len)
{
	size_t i;

	if (id == NULL || len == 0 || len > AUTH_ID_MAX)
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)id[i];

		/* "=" would not survive --agent-key ID=KEYFILE. */
		if (c <= 0x20 || c == 0x7f || c == ',' || c == '=')
			return false;
	}
	return true;
}

/* --- the MAC and signing -------------------------------------------------- */

/* "<id>,<time>[,<boot>,<seq>]" into head; its length, or 0. */
static size_t
stamp_text(char *head, size_t cap, const char *id, size_t idlen,
    const struct auth_stamp *st)
{
	int n;

	if (st->has_seq)
		n = snprintf(head, cap, "%.*s,%" PRId64 ",%016" PRIx64 ",%"
		    PRIu64, (int)idlen, id, st->time, st->boot, st->seq);
	else
		n = snprintf(head, cap, "%.*s,%" PRId64, (int)idlen, id,
		    st->time);
	if (n < 0 || (size_t)n >= cap)
		return 0;
	return (size_t)n;
}

int
auth_mac(const struct auth_key *key, const char *id, size_t idlen,
    const struct auth_stamp *st, const char *part, size_t len,
    uint8_t mac[AUTH_MAC_LEN])
{
	char head[AUTH_LINE_MAX];
	size_t n, outl = 0;

	if (key == NULL || key->mac == NULL || st == NULL ||
	    !auth_id_valid(id, idlen) || st->time < 0 ||
	    (part == NULL && len > 0))
		return -1;
	if ((n = stamp_text(head, sizeof(head) - 1, id, idlen, st)) == 0)
		return -1;
	head[n++] = '\n';
	if (EVP_MAC_init(key->mac, key->bytes, key->len, NULL) != 1 ||
	    EVP_MAC_update(key->mac, (const unsigned char *)head, n) != 1 ||
	    (len > 0 && EVP_MAC_update(key->mac, (const unsigned char *)part,
	    len) != 1) ||
	    EVP_MAC_final(key->mac, mac, &outl, AUTH_MAC_LEN) != 1 ||
	    outl != AUTH_MAC_LEN)
		return -1;
	return 0;
}

size_t
auth_sign_line(char *dst, size_t cap, const char *id,
    const struct auth_key *key, const struct auth_stamp *st,
    const char *payload, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	char line[AUTH_LINE_MAX + 1], hex[2 * AUTH_MAC_LEN + 1];
	uint8_t mac[AUTH_MAC_LEN];
	size_t idlen, i;
	int n;

	if (id == NULL || st == NULL || (payload == NULL && len > 0))
		return 0;
	idlen = strnlen(id, AUTH_ID_MAX + 1);
	/* As the receiver sees it: trailing NUL padding is not signed. */
	while (len > 0 && payload[len - 1] == '\0')
		len--;
	if (auth_mac(key, id, idlen, st, payload, len, mac) == -1)
		return 0;
	for (i = 0; i < AUTH_MAC_LEN; i++) {
		hex[2 * i] = digits[mac[i] >> 4];
		hex[2 * i + 1] = digits[mac[i] & 0x0f];
	}
	hex[2 * AUTH_MAC_LEN] = '\0';
	if (st->has_seq)
		n = snprintf(line, sizeof(line), AGENT_KW "%s,%" PRId64
		    ",%s,%016" PRIx64 ",%" PRIu64 "\n", id, st->time, hex,
		    st->boot, st->seq);
	else
		n = snprintf(line, sizeof(line), AGENT_KW "%s,%" PRId64
		    ",%s\n", id, st->time, hex);
	if (n < 0 || (size_t)n >= sizeof(line) || (size_t)n > cap)
		return 0;
	memcpy(dst, line, (size_t)n);
	return (size_t)n;
}

size_t
auth_line_max(const char *id)
{
	size_t idlen;

	if (id == NULL)
		return 0;
	idlen = strnlen(id, AUTH_ID_MAX + 1);
	if (!auth_id_valid(id, idlen))
		return 0;
	return AUTH_LINE_MAX - AUTH_ID_MAX + idlen;
}

size_t
auth_sign_prepend(char *buf, size_t len, size_t cap, const char *id,
    const struct auth_key *key, const struct auth_stamp *st)
{
	char line[AUTH_LINE_MAX];
	size_t n;

	if (len > cap)
		return 0;
	n = auth_sign_line(line, sizeof(line), id, key, st, buf, len);
	if (n == 0 || n > cap - len)
		return 0;
	memmove(buf + n, buf, len);
	memcpy(buf, line, n);
	return n + len;
}

int
auth_signer_init(struct auth_signer *sg, const char *id,
    const struct auth_key *key, char *err, size_t errlen)
{
	uint64_t boot;
	ssize_t n;

	memset(sg, 0, sizeof(*sg));
	if (id == NULL || !auth_id_valid(id, strnlen(id, AUTH_ID_MAX + 1)))
		return errbuf_fmt(err, errlen, "bad agent id");
	if (key == NULL || key->mac == NULL)
		return errbuf_fmt(err, errlen, "no key to sign with");
	do
		n = getrandom(&boot, sizeof(boot), 0);
	while (n == -1 && errno == EINTR);
	if (n != (ssize_t)sizeof(boot))
		return errbuf_fmt_errno(err, errlen, n == -1 ? errno : EIO,
		    "getrandom (the boot id of signed datagrams)");
	sg->id = id;
	sg->key = key;
	sg->boot = boot;
	sg->seq = 0;
	return 0;
}

size_t
auth_signer_line(struct auth_signer *sg, char *dst, size_t cap, int64_t now,
    const char *payload, size_t len)
{
	struct auth_stamp st;
	size_t n;

	/* 2^64 datagrams: never, but never wrap to a number seen before. */
	if (sg->seq == UINT64_MAX)
		return 0;
	st.time = now;
	st.has_seq = true;
	st.boot = sg->boot;
	st.seq = sg->seq;
	n = auth_sign_line(dst, cap, sg->id, sg->key, &st, payload, len);
	if (n > 0)
		sg->seq++;
	return n;
}

/* --- keyring -------------------------------------------------------------- */

const struct auth_key *
auth_keyring_find(const struct auth_keyring *kr, const char *id, size_t len,
    unsigned *idx)
{
	unsigned i;

	for (i = 0; i < kr->n; i++) {
		if (kr->e[i].id_len == len && memcmp(kr->e[i].id, id, len) == 0) {
			if (idx != NULL)
				*idx = i;
			return &kr->e[i].key;
		}
	}
	return NULL;
}

int
auth_keyring_add(struct auth_keyring *kr, const char *id,
    struct auth_key *key, char *err, size_t errlen)
{
	struct auth_keyent *e;
	size_t len = id != NULL ? strnlen(id, AUTH_ID_MAX + 1) : 0;

	if (!auth_id_valid(id, len)) {
		(void)errbuf_fmt(err, errlen, "bad agent id \"%.*s\": 1 to %d bytes with "
		    "no blank, comma, \"=\" or control character", (int)len,
		    id != NULL ? id : "", AUTH_ID_MAX);
		return -1;
	}
	if (auth_keyring_find(kr, id, len, NULL) != NULL) {
		(void)errbuf_fmt(err, errlen, "agent id \"%s\" has a key already", id);
		return -1;
	}
	if (kr->n >= AUTH_MAX_KEYS) {
		(void)errbuf_fmt(err, errlen, "too many agent keys (at most %d)",
		    AUTH_MAX_KEYS);
		return -1;
	}
	if ((e = reallocarray(kr->e, kr->n + 1, sizeof(*kr->e))) == NULL)
		return errbuf_fmt_errno(err, errlen, errno, "agent key");
	kr->e = e;
	e = &kr->e[kr->n++];
	memset(e, 0, sizeof(*e));
	memcpy(e->id, id, len);
	e->id_len = len;
	e->key = *key;			/* the ring owns the context now */
	OPENSSL_cleanse(key, sizeof(*key));
	key->mac = NULL;
	return 0;
}

int
auth_keyring_add_spec(struct auth_keyring *kr, const char *spec, char *err,
    size_t errlen)
{
	char id[AUTH_ID_MAX + 1];
	struct auth_key key;
	const char *eq;
	size_t len;

	eq = spec != NULL ? strchr(spec, '=') : NULL;
	if (eq == NULL || eq[1] == '\0') {
		(void)errbuf_fmt(err, errlen, "\"%s\": expected ID=KEYFILE",
		    spec != NULL ? spec : "");
		return -1;
	}
	len = (size_t)(eq - spec);
	if (!auth_id_valid(spec, len)) {
		(void)errbuf_fmt(err, errlen, "bad agent id in \"%s\": 1 to %d bytes with "
		    "no blank, comma, \"=\" or control character", spec,
		    AUTH_ID_MAX);
		return -1;
	}
	memcpy(id, spec, len);
	id[len] = '\0';
	memset(&key, 0, sizeof(key));
	if (auth_key_load(eq + 1, &key, err, errlen) == -1)
		return -1;
	if (auth_keyring_add(kr, id, &key, err, errlen) == -1) {
		auth_key_free(&key);
		return -1;
	}
	return 0;
}

void
auth_keyring_free(struct auth_keyring *kr)
{
	unsigned i;

	for (i = 0; i < kr->n; i++)
		auth_key_free(&kr->e[i].key);
	free(kr->e);
	kr->e = NULL;
	kr->n = 0;
}

/* --- verifier ------------------------------------------------------------- */

struct auth_verifier *
auth_verifier_new(const struct auth_opts *opts)
{
	static const struct auth_opts defaults = AUTH_OPTS_DEFAULT;
	struct auth_verifier *v;

	if (opts == NULL)
		opts = &defaults;
	if ((v = calloc(1, sizeof(*v))) == NULL)
		return NULL;
	v->window = opts->window;
	if (v->window < 0)
		v->window = AUTH_DEFAULT_WINDOW;
	if (v->window > MAX_WINDOW)
		v->window = MAX_WINDOW;
	v->legacy_max = opts->legacy_max;
	if (v->legacy_max == 0)
		v->legacy_max = AUTH_DEFAULT_LEGACY;
	if (v->legacy_max > AUTH_MAX_LEGACY)
		v->legacy_max = AUTH_MAX_LEGACY;
	v->require = opts->require;
	return v;
}

int
auth_verifier_add_key(struct auth_verifier *v, const char *spec, char *err,
    size_t errlen)
{
	struct keystate *ks;

	if ((ks = reallocarray(v->ks, v->keys.n + 1, sizeof(*ks))) == NULL)
		return errbuf_fmt_errno(err, errlen, errno, "agent key");
	v->ks = ks;
	memset(&v->ks[v->keys.n], 0, sizeof(*v->ks));
	return auth_keyring_add_spec(&v->keys, spec, err, errlen);
}

void
auth_verifier_require(struct auth_verifier *v, bool on)
{
	v->require = on;
}

unsigned
auth_verifier_keys(const struct auth_verifier *v)
{
	return v->keys.n;
}

bool
auth_verifier_required(const struct auth_verifier *v)
{
	return v->require;
}

void
auth_verifier_free(struct auth_verifier *v)
{
	unsigned i;

	if (v == NULL)
		return;
	for (i = 0; i < v->keys.n; i++)
		free(v->ks[i].legacy.slot);
	free(v->ks);
	auth_keyring_free(&v->keys);
	free(v);
}

/* --- replays: the sequenced form ------------------------------------------ */

static bool
seq_bit(const struct seqwin *w, uint64_t seq)
{
	return (w->map[(seq / 64) % SEQ_WORDS] >> (seq % 64) & 1) != 0;
}

static void
seq_set(struct seqwin *w, uint64_t seq)
{
	w->map[(seq / 64) % SEQ_WORDS] |= (uint64_t)1 << (seq % 64);
}

/* The newest number is seq now: the words it passes over are cleared. */
static void
seq_advance(struct seqwin *w, uint64_t seq)
{
	uint64_t from = w->top / 64, to = seq / 64, i;

	if (to - from >= SEQ_WORDS)
		memset(w->map, 0, sizeof(w->map));
	else
		for (i = from + 1; i <= to; i++)
			w->map[i % SEQ_WORDS] = 0;
	w->top = seq;
}

/* A boot id the key's agent has started with. */
static void
seq_new_boot(struct seqwin *w, const struct pt_auth *a)
{
	if (w->live) {
		w->retired[w->nretired % AUTH_OLD_BOOTS] = w->boot;
		w->nretired++;
	}
	memset(w->map, 0, sizeof(w->map));
	w->live = true;
	w->boot = a->boot;
	w->top = a->seq;
	w->last = a->time;
}

static bool
seq_retired(const struct seqwin *w, uint64_t boot)
{
	unsigned i, n = w->nretired < AUTH_OLD_BOOTS ? w->nretired :
	    AUTH_OLD_BOOTS;

	for (i = 0; i < n; i++)
		if (w->retired[i] == boot)
			return true;
	return false;
}

static enum auth_result
seq_check(struct seqwin *w, const struct pt_auth *a)
{
	if (!w->live || a->boot != w->boot) {
		/*
		 * Another boot: the agent restarted, or a replay from a boot
		 * it has left.  Those of the last few are refused by id, older
		 * ones by time, which cannot go back across restarts.
		 */
		if (w->live && (seq_retired(w, a->boot) || a->time < w->last))
			return AUTH_OLD_BOOT;
		seq_new_boot(w, a);
	} else if (a->seq > w->top) {
		seq_advance(w, a->seq);
	} else if (w->top - a->seq >= AUTH_SEQ_WINDOW) {
		return AUTH_BEHIND;
	} else if (seq_bit(w, a->seq)) {
		return AUTH_REPLAY;
	}
	seq_set(w, a->seq);
	if (a->time > w->last)
		w->last = a->time;
	return AUTH_OK;
}

/* --- replays: the old form ------------------------------------------------ */

/* The MAC's first 8 bytes, never 0 (the empty slot); MACs are uniform. */
static uint64_t
mac_tag(const uint8_t *mac)
{
	uint64_t t;

	memcpy(&t, mac, sizeof(t));
	return t != 0 ? t : 1;
}

static int
legacy_grow(struct legacy *l, size_t max)
{
	size_t n = l->nslot == 0 ? LEGACY_FIRST : 2 * l->nslot, cap, i, j;
	uint64_t *slot;

	/* Half full at most, for short probes: 2 max slots, a power of two. */
	for (cap = LEGACY_FIRST; cap < 2 * max; cap *= 2)
		;
	if (n > cap || n <= l->nslot)
		return -1;
	if ((slot = calloc(n, sizeof(*slot))) == NULL)
		return -1;
	for (i = 0; i < l->nslot; i++) {
		if (l->slot[i] == 0)
			continue;
		for (j = l->slot[i] & (n - 1); slot[j] != 0;
		    j = (j + 1) & (n - 1))
			;
		slot[j] = l->slot[i];
	}
	free(l->slot);
	l->slot = slot;
	l->nslot = n;
	return 0;
}

static enum auth_result
legacy_check(struct auth_verifier *v, struct legacy *l,
    const struct pt_auth *a)
{
	uint64_t tag = mac_tag(a->mac);
	size_t j;

	/* l->time starts at 0, before every time there is. */
	if (a->time < l->time)
		return AUTH_BEHIND;
	if (a->time > l->time) {
		/* A new second: the last one's datagrams are behind for good. */
		if (l->count > 0)
			memset(l->slot, 0, l->nslot * sizeof(*l->slot));
		v->legacy_entries -= l->count;
		l->count = 0;
		l->time = a->time;
	}
	if (l->nslot > 0) {
		for (j = tag & (l->nslot - 1); l->slot[j] != 0;
		    j = (j + 1) & (l->nslot - 1))
			if (l->slot[j] == tag)
				return AUTH_REPLAY;
	}
	if (l->count >= v->legacy_max)
		return AUTH_REPLAY_FULL;
	if (2 * (l->count + 1) > l->nslot && legacy_grow(l, v->legacy_max) < 0)
		return AUTH_REPLAY_FULL;
	for (j = tag & (l->nslot - 1); l->slot[j] != 0;
	    j = (j + 1) & (l->nslot - 1))
		;
	l->slot[j] = tag;
	l->count++;
	v->legacy_entries++;
	return AUTH_OK;
}

static enum auth_result
verify(struct auth_verifier *v, const struct pt_auth *a, int64_t now)
{
	const struct auth_key *key;
	struct auth_stamp st;
	uint8_t mac[AUTH_MAC_LEN];
	unsigned idx;

	if (now < 0)
		now = 0;
	if (now > v->high)
		v->high = now;
	key = auth_keyring_find(&v->keys, a->id.p, a->id.len, &idx);
	if (key == NULL)
		return AUTH_UNKNOWN_ID;
	/*
	 * The window before the MAC: a stale datagram costs no hashing.  The
	 * lower edge follows the latest clock seen, so that a clock stepped
	 * back cannot bring back what the replay state has already let go.
	 */
	if (a->time < v->high - v->window)
		return AUTH_TOO_OLD;
	if (a->time > now && (uint64_t)a->time - (uint64_t)now >
	    (uint64_t)v->window)
		return AUTH_TOO_NEW;
	st.time = a->time;
	st.has_seq = a->has_seq;
	st.boot = a->boot;
	st.seq = a->seq;
	if (auth_mac(key, a->id.p, a->id.len, &st, a->signed_part.p,
	    a->signed_part.len, mac) == -1)
		return AUTH_BAD_MAC;
	if (CRYPTO_memcmp(mac, a->mac, AUTH_MAC_LEN) != 0)
		return AUTH_BAD_MAC;
	if (a->has_seq)
		return seq_check(&v->ks[idx].seq, a);
	return legacy_check(v, &v->ks[idx].legacy, a);
}

enum auth_result
auth_verify(struct auth_verifier *v, const struct pt_auth *a, int64_t now)
{
	enum auth_result r = verify(v, a, now);

	v->c[r]++;
	return r;
}

enum auth_result
auth_check(struct auth_verifier *v, const struct pt_parser *ps, int64_t now)
{
	enum auth_result r;

	if (ps->has_auth) {
		if (v->keys.n == 0 && !v->require)
			r = AUTH_UNCHECKED;
		else
			r = verify(v, &ps->auth, now);
	} else {
		switch (ps->kind) {
		case PT_NONE:
		case PT_UNKNOWN:
			r = AUTH_UNSIGNED;	/* nothing in it; counted by the caller */
			break;
		case PT_RECORD:
		case PT_BALLISTIC:
			r = v->require ? AUTH_UNSIGNED_REFUSED : AUTH_UNSIGNED;
			break;
		default:
			if (v->require)
				r = AUTH_UNSIGNED_REFUSED;
			else if (v->keys.n > 0)
				r = AUTH_UNSIGNED_CONTROL;
			else
				r = AUTH_UNSIGNED;
			break;
		}
	}
	v->c[r]++;
	return r;
}

bool
auth_accepted(enum auth_result r)
{
	return r == AUTH_OK || r == AUTH_UNSIGNED || r == AUTH_UNCHECKED;
}

const char *
auth_result_name(enum auth_result r)
{
	if ((unsigned)r >= AUTH_RESULT_MAX)
		return "?";
	return result_names[r];
}

void
auth_counters(const struct auth_verifier *v, struct counters *c)
{
	c->title = "auth";
	c->names = result_names;
	c->v = (uint64_t *)v->c;
	c->n = AUTH_RESULT_MAX;
}

uint64_t
auth_counter(const struct auth_verifier *v, enum auth_result r)
{
	if ((unsigned)r >= AUTH_RESULT_MAX)
		return 0;
	return v->c[r];
}

size_t
auth_replay_entries(const struct auth_verifier *v)
{
	return v->legacy_entries;
}
