#!/bin/sh
# tests-listed.sh - every test under tests/ runs in `make check`: each
# tests/**/*.sh script and each tests/**/test-*.c program must be in TESTS
# as the build's Makefile has it (`make print-TESTS`, tests/local.mk), but
# for the helpers named in HELPERS below and the folders configure left out
# (--disable-viewer, --disable-tc).  A test that fell out of a local.mk
# fails here, naming the file and the local.mk it belongs in.

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$(pwd)}"

# Scripts under tests/ that are sourced or run by a test, not tests.
HELPERS="tests/alarm/gen.sh"

# The make running `make check` passes its flags (TESTS='...' included)
# down through the environment: ask the Makefile itself.
out=$(cd "$top_builddir" && MAKEFLAGS= MFLAGS= MAKELEVEL= \
    make -s --no-print-directory print-TESTS) || {
	echo "tests-listed: make print-TESTS failed in $top_builddir" >&2
	exit 99
}
listed=$(printf '%s\n' "$out" | sed -n 's/^TESTS //p' | tr ' ' '\n')
off=$(printf '%s\n' "$out" | sed -n 's/^OFF //p' | tr ' ' '\n')
if [ -z "$listed" ]; then
	echo "tests-listed: print-TESTS listed nothing" >&2
	exit 99
fi

n=0
missing=0
for path in $(cd "$top_srcdir" && find tests \( -name '*.sh' -o \
    -name 'test-*.c' \) -type f | sort); do
	case "$path" in
	*.c) name=${path%.c} ;;
	*) name=$path ;;
	esac
	n=$((n + 1))
	skip=0
	for h in $HELPERS; do
		[ "$path" = "$h" ] && skip=1
	done
	for d in $off; do
		case "$path" in "$d"/*) skip=1 ;; esac
	done
	[ $skip -eq 1 ] && continue
	if ! printf '%s\n' "$listed" | grep -qxF -e "$name" -e "$name.sh"; then
		dir=${path%/*}
		mk=$dir/local.mk
		[ -f "$top_srcdir/$mk" ] || mk="the local.mk that builds $dir"
		echo "FAIL $path: not in TESTS (add $name to TESTS in $mk)"
		missing=$((missing + 1))
	fi
done
echo "tests-listed: $n test files under tests/, $missing not in TESTS"
[ $missing -eq 0 ]
