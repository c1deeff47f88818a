# viewer/: packter-viewer, its shaders, tests and benchmarks.  Its rooms, each
# a library that uses only common/, progs/ and the rooms before it here:
#   viewer/core/   history, scene, timeline, camera maths: no SDL, no GL
#   viewer/media/  confined files, pictures, sounds, voice, HTML, OBJ: no GL
#   viewer/gl/     the renderer, shaders, HUD, panel, models, sky dome
#   viewer/        the edges: net, input, control messages, main
# The include paths below enforce it: a room sees only its own headers and
# those of the rooms before it (docs/HACKING.md, "The viewer's rooms").
if BUILD_VIEWER

VIEWER_CORE_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/viewer/core
VIEWER_MEDIA_CPPFLAGS = $(VIEWER_CORE_CPPFLAGS) -I$(top_srcdir)/viewer/media
VIEWER_GL_CPPFLAGS = $(VIEWER_MEDIA_CPPFLAGS) -I$(top_srcdir)/viewer/gl
VIEWER_CPPFLAGS = $(VIEWER_GL_CPPFLAGS) -I$(top_srcdir)/viewer

# The core: pure, shared by the viewer and its unit tests.
noinst_LIBRARIES += viewer/core/libviewercore.a
viewer_core_libviewercore_a_CPPFLAGS = $(VIEWER_CORE_CPPFLAGS)
viewer_core_libviewercore_a_SOURCES = \
	viewer/core/history.h viewer/core/history.c \
	viewer/core/scene.h viewer/core/scene.c \
	viewer/core/timeline.h viewer/core/timeline.c \
	viewer/core/timebase.h viewer/core/timebase.c \
	viewer/core/scrubber.h viewer/core/scrubber.c \
	viewer/core/status.h viewer/core/status.c \
	viewer/core/recfile.h viewer/core/recfile.c \
	viewer/core/camera.h viewer/core/camera.c \
	viewer/core/wall.h viewer/core/wall.c \
	viewer/core/sync.h viewer/core/sync.c \
	viewer/core/traceback.h viewer/core/traceback.c \
	viewer/core/trace.h viewer/core/trace.c \
	viewer/core/ballinfo.h viewer/core/ballinfo.c \
	viewer/core/flagindex.h viewer/core/flagindex.c \
	viewer/core/cache.h viewer/core/cache.c \
	viewer/core/schedule.h viewer/core/schedule.c \
	viewer/core/boardmap.h viewer/core/boardmap.c \
	viewer/core/filter.h viewer/core/filter.c \
	viewer/core/boards.h viewer/core/boards.c \
	viewer/core/palette.h viewer/core/palette.c \
	viewer/core/topn.h viewer/core/topn.c \
	viewer/core/softalk.h viewer/core/softalk.c \
	viewer/core/gateway.h viewer/core/gateway.c \
	viewer/core/globe.h viewer/core/globe.c

VIEWER_CORE_LDADD = viewer/core/libviewercore.a $(PROGS_LDADD) $(CRYPTO_LIBS) -lm

# Media, without GL: file confinement, pictures, the HTML subset, OBJ
# models, sounds (SDL_mixer), the voice thread (libxml2, libespeak-ng).
noinst_LIBRARIES += viewer/media/libviewermedia.a
viewer_media_libviewermedia_a_CPPFLAGS = $(VIEWER_MEDIA_CPPFLAGS)
viewer_media_libviewermedia_a_CFLAGS = $(AM_CFLAGS) $(VIEWER_CFLAGS)
viewer_media_libviewermedia_a_SOURCES = \
	viewer/media/media.h viewer/media/media.c \
	viewer/media/html.h viewer/media/html.c \
	viewer/media/obj.h viewer/media/obj.c \
	viewer/media/xmesh.h viewer/media/xmesh.c \
	viewer/media/voice.h viewer/media/voice.c \
	viewer/media/image.h viewer/media/image.c \
	viewer/media/audio.h viewer/media/audio.c \
	viewer/media/soundinfo.h viewer/media/soundinfo.c

VIEWER_MEDIA_LDADD = viewer/media/libviewermedia.a $(PROGS_LDADD) \
	$(VIEWER_LIBS) $(ESPEAK_LIBS) -lpthread -lm

# The GL renderer and everything else that draws.
noinst_LIBRARIES += viewer/gl/libviewergl.a
viewer_gl_libviewergl_a_CPPFLAGS = $(VIEWER_GL_CPPFLAGS) \
	-DPACKTER_SHADERDIR=\"$(pkgdatadir)/shaders\"
viewer_gl_libviewergl_a_CFLAGS = $(AM_CFLAGS) $(VIEWER_CFLAGS)
viewer_gl_libviewergl_a_SOURCES = \
	viewer/gl/render.h viewer/gl/render.c \
	viewer/gl/glutil.h viewer/gl/glutil.c \
	viewer/gl/hud.h viewer/gl/hud.c \
	viewer/gl/scrubbar.h viewer/gl/scrubbar.c \
	viewer/gl/infobox.h viewer/gl/infobox.c \
	viewer/gl/panel.h viewer/gl/panel.c \
	viewer/gl/model.h viewer/gl/model.c \
	viewer/gl/skydome.h viewer/gl/skydome.c \
	viewer/gl/boardsui.h viewer/gl/boardsui.c \
	viewer/gl/gwboard.h viewer/gl/gwboard.c \
	viewer/gl/globedraw.h viewer/gl/globe.c

check_PROGRAMS += tests/viewer/test-media tests/viewer/test-html \
	tests/viewer/test-obj tests/viewer/test-voice \
	tests/viewer/test-soundinfo
tests_viewer_test_media_CPPFLAGS = $(VIEWER_MEDIA_CPPFLAGS)
tests_viewer_test_media_SOURCES = tests/viewer/test-media.c tests/unit/test.h
tests_viewer_test_media_LDADD = $(VIEWER_MEDIA_LDADD)
tests_viewer_test_html_CPPFLAGS = $(VIEWER_MEDIA_CPPFLAGS)
tests_viewer_test_html_SOURCES = tests/viewer/test-html.c tests/unit/test.h
tests_viewer_test_html_LDADD = $(VIEWER_MEDIA_LDADD)
tests_viewer_test_obj_CPPFLAGS = $(VIEWER_MEDIA_CPPFLAGS)
tests_viewer_test_obj_SOURCES = tests/viewer/test-obj.c tests/unit/test.h
tests_viewer_test_obj_LDADD = $(VIEWER_MEDIA_LDADD)
tests_viewer_test_voice_CPPFLAGS = $(VIEWER_MEDIA_CPPFLAGS)
tests_viewer_test_voice_SOURCES = tests/viewer/test-voice.c tests/unit/test.h
tests_viewer_test_voice_LDADD = $(VIEWER_MEDIA_LDADD)
# Sound file headers, judged before SDL_mixer decodes them (soundinfo.h);
# compared with SDL's own SDL_BuildAudioCVT, hence SDL's flags.
tests_viewer_test_soundinfo_CPPFLAGS = $(VIEWER_MEDIA_CPPFLAGS)
tests_viewer_test_soundinfo_CFLAGS = $(AM_CFLAGS) $(VIEWER_CFLAGS)
tests_viewer_test_soundinfo_SOURCES = tests/viewer/test-soundinfo.c \
	tests/unit/test.h
tests_viewer_test_soundinfo_LDADD = $(VIEWER_MEDIA_LDADD)
TESTS += tests/viewer/test-media tests/viewer/test-html tests/viewer/test-obj \
	tests/viewer/test-voice tests/viewer/test-soundinfo
# DirectX .x models, the reference viewer's packterNN.x (xmesh.h).
check_PROGRAMS += tests/viewer/test-xmesh
tests_viewer_test_xmesh_CPPFLAGS = $(VIEWER_MEDIA_CPPFLAGS)
tests_viewer_test_xmesh_SOURCES = tests/viewer/test-xmesh.c tests/unit/test.h
tests_viewer_test_xmesh_LDADD = $(VIEWER_MEDIA_LDADD)
TESTS += tests/viewer/test-xmesh

check_PROGRAMS += tests/viewer/test-scene tests/viewer/test-cache \
	tests/viewer/test-schedule tests/viewer/test-timeline \
	tests/viewer/test-ballinfo tests/viewer/test-boards \
	tests/viewer/test-wall tests/viewer/test-globe
tests_viewer_test_wall_CPPFLAGS = $(VIEWER_CORE_CPPFLAGS)
tests_viewer_test_wall_SOURCES = tests/viewer/test-wall.c tests/unit/test.h
tests_viewer_test_wall_LDADD = $(VIEWER_CORE_LDADD) $(CRYPTO_LIBS)
tests_viewer_test_globe_CPPFLAGS = $(VIEWER_CORE_CPPFLAGS)
tests_viewer_test_globe_SOURCES = tests/viewer/test-globe.c tests/unit/test.h
tests_viewer_test_globe_LDADD = $(VIEWER_CORE_LDADD) $(CRYPTO_LIBS)
tests_viewer_test_timeline_CPPFLAGS = $(VIEWER_CORE_CPPFLAGS)
tests_viewer_test_timeline_SOURCES = tests/viewer/test-timeline.c \
	tests/unit/test.h
tests_viewer_test_timeline_LDADD = $(VIEWER_CORE_LDADD) $(CRYPTO_LIBS)
tests_viewer_test_boards_CPPFLAGS = $(VIEWER_CORE_CPPFLAGS)
tests_viewer_test_boards_SOURCES = tests/viewer/test-boards.c tests/unit/test.h
tests_viewer_test_boards_LDADD = $(VIEWER_CORE_LDADD) $(CRYPTO_LIBS)
tests_viewer_test_scene_CPPFLAGS = $(VIEWER_CORE_CPPFLAGS)
tests_viewer_test_scene_SOURCES = tests/viewer/test-scene.c tests/unit/test.h
tests_viewer_test_scene_LDADD = $(VIEWER_CORE_LDADD) $(CRYPTO_LIBS)
tests_viewer_test_cache_CPPFLAGS = $(VIEWER_CORE_CPPFLAGS)
tests_viewer_test_cache_SOURCES = tests/viewer/test-cache.c tests/unit/test.h
tests_viewer_test_cache_LDADD = $(VIEWER_CORE_LDADD)
tests_viewer_test_schedule_CPPFLAGS = $(VIEWER_CORE_CPPFLAGS)
tests_viewer_test_schedule_SOURCES = tests/viewer/test-schedule.c \
	tests/unit/test.h
tests_viewer_test_schedule_LDADD = $(VIEWER_CORE_LDADD)
tests_viewer_test_ballinfo_CPPFLAGS = $(VIEWER_CORE_CPPFLAGS)
tests_viewer_test_ballinfo_SOURCES = tests/viewer/test-ballinfo.c \
	tests/unit/test.h
tests_viewer_test_ballinfo_LDADD = $(VIEWER_CORE_LDADD)
TESTS += tests/viewer/test-scene tests/viewer/test-cache \
	tests/viewer/test-schedule tests/viewer/test-timeline \
	tests/viewer/test-ballinfo tests/viewer/test-boards \
	tests/viewer/test-wall tests/viewer/test-globe

# SofTalk command lines in PACKTERVOICE (the reference's voice).
check_PROGRAMS += tests/viewer/test-softalk
tests_viewer_test_softalk_CPPFLAGS = $(VIEWER_CORE_CPPFLAGS)
tests_viewer_test_softalk_SOURCES = tests/viewer/test-softalk.c \
	tests/unit/test.h
tests_viewer_test_softalk_LDADD = $(VIEWER_CORE_LDADD)
TESTS += tests/viewer/test-softalk
# PACKTERWITHGATEWAY: balls through the gateway board (gateway.h).
check_PROGRAMS += tests/viewer/test-gateway
tests_viewer_test_gateway_CPPFLAGS = $(VIEWER_CORE_CPPFLAGS)
tests_viewer_test_gateway_SOURCES = tests/viewer/test-gateway.c \
	tests/unit/test.h
tests_viewer_test_gateway_LDADD = $(VIEWER_CORE_LDADD)
TESTS += tests/viewer/test-gateway

# The rooms keep to their layers: symbols the libraries need, includes.
TESTS += tests/viewer/test-rooms.sh
EXTRA_DIST += tests/viewer/test-rooms.sh

# Drawing, picking and traceback against a running viewer (offscreen EGL,
# and under Xvfb when xvfb-run is installed).
VIEWER_TESTS = tests/viewer/test-draw.sh tests/viewer/test-pick.sh \
	tests/viewer/test-traceback.sh tests/viewer/test-net.sh \
	tests/viewer/test-capture.sh tests/viewer/test-infobox.sh \
	tests/viewer/test-boards-view.sh tests/viewer/test-wall-view.sh \
	tests/viewer/test-kiosk.sh tests/viewer/test-globe-view.sh
TESTS += $(VIEWER_TESTS)
EXTRA_DIST += $(VIEWER_TESTS) tests/viewer/harness.py tests/viewer/draw.py \
	tests/viewer/capture.py tests/viewer/infobox.py tests/viewer/boards.py \
	tests/viewer/wall.py tests/viewer/kiosk.py tests/viewer/globe.py \
	tests/viewer/pick.py tests/viewer/traceback.py tests/viewer/net.py

# Control messages on a running viewer: the panel, pictures, HTML, the sky
# dome, models; sound and voice through SDL's disk audio driver; the media
# confinement traced with strace; the media hardening against hostile
# sounds (harden.py).
VIEWER_MEDIA_TESTS = tests/viewer/test-messages.sh \
	tests/viewer/test-audio.sh tests/viewer/test-confine.sh \
	tests/viewer/test-harden.sh tests/viewer/test-compat.sh
TESTS += $(VIEWER_MEDIA_TESTS)
EXTRA_DIST += $(VIEWER_MEDIA_TESTS) tests/viewer/mediatest.py \
	tests/viewer/messages.py tests/viewer/audio.py tests/viewer/confine.py \
	tests/viewer/harden.py tests/viewer/compat.py \
	tests/viewer/data/reference

bin_PROGRAMS += viewer/packter-viewer
viewer_packter_viewer_CPPFLAGS = $(VIEWER_CPPFLAGS)
viewer_packter_viewer_CFLAGS = $(AM_CFLAGS) $(VIEWER_CFLAGS)
viewer_packter_viewer_SOURCES = \
	viewer/main.c \
	viewer/options.h viewer/options.c \
	viewer/export.h viewer/export.c \
	viewer/net.h viewer/net.c \
	viewer/record.h viewer/record.c \
	viewer/input.h viewer/input.c \
	viewer/control.h viewer/control.c \
	viewer/resolve.h viewer/resolve.c \
	viewer/boardctl.h viewer/boardctl.c viewer/boardkeys.h \
	viewer/kiosk.h viewer/kiosk.c \
	viewer/wallsync.h viewer/wallsync.c
viewer_packter_viewer_LDADD = viewer/gl/libviewergl.a \
	viewer/media/libviewermedia.a viewer/core/libviewercore.a \
	$(PROGS_LDADD) $(VIEWER_LIBS) $(ESPEAK_LIBS) $(CRYPTO_LIBS) \
	-lpthread -lm
if ENABLE_ASAN
# Keeps the GL driver loaded, so that LeakSanitizer can name its memory.
viewer_packter_viewer_SOURCES += tools/asan-nodlclose.c
endif ENABLE_ASAN

# Shaders are data: installed, and found in the source tree when running
# from the build tree (viewer/gl/glutil.c).
viewershadersdir = $(pkgdatadir)/shaders
dist_viewershaders_DATA = \
	viewer/gl/shaders/ball.vert viewer/gl/shaders/ball.frag \
	viewer/gl/shaders/board.vert viewer/gl/shaders/board.frag \
	viewer/gl/shaders/text.vert viewer/gl/shaders/text.frag \
	viewer/gl/shaders/image.vert viewer/gl/shaders/image.frag \
	viewer/gl/shaders/sky.vert viewer/gl/shaders/sky.frag \
	viewer/gl/shaders/gwball.vert viewer/gl/shaders/gwball.frag \
	viewer/gl/shaders/model.vert viewer/gl/shaders/model.frag \
	viewer/gl/shaders/earth.vert viewer/gl/shaders/earth.frag \
	viewer/gl/shaders/flight.vert viewer/gl/shaders/flight.frag \
	viewer/gl/shaders/trail.vert viewer/gl/shaders/trail.frag

dist_man_MANS += docs/packter-viewer.1

endif BUILD_VIEWER

# Benchmarks (never run by make check): `make bench-viewer` runs both.
EXTRA_DIST += bench/viewer bench/viewer-ingest bench/soak
bench-viewer: viewer/packter-viewer
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	    $(srcdir)/bench/viewer
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	    $(srcdir)/bench/viewer-ingest
.PHONY: bench-viewer

# --- tests that fell out in the media change (tests/, kept apart) --------
# Who may speak to the viewer (--require-auth, allow lists) and the viewer
# under a flood, with the flood's sender; `make bench-viewer-flood` is the
# flood of issue 7 (10M records, never run by make check).
if BUILD_VIEWER
check_PROGRAMS += tests/viewer/flood-sender
tests_viewer_flood_sender_SOURCES = tests/viewer/flood-sender.c
VIEWER_LOAD_TESTS = tests/viewer/test-auth.sh tests/viewer/test-flood.sh
TESTS += $(VIEWER_LOAD_TESTS)
EXTRA_DIST += $(VIEWER_LOAD_TESTS) tests/viewer/auth.py tests/viewer/flood.py
endif BUILD_VIEWER
EXTRA_DIST += bench/viewer-flood
bench-viewer-flood: viewer/packter-viewer tests/viewer/flood-sender
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	    $(srcdir)/bench/viewer-flood
.PHONY: bench-viewer-flood
