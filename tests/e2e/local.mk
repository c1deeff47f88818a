# tests/e2e: the whole traceback loop on a screen (issue 5): agent -T ->
# viewer; pause, point, T under Xvfb with xdotool; packter-tc -> the DP
# peer -> the verdict back on the viewer.  Skips (77) without the viewer,
# packter-tc, the InterTrack schema, Xvfb, xdotool or scapy.
E2E_TESTS = tests/e2e/traceback.sh
TESTS += $(E2E_TESTS)
EXTRA_DIST += $(E2E_TESTS) tests/e2e/traceback-e2e.py
