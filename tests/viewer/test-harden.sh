#!/bin/sh
# test-harden.sh - the viewer test in harden.py (see its docstring).
exec /usr/bin/python3 "$top_srcdir/tests/viewer/harden.py"
