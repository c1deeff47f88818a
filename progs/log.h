/*
 * log.h - the programs' logging: stderr or syslog, levels, rate limiting,
 * fatal() and allocation that never fails.
 *
 * progs/ is what every program needs and a library must not do; common/
 * never includes it (its code returns errors to the caller, errbuf.h).  A
 * program calls log_init() once; fatal() is how a program dies with a
 * message.
 */
#ifndef PACKTER_LOG_H
#define PACKTER_LOG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

enum log_level { LOG_LVL_ERR, LOG_LVL_WARN, LOG_LVL_INFO, LOG_LVL_DEBUG };

void	log_init(const char *progname, int debug, int use_syslog);
void	log_msg(enum log_level, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
#define log_err(...)	log_msg(LOG_LVL_ERR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_LVL_DEBUG, __VA_ARGS__)
int	log_debugging(void);

/* The same, with ": strerror(errnum)" after the message. */
void	log_errno(enum log_level, int errnum, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* Print "progname: message" and exit with status. */
void	fatal(int status, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3), noreturn));
/* The same, with ": strerror(errnum)" after the message. */
void	fatal_errno(int status, int errnum, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4), noreturn));

/*
 * Rate limiting for errors a peer can cause: at most burst messages per
 * interval seconds; the rest are counted and summarised when it reopens.
 * A struct ratelimit per error site, zero-initialised.
 */
struct ratelimit {
	int64_t		 window_start;	/* seconds */
	unsigned	 in_window;
	uint64_t	 suppressed;
};
#define RL_INTERVAL	5
#define RL_BURST	5
void	log_limited(struct ratelimit *, enum log_level, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* Allocation that never returns NULL (fatal on failure, overflow checked). */
#define X_ALLOC	__attribute__((malloc, returns_nonnull, warn_unused_result))
void	*xmalloc(size_t) X_ALLOC __attribute__((alloc_size(1)));
void	*xcalloc(size_t nmemb, size_t size) X_ALLOC
	    __attribute__((alloc_size(1, 2)));
void	*xreallocarray(void *, size_t nmemb, size_t size)
	    __attribute__((returns_nonnull, warn_unused_result,
	    alloc_size(2, 3)));
char	*xstrdup(const char *) X_ALLOC;

#endif /* PACKTER_LOG_H */
