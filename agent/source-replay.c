/*
 * source-replay.c - send a file written by `packter-agent -n` again, datagram by
 * datagram, with the gaps between its TIME stamps (scaled by --speed).
 *
 *   TIME <sec> <usec>\n       starts a datagram; its text follows, up to the
 *   <datagram text>\n         next TIME line or the end of the file.
 *
 * The file is read whole (it was written by us, but it is still input:
 * every line is checked; a bad TIME line is counted and its datagram skipped).
 * A control message is sent without the line end that ends its text in the
 * file, as the reference senders send one (-n writes that line end).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "counters.h"
#include "stats.h"
#include "errbuf.h"
#include "log.h"
#include "pace.h"
#include "protocol.h"
#include "source.h"

#define REPLAY_MAX_FILE	(1024L * 1024 * 1024)
/* The latest TIME whose microseconds fit in an int64_t (292,471 years). */
#define REPLAY_MAX_SEC	((INT64_MAX - 999999) / 1000000)

enum replay_counter { RC_DATAGRAMS, RC_BAD, RC_GAPS_CUT, RC_MAX };
static const char *const replay_counter_names[RC_MAX] = {
	[RC_DATAGRAMS] = "datagrams", [RC_BAD] = "bad-time-lines",
	[RC_GAPS_CUT] = "gaps-shortened",
};

struct replay_source {
	struct source	 src;
	char		*buf;
	size_t		 len, off;
	double		 speed;		/* 0: as fast as possible */
	struct pacer	 pace;
	int		 holding;	/* the datagram at off waits ... */
	int64_t		 held_due;	/* ... until then */
	uint64_t	 c[RC_MAX];
	char		 name[64];
};

static int
replay_fd(struct source *s)
{
	return -1;
}

/*
 * Parse "TIME sec usec" in [p, e); 0 on success.  sec is at most
 * REPLAY_MAX_SEC, so that the time in microseconds and the difference of
 * two such times are int64_t without overflow.
 */
static int
parse_time(const char *p, const char *e, struct timeval *tv)
{
	char tmp[64], *end;
	size_t n = (size_t)(e - p);
	long long sec;
	long usec;

	if (n < 5 || n >= sizeof(tmp) || memcmp(p, "TIME ", 5) != 0)
		return -1;
	memcpy(tmp, p + 5, n - 5);
	tmp[n - 5] = '\0';
	errno = 0;
	sec = strtoll(tmp, &end, 10);
	if (errno != 0 || end == tmp || *end != ' ' || sec < 0 ||
	    sec > REPLAY_MAX_SEC)
		return -1;
	usec = strtol(end + 1, &end, 10);
	if (errno != 0 || *end != '\0' || usec < 0 || usec > 999999)
		return -1;
	tv->tv_sec = (time_t)sec;
	tv->tv_usec = usec;
	return 0;
}

static const char *
line_end(const char *p, const char *e)
{
	const char *nl = memchr(p, '\n', (size_t)(e - p));

	return nl != NULL ? nl : e;
}

/* A control message's length without the line end -n put after it. */
static size_t
control_len(const char *body, size_t len)
{
	struct pt_parser ps;

	switch (pt_parse_begin(&ps, body, len)) {
	case PT_MSG:
	case PT_HTML:
	case PT_SOUND:
	case PT_SE:
	case PT_VOICE:
	case PT_SKYDOME:
		if (len > 0 && body[len - 1] == '\n')
			len--;
		return len;
	default:
		return len;
	}
}

static enum source_status
replay_run(struct source *s, struct agent *ag, int64_t now_us, int64_t *wake_us)
{
	struct replay_source *rs = (struct replay_source *)s;
	const char *e = rs->buf + rs->len;
	int n;

	for (n = 0; n < 1024; n++) {
		const char *p = rs->buf + rs->off, *le, *q, *body;
		struct timeval tv;
		int64_t pkt_us, due;

		if (p >= e)
			return SRC_EOF;
		le = line_end(p, e);
		/* The body runs to the next line that starts with "TIME ". */
		body = le < e ? le + 1 : e;
		for (q = body; q < e; q = line_end(q, e) + 1)
			if ((size_t)(e - q) >= 5 && memcmp(q, "TIME ", 5) == 0)
				break;
		if (q > e)
			q = e;
		if (parse_time(p, le, &tv) < 0) {
			rs->c[RC_BAD]++;
			rs->off = (size_t)(q - rs->buf);
			continue;
		}
		if (rs->speed > 0) {
			pkt_us = (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
			due = rs->holding ? rs->held_due :
			    pacer_due(&rs->pace, pkt_us, now_us);
			rs->c[RC_GAPS_CUT] = rs->pace.gaps_cut;
			if (due > now_us) {
				rs->holding = 1;
				rs->held_due = due;
				*wake_us = due;
				return SRC_MORE;
			}
			rs->holding = 0;
		}
		rs->off = (size_t)(q - rs->buf);
		rs->c[RC_DATAGRAMS]++;
		agent_datagram(ag, body, control_len(body, (size_t)(q - body)),
		    &tv);
	}
	*wake_us = now_us;
	return SRC_MORE;
}

static void
replay_stats(struct source *s, FILE *f)
{
	struct replay_source *rs = (struct replay_source *)s;
	struct counters c = { rs->name, replay_counter_names, rs->c, RC_MAX };

	counters_print(f, &c, 1);
}

static void
replay_close(struct source *s)
{
	struct replay_source *rs = (struct replay_source *)s;

	free(rs->buf);
	free(rs);
}

static const struct source_ops replay_ops = {
	.name = "replay",
	.fd = replay_fd,
	.run = replay_run,
	.stats = replay_stats,
	.close = replay_close,
};

struct source *
source_replay_open(const char *path, double speed, int64_t max_gap_us,
    char *err, size_t errlen)
{
	struct replay_source *rs;
	FILE *f;
	size_t cap = 1 << 20, len = 0, n;
	char *buf;

	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (f == NULL) {
		(void)errbuf_fmt_errno(err, errlen, errno,
		    "cannot read replay file '%s'", path);
		return NULL;
	}
	buf = xmalloc(cap);
	while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			if (cap >= (size_t)REPLAY_MAX_FILE) {
				snprintf(err, errlen, "replay file '%s' is "
				    "larger than 1 GiB", path);
				goto fail;
			}
			cap *= 2;
			buf = xreallocarray(buf, cap, 1);
		}
	}
	if (ferror(f)) {
		(void)errbuf_fmt_errno(err, errlen, errno, "reading '%s'", path);
		goto fail;
	}
	if (f != stdin)
		fclose(f);
	rs = xcalloc(1, sizeof(*rs));
	rs->src.ops = &replay_ops;
	rs->buf = buf;
	rs->len = len;
	rs->speed = speed;
	pacer_init(&rs->pace, speed, max_gap_us);
	snprintf(rs->name, sizeof(rs->name), "replay %s", path);
	return &rs->src;
fail:
	if (f != stdin)
		fclose(f);
	free(buf);
	return NULL;
}
