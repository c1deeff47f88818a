# fuzz/: one libFuzzer target per parser (fuzz/fuzz-*.c), built only with
# `CC=clang ./configure --enable-fuzzing`; `make fuzz-smoke` runs each for
# FUZZ_SECONDS with its seed corpus (fuzz/corpus/<target>) and dictionary
# (fuzz/dict/<target>.dict).  In every build the same sources are linked with
# the one-file replay driver (fuzz/onefile.c) as fuzz/<target>-replay, and
# `make check` replays every seed and regression input through them.
FUZZ_TARGETS = fuzz-decode fuzz-protocol fuzz-sflow fuzz-netflow fuzz-snort \
	fuzz-eve fuzz-viewer-dgram fuzz-sockdiag
FUZZ_LDADD = $(PROGS_LDADD) $(CRYPTO_LIBS)
FUZZ_ITM_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS) -I$(top_srcdir)/tc-bridge
# The sources' decoders with the agent's real core (agent/libagent.a), whose
# output core-harness.c reads back and checks.
FUZZ_AGENT_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/agent -I$(top_srcdir)/fuzz
FUZZ_AGENT_LDADD = agent/libagent.a $(FUZZ_LDADD) $(PCAP_LIBS) $(JSON_LIBS) \
	$(MAXMINDDB_LIBS)
FUZZ_SFLOW_SOURCES = fuzz/fuzz-sflow.c fuzz/core-harness.c fuzz/core-harness.h
FUZZ_NETFLOW_SOURCES = fuzz/fuzz-netflow.c fuzz/core-harness.c fuzz/core-harness.h
FUZZ_SNORT_SOURCES = fuzz/fuzz-snort.c fuzz/core-harness.c fuzz/core-harness.h
FUZZ_EVE_SOURCES = fuzz/fuzz-eve.c fuzz/core-harness.c fuzz/core-harness.h

check_PROGRAMS += fuzz/fuzz-decode-replay fuzz/fuzz-protocol-replay
fuzz_fuzz_decode_replay_SOURCES = fuzz/fuzz-decode.c fuzz/onefile.c
fuzz_fuzz_decode_replay_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_protocol_replay_SOURCES = fuzz/fuzz-protocol.c fuzz/onefile.c
fuzz_fuzz_protocol_replay_LDADD = $(FUZZ_LDADD)
check_PROGRAMS += fuzz/fuzz-sflow-replay fuzz/fuzz-netflow-replay \
	fuzz/fuzz-snort-replay fuzz/fuzz-eve-replay
fuzz_fuzz_eve_replay_CFLAGS = $(FUZZ_AGENT_CFLAGS)
fuzz_fuzz_eve_replay_SOURCES = $(FUZZ_EVE_SOURCES) fuzz/onefile.c
fuzz_fuzz_eve_replay_LDADD = $(FUZZ_AGENT_LDADD)
fuzz_fuzz_snort_replay_CFLAGS = $(FUZZ_AGENT_CFLAGS)
fuzz_fuzz_snort_replay_SOURCES = $(FUZZ_SNORT_SOURCES) fuzz/onefile.c
fuzz_fuzz_snort_replay_LDADD = $(FUZZ_AGENT_LDADD)
fuzz_fuzz_sflow_replay_CFLAGS = $(FUZZ_AGENT_CFLAGS)
fuzz_fuzz_sflow_replay_SOURCES = $(FUZZ_SFLOW_SOURCES) fuzz/onefile.c
fuzz_fuzz_sflow_replay_LDADD = $(FUZZ_AGENT_LDADD)
fuzz_fuzz_netflow_replay_CFLAGS = $(FUZZ_AGENT_CFLAGS)
fuzz_fuzz_netflow_replay_SOURCES = $(FUZZ_NETFLOW_SOURCES) fuzz/onefile.c
fuzz_fuzz_netflow_replay_LDADD = $(FUZZ_AGENT_LDADD)
# The viewer's datagram path, authentication first (common/ only).
check_PROGRAMS += fuzz/fuzz-viewer-dgram-replay
fuzz_fuzz_viewer_dgram_replay_SOURCES = fuzz/fuzz-viewer-dgram.c \
	fuzz/onefile.c
fuzz_fuzz_viewer_dgram_replay_LDADD = $(FUZZ_LDADD)
# The netlink sock_diag reply parser of --app and --tag-apps.
check_PROGRAMS += fuzz/fuzz-sockdiag-replay
fuzz_fuzz_sockdiag_replay_CFLAGS = $(FUZZ_AGENT_CFLAGS)
fuzz_fuzz_sockdiag_replay_SOURCES = fuzz/fuzz-sockdiag.c fuzz/onefile.c
fuzz_fuzz_sockdiag_replay_LDADD = $(FUZZ_AGENT_LDADD)

# The bridge: fuzz-itm, the InterTrack framing and reply parser (the DP's TCP
# stream, tc-bridge/itm.c); fuzz-tc-input, the viewers' trace requests
# (tc-bridge/input.c).
if BUILD_TC
FUZZ_TARGETS += fuzz-itm fuzz-tc-input
check_PROGRAMS += fuzz/fuzz-itm-replay fuzz/fuzz-tc-input-replay
fuzz_fuzz_itm_replay_CFLAGS = $(FUZZ_ITM_CFLAGS)
fuzz_fuzz_itm_replay_SOURCES = fuzz/fuzz-itm.c fuzz/onefile.c
fuzz_fuzz_itm_replay_LDADD = tc-bridge/libtc.a $(FUZZ_LDADD) $(XML_LIBS)
fuzz_fuzz_tc_input_replay_CFLAGS = $(FUZZ_ITM_CFLAGS)
fuzz_fuzz_tc_input_replay_SOURCES = fuzz/fuzz-tc-input.c fuzz/onefile.c
fuzz_fuzz_tc_input_replay_LDADD = tc-bridge/libtc.a $(FUZZ_LDADD) $(XML_LIBS)
endif

# The viewer: fuzz-html, the HTML subset of messages (viewer/media/html.c);
# fuzz-recfile, the recordings --play reads (viewer/core/recfile.c);
# fuzz-media, the media header sniffers (viewer/media/soundinfo.c, media.c);
# fuzz-obj, the models' OBJ reader (viewer/media/obj.c); fuzz-xmesh, the
# reference viewer's DirectX .x models (viewer/media/xmesh.c); fuzz-ballinfo, a
# ball's box and the bridge's reports on traces (viewer/core/ballinfo.c,
# trace.c); fuzz-filter, the display filters (viewer/core/filter.c).
if BUILD_VIEWER
FUZZ_TARGETS += fuzz-html fuzz-recfile fuzz-media fuzz-obj fuzz-ballinfo \
	fuzz-filter fuzz-sync fuzz-xmesh
check_PROGRAMS += fuzz/fuzz-ballinfo-replay
fuzz_fuzz_ballinfo_replay_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/viewer/core
fuzz_fuzz_ballinfo_replay_SOURCES = fuzz/fuzz-ballinfo.c fuzz/onefile.c
fuzz_fuzz_ballinfo_replay_LDADD = viewer/core/libviewercore.a $(FUZZ_LDADD)
check_PROGRAMS += fuzz/fuzz-sync-replay
fuzz_fuzz_sync_replay_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/viewer/core
fuzz_fuzz_sync_replay_SOURCES = fuzz/fuzz-sync.c fuzz/onefile.c
fuzz_fuzz_sync_replay_LDADD = viewer/core/libviewercore.a $(FUZZ_LDADD)
check_PROGRAMS += fuzz/fuzz-recfile-replay
fuzz_fuzz_recfile_replay_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/viewer/core
fuzz_fuzz_recfile_replay_SOURCES = fuzz/fuzz-recfile.c fuzz/onefile.c
fuzz_fuzz_recfile_replay_LDADD = viewer/core/libviewercore.a $(FUZZ_LDADD)
check_PROGRAMS += fuzz/fuzz-filter-replay
fuzz_fuzz_filter_replay_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/viewer/core
fuzz_fuzz_filter_replay_SOURCES = fuzz/fuzz-filter.c fuzz/onefile.c
fuzz_fuzz_filter_replay_LDADD = viewer/core/libviewercore.a $(FUZZ_LDADD)
check_PROGRAMS += fuzz/fuzz-html-replay
fuzz_fuzz_html_replay_CPPFLAGS = $(VIEWER_MEDIA_CPPFLAGS)
fuzz_fuzz_html_replay_CFLAGS = $(AM_CFLAGS) $(VIEWER_CFLAGS)
fuzz_fuzz_html_replay_SOURCES = fuzz/fuzz-html.c fuzz/onefile.c
fuzz_fuzz_html_replay_LDADD = $(VIEWER_MEDIA_LDADD)
check_PROGRAMS += fuzz/fuzz-media-replay fuzz/fuzz-obj-replay
fuzz_fuzz_media_replay_CPPFLAGS = $(VIEWER_MEDIA_CPPFLAGS)
fuzz_fuzz_media_replay_SOURCES = fuzz/fuzz-media.c fuzz/onefile.c
fuzz_fuzz_media_replay_LDADD = $(VIEWER_MEDIA_LDADD)
fuzz_fuzz_obj_replay_CPPFLAGS = $(VIEWER_MEDIA_CPPFLAGS)
fuzz_fuzz_obj_replay_SOURCES = fuzz/fuzz-obj.c fuzz/onefile.c
fuzz_fuzz_obj_replay_LDADD = $(VIEWER_MEDIA_LDADD)
check_PROGRAMS += fuzz/fuzz-xmesh-replay
fuzz_fuzz_xmesh_replay_CPPFLAGS = $(VIEWER_MEDIA_CPPFLAGS)
fuzz_fuzz_xmesh_replay_SOURCES = fuzz/fuzz-xmesh.c fuzz/onefile.c
fuzz_fuzz_xmesh_replay_LDADD = $(VIEWER_MEDIA_LDADD)
endif

TESTS += fuzz/replay.sh
EXTRA_DIST += fuzz/replay.sh fuzz/smoke fuzz/make-corpus.py fuzz/corpus \
	fuzz/make-sockdiag-seeds.py \
	fuzz/dict fuzz/README

FUZZ_SECONDS = 60
FUZZ_JOBS = 1
.PHONY: fuzz-smoke

if ENABLE_FUZZING
noinst_PROGRAMS += fuzz/fuzz-decode fuzz/fuzz-protocol fuzz/fuzz-sflow \
	fuzz/fuzz-netflow fuzz/fuzz-snort fuzz/fuzz-eve \
	fuzz/fuzz-viewer-dgram
FUZZ_LINK = $(AM_LDFLAGS) -fsanitize=fuzzer
fuzz_fuzz_viewer_dgram_SOURCES = fuzz/fuzz-viewer-dgram.c
fuzz_fuzz_viewer_dgram_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_viewer_dgram_LDFLAGS = $(FUZZ_LINK)
fuzz_fuzz_decode_SOURCES = fuzz/fuzz-decode.c
fuzz_fuzz_decode_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_decode_LDFLAGS = $(FUZZ_LINK)
fuzz_fuzz_protocol_SOURCES = fuzz/fuzz-protocol.c
fuzz_fuzz_protocol_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_protocol_LDFLAGS = $(FUZZ_LINK)
fuzz_fuzz_sflow_CFLAGS = $(FUZZ_AGENT_CFLAGS)
fuzz_fuzz_sflow_SOURCES = $(FUZZ_SFLOW_SOURCES)
fuzz_fuzz_sflow_LDADD = $(FUZZ_AGENT_LDADD)
fuzz_fuzz_sflow_LDFLAGS = $(FUZZ_LINK)
fuzz_fuzz_netflow_CFLAGS = $(FUZZ_AGENT_CFLAGS)
fuzz_fuzz_netflow_SOURCES = $(FUZZ_NETFLOW_SOURCES)
fuzz_fuzz_netflow_LDADD = $(FUZZ_AGENT_LDADD)
fuzz_fuzz_netflow_LDFLAGS = $(FUZZ_LINK)
fuzz_fuzz_snort_CFLAGS = $(FUZZ_AGENT_CFLAGS)
fuzz_fuzz_snort_SOURCES = $(FUZZ_SNORT_SOURCES)
fuzz_fuzz_snort_LDADD = $(FUZZ_AGENT_LDADD)
fuzz_fuzz_snort_LDFLAGS = $(FUZZ_LINK)
fuzz_fuzz_eve_CFLAGS = $(FUZZ_AGENT_CFLAGS)
fuzz_fuzz_eve_SOURCES = $(FUZZ_EVE_SOURCES)
fuzz_fuzz_eve_LDADD = $(FUZZ_AGENT_LDADD)
fuzz_fuzz_eve_LDFLAGS = $(FUZZ_LINK)
noinst_PROGRAMS += fuzz/fuzz-sockdiag
fuzz_fuzz_sockdiag_CFLAGS = $(FUZZ_AGENT_CFLAGS)
fuzz_fuzz_sockdiag_SOURCES = fuzz/fuzz-sockdiag.c
fuzz_fuzz_sockdiag_LDADD = $(FUZZ_AGENT_LDADD)
fuzz_fuzz_sockdiag_LDFLAGS = $(FUZZ_LINK)
if BUILD_TC
noinst_PROGRAMS += fuzz/fuzz-itm
fuzz_fuzz_itm_CFLAGS = $(FUZZ_ITM_CFLAGS)
fuzz_fuzz_itm_SOURCES = fuzz/fuzz-itm.c
fuzz_fuzz_itm_LDADD = tc-bridge/libtc.a $(FUZZ_LDADD) $(XML_LIBS)
fuzz_fuzz_itm_LDFLAGS = $(FUZZ_LINK)
noinst_PROGRAMS += fuzz/fuzz-tc-input
fuzz_fuzz_tc_input_CFLAGS = $(FUZZ_ITM_CFLAGS)
fuzz_fuzz_tc_input_SOURCES = fuzz/fuzz-tc-input.c
fuzz_fuzz_tc_input_LDADD = tc-bridge/libtc.a $(FUZZ_LDADD) $(XML_LIBS)
fuzz_fuzz_tc_input_LDFLAGS = $(FUZZ_LINK)
endif

if BUILD_VIEWER
noinst_PROGRAMS += fuzz/fuzz-sync
fuzz_fuzz_sync_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/viewer/core
fuzz_fuzz_sync_SOURCES = fuzz/fuzz-sync.c
fuzz_fuzz_sync_LDADD = viewer/core/libviewercore.a $(FUZZ_LDADD)
fuzz_fuzz_sync_LDFLAGS = $(FUZZ_LINK)
noinst_PROGRAMS += fuzz/fuzz-recfile
fuzz_fuzz_recfile_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/viewer/core
fuzz_fuzz_recfile_SOURCES = fuzz/fuzz-recfile.c
fuzz_fuzz_recfile_LDADD = viewer/core/libviewercore.a $(FUZZ_LDADD)
fuzz_fuzz_recfile_LDFLAGS = $(FUZZ_LINK)
noinst_PROGRAMS += fuzz/fuzz-html
fuzz_fuzz_html_CPPFLAGS = $(VIEWER_MEDIA_CPPFLAGS)
fuzz_fuzz_html_CFLAGS = $(AM_CFLAGS) $(VIEWER_CFLAGS)
fuzz_fuzz_html_SOURCES = fuzz/fuzz-html.c
fuzz_fuzz_html_LDADD = $(VIEWER_MEDIA_LDADD)
fuzz_fuzz_html_LDFLAGS = $(FUZZ_LINK)
noinst_PROGRAMS += fuzz/fuzz-media fuzz/fuzz-obj
fuzz_fuzz_media_CPPFLAGS = $(VIEWER_MEDIA_CPPFLAGS)
fuzz_fuzz_media_SOURCES = fuzz/fuzz-media.c
fuzz_fuzz_media_LDADD = $(VIEWER_MEDIA_LDADD)
fuzz_fuzz_media_LDFLAGS = $(FUZZ_LINK)
fuzz_fuzz_obj_CPPFLAGS = $(VIEWER_MEDIA_CPPFLAGS)
fuzz_fuzz_obj_SOURCES = fuzz/fuzz-obj.c
fuzz_fuzz_obj_LDADD = $(VIEWER_MEDIA_LDADD)
fuzz_fuzz_obj_LDFLAGS = $(FUZZ_LINK)
noinst_PROGRAMS += fuzz/fuzz-xmesh
fuzz_fuzz_xmesh_CPPFLAGS = $(VIEWER_MEDIA_CPPFLAGS)
fuzz_fuzz_xmesh_SOURCES = fuzz/fuzz-xmesh.c
fuzz_fuzz_xmesh_LDADD = $(VIEWER_MEDIA_LDADD)
fuzz_fuzz_xmesh_LDFLAGS = $(FUZZ_LINK)
noinst_PROGRAMS += fuzz/fuzz-ballinfo
fuzz_fuzz_ballinfo_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/viewer/core
fuzz_fuzz_ballinfo_SOURCES = fuzz/fuzz-ballinfo.c
fuzz_fuzz_ballinfo_LDADD = viewer/core/libviewercore.a $(FUZZ_LDADD)
fuzz_fuzz_ballinfo_LDFLAGS = $(FUZZ_LINK)
noinst_PROGRAMS += fuzz/fuzz-filter
fuzz_fuzz_filter_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/viewer/core
fuzz_fuzz_filter_SOURCES = fuzz/fuzz-filter.c
fuzz_fuzz_filter_LDADD = viewer/core/libviewercore.a $(FUZZ_LDADD)
fuzz_fuzz_filter_LDFLAGS = $(FUZZ_LINK)
endif

fuzz-smoke: $(FUZZ_TARGETS:%=fuzz/%)
	$(SHELL) $(srcdir)/fuzz/smoke -s $(FUZZ_SECONDS) -j $(FUZZ_JOBS) \
	    -S $(srcdir) -B $(builddir) $(FUZZ_TARGETS)
else
fuzz-smoke:
	@echo "fuzz-smoke: configure with CC=clang --enable-fuzzing" \
	    "(tools/fuzz-smoke does it in build-fuzz/)" >&2; exit 1
endif
