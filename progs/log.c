/*
 * log.c - logging for the programs: stderr or syslog, rate limiting, fatal(),
 * and allocation that never returns NULL.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "errbuf.h"
#include "log.h"

static const char *log_prog = "packter";
static int log_debug_on;
static int log_syslog;

void
log_init(const char *progname, int debug, int use_syslog)
{
	const char *slash;

	if (progname != NULL) {
		slash = strrchr(progname, '/');
		log_prog = slash != NULL ? slash + 1 : progname;
	}
	log_debug_on = debug;
	log_syslog = use_syslog;
	if (use_syslog)
		openlog(log_prog, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

int
log_debugging(void)
{
	return log_debug_on;
}

static void
log_vmsg(enum log_level lvl, const char *fmt, va_list ap)
{
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	char buf[1024];

	if (lvl == LOG_LVL_DEBUG && !log_debug_on)
		return;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (log_syslog)
		syslog(prio[lvl], "%s", buf);
	else
		fprintf(stderr, "%s: %s\n", log_prog, buf);
}

void
log_msg(enum log_level lvl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(lvl, fmt, ap);
	va_end(ap);
}

void
fatal(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_LVL_ERR, fmt, ap);
	va_end(ap);
	exit(status);
}

void
log_errno(enum log_level lvl, int errnum, const char *fmt, ...)
{
	char buf[ERRBUF_SIZE], ebuf[128];
	va_list ap;

	va_start(ap, fmt);
	(void)errbuf_vfmt(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_msg(lvl, "%s: %s", buf, errno_text(errnum, ebuf, sizeof(ebuf)));
}

void
fatal_errno(int status, int errnum, const char *fmt, ...)
{
	char buf[ERRBUF_SIZE], ebuf[128];
	va_list ap;

	va_start(ap, fmt);
	(void)errbuf_vfmt(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fatal(status, "%s: %s", buf, errno_text(errnum, ebuf, sizeof(ebuf)));
}

void
log_limited(struct ratelimit *rl, enum log_level lvl, const char *fmt, ...)
{
	struct timespec ts;
	va_list ap;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (ts.tv_sec - rl->window_start >= RL_INTERVAL) {
		if (rl->suppressed != 0)
			log_msg(lvl, "(%llu similar messages suppressed)",
			    (unsigned long long)rl->suppressed);
		rl->window_start = ts.tv_sec;
		rl->in_window = 0;
		rl->suppressed = 0;
	}
	if (rl->in_window >= RL_BURST) {
		rl->suppressed++;
		return;
	}
	rl->in_window++;
	va_start(ap, fmt);
	log_vmsg(lvl, fmt, ap);
	va_end(ap);
}

void *
xmalloc(size_t size)
{
	void *p;

	if (size == 0)
		size = 1;
	if ((p = malloc(size)) == NULL)
		fatal(1, "out of memory allocating %zu bytes", size);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = calloc(nmemb, size)) == NULL)
		fatal(1, "out of memory allocating %zu x %zu bytes", nmemb, size);
	return p;
}

void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void *p;

	if (size != 0 && nmemb > SIZE_MAX / size)
		fatal(1, "allocation of %zu x %zu bytes overflows", nmemb, size);
	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = realloc(ptr, nmemb * size)) == NULL)
		fatal(1, "out of memory allocating %zu x %zu bytes", nmemb, size);
	return p;
}

char *
xstrdup(const char *s)
{
	char *p;

	if ((p = strdup(s)) == NULL)
		fatal(1, "out of memory copying a string");
	return p;
}
