#!/bin/sh
# test-flood.sh - the viewer under a flood: tests/viewer/flood.py.
exec /usr/bin/python3 "$top_srcdir/tests/viewer/flood.py"
