/*
 * traceback.c - build the traceback request for a ball (T); net.c sends it.
 */
#include "config.h"
#include "traceback.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>

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
