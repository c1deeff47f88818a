/*
 * udp-blast.c - a pktgen-style sender for bench/live: UDP datagrams of
 * SIZE bytes to ADDR:PORT from FLOWS sockets (one source port each), round
 * robin, sendmmsg(2) as fast as it goes, for SECONDS.
 *
 *   udp-blast ADDR PORT SECONDS [FLOWS [SIZE]]
 *
 * Prints "sent N" at the end.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH		64
#define MAX_FLOWS	1024

static long
num(const char *what, const char *s, long lo, long hi)
{
	char *e;
	long v;

	errno = 0;
	v = strtol(s, &e, 10);
	if (errno != 0 || *s == '\0' || *e != '\0' || v < lo || v > hi) {
		fprintf(stderr, "udp-blast: %s '%s' not in [%ld, %ld]\n", what,
		    s, lo, hi);
		exit(2);
	}
	return v;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	static int fd[MAX_FLOWS];
	static char payload[1472];
	struct mmsghdr msgs[BATCH];
	struct iovec iov;
	struct sockaddr_in to;
	unsigned long long sent = 0;
	long secs, flows = 64, size = 64, i;
	double end;
	int n, sz = 4 << 20;

	if (argc < 4 || argc > 6) {
		fprintf(stderr, "usage: udp-blast ADDR PORT SECONDS [FLOWS "
		    "[SIZE]]\n");
		return 2;
	}
	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	if (inet_pton(AF_INET, argv[1], &to.sin_addr) != 1) {
		fprintf(stderr, "udp-blast: %s: not an IPv4 address\n", argv[1]);
		return 2;
	}
	to.sin_port = htons((uint16_t)num("port", argv[2], 1, 65535));
	secs = num("seconds", argv[3], 1, 3600);
	if (argc > 4)
		flows = num("flows", argv[4], 1, MAX_FLOWS);
	if (argc > 5)
		size = num("size", argv[5], 0, (long)sizeof(payload));
	for (i = 0; i < flows; i++) {
		if ((fd[i] = socket(AF_INET, SOCK_DGRAM, 0)) < 0 ||
		    connect(fd[i], (struct sockaddr *)&to, sizeof(to)) < 0) {
			perror("udp-blast: socket");
			return 1;
		}
		(void)setsockopt(fd[i], SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	}
	iov.iov_base = payload;
	iov.iov_len = (size_t)size;
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BATCH; i++) {
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	end = now_s() + (double)secs;
	for (i = 0; now_s() < end; i = (i + 1) % flows) {
		n = sendmmsg(fd[i], msgs, BATCH, 0);
		if (n > 0)
			sent += (unsigned)n;
	}
	printf("sent %llu\n", sent);
	return 0;
}
