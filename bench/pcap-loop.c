/*
 * pcap-loop.c - the floor for reading a capture: a bare pcap_next_ex() loop
 * that only counts packets and bytes.  bench/agent-file compares the agent
 * with it.
 */
#include "config.h"

#include <pcap/pcap.h>
#include <stdio.h>

int
main(int argc, char **argv)
{
	char ebuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *d;
	unsigned long long n = 0, bytes = 0;
	pcap_t *p;

	if (argc != 2) {
		fprintf(stderr, "usage: pcap-loop FILE\n");
		return 2;
	}
	if ((p = pcap_open_offline(argv[1], ebuf)) == NULL) {
		fprintf(stderr, "pcap-loop: %s\n", ebuf);
		return 1;
	}
	while (pcap_next_ex(p, &h, &d) == 1) {
		n++;
		bytes += h->caplen + d[0];
	}
	printf("%llu packets %llu bytes\n", n, bytes);
	pcap_close(p);
	return 0;
}
