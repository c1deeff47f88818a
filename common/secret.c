/*
 * secret.c - key files readable by their owner only (secret.h).
 */
#include "config.h"

#include "secret.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "errbuf.h"

int
secret_file_read(const char *path, uint8_t *buf, size_t cap, size_t *len,
    char *err, size_t errlen)
{
	struct stat st;
	uid_t me = geteuid();
	ssize_t n;
	int fd, rc = -1;

	*len = 0;
	/* O_NONBLOCK: a FIFO must not hang us before fstat() refuses it. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd == -1)
		return errbuf_fmt_errno(err, errlen, errno, "%s", path);
	if (fstat(fd, &st) == -1) {
		(void)errbuf_fmt_errno(err, errlen, errno, "%s", path);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		(void)errbuf_fmt(err, errlen, "%s: not a regular file; a key "
		    "must be a plain file, mode 600", path);
		goto out;
	}
	if (st.st_uid != me && st.st_uid != 0) {
		(void)errbuf_fmt(err, errlen, "%s: owned by uid %lu, neither "
		    "the running user (uid %lu) nor root; chown it to one of "
		    "them and chmod 600 it", path, (unsigned long)st.st_uid,
		    (unsigned long)me);
		goto out;
	}
	if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		(void)errbuf_fmt(err, errlen, "%s: mode %03o lets group or "
		    "others at the key; chmod 600 %s", path,
		    (unsigned)(st.st_mode & 0777), path);
		goto out;
	}
	if (st.st_size >= (off_t)cap) {
		(void)errbuf_fmt(err, errlen, "%s: too long for a key (%jd "
		    "bytes, at most %zu)", path, (intmax_t)st.st_size, cap - 1);
		goto out;
	}
	/* The size may have changed since fstat(): read to the end. */
	for (;;) {
		n = read(fd, buf + *len, cap - *len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			(void)errbuf_fmt_errno(err, errlen, errno, "%s", path);
			goto out;
		}
		if (n == 0)
			break;
		*len += (size_t)n;
		if (*len == cap) {
			(void)errbuf_fmt(err, errlen, "%s: too long for a key",
			    path);
			goto out;
		}
	}
	if (*len == 0) {
		(void)errbuf_fmt(err, errlen, "%s: empty; put the key in it "
		    "(e.g. openssl rand -hex 32 > %s)", path, path);
		goto out;
	}
	rc = 0;
out:
	if (rc != 0)
		OPENSSL_cleanse(buf, cap);
	close(fd);
	return rc;
}

int
secret_hex(const uint8_t *text, size_t len, uint8_t *out, size_t want,
    const char *what, char *err, size_t errlen)
{
	char digits[256];
	size_t i, n = 0, got = 0;
	int rc = -1;

	for (i = 0; i < len; i++) {
		if (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
		    text[i] == '\r')
			continue;
		if (n + 1 >= sizeof(digits)) {
			(void)errbuf_fmt(err, errlen, "%s: too long", what);
			goto out;
		}
		digits[n++] = (char)text[i];
	}
	digits[n] = '\0';
	if (n != 2 * want) {
		(void)errbuf_fmt(err, errlen, "%s: want %zu hex digits, got "
		    "%zu characters", what, 2 * want, n);
		goto out;
	}
	/* OpenSSL's reader: pairs of hex digits, nothing between them. */
	if (OPENSSL_hexstr2buf_ex(out, want, &got, digits, '\0') != 1 ||
	    got != want) {
		(void)errbuf_fmt(err, errlen, "%s: not hex digits", what);
		goto out;
	}
	rc = 0;
out:
	OPENSSL_cleanse(digits, sizeof(digits));
	return rc;
}
