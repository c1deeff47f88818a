#!/bin/sh
# geoip.sh - the agent's -G: places from a MaxMind-format database in the
# PACKTERGEO line (tests/tools/geoip-test.py says what exactly).
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PYTHON:=/usr/bin/python3}"
PYTHONDONTWRITEBYTECODE=1
export top_srcdir PYTHONDONTWRITEBYTECODE
exec "$PYTHON" "$top_srcdir/tests/tools/geoip-test.py" "$@"
