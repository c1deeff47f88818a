/*
 * boardctl.h - the boards' edge: their options, the configuration file
 * (read at start, again on SIGHUP and on L), the keys of boardkeys.h, the
 * records from net.c into boards.c, remapping and uploading after a change.
 *
 * Settings come from three places, the later winning key by key: the
 * defaults, the configuration file(s), the command line.  The files:
 * --config FILE alone, or else /etc/packter/viewer.conf and then
 * $XDG_CONFIG_HOME/packter/viewer.conf (~/.config/...), either may be
 * missing.  A bad line of a file is reported with file:line and skipped;
 * a bad value on the command line is fatal (status 2).
 */
#ifndef PACKTER_VIEWER_BOARDCTL_H
#define PACKTER_VIEWER_BOARDCTL_H

#include <SDL.h>
#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "auth.h"
#include "boardkeys.h"
#include "boards.h"
#include "camera.h"
#include "history.h"
#include "palette.h"
#include "scene.h"
#include "topn.h"

struct options;
struct render;
struct hud;
struct models;
struct pt_parser;
struct sockaddr_storage;

/* What a configuration file or the command line may set. */
struct bc_settings {
	struct boardmap	 map;
	char		 filter[FILTER_TEXT_MAX + 1];
	enum boards_filter_mode fmode;
	int		 nboards;
	char		 rules[BOARDS_RULES][AUTH_ID_MAX + 64];
	int		 nrules;
	enum palette	 palette;
	uint32_t	 bg;		/* 0xRRGGBB */
	double		 ball_size;	/* times the default */
	double		 talkers_s;	/* the top talkers' span */
	/* Applied at start, unless given on the command line. */
	int64_t		 flight_ms;
	int		 font_px;
	char		 media[1024];
	double		 message_s;
	int		 max_effects;
	/* Config.txt's XAxisStart ... as given, resolved after the file. */
	char		 ref[4][64];
	uint64_t	 given;		/* BC_ bits of what was set */
};

/* Long options, numbered apart from options.c's and control.c's. */
enum {
	BO_CONFIG = 0x300, BO_RANGE, BO_SRC_RANGE, BO_DST_RANGE, BO_PORTS,
	BO_SRC_PORTS, BO_DST_PORTS, BO_SCALE, BO_SRC_SCALE, BO_DST_SCALE,
	BO_FAMILIES, BO_OUTSIDE, BO_FILTER, BO_FILTER_MODE, BO_BOARDS,
	BO_BOARD, BO_PALETTE, BO_BACKGROUND, BO_BALL_SIZE, BO_TALKERS
};

#define BOARDCTL_LONG_OPTIONS						\
	{ "config", required_argument, NULL, BO_CONFIG },		\
	{ "range", required_argument, NULL, BO_RANGE },			\
	{ "src-range", required_argument, NULL, BO_SRC_RANGE },		\
	{ "dst-range", required_argument, NULL, BO_DST_RANGE },		\
	{ "ports", required_argument, NULL, BO_PORTS },			\
	{ "src-ports", required_argument, NULL, BO_SRC_PORTS },		\
	{ "dst-ports", required_argument, NULL, BO_DST_PORTS },		\
	{ "port-scale", required_argument, NULL, BO_SCALE },		\
	{ "src-port-scale", required_argument, NULL, BO_SRC_SCALE },	\
	{ "dst-port-scale", required_argument, NULL, BO_DST_SCALE },	\
	{ "families", required_argument, NULL, BO_FAMILIES },		\
	{ "outside", required_argument, NULL, BO_OUTSIDE },		\
	{ "filter", required_argument, NULL, BO_FILTER },		\
	{ "filter-mode", required_argument, NULL, BO_FILTER_MODE },	\
	{ "boards", required_argument, NULL, BO_BOARDS },		\
	{ "board", required_argument, NULL, BO_BOARD },			\
	{ "palette", required_argument, NULL, BO_PALETTE },		\
	{ "background", required_argument, NULL, BO_BACKGROUND },	\
	{ "ball-size", required_argument, NULL, BO_BALL_SIZE },		\
	{ "talkers-seconds", required_argument, NULL, BO_TALKERS }

#define BOARDCTL_USAGE							\
"           [--config FILE] [--range CIDR] [--src-range CIDR] [--dst-range CIDR]\n" \
"           [--ports LO-HI] [--src-ports LO-HI] [--dst-ports LO-HI]\n"	\
"           [--port-scale linear|log|services] [--src-port-scale S]\n"	\
"           [--dst-port-scale S] [--families one|split]\n"		\
"           [--outside edge|dim|hide] [--filter EXPR]\n"		\
"           [--filter-mode hide|highlight] [--boards N]\n"		\
"           [--board ID|CIDR=INDEX ...] [--palette reference|cb]\n"	\
"           [--background #RRGGBB] [--ball-size X] [--talkers-seconds S]\n"

struct boardctl_opts {
	const char	*config;	/* --config */
	struct bc_settings cli;
};

void	boardctl_opts_init(struct boardctl_opts *);
/* One of our options: true when taken; a bad value is fatal (status 2). */
bool	boardctl_option(struct boardctl_opts *, int opt, const char *arg);

struct boardctl;

/*
 * After options_parse(): read the configuration, apply what it says to o
 * (flight time, font size, media ... unless given on the command line),
 * build the boards for a history of cap records.  Exits with status 2 on
 * a bad filter or an unreadable --config.
 */
struct boardctl	*boardctl_new(struct boardctl_opts *, struct options *o,
		    size_t cap);
void		 boardctl_free(struct boardctl *);

/*
 * Once the renderer, the scene and the HUD exist (hud may be NULL); the
 * models, for the legend (NULL: none).
 */
void		 boardctl_attach(struct boardctl *, struct render *,
		    struct scene *, struct hud *, struct models *);
struct boards	*boardctl_boards(struct boardctl *);

/* net.c's hook: each record as it enters the history. */
void		 boardctl_record(void *arg, struct history *, uint64_t seq,
		    const struct pt_record *, const struct pt_parser *,
		    const struct sockaddr_storage *from);

/*
 * Update: a reload asked for (SIGHUP, L), the keys, a click on the top
 * talkers (taken: *click becomes false).  Pointer at window pixels
 * (px, py), on the window when mouse_in.
 */
void		 boardctl_update(struct boardctl *, struct history *,
		    struct camera *, struct board_keys *, bool *click,
		    int click_x, int click_y, float px, float py,
		    bool mouse_in, int64_t now);
/* Draw, before the renderer: remap and upload what changed. */
void		 boardctl_prepare(struct boardctl *, struct history *);
/*
 * Draw, with the HUD: labels and captions (when the boards are shown, not
 * the globe), the filter line, the talkers.
 */
void		 boardctl_draw(struct boardctl *, struct hud *,
		    const struct camera *, const struct history *,
		    const struct board_keys *, bool boards_shown, int64_t now);

/* Where to say that the configuration was read again (NULL: nowhere). */
void		 boardctl_set_report(struct boardctl *, FILE *);
/* For --stats: the boards' settings and counters. */
void		 boardctl_print(struct boardctl *, FILE *);

#endif /* PACKTER_VIEWER_BOARDCTL_H */
