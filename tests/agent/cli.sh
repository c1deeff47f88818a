#!/bin/sh
# cli.sh - the agent's options, errors, stdin, filters, sampling, batching,
# signals (tests/tools/cli-test.py says what exactly).
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PYTHON:=/usr/bin/python3}"
export top_srcdir
exec "$PYTHON" "$top_srcdir/tests/tools/cli-test.py" "$@"
