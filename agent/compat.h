/*
 * compat.h - the command lines of the PACKTER 2.x agent (pt_agent) that
 * packter-agent still understands.
 *
 * Where an old option letter means something else here, ours stays, and the
 * old form is taken only where it cannot be ours (-s without a number, -U's
 * socket path as the trailing word); --compat 2 takes the old meaning of
 * every letter that has one (-s, -R, -r, -U).  -6 is accepted with a line
 * that says why; -G reads a MaxMind DB, and a file it cannot read (the old
 * GeoLiteCity.dat) is refused with one.  docs/packter-agent.1, COMPATIBILITY.
 */
#ifndef PACKTER_COMPAT_H
#define PACKTER_COMPAT_H

/* The --compat level of a command line (0, or 2), before getopt runs. */
int		 compat_level(int argc, char **argv);

/* getopt's option string for that level (-s takes no value at 2). */
const char	*compat_optstring(int level);

/*
 * -s with the value getopt gave it: 1 when the value is a snaplen (ours),
 * 0 when it is PACKTER 2.x's -s, which took no value (a sound effect per
 * packet); then the word is given back to getopt and the note logged.
 */
int		 compat_s_is_snaplen(const char *optarg, int argc, char **argv);

/* Logged once for the reference's -s (level 2 or recognised). */
void		 compat_note_s(void);
/* -6: the reference's "the viewer is IPv6"; nothing to do here. */
void		 compat_note_ipv6(void);
/*
 * -G FILE that would not open (why: geoip_open's words): exits 2, saying
 * that PACKTER 2.x's legacy GeoLiteCity.dat is not what -G reads here.
 */
void		 compat_geoip_failed(const char *why);

/*
 * -U given without a path: the socket path as the reference took it, the
 * first trailing word, when that word is one (at level 2 always; otherwise
 * when it is the only trailing word, starts with '/' or '.', and no -i or -r
 * would take it as their filter).  Returns it (optind stepped past it), or
 * NULL.
 */
const char	*compat_snort_path(int level, int capture, int argc, char **argv);

#endif /* PACKTER_COMPAT_H */
