#!/bin/sh
# tests/tc/requests.sh - the bridge against the DP peer: see requests.py.
PYTHONDONTWRITEBYTECODE=1 exec /usr/bin/python3 "${top_srcdir:-.}/tests/tc/requests.py" "$@"
