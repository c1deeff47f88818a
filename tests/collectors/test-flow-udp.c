/*
 * test-flow-udp.c - the collectors' source (agent/flow-udp.c) counts what
 * never reaches its decoder: a datagram longer than its buffer
 * (datagrams-cut) and a receive that fails (receive-errors), each under its
 * own name, and hands every other datagram to the decoder.
 *
 * A real source is opened on a loopback port and fed a real datagram.  Then
 * its descriptor is replaced under it (dup2): by a Unix datagram socket that
 * delivers one datagram of 70000 bytes (more than the 65536 of its buffer,
 * which no UDP datagram can be), and by a pipe, on which recvmmsg(2) fails
 * with ENOTSOCK as it would fail on any socket error.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "agent.h"
#include "flow.h"
#include "source.h"
#include "test.h"

static unsigned decoded;
static size_t decoded_len;

static void *
t_new(const void *opts)
{
	(void)opts;
	return &decoded;
}

static void
t_free(void *st)
{
	(void)st;
}

static void
t_stats(void *st, FILE *f, const char *title)
{
	(void)st;
	fprintf(f, "%s:\n  decoded %u\n", title, decoded);
}

static void
t_decode(void *st, struct agent *ag, const uint8_t *p, size_t len,
    const struct flow_exporter *from, const struct timeval *tv,
    int64_t now_us)
{
	(void)st; (void)ag; (void)p; (void)from; (void)tv; (void)now_us;
	decoded++;
	decoded_len = len;
}

static const struct flow_decoder t_decoder = {
	.what = "test",
	.default_port = 0,
	.state_new = t_new,
	.state_free = t_free,
	.stats = t_stats,
	.decode = t_decode,
};

/* The value of "  name N" in counters printed as text; -1 when absent. */
static long long
counter_of(const char *text, const char *name)
{
	const char *p = text;
	size_t n = strlen(name);
	long long v;

	while ((p = strstr(p, name)) != NULL) {
		if (p - text >= 2 && p[-1] == ' ' && p[n] == ' ' &&
		    sscanf(p + n, "%lld", &v) == 1)
			return v;
		p += n;
	}
	return -1;
}

static void
run(struct source *src)
{
	int64_t wake;

	src->ops->run(src, NULL, 0, &wake);
}

TEST(counts)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	struct source *src;
	char err[256], *text = NULL;
	static char big[70000];
	size_t tlen = 0;
	int fd, keep, s, sp[2], pp[2];
	FILE *f;

	src = flow_source_open(&t_decoder, "127.0.0.1:0", NULL, err,
	    sizeof(err));
	CHECK(src != NULL);
	if (src == NULL)
		return;
	fd = src->ops->fd(src);
	CHECK(getsockname(fd, (struct sockaddr *)&sin, &sl) == 0);

	/* A datagram: decoded (loopback queues it before sendto returns). */
	s = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(sendto(s, "hello", 5, 0, (struct sockaddr *)&sin, sl) == 5);
	run(src);
	CHECK_EQ_U(decoded, 1);
	CHECK_EQ_U(decoded_len, 5);

	/* One longer than the buffer: cut, counted, not decoded. */
	keep = dup(fd);
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sp) == 0);
	CHECK(dup2(sp[0], fd) == fd);
	CHECK(send(sp[1], big, sizeof(big), 0) == (ssize_t)sizeof(big));
	run(src);
	CHECK_EQ_U(decoded, 1);

	/* A receive that fails. */
	CHECK(pipe(pp) == 0);
	CHECK(dup2(pp[0], fd) == fd);
	run(src);
	CHECK_EQ_U(decoded, 1);

	/* Back to the socket: datagrams go on being decoded. */
	CHECK(dup2(keep, fd) == fd);
	CHECK(sendto(s, "again!", 6, 0, (struct sockaddr *)&sin, sl) == 6);
	run(src);
	CHECK_EQ_U(decoded, 2);

	f = open_memstream(&text, &tlen);
	src->ops->stats(src, f);
	fclose(f);
	CHECK_EQ_U(counter_of(text, "decoded"), 2);
	CHECK_EQ_U(counter_of(text, "datagrams-cut"), 1);
	CHECK_EQ_U(counter_of(text, "receive-errors"), 1);
	printf("%s", text);
	free(text);

	src->ops->close(src);
	close(keep);
	close(s);
	close(sp[0]);
	close(sp[1]);
	close(pp[0]);
	close(pp[1]);
}

int
main(void)
{
	RUN(counts);
	return test_report();
}
