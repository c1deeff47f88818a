#!/bin/sh
# cli.sh - the agent's options, errors, stdin, filters, sampling, batching,
# signals (tests/tools/cli-test.py says what exactly).
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PYTHON:=/usr/bin/python3}"
# No bytecode next to the sources (they may be read-only, as in distcheck).
PYTHONDONTWRITEBYTECODE=1
export top_srcdir PYTHONDONTWRITEBYTECODE
exec "$PYTHON" "$top_srcdir/tests/tools/cli-test.py" "$@"
