#!/bin/sh
# appmap.sh - --tag-apps, --app NAME and --app -- COMMAND with real programs
# (a Python HTTP server, curl, a Python client) on the loopback of a network
# namespace (tests/tools/appmap-test.py says how).  Skips (77) without
# root/netns or curl.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PYTHON:=/usr/bin/python3}"
PYTHONDONTWRITEBYTECODE=1
export top_srcdir PYTHONDONTWRITEBYTECODE
exec "$PYTHON" "$top_srcdir/tests/tools/appmap-test.py" "$@"
