#!/bin/sh
# tests/tc/hostile.sh - the bridge against the DP peer: see hostile.py.
PYTHONDONTWRITEBYTECODE=1 exec /usr/bin/python3 "${top_srcdir:-.}/tests/tc/hostile.py" "$@"
