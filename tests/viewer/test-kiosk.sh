#!/bin/sh
# test-kiosk.sh - kiosk mode and --offscreen (see kiosk.py).
exec /usr/bin/python3 "$top_srcdir/tests/viewer/kiosk.py"
