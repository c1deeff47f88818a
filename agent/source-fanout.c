/*
 * source-fanout.c - live capture over N threads (--threads N).
 *
 * Where one core cannot decode and format every packet of an interface,
 * the capture is spread over threads: each opens the interface as the pcap
 * source does (source-pcap.c, TPACKET_V3 ring, the same filter and -B) and
 * joins one PACKET_FANOUT group of the process's own with it, in
 * PACKET_FANOUT_HASH mode (defragmenting first), so that the kernel hands
 * every packet to exactly one member and all packets of a flow to the same
 * one.  Each thread then is a small agent of its own: a poll loop, a core
 * (core.c) and a sender (sender.c, with its send thread) to the same
 * viewers, and with -G a GeoIP handle (geoip.c) of its own, so that
 * nothing is shared on the packet path.  Records of two
 * flows may therefore reach a viewer in another order than one thread
 * would send them; each record keeps its capture time.
 *
 * In the main loop this is one source.  Its descriptor is a pipe a thread
 * writes to when it stops by itself (the capture failed); its counters are
 * copied by each thread at the main thread's request (no counter is read
 * while its thread writes it), printed per thread for the captures and
 * summed for the cores and senders.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "clock.h"
#include "core.h"
#include "counters.h"
#include "errbuf.h"
#include "fanout.h"
#include "geoip.h"
#include "log.h"
#include "sender.h"
#include "signals.h"
#include "source.h"
#include "stats.h"

#define PCAP_COUNTERS	16	/* room for the pcap source's counters */

struct fanout;

struct lane {
	struct fanout		*f;
	unsigned		 id;
	pthread_t		 thread;
	int			 started;
	struct source		*src;
	struct agent		*ag;
	struct sender		*snd;
	struct geoip		*geo;		/* -G: its own, or NULL */
	int			 wake[2];	/* the main thread knocks here */
	_Atomic int		 running;
	_Atomic int		 failed;	/* its capture stopped */
	/* Counters copied by the thread when asked (under f->mu). */
	int			 snap_req;
	uint64_t		 pc[PCAP_COUNTERS];
	unsigned		 npc;
	const char *const	*pc_names;
	uint64_t		 ac[AC_MAX];
	uint64_t		 sc[SC_MAX];
	uint64_t		 gc[GC_MAX];
	char			 name[64];
};

struct fanout {
	struct source		 src;
	unsigned		 n;
	struct lane		*lanes;
	int			 done[2];	/* a thread stopped by itself */
	_Atomic int		 stop;
	int			 joined;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	char			 iface[48];
};

/* In the thread: copy its counters for the main thread. */
static void
lane_snapshot(struct lane *l)
{
	unsigned i;

	l->npc = source_pcap_counters(l->src, l->pc, PCAP_COUNTERS,
	    &l->pc_names);
	for (i = 0; i < AC_MAX; i++)
		l->ac[i] = agent_counter(l->ag, (enum agent_counter)i);
	for (i = 0; i < SC_MAX; i++)
		l->sc[i] = sender_counter(l->snd, (enum sender_counter)i);
	for (i = 0; l->geo != NULL && i < GC_MAX; i++)
		l->gc[i] = geoip_counter(l->geo, (enum geoip_counter)i);
}

static void
lane_answer(struct lane *l)
{
	struct fanout *f = l->f;

	pthread_mutex_lock(&f->mu);
	if (l->snap_req) {
		lane_snapshot(l);
		l->snap_req = 0;
		pthread_cond_broadcast(&f->cv);
	}
	pthread_mutex_unlock(&f->mu);
}

/* The main loop's work, for one thread: its source and its sender. */
static void *
lane_main(void *arg)
{
	struct lane *l = arg;
	struct fanout *f = l->f;
	struct pollfd pfd[2];
	struct timespec tmo, *tmop;
	enum source_status st = SRC_MORE;
	int64_t now, wake = 0, deadline, next;
	char drain[64];

	pfd[0].fd = l->src->ops->fd(l->src);
	pfd[0].events = POLLIN;
	pfd[1].fd = l->wake[0];
	pfd[1].events = POLLIN;
	while (!atomic_load(&f->stop)) {
		now = mono_us();
		if (wake <= now) {
			agent_set_now(l->ag, now);
			st = l->src->ops->run(l->src, l->ag, now, &wake);
			if (st != SRC_MORE)
				break;
		}
		now = mono_us();
		deadline = sender_deadline(l->snd);
		if (wake > now && deadline <= now) {
			(void)sender_flush(l->snd);
			deadline = INT64_MAX;
		}
		next = wake < deadline ? wake : deadline;
		if (next == INT64_MAX)
			tmop = NULL;
		else {
			int64_t d = next > now ? next - now : 0;

			tmo.tv_sec = d / 1000000;
			tmo.tv_nsec = (d % 1000000) * 1000;
			tmop = &tmo;
		}
		if (ppoll(pfd, 2, tmop, NULL) > 0) {
			if (pfd[0].revents != 0)
				wake = 0;
			if (pfd[1].revents != 0)
				while (read(l->wake[0], drain, sizeof(drain)) > 0)
					;
		}
		lane_answer(l);
	}
	(void)sender_flush(l->snd);
	pthread_mutex_lock(&f->mu);
	lane_snapshot(l);
	l->snap_req = 0;
	atomic_store(&l->running, 0);
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
	if (st != SRC_MORE) {
		atomic_store(&l->failed, st == SRC_ERROR);
		(void)write(f->done[1], "x", 1);
	}
	return NULL;
}

static void
knock(struct lane *l)
{
	(void)write(l->wake[1], "x", 1);
}

static void
stop_lanes(struct fanout *f)
{
	unsigned i;

	if (f->joined)
		return;
	f->joined = 1;
	atomic_store(&f->stop, 1);
	for (i = 0; i < f->n; i++)
		knock(&f->lanes[i]);
	for (i = 0; i < f->n; i++)
		if (f->lanes[i].started)
			pthread_join(f->lanes[i].thread, NULL);
}

static int
fanout_fd(struct source *s)
{
	return ((struct fanout *)s)->done[0];
}

static int
fanout_start(struct source *s, int64_t now_us)
{
	struct fanout *f = (struct fanout *)s;
	sigset_t all, old;
	unsigned i;
	int e;

	/* The threads take no signal: those are the main loop's. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (i = 0; i < f->n; i++) {
		struct lane *l = &f->lanes[i];
		char tn[16];

		atomic_store(&l->running, 1);
		if ((e = pthread_create(&l->thread, NULL, lane_main, l)) != 0) {
			atomic_store(&l->running, 0);
			pthread_sigmask(SIG_SETMASK, &old, NULL);
			log_errno(LOG_LVL_ERR, e, "capture thread %u", i);
			return -1;
		}
		l->started = 1;
		snprintf(tn, sizeof(tn), "packter-cap%u", i % 100);
		(void)pthread_setname_np(l->thread, tn);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	log_info("capturing on %s with %u threads (PACKET_FANOUT by flow "
	    "hash)", f->iface, f->n);
	return 0;
}

static enum source_status
fanout_run(struct source *s, struct agent *ag, int64_t now_us,
    int64_t *wake_us)
{
	struct fanout *f = (struct fanout *)s;
	char drain[64];
	unsigned i, ended = 0;

	*wake_us = SRC_NO_WAKE;
	while (read(f->done[0], drain, sizeof(drain)) > 0)
		;
	for (i = 0; i < f->n; i++) {
		if (atomic_load(&f->lanes[i].failed))
			return SRC_ERROR;
		if (!atomic_load(&f->lanes[i].running))
			ended++;
	}
	return ended == f->n ? SRC_EOF : SRC_MORE;
}

/* Every thread's counters as they are now (or as they ended). */
static void
snapshot_all(struct fanout *f)
{
	unsigned i;

	pthread_mutex_lock(&f->mu);
	for (i = 0; i < f->n; i++)
		if (atomic_load(&f->lanes[i].running)) {
			f->lanes[i].snap_req = 1;
			knock(&f->lanes[i]);
		}
	for (i = 0; i < f->n; i++)
		while (f->lanes[i].snap_req &&
		    atomic_load(&f->lanes[i].running))
			pthread_cond_wait(&f->cv, &f->mu);
	pthread_mutex_unlock(&f->mu);
}

static void
fanout_stats(struct source *s, FILE *fp)
{
	struct fanout *f = (struct fanout *)s;
	uint64_t ac[AC_MAX], sc[SC_MAX], gc[GC_MAX];
	const char *an[AC_MAX], *sn[SC_MAX], *gn[GC_MAX];
	char title[96];
	unsigned i, k;

	/* On the way out: let the threads send what they hold first. */
	if (s->done || sig_pending(PSIG_STOP))
		stop_lanes(f);
	if (!f->joined)
		snapshot_all(f);
	memset(ac, 0, sizeof(ac));
	memset(sc, 0, sizeof(sc));
	memset(gc, 0, sizeof(gc));
	for (i = 0; i < f->n; i++) {
		struct lane *l = &f->lanes[i];
		struct counters c = { l->name, l->pc_names, l->pc, l->npc };

		if (l->pc_names != NULL)
			counters_print(fp, &c, 0);
		for (k = 0; k < AC_MAX; k++)
			ac[k] += l->ac[k];
		for (k = 0; k < SC_MAX; k++)
			sc[k] += l->sc[k];
		for (k = 0; k < GC_MAX; k++)
			gc[k] += l->gc[k];
	}
	for (k = 0; k < AC_MAX; k++)
		an[k] = agent_counter_name((enum agent_counter)k) != NULL ?
		    agent_counter_name((enum agent_counter)k) : "?";
	for (k = 0; k < SC_MAX; k++)
		sn[k] = sender_counter_name((enum sender_counter)k);
	snprintf(title, sizeof(title), "agent (%u capture threads)", f->n);
	{
		struct counters c = { title, an, ac, AC_MAX };

		counters_print(fp, &c, 0);
	}
	snprintf(title, sizeof(title), "sender (%u capture threads)", f->n);
	{
		struct counters c = { title, sn, sc, SC_MAX };

		counters_print(fp, &c, 0);
	}
	if (f->lanes[0].geo == NULL)
		return;
	for (k = 0; k < GC_MAX; k++)
		gn[k] = geoip_counter_name((enum geoip_counter)k);
	snprintf(title, sizeof(title), "geoip (%u capture threads)", f->n);
	{
		struct counters c = { title, gn, gc, GC_MAX };

		counters_print(fp, &c, 0);
	}
}

static void
fanout_close(struct source *s)
{
	struct fanout *f = (struct fanout *)s;
	unsigned i;

	stop_lanes(f);
	for (i = 0; i < f->n; i++) {
		struct lane *l = &f->lanes[i];

		if (l->src != NULL)
			l->src->ops->close(l->src);
		agent_free(l->ag);
		sender_free(l->snd);
		geoip_close(l->geo);
		if (l->wake[0] >= 0) {
			close(l->wake[0]);
			close(l->wake[1]);
		}
	}
	close(f->done[0]);
	close(f->done[1]);
	pthread_cond_destroy(&f->cv);
	pthread_mutex_destroy(&f->mu);
	free(f->lanes);
	free(f);
}

static const struct source_ops fanout_ops = {
	.name = "fanout",
	.fd = fanout_fd,
	.run = fanout_run,
	.stats = fanout_stats,
	.close = fanout_close,
	.start = fanout_start,
};

struct source *
source_fanout_open(const struct fanout_opts *o, char *err, size_t errlen)
{
	struct fanout *f = xcalloc(1, sizeof(*f));
	struct agent_opts ao = *o->agent;
	struct sender_opts so = *o->sender;
	unsigned i, j;

	f->src.ops = &fanout_ops;
	f->n = o->threads;
	f->lanes = xcalloc(f->n, sizeof(*f->lanes));
	snprintf(f->iface, sizeof(f->iface), "%s", o->pcap->iface);
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->cv, NULL);
	for (i = 0; i < f->n; i++)
		f->lanes[i].wake[0] = f->lanes[i].wake[1] = -1;
	if (pipe2(f->done, O_NONBLOCK | O_CLOEXEC) < 0) {
		f->done[0] = f->done[1] = -1;
		(void)errbuf_fmt_errno(err, errlen, errno, "pipe");
		goto fail;
	}
	/* Threads share no alarm or anonymiser state: main.c refuses them. */
	ao.alarm = NULL;
	ao.anon = NULL;
	ao.anon_keep = NULL;
	/* N senders, each with a thread: let the scheduler place them. */
	so.no_pin = 1;
	for (i = 0; i < f->n; i++) {
		struct lane *l = &f->lanes[i];
		struct pcap_opts po = *o->pcap;

		l->f = f;
		l->id = i;
		snprintf(l->name, sizeof(l->name), "capture %s thread %u",
		    o->pcap->iface, i);
		if (pipe2(l->wake, O_NONBLOCK | O_CLOEXEC) < 0) {
			l->wake[0] = l->wake[1] = -1;
			(void)errbuf_fmt_errno(err, errlen, errno, "pipe");
			goto fail;
		}
		/* The group: the process's own, for this interface. */
		po.fanout_group = (int)(getpid() & 0x7fff) + 1;
		po.fanout_member = (int)i;
		if ((l->src = source_pcap_open(&po, err, errlen)) == NULL)
			goto fail;
		if (ao.seed != 0)
			ao.seed = o->agent->seed + i;
		/* -G: the thread's own look-ups, never the main loop's. */
		if (o->geo_path != NULL) {
			if ((l->geo = geoip_open(o->geo_path, err,
			    errlen)) == NULL)
				goto fail;
			if (o->geo_home != NULL)
				geoip_set_home(l->geo, o->geo_home);
		}
		ao.geo = l->geo;
		l->snd = sender_new(&so);
		for (j = 0; j < o->nviewers; j++)
			if (sender_add_viewer(l->snd, o->viewers[j], o->port,
			    err, errlen) < 0)
				goto fail;
		l->ag = agent_new(&ao, l->snd);
	}
	return &f->src;
fail:
	f->joined = 1;			/* no thread ever started */
	fanout_close(&f->src);
	return NULL;
}
