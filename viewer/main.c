/*
 * main.c - packter-viewer: options, window, and the frame loop.
 *
 * Each frame: read the network into the history, handle input, set the
 * display time, update the scene (pure), draw it, draw the HUD, export the
 * frame if asked, swap.  Between frames the loop waits on the sockets, so
 * records keep arriving while it idles.
 */
#include "config.h"

#include <GL/glew.h>
#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "camera.h"
#include "control.h"
#include "counters.h"
#include "stats.h"
#include "glutil.h"
#include "history.h"
#include "hud.h"
#include "input.h"
#include "log.h"
#include "net.h"
#include "protocol.h"
#include "render.h"
#include "scene.h"
#include "timeline.h"
#include "traceback.h"

#define MS			1000000LL
#define SEC			1000000000LL
/*
 * Reading drains the sockets: a frame waits for it up to this long, so a
 * flood slows the frames down before the kernel has to drop anything.
 */
#define NET_BUDGET		(50 * MS)
#define PICK_PX			4.0f		/* pointer tolerance */
#define PICK_EVERY_BIG		(100 * MS)	/* hover rate for huge scenes */
#define PICK_BIG		200000
#define DEFAULT_FONT		"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define DEFAULT_RCVBUF		(32 * 1024 * 1024)
#define MAX_INJECT		32
#define BENCH_WARMUP		5

enum inject_kind { INJ_MOVE, INJ_CLICK, INJ_KEY };

struct inject {
	enum inject_kind kind;
	int		 x, y;
	SDL_Keycode	 key;
};

struct options {
	const char	*bind;
	uint16_t	 port;
	size_t		 history;
	int64_t		 flight_ms;
	int		 w, h;
	bool		 fullscreen;
	const char	*font;
	int		 font_px;
	const char	*shader_dir;
	const char	*screenshot;
	double		 exit_after;		/* seconds, 0: never */
	uint64_t	 exit_records;
	int64_t		 record_offset_ms;	/* -1: half the flight */
	const char	*ppm;
	bool		 stats;
	uint64_t	 benchmark;
	int		 bench_frames;
	int		 view;
	bool		 vsync;
	int		 fps_max;
	int		 rcvbuf;
	int		 occlusion;		/* 1 on, 0 off, -1 by renderer */
	uint16_t	 tc_port;
	int		 debug;
	struct acl	 allow;			/* --allow */
	struct auth_verifier *auth;		/* --agent-key and the like */
	const char	*dump;			/* --dump-records */
	struct control_opts ctl;		/* --media and the like */
	struct inject	 inject[MAX_INJECT];
	int		 ninject;
};

enum viewer_counter {
	V_FRAMES,
	V_TRACE_SENT,
	V_TRACE_REFUSED,
	V_FRAME_MS_MAX,		/* longest time between two frames */
	V_COUNTERS
};

static const char *const viewer_names[V_COUNTERS] = {
	[V_FRAMES] = "frames",
	[V_TRACE_SENT] = "traceback requests sent",
	[V_TRACE_REFUSED] = "traceback requests refused",
	[V_FRAME_MS_MAX] = "frame-ms-max",
};

static volatile sig_atomic_t got_usr1;

static void
on_usr1(int sig)
{
	(void)sig;
	got_usr1 = 1;
}

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
"           [--dump-records FILE] [-d]\n"
CONTROL_USAGE
"See packter-viewer(1).\n");
	exit(status);
}

static long long
number(const char *s, long long min, long long max, const char *what)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		fatal(2, "%s: \"%s\" is not a number from %lld to %lld", what,
		    s, min, max);
	return v;
}

static double
seconds(const char *s, const char *what)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(v >= 0.0) ||
	    v > 1e7)
		fatal(2, "%s: \"%s\" is not a number of seconds", what, s);
	return v;
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
	*a = (int)number(buf, 0, max, what);
	*b = (int)number(p + 1, 0, max, what);
}

static void
add_inject(struct options *o, enum inject_kind kind, const char *arg)
{
	struct inject *in;

	if (o->ninject == MAX_INJECT)
		fatal(2, "at most %d injected events", MAX_INJECT);
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
	O_REQUIRE_AUTH, O_DUMP
};

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
	CONTROL_LONG_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

static void
parse_options(int argc, char **argv, struct options *o)
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

	while ((c = getopt_long(argc, argv, "p:b:dhV", long_opts, NULL)) != -1)
		switch (c) {
		case 'p':
			o->port = (uint16_t)number(optarg, 0, 65535, "-p");
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
			o->history = (size_t)number(optarg, 1, 1LL << 30,
			    "--history");
			break;
		case O_FLIGHT:
			o->flight_ms = number(optarg, 1, 3600000, "--flight-ms");
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
			o->font_px = (int)number(optarg, 6, 96, "--font-size");
			break;
		case O_SHADERS:
			o->shader_dir = optarg;
			break;
		case O_SCREENSHOT:
			o->screenshot = optarg;
			break;
		case O_EXIT_AFTER:
			o->exit_after = seconds(optarg, "--exit-after");
			break;
		case O_EXIT_RECORDS:
			o->exit_records = (uint64_t)number(optarg, 1,
			    LLONG_MAX, "--exit-after-records");
			break;
		case O_RECORD_OFFSET:
			o->record_offset_ms = number(optarg, 0, 3600000,
			    "--record-offset");
			break;
		case O_PPM:
			o->ppm = optarg;
			break;
		case O_STATS:
			o->stats = true;
			break;
		case O_BENCH:
			o->benchmark = (uint64_t)number(optarg, 1, 1LL << 28,
			    "--benchmark");
			break;
		case O_BENCH_FRAMES:
			o->bench_frames = (int)number(optarg, 1, 100000,
			    "--benchmark-frames");
			break;
		case O_VIEW:
			o->view = (int)number(optarg, 0, 3, "--view");
			break;
		case O_NO_VSYNC:
			o->vsync = false;
			break;
		case O_FPS_MAX:
			o->fps_max = (int)number(optarg, 0, 1000, "--fps-max");
			break;
		case O_RCVBUF:
			o->rcvbuf = (int)number(optarg, 0, INT_MAX, "--rcvbuf");
			break;
		case O_TC_PORT:
			o->tc_port = (uint16_t)number(optarg, 1, 65535,
			    "--tc-port");
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
		default:
			if (!control_option(&o->ctl, c, optarg))
				usage(2);
		}
	if (optind != argc)
		usage(2);
	if (auth_verifier_required(o->auth) && auth_verifier_keys(o->auth) == 0)
		fatal(2, "--require-auth needs --agent-key ID=KEYFILE");
	if (o->record_offset_ms < 0)
		o->record_offset_ms = o->flight_ms / 2;
	if (o->benchmark > 0 && o->history < o->benchmark)
		o->history = (size_t)o->benchmark;
}

/* The viewer's state, for the frame loop's helpers. */
struct viewer {
	struct options	 o;
	SDL_Window	*win;
	SDL_GLContext	 gl;
	struct history	*h;
	struct net	 net;
	bool		 have_net;
	struct render	*render;
	struct hud	*hud;
	struct camera	 cam;
	struct timeline	 tl;
	struct scene	 scene;
	struct input	 in;
	int64_t		 rt_offset;	/* realtime - monotonic, ns */
	uint64_t	 c[V_COUNTERS];
	uint8_t		*pixels;	/* w * h * 3, for exports */
	size_t		 pixels_size;
	FILE		*ppm;
	char		 status[512];
	struct control	*ctl;		/* panel, sky dome, models, sound */
	uint64_t	 traced;	/* last record a trace was asked for */
	int64_t		 last_pick;
};

static void
inject_events(struct viewer *v)
{
	SDL_Event ev;
	Uint32 id = SDL_GetWindowID(v->win);
	int i;

	for (i = 0; i < v->o.ninject; i++) {
		const struct inject *in = &v->o.inject[i];

		memset(&ev, 0, sizeof(ev));
		switch (in->kind) {
		case INJ_MOVE:
			ev.type = SDL_MOUSEMOTION;
			ev.motion.windowID = id;
			ev.motion.x = in->x;
			ev.motion.y = in->y;
			SDL_PushEvent(&ev);
			break;
		case INJ_CLICK:
			ev.type = SDL_MOUSEBUTTONDOWN;
			ev.button.windowID = id;
			ev.button.button = SDL_BUTTON_LEFT;
			ev.button.state = SDL_PRESSED;
			ev.button.clicks = 1;
			ev.button.x = in->x;
			ev.button.y = in->y;
			SDL_PushEvent(&ev);
			ev.type = SDL_MOUSEBUTTONUP;
			ev.button.state = SDL_RELEASED;
			SDL_PushEvent(&ev);
			break;
		case INJ_KEY:
			ev.type = SDL_KEYDOWN;
			ev.key.windowID = id;
			ev.key.state = SDL_PRESSED;
			ev.key.keysym.sym = in->key;
			ev.key.keysym.scancode = SDL_GetScancodeFromKey(in->key);
			SDL_PushEvent(&ev);
			ev.type = SDL_KEYUP;
			ev.key.state = SDL_RELEASED;
			SDL_PushEvent(&ev);
			break;
		}
	}
}

/* Window points to drawable pixels (they differ on high-DPI screens). */
static void
to_pixels(struct viewer *v, int x, int y, float *px, float *py)
{
	int ww, wh;

	SDL_GetWindowSize(v->win, &ww, &wh);
	*px = (float)x * (ww > 0 ? (float)v->cam.w / (float)ww : 1.0f) + 0.5f;
	*py = (float)y * (wh > 0 ? (float)v->cam.h / (float)wh : 1.0f) + 0.5f;
}

static uint64_t
pick_at(struct viewer *v, int x, int y)
{
	float px, py, o[3], d[3];

	to_pixels(v, x, y, &px, &py);
	camera_ray(&v->cam, px, py, o, d);
	return scene_pick(&v->scene, v->h, o, d, SCENE_BALL_RADIUS,
	    camera_pixel_size(&v->cam, 1.0f) * PICK_PX);
}

static void
do_traceback(struct viewer *v)
{
	char req[HISTORY_MAX_LINE + 64], addr[TB_ADDR_MAX], err[256];
	uint64_t seq = v->scene.pinned != SCENE_NONE ? v->scene.pinned :
	    v->scene.hover;
	const char *line, *desc;
	size_t len, dlen, reqlen;

	if (seq == SCENE_NONE ||
	    (line = history_line(v->h, seq, &len)) == NULL) {
		snprintf(v->status, sizeof(v->status),
		    "traceback: point at a ball first");
		v->c[V_TRACE_REFUSED]++;
		return;
	}
	desc = history_desc(v->h, seq, &dlen);
	if (traceback_request(line, len, (size_t)(desc - line), req,
	    sizeof(req), &reqlen, addr, err, sizeof(err)) == -1) {
		snprintf(v->status, sizeof(v->status), "traceback: %s", err);
		v->c[V_TRACE_REFUSED]++;
		return;
	}
	if (net_send_trace(addr, v->o.tc_port, req, reqlen, err,
	    sizeof(err)) == -1) {
		snprintf(v->status, sizeof(v->status), "traceback: %s", err);
		v->c[V_TRACE_REFUSED]++;
		return;
	}
	v->traced = seq;
	v->c[V_TRACE_SENT]++;
	snprintf(v->status, sizeof(v->status), "trace requested from %s "
	    "port %u: %.*s", addr, v->o.tc_port, (int)reqlen, req);
	log_info("%s", v->status);
}

/* Control messages: to control.c (panel, sky dome, sound, voice). */
static void
on_control(void *arg, struct pt_parser *ps, int64_t stamp)
{
	struct viewer *v = arg;

	control_datagram(v->ctl, ps, stamp);
}

static void
print_desc(FILE *f, struct viewer *v, const char *what, uint64_t seq)
{
	const char *d;
	size_t len;

	if (seq != SCENE_NONE && (d = history_desc(v->h, seq, &len)) != NULL)
		fprintf(f, "%s: %.*s\n", what, (int)len, d);
	else
		fprintf(f, "%s: (none)\n", what);
}

static void
print_stats(FILE *f, struct viewer *v)
{
	struct counters c;
	uint64_t hv[4];
	static const char *const hist_names[4] = {
		"records kept", "dropped (ring full)", "dropped (text full)",
		"lines cut"
	};
	double span;

	if (v->have_net) {
		net_counters(&v->net, &c);
		counters_print(f, &c, 1);
		auth_counters(v->o.auth, &c);
		counters_print(f, &c, 1);
	}
	hv[0] = history_count(v->h);
	hv[1] = v->h->dropped;
	hv[2] = v->h->dropped_text;
	hv[3] = v->h->cut;
	c.title = "history";
	c.names = hist_names;
	c.v = hv;
	c.n = 4;
	counters_print(f, &c, 1);
	c.title = "viewer";
	c.names = viewer_names;
	c.v = v->c;
	c.n = V_COUNTERS;
	counters_print(f, &c, 1);
	if (v->have_net && v->net.c[NET_RECORDS] > 0) {
		span = (double)(v->net.last_record - v->net.first_record) / 1e9;
		fprintf(f, "ingest: %" PRIu64 " records in %.3f s",
		    v->net.c[NET_RECORDS], span);
		if (span > 0)
			fprintf(f, ", %.0f records/s",
			    (double)v->net.c[NET_RECORDS] / span);
		fprintf(f, "\n");
	}
	control_print(v->ctl, f);
	print_desc(f, v, "hover", v->scene.hover);
	print_desc(f, v, "selected", v->scene.pinned);
	fflush(f);
}

/* --dump-records: the kept records' lines, oldest first, one a line. */
static void
dump_records(struct viewer *v, const char *path)
{
	FILE *f;
	const char *line;
	size_t len;
	uint64_t seq;

	if ((f = fopen(path, "w")) == NULL)
		fatal(1, "%s: %s", path, strerror(errno));
	for (seq = v->h->tail; seq < v->h->head; seq++)
		if ((line = history_line(v->h, seq, &len)) != NULL)
			fprintf(f, "%.*s\n", (int)len, line);
	if (fclose(f) != 0)
		fatal(1, "%s: write failed: %s", path, strerror(errno));
}

static void
ensure_pixels(struct viewer *v)
{
	size_t need = (size_t)v->cam.w * (size_t)v->cam.h * 3;

	if (need > v->pixels_size) {
		free(v->pixels);
		v->pixels = xmalloc(need);
		v->pixels_size = need;
	}
}

static void
write_ppm(struct viewer *v)
{
	size_t n = (size_t)v->cam.w * (size_t)v->cam.h * 3;

	render_read_rgb(v->cam.w, v->cam.h, v->pixels);
	if (fprintf(v->ppm, "P6\n%d %d\n255\n", v->cam.w, v->cam.h) < 0 ||
	    fwrite(v->pixels, 1, n, v->ppm) != n || fflush(v->ppm) != 0)
		fatal(1, "--ppm-stream: write failed: %s", strerror(errno));
}

static void
write_png(struct viewer *v, const char *path)
{
	SDL_Surface *s;

	render_read_rgb(v->cam.w, v->cam.h, v->pixels);
	s = SDL_CreateRGBSurfaceWithFormatFrom(v->pixels, v->cam.w, v->cam.h,
	    24, v->cam.w * 3, SDL_PIXELFORMAT_RGB24);
	if (s == NULL)
		fatal(1, "screenshot: %s", SDL_GetError());
	if (IMG_SavePNG(s, path) != 0)
		fatal(1, "%s: %s", path, IMG_GetError());
	SDL_FreeSurface(s);
}

/* --benchmark: N balls in flight, spread over both boards, at display t0. */
static void
bench_fill(struct viewer *v, int64_t t0)
{
	struct hist_in in;
	uint64_t i, n = v->o.benchmark, x = 88172645463325252ULL;
	int64_t flight = v->o.flight_ms * MS;
	static const char line[] = "0,0,0,0,0,benchmark ball";

	memset(&in, 0, sizeof(in));
	in.line = line;
	in.line_len = sizeof(line) - 1;
	in.desc_off = 10;
	for (i = 0; i < n; i++) {
		/* xorshift64: a fixed, well spread set of points. */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		in.sx = (float)(x & 0xffff) / 65536.0f;
		in.sy = (float)((x >> 16) & 0xffff) / 65536.0f;
		in.dx = (float)((x >> 32) & 0xffff) / 65536.0f;
		in.dy = (float)((x >> 48) & 0xffff) / 65536.0f;
		in.flag = (uint32_t)(i % PT_FLAG_CLASSES);
		history_push(v->h, t0 - flight + (int64_t)((double)flight *
		    (double)(i + 1) / (double)(n + 1)), &in);
	}
}

static void
fill_hud(struct viewer *v, struct hud_info *hi, double fps, double rate,
    int64_t now)
{
	memset(hi, 0, sizeof(*hi));
	hi->fps = fps;
	hi->records_per_s = rate;
	hi->in_flight = scene_in_flight(&v->scene);
	hi->kept = history_count(v->h);
	hi->dropped = v->h->dropped + v->h->dropped_text;
	if (v->have_net) {
		hi->received = v->net.c[NET_RECORDS];
		hi->rejected = v->net.c[NET_BAD_LINES];
		hi->dropped += v->net.c[NET_KERNEL_DROPS];
		hi->port = v->net.port;
	}
	hi->mode = v->tl.mode;
	hi->speed = v->tl.speed;
	hi->display_wall = v->scene.t + v->rt_offset;
	hi->behind = now - v->scene.t;
	hi->hover = v->scene.hover == SCENE_NONE ? NULL :
	    history_desc(v->h, v->scene.hover, &hi->hover_len);
	hi->pinned = v->scene.pinned == SCENE_NONE ? NULL :
	    history_desc(v->h, v->scene.pinned, &hi->pinned_len);
	hi->hover_traced = v->scene.hover != SCENE_NONE &&
	    v->scene.hover == v->traced;
	hi->pinned_traced = v->scene.pinned != SCENE_NONE &&
	    v->scene.pinned == v->traced;
	hi->status = v->status[0] != '\0' ? v->status : NULL;
	hi->message = NULL;	/* the message panel shows it */
	hi->help = v->in.help;
}

static void
init_video(struct viewer *v)
{
	GLenum e;
	Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE |
	    SDL_WINDOW_ALLOW_HIGHDPI;
	int w, h;

	if (SDL_Init(SDL_INIT_VIDEO) != 0)
		fatal(1, "SDL: %s (no display? try xvfb-run or "
		    "SDL_VIDEODRIVER=offscreen)", SDL_GetError());
	if (TTF_Init() != 0)
		fatal(1, "SDL_ttf: %s", TTF_GetError());
	if ((IMG_Init(IMG_INIT_PNG) & IMG_INIT_PNG) == 0)
		log_warn("SDL_image: %s", IMG_GetError());
	SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
	SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
	SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK,
	    SDL_GL_CONTEXT_PROFILE_CORE);
	SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
	SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 24);
	if (v->o.fullscreen)
		flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
	v->win = SDL_CreateWindow("PACKTER viewer", SDL_WINDOWPOS_CENTERED,
	    SDL_WINDOWPOS_CENTERED, v->o.w, v->o.h, flags);
	if (v->win == NULL)
		fatal(1, "window: %s", SDL_GetError());
	if ((v->gl = SDL_GL_CreateContext(v->win)) == NULL)
		fatal(1, "OpenGL 3.3 core context: %s", SDL_GetError());
	glewExperimental = GL_TRUE;
	e = glewInit();
	/*
	 * GLEW built for GLX says NO_GLX_DISPLAY under EGL (the offscreen
	 * driver) after it has loaded the core functions: harmless.
	 */
	if (e != GLEW_OK && e != GLEW_ERROR_NO_GLX_DISPLAY)
		fatal(1, "GLEW: %s", (const char *)glewGetErrorString(e));
	if (glCreateShader == NULL || glMultiDrawArrays == NULL ||
	    glVertexAttribIPointer == NULL || glFenceSync == NULL)
		fatal(1, "OpenGL 3.3 functions missing (GLEW: %s)",
		    (const char *)glewGetErrorString(e));
	while (glGetError() != GL_NO_ERROR)
		;	/* glewInit's probing in a core context */
	log_debug("GL %s, %s", (const char *)glGetString(GL_VERSION),
	    (const char *)glGetString(GL_RENDERER));
	if (SDL_GL_SetSwapInterval(v->o.vsync && v->o.benchmark == 0 ?
	    1 : 0) != 0)
		log_debug("swap interval: %s", SDL_GetError());
	SDL_GL_GetDrawableSize(v->win, &w, &h);
	camera_init(&v->cam, w, h);
	camera_view(&v->cam, (enum camera_view)v->o.view);
}

int
main(int argc, char **argv)
{
	static struct viewer vw;
	struct viewer *v = &vw;
	struct hud_info hi;
	struct timespec rt;
	SDL_Event ev;
	const char *shaders;
	char err[2048];
	int64_t start, now, prev, frame_start, rate_at, pick_due = 0;
	int64_t bench_start = 0, last_frame = 0;
	uint64_t rate_records = 0, rate_frames = 0;
	double fps = 0, rate = 0;
	bool frozen = false, last = false, msgs_done = false;
	GLsync frame_done = NULL;
	int final_frames = -1, bench_frames = 0, status = 0;
	FILE *info;

	log_init("packter-viewer", 0, 0);
	parse_options(argc, argv, &v->o);
	log_init("packter-viewer", v->o.debug, 0);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGUSR1, on_usr1);

	start = net_now();
	clock_gettime(CLOCK_REALTIME, &rt);
	v->rt_offset = (int64_t)rt.tv_sec * SEC + rt.tv_nsec - start;
	v->h = history_new(v->o.history, 0, start);
	scene_init(&v->scene, v->o.flight_ms * MS);
	timeline_init(&v->tl);
	input_init(&v->in);
	v->traced = SCENE_NONE;

	info = stdout;
	if (v->o.ppm != NULL) {
		if (strcmp(v->o.ppm, "-") == 0) {
			v->ppm = stdout;
			info = stderr;
		} else if ((v->ppm = fopen(v->o.ppm, "wb")) == NULL)
			fatal(1, "%s: %s", v->o.ppm, strerror(errno));
	}

	if (v->o.benchmark == 0) {
		if (net_open(&v->net, v->o.bind, v->o.port, v->o.rcvbuf, err,
		    sizeof(err)) == -1)
			fatal(1, "%s", err);
		v->have_net = true;
		v->net.on_control = on_control;
		v->net.control_arg = v;
		if (v->o.allow.n > 0)
			v->net.allow = &v->o.allow;
		v->net.auth = v->o.auth;
		log_debug("socket buffer %d bytes", v->net.rcvbuf);
	}

	init_video(v);
	if ((shaders = gl_shader_dir(v->o.shader_dir)) == NULL)
		fatal(1, "shaders not found: install them or give "
		    "--shader-dir");
	if (v->o.occlusion < 0)
		v->o.occlusion = !render_is_software();
	if ((v->render = render_new(shaders, v->h->cap, v->o.occlusion != 0,
	    err, sizeof(err))) == NULL)
		fatal(1, "%s", err);
	if ((v->hud = hud_new(v->o.font, v->o.font_px, shaders, err,
	    sizeof(err))) == NULL)
		log_warn("no HUD: %s (give --font FILE)", err);
	ensure_pixels(v);
	if (v->have_net) {
		v->ctl = control_new(&v->o.ctl, shaders, v->hud != NULL ?
		    v->o.font : NULL, v->o.font_px, v->h->cap, info);
		render_set_extras(v->render, control_skydome(v->ctl),
		    control_models(v->ctl));
	}

	if (v->o.benchmark > 0) {
		printf("renderer: %s, %dx%d, occlusion %s\n",
		    (const char *)glGetString(GL_RENDERER), v->cam.w, v->cam.h,
		    v->o.occlusion ? "on" : "off");
		now = net_now();
		bench_fill(v, now);
		timeline_pause_at(&v->tl, now, now);
		v->in.autorotate = true;
	}
	if (v->have_net) {
		fprintf(info, "listening on port %u\n", v->net.port);
		fflush(info);
	}

	prev = rate_at = net_now();
	for (;;) {
		frame_start = now = net_now();
		/* Frame time: from the second frame on (the first compiles). */
		if (v->c[V_FRAMES] >= 2) {
			uint64_t ms;

			ms = (uint64_t)(now - last_frame + MS - 1) / MS;

			if (ms > v->c[V_FRAME_MS_MAX])
				v->c[V_FRAME_MS_MAX] = ms;
		}
		last_frame = now;
		if (v->have_net)
			net_poll(&v->net, v->h, NET_BUDGET);

		/* --exit-after-records: freeze on the Nth record + offset. */
		if (v->o.exit_records > 0 && !frozen &&
		    v->net.c[NET_RECORDS] >= v->o.exit_records) {
			uint64_t seq = v->o.exit_records - 1;
			int64_t target;

			if (!history_has(v->h, seq))
				seq = v->h->tail;
			target = history_stamp(v->h, seq) +
			    v->o.record_offset_ms * MS;
			if (now >= target) {
				timeline_pause_at(&v->tl, now, target);
				frozen = true;
				inject_events(v);
				final_frames = 3;
			}
		}
		/* --exit-after-messages: all handled, the sounds over. */
		if (!msgs_done && control_done(v->ctl, now)) {
			msgs_done = true;
			inject_events(v);
			final_frames = 3;
		}

		while (SDL_PollEvent(&ev)) {
			if (ev.type == SDL_WINDOWEVENT &&
			    ev.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
				int w, h;

				SDL_GL_GetDrawableSize(v->win, &w, &h);
				camera_resize(&v->cam, w, h);
				ensure_pixels(v);
			}
			input_event(&v->in, &ev, &v->cam, &v->tl, now);
		}
		input_frame(&v->in, &v->cam, &v->tl, now,
		    (double)(now - prev) / 1e9);
		prev = now;
		control_keys(v->ctl, v->in.mute, v->in.panel, v->in.volume,
		    now);
		v->in.mute = v->in.panel = false;
		v->in.volume = 0;
		if (v->in.toggle_fullscreen) {
			Uint32 fs = SDL_GetWindowFlags(v->win) &
			    SDL_WINDOW_FULLSCREEN_DESKTOP;

			SDL_SetWindowFullscreen(v->win, fs ? 0 :
			    SDL_WINDOW_FULLSCREEN_DESKTOP);
			v->in.toggle_fullscreen = false;
		}

		/* Is this the last frame? */
		if (v->in.quit)
			last = true;
		if (v->o.exit_after > 0 &&
		    (double)(now - start) / 1e9 >= v->o.exit_after) {
			last = true;
			if (v->o.exit_records > 0 && !frozen) {
				log_err("--exit-after-records: %" PRIu64
				    " of %" PRIu64 " records arrived",
				    v->have_net ? v->net.c[NET_RECORDS] : 0,
				    v->o.exit_records);
				status = 1;
			}
			if (v->o.ctl.exit_messages > 0 && !msgs_done) {
				log_err("--exit-after-messages: not all %"
				    PRIu64 " messages handled and played",
				    v->o.ctl.exit_messages);
				status = 1;
			}
		}
		if (final_frames > 0 && --final_frames == 0)
			last = true;
		if (v->o.benchmark > 0 &&
		    bench_frames + 1 >= BENCH_WARMUP + v->o.bench_frames)
			last = true;

		/* The scene at the display time. */
		timeline_tick(&v->tl, now);
		scene_update(&v->scene, v->h, timeline_time(&v->tl, now));
		if (v->in.click) {
			v->scene.pinned = pick_at(v, v->in.click_x,
			    v->in.click_y);
			v->in.click = false;
		}
		if (!v->in.mouse_in || v->in.ldown || v->in.rdown)
			v->scene.hover = SCENE_NONE;
		else if (scene_in_flight(&v->scene) < PICK_BIG ||
		    now >= pick_due) {
			v->scene.hover = pick_at(v, v->in.mx, v->in.my);
			pick_due = now + PICK_EVERY_BIG;
		}
		if (v->in.traceback) {
			do_traceback(v);
			v->in.traceback = false;
		}

		/* Draw: control messages waiting first (within a budget). */
		control_frame(v->ctl, now);
		render_upload(v->render, v->h);
		render_frame(v->render, &v->cam, &v->scene, v->h);
		if (v->hud != NULL) {
			fill_hud(v, &hi, fps, rate, now);
			hud_begin(v->hud, v->cam.w, v->cam.h);
			hud_board_labels(v->hud, &v->cam);
			hud_overlay(v->hud, &hi);
			hud_end(v->hud);
		}
		control_draw(v->ctl, v->cam.w, v->cam.h, now);
		if (v->ppm != NULL)
			write_ppm(v);
		if (last && v->o.screenshot != NULL)
			write_png(v, v->o.screenshot);
		SDL_GL_SwapWindow(v->win);
		/*
		 * At most one frame queued: a swap that does not wait (no
		 * vsync, offscreen) would let frames pile up in the driver,
		 * in memory and in latency, without bound.
		 */
		if (frame_done != NULL) {
			(void)glClientWaitSync(frame_done,
			    GL_SYNC_FLUSH_COMMANDS_BIT, (GLuint64)SEC);
			glDeleteSync(frame_done);
		}
		frame_done = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
		v->c[V_FRAMES]++;

		if (v->o.benchmark > 0) {
			if (++bench_frames == BENCH_WARMUP) {
				glFinish();
				bench_start = net_now();
			}
		}
		if (got_usr1) {
			got_usr1 = 0;
			print_stats(stderr, v);
		}
		if (last)
			break;

		/* Rates for the HUD, twice a second. */
		now = net_now();
		rate_frames++;
		if (now - rate_at >= SEC / 2) {
			uint64_t recs = v->have_net ? v->net.c[NET_RECORDS] : 0;

			fps = (double)rate_frames * 1e9 / (double)(now - rate_at);
			rate = (double)(recs - rate_records) * 1e9 /
			    (double)(now - rate_at);
			rate_records = recs;
			rate_frames = 0;
			rate_at = now;
		}

		/* Pace the frames; read the network while waiting. */
		if (v->o.benchmark == 0 && v->o.fps_max > 0) {
			int64_t deadline = frame_start + SEC / v->o.fps_max;

			while ((now = net_now()) < deadline) {
				int ms = (int)((deadline - now + MS - 1) / MS);

				if (net_wait(&v->net, ms) > 0)
					net_poll(&v->net, v->h,
					    deadline - net_now());
			}
		}
	}

	if (v->o.benchmark > 0) {
		glFinish();
		now = net_now();
		printf("%" PRIu64 " balls: %.1f fps\n", v->o.benchmark,
		    (double)v->o.bench_frames * 1e9 /
		    (double)(now - bench_start));
	}
	if (v->o.stats)
		print_stats(info, v);
	if (v->o.dump != NULL)
		dump_records(v, v->o.dump);
	if (v->ppm != NULL && v->ppm != stdout)
		fclose(v->ppm);

	control_free(v->ctl);
	hud_free(v->hud);
	render_free(v->render);
	if (frame_done != NULL)
		glDeleteSync(frame_done);
	SDL_GL_DeleteContext(v->gl);
	SDL_DestroyWindow(v->win);
	IMG_Quit();
	TTF_Quit();
	SDL_Quit();
	if (v->have_net)
		net_close(&v->net);
	history_free(v->h);
	auth_verifier_free(v->o.auth);
	free(v->pixels);
	return status;
}
