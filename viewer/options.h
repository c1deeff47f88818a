/*
 * options.h - packter-viewer's command line (packter-viewer(1)).
 *
 * Parsing exits with status 2 and a one-line message on a bad value (progs'
 * cli_num() and cli_real()); --help and --version exit 0.
 */
#ifndef PACKTER_VIEWER_OPTIONS_H
#define PACKTER_VIEWER_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acl.h"
#include "auth.h"
#include "boardctl.h"
#include "control.h"
#include "input.h"
#include "kiosk.h"

#define OPTIONS_MAX_INJECT	32

struct options {
	const char	*bind;
	uint16_t	 port;
	size_t		 history;
	int64_t		 flight_ms;
	int		 w, h;
	bool		 fullscreen;
	const char	*font;
	int		 font_px;
	bool		 font_px_set;		/* else it follows the screen */
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
	bool		 utc;			/* --utc */
	const char	*record;		/* --record FILE */
	const char	*play;			/* --play FILE */
	const char	*trace_log;		/* --trace-log */
	struct control_opts ctl;		/* --media and the like */
	struct boardctl_opts boards;		/* --range, --filter ... */
	uint8_t		 given[0x400];		/* by option value */
	struct wall_opts wall;			/* --wall, --lead, --kiosk ... */
	/* The globe (--globe, --globe-view LAT,LON; E switches). */
	bool		 globe;
	bool		 globe_view;		/* globe_lat/lon given */
	float		 globe_lat, globe_lon;
	struct inject	 inject[OPTIONS_MAX_INJECT];
	int		 ninject;
};

/* Fill o from the command line, defaults first. */
void	options_parse(int argc, char **argv, struct options *o);
/* Whether the long option of that name was on the command line. */
bool	options_given(const struct options *o, const char *name);

#endif /* PACKTER_VIEWER_OPTIONS_H */
