/*
 * udp-count.c - a receiver for the benchmarks that reads: it binds a UDP
 * port, reads everything with recvmmsg(2) and counts datagrams, bytes and
 * PACKTER record lines.
 *
 *   udp-count [-a ADDR] [-p PORT] [-i IDLE_MS] [-o PORTFILE]
 *
 * Once bound it writes its port (one line) to PORTFILE or standard output.
 * It stops IDLE_MS (default 500) after the last datagram, once at least one
 * came, or on SIGINT/SIGTERM, and prints one line:
 *
 *   datagrams N records N bytes N seconds S
 *
 * where S runs from the first datagram to the last.  Records are the lines
 * of a datagram that are not its PACKTERAGENT line, its keyword line, its
 * PACKTERTIME trailer or blank.  The socket asks for a 64 MiB buffer
 * (SO_RCVBUFFORCE as root) so that a burst waits in the kernel rather than
 * being dropped; what the kernel dropped all the same shows as records the
 * sender counted and this program did not.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH		256
#define BUFSZ		65536

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
starts(const char *p, size_t n, const char *word)
{
	size_t l = strlen(word);

	return n >= l && memcmp(p, word, l) == 0;
}

/* Record lines of one datagram. */
static unsigned long long
records(const char *d, size_t len)
{
	const char *p = d, *end = d + len, *nl;
	unsigned long long n = 0;
	int head = 1;
	size_t l;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		l = (size_t)((nl != NULL ? nl : end) - p);
		if (l > 0 && p[l - 1] == '\r')
			l--;
		if (head && starts(p, l, "PACKTERAGENT "))
			;
		else if (head) {
			head = 0;
			if (!starts(p, l, "PACKTER"))
				return 0;	/* not records */
		} else if (l > 0 && !starts(p, l, "PACKTERTIME"))
			n++;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return n;
}

static long
num(const char *opt, const char *s, long lo, long hi)
{
	char *e;
	long v;

	errno = 0;
	v = strtol(s, &e, 10);
	if (errno != 0 || *s == '\0' || *e != '\0' || v < lo || v > hi) {
		fprintf(stderr, "udp-count: %s: '%s' is not a number in "
		    "[%ld, %ld]\n", opt, s, lo, hi);
		exit(2);
	}
	return v;
}

int
main(int argc, char **argv)
{
	static struct mmsghdr msgs[BATCH];
	static struct iovec iov[BATCH];
	static char bufs[BATCH][BUFSZ];
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	unsigned long long dg = 0, rec = 0, bytes = 0;
	const char *addr = "127.0.0.1", *portfile = NULL;
	double first = 0, last = 0;
	long port = 0, idle_ms = 500;
	struct pollfd pfd;
	FILE *pf;
	int fd, ch, i, n, sz = 64 << 20;

	while ((ch = getopt(argc, argv, "a:p:i:o:")) != -1) {
		switch (ch) {
		case 'a':
			addr = optarg;
			break;
		case 'p':
			port = num("-p", optarg, 0, 65535);
			break;
		case 'i':
			idle_ms = num("-i", optarg, 1, 3600000);
			break;
		case 'o':
			portfile = optarg;
			break;
		default:
			fprintf(stderr, "usage: udp-count [-a ADDR] [-p PORT] "
			    "[-i IDLE_MS] [-o PORTFILE]\n");
			return 2;
		}
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		fprintf(stderr, "udp-count: -a %s: not an IPv4 address\n", addr);
		return 2;
	}
	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0)) < 0 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sin, &sl) < 0) {
		perror("udp-count: socket");
		return 1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)) < 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	pf = portfile != NULL ? fopen(portfile, "w") : stdout;
	if (pf == NULL) {
		perror("udp-count: -o");
		return 1;
	}
	fprintf(pf, "%u\n", (unsigned)ntohs(sin.sin_port));
	fflush(pf);
	if (pf != stdout)
		fclose(pf);

	for (i = 0; i < BATCH; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = BUFSZ;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (!stop) {
		n = recvmmsg(fd, msgs, BATCH, MSG_DONTWAIT, NULL);
		if (n > 0) {
			last = now_s();
			if (dg == 0)
				first = last;
			for (i = 0; i < n; i++) {
				dg++;
				bytes += msgs[i].msg_len;
				rec += records(bufs[i], msgs[i].msg_len);
			}
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			perror("udp-count: recvmmsg");
			return 1;
		}
		n = poll(&pfd, 1, dg > 0 ? (int)idle_ms : -1);
		if (n == 0)
			break;
	}
	printf("datagrams %llu records %llu bytes %llu seconds %.6f\n", dg,
	    rec, bytes, last - first);
	return 0;
}
