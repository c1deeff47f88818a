/*
 * test-core-anon.c - the agent core (agent/core.c) with --anonymise: a flow
 * record whose description a source wrote (an exporter's address, the
 * flow's own addresses) leaves the core with every address in it mapped as
 * the record's fields are, prefixes kept (--anonymise-keep) left alone, and
 * the words around them untouched.  The core prints through a real sender
 * into a memory file, read back here.
 */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "acl.h"
#include "core.h"
#include "cryptopan.h"
#include "sender.h"
#include "test.h"

static const uint8_t key[32] = {
	21, 34, 23, 141, 51, 164, 207, 128, 19, 10, 91, 22, 73, 144, 125, 16,
	216, 152, 143, 131, 121, 121, 101, 39, 98, 87, 76, 45, 42, 132, 34, 2,
};

static char *
mapped(struct cryptopan *cp, int af, const char *text, char *out, size_t n)
{
	uint8_t a[16];

	if (inet_pton(af, text, a) != 1)
		return NULL;
	cryptopan_map(cp, af == AF_INET ? 4 : 6, a, a);
	return (char *)inet_ntop(af, a, out, (socklen_t)n);
}

TEST(flow_description_mapped)
{
	static const char desc[] = "nf9 exporter 192.0.2.9 in 3, "
	    "TCP src:128.11.68.132(443) dst:2001:db8::1(80) 10.1.2.3";
	struct sender_opts so;
	struct agent_opts ao;
	struct pt_rec_out r;
	struct timeval tv = { 1700000000, 0 };
	struct cryptopan *cp = cryptopan_new(key, NULL, 0), *oracle;
	struct acl keep;
	struct sender *s;
	struct agent *ag;
	char out[4096], want[512], m1[64], m2[64], m3[64], m4[64];
	ssize_t n;
	int fd;

	oracle = cryptopan_new(key, NULL, 0);
	memset(&keep, 0, sizeof(keep));
	CHECK(acl_add(&keep, "10.0.0.0/8", NULL, 0) == 0);
	fd = memfd_create("core", 0);
	CHECK(fd >= 0);
	memset(&so, 0, sizeof(so));
	so.payload_max = SENDER_DEFAULT_PAYLOAD;
	so.batch = 1;
	so.flush_us = SENDER_DEFAULT_FLUSH_US;
	so.print_fd = fd;
	s = sender_new(&so);
	memset(&ao, 0, sizeof(ao));
	ao.sample_p = 1.0;
	ao.seed = 1;
	ao.anon = cp;
	ao.anon_keep = &keep;
	ag = agent_new(&ao, s);

	memset(&r, 0, sizeof(r));
	r.family = 4;
	CHECK(inet_pton(AF_INET, "128.11.68.132", r.src) == 1);
	CHECK(inet_pton(AF_INET, "10.9.9.9", r.dst) == 1);
	r.sport = 443;
	r.dport = 80;
	r.flag = 0;
	r.desc = desc;
	r.desc_len = sizeof(desc) - 1;
	agent_flow(ag, &r, &tv);
	CHECK(sender_flush(s) == 0);
	n = pread(fd, out, sizeof(out) - 1, 0);
	CHECK(n > 0);
	out[n > 0 ? n : 0] = '\0';

	/* The record: source mapped, destination kept (10/8). */
	snprintf(want, sizeof(want), "\n%s,10.9.9.9,443,80,0,nf9 exporter %s "
	    "in 3, TCP src:%s(443) dst:%s(80) 10.1.2.3\n",
	    mapped(oracle, AF_INET, "128.11.68.132", m1, sizeof(m1)),
	    mapped(oracle, AF_INET, "192.0.2.9", m2, sizeof(m2)),
	    mapped(oracle, AF_INET, "128.11.68.132", m3, sizeof(m3)),
	    mapped(oracle, AF_INET6, "2001:db8::1", m4, sizeof(m4)));
	CHECK(strstr(out, want) != NULL);
	if (strstr(out, want) == NULL)
		printf("    got: %s    want: %s", out, want);
	/* The reference sample's pair, as a check on the check. */
	CHECK_STR(m1, "135.242.180.132");
	CHECK(strstr(out, "192.0.2.9") == NULL);
	CHECK_EQ_U(agent_counter(ag, AC_ANON_KEPT), 2);
	CHECK_EQ_U(agent_counter(ag, AC_ANON_MAPPED), 4);

	agent_free(ag);
	sender_free(s);
	cryptopan_free(cp);
	cryptopan_free(oracle);
	close(fd);
}

int
main(void)
{
	RUN(flow_description_mapped);
	return test_report();
}
