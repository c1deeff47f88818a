#!/bin/sh
# tshark-oracle.sh - check the records of every tests/TESTLIST expected
# output against tshark's decode of the same capture (tests/tools/
# tshark-oracle.py says how).  Skips (77) without tshark or tcpdump.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PYTHON:=/usr/bin/python3}"
# No bytecode next to the sources (they may be read-only, as in distcheck).
PYTHONDONTWRITEBYTECODE=1
export top_srcdir PYTHONDONTWRITEBYTECODE
exec "$PYTHON" "$top_srcdir/tests/tools/tshark-oracle.py" "$@"
