#!/bin/sh
# test-wall-view.sh - the NOC wall in a network namespace (see wall.py).
exec /usr/bin/python3 "$top_srcdir/tests/viewer/wall.py"
