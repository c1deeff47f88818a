/*
 * record.c - --record and --play (see record.h).  A recording is read
 * whole, up to PLAY_MAX bytes; recfile.c splits it, net_feed() parses each
 * datagram as the network path does.
 */
#include "config.h"
#include "record.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "errbuf.h"
#include "log.h"
#include "recfile.h"

#define PLAY_MAX	(1024LL * 1024 * 1024)
#define PLAY_FEED	0x706c617966696c65ULL	/* "playfile" */

int
record_open(struct recorder *r, const char *path, char *err, size_t errlen)
{
	memset(r, 0, sizeof(*r));
	r->path = path;
	if ((r->f = fopen(path, "w")) == NULL)
		return errbuf_fmt_errno(err, errlen, errno, "--record %s",
		    path);
	setvbuf(r->f, NULL, _IOFBF, 1 << 20);
	return 0;
}

void
record_datagram(void *arg, const char *buf, size_t len, int64_t wall_ns)
{
	struct recorder *r = arg;
	char t[RECFILE_TIME_MAX];
	size_t n;

	if (r->f == NULL)
		return;
	n = recfile_fmt_time(t, wall_ns);
	if (fwrite(t, 1, n, r->f) != n || fwrite(buf, 1, len, r->f) != len ||
	    ((len == 0 || buf[len - 1] != '\n') && fputc('\n', r->f) == EOF)) {
		if (r->errors++ == 0)
			log_errno(LOG_LVL_ERR, errno, "--record %s", r->path);
		return;
	}
	r->datagrams++;
}

void
record_flush(struct recorder *r)
{
	if (r->f != NULL && fflush(r->f) != 0 && r->errors++ == 0)
		log_errno(LOG_LVL_ERR, errno, "--record %s", r->path);
}

void
record_close(struct recorder *r)
{
	if (r->f == NULL)
		return;
	if (fclose(r->f) != 0)
		log_errno(LOG_LVL_ERR, errno, "--record %s", r->path);
	r->f = NULL;
}

/* The whole file; NULL and err on failure. */
static char *
slurp(const char *path, size_t *lenp, char *err, size_t errlen)
{
	FILE *f;
	size_t cap = 1 << 20, len = 0, n;
	char *buf;

	if ((f = fopen(path, "rb")) == NULL) {
		errbuf_fmt_errno(err, errlen, errno, "--play %s", path);
		return NULL;
	}
	buf = xmalloc(cap);
	while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			if ((long long)cap >= PLAY_MAX) {
				errbuf_fmt(err, errlen, "--play %s: larger "
				    "than 1 GiB", path);
				goto fail;
			}
			cap *= 2;
			buf = xreallocarray(buf, cap, 1);
		}
	}
	if (ferror(f)) {
		errbuf_fmt_errno(err, errlen, errno, "--play %s", path);
		goto fail;
	}
	fclose(f);
	*lenp = len;
	return buf;
fail:
	fclose(f);
	free(buf);
	return NULL;
}

int
play_file(const char *path, struct net *n, struct history *h, int64_t now,
    uint64_t *got, uint64_t *bad, char *err, size_t errlen)
{
	struct recfile rf;
	struct rec_dgram d;
	int64_t last = INT64_MIN, off;
	size_t len;
	char *buf;

	if ((buf = slurp(path, &len, err, errlen)) == NULL)
		return -1;
	/* The latest arrival becomes now. */
	recfile_init(&rf, buf, len);
	while (recfile_next(&rf, &d))
		if (d.wall_ns > last)
			last = d.wall_ns;
	off = last - now;
	recfile_init(&rf, buf, len);
	while (recfile_next(&rf, &d))
		net_feed(n, h, d.buf, d.len, d.wall_ns - off, off, PLAY_FEED);
	*got = rf.datagrams;
	*bad = rf.bad;
	free(buf);
	return 0;
}
