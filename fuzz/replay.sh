#!/bin/sh
# fuzz/replay.sh - `make check` without libFuzzer: every input of every seed
# corpus (fuzz/corpus/<target>/, regression inputs of crashes included) through
# the target's one-file replay driver, fuzz/<target>-replay.  A target aborts
# when an invariant breaks, and under --enable-asan ASan and UBSan watch too.
# Also: every target source has a corpus, and every dictionary parses.  A
# target of a part that is not built (fuzz-itm without the bridge) is skipped.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
fail=0
ran_any=0

for src in "$top_srcdir"/fuzz/fuzz-*.c; do
	t=$(basename "$src" .c)
	dir=$top_srcdir/fuzz/corpus/$t
	prog=$top_builddir/fuzz/$t-replay
	if [ ! -d "$dir" ]; then
		echo "FAIL $t: no seed corpus $dir"
		fail=1
		continue
	fi
	if [ ! -x "$prog" ]; then
		echo "skip $t: $prog not built in this configuration"
		continue
	fi
	want=$(find "$dir" -maxdepth 1 -type f ! -name '.*' | wc -l)
	if [ "$want" -eq 0 ]; then
		echo "FAIL $t: empty corpus"
		fail=1
		continue
	fi
	out=$("$prog" "$dir" 2>&1)
	rc=$?
	ran=$(printf '%s\n' "$out" | sed -n 's/^replay: \([0-9]*\) inputs ran$/\1/p')
	if [ "$rc" != 0 ] || [ "${ran:-0}" != "$want" ]; then
		printf '%s\n' "$out" | tail -n 40
		echo "FAIL $t: exit $rc, ${ran:-0} of $want inputs ran"
		fail=1
		continue
	fi
	echo "ok $t: $ran inputs"
	ran_any=1
done
if [ "$ran_any" = 0 ] && [ "$fail" = 0 ]; then
	echo "FAIL: no replay program ran"
	fail=1
fi

# libFuzzer dictionaries: comments, blank lines and [name=]"value" only.
for d in "$top_srcdir"/fuzz/dict/*.dict; do
	[ -f "$d" ] || continue
	bad=$(grep -nEv '^[[:space:]]*(#.*)?$|^[A-Za-z0-9_]*[[:space:]]*=?[[:space:]]*"([^"\\]|\\\\|\\"|\\x[0-9A-Fa-f]{2})*"[[:space:]]*$' "$d")
	if [ -n "$bad" ]; then
		echo "FAIL $(basename "$d"): bad lines:"
		printf '%s\n' "$bad"
		fail=1
	else
		echo "ok $(basename "$d")"
	fi
done
exit $fail
