# tests/agent (appmap): which program sent a packet.  test-appmap: the
# sock_diag reply parser on crafted replies, the cache's expiry, the /proc
# parsers, the tags (no kernel needed); appmap.sh: --tag-apps, --app NAME
# and --app -- COMMAND with real programs in a network namespace.
check_PROGRAMS += tests/agent/test-appmap
tests_agent_test_appmap_SOURCES = tests/agent/test-appmap.c tests/unit/test.h
tests_agent_test_appmap_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/agent \
	-I$(top_srcdir)/tests/unit
tests_agent_test_appmap_LDADD = $(AGENT_LDADD)
TESTS += tests/agent/test-appmap tests/agent/appmap.sh
EXTRA_DIST += tests/agent/appmap.sh tests/tools/appmap-test.py
