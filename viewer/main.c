/*
 * main.c - packter-viewer: the window and the frame loop.
 *
 * As Gource's SDLApp does, the loop owns the timing and splits a frame in
 * two: update (read the network into the history, handle input, set the
 * display time, the scene at that time, picking, traceback, whether this is
 * the last frame) and draw (the control messages due, the renderer, the
 * HUD, the message panel, the export, the swap).  Between frames it waits on
 * the sockets, so records keep arriving while it idles.  The options are
 * options.c's, the exports export.c's; the GL calls are all in gl/.
 */
#include "config.h"

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ballinfo.h"
#include "boardctl.h"
#include "audio.h"
#include "camera.h"
#include "control.h"
#include "counters.h"
#include "export.h"
#include "gateway.h"
#include "globe.h"
#include "globedraw.h"
#include "glutil.h"
#include "gwboard.h"
#include "history.h"
#include "hud.h"
#include "image.h"
#include "infobox.h"
#include "input.h"
#include "kiosk.h"
#include "log.h"
#include "media.h"
#include "net.h"
#include "options.h"
#include "protocol.h"
#include "record.h"
#include "render.h"
#include "resolve.h"
#include "scene.h"
#include "scrubbar.h"
#include "scrubber.h"
#include "signals.h"
#include "stats.h"
#include "status.h"
#include "timebase.h"
#include "timeline.h"
#include "trace.h"
#include "traceback.h"
#include "wallsync.h"

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
#define BENCH_WARMUP		5
#define FINAL_FRAMES		3	/* drawn after the exit condition */
#define NOTE_NS			(4 * SEC)	/* a passing word on the HUD */
#define WALL_GUARD_PX		32	/* drawn past the edges (wall.h) */
#define FONT_BASE_PX		14	/* at FONT_BASE_H pixels high */
#define FONT_BASE_H		720

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
	struct export	 ex;		/* --ppm-stream, --screenshot */
	FILE		*info;		/* "listening on", --stats */
	char		 status[512];
	struct control	*ctl;		/* panel, sky dome, models, sound */
	/* PACKTERWITHGATEWAY: its records and their board (gateway.h). */
	struct gateways	 gw;
	struct gwboard	*gwb;
	/* Capture time, the scrubber, --record and --play. */
	struct timebase	 tb;
	struct scrubber	 scrub;
	struct scrubbar	 bar;
	struct status_text st;
	struct recorder	 rec;
	char		 note[160];
	int64_t		 note_until;
	uint64_t	 played, play_bad;
	/* What a ball tells, and its traces (ballinfo). */
	struct trace_table *traces;
	struct resolver	*resolver;	/* bridge names */
	size_t		 resolving;	/* requests waiting for a name */
	FILE		*trace_log;	/* --trace-log */
	struct scene_picks picks;	/* the balls under the pointer */
	int		 pick_mx, pick_my;	/* where they were picked */
	struct infobox_rect hover_box, pin_box, log_box;
	struct boardctl	*bc;		/* ranges, filter, boards, config */
	/* The globe: the records' places, its drawing, whether it is shown. */
	struct globe_places *places;
	struct globe_gl	*globe;
	bool		 globe_on;

	/* The loop's clocks (ns) and rates. */
	int64_t		 start, prev, last_frame, pick_due;
	int64_t		 rate_at, bench_start;
	uint64_t	 rate_records, rate_frames;
	double		 fps, rate;
	int		 bench_frames;
	/* How it ends. */
	bool		 frozen;	/* --exit-after-records reached */
	bool		 msgs_done;	/* --exit-after-messages reached */
	int		 final_frames;	/* frames left to draw, -1: not yet */
	bool		 last;		/* this frame is the last */
	int		 exit_status;

	/* The NOC wall: lead/follow, kiosk mode (wallsync.h, kiosk.h). */
	struct wall_sync ws;
	bool		 have_sync;
	bool		 following;	/* this frame shows the leader's */
	struct kiosk	 kiosk;
	bool		 hud_here;	/* HUD and panels on this tile */
	bool		 injected;	/* --inject-after-records done */
	int		 synced_frames;	/* --exit-after-synced-frames */
	int64_t		 synced_display;
	char		 wall_line[200];
};

/* A passing word on the HUD's status panel. */
static void __attribute__((format(printf, 3, 4)))
note(struct viewer *v, int64_t now, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v->note, sizeof(v->note), fmt, ap);
	va_end(ap);
	v->note_until = now + NOTE_NS;
}

/* Shift+R and SIGUSR2: the counters start again from zero. */
static void
reset_counters(struct viewer *v, int64_t now)
{
	if (v->have_net) {
		memset(v->net.c, 0, sizeof(v->net.c));
		v->net.first_record = v->net.last_record = 0;
	}
	v->h->dropped = v->h->dropped_text = v->h->cut = 0;
	memset(v->tb.c, 0, sizeof(v->tb.c));
	memset(v->c, 0, sizeof(v->c));
	v->rate_records = 0;
	note(v, now, "counters reset");
	log_info("counters reset");
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

/* Drawable pixels per window point, across and down. */
static float
scale_x(struct viewer *v)
{
	int ww, wh;

	SDL_GetWindowSize(v->win, &ww, &wh);
	return ww > 0 ? (float)v->cam.w / (float)ww : 1.0f;
}

static float
scale_y(struct viewer *v)
{
	int ww, wh;

	SDL_GetWindowSize(v->win, &ww, &wh);
	return wh > 0 && v->cam.h > 0 ? (float)v->cam.h / (float)wh : 1.0f;
}

static uint64_t
pick_at(struct viewer *v, int x, int y)
{
	struct scene_picks picks;
	float px, py, o[3], d[3];

	to_pixels(v, x, y, &px, &py);
	camera_ray(&v->cam, px, py, o, d);
	if (v->globe_on) {
		globe_pick_all(&v->scene, v->h, v->places, o, d,
		    SCENE_BALL_RADIUS, camera_pixel_size(&v->cam, 1.0f) *
		    PICK_PX, &picks);
		return picks.n > 0 ? picks.seq[0] : SCENE_NONE;
	}
	return scene_pick(&v->scene, v->h, o, d, SCENE_BALL_RADIUS,
	    camera_pixel_size(&v->cam, 1.0f) * PICK_PX);
}

/* Every ball under the pointer; the hovered one among them (Tab's). */
static void
pick_all_at(struct viewer *v, int x, int y)
{
	float px, py, o[3], d[3];

	to_pixels(v, x, y, &px, &py);
	camera_ray(&v->cam, px, py, o, d);
	if (v->globe_on)
		globe_pick_all(&v->scene, v->h, v->places, o, d,
		    SCENE_BALL_RADIUS, camera_pixel_size(&v->cam, 1.0f) *
		    PICK_PX, &v->picks);
	else
		scene_pick_all(&v->scene, v->h, o, d, SCENE_BALL_RADIUS,
		    camera_pixel_size(&v->cam, 1.0f) * PICK_PX, &v->picks);
	if (x != v->pick_mx || y != v->pick_my)
		v->scene.chosen = SCENE_NONE;	/* moved: the nearest again */
	v->pick_mx = x;
	v->pick_my = y;
	scene_hover_among(&v->scene, &v->picks);
}

/* --- traceback: requests, names, the bridge's reports (ballinfo) ------ */

/* Wall-clock µs of a monotonic ns. */
static int64_t
wall_us(const struct viewer *v, int64_t mono)
{
	return (mono + v->rt_offset) / 1000;
}

/* Times in UTC (--utc), else local time. */
static bool
show_utc(const struct viewer *v)
{
	return v->o.utc;
}

/*
 * The capture time of record seq (µs since the epoch), or PT_TIME_NONE when
 * its feed gave none: the timebase maps its stamp back (core/timebase.h).
 */
static int64_t
capture_us(const struct viewer *v, uint64_t seq)
{
	enum tb_kind kind;
	int64_t w;

	if (!history_has(v->h, seq))
		return PT_TIME_NONE;
	w = timebase_wall(&v->tb, history_stamp(v->h, seq), &kind);
	if (w == INT64_MIN || kind != TB_CAPTURE)
		return PT_TIME_NONE;
	return w / 1000;
}

/* Local time's offset from UTC at wall-clock µs (what the core needs). */
static int32_t
tz_offset(int64_t us)
{
	time_t secs = (time_t)(us / 1000000);
	struct tm tm;

	if (localtime_r(&secs, &tm) == NULL)
		return 0;
	return (int32_t)tm.tm_gmtoff;
}

/* --trace-log: the request as it is now, one JSON object a line. */
static void
log_trace(struct viewer *v, const struct trace_entry *e)
{
	char buf[TRACE_JSON_MAX];
	size_t n;

	if (v->trace_log == NULL)
		return;
	if ((n = trace_json(e, buf, sizeof(buf))) == 0) {
		log_warn("--trace-log: request #%llu too long to log",
		    (unsigned long long)e->id);
		return;
	}
	fprintf(v->trace_log, "%.*s\n", (int)n, buf);
	if (fflush(v->trace_log) != 0)
		log_errno(LOG_LVL_WARN, errno, "--trace-log");
}

/* Send a request whose bridge address is known. */
static void
send_trace(struct viewer *v, struct trace_entry *e, int64_t now)
{
	char err[256], name[160];

	if (net_send_trace(e->bridge_addr, v->o.tc_port, e->req, e->req_len,
	    err, sizeof(err)) == -1) {
		trace_set(e, TRACE_ERROR, err, wall_us(v, now));
		snprintf(v->status, sizeof(v->status), "trace #%llu: %s",
		    (unsigned long long)e->id, err);
		v->c[V_TRACE_REFUSED]++;
		log_trace(v, e);
		return;
	}
	v->c[V_TRACE_SENT]++;
	snprintf(v->status, sizeof(v->status), "trace #%llu requested for "
	    "the %s ball, %s, from %s port %u", (unsigned long long)e->id,
	    e->hovered ? "hovered" : "pinned", trace_packet_name(e, name,
	    sizeof(name)), e->bridge_addr, v->o.tc_port);
	log_info("%s: %.*s", v->status, (int)e->req_len, e->req);
}

/* A request waiting for its bridge's name: resolved yet? */
static void
resolve_trace(struct viewer *v, struct trace_entry *e, int64_t now)
{
	char addr[48], err[256];
	int rc;

	rc = resolver_lookup(v->resolver, e->bridge, now, addr, sizeof(addr),
	    err, sizeof(err));
	if (rc == 0)
		return;
	v->resolving--;
	if (rc == -1) {
		trace_set(e, TRACE_ERROR, err, wall_us(v, now));
		snprintf(v->status, sizeof(v->status), "trace #%llu: %s; "
		    "nothing sent", (unsigned long long)e->id, err);
		v->c[V_TRACE_REFUSED]++;
		log_trace(v, e);
		return;
	}
	snprintf(e->bridge_addr, sizeof(e->bridge_addr), "%s", addr);
	trace_set(e, TRACE_REQUESTED, NULL, wall_us(v, now));
	log_trace(v, e);
	send_trace(v, e, now);
}

static void
resolve_traces(struct viewer *v, int64_t now)
{
	size_t i, left = 0;

	for (i = 0; i < trace_count(v->traces) && v->resolving > 0; i++) {
		struct trace_entry *e = trace_at(v->traces, i);

		if (e->state == TRACE_RESOLVING)
			resolve_trace(v, e, now);
	}
	/* Counted again: the table may have forgotten a waiting one. */
	for (i = 0; i < trace_count(v->traces); i++)
		if (trace_at(v->traces, i)->state == TRACE_RESOLVING)
			left++;
	v->resolving = left;
}

/* T: the hovered ball if there is one, else the pinned one. */
static void
do_traceback(struct viewer *v, int64_t now)
{
	char req[HISTORY_MAX_LINE + 64], addr[TB_ADDR_MAX], err[256];
	char md5[TB_MD5_LEN + 1];
	bool hovered = v->scene.hover != SCENE_NONE;
	uint64_t seq = hovered ? v->scene.hover : v->scene.pinned;
	const char *line, *desc, *which = hovered ? "hovered" : "pinned";
	struct trace_entry *e;
	size_t len, dlen, reqlen;
	int kind;

	if (seq == SCENE_NONE ||
	    (line = history_line(v->h, seq, &len)) == NULL) {
		snprintf(v->status, sizeof(v->status),
		    "traceback: point at a ball or pin one first");
		v->c[V_TRACE_REFUSED]++;
		return;
	}
	desc = history_desc(v->h, seq, &dlen);
	if ((kind = traceback_request(line, len, (size_t)(desc - line), req,
	    sizeof(req), &reqlen, addr, md5, err, sizeof(err))) == -1) {
		snprintf(v->status, sizeof(v->status), "traceback of the %s "
		    "ball: %s", which, err);
		v->c[V_TRACE_REFUSED]++;
		return;
	}
	if (reqlen >= TRACE_LINE_REQ) {
		snprintf(v->status, sizeof(v->status), "traceback of the %s "
		    "ball: its fields are too long for a request", which);
		v->c[V_TRACE_REFUSED]++;
		return;
	}
	e = trace_add(v->traces, seq, line, len, md5, addr, kind == TB_NAME,
	    capture_us(v, seq), wall_us(v, now));
	e->hovered = hovered;
	memcpy(e->req, req, reqlen);
	e->req_len = reqlen;
	log_trace(v, e);
	if (kind == TB_NAME) {
		if (v->resolver == NULL)
			v->resolver = resolver_new();
		v->resolving++;
		snprintf(v->status, sizeof(v->status), "trace #%llu of the %s "
		    "ball: resolving %s", (unsigned long long)e->id, which,
		    addr);
		resolve_trace(v, e, now);
		return;
	}
	send_trace(v, e, now);
}

/* Text for HTML: the five characters escaped. */
static void
html_escape(char *dst, size_t cap, const char *s)
{
	size_t n = 0, k;
	const char *rep;
	char one[2] = { 0, 0 };

	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: one[0] = *s; rep = one; break;
		}
		k = strlen(rep);
		if (n + k + 1 > cap)
			break;
		memcpy(dst + n, rep, k);
		n += k;
	}
	dst[n] = '\0';
}

/*
 * A PACKTERMSG from a bridge: the request it names gets its state, and the
 * panel names the packet.  Returns the note for the panel, or NULL.
 */
static const char *
trace_report(struct viewer *v, struct pt_parser *ps, int64_t stamp,
    char *note, size_t cap)
{
	struct pt_parser copy = *ps;
	struct pt_control m;
	struct trace_entry *e;
	char err[PT_ERRBUF_SIZE], name[160], esc[320], when[64];
	bool changed;
	int64_t t;

	if (ps->kind != PT_MSG && ps->kind != PT_HTML)
		return NULL;
	if (pt_parse_control(&copy, &m, err, sizeof(err)) != 0)
		return NULL;
	e = trace_message(v->traces, m.file.p, m.file.len, m.text.p,
	    m.text.len, wall_us(v, stamp), &changed);
	if (e == NULL)
		return NULL;
	if (changed) {
		log_trace(v, e);
		log_info("trace #%llu: %s%s%s", (unsigned long long)e->id,
		    trace_state_name(e->state), e->path[0] != '\0' ? ", " : "",
		    e->path);
	}
	t = e->capture_us != PT_TIME_NONE ? e->capture_us : e->asked_us;
	ballinfo_time(when, sizeof(when), t, tz_offset(t), show_utc(v),
	    BI_TIME_FULL);
	html_escape(esc, sizeof(esc), trace_packet_name(e, name,
	    sizeof(name)));
	snprintf(note, cap, "<p>trace #%llu: %s, %s %s</p>",
	    (unsigned long long)e->id, esc, e->capture_us != PT_TIME_NONE ?
	    "captured" : "asked", when);
	return note;
}

/* --- end of traceback ---------------------------------------------------- */

/* --- the globe ------------------------------------------------------------- */

/* media/world.png, through the media room; NULL (a plain ocean) if none. */
static SDL_Surface *
world_map(struct viewer *v)
{
	struct media m;
	SDL_Surface *s = NULL;
	char err[512];
	size_t size;
	void *buf;
	int res;

	if (media_open(&m, media_default_dir(v->o.ctl.media_dir), err,
	    sizeof(err)) == -1) {
		log_warn("globe: %s: a plain ocean (give --media DIR)", err);
		return NULL;
	}
	if ((buf = media_read(&m, "world.png", 9, &size, &res, err,
	    sizeof(err))) == NULL ||
	    (s = image_decode(buf, size, err, sizeof(err))) == NULL)
		log_warn("globe: world.png: %s: a plain ocean", err);
	free(buf);
	media_close(&m);
	return s;
}

/* The drawing, made once: --globe needs it, G asks for it. */
static bool
globe_ready(struct viewer *v, const char *shaders)
{
	SDL_Surface *world;
	char err[2048];

	if (v->globe != NULL)
		return true;
	world = world_map(v);
	v->globe = globe_gl_new(shaders, v->h->cap, world, err, sizeof(err));
	if (world != NULL)
		SDL_FreeSurface(world);
	if (v->globe == NULL) {
		log_warn("no globe: %s", err);
		return false;
	}
	return true;
}

/* Boards or globe; the camera over the place asked for, or as it was. */
static void
globe_switch(struct viewer *v, bool on, int64_t now)
{
	if (on && !globe_ready(v, gl_shader_dir(v->o.shader_dir))) {
		note(v, now, "no globe (see the log)");
		return;
	}
	v->globe_on = on;
	v->picks.n = v->picks.total = 0;
	v->scene.hover = v->scene.chosen = SCENE_NONE;
	if (!on) {
		camera_view(&v->cam, (enum camera_view)v->o.view);
		return;
	}
	v->cam.target[0] = v->cam.target[1] = v->cam.target[2] = 0.0f;
	if (v->o.globe_view)
		globe_camera(v->o.globe_lat, v->o.globe_lon, &v->cam.yaw,
		    &v->cam.pitch, &v->cam.dist);
	else
		v->cam.dist = GLOBE_VIEW_DIST;
}

static void
print_globe(FILE *f, struct viewer *v)
{
	struct counters c;

	c.title = "globe";
	c.names = globe_counter_names;
	c.v = v->places->c;
	c.n = GLC_MAX;
	counters_print(f, &c, 1);
	fprintf(f, "globe: %s\n", v->globe_on ? "shown" : "hidden");
}

/* --- end of the globe ------------------------------------------------------ */

/* Control messages: to control.c (panel, sky dome, sound, voice). */
static void
on_control(void *arg, struct pt_parser *ps, int64_t stamp)
{
	struct viewer *v = arg;
	char note[512];

	control_datagram_note(v->ctl, ps, stamp, trace_report(v, ps, stamp,
	    note, sizeof(note)));
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
print_box(FILE *f, const char *what, const struct infobox_rect *r)
{
	if (r->shown)
		fprintf(f, "%s: %d,%d %dx%d\n", what, (int)r->x, (int)r->y,
		    (int)r->w, (int)r->h);
	else
		fprintf(f, "%s: hidden\n", what);
}

/* The traces and the boxes, for --stats and SIGUSR1. */
static void
print_traces(FILE *f, struct viewer *v)
{
	const struct trace_entry *e;
	char name[160];
	size_t i;

	for (i = 0; i < trace_count(v->traces); i++) {
		e = trace_at(v->traces, i);
		fprintf(f, "trace #%llu: %s record %llu %s hash %s bridge %s "
		    "request %s path %s\n", (unsigned long long)e->id,
		    trace_state_name(e->state), (unsigned long long)e->record,
		    trace_packet_name(e, name, sizeof(name)), e->hash,
		    e->bridge, e->request[0] != '\0' ? e->request : "-",
		    e->path[0] != '\0' ? e->path : "-");
	}
	e = v->scene.hover != SCENE_NONE ?
	    trace_of_record(v->traces, v->scene.hover) : NULL;
	fprintf(f, "hover trace: %s\n", e != NULL ?
	    trace_state_name(e->state) : "none");
	fprintf(f, "under pointer: %zu\n", v->picks.total);
	fprintf(f, "news: %s\n", v->status[0] != '\0' ? v->status : "none");
	print_box(f, "hover box", &v->hover_box);
	print_box(f, "pin box", &v->pin_box);
	print_box(f, "trace log", &v->log_box);
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
	c.title = "timebase";
	c.names = timebase_counter_names;
	c.v = v->tb.c;
	c.n = TBC_MAX;
	counters_print(f, &c, 1);
	if (v->o.record != NULL)
		fprintf(f, "recorded: %" PRIu64 " datagrams to %s\n",
		    v->rec.datagrams, v->o.record);
	if (v->o.play != NULL)
		fprintf(f, "played: %" PRIu64 " datagrams from %s, %" PRIu64
		    " bad time lines\n", v->played, v->o.play, v->play_bad);
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
	fprintf(f, "gateway: board %s, %" PRIu64 " records, %" PRIu64
	    " dropped, %" PRIu64 " drawn\n", gateway_board_shown(&v->gw) ?
	    "shown" : "hidden", v->gw.received, v->gw.dropped,
	    gwboard_drawn(v->gwb));
	print_globe(f, v);
	print_traces(f, v);
	boardctl_print(v->bc, f);
	if (v->have_sync)
		sync_print(&v->ws, f);
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
		fatal_errno(1, errno, "%s", path);
	for (seq = v->h->tail; seq < v->h->head; seq++)
		if ((line = history_line(v->h, seq, &len)) != NULL)
			fprintf(f, "%.*s\n", (int)len, line);
	if (fclose(f) != 0)
		fatal_errno(1, errno, "%s: write failed", path);
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
fill_hud(struct viewer *v, struct hud_info *hi, int64_t now)
{
	struct status_in si;
	enum tb_kind kind;
	int64_t t = v->scene.t;

	memset(&si, 0, sizeof(si));
	si.fps = v->fps;
	si.records_per_s = v->rate;
	si.in_flight = scene_in_flight(&v->scene);
	si.kept = history_count(v->h);
	si.aged = v->h->dropped + v->h->dropped_text;
	if (v->have_net) {
		si.port = v->net.port;
		si.kernel_drops = v->net.c[NET_KERNEL_DROPS];
		si.refused = v->net.c[NET_DENIED] + v->net.c[NET_AUTH_REFUSED];
		si.truncated = v->net.c[NET_TRUNCATED];
		si.bad_lines = v->net.c[NET_BAD_LINES];
	}
	si.first_wall = si.last_wall = INT64_MIN;
	if (si.kept > 0) {
		si.first_wall = timebase_wall(&v->tb, history_stamp(v->h,
		    v->h->tail), NULL);
		si.last_wall = timebase_wall(&v->tb, history_stamp(v->h,
		    v->h->head - 1), NULL);
		si.before_history = t < history_stamp(v->h, v->h->tail);
	}
	si.mode = v->tl.mode;
	si.speed = v->tl.speed;
	si.behind = now - t;
	if ((si.wall = timebase_wall(&v->tb, t, &kind)) == INT64_MIN) {
		si.wall = t + v->rt_offset;
		kind = TB_ARRIVAL;
	}
	si.kind = kind;
	si.utc = v->o.utc;
	si.note = now < v->note_until ? v->note : NULL;
	status_build(&si, &v->st);

	memset(hi, 0, sizeof(*hi));
	hi->st = &v->st;
	hi->bottom = v->bar.h + 4;
	hi->status = v->status[0] != '\0' ? v->status : NULL;
	hi->message = NULL;	/* the message panel shows it */
	hi->help = v->in.help;
}

/* --- the NOC wall ------------------------------------------------------ */

/* Without a display, SDL may still draw into memory: only with --offscreen. */
static void
wall_check_display(struct viewer *v)
{
	const char *drv = SDL_GetCurrentVideoDriver();

	if (v->o.wall.offscreen || drv == NULL)
		return;
	if (strcmp(drv, "offscreen") == 0 || strcmp(drv, "dummy") == 0)
		fatal(1, "no display: SDL's video driver is \"%s\", which "
		    "draws nowhere; give --offscreen to do that on purpose, or "
		    "run where DISPLAY or WAYLAND_DISPLAY names a display",
		    drv);
}

/* --lead or --follow: join the group (after the history and the net). */
static void
wall_init(struct viewer *v)
{
	const struct wall_opts *wo = &v->o.wall;
	char err[512];

	kiosk_init(&v->kiosk, wo->kiosk);
	v->hud_here = wall_hud_here(wo);
	if (wo->lead == NULL && wo->follow == NULL)
		return;
	if (sync_open(&v->ws, wo->lead != NULL ? wo->lead : wo->follow,
	    wo->lead != NULL, wo->mcast_if, wo->sync_key, err,
	    sizeof(err)) == -1)
		fatal(1, "%s %s", wo->lead != NULL ? "--lead" : "--follow",
		    err);
	v->have_sync = true;
	log_info("wall sync: %s on %s, tile %d,%d of %dx%d", wo->lead ?
	    "leading" : "following", v->ws.name, wo->tile.col, wo->tile.row,
	    wo->tile.cols, wo->tile.rows);
}

static int64_t
realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * SEC + ts.tv_nsec;
}

/*
 * After the timeline: a follower takes the leader's time, mode, camera and
 * panels; one that lost its leader goes on live.  Returns the display time.
 */
static int64_t
wall_follow(struct viewer *v, int64_t now, int64_t t)
{
	struct sync_view sv;
	bool was = v->following;

	if (!v->have_sync)
		return t;
	sync_poll(&v->ws, now, realtime_ns());
	memset(&sv, 0, sizeof(sv));
	sv.cam = &v->cam;
	v->following = sync_apply(&v->ws, &sv, v->h, &v->tb, now,
	    realtime_ns(), v->rt_offset);
	if (!v->following) {
		if (was && !v->ws.st.leading)
			timeline_live(&v->tl, now);
		v->synced_frames = 0;
		return t;
	}
	/* The timeline holds the leader's state: taking the lead goes on. */
	v->tl.mode = sv.mode;
	v->tl.speed = sv.speed;
	v->tl.anchor_display = sv.t;
	v->tl.anchor_wall = now;
	v->in.help = (sv.panels & SYNC_P_HELP) != 0;
	v->scene.hover = sv.hover;
	v->scene.pinned = sv.pinned;
	if (v->o.wall.exit_synced > 0) {
		if (sv.mode == TL_PAUSED && v->synced_frames > 0 &&
		    sv.t == v->synced_display)
			v->synced_frames++;
		else
			v->synced_frames = sv.mode == TL_PAUSED ? 1 : 0;
		v->synced_display = sv.t;
		if (v->synced_frames >= v->o.wall.exit_synced)
			v->last = true;
	}
	return sv.t;
}

/* The leader: what this frame shows, to the wall. */
static void
wall_lead(struct viewer *v, int64_t now)
{
	struct sync_view sv;

	if (!v->have_sync || !v->ws.st.leading)
		return;
	memset(&sv, 0, sizeof(sv));
	sv.t = v->scene.t;
	sv.mode = v->tl.mode;
	sv.speed = v->tl.speed;
	sv.cam = &v->cam;
	sv.hover = v->scene.hover;
	sv.pinned = v->scene.pinned;
	sv.panels = v->in.help ? SYNC_P_HELP : 0;
	sync_send(&v->ws, &sv, v->h, &v->tb, now, realtime_ns(),
	    v->rt_offset);
}

/* F11 without a window manager: borderless, over the whole display. */
static void
wall_fullscreen(struct viewer *v)
{
	Uint32 fs = SDL_GetWindowFlags(v->win) & SDL_WINDOW_FULLSCREEN_DESKTOP;
	SDL_Rect r;
	int w, h, d;

	if (SDL_SetWindowFullscreen(v->win, fs ? 0 :
	    SDL_WINDOW_FULLSCREEN_DESKTOP) == 0 || fs)
		return;
	/* Refused (no window manager to ask): do it by hand. */
	if ((d = SDL_GetWindowDisplayIndex(v->win)) < 0 ||
	    SDL_GetDisplayBounds(d, &r) != 0)
		return;
	SDL_GetWindowSize(v->win, &w, &h);
	if (w == r.w && h == r.h)
		return;
	SDL_SetWindowBordered(v->win, SDL_FALSE);
	SDL_SetWindowPosition(v->win, r.x, r.y);
	SDL_SetWindowSize(v->win, r.w, r.h);
	log_info("full screen by hand: %dx%d", r.w, r.h);
}

/* The wall's line on the HUD: sync, kiosk, sound when not default. */
static const char *
wall_status(struct viewer *v, int64_t now)
{
	char sync[160] = "";
	const char *k = kiosk_status(&v->kiosk, now);
	bool muted;
	int vol, n;

	if (v->have_sync && sync_note(&v->ws, now, sync, sizeof(sync)) == NULL)
		sync[0] = '\0';
	n = snprintf(v->wall_line, sizeof(v->wall_line), "%s%s%s", sync,
	    sync[0] != '\0' && k != NULL ? "  " : "", k != NULL ? k : "");
	if (n >= 0 && (size_t)n < sizeof(v->wall_line) && v->hud_here &&
	    control_audio(v->ctl, &muted, &vol) && (muted ||
	    vol != AUDIO_VOLUME_STEPS))
		snprintf(v->wall_line + n, sizeof(v->wall_line) - (size_t)n,
		    "%s%s volume %d/%d", n > 0 ? "  " : "", muted ? "muted," :
		    "sound:", vol, AUDIO_VOLUME_STEPS);
	return v->wall_line[0] != '\0' ? v->wall_line : NULL;
}

static void
init_video(struct viewer *v)
{
	Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE |
	    SDL_WINDOW_ALLOW_HIGHDPI;
	char err[256];
	int w, h;

	/* --offscreen draws without a display, and only when asked. */
	if (v->o.wall.offscreen)
		SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
	if (SDL_Init(SDL_INIT_VIDEO) != 0)
		fatal(1, "SDL: %s (no display? try xvfb-run, or --offscreen "
		    "to draw without one)", SDL_GetError());
	wall_check_display(v);
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
	if (gl_init(err, sizeof(err)) == -1)
		fatal(1, "%s", err);
	log_debug("GL %s, %s", gl_version(), gl_renderer());
	if (SDL_GL_SetSwapInterval(v->o.vsync && v->o.benchmark == 0 ?
	    1 : 0) != 0)
		log_debug("swap interval: %s", SDL_GetError());
	SDL_GL_GetDrawableSize(v->win, &w, &h);
	camera_init(&v->cam, w, h);
	camera_view(&v->cam, (enum camera_view)v->o.view);
	/* This tile's part of the wall's picture. */
	v->cam.tile = v->o.wall.tile;
	v->cam.guard = WALL_GUARD_PX;
	/* Text that stays readable on a 4K screen, unless --font-size. */
	if (!v->o.font_px_set && h > FONT_BASE_H)
		v->o.font_px = FONT_BASE_PX * h / FONT_BASE_H > 96 ? 96 :
		    FONT_BASE_PX * h / FONT_BASE_H;
}

/* Options, history, sockets, window, renderer, HUD, control messages. */
static void
viewer_init(struct viewer *v, int argc, char **argv)
{
	struct timespec rt;
	const char *shaders;
	char err[2048];
	int64_t now;

	log_init("packter-viewer", 0, 0);
	options_parse(argc, argv, &v->o);
	log_init("packter-viewer", v->o.debug, 0);
	sig_setup(NULL);

	v->start = net_now();
	clock_gettime(CLOCK_REALTIME, &rt);
	v->rt_offset = (int64_t)rt.tv_sec * SEC + rt.tv_nsec - v->start;
	v->bc = boardctl_new(&v->o.boards, &v->o, v->o.history > 0 ?
	    v->o.history : 1);
	v->h = history_new(v->o.history, 0, v->start);
	gateways_init(&v->gw, GATEWAY_DEFAULT_CAP, v->o.ctl.gateway_board);
	scene_init(&v->scene, v->o.flight_ms * MS);
	timebase_init(&v->tb);
	timeline_init(&v->tl);
	input_init(&v->in);
	v->traces = trace_new();
	v->places = globe_places_new(v->h->cap);
	if (v->o.trace_log != NULL &&
	    (v->trace_log = fopen(v->o.trace_log, "a")) == NULL)
		fatal_errno(1, errno, "--trace-log %s", v->o.trace_log);
	v->final_frames = -1;

	export_open(&v->ex, v->o.ppm);
	v->info = export_on_stdout(&v->ex) ? stderr : stdout;
	boardctl_set_report(v->bc, v->info);

	if (v->o.benchmark == 0) {
		if (net_open(&v->net, v->o.bind, v->o.port, v->o.rcvbuf,
		    v->o.wall.mcast_if, err, sizeof(err)) == -1)
			fatal(1, "%s", err);
		v->have_net = true;
		v->net.on_control = on_control;
		v->net.control_arg = v;
		v->net.on_record = boardctl_record;
		v->net.record_arg = v->bc;
		if (v->o.allow.n > 0)
			v->net.allow = &v->o.allow;
		v->net.auth = v->o.auth;
		v->net.tb = &v->tb;
		v->net.gateways = &v->gw;
		v->net.places = v->places;
		if (v->o.record != NULL) {
			if (record_open(&v->rec, v->o.record, err,
			    sizeof(err)) == -1)
				fatal(1, "%s", err);
			v->net.on_datagram = record_datagram;
			v->net.datagram_arg = &v->rec;
		}
		if (v->o.play != NULL) {
			now = net_now();
			if (play_file(v->o.play, &v->net, v->h, now, &v->played,
			    &v->play_bad, err, sizeof(err)) == -1)
				fatal(1, "%s", err);
			/* Replay it from its start, at its pace. */
			if (history_count(v->h) > 0)
				timeline_jump(&v->tl, now,
				    history_stamp(v->h, v->h->tail));
			v->rate_records = v->net.c[NET_RECORDS];
		}
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
	/* Sound from the HUD's tile only. */
	if (!wall_is_single(&v->o.wall.tile) && !wall_hud_here(&v->o.wall))
		v->o.ctl.mute = true;
	if (v->have_net) {
		v->ctl = control_new(&v->o.ctl, shaders, v->hud != NULL ?
		    v->o.font : NULL, v->o.font_px, v->h->cap, v->info);
		render_set_extras(v->render, control_skydome(v->ctl),
		    control_models(v->ctl));
		if ((v->gwb = gwboard_new(shaders, err, sizeof(err))) == NULL)
			log_warn("no gateway board: %s", err);
	}
	boardctl_attach(v->bc, v->render, &v->scene, v->hud,
	    v->ctl != NULL ? control_models(v->ctl) : NULL);
	camera_set_ring(&v->cam, boards_layout(boardctl_boards(v->bc))->n,
	    boards_layout(boardctl_boards(v->bc))->radius);
	camera_view(&v->cam, (enum camera_view)v->o.view);

	if (v->o.globe) {
		if (!globe_ready(v, shaders))
			fatal(1, "--globe: the globe cannot be drawn");
		globe_switch(v, true, net_now());
	}

	if (v->o.benchmark > 0) {
		printf("renderer: %s, %dx%d, occlusion %s\n", gl_renderer(),
		    v->cam.w, v->cam.h, v->o.occlusion ? "on" : "off");
		now = net_now();
		bench_fill(v, now);
		timeline_pause_at(&v->tl, now, now);
		v->in.autorotate = true;
	}
	wall_init(v);
	if (v->have_net) {
		fprintf(v->info, "listening on port %u\n", v->net.port);
		fflush(v->info);
	}
	v->prev = v->rate_at = net_now();
}

/* The exit conditions: the frame that meets one is drawn a few times more. */
static void
check_exit(struct viewer *v, int64_t now)
{
	/* --exit-after-records: freeze on the Nth record + offset. */
	if (v->o.exit_records > 0 && !v->frozen &&
	    v->net.c[NET_RECORDS] >= v->o.exit_records) {
		uint64_t seq = v->o.exit_records - 1;
		int64_t target;

		if (!history_has(v->h, seq))
			seq = v->h->tail;
		target = history_stamp(v->h, seq) + v->o.record_offset_ms * MS;
		if (now >= target) {
			timeline_pause_at(&v->tl, now, target);
			v->frozen = true;
			input_inject(v->win, v->o.inject, v->o.ninject);
			v->final_frames = FINAL_FRAMES;
		}
	}
	/* --inject-after-records: the events, once, nothing else. */
	if (v->o.wall.inject_records > 0 && !v->injected &&
	    v->net.c[NET_RECORDS] >= v->o.wall.inject_records) {
		v->injected = true;
		input_inject(v->win, v->o.inject, v->o.ninject);
	}
	/* --exit-after-messages: all handled, the sounds over. */
	if (!v->msgs_done && control_done(v->ctl, now)) {
		v->msgs_done = true;
		input_inject(v->win, v->o.inject, v->o.ninject);
		v->final_frames = FINAL_FRAMES;
	}
}

/* Is this the last frame? */
static void
check_last(struct viewer *v, int64_t now)
{
	if (v->in.quit || sig_take(PSIG_STOP))
		v->last = true;
	if (v->o.exit_after > 0 &&
	    (double)(now - v->start) / 1e9 >= v->o.exit_after) {
		v->last = true;
		if (v->o.exit_records > 0 && !v->frozen) {
			log_err("--exit-after-records: %" PRIu64 " of %" PRIu64
			    " records arrived", v->have_net ?
			    v->net.c[NET_RECORDS] : 0, v->o.exit_records);
			v->exit_status = 1;
		}
		if (v->o.ctl.exit_messages > 0 && !v->msgs_done) {
			log_err("--exit-after-messages: not all %" PRIu64
			    " messages handled and played",
			    v->o.ctl.exit_messages);
			v->exit_status = 1;
		}
	}
	/* The last frames wait for bridge names being resolved. */
	if (v->final_frames > 0 && (v->final_frames > 1 || v->resolving == 0) &&
	    --v->final_frames == 0)
		v->last = true;
	if (v->o.benchmark > 0 &&
	    v->bench_frames + 1 >= BENCH_WARMUP + v->o.bench_frames)
		v->last = true;
}

/* Window events and the keys and pointer through input.c. */
static void
handle_events(struct viewer *v, int64_t now)
{
	SDL_Event ev;
	bool take = false;

	while (SDL_PollEvent(&ev)) {
		if (ev.type == SDL_WINDOWEVENT &&
		    ev.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
			int w, h;

			SDL_GL_GetDrawableSize(v->win, &w, &h);
			camera_resize(&v->cam, w, h);
		}
		/* The wall: a follower's keys, the kiosk's locks. */
		if (!kiosk_event(&v->kiosk, &ev, now, v->following, &take)) {
			if (v->kiosk.note != NULL) {
				note(v, now, "%s", v->kiosk.note);
				log_info("%s", v->kiosk.note);
			}
			continue;
		}
		input_event(&v->in, &ev, &v->cam, &v->tl, now);
	}
	if (v->kiosk.quit)
		v->in.quit = true;
	if (take && v->have_sync) {
		sync_take_lead(&v->ws.st);
		v->ws.c[WS_TAKEN]++;
		v->following = false;
		note(v, now, "wall: this tile leads now");
		log_info("wall sync: took the lead (term %" PRIu32 ")",
		    v->ws.st.term);
	}
	input_frame(&v->in, &v->cam, &v->tl, now, (double)(now - v->prev) /
	    1e9);
	v->prev = now;
	control_keys(v->ctl, v->in.mute, v->in.panel, v->in.volume, now);
	v->in.mute = v->in.panel = false;
	v->in.volume = 0;
	if (v->in.toggle_fullscreen) {
		wall_fullscreen(v);
		v->in.toggle_fullscreen = false;
	}
}

/*
 * Update: the network into the history, input, the display time, the scene
 * at that time (pure), the selection, a traceback asked for.
 */
static void
viewer_update(struct viewer *v, int64_t now)
{
	/* Frame time: from the second frame on (the first compiles). */
	if (v->c[V_FRAMES] >= 2) {
		uint64_t ms = (uint64_t)(now - v->last_frame + MS - 1) / MS;

		if (ms > v->c[V_FRAME_MS_MAX])
			v->c[V_FRAME_MS_MAX] = ms;
	}
	v->last_frame = now;
	if (v->have_net)
		net_poll(&v->net, v->h, NET_BUDGET);
	check_exit(v, now);
	handle_events(v, now);
	/* The globe: the wheel stops short of the ground. */
	if (v->globe_on && v->cam.dist < GLOBE_MIN_DIST)
		v->cam.dist = GLOBE_MIN_DIST;
	check_last(v, now);
	if (v->in.reset_counters || sig_take(PSIG_USR2)) {
		reset_counters(v, now);
		v->in.reset_counters = false;
	}
	if (v->in.globe_toggle) {
		globe_switch(v, !v->globe_on, now);
		v->in.globe_toggle = false;
	}
	if (v->in.speed_note) {
		note(v, now, "+: x%g applies to replay (S, B, Backspace, the "
		    "scrubber); live stays live", v->tl.speed);
		v->in.speed_note = false;
	}
	if (v->in.scrub_req) {
		timeline_jump(&v->tl, now, scrub_time_at(&v->scrub,
		    scrubbar_frac(&v->bar, (float)v->in.scrub_x *
		    scale_x(v))));
		v->in.scrub_req = false;
	}
	if (history_count(v->h) > 0)
		timebase_prune(&v->tb, history_stamp(v->h, v->h->tail));

	timeline_tick(&v->tl, now);
	scene_update(&v->scene, v->h, wall_follow(v, now,
	    timeline_time(&v->tl, now)));
	{
		float px, py, cx, cy;

		to_pixels(v, v->in.mx, v->in.my, &px, &py);
		to_pixels(v, v->in.click_x, v->in.click_y, &cx, &cy);
		boardctl_update(v->bc, v->h, &v->cam, &v->in.boards,
		    &v->in.click, (int)cx, (int)cy, px, py, v->in.mouse_in,
		    now);
	}
	if (v->following) {
		/* The leader's selection: wall_follow() set it. */
		v->in.click = v->in.traceback = false;
		return;
	}
	if (v->in.click) {
		v->scene.pinned = pick_at(v, v->in.click_x, v->in.click_y);
		v->in.click = false;
	}
	if (!v->in.mouse_in || v->in.ldown || v->in.rdown) {
		v->scene.hover = v->scene.chosen = SCENE_NONE;
		v->picks.n = v->picks.total = 0;
	} else if (scene_in_flight(&v->scene) < PICK_BIG ||
	    now >= v->pick_due) {
		pick_all_at(v, v->in.mx, v->in.my);
		v->pick_due = now + PICK_EVERY_BIG;
	}
	if (v->in.cycle != 0) {
		scene_hover_next(&v->scene, &v->picks, v->in.cycle);
		v->in.cycle = 0;
	}
	if (v->resolving > 0)
		resolve_traces(v, now);
	if (v->in.traceback) {
		do_traceback(v, now);
		v->in.traceback = false;
	}
	wall_lead(v, now);
}

/* The wall's line, top right of every tile that has something to say. */
static void
wall_hud(struct viewer *v, int64_t now)
{
	const char *s = wall_status(v, now);
	float w, lh;

	if (s == NULL)
		return;
	w = hud_text_width(v->hud, s, strlen(s));
	lh = (float)hud_line_height(v->hud);
	hud_rect(v->hud, (float)v->cam.w - w - 20, 0, w + 20, lh + 14,
	    0x000000a0u);
	hud_text(v->hud, (float)v->cam.w - w - 10, 8, 0xffc060ffu, s,
	    strlen(s));
}

/* The lines of seq's box. */
static void
ball_lines(struct viewer *v, uint64_t seq, struct ballinfo *bi, bool hover)
{
	struct ballinfo_in in;
	const char *desc;
	size_t dlen;
	int64_t t;

	memset(&in, 0, sizeof(in));
	if ((in.line = history_line(v->h, seq, &in.len)) == NULL) {
		bi->n = 0;
		return;
	}
	desc = history_desc(v->h, seq, &dlen);
	in.desc_off = (size_t)(desc - in.line);
	in.flag = history_ball(v->h, seq)->flag;
	in.capture_us = capture_us(v, seq);
	in.arrival_us = wall_us(v, history_stamp(v->h, seq));
	t = in.capture_us != PT_TIME_NONE ? in.capture_us : in.arrival_us;
	in.tz_offset_s = tz_offset(t);
	in.utc = show_utc(v);
	in.trace = trace_of_record(v->traces, seq);
	if (hover) {
		in.under = v->picks.total;
		in.index = scene_hover_index(&v->scene, &v->picks);
	}
	ballinfo_make(bi, &in);
	/* The globe: where its ends are, when anyone knows. */
	if (bi->n < BI_MAX_LINES && globe_places_line(globe_ends(v->places,
	    seq), bi->line[bi->n], sizeof(bi->line[bi->n])) > 0)
		bi->kind[bi->n++] = BI_TEXT;
}

/* The boxes of the hovered and pinned balls, the markers, the trace log. */
static void
draw_boxes(struct viewer *v)
{
	struct ballinfo bi;
	float px, py;
	int64_t now_us;

	/* The markers stand at board positions: not on the globe (yet). */
	if (!v->globe_on)
		infobox_markers(v->hud, &v->cam, &v->scene, v->h, v->traces);
	v->hover_box.shown = v->pin_box.shown = v->log_box.shown = false;
	if (v->scene.pinned != SCENE_NONE) {
		ball_lines(v, v->scene.pinned, &bi, false);
		infobox_draw(v->hud, v->cam.w, v->cam.h, &bi, "pinned",
		    IB_CORNER, 0, 0, &v->pin_box);
	}
	if (v->scene.hover != SCENE_NONE &&
	    v->scene.hover != v->scene.pinned) {
		ball_lines(v, v->scene.hover, &bi, true);
		to_pixels(v, v->in.mx, v->in.my, &px, &py);
		infobox_draw(v->hud, v->cam.w, v->cam.h, &bi, "pointer",
		    IB_NEAR, px, py, &v->hover_box);
	}
	if (v->in.tracelog) {
		now_us = wall_us(v, net_now());
		infobox_tracelog(v->hud, v->cam.w, v->cam.h, v->traces,
		    tz_offset(now_us), show_utc(v), &v->log_box);
	}
}

/*
 * Draw: the control messages due (within a budget), the scene, the HUD, the
 * panel; export; swap, with at most one frame queued.
 */
static void
viewer_draw(struct viewer *v, int64_t now)
{
	struct hud_info hi;

	control_frame(v->ctl, now);
	if (v->hud != NULL) {
		int64_t t0, t1;

		scrubbar_layout(&v->bar, v->cam.w, v->cam.h,
		    hud_line_height(v->hud));
		scrub_range(v->h, now, &t0, &t1);
		scrub_build(&v->scrub, v->h, t0, t1, scrubbar_bins(&v->bar));
		v->in.scrub_top = (int)(v->bar.y / scale_y(v));
	}
	boardctl_prepare(v->bc, v->h);
	render_upload(v->render, v->h);
	if (v->globe_on) {
		globe_gl_upload(v->globe, v->h, v->places);
		globe_gl_frame(v->globe, &v->cam, &v->scene, v->h,
		    v->ctl != NULL ? control_skydome(v->ctl) : NULL);
	} else {
		render_frame(v->render, &v->cam, &v->scene, v->h);
		gwboard_draw(v->gwb, &v->cam, &v->gw, v->scene.t,
		    v->scene.flight);
	}
	if (v->hud != NULL) {
		fill_hud(v, &hi, now);
		hud_begin(v->hud, v->cam.w, v->cam.h);
		boardctl_draw(v->bc, v->hud, &v->cam, v->h, &v->in.boards,
		    !v->globe_on, now);
		/* On a wall, the HUD and the panels on their tile only. */
		if (v->hud_here) {
			hud_overlay(v->hud, &hi);
			scrubbar_draw(v->hud, &v->bar, &v->scrub, &v->tb,
			    v->scene.t, now, v->o.utc);
			draw_boxes(v);
		}
		wall_hud(v, now);
		hud_end(v->hud);
	}
	if (v->hud_here)
		control_draw(v->ctl, v->cam.w, v->cam.h, now);
	export_frame(&v->ex, v->cam.w, v->cam.h);
	if (v->last && v->o.screenshot != NULL)
		export_png(&v->ex, v->cam.w, v->cam.h, v->o.screenshot);
	SDL_GL_SwapWindow(v->win);
	render_throttle(v->render);
	v->c[V_FRAMES]++;
	if (v->o.benchmark > 0 && ++v->bench_frames == BENCH_WARMUP) {
		render_finish();
		v->bench_start = net_now();
	}
}

/* The HUD's rates, twice a second; then wait for the next frame's time. */
static void
viewer_pace(struct viewer *v, int64_t frame_start)
{
	int64_t now = net_now(), deadline;

	v->rate_frames++;
	if (now - v->rate_at >= SEC / 2) {
		uint64_t recs = v->have_net ? v->net.c[NET_RECORDS] : 0;

		v->fps = (double)v->rate_frames * 1e9 /
		    (double)(now - v->rate_at);
		v->rate = (double)(recs - v->rate_records) * 1e9 /
		    (double)(now - v->rate_at);
		v->rate_records = recs;
		v->rate_frames = 0;
		v->rate_at = now;
	}
	/* Read the network while waiting. */
	if (v->o.benchmark > 0 || v->o.fps_max == 0)
		return;
	deadline = frame_start + SEC / v->o.fps_max;
	while ((now = net_now()) < deadline) {
		int ms = (int)((deadline - now + MS - 1) / MS);

		if (net_wait(&v->net, ms) > 0)
			net_poll(&v->net, v->h, deadline - net_now());
	}
}

/* The benchmark's figure, --stats, --dump-records; everything closed. */
static int
viewer_finish(struct viewer *v)
{
	int64_t now;

	if (v->o.benchmark > 0) {
		render_finish();
		now = net_now();
		printf("%" PRIu64 " balls: %.1f fps\n", v->o.benchmark,
		    (double)v->o.bench_frames * 1e9 /
		    (double)(now - v->bench_start));
	}
	if (v->o.stats)
		print_stats(v->info, v);
	if (v->o.dump != NULL)
		dump_records(v, v->o.dump);
	record_close(&v->rec);
	export_close(&v->ex);

	control_free(v->ctl);
	gwboard_free(v->gwb);
	globe_gl_free(v->globe);
	hud_free(v->hud);
	render_free(v->render);
	SDL_GL_DeleteContext(v->gl);
	SDL_DestroyWindow(v->win);
	IMG_Quit();
	TTF_Quit();
	SDL_Quit();
	if (v->have_net)
		net_close(&v->net);
	resolver_free(v->resolver);
	trace_free(v->traces);
	globe_places_free(v->places);
	if (v->trace_log != NULL && fclose(v->trace_log) != 0)
		log_errno(LOG_LVL_WARN, errno, "--trace-log");
	if (v->have_sync)
		sync_close(&v->ws);
	history_free(v->h);
	boardctl_free(v->bc);
	gateways_free(&v->gw);
	auth_verifier_free(v->o.auth);
	return v->exit_status;
}

int
main(int argc, char **argv)
{
	static struct viewer vw;
	struct viewer *v = &vw;
	int64_t frame_start;

	viewer_init(v, argc, argv);
	for (;;) {
		frame_start = net_now();
		viewer_update(v, frame_start);
		viewer_draw(v, frame_start);
		if (sig_take(PSIG_USR1))
			print_stats(stderr, v);
		record_flush(&v->rec);
		if (v->last)
			break;
		viewer_pace(v, frame_start);
	}
	return viewer_finish(v);
}
