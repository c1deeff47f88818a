#!/bin/sh
# live-netns.sh - live capture on a veth pair between two network namespaces,
# real packets across, records checked field by field at a UDP listener
# (tests/tools/live-netns.py says how).  Skips (77) without root/netns.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PYTHON:=/usr/bin/python3}"
# No bytecode next to the sources (they may be read-only, as in distcheck).
PYTHONDONTWRITEBYTECODE=1
export top_srcdir PYTHONDONTWRITEBYTECODE
exec "$PYTHON" "$top_srcdir/tests/tools/live-netns.py" "$@"
