# bench/: benchmarks (never run by make check).  `make bench` builds what they need.
EXTRA_PROGRAMS = bench/pcap-loop bench/udp-count bench/udp-blast
bench_pcap_loop_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
bench_pcap_loop_LDADD = $(PCAP_LIBS)
bench_pcap_loop_SOURCES = bench/pcap-loop.c
bench_udp_count_SOURCES = bench/udp-count.c
bench_udp_blast_SOURCES = bench/udp-blast.c
CLEANFILES += bench/pcap-loop bench/udp-count bench/udp-blast
EXTRA_DIST += bench/agent-file bench/gen-mixed.py bench/anonymise bench/live

bench: bench/pcap-loop bench/udp-count bench/udp-blast agent/packter-agent
	@echo "benchmarks: $(srcdir)/bench/agent-file $(srcdir)/bench/collectors $(srcdir)/bench/live"
.PHONY: bench
