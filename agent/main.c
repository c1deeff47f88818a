/*
 * main.c - packter-agent: options, and the event loop that polls every
 * source and the sender's flush timer (the core is core.c).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <net/if.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "acl.h"
#include "agent.h"
#include "cryptopan.h"
#include "clock.h"
#include "core.h"
#include "alarm.h"
#include "appmap.h"
#include "auth.h"
#include "cli.h"
#include "compat.h"
#include "counters.h"
#include "fanout.h"
#include "geoip.h"
#include "stats.h"
#include "log.h"
#include "sender.h"
#include "signals.h"
#include "source.h"

#define MAX_SOURCES	16

static void
print_stats(struct agent *ag, struct alarm *alarm, struct sender *sender,
    struct source **src, int nsrc, FILE *f)
{
	int i;

	for (i = 0; i < nsrc; i++)
		src[i]->ops->stats(src[i], f);
	agent_stats(ag, f);
	if (alarm != NULL)
		alarm_stats(alarm, f);
	sender_stats(sender, f);
	fflush(f);
}

static void
drop_privileges(const char *user)
{
	struct passwd *pw;

	errno = 0;
	if ((pw = getpwnam(user)) == NULL && errno != 0)
		fatal_errno(2, errno, "user '%s'", user);
	if (pw == NULL)
		fatal(2, "user '%s' does not exist", user);
	if (initgroups(pw->pw_name, pw->pw_gid) < 0 ||
	    setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0)
		fatal_errno(2, errno, "cannot become user '%s' (dropping "
		    "privileges needs root)", user);
	if (pw->pw_uid != 0 && (setuid(0) == 0 || seteuid(0) == 0))
		fatal(1, "privileges could not be dropped for good");
	log_debug("now running as %s (uid %u)", user, (unsigned)pw->pw_uid);
}

/*
 * The value of an option whose value is optional ("--sflow 6343" as well as
 * "--sflow=6343"): the next word, if it looks like [ADDR:]PORT.
 */
static const char *
endpoint_arg(int argc, char **argv)
{
	const char *w, *colon;

	if (optind >= argc)
		return NULL;
	w = argv[optind];
	colon = strrchr(w, ':');
	if (w[0] == '[' || (w[0] >= '0' && w[0] <= '9' &&
	    strspn(colon != NULL ? colon + 1 : w, "0123456789") ==
	    strlen(colon != NULL ? colon + 1 : w))) {
		optind++;
		return w;
	}
	return NULL;
}

static void
usage(FILE *f)
{
	fprintf(f,
"usage: packter-agent [options] [BPF filter ...]\n"
"Sends one PACKTER record per packet to packter-viewer (UDP port 11300).\n"
"\n"
"Sources:\n"
"  -i, --interface IFACE   capture live on IFACE ('any' works)\n"
"  -r, --read FILE         read a pcap or pcapng file ('-' = standard input)\n"
"      --replay FILE       send a file written by -n again, with its gaps\n"
"      --sflow [ADDR:]PORT     sFlow collector (default port 6343)\n"
"      --netflow [ADDR:]PORT   NetFlow v5/v9 and IPFIX collector (default 2055)\n"
"      --template-timeout S    forget NetFlow v9/IPFIX templates not sent\n"
"                          again for S seconds (default 1800, 0 = never)\n"
"  -U, --snort [PATH]      read Snort alerts from its Unix socket\n"
"                          (default /var/log/snort/snort_alert)\n"
"  -S, --incident          describe Snort alerts as 'Incident:MSG sid:N gen:N rev:N'\n"
"      --eve PATH          Suricata's EVE JSON: follow the file PATH from its\n"
"                          end, or unix_dgram:PATH / unix_stream:PATH sockets\n"
"      --eve-from-start    read the EVE file from its start, at its own pace\n"
"      --eve-events LIST   events drawn: alert,anomaly,drop (default alert)\n"
"      --eve-max-line N    skip EVE lines longer than N bytes (default 1 MiB)\n"
"  trailing words          a BPF filter, as tcpdump takes it\n"
"\n"
"Where to:\n"
"  -v, --viewer HOST[:PORT]  viewer address: IPv4, IPv6, name, [V6]:PORT;\n"
"                          repeatable (default 127.0.0.1)\n"
"  -p, --port PORT         default viewer port (11300)\n"
"      --ttl N             hop limit of datagrams to a multicast group\n"
"                          (-v 239.1.1.1, -v [ff15::1]; default 1)\n"
"      --multicast-if IFACE  send to multicast groups by IFACE\n"
"  -n, --print             print the datagrams instead of sending them,\n"
"                          each after a line 'TIME sec usec'\n"
"\n"
"Records:\n"
"  -f, --flag-base N       add N to every flag\n"
"  -R, --random N          draw 1 packet in N, chosen at random\n"
"      --random-gap N      skip 0 to N-1 packets (at random) before each one\n"
"                          drawn: PACKTER 2.x's -R N, 1 in (N+1)/2\n"
"      --sample P          draw each packet with probability P (0 < P <= 1)\n"
"      --seed N            seed of the sampling generator\n"
"  -T, --traceback ADDR    description = SPIE digest + '-' + ADDR (TC bridge)\n"
"  -A, --agent-id ID       sign every datagram as agent ID (PACKTERAGENT line)\n"
"  -K, --key KEYFILE       with the HMAC-SHA256 key in KEYFILE (mode 600)\n"
"      --anonymise KEYFILE map every address prefix-preservingly (Crypto-PAn,\n"
"                          64 hex digits in KEYFILE, mode 600); --anonymize\n"
"      --anonymise-keep CIDR  leave addresses in CIDR as they are (repeatable)\n"
"      --alarm CONFIG      DoS alarms with the thresholds of CONFIG, ours or\n"
"                          a PACKTER 2.x packter.conf (read again on SIGHUP)\n"
"      --voice-format F    the alarm's PACKTERVOICE: text (default) or\n"
"                          softalk ('/T:1 /W:TEXT', as PACKTER 2.x viewers\n"
"                          run SofTalk)\n"
"      --se-per-packet     a PACKTERSE se<class>.wav after every record\n"
"                          (PACKTER 2.x's -s)\n"
"  -G, --geoip DB.mmdb     the places of the addresses (a MaxMind-format\n"
"                          database) in a PACKTERGEO line, for the globe\n"
"      --geo-home LAT,LON  with -G: where this site's private addresses are\n"
"\n"
"Batching and pacing:\n"
"      --payload-size N    bytes per datagram (default %d)\n"
"      --no-batch          one record per datagram, as old agents send\n"
"      --no-capture-time   no PACKTERTIME line (each record's capture time)\n"
"      --no-send-thread    send from the capture thread (default: a thread\n"
"                          of its own, pinned apart where there are CPUs)\n"
"      --flush-ms N        send a partial datagram after N ms (default 5)\n"
"      --speed X           replay files X times as fast as captured\n"
"      --max-gap SECONDS   wait at most SECONDS for the next packet of a\n"
"                          paced file (the gap stays in capture time)\n"
"      --fast              replay files as fast as possible\n"
"      --loop N            play the file N times\n"
"\n"
"Capture:\n"
"  -s, --snaplen N         bytes captured per packet (default 65535; -s with\n"
"                          no number is PACKTER 2.x's -s, --se-per-packet)\n"
"  -B, --buffer-size KB    kernel capture buffer (the TPACKET_V3 ring;\n"
"                          per thread with --threads)\n"
"      --threads N         capture -i on N threads, the kernel spreading\n"
"                          the flows over them (PACKET_FANOUT)\n"
"      --no-promisc        do not put the interface in promiscuous mode\n"
"  -u, -Z, --user USER     run as USER once the capture is open (started as\n"
"                          root: 'nobody' by default, '-u root' keeps root)\n"
"\n"
"Which program (live capture with -i, this host's sockets):\n"
"      --app NAME|PID      draw only the traffic of that program (its name\n"
"                          as in ps, or its pid) and of its children\n"
"      --app -- COMMAND [ARG ...]  start COMMAND and draw only its traffic;\n"
"                          the agent stops once it and its children exit\n"
"      --tag-apps          end every description with app=NAME[PID],\n"
"                          app=- (no program of this host) or app=? \n"
"\n"
"PACKTER 2.x command lines (see COMPATIBILITY in packter-agent(1)):\n"
"      --compat 2          -s, -R, -r and -U as pt_agent took them: -s a sound\n"
"                          effect per packet, -R N its drop rate, -r unpaced,\n"
"                          -U's socket path the trailing word\n"
"  -6                      accepted (-v takes IPv6 as it is)\n"
"  -G FILE                 a .mmdb (above), not pt_agent's GeoLiteCity.dat\n"
"\n"
"Other:\n"
"  -d, --debug             debug messages\n"
"  -q, --quiet             no counters on exit (SIGUSR1 still prints them)\n"
"  -h, --help              this help\n"
"  -V, --version           version\n"
"\n"
"Counters go to standard error on exit and on SIGUSR1.\n",
	    SENDER_DEFAULT_PAYLOAD);
}

enum {
	OPT_SAMPLE = 256, OPT_SEED, OPT_PAYLOAD, OPT_NO_BATCH, OPT_FLUSH,
	OPT_SPEED, OPT_FAST, OPT_LOOP, OPT_REPLAY, OPT_NO_PROMISC, OPT_SFLOW,
	OPT_NETFLOW, OPT_ALARM, OPT_NO_TIMES, OPT_MAX_GAP,
	OPT_TEMPLATE_TIMEOUT, OPT_ANON, OPT_ANON_KEEP,
	OPT_EVE, OPT_EVE_START, OPT_EVE_EVENTS, OPT_EVE_MAX_LINE,
	OPT_SNAPLEN, OPT_RANDOM_GAP, OPT_VOICE_FORMAT, OPT_SE, OPT_COMPAT,
	/* Speed. */
	OPT_NO_SEND_THREAD, OPT_THREADS,
	OPT_APP, OPT_TAG_APPS,
	OPT_TTL, OPT_MCAST_IF,
	OPT_GEO_HOME,		/* the globe's */
};

static const struct option longopts[] = {
	{ "interface",	required_argument, NULL, 'i' },
	{ "read",	required_argument, NULL, 'r' },
	{ "replay",	required_argument, NULL, OPT_REPLAY },
	{ "sflow",	optional_argument, NULL, OPT_SFLOW },
	{ "netflow",	optional_argument, NULL, OPT_NETFLOW },
	{ "template-timeout", required_argument, NULL, OPT_TEMPLATE_TIMEOUT },
	{ "snort",	optional_argument, NULL, 'U' },
	{ "incident",	no_argument,	   NULL, 'S' },
	{ "eve",	required_argument, NULL, OPT_EVE },
	{ "eve-from-start", no_argument,   NULL, OPT_EVE_START },
	{ "eve-events",	required_argument, NULL, OPT_EVE_EVENTS },
	{ "eve-max-line", required_argument, NULL, OPT_EVE_MAX_LINE },
	{ "viewer",	required_argument, NULL, 'v' },
	{ "port",	required_argument, NULL, 'p' },
	{ "ttl",	required_argument, NULL, OPT_TTL },
	{ "multicast-if", required_argument, NULL, OPT_MCAST_IF },
	{ "print",	no_argument,	   NULL, 'n' },
	{ "flag-base",	required_argument, NULL, 'f' },
	{ "random",	required_argument, NULL, 'R' },
	{ "random-gap",	required_argument, NULL, OPT_RANDOM_GAP },
	{ "voice-format", required_argument, NULL, OPT_VOICE_FORMAT },
	{ "se-per-packet", no_argument,	   NULL, OPT_SE },
	{ "compat",	required_argument, NULL, OPT_COMPAT },
	{ "sample",	required_argument, NULL, OPT_SAMPLE },
	{ "seed",	required_argument, NULL, OPT_SEED },
	{ "traceback",	required_argument, NULL, 'T' },
	{ "alarm",	required_argument, NULL, OPT_ALARM },
	{ "geoip",	required_argument, NULL, 'G' },
	{ "geo-home",	required_argument, NULL, OPT_GEO_HOME },
	{ "anonymise",	required_argument, NULL, OPT_ANON },
	{ "anonymize",	required_argument, NULL, OPT_ANON },
	{ "anonymise-keep", required_argument, NULL, OPT_ANON_KEEP },
	{ "anonymize-keep", required_argument, NULL, OPT_ANON_KEEP },
	{ "agent-id",	required_argument, NULL, 'A' },
	{ "key",	required_argument, NULL, 'K' },
	{ "payload-size", required_argument, NULL, OPT_PAYLOAD },
	{ "no-batch",	no_argument,	   NULL, OPT_NO_BATCH },
	{ "no-capture-time", no_argument,  NULL, OPT_NO_TIMES },
	{ "no-send-thread", no_argument,   NULL, OPT_NO_SEND_THREAD },
	{ "threads",	required_argument, NULL, OPT_THREADS },
	{ "flush-ms",	required_argument, NULL, OPT_FLUSH },
	{ "speed",	required_argument, NULL, OPT_SPEED },
	{ "fast",	no_argument,	   NULL, OPT_FAST },
	{ "max-gap",	required_argument, NULL, OPT_MAX_GAP },
	{ "loop",	required_argument, NULL, OPT_LOOP },
	{ "snaplen",	required_argument, NULL, OPT_SNAPLEN },
	{ "buffer-size", required_argument, NULL, 'B' },
	{ "no-promisc",	no_argument,	   NULL, OPT_NO_PROMISC },
	{ "user",	required_argument, NULL, 'u' },
	{ "app",	required_argument, NULL, OPT_APP },
	{ "tag-apps",	no_argument,	   NULL, OPT_TAG_APPS },
	{ "debug",	no_argument,	   NULL, 'd' },
	{ "quiet",	no_argument,	   NULL, 'q' },
	{ "help",	no_argument,	   NULL, 'h' },
	{ "version",	no_argument,	   NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char **argv)
{
	struct agent *ag;
	struct agent_opts ao;
	struct sender *sender;
	struct sender_opts so;
	struct pcap_opts po;
	struct eve_opts eo;
	struct source *src[MAX_SOURCES];
	struct pollfd pfd[MAX_SOURCES];
	int pidx[MAX_SOURCES];
	const char *viewers[16], *user = NULL, *replay = NULL;
	const char *sflow = NULL, *netflow = NULL, *snort = NULL;
	const char *alarm_conf = NULL, *auth_id = NULL, *key_path = NULL;
	const char *anon_path = NULL;
	const char *geo_path = NULL, *geo_home = NULL;
	struct pt_place home;
	static struct acl anon_keep;
	static struct auth_key auth_key;
	struct appmap_opts amo;
	struct appmap *appmap = NULL;
	int use_sflow = 0, use_netflow = 0, use_snort = 0, incident = 0;
	unsigned template_timeout = NETFLOW_TEMPLATE_TIMEOUT;
	unsigned nviewers = 0, port = PACKTER_PORT, threads = 1;
	char err[512], *filter = NULL, *live_filter = NULL;
	int ch, i, nsrc = 0, quiet = 0, debug = 0, print = 0, status = 0;
	int compat, speed_set = 0;
	enum pt_voice_form voice_form = PT_VOICE_TEXT;
	size_t flen;
	sigset_t waitmask;

	log_init(argv[0], 0, 0);
	memset(&ao, 0, sizeof(ao));
	memset(&po, 0, sizeof(po));
	memset(&so, 0, sizeof(so));
	memset(&eo, 0, sizeof(eo));
	memset(&amo, 0, sizeof(amo));
	ao.sample_p = 1.0;
	po.snaplen = 65535;
	po.promisc = 1;
	po.speed = 1.0;
	po.loops = 1;
	so.payload_max = SENDER_DEFAULT_PAYLOAD;
	so.batch = 1;
	so.flush_us = SENDER_DEFAULT_FLUSH_US;
	so.capture_times = 1;
	so.send_thread = 1;

	compat = compat_level(argc, argv);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, compat_optstring(compat),
	    longopts, NULL)) != -1) {
		switch (ch) {
		case 'i':
			po.iface = optarg;
			break;
		case 'r':
			po.file = optarg;
			break;
		case OPT_REPLAY:
			replay = optarg;
			break;
		case OPT_SFLOW:
			use_sflow = 1;
			sflow = optarg != NULL ? optarg : endpoint_arg(argc, argv);
			break;
		case OPT_NETFLOW:
			use_netflow = 1;
			netflow = optarg != NULL ? optarg :
			    endpoint_arg(argc, argv);
			break;
		case OPT_TEMPLATE_TIMEOUT:
			template_timeout = (unsigned)cli_num(
			    "--template-timeout", optarg, 0, 31 * 86400);
			break;
		case 'U':
			use_snort = 1;
			/*
			 * "-U PATH" as well as "-UPATH" and "--snort=PATH",
			 * for a PATH that cannot be a filter word.
			 */
			if (optarg == NULL && optind < argc &&
			    (argv[optind][0] == '/' ||
			    strncmp(argv[optind], "./", 2) == 0 ||
			    strncmp(argv[optind], "../", 3) == 0))
				optarg = argv[optind++];
			snort = optarg;
			break;
		case 'S':
			incident = 1;
			break;
		case OPT_EVE:
			eo.spec = optarg;
			break;
		case OPT_EVE_START:
			eo.from_start = 1;
			break;
		case OPT_EVE_EVENTS:
			eo.events = optarg;
			break;
		case OPT_EVE_MAX_LINE:
			eo.max_line = (size_t)cli_num("--eve-max-line", optarg,
			    256, 64 * 1024 * 1024);
			break;
		case 'v':
			if (nviewers == sizeof(viewers) / sizeof(viewers[0]))
				fatal(2, "-v: at most 16 viewers");
			viewers[nviewers++] = optarg;
			break;
		case 'p':
			port = (unsigned)cli_num("-p", optarg, 1, 65535);
			break;
		case OPT_TTL:
			so.mcast_ttl = (int)cli_num("--ttl", optarg, 1, 255);
			break;
		case OPT_MCAST_IF:
			if (if_nametoindex(optarg) == 0)
				fatal(2, "--multicast-if: no interface %s",
				    optarg);
			so.mcast_if = optarg;
			break;
		case 'n':
			print = 1;
			break;
		case 'f':
			ao.flag_base = (unsigned)cli_num("-f", optarg, 0, 65000);
			break;
		case 'R':
			if (compat >= 2) {
				ao.sample_gap = (uint64_t)cli_num("-R", optarg,
				    1, 1000000000);
				break;
			}
			ao.sample_n = (uint64_t)cli_num("-R", optarg, 1,
			    1000000000);
			break;
		case OPT_RANDOM_GAP:
			ao.sample_gap = (uint64_t)cli_num("--random-gap",
			    optarg, 1, 1000000000);
			break;
		case OPT_VOICE_FORMAT:
			if (strcmp(optarg, "softalk") == 0)
				voice_form = PT_VOICE_SOFTALK;
			else if (strcmp(optarg, "text") == 0)
				voice_form = PT_VOICE_TEXT;
			else
				fatal(2, "--voice-format '%s': text or softalk",
				    optarg);
			break;
		case OPT_SE:
			ao.se_per_packet = 1;
			break;
		case OPT_COMPAT:
			break;		/* compat_level() read it */
		case '6':
			compat_note_ipv6();
			break;
		case OPT_SAMPLE:
			ao.sample_p = cli_real("--sample", optarg, 0.0, 1.0);
			break;
		case OPT_SEED:
			ao.seed = (uint64_t)cli_num("--seed", optarg, 1,
			    INT64_MAX);
			break;
		case 'T':
			ao.tc_addr = optarg;
			if (optarg[0] == '\0' || strlen(optarg) > 255 ||
			    strpbrk(optarg, ",\n\r") != NULL)
				fatal(2, "-T: '%s' is not a bridge address",
				    optarg);
			break;
		case OPT_ALARM:
			alarm_conf = optarg;
			break;
		case OPT_ANON:
			anon_path = optarg;
			break;
		case OPT_ANON_KEEP:
			if (acl_add(&anon_keep, optarg, err, sizeof(err)) < 0)
				fatal(2, "--anonymise-keep: %s", err);
			break;
		case 'A':
			if (!auth_id_valid(optarg, strlen(optarg)))
				fatal(2, "-A '%s': an agent id is 1 to %d bytes "
				    "without blanks, commas, '=' or control "
				    "characters", optarg, AUTH_ID_MAX);
			auth_id = optarg;
			break;
		case 'K':
			key_path = optarg;
			break;
		case OPT_PAYLOAD:
			so.payload_max = (size_t)cli_num("--payload-size",
			    optarg, SENDER_MIN_PAYLOAD, 65507);
			break;
		case OPT_NO_BATCH:
			so.batch = 0;
			break;
		case OPT_NO_TIMES:
			so.capture_times = 0;
			break;
		/* Speed. */
		case OPT_NO_SEND_THREAD:
			so.send_thread = 0;
			break;
		case OPT_THREADS:
			threads = (unsigned)cli_num("--threads", optarg, 1,
			    FANOUT_MAX_THREADS);
			break;
		case OPT_FLUSH:
			so.flush_us = cli_num("--flush-ms", optarg, 1, 10000) *
			    1000;
			break;
		case OPT_SPEED:
			po.speed = cli_real("--speed", optarg, 0.0, 1e9);
			speed_set = 1;
			break;
		case OPT_FAST:
			po.fast = 1;
			break;
		case OPT_MAX_GAP:
			po.max_gap_us = (int64_t)(cli_real("--max-gap", optarg,
			    0.0, 86400.0) * 1e6);
			break;
		case OPT_LOOP:
			po.loops = (long)cli_num("--loop", optarg, 1,
			    1000000000);
			break;
		case 's':
			if (compat >= 2) {
				compat_note_s();
				ao.se_per_packet = 1;
				break;
			}
			if (!compat_s_is_snaplen(optarg, argc, argv)) {
				ao.se_per_packet = 1;
				break;
			}
			/* FALLTHROUGH */
		case OPT_SNAPLEN:
			po.snaplen = (int)cli_num(ch == 's' ? "-s" :
			    "--snaplen", optarg, 64, 262144);
			break;
		case 'B':
			po.buffer_kb = (int)cli_num("-B", optarg, 1, 4194304);
			break;
		case OPT_NO_PROMISC:
			po.promisc = 0;
			break;
		case 'u':
		case 'Z':
			user = optarg;
			break;
		case OPT_APP:
			/* "--app -- COMMAND ARGS": the rest is the command. */
			if (strcmp(optarg, "--") == 0) {
				if (optind >= argc)
					fatal(2, "--app --: no command");
				amo.argv = argv + optind;
				argc = optind;
			} else if (optarg[0] == '\0' ||
			    strlen(optarg) >= APPMAP_COMM_LEN)
				fatal(2, "--app '%s': a program name (at most "
				    "%d bytes, as ps shows it) or a pid",
				    optarg, APPMAP_COMM_LEN - 1);
			else
				amo.app = optarg;
			break;
		case OPT_TAG_APPS:
			amo.tag = true;
			break;
		case 'G':
			geo_path = optarg;
			break;
		case OPT_GEO_HOME:
			geo_home = optarg;
			break;
		case 'd':
			debug = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("packter-agent %s\n", PACKAGE_VERSION);
			return 0;
		case ':':
			if (optopt == 's') {
				/* "-s" last: PACKTER 2.x's, which took none. */
				compat_note_s();
				ao.se_per_packet = 1;
				break;
			}
			fatal(2, "option '%s' needs a value (see --help)",
			    argv[optind - 1]);
		default:
			if (optopt != 0 && optopt != '?')
				fatal(2, "unknown option '-%c' (see --help)", optopt);
			fatal(2, "unknown option '%s' (see --help)",
			    argv[optind - 1]);
		}
	}
	log_init(argv[0], debug, 0);

	/* PACKTER 2.x: -U's socket path was the trailing word; -r unpaced. */
	if (use_snort && snort == NULL)
		snort = compat_snort_path(compat, po.iface != NULL ||
		    po.file != NULL, argc, argv);
	if (compat >= 2 && po.file != NULL && !speed_set)
		po.fast = 1;

	/* Trailing words are the filter, as tcpdump takes it. */
	for (i = optind, flen = 0; i < argc; i++)
		flen += strlen(argv[i]) + 1;
	if (flen > 0) {
		size_t off = 0, n;

		filter = xmalloc(flen);
		for (i = optind; i < argc; i++) {
			n = strlen(argv[i]);
			memcpy(filter + off, argv[i], n);
			off += n;
			filter[off++] = i + 1 < argc ? ' ' : '\0';
		}
		po.filter = filter;
	}

	if (po.iface == NULL && po.file == NULL && replay == NULL &&
	    !use_sflow && !use_netflow && !use_snort && eo.spec == NULL)
		fatal(2, "nothing to read: give -i IFACE, -r FILE, --replay "
		    "FILE, --sflow, --netflow, -U or --eve (see --help)");
	if (filter != NULL && po.iface == NULL && po.file == NULL)
		fatal(2, "a filter ('%s') applies to -i and -r only", filter);
	if ((amo.app != NULL || amo.argv != NULL || amo.tag) &&
	    (po.iface == NULL || po.file != NULL || replay != NULL ||
	    use_sflow || use_netflow || use_snort))
		fatal(2, "--app and --tag-apps go with a live capture (-i) "
		    "alone: they name this host's programs");
	if (amo.tag && ao.tc_addr != NULL)
		fatal(2, "--tag-apps cannot go with -T: the description is the "
		    "digest the viewer sends the bridge");
	if (alarm_conf != NULL &&
	    (ao.alarm = alarm_open(alarm_conf, err, sizeof(err))) == NULL)
		fatal(2, "--alarm: %s", err);
	if (ao.alarm != NULL)
		alarm_set_voice_form(ao.alarm, voice_form);
	else if (voice_form != PT_VOICE_TEXT)
		fatal(2, "--voice-format goes with --alarm CONFIG");

	/* Keys are read before privileges go. */
	if (anon_keep.n > 0 && anon_path == NULL)
		fatal(2, "--anonymise-keep goes with --anonymise KEYFILE");
	if (anon_path != NULL) {
		uint8_t key[CRYPTOPAN_KEY_LEN];

		if (cryptopan_key_load(anon_path, key, err, sizeof(err)) < 0)
			fatal(2, "--anonymise: %s", err);
		ao.anon = cryptopan_new(key, err, sizeof(err));
		OPENSSL_cleanse(key, sizeof(key));
		if (ao.anon == NULL)
			fatal(1, "--anonymise: %s", err);
		ao.anon_keep = &anon_keep;
	}

	/* -G: the database is opened before privileges go. */
	if (geo_home != NULL && geo_path == NULL)
		fatal(2, "--geo-home goes with -G DB.mmdb");
	if (geo_path != NULL && anon_path != NULL)
		fatal(2, "-G and --anonymise do not go together: the mapped "
		    "addresses have no places, and the real ones' would "
		    "tell where they are");
	if (geo_path != NULL) {
		if ((ao.geo = geoip_open(geo_path, err, sizeof(err))) == NULL)
			compat_geoip_failed(err);
		if (geo_home != NULL) {
			if (geoip_parse_place(geo_home, &home, err,
			    sizeof(err)) < 0)
				fatal(2, "--geo-home: %s", err);
			geoip_set_home(ao.geo, &home);
		}
		so.geo = 1;
	}

	/* Signed datagrams: the key is read before privileges go. */
	if ((auth_id == NULL) != (key_path == NULL))
		fatal(2, "-A ID and -K KEYFILE go together");
	if (key_path != NULL) {
		if (auth_key_load(key_path, &auth_key, err, sizeof(err)) < 0)
			fatal(2, "-K: %s", err);
		so.auth_id = auth_id;
		so.auth_key = &auth_key;
		so.payload_max -= auth_line_max(auth_id);
	}

	/* Where the records go. */
	so.print_fd = print ? STDOUT_FILENO : -1;
	sender = sender_new(&so);
	if (!print) {
		if (nviewers == 0)
			viewers[nviewers++] = "127.0.0.1";
		for (i = 0; i < (int)nviewers; i++)
			if (sender_add_viewer(sender, viewers[i], port, err,
			    sizeof(err)) < 0)
				fatal(2, "%s", err);
	}

	/*
	 * The signals stay blocked except inside ppoll(), so one that comes
	 * between the check of the flags and the wait still wakes the wait.
	 */
	sig_setup(&waitmask);
	ag = agent_new(&ao, sender);

	/* Open every source before privileges go. */
	if (po.iface != NULL) {
		struct pcap_opts lo = po;
		char *own;

		lo.file = NULL;
		/*
		 * Never draw our own datagrams to the viewers: on a local
		 * interface they would feed back into the capture.
		 */
		if ((own = sender_viewer_filter(sender)) != NULL) {
			size_t need = strlen(own) + (filter ? strlen(filter) : 0) + 32;

			live_filter = xmalloc(need);
			if (filter != NULL)
				snprintf(live_filter, need, "(%s) and not (%s)",
				    filter, own);
			else
				snprintf(live_filter, need, "not (%s)", own);
			lo.filter = live_filter;
			free(own);
		}
		if (threads > 1) {
			/* Speed: --threads N, each a core and sender of its own. */
			struct fanout_opts fo = { &lo, threads, &ao, &so,
			    viewers, nviewers, port, geo_path,
			    geo_home != NULL ? &home : NULL };

			if (print || ao.alarm != NULL || ao.anon != NULL)
				fatal(2, "--threads goes with neither -n, "
				    "--alarm nor --anonymise");
			src[nsrc] = source_fanout_open(&fo, err, sizeof(err));
		} else
			src[nsrc] = source_pcap_open(&lo, err, sizeof(err));
		if (src[nsrc] == NULL)
			fatal(2, "%s", err);
		nsrc++;
	}
	if (po.file != NULL) {
		struct pcap_opts fo = po;

		fo.iface = NULL;
		if ((src[nsrc] = source_pcap_open(&fo, err, sizeof(err))) == NULL)
			fatal(2, "%s", err);
		nsrc++;
	}
	if (replay != NULL) {
		if ((src[nsrc] = source_replay_open(replay,
		    po.fast ? 0.0 : po.speed, po.max_gap_us, err,
		    sizeof(err))) == NULL)
			fatal(2, "%s", err);
		nsrc++;
	}
	if (use_sflow) {
		if ((src[nsrc] = source_sflow_open(sflow, err, sizeof(err))) == NULL)
			fatal(2, "%s", err);
		nsrc++;
	}
	if (use_netflow) {
		if ((src[nsrc] = source_netflow_open(netflow,
		    template_timeout, err, sizeof(err))) == NULL)
			fatal(2, "%s", err);
		nsrc++;
	}
	if (use_snort) {
		if ((src[nsrc] = source_snort_open(snort, incident, err,
		    sizeof(err))) == NULL)
			fatal(2, "%s", err);
		nsrc++;
	}
	if (eo.spec != NULL) {
		eo.speed = po.fast ? 0.0 : po.speed;
		eo.incident = incident;
		if ((src[nsrc] = source_eve_open(&eo, err, sizeof(err))) == NULL)
			fatal(2, "%s", err);
		nsrc++;
	}
	/*
	 * Root is needed to open a live capture, not to keep reading it: once
	 * everything is open the agent does not go on as root.  Without -u it
	 * becomes "nobody" (-u root keeps root on purpose).  The Snort socket
	 * file is removed at exit, which needs its directory's owner: with -U
	 * and no -u the agent stays who it is; so with --eve, which also
	 * reopens a rotated file.
	 */
	/*
	 * Programs: the helper is started with the capture open (so COMMAND's
	 * first packets are seen) and before privileges go, which it keeps to
	 * read other users' /proc/PID/fd.
	 */
	if (amo.app != NULL || amo.argv != NULL || amo.tag) {
		if ((appmap = appmap_open(&amo, err, sizeof(err))) == NULL)
			fatal(2, "--app: %s", err);
		agent_set_appmap(ag, appmap);
		src[nsrc++] = appmap_source(appmap);
	}
	if (user == NULL && geteuid() == 0 && !use_snort && eo.spec == NULL) {
		if (getpwnam("nobody") != NULL)
			user = "nobody";
		else
			log_warn("no user 'nobody' to run as: staying root "
			    "(give -u USER)");
	}
	if (user != NULL)
		drop_privileges(user);


	for (i = 0; i < nsrc; i++) {
		src[i]->done = 0;
		src[i]->wake_us = src[i]->ops->fd(src[i]) >= 0 ? SRC_NO_WAKE : 0;
		if (src[i]->ops->start != NULL &&
		    src[i]->ops->start(src[i], mono_us()) < 0)
			fatal(1, "source %s could not start", src[i]->ops->name);
	}

	for (;;) {
		int64_t now, next, deadline;
		int active = 0, npfd = 0, rc;
		struct timespec tmo, *tmop;

		if (sig_pending(PSIG_STOP))
			break;
		if (appmap != NULL && appmap_done(appmap))
			break;
		if (sender_counter(sender, SC_WRITE_ERRORS) != 0) {
			status = 1;
			break;
		}
		if (sig_take(PSIG_USR1))
			print_stats(ag, ao.alarm, sender, src, nsrc, stderr);
		if (sig_take(PSIG_HUP)) {
			if (ao.alarm != NULL &&
			    alarm_reload(ao.alarm, err, sizeof(err)) < 0)
				log_warn("%s: the alarm config in force stays", err);
			else if (ao.alarm != NULL)
				log_info("alarm config read again");
		}
		now = mono_us();
		next = INT64_MAX;
		for (i = 0; i < nsrc; i++) {
			enum source_status st;

			if (src[i]->done)
				continue;
			if (src[i]->wake_us <= now) {
				agent_set_now(ag, now);
				st = src[i]->ops->run(src[i], ag, now,
				    &src[i]->wake_us);
				if (st != SRC_MORE) {
					src[i]->done = 1;
					if (st == SRC_ERROR)
						status = 1;
					continue;
				}
			}
			active++;
			if (src[i]->wake_us < next)
				next = src[i]->wake_us;
			if (src[i]->ops->fd(src[i]) >= 0) {
				pfd[npfd].fd = src[i]->ops->fd(src[i]);
				pfd[npfd].events = POLLIN;
				pidx[npfd++] = i;
			}
		}
		if (active == 0)
			break;
		now = mono_us();
		deadline = sender_deadline(sender);
		/* Idle flush only when no source has work at hand. */
		if (next > now && deadline <= now) {
			(void)sender_flush(sender);
			deadline = INT64_MAX;
		}
		if (deadline < next)
			next = deadline;
		if (npfd == 0 && next <= now) {
			/* Busy with no descriptor: let pending signals in. */
			sig_poll(&waitmask);
			continue;
		}
		if (next == INT64_MAX)
			tmop = NULL;
		else {
			int64_t d = next > now ? next - now : 0;

			tmo.tv_sec = d / 1000000;
			tmo.tv_nsec = (d % 1000000) * 1000;
			tmop = &tmo;
		}
		rc = ppoll(pfd, (nfds_t)npfd, tmop, &waitmask);
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			fatal_errno(1, errno, "poll");
		}
		for (i = 0; rc > 0 && i < npfd; i++) {
			struct source *s = src[pidx[i]];
			enum source_status st;

			if (pfd[i].revents == 0)
				continue;
			now = mono_us();
			agent_set_now(ag, now);
			st = s->ops->run(s, ag, now, &s->wake_us);
			if (st != SRC_MORE) {
				s->done = 1;
				if (st == SRC_ERROR)
					status = 1;
			}
		}
	}

	(void)sender_flush(sender);
	if (sender_counter(sender, SC_WRITE_ERRORS) != 0)
		status = 1;
	if (!quiet || status != 0)
		print_stats(ag, ao.alarm, sender, src, nsrc, stderr);
	for (i = 0; i < nsrc; i++)
		src[i]->ops->close(src[i]);
	agent_free(ag);
	cryptopan_free(ao.anon);
	geoip_close(ao.geo);
	sender_free(sender);
	alarm_free(ao.alarm);
	free(filter);
	free(live_filter);
	return status;
}
