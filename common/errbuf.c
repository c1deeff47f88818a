/*
 * errbuf.c - fill a caller's error buffer (errbuf.h).
 */
#include "config.h"

#include "errbuf.h"

#include <stdio.h>
#include <string.h>

int
errbuf_vfmt(char *err, size_t errlen, const char *fmt, va_list ap)
{
	if (err != NULL && errlen > 0)
		(void)vsnprintf(err, errlen, fmt, ap);
	return -1;
}

int
errbuf_fmt(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)errbuf_vfmt(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

const char *
errno_text(int errnum, char *buf, size_t len)
{
	/* The GNU strerror_r returns its text, in buf or a static string. */
	const char *s = strerror_r(errnum, buf, len);

	return s != NULL ? s : "unknown error";
}

int
errbuf_fmt_errno(char *err, size_t errlen, int errnum, const char *fmt, ...)
{
	char ebuf[128];
	va_list ap;
	int k;

	if (err == NULL || errlen == 0)
		return -1;
	va_start(ap, fmt);
	k = vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= errlen)
		return -1;
	(void)snprintf(err + k, errlen - (size_t)k, ": %s",
	    errno_text(errnum, ebuf, sizeof(ebuf)));
	return -1;
}

int
errbuf_prepend(char *err, size_t errlen, const char *fmt, ...)
{
	char old[ERRBUF_SIZE];
	va_list ap;
	int k;

	if (err == NULL || errlen == 0)
		return -1;
	(void)snprintf(old, sizeof(old), "%s", err);
	va_start(ap, fmt);
	k = vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	if (k >= 0 && (size_t)k < errlen)
		(void)snprintf(err + k, errlen - (size_t)k, "%s", old);
	return -1;
}
