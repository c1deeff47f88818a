/*
 * main.c - packter-tc: options, the UDP side (requests from the viewer, and
 * the sink that turns the sessions' reports into messages back to it), and
 * the one poll loop that drives every request.
 */
#include "config.h"

#include "tc.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "clock.h"
#include "signals.h"
#include "counters.h"
#include "stats.h"
#include "log.h"
#include "protocol.h"

static const char *const counter_names[TCC_MAX] = {
	[TCC_DATAGRAMS]		= "datagrams",
	[TCC_REQUESTS]		= "requests",
	[TCC_BAD_FIELDS]	= "bad-fields",
	[TCC_BAD_ADDRESS]	= "bad-address",
	[TCC_BAD_NUMBER]	= "bad-number",
	[TCC_BAD_HASH]		= "bad-hash",
	[TCC_QUEUE_FULL]	= "refused-queue-full",
	[TCC_CONNECT_FAILED]	= "dp-connect-failed",
	[TCC_RECONNECTS]	= "dp-reconnects",
	[TCC_SENT]		= "dp-requests-sent",
	[TCC_ACCEPTED]		= "verdict-accepted",
	[TCC_FOUND]		= "verdict-found",
	[TCC_NOTFOUND]		= "verdict-notfound",
	[TCC_ERROR]		= "verdict-error",
	[TCC_TIMEOUT]		= "dp-timeouts",
	[TCC_DP_CLOSED]		= "dp-closed-early",
	[TCC_REPLY_INVALID]	= "dp-replies-refused",
	[TCC_REPLY_OTHER]	= "dp-replies-ignored",
	[TCC_REPLY_MISMATCH]	= "dp-replies-not-ours",
	[TCC_VIEWER_SENT]	= "viewer-datagrams",
	[TCC_VIEWER_ERRORS]	= "viewer-send-errors",
	[TCC_NOTIFY_DROPPED]	= "viewer-messages-unfit",
	[TCC_DENIED]		= "refused-not-allowed",
	[TCC_DP_PEAK]		= "dp-connections-peak",
	[TCC_QUEUE_FULL_UNTOLD]	= "refused-queue-full-untold",
};

static struct ratelimit rl_bad, rl_send, rl_denied;

static void
print_stats(struct bridge *b, FILE *f)
{
	struct counters c = { "packter-tc", counter_names, b->c, TCC_MAX };

	counters_print(f, &c, 0);
	fprintf(f, "  %-24s %zu\n", "in-flight", b->ns);
	fflush(f);
}

/* --- addresses ----------------------------------------------------------- */

/*
 * HOST, HOST:PORT, [V6]:PORT, a bare IPv6 address, or :PORT (passive).
 * Resolved once; the first address is used.
 */
static void
resolve(const char *opt, const char *arg, unsigned defport, int passive,
    int socktype, struct sockaddr_storage *ss, socklen_t *len, char *name,
    size_t namelen)
{
	char err[300];

	if (cli_resolve(arg, defport, passive ? CLI_PASSIVE : 0, socktype, ss,
	    len, name, namelen, err, sizeof(err)) < 0)
		fatal(2, "%s: %s", opt, err);
}

static void
addr_text(const struct sockaddr_storage *ss, char *buf, size_t len,
    unsigned *port)
{
	const void *a;

	if (ss->ss_family == AF_INET6) {
		a = &((const struct sockaddr_in6 *)ss)->sin6_addr;
		*port = ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
	} else {
		a = &((const struct sockaddr_in *)ss)->sin_addr;
		*port = ntohs(((const struct sockaddr_in *)ss)->sin_port);
	}
	if (inet_ntop(ss->ss_family, a, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
}

static int
open_listen(const char *arg)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char text[INET6_ADDRSTRLEN];
	unsigned port;
	int fd, off = 0;

	if (arg != NULL)
		resolve("-l", arg, PACKTER_TC_PORT, 1, SOCK_DGRAM, &ss, &len,
		    NULL, 0);
	else {
		/* Both families on one socket where IPv6 exists. */
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		memset(&ss, 0, sizeof(ss));
		s6->sin6_family = AF_INET6;
		s6->sin6_addr = in6addr_any;
		s6->sin6_port = htons(PACKTER_TC_PORT);
		len = sizeof(*s6);
	}
	fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd < 0 && arg == NULL && errno == EAFNOSUPPORT) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		memset(&ss, 0, sizeof(ss));
		s4->sin_family = AF_INET;
		s4->sin_addr.s_addr = htonl(INADDR_ANY);
		s4->sin_port = htons(PACKTER_TC_PORT);
		len = sizeof(*s4);
		fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
	}
	if (fd < 0)
		fatal_errno(1, errno, "socket");
	if (ss.ss_family == AF_INET6 && IN6_IS_ADDR_UNSPECIFIED(
	    &((struct sockaddr_in6 *)&ss)->sin6_addr))
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	if (bind(fd, (struct sockaddr *)&ss, len) < 0) {
		addr_text(&ss, text, sizeof(text), &port);
		fatal(1, "cannot listen on %s port %u: %s (is another "
		    "packter-tc running? see -l)", text, port,
		    strerror(errno));
	}
	len = sizeof(ss);
	getsockname(fd, (struct sockaddr *)&ss, &len);
	addr_text(&ss, text, sizeof(text), &port);
	log_info("listening on %s port %u", text, port);
	return fd;
}

/* --- to the viewer ------------------------------------------------------- */

/* The bridge's sink (tc.h): a report, rendered, to the viewer that asked. */
static void
viewer_report(void *ctx, const struct tc_report *rp)
{
	struct bridge *b = ctx;
	struct notify_out *out = &b->notify_out;
	const struct itm_reply *r = rp->reply;
	struct sockaddr_storage to;
	socklen_t tolen;
	struct tc_event ev;
	unsigned dropped = 0;
	int i, fd;

	memset(&ev, 0, sizeof(ev));
	ev.state = rp->state;
	ev.in = rp->in;
	ev.seq = rp->seq;
	ev.reply = r != NULL && r->kind == ITM_MSG_TRACE_REPLY ? r : NULL;
	ev.reason = rp->reason;
	notify_render(&b->cf, &ev, b->o.messages, b->o.sounds, out,
	    &dropped);
	b->c[TCC_NOTIFY_DROPPED] += dropped;

	/* -v, or else the viewer that asked, on the viewer's port. */
	if (b->o.have_viewer) {
		to = b->o.viewer;
		tolen = b->o.viewerlen;
	} else {
		to = *rp->from;
		tolen = rp->fromlen;
		if (to.ss_family == AF_INET6)
			((struct sockaddr_in6 *)&to)->sin6_port =
			    htons(PACKTER_PORT);
		else
			((struct sockaddr_in *)&to)->sin_port =
			    htons(PACKTER_PORT);
	}
	fd = to.ss_family == AF_INET6 ? b->udp6 : b->udp4;
	for (i = 0; i < out->n; i++) {
		if (fd < 0 || sendto(fd, out->buf[i], out->len[i], MSG_DONTWAIT,
		    (struct sockaddr *)&to, tolen) < 0) {
			b->c[TCC_VIEWER_ERRORS]++;
			log_limited(&rl_send, LOG_LVL_WARN, "sending to the "
			    "viewer: %s", fd < 0 ? "no socket for its address "
			    "family" : strerror(errno));
			continue;
		}
		b->c[TCC_VIEWER_SENT]++;
	}
}

static void
read_requests(struct bridge *b, int fd, int64_t now)
{
	static const enum tc_counter bad[TC_IN_ERRORS] = {
		[TC_IN_FIELDS] = TCC_BAD_FIELDS,
		[TC_IN_ADDRESS] = TCC_BAD_ADDRESS,
		[TC_IN_NUMBER] = TCC_BAD_NUMBER,
		[TC_IN_HASH] = TCC_BAD_HASH,
	};
	char buf[1024], err[128], who[INET6_ADDRSTRLEN];
	struct sockaddr_storage from;
	socklen_t fromlen;
	struct tc_input in;
	enum tc_input_error e;
	unsigned port;
	ssize_t n;
	int i;

	for (i = 0; i < 64; i++) {
		fromlen = sizeof(from);
		n = recvfrom(fd, buf, sizeof(buf), MSG_TRUNC,
		    (struct sockaddr *)&from, &fromlen);
		if (n < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR)
				log_limited(&rl_bad, LOG_LVL_WARN, "recvfrom: "
				    "%s", strerror(errno));
			return;
		}
		b->c[TCC_DATAGRAMS]++;
		if (!acl_allows(&b->allow, (struct sockaddr *)&from)) {
			b->c[TCC_DENIED]++;
			addr_text(&from, who, sizeof(who), &port);
			log_limited(&rl_denied, LOG_LVL_WARN, "request from %s "
			    "port %u refused: not in --allow", who, port);
			continue;
		}
		e = (size_t)n > sizeof(buf) ? TC_IN_FIELDS :
		    tc_parse_input(buf, (size_t)n, &in, err, sizeof(err));
		if (e != TC_IN_OK) {
			if ((size_t)n > sizeof(buf))
				snprintf(err, sizeof(err), "%zd bytes is too "
				    "long for a request", n);
			b->c[bad[e]]++;
			addr_text(&from, who, sizeof(who), &port);
			log_limited(&rl_bad, LOG_LVL_WARN, "bad request from "
			    "%s port %u: %s", who, port, err);
			continue;
		}
		session_new(b, &in, &from, fromlen, now);
	}
}

/* --- options ------------------------------------------------------------- */

static void
usage(FILE *f)
{
	fprintf(f,
"usage: packter-tc [options]\n"
"The PACKTER traceback bridge: trace requests from packter-viewer (UDP) go\n"
"to an InterTrack Decision Point (TCP); its verdicts go back to the viewer.\n"
"\n"
"  -v, --viewer HOST[:PORT]  send messages there (default: the viewer that\n"
"                          asked, port %d)\n"
"  -d, --dp HOST[:PORT]    the Decision Point (default 127.0.0.1, port %d)\n"
"  -l, --listen ADDR[:PORT]  where requests arrive (default [::]:%d,\n"
"                          IPv4 too)\n"
"      --allow CIDR        take requests only from these viewers\n"
"                          (repeatable; default: from anyone)\n"
"  -c, --config FILE       pictures, texts, sounds, voice and sky dome per\n"
"                          state (started, accepted, found, notfound, error)\n"
"  -m, --message           send PACKTERMSG (picture and text); the default\n"
"      --no-message        do not\n"
"  -s, --sound             also send PACKTERSOUND, PACKTERVOICE and\n"
"                          PACKTERSKYDOMETEXTURE\n"
"      --timeout SECONDS   per request, arrival to verdict (default %d)\n"
"      --ttl N             InterTrack TTL, 0 to %d (default %d)\n"
"      --retries N         reconnects to a DP that refuses (default %d)\n"
"      --max-inflight N    requests on the wire at once (default %d)\n"
"      --max-queue N       requests waiting beyond those (default %d)\n"
"      --schema FILE       also validate every request and reply against\n"
"                          this XML schema (InterTrackMessage.xsd)\n"
"  -D, --debug             debug messages\n"
"      --syslog            log to syslog instead of standard error\n"
"  -q, --quiet             no counters on exit (SIGUSR1 still prints them)\n"
"  -h, --help              this help\n"
"  -V, --version           version\n"
"\n"
"SIGHUP reloads -c FILE; SIGUSR1 prints the counters.\n",
	    PACKTER_PORT, TC_DP_PORT, PACKTER_TC_PORT,
	    TC_DEFAULT_TIMEOUT_MS / 1000, ITM_MAX_TTL, ITM_DEFAULT_TTL,
	    TC_DEFAULT_RETRIES, TC_DEFAULT_INFLIGHT, TC_DEFAULT_QUEUE);
}

enum {
	OPT_TIMEOUT = 256, OPT_TTL, OPT_RETRIES, OPT_INFLIGHT, OPT_QUEUE,
	OPT_SCHEMA, OPT_SYSLOG, OPT_NO_MESSAGE, OPT_ALLOW
};

static const struct option longopts[] = {
	{ "viewer",	required_argument, NULL, 'v' },
	{ "dp",		required_argument, NULL, 'd' },
	{ "listen",	required_argument, NULL, 'l' },
	{ "config",	required_argument, NULL, 'c' },
	{ "message",	no_argument,	   NULL, 'm' },
	{ "no-message",	no_argument,	   NULL, OPT_NO_MESSAGE },
	{ "sound",	no_argument,	   NULL, 's' },
	{ "timeout",	required_argument, NULL, OPT_TIMEOUT },
	{ "ttl",	required_argument, NULL, OPT_TTL },
	{ "retries",	required_argument, NULL, OPT_RETRIES },
	{ "max-inflight", required_argument, NULL, OPT_INFLIGHT },
	{ "max-queue",	required_argument, NULL, OPT_QUEUE },
	{ "schema",	required_argument, NULL, OPT_SCHEMA },
	{ "allow",	required_argument, NULL, OPT_ALLOW },
	{ "debug",	no_argument,	   NULL, 'D' },
	{ "syslog",	no_argument,	   NULL, OPT_SYSLOG },
	{ "quiet",	no_argument,	   NULL, 'q' },
	{ "help",	no_argument,	   NULL, 'h' },
	{ "version",	no_argument,	   NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static int
open_udp(int family)
{
	int fd, off = 0;

	fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd >= 0 && family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	return fd;
}

int
main(int argc, char **argv)
{
	struct bridge b;
	struct pollfd *pfd = NULL;
	struct session **who = NULL;
	size_t pcap = 0, npfd, i;
	const char *listen_arg = NULL, *config = NULL, *schema = NULL;
	const char *dp_arg = "127.0.0.1";
	char err[512];
	int ch, debug = 0, use_syslog = 0, quiet = 0, lfd, rc;
	double secs;
	char *end;
	sigset_t orig;

	log_init(argv[0], 0, 0);
	memset(&b, 0, sizeof(b));
	b.o.timeout_us = (int64_t)TC_DEFAULT_TIMEOUT_MS * 1000;
	b.o.ttl = ITM_DEFAULT_TTL;
	b.o.retries = TC_DEFAULT_RETRIES;
	b.o.max_inflight = TC_DEFAULT_INFLIGHT;
	b.o.max_queue = TC_DEFAULT_QUEUE;
	b.o.messages = 1;
	b.sink.report = viewer_report;
	b.sink.ctx = &b;

	while ((ch = getopt_long(argc, argv, "v:d:l:c:msDqhV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'v':
			resolve("-v", optarg, PACKTER_PORT, 0, SOCK_DGRAM,
			    &b.o.viewer, &b.o.viewerlen, NULL, 0);
			b.o.have_viewer = 1;
			break;
		case 'd':
			dp_arg = optarg;
			break;
		case 'l':
			listen_arg = optarg;
			break;
		case 'c':
			config = optarg;
			break;
		case 'm':
			b.o.messages = 1;
			break;
		case OPT_NO_MESSAGE:
			b.o.messages = 0;
			break;
		case 's':
			b.o.sounds = 1;
			break;
		case OPT_TIMEOUT:
			errno = 0;
			secs = strtod(optarg, &end);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    !(secs >= 0.01) || secs > 3600)
				fatal(2, "--timeout: '%s' is not a number of "
				    "seconds from 0.01 to 3600", optarg);
			b.o.timeout_us = (int64_t)(secs * 1e6);
			break;
		case OPT_TTL:
			b.o.ttl = (unsigned)cli_num("--ttl", optarg, 0,
			    ITM_MAX_TTL);
			break;
		case OPT_RETRIES:
			b.o.retries = (unsigned)cli_num("--retries", optarg,
			    0, 10);
			break;
		case OPT_INFLIGHT:
			b.o.max_inflight = (unsigned)cli_num("--max-inflight",
			    optarg, 1, 4096);
			break;
		case OPT_QUEUE:
			b.o.max_queue = (unsigned)cli_num("--max-queue",
			    optarg, 0, 1000000);
			break;
		case OPT_ALLOW:
			if (acl_add(&b.allow, optarg, err, sizeof(err)) < 0)
				fatal(2, "--allow: %s", err);
			break;
		case OPT_SCHEMA:
			schema = optarg;
			break;
		case 'D':
			debug = 1;
			break;
		case OPT_SYSLOG:
			use_syslog = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("packter-tc %s\n", PACKAGE_VERSION);
			return 0;
		default:
			fprintf(stderr, "Try 'packter-tc --help'.\n");
			return 2;
		}
	}
	if (optind < argc)
		fatal(2, "unexpected argument '%s' (see --help)", argv[optind]);
	log_init(argv[0], debug, use_syslog);
	itm_init();

	resolve("-d", dp_arg, TC_DP_PORT, 0, SOCK_STREAM, &b.o.dp, &b.o.dplen,
	    b.o.dp_name, sizeof(b.o.dp_name));
	notify_defaults(&b.cf);
	if (config != NULL && notify_load(&b.cf, config, err,
	    sizeof(err)) < 0)
		fatal(2, "%s", err);
	if (schema != NULL &&
	    (b.schema = itm_schema_load(schema, err, sizeof(err))) == NULL)
		fatal(2, "--schema: %s", err);

	b.udp4 = open_udp(AF_INET);
	b.udp6 = open_udp(AF_INET6);
	if (b.udp4 < 0 && b.udp6 < 0)
		fatal_errno(1, errno, "socket");
	lfd = open_listen(listen_arg);
	log_info("Decision Point %s, timeout %.1f s, TTL %u, messages to %s",
	    b.o.dp_name, (double)b.o.timeout_us / 1e6, b.o.ttl,
	    b.o.have_viewer ? "the -v viewer" : "the viewer that asks");

	/* Signals arrive only inside ppoll(): no wake-up is lost. */
	sig_setup(&orig);

	for (;;) {
		int64_t now, next;
		struct timespec tmo, *tmop = NULL;
		short ev;
		int fd;

		if (sig_pending(PSIG_STOP))
			break;
		if (sig_take(PSIG_USR1))
			print_stats(&b, stderr);
		if (sig_take(PSIG_HUP)) {
			struct tc_config fresh;

			if (config != NULL) {
				notify_defaults(&fresh);
				if (notify_load(&fresh, config, err,
				    sizeof(err)) < 0) {
					log_err("%s; keeping the old "
					    "configuration", err);
					notify_free(&fresh);
				} else {
					notify_free(&b.cf);
					b.cf = fresh;
					log_info("%s reloaded", config);
				}
			}
		}
		now = mono_us();
		next = sessions_tick(&b, now);
		sessions_reap(&b);

		if (pcap < b.ns + 1) {
			pcap = b.ns + 64;
			pfd = xreallocarray(pfd, pcap, sizeof(*pfd));
			who = xreallocarray(who, pcap, sizeof(*who));
		}
		pfd[0].fd = lfd;
		pfd[0].events = POLLIN;
		who[0] = NULL;
		npfd = 1;
		for (i = 0; i < b.ns; i++) {
			if ((fd = session_fd(b.s[i], &ev)) < 0)
				continue;
			pfd[npfd].fd = fd;
			pfd[npfd].events = ev;
			who[npfd++] = b.s[i];
		}
		if (next != INT64_MAX) {
			int64_t d = next > now ? next - now : 0;

			tmo.tv_sec = d / 1000000;
			tmo.tv_nsec = (d % 1000000) * 1000;
			tmop = &tmo;
		}
		rc = ppoll(pfd, (nfds_t)npfd, tmop, &orig);
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			fatal_errno(1, errno, "poll");
		}
		now = mono_us();
		for (i = 1; rc > 0 && i < npfd; i++)
			if (pfd[i].revents != 0)
				session_io(&b, who[i], pfd[i].revents, now);
		if (rc > 0 && pfd[0].revents != 0)
			read_requests(&b, lfd, now);
	}

	sessions_abort(&b, "the bridge is shutting down", mono_us());
	if (!quiet)
		print_stats(&b, stderr);
	close(lfd);
	if (b.udp4 >= 0)
		close(b.udp4);
	if (b.udp6 >= 0)
		close(b.udp6);
	itm_schema_free(b.schema);
	notify_free(&b.cf);
	free(pfd);
	free(who);
	sessions_free(&b);
	return 0;
}
