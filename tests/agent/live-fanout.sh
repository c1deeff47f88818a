#!/bin/sh
# live-fanout.sh - --threads 2 on a veth pair: every packet drawn exactly
# once, spread over both PACKET_FANOUT members, no kernel drop, TPACKET_V3
# rings of the -B size (tests/tools/live-fanout.py says how).  Skips (77)
# without root/netns.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PYTHON:=/usr/bin/python3}"
PYTHONDONTWRITEBYTECODE=1
export top_srcdir PYTHONDONTWRITEBYTECODE
exec "$PYTHON" "$top_srcdir/tests/tools/live-fanout.py" "$@"
