/*
 * compat.c - PACKTER 2.x command lines (compat.h).
 *
 * The reference agent, pt_agent of PACKTER 2.6, reads
 *
 *     pt_agent -v VIEWER [-p PORT] [-i IFACE | -r FILE] [-f BASE] [-u USER]
 *              [-U [-S]] [-d] [-R N] [-T BRIDGE] [-G GEOLITECITY.dat] [-s]
 *              [-n] [-6] [FILTER | SOCKET-PATH]
 *
 * Most letters mean here what they meant there.  These do not:
 *
 *   -s      there: a PACKTERSE "se<class>.wav" after every record; here the
 *           snaplen, which takes a number (so -s without one is the old -s)
 *   -R N    there: skip a random 0..N-1 packets before each one sent (one in
 *           (N+1)/2 on average); here one in N at random (--random-gap N is
 *           the old one)
 *   -r F    there: as fast as the file reads; here paced as captured
 *   -U      there: the trailing word is the socket path; here a path after
 *           -U, and trailing words are a filter
 *   -6      there: the viewer address is IPv6; here any -v may be IPv6
 *   -G F    there: PACKTEARTH records placed by a legacy GeoIP file
 *           (GeoLiteCity.dat); here a MaxMind DB (GeoLite2-City.mmdb) places
 *           them in a PACKTERGEO line, and a .dat is refused in words
 */
#include "config.h"

#include "compat.h"

#include <string.h>
#include <unistd.h>

#include "log.h"

int
compat_level(int argc, char **argv)
{
	const char *v = NULL;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--compat") == 0 && i + 1 < argc)
			v = argv[++i];
		else if (strncmp(argv[i], "--compat=", 9) == 0)
			v = argv[i] + 9;
		else if (strcmp(argv[i], "--compat") == 0)
			fatal(2, "option '--compat' needs a value (see --help)");
	}
	if (v == NULL)
		return 0;
	if (strcmp(v, "2") == 0)
		return 2;
	fatal(2, "--compat '%s': the only level is 2 (the PACKTER 2.x "
	    "meanings of -s, -R, -r and -U)", v);
	return 0;
}

const char *
compat_optstring(int level)
{
	if (level >= 2)
		return "+:i:r:v:p:nf:R:T:sB:u:Z:U::SA:K:G:6dqhV";
	return "+:i:r:v:p:nf:R:T:s:B:u:Z:U::SA:K:G:6dqhV";
}

static int
is_number(const char *s)
{
	return s[0] != '\0' && strspn(s, "0123456789") == strlen(s);
}

void
compat_note_s(void)
{
	static int noted;

	if (noted++)
		return;
	log_info("-s without a number is PACKTER 2.x's -s: a PACKTERSE "
	    "se<class>.wav after every record (--se-per-packet); -s N sets "
	    "the snaplen here");
}

int
compat_s_is_snaplen(const char *optarg, int argc, char **argv)
{
	if (is_number(optarg))
		return 1;
	/* A word of its own ("-s -i eth0"): give it back to getopt. */
	if (optind > 1 && optind <= argc && argv[optind - 1] == optarg)
		optind--;
	else
		return 1;	/* "-sX": not the old form; let -s refuse it */
	compat_note_s();
	return 0;
}

void
compat_note_ipv6(void)
{
	log_info("-6 is PACKTER 2.x's 'the viewer address is IPv6': -v takes "
	    "IPv6 addresses as they are here; ignored");
}

void
compat_geoip_failed(const char *why)
{
	fatal(2, "-G: %s (-G reads a MaxMind DB such as GeoLite2-City.mmdb; "
	    "PACKTER 2.x's GeoLiteCity.dat, the legacy GeoIP format, is not "
	    "read: its successor is)", why);
}

const char *
compat_snort_path(int level, int capture, int argc, char **argv)
{
	const char *w;

	if (optind >= argc)
		return NULL;
	w = argv[optind];
	if (level < 2 && (capture || optind + 1 != argc ||
	    (w[0] != '/' && w[0] != '.')))
		return NULL;
	optind++;
	log_info("-U ... %s: the socket path as PACKTER 2.x's -U took it "
	    "(the trailing word); here it is written -U %s", w, w);
	return w;
}
