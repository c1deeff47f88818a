/*
 * snort.c - Snort's Alertpkt decoder: one PACKTER record per alert, drawn
 * from the packet that raised it (the socket is source-snort.c).
 *
 * Follows Snort's Alertpkt as ../shared/SNORT.md lays it out from Snort 2.9
 * (spo_alert_unixsock.h, pcap_pkthdr32.h, event.h) and Snort 3
 * (alert_unixsock.cc): one datagram per alert, integers in the host's byte
 * order, no padding before pkt.
 *
 *   offset  size
 *        0   256  alertmsg, NUL-terminated
 *      256    16  pkth: ts_sec, ts_usec, caplen, len      (4 bytes each)
 *      272    20  dlthdr, nethdr, transhdr, data: offsets in pkt; val
 *      292 65535  pkt, from the link layer on
 *    65827     1  (alignment)
 *    65828    36  event: gid, sid, rev, class, priority, event id,
 *                 event reference, reference time sec, usec
 *    65864        end (Snort 2.9 and 3)
 *    65864    64  app_name, Snort 2.9.7+ built with OpenAppID
 *    65928        end
 *
 * The layout is told by the datagram's size; no other size is accepted
 * (older Snort and the PACKTER reference agent's pkt[1500] layout match no
 * current build).  Nothing is trusted: the packet is bounded by the
 * datagram and caplen, the offsets by the packet, the IP header by its own
 * lengths (common/'s decoders).  Snort 2.9 before 2.9.8 on 64-bit hosts
 * copies a 64-bit struct timeval over pkth: ts_usec (the high half of the
 * seconds) and len read 0 and caplen holds the microseconds; the packet
 * copied is then min(that "caplen", snaplen) bytes, cut short or padded with
 * zeros.  Such a header is recognised (len 0, ts_usec 0) and read as such.
 *
 * The packet: from nethdr as IP when Snort set it (Snort 2 sets it for IPv4
 * only); otherwise from dlthdr as Ethernet, or as raw IP when it does not
 * decode as Ethernet.
 */#include "config.h"

#include "snort.h"

#include <string.h>

#include "agent.h"
#include "counters.h"
#include "cursor.h"
#include "decode.h"
#include "stats.h"
#include "text.h"

#define SNORT_NOPACKET		0x1	/* val: no packet at all */

static const char *const snort_counter_names[SN_MAX] = {
	[SN_DATAGRAMS]		= "datagrams",
	[SN_ALERTS]		= "alerts",
	[SN_APPID]		= "openappid-layout",
	[SN_OLD_HEADER]		= "old-64bit-header",
	[SN_BAD_SIZE]		= "bad-size",
	[SN_NO_PACKET]		= "alerts-without-packet",
	[SN_TRUNCATED]		= "truncated",
	[SN_INVALID]		= "invalid",
	[SN_RECV_ERRORS]	= "receive-errors",
};

void
snort_decoder_init(struct snort_decoder *sd, const char *name, int incident)
{
	memset(sd, 0, sizeof(*sd));
	sd->incident = incident;
	(void)snprintf(sd->name, sizeof(sd->name), "%s", name);
}

void
snort_decoder_stats(const struct snort_decoder *sd, FILE *f)
{
	struct counters c = { sd->name, snort_counter_names,
	    (uint64_t *)sd->c, SN_MAX };

	counters_print(f, &c, 0);
}

/* "Incident:<message> sid:N gen:N rev:N", the reference agent's form. */
static size_t
incident(char *dst, size_t cap, const uint8_t *msg, uint32_t gid,
    uint32_t sid, uint32_t rev)
{
	char text[SNORT_MSG_LEN + 1];
	size_t n;
	int r;

	/* One line of UTF-8 (the wire is UTF-8), to its NUL. */
	n = text_line(text, SNORT_MSG_LEN, msg, SNORT_MSG_LEN);
	text[n] = '\0';
	r = snprintf(dst, cap, "Incident:%s sid:%u gen:%u rev:%u", text,
	    (unsigned)sid, (unsigned)gid, (unsigned)rev);
	if (r < 0)
		return 0;
	return (size_t)r < cap ? (size_t)r : cap - 1;
}

static void
snort_bad(struct snort_decoder *sd, enum snort_counter which, const char *what)
{
	sd->c[which]++;
	log_limited(&sd->rl_bad, LOG_LVL_WARN, "%s: alert skipped: %s",
	    sd->name, what);
}

/* Which link type to hand the packet over as, from where. */
static int
pick_link(const uint8_t *p, size_t len)
{
	struct pk_packet pkt;

	if (decode_frame(PK_DLT_EN10MB, p, len, &pkt) == PK_OK)
		return PK_DLT_EN10MB;
	if (decode_frame(PK_LINK_IP, p, len, &pkt) == PK_OK)
		return PK_LINK_IP;
	return PK_DLT_EN10MB;		/* the core counts why not */
}

void
snort_decode(struct snort_decoder *sd, struct agent *ag, const uint8_t *buf,
    size_t len)
{
	struct cursor c;
	struct frame_meta m;
	uint8_t msg[SNORT_MSG_LEN];
	uint32_t ts_sec, ts_usec, caplen, plen, dlthdr, nethdr, transhdr, data;
	uint32_t val, gid, sid, rev;
	const uint8_t *pkt;
	size_t bytes, off, n;
	char desc[PT_MAX_DESC];
	int old = 0, lt;

	if (len != SNORT_SIZE && len != SNORT_SIZE_APPID) {
		sd->c[SN_BAD_SIZE]++;
		log_limited(&sd->rl_size, LOG_LVL_WARN, "%s: a datagram of %zu "
		    "bytes is no Alertpkt layout known (%d: Snort 2.9 and 3; "
		    "%d: Snort 2.9 with OpenAppID): dropped", sd->name, len,
		    SNORT_SIZE, SNORT_SIZE_APPID);
		return;
	}
	cur_init(&c, buf, len);
	/* The size is one of ours: every read below is within it. */
	if (!cur_bytes(&c, msg, sizeof(msg)) ||
	    !cur_ne32(&c, &ts_sec) || !cur_ne32(&c, &ts_usec) ||
	    !cur_ne32(&c, &caplen) || !cur_ne32(&c, &plen) ||
	    !cur_ne32(&c, &dlthdr) || !cur_ne32(&c, &nethdr) ||
	    !cur_ne32(&c, &transhdr) || !cur_ne32(&c, &data) ||
	    !cur_ne32(&c, &val))
		return;
	pkt = cur_pos(&c);
	if (!cur_skip(&c, SNORT_SNAPLEN + 1) || !cur_ne32(&c, &gid) ||
	    !cur_ne32(&c, &sid) || !cur_ne32(&c, &rev))
		return;
	if (len == SNORT_SIZE_APPID)
		sd->c[SN_APPID]++;

	if (val & SNORT_NOPACKET) {
		sd->c[SN_NO_PACKET]++;
		return;
	}
	memset(&m, 0, sizeof(m));
	if (plen == 0 && ts_usec == 0 && caplen < 1000000) {
		/* Old 64-bit Snort 2.9: caplen holds the microseconds. */
		old = 1;
		sd->c[SN_OLD_HEADER]++;
		m.ts.tv_sec = ts_sec;
		m.ts.tv_usec = (suseconds_t)caplen;
	} else {
		m.ts.tv_sec = ts_sec;
		m.ts.tv_usec = ts_usec < 1000000 ? (suseconds_t)ts_usec : 0;
	}
	bytes = caplen < SNORT_SNAPLEN ? caplen : SNORT_SNAPLEN;
	if (!old && caplen > SNORT_SNAPLEN) {
		snort_bad(sd, SN_INVALID, "caplen larger than the packet field");
		return;
	}
	if (bytes == 0) {
		sd->c[SN_NO_PACKET]++;
		return;
	}
	if (dlthdr >= bytes || (nethdr != 0 && nethdr >= bytes) ||
	    transhdr > bytes || data > bytes) {
		/* A cut packet (old header) is truncated; else a lie. */
		snort_bad(sd, old ? SN_TRUNCATED : SN_INVALID,
		    "header offsets past the packet captured");
		if (dlthdr >= bytes || (nethdr != 0 && nethdr >= bytes))
			return;
	}
	if (nethdr > dlthdr) {
		off = nethdr;
		lt = PK_LINK_IP;
	} else {
		off = dlthdr;
		lt = pick_link(pkt + off, bytes - off);
	}

	m.mode = DESC_DEFAULT;
	if (sd->incident) {
		n = incident(desc, sizeof(desc), msg, gid, sid, rev);
		m.mode = DESC_REPLACE;
		m.desc = desc;
		m.desc_len = n;
	}
	sd->c[SN_ALERTS]++;
	agent_frame(ag, lt, pkt + off, bytes - off, &m);
}
