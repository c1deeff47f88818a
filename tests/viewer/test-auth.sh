#!/bin/sh
# test-auth.sh - who may speak to the viewer: tests/viewer/auth.py.
exec /usr/bin/python3 "$top_srcdir/tests/viewer/auth.py"
