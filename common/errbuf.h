/*
 * errbuf.h - the one way library code reports an error: it fills the
 * caller's buffer and returns -1, as libpcap does with its errbuf (and its
 * fmtutils for the errno form).
 *
 * Every function takes err == NULL or errlen == 0 as "the caller does not
 * want the text".  A message cut to fit is still a message.
 */
#ifndef PACKTER_ERRBUF_H
#define PACKTER_ERRBUF_H

#include <stdarg.h>
#include <stddef.h>

/* Enough for any of our messages with a path or a host name in it. */
#define ERRBUF_SIZE	512

/* "message"; returns -1. */
int		 errbuf_fmt(char *err, size_t errlen, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
int		 errbuf_vfmt(char *err, size_t errlen, const char *fmt,
		    va_list ap) __attribute__((format(printf, 3, 0)));
/* "message: strerror(errnum)"; returns -1. */
int		 errbuf_fmt_errno(char *err, size_t errlen, int errnum,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Put "prefix" before the message already in err; returns -1. */
int		 errbuf_prepend(char *err, size_t errlen, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
/* strerror(errnum) without its static buffer: buf holds the text. */
const char	*errno_text(int errnum, char *buf, size_t len);

#endif /* PACKTER_ERRBUF_H */
