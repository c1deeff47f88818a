#!/bin/sh
# captures.sh - the DoS alarms (agent/alarm.c) on generated captures, through
# the unit test's capture mode: ordinary traffic raises no alarm, a SYN flood
# exactly one naming its target, an IPv6 UDP flood one naming its target.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
: "${PYTHON:=/usr/bin/python3}"

test="$top_builddir/tests/alarm/test-alarm"
if [ ! -x "$test" ]; then
	echo "captures: no $test" >&2
	exit 99
fi
. "$top_srcdir/tests/alarm/gen.sh"
exec "$test" "$capdir"
