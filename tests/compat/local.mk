# tests/compat: drop-in for PACKTER 2.x sites.  What the agent and the
# bridge send, judged by the reference viewer's rules (refviewer.py, written
# from its code); a packter.conf in the reference's syntax read by --alarm;
# old command lines (-s, -6, -G, -U PATH, --compat 2).
COMPAT_TESTS = tests/compat/reference.sh tests/compat/bridge-reference.sh
TESTS += $(COMPAT_TESTS)
EXTRA_DIST += $(COMPAT_TESTS) tests/compat/reference.py \
	tests/compat/bridge-reference.py tests/compat/refviewer.py \
	tests/compat/alarm.conf tests/compat/packter.conf
