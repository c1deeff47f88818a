/*
 * source-eve.c - Suricata's EVE JSON output as an agent source (the events
 * are decoded by eve.c): a file followed as `tail -F` follows it, a file
 * replayed from its start, or the Unix sockets of Suricata's unix_dgram and
 * unix_stream filetypes.
 *
 *   --eve PATH               follow PATH from its end: growth, a file
 *                            created later, rotation (renamed away, a new
 *                            one created: the old one is drained first, and
 *                            for EVE_LINGER_US after its last line, for
 *                            Suricata writes it until it reopens), and
 *                            truncation (read again from its start)
 *   --eve PATH --eve-from-start
 *                            read PATH once from its start to its end, at
 *                            the pace of its timestamps (--speed, --fast)
 *   --eve unix_dgram:PATH    bind a datagram socket at PATH: Suricata
 *                            connects to it and sends one event a datagram
 *   --eve unix_stream:PATH   listen on a stream socket at PATH: Suricata
 *                            connects and writes one event a line
 *
 * A regular file cannot be polled: the source polls an inotify descriptor
 * watching the file (IN_MODIFY, IN_ATTRIB, IN_MOVE_SELF, IN_DELETE_SELF)
 * and its directory (IN_CREATE, IN_MOVED_TO, IN_MOVED_FROM, IN_DELETE), and
 * on each event reads what is new and stats the path.  Where inotify is not
 * to be had (or PACKTER_EVE_NO_INOTIFY is set) it checks every
 * EVE_POLL_US instead (counted: timer-checks).  A truncation followed by
 * writes past the old length before the agent looks is not seen (as with
 * tail -F).  The sockets are made as the Snort socket is: a stale one
 * replaced, a live one or anything else left alone, mode 0660 at most,
 * removed at exit.
 */
#include "config.h"

#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "agent.h"
#include "errbuf.h"
#include "eve.h"
#include "log.h"

#define EVE_POLL_US		250000	/* the timer, without inotify */
#define EVE_RETRY_US		1000000	/* an open that failed, again */
#define EVE_LINGER_US		30000000 /* a rotated file, still read */
#define EVE_BUDGET		(4u << 20)	/* bytes per run() */
#define EVE_LINE_BUDGET		4096	/* lines per run() (replay) */
#define EVE_MAX_CONNS		8	/* unix_stream connections */
#define EVE_RCVBUF		(4 << 20)

enum eve_mode { EM_FOLLOW, EM_REPLAY, EM_DGRAM, EM_STREAM };

struct eve_file {
	int		 fd;
	dev_t		 dev;
	ino_t		 ino;
	off_t		 off;
	int		 wd;
	int64_t		 last_us;	/* when it last gave bytes */
	struct eve_lines lines;
};

struct eve_conn {
	int		 fd;
	struct eve_lines lines;
};

struct eve_source {
	struct source		 src;
	enum eve_mode		 mode;
	char			*path;
	struct eve_decoder	 dec;
	size_t			 max_line;
	struct ratelimit	 rl_io;
	/* The file (follow, replay). */
	int			 ino_fd;
	int			 wd_dir;
	struct eve_file		 cur, prev;
	int64_t			 retry_us;
	/* Replay. */
	double			 speed;
	int			 held, started, at_eof;
	int64_t			 base_wall_us, base_pkt_us;
	struct eve_event	 ev;
	/* Sockets. */
	int			 sock, ep;
	dev_t			 sdev;
	ino_t			 sino;
	char			*dgbuf;
	size_t			 dgsize;
	struct eve_conn		 conns[EVE_MAX_CONNS];
};

static void
io_error(struct eve_source *es, int e, const char *what)
{
	char ebuf[128];

	es->dec.c[EV_READ_ERRORS]++;
	log_limited(&es->rl_io, LOG_LVL_WARN, "%s: %s: %s", es->dec.name, what,
	    errno_text(e, ebuf, sizeof(ebuf)));
}

static int
eve_fd(struct source *s)
{
	struct eve_source *es = (struct eve_source *)s;

	switch (es->mode) {
	case EM_FOLLOW:
		return es->ino_fd;
	case EM_REPLAY:
		return -1;
	case EM_DGRAM:
		return es->sock;
	case EM_STREAM:
		return es->ep;
	}
	return -1;
}

/* Every whole line buffered, to the core. */
static void
drain_lines(struct eve_source *es, struct agent *ag, struct eve_lines *lb)
{
	const char *line;
	size_t len;

	while (eve_lines_next(lb, &line, &len))
		eve_decode_line(&es->dec, ag, line, len);
}

/* --- following a file --------------------------------------------------- */

static void
file_init(struct eve_file *f, struct eve_source *es)
{
	memset(f, 0, sizeof(*f));
	f->fd = -1;
	f->wd = -1;
	eve_lines_init(&f->lines, es->max_line, &es->dec.c[EV_TOO_LONG]);
}

static void
file_close(struct eve_source *es, struct eve_file *f)
{
	if (f->fd < 0)
		return;
	if (eve_lines_reset(&f->lines))
		es->dec.c[EV_CUT_LINES]++;
	if (f->wd >= 0 && es->ino_fd >= 0)
		(void)inotify_rm_watch(es->ino_fd, f->wd);
	close(f->fd);
	f->fd = -1;
	f->wd = -1;
}

/* Read what f has, up to *budget bytes; 1 if the budget ran out. */
static int
file_read(struct eve_source *es, struct agent *ag, struct eve_file *f,
    int64_t now_us, size_t *budget)
{
	size_t avail;
	ssize_t r;
	char *p;

	while (f->fd >= 0) {
		if (*budget == 0)
			return 1;
		p = eve_lines_space(&f->lines, &avail);
		if (avail > *budget)
			avail = *budget;
		r = read(f->fd, p, avail);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				io_error(es, errno, "read");
			return 0;
		}
		if (r == 0)
			return 0;
		f->off += r;
		f->last_us = now_us;
		*budget -= (size_t)r;
		eve_lines_added(&f->lines, (size_t)r);
		drain_lines(es, ag, &f->lines);
	}
	return 0;
}

/* Open the file at the path as cur; 0, or -1 (errno). */
static int
file_open(struct eve_source *es, struct eve_file *f)
{
	struct stat sb;
	int fd;

	if ((fd = open(es->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &sb) < 0) {
		close(fd);
		return -1;
	}
	f->fd = fd;
	f->dev = sb.st_dev;
	f->ino = sb.st_ino;
	f->off = 0;
	f->wd = -1;
	if (es->ino_fd >= 0)
		f->wd = inotify_add_watch(es->ino_fd, es->path, IN_MODIFY |
		    IN_ATTRIB | IN_MOVE_SELF | IN_DELETE_SELF);
	es->dec.c[EV_OPENS]++;
	return 0;
}

/* What a change of the file or its directory may mean; 1: more to read. */
static int
follow_check(struct eve_source *es, struct agent *ag, int64_t now_us)
{
	struct eve_file tmp;
	struct stat sb;
	size_t budget = EVE_BUDGET;
	int more = 0;

	if (es->prev.fd >= 0) {
		more |= file_read(es, ag, &es->prev, now_us, &budget);
		if (now_us - es->prev.last_us >= EVE_LINGER_US)
			file_close(es, &es->prev);
	}
	if (es->cur.fd >= 0) {
		if (fstat(es->cur.fd, &sb) == 0 && sb.st_size < es->cur.off) {
			es->dec.c[EV_TRUNCATIONS]++;
			log_info("%s: truncated: reading it again from its "
			    "start", es->dec.name);
			if (eve_lines_reset(&es->cur.lines))
				es->dec.c[EV_CUT_LINES]++;
			if (lseek(es->cur.fd, 0, SEEK_SET) == 0)
				es->cur.off = 0;
		}
		more |= file_read(es, ag, &es->cur, now_us, &budget);
	}
	if (more || now_us < es->retry_us)
		return more;
	if (stat(es->path, &sb) < 0) {
		/* Renamed or removed: the old file is read until a new one. */
		if (errno != ENOENT)
			io_error(es, errno, "stat");
		return 0;
	}
	if (es->cur.fd >= 0 && sb.st_dev == es->cur.dev &&
	    sb.st_ino == es->cur.ino)
		return 0;
	if (es->cur.fd >= 0) {
		/* Rotated: the old file lingers as prev, the new one is cur. */
		es->dec.c[EV_ROTATIONS]++;
		file_close(es, &es->prev);
		tmp = es->prev;
		es->prev = es->cur;
		es->prev.last_us = now_us;
		es->cur = tmp;
		log_info("%s: a new file: reading it from its start",
		    es->dec.name);
	}
	if (file_open(es, &es->cur) < 0) {
		io_error(es, errno, "open");
		es->retry_us = now_us + EVE_RETRY_US;
		return 0;
	}
	return file_read(es, ag, &es->cur, now_us, &budget);
}

/* Read the inotify events: which watches went (IN_IGNORED). */
static void
inotify_drain(struct eve_source *es)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ie;
	ssize_t r;
	size_t off;

	for (;;) {
		r = read(es->ino_fd, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return;
		for (off = 0; off + sizeof(*ie) <= (size_t)r;
		    off += sizeof(*ie) + ie->len) {
			ie = (const struct inotify_event *)(buf + off);
			if ((ie->mask & IN_IGNORED) == 0)
				continue;
			if (ie->wd == es->cur.wd)
				es->cur.wd = -1;
			if (ie->wd == es->prev.wd)
				es->prev.wd = -1;
			if (ie->wd == es->wd_dir)
				es->wd_dir = -1;
		}
	}
}

static enum source_status
follow_run(struct eve_source *es, struct agent *ag, int64_t now_us,
    int64_t *wake_us)
{
	int64_t w = SRC_NO_WAKE;

	if (es->ino_fd >= 0)
		inotify_drain(es);
	else
		es->dec.c[EV_TIMER_CHECKS]++;
	if (follow_check(es, ag, now_us)) {
		*wake_us = now_us;
		return SRC_MORE;
	}
	/* No watch on the directory or on the open file: the timer. */
	if (es->ino_fd < 0 || es->wd_dir < 0 ||
	    (es->cur.fd >= 0 && es->cur.wd < 0))
		w = now_us + EVE_POLL_US;
	if (es->prev.fd >= 0 && es->prev.last_us + EVE_LINGER_US < w)
		w = es->prev.last_us + EVE_LINGER_US;
	if (es->retry_us > now_us && es->retry_us < w)
		w = es->retry_us;
	*wake_us = w;
	return SRC_MORE;
}

static int
follow_open(struct eve_source *es, char *err, size_t errlen)
{
	char *dir, *slash;
	char last;
	struct stat sb;

	file_init(&es->cur, es);
	file_init(&es->prev, es);
	es->ino_fd = -1;
	es->wd_dir = -1;
	if (getenv("PACKTER_EVE_NO_INOTIFY") == NULL &&
	    (es->ino_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) < 0)
		log_warn("%s: no inotify (%s): checking the file every %d ms",
		    es->dec.name, strerror(errno), EVE_POLL_US / 1000);
	if (es->ino_fd >= 0) {
		dir = xstrdup(es->path);
		slash = strrchr(dir, '/');
		if (slash == NULL)
			memcpy(dir, ".", 2);
		else if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
		es->wd_dir = inotify_add_watch(es->ino_fd, dir, IN_CREATE |
		    IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_ONLYDIR);
		if (es->wd_dir < 0) {
			(void)errbuf_fmt_errno(err, errlen, errno, "--eve: "
			    "cannot watch the directory '%s'", dir);
			free(dir);
			return -1;
		}
		free(dir);
	}
	if (file_open(es, &es->cur) == 0) {
		/* From its end; a line cut there is skipped to its end. */
		if (fstat(es->cur.fd, &sb) == 0 && sb.st_size > 0) {
			es->cur.off = lseek(es->cur.fd, 0, SEEK_END);
			if (pread(es->cur.fd, &last, 1, sb.st_size - 1) == 1 &&
			    last != '\n')
				eve_lines_skip_partial(&es->cur.lines);
			if (es->cur.off < 0)
				es->cur.off = 0;
		}
		log_info("eve: following %s from its end", es->path);
	} else if (errno == ENOENT) {
		log_info("eve: waiting for %s to be created", es->path);
	} else {
		return errbuf_fmt_errno(err, errlen, errno, "--eve: cannot "
		    "read '%s'", es->path);
	}
	return 0;
}

/* --- replaying a file ---------------------------------------------------- */

static enum source_status
replay_run(struct eve_source *es, struct agent *ag, int64_t now_us,
    int64_t *wake_us)
{
	const char *line;
	size_t len, avail;
	int64_t pkt_us, due;
	ssize_t r;
	char *p;
	int n;

	for (n = 0; n < EVE_LINE_BUDGET; n++) {
		if (!es->held) {
			if (!eve_lines_next(&es->cur.lines, &line, &len)) {
				if (es->at_eof) {
					if (eve_lines_reset(&es->cur.lines))
						es->dec.c[EV_CUT_LINES]++;
					return SRC_EOF;
				}
				p = eve_lines_space(&es->cur.lines, &avail);
				r = read(es->cur.fd, p, avail);
				if (r < 0 && errno == EINTR)
					continue;
				if (r < 0) {
					io_error(es, errno, "read");
					return SRC_ERROR;
				}
				if (r == 0)
					es->at_eof = 1;
				eve_lines_added(&es->cur.lines, (size_t)r);
				continue;
			}
			if (!eve_parse(&es->dec, line, len, &es->ev))
				continue;
			es->held = 1;
		}
		if (es->speed > 0) {
			pkt_us = (int64_t)es->ev.ts.tv_sec * 1000000 +
			    es->ev.ts.tv_usec;
			if (!es->started) {
				es->started = 1;
				es->base_wall_us = now_us;
				es->base_pkt_us = pkt_us;
			}
			due = es->base_wall_us + (int64_t)((double)(pkt_us -
			    es->base_pkt_us) / es->speed);
			/* Time going backwards: at once. */
			if (due > now_us) {
				*wake_us = due;
				return SRC_MORE;
			}
		}
		es->held = 0;
		eve_emit(&es->dec, ag, &es->ev);
	}
	*wake_us = now_us;
	return SRC_MORE;
}

/* --- the sockets ---------------------------------------------------------- */

static void
dgram_lines(struct eve_source *es, struct agent *ag, const char *p, size_t n)
{
	const char *nl;
	size_t len;

	while (n > 0) {
		nl = memchr(p, '\n', n);
		len = nl != NULL ? (size_t)(nl - p) : n;
		if (len > es->max_line)
			es->dec.c[EV_TOO_LONG]++;
		else
			eve_decode_line(&es->dec, ag, p, len);
		if (nl == NULL)
			break;
		p = nl + 1;
		n -= len + 1;
	}
}

static enum source_status
dgram_run(struct eve_source *es, struct agent *ag, int64_t now_us,
    int64_t *wake_us)
{
	ssize_t r;
	int i;

	*wake_us = SRC_NO_WAKE;
	for (i = 0; i < 256; i++) {
		r = recv(es->sock, es->dgbuf, es->dgsize,
		    MSG_DONTWAIT | MSG_TRUNC);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				io_error(es, errno, "receive");
			return SRC_MORE;
		}
		es->dec.c[EV_DATAGRAMS]++;
		if ((size_t)r > es->dgsize) {
			es->dec.c[EV_TOO_LONG]++;
			continue;
		}
		dgram_lines(es, ag, es->dgbuf, (size_t)r);
	}
	*wake_us = now_us;
	return SRC_MORE;
}

static void
conn_close(struct eve_source *es, struct eve_conn *c)
{
	if (eve_lines_reset(&c->lines))
		es->dec.c[EV_CUT_LINES]++;
	(void)epoll_ctl(es->ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = -1;
}

static void
stream_accept(struct eve_source *es)
{
	struct epoll_event ee;
	int fd, i;

	for (;;) {
		fd = accept4(es->sock, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				io_error(es, errno, "accept");
			return;
		}
		for (i = 0; i < EVE_MAX_CONNS && es->conns[i].fd >= 0; i++)
			;
		memset(&ee, 0, sizeof(ee));
		ee.events = EPOLLIN;
		ee.data.u32 = (uint32_t)i;
		if (i == EVE_MAX_CONNS ||
		    epoll_ctl(es->ep, EPOLL_CTL_ADD, fd, &ee) < 0) {
			es->dec.c[EV_REFUSED]++;
			log_limited(&es->rl_io, LOG_LVL_WARN, "%s: a connection "
			    "refused: %d already", es->dec.name, EVE_MAX_CONNS);
			close(fd);
			continue;
		}
		es->conns[i].fd = fd;
		es->dec.c[EV_CONNECTIONS]++;
	}
}

/* Read a connection, up to *budget; 1 if the budget ran out. */
static int
conn_read(struct eve_source *es, struct agent *ag, struct eve_conn *c,
    size_t *budget)
{
	size_t avail;
	ssize_t r;
	char *p;

	for (;;) {
		if (*budget == 0)
			return 1;
		p = eve_lines_space(&c->lines, &avail);
		if (avail > *budget)
			avail = *budget;
		r = read(c->fd, p, avail);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (r <= 0) {
			if (r < 0)
				io_error(es, errno, "read");
			conn_close(es, c);
			return 0;
		}
		*budget -= (size_t)r;
		eve_lines_added(&c->lines, (size_t)r);
		drain_lines(es, ag, &c->lines);
	}
}

static enum source_status
stream_run(struct eve_source *es, struct agent *ag, int64_t now_us,
    int64_t *wake_us)
{
	struct epoll_event ev[EVE_MAX_CONNS + 1];
	size_t budget = EVE_BUDGET;
	int n, i, more = 0;
	uint32_t k;

	*wake_us = SRC_NO_WAKE;
	n = epoll_wait(es->ep, ev, EVE_MAX_CONNS + 1, 0);
	for (i = 0; i < n; i++) {
		k = ev[i].data.u32;
		if (k == EVE_MAX_CONNS)
			stream_accept(es);
		else if (k < EVE_MAX_CONNS && es->conns[k].fd >= 0)
			more |= conn_read(es, ag, &es->conns[k], &budget);
	}
	if (more)
		*wake_us = now_us;
	return SRC_MORE;
}

/*
 * Make the socket at the path: a stale socket file is replaced, a live one
 * (connect(2) succeeds, or finds a socket of the other type) or anything
 * that is not a socket is left alone.  Mode 0660 at most.
 */
static int
sock_bind(struct eve_source *es, int type, char *err, size_t errlen)
{
	struct sockaddr_un sun;
	struct stat sb;
	char ebuf[128];
	mode_t old;
	int fd, probe, size = EVE_RCVBUF, rc;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(es->path) >= sizeof(sun.sun_path))
		return errbuf_fmt(err, errlen, "--eve: '%s' is too long for a "
		    "socket path (at most %zu bytes)", es->path,
		    sizeof(sun.sun_path) - 1);
	memcpy(sun.sun_path, es->path, strlen(es->path) + 1);
	if (lstat(es->path, &sb) == 0) {
		if (!S_ISSOCK(sb.st_mode))
			return errbuf_fmt(err, errlen, "--eve: '%s' exists and "
			    "is not a socket: not replacing it", es->path);
		probe = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
		if (probe >= 0) {
			rc = connect(probe, (struct sockaddr *)&sun,
			    sizeof(sun));
			if (rc < 0 && errno == EPROTOTYPE)
				rc = 0;
			close(probe);
			if (rc == 0)
				return errbuf_fmt(err, errlen, "--eve: another "
				    "program listens at '%s'", es->path);
		}
		if (unlink(es->path) < 0)
			return errbuf_fmt_errno(err, errlen, errno, "--eve: "
			    "cannot replace the old socket '%s'", es->path);
		log_info("eve: replaced the stale socket %s", es->path);
	} else if (errno != ENOENT)
		return errbuf_fmt_errno(err, errlen, errno, "--eve: '%s'",
		    es->path);
	fd = socket(AF_UNIX, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errbuf_fmt_errno(err, errlen, errno, "--eve: socket");
	old = umask(0117);
	rc = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (rc < 0) {
		(void)errbuf_fmt(err, errlen, "--eve: cannot create '%s': %s",
		    es->path, errno_text(errno, ebuf, sizeof(ebuf)));
		close(fd);
		return -1;
	}
	if (type == SOCK_DGRAM &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size,
	    sizeof(size)) < 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size,
		    sizeof(size));
	if (type == SOCK_STREAM && listen(fd, EVE_MAX_CONNS) < 0) {
		(void)errbuf_fmt_errno(err, errlen, errno, "--eve: listen on "
		    "'%s'", es->path);
		close(fd);
		(void)unlink(es->path);
		return -1;
	}
	if (lstat(es->path, &sb) == 0) {
		es->sdev = sb.st_dev;
		es->sino = sb.st_ino;
	}
	es->sock = fd;
	return 0;
}

static int
stream_open(struct eve_source *es, char *err, size_t errlen)
{
	struct epoll_event ee;
	int i;

	for (i = 0; i < EVE_MAX_CONNS; i++) {
		es->conns[i].fd = -1;
		eve_lines_init(&es->conns[i].lines, es->max_line,
		    &es->dec.c[EV_TOO_LONG]);
	}
	if ((es->ep = epoll_create1(EPOLL_CLOEXEC)) < 0)
		return errbuf_fmt_errno(err, errlen, errno, "--eve: epoll");
	if (sock_bind(es, SOCK_STREAM, err, errlen) < 0)
		return -1;
	memset(&ee, 0, sizeof(ee));
	ee.events = EPOLLIN;
	ee.data.u32 = EVE_MAX_CONNS;
	if (epoll_ctl(es->ep, EPOLL_CTL_ADD, es->sock, &ee) < 0)
		return errbuf_fmt_errno(err, errlen, errno, "--eve: epoll");
	return 0;
}

/* --- the source ------------------------------------------------------------ */

static enum source_status
eve_run(struct source *s, struct agent *ag, int64_t now_us, int64_t *wake_us)
{
	struct eve_source *es = (struct eve_source *)s;

	switch (es->mode) {
	case EM_FOLLOW:
		return follow_run(es, ag, now_us, wake_us);
	case EM_REPLAY:
		return replay_run(es, ag, now_us, wake_us);
	case EM_DGRAM:
		return dgram_run(es, ag, now_us, wake_us);
	case EM_STREAM:
		return stream_run(es, ag, now_us, wake_us);
	}
	return SRC_ERROR;
}

static void
eve_stats(struct source *s, FILE *f)
{
	struct eve_source *es = (struct eve_source *)s;

	eve_decoder_stats(&es->dec, f);
}

static void
eve_close(struct source *s)
{
	struct eve_source *es = (struct eve_source *)s;
	struct stat sb;
	int i;

	if (es->mode == EM_FOLLOW || es->mode == EM_REPLAY) {
		file_close(es, &es->cur);
		file_close(es, &es->prev);
		eve_lines_free(&es->cur.lines);
		eve_lines_free(&es->prev.lines);
	}
	if (es->mode == EM_STREAM)
		for (i = 0; i < EVE_MAX_CONNS; i++) {
			if (es->conns[i].fd >= 0)
				conn_close(es, &es->conns[i]);
			eve_lines_free(&es->conns[i].lines);
		}
	if (es->ino_fd >= 0)
		close(es->ino_fd);
	if (es->ep >= 0)
		close(es->ep);
	if (es->sock >= 0) {
		close(es->sock);
		/* Remove the socket file if it is still the one we made. */
		if (lstat(es->path, &sb) == 0 && S_ISSOCK(sb.st_mode) &&
		    sb.st_dev == es->sdev && sb.st_ino == es->sino &&
		    unlink(es->path) < 0)
			log_errno(LOG_LVL_WARN, errno, "cannot remove %s",
			    es->path);
	}
	eve_decoder_free(&es->dec);
	free(es->dgbuf);
	free(es->path);
	free(es);
}

static const struct source_ops eve_ops = {
	.name = "eve",
	.fd = eve_fd,
	.run = eve_run,
	.stats = eve_stats,
	.close = eve_close,
};

struct source *
source_eve_open(const struct eve_opts *o, char *err, size_t errlen)
{
	struct eve_source *es;
	const char *path = o->spec;
	enum eve_mode mode = EM_FOLLOW;
	unsigned events = EVE_ALERT;
	char name[sizeof(es->dec.name)];
	int rc;

	if (o->events != NULL &&
	    eve_parse_events(o->events, &events, err, errlen) < 0)
		return NULL;
	if (strncmp(path, "unix_dgram:", 11) == 0) {
		mode = EM_DGRAM;
		path += 11;
	} else if (strncmp(path, "unix_stream:", 12) == 0) {
		mode = EM_STREAM;
		path += 12;
	} else if (o->from_start)
		mode = EM_REPLAY;
	if (path[0] == '\0') {
		(void)errbuf_fmt(err, errlen, "--eve: no path in '%s'", o->spec);
		return NULL;
	}
	if (o->from_start && mode != EM_REPLAY) {
		(void)errbuf_fmt(err, errlen, "--eve-from-start reads a file, "
		    "not a socket ('%s')", o->spec);
		return NULL;
	}
	es = xcalloc(1, sizeof(*es));
	es->src.ops = &eve_ops;
	es->mode = mode;
	es->path = xstrdup(path);
	es->max_line = o->max_line != 0 ? o->max_line : EVE_DEFAULT_MAX_LINE;
	es->speed = o->speed;
	es->ino_fd = es->ep = es->sock = -1;
	es->cur.fd = es->prev.fd = -1;
	(void)snprintf(name, sizeof(name), "eve %s", es->path);
	eve_decoder_init(&es->dec, name, o->incident, events);
	switch (mode) {
	case EM_FOLLOW:
		rc = follow_open(es, err, errlen);
		break;
	case EM_REPLAY:
		file_init(&es->cur, es);
		file_init(&es->prev, es);
		if ((es->cur.fd = open(es->path, O_RDONLY | O_CLOEXEC)) < 0)
			rc = errbuf_fmt_errno(err, errlen, errno, "--eve: "
			    "cannot read '%s'", es->path);
		else {
			rc = 0;
			es->dec.c[EV_OPENS]++;
			log_info("eve: reading %s from its start", es->path);
		}
		break;
	case EM_DGRAM:
		es->dgsize = es->max_line + 1;
		es->dgbuf = xmalloc(es->dgsize);
		if ((rc = sock_bind(es, SOCK_DGRAM, err, errlen)) == 0)
			log_info("eve: listening on %s (unix_dgram)", es->path);
		break;
	case EM_STREAM:
		if ((rc = stream_open(es, err, errlen)) == 0)
			log_info("eve: listening on %s (unix_stream)",
			    es->path);
		break;
	default:
		rc = -1;
	}
	if (rc < 0) {
		eve_close(&es->src);
		return NULL;
	}
	return &es->src;
}
