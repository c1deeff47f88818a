/*
 * recfile.c - split a recording into datagrams (see recfile.h).
 */
#include "config.h"
#include "recfile.h"

#include <stdio.h>
#include <string.h>

#define SEC		1000000000LL
#define MAX_SEC		4102444800LL	/* 2100-01-01, as PACKTERTIME */

void
recfile_init(struct recfile *rf, const char *buf, size_t len)
{
	memset(rf, 0, sizeof(*rf));
	rf->p = buf;
	rf->e = buf + len;
}

static const char *
line_end(const char *p, const char *e)
{
	const char *nl = memchr(p, '\n', (size_t)(e - p));

	return nl != NULL ? nl : e;
}

/* Digits in [p, e) as a number of at most max; -1 if not. */
static int64_t
number(const char *p, const char *e, int64_t max)
{
	int64_t v = 0;

	if (p == e || e - p > 12)
		return -1;
	for (; p < e; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v <= max ? v : -1;
}

/* "TIME sec usec" (a '\r' tolerated) in [p, e); -1 if not. */
static int
parse_time(const char *p, const char *e, int64_t *wall)
{
	const char *sp;
	int64_t sec, usec;

	if (e > p && e[-1] == '\r')
		e--;
	if (e - p < 5 || memcmp(p, "TIME ", 5) != 0)
		return -1;
	p += 5;
	if ((sp = memchr(p, ' ', (size_t)(e - p))) == NULL)
		return -1;
	if ((sec = number(p, sp, MAX_SEC)) < 0 ||
	    (usec = number(sp + 1, e, 999999)) < 0)
		return -1;
	*wall = sec * SEC + usec * 1000;
	return 0;
}

int
recfile_next(struct recfile *rf, struct rec_dgram *d)
{
	const char *p, *le, *body, *q;

	while (rf->p < rf->e) {
		p = rf->p;
		le = line_end(p, rf->e);
		body = le < rf->e ? le + 1 : rf->e;
		/* The body runs to the next line that starts with "TIME ". */
		for (q = body; q < rf->e; q = line_end(q, rf->e) + 1)
			if ((size_t)(rf->e - q) >= 5 &&
			    memcmp(q, "TIME ", 5) == 0)
				break;
		if (q > rf->e)
			q = rf->e;
		rf->p = q;
		if (parse_time(p, le, &d->wall_ns) == -1) {
			rf->bad++;
			continue;
		}
		d->buf = body;
		d->len = (size_t)(q - body);
		rf->datagrams++;
		return 1;
	}
	return 0;
}

size_t
recfile_fmt_time(char *dst, int64_t wall_ns)
{
	int64_t s, us;
	int n;

	if (wall_ns < 0)
		wall_ns = 0;
	s = wall_ns / SEC;
	us = wall_ns % SEC / 1000;
	n = snprintf(dst, RECFILE_TIME_MAX, "TIME %lld %lld\n", (long long)s,
	    (long long)us);
	return n > 0 && n < RECFILE_TIME_MAX ? (size_t)n : 0;
}
