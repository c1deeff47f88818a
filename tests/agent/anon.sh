#!/bin/sh
# anon.sh - --anonymise: Crypto-PAn against an independent oracle
# (tests/tools/anon-test.py).
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PYTHON:=/usr/bin/python3}"
# No bytecode next to the sources (they may be read-only, as in distcheck).
PYTHONDONTWRITEBYTECODE=1
export top_srcdir PYTHONDONTWRITEBYTECODE
exec "$PYTHON" "$top_srcdir/tests/tools/anon-test.py" "$@"
