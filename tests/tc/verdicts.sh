#!/bin/sh
# tests/tc/verdicts.sh - the bridge against the DP peer: see verdicts.py.
PYTHONDONTWRITEBYTECODE=1 exec /usr/bin/python3 "${top_srcdir:-.}/tests/tc/verdicts.py" "$@"
