#!/bin/sh
# tests/e2e/traceback.sh - the traceback loop end to end on an X server of
# its own (Xvfb, xdotool): see traceback-e2e.py.
PYTHONDONTWRITEBYTECODE=1 exec /usr/bin/python3 \
    "${top_srcdir:-.}/tests/e2e/traceback-e2e.py" "$@"
