#!/bin/sh
# test-traceback.sh - the viewer test in traceback.py (see its docstring).
exec /usr/bin/python3 "$top_srcdir/tests/viewer/traceback.py"
