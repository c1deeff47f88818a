#!/bin/sh
# test-net.sh - the viewer test in net.py (see its docstring).
exec /usr/bin/python3 "$top_srcdir/tests/viewer/net.py"
