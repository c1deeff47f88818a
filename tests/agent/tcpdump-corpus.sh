#!/bin/sh
# tcpdump-corpus.sh - every capture of tcpdump's regression suite
# ($top_srcdir/tests/data/tcpdump, carried in the tree, or the folder
# $PACKTER_CORPUS names) through
#     packter-agent -r FILE --fast -n -q
# Each must end with exit 0, or 1 (a damaged file: the error names it), or
# 2 (a link type the agent does not decode, or a file it cannot read: one
# line); never a signal, never a hang (timeout 10 s each), never a
# sanitizer report.  A missing or empty corpus is an error (99).  Prints
# one line per file that is not a plain success, and a summary.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
: "${PACKTER_CORPUS:=$top_srcdir/tests/data/tcpdump}"

agent="$top_builddir/agent/packter-agent"
if [ ! -x "$agent" ]; then
	echo "tcpdump-corpus: no agent at $agent" >&2
	exit 99
fi
if [ ! -d "$PACKTER_CORPUS" ]; then
	echo "tcpdump-corpus: no capture corpus at $PACKTER_CORPUS" >&2
	exit 99
fi

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

# Sanitizers, if the agent was built with them, must stop loudly.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}abort_on_error=0:exitcode=86"
UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:halt_on_error=1:exitcode=87"
export ASAN_OPTIONS UBSAN_OPTIONS

n=0
ok=0
damaged=0
unsupported=0
bad=0
for f in "$PACKTER_CORPUS"/*; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	timeout 10 "$agent" -r "$f" --fast -n -q >/dev/null 2>"$tmp/err" \
	    </dev/null
	rc=$?
	name=$(basename "$f")
	why=
	if grep -q -e 'AddressSanitizer' -e 'LeakSanitizer' \
	    -e 'runtime error:' -e 'UndefinedBehaviorSanitizer' "$tmp/err"; then
		why="sanitizer report"
	fi
	case $rc in
	0)
		# -q: nothing on stderr unless something went wrong.
		if [ -z "$why" ] && [ -s "$tmp/err" ]; then
			why="exit 0 but stderr: $(head -c 200 "$tmp/err")"
		fi
		[ -z "$why" ] && ok=$((ok + 1))
		;;
	1)
		if [ -z "$why" ] && ! grep -q "$name" "$tmp/err"; then
			why="exit 1 without naming the file"
		fi
		if [ -z "$why" ]; then
			damaged=$((damaged + 1))
			echo "$name: damaged: $(grep -m1 "$name" "$tmp/err")"
		fi
		;;
	2)
		if [ -z "$why" ] && [ "$(wc -l <"$tmp/err")" -ne 1 ]; then
			why="exit 2 with $(wc -l <"$tmp/err") lines on stderr"
		fi
		if [ -z "$why" ] && ! grep -q "$name" "$tmp/err"; then
			why="exit 2 without naming the file"
		fi
		if [ -z "$why" ]; then
			unsupported=$((unsupported + 1))
			echo "$name: refused: $(cat "$tmp/err")"
		fi
		;;
	124)
		why="hung (killed after 10 s)"
		;;
	*)
		if [ $rc -gt 128 ]; then
			why="killed by signal $((rc - 128))"
		else
			why="exit status $rc"
		fi
		;;
	esac
	if [ -n "$why" ]; then
		bad=$((bad + 1))
		echo "$name: FAIL: $why"
		sed 's/^/    /' "$tmp/err" | head -20
	fi
done

echo "tcpdump-corpus: $n files: $ok read, $damaged damaged (exit 1)," \
    "$unsupported refused (exit 2), $bad failed"
if [ $n -eq 0 ]; then
	echo "tcpdump-corpus: the corpus at $PACKTER_CORPUS is empty" >&2
	exit 99
fi
[ $bad -eq 0 ]
