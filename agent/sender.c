/*
 * sender.c - batching records into PACKTER datagrams and sending them.
 *
 * Datagrams are built in place in a ring of NSLOT fixed buffers: the slot
 * at pub is the one being filled, slots [tail, pub) are complete and wait
 * to be sent.  Without the send thread (-n, tests, --no-send-thread) they go
 * out from the caller, SEND_BATCH at a time, in one sendmmsg(2) per viewer
 * (or one writev(2) for -n).  With it, the ring is a single-producer,
 * single-consumer queue: the capture thread fills and publishes slots (a
 * release store of pub), the send thread sends what is published, up to
 * SEND_MAX a call, and gives the slots back (a release store of tail).
 * Neither takes a lock on that path; a mutex and two condition variables
 * are only for sleeping: the send thread when the ring is empty (woken once
 * WAKE_BATCH datagrams wait, or at a flush), the capture thread when the
 * ring is full (the agent then goes at the speed of sending: nothing is
 * dropped).  Where the process may run on three CPUs or more, the send
 * thread is pinned to the CPUs other than the one the capture thread is
 * pinned to.  The datagrams are the same bytes either way; no allocation
 * after start-up.
 */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <limits.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "cli.h"
#include "counters.h"
#include "errbuf.h"
#include "log.h"
#include "stats.h"
#include "protocol.h"
#include "sender.h"

#define NSLOT		256	/* the ring (a power of two) */
#define SEND_BATCH	64	/* datagrams per send, without the thread */
#define SEND_MAX	128	/* at most, per sendmmsg(2) of the thread */
#define WAKE_BATCH	16	/* datagrams that wake a sleeping thread */
#define MAX_VIEWERS	16
#define KEYWORD		"PACKTER\n"
#define KEYWORD_LEN	(sizeof(KEYWORD) - 1)
/* The PACKTERGEO line (-G): keyword, one " WORD" a record, "\n". */
#define GEO_KW_LEN	(sizeof(PT_GEO_KEYWORD) - 1)
#define GEO_ROOM	(GEO_KW_LEN + 1 + PT_GEO_WORD_MAX + 1)

static const char *const sender_counter_names[SC_MAX] = {
	[SC_RECORDS]		= "records",
	[SC_DATAGRAMS]		= "datagrams",
	[SC_SENT]		= "datagrams-sent",
	[SC_SEND_ERRORS]	= "send-errors",
	[SC_TOO_LONG]		= "records-too-long",
	[SC_WRITE_ERRORS]	= "write-errors",
};

struct slot {
	size_t		 len;
	struct timeval	 ts;		/* packet time of the first record */
};

struct viewer {
	struct sockaddr_storage	 ss;
	socklen_t		 sslen;
	int			 fd;
	int			 refused;	/* told "no viewer listening" */
	char			 name[80];
};

struct sender {
	struct sender_opts	 o;
	char			*buf;		/* NSLOT x payload_max */
	struct slot		 slot[NSLOT];

	/* The producer's (the caller's) side. */
	unsigned		 pub;		/* the open slot; free-running */
	unsigned		 ptail;		/* tail as last seen */
	unsigned		 handed;	/* pub when the thread last knew */
	char			*tbuf;		/* the open slot's PACKTERTIME */
	size_t			 tlen;
	char			*gbuf;		/* its PACKTERGEO line (-G) */
	size_t			 glen;
	int64_t			 last_us;	/* its last time */
	int64_t			 oldest_us;	/* monotonic time of oldest unsent */
	uint64_t		 c[SC_MAX];	/* all but SC_SENT, SC_SEND_ERRORS */

	/* The sending side: the thread's while it runs. */
	struct viewer		 v[MAX_VIEWERS];
	unsigned		 nv;
	struct ratelimit	 rl_send;
	struct auth_signer	 signer;	/* with o.auth_key */
	_Atomic uint64_t	 sent;
	_Atomic uint64_t	 send_errors;

	/* Between the two. */
	int			 threaded;	/* o.send_thread, and it started */
	pthread_t		 thread;
	pthread_mutex_t		 mu;
	pthread_cond_t		 work;		/* the thread waits for slots */
	pthread_cond_t		 room;		/* the producer waits for tail */
	_Atomic unsigned	 apub;
	_Atomic unsigned	 atail;
	_Atomic int		 sleeping;	/* the thread waits on work */
	_Atomic int		 waiting;	/* the producer waits on room */
	_Atomic int		 stop;
};

static void	*send_thread(void *);

struct sender *
sender_new(const struct sender_opts *o)
{
	struct sender *s = xcalloc(1, sizeof(*s));

	s->o = *o;
	if (s->o.payload_max < SENDER_MIN_PAYLOAD)
		s->o.payload_max = SENDER_MIN_PAYLOAD;
	if (s->o.payload_max > 65507)
		s->o.payload_max = 65507;
	s->buf = xreallocarray(NULL, NSLOT, s->o.payload_max);
	if (s->o.capture_times)
		s->tbuf = xmalloc(s->o.payload_max);
	if (s->o.geo)
		s->gbuf = xmalloc(s->o.payload_max);
	s->oldest_us = INT64_MAX;
	if (s->o.print_fd >= 0)
		s->o.send_thread = 0;
	if (s->o.auth_key != NULL) {
		char err[AUTH_ERRBUF_SIZE];

		if (auth_signer_init(&s->signer, s->o.auth_id, s->o.auth_key,
		    err, sizeof(err)) < 0)
			fatal(1, "-A %s: %s", s->o.auth_id, err);
	}
	return s;
}

/* Is ss a multicast group (224.0.0.0/4, ff00::/8)? */
static int
is_group(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return IN_MULTICAST(ntohl(((const struct sockaddr_in *)
		    (const void *)ss)->sin_addr.s_addr));
	if (ss->ss_family == AF_INET6)
		return IN6_IS_ADDR_MULTICAST(&((const struct sockaddr_in6 *)
		    (const void *)ss)->sin6_addr);
	return 0;
}

/*
 * To a multicast group: the hop limit and the way out (docs/packter-agent.1,
 * MULTICAST).  0, or -1 with errno set.
 */
static int
group_options(int fd, int family, const struct sender_opts *o)
{
	unsigned idx = 0;
	int ttl = o->mcast_ttl, on = 1;

	if (o->mcast_if != NULL && (idx = if_nametoindex(o->mcast_if)) == 0)
		return -1;
	if (family == AF_INET) {
		struct ip_mreqn mr;

		if (ttl > 0 && setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL,
		    &ttl, sizeof(ttl)) == -1)
			return -1;
		(void)setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &on,
		    sizeof(on));
		if (idx != 0) {
			memset(&mr, 0, sizeof(mr));
			mr.imr_ifindex = (int)idx;
			if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mr,
			    sizeof(mr)) == -1)
				return -1;
		}
		return 0;
	}
	if (ttl > 0 && setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &ttl,
	    sizeof(ttl)) == -1)
		return -1;
	(void)setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &on,
	    sizeof(on));
	if (idx != 0 && setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &idx,
	    sizeof(idx)) == -1)
		return -1;
	return 0;
}

/*
 * One connected socket per viewer: the route is looked up once, not per
 * datagram.  A viewer that is not listening makes sends fail with
 * ECONNREFUSED now and then; that is counted, never fatal.  A multicast
 * group gets its hop limit and interface first.
 */
static int
viewer_socket(const struct sockaddr_storage *ss, socklen_t len,
    const struct sender_opts *o)
{
	int fd, sz = 4 * 1024 * 1024, saved;

	fd = socket(ss->ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	/* A large buffer so that bursts from sendmmsg are not cut short. */
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	if ((is_group(ss) && group_options(fd, ss->ss_family, o) == -1) ||
	    connect(fd, (const struct sockaddr *)ss, len) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

int
sender_add_viewer(struct sender *s, const char *spec, unsigned default_port,
    char *err, size_t errlen)
{
	struct viewer *v;
	char why[256];

	if (s->nv == MAX_VIEWERS) {
		snprintf(err, errlen, "too many viewers (at most %d)", MAX_VIEWERS);
		return -1;
	}
	v = &s->v[s->nv];
	if (cli_resolve(spec, default_port, 0, SOCK_DGRAM, &v->ss, &v->sslen,
	    v->name, sizeof(v->name), why, sizeof(why)) < 0) {
		snprintf(err, errlen, "viewer %s", why);
		return -1;
	}
	if ((v->fd = viewer_socket(&v->ss, v->sslen, &s->o)) < 0) {
		(void)errbuf_fmt_errno(err, errlen, errno, "viewer '%s': socket",
		    spec);
		return -1;
	}
	s->nv++;
	return 0;
}

unsigned
sender_viewers(const struct sender *s)
{
	return s->nv;
}

char *
sender_viewer_filter(const struct sender *s)
{
	char host[NI_MAXHOST], serv[NI_MAXSERV], *f, *pct;
	size_t cap, n = 0;
	unsigned i;

	if (s->nv == 0)
		return NULL;
	cap = 64 + (size_t)s->nv * (NI_MAXHOST + NI_MAXSERV + 160);
	f = xmalloc(cap);
	for (i = 0; i < s->nv; i++) {
		if (getnameinfo((const struct sockaddr *)&s->v[i].ss,
		    s->v[i].sslen, host, sizeof(host), serv, sizeof(serv),
		    NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
			free(f);
			return NULL;
		}
		if ((pct = strchr(host, '%')) != NULL)	/* scope: BPF wants none */
			*pct = '\0';
		/*
		 * The datagram itself, and the port unreachable a viewer that
		 * is not listening answers with (the UDP header quoted in the
		 * ICMP error, at fixed offsets for an IP header without options).
		 */
		n += (size_t)snprintf(f + n, cap - n,
		    "%s(udp and dst host %s and dst port %s) or "
		    "(icmp and icmp[0] == 3 and icmp[30:2] == %s) or "
		    "(ip6 and ip6[6] == 58 and ip6[40] == 1 and ip6[90:2] == %s)",
		    i ? " or " : "", host, serv, serv, serv);
	}
	return f;
}

/*
 * A viewer that is not running answers with ICMP port unreachable: say so
 * once, in words, until it listens again (its datagrams are still counted
 * as send errors).
 */
static void
viewer_gone(struct viewer *v)
{
	if (v->refused)
		return;
	v->refused = 1;
	log_warn("no viewer listening at %s; going on (what is sent there "
	    "meanwhile is counted as send-errors)", v->name);
}

static void
viewer_back(struct viewer *v)
{
	v->refused = 0;
}

/* writev(2) until everything is written. */
static int
writev_all(int fd, struct iovec *iov, int cnt)
{
	ssize_t n;

	while (cnt > 0) {
		n = writev(fd, iov, cnt > IOV_MAX ? IOV_MAX : cnt);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		while (cnt > 0 && (size_t)n >= iov->iov_len) {
			n -= (ssize_t)iov->iov_len;
			iov++;
			cnt--;
		}
		if (cnt > 0) {
			iov->iov_base = (char *)iov->iov_base + n;
			iov->iov_len -= (size_t)n;
		}
	}
	return 0;
}

static inline char *
slot_buf(struct sender *s, unsigned i)
{
	return s->buf + (size_t)(i & (NSLOT - 1)) * s->o.payload_max;
}

static inline struct slot *
slot_at(struct sender *s, unsigned i)
{
	return &s->slot[i & (NSLOT - 1)];
}

/* -n: each datagram after its line "TIME sec usec". */
static int
print_batch(struct sender *s, const struct iovec *body,
    const struct timeval *const *ts, unsigned cnt)
{
	static char eol[] = "\n";
	struct iovec iov[3 * SEND_MAX];
	char times[SEND_MAX][48];
	unsigned i;
	size_t n;
	int niov = 0;

	for (i = 0; i < cnt; i++) {
		memcpy(times[i], "TIME ", 5);
		n = 5 + pt_fmt_u32(times[i] + 5, (uint32_t)ts[i]->tv_sec);
		times[i][n++] = ' ';
		n += pt_fmt_u32(times[i] + n, (uint32_t)ts[i]->tv_usec);
		times[i][n++] = '\n';
		iov[niov].iov_base = times[i];
		iov[niov++].iov_len = n;
		iov[niov++] = body[i];
		/*
		 * A control message ends without a line end, as the reference
		 * sends it: the line ends here, and --replay takes it off.
		 */
		if (body[i].iov_len > 0 &&
		    ((const char *)body[i].iov_base)[body[i].iov_len - 1] !=
		    '\n') {
			iov[niov].iov_base = eol;
			iov[niov++].iov_len = 1;
		}
	}
	if (writev_all(s->o.print_fd, iov, niov) < 0) {
		if (s->c[SC_WRITE_ERRORS]++ == 0)
			log_errno(LOG_LVL_ERR, errno, "cannot write the records");
		return -1;
	}
	return 0;
}

/* Every datagram to every viewer, signed if a key was given. */
static void
send_batch(struct sender *s, struct iovec *body, unsigned cnt)
{
	struct mmsghdr msgs[SEND_MAX];
	struct iovec iov[2 * SEND_MAX];
	static _Thread_local char alines[SEND_MAX][AUTH_LINE_MAX];
	char ebuf[128];
	unsigned i, j, sent;
	time_t now = 0;
	int n;

	if (s->o.auth_key != NULL)
		now = time(NULL);
	memset(msgs, 0, sizeof(msgs[0]) * cnt);
	for (i = 0; i < cnt; i++) {
		const char *d = body[i].iov_base;
		size_t al = 0, len = body[i].iov_len;

		/*
		 * A replayed datagram that is signed already stays so.  Each
		 * line has a sequence number of its own: the same records in
		 * the same second are still two datagrams.
		 */
		if (s->o.auth_key != NULL && !(len >= 13 &&
		    memcmp(d, "PACKTERAGENT ", 13) == 0))
			al = auth_signer_line(&s->signer, alines[i],
			    sizeof(alines[i]), (int64_t)now, d, len);
		if (al > 0) {
			iov[2 * i].iov_base = alines[i];
			iov[2 * i].iov_len = al;
			iov[2 * i + 1] = body[i];
			msgs[i].msg_hdr.msg_iov = &iov[2 * i];
			msgs[i].msg_hdr.msg_iovlen = 2;
		} else {
			msgs[i].msg_hdr.msg_iov = &body[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
		}
	}
	for (j = 0; j < s->nv; j++) {
		for (sent = 0; sent < cnt; ) {
			n = sendmmsg(s->v[j].fd, msgs + sent, cnt - sent, 0);
			if (n > 0) {
				sent += (unsigned)n;
				atomic_fetch_add_explicit(&s->sent, (unsigned)n,
				    memory_order_relaxed);
				viewer_back(&s->v[j]);
				continue;
			}
			if (n < 0 && errno == EINTR)
				continue;
			/*
			 * ECONNREFUSED (a viewer's ICMP port unreachable),
			 * ENOBUFS ...: count this datagram as lost and go
			 * on; never stop.
			 */
			atomic_fetch_add_explicit(&s->send_errors, 1,
			    memory_order_relaxed);
			if (n < 0 && errno == ECONNREFUSED)
				viewer_gone(&s->v[j]);
			else
				log_limited(&s->rl_send, LOG_LVL_WARN,
				    "send to viewer %s: %s", s->v[j].name,
				    n < 0 ? errno_text(errno, ebuf,
				    sizeof(ebuf)) : "nothing sent");
			sent++;
		}
	}
}

/* Send (or print) the slots [from, to); 0, or -1 on a -n write error. */
static int
xmit(struct sender *s, unsigned from, unsigned to)
{
	struct iovec body[SEND_MAX];
	const struct timeval *ts[SEND_MAX];
	unsigned i, k;
	int rc = 0;

	while (from != to) {
		k = to - from < SEND_MAX ? to - from : SEND_MAX;
		for (i = 0; i < k; i++) {
			body[i].iov_base = slot_buf(s, from + i);
			body[i].iov_len = slot_at(s, from + i)->len;
			ts[i] = &slot_at(s, from + i)->ts;
		}
		if (s->o.print_fd >= 0) {
			if (print_batch(s, body, ts, k) < 0)
				rc = -1;
		} else
			send_batch(s, body, k);
		from += k;
	}
	return rc;
}

/*
 * A record's capture time for its PACKTERTIME trailer: a time outside what
 * the trailer holds (1970 to 2106, PT_TIME_MAX_SEC) is sent as the nearest
 * end of that range, so every record keeps a time a viewer takes.
 */
static int64_t
sender_time_us(const struct timeval *ts)
{
	if (ts->tv_sec < 0)
		return 0;
	if ((uint64_t)ts->tv_sec >= PT_TIME_MAX_SEC)
		return (int64_t)PT_TIME_MAX_SEC * 1000000;
	return (int64_t)ts->tv_sec * 1000000 +
	    (ts->tv_usec >= 0 && ts->tv_usec < 1000000 ? ts->tv_usec : 0);
}

/* --- the send thread ------------------------------------------------------ */

static void *
send_thread(void *arg)
{
	struct sender *s = arg;
	unsigned tail = atomic_load(&s->atail), pub, k;

	for (;;) {
		pub = atomic_load_explicit(&s->apub, memory_order_acquire);
		if (pub == tail) {
			if (atomic_load(&s->stop))
				break;
			/*
			 * Say we sleep, then look again: the producer stores
			 * pub and then reads sleeping, so one of the two sees
			 * the other (both sequentially consistent).
			 */
			pthread_mutex_lock(&s->mu);
			atomic_store(&s->sleeping, 1);
			while (atomic_load(&s->apub) == tail &&
			    !atomic_load(&s->stop))
				pthread_cond_wait(&s->work, &s->mu);
			atomic_store(&s->sleeping, 0);
			pthread_mutex_unlock(&s->mu);
			continue;
		}
		k = pub - tail < SEND_MAX ? pub - tail : SEND_MAX;
		(void)xmit(s, tail, tail + k);
		tail += k;
		atomic_store(&s->atail, tail);
		if (atomic_load(&s->waiting)) {
			pthread_mutex_lock(&s->mu);
			pthread_cond_signal(&s->room);
			pthread_mutex_unlock(&s->mu);
		}
	}
	return NULL;
}

/*
 * Pin the caller (the capture thread) to the CPU it is on and the send
 * thread to the others it may use, where it may use three or more.  On two
 * the scheduler keeps the two threads apart well enough by itself, and a
 * thread pinned to a CPU that something else keeps busy would wait for it
 * while the other CPU idles.
 */
static void
pin_apart(struct sender *s)
{
#ifdef CPU_ZERO
	cpu_set_t all, here;
	int cpu, n;

	if (sched_getaffinity(0, sizeof(all), &all) < 0 ||
	    (n = CPU_COUNT(&all)) < 3 || (cpu = sched_getcpu()) < 0 ||
	    !CPU_ISSET(cpu, &all))
		return;
	CPU_ZERO(&here);
	CPU_SET(cpu, &here);
	CPU_CLR(cpu, &all);
	if (pthread_setaffinity_np(pthread_self(), sizeof(here), &here) != 0 ||
	    pthread_setaffinity_np(s->thread, sizeof(all), &all) != 0) {
		log_debug("could not pin the capture and send threads apart");
		return;
	}
	log_debug("capture thread on CPU %d, send thread on the %d others",
	    cpu, n - 1);
#else
	(void)s;
#endif
}

/* The first datagram to send starts the thread (never for -n). */
static void
thread_start(struct sender *s)
{
	sigset_t all, old;
	int e;

	s->o.send_thread = 0;		/* one try */
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->work, NULL);
	pthread_cond_init(&s->room, NULL);
	atomic_store(&s->apub, s->pub);
	atomic_store(&s->atail, s->ptail);
	s->handed = s->pub;
	/* Signals are for the main loop's ppoll(), never for this thread. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	e = pthread_create(&s->thread, NULL, send_thread, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (e != 0) {
		log_errno(LOG_LVL_WARN, e, "no send thread: sending from the "
		    "capture thread");
		pthread_cond_destroy(&s->room);
		pthread_cond_destroy(&s->work);
		pthread_mutex_destroy(&s->mu);
		return;
	}
	s->threaded = 1;
	(void)pthread_setname_np(s->thread, "packter-send");
	if (!s->o.no_pin)
		pin_apart(s);
}

/* Wake the thread if it sleeps (force: even for one datagram). */
static void
thread_kick(struct sender *s, int force)
{
	if (!atomic_load(&s->sleeping)) {
		s->handed = s->pub;
		return;
	}
	if (!force && s->pub - s->handed < WAKE_BATCH)
		return;
	pthread_mutex_lock(&s->mu);
	pthread_cond_signal(&s->work);
	pthread_mutex_unlock(&s->mu);
	s->handed = s->pub;
}

/* Wait until at most left slots are waiting to be sent. */
static void
thread_wait(struct sender *s, unsigned left)
{
	s->ptail = atomic_load_explicit(&s->atail, memory_order_acquire);
	if (s->pub - s->ptail <= left)
		return;
	thread_kick(s, 1);
	pthread_mutex_lock(&s->mu);
	atomic_store(&s->waiting, 1);
	while (s->pub - (s->ptail = atomic_load(&s->atail)) > left)
		pthread_cond_wait(&s->room, &s->mu);
	atomic_store(&s->waiting, 0);
	pthread_mutex_unlock(&s->mu);
}

/* --- batching ------------------------------------------------------------- */

/*
 * The open slot is complete: publish it.  Without the thread, send once
 * SEND_BATCH wait.  Then make sure the next slot is free.
 */
static void
close_slot(struct sender *s)
{
	struct slot *sl = slot_at(s, s->pub);

	if (sl->len == 0)
		return;
	/*
	 * The places (-G) go before the times, which end the datagram; room
	 * for both was kept when each record came.
	 */
	if (s->glen > 0) {
		char *d = slot_buf(s, s->pub);

		memcpy(d + sl->len, s->gbuf, s->glen);
		sl->len += s->glen;
		d[sl->len++] = '\n';
		s->glen = 0;
	}
	if (s->tlen > 0) {
		char *d = slot_buf(s, s->pub);

		memcpy(d + sl->len, s->tbuf, s->tlen);
		sl->len += s->tlen;
		d[sl->len++] = '\n';
		s->tlen = 0;
	}
	s->c[SC_DATAGRAMS]++;
	s->pub++;
	if (!s->threaded && s->o.send_thread && s->nv > 0)
		thread_start(s);
	if (s->threaded) {
		atomic_store(&s->apub, s->pub);
		thread_kick(s, 0);
		if (s->handed == s->pub)
			s->oldest_us = INT64_MAX;
		if (s->pub - s->ptail >= NSLOT)
			thread_wait(s, NSLOT - 1);
	} else if (s->pub - s->ptail >= SEND_BATCH) {
		(void)xmit(s, s->ptail, s->pub);
		s->ptail = s->pub;
		s->oldest_us = INT64_MAX;
	}
	slot_at(s, s->pub)->len = 0;
}

/* Send everything waiting; with the thread, wait until it has. */
static int
drain(struct sender *s)
{
	int rc = 0;

	if (s->threaded)
		thread_wait(s, 0);
	else if (s->pub != s->ptail) {
		rc = xmit(s, s->ptail, s->pub);
		s->ptail = s->pub;
	}
	s->oldest_us = INT64_MAX;
	return rc;
}

void
sender_record(struct sender *s, const char *line, size_t len,
    const struct timeval *ts, int64_t now_us)
{
	sender_record_geo(s, line, len, ts, now_us, NULL, 0);
}

void
sender_record_geo(struct sender *s, const char *line, size_t len,
    const struct timeval *ts, int64_t now_us, const char *geo, size_t geo_len)
{
	struct slot *sl = slot_at(s, s->pub);
	int64_t t = sender_time_us(ts);
	char tt[PT_TIME_FIRST_MAX];
	size_t tl = 0, gl = 0;

	/* -G: every record has its word, "-/-" when it was given none. */
	if (s->o.geo) {
		if (geo == NULL || geo_len == 0 || geo_len > PT_GEO_WORD_MAX) {
			geo = "-/-";
			geo_len = 3;
		}
		gl = 1 + geo_len;
	}
	if (len + KEYWORD_LEN + (s->o.capture_times ? PT_TIME_FIRST_MAX + 1 :
	    0) + (s->o.geo ? GEO_ROOM : 0) > s->o.payload_max) {
		s->c[SC_TOO_LONG]++;
		return;
	}
	s->c[SC_RECORDS]++;
	if (sl->len != 0) {
		int64_t gap = (int64_t)(ts->tv_sec - sl->ts.tv_sec) * 1000000 +
		    (ts->tv_usec - sl->ts.tv_usec);

		if (s->o.capture_times)
			tl = pt_fmt_time_delta(tt, t - s->last_us);
		if (!s->o.batch || gap >= s->o.flush_us || gap < 0 ||
		    sl->len + len + s->tlen + tl + 1 + (s->o.geo ?
		    s->glen + gl + 1 : 0) > s->o.payload_max) {
			close_slot(s);
			sl = slot_at(s, s->pub);
		}
	}
	if (sl->len == 0) {
		memcpy(slot_buf(s, s->pub), KEYWORD, KEYWORD_LEN);
		sl->len = KEYWORD_LEN;
		sl->ts = *ts;
		s->tlen = 0;
		s->glen = 0;
		if (s->o.geo) {
			memcpy(s->gbuf, PT_GEO_KEYWORD, GEO_KW_LEN);
			s->glen = GEO_KW_LEN;
		}
		if (s->o.capture_times)
			tl = pt_fmt_time_first(tt, t);
		if (s->oldest_us == INT64_MAX)
			s->oldest_us = now_us;
	}
	memcpy(slot_buf(s, s->pub) + sl->len, line, len);
	sl->len += len;
	if (tl > 0) {
		memcpy(s->tbuf + s->tlen, tt, tl);
		s->tlen += tl;
		s->last_us = t;
	}
	if (gl > 0) {
		s->gbuf[s->glen] = ' ';
		memcpy(s->gbuf + s->glen + 1, geo, geo_len);
		s->glen += gl;
	}
	if (!s->o.batch)
		close_slot(s);
}

void
sender_datagram(struct sender *s, const char *buf, size_t len,
    const struct timeval *ts, int64_t now_us)
{
	struct slot *sl;

	close_slot(s);
	if (len > PT_MAX_DATAGRAM) {
		s->c[SC_TOO_LONG]++;
		return;
	}
	if (len > s->o.payload_max) {
		/*
		 * Larger than a slot: everything queued goes first, then this,
		 * from here (the thread, if any, has nothing left to do).
		 */
		struct iovec body;
		const struct timeval *tsp = ts;

		(void)drain(s);
		body.iov_base = (char *)buf;
		body.iov_len = len;
		s->c[SC_DATAGRAMS]++;
		if (s->o.print_fd >= 0)
			(void)print_batch(s, &body, &tsp, 1);
		else
			send_batch(s, &body, 1);
		return;
	}
	sl = slot_at(s, s->pub);
	memcpy(slot_buf(s, s->pub), buf, len);
	sl->len = len;
	sl->ts = *ts;
	s->tlen = 0;
	s->glen = 0;
	if (s->oldest_us == INT64_MAX)
		s->oldest_us = now_us;
	close_slot(s);
}

int64_t
sender_deadline(const struct sender *s)
{
	if (s->oldest_us == INT64_MAX)
		return INT64_MAX;
	return s->oldest_us + s->o.flush_us;
}

int
sender_flush(struct sender *s)
{
	close_slot(s);
	return drain(s);
}

uint64_t
sender_counter(const struct sender *s, enum sender_counter c)
{
	if (c == SC_SENT)
		return atomic_load_explicit(&((struct sender *)s)->sent,
		    memory_order_relaxed);
	if (c == SC_SEND_ERRORS)
		return atomic_load_explicit(&((struct sender *)s)->send_errors,
		    memory_order_relaxed);
	return s->c[c];
}

const char *
sender_counter_name(enum sender_counter c)
{
	return sender_counter_names[c];
}

void
sender_stats(const struct sender *s, FILE *f)
{
	uint64_t v[SC_MAX];
	struct counters c = { "sender", sender_counter_names, v, SC_MAX };
	int i;

	for (i = 0; i < SC_MAX; i++)
		v[i] = sender_counter(s, (enum sender_counter)i);
	counters_print(f, &c, 0);
}

void
sender_free(struct sender *s)
{
	unsigned i;

	if (s == NULL)
		return;
	if (s->threaded) {
		(void)drain(s);
		pthread_mutex_lock(&s->mu);
		atomic_store(&s->stop, 1);
		pthread_cond_signal(&s->work);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->thread, NULL);
		pthread_cond_destroy(&s->room);
		pthread_cond_destroy(&s->work);
		pthread_mutex_destroy(&s->mu);
	}
	for (i = 0; i < s->nv; i++)
		close(s->v[i].fd);
	free(s->buf);
	free(s->tbuf);
	free(s->gbuf);
	free(s);
}
