#!/bin/sh
# test-infobox.sh - the viewer test in infobox.py (see its docstring).
exec /usr/bin/python3 "$top_srcdir/tests/viewer/infobox.py"
