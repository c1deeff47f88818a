/*
 * boardctl.c - the boards' options, configuration files and keys, and the
 * records from the network into boards.c (see boardctl.h).
 */
#include "config.h"
#include "boardctl.h"

#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "boardsui.h"
#include "cli.h"
#include "conf.h"
#include "errbuf.h"
#include "hud.h"
#include "log.h"
#include "model.h"
#include "options.h"
#include "protocol.h"
#include "render.h"

#define MS			1000000LL
#define SEC			1000000000LL
#define REMAP_BUDGET		20000	/* records a frame, about 6 ms */
#define ZOOM_DEPTH		32
#define NOTE_NS			(4 * SEC)
#define TALKERS_EVERY		(500 * MS)
#define TALKERS_READ		100000
#define MARKS_EVERY		(500 * MS)
#define SYSTEM_CONF		"/etc/packter/viewer.conf"

/* The settings, one bit each. */
enum {
	BC_SRC_RANGE = 1 << 0, BC_DST_RANGE = 1 << 1, BC_SRC_PORTS = 1 << 2,
	BC_DST_PORTS = 1 << 3, BC_SRC_SCALE = 1 << 4, BC_DST_SCALE = 1 << 5,
	BC_FAMILIES = 1 << 6, BC_OUTSIDE = 1 << 7, BC_FILTER = 1 << 8,
	BC_FMODE = 1 << 9, BC_NBOARDS = 1 << 10, BC_RULES = 1 << 11,
	BC_PALETTE = 1 << 12, BC_BG = 1 << 13, BC_BALL = 1 << 14,
	BC_TALKERS = 1 << 15, BC_FLIGHT = 1 << 16, BC_FONT = 1 << 17,
	BC_MEDIA = 1 << 18, BC_MSGSEC = 1 << 19, BC_MAXSE = 1 << 20,
	BC_REF = 1 << 21
};

struct boardctl {
	struct boardctl_opts *opts;
	struct options	*o;
	struct boards	*b;
	struct bc_settings eff;		/* in force */
	struct render	*render;
	struct scene	*scene;
	struct hud	*hud;
	/* Zoom: the maps before each step in. */
	struct boardmap	 zoom[ZOOM_DEPTH];
	int		 zooms;
	/* News for the screen, and until when. */
	char		 note[256];
	int64_t		 note_until;
	/* The top talkers (K). */
	struct topn	*topn;
	struct topn_result talk;
	bool		 talk_on;
	int64_t		 talk_due;
	/* The hovered board and its busiest ports. */
	int		 hover_board;
	float		 hover_u, hover_v;
	struct topn_result marks_res;
	struct hud_port_marks marks;
	int64_t		 marks_due;
	size_t		 marks_cap;	/* the history's, for marks_keep() */
	struct boardsui	 ui;
	uint32_t	 models[MODELS_MAX];
	int		 nmodels;
	uint64_t	 reloads, reload_warnings;
	FILE		*report;
};

static volatile sig_atomic_t got_hup;

static void
on_hup(int sig)
{
	(void)sig;
	got_hup = 1;
}

/* --- settings ------------------------------------------------------------------ */

static void
defaults(struct bc_settings *s)
{
	memset(s, 0, sizeof(*s));
	bm_init(&s->map);
	s->fmode = BF_HIDE;
	s->nboards = 2;
	s->palette = PALETTE_REFERENCE;
	s->bg = (uint32_t)(RENDER_BG_R * 255.0f + 0.5f) << 16 |
	    (uint32_t)(RENDER_BG_G * 255.0f + 0.5f) << 8 |
	    (uint32_t)(RENDER_BG_B * 255.0f + 0.5f);
	s->ball_size = 1.0;
	s->talkers_s = 10.0;
}

static int
parse_number(const char *v, double lo, double hi, double *out)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(v, &end);
	if (end == v || *end != '\0' || errno != 0 || !(d >= lo && d <= hi))
		return -1;
	*out = d;
	return 0;
}

/* "#RRGGBB", "RRGGBB", "R,G,B" (0-255) or "R,G,B" of fractions. */
static int
parse_colour(const char *v, uint32_t *rgb)
{
	double c[3];
	char buf[64], *p, *q;
	int i, frac = 0;

	if (v[0] == '#')
		v++;
	if (strlen(v) == 6 && strspn(v, "0123456789abcdefABCDEF") == 6) {
		*rgb = (uint32_t)strtoul(v, NULL, 16);
		return 0;
	}
	if (strlen(v) >= sizeof(buf))
		return -1;
	memcpy(buf, v, strlen(v) + 1);
	p = buf;
	for (i = 0; i < 3; i++) {
		if ((q = strchr(p, ',')) != NULL)
			*q = '\0';
		else if (i < 2)
			return -1;
		while (*p == ' ')
			p++;
		if (parse_number(p, 0, 255, &c[i]) == -1)
			return -1;
		if (strchr(p, '.') != NULL)
			frac = 1;
		p = q != NULL ? q + 1 : p;
	}
	if (q != NULL)
		return -1;
	*rgb = 0;
	for (i = 0; i < 3; i++) {
		double x = frac && c[i] <= 1.0 ? c[i] * 255.0 : c[i];

		if (x > 255)
			return -1;
		*rgb = *rgb << 8 | (uint32_t)(x + 0.5);
	}
	return 0;
}

/*
 * One key: the setting of a file's line or an option.  NULL, or why not
 * (in err).
 */
static const char *
set_key(struct bc_settings *s, const char *key, const char *v, char *err,
    size_t errlen)
{
	struct bm_range r;
	struct bm_ports p;
	enum bm_scale sc;
	double d;
	struct filter *f;
	size_t pos;
	int side;

	side = strncasecmp(key, "src-", 4) == 0 ? 0 :
	    strncasecmp(key, "dst-", 4) == 0 ? 1 : -1;
	if (side >= 0)
		key += 4;
	if (strcasecmp(key, "range") == 0) {
		if (bm_parse_range(v, &r, err, errlen) == -1)
			return err;
		if (side != 1) {
			s->map.side[BM_SRC].addr = r;
			s->given |= BC_SRC_RANGE;
		}
		if (side != 0) {
			s->map.side[BM_DST].addr = r;
			s->given |= BC_DST_RANGE;
		}
	} else if (strcasecmp(key, "ports") == 0) {
		if (bm_parse_ports(v, &p, err, errlen) == -1)
			return err;
		if (side != 1) {
			s->map.side[BM_SRC].port.lo = p.lo;
			s->map.side[BM_SRC].port.hi = p.hi;
			s->given |= BC_SRC_PORTS;
		}
		if (side != 0) {
			s->map.side[BM_DST].port.lo = p.lo;
			s->map.side[BM_DST].port.hi = p.hi;
			s->given |= BC_DST_PORTS;
		}
	} else if (strcasecmp(key, "port-scale") == 0) {
		if (bm_parse_scale(v, &sc, err, errlen) == -1)
			return err;
		if (side != 1) {
			s->map.side[BM_SRC].port.scale = sc;
			s->given |= BC_SRC_SCALE;
		}
		if (side != 0) {
			s->map.side[BM_DST].port.scale = sc;
			s->given |= BC_DST_SCALE;
		}
	} else if (side >= 0) {
		(void)errbuf_fmt(err, errlen, "unknown key");
		return err;
	} else if (strcasecmp(key, "families") == 0) {
		if (bm_parse_families(v, &s->map.families, err, errlen) == -1)
			return err;
		s->given |= BC_FAMILIES;
	} else if (strcasecmp(key, "outside") == 0) {
		if (bm_parse_outside(v, &s->map.outside, err, errlen) == -1)
			return err;
		s->given |= BC_OUTSIDE;
	} else if (strcasecmp(key, "filter") == 0) {
		if ((f = filter_compile(v, err, errlen, &pos)) == NULL) {
			char caret[FILTER_TEXT_MAX * 2 + 8], why[256];

			(void)snprintf(why, sizeof(why), "%s", err);
			(void)errbuf_fmt(err, errlen, "%s\n%s", why,
			    filter_caret(v, pos, caret, sizeof(caret)));
			return err;
		}
		filter_free(f);
		(void)snprintf(s->filter, sizeof(s->filter), "%s", v);
		s->given |= BC_FILTER;
	} else if (strcasecmp(key, "filter-mode") == 0) {
		if (strcmp(v, "hide") == 0)
			s->fmode = BF_HIDE;
		else if (strcmp(v, "highlight") == 0)
			s->fmode = BF_HIGHLIGHT;
		else {
			(void)errbuf_fmt(err, errlen, "\"%s\": expected hide or "
			    "highlight", v);
			return err;
		}
		s->given |= BC_FMODE;
	} else if (strcasecmp(key, "boards") == 0) {
		if (parse_number(v, 2, BOARDS_MAX, &d) == -1 || d != (int)d) {
			(void)errbuf_fmt(err, errlen, "\"%s\": expected 2 to %d",
			    v, BOARDS_MAX);
			return err;
		}
		s->nboards = (int)d;
		s->given |= BC_NBOARDS;
	} else if (strcasecmp(key, "board") == 0) {
		struct boards *tmp = boards_new(1);
		int rc = boards_add_rule(tmp, v, err, errlen);

		boards_free(tmp);
		if (rc == -1)
			return err;
		if (s->nrules == BOARDS_RULES) {
			(void)errbuf_fmt(err, errlen, "at most %d boards rules",
			    BOARDS_RULES);
			return err;
		}
		(void)snprintf(s->rules[s->nrules++], sizeof(s->rules[0]), "%s",
		    v);
		s->given |= BC_RULES;
	} else if (strcasecmp(key, "palette") == 0) {
		if (palette_parse(v, &s->palette, err, errlen) == -1)
			return err;
		s->given |= BC_PALETTE;
	} else if (strcasecmp(key, "background") == 0 ||
	    strcasecmp(key, "BGColor") == 0) {
		if (parse_colour(v, &s->bg) == -1) {
			(void)errbuf_fmt(err, errlen, "\"%s\": expected #RRGGBB "
			    "or R,G,B", v);
			return err;
		}
		s->given |= BC_BG;
	} else if (strcasecmp(key, "ball-size") == 0 ||
	    strcasecmp(key, "Size") == 0) {
		if (parse_number(v, 0.1, 20, &s->ball_size) == -1) {
			(void)errbuf_fmt(err, errlen, "\"%s\": expected a factor "
			    "from 0.1 to 20", v);
			return err;
		}
		s->given |= BC_BALL;
	} else if (strcasecmp(key, "talkers-seconds") == 0) {
		if (parse_number(v, 0.1, 86400, &s->talkers_s) == -1) {
			(void)errbuf_fmt(err, errlen, "\"%s\": expected seconds",
			    v);
			return err;
		}
		s->given |= BC_TALKERS;
	} else if (strcasecmp(key, "flight-ms") == 0) {
		if (parse_number(v, 1, 3600000, &d) == -1) {
			(void)errbuf_fmt(err, errlen, "\"%s\": expected 1 to "
			    "3600000", v);
			return err;
		}
		s->flight_ms = (int64_t)d;
		s->given |= BC_FLIGHT;
	} else if (strcasecmp(key, "font-size") == 0) {
		if (parse_number(v, 6, 96, &d) == -1) {
			(void)errbuf_fmt(err, errlen, "\"%s\": expected 6 to 96",
			    v);
			return err;
		}
		s->font_px = (int)d;
		s->given |= BC_FONT;
	} else if (strcasecmp(key, "media") == 0) {
		if (strlen(v) >= sizeof(s->media) || v[0] == '\0') {
			(void)errbuf_fmt(err, errlen, "a directory, please");
			return err;
		}
		(void)snprintf(s->media, sizeof(s->media), "%s", v);
		s->given |= BC_MEDIA;
	} else if (strcasecmp(key, "message-seconds") == 0 ||
	    strcasecmp(key, "MsgBoxCloseTimeSec") == 0) {
		if (parse_number(v, 0, 86400, &s->message_s) == -1) {
			(void)errbuf_fmt(err, errlen, "\"%s\": expected seconds",
			    v);
			return err;
		}
		s->given |= BC_MSGSEC;
	} else if (strcasecmp(key, "max-effects") == 0 ||
	    strcasecmp(key, "MaxSENum") == 0) {
		if (parse_number(v, 0, 64, &d) == -1) {
			(void)errbuf_fmt(err, errlen, "\"%s\": expected 0 to 64",
			    v);
			return err;
		}
		s->max_effects = (int)d;
		s->given |= BC_MAXSE;
	} else if (strcasecmp(key, "XAxisStart") == 0 ||
	    strcasecmp(key, "XAxisEnd") == 0 ||
	    strcasecmp(key, "YAxisStart") == 0 ||
	    strcasecmp(key, "YAxisEnd") == 0) {
		int k = (key[0] == 'Y' || key[0] == 'y' ? 2 : 0) +
		    (strcasecmp(key + 5, "End") == 0 ? 1 : 0);

		if (strlen(v) >= sizeof(s->ref[0])) {
			(void)errbuf_fmt(err, errlen, "too long");
			return err;
		}
		(void)snprintf(s->ref[k], sizeof(s->ref[k]), "%s", v);
		s->given |= BC_REF;
	} else {
		(void)errbuf_fmt(err, errlen, "unknown key");
		return err;
	}
	return NULL;
}

/* Config.txt's axis keys, once the whole file is read. */
static void
resolve_ref(struct bc_settings *s, void (*warn)(void *, const char *),
    void *arg, const char *path)
{
	char v[160], err[256], msg[512];

	if ((s->given & BC_REF) == 0)
		return;
	if (s->ref[0][0] != '\0' || s->ref[1][0] != '\0') {
		(void)snprintf(v, sizeof(v), "%s-%s", s->ref[0][0] != '\0' ?
		    s->ref[0] : "0.0.0.0", s->ref[1][0] != '\0' ? s->ref[1] :
		    "255.255.255.255");
		if (set_key(s, "range", v, err, sizeof(err)) != NULL) {
			(void)snprintf(msg, sizeof(msg), "%s: XAxisStart, "
			    "XAxisEnd: %s", path, err);
			warn(arg, msg);
		}
	}
	if (s->ref[2][0] != '\0' || s->ref[3][0] != '\0') {
		(void)snprintf(v, sizeof(v), "%s-%s", s->ref[2][0] != '\0' ?
		    s->ref[2] : "0", s->ref[3][0] != '\0' ? s->ref[3] : "65535");
		if (set_key(s, "ports", v, err, sizeof(err)) != NULL) {
			(void)snprintf(msg, sizeof(msg), "%s: YAxisStart, "
			    "YAxisEnd: %s", path, err);
			warn(arg, msg);
		}
	}
}

/* dst = src for the settings src gives. */
static void
take(struct bc_settings *d, const struct bc_settings *s)
{
	uint64_t g = s->given;

	if (g & BC_SRC_RANGE)
		d->map.side[BM_SRC].addr = s->map.side[BM_SRC].addr;
	if (g & BC_DST_RANGE)
		d->map.side[BM_DST].addr = s->map.side[BM_DST].addr;
	if (g & BC_SRC_PORTS) {
		d->map.side[BM_SRC].port.lo = s->map.side[BM_SRC].port.lo;
		d->map.side[BM_SRC].port.hi = s->map.side[BM_SRC].port.hi;
	}
	if (g & BC_DST_PORTS) {
		d->map.side[BM_DST].port.lo = s->map.side[BM_DST].port.lo;
		d->map.side[BM_DST].port.hi = s->map.side[BM_DST].port.hi;
	}
	if (g & BC_SRC_SCALE)
		d->map.side[BM_SRC].port.scale = s->map.side[BM_SRC].port.scale;
	if (g & BC_DST_SCALE)
		d->map.side[BM_DST].port.scale = s->map.side[BM_DST].port.scale;
	if (g & BC_FAMILIES)
		d->map.families = s->map.families;
	if (g & BC_OUTSIDE)
		d->map.outside = s->map.outside;
	if (g & BC_FILTER)
		memcpy(d->filter, s->filter, sizeof(d->filter));
	if (g & BC_FMODE)
		d->fmode = s->fmode;
	if (g & BC_NBOARDS)
		d->nboards = s->nboards;
	if (g & BC_RULES) {
		memcpy(d->rules, s->rules, sizeof(d->rules));
		d->nrules = s->nrules;
	}
	if (g & BC_PALETTE)
		d->palette = s->palette;
	if (g & BC_BG)
		d->bg = s->bg;
	if (g & BC_BALL)
		d->ball_size = s->ball_size;
	if (g & BC_TALKERS)
		d->talkers_s = s->talkers_s;
	if (g & BC_FLIGHT)
		d->flight_ms = s->flight_ms;
	if (g & BC_FONT)
		d->font_px = s->font_px;
	if (g & BC_MEDIA)
		memcpy(d->media, s->media, sizeof(d->media));
	if (g & BC_MSGSEC)
		d->message_s = s->message_s;
	if (g & BC_MAXSE)
		d->max_effects = s->max_effects;
	d->given |= g;
}

/* --- files ---------------------------------------------------------------------- */

struct reading {
	struct bc_settings *s;
	char		 err[512];
	unsigned	 warnings;
};

static const char *
conf_pair(void *arg, const char *section, const char *key, const char *value)
{
	struct reading *rd = arg;

	if (key == NULL) {
		if (section[0] == '\0' || strcasecmp(section, "viewer") == 0 ||
		    strcasecmp(section, "boards") == 0)
			return NULL;
		return "unknown section (expected [viewer] or none)";
	}
	if (strcasecmp(key, "config") == 0)
		return "a file cannot name another";
	return set_key(rd->s, key, value, rd->err, sizeof(rd->err));
}

static void
conf_warn(void *arg, const char *msg)
{
	struct reading *rd = arg;

	rd->warnings++;
	log_warn("%s", msg);
}

static void
ref_warn(void *arg, const char *msg)
{
	conf_warn(arg, msg);
}

/* One file into s; missing is fine unless required.  -1 on a hard error. */
static int
read_file(const char *path, bool required, struct bc_settings *s,
    unsigned *warnings)
{
	struct reading rd;
	char err[1024];

	memset(&rd, 0, sizeof(rd));
	rd.s = s;
	if (!required && access(path, F_OK) == -1 && errno == ENOENT)
		return 0;
	if (conf_read_lenient(path, conf_pair, &rd, conf_warn, &rd, err,
	    sizeof(err)) == -1) {
		log_warn("%s", err);
		(*warnings)++;
		return -1;
	}
	resolve_ref(s, ref_warn, &rd, path);
	*warnings += rd.warnings;
	return 0;
}

/* The files into s (defaults first); -1 when --config could not be read. */
static int
read_files(const char *config, struct bc_settings *s, unsigned *warnings)
{
	struct bc_settings one;
	char path[PATH_MAX];
	const char *home, *xdg;
	int rc = 0;

	defaults(s);
	if (config != NULL) {
		defaults(&one);
		rc = read_file(config, true, &one, warnings);
		take(s, &one);
		return rc;
	}
	defaults(&one);
	(void)read_file(SYSTEM_CONF, false, &one, warnings);
	take(s, &one);
	xdg = getenv("XDG_CONFIG_HOME");
	home = getenv("HOME");
	if (xdg != NULL && xdg[0] != '\0')
		(void)snprintf(path, sizeof(path), "%s/packter/viewer.conf", xdg);
	else if (home != NULL && home[0] != '\0')
		(void)snprintf(path, sizeof(path),
		    "%s/.config/packter/viewer.conf", home);
	else
		return 0;
	defaults(&one);
	(void)read_file(path, false, &one, warnings);
	take(s, &one);
	return 0;
}

/* --- options --------------------------------------------------------------------- */

void
boardctl_opts_init(struct boardctl_opts *bo)
{
	bo->config = NULL;
	defaults(&bo->cli);
}

bool
boardctl_option(struct boardctl_opts *bo, int opt, const char *arg)
{
	static const struct {
		int		 opt;
		const char	*key;
	} keys[] = {
		{ BO_RANGE, "range" }, { BO_SRC_RANGE, "src-range" },
		{ BO_DST_RANGE, "dst-range" }, { BO_PORTS, "ports" },
		{ BO_SRC_PORTS, "src-ports" }, { BO_DST_PORTS, "dst-ports" },
		{ BO_SCALE, "port-scale" }, { BO_SRC_SCALE, "src-port-scale" },
		{ BO_DST_SCALE, "dst-port-scale" }, { BO_FAMILIES, "families" },
		{ BO_OUTSIDE, "outside" }, { BO_FILTER, "filter" },
		{ BO_FILTER_MODE, "filter-mode" }, { BO_BOARDS, "boards" },
		{ BO_BOARD, "board" }, { BO_PALETTE, "palette" },
		{ BO_BACKGROUND, "background" }, { BO_BALL_SIZE, "ball-size" },
		{ BO_TALKERS, "talkers-seconds" },
	};
	char err[FILTER_TEXT_MAX * 3];
	size_t i;

	if (opt == BO_CONFIG) {
		bo->config = arg;
		return true;
	}
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (keys[i].opt == opt) {
			if (set_key(&bo->cli, keys[i].key, arg, err,
			    sizeof(err)) != NULL)
				fatal(2, "--%s: %s", keys[i].key, err);
			return true;
		}
	return false;
}

/* --- applying ---------------------------------------------------------------------- */

static void
note(struct boardctl *bc, int64_t now, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
note(struct boardctl *bc, int64_t now, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(bc->note, sizeof(bc->note), fmt, ap);
	va_end(ap);
	bc->note_until = now + NOTE_NS;
}

static void
apply_colours(struct boardctl *bc)
{
	uint32_t rgb[PALETTE_COLOURS];
	int i;

	for (i = 0; i < PALETTE_COLOURS; i++)
		rgb[i] = palette_rgb(bc->eff.palette, (unsigned)i);
	if (bc->render != NULL) {
		render_set_colours(bc->render, rgb, bc->eff.bg);
		render_set_ball_radius(bc->render, SCENE_BALL_RADIUS *
		    (float)bc->eff.ball_size);
	}
	if (bc->hud != NULL)
		hud_set_legend(bc->hud, rgb, bc->models, bc->nmodels);
}

/* The settings in force into the boards (and what depends on them). */
static void
apply(struct boardctl *bc, const struct bc_settings *old)
{
	const struct bc_settings *s = &bc->eff;
	struct filter *f = NULL;
	char err[512];
	int i;

	if (old == NULL || old->nboards != s->nboards ||
	    old->nrules != s->nrules ||
	    memcmp(old->rules, s->rules, sizeof(s->rules)) != 0) {
		boards_clear_rules(bc->b);
		for (i = 0; i < s->nrules; i++)
			if (boards_add_rule(bc->b, s->rules[i], err,
			    sizeof(err)) == -1)
				log_warn("board rule %s", err);
		if (old == NULL || old->nboards != s->nboards) {
			boards_set_count(bc->b, s->nboards);
			if (bc->render != NULL)
				render_set_boards(bc->render, bc->b);
		}
	}
	if (old == NULL || memcmp(&old->map, &s->map, sizeof(s->map)) != 0) {
		boards_set_map(bc->b, &s->map);
		bc->zooms = 0;
	}
	if (old == NULL || strcmp(old->filter, s->filter) != 0 ||
	    old->fmode != s->fmode) {
		if (s->filter[0] != '\0')
			f = filter_compile(s->filter, err, sizeof(err), NULL);
		boards_set_filter(bc->b, f, s->fmode);
	}
	if (bc->scene != NULL && (s->given & BC_FLIGHT) &&
	    !options_given(bc->o, "flight-ms"))
		bc->scene->flight = s->flight_ms * MS;
	apply_colours(bc);
}

/* The file's settings under the command line's. */
static void
merge(struct boardctl *bc, const struct bc_settings *file)
{
	struct bc_settings eff;

	defaults(&eff);
	take(&eff, file);
	take(&eff, &bc->opts->cli);
	bc->eff = eff;
}

static void
reload(struct boardctl *bc, int64_t now, const char *why)
{
	struct bc_settings file, old = bc->eff;
	unsigned warnings = 0;

	if (read_files(bc->opts->config, &file, &warnings) == -1) {
		note(bc, now, "%s: configuration not read (see the log): "
		    "nothing changed", why);
		if (bc->report != NULL) {
			fprintf(bc->report, "configuration not read (%s)\n",
			    why);
			fflush(bc->report);
		}
		bc->reload_warnings += warnings;
		return;
	}
	merge(bc, &file);
	apply(bc, &old);
	bc->reloads++;
	bc->reload_warnings += warnings;
	if (warnings > 0)
		note(bc, now, "%s: configuration read again, %u line%s "
		    "skipped (see the log)", why, warnings, warnings == 1 ?
		    "" : "s");
	else
		note(bc, now, "%s: configuration read again", why);
	if (bc->report != NULL) {
		fprintf(bc->report, "configuration read again (%s), %u lines "
		    "skipped\n", why, warnings);
		fflush(bc->report);
	}
}

void
boardctl_set_report(struct boardctl *bc, FILE *f)
{
	bc->report = f;
}

struct boardctl *
boardctl_new(struct boardctl_opts *bo, struct options *o, size_t cap)
{
	struct boardctl *bc = xcalloc(1, sizeof(*bc));
	struct bc_settings file;
	struct filter *f = NULL;
	char err[512], caret[FILTER_TEXT_MAX * 2 + 8];
	unsigned warnings = 0;
	size_t pos;

	bc->opts = bo;
	bc->o = o;
	bc->hover_board = -1;
	bc->marks.board = -1;
	if (read_files(bo->config, &file, &warnings) == -1)
		fatal(2, "--config %s: cannot be read", bo->config);
	merge(bc, &file);
	/* The command line's filter was checked; the file's must be too. */
	if (bc->eff.filter[0] != '\0' && (f = filter_compile(bc->eff.filter,
	    err, sizeof(err), &pos)) == NULL)
		fatal(2, "filter: %s\n%s", err, filter_caret(bc->eff.filter,
		    pos, caret, sizeof(caret)));
	else if (bc->eff.filter[0] != '\0')
		filter_free(f);
	/* What is set once, at start, unless the command line said. */
	if ((file.given & BC_FLIGHT) && !options_given(o, "flight-ms")) {
		o->flight_ms = file.flight_ms;
		if (!options_given(o, "record-offset"))
			o->record_offset_ms = o->flight_ms / 2;
	}
	if ((file.given & BC_FONT) && !options_given(o, "font-size"))
		o->font_px = file.font_px;
	if ((file.given & BC_MEDIA) && !options_given(o, "media"))
		o->ctl.media_dir = xstrdup(file.media);
	if ((file.given & BC_MSGSEC) && !options_given(o, "message-seconds"))
		o->ctl.message_ns = (int64_t)(file.message_s * 1e9);
	if ((file.given & BC_MAXSE) && !options_given(o, "max-effects"))
		o->ctl.max_effects = file.max_effects;
	bc->b = boards_new(cap);
	bc->topn = topn_new();
	apply(bc, NULL);
	signal(SIGHUP, on_hup);
	return bc;
}

void
boardctl_free(struct boardctl *bc)
{
	if (bc == NULL)
		return;
	boards_free(bc->b);
	topn_free(bc->topn);
	free(bc);
}

void
boardctl_attach(struct boardctl *bc, struct render *r, struct scene *s,
    struct hud *hud, struct models *m)
{
	if (m != NULL)
		bc->nmodels = models_flags(m, bc->models, MODELS_MAX);
	bc->render = r;
	bc->scene = s;
	bc->hud = hud;
	s->boards = bc->b;
	if (r != NULL)
		render_set_boards(r, bc->b);
	apply_colours(bc);
}

struct boards *
boardctl_boards(struct boardctl *bc)
{
	return bc->b;
}

/* --- records ------------------------------------------------------------------------ */

void
boardctl_record(void *arg, struct history *h, uint64_t seq,
    const struct pt_record *r, const struct pt_parser *ps,
    const struct sockaddr_storage *from)
{
	static const uint8_t mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};
	struct boardctl *bc = arg;
	const uint8_t *a = NULL;
	int family = 0;

	if (from != NULL && from->ss_family == AF_INET) {
		a = (const uint8_t *)&((const struct sockaddr_in *)
		    (const void *)from)->sin_addr;
		family = 4;
	} else if (from != NULL && from->ss_family == AF_INET6) {
		a = (const uint8_t *)&((const struct sockaddr_in6 *)
		    (const void *)from)->sin6_addr;
		family = 6;
		if (memcmp(a, mapped, 12) == 0) {
			a += 12;
			family = 4;
		}
	}
	boards_note(bc->b, h, seq, r, ps->has_auth ? ps->auth.id.p : NULL,
	    ps->has_auth ? ps->auth.id.len : 0, family, a);
}

/* --- frames ------------------------------------------------------------------------- */

/* The board under the pointer, and where on it; -1 if none. */
static int
board_at(const struct boardctl *bc, const struct camera *cam, float px,
    float py, float *u, float *v)
{
	const struct boards_layout *l = boards_layout(bc->b);
	float o[3], d[3], n[3], c[3], denom, t, best = INFINITY, p[3];
	int k, i, hit = -1;

	camera_ray(cam, px, py, o, d);
	for (k = 0; k < l->n; k++) {
		if (k > 0 && (boards_hidden(bc->b) & 1u << k) != 0)
			continue;
		/* The board's normal: its address axis across up. */
		n[0] = -l->eu[k][2];
		n[1] = 0;
		n[2] = l->eu[k][0];
		for (i = 0; i < 3; i++)
			c[i] = l->org[k][i];
		denom = d[0] * n[0] + d[1] * n[1] + d[2] * n[2];
		if (fabsf(denom) < 1e-6f)
			continue;
		t = ((c[0] - o[0]) * n[0] + (c[1] - o[1]) * n[1] +
		    (c[2] - o[2]) * n[2]) / denom;
		if (t <= 0 || t >= best)
			continue;
		for (i = 0; i < 3; i++)
			p[i] = o[i] + d[i] * t - c[i];
		{
			float uu = (p[0] * l->eu[k][0] + p[2] * l->eu[k][2]) /
			    (2.0f * SCENE_BOARD_HALF) + 0.5f;
			float vv = p[1] / (2.0f * SCENE_BOARD_HALF) + 0.5f;

			if (uu < 0 || uu > 1 || vv < 0 || vv > 1)
				continue;
			best = t;
			hit = k;
			*u = uu;
			*v = vv;
		}
	}
	return hit;
}

static void
apply_filter_line(struct boardctl *bc, struct board_keys *k, int64_t now)
{
	struct filter *f = NULL;
	char err[512];
	size_t pos;

	k->line[k->line_len] = '\0';
	if (k->line_len > 0 && (f = filter_compile(k->line, err, sizeof(err),
	    &pos)) == NULL) {
		note(bc, now, "filter refused at column %zu: %s", pos + 1, err);
		k->line_open = true;	/* to be mended */
		return;
	}
	(void)snprintf(bc->eff.filter, sizeof(bc->eff.filter), "%s", k->line);
	boards_set_filter(bc->b, f, bc->eff.fmode);
	note(bc, now, k->line_len > 0 ? "filter set" : "filter off");
}

static void
zoom(struct boardctl *bc, int dir, int64_t now)
{
	struct boardmap m = *boards_map(bc->b);
	enum bm_side side;
	char r[96], p[64];

	if (dir < 0) {
		if (bc->zooms == 0) {
			note(bc, now, "zoom: already out");
			return;
		}
		m = bc->zoom[--bc->zooms];
		boards_set_map(bc->b, &m);
		note(bc, now, "zoom out");
		return;
	}
	if (bc->hover_board < 0) {
		note(bc, now, "zoom: point at a board first");
		return;
	}
	if (bc->zooms == ZOOM_DEPTH) {
		note(bc, now, "zoom: %d steps in already", ZOOM_DEPTH);
		return;
	}
	side = bc->hover_board == 0 ? BM_DST : BM_SRC;
	bc->zoom[bc->zooms] = m;
	if (bm_zoom_range(&m.side[side].addr, m.families, bc->hover_u) == -1 &&
	    bm_zoom_ports(&m.side[side].port, bc->hover_v) == -1) {
		note(bc, now, "zoom: nothing left to halve");
		return;
	}
	(void)bm_zoom_ports(&m.side[side].port, bc->hover_v);
	bc->zooms++;
	boards_set_map(bc->b, &m);
	bm_range_text(&m.side[side].addr, r, sizeof(r));
	bm_ports_text(&m.side[side].port, p, sizeof(p));
	note(bc, now, "zoom: %s %s, ports %s (Shift+Z: back, X: all)",
	    side == BM_DST ? "receiver" : "senders", r, p);
}

static bool
marks_keep(void *arg, uint64_t seq)
{
	struct boardctl *bc = arg;
	uint32_t st;

	st = boards_states(bc->b)[seq % (uint64_t)bc->marks_cap];
	return (st & BS_HIDE) == 0 && (bc->hover_board == 0 ||
	    (int)((st & BS_BOARD) == 0 ? 1 : st & BS_BOARD) == bc->hover_board);
}

void
boardctl_update(struct boardctl *bc, struct history *h, struct camera *cam, struct board_keys *k, bool *click,
    int click_x, int click_y, float px, float py, bool mouse_in, int64_t now)
{
	int kind, i;
	char buf[FILTER_TEXT_MAX];

	if (got_hup) {
		got_hup = 0;
		reload(bc, now, "SIGHUP");
	}
	if (k->reload) {
		k->reload = false;
		reload(bc, now, "Shift+L");
	}
	if (k->line_apply) {
		k->line_apply = false;
		apply_filter_line(bc, k, now);
	}
	if (k->toggle != 0) {
		if (k->toggle >= boards_layout(bc->b)->n)
			note(bc, now, "no sender board %d (--boards %d)",
			    k->toggle, boards_layout(bc->b)->n);
		else {
			boards_toggle(bc->b, k->toggle);
			note(bc, now, "sender board %d %s", k->toggle,
			    boards_hidden(bc->b) & 1u << k->toggle ? "hidden" :
			    "shown");
		}
		k->toggle = 0;
	}
	if (k->highlight) {
		k->highlight = false;
		bc->eff.fmode = bc->eff.fmode == BF_HIDE ? BF_HIGHLIGHT :
		    BF_HIDE;
		boards_set_filter(bc->b, bc->eff.filter[0] != '\0' ?
		    filter_compile(bc->eff.filter, buf, sizeof(buf), NULL) :
		    NULL, bc->eff.fmode);
		note(bc, now, "filter: %s", bc->eff.fmode == BF_HIDE ?
		    "hide what does not match" : "highlight what matches");
	}
	if (cam->ring_n != boards_layout(bc->b)->n) {
		camera_set_ring(cam, boards_layout(bc->b)->n,
		    boards_layout(bc->b)->radius);
		camera_view(cam, CAMERA_HOME);
	}
	bc->hover_board = mouse_in ? board_at(bc, cam, px, py, &bc->hover_u,
	    &bc->hover_v) : -1;
	if (k->zoom != 0) {
		zoom(bc, k->zoom, now);
		k->zoom = 0;
	}
	if (k->zoom_reset) {
		k->zoom_reset = false;
		if (bc->zooms > 0) {
			boards_set_map(bc->b, &bc->zoom[0]);
			bc->zooms = 0;
		}
		note(bc, now, "zoom: the ranges as configured");
	}
	if (k->talkers) {
		k->talkers = false;
		bc->talk_on = !bc->talk_on;
		bc->talk_due = now;
	}
	/* A click on a talker sets the filter. */
	if (bc->talk_on && *click) {
		float cx = (float)click_x, cy = (float)click_y;

		for (kind = 0; kind < TOPN_KINDS; kind++)
			for (i = 0; i < TOPN_ROWS; i++) {
				const float *r = bc->ui.rows[kind][i];

				if (r[2] <= 0 || cx < r[0] || cx >= r[0] + r[2] ||
				    cy < r[1] || cy >= r[1] + r[3])
					continue;
				topn_filter((enum topn_kind)kind,
				    &bc->talk.rows[kind][i], k->line,
				    sizeof(k->line));
				k->line_len = strlen(k->line);
				apply_filter_line(bc, k, now);
				*click = false;
				return;
			}
	}
	if (bc->talk_on && now >= bc->talk_due && bc->scene != NULL) {
		topn_compute(bc->topn, h, bc->scene->t,
		    (int64_t)(bc->eff.talkers_s * 1e9), TALKERS_READ, NULL,
		    NULL, &bc->talk);
		bc->talk_due = now + TALKERS_EVERY;
	}
	/* The hovered board's busiest ports, by name. */
	if (bc->hover_board >= 0 && now >= bc->marks_due &&
	    bc->scene != NULL) {
		int kk = bc->hover_board == 0 ? TOPN_DPORT : TOPN_SPORT;

		bc->marks_cap = h->cap;
		topn_compute(bc->topn, h, bc->scene->t, bc->scene->flight,
		    20000, marks_keep, bc, &bc->marks_res);
		bc->marks.board = bc->hover_board;
		bc->marks.n = 0;
		for (i = 0; i < bc->marks_res.n[kk] && i < HUD_PORT_MARKS; i++)
			bc->marks.port[bc->marks.n++] =
			    (unsigned)strtoul(bc->marks_res.rows[kk][i].key,
			    NULL, 10);
		bc->marks_due = now + MARKS_EVERY;
	} else if (bc->hover_board < 0)
		bc->marks.board = -1;
}

void
boardctl_prepare(struct boardctl *bc, struct history *h)
{
	uint64_t out[2][2], first = 0, end = 0;
	int n, i;

	if (!boards_stale(bc->b, h))
		return;
	if (bc->scene != NULL) {
		first = bc->scene->first;
		end = bc->scene->end;
	}
	n = boards_remap(bc->b, h, first, end, REMAP_BUDGET, out);
	if (bc->render != NULL)
		for (i = 0; i < n; i++)
			render_upload_range(bc->render, h, out[i][0], out[i][1]);
}

void
boardctl_draw(struct boardctl *bc, struct hud *hud, const struct camera *cam,
    const struct history *h, const struct board_keys *k, bool boards_shown,
    int64_t now)
{
	(void)h;
	if (boards_shown)
		hud_board_labels(hud, cam, bc->b, &bc->marks);
	bc->ui.line_open = k->line_open;
	bc->ui.line = k->line;
	bc->ui.line_len = k->line_len;
	bc->ui.filter = bc->eff.filter;
	bc->ui.highlight = bc->eff.fmode == BF_HIGHLIGHT;
	bc->ui.note = now < bc->note_until ? bc->note : NULL;
	bc->ui.talkers = bc->talk_on ? &bc->talk : NULL;
	boardsui_draw(hud, cam, &bc->ui);
}

void
boardctl_print(struct boardctl *bc, FILE *f)
{
	const struct boardmap *m = boards_map(bc->b);
	char r[96], p[64];
	int s;

	for (s = 0; s < 2; s++) {
		bm_range_text(&m->side[s].addr, r, sizeof(r));
		bm_ports_text(&m->side[s].port, p, sizeof(p));
		fprintf(f, "board %s: %s ports %s\n", s == 0 ? "senders" :
		    "receiver", r, p);
	}
	fprintf(f, "boards: %d, filter: %s (%s), palette %s\n",
	    boards_layout(bc->b)->n, bc->eff.filter[0] != '\0' ?
	    bc->eff.filter : "none", bc->eff.fmode == BF_HIDE ? "hide" :
	    "highlight", palette_name(bc->eff.palette));
	fprintf(f, "configuration: %llu reloads, %llu lines skipped\n",
	    (unsigned long long)bc->reloads,
	    (unsigned long long)bc->reload_warnings);
}
