#!/bin/sh
# test-capture.sh - capture time on a running viewer (see capture.py).
exec /usr/bin/python3 "$top_srcdir/tests/viewer/capture.py"
