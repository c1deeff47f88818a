#!/bin/sh
# unit-privs.sh - the agent run as systemd/packter-agent@.service runs it:
# an unprivileged user holding only the unit's capabilities captures on a
# veth pair in a network namespace; without them it is refused
# (tests/tools/unit-privs.py says how).  Skips (77) without root/netns.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PYTHON:=/usr/bin/python3}"
# No bytecode next to the sources (they may be read-only, as in distcheck).
PYTHONDONTWRITEBYTECODE=1
export top_srcdir PYTHONDONTWRITEBYTECODE
exec "$PYTHON" "$top_srcdir/tests/tools/unit-privs.py" "$@"
