#!/bin/sh
# fifo-replay.sh - -r FIFO without a writer ends on a signal; --replay with
# TIME values that overflowed (tests/tools/fifo-replay-test.py).
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PYTHON:=/usr/bin/python3}"
# No bytecode next to the sources (they may be read-only, as in distcheck).
PYTHONDONTWRITEBYTECODE=1
export top_srcdir PYTHONDONTWRITEBYTECODE
exec "$PYTHON" "$top_srcdir/tests/tools/fifo-replay-test.py" "$@"
