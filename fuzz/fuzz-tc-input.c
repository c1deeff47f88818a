/*
 * fuzz-tc-input.c - fuzz target: one trace request datagram as a viewer
 * sends it to the traceback bridge, tc_parse_input() (tc-bridge/input.h).
 *
 *     input:  [PACKTER\n] SRC,DST,SPORT,DPORT,FLAG,MD5 [\r\n]
 *
 * Besides ASan and UBSan, the target aborts when an accepted request breaks
 * what input.h promises (addresses that inet_pton reads back in the family
 * given, a 32-character lowercase hex digest, a reason for every refusal),
 * or when the request written out again does not parse to the same fields.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define REQUIRE(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz-tc-input: %s:%d: invariant broken: "\
		    "%s\n", __FILE__, __LINE__, #cond);			\
		abort();						\
	}								\
} while (0)

static void
check_addr(int family, const char *text)
{
	unsigned char a[16];

	REQUIRE(memchr(text, '\0', TC_ADDRSTRLEN) != NULL);
	REQUIRE(inet_pton(family, text, a) == 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tc_input in, back;
	char err[256], line[2 * TC_ADDRSTRLEN + 3 * 6 + 33 + 8];
	enum tc_input_error rc;
	int n, i;

	err[0] = '\0';
	rc = tc_parse_input((const char *)data, size, &in, err, sizeof(err));
	REQUIRE((unsigned)rc < TC_IN_ERRORS);
	if (rc != TC_IN_OK) {
		REQUIRE(memchr(err, '\0', sizeof(err)) != NULL && err[0] != '\0');
		return 0;
	}
	REQUIRE(in.family == AF_INET || in.family == AF_INET6);
	check_addr(in.family, in.src);
	check_addr(in.family, in.dst);
	REQUIRE(in.md5[32] == '\0' && strlen(in.md5) == 32);
	for (i = 0; i < 32; i++)
		REQUIRE((in.md5[i] >= '0' && in.md5[i] <= '9') ||
		    (in.md5[i] >= 'a' && in.md5[i] <= 'f'));

	n = snprintf(line, sizeof(line), "%s,%s,%u,%u,%u,%s\n", in.src, in.dst,
	    in.sport, in.dport, in.flag, in.md5);
	REQUIRE(n > 0 && (size_t)n < sizeof(line));
	REQUIRE(tc_parse_input(line, (size_t)n, &back, err, sizeof(err)) ==
	    TC_IN_OK);
	REQUIRE(back.family == in.family && back.sport == in.sport &&
	    back.dport == in.dport && back.flag == in.flag);
	REQUIRE(strcmp(back.src, in.src) == 0 && strcmp(back.dst, in.dst) == 0);
	REQUIRE(strcmp(back.md5, in.md5) == 0);
	return 0;
}
