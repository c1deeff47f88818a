#!/bin/sh
# test-rooms.sh - the viewer's rooms keep to their layers (docs/HACKING.md,
# "The viewer's rooms"): what each room's library asks the linker for, and
# what each room's sources include.
#
#   viewer/core   no SDL, no GL, no sockets, no files, no clock, no threads
#   viewer/media  no GL
#   viewer/       the edges: GL only through viewer/gl
#   a room includes headers of its own room and of the rooms before it
#   (core < media < gl < the edges), never by a path into another room
set -u
b=${top_builddir:-.}
s=${top_srcdir:-..}
fail=0

undefined() {
	nm -u "$1" | awk 'NF == 2 && $1 == "U" { print $2 }' | sort -u
}

# lib forbidden-regex what
check_lib() {
	if [ ! -f "$1" ]; then
		echo "FAIL: $1 not built"
		fail=1
		return
	fi
	bad=$(undefined "$1" | grep -E "$2" || true)
	if [ -n "$bad" ]; then
		echo "FAIL: $1 uses $3:" $bad
		fail=1
	else
		echo "ok: $1 uses no $3"
	fi
}

check_lib "$b/viewer/core/libviewercore.a" \
    '^(SDL_|IMG_|TTF_|Mix_|gl[A-Z]|__glew|glew|socket$|sendto$|recv|bind$|connect$|poll$|open$|openat$|fopen|read$|write$|clock_gettime$|time$|gettimeofday$|pthread_|xml|espeak_)' \
    "SDL, GL, sockets, files, clocks or threads"
check_lib "$b/viewer/media/libviewermedia.a" '^(gl[A-Z]|__glew|glew)' "GL"
# The edges call GL only through gl/ (SDL_GL_* is SDL's window side).
for f in "$s"/viewer/*.c; do
	n=$(basename "$f" .c)
	check_lib "$b/viewer/packter_viewer-$n.o" '^(gl[A-Z]|__glew|glew)' "GL"
done

# The rooms' order; a room may include the headers of those before it.
rooms="core media gl ."
allowed=""
for room in $rooms; do
	dir="$s/viewer/$room"
	allowed="$allowed $dir"
	for f in "$dir"/*.c "$dir"/*.h; do
		[ -f "$f" ] || continue
		for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
			case "$h" in
			*/*)
				echo "FAIL: $f includes \"$h\" by a path"
				fail=1
				continue ;;
			config.h)
				continue ;;
			esac
			found=no
			for d in $allowed "$s/common" "$s/progs"; do
				[ -f "$d/$h" ] && found=yes
			done
			if [ "$found" = no ]; then
				echo "FAIL: $f includes \"$h\", not of its" \
				    "room or one before it"
				fail=1
			fi
		done
		case "$room" in
		core) pat='^#include <(SDL|GL/|EGL|pthread|libxml|espeak)' ;;
		media) pat='^#include <(GL/|EGL)' ;;
		*) pat='' ;;
		esac
		if [ -n "$pat" ] && grep -Eq "$pat" "$f"; then
			echo "FAIL: $f:" $(grep -E "$pat" "$f")
			fail=1
		fi
	done
done
[ "$fail" = 0 ] && echo "ok: every room includes only its own and earlier rooms"
exit $fail
