#!/bin/sh
# test-audio.sh - the viewer test in audio.py (see its docstring).
exec /usr/bin/python3 "$top_srcdir/tests/viewer/audio.py"
