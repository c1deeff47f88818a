/*
 * core.c - the agent core: frames and flow records from the sources become
 * PACKTER record lines for the sender.
 *
 * A frame is sampled (-R, --sample), decoded by common/, classified, run
 * past the DoS alarms, given its description (the source's, the core's, or
 * with -T the SPIE digest and the bridge's address) and written in place as
 * one record line.  A flow record arrives decoded; it is sampled and
 * encoded.  Whole datagrams (a replayed -n file) pass through untouched.
 */
#include "config.h"

#include "core.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>

#include "acl.h"
#include "alarm.h"
#include "appmap.h"
#include "cryptopan.h"
#include "classify.h"
#include "counters.h"
#include "geoip.h"
#include "log.h"
#include "sender.h"
#include "spie.h"
#include "stats.h"

static const char *const agent_counter_names[AC_MAX] = {
	[AC_FRAMES]		= "frames",
	[AC_FLOWS]		= "flow-records",
	[AC_SAMPLED_OUT]	= "sampled-out",
	[AC_RECORDS]		= "records",
	[AC_L4_TRUNCATED]	= "drawn-truncated-l4",
	[AC_L4_FRAGMENT]	= "drawn-fragment",
	[AC_SKIP_FIRST + PK_SKIP_NONIP - 1]	= "skipped-non-ip",
	[AC_SKIP_FIRST + PK_SKIP_PROTO - 1]	= "skipped-ip-proto",
	[AC_SKIP_FIRST + PK_SKIP_ESP - 1]	= "skipped-esp-ah",
	[AC_SKIP_FIRST + PK_SKIP_NONEXT - 1]	= "skipped-ipv6-no-next",
	[AC_SKIP_FIRST + PK_TRUNC_LINK - 1]	= "truncated-link",
	[AC_SKIP_FIRST + PK_TRUNC_IP - 1]	= "truncated-ip",
	[AC_SKIP_FIRST + PK_INVALID_LINK - 1]	= "invalid-link",
	[AC_SKIP_FIRST + PK_INVALID_IP - 1]	= "invalid-ip",
	[AC_SKIP_FIRST + PK_UNKNOWN_LINK - 1]	= "unknown-link",
	[AC_NO_HASH]		= "no-traceback-hash",
	[AC_ANON_MAPPED]	= "addresses-anonymised",
	[AC_ANON_KEPT]		= "addresses-kept-clear",
};

struct agent {
	struct sender	*sender;
	unsigned	 flag_base;
	const char	*tc_addr;	/* -T: traceback bridge address */
	size_t		 tc_len;
	uint64_t	 sample_n;	/* -R N: keep 1 in N (0 = all) */
	uint64_t	 sample_gap;	/* --random-gap N (0 = off) */
	uint64_t	 gap_left;	/* packets still to skip */
	double		 sample_p;	/* --sample P (1 = all) */
	int		 se_per_packet;	/* --se-per-packet */
	uint64_t	 rng;
	int64_t		 now_us;	/* monotonic, set before each run() */
	struct alarm	*alarm;		/* --alarm, or NULL */
	struct cryptopan *anon;		/* --anonymise, or NULL */
	const struct acl *anon_keep;	/* --anonymise-keep */
	struct appmap	*appmap;	/* --app, --tag-apps, or NULL */
	struct geoip	*geo;		/* -G, or NULL */
	uint64_t	 c[AC_MAX];
};

/* xorshift64*: fast, good enough to choose which packets to draw. */
static inline uint64_t
rng_next(struct agent *ag)
{
	uint64_t x = ag->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	ag->rng = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static inline int
sampled_out(struct agent *ag)
{
	if (ag->sample_n > 1 && rng_next(ag) % ag->sample_n != 0)
		return 1;
	/* The reference's -R: a gap of 0..N-1 skipped before each one kept. */
	if (ag->sample_gap > 1) {
		if (ag->gap_left > 0) {
			ag->gap_left--;
			return 1;
		}
		ag->gap_left = rng_next(ag) % ag->sample_gap;
	}
	if (ag->sample_p < 1.0 &&
	    (double)(rng_next(ag) >> 11) * 0x1.0p-53 >= ag->sample_p)
		return 1;
	return 0;
}

/* --se-per-packet: "PACKTERSE\nse<class>.wav", as PACKTER 2.x's -s sends. */
static void
emit_se(struct agent *ag, unsigned cls, const struct timeval *ts)
{
	struct pt_control ctl;
	char name[24], msg[64];
	size_t n;

	memset(&ctl, 0, sizeof(ctl));
	ctl.kind = PT_SE;
	memcpy(name, "se", 2);
	n = 2 + pt_fmt_u32(name + 2, cls);
	memcpy(name + n, ".wav", 4);
	ctl.file.p = name;
	ctl.file.len = n + 4;
	if ((n = pt_encode_control(msg, sizeof(msg), &ctl)) > 0)
		sender_datagram(ag->sender, msg, n, ts, ag->now_us);
}

/* --- places for the globe (-G) ------------------------------------------ */

/*
 * Hand a record line to the sender, with -G the places of its addresses
 * (as sent) for the datagram's PACKTERGEO line.
 */
static void
send_record(struct agent *ag, int family, const uint8_t *src,
    const uint8_t *dst, const char *line, size_t n, const struct timeval *ts)
{
	struct pt_place sp, dp;
	char w[PT_GEO_WORD_MAX];
	size_t wl;

	ag->c[AC_RECORDS]++;
	if (ag->geo == NULL) {
		sender_record(ag->sender, line, n, ts, ag->now_us);
		return;
	}
	geoip_place(ag->geo, family, src, &sp);
	geoip_place(ag->geo, family, dst, &dp);
	wl = pt_fmt_geo_word(w, &sp, &dp);
	sender_record_geo(ag->sender, line, n, ts, ag->now_us, w, wl);
}

/* --- end of places ------------------------------------------------------- */

static void
emit_record(struct agent *ag, struct pt_rec_out *out, const struct timeval *ts)
{
	char line[PT_RECORD_HEAD_MAX + PT_MAX_DESC + 1];
	size_t n;

	n = pt_encode_record(line, sizeof(line), out);
	if (n == 0)
		return;
	send_record(ag, out->family, out->src, out->dst, line, n, ts);
}

/* --- anonymisation (--anonymise) ------------------------------------------- */

/* Map an address in place, unless --anonymise-keep holds it. */
static void
anon_addr(struct agent *ag, int family, uint8_t *a)
{
	if (ag->anon_keep != NULL && ag->anon_keep->n > 0 &&
	    acl_allows_addr(ag->anon_keep, family, a)) {
		ag->c[AC_ANON_KEPT]++;
		return;
	}
	cryptopan_map(ag->anon, family, a, a);
	ag->c[AC_ANON_MAPPED]++;
}

static bool
addr_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F') || c == '.' || c == ':';
}

/*
 * A source's description (a flow's exporter, an alert's text) with every
 * IPv4 and IPv6 address in it mapped as the records' are.  Returns the
 * length written to out (at most cap; what does not fit is cut).
 */
static size_t
anon_text(struct agent *ag, const char *in, size_t n, char *out, size_t cap)
{
	char word[PT_ADDRSTRLEN], text[PT_ADDRSTRLEN];
	const char *colon;
	uint8_t a[16];
	size_t i = 0, j, k = 0, w, tl;
	int family;

	while (i < n && k < cap) {
		if (!addr_char(in[i]) || (i > 0 && addr_char(in[i - 1]))) {
			out[k++] = in[i++];
			continue;
		}
		for (j = i; j < n && addr_char(in[j]); j++)
			;
		/*
		 * "c:192.0.2.1" of "src:192.0.2.1", ":2001:db8::1" of
		 * "dst:2001:db8::1": when the run is no address, what
		 * follows its first colon may be.
		 */
		for (family = 0; family == 0 && i < j; ) {
			w = j - i;
			if (w < sizeof(word)) {
				memcpy(word, in + i, w);
				word[w] = '\0';
				if (inet_pton(AF_INET, word, a) == 1)
					family = 4;
				else if (inet_pton(AF_INET6, word, a) == 1)
					family = 6;
			}
			if (family != 0)
				break;
			colon = memchr(in + i, ':', w);
			if (colon == NULL || colon + 1 >= in + j)
				break;
			tl = (size_t)(colon + 1 - (in + i));
			if (tl > cap - k)
				tl = cap - k;
			memcpy(out + k, in + i, tl);
			k += tl;
			i += tl;
			if (k >= cap)
				return k;
		}
		w = j - i;
		if (family == 0) {
			tl = w < cap - k ? w : cap - k;
			memcpy(out + k, in + i, tl);
		} else {
			anon_addr(ag, family, a);
			tl = pt_fmt_addr(text, family, a);
			if (tl > cap - k)
				break;		/* never half an address */
			memcpy(out + k, text, tl);
		}
		k += tl;
		i = j;
	}
	return k;
}

/* --- which program (--app, --tag-apps; appmap.c) ------------------------ */

/*
 * Whether the record line goes out now: tagged with its program, dropped
 * (--app, another program's), or held by the appmap until its answer
 * comes (then sent through agent_record_line).
 */
static bool
app_keep(struct agent *ag, const struct appmap_key *k, char *line,
    size_t *len, size_t cap, const struct timeval *ts)
{
	switch (appmap_frame(ag->appmap, k, line, len, cap, ts, ag->now_us)) {
	case APPMAP_SEND:
		return true;
	case APPMAP_DROP:		/* counted by the appmap */
	case APPMAP_HELD:
		break;
	}
	return false;
}

void
agent_frame(struct agent *ag, int linktype, const uint8_t *buf, size_t caplen,
    const struct frame_meta *m)
{
	struct pk_packet pkt;
	struct pt_rec_out out;
	struct appmap_key ak;
	/* The record is written in place: head, then the description. */
	char line[PT_RECORD_HEAD_MAX + PT_MAX_DESC + 1], *desc;
	char sa[PT_ADDRSTRLEN], da[PT_ADDRSTRLEN];
	size_t n, dlen = 0;
	enum pk_result r;
	unsigned cls;

	ag->c[AC_FRAMES]++;
	if (sampled_out(ag)) {
		ag->c[AC_SAMPLED_OUT]++;
		return;
	}
	r = decode_frame(linktype, buf, caplen, &pkt);
	if (r != PK_OK) {
		ag->c[AC_SKIP_FIRST + r - 1]++;
		return;
	}
	if (pkt.l4_state == PK_L4_TRUNCATED)
		ag->c[AC_L4_TRUNCATED]++;
	else if (pkt.l4_state == PK_L4_FRAGMENT)
		ag->c[AC_L4_FRAGMENT]++;
	/* Its program is looked up by the addresses as captured. */
	if (ag->appmap != NULL)
		appmap_key_of(&ak, &pkt);
	/* The digest (-T) is of pkt.l3, the packet as it was: not mapped. */
	if (ag->anon != NULL) {
		anon_addr(ag, pkt.family, pkt.src);
		anon_addr(ag, pkt.family, pkt.dst);
	}
	pk_classify(&pkt, ag->flag_base, &out);
	cls = out.flag - ag->flag_base;
	if (ag->alarm != NULL) {
		char msg[ALARM_MAX_MESSAGE];

		out.flag = alarm_packet(ag->alarm, &pkt, &m->ts, out.flag);
		while ((n = alarm_take_message(ag->alarm, msg, sizeof(msg))) > 0)
			sender_datagram(ag->sender, msg, n, &m->ts, ag->now_us);
	}
	/* Each address is formatted once, for the record and the description. */
	out.src_text = sa;
	out.src_text_len = (uint8_t)pt_fmt_addr(sa, pkt.family, pkt.src);
	out.dst_text = da;
	out.dst_text_len = (uint8_t)pt_fmt_addr(da, pkt.family, pkt.dst);
	n = pt_encode_record_head(line, &out);
	desc = line + n;

	if (ag->tc_addr != NULL &&
	    spie_digest_hex(pkt.l3, pkt.l3_caplen, desc) == 0) {
		dlen = SPIE_HEX_LEN;
		desc[dlen++] = '-';
		memcpy(desc + dlen, ag->tc_addr, ag->tc_len);
		dlen += ag->tc_len;
	} else {
		if (ag->tc_addr != NULL)
			ag->c[AC_NO_HASH]++;
		if (m->mode != DESC_DEFAULT && m->desc_len > 0) {
			dlen = m->desc_len < PT_MAX_DESC - PK_DESC_MAX - 1 ?
			    m->desc_len : PT_MAX_DESC - PK_DESC_MAX - 1;
			if (ag->anon != NULL)
				dlen = anon_text(ag, m->desc, dlen, desc,
				    PT_MAX_DESC - PK_DESC_MAX - 1);
			else
				memcpy(desc, m->desc, dlen);
		}
		if (m->mode != DESC_REPLACE) {
			if (dlen > 0)
				desc[dlen++] = ' ';
			dlen += pk_describe_text(desc + dlen, PK_DESC_MAX,
			    &pkt, sa, out.src_text_len, da, out.dst_text_len);
		}
	}
	n += dlen;
	if (ag->appmap != NULL && !app_keep(ag, &ak, line, &n,
	    (size_t)(desc - line) + PT_MAX_DESC, &m->ts))
		return;
	line[n++] = '\n';
	send_record(ag, pkt.family, pkt.src, pkt.dst, line, n, &m->ts);
	if (ag->se_per_packet)
		emit_se(ag, cls, &m->ts);
}

/*
 * A held record's places are those of the addresses its key was made of:
 * as captured, which are the ones sent, since -G is never given with
 * --anonymise.
 */
void
agent_record_line(struct agent *ag, const struct appmap_key *k,
    const char *line, size_t len, const struct timeval *ts)
{
	send_record(ag, k->family, k->src, k->dst, line, len, ts);
}

void
agent_flow(struct agent *ag, const struct pt_rec_out *r, const struct timeval *ts)
{
	struct pt_rec_out out = *r;
	char desc[PT_MAX_DESC];
	unsigned cls;

	ag->c[AC_FLOWS]++;
	if (sampled_out(ag)) {
		ag->c[AC_SAMPLED_OUT]++;
		return;
	}
	cls = out.flag;
	out.flag += ag->flag_base;
	if (ag->anon != NULL) {
		anon_addr(ag, out.family, out.src);
		anon_addr(ag, out.family, out.dst);
		out.src_text = out.dst_text = NULL;
		if (out.desc_len > 0) {
			out.desc_len = anon_text(ag, out.desc, out.desc_len,
			    desc, sizeof(desc));
			out.desc = desc;
		}
	}
	emit_record(ag, &out, ts);
	if (ag->se_per_packet)
		emit_se(ag, cls, ts);
}

void
agent_datagram(struct agent *ag, const char *buf, size_t len,
    const struct timeval *ts)
{
	sender_datagram(ag->sender, buf, len, ts, ag->now_us);
}

struct agent *
agent_new(const struct agent_opts *o, struct sender *sender)
{
	struct agent *ag = xcalloc(1, sizeof(*ag));

	ag->sender = sender;
	ag->flag_base = o->flag_base;
	if (o->tc_addr != NULL) {
		ag->tc_addr = o->tc_addr;
		ag->tc_len = strlen(o->tc_addr);
	}
	ag->sample_n = o->sample_n;
	ag->sample_gap = o->sample_gap;
	ag->se_per_packet = o->se_per_packet;
	ag->sample_p = o->sample_p > 0.0 ? o->sample_p : 1.0;
	ag->alarm = o->alarm;
	ag->anon = o->anon;
	ag->anon_keep = o->anon_keep;
	ag->geo = o->geo;
	ag->rng = o->seed;
	if (ag->rng == 0)
		ag->rng = (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ULL ^
		    (uint64_t)getpid();
	if (ag->rng == 0)
		ag->rng = 1;
	return ag;
}

void
agent_free(struct agent *ag)
{
	free(ag);
}

void
agent_set_appmap(struct agent *ag, struct appmap *am)
{
	ag->appmap = am;
}

void
agent_set_now(struct agent *ag, int64_t now_us)
{
	ag->now_us = now_us;
}

const char *
agent_counter_name(enum agent_counter which)
{
	return agent_counter_names[which];
}

uint64_t
agent_counter(const struct agent *ag, enum agent_counter which)
{
	return ag->c[which];
}

void
agent_stats(const struct agent *ag, FILE *f)
{
	struct counters c = { "agent", agent_counter_names,
	    (uint64_t *)ag->c, AC_MAX };

	counters_print(f, &c, 0);
	if (ag->geo != NULL)
		geoip_stats(ag->geo, f);
}
