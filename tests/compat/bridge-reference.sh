#!/bin/sh
# tests/compat/bridge-reference.sh - every message packter-tc sends to the
# viewer (pt_encode_control) is taken by the reference viewer's rules: see
# bridge-reference.py.  Skipped when the bridge is not built.
if [ ! -x "${top_builddir:-.}/tc-bridge/packter-tc" ]; then
	echo "SKIP: no packter-tc in this build"
	exit 77
fi
PYTHONDONTWRITEBYTECODE=1 exec /usr/bin/python3 \
    "${top_srcdir:-.}/tests/compat/bridge-reference.py" "$@"
