#!/bin/sh
# tests/tc/latency.sh - the bridge against the DP peer: see latency.py.
PYTHONDONTWRITEBYTECODE=1 exec /usr/bin/python3 "${top_srcdir:-.}/tests/tc/latency.py" "$@"
