#!/bin/sh
# test-globe-view.sh - the viewer test in globe.py (see its docstring).
exec /usr/bin/python3 "$top_srcdir/tests/viewer/globe.py"
