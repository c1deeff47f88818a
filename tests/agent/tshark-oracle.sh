#!/bin/sh
# tshark-oracle.sh - check the records of every tests/TESTLIST expected
# output against tshark's decode of the same capture (tests/tools/
# tshark-oracle.py says how).  Skips (77) without tshark or tcpdump.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PYTHON:=/usr/bin/python3}"
export top_srcdir
exec "$PYTHON" "$top_srcdir/tests/tools/tshark-oracle.py" "$@"
