#!/bin/sh
# tests/tc/concurrent.sh - the bridge against the DP peer: see concurrent.py.
PYTHONDONTWRITEBYTECODE=1 exec /usr/bin/python3 "${top_srcdir:-.}/tests/tc/concurrent.py" "$@"
