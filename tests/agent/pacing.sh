#!/bin/sh
# pacing.sh - paced replay with --max-gap: capture times kept, gaps cut
# (tests/tools/pacing-test.py).
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PYTHON:=/usr/bin/python3}"
# No bytecode next to the sources (they may be read-only, as in distcheck).
PYTHONDONTWRITEBYTECODE=1
export top_srcdir PYTHONDONTWRITEBYTECODE
exec "$PYTHON" "$top_srcdir/tests/tools/pacing-test.py" "$@"
