/*
 * auth-tool.c - common/auth.c from the command line, for tests/auth/interop.py.
 *
 *   auth-tool sign -k KEYFILE -i ID -t TIME [-b BOOT -n SEQ]
 *                                  < payload  > signed datagram
 *   auth-tool mac -k KEYFILE -i ID -t TIME [-b BOOT -n SEQ]
 *                                  < signed part > hex MAC
 *       (-b, hex, and -n, decimal: the sequenced form; else the old one)
 *   auth-tool verify [-r] [-w WINDOW] [-c LEGACY] -t NOW -a ID=KEYFILE ...
 *       FILE ...     one line per datagram file: "FILE RESULT", in order,
 *                    through one verifier (so a repeated file is a replay)
 *   auth-tool key KEYFILE                     "LEN HEX", or the error
 *
 * Exit 0, 1 on a refused key or a failure, 2 on a usage error.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "log.h"
#include "protocol.h"

static void
usage(void)
{
	fprintf(stderr,
	    "usage: auth-tool sign|mac -k KEYFILE -i ID -t TIME "
	    "[-b BOOT -n SEQ]\n"
	    "       auth-tool verify [-r] [-w WINDOW] [-c LEGACY] -t NOW "
	    "-a ID=KEYFILE ... FILE ...\n"
	    "       auth-tool key KEYFILE\n");
	exit(2);
}

static int64_t
number(const char *s, int64_t min, int64_t max)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "auth-tool: bad number \"%s\"\n", s);
		exit(2);
	}
	return v;
}

/* An unsigned 64-bit number in base (16 or 10), all of s. */
static uint64_t
unumber(const char *s, int base)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, base);
	if (errno != 0 || end == s || *end != '\0' || s[0] == '-') {
		fprintf(stderr, "auth-tool: bad number \"%s\"\n", s);
		exit(2);
	}
	return v;
}

/* A whole file (or stdin) of at most PT_MAX_DATAGRAM bytes. */
static size_t
slurp(FILE *f, char *buf, const char *name)
{
	size_t n = fread(buf, 1, PT_MAX_DATAGRAM + 1, f);

	if (ferror(f) || n > PT_MAX_DATAGRAM) {
		fprintf(stderr, "auth-tool: %s: unreadable or too long\n", name);
		exit(1);
	}
	return n;
}

static void
load(const char *path, struct auth_key *k)
{
	char err[AUTH_ERRBUF_SIZE];

	memset(k, 0, sizeof(*k));
	if (auth_key_load(path, k, err, sizeof(err)) == -1) {
		fprintf(stderr, "auth-tool: %s\n", err);
		exit(1);
	}
}

static int
cmd_sign(int argc, char **argv, int mac_only)
{
	static char buf[PT_MAX_DATAGRAM + AUTH_LINE_MAX];
	const char *keyfile = NULL, *id = NULL;
	struct auth_stamp st = { -1, false, 0, 0 };
	int have_boot = 0, have_seq = 0;
	struct auth_key k;
	uint8_t mac[AUTH_MAC_LEN];
	size_t len, n, i;
	int ch;

	while ((ch = getopt(argc, argv, "b:k:i:n:t:")) != -1) {
		switch (ch) {
		case 'b':
			st.boot = unumber(optarg, 16);
			have_boot = 1;
			break;
		case 'n':
			st.seq = unumber(optarg, 10);
			have_seq = 1;
			break;
		case 'k':
			keyfile = optarg;
			break;
		case 'i':
			id = optarg;
			break;
		case 't':
			st.time = number(optarg, 0, INT64_MAX);
			break;
		default:
			usage();
		}
	}
	if (keyfile == NULL || id == NULL || st.time < 0 || optind != argc ||
	    have_boot != have_seq)
		usage();
	st.has_seq = have_seq;
	load(keyfile, &k);
	len = slurp(stdin, buf, "stdin");
	if (mac_only) {
		if (auth_mac(&k, id, strlen(id), &st, buf, len, mac) == -1) {
			fprintf(stderr, "auth-tool: cannot compute the MAC\n");
			return 1;
		}
		for (i = 0; i < sizeof(mac); i++)
			printf("%02x", mac[i]);
		printf("\n");
	} else {
		n = auth_sign_prepend(buf, len, sizeof(buf), id, &k, &st);
		if (n == 0) {
			fprintf(stderr, "auth-tool: cannot sign (bad id?)\n");
			return 1;
		}
		fwrite(buf, 1, n, stdout);
	}
	auth_key_free(&k);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int
cmd_verify(int argc, char **argv)
{
	static char buf[PT_MAX_DATAGRAM + 1];
	struct auth_opts o = AUTH_OPTS_DEFAULT;
	struct auth_verifier *v;
	struct pt_parser ps;
	char err[AUTH_ERRBUF_SIZE];
	const char *specs[AUTH_MAX_KEYS];
	unsigned nspec = 0, i;
	int64_t now = -1;
	FILE *f;
	size_t len;
	int ch;

	while ((ch = getopt(argc, argv, "a:c:rt:w:")) != -1) {
		switch (ch) {
		case 'a':
			if (nspec == AUTH_MAX_KEYS)
				usage();
			specs[nspec++] = optarg;
			break;
		case 'c':
			o.legacy_max = (size_t)number(optarg, 1,
			    AUTH_MAX_LEGACY);
			break;
		case 'r':
			o.require = true;
			break;
		case 't':
			now = number(optarg, 0, INT64_MAX);
			break;
		case 'w':
			o.window = number(optarg, 0, 86400);
			break;
		default:
			usage();
		}
	}
	if (now < 0 || optind == argc)
		usage();
	v = auth_verifier_new(&o);
	for (i = 0; i < nspec; i++) {
		if (auth_verifier_add_key(v, specs[i], err, sizeof(err)) == -1) {
			fprintf(stderr, "auth-tool: %s\n", err);
			auth_verifier_free(v);
			return 1;
		}
	}
	for (; optind < argc; optind++) {
		if ((f = fopen(argv[optind], "rb")) == NULL) {
			fprintf(stderr, "auth-tool: %s: %s\n", argv[optind],
			    strerror(errno));
			auth_verifier_free(v);
			return 1;
		}
		len = slurp(f, buf, argv[optind]);
		fclose(f);
		pt_parse_begin(&ps, buf, len);
		printf("%s %s\n", argv[optind],
		    auth_result_name(auth_check(v, &ps, now)));
	}
	auth_verifier_free(v);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int
cmd_key(int argc, char **argv)
{
	struct auth_key k;
	size_t i;

	if (argc != 2)
		usage();
	load(argv[1], &k);
	printf("%zu ", k.len);
	for (i = 0; i < k.len; i++)
		printf("%02x", k.bytes[i]);
	printf("\n");
	auth_key_free(&k);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	if (strcmp(argv[1], "sign") == 0)
		return cmd_sign(argc - 1, argv + 1, 0);
	if (strcmp(argv[1], "mac") == 0)
		return cmd_sign(argc - 1, argv + 1, 1);
	if (strcmp(argv[1], "verify") == 0)
		return cmd_verify(argc - 1, argv + 1);
	if (strcmp(argv[1], "key") == 0)
		return cmd_key(argc - 1, argv + 1);
	usage();
}
