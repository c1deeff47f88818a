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
	tests/collectors/snort-bad.py

TESTS += $(COLLECTOR_TESTS)
EXTRA_DIST += $(COLLECTOR_TESTS) tests/collectors/collectlib.py \
	tests/peers/snort-peer.py tests/tools/gen-flow-captures.py

# bench/collectors: NetFlow v9 records/s and sFlow samples/s over loopback
# (run by hand: bench/collectors -b BUILDDIR; never by make check).
EXTRA_DIST += bench/collectors
