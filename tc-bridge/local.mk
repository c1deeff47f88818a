# tc-bridge/: packter-tc, the traceback bridge between the viewer (UDP) and
# an InterTrack Decision Point (TCP), with its tests (tests/tc/) and the DP
# peer they talk to (tests/peers/dp-peer.py).
if BUILD_TC
noinst_LIBRARIES += tc-bridge/libtc.a
tc_bridge_libtc_a_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS)
tc_bridge_libtc_a_SOURCES = \
	tc-bridge/itm.h tc-bridge/itm.c \
	tc-bridge/input.h tc-bridge/input.c \
	tc-bridge/notify.h tc-bridge/notify.c \
	tc-bridge/tc.h tc-bridge/session.c

TC_LDADD = tc-bridge/libtc.a $(PROGS_LDADD) $(XML_LIBS)

bin_PROGRAMS += tc-bridge/packter-tc
tc_bridge_packter_tc_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS)
tc_bridge_packter_tc_LDADD = $(TC_LDADD)
tc_bridge_packter_tc_SOURCES = tc-bridge/main.c

dist_man_MANS += docs/packter-tc.1
dist_doc_DATA += docs/traceback.md

check_PROGRAMS += tests/tc/test-itm tests/tc/test-session
tests_tc_test_itm_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS) \
	-I$(top_srcdir)/tc-bridge -I$(top_srcdir)/tests/unit
tests_tc_test_itm_SOURCES = tests/tc/test-itm.c tests/unit/test.h
tests_tc_test_itm_LDADD = $(TC_LDADD)
tests_tc_test_session_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS) \
	-I$(top_srcdir)/tc-bridge -I$(top_srcdir)/tests/unit
tests_tc_test_session_SOURCES = tests/tc/test-session.c tests/unit/test.h
tests_tc_test_session_LDADD = $(TC_LDADD)

TESTS += tests/tc/test-itm tests/tc/test-session \
	tests/tc/verdicts.sh \
	tests/tc/dp-failures.sh \
	tests/tc/hostile.sh \
	tests/tc/concurrent.sh \
	tests/tc/requests.sh \
	tests/tc/latency.sh \
	tests/tc/agent-to-dp.sh

EXTRA_DIST += tests/peers/dp-peer.py tests/tc/tclib.py \
	tests/tc/verdicts.py tests/tc/dp-failures.py tests/tc/hostile.py \
	tests/tc/concurrent.py tests/tc/requests.py tests/tc/latency.py \
	tests/tc/verdicts.sh tests/tc/dp-failures.sh tests/tc/hostile.sh \
	tests/tc/concurrent.sh tests/tc/requests.sh tests/tc/latency.sh \
	tests/tc/agent-to-dp.py tests/tc/agent-to-dp.sh
endif
