# progs/: what every program needs and a library must not do -- logging,
# fatal(), allocation that never fails, options that exit on a bad value,
# counters printed, signals, the monotonic clock.  The three programs link
# it before common/libpackter.a.
noinst_LIBRARIES += progs/libprogs.a
progs_libprogs_a_SOURCES = \
	progs/log.h progs/log.c \
	progs/cli.h progs/cli.c \
	progs/stats.h progs/stats.c \
	progs/clock.h progs/clock.c

PROGS_LDADD = progs/libprogs.a common/libpackter.a
