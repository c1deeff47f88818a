# tests/alarm: the agent's DoS alarms (agent/alarm.c).  A unit test on
# packets built in memory (thresholds at their edges, quiet time, the DoS
# flag, messages, reload), the same test on captures generated with scapy
# (captures.sh), and the agent end to end with --alarm (agent-alarm.sh,
# skipped while the agent has no --alarm).

check_PROGRAMS += tests/alarm/test-alarm
tests_alarm_test_alarm_SOURCES = tests/alarm/test-alarm.c tests/unit/test.h
tests_alarm_test_alarm_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/agent \
	-I$(top_srcdir)/tests/unit
tests_alarm_test_alarm_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
tests_alarm_test_alarm_LDADD = $(AGENT_LDADD)

ALARM_TESTS = tests/alarm/captures.sh tests/alarm/agent-alarm.sh
TESTS += tests/alarm/test-alarm $(ALARM_TESTS)
EXTRA_DIST += $(ALARM_TESTS) tests/alarm/gen.sh \
	tests/alarm/gen-alarm-captures.py tests/alarm/flood.conf
CLEANFILES += tests/alarm/captures/*.pcap tests/alarm/agent-alarm.out/*

# The core with --anonymise: descriptions that sources wrote are mapped too.
check_PROGRAMS += tests/alarm/test-core-anon
tests_alarm_test_core_anon_SOURCES = tests/alarm/test-core-anon.c \
	tests/unit/test.h
tests_alarm_test_core_anon_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/agent \
	-I$(top_srcdir)/tests/unit
tests_alarm_test_core_anon_LDADD = $(AGENT_LDADD)
TESTS += tests/alarm/test-core-anon
