/*
 * auth.h - authenticated feeds: pre-shared keys, the PACKTERAGENT line.
 *
 * A signed datagram starts with
 *
 *     PACKTERAGENT <id>,<time>,<64 hex digits>,<boot>,<seq>\n
 *
 * holding HMAC-SHA256(key, "<id>,<time>,<boot>,<seq>\n" + signed part),
 * where the signed part is every byte after that line, boot a random 64-bit
 * id the agent draws when it starts (16 hex digits) and seq the datagram's
 * number under it, 0, 1, 2 ... (docs/protocol.md section 7,
 * docs/security.md).  Older agents send the line without ",<boot>,<seq>",
 * and the MAC over "<id>,<time>\n" + signed part.
 *
 * The agent signs with an auth_signer (auth_signer_line()); tools and
 * tests sign any form with auth_sign_line() or auth_sign_prepend().  The
 * viewer keeps a verifier (keys by agent id, a time window, and per key a
 * sliding window over the sequence numbers of its current boot, to refuse
 * replays) and asks it about each datagram with auth_check().
 *
 * Keys come from files that only their owner (the running user or root) may
 * read: auth_key_load() refuses anything else and says how to fix it.  Key
 * bytes are wiped when freed; MACs are compared in constant time.
 */
#ifndef PACKTER_AUTH_H
#define PACKTER_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "counters.h"
#include "protocol.h"

#define AUTH_ID_MAX		64	/* agent id: 1..64 bytes, docs/protocol.md */
#define AUTH_KEY_MIN		16	/* key bytes */
#define AUTH_KEY_MAX		1024
#define AUTH_MAC_LEN		32	/* HMAC-SHA256 */
#define AUTH_TIME_DIGITS	19	/* INT64_MAX */
#define AUTH_BOOT_DIGITS	16	/* 64 bits in hex */
#define AUTH_SEQ_DIGITS		20	/* UINT64_MAX */
/* "PACKTERAGENT " id "," time "," 64 hex "," boot "," seq "\n" */
#define AUTH_LINE_MAX		(13 + AUTH_ID_MAX + 1 + AUTH_TIME_DIGITS + \
				    1 + 2 * AUTH_MAC_LEN + 1 + AUTH_BOOT_DIGITS + \
				    1 + AUTH_SEQ_DIGITS + 1)
#define AUTH_ERRBUF_SIZE	256
#define AUTH_MAX_KEYS		256	/* --agent-key entries */
#define AUTH_DEFAULT_WINDOW	300	/* seconds either side of our clock */
/*
 * Replays, per key.  The sequenced form: how far behind the newest sequence
 * number accepted one may still come (a bitmap of that many bits), and how
 * many boot ids that were replaced are refused outright.  The old form: the
 * datagrams of one second that one key may have accepted (8 bytes each).
 */
#define AUTH_SEQ_WINDOW		2048
#define AUTH_OLD_BOOTS		4
#define AUTH_DEFAULT_LEGACY	8192
#define AUTH_MAX_LEGACY		65536

/* --- keys ----------------------------------------------------------------- */

struct evp_mac_ctx_st;

/*
 * A key and the HMAC context keyed with it.  Zero-initialise; fill with
 * auth_key_load() or auth_key_set(); release with auth_key_free(), which
 * wipes the bytes.
 */
struct auth_key {
	size_t			 len;
	uint8_t			 bytes[AUTH_KEY_MAX];
	struct evp_mac_ctx_st	*mac;
};

/*
 * Read a key file.  The file must be a regular file owned by the running
 * (effective) user or by root, with no permission bits for group or others
 * (chmod 600).  The key is the file's bytes less one trailing newline ("\n"
 * or "\r\n"); a file holding "hex:" followed by hex digits (and that optional
 * newline) gives the decoded bytes instead.  AUTH_KEY_MIN..AUTH_KEY_MAX bytes.
 * 0, or -1 with err saying what is wrong and what to do.
 */
int		 auth_key_load(const char *path, struct auth_key *,
		    char *err, size_t errlen);
/* A key from bytes (tests, tools).  0, or -1 with err. */
int		 auth_key_set(struct auth_key *, const void *bytes, size_t len,
		    char *err, size_t errlen);
void		 auth_key_free(struct auth_key *);

/*
 * An agent id we sign with or hold a key for: 1..64 bytes, no blank, control
 * character, comma or "=" (the parser takes "=" from others; no key can be
 * configured for such an id, so they are unknown-id).
 */
bool		 auth_id_valid(const char *id, size_t len);

/* --- signing (agent) ------------------------------------------------------ */

/* What a line says besides the id and the MAC. */
struct auth_stamp {
	int64_t		 time;		/* Unix seconds, >= 0 */
	bool		 has_seq;	/* the sequenced form, or the old */
	uint64_t	 boot;
	uint64_t	 seq;
};

/*
 * Write "PACKTERAGENT <id>,<time>,<mac>[,<boot>,<seq>]\n" for the datagram
 * payload[0..len) (the bytes that follow the line: keyword line and all;
 * trailing NULs are padding and not signed, as the receiver drops them) at
 * dst.  Returns the line's length (at most AUTH_LINE_MAX; no NUL written),
 * or 0 when it does not fit in cap, the id is not valid, the time < 0, or
 * the MAC fails.
 */
size_t		 auth_sign_line(char *dst, size_t cap, const char *id,
		    const struct auth_key *, const struct auth_stamp *,
		    const char *payload, size_t len);
/*
 * The longest line auth_sign_line() writes for id (any time, the sequenced
 * form): what a sender must keep free in each datagram.  0 for an id that
 * is not valid.
 */
size_t		 auth_line_max(const char *id);
/*
 * Sign the datagram buf[0..len) in place: move it up and write the line in
 * front.  Returns the new length, or 0 (buf untouched) when the whole does
 * not fit in cap or signing fails as above.
 */
size_t		 auth_sign_prepend(char *buf, size_t len, size_t cap,
		    const char *id, const struct auth_key *,
		    const struct auth_stamp *);

/*
 * The MAC itself, for tools: HMAC-SHA256(key, "<id>,<time>\n" + part), or
 * "<id>,<time>,<boot>,<seq>\n" + part for the sequenced form.
 */
int		 auth_mac(const struct auth_key *, const char *id, size_t idlen,
		    const struct auth_stamp *, const char *part, size_t len,
		    uint8_t mac[AUTH_MAC_LEN]);

/*
 * An agent's signer: its id and key, the boot id it drew when it started,
 * and the next sequence number.  Every line it writes has a sequence number
 * of its own, so that no two datagrams it signs are alike, even with the
 * same records in the same second.
 */
struct auth_signer {
	const char		*id;
	const struct auth_key	*key;
	uint64_t		 boot;
	uint64_t		 seq;		/* the next one */
};

/*
 * Draw the boot id (getrandom(2)) and start at sequence 0.  The signer
 * keeps id and key as pointers: they must outlive it.  0, or -1 with err.
 */
int		 auth_signer_init(struct auth_signer *, const char *id,
		    const struct auth_key *, char *err, size_t errlen);
/* auth_sign_line() with the next sequence number at time now. */
size_t		 auth_signer_line(struct auth_signer *, char *dst, size_t cap,
		    int64_t now, const char *payload, size_t len);

/* --- keyring: agent id -> key --------------------------------------------- */

struct auth_keyent {
	char		 id[AUTH_ID_MAX + 1];
	size_t		 id_len;
	struct auth_key	 key;
};

struct auth_keyring {
	struct auth_keyent *e;
	unsigned	 n;
};

/* "ID=KEYFILE" (--agent-key): load and add.  0, or -1 with err. */
int		 auth_keyring_add_spec(struct auth_keyring *, const char *spec,
		    char *err, size_t errlen);
/* Add a key under id; the ring takes the key over (*key is zeroed). */
int		 auth_keyring_add(struct auth_keyring *, const char *id,
		    struct auth_key *key, char *err, size_t errlen);
/* The key of id, its index in *idx (may be NULL); NULL when unknown. */
const struct auth_key *auth_keyring_find(const struct auth_keyring *,
		    const char *id, size_t len, unsigned *idx);
void		 auth_keyring_free(struct auth_keyring *);

/* --- verification (viewer) ------------------------------------------------ */

/* What became of a datagram; counted by name. */
enum auth_result {
	/* accepted */
	AUTH_OK,		/* signed, verified */
	AUTH_UNSIGNED,		/* no PACKTERAGENT line, and none needed */
	AUTH_UNCHECKED,		/* signed, but no keys are configured */
	/* refused */
	AUTH_UNSIGNED_REFUSED,	/* no line and --require-auth */
	AUTH_UNSIGNED_CONTROL,	/* control message without a line, keys configured */
	AUTH_UNKNOWN_ID,	/* no key for that agent id */
	AUTH_BAD_MAC,
	AUTH_TOO_OLD,		/* time before the window */
	AUTH_TOO_NEW,		/* time after the window */
	AUTH_REPLAY,		/* the same signed datagram inside the window */
	AUTH_REPLAY_FULL,	/* old form: the key's second is full */
	AUTH_BEHIND,		/* behind the key's replay window */
	AUTH_OLD_BOOT,		/* a boot id the key has left behind */
	AUTH_RESULT_MAX
};

struct auth_opts {
	int64_t		 window;	/* seconds; accept |time - now| <= window */
	size_t		 legacy_max;	/* old form: per key and second */
	bool		 require;	/* --require-auth: refuse unsigned datagrams */
};
#define AUTH_OPTS_DEFAULT { AUTH_DEFAULT_WINDOW, AUTH_DEFAULT_LEGACY, false }

struct auth_verifier;

/* NULL opts: AUTH_OPTS_DEFAULT.  Never NULL (allocation failure is fatal). */
struct auth_verifier *auth_verifier_new(const struct auth_opts *);
/* --agent-key ID=KEYFILE.  0, or -1 with err. */
int		 auth_verifier_add_key(struct auth_verifier *, const char *spec,
		    char *err, size_t errlen);
/* --require-auth. */
void		 auth_verifier_require(struct auth_verifier *, bool);
unsigned	 auth_verifier_keys(const struct auth_verifier *);
bool		 auth_verifier_required(const struct auth_verifier *);
void		 auth_verifier_free(struct auth_verifier *);

/*
 * The viewer's policy for one datagram, after pt_parse_begin().  With no
 * keys and no --require-auth everything passes (AUTH_UNSIGNED, or
 * AUTH_UNCHECKED for a signed one).  Otherwise a signed datagram passes only
 * when auth_verify() says AUTH_OK; an unsigned one is refused under
 * --require-auth, and when keys are configured an unsigned control message
 * (anything but PACKTER/PACKTERBALLISTIC records) is refused too.  Empty and
 * unknown datagrams pass (they carry nothing; the caller counts them).
 * now: Unix time in seconds.  Counted; test with auth_accepted().
 */
enum auth_result auth_check(struct auth_verifier *, const struct pt_parser *,
		    int64_t now);
/*
 * Verify one authentication line: the id's key, the time window, the MAC
 * (constant time), then replay, against that key's own state (only
 * datagrams that pass all the rest change it):
 *
 *   - the sequenced form: a new boot id replaces the key's current one
 *     unless it is one of the AUTH_OLD_BOOTS it replaced last or its time
 *     is before the latest accepted under the current one (old-boot); then
 *     the sequence number must not have been seen (replay) and lie less
 *     than AUTH_SEQ_WINDOW behind the newest one accepted (behind-window);
 *   - the old form: the time must not be before the latest second accepted
 *     from the key in that form (behind-window), the MAC not seen in that
 *     second (replay), and at most legacy_max accepted in it
 *     (replay-cache-full).
 *
 * Counted.
 */
enum auth_result auth_verify(struct auth_verifier *, const struct pt_auth *,
		    int64_t now);
bool		 auth_accepted(enum auth_result);
/* "ok", "unsigned", "bad-mac", "replay-cache-full" ... */
const char	*auth_result_name(enum auth_result);

/* The counters (one per result), for counters_print(); title "auth". */
void		 auth_counters(const struct auth_verifier *, struct counters *);
uint64_t	 auth_counter(const struct auth_verifier *, enum auth_result);
/* Old-form datagrams remembered now (all keys), for stats and tests. */
size_t		 auth_replay_entries(const struct auth_verifier *);

#endif /* PACKTER_AUTH_H */
