#!/bin/sh
# tests/compat/reference.sh - packter-agent as a drop-in for PACKTER 2.x
# sites, judged by the reference viewer's rules: see reference.py.
PYTHONDONTWRITEBYTECODE=1 exec /usr/bin/python3 \
    "${top_srcdir:-.}/tests/compat/reference.py" "$@"
