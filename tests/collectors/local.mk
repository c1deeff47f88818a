# tests/collectors: the collectors (issue 4) against real exporters and peers,
# over loopback sockets.  Python tests run with Debian's /usr/bin/python3
# (their #! line); each skips (77) when its tool is missing.  Needs: tshark,
# softflowd, pmacct.  The captures replayed are carried in tests/data
# (tcpdump's sFlow captures, flows/ made by tests/tools/gen-flow-captures.py);
# the vendor ones (AGPL, GPL) only when PACKTER_FLOW_CAPTURES names them.
COLLECTOR_TESTS = \
	tests/collectors/sflow-captures.py \
	tests/collectors/netflow-captures.py \
	tests/collectors/sflow-pmacct.py \
	tests/collectors/netflow-softflowd.py \
	tests/collectors/snort.py \
	tests/collectors/sflow-crafted.py \
	tests/collectors/netflow-crafted.py \
	tests/collectors/netflow-collisions.py \
	tests/collectors/netflow-times.py \
	tests/collectors/netflow-nfdump.py \
	tests/collectors/snort-bad.py

# The template cache on its own (a clock and a hash key of the test's), and
# the collectors' socket counting what never reaches a decoder; both link
# agent/libagent.a.
check_PROGRAMS += tests/collectors/test-templates tests/collectors/test-flow-udp
tests_collectors_test_templates_SOURCES = tests/collectors/test-templates.c \
	tests/unit/test.h
tests_collectors_test_templates_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/agent -I$(top_srcdir)/tests/unit
tests_collectors_test_templates_LDADD = $(AGENT_LDADD)
tests_collectors_test_flow_udp_SOURCES = tests/collectors/test-flow-udp.c \
	tests/unit/test.h
tests_collectors_test_flow_udp_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/agent -I$(top_srcdir)/tests/unit
tests_collectors_test_flow_udp_LDADD = $(AGENT_LDADD)

TESTS += tests/collectors/test-templates tests/collectors/test-flow-udp \
	$(COLLECTOR_TESTS)
EXTRA_DIST += $(COLLECTOR_TESTS) tests/collectors/collectlib.py \
	tests/peers/snort-peer.py tests/tools/gen-flow-captures.py

# bench/collectors: NetFlow v9 records/s and sFlow samples/s over loopback
# (run by hand: bench/collectors -b BUILDDIR; never by make check).
EXTRA_DIST += bench/collectors
