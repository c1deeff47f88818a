#!/bin/sh
# test-pick.sh - the viewer test in pick.py (see its docstring).
exec /usr/bin/python3 "$top_srcdir/tests/viewer/pick.py"
