/*
 * cli.h - what the three programs' command lines have in common: numbers in
 * a range and network endpoints.
 *
 * Program helpers, like fatal() in log.h: cli_num() and cli_real() exit with
 * status 2 and a one-line message on a bad value; cli_resolve() returns -1
 * and fills err instead, for callers that report it their own way.
 */
#ifndef PACKTER_CLI_H
#define PACKTER_CLI_H

#include <stddef.h>
#include <sys/socket.h>

long long	 cli_num(const char *opt, const char *s, long long lo, long long hi);
double		 cli_real(const char *opt, const char *s, double lo, double hi);

#define CLI_PASSIVE	0x01	/* for bind(): no host = the wildcard, port 0 ok */
#define CLI_BARE_PORT	0x02	/* "6343" alone is a port, not a host */

/*
 * Split "HOST", "HOST:PORT", "[V6]", "[V6]:PORT", a bare IPv6 address,
 * ":PORT" (passive, as an empty or NULL spec is), or with CLI_BARE_PORT
 * "PORT", into host (empty for the wildcard) and port, without resolving.
 */
int		 cli_split(const char *spec, unsigned default_port, int flags,
		    char *host, size_t hostlen, unsigned *port, char *err,
		    size_t errlen);

/*
 * Resolve "HOST", "HOST:PORT", "[V6]", "[V6]:PORT", a bare IPv6 address,
 * ":PORT" (passive), or with CLI_BARE_PORT "PORT".  The first address
 * getaddrinfo() gives is used.  name (optional) gets "HOST:PORT" or
 * "[V6]:PORT" for messages.  0, or -1 with err filled.
 */
int		 cli_resolve(const char *spec, unsigned default_port, int flags,
		    int socktype, struct sockaddr_storage *ss, socklen_t *len,
		    char *name, size_t namelen, char *err, size_t errlen);

#endif /* PACKTER_CLI_H */
