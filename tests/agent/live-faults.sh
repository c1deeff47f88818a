#!/bin/sh
# live-faults.sh - a live capture whose interface goes down, comes back, and
# disappears (tests/tools/live-faults.py says how).  Skips (77) without netns.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PYTHON:=/usr/bin/python3}"
PYTHONDONTWRITEBYTECODE=1
export top_srcdir PYTHONDONTWRITEBYTECODE
exec "$PYTHON" "$top_srcdir/tests/tools/live-faults.py" "$@"
