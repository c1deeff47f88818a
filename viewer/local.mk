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

VIEWER_CORE_LDADD = viewer/libviewercore.a common/libpackter.a -lm

check_PROGRAMS += tests/viewer/test-scene
tests_viewer_test_scene_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/viewer
tests_viewer_test_scene_SOURCES = tests/viewer/test-scene.c tests/unit/test.h
tests_viewer_test_scene_LDADD = $(VIEWER_CORE_LDADD) $(CRYPTO_LIBS)
TESTS += tests/viewer/test-scene

# Drawing, picking and traceback against a running viewer (offscreen EGL,
# and under Xvfb when xvfb-run is installed).
VIEWER_TESTS = tests/viewer/test-draw.sh tests/viewer/test-pick.sh \
	tests/viewer/test-traceback.sh tests/viewer/test-net.sh \
	tests/viewer/test-auth.sh tests/viewer/test-flood.sh
TESTS += $(VIEWER_TESTS)
EXTRA_DIST += $(VIEWER_TESTS) tests/viewer/harness.py tests/viewer/draw.py \
	tests/viewer/pick.py tests/viewer/traceback.py tests/viewer/net.py \
	tests/viewer/auth.py tests/viewer/flood.py

# The flood test's sender (and bench/viewer-flood's).
check_PROGRAMS += tests/viewer/flood-sender
tests_viewer_flood_sender_SOURCES = tests/viewer/flood-sender.c

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
	viewer/glutil.h viewer/glutil.c
viewer_packter_viewer_LDADD = viewer/libviewercore.a common/libpackter.a \
	$(VIEWER_LIBS) $(CRYPTO_LIBS) -lm
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
	viewer/shaders/text.vert viewer/shaders/text.frag

dist_man_MANS += docs/packter-viewer.1

endif BUILD_VIEWER

# Benchmarks (never run by make check): `make bench-viewer` runs the first
# two; `make bench-viewer-flood` the flood of issue 7 (10M records).
EXTRA_DIST += bench/viewer bench/viewer-ingest bench/viewer-flood
bench-viewer: viewer/packter-viewer
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	    $(srcdir)/bench/viewer
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	    $(srcdir)/bench/viewer-ingest
.PHONY: bench-viewer
bench-viewer-flood: viewer/packter-viewer tests/viewer/flood-sender
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	    $(srcdir)/bench/viewer-flood
.PHONY: bench-viewer-flood
