#!/bin/sh
# test-draw.sh - the viewer test in draw.py (see its docstring).
exec /usr/bin/python3 "$top_srcdir/tests/viewer/draw.py"
