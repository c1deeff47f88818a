#!/bin/sh
# test-messages.sh - the viewer test in messages.py (see its docstring).
exec /usr/bin/python3 "$top_srcdir/tests/viewer/messages.py"
