# tests/: unit tests (tests/unit), capture -> records cases (tests/TESTLIST),
# live capture in a network namespace, the tcpdump corpus.
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)'; top_builddir='$(abs_top_builddir)'; \
	export top_srcdir top_builddir;

UNIT_LDADD = $(PROGS_LDADD) $(CRYPTO_LIBS)

check_PROGRAMS += tests/unit/test-cursor tests/unit/test-decode \
	tests/unit/test-protocol tests/unit/test-spie
tests_unit_test_cursor_SOURCES = tests/unit/test-cursor.c tests/unit/test.h
tests_unit_test_cursor_LDADD = $(UNIT_LDADD)
tests_unit_test_decode_SOURCES = tests/unit/test-decode.c tests/unit/test.h
tests_unit_test_decode_LDADD = $(UNIT_LDADD)
tests_unit_test_protocol_SOURCES = tests/unit/test-protocol.c tests/unit/test.h
tests_unit_test_protocol_LDADD = $(UNIT_LDADD)
tests_unit_test_spie_SOURCES = tests/unit/test-spie.c tests/unit/test.h
tests_unit_test_spie_LDADD = $(UNIT_LDADD)

TESTS += tests/unit/test-cursor tests/unit/test-decode \
	tests/unit/test-protocol tests/unit/test-spie

# The agent end to end: capture -> records cases (tests/TESTLIST) against
# committed outputs, those outputs against tshark, options and errors, UDP to
# a listener, traceback digests, live capture in a network namespace, and the
# tcpdump capture corpus.  Captures are generated at test time into
# tests/captures by tests/tools/gen-captures.py.
AGENT_TESTS = tests/agent/testlist.sh tests/agent/tshark-oracle.sh \
	tests/agent/cli.sh tests/agent/udp.sh tests/agent/traceback.sh \
	tests/agent/tcpdump-corpus.sh tests/agent/live-netns.sh \
	tests/agent/live-faults.sh tests/agent/fifo-replay.sh
TESTS += $(AGENT_TESTS)
EXTRA_DIST += $(AGENT_TESTS) tests/TESTLIST tests/agent/expected \
	tests/tools/agenttest.py tests/tools/gen-captures.py \
	tests/tools/tshark-oracle.py tests/tools/cli-test.py \
	tests/tools/udp-test.py tests/tools/traceback-test.py \
	tests/tools/spie-vectors.py tests/tools/live-netns.py \
	tests/tools/live-faults.py tests/tools/fifo-replay-test.py
CLEANFILES += tests/captures/*.pcap tests/captures/*.pcapng \
	tests/agent/testlist.out/*.out
