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

#include "alarm.h"
#include "classify.h"
#include "counters.h"
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
};

struct agent {
	struct sender	*sender;
	unsigned	 flag_base;
	const char	*tc_addr;	/* -T: traceback bridge address */
	size_t		 tc_len;
	uint64_t	 sample_n;	/* -R N: keep 1 in N (0 = all) */
	double		 sample_p;	/* --sample P (1 = all) */
	uint64_t	 rng;
	int64_t		 now_us;	/* monotonic, set before each run() */
	struct alarm	*alarm;		/* --alarm, or NULL */
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
	if (ag->sample_p < 1.0 &&
	    (double)(rng_next(ag) >> 11) * 0x1.0p-53 >= ag->sample_p)
		return 1;
	return 0;
}

static void
emit_record(struct agent *ag, struct pt_rec_out *out, const struct timeval *ts)
{
	char line[PT_RECORD_HEAD_MAX + PT_MAX_DESC + 1];
	size_t n;

	n = pt_encode_record(line, sizeof(line), out);
	if (n == 0)
		return;
	ag->c[AC_RECORDS]++;
	sender_record(ag->sender, line, n, ts, ag->now_us);
}

void
agent_frame(struct agent *ag, int linktype, const uint8_t *buf, size_t caplen,
    const struct frame_meta *m)
{
	struct pk_packet pkt;
	struct pt_rec_out out;
	/* The record is written in place: head, then the description. */
	char line[PT_RECORD_HEAD_MAX + PT_MAX_DESC + 1], *desc;
	char sa[PT_ADDRSTRLEN], da[PT_ADDRSTRLEN];
	size_t n, dlen = 0;
	enum pk_result r;

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
	pk_classify(&pkt, ag->flag_base, &out);
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
	line[n++] = '\n';
	ag->c[AC_RECORDS]++;
	sender_record(ag->sender, line, n, &m->ts, ag->now_us);
}

void
agent_flow(struct agent *ag, const struct pt_rec_out *r, const struct timeval *ts)
{
	struct pt_rec_out out = *r;

	ag->c[AC_FLOWS]++;
	if (sampled_out(ag)) {
		ag->c[AC_SAMPLED_OUT]++;
		return;
	}
	out.flag += ag->flag_base;
	emit_record(ag, &out, ts);
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
	ag->sample_p = o->sample_p > 0.0 ? o->sample_p : 1.0;
	ag->alarm = o->alarm;
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
agent_set_now(struct agent *ag, int64_t now_us)
{
	ag->now_us = now_us;
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
}
