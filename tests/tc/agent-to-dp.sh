#!/bin/sh
# tests/tc/agent-to-dp.sh - agent -T, bridge and DP peer in a chain: see agent-to-dp.py.
PYTHONDONTWRITEBYTECODE=1 exec /usr/bin/python3 "${top_srcdir:-.}/tests/tc/agent-to-dp.py" "$@"
