# agent/: packter-agent, sources -> core -> batched UDP.  Everything but
# main.c is agent/libagent.a, which the program, the tests and the fuzz
# targets link (none of them carries a copy of the core).
noinst_LIBRARIES += agent/libagent.a
agent_libagent_a_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS) $(CRYPTO_CFLAGS) $(JSON_CFLAGS) \
	$(MAXMINDDB_CFLAGS)
agent_libagent_a_SOURCES = \
	agent/agent.h agent/core.h agent/core.c \
	agent/source.h agent/source-pcap.c agent/source-replay.c \
	agent/fanout.h agent/source-fanout.c \
	agent/pace.h agent/pace.c \
	agent/flow.h agent/flow-udp.c \
	agent/source-sflow.c agent/source-netflow.c agent/netflow-templates.c \
	agent/snort.h agent/snort.c agent/source-snort.c \
	agent/eve.h agent/eve.c agent/source-eve.c \
	agent/sender.h agent/sender.c \
	agent/alarm.h agent/alarm.c \
	agent/appmap.h agent/appmap.c agent/appmap-helper.c \
	agent/sockdiag.h agent/sockdiag.c \
	agent/geoip.h agent/geoip.c

AGENT_LDADD = agent/libagent.a $(PROGS_LDADD) $(PCAP_LIBS) $(CRYPTO_LIBS) -lpthread \
	$(JSON_LIBS) $(MAXMINDDB_LIBS)

bin_PROGRAMS += agent/packter-agent
agent_packter_agent_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS) $(CRYPTO_CFLAGS)
agent_packter_agent_LDADD = $(AGENT_LDADD)
agent_packter_agent_SOURCES = agent/main.c agent/compat.h agent/compat.c
