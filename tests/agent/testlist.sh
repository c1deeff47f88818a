#!/bin/sh
# testlist.sh - run every case of tests/TESTLIST (tcpdump's TESTLIST style)
# and compare the agent's output with the committed expected output.
#
# A TESTLIST line is
#     NAME CAPTURE ARGS... EXPECTED
# and runs, in tests/captures (committed capture files: made by
# tests/tools/gen-captures.py, or dropped in from a bug report),
#     packter-agent -r CAPTURE ARGS...
# Its output is standard output as it is, then every line of standard
# error prefixed "stderr: ", then "exit: STATUS"; EXPECTED names that text
# under tests/agent/expected/.  Prints one line per case.
#
#     UPDATE=1 testlist.sh      rewrite the expected files from the agent
#                               (then run tshark-oracle.sh before committing)
#     testlist.sh NAME ...      run only these cases

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
: "${PYTHON:=/usr/bin/python3}"

agent="$top_builddir/agent/packter-agent"
list="$top_srcdir/tests/TESTLIST"
expdir="$top_srcdir/tests/agent/expected"
capdir="$top_srcdir/tests/captures"
work="$top_builddir/tests/agent/testlist.out"

if [ ! -x "$agent" ]; then
	echo "testlist: no agent at $agent" >&2
	exit 99
fi
mkdir -p "$work" || exit 99

pass=0
fail=0
status=0
while read -r name cap rest; do
	case "$name" in
	''|'#'*) continue ;;
	esac
	if [ $# -gt 0 ]; then
		want=0
		for n in "$@"; do
			[ "$n" = "$name" ] && want=1
		done
		[ $want -eq 1 ] || continue
	fi
	# The last word is the expected file; the words between are arguments.
	expected=${rest##* }
	case "$rest" in
	*' '*) args=${rest% *} ;;
	*) args= ;;
	esac
	out="$work/$name.out"
	if [ ! -f "$capdir/$cap" ]; then
		echo "$name: FAIL (no capture tests/captures/$cap)"
		fail=$((fail + 1))
		status=1
		continue
	fi
	# shellcheck disable=SC2086  # the arguments are words on purpose
	(cd "$capdir" && timeout 60 "$agent" -r "$cap" $args \
	    >"$out.stdout" 2>"$out.stderr" </dev/null)
	rc=$?
	{
		cat "$out.stdout"
		sed 's/^/stderr: /' "$out.stderr"
		echo "exit: $rc"
	} >"$out"
	rm -f "$out.stdout" "$out.stderr"
	if [ -n "$UPDATE" ]; then
		cp "$out" "$expdir/$expected" || exit 99
		echo "$name: updated $expected"
		pass=$((pass + 1))
		continue
	fi
	if [ ! -f "$expdir/$expected" ]; then
		echo "$name: FAIL (no expected file $expected)"
		fail=$((fail + 1))
		status=1
	elif cmp -s "$out" "$expdir/$expected"; then
		echo "$name: ok"
		pass=$((pass + 1))
	else
		echo "$name: FAIL (output differs from $expected)"
		diff -u "$expdir/$expected" "$out" | head -40 | sed 's/^/    /'
		fail=$((fail + 1))
		status=1
	fi
done <"$list"

echo "testlist: $pass passed, $fail failed"
if [ $((pass + fail)) -eq 0 ]; then
	echo "testlist: no case ran" >&2
	exit 99
fi
exit $status
