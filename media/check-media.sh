#!/bin/sh
# check-media.sh - every generated file of media/ decodes (PNG CRCs and
# sizes, the JPEG's frame, WAV lengths and not silence), the models follow
# models/flag-<N>.obj + .png and are unit-length missiles along +x, README
# names every file, and the whole is under 3 MiB (make-media.py --check).

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${PYTHON:=/usr/bin/python3}"

exec "$PYTHON" "$top_srcdir/media/make-media.py" --check "$top_srcdir/media"
