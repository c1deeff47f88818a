#!/bin/sh
# tests/tc/dp-failures.sh - the bridge against the DP peer: see dp-failures.py.
PYTHONDONTWRITEBYTECODE=1 exec /usr/bin/python3 "${top_srcdir:-.}/tests/tc/dp-failures.py" "$@"
