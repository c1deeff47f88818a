/*
 * asan-nodlclose.c - linked into the viewer of --enable-asan builds only:
 * dlclose() that keeps the library loaded.
 *
 * SDL and libglvnd unload the GL driver (Mesa, LLVM) before the program
 * exits.  LeakSanitizer then finds the driver's own allocations but can no
 * longer name the library they came from ("<unknown module>"), so neither a
 * suppression nor a reader can tell them from ours.  With the libraries kept
 * loaded, that memory stays reachable and is not reported at all, while a
 * leak in our code still is.  Defined in the executable, this dlclose()
 * interposes on the C library's for every shared library.
 */
#include "config.h"

int	dlclose(void *);

int
dlclose(void *handle)
{
	(void)handle;
	return 0;
}
