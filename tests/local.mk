# tests/: unit tests (tests/unit), capture -> records cases (tests/TESTLIST),
# live capture in a network namespace, the tcpdump corpus.
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)'; top_builddir='$(abs_top_builddir)'; \
	export top_srcdir top_builddir;

UNIT_LDADD = $(PROGS_LDADD) $(CRYPTO_LIBS)

check_PROGRAMS += tests/unit/test-cursor tests/unit/test-decode \
	tests/unit/test-protocol tests/unit/test-spie tests/unit/test-siphash
tests_unit_test_cursor_SOURCES = tests/unit/test-cursor.c tests/unit/test.h
tests_unit_test_cursor_LDADD = $(UNIT_LDADD)
tests_unit_test_decode_SOURCES = tests/unit/test-decode.c tests/unit/test.h
tests_unit_test_decode_LDADD = $(UNIT_LDADD)
tests_unit_test_protocol_SOURCES = tests/unit/test-protocol.c tests/unit/test.h
tests_unit_test_protocol_LDADD = $(UNIT_LDADD)
tests_unit_test_spie_SOURCES = tests/unit/test-spie.c tests/unit/test.h
tests_unit_test_spie_LDADD = $(UNIT_LDADD)
check_PROGRAMS += tests/unit/test-cryptopan
tests_unit_test_cryptopan_SOURCES = tests/unit/test-cryptopan.c tests/unit/test.h
tests_unit_test_cryptopan_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test-cryptopan
tests_unit_test_siphash_SOURCES = tests/unit/test-siphash.c tests/unit/test.h
tests_unit_test_siphash_LDADD = $(UNIT_LDADD)

TESTS += tests/unit/test-cursor tests/unit/test-decode \
	tests/unit/test-protocol tests/unit/test-spie tests/unit/test-siphash

# The agent end to end: capture -> records cases (tests/TESTLIST) against
# committed outputs, those outputs against tshark, options and errors, UDP to
# a listener, traceback digests, live capture in a network namespace, the
# agent as its systemd unit runs it (systemd/packter-agent@.service's
# capabilities, an unprivileged user), and the tcpdump capture corpus
# (tests/data/tcpdump).  The captures of
# tests/TESTLIST are committed in tests/captures (made by
# tests/tools/gen-captures.py, or dropped in from a bug report:
# docs/HACKING.md).
AGENT_TESTS = tests/agent/testlist.sh tests/agent/tshark-oracle.sh \
	tests/agent/cli.sh tests/agent/udp.sh tests/agent/traceback.sh \
	tests/agent/tcpdump-corpus.sh tests/agent/live-netns.sh \
	tests/agent/live-faults.sh tests/agent/live-fanout.sh \
	tests/agent/pacing.sh \
	tests/agent/anon.sh tests/agent/unit-privs.sh \
	tests/agent/fifo-replay.sh tests/agent/geoip.sh
TESTS += $(AGENT_TESTS)
EXTRA_DIST += $(AGENT_TESTS) tests/TESTLIST tests/agent/expected \
	tests/tools/agenttest.py tests/tools/gen-captures.py \
	tests/tools/tshark-oracle.py tests/tools/cli-test.py \
	tests/tools/udp-test.py tests/tools/traceback-test.py \
	tests/tools/spie-vectors.py tests/tools/live-netns.py \
	tests/tools/live-faults.py tests/tools/pacing-test.py \
	tests/tools/anon-test.py tests/tools/unit-privs.py \
	tests/tools/fifo-replay-test.py tests/tools/live-fanout.py \
	tests/tools/geoip-test.py tests/tools/make-mmdb.pl
EXTRA_DIST += tests/captures tests/data
CLEANFILES += tests/agent/testlist.out/*.out

# Every test script and test program under tests/ is in TESTS: the check
# reads TESTS from this Makefile (print-TESTS) and the folders configure
# left out (TESTS_OFF).
TESTS += tests/tests-listed.sh
EXTRA_DIST += tests/tests-listed.sh
TESTS_OFF =
if !BUILD_VIEWER
TESTS_OFF += tests/viewer
endif
if !BUILD_TC
TESTS_OFF += tests/tc
endif
print-TESTS:
	@echo TESTS $(TESTS)
	@echo OFF $(TESTS_OFF)
.PHONY: print-TESTS
