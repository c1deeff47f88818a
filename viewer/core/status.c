/*
 * status.c - the status panel's words (see status.h).
 */
#include "config.h"
#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SEC	1000000000LL

/* Seconds and the ns left, rounded down for times before 1970 too. */
static void
split(int64_t ns, time_t *secs, int *ms)
{
	int64_t s = ns / SEC, r = ns % SEC;

	if (r < 0) {
		s--;
		r += SEC;
	}
	*secs = (time_t)s;
	*ms = (int)(r / 1000000);
}

static int
broken_down(int64_t wall_ns, bool utc, struct tm *tm, int *ms)
{
	time_t secs;

	if (wall_ns == INT64_MIN)
		return -1;
	split(wall_ns, &secs, ms);
	if (utc)
		return gmtime_r(&secs, tm) == NULL ? -1 : 0;
	return localtime_r(&secs, tm) == NULL ? -1 : 0;
}

void
status_fmt_clock(char *buf, size_t len, int64_t wall_ns, bool utc)
{
	struct tm tm;
	size_t n;
	int ms;

	if (broken_down(wall_ns, utc, &tm, &ms) == -1 ||
	    (n = strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm)) == 0) {
		snprintf(buf, len, "?");
		return;
	}
	if (utc)
		snprintf(buf + n, len - n, ".%03d UTC", ms);
	else {
		snprintf(buf + n, len - n, ".%03d ", ms);
		n = strlen(buf);
		if (n < len && strftime(buf + n, len - n, "%Z", &tm) == 0 &&
		    n > 0)
			buf[n - 1] = '\0';
	}
}

void
status_fmt_hms(char *buf, size_t len, int64_t wall_ns, bool utc)
{
	struct tm tm;
	int ms;

	if (broken_down(wall_ns, utc, &tm, &ms) == -1 ||
	    strftime(buf, len, "%H:%M:%S", &tm) == 0)
		snprintf(buf, len, "?");
}

void
status_fmt_span(char *buf, size_t len, int64_t ns)
{
	int64_t s;

	if (ns < 0)
		ns = 0;
	s = ns / SEC;
	if (s >= 86400)
		snprintf(buf, len, "%lld d %lld h", (long long)(s / 86400),
		    (long long)(s % 86400 / 3600));
	else if (s >= 3600)
		snprintf(buf, len, "%lld h %lld min", (long long)(s / 3600),
		    (long long)(s % 3600 / 60));
	else if (s >= 60)
		snprintf(buf, len, "%lld min %02lld s", (long long)(s / 60),
		    (long long)(s % 60));
	else
		snprintf(buf, len, "%.1f s", (double)ns / 1e9);
}

void
status_fmt_count(char *buf, size_t len, uint64_t v)
{
	char digits[32], out[48];
	int n, i, o = 0;

	n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)v);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	snprintf(buf, len, "%s", out);
}

static void __attribute__((format(printf, 5, 6)))
span(struct status_text *st, int line, int i, enum status_tone tone,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->line[line][i].text, STATUS_LEN, fmt, ap);
	va_end(ap);
	st->line[line][i].tone = tone;
}

void
status_build(const struct status_in *in, struct status_text *st)
{
	char clock[64], kept[32], spanbuf[32], from[32], n1[32], n2[32];
	char n3[32], n4[32], lost[32];
	uint64_t total;
	const char *kind;

	memset(st, 0, sizeof(*st));
	st->nlines = 3;

	if (in->playing_file)
		span(st, 0, 0, ST_NORMAL, "PACKTER viewer   playing a file   "
		    "%.1f fps   %llu in flight", in->fps,
		    (unsigned long long)in->in_flight);
	else
		span(st, 0, 0, ST_NORMAL, "PACKTER viewer   UDP %u   %.1f fps"
		    "   %.0f records/s   %llu in flight", in->port, in->fps,
		    in->records_per_s, (unsigned long long)in->in_flight);

	/* Lost: red when any.  Aged out: grey, and how far back it reaches. */
	total = in->kernel_drops + in->refused + in->truncated +
	    in->bad_lines;
	status_fmt_count(lost, sizeof(lost), total);
	status_fmt_count(n1, sizeof(n1), in->kernel_drops);
	status_fmt_count(n2, sizeof(n2), in->refused);
	status_fmt_count(n3, sizeof(n3), in->bad_lines);
	status_fmt_count(n4, sizeof(n4), in->truncated);
	if (in->truncated > 0)
		span(st, 1, 0, total > 0 ? ST_LOST : ST_NORMAL, "lost %s: "
		    "kernel %s, refused %s, bad lines %s, truncated %s   ",
		    lost, n1, n2, n3, n4);
	else
		span(st, 1, 0, total > 0 ? ST_LOST : ST_NORMAL, "lost %s: "
		    "kernel %s, refused %s, bad lines %s   ", lost, n1, n2,
		    n3);
	status_fmt_count(kept, sizeof(kept), in->kept);
	if (in->kept > 0 && in->first_wall != INT64_MIN &&
	    in->last_wall != INT64_MIN)
		status_fmt_span(spanbuf, sizeof(spanbuf),
		    in->last_wall - in->first_wall);
	else
		snprintf(spanbuf, sizeof(spanbuf), "0 s");
	if (in->aged > 0 && in->kept > 0) {
		status_fmt_hms(from, sizeof(from), in->first_wall, in->utc);
		status_fmt_count(n1, sizeof(n1), in->aged);
		span(st, 1, 1, ST_AGED, "history: %s records, %s, from %s "
		    "(%s aged out)", kept, spanbuf, from, n1);
	} else
		span(st, 1, 1, ST_AGED, "history: %s records, %s", kept,
		    spanbuf);

	/* The clock, in capture time when the feed has it. */
	if (in->wall == INT64_MIN)
		snprintf(clock, sizeof(clock), "no records yet");
	else
		status_fmt_clock(clock, sizeof(clock), in->wall, in->utc);
	kind = in->wall == INT64_MIN ? "" : in->kind == TB_CAPTURE ?
	    "capture time" : "arrival time";
	switch (in->mode) {
	case TL_LIVE:
		span(st, 2, 0, ST_NORMAL, "LIVE   %s   %s   (H: help)", clock,
		    kind);
		break;
	case TL_PLAY:
		span(st, 2, 0, ST_WARN, "REPLAY x%g - C: back to live   %s   "
		    "%s   %.1f s behind live", in->speed, clock, kind,
		    (double)in->behind / 1e9);
		break;
	case TL_PAUSED:
		span(st, 2, 0, ST_WARN, "PAUSED - S: resume, C: live   %s   "
		    "%s   %.1f s behind live", clock, kind,
		    (double)in->behind / 1e9);
		break;
	}
	if (in->note != NULL && in->note[0] != '\0') {
		span(st, 3, 0, ST_WARN, "%s", in->note);
		st->nlines = 4;
	}

	/* Before the history: say so, never an empty scene. */
	if (in->before_history && in->kept > 0) {
		status_fmt_hms(from, sizeof(from), in->first_wall, in->utc);
		snprintf(st->banner[0], STATUS_LEN, "before the kept history");
		snprintf(st->banner[1], STATUS_LEN, "history starts %s", from);
	}
}
