/*
 * flood-sender.c - floods a viewer on loopback with records and garbage, as
 * fast as sendmmsg goes, for tests/viewer/flood.py and bench/viewer-flood.
 *
 *   flood-sender [-n RECORDS] [-k PER_DATAGRAM] [-g EVERY] [-s SEED]
 *       HOST PORT
 *
 * Sends RECORDS records (default 1000000), PER_DATAGRAM (default 20) in
 * each PACKTER datagram, and after every EVERY-th of those (default 8; 0:
 * none) one garbage datagram, its kind taken in turn:
 *
 *   unknown	random bytes, first byte >= 0x80 (an unknown keyword), 1 to
 *		1400 bytes, one in 16 of them 65507 bytes
 *   empty	no bytes at all
 *   badlines	"PACKTER" and BAD_LINES lines that are not records
 *   badagent	a malformed PACKTERAGENT line and a record (unknown)
 *
 * Record N (from 0) is the line flood_line() writes: every field follows
 * from N, so tests/viewer/flood.py can check each record the viewer kept.
 * On exit, standard output says what went out, one "name value" a line.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BATCH		64
#define DGRAM_MAX	65507
#define BAD_LINES	8
#define MAX_PER		600	/* records a datagram: 600 * 100 bytes fit */

enum garbage { G_UNKNOWN, G_EMPTY, G_BADLINES, G_BADAGENT, G_KINDS };

struct sender {
	int		 fd;
	struct mmsghdr	 msgs[BATCH];
	struct iovec	 iov[BATCH];
	char		*buf;		/* BATCH slots of DGRAM_MAX bytes */
	int		 queued;
	uint64_t	 sent;		/* datagrams */
	uint64_t	 errors;
	uint64_t	 rng;
};

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: flood-sender [-n RECORDS] [-k PER_DATAGRAM] "
	    "[-g EVERY] [-s SEED] HOST PORT\n");
	exit(2);
}

static unsigned long long
number(const char *s, unsigned long long max, const char *what)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || v > max) {
		fprintf(stderr, "flood-sender: %s: \"%s\" is not a number "
		    "from 0 to %llu\n", what, s, max);
		exit(2);
	}
	return v;
}

static uint64_t
next_rand(struct sender *s)
{
	s->rng ^= s->rng << 13;
	s->rng ^= s->rng >> 7;
	s->rng ^= s->rng << 17;
	return s->rng;
}

/* v in decimal at dst; the digits written (at most 20). */
static size_t
put_u(char *dst, uint64_t v)
{
	char tmp[20];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	for (i = 0; i < n; i++)
		dst[i] = tmp[n - 1 - i];
	return n;
}

/*
 * Record n ("10.A.B.C,172.16.D.E,SPORT,DPORT,FLAG,flood seq=N\n"); its
 * length (no NUL), 0 when it does not fit in cap.  Formatted by hand: the
 * sender must outrun the viewer.
 */
#define LINE_MAX_LEN	100
static size_t
flood_line(char *dst, size_t cap, uint64_t n)
{
	uint32_t m = (uint32_t)((n * 2654435761u) & 0xffffffff);
	char *p = dst;

	if (cap < LINE_MAX_LEN)
		return 0;
	memcpy(p, "10.", 3);
	p += 3;
	p += put_u(p, (n >> 16) & 255);
	*p++ = '.';
	p += put_u(p, (n >> 8) & 255);
	*p++ = '.';
	p += put_u(p, n & 255);
	memcpy(p, ",172.16.", 8);
	p += 8;
	p += put_u(p, (m >> 8) & 255);
	*p++ = '.';
	p += put_u(p, m & 255);
	*p++ = ',';
	p += put_u(p, 1024 + n % 64000);
	*p++ = ',';
	p += put_u(p, m % 3 == 0 ? 80 : m % 3 == 1 ? 443 : 53);
	*p++ = ',';
	p += put_u(p, n % 10);
	memcpy(p, ",flood seq=", 11);
	p += 11;
	p += put_u(p, n);
	*p++ = '\n';
	return (size_t)(p - dst);
}

static void
flush(struct sender *s)
{
	int done = 0, rc;

	while (done < s->queued) {
		rc = sendmmsg(s->fd, s->msgs + done,
		    (unsigned)(s->queued - done), 0);
		if (rc == -1) {
			if (errno == EINTR)
				continue;
			/* ECONNREFUSED and the like: lost, counted. */
			s->errors++;
			done++;
			continue;
		}
		s->sent += (uint64_t)rc;
		done += rc;
	}
	s->queued = 0;
}

/* The next free slot. */
static char *
slot(struct sender *s)
{
	if (s->queued == BATCH)
		flush(s);
	return s->buf + (size_t)s->queued * DGRAM_MAX;
}

static void
queue(struct sender *s, size_t len)
{
	s->iov[s->queued].iov_base = s->buf + (size_t)s->queued * DGRAM_MAX;
	s->iov[s->queued].iov_len = len;
	s->queued++;
}

static void
garbage(struct sender *s, enum garbage kind, uint64_t *bad_lines)
{
	char *p = slot(s);
	size_t len = 0, i;
	uint64_t r = next_rand(s);
	int k;

	switch (kind) {
	case G_UNKNOWN:
		len = (r >> 8) % 16 == 0 ? DGRAM_MAX : 1 + r % 1400;
		for (i = 0; i < len; i++)
			p[i] = (char)(next_rand(s) & 0xff);
		p[0] = (char)(0x80 | (r & 0x7f));
		break;
	case G_EMPTY:
		break;
	case G_BADLINES:
		memcpy(p, "PACKTER\n", 8);
		len = 8;
		for (i = 0; i < BAD_LINES; i++) {
			k = snprintf(p + len, DGRAM_MAX - len,
			    "10.0.0.%u,not a record,%" PRIu64 "\n",
			    (unsigned)i, r);
			if (k < 0 || (size_t)k >= DGRAM_MAX - len)
				abort();
			len += (size_t)k;
		}
		*bad_lines += BAD_LINES;
		break;
	case G_BADAGENT:
		k = snprintf(p, DGRAM_MAX, "PACKTERAGENT x,%" PRIu64 ",zz\n"
		    "PACKTER\n10.0.0.1,10.0.0.2,1,2,3,unsigned\n", r);
		if (k < 0 || k >= DGRAM_MAX)
			abort();
		len = (size_t)k;
		break;
	default:
		abort();
	}
	queue(s, len);
}

int
main(int argc, char **argv)
{
	static struct sender s;
	struct sockaddr_in sin;
	struct timespec t0, t1;
	uint64_t records = 1000000, per = 20, every = 8, n = 0, dgrams = 0;
	uint64_t kinds[G_KINDS] = { 0 }, bad_lines = 0, i, seed = 7;
	size_t len, k;
	char *p;
	int c, sndbuf = 4 << 20;

	while ((c = getopt(argc, argv, "n:k:g:s:")) != -1)
		switch (c) {
		case 'n':
			records = number(optarg, 1ULL << 40, "-n");
			break;
		case 'k':
			per = number(optarg, MAX_PER, "-k");
			if (per == 0)
				usage();
			break;
		case 'g':
			every = number(optarg, 1ULL << 20, "-g");
			break;
		case 's':
			seed = number(optarg, UINT64_MAX, "-s");
			break;
		default:
			usage();
		}
	if (argc - optind != 2)
		usage();
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)number(argv[optind + 1], 65535,
	    "PORT"));
	if (inet_pton(AF_INET, argv[optind], &sin.sin_addr) != 1) {
		fprintf(stderr, "flood-sender: %s: not an IPv4 address\n",
		    argv[optind]);
		return 2;
	}
	if ((s.fd = socket(AF_INET, SOCK_DGRAM, 0)) == -1 ||
	    connect(s.fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		fprintf(stderr, "flood-sender: socket: %s\n", strerror(errno));
		return 1;
	}
	(void)setsockopt(s.fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	s.rng = seed * 2 + 1;
	if ((s.buf = malloc((size_t)BATCH * DGRAM_MAX)) == NULL) {
		fprintf(stderr, "flood-sender: out of memory\n");
		return 1;
	}
	for (i = 0; i < BATCH; i++) {
		s.msgs[i].msg_hdr.msg_iov = &s.iov[i];
		s.msgs[i].msg_hdr.msg_iovlen = 1;
	}

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (n < records) {
		p = slot(&s);
		memcpy(p, "PACKTER\n", 8);
		len = 8;
		for (i = 0; i < per && n < records; i++, n++) {
			if ((k = flood_line(p + len, DGRAM_MAX - len, n)) == 0)
				abort();
			len += k;
		}
		queue(&s, len);
		dgrams++;
		if (every > 0 && dgrams % every == 0) {
			enum garbage g = (enum garbage)((dgrams / every - 1) %
			    G_KINDS);

			garbage(&s, g, &bad_lines);
			kinds[g]++;
		}
	}
	flush(&s);
	clock_gettime(CLOCK_MONOTONIC, &t1);

	printf("sent-datagrams %" PRIu64 "\n", s.sent);
	printf("send-errors %" PRIu64 "\n", s.errors);
	printf("record-datagrams %" PRIu64 "\n", dgrams);
	printf("records %" PRIu64 "\n", n);
	printf("per-datagram %" PRIu64 "\n", per);
	printf("garbage-unknown %" PRIu64 "\n", kinds[G_UNKNOWN] +
	    kinds[G_BADAGENT]);
	printf("garbage-empty %" PRIu64 "\n", kinds[G_EMPTY]);
	printf("garbage-badlines %" PRIu64 "\n", kinds[G_BADLINES]);
	printf("bad-lines %" PRIu64 "\n", bad_lines);
	printf("bad-lines-per-datagram %d\n", BAD_LINES);
	printf("seconds %.3f\n", (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	free(s.buf);
	close(s.fd);
	return 0;
}
