#!/bin/sh
# traceback.sh - -T descriptions against SPIE digests recomputed in Python
# (tests/tools/traceback-test.py says how).
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PYTHON:=/usr/bin/python3}"
export top_srcdir
exec "$PYTHON" "$top_srcdir/tests/tools/traceback-test.py" "$@"
