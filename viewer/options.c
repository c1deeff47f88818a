/*
 * options.c - packter-viewer's command line (see options.h).
 */
#include "config.h"
#include "options.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "camera.h"
#include "cli.h"
#include "history.h"
#include "log.h"
#include "protocol.h"

#define DEFAULT_FONT		"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define DEFAULT_RCVBUF		(32 * 1024 * 1024)

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr,
"usage: packter-viewer [-p port] [-b address] [--history N] [--flight-ms MS]\n"
"           [--geometry WxH] [--fullscreen] [--font FILE] [--font-size PX]\n"
"           [--view 0-3] [--screenshot FILE.png] [--exit-after SECONDS]\n"
"           [--exit-after-records N [--record-offset MS]] [--ppm-stream FILE|-]\n"
"           [--stats] [--benchmark N [--benchmark-frames N]] [--tc-port PORT]\n"
"           [--inject-move X,Y] [--inject-click X,Y] [--inject-key NAME]\n"
"           [--shader-dir DIR] [--rcvbuf BYTES] [--fps-max N] [--no-vsync]\n"
"           [--occlusion | --no-occlusion] [--allow CIDR ...]\n"
"           [--agent-key ID=KEYFILE ... [--require-auth]]\n"
"           [--dump-records FILE] [--utc] [--record FILE] [--play FILE]\n"
"           [--trace-log FILE] [--globe] [--globe-view LAT,LON] [-d]\n"
CONTROL_USAGE
BOARDCTL_USAGE
WALL_USAGE
"See packter-viewer(1).\n");
	exit(status);
}

/* "A<sep>B" into two bounded numbers. */
static void
pair(const char *s, int sep, int *a, int *b, int max, const char *what)
{
	char buf[64], *p;

	if (strlen(s) >= sizeof(buf) || (p = strchr(s, sep)) == NULL)
		fatal(2, "%s: \"%s\" should be A%cB", what, s, sep);
	memcpy(buf, s, (size_t)(p - s));
	buf[p - s] = '\0';
	*a = (int)cli_num(what, buf, 0, max);
	*b = (int)cli_num(what, p + 1, 0, max);
}

static void
add_inject(struct options *o, enum inject_kind kind, const char *arg)
{
	struct inject *in;

	if (o->ninject == OPTIONS_MAX_INJECT)
		fatal(2, "at most %d injected events", OPTIONS_MAX_INJECT);
	in = &o->inject[o->ninject++];
	in->kind = kind;
	in->x = in->y = 0;
	in->key = SDLK_UNKNOWN;
	if (kind == INJ_KEY) {
		if ((in->key = SDL_GetKeyFromName(arg)) == SDLK_UNKNOWN)
			fatal(2, "--inject-key: no key named \"%s\"", arg);
	} else
		pair(arg, ',', &in->x, &in->y, 100000, "--inject-move/click");
}

enum {
	O_HISTORY = 256, O_FLIGHT, O_GEOMETRY, O_FULLSCREEN, O_FONT,
	O_FONT_SIZE, O_SHADERS, O_SCREENSHOT, O_EXIT_AFTER, O_EXIT_RECORDS,
	O_RECORD_OFFSET, O_PPM, O_STATS, O_BENCH, O_BENCH_FRAMES, O_VIEW,
	O_NO_VSYNC, O_FPS_MAX, O_RCVBUF, O_TC_PORT, O_INJ_MOVE, O_INJ_CLICK,
	O_INJ_KEY, O_OCCLUSION, O_NO_OCCLUSION, O_ALLOW, O_AGENT_KEY,
	O_REQUIRE_AUTH, O_DUMP, O_UTC, O_RECORD, O_PLAY, O_TRACE_LOG,
	/* The globe's, apart from boardctl.h's (0x300) and kiosk.h's (1000). */
	O_GLOBE = 0x380, O_GLOBE_VIEW
};
_Static_assert((int)O_TRACE_LOG < (int)CO_MEDIA &&
    (int)BO_TALKERS < (int)O_GLOBE && (int)O_GLOBE_VIEW < (int)O_WALL_FIRST,
    "long option values overlap");

static const struct option long_opts[] = {
	{ "port", required_argument, NULL, 'p' },
	{ "bind", required_argument, NULL, 'b' },
	{ "debug", no_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "history", required_argument, NULL, O_HISTORY },
	{ "flight-ms", required_argument, NULL, O_FLIGHT },
	{ "geometry", required_argument, NULL, O_GEOMETRY },
	{ "fullscreen", no_argument, NULL, O_FULLSCREEN },
	{ "font", required_argument, NULL, O_FONT },
	{ "font-size", required_argument, NULL, O_FONT_SIZE },
	{ "shader-dir", required_argument, NULL, O_SHADERS },
	{ "screenshot", required_argument, NULL, O_SCREENSHOT },
	{ "exit-after", required_argument, NULL, O_EXIT_AFTER },
	{ "exit-after-records", required_argument, NULL, O_EXIT_RECORDS },
	{ "record-offset", required_argument, NULL, O_RECORD_OFFSET },
	{ "ppm-stream", required_argument, NULL, O_PPM },
	{ "stats", no_argument, NULL, O_STATS },
	{ "benchmark", required_argument, NULL, O_BENCH },
	{ "benchmark-frames", required_argument, NULL, O_BENCH_FRAMES },
	{ "view", required_argument, NULL, O_VIEW },
	{ "no-vsync", no_argument, NULL, O_NO_VSYNC },
	{ "fps-max", required_argument, NULL, O_FPS_MAX },
	{ "rcvbuf", required_argument, NULL, O_RCVBUF },
	{ "tc-port", required_argument, NULL, O_TC_PORT },
	{ "inject-move", required_argument, NULL, O_INJ_MOVE },
	{ "inject-click", required_argument, NULL, O_INJ_CLICK },
	{ "inject-key", required_argument, NULL, O_INJ_KEY },
	{ "occlusion", no_argument, NULL, O_OCCLUSION },
	{ "no-occlusion", no_argument, NULL, O_NO_OCCLUSION },
	{ "allow", required_argument, NULL, O_ALLOW },
	{ "agent-key", required_argument, NULL, O_AGENT_KEY },
	{ "require-auth", no_argument, NULL, O_REQUIRE_AUTH },
	{ "dump-records", required_argument, NULL, O_DUMP },
	{ "utc", no_argument, NULL, O_UTC },
	{ "record", required_argument, NULL, O_RECORD },
	{ "play", required_argument, NULL, O_PLAY },
	{ "trace-log", required_argument, NULL, O_TRACE_LOG },
	{ "globe", no_argument, NULL, O_GLOBE },
	{ "globe-view", required_argument, NULL, O_GLOBE_VIEW },
	CONTROL_LONG_OPTIONS,
	BOARDCTL_LONG_OPTIONS,
	WALL_LONG_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

/* --globe-view LAT,LON: the globe, the camera over that place. */
static void
globe_view(struct options *o, const char *arg)
{
	const char *comma = strchr(arg, ',');
	char lat[32];
	size_t n;

	if (comma == NULL || (n = (size_t)(comma - arg)) >= sizeof(lat))
		fatal(2, "--globe-view: '%s' is not LAT,LON in degrees", arg);
	memcpy(lat, arg, n);
	lat[n] = '\0';
	o->globe_lat = (float)cli_real("--globe-view latitude", lat, -90.0,
	    90.0);
	o->globe_lon = (float)cli_real("--globe-view longitude", comma + 1,
	    -180.0, 180.0);
	o->globe = o->globe_view = true;
}

void
options_parse(int argc, char **argv, struct options *o)
{
	char err[AUTH_ERRBUF_SIZE];
	int c;

	memset(o, 0, sizeof(*o));
	o->port = PACKTER_PORT;
	o->history = HISTORY_DEFAULT;
	o->flight_ms = 3000;
	o->w = 1280;
	o->h = 720;
	o->font = DEFAULT_FONT;
	o->font_px = 14;
	o->record_offset_ms = -1;
	o->bench_frames = 120;
	o->view = CAMERA_HOME;
	o->vsync = true;
	o->fps_max = 60;
	o->rcvbuf = DEFAULT_RCVBUF;
	o->tc_port = PACKTER_TC_PORT;
	o->occlusion = -1;
	if ((o->auth = auth_verifier_new(NULL)) == NULL)
		fatal(1, "out of memory");
	control_opts_init(&o->ctl);
	boardctl_opts_init(&o->boards);
	wall_opts_init(&o->wall);

	while ((c = getopt_long(argc, argv, "p:b:dhV", long_opts, NULL)) != -1) {
		if (c >= 0 && c < (int)sizeof(o->given))
			o->given[c] = 1;
		switch (c) {
		case 'p':
			o->port = (uint16_t)cli_num("-p", optarg, 0, 65535);
			break;
		case 'b':
			o->bind = optarg;
			break;
		case 'd':
			o->debug++;
			break;
		case 'h':
			usage(0);
		case 'V':
			printf("packter-viewer %s\n", PACKAGE_VERSION);
			exit(0);
		case O_HISTORY:
			o->history = (size_t)cli_num("--history", optarg, 1,
			    1LL << 30);
			break;
		case O_FLIGHT:
			o->flight_ms = cli_num("--flight-ms", optarg, 1,
			    3600000);
			break;
		case O_GEOMETRY:
			pair(optarg, 'x', &o->w, &o->h, 16384, "--geometry");
			if (o->w < 64 || o->h < 64)
				fatal(2, "--geometry: at least 64x64");
			break;
		case O_FULLSCREEN:
			o->fullscreen = true;
			break;
		case O_FONT:
			o->font = optarg;
			break;
		case O_FONT_SIZE:
			o->font_px = (int)cli_num("--font-size", optarg, 6, 96);
			o->font_px_set = true;
			break;
		case O_SHADERS:
			o->shader_dir = optarg;
			break;
		case O_SCREENSHOT:
			o->screenshot = optarg;
			break;
		case O_EXIT_AFTER:
			o->exit_after = cli_real("--exit-after", optarg, 0,
			    1e7);
			break;
		case O_EXIT_RECORDS:
			o->exit_records = (uint64_t)cli_num(
			    "--exit-after-records", optarg, 1, LLONG_MAX);
			break;
		case O_RECORD_OFFSET:
			o->record_offset_ms = cli_num("--record-offset",
			    optarg, 0, 3600000);
			break;
		case O_PPM:
			o->ppm = optarg;
			break;
		case O_STATS:
			o->stats = true;
			break;
		case O_BENCH:
			o->benchmark = (uint64_t)cli_num("--benchmark",
			    optarg, 1, 1LL << 28);
			break;
		case O_BENCH_FRAMES:
			o->bench_frames = (int)cli_num("--benchmark-frames",
			    optarg, 1, 100000);
			break;
		case O_VIEW:
			o->view = (int)cli_num("--view", optarg, 0, 3);
			break;
		case O_NO_VSYNC:
			o->vsync = false;
			break;
		case O_FPS_MAX:
			o->fps_max = (int)cli_num("--fps-max", optarg, 0, 1000);
			break;
		case O_RCVBUF:
			o->rcvbuf = (int)cli_num("--rcvbuf", optarg, 0,
			    INT_MAX);
			break;
		case O_TC_PORT:
			o->tc_port = (uint16_t)cli_num("--tc-port", optarg,
			    1, 65535);
			break;
		case O_INJ_MOVE:
			add_inject(o, INJ_MOVE, optarg);
			break;
		case O_INJ_CLICK:
			add_inject(o, INJ_CLICK, optarg);
			break;
		case O_INJ_KEY:
			add_inject(o, INJ_KEY, optarg);
			break;
		case O_OCCLUSION:
			o->occlusion = 1;
			break;
		case O_NO_OCCLUSION:
			o->occlusion = 0;
			break;
		case O_ALLOW:
			if (acl_add(&o->allow, optarg, err, sizeof(err)) == -1)
				fatal(2, "--allow: %s", err);
			break;
		case O_AGENT_KEY:
			if (auth_verifier_add_key(o->auth, optarg, err,
			    sizeof(err)) == -1)
				fatal(2, "--agent-key: %s", err);
			break;
		case O_REQUIRE_AUTH:
			auth_verifier_require(o->auth, true);
			break;
		case O_DUMP:
			o->dump = optarg;
			break;
		case O_UTC:
			o->utc = true;
			break;
		case O_RECORD:
			o->record = optarg;
			break;
		case O_PLAY:
			o->play = optarg;
			break;
		case O_TRACE_LOG:
			o->trace_log = optarg;
			break;
		case O_GLOBE:
			o->globe = true;
			break;
		case O_GLOBE_VIEW:
			globe_view(o, optarg);
			break;
		default:
			if (!control_option(&o->ctl, c, optarg) &&
			    !boardctl_option(&o->boards, c, optarg) &&
			    !wall_option(&o->wall, c, optarg))
				usage(2);
		}
	}
	if (optind != argc)
		usage(2);
	if (auth_verifier_required(o->auth) && auth_verifier_keys(o->auth) == 0)
		fatal(2, "--require-auth needs --agent-key ID=KEYFILE");
	wall_opts_check(&o->wall);
	if (o->record_offset_ms < 0)
		o->record_offset_ms = o->flight_ms / 2;
	if (o->benchmark > 0 && o->history < o->benchmark)
		o->history = (size_t)o->benchmark;
}

bool
options_given(const struct options *o, const char *name)
{
	const struct option *op;

	for (op = long_opts; op->name != NULL; op++)
		if (strcmp(op->name, name) == 0)
			return op->val >= 0 && op->val < (int)sizeof(o->given) &&
			    o->given[op->val] != 0;
	return false;
}
