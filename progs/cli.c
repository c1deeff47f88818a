/*
 * cli.c - command-line numbers and network endpoints for the programs.
 */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "log.h"

long long
cli_num(const char *opt, const char *s, long long lo, long long hi)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		fatal(2, "%s: '%s' is not a number from %lld to %lld", opt, s,
		    lo, hi);
	return v;
}

double
cli_real(const char *opt, const char *s, double lo, double hi)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(v > lo) || v > hi)
		fatal(2, "%s: '%s' must be a number above %g and at most %g",
		    opt, s, lo, hi);
	return v;
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int
cli_split(const char *spec, unsigned default_port, int flags, char *host,
    size_t hostlen, unsigned *port, char *err, size_t errlen)
{
	const char *portstr = NULL, *close, *colon;
	size_t hlen;
	long v;

	host[0] = '\0';
	if (spec == NULL || *spec == '\0') {
		if (!(flags & CLI_PASSIVE)) {
			snprintf(err, errlen, "no host given");
			return -1;
		}
	} else if ((flags & CLI_BARE_PORT) && all_digits(spec))
		portstr = spec;
	else if (spec[0] == '[') {			/* [v6] or [v6]:port */
		if ((close = strchr(spec, ']')) == NULL) {
			snprintf(err, errlen, "'%s': missing ']'", spec);
			return -1;
		}
		hlen = (size_t)(close - spec - 1);
		if (hlen == 0 || hlen >= hostlen)
			goto bad;
		memcpy(host, spec + 1, hlen);
		host[hlen] = '\0';
		if (close[1] == ':')
			portstr = close + 2;
		else if (close[1] != '\0') {
			snprintf(err, errlen, "'%s': junk after ']'", spec);
			return -1;
		}
	} else if ((colon = strchr(spec, ':')) != NULL &&
	    strchr(colon + 1, ':') == NULL) {		/* host:port, :port */
		hlen = (size_t)(colon - spec);
		if (hlen >= hostlen)
			goto bad;
		memcpy(host, spec, hlen);
		host[hlen] = '\0';
		portstr = colon + 1;
	} else {				/* host, or a bare IPv6 address */
		if (strlen(spec) >= hostlen)
			goto bad;
		memcpy(host, spec, strlen(spec) + 1);
	}
	if (host[0] == '\0' && !(flags & CLI_PASSIVE)) {
		snprintf(err, errlen, "'%s': no host", spec);
		return -1;
	}
	*port = default_port;
	if (portstr != NULL) {
		char *end;

		errno = 0;
		v = strtol(portstr, &end, 10);
		if (errno != 0 || end == portstr || *end != '\0' ||
		    v < ((flags & CLI_PASSIVE) ? 0 : 1) || v > 65535) {
			snprintf(err, errlen, "'%s': bad port '%s' (%d-65535)",
			    spec, portstr, (flags & CLI_PASSIVE) ? 0 : 1);
			return -1;
		}
		*port = (unsigned)v;
	}
	return 0;
bad:
	snprintf(err, errlen, "'%.40s': bad or too long address", spec);
	return -1;
}

int
cli_resolve(const char *spec, unsigned default_port, int flags, int socktype,
    struct sockaddr_storage *ss, socklen_t *len, char *name, size_t namelen,
    char *err, size_t errlen)
{
	char host[256], port[16];
	struct addrinfo hints, *res = NULL;
	unsigned p;
	int rc;

	if (cli_split(spec, default_port, flags, host, sizeof(host), &p, err,
	    errlen) < 0)
		return -1;
	snprintf(port, sizeof(port), "%u", p);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = socktype;
	hints.ai_flags = AI_NUMERICSERV | ((flags & CLI_PASSIVE) ? AI_PASSIVE : 0);
	rc = getaddrinfo(host[0] != '\0' ? host : NULL, port, &hints, &res);
	if (rc != 0) {
		snprintf(err, errlen, "'%s': %s", host[0] ? host : spec,
		    gai_strerror(rc));
		return -1;
	}
	if (res->ai_addrlen > sizeof(*ss)) {
		freeaddrinfo(res);
		snprintf(err, errlen, "'%s': address too long", spec);
		return -1;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	if (name != NULL)
		snprintf(name, namelen, "%s%s%s:%s",
		    ss->ss_family == AF_INET6 ? "[" : "",
		    host[0] ? host : (ss->ss_family == AF_INET6 ? "::" : "0.0.0.0"),
		    ss->ss_family == AF_INET6 ? "]" : "", port);
	return 0;
}
