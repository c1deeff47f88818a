/*
 * appmap-helper.c - the process that answers "whose socket is this 5-tuple"
 * for the agent (appmap.c), and starts and follows --app -- COMMAND.
 *
 * It is forked before the agent drops its privileges and keeps them: the
 * kernel shows /proc/PID/fd only to the process's own user or to a holder
 * of CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH.  It reads no packet: what it
 * takes from the agent is fixed-size questions (a 5-tuple), checked field
 * by field, and what it reads from the kernel goes through sockdiag_parse()
 * and the parsers below, bounded by the buffers they are read into.
 *
 * A round: take every question waiting (at most MAX_QUESTIONS), dump the
 * TCP and UDP tables of both families once (sockdiag_dump), so that a
 * socket made just before its first packet is in it, then per question:
 *
 *   sender   = the socket whose local end is the packet's source;
 *   receiver = the one whose local end is its destination;
 *   each: the connected socket with exactly that 5-tuple, else one bound
 *   to that address and port, else one bound to the wildcard address when
 *   the address is this host's (getifaddrs; 127/8 and ::1 always).
 *
 * The owner is the sender's process if there is one, else the receiver's;
 * "in the app" if either is.  inode -> process comes from a map filled by
 * walks of /proc/PID/fd (newest processes first, stopping once every inode
 * asked for is found) and checked with one readlink before it is trusted.
 */
#include "config.h"

#include "appmap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <netinet/in.h>

#include "errbuf.h"
#include "log.h"
#include "clock.h"

#define MAX_QUESTIONS	1024		/* per round */
#define MAX_DEPTH	64		/* parents walked for "children" */
#define MAX_LOCAL	256		/* this host's addresses kept */
#define IMAP_SIZE	(1U << 17)	/* inode -> process slots */

const char *const appmap_helper_counter_names[AH_MAX] = {
	[AH_QUESTIONS]		= "questions",
	[AH_ANSWERS]		= "answers",
	[AH_ROUNDS]		= "rounds",
	[AH_LOOKUPS]		= "sock-diag-lookups",
	[AH_LOOKUP_FAILED]	= "sock-diag-failed",
	[AH_OWNED]		= "owned",
	[AH_NO_OWNER]		= "no-local-socket",
	[AH_NO_PROCESS]		= "socket-without-process",
	[AH_PROC_SCANS]		= "proc-walks",
	[AH_PROC_BAD]		= "proc-unparsed",
	[AH_BAD_QUESTIONS]	= "bad-questions",
	[AH_SD_FIRST + SDC_MESSAGES]	= "netlink-messages",
	[AH_SD_FIRST + SDC_SOCKETS]	= "sockets-dumped",
	[AH_SD_FIRST + SDC_TRUNCATED]	= "netlink-truncated",
	[AH_SD_FIRST + SDC_INVALID]	= "netlink-invalid",
	[AH_SD_FIRST + SDC_NL_ERRORS]	= "netlink-errors",
	[AH_SD_FIRST + SDC_FOREIGN]	= "netlink-foreign",
};

/* --- /proc parsers ------------------------------------------------------- */

bool
appmap_parse_stat(const char *buf, size_t len, uint32_t *ppid,
    char comm[APPMAP_COMM_LEN])
{
	struct cursor c;
	size_t open, close, n;
	uint64_t v = 0;
	uint8_t ch, state;
	int digits = 0;

	for (open = 0; open < len && buf[open] != '('; open++)
		;
	for (close = len; close > open && buf[close - 1] != ')'; close--)
		;
	if (open >= len || close <= open + 1)
		return false;
	close--;				/* at the last ')' */
	n = close - open - 1;
	if (n >= APPMAP_COMM_LEN)
		return false;
	memcpy(comm, buf + open + 1, n);
	comm[n] = '\0';
	cur_init(&c, buf + close + 1, len - close - 1);
	if (!cur_u8(&c, &ch) || ch != ' ' || !cur_u8(&c, &state) ||
	    !cur_u8(&c, &ch) || ch != ' ')
		return false;
	while (cur_u8(&c, &ch) && ch >= '0' && ch <= '9') {
		v = v * 10 + (uint64_t)(ch - '0');
		if (v > UINT32_MAX || ++digits > 10)
			return false;
	}
	if (digits == 0 || ch != ' ')
		return false;
	*ppid = (uint32_t)v;
	return true;
}

bool
appmap_parse_socklink(const char *buf, size_t len, uint32_t *inode)
{
	static const char pre[] = "socket:[";
	uint64_t v = 0;
	size_t i;

	if (len < sizeof(pre) + 1 || len > sizeof(pre) + 11 ||
	    memcmp(buf, pre, sizeof(pre) - 1) != 0 || buf[len - 1] != ']')
		return false;
	for (i = sizeof(pre) - 1; i < len - 1; i++) {
		if (buf[i] < '0' || buf[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(buf[i] - '0');
	}
	if (v == 0 || v > UINT32_MAX)
		return false;
	*inode = (uint32_t)v;
	return true;
}

/* --- the helper's state ------------------------------------------------- */

struct imap_slot {
	uint32_t	 inode;		/* 0: empty */
	uint32_t	 pid;
	uint32_t	 fd;
};

struct question {
	struct appmap_key	 key;
	uint32_t		 inode[2];	/* sender's, receiver's */
	uint32_t		 uid[2];
};

struct helper {
	int			 fd;		/* to the agent */
	int			 nl;		/* sock_diag */
	int			 sigfd;		/* SIGCHLD, with COMMAND */
	pid_t			 self;
	const char		*app_name;	/* --app NAME */
	uint32_t		 app_pid;	/* --app PID */
	bool			 command;
	pid_t			 child;
	bool			 child_gone, exited_sent;
	int			 child_status;
	uint32_t		 seq;
	struct ratelimit	 rl;
	struct imap_slot	*imap;
	size_t			 imap_n;
	uint8_t			 local[MAX_LOCAL][17];	/* family, address */
	unsigned		 nlocal;
	bool			 local_read;
	struct question		 q[MAX_QUESTIONS];
	unsigned		 nq;
	uint64_t		 c[AH_MAX];
};

static void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void
tell(struct helper *h, const uint8_t *b, size_t n)
{
	ssize_t w;

	do
		w = send(h->fd, b, n, MSG_NOSIGNAL);
	while (w < 0 && errno == EINTR);
	if (w != (ssize_t)n)
		_exit(0);			/* the agent is gone */
}

static void
tell_word(struct helper *h, uint8_t type, uint8_t what, uint32_t a,
    uint32_t b, bool two)
{
	uint8_t m[12] = { type, 1, what, 0 };

	put_be32(m + 4, a);
	put_be32(m + 8, b);
	tell(h, m, two ? 12 : 8);
}

/* A small file of /proc into buf (NUL-terminated); its length, or -1. */
static ssize_t
read_small(const char *path, char *buf, size_t cap)
{
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	do
		n = read(fd, buf, cap - 1);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/* --- sockets ------------------------------------------------------------ */

static bool
zero(const uint8_t *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != 0)
			return false;
	return true;
}

static void
read_local(struct helper *h)
{
	struct ifaddrs *ifa, *i;
	const struct sockaddr *sa;

	h->local_read = true;
	h->nlocal = 0;
	if (getifaddrs(&ifa) < 0)
		return;
	for (i = ifa; i != NULL && h->nlocal < MAX_LOCAL; i = i->ifa_next) {
		if ((sa = i->ifa_addr) == NULL)
			continue;
		if (sa->sa_family == AF_INET) {
			h->local[h->nlocal][0] = 4;
			memcpy(h->local[h->nlocal++] + 1,
			    &((const struct sockaddr_in *)(const void *)sa)->
			    sin_addr, 4);
		} else if (sa->sa_family == AF_INET6) {
			h->local[h->nlocal][0] = 6;
			memcpy(h->local[h->nlocal++] + 1,
			    &((const struct sockaddr_in6 *)(const void *)sa)->
			    sin6_addr, 16);
		}
	}
	freeifaddrs(ifa);
}

static bool
is_local(struct helper *h, uint8_t family, const uint8_t *a)
{
	static const uint8_t one6[16] = { [15] = 1 };
	unsigned i;

	if ((family == 4 && a[0] == 127) ||
	    (family == 6 && memcmp(a, one6, 16) == 0))
		return true;
	if (!h->local_read)
		read_local(h);
	for (i = 0; i < h->nlocal; i++)
		if (h->local[i][0] == family &&
		    memcmp(h->local[i] + 1, a, family == 4 ? 4 : 16) == 0)
			return true;
	return false;
}

/*
 * The socket whose local end is (la, lport) and remote (ra, rport), for a
 * packet of family f: the kernel's choice, as its receive path would make
 * it, but a socket bound to the wildcard address only when la is this
 * host's.  A connected socket without a file (TIME_WAIT, a SYN_RECV
 * request) gives way to its listener.  Returns its inode or 0.
 */
static uint32_t
lookup(struct helper *h, uint8_t proto, uint8_t f, const uint8_t *la,
    uint16_t lport, const uint8_t *ra, uint16_t rport, uint32_t *uid)
{
	struct sockdiag_query q;
	struct sockdiag_entry e;
	char err[ERRBUF_SIZE];
	int pass, r;

	memset(&q, 0, sizeof(q));
	q.family = f;
	q.proto = proto;
	q.lport = lport;
	memcpy(q.laddr, la, 16);
	for (pass = 0; pass < 2; pass++) {
		if (pass == 0) {
			q.rport = rport;
			memcpy(q.raddr, ra, 16);
		} else {
			q.rport = 0;	/* the listener, the unconnected */
			memset(q.raddr, 0, 16);
		}
		h->c[AH_LOOKUPS]++;
		r = sockdiag_get(h->nl, &q, ++h->seq, &e, h->c + AH_SD_FIRST,
		    err, sizeof(err));
		if (r < 0) {
			h->c[AH_LOOKUP_FAILED]++;
			log_limited(&h->rl, LOG_LVL_WARN, "%s", err);
			return 0;
		}
		if (r == 0 || e.inode == 0 || e.lport != lport)
			continue;
		if (zero(e.laddr, e.family == 4 ? 4 : 16) &&
		    !is_local(h, f, la))
			return 0;
		*uid = e.uid;
		return e.inode;
	}
	return 0;
}

/* --- processes ---------------------------------------------------------- */

static size_t
imap_at(uint32_t inode)
{
	return (size_t)((inode * 2654435761U) & (IMAP_SIZE - 1));
}

static void
imap_put(struct helper *h, uint32_t inode, uint32_t pid, uint32_t fd)
{
	size_t i;

	if (h->imap_n >= IMAP_SIZE / 4 * 3) {
		memset(h->imap, 0, IMAP_SIZE * sizeof(*h->imap));
		h->imap_n = 0;
	}
	for (i = imap_at(inode); h->imap[i].inode != 0 &&
	    h->imap[i].inode != inode; i = (i + 1) & (IMAP_SIZE - 1))
		;
	if (h->imap[i].inode == 0)
		h->imap_n++;
	h->imap[i].inode = inode;
	h->imap[i].pid = pid;
	h->imap[i].fd = fd;
}

/* Still true: /proc/PID/fd/FD is that socket. */
static bool
imap_check(struct helper *h, const struct imap_slot *s)
{
	char path[64], link[64];
	uint32_t inode;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%u/fd/%u", (unsigned)s->pid,
	    (unsigned)s->fd);
	n = readlink(path, link, sizeof(link));
	if (n <= 0 || (size_t)n >= sizeof(link))
		return false;
	if (!appmap_parse_socklink(link, (size_t)n, &inode)) {
		if (n > 7 && memcmp(link, "socket:", 7) == 0)
			h->c[AH_PROC_BAD]++;
		return false;
	}
	return inode == s->inode;
}

/*
 * The process holding inode, or 0; checked when the map's word is from an
 * earlier walk (a walk of this round is trusted: the process may close the
 * socket in between, its packets are still its own).
 */
static uint32_t
imap_get(struct helper *h, uint32_t inode, bool check)
{
	size_t i;

	for (i = imap_at(inode); h->imap[i].inode != 0;
	    i = (i + 1) & (IMAP_SIZE - 1))
		if (h->imap[i].inode == inode)
			return !check || imap_check(h, &h->imap[i]) ?
			    h->imap[i].pid : 0;
	return 0;
}

static int
u32_desc(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x > y ? -1 : x < y;
}

static int
u32_asc(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static bool
number(const char *s, uint32_t *v)
{
	uint64_t n = 0;

	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return false;
		n = n * 10 + (uint64_t)(*s - '0');
		if (n > UINT32_MAX)
			return false;
	}
	*v = (uint32_t)n;
	return true;
}

/*
 * Walk /proc/PID/fd, newest process first, into the map, until every inode
 * of need (sorted) has been seen; all of it when need is NULL.
 */
static void
proc_walk(struct helper *h, uint32_t *need, size_t nneed)
{
	DIR *d, *fds;
	struct dirent *de;
	uint32_t *pid = NULL, p, fd, inode, *hit;
	size_t npid = 0, cap = 0, i, j, left;
	char path[64], link[64];
	bool *seen;
	ssize_t n;
	int dfd;

	/* need is sorted: keep one of each. */
	for (i = j = 0; i < nneed; i++)
		if (j == 0 || need[j - 1] != need[i])
			need[j++] = need[i];
	nneed = left = j;
	seen = xcalloc(nneed + 1, sizeof(*seen));
	h->c[AH_PROC_SCANS]++;
	if ((d = opendir("/proc")) == NULL) {
		free(seen);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (!number(de->d_name, &p))
			continue;
		if (npid == cap) {
			cap = cap ? 2 * cap : 512;
			pid = xreallocarray(pid, cap, sizeof(*pid));
		}
		pid[npid++] = p;
	}
	closedir(d);
	if (npid > 0)
		qsort(pid, npid, sizeof(*pid), u32_desc);
	for (i = 0; i < npid && (need == NULL || left > 0); i++) {
		snprintf(path, sizeof(path), "/proc/%u/fd", (unsigned)pid[i]);
		dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0)
			continue;
		if ((fds = fdopendir(dfd)) == NULL) {
			close(dfd);
			continue;
		}
		while ((de = readdir(fds)) != NULL) {
			if (!number(de->d_name, &fd))
				continue;
			n = readlinkat(dfd, de->d_name, link, sizeof(link));
			if (n <= 7 || (size_t)n >= sizeof(link) ||
			    memcmp(link, "socket:", 7) != 0)
				continue;
			if (!appmap_parse_socklink(link, (size_t)n, &inode)) {
				h->c[AH_PROC_BAD]++;
				continue;
			}
			imap_put(h, inode, pid[i], fd);
			hit = need == NULL ? NULL : bsearch(&inode, need,
			    nneed, sizeof(*need), u32_asc);
			if (hit != NULL && !seen[hit - need]) {
				seen[hit - need] = true;
				left--;
			}
		}
		closedir(fds);
	}
	free(pid);
	free(seen);
}

/* The process is --app NAME, --app PID, COMMAND or one of theirs. */
static bool
in_app(struct helper *h, uint32_t pid)
{
	char path[64], buf[512], comm[APPMAP_COMM_LEN];
	uint32_t ppid;
	ssize_t n;
	int depth;

	for (depth = 0; depth < MAX_DEPTH && pid > 0; depth++) {
		if (h->command && pid == (uint32_t)h->self)
			return depth > 0;
		if (h->app_pid != 0 && pid == h->app_pid)
			return true;
		snprintf(path, sizeof(path), "/proc/%u/stat", (unsigned)pid);
		if ((n = read_small(path, buf, sizeof(buf))) < 0)
			return false;
		if (!appmap_parse_stat(buf, (size_t)n, &ppid, comm)) {
			h->c[AH_PROC_BAD]++;
			return false;
		}
		if (h->app_name != NULL && strcmp(comm, h->app_name) == 0)
			return true;
		if (ppid == pid)
			return false;
		pid = ppid;
	}
	return false;
}

static bool
owner_of(struct helper *h, uint32_t pid, uint32_t uid, struct appmap_owner *o)
{
	char path[64], buf[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%u/comm", (unsigned)pid);
	if ((n = read_small(path, buf, sizeof(buf))) <= 0)
		return false;
	if (buf[n - 1] == '\n')
		buf[--n] = '\0';
	if (n >= APPMAP_COMM_LEN) {
		h->c[AH_PROC_BAD]++;
		n = APPMAP_COMM_LEN - 1;
	}
	memset(o, 0, sizeof(*o));
	memcpy(o->comm, buf, (size_t)n);
	o->state = APPMAP_OWNED;
	o->pid = pid;
	o->uid = uid;
	o->in_app = (h->app_name != NULL || h->app_pid != 0 || h->command) &&
	    in_app(h, pid);
	return true;
}

/* The sender's process if it is known, else the receiver's. */
static struct appmap_owner
pick(struct helper *h, const struct appmap_owner *snd,
    const struct appmap_owner *rcv, bool found)
{
	struct appmap_owner a;

	if (snd->state == APPMAP_OWNED)
		a = *snd;
	else if (rcv->state == APPMAP_OWNED)
		a = *rcv;
	else {
		memset(&a, 0, sizeof(a));
		a.state = found ? APPMAP_UNKNOWN : APPMAP_NONE;
	}
	a.in_app = snd->in_app || rcv->in_app;
	if (a.state == APPMAP_OWNED)
		h->c[AH_OWNED]++;
	else if (a.state == APPMAP_NONE)
		h->c[AH_NO_OWNER]++;
	else
		h->c[AH_NO_PROCESS]++;
	h->c[AH_ANSWERS]++;
	return a;
}

static void
round_answer(struct helper *h)
{
	uint8_t m[APPMAP_ANSWER_LEN];
	struct appmap_owner o[2], a;
	struct appmap_key r;
	struct question *q;
	uint32_t *need, pid;
	size_t nneed = 0;
	unsigned i, j;
	bool missing = false, found;
	int64_t t0 = mono_us();

	h->local_read = false;
	h->c[AH_ROUNDS]++;
	h->c[AH_QUESTIONS] += h->nq;
	need = xcalloc(2 * (size_t)h->nq + 1, sizeof(*need));
	for (i = 0; i < h->nq; i++) {
		q = &h->q[i];
		q->inode[0] = lookup(h, q->key.proto, q->key.family,
		    q->key.src, q->key.sport, q->key.dst, q->key.dport,
		    &q->uid[0]);
		q->inode[1] = lookup(h, q->key.proto, q->key.family,
		    q->key.dst, q->key.dport, q->key.src, q->key.sport,
		    &q->uid[1]);
		for (j = 0; j < 2; j++)
			if (q->inode[j] != 0 &&
			    imap_get(h, q->inode[j], true) == 0) {
				need[nneed++] = q->inode[j];
				missing = true;
			}
	}
	if (missing) {
		qsort(need, nneed, sizeof(*need), u32_asc);
		proc_walk(h, need, nneed);
	}
	free(need);
	log_debug("appmap: %u questions, %s, %lld us", h->nq, missing ?
	    "/proc walked" : "no walk", (long long)(mono_us() - t0));

	for (i = 0; i < h->nq; i++) {
		q = &h->q[i];
		memset(o, 0, sizeof(o));
		found = false;
		for (j = 0; j < 2; j++) {
			if (q->inode[j] == 0)
				continue;
			found = true;
			if ((pid = imap_get(h, q->inode[j], false)) == 0 ||
			    !owner_of(h, pid, q->uid[j], &o[j]))
				o[j].state = APPMAP_UNKNOWN;
		}
		a = pick(h, &o[0], &o[1], found);
		log_debug("appmap: %u -> %u: sockets %u %u, owners %u %u",
		    q->key.sport, q->key.dport, (unsigned)q->inode[0],
		    (unsigned)q->inode[1], (unsigned)o[0].pid,
		    (unsigned)o[1].pid);
		tell(h, m, appmap_put_answer(m, &q->key, &a));
		/* The other way too: the answer to the next question. */
		r = q->key;
		r.sport = q->key.dport;
		r.dport = q->key.sport;
		memcpy(r.src, q->key.dst, 16);
		memcpy(r.dst, q->key.src, 16);
		a = pick(h, &o[1], &o[0], found);
		tell(h, m, appmap_put_answer(m, &r, &a));
	}
	h->nq = 0;
}

static void
tell_stats(struct helper *h)
{
	uint8_t m[4 + 8 * AH_MAX] = { APPMAP_MSG_STATS, 1, 0, 0 };
	unsigned i;

	for (i = 0; i < AH_MAX; i++) {
		put_be32(m + 4 + 8 * i, (uint32_t)(h->c[i] >> 32));
		put_be32(m + 8 + 8 * i, (uint32_t)h->c[i]);
	}
	tell(h, m, sizeof(m));
}

/* Take one message from the agent; false at EOF. */
static bool
take(struct helper *h, int flags)
{
	uint8_t b[APPMAP_MSG_MAX], type, version, pad[2];
	struct cursor c;
	ssize_t n;

	do
		n = recv(h->fd, b, sizeof(b), flags | MSG_TRUNC);
	while (n < 0 && errno == EINTR);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
		_exit(0);			/* the agent is gone */
	if (n < 0)
		return false;
	cur_init(&c, b, (size_t)n <= sizeof(b) ? (size_t)n : 0);
	if (n != APPMAP_ASK_LEN || !cur_u8(&c, &type) ||
	    !cur_u8(&c, &version) || !cur_bytes(&c, pad, 2) ||
	    type != APPMAP_MSG_ASK || version != 1 ||
	    !appmap_get_key(&c, &h->q[h->nq].key)) {
		h->c[AH_BAD_QUESTIONS]++;
		return true;
	}
	h->nq++;
	return true;
}

/* --- COMMAND ------------------------------------------------------------- */

/*
 * In the child: become the user who asked (under sudo, SUDO_UID and
 * SUDO_GID; else the agent's real user), then run COMMAND.
 */
static void
become_caller(void)
{
	const char *su = getenv("SUDO_UID"), *sg = getenv("SUDO_GID");
	struct passwd *pw;
	uint32_t uid, gid;

	if (geteuid() == 0 && su != NULL && sg != NULL && number(su, &uid) &&
	    number(sg, &gid) && uid != 0) {
		pw = getpwuid((uid_t)uid);
		if ((pw != NULL ? initgroups(pw->pw_name, (gid_t)gid) :
		    setgroups(0, NULL)) < 0 || setgid((gid_t)gid) < 0 ||
		    setuid((uid_t)uid) < 0)
			_exit(126);
		return;
	}
	if (setgid(getgid()) < 0 || setuid(getuid()) < 0)
		_exit(126);
}

static int
spawn(struct helper *h, char *const *argv)
{
	sigset_t all;
	int p[2], e = 0, sig;
	ssize_t n;

	if (pipe2(p, O_CLOEXEC) < 0)
		return errno;
	if ((h->child = fork()) < 0) {
		e = errno;
		close(p[0]);
		close(p[1]);
		return e;
	}
	if (h->child == 0) {
		close(p[0]);
		for (sig = 1; sig < NSIG; sig++)
			(void)signal(sig, SIG_DFL);
		sigemptyset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		become_caller();
		execvp(argv[0], argv);
		e = errno;
		(void)!write(p[1], &e, sizeof(e));
		_exit(127);
	}
	close(p[1]);
	do
		n = read(p[0], &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	close(p[0]);
	if (n == (ssize_t)sizeof(e) && e != 0) {
		while (waitpid(h->child, NULL, 0) < 0 && errno == EINTR)
			;
		return e;
	}
	return 0;
}

static void
reap(struct helper *h)
{
	struct signalfd_siginfo si;
	pid_t p;
	int st;

	while (read(h->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si))
		;
	while ((p = waitpid(-1, &st, WNOHANG)) > 0)
		if (p == h->child) {
			h->child_gone = true;
			h->child_status = st;
		}
	if (p < 0 && errno == ECHILD && h->child_gone && !h->exited_sent) {
		h->exited_sent = true;
		tell_word(h, APPMAP_MSG_EXITED, 0, (uint32_t)h->child_status,
		    0, false);
	}
}

/* --- main --------------------------------------------------------------- */

void
appmap_helper_main(int fd, const struct appmap_opts *o)
{
	static struct helper hs;
	struct helper *h = &hs;
	struct pollfd pfd[2];
	char err[ERRBUF_SIZE];
	sigset_t chld;
	uint32_t v;
	int sig, e = 0;

	h->fd = fd;
	h->sigfd = -1;
	h->self = getpid();
	h->command = o->argv != NULL;
	if (o->app != NULL) {
		if (number(o->app, &v))
			h->app_pid = v;
		else
			h->app_name = o->app;
	}
	/* Gone with the agent; deaf to the signals meant for it. */
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP && sig != SIGCHLD)
			(void)signal(sig, sig == SIGSEGV || sig == SIGBUS ||
			    sig == SIGABRT || sig == SIGFPE || sig == SIGILL ?
			    SIG_DFL : SIG_IGN);
	/* Nothing of the agent's but the socket pair and the standard three. */
	if (fd > 3)
		(void)close_range(3, (unsigned)fd - 1, 0);
	(void)close_range((unsigned)fd + 1, ~0U, 0);
	h->imap = xcalloc(IMAP_SIZE, sizeof(*h->imap));

	if ((h->nl = sockdiag_open(1000, err, sizeof(err))) < 0) {
		tell_word(h, APPMAP_MSG_STARTED, 1, (uint32_t)errno, 0, true);
		_exit(1);
	}
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	if (h->command) {
		(void)prctl(PR_SET_CHILD_SUBREAPER, 1);
		h->sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
		if (h->sigfd < 0 || (e = spawn(h, o->argv)) != 0) {
			e = h->sigfd < 0 ? errno : e;
			tell_word(h, APPMAP_MSG_STARTED, 2, (uint32_t)e, 0,
			    true);
			_exit(1);
		}
	}
	/* The map warm before the first question. */
	proc_walk(h, NULL, 0);
	tell_word(h, APPMAP_MSG_STARTED, 0, 0, (uint32_t)h->child, true);

	for (;;) {
		pfd[0].fd = h->fd;
		pfd[0].events = POLLIN;
		pfd[1].fd = h->sigfd;
		pfd[1].events = POLLIN;
		if (poll(pfd, h->sigfd >= 0 ? 2 : 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		if (h->sigfd >= 0 && (pfd[1].revents & POLLIN))
			reap(h);
		if (pfd[0].revents == 0)
			continue;
		if (!take(h, 0))
			continue;
		while (h->nq < MAX_QUESTIONS && take(h, MSG_DONTWAIT))
			;
		if (h->nq > 0)
			round_answer(h);
		tell_stats(h);
	}
}
