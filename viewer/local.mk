# viewer/: packter-viewer, its shaders, tests and benchmarks.
if BUILD_VIEWER

# The pure parts (no GL, no SDL), shared by the viewer and its unit tests.
noinst_LIBRARIES += viewer/libviewercore.a
viewer_libviewercore_a_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/viewer
viewer_libviewercore_a_SOURCES = \
	viewer/history.h viewer/history.c \
	viewer/scene.h viewer/scene.c \
	viewer/timeline.h viewer/timeline.c \
	viewer/camera.h viewer/camera.c \
	viewer/traceback.h viewer/traceback.c

VIEWER_CORE_LDADD = viewer/libviewercore.a $(PROGS_LDADD) -lm

# The media side without GL or SDL: file confinement, the HTML subset, OBJ
# models, the voice thread (libxml2, libespeak-ng); unit-tested.
noinst_LIBRARIES += viewer/libviewermedia.a
viewer_libviewermedia_a_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/viewer
viewer_libviewermedia_a_CFLAGS = $(AM_CFLAGS) $(VIEWER_CFLAGS)
viewer_libviewermedia_a_SOURCES = \
	viewer/media.h viewer/media.c \
	viewer/html.h viewer/html.c \
	viewer/obj.h viewer/obj.c \
	viewer/voice.h viewer/voice.c

VIEWER_MEDIA_LDADD = viewer/libviewermedia.a $(PROGS_LDADD) \
	$(VIEWER_LIBS) $(ESPEAK_LIBS) -lpthread -lm

check_PROGRAMS += tests/viewer/test-media tests/viewer/test-html \
	tests/viewer/test-obj tests/viewer/test-voice
tests_viewer_test_media_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/viewer
tests_viewer_test_media_SOURCES = tests/viewer/test-media.c tests/unit/test.h
tests_viewer_test_media_LDADD = $(VIEWER_MEDIA_LDADD)
tests_viewer_test_html_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/viewer
tests_viewer_test_html_SOURCES = tests/viewer/test-html.c tests/unit/test.h
tests_viewer_test_html_LDADD = $(VIEWER_MEDIA_LDADD)
tests_viewer_test_obj_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/viewer
tests_viewer_test_obj_SOURCES = tests/viewer/test-obj.c tests/unit/test.h
tests_viewer_test_obj_LDADD = $(VIEWER_MEDIA_LDADD)
tests_viewer_test_voice_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/viewer
tests_viewer_test_voice_SOURCES = tests/viewer/test-voice.c tests/unit/test.h
tests_viewer_test_voice_LDADD = $(VIEWER_MEDIA_LDADD)
TESTS += tests/viewer/test-media tests/viewer/test-html tests/viewer/test-obj \
	tests/viewer/test-voice

check_PROGRAMS += tests/viewer/test-scene
tests_viewer_test_scene_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/viewer
tests_viewer_test_scene_SOURCES = tests/viewer/test-scene.c tests/unit/test.h
tests_viewer_test_scene_LDADD = $(VIEWER_CORE_LDADD) $(CRYPTO_LIBS)
TESTS += tests/viewer/test-scene

# Drawing, picking and traceback against a running viewer (offscreen EGL,
# and under Xvfb when xvfb-run is installed).
VIEWER_TESTS = tests/viewer/test-draw.sh tests/viewer/test-pick.sh \
	tests/viewer/test-traceback.sh tests/viewer/test-net.sh
TESTS += $(VIEWER_TESTS)
EXTRA_DIST += $(VIEWER_TESTS) tests/viewer/harness.py tests/viewer/draw.py \
	tests/viewer/pick.py tests/viewer/traceback.py tests/viewer/net.py

# Control messages on a running viewer: the panel, pictures, HTML, the sky
# dome, models; sound and voice through SDL's disk audio driver; the media
# confinement traced with strace.
VIEWER_MEDIA_TESTS = tests/viewer/test-messages.sh \
	tests/viewer/test-audio.sh tests/viewer/test-confine.sh
TESTS += $(VIEWER_MEDIA_TESTS)
EXTRA_DIST += $(VIEWER_MEDIA_TESTS) tests/viewer/mediatest.py \
	tests/viewer/messages.py tests/viewer/audio.py tests/viewer/confine.py

bin_PROGRAMS += viewer/packter-viewer
viewer_packter_viewer_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/viewer \
	-DPACKTER_SHADERDIR=\"$(pkgdatadir)/shaders\"
viewer_packter_viewer_CFLAGS = $(AM_CFLAGS) $(VIEWER_CFLAGS)
viewer_packter_viewer_SOURCES = \
	viewer/main.c \
	viewer/net.h viewer/net.c \
	viewer/render.h viewer/render.c \
	viewer/hud.h viewer/hud.c \
	viewer/input.h viewer/input.c \
	viewer/glutil.h viewer/glutil.c \
	viewer/control.h viewer/control.c \
	viewer/image.h viewer/image.c \
	viewer/panel.h viewer/panel.c \
	viewer/audio.h viewer/audio.c \
	viewer/skydome.h viewer/skydome.c \
	viewer/model.h viewer/model.c
viewer_packter_viewer_LDADD = viewer/libviewermedia.a viewer/libviewercore.a \
	$(PROGS_LDADD) $(VIEWER_LIBS) $(ESPEAK_LIBS) $(CRYPTO_LIBS) \
	-lpthread -lm
if ENABLE_ASAN
# Keeps the GL driver loaded, so that LeakSanitizer can name its memory.
viewer_packter_viewer_SOURCES += tools/asan-nodlclose.c
endif ENABLE_ASAN

# Shaders are data: installed, and found in the source tree when running
# from the build tree (viewer/glutil.c).
viewershadersdir = $(pkgdatadir)/shaders
dist_viewershaders_DATA = \
	viewer/shaders/ball.vert viewer/shaders/ball.frag \
	viewer/shaders/board.vert viewer/shaders/board.frag \
	viewer/shaders/text.vert viewer/shaders/text.frag \
	viewer/shaders/image.vert viewer/shaders/image.frag \
	viewer/shaders/sky.vert viewer/shaders/sky.frag \
	viewer/shaders/model.vert viewer/shaders/model.frag

dist_man_MANS += docs/packter-viewer.1

endif BUILD_VIEWER

# Benchmarks (never run by make check): `make bench-viewer` runs both.
EXTRA_DIST += bench/viewer bench/viewer-ingest
bench-viewer: viewer/packter-viewer
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	    $(srcdir)/bench/viewer
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	    $(srcdir)/bench/viewer-ingest
.PHONY: bench-viewer

# Sound file headers, judged before SDL_mixer decodes them (soundinfo.h);
# the viewer's media hardening against hostile sounds, on a running viewer.
if BUILD_VIEWER
viewer_libviewermedia_a_SOURCES += viewer/soundinfo.h viewer/soundinfo.c
check_PROGRAMS += tests/viewer/test-soundinfo
tests_viewer_test_soundinfo_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/viewer
tests_viewer_test_soundinfo_CFLAGS = $(AM_CFLAGS) $(VIEWER_CFLAGS)
tests_viewer_test_soundinfo_SOURCES = tests/viewer/test-soundinfo.c \
	tests/unit/test.h
tests_viewer_test_soundinfo_LDADD = $(VIEWER_MEDIA_LDADD)
TESTS += tests/viewer/test-soundinfo tests/viewer/test-harden.sh
EXTRA_DIST += tests/viewer/test-harden.sh tests/viewer/harden.py
endif BUILD_VIEWER
