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

/* A host name: dot-separated labels of letters, digits, '-' and '_'. */
static int
host_name_ok(const char *s)
{
	size_t len = strlen(s), label = 0, i;
	char c;

	if (len == 0 || len > 253)
		return 0;
	for (i = 0; i <= len; i++) {
		c = s[i];
		if (c == '.' || c == '\0') {
			if (label == 0 && !(c == '\0' && i == len && i > 0 &&
			    s[i - 1] == '.'))
				return 0;
			if (label > 0 && s[i - 1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
		if (label == 0 && c == '-')
			return 0;
		if (++label > 63)
			return 0;
	}
	return 1;
}

int
traceback_bridge_kind(const char *addr, char *why, size_t whylen)
{
	unsigned char tmp[16];
	struct in_addr legacy;

	if (inet_pton(AF_INET, addr, tmp) == 1 ||
	    inet_pton(AF_INET6, addr, tmp) == 1)
		return TB_NUMERIC;
	if (inet_aton(addr, &legacy) != 0) {
		snprintf(why, whylen, "\"%.64s\" is neither an address nor a "
		    "host name (legacy numeric forms are refused: write the "
		    "address in full)", addr);
		return -1;
	}
	if (!host_name_ok(addr)) {
		snprintf(why, whylen, "\"%.64s\" is not an IPv4 or IPv6 "
		    "address or a host name", addr);
		return -1;
	}
	return TB_NAME;
}

int
traceback_request(const char *line, size_t len, size_t desc_off, char *out,
    size_t outcap, size_t *outlen, char addr[TB_ADDR_MAX],
    char md5[TB_MD5_LEN + 1], char *why, size_t whylen)
{
	const char *desc, *a;
	size_t dlen, plen, alen, i, commas = 0;
	int kind;

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
	if (memchr(a, '\0', alen) != NULL) {
		snprintf(why, whylen, "NUL byte in the bridge address");
		return -1;
	}
	if ((kind = traceback_bridge_kind(addr, why, whylen)) == -1)
		return -1;

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
	memcpy(md5, desc, TB_MD5_LEN);
	md5[TB_MD5_LEN] = '\0';
	return kind;
}
