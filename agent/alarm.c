/*
 * alarm.c - DoS alarms: shares of SYN/FIN/RST/ICMP/UDP and the packet rate
 * per window of packets, against the thresholds of a config file.
 *
 * Per packet: its kinds are counted for the window and for its destination
 * (a fixed open-addressing table of ALARM_TARGETS addresses per window;
 * destinations beyond it are counted in the window's totals only).  The
 * destinations are chosen by whoever sends the packets, so the table is
 * hashed with SipHash under a key drawn when the alarms are opened, and no
 * lookup probes more than ALARM_MAX_PROBE slots (a destination that would
 * need more is counted, untracked, as when the table is full).  When the
 * window closes (window_packets packets, or window_seconds of packet time
 * before the next packet), each kind whose share is at or above its
 * threshold, and the rate if it is at or above pps, make the window "over".
 * An over window outside the quiet time raises an alarm: its datagrams are
 * queued and the quiet time starts.  Every over window, quiet or not, sets
 * the attacks: per kind over, its top destinations (the first, and the next
 * ones that took at least target_share of that kind's packets).  Until the
 * next window closes, a packet of an attacked kind to an attacked
 * destination gets the DoS flag.
 *
 * Thresholds are held as parts per million and compared in integers, so a
 * share exactly at a threshold counts as crossing it on every machine.
 */
#include "config.h"

#include "alarm.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "counters.h"
#include "errbuf.h"
#include "log.h"
#include "stats.h"
#include "protocol.h"
#include "siphash.h"

#define ALARM_TARGETS	4096		/* destinations tracked per window */
#define TABLE_SLOTS	8192		/* a power of two, twice the above */
#define ALARM_MAX_PROBE	128		/* slots one lookup may probe */
#define ALARM_MAX_TOP	5
#define QUEUE_LEN	8
#define NAME_LEN	200		/* a media file name in the config */
#define HTML_MAX	1100		/* leaves room for keyword and picture */
#define REF_TEXT	400		/* a text of a packter.conf */
#define PPM		1000000ULL

static const char *const alarm_counter_names[ALC_MAX] = {
	[ALC_PACKETS]		= "packets",
	[ALC_WINDOWS]		= "windows",
	[ALC_SMALL_WINDOWS]	= "windows-too-small",
	[ALC_ALARMS]		= "alarms",
	[ALC_QUIET]		= "over-while-quiet",
	[ALC_DOS_PACKETS]	= "dos-flagged",
	[ALC_MESSAGES]		= "messages",
	[ALC_MESSAGES_DROPPED]	= "messages-dropped",
	[ALC_TARGETS_FULL]	= "targets-untracked",
	[ALC_PROBE_CAP]		= "targets-over-probe-cap",
	[ALC_RELOADS]		= "reloads",
	[ALC_RELOAD_ERRORS]	= "reload-errors",
};

static const char *const kind_names[ALARM_KINDS] = {
	"syn", "fin", "rst", "icmp", "udp", "rate"
};

static const char *const kind_titles[ALARM_KINDS] = {
	"SYN flood", "FIN flood", "RST flood", "ICMP flood", "UDP flood",
	"packet flood"
};

/* The texts of a packter.conf that are not per kind. */
enum ref_text {
	RT_MSG_HEAD, RT_MSG_FOOT, RT_VOICE_HEAD, RT_VOICE_FOOT, RT_MONITOR,
	RT_THRESHOLD, REF_TEXTS
};

struct alarm_conf {
	uint32_t	 window_packets;
	int64_t		 window_us;
	uint32_t	 min_packets;
	int64_t		 quiet_us;
	uint32_t	 ratio_ppm[ALARM_RATE];	/* 0: off */
	uint64_t	 pps;			/* 0: off */
	unsigned	 top;
	uint32_t	 share_ppm;
	unsigned	 flag;
	char		 picture[ALARM_KINDS][NAME_LEN + 1];
	char		 se[NAME_LEN + 1];
	char		 sound[NAME_LEN + 1];
	int64_t		 sound_ms;
	bool		 voice;
	char		 skydome[NAME_LEN + 1];
	char		 skydome_clear[NAME_LEN + 1];

	/*
	 * Read from a packter.conf (PACKTER 2.x): the message, music and
	 * voice are made of its texts, as the reference's pt_thmon makes
	 * them (ref), instead of this agent's own.
	 */
	bool		 ref;
	uint64_t	 ref_seen;		/* keys set: the first stays */
	char		 ref_msg[ALARM_KINDS][REF_TEXT + 1];
	char		 ref_voice[ALARM_KINDS][REF_TEXT + 1];
	char		 ref_sound[ALARM_KINDS][NAME_LEN + 1];
	int64_t		 ref_sound_ms[ALARM_KINDS];
	char		 ref_text[REF_TEXTS][REF_TEXT + 1];
};

struct target {
	uint8_t		 used;
	uint8_t		 family;
	uint8_t		 addr[16];
	uint32_t	 n[ALARM_KINDS];	/* n[ALARM_RATE]: every packet */
};

struct attack {
	uint8_t		 family;
	uint8_t		 addr[16];
	unsigned	 kinds;			/* 1 << enum alarm_kind */
};

struct top {
	const struct target *t[ALARM_MAX_TOP];
	unsigned	 n;
};

struct message {
	size_t		 len;
	char		 buf[ALARM_MAX_MESSAGE];
};

struct alarm {
	char		*path;
	struct alarm_conf conf;
	enum pt_voice_form voice_form;		/* --voice-format */

	/* The open window. */
	uint32_t	 count;
	uint32_t	 n[ALARM_RATE];
	int64_t		 first_us, last_us;
	struct siphash_key key;			/* of the table's hash */
	struct target	*table;			/* TABLE_SLOTS */
	uint16_t	*used;			/* slots in use, to clear them */
	unsigned	 nused;

	struct attack	 attacks[ALARM_KINDS * ALARM_MAX_TOP];
	unsigned	 nattacks;
	int64_t		 quiet_until;
	bool		 raised;		/* an alarm was ever raised */
	unsigned	 last_kinds;

	struct message	 queue[QUEUE_LEN];
	unsigned	 qhead, qlen;

	uint64_t	 c[ALC_MAX];
};

/* --- the config file ------------------------------------------------------ */

static void
conf_defaults(struct alarm_conf *cf)
{
	int k;

	memset(cf, 0, sizeof(*cf));
	cf->window_packets = 1000;
	cf->window_us = 1000000;
	cf->min_packets = 100;
	cf->quiet_us = 60 * 1000000LL;
	cf->ratio_ppm[ALARM_SYN] = 500000;
	cf->ratio_ppm[ALARM_FIN] = 500000;
	cf->ratio_ppm[ALARM_RST] = 500000;
	cf->ratio_ppm[ALARM_ICMP] = 500000;
	cf->ratio_ppm[ALARM_UDP] = 900000;
	cf->pps = 0;
	cf->top = 3;
	cf->share_ppm = 100000;
	cf->flag = ALARM_DEFAULT_FLAG;
	for (k = 0; k < ALARM_KINDS; k++)
		(void)snprintf(cf->picture[k], sizeof(cf->picture[k]),
		    "alarm-%s.png", kind_names[k]);
	cf->sound_ms = 5000;
}

static bool
word_is(const char *v, const char *const *words)
{
	for (; *words != NULL; words++)
		if (strcmp(v, *words) == 0)
			return true;
	return false;
}

static int
parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "yes", "on", "true", "1", NULL };
	static const char *const no[] = { "no", "off", "false", "0", NULL };

	if (word_is(v, yes))
		*out = true;
	else if (word_is(v, no))
		*out = false;
	else
		return -1;
	return 0;
}

static int
parse_u64(const char *v, uint64_t lo, uint64_t hi, uint64_t *out)
{
	char *end;
	unsigned long long x;

	if (*v < '0' || *v > '9')
		return -1;
	errno = 0;
	x = strtoull(v, &end, 10);
	if (errno != 0 || *end != '\0' || x < lo || x > hi)
		return -1;
	*out = x;
	return 0;
}

static int
parse_real(const char *v, double lo, double hi, double *out)
{
	size_t n = strspn(v, "0123456789.");
	char *end;
	double x;

	/* Plain decimals only: no sign, exponent, hex, inf or nan. */
	if (n == 0)
		return -1;
	errno = 0;
	x = strtod(v, &end);
	if (errno != 0 || end != v + n || !isfinite(x) || x < lo || x > hi)
		return -1;
	*out = x;
	/* The rest: nothing, or '%' for the caller to see. */
	return (int)(end - v);
}

/* "0.5", "50%", or "off": a share in parts per million. */
static int
parse_ratio(const char *v, uint32_t *ppm)
{
	double x;
	int n;

	if (strcmp(v, "off") == 0) {
		*ppm = 0;
		return 0;
	}
	if ((n = parse_real(v, 0.0, 100.0, &x)) < 0)
		return -1;
	if (v[n] == '%' && v[n + 1] == '\0')
		x /= 100.0;
	else if (v[n] != '\0' || x > 1.0)
		return -1;
	*ppm = (uint32_t)(x * (double)PPM + 0.5);
	return 0;
}

/* Seconds (fractions allowed) as microseconds. */
static int
parse_seconds(const char *v, double lo, double hi, int64_t *us)
{
	double x;
	int n;

	if ((n = parse_real(v, lo, hi, &x)) < 0 || v[n] != '\0')
		return -1;
	*us = (int64_t)(x * 1e6 + 0.5);
	return 0;
}

/*
 * A media file name: inside the viewer's media directory, so relative, no
 * "..", nothing the protocol cannot carry.  "" and "none" turn it off.
 */
static int
parse_name(const char *v, char *out, size_t outlen)
{
	size_t len = strlen(v);
	const char *p;

	if (len == 0 || strcmp(v, "none") == 0) {
		out[0] = '\0';
		return 0;
	}
	if (len >= outlen || v[0] == '/' || strpbrk(v, ",\\") != NULL)
		return -1;
	for (p = v; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return -1;
	for (p = v; p != NULL; p = strchr(p, '/')) {
		if (*p == '/')
			p++;
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == '\0'))
			return -1;
	}
	memcpy(out, v, len + 1);
	return 0;
}

/* One "key = value" pair; an error text in err, or NULL. */
static const char *
conf_set(struct alarm_conf *cf, const char *key, const char *v)
{
	uint64_t u;
	uint32_t ppm;
	int k;

	for (k = 0; k < ALARM_RATE; k++)
		if (strcmp(key, kind_names[k]) == 0) {
			if (parse_ratio(v, &ppm) < 0)
				return "a share from 0 to 1, a percentage, or off";
			cf->ratio_ppm[k] = ppm;
			return NULL;
		}
	if (strncmp(key, "picture_", 8) == 0) {
		for (k = 0; k < ALARM_KINDS; k++)
			if (strcmp(key + 8, kind_names[k]) == 0) {
				if (parse_name(v, cf->picture[k],
				    sizeof(cf->picture[k])) < 0)
					goto badname;
				return NULL;
			}
		return "unknown key";
	}
	if (strcmp(key, "window_packets") == 0) {
		if (parse_u64(v, 2, 1000000, &u) < 0)
			return "a number of packets from 2 to 1000000";
		cf->window_packets = (uint32_t)u;
	} else if (strcmp(key, "window_seconds") == 0) {
		if (parse_seconds(v, 0.001, 3600.0, &cf->window_us) < 0)
			return "seconds from 0.001 to 3600";
	} else if (strcmp(key, "min_packets") == 0) {
		if (parse_u64(v, 1, 1000000, &u) < 0)
			return "a number of packets from 1 to 1000000";
		cf->min_packets = (uint32_t)u;
	} else if (strcmp(key, "quiet") == 0) {
		if (parse_seconds(v, 0.0, 86400.0, &cf->quiet_us) < 0)
			return "seconds from 0 to 86400";
	} else if (strcmp(key, "pps") == 0) {
		if (strcmp(v, "off") == 0)
			cf->pps = 0;
		else if (parse_u64(v, 0, 1000000000, &cf->pps) < 0)
			return "packets per second from 0 to 1000000000, or off";
	} else if (strcmp(key, "top") == 0) {
		if (parse_u64(v, 1, ALARM_MAX_TOP, &u) < 0)
			return "a number of targets from 1 to 5";
		cf->top = (unsigned)u;
	} else if (strcmp(key, "target_share") == 0) {
		if (parse_ratio(v, &cf->share_ppm) < 0)
			return "a share from 0 to 1, or a percentage";
	} else if (strcmp(key, "flag") == 0) {
		if (parse_u64(v, 0, 65535, &u) < 0)
			return "a flag from 0 to 65535";
		cf->flag = (unsigned)u;
	} else if (strcmp(key, "se") == 0) {
		if (parse_name(v, cf->se, sizeof(cf->se)) < 0)
			goto badname;
	} else if (strcmp(key, "sound") == 0) {
		if (parse_name(v, cf->sound, sizeof(cf->sound)) < 0)
			goto badname;
	} else if (strcmp(key, "sound_ms") == 0) {
		const char *p = v[0] == '-' ? v + 1 : v;

		if (parse_u64(p, 1, 2147483647, &u) < 0)
			return "milliseconds, 1 to 2147483647 (negative: loop)";
		cf->sound_ms = v[0] == '-' ? -(int64_t)u : (int64_t)u;
	} else if (strcmp(key, "voice") == 0) {
		if (parse_bool(v, &cf->voice) < 0)
			return "yes or no";
	} else if (strcmp(key, "skydome") == 0) {
		if (parse_name(v, cf->skydome, sizeof(cf->skydome)) < 0)
			goto badname;
	} else if (strcmp(key, "skydome_clear") == 0) {
		if (parse_name(v, cf->skydome_clear,
		    sizeof(cf->skydome_clear)) < 0)
			goto badname;
	} else
		return "unknown key";
	return NULL;
badname:
	return "a file name in the viewer's media (relative, no '..', "
	    "no comma), or none";
}

/* conf_read() hands each key here (progs/conf.h). */
static const char *
conf_pair(void *arg, const char *section, const char *key, const char *v)
{
	if (key == NULL || section[0] != '\0')
		return "sections have no meaning in an alarm file";
	return conf_set(arg, key, v);
}

/* --- packter.conf, the PACKTER 2.x file ----------------------------------- */

/*
 * The keys of the reference's pt_thmon: MON_<KIND>_{PIC,MSG,SOUND,VOICE}
 * per kind, and the texts around them.  Its thresholds were options of its
 * command line (-S -F -R -I -U -P, -C, -w), not keys; our own keys (syn =
 * 0.5 ...) may stand in the same file.
 */
static const char *const ref_kind_names[ALARM_KINDS] = {
	"SYN", "FIN", "RST", "ICMP", "UDP", "PPS"
};
enum { RF_PIC, RF_MSG, RF_SOUND, RF_VOICE, REF_FIELDS };
static const char *const ref_field_names[REF_FIELDS] = {
	"PIC", "MSG", "SOUND", "VOICE"
};
static const char *const ref_text_keys[REF_TEXTS] = {
	[RT_MSG_HEAD] = "MON_OPT_MSG_HEAD", [RT_MSG_FOOT] = "MON_OPT_MSG_FOOT",
	[RT_VOICE_HEAD] = "MON_OPT_VOICE_HEAD",
	[RT_VOICE_FOOT] = "MON_OPT_VOICE_FOOT",
	[RT_MONITOR] = "MONITOR", [RT_THRESHOLD] = "THRESHOLD",
};
#define REF_BIT_TEXT(t)	(ALARM_KINDS * REF_FIELDS + (t))
#define REF_BIT_SKY	(REF_BIT_TEXT(REF_TEXTS))

/* Keys of that file with no meaning here, and why. */
static const struct {
	const char	*key;
	const char	*why;
} ref_unused[] = {
	{ "MON_OPT_PIC", "pt_thmon does not use it either" },
	{ "MON_OPT_SOUND", "pt_thmon does not use it either" },
	{ "MON_OPT_SOUND_HEAD", "pt_thmon adds it to the voice text (a slip); "
	    "put words for the voice in MON_OPT_VOICE_HEAD" },
	{ "MON_OPT_SOUND_FOOT", "pt_thmon adds MON_OPT_SOUND to the voice "
	    "text for it (a slip)" },
};

struct flat_read {
	const char	*path;
	struct alarm_conf *cf;
	unsigned	 tc_keys;		/* IPTB_*: the bridge's */
};

/* A file name as pt_thmon sent it, its blanks cut off. */
static int
ref_name(const char *v, char *out, size_t outlen)
{
	char tmp[NAME_LEN + 1];
	size_t n;

	v += strspn(v, " ");
	n = strlen(v);
	while (n > 0 && v[n - 1] == ' ')
		n--;
	if (n >= sizeof(tmp))
		return -1;
	memcpy(tmp, v, n);
	tmp[n] = '\0';
	return parse_name(tmp, out, outlen);
}

static const char *
ref_text(const char *v, char *out)
{
	size_t n = strlen(v);

	if (n > REF_TEXT)
		return "text longer than 400 bytes";
	memcpy(out, v, n + 1);
	return NULL;
}

/* MON_<KIND>_<FIELD>=v */
static const char *
ref_kind_key(struct alarm_conf *cf, int k, int fld, const char *v)
{
	char dur[24];
	const char *comma;
	uint64_t u;
	size_t n;

	switch (fld) {
	case RF_PIC:
		if (ref_name(v, cf->picture[k], sizeof(cf->picture[k])) < 0)
			goto badname;
		return NULL;
	case RF_MSG:
		return ref_text(v, cf->ref_msg[k]);
	case RF_VOICE:
		return ref_text(v, cf->ref_voice[k]);
	default:
		break;
	}
	/* "DURATION,FILE", the payload of a PACKTERSOUND. */
	if ((comma = strchr(v, ',')) == NULL || (n = (size_t)(comma - v)) >=
	    sizeof(dur))
		return "milliseconds, a comma and a sound file "
		    "(30000,Detection.wav)";
	memcpy(dur, v, n);
	dur[n] = '\0';
	n = strspn(dur, " ");
	if (parse_u64(dur + n + (dur[n] == '-'), 0, 2147483647, &u) < 0)
		return "milliseconds, a comma and a sound file "
		    "(30000,Detection.wav)";
	cf->ref_sound_ms[k] = dur[n] == '-' ? -(int64_t)u : (int64_t)u;
	if (ref_name(comma + 1, cf->ref_sound[k], sizeof(cf->ref_sound[k])) <
	    0)
		goto badname;
	return NULL;
badname:
	return "a file name in the viewer's media (relative, no '..', "
	    "no comma), or none";
}

/* conf_read_flat() hands each key here. */
static const char *
flat_pair(void *arg, const char *section, const char *key, const char *v)
{
	struct flat_read *fr = arg;
	struct alarm_conf *cf = fr->cf;
	char name[64];
	const char *why = NULL;
	size_t n = strlen(key);
	unsigned bit = UINT_MAX, i;
	int k, f;

	(void)section;
	while (n > 0 && key[n - 1] == ' ')
		n--;			/* "KEY = value" */
	if (n == 0 || n >= sizeof(name))
		return NULL;
	memcpy(name, key, n);
	name[n] = '\0';
	if (name[0] >= 'a' && name[0] <= 'z') {
		/* One of our own keys, trimmed as inih trims it. */
		char val[CONF_MAX_LINE + 1];
		size_t m;

		v += strspn(v, " ");
		m = strlen(v);
		while (m > 0 && v[m - 1] == ' ')
			m--;
		memcpy(val, v, m);
		val[m] = '\0';
		return conf_set(cf, name, val);
	}
	if (strncmp(name, "IPTB_", 5) == 0) {
		fr->tc_keys++;
		return NULL;
	}
	for (k = 0; k < ALARM_KINDS && bit == UINT_MAX; k++)
		for (f = 0; f < REF_FIELDS; f++) {
			char want[32];

			(void)snprintf(want, sizeof(want), "MON_%s_%s",
			    ref_kind_names[k], ref_field_names[f]);
			if (strcmp(name, want) == 0) {
				bit = (unsigned)(k * REF_FIELDS + f);
				break;
			}
		}
	for (i = 0; i < REF_TEXTS && bit == UINT_MAX; i++)
		if (strcmp(name, ref_text_keys[i]) == 0)
			bit = REF_BIT_TEXT(i);
	if (bit == UINT_MAX && strcmp(name, "MON_SKYDOME_START") == 0)
		bit = REF_BIT_SKY;
	if (bit == UINT_MAX) {
		for (i = 0; i < sizeof(ref_unused) / sizeof(ref_unused[0]); i++)
			if (strcmp(name, ref_unused[i].key) == 0) {
				log_info("%s: %s has no meaning here: %s",
				    fr->path, name, ref_unused[i].why);
				return NULL;
			}
		log_info("%s: %s is not a key of the PACKTER 2.x alarm "
		    "(pt_thmon) nor of this agent: ignored, as pt_thmon "
		    "ignores it", fr->path, name);
		return NULL;
	}
	/* pt_thmon keeps the first of a key given twice. */
	if (cf->ref_seen & (1ULL << bit))
		return NULL;
	cf->ref_seen |= 1ULL << bit;
	cf->ref = true;
	if (bit < ALARM_KINDS * REF_FIELDS)
		why = ref_kind_key(cf, (int)(bit / REF_FIELDS),
		    (int)(bit % REF_FIELDS), v);
	else if (bit == REF_BIT_SKY) {
		if (ref_name(v, cf->skydome, sizeof(cf->skydome)) < 0)
			why = "a file name in the viewer's media (relative, "
			    "no '..', no comma), or none";
	} else
		why = ref_text(v, cf->ref_text[bit - REF_BIT_TEXT(0)]);
	return why;
}

static int
alarm_conf_read(const char *path, struct alarm_conf *cf, char *err,
    size_t errlen)
{
	struct flat_read fr = { path, cf, 0 };
	int flat;

	conf_defaults(cf);
	if ((flat = conf_is_flat(path, err, errlen)) < 0)
		return -1;
	if (flat) {
		if (conf_read_flat(path, flat_pair, &fr, err, errlen) < 0)
			return -1;
		if (fr.tc_keys > 0)
			log_info("%s: %u IPTB_* keys are packter_tc's (the "
			    "traceback bridge): no meaning to the agent", path,
			    fr.tc_keys);
	} else if (conf_read(path, conf_pair, cf, err, errlen) < 0)
		return -1;
	if (cf->min_packets > cf->window_packets)
		return errbuf_fmt(err, errlen, "%s: min_packets (%u) is above "
		    "window_packets (%u)", path, cf->min_packets,
		    cf->window_packets);
	return 0;
}

/* --- open, reload, free ---------------------------------------------------- */

struct alarm *
alarm_open(const char *config, char *err, size_t errlen)
{
	struct alarm *al;
	struct alarm_conf cf;

	if (alarm_conf_read(config, &cf, err, errlen) < 0)
		return NULL;
	al = xcalloc(1, sizeof(*al));
	if (siphash_key_random(&al->key, err, errlen) < 0) {
		free(al);
		return NULL;
	}
	al->path = xstrdup(config);
	al->conf = cf;
	al->table = xcalloc(TABLE_SLOTS, sizeof(*al->table));
	al->used = xcalloc(ALARM_TARGETS, sizeof(*al->used));
	return al;
}

int
alarm_reload(struct alarm *al, char *err, size_t errlen)
{
	struct alarm_conf cf;

	if (alarm_conf_read(al->path, &cf, err, errlen) < 0) {
		al->c[ALC_RELOAD_ERRORS]++;
		return -1;
	}
	al->conf = cf;
	al->c[ALC_RELOADS]++;
	return 0;
}

void
alarm_set_voice_form(struct alarm *al, enum pt_voice_form form)
{
	al->voice_form = form;
}

void
alarm_free(struct alarm *al)
{
	if (al == NULL)
		return;
	free(al->table);
	free(al->used);
	free(al->path);
	free(al);
}

/* --- messages ------------------------------------------------------------- */

static void
queue_control(struct alarm *al, const struct pt_control *ctl)
{
	struct message *m;

	if (al->qlen == QUEUE_LEN) {
		al->c[ALC_MESSAGES_DROPPED]++;
		return;
	}
	m = &al->queue[(al->qhead + al->qlen) % QUEUE_LEN];
	m->len = pt_encode_control(m->buf, sizeof(m->buf), ctl);
	if (m->len == 0) {
		al->c[ALC_MESSAGES_DROPPED]++;
		return;
	}
	al->qlen++;
	al->c[ALC_MESSAGES]++;
}

static void
queue_file(struct alarm *al, enum pt_kind kind, const char *file, int64_t ms)
{
	struct pt_control ctl;

	memset(&ctl, 0, sizeof(ctl));
	ctl.kind = kind;
	ctl.file.p = file;
	ctl.file.len = strlen(file);
	ctl.duration_ms = ms;
	queue_control(al, &ctl);
}

size_t
alarm_take_message(struct alarm *al, char *buf, size_t cap)
{
	struct message *m;

	while (al->qlen > 0) {
		m = &al->queue[al->qhead];
		al->qhead = (al->qhead + 1) % QUEUE_LEN;
		al->qlen--;
		if (m->len <= cap) {
			memcpy(buf, m->buf, m->len);
			return m->len;
		}
		al->c[ALC_MESSAGES_DROPPED]++;
	}
	return 0;
}

/* A bounded text: appends that do not fit are refused whole. */
struct text {
	char		*p;
	size_t		 len, cap;
};

static bool
text_add(struct text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static bool
text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->len >= t->cap)
		return false;
	va_start(ap, fmt);
	n = vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= t->cap - t->len) {
		t->p[t->len] = '\0';
		return false;
	}
	t->len += (size_t)n;
	return true;
}

/* "95.0%" from parts of a whole. */
static void
fmt_share(char *dst, size_t cap, uint64_t part, uint64_t whole)
{
	uint64_t pm = whole ? (part * 1000 + whole / 2) / whole : 0;

	(void)snprintf(dst, cap, "%llu.%llu%%", (unsigned long long)(pm / 10),
	    (unsigned long long)(pm % 10));
}

static uint64_t
window_rate(const struct alarm *al)
{
	int64_t span = al->last_us - al->first_us;

	if (al->count < 2)
		return 0;
	if (span <= 0)
		return UINT64_MAX;
	return ((uint64_t)(al->count - 1) * PPM) / (uint64_t)span;
}

/*
 * A voice text as --voice-format says: SofTalk's command line, unless the
 * text is one already (a packter.conf writes "/T:1 /W:" in its texts).
 */
static void
queue_voice(struct alarm *al, const char *text, size_t len)
{
	struct pt_control ctl;
	struct pt_str w;

	memset(&ctl, 0, sizeof(ctl));
	ctl.kind = PT_VOICE;
	ctl.text.p = text;
	ctl.text.len = len;
	if (al->voice_form == PT_VOICE_SOFTALK &&
	    !pt_voice_softalk_words(ctl.text, &w))
		ctl.voice_form = PT_VOICE_SOFTALK;
	queue_control(al, &ctl);
}

/*
 * The messages of a packter.conf, made as the reference's pt_thmon makes
 * them: PACKTERMSG "PIC,HEAD" + for each kind over "MSG MONITOR N THRESHOLD
 * N" + FOOT, with N the observed and given share in per cent (the rate and
 * its threshold for PPS) rounded as "%.f" rounds; the first kind's music
 * (PACKTERSOUND "MS,FILE"); PACKTERVOICE "VOICE_HEAD" + each kind's VOICE +
 * "VOICE_FOOT"; the sky dome of MON_SKYDOME_START.
 */
static void
raise_alarm_ref(struct alarm *al, unsigned mask)
{
	const struct alarm_conf *cf = &al->conf;
	char html[HTML_MAX], voice[HTML_MAX];
	struct text t = { html, 0, sizeof(html) };
	struct text vt = { voice, 0, sizeof(voice) };
	struct pt_control ctl;
	const char *picture = NULL;
	uint64_t rate = window_rate(al);
	int k, sound = -1;

	html[0] = voice[0] = '\0';
	(void)text_add(&t, "%s", cf->ref_text[RT_MSG_HEAD]);
	(void)text_add(&vt, "%s", cf->ref_text[RT_VOICE_HEAD]);
	for (k = 0; k < ALARM_KINDS; k++) {
		double seen, given;

		if (!(mask & (1u << k)))
			continue;
		if (picture == NULL)
			picture = cf->picture[k];
		if (sound < 0)
			sound = k;
		if (k == ALARM_RATE) {
			seen = rate == UINT64_MAX ? (double)al->count :
			    (double)rate;
			given = (double)cf->pps;
		} else {
			seen = al->count ? 100.0 * al->n[k] / al->count : 0.0;
			given = cf->ratio_ppm[k] / 10000.0;
		}
		(void)text_add(&t, "%s%s %.f%s %.f", cf->ref_msg[k],
		    cf->ref_seen & (1ULL << REF_BIT_TEXT(RT_MONITOR)) ?
		    cf->ref_text[RT_MONITOR] : " Observed:", seen,
		    cf->ref_seen & (1ULL << REF_BIT_TEXT(RT_THRESHOLD)) ?
		    cf->ref_text[RT_THRESHOLD] : " Threshold:", given);
		(void)text_add(&vt, "%s", cf->ref_voice[k]);
	}
	(void)text_add(&t, "%s", cf->ref_text[RT_MSG_FOOT]);
	(void)text_add(&vt, "%s", cf->ref_text[RT_VOICE_FOOT]);

	memset(&ctl, 0, sizeof(ctl));
	ctl.kind = PT_MSG;
	ctl.file.p = picture != NULL ? picture : "";
	ctl.file.len = strlen(ctl.file.p);
	ctl.text.p = html;
	ctl.text.len = t.len;
	queue_control(al, &ctl);
	if (cf->se[0] != '\0')
		queue_file(al, PT_SE, cf->se, 0);
	if (sound >= 0 && cf->ref_sound[sound][0] != '\0')
		queue_file(al, PT_SOUND, cf->ref_sound[sound],
		    cf->ref_sound_ms[sound]);
	else if (cf->sound[0] != '\0')
		queue_file(al, PT_SOUND, cf->sound, cf->sound_ms);
	if (vt.len > 0)
		queue_voice(al, voice, vt.len);
	if (cf->skydome[0] != '\0')
		queue_file(al, PT_SKYDOME, cf->skydome, 0);
	al->c[ALC_ALARMS]++;
	al->last_kinds = mask;
}

static void
raise_alarm(struct alarm *al, unsigned mask, const struct top *tops)
{
	const struct alarm_conf *cf = &al->conf;
	char html[HTML_MAX], voice[256], a[PT_ADDRSTRLEN], s1[16], s2[16];
	char para[512];
	struct text t = { html, 0, sizeof(html) };
	struct text vt = { voice, 0, sizeof(voice) };
	struct text pt;
	struct pt_control ctl;
	uint64_t rate = window_rate(al);
	const char *picture = NULL;
	const struct target *first = NULL;
	unsigned i;
	int k, nk = 0;

	if (cf->ref) {
		raise_alarm_ref(al, mask);
		return;
	}
	html[0] = voice[0] = '\0';
	(void)text_add(&t, "<h2>DoS alarm: ");
	(void)text_add(&vt, "Warning: ");
	for (k = 0; k < ALARM_KINDS; k++) {
		if (!(mask & (1u << k)))
			continue;
		(void)text_add(&t, "%s%s", nk ? ", " : "", kind_titles[k]);
		(void)text_add(&vt, "%s%s", nk ? " and " : "", kind_titles[k]);
		if (picture == NULL && cf->picture[k][0] != '\0')
			picture = cf->picture[k];
		if (first == NULL && tops[k].n > 0)
			first = tops[k].t[0];
		nk++;
	}
	(void)text_add(&t, "</h2><p>%u packets in %lld.%03lld s", al->count,
	    (long long)((al->last_us - al->first_us) / 1000000),
	    (long long)((al->last_us - al->first_us) % 1000000 / 1000));
	if (rate != UINT64_MAX)
		(void)text_add(&t, ", %llu packets/s", (unsigned long long)rate);
	(void)text_add(&t, "</p>");

	for (k = 0; k < ALARM_KINDS; k++) {
		if (!(mask & (1u << k)))
			continue;
		pt = (struct text){ para, 0, sizeof(para) };
		if (k == ALARM_RATE && rate == UINT64_MAX)
			(void)text_add(&pt, "<p><b>%s</b>: all in one instant "
			    "(threshold %llu packets/s)", kind_titles[k],
			    (unsigned long long)cf->pps);
		else if (k == ALARM_RATE)
			(void)text_add(&pt, "<p><b>%s</b>: %llu packets/s "
			    "(threshold %llu)", kind_titles[k],
			    (unsigned long long)rate,
			    (unsigned long long)cf->pps);
		else {
			fmt_share(s1, sizeof(s1), al->n[k], al->count);
			fmt_share(s2, sizeof(s2), cf->ratio_ppm[k], PPM);
			(void)text_add(&pt, "<p><b>%s</b>: %s of the packets "
			    "(threshold %s)", kind_titles[k], s1, s2);
		}
		for (i = 0; i < tops[k].n; i++) {
			const struct target *tg = tops[k].t[i];

			a[pt_fmt_addr(a, tg->family, tg->addr)] = '\0';
			if (!text_add(&pt, "<br>%s %s (%u)", i ? "and" : "to",
			    a, tg->n[k]))
				break;
		}
		(void)text_add(&pt, "</p>");
		/* Keep room for the closing tag of a later paragraph. */
		if (t.len + pt.len + 8 < t.cap)
			(void)text_add(&t, "%s", para);
	}
	if (first != NULL) {
		a[pt_fmt_addr(a, first->family, first->addr)] = '\0';
		(void)text_add(&vt, " against %s", a);
	}
	(void)text_add(&vt, ".");

	memset(&ctl, 0, sizeof(ctl));
	ctl.kind = PT_MSG;
	ctl.file.p = picture != NULL ? picture : "";
	ctl.file.len = strlen(ctl.file.p);
	ctl.text.p = html;
	ctl.text.len = t.len;
	queue_control(al, &ctl);
	if (cf->se[0] != '\0')
		queue_file(al, PT_SE, cf->se, 0);
	if (cf->sound[0] != '\0')
		queue_file(al, PT_SOUND, cf->sound, cf->sound_ms);
	if (cf->voice)
		queue_voice(al, voice, vt.len);
	if (cf->skydome[0] != '\0')
		queue_file(al, PT_SKYDOME, cf->skydome, 0);
	al->c[ALC_ALARMS]++;
	al->last_kinds = mask;
}

/* --- counting ----------------------------------------------------------------- */

static size_t
addr_len(int family)
{
	return family == 4 ? 4 : 16;
}

static uint32_t
addr_hash(const struct alarm *al, int family, const uint8_t *addr)
{
	uint8_t b[17];

	b[0] = (uint8_t)family;
	memcpy(b + 1, addr, addr_len(family));
	return (uint32_t)siphash24(&al->key, b, 1 + addr_len(family));
}

/* The destination's entry in the window's table, or NULL when it is full. */
static struct target *
target_get(struct alarm *al, const struct pk_packet *pkt)
{
	uint32_t i = addr_hash(al, pkt->family, pkt->dst) & (TABLE_SLOTS - 1);
	struct target *tg;
	unsigned probes;

	for (probes = 0;; probes++) {
		if (probes == ALARM_MAX_PROBE) {
			/* Never inserted further, so not there either. */
			al->c[ALC_PROBE_CAP]++;
			return NULL;
		}
		tg = &al->table[i];
		if (!tg->used)
			break;
		if (tg->family == pkt->family &&
		    memcmp(tg->addr, pkt->dst, addr_len(pkt->family)) == 0)
			return tg;
		i = (i + 1) & (TABLE_SLOTS - 1);
	}
	if (al->nused == ALARM_TARGETS)
		return NULL;
	tg->used = 1;
	tg->family = pkt->family;
	memcpy(tg->addr, pkt->dst, addr_len(pkt->family));
	al->used[al->nused++] = (uint16_t)i;
	return tg;
}

/* Bits of the kinds a packet counts for (ALARM_RATE not included). */
static unsigned
packet_kinds(const struct pk_packet *pkt)
{
	unsigned m = 0;

	switch (pkt->proto) {
	case PK_IPPROTO_TCP:
		if (pkt->l4_state != PK_L4_OK)
			break;
		if ((pkt->tcp_flags & (PK_TH_SYN | PK_TH_ACK)) == PK_TH_SYN)
			m |= 1u << ALARM_SYN;
		if (pkt->tcp_flags & PK_TH_FIN)
			m |= 1u << ALARM_FIN;
		if (pkt->tcp_flags & PK_TH_RST)
			m |= 1u << ALARM_RST;
		break;
	case PK_IPPROTO_ICMP:
	case PK_IPPROTO_ICMPV6:
		m |= 1u << ALARM_ICMP;
		break;
	case PK_IPPROTO_UDP:
		m |= 1u << ALARM_UDP;
		break;
	}
	return m;
}

/* Does a rank before b: more packets, then the smaller address. */
static bool
ranks_before(const struct target *a, const struct target *b, int k)
{
	if (a->n[k] != b->n[k])
		return a->n[k] > b->n[k];
	if (a->family != b->family)
		return a->family < b->family;
	return memcmp(a->addr, b->addr, addr_len(a->family)) < 0;
}

static void
find_top(const struct alarm *al, int k, struct top *top)
{
	const struct alarm_conf *cf = &al->conf;
	const struct target *tg;
	uint64_t total = k == ALARM_RATE ? al->count : al->n[k];
	unsigned i, j, keep;

	top->n = 0;
	for (i = 0; i < al->nused; i++) {
		tg = &al->table[al->used[i]];
		if (tg->n[k] == 0)
			continue;
		j = top->n;
		if (j == cf->top) {
			if (!ranks_before(tg, top->t[j - 1], k))
				continue;
			j--;		/* the last one drops out */
		} else
			top->n++;
		for (; j > 0 && ranks_before(tg, top->t[j - 1], k); j--)
			top->t[j] = top->t[j - 1];
		top->t[j] = tg;
	}
	/* The first always; the others with their share of the kind. */
	for (keep = top->n > 0 ? 1 : 0; keep < top->n; keep++)
		if ((uint64_t)top->t[keep]->n[k] * PPM <
		    (uint64_t)cf->share_ppm * total)
			break;
	top->n = keep;
}

static void
set_attacks(struct alarm *al, unsigned mask, const struct top *tops)
{
	unsigned i, j;
	int k;

	al->nattacks = 0;
	for (k = 0; k < ALARM_KINDS; k++) {
		if (!(mask & (1u << k)))
			continue;
		for (i = 0; i < tops[k].n; i++) {
			const struct target *tg = tops[k].t[i];

			for (j = 0; j < al->nattacks; j++)
				if (al->attacks[j].family == tg->family &&
				    memcmp(al->attacks[j].addr, tg->addr,
				    addr_len(tg->family)) == 0)
					break;
			if (j == al->nattacks) {
				al->attacks[j].family = tg->family;
				memcpy(al->attacks[j].addr, tg->addr,
				    sizeof(tg->addr));
				al->attacks[j].kinds = 0;
				al->nattacks++;
			}
			al->attacks[j].kinds |= 1u << k;
		}
	}
}

static void
close_window(struct alarm *al)
{
	const struct alarm_conf *cf = &al->conf;
	struct top tops[ALARM_KINDS];
	unsigned mask = 0, had = al->nattacks;
	uint64_t rate;
	unsigned i;
	int k;

	al->c[ALC_WINDOWS]++;
	memset(tops, 0, sizeof(tops));
	if (al->count < cf->min_packets)
		al->c[ALC_SMALL_WINDOWS]++;
	else {
		for (k = 0; k < ALARM_RATE; k++)
			if (cf->ratio_ppm[k] != 0 && (uint64_t)al->n[k] * PPM >=
			    (uint64_t)cf->ratio_ppm[k] * al->count)
				mask |= 1u << k;
		rate = window_rate(al);
		if (cf->pps != 0 && al->count >= 2 && (rate == UINT64_MAX ||
		    (uint64_t)(al->count - 1) * PPM >=
		    cf->pps * (uint64_t)(al->last_us - al->first_us)))
			mask |= 1u << ALARM_RATE;
	}
	for (k = 0; k < ALARM_KINDS; k++)
		if (mask & (1u << k))
			find_top(al, k, &tops[k]);
	set_attacks(al, mask, tops);
	if (mask != 0) {
		if (al->raised && al->last_us < al->quiet_until)
			al->c[ALC_QUIET]++;
		else {
			raise_alarm(al, mask, tops);
			al->raised = true;
			al->quiet_until = al->last_us + cf->quiet_us;
		}
	}
	if (had > 0 && al->nattacks == 0 && cf->skydome_clear[0] != '\0')
		queue_file(al, PT_SKYDOME, cf->skydome_clear, 0);

	for (i = 0; i < al->nused; i++)
		memset(&al->table[al->used[i]], 0, sizeof(*al->table));
	al->nused = 0;
	al->count = 0;
	memset(al->n, 0, sizeof(al->n));
}

unsigned
alarm_packet(struct alarm *al, const struct pk_packet *pkt,
    const struct timeval *ts, unsigned flag)
{
	int64_t t = (int64_t)ts->tv_sec * 1000000 + ts->tv_usec;
	struct target *tg;
	unsigned kinds, i;
	int k;

	al->c[ALC_PACKETS]++;
	if (pkt->family != 4 && pkt->family != 6)
		return flag;
	/* Time never runs back inside the monitor. */
	if (al->count > 0 && t < al->last_us)
		t = al->last_us;
	if (al->count > 0 && t - al->first_us >= al->conf.window_us)
		close_window(al);
	if (al->count == 0)
		al->first_us = t;
	al->last_us = t;
	al->count++;

	kinds = packet_kinds(pkt);
	if ((tg = target_get(al, pkt)) == NULL)
		al->c[ALC_TARGETS_FULL]++;
	else
		tg->n[ALARM_RATE]++;
	for (k = 0; k < ALARM_RATE; k++)
		if (kinds & (1u << k)) {
			al->n[k]++;
			if (tg != NULL)
				tg->n[k]++;
		}
	if (al->count >= al->conf.window_packets)
		close_window(al);

	kinds |= 1u << ALARM_RATE;
	for (i = 0; i < al->nattacks; i++) {
		const struct attack *at = &al->attacks[i];

		if (at->family == pkt->family && (at->kinds & kinds) &&
		    memcmp(at->addr, pkt->dst, addr_len(pkt->family)) == 0) {
			al->c[ALC_DOS_PACKETS]++;
			return al->conf.flag;
		}
	}
	return flag;
}

/* --- names and counters ----------------------------------------------------- */

unsigned
alarm_last_kinds(const struct alarm *al)
{
	return al->last_kinds;
}

uint64_t
alarm_counter(const struct alarm *al, enum alarm_counter c)
{
	return (unsigned)c < ALC_MAX ? al->c[c] : 0;
}

const char *
alarm_kind_name(enum alarm_kind k)
{
	return (unsigned)k < ALARM_KINDS ? kind_names[k] : "invalid";
}

void
alarm_stats(struct alarm *al, FILE *f)
{
	struct counters c = { "alarm", alarm_counter_names, al->c, ALC_MAX };

	counters_print(f, &c, 0);
}
