/*
 * traceback.c - build and send the traceback request for a ball (T).
 */
#include "config.h"
#include "traceback.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int
is_lower_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int
traceback_request(const char *line, size_t len, size_t desc_off, char *out,
    size_t outcap, size_t *outlen, char addr[TB_ADDR_MAX], char *why,
    size_t whylen)
{
	const char *desc, *a;
	size_t dlen, plen, alen, i, commas = 0;
	unsigned char tmp[16];

	if (desc_off > len) {
		snprintf(why, whylen, "no description");
		return -1;
	}
	desc = line + desc_off;
	dlen = len - desc_off;
	while (dlen > 0 && is_blank(desc[0])) {
		desc++;
		dlen--;
	}
	while (dlen > 0 && is_blank(desc[dlen - 1]))
		dlen--;
	if (dlen < TB_MD5_LEN + 2 || desc[TB_MD5_LEN] != '-') {
		snprintf(why, whylen, "no traceback hash in this ball's "
		    "description (the agent runs without -T)");
		return -1;
	}
	for (i = 0; i < TB_MD5_LEN; i++)
		if (!is_lower_hex(desc[i])) {
			snprintf(why, whylen, "the description's hash is not "
			    "32 lowercase hex digits");
			return -1;
		}
	a = desc + TB_MD5_LEN + 1;
	alen = dlen - TB_MD5_LEN - 1;
	if (alen >= TB_ADDR_MAX) {
		snprintf(why, whylen, "bridge address too long");
		return -1;
	}
	memcpy(addr, a, alen);
	addr[alen] = '\0';
	if (inet_pton(AF_INET, addr, tmp) != 1 &&
	    inet_pton(AF_INET6, addr, tmp) != 1) {
		snprintf(why, whylen, "\"%s\" is not an IPv4 or IPv6 address",
		    addr);
		return -1;
	}

	/* The five fields as sent, up to and including the fifth comma. */
	plen = desc_off;
	while (plen > 0 && is_blank(line[plen - 1]))
		plen--;
	for (i = 0; i < plen; i++)
		if (line[i] == ',')
			commas++;
	if (plen == 0 || line[plen - 1] != ',' || commas != 5) {
		snprintf(why, whylen, "malformed record line");
		return -1;
	}
	if (plen + TB_MD5_LEN > outcap) {
		snprintf(why, whylen, "request too long");
		return -1;
	}
	memcpy(out, line, plen);
	memcpy(out + plen, desc, TB_MD5_LEN);
	*outlen = plen + TB_MD5_LEN;
	return 0;
}

int
traceback_send(const char *addr, uint16_t port, const char *msg, size_t len,
    char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t sslen;
	ssize_t n;
	int fd;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sslen = sizeof(*sin);
	} else if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		sslen = sizeof(*sin6);
	} else {
		snprintf(err, errlen, "%s: not an address", addr);
		return -1;
	}
	fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	n = sendto(fd, msg, len, 0, (struct sockaddr *)&ss, sslen);
	if (n == -1 || (size_t)n != len) {
		snprintf(err, errlen, "send to %s port %u: %s", addr, port,
		    n == -1 ? strerror(errno) : "short write");
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}
