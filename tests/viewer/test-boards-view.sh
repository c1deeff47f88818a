#!/bin/sh
# test-boards-view.sh - the viewer test in boards.py (see its docstring).
exec /usr/bin/python3 "$top_srcdir/tests/viewer/boards.py"
