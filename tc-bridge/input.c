/*
 * input.c - parse the viewer's trace requests (input.h): strict, bounded,
 * every field checked, nothing read past len.
 */
#include "config.h"

#include "input.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "errbuf.h"

/* Fill the caller's err (errbuf.h) and return the error's class. */
#define REFUSE(e, ...)	((void)errbuf_fmt(err, errlen, __VA_ARGS__), (e))

#define MAX_REQUEST	512	/* the longest sensible request, bytes */

/* A field's text, NUL-terminated in a small buffer; -1 if it is too long. */
static int
field(const char *p, size_t len, char *buf, size_t cap)
{
	if (len >= cap)
		return -1;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return 0;
}

static int
addr(const char *p, size_t len, int *family, char *out)
{
	char buf[TC_ADDRSTRLEN];
	uint8_t bin[16];

	if (field(p, len, buf, sizeof(buf)) < 0)
		return -1;
	if (inet_pton(AF_INET, buf, bin) == 1)
		*family = AF_INET;
	else if (inet_pton(AF_INET6, buf, bin) == 1)
		*family = AF_INET6;
	else
		return -1;
	/* Written back in canonical form: what gets logged is clean. */
	return inet_ntop(*family, bin, out, TC_ADDRSTRLEN) != NULL ? 0 : -1;
}

static int
u16(const char *p, size_t len, uint16_t *out)
{
	unsigned v = 0;
	size_t i;

	if (len == 0 || len > 5)
		return -1;
	for (i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(p[i] - '0');
	}
	if (v > 65535)
		return -1;
	*out = (uint16_t)v;
	return 0;
}

enum tc_input_error
tc_parse_input(const char *buf, size_t len, struct tc_input *in, char *err,
    size_t errlen)
{
	const char *f[6], *p, *end, *c;
	size_t flen[6];
	int fam2, i;

	memset(in, 0, sizeof(*in));
	if (len > MAX_REQUEST)
		return REFUSE(TC_IN_FIELDS, "%zu bytes is too "
		    "long for a request", len);
	end = buf + len;
	/* A leading keyword line, as records have, is tolerated. */
	if (len >= 8 && memcmp(buf, "PACKTER\n", 8) == 0)
		buf += 8;
	else if (len >= 9 && memcmp(buf, "PACKTER\r\n", 9) == 0)
		buf += 9;
	if (end > buf && end[-1] == '\n') {
		end--;
		if (end > buf && end[-1] == '\r')
			end--;
	}
	if (memchr(buf, '\n', (size_t)(end - buf)) != NULL ||
	    memchr(buf, '\r', (size_t)(end - buf)) != NULL ||
	    memchr(buf, '\0', (size_t)(end - buf)) != NULL)
		return REFUSE(TC_IN_FIELDS, "more than one line");

	for (i = 0, p = buf; i < 6; i++) {
		c = i < 5 ? memchr(p, ',', (size_t)(end - p)) : end;
		if (c == NULL)
			return REFUSE(TC_IN_FIELDS, "%d fields, "
			    "not 6 (SRC,DST,SPORT,DPORT,FLAG,MD5)", i + 1);
		f[i] = p;
		flen[i] = (size_t)(c - p);
		p = c + 1;
	}
	if (memchr(f[5], ',', flen[5]) != NULL)
		return REFUSE(TC_IN_FIELDS, "more than 6 fields");

	if (addr(f[0], flen[0], &in->family, in->src) < 0 ||
	    addr(f[1], flen[1], &fam2, in->dst) < 0)
		return REFUSE(TC_IN_ADDRESS, "%s is not an IPv4 "
		    "or IPv6 address", in->src[0] == '\0' ? "SRC" : "DST");
	if (fam2 != in->family)
		return REFUSE(TC_IN_ADDRESS, "SRC and DST are "
		    "not of one address family");
	if (u16(f[2], flen[2], &in->sport) < 0 ||
	    u16(f[3], flen[3], &in->dport) < 0 ||
	    u16(f[4], flen[4], &in->flag) < 0)
		return REFUSE(TC_IN_NUMBER, "a port or the flag "
		    "is not a number from 0 to 65535");
	if (flen[5] != 32)
		return REFUSE(TC_IN_HASH, "the hash has %zu "
		    "characters, not 32", flen[5]);
	for (i = 0; i < 32; i++)
		if (!((f[5][i] >= '0' && f[5][i] <= '9') ||
		    (f[5][i] >= 'a' && f[5][i] <= 'f')))
			return REFUSE(TC_IN_HASH, "the hash is "
			    "not lowercase hex");
	memcpy(in->md5, f[5], 32);
	in->md5[32] = '\0';
	return TC_IN_OK;
}
