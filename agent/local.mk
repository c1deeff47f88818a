# agent/: packter-agent, sources -> records -> batched UDP.
bin_PROGRAMS += agent/packter-agent
agent_packter_agent_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS) $(CRYPTO_CFLAGS)
agent_packter_agent_LDADD = $(PROGS_LDADD) $(PCAP_LIBS) $(CRYPTO_LIBS)
agent_packter_agent_SOURCES = \
	agent/agent.h agent/main.c agent/source.h \
	agent/source-pcap.c agent/sender.c agent/sender.h \
	agent/source-replay.c agent/source-sflow.c agent/source-netflow.c \
	agent/source-snort.c agent/flow.h agent/flow-udp.c \
	agent/alarm.c agent/alarm.h agent/netflow-templates.c
