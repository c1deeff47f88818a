/*
 * source-pcap.c - packets from libpcap: a live interface (-i) or a pcap/pcapng
 * file (-r, "-" for standard input), with a BPF filter.
 *
 * Live: promiscuous, non-blocking, polled on pcap_get_selectable_fd(), and
 * on Linux read from a TPACKET_V3 ring (libpcap's default, which immediate
 * mode would turn off): the kernel fills blocks of packets and hands a
 * block over when it is full or LIVE_TIMEOUT_MS old, so a busy interface
 * costs one wakeup per block, not per packet.  -B sizes the ring (set
 * before activation, as libpcap wants it).  With a fan-out group
 * (--threads, source-fanout.c) the socket joins a PACKET_FANOUT group
 * that hashes flows over its members.  Files: paced as captured (scaled by --speed) or
 * as fast as possible (--fast), --loop N times; a packet that is not yet due
 * is held and the source asks to be woken when it is.
 *
 * A FIFO is opened without blocking, and its descriptor polled until a
 * writer has written (or come and gone): open(2) of a FIFO with no writer
 * would wait in the kernel with the agent's signals blocked, deaf to SIGINT
 * and SIGTERM.  Then libpcap reads it through a FILE *, as any file.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#ifdef __linux__
#include <linux/if_packet.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent.h"
#include "counters.h"
#include "stats.h"
#include "errbuf.h"
#include "log.h"
#include "source.h"
#include "pace.h"

#define BUDGET		4096	/* packets per run() before yielding */
#define LIVE_TIMEOUT_MS	5	/* a ring block is handed over this old */

enum pcap_counter {
	PC_READ,		/* packets read */
	PC_KERNEL_DROP,		/* pcap_stats: dropped by the kernel */
	PC_IF_DROP,		/* pcap_stats: dropped by the interface */
	PC_FILE_ERRORS,		/* damaged or truncated file */
	PC_LOOPS,		/* times the file was (re)started */
	PC_GAPS_CUT,		/* --max-gap: waits shortened */
	PC_MAX
};

static const char *const pcap_counter_names[PC_MAX] = {
	[PC_READ]	= "packets-read",
	[PC_KERNEL_DROP] = "kernel-dropped",
	[PC_IF_DROP]	= "interface-dropped",
	[PC_FILE_ERRORS] = "file-errors",
	[PC_LOOPS]	= "file-passes",
	[PC_GAPS_CUT]	= "gaps-shortened",
};

struct pcap_source {
	struct source		 src;
	struct pcap_opts	 o;
	pcap_t			*p;
	int			 linktype;
	int			 live;
	/* Pacing of files. */
	int			 have_held;	/* a packet waits for its time */
	struct pcap_pkthdr	*held_h;
	const u_char		*held_data;
	struct pacer		 pace;
	int64_t			 held_due;	/* when the held packet is due */
	long			 loops_left;
	int			 keep_fd;	/* for --loop, or -1 */
	int			 fifo_fd;	/* FIFO, no writer yet; or -1 */
	int			 fifo;		/* -r names a FIFO */
	uint64_t		 c[PC_MAX];
	char			 name[64];
};

static int
pcap_fd(struct source *s)
{
	struct pcap_source *ps = (struct pcap_source *)s;

	if (ps->fifo_fd >= 0)
		return ps->fifo_fd;
	return ps->live ? pcap_get_selectable_fd(ps->p) : -1;
}

static int
apply_filter(pcap_t *p, const char *filter, int live, const char *iface,
    char *err, size_t errlen)
{
	struct bpf_program prog;
	bpf_u_int32 net = 0, mask = PCAP_NETMASK_UNKNOWN;
	char ebuf[PCAP_ERRBUF_SIZE];

	if (filter == NULL || *filter == '\0')
		return 0;
	if (live && iface != NULL && pcap_lookupnet(iface, &net, &mask, ebuf) < 0)
		mask = PCAP_NETMASK_UNKNOWN;
	if (pcap_compile(p, &prog, filter, 1, mask) < 0) {
		snprintf(err, errlen, "bad filter '%s': %s", filter,
		    pcap_geterr(p));
		return -1;
	}
	if (pcap_setfilter(p, &prog) < 0) {
		snprintf(err, errlen, "cannot set filter: %s", pcap_geterr(p));
		pcap_freecode(&prog);
		return -1;
	}
	pcap_freecode(&prog);
	return 0;
}

/*
 * -r FIFO: open it without waiting for a writer (0), or say it is no FIFO
 * (1), or fail (-1).
 */
static int
open_fifo(struct pcap_source *ps, char *err, size_t errlen)
{
	struct stat st;
	int fd;

	if (strcmp(ps->o.file, "-") == 0 || stat(ps->o.file, &st) < 0 ||
	    !S_ISFIFO(st.st_mode))
		return 1;
	fd = open(ps->o.file, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		(void)errbuf_fmt_errno(err, errlen, errno,
		    "cannot read capture '%s'", ps->o.file);
		return -1;
	}
	ps->fifo_fd = fd;
	ps->fifo = 1;
	log_info("waiting for a writer on the FIFO %s", ps->o.file);
	return 0;
}

/* The pcap header, the link type and the filter, for a FILE * opened. */
static int
open_stream(struct pcap_source *ps, FILE *f, char *err, size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE];

	ebuf[0] = '\0';
	ps->p = pcap_fopen_offline_with_tstamp_precision(f,
	    PCAP_TSTAMP_PRECISION_MICRO, ebuf);
	if (ps->p == NULL) {
		fclose(f);
		snprintf(err, errlen, "cannot read capture '%s': %s",
		    ps->o.file, ebuf);
		return -1;
	}
	return 0;
}

/* The writer is there (or came and went): libpcap takes the FIFO over. */
static int
fifo_ready(struct pcap_source *ps, char *err, size_t errlen)
{
	int fd = ps->fifo_fd, fl;
	FILE *f;

	ps->fifo_fd = -1;
	/* pcap reads through stdio: it wants a descriptor that blocks. */
	if ((fl = fcntl(fd, F_GETFL)) < 0 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0 ||
	    (f = fdopen(fd, "rb")) == NULL) {
		(void)errbuf_fmt_errno(err, errlen, errno,
		    "cannot read capture '%s'", ps->o.file);
		close(fd);
		return -1;
	}
	if (open_stream(ps, f, err, errlen) < 0)
		return -1;
	return 0;
}

static int
check_link(struct pcap_source *ps, char *err, size_t errlen)
{
	ps->linktype = pcap_datalink(ps->p);
	if (!decode_link_supported(ps->linktype)) {
		const char *n = pcap_datalink_val_to_name(ps->linktype);

		snprintf(err, errlen, "capture '%s': link type %d (%s) is not "
		    "supported (Ethernet, raw IP, BSD loopback, Linux "
		    "cooked, PPP, Cisco HDLC and 802.11 are)", ps->o.file,
		    ps->linktype, n ? n : "unknown");
		return -1;
	}
	if (apply_filter(ps->p, ps->o.filter, 0, NULL, err, errlen) < 0)
		return -1;
	ps->c[PC_LOOPS]++;
	pacer_restart(&ps->pace);
	return 0;
}

static int
open_file(struct pcap_source *ps, char *err, size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE];
	FILE *f;
	int fd, rc;

	ebuf[0] = '\0';
	if (ps->keep_fd < 0 && ps->p == NULL &&
	    (rc = open_fifo(ps, err, errlen)) <= 0)
		return rc;
	if (ps->keep_fd >= 0) {
		/*
		 * --loop: the file is read again through the descriptor kept
		 * from the first open, so it works after privileges are gone.
		 */
		if (lseek(ps->keep_fd, 0, SEEK_SET) < 0 ||
		    (fd = dup(ps->keep_fd)) < 0) {
			(void)errbuf_fmt_errno(err, errlen, errno,
			    "cannot rewind '%s'", ps->o.file);
			return -1;
		}
		if ((f = fdopen(fd, "rb")) == NULL) {
			close(fd);
			(void)errbuf_fmt_errno(err, errlen, errno,
			    "cannot rewind '%s'", ps->o.file);
			return -1;
		}
		ps->p = pcap_fopen_offline_with_tstamp_precision(f,
		    PCAP_TSTAMP_PRECISION_MICRO, ebuf);
		if (ps->p == NULL)
			fclose(f);
	} else
		ps->p = pcap_open_offline_with_tstamp_precision(ps->o.file,
		    PCAP_TSTAMP_PRECISION_MICRO, ebuf);
	if (ps->p != NULL && ps->keep_fd < 0 && ps->loops_left > 1 &&
	    strcmp(ps->o.file, "-") != 0)
		ps->keep_fd = dup(fileno(pcap_file(ps->p)));
	if (ps->p == NULL) {
		/* libpcap's message names the file when it could not open it. */
		if (strncmp(ebuf, ps->o.file, strlen(ps->o.file)) == 0)
			snprintf(err, errlen, "cannot read capture %s", ebuf);
		else
			snprintf(err, errlen, "cannot read capture '%s': %s",
			    ps->o.file, ebuf);
		return -1;
	}
	return check_link(ps, err, errlen);
}

/* The ring libpcap chose, for the log: "TPACKET_V3" ..., or NULL. */
static const char *
ring_version(pcap_t *p)
{
#if defined(__linux__) && defined(PACKET_VERSION)
	int v = -1;
	socklen_t l = sizeof(v);

	if (getsockopt(pcap_fileno(p), SOL_PACKET, PACKET_VERSION, &v,
	    &l) < 0)
		return NULL;
	switch (v) {
	case TPACKET_V1:
		return "TPACKET_V1";
	case TPACKET_V2:
		return "TPACKET_V2";
#ifdef TPACKET3_HDRLEN
	case TPACKET_V3:
		return "TPACKET_V3";
#endif
	}
#endif
	return NULL;
}

/* Join the fan-out group: one member gets each flow's packets. */
static int
join_fanout(struct pcap_source *ps, char *err, size_t errlen)
{
#if defined(__linux__) && defined(PACKET_FANOUT)
	/* The group id in the low 16 bits, type and flags in the high 16. */
	uint32_t word = ((uint32_t)ps->o.fanout_group & 0xffffu) |
	    ((uint32_t)(PACKET_FANOUT_HASH | PACKET_FANOUT_FLAG_DEFRAG) << 16);
	int arg;

	memcpy(&arg, &word, sizeof(arg));

	if (setsockopt(pcap_fileno(ps->p), SOL_PACKET, PACKET_FANOUT, &arg,
	    sizeof(arg)) < 0)
		return errbuf_fmt_errno(err, errlen, errno, "interface '%s': "
		    "PACKET_FANOUT group %d", ps->o.iface, ps->o.fanout_group);
	return 0;
#else
	return errbuf_fmt(err, errlen, "interface '%s': --threads needs "
	    "Linux's PACKET_FANOUT", ps->o.iface);
#endif
}

static int
open_live(struct pcap_source *ps, char *err, size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE];
	const char *ring;
	int rc;

	ebuf[0] = '\0';
	if ((ps->p = pcap_create(ps->o.iface, ebuf)) == NULL) {
		snprintf(err, errlen, "interface '%s': %s", ps->o.iface, ebuf);
		return -1;
	}
	pcap_set_snaplen(ps->p, ps->o.snaplen);
	pcap_set_promisc(ps->p, ps->o.promisc);
	pcap_set_timeout(ps->p, LIVE_TIMEOUT_MS);
	/* Before pcap_activate(): libpcap sizes the ring from it there. */
	if (ps->o.buffer_kb > 0 &&
	    pcap_set_buffer_size(ps->p, ps->o.buffer_kb * 1024) != 0) {
		snprintf(err, errlen, "interface '%s': -B %d: %s", ps->o.iface,
		    ps->o.buffer_kb, pcap_geterr(ps->p));
		return -1;
	}
	rc = pcap_activate(ps->p);
	if (rc < 0) {
		const char *hint = "";

		if (rc == PCAP_ERROR_PERM_DENIED)
			hint = " (run as root, or give the binary "
			    "cap_net_raw,cap_net_admin)";
		else if (rc == PCAP_ERROR_NO_SUCH_DEVICE)
			hint = " (list interfaces with 'ip link')";
		snprintf(err, errlen, "cannot capture on '%s': %s%s",
		    ps->o.iface, pcap_geterr(ps->p), hint);
		return -1;
	}
	if (rc > 0)
		log_warn("interface '%s': %s", ps->o.iface, pcap_geterr(ps->p));
	ps->linktype = pcap_datalink(ps->p);
	if (!decode_link_supported(ps->linktype)) {
		const char *n = pcap_datalink_val_to_name(ps->linktype);

		snprintf(err, errlen, "interface '%s': link type %d (%s) is not "
		    "supported", ps->o.iface, ps->linktype, n ? n : "unknown");
		return -1;
	}
	if (apply_filter(ps->p, ps->o.filter, 1, ps->o.iface, err, errlen) < 0)
		return -1;
	if (ps->o.fanout_group > 0 && join_fanout(ps, err, errlen) < 0)
		return -1;
	if (pcap_setnonblock(ps->p, 1, ebuf) < 0) {
		snprintf(err, errlen, "interface '%s': %s", ps->o.iface, ebuf);
		return -1;
	}
	if (pcap_get_selectable_fd(ps->p) < 0) {
		snprintf(err, errlen, "interface '%s' cannot be polled",
		    ps->o.iface);
		return -1;
	}
	{
		const char *n = pcap_datalink_val_to_name(ps->linktype);
		char buf[48];

		ring = ring_version(ps->p);
		if (ps->o.buffer_kb > 0)
			snprintf(buf, sizeof(buf), "%d KiB", ps->o.buffer_kb);
		else
			snprintf(buf, sizeof(buf), "libpcap's default");
		log_info("capturing on %s (link type %s, snaplen %d, buffer %s%s%s)",
		    ps->o.iface, n != NULL ? n : "?", pcap_snapshot(ps->p), buf,
		    ring != NULL ? ", ring " : "", ring != NULL ? ring : "");
	}
	return 0;
}

static void
give(struct pcap_source *ps, struct agent *ag, const struct pcap_pkthdr *h,
    const u_char *data)
{
	struct frame_meta m;

	ps->c[PC_READ]++;
	memset(&m, 0, sizeof(m));
	m.ts.tv_sec = h->ts.tv_sec;
	m.ts.tv_usec = h->ts.tv_usec;
	m.mode = DESC_DEFAULT;
	agent_frame(ag, ps->linktype, data, h->caplen, &m);
}

static enum source_status
run_live(struct pcap_source *ps, struct agent *ag, int64_t *wake_us)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int n, rc;

	*wake_us = SRC_NO_WAKE;
	for (n = 0; n < BUDGET; n++) {
		rc = pcap_next_ex(ps->p, &h, &data);
		if (rc == 1) {
			give(ps, ag, h, data);
			continue;
		}
		if (rc == 0)
			return SRC_MORE;
		log_err("capture on '%s' stopped: %s", ps->o.iface,
		    rc == PCAP_ERROR ? pcap_geterr(ps->p) : "end of capture");
		return SRC_ERROR;
	}
	*wake_us = 0;			/* more may be waiting: come back soon */
	return SRC_MORE;
}

static enum source_status
run_file(struct pcap_source *ps, struct agent *ag, int64_t now_us,
    int64_t *wake_us)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int n, rc;
	int64_t pkt_us, due;
	char err[256];

	for (n = 0; n < BUDGET; n++) {
		if (ps->have_held) {
			if (ps->held_due > now_us) {
				*wake_us = ps->held_due;
				return SRC_MORE;
			}
			h = ps->held_h;
			data = ps->held_data;
		} else {
			rc = pcap_next_ex(ps->p, &h, &data);
			if (rc == PCAP_ERROR_BREAK || rc == -2) {
				/* End of this pass. */
				if (--ps->loops_left <= 0)
					return SRC_EOF;
				if (strcmp(ps->o.file, "-") == 0 || ps->fifo) {
					log_warn("--loop cannot rewind %s",
					    ps->fifo ? "a FIFO" :
					    "standard input");
					return SRC_EOF;
				}
				pcap_close(ps->p);
				ps->p = NULL;
				if (open_file(ps, err, sizeof(err)) < 0) {
					log_err("%s", err);
					return SRC_ERROR;
				}
				continue;
			}
			if (rc != 1) {
				ps->c[PC_FILE_ERRORS]++;
				log_err("capture '%s' is damaged after %llu "
				    "packets: %s", ps->o.file,
				    (unsigned long long)ps->c[PC_READ],
				    pcap_geterr(ps->p));
				return SRC_ERROR;
			}
		}
		if (!ps->o.fast && !ps->have_held) {
			pkt_us = (int64_t)h->ts.tv_sec * 1000000 + h->ts.tv_usec;
			due = pacer_due(&ps->pace, pkt_us, now_us);
			ps->c[PC_GAPS_CUT] = ps->pace.gaps_cut;
			if (due > now_us) {
				ps->have_held = 1;
				ps->held_h = h;
				ps->held_data = data;
				ps->held_due = due;
				*wake_us = due;
				return SRC_MORE;
			}
		}
		ps->have_held = 0;
		give(ps, ag, h, data);
	}
	*wake_us = now_us;		/* yield, then go on at once */
	return SRC_MORE;
}

static enum source_status
pcap_run(struct source *s, struct agent *ag, int64_t now_us, int64_t *wake_us)
{
	struct pcap_source *ps = (struct pcap_source *)s;
	char err[256];

	if (ps->live)
		return run_live(ps, ag, wake_us);
	if (ps->fifo_fd >= 0) {
		if (fifo_ready(ps, err, sizeof(err)) < 0 ||
		    check_link(ps, err, sizeof(err)) < 0) {
			log_err("%s", err);
			return SRC_ERROR;
		}
		log_info("reading the FIFO %s", ps->o.file);
	}
	return run_file(ps, ag, now_us, wake_us);
}

static void
kernel_stats(struct pcap_source *ps)
{
	struct pcap_stat st;

	if (ps->live && ps->p != NULL && pcap_stats(ps->p, &st) == 0) {
		ps->c[PC_KERNEL_DROP] = st.ps_drop;
		ps->c[PC_IF_DROP] = st.ps_ifdrop;
	}
}

static void
pcap_src_stats(struct source *s, FILE *f)
{
	struct pcap_source *ps = (struct pcap_source *)s;
	struct counters c = { ps->name, pcap_counter_names, ps->c, PC_MAX };

	kernel_stats(ps);
	counters_print(f, &c, 0);
}

unsigned
source_pcap_counters(struct source *s, uint64_t *v, unsigned max,
    const char *const **names)
{
	struct pcap_source *ps = (struct pcap_source *)s;
	unsigned n = max < PC_MAX ? max : PC_MAX;

	kernel_stats(ps);
	memcpy(v, ps->c, n * sizeof(v[0]));
	*names = pcap_counter_names;
	return n;
}

static void
pcap_src_close(struct source *s)
{
	struct pcap_source *ps = (struct pcap_source *)s;

	if (ps->p != NULL)
		pcap_close(ps->p);
	if (ps->keep_fd >= 0)
		close(ps->keep_fd);
	if (ps->fifo_fd >= 0)
		close(ps->fifo_fd);
	free(ps);
}

static const struct source_ops pcap_ops = {
	.name = "pcap",
	.fd = pcap_fd,
	.run = pcap_run,
	.stats = pcap_src_stats,
	.close = pcap_src_close,
};

struct source *
source_pcap_open(const struct pcap_opts *o, char *err, size_t errlen)
{
	struct pcap_source *ps = xcalloc(1, sizeof(*ps));
	int rc;

	ps->src.ops = &pcap_ops;
	ps->o = *o;
	if (ps->o.speed <= 0)
		ps->o.speed = 1.0;
	pacer_init(&ps->pace, ps->o.speed, ps->o.max_gap_us);
	ps->loops_left = ps->o.loops > 0 ? ps->o.loops : 1;
	ps->keep_fd = -1;
	ps->fifo_fd = -1;
	if (o->iface != NULL) {
		ps->live = 1;
		if (o->fanout_group > 0)
			snprintf(ps->name, sizeof(ps->name), "capture %s "
			    "thread %d", o->iface, o->fanout_member);
		else
			snprintf(ps->name, sizeof(ps->name), "capture %s",
			    o->iface);
		rc = open_live(ps, err, errlen);
	} else {
		snprintf(ps->name, sizeof(ps->name), "file %s", o->file);
		rc = open_file(ps, err, errlen);
	}
	if (rc < 0) {
		pcap_src_close(&ps->src);
		return NULL;
	}
	return &ps->src;
}
