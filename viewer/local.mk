# viewer/: packter-viewer, its shaders, tests and benchmarks.
if BUILD_VIEWER

# The pure parts (no GL, no SDL), shared by the viewer and its unit tests.
noinst_LIBRARIES += viewer/libviewercore.a
viewer_libviewercore_a_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/viewer
viewer_libviewercore_a_SOURCES = \
	viewer/history.h viewer/history.c \
	viewer/scene.h viewer/scene.c \
	viewer/timeline.h viewer/timeline.c \
	viewer/camera.h viewer/camera.c

VIEWER_CORE_LDADD = viewer/libviewercore.a common/libpackter.a -lm

check_PROGRAMS += tests/viewer/test-scene
tests_viewer_test_scene_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/viewer
tests_viewer_test_scene_SOURCES = tests/viewer/test-scene.c tests/unit/test.h
tests_viewer_test_scene_LDADD = $(VIEWER_CORE_LDADD) $(CRYPTO_LIBS)
TESTS += tests/viewer/test-scene

endif BUILD_VIEWER
