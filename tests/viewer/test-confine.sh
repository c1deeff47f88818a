#!/bin/sh
# test-confine.sh - the viewer test in confine.py (see its docstring).
exec /usr/bin/python3 "$top_srcdir/tests/viewer/confine.py"
