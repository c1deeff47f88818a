/*
 * source-snort.c - Snort alerts from its alert_unixsock output: the Unix
 * datagram socket Snort writes one Alertpkt to per alert (decoded by
 * snort.c).  See ../shared/SNORT.md.
 */
#include "config.h"

#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "agent.h"
#include "errbuf.h"
#include "log.h"
#include "snort.h"

#define SNORT_DEFAULT_PATH	"/var/log/snort/snort_alert"
#define SNORT_BUFSZ		(SNORT_SIZE_APPID + 8)
#define SNORT_BUDGET		64	/* alerts per run() */
#define SNORT_RCVBUF		(4 << 20)

struct snort_source {
	struct source		 src;
	int			 fd;
	char			*path;
	dev_t			 dev;		/* our socket file, to unlink */
	ino_t			 ino;
	uint8_t			*buf;
	struct snort_decoder	 dec;
	struct ratelimit	 rl_recv;
};

static int
snort_fd(struct source *s)
{
	return ((struct snort_source *)s)->fd;
}

static enum source_status
snort_run(struct source *s, struct agent *ag, int64_t now_us, int64_t *wake_us)
{
	struct snort_source *ss = (struct snort_source *)s;
	char ebuf[128];
	ssize_t r;
	int i;

	*wake_us = SRC_NO_WAKE;
	for (i = 0; i < SNORT_BUDGET; i++) {
		/* MSG_TRUNC: the datagram's real size, even if larger. */
		r = recv(ss->fd, ss->buf, SNORT_BUFSZ, MSG_DONTWAIT | MSG_TRUNC);
		if (r < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return SRC_MORE;
			if (errno == EINTR)
				continue;
			ss->dec.c[SN_RECV_ERRORS]++;
			log_limited(&ss->rl_recv, LOG_LVL_WARN, "%s: receive: "
			    "%s", ss->dec.name, errno_text(errno, ebuf,
			    sizeof(ebuf)));
			return SRC_MORE;
		}
		ss->dec.c[SN_DATAGRAMS]++;
		snort_decode(&ss->dec, ag, ss->buf, (size_t)r);
	}
	*wake_us = now_us;		/* more may wait: yield, come back */
	return SRC_MORE;
}

static void
snort_stats(struct source *s, FILE *f)
{
	struct snort_source *ss = (struct snort_source *)s;
	snort_decoder_stats(&ss->dec, f);
}

static void
snort_close(struct source *s)
{
	struct snort_source *ss = (struct snort_source *)s;
	struct stat sb;

	if (ss->fd >= 0) {
		close(ss->fd);
		/* Remove the socket file if it is still the one we made. */
		if (lstat(ss->path, &sb) == 0 && S_ISSOCK(sb.st_mode) &&
		    sb.st_dev == ss->dev && sb.st_ino == ss->ino &&
		    unlink(ss->path) < 0)
			log_errno(LOG_LVL_WARN, errno, "cannot remove %s",
			    ss->path);
	}
	free(ss->path);
	free(ss->buf);
	free(ss);
}

static const struct source_ops snort_ops = {
	.name = "snort",
	.fd = snort_fd,
	.run = snort_run,
	.stats = snort_stats,
	.close = snort_close,
};

/*
 * Bind the socket at path: a stale socket file is replaced, a live one (a
 * reader still bound: connect(2) succeeds) or anything that is not a socket
 * is left alone.  Mode 0660 at most, set by the umask at bind(2) time.
 */
static int
snort_bind(struct snort_source *ss, char *err, size_t errlen)
{
	struct sockaddr_un sun;
	struct stat sb;
	char ebuf[128];
	mode_t old;
	int fd, probe, size = SNORT_RCVBUF, rc;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(ss->path) >= sizeof(sun.sun_path)) {
		(void)errbuf_fmt(err, errlen, "-U: '%s' is too long for a socket path "
		    "(at most %zu bytes)", ss->path, sizeof(sun.sun_path) - 1);
		return -1;
	}
	memcpy(sun.sun_path, ss->path, strlen(ss->path) + 1);
	if (lstat(ss->path, &sb) == 0) {
		if (!S_ISSOCK(sb.st_mode)) {
			(void)errbuf_fmt(err, errlen, "-U: '%s' exists and is not a "
			    "socket: not replacing it", ss->path);
			return -1;
		}
		probe = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (probe >= 0) {
			rc = connect(probe, (struct sockaddr *)&sun,
			    sizeof(sun));
			close(probe);
			if (rc == 0) {
				(void)errbuf_fmt(err, errlen, "-U: another program "
				    "reads alerts at '%s'", ss->path);
				return -1;
			}
		}
		if (unlink(ss->path) < 0) {
			return errbuf_fmt_errno(err, errlen, errno, "-U: cannot "
			    "replace the old socket '%s'", ss->path);
		}
		log_info("snort: replaced the stale socket %s", ss->path);
	} else if (errno != ENOENT) {
		return errbuf_fmt_errno(err, errlen, errno, "-U: '%s'",
		    ss->path);
	}
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		return errbuf_fmt_errno(err, errlen, errno, "-U: socket");
	}
	old = umask(0117);
	rc = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (rc < 0) {
		(void)errbuf_fmt(err, errlen, "-U: cannot create '%s': %s%s",
		    ss->path, errno_text(errno, ebuf, sizeof(ebuf)),
		    errno == ENOENT ?
		    " (create its directory, or give -U PATH)" : "");
		close(fd);
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size,
	    sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (lstat(ss->path, &sb) == 0) {
		ss->dev = sb.st_dev;
		ss->ino = sb.st_ino;
	}
	ss->fd = fd;
	log_info("snort: listening on %s", ss->path);
	return 0;
}

struct source *
source_snort_open(const char *path, int incident_desc, char *err,
    size_t errlen)
{
	struct snort_source *ss = xcalloc(1, sizeof(*ss));
	char name[sizeof(ss->dec.name)];

	ss->src.ops = &snort_ops;
	ss->fd = -1;
	ss->path = xstrdup(path != NULL ? path : SNORT_DEFAULT_PATH);
	(void)snprintf(name, sizeof(name), "snort %s", ss->path);
	snort_decoder_init(&ss->dec, name, incident_desc);
	if (snort_bind(ss, err, errlen) < 0) {
		snort_close(&ss->src);
		return NULL;
	}
	ss->buf = xmalloc(SNORT_BUFSZ);
	return &ss->src;
}
