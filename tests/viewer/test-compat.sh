#!/bin/sh
# test-compat.sh - the reference implementation's message forms on a running
# viewer: the test in compat.py (see its docstring).
exec /usr/bin/python3 "$top_srcdir/tests/viewer/compat.py"
