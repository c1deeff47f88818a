#!/bin/sh
# udp.sh - the agent sends to UDP listeners on 127.0.0.1 and ::1; --replay
# (tests/tools/udp-test.py says what exactly).
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PYTHON:=/usr/bin/python3}"
# No bytecode next to the sources (they may be read-only, as in distcheck).
PYTHONDONTWRITEBYTECODE=1
export top_srcdir PYTHONDONTWRITEBYTECODE
exec "$PYTHON" "$top_srcdir/tests/tools/udp-test.py" "$@"
